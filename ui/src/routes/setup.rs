//! Two-step set-up required by the organisation (always for clinicians): add a mobile number and
//! confirm it with the texted code.

use crate::app::Flash;
use crate::ipc::{invoke, ErrorText, SignIn};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use serde::Serialize;

#[derive(Serialize)]
struct PhoneArgs {
    phone: String,
}

#[derive(Serialize)]
struct CodeArgs {
    code: String,
}

#[component]
pub fn Setup() -> impl IntoView {
    let flash = expect_context::<Flash>();
    let navigate = use_navigate();
    let phone = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let sent = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        spawn_local(async move {
            match invoke::<_, u64>("setup_phone", &PhoneArgs { phone: phone.get_untracked() }).await {
                Ok(_) => {
                    error.set(None);
                    sent.set(true);
                }
                Err(e) => error.set(Some(e.text())),
            }
        });
    };
    let confirm = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let navigate = navigate.clone();
        spawn_local(async move {
            match invoke::<_, SignIn>("setup_verify_phone", &CodeArgs { code: code.get_untracked() }).await {
                Ok(SignIn::Authenticated { recovery_codes, .. }) => {
                    flash.recovery_codes.set(recovery_codes);
                    navigate("/home", Default::default());
                }
                Ok(_) => error.set(Some("Unexpected answer; sign in again.".into())),
                Err(e) => error.set(Some(e.text())),
            }
        });
    };
    view! {
        <h1>"Set up two-step verification"</h1>
        <p class="hint">"Your organisation requires a second step at sign-in: a code sent by text message."</p>
        <form on:submit=send>
            <label>"Mobile number (with country code, e.g. +44 7700 900123)"
                <input id="phone" type="tel" autocomplete="tel" required prop:value=move || phone.get() on:input=move |ev| phone.set(event_target_value(&ev))/>
            </label>
            <button id="send-code" type="submit" class=move || if sent.get() { "secondary" } else { "" }>"Send code"</button>
        </form>
        {move || sent.get().then(|| view! {
            <form on:submit=confirm.clone()>
                <label>"Code from the text message"
                    <input id="setup-code" type="text" inputmode="numeric" autocomplete="one-time-code" required prop:value=move || code.get() on:input=move |ev| code.set(event_target_value(&ev))/>
                </label>
                <button id="confirm-phone" type="submit">"Next"</button>
            </form>
        })}
        {move || error.get().map(|e| view! { <p id="error" class="error" role="alert">{e}</p> })}
    }
}
