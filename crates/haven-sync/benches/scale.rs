//! Scale-out benchmark (a bench binary that prints figures; run `cargo xtask bench`).
//!
//! The same load on three set-ups, measured in one run: SQLite with one instance (the embedded
//! default), PostgreSQL with one instance, and PostgreSQL with two instances sharing the database
//! (clients spread over both; each instance has its own pools, workers, event listener and
//! state, and both run in this process on the same two cores). PostgreSQL is a throwaway cluster
//! with its durable defaults (fsync and synchronous commit on).
//!
//! * login/s over HTTP, against the bound `cores ÷ Argon2id time` measured here;
//! * refresh/s (token rotations). Target on PostgreSQL ≥ 1,000/s;
//! * push ingest/s (4 clients, batches of 1,000) against a raw INSERT loop of the same rows
//!   through sqlx on the same engine (transactions of 1,000). Target on PostgreSQL ≥ 0.5 × raw;
//! * pull/s (one patient's values in pages of 5,000);
//! * two instances against one: target ≥ 0.85 of one instance's throughput.
//!
//! Environment: HAVEN_BENCH_LOGINS (default 200), HAVEN_BENCH_REFRESHES (default 8000),
//! HAVEN_BENCH_INGEST (default 20000).

#[allow(dead_code)]
#[path = "../tests/api/pg.rs"]
mod pg;
mod support;

use haven_sync::clock::SystemClock;
use haven_sync::config::Config;
use haven_sync::keys::ServerKey;
use serde_json::{json, Value};
use std::sync::Arc;
use std::time::{Duration, Instant};
use support::{obs, raw_insert, PASSWORD};

const CLIENTS: usize = 8;

fn env_n(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

struct Fleet {
    instances: Vec<haven_sync::Running>,
    urls: Vec<String>,
    http: reqwest::Client,
}

impl Fleet {
    async fn start(database_url: &str, n: usize) -> anyhow::Result<Fleet> {
        let mut config = Config::dev(database_url);
        config.limits.address_failures = u32::MAX;
        config.server_key = ServerKey::from_base64("MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=")?;
        let mut instances = Vec::new();
        for _ in 0..n {
            instances.push(haven_sync::start(config.clone(), Arc::new(SystemClock)).await?);
        }
        let urls = instances.iter().map(|r| r.url()).collect();
        let http = reqwest::Client::builder().pool_max_idle_per_host(64).timeout(Duration::from_secs(600)).build()?;
        Ok(Fleet { instances, urls, http })
    }

    fn url(&self, k: usize) -> &str {
        &self.urls[k % self.urls.len()]
    }

    /// A verified, consenting patient made through the real routes.
    async fn patient(&self, email: &str) -> anyhow::Result<()> {
        support::patient(&self.instances[0], &self.http, email).await.map(drop)
    }

    /// Signs in on instance `k`; answers (access, refresh).
    async fn login(&self, k: usize, email: &str) -> anyhow::Result<(String, String)> {
        let body = json!({"email": email, "password": PASSWORD, "device": {"id": "bench", "name": "bench", "platform": "linux"}});
        let v: Value =
            self.http.post(format!("{}/v1/auth/login", self.url(k))).json(&body).send().await?.json().await?;
        anyhow::ensure!(v["status"] == "authenticated", "login: {v}");
        let t = |f: &str| v["tokens"][f].as_str().unwrap_or_default().to_owned();
        Ok((t("access_token"), t("refresh_token")))
    }

    async fn stop(self) {
        for r in self.instances {
            r.stop().await;
        }
    }
}

struct Figures {
    login: f64,
    refresh: f64,
    ingest: f64,
    pull: f64,
}

async fn measure(
    database_url: &str,
    n: usize,
    logins: usize,
    refreshes: usize,
    ingest_n: usize,
) -> anyhow::Result<Figures> {
    let f = Arc::new(Fleet::start(database_url, n).await?);
    let emails: Vec<String> = (0..CLIENTS).map(|i| format!("bench{i}@haven.test")).collect();
    for e in &emails {
        f.patient(e).await?;
    }
    // Logins: each client its own account (one account's concurrent logins would share its
    // back-off), client k on instance k mod n.
    let per = logins.div_ceil(CLIENTS);
    let t = Instant::now();
    let mut tasks = Vec::new();
    for (k, email) in emails.iter().enumerate() {
        let (f, email) = (f.clone(), email.clone());
        tasks.push(tokio::spawn(async move {
            let mut last = (String::new(), String::new());
            for _ in 0..per {
                last = f.login(k, &email).await?;
            }
            Ok::<_, anyhow::Error>(last)
        }));
    }
    let mut sessions = Vec::new();
    for task in tasks {
        sessions.push(task.await??);
    }
    let login = (per * CLIENTS) as f64 / t.elapsed().as_secs_f64();

    let per = refreshes.div_ceil(CLIENTS);
    let t = Instant::now();
    let mut tasks = Vec::new();
    for (k, (_, refresh)) in sessions.iter().enumerate() {
        let (f, mut token) = (f.clone(), refresh.clone());
        tasks.push(tokio::spawn(async move {
            let mut access = String::new();
            for r in 0..per {
                // Rotations alternate between instances too.
                let url = format!("{}/v1/auth/refresh", f.url(k + r));
                let v: Value = f.http.post(url).json(&json!({"refresh_token": token})).send().await?.json().await?;
                token =
                    v["tokens"]["refresh_token"].as_str().ok_or_else(|| anyhow::anyhow!("refresh: {v}"))?.to_owned();
                access = v["tokens"]["access_token"].as_str().unwrap_or_default().to_owned();
            }
            Ok::<_, anyhow::Error>(access)
        }));
    }
    let mut access = Vec::new();
    for task in tasks {
        access.push(task.await??);
    }
    let refresh = (per * CLIENTS) as f64 / t.elapsed().as_secs_f64();

    // Ingest: four patients push a quarter each, in batches of 1,000.
    let base_s = time::OffsetDateTime::now_utc().unix_timestamp() - ingest_n as i64 * 60 - 3600;
    let quarter = ingest_n / 4;
    let t = Instant::now();
    let mut tasks = Vec::new();
    for (k, token) in access.iter().take(4).enumerate() {
        let (f, token) = (f.clone(), token.clone());
        tasks.push(tokio::spawn(async move {
            for (b, start) in (k * quarter..(k + 1) * quarter).step_by(1000).enumerate() {
                let batch: Vec<Value> =
                    (start..(start + 1000).min((k + 1) * quarter)).map(|i| obs(i, base_s)).collect();
                let r = f
                    .http
                    .post(format!("{}/v1/sync/push", f.url(k + b)))
                    .bearer_auth(&token)
                    .json(&json!({"observations": batch}))
                    .send()
                    .await?;
                anyhow::ensure!(r.status() == 200, "push: {}", r.text().await?);
            }
            Ok(())
        }));
    }
    for task in tasks {
        task.await??;
    }
    let ingest = (quarter * 4) as f64 / t.elapsed().as_secs_f64();

    // Pull: the first patient's quarter, pages of 5,000, alternating instances.
    let t = Instant::now();
    let (mut since, mut got, mut page_no) = (String::new(), 0usize, 0usize);
    loop {
        let page: Value = f
            .http
            .get(format!("{}/v1/sync/pull?limit=5000{since}", f.url(page_no)))
            .bearer_auth(&access[0])
            .send()
            .await?
            .json()
            .await?;
        got += page["observations"].as_array().map_or(0, Vec::len);
        page_no += 1;
        if page["more"] != true {
            break;
        }
        since = format!("&since={}", page["cursor"].as_str().unwrap_or_default());
    }
    anyhow::ensure!(got == quarter, "pulled {got}, not {quarter}");
    let pull = got as f64 / t.elapsed().as_secs_f64();
    if let Ok(f) = Arc::try_unwrap(f) {
        f.stop().await;
    }
    Ok(Figures { login, refresh, ingest, pull })
}

/// The Argon2id verification time (median) and the login bound it sets on these cores.
async fn argon2_bound(cores: usize) -> anyhow::Result<(f64, f64)> {
    let hashing = haven_sync::crypto::PasswordHashing::new(haven_sync::crypto::Argon2Params::default())?;
    let phc = hashing.hash(PASSWORD.into()).await?;
    let mut samples = Vec::new();
    for _ in 0..30 {
        let t = Instant::now();
        anyhow::ensure!(hashing.verify(PASSWORD.into(), Some(phc.clone())).await?);
        samples.push(t.elapsed().as_secs_f64());
    }
    samples.sort_by(f64::total_cmp);
    let median = samples[samples.len() / 2];
    Ok((median, cores as f64 / median))
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let logins = env_n("HAVEN_BENCH_LOGINS", 200);
    let refreshes = env_n("HAVEN_BENCH_REFRESHES", 8000);
    let ingest_n = env_n("HAVEN_BENCH_INGEST", 20_000);
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    let (hash_s, bound) = argon2_bound(cores).await?;
    let cluster = pg::Postgres::start();
    let dir = tempfile::tempdir()?;
    let sqlite = |name: &str| format!("sqlite://{}", dir.path().join(name).display());
    let base_s = time::OffsetDateTime::now_utc().unix_timestamp() - ingest_n as i64 * 60 - 3600;
    let raw_sqlite = raw_insert(&sqlite("raw.db"), ingest_n, base_s).await?;
    let raw_pg = raw_insert(&cluster.fresh_database().await, ingest_n, base_s).await?;
    let lite = measure(&sqlite("one.db"), 1, logins, refreshes, ingest_n).await?;
    let pg1 = measure(&cluster.fresh_database().await, 1, logins, refreshes, ingest_n).await?;
    let pg2 = measure(&cluster.fresh_database().await, 2, logins, refreshes, ingest_n).await?;

    println!("cores: {cores}; argon2id verify {:.1} ms → login bound {bound:.1}/s", hash_s * 1e3);
    println!("{:<28} {:>10} {:>12} {:>12} {:>10}", "", "login/s", "refresh/s", "ingest/s", "pull/s");
    for (name, f) in
        [("SQLite, 1 instance", &lite), ("PostgreSQL, 1 instance", &pg1), ("PostgreSQL, 2 instances", &pg2)]
    {
        println!("{name:<28} {:>10.1} {:>12.0} {:>12.0} {:>10.0}", f.login, f.refresh, f.ingest, f.pull);
    }
    println!("raw INSERT loop:             SQLite {raw_sqlite:.0}/s, PostgreSQL {raw_pg:.0}/s");
    println!("PostgreSQL refresh:          {:.0}/s (target ≥ 1000)", pg1.refresh);
    println!("PostgreSQL ingest / raw:     {:.2} (target ≥ 0.5)", pg1.ingest / raw_pg);
    println!("SQLite ingest / raw:         {:.2}", lite.ingest / raw_sqlite);
    println!(
        "login / bound:               SQLite {:.2}, PostgreSQL {:.2}, 2 instances {:.2}",
        lite.login / bound,
        pg1.login / bound,
        pg2.login / bound
    );
    println!(
        "2 instances / 1 (PostgreSQL): login {:.2}, refresh {:.2}, ingest {:.2}, pull {:.2} (target ≥ 0.85)",
        pg2.login / pg1.login,
        pg2.refresh / pg1.refresh,
        pg2.ingest / pg1.ingest,
        pg2.pull / pg1.pull
    );
    println!(
        "PostgreSQL / SQLite (1 instance): login {:.2}, refresh {:.2}, ingest {:.2}, pull {:.2}",
        pg1.login / lite.login,
        pg1.refresh / lite.refresh,
        pg1.ingest / lite.ingest,
        pg1.pull / lite.pull
    );
    Ok(())
}
