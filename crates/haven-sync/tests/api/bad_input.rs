//! Bad input of every kind gets the contract's error shape and changes nothing.

use crate::common::*;
use haven_sync::routes::{DEV_ROUTES, ROUTES};
use reqwest::Method;
use serde_json::json;

#[tokio::test]
async fn json_bodies_unknown_fields_malformed_oversize_wrong_type() {
    let api = Api::start().await;
    let login = "/v1/auth/login";
    let e = api.post(login, json!({"email": "a@b.test", "password": "x", "device": {"id": "1", "name": "n", "platform": "p"}, "is_admin": true}), None).await.error(400, "invalid_request");
    assert!(e["error"]["message"].as_str().expect("m").contains("is_admin"), "{e}");
    api.post(login, json!({"email": "a@b.test", "password": "x", "device": {"id": "1", "name": "n", "platform": "p", "jailbroken": false}}), None).await.error(400, "invalid_request");
    api.raw(Method::POST, login, Some("application/json"), b"{\"email\": ".to_vec())
        .await
        .error(400, "invalid_request");
    api.raw(Method::POST, login, Some("application/json"), b"not json".to_vec()).await.error(400, "invalid_request");
    api.raw(Method::POST, login, Some("application/json"), vec![0xff, 0xfe, 0x00]).await.error(400, "invalid_request");
    api.raw(Method::POST, login, Some("application/json"), Vec::new()).await.error(400, "invalid_request");
    api.post(login, json!({"email": 5, "password": [], "device": null}), None).await.error(400, "invalid_request");
    api.post(login, json!([1, 2, 3]), None).await.error(400, "invalid_request");
    api.raw(Method::POST, login, Some("text/plain"), b"{}".to_vec()).await.error(415, "unsupported_media_type");
    api.raw(Method::POST, login, None, b"{}".to_vec()).await.error(415, "unsupported_media_type");
    // Over 1 MiB, even as valid JSON.
    let big = format!("{{\"email\": \"{}\"}}", "a".repeat(1024 * 1024 + 10));
    api.raw(Method::POST, "/v1/accounts/resend-verification", Some("application/json"), big.into_bytes())
        .await
        .error(413, "payload_too_large");
    // Device fields are checked.
    let e = api
        .post(
            login,
            json!({"email": "a@b.test", "password": "x", "device": {"id": "", "name": "n", "platform": "p"}}),
            None,
        )
        .await
        .error(422, "unprocessable");
    assert!(e["error"]["fields"]["device.id"].is_string());
    // U+0000, which PostgreSQL cannot hold or compare, is refused in a body, a path and a query
    // alike on both backends; a backslash before `u0000` is only text.
    let nul = |r: Resp| {
        let e = r.error(400, "invalid_request");
        assert!(e["error"]["message"].as_str().expect("m").contains("U+0000"), "{e}");
    };
    let device = json!({"id": "1", "name": "n", "platform": "p"});
    nul(api.post(login, json!({"email": "ada\u{0}@x.test", "password": "x", "device": device}), None).await);
    api.raw(Method::POST, login, Some("application/json"), br#"{"email": "a\\u0000@x.test", "password": "wrong-password-1", "device": {"id": "1", "name": "n", "platform": "p"}}"#.to_vec())
        .await
        .error(401, "invalid_credentials");
    nul(api.get("/v1/invites/hvi_%00", None).await);
    // In a push only the value holding it is refused: the others are stored (a device whose
    // oldest unsynced value had one would otherwise never sync again).
    let (_, _, pat) = consenting_patient(&api, "nul@bad.test").await;
    let push = json!({"observations": [
        {"id": oid("nul-note"), "kind": "heart_rate", "value": 70, "unit": "bpm", "recorded_at": "2026-11-20T08:00:00Z", "note": "a\u{0}b"},
        {"id": oid("fine"), "kind": "heart_rate", "value": 71, "unit": "bpm", "recorded_at": "2026-11-20T08:01:00Z", "note": "a\\u0000b"},
    ]});
    let r = api.post("/v1/sync/push", push, Some(&pat)).await.expect(200);
    assert_eq!(r["accepted"], json!([oid("fine")]), "{r}");
    assert_eq!(r["rejected"][0]["id"], oid("nul-note"));
    assert!(r["rejected"][0]["error"].as_str().expect("why").contains("U+0000"), "{r}");
    let pulled = api.get("/v1/sync/pull", Some(&pat)).await.expect(200);
    assert_eq!(pulled["observations"][0]["note"], "a\\u0000b", "a backslash before u0000 is text, kept as sent");
    nul(api.get("/v1/audit?user_id=%00", None).await);
    // The service is still fine.
    api.get("/health", None).await.expect(200);
}

#[tokio::test]
async fn unknown_routes_methods_and_ids() {
    let api = Api::start().await;
    let e = api.get("/v1/nope", None).await.error(404, "not_found");
    assert!(e["error"]["message"].as_str().expect("m").contains("no such route"), "{e}");
    api.call(Method::DELETE, "/v1/auth/login", None, None).await.error(405, "method_not_allowed");
    api.call(Method::GET, "/v1/auth/login", None, None).await.error(405, "method_not_allowed");
    let (_, admin) = api.admin("ada@x.test").await;
    api.get("/v1/deployments/not-a-uuid", Some(&admin)).await.error(404, "not_found");
    api.get("/v1/deployments/0190c3a4-0000-7000-8000-000000000000", Some(&admin)).await.error(404, "not_found");
    api.post("/v1/users/'%20OR%201=1--/unblock", json!(null), Some(&admin)).await.error(404, "not_found");
    api.get("/v1/audit?since=yesterday", Some(&admin)).await.error(400, "invalid_request");
    api.get("/v1/audit?user_id=1;DROP", Some(&admin)).await.error(400, "invalid_request");
    api.get("/v1/audit?limit=-1", Some(&admin)).await.error(400, "invalid_request");
    api.get("/v1/audit?colour=red", Some(&admin)).await.error(400, "invalid_request");
    // A path segment that is not UTF-8 is a contract-shaped 400, not axum's plain text.
    api.get("/v1/invites/%FF%FE", None).await.error(400, "invalid_request");
}

#[tokio::test]
async fn sql_metacharacters_are_stored_verbatim() {
    let api = Api::start().await;
    let (dep, admin) = api.admin("ada@x.test").await;
    let name = "Robert'); DROP TABLE users;-- \" % _ \\ ∂ 🙂";
    let email = "o'brien+tag@x.test";
    let t = api.invite(&admin, &dep, email, "patient").await;
    api.post(
        "/v1/accounts",
        json!({"invite_token": t, "name": name, "password": PASSWORD, "accept_terms": true}),
        None,
    )
    .await
    .expect(201);
    let vt = token_in(&api.smtp().wait_for(email, 2).await.body, "hve_");
    api.post("/v1/accounts/verify-email", json!({"token": vt}), None).await.expect(200);
    let (a, _) = api.login_ok(email, PASSWORD).await;
    let me = api.get("/v1/me", Some(&a)).await.expect(200);
    assert_eq!(me["name"], name);
    assert_eq!(me["email"], email);
    let d = api.post("/v1/deployments", json!({"name": "x' OR '1'='1"}), Some(&admin)).await.expect(201);
    assert_eq!(d["name"], "x' OR '1'='1");
    // A login with metacharacters in the email is just a wrong login.
    api.login("' OR 1=1 --", "' OR '1'='1").await.error(401, "invalid_credentials");
    let users = api.get(&format!("/v1/deployments/{dep}/users"), Some(&admin)).await.expect(200);
    assert_eq!(users["users"].as_array().expect("users").len(), 2);
}

#[tokio::test]
async fn every_route_is_served_documented_and_errs_in_shape() {
    let api = Api::start_with(Opts { delivery: haven_sync::config::Delivery::Dev, ..Opts::default() }).await;
    let doc = api.get("/openapi.json", None).await.expect(200);
    assert_eq!(doc["openapi"], "3.1.0");
    let health = api.get("/health", None).await.expect(200);
    assert_eq!(health["status"], "ok");
    assert_eq!(health["version"], haven_sync::VERSION);
    for &(method, path) in ROUTES.iter().chain(DEV_ROUTES) {
        assert!(doc["paths"][path][method].is_object(), "{method} {path} missing from /openapi.json");
        // Probe with a made-up id / token and no credentials: the router must reach a handler
        // (never the "no such route" fallback), and any error must have the contract's shape.
        let concrete = path.replace("{token}", "hvi_probe").replace("{id}", "0190c3a4-0000-7000-8000-000000000000");
        let m = Method::from_bytes(method.to_uppercase().as_bytes()).expect("method");
        let body = (m == Method::POST).then(|| json!({}));
        let r = api.call(m, &concrete, body, None).await;
        if r.status.as_u16() >= 400 {
            assert_error_shape(&r.body);
            let msg = r.body["error"]["message"].as_str().expect("m");
            assert!(!msg.contains("no such route"), "{method} {path} is not routed: {}", r.body);
            assert_ne!(r.status.as_u16(), 500, "{method} {path}: {}", r.body);
        }
    }
}

/// Every route, reached with hostile input in each place a request carries it — the path's ids
/// and tokens, the query, the body and its declared type, the method — without credentials and
/// as a patient and an admin, answers in the request's language and in the contract's shape
/// (the emailed links' pages: an HTML page in that language), never a framework's plain-text
/// refusal and never a 5xx.
#[tokio::test]
async fn every_route_refuses_hostile_input_in_shape_and_in_the_language_asked_for() {
    let api = Api::start_with(Opts {
        // Refusals of guessed codes would otherwise turn into 429s before the later probes reach
        // the extractors they are for.
        tweak: |c| {
            c.limits.address_failures = 1_000_000;
            c.limits.address_code_failures = 1_000_000;
        },
        ..Opts::default()
    })
    .await;
    let (_, admin) = api.admin("ada@sweep.test").await;
    let (_, _, patient) = consenting_patient(&api, "pat@sweep.test").await;
    const PAGES: &[(&str, &str)] =
        &[("get", "/verify-email"), ("post", "/verify-email"), ("get", "/invite/{token}"), ("get", "/reset-password")];
    let ids = ["0190c3a4-0000-7000-8000-000000000000", "not-a-uuid", "%FF%FE", "%00", &"a".repeat(3000)];
    let queries =
        ["", "?limit=abc&limit=2&since=%FF%FE&x=1", "?token=a&token=b", "?%zz=%", "?limit=99999999999999999999"];
    let deep = "[".repeat(300) + &"]".repeat(300);
    let json_bodies: [(&str, &[u8]); 7] = [
        ("application/json", br#"{"unexpected_field": 1}"#),
        ("application/json", b"not json"),
        ("application/json", b"[1, 2]"),
        ("application/json", &[0xff, 0xfe, 0x00]),
        ("application/json", deep.as_bytes()),
        ("text/plain", b"{}"),
        ("application/x-www-form-urlencoded", b"token=a&token=b&%zz"),
    ];
    let mut probes = 0;
    let mut refusals = 0;
    for &(method, path) in ROUTES.iter().chain(PAGES) {
        let page = PAGES.contains(&(method, path));
        let m = Method::from_bytes(method.to_uppercase().as_bytes()).expect("method");
        let fill = |id: &str| path.replace("{token}", id).replace("{id}", id).replace("{slug}", id);
        let mut requests: Vec<(Method, String, Option<(&str, &[u8])>)> = Vec::new();
        let plain_body = (m != Method::GET).then_some(json_bodies[0]);
        for id in ids.iter().filter(|_| path.contains('{')) {
            requests.push((m.clone(), fill(id), plain_body));
        }
        for q in queries {
            requests.push((m.clone(), format!("{}{q}", fill(ids[0])), plain_body));
        }
        if m != Method::GET {
            for body in json_bodies {
                requests.push((m.clone(), fill(ids[0]), Some(body)));
            }
        }
        requests.push((Method::PATCH, fill(ids[0]), None));
        for token in [None, Some(&patient), Some(&admin)] {
            for (m, url, body) in &requests {
                let send = |lang: &'static str| {
                    let mut req =
                        api.http.request(m.clone(), format!("{}{url}", api.base)).header("accept-language", lang);
                    if let Some(t) = token {
                        req = req.bearer_auth(t);
                    }
                    if let Some((ct, b)) = body {
                        req = req.header("content-type", *ct).body(b.to_vec());
                    }
                    req.send()
                };
                let r = send("es").await.expect("http");
                probes += 1;
                let status = r.status();
                let what = format!("{m} {} with {:?}", &url[..url.len().min(90)], body.map(|b| b.0));
                assert!(status.as_u16() < 500, "{what}: {status}");
                if status.as_u16() < 400 {
                    // An event stream that opened, a page or document served: nothing refused.
                    continue;
                }
                refusals += 1;
                let kind = r.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
                let said = r.headers().get("content-language").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
                let text = r.text().await.expect("body");
                assert_eq!(said, "es", "{what}: {status} {text}");
                if page && kind.starts_with("text/html") {
                    assert!(text.contains("<html lang=\"es\""), "{what}: {status} {text}");
                    continue;
                }
                assert!(kind.starts_with("application/json"), "{what}: {status} {kind}: {text}");
                let es: serde_json::Value = serde_json::from_str(&text).expect("json");
                assert_error_shape(&es);
                // The same refusal asked for in English reads differently: the sentence came
                // from the catalogue, not from a fixed string.
                let en: serde_json::Value = send("en").await.expect("http").json().await.expect("json");
                assert_eq!(en["error"]["code"], es["error"]["code"], "{what}");
                assert_ne!(en["error"]["message"], es["error"]["message"], "{what}: the same in English and Spanish");
            }
        }
    }
    assert!(probes > 1900 && refusals > 1800, "{probes} probes, {refusals} refused");
}
