//! Pieces shared by several screens.

use crate::ipc::invoke;
use haven_api::shell::{cmd, CodesArgs, PasswordArgs, SlugArgs, TotpSetup, UiCode, UiError};
use haven_api::{phone, SmsDelivery, SmsDeliveryState, StepMethod};
use haven_i18n::tr;
use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;

mod chart;
pub use chart::{local_input_value, time_of, Chart};

/// The service's sentence for one field of an `unprocessable` error, shown under the control
/// `input` (its element id) and tied to it: the control is described by the sentence
/// (`aria-describedby`) and marked invalid (`aria-invalid`; not on a group), both undone when the
/// error goes. The control takes the focus when the error appears (the first such one, where the
/// person was not already typing), so the view scrolls to it and a screen reader reads the error
/// with it.
pub fn field_error(error: RwSignal<Option<UiError>>, field: &'static str, input: &'static str) -> impl IntoView {
    let error_id = format!("{field}-error");
    let described = error_id.clone();
    Effect::new(move |_| {
        let shown = error.get().and_then(|e| e.fields.get(field).cloned()).is_some();
        let Some(control) = document().get_element_by_id(input) else { return };
        let others: Vec<String> = control
            .get_attribute("aria-describedby")
            .unwrap_or_default()
            .split_whitespace()
            .filter(|id| *id != described)
            .map(str::to_owned)
            .collect();
        let field_like = matches!(control.tag_name().as_str(), "INPUT" | "SELECT" | "TEXTAREA");
        if shown {
            let ids = others.iter().map(String::as_str).chain([described.as_str()]).collect::<Vec<_>>().join(" ");
            let _ = control.set_attribute("aria-describedby", &ids);
            if field_like {
                let _ = control.set_attribute("aria-invalid", "true");
            }
            let typing =
                document().active_element().is_some_and(|a| matches!(a.tag_name().as_str(), "INPUT" | "SELECT"));
            let focusable =
                if field_like { Some(control) } else { control.query_selector("input, select").ok().flatten() };
            if let (false, Some(Ok(el))) = (typing, focusable.map(|c| c.dyn_into::<leptos::web_sys::HtmlElement>())) {
                let _ = el.focus();
            }
        } else {
            let _ = match others.is_empty() {
                true => control.remove_attribute("aria-describedby"),
                false => control.set_attribute("aria-describedby", &others.join(" ")),
            };
            let _ = control.remove_attribute("aria-invalid");
        }
    });
    move || {
        error
            .get()
            .and_then(|e| e.fields.get(field).cloned())
            .map(|m| view! { <span class="error" id=error_id.clone() role="alert">{m}</span> })
    }
}

/// Moves the focus to the element `id`, if it is on the page.
pub fn focus_field(id: &str) {
    if let Some(el) = document().get_element_by_id(id).and_then(|e| e.dyn_into::<leptos::web_sys::HtmlElement>().ok()) {
        let _ = el.focus();
    }
}

/// A message beside the control it is about: an error (`role=alert`, and it takes the focus so
/// the view scrolls to it and a screen reader reads it there) or a confirmation (`role=status`;
/// it takes the focus only when `focus` is set, e.g. after a form was sent, never after a
/// checkbox, which keeps it).
#[component]
pub fn Note(
    id: &'static str,
    #[prop(into)] text: Signal<Option<String>>,
    #[prop(optional)] error: bool,
    #[prop(optional)] focus: bool,
) -> impl IntoView {
    let node = NodeRef::<leptos::html::P>::new();
    Effect::new(move |_| {
        if let (Some(_), Some(p)) = (text.get(), node.get()) {
            if error || focus {
                let _ = p.focus();
            }
        }
    });
    let (class, role) = if error { ("error note", "alert") } else { ("status note", "status") };
    move || text.get().map(|t| view! { <p id=id class=class role=role tabindex="-1" node_ref=node>{t}</p> })
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
        <label>{tr!("common-your-name")}
            <input id="name" type="text" autocomplete="name" required prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/>
        </label>
        {field_error(error, "name", "name")}
        <label>{tr!("common-new-password")}
            <input id="new-password" type="password" autocomplete="new-password" required prop:value=move || password.get() on:input=move |ev| password.set(event_target_value(&ev))/>
        </label>
        {field_error(error, "password", "new-password")}
        <label class="check">
            <input id="accept-terms" type="checkbox" prop:checked=move || terms.get() on:change=move |ev| terms.set(event_target_checked(&ev))/>
            {tr!("common-accept-terms")}
        </label>
        {field_error(error, "accept_terms", "accept-terms")}
        // Read here, in place: following a link would lose what was typed above.
        <LegalInline slug="terms" summary=tr!("common-read-terms")/>
        <LegalInline slug="privacy" summary=tr!("common-read-privacy")/>
    }
}

/// A legal document that opens in place (fetched when opened).
#[component]
fn LegalInline(slug: &'static str, #[prop(into)] summary: String) -> impl IntoView {
    let open = RwSignal::new(false);
    let doc = LocalResource::new(move || {
        let wanted = open.get();
        async move {
            if wanted {
                Some(invoke::<cmd::LegalDocument>(&SlugArgs { slug: slug.to_owned() }).await)
            } else {
                None
            }
        }
    });
    view! {
        <details class="legal-inline" id=format!("{slug}-doc") on:toggle=move |ev| {
            if let Some(d) = ev.target().and_then(|t| t.dyn_into::<leptos::web_sys::HtmlDetailsElement>().ok()) { open.set(d.open()) }
        }>
            <summary>{summary}</summary>
            {move || doc.get().flatten().map(|r| match r {
                Ok(d) => view! { <Doc id=if slug == "terms" { "terms-body" } else { "privacy-body" } body=d.body/> }.into_any(),
                Err(e) => view! { <p class="error" role="alert">{e.text()}</p> }.into_any(),
            })}
        </details>
    }
}

/// A one-time code field (texted or from an authenticator app).
#[component]
pub fn CodeField(id: &'static str, #[prop(into)] label: String, code: RwSignal<String>) -> impl IntoView {
    view! {
        <label>{label}
            <input id=id type="text" inputmode="numeric" autocomplete="one-time-code" required prop:value=move || code.get() on:input=move |ev| code.set(event_target_value(&ev))/>
        </label>
    }
}

/// A legal text as the service keeps it (paragraphs split by blank lines; lines starting `- `
/// or `1. ` are list items), drawn as paragraphs and lists. Text only: nothing is read as HTML.
#[component]
pub fn Doc(id: &'static str, body: String) -> impl IntoView {
    enum Block {
        Para(String),
        Bullets(Vec<String>),
        Numbered(Vec<String>),
    }
    let mut blocks: Vec<Block> = Vec::new();
    for line in body.lines().map(str::trim) {
        let numbered = line.split_once(". ").filter(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
        match (line.strip_prefix("- "), numbered, blocks.last_mut()) {
            (_, _, _) if line.is_empty() => blocks.push(Block::Para(String::new())),
            (Some(item), _, Some(Block::Bullets(items))) => items.push(item.to_owned()),
            (Some(item), _, _) => blocks.push(Block::Bullets(vec![item.to_owned()])),
            (None, Some((_, item)), Some(Block::Numbered(items))) => items.push(item.to_owned()),
            (None, Some((_, item)), _) => blocks.push(Block::Numbered(vec![item.to_owned()])),
            (None, None, Some(Block::Para(p))) => {
                if !p.is_empty() {
                    p.push(' ');
                }
                p.push_str(line);
            }
            (None, None, _) => blocks.push(Block::Para(line.to_owned())),
        }
    }
    let items = |v: Vec<String>| v.into_iter().map(|i| view! { <li>{i}</li> }).collect_view();
    view! {
        <div id=id class="doc">
            {blocks.into_iter().map(|b| match b {
                Block::Para(p) if p.is_empty() => ().into_any(),
                Block::Para(p) => view! { <p>{p}</p> }.into_any(),
                Block::Bullets(v) => view! { <ul>{items(v)}</ul> }.into_any(),
                Block::Numbered(v) => view! { <ol>{items(v)}</ol> }.into_any(),
            }).collect_view()}
        </div>
    }
}

/// The country offered first for a phone number: the system language's, else the default.
pub fn default_country() -> String {
    let lang = js_sys::Reflect::get(&js_sys::global(), &"navigator".into())
        .and_then(|n| js_sys::Reflect::get(&n, &"language".into()))
        .ok()
        .and_then(|l| l.as_string())
        .unwrap_or_default();
    phone::country_of_language(&lang).map_or(phone::DEFAULT_COUNTRY, |c| c.id).to_owned()
}

/// A mobile number: its country (for a number typed as it is dialled at home) and the number,
/// with the service's sentence under it when it is refused. Ids: `#<id>` and `#<id>-country`.
#[component]
pub fn PhoneField(
    id: &'static str,
    phone: RwSignal<String>,
    country: RwSignal<String>,
    error: RwSignal<Option<UiError>>,
) -> impl IntoView {
    view! {
        <label>{tr!("common-phone-country")}
            <select id=format!("{id}-country") autocomplete="tel-country-code" prop:value=move || country.get()
                on:change=move |ev| country.set(event_target_value(&ev))>
                {phone::countries_in(haven_i18n::app()).into_iter().map(|(c, name)| view! { <option value=c.id>{format!("{name} (+{})", c.calling_code)}</option> }).collect_view()}
            </select>
        </label>
        <label>{tr!("common-phone-number")}
            <input id=id type="tel" autocomplete="tel" required aria-describedby=format!("{id}-hint")
                prop:value=move || phone.get() on:input=move |ev| phone.set(event_target_value(&ev))/>
            <span id=format!("{id}-hint") class="hint">{tr!("common-phone-hint", example = phone::EXAMPLE)}</span>
        </label>
        {field_error(error, "phone", id)}
    }
}

/// The second-step methods to choose from: a radio button each (`#method-<wire name>`).
#[component]
pub fn MethodChoice(methods: Vec<StepMethod>, method: RwSignal<StepMethod>) -> impl IntoView {
    view! {
        <fieldset>
            <legend>{tr!("common-method-use")}</legend>
            {methods.into_iter().map(|m| view! {
                <label class="check">
                    <input type="radio" name="method" id=format!("method-{}", m.as_str()) prop:checked=move || method.get() == m
                        on:change=move |_| method.set(m)/>
                    {m.name().text()}
                </label>
            }).collect_view()}
        </fieldset>
    }
}

/// The method a second step starts on: the first offered, unless no text could be sent (then the
/// next, which works at once).
pub fn first_method(methods: &[StepMethod], sms_held: bool) -> StepMethod {
    methods.iter().copied().find(|m| !(sms_held && *m == StepMethod::Sms)).unwrap_or(StepMethod::RecoveryCode)
}

/// Said when the first method is a text but none could be sent now (the hour's texts are used
/// up): when one can be asked for, and what works meanwhile.
#[component]
pub fn SmsHeld(id: &'static str, retry_after_s: u64, methods: Vec<StepMethod>) -> impl IntoView {
    let others = other_methods(&methods);
    view! {
        <p id=id class="notice" role="status">
            {tr!("common-sms-held", wait = wait_in_words(retry_after_s), others = others)}
        </p>
    }
}

/// What to say of a text that has not arrived, and what works meanwhile (`others`, in words);
/// None while it is on its way or once it has gone.
pub fn sms_problem(d: &SmsDelivery, others: &str) -> Option<String> {
    Some(match d.state {
        SmsDeliveryState::Retrying => {
            tr!("common-sms-retrying", wait = wait_in_words(d.retry_in_s.unwrap_or(0)), others = others)
        }
        SmsDeliveryState::Failed if d.resend_after_s > 0 => {
            tr!("common-sms-failed-wait", wait = wait_in_words(d.resend_after_s), others = others)
        }
        SmsDeliveryState::Failed => tr!("common-sms-failed", others = others),
        SmsDeliveryState::Sending | SmsDeliveryState::Sent => return None,
    })
}

/// Asks what became of a text every 2 s while `watching`, until it has gone or been given up
/// (then `watching` turns off), so a gateway outage is said on the screen instead of leaving
/// the person waiting for a code. `ask` is the question (a sign-in challenge's, a password
/// reset's); each answer goes to `delivery`, and a text given up sets `wait` to when a new code
/// can be asked for. One question at a time; an answer to a question asked before the watch last
/// started again (a new code) is dropped; the watch ends when the challenge or link is over, and
/// asks again after any other error. Stops with the screen.
pub fn watch_sms<Ask, Fut>(
    watching: RwSignal<bool>,
    ask: Ask,
    delivery: RwSignal<Option<SmsDelivery>>,
    wait: RwSignal<u64>,
) where
    Ask: Fn() -> Fut + 'static,
    Fut: std::future::Future<Output = Result<SmsDelivery, UiError>> + 'static,
{
    // Counts the starts of the watch (each new code), so an older answer is told apart.
    let started = RwSignal::new(0u64);
    Effect::new(move |_| {
        if watching.get() {
            started.update(|n| *n += 1);
        }
    });
    let asking = RwSignal::new(false);
    let handle = set_interval_with_handle(
        move || {
            if !watching.get_untracked() || asking.get_untracked() {
                return;
            }
            let asked_in = started.get_untracked();
            let asked = ask();
            asking.set(true);
            leptos::task::spawn_local(async move {
                let answer = asked.await;
                asking.set(false);
                // `try_`: the screen may have gone meanwhile, its signals with it.
                if started.try_get_untracked() != Some(asked_in) || watching.try_get_untracked() != Some(true) {
                    return;
                }
                match answer {
                    Ok(d) => {
                        if matches!(d.state, SmsDeliveryState::Sent | SmsDeliveryState::Failed) {
                            watching.set(false);
                        }
                        if d.state == SmsDeliveryState::Failed {
                            wait.set(d.resend_after_s);
                        }
                        delivery.set(Some(d));
                    }
                    // The challenge or the link is over: the next step will say so.
                    Err(e) if matches!(e.code, UiCode::Gone | UiCode::NotFound | UiCode::Forbidden) => {
                        watching.set(false)
                    }
                    // A passing failure (the service busy or out of reach): asked again.
                    Err(_) => {}
                }
            });
        },
        std::time::Duration::from_secs(2),
    );
    on_cleanup(move || {
        if let Ok(h) = handle {
            h.clear();
        }
    });
}

/// A countdown in seconds, one a second, for as long as the screen is shown.
pub fn countdown(from: u64) -> RwSignal<u64> {
    let wait = RwSignal::new(from);
    let tick =
        set_interval_with_handle(move || wait.update(|w| *w = w.saturating_sub(1)), std::time::Duration::from_secs(1));
    on_cleanup(move || {
        if let Ok(h) = tick {
            h.clear();
        }
    });
    wait
}

/// The methods besides a text that work at once, in words.
pub fn other_methods(methods: &[StepMethod]) -> String {
    if methods.contains(&StepMethod::Totp) {
        tr!("common-other-methods-totp")
    } else {
        tr!("common-other-methods-recovery")
    }
}

/// A wait as people say it: seconds up to a minute and a half, then whole minutes (rounded up).
pub fn wait_in_words(s: u64) -> String {
    if s <= 90 {
        tr!("common-wait-seconds", seconds = s)
    } else {
        tr!("common-wait-minutes", minutes = s.div_ceil(60))
    }
}

/// A QR code drawn here from its text (one path of dark squares, a 4-module quiet zone).
#[component]
pub fn Qr(text: String) -> impl IntoView {
    let Ok(code) = qrcode::QrCode::new(text.as_bytes()) else {
        return view! { <p class="hint">{tr!("common-qr-failed")}</p> }.into_any();
    };
    let width = code.width();
    let mut d = String::new();
    for (i, _) in code.to_colors().iter().enumerate().filter(|(_, c)| **c == qrcode::Color::Dark) {
        use std::fmt::Write;
        let _ = write!(d, "M{} {}h1v1h-1z", i % width + 4, i / width + 4);
    }
    let size = width + 8;
    view! {
        <svg viewBox=format!("0 0 {size} {size}") role="img" aria-label=tr!("common-qr-label") shape-rendering="crispEdges">
            <rect width=size height=size fill="#fff"/>
            <path d=d fill="#000"/>
        </svg>
    }
    .into_any()
}

/// Authenticator-app set-up: the QR code to scan and the key to type by hand, in groups of
/// four in a typeface that tells O from 0 (the app ignores the spaces).
#[component]
pub fn TotpQr(t: TotpSetup) -> impl IntoView {
    let grouped =
        t.secret.as_bytes().chunks(4).map(|c| String::from_utf8_lossy(c).into_owned()).collect::<Vec<_>>().join(" ");
    view! {
        <p>{tr!("common-totp-scan")}</p>
        <div id="qr" class="qr"><Qr text=t.otpauth_url/></div>
        <p>{tr!("common-totp-key")}" "<code id="totp-secret" class="key">{grouped}</code></p>
    }
}

/// Recovery codes, shown once: each works once when no code can be had from the phone. They
/// can be copied, printed, or saved as a text file (through the shell's save dialog).
#[component]
pub fn RecoveryCodes(codes: Vec<String>) -> impl IntoView {
    let status = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    let text = codes.join("\n");
    let copy = move |_| {
        let text = text.clone();
        leptos::task::spawn_local(async move {
            // `navigator.clipboard` is missing where the page is not a secure context.
            let clipboard = window().navigator().clipboard();
            let copied = !clipboard.is_undefined()
                && wasm_bindgen_futures::JsFuture::from(clipboard.write_text(&text)).await.is_ok();
            if copied {
                error.set(None);
                status.set(Some(tr!("common-codes-copied")));
            } else {
                error.set(Some(tr!("common-codes-copy-failed")));
            }
        });
    };
    let list = codes.clone();
    let save = move |_| {
        let codes = list.clone();
        leptos::task::spawn_local(async move {
            match invoke::<cmd::SaveRecoveryCodes>(&CodesArgs { codes }).await {
                Ok(Some(path)) => {
                    error.set(None);
                    status.set(Some(tr!("common-codes-saved", path = path)));
                }
                Ok(None) => {}
                Err(e) => error.set(Some(e.text())),
            }
        });
    };
    view! {
        <section class="panel codes-panel" aria-labelledby="codes-title">
            <h2 id="codes-title">{tr!("common-codes-title")}</h2>
            <p class="hint">{tr!("common-codes-hint")}</p>
            <ul id="recovery-codes" class="codes">{codes.into_iter().map(|c| view! { <li><code class="key">{c}</code></li> }).collect_view()}</ul>
            <div class="actions no-print">
                <button id="copy-codes" class="secondary" type="button" on:click=copy>{tr!("common-codes-copy")}</button>
                <button id="print-codes" class="secondary" type="button" on:click=move |_| { let _ = window().print(); }>{tr!("common-codes-print")}</button>
                <button id="save-codes" class="secondary" type="button" on:click=save>{tr!("common-codes-save")}</button>
            </div>
            <Note id="codes-status" text=status focus=true/>
            <Note id="codes-error" text=error error=true/>
        </section>
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
                    // Not if the screen went while the password was checked.
                    confirmed.try_run(());
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
            <p><strong>{tr!("common-reauth-title")}</strong>" "{tr!("common-reauth-hint")}</p>
            <label>{tr!("common-reauth-password")}
                <input id="reauth-password" type="password" autocomplete="current-password" required prop:value=move || password.get() on:input=move |ev| password.set(event_target_value(&ev))/>
            </label>
            <div class="actions">
                <button id="reauth-confirm" type="submit">{tr!("common-reauth-confirm")}</button>
                <button type="button" class="secondary" on:click=move |_| { password.set(String::new()); on_cancel.run(()); }>{tr!("common-reauth-cancel")}</button>
            </div>
        </form>
    })
    }
}

/// The keychain cannot be used this run: what that means for the person (said on the sign-in
/// screen and in Account).
#[component]
pub fn KeychainProblem(problem: String) -> impl IntoView {
    view! {
        <p id="keychain-problem" class="panel" role="status">
            {tr!("common-keychain-problem", problem = problem)}
        </p>
    }
}

/// The bundled demo deployment's sign-in details, and where its texts and emails arrive: shown
/// whenever the app runs the demo (sign-in, the second step, Home), never for a real service.
/// `brief` leaves out the join codes (for screens about signing in).
#[component]
pub fn DemoPanel(#[prop(optional)] brief: bool) -> impl IntoView {
    let info = crate::state::app_info();
    // Asked again wherever it is shown: the password is no longer given once someone signed in.
    info.refetch();
    move || {
        info.get().flatten().and_then(|i| {
            let inbox = i.dev_inbox;
            i.demo.map(|d| {
                view! {
                    <section class="panel demo" id="demo" aria-label=tr!("common-demo-label")>
                        <p class="hint">{tr!("common-demo-hint")}</p>
                        <p>{tr!("common-demo-admin")}" "<code id="demo-admin">{d.admin_email}</code> " / "
                            {match d.admin_password {
                                Some(p) => view! { <code id="demo-password">{p}</code> }.into_any(),
                                None => view! { <span id="demo-password-gone" class="hint">{tr!("common-demo-password-gone")}</span> }.into_any(),
                            }}
                        </p>
                        {(!brief).then(|| view! {
                            <p>{tr!("common-demo-invite")}" "<code id="demo-invite">{d.clinician_invite_code.clone()}</code></p>
                            <p>{tr!("common-demo-enrolment")}" "<code id="demo-enrolment">{d.enrolment_code.clone()}</code></p>
                        })}
                        {inbox.then(|| view! {
                            <p><a id="demo-inbox" href="/inbox">{tr!("common-demo-inbox-link")}</a>" "{tr!("common-demo-inbox-rest")}</p>
                        })}
                    </section>
                }
            })
        })
    }
}

/// A patient's three places. On a phone they are the tab bar at the bottom of the screen; on a
/// wider window, tabs above it (the layout is the stylesheet's).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Tab {
    Home,
    Health,
    Profile,
}

impl Tab {
    pub const ALL: [Tab; 3] = [Tab::Home, Tab::Health, Tab::Profile];

    pub fn href(self) -> &'static str {
        match self {
            Tab::Home => "/home",
            Tab::Health => "/health",
            Tab::Profile => "/account",
        }
    }

    pub fn label(self) -> String {
        match self {
            Tab::Home => tr!("common-tab-home"),
            Tab::Health => tr!("common-tab-health"),
            Tab::Profile => tr!("common-tab-profile"),
        }
    }

    fn id(self) -> &'static str {
        match self {
            Tab::Home => "tab-home",
            Tab::Health => "tab-health",
            Tab::Profile => "tab-profile",
        }
    }
}

/// The patient's tab bar, `current` marked (`aria-current`): as the page when this is the tab's
/// own page, else as the tab this page belongs to (Download your data is under Profile).
#[component]
pub fn TabBar(current: Tab) -> impl IntoView {
    let path = leptos_router::hooks::use_location().pathname;
    let mark = move |t: Tab| match t == current {
        true if path.get_untracked() == t.href() => Some("page"),
        true => Some("true"),
        false => None,
    };
    view! {
        <nav class="tabs" aria-label=tr!("common-tabs-label")>
            {Tab::ALL.map(|t| view! { <a id=t.id() href=t.href() aria-current=mark(t)>{t.label()}</a> }).collect_view()}
        </nav>
    }
}
