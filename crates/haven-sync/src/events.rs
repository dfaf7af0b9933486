//! Per-user events for `GET /v1/me/events` (server-sent events).
//!
//! An event is a row of `user_events`, numbered per user (`seq`, the stream's event id), written
//! under the user's write lock so numbers commit in order. The row is the truth; wake-ups only
//! tell streams to read it: in-process through [`Bus`], and between instances through
//! PostgreSQL's `NOTIFY haven_events` (see [`listen`]). A wake-up can be lost (a listener
//! reconnecting); a stream then still catches up from the table on its next read, and a client
//! that reconnects with `Last-Event-ID` resumes after it on any instance.

use crate::db::{Db, Tx};
use sqlx::postgres::PgListener;
use std::time::Duration;
use tokio::sync::broadcast;

/// How long events are kept for streams that resume.
pub const KEEP_S: i64 = 24 * 3600;

/// What a wake-up says: this user has something new, or anyone may have (wake-ups were lost).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Wake {
    User(String),
    All,
}

/// Cheap to clone. A wake-up with no stream open is dropped; the table keeps the event.
#[derive(Clone)]
pub struct Bus(broadcast::Sender<Wake>);

impl Default for Bus {
    fn default() -> Self {
        Bus(broadcast::channel(1024).0)
    }
}

impl Bus {
    pub fn wake(&self, w: Wake) {
        let _ = self.0.send(w);
    }
    pub fn subscribe(&self) -> broadcast::Receiver<Wake> {
        self.0.subscribe()
    }
}

/// One stored event.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Stored {
    pub seq: i64,
    pub kind: String,
    pub data: String,
}

/// Stores an event inside a transaction begun with [`Db::begin_for_user`] for this user (the
/// lock keeps the numbers in commit order); other instances are woken when it commits, this one
/// by the caller's [`Bus::wake`] after the commit.
pub async fn record(tx: &mut Tx, user_id: &str, kind: &str, data: &str, now: i64) -> Result<i64, sqlx::Error> {
    let seq: i64 = crate::fetch_one!(
        &mut *tx,
        sqlx::query_scalar(
            "INSERT INTO user_events (user_id, seq, kind, data, at)
             SELECT $1, COALESCE(MAX(seq), 0) + 1, $2, $3, $4 FROM user_events WHERE user_id = $1
             RETURNING seq",
        )
        .bind(user_id)
        .bind(kind)
        .bind(data)
        .bind(now)
    )?;
    if let Tx::Postgres(t) = tx {
        // Delivered to every listening instance when (and only if) the transaction commits.
        sqlx::query("SELECT pg_notify('haven_events', $1)").bind(user_id).execute(&mut **t).await?;
    }
    Ok(seq)
}

/// Inside a transaction that revokes sessions of the user: every instance's streams of that
/// user look at their sessions again once it commits (PostgreSQL's NOTIFY; on SQLite the caller
/// wakes this process's [`Bus`] after the commit).
pub async fn revocation(tx: &mut Tx, user_id: &str) -> Result<(), sqlx::Error> {
    if let Tx::Postgres(t) = tx {
        sqlx::query("SELECT pg_notify('haven_events', $1)").bind(user_id).execute(&mut **t).await?;
    }
    Ok(())
}

/// The user's newest event number (0: none yet): where a new stream starts.
pub async fn latest(db: &Db, user_id: &str) -> Result<i64, sqlx::Error> {
    crate::fetch_one!(
        db,
        sqlx::query_scalar("SELECT COALESCE(MAX(seq), 0) FROM user_events WHERE user_id = $1").bind(user_id)
    )
}

/// The user's events after `after`, oldest first, at most `limit`.
pub async fn after(db: &Db, user_id: &str, after: i64, limit: i64) -> Result<Vec<Stored>, sqlx::Error> {
    crate::fetch_all!(
        db,
        sqlx::query_as("SELECT seq, kind, data FROM user_events WHERE user_id = $1 AND seq > $2 ORDER BY seq LIMIT $3")
            .bind(user_id)
            .bind(after)
            .bind(limit)
    )
}

/// Forgets events older than [`KEEP_S`], except each user's newest, from which numbering goes on
/// (restarting at 1 would make a stream resuming after an old number skip new events).
pub async fn prune(db: &Db, now: i64) -> Result<u64, sqlx::Error> {
    crate::execute!(
        db,
        sqlx::query(
            "DELETE FROM user_events WHERE at < $1
               AND seq < (SELECT MAX(e.seq) FROM user_events e WHERE e.user_id = user_events.user_id)"
        )
        .bind(now - KEEP_S)
    )
}

/// PostgreSQL only: turns `NOTIFY haven_events` from any instance into wake-ups on this one's
/// [`Bus`], until the task is dropped. Whenever the listening connection is (re)established,
/// notifications may have been missed, so every stream is told to read the table again.
pub async fn listen(db: Db, url: String, bus: Bus) {
    if !matches!(db, Db::Postgres(_)) {
        return;
    }
    loop {
        // A connection of its own, outside the pool (a pooled one would be held for good and
        // leave the requests one fewer).
        let mut listener = match PgListener::connect(&url).await {
            Ok(l) => l,
            Err(e) => {
                tracing::warn!(error = %e, "cannot listen for events; retrying");
                tokio::time::sleep(Duration::from_secs(1)).await;
                continue;
            }
        };
        if let Err(e) = listener.listen("haven_events").await {
            tracing::warn!(error = %e, "cannot listen for events; retrying");
            tokio::time::sleep(Duration::from_secs(1)).await;
            continue;
        }
        bus.wake(Wake::All);
        loop {
            match listener.try_recv().await {
                Ok(Some(n)) => bus.wake(Wake::User(n.payload().to_owned())),
                // The connection dropped and will be made again on the next call.
                Ok(None) => bus.wake(Wake::All),
                Err(e) => {
                    tracing::warn!(error = %e, "event listener failed; listening again");
                    tokio::time::sleep(Duration::from_secs(1)).await;
                    break;
                }
            }
        }
    }
}
