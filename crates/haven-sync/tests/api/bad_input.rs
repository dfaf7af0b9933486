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
