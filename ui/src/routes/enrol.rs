//! Patient sign-up with the enrolment code their care provider gave them.

use crate::components::{field_error, AccountFields};
use crate::ipc::invoke;
use crate::state::Flash;
use haven_api::shell::{cmd, EnrolArgs, UiError};
use haven_i18n::tr;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;

#[component]
pub fn Enrol() -> impl IntoView {
    let flash = expect_context::<Flash>();
    let navigate = use_navigate();
    let code = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let terms = RwSignal::new(false);
    let error = RwSignal::new(None::<UiError>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let navigate = navigate.clone();
        let args = EnrolArgs {
            code: code.get_untracked(),
            email: email.get_untracked(),
            name: name.get_untracked(),
            password: password.get_untracked(),
            accept_terms: terms.get_untracked(),
        };
        spawn_local(async move {
            let address = args.email.clone();
            match invoke::<cmd::Enrol>(&args).await {
                Ok(()) => {
                    flash.email.set(address);
                    navigate("/verify-email", Default::default());
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <h1>{tr!("join-enrol-title")}</h1>
        <form on:submit=submit>
            <label>{tr!("join-enrol-code")}
                <input id="enrolment-code" type="text" required data-autofocus="true" prop:value=move || code.get() on:input=move |ev| code.set(event_target_value(&ev))/>
            </label>
            {field_error(error, "enrolment_code", "enrolment-code")}
            <label>{tr!("join-enrol-email")}
                <input id="enrol-email" type="email" autocomplete="email" required prop:value=move || email.get() on:input=move |ev| email.set(event_target_value(&ev))/>
            </label>
            {field_error(error, "email", "enrol-email")}
            <AccountFields name password terms error/>
            {move || error.get().filter(|e| e.fields.is_empty()).map(|e| view! { <p id="error" class="error" role="alert">{e.text()}</p> })}
            <button id="sign-up" type="submit">{tr!("join-enrol-submit")}</button>
        </form>
        <p><a href="/">{tr!("join-back")}</a></p>
    }
}
