//! Wire types of the Haven sync service (v1), shared by the service, the client core and the UI.
//!
//! This crate depends on serde only and compiles for `wasm32-unknown-unknown`. Request types reject
//! unknown fields; response types are plain data. Times are RFC 3339 UTC strings, IDs UUIDv7 strings.
//! Secret-bearing fields (tokens, passwords) are wrapped in [`Secret`] so `Debug` never prints them.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// A string that must never appear in logs: `Debug` prints `<redacted>`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(transparent)]
pub struct Secret(pub String);

impl Secret {
    pub fn new(s: impl Into<String>) -> Self {
        Secret(s.into())
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// Machine-readable error codes. The UI branches on these, never on messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    InvalidRequest,
    InvalidCredentials,
    Unauthenticated,
    ReauthRequired,
    Forbidden,
    NotFound,
    MethodNotAllowed,
    Conflict,
    ConsentWithdrawn,
    Gone,
    PayloadTooLarge,
    UnsupportedMediaType,
    Unprocessable,
    TooManyAttempts,
    Internal,
    Unavailable,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::InvalidRequest => "invalid_request",
            ErrorCode::InvalidCredentials => "invalid_credentials",
            ErrorCode::Unauthenticated => "unauthenticated",
            ErrorCode::ReauthRequired => "reauth_required",
            ErrorCode::Forbidden => "forbidden",
            ErrorCode::NotFound => "not_found",
            ErrorCode::MethodNotAllowed => "method_not_allowed",
            ErrorCode::Conflict => "conflict",
            ErrorCode::ConsentWithdrawn => "consent_withdrawn",
            ErrorCode::Gone => "gone",
            ErrorCode::PayloadTooLarge => "payload_too_large",
            ErrorCode::UnsupportedMediaType => "unsupported_media_type",
            ErrorCode::Unprocessable => "unprocessable",
            ErrorCode::TooManyAttempts => "too_many_attempts",
            ErrorCode::Internal => "internal",
            ErrorCode::Unavailable => "unavailable",
        }
    }
}

/// `{"error": {...}}`, the shape of every error response.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorEnvelope {
    pub error: ErrorBody,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub code: ErrorCode,
    pub message: String,
    /// Field-level problems for `unprocessable`: field name → human sentence.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: BTreeMap<String, String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Health {
    pub status: String,
    pub version: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Patient,
    Clinician,
    Admin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Patient => "patient",
            Role::Clinician => "clinician",
            Role::Admin => "admin",
        }
    }
    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "patient" => Some(Role::Patient),
            "clinician" => Some(Role::Clinician),
            "admin" => Some(Role::Admin),
            _ => None,
        }
    }
}

// ---------- invites ----------

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateInvite {
    pub email: String,
    pub role: Role,
    pub deployment_id: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InviteCreated {
    pub id: String,
    pub expires_at: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InviteInfo {
    pub email: String,
    pub role: Role,
    pub deployment_name: String,
    pub expires_at: String,
}

// ---------- accounts ----------

/// `POST /v1/accounts`: either `invite_token` (any role) or `enrolment_code` + `email` (patients).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateAccount {
    #[serde(default)]
    pub invite_token: Option<Secret>,
    #[serde(default)]
    pub enrolment_code: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    pub name: String,
    pub password: Secret,
    pub accept_terms: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountCreated {
    pub user_id: String,
    pub email_verification: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VerifyEmail {
    pub token: Secret,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResendVerification {
    pub email: String,
}

// ---------- auth ----------

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeviceInfo {
    pub id: String,
    pub name: String,
    pub platform: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Login {
    pub email: String,
    pub password: Secret,
    pub device: DeviceInfo,
    #[serde(default)]
    pub remembered_device_token: Option<Secret>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tokens {
    pub access_token: Secret,
    pub refresh_token: Secret,
    /// Seconds until the access token expires.
    pub expires_in: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserSummary {
    pub id: String,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub deployment_id: String,
}

/// The body of a `200` from `POST /v1/auth/login`, tagged by `status`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum LoginOutcome {
    Authenticated {
        tokens: Tokens,
        user: UserSummary,
        /// Present when the device asked to be remembered: send it with the next login.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        remembered_device_token: Option<Secret>,
        /// Present when this step created the first set of recovery codes (setup completion).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        recovery_codes: Option<Vec<Secret>>,
    },
    SecondFactorRequired {
        challenge_id: String,
        methods: Vec<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        sms_sent_to: Option<String>,
        expires_in: u64,
        /// How long "remember this device" lasts in this deployment; 0 means it is not offered.
        /// (An addition to api.md, which did not say; older clients ignore it.)
        #[serde(default)]
        remember_device_days: u32,
    },
    SetupRequired {
        /// Bearer token accepted by the set-up endpoints (phone, TOTP) until set-up completes.
        setup_token: Secret,
        /// Any one of these completes set-up: `phone` (SMS) or `totp`.
        required: Vec<String>,
    },
    EmailVerificationRequired {
        email: String,
    },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Refresh {
    pub refresh_token: Secret,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Refreshed {
    pub tokens: Tokens,
}

// ---------- profile ----------

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    pub two_step_required: bool,
    pub allowed_methods: Vec<String>,
    pub code_length: u32,
    pub remember_device_days: u32,
    pub biometric_required: bool,
    pub idle_timeout_max_s: u32,
}

impl Policy {
    /// Whether a user of this role must have two-step verification: clinicians always, everyone
    /// when the deployment requires it. The service enforces this; the app uses it to explain.
    pub fn two_step_mandatory(&self, role: Role) -> bool {
        self.two_step_required || role == Role::Clinician
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeploymentRef {
    pub id: String,
    pub name: String,
    pub policy: Policy,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TwoStep {
    pub enabled: bool,
    pub method: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LockWhenIdle {
    pub enabled: bool,
    pub timeout_s: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentState {
    pub status: String,
    pub version: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signed_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub withdrawn_at: Option<String>,
    /// The version of the consent text in force now (an addition to api.md): when it differs
    /// from `version`, the app asks the user to read and sign the new text.
    #[serde(default)]
    pub current_version: String,
}

impl ConsentState {
    /// New observations are accepted only while the user's consent is signed (not withdrawn).
    pub fn collecting(&self) -> bool {
        self.status == "signed"
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    pub id: String,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub email_verified: bool,
    pub deployment: DeploymentRef,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    pub two_step: TwoStep,
    pub biometric_login: bool,
    pub lock_when_idle: LockWhenIdle,
    pub consent: ConsentState,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disclaimer_accepted_at: Option<String>,
}

// ---------- second factor ----------

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VerifyChallenge {
    /// `sms`, `totp` or `recovery_code`.
    pub method: String,
    pub code: Secret,
    #[serde(default)]
    pub remember_device: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResendAfter {
    pub resend_after_s: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sent_to: Option<String>,
}

/// `POST /v1/auth/reauth`: either `password`, or `method` (`totp` / `recovery_code`) with `code`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reauth {
    #[serde(default)]
    pub password: Option<Secret>,
    #[serde(default)]
    pub method: Option<String>,
    #[serde(default)]
    pub code: Option<Secret>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReauthOk {
    pub reauth_until: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SetPhone {
    pub phone: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Code {
    pub code: Secret,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TotpEnrolment {
    pub secret: Secret,
    pub otpauth_url: Secret,
    pub qr_svg: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecoveryCodes {
    pub recovery_codes: Vec<Secret>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SetTwoStep {
    pub enabled: bool,
    #[serde(default)]
    pub method: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TwoStepChanged {
    pub two_step: TwoStep,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recovery_codes: Option<Vec<Secret>>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    #[serde(default)]
    pub biometric_login: Option<bool>,
    #[serde(default)]
    pub lock_when_idle: Option<LockWhenIdle>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Disclaimer {
    pub accepted: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RememberedDevice {
    pub id: String,
    pub name: String,
    pub platform: String,
    pub created_at: String,
    pub expires_at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_used_at: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RememberedDevices {
    pub devices: Vec<RememberedDevice>,
}

// ---------- administration ----------

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateDeployment {
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deployment {
    pub id: String,
    pub name: String,
    pub enrolment_code: String,
    pub policy: Policy,
    pub created_at: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminUser {
    pub id: String,
    pub email: String,
    pub name: String,
    pub role: Role,
    /// `active`, `unverified`, `blocked` (email not verified in time) or `locked`.
    pub status: String,
    pub created_at: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserList {
    pub users: Vec<AdminUser>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEvent {
    pub id: i64,
    pub at: String,
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip: Option<String>,
    pub detail: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPage {
    pub events: Vec<AuditEvent>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxMessage {
    pub to: String,
    pub channel: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    pub body: String,
    pub sent_at: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outbox {
    pub messages: Vec<OutboxMessage>,
}

// ---------- health data sync ----------

/// An observation's value: a number, a blood pressure pair, or a symptom with its severity.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ObservationValue {
    Number(f64),
    BloodPressure(BloodPressure),
    Symptom(Symptom),
}

impl ObservationValue {
    /// The numbers a chart draws: the value, systolic and diastolic, or the severity.
    pub fn numbers(&self) -> Vec<f64> {
        match self {
            ObservationValue::Number(v) => vec![*v],
            ObservationValue::BloodPressure(bp) => vec![bp.systolic, bp.diastolic],
            ObservationValue::Symptom(s) => vec![s.severity],
        }
    }

    /// The value as a person reads it, without its unit: `72`, `120/80`, `Headache (4/10)`.
    pub fn display(&self) -> String {
        match self {
            ObservationValue::Number(v) => format!("{v}"),
            ObservationValue::BloodPressure(bp) => format!("{}/{}", bp.systolic, bp.diastolic),
            ObservationValue::Symptom(s) => format!("{} ({}/10)", s.name, s.severity),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BloodPressure {
    pub systolic: f64,
    pub diastolic: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Symptom {
    pub name: String,
    pub severity: f64,
}

/// One health observation, as the app records it. `id` is the client's (a UUID), so a push can be
/// repeated without duplicates.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Observation {
    pub id: String,
    pub kind: String,
    pub value: ObservationValue,
    pub unit: String,
    pub recorded_at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub deleted: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// The kinds of observation: (kind, unit, label). The service and the app check values with
/// [`check_observation`], so the app refuses at capture what the service would reject.
pub const KINDS: &[(&str, &str, &str)] = &[
    ("heart_rate", "bpm", "Heart rate"),
    ("blood_pressure", "mmHg", "Blood pressure"),
    ("weight", "kg", "Weight"),
    ("temperature", "°C", "Temperature"),
    ("oxygen_saturation", "%", "Oxygen saturation"),
    ("blood_glucose", "mmol/L", "Blood glucose"),
    ("steps", "steps", "Steps"),
    ("symptom", "severity", "Symptom"),
];

/// The unit of a kind, if the kind exists.
pub fn unit_of(kind: &str) -> Option<&'static str> {
    KINDS.iter().find(|k| k.0 == kind).map(|k| k.1)
}

/// Physiological bounds of a numeric kind.
pub fn numeric_bounds(kind: &str) -> Option<(f64, f64)> {
    Some(match kind {
        "heart_rate" => (20.0, 300.0),
        "weight" => (1.0, 500.0),
        "temperature" => (25.0, 45.0),
        "oxygen_saturation" => (50.0, 100.0),
        "blood_glucose" => (0.5, 50.0),
        "steps" => (0.0, 200_000.0),
        _ => return None,
    })
}

/// Everything about an observation that needs no clock: id, kind, unit, value bounds, note.
/// Answers the sentence to show when it is not acceptable. (The service also checks the time.)
pub fn check_observation(o: &Observation) -> Result<(), String> {
    if o.id.is_empty() || o.id.len() > 64 || !o.id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
        return Err("The id must be 1–64 letters, digits, '-' or '_'.".into());
    }
    if o.note.as_ref().is_some_and(|n| n.chars().count() > 1000) {
        return Err("The note is longer than 1000 characters.".into());
    }
    let unit = unit_of(&o.kind).ok_or_else(|| format!("Unknown kind {:?}.", o.kind))?;
    if o.unit != unit {
        return Err(format!("{} is measured in {unit}, not {:?}.", o.kind, o.unit));
    }
    match (o.kind.as_str(), &o.value) {
        ("blood_pressure", ObservationValue::BloodPressure(bp)) => {
            if !(50.0..=300.0).contains(&bp.systolic) || !(20.0..=200.0).contains(&bp.diastolic) {
                return Err("Blood pressure must be 50–300 mmHg systolic and 20–200 diastolic.".into());
            }
            if bp.diastolic >= bp.systolic {
                return Err("Diastolic pressure must be lower than systolic.".into());
            }
        }
        ("symptom", ObservationValue::Symptom(s)) => {
            let name = s.name.trim();
            if name.is_empty() || name.chars().count() > 100 {
                return Err("A symptom needs a name of 1–100 characters.".into());
            }
            if !(0.0..=10.0).contains(&s.severity) || s.severity.fract() != 0.0 {
                return Err("Severity is a whole number from 0 to 10.".into());
            }
        }
        (kind, ObservationValue::Number(v)) if numeric_bounds(kind).is_some() => {
            let (lo, hi) = numeric_bounds(kind).unwrap_or((0.0, 0.0));
            if !v.is_finite() || *v < lo || *v > hi {
                return Err(format!("{kind} must be between {lo} and {hi} {unit}."));
            }
            if kind == "steps" && v.fract() != 0.0 {
                return Err("Steps are a whole number.".into());
            }
        }
        (kind, _) => return Err(format!("That value does not fit {kind}.")),
    }
    Ok(())
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Push {
    pub observations: Vec<Observation>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rejected {
    pub id: String,
    pub error: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushResult {
    pub accepted: Vec<String>,
    pub rejected: Vec<Rejected>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PullPage {
    pub observations: Vec<Observation>,
    pub cursor: String,
    pub more: bool,
}

// ---------- legal documents and consent ----------

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LegalSummary {
    pub slug: String,
    pub title: String,
    pub version: String,
    pub published_at: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LegalList {
    pub documents: Vec<LegalSummary>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LegalDocument {
    pub slug: String,
    pub title: String,
    pub version: String,
    pub published_at: String,
    pub body: String,
}

/// `POST /v1/me/consent`: signs this version of the consent text (it must be the current one).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignConsent {
    pub version: String,
}

// ---------- data download ----------

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateExport {
    /// `csv`, `pdf` or `fhir`.
    pub format: String,
}

/// A data-download job. `progress` runs from 0 to 1.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExportJob {
    pub id: String,
    pub format: String,
    /// `pending`, `running`, `ready` or `failed`.
    pub status: String,
    pub progress: f64,
    pub created_at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ready_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<String>,
    /// Observations in the file, once ready.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rows: Option<i64>,
    /// Bytes of the file, once ready.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<i64>,
    /// Past `expires_at` the file is gone (410).
    #[serde(default)]
    pub expired: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExportList {
    pub exports: Vec<ExportJob>,
}

/// The data of the `export_ready` and `export_failed` server-sent events of `GET /v1/me/events`
/// (the stream also sends `session_revoked`, with `{}`, before it ends).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportEvent {
    pub id: String,
    pub format: String,
    pub status: String,
}

// ---------- clinicians ----------

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PatientSummary {
    pub id: String,
    pub name: String,
    pub email: String,
    /// The patient's consent status: `not_signed`, `signed` or `withdrawn`.
    pub consent: String,
    pub observations: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_recorded_at: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PatientList {
    pub patients: Vec<PatientSummary>,
}

/// What the app shell (Tauri) and its webview UI exchange: token-free views of the sync
/// service's answers, and errors as `{code, message, fields?, retry_after_s?}`.
pub mod shell {
    use serde::{Deserialize, Serialize};
    use std::collections::BTreeMap;

    #[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
    pub struct UiError {
        pub code: String,
        pub message: String,
        #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
        pub fields: BTreeMap<String, String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub retry_after_s: Option<u64>,
    }

    impl UiError {
        /// The sentence the app shows for this error. It branches on the machine code; where
        /// the service's own message is the specific one (which field, how many tries left) it
        /// is used, otherwise a fixed sentence that says what happened and what to do.
        pub fn text(&self) -> String {
            let own = |fallback: &str| {
                if self.message.trim().is_empty() {
                    fallback.to_owned()
                } else {
                    self.message.clone()
                }
            };
            match self.code.as_str() {
                "invalid_request" => own("The app sent something the service could not read. Try again; if it keeps happening, update Haven."),
                "invalid_credentials" => own("That is not right. Check it and try again."),
                "unauthenticated" => "Your session has ended. Sign in again.".into(),
                "reauth_required" => "For your security, confirm your password first.".into(),
                "forbidden" => own("You are not allowed to do this."),
                "not_found" => own("That was not found. It may have been removed."),
                "method_not_allowed" => "The service does not offer this here. Update Haven.".into(),
                "conflict" => own("This cannot be done right now because of a change made elsewhere. Reload and try again."),
                "consent_withdrawn" => "You have withdrawn your consent, so Haven no longer collects new data. Your existing data is still yours to download.".into(),
                "gone" => own("This has expired. Ask for a new one."),
                "payload_too_large" => "That is too large to send.".into(),
                "unsupported_media_type" => "The app sent data in a form the service does not accept. Update Haven.".into(),
                "unprocessable" if !self.fields.is_empty() => self.fields.values().cloned().collect::<Vec<_>>().join(" "),
                "unprocessable" => own("Some details are not valid. Check them and try again."),
                "too_many_attempts" => match self.retry_after_s {
                    Some(s) if s >= 120 => format!("Too many attempts. Try again in {} minutes.", s.div_ceil(60)),
                    Some(s) => format!("Too many attempts. Try again in {s} seconds."),
                    None => own("Too many attempts. Try again later."),
                },
                "internal" => "Something went wrong on Haven's service. Nothing you entered was lost; try again in a moment.".into(),
                "unavailable" => "Haven's service is busy or under maintenance. Try again in a few minutes.".into(),
                "unreachable" => "Haven's service cannot be reached. Check your connection and try again.".into(),
                "protocol" => "Haven's service answered in a way this app does not understand. Update Haven.".into(),
                "keychain" => "The system keychain could not be used, so you will need to sign in again next time.".into(),
                "locked" => "Haven is locked. Unlock it to continue.".into(),
                "not_available" => own("This is not available here."),
                "local_storage" => "Haven could not use its storage on this device. Check that the disk is not full, then try again.".into(),
                _ => own("Something went wrong. Try again."),
            }
        }
    }

    /// Every error code the app can show: the service's codes plus the app's own.
    pub const UI_ERROR_CODES: &[&str] = &[
        "invalid_request",
        "invalid_credentials",
        "unauthenticated",
        "reauth_required",
        "forbidden",
        "not_found",
        "method_not_allowed",
        "conflict",
        "consent_withdrawn",
        "gone",
        "payload_too_large",
        "unsupported_media_type",
        "unprocessable",
        "too_many_attempts",
        "internal",
        "unavailable",
        "unreachable",
        "protocol",
        "keychain",
        "locked",
        "not_available",
        "local_storage",
    ];

    /// A sign-in step as the UI sees it: never a token (a set-up token stays in the shell).
    #[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
    #[serde(tag = "status", rename_all = "snake_case")]
    pub enum SignIn {
        Authenticated {
            name: String,
            role: String,
            /// Shown once, when this step created them (completing two-step set-up).
            #[serde(default, skip_serializing_if = "Vec::is_empty")]
            recovery_codes: Vec<String>,
        },
        SecondFactorRequired {
            challenge_id: String,
            methods: Vec<String>,
            sms_sent_to: Option<String>,
            remember_device_days: u32,
        },
        SetupRequired {
            required: Vec<String>,
        },
        EmailVerificationRequired {
            email: String,
        },
    }

    /// The demo deployment's sign-in details, shown on the first start only.
    #[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
    pub struct Demo {
        pub admin_email: String,
        pub admin_password: String,
        pub clinician_invite_code: String,
        pub enrolment_code: String,
    }

    #[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
    pub struct AppInfo {
        pub server_url: String,
        pub bundled: bool,
        pub demo: Option<Demo>,
        /// A development inbox page is offered (bundled or loopback development service).
        pub dev_inbox: bool,
    }

    /// Biometric unlock on this device: whether it can be used, and why not.
    #[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
    pub struct BiometricView {
        /// A reader with an enrolled finger answers.
        pub available: bool,
        pub reason: Option<String>,
        /// The user has biometric login on.
        pub enabled: bool,
        pub required: bool,
        /// Scans left before only the password opens the app.
        pub attempts_left: u32,
    }

    /// Where the app stands: signed in (a session resumed from the keychain counts), locked, and
    /// why tokens are kept for this run only when the keychain cannot be used.
    #[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
    pub struct SessionView {
        pub signed_in: bool,
        pub locked: bool,
        pub keychain_problem: Option<String>,
    }

    #[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
    pub struct MeView {
        pub name: String,
        pub email: String,
        pub role: String,
        pub two_step_enabled: bool,
        pub two_step_method: Option<String>,
        /// Clinicians accept the disclaimer once before the dashboard.
        pub disclaimer_accepted: bool,
        /// The verified mobile number, masked by the service where it is shown elsewhere.
        pub phone: Option<String>,
        pub biometric_login: bool,
        /// The deployment requires biometric login (it cannot be turned off).
        pub biometric_required: bool,
        pub lock_enabled: bool,
        pub lock_timeout_s: u32,
        /// The deployment's longest idle time before the app locks.
        pub lock_cap_s: u32,
        pub deployment_id: String,
        pub deployment_name: String,
        /// Two-step verification cannot be turned off (clinician, or the deployment requires it).
        pub two_step_mandatory: bool,
        /// The second-step methods the deployment allows (`sms`, `totp`).
        pub allowed_methods: Vec<String>,
    }

    /// Authenticator-app set-up: the user's own secret, to scan (QR) or type.
    #[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
    pub struct TotpSetup {
        pub secret: String,
        pub otpauth_url: String,
        pub qr_svg: String,
    }

    #[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
    pub struct DeviceView {
        pub id: String,
        pub name: String,
        pub platform: String,
        pub expires_at: String,
    }

    /// A new observation from the capture form: the shell adds the id and the unit.
    #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct NewObservation {
        pub kind: String,
        pub value: crate::ObservationValue,
        /// RFC 3339; the shell uses now when absent.
        #[serde(default)]
        pub recorded_at: Option<String>,
        #[serde(default)]
        pub note: Option<String>,
    }

    /// One kind's observations for its chart: (unix ms, numbers), oldest first.
    #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
    pub struct SeriesView {
        pub kind: String,
        pub label: String,
        pub unit: String,
        pub points: Vec<(i64, Vec<f64>)>,
        /// The latest value as a person reads it, with its time.
        pub latest: String,
        pub latest_at: String,
    }

    /// The health screen: charts, what waits to be sent, what was refused and why, and whether
    /// data is being collected at all (consent).
    #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
    pub struct HealthView {
        pub series: Vec<SeriesView>,
        pub pending: i64,
        pub rejected: Vec<(String, String)>,
        /// `not_signed`, `signed` or `withdrawn` (as last known; offline keeps the last answer).
        pub consent: String,
        pub collecting: bool,
        /// Why the last sync did not finish (offline, consent), if it did not.
        pub sync_error: Option<String>,
        pub last_sync: Option<String>,
        /// After recording: where the new value stands (`pending`, `synced`, or `rejected`
        /// with the service's reason).
        #[serde(default)]
        pub recorded: Option<(String, Option<String>)>,
    }

    /// The informed-consent page: the text in force and the user's state.
    #[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
    pub struct ConsentView {
        pub status: String,
        pub signed_version: Option<String>,
        pub signed_at: Option<String>,
        pub withdrawn_at: Option<String>,
        pub version: String,
        pub title: String,
        pub body: String,
    }

    /// An invitation as shown before creating the account.
    #[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
    pub struct InviteView {
        pub email: String,
        pub role: String,
        pub deployment_name: String,
        pub expires_at: String,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_debug_is_redacted() {
        let l = Login {
            email: "a@b.c".into(),
            password: Secret::new("hunter2hunter2"),
            device: DeviceInfo { id: "d".into(), name: "n".into(), platform: "linux".into() },
            remembered_device_token: None,
        };
        let dbg = format!("{l:?}");
        assert!(!dbg.contains("hunter2"), "{dbg}");
        assert!(dbg.contains("<redacted>"));
    }

    #[test]
    fn unknown_fields_are_rejected() {
        let err = serde_json::from_str::<ResendVerification>(r#"{"email":"a@b.c","admin":true}"#)
            .expect_err("unknown field must fail");
        assert!(err.to_string().contains("unknown field"), "{err}");
    }

    #[test]
    fn login_outcome_is_tagged_by_status() {
        let v =
            serde_json::to_value(LoginOutcome::EmailVerificationRequired { email: "a@b.c".into() }).expect("serialize");
        assert_eq!(v["status"], "email_verification_required");
        assert_eq!(v["email"], "a@b.c");
    }

    #[test]
    fn every_error_code_has_its_own_sentence() {
        use shell::{UiError, UI_ERROR_CODES};
        // Every service code is one the app has a sentence for.
        let service = [
            ErrorCode::InvalidRequest,
            ErrorCode::InvalidCredentials,
            ErrorCode::Unauthenticated,
            ErrorCode::ReauthRequired,
            ErrorCode::Forbidden,
            ErrorCode::NotFound,
            ErrorCode::MethodNotAllowed,
            ErrorCode::Conflict,
            ErrorCode::ConsentWithdrawn,
            ErrorCode::Gone,
            ErrorCode::PayloadTooLarge,
            ErrorCode::UnsupportedMediaType,
            ErrorCode::Unprocessable,
            ErrorCode::TooManyAttempts,
            ErrorCode::Internal,
            ErrorCode::Unavailable,
        ];
        for c in service {
            assert!(UI_ERROR_CODES.contains(&c.as_str()), "{} has no sentence", c.as_str());
        }
        let unknown = UiError { code: "no_such_code".into(), ..Default::default() }.text();
        let mut seen = std::collections::BTreeSet::new();
        for code in UI_ERROR_CODES {
            // With no message from the service, each code still says something of its own.
            let t = UiError { code: (*code).into(), ..Default::default() }.text();
            assert!(t.ends_with('.'), "{code}: {t:?}");
            assert_ne!(t, unknown, "{code} falls through to the generic sentence");
            assert!(!t.contains('_'), "{code} shows a machine word: {t}");
            assert!(seen.insert(t.clone()), "{code} shares its sentence: {t}");
        }
        let e = UiError {
            code: "unprocessable".into(),
            fields: [("phone".to_owned(), "Use the international format.".to_owned())].into(),
            ..Default::default()
        };
        assert_eq!(e.text(), "Use the international format.");
        let e = UiError { code: "too_many_attempts".into(), retry_after_s: Some(600), ..Default::default() };
        assert_eq!(e.text(), "Too many attempts. Try again in 10 minutes.");
        let e = UiError {
            code: "invalid_credentials".into(),
            message: "That code is not right. 4 tries left.".into(),
            ..Default::default()
        };
        assert_eq!(e.text(), "That code is not right. 4 tries left.");
    }

    #[test]
    fn error_codes_serialize_as_their_wire_names() {
        for code in [ErrorCode::InvalidRequest, ErrorCode::TooManyAttempts, ErrorCode::ConsentWithdrawn] {
            let s = serde_json::to_string(&code).expect("serialize");
            assert_eq!(s, format!("\"{}\"", code.as_str()));
        }
    }
}
