//! The one error type of the HTTP layer and its single `IntoResponse`: every failure leaves the
//! service as `{"error": {"code", "message", "fields"?}}` with the status the contract gives it.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use haven_api::{ErrorBody, ErrorCode, ErrorEnvelope};
use std::collections::BTreeMap;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{0}")]
    InvalidRequest(String),
    #[error("The email or password is incorrect.")]
    InvalidCredentials,
    /// A wrong second-factor or verification code (401 `invalid_credentials`).
    #[error("{0}")]
    WrongCode(String),
    #[error("{0}")]
    Unauthenticated(&'static str),
    #[error("Confirm it's you: enter your password or a code again (needed within 10 minutes for this action).")]
    ReauthRequired,
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    NotFound(&'static str),
    #[error("This method is not allowed on this path.")]
    MethodNotAllowed,
    #[error("{0}")]
    Conflict(String),
    #[error("You have withdrawn your consent, so no new data is collected. Sign the consent form again to resume; your existing data stays available.")]
    ConsentWithdrawn,
    #[error("{0}")]
    Gone(&'static str),
    #[error("The request body is too large.")]
    PayloadTooLarge,
    #[error("The request body must be JSON (Content-Type: application/json).")]
    UnsupportedMediaType,
    #[error("Some fields are not valid.")]
    Unprocessable(BTreeMap<String, String>),
    #[error("Too many attempts. Try again in {retry_after_s} seconds.")]
    TooManyAttempts { retry_after_s: u64 },
    #[error("internal error")]
    Internal(String),
    /// The database cannot be reached, or this instance is stopping (503 `unavailable`); the
    /// detail goes to the log only.
    #[error("The service is unavailable right now. Please try again in a moment.")]
    Unavailable(String),
    /// The database's disk (or its cap) is full: 503 `unavailable` too, with its own sentence;
    /// the statement's transaction rolled back, so nothing of the request was stored.
    #[error("The service has no room to store this right now, so it was not saved. Please try again later.")]
    StorageFull(String),
}

impl ApiError {
    pub fn field(name: &str, msg: impl Into<String>) -> Self {
        let mut m = BTreeMap::new();
        m.insert(name.to_owned(), msg.into());
        ApiError::Unprocessable(m)
    }

    pub fn internal(e: impl std::fmt::Display) -> Self {
        ApiError::Internal(e.to_string())
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

impl From<sqlx::Error> for ApiError {
    fn from(e: sqlx::Error) -> Self {
        if unreachable(&e) {
            ApiError::Unavailable(format!("database: {e}"))
        } else if storage_full(&e) {
            ApiError::StorageFull(format!("database: {e}"))
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
        let message = match &self {
            ApiError::Internal(detail) => {
                // The detail goes to the log only; the client gets a plain sentence.
                tracing::error!(%detail, "internal error");
                "Something went wrong on the server. Please try again.".to_owned()
            }
            ApiError::Unavailable(detail) => {
                tracing::warn!(%detail, "database unavailable");
                self.to_string()
            }
            ApiError::StorageFull(detail) => {
                tracing::error!(%detail, "the database is full");
                self.to_string()
            }
            other => other.to_string(),
        };
        let fields = match &self {
            ApiError::Unprocessable(f) => f.clone(),
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
