//! Health data in the shell: the signed-in user's offline store (a SQLite file per user in the
//! app data dir), capture, charts, background sync, consent and legal pages, data downloads
//! (saved where the user picks) and the clinicians' patient views. Commands stay thin over
//! `haven-client`; every one that touches the user's data passes `guard()`.

use crate::commands::guard;
use crate::view::{
    ConsentView, ExportJob, HealthView, LegalDocument, LegalSummary, NewObservation, PatientSummary, SeriesView,
    UiError,
};
use crate::Shell;
use haven_client::offline::{is_consent_withdrawn, OfflineError, OfflineStore};
use std::time::Duration;
use tauri::{AppHandle, Manager, State};

type Res<T> = Result<T, UiError>;

/// The open offline store and what the last sync said.
pub struct Health {
    pub user_id: String,
    /// The client's session generation this store was opened for.
    pub generation: u64,
    pub store: OfflineStore,
    pub consent: String,
    pub sync_error: Option<String>,
    pub last_sync: Option<String>,
}

fn offline_error(e: OfflineError) -> UiError {
    match e {
        OfflineError::Client(c) => c.into(),
        OfflineError::Invalid(m) => UiError { code: "unprocessable".into(), message: m, ..Default::default() },
        OfflineError::Db(d) => {
            eprintln!("haven-app: local database: {d}");
            UiError { code: "local_storage".into(), message: String::new(), ..Default::default() }
        }
    }
}

/// Now, RFC 3339 in UTC to the millisecond.
fn now_rfc3339() -> String {
    let now = time::OffsetDateTime::now_utc();
    let now = now.replace_millisecond(now.millisecond()).unwrap_or(now);
    now.format(&time::format_description::well_known::Rfc3339).unwrap_or_default()
}

/// The signed-in user's store, opened on first use in each session (that once needs the
/// service, to know who is signed in; afterwards capture works offline). A store opened for
/// another session (sign-out, a refused refresh, another sign-in) is closed, never reused.
async fn store(shell: &Shell) -> Res<OfflineStore> {
    let generation = shell.client.session_generation();
    {
        let mut h = shell.health.lock().await;
        match h.as_ref() {
            Some(open) if open.generation == generation => return Ok(open.store.clone()),
            Some(_) => {
                if let Some(old) = h.take() {
                    old.store.close().await;
                }
            }
            None => {}
        }
    }
    let me = shell.client.me().await?;
    let mut h = shell.health.lock().await;
    if shell.client.session_generation() != generation {
        // The session changed while asking who is signed in.
        return Err(UiError { code: "unauthenticated".into(), message: String::new(), ..Default::default() });
    }
    if let Some(open) = h.as_ref().filter(|o| o.generation == generation) {
        return Ok(open.store.clone());
    }
    let path = shell.data_dir.join(format!("health-{}.db", me.id));
    let store = OfflineStore::open(&path).await.map_err(offline_error)?;
    *h = Some(Health {
        user_id: me.id,
        generation,
        store: store.clone(),
        consent: me.consent.status,
        sync_error: None,
        last_sync: None,
    });
    Ok(store)
}

/// Forgets the open store (sign-out); the file stays, so nothing unsent is lost.
pub async fn close(shell: &Shell) {
    if let Some(h) = shell.health.lock().await.take() {
        h.store.close().await;
    }
}

/// Pushes and pulls once; remembers what happened for the health screen.
pub async fn sync_once(shell: &Shell) -> Res<()> {
    let store = store(shell).await?;
    let result = store.sync(&shell.client).await;
    let consent = shell.client.consent().await.ok().map(|c| c.status);
    let mut h = shell.health.lock().await;
    if let Some(h) = h.as_mut() {
        if let Some(c) = consent {
            h.consent = c;
        }
        match result {
            Ok(_) => {
                h.sync_error = None;
                h.last_sync = Some(now_rfc3339());
            }
            Err(e) if is_consent_withdrawn(&e) => {
                h.consent = "withdrawn".into();
                h.sync_error = Some(
                    "You withdrew your consent, so nothing new is sent. What you record stays on this device.".into(),
                );
            }
            Err(e) => h.sync_error = Some(offline_error(e).text()),
        }
    }
    Ok(())
}

async fn health_view(shell: &Shell) -> Res<HealthView> {
    let store = store(shell).await?;
    let all = store.list(None).await.map_err(offline_error)?;
    let series = series_of(all.iter().map(|l| (l.recorded_ms, &l.observation)).collect());
    let status = store.status().await.map_err(offline_error)?;
    let rejected = store
        .rejected()
        .await
        .map_err(offline_error)?
        .into_iter()
        .map(|l| (l.observation.id, l.reason.unwrap_or_default()))
        .collect();
    let h = shell.health.lock().await;
    let (consent, sync_error, last_sync) =
        h.as_ref().map(|h| (h.consent.clone(), h.sync_error.clone(), h.last_sync.clone())).unwrap_or_default();
    Ok(HealthView {
        series,
        pending: status.pending,
        rejected,
        collecting: consent == "signed",
        consent,
        sync_error,
        last_sync,
        recorded: None,
    })
}

#[tauri::command]
pub async fn health(shell: State<'_, Shell>) -> Res<HealthView> {
    guard(&shell)?;
    health_view(&shell).await
}

/// Records an observation on this device first; it is sent now if the service can be reached,
/// later otherwise. Refused while consent is withdrawn (the app stops capturing).
#[tauri::command]
pub async fn record(shell: State<'_, Shell>, observation: NewObservation) -> Res<HealthView> {
    guard(&shell)?;
    let store = store(&shell).await?;
    let consent = shell.health.lock().await.as_ref().map(|h| h.consent.clone()).unwrap_or_default();
    if consent != "signed" {
        return Err(UiError {
            code: if consent == "withdrawn" { "consent_withdrawn" } else { "forbidden" }.into(),
            message: "Sign the informed consent form (Profile → Informed consent) to start recording.".into(),
            ..Default::default()
        });
    }
    let unit = haven_api::unit_of(&observation.kind).ok_or_else(|| UiError {
        code: "unprocessable".into(),
        message: "Choose what you are recording.".into(),
        ..Default::default()
    })?;
    let o = haven_api::Observation {
        id: uuid::Uuid::now_v7().to_string(),
        kind: observation.kind,
        value: observation.value,
        unit: unit.into(),
        recorded_at: observation.recorded_at.filter(|t| !t.trim().is_empty()).unwrap_or_else(now_rfc3339),
        note: observation.note.filter(|n| !n.trim().is_empty()),
        deleted: false,
    };
    store.record(&o).await.map_err(offline_error)?;
    // Kept locally whatever happens next; a failed send is retried by the background sync.
    let _ = sync_once(&shell).await;
    let mut view = health_view(&shell).await?;
    view.recorded = store.get(&o.id).await.map_err(offline_error)?.map(|l| (l.state, l.reason));
    Ok(view)
}

#[tauri::command]
pub async fn sync_now(shell: State<'_, Shell>) -> Res<HealthView> {
    guard(&shell)?;
    sync_once(&shell).await?;
    health_view(&shell).await
}

/// Every 20 s while signed in and unlocked: send what waits and fetch what changed elsewhere.
pub fn spawn_background_sync(app: AppHandle) {
    tauri::async_runtime::spawn(async move {
        loop {
            tokio::time::sleep(Duration::from_secs(20)).await;
            let shell = app.state::<Shell>();
            if shell.client.is_signed_in().await
                && !shell.is_locked()
                && shell.client.me().await.is_ok_and(|m| m.role == haven_api::Role::Patient)
            {
                let _ = sync_once(&shell).await;
            }
        }
    });
}

/// Listens to the service's events while signed in: a download this app asked for (or found
/// being prepared) that becomes ready is announced with an OS notification (it names no data,
/// so it is shown even while the app is locked). Events sent while the stream was down are not
/// lost: on every (re)connect the list of downloads is read again.
pub fn spawn_event_listener(app: AppHandle) {
    tauri::async_runtime::spawn(async move {
        loop {
            let shell = app.state::<Shell>();
            if shell.client.is_signed_in().await {
                if let Ok(mut events) = shell.client.events().await {
                    if let Ok(list) = shell.client.exports().await {
                        for j in &list.exports {
                            if j.status == "pending" || j.status == "running" {
                                watch(&shell, &j.id);
                            } else if unwatch(&shell, &j.id) {
                                announce(&app, &j.status);
                            }
                        }
                    }
                    while let Ok(Some((name, data))) = events.next().await {
                        match name.as_str() {
                            "export_ready" | "export_failed" => {
                                let id = serde_json::from_str::<haven_api::ExportEvent>(&data)
                                    .map(|e| e.id)
                                    .unwrap_or_default();
                                if unwatch(&shell, &id) {
                                    announce(&app, if name == "export_ready" { "ready" } else { "failed" });
                                }
                            }
                            "session_revoked" => break,
                            _ => {}
                        }
                    }
                }
            }
            tokio::time::sleep(Duration::from_secs(3)).await;
        }
    });
}

fn watch(shell: &Shell, id: &str) {
    if let Ok(mut w) = shell.watched_exports.lock() {
        w.insert(id.to_owned());
    }
}

/// Whether `id` was watched (and is no longer).
fn unwatch(shell: &Shell, id: &str) -> bool {
    shell.watched_exports.lock().map(|mut w| w.remove(id)).unwrap_or(false)
}

fn announce(app: &AppHandle, status: &str) {
    if status == "ready" {
        notify(app, "Your data is ready", "Open Haven → Download your data to save it.");
    } else {
        notify(app, "Your data download failed", "Open Haven → Download your data to try again.");
    }
}

pub fn notify(app: &AppHandle, title: &str, body: &str) {
    use tauri_plugin_notification::NotificationExt;
    if let Err(e) = app.notification().builder().title(title).body(body).show() {
        eprintln!("haven-app: notification: {e}");
    }
}

// ---------- consent and legal ----------

#[tauri::command]
pub async fn consent(shell: State<'_, Shell>) -> Res<ConsentView> {
    guard(&shell)?;
    let c = shell.client.consent().await?;
    let doc = shell.client.legal_document("consent").await?;
    if let Some(h) = shell.health.lock().await.as_mut() {
        h.consent = c.status.clone();
    }
    Ok(ConsentView {
        status: c.status,
        signed_version: c.version,
        signed_at: c.signed_at,
        withdrawn_at: c.withdrawn_at,
        version: doc.version,
        title: doc.title,
        body: doc.body,
    })
}

#[tauri::command]
pub async fn sign_consent(shell: State<'_, Shell>, version: String) -> Res<ConsentView> {
    guard(&shell)?;
    shell.client.sign_consent(&version).await?;
    let _ = sync_once(&shell).await;
    consent(shell).await
}

/// Needs the password again (`reauth_required` opens the prompt in the UI).
#[tauri::command]
pub async fn withdraw_consent(shell: State<'_, Shell>) -> Res<ConsentView> {
    guard(&shell)?;
    shell.client.withdraw_consent().await?;
    consent(shell).await
}

/// Public documents: readable before signing in too, so not guarded.
#[tauri::command]
pub async fn legal(shell: State<'_, Shell>) -> Res<Vec<LegalSummary>> {
    Ok(shell.client.legal().await?.documents)
}

#[tauri::command]
pub async fn legal_document(shell: State<'_, Shell>, slug: String) -> Res<LegalDocument> {
    Ok(shell.client.legal_document(&slug).await?)
}

// ---------- data download ----------

#[tauri::command]
pub async fn exports(shell: State<'_, Shell>) -> Res<Vec<ExportJob>> {
    guard(&shell)?;
    Ok(shell.client.exports().await?.exports)
}

/// Starts a download (`reauth_required` first opens the password prompt in the UI).
#[tauri::command]
pub async fn create_export(shell: State<'_, Shell>, format: String) -> Res<ExportJob> {
    guard(&shell)?;
    let job = shell.client.create_export(&format).await?;
    watch(&shell, &job.id);
    Ok(job)
}

/// Saves a ready download where the user picks (the system's save dialog). With
/// `HAVEN_EXPORT_DIR` set (managed machines, unattended runs) it is saved there without asking.
/// Answers the path, or None when the user cancelled.
#[tauri::command]
pub async fn save_export(app: AppHandle, shell: State<'_, Shell>, id: String) -> Res<Option<String>> {
    guard(&shell)?;
    let job = shell.client.export(&id).await?;
    let ext = match job.format.as_str() {
        "csv" => "csv",
        "pdf" => "pdf",
        _ => "json",
    };
    let name = format!("haven-data-{}.{ext}", job.created_at.get(..10).unwrap_or("export"));
    let path = match std::env::var_os("HAVEN_EXPORT_DIR") {
        Some(dir) => Some(std::path::PathBuf::from(dir).join(&name)),
        None => {
            use tauri_plugin_dialog::DialogExt;
            let picked =
                app.dialog().file().set_file_name(&name).add_filter(ext.to_uppercase(), &[ext]).blocking_save_file();
            picked.and_then(|p| p.into_path().ok())
        }
    };
    let Some(path) = path else { return Ok(None) };
    // Written to a temporary file beside the target, then renamed: no half file under the name.
    let tmp = path.with_extension(format!("{ext}.part"));
    let io = |what: &str, p: &std::path::Path, e: std::io::Error| UiError {
        code: "not_available".into(),
        message: format!("Cannot {what} {}: {e}.", p.display()),
        ..Default::default()
    };
    let result = async {
        let mut f = std::fs::File::create(&tmp).map_err(|e| io("write", &tmp, e))?;
        shell.client.download_export(&id, &mut f).await?;
        f.sync_all().map_err(|e| io("write", &tmp, e))?;
        std::fs::rename(&tmp, &path).map_err(|e| io("save", &path, e))
    }
    .await;
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result?;
    Ok(Some(path.display().to_string()))
}

// ---------- clinicians ----------

#[tauri::command]
pub async fn patients(shell: State<'_, Shell>) -> Res<Vec<PatientSummary>> {
    guard(&shell)?;
    Ok(shell.client.patients().await?.patients)
}

/// One patient's charts (all pages of their observations).
#[tauri::command]
pub async fn patient_health(shell: State<'_, Shell>, id: String) -> Res<Vec<SeriesView>> {
    guard(&shell)?;
    let mut since: Option<String> = None;
    let mut all = Vec::new();
    loop {
        let page = shell.client.patient_observations(&id, since.as_deref(), 5000).await?;
        all.extend(page.observations.into_iter().filter(|o| !o.deleted));
        since = Some(page.cursor);
        if !page.more {
            break;
        }
    }
    let timed = all.iter().filter_map(|o| haven_client::offline::parse_ms(&o.recorded_at).map(|ms| (ms, o))).collect();
    Ok(series_of(timed))
}

/// One chart per kind present, points oldest first, with the latest value as people read it.
fn series_of(mut timed: Vec<(i64, &haven_api::Observation)>) -> Vec<SeriesView> {
    timed.sort_by_key(|t| t.0);
    let mut series = Vec::new();
    for (kind, unit, label) in haven_api::KINDS {
        let points: Vec<&(i64, &haven_api::Observation)> = timed.iter().filter(|t| t.1.kind == *kind).collect();
        let Some(last) = points.last() else { continue };
        series.push(SeriesView {
            kind: (*kind).into(),
            label: (*label).into(),
            unit: (*unit).into(),
            latest: display(&last.1.value, unit),
            latest_at: last.1.recorded_at.clone(),
            points: points.iter().map(|t| (t.0, t.1.value.numbers())).collect(),
        });
    }
    series
}

/// The latest value as the chart's caption shows it: with its unit (a symptom is its own).
fn display(v: &haven_api::ObservationValue, unit: &str) -> String {
    match v {
        haven_api::ObservationValue::Symptom(_) => v.display(),
        _ => format!("{} {unit}", v.display()),
    }
}
