//! Join by invitation: the code or link token from the invite email, then name, password and
//! the terms.

use crate::components::AccountFields;
use crate::ipc::invoke;
use crate::state::Flash;
use haven_api::shell::{cmd, CodeArgs, CreateAccountArgs, InviteView, UiError};
use haven_i18n::tr;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;

#[component]
pub fn Join() -> impl IntoView {
    let flash = expect_context::<Flash>();
    let navigate = use_navigate();
    let code = RwSignal::new(String::new());
    let invite = RwSignal::new(None::<InviteView>);
    let name = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let terms = RwSignal::new(false);
    let error = RwSignal::new(None::<UiError>);

    let find = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        spawn_local(async move {
            match invoke::<cmd::InviteInfo>(&CodeArgs { code: code.get_untracked() }).await {
                Ok(i) => {
                    error.set(None);
                    invite.set(Some(i));
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let navigate = navigate.clone();
        let args = CreateAccountArgs {
            code: code.get_untracked(),
            name: name.get_untracked(),
            password: password.get_untracked(),
            accept_terms: terms.get_untracked(),
        };
        spawn_local(async move {
            match invoke::<cmd::CreateAccount>(&args).await {
                Ok(()) => {
                    // `try_`: the screen may have gone meanwhile, its signals with it.
                    if let Some(i) = invite.try_get_untracked().flatten() {
                        flash.email.set(i.email);
                    }
                    navigate("/verify-email", Default::default());
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };

    view! {
        <h1>{tr!("join-title")}</h1>
        {move || match invite.get() {
            None => view! {
                <form on:submit=find>
                    <label>{tr!("join-code")}
                        <input id="invite-code" type="text" required data-autofocus="true" prop:value=move || code.get() on:input=move |ev| code.set(event_target_value(&ev))/>
                    </label>
                    <button id="find-invite" type="submit">{tr!("join-continue")}</button>
                </form>
            }.into_any(),
            Some(i) => view! {
                <p id="invite-info" class="panel">{tr!("join-invite-info", deployment = &i.deployment_name, email = &i.email, role = i.role.name().text().to_lowercase())}</p>
                <form on:submit=create.clone()>
                    <AccountFields name password terms error/>
                    <button id="create-account" type="submit">{tr!("join-create")}</button>
                </form>
            }.into_any(),
        }}
        {move || error.get().filter(|e| e.fields.is_empty()).map(|e| view! { <p id="error" class="error" role="alert">{e.text()}</p> })}
        <p><a href="/">{tr!("join-back")}</a></p>
    }
}
