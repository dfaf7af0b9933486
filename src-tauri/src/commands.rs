//! Tauri commands: each a few lines over `haven-client`.

use crate::view::{
    AdminUser, AppInfo, BiometricView, Deployment, DeviceView, InviteView, MeView, OutboxMessage, Policy, SessionView,
    SignIn, TotpSetup, UiError,
};
use crate::Shell;
use haven_client::lock::LockEvent;
use tauri::State;

type Res<T> = Result<T, UiError>;

fn keep_setup(shell: &Shell, token: Option<haven_api::Secret>) {
    if let Ok(mut t) = shell.setup_token.lock() {
        *t = token;
    }
}

#[tauri::command]
pub fn app_info(shell: State<'_, Shell>) -> AppInfo {
    shell.info.clone()
}

#[tauri::command]
pub async fn login(shell: State<'_, Shell>, email: String, password: String) -> Res<SignIn> {
    let (view, setup) = haven_client::sign_in_view(shell.client.login(&email, &password, shell.device.clone()).await?);
    keep_setup(&shell, setup);
    Ok(signed_in(&shell, view))
}

#[tauri::command]
pub async fn verify_code(
    shell: State<'_, Shell>,
    challenge_id: String,
    method: String,
    code: String,
    remember: bool,
) -> Res<SignIn> {
    let outcome = shell.client.verify_challenge(&challenge_id, &method, &code, remember).await?;
    Ok(signed_in(&shell, haven_client::sign_in_view(outcome).0))
}

#[tauri::command]
pub async fn resend_sms(shell: State<'_, Shell>, challenge_id: String) -> Res<u64> {
    Ok(shell.client.resend_sms(&challenge_id).await?.resend_after_s)
}

#[tauri::command]
pub async fn me(shell: State<'_, Shell>) -> Res<MeView> {
    guard(&shell)?;
    let m = shell.client.me().await?;
    shell.configure_lock(&m);
    Ok(me_view(m))
}

fn me_view(m: haven_api::Me) -> MeView {
    MeView {
        name: m.name,
        email: m.email,
        role: m.role.as_str().into(),
        two_step_enabled: m.two_step.enabled,
        two_step_method: m.two_step.method,
        disclaimer_accepted: m.disclaimer_accepted_at.is_some(),
        phone: m.phone,
        biometric_login: m.biometric_login,
        biometric_required: m.deployment.policy.biometric_required,
        lock_enabled: m.lock_when_idle.enabled,
        lock_timeout_s: m.lock_when_idle.timeout_s,
        lock_cap_s: m.deployment.policy.idle_timeout_max_s,
        two_step_mandatory: m.deployment.policy.two_step_mandatory(m.role),
        allowed_methods: m.deployment.policy.allowed_methods,
        deployment_id: m.deployment.id,
        deployment_name: m.deployment.name,
    }
}

/// Every command that reads or changes the signed-in user's data passes here first: it counts
/// as activity, and fails with `locked` while the app is locked.
pub(crate) fn guard(shell: &Shell) -> Res<()> {
    if shell.lock_event(LockEvent::Activity) {
        return Err(UiError { code: "locked".into(), message: "Haven is locked.".into(), ..Default::default() });
    }
    Ok(())
}

/// Set-up finished (phone or authenticator confirmed): the set-up token is spent, and the answer
/// is a completed sign-in.
fn setup_done(shell: &Shell, outcome: haven_api::LoginOutcome) -> SignIn {
    keep_setup(shell, None);
    signed_in(shell, haven_client::sign_in_view(outcome).0)
}

/// A completed sign-in opens the app (a new session is a fresh proof of who is there).
fn signed_in(shell: &Shell, view: SignIn) -> SignIn {
    if matches!(view, SignIn::Authenticated { .. }) {
        shell.lock_event(LockEvent::Unlocked);
    }
    view
}

#[tauri::command]
pub async fn logout(shell: State<'_, Shell>) -> Res<()> {
    keep_setup(&shell, None);
    // The client forgets the session before telling the service; only then does the lock open.
    let result = shell.client.logout().await;
    crate::health::close(&shell).await;
    shell.lock_event(LockEvent::SignedOut);
    Ok(result?)
}

fn setup_token(shell: &Shell) -> Res<haven_api::Secret> {
    shell.setup_token.lock().ok().and_then(|t| t.clone()).ok_or_else(|| UiError {
        code: "unauthenticated".into(),
        message: "Sign in again to set up two-step verification.".into(),
        ..Default::default()
    })
}

#[tauri::command]
pub async fn invite_info(shell: State<'_, Shell>, code: String) -> Res<InviteView> {
    let i = shell.client.invite(code.trim()).await?;
    Ok(InviteView {
        email: i.email,
        role: i.role.as_str().into(),
        deployment_name: i.deployment_name,
        expires_at: i.expires_at,
    })
}

#[tauri::command]
pub async fn create_account(
    shell: State<'_, Shell>,
    code: String,
    name: String,
    password: String,
    accept_terms: bool,
) -> Res<()> {
    let req = haven_api::CreateAccount {
        invite_token: Some(haven_api::Secret::new(code.trim())),
        enrolment_code: None,
        email: None,
        name,
        password: haven_api::Secret::new(password),
        accept_terms,
    };
    shell.client.create_account(&req).await?;
    Ok(())
}

#[tauri::command]
pub async fn verify_email(shell: State<'_, Shell>, token: String) -> Res<()> {
    Ok(shell.client.verify_email(token.trim()).await?)
}

#[tauri::command]
pub async fn setup_phone(shell: State<'_, Shell>, phone: String) -> Res<u64> {
    Ok(shell.client.setup_phone(setup_token(&shell)?.expose(), &phone).await?.resend_after_s)
}

#[tauri::command]
pub async fn setup_verify_phone(shell: State<'_, Shell>, code: String) -> Res<SignIn> {
    let outcome = shell.client.setup_verify_phone(setup_token(&shell)?.expose(), &code).await?;
    Ok(setup_done(&shell, outcome))
}

#[tauri::command]
pub async fn accept_disclaimer(shell: State<'_, Shell>) -> Res<()> {
    guard(&shell)?;
    Ok(shell.client.accept_disclaimer().await?)
}

#[tauri::command]
pub async fn enrol_totp(shell: State<'_, Shell>) -> Res<TotpSetup> {
    guard(&shell)?;
    Ok(totp_view(shell.client.enrol_totp().await?))
}

#[tauri::command]
pub async fn confirm_totp(shell: State<'_, Shell>, code: String) -> Res<Vec<String>> {
    guard(&shell)?;
    Ok(codes(shell.client.confirm_totp(&code).await?.recovery_codes))
}

#[tauri::command]
pub async fn devices(shell: State<'_, Shell>) -> Res<Vec<DeviceView>> {
    guard(&shell)?;
    let d = shell.client.devices().await?.devices;
    Ok(d.into_iter()
        .map(|d| DeviceView { id: d.id, name: d.name, platform: d.platform, expires_at: d.expires_at })
        .collect())
}

#[tauri::command]
pub async fn forget_device(shell: State<'_, Shell>, id: String) -> Res<()> {
    guard(&shell)?;
    Ok(shell.client.forget_device(&id).await?)
}

#[tauri::command]
pub async fn enrol(
    shell: State<'_, Shell>,
    code: String,
    email: String,
    name: String,
    password: String,
    accept_terms: bool,
) -> Res<()> {
    let req = haven_api::CreateAccount {
        invite_token: None,
        enrolment_code: Some(code.trim().to_owned()),
        email: Some(email),
        name,
        password: haven_api::Secret::new(password),
        accept_terms,
    };
    shell.client.create_account(&req).await?;
    Ok(())
}

fn totp_view(e: haven_api::TotpEnrolment) -> TotpSetup {
    TotpSetup { secret: e.secret.0, otpauth_url: e.otpauth_url.0, qr_svg: e.qr_svg }
}

fn codes(c: Vec<haven_api::Secret>) -> Vec<String> {
    c.into_iter().map(|c| c.0).collect()
}

#[tauri::command]
pub async fn setup_totp(shell: State<'_, Shell>) -> Res<TotpSetup> {
    Ok(totp_view(shell.client.setup_totp(setup_token(&shell)?.expose()).await?))
}

#[tauri::command]
pub async fn setup_confirm_totp(shell: State<'_, Shell>, code: String) -> Res<SignIn> {
    let outcome = shell.client.setup_confirm_totp(setup_token(&shell)?.expose(), &code).await?;
    Ok(setup_done(&shell, outcome))
}

/// Step-up for sensitive changes (turning two-step off, new recovery codes, replacing a factor).
#[tauri::command]
pub async fn reauth(shell: State<'_, Shell>, password: String) -> Res<()> {
    guard(&shell)?;
    shell.client.reauth_password(&password).await?;
    Ok(())
}

#[tauri::command]
pub async fn set_phone(shell: State<'_, Shell>, phone: String) -> Res<u64> {
    guard(&shell)?;
    Ok(shell.client.set_phone(&phone).await?.resend_after_s)
}

#[tauri::command]
pub async fn verify_phone(shell: State<'_, Shell>, code: String) -> Res<()> {
    guard(&shell)?;
    Ok(shell.client.verify_phone(&code).await?)
}

/// Turns two-step on (with `method`) or off; answers the recovery codes when this created them.
#[tauri::command]
pub async fn set_two_step(shell: State<'_, Shell>, enabled: bool, method: Option<String>) -> Res<Vec<String>> {
    guard(&shell)?;
    Ok(codes(shell.client.set_two_step(enabled, method.as_deref()).await?.recovery_codes.unwrap_or_default()))
}

#[tauri::command]
pub async fn new_recovery_codes(shell: State<'_, Shell>) -> Res<Vec<String>> {
    guard(&shell)?;
    Ok(codes(shell.client.new_recovery_codes().await?.recovery_codes))
}

// ---------- admin ----------

#[tauri::command]
pub async fn deployment(shell: State<'_, Shell>) -> Res<Deployment> {
    guard(&shell)?;
    let id = shell.client.me().await?.deployment.id;
    Ok(shell.client.deployment(&id).await?)
}

#[tauri::command]
pub async fn set_policy(shell: State<'_, Shell>, policy: Policy) -> Res<Deployment> {
    guard(&shell)?;
    let id = shell.client.me().await?.deployment.id;
    Ok(shell.client.set_policy(&id, &policy).await?)
}

#[tauri::command]
pub async fn invite(shell: State<'_, Shell>, email: String, role: String) -> Res<String> {
    guard(&shell)?;
    let role = haven_api::Role::parse(&role).ok_or_else(|| UiError {
        code: "unprocessable".into(),
        message: "Choose a role.".into(),
        fields: [("role".to_owned(), "Choose patient, clinician or admin.".to_owned())].into(),
        ..Default::default()
    })?;
    let deployment_id = shell.client.me().await?.deployment.id;
    Ok(shell
        .client
        .create_invite(&haven_api::CreateInvite { email: email.trim().to_owned(), role, deployment_id })
        .await?
        .expires_at)
}

#[tauri::command]
pub async fn users(shell: State<'_, Shell>) -> Res<Vec<AdminUser>> {
    guard(&shell)?;
    let id = shell.client.me().await?.deployment.id;
    Ok(shell.client.users(&id).await?.users)
}

#[tauri::command]
pub async fn unblock_user(shell: State<'_, Shell>, id: String) -> Res<()> {
    guard(&shell)?;
    shell.client.unblock_user(&id).await?;
    Ok(())
}

#[tauri::command]
pub async fn unlock_user(shell: State<'_, Shell>, id: String) -> Res<()> {
    guard(&shell)?;
    shell.client.unlock_user(&id).await?;
    Ok(())
}

/// The development inbox: what a development service "sent" (emails and texts), newest first.
#[tauri::command]
pub async fn dev_inbox(shell: State<'_, Shell>) -> Res<Vec<OutboxMessage>> {
    if !shell.info.dev_inbox {
        return Err(not_available());
    }
    // It holds the user's codes and contact details: not while locked.
    guard(&shell)?;
    match shell.client.dev_outbox().await {
        Ok(o) => Ok(o.messages),
        Err(haven_client::ClientError::Api { status: 404, .. }) => Err(not_available()),
        Err(e) => Err(e.into()),
    }
}

fn not_available() -> UiError {
    UiError {
        code: "not_available".into(),
        message: "There is no development inbox: this service sends real email and text messages.".into(),
        ..Default::default()
    }
}

// ---------- session and lock ----------

#[tauri::command]
pub async fn session(shell: State<'_, Shell>) -> Res<SessionView> {
    Ok(SessionView {
        signed_in: shell.client.is_signed_in().await,
        locked: shell.is_locked(),
        keychain_problem: shell.store.problem(),
    })
}

/// The user pressed a key or clicked; answers whether the app is locked.
#[tauri::command]
pub fn activity(shell: State<'_, Shell>) -> bool {
    shell.lock_event(LockEvent::Activity)
}

/// Unlocks with the account password, checked by the service (no password verifier is kept on
/// this device).
#[tauri::command]
pub async fn unlock(shell: State<'_, Shell>, password: String) -> Res<()> {
    shell.client.reauth_password(&password).await?;
    shell.lock_event(LockEvent::Unlocked);
    if let Ok(mut a) = shell.bio_attempts.lock() {
        a.reset();
    }
    Ok(())
}

fn attempts_left(shell: &Shell) -> u32 {
    shell.bio_attempts.lock().map(|a| a.left()).unwrap_or(0)
}

/// Whether fingerprint unlock can be offered, and the user's setting. Not guarded: the lock
/// screen asks it while locked.
#[tauri::command]
pub async fn biometric_status(shell: State<'_, Shell>) -> Res<BiometricView> {
    let (available, reason) = match shell.bio.available().await {
        Ok(()) => (true, None),
        Err(
            e @ (haven_client::biometric::BioError::NotAvailable(_) | haven_client::biometric::BioError::NotEnrolled),
        ) => (false, Some(e.to_string())),
        Err(e) => {
            eprintln!("haven-app: fingerprint reader: {e}");
            (false, Some("the fingerprint reader did not answer".into()))
        }
    };
    let (enabled, required) = match shell.client.me().await {
        Ok(m) => (m.biometric_login, m.deployment.policy.biometric_required),
        Err(_) => (false, false),
    };
    Ok(BiometricView { available, reason, enabled, required, attempts_left: attempts_left(&shell) })
}

fn bio_error(code: &str, message: String) -> UiError {
    UiError { code: code.into(), message, ..Default::default() }
}

/// Unlocks with a fingerprint: the user must have biometric login on; five failed scans in a row
/// leave only the password.
#[tauri::command]
pub async fn unlock_biometric(shell: State<'_, Shell>) -> Res<()> {
    // One scan at a time, so the attempt limit cannot be raced.
    let _one = shell.bio_scan.lock().await;
    if attempts_left(&shell) == 0 {
        return Err(bio_error("too_many_attempts", "Too many fingerprint tries. Use your password.".into()));
    }
    let me = shell.client.me().await?;
    if !me.biometric_login {
        return Err(bio_error("forbidden", "Fingerprint login is off. Turn it on in Profile → Account.".into()));
    }
    let outcome = shell.bio.verify().await.map_err(|e| {
        eprintln!("haven-app: fingerprint unlock: {e}");
        match e {
            haven_client::biometric::BioError::TimedOut => {
                bio_error("not_available", "No finger was scanned in time. Try again or use your password.".into())
            }
            haven_client::biometric::BioError::NotEnrolled => bio_error(
                "not_available",
                "No fingerprint is enrolled for you on this computer. Use your password.".into(),
            ),
            _ => bio_error(
                "not_available",
                "The fingerprint reader did not work. Try again or use your password.".into(),
            ),
        }
    })?;
    let more = shell.bio_attempts.lock().map(|mut a| a.record(&outcome)).unwrap_or(false);
    match outcome {
        haven_client::biometric::BioOutcome::Match => {
            shell.lock_event(LockEvent::Unlocked);
            Ok(())
        }
        haven_client::biometric::BioOutcome::NoMatch if more => Err(bio_error(
            "invalid_credentials",
            format!("That fingerprint does not match. {} tries left.", attempts_left(&shell)),
        )),
        haven_client::biometric::BioOutcome::NoMatch => Err(bio_error(
            "too_many_attempts",
            "That fingerprint does not match, and that was the last try. Use your password.".into(),
        )),
    }
}

/// Turns biometric login on (only where a reader with an enrolled finger answers) or off (the
/// service refuses when the deployment requires it).
#[tauri::command]
pub async fn set_biometric(shell: State<'_, Shell>, enabled: bool) -> Res<MeView> {
    guard(&shell)?;
    if enabled {
        shell
            .bio
            .available()
            .await
            .map_err(|e| bio_error("not_available", format!("Fingerprint login cannot be turned on here: {e}.")))?;
    }
    let m =
        shell.client.settings(&haven_api::Settings { biometric_login: Some(enabled), lock_when_idle: None }).await?;
    Ok(me_view(m))
}

#[tauri::command]
pub async fn set_lock(shell: State<'_, Shell>, enabled: bool, timeout_s: u32) -> Res<MeView> {
    guard(&shell)?;
    let m = shell
        .client
        .settings(&haven_api::Settings {
            biometric_login: None,
            lock_when_idle: Some(haven_api::LockWhenIdle { enabled, timeout_s }),
        })
        .await?;
    shell.configure_lock(&m);
    Ok(me_view(m))
}

/// Sends a notification through the OS (the user checks that Haven's notifications reach them;
/// "your data is ready" uses the same path). The plugin answers Ok even when nothing is shown,
/// so the end-to-end test proves delivery on the D-Bus notification daemon.
#[tauri::command]
pub fn test_notification(app: tauri::AppHandle) -> Res<()> {
    use tauri_plugin_notification::NotificationExt;
    app.notification()
        .builder()
        .title("Haven")
        .body("Notifications from Haven reach you here.")
        .show()
        .map_err(|e| bio_error("not_available", format!("Notifications cannot be shown: {e}.")))
}
