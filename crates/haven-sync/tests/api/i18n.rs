//! The service answers in the language the app asks for (`Accept-Language`): error messages, the
//! sentences under a 422's fields and a push's refusals, with `Content-Language` saying which,
//! and English when the request names no language Haven speaks.

use crate::common::*;
use reqwest::Method;
use serde_json::{json, Value};

fn header(r: &Resp, name: &str) -> String {
    r.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned()
}

#[track_caller]
fn says_language(r: &Resp, code: &str) {
    assert_eq!(header(r, "content-language"), code, "{:?}", r.headers);
    assert!(header(r, "vary").to_ascii_lowercase().contains("accept-language"), "{:?}", r.headers);
}

#[tokio::test]
async fn spanish_is_answered_in_spanish() {
    let api = Api::start().await;
    let es = [("accept-language", "es-ES,es;q=0.9,en;q=0.5")];
    let login = json!({"email": "nadie@x.test", "password": "wrong-password-1", "device": {"id": "d", "name": "n", "platform": "linux"}});
    let r = api.call_with(Method::POST, "/v1/auth/login", Some(login), None, &es).await;
    says_language(&r, "es");
    let e = r.error(401, "invalid_credentials");
    assert_eq!(e["error"]["message"], "El correo electrónico o la contraseña no son correctos.", "{e}");

    // The fallbacks and the extractors' refusals are inside the language layer too.
    let r = api.call_with(Method::GET, "/v1/nowhere", None, None, &es).await;
    says_language(&r, "es");
    assert_eq!(r.error(404, "not_found")["error"]["message"], "Esa ruta no existe.");
    let r = api.call_with(Method::GET, "/v1/me", None, None, &es).await;
    assert_eq!(
        r.error(401, "unauthenticated")["error"]["message"],
        "Inicie sesión primero: esto requiere un token de acceso (bearer)."
    );
    let (_, _, token) = consenting_patient(&api, "paciente@x.test").await;
    let r = api.call_with(Method::POST, "/v1/me/exports", Some(json!({"format": "xlsx"})), Some(&token), &es).await;
    says_language(&r, "es");
    let e = r.error(422, "unprocessable");
    assert_eq!(e["error"]["message"], "Algunos campos no son válidos.");
    assert_eq!(e["error"]["fields"]["format"], "Elija uno de estos valores: csv, pdf, fhir.", "{e}");
}

#[tokio::test]
async fn arabic_refusals_are_arabic_with_arabic_digits() {
    let api = Api::start().await;
    let (_, _, token) = consenting_patient(&api, "patient@ar.test").await;
    let ar = [("accept-language", "ar")];
    let push = json!({"observations": [
        {"id": oid("ok"), "kind": "heart_rate", "value": 72, "unit": "bpm", "recorded_at": "2026-11-20T08:00:00Z"},
        {"id": oid("high"), "kind": "heart_rate", "value": 400, "unit": "bpm", "recorded_at": "2026-11-20T08:01:00Z"},
    ]});
    let r = api.call_with(Method::POST, "/v1/sync/push", Some(push), Some(&token), &ar).await;
    says_language(&r, "ar");
    let v = r.expect(200);
    assert_eq!(v["accepted"], json!([oid("ok")]));
    assert_eq!(v["rejected"][0]["id"], oid("high"));
    let why = v["rejected"][0]["error"].as_str().expect("why");
    // "يجب أن تكون قيمة معدل ضربات القلب بين ٢٠ و٣٠٠ bpm."
    assert!(why.contains("معدل ضربات القلب") && why.contains("٢٠") && why.contains("٣٠٠"), "{why}");
    assert!(!why.contains("20") && !why.contains("between"), "{why}");

    // A 422: the message and the field's sentence, its number in Arabic digits and separators.
    let r = api.call_with(Method::GET, "/v1/sync/pull?limit=0", None, Some(&token), &ar).await;
    says_language(&r, "ar");
    let e = r.error(422, "unprocessable");
    assert_eq!(e["error"]["message"], "بعض الحقول غير صالحة.", "{e}");
    let limit = e["error"]["fields"]["limit"].as_str().expect("limit");
    assert!(limit.starts_with("استخدم") && limit.contains("٥٬٠٠٠") && limit.contains('١'), "{limit}");
}

#[tokio::test]
async fn without_a_language_the_answer_is_english() {
    let api = Api::start().await;
    let (_, _, token) = consenting_patient(&api, "patient@en.test").await;
    let push = json!({"observations": [
        {"id": oid("high"), "kind": "heart_rate", "value": 400, "unit": "bpm", "recorded_at": "2026-11-20T08:01:00Z"},
    ]});
    let r = api.post("/v1/sync/push", push, Some(&token)).await;
    says_language(&r, "en");
    let v: Value = r.expect(200);
    assert_eq!(v["rejected"][0]["error"], "heart_rate must be between 20 and 300 bpm.");
    let r = api.get("/v1/nowhere", None).await;
    says_language(&r, "en");
    assert_eq!(r.error(404, "not_found")["error"]["message"], "There is no such route.");
    // A language Haven does not speak is English too.
    let r = api.call_with(Method::GET, "/v1/nowhere", None, None, &[("accept-language", "fr-CH, de;q=0.8")]).await;
    says_language(&r, "en");
    assert_eq!(r.error(404, "not_found")["error"]["message"], "There is no such route.");
}

// The mails a request causes are in its language too: subject and body, with their links, tokens
// and codes exactly where the English mail has them, and working.

/// The mails to `to` in the development outbox, oldest first: (subject, body).
async fn outbox(api: &Api, to: &str) -> Vec<(String, String)> {
    let key = api.state().config.outbox_key.expose().to_owned();
    let resp = api.http.get(format!("{}/v1/dev/outbox", api.base)).header("X-Haven-Outbox-Key", key).send().await;
    let out: Value = resp.expect("http").json().await.expect("outbox json");
    let messages = out["messages"].as_array().expect("messages").iter().rev();
    messages
        .filter(|m| m["to"] == to && m["channel"] == "email")
        .map(|m| {
            let text = |k: &str| m[k].as_str().unwrap_or_default().to_owned();
            (text("subject"), text("body"))
        })
        .collect()
}

/// Waits (up to 10 s: some mails are written after the answer) for the `n`th mail to `to` in the
/// development outbox.
async fn outbox_mail(api: &Api, to: &str, n: usize) -> (String, String) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let got = outbox(api, to).await;
        if got.len() >= n {
            return got[n - 1].clone();
        }
        assert!(std::time::Instant::now() < deadline, "mail #{n} to {to} never came; got {got:?}");
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
}

/// A service delivering to its development outbox, with a deployment patients enrol in by code;
/// answers the code.
async fn outbox_service() -> (Api, String) {
    let api = Api::start_with(Opts { delivery: haven_sync::config::Delivery::Dev, ..Opts::default() }).await;
    let state = api.state();
    let mut tx = state.db.begin().await.expect("tx");
    let dep = haven_sync::invites::insert_deployment(&mut tx, "Clínica Norte", None, api.clock_now())
        .await
        .expect("deployment");
    tx.commit().await.expect("commit");
    (api, dep.enrolment_code)
}

/// Self-enrols `email` with the enrolment code, asking in `language` (None: no header).
async fn enrol(api: &Api, code: &str, email: &str, language: Option<&str>) {
    let body =
        json!({"enrolment_code": code, "email": email, "name": "Pat", "password": PASSWORD, "accept_terms": true});
    let headers: Vec<(&str, &str)> = language.map(|l| ("accept-language", l)).into_iter().collect();
    api.call_with(Method::POST, "/v1/accounts", Some(body), None, &headers).await.expect(201);
}

/// The link alone on its line, or at the end of the line (after a space) that holds it. It is
/// the link and nothing else: no invisible mark (which Arabic text puts around its arguments)
/// clings to it.
#[track_caller]
fn link_line(body: &str, start: &str) -> (String, String) {
    let line = body.lines().find(|l| l.contains(start)).unwrap_or_else(|| panic!("no {start} in:\n{body}"));
    let link = line.rsplit(' ').next().expect("link").to_owned();
    assert!(link.starts_with(start), "the link does not stand by itself: {line:?}");
    assert!(link.bytes().all(|b| b.is_ascii_graphic()), "{link:?}");
    (line.to_owned(), link)
}

/// A page of the service at an emailed link (on `public_url`, https://haven.test in tests).
async fn open_link(api: &Api, link: &str, language: &str) -> String {
    let path = link.strip_prefix("https://haven.test").expect("a link to public_url");
    let resp = api.http.get(format!("{}{path}", api.base)).header("accept-language", language).send().await;
    let resp = resp.expect("http");
    assert_eq!(resp.status().as_u16(), 200);
    resp.text().await.expect("html")
}

#[tokio::test]
async fn a_self_enrolment_is_verified_by_a_mail_in_the_language_it_was_asked_in() {
    let (api, code) = outbox_service().await;
    let cases = [
        (
            Some("es-MX,es;q=0.9"),
            "ines@x.test",
            "Verifique su correo electrónico para Haven",
            "Abra este enlace para confirmar su dirección de correo electrónico para Haven:",
            "O pegue este código en Haven: ",
        ),
        (
            Some("ar"),
            "amal@x.test",
            "تحقّق من بريدك الإلكتروني في Haven",
            "افتح هذا الرابط لتأكيد عنوان بريدك الإلكتروني في Haven:",
            "أو الصق هذا الرمز في Haven: ",
        ),
        (
            None,
            "eve@x.test",
            "Verify your email for Haven",
            "Open this link to confirm your email address for Haven:",
            "Or paste this code into Haven: ",
        ),
    ];
    for (language, email, subject, first_line, paste) in cases {
        enrol(&api, &code, email, language).await;
        let (got_subject, body) = outbox_mail(&api, email, 1).await;
        assert_eq!(got_subject, subject);
        // The link alone on the second line, the code at the end of the last, as ever.
        let lines: Vec<&str> = body.lines().collect();
        assert_eq!(lines[0], first_line, "{body}");
        let (line, link) = link_line(&body, "https://haven.test/verify-email?token=hve_");
        assert_eq!((lines[1], line.as_str()), (link.as_str(), link.as_str()), "{body}");
        let token = link.rsplit("token=").next().expect("token");
        assert_eq!(lines.last().copied(), Some(format!("{paste}{token}").as_str()), "{body}");
        if language.is_some() {
            assert!(!body.contains("Please do it") && !body.contains("Send a new link"), "{body}");
        } else {
            assert!(body.contains("within 24 hours") && body.contains("\"Send a new link\""), "{body}");
        }

        // The link works: its page's button verifies the address.
        assert_eq!(api.login(email, PASSWORD).await.expect(200)["status"], "email_verification_required");
        let html = open_link(&api, &link, language.unwrap_or("en")).await;
        assert!(html.contains("action=\"verify-email\""), "{html}");
        let resp = api.http.post(format!("{}/verify-email", api.base)).form(&[("token", token)]).send().await;
        assert_eq!(resp.expect("http").status().as_u16(), 200);
        api.login_ok(email, PASSWORD).await;
    }
    // Its number in Arabic digits (isolated, as Arabic text's arguments are).
    assert!(outbox_mail(&api, "amal@x.test", 1).await.1.contains("خلال \u{2068}٢٤\u{2069} ساعة"));
}

#[tokio::test]
async fn a_password_reset_is_mailed_in_the_language_it_was_asked_in_and_its_link_works() {
    const NEW_PASSWORD: &str = "amber-glacier-harbour-27";
    let (api, code) = outbox_service().await;
    let cases = [
        (
            Some("es"),
            "rosa@x.test",
            "Restablezca su contraseña de Haven",
            "contraseña nueva aquí: ",
            "O pegue este código en la aplicación Haven: ",
            "durante 30 minutos",
            "Se ha restablecido su contraseña de Haven / Your Haven password was reset",
        ),
        (
            Some("ar-EG"),
            "rami@x.test",
            "إعادة تعيين كلمة مرور Haven",
            "جديدة من هنا: ",
            "أو الصق هذا الرمز في تطبيق Haven: ",
            "لمدة \u{2068}٣٠\u{2069} دقيقة",
            "أُعيد تعيين كلمة مرور Haven الخاصة بك / Your Haven password was reset",
        ),
        (
            None,
            "rita@x.test",
            "Reset your Haven password",
            "password here: ",
            "Or paste this code into the Haven app: ",
            "for 30 minutes",
            "Your Haven password was reset",
        ),
    ];
    for (language, email, subject, before_link, before_code, minutes, notice) in cases {
        // Enrolled in `language` (its verification mail is the first); the reset asked in it.
        enrol(&api, &code, email, language).await;
        outbox_mail(&api, email, 1).await;
        let headers: Vec<(&str, &str)> = language.map(|l| ("accept-language", l)).into_iter().collect();
        let r = api.call_with(Method::POST, "/v1/auth/password-reset", Some(json!({"email": email})), None, &headers);
        r.await.expect(202);
        let (got_subject, body) = outbox_mail(&api, email, 2).await;
        assert_eq!(got_subject, subject);
        assert!(body.contains(minutes), "{body}");
        // The link ends the line of the sentence that leads to it, the code the line of its own.
        let (line, link) = link_line(&body, "https://haven.test/reset-password?token=hvp_");
        assert_eq!(line, format!("{before_link}{link}"), "{body}");
        let token = link.rsplit("token=").next().expect("token");
        assert!(body.lines().any(|l| l == format!("{before_code}{token}")), "{body}");
        if language.is_some() {
            assert!(!body.contains("Someone asked") && !body.contains("minutes"), "{body}");
        }

        // The link opens its page, and completes the reset.
        let html = open_link(&api, &link, language.unwrap_or("en")).await;
        assert!(html.contains(token), "{html}");
        let done = json!({"token": token, "password": NEW_PASSWORD});
        let r = api.call_with(Method::POST, "/v1/auth/password-reset/complete", Some(done), None, &headers).await;
        r.expect(204);
        api.login_ok(email, NEW_PASSWORD).await;
        // The owner is told, in their language (the app's they enrolled from).
        let (told, body) = outbox_mail(&api, email, 3).await;
        assert_eq!(told, notice);
        assert!(!body.contains("hvp_"), "{body}");
        // Whoever asked, the owner can read it: the English follows a translated notice.
        if language.is_some() {
            let english = body.split_once("\n—\n\n").map(|(_, en)| en).unwrap_or("");
            assert!(english.starts_with("The password of your Haven account was reset"), "{body}");
        }
    }
}

/// Over a real SMTP relay: an invitation an administrator sends in Spanish, and the verification
/// mail of the account it creates in Arabic, arrive whole (UTF-8, said so; the subject encoded),
/// and their links and codes work.
#[tokio::test]
async fn localized_mails_arrive_intact_over_smtp() {
    let api = Api::start().await;
    let (dep, admin) = api.admin("ada@clinic.test").await;
    let invite = json!({"email": "lucia@x.test", "role": "clinician", "deployment_id": dep});
    let r = api.call_with(Method::POST, "/v1/invites", Some(invite), Some(&admin), &[("accept-language", "es")]).await;
    r.expect(201);
    let mail = api.smtp().wait_for("lucia@x.test", 1).await;
    assert_eq!(mail.subject, "Le han invitado a St Elsewhere en Haven");
    // (Lines end in CRLF on the wire.)
    let body = mail.body.replace("\r\n", "\n");
    assert!(
        body.starts_with("Le han invitado a unirse a St Elsewhere en Haven con el rol de profesional clínico.\n\n"),
        "{body}"
    );
    let (_, link) = link_line(&body, "https://haven.test/invite/hvi_");
    let code_line = body.lines().find(|l| l.starts_with("O introduzca este código")).expect("code line");
    let code = code_line.rsplit(' ').next().expect("code");
    assert!(code.len() == 11 && code.as_bytes()[5] == b'-', "{code_line:?}");
    assert!(body.contains("\nLa invitación solo se puede usar una vez y caduca el "), "{body}");
    let info = api.get(&format!("/v1/invites/{code}"), None).await.expect(200);
    assert_eq!(info["email"], "lucia@x.test");

    // The account it creates, asked in Arabic: its verification mail is Arabic.
    let token = link.rsplit('/').next().expect("invite token");
    let create = json!({"invite_token": token, "name": "Lucía", "password": PASSWORD, "accept_terms": true});
    let r = api.call_with(Method::POST, "/v1/accounts", Some(create), None, &[("accept-language", "ar")]).await;
    r.expect(201);
    let mail = api.smtp().wait_for("lucia@x.test", 2).await;
    assert_eq!(mail.subject, "تحقّق من بريدك الإلكتروني في Haven");
    let body = mail.body.replace("\r\n", "\n");
    assert!(body.starts_with("افتح هذا الرابط لتأكيد عنوان بريدك الإلكتروني في Haven:\nhttps://"), "{body}");
    assert!(body.contains("«\u{2068}إرسال رابط جديد\u{2069}»"), "{body}");
    let (line, link) = link_line(&body, "https://haven.test/verify-email?token=hve_");
    assert_eq!(line, link);
    let token = link.rsplit("token=").next().expect("token");
    api.post("/v1/accounts/verify-email", json!({"token": token}), None).await.expect(200);
    // Verified: a clinician's next step is setting up two-step verification.
    assert_eq!(api.login("lucia@x.test", PASSWORD).await.expect(200)["status"], "setup_required");
}

/// Mail a person gets because of someone else is written for them, not for whoever caused it:
/// an invitation in the language its sender chose for the person (over SMTP); the same invitation
/// sent again, once the account it made was blocked, in the language the person made the account
/// in; a warning that someone tried to enrol their address again, in the owner's language first
/// (then English), whatever language the attempt was made in — and a password without the second
/// step, from another language's app, does not change which.
#[tokio::test]
async fn mail_caused_by_someone_else_is_in_the_language_of_the_person_it_is_for() {
    let api = Api::start().await;
    let (dep, admin) = api.admin("ada@clinic.test").await;
    // An English-speaking administrator invites someone in Spanish.
    let invite = json!({"email": "lucia@x.test", "role": "patient", "deployment_id": dep, "language": "es"});
    api.post("/v1/invites", invite, Some(&admin)).await.expect(201);
    let mail = api.smtp().wait_for("lucia@x.test", 1).await;
    assert_eq!(mail.subject, "Le han invitado a St Elsewhere en Haven");
    // A language Haven does not speak is refused, in words.
    let invite = json!({"email": "kai@x.test", "role": "patient", "deployment_id": dep, "language": "de"});
    let e = api.post("/v1/invites", invite, Some(&admin)).await.error(422, "unprocessable");
    assert_eq!(e["error"]["fields"]["language"], "Choose one of: en, es, ar.");

    // Lucía makes the account from an Arabic app and lets the verification lapse: the invitation
    // the administrator (in English) sends again is in Arabic.
    let token = token_in(&mail.body, "hvi_");
    let create = json!({"invite_token": token, "name": "Lucía", "password": PASSWORD, "accept_terms": true});
    let r = api.call_with(Method::POST, "/v1/accounts", Some(create), None, &[("accept-language", "ar")]).await;
    let uid = r.expect(201)["user_id"].as_str().expect("id").to_owned();
    api.clock.advance(25 * 3600);
    let (admin, _) = api.login_ok("ada@clinic.test", PASSWORD).await;
    api.post(&format!("/v1/users/{uid}/resend-invite"), json!(null), Some(&admin)).await.expect(201);
    let again = api.smtp().wait_for("lucia@x.test", 3).await;
    assert!(
        again.subject.contains("Haven") && again.subject.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c)),
        "{}",
        again.subject
    );

    // Someone enrols Lucía's (verified, Spanish-speaking) address again, from an English app: she
    // is warned in Spanish first, then in English.
    let t2 = token_in(&again.body, "hvi_");
    let create = json!({"invite_token": t2, "name": "Lucía", "password": PASSWORD, "accept_terms": true});
    let r = api.call_with(Method::POST, "/v1/accounts", Some(create), None, &[("accept-language", "es")]).await;
    r.expect(201);
    let verify = api.smtp().wait_for("lucia@x.test", 4).await;
    let link = token_in(&verify.body, "hve_");
    let resp = api.http.post(format!("{}/verify-email", api.base)).form(&[("token", link.as_str())]).send().await;
    assert_eq!(resp.expect("http").status().as_u16(), 200);
    // She signs in from her Spanish app and turns on texted codes.
    let device = json!({"id": "dev-1", "name": "Phone", "platform": "android"});
    let login = json!({"email": "lucia@x.test", "password": PASSWORD, "device": device});
    let es = [("accept-language", "es")];
    let r = api.call_with(Method::POST, "/v1/auth/login", Some(login.clone()), None, &es).await.expect(200);
    let access = r["tokens"]["access_token"].as_str().expect("access").to_owned();
    api.put("/v1/me/phone", json!({"phone": "+447911000999"}), Some(&access)).await.expect(202);
    let sms = api.sms.code("+447911000999", 1).await;
    api.post("/v1/me/phone/verify", json!({"code": sms}), Some(&access)).await.expect(200);
    api.put("/v1/me/two-step", json!({"enabled": true, "method": "sms"}), Some(&access)).await.expect(200);
    // Someone with her password but not her phone, from an Arabic app: a wrong code. That is no
    // sign-in, so it does not choose the language her warnings come in.
    let ar = [("accept-language", "ar")];
    let r = api.call_with(Method::POST, "/v1/auth/login", Some(login), None, &ar).await.expect(200);
    let challenge = r["challenge_id"].as_str().expect("a second step").to_owned();
    let wrong = json!({"method": "sms", "code": "000000"});
    let verify = format!("/v1/auth/challenges/{challenge}/verify");
    api.call_with(Method::POST, &verify, Some(wrong), None, &ar).await.error(401, "invalid_credentials");

    let code = api.get(&format!("/v1/deployments/{dep}"), Some(&admin)).await.expect(200)["enrolment_code"]
        .as_str()
        .expect("code")
        .to_owned();
    api.clock.advance(120); // (one such warning a minute at most)
    let body = json!({"enrolment_code": code, "email": "lucia@x.test", "name": "Pat", "password": PASSWORD, "accept_terms": true});
    api.post("/v1/accounts", body, None).await.expect(201);
    let warned = api.smtp().wait_for("lucia@x.test", 5).await;
    assert_eq!(
        warned.subject,
        "Alguien intentó crear una cuenta de Haven con su correo electrónico / Someone tried to create a Haven account with your email"
    );
}
