//! Database rows shared by the routes, sessions, invitations and two-step code, and the derived
//! account status.

use crate::db::Db;
use crate::error::ApiError;
use haven_api::{AccountStatus, Factor, Policy, Role};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct UserRow {
    pub id: String,
    pub deployment_id: String,
    pub email: String,
    pub name: String,
    pub role: String,
    pub password_hash: String,
    pub created_at: i64,
    pub email_verified_at: Option<i64>,
    pub verify_deadline: i64,
    pub locked_at: Option<i64>,
    pub biometric_login: bool,
    pub lock_enabled: bool,
    pub lock_timeout_s: i64,
    pub last_verification_sent_at: Option<i64>,
    pub phone: Option<String>,
    pub phone_verified_at: Option<i64>,
    pub pending_phone: Option<String>,
    pub two_step_method: Option<String>,
    pub totp_secret: Option<Vec<u8>>,
    pub totp_pending: Option<Vec<u8>>,
    pub totp_last_step: i64,
    pub second_factor_failures: i64,
    pub disclaimer_accepted_at: Option<i64>,
    pub time_zone: Option<String>,
    /// The language of the app the person made the account in or last signed in from (every
    /// step passed).
    pub lang: Option<String>,
}

pub const USER_COLUMNS: &str = "id, deployment_id, email, name, role, password_hash, created_at, email_verified_at, \
     verify_deadline, locked_at, biometric_login, lock_enabled, lock_timeout_s, last_verification_sent_at, \
     phone, phone_verified_at, pending_phone, two_step_method, totp_secret, totp_pending, totp_last_step, \
     second_factor_failures, disclaimer_accepted_at, time_zone, lang";

impl UserRow {
    pub fn role(&self) -> Result<Role, ApiError> {
        Role::parse(&self.role).ok_or_else(|| ApiError::internal("bad role in database"))
    }

    /// The second step the user has on (None: two-step is off).
    pub fn factor(&self) -> Result<Option<Factor>, ApiError> {
        self.two_step_method
            .as_deref()
            .map(|m| Factor::parse(m).ok_or_else(|| ApiError::internal("bad two-step method in database")))
            .transpose()
    }

    /// The language mail about this account is written in when someone else caused it (None:
    /// not known, an account from before languages were kept).
    pub fn lang(&self) -> Option<haven_i18n::Lang> {
        self.lang.as_deref().and_then(haven_i18n::Lang::from_locale)
    }

    pub fn status(&self, now: i64) -> AccountStatus {
        if self.locked_at.is_some() {
            AccountStatus::Locked
        } else if self.email_verified_at.is_some() {
            AccountStatus::Active
        } else if now >= self.verify_deadline {
            AccountStatus::Blocked
        } else {
            AccountStatus::Unverified
        }
    }

    pub async fn by_id(db: &Db, id: &str) -> Result<Option<UserRow>, sqlx::Error> {
        crate::fetch_optional!(db, sqlx::query_as(&format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1")).bind(id))
    }

    pub async fn by_email(db: &Db, email: &str) -> Result<Option<UserRow>, sqlx::Error> {
        crate::fetch_optional!(
            db,
            sqlx::query_as(&format!("SELECT {USER_COLUMNS} FROM users WHERE email = $1")).bind(email)
        )
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DeploymentRow {
    pub id: String,
    pub name: String,
    pub enrolment_code: String,
    pub created_by: Option<String>,
    pub created_at: i64,
    pub two_step_required: bool,
    pub allowed_methods: String,
    pub code_length: i64,
    pub remember_device_days: i64,
    pub biometric_required: bool,
    pub idle_timeout_max_s: i64,
}

impl DeploymentRow {
    pub async fn by_id(db: &Db, id: &str) -> Result<Option<DeploymentRow>, sqlx::Error> {
        crate::fetch_optional!(db, sqlx::query_as("SELECT * FROM deployments WHERE id = $1").bind(id))
    }

    pub fn policy(&self) -> Policy {
        Policy {
            two_step_required: self.two_step_required,
            allowed_methods: self.allowed_methods.split(',').filter(|s| !s.is_empty()).map(str::to_owned).collect(),
            code_length: self.code_length.clamp(4, 8) as u32,
            remember_device_days: self.remember_device_days.max(0) as u32,
            biometric_required: self.biometric_required,
            idle_timeout_max_s: self.idle_timeout_max_s.max(0) as u32,
        }
    }
}

pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// Parses a path id as a UUID, so malformed ids are a clean 404 rather than a query.
pub fn parse_id(id: &str) -> Result<String, ApiError> {
    uuid::Uuid::parse_str(id)
        .map(|u| u.to_string())
        .map_err(|_| ApiError::NotFound(haven_i18n::msg!("service-no-such-record")))
}
