//! The one error type of the HTTP layer and its single `IntoResponse`: every failure leaves the
//! service as `{"error": {"code", "message", "fields"?}}` with the status the contract gives it.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use haven_api::{ErrorBody, ErrorCode, ErrorEnvelope};
use haven_i18n::{msg, Msg};
use std::collections::BTreeMap;

/// A failure of a request. Its sentence is a [`Msg`], rendered only when the answer is made, in
/// the request's language ([`crate::i18n::lang`]); `Display` renders it the same way (English
/// outside a request, as in logs of background work).
#[derive(Debug)]
pub enum ApiError {
    InvalidRequest(Msg),
    InvalidCredentials,
    /// A wrong second-factor or verification code (401 `invalid_credentials`).
    WrongCode(Msg),
    Unauthenticated(Msg),
    ReauthRequired,
    Forbidden(Msg),
    NotFound(Msg),
    MethodNotAllowed,
    Conflict(Msg),
    ConsentWithdrawn,
    Gone(Msg),
    PayloadTooLarge,
    UnsupportedMediaType,
    /// Field name → the sentence shown under it.
    Unprocessable(BTreeMap<String, Msg>),
    TooManyAttempts {
        retry_after_s: u64,
    },
    /// The detail goes to the log only; the client gets a plain sentence.
    Internal(String),
    /// The database cannot be reached, or this instance is stopping (503 `unavailable`); the
    /// detail goes to the log only.
    Unavailable(String),
    /// The database's disk (or its cap) is full: 503 `unavailable` too, with its own sentence;
    /// the statement's transaction rolled back, so nothing of the request was stored.
    StorageFull(String),
}

impl ApiError {
    pub fn field(name: &str, msg: Msg) -> Self {
        let mut m = BTreeMap::new();
        m.insert(name.to_owned(), msg);
        ApiError::Unprocessable(m)
    }

    pub fn internal(e: impl std::fmt::Display) -> Self {
        ApiError::Internal(e.to_string())
    }

    /// The sentence the client is given (an internal error's detail is not in it).
    pub fn message(&self) -> Msg {
        use ApiError::*;
        match self {
            InvalidRequest(m) | WrongCode(m) | Unauthenticated(m) | Forbidden(m) | NotFound(m) | Conflict(m)
            | Gone(m) => m.clone(),
            InvalidCredentials => msg!("service-invalid-credentials"),
            ReauthRequired => msg!("service-reauth-required", minutes = crate::twostep::REAUTH_WINDOW_S / 60),
            MethodNotAllowed => msg!("service-method-not-allowed"),
            ConsentWithdrawn => msg!("service-consent-withdrawn"),
            PayloadTooLarge => msg!("service-payload-too-large"),
            UnsupportedMediaType => msg!("service-unsupported-media-type"),
            Unprocessable(_) => msg!("service-unprocessable"),
            TooManyAttempts { retry_after_s } => msg!("service-too-many-attempts", seconds = *retry_after_s),
            Internal(_) => msg!("service-internal"),
            Unavailable(_) => msg!("service-unavailable"),
            StorageFull(_) => msg!("service-storage-full"),
        }
    }

    /// The HTTP status this error is answered with.
    pub fn status(&self) -> StatusCode {
        self.status_and_code().0
    }

    fn status_and_code(&self) -> (StatusCode, ErrorCode) {
        use ApiError::*;
        match self {
            InvalidRequest(_) => (StatusCode::BAD_REQUEST, ErrorCode::InvalidRequest),
            InvalidCredentials | WrongCode(_) => (StatusCode::UNAUTHORIZED, ErrorCode::InvalidCredentials),
            Unauthenticated(_) => (StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated),
            ReauthRequired => (StatusCode::UNAUTHORIZED, ErrorCode::ReauthRequired),
            Forbidden(_) => (StatusCode::FORBIDDEN, ErrorCode::Forbidden),
            NotFound(_) => (StatusCode::NOT_FOUND, ErrorCode::NotFound),
            MethodNotAllowed => (StatusCode::METHOD_NOT_ALLOWED, ErrorCode::MethodNotAllowed),
            Conflict(_) => (StatusCode::CONFLICT, ErrorCode::Conflict),
            ConsentWithdrawn => (StatusCode::CONFLICT, ErrorCode::ConsentWithdrawn),
            Gone(_) => (StatusCode::GONE, ErrorCode::Gone),
            PayloadTooLarge => (StatusCode::PAYLOAD_TOO_LARGE, ErrorCode::PayloadTooLarge),
            UnsupportedMediaType => (StatusCode::UNSUPPORTED_MEDIA_TYPE, ErrorCode::UnsupportedMediaType),
            Unprocessable(_) => (StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::Unprocessable),
            TooManyAttempts { .. } => (StatusCode::TOO_MANY_REQUESTS, ErrorCode::TooManyAttempts),
            Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, ErrorCode::Internal),
            Unavailable(_) | StorageFull(_) => (StatusCode::SERVICE_UNAVAILABLE, ErrorCode::Unavailable),
        }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            // Never the detail: Display is what a client could be shown.
            ApiError::Internal(_) => f.write_str("internal error"),
            // English, whoever asked: Display is for logs (responses render in the request's
            // language in IntoResponse).
            other => f.write_str(&other.message().render(haven_i18n::Lang::En)),
        }
    }
}

impl std::error::Error for ApiError {}

impl From<sqlx::Error> for ApiError {
    fn from(e: sqlx::Error) -> Self {
        if unreachable(&e) {
            ApiError::Unavailable(format!("database: {e}"))
        } else if storage_full(&e) {
            ApiError::StorageFull(format!("database: {e}"))
        } else if e.as_database_error().and_then(|d| d.code()).is_some_and(|c| c == "22021") {
            // PostgreSQL's character_not_in_repertoire: text with U+0000 that got past the
            // extractors' own refusal of it. The request's fault, not the service's.
            ApiError::InvalidRequest(msg!("service-nul-character"))
        } else {
            ApiError::Internal(format!("database: {e}"))
        }
    }
}

/// Whether an error says the database is out of reach (down, restarting, overloaded), rather than
/// that a statement was wrong: the first passes by itself and is answered 503.
pub fn unreachable(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::Io(_) | sqlx::Error::Tls(_) | sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed => true,
        // SQLSTATE class 08 (connection exception), 57P01–57P03 (the server shutting down or
        // starting), 53300 (too many connections).
        sqlx::Error::Database(d) => {
            d.code().is_some_and(|c| c.starts_with("08") || c.starts_with("57P") || c == "53300")
        }
        _ => false,
    }
}

/// Whether the database refused a write for want of space: SQLite's SQLITE_FULL (the disk, or
/// the configured cap) or a failed write or allocation of its files (SQLITE_IOERR_WRITE,
/// _SHMSIZE), PostgreSQL's 53100 disk_full.
pub fn storage_full(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::Database(d) => d.code().is_some_and(|c| matches!(&*c, "13" | "778" | "4874" | "53100")),
        _ => false,
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

pub fn envelope(code: ErrorCode, message: String, fields: BTreeMap<String, String>) -> ErrorEnvelope {
    ErrorEnvelope { error: ErrorBody { code, message, fields } }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code) = self.status_and_code();
        match &self {
            ApiError::Internal(detail) => tracing::error!(%detail, "internal error"),
            ApiError::Unavailable(detail) => tracing::warn!(%detail, "database unavailable"),
            ApiError::StorageFull(detail) => tracing::error!(%detail, "the database is full"),
            _ => {}
        }
        // The only place a sentence is put into words: in the language the request asked for.
        let lang = crate::i18n::lang();
        let message = self.message().render(lang);
        let fields = match &self {
            ApiError::Unprocessable(f) => f.iter().map(|(k, m)| (k.clone(), m.render(lang))).collect(),
            _ => BTreeMap::new(),
        };
        let mut resp = (status, axum::Json(envelope(code, message, fields))).into_response();
        if let ApiError::TooManyAttempts { retry_after_s } = self {
            if let Ok(v) = HeaderValue::from_str(&retry_after_s.max(1).to_string()) {
                resp.headers_mut().insert(header::RETRY_AFTER, v);
            }
        }
        match self {
            ApiError::Unavailable(_) => {
                resp.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("2"));
            }
            ApiError::StorageFull(_) => {
                resp.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("60"));
            }
            _ => {}
        }
        resp
    }
}
