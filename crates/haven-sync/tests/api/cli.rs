//! The `haven-sync` binary: bootstrap, serve, configuration errors.

use crate::common::*;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_haven-sync");

#[tokio::test]
async fn bootstrap_prints_a_working_admin_invite_and_serve_serves_it() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = format!("sqlite://{}", dir.path().join("h.db").display());
    let out = Command::new(BIN)
        .args([
            "bootstrap",
            "--database-url",
            &db,
            "--deployment-name",
            "Demo Trust",
            "--admin-email",
            "Boss@Demo.test",
            "--language",
            "es",
        ])
        .env("HAVEN_PUBLIC_URL", "https://demo.test")
        // The key `serve` runs with below: the invite mail is sealed under it.
        .env("HAVEN_SECRET_KEY", "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=")
        .output()
        .expect("run bootstrap");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    let link = stdout.lines().find_map(|l| l.strip_prefix("admin invite:")).expect("link line").trim().to_owned();
    assert!(link.starts_with("https://demo.test/invite/hvi_"), "{link}");
    let token = link.rsplit('/').next().expect("token").to_owned();

    // A second bootstrap for the same admin email is refused with a clear message.
    let dup = Command::new(BIN)
        .args(["bootstrap", "--database-url", &db, "--deployment-name", "Again", "--admin-email", "boss@demo.test"])
        .output()
        .expect("run");
    assert!(!dup.status.success());
    // A language Haven does not speak is refused, naming those it does.
    let other = Command::new(BIN)
        .args(["bootstrap", "--database-url", &db, "--deployment-name", "Autre", "--admin-email", "chef@demo.test"])
        .args(["--language", "fr"])
        .output()
        .expect("run");
    assert!(!other.status.success());
    let e = String::from_utf8_lossy(&other.stderr);
    assert!(e.contains("--language") && e.contains("choose one of: en, es, ar"), "{e}");
    let sink = SmtpSink::start();
    let mut child = Served(
        Command::new(BIN)
            .args([
                "serve",
                "--database-url",
                &db,
                "--bind",
                "127.0.0.1:0",
                "--delivery",
                "smtp",
                "--smtp-host",
                "127.0.0.1",
                "--smtp-tls",
                "none",
                "--smtp-from",
                "haven@demo.test",
            ])
            .args(["--sms-gateway-url", "http://127.0.0.1:9/unused", "--sms-account", "AC1", "--sms-from", "Haven"])
            .env("HAVEN_SMTP_PORT", sink.port.to_string())
            .env("HAVEN_SECRET_KEY", "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("serve"),
    );
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout")).read_line(&mut line).expect("line");
    let url = line.split_whitespace().last().expect("url").to_owned();
    assert!(url.starts_with("http://127.0.0.1:"), "{line}");
    let http = reqwest::Client::new();
    let info: serde_json::Value =
        http.get(format!("{url}/v1/invites/{token}")).send().await.expect("get").json().await.expect("json");
    assert_eq!(info["email"], "boss@demo.test");
    assert_eq!(info["role"], "admin");
    assert_eq!(info["deployment_name"], "Demo Trust");
    // The invite email queued by bootstrap goes out once the service runs.
    let mail = sink.wait_for("boss@demo.test", 1).await;
    assert!(mail.body.contains(&token));
    // In the language bootstrap was asked for.
    assert_eq!(mail.subject, "Le han invitado a Demo Trust en Haven");
    let health = http.get(format!("{url}/health")).send().await.expect("health");
    assert_eq!(health.status(), 200);
}

#[test]
fn configuration_mistakes_are_reported_not_ignored() {
    let dir = tempfile::tempdir().expect("tmp");
    let cfg = dir.path().join("haven.toml");
    std::fs::write(&cfg, "bind = \"127.0.0.1:0\"\ndatabse_url = \"sqlite://x.db\"\n").expect("write");
    let out = Command::new(BIN).args(["serve", "--config"]).arg(&cfg).output().expect("run");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("databse_url"), "{err}");

    let out = Command::new(BIN)
        .args(["serve", "--delivery", "smtp", "--database-url", "sqlite::memory:"])
        .output()
        .expect("run");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("smtp_host"));

    // Production delivery without a server key is refused, naming what to set.
    let out = Command::new(BIN)
        .args([
            "serve",
            "--delivery",
            "smtp",
            "--smtp-host",
            "127.0.0.1",
            "--smtp-from",
            "a@b.test",
            "--database-url",
            "sqlite::memory:",
        ])
        .args(["--sms-gateway-url", "http://127.0.0.1:9/unused", "--sms-account", "AC1"])
        .env_remove("HAVEN_SECRET_KEY")
        .output()
        .expect("run");
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("secret-key-file"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // SMTP delivery without an SMS gateway would leave second-factor codes undeliverable.
    let out = Command::new(BIN)
        .args([
            "serve",
            "--delivery",
            "smtp",
            "--smtp-host",
            "127.0.0.1",
            "--smtp-from",
            "a@b.test",
            "--database-url",
            "sqlite::memory:",
        ])
        .output()
        .expect("run");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("sms_gateway_url"));
    // Delivery must be chosen, and development delivery stays on loopback.
    let out = Command::new(BIN)
        .args(["serve", "--database-url", "sqlite::memory:"])
        .env_remove("HAVEN_DELIVERY")
        .output()
        .expect("run");
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("--delivery dev"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = Command::new(BIN)
        .args(["serve", "--delivery", "dev", "--bind", "0.0.0.0:0", "--database-url", "sqlite::memory:"])
        .output()
        .expect("run");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("loopback"));

    let out = Command::new(BIN).args(["serve", "--config", "/nonexistent/haven.toml"]).output().expect("run");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/haven.toml"));
}

/// `serve --demo` creates the demo deployment on its first start, in the language of the system
/// that starts it (here Spanish): the admin, named in Spanish, signs in with what it printed, and
/// the clinician's invitation waits in the development inbox, in Spanish, for the deployment
/// named in Spanish; `--demo-language` wins over the system's.
#[tokio::test]
async fn serve_demo_creates_a_usable_demo_deployment_once() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = format!("sqlite://{}", dir.path().join("demo.db").display());
    let start = |env: &[(&str, &str)]| {
        serve_child_with(&["--demo", "--delivery", "dev", "--database-url", &db, "--bind", "127.0.0.1:0"], env)
    };
    let spanish =
        [("LANGUAGE", "es"), ("LC_ALL", "es_ES.UTF-8"), ("LC_MESSAGES", "es_ES.UTF-8"), ("LANG", "es_ES.UTF-8")];
    let (child, lines) = start(&spanish);
    let text = lines.concat();
    let admin = lines.iter().find_map(|l| l.trim().strip_prefix("admin:")).expect("admin line").trim().to_owned();
    let (email, password) = admin.split_once(" / ").expect("email / password");
    let url = lines.last().expect("last").split_whitespace().last().expect("url").to_owned();
    assert!(text.contains("patient enrolment: code "), "{text}");
    let http = reqwest::Client::new();
    let login: serde_json::Value = http
        .post(format!("{url}/v1/auth/login"))
        .json(&serde_json::json!({"email": email, "password": password, "device": {"id": "d", "name": "n", "platform": "linux"}}))
        .send()
        .await
        .expect("login")
        .json()
        .await
        .expect("json");
    assert_eq!(login["status"], "authenticated", "{login}");
    assert_eq!(login["user"]["role"], "admin");
    // Only with the key this run printed: any other local program or user cannot read the codes.
    let guess = http.get(format!("{url}/v1/dev/outbox")).header("X-Haven-Outbox-Key", "hvo_guess").send();
    assert_eq!(guess.await.expect("outbox").status(), 403);
    let outbox = dev_outbox(&http, &url, &outbox_key(&lines)).await;
    let invitation = &outbox["messages"][0];
    assert_eq!(invitation["to"], "clinician@demo.haven.test");
    let es = haven_i18n::Lang::Es;
    assert_eq!(login["user"]["name"], haven_i18n::msg!("service-demo-admin-name").render(es).as_str(), "{login}");
    let name = haven_i18n::msg!("service-demo-deployment").render(es);
    let subject = haven_i18n::msg!("service-mail-invite-subject", deployment = name.as_str()).render(es);
    assert_eq!(invitation["subject"], subject.as_str(), "{invitation}");
    let create = haven_i18n::msg!("service-mail-invite-create").render(es);
    assert!(invitation["body"].as_str().is_some_and(|b| b.contains(&create)), "{invitation}");
    drop(child);
    // Second start: the demo exists, nothing new is printed or created.
    let (_child, lines) = start(&[]);
    assert!(!lines.concat().contains("Demo deployment created"), "{lines:?}");

    // A language asked for wins over the system's.
    let db = format!("sqlite://{}", dir.path().join("demo-ar.db").display());
    let (_child, lines) = serve_child_with(
        &["--demo", "--demo-language", "ar", "--delivery", "dev", "--database-url", &db, "--bind", "127.0.0.1:0"],
        &spanish,
    );
    let url = lines.last().expect("last").split_whitespace().last().expect("url").to_owned();
    let outbox = dev_outbox(&http, &url, &outbox_key(&lines)).await;
    let ar = haven_i18n::Lang::Ar;
    let name = haven_i18n::msg!("service-demo-deployment").render(ar);
    let subject = haven_i18n::msg!("service-mail-invite-subject", deployment = name.as_str()).render(ar);
    assert_eq!(outbox["messages"][0]["subject"], subject.as_str(), "{outbox}");
}

/// A database that cannot be reached at start is one clear line and a failing exit code, never a
/// panic; the password in its URL is not printed.
#[tokio::test]
async fn an_unreachable_database_at_start_is_one_clear_line() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port();
    let url = format!("postgres://haven:s3cret-pw@127.0.0.1:{port}/haven");
    let started = std::time::Instant::now();
    let out = Command::new(BIN)
        .args(["serve", "--delivery", "dev", "--database-url", &url])
        .env("HAVEN_SECRET_KEY", "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=")
        .env("HAVEN_LOG", "off")
        .output()
        .expect("run");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(stderr.contains(&format!("cannot reach database postgres://haven@127.0.0.1:{port}/haven")), "{stderr}");
    assert!(!stderr.contains("s3cret") && !stderr.contains("panicked"), "{stderr}");
    assert!(started.elapsed() < std::time::Duration::from_secs(30));
    let out = Command::new(BIN)
        .args(["serve", "--delivery", "dev", "--database-url", "mysql://127.0.0.1/haven"])
        .output()
        .expect("run");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("use sqlite://… or postgres://…"));
}

/// Instances on PostgreSQL share one server key: starting without one is refused, not given a
/// random key of its own.
#[test]
fn postgres_without_a_server_key_is_refused() {
    let out = Command::new(BIN)
        .args(["serve", "--delivery", "dev", "--database-url", "postgres://haven@127.0.0.1:1/haven"])
        .env_remove("HAVEN_SECRET_KEY")
        .env_remove("HAVEN_SECRET_KEY_FILE")
        .output()
        .expect("run");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("server key every instance shares"));
}

/// A database file damaged, overwritten or swapped under a stopped service: the start is refused
/// with one sentence and exit code 1 — never served from. (The SQLite engine's own check reads
/// every page; the swapped file is told apart by the server key it was written under.)
#[test]
fn a_damaged_or_swapped_database_is_refused_at_start() {
    let dir = tempfile::tempdir().expect("tmp");
    // A port already taken: a start that passes the checks then fails to listen, and says so.
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let bind = taken.local_addr().expect("addr").to_string();
    let serve = |db: &std::path::Path, key: &str| {
        let out = Command::new(BIN)
            .args(["serve", "--delivery", "dev", "--bind", &bind, "--database-url"])
            .arg(format!("sqlite://{}", db.display()))
            .env("HAVEN_SECRET_KEY", key)
            .env("HAVEN_LOG", "off")
            .output()
            .expect("run");
        (out.status.code(), String::from_utf8_lossy(&out.stderr).trim().to_owned())
    };
    const KEY_A: &str = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
    const KEY_B: &str = "ZmVkY2JhOTg3NjU0MzIxMGZlZGNiYTk4NzY1NDMyMTA=";
    // A real database, made (and claimed for key A) by a first start.
    let db = dir.path().join("haven.db");
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(async {
        let mut config = haven_sync::config::Config::dev(format!("sqlite://{}", db.display()));
        config.server_key = haven_sync::keys::ServerKey::from_base64(KEY_A).expect("key");
        let state = haven_sync::AppState::new(config, std::sync::Arc::new(haven_sync::clock::SystemClock))
            .await
            .expect("state");
        haven_sync::demo::ensure(&state, haven_i18n::Lang::En).await.expect("demo");
        state.db.close().await;
    });
    let (code, err) = serve(&db, KEY_A);
    assert!(code == Some(1) && err.contains("cannot listen on"), "the checks passed, then the port was taken: {err}");

    // Swapped: the right file format, another installation's key.
    let (code, err) = serve(&db, KEY_B);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("was written with another server key") && err.lines().count() == 1, "{err}");

    // Damaged: pages in the middle of the file overwritten.
    let damaged = dir.path().join("damaged.db");
    let mut bytes = std::fs::read(&db).expect("read");
    assert!(bytes.len() > 5 * 4096, "a database of {} bytes", bytes.len());
    for b in &mut bytes[2 * 4096 + 100..4 * 4096] {
        *b = 0x5a;
    }
    std::fs::write(&damaged, &bytes).expect("write");
    let (code, err) = serve(&damaged, KEY_A);
    assert_eq!(code, Some(1), "{err}");
    // (SQLite's own check found it: the file opened.)
    assert!(
        err.contains("is damaged (") && err.contains("Restore it from a backup") && err.lines().count() == 1,
        "{err}"
    );

    // Not a database at all (overwritten by something else).
    let text = dir.path().join("text.db");
    std::fs::write(&text, "these are not the pages you are looking for\n".repeat(200)).expect("write");
    let (code, err) = serve(&text, KEY_A);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("is damaged or is not a database") && !err.contains("panicked"), "{err}");
    assert!(std::fs::read(&text).expect("read").starts_with(b"these are not"), "the file was left as it was");
}
