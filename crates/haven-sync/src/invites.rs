//! Onboarding shared by several routes: deployments (and who may manage one), invitations with
//! their email, and email verification links.

use crate::audit::{self, Entry};
use crate::clock::rfc3339;
use crate::crypto::{hash_token, random_code, random_token};
use crate::db::{IntoEx, Tx};
use crate::delivery::enqueue_email;
use crate::error::{ApiError, ApiResult};
use crate::extract::AuthUser;
use crate::model::{new_id, parse_id, DeploymentRow};
use crate::AppState;
use haven_api::Role;
use haven_i18n::{msg, Lang};

/// Inserts a deployment (used by the route and by `haven-sync bootstrap`).
pub async fn insert_deployment(
    db: impl IntoEx<'_>,
    name: &str,
    created_by: Option<&str>,
    now: i64,
) -> ApiResult<DeploymentRow> {
    let d = DeploymentRow {
        id: new_id(),
        name: name.to_owned(),
        enrolment_code: random_code(8),
        created_by: created_by.map(str::to_owned),
        created_at: now,
        two_step_required: false,
        allowed_methods: "sms,totp".into(),
        code_length: 6,
        remember_device_days: 90,
        biometric_required: false,
        idle_timeout_max_s: 900,
    };
    crate::execute!(
        db,
        sqlx::query(
            "INSERT INTO deployments (id, name, enrolment_code, created_by, created_at) VALUES ($1, $2, $3, $4, $5)"
        )
        .bind(&d.id)
        .bind(&d.name)
        .bind(&d.enrolment_code)
        .bind(&d.created_by)
        .bind(now)
    )?;
    Ok(d)
}

/// The deployment `id` if `who` may manage it: an admin of it, or the admin who created it.
/// Clinicians may act on their own deployment only (inviting patients).
pub async fn managed_deployment(state: &AppState, who: &AuthUser, id: &str) -> ApiResult<DeploymentRow> {
    let not_found = || ApiError::NotFound(msg!("service-no-such-deployment"));
    let id = parse_id(id).map_err(|_| not_found())?;
    let dep = DeploymentRow::by_id(&state.db, &id).await?.ok_or_else(not_found)?;
    let own = dep.id == who.deployment_id;
    let creator = dep.created_by.as_deref() == Some(who.user_id.as_str());
    let ok = match who.role {
        Role::Admin => own || creator,
        Role::Clinician => own,
        Role::Patient => false,
    };
    if ok {
        Ok(dep)
    } else {
        Err(ApiError::Forbidden(msg!("service-not-your-deployment")))
    }
}

/// What a new invite hands back to whoever created it (the link goes out by email as well).
pub struct IssuedInvite {
    pub id: String,
    pub token: String,
    pub code: String,
    pub link: String,
    pub expires_at: i64,
}

/// Whom an invite is for, and the language its email is written in.
pub struct Invitee<'a> {
    pub email: &'a str,
    pub role: Role,
    pub lang: Lang,
}

/// Creates an invite and queues its email, inside the caller's transaction.
pub async fn issue_invite(
    tx: &mut Tx,
    state: &AppState,
    deployment: &DeploymentRow,
    Invitee { email, role, lang }: Invitee<'_>,
    created_by: Option<&str>,
    ip: Option<&str>,
) -> ApiResult<IssuedInvite> {
    let now = state.now();
    let id = new_id();
    let token = random_token("hvi_");
    let code = random_code(10);
    let expires_at = now + state.config.invite_ttl_s;
    crate::execute!(&mut *tx, sqlx::query(
        "INSERT INTO invites (id, deployment_id, email, role, token_hash, code_hash, created_by, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(&id)
    .bind(&deployment.id)
    .bind(email)
    .bind(role.as_str())
    .bind(hash_token(&token))
    .bind(hash_token(&code))
    .bind(created_by)
    .bind(now)
    .bind(expires_at))?;
    let link = format!("{}/invite/{token}", state.config.public_url.trim_end_matches('/'));
    let mail = crate::mail::invite(
        lang,
        &deployment.name,
        role,
        &link,
        &format!("{}-{}", &code[..5], &code[5..]),
        &rfc3339(expires_at),
    );
    enqueue_email(&mut *tx, &state.config.server_key, now, email, &mail.subject, &mail.body).await?;
    audit::record(
        &mut *tx,
        now,
        Entry {
            kind: "invite_created",
            deployment_id: Some(&deployment.id),
            actor_id: created_by,
            ip,
            detail: &format!("invite {id} for role {}", role.as_str()),
            ..Entry::default()
        },
    )
    .await?;
    Ok(IssuedInvite { id, token, code, link, expires_at })
}

/// Queues a fresh 24-hour verification link for `user`, its mail in `lang` (the language of the
/// request that caused it).
pub async fn send_verification(
    tx: &mut Tx,
    state: &AppState,
    user_id: &str,
    email: &str,
    now: i64,
    lang: Lang,
) -> ApiResult<()> {
    let token = random_token("hve_");
    crate::execute!(
        &mut *tx,
        sqlx::query(
            "INSERT INTO email_verifications (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)"
        )
        .bind(hash_token(&token))
        .bind(user_id)
        .bind(now)
        .bind(now + state.config.verify_ttl_s)
    )?;
    crate::execute!(
        &mut *tx,
        sqlx::query("UPDATE users SET last_verification_sent_at = $1 WHERE id = $2").bind(now).bind(user_id)
    )?;
    let link = format!("{}/verify-email?token={token}", state.config.public_url.trim_end_matches('/'));
    let mail = crate::mail::verification(lang, &link, &token);
    enqueue_email(&mut *tx, &state.config.server_key, now, email, &mail.subject, &mail.body).await?;
    Ok(())
}
