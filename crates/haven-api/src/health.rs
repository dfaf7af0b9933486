//! Health data: sync (push, pull), informed consent and legal documents, clinicians' views, and
//! where an observation stands on a device.

use crate::Observation;
use serde::{Deserialize, Serialize};

// ---------- sync ----------

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

/// Where an observation recorded on a device stands: waiting to be sent, acknowledged by the
/// service, or refused by it (with a reason kept beside it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RowState {
    Pending,
    Synced,
    Rejected,
}

impl RowState {
    pub const ALL: [RowState; 3] = [RowState::Pending, RowState::Synced, RowState::Rejected];

    pub fn as_str(self) -> &'static str {
        match self {
            RowState::Pending => "pending",
            RowState::Synced => "synced",
            RowState::Rejected => "rejected",
        }
    }

    pub fn parse(s: &str) -> Option<RowState> {
        RowState::ALL.into_iter().find(|r| r.as_str() == s)
    }
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

/// Where a patient's informed consent stands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConsentStatus {
    #[default]
    NotSigned,
    Signed,
    Withdrawn,
}

impl ConsentStatus {
    pub const ALL: [ConsentStatus; 3] = [ConsentStatus::NotSigned, ConsentStatus::Signed, ConsentStatus::Withdrawn];

    pub fn as_str(self) -> &'static str {
        match self {
            ConsentStatus::NotSigned => "not_signed",
            ConsentStatus::Signed => "signed",
            ConsentStatus::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(s: &str) -> Option<ConsentStatus> {
        ConsentStatus::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// New observations are accepted only while consent is signed (not withdrawn).
    pub fn collecting(self) -> bool {
        self == ConsentStatus::Signed
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentState {
    pub status: ConsentStatus,
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
    pub fn collecting(&self) -> bool {
        self.status.collecting()
    }
}

// ---------- clinicians ----------

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PatientSummary {
    pub id: String,
    pub name: String,
    pub email: String,
    pub consent: ConsentStatus,
    pub observations: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_recorded_at: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PatientList {
    pub patients: Vec<PatientSummary>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closed_sets_serialize_as_their_wire_names() {
        for s in ConsentStatus::ALL {
            assert_eq!(serde_json::to_value(s).expect("serialize"), s.as_str());
            assert_eq!(ConsentStatus::parse(s.as_str()), Some(s));
        }
        for s in RowState::ALL {
            assert_eq!(serde_json::to_value(s).expect("serialize"), s.as_str());
            assert_eq!(RowState::parse(s.as_str()), Some(s));
        }
    }
}
