//! Tauri commands: each a few lines over `haven-client`.

use crate::view::{AppInfo, MeView, SignIn, UiError};
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
    Ok(MeView { name: m.name, email: m.email, role: m.role.as_str().into(), two_step_enabled: m.two_step.enabled, two_step_method: m.two_step.method })
}

#[tauri::command]
pub async fn logout(shell: State<'_, Shell>) -> Res<()> {
    keep_setup(&shell, None);
    Ok(shell.client.logout().await?)
}
