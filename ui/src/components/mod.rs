//! Pieces shared by several screens.

use crate::ipc::{TotpSetup, UiError};
use leptos::prelude::*;

/// The service's sentence for one field of an `unprocessable` error, shown under that field.
pub fn field_error(error: RwSignal<Option<UiError>>, field: &'static str) -> impl IntoView {
    move || error.get().and_then(|e| e.fields.get(field).cloned()).map(|m| view! { <span class="error" id=format!("{field}-error")>{m}</span> })
}

/// Name, new password and terms: the part of creating an account that joining by invite and
/// signing up with an enrolment code share.
#[component]
pub fn AccountFields(name: RwSignal<String>, password: RwSignal<String>, terms: RwSignal<bool>, error: RwSignal<Option<UiError>>) -> impl IntoView {
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

/// Authenticator-app set-up: the QR code to scan and the key to type by hand.
#[component]
pub fn TotpQr(t: TotpSetup) -> impl IntoView {
    view! {
        <p>"Scan this code with your authenticator app, or enter the key by hand."</p>
        <div id="qr" class="qr" inner_html=t.qr_svg></div>
        <p>"Key: " <code id="totp-secret" class="wrap">{t.secret}</code></p>
    }
}
