//! Tauri commands: each a few lines over `haven-client`.

use crate::view::{AppInfo, DeviceView, InviteView, MeView, SignIn, TotpSetup, UiError};
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
    let e = shell.client.enrol_totp().await?;
    Ok(TotpSetup { secret: e.secret.0, otpauth_url: e.otpauth_url.0, qr_svg: e.qr_svg })
}

#[tauri::command]
pub async fn confirm_totp(shell: State<'_, Shell>, code: String) -> Res<Vec<String>> {
    Ok(shell.client.confirm_totp(&code).await?.recovery_codes.into_iter().map(|c| c.0).collect())
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
