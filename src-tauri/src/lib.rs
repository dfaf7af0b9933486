//! Haven's Tauri shell: thin commands over `haven-client` (one file per area in [`commands`]),
//! the view mapping of their answers ([`view`], [`error`]), the shell's state ([`state`]) and
//! what runs in the background ([`background`]). Tokens stay in this process (memory and the OS
//! keychain); the set-up token of a `setup_required` sign-in is kept here too, never sent to the
//! webview.
//!
//! Without `HAVEN_SERVER_URL`, the bundled sync service starts in-process on 127.0.0.1 (a port
//! kept across restarts, so emailed links keep working) with SQLite in the app data dir, development delivery and, on first start, a demo
//! deployment.

mod background;
mod commands;
mod config;
mod error;
mod state;
mod view;

use config::ShellConfig;
use haven_api::shell::{cmd, AppInfo, Command};
use haven_client::biometric::{platform_gate, Attempts};
use haven_client::exports::ExportWatch;
use haven_client::health::HealthSession;
use haven_client::keychain::{FallbackStore, KeychainStore};
use haven_client::lock::{IdleLock, LockEvent, LockSettings};
use haven_client::{HavenClient, TokenStore};
use state::{lock_settings, now_ms, Shell};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tauri::Manager;

/// How long a keychain call may take before the app carries on without it.
const KEYCHAIN_TIMEOUT: Duration = Duration::from_secs(3);

/// The keychain entries' service name: one per server, so two servers' sessions never mix. The
/// bundled service's port can change between starts, so it is named by the data dir instead.
fn keychain_service(url: &str, bundled: bool, data: &Path) -> String {
    if bundled {
        format!("Haven (bundled service, {})", data.display())
    } else {
        format!("Haven ({url})")
    }
}

/// The bundled service's port: the one it had last time when that is still free, so the links in
/// the emails it sent keep working across restarts; else a free one, remembered for next time.
fn bundled_port(data: &Path) -> std::io::Result<u16> {
    let file = data.join("service-port");
    let last = std::fs::read_to_string(&file).ok().and_then(|p| p.trim().parse::<u16>().ok());
    let listener = last
        .and_then(|p| std::net::TcpListener::bind(("127.0.0.1", p)).ok())
        .map_or_else(|| std::net::TcpListener::bind(("127.0.0.1", 0)), Ok)?;
    let port = listener.local_addr()?.port();
    if last != Some(port) {
        std::fs::write(&file, port.to_string())?;
    }
    Ok(port)
}

async fn bundled_service(data: &Path) -> anyhow::Result<(haven_sync::Running, Option<haven_sync::demo::DemoInfo>)> {
    let db = data.join("haven.db");
    let mut config = haven_sync::config::Config::dev(format!("sqlite://{}", db.display()));
    let port = bundled_port(data)?;
    config.bind = std::net::SocketAddr::from(([127, 0, 0, 1], port));
    // The links in its emails open its own pages.
    config.public_url = format!("http://127.0.0.1:{port}");
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
    let config = ShellConfig::from_env();
    let data = match &config.data_dir {
        Some(d) => d.clone(),
        None => app.path().app_data_dir()?,
    };
    std::fs::create_dir_all(&data)?;
    let (url, bundled, demo) = match &config.server_url {
        Some(url) => (url.clone(), None, None),
        None => {
            let (running, demo) = tauri::async_runtime::block_on(bundled_service(&data))?;
            (running.url(), Some(running), demo)
        }
    };
    let service = keychain_service(&url, bundled.is_some(), &data);
    let store = Arc::new(FallbackStore::new(KeychainStore::platform(&service, KEYCHAIN_TIMEOUT)));
    if let Some(p) = store.problem() {
        tracing::warn!(problem = %p, "tokens are kept for this run only");
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
    let info = AppInfo { server_url: url, bundled: bundled.is_some(), demo: demo.map(view::demo), dev_inbox };
    app.manage(Shell {
        health: HealthSession::new(client.clone(), data),
        client,
        store,
        config,
        info,
        device,
        setup_token: Mutex::new(None),
        lock: Mutex::new(lock),
        lock_changed: tokio::sync::Notify::new(),
        bio: platform_gate(Duration::from_secs(30)),
        bio_attempts: Mutex::new(attempts),
        bio_scan: tokio::sync::Mutex::new(()),
        exports: ExportWatch::default(),
        _bundled: bundled,
    });
    background::spawn_all(app.handle());
    Ok(())
}

/// Whether two names are the same (a `const fn`, so handler names are checked at compile time).
const fn same_name(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// Registers each handler under its command's marker (`haven_api::shell::cmd`): a handler whose
/// name is not its command's does not compile, and a test checks that every command has one.
macro_rules! handlers {
    ($($module:ident::$name:ident => $marker:ident,)*) => {
        $(const _: () = assert!(
            same_name(stringify!($name), <cmd::$marker as Command>::NAME),
            concat!("the handler ", stringify!($name), " is not its command's name")
        );)*

        /// The command names this shell answers.
        #[cfg(test)]
        const REGISTERED: &[&str] = &[$(<cmd::$marker as Command>::NAME),*];

        fn invoke_handler() -> impl Fn(tauri::ipc::Invoke) -> bool + Send + Sync + 'static {
            tauri::generate_handler![$(commands::$module::$name),*]
        }
    };
}

handlers! {
    auth::app_info => AppInfo,
    auth::login => Login,
    auth::verify_code => VerifyCode,
    auth::resend_sms => ResendSms,
    auth::logout => Logout,
    auth::invite_info => InviteInfo,
    auth::create_account => CreateAccount,
    auth::enrol => Enrol,
    auth::verify_email => VerifyEmail,
    auth::resend_verification => ResendVerification,
    auth::setup_phone => SetupPhone,
    auth::setup_verify_phone => SetupVerifyPhone,
    auth::setup_totp => SetupTotp,
    auth::setup_confirm_totp => SetupConfirmTotp,
    auth::forgot_password => ForgotPassword,
    auth::check_reset => CheckReset,
    auth::complete_reset => CompleteReset,
    account::me => Me,
    account::accept_disclaimer => AcceptDisclaimer,
    account::reauth => Reauth,
    account::change_password => ChangePassword,
    account::set_phone => SetPhone,
    account::verify_phone => VerifyPhone,
    account::enrol_totp => EnrolTotp,
    account::confirm_totp => ConfirmTotp,
    account::set_two_step => SetTwoStep,
    account::new_recovery_codes => NewRecoveryCodes,
    account::devices => Devices,
    account::forget_device => ForgetDevice,
    account::set_lock => SetLock,
    account::set_biometric => SetBiometric,
    account::save_recovery_codes => SaveRecoveryCodes,
    account::test_notification => TestNotification,
    lock::session => Session,
    lock::activity => Activity,
    lock::unlock => Unlock,
    lock::biometric_status => BiometricStatus,
    lock::unlock_biometric => UnlockBiometric,
    admin::deployment => Deployment,
    admin::set_policy => SetPolicy,
    admin::invite => Invite,
    admin::users => Users,
    admin::unblock_user => UnblockUser,
    admin::unlock_user => UnlockUser,
    admin::dev_inbox => DevInbox,
    health::health => Health,
    health::record => Record,
    health::change_observation => ChangeObservation,
    health::delete_observation => DeleteObservation,
    health::sync_now => SyncNow,
    consent::consent => Consent,
    consent::sign_consent => SignConsent,
    consent::withdraw_consent => WithdrawConsent,
    consent::legal => Legal,
    consent::legal_document => LegalDocument,
    exports::exports => Exports,
    exports::create_export => CreateExport,
    exports::save_export => SaveExport,
    patients::patients => Patients,
    patients::patient_health => PatientHealth,
}

pub fn run() {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("HAVEN_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn,haven_app=info")),
        )
        .with_writer(std::io::stderr)
        .init();
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_notification::init())
        .plugin(tauri_plugin_dialog::init())
        .setup(setup)
        .on_window_event(|window, event| {
            // Hidden or minimised (where the OS reports it): lock, if the user has it on. A window
            // minimised without the focus reports it by moving and resizing (tao on Linux).
            use tauri::WindowEvent::{Focused, Moved, Resized};
            if matches!(event, Focused(false) | Moved(_) | Resized(_)) {
                let hidden = window.is_minimized().unwrap_or(false) || !window.is_visible().unwrap_or(true);
                if hidden {
                    window.state::<Shell>().lock_event(LockEvent::Hidden);
                }
            }
        })
        .invoke_handler(invoke_handler())
        .run(tauri::generate_context!());
    if let Err(e) = result {
        tracing::error!(error = %e, "haven-app stopped");
        std::process::exit(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_command_of_the_contract_has_a_handler() {
        let mut registered = REGISTERED.to_vec();
        let mut contract = cmd::ALL.to_vec();
        registered.sort_unstable();
        contract.sort_unstable();
        assert_eq!(registered, contract);
    }

    #[test]
    fn loopback_urls_are_recognised() {
        assert!(is_loopback("http://127.0.0.1:8787"));
        assert!(is_loopback("http://localhost/v1"));
        assert!(!is_loopback("https://haven.example.org"));
        assert!(!is_loopback("http://127.0.0.1.example.org:80"));
    }
}
