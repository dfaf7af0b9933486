//! Client ↔ server stories: `HavenClient` against the real service (in-process, real HTTP on a
//! loopback port, SQLite, development delivery read through `/v1/dev/outbox`).

use haven_api::{CreateAccount, Factor, Kind, LoginOutcome, Secret, StepMethod};
use haven_client::{ClientError, HavenClient, MemoryStore, TokenStore};
use haven_tests::world::*;
use std::sync::Arc;

#[tokio::test]
async fn patient_turns_on_sms_two_step_and_a_remembered_device_skips_it() {
    let w = world().await;
    let email = onboard_patient(&w, "pat@demo.test").await;
    let (c, store) = client(&w);
    let o = c.login(&email, PASSWORD, device("phone-1")).await.expect("login");
    assert!(matches!(o, LoginOutcome::Authenticated { .. }));
    assert!(c.is_signed_in().await);
    c.set_phone("+447911000123", None).await.expect("phone");
    let code = sms_code(&c, "+447911000123", 0).await;
    c.verify_phone(&code).await.expect("verify phone");
    let changed = c.set_two_step(true, Some(Factor::Sms)).await.expect("two-step");
    assert_eq!(changed.recovery_codes.map(|v| v.len()), Some(10));
    assert!(matches!(c.logout().await, haven_client::SignOut::Done), "signed out fully");
    assert!(!c.is_signed_in().await);
    assert!(store.load_refresh().expect("load").is_none(), "logout leaves a refresh token behind");

    let o = c.login(&email, PASSWORD, device("phone-1")).await.expect("login");
    let LoginOutcome::SecondFactorRequired { challenge_id, methods, sms_sent_to, .. } = o else { panic!("{o:?}") };
    assert_eq!(methods, [StepMethod::Sms, StepMethod::RecoveryCode]);
    assert_eq!(sms_sent_to.as_deref(), Some("+44 •••• ••0123"));
    // A wrong code keeps its machine code for the UI.
    let code = sms_code(&c, "+447911000123", 1).await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let e = c.verify_challenge(&challenge_id, StepMethod::Sms, wrong, false).await.expect_err("wrong code");
    assert_eq!(e.code(), "invalid_credentials");
    assert!(!c.is_signed_in().await);
    c.verify_challenge(&challenge_id, StepMethod::Sms, &code, true).await.expect("right code");
    assert!(c.is_signed_in().await);
    assert!(store.load_remembered_device().expect("load").is_some());

    assert!(matches!(c.logout().await, haven_client::SignOut::Done), "signed out fully");
    let o = c.login(&email, PASSWORD, device("phone-1")).await.expect("login");
    assert!(matches!(o, LoginOutcome::Authenticated { .. }), "remembered device should skip the step: {o:?}");
    assert_eq!(c.devices().await.expect("devices").devices.len(), 1);
}

#[tokio::test]
async fn expired_access_is_refreshed_transparently_and_a_replayed_refresh_ends_the_session() {
    let w = world().await;
    let email = onboard_patient(&w, "ref@demo.test").await;
    let (c, store) = client(&w);
    c.login(&email, PASSWORD, device("d")).await.expect("login");
    let stolen = store.load_refresh().expect("load").expect("refresh token");
    w.clock.advance(16 * 60);
    assert_eq!(c.me().await.expect("me after refresh").email, email);
    let rotated = store.load_refresh().expect("load").expect("rotated");
    assert_ne!(rotated, stolen);

    // Someone replays the old refresh token: the whole session ends, for them and for us.
    let thief_store = Arc::new(MemoryStore::default());
    thief_store.save_refresh(&stolen).expect("save");
    let thief = HavenClient::new(&w.url, thief_store).expect("client");
    assert_eq!(thief.refresh().await.expect_err("reuse").code(), "unauthenticated");
    w.clock.advance(16 * 60);
    let e = c.me().await.expect_err("session revoked");
    assert_eq!(e.code(), "unauthenticated");
    assert!(store.load_refresh().expect("load").is_none(), "a dead refresh token is dropped");
    assert!(!c.resume().await.expect("resume"), "nothing to resume");
}

#[tokio::test]
async fn errors_keep_codes_fields_and_retry_after() {
    let w = world().await;
    let (c, _) = client(&w);
    let e = c.login("nobody@demo.test", "wrong-password-1", device("d")).await.expect_err("bad login");
    assert_eq!(e.code(), "invalid_credentials");
    let e = c
        .create_account(&CreateAccount {
            invite_token: None,
            enrolment_code: Some("NOPE0000".into()),
            email: Some("x@demo.test".into()),
            name: "X".into(),
            password: Secret::new(PASSWORD),
            accept_terms: true,
        })
        .await
        .expect_err("bad code");
    match e {
        ClientError::Api { status: 422, fields, .. } => assert!(fields.contains_key("enrolment_code")),
        other => panic!("{other:?}"),
    }
    for _ in 0..5 {
        let _ = c.login("victim@demo.test", "wrong-password-1", device("d")).await;
    }
    match c.login("victim@demo.test", "wrong-password-1", device("d")).await {
        Err(ClientError::Api { code, retry_after_s, .. }) => {
            assert_eq!(code.as_str(), "too_many_attempts");
            assert_eq!(retry_after_s, Some(2));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(c.me().await.expect_err("signed out").code(), "unauthenticated");
    // A service that is not there is "unreachable", not a panic.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        l.local_addr().expect("addr").port()
    };
    let gone = HavenClient::new(&format!("http://127.0.0.1:{port}"), Arc::new(MemoryStore::default())).expect("client");
    assert_eq!(gone.health().await.expect_err("down").code(), "unreachable");
}

/// Several screens load at once after the access token expired: one refresh serves them all
/// (two rotations of one refresh token would look like theft and end the session). And a
/// sign-out is final: nothing under way brings the session back.
#[tokio::test]
async fn concurrent_calls_after_expiry_refresh_once_and_sign_out_is_final() {
    let w = world().await;
    let email = onboard_patient(&w, "many@demo.test").await;
    let (c, store) = client(&w);
    c.login(&email, PASSWORD, device("d")).await.expect("login");
    for round in 0..3 {
        w.clock.advance(16 * 60);
        let (a, b, d, e) = tokio::join!(c.me(), c.devices(), c.me(), c.devices());
        assert!(
            a.is_ok() && b.is_ok() && d.is_ok() && e.is_ok(),
            "round {round}: {:?} {:?} {:?} {:?}",
            a.err(),
            b.err(),
            d.err(),
            e.err()
        );
    }
    assert!(c.is_signed_in().await);
    w.clock.advance(16 * 60);
    let (calls, out) = tokio::join!(async { tokio::join!(c.me(), c.devices()) }, c.logout());
    assert!(matches!(out, haven_client::SignOut::Done), "{out:?}");
    let _ = calls;
    assert!(!c.is_signed_in().await, "a refresh under way revived the session after sign-out");
    assert!(store.load_refresh().expect("load").is_none(), "a refresh token outlived sign-out");
}

/// The app's sync calls: a push with one bad item keeps the rest, a retried push adds nothing,
/// and pulling page by page returns each observation once.
#[tokio::test]
async fn observations_push_and_pull_through_the_client() {
    let w = world().await;
    let email = onboard_patient(&w, "obs@demo.test").await;
    let (c, _) = client(&w);
    c.login(&email, PASSWORD, device("d")).await.expect("login");
    sign_consent(&c).await;
    let obs = |id: &str, bpm: f64| haven_api::Observation {
        id: oid(id),
        kind: Kind::HeartRate,
        value: haven_api::ObservationValue::Number(bpm),
        unit: "bpm".into(),
        recorded_at: "2026-11-20T08:00:00Z".into(),
        note: None,
        deleted: false,
    };
    let batch: Vec<_> =
        (0..7).map(|i| obs(&format!("h{i}"), 60.0 + f64::from(i))).chain([obs("bad", 1000.0)]).collect();
    let r = c.push(&batch).await.expect("push");
    assert_eq!(r.accepted.len(), 7);
    assert_eq!(r.rejected.len(), 1);
    assert_eq!(r.rejected[0].id, oid("bad"));
    assert_eq!(c.push(&batch).await.expect("retry").accepted.len(), 7);
    let mut since: Option<String> = None;
    let mut seen = Vec::new();
    loop {
        let page = c.pull(since.as_deref(), 3).await.expect("pull");
        seen.extend(page.observations.into_iter().map(|o| o.id));
        since = Some(page.cursor);
        if !page.more {
            break;
        }
    }
    assert_eq!(seen, (0..7).map(|i| oid(&format!("h{i}"))).collect::<Vec<_>>());
}
