//! What the shell does without being asked: the background sync, the service's events (a
//! download that is ready becomes an OS notification), the lock watcher (the `locked` event
//! the UI shows the lock screen on), and system sleep.

use crate::state::Shell;
use haven_api::shell::{EXPORTS_EVENT, LOCKED_EVENT};
use haven_api::ExportStatus;
use haven_i18n::tr;
use std::time::Duration;
use tauri::{AppHandle, Emitter, Manager};

pub fn spawn_all(app: &AppHandle) {
    spawn_background_sync(app.clone());
    spawn_event_listener(app.clone());
    spawn_lock_watcher(app.clone());
    #[cfg(target_os = "linux")]
    spawn_sleep_watcher(app.clone());
}

/// Every 20 s while signed in and unlocked: send what waits and fetch what changed elsewhere.
fn spawn_background_sync(app: AppHandle) {
    tauri::async_runtime::spawn(async move {
        loop {
            tokio::time::sleep(Duration::from_secs(20)).await;
            let shell = app.state::<Shell>();
            if shell.client.is_signed_in().await && !shell.is_locked() {
                if let Err(e) = shell.health.sync_if_patient().await {
                    tracing::debug!(error = %e, "background sync");
                }
            }
        }
    });
}

/// Follows the service's events while signed in: a download this app asked for (or found being
/// prepared) that is done is announced with an OS notification (it names no data, so it is shown
/// even while the app is locked) and told to the window (`exports-changed`). What was sent while
/// the stream was down is not lost: each (re)connect reads the list of downloads again.
fn spawn_event_listener(app: AppHandle) {
    tauri::async_runtime::spawn(async move {
        loop {
            let shell = app.state::<Shell>();
            if shell.client.is_signed_in().await {
                let followed = shell.exports.follow(&shell.client, |status| announce(&app, status)).await;
                if let Err(e) = followed {
                    tracing::debug!(error = %e, "event stream");
                }
            }
            tokio::time::sleep(Duration::from_secs(3)).await;
        }
    });
}

fn announce(app: &AppHandle, status: ExportStatus) {
    if let Err(e) = app.emit(EXPORTS_EVENT, ()) {
        tracing::warn!(error = %e, "cannot tell the window a download is done");
    }
    let (title, body) = if status == ExportStatus::Ready {
        (tr!("shell-export-ready-title"), tr!("shell-export-ready-body"))
    } else {
        (tr!("shell-export-failed-title"), tr!("shell-export-failed-body"))
    };
    if let Err(e) = notify(app, &title, &body) {
        tracing::warn!(error = %e, "notification");
    }
}

/// Shows an OS notification.
pub fn notify(app: &AppHandle, title: &str, body: &str) -> Result<(), tauri_plugin_notification::Error> {
    use tauri_plugin_notification::NotificationExt;
    app.notification().builder().title(title).body(body).show()
}

/// Emits `locked` the moment the app locks, whatever locked it (the idle deadline, the window
/// hidden, system sleep): it sleeps until the idle deadline, and every lock event wakes it.
fn spawn_lock_watcher(app: AppHandle) {
    tauri::async_runtime::spawn(async move {
        let shell = app.state::<Shell>();
        let mut seen = 0;
        loop {
            // Counted, not sampled: a lock that came and went between two looks is still told.
            let locks = shell.lock_count();
            if locks != seen {
                if let Err(e) = app.emit(LOCKED_EVENT, ()) {
                    tracing::warn!(error = %e, "cannot tell the window the app locked");
                }
                seen = locks;
            }
            // Capped, so a wall clock that jumps ahead still locks within a few seconds.
            let wait = shell.lock_remaining_ms().map_or(5_000, |ms| ms.clamp(10, 5_000));
            tokio::select! {
                _ = shell.lock_changed.notified() => {}
                _ = tokio::time::sleep(Duration::from_millis(wait)) => {}
            }
        }
    });
}

/// System sleep locks the app, where the OS reports it (logind on Linux).
#[cfg(target_os = "linux")]
fn spawn_sleep_watcher(app: AppHandle) {
    use haven_client::lock::LockEvent;
    tauri::async_runtime::spawn(async move {
        let h = app.clone();
        let watched = haven_client::system::watch_sleep(None, move || {
            h.state::<Shell>().lock_event(LockEvent::Sleep);
        })
        .await;
        if let Err(e) = watched {
            tracing::warn!(error = %e, "system sleep is not reported here; the idle timeout still applies");
        }
    });
}
