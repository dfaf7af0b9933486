//! Biometric login: the [`BiometricGate`] trait, the desktop-Linux gate over fprintd (D-Bus,
//! zbus), and [`Attempts`], the failure limit (5 no-matches, then the password).
//!
//! fprintd answers "this finger matches one enrolled for this user" — a yes/no event. It cannot
//! release a key, so on Linux the stored credential is not bound to the check: the gate only
//! opens the lock screen of a session whose tokens are already in the keychain. (Android and
//! iOS: the shell's `MobileGate` over the Tauri biometric plugin, with the same trait.)

#[cfg(target_os = "linux")]
use futures_util::StreamExt;
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BioOutcome {
    Match,
    NoMatch,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum BioError {
    /// No fingerprint service or no reader: biometric login cannot be offered here.
    #[error("{0}")]
    NotAvailable(String),
    /// A reader, but no finger enrolled for this user in the system settings.
    #[error("{}", haven_i18n::tr!("shell-bio-not-enrolled"))]
    NotEnrolled,
    /// Nobody touched the reader in time.
    #[error("no finger was scanned in time")]
    TimedOut,
    /// The person chose not to (the system prompt's cancel, or its own fallback), or the system
    /// called the check off (another app came up): not a failed scan.
    #[error("the check was cancelled")]
    Cancelled,
    /// The system refuses to check for now (too many failed tries): only the password opens.
    #[error("too many tries: the system has turned the check off for now")]
    LockedOut,
    #[error("{}", failed_text(.0))]
    Failed(String),
}

/// What [`BioError::Failed`] says (setting biometric login on shows it).
fn failed_text(reason: &str) -> String {
    haven_i18n::tr!("shell-bio-failed", error = reason)
}

pub type BioFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, BioError>> + Send + 'a>>;

/// Something that can check that the person at the device is its owner.
pub trait BiometricGate: Send + Sync + 'static {
    /// Whether a check can be made at all (a reader with an enrolled finger).
    fn available(&self) -> BioFuture<'_, ()>;
    /// Asks for a scan and answers whether it matched. With `biometrics_only` (the deployment
    /// requires biometric login), the device's PIN or passcode is not offered instead, where a
    /// platform would offer it (fprintd never does).
    fn verify(&self, biometrics_only: bool) -> BioFuture<'_, BioOutcome>;
}

/// fprintd on the system bus (or at a given address, for tests).
#[cfg(target_os = "linux")]
pub struct FprintdGate {
    address: Option<String>,
    scan_timeout: Duration,
}

#[cfg(target_os = "linux")]
const SERVICE: &str = "net.reactivated.Fprint";
#[cfg(target_os = "linux")]
const DEVICE: &str = "net.reactivated.Fprint.Device";

#[cfg(target_os = "linux")]
fn failed(e: zbus::Error) -> BioError {
    match &e {
        zbus::Error::MethodError(name, msg, _) => {
            let n = name.as_str();
            if n.ends_with("NoSuchDevice") {
                BioError::NotAvailable(haven_i18n::tr!("shell-bio-no-reader"))
            } else if n.ends_with("NoEnrolledPrints") {
                BioError::NotEnrolled
            } else if n == "org.freedesktop.DBus.Error.ServiceUnknown"
                || n == "org.freedesktop.DBus.Error.NameHasNoOwner"
            {
                BioError::NotAvailable(haven_i18n::tr!("shell-bio-no-fprintd"))
            } else {
                BioError::Failed(format!("{n}: {}", msg.clone().unwrap_or_default()))
            }
        }
        _ => BioError::Failed(e.to_string()),
    }
}

#[cfg(target_os = "linux")]
impl FprintdGate {
    /// The system's fprintd; `scan_timeout` is how long to wait for a finger.
    pub fn system(scan_timeout: Duration) -> Self {
        FprintdGate { address: None, scan_timeout }
    }

    pub fn at(address: &str, scan_timeout: Duration) -> Self {
        FprintdGate { address: Some(address.to_owned()), scan_timeout }
    }

    async fn connection(&self) -> Result<zbus::Connection, BioError> {
        let r = match &self.address {
            Some(a) => match zbus::connection::Builder::address(a.as_str()) {
                Ok(b) => b.build().await,
                Err(e) => Err(e),
            },
            None => zbus::Connection::system().await,
        };
        r.map_err(|_| BioError::NotAvailable(haven_i18n::tr!("shell-bio-unreachable")))
    }

    async fn device(&self) -> Result<zbus::Proxy<'static>, BioError> {
        let conn = self.connection().await?;
        let manager =
            zbus::Proxy::new(&conn, SERVICE, "/net/reactivated/Fprint/Manager", "net.reactivated.Fprint.Manager")
                .await
                .map_err(failed)?;
        let path: zbus::zvariant::OwnedObjectPath = manager.call("GetDefaultDevice", &()).await.map_err(failed)?;
        zbus::Proxy::new(&conn, SERVICE, path, DEVICE).await.map_err(failed)
    }

    async fn check(&self) -> Result<(), BioError> {
        let dev = self.device().await?;
        let fingers: Result<Vec<String>, _> = dev.call("ListEnrolledFingers", &("",)).await;
        match fingers.map_err(failed) {
            Ok(f) if f.is_empty() => Err(BioError::NotEnrolled),
            Ok(_) => Ok(()),
            Err(e) => Err(e),
        }
    }

    async fn scan(&self) -> Result<BioOutcome, BioError> {
        let dev = self.device().await?;
        let () = dev.call("Claim", &("",)).await.map_err(failed)?;
        let result = self.scan_claimed(&dev).await;
        let _: Result<(), _> = dev.call("Release", &()).await;
        result
    }

    async fn scan_claimed(&self, dev: &zbus::Proxy<'static>) -> Result<BioOutcome, BioError> {
        // Subscribe before starting, so the answer cannot be missed.
        let mut status = dev.receive_signal("VerifyStatus").await.map_err(failed)?;
        let () = dev.call("VerifyStart", &("any",)).await.map_err(failed)?;
        let wait = async {
            while let Some(msg) = status.next().await {
                let (result, done): (String, bool) =
                    msg.body().deserialize().map_err(|e| BioError::Failed(e.to_string()))?;
                match result.as_str() {
                    "verify-match" => return Ok(BioOutcome::Match),
                    "verify-no-match" => return Ok(BioOutcome::NoMatch),
                    // verify-retry-scan, -swipe-too-short, -finger-not-centered, -remove-and-retry
                    r if r.starts_with("verify-retry") && !done => continue,
                    other => return Err(BioError::Failed(other.to_owned())),
                }
            }
            Err(BioError::Failed("fprintd went away".into()))
        };
        let r = match tokio::time::timeout(self.scan_timeout, wait).await {
            Ok(r) => r,
            Err(_) => Err(BioError::TimedOut),
        };
        let _: Result<(), _> = dev.call("VerifyStop", &()).await;
        r
    }
}

#[cfg(target_os = "linux")]
impl BiometricGate for FprintdGate {
    fn available(&self) -> BioFuture<'_, ()> {
        Box::pin(self.check())
    }
    fn verify(&self, _biometrics_only: bool) -> BioFuture<'_, BioOutcome> {
        Box::pin(self.scan())
    }
}

/// Where no gate is built for the platform yet (desktop macOS and Windows; Android and iOS use
/// the shell's gate over the Tauri biometric plugin instead): says so, and biometric login cannot
/// be turned on.
pub struct NoGate;

impl BiometricGate for NoGate {
    fn available(&self) -> BioFuture<'_, ()> {
        Box::pin(async { Err(BioError::NotAvailable(haven_i18n::tr!("shell-bio-unsupported"))) })
    }
    fn verify(&self, _biometrics_only: bool) -> BioFuture<'_, BioOutcome> {
        Box::pin(async { Err(BioError::NotAvailable(haven_i18n::tr!("shell-bio-unsupported"))) })
    }
}

/// The platform's gate: fprintd on Linux, [`NoGate`] elsewhere.
pub fn platform_gate(scan_timeout: Duration) -> std::sync::Arc<dyn BiometricGate> {
    #[cfg(target_os = "linux")]
    return std::sync::Arc::new(FprintdGate::system(scan_timeout));
    #[cfg(not(target_os = "linux"))]
    {
        let _ = scan_timeout;
        std::sync::Arc::new(NoGate)
    }
}

/// At most [`Attempts::LIMIT`] failed scans in a row; then only the password opens the app
/// (until it does, which starts the count again).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Attempts {
    failures: u32,
}

impl Attempts {
    pub const LIMIT: u32 = 5;

    /// No fingerprint tries until the password has been entered (e.g. after a restart).
    pub fn password_first() -> Self {
        Attempts { failures: Self::LIMIT }
    }

    /// Whether biometrics may still be tried.
    pub fn allowed(&self) -> bool {
        self.failures < Self::LIMIT
    }

    /// Records a scan; answers whether biometrics may still be tried afterwards.
    pub fn record(&mut self, outcome: &BioOutcome) -> bool {
        match outcome {
            BioOutcome::Match => self.failures = 0,
            BioOutcome::NoMatch => self.failures = self.failures.saturating_add(1),
        }
        self.allowed()
    }

    /// The password was entered: biometrics may be tried again next time.
    pub fn reset(&mut self) {
        self.failures = 0;
    }

    pub fn left(&self) -> u32 {
        Self::LIMIT.saturating_sub(self.failures)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_failures_then_the_password() {
        let mut a = Attempts::default();
        for left in (1..=4).rev() {
            assert!(a.record(&BioOutcome::NoMatch));
            assert_eq!(a.left(), left);
        }
        assert!(!a.record(&BioOutcome::NoMatch), "a sixth try after five failures");
        assert!(!a.allowed());
        a.reset();
        assert!(a.allowed() && a.left() == 5);
        a.record(&BioOutcome::NoMatch);
        a.record(&BioOutcome::Match);
        assert_eq!(a.left(), 5, "a match starts the count again");
        let mut p = Attempts::password_first();
        assert!(!p.allowed(), "after a restart the password comes first");
        p.reset();
        assert!(p.allowed());
    }
}
