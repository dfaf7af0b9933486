//! Haven's Tauri shell. Commands are thin: they call `haven-client` and map its answers to
//! token-free views for the webview. Tokens stay in this process (memory / the token store);
//! the set-up token of a `setup_required` sign-in is kept here too, never sent to the webview.
//!
//! With no `HAVEN_SERVER_URL`, the bundled sync service starts in-process on 127.0.0.1 (random
//! port) with SQLite in the app data dir, development delivery and, on first start, a demo
//! deployment.

mod commands;
mod view;

use haven_client::{HavenClient, MemoryStore};
use std::path::Path;
use std::sync::{Arc, Mutex};
use tauri::Manager;

pub struct Shell {
    pub client: HavenClient,
    pub info: view::AppInfo,
    pub device: haven_api::DeviceInfo,
    pub setup_token: Mutex<Option<haven_api::Secret>>,
    _bundled: Option<haven_sync::Running>,
}

/// A stable, non-secret id for this installation (remembered devices are bound to it).
fn device_id(data: &Path) -> anyhow::Result<String> {
    let path = data.join("device-id");
    match std::fs::read_to_string(&path) {
        Ok(id) if !id.trim().is_empty() => Ok(id.trim().to_owned()),
        _ => {
            let id = uuid::Uuid::now_v7().to_string();
            std::fs::write(&path, &id)?;
            Ok(id)
        }
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
    let client = HavenClient::new(&url, Arc::new(MemoryStore::default()))?;
    let device = haven_api::DeviceInfo { id: device_id(&data)?, name: "Haven desktop".into(), platform: std::env::consts::OS.into() };
    // The development inbox is offered for the bundled service and for a service on this
    // machine (a development service only routes its outbox for loopback callers anyway).
    let dev_inbox = bundled.is_some() || is_loopback(&url);
    let info = view::AppInfo { server_url: url, bundled: bundled.is_some(), demo: demo.map(view::demo), dev_inbox };
    app.manage(Shell { client, info, device, setup_token: Mutex::new(None), _bundled: bundled });
    Ok(())
}

pub fn run() {
    let result = tauri::Builder::default()
        .setup(setup)
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
        ])
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("haven-app: {e}");
        std::process::exit(1);
    }
}
