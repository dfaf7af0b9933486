//! Getting back in and changing the password (NIST SP 800-63B-4, OWASP ASVS 5 V6):
//!
//! - A reset is asked for by email address and always answered alike (202), after the answer is
//!   sent, so nobody learns whether the address has an account. The email carries a single-use
//!   token (stored as its SHA-256) that works for 30 minutes; a newer one replaces it. At most one
//!   email a minute and five an hour go to an account.
//! - Completing it needs the token, a new password that meets the rules and, when the account has
//!   two-step verification, a second-step code (five wrong ones end the token, and they count
//!   towards the account's lock). Then every session and remembered device of the account ends,
//!   and the owner is told by email.
//! - Changing it needs the current password and a reauth in the last 10 minutes; the other
//!   sessions end, and the owner is told by email.

use crate::audit::{self, Entry};
use crate::clock::rfc3339;
use crate::crypto::{hash_token, random_token};
use crate::delivery::enqueue_email;
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, AuthUser, ClientIp};
use crate::model::{new_id, DeploymentRow, UserRow};
use crate::password::{normalise_email, password_problem};
use crate::sessions::revoke_user_sessions;
use crate::throttle::{self, address_gate, Guess};
use crate::twostep::{self, check_factor, SmsScope};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use haven_api::{
    AccountStatus, ChangePassword, CompletePasswordReset, PasswordResetCheck, PasswordResetToken, RequestPasswordReset,
    SmsDelivery, SmsDeliveryState, StepMethod,
};
use haven_i18n::{msg, Lang};
use serde_json::json;
use std::net::IpAddr;

/// How long a reset link works.
pub const RESET_TTL_S: i64 = 30 * 60;
/// Reset emails one account may get in an hour.
const RESETS_PER_HOUR: i64 = 5;
/// Wrong second-step codes before the link stops working.
const RESET_MAX_FAILURES: i64 = 5;

/// `POST /v1/auth/password-reset` → 202, whatever the address.
pub async fn request(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    ApiJson(req): ApiJson<RequestPasswordReset>,
) -> ApiResult<(StatusCode, Json<serde_json::Value>)> {
    address_gate(&state, Guess::Token, ip).await?;
    let accepted = (StatusCode::ACCEPTED, Json(json!({ "status": "accepted" })));
    let Ok(email) = normalise_email(&req.email) else { return Ok(accepted) };
    // The work happens after the answer, so neither the answer nor its timing tells whether the
    // address has an account.
    // The mail is in the language of this request, which the task does not inherit.
    let (task_state, lang) = (state.clone(), crate::i18n::lang());
    tokio::spawn(async move {
        if let Err(e) = send_reset(&task_state, ip, &email, lang).await {
            tracing::warn!(error = %e, "password reset email failed");
        }
    });
    Ok(accepted)
}

async fn send_reset(state: &AppState, ip: IpAddr, email: &str, lang: Lang) -> ApiResult<()> {
    let now = state.now();
    let Some(user) = UserRow::by_email(&state.db, email).await? else { return Ok(()) };
    // The limits are checked and the new token written under the user's write lock.
    let mut tx = state.db.begin_for_user(&user.id).await?;
    let sent: Vec<i64> =
        crate::fetch_all!(&mut tx, sqlx::query_scalar(
        "SELECT created_at FROM password_resets WHERE user_id = $1 AND created_at > $2 ORDER BY created_at DESC",
    )
    .bind(&user.id)
    .bind(now - 3600))?;
    let too_soon = sent.first().is_some_and(|t| now - t < state.config.limits.resend_gap_s);
    if too_soon || sent.len() as i64 >= RESETS_PER_HOUR {
        return Ok(());
    }
    // Only the newest link works.
    crate::execute!(
        &mut tx,
        sqlx::query(
            "UPDATE password_resets SET dead_at = $1 WHERE user_id = $2 AND used_at IS NULL AND dead_at IS NULL"
        )
        .bind(now)
        .bind(&user.id)
    )?;
    let token = random_token("hvp_");
    crate::execute!(
        &mut tx,
        sqlx::query(
            "INSERT INTO password_resets (id, user_id, token_hash, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)"
        )
        .bind(new_id())
        .bind(&user.id)
        .bind(hash_token(&token))
        .bind(now)
        .bind(now + RESET_TTL_S)
    )?;
    let link = format!("{}/reset-password?token={token}", state.config.public_url.trim_end_matches('/'));
    let mail = crate::mail::password_reset_link(lang, &link, &token, RESET_TTL_S / 60);
    enqueue_email(&mut tx, &state.config.server_key, now, &user.email, &mail.subject, &mail.body).await?;
    let ip = ip.to_string();
    let entry = Entry {
        kind: "password_reset_requested",
        deployment_id: Some(&user.deployment_id),
        user_id: Some(&user.id),
        ip: Some(&ip),
        ..Entry::default()
    };
    audit::record(&mut tx, now, entry).await?;
    tx.commit().await?;
    state.delivery.wake();
    Ok(())
}

#[derive(sqlx::FromRow)]
struct ResetRow {
    id: String,
    user_id: String,
    expires_at: i64,
    used_at: Option<i64>,
    dead_at: Option<i64>,
}

/// The live reset a token names, and its account; anything else is the contract's error. An
/// unknown token counts as a failure of the address.
async fn live_reset(state: &AppState, ip: IpAddr, token: &str, now: i64) -> ApiResult<(ResetRow, UserRow)> {
    address_gate(state, Guess::Token, ip).await?;
    let row: Option<ResetRow> = crate::fetch_optional!(
        &state.db,
        sqlx::query_as("SELECT id, user_id, expires_at, used_at, dead_at FROM password_resets WHERE token_hash = $1")
            .bind(hash_token(token.trim()))
    )?;
    let Some(row) = row else {
        throttle::address_failed(state, Guess::Token, ip, now).await?;
        return Err(ApiError::NotFound(msg!("service-reset-unknown")));
    };
    if row.used_at.is_some() {
        return Err(ApiError::Gone(msg!("service-reset-used")));
    }
    if row.dead_at.is_some() {
        return Err(ApiError::Gone(msg!("service-reset-dead")));
    }
    if now >= row.expires_at {
        return Err(ApiError::Gone(msg!("service-reset-expired", minutes = RESET_TTL_S / 60)));
    }
    let user = UserRow::by_id(&state.db, &row.user_id)
        .await?
        .ok_or_else(|| ApiError::NotFound(msg!("service-reset-unknown")))?;
    match user.status(now) {
        AccountStatus::Active | AccountStatus::Unverified => Ok((row, user)),
        AccountStatus::Locked => Err(ApiError::Forbidden(msg!("service-account-locked-failures"))),
        AccountStatus::Blocked => Err(ApiError::Forbidden(msg!("service-account-blocked-in-time"))),
    }
}

/// The second-step methods completing a reset of this account needs (empty: two-step is off).
async fn reset_methods(state: &AppState, user: &UserRow) -> ApiResult<Vec<StepMethod>> {
    if user.two_step_method.is_none() {
        return Ok(Vec::new());
    }
    let dep = DeploymentRow::by_id(&state.db, &user.deployment_id)
        .await?
        .ok_or_else(|| ApiError::internal("user without deployment"))?;
    twostep::second_step_methods(&state.db, user, &dep.policy()).await
}

/// `POST /v1/auth/password-reset/check`: what completing will need; sends the texted code when
/// that is the account's first method (again when asked again, within the SMS limits).
pub async fn check(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    ApiJson(req): ApiJson<PasswordResetToken>,
) -> ApiResult<Json<PasswordResetCheck>> {
    let now = state.now();
    let (reset, user) = live_reset(&state, ip, req.token.expose(), now).await?;
    let methods = reset_methods(&state, &user).await?;
    let (mut sms_sent_to, mut sms_retry_after) = (None, None);
    if methods.first() == Some(&StepMethod::Sms) {
        let dep = DeploymentRow::by_id(&state.db, &user.deployment_id)
            .await?
            .ok_or_else(|| ApiError::internal("user without deployment"))?;
        let phone = user.phone.clone().unwrap_or_default();
        // The code is scoped to this reset, as a sign-in code is to its challenge.
        let scope = SmsScope::Login { challenge_id: &reset.id };
        match twostep::send_sms_code(&state, &user.id, scope, &phone, dep.policy().code_length, now).await {
            Ok(()) => sms_sent_to = Some(twostep::mask_phone(&phone)),
            // The link opened again within 30 s: the code already sent still works, unless its
            // text could not be sent (then the wait is said, as over the limits).
            Err(ApiError::TooManyAttempts { retry_after_s })
                if twostep::live_sms_code(&state.db, &user.id, scope, now).await? =>
            {
                let failed = twostep::sms_delivery(&state.db, &user.id, scope, now)
                    .await?
                    .is_some_and(|d| d.state == SmsDeliveryState::Failed);
                if failed {
                    sms_retry_after = Some(retry_after_s);
                } else {
                    sms_sent_to = Some(twostep::mask_phone(&phone));
                }
            }
            // Over the SMS limits: say when, and let a recovery code (or the app) complete it.
            Err(ApiError::TooManyAttempts { retry_after_s }) => sms_retry_after = Some(retry_after_s),
            Err(e) => return Err(e),
        }
    }
    Ok(Json(PasswordResetCheck {
        email: user.email,
        methods,
        sms_sent_to,
        sms_retry_after,
        expires_in: (reset.expires_at - now) as u64,
    }))
}

/// `POST /v1/auth/password-reset/sms {token}`: what became of the text carrying the reset's
/// newest code (as for a sign-in challenge), so the reset screen can say that a gateway failed
/// instead of leaving the person waiting. The token travels in the body, never in a URL.
pub async fn sms_delivery(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    ApiJson(req): ApiJson<PasswordResetToken>,
) -> ApiResult<Json<SmsDelivery>> {
    let now = state.now();
    let (reset, user) = live_reset(&state, ip, req.token.expose(), now).await?;
    twostep::sms_delivery(&state.db, &user.id, SmsScope::Login { challenge_id: &reset.id }, now)
        .await?
        .map(Json)
        .ok_or_else(|| ApiError::NotFound(msg!("service-no-text-sent")))
}

/// `POST /v1/auth/password-reset/complete` → 204: the new password is set, every session and
/// remembered device ends, and the owner is told.
pub async fn complete(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    ApiJson(req): ApiJson<CompletePasswordReset>,
) -> ApiResult<StatusCode> {
    let now = state.now();
    let ip_s = ip.to_string();
    let (reset, user) = live_reset(&state, ip, req.token.expose(), now).await?;
    if let Some(p) = password_problem(req.password.expose(), &user.email, &user.name) {
        return Err(ApiError::field("password", p));
    }
    let methods = reset_methods(&state, &user).await?;
    let how = if methods.is_empty() {
        "email link"
    } else {
        let (Some(method), Some(code)) = (req.method, req.code.as_ref()) else {
            return Err(ApiError::field("code", msg!("service-reset-code-needed")));
        };
        if !methods.contains(&method) {
            return Err(ApiError::field("method", msg!("service-method-not-set-up")));
        }
        // Reserve the attempt on the link (five) and on the account (the lock) first.
        let reserved: Option<i64> = crate::fetch_optional!(
            &state.db,
            sqlx::query_scalar(
                "UPDATE password_resets SET failures = failures + 1
             WHERE id = $1 AND failures < $2 AND used_at IS NULL AND dead_at IS NULL RETURNING failures",
            )
            .bind(&reset.id)
            .bind(RESET_MAX_FAILURES)
        )?;
        let Some(tries) = reserved else {
            return Err(ApiError::Gone(msg!("service-reset-too-many-wrong")));
        };
        let attempt = twostep::factor_attempt(&state.db, &user.id).await?;
        let scope = SmsScope::Login { challenge_id: &reset.id };
        let right = match check_factor(&state, &user, method, code.expose(), Some(scope), now).await {
            Ok(right) => right,
            Err(e) => {
                // Not a guess (no live texted code): give the attempts back.
                crate::execute!(
                    &state.db,
                    sqlx::query("UPDATE password_resets SET failures = failures - 1 WHERE id = $1").bind(&reset.id)
                )?;
                crate::execute!(&state.db, sqlx::query(
                    "UPDATE users SET second_factor_failures = CASE WHEN second_factor_failures > 0 THEN second_factor_failures - 1 ELSE 0 END WHERE id = $1",
                )
                .bind(&user.id))?;
                return Err(e);
            }
        };
        if !right {
            throttle::address_failed(&state, Guess::SecondFactor, ip, now).await?;
            twostep::factor_failed(&state, &user, attempt, &ip_s, now).await?;
            let left = RESET_MAX_FAILURES - tries;
            if left <= 0 {
                crate::execute!(
                    &state.db,
                    sqlx::query("UPDATE password_resets SET dead_at = $1 WHERE id = $2 AND dead_at IS NULL")
                        .bind(now)
                        .bind(&reset.id)
                )?;
                return Err(ApiError::Gone(msg!("service-reset-too-many-wrong")));
            }
            return Err(ApiError::WrongCode(msg!("service-code-wrong-tries-left", left = left)));
        }
        twostep::factor_succeeded(&state.db, &user.id).await?;
        "email link + second step"
    };
    let hash = state.hashing.hash(req.password.expose().to_owned()).await.map_err(ApiError::internal)?;
    // The user's row is locked first, as every other writer of this user does (a reset
    // requested or a password changed meanwhile would otherwise lock in the other order).
    let mut tx = state.db.begin_for_user(&user.id).await?;
    // Single use: of two completions at once, one wins.
    let used = crate::execute!(
        &mut tx,
        sqlx::query("UPDATE password_resets SET used_at = $1 WHERE id = $2 AND used_at IS NULL AND dead_at IS NULL")
            .bind(now)
            .bind(&reset.id)
    )?;
    if used != 1 {
        return Err(ApiError::Gone(msg!("service-reset-used")));
    }
    // The link proves the address, so an unverified one is verified now.
    crate::execute!(
        &mut tx,
        sqlx::query(
            "UPDATE users SET password_hash = $1, email_verified_at = COALESCE(email_verified_at, $2) WHERE id = $3"
        )
        .bind(&hash)
        .bind(now)
        .bind(&user.id)
    )?;
    crate::execute!(
        &mut tx,
        sqlx::query(
            "UPDATE password_resets SET dead_at = $1 WHERE user_id = $2 AND used_at IS NULL AND dead_at IS NULL"
        )
        .bind(now)
        .bind(&user.id)
    )?;
    revoke_user_sessions(&mut tx, &user.id, None, "password_reset", now).await?;
    twostep::revoke_remembered_devices(&mut tx, &user.id, "password_reset", now).await?;
    twostep::kill_setup_tokens(&mut tx, &user.id, None, now).await?;
    let mail = crate::mail::password_reset_done(crate::i18n::lang(), user.lang(), &rfc3339(now));
    enqueue_email(&mut tx, &state.config.server_key, now, &user.email, &mail.subject, &mail.body).await?;
    let entry = Entry {
        kind: "password_reset",
        deployment_id: Some(&user.deployment_id),
        user_id: Some(&user.id),
        ip: Some(&ip_s),
        detail: how,
        ..Entry::default()
    };
    audit::record(&mut tx, now, entry).await?;
    tx.commit().await?;
    // The signed-out sessions' event streams end now.
    state.events.wake(crate::events::Wake::User(user.id.clone()));
    // A successful reset proves who is there: the password back-off starts afresh.
    throttle::account_succeeded(&state.db, &throttle::account_key(&user.email, None)).await?;
    state.delivery.wake();
    Ok(StatusCode::NO_CONTENT)
}

/// `PUT /v1/me/password` → 204: needs the current password and a reauth in the last 10 minutes;
/// the other sessions end and the owner is told.
pub async fn change(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    who: AuthUser,
    ApiJson(req): ApiJson<ChangePassword>,
) -> ApiResult<StatusCode> {
    address_gate(&state, Guess::Password, ip).await?;
    let now = state.now();
    twostep::require_reauth(&state.db, &who.session_id, now).await?;
    let user = UserRow::by_id(&state.db, &who.user_id)
        .await?
        .ok_or_else(|| ApiError::Unauthenticated(msg!("service-account-gone")))?;
    if let Err(w) =
        throttle::account_attempt(&state.db, &state.config.limits, &throttle::account_key(&user.email, None), now)
            .await?
    {
        return Err(ApiError::TooManyAttempts { retry_after_s: w });
    }
    let right = state
        .hashing
        .verify(req.current_password.expose().to_owned(), Some(user.password_hash.clone()))
        .await
        .map_err(ApiError::internal)?;
    if !right {
        throttle::address_failed(&state, Guess::Password, ip, now).await?;
        return Err(ApiError::field("current_password", msg!("service-current-password-wrong")));
    }
    throttle::account_succeeded(&state.db, &throttle::account_key(&user.email, None)).await?;
    if req.new_password.expose() == req.current_password.expose() {
        return Err(ApiError::field("new_password", msg!("service-new-password-same")));
    }
    if let Some(p) = password_problem(req.new_password.expose(), &user.email, &user.name) {
        return Err(ApiError::field("new_password", p));
    }
    let hash = state.hashing.hash(req.new_password.expose().to_owned()).await.map_err(ApiError::internal)?;
    let mut tx = state.db.begin().await?;
    crate::execute!(
        &mut tx,
        sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2").bind(&hash).bind(&user.id)
    )?;
    revoke_user_sessions(&mut tx, &user.id, Some(&who.session_id), "password_changed", now).await?;
    // A reset link asked for earlier would undo this change.
    crate::execute!(
        &mut tx,
        sqlx::query(
            "UPDATE password_resets SET dead_at = $1 WHERE user_id = $2 AND used_at IS NULL AND dead_at IS NULL"
        )
        .bind(now)
        .bind(&user.id)
    )?;
    let mail = crate::mail::password_changed(crate::i18n::lang(), user.lang(), &rfc3339(now));
    enqueue_email(&mut tx, &state.config.server_key, now, &user.email, &mail.subject, &mail.body).await?;
    let ip_s = ip.to_string();
    let entry = Entry {
        kind: "password_changed",
        deployment_id: Some(&user.deployment_id),
        user_id: Some(&user.id),
        ip: Some(&ip_s),
        ..Entry::default()
    };
    audit::record(&mut tx, now, entry).await?;
    tx.commit().await?;
    // The other sessions' event streams end now.
    state.events.wake(crate::events::Wake::User(user.id.clone()));
    state.delivery.wake();
    Ok(StatusCode::NO_CONTENT)
}
