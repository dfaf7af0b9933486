//! `haven-sync serve --tls-cert … --tls-key …`: HTTPS without a proxy, with a self-signed
//! certificate this test makes; plain HTTP to another machine is refused at start.

use crate::common::{dev_outbox, Served};
use std::process::Command;
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_haven-sync");

/// A self-signed certificate for this machine's loopback names, as PEM (certificate, key).
pub fn self_signed() -> (String, String) {
    let ck = rcgen::generate_simple_self_signed(vec!["localhost".into(), "127.0.0.1".into()]).expect("certificate");
    (ck.cert.pem(), ck.key_pair.serialize_pem())
}

/// Starts `serve` with `args` and returns it with the URL and the outbox key it prints.
fn serve(args: &[&str]) -> (Served, String, String) {
    let (child, lines) = crate::common::serve_child(args);
    let url = lines.last().expect("line").split_whitespace().last().expect("url").to_owned();
    (child, url, crate::common::outbox_key(&lines))
}

#[tokio::test]
async fn serve_speaks_https_with_its_certificate_and_nothing_else() {
    let dir = tempfile::tempdir().expect("tmp");
    let (cert, key) = self_signed();
    let (cert_file, key_file) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
    std::fs::write(&cert_file, &cert).expect("cert");
    std::fs::write(&key_file, &key).expect("key");
    let db = format!("sqlite://{}", dir.path().join("h.db").display());
    let (child, url, outbox_key) = serve(&[
        "--demo",
        "--delivery",
        "dev",
        "--database-url",
        &db,
        "--bind",
        "127.0.0.1:0",
        "--tls-cert",
        cert_file.to_str().expect("path"),
        "--tls-key",
        key_file.to_str().expect("path"),
    ]);
    assert!(url.starts_with("https://127.0.0.1:"), "{url}");
    let addr = url.trim_start_matches("https://").to_owned();

    // Connections that open and say nothing hold up neither the accept loop nor anyone else's
    // handshake.
    let mut silent = Vec::new();
    for _ in 0..20 {
        silent.push(tokio::net::TcpStream::connect(&addr).await.expect("connect"));
    }

    let trusting = reqwest::Client::builder()
        .add_root_certificate(reqwest::Certificate::from_pem(cert.as_bytes()).expect("pem"))
        .https_only(true)
        .build()
        .expect("client");
    let t = Instant::now();
    let health = trusting.get(format!("{url}/v1/ready")).send().await.expect("https");
    assert_eq!(health.status(), 200);
    assert!(t.elapsed() < Duration::from_secs(3), "the handshake waited {:?}", t.elapsed());
    // Sign-in answers over TLS, with the client's address known (a wrong password is refused
    // as such, and the development outbox answers only a loopback caller).
    let login = |password: &'static str| {
        trusting.post(format!("{url}/v1/auth/login")).json(&serde_json::json!({
            "email": "admin@demo.haven.test", "password": password,
            "device": {"id": "d", "name": "n", "platform": "linux"}}))
    };
    assert_eq!(login("not the password").send().await.expect("login").status(), 401);
    let outbox = dev_outbox(&trusting, &url, &outbox_key).await;
    assert!(outbox["messages"].is_array(), "{outbox}");

    // A client that does not trust the certificate sends nothing; its error says why.
    let e = reqwest::get(format!("{url}/v1/ready")).await.expect_err("untrusted certificate");
    let mut chain = e.to_string();
    let mut cause: &dyn std::error::Error = &e;
    while let Some(next) = std::error::Error::source(cause) {
        chain.push_str(&format!(" / {next}"));
        cause = next;
    }
    assert!(chain.contains("certificate"), "{chain}");
    // Plain HTTP to the TLS port gets no HTTP answer.
    let plain = reqwest::get(format!("http://{addr}/v1/health")).await;
    assert!(plain.is_err(), "plain HTTP was answered: {:?}", plain.map(|r| r.status()));
    drop(silent);
    drop(child);
}

#[test]
fn tls_and_plain_http_mistakes_are_refused_at_start() {
    let dir = tempfile::tempdir().expect("tmp");
    let (cert, key) = self_signed();
    let (_, other_key) = self_signed();
    let write = |name: &str, text: &str| {
        let p = dir.path().join(name);
        std::fs::write(&p, text).expect("write");
        p.display().to_string()
    };
    let (cert, key, other_key, garbage) =
        (write("c.pem", &cert), write("k.pem", &key), write("o.pem", &other_key), write("g.pem", "hello"));
    let refused = |args: &[&str]| {
        let out = Command::new(BIN)
            .args(["serve", "--delivery", "dev", "--database-url", "sqlite::memory:", "--bind", "127.0.0.1:0"])
            .args(args)
            .output()
            .expect("run");
        assert!(!out.status.success(), "{args:?} started");
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    let e = refused(&["--tls-cert", &cert]);
    assert!(e.contains("both --tls-cert and --tls-key"), "{e}");
    let e = refused(&["--tls-cert", &cert, "--tls-key", &other_key]);
    assert!(e.contains("do not go together"), "{e}");
    let e = refused(&["--tls-cert", &cert, "--tls-key", &garbage]);
    assert!(e.contains(&format!("--tls-key {garbage}: the file holds no PEM private key")), "{e}");
    let e = refused(&["--tls-cert", &garbage, "--tls-key", &key]);
    assert!(e.contains(&format!("--tls-cert {garbage}: the file holds no PEM certificate")), "{e}");
    let e = refused(&["--tls-cert", "/nonexistent/c.pem", "--tls-key", &key]);
    assert!(e.contains("/nonexistent/c.pem: cannot read it"), "{e}");
    let e = refused(&["--tls-cert", &cert, "--tls-key", &key, "--tls-recheck-secs", "0"]);
    assert!(e.contains("--tls-recheck-secs"), "{e}");
    let file = write("haven.toml", &format!("tls_cert = \"{cert}\"\ntls_key = \"{key}\"\ntls_recheck_secs = 0\n"));
    let e = refused(&["--config", &file]);
    assert!(e.contains("tls_recheck_secs: give at least 1 second"), "{e}");

    // Listening beyond loopback in plain HTTP, with no proxy in front, is refused.
    let out = Command::new(BIN)
        .args(["serve", "--delivery", "smtp", "--smtp-host", "127.0.0.1", "--smtp-from", "a@b.test"])
        .args(["--sms-gateway-url", "http://127.0.0.1:9/unused", "--sms-account", "AC1"])
        .args(["--database-url", "sqlite::memory:", "--bind", "0.0.0.0:0"])
        .env("HAVEN_SECRET_KEY", "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=")
        .output()
        .expect("run");
    assert!(!out.status.success());
    let e = String::from_utf8_lossy(&out.stderr);
    assert!(e.contains("without TLS") && e.contains("--tls-cert"), "{e}");
}

/// `serve` with TLS from the certificate and key files in `dir`, and `extra` arguments.
fn serve_tls(dir: &std::path::Path, extra: &[&str]) -> (Served, String) {
    let db = format!("sqlite://{}", dir.join("h.db").display());
    let (cert, key) = (dir.join("cert.pem"), dir.join("key.pem"));
    let mut args = vec!["--delivery", "dev", "--database-url", &db, "--bind", "127.0.0.1:0"];
    args.extend(["--tls-cert", cert.to_str().expect("path"), "--tls-key", key.to_str().expect("path")]);
    args.extend(extra);
    let (child, url, _) = serve(&args);
    (child, url)
}

/// Whether a new connection's handshake succeeds for a client that trusts only `cert`.
async fn trusted_by(url: &str, cert: &str) -> bool {
    let client = reqwest::Client::builder()
        .add_root_certificate(reqwest::Certificate::from_pem(cert.as_bytes()).expect("pem"))
        .pool_max_idle_per_host(0)
        .build()
        .expect("client");
    client.get(format!("{url}/v1/ready")).send().await.is_ok_and(|r| r.status() == 200)
}

async fn until(what: &str, within: Duration, mut ok: impl AsyncFnMut() -> bool) {
    let deadline = Instant::now() + within;
    while !ok().await {
        assert!(Instant::now() < deadline, "{what} within {within:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// A renewed certificate (written in place, as certbot does) is served without a restart: on the
/// next recheck of the files, or at once on SIGHUP. A renewal that cannot be used — the key
/// written before its certificate, a file that is not PEM — keeps the certificate in use.
#[tokio::test]
async fn a_renewed_certificate_is_served_without_a_restart() {
    let dir = tempfile::tempdir().expect("tmp");
    let write = |(cert, key): &(String, String)| {
        std::fs::write(dir.path().join("cert.pem"), cert).expect("cert");
        std::fs::write(dir.path().join("key.pem"), key).expect("key");
    };
    let (a, b, c) = (self_signed(), self_signed(), self_signed());
    write(&a);
    let (child, url) = serve_tls(dir.path(), &["--tls-recheck-secs", "1"]);
    assert!(trusted_by(&url, &a.0).await);
    assert!(!trusted_by(&url, &b.0).await);

    // Half a renewal: the new key beside the old certificate. They do not go together; the old
    // pair stays in use.
    std::fs::write(dir.path().join("key.pem"), &b.1).expect("key");
    tokio::time::sleep(Duration::from_millis(2500)).await;
    assert!(trusted_by(&url, &a.0).await, "a mismatched renewal replaced the certificate in use");
    // The rest of it: the renewed certificate is answered with, by the next recheck.
    std::fs::write(dir.path().join("cert.pem"), &b.0).expect("cert");
    until("the renewed certificate", Duration::from_secs(5), async || trusted_by(&url, &b.0).await).await;
    assert!(!trusted_by(&url, &a.0).await);
    // A file that is not a certificate keeps the one in use.
    std::fs::write(dir.path().join("cert.pem"), "-----BEGIN CERT").expect("cert");
    tokio::time::sleep(Duration::from_millis(2500)).await;
    assert!(trusted_by(&url, &b.0).await, "an unreadable renewal replaced the certificate in use");
    drop(child);

    // SIGHUP reads the files at once, long before the next recheck.
    write(&b);
    let (mut child, url) = serve_tls(dir.path(), &[]);
    assert!(trusted_by(&url, &b.0).await);
    write(&c);
    assert!(!trusted_by(&url, &c.0).await, "renewed before being told");
    let hup = Command::new("kill").args(["-HUP", &child.id().to_string()]).status().expect("kill");
    assert!(hup.success());
    until("the certificate after SIGHUP", Duration::from_secs(3), async || trusted_by(&url, &c.0).await).await;
    // Still serving (SIGHUP did not end it).
    assert!(child.try_wait().expect("wait").is_none());
    drop(child);
}

/// One address that opens more silent connections than there are handshake slots holds only
/// its share: another address's handshake goes through at once, the greedy address's further
/// connections are closed unanswered, and once its silent connections go it is served again.
#[tokio::test]
async fn one_address_cannot_hold_every_handshake_slot() {
    let dir = tempfile::tempdir().expect("tmp");
    let (cert, key) = self_signed();
    std::fs::write(dir.path().join("cert.pem"), &cert).expect("cert");
    std::fs::write(dir.path().join("key.pem"), &key).expect("key");
    let (child, url) = serve_tls(dir.path(), &[]);
    let addr: std::net::SocketAddr = url.trim_start_matches("https://").parse().expect("addr");
    let greedy: std::net::IpAddr = [127, 0, 0, 2].into();
    let mut silent = Vec::new();
    for _ in 0..(haven_sync::tls::MAX_HANDSHAKES + 44) {
        let socket = tokio::net::TcpSocket::new_v4().expect("socket");
        socket.bind((greedy, 0).into()).expect("bind 127.0.0.2");
        silent.push(socket.connect(addr).await.expect("connect"));
    }
    let from = |ip: std::net::IpAddr| {
        reqwest::Client::builder()
            .add_root_certificate(reqwest::Certificate::from_pem(cert.as_bytes()).expect("pem"))
            .local_address(ip)
            .pool_max_idle_per_host(0)
            .timeout(Duration::from_secs(8))
            .build()
            .expect("client")
    };
    let t = Instant::now();
    let r = from([127, 0, 0, 1].into()).get(format!("{url}/v1/ready")).send().await.expect("https");
    assert_eq!(r.status(), 200);
    assert!(t.elapsed() < Duration::from_secs(3), "another address waited {:?}", t.elapsed());
    let t = Instant::now();
    assert!(from(greedy).get(format!("{url}/v1/ready")).send().await.is_err(), "the greedy address was served");
    assert!(t.elapsed() < Duration::from_secs(3), "refused only after {:?}", t.elapsed());
    drop(silent);
    until("the address served again", Duration::from_secs(8), async || {
        from(greedy).get(format!("{url}/v1/ready")).send().await.is_ok_and(|r| r.status() == 200)
    })
    .await;
    drop(child);

    // A load balancer named with --trusted-proxy, through which every client comes, is not capped.
    let (_child, url) = serve_tls(dir.path(), &["--trusted-proxy", "127.0.0.2/32"]);
    let addr: std::net::SocketAddr = url.trim_start_matches("https://").parse().expect("addr");
    let mut waiting = Vec::new();
    for _ in 0..(haven_sync::tls::MAX_HANDSHAKES_PER_ADDRESS + 36) {
        let socket = tokio::net::TcpSocket::new_v4().expect("socket");
        socket.bind((greedy, 0).into()).expect("bind 127.0.0.2");
        waiting.push(socket.connect(addr).await.expect("connect"));
    }
    let r = from(greedy).get(format!("{url}/v1/ready")).send().await.expect("the balancer's connection");
    assert_eq!(r.status(), 200);
}
