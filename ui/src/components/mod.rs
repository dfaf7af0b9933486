//! Pieces shared by several screens.

use crate::ipc::invoke;
use haven_api::shell::{cmd, PasswordArgs, SeriesView, TotpSetup, UiError};
use leptos::prelude::*;

/// The service's sentence for one field of an `unprocessable` error, shown under that field.
pub fn field_error(error: RwSignal<Option<UiError>>, field: &'static str) -> impl IntoView {
    move || {
        error
            .get()
            .and_then(|e| e.fields.get(field).cloned())
            .map(|m| view! { <span class="error" id=format!("{field}-error")>{m}</span> })
    }
}

/// Name, new password and terms: the part of creating an account that joining by invite and
/// signing up with an enrolment code share.
#[component]
pub fn AccountFields(
    name: RwSignal<String>,
    password: RwSignal<String>,
    terms: RwSignal<bool>,
    error: RwSignal<Option<UiError>>,
) -> impl IntoView {
    view! {
        <label>"Your name"
            <input id="name" type="text" autocomplete="name" required prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/>
            {field_error(error, "name")}
        </label>
        <label>"Password (at least 12 characters)"
            <input id="new-password" type="password" autocomplete="new-password" required prop:value=move || password.get() on:input=move |ev| password.set(event_target_value(&ev))/>
            {field_error(error, "password")}
        </label>
        <label class="check">
            <input id="accept-terms" type="checkbox" prop:checked=move || terms.get() on:change=move |ev| terms.set(event_target_checked(&ev))/>
            "I accept the terms of use and the privacy notice"
        </label>
        {field_error(error, "accept_terms")}
    }
}

/// A one-time code field (texted or from an authenticator app).
#[component]
pub fn CodeField(id: &'static str, label: &'static str, code: RwSignal<String>) -> impl IntoView {
    view! {
        <label>{label}
            <input id=id type="text" inputmode="numeric" autocomplete="one-time-code" required prop:value=move || code.get() on:input=move |ev| code.set(event_target_value(&ev))/>
        </label>
    }
}

/// The second-step methods to choose from: a radio button each (`#method-<name>`).
#[component]
pub fn MethodChoice(methods: Vec<String>, method: RwSignal<String>) -> impl IntoView {
    let label = |m: &str| match m {
        "sms" => "Text message code",
        "totp" => "Authenticator app code",
        _ => "Recovery code",
    };
    view! {
        <fieldset>
            <legend>"Use"</legend>
            {methods.into_iter().map(|m| {
                let (m2, m3) = (m.clone(), m.clone());
                view! {
                    <label class="check">
                        <input type="radio" name="method" id=format!("method-{m}") prop:checked=move || method.get() == m2
                            on:change=move |_| method.set(m3.clone())/>
                        {label(&m)}
                    </label>
                }
            }).collect_view()}
        </fieldset>
    }
}

/// Authenticator-app set-up: the QR code to scan and the key to type by hand.
#[component]
pub fn TotpQr(t: TotpSetup) -> impl IntoView {
    view! {
        <p>"Scan this code with your authenticator app, or enter the key by hand."</p>
        <div id="qr" class="qr" inner_html=t.qr_svg></div>
        <p>"Key: " <code id="totp-secret" class="wrap">{t.secret}</code></p>
    }
}

/// The password prompt of a sensitive action: shown while `open` holds something; `confirmed`
/// runs after the service accepted the password (the action then carries on).
#[component]
pub fn ReauthForm(
    open: Signal<bool>,
    on_cancel: Callback<()>,
    confirmed: Callback<()>,
    error: RwSignal<Option<UiError>>,
) -> impl IntoView {
    let password = RwSignal::new(String::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        leptos::task::spawn_local(async move {
            match invoke::<cmd::Reauth>(&PasswordArgs { password: password.get_untracked() }).await {
                Ok(()) => {
                    password.set(String::new());
                    confirmed.run(());
                }
                Err(e) => {
                    password.set(String::new());
                    error.set(Some(e));
                }
            }
        });
    };
    move || {
        open.get().then(|| view! {
        <form id="reauth" on:submit=submit>
            <p><strong>"Confirm it is you."</strong> " Enter your password to continue."</p>
            <label>"Password"
                <input id="reauth-password" type="password" autocomplete="current-password" required prop:value=move || password.get() on:input=move |ev| password.set(event_target_value(&ev))/>
            </label>
            <div class="actions">
                <button id="reauth-confirm" type="submit">"Confirm"</button>
                <button type="button" class="secondary" on:click=move |_| { password.set(String::new()); on_cancel.run(()); }>"Cancel"</button>
            </div>
        </form>
    })
    }
}

/// A line chart of one kind over time (SVG): one line per number (blood pressure draws two),
/// the lowest and highest value on the left, the first and last day below.
#[component]
pub fn Chart(s: SeriesView) -> impl IntoView {
    const W: f64 = 320.0;
    const H: f64 = 120.0;
    const PAD: f64 = 6.0;
    let lines = s.points.first().map_or(0, |p| p.1.len());
    let (t0, t1) = (s.points.first().map_or(0, |p| p.0), s.points.last().map_or(0, |p| p.0));
    let vals = s.points.iter().flat_map(|p| p.1.iter().copied());
    let (lo, hi) = vals.fold((f64::MAX, f64::MIN), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let span_t = (t1 - t0).max(1) as f64;
    let span_v = if hi > lo { hi - lo } else { 1.0 };
    // Each line's points; with few values each also gets a dot (a single value is a dot alone).
    let dots = s.points.len() <= 60;
    let polylines = (0..lines)
        .map(|i| {
            let pts: Vec<(f64, f64)> = s
                .points
                .iter()
                .filter_map(|(t, v)| {
                    v.get(i).map(|v| {
                        let x = if t1 == t0 { W / 2.0 } else { PAD + (*t - t0) as f64 / span_t * (W - 2.0 * PAD) };
                        (x, H - PAD - (v - lo) / span_v * (H - 2.0 * PAD))
                    })
                })
                .collect();
            let class = if i == 0 { "line" } else { "line second" };
            let line = pts.iter().map(|(x, y)| format!("{x:.1},{y:.1}")).collect::<Vec<_>>().join(" ");
            let marks = dots.then(|| {
                pts.iter()
                    .map(|(x, y)| view! { <circle class=class cx=format!("{x:.1}") cy=format!("{y:.1}") r="2.5"/> })
                    .collect_view()
            });
            view! { <polyline class=class points=line/> {marks} }
        })
        .collect_view();
    let day = |ms: i64| {
        js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64))
            .to_iso_string()
            .as_string()
            .unwrap_or_default()
            .get(..10)
            .unwrap_or_default()
            .to_owned()
    };
    let fmt = |v: f64| if v.fract() == 0.0 { format!("{v:.0}") } else { format!("{v:.1}") };
    let title = format!("{} over time, {} values from {} to {} {}", s.label, s.points.len(), fmt(lo), fmt(hi), s.unit);
    view! {
        <figure class="chart" id=format!("chart-{}", s.kind.as_str())>
            <figcaption><strong>{s.label.clone()}</strong> " — latest " <span class="latest">{s.latest.clone()}</span></figcaption>
            <div class="plot">
                <div class="yaxis"><span>{fmt(hi)}</span><span>{fmt(lo)}</span></div>
                <svg viewBox=format!("0 0 {W} {H}") role="img" aria-label=title preserveAspectRatio="none">{polylines}</svg>
            </div>
            <div class="xaxis"><span>{day(t0)}</span><span>{if s.points.len() == 1 { "1 value".to_owned() } else { format!("{} values", s.points.len()) }}</span><span>{day(t1)}</span></div>
        </figure>
    }
}
