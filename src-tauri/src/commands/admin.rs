//! Administration (the signed-in admin's own deployment: policy, invitations, people) and the
//! development inbox.

use super::{cmd, Args, Reply, Shell};
use haven_api::shell::{UiCode, UiError};
use haven_api::CreateInvite;
use tauri::State;

/// The signed-in admin's deployment.
async fn deployment_id(shell: &Shell) -> Result<String, super::Error> {
    Ok(shell.client.me().await?.deployment.id)
}

#[tauri::command]
pub async fn deployment(shell: State<'_, Shell>) -> Reply<cmd::Deployment> {
    shell.guard()?;
    let id = deployment_id(&shell).await?;
    shell.release(shell.client.deployment(&id).await?)
}

#[tauri::command]
pub async fn set_policy(shell: State<'_, Shell>, args: Args<cmd::SetPolicy>) -> Reply<cmd::SetPolicy> {
    shell.guard()?;
    let id = deployment_id(&shell).await?;
    shell.release(shell.client.set_policy(&id, &args).await?)
}

/// Answers when the invitation expires.
#[tauri::command]
pub async fn invite(shell: State<'_, Shell>, args: Args<cmd::Invite>) -> Reply<cmd::Invite> {
    shell.guard()?;
    let deployment_id = deployment_id(&shell).await?;
    let req = CreateInvite {
        email: args.email.trim().to_owned(),
        role: args.role,
        deployment_id,
        language: Some(args.language),
    };
    Ok(shell.client.create_invite(&req).await?.expires_at)
}

#[tauri::command]
pub async fn users(shell: State<'_, Shell>) -> Reply<cmd::Users> {
    shell.guard()?;
    let id = deployment_id(&shell).await?;
    shell.release(shell.client.users(&id).await?.users)
}

#[tauri::command]
pub async fn unblock_user(shell: State<'_, Shell>, args: Args<cmd::UnblockUser>) -> Reply<cmd::UnblockUser> {
    shell.guard()?;
    shell.client.unblock_user(&args.id).await?;
    Ok(())
}

#[tauri::command]
pub async fn unlock_user(shell: State<'_, Shell>, args: Args<cmd::UnlockUser>) -> Reply<cmd::UnlockUser> {
    shell.guard()?;
    shell.client.unlock_user(&args.id).await?;
    Ok(())
}

/// The development inbox: what a development service "sent" (emails and texts), newest first.
#[tauri::command]
pub async fn dev_inbox(shell: State<'_, Shell>) -> Reply<cmd::DevInbox> {
    let none = || UiError::new(UiCode::NotAvailable, haven_i18n::tr!("shell-no-dev-inbox"));
    let Some(key) = &shell.outbox_key else {
        return Err(none().into());
    };
    // It holds the user's codes and contact details: not while locked.
    shell.guard()?;
    match shell.client.dev_outbox(key).await? {
        Some(o) => shell.release(o.messages),
        None => Err(none().into()),
    }
}
