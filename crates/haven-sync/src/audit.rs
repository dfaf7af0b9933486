//! The append-only security log. Rows are only ever inserted; the schema's triggers refuse
//! UPDATE and DELETE, so not even a bug in this service can rewrite history.

use sqlx::{Sqlite, SqliteExecutor};

#[derive(Debug, Default, Clone)]
pub struct Entry<'a> {
    pub kind: &'a str,
    pub deployment_id: Option<&'a str>,
    pub user_id: Option<&'a str>,
    pub actor_id: Option<&'a str>,
    pub ip: Option<&'a str>,
    pub detail: &'a str,
}

pub async fn record<'e, E: SqliteExecutor<'e>>(db: E, at: i64, e: Entry<'_>) -> Result<(), sqlx::Error> {
    sqlx::query::<Sqlite>(
        "INSERT INTO audit_log (at, kind, deployment_id, user_id, actor_id, ip, detail) VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(at)
    .bind(e.kind)
    .bind(e.deployment_id)
    .bind(e.user_id)
    .bind(e.actor_id)
    .bind(e.ip)
    .bind(e.detail)
    .execute(db)
    .await?;
    Ok(())
}
