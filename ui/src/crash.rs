//! When the screen's own code stops working (a panic, or another trap of the module): a notice
//! in the app's language instead of a blank or frozen window, a link that opens the screen
//! afresh, and a report to the shell's log (the webview's console is kept nowhere). The
//! signed-in session lives in the shell, so opening the screen again carries on where it stood
//! (the lock screen if locked).
//!
//! A trap (`panic = "abort"`) ends only the call it happened in: listeners, timers and futures
//! could still call into state it left half-changed. So the hook marks the screen stopped first;
//! from then on `ipc` sends nothing to the shell and delivers no event, the report goes straight
//! through Tauri's invoke, and the link is a plain page load (not the router's).
//!
//! Errors thrown past the app's code without a trap (a JavaScript exception from the glue, a
//! promise nobody awaited) are reported as such but not shown: some are harmless, and the page
//! may well still work.

use haven_api::shell::{cmd, Command, CrashArgs, CrashKind};
use haven_i18n::tr;
use leptos::wasm_bindgen::{self, prelude::*};
use leptos::web_sys;
use std::cell::{Cell, OnceCell};
use std::sync::atomic::{AtomicBool, Ordering};

#[wasm_bindgen]
extern "C" {
    /// Tauri's invoke, whose request is sent before it returns its promise.
    #[wasm_bindgen(js_namespace = ["window", "__TAURI__", "core"], js_name = invoke, catch)]
    fn invoke_now(cmd: &str, args: JsValue) -> Result<js_sys::Promise, JsValue>;
}

/// Set by the first trap; never cleared (opening the screen again loads a new module).
static STOPPED: AtomicBool = AtomicBool::new(false);

/// Stray errors reported at most, so a page failing in a loop cannot flood the log; a trap is
/// always reported.
const MOST_STRAYS: u32 = 20;

thread_local! {
    static STRAYS: Cell<u32> = const { Cell::new(0) };
    /// Catches a report's own failure, which would otherwise be one more unhandled rejection.
    static IGNORE: OnceCell<Closure<dyn FnMut(JsValue)>> = const { OnceCell::new() };
}

/// Whether the screen stopped working: nothing more goes to the shell but the report.
pub fn stopped() -> bool {
    STOPPED.load(Ordering::Relaxed)
}

pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        let first = !STOPPED.swap(true, Ordering::Relaxed);
        console_error_panic_hook::hook(info);
        let message = info.to_string();
        if first {
            report(CrashKind::Panic, &message);
        }
        show(&message);
    }));
    IGNORE.with(|c| {
        c.get_or_init(|| Closure::new(|_: JsValue| {}));
    });
    let Some(window) = web_sys::window() else { return };
    for (event, field, kind) in
        [("error", "error", CrashKind::Error), ("unhandledrejection", "reason", CrashKind::Rejection)]
    {
        let handler = Closure::<dyn Fn(JsValue)>::new(move |event: JsValue| {
            let thrown = js_sys::Reflect::get(&event, &JsValue::from_str(field)).unwrap_or_default();
            // A trap without a panic (out of memory, a stack overflow) stops the screen too; the
            // trap that ends a panic comes here as well, already reported.
            if thrown.is_instance_of::<js_sys::WebAssembly::RuntimeError>() {
                let message = describe(&event);
                if !STOPPED.swap(true, Ordering::Relaxed) {
                    report(CrashKind::Trap, &message);
                }
                show(&message);
            } else if !stopped() && STRAYS.with(|n| n.replace(n.get().saturating_add(1))) < MOST_STRAYS {
                report(kind, &describe(&event));
            }
        });
        let _ = window.add_event_listener_with_callback(event, handler.as_ref().unchecked_ref());
        // For the page's whole life.
        handler.forget();
    }
}

/// Stops the screen as a bug would (a panic in a task, as in a screen's own code), so the
/// end-to-end tests can show the notice in the real window. Does nothing unless the page is
/// driven by WebDriver; even then it only does what any script of the app's own page can.
#[wasm_bindgen(js_name = stopScreenForTest)]
pub fn stop_screen_for_test() {
    let automated = web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w.navigator(), &JsValue::from_str("webdriver")).ok())
        .and_then(|v| v.as_bool())
        .unwrap_or(false);
    if automated {
        leptos::task::spawn_local(async { panic!("stopped on purpose by stopScreenForTest") });
    }
}

/// An `error` event's message and place, or a rejection's reason.
fn describe(event: &JsValue) -> String {
    let field = |name: &str| js_sys::Reflect::get(event, &JsValue::from_str(name)).ok().filter(|v| !v.is_undefined());
    let stack_of = |e: &JsValue| js_sys::Reflect::get(e, &JsValue::from_str("stack")).ok().and_then(|s| s.as_string());
    if let Some(reason) = field("reason") {
        let said = match reason.dyn_ref::<js_sys::Error>() {
            Some(e) => String::from(e.to_string()),
            None => reason.as_string().unwrap_or_else(|| format!("{reason:?}")),
        };
        return format!("{said}\n{}", stack_of(&reason).unwrap_or_default());
    }
    let text = |name: &str| {
        field(name)
            .map(|v| v.as_string().or_else(|| v.as_f64().map(|n| n.to_string())).unwrap_or_else(|| format!("{v:?}")))
            .unwrap_or_default()
    };
    let stack = field("error").and_then(|e| stack_of(&e)).unwrap_or_default();
    let place = match text("filename") {
        f if f.is_empty() || f == "undefined" => String::new(),
        f => format!(" at {f}:{}:{}", text("lineno"), text("colno")),
    };
    format!("{}{place}\n{stack}", text("message"))
}

fn report(kind: CrashKind, message: &str) {
    #[derive(serde::Serialize)]
    struct Call<'a> {
        args: &'a CrashArgs,
    }
    let args = CrashArgs { kind, message: message.to_owned() };
    let Ok(args) = serde_wasm_bindgen::to_value(&Call { args: &args }) else { return };
    if let Ok(sent) = invoke_now(cmd::ReportCrash::NAME, args) {
        IGNORE.with(|ignore| ignore.get().map(|f| sent.catch(f)));
    }
}

fn show(message: &str) -> Option<()> {
    let doc = web_sys::window()?.document()?;
    if doc.get_element_by_id("crash").is_some() {
        return Some(());
    }
    let body = doc.body()?;
    // What was on screen no longer answers: the stylesheet hides everything but the notice
    // (what the stopped code may still add included), so nothing invites a click that does
    // nothing.
    let _ = body.set_attribute("data-stopped", "");
    // An element `tag` with `text`, added at the end of `parent`.
    let add = |parent: &web_sys::Element, tag: &str, text: Option<String>| {
        let e = doc.create_element(tag).ok()?;
        e.set_text_content(text.as_deref());
        parent.append_child(&e).ok()?;
        Some(e)
    };
    // The page's main landmark now; its heading takes the focus, so a screen reader reads it.
    let notice = doc.create_element("main").ok()?;
    notice.set_id("crash");
    let title = add(&notice, "h1", Some(tr!("common-crash-title")))?;
    let _ = title.set_attribute("tabindex", "-1");
    add(&notice, "p", Some(tr!("common-crash-what")))?;
    let reopen = add(&add(&notice, "p", None)?, "a", Some(tr!("common-crash-reopen")))?;
    reopen.set_id("crash-reopen");
    let _ = reopen.set_attribute("href", "/");
    // A page load, not the router's navigation: the router is stopped too.
    let _ = reopen.set_attribute("rel", "external");
    let details = add(&notice, "details", None)?;
    add(&details, "summary", Some(tr!("common-crash-details")))?;
    // The panic's own words, English whatever the page's direction.
    let pre = add(&details, "pre", Some(message.to_owned()))?;
    let _ = pre.set_attribute("class", "wrap");
    let _ = pre.set_attribute("dir", "ltr");
    let _ = pre.set_attribute("translate", "no");
    let _ = body.prepend_with_node_1(&notice);
    if let Ok(title) = title.dyn_into::<web_sys::HtmlElement>() {
        let _ = title.focus();
    }
    Some(())
}
