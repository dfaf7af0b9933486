//! `cargo xtask run | test | bench` — the commands behind the README.
//!
//! * `run`: build the UI (wasm) and open the desktop app on the embedded default: the bundled
//!   sync service on 127.0.0.1, SQLite in the app data dir, development delivery and a demo
//!   deployment on first start.
//! * `serve`: only the sync service, the same way, in the terminal (dev inbox at /v1/dev/outbox).
//! * `test`: install what the tests need (scripts/install-test-deps.sh), build the UI, check
//!   rustfmt, clippy (warnings are errors) and the supply chain (cargo deny), build the app,
//!   then run every test under Xvfb and a private D-Bus session.
//! * `bench`: run the benchmarks and print their figures.
//!
//! Builds go to `$CARGO_TARGET_DIR`, default `$HOME/.cache/haven-target` (shared by clones).

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    // The workspace root at run time (the binary may have been built from another clone that
    // shares the target dir): `cargo run` sets CARGO_MANIFEST_DIR to xtask's own directory.
    let root = match std::env::var_os("CARGO_MANIFEST_DIR") {
        Some(dir) => Path::new(&dir).parent().map(Path::to_path_buf).unwrap_or_default(),
        None => match find_root() {
            Some(r) => r,
            None => {
                eprintln!("xtask: run it as `cargo xtask …` inside the Haven checkout");
                return ExitCode::from(2);
            }
        },
    };
    let result = match args.first().map(String::as_str) {
        Some("run") => run_app(&root),
        Some("serve") => run(&root, &args[1..]),
        Some("test") => test(&root, &args[1..]),
        Some("bench") => bench(&root),
        _ => {
            eprintln!("usage: cargo xtask run | serve [haven-sync serve flags] | test [cargo test args] | bench");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}

fn find_root() -> Option<PathBuf> {
    let mut dir = std::env::current_dir().ok()?;
    loop {
        if dir.join("xtask/Cargo.toml").is_file() && dir.join("Cargo.toml").is_file() {
            return Some(dir);
        }
        dir = dir.parent()?.to_path_buf();
    }
}

fn home() -> PathBuf {
    std::env::var_os("HOME").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("/tmp"))
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| home().join(".cache/haven-target"))
}

fn cargo(root: &Path) -> Command {
    let mut c = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    c.current_dir(root).env("CARGO_TARGET_DIR", target_dir());
    c
}

fn status(mut c: Command) -> Result<(), String> {
    let shown = format!("{c:?}");
    let s = c.status().map_err(|e| format!("cannot run {shown}: {e}"))?;
    if s.success() {
        Ok(())
    } else {
        Err(format!("{shown} failed ({s})"))
    }
}

fn run(root: &Path, extra: &[String]) -> Result<(), String> {
    let data = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| home().join(".local/share"))
        .join("haven");
    std::fs::create_dir_all(&data).map_err(|e| format!("cannot create {}: {e}", data.display()))?;
    let mut c = cargo(root);
    c.args(["run", "--release", "-p", "haven-sync", "--", "serve", "--demo", "--delivery", "dev"]);
    c.arg("--database-url").arg(format!("sqlite://{}", data.join("haven.db").display()));
    c.args(extra);
    status(c)
}

/// What to install: only what building and running the app needs, or also the test rig.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Deps {
    App,
    Tests,
}

/// Installs what building (and testing) needs; returns the test venv's python (tests only).
fn install_deps(root: &Path, deps: Deps) -> Result<String, String> {
    let mut c = Command::new("bash");
    c.arg(root.join("scripts/install-test-deps.sh"));
    if deps == Deps::App {
        c.arg("--app");
    }
    let out = c
        .stderr(std::process::Stdio::inherit())
        .output()
        .map_err(|e| format!("cannot run install-test-deps.sh: {e}"))?;
    if !out.status.success() {
        return Err("installing dependencies failed (see above)".into());
    }
    Ok(String::from_utf8_lossy(&out.stdout).lines().last().unwrap_or("python3").trim().to_owned())
}

/// Builds the Leptos UI to wasm and lays out ui/dist (embedded by src-tauri at compile time).
/// wasm-bindgen writes to a staging dir in the target dir, and only files whose bytes changed
/// are copied into ui/dist: the app's build script watches ui/dist, so an unchanged UI does not
/// rebuild the app.
fn build_ui(root: &Path) -> Result<(), String> {
    let mut c = cargo(root);
    c.args(["build", "-p", "ui", "--target", "wasm32-unknown-unknown", "--profile", "wasm-release"]);
    status(c)?;
    let staging = target_dir().join("ui-dist");
    let mut c = Command::new("wasm-bindgen");
    c.args(["--target", "web", "--no-typescript", "--remove-name-section", "--out-dir"])
        .arg(&staging)
        .arg(target_dir().join("wasm32-unknown-unknown/wasm-release/ui.wasm"));
    status(c)?;
    let dist = root.join("ui/dist");
    std::fs::create_dir_all(&dist).map_err(|e| format!("{}: {e}", dist.display()))?;
    for f in ["ui.js", "ui_bg.wasm"] {
        copy_if_changed(&staging.join(f), &dist.join(f))?;
    }
    for f in ["index.html", "style.css"] {
        copy_if_changed(&root.join("ui").join(f), &dist.join(f))?;
    }
    Ok(())
}

/// Copies `from` to `to` unless `to` already has the same bytes (then it is not touched);
/// answers whether it wrote.
fn copy_if_changed(from: &Path, to: &Path) -> Result<bool, String> {
    let new = std::fs::read(from).map_err(|e| format!("{}: {e}", from.display()))?;
    if std::fs::read(to).ok().as_deref() == Some(new.as_slice()) {
        return Ok(false);
    }
    std::fs::write(to, new).map_err(|e| format!("{}: {e}", to.display()))?;
    Ok(true)
}

/// The app opens a window: without a display it cannot, so say so before building anything.
fn graphical_session(var: impl Fn(&str) -> Option<String>) -> Result<(), String> {
    if cfg!(target_os = "linux") && ["DISPLAY", "WAYLAND_DISPLAY"].iter().all(|v| var(v).is_none_or(|s| s.is_empty())) {
        return Err("Haven's window needs a graphical session, and this terminal has none (neither DISPLAY nor \
             WAYLAND_DISPLAY is set). Run it from a desktop session, over `ssh -X`, or under `xvfb-run -a \
             cargo xtask run`; `cargo xtask serve` runs the sync service alone."
            .into());
    }
    Ok(())
}

fn run_app(root: &Path) -> Result<(), String> {
    graphical_session(|v| std::env::var(v).ok())?;
    install_deps(root, Deps::App)?;
    build_ui(root)?;
    let mut c = cargo(root);
    c.args(["run", "-p", "haven-app"]);
    status(c)
}

fn test(root: &Path, extra: &[String]) -> Result<(), String> {
    let python = install_deps(root, Deps::Tests)?;
    // The app's build embeds ui/dist, so clippy needs the UI built first.
    build_ui(root)?;
    lint(root)?;
    // The end-to-end tests drive this build's app binary.
    let mut c = cargo(root);
    c.args(["build", "-p", "haven-app", "--bin", "haven-app"]);
    status(c)?;
    // Benchmarks are compiled (so they cannot rot) but run only by `cargo xtask bench`.
    let mut c = cargo(root);
    c.args(["test", "--workspace", "--exclude", "ui", "--benches", "--no-run"]);
    status(c)?;
    // The desktop app's end-to-end tests need a display, a session bus and a keychain: give the
    // whole run its own (CI has none of them).
    let mut c = desktop_session(root)?;
    c.arg(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["test", "--workspace", "--exclude", "ui", "--lib", "--bins", "--tests"])
        .args(extra)
        .env("CARGO_TARGET_DIR", target_dir())
        .env("HAVEN_PYTHON", &python);
    status(c)?;
    // The whole API suite again on PostgreSQL: each test's service gets a new database on a
    // throwaway cluster the suite starts itself (crates/haven-sync/tests/api/pg.rs). The
    // multi-instance tests run on PostgreSQL in both passes; once is enough.
    let mut c = cargo(root);
    // (`--workspace` keeps the dependencies' features as in the run above: nothing is rebuilt.)
    c.args(["test", "--workspace", "--exclude", "ui", "--test", "api"])
        .args(extra)
        .args(["--", "--skip", "instances::"])
        .env("HAVEN_TEST_BACKEND", "postgres")
        .env("HAVEN_PYTHON", &python);
    status(c)
}

/// The house rules: rustfmt's layout, clippy with warnings as errors on every target (the UI
/// for the target it is built for), and the supply chain (deny.toml: shippable licences only, no
/// OpenSSL, crates.io only; checks that need no network).
fn lint(root: &Path) -> Result<(), String> {
    let mut c = cargo(root);
    c.args(["fmt", "--all", "--check"]);
    status(c)?;
    // Every platform's crates (Android's and iOS's too), so the offline check below reads them.
    let mut c = cargo(root);
    c.args(["fetch", "--locked"]);
    status(c)?;
    let mut c = cargo(root);
    c.args(["deny", "--offline", "check", "licenses", "bans", "sources"]);
    status(c)?;
    let mut c = cargo(root);
    c.args(["clippy", "--workspace", "--exclude", "ui", "--all-targets", "--", "-D", "warnings"]);
    status(c)?;
    let mut c = cargo(root);
    c.args(["clippy", "-p", "ui", "--target", "wasm32-unknown-unknown", "--", "-D", "warnings"]);
    status(c)
}

/// A command line prefix that runs what follows in its own X server (Xvfb), its own D-Bus
/// session, and in that session a gnome-keyring (the OS keychain) unlocked with a throwaway
/// password that keeps its files in a fresh directory — never the developer's own login keyring.
fn desktop_session(root: &Path) -> Result<Command, String> {
    let keyring = target_dir().join("test-keyring");
    let _ = std::fs::remove_dir_all(&keyring);
    for d in ["data", "run"] {
        std::fs::create_dir_all(keyring.join(d)).map_err(|e| format!("{}: {e}", keyring.display()))?;
    }
    let start_keyring = "printf haven-test | XDG_DATA_HOME=\"$HAVEN_KEYRING/data\" XDG_RUNTIME_DIR=\"$HAVEN_KEYRING/run\" \
         gnome-keyring-daemon --unlock --components=secrets >/dev/null || { echo 'gnome-keyring-daemon failed' >&2; exit 1; }; exec \"$@\"";
    let mut c = Command::new("xvfb-run");
    c.current_dir(root)
        .args(["-a", "-s", "-screen 0 1280x1024x24", "dbus-run-session", "--", "sh", "-c", start_keyring, "sh"])
        .env("HAVEN_KEYRING", &keyring)
        .env("NO_AT_BRIDGE", "1")
        .env_remove("DISPLAY")
        .env_remove("DBUS_SESSION_BUS_ADDRESS");
    Ok(c)
}

fn bench(root: &Path) -> Result<(), String> {
    // The scale bench starts a PostgreSQL cluster of its own; the app's needs Xvfb.
    install_deps(root, Deps::Tests)?;
    let mut c = cargo(root);
    c.args([
        "bench",
        "-p",
        "haven-sync",
        "--bench",
        "auth",
        "--bench",
        "twostep",
        "--bench",
        "health",
        "--bench",
        "scale",
        // Ten minutes of a realistic mix against the release service in its own process.
        "--bench",
        "soak",
    ]);
    status(c)?;
    // The desktop app, as shipped (release), started for real under Xvfb.
    build_ui(root)?;
    let mut c = cargo(root);
    c.args([
        "build",
        "--release",
        "-p",
        "haven-app",
        "--bin",
        "haven-app",
        "--example",
        "startup_bench",
        "--example",
        "hello_window",
    ]);
    status(c)?;
    let mut c = desktop_session(root)?;
    c.arg(target_dir().join("release/examples/startup_bench"));
    status(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A PNG's width, height and colour type (2 RGB, 6 RGBA), from its header.
    fn png_header(path: &Path) -> (u32, u32, u8) {
        let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(
            bytes.starts_with(b"\x89PNG\r\n\x1a\n") && &bytes[12..16] == b"IHDR",
            "{} is not a PNG",
            path.display()
        );
        let n = |at: usize| u32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]);
        (n(16), n(20), bytes[25])
    }

    /// Every icon the stores and the desktop bundle need is in icons/ at its size
    /// (scripts/icons.py makes them from icons/icon.png): Android's per density, iOS's app icon
    /// set without transparency (the App Store refuses it), the desktop's with it.
    #[test]
    fn icons_are_complete() {
        let icons = Path::new(env!("CARGO_MANIFEST_DIR")).join("../icons");
        let mut want: Vec<(String, u32, u8)> = vec![
            ("icon.png".into(), 1024, 6),
            ("32x32.png".into(), 32, 6),
            ("128x128.png".into(), 128, 6),
            ("128x128@2x.png".into(), 256, 6),
            ("android/playstore-icon.png".into(), 512, 6),
            ("ios/AppIcon-512@2x.png".into(), 1024, 2),
        ];
        for (density, scale) in [("mdpi", 2), ("hdpi", 3), ("xhdpi", 4), ("xxhdpi", 6), ("xxxhdpi", 8)] {
            for (name, dp) in [("ic_launcher", 48), ("ic_launcher_round", 48), ("ic_launcher_foreground", 108)] {
                want.push((format!("android/mipmap-{density}/{name}.png"), dp * scale / 2, 6));
            }
        }
        for (points, scales) in
            [("20", &[1, 2, 3][..]), ("29", &[1, 2, 3]), ("40", &[1, 2, 3]), ("60", &[2, 3]), ("76", &[1, 2])]
        {
            for s in scales {
                let px = points.parse::<u32>().expect("points") * s;
                want.push((format!("ios/AppIcon-{points}x{points}@{s}x.png"), px, 2));
            }
        }
        for points in [20, 29, 40] {
            want.push((format!("ios/AppIcon-{points}x{points}@2x-1.png"), points * 2, 2));
        }
        want.push(("ios/AppIcon-83.5x83.5@2x.png".into(), 167, 2));
        for (file, px, colour) in want {
            assert_eq!(png_header(&icons.join(&file)), (px, px, colour), "{file}: width, height, colour type");
        }
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn without_a_display_run_says_it_needs_a_graphical_session() {
        let none = graphical_session(|_| None).expect_err("no display");
        assert!(none.contains("needs a graphical session"), "{none}");
        assert!(graphical_session(|v| (v == "DISPLAY").then(|| ":0".to_owned())).is_ok());
        assert!(graphical_session(|v| (v == "WAYLAND_DISPLAY").then(|| "wayland-0".to_owned())).is_ok());
        assert!(graphical_session(|v| (v == "DISPLAY").then(String::new)).is_err());
    }

    #[test]
    fn an_unchanged_file_keeps_its_time_so_the_app_is_not_rebuilt() {
        let dir = std::env::temp_dir().join(format!("xtask-copy-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let (from, to) = (dir.join("a"), dir.join("b"));
        std::fs::write(&from, "same").expect("write");
        assert!(copy_if_changed(&from, &to).expect("first copy"));
        let before = std::fs::metadata(&to).and_then(|m| m.modified()).expect("time");
        std::thread::sleep(std::time::Duration::from_millis(20));
        assert!(!copy_if_changed(&from, &to).expect("again"), "the same bytes were written again");
        assert_eq!(std::fs::metadata(&to).and_then(|m| m.modified()).expect("time"), before);
        std::fs::write(&from, "changed").expect("write");
        assert!(copy_if_changed(&from, &to).expect("changed"));
        assert_eq!(std::fs::read_to_string(&to).expect("read"), "changed");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
