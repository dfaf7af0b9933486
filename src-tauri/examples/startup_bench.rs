//! Bench script: cold start of the desktop app to its first rendered screen, and idle RSS of the
//! app with all its processes (Tauri process + WebKit web/network processes). Prints figures.
//!
//! Run with `cargo xtask bench` (it runs this under Xvfb and a private D-Bus session). Each run
//! starts the real app through WebKitWebDriver with a fresh data dir (first start: the bundled
//! service creates its database and the demo deployment) and then once more on the same data dir.

use fantoccini::{ClientBuilder, Locator};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const RUNS: usize = 5;

fn app_binary() -> std::path::PathBuf {
    let exe = std::env::current_exe().expect("exe");
    // target/<profile>/examples/startup_bench → target/<profile>/haven-app
    exe.parent().and_then(|p| p.parent()).map(|p| p.join("haven-app")).expect("target dir")
}

/// The anchor: a bare Tauri 2 window (examples/hello_window.rs), built next to this bench.
fn hello_binary() -> std::path::PathBuf {
    std::env::current_exe().expect("exe").with_file_name("hello_window")
}

fn children(pid: u32) -> Vec<u32> {
    let mut all = Vec::new();
    let mut frontier = vec![pid];
    while let Some(p) = frontier.pop() {
        for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
            let Ok(child) = entry.file_name().to_string_lossy().parse::<u32>() else { continue };
            let Ok(stat) = std::fs::read_to_string(format!("/proc/{child}/stat")) else { continue };
            // pid (comm) state ppid …; comm may contain spaces, so split after the last ')'.
            let ppid = stat
                .rsplit_once(')')
                .and_then(|(_, rest)| rest.split_whitespace().nth(1))
                .and_then(|s| s.parse::<u32>().ok());
            if ppid == Some(p) {
                all.push(child);
                frontier.push(child);
            }
        }
    }
    all
}

fn rss_kib(pid: u32) -> Option<(String, u64)> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let name = status.lines().find_map(|l| l.strip_prefix("Name:")).unwrap_or("?").trim().to_owned();
    let rss = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())?;
    Some((name, rss))
}

/// One start of `binary` through WebKitWebDriver, timed to its first screen (`ready` found).
struct Start {
    first_screen: f64,
    /// Of that, the page's own part (from its navigation start); the rest is the process and the
    /// window before it.
    in_page: f64,
    rss: Vec<(String, u64)>,
}

async fn one_start(binary: &std::path::Path, data: &std::path::Path, ready: &str) -> Start {
    let port = std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port();
    let mut cmd = Command::new("WebKitWebDriver");
    cmd.arg(format!("--port={port}"))
        .env("TAURI_WEBVIEW_AUTOMATION", "true")
        .env("HAVEN_DATA_DIR", data)
        .env_remove("HAVEN_SERVER_URL")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    std::os::unix::process::CommandExt::process_group(&mut cmd, 0);
    let mut driver = cmd.spawn().expect("WebKitWebDriver");
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = rustls::crypto::ring::default_provider().install_default();
    let mut caps = serde_json::Map::new();
    caps.insert("webkitgtk:browserOptions".into(), serde_json::json!({"binary": binary, "args": []}));
    let t = Instant::now();
    let c = ClientBuilder::rustls()
        .expect("tls")
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{port}"))
        .await
        .expect("session");
    // Polled every 5 ms (fantoccini's default, 250 ms, would round every start up to its step).
    c.wait()
        .at_most(Duration::from_secs(60))
        .every(Duration::from_millis(5))
        .for_element(Locator::Css(ready))
        .await
        .expect("first screen");
    let first_screen = t.elapsed().as_secs_f64() * 1e3;
    let in_page = c.execute("return performance.now()", vec![]).await.ok().and_then(|v| v.as_f64()).unwrap_or(0.0);
    tokio::time::sleep(Duration::from_secs(5)).await; // idle
    let rss: Vec<(String, u64)> = children(driver.id()).into_iter().filter_map(rss_kib).collect();
    let _ = c.close().await;
    let _ = Command::new("kill").arg("--").arg(format!("-{}", driver.id())).status();
    let _ = driver.kill();
    let _ = driver.wait();
    Start { first_screen, in_page, rss }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

#[tokio::main]
async fn main() {
    // The app's first screen is the sign-in form with the demo deployment's details; the anchor's
    // is its heading. Runs alternate between the two, so both see the machine in the same state.
    let (mut first, mut second, mut in_page, mut rss) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let (mut hello, mut hello_in_page, mut hello_rss) = (Vec::new(), Vec::new(), Vec::new());
    let mut last = Vec::new();
    let total = |r: &[(String, u64)]| r.iter().map(|r| r.1).sum::<u64>() as f64 / 1024.0;
    for _ in 0..RUNS {
        let data = tempfile::tempdir().expect("tmp");
        first.push(one_start(&app_binary(), data.path(), "#demo-admin").await.first_screen);
        let h = one_start(&hello_binary(), data.path(), "h1").await;
        let s = one_start(&app_binary(), data.path(), "#demo-admin").await;
        second.push(s.first_screen);
        in_page.push(s.in_page);
        rss.push(total(&s.rss));
        hello.push(h.first_screen);
        hello_in_page.push(h.in_page);
        hello_rss.push(total(&h.rss));
        last = s.rss;
    }
    let (first, second, hello) = (median(first), median(second), median(hello));
    println!("app binary:                     {}", app_binary().display());
    println!("cold start → first screen:      {first:.0} ms median of {RUNS} (new data dir: database + demo created)");
    println!(
        "start → first screen, existing: {second:.0} ms median of {RUNS} ({:.0} ms of it in the page)",
        median(in_page)
    );
    println!(
        "bare Tauri 2 window (anchor):   {hello:.0} ms median of {RUNS} ({:.0} ms in the page; examples/hello_window.rs, same driver, alternating runs)",
        median(hello_in_page)
    );
    println!(
        "ratio to the anchor:            {:.2} × existing data dir (target ≤ 1.3 ×), {:.2} × first start (target ≤ 2 ×)",
        second / hello,
        first / hello
    );
    println!(
        "idle RSS, all app processes:    {:.1} MiB median of {RUNS} (5 s after the first screen; anchor {:.1} MiB)",
        median(rss),
        median(hello_rss)
    );
    for (name, kib) in last {
        println!("  {name:<24} {:.1} MiB", kib as f64 / 1024.0);
    }
}
