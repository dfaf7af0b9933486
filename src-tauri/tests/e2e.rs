//! End to end: the real app window (WebKitGTK under Xvfb) driven through WebKitWebDriver, against
//! a real sync service. Run by `cargo xtask test` inside `xvfb-run … dbus-run-session`.
//! Screenshots of the key screens go to docs/screenshots/.

use fantoccini::{Client, ClientBuilder, Locator};
use haven_api::{CreateAccount, CreateInvite, DeviceInfo, LoginOutcome, Role, Secret};
use haven_client::{HavenClient, MemoryStore};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

#[path = "../../crates/haven-client/tests/dbus_rig/mod.rs"]
mod dbus_rig;

const APP: &str = env!("CARGO_BIN_EXE_haven-app");
const PASSWORD: &str = "violet-tundra-cobalt-91";

/// WebKitWebDriver on a free port, in its own process group so it and the app it launches die
/// together at the end.
struct Driver {
    child: Child,
    port: u16,
}

impl Driver {
    fn start(env: &[(&str, String)]) -> Driver {
        let port = {
            let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
            l.local_addr().expect("addr").port()
        };
        let mut cmd = Command::new("WebKitWebDriver");
        cmd.arg(format!("--port={port}"))
            .env("TAURI_WEBVIEW_AUTOMATION", "true")
            .env("NO_AT_BRIDGE", "1")
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        for (k, v) in env {
            cmd.env(k, v);
        }
        #[cfg(unix)]
        std::os::unix::process::CommandExt::process_group(&mut cmd, 0);
        let child = cmd.spawn().expect("WebKitWebDriver (apt: webkit2gtk-driver; run via `cargo xtask test`)");
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "WebKitWebDriver did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        Driver { child, port }
    }

    async fn session(&self) -> Client {
        // fantoccini's rustls needs a process-wide crypto provider (the driver is plain HTTP).
        let _ = rustls::crypto::ring::default_provider().install_default();
        let mut caps = serde_json::Map::new();
        caps.insert("webkitgtk:browserOptions".into(), serde_json::json!({"binary": APP, "args": []}));
        ClientBuilder::rustls()
            .expect("tls")
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{}", self.port))
            .await
            .expect("webdriver session")
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        // Kill the whole group: the driver and the app window it started.
        let _ = Command::new("kill").arg("--").arg(format!("-{}", self.child.id())).status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn text_of(c: &Client, css: &str) -> String {
    match c.wait().at_most(Duration::from_secs(20)).for_element(Locator::Css(css)).await {
        Ok(e) => e.text().await.expect("text"),
        Err(e) => {
            let src = c.source().await.unwrap_or_default();
            let url = c.current_url().await.map(|u| u.to_string()).unwrap_or_default();
            panic!("{css} never appeared ({e}) at {url}; page:\n{src}")
        }
    }
}

async fn wait_text(c: &Client, css: &str, needle: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let Ok(e) = c.find(Locator::Css(css)).await {
            if let Ok(t) = e.text().await {
                if t.contains(needle) {
                    return t;
                }
            }
        }
        assert!(Instant::now() < deadline, "{css} never said {needle:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn fill(c: &Client, css: &str, value: &str) {
    let e = c
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"));
    e.clear().await.expect("clear");
    e.send_keys(value).await.expect("type");
}

async fn screenshot(c: &Client, name: &str) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/screenshots");
    std::fs::create_dir_all(&dir).expect("docs dir");
    let png = c.screenshot().await.expect("screenshot");
    std::fs::write(dir.join(format!("{name}.png")), png).expect("write screenshot");
}

/// The app against `service` with a fresh data dir and any extra environment: the data dir, the
/// driver (its drop ends the app) and the first session — in that order, so bound as a tuple they
/// drop session first, then the app, then the data dir.
async fn open_app(service: &haven_sync::Running, extra: &[(&str, String)]) -> (tempfile::TempDir, Driver, Client) {
    let data = tempfile::tempdir().expect("data");
    let mut env = vec![("HAVEN_SERVER_URL", service.url()), ("HAVEN_DATA_DIR", data.path().display().to_string())];
    env.extend(extra.iter().cloned());
    let driver = Driver::start(&env);
    let c = driver.session().await;
    (data, driver, c)
}

/// A development service (SQLite in a temp dir) with its demo deployment.
async fn demo_service() -> (haven_sync::Running, tempfile::TempDir, haven_sync::demo::DemoInfo) {
    demo_service_at(Arc::new(haven_sync::clock::SystemClock)).await
}

async fn demo_service_at(
    clock: Arc<dyn haven_sync::clock::Clock>,
) -> (haven_sync::Running, tempfile::TempDir, haven_sync::demo::DemoInfo) {
    let dir = tempfile::tempdir().expect("tmp");
    let config = haven_sync::config::Config::dev(format!("sqlite://{}", dir.path().join("s.db").display()));
    let state = haven_sync::AppState::new(config, clock).await.expect("state");
    let demo = haven_sync::demo::ensure(&state).await.expect("demo").expect("fresh");
    let running = haven_sync::start_with_state(state).await.expect("start");
    (running, dir, demo)
}

/// A service with a verified, signed-in patient (no two-step yet); returns the patient's client.
async fn service_with_patient(email: &str) -> (haven_sync::Running, tempfile::TempDir, HavenClient) {
    service_with_patient_at(email, Arc::new(haven_sync::clock::SystemClock)).await
}

async fn service_with_patient_at(
    email: &str,
    clock: Arc<dyn haven_sync::clock::Clock>,
) -> (haven_sync::Running, tempfile::TempDir, HavenClient) {
    let (running, dir, p, _) = patient_and_admin(email, clock).await;
    (running, dir, p)
}

/// The patient's and the demo admin's signed-in clients.
async fn patient_and_admin(
    email: &str,
    clock: Arc<dyn haven_sync::clock::Clock>,
) -> (haven_sync::Running, tempfile::TempDir, HavenClient, HavenClient) {
    let (running, dir, demo) = demo_service_at(clock).await;
    let dev = DeviceInfo { id: "setup".into(), name: "setup".into(), platform: "test".into() };
    let admin = HavenClient::new(&running.url(), Arc::new(MemoryStore::default())).expect("client");
    admin.login(&demo.admin_email, &demo.admin_password, dev.clone()).await.expect("admin");
    let dep = admin.me().await.expect("me").deployment.id;
    admin
        .create_invite(&CreateInvite { email: email.into(), role: Role::Patient, deployment_id: dep })
        .await
        .expect("invite");
    let p = HavenClient::new(&running.url(), Arc::new(MemoryStore::default())).expect("client");
    let token = newest(&p, email, "hvi_").await;
    p.create_account(&CreateAccount {
        invite_token: Some(Secret::new(token)),
        enrolment_code: None,
        email: None,
        name: "Pat Patient".into(),
        password: Secret::new(PASSWORD),
        accept_terms: true,
    })
    .await
    .expect("account");
    p.verify_email(&newest(&p, email, "hve_").await).await.expect("verify");
    assert!(matches!(p.login(email, PASSWORD, dev).await.expect("login"), LoginOutcome::Authenticated { .. }));
    (running, dir, p, admin)
}

/// A service with a verified patient who has SMS two-step on.
async fn service_with_sms_patient(email: &str, phone: &str) -> (haven_sync::Running, tempfile::TempDir) {
    let (running, dir, p) = service_with_patient(email).await;
    p.set_phone(phone).await.expect("phone");
    p.verify_phone(&sms(&p, phone, 1).await).await.expect("verify phone");
    p.set_two_step(true, Some("sms")).await.expect("two-step");
    (running, dir)
}

async fn newest(c: &HavenClient, to: &str, marker: &str) -> String {
    for _ in 0..200 {
        let out = c.dev_outbox().await.expect("outbox");
        if let Some(m) = out.messages.iter().find(|m| m.to == to && m.body.contains(marker)) {
            let i = m.body.find(marker).expect("marker");
            return m.body[i..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-').collect();
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("no {marker} mail to {to}");
}

async fn sms(c: &HavenClient, phone: &str, n: usize) -> String {
    for _ in 0..200 {
        let out = c.dev_outbox().await.expect("outbox");
        let texts: Vec<_> = out.messages.iter().filter(|m| m.to == phone && m.channel == "sms").collect();
        if texts.len() >= n {
            return texts[0]
                .body
                .split_whitespace()
                .find(|w| w.trim_end_matches('.').chars().all(|c| c.is_ascii_digit()))
                .expect("code")
                .trim_end_matches('.')
                .to_owned();
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("sms #{n} to {phone} never came");
}

#[tokio::test]
async fn patient_signs_in_with_an_sms_code_and_a_wrong_code_says_so() {
    let phone = "+447911000456";
    let (service, _dir) = service_with_sms_patient("pat@e2e.test", phone).await;
    let (_data, _driver, c) = open_app(&service, &[]).await;
    let outbox = HavenClient::new(&service.url(), Arc::new(MemoryStore::default())).expect("client");

    assert_eq!(text_of(&c, "h1").await, "Sign in to Haven");
    screenshot(&c, "sign-in").await;
    // Wrong password first: the service's message, in the page.
    fill(&c, "#email", "pat@e2e.test").await;
    fill(&c, "#password", "not-the-password-1").await;
    c.find(Locator::Css("#sign-in")).await.expect("button").click().await.expect("click");
    wait_text(&c, "#error", "email or password is incorrect").await;

    fill(&c, "#password", PASSWORD).await;
    c.find(Locator::Css("#sign-in")).await.expect("button").click().await.expect("click");
    wait_text(&c, "h1", "Two-step verification").await;
    assert!(text_of(&c, "#sent-to").await.contains("+44 •••• ••0456"));
    let code = sms(&outbox, phone, 2).await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    fill(&c, "#code", wrong).await;
    c.find(Locator::Css("#verify")).await.expect("verify").click().await.expect("click");
    let msg = wait_text(&c, "#error", "not right").await;
    assert!(msg.contains("4 tries left"), "{msg}");
    // Resend counts down from 30 s and is disabled meanwhile.
    let resend = c.find(Locator::Css("#resend")).await.expect("resend button");
    assert!(
        resend.text().await.expect("text").starts_with("Send a new code in "),
        "{}",
        resend.text().await.unwrap_or_default()
    );
    assert!(resend.attr("disabled").await.expect("attr").is_some(), "resend enabled during the countdown");
    screenshot(&c, "second-step-wrong-code").await;
    fill(&c, "#code", &code).await;
    c.find(Locator::Css("#verify")).await.expect("verify").click().await.expect("click");
    let who = wait_text(&c, "#signed-in-as", "Pat Patient").await;
    assert!(who.contains("(patient)"), "{who}");
    assert!(text_of(&c, "#two-step").await.contains("on (sms)"));
    screenshot(&c, "signed-in").await;
    let _ = c.close().await;
}

async fn click(c: &Client, css: &str) {
    let e = c
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"));
    e.click().await.unwrap_or_else(|e| panic!("click {css}: {e}"));
}

/// The full clinician onboarding of the product docs: invite email → create account (password,
/// terms) → verify email → sign in → add phone → SMS code → one-time disclaimer → dashboard.
#[tokio::test]
async fn clinician_onboarding_from_invite_to_dashboard() {
    let (service, _dir, demo) = demo_service().await;
    let admin = HavenClient::new(&service.url(), Arc::new(MemoryStore::default())).expect("client");
    admin
        .login(
            &demo.admin_email,
            &demo.admin_password,
            DeviceInfo { id: "a".into(), name: "a".into(), platform: "t".into() },
        )
        .await
        .expect("admin");
    let dep = admin.me().await.expect("me").deployment.id;
    let email = "cleo@e2e.test";
    admin
        .create_invite(&CreateInvite { email: email.into(), role: Role::Clinician, deployment_id: dep })
        .await
        .expect("invite");
    // The invite email carries a short code to type into the app.
    let mail =
        admin.dev_outbox().await.expect("outbox").messages.into_iter().find(|m| m.to == email).expect("invite mail");
    let code = mail
        .body
        .lines()
        .find(|l| l.contains("enter this code"))
        .and_then(|l| l.rsplit(' ').next())
        .expect("code")
        .trim()
        .to_owned();

    let (_data, _driver, c) = open_app(&service, &[]).await;
    click(&c, "#join-link").await;
    fill(&c, "#invite-code", &code).await;
    click(&c, "#find-invite").await;
    let info = wait_text(&c, "#invite-info", "Demo deployment").await;
    assert!(info.contains(email) && info.contains("clinician"), "{info}");
    // A weak password is refused under its field, and nothing is lost.
    fill(&c, "#name", "Cleo Clinician").await;
    fill(&c, "#new-password", "password1234").await;
    click(&c, "#accept-terms").await;
    click(&c, "#create-account").await;
    wait_text(&c, "#password-error", "too common").await;
    screenshot(&c, "create-account-weak-password").await;
    fill(&c, "#new-password", PASSWORD).await;
    click(&c, "#create-account").await;
    wait_text(&c, "#verify-hint", email).await;
    let link = format!("https://x/verify-email?token={}", newest(&admin, email, "hve_").await);
    fill(&c, "#verify-token", &link).await;
    click(&c, "#verify-email").await;
    wait_text(&c, "#notice", "email is verified").await;
    fill(&c, "#email", email).await;
    fill(&c, "#password", PASSWORD).await;
    click(&c, "#sign-in").await;
    wait_text(&c, "h1", "Set up two-step verification").await;
    fill(&c, "#phone", "not a number").await;
    click(&c, "#send-code").await;
    wait_text(&c, "#error", "E.164").await;
    fill(&c, "#phone", "+44 7911 000789").await;
    click(&c, "#send-code").await;
    let code = sms(&admin, "+447911000789", 1).await;
    fill(&c, "#setup-code", &code).await;
    screenshot(&c, "setup-phone").await;
    click(&c, "#confirm-phone").await;
    wait_text(&c, "#disclaimer", "Before you start").await;
    let codes = c.find_all(Locator::Css("#recovery-codes li")).await.expect("codes");
    assert_eq!(codes.len(), 10, "recovery codes shown once after set-up");
    screenshot(&c, "clinician-disclaimer").await;
    click(&c, "#disclaimer-ok").await;
    click(&c, "#start").await;
    let dash = wait_text(&c, "#dashboard", "Clinician dashboard").await;
    assert!(dash.contains("Cleo Clinician (clinician)") && dash.contains("on (sms)"), "{dash}");
    screenshot(&c, "clinician-dashboard").await;
    // The disclaimer is one-time: after signing out and in again the dashboard comes straight up.
    click(&c, "#sign-out").await;
    fill(&c, "#email", email).await;
    fill(&c, "#password", PASSWORD).await;
    click(&c, "#sign-in").await;
    wait_text(&c, "h1", "Two-step verification").await;
    fill(&c, "#code", &sms(&admin, "+447911000789", 2).await).await;
    click(&c, "#verify").await;
    wait_text(&c, "#dashboard", "Clinician dashboard").await;
    assert!(c.find(Locator::Css("#disclaimer")).await.is_err(), "disclaimer shown twice");
    let _ = c.close().await;
}

fn totp_now(secret_b32: &str) -> String {
    let secret = totp_rs::Secret::try_from_base32(secret_b32).expect("base32");
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("time").as_secs();
    haven_sync::twostep::totp(secret.as_bytes().to_vec(), "e2e").expect("totp").generate(now).to_string()
}

async fn sign_in(c: &Client, email: &str) {
    fill(c, "#email", email).await;
    fill(c, "#password", PASSWORD).await;
    click(c, "#sign-in").await;
}

/// Profile → Account: turn on the authenticator app (the test computes the code from the shown
/// key), then sign in with it and "remember this device", after which the second step is skipped.
#[tokio::test]
async fn authenticator_app_and_a_remembered_device() {
    let email = "tia@e2e.test";
    let (service, _dir, _) = service_with_patient(email).await;
    let (_data, _driver, c) = open_app(&service, &[]).await;
    sign_in(&c, email).await;
    wait_text(&c, "#two-step", "off").await;
    click(&c, "#account-link").await;
    wait_text(&c, "#two-step-state", "Off").await;
    click(&c, "#use-authenticator").await;
    let secret = text_of(&c, "#totp-secret").await;
    assert!(c.find(Locator::Css("#qr svg")).await.is_ok(), "QR code is shown as SVG");
    screenshot(&c, "authenticator-setup").await;
    fill(&c, "#totp-code", &totp_now(&secret)).await;
    click(&c, "#confirm-totp").await;
    wait_text(&c, "#two-step-state", "authenticator app").await;
    assert_eq!(c.find_all(Locator::Css("#recovery-codes li")).await.expect("codes").len(), 10);
    click(&c, "#home-link").await;
    click(&c, "#sign-out").await;

    // Sign in: the second step asks for the authenticator. The code just used is spent, so wait
    // for the next 30-second step.
    sign_in(&c, email).await;
    wait_text(&c, "h1", "Two-step verification").await;
    let used = totp_now(&secret);
    let deadline = Instant::now() + Duration::from_secs(35);
    while totp_now(&secret) == used {
        assert!(Instant::now() < deadline);
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    fill(&c, "#code", &totp_now(&secret)).await;
    click(&c, "#remember").await;
    click(&c, "#verify").await;
    wait_text(&c, "#two-step", "on (totp)").await;
    click(&c, "#account-link").await;
    wait_text(&c, "#devices", "Haven desktop").await;
    screenshot(&c, "account").await;
    click(&c, "#home-link").await;
    click(&c, "#sign-out").await;
    // Remembered: straight in with the password alone.
    sign_in(&c, email).await;
    wait_text(&c, "#signed-in-as", "Pat Patient").await;
    let _ = c.close().await;
}

/// A patient signs up with the deployment's enrolment code, verifies the email and signs in.
#[tokio::test]
async fn patient_signs_up_with_an_enrolment_code() {
    let (service, _dir, demo) = demo_service().await;
    let outbox = HavenClient::new(&service.url(), Arc::new(MemoryStore::default())).expect("client");
    let (_data, _driver, c) = open_app(&service, &[]).await;
    let email = "pia@e2e.test";
    click(&c, "#enrol-link").await;
    fill(&c, "#enrolment-code", "WRONG123").await;
    fill(&c, "#enrol-email", email).await;
    fill(&c, "#name", "Pia Patient").await;
    fill(&c, "#new-password", PASSWORD).await;
    click(&c, "#accept-terms").await;
    click(&c, "#sign-up").await;
    wait_text(&c, "#enrolment_code-error", "not known").await;
    fill(&c, "#enrolment-code", &demo.enrolment_code.to_lowercase()).await;
    click(&c, "#sign-up").await;
    wait_text(&c, "#verify-hint", email).await;
    fill(&c, "#verify-token", &newest(&outbox, email, "hve_").await).await;
    click(&c, "#verify-email").await;
    wait_text(&c, "#notice", "email is verified").await;
    sign_in(&c, email).await;
    let who = wait_text(&c, "#signed-in-as", "Pia Patient").await;
    assert!(who.contains("(patient)"), "{who}");
    let _ = c.close().await;
}

/// The page fits the window: nothing wider than the viewport (no sideways scrolling).
async fn assert_fits(c: &Client, what: &str) {
    let v = c
        .execute(
            "return [document.documentElement.scrollWidth, document.documentElement.clientWidth, window.innerWidth];",
            vec![],
        )
        .await
        .expect("js");
    let w: Vec<u64> = serde_json::from_value(v).expect("widths");
    assert!(w[0] <= w[1], "{what}: content is {} px wide in a {} px viewport (window {})", w[0], w[1], w[2]);
}

/// The admin page sets the policy (a bad value is refused under its field) and invites a
/// clinician; the development inbox shows the invitation; with only the authenticator app
/// allowed, the clinician's required set-up offers the authenticator (the test computes the
/// code from the shown key). Checked at a phone-sized window.
#[tokio::test]
async fn admin_policy_invite_inbox_and_authenticator_setup_on_a_phone_sized_window() {
    let (service, _dir, demo) = demo_service().await;
    let outbox = HavenClient::new(&service.url(), Arc::new(MemoryStore::default())).expect("client");
    let (_data, _driver, c) = open_app(&service, &[]).await;
    c.set_window_size(390, 844).await.expect("phone-sized window");
    text_of(&c, "#sign-in").await;
    assert_fits(&c, "sign in").await;

    fill(&c, "#email", &demo.admin_email).await;
    fill(&c, "#password", &demo.admin_password).await;
    click(&c, "#sign-in").await;
    click(&c, "#admin-link").await;
    wait_text(&c, "#policy-title", "Sign-in policy").await;
    assert_eq!(text_of(&c, "#enrolment-code").await, demo.enrolment_code);
    fill(&c, "#code-length", "3").await;
    click(&c, "#save-policy").await;
    wait_text(&c, "#code_length-error", "4 to 8").await;
    fill(&c, "#code-length", "6").await;
    click(&c, "#allow-sms").await; // authenticator app only
    click(&c, "#save-policy").await;
    wait_text(&c, "#policy-status", "Policy saved").await;
    let email = "ada@e2e.test";
    fill(&c, "#invite-email", email).await;
    click(&c, "#send-invite").await;
    wait_text(&c, "#invite-status", email).await;
    assert_fits(&c, "admin").await;
    screenshot(&c, "admin-phone").await;
    click(&c, "#home-link").await;
    click(&c, "#sign-out").await;

    // The development inbox shows the invitation, with the code to type.
    click(&c, "#inbox-link").await;
    let inbox = wait_text(&c, "#inbox", email).await;
    // Newest first: the invitation just sent comes before the demo's own.
    assert!(inbox.find(email) < inbox.find(haven_sync::demo::CLINICIAN_EMAIL), "inbox is not newest first:\n{inbox}");
    let code = inbox[inbox.find(email).expect("mail")..]
        .lines()
        .find(|l| l.contains("enter this code"))
        .and_then(|l| l.rsplit(' ').next())
        .expect("code in the inbox page")
        .trim()
        .to_owned();
    assert_fits(&c, "inbox").await;
    screenshot(&c, "dev-inbox-phone").await;
    click(&c, "#back-link").await;

    click(&c, "#join-link").await;
    fill(&c, "#invite-code", &code).await;
    click(&c, "#find-invite").await;
    wait_text(&c, "#invite-info", email).await;
    fill(&c, "#name", "Ada Clinician").await;
    fill(&c, "#new-password", PASSWORD).await;
    click(&c, "#accept-terms").await;
    click(&c, "#create-account").await;
    wait_text(&c, "#verify-hint", email).await;
    fill(&c, "#verify-token", &newest(&outbox, email, "hve_").await).await;
    click(&c, "#verify-email").await;
    wait_text(&c, "#notice", "email is verified").await;
    sign_in(&c, email).await;
    wait_text(&c, "h1", "Set up two-step verification").await;
    // Only the authenticator is allowed: no phone field, the QR straight away.
    let secret = text_of(&c, "#totp-secret").await;
    assert!(c.find(Locator::Css("#phone")).await.is_err(), "phone set-up offered against the policy");
    assert!(c.find(Locator::Css("#qr svg")).await.is_ok(), "QR code shown");
    assert_fits(&c, "authenticator set-up").await;
    screenshot(&c, "setup-authenticator-phone").await;
    fill(&c, "#setup-code", "000000").await;
    click(&c, "#confirm-totp").await;
    let wrong = wait_text(&c, "#error", "not right").await;
    assert!(!wrong.contains('_'), "{wrong}");
    // The wrong code may, once in a million, be the right one; the next step's code is used.
    fill(&c, "#setup-code", &totp_now(&secret)).await;
    click(&c, "#confirm-totp").await;
    wait_text(&c, "#disclaimer", "Before you start").await;
    assert_eq!(c.find_all(Locator::Css("#recovery-codes li")).await.expect("codes").len(), 10);
    assert_fits(&c, "disclaimer").await;
    click(&c, "#disclaimer-ok").await;
    click(&c, "#start").await;
    let dash = wait_text(&c, "#dashboard", "Clinician dashboard").await;
    assert!(dash.contains("on (totp)"), "{dash}");
    let _ = c.close().await;
}

/// Profile → Account at 800×600: turn on text messages (add the number, type the code), sign in
/// again with a recovery code, then turn two-step off. The session's step-up has lapsed (the service's clock is moved on), so the
/// app asks for the password first; a wrong password says so. Signing in is done by keyboard.
#[tokio::test]
async fn sms_two_step_on_and_off_with_the_password_asked_again() {
    let clock = haven_sync::clock::ManualClock::starting_now();
    let email = "sam@e2e.test";
    let phone = "+447911000321";
    let (service, _dir, _) = service_with_patient_at(email, Arc::new(clock.clone())).await;
    let outbox = HavenClient::new(&service.url(), Arc::new(MemoryStore::default())).expect("client");
    let (_data, _driver, c) = open_app(&service, &[]).await;
    c.set_window_size(800, 600).await.expect("800x600");
    // Keyboard only: type, Tab to the password, Enter submits.
    let field = c.wait().at_most(Duration::from_secs(20)).for_element(Locator::Css("#email")).await.expect("email");
    field.click().await.expect("focus");
    field.send_keys(&format!("{email}\u{E004}{PASSWORD}\u{E007}")).await.expect("keys");
    wait_text(&c, "#signed-in-as", "Pat Patient").await;
    assert_fits(&c, "home").await;
    click(&c, "#account-link").await;
    wait_text(&c, "#two-step-state", "Off").await;
    assert!(c.find(Locator::Css("#turn-off")).await.is_err(), "turn-off offered while off");
    click(&c, "#use-sms").await;
    fill(&c, "#sms-phone", "12").await;
    click(&c, "#sms-send").await;
    wait_text(&c, "#error", "number").await;
    fill(&c, "#sms-phone", "+44 7911 000321").await;
    click(&c, "#sms-send").await;
    fill(&c, "#sms-code", &sms(&outbox, phone, 1).await).await;
    click(&c, "#sms-confirm").await;
    wait_text(&c, "#two-step-state", "On — text message").await;
    assert_eq!(c.find_all(Locator::Css("#recovery-codes li")).await.expect("codes").len(), 10);
    assert_fits(&c, "account").await;
    screenshot(&c, "account-sms-on").await;
    let recovery = text_of(&c, "#recovery-codes li").await;

    // Sign in again with a recovery code instead of the texted one.
    click(&c, "#home-link").await;
    click(&c, "#sign-out").await;
    sign_in(&c, email).await;
    wait_text(&c, "h1", "Two-step verification").await;
    wait_text(&c, "label:has(#remember)", "Remember this device for 90 days").await;
    click(&c, "#method-recovery_code").await;
    fill(&c, "#code", &recovery).await;
    click(&c, "#verify").await;
    wait_text(&c, "#signed-in-as", "Pat Patient").await;
    click(&c, "#account-link").await;
    wait_text(&c, "#two-step-state", "On — text message").await;

    // Eleven minutes on: the step-up from signing in has lapsed (access tokens last 15).
    clock.advance(11 * 60);
    click(&c, "#turn-off").await;
    fill(&c, "#reauth-password", "not-my-password-1").await;
    click(&c, "#reauth-confirm").await;
    wait_text(&c, "#error", "password is not right").await;
    assert_eq!(text_of(&c, "#two-step-state").await, "On — text message", "changed without the password");
    screenshot(&c, "account-confirm-password").await;
    fill(&c, "#reauth-password", PASSWORD).await;
    click(&c, "#reauth-confirm").await;
    wait_text(&c, "#two-step-state", "Off").await;
    wait_text(&c, "#notice", "Two-step verification is off").await;
    assert!(c.find(Locator::Css("#reauth")).await.is_err(), "password prompt left open");
    let me = outbox
        .login(email, PASSWORD, DeviceInfo { id: "x".into(), name: "x".into(), platform: "t".into() })
        .await
        .expect("login");
    assert!(matches!(me, LoginOutcome::Authenticated { .. }), "service still asks for a second step: {me:?}");
    let _ = c.close().await;
}

/// Every file under `dir`, recursively.
fn files_under(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else { return };
    for e in rd.flatten() {
        let p = e.path();
        match e.file_type() {
            Ok(t) if t.is_dir() => files_under(&p, out),
            Ok(t) if t.is_file() => out.push(p),
            _ => {}
        }
    }
}

/// The OS keychain keeps the session: after signing in (SMS code, remember this device) the app
/// is restarted and resumes without a password prompt — but locked, because "lock when not in
/// use" is on, and it also locks by itself after the idle timeout. Throughout, no token and no
/// password is written anywhere under the app's home, data, config and cache directories.
#[tokio::test]
async fn keychain_session_survives_a_restart_locks_when_idle_and_nothing_secret_reaches_disk() {
    let email = "kim@e2e.test";
    let phone = "+447911000654";
    let (service, _dir, p) = service_with_patient(email).await;
    p.set_phone(phone).await.expect("phone");
    p.verify_phone(&sms(&p, phone, 1).await).await.expect("verify phone");
    p.set_two_step(true, Some("sms")).await.expect("two-step");
    p.settings(&haven_api::Settings {
        biometric_login: None,
        lock_when_idle: Some(haven_api::LockWhenIdle { enabled: true, timeout_s: 4 }),
    })
    .await
    .expect("lock setting");

    let home = tempfile::tempdir().expect("home");
    let h = |d: &str| home.path().join(d).display().to_string();
    let env = [
        ("HAVEN_SERVER_URL", service.url()),
        ("HAVEN_DATA_DIR", h("haven-data")),
        ("HOME", h("")),
        ("XDG_DATA_HOME", h(".local/share")),
        ("XDG_CONFIG_HOME", h(".config")),
        ("XDG_CACHE_HOME", h(".cache")),
    ];
    let driver = Driver::start(&env);
    let c = driver.session().await;
    assert!(
        c.find(Locator::Css("#keychain-problem")).await.is_err(),
        "the keychain is running, yet the app says it is not"
    );
    sign_in(&c, email).await;
    wait_text(&c, "h1", "Two-step verification").await;
    fill(&c, "#code", &sms(&p, phone, 2).await).await;
    click(&c, "#remember").await;
    click(&c, "#verify").await;
    wait_text(&c, "#signed-in-as", "Pat Patient").await;
    // Left alone for the 4-second timeout, the app locks; a wrong password does not open it.
    let locked_at = Instant::now();
    wait_text(&c, "#locked", "Haven is locked").await;
    let idle = locked_at.elapsed();
    assert!(idle < Duration::from_secs(10), "locked after {idle:?}");
    assert!(c.find(Locator::Css("#signed-in-as")).await.is_err(), "data still on screen while locked");
    screenshot(&c, "lock-screen").await;
    fill(&c, "#unlock-password", "not-my-password-1").await;
    click(&c, "#unlock").await;
    wait_text(&c, "#error", "password is not right").await;
    fill(&c, "#unlock-password", PASSWORD).await;
    click(&c, "#unlock").await;
    wait_text(&c, "#signed-in-as", "Pat Patient").await;
    let _ = c.close().await;

    // Restart: the session comes back from the keychain, and starts locked.
    let c = driver.session().await;
    wait_text(&c, "#locked", "Haven is locked").await;
    fill(&c, "#unlock-password", PASSWORD).await;
    click(&c, "#unlock").await;
    wait_text(&c, "#signed-in-as", "Pat Patient").await;
    click(&c, "#sign-out").await;
    wait_text(&c, "h1", "Sign in to Haven").await;
    // Signed out, the remembered device still skips the second step (its token is in the keychain).
    sign_in(&c, email).await;
    wait_text(&c, "#signed-in-as", "Pat Patient").await;
    let _ = c.close().await;
    drop(driver);

    let mut files = Vec::new();
    files_under(home.path(), &mut files);
    let needles: [&[u8]; 5] = [b"hvr_", b"hva_", b"hvd_", b"hvs_", PASSWORD.as_bytes()];
    for f in &files {
        let bytes = std::fs::read(f).unwrap_or_default();
        for n in needles {
            assert!(!bytes.windows(n.len()).any(|w| w == n), "{} holds {:?}", f.display(), String::from_utf8_lossy(n));
        }
    }
    eprintln!("scanned {} files under the app's home for tokens and the password: none found", files.len());
    assert!(!files.is_empty(), "the app wrote nothing at all under its home: the scan looked in the wrong place");
}

/// Fingerprint login with the real fprintd (virtual reader, enrolled finger "alice"): the
/// deployment requires it, so the app asks to turn it on after sign-in; when the app locks, a
/// wrong finger is refused with the tries left, the right one opens it.
#[tokio::test]
async fn required_fingerprint_login_is_turned_on_and_unlocks_the_app() {
    let rig = dbus_rig::Rig::start(true, true);
    rig.enrol("alice");
    let email = "fay@e2e.test";
    let (service, _dir, p, admin) = patient_and_admin(email, Arc::new(haven_sync::clock::SystemClock)).await;
    let dep = admin.me().await.expect("me").deployment;
    let mut policy = dep.policy.clone();
    policy.biometric_required = true;
    admin.set_policy(&dep.id, &policy).await.expect("policy");
    p.settings(&haven_api::Settings {
        biometric_login: None,
        lock_when_idle: Some(haven_api::LockWhenIdle { enabled: true, timeout_s: 4 }),
    })
    .await
    .expect("lock setting");

    let (_data, _driver, c) = open_app(&service, &[("DBUS_SYSTEM_BUS_ADDRESS", rig.addr.clone())]).await;
    sign_in(&c, email).await;
    wait_text(&c, "#biometric-prompt", "requires biometric login").await;
    screenshot(&c, "biometric-required").await;
    click(&c, "#enable-biometric").await;
    wait_text(&c, "#signed-in-as", "Pat Patient").await;
    assert!(p.me().await.expect("me").biometric_login, "the service has biometric login on");

    wait_text(&c, "#locked", "Haven is locked").await;
    click(&c, "#unlock-fingerprint").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    rig.scan("mallory");
    wait_text(&c, "#error", "4 tries left").await;
    screenshot(&c, "lock-screen-fingerprint").await;
    click(&c, "#unlock-fingerprint").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    rig.scan("alice");
    wait_text(&c, "#signed-in-as", "Pat Patient").await;
    // Required: the switch in Profile → Account cannot be turned off.
    click(&c, "#account-link").await;
    wait_text(&c, "#biometric-state", "reader is ready").await;
    let toggle = c.find(Locator::Css("#biometric-enabled")).await.expect("toggle");
    assert!(toggle.attr("disabled").await.expect("attr").is_some(), "required biometric login can be switched off");
    let refused = p.settings(&haven_api::Settings { biometric_login: Some(false), lock_when_idle: None }).await;
    assert!(
        matches!(refused, Err(haven_client::ClientError::Api { code: haven_api::ErrorCode::Forbidden, .. })),
        "{refused:?}"
    );
    let _ = c.close().await;
}

/// A notification reaches the desktop's notification daemon (python3-dbusmock's
/// notification_daemon on the test session bus logs every Notify call), not just the plugin's Ok.
/// One notification daemon at a time: tests run in parallel, and two daemons cannot own
/// org.freedesktop.Notifications on the one session bus.
static NOTIFICATIONS: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// python3-dbusmock's notification daemon on the session bus, logging every call to a file:
/// (the turn, held until the test ends; the daemon, killed on drop; the log's directory; the
/// log). Bind it as `let (_turn, _daemon, _logdir, log)` so the turn is released last.
async fn notification_daemon(
) -> (tokio::sync::MutexGuard<'static, ()>, dbus_rig::Killed, tempfile::TempDir, std::path::PathBuf) {
    let turn = NOTIFICATIONS.lock().await;
    // The previous test's daemon is gone once the bus has let go of its name.
    let deadline = Instant::now() + Duration::from_secs(15);
    while dbus_rig::owned(None, "org.freedesktop.Notifications") {
        assert!(Instant::now() < deadline, "another notification daemon still owns the name");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let logdir = tempfile::tempdir().expect("tmp");
    let log = logdir.path().join("notify.log");
    let daemon = Command::new("/usr/bin/python3")
        .args(["-m", "dbusmock", "--template", "notification_daemon", "-l"])
        .arg(&log)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("python3-dbusmock (apt)");
    let daemon = dbus_rig::Killed(daemon);
    dbus_rig::wait_owned(None, "org.freedesktop.Notifications");
    (turn, daemon, logdir, log)
}

/// Waits (up to `secs`) until a Notify call carrying `text` reached the daemon.
async fn wait_notified(log: &std::path::Path, text: &str, secs: u64) {
    let deadline = Instant::now() + Duration::from_secs(secs);
    loop {
        let got = std::fs::read_to_string(log).unwrap_or_default();
        if got.contains("Notify") && got.contains(text) {
            return;
        }
        assert!(Instant::now() < deadline, "no notification with {text:?} reached the daemon; its log:\n{got}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn a_test_notification_reaches_the_notification_daemon() {
    let email = "nia@e2e.test";
    let (service, _dir, _) = service_with_patient(email).await;
    let (_turn, _daemon, _logdir, log) = notification_daemon().await;
    let (_data, _driver, c) = open_app(&service, &[]).await;
    sign_in(&c, email).await;
    click(&c, "#account-link").await;
    click(&c, "#test-notification").await;
    wait_text(&c, "#notice", "Sent").await;
    wait_notified(&log, "Notifications from Haven reach you here.", 10).await;
    let _ = c.close().await;
}

/// System sleep locks the app at once: logind (python3-dbusmock's template, on a private system
/// bus) announces PrepareForSleep(true) while the patient is on the home screen with a long
/// idle timeout.
#[tokio::test]
async fn system_sleep_locks_the_app() {
    let email = "sol@e2e.test";
    let (service, _dir, p) = service_with_patient(email).await;
    p.settings(&haven_api::Settings {
        biometric_login: None,
        lock_when_idle: Some(haven_api::LockWhenIdle { enabled: true, timeout_s: 900 }),
    })
    .await
    .expect("lock setting");
    let (_bus, addr) = dbus_rig::private_bus();
    let _logind = dbus_rig::Killed(
        Command::new("/usr/bin/python3")
            .args(["-m", "dbusmock", "--system", "--template", "logind"])
            .env("DBUS_SYSTEM_BUS_ADDRESS", &addr)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("python3-dbusmock"),
    );
    dbus_rig::wait_owned(Some(&addr), "org.freedesktop.login1");
    let (_data, _driver, c) = open_app(&service, &[("DBUS_SYSTEM_BUS_ADDRESS", addr.clone())]).await;
    sign_in(&c, email).await;
    wait_text(&c, "#signed-in-as", "Pat Patient").await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert!(c.find(Locator::Css("#locked")).await.is_err(), "locked before any sleep");
    let emit = "import dbus,sys; b=dbus.bus.BusConnection(sys.argv[1]); o=b.get_object('org.freedesktop.login1','/org/freedesktop/login1'); \
                o.EmitSignal('org.freedesktop.login1.Manager','PrepareForSleep','b',[True],dbus_interface='org.freedesktop.DBus.Mock')";
    let ok = Command::new("/usr/bin/python3").args(["-c", emit, &addr]).status().expect("python3").success();
    assert!(ok, "emit PrepareForSleep");
    wait_text(&c, "#locked", "Haven is locked").await;
    let _ = c.close().await;
}

/// The service again on the same database and address (after `stop`), as after an outage.
async fn restart_service(
    dir: &std::path::Path,
    addr: std::net::SocketAddr,
    clock: Arc<dyn haven_sync::clock::Clock>,
) -> haven_sync::Running {
    let mut config = haven_sync::config::Config::dev(format!("sqlite://{}", dir.join("s.db").display()));
    config.bind = addr;
    let state = haven_sync::AppState::new(config, clock).await.expect("state");
    haven_sync::start_with_state(state).await.expect("restart")
}

/// The patient's health data, end to end: nothing is recorded before the informed consent is
/// signed; values are recorded with bad input refused, charted, kept on the device while the
/// service is down and sent when it is back; a CSV download is requested with the password asked
/// again, announced by an OS notification and saved; withdrawing consent stops capture.
#[tokio::test]
async fn patient_records_offline_first_downloads_their_data_and_withdraws_consent() {
    let email = "hal@e2e.test";
    let clock = haven_sync::clock::ManualClock::starting_now();
    let (service, dir, p) = service_with_patient_at(email, Arc::new(clock.clone())).await;
    let (_turn, _daemon, _logdir, log) = notification_daemon().await;
    let saves = tempfile::tempdir().expect("saves");
    let (_data, _driver, c) = open_app(&service, &[("HAVEN_EXPORT_DIR", saves.path().display().to_string())]).await;
    sign_in(&c, email).await;
    click(&c, "#health-link").await;
    // No consent yet: no capture form, and the screen says why.
    wait_text(&c, "#not-collecting", "only after you sign").await;
    assert!(c.find(Locator::Css("#record")).await.is_err(), "capture offered without consent");
    click(&c, "#consent-link").await;
    wait_text(&c, "#consent-text", "withdraw your consent at any time").await;
    screenshot(&c, "consent").await;
    click(&c, "#sign-consent").await;
    wait_text(&c, "#consent-status", "You signed this").await;
    click(&c, "#to-health").await;

    // Bad input gets its own sentence and nothing is stored.
    fill(&c, "#value", "abc").await;
    click(&c, "#save").await;
    wait_text(&c, "#record-error", "Enter the value as a number").await;
    fill(&c, "#value", "900").await;
    click(&c, "#save").await;
    wait_text(&c, "#record-error", "between 20 and 300").await;
    fill(&c, "#value", "72").await;
    fill(&c, "#note", "after the stairs").await;
    click(&c, "#save").await;
    wait_text(&c, "#saved", "Saved and sent").await;
    wait_text(&c, "#chart-heart_rate", "72 bpm").await;
    c.find(Locator::Css("#kind")).await.expect("kind").select_by_value("blood_pressure").await.expect("select");
    fill(&c, "#value", "120").await;
    fill(&c, "#value2", "80").await;
    click(&c, "#save").await;
    wait_text(&c, "#chart-blood_pressure", "120/80 mmHg").await;
    let on_service = p.pull(None, 100).await.expect("pull").observations;
    assert_eq!(on_service.len(), 2, "{on_service:?}");
    assert!(on_service.iter().any(|o| o.note.as_deref() == Some("after the stairs")));

    // The service goes down: the value is kept on the device and sent once it is back.
    let addr = service.addr;
    service.stop().await;
    c.find(Locator::Css("#kind")).await.expect("kind").select_by_value("weight").await.expect("select");
    fill(&c, "#value", "70.5").await;
    click(&c, "#save").await;
    wait_text(&c, "#saved", "Saved on this device").await;
    wait_text(&c, "#sync-state", "1 waiting to be sent").await;
    wait_text(&c, "#chart-weight", "70.5 kg").await;
    screenshot(&c, "health-offline").await;
    let service = restart_service(dir.path(), addr, Arc::new(clock.clone())).await;
    click(&c, "#sync-now").await;
    wait_text(&c, "#sync-state", "Everything is sent").await;
    assert_eq!(p.pull(None, 100).await.expect("pull").observations.len(), 3);
    c.execute("document.getElementById('charts-title').scrollIntoView()", vec![]).await.expect("scroll");
    screenshot(&c, "health").await;

    // Download your data: the password is asked again (more than 10 minutes after sign-in).
    clock.advance(11 * 60);
    click(&c, "#health-back").await;
    click(&c, "#account-link").await;
    click(&c, "#exports-link").await;
    click(&c, "#request-csv").await;
    fill(&c, "#reauth-password", PASSWORD).await;
    click(&c, "#reauth-confirm").await;
    let ready = c
        .wait()
        .at_most(Duration::from_secs(30))
        .for_element(Locator::Css("li[data-status=ready] .save"))
        .await
        .expect("export ready");
    screenshot(&c, "download-your-data").await;
    ready.click().await.expect("save");
    let saved = wait_text(&c, "#export-saved", "Saved to").await;
    let path = saved.trim_start_matches("Saved to ").trim();
    assert!(path.starts_with(&saves.path().display().to_string()) && path.ends_with(".csv"), "{path}");
    let csv = std::fs::read_to_string(path).expect("saved file");
    assert!(csv.starts_with("id,recorded_at,kind,value,unit"), "{csv}");
    assert!(
        csv.contains(",72,bpm,") && csv.contains("120/80") && csv.contains("70.5") && csv.contains("after the stairs"),
        "{csv}"
    );
    wait_notified(&log, "Your data is ready", 20).await;

    // Withdrawing (still inside the 10-minute window) stops capture, and the app says why.
    click(&c, "#exports-back").await;
    click(&c, "#consent-nav").await;
    click(&c, "#withdraw").await;
    wait_text(&c, "#consent-status", "You withdrew your consent").await;
    click(&c, "#to-health").await;
    wait_text(&c, "#not-collecting", "You withdrew your consent").await;
    assert!(c.find(Locator::Css("#record")).await.is_err(), "capture still offered after withdrawal");
    wait_text(&c, "#chart-weight", "70.5 kg").await;
    let _ = c.close().await;
    service.stop().await;
}

/// A clinician sees the patients of their deployment on the dashboard, with how much each
/// recorded, and a patient's charts.
#[tokio::test]
async fn clinician_sees_their_patients_values() {
    let (service, _dir, p, admin) = patient_and_admin("pia@e2e.test", Arc::new(haven_sync::clock::SystemClock)).await;
    let current = p.consent().await.expect("consent").current_version;
    p.sign_consent(&current).await.expect("sign");
    let hr = |id: &str, bpm: f64, at: &str| haven_api::Observation {
        id: id.into(),
        kind: "heart_rate".into(),
        value: haven_api::ObservationValue::Number(bpm),
        unit: "bpm".into(),
        recorded_at: at.into(),
        note: None,
        deleted: false,
    };
    let bp = haven_api::Observation {
        id: "bp1".into(),
        kind: "blood_pressure".into(),
        value: haven_api::ObservationValue::BloodPressure(haven_api::BloodPressure {
            systolic: 131.0,
            diastolic: 84.0,
        }),
        unit: "mmHg".into(),
        recorded_at: "2026-11-21T08:00:00Z".into(),
        note: None,
        deleted: false,
    };
    let pushed = p
        .push(&[
            hr("h1", 64.0, "2026-11-20T08:00:00Z"),
            hr("h2", 71.0, "2026-11-20T20:00:00Z"),
            hr("h3", 77.0, "2026-11-21T08:00:00Z"),
            bp,
        ])
        .await
        .expect("push");
    assert_eq!(pushed.accepted.len(), 4);

    // A clinician of the same deployment, set up through the service (phone, disclaimer).
    let email = "dora@e2e.test";
    let phone = "+447911000432";
    let dep = admin.me().await.expect("me").deployment.id;
    admin
        .create_invite(&CreateInvite { email: email.into(), role: Role::Clinician, deployment_id: dep })
        .await
        .expect("invite");
    let doc = HavenClient::new(&service.url(), Arc::new(MemoryStore::default())).expect("client");
    let token = newest(&admin, email, "hvi_").await;
    doc.create_account(&CreateAccount {
        invite_token: Some(Secret::new(token)),
        enrolment_code: None,
        email: None,
        name: "Dora Doctor".into(),
        password: Secret::new(PASSWORD),
        accept_terms: true,
    })
    .await
    .expect("account");
    doc.verify_email(&newest(&admin, email, "hve_").await).await.expect("verify");
    let dev = DeviceInfo { id: "setup".into(), name: "setup".into(), platform: "test".into() };
    let LoginOutcome::SetupRequired { setup_token, .. } = doc.login(email, PASSWORD, dev).await.expect("login") else {
        panic!("clinicians set up two-step first")
    };
    doc.setup_phone(setup_token.expose(), phone).await.expect("phone");
    doc.setup_verify_phone(setup_token.expose(), &sms(&admin, phone, 1).await).await.expect("verify phone");
    doc.accept_disclaimer().await.expect("disclaimer");

    let (_data, _driver, c) = open_app(&service, &[]).await;
    sign_in(&c, email).await;
    wait_text(&c, "h1", "Two-step verification").await;
    fill(&c, "#code", &sms(&admin, phone, 2).await).await;
    click(&c, "#verify").await;
    let list = wait_text(&c, "#patients", "Pat Patient").await;
    assert!(list.contains("4 values") && list.contains("last 2026-11-21"), "{list}");
    click(&c, "#patients a").await;
    wait_text(&c, "#chart-heart_rate", "77 bpm").await;
    wait_text(&c, "#chart-blood_pressure", "131/84 mmHg").await;
    let points = c
        .find(Locator::Css("#chart-heart_rate polyline"))
        .await
        .expect("line")
        .attr("points")
        .await
        .expect("points")
        .unwrap_or_default();
    assert_eq!(points.split_whitespace().count(), 3, "one point per value: {points}");
    // A single blood pressure still shows: a dot for each of its two numbers.
    assert_eq!(c.find_all(Locator::Css("#chart-blood_pressure circle")).await.expect("dots").len(), 2);
    screenshot(&c, "clinician-patient").await;
    let _ = c.close().await;
}

/// Runs xdotool (the X server of this test run is Xvfb); answers its output.
fn xdotool(args: &[&str]) -> String {
    let out = Command::new("xdotool").args(args).output().expect("xdotool (apt)");
    assert!(out.status.success(), "xdotool {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// "Save…" opens the system's save dialog (GTK, through tauri-plugin-dialog); the person types
/// where the file goes, and it is written there, complete.
#[tokio::test]
async fn a_download_is_saved_where_the_user_picks_in_the_save_dialog() {
    let email = "sal@e2e.test";
    let (service, _dir, p) = service_with_patient(email).await;
    let current = p.consent().await.expect("consent").current_version;
    p.sign_consent(&current).await.expect("sign");
    let obs = haven_api::Observation {
        id: "w1".into(),
        kind: "weight".into(),
        value: haven_api::ObservationValue::Number(64.5),
        unit: "kg".into(),
        recorded_at: "2026-11-20T08:00:00Z".into(),
        note: Some("before breakfast".into()),
        deleted: false,
    };
    p.push(&[obs]).await.expect("push");
    let (_data, _driver, c) = open_app(&service, &[]).await;
    sign_in(&c, email).await;
    click(&c, "#account-link").await;
    click(&c, "#exports-link").await;
    click(&c, "#request-fhir").await;
    let save = c
        .wait()
        .at_most(Duration::from_secs(30))
        .for_element(Locator::Css("li[data-status=ready] .save"))
        .await
        .expect("export ready");
    save.click().await.expect("save");
    // The dialog: find it, give it the keyboard, type a path into its name field, confirm.
    let deadline = Instant::now() + Duration::from_secs(20);
    let window = loop {
        let found = Command::new("xdotool")
            .args(["search", "--onlyvisible", "--name", "Save"])
            .output()
            .expect("xdotool (apt)");
        if let Some(w) = String::from_utf8_lossy(&found.stdout).lines().last() {
            break w.trim().to_owned();
        }
        if Instant::now() > deadline {
            let windows = Command::new("xdotool")
                .args(["search", "--name", "."])
                .output()
                .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
                .unwrap_or_default();
            panic!("no save dialog appeared; X windows: {windows:?}; page:\n{}", c.source().await.unwrap_or_default());
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    let picked = tempfile::tempdir().expect("picked");
    let target = picked.path().join("my-health.json");
    xdotool(&["windowfocus", "--sync", &window]);
    xdotool(&["key", "--clearmodifiers", "ctrl+a"]);
    xdotool(&["type", "--delay", "20", &target.display().to_string()]);
    xdotool(&["key", "Return"]);
    let saved = wait_text(&c, "#export-saved", "Saved to").await;
    assert!(saved.contains(&target.display().to_string()), "{saved}");
    let bundle: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&target).expect("saved where picked")).expect("FHIR JSON");
    assert_eq!(bundle["resourceType"], "Bundle");
    assert_eq!(bundle["entry"][1]["resource"]["valueQuantity"]["value"], 64.5);
    assert!(!picked.path().join("my-health.json.part").exists(), "the temporary file was left behind");
    let _ = c.close().await;
}
