//! The signed-in landing screen: who is signed in, and sign out.

use crate::ipc::{invoke, ErrorText, MeView, NoArgs};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;

#[component]
pub fn Home() -> impl IntoView {
    let navigate = use_navigate();
    let me = LocalResource::new(|| async { invoke::<_, MeView>("me", &NoArgs {}).await });
    let sign_out = move |_| {
        let navigate = navigate.clone();
        spawn_local(async move {
            let _ = invoke::<_, ()>("logout", &NoArgs {}).await;
            navigate("/", Default::default());
        });
    };
    view! {
        <h1>"Haven"</h1>
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || me.get().map(|r| match r {
                Ok(m) => view! {
                    <section class="panel">
                        <p id="signed-in-as">"Signed in as " {m.name.clone()} " (" {m.role.clone()} ")"</p>
                        <p class="hint">{m.email.clone()}</p>
                        <p id="two-step">{if m.two_step_enabled { format!("Two-step verification: on ({})", m.two_step_method.clone().unwrap_or_default()) } else { "Two-step verification: off".to_owned() }}</p>
                    </section>
                }.into_any(),
                Err(e) => view! { <p class="error" role="alert">{e.text()}</p> }.into_any(),
            })}
        </Suspense>
        <button id="sign-out" class="secondary" on:click=sign_out>"Sign out"</button>
    }
}
