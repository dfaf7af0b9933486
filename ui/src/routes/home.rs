//! The signed-in landing screen. Clinicians first accept the one-time disclaimer; recovery codes
//! created at set-up are shown once.

use crate::components::{DemoPanel, RecoveryCodes, Tab, TabBar};
use crate::ipc::invoke;
use crate::state::Flash;
use haven_api::shell::{cmd, EnabledArgs};
use haven_api::Role;
use haven_i18n::tr;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn Home() -> impl IntoView {
    let flash = expect_context::<Flash>();
    let me = LocalResource::new(|| async { invoke::<cmd::Me>(&()).await });
    let ticked = RwSignal::new(false);
    let bio_done = RwSignal::new(false);
    let bio_error = RwSignal::new(None::<String>);
    let accepted = RwSignal::new(false);
    let sign_out = crate::state::sign_out();
    let accept = move |_| {
        spawn_local(async move {
            if invoke::<cmd::AcceptDisclaimer>(&()).await.is_ok() {
                accepted.set(true);
            }
        });
    };
    view! {
        <Suspense fallback=|| ()>
            {move || me.get().and_then(|r| r.ok()).filter(|m| m.role == Role::Patient).map(|_| view! { <TabBar current=Tab::Home/> })}
        </Suspense>
        <h1>{tr!("home-title")}</h1>
        {move || (!flash.recovery_codes.get().is_empty()).then(|| view! {
            <div>
                <RecoveryCodes codes=flash.recovery_codes.get()/>
                <button id="codes-saved" class="secondary" on:click=move |_| flash.recovery_codes.set(Vec::new())>{tr!("home-codes-saved")}</button>
            </div>
        })}
        <Suspense fallback=|| view! { <p>{tr!("home-loading")}</p> }>
            {move || me.get().map(|r| match r {
                Ok(m) if m.role == Role::Clinician && !m.disclaimer_accepted && !accepted.get() => view! {
                    <section class="panel" role="dialog" aria-labelledby="disclaimer-title" id="disclaimer">
                        <h2 id="disclaimer-title">{tr!("home-disclaimer-title")}</h2>
                        <p>{tr!("home-disclaimer")}</p>
                        <label class="check">
                            <input id="disclaimer-ok" type="checkbox" prop:checked=move || ticked.get() on:change=move |ev| ticked.set(event_target_checked(&ev))/>
                            {tr!("home-disclaimer-ok")}
                        </label>
                        <button id="start" disabled=move || !ticked.get() on:click=accept>{tr!("home-start")}</button>
                    </section>
                }.into_any(),
                Ok(m) if m.biometric_required && !m.biometric_login && !bio_done.get() => view! {
                    <section class="panel" role="dialog" aria-labelledby="bio-prompt-title" id="biometric-prompt">
                        <h2 id="bio-prompt-title">{tr!("home-biometric-title")}</h2>
                        <p>{tr!("home-biometric-required")}</p>
                        <button id="enable-biometric" on:click=move |_| {
                            spawn_local(async move {
                                match invoke::<cmd::SetBiometric>(&EnabledArgs { enabled: true }).await {
                                    Ok(_) => { bio_error.set(None); bio_done.set(true); }
                                    Err(e) => bio_error.set(Some(e.text())),
                                }
                            });
                        }>{tr!("home-biometric-on")}</button>
                        " "
                        <button id="biometric-later" class="secondary" on:click=move |_| bio_done.set(true)>{tr!("home-biometric-later")}</button>
                        {move || bio_error.get().map(|e| view! { <p id="biometric-error" class="error" role="alert">{e}</p> })}
                    </section>
                }.into_any(),
                Ok(m) => view! {
                    <section class="panel" id=if m.role == Role::Clinician { "dashboard" } else { "overview" }>
                        {(m.role == Role::Clinician).then(|| view! { <h2>{tr!("home-dashboard")}</h2> })}
                        <p id="signed-in-as">{tr!("home-signed-in-as", name = &m.name, role = m.role.name().text())}</p>
                        <p class="hint">{m.email.clone()}</p>
                        {(m.role == Role::Clinician).then(|| view! { <h3>{tr!("home-your-patients")}</h3> <crate::routes::patients::PatientList/> })}
                        {(m.role == Role::Patient).then(|| view! { <p><a id="health-link" href="/health">{tr!("home-health-link")}</a></p> })}
                        <p id="two-step">{match m.two_step_method.filter(|_| m.two_step_enabled) {
                            Some(f) => tr!("home-two-step-on", method = f.name().text().to_lowercase()),
                            None => tr!("home-two-step-off"),
                        }}</p>
                    </section>
                }.into_any(),
                Err(e) => view! { <p class="error" role="alert">{e.text()}</p> }.into_any(),
            })}
        </Suspense>
        <p><a id="account-link" href="/account">{tr!("home-account")}</a></p>
        <Suspense fallback=|| ()>
            {move || me.get().and_then(|r| r.ok()).filter(|m| m.role == Role::Admin).map(|_| view! { <p><a id="admin-link" href="/admin">{tr!("home-admin")}</a></p> })}
        </Suspense>
        <button id="sign-out" class="secondary" on:click=sign_out>{tr!("home-sign-out")}</button>
        <DemoPanel/>
    }
}
