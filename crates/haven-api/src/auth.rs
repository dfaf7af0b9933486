//! Signing in: the password step, the second step, sessions (refresh), step-up (reauth).

use crate::{Role, Secret};
use serde::{Deserialize, Serialize};

/// A second step a user can turn on and a deployment can allow.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Factor {
    /// A code texted to the verified mobile number.
    Sms,
    /// A code from an authenticator app (RFC 6238).
    Totp,
}

impl Factor {
    pub const ALL: [Factor; 2] = [Factor::Sms, Factor::Totp];

    pub fn as_str(self) -> &'static str {
        match self {
            Factor::Sms => "sms",
            Factor::Totp => "totp",
        }
    }

    pub fn parse(s: &str) -> Option<Factor> {
        Factor::ALL.into_iter().find(|f| f.as_str() == s)
    }

    /// The one name people see for it, everywhere ("Text message").
    pub fn name(self) -> haven_i18n::Msg {
        match self {
            Factor::Sms => haven_i18n::msg!("domain-factor-sms"),
            Factor::Totp => haven_i18n::msg!("domain-factor-totp"),
        }
    }
}

/// How one second step is completed: a factor's code, or one of the recovery codes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StepMethod {
    Sms,
    Totp,
    RecoveryCode,
}

impl StepMethod {
    pub const ALL: [StepMethod; 3] = [StepMethod::Sms, StepMethod::Totp, StepMethod::RecoveryCode];

    pub fn as_str(self) -> &'static str {
        match self {
            StepMethod::Sms => "sms",
            StepMethod::Totp => "totp",
            StepMethod::RecoveryCode => "recovery_code",
        }
    }

    pub fn parse(s: &str) -> Option<StepMethod> {
        StepMethod::ALL.into_iter().find(|m| m.as_str() == s)
    }

    /// The factor whose code this is (None: a recovery code).
    pub fn factor(self) -> Option<Factor> {
        match self {
            StepMethod::Sms => Some(Factor::Sms),
            StepMethod::Totp => Some(Factor::Totp),
            StepMethod::RecoveryCode => None,
        }
    }

    /// What the code is called where it is asked for ("Text message code").
    pub fn name(self) -> haven_i18n::Msg {
        match self {
            StepMethod::Sms => haven_i18n::msg!("domain-step-sms"),
            StepMethod::Totp => haven_i18n::msg!("domain-step-totp"),
            StepMethod::RecoveryCode => haven_i18n::msg!("domain-step-recovery-code"),
        }
    }
}

impl From<Factor> for StepMethod {
    fn from(f: Factor) -> StepMethod {
        match f {
            Factor::Sms => StepMethod::Sms,
            Factor::Totp => StepMethod::Totp,
        }
    }
}

/// What completes a required set-up: a verified mobile number (texts) or an authenticator app.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SetupNeed {
    Phone,
    Totp,
}

impl From<Factor> for SetupNeed {
    fn from(f: Factor) -> SetupNeed {
        match f {
            Factor::Sms => SetupNeed::Phone,
            Factor::Totp => SetupNeed::Totp,
        }
    }
}

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
        methods: Vec<StepMethod>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        sms_sent_to: Option<String>,
        /// Set when the first method is SMS but no text could be sent now (the hourly limit):
        /// seconds until one can be asked for. Another method can be used at once. (An addition
        /// to api.md, which said nothing; older clients ignore it.)
        #[serde(default, skip_serializing_if = "Option::is_none")]
        sms_retry_after: Option<u64>,
        expires_in: u64,
        /// How long "remember this device" lasts in this deployment; 0 means it is not offered.
        /// (An addition to api.md, which did not say; older clients ignore it.)
        #[serde(default)]
        remember_device_days: u32,
    },
    SetupRequired {
        /// Bearer token accepted by the set-up endpoints (phone, TOTP) until set-up completes.
        setup_token: Secret,
        /// Any one of these completes set-up.
        required: Vec<SetupNeed>,
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
    pub method: StepMethod,
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

/// What became of the text carrying a sign-in's code (`GET /v1/auth/challenges/{id}/sms`) or a
/// password reset's (`POST /v1/auth/password-reset/sms`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SmsDeliveryState {
    /// Queued; the gateway has not been tried yet.
    Sending,
    /// The gateway took it.
    Sent,
    /// The gateway failed; it is tried again in `retry_in_s`.
    Retrying,
    /// It will not be sent (refused, or its code expired first): ask for a new code.
    Failed,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SmsDelivery {
    pub state: SmsDeliveryState,
    /// Seconds until the next try, while `retrying`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_in_s: Option<u64>,
    /// Seconds until a new code can be asked for (0: now).
    pub resend_after_s: u64,
}

/// `POST /v1/auth/reauth`: either `password`, or `method` (`totp` / `recovery_code`) with `code`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reauth {
    #[serde(default)]
    pub password: Option<Secret>,
    #[serde(default)]
    pub method: Option<StepMethod>,
    #[serde(default)]
    pub code: Option<Secret>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReauthOk {
    pub reauth_until: String,
}

// ---------- password reset and change ----------

/// `POST /v1/auth/password-reset`: emails a reset link to the address if it has an account
/// (always answers 202, so nobody learns whether it does).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequestPasswordReset {
    pub email: String,
}

/// `POST /v1/auth/password-reset/check`: the token from the email, before a new password is
/// chosen. When the account has two-step verification, a texted code is sent now (if that is
/// its first method).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PasswordResetToken {
    pub token: Secret,
}

/// What completing the reset will ask for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasswordResetCheck {
    /// The account the link is for.
    pub email: String,
    /// The second-step methods, one of which completing needs (empty: two-step is off).
    pub methods: Vec<StepMethod>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sms_sent_to: Option<String>,
    /// As at sign-in: no text could be sent now, seconds until one can be asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sms_retry_after: Option<u64>,
    /// Seconds the link still works.
    pub expires_in: u64,
}

/// `POST /v1/auth/password-reset/complete`: the token, the new password and, when two-step is on,
/// a second-step code (`sms`, `totp` or `recovery_code`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompletePasswordReset {
    pub token: Secret,
    pub password: Secret,
    #[serde(default)]
    pub method: Option<StepMethod>,
    #[serde(default)]
    pub code: Option<Secret>,
}

/// `PUT /v1/me/password`: the current password and the new one (and a reauth in the last 10
/// minutes); other sessions are signed out.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChangePassword {
    pub current_password: Secret,
    pub new_password: Secret,
}
