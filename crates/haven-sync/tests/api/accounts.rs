//! Invitations, account creation, email verification, blocking.

use crate::common::*;
use haven_i18n::Lang;
use haven_sync::config::Delivery;
use haven_sync::invites::Invitee;
use serde_json::{json, Value};

#[tokio::test]
async fn clinician_joins_by_invite_with_link_and_code_from_a_real_mail() {
    let api = Api::start().await;
    let (dep, admin) = api.admin("ada@clinic.test").await;
    api.post(
        "/v1/invites",
        json!({"email": "Carl@Clinic.test", "role": "clinician", "deployment_id": dep}),
        Some(&admin),
    )
    .await
    .expect(201);
    let mail = api.smtp().wait_for("carl@clinic.test", 1).await;
    assert!(mail.subject.contains("St Elsewhere"), "{mail:?}");
    assert!(mail.body.contains("https://haven.test/invite/hvi_"), "{}", mail.body);
    let token = token_in(&mail.body, "hvi_");
    let code = invite_code_in(&mail.body);
    assert_eq!(code.len(), 11, "{code}");

    // The link token and the typed code (any case, with or without the dash) both find it.
    for key in [token.clone(), code.clone(), code.replace('-', "").to_lowercase()] {
        let info = api.get(&format!("/v1/invites/{key}"), None).await.expect(200);
        assert_eq!(info["email"], "carl@clinic.test");
        assert_eq!(info["role"], "clinician");
        assert_eq!(info["deployment_name"], "St Elsewhere");
    }

    let created = api
        .post(
            "/v1/accounts",
            json!({"invite_token": code, "name": "Carl Clinician", "password": PASSWORD, "accept_terms": true}),
            None,
        )
        .await
        .expect(201);
    assert_eq!(created["email_verification"], "sent");
    // Until the email is verified, the password step says so and hands out no tokens.
    let v = api.login("carl@clinic.test", PASSWORD).await.expect(200);
    assert_eq!(v["status"], "email_verification_required");
    assert!(v.get("tokens").is_none());

    let vmail = api.smtp().wait_for("carl@clinic.test", 2).await;
    assert!(vmail.body.contains("https://haven.test/verify-email?token=hve_"), "{}", vmail.body);
    let vt = token_in(&vmail.body, "hve_");
    api.post("/v1/accounts/verify-email", json!({"token": vt}), None).await.expect(200);
    // Verifying twice is harmless.
    api.post("/v1/accounts/verify-email", json!({"token": vt}), None).await.expect(200);

    // Clinicians always need two-step verification: the password step asks them to add a phone.
    let v = api.login("carl@clinic.test", PASSWORD).await.expect(200);
    assert_eq!(v["status"], "setup_required", "{v}");
    let access = complete_phone_setup(&api, v["setup_token"].as_str().expect("setup token"), "+447911000001").await;
    let me = api.get("/v1/me", Some(&access)).await.expect(200);
    assert_eq!(me["role"], "clinician");
    assert_eq!(me["two_step"]["method"], "sms");
    assert_eq!(me["name"], "Carl Clinician");
    assert_eq!(me["email_verified"], true);
    assert_eq!(me["deployment"]["id"], dep.as_str());
    assert_eq!(me["deployment"]["policy"]["remember_device_days"], 90);
    assert_eq!(created["user_id"], me["id"]);
}

#[tokio::test]
async fn invites_are_single_use_and_expire_after_seven_days() {
    let api = Api::start().await;
    let (dep, admin) = api.admin("ada@clinic.test").await;
    let t1 = api.invite(&admin, &dep, "p1@x.test", "patient").await;
    api.accept_invite(&t1, "p1@x.test", "Pat One").await;
    api.get(&format!("/v1/invites/{t1}"), None).await.error(410, "gone");
    api.post(
        "/v1/accounts",
        json!({"invite_token": t1, "name": "Mallory", "password": PASSWORD, "accept_terms": true}),
        None,
    )
    .await
    .error(410, "gone");

    let t2 = api.invite(&admin, &dep, "p2@x.test", "patient").await;
    api.clock.advance(7 * 24 * 3600 - 1);
    api.get(&format!("/v1/invites/{t2}"), None).await.expect(200);
    api.clock.advance(1);
    api.get(&format!("/v1/invites/{t2}"), None).await.error(410, "gone");
    api.post(
        "/v1/accounts",
        json!({"invite_token": t2, "name": "Pat Two", "password": PASSWORD, "accept_terms": true}),
        None,
    )
    .await
    .error(410, "gone");
    api.get("/v1/invites/hvi_doesnotexist", None).await.error(404, "not_found");
}

#[tokio::test]
async fn unverified_account_is_blocked_after_24h_until_an_admin_unblocks_it() {
    let api = Api::start().await;
    let (dep, admin) = api.admin("ada@clinic.test").await;
    let t = api.invite(&admin, &dep, "slow@x.test", "patient").await;
    let uid = api
        .post(
            "/v1/accounts",
            json!({"invite_token": t, "name": "Slow Sam", "password": PASSWORD, "accept_terms": true}),
            None,
        )
        .await
        .expect(201)["user_id"]
        .as_str()
        .expect("id")
        .to_owned();
    let first = token_in(&api.smtp().wait_for("slow@x.test", 2).await.body, "hve_");

    api.clock.advance(24 * 3600 - 1);
    assert_eq!(api.login("slow@x.test", PASSWORD).await.expect(200)["status"], "email_verification_required");
    api.clock.advance(1);
    let err = api.login("slow@x.test", PASSWORD).await.error(403, "forbidden");
    assert!(err["error"]["message"].as_str().expect("msg").contains("blocked"), "{err}");
    // The old link no longer works, and resending does nothing for a blocked account.
    api.post("/v1/accounts/verify-email", json!({"token": first}), None).await.error(410, "gone");
    api.post("/v1/accounts/resend-verification", json!({"email": "slow@x.test"}), None).await.expect(202);

    // The admin's own access token expired long ago (15 min); sign in again.
    let (admin, _) = api.login_ok("ada@clinic.test", PASSWORD).await;
    let users = api.get(&format!("/v1/deployments/{dep}/users"), Some(&admin)).await.expect(200);
    let row =
        users["users"].as_array().expect("users").iter().find(|u| u["id"] == uid.as_str()).expect("listed").clone();
    assert_eq!(row["status"], "blocked");

    let u = api.post(&format!("/v1/users/{uid}/unblock"), json!(null), Some(&admin)).await.expect(200);
    assert_eq!(u["status"], "unverified");
    let fresh = token_in(&api.smtp().wait_for("slow@x.test", 3).await.body, "hve_");
    assert_ne!(fresh, first);
    api.post("/v1/accounts/verify-email", json!({"token": fresh}), None).await.expect(200);
    api.login_ok("slow@x.test", PASSWORD).await;
    // Unblocking an active account is a conflict, not a silent success.
    api.post(&format!("/v1/users/{uid}/unblock"), json!(null), Some(&admin)).await.error(409, "conflict");

    let audit = api.get(&format!("/v1/audit?user_id={uid}"), Some(&admin)).await.expect(200);
    let kinds: Vec<&str> =
        audit["events"].as_array().expect("events").iter().map(|e| e["kind"].as_str().expect("kind")).collect();
    for k in ["account_created", "login_refused_blocked", "account_unblocked", "email_verified", "login_succeeded"] {
        assert!(kinds.contains(&k), "{k} missing from {kinds:?}");
    }
}

#[tokio::test]
async fn admin_can_reinvite_a_blocked_account() {
    let api = Api::start().await;
    let (dep, admin) = api.admin("ada@clinic.test").await;
    let t = api.invite(&admin, &dep, "late@x.test", "patient").await;
    let uid = api
        .post(
            "/v1/accounts",
            json!({"invite_token": t, "name": "Late Lou", "password": PASSWORD, "accept_terms": true}),
            None,
        )
        .await
        .expect(201)["user_id"]
        .as_str()
        .expect("id")
        .to_owned();
    api.post(&format!("/v1/users/{uid}/resend-invite"), json!(null), Some(&admin)).await.error(409, "conflict");
    api.clock.advance(25 * 3600);
    let (admin, _) = api.login_ok("ada@clinic.test", PASSWORD).await;
    api.post(&format!("/v1/users/{uid}/resend-invite"), json!(null), Some(&admin)).await.expect(201);
    let mail = api.smtp().wait_for("late@x.test", 3).await;
    let t2 = token_in(&mail.body, "hvi_");
    api.accept_invite(&t2, "late@x.test", "Late Lou").await;
    api.login_ok("late@x.test", PASSWORD).await;
}

#[tokio::test]
async fn resend_verification_never_reveals_whether_an_account_exists() {
    let api = Api::start().await;
    let (dep, admin) = api.admin("ada@clinic.test").await;
    let t = api.invite(&admin, &dep, "new@x.test", "patient").await;
    api.post(
        "/v1/accounts",
        json!({"invite_token": t, "name": "New Nia", "password": PASSWORD, "accept_terms": true}),
        None,
    )
    .await
    .expect(201);
    api.smtp().wait_for("new@x.test", 2).await;

    let unknown = api.post("/v1/accounts/resend-verification", json!({"email": "nobody@x.test"}), None).await;
    let throttled = api.post("/v1/accounts/resend-verification", json!({"email": "new@x.test"}), None).await;
    assert_eq!(unknown.status, 202);
    assert_eq!(throttled.status, 202);
    assert_eq!(unknown.body, throttled.body);
    api.clock.advance(61);
    api.post("/v1/accounts/resend-verification", json!({"email": "NEW@x.test"}), None).await.expect(202);
    api.smtp().wait_for("new@x.test", 3).await;
    // The one inside the 60 s gap sent nothing, and nothing went to the unknown address.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(api.smtp().to("new@x.test").len(), 3);
    assert!(api.smtp().to("nobody@x.test").is_empty());
    // 202 always, even for a malformed address (nothing is sent).
    api.post("/v1/accounts/resend-verification", json!({"email": "not-an-email"}), None).await.expect(202);
}

#[tokio::test]
async fn password_and_terms_rules_are_field_errors() {
    let api = Api::start().await;
    let (dep, admin) = api.admin("ada@clinic.test").await;
    let t = api.invite(&admin, &dep, "rita.jones@x.test", "patient").await;
    let long = "violet tundra cobalt ".repeat(7);
    for (pw, why) in
        [("short-pw-1", "12"), ("password1234", "common"), ("Rita.Jones-2026-xyz", "email"), (&long[..129], "128")]
    {
        let e = api
            .post(
                "/v1/accounts",
                json!({"invite_token": t, "name": "Rita", "password": pw, "accept_terms": true}),
                None,
            )
            .await
            .error(422, "unprocessable");
        let msg = e["error"]["fields"]["password"]
            .as_str()
            .unwrap_or_else(|| panic!("no password field error for {why}: {e}"));
        assert!(!msg.is_empty());
    }
    let e = api
        .post(
            "/v1/accounts",
            json!({"invite_token": t, "name": " ", "password": PASSWORD, "accept_terms": false}),
            None,
        )
        .await
        .error(422, "unprocessable");
    assert!(e["error"]["fields"]["accept_terms"].is_string(), "{e}");
    assert!(e["error"]["fields"]["name"].is_string(), "{e}");
    // Nothing was lost: the invite still works with good input.
    api.get(&format!("/v1/invites/{t}"), None).await.expect(200);
    api.post(
        "/v1/accounts",
        json!({"invite_token": t, "name": "Rita", "password": &long[..128], "accept_terms": true}),
        None,
    )
    .await
    .expect(201);
}

#[tokio::test]
async fn patients_self_enrol_with_the_deployment_code_without_enumeration() {
    let api = Api::start().await;
    let (dep, admin) = api.admin("ada@clinic.test").await;
    let code = api.get(&format!("/v1/deployments/{dep}"), Some(&admin)).await.expect(200)["enrolment_code"]
        .as_str()
        .expect("code")
        .to_owned();
    let body = |email: &str| json!({"enrolment_code": code.to_lowercase(), "email": email, "name": "Pia Patient", "password": PASSWORD, "accept_terms": true});
    let v = api.post("/v1/accounts", body("pia@x.test"), None).await.expect(201);
    let vt = token_in(&api.smtp().wait_for("pia@x.test", 1).await.body, "hve_");
    api.post("/v1/accounts/verify-email", json!({"token": vt}), None).await.expect(200);
    let (access, _) = api.login_ok("pia@x.test", PASSWORD).await;
    let me = api.get("/v1/me", Some(&access)).await.expect(200);
    assert_eq!(me["role"], "patient");
    assert_eq!(me["id"], v["user_id"]);

    // Same email again: the same answer as a new account, but the owner gets a warning mail
    // instead of a second account (at most one a minute).
    api.clock.advance(61);
    let again = api.post("/v1/accounts", body("pia@x.test"), None).await.expect(201);
    assert_eq!(again["email_verification"], "sent");
    assert_ne!(again["user_id"], v["user_id"]);
    let warn = api.smtp().wait_for("pia@x.test", 2).await;
    assert!(warn.subject.contains("Someone tried"), "{warn:?}");
    api.post("/v1/accounts", body("pia@x.test"), None).await.expect(201);
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(api.smtp().to("pia@x.test").len(), 2, "warning mails are rate limited");
    let users = api.get(&format!("/v1/deployments/{dep}/users"), Some(&admin)).await.expect(200);
    assert_eq!(users["users"].as_array().expect("users").iter().filter(|u| u["email"] == "pia@x.test").count(), 1);

    let e = api.post("/v1/accounts", json!({"enrolment_code": "WRONG123", "email": "z@x.test", "name": "Z", "password": PASSWORD, "accept_terms": true}), None).await.error(422, "unprocessable");
    assert!(e["error"]["fields"]["enrolment_code"].is_string());
    api.post(
        "/v1/accounts",
        json!({"enrolment_code": code, "name": "Z", "password": PASSWORD, "accept_terms": true}),
        None,
    )
    .await
    .error(422, "unprocessable");
    api.post("/v1/accounts", json!({"invite_token": "hvi_x", "enrolment_code": code, "email": "z@x.test", "name": "Z", "password": PASSWORD, "accept_terms": true}), None).await.error(400, "invalid_request");
}

#[tokio::test]
async fn who_may_invite_whom() {
    let api = Api::start().await;
    let (dep, admin) = api.admin("ada@clinic.test").await;
    let t = api.invite(&admin, &dep, "cleo@x.test", "clinician").await;
    api.accept_invite(&t, "cleo@x.test", "Cleo").await;
    let clin = sign_in_with_sms(&api, "cleo@x.test", "+447911000002").await;
    // A clinician invites patients of their own deployment, nothing else.
    api.post("/v1/invites", json!({"email": "pat@x.test", "role": "patient", "deployment_id": dep}), Some(&clin))
        .await
        .expect(201);
    api.post("/v1/invites", json!({"email": "doc@x.test", "role": "clinician", "deployment_id": dep}), Some(&clin))
        .await
        .error(403, "forbidden");
    api.post("/v1/invites", json!({"email": "adm@x.test", "role": "admin", "deployment_id": dep}), Some(&clin))
        .await
        .error(403, "forbidden");
    let pt = token_in(&api.smtp().wait_for("pat@x.test", 1).await.body, "hvi_");
    api.accept_invite(&pt, "pat@x.test", "Pat").await;
    let (pat, _) = api.login_ok("pat@x.test", PASSWORD).await;
    api.post("/v1/invites", json!({"email": "friend@x.test", "role": "patient", "deployment_id": dep}), Some(&pat))
        .await
        .error(403, "forbidden");
    // Inviting an existing account is a conflict; no token at all is unauthenticated.
    api.post("/v1/invites", json!({"email": "cleo@x.test", "role": "clinician", "deployment_id": dep}), Some(&admin))
        .await
        .error(409, "conflict");
    api.post("/v1/invites", json!({"email": "q@x.test", "role": "patient", "deployment_id": dep}), None)
        .await
        .error(401, "unauthenticated");
    // Another deployment's admin cannot invite into this one.
    let (other_dep, other) = api.admin("otto@other.test").await;
    api.post("/v1/invites", json!({"email": "q@x.test", "role": "patient", "deployment_id": dep}), Some(&other))
        .await
        .error(403, "forbidden");
    // Inviting someone who has an account in another deployment answers like any invite (no
    // cross-deployment enumeration); the owner is told by email and no usable invite exists.
    let v = api
        .post(
            "/v1/invites",
            json!({"email": "pat@x.test", "role": "patient", "deployment_id": other_dep}),
            Some(&other),
        )
        .await
        .expect(201);
    assert!(v["id"].is_string() && v["expires_at"].is_string());
    let mail = api.smtp().wait_for("pat@x.test", 3).await;
    assert!(mail.body.contains("already has a Haven account"), "{}", mail.body);
    assert!(!mail.body.contains("hvi_"));
}

#[tokio::test]
async fn development_outbox_exists_only_with_development_delivery() {
    let dev = Api::start_with(Opts { delivery: Delivery::Dev, ..Opts::default() }).await;
    let state = dev.state();
    let mut tx = state.db.begin().await.expect("tx");
    let d = haven_sync::invites::insert_deployment(&mut tx, "Demo", None, 0).await.expect("dep");
    haven_sync::invites::issue_invite(
        &mut tx,
        state,
        &d,
        Invitee { email: "first@x.test", role: haven_api::Role::Admin, lang: Lang::En },
        None,
        None,
    )
    .await
    .expect("inv");
    tx.commit().await.expect("commit");
    let key = state.config.outbox_key.expose().to_owned();
    let read = |host: &str, key: &str| {
        dev.http
            .get(format!("{}/v1/dev/outbox", dev.base))
            .header("Host", host)
            .header("X-Haven-Outbox-Key", key)
            .send()
    };
    let host = dev.base.trim_start_matches("http://").to_owned();
    let out: serde_json::Value = read(&host, &key).await.expect("http").json().await.expect("json");
    let m = &out["messages"][0];
    assert_eq!(m["to"], "first@x.test");
    assert_eq!(m["channel"], "email");
    assert!(m["body"].as_str().expect("body").contains("/invite/hvi_"));
    // Without this run's key (another local program or user), or with a wrong one, nothing.
    let no_key = dev.get("/v1/dev/outbox", None).await.error(403, "forbidden");
    assert!(no_key["error"]["message"].as_str().is_some_and(|m| m.contains("X-Haven-Outbox-Key")), "{no_key}");
    assert_eq!(read(&host, "hvo_wrong").await.expect("http").status().as_u16(), 403);
    // A web page that reached the service under its own name (DNS rebinding) is not answered.
    assert_eq!(read("rebound.example:8787", &key).await.expect("http").status().as_u16(), 404);

    let prod = Api::start().await;
    prod.get("/v1/dev/outbox", None).await.error(404, "not_found");
    let doc = prod.get("/openapi.json", None).await.expect(200);
    assert!(doc["paths"].get("/v1/dev/outbox").is_none());
}

/// Invitation and enrolment codes are short enough to guess: an address gets 20 wrong ones per
/// 15 minutes (both kinds together), then waits, without losing its sign-ins.
#[tokio::test]
async fn guessing_invitation_and_enrolment_codes_is_limited() {
    let api = Api::start().await;
    let (dep, admin) = api.admin("admin@codes.test").await;
    let t = api.invite(&admin, &dep, "pat@codes.test", "patient").await;
    api.accept_invite(&t, "pat@codes.test", "Pat").await;
    for i in 0..10 {
        api.get(&format!("/v1/invites/ABCD-{i:04}"), None).await.error(404, "not_found");
    }
    for i in 0..10 {
        let body = json!({"enrolment_code": format!("WRONG{i:03}"), "email": "z@codes.test", "name": "Z", "password": PASSWORD, "accept_terms": true});
        api.post("/v1/accounts", body, None).await.error(422, "unprocessable");
    }
    let r = api.get("/v1/invites/ABCD-0099", None).await;
    let retry: u64 = r.headers["retry-after"].to_str().expect("ascii").parse().expect("secs");
    assert!(retry > 0 && retry <= 900, "{retry}");
    r.error(429, "too_many_attempts");
    let body = json!({"enrolment_code": "WRONG999", "email": "z@codes.test", "name": "Z", "password": PASSWORD, "accept_terms": true});
    api.post("/v1/accounts", body, None).await.error(429, "too_many_attempts");
    api.login_ok("pat@codes.test", PASSWORD).await;
    api.clock.advance(900);
    api.get("/v1/invites/ABCD-0100", None).await.error(404, "not_found");
}

/// Two taps on one invitation (or two devices) at once: one account, and every other attempt is
/// told the invitation has been used (410), never that "an account exists" (409).
#[tokio::test]
async fn concurrent_acceptance_of_one_invite_creates_one_account() {
    let api = Api::start().await;
    let (dep, admin) = api.admin("admin@race.test").await;
    let t = api.invite(&admin, &dep, "racer@race.test", "patient").await;
    let body = json!({"invite_token": t, "name": "Rae Racer", "password": PASSWORD, "accept_terms": true});
    let tasks: Vec<_> = (0..8)
        .map(|_| {
            let (http, url, body) = (api.http.clone(), format!("{}/v1/accounts", api.base), body.clone());
            tokio::spawn(async move {
                let r = http.post(url).json(&body).send().await.expect("send");
                (r.status().as_u16(), r.json::<Value>().await.expect("json"))
            })
        })
        .collect();
    let mut answers = Vec::new();
    for t in tasks {
        answers.push(t.await.expect("join"));
    }
    answers.sort_by_key(|(status, _)| *status);
    let statuses: Vec<u16> = answers.iter().map(|(s, _)| *s).collect();
    assert_eq!(statuses, [201, 410, 410, 410, 410, 410, 410, 410], "{answers:?}");
    for (_, body) in &answers[1..] {
        assert_eq!(body["error"]["code"], "gone", "{body}");
    }
}
