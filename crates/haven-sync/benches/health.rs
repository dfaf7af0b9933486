//! Health-data benchmark (a bench binary that prints figures; run `cargo xtask bench`).
//!
//! * Ingest: observations pushed over real HTTP (batches of 1000, 4 clients) against a raw
//!   SQLite insert loop into the same table in the same run. Target ≥ 0.25 of the raw rate.
//! * Pull: 50 000 observations paged out over HTTP (pages of 5000). Target ≥ 10 000/s.
//! * CSV export: rows/s through the export worker, and its peak RSS above the process's
//!   baseline at two sizes (memory flat in the row count). Target ≥ 200 000 rows/s.
//! * PDF export: 10 000 and 100 000 rows; rows/s (target ≥ 2000, linear) and peak RSS
//!   (target ≤ 200 MB at 100 000).
//!
//! Each export size runs in a fresh child process (this binary with `export FORMAT ROWS`), so
//! its peak RSS (VmHWM) is its own. Environment: HAVEN_BENCH_INGEST (default 50000).

use haven_sync::clock::SystemClock;
use haven_sync::config::Config;
use serde_json::{json, Value};
use std::sync::Arc;
use std::time::{Duration, Instant};

mod support;

use support::{obs, raw_insert, PASSWORD};

fn env_n(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn status_kib(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

struct Bench {
    running: haven_sync::Running,
    http: reqwest::Client,
    url: String,
    _dir: tempfile::TempDir,
}

impl Bench {
    async fn start() -> anyhow::Result<Bench> {
        let dir = tempfile::tempdir()?;
        let mut config = Config::dev(format!("sqlite://{}", dir.path().join("bench.db").display()));
        config.limits.address_failures = u32::MAX;
        let running = haven_sync::start(config, Arc::new(SystemClock)).await?;
        let url = running.url();
        Ok(Bench {
            running,
            http: reqwest::Client::builder().pool_max_idle_per_host(64).timeout(Duration::from_secs(600)).build()?,
            url,
            _dir: dir,
        })
    }

    /// A verified, consenting, signed-in patient (through the real routes); answers the token.
    async fn patient(&self, email: &str) -> anyhow::Result<String> {
        support::patient(&self.running, &self.http, email).await
    }

    async fn push_all(&self, token: &str, from: usize, n: usize, base_s: i64) -> anyhow::Result<()> {
        for start in (from..from + n).step_by(1000) {
            let batch: Vec<Value> = (start..(start + 1000).min(from + n)).map(|i| obs(i, base_s)).collect();
            let r: Value = self
                .http
                .post(format!("{}/v1/sync/push", self.url))
                .bearer_auth(token)
                .json(&json!({"observations": batch}))
                .send()
                .await?
                .json()
                .await?;
            anyhow::ensure!(r["rejected"].as_array().is_some_and(Vec::is_empty), "push rejected: {r}");
        }
        Ok(())
    }
}

/// In a child process: fills one patient with `rows` observations, then times `runs` exports of
/// them one after another and reports `median_rows_per_s peak_rss_above_baseline_mib bytes`
/// and the slowest and fastest run (this machine's run-to-run spread is wide).
async fn child_export(format: &str, rows: usize, lang: &str, runs: usize) -> anyhow::Result<()> {
    // HAVEN_BENCH_LOG=1 shows the service's log (the PDF renderer reports where its time went).
    if std::env::var_os("HAVEN_BENCH_LOG").is_some() {
        tracing_subscriber::fmt().with_max_level(tracing::Level::INFO).with_writer(std::io::stderr).init();
    }
    let b = Bench::start().await?;
    let token = b.patient("export@bench.test").await?;
    let base_s = time::OffsetDateTime::now_utc().unix_timestamp() - rows as i64 * 60 - 3600;
    // Four concurrent pushers fill it faster.
    let per = rows.div_ceil(4);
    let mut fills = Vec::new();
    for k in 0..4 {
        let (http, url, token) = (b.http.clone(), b.url.clone(), token.clone());
        let from = k * per;
        let n = per.min(rows.saturating_sub(from));
        fills.push(tokio::spawn(async move {
            let b2 = Bench2 { http, url };
            b2.push(&token, from, n, base_s).await
        }));
    }
    for f in fills {
        f.await??;
    }
    // Baseline: what the process holds before the export; then reset the peak (Linux ≥ 4.0).
    tokio::time::sleep(Duration::from_millis(200)).await;
    let baseline = status_kib("VmRSS:");
    std::fs::write("/proc/self/clear_refs", "5")?;
    let r = b
        .http
        .post(format!("{}/v1/auth/reauth", b.url))
        .bearer_auth(&token)
        .json(&json!({"password": PASSWORD}))
        .send()
        .await?;
    anyhow::ensure!(r.status() == 200, "reauth");
    let mut rates = Vec::new();
    let mut last = (String::new(), Value::Null);
    for _ in 0..runs.max(1) {
        let (rate, id, done) = one_export(&b, &token, format, rows, lang).await?;
        rates.push(rate);
        last = (id, done);
    }
    let (id, done) = last;
    rates.sort_by(f64::total_cmp);
    let peak = status_kib("VmHWM:");
    println!("{} {:.1} {}", rates[rates.len() / 2], peak.saturating_sub(baseline) as f64 / 1024.0, done["size"]);
    println!("peak-total-mib {:.1}", peak as f64 / 1024.0);
    println!("spread {:.0} {:.0}", rates[0], rates[rates.len() - 1]);
    // HAVEN_BENCH_SAVE=<path> keeps the file to look at.
    if let Some(path) = std::env::var_os("HAVEN_BENCH_SAVE") {
        let file = b.http.get(format!("{}/v1/me/exports/{id}/file", b.url)).bearer_auth(&token).send().await?;
        std::fs::write(path, file.bytes().await?)?;
    }
    Ok(())
}

/// One export, from asking to ready: (rows per second, its id, its final state).
async fn one_export(
    b: &Bench,
    token: &str,
    format: &str,
    rows: usize,
    lang: &str,
) -> anyhow::Result<(f64, String, Value)> {
    let t = Instant::now();
    let job: Value = b
        .http
        .post(format!("{}/v1/me/exports", b.url))
        .bearer_auth(token)
        .header("accept-language", lang)
        .json(&json!({"format": format}))
        .send()
        .await?
        .json()
        .await?;
    let id = job["id"].as_str().ok_or_else(|| anyhow::anyhow!("export: {job}"))?.to_owned();
    let done = loop {
        let j: Value =
            b.http.get(format!("{}/v1/me/exports/{id}", b.url)).bearer_auth(token).send().await?.json().await?;
        if j["status"] == "ready" || j["status"] == "failed" {
            break j;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    };
    let secs = t.elapsed().as_secs_f64();
    anyhow::ensure!(done["status"] == "ready", "export failed: {done}");
    anyhow::ensure!(done["rows"].as_u64() == Some(rows as u64), "export has {} rows, not {rows}", done["rows"]);
    Ok((rows as f64 / secs, id, done))
}

struct Bench2 {
    http: reqwest::Client,
    url: String,
}

impl Bench2 {
    async fn push(&self, token: &str, from: usize, n: usize, base_s: i64) -> anyhow::Result<()> {
        for start in (from..from + n).step_by(1000) {
            let batch: Vec<Value> = (start..(start + 1000).min(from + n)).map(|i| obs(i, base_s)).collect();
            let r = self
                .http
                .post(format!("{}/v1/sync/push", self.url))
                .bearer_auth(token)
                .json(&json!({"observations": batch}))
                .send()
                .await?;
            anyhow::ensure!(r.status() == 200, "push: {}", r.text().await?);
        }
        Ok(())
    }
}

/// What a child's exports measured.
struct Measured {
    /// The median run's rows per second, and the slowest and fastest run's.
    rate: f64,
    spread: (f64, f64),
    /// Peak RSS above the pre-export baseline, and of the whole process, MiB.
    mib: f64,
    total: f64,
    bytes: u64,
}

/// `runs` exports of `rows` in a child process, asked for in `lang` (an `Accept-Language`).
fn run_child(format: &str, rows: usize, lang: &str, runs: usize) -> anyhow::Result<Measured> {
    let out = std::process::Command::new(std::env::current_exe()?)
        .args(["export", format, &rows.to_string(), lang, &runs.to_string()])
        .output()?;
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    anyhow::ensure!(out.status.success(), "export child failed: {text}{}", String::from_utf8_lossy(&out.stderr));
    let mut lines = text.lines();
    let f: Vec<&str> = lines.next().unwrap_or_default().split_whitespace().collect();
    anyhow::ensure!(f.len() == 3, "child printed {text:?}");
    let mut second = || -> Vec<f64> {
        lines.next().unwrap_or_default().split_whitespace().skip(1).filter_map(|v| v.parse().ok()).collect()
    };
    let total = second().first().copied().unwrap_or(0.0);
    let spread = second();
    anyhow::ensure!(spread.len() == 2, "child printed {text:?}");
    Ok(Measured {
        rate: f[0].parse()?,
        spread: (spread[0], spread[1]),
        mib: f[1].parse()?,
        total,
        bytes: f[2].parse()?,
    })
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--bench").collect();
    if args.first().map(String::as_str) == Some("export") {
        let rows = args.get(2).and_then(|v| v.parse().ok()).unwrap_or(10_000);
        let lang = args.get(3).map_or("en", String::as_str);
        let runs = args.get(4).and_then(|v| v.parse().ok()).unwrap_or(1);
        return child_export(args.get(1).map(String::as_str).unwrap_or("csv"), rows, lang, runs).await;
    }
    let n = env_n("HAVEN_BENCH_INGEST", 50_000);
    let base_s = time::OffsetDateTime::now_utc().unix_timestamp() - n as i64 * 60 - 3600;

    let raw_dir = tempfile::tempdir()?;
    let raw = raw_insert(&format!("sqlite://{}", raw_dir.path().join("raw.db").display()), n, base_s).await?;
    let b = Bench::start().await?;
    let mut tokens = Vec::new();
    for k in 0..4 {
        tokens.push(b.patient(&format!("ingest{k}@bench.test")).await?);
    }
    let per = n / 4;
    let t = Instant::now();
    let mut tasks = Vec::new();
    for (k, token) in tokens.iter().enumerate() {
        let b2 = Bench2 { http: b.http.clone(), url: b.url.clone() };
        let token = token.clone();
        tasks.push(tokio::spawn(async move { b2.push(&token, k * per, per, base_s).await }));
    }
    for task in tasks {
        task.await??;
    }
    let ingest = (per * 4) as f64 / t.elapsed().as_secs_f64();
    println!("ingest: {n} observations over HTTP (4 clients, batches of 1000): {ingest:.0}/s; raw SQLite insert loop: {raw:.0}/s; ratio {:.2} (target ≥ 0.25)", ingest / raw);

    // Pull: one user's 50 000 (a fifth client pushes them first).
    let puller = b.patient("pull@bench.test").await?;
    let pull_n = 50_000;
    b.push_all(&puller, 0, pull_n, base_s).await?;
    let t = Instant::now();
    let mut since = String::new();
    let mut got = 0;
    loop {
        let page: Value = b
            .http
            .get(format!("{}/v1/sync/pull?limit=5000&since={since}", b.url))
            .bearer_auth(&puller)
            .send()
            .await?
            .json()
            .await?;
        got += page["observations"].as_array().map_or(0, Vec::len);
        since = page["cursor"].as_str().unwrap_or_default().to_owned();
        if page["more"] != true {
            break;
        }
    }
    anyhow::ensure!(got == pull_n, "pulled {got} of {pull_n}");
    println!(
        "pull: {pull_n} observations in pages of 5000: {:.0}/s (target ≥ 10000/s)",
        pull_n as f64 / t.elapsed().as_secs_f64()
    );
    b.running.stop().await;

    for rows in [100_000, 400_000] {
        // Five runs: one run's rate on this 2-core machine varies by up to half between runs.
        let Measured { rate, spread: (slow, fast), mib, total, bytes } = run_child("csv", rows, "en", 5)?;
        println!("csv export: {rows} rows: {rate:.0} rows/s, the median of 5 runs ({slow:.0}–{fast:.0}) (target ≥ 200000/s), peak RSS {mib:.1} MiB above the pre-export baseline ({total:.1} MiB in all), {bytes} bytes");
    }
    // The printpdf renderer this replaced wrote 390,890 bytes for 20 rows and 3,722,138 for
    // 100,000 (whole DejaVu Sans embedded; measured at commit 0161cf8 on this machine's kind).
    const PRINTPDF_100K: f64 = 3_722_138.0;
    for rows in [20, 10_000, 100_000] {
        let Measured { rate, mib, total, bytes, .. } = run_child("pdf", rows, "en", 1)?;
        let size = match rows {
            20 => format!("{bytes} bytes (target ≤ 60 KB for a one-page table)"),
            100_000 => format!(
                "{bytes} bytes, {:.0} % of the printpdf renderer's (target ≤ 40 %)",
                bytes as f64 / PRINTPDF_100K * 100.0
            ),
            _ => format!("{bytes} bytes"),
        };
        println!("pdf export: {rows} rows: {rate:.0} rows/s (target ≥ 20000/s at 100000), peak RSS {total:.1} MiB for the whole process (target ≤ 200 MB at 100000; {mib:.1} MiB above the baseline), {size}");
    }
    // The same file in Spanish and in Arabic (right to left, Arabic-Indic digits, every date
    // shaped): the same targets.
    for lang in ["es", "ar"] {
        let rows = 100_000;
        let Measured { rate, mib, total, bytes, .. } = run_child("pdf", rows, lang, 1)?;
        println!("pdf export in {lang}: {rows} rows: {rate:.0} rows/s (target ≥ 20000/s), peak RSS {total:.1} MiB for the whole process (target ≤ 200 MB; {mib:.1} MiB above the baseline), {bytes} bytes");
    }
    Ok(())
}
