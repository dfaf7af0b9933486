//! Several instances on one PostgreSQL behave as one service: each instance is a real
//! `haven-sync serve` process (so one can be killed), all on one database of the throwaway
//! cluster, delivering to one SMTP sink and one SMS gateway. Also: the database going away under
//! a running instance, instances migrating together, and trusted proxies.

use crate::common::*;
use crate::pg;
use serde_json::{json, Value};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_haven-sync");
/// Every instance runs with the same server key (it seals messages and protects TOTP secrets).
const KEY: &str = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
const PHONE: &str = "+447911000123";

struct Instance {
    child: Child,
    base: String,
}

impl Instance {
    /// Ends the process at once (SIGKILL): nothing is finished or handed over.
    fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Instance {
    fn drop(&mut self) {
        self.kill();
    }
}

/// The instances' shared database and sinks, and a client (`api`) whose `base` picks the
/// instance it calls.
struct Fleet {
    db: String,
    api: Api,
    logs: tempfile::TempDir,
}

impl Fleet {
    async fn new() -> Fleet {
        let db = pg::shared().fresh_database().await;
        let api = Api::external(String::new(), SmtpSink::start(), SmsGatewayRecorder::start().await);
        Fleet { db, api, logs: tempfile::tempdir().expect("tmp") }
    }

    fn spawn(&self) -> Instance {
        let log =
            tempfile::Builder::new().prefix("instance-").suffix(".log").tempfile_in(self.logs.path()).expect("log");
        let (log, _) = log.keep().expect("keep log");
        let mut child = Command::new(BIN)
            .args(["serve", "--database-url", &self.db, "--bind", "127.0.0.1:0", "--public-url", "https://haven.test"])
            .args(["--delivery", "smtp", "--smtp-host", "127.0.0.1", "--smtp-tls", "none"])
            .args(["--smtp-port", &self.api.smtp().port.to_string(), "--smtp-from", "haven@haven.test"])
            .args(["--sms-gateway-url", &self.api.sms.url, "--sms-account", "AC123", "--sms-token", "gateway-token"])
            .args(["--sms-from", "+15005550006"])
            .env("HAVEN_SECRET_KEY", KEY)
            .env("HAVEN_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(log)
            .spawn()
            .expect("start haven-sync serve");
        let stdout = child.stdout.take().expect("stdout");
        // Owned (and killed on drop) before anything can fail.
        let mut instance = Instance { child, base: String::new() };
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).expect("read");
        instance.base = line.split_whitespace().last().unwrap_or_default().to_owned();
        let logs = self.logs.path().display();
        assert!(instance.base.starts_with("http://127.0.0.1:"), "serve printed {line:?}; logs in {logs}");
        instance
    }

    /// A deployment made by `haven-sync bootstrap`, its admin signed in on `on`, and a patient
    /// of it who has signed the consent. Returns (deployment id, admin token, patient token).
    async fn deployment(&mut self, on: &Instance) -> (String, String, String) {
        let out = Command::new(BIN)
            .args(["bootstrap", "--database-url", &self.db, "--deployment-name", "St Elsewhere"])
            .args(["--admin-email", "ada@x.test"])
            .env("HAVEN_SECRET_KEY", KEY)
            .env("HAVEN_PUBLIC_URL", "https://haven.test")
            .output()
            .expect("bootstrap");
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(out.status.success(), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
        let field = |name: &str| {
            stdout.lines().find_map(|l| l.strip_prefix(name)).map(|v| v.trim().to_owned()).expect("bootstrap output")
        };
        let (dep, link) = (field("deployment_id:"), field("admin invite:"));
        let token = link.rsplit('/').next().expect("token").to_owned();
        self.api.base = on.base.clone();
        // The invite mail bootstrap queued goes out through whichever instance claims it.
        self.api.smtp().wait_for("ada@x.test", 1).await;
        self.api.accept_invite(&token, "ada@x.test", "Ada Admin").await;
        let (admin, _) = self.api.login_ok("ada@x.test", PASSWORD).await;
        let t = self.api.invite(&admin, &dep, "pat@x.test", "patient").await;
        self.api.accept_invite(&t, "pat@x.test", "Pat Patient").await;
        let (patient, _) = self.api.login_ok("pat@x.test", PASSWORD).await;
        sign_consent(&self.api, &patient).await;
        (dep, admin, patient)
    }

    fn at(&mut self, i: &Instance) -> &Api {
        self.api.base = i.base.clone();
        &self.api
    }

    async fn pool(&self) -> sqlx::PgPool {
        sqlx::PgPool::connect(&self.db).await.expect("connect")
    }
}

fn weights(n: usize, from: usize) -> Vec<Value> {
    (from..from + n)
        .map(|i| {
            json!({"id": format!("00000000-0000-7000-8000-{i:012}"), "kind": "weight", "value": 60.0 + (i % 400) as f64 / 10.0,
                   "unit": "kg", "recorded_at": format!("2026-{:02}-{:02}T{:02}:{:02}:00Z", 1 + i / 40_000 % 12, 1 + i / 1440 % 28, i / 60 % 24, i % 60)})
        })
        .collect()
}

/// Reads one server-sent event (name, id, data) from a response within `wait`.
async fn next_event(resp: &mut reqwest::Response, buf: &mut String, wait: Duration) -> (String, String, String) {
    let deadline = tokio::time::Instant::now() + wait;
    loop {
        if let Some(end) = buf.find("\n\n") {
            let block: String = buf.drain(..end + 2).collect();
            let field = |k: &str| block.lines().find_map(|l| l.strip_prefix(k)).map(|v| v.trim().to_owned());
            if let Some(data) = field("data:") {
                return (field("event:").unwrap_or_default(), field("id:").unwrap_or_default(), data);
            }
            continue;
        }
        let chunk = tokio::time::timeout_at(deadline, resp.chunk()).await.expect("no event in time").expect("stream");
        buf.push_str(&String::from_utf8_lossy(&chunk.expect("the stream ended")));
    }
}

/// Sign in on A, second step on B, refresh on C; 30 concurrent wrong codes spread over all three
/// still count exactly five; an export asked for on A announces itself on a stream held open on
/// C, and a stream opened later on B with Last-Event-ID gets it too.
#[tokio::test]
async fn three_instances_on_one_database_behave_as_one_service() {
    let mut fleet = Fleet::new().await;
    // Started together on an empty database: each applies the migrations or waits for the one
    // that does (sqlx holds an advisory lock while migrating).
    let (a, b, c) = std::thread::scope(|s| {
        let f = &fleet;
        let (a, b, c) = (s.spawn(|| f.spawn()), s.spawn(|| f.spawn()), s.spawn(|| f.spawn()));
        (a.join().expect("a"), b.join().expect("b"), c.join().expect("c"))
    });
    let pool = fleet.pool().await;
    let applied: Vec<i64> =
        sqlx::query_scalar("SELECT version FROM _sqlx_migrations ORDER BY version").fetch_all(&pool).await.expect("m");
    let files =
        std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/migrations/postgres")).expect("migrations").count();
    assert_eq!(applied, (1..=files as i64).collect::<Vec<_>>(), "each migration once");
    for i in [&a, &b, &c] {
        fleet.at(i).get("/v1/ready", None).await.expect(200);
    }
    let (dep, admin, patient) = fleet.deployment(&a).await;
    let mut p = fleet.at(&b).get(&format!("/v1/deployments/{dep}"), Some(&admin)).await.expect(200)["policy"].clone();
    p["two_step_required"] = json!(true);
    fleet.at(&c).put(&format!("/v1/deployments/{dep}/policy"), p, Some(&admin)).await.expect(200);

    // Two-step set up on B, from a sign-in on A.
    let setup = fleet.at(&a).login("pat@x.test", PASSWORD).await.expect(200);
    assert_eq!(setup["status"], "setup_required", "{setup}");
    complete_phone_setup(fleet.at(&b), setup["setup_token"].as_str().expect("setup"), PHONE).await;

    // Sign in on A, the code checked on B, the session refreshed on C.
    let n = fleet.api.sms.to(PHONE).len();
    let ch = fleet.at(&a).login("pat@x.test", PASSWORD).await.expect(200);
    assert_eq!(ch["status"], "second_factor_required", "{ch}");
    let code = fleet.api.sms.code(PHONE, n + 1).await;
    let id = ch["challenge_id"].as_str().expect("challenge").to_owned();
    let done = fleet
        .at(&b)
        .post(&format!("/v1/auth/challenges/{id}/verify"), json!({"method": "sms", "code": code}), None)
        .await
        .expect(200);
    let refresh = done["tokens"]["refresh_token"].as_str().expect("refresh").to_owned();
    let renewed = fleet.at(&c).post("/v1/auth/refresh", json!({"refresh_token": refresh}), None).await.expect(200);
    let access = renewed["tokens"]["access_token"].as_str().expect("access").to_owned();
    fleet.at(&a).get("/v1/me", Some(&access)).await.expect(200);
    // The used refresh token is spent everywhere: presenting it again (on B) is reuse.
    fleet.at(&b).post("/v1/auth/refresh", json!({"refresh_token": refresh}), None).await.error(401, "unauthenticated");

    // 30 wrong codes at once, round-robin over the three instances.
    let n = fleet.api.sms.to(PHONE).len();
    let ch = fleet.at(&a).login("pat@x.test", PASSWORD).await.expect(200);
    let code = fleet.api.sms.code(PHONE, n + 1).await;
    let id = ch["challenge_id"].as_str().expect("challenge").to_owned();
    let mut tasks = Vec::new();
    for i in 0..30u32 {
        let wrong = format!("{:06}", (code.parse::<u32>().expect("digits") + 1 + i) % 1_000_000);
        let base = [&a, &b, &c][i as usize % 3].base.clone();
        let (http, url) = (fleet.api.http.clone(), format!("{base}/v1/auth/challenges/{id}/verify"));
        tasks.push(tokio::spawn(async move {
            http.post(url).json(&json!({"method": "sms", "code": wrong})).send().await.expect("send").status().as_u16()
        }));
    }
    let mut statuses = Vec::new();
    for t in tasks {
        statuses.push(t.await.expect("join"));
    }
    assert!(statuses.iter().all(|s| [401, 410].contains(s)), "{statuses:?}");
    let failures: i64 = sqlx::query_scalar("SELECT failures FROM challenges WHERE id = $1")
        .bind(&id)
        .fetch_one(&pool)
        .await
        .expect("failures");
    assert_eq!(failures, 5, "exactly five guesses counted: {statuses:?}");
    let right = json!({"method": "sms", "code": code});
    fleet.at(&c).post(&format!("/v1/auth/challenges/{id}/verify"), right, None).await.error(410, "gone");

    // An export asked for on A; its event arrives on a stream held open on C.
    let token = patient;
    fleet.at(&b).post("/v1/sync/push", json!({"observations": weights(20, 0)}), Some(&token)).await.expect(200);
    let mut stream =
        fleet.api.http.get(format!("{}/v1/me/events", c.base)).bearer_auth(&token).send().await.expect("events");
    assert_eq!(stream.status(), 200);
    let job = fleet.at(&a).post("/v1/me/exports", json!({"format": "csv"}), Some(&token)).await.expect(202);
    let mut buf = String::new();
    let (name, seq, data) = next_event(&mut stream, &mut buf, Duration::from_secs(30)).await;
    assert_eq!(name, "export_ready", "{data}");
    let event: Value = serde_json::from_str(&data).expect("json");
    assert_eq!(event["id"], job["id"], "{data}");
    let seq: i64 = seq.parse().expect("the event carries its number");
    // A stream that resumes from before that number, on another instance, gets it again.
    let mut resumed = fleet
        .api
        .http
        .get(format!("{}/v1/me/events", b.base))
        .bearer_auth(&token)
        .header("last-event-id", (seq - 1).to_string())
        .send()
        .await
        .expect("events");
    let mut buf = String::new();
    let (name, again, _) = next_event(&mut resumed, &mut buf, Duration::from_secs(10)).await;
    assert_eq!((name.as_str(), again), ("export_ready", seq.to_string()));
    let file = fleet
        .api
        .http
        .get(format!("{}/v1/me/exports/{}/file", b.base, job["id"].as_str().expect("id")))
        .bearer_auth(&token)
        .send()
        .await
        .expect("file");
    assert_eq!(file.status(), 200);
    assert_eq!(file.text().await.expect("csv").lines().count(), 21);

    // Signing out on A ends the session's stream held open on C at once (NOTIFY), not at C's
    // next periodic look.
    let out = fleet.at(&a).call(reqwest::Method::POST, "/v1/auth/logout", None, Some(&token)).await;
    assert!(out.status.is_success(), "{}", out.body);
    let mut buf = String::new();
    let (name, _, _) = next_event(&mut stream, &mut buf, Duration::from_secs(5)).await;
    assert_eq!(name, "session_revoked");
}

/// An instance killed (SIGKILL) while it builds an export: another instance finishes the job once
/// the dead one's lease has run out, and nothing is lost.
#[tokio::test]
async fn an_export_left_by_a_killed_instance_is_finished_by_another() {
    let mut fleet = Fleet::new().await;
    let mut x = fleet.spawn();
    let (_, _, token) = fleet.deployment(&x).await;
    // Enough values that building the PDF takes a while.
    for batch in 0..8 {
        let items = weights(5000, batch * 5000);
        fleet.at(&x).post("/v1/sync/push", json!({"observations": items}), Some(&token)).await.expect(200);
    }
    let job = fleet.at(&x).post("/v1/me/exports", json!({"format": "pdf"}), Some(&token)).await.expect(202);
    let id = job["id"].as_str().expect("id").to_owned();
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let j = fleet.at(&x).get(&format!("/v1/me/exports/{id}"), Some(&token)).await.expect(200);
        if j["status"] == "running" {
            break;
        }
        assert_eq!(j["status"], "pending", "{j}");
        assert!(Instant::now() < deadline, "the export never started: {j}");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    x.kill();
    let y = fleet.spawn();
    // The dead claim's lease (30 s) runs out, a pass comes (≤ 5 s), the PDF is built again.
    let deadline = Instant::now() + Duration::from_secs(180);
    let done = loop {
        let j = fleet.at(&y).get(&format!("/v1/me/exports/{id}"), Some(&token)).await.expect(200);
        if j["status"] != "running" && j["status"] != "pending" {
            break j;
        }
        assert!(Instant::now() < deadline, "nobody finished the export: {j}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    assert_eq!(done["status"], "ready", "{done}");
    assert_eq!(done["rows"], 40_000);
    let attempts: i64 = sqlx::query_scalar("SELECT attempts FROM exports WHERE id = $1")
        .bind(&id)
        .fetch_one(&fleet.pool().await)
        .await
        .expect("attempts");
    assert_eq!(attempts, 2, "claimed by the killed instance, then by the other");
    let file = fleet
        .api
        .http
        .get(format!("{}/v1/me/exports/{id}/file", y.base))
        .bearer_auth(&token)
        .send()
        .await
        .expect("file");
    assert_eq!(file.status(), 200);
    assert!(file.bytes().await.expect("pdf").starts_with(b"%PDF-"));
}

/// The database stopped under a running instance: requests answer 503 `unavailable` (never a
/// hang or a 500) and readiness says so; once it is back the instance serves again by itself.
#[tokio::test]
async fn losing_the_database_answers_503_and_recovers_when_it_returns() {
    // A cluster of its own: the shared one keeps serving the other tests.
    let cluster = pg::Postgres::start();
    let url = cluster.fresh_database().await;
    let api = Api::start_with(Opts { database_url: Some(url), tweak: |c| c.pool_size = 4, ..Opts::default() }).await;
    let (_, _, token) = consenting_patient(&api, "pat@x.test").await;
    api.get("/v1/ready", None).await.expect(200);
    cluster.stop();
    let started = Instant::now();
    api.get("/v1/ready", None).await.error(503, "unavailable");
    let r = api.get("/v1/me", Some(&token)).await;
    assert_eq!(r.status.as_u16(), 503, "{}", r.body);
    assert_eq!(r.body["error"]["code"], "unavailable");
    assert!(r.headers.contains_key("retry-after"));
    api.login("pat@x.test", PASSWORD).await.error(503, "unavailable");
    assert!(started.elapsed() < Duration::from_secs(30), "answers came within the pool's wait");
    cluster.start_again();
    let deadline = Instant::now() + Duration::from_secs(30);
    while api.get("/v1/ready", None).await.status != 200 {
        assert!(Instant::now() < deadline, "the instance did not recover");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    api.get("/v1/me", Some(&token)).await.expect(200);
    api.login_ok("pat@x.test", PASSWORD).await;
}

/// Behind a load balancer every peer is the balancer: with it configured as a trusted proxy, the
/// per-address limit counts the client its X-Forwarded-For names; from any other peer the header
/// changes nothing.
#[tokio::test]
async fn per_address_limits_use_forwarded_for_only_from_trusted_proxies() {
    for trusted in [true, false] {
        let api = Api::start_with(Opts {
            tweak: if trusted {
                |c| {
                    c.limits.address_failures = 3;
                    c.trusted_proxies = vec![haven_sync::config::parse_network("127.0.0.1").expect("net")];
                }
            } else {
                |c| c.limits.address_failures = 3
            },
            ..Opts::default()
        })
        .await;
        let login = |from: &'static str| {
            api.http
                .post(format!("{}/v1/auth/login", api.base))
                .header("x-forwarded-for", from)
                .json(&json!({"email": "nobody@x.test", "password": "wrong-password-1", "device": {"id": "d", "name": "n", "platform": "linux"}}))
                .send()
        };
        for _ in 0..3 {
            assert_eq!(login("203.0.113.7").await.expect("send").status(), 401);
        }
        assert_eq!(login("203.0.113.7").await.expect("send").status(), 429, "trusted: {trusted}");
        // Another client behind the same balancer (or, untrusted, a forged header).
        let other = login("198.51.100.9").await.expect("send").status();
        assert_eq!(other.as_u16(), if trusted { 401 } else { 429 }, "trusted: {trusted}");
    }
}

/// Every row of a table, each value written out the same way whichever engine holds it (flags
/// as 0/1, bytes as hex) after its column's name (the engines' column orders differ), sorted.
async fn rows_of(db: &haven_sync::db::Db, table: &str) -> Vec<String> {
    use sqlx::{Column, Row, ValueRef};
    fn cell<'r, R: Row>(row: &'r R, i: usize) -> String
    where
        usize: sqlx::ColumnIndex<R>,
        i64: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
        i32: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
        bool: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
        f64: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
        String: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
        Vec<u8>: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    {
        if row.try_get_raw(i).expect("raw").is_null() {
            return "NULL".into();
        }
        // SQLite answers flags as integers; PostgreSQL as booleans.
        if let Ok(b) = row.try_get::<bool, _>(i) {
            if row.try_get::<i64, _>(i).is_err() {
                return i64::from(b).to_string();
            }
        }
        row.try_get::<i64, _>(i)
            .map(|v| v.to_string())
            .or_else(|_| row.try_get::<i32, _>(i).map(|v| v.to_string()))
            .or_else(|_| row.try_get::<f64, _>(i).map(|v| format!("{v:.6}")))
            .or_else(|_| row.try_get::<String, _>(i))
            .or_else(|_| row.try_get::<Vec<u8>, _>(i).map(|v| v.iter().map(|b| format!("{b:02x}")).collect()))
            .expect("a value of a known type")
    }
    let sql = format!("SELECT * FROM {table}");
    let mut out: Vec<String> = haven_sync::run!(db, |c| {
        sqlx::query(&sql)
            .fetch_all(c)
            .await
            .expect("rows")
            .iter()
            .map(|r| {
                let mut cells: Vec<String> =
                    r.columns().iter().map(|c| format!("{}={}", c.name(), cell(r, c.ordinal()))).collect();
                cells.sort();
                cells.join("|")
            })
            .collect()
    });
    out.sort();
    out
}

/// A deployment moved from SQLite to PostgreSQL with `migrate-data`: every row of every table
/// arrives unchanged, and the patient signs in with their password and texted code (whose
/// secrets only the server key opens) and finds their values.
#[tokio::test]
async fn migrate_data_moves_every_row_and_sign_in_works_after() {
    let dir = tempfile::tempdir().expect("tmp");
    let sqlite = format!("sqlite://{}", dir.path().join("haven.db").display());
    let mut api = Api::start_with(Opts { database_url: Some(sqlite.clone()), ..Opts::default() }).await;
    let (_, _, token) = consenting_patient(&api, "pat@x.test").await;
    let n = api.sms.to(PHONE).len();
    api.put("/v1/me/phone", json!({"phone": PHONE}), Some(&token)).await.expect(202);
    let code = api.sms.code(PHONE, n + 1).await;
    api.post("/v1/me/phone/verify", json!({"code": code}), Some(&token)).await.expect(200);
    api.put("/v1/me/two-step", json!({"enabled": true, "method": "sms"}), Some(&token)).await.expect(200);
    api.post("/v1/sync/push", json!({"observations": weights(300, 0)}), Some(&token)).await.expect(200);
    let job = api.post("/v1/me/exports", json!({"format": "csv"}), Some(&token)).await.expect(202);
    let deadline = Instant::now() + Duration::from_secs(30);
    while api.get(&format!("/v1/me/exports/{}", job["id"].as_str().expect("id")), Some(&token)).await.expect(200)
        ["status"]
        != "ready"
    {
        assert!(Instant::now() < deadline, "export never finished");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    api.login("pat@x.test", "not-the-password").await.error(401, "invalid_credentials");
    let config = api.config().clone();
    api.running.take().expect("running").stop().await;

    let target = pg::shared().fresh_database().await;
    // A note holding U+0000 (possible before the service refused it) is named before anything
    // is copied; once it is gone the copy goes ahead.
    let direct = haven_sync::db::Db::connect(&sqlite, 1).await.expect("sqlite");
    let nul =
        "UPDATE observations SET note = 'a' || char(0) || 'b' WHERE rowid = (SELECT min(rowid) FROM observations)";
    haven_sync::execute!(&direct, sqlx::query(nul)).expect("a NUL note");
    let out =
        Command::new(BIN).args(["migrate-data", "--from", &sqlite, "--to", &target]).output().expect("migrate-data");
    let e = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success() && e.contains("1 observation note(s)") && e.contains("U+0000"), "{e}");
    let clean = "UPDATE observations SET note = NULL WHERE instr(CAST(note AS BLOB), x'00') > 0";
    assert_eq!(haven_sync::execute!(&direct, sqlx::query(clean)).expect("cleaned"), 1);
    direct.close().await;
    let out =
        Command::new(BIN).args(["migrate-data", "--from", &sqlite, "--to", &target]).output().expect("migrate-data");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success(), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("observations") && stdout.contains("300 rows"), "{stdout}");
    // A second run would mix two deployments' data: refused.
    let again = Command::new(BIN).args(["migrate-data", "--from", &sqlite, "--to", &target]).output().expect("again");
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("only fills an empty database"));

    let from = haven_sync::db::Db::connect(&sqlite, 1).await.expect("sqlite");
    let to = haven_sync::db::Db::connect(&target, 2).await.expect("postgres");
    let mut total = 0;
    for table in haven_sync::migrate::TABLES {
        let (a, b) = (rows_of(&from, table).await, rows_of(&to, table).await);
        assert_eq!(a.len(), b.len(), "{table}: row counts differ");
        assert!(a == b, "{table}: rows differ");
        total += a.len();
    }
    assert!(total > 350, "{total} rows compared");
    from.close().await;
    to.close().await;

    // The service on PostgreSQL, with the same server key: sign-in with the texted code works.
    let mut config = config;
    config.database_url = target;
    let running = haven_sync::start(config, std::sync::Arc::new(haven_sync::clock::SystemClock)).await.expect("start");
    api.base = running.url();
    let n = api.sms.to(PHONE).len();
    let ch = api.login("pat@x.test", PASSWORD).await.expect(200);
    assert_eq!(ch["status"], "second_factor_required", "{ch}");
    let code = api.sms.code(PHONE, n + 1).await;
    let id = ch["challenge_id"].as_str().expect("challenge");
    let ok = api
        .post(&format!("/v1/auth/challenges/{id}/verify"), json!({"method": "sms", "code": code}), None)
        .await
        .expect(200);
    let access = ok["tokens"]["access_token"].as_str().expect("access");
    let page = api.get("/v1/sync/pull?limit=5000", Some(access)).await.expect(200);
    assert_eq!(page["observations"].as_array().map(Vec::len), Some(300));
    // The audit log came along, and new entries continue after it.
    let audit: i64 =
        haven_sync::fetch_one!(&running.state.db, sqlx::query_scalar("SELECT COUNT(*) FROM audit_log")).expect("n");
    assert!(audit > 5, "{audit}");
    running.stop().await;
}

/// A rolling restart — each instance in turn stopped with SIGTERM and replaced — while a client
/// signs in, pushes and pulls in a loop against whichever instances are up: no request fails
/// except by a refused or dropped connection (which it retries on another instance), every
/// instance exits cleanly, and every value pushed is there at the end.
// Two worker threads: the restarts below block one (waiting for a process to exit, reading a new
// one's first line) while the client keeps calling on the other.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rolling_restart_under_load_loses_nothing() {
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    use std::sync::{Arc, Mutex};
    let mut fleet = Fleet::new().await;
    let mut up = [fleet.spawn(), fleet.spawn()];
    fleet.deployment(&up[0]).await;
    let bases = Arc::new(Mutex::new(up.iter().map(|i| i.base.clone()).collect::<Vec<_>>()));
    let stop = Arc::new(AtomicBool::new(false));
    let retries = Arc::new(AtomicUsize::new(0));
    let client = {
        let (bases, stop, retries, http) = (bases.clone(), stop.clone(), retries.clone(), fleet.api.http.clone());
        tokio::spawn(async move {
            // One request, retried on the next instance when the connection is refused or dropped.
            let call = |method: reqwest::Method, path: String, body: Option<Value>, token: Option<String>| {
                let (bases, retries, http) = (bases.clone(), retries.clone(), http.clone());
                async move {
                    for attempt in 0..50usize {
                        let base = {
                            let b = bases.lock().expect("lock");
                            b[attempt % b.len()].clone()
                        };
                        let mut req = http.request(method.clone(), format!("{base}{path}"));
                        if let Some(t) = &token {
                            req = req.bearer_auth(t);
                        }
                        if let Some(b) = &body {
                            req = req.json(b);
                        }
                        match req.send().await {
                            Ok(resp) => {
                                let status = resp.status().as_u16();
                                let v: Value = resp.json().await.unwrap_or(Value::Null);
                                return (status, v);
                            }
                            Err(e) if e.is_connect() || e.is_request() => {
                                retries.fetch_add(1, Ordering::Relaxed);
                                tokio::time::sleep(Duration::from_millis(50)).await;
                            }
                            Err(e) => panic!("{path}: {e}"),
                        }
                    }
                    panic!("{path}: no instance answered");
                }
            };
            let login = json!({"email": "pat@x.test", "password": PASSWORD, "device": {"id": "d", "name": "n", "platform": "linux"}});
            let mut pushed = 0usize;
            let mut rounds = 0usize;
            while !stop.load(Ordering::Relaxed) {
                let (s, v) = call(reqwest::Method::POST, "/v1/auth/login".into(), Some(login.clone()), None).await;
                assert_eq!(s, 200, "login: {v}");
                let token = v["tokens"]["access_token"].as_str().expect("access").to_owned();
                let items = weights(10, pushed);
                let (s, v) = call(
                    reqwest::Method::POST,
                    "/v1/sync/push".into(),
                    Some(json!({"observations": items})),
                    Some(token.clone()),
                )
                .await;
                assert_eq!((s, v["accepted"].as_array().map(Vec::len)), (200, Some(10)), "push: {v}");
                pushed += 10;
                let (s, v) = call(reqwest::Method::GET, "/v1/sync/pull?limit=5000".into(), None, Some(token)).await;
                assert_eq!(s, 200, "pull: {v}");
                assert_eq!(v["observations"].as_array().map(Vec::len), Some(pushed), "every value so far");
                rounds += 1;
            }
            (rounds, pushed)
        })
    };
    tokio::time::sleep(Duration::from_secs(1)).await;
    for (k, slot) in up.iter_mut().enumerate() {
        let pid = slot.child.id().to_string();
        assert!(Command::new("kill").args(["-TERM", &pid]).status().expect("kill").success());
        let status = slot.child.wait().expect("wait");
        assert!(status.success(), "instance {k} ended with {status} after SIGTERM");
        let fresh = fleet.spawn();
        bases.lock().expect("lock")[k] = fresh.base.clone();
        *slot = fresh;
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
    stop.store(true, Ordering::Relaxed);
    let (rounds, pushed) = client.await.expect("the client loop failed");
    assert!(rounds >= 5, "{rounds} rounds");
    let token = fleet.at(&up[1]).login_ok("pat@x.test", PASSWORD).await.0;
    let page = fleet.at(&up[0]).get("/v1/sync/pull?limit=5000", Some(&token)).await.expect(200);
    assert_eq!(page["observations"].as_array().map(Vec::len), Some(pushed));
    eprintln!(
        "rolling restart: {rounds} rounds, {pushed} values, {} retried connections",
        retries.load(Ordering::Relaxed)
    );
}
