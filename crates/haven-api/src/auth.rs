//! Signing in: the password step, the second step, sessions (refresh), step-up (reauth).

use crate::{Role, Secret};
use serde::{Deserialize, Serialize};

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
