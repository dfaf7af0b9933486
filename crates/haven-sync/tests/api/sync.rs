//! Health data sync over HTTP: per-item validation, idempotent pushes, the last version to arrive
//! wins, times kept in UTC (and migrated there),
//! paginated pulls with a monotonic cursor, isolation between users, the 5 MiB push limit.

use crate::common::*;
use serde_json::{json, Value};

async fn patient(api: &Api, email: &str) -> String {
    consenting_patient(api, email).await.2
}

fn hr(id: &str, bpm: f64, at: &str) -> Value {
    json!({"id": oid(id), "kind": "heart_rate", "value": bpm, "unit": "bpm", "recorded_at": at})
}

#[tokio::test]
async fn pushes_are_validated_per_item_idempotent_and_the_last_version_to_arrive_wins() {
    let api = Api::start().await;
    let t = patient(&api, "pat@sync.test").await;
    let batch = json!({"observations": [
        hr("o1", 72.0, "2026-11-20T08:00:00Z"),
        {"id": oid("o2"), "kind": "blood_pressure", "value": {"systolic": 120, "diastolic": 80}, "unit": "mmHg", "recorded_at": "2026-11-20T08:01:00Z", "note": "after a walk"},
        {"id": oid("o3"), "kind": "temperature", "value": 36.8, "unit": "°C", "recorded_at": "2026-11-20T08:02:00+01:00"},
        hr("bad1", 900.0, "2026-11-20T08:03:00Z"),
        {"id": oid("bad2"), "kind": "symptom", "value": {"name": "Cough", "severity": 12}, "unit": "severity", "recorded_at": "2026-11-20T08:04:00Z"},
    ]});
    let r = api.post("/v1/sync/push", batch.clone(), Some(&t)).await.expect(200);
    assert_eq!(r["accepted"], json!([oid("o1"), oid("o2"), oid("o3")]));
    let rejected = r["rejected"].as_array().expect("rejected");
    assert_eq!(rejected.len(), 2);
    assert_eq!(rejected[0]["id"], oid("bad1"));
    assert!(rejected[0]["error"].as_str().expect("why").contains("between 20 and 300"), "{rejected:?}");
    assert!(rejected[1]["error"].as_str().expect("why").contains("0 to 10"), "{rejected:?}");
    // The same push again (a client retrying after a lost answer): acknowledged, no duplicates.
    let again = api.post("/v1/sync/push", batch, Some(&t)).await.expect(200);
    assert_eq!(again["accepted"], json!([oid("o1"), oid("o2"), oid("o3")]));
    let (all, _) = pull_all(&api, &t, 100).await;
    assert_eq!(all.len(), 3, "{all:?}");
    assert_eq!(all[1]["note"], "after a walk");
    assert_eq!(all[1]["value"], json!({"systolic": 120.0, "diastolic": 80.0}));

    let first = api.get("/v1/sync/pull", Some(&t)).await.expect(200);
    let cursor = first["cursor"].as_str().expect("cursor").to_owned();
    // Every different version replaces the stored one in the order it arrives, whatever its time:
    // a value moved to an earlier time is a correction, not a stale copy to drop.
    let newer = api
        .post("/v1/sync/push", json!({"observations": [hr("o1", 75.0, "2026-11-20T09:00:00Z")]}), Some(&t))
        .await
        .expect(200);
    assert_eq!(newer["accepted"], json!([oid("o1")]));
    let earlier = api
        .post("/v1/sync/push", json!({"observations": [hr("o1", 60.0, "2026-11-19T09:00:00Z")]}), Some(&t))
        .await
        .expect(200);
    assert_eq!(earlier["accepted"], json!([oid("o1")]));
    let changed = api.get(&format!("/v1/sync/pull?since={cursor}"), Some(&t)).await.expect(200);
    let obs = changed["observations"].as_array().expect("obs");
    assert_eq!(obs.len(), 1, "{obs:?}");
    assert_eq!((&obs[0]["value"], &obs[0]["recorded_at"]), (&json!(60.0), &json!("2026-11-19T09:00:00Z")));
    // Times are kept in UTC: the reading sent at 08:02+01:00 comes back as 07:02Z.
    let (all, _) = pull_all(&api, &t, 100).await;
    let o3 = all.iter().find(|o| o["id"] == oid("o3")).expect("o3");
    assert_eq!(o3["recorded_at"], "2026-11-20T07:02:00Z");
    // Deletion is a version too.
    let del = api.post("/v1/sync/push", json!({"observations": [{"id": oid("o3"), "kind": "temperature", "value": 36.8, "unit": "°C", "recorded_at": "2026-11-20T10:00:00Z", "deleted": true}]}), Some(&t)).await.expect(200);
    assert_eq!(del["accepted"], json!([oid("o3")]));
    let (all, _) = pull_all(&api, &t, 100).await;
    assert_eq!(all.iter().filter(|o| o["deleted"] == true).count(), 1);
}

#[tokio::test]
async fn pulls_page_through_everything_once_and_users_see_only_their_own() {
    let api = Api::start().await;
    let a = patient(&api, "a@sync.test").await;
    let b = patient(&api, "b@sync.test").await;
    let items: Vec<Value> =
        (0..25).map(|i| hr(&format!("a{i:02}"), 60.0 + f64::from(i), "2026-11-21T07:00:00Z")).collect();
    api.post("/v1/sync/push", json!({"observations": items}), Some(&a)).await.expect(200);
    api.post("/v1/sync/push", json!({"observations": [hr("b1", 80.0, "2026-11-21T07:00:00Z")]}), Some(&b))
        .await
        .expect(200);
    let (all, pages) = pull_all(&api, &a, 10).await;
    assert_eq!(pages, 3);
    let ids: Vec<&str> = all.iter().map(|o| o["id"].as_str().expect("id")).collect();
    let want: Vec<String> = (0..25).map(|i| oid(&format!("a{i:02}"))).collect();
    assert_eq!(ids, want.iter().map(String::as_str).collect::<Vec<_>>());
    let (theirs, _) = pull_all(&api, &b, 10).await;
    assert_eq!(theirs.len(), 1);
    assert_eq!(theirs[0]["id"], oid("b1"));

    api.get("/v1/sync/pull?since=bogus", Some(&a)).await.error(422, "unprocessable");
    api.get("/v1/sync/pull?limit=0", Some(&a)).await.error(422, "unprocessable");
    api.get("/v1/sync/pull?colour=red", Some(&a)).await.error(400, "invalid_request");
    api.get("/v1/sync/pull", None).await.error(401, "unauthenticated");
}

#[tokio::test]
async fn pushes_up_to_5_mib_are_taken_and_larger_refused_and_only_patients_push() {
    let api = Api::start().await;
    let t = patient(&api, "big@sync.test").await;
    let note = "n".repeat(990);
    let items: Vec<Value> = (0..2000).map(|i| json!({"id": oid(&format!("n{i}")), "kind": "steps", "value": 1000, "unit": "steps", "recorded_at": "2026-11-22T07:00:00Z", "note": note})).collect();
    let body = json!({"observations": items});
    assert!(serde_json::to_vec(&body).expect("json").len() > 2 * 1024 * 1024);
    let r = api.post("/v1/sync/push", body, Some(&t)).await.expect(200);
    assert_eq!(r["accepted"].as_array().expect("accepted").len(), 2000);
    let huge: Vec<Value> = (0..6000).map(|i| json!({"id": oid(&format!("h{i}")), "kind": "steps", "value": 1, "unit": "steps", "recorded_at": "2026-11-22T07:00:00Z", "note": note})).collect();
    api.post("/v1/sync/push", json!({"observations": huge}), Some(&t)).await.error(413, "payload_too_large");

    let (_, admin) = api.admin("boss@sync.test").await;
    api.post("/v1/sync/push", json!({"observations": []}), Some(&admin)).await.error(403, "forbidden");
}

/// An item the service cannot read (a kind from a newer app, a value of the wrong shape) is
/// refused on its own with its reason, and the rest of the batch is kept: failing the whole push
/// would leave the app's queue stuck behind it. An item without an id cannot be answered for.
#[tokio::test]
async fn unreadable_items_are_refused_one_by_one() {
    let api = Api::start().await;
    let t = patient(&api, "mix@sync.test").await;
    let batch = json!({"observations": [
        {"id": oid("m1"), "kind": "mood", "value": 3, "unit": "points", "recorded_at": "2026-11-20T08:00:00Z"},
        hr("ok1", 70.0, "2026-11-20T08:01:00Z"),
        {"id": oid("w1"), "kind": "weight", "value": "heavy", "unit": "kg", "recorded_at": "2026-11-20T08:02:00Z"},
        // The contract's ids are UUIDs: anything else is refused with its reason.
        {"id": "not-a-uuid", "kind": "weight", "value": 70, "unit": "kg", "recorded_at": "2026-11-20T08:03:00Z"},
        {"id": oid("zz").to_uppercase(), "kind": "weight", "value": 70, "unit": "kg", "recorded_at": "2026-11-20T08:03:00Z"},
    ]});
    let r = api.post("/v1/sync/push", batch, Some(&t)).await.expect(200);
    assert_eq!(r["accepted"], json!([oid("ok1")]));
    let rejected = r["rejected"].as_array().expect("rejected");
    assert_eq!(rejected[0], json!({"id": oid("m1"), "error": "Unknown kind \"mood\"."}));
    assert_eq!(rejected[1]["id"], oid("w1"));
    assert!(rejected[1]["error"].as_str().expect("why").starts_with("This observation cannot be read"), "{r}");
    for (item, id) in [(2, "not-a-uuid".to_owned()), (3, oid("zz").to_uppercase())] {
        assert_eq!(rejected[item]["id"], id);
        assert!(rejected[item]["error"].as_str().expect("why").contains("must be a UUID"), "{r}");
    }
    let (all, _) = pull_all(&api, &t, 100).await;
    assert_eq!(all.len(), 1, "only the readable one was kept: {all:?}");
    let no_id =
        json!({"observations": [{"kind": "weight", "value": 70, "unit": "kg", "recorded_at": "2026-11-20T08:00:00Z"}]});
    api.post("/v1/sync/push", no_id, Some(&t)).await.error(400, "invalid_request");
}

/// More than 5000 items is refused while the body is read (the push limit), however small the
/// items, and an item whose value is huge is refused on its own: a body of tiny values cannot
/// make the service hold millions of them.
#[tokio::test]
async fn more_than_5000_items_are_refused_whatever_their_size() {
    let api = Api::start().await;
    let t = patient(&api, "many@sync.test").await;
    let zeros = format!("{{\"observations\":[{}0]}}", "0,".repeat(1_000_000));
    assert!(zeros.len() < 5 * 1024 * 1024, "under the body limit, so only the item limit refuses it");
    let r = api
        .http
        .post(format!("{}/v1/sync/push", api.base))
        .bearer_auth(&t)
        .header("content-type", "application/json")
        .body(zeros)
        .send()
        .await
        .expect("push");
    assert_eq!(r.status(), 400);
    let e: Value = r.json().await.expect("error body");
    assert_eq!(e["error"]["code"], "invalid_request");
    assert!(e["error"]["message"].as_str().expect("message").contains("At most 5000 observations"), "{e}");
    // One item whose value is a million zeros: refused on its own, not built.
    let big = format!(
        "{{\"observations\":[{{\"id\":\"{}\",\"kind\":\"steps\",\"unit\":\"steps\",\"recorded_at\":\"2026-11-20T08:00:00Z\",\"value\":[{}0]}}]}}",
        oid("z1"),
        "0,".repeat(1_000_000)
    );
    let r = api
        .http
        .post(format!("{}/v1/sync/push", api.base))
        .bearer_auth(&t)
        .header("content-type", "application/json")
        .body(big)
        .send()
        .await
        .expect("push");
    assert_eq!(r.status(), 200);
    let r: Value = r.json().await.expect("result");
    assert_eq!(r["rejected"], json!([{"id": oid("z1"), "error": "The value is too large."}]));
    let items: Vec<Value> = (0..5001).map(|i| hr(&format!("c{i}"), 70.0, "2026-11-20T08:00:00Z")).collect();
    api.post("/v1/sync/push", json!({"observations": items}), Some(&t)).await.error(400, "invalid_request");
    let items: Vec<Value> = (0..5000).map(|i| hr(&format!("c{i}"), 70.0, "2026-11-20T08:00:00Z")).collect();
    let r = api.post("/v1/sync/push", json!({"observations": items}), Some(&t)).await.expect(200);
    assert_eq!(r["accepted"].as_array().expect("accepted").len(), 5000);
}

/// Migration 0006 on rows stored as sent by earlier versions: each time becomes UTC (floor
/// division for times before 1970, milliseconds as the service writes them) and keeps its offset.
#[tokio::test]
async fn stored_times_are_moved_to_utc_with_their_offsets_kept() {
    use sqlx::sqlite::SqliteConnectOptions;
    let dir = tempfile::tempdir().expect("tmp");
    let opts =
        SqliteConnectOptions::new().filename(dir.path().join("old.db")).create_if_missing(true).foreign_keys(false);
    let pool = sqlx::SqlitePool::connect_with(opts).await.expect("db");
    let mut before = sqlx::migrate!("./migrations/sqlite");
    before.migrations = before.migrations.iter().filter(|m| m.version <= 5).cloned().collect::<Vec<_>>().into();
    before.run(&pool).await.expect("migrations up to 0005");
    let rows = [
        ("a", "2026-11-20T17:33:00+05:30", "2026-11-20T12:03:00Z", 330),
        ("b", "2026-11-20T08:00:00-03:00", "2026-11-20T11:00:00Z", -180),
        ("c", "2026-11-20T08:00:00z", "2026-11-20T08:00:00Z", 0),
        ("d", "2026-11-20T08:00:00.500+01:00", "2026-11-20T07:00:00.5Z", 60),
        ("e", "1969-12-31T23:59:59.250Z", "1969-12-31T23:59:59.25Z", 0),
    ];
    for (i, (id, sent, _, _)) in rows.iter().enumerate() {
        let ms = haven_api::rfc3339::parse_ms(sent).expect("time");
        sqlx::query("INSERT INTO observations (user_id, id, kind, value, unit, recorded_at, recorded_ms, change_seq, received_at) VALUES ('u', $1, 'weight', '70', 'kg', $2, $3, $4, 0)")
            .bind(id)
            .bind(sent)
            .bind(ms)
            .bind(i as i64 + 1)
            .execute(&pool)
            .await
            .expect("old row");
    }
    sqlx::migrate!("./migrations/sqlite").run(&pool).await.expect("0006");
    for (id, sent, utc, offset) in rows {
        let (at, off): (String, i32) =
            sqlx::query_as("SELECT recorded_at, recorded_offset_min FROM observations WHERE id = $1")
                .bind(id)
                .fetch_one(&pool)
                .await
                .expect("row");
        assert_eq!((at.as_str(), off), (utc, offset), "{sent}");
        let ms = haven_api::rfc3339::parse_ms(sent).expect("time");
        assert_eq!(haven_api::rfc3339::format_ms(ms), utc, "the service writes new rows the same way");
    }
}
