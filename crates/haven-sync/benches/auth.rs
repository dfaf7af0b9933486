//! Auth throughput benchmark (a bench binary that prints figures; run `cargo xtask bench`).
//!
//! * Login: concurrent password logins over real HTTP against the bound `cores ÷ argon2 time`,
//!   where the Argon2id verification time is measured in the same run. Target ≥ 0.9 of the bound.
//! * Refresh: concurrent refresh-token rotations over real HTTP on SQLite. Target ≥ 1000/s.
//!
//! Environment: HAVEN_BENCH_LOGINS (default 200), HAVEN_BENCH_REFRESHES (default 10000),
//! HAVEN_BENCH_CLIENTS (default 8).

use haven_api::Role;
use haven_i18n::Lang;
use haven_sync::clock::SystemClock;
use haven_sync::config::Config;
use haven_sync::invites::Invitee;
use serde_json::{json, Value};
use std::sync::Arc;
use std::time::Instant;

const PASSWORD: &str = "violet-tundra-cobalt-91";

fn env_n(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    // `cargo bench` passes --bench; nothing else to parse.
    let logins = env_n("HAVEN_BENCH_LOGINS", 400);
    let refreshes = env_n("HAVEN_BENCH_REFRESHES", 10_000);
    let clients = env_n("HAVEN_BENCH_CLIENTS", 8);
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    let dir = tempfile::tempdir()?;
    let mut config = Config::dev(format!("sqlite://{}", dir.path().join("bench.db").display()));
    config.limits.address_failures = u32::MAX;
    let running = haven_sync::start(config, Arc::new(SystemClock)).await?;
    let state = running.state.clone();
    let url = running.url();
    let http = reqwest::Client::builder().pool_max_idle_per_host(64).build()?;

    // One verified user per client (concurrent logins of one account would count against that
    // account's back-off until they succeed), created through the real routes; verification
    // tokens are read from the dev outbox.
    let mut tx = state.db.begin().await?;
    let dep =
        haven_sync::invites::insert_deployment(&mut tx, "Bench", None, 0).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    tx.commit().await?;
    let emails: Vec<String> = (0..clients).map(|i| format!("bench{i}@haven.test")).collect();
    for email in &emails {
        let mut tx = state.db.begin().await?;
        let inv = haven_sync::invites::issue_invite(
            &mut tx,
            &state,
            &dep,
            Invitee { email, role: Role::Patient, lang: Lang::En },
            None,
            None,
        )
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
        tx.commit().await?;
        let r = http
            .post(format!("{url}/v1/accounts"))
            .json(&json!({"invite_token": inv.token, "name": "Bench", "password": PASSWORD, "accept_terms": true}))
            .send()
            .await?;
        anyhow::ensure!(r.status() == 201, "account: {}", r.text().await?);
        let key = state.config.outbox_key.expose();
        let outbox: Value =
            http.get(format!("{url}/v1/dev/outbox")).header("X-Haven-Outbox-Key", key).send().await?.json().await?;
        let body = outbox["messages"][0]["body"].as_str().unwrap_or_default();
        let start = body.find("hve_").ok_or_else(|| anyhow::anyhow!("no verification token"))?;
        let vt: String =
            body[start..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-').collect();
        let r = http.post(format!("{url}/v1/accounts/verify-email")).json(&json!({"token": vt})).send().await?;
        anyhow::ensure!(r.status() == 200, "verify: {}", r.text().await?);
    }
    let email = emails[0].as_str();

    // Argon2id verification time, one at a time, measured here.
    let phc: String = haven_sync::fetch_one!(
        &state.db,
        sqlx::query_scalar("SELECT password_hash FROM users WHERE email = $1").bind(email)
    )?;
    for _ in 0..3 {
        state.hashing.verify(PASSWORD.into(), Some(phc.clone())).await?;
    }
    let n_hash = 40;
    let mut samples = Vec::with_capacity(n_hash);
    for _ in 0..n_hash {
        let t = Instant::now();
        anyhow::ensure!(state.hashing.verify(PASSWORD.into(), Some(phc.clone())).await?);
        samples.push(t.elapsed().as_secs_f64());
    }
    samples.sort_by(f64::total_cmp);
    let hash_s = samples[n_hash / 2];
    let bound = cores as f64 / hash_s;
    // The same verifications with every core busy (no HTTP, no database): the hardware's own
    // ceiling, since parallel Argon2id runs compete for memory bandwidth and cache.
    let t = Instant::now();
    let mut hs = Vec::new();
    for _ in 0..cores {
        let (h, phc) = (state.hashing.clone(), phc.clone());
        hs.push(tokio::spawn(async move {
            for _ in 0..n_hash {
                h.verify(PASSWORD.into(), Some(phc.clone())).await?;
            }
            Ok::<(), anyhow::Error>(())
        }));
    }
    for h in hs {
        h.await??;
    }
    let parallel_rate = (cores * n_hash) as f64 / t.elapsed().as_secs_f64();

    let per_client = logins.div_ceil(clients);
    let t = Instant::now();
    let mut tasks = Vec::new();
    for email in &emails {
        let body = json!({"email": email, "password": PASSWORD, "device": {"id": "bench", "name": "bench", "platform": "linux"}});
        let (http, url) = (http.clone(), url.clone());
        tasks.push(tokio::spawn(async move {
            let mut refresh = Vec::new();
            for _ in 0..per_client {
                let v: Value = http.post(format!("{url}/v1/auth/login")).json(&body).send().await?.json().await?;
                anyhow::ensure!(v["status"] == "authenticated", "login: {v}");
                refresh = vec![v["tokens"]["refresh_token"].as_str().unwrap_or_default().to_owned()];
            }
            Ok::<Vec<String>, anyhow::Error>(refresh)
        }));
    }
    let mut refresh_tokens = Vec::new();
    for task in tasks {
        refresh_tokens.extend(task.await??);
    }
    let login_s = t.elapsed().as_secs_f64();
    let login_rate = (per_client * clients) as f64 / login_s;

    let per_client = refreshes.div_ceil(clients);
    let t = Instant::now();
    let mut tasks = Vec::new();
    for token in refresh_tokens {
        let (http, url) = (http.clone(), url.clone());
        tasks.push(tokio::spawn(async move {
            let mut token = token;
            for _ in 0..per_client {
                let v: Value = http
                    .post(format!("{url}/v1/auth/refresh"))
                    .json(&json!({"refresh_token": token}))
                    .send()
                    .await?
                    .json()
                    .await?;
                token =
                    v["tokens"]["refresh_token"].as_str().ok_or_else(|| anyhow::anyhow!("refresh: {v}"))?.to_owned();
            }
            Ok::<(), anyhow::Error>(())
        }));
    }
    for task in tasks {
        task.await??;
    }
    let refresh_s = t.elapsed().as_secs_f64();
    let refresh_rate = (per_client * clients) as f64 / refresh_s;

    println!("cores:                 {cores}");
    println!("argon2id verify:       {:.1} ms (m=19 MiB, t=2, p=1; median of {n_hash})", hash_s * 1e3);
    println!("login bound:           {bound:.1} logins/s (cores / argon2 time)");
    println!("argon2id all cores:    {parallel_rate:.1} verifications/s ({:.3} of the bound)", parallel_rate / bound);
    println!(
        "login throughput:      {login_rate:.1} logins/s ({} logins, {clients} clients, {login_s:.2} s)",
        per_client_logins(logins, clients)
    );
    println!("login / bound:         {:.3} (target >= 0.9)", login_rate / bound);
    println!("refresh throughput:    {refresh_rate:.0} refreshes/s ({} rotations, {clients} clients, {refresh_s:.2} s; target >= 1000)", per_client * clients);
    running.stop().await;
    Ok(())
}

fn per_client_logins(logins: usize, clients: usize) -> usize {
    logins.div_ceil(clients) * clients
}
