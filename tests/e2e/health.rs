//! Health data: offline-first capture, consent, a clinician's view, and downloads saved where the
//! user picks.

use crate::prelude::*;

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
    let (data, _driver, c) = open_app(&service, &[("HAVEN_EXPORT_DIR", saves.path().display().to_string())]).await;
    sign_in(&c, email).await;
    // The home screen drawn with the profile first: a link clicked while it is redrawn goes nowhere.
    element(&c, "#signed-in-as").await;
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
    let (addr, key) = (service.addr, service.state.config.server_key.clone());
    service.stop().await;
    c.find(Locator::Css("#kind")).await.expect("kind").select_by_value("weight").await.expect("select");
    fill(&c, "#value", "70.5").await;
    click(&c, "#save").await;
    wait_text(&c, "#saved", "Saved on this device").await;
    wait_text(&c, "#sync-state", "1 waiting to be sent").await;
    wait_text(&c, "#chart-weight", "70.5 kg").await;
    screenshot(&c, "health-offline").await;
    haven_tests::audit::on_a_phone_too(&c, "phone-health-offline").await;
    let service = restart_service(dir.path(), addr, key, Arc::new(clock.clone())).await;
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
    haven_tests::audit::on_a_phone_too(&c, "phone-download-your-data").await;
    ready.click().await.expect("save");
    let saved = wait_text(&c, "#export-saved", "Saved to").await;
    let path = saved.trim_start_matches("Saved to ").trim();
    assert!(path.starts_with(&saves.path().display().to_string()) && path.ends_with(".csv"), "{path}");
    let csv = std::fs::read_to_string(path).expect("saved file");
    // Saved again the same day, into the folder that is never asked about: a second file, the
    // first one untouched.
    let first = std::fs::read(path).expect("first file");
    element(&c, "li[data-status=ready] .save").await.click().await.expect("save again");
    let again = wait_text(&c, "#export-saved", "(2).csv").await;
    let second = again.trim_start_matches("Saved to ").trim();
    assert_eq!(std::fs::read(path).expect("first file"), first, "the first file changed");
    assert_eq!(std::fs::read(second).expect("second file"), first, "the same download");
    // After sign-in, capture (online and offline) and downloads: the offline store, its journal
    // and the saved files are the patient's only.
    assert_owner_only(data.path(), true);
    assert_owner_only(saves.path(), false);
    // A byte-order mark first (Excel reads UTF-8 by it), then the header; RFC 4180's CRLF.
    let csv = csv.strip_prefix('\u{feff}').expect("a byte-order mark");
    assert!(
        csv.starts_with("id,recorded_at,local_time,time_zone,kind,value,unit,") && csv.contains("severity,note\r\n"),
        "{csv:?}"
    );
    assert!(
        csv.contains(",72,bpm,") && csv.contains("120/80") && csv.contains("70.5") && csv.contains("after the stairs"),
        "{csv}"
    );
    wait_notified(&log, "Your data is ready", 20).await;

    // Withdrawing (still inside the 10-minute window) stops capture, and the app says why.
    click(&c, "#exports-back").await;
    click(&c, "#consent-nav").await;
    click(&c, "#withdraw").await;
    click(&c, "#confirm-withdraw").await;
    wait_text(&c, "#consent-status", "You withdrew your consent").await;
    click(&c, "#to-health").await;
    wait_text(&c, "#not-collecting", "You withdrew your consent").await;
    assert!(c.find(Locator::Css("#record")).await.is_err(), "capture still offered after withdrawal");
    wait_text(&c, "#chart-weight", "70.5 kg").await;
    let _ = c.close().await;
    service.stop().await;
}

/// Health values are sealed on the device: after capture (one sent, one waiting while the
/// service is down) no value or note is anywhere under the app's data dir. When the keychain no
/// longer holds the store's key, the app says how many unsent values were lost and downloads the
/// rest again; it does not crash or show another key's data.
#[tokio::test]
async fn values_on_the_device_are_sealed_and_a_lost_key_is_said_and_recovered_from() {
    let email = "seal@e2e.test";
    let (service, dir, p) = service_with_patient(email).await;
    sign_consent(&p).await;
    let user = p.me().await.expect("me").id;
    let data = tempfile::tempdir().expect("data");
    let env = [("HAVEN_SERVER_URL", service.url()), ("HAVEN_DATA_DIR", data.path().display().to_string())];
    let driver = Driver::start(&env);
    let c = driver.session().await;
    sign_in(&c, email).await;
    element(&c, "#signed-in-as").await;
    click(&c, "#health-link").await;
    element(&c, "#kind").await.select_by_value("weight").await.expect("select");
    fill(&c, "#value", "81.7").await;
    fill(&c, "#note", "zebra crossing 7731").await;
    click(&c, "#save").await;
    wait_text(&c, "#saved", "Saved and sent").await;
    let (addr, key) = (service.addr, service.state.config.server_key.clone());
    service.stop().await;
    c.find(Locator::Css("#kind")).await.expect("kind").select_by_value("heart_rate").await.expect("select");
    fill(&c, "#value", "143").await;
    fill(&c, "#note", "penguin stairs 4419").await;
    click(&c, "#save").await;
    wait_text(&c, "#saved", "Saved on this device").await;
    wait_text(&c, "#sync-state", "1 waiting to be sent").await;
    let _ = c.close().await;
    drop(driver);

    let mut files = Vec::new();
    files_under(data.path(), &mut files);
    let stores: Vec<_> = files.iter().filter(|f| f.to_string_lossy().contains("health-")).collect();
    assert!(!stores.is_empty(), "no health store under {}: the scan looked in the wrong place", data.path().display());
    // (The pending heart rate, 143, is sealed in the same box as its note; three digits alone
    // could turn up by chance in a file of random bytes.)
    let needles: [&[u8]; 3] = [b"81.7", b"zebra crossing 7731", b"penguin stairs 4419"];
    for f in &files {
        let bytes = std::fs::read(f).unwrap_or_default();
        for n in needles {
            assert!(!bytes.windows(n.len()).any(|w| w == n), "{} holds {:?}", f.display(), String::from_utf8_lossy(n));
        }
    }
    eprintln!(
        "scanned {} files ({} of the health store) for the values and notes: none found",
        files.len(),
        stores.len()
    );

    // The keychain's key for the store is replaced (as after the keychain was reset).
    let keychain =
        haven_client::keychain::KeychainStore::platform(&format!("Haven ({})", env[0].1), Duration::from_secs(3))
            .expect("keychain");
    haven_client::TokenStore::save_store_key(&keychain, &user, &haven_client::offline::StoreKey::random().to_secret())
        .expect("replace the key");
    let service = restart_service(dir.path(), addr, key, Arc::new(haven_sync::clock::SystemClock)).await;
    let driver = Driver::start(&env);
    let c = driver.session().await;
    // The session resumes from the keychain.
    element(&c, "#signed-in-as").await;
    click(&c, "#health-link").await;
    let said = wait_text(&c, "#store-lost", "1 value recorded here had not reached the service").await;
    assert!(said.contains("downloaded again"), "{said}");
    wait_text(&c, "#chart-weight", "81.7 kg").await;
    screenshot(&c, "health-store-key-lost").await;
    haven_tests::audit::on_a_phone_too(&c, "phone-health-store-key-lost").await;
    assert!(c.find(Locator::Css("#chart-heart_rate")).await.is_err(), "the lost value is shown");
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
    let hr = |id: &str, bpm: f64, at: &str| number(id, Kind::HeartRate, bpm, at, None);
    let bp = haven_api::Observation {
        id: oid("bp1"),
        kind: Kind::BloodPressure,
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
        .create_invite(&CreateInvite { email: email.into(), role: Role::Clinician, deployment_id: dep, language: None })
        .await
        .expect("invite");
    let doc = HavenClient::new(&service.url(), Arc::new(MemoryStore::default())).expect("client");
    let token = outbox(&admin, email, "email", "hvi_").await;
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
    doc.verify_email(&outbox(&admin, email, "email", "hve_").await).await.expect("verify");
    let dev = DeviceInfo { id: "setup".into(), name: "setup".into(), platform: "test".into() };
    let LoginOutcome::SetupRequired { setup_token, .. } = doc.login(email, PASSWORD, dev).await.expect("login") else {
        panic!("clinicians set up two-step first")
    };
    doc.setup_phone(setup_token.expose(), phone, None).await.expect("phone");
    doc.setup_verify_phone(setup_token.expose(), &sms_code(&admin, phone, 0).await).await.expect("verify phone");
    doc.accept_disclaimer().await.expect("disclaimer");

    let (_data, _driver, c) = open_app(&service, &[]).await;
    sign_in(&c, email).await;
    wait_text(&c, "h1", "Two-step verification").await;
    fill(&c, "#code", &sms_code(&admin, phone, 1).await).await;
    click(&c, "#verify").await;
    let list = wait_text(&c, "#patients", "Pat Patient").await;
    assert!(list.contains("4 values") && list.contains("last 21 Nov 2026"), "{list}");
    click(&c, "#patients a").await;
    // The page is the patient's: titled with their name.
    wait_text(&c, "h1#patient-name", "Pat Patient").await;
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
    // On a wide window the patient list stays beside the charts, this patient marked in it.
    haven_tests::audit::viewport(&c, 1280, 900).await;
    element(&c, ".patient-list a[aria-current=page]").await;
    let geo: Vec<f64> = serde_json::from_value(
        c.execute(
            "const a = document.querySelector('.patient-list').getBoundingClientRect(), \
             h = document.querySelector('#patient-name').getBoundingClientRect(); return [a.width, a.left, h.right, a.top, h.top];",
            vec![],
        )
        .await
        .expect("layout"),
    )
    .expect("rects");
    // The list on the right of the patient, level with the name.
    assert!(
        geo[0] > 200.0 && geo[2] <= geo[1] && (geo[3] - geo[4]).abs() < 40.0,
        "list and charts not side by side: {geo:?}"
    );
    screenshot(&c, "clinician-patient").await;
    // On a phone, the charts alone (the list is one tap back).
    haven_tests::audit::phone_screen(&c, "phone-clinician-patient").await;
    assert!(!c.find(Locator::Css(".patient-list")).await.expect("list").is_displayed().await.expect("shown"));
    click(&c, "#patient-back").await;
    element(&c, "#dashboard #patients").await;
    haven_tests::audit::phone_screen(&c, "phone-clinician-home").await;
    let _ = c.close().await;
}

/// "Save…" opens the system's save dialog (GTK, through tauri-plugin-dialog); the person types
/// where the file goes, and it is written there, complete.
#[tokio::test]
async fn a_download_is_saved_where_the_user_picks_in_the_save_dialog() {
    let email = "sal@e2e.test";
    let (service, _dir, p) = service_with_patient(email).await;
    let current = p.consent().await.expect("consent").current_version;
    p.sign_consent(&current).await.expect("sign");
    let obs = number("w1", Kind::Weight, 64.5, "2026-11-20T08:00:00Z", Some("before breakfast"));
    p.push(&[obs]).await.expect("push");
    let (_data, _driver, c) = open_app(&service, &[]).await;
    sign_in(&c, email).await;
    // The home screen drawn with the profile first: a link clicked while it is redrawn goes nowhere.
    element(&c, "#signed-in-as").await;
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

/// The datetime-local picker's value, set as the picker sets it (WebDriver cannot type into the
/// picker's segments in WebKitGTK): the value, then an `input` event.
async fn pick_time(c: &fantoccini::Client, local: &str) {
    let js = "const e = document.getElementById('when'); e.value = arguments[0]; e.dispatchEvent(new Event('input', { bubbles: true }));";
    c.execute(js, vec![serde_json::json!(local)]).await.expect("set the time");
}

/// The live values of one kind on the service, smallest first.
async fn on_service(p: &HavenClient, kind: Kind) -> Vec<f64> {
    let all = p.pull(None, 1000).await.expect("pull").observations;
    let mut v: Vec<f64> = all.iter().filter(|o| o.kind == kind && !o.deleted).flat_map(|o| o.value.numbers()).collect();
    v.sort_by(f64::total_cmp);
    v
}

/// A value is entered for an earlier time with the date and time picker, changed and deleted from
/// the list under its chart (the service follows each step, and so does the screen after a
/// restart); the chart's axis is padded so a 0.6 kg change does not fill its height, blood
/// pressure has a legend, every point names its time; a reversed blood pressure and a time in the
/// future are refused beside the form, which takes the focus.
#[tokio::test]
async fn patient_enters_a_past_value_then_changes_and_deletes_it_and_the_chart_reads_true() {
    let email = "vic@e2e.test";
    let (service, _dir, p) = service_with_patient(email).await;
    let current = p.consent().await.expect("consent").current_version;
    p.sign_consent(&current).await.expect("sign");
    let (_data, driver, c) = open_app(&service, &[]).await;
    sign_in(&c, email).await;
    // The home screen drawn with the profile first: a link clicked while it is redrawn goes nowhere.
    element(&c, "#signed-in-as").await;
    click(&c, "#health-link").await;
    wait_text(&c, "#emergency", "call your local emergency number").await;

    // A reversed blood pressure: the sentence is in the form, and has the focus.
    element(&c, "#kind").await.select_by_value("blood_pressure").await.expect("select");
    fill(&c, "#value", "80").await;
    fill(&c, "#value2", "120").await;
    click(&c, "#save").await;
    wait_text(&c, "#record-error", "lower than systolic").await;
    assert_eq!(focused_id(&c).await, "record-error");
    fill(&c, "#value", "120").await;
    fill(&c, "#value2", "80").await;
    click(&c, "#save").await;
    wait_text(&c, "#saved", "Saved and sent").await;
    let legend = text_of(&c, "#chart-blood_pressure .legend").await;
    assert!(legend.contains("Upper (systolic)") && legend.contains("Lower (diastolic)"), "{legend}");
    let tip = c
        .execute("return document.querySelector('#chart-blood_pressure circle title').textContent", vec![])
        .await
        .expect("js");
    assert!(tip.as_str().is_some_and(|t| t.contains("Upper (systolic) 120 mmHg") && t.contains(':')), "{tip}");

    // Weight, measured two days ago at 08:30, then 0.6 kg more now.
    element(&c, "#kind").await.select_by_value("weight").await.expect("select");
    fill(&c, "#value", "70").await;
    pick_time(&c, "2099-01-01T00:00").await;
    click(&c, "#save").await;
    wait_text(&c, "#record-error", "in the future").await;
    pick_time(&c, "2026-11-20T08:30").await;
    click(&c, "#save").await;
    wait_text(&c, "#saved", "Saved and sent").await;
    fill(&c, "#value", "70.6").await;
    click(&c, "#save").await;
    wait_text(&c, "#chart-weight", "70.6 kg").await;
    assert_eq!(on_service(&p, Kind::Weight).await, [70.0, 70.6]);
    let list = wait_text(&c, "#readings-weight", "20 Nov 2026, 08:30").await;
    let (newest, older) = (list.find("70.6 kg").expect("70.6"), list.find("70 kg").expect("70"));
    assert!(newest < older, "newest first: {list}");
    // The axis: round labels, distinct ends, at least 5 kg apart.
    let mut ticks = Vec::new();
    for t in c.find_all(Locator::Css("#chart-weight .yaxis span")).await.expect("ticks") {
        ticks.push(t.text().await.expect("tick").parse::<f64>().expect("a number"));
    }
    let (top, bottom) = (ticks[0], ticks[ticks.len() - 1]);
    assert!(top - bottom >= 5.0 && top > 70.6 && bottom < 70.0, "{ticks:?}");

    // Change only the newest value's number and note: the same value, a new version (same id,
    // same time to the second).
    let id = element(&c, "#readings-weight li:first-child").await.attr("data-id").await.expect("id").expect("data-id");
    click(&c, "#readings-weight li:first-child .change").await;
    fill(&c, "#value", "70.4").await;
    fill(&c, "#note", "after breakfast").await;
    click(&c, "#save").await;
    wait_text(&c, "#saved", "Changed and sent").await;
    let same = element(&c, "#readings-weight li:first-child").await.attr("data-id").await.expect("id");
    assert_eq!(same.as_deref(), Some(id.as_str()), "a change of the number kept its id");
    let pulled = p.pull(None, 1000).await.expect("pull").observations;
    let kept = pulled.iter().find(|o| o.id == id).expect("on the service");
    assert_eq!((kept.value.numbers(), kept.note.as_deref()), (vec![70.4], Some("after breakfast")));
    assert_eq!(on_service(&p, Kind::Weight).await, [70.0, 70.4]);

    // Change the earlier value: its number, and its time to a day before (a correction the
    // service once dropped as an "older" version). It stays the same value, the same id.
    let earlier =
        element(&c, "#readings-weight li:nth-child(2)").await.attr("data-id").await.expect("id").expect("data-id");
    click(&c, "#readings-weight li:nth-child(2) .change").await;
    wait_text(&c, "#record-title", "Change a value").await;
    let typed = element(&c, "#value").await.prop("value").await.expect("value").unwrap_or_default();
    assert_eq!(typed, "70");
    fill(&c, "#value", "69.8").await;
    pick_time(&c, "2026-11-19T21:15").await;
    click(&c, "#save").await;
    wait_text(&c, "#saved", "Changed and sent").await;
    let list = wait_text(&c, "#readings-weight", "19 Nov 2026, 21:15").await;
    assert!(list.contains("69.8 kg") && !list.contains("70 kg") && !list.contains("20 Nov"), "{list}");
    assert_eq!(on_service(&p, Kind::Weight).await, [69.8, 70.4]);
    let pulled = p.pull(None, 1000).await.expect("pull").observations;
    let moved = pulled.iter().find(|o| o.id == earlier).expect("the same id on the service");
    assert_eq!((moved.value.numbers(), moved.deleted), (vec![69.8], false));

    // Delete the newest, after saying yes.
    click(&c, "#readings-weight li:first-child .delete").await;
    click(&c, "#readings-weight li:first-child .delete-no").await;
    assert_eq!(c.find_all(Locator::Css("#readings-weight li")).await.expect("rows").len(), 2);
    click(&c, "#readings-weight li:first-child .delete").await;
    click(&c, "#readings-weight li:first-child .delete-yes").await;
    wait_text(&c, "#list-status", "Deleted").await;
    assert_eq!(on_service(&p, Kind::Weight).await, [69.8]);
    c.execute("document.getElementById('chart-blood_pressure').scrollIntoView()", vec![]).await.expect("scroll");
    screenshot(&c, "health-values").await;
    haven_tests::audit::on_a_phone_too(&c, "phone-health-values").await;

    let c = restart(c, &driver).await;
    click(&c, "#health-link").await;
    let list = wait_text(&c, "#readings-weight", "69.8 kg").await;
    assert!(!list.contains("70.4"), "{list}");
    assert_eq!(c.find_all(Locator::Css("#readings-weight li")).await.expect("rows").len(), 1);
    let _ = c.close().await;
}
