//! The append-only security log. Rows are only ever inserted; the schema's triggers refuse
//! UPDATE and DELETE, so not even a bug in this service can rewrite history.

use crate::db::IntoEx;

#[derive(Debug, Default, Clone)]
pub struct Entry<'a> {
    pub kind: &'a str,
    pub deployment_id: Option<&'a str>,
    pub user_id: Option<&'a str>,
    pub actor_id: Option<&'a str>,
    pub ip: Option<&'a str>,
    pub detail: &'a str,
}

pub async fn record(db: impl IntoEx<'_>, at: i64, e: Entry<'_>) -> Result<(), sqlx::Error> {
    crate::execute!(db, sqlx::query(
        "INSERT INTO audit_log (at, kind, deployment_id, user_id, actor_id, ip, detail) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(at)
    .bind(e.kind)
    .bind(e.deployment_id)
    .bind(e.user_id)
    .bind(e.actor_id)
    .bind(e.ip)
    .bind(e.detail))?;
    Ok(())
}
