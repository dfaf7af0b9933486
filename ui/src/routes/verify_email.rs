//! Verify the email address: the emailed link opens a page that verifies it; or the link (or
//! the token in the email) is pasted here. A new link can be sent, and the development inbox is
//! one click away when the service keeps its mail there.

use crate::components::Note;
use crate::ipc::invoke;
use crate::state::Flash;
use haven_api::shell::{cmd, EmailArgs, TokenArgs};
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
                    flash.notice.set(Some("Your email is verified. Sign in to continue.".into()));
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
                    sent.set(Some(format!(
                        "A new link is on its way to {email}. It can take a minute; check your spam folder too."
                    )));
                }
                Err(e) => error.set(Some(e.text())),
            }
        });
    };
    view! {
        <h1>"Verify your email"</h1>
        <p id="verify-hint">{move || {
            let email = flash.email.get();
            if email.is_empty() { "We sent you an email with a link.".to_owned() } else { format!("We sent a link to {email}.") }
        }} " Open it to confirm the address, then sign in."</p>
        <p class="hint">"Do it within 24 hours of creating your account to keep it active. After that, your organisation's administrator can reactivate it."</p>
        // Reached without an address (after a restart): ask for it, so a new link can be sent.
        {(flash.email.get_untracked().is_empty()).then(|| view! {
            <label>"Your email"
                <input id="verify-address" type="email" autocomplete="username" prop:value=move || address.get() on:input=move |ev| address.set(event_target_value(&ev))/>
            </label>
        })}
        <div class="actions">
            <button id="resend-verification" class="secondary" type="button" disabled=move || address.get().trim().is_empty() on:click=resend>"Send a new link"</button>
            <Suspense fallback=|| ()>
                {move || info.get().flatten().filter(|i| i.dev_inbox).map(|_| view! {
                    <a id="verify-inbox" href="/inbox">"Open the development inbox"</a>
                })}
            </Suspense>
        </div>
        <Note id="resent" text=sent focus=true/>
        <form on:submit=submit>
            <label>"Or paste the link (or the token) from the email"
                <input id="verify-token" type="text" required autofocus prop:value=move || token.get() on:input=move |ev| token.set(event_target_value(&ev))/>
            </label>
            <button id="verify-email" type="submit">"Verify email"</button>
            <Note id="error" text=error error=true/>
        </form>
        <p><a id="verify-back" href="/">"Back to sign in"</a></p>
    }
}
