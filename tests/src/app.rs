//! The desktop app under test: the real window (WebKitGTK) driven through WebKitWebDriver, and
//! what the end-to-end tests do with it (find, type, click, wait for text, screenshots), the
//! notification daemon they watch, and restarting a service.

use crate::world::PASSWORD;
use fantoccini::{Client, ClientBuilder, Locator};
use haven_api::shell::SCREEN_STOPPED;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The build's target dir: tests run from `<target>/<profile>/deps/`.
pub(crate) fn target_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("test binary");
    exe.ancestors().nth(3).expect("<target>/<profile>/deps/<test>").to_path_buf()
}

/// The app binary of this build (`cargo xtask test` builds it first; by hand:
/// `cargo build -p haven-app`). The binary is refused unless it was built from this checkout and
/// is newer than every file of it that went in (cargo's dep-info lists them), so the tests never
/// drive an old app or another clone's (the target dir is shared).
pub fn app_binary() -> PathBuf {
    let exe = std::env::current_exe().expect("test binary");
    let bin = exe.ancestors().nth(2).expect("<profile> dir").join("haven-app");
    let rebuild = "build it here first: cargo build -p haven-app";
    let built = std::fs::metadata(&bin)
        .and_then(|m| m.modified())
        .unwrap_or_else(|_| panic!("{} is missing: {rebuild}", bin.display()));
    let dep_info = std::fs::read_to_string(bin.with_extension("d")).unwrap_or_default();
    let workspace = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace").to_path_buf();
    // `target: dep dep …`, spaces in a path escaped as `\ `.
    let deps = dep_info.split_once(": ").map_or("", |d| d.1).replace("\\ ", "\u{0}");
    let ours: Vec<PathBuf> = deps
        .split_whitespace()
        .map(|p| PathBuf::from(p.replace('\u{0}', " ")))
        .filter(|p| p.starts_with(&workspace))
        .collect();
    assert!(!ours.is_empty(), "{} was not built from {}: {rebuild}", bin.display(), workspace.display());
    let newer: Vec<&PathBuf> =
        ours.iter().filter(|p| p.metadata().and_then(|m| m.modified()).map_or(true, |t| t > built)).collect();
    assert!(newer.is_empty(), "{} is older than {newer:?}: {rebuild}", bin.display());
    bin
}

/// WebKitWebDriver on a free port, in its own process group so it and the app it launches die
/// together at the end. One at a time: the tests share one X server without a window manager,
/// where another test's window opening, closing or being resized moves the focus — and a window
/// gaining the focus is the person's activity, which restarts the idle lock's countdown that
/// the lock tests wait out. (What each test does before and after its window still overlaps.)
pub struct Driver {
    child: Child,
    port: u16,
    /// Where the driver's and the app's output goes (see `log`).
    log: PathBuf,
    /// The test stops the app's screen on purpose (see `expect_screen_stop`).
    stop_expected: std::sync::atomic::AtomicBool,
    _log_dir: Option<tempfile::TempDir>,
    _one_window: std::sync::MutexGuard<'static, ()>,
}

static ONE_WINDOW: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// The open app's log (there is one at a time), for a failed wait to show what the app said.
static OPEN_LOG: std::sync::Mutex<Option<PathBuf>> = std::sync::Mutex::new(None);

fn read_log(path: &std::path::Path) -> String {
    String::from_utf8_lossy(&std::fs::read(path).unwrap_or_default()).into_owned()
}

/// The warnings and errors in `log` (the screen's crashes and stray errors among them), for a
/// failure message; nothing when there are none.
fn problems_in(log: &str) -> String {
    let problems: Vec<&str> = log.lines().filter(|l| l.contains(" ERROR ") || l.contains(" WARN ")).collect();
    if problems.is_empty() {
        return String::new();
    }
    format!("\nthe app's warnings and errors:\n{}", problems.join("\n"))
}

/// The open app's warnings and errors, for a failed wait's message.
fn app_problems() -> String {
    let Some(path) = OPEN_LOG.lock().unwrap_or_else(|p| p.into_inner()).clone() else { return String::new() };
    problems_in(&read_log(&path))
}

impl Driver {
    pub fn start(env: &[(&str, String)]) -> Driver {
        // A test that failed with its window open poisons the lock; the next one still runs. A
        // test that starts a second app while its first is open would wait for itself: it is
        // told so instead (after 10 minutes, longer than the whole suite's windows take).
        let deadline = Instant::now() + Duration::from_secs(600);
        let one_window = loop {
            match ONE_WINDOW.try_lock() {
                Ok(g) => break g,
                Err(std::sync::TryLockError::Poisoned(p)) => break p.into_inner(),
                Err(std::sync::TryLockError::WouldBlock) => {
                    assert!(
                        Instant::now() < deadline,
                        "no app window came free in 10 minutes: does this test open two at once?"
                    );
                    std::thread::sleep(Duration::from_millis(50));
                }
            }
        };
        let port = {
            let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
            l.local_addr().expect("addr").port()
        };
        // What the driver and the app print (the app's log at HAVEN_LOG's level), a file per
        // app: kept in `HAVEN_E2E_LOGS=<dir>`, otherwise gone with the driver.
        let (log_dir, kept) = match std::env::var_os("HAVEN_E2E_LOGS") {
            Some(dir) => (PathBuf::from(dir), None),
            None => {
                let t = tempfile::tempdir().expect("log dir");
                (t.path().to_path_buf(), Some(t))
            }
        };
        std::fs::create_dir_all(&log_dir).expect("log dir");
        let log = log_dir.join(format!("app-{port}.log"));
        let log_file = std::fs::File::create(&log).expect("log file");
        let mut cmd = Command::new("WebKitWebDriver");
        cmd.arg(format!("--port={port}"))
            .env("TAURI_WEBVIEW_AUTOMATION", "true")
            .env("NO_AT_BRIDGE", "1")
            // Times on screen are the device's local time: one zone, so the tests read the same
            // wherever they run.
            .env("TZ", "UTC")
            // And one language, English, whatever the machine's locale (a test may ask for another).
            .env("LANGUAGE", "en")
            // The development inbox screen reads the tests' services with their key.
            .env("HAVEN_DEV_OUTBOX_KEY", crate::world::TEST_OUTBOX_KEY)
            .stdout(Stdio::null())
            .stderr(log_file);
        for (k, v) in env {
            cmd.env(k, v);
        }
        #[cfg(unix)]
        std::os::unix::process::CommandExt::process_group(&mut cmd, 0);
        let child = cmd.spawn().expect("WebKitWebDriver (apt: webkit2gtk-driver; run via `cargo xtask test`)");
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "WebKitWebDriver did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        *OPEN_LOG.lock().unwrap_or_else(|p| p.into_inner()) = Some(log.clone());
        Driver {
            child,
            port,
            log,
            stop_expected: std::sync::atomic::AtomicBool::new(false),
            _log_dir: kept,
            _one_window: one_window,
        }
    }

    /// What the driver and the app printed so far.
    pub fn log(&self) -> String {
        read_log(&self.log)
    }

    /// Waits up to 10 s for the app's log to hold `needle` `times` times (the log keeps what
    /// came before: a second report of the same kind is a second time).
    pub async fn wait_logged(&self, needle: &str, times: usize) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while self.log().matches(needle).count() < times {
            assert!(Instant::now() < deadline, "the app never logged {needle:?} {times} times:\n{}", self.log());
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// This test stops the app's screen on purpose: otherwise a screen that stopped working (a
    /// panic in the webview's code, maybe after the test's last look) fails the test when the
    /// app is closed.
    pub fn expect_screen_stop(&self) {
        self.stop_expected.store(true, std::sync::atomic::Ordering::Relaxed);
    }

    pub async fn session(&self) -> Client {
        // fantoccini's rustls needs a process-wide crypto provider (the driver is plain HTTP).
        let _ = rustls::crypto::ring::default_provider().install_default();
        let mut caps = serde_json::Map::new();
        caps.insert("webkitgtk:browserOptions".into(), serde_json::json!({"binary": app_binary(), "args": []}));
        ClientBuilder::rustls()
            .expect("tls")
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{}", self.port))
            .await
            .expect("webdriver session")
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        *OPEN_LOG.lock().unwrap_or_else(|p| p.into_inner()) = None;
        // Kill the whole group: the driver and the app window it started.
        let _ = Command::new("kill").arg("--").arg(format!("-{}", self.child.id())).status();
        let _ = self.child.kill();
        let _ = self.child.wait();
        // The next test's window opens only once this app is gone (5 s at most), not while its
        // window is still closing and moving the focus.
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline && group_running(self.child.id()) {
            std::thread::sleep(Duration::from_millis(50));
        }
        let log = self.log();
        if log.contains(SCREEN_STOPPED)
            && !self.stop_expected.load(std::sync::atomic::Ordering::Relaxed)
            && !std::thread::panicking()
        {
            panic!("the app's screen stopped working during this test{}", problems_in(&log));
        }
    }
}

/// Whether a process of the group `pgid` still runs (zombies, which only wait to be reaped, do
/// not count), from /proc: `<pid> (<name>) <state> <ppid> <pgrp> …`.
fn group_running(pgid: u32) -> bool {
    let Ok(dir) = std::fs::read_dir("/proc") else { return false };
    dir.flatten().any(|e| {
        let stat = std::fs::read_to_string(e.path().join("stat")).unwrap_or_default();
        // The name may hold spaces and parentheses: the fields start after the last ')'.
        let fields: Vec<&str> = stat.rsplit_once(')').map_or("", |f| f.1).split_whitespace().collect();
        fields.len() > 2 && fields[0] != "Z" && fields[2] == pgid.to_string()
    })
}

/// The element `css` finds, waiting up to 20 s; if it never appears, the panic shows the page.
pub async fn element(c: &Client, css: &str) -> fantoccini::elements::Element {
    // Asked again on every failure: a screen that redraws (a list refreshed every second) can
    // replace the element while the driver makes its handle ("stale element").
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        match c.find(Locator::Css(css)).await {
            Ok(e) => return e,
            Err(e) if Instant::now() >= deadline => {
                let src = c.source().await.unwrap_or_default();
                let url = c.current_url().await.map(|u| u.to_string()).unwrap_or_default();
                panic!("{css} never appeared ({e}) at {url}; page:\n{src}{}", app_problems())
            }
            Err(_) => tokio::time::sleep(Duration::from_millis(50)).await,
        }
    }
}

pub async fn text_of(c: &Client, css: &str) -> String {
    element(c, css).await.text().await.expect("text")
}

pub async fn wait_text(c: &Client, css: &str, needle: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let Ok(e) = c.find(Locator::Css(css)).await {
            if let Ok(t) = e.text().await {
                if t.contains(needle) {
                    return t;
                }
            }
        }
        if Instant::now() >= deadline {
            let url = c.current_url().await.map(|u| u.to_string()).unwrap_or_default();
            let body = c.find(Locator::Css("body")).await;
            let shown = match body {
                Ok(b) => b.text().await.unwrap_or_default(),
                Err(_) => String::new(),
            };
            panic!("{css} never said {needle:?} at {url}; the screen says:\n{shown}{}", app_problems());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

pub async fn fill(c: &Client, css: &str, value: &str) {
    let e = element(c, css).await;
    e.clear().await.expect("clear");
    e.send_keys(value).await.expect("type");
}

pub async fn click(c: &Client, css: &str) {
    element(c, css).await.click().await.unwrap_or_else(|e| panic!("click {css}: {e}"));
}

/// The id of the element that has the keyboard focus ("" when none has an id).
pub async fn focused_id(c: &Client) -> String {
    let v = c.execute("return document.activeElement ? document.activeElement.id : '';", vec![]).await.expect("js");
    v.as_str().unwrap_or_default().to_owned()
}

/// Presses each key of `keys` on the keyboard (no element is named: they go where the focus is),
/// `\u{E004}` being Tab and `\u{E007}` Enter.
pub async fn press(c: &Client, keys: &str) {
    use fantoccini::actions::{InputSource, KeyAction, KeyActions};
    let mut actions = KeyActions::new("keyboard".into());
    for k in keys.chars() {
        actions = actions.then(KeyAction::Down { value: k }).then(KeyAction::Up { value: k });
    }
    c.perform_actions(actions).await.expect("keys");
}

/// Whether the focused element matches `css`.
async fn focus_is(c: &Client, css: &str) -> bool {
    let v = c
        .execute("return !!document.activeElement && document.activeElement.matches(arguments[0]);", vec![css.into()])
        .await
        .expect("js");
    v.as_bool().unwrap_or(false)
}

/// Waits (20 s at most, as [`element`] does) until the focus is on the element `css` finds.
pub async fn wait_focus(c: &Client, css: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while !focus_is(c, css).await {
        assert!(Instant::now() < deadline, "the focus never came to {css}; it is on #{}", focused_id(c).await);
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Presses Tab until the focus is on `css` (40 presses at most), as a keyboard user would.
pub async fn tab_to(c: &Client, css: &str) {
    for _ in 0..40 {
        if focus_is(c, css).await {
            return;
        }
        press(c, "\u{E004}").await;
    }
    panic!("Tab never reached {css}; the focus is on #{}", focused_id(c).await);
}

/// Waits until the checkbox `css` is ticked (`true`) or not.
pub async fn wait_checked(c: &Client, css: &str, ticked: bool) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let Ok(e) = c.find(Locator::Css(css)).await {
            if e.is_selected().await.ok() == Some(ticked) {
                return;
            }
        }
        assert!(Instant::now() < deadline, "{css} never became {}", if ticked { "ticked" } else { "unticked" });
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Quits the app and starts it again on the same data dir (and keychain): answers the new
/// window's session.
pub async fn restart(c: Client, driver: &Driver) -> Client {
    c.close().await.expect("quit the app");
    driver.session().await
}

/// Opens the lock screen with the account password and waits for the home screen.
pub async fn unlock_with_password(c: &Client) {
    fill(c, "#unlock-password", PASSWORD).await;
    click(c, "#unlock").await;
    wait_text(c, "#signed-in-as", "Pat Patient").await;
}

/// Saves a screenshot of the window as `<name>.png` in `HAVEN_SCREENSHOTS` (relative to the
/// workspace, e.g. docs/screenshots to refresh the docs' pictures), or else in the target dir, so
/// a test run leaves the tree as it was.
pub async fn screenshot(c: &Client, name: &str) {
    let workspace = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let dir = std::env::var_os("HAVEN_SCREENSHOTS")
        .map_or_else(|| target_dir().join("screenshots"), |d| workspace.join(PathBuf::from(d)));
    std::fs::create_dir_all(&dir).expect("screenshot dir");
    let png = c.screenshot().await.expect("screenshot");
    std::fs::write(dir.join(format!("{name}.png")), png).expect("write screenshot");
}

/// The app against `service` with a fresh data dir and any extra environment: the data dir, the
/// driver (its drop ends the app) and the first session — in that order, so bound as a tuple they
/// drop session first, then the app, then the data dir.
pub async fn open_app(service: &haven_sync::Running, extra: &[(&str, String)]) -> (tempfile::TempDir, Driver, Client) {
    let data = tempfile::tempdir().expect("data");
    let mut env = vec![("HAVEN_SERVER_URL", service.url()), ("HAVEN_DATA_DIR", data.path().display().to_string())];
    env.extend(extra.iter().cloned());
    let driver = Driver::start(&env);
    let c = driver.session().await;
    (data, driver, c)
}

/// The current code for a key as the app shows it (grouped in fours; the spaces are not part of it).
pub fn totp_now(shown_key: &str) -> String {
    let key: String = shown_key.split_whitespace().collect();
    let secret = totp_rs::Secret::try_from_base32(&key).expect("base32");
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("time").as_secs();
    haven_sync::twostep::totp(secret.as_bytes().to_vec(), "e2e").expect("totp").generate(now).to_string()
}

pub async fn sign_in(c: &Client, email: &str) {
    fill(c, "#email", email).await;
    fill(c, "#password", PASSWORD).await;
    click(c, "#sign-in").await;
}

/// The page fits the window: nothing wider than the viewport (no sideways scrolling).
pub async fn assert_fits(c: &Client, what: &str) {
    let v = c
        .execute(
            "return [document.documentElement.scrollWidth, document.documentElement.clientWidth, window.innerWidth];",
            vec![],
        )
        .await
        .expect("js");
    let w: Vec<u64> = serde_json::from_value(v).expect("widths");
    assert!(w[0] <= w[1], "{what}: content is {} px wide in a {} px viewport (window {})", w[0], w[1], w[2]);
}

fn mode(p: &std::path::Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::symlink_metadata(p).expect("metadata").permissions().mode() & 0o777
}

/// Every file under `dir` is its owner's only (0600); with `dirs_too`, so are `dir` and every
/// directory in it (0700). (A folder the user picked for saving keeps its own mode.)
pub fn assert_owner_only(dir: &std::path::Path, dirs_too: bool) {
    let mut files = Vec::new();
    files_under(dir, &mut files);
    assert!(!files.is_empty(), "nothing under {}", dir.display());
    for f in &files {
        assert_eq!(mode(f), 0o600, "{} is {:o}, readable by others", f.display(), mode(f));
        let parent = f.parent().expect("parent");
        assert!(!dirs_too || mode(parent) == 0o700, "{} is {:o}", parent.display(), mode(parent));
    }
    assert!(!dirs_too || mode(dir) == 0o700, "{} is {:o}, not its owner's only", dir.display(), mode(dir));
}

/// Every file under `dir`, recursively.
pub fn files_under(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else { return };
    for e in rd.flatten() {
        let p = e.path();
        match e.file_type() {
            Ok(t) if t.is_dir() => files_under(&p, out),
            Ok(t) if t.is_file() => out.push(p),
            _ => {}
        }
    }
}

/// A notification reaches the desktop's notification daemon (python3-dbusmock's
/// notification_daemon on the test session bus logs every Notify call), not just the plugin's Ok.
/// One notification daemon at a time: tests run in parallel, and two daemons cannot own
/// org.freedesktop.Notifications on the one session bus.
pub static NOTIFICATIONS: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// python3-dbusmock's notification daemon on the session bus, logging every call to a file:
/// (the turn, held until the test ends; the daemon, killed on drop; the log's directory; the
/// log). Bind it as `let (_turn, _daemon, _logdir, log)` so the turn is released last.
pub async fn notification_daemon(
) -> (tokio::sync::MutexGuard<'static, ()>, crate::rig::Killed, tempfile::TempDir, std::path::PathBuf) {
    let turn = NOTIFICATIONS.lock().await;
    // The previous test's daemon is gone once the bus has let go of its name.
    let deadline = Instant::now() + Duration::from_secs(15);
    while crate::rig::owned(None, "org.freedesktop.Notifications") {
        assert!(Instant::now() < deadline, "another notification daemon still owns the name");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let logdir = tempfile::tempdir().expect("tmp");
    let log = logdir.path().join("notify.log");
    let daemon = Command::new("/usr/bin/python3")
        .args(["-m", "dbusmock", "--template", "notification_daemon", "-l"])
        .arg(&log)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("python3-dbusmock (apt)");
    let daemon = crate::rig::Killed(daemon);
    crate::rig::wait_owned(None, "org.freedesktop.Notifications");
    (turn, daemon, logdir, log)
}

/// Waits (up to `secs`) until a Notify call carrying `text` reached the daemon.
pub async fn wait_notified(log: &std::path::Path, text: &str, secs: u64) {
    let deadline = Instant::now() + Duration::from_secs(secs);
    loop {
        let got = std::fs::read_to_string(log).unwrap_or_default();
        if got.contains("Notify") && got.contains(text) {
            return;
        }
        assert!(Instant::now() < deadline, "no notification with {text:?} reached the daemon; its log:\n{got}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The service again on the same database, address and server key (after `stop`), as after an
/// outage.
pub async fn restart_service(
    dir: &std::path::Path,
    addr: std::net::SocketAddr,
    key: haven_sync::keys::ServerKey,
    clock: Arc<dyn haven_sync::clock::Clock>,
) -> haven_sync::Running {
    let mut config = crate::world::test_config(format!("sqlite://{}", dir.join("s.db").display()));
    config.server_key = key;
    config.bind = addr;
    config.public_url = format!("http://{addr}");
    let state = haven_sync::AppState::new(config, clock).await.expect("state");
    haven_sync::start_with_state(state).await.expect("restart")
}

/// Runs xdotool (the X server of this test run is Xvfb); answers its output.
pub fn xdotool(args: &[&str]) -> String {
    let out = Command::new("xdotool").args(args).output().expect("xdotool (apt)");
    assert!(out.status.success(), "xdotool {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}
