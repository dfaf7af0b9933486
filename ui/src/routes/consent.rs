//! Profile → Informed consent: the text in force, signing it, and withdrawing (the password
//! is asked again), which stops data collection at once.

use super::legal::day_of;
use crate::components::{Doc, Note, ReauthForm, Tab, TabBar};
use crate::ipc::invoke;
use haven_api::shell::{cmd, UiCode, UiError, VersionArgs};
use haven_api::ConsentStatus;
use haven_i18n::tr;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn ConsentPage() -> impl IntoView {
    let data = LocalResource::new(|| async { invoke::<cmd::Consent>(&()).await });
    let error = RwSignal::new(None::<UiError>);
    let reauth = RwSignal::new(false);
    // "Withdraw" asks once more before it takes effect.
    let confirming = RwSignal::new(false);
    let withdraw = move || {
        spawn_local(async move {
            match invoke::<cmd::WithdrawConsent>(&()).await {
                Ok(_) => {
                    error.set(None);
                    confirming.set(false);
                    data.refetch();
                }
                Err(e) if e.code == UiCode::ReauthRequired => reauth.set(true),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let sign = move |version: String| {
        spawn_local(async move {
            match invoke::<cmd::SignConsent>(&VersionArgs { version }).await {
                Ok(_) => {
                    error.set(None);
                    data.refetch();
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <TabBar current=Tab::Profile/>
        <h1>{tr!("consent-title")}</h1>
        <Suspense fallback=|| view! { <p>{tr!("consent-loading")}</p> }>
            {move || data.get().map(|r| match r {
                Ok(c) => {
                    let version = c.version.clone();
                    view! {
                        <p id="consent-status" role="status">{match c.status {
                            ConsentStatus::Signed if c.signed_version.as_deref() == Some(c.version.as_str()) => tr!("consent-signed-on", date = day_of(&c.signed_at.clone().unwrap_or_default())),
                            ConsentStatus::Signed => tr!("consent-signed-earlier"),
                            ConsentStatus::Withdrawn => tr!("consent-withdrawn-on", date = day_of(&c.withdrawn_at.clone().unwrap_or_default())),
                            _ => tr!("consent-not-signed"),
                        }}</p>
                        <section class="panel">
                            <h2>{c.title.clone()}</h2>
                            <p class="hint">{tr!("consent-version", version = haven_i18n::app().digits(&c.version))}</p>
                            <Doc id="consent-text" body=c.body.clone()/>
                        </section>
                        {(c.status != ConsentStatus::Signed || c.signed_version.as_deref() != Some(c.version.as_str())).then(|| view! {
                            <button id="sign-consent" on:click=move |_| sign(version.clone())>{tr!("consent-sign")}</button>
                        })}
                        " "
                        {(c.status == ConsentStatus::Signed).then(|| view! {
                            <button id="withdraw" class="secondary" aria-expanded=move || confirming.get().to_string() on:click=move |_| confirming.set(true)>{tr!("consent-withdraw")}</button>
                            {move || confirming.get().then(|| view! {
                                <section id="withdraw-confirm" class="panel" role="alertdialog" aria-labelledby="withdraw-title">
                                    <h2 id="withdraw-title">{tr!("consent-withdraw-title")}</h2>
                                    <p>{tr!("consent-withdraw-explained")}</p>
                                    <div class="actions">
                                        <button id="confirm-withdraw" on:click=move |_| withdraw()>{tr!("consent-withdraw-confirm")}</button>
                                        <button id="keep-consent" class="secondary" on:click=move |_| confirming.set(false)>{tr!("consent-keep")}</button>
                                    </div>
                                </section>
                            })}
                        })}
                    }.into_any()
                }
                Err(e) => view! { <p class="error" role="alert">{e.text()}</p> }.into_any(),
            })}
        </Suspense>
        <ReauthForm open=Signal::derive(move || reauth.get()) on_cancel=Callback::new(move |_| reauth.set(false))
            confirmed=Callback::new(move |_| { reauth.set(false); withdraw(); }) error/>
        <Note id="consent-error" text=Signal::derive(move || error.get().map(|e| e.text())) error=true/>
        <p><a id="to-health" href="/health">{tr!("consent-to-health")}</a> " · " <a href="/account">{tr!("consent-back")}</a></p>
    }
}
