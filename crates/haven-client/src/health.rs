//! The signed-in user's health data on this device: their offline store (opened once per
//! session, never reused for the next person), capture, sync and what it last said, the charts'
//! series, and a clinician's view of a patient. No Tauri here: the shell maps what this answers
//! to the webview's views.

use crate::offline::{is_consent_withdrawn, Local, OfflineError, OfflineStore};
use crate::{ClientError, HavenClient};
use haven_api::check_recorded_at;
use haven_api::rfc3339::parse_ms;
use haven_api::{ConsentStatus, Kind, Observation, ObservationValue, Role};
use std::path::PathBuf;
use tokio::sync::Mutex;

/// Why the last sync did not finish.
#[derive(Clone, Debug)]
pub enum SyncFailure {
    /// The user withdrew consent: nothing new is sent; what they record stays on the device.
    ConsentWithdrawn,
    /// The service could not be reached, or refused.
    Client(ClientError),
    /// The device's store failed.
    LocalStorage,
    /// A stored value could not be read (the sentence says which).
    Unreadable(String),
}

/// How many of a kind's latest values are listed under its chart (for changing or deleting).
pub const RECENT: usize = 10;

/// One kind's values for its chart: (unix ms, numbers), oldest first, and the latest
/// [`RECENT`] values themselves, newest first.
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    pub kind: Kind,
    pub points: Vec<(i64, Vec<f64>)>,
    pub recent: Vec<Observation>,
}

/// What the health screen shows.
#[derive(Clone, Debug)]
pub struct Snapshot {
    pub series: Vec<Series>,
    pub pending: i64,
    /// (observation id, the service's reason) for each refused value.
    pub rejected: Vec<(String, String)>,
    /// As last known: offline keeps the last answer.
    pub consent: ConsentStatus,
    pub sync_error: Option<SyncFailure>,
    /// When the last sync finished (RFC 3339).
    pub last_sync: Option<String>,
    /// Unsent values lost with the store's key when it was opened this session.
    pub lost_unsent: Option<i64>,
}

/// The open store and what the last sync said.
struct Open {
    /// The client's session generation this store was opened for.
    generation: u64,
    store: OfflineStore,
    consent: ConsentStatus,
    sync_error: Option<SyncFailure>,
    last_sync: Option<String>,
}

pub struct HealthSession {
    client: HavenClient,
    /// Where the per-user stores live (`health-<user id>.db`).
    data_dir: PathBuf,
    open: Mutex<Option<Open>>,
    /// The signed-in user's role, per session generation (the background sync is for patients).
    role: Mutex<Option<(u64, Role)>>,
}

fn now_ms() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis() as i64)
}

fn now_s() -> i64 {
    now_ms() / 1000
}

/// Now as RFC 3339 UTC, to the millisecond.
fn now() -> String {
    haven_api::rfc3339::format_ms(now_ms())
}

impl HealthSession {
    pub fn new(client: HavenClient, data_dir: PathBuf) -> HealthSession {
        HealthSession { client, data_dir, open: Mutex::default(), role: Mutex::default() }
    }

    /// The signed-in user's store, opened on first use in each session (that once needs the
    /// service, to know who is signed in; afterwards capture works offline). A store opened for
    /// another session (sign-out, a refused refresh, another sign-in) is closed, never reused.
    pub async fn store(&self) -> Result<OfflineStore, OfflineError> {
        let generation = self.client.session_generation();
        {
            let mut open = self.open.lock().await;
            match open.as_ref() {
                Some(o) if o.generation == generation => return Ok(o.store.clone()),
                Some(_) => {
                    if let Some(old) = open.take() {
                        old.store.close().await;
                    }
                }
                None => {}
            }
        }
        let me = self.client.me().await?;
        let mut open = self.open.lock().await;
        if self.client.session_generation() != generation {
            // The session changed while asking who is signed in.
            return Err(ClientError::SignedOut.into());
        }
        if let Some(o) = open.as_ref().filter(|o| o.generation == generation) {
            return Ok(o.store.clone());
        }
        // The keychain blocks (up to its timeout): off the async workers.
        let (client, user) = (self.client.clone(), me.id.clone());
        let (key, kept) = tokio::task::spawn_blocking(move || client.store_key(&user))
            .await
            .map_err(|e| OfflineError::Invalid(haven_i18n::tr!("shell-keychain-not-asked", error = e.to_string())))??;
        let store = OfflineStore::open(&self.data_dir.join(format!("health-{}.db", me.id)), &key, kept).await?;
        *open = Some(Open {
            generation,
            store: store.clone(),
            consent: me.consent.status,
            sync_error: None,
            last_sync: None,
        });
        Ok(store)
    }

    /// Forgets the open store (sign-out); the file stays, so nothing unsent is lost.
    pub async fn close(&self) {
        if let Some(o) = self.open.lock().await.take() {
            o.store.close().await;
        }
    }

    /// Pushes and pulls once, and remembers what happened for the health screen. Fails only
    /// when the store cannot be opened.
    pub async fn sync(&self) -> Result<(), OfflineError> {
        let store = self.store().await?;
        let result = store.sync(&self.client).await;
        let consent = self.client.consent().await.ok().map(|c| c.status);
        if let Some(o) = self.open.lock().await.as_mut() {
            if let Some(c) = consent {
                o.consent = c;
            }
            match result {
                Ok(_) => {
                    o.sync_error = None;
                    o.last_sync = Some(now());
                }
                Err(e) if is_consent_withdrawn(&e) => {
                    o.consent = ConsentStatus::Withdrawn;
                    o.sync_error = Some(SyncFailure::ConsentWithdrawn);
                }
                Err(OfflineError::Client(c)) => o.sync_error = Some(SyncFailure::Client(c)),
                Err(OfflineError::Invalid(m)) => o.sync_error = Some(SyncFailure::Unreadable(m)),
                Err(_) => o.sync_error = Some(SyncFailure::LocalStorage),
            }
        }
        Ok(())
    }

    /// The background sync's turn: patients only (others have nothing to send); the role is
    /// asked once per session.
    pub async fn sync_if_patient(&self) -> Result<(), OfflineError> {
        let generation = self.client.session_generation();
        let known = self.role.lock().await.filter(|(g, _)| *g == generation).map(|(_, r)| r);
        let role = match known {
            Some(r) => r,
            None => {
                let r = self.client.me().await?.role;
                *self.role.lock().await = Some((generation, r));
                r
            }
        };
        if role == Role::Patient {
            self.sync().await?;
        }
        Ok(())
    }

    /// What the health screen shows: a series per kind, what waits, what was refused and why.
    pub async fn snapshot(&self) -> Result<Snapshot, OfflineError> {
        let mut store = self.store().await?;
        // A store started afresh after its key was lost is filled from the service before it
        // is first shown, as the screen promises.
        let unsynced = self.open.lock().await.as_ref().is_some_and(|o| o.last_sync.is_none() && o.sync_error.is_none());
        if store.lost_unsent().is_some() && unsynced {
            let _ = self.sync().await;
            store = self.store().await?;
        }
        let all = store.list(None).await?;
        let series = series_of(all.iter().map(|l| (l.recorded_ms, &l.observation)).collect());
        let pending = store.status().await?.pending;
        let rejected = store.rejected().await?;
        let open = self.open.lock().await;
        let (consent, sync_error, last_sync) =
            open.as_ref().map(|o| (o.consent, o.sync_error.clone(), o.last_sync.clone())).unwrap_or_default();
        Ok(Snapshot { series, pending, rejected, consent, sync_error, last_sync, lost_unsent: store.lost_unsent() })
    }

    /// Records a value on this device first; it is sent now if the service can be reached, later
    /// otherwise. Refused (and nothing stored) unless consent is signed, and when the value
    /// breaks a rule. Answers the screen and where the new value stands.
    pub async fn record(
        &self,
        kind: Kind,
        value: ObservationValue,
        recorded_at: Option<String>,
        note: Option<String>,
    ) -> Result<(Snapshot, Option<Local>), OfflineError> {
        let store = self.store().await?;
        let consent = self.open.lock().await.as_ref().map(|o| o.consent).unwrap_or_default();
        if !consent.collecting() {
            return Err(OfflineError::NotCollecting(consent));
        }
        let o = Observation {
            id: uuid::Uuid::now_v7().to_string(),
            kind,
            value,
            unit: kind.unit().into(),
            recorded_at: recorded_at.filter(|t| !t.trim().is_empty()).unwrap_or_else(now),
            note: note.filter(|n| !n.trim().is_empty()),
            deleted: false,
        };
        check_recorded_at(&o.recorded_at, now_s()).map_err(|m| OfflineError::Invalid(m.text()))?;
        self.keep_and_send(&store, o).await
    }

    /// Changes a value recorded earlier (its kind stays): a new version of the same id, sent like
    /// a new value. The service takes versions in the order they arrive, so a value moved to an
    /// earlier time is changed, not dropped as "older".
    pub async fn change(
        &self,
        id: &str,
        value: ObservationValue,
        recorded_at: Option<String>,
        note: Option<String>,
    ) -> Result<(Snapshot, Option<Local>), OfflineError> {
        let (store, old) = self.earlier(id).await?;
        let note = note.filter(|n| !n.trim().is_empty());
        // The form shows times to the minute: the same minute keeps the time as it was.
        let minute = |t: &str| parse_ms(t).map(|ms| ms.div_euclid(60_000));
        let recorded_at = match recorded_at.filter(|t| !t.trim().is_empty()) {
            Some(at) if minute(&at).is_none() || minute(&at) != minute(&old.recorded_at) => {
                check_recorded_at(&at, now_s()).map_err(|m| OfflineError::Invalid(m.text()))?;
                at
            }
            _ => old.recorded_at.clone(),
        };
        self.keep_and_send(&store, Observation { value, note, recorded_at, ..old }).await
    }

    /// Deletes a value recorded earlier: a last version marked deleted, so the service (and the
    /// clinician's view) drop it too.
    pub async fn delete(&self, id: &str) -> Result<Snapshot, OfflineError> {
        let (store, mut o) = self.earlier(id).await?;
        o.deleted = true;
        Ok(self.keep_and_send(&store, o).await?.0)
    }

    /// A live value of this user's, to change; refused like capture while consent is not signed.
    async fn earlier(&self, id: &str) -> Result<(OfflineStore, Observation), OfflineError> {
        let store = self.store().await?;
        let consent = self.open.lock().await.as_ref().map(|o| o.consent).unwrap_or_default();
        if !consent.collecting() {
            return Err(OfflineError::NotCollecting(consent));
        }
        match store.get(id).await? {
            Some(l) if !l.observation.deleted => Ok((store, l.observation)),
            _ => Err(OfflineError::Invalid(haven_i18n::tr!("shell-value-gone"))),
        }
    }

    /// Stores a value (new or a new version) and tries to send it at once.
    async fn keep_and_send(
        &self,
        store: &OfflineStore,
        o: Observation,
    ) -> Result<(Snapshot, Option<Local>), OfflineError> {
        store.record(&o).await?;
        self.send_and_show(store, &o.id).await
    }

    /// Tries to send what was just kept, and answers the screen and where that value stands.
    async fn send_and_show(&self, store: &OfflineStore, id: &str) -> Result<(Snapshot, Option<Local>), OfflineError> {
        // Kept locally whatever happens next; a failed send is retried by the background sync.
        let _ = self.sync().await;
        let snapshot = self.snapshot().await?;
        Ok((snapshot, store.get(id).await?))
    }

    /// The consent state as just read from the service (the consent page), so capture follows it
    /// at once.
    pub async fn consent_changed(&self, status: ConsentStatus) {
        if let Some(o) = self.open.lock().await.as_mut() {
            o.consent = status;
        }
    }

    /// A clinician's view of one patient: all pages of their observations, as series.
    pub async fn patient_series(&self, patient_id: &str) -> Result<Vec<Series>, ClientError> {
        let mut since: Option<String> = None;
        let mut all = Vec::new();
        loop {
            let page = self.client.patient_observations(patient_id, since.as_deref(), 5000).await?;
            all.extend(page.observations.into_iter().filter(|o| !o.deleted));
            since = Some(page.cursor);
            if !page.more {
                break;
            }
        }
        let timed = all.iter().filter_map(|o| parse_ms(&o.recorded_at).map(|ms| (ms, o))).collect();
        Ok(series_of(timed))
    }
}

/// One series per kind present, in the kinds' order, points oldest first.
pub fn series_of(mut timed: Vec<(i64, &Observation)>) -> Vec<Series> {
    timed.sort_by_key(|t| t.0);
    Kind::ALL
        .into_iter()
        .filter_map(|kind| {
            let points: Vec<&(i64, &Observation)> = timed.iter().filter(|t| t.1.kind == kind).collect();
            if points.is_empty() {
                return None;
            }
            let recent = points.iter().rev().take(RECENT).map(|t| t.1.clone()).collect();
            Some(Series { kind, points: points.iter().map(|t| (t.0, t.1.value.numbers())).collect(), recent })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use haven_api::BloodPressure;

    fn obs(id: &str, kind: Kind, value: ObservationValue, at: &str) -> Observation {
        Observation {
            id: id.into(),
            kind,
            value,
            unit: kind.unit().into(),
            recorded_at: at.into(),
            note: None,
            deleted: false,
        }
    }

    #[test]
    fn series_follow_the_kinds_order_with_points_oldest_first() {
        let bp = ObservationValue::BloodPressure(BloodPressure { systolic: 120.0, diastolic: 80.0 });
        let a = obs("a", Kind::Weight, ObservationValue::Number(70.5), "2026-11-24T09:00:00Z");
        let b = obs("b", Kind::BloodPressure, bp, "2026-11-24T08:00:00Z");
        let c = obs("c", Kind::Weight, ObservationValue::Number(70.1), "2026-11-23T09:00:00Z");
        let timed = [&a, &b, &c]
            .into_iter()
            .map(|o| (haven_api::rfc3339::parse_ms(&o.recorded_at).expect("time"), o))
            .collect();
        let s = series_of(timed);
        assert_eq!(s.iter().map(|s| s.kind).collect::<Vec<_>>(), [Kind::BloodPressure, Kind::Weight]);
        assert_eq!(s[0].points[0].1, vec![120.0, 80.0]);
        assert_eq!(s[1].points.iter().map(|p| p.1[0]).collect::<Vec<_>>(), [70.1, 70.5]);
        assert_eq!(s[1].recent.iter().map(|o| o.id.as_str()).collect::<Vec<_>>(), ["a", "c"]);
        assert!(series_of(Vec::new()).is_empty());
    }
}
