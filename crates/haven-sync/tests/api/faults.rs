//! When what the service depends on fails: an SMTP relay that is down, stalls, or answers 4xx or
//! 5xx, and an SMS gateway that answers 500, refuses the credentials, refuses the number, or
//! never answers. Messages wait in the queue and are retried with back-off; no request waits on
//! a relay; a message that cannot go out is given up with an audit entry; and the person at the
//! second step is told what became of their text.

use crate::common::*;
use serde_json::{json, Value};
use std::time::{Duration, Instant};

const PHONE: &str = "+447911000777";

/// Sends a step of each relay within a second (the default is 20 s), so a stalled relay is cut
/// off within two.
fn quick_relays(c: &mut haven_sync::config::Config) {
    c.send_timeout = Duration::from_secs(1);
}

/// A patient with SMS two-step on (the gateway accepting while it is set up).
async fn sms_patient(api: &Api, email: &str) {
    let (dep, admin) = api.admin(&format!("admin.{email}")).await;
    let t = api.invite(&admin, &dep, email, "patient").await;
    api.accept_invite(&t, email, "Pat Patient").await;
    let (access, _) = api.login_ok(email, PASSWORD).await;
    api.put("/v1/me/phone", json!({"phone": PHONE}), Some(&access)).await.expect(202);
    let code = api.sms.code(PHONE, 1).await;
    api.post("/v1/me/phone/verify", json!({"code": code}), Some(&access)).await.expect(200);
    api.put("/v1/me/two-step", json!({"enabled": true, "method": "sms"}), Some(&access)).await.expect(200);
}

/// Signs in (answered at once whatever the gateway does); the challenge id.
async fn sign_in(api: &Api, email: &str) -> String {
    let started = Instant::now();
    let ch = api.login(email, PASSWORD).await.expect(200);
    assert!(started.elapsed() < Duration::from_secs(2), "sign-in waited on the gateway: {:?}", started.elapsed());
    assert_eq!(ch["status"], "second_factor_required", "{ch}");
    ch["challenge_id"].as_str().expect("id").to_owned()
}

/// Waits (up to 10 s) until the challenge's text is in `state`; its delivery report.
async fn text_state(api: &Api, challenge: &str, state: &str) -> Value {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let d = api.get(&format!("/v1/auth/challenges/{challenge}/sms"), None).await.expect(200);
        if d["state"] == state {
            return d;
        }
        assert!(Instant::now() < deadline, "the text never became {state}: {d}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn given_up_entries(api: &Api) -> Vec<(Option<String>, String)> {
    haven_sync::fetch_all!(
        &api.state().db,
        sqlx::query_as("SELECT user_id, detail FROM audit_log WHERE kind = 'message_given_up' ORDER BY id")
    )
    .expect("audit")
}

#[tokio::test]
async fn a_text_the_gateway_fails_is_retried_and_the_person_is_told_until_it_goes() {
    let api = Api::start_with(Opts { tweak: quick_relays, ..Opts::default() }).await;
    sms_patient(&api, "pat@faults.test").await;
    api.sms.set_mode(GatewayMode::Status(500));
    let ch = sign_in(&api, "pat@faults.test").await;
    // The gateway failed: the app can say so, and when it is tried again (5 s, then doubling).
    let d = text_state(&api, &ch, "retrying").await;
    assert_eq!((d["retry_in_s"].as_u64(), d["resend_after_s"].as_u64()), (Some(5), Some(30)), "{d}");
    assert_eq!(api.sms.requests(), 2);
    api.clock.advance(5);
    api.state().delivery.wake();
    let deadline = Instant::now() + Duration::from_secs(10);
    while api.sms.requests() < 3 {
        assert!(Instant::now() < deadline, "no second try");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let d = text_state(&api, &ch, "retrying").await;
    assert_eq!(d["retry_in_s"], 10, "back-off doubles: {d}");
    // The gateway is back: the next try delivers it, and its code signs in.
    api.sms.set_mode(GatewayMode::Accept);
    api.clock.advance(10);
    api.state().delivery.wake();
    text_state(&api, &ch, "sent").await;
    let code = api.sms.code(PHONE, 2).await;
    let v = api
        .post(&format!("/v1/auth/challenges/{ch}/verify"), json!({"method": "sms", "code": code}), None)
        .await
        .expect(200);
    assert_eq!(v["status"], "authenticated", "{v}");
    assert!(given_up_entries(&api).await.is_empty());
}

#[tokio::test]
async fn a_text_that_cannot_go_out_is_given_up_with_an_audit_entry() {
    let api = Api::start_with(Opts { tweak: quick_relays, ..Opts::default() }).await;
    sms_patient(&api, "pat@faults.test").await;
    let user_id: String = haven_sync::fetch_one!(
        &api.state().db,
        sqlx::query_scalar("SELECT id FROM users WHERE email = 'pat@faults.test'")
    )
    .expect("user");
    // The gateway refuses the number: that will not change, so it is given up at once.
    api.sms.set_mode(GatewayMode::Status(400));
    let refused = sign_in(&api, "pat@faults.test").await;
    let d = text_state(&api, &refused, "failed").await;
    assert!(d.get("retry_in_s").is_none(), "{d}");
    let entries = given_up_entries(&api).await;
    assert_eq!(entries.len(), 1, "{entries:?}");
    assert_eq!(entries[0].0.as_deref(), Some(user_id.as_str()));
    assert!(entries[0].1.contains("refused it: 400"), "{entries:?}");
    // Refused credentials (the operator can fix them) and a gateway that never answers are
    // tried again; the stalled send is cut off after two relay timeouts.
    api.sms.set_mode(GatewayMode::Status(401));
    let unauthorised = sign_in(&api, "pat@faults.test").await;
    text_state(&api, &unauthorised, "retrying").await;
    api.sms.set_mode(GatewayMode::Stall);
    let stalled = sign_in(&api, "pat@faults.test").await;
    let started = Instant::now();
    text_state(&api, &stalled, "retrying").await;
    assert!(started.elapsed() < Duration::from_secs(5), "the stalled send held the worker {:?}", started.elapsed());
    let error: String = haven_sync::fetch_one!(
        &api.state().db,
        sqlx::query_scalar("SELECT last_error FROM messages WHERE channel = 'sms' ORDER BY id DESC LIMIT 1")
    )
    .expect("error");
    assert!(error.contains("longer than 2 s") || error.contains("timed out"), "{error}");
    // Still failing when their codes (5 minutes) would expire before another try: given up.
    api.sms.set_mode(GatewayMode::Status(500));
    api.clock.advance(5 * 60);
    api.state().delivery.wake();
    for ch in [&unauthorised, &stalled] {
        text_state(&api, ch, "failed").await;
    }
    let entries = given_up_entries(&api).await;
    assert_eq!(entries.len(), 3, "{entries:?}");
    assert!(entries[1..].iter().all(|(_, d)| d.contains("expire")), "{entries:?}");
    // No body of a message given up is kept.
    let bodies: i64 = haven_sync::fetch_one!(
        &api.state().db,
        sqlx::query_scalar(
            "SELECT COUNT(*) FROM messages WHERE sent_at IS NULL AND (body IS NOT NULL OR sealed IS NOT NULL)"
        )
    )
    .expect("count");
    assert_eq!(bodies, 0);
    // The text the gateway refused does not count towards the hour's five; the two given up after
    // failed or stalled tries (which may have reached the phone) do. With the phone's own text,
    // two more sign-ins get theirs, and the one after is held.
    api.sms.set_mode(GatewayMode::Accept);
    for i in 0..2 {
        let v = api.login("pat@faults.test", PASSWORD).await.expect(200);
        assert!(v["sms_sent_to"].is_string() && v.get("sms_retry_after").is_none(), "sign-in {i}: {v}");
    }
    let held = api.login("pat@faults.test", PASSWORD).await.expect(200);
    assert!(held["sms_retry_after"].as_u64().is_some_and(|s| s > 0), "{held}");
}

/// The invite's message: (attempts, sent, last error).
async fn invite_mail(api: &Api, to: &str) -> (i64, bool, Option<String>) {
    let (attempts, sent_at, error): (i64, Option<i64>, Option<String>) = haven_sync::fetch_one!(
        &api.state().db,
        sqlx::query_as(
            "SELECT attempts, sent_at, last_error FROM messages WHERE to_addr = $1 ORDER BY id DESC LIMIT 1"
        )
        .bind(to)
    )
    .expect("message");
    (attempts, sent_at.is_some(), error)
}

/// Waits (up to 10 s) until the newest mail to `to` has been tried `n` times.
async fn tried(api: &Api, to: &str, n: i64) -> (i64, bool, Option<String>) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let m = invite_mail(api, to).await;
        if m.0 >= n {
            return m;
        }
        assert!(Instant::now() < deadline, "mail to {to} tried {} times, not {n}", m.0);
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Invites `to` and checks the answer came at once, whatever the relay is doing.
async fn invite_at_once(api: &Api, admin: &str, dep: &str, to: &str) {
    let started = Instant::now();
    api.post("/v1/invites", json!({"email": to, "role": "clinician", "deployment_id": dep}), Some(admin))
        .await
        .expect(201);
    assert!(started.elapsed() < Duration::from_secs(2), "the invite waited on the relay: {:?}", started.elapsed());
}

#[tokio::test]
async fn mail_waits_out_a_relay_that_is_down_stalls_or_defers_and_a_refusal_is_given_up() {
    let mut api = Api::start_with(Opts { tweak: quick_relays, ..Opts::default() }).await;
    let (dep, admin) = api.admin("admin@faults.test").await;
    let sink = api.sink_port();
    // Down: nothing listens on the relay's port.
    let dead = std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port();
    api.restart_with_relay(dead).await;
    invite_at_once(&api, &admin, &dep, "doc@faults.test").await;
    let (_, sent, error) = tried(&api, "doc@faults.test", 1).await;
    assert!(!sent && error.is_some(), "{error:?}");
    // Deferring (421/451: try later): tried again 5 s later, then 10, 20, 40 s.
    let deferring = FaultySmtp::start(Some("451 4.3.0 Try again later")).await;
    api.restart_with_relay(deferring.port).await;
    api.clock.advance(5);
    api.state().delivery.wake();
    let (_, sent, error) = tried(&api, "doc@faults.test", 2).await;
    assert!(!sent && error.as_deref().is_some_and(|e| e.contains("451")), "{error:?}");
    // Refusing by policy (relaying denied, bad credentials: the operator's to fix) also waits.
    let policy = FaultySmtp::start(Some("550 5.7.1 Relaying denied")).await;
    api.restart_with_relay(policy.port).await;
    api.clock.advance(10);
    api.state().delivery.wake();
    let (_, sent, error) = tried(&api, "doc@faults.test", 3).await;
    assert!(!sent && error.as_deref().is_some_and(|e| e.contains("5.7.1")), "{error:?}");
    let stalling = FaultySmtp::start(None).await;
    api.restart_with_relay(stalling.port).await;
    invite_at_once(&api, &admin, &dep, "other@faults.test").await;
    api.clock.advance(20);
    api.state().delivery.wake();
    let started = Instant::now();
    let (_, sent, _) = tried(&api, "doc@faults.test", 4).await;
    assert!(!sent && started.elapsed() < Duration::from_secs(6), "{:?}", started.elapsed());
    assert!(stalling.connections() >= 1);
    // The relay is back: both invitations arrive, nothing was lost, nothing was given up.
    api.restart_with_relay(sink).await;
    api.clock.advance(60);
    api.state().delivery.wake();
    let mail = api.smtp().wait_for("doc@faults.test", 1).await;
    assert!(mail.body.contains("hvi_"), "{}", mail.body);
    api.smtp().wait_for("other@faults.test", 1).await;
    assert!(tried(&api, "doc@faults.test", 5).await.1, "sent on the fifth try");
    assert!(given_up_entries(&api).await.is_empty());
    // A refusal (5xx: no such mailbox) will not change: given up at once, body erased, audited.
    let refusing = FaultySmtp::start(Some("550 5.1.1 No such user here")).await;
    api.restart_with_relay(refusing.port).await;
    invite_at_once(&api, &admin, &dep, "nobody@faults.test").await;
    let (attempts, sent, error) = tried(&api, "nobody@faults.test", 1).await;
    assert!(!sent && attempts >= haven_sync::delivery::MAX_ATTEMPTS, "given up: {attempts}");
    assert!(error.as_deref().is_some_and(|e| e.contains("550")), "{error:?}");
    let entries = given_up_entries(&api).await;
    assert_eq!(entries.len(), 1, "{entries:?}");
    assert!(entries[0].1.starts_with("email message") && entries[0].1.contains("refused it"), "{entries:?}");
    let kept: Option<Vec<u8>> = haven_sync::fetch_one!(
        &api.state().db,
        sqlx::query_scalar("SELECT sealed FROM messages WHERE to_addr = 'nobody@faults.test'")
    )
    .expect("row");
    assert!(kept.is_none(), "the body of a message given up is erased");
}

/// The host's clock jumps (NTP correcting a drifted machine): an hour forward ends what should
/// have ended by then — the access token (15 min), a sign-in and its texted code (10 and 5 min) —
/// but not the session (its refresh token lasts 30 days); a minute back cuts nothing short and
/// reopens nothing. (The app's idle lock under such jumps is a property test in haven-client.)
#[tokio::test]
async fn clock_jumps_neither_stretch_nor_cut_short_what_is_timed() {
    let api = Api::start_with(Opts { tweak: quick_relays, ..Opts::default() }).await;
    sms_patient(&api, "tick@faults.test").await;
    let verify = |ch: String, code: String| {
        let api = &api;
        async move {
            api.post(&format!("/v1/auth/challenges/{ch}/verify"), json!({"method": "sms", "code": code}), None).await
        }
    };
    let ch = sign_in(&api, "tick@faults.test").await;
    let code = api.sms.code(PHONE, 2).await;
    // A minute back: the code still works.
    api.clock.advance(-60);
    let v = verify(ch, code).await.expect(200);
    let access = v["tokens"]["access_token"].as_str().expect("access").to_owned();
    let refresh = v["tokens"]["refresh_token"].as_str().expect("refresh").to_owned();
    api.get("/v1/me", Some(&access)).await.expect(200);
    // An hour forward: the access token has ended; the session goes on through its refresh token.
    api.clock.advance(3600);
    api.get("/v1/me", Some(&access)).await.error(401, "unauthenticated");
    let r = api.post("/v1/auth/refresh", json!({"refresh_token": refresh}), None).await.expect(200);
    api.get("/v1/me", Some(r["tokens"]["access_token"].as_str().expect("a"))).await.expect(200);
    // A sign-in left for an hour is over, code and all; a minute back does not reopen it.
    let ch = sign_in(&api, "tick@faults.test").await;
    let code = api.sms.code(PHONE, 3).await;
    api.clock.advance(3600);
    verify(ch.clone(), code.clone()).await.error(410, "gone");
    api.clock.advance(-60);
    verify(ch, code).await.error(410, "gone");
}

/// The disk fills up (here the embedded database's size cap, which SQLite enforces exactly as a
/// full disk): a push or an export that does not fit is refused with 503 and a sentence saying
/// nothing was saved, every value acknowledged before is there, and once there is room again the
/// refused batch goes in whole and exports work.
#[tokio::test]
async fn a_full_disk_refuses_clearly_loses_nothing_acknowledged_and_recovers() {
    if crate::pg::enabled() {
        // PostgreSQL's own full disk is the next test's.
        return;
    }
    let mut api = Api::start_with(Opts { tweak: |c| c.sqlite_max_mib = Some(2), ..Opts::default() }).await;
    let full = fill_until_refused(&api).await;
    api.restart_changing(|c| c.sqlite_max_mib = None).await;
    full.goes_in_once_there_is_room(&api).await;
}

/// The same on PostgreSQL, whose disk really fills: its tables live in a tablespace on a 24 MiB
/// filesystem this test mounts (the cluster's own, and its WAL, stay on the big disk, as a
/// deployment that fills its data volume first). PostgreSQL's 53100 disk_full is the same 503,
/// and once the filesystem is made larger — without restarting anything — the service goes on.
#[tokio::test]
async fn a_full_postgresql_disk_refuses_clearly_loses_nothing_acknowledged_and_recovers() {
    if !crate::pg::enabled() {
        return;
    }
    let (pg, small) = postgres_with_small_tablespace(
        "small",
        24,
        &[
            "CREATE DATABASE haven_small TABLESPACE small",
            // Sorts that outgrow memory write temporary files; here onto the big disk, as the
            // README advises (the next test fills the volume they are on).
            "ALTER DATABASE haven_small SET temp_tablespaces = 'pg_default'",
        ],
    )
    .await;
    let api = Api::start_with(Opts { database_url: Some(pg.url_of("haven_small")), ..Opts::default() }).await;
    let full = fill_until_refused(&api).await;
    small.grow(96);
    full.goes_in_once_there_is_room(&api).await;
    drop(api);
    drop(pg);
}

/// PostgreSQL's temporary files on a volume that fills up (`temp_tablespaces` there, against the
/// README's advice): a read that spills its sort to them — here every ordered read, sorted in
/// PostgreSQL's least memory — fails clearly (a download is never offered as ready, a pull is a
/// 503 saying nothing was changed); pushes, which sort nothing and whose tables are elsewhere,
/// go on; once the volume has room everything is there and the download is made, without a
/// restart.
#[tokio::test]
async fn a_full_postgresql_temp_volume_fails_only_the_sort_that_needs_it_and_recovers() {
    if !crate::pg::enabled() {
        return;
    }
    let (pg, scratch) = postgres_with_small_tablespace(
        "scratch",
        8,
        &[
            "CREATE DATABASE haven_temp",
            "ALTER DATABASE haven_temp SET temp_tablespaces = 'scratch'",
            // Every ordered read sorts (as the planner chooses to for a large share of a big
            // table) rather than follow an index, whatever the statistics say, and in 64 kB a
            // sort goes to a file.
            "ALTER DATABASE haven_temp SET work_mem = '64kB'",
            "ALTER DATABASE haven_temp SET enable_indexscan = off",
            "ALTER DATABASE haven_temp SET enable_indexonlyscan = off",
            "ALTER DATABASE haven_temp SET enable_bitmapscan = off",
        ],
    )
    .await;
    let api = Api::start_with(Opts { database_url: Some(pg.url_of("haven_temp")), ..Opts::default() }).await;
    let (_, _, pat) = consenting_patient(&api, "temp@faults.test").await;
    for n in 0..15 {
        api.post("/v1/sync/push", json!({"observations": full_disk_batch(n)}), Some(&pat)).await.expect(200);
    }
    let export = |pat: String| {
        let api = &api;
        async move {
            reauth_with_password(api, &pat).await;
            let job = api.post("/v1/me/exports", json!({"format": "csv"}), Some(&pat)).await.expect(202);
            let id = job["id"].as_str().expect("id").to_owned();
            let deadline = Instant::now() + Duration::from_secs(60);
            loop {
                let j = api.get(&format!("/v1/me/exports/{id}"), Some(&pat)).await.expect(200);
                if j["status"] == "ready" || j["status"] == "failed" {
                    return j;
                }
                assert!(Instant::now() < deadline, "the export neither failed nor finished: {j}");
                api.clock.advance(30);
                api.state().exports.wake();
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
    };
    // With room, the export is made, and its sort did go to a temporary file (a backend that
    // has just reported its statistics waits up to 10 s to report again).
    assert_eq!(export(pat.clone()).await["status"], "ready");
    let temp_files = || async {
        use sqlx::Connection;
        let mut c = sqlx::PgConnection::connect(&pg.url()).await.expect("connect");
        let n: i64 = sqlx::query_scalar("SELECT temp_files FROM pg_stat_database WHERE datname = 'haven_temp'")
            .fetch_one(&mut c)
            .await
            .expect("temp_files");
        n
    };
    let deadline = Instant::now() + Duration::from_secs(30);
    while temp_files().await == 0 {
        assert!(Instant::now() < deadline, "the export's sort wrote no temporary file");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    // The volume fills up.
    let filler = scratch.path().join("filler");
    {
        use std::io::Write;
        let mut f = std::fs::File::create(&filler).expect("filler");
        let block = vec![0u8; 1 << 16];
        while f.write_all(&block).is_ok() {}
    }
    let j = export(pat.clone()).await;
    assert_eq!(j["status"], "failed", "an export was made with its sort's volume full: {j}");
    // A pull that sorts is refused the same way, in words that suit a read; writes go on.
    let e = api.get("/v1/sync/pull?limit=5000", Some(&pat)).await.error(503, "unavailable");
    assert!(e["error"]["message"].as_str().expect("m").contains("run out of storage space"), "{e}");
    api.post("/v1/sync/push", json!({"observations": full_disk_batch(15)}), Some(&pat)).await.expect(200);
    // Room again, without a restart: everything is there, and the next export is made.
    std::fs::remove_file(&filler).expect("free the volume");
    assert_eq!(pull_all(&api, &pat, 5000).await.0.len(), 16 * 200);
    assert_eq!(export(pat.clone()).await["status"], "ready");
    drop(api);
    drop(pg);
}

/// A PostgreSQL cluster of the test's own with a tablespace `name` on a `mib` MiB filesystem the
/// test mounts, then `ddl` run on it as its superuser. Drop the cluster before the filesystem.
async fn postgres_with_small_tablespace(name: &str, mib: u32, ddl: &[&str]) -> (crate::pg::Postgres, SmallDisk) {
    use sqlx::Connection;
    let pg = crate::pg::Postgres::start();
    let disk = SmallDisk::mount(mib);
    let _ = std::process::Command::new("chown").arg("postgres:postgres").arg(disk.path()).status();
    let mut c = sqlx::PgConnection::connect(&pg.url()).await.expect("connect");
    let tablespace = format!("CREATE TABLESPACE {name} LOCATION '{}'", disk.path().display());
    for statement in std::iter::once(tablespace.as_str()).chain(ddl.iter().copied()) {
        sqlx::query(statement).execute(&mut c).await.unwrap_or_else(|e| panic!("{statement}: {e}"));
    }
    (pg, disk)
}

/// A tmpfs this test mounts (the tests run as root for the PostgreSQL rig), unmounted when
/// dropped.
struct SmallDisk(tempfile::TempDir);

impl SmallDisk {
    fn mount(mib: u32) -> SmallDisk {
        let dir = tempfile::tempdir().expect("tmp");
        let ok = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={mib}m,mode=0700"), "tmpfs"])
            .arg(dir.path())
            .status()
            .expect("mount");
        assert!(ok.success(), "cannot mount a {mib} MiB tmpfs at {}", dir.path().display());
        SmallDisk(dir)
    }

    fn path(&self) -> &std::path::Path {
        self.0.path()
    }

    /// Room again, as an operator growing the volume would make it.
    fn grow(&self, mib: u32) {
        let ok = std::process::Command::new("mount")
            .args(["-o", &format!("remount,size={mib}m")])
            .arg(self.path())
            .status()
            .expect("remount");
        assert!(ok.success());
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        // Lazily: a failed test may leave the cluster holding files open in it.
        let _ = std::process::Command::new("umount").arg("-l").arg(self.path()).status();
    }
}

/// A patient whose pushes met a full disk.
struct Full {
    pat: String,
    acknowledged: usize,
    /// The batch that was refused.
    refused: usize,
}

fn full_disk_batch(n: usize) -> Vec<Value> {
    let note = "x".repeat(900);
    (0..200)
        .map(|i| {
            let k = n * 200 + i;
            json!({"id": format!("00000000-0000-4000-8000-{k:012}"), "kind": "steps", "value": k % 20000, "unit": "steps",
                   "recorded_at": "2026-11-20T08:00:00Z", "note": note})
        })
        .collect()
}

/// Pushes until the disk is full: the refusal is a 503 saying nothing was saved, what was
/// acknowledged is all there, the service goes on answering, and an export cannot be made.
async fn fill_until_refused(api: &Api) -> Full {
    let (_, _, pat) = consenting_patient(api, "full@faults.test").await;
    let mut acknowledged = 0;
    let mut refused = None;
    for n in 0..400 {
        let r = api.post("/v1/sync/push", json!({"observations": full_disk_batch(n)}), Some(&pat)).await;
        match r.status.as_u16() {
            200 => acknowledged += r.body["accepted"].as_array().expect("accepted").len(),
            503 => {
                assert_eq!(r.headers["retry-after"], "60");
                let e = r.error(503, "unavailable");
                assert!(
                    e["error"]["message"]
                        .as_str()
                        .expect("m")
                        .contains("run out of storage space right now, so nothing was saved"),
                    "{e}"
                );
                refused = Some(n);
                break;
            }
            s => panic!("push {n}: {s} {}", r.body),
        }
    }
    let refused = refused.expect("the disk filled up");
    assert!(acknowledged >= 200, "{acknowledged}");
    // Everything acknowledged is there; nothing of the refused batch is.
    assert_eq!(pull_all(api, &pat, 5000).await.0.len(), acknowledged);
    // The service goes on while full, without a restart: reads answer, writes are stored or
    // refused as above — never a 500 from a connection the failed write left behind.
    for i in 0..12 {
        let one = json!({"observations": [{"id": format!("00000000-0000-4000-9000-{i:012}"), "kind": "steps", "value": i, "unit": "steps", "recorded_at": "2026-11-21T08:00:00Z"}]});
        let r = api.post("/v1/sync/push", one, Some(&pat)).await;
        assert!(matches!(r.status.as_u16(), 200 | 503), "push while full: {} {}", r.status, r.body);
        if r.status == 200 {
            acknowledged += 1;
        }
        api.get("/v1/me", Some(&pat)).await.expect(200);
        let login = api.login("full@faults.test", PASSWORD).await;
        assert!(matches!(login.status.as_u16(), 200 | 503), "sign-in while full: {} {}", login.status, login.body);
    }
    assert_eq!(pull_all(api, &pat, 5000).await.0.len(), acknowledged);
    // An export does not fit either: refused at once, or the job ends failed (never "ready").
    reauth_with_password(api, &pat).await;
    let r = api.post("/v1/me/exports", json!({"format": "csv"}), Some(&pat)).await;
    if r.status.as_u16() == 202 {
        let id = r.body["id"].as_str().expect("id").to_owned();
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let j = api.get(&format!("/v1/me/exports/{id}"), Some(&pat)).await.expect(200);
            assert_ne!(j["status"], "ready", "an export was stored on a full disk: {j}");
            if j["status"] == "failed" {
                break;
            }
            api.clock.advance(30);
            api.state().exports.wake();
            assert!(Instant::now() < deadline, "the export neither failed nor finished: {j}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    } else {
        r.error(503, "unavailable");
    }
    Full { pat, acknowledged, refused }
}

impl Full {
    /// Room again: the refused batch goes in whole, and a download can be made.
    async fn goes_in_once_there_is_room(&self, api: &Api) {
        let pat = &self.pat;
        let r = api
            .post("/v1/sync/push", json!({"observations": full_disk_batch(self.refused)}), Some(pat))
            .await
            .expect(200);
        assert_eq!(r["accepted"].as_array().expect("accepted").len(), 200);
        assert_eq!(pull_all(api, pat, 5000).await.0.len(), self.acknowledged + 200);
        reauth_with_password(api, pat).await;
        let job = api.post("/v1/me/exports", json!({"format": "csv"}), Some(pat)).await.expect(202);
        let id = job["id"].as_str().expect("id").to_owned();
        let deadline = Instant::now() + Duration::from_secs(60);
        while api.get(&format!("/v1/me/exports/{id}"), Some(pat)).await.expect(200)["status"] != "ready" {
            assert!(Instant::now() < deadline, "no export after the disk had room again");
            api.state().exports.wake();
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

async fn reauth_with_password(api: &Api, token: &str) {
    api.post("/v1/auth/reauth", json!({"password": PASSWORD}), Some(token)).await.expect(200);
}

/// A password reset's code the gateway fails: the reset's own report says so (retrying, and
/// when) for the reset screen, then that it went once the gateway is back. Only the reset's
/// token opens the report: an unknown one is 404, counted against the address.
#[tokio::test]
async fn a_reset_code_the_gateway_fails_is_reported_for_the_reset_screen() {
    let api = Api::start_with(Opts { tweak: quick_relays, ..Opts::default() }).await;
    let email = "pat@faults.test";
    sms_patient(&api, email).await;
    let n = api.smtp().to(email).len() + 1;
    api.post("/v1/auth/password-reset", json!({"email": email}), None).await.expect(202);
    let token = token_in(&api.smtp().wait_for(email, n).await.body, "hvp_");
    let report = |token: String| {
        let api = &api;
        async move { api.post("/v1/auth/password-reset/sms", json!({"token": token}), None).await }
    };
    // No text yet: the link has not been opened.
    report(token.clone()).await.error(404, "not_found");
    api.sms.set_mode(GatewayMode::Status(500));
    let check = api.post("/v1/auth/password-reset/check", json!({"token": token}), None).await.expect(200);
    assert!(check["sms_sent_to"].is_string(), "{check}");
    let deadline = Instant::now() + Duration::from_secs(10);
    let d = loop {
        let d = report(token.clone()).await.expect(200);
        if d["state"] == "retrying" {
            break d;
        }
        assert!(Instant::now() < deadline, "never reported retrying: {d}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert_eq!((d["retry_in_s"].as_u64(), d["resend_after_s"].as_u64()), (Some(5), Some(30)), "{d}");
    api.sms.set_mode(GatewayMode::Accept);
    api.clock.advance(5);
    api.state().delivery.wake();
    let deadline = Instant::now() + Duration::from_secs(10);
    while report(token.clone()).await.expect(200)["state"] != "sent" {
        assert!(Instant::now() < deadline, "never reported sent");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // A token that names no reset is a wrong guess of the address.
    let failures = || async {
        let n: Option<i64> = haven_sync::fetch_optional!(
            &api.state().db,
            sqlx::query_scalar("SELECT failures FROM guess_throttle WHERE scope = 'token'")
        )
        .expect("throttle");
        n.unwrap_or(0)
    };
    let before = failures().await;
    report("hvp_not-a-reset".into()).await.error(404, "not_found");
    assert_eq!(failures().await, before + 1);
}

/// A new code asked for while the text with the old one is still being retried: the old text is
/// not sent when the gateway comes back (its code no longer works, and typing it would count as
/// a wrong try); the new one is, and signs in.
#[tokio::test]
async fn a_text_whose_code_was_replaced_is_not_sent_after_the_outage() {
    let api = Api::start_with(Opts { tweak: quick_relays, ..Opts::default() }).await;
    sms_patient(&api, "pat@faults.test").await;
    let texts_before = api.sms.to(PHONE).len();
    api.sms.set_mode(GatewayMode::Status(500));
    let ch = sign_in(&api, "pat@faults.test").await;
    text_state(&api, &ch, "retrying").await;
    // The gap between texts passes; a new code is asked for (the gateway still fails).
    api.clock.advance(30);
    api.post(&format!("/v1/auth/challenges/{ch}/sms"), json!(null), None).await.expect(202);
    // The gateway is back: one text goes out, the new code's.
    api.sms.set_mode(GatewayMode::Accept);
    for _ in 0..4 {
        api.clock.advance(20);
        api.state().delivery.wake();
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    text_state(&api, &ch, "sent").await;
    let code = api.sms.code(PHONE, texts_before + 1).await;
    assert_eq!(api.sms.to(PHONE).len(), texts_before + 1, "the replaced code's text went out too");
    let v = api
        .post(&format!("/v1/auth/challenges/{ch}/verify"), json!({"method": "sms", "code": code}), None)
        .await
        .expect(200);
    assert_eq!(v["status"], "authenticated", "{v}");
}

/// A text the gateway refused keeps that reason when a new code is asked for (a refusal does not
/// count against the hour's texts; a replaced text does): asking again after refusals is not held
/// for an hour.
#[tokio::test]
async fn a_refused_text_stays_a_refusal_when_a_new_code_is_asked_for() {
    let api = Api::start_with(Opts { tweak: quick_relays, ..Opts::default() }).await;
    sms_patient(&api, "pat@faults.test").await;
    api.sms.set_mode(GatewayMode::Status(400));
    let ch = sign_in(&api, "pat@faults.test").await;
    text_state(&api, &ch, "failed").await;
    let reasons = || async {
        let rows: Vec<(Option<String>,)> = haven_sync::fetch_all!(
            &api.state().db,
            sqlx::query_as("SELECT last_error FROM messages WHERE channel = 'sms' AND sent_at IS NULL ORDER BY id")
        )
        .expect("messages");
        rows.into_iter().map(|(e,)| e.unwrap_or_default()).collect::<Vec<_>>()
    };
    for n in 1..=6 {
        api.clock.advance(30);
        api.post(&format!("/v1/auth/challenges/{ch}/sms"), json!(null), None).await.expect(202);
        text_state(&api, &ch, "failed").await;
        let got = reasons().await;
        assert_eq!(got.len(), n + 1, "{got:?}");
        assert!(got.iter().all(|r| r.starts_with("SMS gateway refused it")), "a refusal was rewritten: {got:?}");
    }
}
