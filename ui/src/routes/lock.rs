//! The lock screen: Haven locked itself (idle, window hidden, system sleep, or on start). The
//! account password (checked by the service) opens it; signing out is the other way on.

use crate::ipc::invoke;
use haven_api::shell::{cmd, PasswordArgs, UiCode, UiError};
use haven_i18n::tr;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;

#[component]
pub fn Lock() -> impl IntoView {
    let navigate = use_navigate();
    let flash = expect_context::<crate::state::Flash>();
    let pending = expect_context::<crate::state::Pending>();
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<UiError>);
    let busy = RwSignal::new(false);
    let bio = LocalResource::new(|| async { invoke::<cmd::BiometricStatus>(&()).await.ok() });
    let nav2 = navigate.clone();
    let fingerprint = move |_| {
        let navigate = nav2.clone();
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let r = invoke::<cmd::UnlockBiometric>(&()).await;
            busy.set(false);
            match r {
                Ok(()) => navigate("/home", Default::default()),
                Err(e) => {
                    error.set(Some(e));
                    bio.refetch();
                }
            }
        });
    };
    let nav = navigate.clone();
    let unlock = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let navigate = nav.clone();
        busy.set(true);
        spawn_local(async move {
            let r = invoke::<cmd::Unlock>(&PasswordArgs { password: password.get_untracked() }).await;
            busy.set(false);
            match r {
                Ok(()) => {
                    password.set(String::new());
                    navigate("/home", Default::default());
                }
                // Too many wrong passwords: the shell signed out; the sign-in screen says why.
                Err(e) if e.code == UiCode::SignedOut => {
                    flash.forget();
                    pending.0.set(None);
                    flash.notice.set(Some(e.text()));
                    // Replaced in history: Back does not bring the lock screen of a session gone.
                    navigate("/", leptos_router::NavigateOptions { replace: true, ..Default::default() });
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let sign_out = crate::state::sign_out();
    view! {
        <h1 id="locked">{tr!("lock-title")}</h1>
        <p class="hint">{tr!("lock-why")}</p>
        <Suspense fallback=|| ()>
            {move || bio.get().flatten().filter(|b| b.available && b.enabled && b.attempts_left > 0).map(|_| view! {
                <p><button id="unlock-fingerprint" type="button" disabled=move || busy.get() on:click=fingerprint.clone()>{tr!("lock-fingerprint")}</button></p>
                <p class="hint">{tr!("lock-or-password")}</p>
            })}
        </Suspense>
        <form on:submit=unlock>
            <label>{tr!("lock-password")}
                <input id="unlock-password" type="password" autocomplete="current-password" required data-autofocus="true"
                    prop:value=move || password.get() on:input=move |ev| password.set(event_target_value(&ev))/>
            </label>
            {move || error.get().map(|e| view! { <p id="error" class="error" role="alert">{e.text()}</p> })}
            <button id="unlock" type="submit" disabled=move || busy.get()>{tr!("lock-unlock")}</button>
        </form>
        <p><button id="lock-sign-out" class="secondary" on:click=sign_out>{tr!("lock-sign-out")}</button></p>
    }
}
