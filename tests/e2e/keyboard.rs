//! The patient's main path by keyboard alone: no click, no element named to type into. Keys go
//! where the focus is, and the focus goes where the next step is.

use crate::prelude::*;

const TAB: &str = "\u{E004}";
const ENTER: &str = "\u{E007}";

/// Sign in, the texted code, then a heart rate recorded — every step by keys. The focus starts
/// in the email field, moves to the code field on the second step and to the page's heading on
/// each new page, and the confirmation of a saved value takes it (so it is read out).
#[tokio::test]
async fn sign_in_second_step_and_recording_a_value_by_keyboard_alone() {
    let email = "kim@e2e.test";
    let phone = "+447911000765";
    let (service, _dir, p) = service_with_sms_patient(email, phone).await;
    sign_consent(&p).await;
    let inbox = client_for(&service.url());
    let (_data, _driver, c) = open_app(&service, &[]).await;

    wait_focus(&c, "#email").await;
    press(&c, &format!("{email}{TAB}{PASSWORD}{ENTER}")).await;
    wait_text(&c, "h1", "Two-step verification").await;
    wait_focus(&c, "#code").await;
    press(&c, "000000").await;
    press(&c, ENTER).await;
    // A wrong code is said, and the field keeps the focus for the next try.
    element(&c, "#error").await;
    wait_focus(&c, "#code").await;
    // Rub the wrong code out and type the texted one.
    press(&c, &"\u{E003}".repeat(6)).await;
    press(&c, &format!("{}{ENTER}", sms_code(&inbox, phone, 1).await)).await;
    wait_text(&c, "#signed-in-as", "Pat Patient").await;
    wait_focus(&c, "h1").await;

    tab_to(&c, "#tab-health").await;
    press(&c, ENTER).await;
    wait_text(&c, "h1", "My health").await;
    wait_focus(&c, "h1").await;
    tab_to(&c, "#value").await;
    press(&c, "72").await;
    tab_to(&c, "#note").await;
    press(&c, &format!("by keyboard{ENTER}")).await;
    wait_text(&c, "#chart-heart_rate", "72 bpm").await;
    wait_focus(&c, "#saved").await;
    let on_service = p.pull(None, 10).await.expect("pull").observations;
    assert_eq!(on_service.len(), 1, "{on_service:?}");
    assert_eq!(on_service[0].note.as_deref(), Some("by keyboard"));
    let _ = c.close().await;
}
