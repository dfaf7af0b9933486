//! The health session and data downloads, without Tauri, against the real service: consent
//! gates capture, a value is kept and sent, bad input stores nothing, each session gets its own
//! store (the next person never sees the last one's values), only patients sync in the
//! background, and a download is announced once and saved whole.

use haven_api::{ConsentStatus, ExportFormat, ExportStatus, Kind, ObservationValue, RowState};
use haven_client::exports::{self, ExportWatch, SaveError};
use haven_client::health::HealthSession;
use haven_client::offline::OfflineError;
use haven_tests::world::*;
use std::sync::{Arc, Mutex};
use std::time::Duration;

fn files(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[tokio::test]
async fn consent_gates_capture_and_each_session_has_its_own_store() {
    let w = world().await;
    let ann = onboard_patient(&w, "ann@health.test").await;
    let ben = onboard_patient(&w, "ben@health.test").await;
    let data = tempfile::tempdir().expect("data");
    let (c, _) = client(&w);
    let health = HealthSession::new(c.clone(), data.path().to_path_buf());
    c.login(&ann, PASSWORD, device("d")).await.expect("login");

    // No consent yet: refused, and nothing is kept.
    let refused = health.record(Kind::HeartRate, ObservationValue::Number(72.0), None, None).await;
    assert!(matches!(refused, Err(OfflineError::NotCollecting(ConsentStatus::NotSigned))), "{refused:?}");
    assert_eq!(health.snapshot().await.expect("snapshot").pending, 0);

    sign_consent(&c).await;
    health.consent_changed(ConsentStatus::Signed).await;
    let (snap, row) =
        health.record(Kind::HeartRate, ObservationValue::Number(72.0), None, Some(" ".into())).await.expect("record");
    let row = row.expect("the new row");
    assert_eq!(row.state, RowState::Synced, "sent at once: the service is up");
    assert_eq!(row.observation.note, None, "a blank note is no note");
    assert_eq!(snap.series.len(), 1);
    assert_eq!((snap.series[0].kind, snap.series[0].points.len()), (Kind::HeartRate, 1));
    assert!(snap.last_sync.is_some() && snap.sync_error.is_none());

    // Bad input: the service's own rule, and nothing stored.
    let bad = health.record(Kind::HeartRate, ObservationValue::Number(900.0), None, None).await;
    assert!(matches!(&bad, Err(OfflineError::Invalid(m)) if m.contains("between 20 and 300")), "{bad:?}");
    let bad = health.record(Kind::Weight, ObservationValue::Number(70.0), Some("yesterday".into()), None).await;
    assert!(matches!(&bad, Err(OfflineError::Invalid(m)) if m.contains("RFC 3339")), "{bad:?}");
    assert_eq!(health.snapshot().await.expect("snapshot").series[0].points.len(), 1);

    // Another person signs in on this device: their own store, none of Ann's values.
    assert!(matches!(c.logout().await, haven_client::SignOut::Done), "signed out fully");
    health.close().await;
    c.login(&ben, PASSWORD, device("d")).await.expect("ben");
    let snap = health.snapshot().await.expect("ben's snapshot");
    assert!(snap.series.is_empty(), "Ben sees Ann's values: {:?}", snap.series);
    assert_eq!(snap.consent, ConsentStatus::NotSigned);
    let stores: Vec<String> = files(data.path()).into_iter().filter(|f| f.ends_with(".db")).collect();
    assert_eq!(stores.len(), 2, "{stores:?}");
}

#[tokio::test]
async fn only_patients_sync_in_the_background_and_withdrawal_stops_capture() {
    let w = world().await;
    let email = onboard_patient(&w, "cal@health.test").await;
    let data = tempfile::tempdir().expect("data");
    let (admin, _) = client(&w);
    admin.login(&w.admin_email, &w.admin_password, device("desk")).await.expect("admin");
    let admin_health = HealthSession::new(admin.clone(), data.path().to_path_buf());
    admin_health.sync_if_patient().await.expect("admin's turn");
    assert!(files(data.path()).is_empty(), "a store was made for an admin: {:?}", files(data.path()));

    let (c, _) = client(&w);
    c.login(&email, PASSWORD, device("d")).await.expect("login");
    sign_consent(&c).await;
    let health = HealthSession::new(c.clone(), data.path().to_path_buf());
    health.sync_if_patient().await.expect("patient's turn");
    assert_eq!(health.snapshot().await.expect("snapshot").consent, ConsentStatus::Signed, "the sync read the consent");
    c.withdraw_consent().await.expect("withdraw (the fresh session counts as re-authenticated)");
    // The next sync learns of it; capture stops and says why.
    health.sync().await.expect("sync");
    let snap = health.snapshot().await.expect("snapshot");
    assert_eq!(snap.consent, ConsentStatus::Withdrawn);
    let refused = health.record(Kind::Steps, ObservationValue::Number(100.0), None, None).await;
    assert!(matches!(refused, Err(OfflineError::NotCollecting(ConsentStatus::Withdrawn))), "{refused:?}");
}

#[tokio::test]
async fn a_download_is_announced_once_and_saved_whole() {
    let w = world().await;
    let email = onboard_patient(&w, "dee@health.test").await;
    let (c, _) = client(&w);
    c.login(&email, PASSWORD, device("d")).await.expect("login");
    sign_consent(&c).await;
    let data = tempfile::tempdir().expect("data");
    let health = HealthSession::new(c.clone(), data.path().to_path_buf());
    health.consent_changed(ConsentStatus::Signed).await;
    health.record(Kind::Weight, ObservationValue::Number(70.5), None, None).await.expect("record");

    let watch = Arc::new(ExportWatch::default());
    let job = c.create_export(ExportFormat::Csv, None).await.expect("export (fresh session: no password asked)");
    watch.watch(&job.id);
    let done = Arc::new(Mutex::new(Vec::new()));
    let follower = {
        let (watch, c, done) = (watch.clone(), c.clone(), done.clone());
        tokio::spawn(async move {
            let _ = watch.follow(&c, |status| done.lock().expect("done").push(status)).await;
        })
    };
    for _ in 0..200 {
        if !done.lock().expect("done").is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    follower.abort();
    assert_eq!(*done.lock().expect("done"), vec![ExportStatus::Ready], "announced once, as ready");
    assert!(!watch.unwatch(&job.id), "still watched after it was announced");

    let job = c.export(&job.id).await.expect("job");
    let name = exports::file_name(&job);
    assert!(name.starts_with("haven-data-") && name.ends_with(".csv"), "{name}");
    let out = tempfile::tempdir().expect("out");
    exports::save(&c, &job.id, &out.path().join(&name), exports::Existing::Keep).await.expect("save");
    assert_eq!(files(out.path()), vec![name.clone()], "the file alone, no part file left");
    let csv = std::fs::read_to_string(out.path().join(&name)).expect("read");
    assert!(csv.starts_with("\u{feff}id,recorded_at,local_time,time_zone,kind") && csv.contains("weight"), "{csv}");

    // Somewhere it cannot be written: an error naming the place, and nothing left behind.
    let nowhere = out.path().join("missing-dir").join(&name);
    let e = exports::save(&c, &job.id, &nowhere, exports::Existing::Keep).await.expect_err("no such directory");
    assert!(matches!(&e, SaveError::Io { action: "write", .. }), "{e}");
    assert!(e.to_string().contains("missing-dir"), "{e}");
    assert_eq!(files(out.path()), vec![name.clone()]);

    // A document the system opened for the app (Android's `content://`): written whole from
    // its start even when the provider did not cut it, and the person is told the name offered.
    let doc = out.path().join("document");
    std::fs::write(&doc, "x".repeat(100_000)).expect("an older, longer document");
    let opened = || std::fs::OpenOptions::new().write(true).open(&doc).expect("open");
    let target = exports::Target::Opened { file: opened(), shown: name.clone() };
    assert_eq!(exports::save_to(&c, &job.id, target).await.expect("save"), name);
    assert_eq!(std::fs::read_to_string(&doc).expect("read"), csv, "not the download, or the older document's rest");
    // A download that fails empties it: no half file keeps the name (only its provider could
    // remove it).
    let mut file = opened();
    std::io::Write::write_all(&mut file, b"id,recorded_at").expect("a first part");
    let target = exports::Target::Opened { file, shown: name.clone() };
    let e = exports::save_to(&c, "00000000-0000-4000-8000-000000000000", target).await.expect_err("no such download");
    assert!(matches!(&e, SaveError::Client(_)), "{e}");
    assert_eq!(std::fs::metadata(&doc).expect("meta").len(), 0, "a half file was left");
}
