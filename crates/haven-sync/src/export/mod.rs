//! Data downloads ("Download your data"): a job table the export worker claims, and the three
//! formats. Rows stream from one read transaction (a consistent snapshot) into the format's
//! writer, whose output is cut into chunks stored in `export_chunks`, each sealed under the server
//! key and bound to its job and place (a file that waits for download holds a patient's whole
//! history); CSV and FHIR memory stays flat in the row count. The PDF renders on a blocking thread
//! fed through a bounded channel.
//!
//! Jobs survive lost instances: a claim is a lease the building worker renews; once it runs out
//! any instance's worker claims the job again (a SQLite service, alone on its database, takes its
//! own leftovers at start). Each job gets 3 attempts; one that would fail the same way every time
//! ([`BuildError::Permanent`]) gets one. A claim that has lost its job writes nothing more.

pub mod csv;
pub mod fhir;
pub mod pdf;

use crate::clock::{rfc3339, Clock};
use crate::db::{Db, Tx};
use crate::delivery::Waker;
use crate::events::{self, Bus};
use crate::keys::ServerKey;
use haven_api::{ExportEvent, ExportFormat, ExportStatus, Kind, ObservationValue};
use haven_i18n::Lang;
use std::io::Write;
use std::sync::Arc;
use std::time::Duration;

/// How long a finished file can be downloaded.
pub const KEEP_S: i64 = 7 * 86_400;
pub const MAX_ATTEMPTS: i64 = 3;
/// How long a claimed job is its worker's without a renewal (renewed every third of it).
pub const LEASE_S: i64 = 30;
/// Unfinished jobs one user may have at once.
pub const MAX_OPEN: i64 = 3;
const CHUNK: usize = 256 * 1024;
const PROGRESS_EVERY: usize = 2000;

/// Most observations one PDF holds (rows are gathered in memory before the pages are drawn, and
/// the document is built in memory: at 100,000 rows the whole service peaked at 90 MiB).
pub const PDF_MAX_ROWS: i64 = 150_000;

/// Why a file could not be built.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// It would fail the same way every time (too many rows for a PDF): no retry.
    #[error("{0}")]
    Permanent(String),
    /// It may work next time (a database error, an interrupted write).
    #[error(transparent)]
    Retry(#[from] anyhow::Error),
}

impl From<sqlx::Error> for BuildError {
    fn from(e: sqlx::Error) -> BuildError {
        BuildError::Retry(e.into())
    }
}

impl From<std::io::Error> for BuildError {
    fn from(e: std::io::Error) -> BuildError {
        BuildError::Retry(e.into())
    }
}

/// One observation as the exports read it (deleted ones are left out).
#[derive(Debug, Clone)]
pub struct ExportRow {
    pub id: String,
    pub kind: Kind,
    pub value: ObservationValue,
    pub unit: String,
    /// RFC 3339 in UTC.
    pub recorded_at: String,
    pub recorded_ms: i64,
    /// The UTC offset the time was recorded with, in minutes.
    pub offset_min: i32,
    pub note: Option<String>,
}

type RawRow = (String, String, String, String, String, i64, i32, Option<String>);

impl ExportRow {
    /// A stored row; one that cannot be read would fail every attempt the same way.
    fn from_raw(
        (id, kind, value, unit, recorded_at, recorded_ms, offset_min, note): RawRow,
    ) -> Result<ExportRow, BuildError> {
        let value =
            serde_json::from_str(&value).map_err(|e| BuildError::Permanent(format!("stored value of {id}: {e}")))?;
        let kind = Kind::parse(&kind).ok_or_else(|| BuildError::Permanent(format!("stored kind of {id}: {kind:?}")))?;
        Ok(ExportRow { id, kind, value, unit, recorded_at, recorded_ms, offset_min, note })
    }

    /// The time as it was recorded (the instant with its original offset).
    pub fn as_recorded(&self) -> String {
        haven_api::rfc3339::format_ms_at(self.recorded_ms, self.offset_min)
    }
}

/// Rows a file is read in at a time.
const PAGE: usize = 1000;

/// A user's rows in the file's order (time, then id), read a page at a time inside the build's
/// snapshot.
///
/// On SQLite each page starts after the last row of the one before (the order's key, so a page
/// costs the same however far into the file it is) and comes back as one JSON text: sqlx's
/// SQLite driver hands each row from its worker thread to the task on its own, which cost more
/// than writing the row (measured on 400,000 rows: 144k–317k rows/s read row by row, 750k–930k
/// as JSON pages). On PostgreSQL the pages are FETCHed from one cursor: the query is planned
/// once, so a table without statistics yet (after a bulk load) is not sorted again per page.
struct Pages {
    user_id: String,
    /// SQLite: the last row's (time, id).
    after: (i64, String),
    page: std::vec::IntoIter<RawRow>,
    last: bool,
    /// PostgreSQL: whether the cursor is declared. (One `Pages` per transaction: the cursor's
    /// name is fixed.)
    declared: bool,
}

impl Pages {
    fn new(user_id: &str) -> Pages {
        Pages {
            user_id: user_id.to_owned(),
            after: (i64::MIN, String::new()),
            page: Vec::new().into_iter(),
            last: false,
            declared: false,
        }
    }

    async fn next(&mut self, tx: &mut Tx) -> Result<Option<RawRow>, BuildError> {
        if let Some(row) = self.page.next() {
            return Ok(Some(row));
        }
        if self.last {
            return Ok(None);
        }
        let rows: Vec<RawRow> = match tx {
            Tx::Sqlite(t) => {
                let json: String = sqlx::query_scalar(
                    "SELECT json_group_array(json_array(id, kind, value, unit, recorded_at, recorded_ms,
                                                        recorded_offset_min, note) ORDER BY recorded_ms, id)
                     FROM (SELECT * FROM observations
                           WHERE user_id = $1 AND NOT deleted AND (recorded_ms, id) > ($2, $3)
                           ORDER BY recorded_ms, id LIMIT $4)",
                )
                .bind(&self.user_id)
                .bind(self.after.0)
                .bind(&self.after.1)
                .bind(PAGE as i64)
                .fetch_one(&mut **t)
                .await?;
                let rows: Vec<RawRow> = serde_json::from_str(&json)
                    .map_err(|e| BuildError::Retry(anyhow::anyhow!("a page of rows: {e}")))?;
                if let Some(r) = rows.last() {
                    self.after = (r.5, r.0.clone());
                }
                rows
            }
            Tx::Postgres(t) => {
                if !self.declared {
                    sqlx::query(
                        "DECLARE export_rows NO SCROLL CURSOR FOR
                         SELECT id, kind, value, unit, recorded_at, recorded_ms, recorded_offset_min, note
                         FROM observations WHERE user_id = $1 AND NOT deleted ORDER BY recorded_ms, id",
                    )
                    .bind(&self.user_id)
                    .execute(&mut **t)
                    .await?;
                    self.declared = true;
                }
                let rows: Vec<RawRow> =
                    sqlx::query_as(&format!("FETCH FORWARD {PAGE} FROM export_rows")).fetch_all(&mut **t).await?;
                if rows.len() < PAGE {
                    // Its sort's memory and files go now, not when the file is stored.
                    sqlx::query("CLOSE export_rows").execute(&mut **t).await?;
                }
                rows
            }
        };
        self.last = rows.len() < PAGE;
        self.page = rows.into_iter();
        Ok(self.page.next())
    }
}

/// The time zone an export shows its times in: an IANA name the patient chose (their device's
/// by default), e.g. "Europe/Berlin".
#[derive(Clone, Debug)]
pub struct Zone {
    pub name: String,
    tz: jiff::tz::TimeZone,
}

impl Zone {
    /// A zone by its IANA name ("UTC" too, any capitalisation), named as the database spells
    /// it; None for a name the time-zone database lacks.
    pub fn named(name: &str) -> Option<Zone> {
        if name.is_empty() || name.len() > 64 {
            return None;
        }
        let tz = jiff::tz::TimeZone::get(name).ok()?;
        Some(Zone { name: tz.iana_name().unwrap_or(name).to_owned(), tz })
    }

    /// A zone named in a request's `field`, or the 422 that says why not.
    pub fn from_field(field: &'static str, name: &str) -> Result<Zone, crate::error::ApiError> {
        Zone::named(name).ok_or_else(|| {
            crate::error::ApiError::field(
                field,
                haven_i18n::msg!("service-time-zone-unknown", zone = format!("{name:?}")),
            )
        })
    }

    pub fn utc() -> Zone {
        Zone { name: "UTC".into(), tz: jiff::tz::TimeZone::UTC }
    }

    /// "2026-11-20 17:33": the wall-clock time in this zone, to the minute, as spreadsheets read it.
    pub fn local(&self, ms: i64) -> String {
        match jiff::Timestamp::from_millisecond(ms) {
            Ok(t) => self.tz.to_datetime(t).strftime("%Y-%m-%d %H:%M").to_string(),
            Err(_) => haven_api::rfc3339::format_ms(ms),
        }
    }
}

/// Collects written bytes into fixed-size chunks the worker moves to the database.
/// (Full chunks sit behind a lock so they can be taken through a shared reference: the csv
/// crate's writer lends its inner writer only as `&`.)
#[derive(Default)]
pub struct ChunkSink {
    buf: Vec<u8>,
    full: std::sync::Mutex<Vec<Vec<u8>>>,
}

impl ChunkSink {
    fn take_full(&self) -> Vec<Vec<u8>> {
        self.full.lock().map(|mut f| std::mem::take(&mut *f)).unwrap_or_default()
    }
    fn finish(mut self) -> Vec<Vec<u8>> {
        let mut full = self.take_full();
        if !self.buf.is_empty() {
            full.push(std::mem::take(&mut self.buf));
        }
        full
    }
}

impl Write for ChunkSink {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        let mut rest = data;
        while !rest.is_empty() {
            let room = CHUNK - self.buf.len();
            let n = room.min(rest.len());
            self.buf.extend_from_slice(&rest[..n]);
            rest = &rest[n..];
            if self.buf.len() == CHUNK {
                let chunk = std::mem::replace(&mut self.buf, Vec::with_capacity(CHUNK));
                self.full.lock().map_err(|_| std::io::Error::other("chunk list poisoned"))?.push(chunk);
            }
        }
        Ok(data.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Whose data, for the file's header.
#[derive(Debug, Clone)]
pub struct Owner {
    pub user_id: String,
    pub name: String,
    pub email: String,
    pub deployment: String,
}

/// A streaming writer of one format.
pub trait RowWriter: Send {
    fn row(&mut self, r: &ExportRow) -> std::io::Result<()>;
    fn sink(&self) -> &ChunkSink;
    fn finish(self: Box<Self>) -> std::io::Result<ChunkSink>;
}

/// Ends a task when dropped (the lease renewal ends with its build, however that ends).
struct AbortOnDrop(tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

pub struct Worker {
    db: Db,
    clock: Arc<dyn Clock>,
    waker: Waker,
    events: Bus,
    /// Seals the chunks.
    key: ServerKey,
}

/// A chunk is sealed with its job and place as associated data: chunks cannot be swapped between
/// files or reordered unnoticed.
fn chunk_aad(export_id: &str, seq: i64) -> String {
    format!("export-chunk:{export_id}:{seq}")
}

/// A stored chunk in the clear.
pub fn open_chunk(key: &ServerKey, export_id: &str, seq: i64, sealed: &[u8]) -> anyhow::Result<Vec<u8>> {
    key.decrypt(&chunk_aad(export_id, seq), sealed)
}

struct Job {
    id: String,
    user_id: String,
    format: ExportFormat,
    attempts: i64,
    zone: Zone,
    /// The language it was asked for in: the PDF's words, numbers and dates.
    lang: Lang,
}

impl Worker {
    pub fn new(db: Db, clock: Arc<dyn Clock>, waker: Waker, events: Bus, key: ServerKey) -> Worker {
        Worker { db, clock, waker, events, key }
    }

    /// Runs jobs until the task is dropped.
    pub async fn run(self, mut stopping: tokio::sync::watch::Receiver<bool>) {
        // SQLite has one service process per database: a job it shows as running belongs to a
        // process that is gone, and its lease need not be waited out. (On PostgreSQL another
        // instance may be building it; its lease says when it is abandoned.)
        if self.db.backend() == crate::db::Backend::Sqlite {
            if let Err(e) =
                crate::execute!(&self.db, sqlx::query("UPDATE exports SET lease_until = NULL WHERE status = 'running'"))
            {
                tracing::error!(error = %e, "cannot requeue interrupted exports");
            }
        }
        // Stops between two jobs once `stopping` turns true.
        while !*stopping.borrow() {
            match self.pass().await {
                Ok(true) => continue,
                Ok(false) => {}
                Err(e) => tracing::warn!(error = %e, "export pass failed"),
            }
            tokio::select! {
                _ = self.waker.wait(Duration::from_secs(5)) => {}
                _ = stopping.wait_for(|s| *s) => {}
            }
        }
    }

    /// Erases expired files, then runs one job if one is waiting; answers whether it ran one.
    pub async fn pass(&self) -> anyhow::Result<bool> {
        let now = self.clock.now();
        crate::execute!(
            &self.db,
            sqlx::query("DELETE FROM export_chunks WHERE export_id IN (SELECT id FROM exports WHERE expires_at <= $1)")
                .bind(now)
        )?;
        crate::events::prune(&self.db, now).await?;
        // A job whose lease ran out was abandoned (its instance died): it goes back to the queue,
        // unless that was its last attempt (a job that kills the process every time must not
        // bring every instance down in turn).
        crate::execute!(
            &self.db,
            sqlx::query(
                "UPDATE exports SET status = 'failed', error = 'interrupted on every attempt', lease_until = NULL
                 WHERE status = 'running' AND (lease_until IS NULL OR lease_until < $1) AND attempts >= $2",
            )
            .bind(now)
            .bind(MAX_ATTEMPTS)
        )?;
        // Claimed by one statement; on PostgreSQL the pick skips a job another instance is
        // claiming at this moment instead of waiting for it.
        let job: Option<(String, String, String, i64, String, String)> = crate::fetch_optional!(
            &self.db,
            sqlx::query_as(&format!(
                "UPDATE exports SET status = 'running', attempts = attempts + 1, started_at = $1, lease_until = $2
                 WHERE id = (SELECT id FROM exports
                             WHERE status = 'pending'
                                OR (status = 'running' AND (lease_until IS NULL OR lease_until < $1) AND attempts < $3)
                             ORDER BY created_at, id LIMIT 1 {})
                 RETURNING id, user_id, format, attempts, time_zone, lang",
                self.db.skip_locked()
            ))
            .bind(now)
            .bind(now + LEASE_S)
            .bind(MAX_ATTEMPTS)
        )?;
        let Some((id, user_id, format, attempts, zone, lang)) = job else { return Ok(false) };
        // Checked when the job was made; a name a later time-zone database dropped reads as UTC.
        let zone = Zone::named(&zone).unwrap_or_else(Zone::utc);
        let Some(format) = ExportFormat::parse(&format) else {
            // Not a format the route accepts: fail it for good rather than leave it running.
            tracing::error!(export_id = %id, format, "export of an unknown format");
            crate::execute!(
                &self.db,
                sqlx::query("UPDATE exports SET status = 'failed', error = 'unknown format' WHERE id = $1").bind(&id)
            )?;
            return Ok(true);
        };
        // One this build does not speak (a newer instance's) reads as English.
        let lang = Lang::from_locale(&lang).unwrap_or_default();
        let job = Job { id, user_id, format, attempts, zone, lang };
        // The lease is renewed while the file is built; `attempts` tells this claim from a later
        // one by another instance.
        let _renew = AbortOnDrop({
            let (db, clock, id) = (self.db.clone(), self.clock.clone(), job.id.clone());
            tokio::spawn(async move {
                loop {
                    tokio::time::sleep(Duration::from_secs(LEASE_S as u64 / 3)).await;
                    let held = crate::execute!(
                        &db,
                        sqlx::query("UPDATE exports SET lease_until = $1 WHERE id = $2 AND attempts = $3 AND status = 'running'")
                            .bind(clock.now() + LEASE_S)
                            .bind(&id)
                            .bind(attempts)
                    );
                    match held {
                        Ok(0) | Err(sqlx::Error::PoolClosed) => break,
                        Ok(_) => {}
                        Err(e) => tracing::warn!(export_id = %id, error = %e, "cannot renew the export's lease"),
                    }
                }
            })
        });
        let outcome = self.build(&job).await;
        if let Err(e) = &outcome {
            tracing::error!(export_id = %job.id, attempt = job.attempts, error = %e, "export failed");
        }
        // Recording the outcome is retried: a job must not stay "running" over a passing error.
        let mut tries = 0;
        loop {
            match self.finish(&job, &outcome).await {
                Ok(()) => break,
                Err(e) if tries < 5 => {
                    tries += 1;
                    tracing::warn!(export_id = %job.id, error = %e, "cannot record the export's outcome; retrying");
                    tokio::time::sleep(Duration::from_millis(500 * tries)).await;
                }
                Err(e) => return Err(e),
            }
        }
        Ok(true)
    }

    /// Marks the job ready (replacing the user's older file of the same format) or failed /
    /// back in the queue, and tells the user's event streams.
    async fn finish(&self, job: &Job, outcome: &Result<(i64, i64), BuildError>) -> anyhow::Result<()> {
        let now = self.clock.now();
        let mut tx = self.db.begin_for_user(&job.user_id).await?;
        // Still this claim's job? (Its lease may have run out and another instance taken it.)
        let mine = crate::execute!(
            &mut tx,
            sqlx::query("UPDATE exports SET lease_until = NULL WHERE id = $1 AND attempts = $2 AND status = 'running'")
                .bind(&job.id)
                .bind(job.attempts)
        )?;
        if mine == 0 {
            tracing::warn!(export_id = %job.id, "the export was taken over by another worker; this outcome is dropped");
            return Ok(());
        }
        match outcome {
            Ok((rows, size)) => {
                crate::execute!(&mut tx, sqlx::query("UPDATE exports SET status = 'ready', progress = 1, ready_at = $1, expires_at = $2, rows = $3, size = $4, error = NULL WHERE id = $5")
                    .bind(now)
                    .bind(now + KEEP_S)
                    .bind(rows)
                    .bind(size)
                    .bind(&job.id))?;
                // One kept file per format and user: the new one replaces the old.
                let older = "SELECT id FROM exports WHERE user_id = $1 AND format = $2 AND status = 'ready' AND id <> $3 AND expires_at > $4";
                crate::execute!(
                    &mut tx,
                    sqlx::query(&format!("DELETE FROM export_chunks WHERE export_id IN ({older})"))
                        .bind(&job.user_id)
                        .bind(job.format.as_str())
                        .bind(&job.id)
                        .bind(now)
                )?;
                crate::execute!(
                    &mut tx,
                    sqlx::query(&format!("UPDATE exports SET expires_at = $4 WHERE id IN ({older})"))
                        .bind(&job.user_id)
                        .bind(job.format.as_str())
                        .bind(&job.id)
                        .bind(now)
                )?;
            }
            Err(e) => {
                crate::execute!(&mut tx, sqlx::query("DELETE FROM export_chunks WHERE export_id = $1").bind(&job.id))?;
                let last = job.attempts >= MAX_ATTEMPTS || matches!(e, BuildError::Permanent(_));
                let status = if last { ExportStatus::Failed } else { ExportStatus::Pending };
                crate::execute!(
                    &mut tx,
                    sqlx::query("UPDATE exports SET status = $1, progress = 0, error = $2 WHERE id = $3")
                        .bind(status.as_str())
                        .bind(e.to_string())
                        .bind(&job.id)
                )?;
                if !last {
                    tx.commit().await?;
                    return Ok(());
                }
            }
        }
        // The event is stored with the outcome, in the same transaction.
        let (kind, status) = match outcome {
            Ok(_) => ("export_ready", ExportStatus::Ready),
            Err(_) => ("export_failed", ExportStatus::Failed),
        };
        let data =
            serde_json::to_string(&ExportEvent { id: job.id.clone(), format: job.format, status }).unwrap_or_default();
        events::record(&mut tx, &job.user_id, kind, &data, now).await?;
        tx.commit().await?;
        self.events.wake(events::Wake::User(job.user_id.clone()));
        Ok(())
    }

    /// Stores chunks of the file while this claim still holds the job; once another worker has
    /// taken it over (a lapsed lease), the build stops instead of mixing into its file.
    async fn store(&self, job: &Job, seq: &mut i64, chunks: Vec<Vec<u8>>) -> Result<i64, BuildError> {
        let mut size = 0;
        for c in chunks {
            size += c.len() as i64;
            let sealed = self.key.encrypt(&chunk_aad(&job.id, *seq), &c).map_err(BuildError::Retry)?;
            let stored = crate::execute!(
                &self.db,
                sqlx::query(
                    "INSERT INTO export_chunks (export_id, seq, bytes)
                     SELECT $1, $2, $3 WHERE EXISTS
                         (SELECT 1 FROM exports WHERE id = $1 AND attempts = $4 AND status = 'running')"
                )
                .bind(&job.id)
                .bind(*seq)
                .bind(sealed)
                .bind(job.attempts)
            )?;
            if stored == 0 {
                return Err(BuildError::Retry(anyhow::anyhow!("taken over by another worker")));
            }
            *seq += 1;
        }
        Ok(size)
    }

    async fn progress(&self, job: &Job, done: usize, total: i64) -> anyhow::Result<()> {
        // Below 1 until the file is stored; only while this claim holds the job.
        let p = if total > 0 { (done as f64 / total as f64).min(0.99) } else { 0.0 };
        crate::execute!(
            &self.db,
            sqlx::query("UPDATE exports SET progress = $1 WHERE id = $2 AND attempts = $3 AND status = 'running'")
                .bind(p)
                .bind(&job.id)
                .bind(job.attempts)
        )?;
        Ok(())
    }

    /// Writes the file; answers (rows, bytes).
    async fn build(&self, job: &Job) -> Result<(i64, i64), BuildError> {
        // A failed attempt's chunks go first; a claim that has lost the job deletes nothing.
        crate::execute!(
            &self.db,
            sqlx::query(
                "DELETE FROM export_chunks WHERE export_id = $1
                   AND EXISTS (SELECT 1 FROM exports WHERE id = $1 AND attempts = $2 AND status = 'running')"
            )
            .bind(&job.id)
            .bind(job.attempts)
        )?;
        let (name, email, deployment): (String, String, String) = crate::fetch_one!(&self.db, sqlx::query_as(
            "SELECT u.name, u.email, d.name FROM users u JOIN deployments d ON d.id = u.deployment_id WHERE u.id = $1",
        )
        .bind(&job.user_id))?;
        let owner = Owner { user_id: job.user_id.clone(), name, email, deployment };
        let now = self.clock.now();
        let generated_at = rfc3339(now);
        // One read transaction: the count and the rows come from the same snapshot.
        let mut tx = self.db.begin_snapshot().await?;
        let total: i64 = crate::fetch_one!(
            &mut tx,
            sqlx::query_scalar("SELECT COUNT(*) FROM observations WHERE user_id = $1 AND NOT deleted")
                .bind(&job.user_id)
        )?;
        if job.format == ExportFormat::Pdf && total > PDF_MAX_ROWS {
            return Err(BuildError::Permanent(format!(
                "too many observations for a PDF ({total}; at most {PDF_MAX_ROWS})"
            )));
        }
        let mut rows = Pages::new(&job.user_id);
        let mut seq = 0i64;
        let mut size = 0i64;
        let mut done = 0usize;
        if job.format == ExportFormat::Pdf {
            // Each kind's unit in the file's language, written once; dates in its digits.
            let units: Vec<(Kind, String)> = Kind::ALL.iter().map(|k| (*k, k.unit_name().render(job.lang))).collect();
            let unit_of =
                |kind: Kind| units.iter().find(|(k, _)| *k == kind).map_or_else(String::new, |(_, u)| u.clone());
            let when = |ms: i64| job.lang.into_digits(job.zone.local(ms));
            let meta = pdf::PdfMeta {
                patient_name: owner.name.clone(),
                patient_email: owner.email.clone(),
                deployment: owner.deployment.clone(),
                generated: when(now.saturating_mul(1000)),
                generated_unix: now,
                zone: job.zone.name.clone(),
                lang: job.lang,
            };
            let (tx_rows, mut rx_rows) = tokio::sync::mpsc::channel::<pdf::PdfRow>(1024);
            let render = tokio::task::spawn_blocking(move || {
                pdf::render(&meta, std::iter::from_fn(|| rx_rows.blocking_recv()), &mut |_| {})
            });
            while let Some(raw) = rows.next(&mut tx).await? {
                let r = ExportRow::from_raw(raw)?;
                let row = pdf::PdfRow {
                    when: when(r.recorded_ms),
                    recorded_ms: r.recorded_ms,
                    kind: r.kind,
                    value: r.value.shown(job.lang),
                    unit: unit_of(r.kind),
                    note: r.note.clone(),
                    series: r.value.numbers(),
                };
                if tx_rows.send(row).await.is_err() {
                    break; // the renderer stopped: its error is reported below
                }
                done += 1;
                if done.is_multiple_of(PROGRESS_EVERY) {
                    self.progress(job, done, total).await?;
                }
            }
            drop(tx_rows);
            let bytes = render
                .await
                .map_err(|e| anyhow::anyhow!("pdf renderer: {e}"))?
                .map_err(|e| anyhow::anyhow!("pdf: {e}"))?;
            let chunks: Vec<Vec<u8>> = bytes.chunks(CHUNK).map(<[u8]>::to_vec).collect();
            drop(bytes);
            size += self.store(job, &mut seq, chunks).await?;
        } else {
            let mut w: Box<dyn RowWriter> = match job.format {
                ExportFormat::Csv => Box::new(csv::CsvWriter::new(ChunkSink::default(), job.zone.clone())?),
                _ => Box::new(fhir::FhirWriter::new(ChunkSink::default(), &owner, &generated_at)?),
            };
            while let Some(raw) = rows.next(&mut tx).await? {
                w.row(&ExportRow::from_raw(raw)?)?;
                done += 1;
                let full = w.sink().take_full();
                if !full.is_empty() {
                    size += self.store(job, &mut seq, full).await?;
                }
                if done.is_multiple_of(PROGRESS_EVERY) {
                    self.progress(job, done, total).await?;
                }
            }
            size += self.store(job, &mut seq, w.finish()?.finish()).await?;
        }
        tx.commit().await?;
        Ok((done as i64, size))
    }
}
