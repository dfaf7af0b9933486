//! A kind's chart over time and the list of its latest values (to change or delete, on the
//! patient's own screen).

use haven_api::chart::Axis;
use haven_api::shell::{ReadingView, SeriesView};
use leptos::prelude::*;
use wasm_bindgen::JsValue;

const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

fn date(ms: f64) -> js_sys::Date {
    js_sys::Date::new(&JsValue::from_f64(ms))
}

/// A time as people read it, in the device's time zone: `29 Nov 2026, 14:05`.
fn local_time(ms: f64) -> String {
    let d = date(ms);
    format!(
        "{} {} {}, {:02}:{:02}",
        d.get_date(),
        MONTHS[d.get_month() as usize % 12],
        d.get_full_year(),
        d.get_hours(),
        d.get_minutes()
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

fn number(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
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
    let names = s.kind.line_names();
    let grid = ticks
        .iter()
        .map(|t| view! { <line class="grid" x1="0" x2=W.to_string() y1=format!("{:.1}", y_of(*t)) y2=format!("{:.1}", y_of(*t))/> })
        .collect_view();
    // Each line's points; with few values each also gets a dot that names its time and value on
    // hover (a single value is a dot alone).
    let dots = s.points.len() <= 60;
    let unit = s.unit.clone();
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
                        let what = names.get(i).map_or(String::new(), |n| format!("{n} "));
                        let tip = format!("{}: {what}{} {unit}", local_time(*t as f64), number(*v));
                        view! { <circle class=class cx=format!("{x:.1}") cy=format!("{y:.1}") r="3"><title>{tip}</title></circle> }
                    })
                    .collect_view()
            });
            view! { <polyline class=class points=line/> {marks} }
        })
        .collect_view();
    let count = if s.points.len() == 1 { "1 value".to_owned() } else { format!("{} values", s.points.len()) };
    let title = format!(
        "{} over time: {count} from {} to {}, between {} and {} {}",
        s.label,
        local_time(t0 as f64),
        local_time(t1 as f64),
        number(lo),
        number(hi),
        s.unit
    );
    let legend = (names.len() > 1).then(|| {
        view! {
            <ul class="legend">{names.iter().enumerate().map(|(i, n)| view! {
                <li><span class=if i == 0 { "swatch" } else { "swatch second" } aria-hidden="true"></span>{*n}</li>
            }).collect_view()}</ul>
        }
    });
    let latest = s.recent.first().map(|r| r.shown.clone()).unwrap_or_default();
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
                            <span class="confirm" role="group" aria-label="Delete this value?">
                                "Delete this value?"
                                <button class="delete-yes" type="button" on:click=move |_| { confirming.set(None); if let Some(d) = delete { d.run(yes.clone()) } }>"Delete"</button>
                                <button class="secondary delete-no" type="button" on:click=move |_| confirming.set(None)>"Keep"</button>
                            </span>
                        }.into_any()
                    } else {
                        let (r, id) = (r.clone(), cid.clone());
                        view! {
                            <span class="actions">
                                {change.map(|c| view! { <button class="secondary change" type="button" on:click=move |_| c.run(r.clone())>"Change"</button> })}
                                {delete.map(|_| view! { <button class="secondary delete" type="button" on:click=move |_| confirming.set(Some(id.clone()))>"Delete"</button> })}
                            </span>
                        }.into_any()
                    }}
                }
            });
            view! {
                <li data-id=r.id.clone()>
                    <time datetime=r.recorded_at.clone()>{time_of(&r.recorded_at)}</time>
                    <strong class="value">{r.shown.clone()}</strong>
                    {r.note.clone().map(|n| view! { <span class="hint">{n}</span> })}
                    {buttons}
                </li>
            }
        })
        .collect_view();
    view! {
        <figure class="chart" id=format!("chart-{kind}")>
            <figcaption><strong>{s.label.clone()}</strong> " — latest " <span class="latest">{latest}</span></figcaption>
            {legend}
            <div class="plot">
                <div class="yaxis" aria-hidden="true">{ticks.iter().rev().map(|t| view! { <span>{number(*t)}</span> }).collect_view()}</div>
                <svg viewBox=format!("0 0 {W} {H}") role="img" aria-label=title preserveAspectRatio="none">{grid}{polylines}</svg>
            </div>
            <div class="xaxis"><span class="from">{local_time(t0 as f64)}</span><span>{count}</span>{(t1 != t0).then(|| view! { <span class="to">{local_time(t1 as f64)}</span> })}</div>
        </figure>
        <h3 class="readings-title">{format!("Latest {} values", s.label.to_lowercase())}</h3>
        <ul class="rows readings" id=format!("readings-{kind}")>{readings}</ul>
    }
}
