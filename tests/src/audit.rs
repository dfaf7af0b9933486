//! What every screen must be on a phone and for everyone, checked inside the real webview: it
//! fits the width, every tap target is at least 44 × 44 CSS px, fields use at least 16 px text,
//! and axe-core (the WCAG rules, run in the page) finds nothing serious or critical.
//!
//! Each audited screen's axe result is written to `<target>/audit/<name>.txt` (every violation
//! with its impact and where), so a run can be reported without re-running it.

use fantoccini::Client;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// The two phone sizes every screen is checked at (CSS px): a large and a small current phone.
pub const PHONES: [(u32, u32); 2] = [(390, 844), (360, 800)];

/// The smallest tap target, as Apple's guidelines and WCAG 2.5.5 give it.
const TAP: f64 = 44.0;

/// Finds every visible control that is smaller than [`TAP`] (a checkbox or radio button counts
/// with the label around it, which toggles it too; a link inside a sentence is exempt, as WCAG
/// 2.5.8 exempts inline targets), or that something else covers once it is scrolled into view
/// (the tab bar: WCAG 2.4.11), and every field with text under 16 px.
const MEASURE: &str = r#"
const bad = [], tap = arguments[0] - 0.5, was = [window.scrollX, window.scrollY];
const covered = (el, target) => {
  el.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  const r = target.getBoundingClientRect();
  const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  return !(hit && (target.contains(hit) || hit.contains(target) || hit === el));
};
const shown = el => {
  const r = el.getBoundingClientRect(), s = getComputedStyle(el);
  return r.width > 0 && r.height > 0 && s.visibility !== 'hidden';
};
const name = el => el.id ? '#' + el.id
  : el.tagName.toLowerCase() + ' "' + (el.textContent || el.value || '').trim().slice(0, 40) + '"';
for (const el of document.querySelectorAll('a[href], button, input, select, textarea, summary')) {
  if (el.type === 'hidden' || !shown(el)) continue;
  let target = el;
  if (el.matches('input[type=checkbox], input[type=radio]')) target = el.closest('label') || el;
  const inSentence = el.matches('a') && getComputedStyle(el).display === 'inline'
    && (el.parentElement.textContent || '').trim() !== (el.textContent || '').trim();
  const r = target.getBoundingClientRect();
  if (!inSentence && (r.width < tap || r.height < tap))
    bad.push(name(el) + ' is ' + Math.round(r.width) + ' × ' + Math.round(r.height) + ' px');
  if (covered(el, target)) bad.push(name(el) + ' is covered by something else when scrolled to');
  if (el.matches('input:not([type=checkbox]):not([type=radio]), select, textarea')) {
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (size < 16) bad.push(name(el) + ' has ' + size + ' px text');
  }
}
window.scrollTo(was[0], was[1]);
return bad;
"#;

/// With a phone's safe areas (a 47 px status bar with its notch, a 34 px home indicator, as on
/// an iPhone; the stylesheet reads them through variables), nothing at the top of the page sits
/// under the status bar and the tab bar's tabs stay above the home indicator. Answers what does
/// not; the variables are put back.
const SAFE_AREAS: &str = r#"
const root = document.documentElement.style, top = 47, bottom = 34, bad = [];
const was = [window.scrollX, window.scrollY];
root.setProperty('--safe-top', top + 'px');
root.setProperty('--safe-bottom', bottom + 'px');
try {
  window.scrollTo(0, 0);
  for (const el of document.querySelectorAll('h1, h2, p, a[href], button, input, select, label, summary')) {
    // A control's whole box is its tap area; text starts inside its box (a banner's own padding
    // may lie under the status bar).
    const r = el.getBoundingClientRect(), s = getComputedStyle(el);
    const control = el.matches('a, button, input, select, label, summary');
    const start = control ? r.top : r.top + parseFloat(s.borderTopWidth) + parseFloat(s.paddingTop);
    if (r.width > 0 && r.height > 0 && s.position !== 'fixed' && !el.closest('.tabs') && start < top - 0.5)
      bad.push((el.id ? '#' + el.id : el.tagName.toLowerCase()) + ' starts at ' + Math.round(start) + ' px, under the status bar');
  }
  for (const a of document.querySelectorAll('.tabs a')) {
    const r = a.getBoundingClientRect();
    if (r.height > 0 && r.bottom > window.innerHeight - bottom + 0.5)
      bad.push('#' + a.id + ' reaches ' + Math.round(r.bottom) + ' px, over the home indicator');
  }
} finally {
  root.removeProperty('--safe-top');
  root.removeProperty('--safe-bottom');
  window.scrollTo(was[0], was[1]);
}
return bad;
"#;

/// Runs one of the scripts above, which answer a list of what is wrong.
async fn problems(c: &Client, script: &str, args: Vec<serde_json::Value>) -> Vec<String> {
    serde_json::from_value(c.execute(script, args).await.expect("measure the page")).expect("a list of problems")
}

/// Whether the webview follows a dark OS theme (`prefers-color-scheme: dark`).
pub async fn dark(c: &Client) -> bool {
    let v = c.execute("return matchMedia('(prefers-color-scheme: dark)').matches;", vec![]).await.expect("theme");
    v.as_bool().expect("a boolean")
}

/// The page's viewport, CSS px.
async fn inner_size(c: &Client) -> [u32; 2] {
    serde_json::from_value(
        c.execute("return [window.innerWidth, window.innerHeight];", vec![]).await.expect("viewport"),
    )
    .expect("viewport size")
}

/// Resizes the window so that the page's viewport is `width` × `height` CSS px, and waits until
/// the page has it (a resize lands a moment later; it is asked again every second). Under Xvfb
/// there is no window manager, so the window's size is the viewport's.
pub async fn viewport(c: &Client, width: u32, height: u32) {
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut asked: Option<Instant> = None;
    loop {
        if asked.is_none_or(|t| t.elapsed() >= Duration::from_secs(1)) {
            c.set_window_size(width, height).await.expect("resize the window");
            asked = Some(Instant::now());
        }
        let got = inner_size(c).await;
        if got == [width, height] {
            return;
        }
        assert!(Instant::now() < deadline, "the viewport stays {got:?} where {width} × {height} was asked");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The screen as it is now, at each phone size: no sideways scrolling, tap targets (uncovered)
/// and text sizes as above, the safe areas kept, and axe with no serious or critical violation.
/// Leaves the window at the first phone size.
pub async fn phone_screen(c: &Client, name: &str) {
    for (w, h) in PHONES.into_iter().rev() {
        viewport(c, w, h).await;
        crate::app::assert_fits(c, &format!("{name} at {w} × {h}")).await;
        let bad = problems(c, MEASURE, vec![TAP.into()]).await;
        assert!(bad.is_empty(), "{name} at {w} × {h}:\n  {}", bad.join("\n  "));
        let unsafe_areas = problems(c, SAFE_AREAS, vec![]).await;
        assert!(
            unsafe_areas.is_empty(),
            "{name} at {w} × {h} with a phone's safe areas:\n  {}",
            unsafe_areas.join("\n  ")
        );
        accessible(c, &format!("{name}-{w}")).await;
    }
}

/// [`phone_screen`] for a screen a desktop-sized test is on: the window goes back to its size
/// afterwards, so the test carries on as it was.
pub async fn on_a_phone_too(c: &Client, name: &str) {
    let [w, h] = inner_size(c).await;
    phone_screen(c, name).await;
    viewport(c, w, h).await;
}

/// axe-core's own script, as `scripts/install-test-deps.sh` installed it.
fn axe_source() -> String {
    let home = std::env::var_os("HOME").expect("HOME");
    let path = PathBuf::from(home).join(".cache/haven-npm/node_modules/axe-core/axe.min.js");
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (installed by scripts/install-test-deps.sh)", path.display()))
}

/// Runs axe-core in the page (WCAG 2.0–2.2 A and AA rules, and best practices) and fails
/// on any serious or critical violation, naming each with the elements it found. Every violation,
/// minor ones included, and what axe could not decide are written to `<target>/audit/<name>.txt`.
pub async fn accessible(c: &Client, name: &str) {
    // WCAG 2.0–2.2 A and AA and axe's best practices, by tag: a plain `axe.run` would leave out
    // rules axe turns off by default (WCAG 2.2's target size among them). What axe could not
    // decide (`incomplete`: e.g. contrast over an overlapping element) is reported, not failed.
    let script = format!(
        "{}\nconst done = arguments[arguments.length - 1];\n\
         const list = vs => vs.map(v => ({{ id: v.id, impact: v.impact, help: v.help,\n\
             nodes: v.nodes.map(n => n.target.join(' ') + ': ' + (n.failureSummary || '')) }}));\n\
         axe.run(document, {{ runOnly: {{ type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] }} }})\n\
           .then(r => done({{ passes: r.passes.length, violations: list(r.violations), incomplete: list(r.incomplete) }}))\n\
           .catch(e => done({{ error: String(e) }}));",
        axe_source()
    );
    let result = c.execute_async(&script, vec![]).await.expect("run axe-core in the page");
    if let Some(e) = result.get("error") {
        panic!("{name}: axe-core failed: {e}");
    }
    let dark = dark(c).await;
    let violations = result["violations"].as_array().cloned().unwrap_or_default();
    let incomplete = result["incomplete"].as_array().cloned().unwrap_or_default();
    let mut report = format!(
        "{name} ({} theme): {} rules passed, {} violated, {} undecided\n",
        if dark { "dark" } else { "light" },
        result["passes"],
        violations.len(),
        incomplete.len()
    );
    for v in &incomplete {
        report.push_str(&format!("undecided: {} [{}] {}: {}\n", v["id"], v["impact"], v["help"], v["nodes"]));
    }
    let mut serious = Vec::new();
    for v in &violations {
        let line = format!("{} [{}] {}: {}", v["id"], v["impact"], v["help"], v["nodes"]);
        if matches!(v["impact"].as_str(), Some("serious" | "critical")) {
            serious.push(line.clone());
        }
        report.push_str(&line);
        report.push('\n');
    }
    let dir = crate::app::target_dir().join("audit");
    std::fs::create_dir_all(&dir).expect("audit dir");
    std::fs::write(dir.join(format!("{name}.txt")), &report).expect("write the audit");
    assert!(serious.is_empty(), "{name}: axe-core found serious or critical violations:\n{}", serious.join("\n"));
}
