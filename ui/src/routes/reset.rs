//! A forgotten password: ask for a reset link by email, then open it (paste the link or the
//! code) and choose a new password — with a code from the phone when two-step verification is on.

use crate::components::{
    countdown, field_error, first_method, other_methods, sms_problem, wait_in_words, watch_sms, CodeField,
    MethodChoice, SmsHeld,
};
use crate::ipc::invoke;
use crate::state::Flash;
use haven_api::shell::{cmd, CompleteResetArgs, EmailArgs, ResetView, TokenArgs, UiError};
use haven_api::{SmsDelivery, SmsDeliveryState, StepMethod};
use haven_i18n::tr;
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
        <h1>{tr!("reset-forgot-title")}</h1>
        <p class="hint">{tr!("reset-forgot-hint")}</p>
        <form on:submit=submit>
            <label>{tr!("reset-email")}
                <input id="forgot-email" type="email" autocomplete="username" required data-autofocus="true"
                    prop:value=move || email.get() on:input=move |ev| email.set(event_target_value(&ev))/>
            </label>
            {move || error.get().map(|e| view! { <p id="error" class="error" role="alert">{e.text()}</p> })}
            <button id="send-reset" type="submit">{tr!("reset-send")}</button>
        </form>
        {move || sent.get().map(|to| view! {
            <p id="reset-sent" class="panel" role="status">
                {tr!("reset-sent", email = &to)}
            </p>
            <p><a id="to-reset" href="/reset-password">{tr!("reset-have-link")}</a></p>
        })}
        <Suspense fallback=|| ()>
            {move || info.get().flatten().filter(|i| i.dev_inbox).map(|_| view! {
                <p><a href="/inbox">{tr!("reset-inbox")}</a></p>
            })}
        </Suspense>
        <p><a href="/">{tr!("reset-back")}</a></p>
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
    // What became of the texted code, asked until it has gone or been given up (as at sign-in).
    let delivery = RwSignal::new(None::<SmsDelivery>);
    let watching = RwSignal::new(false);
    // A new code can be asked for 30 s after the last (the service's gap between texts).
    let wait = countdown(0);
    watch_sms(
        watching,
        move || {
            let args = TokenArgs { token: token.get_untracked() };
            async move { invoke::<cmd::ResetSmsDelivery>(&args).await }
        },
        delivery,
        wait,
    );
    // Checking the link sends the code (again, when asked again, within the texts' limits).
    let open = move |t: String| {
        spawn_local(async move {
            match invoke::<cmd::CheckReset>(&TokenArgs { token: t.clone() }).await {
                Ok(v) => {
                    error.set(None);
                    token.set(t);
                    method.set(first_method(&v.methods, v.sms_retry_after.is_some()));
                    delivery.set(None);
                    wait.set(if v.sms_sent_to.is_some() { 30 } else { v.sms_retry_after.unwrap_or(0) });
                    watching.set(v.sms_sent_to.is_some());
                    found.set(Some(v));
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let check = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        // The whole link may be pasted: keep what follows "token=".
        let raw = link.get_untracked();
        open(raw.rsplit("token=").next().unwrap_or(&raw).trim().to_owned());
    };
    let resend = move |_: leptos::ev::MouseEvent| open(token.get_untracked());
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
                    // `try_`: the screen may have gone meanwhile, its signals with it.
                    if let Some(v) = found.try_get_untracked().flatten() {
                        flash.email.set(v.email);
                    }
                    flash.notice.set(Some(tr!("reset-done")));
                    navigate("/", Default::default());
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <h1>{tr!("reset-title")}</h1>
        {move || match found.get() {
            None => view! {
                <form on:submit=check>
                    <label>{tr!("reset-link")}
                        <input id="reset-token" type="text" required
                            prop:value=move || link.get() on:input=move |ev| link.set(event_target_value(&ev))/>
                    </label>
                    <button id="check-reset" type="submit">{tr!("reset-continue")}</button>
                </form>
            }.into_any(),
            Some(v) => view! {
                <form on:submit=complete.clone()>
                    <p id="reset-for">{tr!("reset-for")}" "<strong>{v.email.clone()}</strong></p>
                    <label>{tr!("reset-new-password")}
                        <input id="reset-password" type="password" autocomplete="new-password" required
                            prop:value=move || password.get() on:input=move |ev| password.set(event_target_value(&ev))/>
                    </label>
                    {field_error(error, "password", "reset-password")}
                    {(!v.methods.is_empty()).then(|| view! {
                        <p class="hint">{tr!("reset-two-step")}</p>
                        // "Sent" once the text service has taken it (asked above), not before.
                        {v.sms_sent_to.clone().map(|to| view! { <p id="reset-sent-to" class="hint">{move || {
                            if delivery.get().is_some_and(|d| d.state == SmsDeliveryState::Sent) {
                                tr!("reset-sent-code", to = &to)
                            } else {
                                tr!("reset-sending-code", to = &to)
                            }
                        }}</p> })}
                        {v.sms_retry_after.map(|s| view! { <SmsHeld id="reset-sms-held" retry_after_s=s methods=v.methods.clone()/> })}
                        {
                            let others = other_methods(&v.methods);
                            move || delivery.get().and_then(|d| sms_problem(&d, &others)).map(|text| view! {
                                <p id="reset-sms-problem" class="notice" role="status">{text}</p>
                                <p><button id="reset-resend" class="secondary" type="button" disabled=move || { wait.get() > 0 } on:click=resend>
                                    {move || if wait.get() > 0 { tr!("common-sms-resend-in", wait = wait_in_words(wait.get())) } else { tr!("common-sms-resend") }}
                                </button></p>
                            })
                        }
                        <MethodChoice methods=v.methods.clone() method/>
                        <CodeField id="reset-code" label=tr!("reset-code") code/>
                        {field_error(error, "code", "reset-code")}
                    })}
                    <button id="complete-reset" type="submit">{tr!("reset-submit")}</button>
                </form>
            }.into_any(),
        }}
        {move || error.get().filter(|e| e.fields.is_empty()).map(|e| view! { <p id="error" class="error" role="alert">{e.text()}</p> })}
        <p><a href="/forgot">{tr!("reset-new-link")}</a> " · " <a href="/">{tr!("reset-back")}</a></p>
    }
}
