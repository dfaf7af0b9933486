//! Load and soak (a bench binary that prints figures; `cargo xtask bench` runs it).
//!
//! The release `haven-sync serve` (SQLite, the embedded default) runs as its own process, so its
//! RSS is the service's alone. Every patient and clinician is made through the real routes
//! (invitation, account, email link, consent; authenticator app for the second step), then each
//! simulated person acts on their own at random times (Poisson), so that together they send a
//! steady mix for the whole run:
//!
//! * 70 % sync: a patient pushes 1–10 new values or pulls what changed; a clinician lists their
//!   patients or reads one patient's values;
//! * 20 % refresh (token rotation);
//! * 8 % sign-in with the second step (password, then a TOTP code; never the same code twice);
//! * 2 % exports (a patient asks for a CSV, confirming the password first when the sign-in is
//!   older than the 10-minute window; clinicians read instead).
//!
//! Latency is each request's own, from sending to the answer; a person still busy with one
//! operation starts the next late, so the operations/s line says whether the asked rate held.
//! It prints throughput, p50/p99 latency and errors per route (the target: no error but 429),
//! the service's RSS every 10 s and its growth over the last 5 minutes (target: flat), then
//! checks nothing was lost: every value the service acknowledged is there when each patient
//! pulls everything at the end. It fails when a target other than memory's is missed. The RSS
//! chart goes to `HAVEN_SOAK_CHART` (an SVG path; default the system's temp dir, so a run
//! leaves the tree as it was).
//!
//! Environment: HAVEN_SOAK_SECS (default 600), HAVEN_SOAK_RATE (operations per second, default
//! 100), HAVEN_SOAK_PATIENTS (default 500), HAVEN_SOAK_CLINICIANS (default 20), HAVEN_SOAK_WRAP
//! (a command the service runs under, such as a heap profiler), HAVEN_SOAK_EDITS=1 (once a
//! patient has 20 values, each push changes values they already have instead of adding new
//! ones: the stored data stops growing, to tell memory that grows with it from memory that
//! does not), HAVEN_SOAK_HISTORY (values each patient has before the load starts, pushed through
//! the route; default 1,000; 0 starts empty).
//!
//! Why a history: the service's memory follows the largest answers it builds, and a clinician's
//! read, an export's pages and a device's first pull hold up to 1,000 values. Started empty,
//! those answers grow with each patient's data for the first hour at this rate, and the RSS with
//! them (+0.13 to +0.31 MiB/min after 10 minutes, over 45). On a deployment that has been
//! running they are full-size from the start: with each patient's first 1,000 values pushed
//! before the load the RSS levels off after 10 minutes (+0.02 to +0.09 MiB/min in each later 5,
//! over 45) while the stored values double.

// Only `obs` and `PASSWORD` are used here.
#[allow(dead_code)]
mod support;

use reqwest::StatusCode;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use support::PASSWORD;

const BIN: &str = env!("CARGO_BIN_EXE_haven-sync");

fn env_n(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// What one route saw.
#[derive(Default)]
struct RouteStats {
    micros: Vec<u32>,
    limited: u64,
    errors: u64,
    samples: Vec<String>,
}

#[derive(Default)]
struct Stats(Mutex<BTreeMap<&'static str, RouteStats>>);

impl Stats {
    fn record(&self, route: &'static str, took: Duration, outcome: Result<StatusCode, String>) {
        let mut all = self.0.lock().unwrap_or_else(|p| p.into_inner());
        let s = all.entry(route).or_default();
        s.micros.push(took.as_micros().min(u32::MAX as u128) as u32);
        match outcome {
            Ok(st) if st.is_success() => {}
            Ok(StatusCode::TOO_MANY_REQUESTS) => s.limited += 1,
            Ok(st) => {
                s.errors += 1;
                if s.samples.len() < 3 {
                    s.samples.push(st.to_string());
                }
            }
            Err(e) => {
                s.errors += 1;
                if s.samples.len() < 3 {
                    s.samples.push(e);
                }
            }
        }
    }
}

/// Sends one request and records it under `route`; answers the status and JSON body.
async fn call(stats: &Stats, route: &'static str, req: reqwest::RequestBuilder) -> Option<(StatusCode, Value)> {
    let t = Instant::now();
    match req.send().await {
        Ok(resp) => {
            let status = resp.status();
            let body = resp.json::<Value>().await.unwrap_or(Value::Null);
            stats.record(route, t.elapsed(), Ok(status));
            Some((status, body))
        }
        Err(e) => {
            stats.record(route, t.elapsed(), Err(e.without_url().to_string()));
            None
        }
    }
}

struct Service {
    child: Child,
    url: String,
    admin: (String, String),
    outbox_key: String,
}

fn start_service(dir: &std::path::Path) -> anyhow::Result<Service> {
    let db = format!("sqlite://{}", dir.join("soak.db").display());
    // HAVEN_SOAK_WRAP runs the service under a profiler (e.g. `heaptrack -o /tmp/soak`); the
    // RSS figures are then the wrapper's, so use it to find growth, not to measure it.
    let wrap = std::env::var("HAVEN_SOAK_WRAP").unwrap_or_default();
    let mut words = wrap.split_whitespace();
    let mut command = match words.next() {
        Some(program) => {
            let mut c = Command::new(program);
            c.args(words).arg(BIN);
            c
        }
        None => Command::new(BIN),
    };
    let mut child = command
        .args(["serve", "--demo", "--delivery", "dev", "--database-url", &db, "--bind", "127.0.0.1:0"])
        .env("HAVEN_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()?;
    let mut out = BufReader::new(child.stdout.take().ok_or_else(|| anyhow::anyhow!("stdout"))?);
    let (mut admin, mut url, mut outbox_key) = (None, None, None);
    while url.is_none() {
        let mut line = String::new();
        anyhow::ensure!(out.read_line(&mut line)? > 0, "serve exited");
        if let Some((_, key)) = line.split_once("X-Haven-Outbox-Key: ") {
            outbox_key = Some(key.trim().trim_end_matches(')').to_owned());
        }
        if let Some(a) = line.trim().strip_prefix("admin:") {
            admin = a.trim().split_once(" / ").map(|(e, p)| (e.to_owned(), p.to_owned()));
        }
        if line.contains("listening on") {
            url = line.split_whitespace().last().map(str::to_owned);
        }
    }
    std::thread::spawn(move || for _ in out.lines() {});
    Ok(Service {
        child,
        url: url.unwrap_or_default(),
        admin: admin.ok_or_else(|| anyhow::anyhow!("no admin line"))?,
        outbox_key: outbox_key.ok_or_else(|| anyhow::anyhow!("no development inbox line"))?,
    })
}

fn rss_mib(pid: u32) -> f64 {
    status_mib(pid, "VmRSS:")
}

/// One memory figure of /proc/PID/status, in MiB (0 when it cannot be read).
fn status_mib(pid: u32, key: &str) -> f64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines().find_map(|l| l.strip_prefix(key).and_then(|v| v.split_whitespace().next()?.parse::<f64>().ok()))
        })
        .map_or(0.0, |kib| kib / 1024.0)
}

/// The service's threads (tokio's workers and blocking pool, SQLite's connection threads, the
/// hashing threads).
fn threads(pid: u32) -> usize {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| s.lines().find_map(|l| l.strip_prefix("Threads:")?.trim().parse().ok()))
        .unwrap_or(0)
}

/// Where the anonymous RSS is, from /proc/PID/smaps (MiB): glibc's main heap (`[heap]`), its
/// per-thread arenas (mappings at 64 MiB-aligned addresses, at most 64 MiB each; their count),
/// and everything else anonymous (thread stacks, large allocations mapped on their own).
fn anon_breakdown(pid: u32) -> (f64, f64, usize, f64) {
    const ARENA: u64 = 64 << 20;
    let Ok(smaps) = std::fs::read_to_string(format!("/proc/{pid}/smaps")) else { return (0.0, 0.0, 0, 0.0) };
    let (mut heap, mut arenas, mut count, mut other) = (0u64, 0u64, 0usize, 0u64);
    let mut current: Option<(u64, u64, bool, bool)> = None; // start, size, anonymous, [heap]
    for line in smaps.lines() {
        let mut fields = line.split_whitespace();
        let first = fields.next().unwrap_or_default();
        if let Some((a, b)) = first.split_once('-').filter(|_| !first.ends_with(':')) {
            let (Ok(a), Ok(b)) = (u64::from_str_radix(a, 16), u64::from_str_radix(b, 16)) else { continue };
            let name = fields.nth(4);
            current = Some((a, b - a, name.is_none(), name == Some("[heap]")));
        } else if first == "Rss:" {
            let kib: u64 = fields.next().and_then(|v| v.parse().ok()).unwrap_or(0);
            match current {
                Some((_, _, _, true)) => heap += kib,
                Some((start, size, true, false)) if start % ARENA == 0 && size <= ARENA => {
                    arenas += kib;
                    count += 1;
                }
                Some((_, _, true, false)) => other += kib,
                _ => {}
            }
        }
    }
    let mib = |k: u64| k as f64 / 1024.0;
    (mib(heap), mib(arenas), count, mib(other))
}

/// The service's open file descriptors (its client connections, database files, …).
fn open_fds(pid: u32) -> usize {
    std::fs::read_dir(format!("/proc/{pid}/fd")).map_or(0, |d| d.count())
}

#[derive(Clone, Copy, PartialEq)]
enum Who {
    Patient,
    Clinician,
}

/// One simulated person: their TOTP secret, their current session, what they pushed.
struct Person {
    email: String,
    who: Who,
    secret: Vec<u8>,
    access: String,
    refresh: String,
    signed_in: Instant,
    last_step: u64,
    cursor: Option<String>,
    /// The ids of every value the service acknowledged.
    acknowledged: std::collections::HashSet<String>,
    /// HAVEN_SOAK_EDITS: the patient's 20 ids, by slot.
    slots: std::collections::HashMap<usize, String>,
    /// Operations this person carried out (each one request or more).
    ops: usize,
    /// Items of a push the service refused (none should be: every value is valid).
    refused: usize,
    device: String,
}

fn now_s() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

fn totp(secret: &[u8], at: u64) -> String {
    haven_sync::twostep::totp(secret.to_vec(), "soak").map(|t| t.generate(at).to_string()).unwrap_or_default()
}

/// The latest token the outbox holds for `to` starting with `prefix`.
fn token_for(outbox: &Value, to: &str, prefix: &str) -> Option<String> {
    outbox["messages"].as_array()?.iter().filter(|m| m["to"] == to).find_map(|m| {
        let body = m["body"].as_str()?;
        let start = body.find(prefix)?;
        Some(body[start..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-').collect())
    })
}

struct Load {
    http: reqwest::Client,
    url: String,
    outbox_key: String,
    stats: Stats,
    /// HAVEN_SOAK_EDITS: pushes change existing values once a patient has 20.
    edits: bool,
}

impl Load {
    fn post(&self, path: &str, body: Value, token: Option<&str>) -> reqwest::RequestBuilder {
        let r = self.http.post(format!("{}{path}", self.url)).json(&body);
        match token {
            Some(t) => r.bearer_auth(t),
            None => r,
        }
    }
    fn get(&self, path: &str, token: &str) -> reqwest::RequestBuilder {
        self.http.get(format!("{}{path}", self.url)).bearer_auth(token)
    }

    /// Password, then a TOTP code of a 30-second step this person has not used yet.
    async fn sign_in(&self, p: &mut Person) -> bool {
        // Signed in within this 30-second step already: the app would refresh instead.
        if now_s() / 30 <= p.last_step {
            self.refresh(p).await;
            return true;
        }
        let body = json!({"email": p.email, "password": PASSWORD, "device": {"id": p.device, "name": "soak", "platform": "linux"}});
        let Some((StatusCode::OK, v)) =
            call(&self.stats, "POST /v1/auth/login", self.post("/v1/auth/login", body, None)).await
        else {
            return false;
        };
        let Some(challenge) = v["challenge_id"].as_str() else { return false };
        // Only if the clock went back since the check above.
        while now_s() / 30 <= p.last_step {
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
        let step = now_s() / 30;
        let body = json!({"method": "totp", "code": totp(&p.secret, step * 30), "remember_device": false});
        let path = format!("/v1/auth/challenges/{challenge}/verify");
        let Some((StatusCode::OK, v)) =
            call(&self.stats, "POST /v1/auth/challenges/{id}/verify", self.post(&path, body, None)).await
        else {
            return false;
        };
        p.last_step = step;
        self.take_tokens(p, &v)
    }

    fn take_tokens(&self, p: &mut Person, v: &Value) -> bool {
        match (v["tokens"]["access_token"].as_str(), v["tokens"]["refresh_token"].as_str()) {
            (Some(a), Some(r)) => {
                (p.access, p.refresh, p.signed_in) = (a.to_owned(), r.to_owned(), Instant::now());
                true
            }
            _ => false,
        }
    }

    async fn refresh(&self, p: &mut Person) {
        let body = json!({"refresh_token": p.refresh});
        if let Some((StatusCode::OK, v)) =
            call(&self.stats, "POST /v1/auth/refresh", self.post("/v1/auth/refresh", body, None)).await
        {
            if let (Some(a), Some(r)) = (v["tokens"]["access_token"].as_str(), v["tokens"]["refresh_token"].as_str()) {
                (p.access, p.refresh) = (a.to_owned(), r.to_owned());
            }
        }
    }

    async fn push(&self, p: &mut Person, rng: &mut impl rand::Rng) {
        let n = rng.gen_range(1..=10usize);
        let at = now_s() as i64 - 3600;
        // With HAVEN_SOAK_EDITS each patient keeps 20 ids, one per slot; a slot's values keep
        // their kind (`obs` picks it from k % 4), and a push uses each slot once at most.
        let slots = rand::seq::index::sample(rng, 20, n);
        let items: Vec<Value> = (0..n)
            .map(|i| {
                // `obs(k, base)` is recorded at base + k minutes: an hour ago, a minute apart.
                let k = match self.edits {
                    true => slots.index(i) + 20 * rng.gen_range(0..50usize),
                    false => rng.gen_range(0..1000usize),
                };
                let mut o = support::obs(k, at - (k as i64 + i as i64) * 60);
                let id = match self.edits {
                    true => p.slots.entry(k % 20).or_insert_with(|| uuid::Uuid::now_v7().to_string()).clone(),
                    false => uuid::Uuid::now_v7().to_string(),
                };
                o["id"] = json!(id);
                o
            })
            .collect();
        let r = call(
            &self.stats,
            "POST /v1/sync/push",
            self.post("/v1/sync/push", json!({"observations": items}), Some(&p.access)),
        )
        .await;
        if let Some((StatusCode::OK, v)) = r {
            p.acknowledged
                .extend(v["accepted"].as_array().into_iter().flatten().filter_map(|id| id.as_str().map(str::to_owned)));
            p.refused += v["rejected"].as_array().map_or(0, Vec::len);
        }
    }

    /// `n` values for this patient before the load, pushed through the route 500 at a time,
    /// recorded a minute apart up to two hours ago.
    async fn history(&self, p: &mut Person, n: usize) -> anyhow::Result<()> {
        let end = now_s() as i64 - 2 * 3600;
        for batch in (0..n).collect::<Vec<_>>().chunks(500) {
            let items: Vec<Value> = batch
                .iter()
                .map(|&k| {
                    // `obs(k, base)` is recorded at base + k minutes.
                    let mut o = support::obs(k, end - n as i64 * 60);
                    o["id"] = json!(uuid::Uuid::now_v7().to_string());
                    o
                })
                .collect();
            let r = self.post("/v1/sync/push", json!({"observations": items}), Some(&p.access)).send().await?;
            anyhow::ensure!(r.status() == StatusCode::OK, "history for {}: {}", p.email, r.status());
            let v: Value = r.json().await?;
            anyhow::ensure!(v["rejected"].as_array().is_none_or(Vec::is_empty), "history refused: {v}");
            p.acknowledged
                .extend(v["accepted"].as_array().into_iter().flatten().filter_map(|id| id.as_str().map(str::to_owned)));
        }
        Ok(())
    }

    async fn pull(&self, p: &mut Person) {
        let mut req = self.get("/v1/sync/pull", &p.access).query(&[("limit", "1000")]);
        if let Some(c) = &p.cursor {
            req = req.query(&[("since", c)]);
        }
        if let Some((StatusCode::OK, v)) = call(&self.stats, "GET /v1/sync/pull", req).await {
            p.cursor = v["cursor"].as_str().map(str::to_owned);
        }
    }

    async fn clinician_read(&self, p: &Person, rng: &mut impl rand::Rng) {
        let Some((StatusCode::OK, v)) =
            call(&self.stats, "GET /v1/patients", self.get("/v1/patients", &p.access)).await
        else {
            return;
        };
        let ids: Vec<&str> = v["patients"].as_array().into_iter().flatten().filter_map(|x| x["id"].as_str()).collect();
        if ids.is_empty() {
            return;
        }
        let id = ids[rng.gen_range(0..ids.len())];
        let req = self.get(&format!("/v1/patients/{id}/observations"), &p.access).query(&[("limit", "1000")]);
        call(&self.stats, "GET /v1/patients/{id}/observations", req).await;
    }

    async fn export(&self, p: &mut Person) {
        // The app asks for the password again once the sign-in is older than 10 minutes.
        if p.signed_in.elapsed() > Duration::from_secs(9 * 60) {
            let r = call(
                &self.stats,
                "POST /v1/auth/reauth",
                self.post("/v1/auth/reauth", json!({"password": PASSWORD}), Some(&p.access)),
            )
            .await;
            if !matches!(r, Some((StatusCode::OK, _))) {
                return;
            }
            p.signed_in = Instant::now();
        }
        // As the Downloads page: the list first, and a new one only when none is being prepared.
        let list = call(&self.stats, "GET /v1/me/exports", self.get("/v1/me/exports", &p.access)).await;
        let Some((StatusCode::OK, list)) = list else { return };
        let open = list["exports"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|j| matches!(j["status"].as_str(), Some("pending" | "running")));
        if !open {
            let body = json!({"format": "csv"});
            call(&self.stats, "POST /v1/me/exports", self.post("/v1/me/exports", body, Some(&p.access))).await;
        }
    }

    /// One person's turn: an operation drawn from the mix.
    async fn act(&self, p: &mut Person, rng: &mut impl rand::Rng) {
        p.ops += 1;
        let roll = rng.gen_range(0..100);
        match (roll, p.who) {
            (0..70, Who::Patient) if rng.gen_bool(0.5) => self.push(p, rng).await,
            (0..70, Who::Patient) => self.pull(p).await,
            (0..70, Who::Clinician) | (98.., Who::Clinician) => self.clinician_read(p, rng).await,
            (70..90, _) => self.refresh(p).await,
            (90..98, _) => {
                self.sign_in(p).await;
            }
            _ => self.export(p).await,
        }
    }
}

/// Makes `n` people of one role through the real routes, 100 at a time (the outbox shows the
/// latest 500 messages).
async fn onboard(
    load: &Load,
    admin: &str,
    deployment: &str,
    who: Who,
    n: usize,
    first: usize,
) -> anyhow::Result<Vec<Person>> {
    let role = if who == Who::Patient { "patient" } else { "clinician" };
    let outbox = || async {
        let outbox =
            load.http.get(format!("{}/v1/dev/outbox", load.url)).header("X-Haven-Outbox-Key", &load.outbox_key);
        anyhow::Ok(outbox.send().await?.json::<Value>().await?)
    };
    let mut people = Vec::new();
    for chunk in (first..first + n).collect::<Vec<_>>().chunks(100) {
        let emails: Vec<String> = chunk.iter().map(|i| format!("{role}{i}@soak.test")).collect();
        for e in &emails {
            let r = load
                .post("/v1/invites", json!({"email": e, "role": role, "deployment_id": deployment}), Some(admin))
                .send()
                .await?;
            anyhow::ensure!(r.status() == 201, "invite {e}: {}", r.text().await?);
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
        let mail = outbox().await?;
        for e in &emails {
            let token = token_for(&mail, e, "hvi_").ok_or_else(|| anyhow::anyhow!("no invite for {e}"))?;
            let body =
                json!({"invite_token": token, "name": "Soak Person", "password": PASSWORD, "accept_terms": true});
            let r = load.post("/v1/accounts", body, None).send().await?;
            anyhow::ensure!(r.status() == 201, "account {e}: {}", r.text().await?);
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
        let mail = outbox().await?;
        for e in &emails {
            let token = token_for(&mail, e, "hve_").ok_or_else(|| anyhow::anyhow!("no link for {e}"))?;
            let r = load.post("/v1/accounts/verify-email", json!({"token": token}), None).send().await?;
            anyhow::ensure!(r.status() == 200, "verify {e}: {}", r.text().await?);
            people.push(enrol(load, e, who).await?);
        }
    }
    Ok(people)
}

/// First sign-in: the authenticator app set up (and for a patient, consent signed and two-step
/// turned on; a clinician's set-up asks for it, then the disclaimer).
async fn enrol(load: &Load, email: &str, who: Who) -> anyhow::Result<Person> {
    let device = format!("soak-{email}");
    let body =
        json!({"email": email, "password": PASSWORD, "device": {"id": device, "name": "soak", "platform": "linux"}});
    let v: Value = load.post("/v1/auth/login", body, None).send().await?.json().await?;
    let mut p = Person {
        email: email.to_owned(),
        who,
        secret: Vec::new(),
        access: String::new(),
        refresh: String::new(),
        signed_in: Instant::now(),
        last_step: 0,
        cursor: None,
        acknowledged: Default::default(),
        slots: Default::default(),
        ops: 0,
        refused: 0,
        device,
    };
    let bearer = match who {
        Who::Clinician => v["setup_token"].as_str().ok_or_else(|| anyhow::anyhow!("clinician login: {v}"))?.to_owned(),
        Who::Patient => {
            anyhow::ensure!(load.take_tokens(&mut p, &v), "patient login: {v}");
            let version: Value = load.http.get(format!("{}/v1/legal/consent", load.url)).send().await?.json().await?;
            let r = load.post("/v1/me/consent", json!({"version": version["version"]}), Some(&p.access)).send().await?;
            anyhow::ensure!(r.status().is_success(), "consent: {}", r.text().await?);
            p.access.clone()
        }
    };
    let en: Value = load.post("/v1/me/totp", json!(null), Some(&bearer)).send().await?.json().await?;
    let b32 = en["secret"].as_str().ok_or_else(|| anyhow::anyhow!("totp: {en}"))?;
    p.secret = totp_rs::Secret::try_from_base32(b32).map_err(|e| anyhow::anyhow!("{e:?}"))?.as_bytes().to_vec();
    p.last_step = now_s() / 30;
    let r = load.post("/v1/me/totp/confirm", json!({"code": totp(&p.secret, now_s())}), Some(&bearer)).send().await?;
    anyhow::ensure!(r.status() == 200, "confirm: {}", r.text().await?);
    let v: Value = r.json().await?;
    match who {
        Who::Clinician => {
            anyhow::ensure!(load.take_tokens(&mut p, &v), "clinician set-up: {v}");
            let r = load.post("/v1/me/disclaimer", json!({"accepted": true}), Some(&p.access)).send().await?;
            anyhow::ensure!(r.status().is_success(), "disclaimer: {}", r.text().await?);
        }
        Who::Patient => {
            let r = load
                .http
                .put(format!("{}/v1/me/two-step", load.url))
                .bearer_auth(&p.access)
                .json(&json!({"enabled": true, "method": "totp"}))
                .send()
                .await?;
            anyhow::ensure!(r.status() == 200, "two-step: {}", r.text().await?);
        }
    }
    Ok(p)
}

fn percentile(sorted: &[u32], q: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * q).round() as usize;
    sorted[i] as f64 / 1000.0
}

/// Least-squares slope of (seconds, MiB), in MiB per minute.
fn slope_per_min(points: &[(f64, f64)]) -> f64 {
    let n = points.len() as f64;
    if n < 2.0 {
        return 0.0;
    }
    let (sx, sy) = points.iter().fold((0.0, 0.0), |(a, b), (x, y)| (a + x, b + y));
    let (mx, my) = (sx / n, sy / n);
    let (num, den) = points.iter().fold((0.0, 0.0), |(a, b), (x, y)| (a + (x - mx) * (y - my), b + (x - mx).powi(2)));
    if den == 0.0 {
        0.0
    } else {
        num / den * 60.0
    }
}

fn chart(points: &[(f64, f64)], path: &std::path::Path, title: &str) -> std::io::Result<()> {
    let (w, h, pad) = (640.0, 320.0, 48.0);
    let max_t = points.iter().map(|p| p.0).fold(1.0, f64::max);
    let max_m = points.iter().map(|p| p.1).fold(1.0, f64::max) * 1.2;
    let x = |t: f64| pad + t / max_t * (w - 2.0 * pad);
    let y = |m: f64| h - pad - m / max_m * (h - 2.0 * pad);
    let line: Vec<String> = points.iter().map(|(t, m)| format!("{:.1},{:.1}", x(*t), y(*m))).collect();
    let mut svg = format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="sans-serif" font-size="12">
<rect width="100%" height="100%" fill="#fff"/>
<text x="{pad}" y="24" font-size="14">{title}</text>
<line x1="{pad}" y1="{b}" x2="{r}" y2="{b}" stroke="#333"/><line x1="{pad}" y1="{pad}" x2="{pad}" y2="{b}" stroke="#333"/>
<polyline fill="none" stroke="#1f6feb" stroke-width="2" points="{pts}"/>
<text x="{r}" y="{lb}" text-anchor="end">{mt:.0} s</text><text x="{pad}" y="{lb}">0</text>
<text x="6" y="{yt:.1}">{mm:.0} MiB</text><text x="6" y="{b}">0</text>
"##,
        b = h - pad,
        r = w - pad,
        lb = h - pad + 18.0,
        pts = line.join(" "),
        mt = max_t,
        yt = y(max_m) + 4.0,
        mm = max_m,
    );
    svg.push_str("</svg>\n");
    std::fs::write(path, svg)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let secs = env_n("HAVEN_SOAK_SECS", 600);
    let rate = env_n("HAVEN_SOAK_RATE", 100) as f64;
    let (patients, clinicians) =
        (env_n("HAVEN_SOAK_PATIENTS", 500) as usize, env_n("HAVEN_SOAK_CLINICIANS", 20) as usize);
    let dir = tempfile::tempdir()?;
    let mut service = start_service(dir.path())?;
    let pid = service.child.id();
    let http = reqwest::Client::builder().pool_max_idle_per_host(1024).timeout(Duration::from_secs(60)).build()?;
    let load = Arc::new(Load {
        http,
        url: service.url.clone(),
        outbox_key: service.outbox_key.clone(),
        stats: Stats::default(),
        edits: std::env::var("HAVEN_SOAK_EDITS").is_ok_and(|v| v == "1"),
    });

    let t = Instant::now();
    let (admin_email, admin_password) = service.admin.clone();
    let v: Value = load
        .post("/v1/auth/login", json!({"email": admin_email, "password": admin_password, "device": {"id": "soak-admin", "name": "soak", "platform": "linux"}}), None)
        .send()
        .await?
        .json()
        .await?;
    let admin = v["tokens"]["access_token"].as_str().ok_or_else(|| anyhow::anyhow!("admin login: {v}"))?.to_owned();
    let me: Value = load.get("/v1/me", &admin).send().await?.json().await?;
    let deployment = me["deployment"]["id"].as_str().ok_or_else(|| anyhow::anyhow!("me: {me}"))?.to_owned();
    let mut people = onboard(&load, &admin, &deployment, Who::Clinician, clinicians, 0).await?;
    people.extend(onboard(&load, &admin, &deployment, Who::Patient, patients, 0).await?);
    println!(
        "soak: {} patients and {} clinicians made through the routes in {:.0} s; service RSS {:.1} MiB",
        patients,
        clinicians,
        t.elapsed().as_secs_f64(),
        rss_mib(pid)
    );

    let history = env_n("HAVEN_SOAK_HISTORY", 1000) as usize;
    if history > 0 {
        let t = Instant::now();
        for p in people.iter_mut().filter(|p| p.who == Who::Patient) {
            load.history(p, history).await?;
        }
        println!(
            "  each patient's history: {history} values, pushed in {:.0} s; service RSS {:.1} MiB",
            t.elapsed().as_secs_f64(),
            rss_mib(pid)
        );
    }

    // The RSS every 10 s.
    let rss = Arc::new(Mutex::new(Vec::<(f64, f64)>::new()));
    let fds = Arc::new(Mutex::new(Vec::<usize>::new()));
    // What the RSS is made of: the heap and stacks (anonymous) against mapped files (the binary).
    let parts = Arc::new(Mutex::new(Vec::<(f64, f64)>::new()));
    let thread_counts = Arc::new(Mutex::new(Vec::<usize>::new()));
    let start = Instant::now();
    let sampler = {
        let (rss, fds, parts, thread_counts) = (rss.clone(), fds.clone(), parts.clone(), thread_counts.clone());
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_secs(10));
            loop {
                tick.tick().await;
                rss.lock().unwrap_or_else(|p| p.into_inner()).push((start.elapsed().as_secs_f64(), rss_mib(pid)));
                fds.lock().unwrap_or_else(|p| p.into_inner()).push(open_fds(pid));
                let part = (status_mib(pid, "RssAnon:"), status_mib(pid, "RssFile:"));
                parts.lock().unwrap_or_else(|p| p.into_inner()).push(part);
                thread_counts.lock().unwrap_or_else(|p| p.into_inner()).push(threads(pid));
            }
        })
    };
    let deadline = start + Duration::from_secs(secs);
    let mean_gap = people.len() as f64 / rate;
    let mut tasks = Vec::new();
    for (i, mut p) in people.into_iter().enumerate() {
        let load = load.clone();
        tasks.push(tokio::spawn(async move {
            use rand::{Rng, SeedableRng};
            let mut rng = rand::rngs::StdRng::seed_from_u64(i as u64);
            let mut wake = start;
            loop {
                // Exponential gaps: each person acts at random, all together at `rate`. Times
                // are drawn ahead (open loop), so a slow answer does not lower the rate asked.
                wake += Duration::from_secs_f64(-mean_gap * (1.0 - rng.gen::<f64>()).ln());
                if wake >= deadline {
                    break;
                }
                tokio::time::sleep_until(wake.into()).await;
                load.act(&mut p, &mut rng).await;
            }
            p
        }));
    }
    let mut people = Vec::new();
    for t in tasks {
        people.push(t.await?);
    }
    let ran = start.elapsed().as_secs_f64();
    sampler.abort();
    // As the load ends, before the final pulls.
    let (heap, arenas, arena_count, other) = anon_breakdown(pid);
    let rss = rss.lock().unwrap_or_else(|p| p.into_inner()).clone();

    // Nothing lost: each patient pulls everything, and every id the service acknowledged is there.
    let (mut missing, mut acknowledged, mut refused) = (0usize, 0usize, 0usize);
    let ops: usize = people.iter().map(|p| p.ops).sum();
    for p in people.iter_mut().filter(|p| p.who == Who::Patient) {
        let (mut since, mut have) = (None::<String>, std::collections::HashSet::new());
        loop {
            let mut req = load.get("/v1/sync/pull", &p.access).query(&[("limit", "5000")]);
            if let Some(c) = &since {
                req = req.query(&[("since", c)]);
            }
            let resp = req.send().await?;
            anyhow::ensure!(resp.status() == StatusCode::OK, "final pull for {}: {}", p.email, resp.status());
            let v: Value = resp.json().await?;
            have.extend(
                v["observations"].as_array().into_iter().flatten().filter_map(|o| o["id"].as_str().map(str::to_owned)),
            );
            since = v["cursor"].as_str().map(str::to_owned);
            if v["more"] != json!(true) {
                break;
            }
        }
        acknowledged += p.acknowledged.len();
        refused += p.refused;
        missing += p.acknowledged.difference(&have).count();
    }

    let all = std::mem::take(&mut *load.stats.0.lock().unwrap_or_else(|p| p.into_inner()));
    let total: usize = all.values().map(|s| s.micros.len()).sum();
    let errors: u64 = all.values().map(|s| s.errors).sum();
    println!(
        "soak: {ops} operations in {ran:.0} s = {:.1}/s (asked {rate}/s), {total} requests = {:.1}/s, against the release service on SQLite",
        ops as f64 / ran,
        total as f64 / ran
    );
    println!("  {:<40} {:>7} {:>9} {:>9} {:>6} {:>6}", "route", "count", "p50 ms", "p99 ms", "429", "errors");
    for (route, s) in &all {
        let mut sorted = s.micros.clone();
        sorted.sort_unstable();
        println!(
            "  {route:<40} {:>7} {:>9.1} {:>9.1} {:>6} {:>6}{}",
            sorted.len(),
            percentile(&sorted, 0.5),
            percentile(&sorted, 0.99),
            s.limited,
            s.errors,
            if s.samples.is_empty() { String::new() } else { format!("  e.g. {}", s.samples.join("; ")) }
        );
    }
    let line: Vec<String> = rss.iter().map(|(t, m)| format!("{t:.0}s {m:.1}")).collect();
    println!("  service RSS (MiB) every 10 s: {}", line.join(", "));
    let fds: Vec<String> = fds.lock().unwrap_or_else(|p| p.into_inner()).iter().map(usize::to_string).collect();
    println!("  its open file descriptors (connections and files) every 10 s: {}", fds.join(", "));
    let parts: Vec<String> =
        parts.lock().unwrap_or_else(|p| p.into_inner()).iter().map(|(a, f)| format!("{a:.1}/{f:.1}")).collect();
    println!("  of its RSS, anonymous/file-backed (MiB) every 10 s: {}", parts.join(", "));
    let counts: Vec<String> =
        thread_counts.lock().unwrap_or_else(|p| p.into_inner()).iter().map(usize::to_string).collect();
    println!("  its threads every 10 s: {}", counts.join(", "));
    println!(
        "  anonymous RSS as the load ended (MiB): main heap {heap:.1}, {arena_count} per-thread arenas {arenas:.1}, other (stacks, large blocks) {other:.1}"
    );
    let last5: Vec<(f64, f64)> = rss.iter().copied().filter(|(t, _)| *t >= ran - 300.0).collect();
    let lo = last5.iter().map(|p| p.1).reduce(f64::min).unwrap_or(0.0);
    let hi = last5.iter().map(|p| p.1).reduce(f64::max).unwrap_or(0.0);
    println!(
        "  last 5 minutes: RSS {lo:.1}–{hi:.1} MiB, trend {:+.2} MiB/min (target: flat); errors other than 429: {errors} (target 0)",
        slope_per_min(&last5)
    );
    println!(
        "  nothing lost: {acknowledged} values acknowledged, {missing} missing after a full pull (target 0); {refused} refused items (target 0)"
    );
    let chart_path = std::env::var_os("HAVEN_SOAK_CHART")
        .map_or_else(|| std::env::temp_dir().join("haven-soak-rss.svg"), std::path::PathBuf::from);
    let title = format!(
        "haven-sync RSS under {:.0} requests/s, {} people, {:.0} s",
        total as f64 / ran,
        patients + clinicians,
        ran
    );
    chart(&rss, &chart_path, &title)?;
    println!("  chart: {}", chart_path.display());

    let _ = service.child.kill();
    let _ = service.child.wait();
    anyhow::ensure!(!rss.is_empty() && lo > 0.0, "the service's RSS could not be read (/proc)");
    anyhow::ensure!(errors == 0 && missing == 0 && refused == 0, "soak: targets missed (see above)");
    Ok(())
}
