//! Languages: the app speaks the system's language (Arabic here, right to left), a person can
//! choose another on the sign-in screen or in Profile → Account, and the choice survives a
//! restart. The service's sentences come in the app's language too. Texts are read from the
//! catalogue (`haven_i18n`), so a test proves the screen shows the catalogue's words, whatever
//! they are. Screenshots: `language-*` (docs/screenshots when `HAVEN_SCREENSHOTS=docs/screenshots`).

use crate::prelude::*;
use haven_i18n::Lang;
use haven_tests::audit::{self, phone_screen};

/// What a page's `<html>` says of its language and direction.
async fn html_lang_dir(c: &fantoccini::Client) -> (String, String) {
    let v =
        c.execute("return [document.documentElement.lang, document.documentElement.dir];", vec![]).await.expect("js");
    serde_json::from_value(v).expect("lang and dir")
}

/// The horizontal middle of an element, in CSS px from the window's left.
async fn middle_x(c: &fantoccini::Client, css: &str) -> f64 {
    element(c, css).await;
    let v = c
        .execute(
            "const r = document.querySelector(arguments[0]).getBoundingClientRect(); return r.left + r.width / 2;",
            vec![serde_json::json!(css)],
        )
        .await
        .expect("js");
    v.as_f64().expect("a number")
}

/// How far an element's text stands from its box's left and right edges, in CSS px.
async fn text_margins(c: &fantoccini::Client, css: &str) -> (f64, f64) {
    element(c, css).await;
    let v = c
        .execute(
            "const e = document.querySelector(arguments[0]); const box = e.getBoundingClientRect(); \
             const range = document.createRange(); range.selectNodeContents(e); \
             const text = range.getBoundingClientRect(); return [text.left - box.left, box.right - text.right];",
            vec![serde_json::json!(css)],
        )
        .await
        .expect("js");
    serde_json::from_value(v).expect("two numbers")
}

async fn choose_language(c: &fantoccini::Client, code: &str) {
    let select = element(c, "#language").await;
    select.select_by_value(code).await.expect("choose a language");
}

/// An Arabic system: the app opens in Arabic, right to left; a wrong password is refused in the
/// service's Arabic sentence; the texted code typed in Arabic-Indic digits signs in; a heart rate
/// typed as ٧٢ is stored as 72 and shown as ٧٢; a PDF asked for on Download your data is written
/// in Arabic. At phone size every screen on the way passes the phone audit (no sideways scrolling,
/// targets, axe) in Arabic too.
#[tokio::test]
async fn signing_in_and_recording_a_value_in_arabic() {
    let ar = Lang::Ar;
    let email = "amal@e2e.test";
    let phone = "+447911000877";
    let (service, _dir, p) = service_with_sms_patient(email, phone).await;
    sign_consent(&p).await;
    let inbox = client_for(&service.url());
    let saves = tempfile::tempdir().expect("saves");
    let env = [
        ("LANGUAGE", "ar".to_owned()),
        ("LANG", "ar_EG.UTF-8".to_owned()),
        ("HAVEN_EXPORT_DIR", saves.path().display().to_string()),
    ];
    let (_data, _driver, c) = open_app(&service, &env).await;
    audit::viewport(&c, 390, 844).await;

    wait_text(&c, "h1", &ar.tr("sign-in-title")).await;
    assert_eq!(html_lang_dir(&c).await, ("ar".to_owned(), "rtl".to_owned()));
    // Right to left: the heading's text stands at the right of its line, with the space left over
    // on its left.
    let (left, right) = text_margins(&c, "h1").await;
    assert!(right < 2.0 && left > 40.0, "the heading is not set right to left: {left} px left, {right} px right");
    assert_eq!(element(&c, "#language").await.prop("value").await.expect("value").as_deref(), Some("system"));
    phone_screen(&c, "language-ar-sign-in").await;
    screenshot(&c, "language-ar-sign-in").await;

    // The service's own sentence, in Arabic.
    fill(&c, "#email", email).await;
    fill(&c, "#password", "not the password at all").await;
    click(&c, "#sign-in").await;
    wait_text(&c, "#error", &ar.tr("service-invalid-credentials")).await;

    sign_in(&c, email).await;
    wait_text(&c, "h1", &ar.tr("second-step-title")).await;
    let code = sms_code(&inbox, phone, 1).await;
    fill(&c, "#code", &ar.digits(&code)).await;
    click(&c, "#verify").await;
    wait_text(&c, "#signed-in-as", "Pat Patient").await;
    phone_screen(&c, "language-ar-home").await;
    // The tab bar runs right to left: Home is the rightmost tab.
    assert!(middle_x(&c, "#tab-home").await > middle_x(&c, "#tab-health").await, "Home is not on the right");

    click(&c, "#tab-health").await;
    element(&c, "#value").await;
    fill(&c, "#value", "٧٢").await;
    click(&c, "#save").await;
    wait_text(&c, "#chart-heart_rate", "٧٢").await;
    let on_service = p.pull(None, 10).await.expect("pull").observations;
    assert_eq!(on_service.len(), 1, "{on_service:?}");
    assert_eq!(on_service[0].value, haven_api::ObservationValue::Number(72.0));
    phone_screen(&c, "language-ar-health").await;
    screenshot(&c, "language-ar-health").await;

    // The app asks for the download in its language: the PDF is written in Arabic.
    click(&c, "#tab-profile").await;
    click(&c, "#exports-link").await;
    wait_text(&c, "h1", &ar.tr("exports-title")).await;
    phone_screen(&c, "language-ar-exports").await;
    click(&c, "#request-pdf").await;
    let ready = "li[data-format=pdf][data-status=ready] .save";
    c.wait().at_most(Duration::from_secs(60)).for_element(Locator::Css(ready)).await.expect("ready");
    click(&c, ready).await;
    wait_text(&c, "#export-saved", ".pdf").await;
    let saved = std::fs::read_dir(saves.path()).expect("saves").next().expect("a saved file").expect("entry").path();
    let out =
        Command::new("pdftotext").arg("-layout").arg(&saved).arg("-").output().expect("pdftotext (poppler-utils)");
    assert!(out.status.success());
    // Poppler writes a right-to-left line's words in visual order and a ligature's letters (لم)
    // backwards: each word is looked for on its own, by its letters.
    let letters = |w: &str| {
        let mut l: Vec<char> =
            w.chars().filter(|c| !matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}')).collect();
        // (A number is compared as written: digits drawn backwards must fail.)
        if l.iter().any(|c| c.is_alphabetic()) {
            l.sort_unstable();
        }
        l
    };
    let text = String::from_utf8_lossy(&out.stdout);
    let words: std::collections::HashSet<Vec<char>> = text.split_whitespace().map(letters).collect();
    let wanted = [ar.tr("exports-pdf-summary"), Kind::HeartRate.name().render(ar), ar.digits("72")];
    for want in wanted.iter().flat_map(|w| w.split_whitespace()) {
        assert!(words.contains(&letters(want)), "{want:?} is not in the PDF:\n{text}");
    }
    let _ = c.close().await;
}

/// An English system; the person chooses Spanish in Profile → Account: the screen turns Spanish
/// at once and stays Spanish after a restart (the lock screen and its refusal of a wrong password
/// too); choosing the device's language again brings English back.
#[tokio::test]
async fn the_language_chosen_in_profile_survives_a_restart() {
    let es = Lang::Es;
    let email = "sofia@e2e.test";
    let phone = "+447911000878";
    let (service, _dir, p) = service_with_sms_patient(email, phone).await;
    lock_when_idle(&p, 900).await;
    let inbox = client_for(&service.url());
    let (_data, driver, c) = open_app(&service, &[]).await;
    wait_text(&c, "h1", &Lang::En.tr("sign-in-title")).await;
    sign_in(&c, email).await;
    fill(&c, "#code", &sms_code(&inbox, phone, 1).await).await;
    click(&c, "#verify").await;
    wait_text(&c, "#signed-in-as", "Pat Patient").await;
    click(&c, "#tab-profile").await;
    choose_language(&c, "es").await;
    wait_text(&c, "h1", &es.tr("account-title")).await;
    assert_eq!(html_lang_dir(&c).await, ("es".to_owned(), "ltr".to_owned()));
    let (left, right) = text_margins(&c, "h1").await;
    assert!(left < 2.0 && right > 40.0, "the heading is not set left to right: {left} px left, {right} px right");
    // The picker keeps the focus after the page was drawn again in Spanish.
    wait_focus(&c, "#language").await;
    screenshot(&c, "language-es-account").await;

    // A restart opens on the lock screen, in Spanish; a wrong password is refused in Spanish.
    let c = restart(c, &driver).await;
    element(&c, "#unlock-password").await;
    assert_eq!(html_lang_dir(&c).await.0, "es");
    fill(&c, "#unlock-password", "not the password at all").await;
    click(&c, "#unlock").await;
    wait_text(&c, "#error", &es.tr_args("shell-unlock-wrong-password", &[("left", 4.into())])).await;
    unlock_with_password(&c).await;

    click(&c, "#tab-profile").await;
    assert_eq!(element(&c, "#language").await.prop("value").await.expect("value").as_deref(), Some("es"));
    choose_language(&c, "system").await;
    wait_text(&c, "h1", &Lang::En.tr("account-title")).await;
    let c = restart(c, &driver).await;
    element(&c, "#unlock-password").await;
    assert_eq!(html_lang_dir(&c).await.0, "en");
    let _ = c.close().await;
}

/// The bundled demo is created in the app's language (Spanish here): its first screen, the
/// deployment's name and the clinician's invitation waiting in the development inbox.
#[tokio::test]
async fn the_bundled_demo_is_created_in_the_apps_language() {
    let es = Lang::Es;
    let data = tempfile::tempdir().expect("data");
    let driver = Driver::start(&[
        ("HAVEN_DATA_DIR", data.path().display().to_string()),
        ("LANGUAGE", "es".to_owned()),
        ("LANG", "es_ES.UTF-8".to_owned()),
    ]);
    let c = driver.session().await;
    wait_text(&c, "#demo", &es.tr("common-demo-hint")).await;
    click(&c, "#demo-inbox").await;
    wait_text(&c, "h1", &es.tr("inbox-title")).await;
    let name = haven_i18n::msg!("service-demo-deployment").render(es);
    let subject = haven_i18n::msg!("service-mail-invite-subject", deployment = name.as_str()).render(es);
    let inbox = wait_text(&c, "#inbox", &subject).await;
    assert!(inbox.contains(&haven_i18n::msg!("service-mail-invite-create").render(es)), "{inbox}");
    screenshot(&c, "language-es-demo-inbox").await;
    let _ = c.close().await;
}
