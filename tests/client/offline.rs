//! Offline-first capture against a real service process: the app's local queue keeps what was
//! recorded while the service is down and catches up; the service killed with SIGKILL while
//! several clients push loses no acknowledged observation and duplicates none.
//!
//! The service runs as a child process (this test binary, re-run with `--ignored
//! service_child`), so it can be killed without warning and restarted on the same database.

use haven_api::{Kind, Observation, ObservationValue, RowState, Symptom};
use haven_client::offline::{is_consent_withdrawn, OfflineStore, StoreKey};
use haven_client::{HavenClient, MemoryStore};
use haven_tests::world::*;
use std::collections::{BTreeSet, HashMap};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The service as a child process on a fixed port and database.
struct ServiceProcess {
    child: Option<Child>,
    port: u16,
    dir: tempfile::TempDir,
}

impl ServiceProcess {
    /// Starts a fresh service; answers it and the demo admin's (email, password).
    fn start_new() -> (ServiceProcess, String, String) {
        let port = std::net::TcpListener::bind("127.0.0.1:0").expect("port").local_addr().expect("addr").port();
        let mut s = ServiceProcess { child: None, port, dir: tempfile::tempdir().expect("tmp") };
        let line = s.spawn();
        let mut parts = line.split_whitespace().skip(1);
        let (email, password) =
            (parts.next().expect("admin email").to_owned(), parts.next().expect("admin password").to_owned());
        (s, email, password)
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Spawns the child and waits for its `ready` line.
    fn spawn(&mut self) -> String {
        let mut child = Command::new(std::env::current_exe().expect("exe"))
            .args(["--ignored", "--exact", "service_child", "--nocapture", "--test-threads=1"])
            .env("HAVEN_CHILD_DIR", self.dir.path())
            .env("HAVEN_CHILD_PORT", self.port.to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn service child");
        let mut out = BufReader::new(child.stdout.take().expect("stdout"));
        let deadline = Instant::now() + Duration::from_secs(60);
        // The harness prints "test service_child ... " on the same line before the test's own.
        let mut line = String::new();
        while !line.contains("ready") {
            line.clear();
            assert!(
                out.read_line(&mut line).expect("read") > 0 && Instant::now() < deadline,
                "service child did not start"
            );
        }
        let line = line[line.find("ready").unwrap_or(0)..].to_owned();
        // Keep draining its output so it never blocks on a full pipe.
        std::thread::spawn(move || for _ in out.lines() {});
        self.child = Some(child);
        line.trim().to_owned()
    }

    /// SIGKILL: no shutdown, no flush.
    fn kill(&mut self) {
        if let Some(mut c) = self.child.take() {
            c.kill().expect("SIGKILL");
            c.wait().expect("reap");
        }
    }
}

impl Drop for ServiceProcess {
    fn drop(&mut self) {
        self.kill();
    }
}

/// The child: the service on the parent's port and database, with the demo deployment on the
/// first start and the server key kept beside the database (as the bundled service does).
#[test]
#[ignore = "run by the offline tests as their service process"]
fn service_child() {
    let dir = std::path::PathBuf::from(std::env::var("HAVEN_CHILD_DIR").expect("HAVEN_CHILD_DIR"));
    let port: u16 = std::env::var("HAVEN_CHILD_PORT").expect("port").parse().expect("port");
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime");
    rt.block_on(async move {
        let mut config = haven_tests::world::test_config(format!("sqlite://{}", dir.join("h.db").display()));
        config.bind = std::net::SocketAddr::from(([127, 0, 0, 1], port));
        config.server_key = haven_sync::keys::ServerKey::load_file(&dir.join("h.key"), true).expect("key");
        let state = haven_sync::AppState::new(config, Arc::new(haven_sync::clock::SystemClock)).await.expect("state");
        let demo = haven_sync::demo::ensure(&state, haven_i18n::Lang::En).await.expect("demo");
        let _running = haven_sync::start_with_state(state).await.expect("start");
        match demo {
            Some(d) => println!("ready {} {}", d.admin_email, d.admin_password),
            None => println!("ready"),
        }
        loop {
            tokio::time::sleep(Duration::from_secs(3600)).await;
        }
    });
}

fn hr(id: &str, bpm: f64, at: &str) -> Observation {
    Observation {
        id: oid(id),
        kind: Kind::HeartRate,
        value: ObservationValue::Number(bpm),
        unit: "bpm".into(),
        recorded_at: at.into(),
        note: None,
        deleted: false,
    }
}

fn world_of(svc: &ServiceProcess, admin_email: String, admin_password: String) -> World {
    World {
        running: None,
        url: svc.url(),
        clock: haven_sync::clock::ManualClock::starting_now(),
        admin_email,
        admin_password,
        _dir: None,
    }
}

/// A signed-in patient with consent, and a local store for them.
async fn patient(w: &World, email: &str, dir: &std::path::Path) -> (HavenClient, OfflineStore) {
    onboard_patient(w, email).await;
    let c = HavenClient::new(&w.url, Arc::new(MemoryStore::default())).expect("client");
    c.login(email, PASSWORD, device(email)).await.expect("login");
    sign_consent(&c).await;
    let store =
        OfflineStore::open(&dir.join(format!("{email}.db")), &StoreKey::random(), false).await.expect("local store");
    (c, store)
}

/// All of a user's observations on the service, page by page.
async fn on_service(c: &HavenClient) -> Vec<Observation> {
    let mut since: Option<String> = None;
    let mut all = Vec::new();
    loop {
        let page = c.pull(since.as_deref(), 1000).await.expect("pull");
        all.extend(page.observations);
        since = Some(page.cursor);
        if !page.more {
            return all;
        }
    }
}

#[tokio::test]
async fn recorded_offline_is_kept_and_caught_up_and_bad_input_is_refused_whole() {
    let (mut svc, admin, pw) = ServiceProcess::start_new();
    let w = world_of(&svc, admin, pw);
    let local = tempfile::tempdir().expect("tmp");
    let (c, store) = patient(&w, "offline@demo.test", local.path()).await;
    let (other_device, other_store) = {
        let c2 = HavenClient::new(&w.url, Arc::new(MemoryStore::default())).expect("client");
        c2.login("offline@demo.test", PASSWORD, device("tablet")).await.expect("login");
        (c2, OfflineStore::open(&local.path().join("tablet.db"), &StoreKey::random(), false).await.expect("store"))
    };

    // Bad input is refused at capture with the service's own sentence; nothing is queued.
    let e = store.record(&hr("x1", 900.0, "2026-11-20T08:00:00Z")).await.expect_err("out of bounds");
    assert!(e.to_string().contains("between 20 and 300"), "{e}");
    assert_eq!(e.code(), "unprocessable");
    let e = store.record(&hr("x2", 70.0, "yesterday")).await.expect_err("bad time");
    assert!(e.to_string().contains("RFC 3339"), "{e}");
    assert_eq!(store.status().await.expect("status").pending, 0);

    // The service goes away; recording carries on.
    svc.kill();
    for i in 0..30 {
        store
            .record(&hr(&format!("o{i}"), 60.0 + f64::from(i), &format!("2026-11-20T08:{i:02}:00Z")))
            .await
            .expect("record offline");
    }
    let symptom = Observation {
        id: oid("s1"),
        kind: Kind::Symptom,
        value: ObservationValue::Symptom(Symptom { name: "Headache".into(), severity: 3.0 }),
        unit: "severity".into(),
        recorded_at: "2026-11-20T09:00:00Z".into(),
        note: Some("after lunch".into()),
        deleted: false,
    };
    store.record(&symptom).await.expect("record");
    let e = store.sync(&c).await.expect_err("no service");
    assert_eq!(e.code(), "unreachable");
    assert_eq!(store.status().await.expect("status").pending, 31, "nothing left the queue unacknowledged");
    assert_eq!(
        store.list(Some(Kind::HeartRate)).await.expect("list").len(),
        30,
        "the app still shows what was recorded"
    );

    // Back: everything goes up once. An edit made offline is a new version of the same id.
    svc.spawn();
    store.record(&hr("o0", 99.0, "2026-11-20T08:00:30Z")).await.expect("edit");
    // Accepted by the app's check, refused by the service's clock check: kept, with why.
    store.record(&hr("future", 70.0, "2099-01-01T00:00:00Z")).await.expect("record");
    let r = store.sync(&c).await.expect("sync");
    assert_eq!((r.pushed, r.rejected), (31, 1), "{r:?}");
    let s = store.status().await.expect("status");
    assert_eq!((s.pending, s.rejected, s.synced), (0, 1, 31));
    let rejected = store.rejected().await.expect("rejected");
    assert_eq!(rejected[0].0, oid("future"));
    assert!(rejected[0].1.contains("future"), "{rejected:?}");
    let server = on_service(&c).await;
    assert_eq!(server.len(), 31);
    let o0 = server.iter().find(|o| o.id == oid("o0")).expect("o0");
    assert_eq!(o0.value, ObservationValue::Number(99.0), "the offline edit won");
    // A second sync sends nothing again.
    let again = store.sync(&c).await.expect("sync");
    assert_eq!(again.pushed, 0);

    // Another device pulls them all.
    let r = other_store.sync(&other_device).await.expect("other sync");
    assert_eq!(r.pulled, 31);
    assert_eq!(other_store.list(None).await.expect("list").len(), 31);

    // The tablet records one more; then consent is withdrawn.
    other_store.record(&hr("t1", 66.0, "2026-11-21T08:00:00Z")).await.expect("record");
    assert_eq!(other_store.sync(&other_device).await.expect("sync").pushed, 1);
    // After withdrawal the queue keeps new records and the sync says why nothing goes, while
    // what is already held still comes down.
    c.reauth_password(PASSWORD).await.expect("reauth");
    c.withdraw_consent().await.expect("withdraw");
    store.record(&hr("late", 70.0, "2026-11-22T08:00:00Z")).await.expect("record");
    let e = store.sync(&c).await.expect_err("withdrawn");
    assert!(is_consent_withdrawn(&e), "{e:?}");
    assert_eq!(e.code(), "consent_withdrawn");
    assert_eq!(store.status().await.expect("status").pending, 1);
    assert!(
        store.get(&oid("t1")).await.expect("get").is_some_and(|l| l.state == RowState::Synced),
        "the pull still ran"
    );
    assert_eq!(on_service(&c).await.len(), 32);
    // What the service refused is not charted, only listed with its reason.
    assert!(store.list(None).await.expect("list").iter().all(|l| l.observation.id != oid("future")));
}

/// Several clients push while the service is killed with SIGKILL and restarted: every
/// observation acknowledged before the kill is there after it, every recorded one arrives in the
/// end (clients retry what was not acknowledged), and none twice.
#[tokio::test]
async fn sigkill_during_pushes_loses_no_acknowledged_observation() {
    const CLIENTS: usize = 4;
    const PER_CLIENT: usize = 600;
    let (mut svc, admin, pw) = ServiceProcess::start_new();
    let w = world_of(&svc, admin, pw);
    let local = tempfile::tempdir().expect("tmp");
    let mut users = Vec::new();
    for i in 0..CLIENTS {
        users.push(patient(&w, &format!("load{i}@demo.test"), local.path()).await);
    }
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let mut tasks = Vec::new();
    for (i, (c, store)) in users.iter().cloned().enumerate() {
        let stop = stop.clone();
        tasks.push(tokio::spawn(async move {
            let mut recorded = 0;
            let mut failures = 0;
            while recorded < PER_CLIENT {
                for _ in 0..15 {
                    let at = format!(
                        "2026-11-{:02}T{:02}:{:02}:{:02}Z",
                        1 + recorded / 3600 % 28,
                        recorded / 60 % 24,
                        recorded % 60,
                        i
                    );
                    store
                        .record(&hr(&format!("c{i}-{recorded}"), 60.0 + (recorded % 100) as f64, &at))
                        .await
                        .expect("record");
                    recorded += 1;
                }
                if store.sync(&c).await.is_err() {
                    failures += 1;
                }
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
            // Catch up until the queue is empty (the service may still be coming back).
            let deadline = Instant::now() + Duration::from_secs(60);
            while store.status().await.expect("status").pending > 0 && !stop.load(std::sync::atomic::Ordering::SeqCst) {
                assert!(Instant::now() < deadline, "client {i} never caught up");
                if store.sync(&c).await.is_err() {
                    failures += 1;
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
            }
            failures
        }));
    }
    // Let pushes run, then kill the service mid-stream and note what was acknowledged by then.
    let mut acked_before: Vec<BTreeSet<String>> = Vec::new();
    loop {
        tokio::time::sleep(Duration::from_millis(100)).await;
        let synced = users[0].1.status().await.expect("status").synced;
        if synced >= 150 {
            break;
        }
    }
    svc.kill();
    for (_, store) in &users {
        acked_before.push(
            store
                .list(None)
                .await
                .expect("list")
                .into_iter()
                .filter(|l| l.state == RowState::Synced)
                .map(|l| l.observation.id)
                .collect(),
        );
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    svc.spawn();

    // What was acknowledged before the kill survived it.
    for (i, (c, _)) in users.iter().enumerate() {
        let ids: BTreeSet<String> = on_service(c).await.into_iter().map(|o| o.id).collect();
        let missing: Vec<&String> = acked_before[i].difference(&ids).collect();
        assert!(missing.is_empty(), "client {i}: acknowledged before SIGKILL but lost: {missing:?}");
    }
    let mut failures = 0;
    for t in tasks {
        failures += t.await.expect("client task");
    }
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    assert!(failures > 0, "the kill did not interrupt any sync; the test proved nothing");
    for (i, (c, store)) in users.iter().enumerate() {
        let all = on_service(c).await;
        let mut count: HashMap<&str, usize> = HashMap::new();
        for o in &all {
            *count.entry(o.id.as_str()).or_default() += 1;
        }
        assert!(count.values().all(|n| *n == 1), "client {i}: an observation came back twice");
        assert_eq!(count.len(), PER_CLIENT, "client {i}: {} of {PER_CLIENT} arrived", count.len());
        for n in 0..PER_CLIENT {
            assert!(count.contains_key(oid(&format!("c{i}-{n}")).as_str()), "client {i}: c{i}-{n} missing");
        }
        let s = store.status().await.expect("status");
        assert_eq!((s.pending, s.rejected), (0, 0), "client {i}: {s:?}");
    }
    eprintln!("no-loss: {CLIENTS} clients × {PER_CLIENT} observations, {} acknowledged before the kill, {failures} syncs failed during the outage", acked_before.iter().map(BTreeSet::len).sum::<usize>());
}
