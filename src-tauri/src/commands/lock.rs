//! The session and the lock screen: where the app stands, activity from the person, unlocking
//! with the password (checked by the service) or a fingerprint.

use super::{cmd, Args, Reply, Shell};
use crate::state::PASSWORD_UNLOCK_TRIES;
use haven_api::shell::{BiometricView, SessionView, UiCode, UiError};
use haven_api::ErrorCode;
use haven_client::biometric::{BioError, BioOutcome};
use haven_client::lock::LockEvent;
use haven_client::ClientError;
use tauri::State;

#[tauri::command]
pub async fn session(shell: State<'_, Shell>) -> Reply<cmd::Session> {
    Ok(SessionView {
        signed_in: shell.client.is_signed_in().await,
        locked: shell.is_locked(),
        keychain_problem: shell.store.problem(),
    })
}

/// The person pressed a key or clicked; answers whether the app is locked.
#[tauri::command]
pub fn activity(shell: State<'_, Shell>) -> Reply<cmd::Activity> {
    Ok(shell.lock_event(LockEvent::Activity))
}

/// Unlocks with the account password, checked by the service (no password verifier is kept on
/// this device). Five wrong ones end the session: whoever is at the screen then needs a full
/// sign-in, second step included.
#[tauri::command]
pub async fn unlock(shell: State<'_, Shell>, args: Args<cmd::Unlock>) -> Reply<cmd::Unlock> {
    let mut failures = shell.unlock_failures.lock().await;
    match shell.client.reauth_password(&args.password).await {
        Ok(_) => {
            *failures = 0;
            shell.lock_event(LockEvent::Unlocked);
            if let Ok(mut a) = shell.bio_attempts.lock() {
                a.reset();
            }
            Ok(())
        }
        Err(ClientError::Api { code: code @ (ErrorCode::InvalidCredentials | ErrorCode::TooManyAttempts), .. }) => {
            *failures += 1;
            let left = PASSWORD_UNLOCK_TRIES.saturating_sub(*failures);
            if left > 0 && code == ErrorCode::InvalidCredentials {
                let m = format!("That password is not right. {left} tries left before Haven signs you out.");
                return Err(UiError::new(UiCode::InvalidCredentials, m).into());
            }
            *failures = 0;
            let mut m = "Too many wrong passwords, so Haven signed you out. Sign in again.".to_owned();
            if let Some(more) = crate::view::sign_out(shell.end_session().await) {
                m = format!("{m} {more}");
            }
            Err(UiError::new(UiCode::TooManyAttempts, m).into())
        }
        Err(e) => Err(e.into()),
    }
}

/// Whether fingerprint unlock can be offered, and the user's setting. Not guarded: the lock
/// screen asks it while locked.
#[tauri::command]
pub async fn biometric_status(shell: State<'_, Shell>) -> Reply<cmd::BiometricStatus> {
    let (available, reason) = match shell.bio.available().await {
        Ok(()) => (true, None),
        Err(e @ (BioError::NotAvailable(_) | BioError::NotEnrolled)) => (false, Some(e.to_string())),
        Err(e) => {
            tracing::warn!(error = %e, "fingerprint reader");
            (false, Some("the fingerprint reader did not answer".into()))
        }
    };
    let (enabled, required) = match shell.client.me().await {
        Ok(m) => (m.biometric_login, m.deployment.policy.biometric_required),
        Err(_) => (false, false),
    };
    Ok(BiometricView { available, reason, enabled, required, attempts_left: shell.bio_attempts_left() })
}

/// Unlocks with a fingerprint: the user must have biometric login on; five failed scans in a row
/// leave only the password.
#[tauri::command]
pub async fn unlock_biometric(shell: State<'_, Shell>) -> Reply<cmd::UnlockBiometric> {
    let _one = shell.bio_scan.lock().await;
    if shell.bio_attempts_left() == 0 {
        return Err(UiError::new(UiCode::TooManyAttempts, "Too many fingerprint tries. Use your password.").into());
    }
    let me = shell.client.me().await?;
    if !me.biometric_login {
        let m = "Fingerprint login is off. Turn it on in Profile → Account.";
        return Err(UiError::new(UiCode::Forbidden, m).into());
    }
    let outcome = shell.bio.verify().await.map_err(|e| {
        tracing::warn!(error = %e, "fingerprint unlock");
        UiError::new(
            UiCode::NotAvailable,
            match e {
                BioError::TimedOut => "No finger was scanned in time. Try again or use your password.",
                BioError::NotEnrolled => "No fingerprint is enrolled for you on this computer. Use your password.",
                _ => "The fingerprint reader did not work. Try again or use your password.",
            },
        )
    })?;
    let more = shell.bio_attempts.lock().map(|mut a| a.record(&outcome)).unwrap_or(false);
    match outcome {
        BioOutcome::Match => {
            shell.lock_event(LockEvent::Unlocked);
            Ok(())
        }
        BioOutcome::NoMatch if more => {
            let left = shell.bio_attempts_left();
            Err(UiError::new(
                UiCode::InvalidCredentials,
                format!("That fingerprint does not match. {left} tries left."),
            )
            .into())
        }
        BioOutcome::NoMatch => Err(UiError::new(
            UiCode::TooManyAttempts,
            "That fingerprint does not match, and that was the last try. Use your password.",
        )
        .into()),
    }
}
