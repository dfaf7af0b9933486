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
