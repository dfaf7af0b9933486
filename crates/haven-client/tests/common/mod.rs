//! What the client tests share: the service with its demo deployment, clients, the development
//! outbox, onboarding a patient.
#![allow(dead_code)]

use haven_api::{CreateAccount, CreateInvite, DeviceInfo, LoginOutcome, Role, Secret};
use haven_client::{HavenClient, MemoryStore};
use haven_sync::clock::ManualClock;
use haven_sync::config::Config;
use std::sync::Arc;

pub const PASSWORD: &str = "violet-tundra-cobalt-91";

pub struct World {
    /// The in-process service (None when the service runs as a child process).
    pub running: Option<haven_sync::Running>,
    pub url: String,
    pub clock: ManualClock,
    pub admin_email: String,
    pub admin_password: String,
    pub _dir: Option<tempfile::TempDir>,
}

pub async fn world() -> World {
    let dir = tempfile::tempdir().expect("tmp");
    let config = Config::dev(format!("sqlite://{}", dir.path().join("h.db").display()));
    let clock = ManualClock::starting_now();
    let state = haven_sync::AppState::new(config, Arc::new(clock.clone())).await.expect("state");
    let demo = haven_sync::demo::ensure(&state).await.expect("demo").expect("fresh demo");
    let running = haven_sync::start_with_state(state).await.expect("start");
    World {
        url: running.url(),
        running: Some(running),
        clock,
        admin_email: demo.admin_email,
        admin_password: demo.admin_password,
        _dir: Some(dir),
    }
}

pub fn device(id: &str) -> DeviceInfo {
    DeviceInfo { id: id.into(), name: "Test phone".into(), platform: "android".into() }
}

pub fn client(w: &World) -> (HavenClient, Arc<MemoryStore>) {
    let store = Arc::new(MemoryStore::default());
    (HavenClient::new(&w.url, store.clone()).expect("client"), store)
}

/// The newest outbox message to `to` on `channel` that contains `marker`; returns the word
/// starting at the marker (tokens) or the first run of digits (SMS codes).
pub async fn outbox(c: &HavenClient, to: &str, channel: &str, marker: &str) -> String {
    for _ in 0..200 {
        let out = c.dev_outbox().await.expect("outbox");
        if let Some(m) = out.messages.iter().find(|m| m.to == to && m.channel == channel && m.body.contains(marker)) {
            let start = m.body.find(marker).expect("marker");
            let word: String =
                m.body[start..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-').collect();
            return word;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    panic!("no {channel} to {to} containing {marker}");
}

pub async fn sms_code(c: &HavenClient, phone: &str, skip: usize) -> String {
    for _ in 0..200 {
        let out = c.dev_outbox().await.expect("outbox");
        let texts: Vec<_> = out.messages.iter().filter(|m| m.to == phone && m.channel == "sms").collect();
        if texts.len() > skip {
            let body = &texts[0].body; // newest first
            return body
                .split_whitespace()
                .find(|w| w.trim_end_matches('.').chars().all(|c| c.is_ascii_digit()))
                .expect("digits")
                .trim_end_matches('.')
                .to_owned();
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    panic!("no sms #{} to {phone}", skip + 1);
}

/// Admin invites a patient; the patient joins and verifies their email. Returns the patient's email.
pub async fn onboard_patient(w: &World, email: &str) -> String {
    let (admin, _) = client(w);
    let o = admin.login(&w.admin_email, &w.admin_password, device("admin-desk")).await.expect("admin login");
    assert!(matches!(o, LoginOutcome::Authenticated { .. }), "{o:?}");
    let me = admin.me().await.expect("me");
    assert_eq!(me.role, Role::Admin);
    admin
        .create_invite(&CreateInvite {
            email: email.into(),
            role: Role::Patient,
            deployment_id: me.deployment.id.clone(),
        })
        .await
        .expect("invite");
    let (patient, _) = client(w);
    let token = outbox(&patient, email, "email", "hvi_").await;
    let info = patient.invite(&token).await.expect("invite info");
    assert_eq!(info.deployment_name, "Demo deployment");
    patient
        .create_account(&CreateAccount {
            invite_token: Some(Secret::new(token)),
            enrolment_code: None,
            email: None,
            name: "Pat".into(),
            password: Secret::new(PASSWORD),
            accept_terms: true,
        })
        .await
        .expect("account");
    let vt = outbox(&patient, email, "email", "hve_").await;
    patient.verify_email(&vt).await.expect("verify");
    email.to_owned()
}

/// Signs the consent text in force (patients must before recording data).
pub async fn sign_consent(c: &HavenClient) {
    let current = c.consent().await.expect("consent").current_version;
    let signed = c.sign_consent(&current).await.expect("sign consent");
    assert_eq!(signed.status, "signed");
}
