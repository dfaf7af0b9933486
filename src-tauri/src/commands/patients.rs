//! Clinicians: their deployment's patients and one patient's charts.

use super::{cmd, Args, Reply, Shell};
use crate::view;
use tauri::State;

#[tauri::command]
pub async fn patients(shell: State<'_, Shell>) -> Reply<cmd::Patients> {
    shell.guard()?;
    Ok(shell.client.patients().await?.patients)
}

/// One patient's charts (all pages of their observations).
#[tauri::command]
pub async fn patient_health(shell: State<'_, Shell>, args: Args<cmd::PatientHealth>) -> Reply<cmd::PatientHealth> {
    shell.guard()?;
    Ok(shell.health.patient_series(&args.id).await?.into_iter().map(view::series).collect())
}
