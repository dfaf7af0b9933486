//! The keychain token store against a real Secret Service: the gnome-keyring that
//! `cargo xtask test` starts (unlocked) in the test run's own D-Bus session; a missing Secret
//! Service; and a locked one (a second gnome-keyring, never unlocked, on a private bus).
//!
//! Scenarios that need a different session bus run in a child process (the bus address is
//! process-wide): the test re-runs its own binary with `HAVEN_KEYCHAIN_CHILD` set.

use haven_api::Secret;
use haven_client::keychain::{FallbackStore, KeychainStore};
use haven_client::{StoreError, TokenStore};
use haven_tests::rig::{self, Killed};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const TIMEOUT: Duration = Duration::from_secs(2);

fn unique(name: &str) -> String {
    format!("Haven test {name} {}", uuid_like())
}

fn uuid_like() -> String {
    let t = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("time").as_nanos();
    format!("{t:x}-{}", std::process::id())
}

#[test]
fn tokens_survive_a_new_store_instance_and_are_cleared() {
    if std::env::var_os("HAVEN_KEYCHAIN_CHILD").is_some() {
        return;
    }
    let service = unique("round trip");
    let a = KeychainStore::platform(&service, TIMEOUT).expect("Secret Service (run via `cargo xtask test`)");
    assert_eq!(a.load_refresh().expect("load"), None);
    a.save_refresh(&Secret::new("hvr_first")).expect("save");
    a.save_refresh(&Secret::new("hvr_second")).expect("replace");
    a.save_remembered_device(&Secret::new("hvd_device")).expect("save device token");
    let id = a.device_id().expect("device id");

    // A new instance (the next run of the app) reads what the first wrote.
    let b = KeychainStore::platform(&service, TIMEOUT).expect("store");
    assert_eq!(b.load_refresh().expect("load").map(|s| s.expose().to_owned()), Some("hvr_second".into()));
    assert_eq!(b.load_remembered_device().expect("load").map(|s| s.expose().to_owned()), Some("hvd_device".into()));
    assert_eq!(b.device_id().expect("device id"), id, "device id is stable");
    // Another server's entries are separate.
    let other = KeychainStore::platform(&unique("other server"), TIMEOUT).expect("store");
    assert_eq!(other.load_refresh().expect("load"), None);

    b.clear_refresh().expect("clear");
    b.clear_refresh().expect("clearing twice is fine");
    assert_eq!(a.load_refresh().expect("load"), None);
    assert!(a.load_remembered_device().expect("load").is_some(), "signing out keeps the remembered device");

    // The fallback store uses the keychain when it works.
    let f = FallbackStore::new(KeychainStore::platform(&service, TIMEOUT));
    f.save_refresh(&Secret::new("hvr_third")).expect("save");
    assert!(f.persistent() && f.problem().is_none());
    assert_eq!(b.load_refresh().expect("load").map(|s| s.expose().to_owned()), Some("hvr_third".into()));
    f.clear_refresh().expect("clear");
}

/// Runs this test binary's `test` in a child with `env`; panics with its output if it fails.
fn run_child(test: &str, env: &[(&str, &str)]) {
    let mut cmd = Command::new(std::env::current_exe().expect("exe"));
    cmd.args([test, "--exact", "--nocapture", "--test-threads=1"]).env("HAVEN_KEYCHAIN_CHILD", "1");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("child");
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success() && text.contains("1 passed"), "child {test} failed:\n{text}");
    let said = ["problem shown", "locked keychain", "signing out"];
    for l in text.lines().filter(|l| said.iter().any(|s| l.starts_with(s))) {
        eprintln!("{test}: {l}");
    }
}

/// In the child: the keychain cannot be used; the app's store says why and keeps tokens in memory.
fn child_expects_fallback(max: Duration) {
    let started = Instant::now();
    let keychain = KeychainStore::platform("Haven child", TIMEOUT);
    let f = FallbackStore::new(keychain);
    f.save_refresh(&Secret::new("hvr_memory")).expect("memory fallback");
    f.save_remembered_device(&Secret::new("hvd_memory")).expect("memory fallback");
    assert_eq!(f.load_refresh().expect("load").map(|s| s.expose().to_owned()), Some("hvr_memory".into()));
    let id = f.device_id().expect("device id");
    assert_eq!(f.device_id().expect("device id"), id, "stable for the run");
    assert!(!f.persistent(), "claims to persist");
    let problem = f.problem().expect("a reason for the user");
    assert!(!problem.is_empty());
    eprintln!("problem shown: {problem}");
    let took = started.elapsed();
    assert!(took <= max, "took {took:?}, more than {max:?}");
    f.clear_refresh().expect("clear");
    assert_eq!(f.load_refresh().expect("load"), None);
}

#[test]
fn no_secret_service_falls_back_to_memory_with_a_reason() {
    match std::env::var("HAVEN_KEYCHAIN_CHILD").as_deref() {
        Ok("1") => {
            // Nothing listens at this bus address: connecting fails at once.
            let r = KeychainStore::platform("Haven child", TIMEOUT);
            assert!(matches!(r, Err(StoreError::Unavailable(_))), "{:?}", r.as_ref().err());
            child_expects_fallback(TIMEOUT);
        }
        Ok(_) => {}
        Err(_) => {
            let dir = tempfile::tempdir().expect("tmp");
            let addr = format!("unix:path={}", dir.path().join("no-bus").display());
            run_child("no_secret_service_falls_back_to_memory_with_a_reason", &[("DBUS_SESSION_BUS_ADDRESS", &addr)]);
        }
    }
}

/// A locked keychain: a gnome-keyring that was never unlocked (its login collection does not
/// exist and creating it needs a prompt no one can answer). Calls must end within the timeout.
#[test]
fn locked_keychain_gives_up_within_the_timeout() {
    match std::env::var("HAVEN_KEYCHAIN_CHILD").as_deref() {
        Ok("1") => {
            if std::env::var_os("HAVEN_LOCKED_BUS").is_none() {
                return;
            }
            // Connecting works; storing cannot (locked), and must not hang.
            let k = KeychainStore::platform("Haven child", TIMEOUT).expect("connects to the locked keyring's service");
            let started = Instant::now();
            let r = k.save_refresh(&Secret::new("hvr_nowhere"));
            assert!(r.is_err(), "stored into a locked keychain");
            assert!(started.elapsed() <= TIMEOUT + Duration::from_secs(1), "took {:?}", started.elapsed());
            eprintln!("locked keychain answered: {}", r.err().map(|e| e.to_string()).unwrap_or_default());
            child_expects_fallback(TIMEOUT * 3 + Duration::from_secs(1));
        }
        Ok(_) => {}
        Err(_) => {
            let k = PrivateKeyring::start();
            run_child(
                "locked_keychain_gives_up_within_the_timeout",
                &[("DBUS_SESSION_BUS_ADDRESS", &k.addr), ("HAVEN_LOCKED_BUS", "1")],
            );
        }
    }
}

/// A gnome-keyring that was never unlocked, alone on a private session bus.
struct PrivateKeyring {
    addr: String,
    keyring: Killed,
    _bus: Killed,
    _dir: tempfile::TempDir,
}

impl PrivateKeyring {
    fn start() -> PrivateKeyring {
        PrivateKeyring::start_with(None)
    }

    /// One whose login collection is made and unlocked with `password` (as a desktop login does).
    fn start_unlocked() -> PrivateKeyring {
        PrivateKeyring::start_with(Some("haven-test"))
    }

    fn start_with(password: Option<&str>) -> PrivateKeyring {
        let dir = tempfile::tempdir().expect("tmp");
        for d in ["data", "run", "config"] {
            std::fs::create_dir_all(dir.path().join(d)).expect("dir");
        }
        let (bus, addr) = rig::private_bus();
        let mut keyring = Command::new("gnome-keyring-daemon")
            // `--start` looks for a daemon to initialise; `--unlock` alone starts one unlocked.
            .args(if password.is_some() {
                &["--foreground", "--components=secrets", "--unlock"][..]
            } else {
                &["--start", "--foreground", "--components=secrets"][..]
            })
            .env("DBUS_SESSION_BUS_ADDRESS", &addr)
            .env("XDG_DATA_HOME", dir.path().join("data"))
            .env("XDG_RUNTIME_DIR", dir.path().join("run"))
            .env("XDG_CONFIG_HOME", dir.path().join("config"))
            .env_remove("DISPLAY")
            .env_remove("WAYLAND_DISPLAY")
            .stdin(if password.is_some() { Stdio::piped() } else { Stdio::null() })
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("gnome-keyring-daemon (apt: gnome-keyring)");
        if let (Some(p), Some(mut stdin)) = (password, keyring.stdin.take()) {
            use std::io::Write;
            stdin.write_all(p.as_bytes()).expect("password");
        }
        let keyring = Killed(keyring);
        rig::wait_owned(Some(&addr), "org.freedesktop.secrets");
        PrivateKeyring { addr, keyring, _bus: bus, _dir: dir }
    }

    fn signal(&self, sig: &str) {
        let ok = Command::new("kill").args([sig, &self.keyring.0.id().to_string()]).status().expect("kill").success();
        assert!(ok, "kill {sig}");
    }
}

/// A keychain that never answers (its daemon is stopped with SIGSTOP while it owns the name):
/// connecting gives up after the timeout instead of hanging the app.
#[test]
fn silent_keychain_times_out() {
    match std::env::var("HAVEN_KEYCHAIN_CHILD").as_deref() {
        Ok("1") => {
            if std::env::var_os("HAVEN_SILENT_BUS").is_none() {
                return;
            }
            let started = Instant::now();
            let r = KeychainStore::platform("Haven child", TIMEOUT);
            let took = started.elapsed();
            assert!(matches!(r, Err(StoreError::Timeout)), "{:?}", r.as_ref().err());
            assert!(took >= TIMEOUT && took <= TIMEOUT + Duration::from_secs(1), "took {took:?}");
            eprintln!("problem shown: {}", r.err().map(|e| e.to_string()).unwrap_or_default());
            child_expects_fallback(TIMEOUT + Duration::from_secs(1));
        }
        Ok(_) => {}
        Err(_) => {
            let k = PrivateKeyring::start();
            k.signal("-STOP");
            run_child("silent_keychain_times_out", &[("DBUS_SESSION_BUS_ADDRESS", &k.addr), ("HAVEN_SILENT_BUS", "1")]);
            k.signal("-CONT");
        }
    }
}

/// Signing out while the keychain does not answer (its daemon stopped just before): the session
/// is ended on the service first, so the refresh token the keychain still holds afterwards no
/// longer works, and the app is told the keychain kept it.
#[test]
fn signing_out_with_a_silent_keychain_ends_the_session_on_the_service_first() {
    match std::env::var("HAVEN_KEYCHAIN_CHILD").as_deref() {
        Ok("1") => {
            let Ok(pid) = std::env::var("HAVEN_KEYRING_PID") else { return };
            let signal = |sig: &str| assert!(Command::new("kill").args([sig, &pid]).status().expect("kill").success());
            let rt = tokio::runtime::Runtime::new().expect("runtime");
            rt.block_on(async {
                use haven_client::{HavenClient, SignOut};
                use haven_tests::world::*;
                let email = "silent@keychain.test";
                let (service, _dir, _) = service_with_patient(email).await;
                let store = std::sync::Arc::new(FallbackStore::new(KeychainStore::platform("Haven child", TIMEOUT)));
                let c = HavenClient::new(&service.url(), store.clone()).expect("client");
                c.login(email, PASSWORD, device("desk")).await.expect("sign in");
                let kept = KeychainStore::platform("Haven child", TIMEOUT).expect("store");
                let token = kept.load_refresh().expect("load").expect("the refresh token is in the keychain");

                signal("-STOP");
                let started = Instant::now();
                let out = c.logout().await;
                let took = started.elapsed();
                signal("-CONT");
                assert!(matches!(out, SignOut::KeychainKept(_)), "{out:?}");
                eprintln!("signing out with a silent keychain took {took:?}: {out:?}");
                assert!(!c.is_signed_in().await);

                // What the keychain kept is useless: the service ended that session.
                let later = std::sync::Arc::new(haven_client::MemoryStore::default());
                later.save_refresh(&token).expect("save");
                let resumed = HavenClient::new(&service.url(), later).expect("client").resume().await;
                assert!(
                    matches!(
                        resumed,
                        Err(haven_client::ClientError::Api { code: haven_api::ErrorCode::Unauthenticated, .. })
                    ),
                    "the kept token still works: {resumed:?}"
                );
            });
        }
        Ok(_) => {}
        Err(_) => {
            let k = PrivateKeyring::start_unlocked();
            let pid = k.keyring.0.id().to_string();
            run_child(
                "signing_out_with_a_silent_keychain_ends_the_session_on_the_service_first",
                &[("DBUS_SESSION_BUS_ADDRESS", &k.addr), ("HAVEN_KEYRING_PID", &pid)],
            );
        }
    }
}
