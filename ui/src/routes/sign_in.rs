//! Sign in: email + password, then wherever the service says to go next.

use crate::components::{DemoPanel, KeychainProblem};
use crate::ipc::invoke;
use crate::language::LanguagePicker;
use crate::state::{Flash, Pending};
use haven_api::shell::{cmd, LoginArgs, SignIn};
use haven_i18n::tr;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;

#[component]
pub fn SignInPage() -> impl IntoView {
    let pending = expect_context::<Pending>();
    let flash = expect_context::<Flash>();
    let navigate = use_navigate();
    let email = RwSignal::new(flash.email.get_untracked());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let info = crate::state::app_info();
    // Its error is start-up's (a service address the app refuses, a keychain that never
    // answered): said at once rather than after the first sign-in attempt.
    let session = LocalResource::new(|| async { invoke::<cmd::Session>(&()).await });
    // A session resumed from the keychain goes straight in (the lock screen, if locked, comes
    // from the lock watch).
    let nav = navigate.clone();
    Effect::new(move |_| {
        if let Some(Ok(s)) = session.get() {
            if s.signed_in && !s.locked {
                nav("/home", Default::default());
            }
        }
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let navigate = navigate.clone();
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let args = LoginArgs { email: email.get_untracked(), password: password.get_untracked() };
            let r = invoke::<cmd::Login>(&args).await;
            busy.set(false);
            match r {
                Ok(SignIn::Authenticated { .. }) => navigate("/home", Default::default()),
                Ok(step @ SignIn::SecondFactorRequired { .. }) => {
                    pending.0.set(Some(step));
                    navigate("/second-step", Default::default());
                }
                // Not verified yet: the verify screen, where a new link can be sent.
                Ok(SignIn::EmailVerificationRequired { email }) => {
                    flash.email.set(email);
                    navigate("/verify-email", Default::default());
                }
                Ok(step @ SignIn::SetupRequired { .. }) => {
                    pending.0.set(Some(step));
                    navigate("/setup", Default::default());
                }
                Err(e) => error.set(Some(e.text())),
            }
        });
    };

    view! {
        <h1>{tr!("sign-in-title")}</h1>
        <Suspense fallback=|| ()>
            {move || session.get().and_then(Result::err).map(|e| view! {
                <p id="startup-problem" class="error" role="alert">{e.text()}</p>
            })}
            {move || session.get().and_then(Result::ok).and_then(|s| s.keychain_problem).map(|p| view! { <KeychainProblem problem=p/> })}
        </Suspense>
        {move || flash.notice.get().map(|n| view! { <p id="notice" class="panel" role="status">{n}</p> })}
        // Two columns on a wide window (the demo's details beside the form), so the whole first
        // screen fits the default window.
        <div class="sign-in"><div>
        <form on:submit=submit>
            <label>{tr!("sign-in-email")}
                <input id="email" type="email" autocomplete="username" required data-autofocus="true"
                    prop:value=move || email.get() on:input=move |ev| email.set(event_target_value(&ev))/>
            </label>
            <label>{tr!("sign-in-password")}
                <input id="password" type="password" autocomplete="current-password" required
                    prop:value=move || password.get() on:input=move |ev| password.set(event_target_value(&ev))/>
            </label>
            {move || error.get().map(|e| view! { <p id="error" class="error" role="alert">{e}</p> })}
            <button id="sign-in" type="submit" disabled=move || busy.get()>{tr!("sign-in-submit")}</button>
        </form>
        <p><a id="forgot-link" href="/forgot">{tr!("sign-in-forgot")}</a></p>
        <p><a id="join-link" href="/join">{tr!("sign-in-join")}</a></p>
        <p><a id="enrol-link" href="/enrol">{tr!("sign-in-enrol")}</a></p>
        <Suspense fallback=|| ()>
            {move || info.get().flatten().filter(|i| i.dev_inbox && i.demo.is_none()).map(|_| view! {
                <p><a id="inbox-link" href="/inbox">{tr!("sign-in-inbox")}</a></p>
            })}
        </Suspense>
        // Before anyone signs in, so the person can read the rest.
        <LanguagePicker/>
        </div>
        <DemoPanel/>
        </div>
    }
}
