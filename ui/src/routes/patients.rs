//! The clinician's patients (their own deployment's) and one patient's charts: on a wide window
//! the list stays beside the charts, so going from patient to patient is one click.

use crate::components::{time_of, Chart};
use crate::ipc::invoke;
use haven_api::shell::{cmd, IdArgs};
use haven_api::ConsentStatus;
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_params_map};

#[component]
pub fn PatientList() -> impl IntoView {
    let list = LocalResource::new(|| async { invoke::<cmd::Patients>(&()).await });
    let path = use_location().pathname;
    view! {
        <Suspense fallback=|| view! { <p>"Loading patients…"</p> }>
            {move || list.get().map(|r| match r {
                Ok(p) if p.is_empty() => view! { <p class="hint">"No patients yet."</p> }.into_any(),
                Ok(p) => view! {
                    <ul id="patients" class="rows">{p.into_iter().map(|p| {
                        let href = format!("/patients/{}", p.id);
                        let here = href.clone();
                        view! {
                        <li>
                            <a href=href aria-current=move || (path.get() == here).then_some("page")>{p.name}</a>
                            <span class="hint">{format!("{} values{}{}", p.observations,
                                p.last_recorded_at.map(|t| format!(", last {}", time_of(&t))).unwrap_or_default(),
                                match p.consent { ConsentStatus::Withdrawn => ", consent withdrawn", ConsentStatus::NotSigned => ", consent not signed", ConsentStatus::Signed => "" })}</span>
                        </li>
                    }}).collect_view()}</ul>
                }.into_any(),
                Err(e) => view! { <p class="error" role="alert">{e.text()}</p> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
pub fn PatientPage() -> impl IntoView {
    let params = use_params_map();
    let data = LocalResource::new(move || {
        let id = params.get().get("id").unwrap_or_default();
        async move { invoke::<cmd::PatientHealth>(&IdArgs { id }).await }
    });
    view! {
        <div class="split">
        <div class="patient">
        <Suspense fallback=|| view! { <h1>"Patient"</h1> <p>"Loading…"</p> }>
            {move || data.get().map(|r| match r {
                Ok(p) => view! {
                    <h1 id="patient-name">{p.name.clone()}</h1>
                    {match p.consent {
                        ConsentStatus::Withdrawn => Some(view! { <p class="banner" id="patient-consent">{format!("{} withdrew their consent: nothing new is collected.", p.name)}</p> }),
                        ConsentStatus::NotSigned => Some(view! { <p class="banner" id="patient-consent">{format!("{} has not signed the informed consent yet.", p.name)}</p> }),
                        ConsentStatus::Signed => None,
                    }}
                    <section aria-labelledby="charts-title">
                        <h2 id="charts-title">"Over time"</h2>
                        {if p.series.is_empty() { view! { <p class="hint">"Nothing recorded yet."</p> }.into_any() } else {
                            p.series.into_iter().map(|s| view! { <Chart s/> }).collect_view().into_any()
                        }}
                    </section>
                }.into_any(),
                Err(e) => view! { <h1>"Patient"</h1> <p class="error" role="alert">{e.text()}</p> }.into_any(),
            })}
        </Suspense>
        <p><a id="patient-back" href="/home">"Back to your patients"</a></p>
        </div>
        <nav class="patient-list" aria-labelledby="list-title">
            <h2 id="list-title">"Your patients"</h2>
            <PatientList/>
        </nav>
        </div>
    }
}
