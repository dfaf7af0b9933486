//! Administration: deployments, users (unblock, unlock, re-invite) and the audit log.

use crate::audit::{self, Entry};
use crate::clock::{parse_rfc3339, rfc3339};
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, ApiPath, AuthUser, ClientIp};
use crate::invites::{insert_deployment, issue_invite, managed_deployment, send_verification, Invitee};
use crate::model::{parse_id, DeploymentRow, UserRow};
use crate::AppState;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::Json;
use haven_api::{
    AccountStatus, AdminUser, AuditEvent, AuditPage, CreateDeployment, Deployment, Factor, InviteCreated, Policy,
    UserList,
};
use haven_i18n::msg;
use serde::Deserialize;

fn deployment_json(d: &DeploymentRow) -> Deployment {
    Deployment {
        id: d.id.clone(),
        name: d.name.clone(),
        enrolment_code: d.enrolment_code.clone(),
        policy: d.policy(),
        created_at: rfc3339(d.created_at),
    }
}

pub async fn create_deployment(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    who: AuthUser,
    ApiJson(req): ApiJson<CreateDeployment>,
) -> ApiResult<(StatusCode, Json<Deployment>)> {
    who.require_admin()?;
    let name = req.name.trim();
    if name.is_empty() || name.chars().count() > 200 || name.chars().any(haven_api::hidden_control) {
        return Err(ApiError::field("name", msg!("service-deployment-name", min = 1, max = 200)));
    }
    let now = state.now();
    let mut tx = state.db.begin().await?;
    let d = insert_deployment(&mut tx, name, Some(&who.user_id), now).await?;
    audit::record(
        &mut tx,
        now,
        Entry {
            kind: "deployment_created",
            deployment_id: Some(&d.id),
            actor_id: Some(&who.user_id),
            ip: Some(&ip.to_string()),
            detail: name,
            ..Entry::default()
        },
    )
    .await?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(deployment_json(&d))))
}

pub async fn get_deployment(
    State(state): State<AppState>,
    who: AuthUser,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Json<Deployment>> {
    who.require_admin()?;
    let d = managed_deployment(&state, &who, &id).await?;
    Ok(Json(deployment_json(&d)))
}

fn admin_user(u: &UserRow, now: i64) -> ApiResult<AdminUser> {
    Ok(AdminUser {
        id: u.id.clone(),
        email: u.email.clone(),
        name: u.name.clone(),
        role: u.role()?,
        status: u.status(now),
        created_at: rfc3339(u.created_at),
    })
}

pub async fn list_users(
    State(state): State<AppState>,
    who: AuthUser,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Json<UserList>> {
    who.require_admin()?;
    let d = managed_deployment(&state, &who, &id).await?;
    let rows: Vec<UserRow> = crate::fetch_all!(
        &state.db,
        sqlx::query_as(&format!(
            "SELECT {} FROM users WHERE deployment_id = $1 ORDER BY created_at, id",
            crate::model::USER_COLUMNS
        ))
        .bind(&d.id)
    )?;
    let now = state.now();
    Ok(Json(UserList { users: rows.iter().map(|u| admin_user(u, now)).collect::<ApiResult<_>>()? }))
}

/// The user `id`, if `who` administers their deployment.
async fn managed_user(state: &AppState, who: &AuthUser, id: &str) -> ApiResult<UserRow> {
    who.require_admin()?;
    let id = parse_id(id)?;
    let no_such_user = || ApiError::NotFound(msg!("service-no-such-user"));
    let user = UserRow::by_id(&state.db, &id).await?.ok_or_else(no_such_user)?;
    managed_deployment(state, who, &user.deployment_id).await.map_err(|_| no_such_user())?;
    Ok(user)
}

/// Unblocks an account blocked for not verifying its email in time: gives it a fresh 24 hours and
/// sends a new verification link.
pub async fn unblock(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    who: AuthUser,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Json<AdminUser>> {
    let user = managed_user(&state, &who, &id).await?;
    let now = state.now();
    if user.status(now) != AccountStatus::Blocked {
        // The status by its wire name (active, unverified, locked), as the admin's list shows it.
        return Err(ApiError::Conflict(msg!("service-not-blocked-status", status = user.status(now).as_str())));
    }
    let mut tx = state.db.begin().await?;
    // Conditional: of two unblocks at once, one acts (one link, one audit entry).
    let changed = crate::execute!(
        &mut tx,
        sqlx::query(
            "UPDATE users SET verify_deadline = $1
             WHERE id = $2 AND email_verified_at IS NULL AND locked_at IS NULL AND verify_deadline <= $3"
        )
        .bind(now + state.config.verify_ttl_s)
        .bind(&user.id)
        .bind(now)
    )?;
    if changed == 0 {
        return Err(ApiError::Conflict(msg!("service-not-blocked")));
    }
    // In the person's language (the app's they made the account in or last signed in from; the
    // administrator's for older accounts).
    let lang = user.lang().unwrap_or_else(crate::i18n::lang);
    send_verification(&mut tx, &state, &user.id, &user.email, now, lang).await?;
    audit::record(
        &mut tx,
        now,
        Entry {
            kind: "account_unblocked",
            deployment_id: Some(&user.deployment_id),
            user_id: Some(&user.id),
            actor_id: Some(&who.user_id),
            ip: Some(&ip.to_string()),
            ..Entry::default()
        },
    )
    .await?;
    tx.commit().await?;
    state.delivery.wake();
    let user =
        UserRow::by_id(&state.db, &user.id).await?.ok_or_else(|| ApiError::NotFound(msg!("service-no-such-user")))?;
    Ok(Json(admin_user(&user, now)?))
}

pub async fn unlock(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    who: AuthUser,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Json<AdminUser>> {
    let user = managed_user(&state, &who, &id).await?;
    let now = state.now();
    if user.locked_at.is_none() {
        return Err(ApiError::Conflict(msg!("service-not-locked")));
    }
    let mut tx = state.db.begin().await?;
    // Conditional: of two unlocks at once, one acts (one audit entry).
    let changed = crate::execute!(
        &mut tx,
        sqlx::query(
            "UPDATE users SET locked_at = NULL, second_factor_failures = 0 WHERE id = $1 AND locked_at IS NOT NULL"
        )
        .bind(&user.id)
    )?;
    if changed == 0 {
        return Err(ApiError::Conflict(msg!("service-not-locked")));
    }
    audit::record(
        &mut tx,
        now,
        Entry {
            kind: "account_unlocked",
            deployment_id: Some(&user.deployment_id),
            user_id: Some(&user.id),
            actor_id: Some(&who.user_id),
            ip: Some(&ip.to_string()),
            ..Entry::default()
        },
    )
    .await?;
    tx.commit().await?;
    let user =
        UserRow::by_id(&state.db, &user.id).await?.ok_or_else(|| ApiError::NotFound(msg!("service-no-such-user")))?;
    Ok(Json(admin_user(&user, now)?))
}

/// For a blocked account the contract offers "re-send the invite" beside unblock: this issues a
/// fresh invite for the same email and role after removing the never-verified account, so the
/// person starts sign-up again. Refused for verified accounts.
pub async fn resend_invite(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    who: AuthUser,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<(StatusCode, Json<InviteCreated>)> {
    let user = managed_user(&state, &who, &id).await?;
    let now = state.now();
    if user.status(now) != AccountStatus::Blocked || user.email.contains(".reinvited-") {
        return Err(ApiError::Conflict(msg!("service-reinvite-not-blocked")));
    }
    let dep = DeploymentRow::by_id(&state.db, &user.deployment_id)
        .await?
        .ok_or_else(|| ApiError::internal("user without deployment"))?;
    let mut tx = state.db.begin().await?;
    // The unverified account never signed in; free its email by renaming it out of the way,
    // keeping the row (and its audit trail) intact.
    crate::execute!(
        &mut tx,
        sqlx::query("UPDATE users SET email = $1 WHERE id = $2")
            .bind(format!("{}.reinvited-{}", user.email, user.id))
            .bind(&user.id)
    )?;
    let inv = issue_invite(
        &mut tx,
        &state,
        &dep,
        // Again in the person's language (the app's they made the account in).
        Invitee { email: &user.email, role: user.role()?, lang: user.lang().unwrap_or_else(crate::i18n::lang) },
        Some(&who.user_id),
        Some(&ip.to_string()),
    )
    .await?;
    audit::record(
        &mut tx,
        now,
        Entry {
            kind: "account_reinvited",
            deployment_id: Some(&user.deployment_id),
            user_id: Some(&user.id),
            actor_id: Some(&who.user_id),
            ip: Some(&ip.to_string()),
            detail: &format!("invite {}", inv.id),
        },
    )
    .await?;
    tx.commit().await?;
    state.delivery.wake();
    Ok((StatusCode::CREATED, Json(InviteCreated { id: inv.id, expires_at: rfc3339(inv.expires_at) })))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditQuery {
    user_id: Option<String>,
    since: Option<String>,
    limit: Option<u32>,
}

pub async fn audit(
    State(state): State<AppState>,
    who: AuthUser,
    query: Result<Query<AuditQuery>, axum::extract::rejection::QueryRejection>,
) -> ApiResult<Json<AuditPage>> {
    who.require_admin()?;
    let Query(q) = query.map_err(|e| ApiError::InvalidRequest(msg!("service-bad-query", detail = e.body_text())))?;
    let since = match q.since.as_deref() {
        Some(s) => parse_rfc3339(s).ok_or_else(|| ApiError::InvalidRequest(msg!("service-audit-since")))?,
        None => 0,
    };
    let user_id = q
        .user_id
        .as_deref()
        .map(parse_id)
        .transpose()
        .map_err(|_| ApiError::InvalidRequest(msg!("service-audit-user-id")))?;
    let limit = q.limit.unwrap_or(500).clamp(1, 5000);
    // Events of deployments this admin manages: their own, and those they created.
    let rows: Vec<(i64, i64, String, Option<String>, Option<String>, Option<String>, String)> = crate::fetch_all!(
        &state.db,
        sqlx::query_as(
            "SELECT a.id, a.at, a.kind, a.user_id, a.actor_id, a.ip, a.detail FROM audit_log a
         WHERE a.at >= $1 AND ($2 IS NULL OR a.user_id = $3)
           AND (a.deployment_id = $4 OR a.deployment_id IN (SELECT id FROM deployments WHERE created_by = $5))
         ORDER BY a.id LIMIT $6",
        )
        .bind(since)
        .bind(&user_id)
        .bind(&user_id)
        .bind(&who.deployment_id)
        .bind(&who.user_id)
        .bind(i64::from(limit))
    )?;
    Ok(Json(AuditPage {
        events: rows
            .into_iter()
            .map(|(id, at, kind, user_id, actor_id, ip, detail)| AuditEvent {
                id,
                at: rfc3339(at),
                kind,
                user_id,
                actor_id,
                ip,
                detail,
            })
            .collect(),
    }))
}

pub async fn put_policy(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    who: AuthUser,
    ApiPath(id): ApiPath<String>,
    ApiJson(p): ApiJson<Policy>,
) -> ApiResult<Json<Deployment>> {
    who.require_admin()?;
    let d = managed_deployment(&state, &who, &id).await?;
    let mut fields = std::collections::BTreeMap::new();
    let mut methods: Vec<String> = Vec::new();
    for m in &p.allowed_methods {
        match Factor::parse(m) {
            None => {
                fields.insert(
                    "allowed_methods".to_owned(),
                    msg!("service-policy-unknown-method", method = format!("{m:?}")),
                );
            }
            Some(f) if !methods.iter().any(|x| x == f.as_str()) => methods.push(f.as_str().to_owned()),
            Some(_) => {}
        }
    }
    if methods.is_empty() {
        fields.entry("allowed_methods".to_owned()).or_insert_with(|| msg!("service-policy-no-method"));
    }
    if !(4..=8).contains(&p.code_length) {
        fields.insert("code_length".to_owned(), msg!("service-policy-code-length", min = 4, max = 8));
    }
    if p.remember_device_days > 365 {
        fields.insert("remember_device_days".to_owned(), msg!("service-policy-remember-days", max = 365));
    }
    if !(30..=86_400).contains(&p.idle_timeout_max_s) {
        fields.insert("idle_timeout_max_s".to_owned(), msg!("service-policy-idle-timeout", seconds = 30, hours = 24));
    }
    if !fields.is_empty() {
        return Err(ApiError::Unprocessable(fields));
    }
    let now = state.now();
    let mut tx = state.db.begin().await?;
    crate::execute!(&mut tx, sqlx::query(
        "UPDATE deployments SET two_step_required = $1, allowed_methods = $2, code_length = $3, remember_device_days = $4,
         biometric_required = $5, idle_timeout_max_s = $6 WHERE id = $7",
    )
    .bind(p.two_step_required)
    .bind(methods.join(","))
    .bind(i64::from(p.code_length))
    .bind(i64::from(p.remember_device_days))
    .bind(p.biometric_required)
    .bind(i64::from(p.idle_timeout_max_s))
    .bind(&d.id))?;
    let before = serde_json::to_string(&d.policy()).map_err(ApiError::internal)?;
    let after = serde_json::to_string(&Policy { allowed_methods: methods, ..p }).map_err(ApiError::internal)?;
    audit::record(
        &mut tx,
        now,
        Entry {
            kind: "policy_changed",
            deployment_id: Some(&d.id),
            actor_id: Some(&who.user_id),
            ip: Some(&ip.to_string()),
            detail: &format!("{before} -> {after}"),
            ..Entry::default()
        },
    )
    .await?;
    tx.commit().await?;
    let d = DeploymentRow::by_id(&state.db, &d.id)
        .await?
        .ok_or_else(|| ApiError::NotFound(msg!("service-no-such-deployment")))?;
    Ok(Json(deployment_json(&d)))
}
