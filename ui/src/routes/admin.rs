//! The admin page: the deployment's policy (two-step required, allowed methods, code length,
//! remembered-device days, biometrics, idle lock), invitations, and the users with their state.

use crate::components::{field_error, time_of};
use crate::ipc::invoke;
use haven_api::shell::{cmd, IdArgs, InviteArgs, UiError};
use haven_api::{AccountStatus, Deployment, Factor, Policy, Role};
use haven_i18n::{tr, Lang};
use leptos::prelude::*;
use leptos::task::spawn_local;

fn number(s: &str) -> u32 {
    // Out-of-range or non-numeric input goes to the service as a number it refuses with the
    // field's own message, so nothing is silently clamped.
    haven_i18n::ascii_digits(s).trim().parse().unwrap_or(u32::MAX)
}

/// An account's state as the list of people shows it.
fn status_label(status: AccountStatus) -> String {
    match status {
        AccountStatus::Active => tr!("admin-status-active"),
        AccountStatus::Unverified => tr!("admin-status-unverified"),
        AccountStatus::Blocked => tr!("admin-status-blocked"),
        AccountStatus::Locked => tr!("admin-status-locked"),
    }
}

#[component]
fn PolicyForm(d: Deployment) -> impl IntoView {
    let p = d.policy;
    let required = RwSignal::new(p.two_step_required);
    let sms = RwSignal::new(p.allows(Factor::Sms));
    let totp = RwSignal::new(p.allows(Factor::Totp));
    let code_length = RwSignal::new(p.code_length.to_string());
    let remember = RwSignal::new(p.remember_device_days.to_string());
    let biometric = RwSignal::new(p.biometric_required);
    let idle = RwSignal::new(p.idle_timeout_max_s.to_string());
    let error = RwSignal::new(None::<UiError>);
    let status = RwSignal::new(None::<String>);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let ticked = [(Factor::Sms, sms.get_untracked()), (Factor::Totp, totp.get_untracked())];
        let allowed = ticked.into_iter().filter(|(_, on)| *on).map(|(f, _)| f.as_str().to_owned()).collect();
        let policy = Policy {
            two_step_required: required.get_untracked(),
            allowed_methods: allowed,
            code_length: number(&code_length.get_untracked()),
            remember_device_days: number(&remember.get_untracked()),
            biometric_required: biometric.get_untracked(),
            idle_timeout_max_s: number(&idle.get_untracked()),
        };
        status.set(None);
        spawn_local(async move {
            match invoke::<cmd::SetPolicy>(&policy).await {
                Ok(_) => {
                    error.set(None);
                    status.set(Some(tr!("admin-policy-saved")));
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let check = |id: &'static str, label: String, sig: RwSignal<bool>| {
        view! {
            <label class="check">
                <input id=id type="checkbox" prop:checked=move || sig.get() on:change=move |ev| sig.set(event_target_checked(&ev))/>
                {label}
            </label>
        }
    };
    let num = |id: &'static str, label: String, sig: RwSignal<String>, field: &'static str| {
        view! {
            <label>{label}
                <input id=id type="number" inputmode="numeric" required prop:value=move || sig.get() on:input=move |ev| sig.set(event_target_value(&ev))/>
            </label>
            {field_error(error, field, id)}
        }
    };
    view! {
        <section class="panel" aria-labelledby="policy-title">
            <h2 id="policy-title">{tr!("admin-policy-title")}</h2>
            <p class="hint">{d.name} " · " {tr!("admin-enrolment-code")} " " <code id="enrolment-code">{d.enrolment_code}</code></p>
            <form on:submit=save>
                {check("two-step-required", tr!("admin-two-step-required"), required)}
                <fieldset id="allowed-methods">
                    <legend>{tr!("admin-allowed-methods")}</legend>
                    {check("allow-sms", Factor::Sms.name().text(), sms)}
                    {check("allow-totp", Factor::Totp.name().text(), totp)}
                    {field_error(error, "allowed_methods", "allowed-methods")}
                </fieldset>
                {num("code-length", tr!("admin-code-length"), code_length, "code_length")}
                {num("remember-days", tr!("admin-remember-days"), remember, "remember_device_days")}
                {check("biometric-required", tr!("admin-biometric-required"), biometric)}
                {num("idle-max", tr!("admin-idle-max"), idle, "idle_timeout_max_s")}
                {move || error.get().filter(|e| e.fields.is_empty()).map(|e| view! { <p class="error" role="alert">{e.text()}</p> })}
                <button id="save-policy" type="submit">{tr!("admin-save-policy")}</button>
                {move || status.get().map(|s| view! { <p id="policy-status" role="status">{s}</p> })}
            </form>
        </section>
    }
}

#[component]
pub fn Admin() -> impl IntoView {
    let deployment = LocalResource::new(|| async { invoke::<cmd::Deployment>(&()).await });
    let users = LocalResource::new(|| async { invoke::<cmd::Users>(&()).await });
    let email = RwSignal::new(String::new());
    let role = RwSignal::new(Role::Clinician);
    // The person invited may read another language than the sender: the sender's by default.
    let language = RwSignal::new(haven_i18n::app());
    let error = RwSignal::new(None::<UiError>);
    let status = RwSignal::new(None::<String>);
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        status.set(None);
        spawn_local(async move {
            let to = email.get_untracked();
            let args = InviteArgs { email: to.clone(), role: role.get_untracked(), language: language.get_untracked() };
            match invoke::<cmd::Invite>(&args).await {
                Ok(expires) => {
                    error.set(None);
                    email.set(String::new());
                    status.set(Some(tr!("admin-invite-sent", email = to, expires = time_of(&expires))));
                    users.refetch();
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    // Unblock (email not verified in time) or unlock (too many failed second steps).
    let act = move |unlock: bool, id: String| {
        spawn_local(async move {
            let args = IdArgs { id };
            let done =
                if unlock { invoke::<cmd::UnlockUser>(&args).await } else { invoke::<cmd::UnblockUser>(&args).await };
            match done {
                Ok(()) => users.refetch(),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <h1>{tr!("admin-title")}</h1>
        <Suspense fallback=|| view! { <p>{tr!("admin-loading")}</p> }>
            {move || deployment.get().map(|r| match r {
                Ok(d) => view! { <PolicyForm d/> }.into_any(),
                Err(e) => view! { <p id="error" class="error" role="alert">{e.text()}</p> }.into_any(),
            })}
        </Suspense>
        <section class="panel" aria-labelledby="invite-title">
            <h2 id="invite-title">{tr!("admin-invite-title")}</h2>
            <form on:submit=send>
                <label>{tr!("admin-email")}
                    <input id="invite-email" type="email" required prop:value=move || email.get() on:input=move |ev| email.set(event_target_value(&ev))/>
                </label>
                {field_error(error, "email", "invite-email")}
                <label>{tr!("admin-role")}
                    <select id="invite-role" on:change=move |ev| if let Some(r) = Role::parse(&event_target_value(&ev)) { role.set(r) } prop:value=move || role.get().as_str()>
                        <option value="clinician">{Role::Clinician.name().text()}</option>
                        <option value="patient">{Role::Patient.name().text()}</option>
                        <option value="admin">{Role::Admin.name().text()}</option>
                    </select>
                </label>
                <label>{tr!("admin-invite-language")}
                    <select id="invite-language" on:change=move |ev| if let Some(l) = Lang::from_locale(&event_target_value(&ev)) { language.set(l) } prop:value=move || language.get().code()>
                        {Lang::ALL.map(|l| view! { <option value=l.code() lang=l.code()>{l.native_name()}</option> }).collect_view()}
                    </select>
                </label>
                {move || error.get().filter(|e| !e.fields.contains_key("email")).map(|e| view! { <p id="invite-error" class="error" role="alert">{e.text()}</p> })}
                <button id="send-invite" type="submit">{tr!("admin-send-invite")}</button>
                {move || status.get().map(|s| view! { <p id="invite-status" role="status">{s}</p> })}
            </form>
        </section>
        <section class="panel" aria-labelledby="users-title">
            <h2 id="users-title">{tr!("admin-users-title")}</h2>
            <Suspense fallback=|| ()>
                {move || users.get().map(|r| match r {
                    Ok(list) => view! {
                        <ul id="users" class="rows">{list.into_iter().map(|u| {
                            let (id1, id2) = (u.id.clone(), u.id.clone());
                            let status = u.status;
                            view! {
                                <li>
                                    <span><strong>{u.name}</strong> " · " {u.role.name().text()} " · " <span class="status">{status_label(u.status)}</span></span>
                                    <span class="hint wrap">{u.email}</span>
                                    {(status == AccountStatus::Blocked).then(|| view! { <button class="secondary unblock" on:click=move |_| act(false, id1.clone())>{tr!("admin-unblock")}</button> })}
                                    {(status == AccountStatus::Locked).then(|| view! { <button class="secondary unlock" on:click=move |_| act(true, id2.clone())>{tr!("admin-unlock")}</button> })}
                                </li>
                            }
                        }).collect_view()}</ul>
                    }.into_any(),
                    Err(e) => view! { <p class="error" role="alert">{e.text()}</p> }.into_any(),
                })}
            </Suspense>
        </section>
        <p><a id="home-link" href="/home">{tr!("admin-back")}</a></p>
    }
}
