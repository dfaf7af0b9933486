//! What the benches share: the observations they push, a verified and consenting patient made
//! through the real routes, and the raw insert loop their ingest figures are compared with.

use haven_api::Role;
use haven_i18n::Lang;
use haven_sync::invites::Invitee;
use serde_json::{json, Value};
use std::time::{Duration, Instant};

pub const PASSWORD: &str = "violet-tundra-cobalt-91";

/// An observation for the bench: mixed kinds, a note now and then, times a minute apart.
pub fn obs(i: usize, base_s: i64) -> Value {
    let at = time::OffsetDateTime::from_unix_timestamp(base_s + i as i64 * 60)
        .map(|t| t.format(&time::format_description::well_known::Rfc3339).unwrap_or_default())
        .unwrap_or_default();
    let id = format!("00000000-0000-4000-8000-{i:012}");
    match i % 4 {
        0 => json!({"id": id, "kind": "heart_rate", "value": 50 + (i % 80), "unit": "bpm", "recorded_at": at}),
        1 => {
            json!({"id": id, "kind": "blood_pressure", "value": {"systolic": 110 + (i % 30), "diastolic": 70 + (i % 15)}, "unit": "mmHg", "recorded_at": at})
        }
        2 => {
            json!({"id": id, "kind": "temperature", "value": 36.0 + (i % 20) as f64 / 10.0, "unit": "°C", "recorded_at": at, "note": "after a walk, µ-dose"})
        }
        _ => json!({"id": id, "kind": "steps", "value": i % 20000, "unit": "steps", "recorded_at": at}),
    }
}

/// A verified, consenting, signed-in patient (through the real routes); answers the token.
pub async fn patient(running: &haven_sync::Running, http: &reqwest::Client, email: &str) -> anyhow::Result<String> {
    let state = &running.state;
    let url = running.url();
    let url = &url;
    let mut tx = state.db.begin().await?;
    let dep =
        haven_sync::invites::insert_deployment(&mut tx, "Bench", None, 0).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    let inv = haven_sync::invites::issue_invite(
        &mut tx,
        state,
        &dep,
        Invitee { email, role: Role::Patient, lang: Lang::En },
        None,
        None,
    )
    .await
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    tx.commit().await?;
    let r = http
        .post(format!("{url}/v1/accounts"))
        .json(&json!({"invite_token": inv.token, "name": "Bench Patient", "password": PASSWORD, "accept_terms": true}))
        .send()
        .await?;
    anyhow::ensure!(r.status() == 201, "account: {}", r.text().await?);
    let mut vt = String::new();
    for _ in 0..100 {
        let key = state.config.outbox_key.expose();
        let outbox: Value =
            http.get(format!("{url}/v1/dev/outbox")).header("X-Haven-Outbox-Key", key).send().await?.json().await?;
        let found = outbox["messages"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|m| m["to"] == email && m["body"].as_str().is_some_and(|b| b.contains("hve_")));
        if let Some(m) = found {
            let body = m["body"].as_str().unwrap_or_default();
            let start = body.find("hve_").unwrap_or(0);
            vt = body[start..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-').collect();
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let r = http.post(format!("{url}/v1/accounts/verify-email")).json(&json!({"token": vt})).send().await?;
    anyhow::ensure!(r.status() == 200, "verify: {}", r.text().await?);
    let login: Value = http
        .post(format!("{url}/v1/auth/login"))
        .json(
            &json!({"email": email, "password": PASSWORD, "device": {"id": "b", "name": "bench", "platform": "linux"}}),
        )
        .send()
        .await?
        .json()
        .await?;
    let token = login["tokens"]["access_token"].as_str().ok_or_else(|| anyhow::anyhow!("login: {login}"))?.to_owned();
    let version: Value = http.get(format!("{url}/v1/legal/consent")).send().await?.json().await?;
    let r = http
        .post(format!("{url}/v1/me/consent"))
        .bearer_auth(&token)
        .json(&json!({"version": version["version"]}))
        .send()
        .await?;
    anyhow::ensure!(r.status() == 200, "consent: {}", r.text().await?);
    Ok(token)
}

/// A raw insert loop on either engine: the same rows into the same table shape, one prepared insert per row, in
/// transactions of 1000 (what a push does, minus HTTP, JSON, validation and versioning).
pub async fn raw_insert(database_url: &str, n: usize, base_s: i64) -> anyhow::Result<f64> {
    let db = haven_sync::db::Db::connect(database_url, 2).await?;
    haven_sync::execute!(
        &db,
        sqlx::query("INSERT INTO deployments (id, name, enrolment_code, created_at) VALUES ('d', 'd', 'x', 0)")
    )?;
    haven_sync::execute!(&db, sqlx::query("INSERT INTO users (id, deployment_id, email, name, role, password_hash, terms_accepted_at, created_at, verify_deadline) VALUES ('u', 'd', 'e', 'n', 'patient', 'h', 0, 0, 0)"))?;
    let rows: Vec<(String, String, String, String, String, i64)> = (0..n)
        .map(|i| {
            let o = obs(i, base_s);
            (
                o["id"].as_str().unwrap_or_default().to_owned(),
                o["kind"].as_str().unwrap_or_default().to_owned(),
                o["value"].to_string(),
                o["unit"].as_str().unwrap_or_default().to_owned(),
                o["recorded_at"].as_str().unwrap_or_default().to_owned(),
                base_s * 1000 + i as i64 * 60_000,
            )
        })
        .collect();
    let t = Instant::now();
    for (c, chunk) in rows.chunks(1000).enumerate() {
        let mut tx = db.begin().await?;
        for (j, (id, kind, value, unit, at, ms)) in chunk.iter().enumerate() {
            haven_sync::execute!(&mut tx, sqlx::query("INSERT INTO observations (user_id, id, kind, value, unit, recorded_at, recorded_ms, note, deleted, change_seq, received_at) VALUES ('u', $1, $2, $3, $4, $5, $6, NULL, FALSE, $7, 0)")
                .bind(id)
                .bind(kind)
                .bind(value)
                .bind(unit)
                .bind(at)
                .bind(ms)
                .bind((c * 1000 + j) as i64 + 1))?;
        }
        tx.commit().await?;
    }
    let rate = n as f64 / t.elapsed().as_secs_f64();
    db.close().await;
    Ok(rate)
}
