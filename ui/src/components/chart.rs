//! A kind's chart over time and the list of its latest values (to change or delete, on the
//! patient's own screen).

use haven_api::chart::Axis;
use haven_api::shell::{ReadingView, SeriesView};
use haven_api::ObservationValue;
use haven_i18n::tr;
use leptos::prelude::*;
use wasm_bindgen::JsValue;

fn date(ms: f64) -> js_sys::Date {
    js_sys::Date::new(&JsValue::from_f64(ms))
}

/// A time as people read it, in the device's time zone and the app's language:
/// `29 Nov 2026, 14:05`.
fn local_time(ms: f64) -> String {
    let d = date(ms);
    haven_i18n::app().date_time(
        d.get_full_year() as i32,
        d.get_month() + 1,
        d.get_date(),
        d.get_hours(),
        d.get_minutes(),
    )
}

/// An RFC 3339 time as a `datetime-local` input's value (the device's time zone).
pub fn local_input_value(rfc3339: &str) -> String {
    let d = js_sys::Date::new(&JsValue::from_str(rfc3339));
    if d.get_time().is_nan() {
        return String::new();
    }
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date(),
        d.get_hours(),
        d.get_minutes()
    )
}

/// An RFC 3339 time as [`local_time`] shows it.
pub fn time_of(rfc3339: &str) -> String {
    let ms = js_sys::Date::parse(rfc3339);
    if ms.is_nan() {
        rfc3339.to_owned()
    } else {
        local_time(ms)
    }
}

/// A number on the chart (axis, hover, range), to one decimal, as the app's language writes it.
fn number(v: f64) -> String {
    haven_i18n::app().number(v, 1)
}

/// A value as people read it, with its unit and its numbers written as the app's language writes
/// them: `72 bpm`, `120/80 mmHg`, `Headache (4/10)` (a symptom carries its own scale).
fn shown(value: &ObservationValue, unit: &str) -> String {
    let lang = haven_i18n::app();
    match value {
        ObservationValue::Symptom(_) => value.shown(lang),
        ObservationValue::Number(_) | ObservationValue::BloodPressure(_) => {
            tr!("health-value", value = value.shown(lang), unit = unit)
        }
    }
}

/// A line chart of one kind over time (SVG): one line per number (blood pressure draws two, named
/// in a legend), a padded value axis on round steps, the first and last time below and each
/// point's time and value on hover. Under it, the latest values; `change` and `delete` add their
/// buttons (the patient's own values).
#[component]
pub fn Chart(
    s: SeriesView,
    #[prop(optional, into)] change: Option<Callback<ReadingView>>,
    #[prop(optional, into)] delete: Option<Callback<String>>,
) -> impl IntoView {
    const W: f64 = 320.0;
    const H: f64 = 120.0;
    const PAD: f64 = 6.0;
    let kind = s.kind.as_str();
    let lines = s.points.first().map_or(0, |p| p.1.len());
    let (t0, t1) = (s.points.first().map_or(0, |p| p.0), s.points.last().map_or(0, |p| p.0));
    let vals = s.points.iter().flat_map(|p| p.1.iter().copied());
    let (lo, hi) = vals.fold((f64::MAX, f64::MIN), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let axis = Axis::for_values(s.kind, lo, hi);
    let ticks = axis.ticks();
    let span_t = (t1 - t0).max(1) as f64;
    let x_of = |t: i64| if t1 == t0 { W / 2.0 } else { PAD + (t - t0) as f64 / span_t * (W - 2.0 * PAD) };
    let y_of = |v: f64| H - axis.fraction(v) * H;
    // The kind's and its lines' names, in the app's language.
    let label = s.kind.name().text();
    let names: Vec<String> = s.kind.line_names().iter().map(|n| n.text()).collect();
    let grid = ticks
        .iter()
        .map(|t| view! { <line class="grid" x1="0" x2=W.to_string() y1=format!("{:.1}", y_of(*t)) y2=format!("{:.1}", y_of(*t))/> })
        .collect_view();
    // Each line's points; with few values each also gets a dot that names its time and value on
    // hover (a single value is a dot alone).
    let dots = s.points.len() <= 60;
    let unit = s.kind.unit_name().text();
    let polylines = (0..lines)
        .map(|i| {
            let pts: Vec<(f64, f64, i64, f64)> = s
                .points
                .iter()
                .filter_map(|(t, v)| v.get(i).map(|v| (x_of(*t), y_of(*v), *t, *v)))
                .collect();
            let class = if i == 0 { "line" } else { "line second" };
            let line = pts.iter().map(|(x, y, ..)| format!("{x:.1},{y:.1}")).collect::<Vec<_>>().join(" ");
            let unit = unit.clone();
            let marks = dots.then(|| {
                pts.iter()
                    .map(|(x, y, t, v)| {
                        let (time, value) = (local_time(*t as f64), number(*v));
                        let tip = match names.get(i) {
                            Some(line) => tr!("health-chart-point-line", time = time, line = line, value = value, unit = &unit),
                            None => tr!("health-chart-point", time = time, value = value, unit = &unit),
                        };
                        view! { <circle class=class cx=format!("{x:.1}") cy=format!("{y:.1}") r="3"><title>{tip}</title></circle> }
                    })
                    .collect_view()
            });
            view! { <polyline class=class points=line/> {marks} }
        })
        .collect_view();
    let n = s.points.len();
    let count = tr!("health-chart-count", count = n);
    let (from, to, low, high) = (local_time(t0 as f64), local_time(t1 as f64), number(lo), number(hi));
    let title =
        tr!("health-chart-title", kind = &label, count = n, from = from, to = to, low = low, high = high, unit = &unit);
    let legend = (names.len() > 1).then(|| {
        view! {
            <ul class="legend">{names.iter().enumerate().map(|(i, n)| view! {
                <li><span class=if i == 0 { "swatch" } else { "swatch second" } aria-hidden="true"></span>{n.clone()}</li>
            }).collect_view()}</ul>
        }
    });
    let latest = s.recent.first().map(|r| shown(&r.value, &unit)).unwrap_or_default();
    let confirming = RwSignal::new(None::<String>);
    let readings = s
        .recent
        .into_iter()
        .map(|r| {
            let id = r.id.clone();
            let (cid, did) = (id.clone(), id.clone());
            let buttons = (change.is_some() || delete.is_some()).then(|| {
                let r = r.clone();
                view! {
                    {move || if confirming.get().as_deref() == Some(id.as_str()) {
                        let yes = did.clone();
                        view! {
                            <span class="confirm" role="group" aria-label=tr!("health-chart-delete-question")>
                                {tr!("health-chart-delete-question")}
                                <button class="delete-yes" type="button" on:click=move |_| { confirming.set(None); if let Some(d) = delete { d.run(yes.clone()) } }>{tr!("health-chart-delete")}</button>
                                <button class="secondary delete-no" type="button" on:click=move |_| confirming.set(None)>{tr!("health-chart-keep")}</button>
                            </span>
                        }.into_any()
                    } else {
                        let (r, id) = (r.clone(), cid.clone());
                        view! {
                            <span class="actions">
                                {change.map(|c| view! { <button class="secondary change" type="button" on:click=move |_| c.run(r.clone())>{tr!("health-chart-change")}</button> })}
                                {delete.map(|_| view! { <button class="secondary delete" type="button" on:click=move |_| confirming.set(Some(id.clone()))>{tr!("health-chart-delete")}</button> })}
                            </span>
                        }.into_any()
                    }}
                }
            });
            view! {
                <li data-id=r.id.clone()>
                    <time datetime=r.recorded_at.clone()>{time_of(&r.recorded_at)}</time>
                    <strong class="value">{shown(&r.value, &unit)}</strong>
                    {r.note.clone().map(|n| view! { <span class="hint">{n}</span> })}
                    {buttons}
                </li>
            }
        })
        .collect_view();
    view! {
        <figure class="chart" id=format!("chart-{kind}")>
            <figcaption><strong>{label.clone()}</strong> " " {tr!("health-chart-latest")} " " <span class="latest">{latest}</span></figcaption>
            {legend}
            <div class="plot">
                <div class="yaxis" aria-hidden="true">{ticks.iter().rev().map(|t| view! { <span>{number(*t)}</span> }).collect_view()}</div>
                <svg viewBox=format!("0 0 {W} {H}") role="img" aria-label=title preserveAspectRatio="none">{grid}{polylines}</svg>
            </div>
            // The axis runs left to right; each label reads in its own language's direction.
            <div class="xaxis"><span class="from" dir="auto">{local_time(t0 as f64)}</span><span dir="auto">{count}</span>{(t1 != t0).then(|| view! { <span class="to" dir="auto">{local_time(t1 as f64)}</span> })}</div>
        </figure>
        <h3 class="readings-title">{tr!("health-chart-latest-values", kind = label.to_lowercase())}</h3>
        <ul class="rows readings" id=format!("readings-{kind}")>{readings}</ul>
    }
}
