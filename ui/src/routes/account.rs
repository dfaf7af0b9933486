//! Profile → Account: two-step verification (text messages or an authenticator app, turning it
//! off, new recovery codes) and the remembered devices. Sensitive changes ask for the password
//! again when the service answers `reauth_required`, then carry on with what was asked.

use crate::components::{
    default_country, field_error, time_of, CodeField, KeychainProblem, Note, PhoneField, ReauthForm, RecoveryCodes,
    Tab, TabBar, TotpQr,
};
use crate::ipc::invoke;
use crate::language::LanguagePicker;
use haven_api::shell::{
    cmd, ChangePasswordArgs, CodeArgs, EnabledArgs, IdArgs, LockArgs, MeView, PhoneArgs, TotpSetup, TwoStepArgs,
    UiCode, UiError,
};
use haven_api::{Factor, Role};
use haven_i18n::tr;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The idle times offered, in seconds (those over the deployment's cap are left out).
const LOCK_TIMES: &[u32] = &[60, 300, 900, 1800, 3600];

/// How an idle time is offered: the listed ones in minutes or hours, any other in seconds.
fn lock_time_label(t: u32) -> String {
    match t {
        3600 => tr!("account-lock-hours", n = 1),
        60 | 300 | 900 | 1800 => tr!("account-lock-minutes", n = t / 60),
        _ => tr!("account-lock-seconds", n = t),
    }
}

/// "Lock app when not in use": on/off and after how long, within the deployment's cap.
#[component]
fn LockSetting(m: MeView) -> impl IntoView {
    let enabled = RwSignal::new(m.lock_enabled);
    let timeout = RwSignal::new(m.lock_timeout_s);
    // What the service has: the controls go back to it when a change is not saved.
    let saved = RwSignal::new((m.lock_enabled, m.lock_timeout_s));
    let status = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<UiError>);
    let cap = m.lock_cap_s;
    let mut times: Vec<(u32, String)> =
        LOCK_TIMES.iter().filter(|t| cap == 0 || **t <= cap).map(|t| (*t, lock_time_label(*t))).collect();
    if !times.iter().any(|(t, _)| *t == m.lock_timeout_s) {
        times.push((m.lock_timeout_s, lock_time_label(m.lock_timeout_s)));
        times.sort();
    }
    let save = move || {
        spawn_local(async move {
            let args = LockArgs { enabled: enabled.get_untracked(), timeout_s: timeout.get_untracked() };
            match invoke::<cmd::SetLock>(&args).await {
                Ok(m) => {
                    saved.set((m.lock_enabled, m.lock_timeout_s));
                    enabled.set(m.lock_enabled);
                    timeout.set(m.lock_timeout_s);
                    error.set(None);
                    status.set(Some(if m.lock_enabled {
                        tr!("account-lock-status-on", seconds = m.lock_timeout_s)
                    } else {
                        tr!("account-lock-status-off")
                    }));
                }
                Err(e) => {
                    // Not saved: the controls show what is in force again (if still shown).
                    if let Some((was_enabled, was_timeout)) = saved.try_get_untracked() {
                        enabled.set(was_enabled);
                        timeout.set(was_timeout);
                    }
                    error.set(Some(e));
                }
            }
        });
    };
    view! {
        <section class="panel" aria-labelledby="lock-title">
            <h2 id="lock-title">{tr!("account-lock-title")}</h2>
            <label class="check">
                <input id="lock-enabled" type="checkbox" prop:checked=move || enabled.get() on:change=move |ev| { enabled.set(event_target_checked(&ev)); save() }/>
                {tr!("account-lock-enabled")}
            </label>
            <label>{tr!("account-lock-after")}
                <select id="lock-timeout" prop:value=move || timeout.get().to_string() on:change=move |ev| { if let Ok(t) = event_target_value(&ev).parse() { timeout.set(t); save() } }>
                    {times.into_iter().map(|(t, l)| view! { <option value=t.to_string()>{l}</option> }).collect_view()}
                </select>
            </label>
            {(cap > 0).then(|| view! { <p class="hint">{tr!("account-lock-cap", minutes = cap.div_ceil(60))}</p> })}
            <Note id="lock-status" text=status/>
            <Note id="lock-error" text=Signal::derive(move || error.get().map(|e| e.text())) error=true/>
        </section>
    }
}

/// "Change password": the current one and a new one; the other devices are signed out. The
/// password is asked again first when the last confirmation is over 10 minutes old.
#[component]
fn PasswordSetting() -> impl IntoView {
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let error = RwSignal::new(None::<UiError>);
    let status = RwSignal::new(None::<String>);
    let reauth = RwSignal::new(false);
    let save = move || {
        spawn_local(async move {
            status.set(None);
            let args =
                ChangePasswordArgs { current_password: current.get_untracked(), new_password: new.get_untracked() };
            match invoke::<cmd::ChangePassword>(&args).await {
                Ok(()) => {
                    current.set(String::new());
                    new.set(String::new());
                    error.set(None);
                    status.set(Some(tr!("account-password-changed")));
                }
                Err(e) if e.code == UiCode::ReauthRequired => reauth.set(true),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <section class="panel" aria-labelledby="password-title">
            <h2 id="password-title">{tr!("account-password-title")}</h2>
            <form on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); save() }>
                <label>{tr!("account-current-password")}
                    <input id="current-password" type="password" autocomplete="current-password" required
                        prop:value=move || current.get() on:input=move |ev| current.set(event_target_value(&ev))/>
                </label>
                {field_error(error, "current_password", "current-password")}
                <label>{tr!("account-new-password")}
                    <input id="change-new-password" type="password" autocomplete="new-password" required
                        prop:value=move || new.get() on:input=move |ev| new.set(event_target_value(&ev))/>
                </label>
                {field_error(error, "new_password", "change-new-password")}
                <button id="change-password" type="submit">{tr!("account-change-password")}</button>
            </form>
            <ReauthForm open=Signal::derive(move || reauth.get()) on_cancel=Callback::new(move |_| reauth.set(false))
                confirmed=Callback::new(move |_| { reauth.set(false); save(); }) error/>
            <Note id="password-status" text=status focus=true/>
            <Note id="password-error" text=Signal::derive(move || error.get().filter(|e| e.fields.is_empty()).map(|e| e.text())) error=true/>
        </section>
    }
}

/// "Biometric login": the fingerprint opens the locked app instead of the password.
#[component]
fn BiometricSetting() -> impl IntoView {
    let status = LocalResource::new(|| async { invoke::<cmd::BiometricStatus>(&()).await });
    let error = RwSignal::new(None::<UiError>);
    let saved = RwSignal::new(None::<String>);
    let set = move |enabled: bool| {
        spawn_local(async move {
            saved.set(None);
            match invoke::<cmd::SetBiometric>(&EnabledArgs { enabled }).await {
                Ok(m) => {
                    error.set(None);
                    saved.set(Some(if m.biometric_login {
                        tr!("account-biometric-on")
                    } else {
                        tr!("account-biometric-off")
                    }));
                }
                Err(e) => error.set(Some(e)),
            }
            status.refetch();
        });
    };
    view! {
        <section class="panel" aria-labelledby="bio-title">
            <h2 id="bio-title">{tr!("account-biometric-title")}</h2>
            <Suspense fallback=|| ()>
                {move || status.get().map(|r| match r {
                    Ok(b) => view! {
                        <label class="check">
                            <input id="biometric-enabled" type="checkbox" prop:checked=b.enabled disabled=b.required && b.enabled
                                on:change=move |ev| set(event_target_checked(&ev))/>
                            {tr!("account-biometric-enabled")}
                        </label>
                        <p id="biometric-state" class="hint">{match (b.available, b.reason.clone()) {
                            (true, _) => tr!("account-biometric-ready"),
                            (false, Some(r)) => tr!("account-biometric-unavailable-because", reason = r),
                            (false, None) => tr!("account-biometric-unavailable"),
                        }}</p>
                        {b.required.then(|| view! { <p class="hint">{tr!("account-biometric-required")}</p> })}
                    }.into_any(),
                    Err(e) => view! { <p class="error" role="alert">{e.text()}</p> }.into_any(),
                })}
            </Suspense>
            <Note id="biometric-status" text=saved/>
            <Note id="biometric-error" text=Signal::derive(move || error.get().map(|e| e.text())) error=true/>
        </section>
    }
}

/// What to carry on with once the password is confirmed.
#[derive(Clone, Debug, PartialEq)]
enum Action {
    TurnOff,
    NewCodes,
    UseSms,
    SendPhone(String),
    StartTotp,
}

/// Which set-up form is open.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Form {
    None,
    Phone,
    PhoneCode,
    Totp,
}

#[component]
pub fn Account() -> impl IntoView {
    let me = LocalResource::new(|| async { invoke::<cmd::Me>(&()).await });
    let devices = LocalResource::new(|| async { invoke::<cmd::Devices>(&()).await });
    let session = LocalResource::new(|| async { invoke::<cmd::Session>(&()).await });
    let totp = RwSignal::new(None::<TotpSetup>);
    let form = RwSignal::new(Form::None);
    let phone = RwSignal::new(String::new());
    let country = RwSignal::new(default_country());
    let code = RwSignal::new(String::new());
    // Shown once: cleared when the page is left, but not when it is drawn again in another
    // language.
    let codes = expect_context::<crate::state::Flash>().account_codes;
    let language = expect_context::<crate::language::Language>();
    on_cleanup(move || {
        if !language.redrawing() {
            codes.set(Vec::new());
        }
    });
    // Each section's own messages, shown beside its controls.
    let error = RwSignal::new(None::<UiError>);
    let notice = RwSignal::new(None::<String>);
    let notify_note = RwSignal::new(None::<String>);
    let notify_error = RwSignal::new(None::<String>);
    let devices_error = RwSignal::new(None::<String>);
    let reauth_for = RwSignal::new(None::<Action>);

    // Runs an action; `reauth_required` opens the password prompt and keeps the action for later.
    let run = move |action: Action| {
        spawn_local(async move {
            error.set(None);
            notice.set(None);
            let r: Result<(), UiError> = match action.clone() {
                Action::TurnOff => {
                    invoke::<cmd::SetTwoStep>(&TwoStepArgs { enabled: false, method: None }).await.map(|_| {
                        codes.set(Vec::new());
                        notice.set(Some(tr!("account-two-step-off-done")));
                    })
                }
                Action::NewCodes => invoke::<cmd::NewRecoveryCodes>(&()).await.map(|c| {
                    codes.set(c);
                    notice.set(Some(tr!("account-new-codes-done")));
                }),
                Action::UseSms => invoke::<cmd::SetTwoStep>(&TwoStepArgs { enabled: true, method: Some(Factor::Sms) })
                    .await
                    .map(|c| {
                        codes.set(c);
                        form.set(Form::None);
                        notice.set(Some(tr!("account-two-step-on-sms-done")));
                    }),
                Action::SendPhone(p) => {
                    invoke::<cmd::SetPhone>(&PhoneArgs { phone: p, country: country.get_untracked() }).await.map(|_| {
                        code.set(String::new());
                        form.set(Form::PhoneCode);
                    })
                }
                Action::StartTotp => invoke::<cmd::EnrolTotp>(&()).await.map(|t| {
                    code.set(String::new());
                    totp.set(Some(t));
                    form.set(Form::Totp);
                }),
            };
            match r {
                Ok(()) => {
                    me.refetch();
                    devices.refetch();
                }
                Err(e) if e.code == UiCode::ReauthRequired => reauth_for.set(Some(action)),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let confirm_phone = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        spawn_local(async move {
            match invoke::<cmd::VerifyPhone>(&CodeArgs { code: code.get_untracked() }).await {
                Ok(()) => run(Action::UseSms),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let confirm_totp = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        spawn_local(async move {
            match invoke::<cmd::ConfirmTotp>(&CodeArgs { code: code.get_untracked() }).await {
                Ok(c) => {
                    totp.set(None);
                    form.set(Form::None);
                    codes.set(c);
                    error.set(None);
                    notice.set(Some(tr!("account-two-step-on-totp-done")));
                    me.refetch();
                    devices.refetch();
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let forget = move |id: String| {
        spawn_local(async move {
            match invoke::<cmd::ForgetDevice>(&IdArgs { id }).await {
                Ok(()) => {
                    devices_error.set(None);
                    devices.refetch()
                }
                Err(e) => devices_error.set(Some(e.text())),
            }
        });
    };

    let controls = move |m: MeView| {
        let (sms_ok, totp_ok) = (m.allowed_methods.contains(&Factor::Sms), m.allowed_methods.contains(&Factor::Totp));
        let method = m.two_step_method.filter(|_| m.two_step_enabled);
        let phone_known = m.phone.clone();
        view! {
            <p id="two-step-state">{match method {
                Some(Factor::Sms) => tr!("account-two-step-on-sms"),
                Some(Factor::Totp) => tr!("account-two-step-on-totp"),
                None => tr!("account-two-step-off"),
            }}</p>
            {m.two_step_mandatory.then(|| view! { <p id="two-step-mandatory" class="hint">{tr!("account-two-step-mandatory")}</p> })}
            {m.phone.clone().map(|p| view! { <p class="hint">{tr!("account-mobile-number")} " " <span id="phone-on-file">{p}</span></p> })}
            <div class="actions">
                {(sms_ok && method != Some(Factor::Sms)).then(|| {
                    let phone_known = phone_known.clone();
                    view! {
                        <button id="use-sms" class="secondary" on:click=move |_| if phone_known.is_some() { run(Action::UseSms) } else { form.set(Form::Phone) }>
                            {if m.two_step_enabled { tr!("account-switch-to-sms") } else { tr!("account-use-sms") }}
                        </button>
                    }
                })}
                {(sms_ok && phone_known.is_some()).then(|| view! { <button id="change-phone" class="secondary" on:click=move |_| form.set(Form::Phone)>{tr!("account-change-phone")}</button> })}
                {(totp_ok && method != Some(Factor::Totp)).then(|| view! {
                    <button id="use-authenticator" class="secondary" on:click=move |_| run(Action::StartTotp)>
                        {if m.two_step_enabled { tr!("account-switch-to-totp") } else { tr!("account-use-totp") }}
                    </button>
                })}
                {m.two_step_enabled.then(|| view! { <button id="new-codes" class="secondary" on:click=move |_| run(Action::NewCodes)>{tr!("account-new-codes")}</button> })}
                {(m.two_step_enabled && !m.two_step_mandatory).then(|| view! { <button id="turn-off" class="secondary" on:click=move |_| run(Action::TurnOff)>{tr!("account-turn-off")}</button> })}
            </div>
        }
    };

    view! {
        <Suspense fallback=|| ()>
            {move || me.get().and_then(|r| r.ok()).filter(|m| m.role == Role::Patient).map(|_| view! { <TabBar current=Tab::Profile/> })}
        </Suspense>
        <h1>{tr!("account-title")}</h1>
        {move || session.get().and_then(Result::ok).and_then(|s| s.keychain_problem).map(|p| view! { <KeychainProblem problem=p/> })}
        <Suspense fallback=|| ()>
            {move || me.get().and_then(|r| r.ok()).map(|m| view! {
                <nav class="panel" aria-label=tr!("account-your-data")>
                    <ul class="rows">
                        {(m.role == Role::Patient).then(|| view! {
                            <li><a id="exports-link" href="/exports">{tr!("account-exports-link")}</a></li>
                            <li><a id="consent-nav" href="/consent">{tr!("account-consent-link")}</a></li>
                        })}
                        <li><a id="legal-nav" href="/legal">{tr!("account-legal-link")}</a></li>
                    </ul>
                </nav>
            })}
        </Suspense>
        // The app's language (the sign-in screen has the same picker).
        <div class="panel"><LanguagePicker/></div>
        <section class="panel" aria-labelledby="two-step-title">
            <h2 id="two-step-title">{tr!("account-two-step-title")}</h2>
            <p class="hint">{tr!("account-two-step-hint")}</p>
            <Suspense fallback=|| ()>
                {move || me.get().map(|r| match r {
                    Ok(m) => controls(m).into_any(),
                    Err(e) => view! { <p class="error" role="alert">{e.text()}</p> }.into_any(),
                })}
            </Suspense>
            {move || match form.get() {
                Form::None => ().into_any(),
                Form::Phone => view! {
                    <form on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); run(Action::SendPhone(phone.get_untracked())) }>
                        <PhoneField id="sms-phone" phone country error/>
                        <button id="sms-send" type="submit">{tr!("account-send-code")}</button>
                    </form>
                }.into_any(),
                Form::PhoneCode => view! {
                    <form on:submit=confirm_phone>
                        <CodeField id="sms-code" label=tr!("account-sms-code") code/>
                        <button id="sms-confirm" type="submit">{tr!("account-turn-on")}</button>
                    </form>
                }.into_any(),
                Form::Totp => totp.get().map(|t| view! {
                    <TotpQr t=t.clone()/>
                    <form on:submit=confirm_totp>
                        <CodeField id="totp-code" label=tr!("account-totp-code") code/>
                        <button id="confirm-totp" type="submit">{tr!("account-turn-on")}</button>
                    </form>
                }).into_any(),
            }}
            <ReauthForm open=Signal::derive(move || reauth_for.get().is_some()) on_cancel=Callback::new(move |_| reauth_for.set(None))
                confirmed=Callback::new(move |_| { if let Some(a) = reauth_for.get_untracked() { reauth_for.set(None); run(a); } }) error/>
            <Note id="notice" text=notice focus=true/>
            <Note id="error" text=Signal::derive(move || error.get().filter(|e| e.fields.is_empty()).map(|e| e.text())) error=true/>
            {move || (!codes.get().is_empty()).then(|| view! { <RecoveryCodes codes=codes.get()/> })}
        </section>
        <Suspense fallback=|| ()>
            {move || me.get().and_then(|r| r.ok()).map(|m| view! { <LockSetting m/> })}
        </Suspense>
        <PasswordSetting/>
        <BiometricSetting/>
        <section class="panel" aria-labelledby="notify-title">
            <h2 id="notify-title">{tr!("account-notify-title")}</h2>
            <p class="hint">{tr!("account-notify-hint")}</p>
            <div class="actions">
                <button id="test-notification" class="secondary" on:click=move |_| {
                    spawn_local(async move {
                        match invoke::<cmd::TestNotification>(&()).await {
                            Ok(()) => { notify_error.set(None); notify_note.set(Some(tr!("account-notify-sent"))) }
                            Err(e) => notify_error.set(Some(e.text())),
                        }
                    });
                }>{tr!("account-notify-test")}</button>
            </div>
            <Note id="notify-status" text=notify_note/>
            <Note id="notify-error" text=notify_error error=true/>
        </section>
        <section class="panel" aria-labelledby="devices-title">
            <h2 id="devices-title">{tr!("account-devices-title")}</h2>
            <Suspense fallback=|| ()>
                {move || devices.get().and_then(|r| r.ok()).map(|list| if list.is_empty() {
                    view! { <p id="no-devices" class="hint">{tr!("account-no-devices")}</p> }.into_any()
                } else {
                    view! {
                        <ul id="devices">{list.into_iter().map(|d| {
                            let id = d.id.clone();
                            view! { <li>{tr!("account-device", name = &d.name, platform = &d.platform, until = time_of(&d.expires_at))} " " <button class="secondary forget" on:click=move |_| forget(id.clone())>{tr!("account-forget")}</button></li>
                        }}).collect_view()}</ul>
                    }.into_any()
                })}
            </Suspense>
            <Note id="devices-error" text=devices_error error=true/>
        </section>
        <p><a id="home-link" href="/home">{tr!("account-back")}</a></p>
    }
}
