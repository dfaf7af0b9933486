//! Profile → Legal: terms, privacy notice, informed consent and about, each in its latest
//! version.

use crate::components::Doc;
use crate::ipc::invoke;
use haven_api::shell::{cmd, SlugArgs};
use haven_i18n::tr;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// The day of an RFC 3339 time as people read it (`29 Nov 2026`): the day the service wrote,
/// whatever the device's time zone. Anything that is not such a time is shown as it is.
pub(crate) fn day_of(rfc3339: &str) -> String {
    let day = rfc3339.get(..10).unwrap_or_default();
    let mut parts = day.splitn(3, '-');
    let (y, m, d) = (parts.next(), parts.next(), parts.next());
    match (
        y.and_then(|y| y.parse::<i32>().ok()),
        m.and_then(|m| m.parse::<u32>().ok()),
        d.and_then(|d| d.parse::<u32>().ok()),
    ) {
        (Some(y), Some(m @ 1..=12), Some(d @ 1..=31)) => haven_i18n::app().date(y, m, d),
        _ => day.to_owned(),
    }
}

#[component]
pub fn Legal() -> impl IntoView {
    let docs = LocalResource::new(|| async { invoke::<cmd::Legal>(&()).await });
    view! {
        <h1>{tr!("legal-title")}</h1>
        <Suspense fallback=|| view! { <p>{tr!("legal-loading")}</p> }>
            {move || docs.get().map(|r| match r {
                Ok(d) => view! {
                    <ul id="legal-list" class="rows">{d.into_iter().map(|d| view! {
                        <li><a href=format!("/legal/{}", d.slug)>{d.title}</a> <span class="hint">{tr!("legal-version", version = haven_i18n::app().digits(&d.version))}</span></li>
                    }).collect_view()}</ul>
                }.into_any(),
                Err(e) => view! { <p class="error" role="alert">{e.text()}</p> }.into_any(),
            })}
        </Suspense>
        <p><a href="/account">{tr!("legal-back")}</a></p>
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
        <Suspense fallback=|| view! { <p>{tr!("legal-loading")}</p> }>
            {move || doc.get().map(|r| match r {
                Ok(d) => view! {
                    <h1 id="legal-title">{d.title}</h1>
                    <p class="hint">{tr!("legal-version-published", version = haven_i18n::app().digits(&d.version), date = day_of(&d.published_at))}</p>
                    <section class="panel"><Doc id="legal-body" body=d.body/></section>
                }.into_any(),
                Err(e) => view! { <p class="error" role="alert">{e.text()}</p> }.into_any(),
            })}
        </Suspense>
        <p><a href="/legal">{tr!("legal-back")}</a></p>
    }
}
