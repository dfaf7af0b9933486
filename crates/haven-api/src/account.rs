//! Accounts: invitations, creating an account, email verification, and the signed-in user's
//! profile (`/v1/me`: second factors, recovery codes, settings, remembered devices).

use crate::{ConsentState, Factor, Policy, Role, Secret};
use serde::{Deserialize, Serialize};

// ---------- invites ----------

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateInvite {
    pub email: String,
    pub role: Role,
    pub deployment_id: String,
    /// The language the invitation is written in, for the person invited (default: the
    /// language of the request).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<haven_i18n::Lang>,
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

// ---------- profile ----------

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeploymentRef {
    pub id: String,
    pub name: String,
    pub policy: Policy,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TwoStep {
    pub enabled: bool,
    pub method: Option<Factor>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LockWhenIdle {
    pub enabled: bool,
    pub timeout_s: u32,
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
    /// The IANA time zone data downloads show times in; None: the device's own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
    pub consent: ConsentState,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disclaimer_accepted_at: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SetPhone {
    /// With `+` and the country code, or as written in `country`.
    pub phone: String,
    /// The number's country (ISO 3166-1 alpha-2) when it has no `+`. An addition to api.md.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
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
    pub method: Option<Factor>,
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
    /// An IANA time zone for data downloads, e.g. "Europe/Berlin"; "" goes back to the device's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
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
