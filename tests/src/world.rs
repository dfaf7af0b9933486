//! A service to test against (SQLite in a temp dir, the demo deployment), clients, the
//! development outbox (the emails and texts it "sent"), and onboarding people.

use haven_api::{
    Channel, ConsentStatus, CreateAccount, CreateInvite, DeviceInfo, Factor, LoginOutcome, OutboxMessage, Role, Secret,
};
use haven_client::{HavenClient, MemoryStore};
use haven_sync::clock::{Clock, ManualClock, SystemClock};
use haven_sync::config::Config;
use haven_sync::demo::DemoInfo;
use std::sync::Arc;
use std::time::Duration;

pub const PASSWORD: &str = "violet-tundra-cobalt-91";

/// The development outbox's key of every service the tests start (a real run's is random):
/// the test helpers read codes with it, and the app under test gets it as HAVEN_DEV_OUTBOX_KEY.
pub const TEST_OUTBOX_KEY: &str = "hvo_the-tests-own-outbox-key";

/// A development service's configuration on a SQLite database, with [`TEST_OUTBOX_KEY`].
pub fn test_config(database_url: String) -> Config {
    let mut config = Config::dev(database_url);
    config.outbox_key = Secret::new(TEST_OUTBOX_KEY);
    config
}

pub struct World {
    /// The in-process service (None when the service runs as a child process).
    pub running: Option<haven_sync::Running>,
    pub url: String,
    pub clock: ManualClock,
    pub admin_email: String,
    pub admin_password: String,
    pub _dir: Option<tempfile::TempDir>,
}

/// An in-process service on a clock the test moves, with its demo deployment.
pub async fn world() -> World {
    let clock = ManualClock::starting_now();
    let (running, dir, demo) = demo_service_at(Arc::new(clock.clone())).await;
    World {
        url: running.url(),
        running: Some(running),
        clock,
        admin_email: demo.admin_email,
        admin_password: demo.admin_password,
        _dir: Some(dir),
    }
}

/// A development service (SQLite in a temp dir) on the wall clock, with its demo deployment.
pub async fn demo_service() -> (haven_sync::Running, tempfile::TempDir, DemoInfo) {
    demo_service_at(Arc::new(SystemClock)).await
}

pub async fn demo_service_at(clock: Arc<dyn Clock>) -> (haven_sync::Running, tempfile::TempDir, DemoInfo) {
    demo_service_on(clock, Variant::default()).await
}

/// How a test service differs from the plain one.
#[derive(Clone, Copy, Debug, Default)]
pub struct Variant {
    pub transport: Transport,
    /// It builds no downloads: one asked for stays "being prepared" (a stalled worker).
    pub no_export_worker: bool,
}

/// How a test service is reached.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Transport {
    #[default]
    Http,
    /// HTTPS with [`test_certificate`] (`cert.pem` in the service's temp dir).
    Https,
}

/// A self-signed certificate for 127.0.0.1 and localhost, made once per test process: PEM
/// certificate and key. [`client_for`] trusts it.
pub fn test_certificate() -> &'static (String, String) {
    static CERT: std::sync::OnceLock<(String, String)> = std::sync::OnceLock::new();
    CERT.get_or_init(|| {
        let ck = rcgen::generate_simple_self_signed(vec!["localhost".into(), "127.0.0.1".into()]).expect("certificate");
        (ck.cert.pem(), ck.key_pair.serialize_pem())
    })
}

pub async fn demo_service_on(
    clock: Arc<dyn Clock>,
    variant: Variant,
) -> (haven_sync::Running, tempfile::TempDir, DemoInfo) {
    let dir = tempfile::tempdir().expect("tmp");
    let mut config = test_config(format!("sqlite://{}", dir.path().join("s.db").display()));
    // The links in its emails point at the address it listens on (as the app's bundled one).
    // (Bound here and held, so a parallel test cannot take the port first.)
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("free port");
    config.bind = listener.local_addr().expect("addr");
    config.public_url = format!("http://{}", config.bind);
    config.export_worker = !variant.no_export_worker;
    if variant.transport == Transport::Https {
        let (cert, key) = test_certificate();
        let files = haven_sync::tls::TlsFiles {
            cert: dir.path().join("cert.pem"),
            key: dir.path().join("key.pem"),
            recheck: haven_sync::tls::DEFAULT_RECHECK,
        };
        std::fs::write(&files.cert, cert).expect("cert");
        std::fs::write(&files.key, key).expect("key");
        config.tls = Some(files);
        config.public_url = format!("https://{}", config.bind);
    }
    let state = haven_sync::AppState::new(config, clock).await.expect("state");
    let demo = haven_sync::demo::ensure(&state, haven_i18n::Lang::En).await.expect("demo").expect("fresh demo");
    let running = haven_sync::start_on(state, listener).await.expect("start");
    (running, dir, demo)
}

pub fn device(id: &str) -> DeviceInfo {
    DeviceInfo { id: id.into(), name: "Test phone".into(), platform: "android".into() }
}

/// A client with its tokens in memory (trusting [`test_certificate`] besides the public roots).
pub fn client_for(url: &str) -> HavenClient {
    let ca = test_certificate().0.as_bytes();
    HavenClient::with_roots(url, Arc::new(MemoryStore::default()), Some(ca)).expect("client")
}

pub fn client(w: &World) -> (HavenClient, Arc<MemoryStore>) {
    let store = Arc::new(MemoryStore::default());
    (HavenClient::new(&w.url, store.clone()).expect("client"), store)
}

/// The development outbox, newest first (waiting until `found` picks something from it).
async fn wait_outbox<T>(c: &HavenClient, what: &str, found: impl Fn(&[OutboxMessage]) -> Option<T>) -> T {
    for _ in 0..200 {
        let out = c.dev_outbox(&Secret::new(TEST_OUTBOX_KEY)).await.expect("outbox").expect("a development service");
        if let Some(t) = found(&out.messages) {
            return t;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("{what} never came");
}

/// From the newest message to `to` on `channel` that contains `marker`: the word starting at the
/// marker (a token such as `hvi_…`).
pub async fn outbox(c: &HavenClient, to: &str, channel: &str, marker: &str) -> String {
    wait_outbox(c, &format!("{channel} to {to} containing {marker}"), |messages| {
        let m = messages.iter().find(|m| m.to == to && m.channel.as_str() == channel && m.body.contains(marker))?;
        let start = m.body.find(marker)?;
        Some(m.body[start..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-').collect())
    })
    .await
}

/// A token (`marker…`) from a newer mail to `to` than the one carrying `old`.
pub async fn wait_for_another(c: &HavenClient, to: &str, marker: &str, old: &str) -> String {
    wait_outbox(c, &format!("another email to {to}"), |messages| {
        let m = messages.iter().find(|m| m.to == to && m.body.contains(marker) && !m.body.contains(old))?;
        let start = m.body.find(marker)?;
        Some(m.body[start..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-').collect())
    })
    .await
}

/// The code of the newest text to `phone`, once more than `skip` texts went to it.
pub async fn sms_code(c: &HavenClient, phone: &str, skip: usize) -> String {
    wait_outbox(c, &format!("text #{} to {phone}", skip + 1), |messages| {
        let texts: Vec<_> = messages.iter().filter(|m| m.to == phone && m.channel == Channel::Sms).collect();
        let newest = texts.first().filter(|_| texts.len() > skip)?;
        // The code as the text has it, in any language.
        let word = |w: &str| w.trim_end_matches('.').to_owned();
        let digits =
            newest.body.split_whitespace().map(word).find(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_digit()));
        Some(digits.expect("a code in the text"))
    })
    .await
}

/// The demo admin invites a patient, who joins (as `name`) and verifies their email. Answers the
/// admin's signed-in client.
pub async fn onboard_patient_named(url: &str, demo: (&str, &str), email: &str, name: &str) -> HavenClient {
    let admin = client_for(url);
    let o = admin.login(demo.0, demo.1, device("admin-desk")).await.expect("admin login");
    assert!(matches!(o, LoginOutcome::Authenticated { .. }), "{o:?}");
    let me = admin.me().await.expect("me");
    assert_eq!(me.role, Role::Admin);
    let invite = CreateInvite {
        email: email.into(),
        role: Role::Patient,
        deployment_id: me.deployment.id.clone(),
        language: None,
    };
    admin.create_invite(&invite).await.expect("invite");
    let patient = client_for(url);
    let token = outbox(&patient, email, "email", "hvi_").await;
    let info = patient.invite(&token).await.expect("invite info");
    assert_eq!(info.deployment_name, "Demo deployment");
    patient
        .create_account(&CreateAccount {
            invite_token: Some(Secret::new(token)),
            enrolment_code: None,
            email: None,
            name: name.into(),
            password: Secret::new(PASSWORD),
            accept_terms: true,
        })
        .await
        .expect("account");
    let vt = outbox(&patient, email, "email", "hve_").await;
    patient.verify_email(&vt).await.expect("verify");
    admin
}

/// Admin invites a patient ("Pat"); the patient joins and verifies their email. Returns the
/// patient's email.
pub async fn onboard_patient(w: &World, email: &str) -> String {
    onboard_patient_named(&w.url, (&w.admin_email, &w.admin_password), email, "Pat").await;
    email.to_owned()
}

/// A service with a verified patient ("Pat Patient", no two-step yet), signed in: the patient's
/// and the demo admin's clients.
pub async fn patient_and_admin(
    email: &str,
    clock: Arc<dyn Clock>,
) -> (haven_sync::Running, tempfile::TempDir, HavenClient, HavenClient) {
    patient_and_admin_on(email, clock, Variant::default()).await
}

pub async fn patient_and_admin_on(
    email: &str,
    clock: Arc<dyn Clock>,
    variant: Variant,
) -> (haven_sync::Running, tempfile::TempDir, HavenClient, HavenClient) {
    let (running, dir, demo) = demo_service_on(clock, variant).await;
    let url = running.url();
    let admin = onboard_patient_named(&url, (&demo.admin_email, &demo.admin_password), email, "Pat Patient").await;
    let p = client_for(&url);
    let dev = DeviceInfo { id: "setup".into(), name: "setup".into(), platform: "test".into() };
    assert!(matches!(p.login(email, PASSWORD, dev).await.expect("login"), LoginOutcome::Authenticated { .. }));
    (running, dir, p, admin)
}

/// A service with a verified, signed-in patient (no two-step yet); answers the patient's client.
pub async fn service_with_patient(email: &str) -> (haven_sync::Running, tempfile::TempDir, HavenClient) {
    service_with_patient_at(email, Arc::new(SystemClock)).await
}

pub async fn service_with_patient_at(
    email: &str,
    clock: Arc<dyn Clock>,
) -> (haven_sync::Running, tempfile::TempDir, HavenClient) {
    let (running, dir, p, _) = patient_and_admin(email, clock).await;
    (running, dir, p)
}

/// A service with a verified patient who has SMS two-step on (one text sent, to verify the
/// number); answers the patient's signed-in client.
pub async fn service_with_sms_patient(
    email: &str,
    phone: &str,
) -> (haven_sync::Running, tempfile::TempDir, HavenClient) {
    let (running, dir, p) = service_with_patient(email).await;
    p.set_phone(phone, None).await.expect("phone");
    p.verify_phone(&sms_code(&p, phone, 0).await).await.expect("verify phone");
    p.set_two_step(true, Some(Factor::Sms)).await.expect("two-step");
    (running, dir, p)
}

/// Signs the consent text in force (patients must before recording data).
/// A live observation of one number in its kind's unit, as the app would push it.
/// An observation id (the contract's lowercase UUID) that reads as its label: the label's bytes
/// (up to 11) end it, so a failing assertion still says which one.
pub fn oid(label: &str) -> String {
    let hex: String = label.bytes().map(|b| format!("{b:02x}")).collect();
    assert!(hex.len() <= 22, "a label of up to 11 bytes: {label}");
    let p = format!("{hex:0>22}");
    format!("00000000-{}-4{}-8{}-{}", &p[..4], &p[4..7], &p[7..10], &p[10..])
}

pub fn number(id: &str, kind: haven_api::Kind, value: f64, at: &str, note: Option<&str>) -> haven_api::Observation {
    haven_api::Observation {
        id: oid(id),
        kind,
        value: haven_api::ObservationValue::Number(value),
        unit: kind.unit().into(),
        recorded_at: at.into(),
        note: note.map(str::to_owned),
        deleted: false,
    }
}

pub async fn sign_consent(c: &HavenClient) {
    let current = c.consent().await.expect("consent").current_version;
    let signed = c.sign_consent(&current).await.expect("sign consent");
    assert_eq!(signed.status, ConsentStatus::Signed);
}

/// Turns on "lock app when not in use" for the signed-in user, after `timeout_s` idle seconds.
pub async fn lock_when_idle(c: &HavenClient, timeout_s: u32) {
    let lock = haven_api::LockWhenIdle { enabled: true, timeout_s };
    c.settings(&haven_api::Settings { biometric_login: None, lock_when_idle: Some(lock), time_zone: None })
        .await
        .expect("lock setting");
}
