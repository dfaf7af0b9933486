//! Test harness: the real service on port 0 with a SQLite file (or, when the suite runs on
//! PostgreSQL, a new database of its throwaway cluster), a real SMTP server (aiosmtpd) on
//! loopback, a manual clock, and a plain HTTP client.

use haven_api::Role;
use haven_i18n::Lang;
use haven_sync::clock::{Clock, ManualClock};
use haven_sync::config::{Config, Delivery, SmtpConfig, SmtpTls};
use haven_sync::invites::Invitee;
use haven_sync::Running;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

pub const PASSWORD: &str = "violet-tundra-cobalt-91";

/// aiosmtpd on a free loopback port; each received mail becomes a JSON file.
pub struct SmtpSink {
    child: Child,
    pub port: u16,
    dir: tempfile::TempDir,
}

#[derive(Debug, Clone)]
pub struct Mail {
    pub to: Vec<String>,
    pub subject: String,
    pub body: String,
}

impl SmtpSink {
    pub fn start() -> SmtpSink {
        let dir = tempfile::tempdir().expect("tempdir");
        let python = std::env::var("HAVEN_PYTHON").unwrap_or_else(|_| "python3".into());
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/smtp_sink.py");
        let mut child = Command::new(&python)
            .arg(script)
            .arg(dir.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| {
                panic!("cannot start {python} {script}: {e} (is aiosmtpd installed? run `cargo xtask test`)")
            });
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout")).read_line(&mut line).expect("read port");
        let port = line
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("smtp sink printed {line:?}, not a port (aiosmtpd missing?)"));
        SmtpSink { child, port, dir }
    }

    pub fn all(&self) -> Vec<Mail> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(self.dir.path())
            .expect("read sink dir")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        files.sort();
        files
            .iter()
            .map(|p| {
                let v: Value =
                    serde_json::from_str(&std::fs::read_to_string(p).expect("read mail")).expect("mail json");
                Mail {
                    to: v["to"]
                        .as_array()
                        .expect("to")
                        .iter()
                        .map(|x| x.as_str().unwrap_or_default().to_owned())
                        .collect(),
                    subject: v["subject"].as_str().unwrap_or_default().to_owned(),
                    body: v["body"].as_str().unwrap_or_default().to_owned(),
                }
            })
            .collect()
    }

    pub fn to(&self, addr: &str) -> Vec<Mail> {
        self.all().into_iter().filter(|m| m.to.iter().any(|t| t == addr)).collect()
    }

    /// Waits (up to 10 s) until `addr` has received `n` mails; returns the newest.
    pub async fn wait_for(&self, addr: &str, n: usize) -> Mail {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let got = self.to(addr);
            if got.len() >= n {
                return got[n - 1].clone();
            }
            assert!(Instant::now() < deadline, "mail #{n} to {addr} never arrived; got {got:?}");
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Pulls the first token-looking word starting with `prefix` out of a mail body.
/// An observation id (the contract's lowercase UUID) that reads as its label: the label's bytes
/// (up to 11) end it, so a failing assertion still says which one.
pub fn oid(label: &str) -> String {
    let hex: String = label.bytes().map(|b| format!("{b:02x}")).collect();
    assert!(hex.len() <= 22, "a label of up to 11 bytes: {label}");
    let p = format!("{hex:0>22}");
    format!("00000000-{}-4{}-8{}-{}", &p[..4], &p[4..7], &p[7..10], &p[10..])
}

pub fn token_in(body: &str, prefix: &str) -> String {
    let start = body.find(prefix).unwrap_or_else(|| panic!("no {prefix} token in mail:\n{body}"));
    body[start..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-').collect()
}

/// The `XXXXX-XXXXX` code of an invite mail.
pub fn invite_code_in(body: &str) -> String {
    let line = body.lines().find(|l| l.contains("enter this code")).expect("code line");
    line.rsplit(' ').next().expect("code").trim().to_owned()
}

/// An SMTP relay on loopback that misbehaves the way real ones do: it greets and then answers
/// every command after the greeting and EHLO with `reply` (a 4xx: try later; a 5xx: refused), or
/// (`reply` None) greets and then never answers again. Counts the connections it took.
pub struct FaultySmtp {
    pub port: u16,
    pub connections: Arc<std::sync::atomic::AtomicUsize>,
    task: tokio::task::JoinHandle<()>,
}

impl FaultySmtp {
    pub async fn start(reply: Option<&'static str>) -> FaultySmtp {
        use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let connections: Arc<std::sync::atomic::AtomicUsize> = Arc::default();
        let count = connections.clone();
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                count.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                tokio::spawn(async move {
                    let (read, mut write) = stream.into_split();
                    let mut lines = BufReader::new(read).lines();
                    if write.write_all(b"220 faulty.test ESMTP\r\n").await.is_err() {
                        return;
                    }
                    let Some(reply) = reply else {
                        // Stalls: holds the connection, answers nothing.
                        while let Ok(Some(_)) = lines.next_line().await {}
                        return;
                    };
                    while let Ok(Some(line)) = lines.next_line().await {
                        let answer = if line.to_ascii_uppercase().starts_with("EHLO") {
                            "250 faulty.test".to_owned()
                        } else if line.to_ascii_uppercase().starts_with("QUIT") {
                            let _ = write.write_all(b"221 bye\r\n").await;
                            return;
                        } else {
                            reply.to_owned()
                        };
                        if write.write_all(format!("{answer}\r\n").as_bytes()).await.is_err() {
                            return;
                        }
                    }
                });
            }
        });
        FaultySmtp { port, connections, task }
    }

    pub fn connections(&self) -> usize {
        self.connections.load(std::sync::atomic::Ordering::SeqCst)
    }
}

impl Drop for FaultySmtp {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// A Twilio-style SMS gateway on loopback: records every form POST it accepts. It can be told
/// to fail instead ([`GatewayMode`]); every request is counted either way.
pub struct SmsGatewayRecorder {
    pub url: String,
    pub received: Arc<std::sync::Mutex<Vec<Sms>>>,
    pub mode: Arc<std::sync::Mutex<GatewayMode>>,
    pub requests: Arc<std::sync::atomic::AtomicUsize>,
    task: tokio::task::JoinHandle<()>,
}

/// How the gateway answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GatewayMode {
    Accept,
    /// Answers this status (500: down, 401: credentials refused, 400: the number refused).
    Status(u16),
    /// Takes the request and never answers.
    Stall,
}

#[derive(Debug, Clone)]
pub struct Sms {
    pub to: String,
    pub from: String,
    pub body: String,
    pub authorization: String,
}

impl SmsGatewayRecorder {
    pub async fn start() -> SmsGatewayRecorder {
        use axum::extract::{Form, State};
        use axum::http::HeaderMap;
        type Store = Arc<std::sync::Mutex<Vec<Sms>>>;
        type Mode = Arc<std::sync::Mutex<GatewayMode>>;
        type Count = Arc<std::sync::atomic::AtomicUsize>;
        async fn receive(
            State((store, mode, count)): State<(Store, Mode, Count)>,
            headers: HeaderMap,
            Form(f): Form<std::collections::HashMap<String, String>>,
        ) -> (axum::http::StatusCode, &'static str) {
            count.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let mode = *mode.lock().expect("lock");
            match mode {
                GatewayMode::Accept => {}
                GatewayMode::Status(code) => {
                    return (axum::http::StatusCode::from_u16(code).expect("status"), "{\"message\": \"no\"}")
                }
                GatewayMode::Stall => std::future::pending::<()>().await,
            }
            let get = |k: &str| f.get(k).cloned().unwrap_or_default();
            let authorization =
                headers.get("authorization").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
            store.lock().expect("lock").push(Sms {
                to: get("To"),
                from: get("From"),
                body: get("Body"),
                authorization,
            });
            (axum::http::StatusCode::CREATED, "{\"sid\": \"SM1\"}")
        }
        let received: Store = Arc::default();
        let mode: Mode = Arc::new(std::sync::Mutex::new(GatewayMode::Accept));
        let requests: Count = Arc::default();
        let app = axum::Router::new()
            .route("/2010-04-01/Accounts/AC123/Messages.json", axum::routing::post(receive))
            .with_state((received.clone(), mode.clone(), requests.clone()));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let url = format!("http://{}/2010-04-01/Accounts/AC123/Messages.json", listener.local_addr().expect("addr"));
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        SmsGatewayRecorder { url, received, mode, requests, task }
    }

    pub fn set_mode(&self, mode: GatewayMode) {
        *self.mode.lock().expect("lock") = mode;
    }

    pub fn requests(&self) -> usize {
        self.requests.load(std::sync::atomic::Ordering::SeqCst)
    }

    pub fn to(&self, phone: &str) -> Vec<Sms> {
        self.received.lock().expect("lock").iter().filter(|m| m.to == phone).cloned().collect()
    }

    /// Waits (up to 10 s) until `phone` has received `n` texts; returns the code in the newest.
    pub async fn code(&self, phone: &str, n: usize) -> String {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let got = self.to(phone);
            if got.len() >= n {
                let body = &got[n - 1].body;
                return body
                    .split_whitespace()
                    .find(|w| w.trim_end_matches('.').chars().all(|c| c.is_ascii_digit()) && w.len() >= 4)
                    .expect("code in sms")
                    .trim_end_matches('.')
                    .to_owned();
            }
            assert!(Instant::now() < deadline, "sms #{n} to {phone} never arrived; got {got:?}");
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }
}

impl Drop for SmsGatewayRecorder {
    fn drop(&mut self) {
        self.task.abort();
    }
}

pub struct Api {
    pub running: Option<Running>,
    pub sms: SmsGatewayRecorder,
    pub clock: ManualClock,
    pub smtp: Option<SmtpSink>,
    pub http: reqwest::Client,
    pub base: String,
    config: Config,
    _dir: tempfile::TempDir,
}

pub struct Resp {
    pub status: StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub body: Value,
}

impl Resp {
    #[track_caller]
    pub fn expect(self, status: u16) -> Value {
        assert_eq!(self.status.as_u16(), status, "unexpected status, body: {}", self.body);
        self.body
    }

    /// Asserts the contract's error shape and returns the code.
    #[track_caller]
    pub fn error(self, status: u16, code: &str) -> Value {
        assert_eq!(self.status.as_u16(), status, "unexpected status, body: {}", self.body);
        assert_error_shape(&self.body);
        assert_eq!(self.body["error"]["code"], code, "body: {}", self.body);
        self.body
    }
}

#[track_caller]
pub fn assert_error_shape(v: &Value) {
    let e = v.get("error").unwrap_or_else(|| panic!("no error object: {v}"));
    assert!(e["code"].as_str().is_some_and(|c| !c.is_empty()), "no code: {v}");
    assert!(e["message"].as_str().is_some_and(|m| m.len() > 5), "no message: {v}");
    let keys: Vec<&String> = v.as_object().expect("object").keys().collect();
    assert_eq!(keys, ["error"], "extra top-level keys: {v}");
}

pub struct Opts {
    pub delivery: Delivery,
    pub tweak: fn(&mut Config),
    /// A database of the test's own (else a new SQLite file, or a new database on the suite's
    /// PostgreSQL when the suite runs on it).
    pub database_url: Option<String>,
}

impl Default for Opts {
    fn default() -> Self {
        Opts { delivery: Delivery::Smtp, tweak: |_| {}, database_url: None }
    }
}

impl Api {
    pub async fn start() -> Api {
        Api::start_with(Opts::default()).await
    }

    pub async fn start_with(opts: Opts) -> Api {
        // The service's warnings and errors (an internal error's detail goes only to the log)
        // are shown with a failing test's output.
        let _ = tracing_subscriber::fmt().with_test_writer().with_max_level(tracing::Level::WARN).try_init();
        let dir = tempfile::tempdir().expect("tempdir");
        let url = if let Some(url) = opts.database_url {
            url
        } else if crate::pg::enabled() {
            crate::pg::shared().fresh_database().await
        } else {
            format!("sqlite://{}", dir.path().join("haven.db").display())
        };
        let mut config = Config::dev(url);
        config.public_url = "https://haven.test".into();
        config.delivery = opts.delivery;
        let smtp = (opts.delivery == Delivery::Smtp).then(SmtpSink::start);
        if let Some(s) = &smtp {
            config.smtp = Some(SmtpConfig {
                host: "127.0.0.1".into(),
                port: s.port,
                tls: SmtpTls::None,
                username: None,
                password: None,
                from: "Haven <no-reply@haven.test>".into(),
            });
        }
        let sms = SmsGatewayRecorder::start().await;
        config.sms = Some(haven_sync::config::SmsGateway {
            url: sms.url.clone(),
            account: "AC123".into(),
            token: "gateway-token".into(),
            from: "+15005550006".into(),
        });
        (opts.tweak)(&mut config);
        let clock = ManualClock::starting_now();
        let running = haven_sync::start(config.clone(), Arc::new(clock.clone())).await.expect("start service");
        let base = running.url();
        Api { running: Some(running), sms, clock, smtp, http: reqwest::Client::new(), base, config, _dir: dir }
    }

    /// A client of service instances running elsewhere (separate processes) that deliver to
    /// these sinks. `base` picks the instance calls go to; `state()` and `admin()` need the
    /// in-process service and are not available.
    pub fn external(base: String, smtp: SmtpSink, sms: SmsGatewayRecorder) -> Api {
        Api {
            running: None,
            sms,
            clock: ManualClock::starting_now(),
            smtp: Some(smtp),
            http: reqwest::Client::new(),
            base,
            config: Config::dev("sqlite::memory:"),
            _dir: tempfile::tempdir().expect("tempdir"),
        }
    }

    /// Stops the service (gracefully: in-flight requests finish, workers stop between jobs) and
    /// starts it again on the same database and port.
    pub async fn restart(&mut self) {
        let old = self.running.take().expect("running");
        let addr = old.addr;
        old.stop().await;
        let mut config = self.config.clone();
        config.bind = addr;
        let running = haven_sync::start(config, Arc::new(self.clock.clone())).await.expect("restart service");
        self.running = Some(running);
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Restarts the service with its mail going to the SMTP relay on `port` (a faulty one, a dead
    /// port, or the suite's sink again).
    pub async fn restart_with_relay(&mut self, port: u16) {
        self.config.smtp.as_mut().expect("smtp delivery").port = port;
        self.restart().await;
    }

    /// Restarts the service with its configuration changed.
    pub async fn restart_changing(&mut self, change: impl FnOnce(&mut Config)) {
        change(&mut self.config);
        self.restart().await;
    }

    /// The suite's SMTP sink's port.
    pub fn sink_port(&self) -> u16 {
        self.smtp.as_ref().expect("smtp sink").port
    }

    pub fn clock_now(&self) -> i64 {
        self.clock.now()
    }

    pub fn state(&self) -> &haven_sync::AppState {
        &self.running.as_ref().expect("running").state
    }

    pub fn smtp(&self) -> &SmtpSink {
        self.smtp.as_ref().expect("smtp delivery")
    }

    pub async fn call(&self, method: Method, path: &str, body: Option<Value>, token: Option<&str>) -> Resp {
        let mut req = self.http.request(method, format!("{}{path}", self.base));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        Self::finish(req).await
    }

    /// A request with extra headers (`Accept-Language`, …).
    pub async fn call_with(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
        token: Option<&str>,
        headers: &[(&str, &str)],
    ) -> Resp {
        let mut req = self.http.request(method, format!("{}{path}", self.base));
        for (name, value) in headers {
            req = req.header(*name, *value);
        }
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        Self::finish(req).await
    }

    async fn finish(req: reqwest::RequestBuilder) -> Resp {
        let resp = req.send().await.expect("http");
        let status = resp.status();
        let headers = resp.headers().clone();
        let text = resp.text().await.expect("body");
        let body = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or_else(|_| panic!("non-JSON body {status}: {text}"))
        };
        Resp { status, headers, body }
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> Resp {
        self.call(Method::GET, path, None, token).await
    }

    pub async fn post(&self, path: &str, body: Value, token: Option<&str>) -> Resp {
        self.call(Method::POST, path, Some(body), token).await
    }

    pub async fn put(&self, path: &str, body: Value, token: Option<&str>) -> Resp {
        self.call(Method::PUT, path, Some(body), token).await
    }

    pub async fn raw(&self, method: Method, path: &str, content_type: Option<&str>, body: Vec<u8>) -> Resp {
        let mut req = self.http.request(method, format!("{}{path}", self.base)).body(body);
        if let Some(ct) = content_type {
            req = req.header("content-type", ct);
        }
        Self::finish(req).await
    }

    pub async fn login(&self, email: &str, password: &str) -> Resp {
        self.post(
            "/v1/auth/login",
            json!({"email": email, "password": password, "device": {"id": "dev-1", "name": "Test laptop", "platform": "linux"}}),
            None,
        )
        .await
    }

    /// Logs in and returns (access, refresh); panics unless `authenticated`.
    pub async fn login_ok(&self, email: &str, password: &str) -> (String, String) {
        let v = self.login(email, password).await.expect(200);
        assert_eq!(v["status"], "authenticated", "{v}");
        (
            v["tokens"]["access_token"].as_str().expect("access").to_owned(),
            v["tokens"]["refresh_token"].as_str().expect("refresh").to_owned(),
        )
    }

    /// A deployment and its verified, signed-in first admin, created the way `bootstrap` does
    /// and then through the public routes. Returns (deployment_id, admin access token).
    pub async fn admin(&self, email: &str) -> (String, String) {
        let state = self.state();
        let mut tx = state.db.begin().await.expect("tx");
        let dep =
            haven_sync::invites::insert_deployment(&mut tx, "St Elsewhere", None, self.clock.now()).await.expect("dep");
        let inv = haven_sync::invites::issue_invite(
            &mut tx,
            state,
            &dep,
            Invitee { email, role: Role::Admin, lang: Lang::En },
            None,
            None,
        )
        .await
        .expect("invite");
        tx.commit().await.expect("commit");
        state.delivery.wake();
        self.smtp().wait_for(email, 1).await;
        self.accept_invite(&inv.token, email, "Ada Admin").await;
        let (access, _) = self.login_ok(email, PASSWORD).await;
        (dep.id, access)
    }

    /// Creates the account for an invite and verifies its email from the mail received.
    pub async fn accept_invite(&self, token: &str, email: &str, name: &str) -> String {
        let before = self.smtp().to(email).len();
        let v = self
            .post(
                "/v1/accounts",
                json!({"invite_token": token, "name": name, "password": PASSWORD, "accept_terms": true}),
                None,
            )
            .await
            .expect(201);
        let mail = self.smtp().wait_for(email, before + 1).await;
        let vt = token_in(&mail.body, "hve_");
        self.post("/v1/accounts/verify-email", json!({"token": vt}), None).await.expect(200);
        v["user_id"].as_str().expect("user_id").to_owned()
    }

    /// Invites `email` as `role` from `inviter` and returns the invite token read from the mail.
    pub async fn invite(&self, inviter: &str, deployment_id: &str, email: &str, role: &str) -> String {
        let before = self.smtp().to(email).len();
        self.post("/v1/invites", json!({"email": email, "role": role, "deployment_id": deployment_id}), Some(inviter))
            .await
            .expect(201);
        let mail = self.smtp().wait_for(email, before + 1).await;
        token_in(&mail.body, "hvi_")
    }
}

/// Every value a pull from the start hands back, `limit` at a time, and how many pages it took.
pub async fn pull_all(api: &Api, token: &str, limit: u32) -> (Vec<Value>, usize) {
    let mut since = String::new();
    let mut all = Vec::new();
    let mut pages = 0;
    loop {
        let page = api.get(&format!("/v1/sync/pull?since={since}&limit={limit}"), Some(token)).await.expect(200);
        pages += 1;
        let cursor = page["cursor"].as_str().expect("cursor").to_owned();
        // The cursor is opaque: only the pages' contents are checked (each id exactly once).
        all.extend(page["observations"].as_array().expect("obs").iter().cloned());
        since = cursor;
        if !page["more"].as_bool().expect("more") {
            return (all, pages);
        }
    }
}

/// Signs the consent text in force (patients must, before recording data).
pub async fn sign_consent(api: &Api, token: &str) -> Value {
    let current = api.get("/v1/legal/consent", None).await.expect(200)["version"].as_str().expect("version").to_owned();
    api.post("/v1/me/consent", json!({"version": current}), Some(token)).await.expect(200)
}

/// A new deployment with its admin, and a signed-in patient of it who has signed the consent.
/// Returns (deployment id, admin token, patient token).
pub async fn consenting_patient(api: &Api, email: &str) -> (String, String, String) {
    let (dep, admin) = api.admin(&format!("admin-{email}")).await;
    let t = api.invite(&admin, &dep, email, "patient").await;
    api.accept_invite(&t, email, "Pat Patient").await;
    let token = api.login_ok(email, PASSWORD).await.0;
    sign_consent(api, &token).await;
    (dep, admin, token)
}

/// Completes a `setup_required` sign-in by adding `phone` with the code the gateway received;
/// returns the access token.
pub async fn complete_phone_setup(api: &Api, setup_token: &str, phone: &str) -> String {
    let n = api.sms.to(phone).len();
    let r = api.put("/v1/me/phone", serde_json::json!({"phone": phone}), Some(setup_token)).await.expect(202);
    assert_eq!(r["resend_after_s"], 30);
    let code = api.sms.code(phone, n + 1).await;
    let v = api.post("/v1/me/phone/verify", serde_json::json!({"code": code}), Some(setup_token)).await.expect(200);
    assert_eq!(v["status"], "authenticated", "{v}");
    assert_eq!(v["recovery_codes"].as_array().map(Vec::len), Some(10), "{v}");
    v["tokens"]["access_token"].as_str().expect("access").to_owned()
}

/// Signs in a user whose two-step is (or must be) SMS: sets up `phone` if needed, else answers
/// the SMS challenge. Returns the access token.
pub async fn sign_in_with_sms(api: &Api, email: &str, phone: &str) -> String {
    let n = api.sms.to(phone).len();
    let v = api.login(email, PASSWORD).await.expect(200);
    match v["status"].as_str() {
        Some("setup_required") => complete_phone_setup(api, v["setup_token"].as_str().expect("setup"), phone).await,
        Some("second_factor_required") => {
            let code = api.sms.code(phone, n + 1).await;
            let id = v["challenge_id"].as_str().expect("challenge");
            let a = api
                .post(
                    &format!("/v1/auth/challenges/{id}/verify"),
                    serde_json::json!({"method": "sms", "code": code}),
                    None,
                )
                .await
                .expect(200);
            a["tokens"]["access_token"].as_str().expect("access").to_owned()
        }
        Some("authenticated") => v["tokens"]["access_token"].as_str().expect("access").to_owned(),
        _ => panic!("unexpected login answer {v}"),
    }
}

/// The development outbox's key, from the line `serve` prints with development delivery.
pub fn outbox_key(lines: &[String]) -> String {
    let line = lines.iter().find(|l| l.starts_with("development inbox:")).expect("the development inbox line");
    line.split("X-Haven-Outbox-Key: ").nth(1).expect("the key").trim().trim_end_matches(')').to_owned()
}

/// What a served process's development outbox holds, read with its key.
pub async fn dev_outbox(http: &reqwest::Client, url: &str, key: &str) -> Value {
    let r = http.get(format!("{url}/v1/dev/outbox")).header("X-Haven-Outbox-Key", key).send().await.expect("outbox");
    r.json().await.expect("json")
}

/// A `serve` process this test started: ended when dropped, so a failing test leaves none behind.
pub struct Served(pub std::process::Child);

impl std::ops::Deref for Served {
    type Target = std::process::Child;
    fn deref(&self) -> &std::process::Child {
        &self.0
    }
}

impl std::ops::DerefMut for Served {
    fn deref_mut(&mut self) -> &mut std::process::Child {
        &mut self.0
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `haven-sync serve` with `args` and reads what it prints up to its "listening on" line
/// (the last of `lines`); what it prints later is read and dropped, so it never writes into a
/// closed pipe.
pub fn serve_child(args: &[&str]) -> (Served, Vec<String>) {
    serve_child_with(args, &[])
}

/// [`serve_child`] with these environment variables set for the service.
pub fn serve_child_with(args: &[&str], env: &[(&str, &str)]) -> (Served, Vec<String>) {
    use std::io::{BufRead, BufReader};
    // Ended on drop from here on, even if what it prints cannot be read.
    let mut child = Served(
        std::process::Command::new(env!("CARGO_BIN_EXE_haven-sync"))
            .arg("serve")
            .args(args)
            .envs(env.iter().copied())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("serve"),
    );
    let mut out = BufReader::new(child.stdout.take().expect("stdout"));
    let mut lines = Vec::new();
    loop {
        let mut l = String::new();
        assert!(out.read_line(&mut l).expect("read") > 0, "serve exited: {lines:?}");
        let done = l.contains("listening on");
        lines.push(l);
        if done {
            break;
        }
    }
    std::thread::spawn(move || for _ in out.lines() {});
    (child, lines)
}
