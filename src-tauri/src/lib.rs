//! Haven's Tauri shell. Commands are thin: they call `haven-client` and map its answers to
//! token-free views for the webview. Tokens stay in this process (memory / the token store);
//! the set-up token of a `setup_required` sign-in is kept here too, never sent to the webview.
//!
//! With no `HAVEN_SERVER_URL`, the bundled sync service starts in-process on 127.0.0.1 (random
//! port) with SQLite in the app data dir, development delivery and, on first start, a demo
//! deployment.

mod commands;
mod health;
mod view;

use haven_client::biometric::{platform_gate, Attempts, BiometricGate};
use haven_client::keychain::{FallbackStore, KeychainStore};
use haven_client::lock::{IdleLock, LockEvent, LockSettings};
use haven_client::{HavenClient, TokenStore};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tauri::Manager;

/// How long a keychain call may take before the app carries on without it.
const KEYCHAIN_TIMEOUT: Duration = Duration::from_secs(3);

pub struct Shell {
    pub client: HavenClient,
    pub store: Arc<FallbackStore>,
    pub info: view::AppInfo,
    pub device: haven_api::DeviceInfo,
    pub setup_token: Mutex<Option<haven_api::Secret>>,
    pub lock: Mutex<IdleLock>,
    pub bio: Arc<dyn BiometricGate>,
    pub bio_attempts: Mutex<Attempts>,
    pub bio_scan: tokio::sync::Mutex<()>,
    /// Where the per-user offline health stores live.
    pub data_dir: std::path::PathBuf,
    pub health: tokio::sync::Mutex<Option<health::Health>>,
    /// Downloads whose readiness is to be announced (asked for here, or seen being prepared).
    pub watched_exports: Mutex<std::collections::HashSet<String>>,
    _bundled: Option<haven_sync::Running>,
}

/// Wall-clock milliseconds (suspend counts as idle time; see haven_client::lock).
pub fn now_ms() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis() as u64).unwrap_or(0)
}

impl Shell {
    pub fn lock_event(&self, e: LockEvent) -> bool {
        self.lock.lock().map(|mut l| l.on(e, now_ms())).unwrap_or(true)
    }

    pub fn is_locked(&self) -> bool {
        self.lock.lock().map(|mut l| l.is_locked(now_ms())).unwrap_or(true)
    }

    pub fn configure_lock(&self, me: &haven_api::Me) {
        if let Ok(mut l) = self.lock.lock() {
            l.configure(lock_settings(me), now_ms());
        }
    }
}

/// The signed-in user's lock setting, capped by the deployment (from `/v1/me`).
fn lock_settings(me: &haven_api::Me) -> LockSettings {
    LockSettings {
        enabled: me.lock_when_idle.enabled,
        timeout_s: me.lock_when_idle.timeout_s,
        cap_s: me.deployment.policy.idle_timeout_max_s,
    }
}

/// The keychain entries' service name: one per server, so two servers' sessions never mix. The
/// bundled service's port changes every start, so it is named by the data dir instead.
fn keychain_service(url: &str, bundled: bool, data: &Path) -> String {
    if bundled {
        format!("Haven (bundled service, {})", data.display())
    } else {
        format!("Haven ({url})")
    }
}

async fn bundled_service(data: &Path) -> anyhow::Result<(haven_sync::Running, Option<haven_sync::demo::DemoInfo>)> {
    let db = data.join("haven.db");
    let mut config = haven_sync::config::Config::dev(format!("sqlite://{}", db.display()));
    config.server_key = haven_sync::keys::ServerKey::load_file(&data.join("haven.db.key"), true)?;
    let state = haven_sync::AppState::new(config, Arc::new(haven_sync::clock::SystemClock)).await?;
    let demo = haven_sync::demo::ensure(&state).await?;
    Ok((haven_sync::start_with_state(state).await?, demo))
}

fn is_loopback(url: &str) -> bool {
    let rest = url.strip_prefix("http://").unwrap_or("");
    let host = rest.split(['/', '?']).next().unwrap_or("");
    let host = host.rsplit_once(':').map_or(host, |(h, _)| h);
    matches!(host, "127.0.0.1" | "localhost" | "[::1]")
}

fn setup(app: &mut tauri::App) -> Result<(), Box<dyn std::error::Error>> {
    let data = match std::env::var_os("HAVEN_DATA_DIR") {
        Some(d) => d.into(),
        None => app.path().app_data_dir()?,
    };
    std::fs::create_dir_all(&data)?;
    let (url, bundled, demo) = match std::env::var("HAVEN_SERVER_URL") {
        Ok(url) if !url.is_empty() => (url, None, None),
        _ => {
            let (running, demo) = tauri::async_runtime::block_on(bundled_service(&data))?;
            (running.url(), Some(running), demo)
        }
    };
    let store = Arc::new(FallbackStore::new(KeychainStore::platform(
        &keychain_service(&url, bundled.is_some(), &data),
        KEYCHAIN_TIMEOUT,
    )));
    if let Some(p) = store.problem() {
        eprintln!("haven-app: tokens are kept for this run only: {p}");
    }
    let client = HavenClient::new(&url, store.clone())?;
    let device = haven_api::DeviceInfo {
        id: store.device_id()?,
        name: "Haven desktop".into(),
        platform: std::env::consts::OS.into(),
    };
    // A session kept in the keychain resumes; with "lock when not in use" on, it starts locked.
    let mut lock = IdleLock::new(LockSettings::OFF, now_ms());
    let resumed = tauri::async_runtime::block_on(async {
        match client.resume().await {
            Ok(true) => Some(client.me().await.ok()),
            _ => None,
        }
    });
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
    // The development inbox is offered for the bundled service and for a service on this
    // machine (a development service only routes its outbox for loopback callers anyway).
    let dev_inbox = bundled.is_some() || is_loopback(&url);
    let info = view::AppInfo { server_url: url, bundled: bundled.is_some(), demo: demo.map(view::demo), dev_inbox };
    // System sleep locks the app, where the OS reports it (logind on Linux).
    #[cfg(target_os = "linux")]
    let handle = app.handle().clone();
    #[cfg(target_os = "linux")]
    tauri::async_runtime::spawn(async move {
        let h = handle.clone();
        let watched = haven_client::system::watch_sleep(None, move || {
            h.state::<Shell>().lock_event(LockEvent::Sleep);
        })
        .await;
        if let Err(e) = watched {
            eprintln!("haven-app: system sleep is not reported here ({e}); the idle timeout still applies");
        }
    });
    app.manage(Shell {
        client,
        store,
        info,
        device,
        setup_token: Mutex::new(None),
        lock: Mutex::new(lock),
        bio: platform_gate(Duration::from_secs(30)),
        bio_attempts: Mutex::new(attempts),
        bio_scan: tokio::sync::Mutex::new(()),
        data_dir: data.clone(),
        health: tokio::sync::Mutex::new(None),
        watched_exports: Mutex::default(),
        _bundled: bundled,
    });
    health::spawn_background_sync(app.handle().clone());
    health::spawn_event_listener(app.handle().clone());
    Ok(())
}

pub fn run() {
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_notification::init())
        .plugin(tauri_plugin_dialog::init())
        .setup(setup)
        .on_window_event(|window, event| {
            // Hidden or minimised (where the OS reports it): lock, if the user has it on.
            if let tauri::WindowEvent::Focused(false) = event {
                let hidden = window.is_minimized().unwrap_or(false) || !window.is_visible().unwrap_or(true);
                if hidden {
                    window.state::<Shell>().lock_event(LockEvent::Hidden);
                }
            }
        })
        .invoke_handler(tauri::generate_handler![
            commands::app_info,
            commands::login,
            commands::verify_code,
            commands::resend_sms,
            commands::me,
            commands::logout,
            commands::invite_info,
            commands::create_account,
            commands::enrol,
            commands::verify_email,
            commands::setup_phone,
            commands::setup_verify_phone,
            commands::accept_disclaimer,
            commands::enrol_totp,
            commands::confirm_totp,
            commands::devices,
            commands::forget_device,
            commands::setup_totp,
            commands::setup_confirm_totp,
            commands::reauth,
            commands::set_phone,
            commands::verify_phone,
            commands::set_two_step,
            commands::new_recovery_codes,
            commands::deployment,
            commands::set_policy,
            commands::invite,
            commands::users,
            commands::unblock_user,
            commands::unlock_user,
            commands::dev_inbox,
            commands::session,
            commands::activity,
            commands::unlock,
            commands::set_lock,
            commands::biometric_status,
            commands::unlock_biometric,
            commands::set_biometric,
            commands::test_notification,
            health::health,
            health::record,
            health::sync_now,
            health::consent,
            health::sign_consent,
            health::withdraw_consent,
            health::legal,
            health::legal_document,
            health::exports,
            health::create_export,
            health::save_export,
            health::patients,
            health::patient_health,
        ])
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("haven-app: {e}");
        std::process::exit(1);
    }
}
