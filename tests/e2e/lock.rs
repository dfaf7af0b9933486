//! The lock: the session kept in the keychain across a restart, the idle lock, fingerprint unlock,
//! system sleep, a minimised window.

use crate::prelude::*;

/// The OS keychain keeps the session: after signing in (SMS code, remember this device) the app
/// is restarted and resumes without a password prompt — but locked, because "lock when not in
/// use" is on, and it also locks by itself after the idle timeout. Throughout, no token and no
/// password is written anywhere under the app's home, data, config and cache directories.
#[tokio::test]
async fn keychain_session_survives_a_restart_locks_when_idle_and_nothing_secret_reaches_disk() {
    let email = "kim@e2e.test";
    let phone = "+447911000654";
    let (service, _dir, p) = service_with_sms_patient(email, phone).await;
    lock_when_idle(&p, 4).await;

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
    fill(&c, "#code", &sms_code(&p, phone, 1).await).await;
    click(&c, "#remember").await;
    let clicked = Instant::now();
    click(&c, "#verify").await;
    wait_text(&c, "#signed-in-as", "Pat Patient").await;
    // Left alone for the 4-second timeout, the app locks (the shell tells the screen at the
    // deadline; the countdown starts when the sign-in completes, after the last click, and the
    // home screen's own requests do not restart it); a wrong password does not open it.
    let shown_at = Instant::now();
    wait_text(&c, "#locked", "Haven is locked").await;
    let (idle, since_click) = (shown_at.elapsed(), clicked.elapsed());
    assert!(since_click >= Duration::from_secs(4), "locked {since_click:?} after the last click: before the timeout");
    assert!(idle < Duration::from_secs(5), "locked after {idle:?}: more than 1 s after the 4-second timeout");
    assert!(c.find(Locator::Css("#signed-in-as")).await.is_err(), "data still on screen while locked");
    screenshot(&c, "lock-screen").await;
    fill(&c, "#unlock-password", "not-my-password-1").await;
    click(&c, "#unlock").await;
    wait_text(&c, "#error", "password is not right").await;
    unlock_with_password(&c).await;
    let _ = c.close().await;

    // Restart: the session comes back from the keychain, and starts locked.
    let c = driver.session().await;
    wait_text(&c, "#locked", "Haven is locked").await;
    unlock_with_password(&c).await;
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
    let rig = rig::Rig::start(true, true);
    rig.enrol("alice");
    let email = "fay@e2e.test";
    let (service, _dir, p, admin) = patient_and_admin(email, Arc::new(haven_sync::clock::SystemClock)).await;
    let dep = admin.me().await.expect("me").deployment;
    let mut policy = dep.policy.clone();
    policy.biometric_required = true;
    admin.set_policy(&dep.id, &policy).await.expect("policy");
    lock_when_idle(&p, 4).await;

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
    haven_tests::audit::on_a_phone_too(&c, "phone-lock-screen-fingerprint").await;
    click(&c, "#unlock-fingerprint").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    rig.scan("alice");
    wait_text(&c, "#signed-in-as", "Pat Patient").await;
    // Required: the switch in Profile → Account cannot be turned off.
    click(&c, "#account-link").await;
    wait_text(&c, "#biometric-state", "reader is ready").await;
    let toggle = c.find(Locator::Css("#biometric-enabled")).await.expect("toggle");
    assert!(toggle.attr("disabled").await.expect("attr").is_some(), "required biometric login can be switched off");
    let refused =
        p.settings(&haven_api::Settings { biometric_login: Some(false), lock_when_idle: None, time_zone: None }).await;
    assert!(
        matches!(refused, Err(haven_client::ClientError::Api { code: haven_api::ErrorCode::Forbidden, .. })),
        "{refused:?}"
    );
    let _ = c.close().await;
}

/// System sleep locks the app at once: logind (python3-dbusmock's template, on a private system
/// bus) announces PrepareForSleep(true) while the patient is on the home screen with a long
/// idle timeout.
#[tokio::test]
async fn system_sleep_locks_the_app() {
    let email = "sol@e2e.test";
    let (service, _dir, p) = service_with_patient(email).await;
    lock_when_idle(&p, 900).await;
    let (_bus, addr) = rig::private_bus();
    let _logind = rig::Killed(
        Command::new("/usr/bin/python3")
            .args(["-m", "dbusmock", "--system", "--template", "logind"])
            .env("DBUS_SYSTEM_BUS_ADDRESS", &addr)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("python3-dbusmock"),
    );
    rig::wait_owned(Some(&addr), "org.freedesktop.login1");
    let (_data, _driver, c) = open_app(&service, &[("DBUS_SYSTEM_BUS_ADDRESS", addr.clone())]).await;
    sign_in(&c, email).await;
    wait_text(&c, "#signed-in-as", "Pat Patient").await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert!(c.find(Locator::Css("#locked")).await.is_err(), "locked before any sleep");
    let emit = "import dbus,sys; b=dbus.bus.BusConnection(sys.argv[1]); o=b.get_object('org.freedesktop.login1','/org/freedesktop/login1'); \
                o.EmitSignal('org.freedesktop.login1.Manager','PrepareForSleep','b',[True],dbus_interface='org.freedesktop.DBus.Mock')";
    let ok = Command::new("/usr/bin/python3").args(["-c", emit, &addr]).status().expect("python3").success();
    assert!(ok, "emit PrepareForSleep");
    let slept_at = Instant::now();
    wait_text(&c, "#locked", "Haven is locked").await;
    let late = slept_at.elapsed();
    assert!(late < Duration::from_secs(1), "the lock screen came {late:?} after the sleep signal");
    let _ = c.close().await;
}

/// Minimised (hidden from view), the app locks when "lock when not in use" is on: the shell sees
/// the window go and the screen shows the lock (how soon is the machine's: under a full parallel
/// run on two cores the window's state has lagged its event by over half a second, so no time is
/// asserted here). Back does not leave the lock screen.
#[tokio::test]
async fn a_minimised_window_locks_the_app() {
    let email = "min@e2e.test";
    let (service, _dir, p) = service_with_patient(email).await;
    lock_when_idle(&p, 900).await;
    let (_data, _driver, c) = open_app(&service, &[]).await;
    sign_in(&c, email).await;
    wait_text(&c, "#signed-in-as", "Pat Patient").await;
    c.minimize_window().await.expect("minimise");
    wait_text(&c, "#locked", "Haven is locked").await;
    // Back from the lock screen leads to it again, not to the page before.
    c.back().await.expect("back");
    tokio::time::sleep(Duration::from_millis(500)).await;
    wait_text(&c, "#locked", "Haven is locked").await;
    assert!(c.find(Locator::Css("#signed-in-as")).await.is_err(), "data on screen while locked");
    let _ = c.close().await;
}

/// Activity comes only from the person: a download that is never finished (its worker stalled)
/// keeps the download screen asking for progress every second, yet the app locks once the
/// patient has done nothing for the idle timeout. Asking the shell on a timer is not activity.
#[tokio::test]
async fn a_download_left_preparing_does_not_hold_the_lock_open() {
    let email = "stall@e2e.test";
    let stalled = Variant { no_export_worker: true, ..Default::default() };
    let (service, _dir, p, _admin) =
        patient_and_admin_on(email, Arc::new(haven_sync::clock::SystemClock), stalled).await;
    lock_when_idle(&p, 4).await;
    let (_data, _driver, c) = open_app(&service, &[]).await;
    sign_in(&c, email).await;
    wait_text(&c, "#signed-in-as", "Pat Patient").await;
    click(&c, "#account-link").await;
    click(&c, "#exports-link").await;
    click(&c, "#request-csv").await;
    let clicked = Instant::now();
    wait_text(&c, "li[data-status=pending]", "CSV").await;
    // From the last click on, nobody touches the app; the screen keeps asking for progress.
    wait_text(&c, "#locked", "Haven is locked").await;
    let idle = clicked.elapsed();
    assert!(idle >= Duration::from_secs(4), "locked {idle:?} after the last click: before the timeout");
    // (A click is reported within a second; a full parallel run on two cores adds some more.)
    assert!(idle < Duration::from_secs(9), "locked {idle:?} after the last click: well past the 4-second timeout");
    assert!(c.find(Locator::Css("li[data-status=pending]")).await.is_err(), "the download list is still shown");
    let _ = c.close().await;
}
