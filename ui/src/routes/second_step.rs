//! The second step: an SMS code, an authenticator code or a recovery code; resend with a
//! countdown; "remember this device".

use crate::components::{first_method, wait_in_words, DemoPanel, MethodChoice, SmsHeld};
use crate::ipc::invoke;
use crate::state::Pending;
use haven_api::shell::{cmd, ChallengeArgs, SignIn, VerifyCodeArgs};
use haven_api::StepMethod;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;

#[component]
pub fn SecondStep() -> impl IntoView {
    let pending = expect_context::<Pending>();
    let navigate = use_navigate();
    let Some(SignIn::SecondFactorRequired {
        challenge_id,
        methods,
        sms_sent_to,
        sms_retry_after,
        remember_device_days,
    }) = pending.0.get_untracked()
    else {
        navigate("/", Default::default());
        return view! { <p>"Sign in first."</p> }.into_any();
    };
    let method = RwSignal::new(first_method(&methods, sms_retry_after.is_some()));
    let code = RwSignal::new(String::new());
    let remember = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let wait = RwSignal::new(sms_retry_after.unwrap_or(if sms_sent_to.is_some() { 30 } else { 0 }));
    let has_sms = methods.contains(&StepMethod::Sms);
    let tick =
        set_interval_with_handle(move || wait.update(|w| *w = w.saturating_sub(1)), std::time::Duration::from_secs(1));
    on_cleanup(move || {
        if let Ok(h) = tick {
            h.clear();
        }
    });

    let cid = challenge_id.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let navigate = navigate.clone();
        let args = VerifyCodeArgs {
            challenge_id: cid.clone(),
            method: method.get_untracked(),
            code: code.get_untracked(),
            remember: remember.get_untracked(),
        };
        spawn_local(async move {
            match invoke::<cmd::VerifyCode>(&args).await {
                Ok(SignIn::Authenticated { .. }) => {
                    pending.0.set(None);
                    navigate("/home", Default::default());
                }
                Ok(_) => error.set(Some("Unexpected answer; sign in again.".into())),
                Err(e) => error.set(Some(e.text())),
            }
        });
    };
    let cid = challenge_id.clone();
    let resend = move |_: leptos::ev::MouseEvent| {
        let args = ChallengeArgs { challenge_id: cid.clone() };
        spawn_local(async move {
            match invoke::<cmd::ResendSms>(&args).await {
                Ok(after) => {
                    wait.set(after);
                    error.set(None);
                }
                Err(e) => {
                    if let Some(s) = e.retry_after_s {
                        wait.set(s);
                    }
                    error.set(Some(e.text()));
                }
            }
        });
    };

    view! {
        <h1>"Two-step verification"</h1>
        {sms_sent_to.map(|to| view! { <p id="sent-to" class="hint">"We sent a code to " {to} "."</p> })}
        {sms_retry_after.map(|s| view! { <SmsHeld id="sms-held" retry_after_s=s methods=methods.clone()/> })}
        <form on:submit=submit>
            <MethodChoice methods=methods.clone() method/>
            <label>"Code"
                <input id="code" type="text" inputmode="numeric" autocomplete="one-time-code" required
                    prop:value=move || code.get() on:input=move |ev| code.set(event_target_value(&ev))/>
            </label>
            {(remember_device_days > 0).then(|| view! {
                <label class="check">
                    <input id="remember" type="checkbox" prop:checked=move || remember.get() on:change=move |ev| remember.set(event_target_checked(&ev))/>
                    {format!("Remember this device for {remember_device_days} days (not on shared devices)")}
                </label>
            })}
            {move || error.get().map(|e| view! { <p id="error" class="error" role="alert">{e}</p> })}
            <button id="verify" type="submit">"Continue"</button>
        </form>
        {has_sms.then(|| view! {
            <p>
                <button id="resend" class="secondary" type="button" disabled=move || { wait.get() > 0 } on:click=resend>
                    {move || if wait.get() > 0 { format!("Send a new code in {}", wait_in_words(wait.get())) } else { "Send a new code".to_owned() }}
                </button>
            </p>
        })}
        <DemoPanel brief=true/>
    }
    .into_any()
}
