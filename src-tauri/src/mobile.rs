//! Android and iOS only (`cfg(mobile)`; CI on these machines cannot compile it): biometric unlock
//! through the official Tauri biometric plugin (fingerprint, Face ID), behind the same
//! [`BiometricGate`] as fprintd on Linux, and on Android the document a save dialog created. The
//! plugins are called from Rust, so the webview gets no permission for them.

use haven_client::biometric::{BioError, BioFuture, BioOutcome, BiometricGate};
use haven_i18n::tr;
use tauri::plugin::mobile::PluginInvokeError;
use tauri::{AppHandle, Wry};
use tauri_plugin_biometric::{AuthOptions, BiometricExt, Error};

pub fn plugin() -> tauri::plugin::TauriPlugin<Wry> {
    tauri_plugin_biometric::init()
}

pub struct MobileGate(pub AppHandle<Wry>);

/// The native side's error code (`authenticationFailed`, `biometryNotEnrolled`, …).
fn code(e: &Error) -> &str {
    match e {
        Error::PluginInvoke(PluginInvokeError::InvokeRejected(r)) => r.code.as_deref().unwrap_or(""),
        _ => "",
    }
}

/// The plugin's calls block until the system prompt answers: keep them off the async workers.
async fn blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> Result<T, BioError> {
    tauri::async_runtime::spawn_blocking(f).await.map_err(|e| BioError::Failed(e.to_string()))
}

impl BiometricGate for MobileGate {
    fn available(&self) -> BioFuture<'_, ()> {
        let app = self.0.clone();
        Box::pin(async move {
            let s =
                blocking(move || app.biometric().status()).await?.map_err(|e| BioError::NotAvailable(e.to_string()))?;
            match (s.is_available, s.error_code.as_deref()) {
                (true, _) => Ok(()),
                (false, Some("biometryNotEnrolled")) => Err(BioError::NotEnrolled),
                (false, _) => Err(BioError::NotAvailable(
                    s.error.filter(|e| !e.trim().is_empty()).unwrap_or_else(|| tr!("shell-bio-none-on-device")),
                )),
            }
        })
    }

    fn verify(&self, biometrics_only: bool) -> BioFuture<'_, BioOutcome> {
        let app = self.0.clone();
        Box::pin(async move {
            let options = AuthOptions {
                // The device's PIN is weaker than the deployment's rule when it requires biometrics.
                allow_device_credential: !biometrics_only,
                title: Some(tr!("shell-bio-prompt-title")),
                cancel_title: Some(tr!("shell-bio-prompt-cancel")),
                // An empty title hides iOS's fallback button, which would only cancel.
                fallback_title: biometrics_only.then(String::new),
                confirmation_required: Some(false),
                ..Default::default()
            };
            let reason = tr!("shell-bio-prompt-reason");
            match blocking(move || app.biometric().authenticate(reason, options)).await? {
                Ok(()) => Ok(BioOutcome::Match),
                Err(e) => match code(&e) {
                    "authenticationFailed" => Ok(BioOutcome::NoMatch),
                    "biometryNotEnrolled" => Err(BioError::NotEnrolled),
                    "biometryNotAvailable" | "passcodeNotSet" => Err(BioError::NotAvailable(e.to_string())),
                    // The password remains for each of these.
                    "userCancel" | "userFallback" | "systemCancel" | "appCancel" => Err(BioError::Cancelled),
                    "biometryLockout" => Err(BioError::LockedOut),
                    _ => Err(BioError::Failed(e.to_string())),
                },
            }
        })
    }
}

/// Android: the document the save dialog picked (`content://`), opened for writing from its
/// start ("wt") through the fs plugin; what is written into it is shared, host-tested code
/// (`haven_client::exports::Target::Opened`). `name` is what the person is told.
#[cfg(target_os = "android")]
pub fn open_document(
    app: &AppHandle<Wry>,
    picked: tauri_plugin_fs::FilePath,
    name: &str,
) -> Result<haven_client::exports::Target, haven_client::exports::SaveError> {
    use tauri_plugin_fs::{FsExt, OpenOptions};
    let mut options = OpenOptions::new();
    options.read(false).write(true).truncate(true);
    match app.fs().open(picked, options) {
        Ok(file) => Ok(haven_client::exports::Target::Opened { file, shown: name.to_owned() }),
        Err(source) => Err(haven_client::exports::SaveError::Io { action: "write", path: name.into(), source }),
    }
}
