//! `haven-sync migrate-data --from sqlite://… --to postgres://…`: moves a deployment from the
//! embedded SQLite database to PostgreSQL. Both schemas are brought up to date first; the target
//! must be empty; every table is copied in one PostgreSQL transaction (all or nothing), with each
//! value converted to the target column's type; identity counters continue after the copied ids.
//! Apart from its migrations the source is only read, and it is held locked against a service
//! starting on it meanwhile. Message bodies queued before bodies were sealed (plaintext, in
//! `messages.body`) are not carried over: PostgreSQL would keep them on disk.

use crate::db::{Backend, Db};
use futures_util::TryStreamExt;
use sqlx::{Column, Row};

/// Every table, parents before children (the foreign keys hold at every step).
pub const TABLES: &[&str] = &[
    "deployments",
    "users",
    "invites",
    "email_verifications",
    "sessions",
    "access_tokens",
    "refresh_tokens",
    "login_throttle",
    "messages",
    "audit_log",
    "challenges",
    "sms_codes",
    "recovery_codes",
    "remembered_devices",
    "observations",
    "sync_counter",
    "legal_documents",
    "consents",
    "exports",
    "export_chunks",
    "password_resets",
    "address_throttle",
    "guess_throttle",
    "user_events",
    "key_check",
];

/// Tables whose `id` the target numbers itself after the copy.
const IDENTITY: &[&str] = &["messages", "audit_log", "sms_codes", "consents"];

/// How many rows were copied per table.
pub type Report = Vec<(&'static str, u64)>;

/// A column's type on PostgreSQL, as far as copying needs to know it.
#[derive(Clone, Copy, Debug)]
enum Ty {
    Int8,
    Int4,
    Bool,
    Float8,
    Text,
    Bytes,
}

enum Value {
    Int8(Option<i64>),
    Int4(Option<i32>),
    Bool(Option<bool>),
    Float8(Option<f64>),
    Text(Option<String>),
    Bytes(Option<Vec<u8>>),
}

pub async fn sqlite_to_postgres(from: &str, to: &str) -> anyhow::Result<Report> {
    anyhow::ensure!(
        Backend::of_url(from).map_err(anyhow::Error::msg)? == Backend::Sqlite
            && Backend::of_url(to).map_err(anyhow::Error::msg)? == Backend::Postgres,
        "migrate-data copies a SQLite database (--from sqlite://…) into PostgreSQL (--to postgres://…)"
    );
    let _lock = crate::lock_database(from)?;
    let Db::Sqlite(src) = Db::connect(from, 1).await? else { unreachable!("checked above") };
    let Db::Postgres(dst) = Db::connect(to, 2).await? else { unreachable!("checked above") };
    let users: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users").fetch_one(&dst).await?;
    anyhow::ensure!(
        users == 0,
        "the target database already has {users} accounts: migrate-data only fills an empty database"
    );
    // A target started once already holds its key's check value: the same key's gives way to the
    // copy; another key's would leave a database no instance could open.
    let src_key: Option<Vec<u8>> =
        sqlx::query_scalar("SELECT value FROM key_check WHERE id = 1").fetch_optional(&src).await?;
    let dst_key: Option<Vec<u8>> =
        sqlx::query_scalar("SELECT value FROM key_check WHERE id = 1").fetch_optional(&dst).await?;
    if let (Some(a), Some(b)) = (&src_key, &dst_key) {
        anyhow::ensure!(
            a == b,
            "the target database was started with another server key than the one {} was written with: start PostgreSQL instances with the same key",
            crate::db::redact(from)
        );
    }
    // A note holding U+0000 (taken before the service refused it) cannot go into PostgreSQL:
    // said up front, with what to do, rather than PostgreSQL's 22021 part way through.
    let nul: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM observations WHERE instr(CAST(note AS BLOB), x'00') > 0")
        .fetch_one(&src)
        .await?;
    anyhow::ensure!(
        nul == 0,
        "{nul} observation note(s) in {} hold the NUL character (U+0000), which PostgreSQL cannot store: \
         remove it from them, e.g. UPDATE observations SET note = NULL WHERE instr(CAST(note AS BLOB), x'00') > 0, \
         then run migrate-data again",
        crate::db::redact(from)
    );
    let mut tx = dst.begin().await?;
    let mut report = Vec::new();
    for &table in TABLES {
        let columns: Vec<(String, Ty)> = sqlx::query_as::<_, (String, String)>(
            "SELECT column_name::text, data_type::text FROM information_schema.columns
             WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position",
        )
        .bind(table)
        .fetch_all(&mut *tx)
        .await?
        .into_iter()
        .map(|(name, ty)| {
            let ty = match ty.as_str() {
                "bigint" => Ty::Int8,
                "integer" => Ty::Int4,
                "boolean" => Ty::Bool,
                "double precision" => Ty::Float8,
                "bytea" => Ty::Bytes,
                _ => Ty::Text,
            };
            (name, ty)
        })
        .collect();
        anyhow::ensure!(!columns.is_empty(), "the target has no table {table}");
        let list = columns.iter().map(|(c, _)| format!("\"{c}\"")).collect::<Vec<_>>().join(", ");
        // The rows the target's own migrations seeded (the counter, the legal texts) give way.
        match table {
            "sync_counter" | "legal_documents" | "key_check" => {
                sqlx::query(&format!("DELETE FROM {table}")).execute(&mut *tx).await?;
            }
            _ => {}
        }
        let select = match table {
            "messages" => format!("SELECT {} FROM messages", list.replace("\"body\"", "NULL AS \"body\"")),
            _ => format!("SELECT {list} FROM {table}"),
        };
        let mut rows = sqlx::query(&select).fetch(&src);
        // A statement's parameters stay well under PostgreSQL's limits: 30,000 values, and a
        // few export chunks (256 KiB each) at a time.
        let per_batch = if table == "export_chunks" { 8 } else { (30_000 / columns.len()).max(1) };
        let mut batch: Vec<Vec<Value>> = Vec::with_capacity(per_batch);
        let mut copied = 0u64;
        loop {
            let row = rows.try_next().await?;
            if let Some(row) = &row {
                let mut values = Vec::with_capacity(columns.len());
                for (i, (name, ty)) in columns.iter().enumerate() {
                    debug_assert_eq!(row.column(i).name(), name.as_str());
                    values.push(read(row, i, *ty).map_err(|e| anyhow::anyhow!("{table}.{name}: {e}"))?);
                }
                batch.push(values);
            }
            if batch.len() == per_batch || (row.is_none() && !batch.is_empty()) {
                copied += insert(&mut tx, table, &list, columns.len(), std::mem::take(&mut batch)).await?;
            }
            if row.is_none() {
                break;
            }
        }
        if IDENTITY.contains(&table) {
            sqlx::query(&format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM {table}"
            ))
            .execute(&mut *tx)
            .await?;
        }
        report.push((table, copied));
    }
    tx.commit().await?;
    src.close().await;
    dst.close().await;
    Ok(report)
}

fn read(row: &sqlx::sqlite::SqliteRow, i: usize, ty: Ty) -> Result<Value, sqlx::Error> {
    Ok(match ty {
        Ty::Int8 => Value::Int8(row.try_get(i)?),
        Ty::Int4 => Value::Int4(row.try_get(i)?),
        // SQLite keeps flags as 0/1.
        Ty::Bool => Value::Bool(row.try_get(i)?),
        Ty::Float8 => Value::Float8(row.try_get(i)?),
        Ty::Text => Value::Text(row.try_get(i)?),
        Ty::Bytes => Value::Bytes(row.try_get(i)?),
    })
}

async fn insert(
    tx: &mut sqlx::Transaction<'_, sqlx::Postgres>,
    table: &str,
    list: &str,
    width: usize,
    rows: Vec<Vec<Value>>,
) -> Result<u64, sqlx::Error> {
    let n = rows.len();
    let values = (0..n)
        .map(|r| format!("({})", (1..=width).map(|k| format!("${}", r * width + k)).collect::<Vec<_>>().join(", ")))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!("INSERT INTO {table} ({list}) VALUES {values}");
    let mut q = sqlx::query(&sql);
    for v in rows.into_iter().flatten() {
        q = match v {
            Value::Int8(v) => q.bind(v),
            Value::Int4(v) => q.bind(v),
            Value::Bool(v) => q.bind(v),
            Value::Float8(v) => q.bind(v),
            Value::Text(v) => q.bind(v),
            Value::Bytes(v) => q.bind(v),
        };
    }
    Ok(q.execute(&mut **tx).await?.rows_affected())
}
