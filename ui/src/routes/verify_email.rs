//! Verify the email address with the token from the verification email (valid 24 hours).

use crate::ipc::invoke;
use crate::state::Flash;
use haven_api::shell::{cmd, TokenArgs};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;

#[component]
pub fn VerifyEmail() -> impl IntoView {
    let flash = expect_context::<Flash>();
    let navigate = use_navigate();
    let token = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
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
    view! {
        <h1>"Verify your email"</h1>
        <p id="verify-hint">{move || format!("We sent a link to {}. Verify within 24 hours, or the account is blocked.", flash.email.get())}</p>
        <form on:submit=submit>
            <label>"Verification link or token"
                <input id="verify-token" type="text" required prop:value=move || token.get() on:input=move |ev| token.set(event_target_value(&ev))/>
            </label>
            {move || error.get().map(|e| view! { <p id="error" class="error" role="alert">{e}</p> })}
            <button id="verify-email" type="submit">"Verify email"</button>
        </form>
    }
}
