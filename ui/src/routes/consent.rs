//! Profile → Informed consent: the text in force, signing it, and withdrawing (the password
//! is asked again), which stops data collection at once.

use crate::components::{Doc, Note, ReauthForm, Tab, TabBar};
use crate::ipc::invoke;
use haven_api::shell::{cmd, UiCode, UiError, VersionArgs};
use haven_api::ConsentStatus;
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
        <h1>"Informed consent"</h1>
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || data.get().map(|r| match r {
                Ok(c) => {
                    let version = c.version.clone();
                    view! {
                        <p id="consent-status" role="status">{match c.status {
                            ConsentStatus::Signed if c.signed_version.as_deref() == Some(c.version.as_str()) => format!("You signed this on {}.", c.signed_at.clone().unwrap_or_default().get(..10).unwrap_or_default()),
                            ConsentStatus::Signed => "You signed an earlier version. Read the new text and sign it.".to_owned(),
                            ConsentStatus::Withdrawn => format!("You withdrew your consent on {}. Haven does not collect new data; your existing data stays available to you.", c.withdrawn_at.clone().unwrap_or_default().get(..10).unwrap_or_default()),
                            _ => "You have not signed yet. Haven records nothing until you do.".to_owned(),
                        }}</p>
                        <section class="panel">
                            <h2>{c.title.clone()}</h2>
                            <p class="hint">"Version " {c.version.clone()}</p>
                            <Doc id="consent-text" body=c.body.clone()/>
                        </section>
                        {(c.status != ConsentStatus::Signed || c.signed_version.as_deref() != Some(c.version.as_str())).then(|| view! {
                            <button id="sign-consent" on:click=move |_| sign(version.clone())>"I agree — sign"</button>
                        })}
                        " "
                        {(c.status == ConsentStatus::Signed).then(|| view! {
                            <button id="withdraw" class="secondary" aria-expanded=move || confirming.get().to_string() on:click=move |_| confirming.set(true)>"Withdraw your consent"</button>
                            {move || confirming.get().then(|| view! {
                                <section id="withdraw-confirm" class="panel" role="alertdialog" aria-labelledby="withdraw-title">
                                    <h2 id="withdraw-title">"Withdraw your consent?"</h2>
                                    <p>"Haven stops recording new values at once, on all your devices. What you recorded stays available to you and your care team, and you can still download it. You can sign again later."</p>
                                    <div class="actions">
                                        <button id="confirm-withdraw" on:click=move |_| withdraw()>"Withdraw"</button>
                                        <button id="keep-consent" class="secondary" on:click=move |_| confirming.set(false)>"Keep my consent"</button>
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
        <p><a id="to-health" href="/health">"My health"</a> " · " <a href="/account">"Back"</a></p>
    }
}
