//! My health: capture (kept on this device first), sync, and the charts.

use super::{cmd, Args, Reply, Shell};
use crate::view;
use tauri::State;

#[tauri::command]
pub async fn health(shell: State<'_, Shell>) -> Reply<cmd::Health> {
    shell.guard()?;
    shell.release(view::health(shell.health.snapshot().await?))
}

/// Records an observation on this device first; it is sent now if the service can be reached,
/// later otherwise. Refused while consent is not signed (the app stops capturing).
#[tauri::command]
pub async fn record(shell: State<'_, Shell>, args: Args<cmd::Record>) -> Reply<cmd::Record> {
    shell.guard()?;
    let (snapshot, kept) = shell.health.record(args.kind, args.value, args.recorded_at, args.note).await?;
    shell.release(view::health_after(snapshot, kept))
}

#[tauri::command]
pub async fn sync_now(shell: State<'_, Shell>) -> Reply<cmd::SyncNow> {
    shell.guard()?;
    shell.health.sync().await?;
    shell.release(view::health(shell.health.snapshot().await?))
}

/// Changes a value recorded earlier (a new version, sent like a new value).
#[tauri::command]
pub async fn change_observation(
    shell: State<'_, Shell>,
    args: Args<cmd::ChangeObservation>,
) -> Reply<cmd::ChangeObservation> {
    shell.guard()?;
    let (snapshot, kept) = shell.health.change(&args.id, args.value, args.recorded_at, args.note).await?;
    shell.release(view::health_after(snapshot, kept))
}

#[tauri::command]
pub async fn delete_observation(
    shell: State<'_, Shell>,
    args: Args<cmd::DeleteObservation>,
) -> Reply<cmd::DeleteObservation> {
    shell.guard()?;
    shell.release(view::health(shell.health.delete(&args.id).await?))
}
