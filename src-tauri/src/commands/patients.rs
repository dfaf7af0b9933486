//! Clinicians: their deployment's patients and one patient's charts.

use super::{cmd, Args, Reply, Shell};
use crate::view;
use haven_api::shell::{PatientHealthView, UiCode, UiError};
use tauri::State;

#[tauri::command]
pub async fn patients(shell: State<'_, Shell>) -> Reply<cmd::Patients> {
    shell.guard()?;
    shell.release(shell.client.patients().await?.patients)
}

/// One patient: their name and consent (from the deployment's list) and their charts (all pages
/// of their observations).
#[tauri::command]
pub async fn patient_health(shell: State<'_, Shell>, args: Args<cmd::PatientHealth>) -> Reply<cmd::PatientHealth> {
    shell.guard()?;
    let patients = shell.client.patients().await?.patients;
    let who = patients
        .into_iter()
        .find(|p| p.id == args.id)
        .ok_or_else(|| UiError::new(UiCode::NotFound, haven_i18n::tr!("shell-patient-not-found")))?;
    let series = shell.health.patient_series(&args.id).await?.into_iter().map(view::series).collect();
    shell.release(PatientHealthView { name: who.name, consent: who.consent, series })
}
