//! The shell's settings, read once at start from `HAVEN_*` environment variables.

use std::path::PathBuf;

#[derive(Clone, Debug, Default)]
pub struct ShellConfig {
    /// `HAVEN_DATA_DIR`: the bundled service's database and key and the offline health stores
    /// (default: the OS's app data dir).
    pub data_dir: Option<PathBuf>,
    /// `HAVEN_SERVER_URL`: a service elsewhere instead of the bundled one.
    pub server_url: Option<String>,
    /// `HAVEN_SERVER_CA`: a PEM file of certificates to trust for that service besides the
    /// public roots (a deployment's own authority, or its self-signed certificate).
    pub server_ca: Option<PathBuf>,
    /// `HAVEN_EXPORT_DIR`: data downloads are saved there without asking (managed machines,
    /// unattended runs).
    pub export_dir: Option<PathBuf>,
    /// `HAVEN_DEV_OUTBOX_KEY`: the key of a development service elsewhere on this machine, for
    /// the development inbox (the bundled service's key never leaves this process).
    pub outbox_key: Option<haven_api::Secret>,
}

impl ShellConfig {
    pub fn from_env() -> ShellConfig {
        let path = |name| std::env::var_os(name).filter(|v| !v.is_empty()).map(PathBuf::from);
        ShellConfig {
            data_dir: path("HAVEN_DATA_DIR"),
            server_url: std::env::var("HAVEN_SERVER_URL").ok().filter(|v| !v.is_empty()).or_else(built_in_server),
            server_ca: path("HAVEN_SERVER_CA"),
            export_dir: path("HAVEN_EXPORT_DIR"),
            outbox_key: std::env::var("HAVEN_DEV_OUTBOX_KEY").ok().filter(|v| !v.is_empty()).map(haven_api::Secret),
        }
    }
}

/// A phone app is not started with an environment: its deployment's service is named when it is
/// built (`HAVEN_SERVER_URL=https://… cargo tauri android build`); a debug build without one runs
/// the bundled demo, as the desktop app does. A release build for phones without it does not
/// build: it would ship the demo, whose messages are never really sent.
#[cfg(all(mobile, not(debug_assertions)))]
const _: () = assert!(
    match option_env!("HAVEN_SERVER_URL") {
        Some(url) => !url.is_empty(),
        None => false,
    },
    "set HAVEN_SERVER_URL to the deployment's service (https://…) when building Haven for phones"
);

fn built_in_server() -> Option<String> {
    #[cfg(mobile)]
    return option_env!("HAVEN_SERVER_URL").filter(|v| !v.is_empty()).map(str::to_owned);
    #[cfg(not(mobile))]
    None
}
