//! Profile → Account: two-step verification with an authenticator app (QR and secret), the
//! recovery codes, and the remembered devices.

use crate::ipc::{invoke, DeviceView, ErrorText, MeView, NoArgs, TotpSetup};
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::Serialize;

#[derive(Serialize)]
struct CodeArgs {
    code: String,
}

#[derive(Serialize)]
struct IdArgs {
    id: String,
}

#[component]
pub fn Account() -> impl IntoView {
    let me = LocalResource::new(|| async { invoke::<_, MeView>("me", &NoArgs {}).await });
    let devices = LocalResource::new(|| async { invoke::<_, Vec<DeviceView>>("devices", &NoArgs {}).await });
    let totp = RwSignal::new(None::<TotpSetup>);
    let code = RwSignal::new(String::new());
    let codes = RwSignal::new(Vec::<String>::new());
    let error = RwSignal::new(None::<String>);

    let start = move |_| {
        spawn_local(async move {
            match invoke::<_, TotpSetup>("enrol_totp", &NoArgs {}).await {
                Ok(t) => {
                    error.set(None);
                    totp.set(Some(t));
                }
                Err(e) => error.set(Some(e.text())),
            }
        });
    };
    let confirm = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        spawn_local(async move {
            match invoke::<_, Vec<String>>("confirm_totp", &CodeArgs { code: code.get_untracked() }).await {
                Ok(c) => {
                    totp.set(None);
                    codes.set(c);
                    error.set(None);
                    me.refetch();
                }
                Err(e) => error.set(Some(e.text())),
            }
        });
    };
    let forget = move |id: String| {
        spawn_local(async move {
            match invoke::<_, ()>("forget_device", &IdArgs { id }).await {
                Ok(()) => devices.refetch(),
                Err(e) => error.set(Some(e.text())),
            }
        });
    };

    view! {
        <h1>"Account"</h1>
        <section class="panel" aria-labelledby="two-step-title">
            <h2 id="two-step-title">"Two-step verification"</h2>
            <Suspense fallback=|| ()>
                {move || me.get().and_then(|r| r.ok()).map(|m| view! {
                    <p id="two-step-state">{if m.two_step_enabled { format!("On — {}", if m.two_step_method.as_deref() == Some("totp") { "authenticator app" } else { "text message" }) } else { "Off".to_owned() }}</p>
                })}
            </Suspense>
            {move || match totp.get() {
                None => view! { <button id="use-authenticator" class="secondary" on:click=start>"Use an authenticator app"</button> }.into_any(),
                Some(t) => view! {
                    <p>"Scan this code with your authenticator app, or enter the key by hand."</p>
                    <div id="qr" inner_html=t.qr_svg.clone()></div>
                    <p>"Key: " <code id="totp-secret">{t.secret.clone()}</code></p>
                    <form on:submit=confirm>
                        <label>"Code from the app"
                            <input id="totp-code" type="text" inputmode="numeric" autocomplete="one-time-code" required prop:value=move || code.get() on:input=move |ev| code.set(event_target_value(&ev))/>
                        </label>
                        <button id="confirm-totp" type="submit">"Turn on"</button>
                    </form>
                }.into_any(),
            }}
            {move || (!codes.get().is_empty()).then(|| view! {
                <p><strong>"Save your recovery codes."</strong> " Each works once; they are shown only now."</p>
                <ul id="recovery-codes">{codes.get().into_iter().map(|c| view! { <li><code>{c}</code></li> }).collect_view()}</ul>
            })}
        </section>
        <section class="panel" aria-labelledby="devices-title">
            <h2 id="devices-title">"Remembered devices"</h2>
            <Suspense fallback=|| ()>
                {move || devices.get().and_then(|r| r.ok()).map(|list| if list.is_empty() {
                    view! { <p id="no-devices" class="hint">"No device skips the second step."</p> }.into_any()
                } else {
                    view! {
                        <ul id="devices">{list.into_iter().map(|d| {
                            let id = d.id.clone();
                            view! { <li>{format!("{} ({}), until {}", d.name, d.platform, d.expires_at)} " " <button class="secondary forget" on:click=move |_| forget(id.clone())>"Forget"</button></li>
                        }}).collect_view()}</ul>
                    }.into_any()
                })}
            </Suspense>
        </section>
        {move || error.get().map(|e| view! { <p id="error" class="error" role="alert">{e}</p> })}
        <p><a id="home-link" href="/home">"Back"</a></p>
    }
}
