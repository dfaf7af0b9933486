//! Offline-first health data: observations are written to a local SQLite file first (one per
//! signed-in user), then pushed; pulls bring other devices' changes. Nothing leaves the queue
//! until the service has acknowledged it, so a crash, a lost answer or no network loses nothing:
//! the next sync pushes it again, and the service's idempotency by id makes that harmless.
//!
//! Rows are `pending` (not yet acknowledged), `synced`, or `rejected` (the service refused the
//! item, with its reason kept for the user). Each local edit bumps `version`, so an
//! acknowledgement of an older version cannot mark a newer edit as synced.
//!
//! Health values are sealed at rest: each row's value, unit, time text and note are one
//! XChaCha20-Poly1305 box under a [`StoreKey`] (random, per user, kept in the OS keychain), bound
//! to the row's id, kind and deleted flag. What stays in the clear is what the queries need: the
//! id, the kind, the time in ms, the state and the service's reason. A store whose key is gone
//! cannot be read by anyone; [`OfflineStore::open`] then starts it afresh (or, while the keychain
//! cannot be used, leaves it alone) and says how many unsent values it lost.

use crate::{ClientError, HavenClient};
use base64::Engine;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use haven_api::rfc3339::parse_ms;
use haven_api::Secret;
use haven_api::{check_observation, ConsentStatus, ErrorCode, Kind, Observation, ObservationValue, RowState};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;
use std::path::Path;

/// Items per push (the service takes up to 5000 and 5 MiB).
pub const PUSH_BATCH: usize = 500;
pub const PULL_PAGE: u32 = 1000;

#[derive(Debug, thiserror::Error)]
pub enum OfflineError {
    #[error("{0}")]
    Invalid(String),
    #[error("local database: {0}")]
    Db(#[from] sqlx::Error),
    /// A row that does not open under the store's key (tampered with, or written under another).
    #[error("a stored value could not be opened")]
    Sealed,
    /// The store's key is in the keychain, which cannot be used now: nothing is deleted.
    #[error("{}", haven_i18n::tr!("shell-store-key-unavailable"))]
    KeyUnavailable,
    #[error(transparent)]
    Client(#[from] ClientError),
    /// Nothing is recorded without a signed consent.
    #[error("consent is {}", .0.as_str())]
    NotCollecting(ConsentStatus),
}

impl OfflineError {
    /// The machine code the UI shows a sentence for.
    pub fn code(&self) -> &'static str {
        match self {
            OfflineError::Invalid(_) => "unprocessable",
            OfflineError::Db(_) | OfflineError::Sealed | OfflineError::KeyUnavailable => "local_storage",
            OfflineError::Client(e) => e.code(),
            OfflineError::NotCollecting(ConsentStatus::Withdrawn) => "consent_withdrawn",
            OfflineError::NotCollecting(_) => "forbidden",
        }
    }
}

/// One observation as the app keeps it.
#[derive(Debug, Clone, PartialEq)]
pub struct Local {
    pub observation: Observation,
    pub recorded_ms: i64,
    pub state: RowState,
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QueueStatus {
    pub pending: i64,
    pub rejected: i64,
    pub synced: i64,
}

/// What one sync did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncReport {
    pub pushed: usize,
    pub rejected: usize,
    pub pulled: usize,
}

/// The key a user's store is sealed under: 256 random bits, kept in the OS keychain (as base64)
/// beside the session's tokens, never on disk.
#[derive(Clone)]
pub struct StoreKey(chacha20poly1305::Key);

impl StoreKey {
    pub fn random() -> StoreKey {
        StoreKey(XChaCha20Poly1305::generate_key(&mut chacha20poly1305::aead::OsRng))
    }
    /// A key as the keychain keeps it; `None` if it is not one (then treated as lost).
    pub fn from_secret(s: &Secret) -> Option<StoreKey> {
        let bytes = base64::engine::general_purpose::STANDARD.decode(s.expose().trim()).ok()?;
        (bytes.len() == 32).then(|| StoreKey(*chacha20poly1305::Key::from_slice(&bytes)))
    }
    pub fn to_secret(&self) -> Secret {
        Secret::new(base64::engine::general_purpose::STANDARD.encode(self.0))
    }
    fn seal(&self, plain: &[u8], aad: &[u8]) -> Vec<u8> {
        use chacha20poly1305::aead::AeadCore;
        let nonce = XChaCha20Poly1305::generate_nonce(&mut chacha20poly1305::aead::OsRng);
        let mut out = nonce.to_vec();
        // Encryption of a buffer in memory cannot fail with this AEAD.
        let sealed = XChaCha20Poly1305::new(&self.0).encrypt(&nonce, Payload { msg: plain, aad });
        out.extend(sealed.expect("XChaCha20-Poly1305 seals any buffer in memory"));
        out
    }
    fn open(&self, sealed: &[u8], aad: &[u8]) -> Option<Vec<u8>> {
        let (nonce, body) = sealed.split_at_checked(24)?;
        XChaCha20Poly1305::new(&self.0).decrypt(XNonce::from_slice(nonce), Payload { msg: body, aad }).ok()
    }
}

/// What is sealed of an observation.
#[derive(serde::Serialize, serde::Deserialize)]
struct Sealed {
    value: ObservationValue,
    unit: String,
    recorded_at: String,
    note: Option<String>,
}

/// Binds a sealed row to its clear columns that say what it is (id, kind, deleted), so a box
/// moved onto another row, or a row relabelled, does not open.
fn row_aad(id: &str, kind: &str, deleted: bool) -> Vec<u8> {
    format!("haven-offline-v1:{id}:{kind}:{}", u8::from(deleted)).into_bytes()
}

/// One row's box: what is sealed of it, under `key`, bound to its clear columns.
fn seal_row(key: &StoreKey, id: &str, kind: &str, deleted: bool, sealed: &Sealed) -> Result<Vec<u8>, OfflineError> {
    let plain = serde_json::to_vec(sealed).map_err(|e| OfflineError::Invalid(e.to_string()))?;
    Ok(key.seal(&plain, &row_aad(id, kind, deleted)))
}

/// Rows holding values in the clear (written by an app from before sealing, or by one since).
const CLEAR_ROWS: &str = "sealed IS NULL OR value <> ''";

fn b64(s: &str) -> Option<Vec<u8>> {
    base64::engine::general_purpose::STANDARD.decode(s).ok()
}

/// Why a value that does not open was not sent (kept with it, in the app's language then).
fn unreadable_not_sent() -> String {
    haven_i18n::tr!("shell-unreadable-not-sent")
}

/// What the key check seals (in `meta`): opening it proves the key is this store's.
const KEY_CHECK: &[u8] = b"haven offline store";

#[derive(Clone)]
pub struct OfflineStore {
    db: SqlitePool,
    key: StoreKey,
    /// Values recorded on this device and not yet sent that were lost with the store's key.
    lost_unsent: Option<i64>,
}

type Row = (String, String, Option<Vec<u8>>, i64, bool, String, Option<String>);
const COLUMNS: &str = "id, kind, sealed, recorded_ms, deleted, state, reason";

/// Binds `o`'s clear columns (id, kind, sealed, recorded_ms, deleted) to `sql`'s first five
/// parameters.
fn upsert<'q>(
    sql: &'q str,
    key: &StoreKey,
    o: &'q Observation,
    ms: i64,
) -> Result<sqlx::query::Query<'q, sqlx::Sqlite, sqlx::sqlite::SqliteArguments<'q>>, OfflineError> {
    let sealed = Sealed {
        value: o.value.clone(),
        unit: o.unit.clone(),
        recorded_at: o.recorded_at.clone(),
        note: o.note.clone(),
    };
    let sealed = seal_row(key, &o.id, o.kind.as_str(), o.deleted, &sealed)?;
    Ok(sqlx::query(sql).bind(&o.id).bind(o.kind.as_str()).bind(sealed).bind(ms).bind(o.deleted))
}

impl OfflineStore {
    /// Opens (creating) the local database at `path`, sealed under `key`; `kept` says whether a
    /// working keychain holds `key`. A store sealed under another key cannot be read: when the
    /// keychain answered (it lost or replaced the key), or the store's own key was never kept
    /// (a run without a keychain), it is set aside (`<file>.unreadable-<ms>`, sealed, should the
    /// key ever come back) and started afresh (the next sync pulls what the service has), and
    /// [`Self::lost_unsent`] says how many unsent values it held.
    /// When its key was kept but the keychain cannot be used now (locked, not answering), the
    /// store is left as it is: [`OfflineError::KeyUnavailable`].
    pub async fn open(path: &Path, key: &StoreKey, kept: bool) -> Result<OfflineStore, OfflineError> {
        let db = Self::connect(path).await?;
        let meta = |k: &'static str| sqlx::query_scalar::<_, String>("SELECT value FROM meta WHERE key = ?").bind(k);
        let check = meta("key_check").fetch_optional(&db).await?;
        // "0": the key only ever lived in memory (a run without a keychain), so it is gone for good.
        let key_gone = meta("key_kept").fetch_optional(&db).await?.as_deref() == Some("0");
        let opens = |c: &str| b64(c).and_then(|b| key.open(&b, b"key-check")).is_some_and(|p| p == KEY_CHECK);
        match check {
            Some(c) if opens(&c) => {
                let store = OfflineStore { db, key: key.clone(), lost_unsent: None };
                // Rows an older app wrote in the clear since (it does not know `sealed`).
                store.seal_clear_rows().await?;
                Ok(store)
            }
            Some(_) if !kept && !key_gone => {
                db.close().await;
                Err(OfflineError::KeyUnavailable)
            }
            Some(_) => {
                let unsent: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM observations WHERE state = 'pending'")
                    .fetch_one(&db)
                    .await?;
                // A key gone for good leaves nothing to keep the file for. Otherwise it is set
                // aside, should the keychain's key come back.
                // Closing checkpoints the WAL into the file, so the file alone is set aside.
                db.close().await;
                let ms =
                    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis());
                for suffix in ["", "-wal", "-shm"] {
                    let mut from = path.as_os_str().to_owned();
                    from.push(suffix);
                    let mut to = from.clone();
                    to.push(format!(".unreadable-{ms}"));
                    let moved = if key_gone { std::fs::remove_file(&from) } else { std::fs::rename(&from, &to) };
                    match moved {
                        Ok(()) => {}
                        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                        Err(e) => return Err(OfflineError::Db(sqlx::Error::Io(e))),
                    }
                }
                let db = Self::connect(path).await?;
                let store = OfflineStore { db, key: key.clone(), lost_unsent: Some(unsent) };
                store.adopt(kept).await?;
                Ok(store)
            }
            None => {
                let mut store = OfflineStore { db, key: key.clone(), lost_unsent: None };
                let clear: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM observations WHERE {CLEAR_ROWS}"))
                    .fetch_one(&store.db)
                    .await?;
                // Values kept in the clear by an app from before sealing are sealed only under a
                // key the keychain keeps: sealed under a stand-in, they would be lost at the next
                // start. Until then they stay as they were, and new values are sealed.
                if !kept && clear > 0 {
                    return Ok(store);
                }
                let lost = store.adopt(kept).await?;
                store.lost_unsent = (lost > 0).then_some(lost);
                Ok(store)
            }
        }
    }

    async fn connect(path: &Path) -> Result<SqlitePool, OfflineError> {
        let opts = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // A committed record survives the app being killed.
            .synchronous(SqliteSynchronous::Normal)
            // Freed pages are zeroed, so a changed or deleted value leaves nothing behind.
            .pragma("secure_delete", "ON")
            .busy_timeout(std::time::Duration::from_secs(10));
        let db = SqlitePoolOptions::new().max_connections(1).connect_with(opts).await?;
        // Migrations are embedded and append-only (atuin-client does the same), so a column can be
        // added on devices already in use. They only add (tables, indexes, columns with
        // defaults), so an older app still opens a store a newer one migrated.
        let mut migrator = sqlx::migrate!("./migrations");
        migrator.set_ignore_missing(true);
        migrator.run(&db).await.map_err(|e| OfflineError::Db(e.into()))?;
        Ok(db)
    }

    /// Makes a store without a key check this key's: rows kept in the clear are sealed, and the
    /// check written with whether the keychain keeps the key. Answers how many pending rows do
    /// not open under it (sealed under a stand-in key in a run without a keychain).
    async fn adopt(&self, kept: bool) -> Result<i64, OfflineError> {
        self.seal_clear_rows().await?;
        let pending: Vec<Row> = sqlx::query_as(&format!("SELECT {COLUMNS} FROM observations WHERE state = 'pending'"))
            .fetch_all(&self.db)
            .await?;
        let lost =
            pending.into_iter().map(|r| self.local(r)).filter(|l| matches!(l, Err(OfflineError::Sealed))).count();
        let check = base64::engine::general_purpose::STANDARD.encode(self.key.seal(KEY_CHECK, b"key-check"));
        let mut tx = self.db.begin().await?;
        for (k, v) in [("key_check", check.as_str()), ("key_kept", if kept { "1" } else { "0" })] {
            sqlx::query(
                "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            )
            .bind(k)
            .bind(v)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(lost as i64)
    }

    /// Seals every row an app from before sealing wrote (or rewrote, on a pull) in the clear,
    /// then erases the clear copies from the file and its WAL.
    async fn seal_clear_rows(&self) -> Result<(), OfflineError> {
        type Clear = (String, String, String, String, String, Option<String>, bool);
        let clear: Vec<Clear> = sqlx::query_as(&format!(
            "SELECT id, kind, value, unit, recorded_at, note, deleted FROM observations WHERE {CLEAR_ROWS}"
        ))
        .fetch_all(&self.db)
        .await?;
        if clear.is_empty() {
            return Ok(());
        }
        let mut tx = self.db.begin().await?;
        for (id, kind, value, unit, recorded_at, note, deleted) in &clear {
            let value: ObservationValue = serde_json::from_str(value)
                .map_err(|_| OfflineError::Invalid(haven_i18n::tr!("shell-stored-value-unreadable", id = id)))?;
            let sealed = Sealed { value, unit: unit.clone(), recorded_at: recorded_at.clone(), note: note.clone() };
            let sealed = seal_row(&self.key, id, kind, *deleted, &sealed)?;
            sqlx::query(
                "UPDATE observations SET sealed = ?, value = '', unit = '', recorded_at = '', note = NULL WHERE id = ?",
            )
            .bind(sealed)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        // secure_delete zeroed the old cells; VACUUM rewrites the file without their pages, and
        // the checkpoint empties the WAL that still held them.
        sqlx::query("VACUUM").execute(&self.db).await?;
        let (busy, _, _): (i64, i64, i64) =
            sqlx::query_as("PRAGMA wal_checkpoint(TRUNCATE)").fetch_one(&self.db).await?;
        if busy != 0 {
            return Err(OfflineError::Db(sqlx::Error::Protocol("the WAL could not be emptied (busy)".into())));
        }
        Ok(())
    }

    /// How many values recorded on this device, not yet sent, were lost because the store's key
    /// was gone when it was opened (`None`: nothing was lost).
    pub fn lost_unsent(&self) -> Option<i64> {
        self.lost_unsent
    }

    fn local(&self, (id, kind, sealed, recorded_ms, deleted, state, reason): Row) -> Result<Local, OfflineError> {
        let kind = Kind::parse(&kind)
            .ok_or_else(|| OfflineError::Invalid(haven_i18n::tr!("shell-stored-kind-unreadable", id = &id)))?;
        let state = RowState::parse(&state)
            .ok_or_else(|| OfflineError::Invalid(haven_i18n::tr!("shell-stored-state-unreadable", id = &id)))?;
        let aad = row_aad(&id, kind.as_str(), deleted);
        let plain = sealed.and_then(|b| self.key.open(&b, &aad)).ok_or(OfflineError::Sealed)?;
        let Sealed { value, unit, recorded_at, note } = serde_json::from_slice(&plain)
            .map_err(|_| OfflineError::Invalid(haven_i18n::tr!("shell-stored-value-unreadable", id = &id)))?;
        Ok(Local {
            observation: Observation { id, kind, value, unit, recorded_at, note, deleted },
            recorded_ms,
            state,
            reason,
        })
    }

    /// Records an observation (new, or a new version of one with the same id) for the next sync.
    /// Bad input is refused here with the service's own rule, and nothing is stored.
    pub async fn record(&self, o: &Observation) -> Result<(), OfflineError> {
        check_observation(o).map_err(|m| OfflineError::Invalid(m.text()))?;
        let ms =
            parse_ms(&o.recorded_at).ok_or_else(|| OfflineError::Invalid(haven_i18n::tr!("shell-time-not-rfc3339")))?;
        upsert(
            "INSERT INTO observations (id, kind, sealed, recorded_ms, deleted, value, unit, recorded_at, note, state, reason, version, queued_at)
             VALUES (?, ?, ?, ?, ?, '', '', '', NULL, 'pending', NULL, 1, (SELECT COALESCE(MAX(queued_at), 0) + 1 FROM observations))
             ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, sealed = excluded.sealed, recorded_ms = excluded.recorded_ms,
               deleted = excluded.deleted, state = 'pending', reason = NULL, version = observations.version + 1,
               queued_at = excluded.queued_at",
            &self.key,
            o,
            ms,
        )?
        .execute(&self.db)
        .await?;
        Ok(())
    }

    /// The live observations (of one kind, or all), oldest first: sent or waiting to be, not
    /// those the service refused (see [`Self::rejected`]).
    pub async fn list(&self, kind: Option<Kind>) -> Result<Vec<Local>, OfflineError> {
        let rows: Vec<Row> = sqlx::query_as(&format!("SELECT {COLUMNS} FROM observations WHERE deleted = 0 AND state <> 'rejected' AND (?1 IS NULL OR kind = ?1) ORDER BY recorded_ms, id"))
            .bind(kind.map(Kind::as_str))
            .fetch_all(&self.db)
            .await?;
        self.readable(rows)
    }

    /// The rows that open; one that does not (changed outside Haven) is left out rather than
    /// hiding every other value.
    fn readable(&self, rows: Vec<Row>) -> Result<Vec<Local>, OfflineError> {
        rows.into_iter().map(|r| self.local(r)).filter(|l| !matches!(l, Err(OfflineError::Sealed))).collect()
    }

    /// One observation by id, in whatever state.
    pub async fn get(&self, id: &str) -> Result<Option<Local>, OfflineError> {
        let row: Option<Row> = sqlx::query_as(&format!("SELECT {COLUMNS} FROM observations WHERE id = ?"))
            .bind(id)
            .fetch_optional(&self.db)
            .await?;
        row.map(|r| self.local(r)).transpose()
    }

    /// Values set apart, with why (`(id, reason)`): refused by the service, or unreadable here
    /// (read from the clear columns, so one that does not open is listed too).
    pub async fn rejected(&self) -> Result<Vec<(String, String)>, OfflineError> {
        Ok(sqlx::query_as(
            "SELECT id, COALESCE(reason, '') FROM observations WHERE state = 'rejected' ORDER BY queued_at",
        )
        .fetch_all(&self.db)
        .await?)
    }

    pub async fn status(&self) -> Result<QueueStatus, OfflineError> {
        let (pending, rejected, synced): (i64, i64, i64) = sqlx::query_as(
            "SELECT COALESCE(SUM(state = 'pending'), 0), COALESCE(SUM(state = 'rejected'), 0), COALESCE(SUM(state = 'synced'), 0) FROM observations",
        )
        .fetch_one(&self.db)
        .await?;
        Ok(QueueStatus { pending, rejected, synced })
    }

    async fn pending_batch(&self) -> Result<Vec<(Observation, i64)>, OfflineError> {
        loop {
            let rows: Vec<(String, String, Option<Vec<u8>>, i64, bool, String, Option<String>, i64)> =
                sqlx::query_as(&format!(
                    "SELECT {COLUMNS}, version FROM observations WHERE state = 'pending' ORDER BY queued_at LIMIT ?"
                ))
                .bind(PUSH_BATCH as i64)
                .fetch_all(&self.db)
                .await?;
            let (mut batch, mut set_apart) = (Vec::new(), 0);
            for (id, kind, sealed, ms, deleted, state, reason, version) in rows {
                match self.local((id.clone(), kind, sealed, ms, deleted, state, reason)) {
                    Ok(l) => batch.push((l.observation, version)),
                    // Never sent as it is, and not left to stop every later value: set apart
                    // with why (that version only: an edit made meanwhile is tried on its own).
                    Err(OfflineError::Sealed) => {
                        sqlx::query(
                            "UPDATE observations SET state = 'rejected', reason = ? WHERE id = ? AND version = ?",
                        )
                        .bind(unreadable_not_sent())
                        .bind(&id)
                        .bind(version)
                        .execute(&self.db)
                        .await?;
                        set_apart += 1;
                    }
                    Err(e) => return Err(e),
                }
            }
            // A batch that was all unreadable is not the end of the queue.
            if !batch.is_empty() || set_apart == 0 {
                return Ok(batch);
            }
        }
    }

    /// Pushes everything pending (in batches), then pulls what changed elsewhere. A failed push
    /// leaves the rest pending for next time and is reported after the pull (`consent_withdrawn`
    /// comes back as such, so the app can say why collection stopped).
    pub async fn sync(&self, client: &HavenClient) -> Result<SyncReport, OfflineError> {
        let mut report = SyncReport::default();
        let mut push_error: Option<ClientError> = None;
        loop {
            let batch = self.pending_batch().await?;
            if batch.is_empty() {
                break;
            }
            let items: Vec<Observation> = batch.iter().map(|(o, _)| o.clone()).collect();
            let result = match client.push(&items).await {
                Ok(r) => r,
                // The rows stay pending; what changed elsewhere is still fetched (after a
                // withdrawal of consent, other devices' data stays readable).
                Err(e) => {
                    push_error = Some(e);
                    break;
                }
            };
            let mut tx = self.db.begin().await?;
            for (o, version) in &batch {
                let refused = result.rejected.iter().find(|r| r.id == o.id);
                let acked = result.accepted.contains(&o.id);
                // Only the version that was sent: an edit made meanwhile stays pending.
                match (acked, refused) {
                    (true, _) => {
                        sqlx::query("UPDATE observations SET state = 'synced' WHERE id = ? AND version = ?")
                            .bind(&o.id)
                            .bind(version)
                            .execute(&mut *tx)
                            .await?;
                        report.pushed += 1;
                    }
                    (false, Some(r)) => {
                        sqlx::query(
                            "UPDATE observations SET state = 'rejected', reason = ? WHERE id = ? AND version = ?",
                        )
                        .bind(&r.error)
                        .bind(&o.id)
                        .bind(version)
                        .execute(&mut *tx)
                        .await?;
                        report.rejected += 1;
                    }
                    // Neither: the service did not answer for it; it stays pending.
                    (false, None) => {}
                }
            }
            tx.commit().await?;
            if batch.len() < PUSH_BATCH || (report.pushed + report.rejected) == 0 {
                break;
            }
        }
        loop {
            let cursor: Option<String> =
                sqlx::query_scalar("SELECT value FROM meta WHERE key = 'cursor'").fetch_optional(&self.db).await?;
            let page = match client.pull(cursor.as_deref(), PULL_PAGE).await {
                Ok(p) => p,
                // The push's failure is the one to report (unreachable either way, or consent).
                Err(e) => return Err(push_error.unwrap_or(e).into()),
            };
            let mut tx = self.db.begin().await?;
            for o in &page.observations {
                // The service validated the time; should this parser still disagree, the row
                // is kept (at the epoch) rather than skipped past by the cursor.
                let ms = parse_ms(&o.recorded_at).unwrap_or(0);
                // A local edit not yet pushed wins here; the service decides when it arrives.
                upsert(
                    "INSERT INTO observations (id, kind, sealed, recorded_ms, deleted, value, unit, recorded_at, note, state)
                     VALUES (?, ?, ?, ?, ?, '', '', '', NULL, 'synced')
                     ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, sealed = excluded.sealed,
                       recorded_ms = excluded.recorded_ms, deleted = excluded.deleted, state = 'synced', reason = NULL
                     WHERE observations.state <> 'pending'",
                    &self.key,
                    o,
                    ms,
                )?
                .execute(&mut *tx)
                .await?;
            }
            sqlx::query("INSERT INTO meta (key, value) VALUES ('cursor', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").bind(&page.cursor).execute(&mut *tx).await?;
            tx.commit().await?;
            report.pulled += page.observations.len();
            if !page.more {
                break;
            }
        }
        match push_error {
            Some(e) => Err(e.into()),
            None => Ok(report),
        }
    }

    pub async fn close(&self) {
        self.db.close().await;
    }
}

/// Whether an error means the user withdrew consent (the app stops capturing and says so).
pub fn is_consent_withdrawn(e: &OfflineError) -> bool {
    matches!(e, OfflineError::Client(ClientError::Api { code: ErrorCode::ConsentWithdrawn, .. }))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The schema every store had before migrations existed (created by hand at each open).
    const BEFORE_MIGRATIONS: &[&str] = &[
        "CREATE TABLE observations (
            id TEXT PRIMARY KEY, kind TEXT NOT NULL, value TEXT NOT NULL, unit TEXT NOT NULL,
            recorded_at TEXT NOT NULL, recorded_ms INTEGER NOT NULL, note TEXT, deleted INTEGER NOT NULL DEFAULT 0,
            state TEXT NOT NULL CHECK (state IN ('pending', 'synced', 'rejected')), reason TEXT,
            version INTEGER NOT NULL DEFAULT 1, queued_at INTEGER NOT NULL DEFAULT 0)",
        "CREATE INDEX observations_state ON observations(state, queued_at)",
        "CREATE INDEX observations_kind_time ON observations(kind, recorded_ms)",
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        "INSERT INTO observations (id, kind, value, unit, recorded_at, recorded_ms, state, queued_at)
         VALUES ('old-1', 'heart_rate', '72.0', 'bpm', '2026-11-20T08:00:00Z', 1795161600000, 'pending', 1)",
        "INSERT INTO meta (key, value) VALUES ('cursor', 'c41')",
    ];

    /// `health-old.db` in `dir` as an app from before migrations (and sealing) left it.
    async fn store_before_migrations(dir: &Path) -> std::path::PathBuf {
        let path = dir.join("health-old.db");
        let opts = SqliteConnectOptions::new().filename(&path).create_if_missing(true);
        let db = SqlitePoolOptions::new().max_connections(1).connect_with(opts).await.expect("old store");
        for sql in BEFORE_MIGRATIONS {
            sqlx::query(sql).execute(&db).await.expect(sql);
        }
        db.close().await;
        path
    }

    #[tokio::test]
    async fn a_store_made_before_migrations_or_by_a_newer_app_opens_with_its_data() {
        let dir = tempfile::tempdir().expect("tmp");
        let path = store_before_migrations(dir.path()).await;
        let key = StoreKey::random();
        let store = OfflineStore::open(&path, &key, true).await.expect("opens");
        let old = store.get("old-1").await.expect("read").expect("kept");
        // Sealed at the first open, and the clear copy erased from the file.
        assert_eq!(old.observation.value, ObservationValue::Number(72.0));
        let clear: String = sqlx::query_scalar("SELECT value FROM observations WHERE id = 'old-1'")
            .fetch_one(&store.db)
            .await
            .expect("clear column");
        assert_eq!(clear, "");
        assert_eq!((old.observation.kind, old.state), (Kind::HeartRate, RowState::Pending));
        assert_eq!(store.status().await.expect("status").pending, 1);
        let cursor: String = sqlx::query_scalar("SELECT value FROM meta WHERE key = 'cursor'")
            .fetch_one(&store.db)
            .await
            .expect("cursor");
        assert_eq!(cursor, "c41");
        let applied: Vec<i64> = sqlx::query_scalar("SELECT version FROM _sqlx_migrations ORDER BY version")
            .fetch_all(&store.db)
            .await
            .expect("migrations recorded");
        let embedded: Vec<i64> = sqlx::migrate!("./migrations").iter().map(|m| m.version).collect();
        assert_eq!(applied, embedded);
        // A newer app's migration on it (the user went back a version): still opens.
        sqlx::query(
            "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time)
             VALUES (9999, 'from a newer app', 1, x'00', 0)",
        )
        .execute(&store.db)
        .await
        .expect("newer migration");
        store.close().await;
        let bytes = std::fs::read(&path).expect("file");
        assert!(!bytes.windows(4).any(|w| w == b"72.0"), "the clear value is still in the file");
        let store = OfflineStore::open(&path, &key, true).await.expect("reopens");
        assert_eq!(store.status().await.expect("status").pending, 1);
        assert_eq!(store.lost_unsent(), None);
        store.close().await;
    }

    const A: &str = "00000000-0000-4000-8000-00000000000a";
    const B: &str = "00000000-0000-4000-8000-00000000000b";
    const C: &str = "00000000-0000-4000-8000-00000000000c";
    const D: &str = "00000000-0000-4000-8000-00000000000d";

    fn weight(id: &str, kg: f64, note: &str) -> Observation {
        Observation {
            id: id.into(),
            kind: Kind::Weight,
            value: ObservationValue::Number(kg),
            unit: "kg".into(),
            recorded_at: "2026-11-20T08:00:00Z".into(),
            note: Some(note.into()),
            deleted: false,
        }
    }

    #[tokio::test]
    async fn under_another_key_the_store_starts_afresh_and_counts_what_was_lost() {
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().join("health-u.db");
        let key = StoreKey::random();
        let store = OfflineStore::open(&path, &key, true).await.expect("open");
        store.record(&weight(A, 70.0, "one")).await.expect("record");
        store.record(&weight(B, 71.0, "two")).await.expect("record");
        store.close().await;
        // The keychain that keeps the key cannot be asked now (locked, timed out): the key in
        // hand is a stand-in, and the store is left alone.
        let refused = OfflineStore::open(&path, &StoreKey::random(), false).await.map(|_| ());
        assert!(matches!(refused, Err(OfflineError::KeyUnavailable)), "{refused:?}");
        let store = OfflineStore::open(&path, &key, true).await.expect("its own key still opens it");
        assert_eq!(store.status().await.expect("status").pending, 2);
        store.close().await;
        // The keychain answered with another key (or none): the store is started afresh.
        let other = OfflineStore::open(&path, &StoreKey::random(), true).await.expect("opens afresh");
        assert_eq!(other.lost_unsent(), Some(2));
        assert_eq!(other.status().await.expect("status"), QueueStatus::default());
        assert!(other.list(None).await.expect("list").is_empty());
        other.close().await;
        // Set aside, not deleted: the old key still opens what was set aside.
        let aside: Vec<_> = std::fs::read_dir(dir.path())
            .expect("dir")
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.to_string_lossy().contains("health-u.db.unreadable-"))
            .collect();
        assert_eq!(aside.len(), 1, "{aside:?}");
        let kept = OfflineStore::open(&aside[0], &key, true).await.expect("the set-aside store opens");
        assert_eq!(kept.status().await.expect("status").pending, 2);
        kept.close().await;
        // A store whose key only ever lived in memory (no keychain) cannot be waited for.
        let path = dir.path().join("health-m.db");
        let store = OfflineStore::open(&path, &StoreKey::random(), false).await.expect("open");
        store.record(&weight(A, 70.0, "one")).await.expect("record");
        store.close().await;
        let next_run = OfflineStore::open(&path, &StoreKey::random(), false).await.expect("opens afresh");
        assert_eq!(next_run.lost_unsent(), Some(1));
        next_run.close().await;
    }

    #[tokio::test]
    async fn a_tampered_or_moved_box_is_refused_not_misread() {
        let dir = tempfile::tempdir().expect("tmp");
        let key = StoreKey::random();
        let store = OfflineStore::open(&dir.path().join("h.db"), &key, true).await.expect("open");
        store.record(&weight(A, 70.0, "one")).await.expect("record");
        store.record(&weight(B, 99.0, "two")).await.expect("record");
        // b's box put on a: it is bound to b's id.
        sqlx::query("UPDATE observations SET sealed = (SELECT sealed FROM observations WHERE id = ?2) WHERE id = ?1")
            .bind(A)
            .bind(B)
            .execute(&store.db)
            .await
            .expect("move");
        assert!(matches!(store.get(A).await, Err(OfflineError::Sealed)));
        sqlx::query("UPDATE observations SET sealed = sealed || x'00' WHERE id = ?")
            .bind(B)
            .execute(&store.db)
            .await
            .expect("tamper");
        assert!(matches!(store.get(B).await, Err(OfflineError::Sealed)));
        // A row relabelled as another kind does not open either.
        store.record(&weight(C, 80.0, "three")).await.expect("record");
        sqlx::query("UPDATE observations SET kind = 'heart_rate' WHERE id = ?")
            .bind(C)
            .execute(&store.db)
            .await
            .expect("relabel");
        assert!(matches!(store.get(C).await, Err(OfflineError::Sealed)));
        assert_eq!(OfflineError::Sealed.code(), "local_storage");
        // The rest stays readable, and what does not open is set apart, never sent.
        store.record(&weight(D, 81.0, "four")).await.expect("record");
        let listed: Vec<String> = store.list(None).await.expect("list").into_iter().map(|l| l.observation.id).collect();
        assert_eq!(listed, vec![D.to_owned()]);
        let batch = store.pending_batch().await.expect("batch");
        assert_eq!(batch.iter().map(|(o, _)| o.id.as_str()).collect::<Vec<_>>(), vec![D]);
        let status = store.status().await.expect("status");
        assert_eq!((status.pending, status.rejected), (1, 3));
        let set_apart = store.rejected().await.expect("rejected");
        assert_eq!(set_apart.len(), 3);
        assert!(set_apart.iter().all(|(_, why)| *why == unreadable_not_sent()), "{set_apart:?}");
        store.close().await;
    }

    /// A store from before sealing first opened while the keychain cannot be used is not sealed
    /// under the stand-in key (it would be lost at the next start): its values stay as they were
    /// until a kept key seals them; what was recorded under the stand-in is counted as lost.
    #[tokio::test]
    async fn a_store_from_before_sealing_waits_for_a_kept_key() {
        let dir = tempfile::tempdir().expect("tmp");
        let path = store_before_migrations(dir.path()).await;
        let stand_in = OfflineStore::open(&path, &StoreKey::random(), false).await.expect("opens");
        assert_eq!(stand_in.lost_unsent(), None);
        stand_in.record(&weight(A, 70.0, "under the stand-in")).await.expect("record");
        let check: Option<String> = sqlx::query_scalar("SELECT value FROM meta WHERE key = 'key_check'")
            .fetch_optional(&stand_in.db)
            .await
            .expect("meta");
        assert!(check.is_none(), "the stand-in key was made the store's");
        stand_in.close().await;
        let kept = OfflineStore::open(&path, &StoreKey::random(), true).await.expect("opens");
        assert_eq!(kept.lost_unsent(), Some(1));
        let old = kept.get("old-1").await.expect("read").expect("kept");
        assert_eq!(old.observation.value, ObservationValue::Number(72.0));
        kept.close().await;
    }

    #[tokio::test]
    async fn rows_an_older_app_wrote_in_the_clear_are_sealed_at_the_next_open() {
        let dir = tempfile::tempdir().expect("tmp");
        let (path, key) = (dir.path().join("h.db"), StoreKey::random());
        let store = OfflineStore::open(&path, &key, true).await.expect("open");
        store.record(&weight(A, 70.0, "one")).await.expect("record");
        // An app from before sealing: a new row, and a pull rewriting A's clear columns.
        sqlx::query(
            "INSERT INTO observations (id, kind, value, unit, recorded_at, recorded_ms, note, state, queued_at)
             VALUES (?, 'weight', '64.25', 'kg', '2026-11-20T09:00:00Z', 1795165200000, 'older app', 'pending', 9)",
        )
        .bind(B)
        .execute(&store.db)
        .await
        .expect("clear row");
        sqlx::query("UPDATE observations SET value = '71.5', unit = 'kg', recorded_at = '2026-11-20T08:00:00Z', state = 'synced' WHERE id = ?")
            .bind(A)
            .execute(&store.db)
            .await
            .expect("clear pull");
        store.close().await;
        let store = OfflineStore::open(&path, &key, true).await.expect("reopen");
        let b = store.get(B).await.expect("read").expect("kept");
        assert_eq!(
            (b.observation.value, b.observation.note.as_deref()),
            (ObservationValue::Number(64.25), Some("older app"))
        );
        assert_eq!(store.get(A).await.expect("read").expect("kept").observation.value, ObservationValue::Number(71.5));
        store.close().await;
        let bytes = std::fs::read(&path).expect("file");
        for clear in [&b"64.25"[..], b"older app", b"71.5"] {
            assert!(
                !bytes.windows(clear.len()).any(|w| w == clear),
                "{:?} is still in the file",
                String::from_utf8_lossy(clear)
            );
        }
    }

    #[test]
    fn a_store_key_round_trips_through_the_keychain_text_and_nothing_else_is_one() {
        let k = StoreKey::random();
        let back = StoreKey::from_secret(&k.to_secret()).expect("key");
        assert_eq!(back.open(&k.seal(b"x", b"a"), b"a").as_deref(), Some(&b"x"[..]));
        assert!(StoreKey::from_secret(&Secret::new("c2hvcnQ=")).is_none());
        assert!(StoreKey::from_secret(&Secret::new("not base64!")).is_none());
    }
}
