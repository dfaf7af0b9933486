//! Health data sync: push (idempotent by the client's id; a different version of an id replaces
//! the stored one in the order pushes arrive, so a patient moving a value to an earlier time is
//! kept, not dropped as "older") and pull (by an opaque, monotonic cursor). Each item is validated on its
//! own: a bad one is rejected with its reason and the others are kept.

use crate::db::Tx;
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJsonItems, AuthUser};
use crate::AppState;
use axum::extract::{Query, State};
use axum::Json;
use haven_api::{Kind, Observation, PullPage, PushResult, Rejected, Role};
use haven_i18n::{msg, Msg};
use serde::de::{Deserializer, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;
use std::collections::HashMap;

/// Most observations in one push (the body limit is 5 MiB).
pub const MAX_PUSH: usize = 5000;
pub const PULL_DEFAULT: u32 = 500;
/// Rows written per statement (12 values each: both engines take far more parameters than
/// 12 × 400).
const WRITE_BATCH: usize = 400;
pub const PULL_MAX: u32 = 5000;
/// Why an observation is refused (a sentence for the user), or Ok with its time in ms. The
/// value and time rules are haven-api's (the app checks the same at capture).
pub fn validate(o: &Observation, now_s: i64) -> Result<i64, Msg> {
    haven_api::check_observation(o)?;
    haven_api::check_recorded_at(&o.recorded_at, now_s)
}

fn patient_only(who: &AuthUser) -> ApiResult<()> {
    if who.role != Role::Patient {
        return Err(ApiError::Forbidden(msg!("service-push-patients-only")));
    }
    Ok(())
}

/// A version as stored: kind, value, unit, time (ms), its offset (minutes), note, deleted.
type Stored = (String, String, String, i64, i32, Option<String>, bool);

/// `POST /v1/sync/push` as read off the wire (the contract's `haven_api::Push`). Items are kept as
/// their raw text and read one by one, so an item this service cannot read (a kind from a newer
/// app, a malformed value) is refused with its reason and the others are kept: failing the whole
/// batch would leave the app's queue stuck behind it. Past `MAX_PUSH` items the body is refused
/// while it is read, so a body of tiny items cannot make the service hold millions of them.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PushBody {
    #[serde(deserialize_with = "at_most_max_push")]
    observations: Vec<Box<RawValue>>,
}

fn at_most_max_push<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Box<RawValue>>, D::Error> {
    struct Items;
    impl<'de> Visitor<'de> for Items {
        type Value = Vec<Box<RawValue>>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            write!(f, "an array of at most {MAX_PUSH} observations")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            let mut items = Vec::new();
            while let Some(item) = seq.next_element::<Box<RawValue>>()? {
                if items.len() == MAX_PUSH {
                    return Err(serde::de::Error::custom(format!("At most {MAX_PUSH} observations per push.")));
                }
                items.push(item);
            }
            Ok(items)
        }
    }
    d.deserialize_seq(Items)
}

/// The fields an answer about an item needs, read without building the rest.
#[derive(Deserialize)]
struct ItemHead<'a> {
    #[serde(borrow, default)]
    id: Option<&'a RawValue>,
    #[serde(borrow, default)]
    kind: Option<&'a RawValue>,
    #[serde(borrow, default)]
    value: Option<&'a RawValue>,
}

/// The largest value an observation can have, as JSON text (a number, a blood pressure, a
/// symptom of 100 characters are far below). A value is read through serde's untagged buffer,
/// so a larger one is refused before it is built.
const MAX_VALUE_TEXT: usize = 1024;

/// One pushed item: an observation, or its id and why it is refused. An item without an id
/// cannot be answered for, so it fails the request.
fn read_item(item: &RawValue) -> ApiResult<Result<Observation, (String, Msg)>> {
    let needs_id = || ApiError::InvalidRequest(msg!("service-push-needs-id"));
    let head: ItemHead = serde_json::from_str(item.get()).map_err(|_| needs_id())?;
    let text = |v: Option<&RawValue>| v.and_then(|v| serde_json::from_str::<String>(v.get()).ok());
    let id = text(head.id).ok_or_else(needs_id)?;
    // U+0000 (which PostgreSQL cannot store) in this item only: this item is refused.
    if crate::extract::has_nul_escape(item.get().as_bytes()) {
        return Ok(Err((id, msg!("service-push-nul-character"))));
    }
    if head.value.is_some_and(|v| v.get().len() > MAX_VALUE_TEXT) {
        return Ok(Err((id, msg!("service-push-value-too-large"))));
    }
    Ok(serde_json::from_str::<Observation>(item.get()).map_err(|e| {
        let error = match text(head.kind) {
            Some(k) if Kind::parse(&k).is_none() => msg!("service-push-unknown-kind", kind = format!("{k:?}")),
            // serde's words (English, for developers) say what could not be read.
            _ => msg!("service-push-unreadable", detail = e.to_string()),
        };
        (id, error)
    }))
}

pub async fn push(
    State(state): State<AppState>,
    who: AuthUser,
    ApiJsonItems(req): ApiJsonItems<PushBody>,
) -> ApiResult<Json<PushResult>> {
    patient_only(&who)?;
    // Each refusal is said in the request's language.
    let lang = crate::i18n::lang();
    // Every item is read before the write lock is taken.
    let items = req.observations.iter().map(|i| read_item(i)).collect::<ApiResult<Vec<_>>>()?;
    let now = state.now();
    let mut accepted = Vec::new();
    let mut rejected = Vec::new();
    // Checked before the lock is taken; the answer keeps the order of the items.
    let mut valid = Vec::new();
    for item in items {
        let o = match item {
            Ok(o) => o,
            Err((id, why)) => {
                rejected.push(Rejected { id, error: why.render(lang) });
                continue;
            }
        };
        match validate(&o, now) {
            Ok(ms) => {
                let value = serde_json::to_string(&o.value).map_err(ApiError::internal)?;
                let offset = haven_api::rfc3339::offset_min(&o.recorded_at).unwrap_or(0);
                let new: Stored =
                    (o.kind.as_str().to_owned(), value, o.unit.clone(), ms, offset, o.note.clone(), o.deleted);
                accepted.push(o.id.clone());
                valid.push((o.id, new));
            }
            Err(why) => rejected.push(Rejected { id: o.id, error: why.render(lang) }),
        }
    }
    // The consent check, the reads of older versions and the writes all happen under the user's
    // write lock, so a withdrawal or a concurrent push cannot slip in between (and a deferred
    // transaction's read snapshot cannot go stale before its first write). A push costs a few
    // statements, not three per item: the stored versions are read, the change numbers reserved
    // and the rows written in batches.
    let mut tx = state.db.begin_for_user(&who.user_id).await?;
    super::consent::require_collecting(&mut tx, &who.user_id).await?;
    let mut current: HashMap<String, Stored> = HashMap::new();
    let ids: Vec<&str> = valid.iter().map(|(id, _)| id.as_str()).collect();
    type Row = (String, String, String, String, i64, i32, Option<String>, bool);
    const COLUMNS: &str = "id, kind, value, unit, recorded_ms, recorded_offset_min, note, deleted";
    let rows: Vec<Row> = match &mut tx {
        // One array parameter: a long IN list gets a generic plan after a few pushes that scans
        // every row of the user (measured: 0.3 s growing to 0.9 s per 500 ids at 40,000 rows).
        Tx::Postgres(t) => {
            sqlx::query_as(&format!("SELECT {COLUMNS} FROM observations WHERE user_id = $1 AND id = ANY($2)"))
                .bind(&who.user_id)
                .bind(&ids)
                .fetch_all(&mut **t)
                .await?
        }
        // The ids as one JSON array: one statement whatever their number. (An `IN ($2, …, $n)`
        // list was a new statement for each count, and every connection kept up to 100 of them
        // prepared.)
        Tx::Sqlite(t) => {
            let ids = serde_json::to_string(&ids).map_err(ApiError::internal)?;
            sqlx::query_as(&format!(
                "SELECT {COLUMNS} FROM observations WHERE user_id = $1 AND id IN (SELECT value FROM json_each($2))"
            ))
            .bind(&who.user_id)
            .bind(ids)
            .fetch_all(&mut **t)
            .await?
        }
    };
    current.extend(rows.into_iter().map(|(id, k, v, u, ms, off, note, del)| (id, (k, v, u, ms, off, note, del))));
    // A version that differs replaces the stored one, whatever its time: `recorded_at` is when the
    // value was measured, not when it was edited, so it cannot order edits. (The contract said
    // last writer wins by `recorded_at`; that silently dropped corrections to an earlier time.
    // Each device pushes its own edits in order; between devices the last to arrive wins.) Within
    // one push the same holds item by item: an id's last version is the one written.
    let mut last_change: HashMap<String, usize> = HashMap::new();
    for (i, (id, new)) in valid.into_iter().enumerate() {
        if current.get(&id) != Some(&new) {
            last_change.insert(id.clone(), i);
            current.insert(id, new);
        }
    }
    // Each changed id is written once, numbered in the order of its last change.
    let mut order: Vec<(usize, String)> = last_change.into_iter().map(|(id, i)| (i, id)).collect();
    order.sort_unstable();
    let writes: Vec<(String, Stored)> =
        order.into_iter().filter_map(|(_, id)| current.remove(&id).map(|v| (id, v))).collect();
    if !writes.is_empty() {
        let last: i64 = crate::fetch_one!(
            &mut tx,
            sqlx::query_scalar("UPDATE sync_counter SET seq = seq + $1 WHERE \"only\" = 1 RETURNING seq")
                .bind(writes.len() as i64)
        )?;
        let first = last - writes.len() as i64 + 1;
        for (c, chunk) in writes.chunks(WRITE_BATCH).enumerate() {
            let rows = (0..chunk.len())
                .map(|r| format!("({})", (1..=12).map(|k| format!("${}", r * 12 + k)).collect::<Vec<_>>().join(", ")))
                .collect::<Vec<_>>()
                .join(", ");
            let sql = format!(
                "INSERT INTO observations (user_id, id, kind, value, unit, recorded_at, recorded_ms, recorded_offset_min, note, deleted, change_seq, received_at)
                 VALUES {rows}
                 ON CONFLICT (user_id, id) DO UPDATE SET kind = excluded.kind, value = excluded.value, unit = excluded.unit,
                   recorded_at = excluded.recorded_at, recorded_ms = excluded.recorded_ms,
                   recorded_offset_min = excluded.recorded_offset_min, note = excluded.note,
                   deleted = excluded.deleted, change_seq = excluded.change_seq, received_at = excluded.received_at"
            );
            crate::execute!(&mut tx, {
                // Only the full batch's statement is kept prepared: one for each other row count
                // would pile up in every connection's statement cache.
                let mut q = sqlx::query(&sql).persistent(chunk.len() == WRITE_BATCH);
                for (r, (id, (kind, value, unit, ms, offset, note, deleted))) in chunk.iter().enumerate() {
                    q = q
                        .bind(&who.user_id)
                        .bind(id)
                        .bind(kind)
                        .bind(value)
                        .bind(unit)
                        // Stored in UTC; the offset it was written with is kept beside it.
                        .bind(haven_api::rfc3339::format_ms(*ms))
                        .bind(*ms)
                        .bind(*offset)
                        .bind(note)
                        .bind(*deleted)
                        .bind(first + (c * WRITE_BATCH + r) as i64)
                        .bind(now);
                }
                q
            })?;
        }
    }
    // Acknowledged only once committed: a crash before this loses nothing the client thinks is saved.
    tx.commit().await?;
    Ok(Json(PushResult { accepted, rejected }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PullQuery {
    pub since: Option<String>,
    pub limit: Option<u32>,
}

pub(crate) fn parse_cursor(c: Option<&str>) -> ApiResult<i64> {
    match c {
        None | Some("") => Ok(0),
        Some(c) => c
            .strip_prefix("c")
            .and_then(|n| n.parse::<i64>().ok())
            .filter(|n| *n >= 0)
            .ok_or_else(|| ApiError::field("since", msg!("service-pull-bad-cursor"))),
    }
}

type Row = (String, String, String, String, String, Option<String>, bool, i64);

pub async fn pull(
    State(state): State<AppState>,
    who: AuthUser,
    query: Result<Query<PullQuery>, axum::extract::rejection::QueryRejection>,
) -> ApiResult<Json<PullPage>> {
    Ok(Json(page(&state, &who.user_id, query).await?))
}

/// One page of `user_id`'s observations changed after the query's cursor.
pub async fn page(
    state: &AppState,
    user_id: &str,
    query: Result<Query<PullQuery>, axum::extract::rejection::QueryRejection>,
) -> ApiResult<PullPage> {
    let Query(q) = query.map_err(|e| ApiError::InvalidRequest(msg!("service-bad-query", detail = e.body_text())))?;
    let since = parse_cursor(q.since.as_deref())?;
    let limit = q.limit.unwrap_or(PULL_DEFAULT);
    if limit == 0 || limit > PULL_MAX {
        return Err(ApiError::field("limit", msg!("service-pull-limit", min = 1, max = PULL_MAX)));
    }
    let rows: Vec<Row> = crate::fetch_all!(
        &state.db,
        sqlx::query_as(
            "SELECT id, kind, value, unit, recorded_at, note, deleted, change_seq FROM observations
         WHERE user_id = $1 AND change_seq > $2 ORDER BY change_seq LIMIT $3",
        )
        .bind(user_id)
        .bind(since)
        .bind(i64::from(limit) + 1)
    )?;
    let more = rows.len() > limit as usize;
    let mut cursor = since;
    let mut observations = Vec::with_capacity(rows.len().min(limit as usize));
    for (id, kind, value, unit, recorded_at, note, deleted, seq) in rows.into_iter().take(limit as usize) {
        let value = serde_json::from_str(&value).map_err(ApiError::internal)?;
        let kind = Kind::parse(&kind).ok_or_else(|| ApiError::internal("unknown kind in the database"))?;
        observations.push(Observation { id, kind, value, unit, recorded_at, note, deleted });
        cursor = seq;
    }
    Ok(PullPage { observations, cursor: format!("c{cursor}"), more })
}

#[cfg(test)]
mod tests {
    use super::*;
    use haven_api::{BloodPressure, ObservationValue, Symptom};

    fn obs(kind: Kind, value: ObservationValue, unit: &str) -> Observation {
        Observation {
            id: "0192f1c4-7b8e-7d3a-9f00-5e2b6c1d8a47".into(),
            kind,
            value,
            unit: unit.into(),
            recorded_at: "2026-11-24T08:30:00Z".into(),
            note: None,
            deleted: false,
        }
    }

    #[test]
    fn kinds_units_and_bounds() {
        let now = 1_795_540_000; // 2026-11-24T16:26Z
        let n = ObservationValue::Number;
        let ok = [
            obs(Kind::HeartRate, n(72.0), "bpm"),
            obs(Kind::Weight, n(70.5), "kg"),
            obs(Kind::Temperature, n(36.6), "°C"),
            obs(Kind::OxygenSaturation, n(98.0), "%"),
            obs(Kind::BloodGlucose, n(5.4), "mmol/L"),
            obs(Kind::Steps, n(8000.0), "steps"),
            obs(
                Kind::BloodPressure,
                ObservationValue::BloodPressure(BloodPressure { systolic: 120.0, diastolic: 80.0 }),
                "mmHg",
            ),
            obs(
                Kind::Symptom,
                ObservationValue::Symptom(Symptom { name: "Headache".into(), severity: 4.0 }),
                "severity",
            ),
        ];
        for o in &ok {
            assert!(validate(o, now).is_ok(), "{o:?}: {:?}", validate(o, now));
        }
        let bad = [
            (obs(Kind::HeartRate, n(400.0), "bpm"), "between"),
            (obs(Kind::HeartRate, n(72.0), "kg"), "measured in bpm"),
            (obs(Kind::Temperature, n(f64::NAN), "°C"), "between"),
            (obs(Kind::Steps, n(10.5), "steps"), "whole"),
            (
                obs(Kind::HeartRate, ObservationValue::Symptom(Symptom { name: "x".into(), severity: 1.0 }), "bpm"),
                "does not fit",
            ),
            (
                obs(
                    Kind::BloodPressure,
                    ObservationValue::BloodPressure(BloodPressure { systolic: 80.0, diastolic: 120.0 }),
                    "mmHg",
                ),
                "lower than",
            ),
            (
                obs(Kind::Symptom, ObservationValue::Symptom(Symptom { name: " ".into(), severity: 4.0 }), "severity"),
                "name",
            ),
            (
                obs(Kind::Symptom, ObservationValue::Symptom(Symptom { name: "x".into(), severity: 11.0 }), "severity"),
                "0 to 10",
            ),
            (Observation { recorded_at: "yesterday".into(), ..obs(Kind::Weight, n(70.0), "kg") }, "RFC 3339"),
            (Observation { recorded_at: "2030-01-01T00:00:00Z".into(), ..obs(Kind::Weight, n(70.0), "kg") }, "future"),
            (Observation { id: "../x".into(), ..obs(Kind::Weight, n(70.0), "kg") }, "id"),
            (Observation { id: "not-a-uuid".into(), ..obs(Kind::Weight, n(70.0), "kg") }, "UUID"),
            (
                Observation { id: "0192F1C4-7B8E-7D3A-9F00-5E2B6C1D8A47".into(), ..obs(Kind::Weight, n(70.0), "kg") },
                "lowercase",
            ),
            (Observation { id: "0192f1c47b8e7d3a9f005e2b6c1d8a47".into(), ..obs(Kind::Weight, n(70.0), "kg") }, "UUID"),
        ];
        for (o, why) in &bad {
            let e = validate(o, now).expect_err(why).render(haven_i18n::Lang::En);
            assert!(e.contains(why), "{o:?}: {e}");
        }
    }

    #[test]
    fn unreadable_items_are_refused_on_their_own() {
        let raw = |v: serde_json::Value| serde_json::value::to_raw_value(&v).expect("raw");
        let ok = serde_json::json!({"id": "o1", "kind": "heart_rate", "value": 72, "unit": "bpm", "recorded_at": "2026-11-24T08:30:00Z"});
        assert!(matches!(read_item(&raw(ok)), Ok(Ok(o)) if o.kind == Kind::HeartRate));
        let mood = serde_json::json!({"id": "m1", "kind": "mood", "value": 1, "unit": "x", "recorded_at": "2026-11-24T08:30:00Z"});
        let en = |(id, why): (String, Msg)| (id, why.render(haven_i18n::Lang::En));
        let r = en(read_item(&raw(mood)).expect("answered").expect_err("refused"));
        assert_eq!((r.0.as_str(), r.1.as_str()), ("m1", "Unknown kind \"mood\"."));
        let shape = serde_json::json!({"id": "s1", "kind": "weight", "value": "heavy", "unit": "kg", "recorded_at": "2026-11-24T08:30:00Z"});
        let r = en(read_item(&raw(shape)).expect("answered").expect_err("refused"));
        assert!(r.1.starts_with("This observation cannot be read"), "{}", r.1);
        assert!(read_item(&raw(serde_json::json!({"kind": "weight"}))).is_err(), "no id: the request fails");
        let huge = serde_json::json!({"id": "h1", "kind": "steps", "value": vec![0; 2000], "unit": "steps", "recorded_at": "2026-11-24T08:30:00Z"});
        let r = en(read_item(&raw(huge)).expect("answered").expect_err("refused"));
        assert_eq!((r.0.as_str(), r.1.as_str()), ("h1", "The value is too large."));
    }
}
