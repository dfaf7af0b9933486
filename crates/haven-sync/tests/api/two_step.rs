//! Two-step verification: SMS through a real HTTP gateway, TOTP, recovery codes, remembered
//! devices, lockout, reauth and deployment policy — time moved by the injected clock.

use crate::common::*;
use haven_sync::clock::Clock;
use serde_json::{json, Value};

const PHONE: &str = "+447911000003";

/// A verified, signed-in patient of a fresh deployment: (deployment, admin access, patient access).
async fn patient(api: &Api, email: &str) -> (String, String, String) {
    let (dep, admin) = api.admin(&format!("admin.{email}")).await;
    let t = api.invite(&admin, &dep, email, "patient").await;
    api.accept_invite(&t, email, "Pat Patient").await;
    let (access, _) = api.login_ok(email, PASSWORD).await;
    (dep, admin, access)
}

/// Turns on SMS two-step for a signed-in user; returns the recovery codes.
async fn enable_sms(api: &Api, access: &str, phone: &str) -> Vec<String> {
    let n = api.sms.to(phone).len();
    api.put("/v1/me/phone", json!({"phone": phone}), Some(access)).await.expect(202);
    let code = api.sms.code(phone, n + 1).await;
    api.post("/v1/me/phone/verify", json!({"code": code}), Some(access)).await.expect(200);
    let v = api.put("/v1/me/two-step", json!({"enabled": true, "method": "sms"}), Some(access)).await.expect(200);
    v["recovery_codes"]
        .as_array()
        .map(|a| a.iter().map(|c| c.as_str().expect("code").to_owned()).collect())
        .unwrap_or_default()
}

fn totp_code(secret_b32: &str, at: i64) -> String {
    let secret = totp_rs::Secret::try_from_base32(secret_b32).expect("base32 secret");
    haven_sync::twostep::totp(secret.as_bytes().to_vec(), "t").expect("totp").generate(at as u64).to_string()
}

async fn verify(api: &Api, challenge: &Value, method: &str, code: &str, remember: bool) -> crate::common::Resp {
    let id = challenge["challenge_id"].as_str().unwrap_or_else(|| panic!("no challenge in {challenge}"));
    api.post(
        &format!("/v1/auth/challenges/{id}/verify"),
        json!({"method": method, "code": code, "remember_device": remember}),
        None,
    )
    .await
}

fn login_body(email: &str, device: &str, remembered: Option<&str>) -> Value {
    let mut b =
        json!({"email": email, "password": PASSWORD, "device": {"id": device, "name": "Phone", "platform": "ios"}});
    if let Some(t) = remembered {
        b["remembered_device_token"] = json!(t);
    }
    b
}

#[tokio::test]
async fn sms_two_step_from_profile_to_sign_in_through_the_gateway() {
    let api = Api::start().await;
    let (_, _, access) = patient(&api, "pat@x.test").await;
    let e = api.put("/v1/me/phone", json!({"phone": "07911 123456"}), Some(&access)).await.error(422, "unprocessable");
    assert!(e["error"]["fields"]["phone"].as_str().expect("field").contains("choose your country"), "{e}");
    let e = api
        .put("/v1/me/phone", json!({"phone": "07911 12345", "country": "GB"}), Some(&access))
        .await
        .error(422, "unprocessable");
    let said = e["error"]["fields"]["phone"].as_str().expect("field");
    assert_eq!(said, "That number doesn't look right for the United Kingdom. Check the digits.", "{e}");
    api.put("/v1/me/two-step", json!({"enabled": true, "method": "sms"}), Some(&access)).await.error(409, "conflict");

    let r = api.put("/v1/me/phone", json!({"phone": "+44 7911 000003"}), Some(&access)).await.expect(202);
    assert_eq!(r["sent_to"], "+44 •••• ••0003");
    let code = api.sms.code(PHONE, 1).await;
    assert_eq!(code.len(), 6);
    let sms = &api.sms.to(PHONE)[0];
    assert_eq!(sms.from, "+15005550006");
    // HTTP basic auth with the gateway account and token: "AC123:gateway-token".
    assert_eq!(sms.authorization, "Basic QUMxMjM6Z2F0ZXdheS10b2tlbg==");
    api.post("/v1/me/phone/verify", json!({"code": "000000"}), Some(&access)).await.error(401, "invalid_credentials");
    api.post("/v1/me/phone/verify", json!({"code": code}), Some(&access)).await.expect(200);
    let v = api.put("/v1/me/two-step", json!({"enabled": true, "method": "sms"}), Some(&access)).await.expect(200);
    assert_eq!(v["two_step"], json!({"enabled": true, "method": "sms"}));
    assert_eq!(v["recovery_codes"].as_array().expect("codes").len(), 10);
    let me = api.get("/v1/me", Some(&access)).await.expect(200);
    assert_eq!(me["phone"], PHONE);
    assert_eq!(me["two_step"]["enabled"], true);

    let ch = api.login("pat@x.test", PASSWORD).await.expect(200);
    assert_eq!(ch["status"], "second_factor_required");
    assert_eq!(ch["methods"], json!(["sms", "recovery_code"]));
    assert_eq!(ch["sms_sent_to"], "+44 •••• ••0003");
    assert!(ch.get("tokens").is_none());
    let code = api.sms.code(PHONE, 2).await;
    let a = verify(&api, &ch, "sms", &code, false).await.expect(200);
    assert_eq!(a["status"], "authenticated");
    assert!(a.get("remembered_device_token").is_none());
    api.get("/v1/me", Some(a["tokens"]["access_token"].as_str().expect("a"))).await.expect(200);
    // The challenge and its code are single use.
    verify(&api, &ch, "sms", &code, false).await.error(410, "gone");
    // A second-factor method the user has not set up is refused per field.
    let ch = api.login("pat@x.test", PASSWORD).await.expect(200);
    let e = verify(&api, &ch, "totp", "123456", false).await.error(422, "unprocessable");
    assert!(e["error"]["fields"]["method"].is_string());
}

#[tokio::test]
async fn sms_codes_expire_are_replaced_on_resend_and_resends_are_limited() {
    let api = Api::start_with(Opts { tweak: |c| c.limits.address_failures = 10_000, ..Opts::default() }).await;
    let (_, _, access) = patient(&api, "pat@x.test").await;
    enable_sms(&api, &access, PHONE).await; // SMS #1
    let ch = api.login("pat@x.test", PASSWORD).await.expect(200); // #2
    let id = ch["challenge_id"].as_str().expect("id").to_owned();
    let first = api.sms.code(PHONE, 2).await;
    let r = api.post(&format!("/v1/auth/challenges/{id}/sms"), json!(null), None).await;
    assert_eq!(r.headers["retry-after"], "30");
    r.error(429, "too_many_attempts");
    api.clock.advance(30);
    let r = api.post(&format!("/v1/auth/challenges/{id}/sms"), json!(null), None).await.expect(202); // #3
    assert_eq!(r["resend_after_s"], 30);
    let second = api.sms.code(PHONE, 3).await;
    if first != second {
        verify(&api, &ch, "sms", &first, false).await.error(401, "invalid_credentials");
    }
    // Five minutes later the live code has expired.
    api.clock.advance(5 * 60);
    verify(&api, &ch, "sms", &second, false).await.error(410, "gone");
    // Within the same hour: #4 and #5 go out, #6 is refused until the oldest is an hour old.
    api.clock.advance(5 * 60);
    api.post(&format!("/v1/auth/challenges/{id}/sms"), json!(null), None).await.error(410, "gone"); // challenge (10 min) is over
    let ch = api.login("pat@x.test", PASSWORD).await.expect(200); // #4
    assert!(ch["sms_sent_to"].is_string());
    api.clock.advance(31);
    let ch2 = api.login("pat@x.test", PASSWORD).await.expect(200); // #5
    assert!(ch2["sms_sent_to"].is_string());
    api.clock.advance(31);
    let ch3 = api.login("pat@x.test", PASSWORD).await.expect(200); // over the limit: no SMS
    assert!(ch3.get("sms_sent_to").is_none(), "{ch3}");
    // ...and the answer says so, with when a text can be asked for (when the first of the five,
    // sent 11 min 32 s ago, is an hour old), while the other methods stay on offer.
    assert_eq!(ch3["sms_retry_after"], 3600 - (30 + 10 * 60 + 2 * 31), "{ch3}");
    assert_eq!(ch3["methods"], json!(["sms", "recovery_code"]), "{ch3}");
    let id3 = ch3["challenge_id"].as_str().expect("id");
    let r = api.post(&format!("/v1/auth/challenges/{id3}/sms"), json!(null), None).await;
    let wait: i64 = r.headers["retry-after"].to_str().expect("s").parse().expect("n");
    assert_eq!(wait, ch3["sms_retry_after"].as_i64().expect("n"));
    r.error(429, "too_many_attempts");
    assert_eq!(api.sms.to(PHONE).len(), 5);
    let _ = ch;
}

#[tokio::test]
async fn a_challenge_dies_after_five_wrong_codes() {
    let api = Api::start().await;
    let (_, _, access) = patient(&api, "pat@x.test").await;
    enable_sms(&api, &access, PHONE).await;
    let ch = api.login("pat@x.test", PASSWORD).await.expect(200);
    let code = api.sms.code(PHONE, 2).await;
    let wrong = if code == "111111" { "222222" } else { "111111" };
    for left in (1..=4).rev() {
        let e = verify(&api, &ch, "sms", wrong, false).await.error(401, "invalid_credentials");
        assert!(e["error"]["message"].as_str().expect("m").contains(&format!("{left} tr")), "{e}");
    }
    verify(&api, &ch, "sms", wrong, false).await.error(410, "gone");
    // Even the right code is too late now.
    verify(&api, &ch, "sms", &code, false).await.error(410, "gone");
    api.post(
        "/v1/auth/challenges/0190c3a4-0000-7000-8000-000000000000/verify",
        json!({"method": "sms", "code": "1"}),
        None,
    )
    .await
    .error(404, "not_found");
    api.post("/v1/auth/challenges/nope/sms", json!(null), None).await.error(404, "not_found");
}

#[tokio::test]
async fn one_hundred_consecutive_second_factor_failures_lock_the_account() {
    let api = Api::start_with(Opts { tweak: |c| c.limits.address_failures = 100_000, ..Opts::default() }).await;
    let (_, _, access) = patient(&api, "pat@x.test").await;
    let codes = enable_sms(&api, &access, PHONE).await;
    // 60 failures, then a success resets the count...
    let mut failures = 0;
    while failures < 60 {
        let ch = api.login("pat@x.test", PASSWORD).await.expect(200);
        for _ in 0..5 {
            if failures < 60 {
                let r = verify(&api, &ch, "recovery_code", "AAAAA-AAAAA", false).await;
                assert!(r.status == 401 || r.status == 410, "{}", r.body);
                failures += 1;
            }
        }
    }
    let ch = api.login("pat@x.test", PASSWORD).await.expect(200);
    verify(&api, &ch, "recovery_code", &codes[0], false).await.expect(200);
    // ...so 99 more do not lock, and the 100th consecutive one does.
    let mut failures = 0;
    while failures < 100 {
        let ch = api.login("pat@x.test", PASSWORD).await;
        assert_eq!(ch.status, 200, "locked after {failures} consecutive failures: {}", ch.body);
        for _ in 0..5 {
            if failures < 100 {
                let r = verify(&api, &ch.body, "recovery_code", "AAAAA-AAAAA", false).await;
                assert!(r.status == 401 || r.status == 410, "attempt {}: {}", failures + 1, r.body);
                failures += 1;
            }
        }
    }
    let e = api.login("pat@x.test", PASSWORD).await.error(403, "forbidden");
    assert!(e["error"]["message"].as_str().expect("m").contains("locked"), "{e}");
    // Locking ended every session of the account.
    api.get("/v1/me", Some(&access)).await.error(401, "unauthenticated");
    let (admin, _) = api.login_ok("admin.pat@x.test", PASSWORD).await;
    let users = api
        .get(
            &format!(
                "/v1/deployments/{}/users",
                api.get("/v1/me", Some(&admin)).await.expect(200)["deployment"]["id"].as_str().expect("d")
            ),
            Some(&admin),
        )
        .await
        .expect(200);
    let pat = users["users"].as_array().expect("u").iter().find(|u| u["email"] == "pat@x.test").expect("pat").clone();
    assert_eq!(pat["status"], "locked");
    let audit =
        api.get(&format!("/v1/audit?user_id={}", pat["id"].as_str().expect("id")), Some(&admin)).await.expect(200);
    assert!(audit["events"].as_array().expect("e").iter().any(|e| e["kind"] == "account_locked"));
    api.post(&format!("/v1/users/{}/unlock", pat["id"].as_str().expect("id")), json!(null), Some(&admin))
        .await
        .expect(200);
    let ch = api.login("pat@x.test", PASSWORD).await.expect(200);
    verify(&api, &ch, "recovery_code", &codes[1], false).await.expect(200);
}

#[tokio::test]
async fn authenticator_app_enrolment_window_and_replay() {
    let api = Api::start().await;
    let (_, _, access) = patient(&api, "tia@x.test").await;
    api.post("/v1/me/totp/confirm", json!({"code": "123456"}), Some(&access)).await.error(409, "conflict");
    let en = api.post("/v1/me/totp", json!(null), Some(&access)).await.expect(200);
    let secret = en["secret"].as_str().expect("secret").to_owned();
    let url = en["otpauth_url"].as_str().expect("url");
    assert!(
        url.starts_with("otpauth://totp/Haven:tia%40x.test?") || url.starts_with("otpauth://totp/Haven:tia@x.test?"),
        "{url}"
    );
    assert!(url.contains(&format!("secret={secret}")) && url.contains("issuer=Haven"), "{url}");
    assert!(en["qr_svg"].as_str().expect("svg").contains("<svg"), "not an SVG");
    assert_eq!(secret.len(), 32, "160-bit secret in base32");

    let now = api.clock.now();
    let wrong = if totp_code(&secret, now) == "000000" { "111111" } else { "000000" };
    api.post("/v1/me/totp/confirm", json!({"code": wrong}), Some(&access)).await.error(401, "invalid_credentials");
    let c0 = totp_code(&secret, now);
    let v = api.post("/v1/me/totp/confirm", json!({"code": c0}), Some(&access)).await.expect(200);
    let codes: Vec<String> =
        v["recovery_codes"].as_array().expect("codes").iter().map(|c| c.as_str().expect("c").to_owned()).collect();
    assert_eq!(codes.len(), 10);
    assert_eq!(
        api.get("/v1/me", Some(&access)).await.expect(200)["two_step"],
        json!({"enabled": true, "method": "totp"})
    );

    // The secret is stored encrypted: neither its bytes nor its base32 are in the database.
    let blob: Vec<u8> = haven_sync::fetch_one!(
        &api.state().db,
        sqlx::query_scalar("SELECT totp_secret FROM users WHERE email = 'tia@x.test'")
    )
    .expect("blob");
    let raw = totp_rs::Secret::try_from_base32(&secret).expect("b32");
    assert_eq!(blob.len(), 24 + 20 + 16, "nonce + ciphertext + tag");
    assert!(!blob.windows(20).any(|w| w == raw.as_bytes()));
    assert!(!String::from_utf8_lossy(&blob).contains(&secret));

    // Sign in: the step used to confirm is spent.
    let ch = api.login("tia@x.test", PASSWORD).await.expect(200);
    assert_eq!(ch["methods"], json!(["totp", "recovery_code"]));
    assert!(ch.get("sms_sent_to").is_none());
    verify(&api, &ch, "totp", &c0, false).await.error(401, "invalid_credentials");
    // The next step is accepted once, then never again (a second login with it fails).
    api.clock.advance(30);
    let c1 = totp_code(&secret, api.clock.now());
    verify(&api, &ch, "totp", &c1, false).await.expect(200);
    let ch = api.login("tia@x.test", PASSWORD).await.expect(200);
    verify(&api, &ch, "totp", &c1, false).await.error(401, "invalid_credentials");
    // ±1 step: the code of the step after the current one is accepted, two steps ahead is not.
    let t = api.clock.now();
    let two_ahead = totp_code(&secret, t + 60);
    let one_ahead = totp_code(&secret, t + 30);
    if two_ahead != one_ahead {
        verify(&api, &ch, "totp", &two_ahead, false).await.error(401, "invalid_credentials");
    }
    verify(&api, &ch, "totp", &one_ahead, false).await.expect(200);
    // A step behind the barrier is refused even though it is within the window.
    api.clock.advance(30);
    let ch = api.login("tia@x.test", PASSWORD).await.expect(200);
    verify(&api, &ch, "totp", &totp_code(&secret, api.clock.now() - 30), false).await.error(401, "invalid_credentials");
}

#[tokio::test]
async fn recovery_codes_are_single_use_and_regenerating_needs_reauth() {
    let api = Api::start().await;
    let (_, _, access) = patient(&api, "pat@x.test").await;
    let codes = enable_sms(&api, &access, PHONE).await;
    let ch = api.login("pat@x.test", PASSWORD).await.expect(200);
    let a = verify(&api, &ch, "recovery_code", &codes[0].to_lowercase(), false).await.expect(200);
    let access = a["tokens"]["access_token"].as_str().expect("a").to_owned();
    let ch = api.login("pat@x.test", PASSWORD).await.expect(200);
    verify(&api, &ch, "recovery_code", &codes[0], false).await.error(401, "invalid_credentials");

    // Fresh sessions may act at once; 10 minutes later a sensitive action needs a reauth.
    api.clock.advance(10 * 60 + 1);
    api.post("/v1/me/recovery-codes", json!(null), Some(&access)).await.error(401, "reauth_required");
    api.post("/v1/auth/reauth", json!({"password": "not-my-password-1"}), Some(&access))
        .await
        .error(401, "invalid_credentials");
    api.post("/v1/auth/reauth", json!({"password": PASSWORD, "code": "1"}), Some(&access))
        .await
        .error(400, "invalid_request");
    let r = api.post("/v1/auth/reauth", json!({"password": PASSWORD}), Some(&access)).await.expect(200);
    assert!(r["reauth_until"].is_string());
    let fresh = api.post("/v1/me/recovery-codes", json!(null), Some(&access)).await.expect(200);
    let fresh: Vec<String> =
        fresh["recovery_codes"].as_array().expect("c").iter().map(|c| c.as_str().expect("c").to_owned()).collect();
    assert_eq!(fresh.len(), 10);
    // The old set is gone, the new one works.
    let ch = api.login("pat@x.test", PASSWORD).await.expect(200);
    verify(&api, &ch, "recovery_code", &codes[1], false).await.error(401, "invalid_credentials");
    verify(&api, &ch, "recovery_code", &fresh[0], false).await.expect(200);
    // Reauth with a recovery code works too, and spends it.
    api.clock.advance(11 * 60);
    let a2 = sign_in_with_sms(&api, "pat@x.test", PHONE).await;
    api.clock.advance(11 * 60);
    api.post("/v1/auth/reauth", json!({"method": "recovery_code", "code": fresh[1]}), Some(&a2)).await.expect(200);
    api.post("/v1/auth/reauth", json!({"method": "recovery_code", "code": fresh[1]}), Some(&a2))
        .await
        .error(401, "invalid_credentials");
}

#[tokio::test]
async fn remembered_devices_skip_the_second_step_until_revoked_or_expired() {
    let api = Api::start().await;
    let (dep, admin, access) = patient(&api, "pat@x.test").await;
    enable_sms(&api, &access, PHONE).await;
    let ch = api.post("/v1/auth/login", login_body("pat@x.test", "phone-1", None), None).await.expect(200);
    let a = verify(&api, &ch, "sms", &api.sms.code(PHONE, 2).await, true).await.expect(200);
    let token = a["remembered_device_token"].as_str().expect("remembered token").to_owned();
    assert!(token.starts_with("hvd_"));
    let access = a["tokens"]["access_token"].as_str().expect("a").to_owned();

    let v = api.post("/v1/auth/login", login_body("pat@x.test", "phone-1", Some(&token)), None).await.expect(200);
    assert_eq!(v["status"], "authenticated", "{v}");
    // The token is bound to its device id and still needs the password.
    let v = api.post("/v1/auth/login", login_body("pat@x.test", "other-device", Some(&token)), None).await.expect(200);
    assert_eq!(v["status"], "second_factor_required");
    let mut wrong_pw = login_body("pat@x.test", "phone-1", Some(&token));
    wrong_pw["password"] = json!("not-the-password-9");
    api.post("/v1/auth/login", wrong_pw, None).await.error(401, "invalid_credentials");

    let list = api.get("/v1/me/devices", Some(&access)).await.expect(200);
    let devices = list["devices"].as_array().expect("devices");
    assert_eq!(devices.len(), 1);
    assert_eq!(devices[0]["name"], "Phone");
    assert!(devices[0]["last_used_at"].is_string());
    let expires = haven_sync::clock::parse_rfc3339(devices[0]["expires_at"].as_str().expect("exp")).expect("time");
    assert_eq!(expires - api.clock.now(), 90 * 86_400);
    let id = devices[0]["id"].as_str().expect("id");
    let resp = api.call(reqwest::Method::DELETE, &format!("/v1/me/devices/{id}"), None, Some(&access)).await;
    assert_eq!(resp.status, 204);
    api.call(reqwest::Method::DELETE, &format!("/v1/me/devices/{id}"), None, Some(&access))
        .await
        .error(404, "not_found");
    let n = api.sms.to(PHONE).len();
    let v = api.post("/v1/auth/login", login_body("pat@x.test", "phone-1", Some(&token)), None).await.expect(200);
    assert_eq!(v["status"], "second_factor_required", "a forgotten device must not skip the step");

    // A new remembered device dies when the phone number changes...
    let a = verify(&api, &v, "sms", &api.sms.code(PHONE, n + 1).await, true).await.expect(200);
    let token = a["remembered_device_token"].as_str().expect("t").to_owned();
    // (an hour on, so the hourly SMS allowance is fresh; the remembered device signs in alone)
    api.clock.advance(3601);
    let a = api.post("/v1/auth/login", login_body("pat@x.test", "phone-1", Some(&token)), None).await.expect(200);
    assert_eq!(a["status"], "authenticated");
    let access = a["tokens"]["access_token"].as_str().expect("a").to_owned();
    const NEW: &str = "+447911000099";
    api.put("/v1/me/phone", json!({"phone": NEW}), Some(&access)).await.expect(202);
    let code = api.sms.code(NEW, 1).await;
    api.post("/v1/me/phone/verify", json!({"code": code}), Some(&access)).await.expect(200);
    let v = api.post("/v1/auth/login", login_body("pat@x.test", "phone-1", Some(&token)), None).await.expect(200);
    assert_eq!(v["status"], "second_factor_required");
    assert_eq!(v["sms_sent_to"], "+44 •••• ••0099");

    // ...and after 90 days; and the deployment can switch remembering off (0 days).
    let a = verify(&api, &v, "sms", &api.sms.code(NEW, 2).await, true).await.expect(200);
    let token = a["remembered_device_token"].as_str().expect("t").to_owned();
    api.clock.advance(90 * 86_400 - 60);
    assert_eq!(
        api.post("/v1/auth/login", login_body("pat@x.test", "phone-1", Some(&token)), None).await.expect(200)["status"],
        "authenticated"
    );
    api.clock.advance(60);
    assert_eq!(
        api.post("/v1/auth/login", login_body("pat@x.test", "phone-1", Some(&token)), None).await.expect(200)["status"],
        "second_factor_required"
    );
    let _ = admin;
    let (admin, _) = api.login_ok("admin.pat@x.test", PASSWORD).await;
    let mut policy = api.get(&format!("/v1/deployments/{dep}"), Some(&admin)).await.expect(200)["policy"].clone();
    policy["remember_device_days"] = json!(0);
    api.put(&format!("/v1/deployments/{dep}/policy"), policy, Some(&admin)).await.expect(200);
    let n = api.sms.to(NEW).len();
    let v = api.post("/v1/auth/login", login_body("pat@x.test", "phone-1", None), None).await.expect(200);
    let a = verify(&api, &v, "sms", &api.sms.code(NEW, n + 1).await, true).await.expect(200);
    assert!(a.get("remembered_device_token").is_none(), "{a}");
}

#[tokio::test]
async fn deployment_policy_forces_setup_and_guards_turning_two_step_off() {
    let api = Api::start().await;
    let (dep, admin, access) = patient(&api, "pat@x.test").await;
    let base = api.get(&format!("/v1/deployments/{dep}"), Some(&admin)).await.expect(200)["policy"].clone();
    assert_eq!(
        base,
        json!({"two_step_required": false, "allowed_methods": ["sms", "totp"], "code_length": 6, "remember_device_days": 90, "biometric_required": false, "idle_timeout_max_s": 900})
    );

    // Bad policies are refused field by field and change nothing.
    let e = api.put(&format!("/v1/deployments/{dep}/policy"), json!({"two_step_required": true, "allowed_methods": ["carrier-pigeon"], "code_length": 9, "remember_device_days": 400, "biometric_required": false, "idle_timeout_max_s": 5}), Some(&admin)).await.error(422, "unprocessable");
    for f in ["allowed_methods", "code_length", "remember_device_days", "idle_timeout_max_s"] {
        assert!(e["error"]["fields"][f].is_string(), "{f}: {e}");
    }
    api.put(&format!("/v1/deployments/{dep}/policy"), json!({"two_step_required": true}), Some(&admin))
        .await
        .error(400, "invalid_request");
    api.put(&format!("/v1/deployments/{dep}/policy"), base.clone(), Some(&access)).await.error(403, "forbidden");
    assert_eq!(api.get(&format!("/v1/deployments/{dep}"), Some(&admin)).await.expect(200)["policy"], base);

    // Enforce two-step with authenticator apps only and 4-digit codes.
    let mut p = base.clone();
    p["two_step_required"] = json!(true);
    p["allowed_methods"] = json!(["totp"]);
    p["code_length"] = json!(4);
    api.put(&format!("/v1/deployments/{dep}/policy"), p.clone(), Some(&admin)).await.expect(200);
    let s = api.login("pat@x.test", PASSWORD).await.expect(200);
    assert_eq!(s["status"], "setup_required");
    assert_eq!(s["required"], json!(["totp"]));
    let setup = s["setup_token"].as_str().expect("setup").to_owned();
    assert!(setup.starts_with("hvs_"));
    // The set-up token opens only the set-up routes, and SMS is not allowed here.
    api.get("/v1/me", Some(&setup)).await.error(401, "unauthenticated");
    api.put("/v1/me/two-step", json!({"enabled": true, "method": "sms"}), Some(&setup))
        .await
        .error(401, "unauthenticated");
    let en = api.post("/v1/me/totp", json!(null), Some(&setup)).await.expect(200);
    let secret = en["secret"].as_str().expect("s").to_owned();
    let done = api
        .post("/v1/me/totp/confirm", json!({"code": totp_code(&secret, api.clock.now())}), Some(&setup))
        .await
        .expect(200);
    assert_eq!(done["status"], "authenticated");
    assert_eq!(done["recovery_codes"].as_array().expect("c").len(), 10);
    let access = done["tokens"]["access_token"].as_str().expect("a").to_owned();
    // Set-up is over: the token no longer works.
    api.post("/v1/me/totp", json!(null), Some(&setup)).await.error(401, "unauthenticated");
    // Enforced: cannot be turned off, even after reauth.
    api.put("/v1/me/two-step", json!({"enabled": false}), Some(&access)).await.error(403, "forbidden");

    // Relax the policy: turning off needs a recent reauth.
    let mut p2 = base.clone();
    p2["code_length"] = json!(4);
    api.put(&format!("/v1/deployments/{dep}/policy"), p2, Some(&admin)).await.expect(200);
    api.clock.advance(10 * 60 + 1);
    api.put("/v1/me/two-step", json!({"enabled": false}), Some(&access)).await.error(401, "reauth_required");
    api.post("/v1/auth/reauth", json!({"password": PASSWORD}), Some(&access)).await.expect(200);
    let v = api.put("/v1/me/two-step", json!({"enabled": false}), Some(&access)).await.expect(200);
    assert_eq!(v["two_step"]["enabled"], false);
    assert_eq!(api.login("pat@x.test", PASSWORD).await.expect(200)["status"], "authenticated");

    // SMS codes follow the policy's length.
    enable_sms(&api, &access, PHONE).await;
    assert_eq!(api.sms.code(PHONE, 1).await.len(), 4);

    let (admin, _) = api.login_ok("admin.pat@x.test", PASSWORD).await;
    let audit = api.get("/v1/audit", Some(&admin)).await.expect(200);
    let kinds: Vec<&str> =
        audit["events"].as_array().expect("e").iter().map(|e| e["kind"].as_str().expect("k")).collect();
    for k in [
        "policy_changed",
        "setup_required",
        "totp_enabled",
        "two_step_disabled",
        "reauthenticated",
        "phone_verified",
        "two_step_enabled",
    ] {
        assert!(kinds.contains(&k), "{k} missing from {kinds:?}");
    }
}

#[tokio::test]
async fn clinicians_always_need_two_step_and_see_the_disclaimer_once() {
    let api = Api::start().await;
    let (dep, admin) = api.admin("ada@x.test").await;
    let t = api.invite(&admin, &dep, "cara@x.test", "clinician").await;
    api.accept_invite(&t, "cara@x.test", "Cara").await;
    let access = sign_in_with_sms(&api, "cara@x.test", PHONE).await;
    let me = api.get("/v1/me", Some(&access)).await.expect(200);
    assert!(me.get("disclaimer_accepted_at").is_none());
    api.post("/v1/me/disclaimer", json!({"accepted": false}), Some(&access)).await.error(422, "unprocessable");
    let first = api.post("/v1/me/disclaimer", json!({"accepted": true}), Some(&access)).await.expect(200)
        ["disclaimer_accepted_at"]
        .clone();
    api.clock.advance(60);
    let again = api.post("/v1/me/disclaimer", json!({"accepted": true}), Some(&access)).await.expect(200)
        ["disclaimer_accepted_at"]
        .clone();
    assert_eq!(first, again);
    assert_eq!(api.get("/v1/me", Some(&access)).await.expect(200)["disclaimer_accepted_at"], first);
    api.put("/v1/me/two-step", json!({"enabled": false}), Some(&access)).await.error(403, "forbidden");
    // Next sign-in asks for the SMS code.
    let v = api.login("cara@x.test", PASSWORD).await.expect(200);
    assert_eq!(v["status"], "second_factor_required");
}

#[tokio::test]
async fn settings_follow_the_policy_caps() {
    let api = Api::start().await;
    let (dep, admin, access) = patient(&api, "pat@x.test").await;
    let me = api
        .put(
            "/v1/me/settings",
            json!({"biometric_login": true, "lock_when_idle": {"enabled": true, "timeout_s": 3600}}),
            Some(&access),
        )
        .await
        .expect(200);
    assert_eq!(me["biometric_login"], true);
    assert_eq!(me["lock_when_idle"], json!({"enabled": true, "timeout_s": 900}), "capped at the policy's 900 s");
    api.put("/v1/me/settings", json!({"lock_when_idle": {"enabled": true, "timeout_s": 0}}), Some(&access))
        .await
        .error(422, "unprocessable");
    api.put("/v1/me/settings", json!({"lock_when_idle": {"enabled": true}}), Some(&access))
        .await
        .error(400, "invalid_request");
    let mut p = api.get(&format!("/v1/deployments/{dep}"), Some(&admin)).await.expect(200)["policy"].clone();
    p["biometric_required"] = json!(true);
    p["idle_timeout_max_s"] = json!(120);
    api.put(&format!("/v1/deployments/{dep}/policy"), p, Some(&admin)).await.expect(200);
    api.put("/v1/me/settings", json!({"biometric_login": false}), Some(&access)).await.error(403, "forbidden");
    let me = api.get("/v1/me", Some(&access)).await.expect(200);
    assert_eq!(me["lock_when_idle"]["timeout_s"], 120, "a lower cap applies to the stored setting");
    assert_eq!(me["deployment"]["policy"]["biometric_required"], true);
}

#[tokio::test]
async fn setup_tokens_die_with_setup_and_only_set_up_allowed_methods() {
    let api = Api::start().await;
    let (dep, admin, _) = patient(&api, "pat@x.test").await;
    let mut p = api.get(&format!("/v1/deployments/{dep}"), Some(&admin)).await.expect(200)["policy"].clone();
    p["two_step_required"] = json!(true);
    p["allowed_methods"] = json!(["totp"]);
    api.put(&format!("/v1/deployments/{dep}/policy"), p, Some(&admin)).await.expect(200);
    let t1 = api.login("pat@x.test", PASSWORD).await.expect(200)["setup_token"].as_str().expect("t1").to_owned();
    let t2 = api.login("pat@x.test", PASSWORD).await.expect(200)["setup_token"].as_str().expect("t2").to_owned();
    // SMS is not allowed here: a set-up token cannot complete set-up with a phone.
    api.put("/v1/me/phone", json!({"phone": PHONE}), Some(&t1)).await.error(403, "forbidden");
    api.post("/v1/me/phone/verify", json!({"code": "123456"}), Some(&t1)).await.error(403, "forbidden");
    assert!(api.sms.to(PHONE).is_empty());
    let secret =
        api.post("/v1/me/totp", json!(null), Some(&t1)).await.expect(200)["secret"].as_str().expect("s").to_owned();
    api.post("/v1/me/totp/confirm", json!({"code": totp_code(&secret, api.clock.now())}), Some(&t1)).await.expect(200);
    // The other open set-up token (someone else who knew the password) is dead now.
    api.post("/v1/me/totp", json!(null), Some(&t2)).await.error(401, "unauthenticated");
}

#[tokio::test]
async fn adding_a_factor_while_two_step_is_on_needs_reauth() {
    let api = Api::start().await;
    let (_, _, access) = patient(&api, "pat@x.test").await;
    enable_sms(&api, &access, PHONE).await;
    // A stolen access token, used after the fresh-session window, cannot add factors.
    api.clock.advance(10 * 60 + 1);
    api.post("/v1/me/totp", json!(null), Some(&access)).await.error(401, "reauth_required");
    api.post("/v1/me/totp/confirm", json!({"code": "123456"}), Some(&access)).await.error(401, "reauth_required");
    api.put("/v1/me/phone", json!({"phone": "+447911000055"}), Some(&access)).await.error(401, "reauth_required");
    api.post("/v1/auth/reauth", json!({"password": PASSWORD}), Some(&access)).await.expect(200);
    api.post("/v1/me/totp", json!(null), Some(&access)).await.expect(200);
    // Reauth with a method the user has not set up is refused per field.
    api.post("/v1/auth/reauth", json!({"method": "totp", "code": "123456"}), Some(&access))
        .await
        .error(422, "unprocessable");
}

#[tokio::test]
async fn concurrent_guesses_cannot_exceed_five_per_challenge() {
    let api = Api::start_with(Opts { tweak: |c| c.limits.address_failures = 100_000, ..Opts::default() }).await;
    let (_, _, access) = patient(&api, "pat@x.test").await;
    enable_sms(&api, &access, PHONE).await;
    let ch = api.login("pat@x.test", PASSWORD).await.expect(200);
    let code = api.sms.code(PHONE, 2).await;
    let id = ch["challenge_id"].as_str().expect("id").to_owned();
    let mut tasks = Vec::new();
    for i in 0..30 {
        let wrong = format!("{:06}", (code.parse::<u32>().expect("digits") + 1 + i) % 1_000_000);
        let (http, url) = (api.http.clone(), format!("{}/v1/auth/challenges/{id}/verify", api.base));
        tasks.push(tokio::spawn(async move {
            http.post(url).json(&json!({"method": "sms", "code": wrong})).send().await.expect("send").status().as_u16()
        }));
    }
    let mut statuses = Vec::new();
    for t in tasks {
        statuses.push(t.await.expect("join"));
    }
    let wrong = statuses.iter().filter(|&&s| s == 401).count();
    let gone = statuses.iter().filter(|&&s| s == 410).count();
    assert_eq!(wrong + gone, 30, "{statuses:?}");
    assert!(wrong <= 4, "{wrong} guesses were checked as wrong, more than the 5 a challenge allows: {statuses:?}");
    verify(&api, &ch, "sms", &code, false).await.error(410, "gone");
    let failures: i64 = haven_sync::fetch_one!(
        &api.state().db,
        sqlx::query_scalar("SELECT second_factor_failures FROM users WHERE email = 'pat@x.test'")
    )
    .expect("n");
    assert_eq!(failures, 5, "only the five reserved attempts count");
}

/// One attacker behind an address many people share (a hospital's NAT, a load balancer, the
/// bundled service's 127.0.0.1) must not lock them all out. Wrong second-step codes do not close
/// sign-in; a remembered device signs in with its password while the address is out of password
/// guesses, and while someone else's guessing holds the account in back-off.
#[tokio::test]
async fn guessing_from_a_shared_address_does_not_lock_out_the_people_behind_it() {
    let api = Api::start_with(Opts { tweak: |c| c.limits.address_failures = 6, ..Opts::default() }).await;
    let (_, _, access) = patient(&api, "pat@x.test").await;
    enable_sms(&api, &access, PHONE).await;
    let ch = api.post("/v1/auth/login", login_body("pat@x.test", "phone-1", None), None).await.expect(200);
    let a = verify(&api, &ch, "sms", &api.sms.code(PHONE, 2).await, true).await.expect(200);
    let remembered = a["remembered_device_token"].as_str().expect("remembered token").to_owned();

    // Six wrong codes use up the address's second-step guesses (the first challenge dies at five).
    let wrong = |ch: &Value| {
        let ch = ch.clone();
        let api = &api;
        async move {
            let n = api.sms.to(PHONE).len();
            let code = api.sms.code(PHONE, n).await;
            verify(api, &ch, "sms", if code == "111111" { "222222" } else { "111111" }, false).await
        }
    };
    let first = api.post("/v1/auth/login", login_body("pat@x.test", "laptop", None), None).await.expect(200);
    for _ in 0..4 {
        wrong(&first).await.error(401, "invalid_credentials");
    }
    wrong(&first).await.error(410, "gone");
    let second = api.post("/v1/auth/login", login_body("pat@x.test", "laptop", None), None).await.expect(200);
    wrong(&second).await.error(401, "invalid_credentials");
    wrong(&second).await.error(429, "too_many_attempts");
    // ...which leaves passwords, invitations and enrolment alone.
    let v = api.post("/v1/auth/login", login_body("pat@x.test", "laptop", None), None).await.expect(200);
    assert_eq!(v["status"], "second_factor_required", "{v}");
    api.get("/v1/invites/hvi_nope", None).await.error(404, "not_found");

    // Six wrong passwords for other accounts use up the address's password guesses: a new device
    // waits, the remembered one signs in.
    for i in 0..6 {
        api.login(&format!("spray{i}@x.test"), "wrong-password-xx").await.error(401, "invalid_credentials");
    }
    api.post("/v1/auth/login", login_body("pat@x.test", "laptop", None), None).await.error(429, "too_many_attempts");
    let v = api.post("/v1/auth/login", login_body("pat@x.test", "phone-1", Some(&remembered)), None).await.expect(200);
    assert_eq!(v["status"], "authenticated", "{v}");
    // The remembered device still needs the right password, and its own wrong ones back off.
    let mut bad = login_body("pat@x.test", "phone-1", Some(&remembered));
    bad["password"] = json!("not-the-password-9");
    api.post("/v1/auth/login", bad, None).await.error(401, "invalid_credentials");

    // A new window; someone guesses the patient's password until the account backs off.
    api.clock.advance(900);
    for _ in 0..5 {
        api.login("pat@x.test", "not-the-password-9").await.error(401, "invalid_credentials");
    }
    api.post("/v1/auth/login", login_body("pat@x.test", "laptop", None), None).await.error(429, "too_many_attempts");
    // The token earns nothing for another account: that sign-in counts against the address
    // (one guess left of six, then none).
    let mut elsewhere = login_body("ghost@x.test", "phone-1", Some(&remembered));
    elsewhere["password"] = json!("not-the-password-9");
    api.post("/v1/auth/login", elsewhere.clone(), None).await.error(401, "invalid_credentials");
    api.post("/v1/auth/login", elsewhere, None).await.error(429, "too_many_attempts");
    let v = api.post("/v1/auth/login", login_body("pat@x.test", "phone-1", Some(&remembered)), None).await.expect(200);
    assert_eq!(v["status"], "authenticated", "the patient's own device is not held by the attacker's back-off: {v}");
    // Nor for another device id, and a made-up token earns nothing.
    api.post("/v1/auth/login", login_body("pat@x.test", "laptop", Some(&remembered)), None)
        .await
        .error(429, "too_many_attempts");
    api.post("/v1/auth/login", login_body("pat@x.test", "phone-1", Some("hvd_made_up")), None)
        .await
        .error(429, "too_many_attempts");
    // The device's own wrong passwords back off on its own count: five, then it waits too.
    let mut bad = login_body("pat@x.test", "phone-1", Some(&remembered));
    bad["password"] = json!("not-the-password-9");
    for _ in 0..5 {
        api.post("/v1/auth/login", bad.clone(), None).await.error(401, "invalid_credentials");
    }
    api.post("/v1/auth/login", login_body("pat@x.test", "phone-1", Some(&remembered)), None)
        .await
        .error(429, "too_many_attempts");
}
