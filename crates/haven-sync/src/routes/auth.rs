//! Login (password step), token refresh with rotation and reuse detection, logout.

use super::second_factor::after_password;
use crate::audit::{self, Entry};
use crate::crypto::hash_token;
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, AuthUser, ClientIp};
use crate::model::{DeploymentRow, UserRow};
use crate::password::normalise_email;
use crate::sessions::{mint_tokens, revoke_session, Device};
use crate::throttle;
use crate::throttle::{address_gate, Guess};
use crate::twostep::RememberedDevice;
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use haven_api::{AccountStatus, Login, LoginOutcome, Refresh, Refreshed};
use haven_i18n::msg;

fn check_device(d: &haven_api::DeviceInfo) -> ApiResult<()> {
    let bad = |s: &str| s.trim().is_empty() || s.chars().count() > 200 || s.chars().any(haven_api::hidden_control);
    for (name, v) in [("device.id", &d.id), ("device.name", &d.name), ("device.platform", &d.platform)] {
        if bad(v) {
            return Err(ApiError::field(name, msg!("service-printable-characters", min = 1, max = 200)));
        }
    }
    Ok(())
}

pub async fn login(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    ApiJson(req): ApiJson<Login>,
) -> ApiResult<Json<LoginOutcome>> {
    check_device(&req.device)?;
    let ip_s = ip.to_string();
    let limits = &state.config.limits;
    // A malformed address cannot have an account; treat it like an unknown one (same work, same
    // answer) rather than revealing anything through a different error.
    let email = normalise_email(&req.email).unwrap_or_else(|_| req.email.trim().to_lowercase());
    let user = UserRow::by_email(&state.db, &email).await?;
    // A remembered device (its token, its id, this account) has its own count and is not held by
    // its address's limit: see throttle.rs.
    let device = match &req.remembered_device_token {
        Some(t) => remembered_device(&state, user.as_ref(), &req.device.id, t.expose()).await?,
        None => None,
    };
    let account = throttle::account_key(&email, device.as_deref());
    // Both limits count this attempt before the password is checked (a success gives it back).
    let by_address = device.is_none();
    if by_address {
        if let Err(retry_after_s) = throttle::address_reserve(&state, Guess::Password, ip, state.now()).await? {
            return Err(ApiError::TooManyAttempts { retry_after_s });
        }
    }
    if let Err(retry_after_s) = throttle::account_attempt(&state.db, limits, &account, state.now()).await? {
        if by_address {
            throttle::address_forgive(&state, Guess::Password, ip).await?;
        }
        return Err(ApiError::TooManyAttempts { retry_after_s });
    }
    let ok = state
        .hashing
        .verify(req.password.expose().to_owned(), user.as_ref().map(|u| u.password_hash.clone()))
        .await
        .map_err(ApiError::internal)?;
    let now = state.now();
    let known = user.as_ref().map(|u| (u.id.clone(), u.deployment_id.clone()));
    let Some(user) = user.filter(|_| ok) else {
        audit::record(
            &state.db,
            now,
            Entry {
                kind: "login_failed",
                user_id: known.as_ref().map(|k| k.0.as_str()),
                deployment_id: known.as_ref().map(|k| k.1.as_str()),
                ip: Some(&ip_s),
                detail: "wrong email or password",
                ..Entry::default()
            },
        )
        .await?;
        return Err(ApiError::InvalidCredentials);
    };
    throttle::account_succeeded(&state.db, &account).await?;
    if by_address {
        throttle::address_forgive(&state, Guess::Password, ip).await?;
    }
    let dep = Some(user.deployment_id.as_str());
    match user.status(now) {
        AccountStatus::Locked => return Err(ApiError::Forbidden(msg!("service-account-locked-failures"))),
        AccountStatus::Blocked => {
            audit::record(
                &state.db,
                now,
                Entry {
                    kind: "login_refused_blocked",
                    deployment_id: dep,
                    user_id: Some(&user.id),
                    ip: Some(&ip_s),
                    ..Entry::default()
                },
            )
            .await?;
            return Err(ApiError::Forbidden(msg!("service-account-blocked", hours = 24)));
        }
        AccountStatus::Unverified => return Ok(Json(LoginOutcome::EmailVerificationRequired { email: user.email })),
        AccountStatus::Active => {}
    }
    let device = Device { id: &req.device.id, name: &req.device.name, platform: &req.device.platform };
    let outcome = after_password(&state, &user, &device, req.remembered_device_token.as_ref(), &ip_s).await?;
    Ok(Json(outcome))
}

/// The id of the account's remembered device the sign-in presents, if it is one.
/// The token is looked up first by itself, so the work done does not depend on whether the email
/// has an account (only on whether the token is real, which whoever holds it knows already).
async fn remembered_device(
    state: &AppState,
    user: Option<&UserRow>,
    device_id: &str,
    token: &str,
) -> ApiResult<Option<String>> {
    let Some(d) = RememberedDevice::by_token(&state.db, token).await? else { return Ok(None) };
    let Some(user) = user.filter(|u| u.id == d.user_id) else { return Ok(None) };
    let policy = DeploymentRow::by_id(&state.db, &user.deployment_id)
        .await?
        .ok_or_else(|| ApiError::internal("user without deployment"))?
        .policy();
    Ok(d.proves(&user.id, device_id, &policy, state.now()).then_some(d.id))
}

pub async fn refresh(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    ApiJson(req): ApiJson<Refresh>,
) -> ApiResult<Json<Refreshed>> {
    address_gate(&state, Guess::Token, ip).await?;
    let now = state.now();
    let hash = hash_token(req.refresh_token.expose());
    let row: Option<(String, i64, Option<i64>, Option<i64>, String, String, Option<i64>)> = crate::fetch_optional!(
        &state.db,
        sqlx::query_as(
            "SELECT r.session_id, r.expires_at, r.used_at, s.revoked_at, s.user_id, u.deployment_id, u.locked_at
         FROM refresh_tokens r JOIN sessions s ON s.id = r.session_id JOIN users u ON u.id = s.user_id
         WHERE r.token_hash = $1",
        )
        .bind(&hash)
    )?;
    let Some((session_id, expires_at, used_at, revoked_at, user_id, deployment_id, locked_at)) = row else {
        throttle::address_failed(&state, Guess::Token, ip, now).await?;
        return Err(ApiError::Unauthenticated(msg!("service-refresh-token-invalid")));
    };
    if revoked_at.is_some() {
        return Err(ApiError::Unauthenticated(msg!("service-session-ended")));
    }
    if locked_at.is_some() {
        return Err(ApiError::Forbidden(msg!("service-account-locked")));
    }
    let mut tx = state.db.begin().await?;
    // Mark used only if unused: a concurrent second use of the same token loses this race and is
    // treated as reuse.
    let fresh = used_at.is_none()
        && crate::execute!(
            &mut tx,
            sqlx::query("UPDATE refresh_tokens SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL")
                .bind(now)
                .bind(&hash)
        )? == 1;
    if !fresh {
        drop(tx);
        revoke_session(&state, &session_id, "refresh_token_reused", now).await?;
        audit::record(
            &state.db,
            now,
            Entry {
                kind: "refresh_token_reused",
                deployment_id: Some(&deployment_id),
                user_id: Some(&user_id),
                ip: Some(&ip.to_string()),
                detail: &format!("session {session_id} revoked"),
                ..Entry::default()
            },
        )
        .await?;
        return Err(ApiError::Unauthenticated(msg!("service-refresh-token-reused")));
    }
    if now >= expires_at {
        return Err(ApiError::Unauthenticated(msg!("service-session-expired")));
    }
    let tokens = mint_tokens(&mut tx, &state, &session_id, now).await?;
    tx.commit().await?;
    Ok(Json(Refreshed { tokens }))
}

pub async fn logout(State(state): State<AppState>, ClientIp(ip): ClientIp, who: AuthUser) -> ApiResult<StatusCode> {
    let now = state.now();
    revoke_session(&state, &who.session_id, "logout", now).await?;
    audit::record(
        &state.db,
        now,
        Entry {
            kind: "logout",
            deployment_id: Some(&who.deployment_id),
            user_id: Some(&who.user_id),
            ip: Some(&ip.to_string()),
            detail: &format!("session {}", who.session_id),
            ..Entry::default()
        },
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}
