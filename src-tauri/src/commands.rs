//! Tauri commands: each a few lines over `haven-client`.

use crate::view::{AdminUser, AppInfo, Deployment, DeviceView, InviteView, MeView, OutboxMessage, Policy, SignIn, TotpSetup, UiError};
use crate::Shell;
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
    Ok(view)
}

#[tauri::command]
pub async fn verify_code(shell: State<'_, Shell>, challenge_id: String, method: String, code: String, remember: bool) -> Res<SignIn> {
    let outcome = shell.client.verify_challenge(&challenge_id, &method, &code, remember).await?;
    Ok(haven_client::sign_in_view(outcome).0)
}

#[tauri::command]
pub async fn resend_sms(shell: State<'_, Shell>, challenge_id: String) -> Res<u64> {
    Ok(shell.client.resend_sms(&challenge_id).await?.resend_after_s)
}

#[tauri::command]
pub async fn me(shell: State<'_, Shell>) -> Res<MeView> {
    let m = shell.client.me().await?;
    Ok(MeView {
        name: m.name,
        email: m.email,
        role: m.role.as_str().into(),
        two_step_enabled: m.two_step.enabled,
        two_step_method: m.two_step.method,
        disclaimer_accepted: m.disclaimer_accepted_at.is_some(),
        phone: m.phone,
        two_step_mandatory: m.deployment.policy.two_step_mandatory(m.role),
        allowed_methods: m.deployment.policy.allowed_methods,
        deployment_id: m.deployment.id,
        deployment_name: m.deployment.name,
    })
}

#[tauri::command]
pub async fn logout(shell: State<'_, Shell>) -> Res<()> {
    keep_setup(&shell, None);
    Ok(shell.client.logout().await?)
}

fn setup_token(shell: &Shell) -> Res<haven_api::Secret> {
    shell.setup_token.lock().ok().and_then(|t| t.clone()).ok_or_else(|| UiError { code: "unauthenticated".into(), message: "Sign in again to set up two-step verification.".into(), ..Default::default() })
}

#[tauri::command]
pub async fn invite_info(shell: State<'_, Shell>, code: String) -> Res<InviteView> {
    let i = shell.client.invite(code.trim()).await?;
    Ok(InviteView { email: i.email, role: i.role.as_str().into(), deployment_name: i.deployment_name, expires_at: i.expires_at })
}

#[tauri::command]
pub async fn create_account(shell: State<'_, Shell>, code: String, name: String, password: String, accept_terms: bool) -> Res<()> {
    let req = haven_api::CreateAccount { invite_token: Some(haven_api::Secret::new(code.trim())), enrolment_code: None, email: None, name, password: haven_api::Secret::new(password), accept_terms };
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
    keep_setup(&shell, None);
    Ok(haven_client::sign_in_view(outcome).0)
}

#[tauri::command]
pub async fn accept_disclaimer(shell: State<'_, Shell>) -> Res<()> {
    Ok(shell.client.accept_disclaimer().await?)
}

#[tauri::command]
pub async fn enrol_totp(shell: State<'_, Shell>) -> Res<TotpSetup> {
    Ok(totp_view(shell.client.enrol_totp().await?))
}

#[tauri::command]
pub async fn confirm_totp(shell: State<'_, Shell>, code: String) -> Res<Vec<String>> {
    Ok(codes(shell.client.confirm_totp(&code).await?.recovery_codes))
}

#[tauri::command]
pub async fn devices(shell: State<'_, Shell>) -> Res<Vec<DeviceView>> {
    let d = shell.client.devices().await?.devices;
    Ok(d.into_iter().map(|d| DeviceView { id: d.id, name: d.name, platform: d.platform, expires_at: d.expires_at }).collect())
}

#[tauri::command]
pub async fn forget_device(shell: State<'_, Shell>, id: String) -> Res<()> {
    Ok(shell.client.forget_device(&id).await?)
}

#[tauri::command]
pub async fn enrol(shell: State<'_, Shell>, code: String, email: String, name: String, password: String, accept_terms: bool) -> Res<()> {
    let req = haven_api::CreateAccount { invite_token: None, enrolment_code: Some(code.trim().to_owned()), email: Some(email), name, password: haven_api::Secret::new(password), accept_terms };
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
    keep_setup(&shell, None);
    Ok(haven_client::sign_in_view(outcome).0)
}

/// Step-up for sensitive changes (turning two-step off, new recovery codes, replacing a factor).
#[tauri::command]
pub async fn reauth(shell: State<'_, Shell>, password: String) -> Res<()> {
    shell.client.reauth_password(&password).await?;
    Ok(())
}

#[tauri::command]
pub async fn set_phone(shell: State<'_, Shell>, phone: String) -> Res<u64> {
    Ok(shell.client.set_phone(&phone).await?.resend_after_s)
}

#[tauri::command]
pub async fn verify_phone(shell: State<'_, Shell>, code: String) -> Res<()> {
    Ok(shell.client.verify_phone(&code).await?)
}

/// Turns two-step on (with `method`) or off; answers the recovery codes when this created them.
#[tauri::command]
pub async fn set_two_step(shell: State<'_, Shell>, enabled: bool, method: Option<String>) -> Res<Vec<String>> {
    Ok(codes(shell.client.set_two_step(enabled, method.as_deref()).await?.recovery_codes.unwrap_or_default()))
}

#[tauri::command]
pub async fn new_recovery_codes(shell: State<'_, Shell>) -> Res<Vec<String>> {
    Ok(codes(shell.client.new_recovery_codes().await?.recovery_codes))
}

// ---------- admin ----------

#[tauri::command]
pub async fn deployment(shell: State<'_, Shell>) -> Res<Deployment> {
    let id = shell.client.me().await?.deployment.id;
    Ok(shell.client.deployment(&id).await?)
}

#[tauri::command]
pub async fn set_policy(shell: State<'_, Shell>, policy: Policy) -> Res<Deployment> {
    let id = shell.client.me().await?.deployment.id;
    Ok(shell.client.set_policy(&id, &policy).await?)
}

#[tauri::command]
pub async fn invite(shell: State<'_, Shell>, email: String, role: String) -> Res<String> {
    let role = haven_api::Role::parse(&role).ok_or_else(|| UiError { code: "unprocessable".into(), message: "Choose a role.".into(), fields: [("role".to_owned(), "Choose patient, clinician or admin.".to_owned())].into(), ..Default::default() })?;
    let deployment_id = shell.client.me().await?.deployment.id;
    Ok(shell.client.create_invite(&haven_api::CreateInvite { email: email.trim().to_owned(), role, deployment_id }).await?.expires_at)
}

#[tauri::command]
pub async fn users(shell: State<'_, Shell>) -> Res<Vec<AdminUser>> {
    let id = shell.client.me().await?.deployment.id;
    Ok(shell.client.users(&id).await?.users)
}

#[tauri::command]
pub async fn unblock_user(shell: State<'_, Shell>, id: String) -> Res<()> {
    shell.client.unblock_user(&id).await?;
    Ok(())
}

#[tauri::command]
pub async fn unlock_user(shell: State<'_, Shell>, id: String) -> Res<()> {
    shell.client.unlock_user(&id).await?;
    Ok(())
}

/// The development inbox: what a development service "sent" (emails and texts), newest first.
#[tauri::command]
pub async fn dev_inbox(shell: State<'_, Shell>) -> Res<Vec<OutboxMessage>> {
    if !shell.info.dev_inbox {
        return Err(not_available());
    }
    match shell.client.dev_outbox().await {
        Ok(o) => Ok(o.messages),
        Err(haven_client::ClientError::Api { status: 404, .. }) => Err(not_available()),
        Err(e) => Err(e.into()),
    }
}

fn not_available() -> UiError {
    UiError { code: "not_available".into(), message: "There is no development inbox: this service sends real email and text messages.".into(), ..Default::default() }
}
