//! Profile → Informed consent and Legal.

use super::{cmd, Args, Reply, Shell};
use crate::view;
use tauri::State;

#[tauri::command]
pub async fn consent(shell: State<'_, Shell>) -> Reply<cmd::Consent> {
    shell.guard()?;
    let c = shell.client.consent().await?;
    let doc = shell.client.legal_document("consent").await?;
    shell.health.consent_changed(c.status).await;
    shell.release(view::consent(c, doc))
}

#[tauri::command]
pub async fn sign_consent(shell: State<'_, Shell>, args: Args<cmd::SignConsent>) -> Reply<cmd::SignConsent> {
    shell.guard()?;
    shell.client.sign_consent(&args.version).await?;
    // What was recorded before signing goes up now.
    let _ = shell.health.sync().await;
    consent(shell).await
}

/// Needs the password again (`reauth_required` opens the prompt in the UI).
#[tauri::command]
pub async fn withdraw_consent(shell: State<'_, Shell>) -> Reply<cmd::WithdrawConsent> {
    shell.guard()?;
    shell.client.withdraw_consent().await?;
    consent(shell).await
}

/// Public documents: readable before signing in too, so not guarded.
#[tauri::command]
pub async fn legal(shell: State<'_, Shell>) -> Reply<cmd::Legal> {
    Ok(shell.client.legal().await?.documents)
}

#[tauri::command]
pub async fn legal_document(shell: State<'_, Shell>, args: Args<cmd::LegalDocument>) -> Reply<cmd::LegalDocument> {
    Ok(shell.client.legal_document(&args.slug).await?)
}
