//! The clinician's patients (their own deployment's) and one patient's charts: on a wide window
//! the list stays beside the charts, so going from patient to patient is one click.

use crate::components::{time_of, Chart};
use crate::ipc::invoke;
use haven_api::shell::{cmd, IdArgs};
use haven_api::ConsentStatus;
use haven_i18n::tr;
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_params_map};

/// A patient's line in the list: how many values, when the last was recorded, and their consent
/// when it is not signed: `4 values, last 21 Nov 2026, 14:05, consent withdrawn`.
fn summary(count: i64, last: Option<&str>, consent: ConsentStatus) -> String {
    match (last.map(time_of), consent) {
        (None, ConsentStatus::Signed) => tr!("home-patient-values", count = count),
        (None, ConsentStatus::Withdrawn) => tr!("home-patient-values-withdrawn", count = count),
        (None, ConsentStatus::NotSigned) => tr!("home-patient-values-not-signed", count = count),
        (Some(last), ConsentStatus::Signed) => tr!("home-patient-values-last", count = count, last = last),
        (Some(last), ConsentStatus::Withdrawn) => {
            tr!("home-patient-values-last-withdrawn", count = count, last = last)
        }
        (Some(last), ConsentStatus::NotSigned) => {
            tr!("home-patient-values-last-not-signed", count = count, last = last)
        }
    }
}

#[component]
pub fn PatientList() -> impl IntoView {
    let list = LocalResource::new(|| async { invoke::<cmd::Patients>(&()).await });
    let path = use_location().pathname;
    view! {
        <Suspense fallback=|| view! { <p>{tr!("home-loading-patients")}</p> }>
            {move || list.get().map(|r| match r {
                Ok(p) if p.is_empty() => view! { <p class="hint">{tr!("home-no-patients")}</p> }.into_any(),
                Ok(p) => view! {
                    <ul id="patients" class="rows">{p.into_iter().map(|p| {
                        let href = format!("/patients/{}", p.id);
                        let here = href.clone();
                        view! {
                        <li>
                            <a href=href aria-current=move || (path.get() == here).then_some("page")>{p.name}</a>
                            <span class="hint">{summary(p.observations, p.last_recorded_at.as_deref(), p.consent)}</span>
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
        <Suspense fallback=|| view! { <h1>{tr!("home-patient")}</h1> <p>{tr!("home-loading")}</p> }>
            {move || data.get().map(|r| match r {
                Ok(p) => view! {
                    <h1 id="patient-name">{p.name.clone()}</h1>
                    {match p.consent {
                        ConsentStatus::Withdrawn => Some(view! { <p class="banner" id="patient-consent">{tr!("home-patient-withdrew", name = &p.name)}</p> }),
                        ConsentStatus::NotSigned => Some(view! { <p class="banner" id="patient-consent">{tr!("home-patient-not-signed", name = &p.name)}</p> }),
                        ConsentStatus::Signed => None,
                    }}
                    <section aria-labelledby="charts-title">
                        <h2 id="charts-title">{tr!("home-over-time")}</h2>
                        {if p.series.is_empty() { view! { <p class="hint">{tr!("home-nothing-yet")}</p> }.into_any() } else {
                            p.series.into_iter().map(|s| view! { <Chart s/> }).collect_view().into_any()
                        }}
                    </section>
                }.into_any(),
                Err(e) => view! { <h1>{tr!("home-patient")}</h1> <p class="error" role="alert">{e.text()}</p> }.into_any(),
            })}
        </Suspense>
        <p><a id="patient-back" href="/home">{tr!("home-back-to-patients")}</a></p>
        </div>
        <nav class="patient-list" aria-labelledby="list-title">
            <h2 id="list-title">{tr!("home-your-patients")}</h2>
            <PatientList/>
        </nav>
        </div>
    }
}
