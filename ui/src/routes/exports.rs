//! Profile → Download your data: request a CSV, PDF or FHIR file (the password is asked
//! again), watch it being prepared, and save it where you choose. An OS notification says when
//! it is ready, even if you left this screen.

use crate::components::{Note, ReauthForm, Tab, TabBar};
use crate::ipc::invoke;
use haven_api::shell::{cmd, ExportArgs, IdArgs, TimeZoneArgs, UiCode, UiError};
use haven_api::{ExportFormat, ExportStatus};
use haven_i18n::tr;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::time::Duration;

fn label(format: ExportFormat) -> String {
    match format {
        ExportFormat::Csv => tr!("exports-format-csv"),
        ExportFormat::Pdf => tr!("exports-format-pdf"),
        ExportFormat::Fhir => tr!("exports-format-fhir"),
    }
}

/// "Times in your files": the profile's time zone for downloads, or the device's. `zone` holds the
/// one in force (what a request sends); changing it saves it in the profile.
#[component]
fn TimeZoneSetting(zone: RwSignal<Option<String>>) -> impl IntoView {
    let error = RwSignal::new(None::<UiError>);
    let status = RwSignal::new(None::<String>);
    // The profile's choice ("" for the device's), as the select shows it.
    let chosen = RwSignal::new(String::new());
    let device = RwSignal::new(None::<String>);
    let names = RwSignal::new(Vec::<String>::new());
    spawn_local(async move {
        let (me, zones) = (invoke::<cmd::Me>(&()).await, invoke::<cmd::TimeZones>(&()).await);
        let (me, zones) = match (me, zones) {
            (Ok(m), Ok(z)) => (m, z),
            (Err(e), _) | (_, Err(e)) => {
                error.set(Some(e));
                return;
            }
        };
        device.set(zones.device.clone());
        names.set(zones.names);
        chosen.set(me.time_zone.clone().unwrap_or_default());
        zone.set(me.time_zone.or(zones.device));
    });
    let save = move |value: String| {
        // Read before the await: the screen may be gone by the time the answer comes.
        let dev = device.get_untracked();
        spawn_local(async move {
            let args = TimeZoneArgs { time_zone: (!value.is_empty()).then_some(value) };
            match invoke::<cmd::SetTimeZone>(&args).await {
                Ok(m) => {
                    error.set(None);
                    chosen.set(m.time_zone.clone().unwrap_or_default());
                    let now = m.time_zone.or(dev);
                    status.set(Some(match &now {
                        Some(z) => tr!("exports-zone-shown-in", zone = z),
                        None => tr!("exports-zone-shown-in", zone = "UTC"),
                    }));
                    zone.set(now);
                }
                Err(e) => {
                    // Not saved: the select shows what is in force again.
                    chosen.update(|_| {});
                    status.set(None);
                    error.set(Some(e));
                }
            }
        });
    };
    let device_label = move || match device.get() {
        Some(d) => tr!("exports-zone-device", zone = d),
        None => tr!("exports-zone-device", zone = "UTC"),
    };
    view! {
        <label>{tr!("exports-zone-label")}
            <select id="export-zone" prop:value=move || chosen.get() on:change=move |ev| save(event_target_value(&ev))>
                <option value="">{device_label}</option>
                {move || names.get().into_iter().map(|n| {
                    let (value, selected) = (n.clone(), n.clone());
                    view! { <option value=value selected=move || chosen.get() == selected>{n}</option> }
                }).collect_view()}
            </select>
        </label>
        <Note id="export-zone-status" text=status/>
        <Note id="export-zone-error" text=Signal::derive(move || error.get().map(|e| e.text())) error=true/>
    }
}

/// What the download screen shows below its buttons.
#[derive(Clone, PartialEq)]
enum Listing {
    Loading,
    Empty,
    Jobs,
    Failed(UiError),
}

#[component]
pub fn Exports() -> impl IntoView {
    let changed = expect_context::<crate::state::ExportsChanged>().0;
    // Read again the moment the shell says a download is done.
    let jobs = LocalResource::new(move || {
        changed.track();
        async { invoke::<cmd::Exports>(&()).await }
    });
    // What the screen shows around the rows changes far less often than the list is read.
    let listing = Memo::new(move |_| match jobs.get() {
        None => Listing::Loading,
        Some(Ok(j)) if j.is_empty() => Listing::Empty,
        Some(Ok(_)) => Listing::Jobs,
        Some(Err(e)) => Listing::Failed(e),
    });
    let error = RwSignal::new(None::<UiError>);
    let reauth_for = RwSignal::new(None::<ExportFormat>);
    let saved = RwSignal::new(None::<String>);
    let zone = RwSignal::new(None::<String>);
    // The progress bar is refreshed every second while something is being prepared (the end
    // comes as an event). This is no activity: a download left running lets the app lock.
    let handle = set_interval_with_handle(
        move || {
            if jobs.get_untracked().and_then(|r| r.ok()).is_some_and(|j| j.iter().any(|j| j.status.is_open())) {
                jobs.refetch();
            }
        },
        Duration::from_secs(1),
    );
    on_cleanup(move || {
        if let Ok(h) = handle {
            h.clear();
        }
    });
    let request = move |format: ExportFormat| {
        spawn_local(async move {
            match invoke::<cmd::CreateExport>(&ExportArgs { format, time_zone: zone.get_untracked() }).await {
                Ok(_) => {
                    error.set(None);
                    jobs.refetch();
                }
                Err(e) if e.code == UiCode::ReauthRequired => reauth_for.set(Some(format)),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let save = move |id: String| {
        spawn_local(async move {
            match invoke::<cmd::SaveExport>(&IdArgs { id }).await {
                Ok(Some(path)) => saved.set(Some(tr!("exports-saved-to", path = path))),
                Ok(None) => {}
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <TabBar current=Tab::Profile/>
        <h1>{tr!("exports-title")}</h1>
        <p class="hint">{tr!("exports-hint")}</p>
        <TimeZoneSetting zone/>
        <div class="actions">
            {ExportFormat::ALL.map(|f| view! {
                <button id=format!("request-{}", f.as_str()) class="secondary" on:click=move |_| request(f)>{tr!("exports-request", format = label(f))}</button>
            }).collect_view()}
        </div>
        // Beside the buttons that caused them (the list below is short: one file per format).
        <Note id="export-saved" text=saved focus=true/>
        <Note id="export-error" text=Signal::derive(move || error.get().map(|e| e.text())) error=true/>
        <ReauthForm open=Signal::derive(move || reauth_for.get().is_some()) on_cancel=Callback::new(move |_| reauth_for.set(None))
            confirmed=Callback::new(move |_| { if let Some(f) = reauth_for.get_untracked() { reauth_for.set(None); request(f); } }) error/>
        {move || match listing.get() {
            Listing::Loading => view! { <p>{tr!("exports-loading")}</p> }.into_any(),
            Listing::Empty => view! { <p class="hint">{tr!("exports-none")}</p> }.into_any(),
            Listing::Failed(e) => view! { <p class="error" role="alert">{e.text()}</p> }.into_any(),
            // Keyed: a row is drawn again only when it changes, so a "Save…" button is not
            // replaced under the pointer while another file is being prepared.
            Listing::Jobs => view! {
                <ul id="exports" class="rows">
                    <For each=move || jobs.get().and_then(Result::ok).unwrap_or_default()
                        key=|j| (j.id.clone(), j.status, j.expired, (j.progress * 100.0) as u32)
                        children=move |j| {
                            let id = j.id.clone();
                            view! {
                                <li class="panel" data-id=j.id.clone() data-status=j.status.as_str() data-format=j.format.as_str()>
                                    <strong>{label(j.format)}</strong>
                                    {match j.status {
                                        ExportStatus::Ready if j.expired => view! { <span class="hint">{tr!("exports-expired")}</span> }.into_any(),
                                        ExportStatus::Ready => view! {
                                            <span>{if j.format != ExportFormat::Fhir && !j.time_zone.is_empty() {
                                                tr!("exports-ready-times", n = j.rows.unwrap_or(0), zone = &j.time_zone)
                                            } else {
                                                tr!("exports-ready", n = j.rows.unwrap_or(0))
                                            }}</span>
                                            <button class="save" on:click=move |_| save(id.clone())>{tr!("exports-save")}</button>
                                        }.into_any(),
                                        ExportStatus::Failed => view! { <span class="error">{tr!("exports-failed")}</span> }.into_any(),
                                        _ => view! { <progress max="1" value=j.progress></progress><span class="hint">{tr!("exports-preparing")}</span> }.into_any(),
                                    }}
                                </li>
                            }
                        }/>
                </ul>
            }.into_any(),
        }}
        <p><a id="exports-back" href="/account">{tr!("exports-back")}</a></p>
    }
}
