//! The patient's health screen: record an observation (kept on this device first, sent when
//! the service can be reached), what waits to be sent and what was refused, and a chart per
//! kind. Without a signed consent nothing is captured, and the screen says why.

use crate::components::Chart;
use crate::ipc::invoke;
use haven_api::shell::{cmd, HealthView, NewObservation, UiCode, UiError};
use haven_api::{BloodPressure, ConsentStatus, Kind, ObservationValue, RowState, Symptom};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The form's fields as typed; turned into a value here, so bad input never leaves the screen
/// without its own sentence.
fn value_of(kind: Kind, a: &str, b: &str, name: &str) -> Result<ObservationValue, String> {
    let num = |s: &str, what: &str| {
        s.trim().replace(',', ".").parse::<f64>().map_err(|_| format!("Enter the {what} as a number."))
    };
    Ok(match kind {
        Kind::BloodPressure => ObservationValue::BloodPressure(BloodPressure {
            systolic: num(a, "upper (systolic) pressure")?,
            diastolic: num(b, "lower (diastolic) pressure")?,
        }),
        Kind::Symptom => {
            ObservationValue::Symptom(Symptom { name: name.trim().to_owned(), severity: num(a, "severity (0–10)")? })
        }
        _ => ObservationValue::Number(num(a, "value")?),
    })
}

#[component]
pub fn HealthPage() -> impl IntoView {
    let data = LocalResource::new(|| async { invoke::<cmd::Health>(&()).await });
    let kind = RwSignal::new(Kind::HeartRate);
    let a = RwSignal::new(String::new());
    let b = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let error = RwSignal::new(None::<UiError>);
    let saved = RwSignal::new(None::<String>);
    let shown = RwSignal::new(None::<HealthView>);
    Effect::new(move |_| {
        if let Some(Ok(v)) = data.get() {
            shown.set(Some(v));
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(None);
        let k = kind.get_untracked();
        let value = match value_of(k, &a.get_untracked(), &b.get_untracked(), &name.get_untracked()) {
            Ok(v) => v,
            Err(m) => return error.set(Some(UiError::new(UiCode::Unprocessable, m))),
        };
        let n = note.get_untracked();
        spawn_local(async move {
            let observation =
                NewObservation { kind: k, value, recorded_at: None, note: (!n.trim().is_empty()).then_some(n) };
            match invoke::<cmd::Record>(&observation).await {
                Ok(v) => {
                    error.set(None);
                    a.set(String::new());
                    b.set(String::new());
                    note.set(String::new());
                    saved.set(Some(match &v.recorded {
                        Some(r) if r.state == RowState::Synced => "Saved and sent.".into(),
                        Some(r) if r.state == RowState::Rejected => format!(
                            "Saved on this device, but the service did not accept it: {}",
                            r.reason.clone().unwrap_or_default()
                        ),
                        _ => "Saved on this device; it will be sent when Haven's service can be reached.".into(),
                    }));
                    shown.set(Some(v));
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let sync = move |_| {
        spawn_local(async move {
            match invoke::<cmd::SyncNow>(&()).await {
                Ok(v) => shown.set(Some(v)),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <h1>"My health"</h1>
        {move || match data.get() {
            Some(Err(e)) => Some(view! { <p class="error" role="alert">{e.text()}</p> }.into_any()),
            _ => None,
        }}
        {move || shown.get().map(|v| view! {
            {(!v.collecting).then(|| view! {
                <section class="banner" id="not-collecting" role="status">
                    {if v.consent == ConsentStatus::Withdrawn {
                        "You withdrew your consent, so Haven does not collect new data. Your existing data is still yours to see and download."
                    } else {
                        "Haven records your data only after you sign the informed consent form."
                    }}
                    " " <a id="consent-link" href="/consent">"Informed consent"</a>
                </section>
            })}
            {v.collecting.then(|| view! {
                <section class="panel" aria-labelledby="record-title">
                    <h2 id="record-title">"Record"</h2>
                    <form id="record" on:submit=submit>
                        <label>"What"
                            <select id="kind" prop:value=move || kind.get().as_str() on:change=move |ev| if let Some(k) = Kind::parse(&event_target_value(&ev)) { kind.set(k) }>
                                {Kind::ALL.map(|k| view! { <option value=k.as_str()>{format!("{} ({})", k.label(), k.unit())}</option> }).collect_view()}
                            </select>
                        </label>
                        {move || (kind.get() == Kind::Symptom).then(|| view! {
                            <label>"Symptom" <input id="symptom-name" type="text" prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/></label>
                        })}
                        <label>{move || match kind.get() { Kind::BloodPressure => "Upper (systolic)", Kind::Symptom => "Severity (0–10)", _ => "Value" }}
                            <input id="value" type="text" inputmode="decimal" required prop:value=move || a.get() on:input=move |ev| a.set(event_target_value(&ev))/>
                        </label>
                        {move || (kind.get() == Kind::BloodPressure).then(|| view! {
                            <label>"Lower (diastolic)" <input id="value2" type="text" inputmode="decimal" required prop:value=move || b.get() on:input=move |ev| b.set(event_target_value(&ev))/></label>
                        })}
                        <label>"Note (optional)" <input id="note" type="text" maxlength="1000" prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))/></label>
                        <button id="save" type="submit">"Save"</button>
                    </form>
                </section>
            })}
            <section class="panel" aria-labelledby="sync-title">
                <h2 id="sync-title">"Sync"</h2>
                <p id="sync-state" role="status">{if v.pending == 0 { "Everything is sent.".to_owned() } else { format!("{} waiting to be sent.", v.pending) }}</p>
                {v.sync_error.clone().map(|e| view! { <p id="sync-error" class="hint">{e}</p> })}
                {(!v.rejected.is_empty()).then(|| view! {
                    <p><strong>"Not accepted by the service:"</strong></p>
                    <ul id="rejected" class="rows">{v.rejected.iter().map(|(_, why)| view! { <li>{why.clone()}</li> }).collect_view()}</ul>
                })}
                <button id="sync-now" class="secondary" on:click=sync>"Sync now"</button>
            </section>
            <section aria-labelledby="charts-title">
                <h2 id="charts-title">"Over time"</h2>
                {if v.series.is_empty() { view! { <p class="hint">"Nothing recorded yet."</p> }.into_any() } else {
                    v.series.into_iter().map(|s| view! { <Chart s/> }).collect_view().into_any()
                }}
            </section>
        })}
        {move || saved.get().map(|m| view! { <p id="saved" role="status">{m}</p> })}
        {move || error.get().map(|e| view! { <p id="record-error" class="error" role="alert">{e.text()}</p> })}
        <p><a id="health-back" href="/home">"Back"</a></p>
    }
}
