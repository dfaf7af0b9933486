//! A forgotten password: ask for a reset link by email, then open it (paste the link or the
//! code) and choose a new password — with a code from the phone when two-step verification is on.

use crate::components::{field_error, first_method, CodeField, MethodChoice, SmsHeld};
use crate::ipc::invoke;
use crate::state::Flash;
use haven_api::shell::{cmd, CompleteResetArgs, EmailArgs, ResetView, TokenArgs, UiError};
use haven_api::StepMethod;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;

#[component]
pub fn ForgotPage() -> impl IntoView {
    let flash = expect_context::<Flash>();
    let email = RwSignal::new(flash.email.get_untracked());
    let sent = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<UiError>);
    let info = crate::state::app_info();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let to = email.get_untracked().trim().to_owned();
        spawn_local(async move {
            match invoke::<cmd::ForgotPassword>(&EmailArgs { email: to.clone() }).await {
                Ok(()) => {
                    error.set(None);
                    flash.email.set(to.clone());
                    sent.set(Some(to));
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <h1>"Forgot your password?"</h1>
        <p class="hint">"Enter the email address of your Haven account. We send it a link to choose a new password."</p>
        <form on:submit=submit>
            <label>"Email"
                <input id="forgot-email" type="email" autocomplete="username" required autofocus
                    prop:value=move || email.get() on:input=move |ev| email.set(event_target_value(&ev))/>
            </label>
            {move || error.get().map(|e| view! { <p id="error" class="error" role="alert">{e.text()}</p> })}
            <button id="send-reset" type="submit">"Send the link"</button>
        </form>
        {move || sent.get().map(|to| view! {
            <p id="reset-sent" class="panel" role="status">
                {format!("If {to} has a Haven account, a link is on its way. It works once, for 30 minutes.")}
            </p>
            <p><a id="to-reset" href="/reset-password">"I have the link"</a></p>
        })}
        <Suspense fallback=|| ()>
            {move || info.get().flatten().filter(|i| i.dev_inbox).map(|_| view! {
                <p><a href="/inbox">"Development inbox (emails and texts this service sent)"</a></p>
            })}
        </Suspense>
        <p><a href="/">"Back to sign in"</a></p>
    }
}

#[component]
pub fn ResetPage() -> impl IntoView {
    let flash = expect_context::<Flash>();
    let navigate = use_navigate();
    let link = RwSignal::new(String::new());
    let token = RwSignal::new(String::new());
    let found = RwSignal::new(None::<ResetView>);
    let password = RwSignal::new(String::new());
    let method = RwSignal::new(StepMethod::RecoveryCode);
    let code = RwSignal::new(String::new());
    let error = RwSignal::new(None::<UiError>);
    let check = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        // The whole link may be pasted: keep what follows "token=".
        let raw = link.get_untracked();
        let t = raw.rsplit("token=").next().unwrap_or(&raw).trim().to_owned();
        spawn_local(async move {
            match invoke::<cmd::CheckReset>(&TokenArgs { token: t.clone() }).await {
                Ok(v) => {
                    error.set(None);
                    token.set(t);
                    method.set(first_method(&v.methods, v.sms_retry_after.is_some()));
                    found.set(Some(v));
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let complete = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let navigate = navigate.clone();
        let two_step = found.get_untracked().is_some_and(|v| !v.methods.is_empty());
        let args = CompleteResetArgs {
            token: token.get_untracked(),
            password: password.get_untracked(),
            method: two_step.then(|| method.get_untracked()),
            code: two_step.then(|| code.get_untracked()),
        };
        spawn_local(async move {
            match invoke::<cmd::CompleteReset>(&args).await {
                Ok(()) => {
                    password.set(String::new());
                    if let Some(v) = found.get_untracked() {
                        flash.email.set(v.email);
                    }
                    flash.notice.set(Some(
                        "Your password is changed, and every device was signed out. Sign in with the new password."
                            .into(),
                    ));
                    navigate("/", Default::default());
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <h1>"Choose a new password"</h1>
        {move || match found.get() {
            None => view! {
                <form on:submit=check>
                    <label>"Reset link or code from the email"
                        <input id="reset-token" type="text" required
                            prop:value=move || link.get() on:input=move |ev| link.set(event_target_value(&ev))/>
                    </label>
                    <button id="check-reset" type="submit">"Continue"</button>
                </form>
            }.into_any(),
            Some(v) => view! {
                <form on:submit=complete.clone()>
                    <p id="reset-for">"For " <strong>{v.email.clone()}</strong></p>
                    <label>"New password (at least 12 characters)"
                        <input id="reset-password" type="password" autocomplete="new-password" required
                            prop:value=move || password.get() on:input=move |ev| password.set(event_target_value(&ev))/>
                    </label>
                    {field_error(error, "password", "reset-password")}
                    {(!v.methods.is_empty()).then(|| view! {
                        <p class="hint">"Two-step verification is on, so a code from your phone is needed too."</p>
                        {v.sms_sent_to.clone().map(|to| view! { <p id="reset-sent-to" class="hint">"We sent a code to " {to} "."</p> })}
                        {v.sms_retry_after.map(|s| view! { <SmsHeld id="reset-sms-held" retry_after_s=s methods=v.methods.clone()/> })}
                        <MethodChoice methods=v.methods.clone() method/>
                        <CodeField id="reset-code" label="Code" code/>
                        {field_error(error, "code", "reset-code")}
                    })}
                    <button id="complete-reset" type="submit">"Set the new password"</button>
                </form>
            }.into_any(),
        }}
        {move || error.get().filter(|e| e.fields.is_empty()).map(|e| view! { <p id="error" class="error" role="alert">{e.text()}</p> })}
        <p><a href="/forgot">"Ask for a new link"</a> " · " <a href="/">"Back to sign in"</a></p>
    }
}
