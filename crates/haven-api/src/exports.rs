//! "Download your data": export jobs, their formats and statuses, and the events that say when
//! one is done.

use serde::{Deserialize, Serialize};

/// The file formats of a data download.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    Csv,
    Pdf,
    Fhir,
}

impl ExportFormat {
    pub const ALL: [ExportFormat; 3] = [ExportFormat::Csv, ExportFormat::Pdf, ExportFormat::Fhir];

    pub fn as_str(self) -> &'static str {
        match self {
            ExportFormat::Csv => "csv",
            ExportFormat::Pdf => "pdf",
            ExportFormat::Fhir => "fhir",
        }
    }

    pub fn parse(s: &str) -> Option<ExportFormat> {
        ExportFormat::ALL.into_iter().find(|f| f.as_str() == s)
    }

    /// The file's media type.
    pub fn media_type(self) -> &'static str {
        match self {
            ExportFormat::Csv => "text/csv; charset=utf-8",
            ExportFormat::Pdf => "application/pdf",
            ExportFormat::Fhir => "application/fhir+json",
        }
    }

    /// The file name's extension.
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Csv => "csv",
            ExportFormat::Pdf => "pdf",
            ExportFormat::Fhir => "json",
        }
    }
}

/// Where an export job stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExportStatus {
    Pending,
    Running,
    Ready,
    Failed,
}

impl ExportStatus {
    pub const ALL: [ExportStatus; 4] =
        [ExportStatus::Pending, ExportStatus::Running, ExportStatus::Ready, ExportStatus::Failed];

    pub fn as_str(self) -> &'static str {
        match self {
            ExportStatus::Pending => "pending",
            ExportStatus::Running => "running",
            ExportStatus::Ready => "ready",
            ExportStatus::Failed => "failed",
        }
    }

    pub fn parse(s: &str) -> Option<ExportStatus> {
        ExportStatus::ALL.into_iter().find(|f| f.as_str() == s)
    }

    /// Still being prepared (waiting or running).
    pub fn is_open(self) -> bool {
        matches!(self, ExportStatus::Pending | ExportStatus::Running)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateExport {
    pub format: ExportFormat,
    /// The IANA time zone the file shows times in (e.g. "Europe/Berlin"); UTC when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
}

/// A data-download job. `progress` runs from 0 to 1.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExportJob {
    pub id: String,
    pub format: ExportFormat,
    pub status: ExportStatus,
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
    /// The IANA time zone the file's times are shown in (PDF and CSV).
    #[serde(default)]
    pub time_zone: String,
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
    pub format: ExportFormat,
    pub status: ExportStatus,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closed_sets_serialize_as_their_wire_names() {
        for f in ExportFormat::ALL {
            assert_eq!(serde_json::to_value(f).expect("serialize"), f.as_str());
            assert_eq!(ExportFormat::parse(f.as_str()), Some(f));
        }
        for s in ExportStatus::ALL {
            assert_eq!(serde_json::to_value(s).expect("serialize"), s.as_str());
            assert_eq!(ExportStatus::parse(s.as_str()), Some(s));
        }
        assert!(serde_json::from_str::<CreateExport>(r#"{"format":"xlsx"}"#).is_err());
    }
}
