//! After the password: second-factor challenges, set-up tokens, sessions, step-up (reauth).

use crate::audit::{self, Entry};
use crate::crypto::{hash_token, random_token};
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, ApiPath, AuthUser, ClientIp};
use crate::model::{new_id, DeploymentRow, UserRow};
use crate::sessions::{start_session, summary, Device};
use crate::throttle::{self, address_gate, Guess};
use crate::twostep::{self, check_factor, configured_methods, SmsScope};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use haven_api::{
    AccountStatus, Factor, LoginOutcome, Policy, Reauth, ReauthOk, ResendAfter, Role, Secret, SetupNeed, SmsDelivery,
    StepMethod, VerifyChallenge,
};
use haven_i18n::msg;

pub fn two_step_mandatory(role: Role, policy: &Policy) -> bool {
    policy.two_step_mandatory(role)
}

/// What the password step answers for an active account with a correct password.
pub async fn after_password(
    state: &AppState,
    user: &UserRow,
    device: &Device<'_>,
    remembered: Option<&Secret>,
    ip: &str,
) -> ApiResult<LoginOutcome> {
    let now = state.now();
    let dep = DeploymentRow::by_id(&state.db, &user.deployment_id)
        .await?
        .ok_or_else(|| ApiError::internal("user without deployment"))?;
    let policy = dep.policy();
    let must = two_step_mandatory(user.role()?, &policy);
    let configured = configured_methods(user, &policy);
    if !must && user.two_step_method.is_none() {
        let tokens = start_session(state, user, device, ip, "password", now).await?;
        return Ok(LoginOutcome::Authenticated {
            tokens,
            user: summary(user)?,
            remembered_device_token: None,
            recovery_codes: None,
        });
    }
    if configured.is_empty() {
        let token = random_token("hvs_");
        insert_challenge(state, user, device, "setup", Some(hash_token(&token)), now + twostep::SETUP_TTL_S, now)
            .await?;
        audit::record(
            &state.db,
            now,
            Entry {
                kind: "setup_required",
                deployment_id: Some(&user.deployment_id),
                user_id: Some(&user.id),
                ip: Some(ip),
                ..Entry::default()
            },
        )
        .await?;
        let required = policy.factors().into_iter().map(SetupNeed::from).collect();
        return Ok(LoginOutcome::SetupRequired { setup_token: Secret(token), required });
    }
    if let Some(t) = remembered {
        if twostep::device_is_remembered(&state.db, &user.id, device.id, t.expose(), &policy, now).await? {
            let tokens = start_session(state, user, device, ip, "password + remembered device", now).await?;
            return Ok(LoginOutcome::Authenticated {
                tokens,
                user: summary(user)?,
                remembered_device_token: None,
                recovery_codes: None,
            });
        }
    }
    let challenge_id =
        insert_challenge(state, user, device, "login", None, now + twostep::CHALLENGE_TTL_S, now).await?;
    let methods = twostep::second_step_methods(&state.db, user, &policy).await?;
    let (mut sms_sent_to, mut sms_retry_after) = (None, None);
    if configured.first() == Some(&Factor::Sms) {
        let phone = user.phone.clone().unwrap_or_default();
        match twostep::send_sms_code(
            state,
            &user.id,
            SmsScope::Login { challenge_id: &challenge_id },
            &phone,
            policy.code_length,
            now,
        )
        .await
        {
            Ok(()) => sms_sent_to = Some(twostep::mask_phone(&phone)),
            // Over the hourly SMS limit: the challenge stands; the answer says when a text can be
            // asked for, and the app offers the other methods meanwhile.
            Err(ApiError::TooManyAttempts { retry_after_s }) => sms_retry_after = Some(retry_after_s),
            Err(e) => return Err(e),
        }
    }
    audit::record(
        &state.db,
        now,
        Entry {
            kind: "second_factor_challenged",
            deployment_id: Some(&user.deployment_id),
            user_id: Some(&user.id),
            ip: Some(ip),
            detail: &methods.iter().map(|m| m.as_str()).collect::<Vec<_>>().join(","),
            ..Entry::default()
        },
    )
    .await?;
    Ok(LoginOutcome::SecondFactorRequired {
        challenge_id,
        methods,
        sms_sent_to,
        sms_retry_after,
        expires_in: twostep::CHALLENGE_TTL_S as u64,
        remember_device_days: policy.remember_device_days,
    })
}

async fn insert_challenge(
    state: &AppState,
    user: &UserRow,
    device: &Device<'_>,
    kind: &str,
    setup_hash: Option<Vec<u8>>,
    expires_at: i64,
    now: i64,
) -> ApiResult<String> {
    let id = new_id();
    crate::execute!(&state.db, sqlx::query("INSERT INTO challenges (id, user_id, kind, device_id, device_name, platform, setup_token_hash, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)")
        .bind(&id)
        .bind(&user.id)
        .bind(kind)
        .bind(device.id.trim())
        .bind(device.name.trim())
        .bind(device.platform.trim())
        .bind(setup_hash)
        .bind(now)
        .bind(expires_at))?;
    Ok(id)
}

#[derive(sqlx::FromRow)]
pub struct ChallengeRow {
    pub id: String,
    pub user_id: String,
    pub device_id: String,
    pub device_name: String,
    pub platform: String,
    pub expires_at: i64,
    pub completed_at: Option<i64>,
    pub dead_at: Option<i64>,
}

/// A live login challenge and its (active) user, or the contract's error for why not.
async fn live_challenge(state: &AppState, id: &str, now: i64) -> ApiResult<(ChallengeRow, UserRow)> {
    let c: ChallengeRow = crate::fetch_optional!(&state.db, sqlx::query_as("SELECT id, user_id, device_id, device_name, platform, expires_at, completed_at, dead_at FROM challenges WHERE id = $1 AND kind = 'login'")
        .bind(id))?
        .ok_or_else(|| ApiError::NotFound(msg!("service-challenge-unknown")))?;
    if c.completed_at.is_some() {
        return Err(ApiError::Gone(msg!("service-challenge-completed")));
    }
    if c.dead_at.is_some() {
        return Err(ApiError::Gone(msg!("service-challenge-too-many-wrong")));
    }
    if now >= c.expires_at {
        return Err(ApiError::Gone(msg!("service-challenge-expired")));
    }
    let user = UserRow::by_id(&state.db, &c.user_id)
        .await?
        .ok_or_else(|| ApiError::NotFound(msg!("service-challenge-unknown")))?;
    match user.status(now) {
        AccountStatus::Active => Ok((c, user)),
        AccountStatus::Locked => Err(ApiError::Forbidden(msg!("service-account-locked-failures"))),
        AccountStatus::Blocked | AccountStatus::Unverified => {
            Err(ApiError::Forbidden(msg!("service-challenge-email-unverified")))
        }
    }
}

pub async fn verify(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    ApiPath(id): ApiPath<String>,
    ApiJson(req): ApiJson<VerifyChallenge>,
) -> ApiResult<Json<LoginOutcome>> {
    address_gate(&state, Guess::SecondFactor, ip).await?;
    let now = state.now();
    let ip_s = ip.to_string();
    let (c, user) = live_challenge(&state, &id, now).await?;
    let dep = DeploymentRow::by_id(&state.db, &user.deployment_id)
        .await?
        .ok_or_else(|| ApiError::internal("no deployment"))?;
    let policy = dep.policy();
    let configured = configured_methods(&user, &policy);
    if !req.method.factor().is_none_or(|f| configured.contains(&f)) {
        return Err(ApiError::field("method", msg!("service-method-not-set-up-or-allowed")));
    }
    // Reserve the attempt on the challenge (five at most) and on the account (the lock counts
    // consecutive failures) before checking, so concurrent guesses cannot exceed either limit.
    let reserved: Option<i64> = crate::fetch_optional!(&state.db, sqlx::query_scalar(
        "UPDATE challenges SET failures = failures + 1
         WHERE id = $1 AND failures < $2 AND dead_at IS NULL AND completed_at IS NULL AND expires_at > $3 RETURNING failures",
    )
    .bind(&c.id)
    .bind(twostep::CHALLENGE_MAX_FAILURES)
    .bind(now))?;
    let Some(tries) = reserved else {
        return Err(ApiError::Gone(msg!("service-challenge-too-many-wrong")));
    };
    let attempt = twostep::factor_attempt(&state.db, &user.id).await?;
    let ok =
        check_factor(&state, &user, req.method, req.code.expose(), Some(SmsScope::Login { challenge_id: &c.id }), now)
            .await;
    let ok = match ok {
        Ok(ok) => ok,
        Err(e) => {
            // Not a guess (no live SMS code, unknown method): give the attempts back.
            crate::execute!(
                &state.db,
                sqlx::query("UPDATE challenges SET failures = failures - 1 WHERE id = $1").bind(&c.id)
            )?;
            crate::execute!(&state.db, sqlx::query("UPDATE users SET second_factor_failures = CASE WHEN second_factor_failures > 0 THEN second_factor_failures - 1 ELSE 0 END WHERE id = $1")
                .bind(&user.id))?;
            return Err(e);
        }
    };
    if !ok {
        throttle::address_failed(&state, Guess::SecondFactor, ip, now).await?;
        twostep::factor_failed(&state, &user, attempt, &ip_s, now).await?;
        let left = twostep::CHALLENGE_MAX_FAILURES - tries;
        if left <= 0 {
            crate::execute!(
                &state.db,
                sqlx::query("UPDATE challenges SET dead_at = $1 WHERE id = $2 AND dead_at IS NULL")
                    .bind(now)
                    .bind(&c.id)
            )?;
            return Err(ApiError::Gone(msg!("service-challenge-too-many-wrong")));
        }
        return Err(ApiError::WrongCode(msg!("service-code-wrong-tries-left", left = left)));
    }
    let done = crate::execute!(
        &state.db,
        sqlx::query("UPDATE challenges SET completed_at = $1 WHERE id = $2 AND completed_at IS NULL")
            .bind(now)
            .bind(&c.id)
    )?;
    if done != 1 {
        return Err(ApiError::Gone(msg!("service-challenge-completed")));
    }
    twostep::factor_succeeded(&state.db, &user.id).await?;
    let device = Device { id: &c.device_id, name: &c.device_name, platform: &c.platform };
    let tokens =
        start_session(&state, &user, &device, &ip_s, &format!("password + {}", req.method.as_str()), now).await?;
    let mut remembered_device_token = None;
    if req.remember_device && policy.remember_device_days > 0 {
        let mut tx = state.db.begin().await?;
        remembered_device_token = Some(
            twostep::remember_device(
                &mut tx,
                &user.id,
                (&c.device_id, &c.device_name, &c.platform),
                policy.remember_device_days,
                now,
            )
            .await?,
        );
        audit::record(
            &mut tx,
            now,
            Entry {
                kind: "device_remembered",
                deployment_id: Some(&user.deployment_id),
                user_id: Some(&user.id),
                ip: Some(&ip_s),
                detail: &format!("{} days", policy.remember_device_days),
                ..Entry::default()
            },
        )
        .await?;
        tx.commit().await?;
    }
    Ok(Json(LoginOutcome::Authenticated {
        tokens,
        user: summary(&user)?,
        remembered_device_token,
        recovery_codes: None,
    }))
}

/// `GET /v1/auth/challenges/{id}/sms`: what became of the text with the challenge's code, so the
/// app can say "we could not send the code" instead of leaving the person waiting.
pub async fn sms_delivery(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Json<SmsDelivery>> {
    address_gate(&state, Guess::SecondFactor, ip).await?;
    let now = state.now();
    let (c, user) = live_challenge(&state, &id, now).await?;
    twostep::sms_delivery(&state.db, &user.id, SmsScope::Login { challenge_id: &c.id }, now)
        .await?
        .map(Json)
        .ok_or_else(|| ApiError::NotFound(msg!("service-no-text-sent")))
}

pub async fn resend_sms(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<(StatusCode, Json<ResendAfter>)> {
    address_gate(&state, Guess::SecondFactor, ip).await?;
    let now = state.now();
    let (c, user) = live_challenge(&state, &id, now).await?;
    let dep = DeploymentRow::by_id(&state.db, &user.deployment_id)
        .await?
        .ok_or_else(|| ApiError::internal("no deployment"))?;
    let policy = dep.policy();
    if !configured_methods(&user, &policy).contains(&Factor::Sms) {
        return Err(ApiError::Conflict(msg!("service-sms-not-set-up")));
    }
    let phone = user.phone.clone().unwrap_or_default();
    twostep::send_sms_code(&state, &user.id, SmsScope::Login { challenge_id: &c.id }, &phone, policy.code_length, now)
        .await?;
    Ok((
        StatusCode::ACCEPTED,
        Json(ResendAfter {
            resend_after_s: twostep::SMS_RESEND_GAP_S as u64,
            sent_to: Some(twostep::mask_phone(&phone)),
        }),
    ))
}

/// Completes a set-up challenge: marks it done and opens the session it was standing in for.
pub async fn complete_setup(
    state: &AppState,
    challenge_id: &str,
    user: &UserRow,
    ip: &str,
    recovery_codes: Option<Vec<Secret>>,
    now: i64,
) -> ApiResult<LoginOutcome> {
    let c: ChallengeRow = crate::fetch_one!(&state.db, sqlx::query_as("SELECT id, user_id, device_id, device_name, platform, expires_at, completed_at, dead_at FROM challenges WHERE id = $1")
        .bind(challenge_id))?;
    let done = crate::execute!(
        &state.db,
        sqlx::query(
            "UPDATE challenges SET completed_at = $1 WHERE id = $2 AND completed_at IS NULL AND dead_at IS NULL"
        )
        .bind(now)
        .bind(challenge_id)
    )?;
    if done != 1 {
        return Err(ApiError::Gone(msg!("service-setup-completed")));
    }
    twostep::kill_setup_tokens(&state.db, &user.id, Some(challenge_id), now).await?;
    let device = Device { id: &c.device_id, name: &c.device_name, platform: &c.platform };
    let tokens = start_session(state, user, &device, ip, "password + set-up of a second factor", now).await?;
    Ok(LoginOutcome::Authenticated { tokens, user: summary(user)?, remembered_device_token: None, recovery_codes })
}

pub async fn reauth(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    who: AuthUser,
    ApiJson(req): ApiJson<Reauth>,
) -> ApiResult<Json<ReauthOk>> {
    let ip_s = ip.to_string();
    let user = UserRow::by_id(&state.db, &who.user_id)
        .await?
        .ok_or_else(|| ApiError::Unauthenticated(msg!("service-account-gone")))?;
    let now = state.now();
    let how = match (&req.password, &req.method, &req.code) {
        (Some(pw), None, None) => {
            address_gate(&state, Guess::Password, ip).await?;
            if let Err(w) = throttle::account_attempt(
                &state.db,
                &state.config.limits,
                &throttle::account_key(&user.email, None),
                now,
            )
            .await?
            {
                return Err(ApiError::TooManyAttempts { retry_after_s: w });
            }
            let ok = state
                .hashing
                .verify(pw.expose().to_owned(), Some(user.password_hash.clone()))
                .await
                .map_err(ApiError::internal)?;
            if !ok {
                throttle::address_failed(&state, Guess::Password, ip, now).await?;
                return Err(ApiError::WrongCode(msg!("service-password-wrong")));
            }
            throttle::account_succeeded(&state.db, &throttle::account_key(&user.email, None)).await?;
            "password"
        }
        (None, Some(method), Some(code)) => {
            address_gate(&state, Guess::SecondFactor, ip).await?;
            let dep = DeploymentRow::by_id(&state.db, &user.deployment_id)
                .await?
                .ok_or_else(|| ApiError::internal("no deployment"))?;
            let usable = match method {
                StepMethod::Totp => configured_methods(&user, &dep.policy()).contains(&Factor::Totp),
                StepMethod::RecoveryCode => user.two_step_method.is_some(),
                StepMethod::Sms => false,
            };
            if !usable {
                return Err(ApiError::field("method", msg!("service-reauth-method-set-up")));
            }
            let attempt = twostep::factor_attempt(&state.db, &user.id).await?;
            if !check_factor(&state, &user, *method, code.expose(), None, now).await? {
                throttle::address_failed(&state, Guess::SecondFactor, ip, now).await?;
                twostep::factor_failed(&state, &user, attempt, &ip_s, now).await?;
                return Err(ApiError::WrongCode(msg!("service-code-wrong")));
            }
            twostep::factor_succeeded(&state.db, &user.id).await?;
            method.as_str()
        }
        _ => return Err(ApiError::InvalidRequest(msg!("service-reauth-password-or-code"))),
    };
    crate::execute!(
        &state.db,
        sqlx::query("UPDATE sessions SET reauth_at = $1 WHERE id = $2").bind(now).bind(&who.session_id)
    )?;
    audit::record(
        &state.db,
        now,
        Entry {
            kind: "reauthenticated",
            deployment_id: Some(&who.deployment_id),
            user_id: Some(&who.user_id),
            ip: Some(&ip_s),
            detail: how,
            ..Entry::default()
        },
    )
    .await?;
    Ok(Json(ReauthOk { reauth_until: crate::clock::rfc3339(now + twostep::REAUTH_WINDOW_S) }))
}
