//! Profile → Account: two-step verification (text messages or an authenticator app, turning it
//! off, new recovery codes) and the remembered devices. Sensitive changes ask for the password
//! again when the service answers `reauth_required`, then carry on with what was asked.

use crate::components::{
    default_country, field_error, CodeField, KeychainProblem, Note, PhoneField, ReauthForm, RecoveryCodes, Tab, TabBar,
    TotpQr,
};
use crate::ipc::invoke;
use haven_api::shell::{
    cmd, ChangePasswordArgs, CodeArgs, EnabledArgs, IdArgs, LockArgs, MeView, PhoneArgs, TotpSetup, TwoStepArgs,
    UiCode, UiError,
};
use haven_api::{Factor, Role};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The idle times offered, in seconds (those over the deployment's cap are left out).
const LOCK_TIMES: &[(u32, &str)] =
    &[(60, "1 minute"), (300, "5 minutes"), (900, "15 minutes"), (1800, "30 minutes"), (3600, "1 hour")];

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
        LOCK_TIMES.iter().filter(|(t, _)| cap == 0 || *t <= cap).map(|(t, l)| (*t, (*l).to_owned())).collect();
    if !times.iter().any(|(t, _)| *t == m.lock_timeout_s) {
        times.push((m.lock_timeout_s, format!("{} seconds", m.lock_timeout_s)));
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
                        format!("Haven locks after {} s without use.", m.lock_timeout_s)
                    } else {
                        "Haven does not lock by itself.".into()
                    }));
                }
                Err(e) => {
                    // Not saved: the controls show what is in force again.
                    let (was_enabled, was_timeout) = saved.get_untracked();
                    enabled.set(was_enabled);
                    timeout.set(was_timeout);
                    error.set(Some(e));
                }
            }
        });
    };
    view! {
        <section class="panel" aria-labelledby="lock-title">
            <h2 id="lock-title">"Lock app when not in use"</h2>
            <label class="check">
                <input id="lock-enabled" type="checkbox" prop:checked=move || enabled.get() on:change=move |ev| { enabled.set(event_target_checked(&ev)); save() }/>
                "Lock Haven when I am not using it"
            </label>
            <label>"Lock after"
                <select id="lock-timeout" prop:value=move || timeout.get().to_string() on:change=move |ev| { if let Ok(t) = event_target_value(&ev).parse() { timeout.set(t); save() } }>
                    {times.into_iter().map(|(t, l)| view! { <option value=t.to_string()>{l}</option> }).collect_view()}
                </select>
            </label>
            {(cap > 0).then(|| view! { <p class="hint">{format!("Your organisation allows at most {} minutes.", cap.div_ceil(60))}</p> })}
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
                    status.set(Some("Your password is changed. Your other devices were signed out.".into()));
                }
                Err(e) if e.code == UiCode::ReauthRequired => reauth.set(true),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <section class="panel" aria-labelledby="password-title">
            <h2 id="password-title">"Password"</h2>
            <form on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); save() }>
                <label>"Current password"
                    <input id="current-password" type="password" autocomplete="current-password" required
                        prop:value=move || current.get() on:input=move |ev| current.set(event_target_value(&ev))/>
                </label>
                {field_error(error, "current_password", "current-password")}
                <label>"New password (at least 12 characters)"
                    <input id="change-new-password" type="password" autocomplete="new-password" required
                        prop:value=move || new.get() on:input=move |ev| new.set(event_target_value(&ev))/>
                </label>
                {field_error(error, "new_password", "change-new-password")}
                <button id="change-password" type="submit">"Change password"</button>
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
                        "Haven opens with your fingerprint when it is locked.".into()
                    } else {
                        "Haven no longer opens with your fingerprint; your password opens it.".into()
                    }));
                }
                Err(e) => error.set(Some(e)),
            }
            status.refetch();
        });
    };
    view! {
        <section class="panel" aria-labelledby="bio-title">
            <h2 id="bio-title">"Biometric login"</h2>
            <Suspense fallback=|| ()>
                {move || status.get().map(|r| match r {
                    Ok(b) => view! {
                        <label class="check">
                            <input id="biometric-enabled" type="checkbox" prop:checked=b.enabled disabled=b.required && b.enabled
                                on:change=move |ev| set(event_target_checked(&ev))/>
                            "Unlock Haven with my fingerprint"
                        </label>
                        <p id="biometric-state" class="hint">{match (b.available, b.reason.clone()) {
                            (true, _) => "A fingerprint reader is ready.".to_owned(),
                            (false, Some(r)) => format!("Not available on this device: {r}."),
                            (false, None) => "Not available on this device.".to_owned(),
                        }}</p>
                        {b.required.then(|| view! { <p class="hint">"Your organisation requires biometric login."</p> })}
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
    let codes = RwSignal::new(Vec::<String>::new());
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
                        notice.set(Some("Two-step verification is off. Remembered devices were forgotten.".into()));
                    })
                }
                Action::NewCodes => invoke::<cmd::NewRecoveryCodes>(&()).await.map(|c| {
                    codes.set(c);
                    notice.set(Some("New recovery codes made; the old ones no longer work.".into()));
                }),
                Action::UseSms => invoke::<cmd::SetTwoStep>(&TwoStepArgs { enabled: true, method: Some(Factor::Sms) })
                    .await
                    .map(|c| {
                        codes.set(c);
                        form.set(Form::None);
                        notice.set(Some(
                            "Two-step verification is on: after your password, Haven texts you a code.".into(),
                        ));
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
                    notice.set(Some("Two-step verification is on: after your password, Haven asks for a code from your authenticator app.".into()));
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
            <p id="two-step-state">{match method { Some(f) => format!("On — {}", f.label().to_lowercase()), None => "Off".to_owned() }}</p>
            {m.two_step_mandatory.then(|| view! { <p id="two-step-mandatory" class="hint">"Your organisation requires two-step verification, so it stays on."</p> })}
            {m.phone.clone().map(|p| view! { <p class="hint">"Mobile number: " <span id="phone-on-file">{p}</span></p> })}
            <div class="actions">
                {(sms_ok && method != Some(Factor::Sms)).then(|| {
                    let phone_known = phone_known.clone();
                    view! {
                        <button id="use-sms" class="secondary" on:click=move |_| if phone_known.is_some() { run(Action::UseSms) } else { form.set(Form::Phone) }>
                            {if m.two_step_enabled { "Switch to text messages" } else { "Use text messages" }}
                        </button>
                    }
                })}
                {(sms_ok && phone_known.is_some()).then(|| view! { <button id="change-phone" class="secondary" on:click=move |_| form.set(Form::Phone)>"Change mobile number"</button> })}
                {(totp_ok && method != Some(Factor::Totp)).then(|| view! {
                    <button id="use-authenticator" class="secondary" on:click=move |_| run(Action::StartTotp)>
                        {if m.two_step_enabled { "Switch to an authenticator app" } else { "Use an authenticator app" }}
                    </button>
                })}
                {m.two_step_enabled.then(|| view! { <button id="new-codes" class="secondary" on:click=move |_| run(Action::NewCodes)>"New recovery codes"</button> })}
                {(m.two_step_enabled && !m.two_step_mandatory).then(|| view! { <button id="turn-off" class="secondary" on:click=move |_| run(Action::TurnOff)>"Turn off"</button> })}
            </div>
        }
    };

    view! {
        <Suspense fallback=|| ()>
            {move || me.get().and_then(|r| r.ok()).filter(|m| m.role == Role::Patient).map(|_| view! { <TabBar current=Tab::Profile/> })}
        </Suspense>
        <h1>"Account"</h1>
        {move || session.get().and_then(Result::ok).and_then(|s| s.keychain_problem).map(|p| view! { <KeychainProblem problem=p/> })}
        <Suspense fallback=|| ()>
            {move || me.get().and_then(|r| r.ok()).map(|m| view! {
                <nav class="panel" aria-label="Your data">
                    <ul class="rows">
                        {(m.role == Role::Patient).then(|| view! {
                            <li><a id="exports-link" href="/exports">"Download your data"</a></li>
                            <li><a id="consent-nav" href="/consent">"Informed consent"</a></li>
                        })}
                        <li><a id="legal-nav" href="/legal">"Legal"</a></li>
                    </ul>
                </nav>
            })}
        </Suspense>
        <section class="panel" aria-labelledby="two-step-title">
            <h2 id="two-step-title">"Two-step verification"</h2>
            <p class="hint">"After your password, Haven asks for a code from your phone."</p>
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
                        <button id="sms-send" type="submit">"Send code"</button>
                    </form>
                }.into_any(),
                Form::PhoneCode => view! {
                    <form on:submit=confirm_phone>
                        <CodeField id="sms-code" label="Code from the text message" code/>
                        <button id="sms-confirm" type="submit">"Turn on"</button>
                    </form>
                }.into_any(),
                Form::Totp => totp.get().map(|t| view! {
                    <TotpQr t=t.clone()/>
                    <form on:submit=confirm_totp>
                        <CodeField id="totp-code" label="Code from the app" code/>
                        <button id="confirm-totp" type="submit">"Turn on"</button>
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
            <h2 id="notify-title">"Notifications"</h2>
            <p class="hint">"Haven tells you through your system's notifications when your data download is ready."</p>
            <div class="actions">
                <button id="test-notification" class="secondary" on:click=move |_| {
                    spawn_local(async move {
                        match invoke::<cmd::TestNotification>(&()).await {
                            Ok(()) => { notify_error.set(None); notify_note.set(Some("Sent. If nothing appeared, allow notifications for Haven in your system settings.".into())) }
                            Err(e) => notify_error.set(Some(e.text())),
                        }
                    });
                }>"Send a test notification"</button>
            </div>
            <Note id="notify-status" text=notify_note/>
            <Note id="notify-error" text=notify_error error=true/>
        </section>
        <section class="panel" aria-labelledby="devices-title">
            <h2 id="devices-title">"Remembered devices"</h2>
            <Suspense fallback=|| ()>
                {move || devices.get().and_then(|r| r.ok()).map(|list| if list.is_empty() {
                    view! { <p id="no-devices" class="hint">"No device skips the second step."</p> }.into_any()
                } else {
                    view! {
                        <ul id="devices">{list.into_iter().map(|d| {
                            let id = d.id.clone();
                            view! { <li>{format!("{} ({}), until {}", d.name, d.platform, d.expires_at)} " " <button class="secondary forget" on:click=move |_| forget(id.clone())>"Forget"</button></li>
                        }}).collect_view()}</ul>
                    }.into_any()
                })}
            </Suspense>
            <Note id="devices-error" text=devices_error error=true/>
        </section>
        <p><a id="home-link" href="/home">"Back"</a></p>
    }
}
