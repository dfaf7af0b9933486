//! Getting back in: password reset by email (single use, 30 minutes, the second step still
//! needed, every session and remembered device ended, the owner told, no enumeration, limits)
//! and changing the password (the current one and a recent reauth; other sessions end).

use crate::common::*;
use serde_json::{json, Value};

const NEW_PASSWORD: &str = "amber-glacier-harbour-27";
const PHONE: &str = "+447911000404";

/// A verified patient of a fresh deployment, signed in: (access, refresh).
async fn patient(api: &Api, email: &str) -> (String, String) {
    let (dep, admin) = api.admin(&format!("admin.{email}")).await;
    let t = api.invite(&admin, &dep, email, "patient").await;
    api.accept_invite(&t, email, "Pat Patient").await;
    api.login_ok(email, PASSWORD).await
}

/// Asks for a reset and answers the token from the reset email it sends.
async fn reset_token(api: &Api, email: &str) -> String {
    let n = api.smtp().to(email).len() + 1;
    api.post("/v1/auth/password-reset", json!({"email": email}), None).await.expect(202);
    let mail = api.smtp().wait_for(email, n).await;
    assert_eq!(mail.subject, "Reset your Haven password");
    assert!(mail.body.contains("https://haven.test/reset-password?token=hvp_"), "{}", mail.body);
    token_in(&mail.body, "hvp_")
}

fn complete(token: &str, password: &str) -> Value {
    json!({"token": token, "password": password})
}

#[tokio::test]
async fn a_forgotten_password_is_reset_by_email_and_every_session_ends() {
    let api = Api::start().await;
    let email = "rita@reset.test";
    let (access, refresh) = patient(&api, email).await;
    let mails = api.smtp().to(email).len();

    // Known and unknown addresses get the same answer, and only the known one gets a mail.
    let known = api.post("/v1/auth/password-reset", json!({"email": email}), None).await.expect(202);
    let unknown = api.post("/v1/auth/password-reset", json!({"email": "nobody@reset.test"}), None).await.expect(202);
    assert_eq!(known, unknown);
    api.post("/v1/auth/password-reset", json!({"email": "not an address"}), None).await.expect(202);
    let mail = api.smtp().wait_for(email, mails + 1).await;
    let token = token_in(&mail.body, "hvp_");
    assert!(api.smtp().to("nobody@reset.test").is_empty());

    let check = api.post("/v1/auth/password-reset/check", json!({"token": token}), None).await.expect(200);
    assert_eq!(check["email"], email);
    assert_eq!(check["methods"], json!([]), "two-step is off: the link is enough");
    assert_eq!(check["expires_in"], 1800);
    api.post("/v1/auth/password-reset/check", json!({"token": "hvp_made-up"}), None).await.error(404, "not_found");

    // The new password meets the same rules as at sign-up; a refusal does not use up the link.
    let e =
        api.post("/v1/auth/password-reset/complete", complete(&token, "short"), None).await.error(422, "unprocessable");
    assert!(e["error"]["fields"]["password"].is_string(), "{e}");
    api.post("/v1/auth/password-reset/complete", complete(&token, NEW_PASSWORD), None).await.expect(204);

    // Every session ended; the old password no longer works, the new one does.
    api.get("/v1/me", Some(&access)).await.error(401, "unauthenticated");
    api.post("/v1/auth/refresh", json!({"refresh_token": refresh}), None).await.error(401, "unauthenticated");
    api.login(email, PASSWORD).await.error(401, "invalid_credentials");
    api.login_ok(email, NEW_PASSWORD).await;
    // Single use.
    api.post("/v1/auth/password-reset/complete", complete(&token, "another-fine-passphrase-9"), None)
        .await
        .error(410, "gone");
    let told = api.smtp().wait_for(email, mails + 2).await;
    assert_eq!(told.subject, "Your Haven password was reset");
    assert!(!told.body.contains("hvp_"), "the notice carries no link: {}", told.body);
    // The database keeps only the token's hash.
    let stored: Vec<Vec<u8>> =
        haven_sync::fetch_all!(&api.state().db, sqlx::query_scalar("SELECT token_hash FROM password_resets"))
            .expect("hashes");
    assert!(!stored.is_empty());
    assert!(stored.iter().all(|h| !h.windows(token.len()).any(|w| w == token.as_bytes())));
}

#[tokio::test]
async fn with_two_step_on_a_reset_needs_a_code_and_remembered_devices_end() {
    let api = Api::start().await;
    let email = "sven@reset.test";
    let (access, _) = patient(&api, email).await;
    api.put("/v1/me/phone", json!({"phone": PHONE}), Some(&access)).await.expect(202);
    let code = api.sms.code(PHONE, 1).await;
    api.post("/v1/me/phone/verify", json!({"code": code}), Some(&access)).await.expect(200);
    api.put("/v1/me/two-step", json!({"enabled": true, "method": "sms"}), Some(&access)).await.expect(200);
    // A remembered device.
    let device = json!({"id": "phone-1", "name": "Phone", "platform": "ios"});
    let c = api
        .post("/v1/auth/login", json!({"email": email, "password": PASSWORD, "device": device}), None)
        .await
        .expect(200);
    let id = c["challenge_id"].as_str().expect("challenge");
    let code = api.sms.code(PHONE, 2).await;
    let body = json!({"method": "sms", "code": code, "remember_device": true});
    let done = api.post(&format!("/v1/auth/challenges/{id}/verify"), body, None).await.expect(200);
    let remembered = done["remembered_device_token"].as_str().expect("remembered").to_owned();

    let token = reset_token(&api, email).await;
    let check = api.post("/v1/auth/password-reset/check", json!({"token": token}), None).await.expect(200);
    assert_eq!(check["methods"], json!(["sms", "recovery_code"]));
    assert_eq!(check["sms_sent_to"], "+44 •••• ••0404");
    let reset_code = api.sms.code(PHONE, 3).await;
    // Opening the link again at once sends no second text; the first code still works, and the
    // answer says so (not that texts are used up).
    let again = api.post("/v1/auth/password-reset/check", json!({"token": token}), None).await.expect(200);
    assert_eq!(again["sms_sent_to"], "+44 •••• ••0404", "{again}");
    assert!(again.get("sms_retry_after").is_none(), "{again}");
    assert_eq!(api.sms.to(PHONE).len(), 3);

    let e = api
        .post("/v1/auth/password-reset/complete", complete(&token, NEW_PASSWORD), None)
        .await
        .error(422, "unprocessable");
    assert!(e["error"]["fields"]["code"].is_string(), "{e}");
    let mut wrong = complete(&token, NEW_PASSWORD);
    wrong["method"] = json!("sms");
    wrong["code"] = json!(if reset_code == "000000" { "111111" } else { "000000" });
    let e = api.post("/v1/auth/password-reset/complete", wrong, None).await.error(401, "invalid_credentials");
    assert!(e["error"]["message"].as_str().expect("message").contains("4 tries left"), "{e}");
    let mut right = complete(&token, NEW_PASSWORD);
    right["method"] = json!("sms");
    right["code"] = json!(reset_code);
    api.post("/v1/auth/password-reset/complete", right, None).await.expect(204);

    // The remembered device no longer skips the second step.
    let again =
        json!({"email": email, "password": NEW_PASSWORD, "device": device, "remembered_device_token": remembered});
    let v = api.post("/v1/auth/login", again, None).await.expect(200);
    assert_eq!(v["status"], "second_factor_required", "{v}");
}

#[tokio::test]
async fn reset_links_expire_only_the_newest_works_and_requests_are_limited() {
    let api = Api::start().await;
    let email = "tess@reset.test";
    patient(&api, email).await;
    let first = reset_token(&api, email).await;
    // Another request within the minute sends nothing.
    api.post("/v1/auth/password-reset", json!({"email": email}), None).await.expect(202);
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(api.smtp().to(email).len(), 3, "the request within the minute sent a mail");
    api.clock.advance(61);
    let second = reset_token(&api, email).await;
    let mails = api.smtp().to(email).len();
    assert_eq!(mails, 4, "invite, verification, two resets");
    let e = api.post("/v1/auth/password-reset/check", json!({"token": first}), None).await.error(410, "gone");
    assert!(e["error"]["message"].as_str().expect("message").contains("newer one"), "{e}");
    api.post("/v1/auth/password-reset/check", json!({"token": second}), None).await.expect(200);
    api.clock.advance(30 * 60);
    let e = api.post("/v1/auth/password-reset/check", json!({"token": second}), None).await.error(410, "gone");
    assert!(e["error"]["message"].as_str().expect("message").contains("30 minutes"), "{e}");
    // Five an hour: three more go out, the sixth does not.
    for _ in 0..3 {
        api.clock.advance(61);
        reset_token(&api, email).await;
    }
    api.clock.advance(61);
    api.post("/v1/auth/password-reset", json!({"email": email}), None).await.expect(202);
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(api.smtp().to(email).len(), mails + 3, "more than five reset mails in an hour");
}

#[tokio::test]
async fn changing_the_password_needs_the_current_one_and_a_recent_reauth_and_ends_other_sessions() {
    let api = Api::start().await;
    let email = "ugo@reset.test";
    let (here, _) = patient(&api, email).await;
    let (elsewhere, elsewhere_refresh) = api.login_ok(email, PASSWORD).await;
    let change = |current: &str, new: &str| json!({"current_password": current, "new_password": new});

    let e = api
        .put("/v1/me/password", change("wrong-password-123", NEW_PASSWORD), Some(&here))
        .await
        .error(422, "unprocessable");
    assert!(e["error"]["fields"]["current_password"].is_string(), "{e}");
    let e = api.put("/v1/me/password", change(PASSWORD, PASSWORD), Some(&here)).await.error(422, "unprocessable");
    assert!(e["error"]["fields"]["new_password"].is_string(), "{e}");
    let e = api.put("/v1/me/password", change(PASSWORD, "short"), Some(&here)).await.error(422, "unprocessable");
    assert!(e["error"]["fields"]["new_password"].is_string(), "{e}");
    // Eleven minutes after signing in, the password is asked again first.
    api.clock.advance(11 * 60);
    api.put("/v1/me/password", change(PASSWORD, NEW_PASSWORD), Some(&here)).await.error(401, "reauth_required");
    api.post("/v1/auth/reauth", json!({"password": PASSWORD}), Some(&here)).await.expect(200);
    let mails = api.smtp().to(email).len();
    api.put("/v1/me/password", change(PASSWORD, NEW_PASSWORD), Some(&here)).await.expect(204);

    api.get("/v1/me", Some(&here)).await.expect(200);
    api.get("/v1/me", Some(&elsewhere)).await.error(401, "unauthenticated");
    api.post("/v1/auth/refresh", json!({"refresh_token": elsewhere_refresh}), None).await.error(401, "unauthenticated");
    api.login(email, PASSWORD).await.error(401, "invalid_credentials");
    api.login_ok(email, NEW_PASSWORD).await;
    let told = api.smtp().wait_for(email, mails + 1).await;
    assert_eq!(told.subject, "Your Haven password was changed");
    api.put("/v1/me/password", change(NEW_PASSWORD, PASSWORD), None).await.error(401, "unauthenticated");
}
