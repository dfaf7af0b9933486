//! Deployments, user administration and the append-only audit log.

use crate::common::*;
use serde_json::json;

#[tokio::test]
async fn admins_create_and_read_their_deployments_only() {
    let api = Api::start().await;
    let (dep, admin) = api.admin("ada@x.test").await;
    let d = api.get(&format!("/v1/deployments/{dep}"), Some(&admin)).await.expect(200);
    assert_eq!(d["name"], "St Elsewhere");
    assert_eq!(d["policy"]["two_step_required"], false);
    assert_eq!(d["enrolment_code"].as_str().expect("code").len(), 8);
    let created = api.post("/v1/deployments", json!({"name": "  Trial B  "}), Some(&admin)).await.expect(201);
    assert_eq!(created["name"], "Trial B");
    let nid = created["id"].as_str().expect("id").to_owned();
    // The creator administers it: can read it and invite into it.
    api.get(&format!("/v1/deployments/{nid}"), Some(&admin)).await.expect(200);
    api.post("/v1/invites", json!({"email": "b-admin@x.test", "role": "admin", "deployment_id": nid}), Some(&admin))
        .await
        .expect(201);
    api.post("/v1/deployments", json!({"name": ""}), Some(&admin)).await.error(422, "unprocessable");

    let (_, other) = api.admin("otto@y.test").await;
    api.get(&format!("/v1/deployments/{dep}"), Some(&other)).await.error(403, "forbidden");
    api.get(&format!("/v1/deployments/{dep}/users"), Some(&other)).await.error(403, "forbidden");
    let t = api.invite(&admin, &dep, "pat@x.test", "patient").await;
    let pid = api.accept_invite(&t, "pat@x.test", "Pat").await;
    api.post(&format!("/v1/users/{pid}/unblock"), json!(null), Some(&other)).await.error(404, "not_found");
    let (pat, _) = api.login_ok("pat@x.test", PASSWORD).await;
    api.post("/v1/deployments", json!({"name": "Mine"}), Some(&pat)).await.error(403, "forbidden");
    api.get(&format!("/v1/deployments/{dep}"), Some(&pat)).await.error(403, "forbidden");
    api.get("/v1/audit", Some(&pat)).await.error(403, "forbidden");
}

#[tokio::test]
async fn the_audit_log_records_security_events_and_cannot_be_rewritten() {
    let api = Api::start().await;
    let (dep, admin) = api.admin("ada@x.test").await;
    let t = api.invite(&admin, &dep, "pat@x.test", "patient").await;
    let pid = api.accept_invite(&t, "pat@x.test", "Pat").await;
    api.login("pat@x.test", "wrong-password-xx").await.error(401, "invalid_credentials");
    let (a, _) = api.login_ok("pat@x.test", PASSWORD).await;
    api.call(reqwest::Method::POST, "/v1/auth/logout", None, Some(&a)).await;

    let all = api.get("/v1/audit", Some(&admin)).await.expect(200);
    let events = all["events"].as_array().expect("events");
    let kinds: Vec<&str> = events.iter().map(|e| e["kind"].as_str().expect("k")).collect();
    for k in ["invite_created", "account_created", "email_verified", "login_failed", "login_succeeded", "logout"] {
        assert!(kinds.contains(&k), "{k} missing: {kinds:?}");
    }
    let failed = events
        .iter()
        .find(|e| e["kind"] == "login_failed" && e["user_id"] == pid.as_str())
        .expect("failure tied to the user");
    assert_eq!(failed["ip"], "127.0.0.1");
    assert!(events.windows(2).all(|w| w[0]["id"].as_i64() < w[1]["id"].as_i64()), "ordered by id");
    // Filters.
    let mine = api.get(&format!("/v1/audit?user_id={pid}"), Some(&admin)).await.expect(200);
    assert!(mine["events"].as_array().expect("e").iter().all(|e| e["user_id"] == pid.as_str()));
    let future = api.get("/v1/audit?since=2999-01-01T00:00:00Z", Some(&admin)).await.expect(200);
    assert!(future["events"].as_array().expect("e").is_empty());
    // Another deployment's admin sees none of it.
    let (_, other) = api.admin("otto@y.test").await;
    let theirs = api.get("/v1/audit", Some(&other)).await.expect(200);
    assert!(theirs["events"].as_array().expect("e").iter().all(|e| e["user_id"] != pid.as_str()));

    // Append-only at the storage layer: the database itself refuses UPDATE and DELETE.
    let db = &api.state().db;
    let up = haven_sync::execute!(db, sqlx::query("UPDATE audit_log SET kind = 'nothing' WHERE TRUE"))
        .expect_err("update must fail");
    assert!(up.to_string().contains("append-only"), "{up}");
    let del = haven_sync::execute!(db, sqlx::query("DELETE FROM audit_log")).expect_err("delete must fail");
    assert!(del.to_string().contains("append-only"), "{del}");
    let after = api.get("/v1/audit", Some(&admin)).await.expect(200);
    assert!(after["events"].as_array().expect("e").len() >= events.len());
}

#[tokio::test]
async fn no_secret_is_stored_in_plaintext() {
    let api = Api::start().await;
    let (dep, admin) = api.admin("ada@x.test").await;
    let t = api.invite(&admin, &dep, "pat@x.test", "patient").await;
    let invite_mail = api.smtp().to("pat@x.test")[0].body.clone();
    let invite_code = invite_code_in(&invite_mail);
    api.accept_invite(&t, "pat@x.test", "Pat").await;
    let verify_token = token_in(&api.smtp().to("pat@x.test")[1].body, "hve_");
    let (a, r) = api.login_ok("pat@x.test", PASSWORD).await;
    // An SMS code and a TOTP secret too.
    api.put("/v1/me/phone", json!({"phone": "+447911000077"}), Some(&a)).await.expect(202);
    let sms = api.sms.code("+447911000077", 1).await;
    let totp =
        api.post("/v1/me/totp", json!(null), Some(&a)).await.expect(200)["secret"].as_str().expect("s").to_owned();
    // Wait for the worker to deliver everything (delivered bodies are erased).
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let unsent: i64 = haven_sync::fetch_one!(
            &api.state().db,
            sqlx::query_scalar("SELECT COUNT(*) FROM messages WHERE sent_at IS NULL")
        )
        .expect("count");
        if unsent == 0 {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "{unsent} messages were never delivered");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let raw = stored_bytes(&api).await;
    let raw = String::from_utf8_lossy(&raw);
    let code_plain = invite_code.replace('-', "");
    for (what, secret) in [
        ("access token", a.as_str()),
        ("refresh token", r.as_str()),
        ("invite token", t.as_str()),
        ("invite code", code_plain.as_str()),
        ("verification token", verify_token.as_str()),
        ("password", PASSWORD),
        ("totp secret", totp.as_str()),
        ("sms text", &format!("Your Haven code is {sms}")),
    ] {
        assert!(!raw.contains(secret), "the {what} is in the database file");
    }
}

/// Every byte the database engine has on disk for this service: SQLite's file and its WAL, or on
/// PostgreSQL the database's own files and the cluster's WAL (which holds every row ever written).
pub(crate) async fn stored_bytes(api: &Api) -> Vec<u8> {
    use haven_sync::db::Db;
    let mut raw = Vec::new();
    match &api.state().db {
        Db::Sqlite(pool) => {
            // Flush the WAL into the file first, and read both in case a write raced it.
            sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(pool).await.expect("checkpoint");
            let path = api.state().config.database_url.trim_start_matches("sqlite://").to_owned();
            raw.extend(std::fs::read(&path).expect("db file"));
            raw.extend(std::fs::read(format!("{path}-wal")).unwrap_or_default());
        }
        Db::Postgres(pool) => {
            sqlx::query("CHECKPOINT").execute(pool).await.expect("checkpoint");
            let oid: sqlx::postgres::types::Oid =
                sqlx::query_scalar("SELECT oid FROM pg_database WHERE datname = current_database()")
                    .fetch_one(pool)
                    .await
                    .expect("oid");
            let data = crate::pg::shared().data_dir();
            for dir in [data.join("base").join(oid.0.to_string()), data.join("pg_wal")] {
                for f in std::fs::read_dir(&dir).expect("data dir").flatten() {
                    if f.path().is_file() {
                        raw.extend(std::fs::read(f.path()).expect("data file"));
                    }
                }
            }
            assert!(raw.len() > 1 << 20, "read {} bytes of the cluster's files", raw.len());
        }
    }
    raw
}
