//! Administration: deployments and their sign-in policy, people, the audit log, and the
//! development outbox.

use crate::{Factor, Role};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    pub two_step_required: bool,
    /// `sms` and/or `totp`. Kept as text on the wire so the service can name every unknown
    /// method beside the policy's other problems in one answer.
    pub allowed_methods: Vec<String>,
    pub code_length: u32,
    pub remember_device_days: u32,
    pub biometric_required: bool,
    pub idle_timeout_max_s: u32,
}

impl Policy {
    /// Whether the deployment allows `factor` (names it does not know are ignored here; the
    /// service refuses them when the policy is set).
    pub fn allows(&self, factor: Factor) -> bool {
        self.allowed_methods.iter().any(|m| m == factor.as_str())
    }

    /// The factors the deployment allows, in the policy's order.
    pub fn factors(&self) -> Vec<Factor> {
        self.allowed_methods.iter().filter_map(|m| Factor::parse(m)).collect()
    }

    /// Whether a user of this role must have two-step verification: clinicians always, everyone
    /// when the deployment requires it. The service enforces this; the app uses it to explain.
    pub fn two_step_mandatory(&self, role: Role) -> bool {
        self.two_step_required || role == Role::Clinician
    }
}

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

/// Where an account stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccountStatus {
    Active,
    /// Its email is not verified yet (24 hours from creation).
    Unverified,
    /// Its email was not verified in time: an admin can unblock it.
    Blocked,
    /// Locked after repeated second-step failures: an admin can unlock it.
    Locked,
}

impl AccountStatus {
    pub const ALL: [AccountStatus; 4] =
        [AccountStatus::Active, AccountStatus::Unverified, AccountStatus::Blocked, AccountStatus::Locked];

    pub fn as_str(self) -> &'static str {
        match self {
            AccountStatus::Active => "active",
            AccountStatus::Unverified => "unverified",
            AccountStatus::Blocked => "blocked",
            AccountStatus::Locked => "locked",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminUser {
    pub id: String,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub status: AccountStatus,
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

/// How a message leaves the service.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Email,
    Sms,
}

impl Channel {
    pub const ALL: [Channel; 2] = [Channel::Email, Channel::Sms];

    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Email => "email",
            Channel::Sms => "sms",
        }
    }

    pub fn parse(s: &str) -> Option<Channel> {
        Channel::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxMessage {
    pub to: String,
    pub channel: Channel,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    pub body: String,
    pub sent_at: String,
}

/// The header a development outbox's key travels in (the key is random at each start of the
/// service: only whoever started it can read the codes).
pub const OUTBOX_KEY_HEADER: &str = "x-haven-outbox-key";

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outbox {
    pub messages: Vec<OutboxMessage>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closed_sets_serialize_as_their_wire_names() {
        for s in AccountStatus::ALL {
            assert_eq!(serde_json::to_value(s).expect("serialize"), s.as_str());
        }
        for c in Channel::ALL {
            assert_eq!(serde_json::to_value(c).expect("serialize"), c.as_str());
            assert_eq!(Channel::parse(c.as_str()), Some(c));
        }
    }
}
