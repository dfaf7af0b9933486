//! The fprintd biometric gate against the real fprintd, on a private system bus, with libfprint's
//! virtual fingerprint reader (FP_VIRTUAL_DEVICE: a socket that takes `SCAN <finger id>`) and
//! polkit played by python3-dbusmock's polkitd template. Match, no match, not enrolled, no
//! reader, no fprintd.

use haven_client::biometric::{BioError, BioOutcome, BiometricGate};
use haven_tests::rig::Rig;
use std::time::Duration;

#[tokio::test]
async fn fingerprint_matches_refuses_another_finger_and_needs_an_enrolled_one() {
    let rig = Rig::start(true, true);
    let gate = rig.gate();
    assert_eq!(gate.available().await, Err(BioError::NotEnrolled));
    assert_eq!(gate.verify(false).await, Err(BioError::NotEnrolled));
    rig.enrol("alice");
    assert_eq!(gate.available().await, Ok(()));

    let gate = std::sync::Arc::new(gate);
    for (finger, want) in [("alice", BioOutcome::Match), ("mallory", BioOutcome::NoMatch), ("alice", BioOutcome::Match)]
    {
        let g = gate.clone();
        let pending = tokio::spawn(async move { g.verify(false).await });
        tokio::time::sleep(Duration::from_millis(300)).await;
        rig.scan(finger);
        assert_eq!(pending.await.expect("join"), Ok(want), "finger {finger}");
    }
}

#[tokio::test]
async fn no_reader_and_no_fprintd_are_not_available() {
    let rig = Rig::start(true, false);
    match rig.gate().available().await {
        Err(BioError::NotAvailable(m)) => assert!(m.contains("no fingerprint reader"), "{m}"),
        other => panic!("{other:?}"),
    }
    let bare = Rig::start(false, false);
    match bare.gate().verify(false).await {
        Err(BioError::NotAvailable(m)) => assert!(m.contains("fprintd"), "{m}"),
        other => panic!("{other:?}"),
    }
}
