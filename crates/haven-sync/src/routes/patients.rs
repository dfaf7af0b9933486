//! Clinicians' views of the patients of their own deployment. Reading a patient's observations
//! is audited (once per read from the start, not per page).

use super::sync::PullQuery;
use crate::audit;
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiPath, AuthUser, ClientIp};
use crate::model::parse_id;
use crate::AppState;
use axum::extract::{Query, State};
use axum::Json;
use haven_api::{ConsentStatus, PatientList, PatientSummary, PullPage, Role};
use haven_i18n::msg;

fn clinicians_only(who: &AuthUser) -> ApiResult<()> {
    if who.role != Role::Clinician {
        return Err(ApiError::Forbidden(msg!("service-clinicians-only")));
    }
    Ok(())
}

/// (id, name, email, whether their latest consent is in force (None: never signed), values, last value's time)
type Row = (String, String, String, Option<bool>, i64, Option<String>);

pub async fn list(State(state): State<AppState>, who: AuthUser) -> ApiResult<Json<PatientList>> {
    clinicians_only(&who)?;
    let rows: Vec<Row> = crate::fetch_all!(&state.db, sqlx::query_as(
        "SELECT u.id, u.name, u.email,
           (SELECT c.withdrawn_at IS NULL FROM consents c WHERE c.user_id = u.id ORDER BY c.id DESC LIMIT 1),
           (SELECT COUNT(*) FROM observations o WHERE o.user_id = u.id AND NOT o.deleted),
           (SELECT o.recorded_at FROM observations o WHERE o.user_id = u.id AND NOT o.deleted ORDER BY o.recorded_ms DESC LIMIT 1)
         FROM users u WHERE u.deployment_id = $1 AND u.role = 'patient' ORDER BY u.name, u.id",
    )
    .bind(&who.deployment_id))?;
    let patients = rows
        .into_iter()
        .map(|(id, name, email, consent, observations, last_recorded_at)| PatientSummary {
            id,
            name,
            email,
            consent: match consent {
                None => ConsentStatus::NotSigned,
                Some(true) => ConsentStatus::Signed,
                Some(false) => ConsentStatus::Withdrawn,
            },
            observations,
            last_recorded_at,
        })
        .collect();
    Ok(Json(PatientList { patients }))
}

/// `GET /v1/patients/{id}/observations?since=&limit=`: pages like `/v1/sync/pull`.
pub async fn observations(
    State(state): State<AppState>,
    who: AuthUser,
    ip: ClientIp,
    ApiPath(id): ApiPath<String>,
    query: Result<Query<PullQuery>, axum::extract::rejection::QueryRejection>,
) -> ApiResult<Json<PullPage>> {
    clinicians_only(&who)?;
    let id = parse_id(&id)?;
    // Another deployment's patient is "not found", not "forbidden": no enumeration across.
    let same: Option<String> = crate::fetch_optional!(
        &state.db,
        sqlx::query_scalar("SELECT id FROM users WHERE id = $1 AND deployment_id = $2 AND role = 'patient'")
            .bind(&id)
            .bind(&who.deployment_id)
    )?;
    let id = same.ok_or_else(|| ApiError::NotFound(msg!("service-no-such-patient")))?;
    // A read that starts before the patient's first change reads their history from the start
    // (whatever cursor it names): that is what is audited, once per such read.
    let since =
        query.as_ref().ok().map(|Query(q)| super::sync::parse_cursor(q.since.as_deref())).transpose()?.unwrap_or(0);
    let page = super::sync::page(&state, &id, query).await?;
    let first: Option<i64> = crate::fetch_one!(
        &state.db,
        sqlx::query_scalar("SELECT MIN(change_seq) FROM observations WHERE user_id = $1").bind(&id)
    )?;
    if first.is_none_or(|f| since < f) {
        audit::record(
            &state.db,
            state.now(),
            audit::Entry {
                kind: "patient_data_viewed",
                deployment_id: Some(&who.deployment_id),
                user_id: Some(&id),
                actor_id: Some(&who.user_id),
                ip: ip.to_string_opt().as_deref(),
                detail: "",
            },
        )
        .await?;
    }
    Ok(Json(page))
}
