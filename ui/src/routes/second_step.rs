//! The second step: an SMS code, an authenticator code or a recovery code; resend with a
//! countdown; "remember this device".

use crate::components::{
    countdown, first_method, focus_field, other_methods, sms_problem, wait_in_words, watch_sms, DemoPanel,
    MethodChoice, SmsHeld,
};
use crate::ipc::invoke;
use crate::state::Pending;
use haven_api::shell::{cmd, ChallengeArgs, SignIn, UiCode, VerifyCodeArgs};
use haven_api::{SmsDelivery, SmsDeliveryState, StepMethod};
use haven_i18n::tr;
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
        return view! { <p>{tr!("second-step-sign-in-first")}</p> }.into_any();
    };
    let method = RwSignal::new(first_method(&methods, sms_retry_after.is_some()));
    let code = RwSignal::new(String::new());
    let remember = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    // The code itself was refused (wrong, or not a code): the field is marked invalid.
    let code_refused = RwSignal::new(false);
    let wait = countdown(sms_retry_after.unwrap_or(if sms_sent_to.is_some() { 30 } else { 0 }));
    let has_sms = methods.contains(&StepMethod::Sms);
    let delivery = RwSignal::new(None::<SmsDelivery>);
    let watching = RwSignal::new(sms_sent_to.is_some());
    // No text at sign-in (the hour's are used up) until a new one is asked for.
    let held = RwSignal::new(sms_retry_after);
    let resent = RwSignal::new(false);
    let methods_held = methods.clone();
    let cid = challenge_id.clone();
    watch_sms(
        watching,
        move || {
            let args = ChallengeArgs { challenge_id: cid.clone() };
            async move { invoke::<cmd::SmsDelivery>(&args).await }
        },
        delivery,
        wait,
    );
    let others = other_methods(&methods);
    let problem = move || {
        let text = sms_problem(&delivery.get()?, &others)?;
        Some(view! { <p id="sms-problem" class="notice" role="status">{text}</p> })
    };

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
                Ok(_) => error.set(Some(tr!("second-step-unexpected"))),
                Err(e) => {
                    code_refused.set(matches!(e.code, UiCode::InvalidCredentials | UiCode::Unprocessable));
                    error.set(Some(e.text()))
                }
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
                    delivery.set(None);
                    held.set(None);
                    resent.set(true);
                    watching.set(true);
                    // The button just pressed is disabled by its countdown: take the person to
                    // the field for the new code (the status above says it was sent), unless
                    // they have moved on meanwhile.
                    let left_where_they_were = document()
                        .active_element()
                        .is_none_or(|a| a.id() == "resend" || a.tag_name().eq_ignore_ascii_case("body"));
                    if left_where_they_were {
                        focus_field("code");
                    }
                }
                Err(e) => {
                    if let Some(s) = e.retry_after_s {
                        wait.set(s);
                    }
                    code_refused.set(false);
                    error.set(Some(e.text()));
                }
            }
        });
    };

    view! {
        <h1>{tr!("second-step-title")}</h1>
        // "Sent" once the gateway has taken it (asked above), not before. The live region is
        // always there, so a sentence that appears in it (a first text after a held one) is
        // announced too.
        <div role="status">{move || (sms_sent_to.is_some() || resent.get()).then(|| {
            let sent = delivery.get().is_some_and(|d| d.state == SmsDeliveryState::Sent);
            // Which code: the first, or a new one asked for here (a selector in the messages).
            let which = if resent.get() { "new" } else { "first" };
            let text = match (sent, sms_sent_to.clone()) {
                (true, Some(to)) => tr!("second-step-sent-to", which = which, to = to),
                (true, None) => tr!("second-step-sent", which = which),
                (false, Some(to)) => tr!("second-step-sending-to", which = which, to = to),
                (false, None) => tr!("second-step-sending", which = which),
            };
            // A text already on its way with the earlier code cannot be called back.
            let newest_only = resent.get().then(|| format!(" {}", tr!("second-step-newest-only")));
            view! {
                <p id="sent-to" class="hint">{text}{newest_only}</p>
            }
        })}</div>
        {move || held.get().map(|s| view! { <SmsHeld id="sms-held" retry_after_s=s methods=methods_held.clone()/> })}
        {problem}
        <form on:submit=submit>
            <MethodChoice methods=methods.clone() method/>
            <label>{tr!("second-step-code")}
                <input id="code" type="text" inputmode="numeric" autocomplete="one-time-code" required data-autofocus="true"
                    aria-describedby=move || error.get().map(|_| "error") aria-invalid=move || (error.get().is_some() && code_refused.get()).then_some("true")
                    prop:value=move || code.get() on:input=move |ev| code.set(event_target_value(&ev))/>
            </label>
            {(remember_device_days > 0).then(|| view! {
                <label class="check">
                    <input id="remember" type="checkbox" prop:checked=move || remember.get() on:change=move |ev| remember.set(event_target_checked(&ev))/>
                    {tr!("second-step-remember", days = remember_device_days)}
                </label>
            })}
            {move || error.get().map(|e| view! { <p id="error" class="error" role="alert">{e}</p> })}
            <button id="verify" type="submit">{tr!("second-step-continue")}</button>
        </form>
        {has_sms.then(|| view! {
            <p>
                <button id="resend" class="secondary" type="button" disabled=move || { wait.get() > 0 } on:click=resend>
                    {move || if wait.get() > 0 { tr!("common-sms-resend-in", wait = wait_in_words(wait.get())) } else { tr!("common-sms-resend") }}
                </button>
            </p>
        })}
        <DemoPanel brief=true/>
    }
    .into_any()
}
