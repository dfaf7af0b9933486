//! The patient's app at phone size (390 × 844 and 360 × 800 CSS px), in the light and the dark
//! theme: every screen fits the width, every tap target is at least 44 × 44 px and nothing
//! covers it, fields use 16 px text, a phone's safe areas are kept, axe-core finds no serious or
//! critical violation, and the three places (Home, My health, Profile) are a tab bar at the
//! bottom of the screen. Errors are tied to their fields. Screenshots: `phone-<screen>`
//! (docs/screenshots when `HAVEN_SCREENSHOTS=docs/screenshots`).

use crate::prelude::*;
use haven_tests::audit::{self, phone_screen};

/// The dark theme as GTK gives it to the webview: WebKitGTK answers `prefers-color-scheme` from
/// the GTK theme's variant.
const DARK: (&str, &str) = ("GTK_THEME", "Adwaita:dark");

#[tokio::test]
async fn a_patients_screens_on_a_phone_in_the_light_theme() {
    patient_on_a_phone(false).await;
}

#[tokio::test]
async fn a_patients_screens_on_a_phone_in_the_dark_theme() {
    patient_on_a_phone(true).await;
}

async fn patient_on_a_phone(dark: bool) {
    let email = if dark { "noor@e2e.test" } else { "phoebe@e2e.test" };
    let phone = if dark { "+447911000655" } else { "+447911000654" };
    let (service, _dir, p) = service_with_sms_patient(email, phone).await;
    // A restart then opens on the lock screen.
    lock_when_idle(&p, 900).await;
    let inbox = client_for(&service.url());
    let theme = if dark { vec![(DARK.0, DARK.1.to_owned())] } else { vec![] };
    let (_data, driver, c) = open_app(&service, &theme).await;
    let shot = |name: &str| format!("phone-{name}{}", if dark { "-dark" } else { "" });
    audit::viewport(&c, 390, 844).await;
    element(&c, "#sign-in").await;
    assert_eq!(audit::dark(&c).await, dark, "the webview does not follow the theme asked for");

    // Before signing in: sign-in, a forgotten password, signing up with a code.
    phone_screen(&c, &shot("sign-in")).await;
    screenshot(&c, &shot("sign-in")).await;
    click(&c, "#forgot-link").await;
    element(&c, "#forgot-email").await;
    phone_screen(&c, &shot("forgot")).await;
    click(&c, "a[href='/']").await;
    click(&c, "#enrol-link").await;
    element(&c, "#enrolment-code").await;
    phone_screen(&c, &shot("enrol")).await;
    click(&c, "a[href='/']").await;

    // The second step, with a wrong code: the sentence is announced and tied to the screen.
    sign_in(&c, email).await;
    wait_text(&c, "h1", "Two-step verification").await;
    phone_screen(&c, &shot("second-step")).await;
    fill(&c, "#code", "000000").await;
    click(&c, "#verify").await;
    element(&c, "#error").await;
    // The sentence is the field's description, and the field is marked invalid.
    element(&c, "#code[aria-invalid=true][aria-describedby~=error]").await;
    phone_screen(&c, &shot("second-step-error")).await;
    fill(&c, "#code", &sms_code(&inbox, phone, 1).await).await;
    click(&c, "#verify").await;
    wait_text(&c, "#signed-in-as", "Pat Patient").await;

    // Home, with the tab bar along the bottom edge.
    element(&c, "#tab-home[aria-current=page]").await;
    let edge: Vec<f64> = serde_json::from_value(
        c.execute(
            "const r = document.querySelector('nav.tabs').getBoundingClientRect(); return [r.bottom, window.innerHeight, r.left, r.right, window.innerWidth];",
            vec![],
        )
        .await
        .expect("tab bar"),
    )
    .expect("rect");
    assert!(
        (edge[0] - edge[1]).abs() < 1.0 && edge[2] == 0.0 && (edge[3] - edge[4]).abs() < 1.0,
        "the tab bar is not along the bottom of the screen: {edge:?}"
    );
    phone_screen(&c, &shot("home")).await;
    screenshot(&c, &shot("home")).await;

    // My health: consent first, then a value recorded (a bad one refused first).
    click(&c, "#tab-health").await;
    wait_text(&c, "#not-collecting", "only after you sign").await;
    element(&c, "#tab-health[aria-current=page]").await;
    phone_screen(&c, &shot("health-no-consent")).await;
    click(&c, "#consent-link").await;
    wait_text(&c, "#consent-text", "withdraw your consent at any time").await;
    phone_screen(&c, &shot("consent")).await;
    click(&c, "#sign-consent").await;
    wait_text(&c, "#consent-status", "You signed this").await;
    click(&c, "#tab-health").await;
    fill(&c, "#value", "abc").await;
    click(&c, "#save").await;
    wait_text(&c, "#record-error", "Enter the value as a number").await;
    element(&c, "#value[aria-invalid=true][aria-describedby~=record-error]").await;
    phone_screen(&c, &shot("health-error")).await;
    fill(&c, "#value", "72").await;
    fill(&c, "#note", "after the stairs").await;
    click(&c, "#save").await;
    wait_text(&c, "#chart-heart_rate", "72 bpm").await;
    phone_screen(&c, &shot("health")).await;
    c.execute("document.getElementById('charts-title').scrollIntoView()", vec![]).await.expect("scroll");
    screenshot(&c, &shot("health")).await;

    // Profile: the account, downloads, legal documents.
    click(&c, "#tab-profile").await;
    wait_text(&c, "#two-step-state", "On — text message").await;
    element(&c, "#tab-profile[aria-current=page]").await;
    phone_screen(&c, &shot("account")).await;
    screenshot(&c, &shot("account")).await;
    click(&c, "#exports-link").await;
    element(&c, "#export-zone").await;
    // Download your data is under Profile, not Profile's own page.
    element(&c, "#tab-profile[aria-current=true]").await;
    phone_screen(&c, &shot("exports")).await;
    click(&c, "#tab-profile").await;
    click(&c, "#legal-nav").await;
    click(&c, "a[href^='/legal/']").await;
    element(&c, ".doc").await;
    phone_screen(&c, &shot("legal")).await;

    // A restart opens on the lock screen.
    let c = restart(c, &driver).await;
    audit::viewport(&c, 390, 844).await;
    element(&c, "#unlock-password").await;
    phone_screen(&c, &shot("lock")).await;
    screenshot(&c, &shot("lock")).await;
    unlock_with_password(&c).await;
    let _ = c.close().await;
}
