//! Start-up, off the window's path: the window opens at once while this opens the bundled service
//! (or names the remote one), the keychain and the kept session, then manages the [`Shell`] and
//! starts the background work. Until then [`gate`] holds every command back but the language's
//! and the screen's crash report (which need none of it), so none ever sees a half-started
//! shell; if start-up fails, each command answers why.

use crate::config::ShellConfig;
use crate::state::{lock_settings, now_ms, Shell};
use crate::{background, view};
use haven_api::shell::{cmd, AppInfo, Command, Demo, UiCode, UiError};
#[cfg(not(mobile))]
use haven_client::biometric::platform_gate;
use haven_client::biometric::Attempts;
use haven_client::exports::ExportWatch;
use haven_client::health::HealthSession;
use haven_client::keychain::{FallbackStore, KeychainStore};
use haven_client::lock::{IdleLock, LockEvent, LockSettings, UnlockTries};
use haven_client::{HavenClient, TokenStore};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tauri::ipc::Invoke;
use tauri::{AppHandle, Manager};
use tokio::sync::watch;

/// How long a keychain call may take before the app carries on without it.
const KEYCHAIN_TIMEOUT: Duration = Duration::from_secs(3);

/// Where start-up is: `None` while it runs, then done or why it failed.
type Progress = Option<Result<(), String>>;

/// Managed from the first moment, so [`gate`] can wait on it.
struct Startup(watch::Receiver<Progress>);

/// Manages the start-up state and starts the work in the background.
pub fn begin(app: &AppHandle, config: ShellConfig, data: PathBuf) {
    let (tx, rx) = watch::channel(None);
    app.manage(Startup(rx));
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        let t = std::time::Instant::now();
        let result = start(&app, config, data).await.map_err(|e| {
            tracing::error!(error = %e, "start-up failed");
            haven_i18n::tr!("shell-not-started", reason = e.to_string())
        });
        tracing::info!(ms = t.elapsed().as_millis() as u64, "start-up finished");
        let _ = tx.send(Some(result));
    });
}

/// Wraps the command handler: a command sent before start-up finished waits for it (then runs,
/// or answers why start-up failed).
pub fn gate(
    handler: impl Fn(Invoke) -> bool + Send + Sync + 'static,
) -> impl Fn(Invoke) -> bool + Send + Sync + 'static {
    let handler = Arc::new(handler);
    move |invoke: Invoke| {
        // The language needs only the data dir, and the first screen is drawn in it; a crash of
        // the screen is logged whenever it comes.
        if [cmd::Language::NAME, cmd::SetLanguage::NAME, cmd::ReportCrash::NAME].contains(&invoke.message.command()) {
            return handler(invoke);
        }
        // Managed before the window exists; should it ever not be, the command waits for nothing.
        let Some(mut progress) = invoke.message.webview().try_state::<Startup>().map(|s| s.0.clone()) else {
            return refuse(invoke, haven_i18n::tr!("shell-still-starting"));
        };
        let now = progress.borrow().clone();
        match now {
            Some(Ok(())) => handler(invoke),
            Some(Err(e)) => refuse(invoke, e),
            None => {
                let handler = handler.clone();
                tauri::async_runtime::spawn(async move {
                    match progress.wait_for(Option::is_some).await.map(|p| p.clone()) {
                        Ok(Some(Ok(()))) => {
                            handler(invoke);
                        }
                        Ok(Some(Err(e))) => {
                            refuse(invoke, e);
                        }
                        _ => {
                            refuse(invoke, haven_i18n::tr!("shell-closing"));
                        }
                    }
                });
                true
            }
        }
    }
}

fn refuse(invoke: Invoke, why: String) -> bool {
    invoke.resolver.reject(UiError::new(UiCode::NotStarted, why));
    true
}

/// What `setup` used to do on the main thread: the service, the keychain, the kept session.
async fn start(app: &AppHandle, config: ShellConfig, data: PathBuf) -> anyhow::Result<()> {
    let (url, bundled, demo) = match &config.server_url {
        Some(url) => (url.clone(), None, None),
        None => {
            let t = std::time::Instant::now();
            let (running, demo) = bundled_service(&data).await?;
            tracing::info!(ms = t.elapsed().as_millis() as u64, "bundled service open");
            (running.url(), Some(running), demo)
        }
    };
    let service = keychain_service(&url, bundled.is_some(), &data);
    let store = Arc::new(FallbackStore::new(KeychainStore::platform(&service, KEYCHAIN_TIMEOUT)));
    if let Some(p) = store.problem() {
        tracing::warn!(problem = %p, "tokens are kept for this run only");
    }
    let roots = match &config.server_ca {
        Some(path) => Some(std::fs::read(path).map_err(|e| {
            let (path, error) = (path.display().to_string(), e.to_string());
            anyhow::anyhow!(haven_i18n::tr!("shell-ca-unreadable", path = path, error = error))
        })?),
        None => None,
    };
    let client = HavenClient::with_roots(&url, store.clone(), roots.as_deref())?;
    let device = haven_api::DeviceInfo {
        id: store.device_id()?,
        name: if cfg!(mobile) { "Haven mobile" } else { "Haven desktop" }.into(),
        platform: std::env::consts::OS.into(),
    };
    // A session kept in the keychain resumes; with "lock when not in use" on, it starts locked.
    let mut lock = IdleLock::new(LockSettings::OFF, now_ms());
    let unlock_tries = UnlockTries::new(data.join("unlock-tries"));
    let mut resumed = match client.resume().await {
        Ok(true) => Some(client.me().await.ok()),
        _ => None,
    };
    // The last run ended with the lock screen's wrong passwords used up (the app was quit before
    // it could sign out): the session ends now, and only a full sign-in opens the app.
    if resumed.is_some() && unlock_tries.used() >= UnlockTries::LIMIT {
        tracing::warn!("the wrong unlock passwords were used up: signing out");
        let out = client.logout().await;
        if !matches!(out, haven_client::SignOut::Done) {
            tracing::warn!(?out, "signing out after the wrong unlock passwords");
        }
        resumed = None;
    }
    // With no session kept at all the count has nothing left to protect. (One that could not be
    // resumed, e.g. offline, keeps its count for the next start.)
    if resumed.is_none() && matches!(store.load_refresh(), Ok(None)) {
        if let Err(e) = unlock_tries.reset() {
            tracing::warn!(error = %e, "cannot reset the count of wrong unlock passwords");
        }
    }
    match &resumed {
        Some(Some(me)) => lock.configure(lock_settings(me), now_ms()),
        // Resumed, but the setting could not be read: fail closed (locked, 15-minute timeout).
        Some(None) => lock.configure(LockSettings { enabled: true, timeout_s: 900, cap_s: 900 }, now_ms()),
        None => {}
    }
    lock.on(LockEvent::StartedSignedIn, now_ms());
    // After a restart the first unlock is the password's: the fingerprint failure count is not
    // kept across runs, so it cannot be reset by restarting.
    let attempts = if resumed.is_some() { Attempts::password_first() } else { Attempts::default() };
    // The development inbox is offered for the bundled service (its key is held here) and for a
    // development service on this machine whose key was given (it answers loopback callers only).
    let outbox_key = match &bundled {
        Some(running) => Some(running.state.config.outbox_key.clone()),
        None => config
            .outbox_key
            .clone()
            .filter(|_| haven_client::service_url(&url).is_ok_and(|u| haven_client::is_loopback_url(&u))),
    };
    let loopback = haven_client::service_url(&url).is_ok_and(|u| haven_client::is_loopback_url(&u));
    let dev_service = bundled.is_some() || (loopback && client.is_development_service().await);
    let info =
        AppInfo { server_url: url, bundled: bundled.is_some(), demo, dev_service, dev_inbox: outbox_key.is_some() };
    app.manage(Shell {
        health: HealthSession::new(client.clone(), data.clone()),
        data,
        demo_password_gone: std::sync::atomic::AtomicBool::new(false),
        system_ui: std::sync::atomic::AtomicUsize::new(0),
        client,
        store,
        config,
        info,
        device,
        setup_token: Mutex::new(None),
        lock: Mutex::new(lock),
        lock_changed: tokio::sync::Notify::new(),
        bio: biometric_gate(app),
        bio_attempts: Mutex::new(attempts),
        bio_scan: tokio::sync::Mutex::new(()),
        unlock_tries,
        unlock_check: tokio::sync::Mutex::new(()),
        exports: ExportWatch::default(),
        outbox_key,
        bundled,
    });
    background::spawn_all(app);
    Ok(())
}

/// fprintd on Linux; the Tauri biometric plugin on Android and iOS.
fn biometric_gate(app: &AppHandle) -> Arc<dyn haven_client::biometric::BiometricGate> {
    #[cfg(mobile)]
    return Arc::new(crate::mobile::MobileGate(app.clone()));
    #[cfg(not(mobile))]
    {
        let _ = app;
        platform_gate(Duration::from_secs(30))
    }
}

/// The keychain entries' service name: one per server, so two servers' sessions never mix. The
/// bundled service's port can change between starts, so it is named by the data dir instead.
fn keychain_service(url: &str, bundled: bool, data: &Path) -> String {
    if bundled {
        format!("Haven (bundled service, {})", data.display())
    } else {
        format!("Haven ({url})")
    }
}

/// The bundled service's listener: on the port it had last time when that is still free, so the
/// links in the emails it sent keep working across restarts; else on a free one, remembered for
/// next time. Held from here on, so nothing else can take the port before the service serves.
fn bundled_listener(data: &Path) -> std::io::Result<std::net::TcpListener> {
    let file = data.join("service-port");
    let last = std::fs::read_to_string(&file).ok().and_then(|p| p.trim().parse::<u16>().ok());
    let listener = last
        .and_then(|p| std::net::TcpListener::bind(("127.0.0.1", p)).ok())
        .map_or_else(|| std::net::TcpListener::bind(("127.0.0.1", 0)), Ok)?;
    let port = listener.local_addr()?.port();
    if last != Some(port) {
        std::fs::write(&file, port.to_string())?;
    }
    Ok(listener)
}

/// The bundled service on this data dir, and its demo deployment's sign-in details.
async fn bundled_service(data: &Path) -> anyhow::Result<(haven_sync::Running, Option<Demo>)> {
    let db = data.join("haven.db");
    let mut config = haven_sync::config::Config::dev(format!("sqlite://{}", db.display()));
    let listener = bundled_listener(data)?;
    config.bind = listener.local_addr()?;
    // The links in its emails open its own pages.
    config.public_url = format!("http://127.0.0.1:{}", config.bind.port());
    config.server_key = haven_sync::keys::ServerKey::load_file(&data.join("haven.db.key"), true)?;
    let state = haven_sync::AppState::new(config, Arc::new(haven_sync::clock::SystemClock)).await?;
    let created = haven_sync::demo::ensure(&state, haven_i18n::app()).await?.map(view::demo);
    let demo = demo_details(data, created);
    Ok((haven_sync::start_on(state, listener).await?, demo))
}

/// The demo deployment's sign-in details, shown whenever the bundled demo runs: kept in the data
/// dir when the deployment is created (the service keeps only the password's hash), owner-only
/// and written whole or not at all. They are a throwaway local demo's, next to the database they
/// open; if they cannot be kept, this start still shows them.
fn demo_details(data: &Path, created: Option<Demo>) -> Option<Demo> {
    let file = data.join("demo.json");
    if let Some(demo) = created {
        if let Err(e) = crate::state::keep_demo_details(data, &demo) {
            tracing::warn!(error = %e, "the demo's sign-in details are shown this time only");
        }
        return Some(demo);
    }
    // Made by an older Haven that showed them once, or removed: nothing to show.
    std::fs::read(&file).ok().and_then(|b| serde_json::from_slice(&b).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_details_are_kept_for_the_owner_only_and_shown_again() {
        let dir = tempfile::tempdir().expect("dir");
        let demo = Demo {
            admin_email: "admin@demo.haven.test".into(),
            admin_password: Some("abcde-fghij".into()),
            clinician_invite_code: "ABCDE-FGHIJ".into(),
            enrolment_code: "XYZ".into(),
        };
        assert_eq!(demo_details(dir.path(), Some(demo.clone())), Some(demo.clone()));
        assert_eq!(demo_details(dir.path(), None), Some(demo));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join("demo.json")).expect("file").permissions().mode();
            assert_eq!(mode & 0o077, 0, "{mode:o}");
        }
        let empty = tempfile::tempdir().expect("dir");
        assert_eq!(demo_details(empty.path(), None), None);
    }
}
