//! What a call to the service can fail with: the service's own error (its code, sentence,
//! fields and wait), or the client's (unreachable, not the contract, signed out, the keychain).

use crate::session::StoreError;
use haven_api::{ErrorCode, ErrorEnvelope};
use haven_i18n::tr;

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
    /// The service's address is not one the app will use (not a URL, or plain HTTP to
    /// another machine).
    #[error("{0}")]
    Address(String),
    /// The service could not be reached (offline, refused, timed out).
    #[error("cannot reach the Haven service: {0}")]
    Unreachable(String),
    /// The service's TLS certificate is not trusted; nothing was sent.
    #[error("the Haven service's certificate is not trusted: {0}")]
    Untrusted(String),
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
            ClientError::Address(_) => "address",
            ClientError::Unreachable(_) => "unreachable",
            ClientError::Untrusted(_) => "untrusted",
            ClientError::Protocol(_) => "protocol",
            ClientError::SignedOut => "unauthenticated",
            ClientError::Store(_) => "keychain",
        }
    }
}

pub type Result<T> = std::result::Result<T, ClientError>;

/// A failed request, saying so when the cause is the service's certificate (reqwest's own text
/// is only "error sending request").
pub(crate) fn unreachable(e: reqwest::Error) -> ClientError {
    let mut cause: &dyn std::error::Error = &e;
    while let Some(next) = cause.source() {
        cause = next;
        // rustls's certificate errors, seen through hyper's and reqwest's wrappers.
        if cause.to_string().to_ascii_lowercase().contains("certificate") {
            return ClientError::Untrusted(cause.to_string());
        }
    }
    ClientError::Unreachable(e.without_url().to_string())
}

/// Whether `url` names this device (where plain HTTP never leaves the machine).
pub fn is_loopback_url(url: &reqwest::Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        None => false,
    }
}

/// The service's address, checked: HTTPS, or plain HTTP only to this device.
pub fn service_url(url: &str) -> Result<reqwest::Url> {
    // The address as given, quoted (`"haven.example.org"`).
    let quoted = format!("{url:?}");
    let parsed = reqwest::Url::parse(url.trim())
        .map_err(|e| ClientError::Address(tr!("shell-url-invalid", url = &quoted, error = e.to_string())))?;
    match parsed.scheme() {
        "https" => Ok(parsed),
        "http" if is_loopback_url(&parsed) => Ok(parsed),
        "http" => Err(ClientError::Address(tr!("shell-url-plain-http", url = url))),
        other => Err(ClientError::Address(tr!("shell-url-scheme", url = &quoted, scheme = other))),
    }
}

/// The contract's error from an answer that was not a success: its code, sentence, fields and
/// `Retry-After`; anything else is a protocol error.
pub(crate) async fn api_error(resp: reqwest::Response) -> ClientError {
    let status = resp.status();
    let retry_after_s = resp.headers().get("retry-after").and_then(|v| v.to_str().ok()).and_then(|v| v.parse().ok());
    let bytes = match resp.bytes().await {
        Ok(b) => b,
        Err(e) => return unreachable(e),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_http_is_used_only_on_this_device() {
        for ok in [
            "http://127.0.0.1:8787",
            "http://localhost/v1",
            "http://[::1]:9",
            "https://haven.example.org",
            "https://10.0.0.5:8443",
        ] {
            assert!(service_url(ok).is_ok(), "{ok}");
        }
        for refused in [
            "http://haven.example.org",
            "http://127.0.0.1.example.org:80",
            "http://10.0.0.5:8787",
            "ftp://x",
            "haven.example.org",
        ] {
            assert!(matches!(service_url(refused), Err(ClientError::Address(_))), "{refused}");
        }
        let e = service_url("http://haven.example.org").expect_err("refused").to_string();
        assert!(e.contains("only over HTTPS") && e.contains("https://"), "{e}");
    }
}
