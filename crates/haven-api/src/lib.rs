//! Haven's shared vocabulary: the sync service's wire types (v1), the health domain they carry
//! (observation kinds with their units, bounds and codes), and the typed contract between the
//! app shell and its webview ([`shell`]). Used by the service, the app core, the shell and the UI.
//!
//! This crate depends on serde, time and haven-i18n only, and compiles for
//! `wasm32-unknown-unknown`. Sentences and names for people are [`haven_i18n::Msg`]s, rendered in
//! the reader's language by whoever shows them. Request
//! types reject unknown fields; response types are plain data. Times are RFC 3339 strings (see
//! [`rfc3339`]), ids UUIDv7 strings. Secret-bearing fields are [`Secret`]: `Debug` never prints them.
//! Closed sets (roles, kinds, formats, statuses, error codes) are enums that serialize as their
//! snake_case wire names.
//!
//! The wire types live in one module per area and are re-exported here, so callers name them
//! `haven_api::Login` whatever file they are in.

pub mod account;
pub mod admin;
pub mod auth;
pub mod chart;
pub mod error;
pub mod exports;
pub mod health;
pub mod observation;
pub mod phone;
pub mod rfc3339;
pub mod shell;

pub use account::*;
pub use admin::*;
pub use auth::*;
pub use error::*;
pub use exports::*;
pub use health::*;
pub use observation::*;

use serde::{Deserialize, Serialize};
use std::fmt;

/// A character that is not shown but changes what is shown around it: a control character, a
/// line or paragraph separator, or a mark that overrides, embeds or isolates text direction
/// (U+202E would show a name, a symptom or a mail subject built from it backwards). Names and
/// labels refuse them. The weak marks (U+200E, U+200F, U+061C), which pasted Arabic or Hebrew
/// names often carry unseen and which cannot reverse text, and the joiners some scripts and
/// emoji need, are allowed.
pub fn hidden_control(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

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

/// `GET /health`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Health {
    pub status: String,
    pub version: String,
}

/// Who someone is in a deployment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Patient,
    Clinician,
    Admin,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Patient, Role::Clinician, Role::Admin];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Patient => "patient",
            Role::Clinician => "clinician",
            Role::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// The name people see ("Patient"), to render in the reader's language.
    pub fn name(self) -> haven_i18n::Msg {
        match self {
            Role::Patient => haven_i18n::msg!("domain-role-patient"),
            Role::Clinician => haven_i18n::msg!("domain-role-clinician"),
            Role::Admin => haven_i18n::msg!("domain-role-admin"),
        }
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
    fn roles_serialize_as_their_wire_names() {
        for r in Role::ALL {
            assert_eq!(serde_json::to_value(r).expect("serialize"), r.as_str());
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
        assert_eq!(Role::parse("superuser"), None);
    }
}
