//! Password step, back-off, tokens: rotation, reuse detection, expiry, logout.

use crate::common::*;
use serde_json::json;
use std::time::{Duration, Instant};

async fn patient(api: &Api, email: &str) -> String {
    let (dep, admin) = api.admin(&format!("admin-{email}")).await;
    let t = api.invite(&admin, &dep, email, "patient").await;
    api.accept_invite(&t, email, "Pat Patient").await
}

#[tokio::test]
async fn wrong_password_and_unknown_email_answer_alike_in_the_same_time() {
    let api = Api::start_with(Opts { tweak: |c| c.limits.backoff_after = 1000, ..Opts::default() }).await;
    patient(&api, "pat@x.test").await;
    let wrong = api.login("pat@x.test", "not-the-password-123").await;
    let unknown = api.login("nobody@x.test", "not-the-password-123").await;
    let malformed = api.login("nobody", "not-the-password-123").await;
    assert_eq!(wrong.status, 401);
    assert_eq!(wrong.body, unknown.body);
    assert_eq!(wrong.body, malformed.body);
    wrong.error(401, "invalid_credentials");

    // Same time: both paths run one Argon2id verification. Medians of interleaved samples.
    let mut known_t = Vec::new();
    let mut unknown_t = Vec::new();
    for i in 0..9 {
        let t = Instant::now();
        api.login("pat@x.test", &format!("wrong-password-{i}")).await;
        known_t.push(t.elapsed());
        let t = Instant::now();
        api.login(&format!("nobody{i}@x.test"), &format!("wrong-password-{i}")).await;
        unknown_t.push(t.elapsed());
    }
    known_t.sort();
    unknown_t.sort();
    let (k, u) = (known_t[4].as_secs_f64(), unknown_t[4].as_secs_f64());
    let ratio = k / u;
    assert!((0.6..1.67).contains(&ratio), "median wrong-password {k:.4}s vs unknown-email {u:.4}s (ratio {ratio:.2})");
    // And both really did hash: far slower than a request that does not.
    let t = Instant::now();
    api.get("/health", None).await;
    assert!(t.elapsed() < Duration::from_secs_f64(u), "hashing path is not slower than /health");
}

#[tokio::test]
async fn password_failures_back_off_per_account_with_retry_after() {
    let api = Api::start().await;
    patient(&api, "pat@x.test").await;
    for _ in 0..4 {
        api.login("pat@x.test", "wrong-password-xx").await.error(401, "invalid_credentials");
    }
    // The 5th failure starts the back-off (2 s); even the right password must wait.
    api.login("pat@x.test", "wrong-password-xx").await.error(401, "invalid_credentials");
    let r = api.login("pat@x.test", PASSWORD).await;
    let retry: u64 =
        r.headers.get("retry-after").expect("Retry-After").to_str().expect("ascii").parse().expect("seconds");
    assert_eq!(retry, 2);
    r.error(429, "too_many_attempts");
    api.clock.advance(2);
    api.login("pat@x.test", "wrong-password-xx").await.error(401, "invalid_credentials");
    let r = api.login("pat@x.test", PASSWORD).await;
    assert_eq!(r.headers["retry-after"], "4", "doubles");
    r.error(429, "too_many_attempts");
    api.clock.advance(4);
    api.login_ok("pat@x.test", PASSWORD).await;
    // Success resets the count.
    api.login("pat@x.test", "wrong-password-xx").await.error(401, "invalid_credentials");
    api.login_ok("pat@x.test", PASSWORD).await;

    // An unknown email backs off exactly like a known one (no enumeration through 429s).
    for _ in 0..5 {
        api.login("ghost@x.test", "wrong-password-xx").await.error(401, "invalid_credentials");
    }
    let r = api.login("ghost@x.test", "wrong-password-xx").await;
    assert_eq!(r.headers["retry-after"], "2");
    r.error(429, "too_many_attempts");
}

#[tokio::test]
async fn failures_from_one_address_are_limited_across_accounts() {
    let api = Api::start_with(Opts { tweak: |c| c.limits.address_failures = 6, ..Opts::default() }).await;
    patient(&api, "pat@x.test").await;
    for i in 0..6 {
        api.login(&format!("spray{i}@x.test"), "wrong-password-xx").await.error(401, "invalid_credentials");
    }
    let r = api.login("pat@x.test", PASSWORD).await;
    let retry: u64 = r.headers["retry-after"].to_str().expect("ascii").parse().expect("secs");
    assert!(retry > 0 && retry <= 900, "{retry}");
    r.error(429, "too_many_attempts");
    // Other kinds of guess are counted apart: an invitation link still opens (or is not found).
    api.get("/v1/invites/hvi_nope", None).await.error(404, "not_found");
    api.clock.advance(900);
    api.login_ok("pat@x.test", PASSWORD).await;
}

#[tokio::test]
async fn refresh_rotates_and_reuse_revokes_the_whole_session() {
    let api = Api::start().await;
    patient(&api, "pat@x.test").await;
    let (a1, r1) = api.login_ok("pat@x.test", PASSWORD).await;
    assert!(a1.starts_with("hva_") && r1.starts_with("hvr_"));
    let v = api.post("/v1/auth/refresh", json!({"refresh_token": r1}), None).await.expect(200);
    let a2 = v["tokens"]["access_token"].as_str().expect("a2").to_owned();
    let r2 = v["tokens"]["refresh_token"].as_str().expect("r2").to_owned();
    assert_eq!(v["tokens"]["expires_in"], 900);
    assert_ne!(r1, r2);
    api.get("/v1/me", Some(&a2)).await.expect(200);

    // A second session of the same user is not affected by what happens to the first.
    let (other_access, other_refresh) = api.login_ok("pat@x.test", PASSWORD).await;

    // r1 again: stolen-token reuse. The family dies: r2 and every access token of it.
    api.post("/v1/auth/refresh", json!({"refresh_token": r1}), None).await.error(401, "unauthenticated");
    api.post("/v1/auth/refresh", json!({"refresh_token": r2}), None).await.error(401, "unauthenticated");
    api.get("/v1/me", Some(&a2)).await.error(401, "unauthenticated");
    api.get("/v1/me", Some(&a1)).await.error(401, "unauthenticated");
    api.get("/v1/me", Some(&other_access)).await.expect(200);
    api.post("/v1/auth/refresh", json!({"refresh_token": other_refresh}), None).await.expect(200);

    let (admin, _) = api.login_ok("admin-pat@x.test", PASSWORD).await;
    let audit = api.get("/v1/audit", Some(&admin)).await.expect(200);
    assert!(audit["events"].as_array().expect("events").iter().any(|e| e["kind"] == "refresh_token_reused"), "{audit}");
}

#[tokio::test]
async fn access_tokens_expire_after_15_minutes_and_refresh_tokens_after_30_days() {
    let api = Api::start().await;
    patient(&api, "pat@x.test").await;
    let (a, r) = api.login_ok("pat@x.test", PASSWORD).await;
    api.clock.advance(15 * 60 - 1);
    api.get("/v1/me", Some(&a)).await.expect(200);
    api.clock.advance(1);
    api.get("/v1/me", Some(&a)).await.error(401, "unauthenticated");
    let v = api.post("/v1/auth/refresh", json!({"refresh_token": r}), None).await.expect(200);
    let r2 = v["tokens"]["refresh_token"].as_str().expect("r2").to_owned();
    api.clock.advance(30 * 24 * 3600);
    api.post("/v1/auth/refresh", json!({"refresh_token": r2}), None).await.error(401, "unauthenticated");
    api.post("/v1/auth/refresh", json!({"refresh_token": "hvr_garbage"}), None).await.error(401, "unauthenticated");
}

#[tokio::test]
async fn logout_ends_the_session() {
    let api = Api::start().await;
    patient(&api, "pat@x.test").await;
    let (a, r) = api.login_ok("pat@x.test", PASSWORD).await;
    let resp = api.call(reqwest::Method::POST, "/v1/auth/logout", None, Some(&a)).await;
    assert_eq!(resp.status, 204);
    api.get("/v1/me", Some(&a)).await.error(401, "unauthenticated");
    api.post("/v1/auth/refresh", json!({"refresh_token": r}), None).await.error(401, "unauthenticated");
    api.call(reqwest::Method::POST, "/v1/auth/logout", None, Some(&a)).await.error(401, "unauthenticated");
    api.get("/v1/me", Some("hva_not-a-token")).await.error(401, "unauthenticated");
    let raw =
        api.http.get(format!("{}/v1/me", api.base)).header("authorization", "Basic abc").send().await.expect("http");
    assert_eq!(raw.status(), 401);
}

#[tokio::test]
async fn locked_accounts_are_refused_until_an_admin_unlocks_them() {
    let api = Api::start().await;
    let uid = patient(&api, "pat@x.test").await;
    let (a, _) = api.login_ok("pat@x.test", PASSWORD).await;
    let (admin, _) = api.login_ok("admin-pat@x.test", PASSWORD).await;
    api.post(&format!("/v1/users/{uid}/unlock"), json!(null), Some(&admin)).await.error(409, "conflict");
    // Locking is the second-factor issue's; arrange it the way that code will: set locked_at.
    haven_sync::execute!(&api.state().db, sqlx::query("UPDATE users SET locked_at = 1 WHERE id = $1").bind(&uid))
        .expect("lock");
    let e = api.login("pat@x.test", PASSWORD).await.error(403, "forbidden");
    assert!(e["error"]["message"].as_str().expect("m").contains("locked"));
    api.get("/v1/me", Some(&a)).await.error(403, "forbidden");
    let u = api.post(&format!("/v1/users/{uid}/unlock"), json!(null), Some(&admin)).await.expect(200);
    assert_eq!(u["status"], "active");
    api.login_ok("pat@x.test", PASSWORD).await;
}

/// Signing out ends the session's open event streams at once (not at their next periodic look,
/// up to 15 s later), and only that session's.
#[tokio::test]
async fn revoking_a_session_ends_its_event_streams_at_once() {
    let api = Api::start().await;
    let (_, _, token) = consenting_patient(&api, "pat@x.test").await;
    let other = api.login_ok("pat@x.test", PASSWORD).await.0;
    let open = |t: String| {
        let (http, url) = (api.http.clone(), format!("{}/v1/me/events", api.base));
        async move {
            let r = http.get(url).bearer_auth(t).send().await.expect("events");
            assert_eq!(r.status(), 200);
            r
        }
    };
    // Reads the stream until it ends; answers what it said and how long that took.
    async fn until_end(mut r: reqwest::Response) -> (String, std::time::Duration) {
        let started = std::time::Instant::now();
        let mut text = String::new();
        while let Ok(Ok(Some(chunk))) = tokio::time::timeout(std::time::Duration::from_secs(10), r.chunk()).await {
            text.push_str(&String::from_utf8_lossy(&chunk));
        }
        (text, started.elapsed())
    }
    let mine = open(token.clone()).await;
    let theirs = open(other.clone()).await;
    let ended = tokio::spawn(until_end(mine));
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    let out = api.call(reqwest::Method::POST, "/v1/auth/logout", None, Some(&token)).await;
    assert!(out.status.is_success(), "{}", out.body);
    let (text, took) = ended.await.expect("join");
    assert!(text.contains("event: session_revoked"), "{text}");
    assert!(took < std::time::Duration::from_secs(5), "the stream ended after {took:?}");
    // The other session's stream is still open: only the revoked session's streams end.
    let still = tokio::time::timeout(std::time::Duration::from_millis(500), until_end(theirs)).await;
    assert!(still.is_err(), "the other session's stream ended too");
}

/// What one client holds: its latest refresh and access tokens.
#[derive(Clone, Debug)]
struct Holder {
    refresh: String,
    access: String,
}

#[derive(Clone, Copy, Debug)]
enum RefreshOp {
    A,
    B,
    /// Both clients refresh at the same moment.
    Both,
}

/// Refresh rotation under any interleaving of two clients that hold the same refresh token (a
/// copied or stolen one), checked against a model over real HTTP: a spent token presented ends
/// the whole session, and from then on no token either client holds or is later given works —
/// neither refresh nor access; until then, the client holding the newest token goes on.
#[test]
fn no_interleaving_of_two_clients_keeps_a_revoked_session_alive() {
    use proptest::prelude::*;
    use proptest::test_runner::{Config, TestCaseError, TestRunner};
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
    let api = rt.block_on(async {
        let api = Api::start().await;
        patient(&api, "pat@x.test").await;
        api
    });
    let refresh = |token: String| {
        let api = &api;
        async move { api.post("/v1/auth/refresh", json!({"refresh_token": token}), None).await }
    };
    let case = |ops: Vec<RefreshOp>| {
        rt.block_on(async {
            let (access, refresh_token) = api.login_ok("pat@x.test", PASSWORD).await;
            let mut held = [
                Holder { refresh: refresh_token.clone(), access: access.clone() },
                Holder { refresh: refresh_token, access },
            ];
            let (mut latest, mut revoked) = (held[0].refresh.clone(), false);
            for op in &ops {
                let who: &[usize] = match op {
                    RefreshOp::A => &[0],
                    RefreshOp::B => &[1],
                    RefreshOp::Both => &[0, 1],
                };
                let answers = match op {
                    RefreshOp::Both => {
                        let (a, b) = tokio::join!(refresh(held[0].refresh.clone()), refresh(held[1].refresh.clone()));
                        vec![a, b]
                    }
                    _ => vec![refresh(held[who[0]].refresh.clone()).await],
                };
                let mut granted = 0;
                for (&i, r) in who.iter().zip(answers) {
                    let fresh = !revoked && held[i].refresh == latest;
                    if r.status == 200 {
                        prop_assert!(fresh, "{op:?}: client {i} refreshed with a spent token or a revoked session");
                        granted += 1;
                        held[i] = Holder {
                            refresh: r.body["tokens"]["refresh_token"].as_str().expect("r").to_owned(),
                            access: r.body["tokens"]["access_token"].as_str().expect("a").to_owned(),
                        };
                        latest = held[i].refresh.clone();
                    } else {
                        prop_assert_eq!(r.status.as_u16(), 401, "{:?}", r.body);
                    }
                }
                // One client alone with the newest token always goes on; at once, at most one of
                // them can, and presenting a spent token (which one of them then did) ends it.
                if who.len() == 1 && !revoked && held[who[0]].refresh == latest {
                    prop_assert_eq!(granted, 1);
                }
                prop_assert!(granted <= 1);
                let spent_presented = who.len() == 2 || granted == 0;
                revoked |= spent_presented;
                for (i, h) in held.iter().enumerate() {
                    let me = api.get("/v1/me", Some(&h.access)).await.status.as_u16();
                    prop_assert_eq!(me, if revoked { 401 } else { 200 }, "client {}'s access after {:?}", i, ops);
                }
            }
            if revoked {
                for h in &held {
                    prop_assert_eq!(refresh(h.refresh.clone()).await.status.as_u16(), 401);
                }
            }
            Ok::<(), TestCaseError>(())
        })
    };
    let ops = prop::collection::vec(prop_oneof![Just(RefreshOp::A), Just(RefreshOp::B), Just(RefreshOp::Both)], 1..7);
    TestRunner::new(Config { cases: 40, failure_persistence: None, ..Config::default() })
        .run(&ops, case)
        .expect("refresh rotation");
}
