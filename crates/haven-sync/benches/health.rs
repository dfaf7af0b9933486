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

use haven_api::Role;
use haven_sync::clock::SystemClock;
use haven_sync::config::Config;
use serde_json::{json, Value};
use std::sync::Arc;
use std::time::{Duration, Instant};

const PASSWORD: &str = "violet-tundra-cobalt-91";

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

/// An observation for the bench: mixed kinds, a note now and then, times a minute apart.
fn obs(i: usize, base_s: i64) -> Value {
    let at = time::OffsetDateTime::from_unix_timestamp(base_s + i as i64 * 60)
        .map(|t| t.format(&time::format_description::well_known::Rfc3339).unwrap_or_default())
        .unwrap_or_default();
    let id = format!("bench-{i:08}");
    match i % 4 {
        0 => json!({"id": id, "kind": "heart_rate", "value": 50 + (i % 80), "unit": "bpm", "recorded_at": at}),
        1 => {
            json!({"id": id, "kind": "blood_pressure", "value": {"systolic": 110 + (i % 30), "diastolic": 70 + (i % 15)}, "unit": "mmHg", "recorded_at": at})
        }
        2 => {
            json!({"id": id, "kind": "temperature", "value": 36.0 + (i % 20) as f64 / 10.0, "unit": "°C", "recorded_at": at, "note": "after a walk, µ-dose"})
        }
        _ => json!({"id": id, "kind": "steps", "value": i % 20000, "unit": "steps", "recorded_at": at}),
    }
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
        let state = &self.running.state;
        let mut tx = state.db.begin().await?;
        let dep = haven_sync::invites::insert_deployment(&mut tx, "Bench", None, 0)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        let inv = haven_sync::invites::issue_invite(&mut tx, state, &dep, email, Role::Patient, None, None)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        tx.commit().await?;
        let (http, url) = (&self.http, &self.url);
        let r = http.post(format!("{url}/v1/accounts")).json(&json!({"invite_token": inv.token, "name": "Bench Patient", "password": PASSWORD, "accept_terms": true})).send().await?;
        anyhow::ensure!(r.status() == 201, "account: {}", r.text().await?);
        let mut vt = String::new();
        for _ in 0..100 {
            let outbox: Value = http.get(format!("{url}/v1/dev/outbox")).send().await?.json().await?;
            let found = outbox["messages"]
                .as_array()
                .into_iter()
                .flatten()
                .find(|m| m["to"] == email && m["body"].as_str().is_some_and(|b| b.contains("hve_")));
            if let Some(m) = found {
                let body = m["body"].as_str().unwrap_or_default();
                let start = body.find("hve_").unwrap_or(0);
                vt =
                    body[start..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-').collect();
                break;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        let r = http.post(format!("{url}/v1/accounts/verify-email")).json(&json!({"token": vt})).send().await?;
        anyhow::ensure!(r.status() == 200, "verify: {}", r.text().await?);
        let login: Value = http.post(format!("{url}/v1/auth/login")).json(&json!({"email": email, "password": PASSWORD, "device": {"id": "b", "name": "bench", "platform": "linux"}})).send().await?.json().await?;
        let token =
            login["tokens"]["access_token"].as_str().ok_or_else(|| anyhow::anyhow!("login: {login}"))?.to_owned();
        let version: Value = http.get(format!("{url}/v1/legal/consent")).send().await?.json().await?;
        let r = http
            .post(format!("{url}/v1/me/consent"))
            .bearer_auth(&token)
            .json(&json!({"version": version["version"]}))
            .send()
            .await?;
        anyhow::ensure!(r.status() == 200, "consent: {}", r.text().await?);
        Ok(token)
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

/// Raw SQLite: the same rows into the same table shape, one prepared insert per row, in
/// transactions of 1000 (what a push does, minus HTTP, JSON, validation and versioning).
async fn raw_insert(n: usize, base_s: i64) -> anyhow::Result<f64> {
    let dir = tempfile::tempdir()?;
    let db = haven_sync::db::Db::connect(&format!("sqlite://{}", dir.path().join("raw.db").display()), 1).await?;
    haven_sync::execute!(
        &db,
        sqlx::query("INSERT INTO deployments (id, name, enrolment_code, created_at) VALUES ('d', 'd', 'x', 0)")
    )?;
    haven_sync::execute!(&db, sqlx::query("INSERT INTO users (id, deployment_id, email, name, role, password_hash, terms_accepted_at, created_at, verify_deadline) VALUES ('u', 'd', 'e', 'n', 'patient', 'h', 0, 0, 0)"))?;
    let rows: Vec<(String, String, String, String, String, i64)> = (0..n)
        .map(|i| {
            let o = obs(i, base_s);
            (
                o["id"].as_str().unwrap_or_default().to_owned(),
                o["kind"].as_str().unwrap_or_default().to_owned(),
                o["value"].to_string(),
                o["unit"].as_str().unwrap_or_default().to_owned(),
                o["recorded_at"].as_str().unwrap_or_default().to_owned(),
                base_s * 1000 + i as i64 * 60_000,
            )
        })
        .collect();
    let t = Instant::now();
    for (c, chunk) in rows.chunks(1000).enumerate() {
        let mut tx = db.begin().await?;
        for (j, (id, kind, value, unit, at, ms)) in chunk.iter().enumerate() {
            haven_sync::execute!(&mut tx, sqlx::query("INSERT INTO observations (user_id, id, kind, value, unit, recorded_at, recorded_ms, note, deleted, change_seq, received_at) VALUES ('u', $1, $2, $3, $4, $5, $6, NULL, FALSE, $7, 0)")
                .bind(id)
                .bind(kind)
                .bind(value)
                .bind(unit)
                .bind(at)
                .bind(ms)
                .bind((c * 1000 + j) as i64 + 1))?;
        }
        tx.commit().await?;
    }
    let rate = n as f64 / t.elapsed().as_secs_f64();
    db.close().await;
    Ok(rate)
}

/// In a child process: fills one patient with `rows` observations, then times one export and
/// reports `rows_per_s peak_rss_above_baseline_mib bytes`.
async fn child_export(format: &str, rows: usize) -> anyhow::Result<()> {
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
    let t = Instant::now();
    let job: Value = b
        .http
        .post(format!("{}/v1/me/exports", b.url))
        .bearer_auth(&token)
        .json(&json!({"format": format}))
        .send()
        .await?
        .json()
        .await?;
    let id = job["id"].as_str().ok_or_else(|| anyhow::anyhow!("export: {job}"))?.to_owned();
    let done = loop {
        let j: Value =
            b.http.get(format!("{}/v1/me/exports/{id}", b.url)).bearer_auth(&token).send().await?.json().await?;
        if j["status"] == "ready" || j["status"] == "failed" {
            break j;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    };
    let secs = t.elapsed().as_secs_f64();
    anyhow::ensure!(done["status"] == "ready", "export failed: {done}");
    anyhow::ensure!(done["rows"].as_u64() == Some(rows as u64), "export has {} rows, not {rows}", done["rows"]);
    let peak = status_kib("VmHWM:");
    println!("{} {:.1} {}", rows as f64 / secs, peak.saturating_sub(baseline) as f64 / 1024.0, done["size"]);
    println!("peak-total-mib {:.1}", peak as f64 / 1024.0);
    // HAVEN_BENCH_SAVE=<path> keeps the file to look at.
    if let Some(path) = std::env::var_os("HAVEN_BENCH_SAVE") {
        let file = b.http.get(format!("{}/v1/me/exports/{id}/file", b.url)).bearer_auth(&token).send().await?;
        std::fs::write(path, file.bytes().await?)?;
    }
    Ok(())
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

fn run_child(format: &str, rows: usize) -> anyhow::Result<(f64, f64, u64, f64)> {
    let out =
        std::process::Command::new(std::env::current_exe()?).args(["export", format, &rows.to_string()]).output()?;
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    anyhow::ensure!(out.status.success(), "export child failed: {text}{}", String::from_utf8_lossy(&out.stderr));
    let mut lines = text.lines();
    let f: Vec<&str> = lines.next().unwrap_or_default().split_whitespace().collect();
    let total: f64 = lines.next().and_then(|l| l.split_whitespace().nth(1)).and_then(|v| v.parse().ok()).unwrap_or(0.0);
    anyhow::ensure!(f.len() == 3, "child printed {text:?}");
    Ok((f[0].parse()?, f[1].parse()?, f[2].parse()?, total))
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--bench").collect();
    if args.first().map(String::as_str) == Some("export") {
        let rows = args.get(2).and_then(|v| v.parse().ok()).unwrap_or(10_000);
        return child_export(args.get(1).map(String::as_str).unwrap_or("csv"), rows).await;
    }
    let n = env_n("HAVEN_BENCH_INGEST", 50_000);
    let base_s = time::OffsetDateTime::now_utc().unix_timestamp() - n as i64 * 60 - 3600;

    let raw = raw_insert(n, base_s).await?;
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
        let (rate, mib, bytes, total) = run_child("csv", rows)?;
        println!("csv export: {rows} rows: {rate:.0} rows/s (target ≥ 200000/s), peak RSS {mib:.1} MiB above the pre-export baseline ({total:.1} MiB in all), {bytes} bytes");
    }
    // The printpdf renderer this replaced wrote 390,890 bytes for 20 rows and 3,722,138 for
    // 100,000 (whole DejaVu Sans embedded; measured at commit 0161cf8 on this machine's kind).
    const PRINTPDF_100K: f64 = 3_722_138.0;
    for rows in [20, 10_000, 100_000] {
        let (rate, mib, bytes, total) = run_child("pdf", rows)?;
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
    Ok(())
}
