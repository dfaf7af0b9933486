//! Signing in and joining: the password step, the second step, two-step set-up required by the
//! deployment, sign-out, invitations, self-enrolment and email verification.

use super::{cmd, Args, Reply, Shell};
use crate::view;
use haven_api::shell::SignIn;
use haven_api::{CreateAccount, LoginOutcome, Secret};
use tauri::State;

#[tauri::command]
pub async fn app_info(shell: State<'_, Shell>) -> Reply<cmd::AppInfo> {
    let mut info = shell.info.clone();
    // Not guarded (the sign-in screen asks it): the demo admin's password only until someone
    // has signed in here, so it is not there for whoever finds the app locked later.
    if let Some(demo) = info.demo.as_mut() {
        if shell.demo_password_gone().await {
            demo.admin_password = None;
        }
    }
    Ok(info)
}

/// A completed sign-in opens the app (a new session is a fresh proof of who is there).
fn opened(shell: &Shell, view: SignIn) -> SignIn {
    if matches!(view, SignIn::Authenticated { .. }) {
        shell.opened_by_person();
    }
    view
}

#[tauri::command]
pub async fn login(shell: State<'_, Shell>, args: Args<cmd::Login>) -> Reply<cmd::Login> {
    let outcome = shell.client.login(&args.email, &args.password, shell.device.clone()).await?;
    let (view, setup_token) = view::sign_in(outcome);
    shell.keep_setup_token(setup_token);
    Ok(opened(&shell, view))
}

#[tauri::command]
pub async fn verify_code(shell: State<'_, Shell>, args: Args<cmd::VerifyCode>) -> Reply<cmd::VerifyCode> {
    let outcome = shell.client.verify_challenge(&args.challenge_id, args.method, &args.code, args.remember).await?;
    Ok(opened(&shell, view::sign_in(outcome).0))
}

#[tauri::command]
pub async fn resend_sms(shell: State<'_, Shell>, args: Args<cmd::ResendSms>) -> Reply<cmd::ResendSms> {
    Ok(shell.client.resend_sms(&args.challenge_id).await?.resend_after_s)
}

#[tauri::command]
pub async fn sms_delivery(shell: State<'_, Shell>, args: Args<cmd::SmsDelivery>) -> Reply<cmd::SmsDelivery> {
    Ok(shell.client.sms_delivery(&args.challenge_id).await?)
}

#[tauri::command]
pub async fn logout(shell: State<'_, Shell>) -> Reply<cmd::Logout> {
    Ok(view::sign_out(shell.end_session().await))
}

#[tauri::command]
pub async fn invite_info(shell: State<'_, Shell>, args: Args<cmd::InviteInfo>) -> Reply<cmd::InviteInfo> {
    Ok(view::invite(shell.client.invite(args.code.trim()).await?))
}

/// A new account's own details; the caller says how it joins (invitation or enrolment code).
fn new_account(name: String, password: String, accept_terms: bool) -> CreateAccount {
    CreateAccount {
        invite_token: None,
        enrolment_code: None,
        email: None,
        name,
        password: Secret::new(password),
        accept_terms,
    }
}

#[tauri::command]
pub async fn create_account(shell: State<'_, Shell>, args: Args<cmd::CreateAccount>) -> Reply<cmd::CreateAccount> {
    let req = CreateAccount {
        invite_token: Some(Secret::new(args.code.trim())),
        ..new_account(args.name, args.password, args.accept_terms)
    };
    shell.client.create_account(&req).await?;
    Ok(())
}

#[tauri::command]
pub async fn enrol(shell: State<'_, Shell>, args: Args<cmd::Enrol>) -> Reply<cmd::Enrol> {
    let req = CreateAccount {
        enrolment_code: Some(args.code.trim().to_owned()),
        email: Some(args.email),
        ..new_account(args.name, args.password, args.accept_terms)
    };
    shell.client.create_account(&req).await?;
    Ok(())
}

#[tauri::command]
pub async fn verify_email(shell: State<'_, Shell>, args: Args<cmd::VerifyEmail>) -> Reply<cmd::VerifyEmail> {
    Ok(shell.client.verify_email(args.token.trim()).await?)
}

/// Sends a new verification link (the service answers the same whether or not the address has
/// an account waiting, and at most one mail a minute).
#[tauri::command]
pub async fn resend_verification(
    shell: State<'_, Shell>,
    args: Args<cmd::ResendVerification>,
) -> Reply<cmd::ResendVerification> {
    Ok(shell.client.resend_verification(args.email.trim()).await?)
}

#[tauri::command]
pub async fn setup_phone(shell: State<'_, Shell>, args: Args<cmd::SetupPhone>) -> Reply<cmd::SetupPhone> {
    Ok(shell.client.setup_phone(shell.setup_token()?.expose(), &args.phone, Some(&args.country)).await?.resend_after_s)
}

/// Set-up finished (phone or authenticator confirmed): the set-up token is spent, and the answer
/// is a completed sign-in.
fn setup_done(shell: &Shell, outcome: LoginOutcome) -> SignIn {
    shell.keep_setup_token(None);
    opened(shell, view::sign_in(outcome).0)
}

#[tauri::command]
pub async fn setup_verify_phone(
    shell: State<'_, Shell>,
    args: Args<cmd::SetupVerifyPhone>,
) -> Reply<cmd::SetupVerifyPhone> {
    let outcome = shell.client.setup_verify_phone(shell.setup_token()?.expose(), &args.code).await?;
    Ok(setup_done(&shell, outcome))
}

#[tauri::command]
pub async fn setup_totp(shell: State<'_, Shell>) -> Reply<cmd::SetupTotp> {
    Ok(view::totp(shell.client.setup_totp(shell.setup_token()?.expose()).await?))
}

#[tauri::command]
pub async fn setup_confirm_totp(
    shell: State<'_, Shell>,
    args: Args<cmd::SetupConfirmTotp>,
) -> Reply<cmd::SetupConfirmTotp> {
    let outcome = shell.client.setup_confirm_totp(shell.setup_token()?.expose(), &args.code).await?;
    Ok(setup_done(&shell, outcome))
}

/// "Forgot your password?": the service emails a reset link if the address has an account (it
/// answers alike either way).
#[tauri::command]
pub async fn forgot_password(shell: State<'_, Shell>, args: Args<cmd::ForgotPassword>) -> Reply<cmd::ForgotPassword> {
    Ok(shell.client.request_password_reset(args.email.trim()).await?)
}

/// The reset link (or its token): what completing it needs.
#[tauri::command]
pub async fn check_reset(shell: State<'_, Shell>, args: Args<cmd::CheckReset>) -> Reply<cmd::CheckReset> {
    let c = shell.client.check_password_reset(args.token.trim()).await?;
    Ok(haven_api::shell::ResetView {
        email: c.email,
        methods: c.methods,
        sms_sent_to: c.sms_sent_to,
        sms_retry_after: c.sms_retry_after,
    })
}

/// What became of the text with the reset's code.
#[tauri::command]
pub async fn reset_sms_delivery(
    shell: State<'_, Shell>,
    args: Args<cmd::ResetSmsDelivery>,
) -> Reply<cmd::ResetSmsDelivery> {
    Ok(shell.client.reset_sms_delivery(args.token.trim()).await?)
}

/// Sets the new password. Every session of the account ends, this device's too: the next step
/// is signing in with the new password.
#[tauri::command]
pub async fn complete_reset(shell: State<'_, Shell>, args: Args<cmd::CompleteReset>) -> Reply<cmd::CompleteReset> {
    let second_step = args.method.zip(args.code.as_deref());
    shell.client.complete_password_reset(args.token.trim(), &args.password, second_step).await?;
    Ok(())
}
