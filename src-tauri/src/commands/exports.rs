//! Profile → Download your data: request a file, follow it, save it where the user picks.

use super::{cmd, Args, Reply, Shell};
use haven_api::shell::TimeZonesView;
use haven_api::Settings;
use haven_client::exports::{self, Existing, SaveError, Target};
use tauri::{AppHandle, State};

#[tauri::command]
pub async fn exports(shell: State<'_, Shell>) -> Reply<cmd::Exports> {
    shell.guard()?;
    shell.release(shell.client.exports().await?.exports)
}

/// Starts a download (`reauth_required` first opens the password prompt in the UI); it is
/// announced by an OS notification when ready.
#[tauri::command]
pub async fn create_export(shell: State<'_, Shell>, args: Args<cmd::CreateExport>) -> Reply<cmd::CreateExport> {
    shell.guard()?;
    // The screen sends the zone it shows; asked before it knew one, the profile's or the device's.
    let zone = match args.time_zone.clone() {
        Some(z) => Some(z),
        None => shell.client.me().await?.time_zone.or_else(device_zone),
    };
    let job = shell.client.create_export(args.format, zone).await?;
    shell.exports.watch(&job.id);
    shell.release(job)
}

/// The device's time zone and every zone a download can use. The names come from the same
/// bundled time-zone database the service checks them against.
#[tauri::command]
pub fn time_zones() -> Reply<cmd::TimeZones> {
    let device = device_zone();
    let mut names: Vec<String> = jiff::tz::db().available().map(|n| n.to_string()).collect();
    names.sort();
    Ok(TimeZonesView { device, names })
}

/// The IANA name of the device's time zone (`TZ`, else the system's setting), if it has one.
fn device_zone() -> Option<String> {
    jiff::tz::TimeZone::try_system().ok().and_then(|tz| tz.iana_name().map(str::to_owned))
}

/// Saves the time zone for downloads in the profile (it follows the patient to other devices).
#[tauri::command]
pub async fn set_time_zone(shell: State<'_, Shell>, args: Args<cmd::SetTimeZone>) -> Reply<cmd::SetTimeZone> {
    shell.guard()?;
    let zone = args.time_zone.clone().unwrap_or_default();
    let m =
        shell.client.settings(&Settings { biometric_login: None, lock_when_idle: None, time_zone: Some(zone) }).await?;
    shell.release(crate::view::me(m))
}

/// Where the person chose to save a file. Nothing is opened yet: the app may lock while the
/// dialog is up, and opening Android's document cuts what it held.
pub enum Picked {
    Target(Target),
    /// Android: a provider's document (`content://`), opened through the fs plugin; the name
    /// the dialog offered.
    #[cfg(target_os = "android")]
    Document(tauri_plugin_dialog::FilePath, String),
}

impl Picked {
    /// Where to write; call once the lock has been checked after the dialog.
    pub fn open(self, _app: &AppHandle) -> Result<Target, SaveError> {
        match self {
            Picked::Target(t) => Ok(t),
            #[cfg(target_os = "android")]
            Picked::Document(document, name) => crate::mobile::open_document(_app, document, &name),
        }
    }
}

/// Where to save a file named `name`: the system's save dialog (shown from Rust so the webview
/// needs no file permission; it asks before replacing a file), or `HAVEN_EXPORT_DIR` without
/// asking, where nothing is replaced. None: the user cancelled.
pub fn pick(app: &AppHandle, shell: &Shell, name: &str, ext: &str) -> Result<Option<Picked>, SaveError> {
    if let Some(dir) = &shell.config.export_dir {
        return Ok(Some(Picked::Target(Target::Path { path: dir.join(name), existing: Existing::Keep })));
    }
    use tauri_plugin_dialog::DialogExt;
    let _dialog = shell.system_ui();
    let Some(picked) =
        app.dialog().file().set_file_name(name).add_filter(ext.to_uppercase(), &[ext]).blocking_save_file()
    else {
        return Ok(None);
    };
    #[cfg(target_os = "android")]
    if matches!(&picked, tauri_plugin_dialog::FilePath::Url(u) if u.scheme() == "content") {
        return Ok(Some(Picked::Document(picked, name.to_owned())));
    }
    match picked.into_path() {
        Ok(path) => Ok(Some(Picked::Target(Target::Path { path, existing: Existing::Replace }))),
        Err(e) => Err(SaveError::Io {
            action: "save",
            path: name.into(),
            source: std::io::Error::new(std::io::ErrorKind::Unsupported, e.to_string()),
        }),
    }
}

/// Saves a ready download where the user picks. Answers the path, or None when the user
/// cancelled.
#[tauri::command]
pub async fn save_export(
    app: AppHandle,
    shell: State<'_, Shell>,
    args: Args<cmd::SaveExport>,
) -> Reply<cmd::SaveExport> {
    shell.guard()?;
    let job = shell.client.export(&args.id).await?;
    let Some(picked) = pick(&app, &shell, &exports::file_name(&job), job.format.extension())? else {
        return Ok(None);
    };
    // The dialog can stay open past the idle timeout: a save starts only while unlocked (once
    // started it finishes, and says where the file went).
    shell.guard()?;
    let target = picked.open(&app)?;
    Ok(Some(exports::save_to(&shell.client, &args.id, target).await?))
}
