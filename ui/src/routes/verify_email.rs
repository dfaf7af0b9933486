//! Verify the email address: the emailed link opens a page that verifies it; or the link (or
//! the token in the email) is pasted here. A new link can be sent, and the development inbox is
//! one click away when the service keeps its mail there.

use crate::components::Note;
use crate::ipc::invoke;
use crate::state::Flash;
use haven_api::shell::{cmd, EmailArgs, TokenArgs};
use haven_i18n::tr;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;

#[component]
pub fn VerifyEmail() -> impl IntoView {
    let flash = expect_context::<Flash>();
    let navigate = use_navigate();
    let token = RwSignal::new(String::new());
    // Where a new link goes: the address just signed in with, or typed here.
    let address = RwSignal::new(flash.email.get_untracked());
    let error = RwSignal::new(None::<String>);
    let sent = RwSignal::new(None::<String>);
    let info = crate::state::app_info();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let navigate = navigate.clone();
        // The whole link may be pasted: keep the token after "token=".
        let raw = token.get_untracked();
        let t = raw.rsplit("token=").next().unwrap_or(&raw).trim().to_owned();
        spawn_local(async move {
            match invoke::<cmd::VerifyEmail>(&TokenArgs { token: t }).await {
                Ok(()) => {
                    flash.notice.set(Some(tr!("verify-email-verified")));
                    navigate("/", Default::default());
                }
                Err(e) => error.set(Some(e.text())),
            }
        });
    };
    let resend = move |_| {
        let email = address.get_untracked().trim().to_owned();
        spawn_local(async move {
            match invoke::<cmd::ResendVerification>(&EmailArgs { email: email.clone() }).await {
                Ok(()) => {
                    error.set(None);
                    sent.set(Some(tr!("verify-email-resent", email = &email)));
                }
                Err(e) => error.set(Some(e.text())),
            }
        });
    };
    view! {
        <h1>{tr!("verify-email-title")}</h1>
        <p id="verify-hint">{move || {
            let email = flash.email.get();
            if email.is_empty() { tr!("verify-email-sent") } else { tr!("verify-email-sent-to", email = email) }
        }}" "{tr!("verify-email-open")}</p>
        <p class="hint">{tr!("verify-email-deadline")}</p>
        // Reached without an address (after a restart): ask for it, so a new link can be sent.
        {(flash.email.get_untracked().is_empty()).then(|| view! {
            <label>{tr!("verify-email-address")}
                <input id="verify-address" type="email" autocomplete="username" prop:value=move || address.get() on:input=move |ev| address.set(event_target_value(&ev))/>
            </label>
        })}
        <div class="actions">
            <button id="resend-verification" class="secondary" type="button" disabled=move || address.get().trim().is_empty() on:click=resend>{tr!("verify-email-resend")}</button>
            <Suspense fallback=|| ()>
                {move || info.get().flatten().filter(|i| i.dev_inbox).map(|_| view! {
                    <a id="verify-inbox" href="/inbox">{tr!("verify-email-inbox")}</a>
                })}
            </Suspense>
        </div>
        <Note id="resent" text=sent focus=true/>
        <form on:submit=submit>
            <label>{tr!("verify-email-paste")}
                <input id="verify-token" type="text" required data-autofocus="true" prop:value=move || token.get() on:input=move |ev| token.set(event_target_value(&ev))/>
            </label>
            <button id="verify-email" type="submit">{tr!("verify-email-submit")}</button>
            <Note id="error" text=error error=true/>
        </form>
        <p><a id="verify-back" href="/">{tr!("verify-email-back")}</a></p>
    }
}
