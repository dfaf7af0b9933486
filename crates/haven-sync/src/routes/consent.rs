//! Legal documents (public, versioned) and informed consent: sign the current text, withdraw
//! with a recent reauth. While consent is withdrawn (or was never given) the service takes no
//! new observations; what is already held stays readable and exportable.

use crate::audit;
use crate::clock::rfc3339;
use crate::db::{Db, IntoEx};
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, ApiPath, AuthUser, ClientIp};
use crate::twostep;
use crate::AppState;
use axum::extract::State;
use axum::Json;
use haven_api::{ConsentState, ConsentStatus, LegalDocument, LegalList, LegalSummary, Role, SignConsent};
use haven_i18n::msg;

const LATEST: &str = "ORDER BY published_at DESC, version DESC";

/// The consent text's version in force now.
pub async fn current_consent_version(db: impl IntoEx<'_>) -> ApiResult<String> {
    crate::fetch_optional!(
        db,
        sqlx::query_scalar(&format!("SELECT version FROM legal_documents WHERE slug = 'consent' {LATEST} LIMIT 1"))
    )?
    .ok_or_else(|| ApiError::internal("no consent document"))
}

/// The user's consent as the contract shows it (the latest signature decides).
pub async fn consent_state(db: &Db, user_id: &str) -> ApiResult<ConsentState> {
    let current_version = current_consent_version(db).await?;
    let row: Option<(String, i64, Option<i64>)> = crate::fetch_optional!(
        db,
        sqlx::query_as(
            "SELECT version, signed_at, withdrawn_at FROM consents WHERE user_id = $1 ORDER BY id DESC LIMIT 1",
        )
        .bind(user_id)
    )?;
    Ok(match row {
        None => ConsentState {
            status: ConsentStatus::NotSigned,
            version: None,
            signed_at: None,
            withdrawn_at: None,
            current_version,
        },
        Some((version, signed_at, withdrawn_at)) => ConsentState {
            status: if withdrawn_at.is_some() { ConsentStatus::Withdrawn } else { ConsentStatus::Signed },
            version: Some(version),
            signed_at: Some(rfc3339(signed_at)),
            withdrawn_at: withdrawn_at.map(rfc3339),
            current_version,
        },
    })
}

/// Refuses new data unless the user's consent is signed and not withdrawn. Runs inside the push
/// transaction, so a withdrawal and a push cannot interleave.
pub async fn require_collecting(db: impl IntoEx<'_>, user_id: &str) -> ApiResult<()> {
    let row: Option<Option<i64>> = crate::fetch_optional!(
        db,
        sqlx::query_scalar("SELECT withdrawn_at FROM consents WHERE user_id = $1 ORDER BY id DESC LIMIT 1")
            .bind(user_id)
    )?;
    match row {
        Some(None) => Ok(()),
        Some(Some(_)) => Err(ApiError::ConsentWithdrawn),
        None => Err(ApiError::Forbidden(msg!("service-consent-not-signed"))),
    }
}

type DocRow = (String, String, String, i64, String);

fn summary((slug, title, version, published_at, _): &DocRow) -> LegalSummary {
    LegalSummary {
        slug: slug.clone(),
        title: title.clone(),
        version: version.clone(),
        published_at: rfc3339(*published_at),
    }
}

/// `GET /v1/legal`: the latest version of each document.
pub async fn list(State(state): State<AppState>) -> ApiResult<Json<LegalList>> {
    let rows: Vec<DocRow> = crate::fetch_all!(&state.db, sqlx::query_as(
        "SELECT slug, title, version, published_at, '' FROM legal_documents d
         WHERE version = (SELECT version FROM legal_documents e WHERE e.slug = d.slug ORDER BY published_at DESC, version DESC LIMIT 1)
         ORDER BY CASE slug WHEN 'terms' THEN 0 WHEN 'privacy' THEN 1 WHEN 'consent' THEN 2 ELSE 3 END, slug",
    ))?;
    Ok(Json(LegalList { documents: rows.iter().map(summary).collect() }))
}

/// `GET /v1/legal/{slug}`: the latest version of one document.
pub async fn get(State(state): State<AppState>, ApiPath(slug): ApiPath<String>) -> ApiResult<Json<LegalDocument>> {
    let row: Option<DocRow> = crate::fetch_optional!(
        &state.db,
        sqlx::query_as(&format!(
            "SELECT slug, title, version, published_at, body FROM legal_documents WHERE slug = $1 {LATEST} LIMIT 1"
        ))
        .bind(&slug)
    )?;
    let row = row.ok_or_else(|| ApiError::NotFound(msg!("service-no-such-document")))?;
    let s = summary(&row);
    Ok(Json(LegalDocument {
        slug: s.slug,
        title: s.title,
        version: s.version,
        published_at: s.published_at,
        body: row.4,
    }))
}

pub async fn get_consent(State(state): State<AppState>, who: AuthUser) -> ApiResult<Json<ConsentState>> {
    Ok(Json(consent_state(&state.db, &who.user_id).await?))
}

fn patients_only(who: &AuthUser) -> ApiResult<()> {
    if who.role != Role::Patient {
        return Err(ApiError::Forbidden(msg!("service-consent-patients-only")));
    }
    Ok(())
}

/// `POST /v1/me/consent {version}`: signs the current text (again, after a withdrawal).
pub async fn sign(
    State(state): State<AppState>,
    who: AuthUser,
    ip: ClientIp,
    ApiJson(req): ApiJson<SignConsent>,
) -> ApiResult<Json<ConsentState>> {
    patients_only(&who)?;
    let now = state.now();
    // Under the user's write lock, like a push: a signature, a withdrawal and a push of one
    // patient never interleave, whichever instances they reach.
    let mut tx = state.db.begin_for_user(&who.user_id).await?;
    let current = current_consent_version(&mut tx).await?;
    if req.version != current {
        return Err(ApiError::field("version", msg!("service-consent-not-current", version = current.as_str())));
    }
    let open: Option<String> = crate::fetch_optional!(
        &mut tx,
        sqlx::query_scalar(
            "SELECT version FROM consents WHERE user_id = $1 AND withdrawn_at IS NULL ORDER BY id DESC LIMIT 1",
        )
        .bind(&who.user_id)
    )?;
    if open.as_deref() != Some(current.as_str()) {
        crate::execute!(
            &mut tx,
            sqlx::query("INSERT INTO consents (user_id, version, signed_at) VALUES ($1, $2, $3)")
                .bind(&who.user_id)
                .bind(&current)
                .bind(now)
        )?;
        let detail = format!("version {current}");
        audit::record(
            &mut tx,
            now,
            audit::Entry {
                kind: "consent_signed",
                deployment_id: Some(&who.deployment_id),
                user_id: Some(&who.user_id),
                actor_id: Some(&who.user_id),
                ip: ip.to_string_opt().as_deref(),
                detail: &detail,
            },
        )
        .await?;
    }
    tx.commit().await?;
    Ok(Json(consent_state(&state.db, &who.user_id).await?))
}

/// `POST /v1/me/consent/withdraw` (reauth): stops data collection from now on.
pub async fn withdraw(State(state): State<AppState>, who: AuthUser, ip: ClientIp) -> ApiResult<Json<ConsentState>> {
    patients_only(&who)?;
    let now = state.now();
    twostep::require_reauth(&state.db, &who.session_id, now).await?;
    let mut tx = state.db.begin_for_user(&who.user_id).await?;
    let done = crate::execute!(&mut tx, sqlx::query("UPDATE consents SET withdrawn_at = $1 WHERE id = (SELECT id FROM consents WHERE user_id = $2 ORDER BY id DESC LIMIT 1) AND withdrawn_at IS NULL")
        .bind(now)
        .bind(&who.user_id))?
        ;
    if done == 0 {
        return Err(ApiError::Conflict(msg!("service-consent-nothing-to-withdraw")));
    }
    audit::record(
        &mut tx,
        now,
        audit::Entry {
            kind: "consent_withdrawn",
            deployment_id: Some(&who.deployment_id),
            user_id: Some(&who.user_id),
            actor_id: Some(&who.user_id),
            ip: ip.to_string_opt().as_deref(),
            detail: "",
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Json(consent_state(&state.db, &who.user_id).await?))
}
