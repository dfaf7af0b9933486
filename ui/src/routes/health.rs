//! The patient's health screen: record an observation (kept on this device first, sent when
//! the service can be reached), what waits to be sent and what was refused, and a chart per
//! kind, with its latest values to change or delete. A value can be entered for an earlier time.
//! Without a signed consent nothing is captured, and the screen says why.

use crate::components::{focus_field, local_input_value, Chart, Note, Tab, TabBar};
use crate::ipc::invoke;
use haven_api::shell::{cmd, ChangeObservation, HealthView, IdArgs, NewObservation, ReadingView, UiCode};
use haven_api::{BloodPressure, ConsentStatus, Kind, ObservationValue, RowState, Symptom};
use haven_i18n::tr;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos::wasm_bindgen::JsValue;

/// The form's fields as typed; turned into a value here, so bad input never leaves the screen
/// without its own sentence. Numbers may be typed in any language's digits, with a decimal point,
/// comma or Arabic decimal separator.
fn value_of(kind: Kind, a: &str, b: &str, name: &str) -> Result<ObservationValue, String> {
    let num = |s: &str, refused: fn() -> String| {
        haven_i18n::ascii_digits(s.trim()).replace(',', ".").parse::<f64>().map_err(|_| refused())
    };
    Ok(match kind {
        Kind::BloodPressure => ObservationValue::BloodPressure(BloodPressure {
            systolic: num(a, || tr!("health-enter-systolic"))?,
            diastolic: num(b, || tr!("health-enter-diastolic"))?,
        }),
        Kind::Symptom => ObservationValue::Symptom(Symptom {
            name: name.trim().to_owned(),
            severity: num(a, || tr!("health-enter-severity"))?,
        }),
        _ => ObservationValue::Number(num(a, || tr!("health-enter-value"))?),
    })
}

/// The `datetime-local` field as an RFC 3339 time (None: now). Refused with its own sentence when
/// it is not a time or is in the future.
fn when_of(typed: &str) -> Result<Option<String>, String> {
    if typed.trim().is_empty() {
        return Ok(None);
    }
    // A `datetime-local` value has no zone: the Date parser reads it as the device's local time.
    let d = js_sys::Date::new(&JsValue::from_str(typed.trim()));
    if d.get_time().is_nan() {
        return Err(tr!("health-when-not-a-time"));
    }
    if d.get_time() > js_sys::Date::now() + 60_000.0 {
        return Err(tr!("health-when-future"));
    }
    if d.get_full_year() < 1900 {
        return Err(tr!("health-when-before-1900"));
    }
    Ok(d.to_iso_string().as_string())
}

/// What the form says after a value was kept, and where it stands.
fn saved_sentence(v: &HealthView, changed: bool) -> String {
    match (&v.recorded, changed) {
        (Some(r), false) if r.state == RowState::Synced => tr!("health-saved-sent"),
        (Some(r), true) if r.state == RowState::Synced => tr!("health-changed-sent"),
        (Some(r), false) if r.state == RowState::Rejected => {
            tr!("health-saved-refused", reason = r.reason.clone().unwrap_or_default())
        }
        (Some(r), true) if r.state == RowState::Rejected => {
            tr!("health-changed-refused", reason = r.reason.clone().unwrap_or_default())
        }
        (_, false) => tr!("health-saved-waiting"),
        (_, true) => tr!("health-changed-waiting"),
    }
}

#[component]
pub fn HealthPage() -> impl IntoView {
    let data = LocalResource::new(|| async { invoke::<cmd::Health>(&()).await });
    let kind = RwSignal::new(Kind::HeartRate);
    let a = RwSignal::new(String::new());
    let b = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let when = RwSignal::new(String::new());
    // The value being changed (its id), if the form is changing one rather than recording.
    let changing = RwSignal::new(None::<String>);
    // The time the form showed for that value: unchanged, the value keeps its own (to the second).
    let when_was = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    // Which field the error is about (`value` or `when`), marked invalid and described by it.
    let bad_field = RwSignal::new(None::<&'static str>);
    let saved = RwSignal::new(None::<String>);
    let list_note = RwSignal::new(None::<String>);
    let list_error = RwSignal::new(None::<String>);
    let sync_error = RwSignal::new(None::<String>);
    let shown = RwSignal::new(None::<HealthView>);
    Effect::new(move |_| {
        if let Some(Ok(v)) = data.get() {
            shown.set(Some(v));
        }
    });
    let clear = move || {
        a.set(String::new());
        b.set(String::new());
        name.set(String::new());
        note.set(String::new());
        when.set(String::new());
        changing.set(None);
    };
    let marked = move |field: &'static str| error.get().is_some() && bad_field.get() == Some(field);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(None);
        error.set(None);
        list_note.set(None);
        list_error.set(None);
        let k = kind.get_untracked();
        let value = value_of(k, &a.get_untracked(), &b.get_untracked(), &name.get_untracked());
        let typed = when.get_untracked();
        let at = if changing.get_untracked().is_some() && typed == when_was.get_untracked() {
            Ok(None)
        } else {
            when_of(&typed)
        };
        let (value, recorded_at) = match (value, at) {
            (Ok(v), Ok(t)) => (v, t),
            (Err(m), _) => {
                bad_field.set(Some("value"));
                return error.set(Some(m));
            }
            (_, Err(m)) => {
                bad_field.set(Some("when"));
                return error.set(Some(m));
            }
        };
        let n = note.get_untracked();
        let note_value = (!n.trim().is_empty()).then_some(n);
        let id = changing.get_untracked();
        spawn_local(async move {
            let answer = match &id {
                Some(id) => {
                    let change = ChangeObservation { id: id.clone(), value, recorded_at, note: note_value };
                    invoke::<cmd::ChangeObservation>(&change).await
                }
                None => invoke::<cmd::Record>(&NewObservation { kind: k, value, recorded_at, note: note_value }).await,
            };
            match answer {
                Ok(v) => {
                    clear();
                    saved.set(Some(saved_sentence(&v, id.is_some())));
                    shown.set(Some(v));
                }
                Err(e) => {
                    bad_field.set((e.code == UiCode::Unprocessable).then_some("value"));
                    error.set(Some(e.text()))
                }
            }
        });
    };
    let start_change = Callback::new(move |r: ReadingView| {
        saved.set(None);
        error.set(None);
        list_note.set(None);
        let k = shown
            .get_untracked()
            .and_then(|v| v.series.iter().find(|s| s.recent.iter().any(|x| x.id == r.id)).map(|s| s.kind));
        if let Some(k) = k {
            kind.set(k);
        }
        let n = |v: f64| v.to_string();
        match &r.value {
            ObservationValue::BloodPressure(bp) => {
                a.set(n(bp.systolic));
                b.set(n(bp.diastolic));
            }
            ObservationValue::Symptom(sy) => {
                name.set(sy.name.clone());
                a.set(n(sy.severity));
            }
            ObservationValue::Number(v) => a.set(n(*v)),
        }
        note.set(r.note.clone().unwrap_or_default());
        when.set(local_input_value(&r.recorded_at));
        when_was.set(local_input_value(&r.recorded_at));
        changing.set(Some(r.id));
        // The form is above the charts: take the person there.
        focus_field("value");
    });
    let delete = Callback::new(move |id: String| {
        // Messages still showing would take the focus again when the screen is redrawn.
        saved.set(None);
        error.set(None);
        list_note.set(None);
        list_error.set(None);
        spawn_local(async move {
            match invoke::<cmd::DeleteObservation>(&IdArgs { id: id.clone() }).await {
                Ok(v) => {
                    // `try_`: the screen may have gone meanwhile, its signals with it.
                    if changing.try_get_untracked().flatten().as_deref() == Some(id.as_str()) {
                        clear();
                    }
                    shown.set(Some(v));
                    list_note.set(Some(tr!("health-deleted")));
                }
                Err(e) => list_error.set(Some(e.text())),
            }
        });
    });
    let sync = move |_| {
        saved.set(None);
        error.set(None);
        sync_error.set(None);
        spawn_local(async move {
            match invoke::<cmd::SyncNow>(&()).await {
                Ok(v) => shown.set(Some(v)),
                Err(e) => sync_error.set(Some(e.text())),
            }
        });
    };
    view! {
        <TabBar current=Tab::Health/>
        <h1>{tr!("health-title")}</h1>
        {move || match data.get() {
            Some(Err(e)) => Some(view! { <p class="error" role="alert">{e.text()}</p> }.into_any()),
            _ => None,
        }}
        {move || shown.get().map(|v| view! {
            {v.store_lost.clone().map(|m| view! { <p id="store-lost" class="banner error" role="alert">{m}</p> })}
            {(!v.collecting).then(|| view! {
                <section class="banner" id="not-collecting" role="status">
                    {if v.consent == ConsentStatus::Withdrawn {
                        tr!("health-consent-withdrawn")
                    } else {
                        tr!("health-consent-not-signed")
                    }}
                    " " <a id="consent-link" href="/consent">{tr!("health-consent-link")}</a>
                </section>
            })}
            {v.collecting.then(|| view! {
                <section class="panel" aria-labelledby="record-title">
                    <h2 id="record-title">{move || if changing.get().is_some() { tr!("health-change-title") } else { tr!("health-record-title") }}</h2>
                    <p class="hint" id="emergency">{tr!("health-emergency")}</p>
                    <form id="record" on:submit=submit>
                        <label>{tr!("health-kind")}
                            <select id="kind" prop:disabled=move || changing.get().is_some() prop:value=move || kind.get().as_str() on:change=move |ev| if let Some(k) = Kind::parse(&event_target_value(&ev)) { kind.set(k) }>
                                {Kind::ALL.map(|k| view! { <option value=k.as_str()>{tr!("health-kind-option", kind = k.name().text(), unit = k.unit_name().text())}</option> }).collect_view()}
                            </select>
                        </label>
                        {move || (kind.get() == Kind::Symptom).then(|| view! {
                            <label>{tr!("health-symptom")} <input id="symptom-name" type="text" prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/></label>
                        })}
                        <label>{move || match kind.get() { Kind::BloodPressure => tr!("health-systolic"), Kind::Symptom => tr!("health-severity"), _ => tr!("health-value-label") }}
                            <input id="value" type="text" inputmode="decimal" required prop:value=move || a.get() on:input=move |ev| a.set(event_target_value(&ev))
                                aria-describedby=move || marked("value").then_some("record-error") aria-invalid=move || marked("value").then_some("true")/>
                        </label>
                        {move || (kind.get() == Kind::BloodPressure).then(|| view! {
                            <label>{tr!("health-diastolic")} <input id="value2" type="text" inputmode="decimal" required prop:value=move || b.get() on:input=move |ev| b.set(event_target_value(&ev))/></label>
                        })}
                        <label>{tr!("health-when")}
                            <input id="when" type="datetime-local" prop:value=move || when.get() on:input=move |ev| when.set(event_target_value(&ev))
                                aria-describedby=move || marked("when").then_some("record-error") aria-invalid=move || marked("when").then_some("true")/>
                        </label>
                        <label>{tr!("health-note")} <input id="note" type="text" maxlength="1000" prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))/></label>
                        <Note id="record-error" text=error error=true/>
                        <Note id="saved" text=saved focus=true/>
                        <div class="actions">
                            <button id="save" type="submit">{move || if changing.get().is_some() { tr!("health-save-change") } else { tr!("health-save") }}</button>
                            {move || changing.get().is_some().then(|| view! {
                                <button id="cancel-change" class="secondary" type="button" on:click=move |_| { clear(); error.set(None); }>{tr!("health-cancel")}</button>
                            })}
                        </div>
                    </form>
                </section>
            })}
            <section class="panel" aria-labelledby="sync-title">
                <h2 id="sync-title">{tr!("health-sync-title")}</h2>
                <p id="sync-state" role="status">{if v.pending == 0 { tr!("health-all-sent") } else { tr!("health-waiting", count = v.pending) }}</p>
                {v.sync_error.clone().map(|e| view! { <p id="sync-error" class="hint">{e}</p> })}
                {(!v.rejected.is_empty()).then(|| view! {
                    <p><strong>{tr!("health-refused")}</strong></p>
                    <ul id="rejected" class="rows">{v.rejected.iter().map(|(_, why)| view! { <li>{why.clone()}</li> }).collect_view()}</ul>
                })}
                <button id="sync-now" class="secondary" on:click=sync>{tr!("health-sync-now")}</button>
                <Note id="sync-now-error" text=sync_error error=true/>
            </section>
            <section aria-labelledby="charts-title">
                <h2 id="charts-title">{tr!("health-over-time")}</h2>
                <Note id="list-status" text=list_note focus=true/>
                <Note id="list-error" text=list_error error=true/>
                {if v.series.is_empty() { view! { <p class="hint">{tr!("health-nothing-yet")}</p> }.into_any() } else if v.collecting {
                    v.series.into_iter().map(|s| view! { <Chart s change=start_change delete=delete/> }).collect_view().into_any()
                } else {
                    v.series.into_iter().map(|s| view! { <Chart s/> }).collect_view().into_any()
                }}
            </section>
        })}
        <p><a id="health-back" href="/home">{tr!("health-back")}</a></p>
    }
}
