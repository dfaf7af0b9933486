//! What the webview sees: token-free views and `{code, message, fields?, retry_after_s?}` errors.

use haven_api::LoginOutcome;
use haven_client::ClientError;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Serialize)]
pub struct UiError {
    pub code: String,
    pub message: String,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: BTreeMap<String, String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry_after_s: Option<u64>,
}

impl From<ClientError> for UiError {
    fn from(e: ClientError) -> Self {
        let code = e.code().to_owned();
        match e {
            ClientError::Api { message, fields, retry_after_s, .. } => UiError { code, message, fields, retry_after_s },
            other => UiError { code, message: other.to_string(), fields: BTreeMap::new(), retry_after_s: None },
        }
    }
}

#[derive(Debug, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum SignIn {
    Authenticated { name: String, role: String },
    SecondFactorRequired { challenge_id: String, methods: Vec<String>, sms_sent_to: Option<String> },
    SetupRequired { required: Vec<String> },
    EmailVerificationRequired { email: String },
}

impl SignIn {
    /// The view of an outcome, and the set-up token to keep on this side if there is one.
    pub fn from_outcome(o: LoginOutcome) -> (SignIn, Option<String>) {
        match o {
            LoginOutcome::Authenticated { user, .. } => (SignIn::Authenticated { name: user.name, role: user.role.as_str().into() }, None),
            LoginOutcome::SecondFactorRequired { challenge_id, methods, sms_sent_to, .. } => (SignIn::SecondFactorRequired { challenge_id, methods, sms_sent_to }, None),
            LoginOutcome::SetupRequired { setup_token, required } => (SignIn::SetupRequired { required }, Some(setup_token.expose().to_owned())),
            LoginOutcome::EmailVerificationRequired { email } => (SignIn::EmailVerificationRequired { email }, None),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Demo {
    pub admin_email: String,
    pub admin_password: String,
    pub clinician_invite_code: String,
    pub enrolment_code: String,
}

impl From<haven_sync::demo::DemoInfo> for Demo {
    fn from(d: haven_sync::demo::DemoInfo) -> Self {
        Demo { admin_email: d.admin_email, admin_password: d.admin_password, clinician_invite_code: d.clinician_invite_code, enrolment_code: d.enrolment_code }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct AppInfo {
    pub server_url: String,
    pub bundled: bool,
    pub demo: Option<Demo>,
}

#[derive(Debug, Serialize)]
pub struct MeView {
    pub name: String,
    pub email: String,
    pub role: String,
    pub two_step_enabled: bool,
    pub two_step_method: Option<String>,
}
