//! The session and the lock screen: where the app stands, activity from the person, unlocking
//! with the password (checked by the service) or a fingerprint.

use super::{cmd, Args, Reply, Shell};
use haven_api::shell::{BiometricView, SessionView, UiCode, UiError};
use haven_api::ErrorCode;
use haven_client::biometric::{BioError, BioOutcome};
use haven_client::lock::{LockEvent, UnlockTries};
use haven_client::ClientError;
use haven_i18n::tr;
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
    let _one = shell.unlock_check.lock().await;
    if shell.unlock_tries.used() >= UnlockTries::LIMIT {
        // Used up already (a count from before, or one that cannot be read): no more checks.
        return Err(signed_out(&shell).await.into());
    }
    // Counted before it is checked: quitting the app while it is checked does not undo it.
    let used = shell.unlock_tries.count_guess().map_err(|e| {
        tracing::error!(error = %e, "cannot count the unlock attempt");
        UiError::new(UiCode::LocalStorage, tr!("shell-unlock-count-failed"))
    })?;
    match shell.client.reauth_password(&args.password).await {
        Ok(_) => {
            shell.opened_by_person();
            Ok(())
        }
        Err(ClientError::Api { code: ErrorCode::InvalidCredentials, .. }) => {
            let left = UnlockTries::LIMIT.saturating_sub(used);
            if left > 0 {
                let m = tr!("shell-unlock-wrong-password", left = left);
                return Err(UiError::new(UiCode::InvalidCredentials, m).into());
            }
            Err(signed_out(&shell).await.into())
        }
        // Not checked (the service could not be reached, is busy, or says to wait): not counted.
        Err(
            e @ (ClientError::Unreachable(_)
            | ClientError::Api { code: ErrorCode::TooManyAttempts | ErrorCode::Unavailable, .. }),
        ) => {
            if let Err(io) = shell.unlock_tries.give_back() {
                tracing::warn!(error = %io, "cannot give back an unchecked unlock attempt");
            }
            Err(e.into())
        }
        Err(e) => Err(e.into()),
    }
}

/// The wrong passwords are used up: the session ends, and the sign-in screen says why.
async fn signed_out(shell: &Shell) -> UiError {
    let mut m = tr!("shell-unlock-signed-out");
    if let Some(more) = crate::view::sign_out(shell.end_session().await) {
        m = format!("{m} {more}");
    }
    UiError::new(UiCode::SignedOut, m)
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
            (false, Some(tr!("shell-bio-no-answer")))
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
        return Err(UiError::new(UiCode::TooManyAttempts, tr!("shell-bio-too-many")).into());
    }
    let me = shell.client.me().await?;
    if !me.biometric_login {
        let m = tr!("shell-bio-off");
        return Err(UiError::new(UiCode::Forbidden, m).into());
    }
    let prompt = shell.system_ui();
    let outcome = shell.bio.verify(me.deployment.policy.biometric_required).await;
    drop(prompt);
    let outcome = outcome.map_err(|e| {
        tracing::warn!(error = %e, "fingerprint unlock");
        UiError::new(
            UiCode::NotAvailable,
            match e {
                BioError::TimedOut => tr!("shell-bio-timed-out"),
                BioError::Cancelled => tr!("shell-bio-cancelled"),
                BioError::LockedOut => tr!("shell-bio-locked-out"),
                BioError::NotEnrolled => tr!("shell-bio-not-enrolled-here"),
                _ => tr!("shell-bio-did-not-work"),
            },
        )
    })?;
    let more = shell.bio_attempts.lock().map(|mut a| a.record(&outcome)).unwrap_or(false);
    match outcome {
        BioOutcome::Match => {
            shell.opened_by_person();
            Ok(())
        }
        BioOutcome::NoMatch if more => {
            let left = shell.bio_attempts_left();
            Err(UiError::new(UiCode::InvalidCredentials, tr!("shell-bio-no-match", left = left)).into())
        }
        BioOutcome::NoMatch => Err(UiError::new(UiCode::TooManyAttempts, tr!("shell-bio-last-no-match")).into()),
    }
}
