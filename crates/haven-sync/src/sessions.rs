//! Sessions: opening one (its tokens), and ending one. Shared by the password step, the second
//! step and two-step set-up.

use crate::audit::{self, Entry};
use crate::crypto::{hash_token, random_token};
use crate::db::Tx;
use crate::error::ApiResult;
use crate::model::{new_id, UserRow};
use crate::AppState;
use haven_api::{Secret, Tokens, UserSummary};

/// The device a session is opened on, as it named itself.
pub struct Device<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub platform: &'a str,
}

/// The user as a completed sign-in describes them.
pub fn summary(user: &UserRow) -> ApiResult<UserSummary> {
    Ok(UserSummary {
        id: user.id.clone(),
        email: user.email.clone(),
        name: user.name.clone(),
        role: user.role()?,
        deployment_id: user.deployment_id.clone(),
    })
}

/// Opens a session (its step-up window starts now: the user has just proved who they are).
pub async fn start_session(
    state: &AppState,
    user: &UserRow,
    device: &Device<'_>,
    ip: &str,
    how: &str,
    now: i64,
) -> ApiResult<haven_api::Tokens> {
    let session_id = new_id();
    let mut tx = state.db.begin().await?;
    crate::execute!(&mut tx, sqlx::query("INSERT INTO sessions (id, user_id, device_id, device_name, platform, created_at, reauth_at) VALUES ($1, $2, $3, $4, $5, $6, $7)")
        .bind(&session_id)
        .bind(&user.id)
        .bind(device.id.trim())
        .bind(device.name.trim())
        .bind(device.platform.trim())
        .bind(now)
        .bind(now))?;
    let tokens = mint_tokens(&mut tx, state, &session_id, now).await?;
    // Mail about the account that someone else causes is written in the language of the app
    // that last signed in — only once every step is passed (a password alone sets nothing).
    let lang = crate::i18n::lang();
    if user.lang() != Some(lang) {
        crate::execute!(
            &mut tx,
            sqlx::query("UPDATE users SET lang = $1 WHERE id = $2").bind(lang.code()).bind(&user.id)
        )?;
    }
    audit::record(
        &mut tx,
        now,
        Entry {
            kind: "login_succeeded",
            deployment_id: Some(&user.deployment_id),
            user_id: Some(&user.id),
            ip: Some(ip),
            detail: &format!("session {session_id}; {how}"),
            ..Entry::default()
        },
    )
    .await?;
    tx.commit().await?;
    Ok(tokens)
}

/// Mints an access token (15 min) and a refresh token for `session_id`.
pub async fn mint_tokens(tx: &mut Tx, state: &AppState, session_id: &str, now: i64) -> ApiResult<Tokens> {
    let access = random_token("hva_");
    let refresh = random_token("hvr_");
    crate::execute!(
        &mut *tx,
        sqlx::query("INSERT INTO access_tokens (token_hash, session_id, expires_at) VALUES ($1, $2, $3)")
            .bind(hash_token(&access))
            .bind(session_id)
            .bind(now + state.config.access_ttl_s)
    )?;
    crate::execute!(
        &mut *tx,
        sqlx::query(
            "INSERT INTO refresh_tokens (token_hash, session_id, created_at, expires_at) VALUES ($1, $2, $3, $4)"
        )
        .bind(hash_token(&refresh))
        .bind(session_id)
        .bind(now)
        .bind(now + state.config.refresh_ttl_s)
    )?;
    Ok(Tokens {
        access_token: Secret(access),
        refresh_token: Secret(refresh),
        expires_in: state.config.access_ttl_s as u64,
    })
}

/// Ends one session; its event streams, on every instance, end at once.
pub async fn revoke_session(state: &AppState, session_id: &str, reason: &str, now: i64) -> Result<(), sqlx::Error> {
    let mut tx = state.db.begin().await?;
    let user: Option<String> = crate::fetch_optional!(
        &mut tx,
        sqlx::query_scalar(
            "UPDATE sessions SET revoked_at = $1, revoked_reason = $2 WHERE id = $3 AND revoked_at IS NULL RETURNING user_id"
        )
        .bind(now)
        .bind(reason)
        .bind(session_id)
    )?;
    crate::execute!(&mut tx, sqlx::query("DELETE FROM access_tokens WHERE session_id = $1").bind(session_id))?;
    if let Some(user) = &user {
        crate::events::revocation(&mut tx, user).await?;
    }
    tx.commit().await?;
    if let Some(user) = user {
        state.events.wake(crate::events::Wake::User(user));
    }
    Ok(())
}

/// Ends every session of the user but `except` (the one making the change, if it stays signed
/// in): a lock, a password reset, a password change. Other instances' streams of the user end
/// when the transaction commits; the caller then wakes this one's (`AppState::events`).
pub async fn revoke_user_sessions(
    tx: &mut Tx,
    user_id: &str,
    except: Option<&str>,
    reason: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    crate::execute!(&mut *tx, sqlx::query(
        "UPDATE sessions SET revoked_at = $1, revoked_reason = $2 WHERE user_id = $3 AND revoked_at IS NULL AND id IS DISTINCT FROM $4",
    )
    .bind(now)
    .bind(reason)
    .bind(user_id)
    .bind(except))?;
    crate::execute!(&mut *tx, sqlx::query(
        "DELETE FROM access_tokens WHERE session_id IN (SELECT id FROM sessions WHERE user_id = $1 AND id IS DISTINCT FROM $2)",
    )
    .bind(user_id)
    .bind(except))?;
    crate::events::revocation(tx, user_id).await
}
