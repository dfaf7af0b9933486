//! What a call to the service can fail with: the service's own error (its code, sentence,
//! fields and wait), or the client's (unreachable, not the contract, signed out, the keychain).

use crate::session::StoreError;
use haven_api::{ErrorCode, ErrorEnvelope};

#[derive(Debug, Clone, thiserror::Error)]
pub enum ClientError {
    /// The service answered with the contract's error shape.
    #[error("{message}")]
    Api {
        status: u16,
        code: ErrorCode,
        message: String,
        fields: std::collections::BTreeMap<String, String>,
        retry_after_s: Option<u64>,
    },
    /// The service could not be reached (offline, refused, timed out).
    #[error("cannot reach the Haven service: {0}")]
    Unreachable(String),
    /// The service answered something that is not the contract.
    #[error("unexpected answer from the Haven service: {0}")]
    Protocol(String),
    /// The call needs a signed-in session and there is none.
    #[error("not signed in")]
    SignedOut,
    #[error("token store: {0}")]
    Store(#[from] StoreError),
}

impl ClientError {
    /// The machine code (the service's, or `unreachable`, `protocol`, `keychain`), for logs and
    /// tests.
    pub fn code(&self) -> &'static str {
        match self {
            ClientError::Api { code, .. } => code.as_str(),
            ClientError::Unreachable(_) => "unreachable",
            ClientError::Protocol(_) => "protocol",
            ClientError::SignedOut => "unauthenticated",
            ClientError::Store(_) => "keychain",
        }
    }
}

pub type Result<T> = std::result::Result<T, ClientError>;

/// The contract's error from an answer that was not a success: its code, sentence, fields and
/// `Retry-After`; anything else is a protocol error.
pub(crate) async fn api_error(resp: reqwest::Response) -> ClientError {
    let status = resp.status();
    let retry_after_s = resp.headers().get("retry-after").and_then(|v| v.to_str().ok()).and_then(|v| v.parse().ok());
    let bytes = match resp.bytes().await {
        Ok(b) => b,
        Err(e) => return ClientError::Unreachable(e.without_url().to_string()),
    };
    match serde_json::from_slice::<ErrorEnvelope>(&bytes) {
        Ok(env) => ClientError::Api {
            status: status.as_u16(),
            code: env.error.code,
            message: env.error.message,
            fields: env.error.fields,
            retry_after_s,
        },
        Err(e) => ClientError::Protocol(format!("{status} without an error body: {e}")),
    }
}
