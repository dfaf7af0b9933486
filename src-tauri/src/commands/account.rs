//! Profile → Account: who is signed in, the clinician disclaimer, step-up, two-step verification
//! (text messages or an authenticator app, recovery codes, remembered devices), the lock and
//! biometric settings, and a test notification.

use super::{cmd, Args, Error, Reply, Shell};
use crate::view;
use haven_api::shell::{UiCode, UiError};
use haven_api::{LockWhenIdle, Settings};
use haven_i18n::tr;
use tauri::{AppHandle, State};

#[tauri::command]
pub async fn me(shell: State<'_, Shell>) -> Reply<cmd::Me> {
    shell.guard()?;
    let m = shell.client.me().await?;
    shell.configure_lock(&m);
    shell.release(view::me(m))
}

#[tauri::command]
pub async fn accept_disclaimer(shell: State<'_, Shell>) -> Reply<cmd::AcceptDisclaimer> {
    shell.guard()?;
    Ok(shell.client.accept_disclaimer().await?)
}

/// Step-up for sensitive changes (turning two-step off, new recovery codes, replacing a factor,
/// withdrawing consent, downloads).
#[tauri::command]
pub async fn reauth(shell: State<'_, Shell>, args: Args<cmd::Reauth>) -> Reply<cmd::Reauth> {
    shell.guard()?;
    shell.client.reauth_password(&args.password).await?;
    Ok(())
}

/// Needs a reauth in the last 10 minutes (`reauth_required` opens the password prompt in the
/// UI); the other sessions end, this one stays.
#[tauri::command]
pub async fn change_password(shell: State<'_, Shell>, args: Args<cmd::ChangePassword>) -> Reply<cmd::ChangePassword> {
    shell.guard()?;
    Ok(shell.client.change_password(&args.current_password, &args.new_password).await?)
}

#[tauri::command]
pub async fn set_phone(shell: State<'_, Shell>, args: Args<cmd::SetPhone>) -> Reply<cmd::SetPhone> {
    shell.guard()?;
    Ok(shell.client.set_phone(&args.phone, Some(&args.country)).await?.resend_after_s)
}

#[tauri::command]
pub async fn verify_phone(shell: State<'_, Shell>, args: Args<cmd::VerifyPhone>) -> Reply<cmd::VerifyPhone> {
    shell.guard()?;
    Ok(shell.client.verify_phone(&args.code).await?)
}

#[tauri::command]
pub async fn enrol_totp(shell: State<'_, Shell>) -> Reply<cmd::EnrolTotp> {
    shell.guard()?;
    shell.release(view::totp(shell.client.enrol_totp().await?))
}

#[tauri::command]
pub async fn confirm_totp(shell: State<'_, Shell>, args: Args<cmd::ConfirmTotp>) -> Reply<cmd::ConfirmTotp> {
    shell.guard()?;
    shell.release(view::codes(shell.client.confirm_totp(&args.code).await?.recovery_codes))
}

/// Turns two-step on (with `method`) or off; answers the recovery codes when this created them.
#[tauri::command]
pub async fn set_two_step(shell: State<'_, Shell>, args: Args<cmd::SetTwoStep>) -> Reply<cmd::SetTwoStep> {
    shell.guard()?;
    let changed = shell.client.set_two_step(args.enabled, args.method).await?;
    shell.release(view::codes(changed.recovery_codes.unwrap_or_default()))
}

#[tauri::command]
pub async fn new_recovery_codes(shell: State<'_, Shell>) -> Reply<cmd::NewRecoveryCodes> {
    shell.guard()?;
    shell.release(view::codes(shell.client.new_recovery_codes().await?.recovery_codes))
}

#[tauri::command]
pub async fn devices(shell: State<'_, Shell>) -> Reply<cmd::Devices> {
    shell.guard()?;
    shell.release(shell.client.devices().await?.devices.into_iter().map(view::device).collect())
}

#[tauri::command]
pub async fn forget_device(shell: State<'_, Shell>, args: Args<cmd::ForgetDevice>) -> Reply<cmd::ForgetDevice> {
    shell.guard()?;
    Ok(shell.client.forget_device(&args.id).await?)
}

/// "Lock app when not in use": saved on the service (it follows the user to other devices) and
/// applied here at once.
#[tauri::command]
pub async fn set_lock(shell: State<'_, Shell>, args: Args<cmd::SetLock>) -> Reply<cmd::SetLock> {
    shell.guard()?;
    let lock = LockWhenIdle { enabled: args.enabled, timeout_s: args.timeout_s };
    let m =
        shell.client.settings(&Settings { biometric_login: None, lock_when_idle: Some(lock), time_zone: None }).await?;
    shell.configure_lock(&m);
    shell.release(view::me(m))
}

/// Turns biometric login on (only where a reader with an enrolled finger answers) or off (the
/// service refuses when the deployment requires it).
#[tauri::command]
pub async fn set_biometric(shell: State<'_, Shell>, args: Args<cmd::SetBiometric>) -> Reply<cmd::SetBiometric> {
    shell.guard()?;
    if args.enabled {
        shell.bio.available().await.map_err(|e| {
            UiError::new(UiCode::NotAvailable, tr!("shell-biometric-cannot-enable", reason = e.to_string()))
        })?;
    }
    let m = shell
        .client
        .settings(&Settings { biometric_login: Some(args.enabled), lock_when_idle: None, time_zone: None })
        .await?;
    shell.release(view::me(m))
}

/// Sends a notification through the OS (the user checks that Haven's notifications reach them;
/// "your data is ready" uses the same path). The plugin answers Ok even when nothing is shown,
/// so the end-to-end test proves delivery on the D-Bus notification daemon.
#[tauri::command]
pub fn test_notification(app: AppHandle) -> Reply<cmd::TestNotification> {
    // "Haven" is the app's name, the same in every language.
    crate::background::notify(&app, "Haven", &tr!("shell-test-notification-body")).map_err(|e| {
        Error(UiError::new(UiCode::NotAvailable, tr!("shell-notifications-unavailable", error = e.to_string())))
    })
}

/// Saves the recovery codes on screen as a text file where the user picks (they were just shown
/// to this user; the file says what they are for and that each works once).
#[tauri::command]
pub async fn save_recovery_codes(
    app: AppHandle,
    shell: State<'_, Shell>,
    args: Args<cmd::SaveRecoveryCodes>,
) -> Reply<cmd::SaveRecoveryCodes> {
    shell.guard()?;
    let me = shell.client.me().await?;
    let Some(picked) = super::exports::pick(&app, &shell, "haven-recovery-codes.txt", "txt")? else {
        return Ok(None);
    };
    let mut text = format!(
        "{}\n\n{}\n{}\n\n",
        tr!("shell-recovery-file-title", email = &me.email),
        tr!("shell-recovery-file-once"),
        tr!("shell-recovery-file-safe"),
    );
    for c in &args.codes {
        text.push_str(c);
        text.push('\n');
    }
    // The dialog can stay open past the idle timeout: nothing is written once the app locked.
    shell.guard()?;
    Ok(Some(haven_client::exports::save_text_to(picked.open(&app)?, &text)?))
}
