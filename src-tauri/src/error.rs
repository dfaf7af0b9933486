//! What a failed command answers: a [`UiError`] (its code, the specific sentence where there is
//! one), mapped here from the core's errors. The shell owns this mapping; the core keeps its own
//! error types.

use haven_api::shell::{Command, UiCode, UiError};
use haven_api::ConsentStatus;
use haven_client::exports::SaveError;
use haven_client::health::SyncFailure;
use haven_client::offline::OfflineError;
use haven_client::ClientError;
use haven_i18n::tr;
use serde::Serialize;

/// A command's error: serialized as the [`UiError`] it holds.
#[derive(Debug, Serialize)]
#[serde(transparent)]
pub struct Error(pub UiError);

/// What a command's handler answers.
pub type Reply<C> = Result<<C as Command>::Reply, Error>;

impl From<UiError> for Error {
    fn from(e: UiError) -> Error {
        Error(e)
    }
}

impl From<ClientError> for Error {
    fn from(e: ClientError) -> Error {
        Error(client_error(e))
    }
}

impl From<OfflineError> for Error {
    fn from(e: OfflineError) -> Error {
        Error(match e {
            OfflineError::Client(c) => client_error(c),
            OfflineError::Invalid(m) => UiError::new(UiCode::Unprocessable, m),
            OfflineError::Db(d) => {
                tracing::error!(error = %d, "local database");
                UiError::new(UiCode::LocalStorage, "")
            }
            OfflineError::Sealed => {
                tracing::error!("a stored value does not open under this device's key");
                UiError::new(UiCode::LocalStorage, tr!("shell-value-changed-outside"))
            }
            e @ OfflineError::KeyUnavailable => UiError::new(UiCode::LocalStorage, e.to_string()),
            OfflineError::NotCollecting(status) => UiError::new(
                if status == ConsentStatus::Withdrawn { UiCode::ConsentWithdrawn } else { UiCode::Forbidden },
                tr!("shell-sign-consent-first"),
            ),
        })
    }
}

impl From<SaveError> for Error {
    fn from(e: SaveError) -> Error {
        match e {
            SaveError::Client(c) => c.into(),
            SaveError::Io { action, path, source } => {
                let (path, error) = (path.display().to_string(), source.to_string());
                let message = match action {
                    "write" => tr!("shell-cannot-write", path = path, error = error),
                    _ => tr!("shell-cannot-save", path = path, error = error),
                };
                Error(UiError::new(UiCode::NotAvailable, message))
            }
        }
    }
}

/// A service error keeps its code, sentence, fields and wait; the client's own failures get the
/// app's codes.
pub fn client_error(e: ClientError) -> UiError {
    let code = match &e {
        ClientError::Api { code, .. } => UiCode::from(*code),
        ClientError::Address(_) => UiCode::NotStarted,
        ClientError::Unreachable(_) => UiCode::Unreachable,
        ClientError::Untrusted(_) => UiCode::Untrusted,
        ClientError::Protocol(_) => UiCode::Protocol,
        ClientError::SignedOut => UiCode::Unauthenticated,
        ClientError::Store(_) => UiCode::Keychain,
    };
    match e {
        ClientError::Api { message, fields, retry_after_s, .. } => UiError { code, message, fields, retry_after_s },
        other => UiError::new(code, other.to_string()),
    }
}

/// Why the last sync did not finish, as the health screen says it.
pub fn sync_failure(f: SyncFailure) -> String {
    match f {
        SyncFailure::ConsentWithdrawn => tr!("shell-sync-consent-withdrawn"),
        SyncFailure::Client(c) => client_error(c).text(),
        SyncFailure::LocalStorage => UiError::new(UiCode::LocalStorage, "").text(),
        SyncFailure::Unreadable(m) => m,
    }
}
