//! Two-step set-up required by the organisation (always for clinicians): a mobile number
//! confirmed with the texted code, or an authenticator app — whichever the deployment allows.

use crate::components::{default_country, CodeField, DemoPanel, Note, PhoneField, TotpQr};
use crate::ipc::invoke;
use crate::state::{Flash, Pending};
use haven_api::shell::{cmd, CodeArgs, PhoneArgs, SignIn, TotpSetup, UiCode, UiError};
use haven_api::SetupNeed;
use haven_i18n::tr;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;

#[component]
pub fn Setup() -> impl IntoView {
    let flash = expect_context::<Flash>();
    let pending = expect_context::<Pending>();
    let navigate = use_navigate();
    // What the sign-in answer allows; the service checks again.
    let required = match pending.0.get_untracked() {
        Some(SignIn::SetupRequired { required }) if !required.is_empty() => required,
        _ => vec![SetupNeed::Phone],
    };
    let (phone_ok, totp_ok) = (required.contains(&SetupNeed::Phone), required.contains(&SetupNeed::Totp));
    let use_totp = RwSignal::new(!phone_ok);
    let phone = RwSignal::new(String::new());
    let country = RwSignal::new(default_country());
    let code = RwSignal::new(String::new());
    let sent = RwSignal::new(false);
    let totp = RwSignal::new(None::<TotpSetup>);
    let error = RwSignal::new(None::<UiError>);

    let done = move |r: Result<SignIn, UiError>, navigate: &dyn Fn(&str)| match r {
        Ok(SignIn::Authenticated { recovery_codes, .. }) => {
            flash.recovery_codes.set(recovery_codes);
            pending.0.set(None);
            navigate("/home");
        }
        Ok(_) => error.set(Some(UiError::new(UiCode::Unauthenticated, ""))),
        Err(e) => error.set(Some(e)),
    };
    let start_totp = move || {
        spawn_local(async move {
            match invoke::<cmd::SetupTotp>(&()).await {
                Ok(t) => {
                    error.set(None);
                    totp.set(Some(t));
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    if use_totp.get_untracked() {
        start_totp();
    }
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        spawn_local(async move {
            match invoke::<cmd::SetupPhone>(&PhoneArgs {
                phone: phone.get_untracked(),
                country: country.get_untracked(),
            })
            .await
            {
                Ok(_) => {
                    error.set(None);
                    sent.set(true);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let nav = navigate.clone();
    let confirm = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let navigate = nav.clone();
        let totp = use_totp.get_untracked();
        spawn_local(async move {
            let args = CodeArgs { code: code.get_untracked() };
            let r = if totp {
                invoke::<cmd::SetupConfirmTotp>(&args).await
            } else {
                invoke::<cmd::SetupVerifyPhone>(&args).await
            };
            done(r, &|to| navigate(to, Default::default()));
        });
    };
    let confirm2 = confirm.clone();
    view! {
        <h1>{tr!("setup-title")}</h1>
        <p class="hint">{tr!("setup-hint")}</p>
        {(phone_ok && totp_ok).then(|| view! {
            <div class="actions" role="group" aria-label=tr!("setup-choose-label")>
                <button id="choose-sms" class=move || if use_totp.get() { "secondary" } else { "" } aria-pressed=move || (!use_totp.get()).to_string()
                    on:click=move |_| { use_totp.set(false); code.set(String::new()); }>{tr!("setup-choose-sms")}</button>
                <button id="choose-authenticator" class=move || if use_totp.get() { "" } else { "secondary" } aria-pressed=move || use_totp.get().to_string()
                    on:click=move |_| { use_totp.set(true); code.set(String::new()); if totp.get_untracked().is_none() { start_totp() } }>{tr!("setup-choose-authenticator")}</button>
            </div>
        })}
        {move || if use_totp.get() {
            totp.get().map(|t| view! {
                <TotpQr t=t.clone()/>
                <form on:submit=confirm.clone()>
                    <CodeField id="setup-code" label=tr!("setup-code-app") code/>
                    <button id="confirm-totp" type="submit">{tr!("setup-next")}</button>
                </form>
            }).into_any()
        } else {
            let confirm = confirm2.clone();
            view! {
                <form on:submit=send>
                    <PhoneField id="phone" phone country error/>
                    <button id="send-code" type="submit" class=move || if sent.get() { "secondary" } else { "" }>{tr!("setup-send-code")}</button>
                </form>
                {move || sent.get().then(|| view! {
                    <Note id="sent" text=Signal::derive(|| Some(tr!("setup-texted"))) focus=true/>
                    <form on:submit=confirm.clone()>
                        <CodeField id="setup-code" label=tr!("setup-code-sms") code/>
                        <button id="confirm-phone" type="submit">{tr!("setup-next")}</button>
                    </form>
                })}
            }.into_any()
        }}
        <Note id="error" text=Signal::derive(move || error.get().filter(|e| e.fields.is_empty()).map(|e| e.text())) error=true/>
        <DemoPanel brief=true/>
    }
}
