//! The shell's state, managed by Tauri: the client session, the health session, the idle lock,
//! the biometric gate and what the set-up step holds. Commands reach it as `State<Shell>`.

use crate::config::ShellConfig;
use haven_api::shell::{AppInfo, UiCode, UiError};
use haven_api::{DeviceInfo, Secret};
use haven_client::biometric::{Attempts, BiometricGate};
use haven_client::exports::ExportWatch;
use haven_client::health::HealthSession;
use haven_client::keychain::FallbackStore;
use haven_client::lock::{IdleLock, LockEvent, LockSettings, UnlockTries};
use haven_client::HavenClient;
use std::sync::{Arc, Mutex};

pub struct Shell {
    pub client: HavenClient,
    pub store: Arc<FallbackStore>,
    pub config: ShellConfig,
    pub info: AppInfo,
    pub device: DeviceInfo,
    /// The set-up token of a `setup_required` sign-in: kept here, never sent to the webview.
    pub setup_token: Mutex<Option<Secret>>,
    pub lock: Mutex<IdleLock>,
    /// Woken on every lock event, so the lock watcher re-reads the deadline at once.
    pub lock_changed: tokio::sync::Notify,
    pub bio: Arc<dyn BiometricGate>,
    pub bio_attempts: Mutex<Attempts>,
    /// One fingerprint scan at a time, so the attempt limit cannot be raced.
    pub bio_scan: tokio::sync::Mutex<()>,
    /// Wrong passwords at the lock screen since the app was last opened by its person, kept
    /// across restarts: at the limit the session is ended and only a full sign-in opens the app.
    pub unlock_tries: UnlockTries,
    /// One password check at a time, so the limit cannot be raced either.
    pub unlock_check: tokio::sync::Mutex<()>,
    pub health: HealthSession,
    pub exports: ExportWatch,
    /// The development outbox's key (bundled or local development service), never sent to the
    /// webview.
    pub outbox_key: Option<Secret>,
    /// The app's data dir (the bundled service's database, offline stores, the demo's details).
    pub data: std::path::PathBuf,
    /// Someone has signed in here: the demo admin's password is shown no more (once true, true).
    pub demo_password_gone: std::sync::atomic::AtomicBool,
    /// The bundled service, when this app runs it: held so it serves as long as the app runs.
    pub bundled: Option<haven_sync::Running>,
    /// System screens the app itself has open (a save dialog, a biometric prompt): on a phone
    /// they pause the app, which must not lock it (see [`Shell::system_ui`]).
    pub system_ui: std::sync::atomic::AtomicUsize,
}

/// Held while the app shows a system screen of its own; see [`Shell::system_ui`].
pub struct SystemUi<'a>(&'a std::sync::atomic::AtomicUsize);

impl Drop for SystemUi<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
    }
}

/// Writes the demo's details to the data dir, whole or not at all (the app's own file in its
/// own dir: a demo made anew replaces the last one's).
pub fn keep_demo_details(data: &std::path::Path, demo: &haven_api::shell::Demo) -> Result<(), String> {
    let json = serde_json::to_string_pretty(demo).map_err(|e| e.to_string())?;
    let replace = haven_client::exports::Existing::Replace;
    haven_client::exports::save_text(&data.join("demo.json"), &json, replace).map(|_| ()).map_err(|e| e.to_string())
}

/// Wall-clock milliseconds (suspend counts as idle time; see haven_client::lock).
pub fn now_ms() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis() as u64).unwrap_or(0)
}

/// The signed-in user's lock setting, capped by the deployment (from `/v1/me`).
pub fn lock_settings(me: &haven_api::Me) -> LockSettings {
    LockSettings {
        enabled: me.lock_when_idle.enabled,
        timeout_s: me.lock_when_idle.timeout_s,
        cap_s: me.deployment.policy.idle_timeout_max_s,
    }
}

impl Shell {
    /// Marks a system screen the app opens itself (a phone pauses the app under it, as it does
    /// for another app) for as long as the answer is held.
    pub fn system_ui(&self) -> SystemUi<'_> {
        self.system_ui.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        SystemUi(&self.system_ui)
    }

    /// Whether a system screen of the app's own is open (then a pause is not the app leaving).
    /// Only phones pause the app under one.
    #[cfg(mobile)]
    pub fn showing_system_ui(&self) -> bool {
        self.system_ui.load(std::sync::atomic::Ordering::SeqCst) > 0
    }

    /// Applies a lock event; answers whether the app is locked afterwards.
    pub fn lock_event(&self, e: LockEvent) -> bool {
        let locked = self.lock.lock().map(|mut l| l.on(e, now_ms())).unwrap_or(true);
        self.lock_changed.notify_one();
        locked
    }

    pub fn is_locked(&self) -> bool {
        self.lock.lock().map(|mut l| l.is_locked(now_ms())).unwrap_or(true)
    }

    /// How many times the app has locked (after applying the idle deadline).
    pub fn lock_count(&self) -> u64 {
        self.lock
            .lock()
            .map(|mut l| {
                l.is_locked(now_ms());
                l.lock_count()
            })
            .unwrap_or(u64::MAX)
    }

    /// Milliseconds until the idle timeout locks the app (None: it cannot now).
    pub fn lock_remaining_ms(&self) -> Option<u64> {
        self.lock.lock().ok().and_then(|l| l.remaining_ms(now_ms()))
    }

    pub fn configure_lock(&self, me: &haven_api::Me) {
        if let Ok(mut l) = self.lock.lock() {
            l.configure(lock_settings(me), now_ms());
        }
        self.lock_changed.notify_one();
    }

    /// Every command that reads or changes the signed-in user's data passes here first: it fails
    /// with `locked` while the app is locked. It is not activity: a screen that asks on a timer
    /// must not hold the lock open (activity comes only from the person, the `activity` command).
    pub fn guard(&self) -> Result<(), UiError> {
        if self.is_locked() {
            return Err(UiError::new(UiCode::Locked, haven_i18n::tr!("shell-locked")));
        }
        Ok(())
    }

    /// What a guarded command answers, checked once more as it leaves: a lock that engaged
    /// while the command waited for the service keeps its data back.
    pub fn release<T>(&self, value: T) -> Result<T, crate::error::Error> {
        self.guard()?;
        Ok(value)
    }

    /// Ends the session (out of memory first, then on the service, then from the keychain) and
    /// closes what was opened for it; the lock opens only after that.
    pub async fn end_session(&self) -> haven_client::SignOut {
        self.keep_setup_token(None);
        let out = self.client.logout().await;
        self.health.close().await;
        // A session that may come back at the next start (neither ended nor removed) keeps its
        // count of wrong passwords: used up, it is signed out again then.
        if !matches!(out, haven_client::SignOut::Incomplete { .. }) {
            self.forget_tries();
        }
        self.lock_event(LockEvent::SignedOut);
        out
    }

    /// The person proved who they are (a full sign-in, the password or a fingerprint at the
    /// lock screen): the app opens and every count of failed tries starts again.
    pub fn opened_by_person(&self) {
        self.forget_tries();
        self.lock_event(LockEvent::Unlocked);
    }

    fn forget_tries(&self) {
        if let Err(e) = self.unlock_tries.reset() {
            tracing::warn!(error = %e, "cannot reset the count of wrong unlock passwords");
        }
        if let Ok(mut a) = self.bio_attempts.lock() {
            a.reset();
        }
    }

    /// Whether the demo admin's password is no longer shown: someone has signed in here. The
    /// first time it is found, the copy kept in the data dir loses the password too.
    pub async fn demo_password_gone(&self) -> bool {
        use std::sync::atomic::Ordering::SeqCst;
        if self.demo_password_gone.load(SeqCst) {
            return true;
        }
        let Some(bundled) = &self.bundled else { return true };
        if !haven_sync::demo::anyone_signed_in(&bundled.state).await.unwrap_or(true) {
            return false;
        }
        self.demo_password_gone.store(true, SeqCst);
        if let Some(mut demo) = self.info.demo.clone() {
            demo.admin_password = None;
            if let Err(e) = keep_demo_details(&self.data, &demo) {
                tracing::warn!(error = %e, "cannot drop the demo's password from its details file");
            }
        }
        true
    }

    pub fn keep_setup_token(&self, token: Option<Secret>) {
        if let Ok(mut t) = self.setup_token.lock() {
            *t = token;
        }
    }

    pub fn setup_token(&self) -> Result<Secret, UiError> {
        self.setup_token
            .lock()
            .ok()
            .and_then(|t| t.clone())
            .ok_or_else(|| UiError::new(UiCode::Unauthenticated, haven_i18n::tr!("shell-setup-sign-in-again")))
    }

    /// Fingerprint scans left before only the password opens the app.
    pub fn bio_attempts_left(&self) -> u32 {
        self.bio_attempts.lock().map(|a| a.left()).unwrap_or(0)
    }
}
