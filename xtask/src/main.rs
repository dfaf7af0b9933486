//! `cargo xtask run | test | bench` — the commands behind the README.
//!
//! * `run`: start Haven on the embedded default: SQLite in the user's data dir, development
//!   delivery (the inbox is at /v1/dev/outbox) and a demo deployment on first start.
//! * `test`: install what the tests need (scripts/install-test-deps.sh), then run every test.
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
        Some("run") => run(&root, &args[1..]),
        Some("test") => test(&root, &args[1..]),
        Some("bench") => bench(&root),
        _ => {
            eprintln!("usage: cargo xtask run [-- haven-sync serve flags] | test [cargo test args] | bench");
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
    let data = std::env::var_os("XDG_DATA_HOME").map(PathBuf::from).unwrap_or_else(|| home().join(".local/share")).join("haven");
    std::fs::create_dir_all(&data).map_err(|e| format!("cannot create {}: {e}", data.display()))?;
    let mut c = cargo(root);
    c.args(["run", "--release", "-p", "haven-sync", "--", "serve", "--demo", "--delivery", "dev"]);
    c.arg("--database-url").arg(format!("sqlite://{}", data.join("haven.db").display()));
    c.args(extra);
    status(c)
}

fn test(root: &Path, extra: &[String]) -> Result<(), String> {
    let out = Command::new("bash")
        .arg(root.join("scripts/install-test-deps.sh"))
        .output()
        .map_err(|e| format!("cannot run install-test-deps.sh: {e}"))?;
    eprint!("{}", String::from_utf8_lossy(&out.stderr));
    if !out.status.success() {
        return Err("installing test dependencies failed".into());
    }
    let python = String::from_utf8_lossy(&out.stdout).lines().last().unwrap_or("python3").trim().to_owned();
    // Benchmarks are compiled (so they cannot rot) but run only by `cargo xtask bench`.
    let mut c = cargo(root);
    c.args(["test", "--workspace", "--exclude", "ui", "--benches", "--no-run"]);
    status(c)?;
    let mut c = cargo(root);
    c.args(["test", "--workspace", "--exclude", "xtask", "--exclude", "ui", "--lib", "--bins", "--tests"]).args(extra).env("HAVEN_PYTHON", python);
    status(c)
}

fn bench(root: &Path) -> Result<(), String> {
    let mut c = cargo(root);
    c.args(["bench", "-p", "haven-sync", "--bench", "auth", "--bench", "twostep"]);
    status(c)
}
