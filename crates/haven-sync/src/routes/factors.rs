//! Profile → Account: phone, authenticator app, two-step on/off, recovery codes, remembered
//! devices, settings, the clinicians' disclaimer. The phone and TOTP routes also accept a
//! set-up token, and then complete the sign-in they were standing in for.

use super::second_factor::{complete_setup, two_step_mandatory};
use crate::audit::{self, Entry};
use crate::clock::rfc3339;
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, ApiPath, AuthUser, ClientIp, Principal};
use crate::model::{DeploymentRow, UserRow};
use crate::throttle::{self, address_gate, Guess};
use crate::twostep::{self, SmsCheck, SmsScope};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use haven_api::{
    Code, Disclaimer, Factor, RecoveryCodes, RememberedDevice, RememberedDevices, ResendAfter, SetPhone, SetTwoStep,
    Settings, TotpEnrolment, TwoStep, TwoStepChanged,
};
use haven_i18n::msg;
use serde_json::{json, Value};

async fn load(state: &AppState, user_id: &str) -> ApiResult<(UserRow, DeploymentRow)> {
    let user = UserRow::by_id(&state.db, user_id)
        .await?
        .ok_or_else(|| ApiError::Unauthenticated(msg!("service-account-gone")))?;
    let dep = DeploymentRow::by_id(&state.db, &user.deployment_id)
        .await?
        .ok_or_else(|| ApiError::internal("user without deployment"))?;
    Ok((user, dep))
}

fn entry<'a>(user: &'a UserRow, kind: &'a str, ip: &'a str, detail: &'a str) -> Entry<'a> {
    Entry {
        kind,
        deployment_id: Some(&user.deployment_id),
        user_id: Some(&user.id),
        actor_id: Some(&user.id),
        ip: Some(ip),
        detail,
    }
}

/// Adding or changing a factor while two-step is on (or replacing a verified phone) is a
/// sensitive action: it needs a recent reauth. Set-up callers have no factor yet.
async fn reauth_for_factor_change(state: &AppState, who: &Principal, user: &UserRow, now: i64) -> ApiResult<()> {
    if let Principal::User(u) = who {
        if user.two_step_method.is_some() || user.phone_verified_at.is_some() || user.totp_secret.is_some() {
            twostep::require_reauth(&state.db, &u.session_id, now).await?;
        }
    }
    Ok(())
}

fn setup_id(who: &Principal) -> Option<&str> {
    match who {
        Principal::Setup(s) => Some(&s.challenge_id),
        Principal::User(_) => None,
    }
}

/// A set-up token may only set up a factor the deployment allows.
fn setup_may_use(who: &Principal, dep: &DeploymentRow, factor: Factor) -> ApiResult<()> {
    if matches!(who, Principal::Setup(_)) && !dep.policy().allows(factor) {
        return Err(not_allowed(factor));
    }
    Ok(())
}

fn not_allowed(factor: Factor) -> ApiError {
    ApiError::Forbidden(match factor {
        Factor::Sms => msg!("service-factor-sms-not-allowed"),
        Factor::Totp => msg!("service-factor-totp-not-allowed"),
    })
}

pub async fn put_phone(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    who: Principal,
    ApiJson(req): ApiJson<SetPhone>,
) -> ApiResult<(StatusCode, Json<ResendAfter>)> {
    address_gate(&state, Guess::SecondFactor, ip).await?;
    let (user, dep) = load(&state, who.user_id()).await?;
    setup_may_use(&who, &dep, Factor::Sms)?;
    let phone = twostep::parse_phone(&req.phone, req.country.as_deref()).map_err(|m| ApiError::field("phone", m))?;
    let now = state.now();
    reauth_for_factor_change(&state, &who, &user, now).await?;
    twostep::send_sms_code(&state, &user.id, SmsScope::Phone, &phone, dep.policy().code_length, now).await?;
    crate::execute!(
        &state.db,
        sqlx::query("UPDATE users SET pending_phone = $1 WHERE id = $2").bind(&phone).bind(&user.id)
    )?;
    audit::record(&state.db, now, entry(&user, "phone_code_sent", &ip.to_string(), &twostep::mask_phone(&phone)))
        .await?;
    Ok((
        StatusCode::ACCEPTED,
        Json(ResendAfter {
            resend_after_s: twostep::SMS_RESEND_GAP_S as u64,
            sent_to: Some(twostep::mask_phone(&phone)),
        }),
    ))
}

pub async fn verify_phone(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    who: Principal,
    ApiJson(req): ApiJson<Code>,
) -> ApiResult<Json<Value>> {
    address_gate(&state, Guess::SecondFactor, ip).await?;
    let (user, dep) = load(&state, who.user_id()).await?;
    setup_may_use(&who, &dep, Factor::Sms)?;
    let now = state.now();
    let ip_s = ip.to_string();
    let attempt = match &who {
        Principal::Setup(_) => Some(twostep::factor_attempt(&state.db, &user.id).await?),
        Principal::User(_) => None,
    };
    let phone = match twostep::check_sms_code(&state, &user.id, SmsScope::Phone, req.code.expose(), now).await? {
        SmsCheck::Ok { phone } => phone,
        SmsCheck::Wrong => {
            throttle::address_failed(&state, Guess::SecondFactor, ip, now).await?;
            if let Some(a) = attempt {
                twostep::factor_failed(&state, &user, a, &ip_s, now).await?;
            }
            return Err(ApiError::WrongCode(msg!("service-code-wrong")));
        }
        SmsCheck::NoCode => {
            if attempt.is_some() {
                crate::execute!(&state.db, sqlx::query(
                    "UPDATE users SET second_factor_failures = CASE WHEN second_factor_failures > 0 THEN second_factor_failures - 1 ELSE 0 END WHERE id = $1",
                )
                .bind(&user.id))?;
            }
            return Err(ApiError::Gone(msg!("service-code-expired")));
        }
    };
    let changed = user.phone.as_deref().is_some_and(|old| old != phone);
    let mut tx = state.db.begin().await?;
    crate::execute!(
        &mut tx,
        sqlx::query("UPDATE users SET phone = $1, phone_verified_at = $2, pending_phone = NULL WHERE id = $3")
            .bind(&phone)
            .bind(now)
            .bind(&user.id)
    )?;
    if changed {
        twostep::revoke_remembered_devices(&mut tx, &user.id, "phone_changed", now).await?;
    }
    twostep::kill_setup_tokens(&mut tx, &user.id, setup_id(&who), now).await?;
    audit::record(
        &mut tx,
        now,
        entry(&user, if changed { "phone_changed" } else { "phone_verified" }, &ip_s, &twostep::mask_phone(&phone)),
    )
    .await?;
    let mut recovery = None;
    let setup = matches!(who, Principal::Setup(_));
    if setup {
        crate::execute!(&mut tx, sqlx::query("UPDATE users SET two_step_method = 'sms' WHERE id = $1").bind(&user.id))?;
        recovery = Some(twostep::issue_recovery_codes(&mut tx, &state.config.server_key, &user.id, now).await?);
        audit::record(&mut tx, now, entry(&user, "two_step_enabled", &ip_s, "sms")).await?;
    }
    tx.commit().await?;
    if let Principal::Setup(s) = &who {
        twostep::factor_succeeded(&state.db, &user.id).await?;
        let user = UserRow::by_id(&state.db, &user.id).await?.ok_or_else(|| ApiError::internal("user vanished"))?;
        let outcome = complete_setup(&state, &s.challenge_id, &user, &ip_s, recovery, now).await?;
        return Ok(Json(serde_json::to_value(outcome).map_err(ApiError::internal)?));
    }
    Ok(Json(json!({ "phone": phone })))
}

pub async fn enrol_totp(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    who: Principal,
) -> ApiResult<Json<TotpEnrolment>> {
    address_gate(&state, Guess::SecondFactor, ip).await?;
    let (user, dep) = load(&state, who.user_id()).await?;
    let now = state.now();
    if !dep.policy().allows(Factor::Totp) {
        return Err(not_allowed(Factor::Totp));
    }
    reauth_for_factor_change(&state, &who, &user, now).await?;
    let mut secret = vec![0u8; 20];
    rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut secret);
    let t = twostep::totp(secret.clone(), &user.email).map_err(ApiError::internal)?;
    let url = t.to_url().map_err(ApiError::internal)?;
    let qr = qrcode::QrCode::new(url.as_bytes()).map_err(ApiError::internal)?;
    let svg = qr.render::<qrcode::render::svg::Color>().min_dimensions(200, 200).quiet_zone(true).build();
    let blob = state.config.server_key.encrypt(&user.id, &secret).map_err(ApiError::internal)?;
    crate::execute!(
        &state.db,
        sqlx::query("UPDATE users SET totp_pending = $1 WHERE id = $2").bind(blob).bind(&user.id)
    )?;
    audit::record(&state.db, now, entry(&user, "totp_enrolment_started", &ip.to_string(), "")).await?;
    Ok(Json(TotpEnrolment {
        secret: haven_api::Secret(t.secret().to_base32()),
        otpauth_url: haven_api::Secret(url),
        qr_svg: svg,
    }))
}

pub async fn confirm_totp(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    who: Principal,
    ApiJson(req): ApiJson<Code>,
) -> ApiResult<Json<Value>> {
    address_gate(&state, Guess::SecondFactor, ip).await?;
    let (user, dep) = load(&state, who.user_id()).await?;
    let now = state.now();
    let ip_s = ip.to_string();
    setup_may_use(&who, &dep, Factor::Totp)?;
    reauth_for_factor_change(&state, &who, &user, now).await?;
    let pending = user.totp_pending.as_ref().ok_or_else(|| ApiError::Conflict(msg!("service-totp-not-started")))?;
    let attempt = match &who {
        Principal::Setup(_) => Some(twostep::factor_attempt(&state.db, &user.id).await?),
        Principal::User(_) => None,
    };
    let step = twostep::totp_verify(
        &state.config.server_key,
        &user.id,
        &user.email,
        pending,
        req.code.expose(),
        now,
        user.totp_last_step,
    )
    .map_err(ApiError::internal)?;
    let Some(step) = step else {
        throttle::address_failed(&state, Guess::SecondFactor, ip, now).await?;
        if let Some(a) = attempt {
            twostep::factor_failed(&state, &user, a, &ip_s, now).await?;
        }
        return Err(ApiError::WrongCode(msg!("service-totp-code-wrong")));
    };
    let had_factor = user.two_step_method.is_some() || user.totp_secret.is_some();
    let mut tx = state.db.begin().await?;
    let r = crate::execute!(&mut tx, sqlx::query("UPDATE users SET totp_secret = totp_pending, totp_pending = NULL, totp_last_step = $1, two_step_method = 'totp' WHERE id = $2 AND totp_pending = $3")
        .bind(step)
        .bind(&user.id)
        .bind(pending))?;
    if r != 1 {
        return Err(ApiError::Conflict(msg!("service-totp-changed")));
    }
    if had_factor {
        twostep::revoke_remembered_devices(&mut tx, &user.id, "factor_changed", now).await?;
    }
    twostep::kill_setup_tokens(&mut tx, &user.id, setup_id(&who), now).await?;
    let codes = twostep::issue_recovery_codes(&mut tx, &state.config.server_key, &user.id, now).await?;
    audit::record(&mut tx, now, entry(&user, "totp_enabled", &ip_s, "")).await?;
    tx.commit().await?;
    twostep::factor_succeeded(&state.db, &user.id).await?;
    if let Principal::Setup(s) = &who {
        let user = UserRow::by_id(&state.db, &user.id).await?.ok_or_else(|| ApiError::internal("user vanished"))?;
        let outcome = complete_setup(&state, &s.challenge_id, &user, &ip_s, Some(codes), now).await?;
        return Ok(Json(serde_json::to_value(outcome).map_err(ApiError::internal)?));
    }
    Ok(Json(serde_json::to_value(RecoveryCodes { recovery_codes: codes }).map_err(ApiError::internal)?))
}

pub async fn set_two_step(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    who: AuthUser,
    ApiJson(req): ApiJson<SetTwoStep>,
) -> ApiResult<Json<TwoStepChanged>> {
    let (user, dep) = load(&state, &who.user_id).await?;
    let policy = dep.policy();
    let now = state.now();
    let ip_s = ip.to_string();
    if !req.enabled {
        if two_step_mandatory(user.role()?, &policy) {
            return Err(ApiError::Forbidden(msg!("service-two-step-required")));
        }
        twostep::require_reauth(&state.db, &who.session_id, now).await?;
        let mut tx = state.db.begin().await?;
        crate::execute!(&mut tx, sqlx::query("UPDATE users SET two_step_method = NULL WHERE id = $1").bind(&user.id))?;
        // Leftover recovery codes must not keep working as a factor (e.g. for reauth).
        crate::execute!(&mut tx, sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1").bind(&user.id))?;
        twostep::revoke_remembered_devices(&mut tx, &user.id, "two_step_disabled", now).await?;
        audit::record(&mut tx, now, entry(&user, "two_step_disabled", &ip_s, "")).await?;
        tx.commit().await?;
        return Ok(Json(TwoStepChanged { two_step: TwoStep { enabled: false, method: None }, recovery_codes: None }));
    }
    let current = user.factor()?;
    let method = req.method.or(current).ok_or_else(|| ApiError::field("method", msg!("service-two-step-choose")))?;
    if !policy.allows(method) {
        return Err(not_allowed(method));
    }
    match method {
        Factor::Sms if user.phone_verified_at.is_none() => {
            return Err(ApiError::Conflict(msg!("service-two-step-phone-first")))
        }
        Factor::Totp if user.totp_secret.is_none() => {
            return Err(ApiError::Conflict(msg!("service-two-step-totp-first")))
        }
        _ => {}
    }
    let switching = current.is_some_and(|m| m != method);
    if switching {
        twostep::require_reauth(&state.db, &who.session_id, now).await?;
    }
    let mut tx = state.db.begin().await?;
    crate::execute!(
        &mut tx,
        sqlx::query("UPDATE users SET two_step_method = $1 WHERE id = $2").bind(method.as_str()).bind(&user.id)
    )?;
    if switching {
        twostep::revoke_remembered_devices(&mut tx, &user.id, "factor_changed", now).await?;
    }
    let has_codes: i64 = crate::fetch_one!(
        &mut tx,
        sqlx::query_scalar("SELECT COUNT(*) FROM recovery_codes WHERE user_id = $1").bind(&user.id)
    )?;
    let recovery_codes = if has_codes == 0 {
        Some(twostep::issue_recovery_codes(&mut tx, &state.config.server_key, &user.id, now).await?)
    } else {
        None
    };
    audit::record(&mut tx, now, entry(&user, "two_step_enabled", &ip_s, method.as_str())).await?;
    tx.commit().await?;
    Ok(Json(TwoStepChanged { two_step: TwoStep { enabled: true, method: Some(method) }, recovery_codes }))
}

pub async fn new_recovery_codes(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    who: AuthUser,
) -> ApiResult<Json<RecoveryCodes>> {
    let (user, _) = load(&state, &who.user_id).await?;
    let now = state.now();
    twostep::require_reauth(&state.db, &who.session_id, now).await?;
    let off = || ApiError::Conflict(msg!("service-two-step-off"));
    if user.two_step_method.is_none() {
        return Err(off());
    }
    let mut tx = state.db.begin_for_user(&user.id).await?;
    // Looked at again under the lock: two-step may have been turned off meanwhile.
    let method: Option<String> = crate::fetch_one!(
        &mut tx,
        sqlx::query_scalar("SELECT two_step_method FROM users WHERE id = $1").bind(&user.id)
    )?;
    if method.is_none() {
        return Err(off());
    }
    let codes = twostep::issue_recovery_codes(&mut tx, &state.config.server_key, &user.id, now).await?;
    audit::record(&mut tx, now, entry(&user, "recovery_codes_regenerated", &ip.to_string(), "")).await?;
    tx.commit().await?;
    Ok(Json(RecoveryCodes { recovery_codes: codes }))
}

pub async fn devices(State(state): State<AppState>, who: AuthUser) -> ApiResult<Json<RememberedDevices>> {
    let now = state.now();
    let rows: Vec<(String, String, String, i64, i64, Option<i64>)> = crate::fetch_all!(
        &state.db,
        sqlx::query_as(
            "SELECT id, name, platform, created_at, expires_at, last_used_at FROM remembered_devices
         WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > $2 ORDER BY created_at DESC",
        )
        .bind(&who.user_id)
        .bind(now)
    )?;
    Ok(Json(RememberedDevices {
        devices: rows
            .into_iter()
            .map(|(id, name, platform, created, expires, used)| RememberedDevice {
                id,
                name,
                platform,
                created_at: rfc3339(created),
                expires_at: rfc3339(expires),
                last_used_at: used.map(rfc3339),
            })
            .collect(),
    }))
}

pub async fn forget_device(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    who: AuthUser,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<StatusCode> {
    let now = state.now();
    let r = crate::execute!(&state.db, sqlx::query("UPDATE remembered_devices SET revoked_at = $1, revoked_reason = 'forgotten' WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL")
        .bind(now)
        .bind(&id)
        .bind(&who.user_id))?;
    if r != 1 {
        return Err(ApiError::NotFound(msg!("service-no-such-device")));
    }
    audit::record(
        &state.db,
        now,
        Entry {
            kind: "device_forgotten",
            deployment_id: Some(&who.deployment_id),
            user_id: Some(&who.user_id),
            ip: Some(&ip.to_string()),
            detail: &id,
            ..Entry::default()
        },
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn settings(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    who: AuthUser,
    ApiJson(req): ApiJson<Settings>,
) -> ApiResult<Json<haven_api::Me>> {
    let (user, dep) = load(&state, &who.user_id).await?;
    let policy = dep.policy();
    let now = state.now();
    if req.biometric_login == Some(false) && policy.biometric_required {
        return Err(ApiError::Forbidden(msg!("service-biometric-required")));
    }
    if let Some(l) = &req.lock_when_idle {
        if l.timeout_s == 0 || l.timeout_s > 86_400 {
            return Err(ApiError::field(
                "lock_when_idle.timeout_s",
                msg!("service-lock-timeout", seconds = 1, hours = 24),
            ));
        }
    }
    // "" clears the choice; anything else must be a zone the time-zone database knows.
    let zone = match req.time_zone.as_deref() {
        None => None,
        Some("") => Some(None),
        Some(name) => Some(Some(crate::export::Zone::from_field("time_zone", name)?)),
    };
    let mut tx = state.db.begin().await?;
    if let Some(zone) = &zone {
        crate::execute!(
            &mut tx,
            sqlx::query("UPDATE users SET time_zone = $1 WHERE id = $2")
                .bind(zone.as_ref().map(|z| z.name.as_str()))
                .bind(&user.id)
        )?;
    }
    if let Some(b) = req.biometric_login {
        crate::execute!(
            &mut tx,
            sqlx::query("UPDATE users SET biometric_login = $1 WHERE id = $2").bind(b).bind(&user.id)
        )?;
    }
    if let Some(l) = &req.lock_when_idle {
        let capped = l.timeout_s.min(policy.idle_timeout_max_s.max(1));
        crate::execute!(
            &mut tx,
            sqlx::query("UPDATE users SET lock_enabled = $1, lock_timeout_s = $2 WHERE id = $3")
                .bind(l.enabled)
                .bind(i64::from(capped))
                .bind(&user.id)
        )?;
    }
    let detail = format!(
        "biometric_login={:?} lock_when_idle={:?} time_zone={:?}",
        req.biometric_login,
        req.lock_when_idle.as_ref().map(|l| (l.enabled, l.timeout_s)),
        req.time_zone,
    );
    audit::record(&mut tx, now, entry(&user, "settings_changed", &ip.to_string(), &detail)).await?;
    tx.commit().await?;
    super::me::me(State(state), who).await
}

pub async fn disclaimer(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    who: AuthUser,
    ApiJson(req): ApiJson<Disclaimer>,
) -> ApiResult<Json<Value>> {
    if !req.accepted {
        return Err(ApiError::field("accepted", msg!("service-disclaimer")));
    }
    let (user, _) = load(&state, &who.user_id).await?;
    let now = state.now();
    let at = match user.disclaimer_accepted_at {
        Some(t) => t,
        None => {
            crate::execute!(
                &state.db,
                sqlx::query(
                    "UPDATE users SET disclaimer_accepted_at = $1 WHERE id = $2 AND disclaimer_accepted_at IS NULL"
                )
                .bind(now)
                .bind(&user.id)
            )?;
            audit::record(&state.db, now, entry(&user, "disclaimer_accepted", &ip.to_string(), "")).await?;
            now
        }
    };
    Ok(Json(json!({ "disclaimer_accepted_at": rfc3339(at) })))
}
