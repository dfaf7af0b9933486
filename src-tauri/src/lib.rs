//! Haven's Tauri shell: thin commands over `haven-client` (one file per area in [`commands`]),
//! the view mapping of their answers ([`view`], [`error`]), the shell's state ([`state`]) and
//! what runs in the background ([`background`]). Tokens stay in this process (memory and the OS
//! keychain); the set-up token of a `setup_required` sign-in is kept here too, never sent to the
//! webview.
//!
//! The window opens at once; what it needs is opened meanwhile ([`startup`]). Without
//! `HAVEN_SERVER_URL`, that is the bundled sync service, in-process on 127.0.0.1 (a port kept
//! across restarts, so emailed links keep working) with SQLite in the app data dir, development
//! delivery and a demo deployment.

mod background;
mod commands;
mod config;
mod error;
#[cfg(mobile)]
mod mobile;
mod startup;
mod state;
mod view;

use config::ShellConfig;
use haven_api::shell::{cmd, Command};
use haven_client::lock::LockEvent;
use state::Shell;
use tauri::Manager;

fn setup(app: &mut tauri::App, config: ShellConfig) -> Result<(), Box<dyn std::error::Error>> {
    let data = match &config.data_dir {
        Some(d) => d.clone(),
        None => app.path().app_data_dir()?,
    };
    if let Err(e) = private_dir(&data) {
        // The app still runs; what it creates is owner-only anyway (the umask).
        tracing::warn!(error = %e, dir = %data.display(), "cannot make the data dir owner-only");
        std::fs::create_dir_all(&data)?;
    }
    // The language first: the first screen is drawn in it.
    let language = haven_client::language::LanguageChoice::open(&data, haven_i18n::Lang::system());
    haven_i18n::set_app(language.view().lang);
    app.manage(language);
    // The window opens now; the service, the keychain and the session are opened meanwhile, and
    // every command but the language's and the screen's crash report waits for them (see
    // startup::gate).
    startup::begin(app.handle(), config, data);
    Ok(())
}

/// Whether `name` is one of the files Haven keeps in its data dir: the bundled service's
/// database (with its journal, lock and key), the offline health stores (and any set aside),
/// the remembered port, the demo's details, the count of wrong unlock passwords and the chosen
/// language.
fn is_havens_file(name: &str) -> bool {
    let fixed = ["haven.db", "haven.db-wal", "haven.db-shm", "haven.db.key", "haven.db.lock"];
    let store = name.strip_prefix("health-").is_some_and(|rest| {
        rest.ends_with(".db")
            || rest.ends_with(".db-wal")
            || rest.ends_with(".db-shm")
            || rest.contains(".db.unreadable-")
    });
    fixed.contains(&name) || store || ["service-port", "demo.json", "unlock-tries", "language"].contains(&name)
}

/// Makes the data dir and Haven's files in it their owner's only (0700, files 0600), whatever an
/// older version or the umask left. (New files are owner-only already: `owner_only_files`.) The
/// dir's own mode is changed only when it is Haven's (empty or made now, or holding Haven's
/// files), in case it was set to a folder that holds other things.
fn private_dir(data: &std::path::Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
        std::fs::DirBuilder::new().recursive(true).mode(0o700).create(data)?;
        // Not through symlinks: only files really in the data dir.
        let ours: Vec<std::path::PathBuf> = std::fs::read_dir(data)?
            .filter_map(Result::ok)
            .filter(|e| is_havens_file(&e.file_name().to_string_lossy()) && e.file_type().is_ok_and(|t| t.is_file()))
            .map(|e| e.path())
            .collect();
        let empty = std::fs::read_dir(data)?.next().is_none();
        if empty || !ours.is_empty() {
            std::fs::set_permissions(data, std::fs::Permissions::from_mode(0o700))?;
        }
        // One that cannot be changed (e.g. left by a run as another user) does not stop the rest.
        for file in ours {
            if let Err(e) = std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)) {
                tracing::warn!(error = %e, file = %file.display(), "cannot make it owner-only");
            }
        }
        Ok(())
    }
    #[cfg(not(unix))]
    std::fs::create_dir_all(data)
}

/// Every file this process creates from here on (SQLite databases and their journals, saved
/// downloads, WebKit's caches) is its owner's only: no other user of the machine can read it.
fn owner_only_files() {
    #[cfg(unix)]
    rustix::process::umask(rustix::fs::Mode::from_raw_mode(0o077));
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
            startup::gate(tauri::generate_handler![$(commands::$module::$name),*])
        }
    };
}

handlers! {
    auth::app_info => AppInfo,
    language::language => Language,
    language::set_language => SetLanguage,
    screen::report_crash => ReportCrash,
    auth::login => Login,
    auth::verify_code => VerifyCode,
    auth::resend_sms => ResendSms,
    auth::sms_delivery => SmsDelivery,
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
    auth::reset_sms_delivery => ResetSmsDelivery,
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
    exports::time_zones => TimeZones,
    exports::set_time_zone => SetTimeZone,
    exports::save_export => SaveExport,
    patients::patients => Patients,
    patients::patient_health => PatientHealth,
}

/// Whether `url` is one of the app's own pages: `tauri://localhost` on Linux, macOS and iOS,
/// `http(s)://tauri.localhost` (no port) on Windows and Android only — elsewhere that name is
/// just loopback, where any local program could serve a page.
fn is_app_page(url: &tauri::Url) -> bool {
    let served_over_http = cfg!(any(windows, target_os = "android"));
    match url.scheme() {
        "tauri" => url.host_str() == Some("localhost") && url.port().is_none(),
        "http" | "https" => served_over_http && url.host_str() == Some("tauri.localhost") && url.port().is_none(),
        _ => false,
    }
}

/// The window only ever shows the app's own pages: a link, form, refresh or script that would
/// take it anywhere else (a page a malicious or intercepted service slipped in) is refused.
fn app_pages_only<R: tauri::Runtime>() -> tauri::plugin::TauriPlugin<R> {
    tauri::plugin::Builder::new("app-pages-only")
        .on_navigation(|_, url| {
            let ok = is_app_page(url);
            if !ok {
                // Not the whole URL: a page trying to leave may carry data in it.
                tracing::warn!(scheme = url.scheme(), host = url.host_str(), "refused to leave the app's pages");
            }
            ok
        })
        .build()
}

#[cfg_attr(mobile, tauri::mobile_entry_point)]
pub fn run() {
    // GTK cannot open a window without a display, and says so with a panic: say it in words.
    #[cfg(target_os = "linux")]
    if ["DISPLAY", "WAYLAND_DISPLAY"].iter().all(|v| std::env::var_os(v).is_none_or(|s| s.is_empty())) {
        eprintln!("Haven needs a graphical session: neither DISPLAY nor WAYLAND_DISPLAY is set.");
        std::process::exit(1);
    }
    owner_only_files();
    // Read once, before any thread starts; the development outbox's key then leaves the
    // environment, so the webview's processes do not inherit it.
    let config = ShellConfig::from_env();
    std::env::remove_var("HAVEN_DEV_OUTBOX_KEY");
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("HAVEN_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn,haven_app_lib=info")),
        )
        .with_writer(std::io::stderr)
        // Colours only on a terminal, and not when NO_COLOR asks so: a log kept in a file reads
        // plainly.
        .with_ansi(
            std::io::IsTerminal::is_terminal(&std::io::stderr())
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        )
        .init();
    let builder = tauri::Builder::default()
        .plugin(tauri_plugin_notification::init())
        .plugin(tauri_plugin_dialog::init())
        .plugin(app_pages_only());
    // Fingerprint and Face ID on phones (fprintd over D-Bus on Linux needs no plugin).
    #[cfg(mobile)]
    let builder = builder.plugin(mobile::plugin());
    // Android's save dialog answers a provider's document, which only this plugin opens.
    #[cfg(target_os = "android")]
    let builder = builder.plugin(tauri_plugin_fs::init());
    let result = builder
        .setup(move |app| setup(app, config))
        .on_window_event(|window, event| {
            // Hidden or minimised (where the OS reports it): lock, if the user has it on. A window
            // minimised without the focus reports it by moving and resizing (tao on Linux).
            use tauri::WindowEvent::{Focused, Moved, Resized};
            // A phone pausing the app (another app, the home screen, the screen turned off, the
            // app switcher, a call) locks it at once — unless the app paused itself for a system
            // screen of its own (the save dialog, the biometric prompt).
            #[cfg(mobile)]
            if matches!(event, tauri::WindowEvent::Suspended) {
                if let Some(shell) = window.try_state::<Shell>().filter(|s| !s.showing_system_ui()) {
                    shell.lock_event(LockEvent::Hidden);
                }
                return;
            }
            if matches!(event, Focused(false) | Moved(_) | Resized(_)) {
                let hidden = |w: &tauri::Window| w.is_minimized().unwrap_or(false) || !w.is_visible().unwrap_or(true);
                // (Before start-up finished there is no session to lock.)
                let lock = |w: &tauri::Window| {
                    if let Some(shell) = w.try_state::<Shell>() {
                        shell.lock_event(LockEvent::Hidden);
                    }
                };
                if hidden(window) {
                    lock(window);
                } else {
                    // The window's state can lag behind its event on a busy machine (seen past half
                    // a second with two cores under load): look again, for up to 4 s.
                    let window = window.clone();
                    tauri::async_runtime::spawn(async move {
                        for ms in [100, 400, 1000, 2500] {
                            tokio::time::sleep(std::time::Duration::from_millis(ms)).await;
                            if hidden(&window) {
                                lock(&window);
                                break;
                            }
                        }
                    });
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

    /// An older version's data dir (0755, files 0644) is made owner-only, Haven's files only.
    #[cfg(unix)]
    #[test]
    fn an_older_data_dir_is_made_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &std::path::Path| std::fs::metadata(p).expect("meta").permissions().mode() & 0o777;
        let dir = std::env::temp_dir().join(format!("haven-private-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        for f in ["haven.db", "health-u1.db", "notes.txt"] {
            std::fs::write(dir.join(f), "x").expect("write");
            std::fs::set_permissions(dir.join(f), std::fs::Permissions::from_mode(0o644)).expect("chmod");
        }
        private_dir(&dir).expect("private");
        assert_eq!(mode(&dir), 0o700);
        assert_eq!(mode(&dir.join("haven.db")), 0o600);
        assert_eq!(mode(&dir.join("health-u1.db")), 0o600);
        assert_eq!(mode(&dir.join("notes.txt")), 0o644, "not Haven's: left as it was");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn only_havens_own_files_are_made_private() {
        for ours in [
            "haven.db",
            "haven.db-wal",
            "haven.db.key",
            "health-0193.db",
            "health-0193.db-shm",
            "health-0193.db.unreadable-1732",
            "demo.json",
            "unlock-tries",
        ] {
            assert!(is_havens_file(ours), "{ours}");
        }
        for theirs in ["haven.db.backup", "health-notes.txt", "Documents", "havenfile", "demo.json~"] {
            assert!(!is_havens_file(theirs), "{theirs}");
        }
    }

    #[test]
    fn only_the_apps_own_pages_are_shown() {
        let page = |u: &str| is_app_page(&tauri::Url::parse(u).expect("url"));
        assert!(page("tauri://localhost/"));
        assert!(page("tauri://localhost/account"));
        assert_eq!(page("http://tauri.localhost/home"), cfg!(any(windows, target_os = "android")));
        for elsewhere in [
            "http://tauri.localhost:9/",
            "tauri://localhost:8787/",
            "https://phish.example/login",
            "http://127.0.0.1:8787/v1/dev/outbox",
            "tauri://evil.example/",
            "http://tauri.localhost.evil.example/",
            "file:///etc/passwd",
            "data:text/html,<form>",
            "about:blank",
        ] {
            assert!(!page(elsewhere), "{elsewhere} was allowed");
        }
    }
}
