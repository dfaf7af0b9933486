//! SQLite pool and migrations.

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;
use std::str::FromStr;
use std::time::Duration;

pub async fn connect(url: &str) -> anyhow::Result<SqlitePool> {
    let opts = SqliteConnectOptions::from_str(url)
        .map_err(|e| anyhow::anyhow!("bad database_url {url:?}: {e}"))?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        // WAL + NORMAL: a committed transaction survives a process crash (SIGKILL); only an OS
        // crash or power loss can roll back the last transactions.
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(10))
        // Deleted or overwritten content (erased mail bodies, used tokens) is zeroed on disk.
        .pragma("secure_delete", "ON");
    let memory = url.contains(":memory:");
    if !memory {
        // Create the file and switch it to WAL on one connection first. Switching a new database
        // to WAL needs an exclusive lock, and the pool opening several connections at once can
        // get SQLITE_BUSY without the busy handler being consulted (seen under parallel test load).
        use sqlx::Connection;
        let first = sqlx::SqliteConnection::connect_with(&opts)
            .await
            .map_err(|e| anyhow::anyhow!("cannot open database {url:?}: {e}"))?;
        first.close().await.map_err(|e| anyhow::anyhow!("cannot open database {url:?}: {e}"))?;
    }
    let pool = SqlitePoolOptions::new()
        // An in-memory database exists once per connection: keep exactly one.
        .max_connections(if memory { 1 } else { 8 })
        .min_connections(1)
        .idle_timeout(None)
        .max_lifetime(None)
        .connect_with(opts)
        .await
        .map_err(|e| anyhow::anyhow!("cannot open database {url:?}: {e}"))?;
    sqlx::migrate!("./migrations").run(&pool).await.map_err(|e| anyhow::anyhow!("migrations: {e}"))?;
    Ok(pool)
}
