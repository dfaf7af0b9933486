//! Invitations, account creation, email verification.

use crate::audit::{self, Entry};
use crate::clock::rfc3339;
use crate::crypto::{hash_token, normalise_code};
use crate::delivery::enqueue_email;
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, ApiPath, AuthUser, ClientIp};
use crate::invites::{issue_invite, managed_deployment, send_verification, Invitee};
use crate::model::{new_id, DeploymentRow, UserRow};
use crate::password::{name_problem, normalise_email, password_problem};
use crate::throttle::{self, address_gate, Guess};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use haven_api::{
    AccountCreated, AccountStatus, CreateAccount, CreateInvite, InviteCreated, InviteInfo, ResendVerification, Role,
    VerifyEmail,
};
use haven_i18n::msg;
use std::collections::BTreeMap;

pub async fn create_invite(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    who: AuthUser,
    ApiJson(req): ApiJson<CreateInvite>,
) -> ApiResult<(StatusCode, Json<InviteCreated>)> {
    let allowed = match who.role {
        Role::Admin => true,
        Role::Clinician => req.role == Role::Patient,
        Role::Patient => false,
    };
    if !allowed {
        return Err(ApiError::Forbidden(msg!("service-invite-role-not-allowed")));
    }
    let email = normalise_email(&req.email).map_err(|m| ApiError::field("email", m))?;
    let deployment = managed_deployment(&state, &who, &req.deployment_id).await?;
    let now = state.now();
    // The invitation is written in the language its sender chose for the person, else in the
    // sender's.
    let lang = req.language.unwrap_or_else(crate::i18n::lang);
    if let Some(existing) = UserRow::by_email(&state.db, &email).await? {
        if existing.deployment_id == deployment.id {
            // Visible to this deployment's staff anyway (its user list).
            return Err(ApiError::Conflict(msg!("service-invite-has-account")));
        }
        // An account elsewhere: answer as for a new invite (no cross-deployment enumeration)
        // and tell the owner instead of creating an invite they could not use.
        let mut tx = state.db.begin().await?;
        let mail = crate::mail::invited_elsewhere(lang, existing.lang(), &deployment.name);
        enqueue_email(&mut tx, &state.config.server_key, now, &email, &mail.subject, &mail.body).await?;
        tx.commit().await?;
        state.delivery.wake();
        return Ok((
            StatusCode::CREATED,
            Json(InviteCreated { id: new_id(), expires_at: rfc3339(now + state.config.invite_ttl_s) }),
        ));
    }
    let mut tx = state.db.begin().await?;
    let to = Invitee { email: &email, role: req.role, lang };
    let inv = issue_invite(&mut tx, &state, &deployment, to, Some(&who.user_id), Some(&ip.to_string())).await?;
    tx.commit().await?;
    state.delivery.wake();
    Ok((StatusCode::CREATED, Json(InviteCreated { id: inv.id, expires_at: rfc3339(inv.expires_at) })))
}

#[derive(sqlx::FromRow)]
pub(super) struct InviteRow {
    id: String,
    deployment_id: String,
    pub(super) email: String,
    role: String,
    pub(super) expires_at: i64,
    used_at: Option<i64>,
    pub(super) deployment_name: String,
}

/// Finds an invite by its link token or its typed code; unknown ones count as failures of the
/// client address.
pub(super) async fn find_invite(state: &AppState, ip: std::net::IpAddr, token: &str) -> ApiResult<InviteRow> {
    address_gate(state, Guess::invite(token), ip).await?;
    let key = if token.starts_with("hvi_") { hash_token(token) } else { hash_token(&normalise_code(token)) };
    let row: Option<InviteRow> = crate::fetch_optional!(
        &state.db,
        sqlx::query_as(
            "SELECT i.id, i.deployment_id, i.email, i.role, i.expires_at, i.used_at, d.name AS deployment_name
         FROM invites i JOIN deployments d ON d.id = i.deployment_id WHERE i.token_hash = $1 OR i.code_hash = $2",
        )
        .bind(&key)
        .bind(&key)
    )?;
    let Some(row) = row else {
        throttle::address_failed(state, Guess::invite(token), ip, state.now()).await?;
        return Err(ApiError::NotFound(msg!("service-invite-unknown")));
    };
    if row.used_at.is_some() {
        return Err(ApiError::Gone(msg!("service-invite-used")));
    }
    if state.now() >= row.expires_at {
        return Err(ApiError::Gone(msg!("service-invite-expired")));
    }
    Ok(row)
}

pub async fn get_invite(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    ApiPath(token): ApiPath<String>,
) -> ApiResult<Json<InviteInfo>> {
    let row = find_invite(&state, ip, &token).await?;
    Ok(Json(InviteInfo {
        email: row.email,
        role: Role::parse(&row.role).ok_or_else(|| ApiError::internal("bad role"))?,
        deployment_name: row.deployment_name,
        expires_at: rfc3339(row.expires_at),
    }))
}

pub async fn create_account(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    ApiJson(req): ApiJson<CreateAccount>,
) -> ApiResult<(StatusCode, Json<AccountCreated>)> {
    let ip_s = ip.to_string();
    let mut fields = BTreeMap::new();
    if !req.accept_terms {
        fields.insert("accept_terms".to_owned(), msg!("service-accept-terms"));
    }
    if let Some(p) = name_problem(&req.name) {
        fields.insert("name".to_owned(), p);
    }
    // Who is joining, and where.
    let (invite, deployment, email, role) = match (&req.invite_token, &req.enrolment_code) {
        (Some(_), Some(_)) => return Err(ApiError::InvalidRequest(msg!("service-account-invite-or-code"))),
        (None, None) => return Err(ApiError::InvalidRequest(msg!("service-account-invite-or-code-missing"))),
        (Some(tok), None) => {
            let inv = find_invite(&state, ip, tok.expose()).await?;
            if let Some(e) = &req.email {
                if normalise_email(e).ok().as_deref() != Some(inv.email.as_str()) {
                    fields.insert("email".to_owned(), msg!("service-invite-other-email"));
                }
            }
            let dep = DeploymentRow::by_id(&state.db, &inv.deployment_id)
                .await?
                .ok_or_else(|| ApiError::internal("invite without deployment"))?;
            let role = Role::parse(&inv.role).ok_or_else(|| ApiError::internal("bad role"))?;
            let email = inv.email.clone();
            (Some(inv), dep, email, role)
        }
        (None, Some(code)) => {
            address_gate(&state, Guess::Code, ip).await?;
            let email = match req.email.as_deref().map(normalise_email) {
                Some(Ok(e)) => e,
                Some(Err(m)) => return Err(ApiError::field("email", m)),
                None => return Err(ApiError::field("email", msg!("service-email-missing"))),
            };
            let dep: Option<DeploymentRow> = crate::fetch_optional!(
                &state.db,
                sqlx::query_as("SELECT * FROM deployments WHERE enrolment_code = $1").bind(normalise_code(code))
            )?;
            let Some(dep) = dep else {
                throttle::address_failed(&state, Guess::Code, ip, state.now()).await?;
                return Err(ApiError::field("enrolment_code", msg!("service-enrolment-code-unknown")));
            };
            (None, dep, email, Role::Patient)
        }
    };
    if let Some(p) = password_problem(req.password.expose(), &email, req.name.trim()) {
        fields.insert("password".to_owned(), p);
    }
    if !fields.is_empty() {
        return Err(ApiError::Unprocessable(fields));
    }
    let existing = UserRow::by_email(&state.db, &email).await?;
    if let (Some(_), Some(inv)) = (&existing, &invite) {
        return Err(invite_taken(&state, &inv.id).await?);
    }
    let now = state.now();
    // Hash in both cases, so an existing address does not answer an Argon2 hash sooner.
    let hash = state.hashing.hash(req.password.expose().to_owned()).await.map_err(ApiError::internal)?;
    if let Some(existing) = existing {
        // Self-enrolment for an address that already has an account: answer exactly as for a new
        // one (no enumeration) and tell the owner by email instead, at most once a minute.
        let fake = (StatusCode::CREATED, Json(AccountCreated { user_id: new_id(), email_verification: "sent".into() }));
        if existing.last_verification_sent_at.is_some_and(|t| now - t < state.config.limits.resend_gap_s) {
            return Ok(fake);
        }
        let mut tx = state.db.begin().await?;
        // Claimed by one conditional statement: of two attempts at once (on any instances) one
        // sends.
        let claimed = crate::execute!(
            &mut tx,
            sqlx::query(
                "UPDATE users SET last_verification_sent_at = $1
                 WHERE id = $2 AND (last_verification_sent_at IS NULL OR last_verification_sent_at <= $3)"
            )
            .bind(now)
            .bind(&existing.id)
            .bind(now - state.config.limits.resend_gap_s)
        )?;
        if claimed == 0 {
            return Ok(fake);
        }
        let mail = crate::mail::account_exists(crate::i18n::lang(), existing.lang());
        enqueue_email(&mut tx, &state.config.server_key, now, &email, &mail.subject, &mail.body).await?;
        tx.commit().await?;
        state.delivery.wake();
        return Ok(fake);
    }
    let user_id = new_id();
    let mut tx = state.db.begin().await?;
    if let Some(inv) = &invite {
        let used = crate::execute!(
            &mut tx,
            sqlx::query("UPDATE invites SET used_at = $1, used_by = $2 WHERE id = $3 AND used_at IS NULL")
                .bind(now)
                .bind(&user_id)
                .bind(&inv.id)
        )?;
        if used != 1 {
            return Err(ApiError::Gone(msg!("service-invite-used")));
        }
    }
    let inserted = crate::execute!(&mut tx, sqlx::query(
        "INSERT INTO users (id, deployment_id, email, name, role, password_hash, terms_accepted_at, created_at, verify_deadline, lang)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT(email) DO NOTHING",
    )
    .bind(&user_id)
    .bind(&deployment.id)
    .bind(&email)
    .bind(req.name.trim())
    .bind(role.as_str())
    .bind(&hash)
    .bind(now)
    .bind(now)
    .bind(now + state.config.verify_ttl_s)
    .bind(crate::i18n::lang().code()))?;
    if inserted != 1 {
        drop(tx);
        return Err(match &invite {
            Some(inv) => invite_taken(&state, &inv.id).await?,
            None => ApiError::Conflict(msg!("service-account-exists")),
        });
    }
    send_verification(&mut tx, &state, &user_id, &email, now, crate::i18n::lang()).await?;
    audit::record(
        &mut tx,
        now,
        Entry {
            kind: "account_created",
            deployment_id: Some(&deployment.id),
            user_id: Some(&user_id),
            ip: Some(&ip_s),
            detail: &format!(
                "role {}{}",
                role.as_str(),
                if invite.is_some() { " via invite" } else { " via enrolment code" }
            ),
            ..Entry::default()
        },
    )
    .await?;
    tx.commit().await?;
    state.delivery.wake();
    Ok((StatusCode::CREATED, Json(AccountCreated { user_id, email_verification: "sent".into() })))
}

/// Why an invite cannot create the account its email already has: someone accepted this very
/// invite a moment ago (a second tap, another device: 410 like any used invite), or the address
/// had an account before (409).
async fn invite_taken(state: &AppState, invite_id: &str) -> ApiResult<ApiError> {
    let used: Option<i64> =
        crate::fetch_one!(&state.db, sqlx::query_scalar("SELECT used_at FROM invites WHERE id = $1").bind(invite_id))?;
    Ok(if used.is_some() {
        ApiError::Gone(msg!("service-invite-used"))
    } else {
        ApiError::Conflict(msg!("service-account-exists"))
    })
}

pub async fn verify_email(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    ApiJson(req): ApiJson<VerifyEmail>,
) -> ApiResult<Json<serde_json::Value>> {
    verify_email_token(&state, ip, req.token.expose()).await?;
    Ok(Json(serde_json::json!({ "status": "verified" })))
}

/// Verifies the address the token was mailed to (the app's route and the emailed link's page
/// share this). Verifying an already verified address again is fine.
pub(super) async fn verify_email_token(state: &AppState, ip: std::net::IpAddr, token: &str) -> ApiResult<()> {
    address_gate(state, Guess::Token, ip).await?;
    let now = state.now();
    let row: Option<(String, i64, Option<i64>)> = crate::fetch_optional!(
        &state.db,
        sqlx::query_as("SELECT user_id, expires_at, used_at FROM email_verifications WHERE token_hash = $1")
            .bind(hash_token(token))
    )?;
    let Some((user_id, expires_at, used_at)) = row else {
        throttle::address_failed(state, Guess::Token, ip, now).await?;
        return Err(ApiError::NotFound(msg!("service-verification-unknown")));
    };
    let user =
        UserRow::by_id(&state.db, &user_id).await?.ok_or_else(|| ApiError::internal("verification without user"))?;
    if user.email_verified_at.is_some() {
        return Ok(());
    }
    if used_at.is_some() {
        return Err(ApiError::Gone(msg!("service-verification-used")));
    }
    if now >= expires_at {
        return Err(ApiError::Gone(msg!("service-verification-expired")));
    }
    if user.status(now) == AccountStatus::Blocked {
        return Err(ApiError::Forbidden(msg!("service-account-blocked", hours = 24)));
    }
    let mut tx = state.db.begin().await?;
    crate::execute!(
        &mut tx,
        sqlx::query("UPDATE email_verifications SET used_at = $1 WHERE token_hash = $2")
            .bind(now)
            .bind(hash_token(token))
    )?;
    crate::execute!(
        &mut tx,
        sqlx::query("UPDATE users SET email_verified_at = $1 WHERE id = $2 AND email_verified_at IS NULL")
            .bind(now)
            .bind(&user_id)
    )?;
    audit::record(
        &mut tx,
        now,
        Entry {
            kind: "email_verified",
            deployment_id: Some(&user.deployment_id),
            user_id: Some(&user_id),
            ip: Some(&ip.to_string()),
            ..Entry::default()
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn resend_verification(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    ApiJson(req): ApiJson<ResendVerification>,
) -> ApiResult<(StatusCode, Json<serde_json::Value>)> {
    let accepted = (StatusCode::ACCEPTED, Json(serde_json::json!({ "status": "accepted" })));
    address_gate(&state, Guess::Token, ip).await?;
    // 202 always, as the contract says: a malformed address simply has no account to mail.
    let Ok(email) = normalise_email(&req.email) else { return Ok(accepted) };
    // The work (lookup, token, queueing) happens after the answer, so neither the response nor
    // its timing says whether the address has an account.
    // The mail is in the language of this request, which the task does not inherit.
    let (task_state, lang) = (state.clone(), crate::i18n::lang());
    tokio::spawn(async move {
        if let Err(e) = resend_in_background(&task_state, ip, &email, lang).await {
            tracing::warn!(error = %e, "resend verification failed");
        }
    });
    Ok(accepted)
}

async fn resend_in_background(
    state: &AppState,
    ip: std::net::IpAddr,
    email: &str,
    lang: haven_i18n::Lang,
) -> ApiResult<()> {
    let now = state.now();
    let Some(user) = UserRow::by_email(&state.db, email).await? else {
        return Ok(());
    };
    let recently = user.last_verification_sent_at.is_some_and(|t| now - t < state.config.limits.resend_gap_s);
    if user.status(now) != AccountStatus::Unverified || recently {
        return Ok(());
    }
    // Looked at again under the user's lock: two requests at once (on any instances) send once.
    let mut tx = state.db.begin_for_user(&user.id).await?;
    let last: Option<i64> = crate::fetch_one!(
        &mut tx,
        sqlx::query_scalar("SELECT last_verification_sent_at FROM users WHERE id = $1").bind(&user.id)
    )?;
    if last.is_some_and(|t| now - t < state.config.limits.resend_gap_s) {
        return Ok(());
    }
    send_verification(&mut tx, state, &user.id, email, now, lang).await?;
    audit::record(
        &mut tx,
        now,
        Entry {
            kind: "verification_resent",
            deployment_id: Some(&user.deployment_id),
            user_id: Some(&user.id),
            ip: Some(&ip.to_string()),
            ..Entry::default()
        },
    )
    .await?;
    tx.commit().await?;
    state.delivery.wake();
    Ok(())
}
