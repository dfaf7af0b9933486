//! Profile → Legal: terms, privacy notice, informed consent and about, each in its latest
//! version.

use crate::components::Doc;
use crate::ipc::invoke;
use haven_api::shell::{cmd, SlugArgs};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn Legal() -> impl IntoView {
    let docs = LocalResource::new(|| async { invoke::<cmd::Legal>(&()).await });
    view! {
        <h1>"Legal"</h1>
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || docs.get().map(|r| match r {
                Ok(d) => view! {
                    <ul id="legal-list" class="rows">{d.into_iter().map(|d| view! {
                        <li><a href=format!("/legal/{}", d.slug)>{d.title}</a> <span class="hint">"version " {d.version}</span></li>
                    }).collect_view()}</ul>
                }.into_any(),
                Err(e) => view! { <p class="error" role="alert">{e.text()}</p> }.into_any(),
            })}
        </Suspense>
        <p><a href="/account">"Back"</a></p>
    }
}

#[component]
pub fn LegalDoc() -> impl IntoView {
    let params = use_params_map();
    let doc = LocalResource::new(move || {
        let slug = params.get().get("slug").unwrap_or_default();
        async move { invoke::<cmd::LegalDocument>(&SlugArgs { slug }).await }
    });
    view! {
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || doc.get().map(|r| match r {
                Ok(d) => view! {
                    <h1 id="legal-title">{d.title}</h1>
                    <p class="hint">"Version " {d.version} ", published " {d.published_at.get(..10).unwrap_or_default().to_owned()}</p>
                    <section class="panel"><Doc id="legal-body" body=d.body/></section>
                }.into_any(),
                Err(e) => view! { <p class="error" role="alert">{e.text()}</p> }.into_any(),
            })}
        </Suspense>
        <p><a href="/legal">"Back"</a></p>
    }
}
