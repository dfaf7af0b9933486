//! Offline-first health data: observations are written to a local SQLite file first (one per
//! signed-in user), then pushed; pulls bring other devices' changes. Nothing leaves the queue
//! until the service has acknowledged it, so a crash, a lost answer or no network loses nothing:
//! the next sync pushes it again, and the service's idempotency by id makes that harmless.
//!
//! Rows are `pending` (not yet acknowledged), `synced`, or `rejected` (the service refused the
//! item, with its reason kept for the user). Each local edit bumps `version`, so an
//! acknowledgement of an older version cannot mark a newer edit as synced.

use crate::{ClientError, HavenClient};
use haven_api::rfc3339::parse_ms;
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
            OfflineError::Db(_) => "local_storage",
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

#[derive(Clone)]
pub struct OfflineStore {
    db: SqlitePool,
}

type Row = (String, String, String, String, String, i64, Option<String>, bool, String, Option<String>);
const COLUMNS: &str = "id, kind, value, unit, recorded_at, recorded_ms, note, deleted, state, reason";

fn local(
    (id, kind, value, unit, recorded_at, recorded_ms, note, deleted, state, reason): Row,
) -> Result<Local, OfflineError> {
    let unreadable = |what: &str| OfflineError::Invalid(format!("The stored {what} of {id} cannot be read."));
    let kind = Kind::parse(&kind).ok_or_else(|| unreadable("kind"))?;
    let state = RowState::parse(&state).ok_or_else(|| unreadable("state"))?;
    let value: ObservationValue = serde_json::from_str(&value).map_err(|_| unreadable("value"))?;
    Ok(Local {
        observation: Observation { id, kind, value, unit, recorded_at, note, deleted },
        recorded_ms,
        state,
        reason,
    })
}

/// An insert-or-update of `o` whose first eight parameters are the observation's columns.
fn upsert<'q>(
    sql: &'q str,
    o: &'q Observation,
    ms: i64,
) -> Result<sqlx::query::Query<'q, sqlx::Sqlite, sqlx::sqlite::SqliteArguments<'q>>, OfflineError> {
    let value = serde_json::to_string(&o.value).map_err(|e| OfflineError::Invalid(e.to_string()))?;
    Ok(sqlx::query(sql)
        .bind(&o.id)
        .bind(o.kind.as_str())
        .bind(value)
        .bind(&o.unit)
        .bind(&o.recorded_at)
        .bind(ms)
        .bind(&o.note)
        .bind(o.deleted))
}

impl OfflineStore {
    /// Opens (creating) the local database at `path`.
    pub async fn open(path: &Path) -> Result<OfflineStore, OfflineError> {
        let opts = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // A committed record survives the app being killed.
            .synchronous(SqliteSynchronous::Normal)
            .busy_timeout(std::time::Duration::from_secs(10));
        let db = SqlitePoolOptions::new().max_connections(1).connect_with(opts).await?;
        // Migrations are embedded and append-only (atuin-client does the same), so a column can be
        // added on devices already in use. They only add (tables, indexes, columns with
        // defaults), so an older app still opens a store a newer one migrated.
        let mut migrator = sqlx::migrate!("./migrations");
        migrator.set_ignore_missing(true);
        migrator.run(&db).await.map_err(|e| OfflineError::Db(e.into()))?;
        Ok(OfflineStore { db })
    }

    /// Records an observation (new, or a new version of one with the same id) for the next sync.
    /// Bad input is refused here with the service's own rule, and nothing is stored.
    pub async fn record(&self, o: &Observation) -> Result<(), OfflineError> {
        check_observation(o).map_err(OfflineError::Invalid)?;
        let ms = parse_ms(&o.recorded_at).ok_or_else(|| {
            OfflineError::Invalid("The time must be an RFC 3339 time, e.g. 2026-11-24T08:30:00Z.".into())
        })?;
        upsert(
            "INSERT INTO observations (id, kind, value, unit, recorded_at, recorded_ms, note, deleted, state, reason, version, queued_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', NULL, 1, (SELECT COALESCE(MAX(queued_at), 0) + 1 FROM observations))
             ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, value = excluded.value, unit = excluded.unit,
               recorded_at = excluded.recorded_at, recorded_ms = excluded.recorded_ms, note = excluded.note, deleted = excluded.deleted,
               state = 'pending', reason = NULL, version = observations.version + 1, queued_at = excluded.queued_at",
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
        rows.into_iter().map(local).collect()
    }

    /// One observation by id, in whatever state.
    pub async fn get(&self, id: &str) -> Result<Option<Local>, OfflineError> {
        let row: Option<Row> = sqlx::query_as(&format!("SELECT {COLUMNS} FROM observations WHERE id = ?"))
            .bind(id)
            .fetch_optional(&self.db)
            .await?;
        row.map(local).transpose()
    }

    /// Observations the service refused, with why.
    pub async fn rejected(&self) -> Result<Vec<Local>, OfflineError> {
        let rows: Vec<Row> =
            sqlx::query_as(&format!("SELECT {COLUMNS} FROM observations WHERE state = 'rejected' ORDER BY queued_at"))
                .fetch_all(&self.db)
                .await?;
        rows.into_iter().map(local).collect()
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
        let rows: Vec<(
            String,
            String,
            String,
            String,
            String,
            i64,
            Option<String>,
            bool,
            String,
            Option<String>,
            i64,
        )> = sqlx::query_as(&format!(
            "SELECT {COLUMNS}, version FROM observations WHERE state = 'pending' ORDER BY queued_at LIMIT ?"
        ))
        .bind(PUSH_BATCH as i64)
        .fetch_all(&self.db)
        .await?;
        rows.into_iter()
            .map(|(id, kind, value, unit, recorded_at, ms, note, deleted, state, reason, version)| {
                local((id, kind, value, unit, recorded_at, ms, note, deleted, state, reason))
                    .map(|l| (l.observation, version))
            })
            .collect()
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
                    "INSERT INTO observations (id, kind, value, unit, recorded_at, recorded_ms, note, deleted, state)
                     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'synced')
                     ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, value = excluded.value, unit = excluded.unit,
                       recorded_at = excluded.recorded_at, recorded_ms = excluded.recorded_ms, note = excluded.note,
                       deleted = excluded.deleted, state = 'synced', reason = NULL
                     WHERE observations.state <> 'pending'",
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

    #[tokio::test]
    async fn a_store_made_before_migrations_or_by_a_newer_app_opens_with_its_data() {
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().join("health-old.db");
        {
            let opts = SqliteConnectOptions::new().filename(&path).create_if_missing(true);
            let db = SqlitePoolOptions::new().max_connections(1).connect_with(opts).await.expect("old store");
            for sql in BEFORE_MIGRATIONS {
                sqlx::query(sql).execute(&db).await.expect(sql);
            }
            db.close().await;
        }
        let store = OfflineStore::open(&path).await.expect("opens");
        let old = store.get("old-1").await.expect("read").expect("kept");
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
        let store = OfflineStore::open(&path).await.expect("reopens");
        assert_eq!(store.status().await.expect("status").pending, 1);
        store.close().await;
    }
}
