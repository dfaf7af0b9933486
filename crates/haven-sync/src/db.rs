//! The storage layer: one database handle over two backends, picked from the URL at start-up.
//!
//! SQLite (`sqlite://…`, the embedded default) and PostgreSQL (`postgres://…`) run the same SQL:
//! every statement is written once in the dialect both accept (`$1` placeholders, `ON CONFLICT`,
//! `RETURNING`, `IS NOT DISTINCT FROM`, `CASE` instead of two-argument `MIN`/`MAX`), and the
//! [`run!`](crate::run) family of macros compiles it once per backend. Where the engines really
//! differ — how a transaction serialises one user's writes, migrations, schema types — the
//! difference lives here, in one `match`, not at the call sites. (`sqlx::Any` was not enough: it
//! decodes only a few types, hides the Postgres connection needed for `LISTEN`, and adds a copy of
//! every row.)
//!
//! Migrations are append-only and kept per backend (`migrations/sqlite`, `migrations/postgres`);
//! sqlx's Postgres migrator holds an advisory lock while it runs, so instances starting together
//! migrate once, and an instance of the previous build starts beside newer ones as long as the
//! migrations it does not know only add ([`Newer::Expand`]).

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{PgConnection, PgPool, Postgres, Sqlite, SqliteConnection, SqlitePool, Transaction};
use std::str::FromStr;
use std::time::Duration;

/// Which engine a [`Db`] talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// The backend a database URL names; no scheme means a SQLite file path.
    pub fn of_url(url: &str) -> Result<Backend, String> {
        match url.split_once("://").map(|(scheme, _)| scheme) {
            Some("postgres" | "postgresql") => Ok(Backend::Postgres),
            Some("sqlite") | None => Ok(Backend::Sqlite),
            Some(other) => Err(format!("unsupported database URL scheme {other:?}: use sqlite://… or postgres://…")),
        }
    }
}

/// A pool on either backend. Cloning is cheap (the pools are shared).
#[derive(Clone, Debug)]
pub enum Db {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// An open transaction on either backend; dropped without [`Tx::commit`] it rolls back.
pub enum Tx {
    Sqlite(Transaction<'static, Sqlite>),
    Postgres(Transaction<'static, Postgres>),
}

/// Where one statement runs: a pool or an open transaction, on either backend. Functions that
/// work inside or outside a transaction take `impl IntoEx`.
pub enum Ex<'a> {
    SqlitePool(&'a SqlitePool),
    SqliteConn(&'a mut SqliteConnection),
    PgPool(&'a PgPool),
    PgConn(&'a mut PgConnection),
}

pub trait IntoEx<'a> {
    fn ex(self) -> Ex<'a>;
}

impl<'a> IntoEx<'a> for &'a Db {
    fn ex(self) -> Ex<'a> {
        match self {
            Db::Sqlite(p) => Ex::SqlitePool(p),
            Db::Postgres(p) => Ex::PgPool(p),
        }
    }
}

impl<'a> IntoEx<'a> for &'a mut Tx {
    fn ex(self) -> Ex<'a> {
        match self {
            Tx::Sqlite(t) => Ex::SqliteConn(t),
            Tx::Postgres(t) => Ex::PgConn(t),
        }
    }
}

impl<'a> IntoEx<'a> for Ex<'a> {
    fn ex(self) -> Ex<'a> {
        self
    }
}

/// Runs `$body` with `$c` bound to the executor of `$ex` (`&Db`, `&mut Tx` or an [`Ex`]). The
/// body is compiled once per backend, so it must be written in SQL both accept and evaluate to
/// the same type on both.
#[macro_export]
macro_rules! run {
    ($ex:expr, |$c:ident| $body:expr) => {
        match $crate::db::IntoEx::ex($ex) {
            $crate::db::Ex::SqlitePool($c) => $body,
            $crate::db::Ex::SqliteConn($c) => $body,
            $crate::db::Ex::PgPool($c) => $body,
            $crate::db::Ex::PgConn($c) => $body,
        }
    };
}

/// `execute!(ex, query)`: runs a statement, answers the number of rows it changed.
#[macro_export]
macro_rules! execute {
    ($ex:expr, $q:expr) => {
        $crate::run!($ex, |c| ($q).execute(c).await.map(|r| r.rows_affected()))
    };
}

/// `fetch_one!(ex, query)`: exactly one row (else `RowNotFound`).
#[macro_export]
macro_rules! fetch_one {
    ($ex:expr, $q:expr) => {
        $crate::run!($ex, |c| ($q).fetch_one(c).await)
    };
}

/// `fetch_optional!(ex, query)`: at most one row.
#[macro_export]
macro_rules! fetch_optional {
    ($ex:expr, $q:expr) => {
        $crate::run!($ex, |c| ($q).fetch_optional(c).await)
    };
}

/// `fetch_all!(ex, query)`: every row.
#[macro_export]
macro_rules! fetch_all {
    ($ex:expr, $q:expr) => {
        $crate::run!($ex, |c| ($q).fetch_all(c).await)
    };
}

/// `fetch!(ex, query)`: the rows as a stream (the same boxed stream type on both backends).
#[macro_export]
macro_rules! fetch {
    ($ex:expr, $q:expr) => {
        $crate::run!($ex, |c| ($q).fetch(c))
    };
}

/// The user's row lock on PostgreSQL. NO KEY: rows that reference the user (a new session, a
/// challenge) can still be inserted meanwhile; only the user's own check-then-write steps wait.
const LOCK_USER: &str = "SELECT id FROM users WHERE id = $1 FOR NO KEY UPDATE";

/// How many connections a pool keeps at most unless configured.
pub const DEFAULT_POOL_SIZE: u32 = 10;

impl Db {
    /// Opens the database a URL names and brings its schema up to date. Errors are one sentence
    /// naming the database (with any password left out).
    ///
    /// A database exactly at this build's migrations (brought up to them): one a newer build has
    /// migrated further is refused. For copying a database whole (`migrate-data`), which must
    /// not leave out what a newer build added.
    pub async fn connect(url: &str, pool_size: u32) -> anyhow::Result<Db> {
        Db::open(url, pool_size, None, Newer::Refuse).await
    }

    /// The service's database, capped at `sqlite_max_mib` MiB (SQLite): it may carry a newer
    /// build's migrations that only add (a rolling upgrade), not one that removes (see
    /// [`Newer::Expand`]).
    pub async fn connect_capped(url: &str, pool_size: u32, sqlite_max_mib: Option<u64>) -> anyhow::Result<Db> {
        Db::open(url, pool_size, sqlite_max_mib, Newer::Expand).await
    }

    async fn open(url: &str, pool_size: u32, sqlite_max_mib: Option<u64>, newer: Newer) -> anyhow::Result<Db> {
        let shown = redact(url);
        let db = match Backend::of_url(url).map_err(anyhow::Error::msg)? {
            Backend::Sqlite => Db::Sqlite(connect_sqlite(url, &shown, sqlite_max_mib).await?),
            Backend::Postgres => Db::Postgres(connect_postgres(url, &shown, pool_size).await?),
        };
        db.migrate(newer).await.map_err(|e| anyhow::anyhow!("cannot bring database {shown} up to date: {e}"))?;
        Ok(db)
    }

    pub fn backend(&self) -> Backend {
        match self {
            Db::Sqlite(_) => Backend::Sqlite,
            Db::Postgres(_) => Backend::Postgres,
        }
    }

    /// Applies the migrations this build knows that the database lacks, after looking at those
    /// a newer build applied (see [`Newer`]).
    async fn migrate(&self, newer: Newer) -> anyhow::Result<()> {
        let mut m = match self {
            Db::Sqlite(_) => sqlx::migrate!("./migrations/sqlite"),
            Db::Postgres(_) => sqlx::migrate!("./migrations/postgres"),
        };
        let newest = m.migrations.iter().map(|m| m.version).max().unwrap_or(0);
        // (No table yet: a new database, nothing newer.)
        let unknown: Vec<(i64, String)> = crate::fetch_all!(
            self,
            sqlx::query_as("SELECT version, description FROM _sqlx_migrations WHERE version > $1 ORDER BY version")
                .bind(newest)
        )
        .unwrap_or_default();
        let refused = match newer {
            Newer::Refuse => unknown.first(),
            Newer::Expand => unknown.iter().find(|(_, d)| d.starts_with("contract")),
        };
        if let Some((version, description)) = refused {
            anyhow::bail!(
                "a newer build of haven-sync has migrated this database further (migration {version}, \"{description}\"), \
                 which this build cannot work with: run that build or a later one"
            );
        }
        m.set_ignore_missing(true);
        // On PostgreSQL this holds pg_advisory_lock while it runs: concurrent start-ups apply
        // each file once.
        match self {
            Db::Sqlite(p) => m.run(p).await?,
            Db::Postgres(p) => m.run(p).await?,
        }
        Ok(())
    }

    /// Whether every migration this build knows is applied (readiness).
    pub async fn migrated(&self) -> Result<bool, sqlx::Error> {
        let known = match self {
            Db::Sqlite(_) => sqlx::migrate!("./migrations/sqlite").migrations.len(),
            Db::Postgres(_) => sqlx::migrate!("./migrations/postgres").migrations.len(),
        } as i64;
        let applied: i64 =
            crate::fetch_one!(self, sqlx::query_scalar("SELECT COUNT(*) FROM _sqlx_migrations WHERE success"))?;
        Ok(applied >= known)
    }

    /// A transaction with the engine's default isolation.
    pub async fn begin(&self) -> Result<Tx, sqlx::Error> {
        Ok(match self {
            Db::Sqlite(p) => Tx::Sqlite(p.begin().await?),
            Db::Postgres(p) => Tx::Postgres(p.begin().await?),
        })
    }

    /// A transaction in which one user's check-then-write steps (limits, quotas, consent) run
    /// alone: SQLite takes its write lock at once (`BEGIN IMMEDIATE`); PostgreSQL locks the user's
    /// row, so that user's writers wait for each other, on every instance. (Pushes of all users
    /// also meet at the `sync_counter` row, held from the numbering to the commit: that keeps
    /// pull cursors from passing a number that commits later.)
    pub async fn begin_for_user(&self, user_id: &str) -> Result<Tx, sqlx::Error> {
        match self {
            Db::Sqlite(p) => Ok(Tx::Sqlite(p.begin_with("BEGIN IMMEDIATE").await?)),
            Db::Postgres(p) => {
                let mut tx = p.begin().await?;
                sqlx::query(LOCK_USER).bind(user_id).execute(&mut *tx).await?;
                Ok(Tx::Postgres(tx))
            }
        }
    }

    /// A read-only transaction whose statements all see one snapshot (an export's count and
    /// rows). SQLite's read transaction already is one; PostgreSQL needs REPEATABLE READ.
    pub async fn begin_snapshot(&self) -> Result<Tx, sqlx::Error> {
        match self {
            Db::Sqlite(p) => Ok(Tx::Sqlite(p.begin().await?)),
            Db::Postgres(p) => Ok(Tx::Postgres(p.begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY").await?)),
        }
    }

    /// The clause that makes a claiming `SELECT` pass over rows another transaction holds
    /// (PostgreSQL; SQLite has one writer at a time, so nothing is held).
    pub fn skip_locked(&self) -> &'static str {
        match self {
            Db::Sqlite(_) => "",
            Db::Postgres(_) => "FOR UPDATE SKIP LOCKED",
        }
    }

    pub async fn close(&self) {
        match self {
            Db::Sqlite(p) => p.close().await,
            Db::Postgres(p) => p.close().await,
        }
    }
}

impl Tx {
    /// Serialises this user's writers inside a transaction already open, as
    /// [`Db::begin_for_user`] does from the start (PostgreSQL: the user's row lock; SQLite's
    /// first write takes the database's write lock anyway).
    pub async fn lock_user(&mut self, user_id: &str) -> Result<(), sqlx::Error> {
        if let Tx::Postgres(t) = self {
            sqlx::query(LOCK_USER).bind(user_id).execute(&mut **t).await?;
        }
        Ok(())
    }

    pub async fn commit(self) -> Result<(), sqlx::Error> {
        match self {
            Tx::Sqlite(t) => t.commit().await,
            Tx::Postgres(t) => t.commit().await,
        }
    }
}

/// The file a SQLite URL names (`sqlite://path`, `sqlite:path` or a bare path); None for an
/// in-memory database or another backend. One reading for the lock, the key file and the pool.
pub fn sqlite_file(url: &str) -> Option<std::path::PathBuf> {
    if Backend::of_url(url) != Ok(Backend::Sqlite) || url.contains(":memory:") {
        return None;
    }
    let path = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:")).unwrap_or(url);
    Some(path.split('?').next().unwrap_or(path).into())
}

/// The URL without its password (in the authority or as `?password=`), for messages and logs.
pub fn redact(url: &str) -> String {
    let (base, query) = url.split_once('?').map_or((url, None), |(b, q)| (b, Some(q)));
    let base = match (base.split_once("://"), base.rfind('@')) {
        (Some((scheme, rest)), Some(at)) if at > scheme.len() + 3 => {
            let creds = &rest[..at - scheme.len() - 3];
            let user = creds.split(':').next().unwrap_or("");
            format!("{scheme}://{user}@{}", &base[at + 1..])
        }
        _ => base.to_owned(),
    };
    match query {
        Some(q) => {
            let kept: Vec<&str> = q.split('&').filter(|p| !p.to_ascii_lowercase().starts_with("password=")).collect();
            if kept.is_empty() {
                base
            } else {
                format!("{base}?{}", kept.join("&"))
            }
        }
        None => base,
    }
}

/// The page cache of each SQLite connection, in KiB (see `connect_sqlite`).
pub const SQLITE_CACHE_KIB: u32 = 256;

/// What opening a database accepts of migrations a newer build applied.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Newer {
    /// None: the database must be at this build's migrations (or behind them).
    Refuse,
    /// Ones that only add (expand): an instance of the previous build keeps running beside
    /// upgraded ones during a rolling upgrade. A migration that removes what older builds use is
    /// named `NNNN_contract_…` and refused, so no older build runs on a schema it cannot use.
    Expand,
}

/// The most the WAL keeps on disk once checkpointed, in MiB.
pub const SQLITE_WAL_KEEP_MIB: u64 = 8;

async fn connect_sqlite(url: &str, shown: &str, max_mib: Option<u64>) -> anyhow::Result<SqlitePool> {
    let url = if url.starts_with("sqlite:") { url.to_owned() } else { format!("sqlite://{url}") };
    let opts = SqliteConnectOptions::from_str(&url)
        .map_err(|e| anyhow::anyhow!("bad database URL {shown}: {e}"))?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        // WAL + NORMAL: a committed transaction survives a process crash (SIGKILL); only an OS
        // crash or power loss can roll back the last transactions.
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(10))
        // Deleted or overwritten content (erased mail bodies, used tokens) is zeroed on disk.
        .pragma("secure_delete", "ON");
    // Each connection's own page cache, small: the OS already caches the file, and SQLite's
    // default (2 MiB a connection, eight connections) kept the service's memory growing with the
    // data for many minutes (the soak bench: +20.6 MiB from the first to the fifth minute with
    // the default, +4.0 with this).
    let opts = opts.pragma("cache_size", format!("-{SQLITE_CACHE_KIB}"));
    // The WAL grows past its usual few MiB while a long read (an export's snapshot) holds back
    // the checkpoint; without a limit it keeps that size on disk for good. With one it is cut back
    // to this once checkpointed.
    let opts = opts.pragma("journal_size_limit", (SQLITE_WAL_KEEP_MIB * 1024 * 1024).to_string());
    // The cap, in pages of SQLite's default 4096 bytes; past it a write fails as on a full disk.
    let opts = match max_mib {
        Some(mib) => opts.pragma("max_page_count", (mib * 256).to_string()),
        None => opts,
    };
    let memory = url.contains(":memory:");
    if !memory {
        // Create the file and switch it to WAL on one connection first. Switching a new database
        // to WAL needs an exclusive lock, and the pool opening several connections at once can
        // get SQLITE_BUSY without the busy handler being consulted (seen under parallel test load).
        use sqlx::Connection;
        let first = SqliteConnection::connect_with(&opts).await.map_err(|e| sqlite_open_error(shown, e))?;
        first.close().await.map_err(|e| anyhow::anyhow!("cannot open database {shown}: {e}"))?;
    }
    let pool = SqlitePoolOptions::new()
        // An in-memory database exists once per connection: keep exactly one.
        .max_connections(if memory { 1 } else { 8 })
        .min_connections(1)
        .idle_timeout(None)
        .max_lifetime(None)
        // SQLite undoes a whole transaction on some errors (SQLITE_FULL among them); sqlx's own
        // ROLLBACK then fails and the connection would come back believing it is still in one
        // (its next BEGIN a savepoint, its BEGIN IMMEDIATE refused: every push on it a 500).
        // Such a connection is closed instead of reused (test below).
        .after_release(|conn, _| Box::pin(async move { Ok(!sqlx::Connection::is_in_transaction(conn)) }))
        .connect_with(opts)
        .await
        .map_err(|e| sqlite_open_error(shown, e))?;
    if !memory {
        // A damaged file is refused before anything is served from it (quick_check reads every
        // page once: milliseconds for the sizes the embedded default holds; logged).
        let started = std::time::Instant::now();
        let problems: Vec<String> = sqlx::query_scalar("PRAGMA quick_check(5)")
            .fetch_all(&pool)
            .await
            .map_err(|e| sqlite_open_error(shown, e))?;
        tracing::info!(database = %shown, ms = started.elapsed().as_millis() as u64, "integrity check");
        if problems != ["ok"] {
            // One line: SQLite's report spans lines and starts with a banner.
            let found: Vec<&str> = problems
                .iter()
                .flat_map(|p| p.lines())
                .map(str::trim)
                .filter(|l| !l.starts_with("***"))
                .take(3)
                .collect();
            anyhow::bail!(
                "database {shown} is damaged ({}). Restore it from a backup; Haven will not serve from a damaged file.",
                found.join("; ")
            );
        }
    }
    Ok(pool)
}

/// Opening a file that is not SQLite (overwritten, truncated, encrypted) says so in words.
fn sqlite_open_error(shown: &str, e: sqlx::Error) -> anyhow::Error {
    // The primary code (the low byte of an extended one): SQLITE_CORRUPT, SQLITE_NOTADB.
    let code = e.as_database_error().and_then(|d| d.code()).and_then(|c| c.parse::<i64>().ok()).map(|c| c & 0xff);
    match code {
        Some(11 | 26) => anyhow::anyhow!(
            "database {shown} is damaged or is not a database ({e}). Restore it from a backup; Haven will not serve from it."
        ),
        _ => anyhow::anyhow!("cannot open database {shown}: {e}"),
    }
}

async fn connect_postgres(url: &str, shown: &str, pool_size: u32) -> anyhow::Result<PgPool> {
    let opts = PgConnectOptions::from_str(url).map_err(|e| anyhow::anyhow!("bad database URL {shown}: {e}"))?;
    PgPoolOptions::new()
        // Two at least: an export holds one for its snapshot while it stores chunks with another.
        .max_connections(pool_size.max(2))
        // A request waits at most this long for a connection; past it the answer is 503
        // `unavailable` (the database is down or overloaded), never a hang.
        .acquire_timeout(Duration::from_secs(5))
        .connect_with(opts)
        .await
        .map_err(|e| anyhow::anyhow!("cannot reach database {shown}: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_pick_the_backend_and_hide_passwords() {
        assert_eq!(Backend::of_url("sqlite://haven.db"), Ok(Backend::Sqlite));
        assert_eq!(Backend::of_url("haven.db"), Ok(Backend::Sqlite));
        assert_eq!(Backend::of_url("postgres://u@h/db"), Ok(Backend::Postgres));
        assert_eq!(Backend::of_url("postgresql://u@h/db"), Ok(Backend::Postgres));
        assert!(Backend::of_url("mysql://h/db").expect_err("mysql").contains("mysql"));
        assert_eq!(redact("postgres://haven:s3cret@db:5432/haven"), "postgres://haven@db:5432/haven");
        assert_eq!(redact("postgres://db/haven"), "postgres://db/haven");
        assert_eq!(
            redact("postgres://u@db/haven?password=s3cret&sslmode=require"),
            "postgres://u@db/haven?sslmode=require"
        );
        assert_eq!(redact("sqlite://a@b.db"), "sqlite://a@b.db");
        for url in ["sqlite://data/h.db", "sqlite:data/h.db", "data/h.db", "sqlite://data/h.db?mode=rwc"] {
            assert_eq!(sqlite_file(url), Some("data/h.db".into()), "{url}");
        }
        assert_eq!(sqlite_file("sqlite::memory:"), None);
        assert_eq!(sqlite_file("postgres://h/db"), None);
    }

    /// What in a statement an older build running beside this one could trip on: something it
    /// reads or writes taken away or renamed, a type changed under it, or a rule its writes do
    /// not know about (a new constraint, a required column with no default).
    fn contracts(statement: &str) -> Option<&'static str> {
        let s = statement.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
        let has = |w: &str| s.contains(w);
        if s.starts_with("drop ") {
            // Every index too: an older build's `ON CONFLICT (…)` needs its unique index.
            return Some("drops something");
        }
        if s.starts_with("create unique index") || s.starts_with("create trigger") || s.starts_with("create policy") {
            // On a table older builds write, a rule their writes do not know. (Also flagged on a
            // table the same migration creates: on the safe side.)
            return Some("adds a rule (a unique index, a trigger, a policy)");
        }
        if !s.starts_with("alter table") {
            return None;
        }
        // (`COLUMN` is optional after ADD, DROP, ALTER and RENAME in both dialects.)
        let words: Vec<&str> =
            s.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).filter(|w| !w.is_empty()).collect();
        // `ADD CONSTRAINT …`, `ADD CHECK (…)` and the like: a rule over rows older builds write.
        // (A constraint inside `ADD [COLUMN] c …` holds only the new column, which older builds
        // leave NULL: only NOT NULL without a default trips them.)
        let constraint = ["constraint", "check", "unique", "foreign", "primary", "exclude"];
        let adds_rule = words.windows(2).any(|w| w[0] == "add" && constraint.contains(&w[1]));
        if has(" drop ") {
            Some("drops a column or constraint")
        } else if has(" rename ") {
            Some("renames")
        } else if has(" alter ") && (has(" type ") || has("set not null")) {
            Some("changes a column")
        } else if adds_rule {
            Some("adds a constraint")
        } else if has(" add ") && has("not null") && !has(" default ") {
            Some("adds a required column older writes leave out")
        } else {
            None
        }
    }

    /// The rolling-upgrade rule (see `Newer::Expand`) holds only if every migration that takes
    /// something away is named `contract_…`: one that is not would let an older build start on a
    /// schema it cannot use. Checked over the migrations this build carries, for both backends.
    #[test]
    fn a_migration_that_removes_what_older_builds_use_is_named_contract() {
        let all =
            [("sqlite", sqlx::migrate!("./migrations/sqlite")), ("postgres", sqlx::migrate!("./migrations/postgres"))];
        let mut checked = 0;
        for (backend, migrator) in all {
            // The first creates the schema: no older build runs on it.
            for m in migrator.migrations.iter().filter(|m| m.version > 1) {
                let sql: String =
                    m.sql.lines().map(|l| l.split("--").next().unwrap_or("")).collect::<Vec<_>>().join("\n");
                for statement in sql.split(';') {
                    checked += 1;
                    if let Some(what) = contracts(statement) {
                        assert!(
                            m.description.starts_with("contract"),
                            "{backend} migration {} \"{}\" {what} but is not named {:04}_contract_…: {}",
                            m.version,
                            m.description,
                            m.version,
                            statement.trim()
                        );
                    }
                }
            }
        }
        assert!(checked > 50, "{checked} statements");
        // The check itself sees what it is for, and lets the expanding kinds through.
        for removes in [
            "DROP TABLE users",
            "ALTER TABLE users DROP COLUMN lang",
            "alter table users\n  rename column lang to language",
            "ALTER TABLE users RENAME TO people",
            "ALTER TABLE users ALTER COLUMN lang TYPE varchar(8)",
            "ALTER TABLE users ALTER COLUMN lang SET NOT NULL",
            "ALTER TABLE users ADD CONSTRAINT lang_known CHECK (lang IN ('en'))",
            "ALTER TABLE users ADD COLUMN region TEXT NOT NULL",
            "ALTER TABLE users ADD region TEXT NOT NULL",
            "ALTER TABLE users ALTER lang TYPE text",
            "ALTER TABLE users ALTER lang SET NOT NULL",
            "ALTER TABLE users ADD CHECK (lang <> '')",
            "ALTER TABLE users ADD UNIQUE (lang)",
            "ALTER TABLE users ADD FOREIGN KEY (lang) REFERENCES langs (code)",
            "CREATE UNIQUE INDEX users_lang ON users (lang)",
            "DROP INDEX IF EXISTS i",
            "ALTER TABLE users ADD COLUMN r TEXT, ADD CONSTRAINT r_known CHECK (r <> '')",
            "ALTER TABLE users ADD COLUMN r TEXT, ADD CHECK (r <> '')",
            "CREATE TRIGGER t BEFORE INSERT ON users BEGIN SELECT 1; END",
        ] {
            assert!(contracts(removes).is_some(), "{removes}");
        }
        for expands in [
            "ALTER TABLE exports ADD COLUMN lang TEXT NOT NULL DEFAULT 'en'",
            "ALTER TABLE users ADD COLUMN region TEXT",
            "ALTER TABLE users ADD COLUMN type TEXT",
            "ALTER TABLE users ADD COLUMN checked_at INTEGER",
            "ALTER TABLE users ADD COLUMN method TEXT CHECK (method IN ('sms', 'totp'))",
            "ALTER TABLE users ADD COLUMN lang TEXT REFERENCES langs (code)",
            "CREATE TABLE t (a INTEGER NOT NULL)",
            "CREATE INDEX i ON t (a)",
            "UPDATE users SET lang = 'en' WHERE lang IS NULL",
        ] {
            assert_eq!(contracts(expands), None, "{expands}");
        }
    }

    #[tokio::test]
    async fn every_sqlite_connection_has_the_small_page_cache() {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite://{}", dir.path().join("cache.db").display());
        let pool = connect_sqlite(&url, &url, None).await.expect("open");
        // Several connections at once, so more than the first is asked.
        let mut held = Vec::new();
        for _ in 0..3 {
            let mut c = pool.acquire().await.expect("connection");
            let (kib,): (i64,) = sqlx::query_as("PRAGMA cache_size").fetch_one(&mut *c).await.expect("pragma");
            assert_eq!(kib, -i64::from(SQLITE_CACHE_KIB));
            held.push(c);
        }
    }

    /// A database a newer build has migrated further with a migration that only adds (a rolling
    /// upgrade) still opens for the service, and is ready; a copy of it (`migrate-data`) is
    /// refused, since it would leave out what the newer build added; and once a newer build has
    /// removed something (a contract migration) the service refuses it too, in words.
    #[tokio::test]
    async fn a_database_migrated_by_a_newer_build_opens_only_while_it_only_adds() {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite://{}", dir.path().join("newer.db").display());
        const NEWER: &str = "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time)
                             VALUES ($1, $2, TRUE, x'00', 0)";
        let db = Db::connect_capped(&url, 1, None).await.expect("open");
        crate::execute!(&db, sqlx::query(NEWER).bind(99990101i64).bind("audit retention")).expect("a newer migration");
        drop(db);
        let db = Db::connect_capped(&url, 1, None).await.expect("opens beside a newer build's schema");
        assert!(db.migrated().await.expect("readiness"), "not ready");
        let Err(copy) = Db::connect(&url, 1).await else { panic!("a copy must not leave out what is newer") };
        assert!(copy.to_string().contains("newer build of haven-sync"), "{copy}");
        crate::execute!(&db, sqlx::query(NEWER).bind(99990102i64).bind("contract address throttle"))
            .expect("a contract");
        drop(db);
        let Err(refused) = Db::connect_capped(&url, 1, None).await else { panic!("opened after a contract") };
        assert!(refused.to_string().contains("migration 99990102, \"contract address throttle\""), "{refused}");
    }

    /// A long read holds back the checkpoint while 24 MiB are written: the WAL grows past its
    /// limit, and once the read ends and the next writes checkpoint it, it is cut back to the
    /// limit on disk (before the limit it stayed at its largest).
    #[tokio::test]
    async fn the_wal_is_cut_back_after_a_long_read() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("wal.db");
        let url = format!("sqlite://{}", file.display());
        let pool = connect_sqlite(&url, &url, None).await.expect("open");
        sqlx::query("CREATE TABLE t (b BLOB)").execute(&pool).await.expect("table");
        sqlx::query("INSERT INTO t VALUES (zeroblob(1))").execute(&pool).await.expect("row");
        let mut reader = pool.begin().await.expect("read");
        let _: (i64,) = sqlx::query_as("SELECT COUNT(*) FROM t").fetch_one(&mut *reader).await.expect("read");
        for _ in 0..24 {
            sqlx::query("INSERT INTO t VALUES (randomblob(1048576))").execute(&pool).await.expect("write");
        }
        let wal = dir.path().join("wal.db-wal");
        let grown = std::fs::metadata(&wal).expect("wal").len();
        assert!(grown > 20 << 20, "the WAL did not grow: {grown}");
        reader.rollback().await.expect("end the read");
        // A checkpoint, then a write that starts the WAL over (and cuts it back).
        sqlx::query("PRAGMA wal_checkpoint(PASSIVE)").execute(&pool).await.expect("checkpoint");
        sqlx::query("INSERT INTO t VALUES (zeroblob(1))").execute(&pool).await.expect("write");
        let kept = std::fs::metadata(&wal).expect("wal").len();
        assert!(kept <= SQLITE_WAL_KEEP_MIB << 20, "the WAL kept {kept} bytes after its checkpoint");
    }

    /// A write the full disk undoes: SQLite rolls the whole transaction back by itself (a
    /// one-row insert keeps no statement journal), so sqlx's ROLLBACK fails and, reused, the
    /// connection would still count itself in a transaction and refuse every later
    /// `BEGIN IMMEDIATE`. Every later transaction works and what it commits is kept.
    #[tokio::test]
    async fn a_transaction_the_full_disk_undid_leaves_no_connection_behind_in_it() {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite://{}", dir.path().join("full.db").display());
        let pool = connect_sqlite(&url, &url, Some(1)).await.expect("open");
        sqlx::query("CREATE TABLE t (id INTEGER PRIMARY KEY, b BLOB)").execute(&pool).await.expect("table");
        let mut rows = 0;
        // (Bounded: 1 MiB holds about 250 rows; a cap that stopped working must not fill the disk.)
        while rows < 10_000 && sqlx::query("INSERT INTO t (b) VALUES (randomblob(4000))").execute(&pool).await.is_ok() {
            rows += 1;
        }
        assert!(rows < 10_000, "the 1 MiB cap did not hold");
        assert!(rows > 100, "{rows}");
        let db = Db::Sqlite(pool.clone());
        for round in 0..3 {
            let mut tx = db.begin_for_user("u").await.expect("begin");
            // (Room for a row or two may be left on a page: the next one meets the cap.)
            let full = loop {
                if let Err(e) = crate::execute!(&mut tx, sqlx::query("INSERT INTO t (b) VALUES (randomblob(4000))")) {
                    break e;
                }
            };
            assert!(crate::error::storage_full(&full), "round {round}: {full}");
            drop(tx);
            // Writes that need no new page still go in, on whichever connection comes next.
            for k in 0..8i64 {
                let mut tx = db.begin_for_user("u").await.unwrap_or_else(|e| panic!("round {round}, write {k}: {e}"));
                crate::execute!(&mut tx, sqlx::query("DELETE FROM t WHERE id = $1").bind(round * 8 + k + 1))
                    .expect("delete");
                tx.commit().await.expect("commit");
            }
        }
        pool.close().await;
        let again = connect_sqlite(&url, &url, None).await.expect("reopen");
        let (left,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM t").fetch_one(&again).await.expect("count");
        assert_eq!(left, rows - 24, "deletes committed on a reused connection were lost");
    }
}
