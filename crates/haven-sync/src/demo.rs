//! The demo deployment created on the first start of a development service (`serve --demo`, and
//! the desktop app's bundled service): an admin account, a clinician invite and the patients'
//! enrolment code.

use crate::audit::{self, Entry};
use crate::crypto::random_code;
use crate::invites::{insert_deployment, issue_invite, Invitee};
use crate::AppState;
use haven_api::Role;
use haven_i18n::Lang;

pub const ADMIN_EMAIL: &str = "admin@demo.haven.test";
pub const CLINICIAN_EMAIL: &str = "clinician@demo.haven.test";

#[derive(Debug, Clone)]
pub struct DemoInfo {
    pub deployment_id: String,
    pub enrolment_code: String,
    pub admin_email: String,
    /// Shown once, on the start that created it; only its Argon2id hash is stored.
    pub admin_password: String,
    pub clinician_invite_link: String,
    pub clinician_invite_code: String,
}

impl std::fmt::Display for DemoInfo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "Demo deployment created (shown once):")?;
        writeln!(f, "  admin:             {} / {}", self.admin_email, self.admin_password)?;
        writeln!(f, "  clinician invite:  {} (code {})", self.clinician_invite_link, self.clinician_invite_code)?;
        write!(f, "  patient enrolment: code {}", self.enrolment_code)
    }
}

/// Whether anyone has ever signed in to this service (the audit log keeps every sign-in): the
/// app shows the demo admin's password only before that.
pub async fn anyone_signed_in(state: &AppState) -> anyhow::Result<bool> {
    let found: Option<i64> = crate::fetch_optional!(
        &state.db,
        sqlx::query_scalar("SELECT 1 FROM audit_log WHERE kind = 'login_succeeded' LIMIT 1")
    )?;
    Ok(found.is_some())
}

/// Creates the demo deployment if the database has no deployment yet; `None` otherwise. Its name,
/// its admin's and the clinician's invitation (read in the development inbox) are in `lang`, the
/// language of whoever starts it: the app's, or for `serve --demo` the one asked for, else the
/// system's.
pub async fn ensure(state: &AppState, lang: Lang) -> anyhow::Result<Option<DemoInfo>> {
    let any: Option<String> =
        crate::fetch_optional!(&state.db, sqlx::query_scalar("SELECT id FROM deployments LIMIT 1"))?;
    if any.is_some() {
        return Ok(None);
    }
    let now = state.now();
    // Four words of 5 random base32 characters: ~100 bits, passes the password rules.
    let password = (0..4).map(|_| random_code(5).to_lowercase()).collect::<Vec<_>>().join("-");
    let hash = state.hashing.hash(password.clone()).await?;
    let mut tx = state.db.begin().await?;
    let name = haven_i18n::msg!("service-demo-deployment").render(lang);
    let dep = insert_deployment(&mut tx, &name, None, now).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    let admin_id = crate::model::new_id();
    crate::execute!(&mut tx, sqlx::query(
        "INSERT INTO users (id, deployment_id, email, name, role, password_hash, terms_accepted_at, created_at, email_verified_at, verify_deadline)
         VALUES ($1, $2, $3, $4, 'admin', $5, $6, $7, $8, $9)",
    )
    .bind(&admin_id)
    .bind(&dep.id)
    .bind(ADMIN_EMAIL)
    .bind(haven_i18n::msg!("service-demo-admin-name").render(lang))
    .bind(&hash)
    .bind(now)
    .bind(now)
    .bind(now)
    .bind(now))?;
    crate::execute!(
        &mut tx,
        sqlx::query("UPDATE deployments SET created_by = $1 WHERE id = $2").bind(&admin_id).bind(&dep.id)
    )?;
    audit::record(
        &mut tx,
        now,
        Entry { kind: "demo_created", deployment_id: Some(&dep.id), user_id: Some(&admin_id), ..Entry::default() },
    )
    .await?;
    let inv = issue_invite(
        &mut tx,
        state,
        &dep,
        Invitee { email: CLINICIAN_EMAIL, role: Role::Clinician, lang },
        Some(&admin_id),
        None,
    )
    .await
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    tx.commit().await?;
    state.delivery.wake();
    Ok(Some(DemoInfo {
        deployment_id: dep.id,
        enrolment_code: dep.enrolment_code,
        admin_email: ADMIN_EMAIL.into(),
        admin_password: password,
        clinician_invite_link: inv.link,
        clinician_invite_code: format!("{}-{}", &inv.code[..5], &inv.code[5..]),
    }))
}
