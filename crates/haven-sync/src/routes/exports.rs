//! "Download your data": start an export (reauth), follow its progress, fetch the file (its own
//! user only, for 7 days), and the user's server-sent events.

use crate::audit;
use crate::clock::rfc3339;
use crate::error::{ApiError, ApiResult};
use crate::export::{self, MAX_OPEN};
use crate::extract::{ApiJson, ApiPath, AuthUser, ClientIp};
use crate::model::{new_id, parse_id};
use crate::twostep;
use crate::AppState;
use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::Json;
use haven_api::{CreateExport, ExportFormat, ExportJob, ExportList, ExportStatus, Role};
use haven_i18n::{msg, Lang};
use std::convert::Infallible;
use std::time::Duration;

type JobRow = (String, String, String, f64, i64, Option<i64>, Option<i64>, Option<i64>, Option<i64>, String, String);
const JOB_COLUMNS: &str = "id, format, status, progress, created_at, ready_at, expires_at, rows, size, time_zone, lang";

/// A job's format and status as stored.
fn typed(format: &str, status: &str) -> ApiResult<(ExportFormat, ExportStatus)> {
    let format = ExportFormat::parse(format).ok_or_else(|| ApiError::internal("unknown export format stored"))?;
    let status = ExportStatus::parse(status).ok_or_else(|| ApiError::internal("unknown export status stored"))?;
    Ok((format, status))
}

fn view(r: JobRow, now: i64) -> ApiResult<ExportJob> {
    let (id, format, status, progress, created_at, ready_at, expires_at, rows, size, time_zone, _) = r;
    let (format, status) = typed(&format, &status)?;
    Ok(ExportJob {
        id,
        format,
        status,
        progress,
        created_at: rfc3339(created_at),
        ready_at: ready_at.map(rfc3339),
        expired: expires_at.is_some_and(|e| e <= now),
        expires_at: expires_at.map(rfc3339),
        rows,
        size,
        time_zone,
    })
}

async fn job(state: &AppState, who: &AuthUser, id: &str) -> ApiResult<JobRow> {
    let id = parse_id(id)?;
    crate::fetch_optional!(
        &state.db,
        sqlx::query_as(&format!("SELECT {JOB_COLUMNS} FROM exports WHERE id = $1 AND user_id = $2"))
            .bind(&id)
            .bind(&who.user_id)
    )?
    .ok_or_else(|| ApiError::NotFound(msg!("service-no-such-export")))
}

/// `POST /v1/me/exports {format}` (reauth) → 202 with the job.
pub async fn create(
    State(state): State<AppState>,
    who: AuthUser,
    ip: ClientIp,
    ApiJson(req): ApiJson<CreateExport>,
) -> ApiResult<(StatusCode, Json<ExportJob>)> {
    if who.role != Role::Patient {
        return Err(ApiError::Forbidden(msg!("service-export-patients-only")));
    }
    // The worker streams from a read transaction while it stores chunks on another connection;
    // an in-memory database has only one.
    if state.config.database_url.contains(":memory:") {
        return Err(ApiError::Conflict(msg!("service-export-needs-disk")));
    }
    // The zone asked for, else the one in the patient's profile, else UTC.
    let zone = match req.time_zone.as_deref().filter(|n| !n.is_empty()) {
        Some(name) => export::Zone::from_field("time_zone", name)?,
        None => {
            let chosen: Option<String> = crate::fetch_one!(
                &state.db,
                sqlx::query_scalar("SELECT time_zone FROM users WHERE id = $1").bind(&who.user_id)
            )?;
            chosen.as_deref().and_then(export::Zone::named).unwrap_or_else(export::Zone::utc)
        }
    };
    let now = state.now();
    twostep::require_reauth(&state.db, &who.session_id, now).await?;
    if req.format == ExportFormat::Pdf {
        let n: i64 = crate::fetch_one!(
            &state.db,
            sqlx::query_scalar("SELECT COUNT(*) FROM observations WHERE user_id = $1 AND NOT deleted")
                .bind(&who.user_id)
        )?;
        if n > export::PDF_MAX_ROWS {
            return Err(ApiError::field(
                "format",
                msg!("service-export-pdf-too-many", max = export::PDF_MAX_ROWS, count = n),
            ));
        }
    }
    let mut tx = state.db.begin_for_user(&who.user_id).await?;
    let open: i64 = crate::fetch_one!(
        &mut tx,
        sqlx::query_scalar("SELECT COUNT(*) FROM exports WHERE user_id = $1 AND status IN ('pending', 'running')")
            .bind(&who.user_id)
    )?;
    if open >= MAX_OPEN {
        return Err(ApiError::Conflict(msg!("service-export-too-many-open", count = open)));
    }
    let id = new_id();
    crate::execute!(&mut tx, sqlx::query(
        "INSERT INTO exports (id, user_id, format, status, created_at, time_zone, lang) VALUES ($1, $2, $3, 'pending', $4, $5, $6)",
    )
    .bind(&id)
    .bind(&who.user_id)
    .bind(req.format.as_str())
    .bind(now)
    .bind(&zone.name)
    .bind(crate::i18n::lang().code()))?;
    audit::record(
        &mut tx,
        now,
        audit::Entry {
            kind: "export_requested",
            deployment_id: Some(&who.deployment_id),
            user_id: Some(&who.user_id),
            actor_id: Some(&who.user_id),
            ip: ip.to_string_opt().as_deref(),
            detail: req.format.as_str(),
        },
    )
    .await?;
    tx.commit().await?;
    state.exports.wake();
    Ok((
        StatusCode::ACCEPTED,
        Json(ExportJob {
            id,
            format: req.format,
            status: ExportStatus::Pending,
            progress: 0.0,
            created_at: rfc3339(now),
            ready_at: None,
            expires_at: None,
            rows: None,
            size: None,
            expired: false,
            time_zone: zone.name,
        }),
    ))
}

/// `GET /v1/me/exports`: the user's exports, newest first (an addition to the contract).
pub async fn list(State(state): State<AppState>, who: AuthUser) -> ApiResult<Json<ExportList>> {
    let rows: Vec<JobRow> = crate::fetch_all!(
        &state.db,
        sqlx::query_as(&format!(
            "SELECT {JOB_COLUMNS} FROM exports WHERE user_id = $1 ORDER BY created_at DESC, id DESC LIMIT 50"
        ))
        .bind(&who.user_id)
    )?;
    let now = state.now();
    Ok(Json(ExportList { exports: rows.into_iter().map(|r| view(r, now)).collect::<ApiResult<_>>()? }))
}

pub async fn get(
    State(state): State<AppState>,
    who: AuthUser,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Json<ExportJob>> {
    Ok(Json(view(job(&state, &who, &id).await?, state.now())?))
}

/// `GET /v1/me/exports/{id}/file`: the file, streamed from its stored chunks.
pub async fn file(
    State(state): State<AppState>,
    who: AuthUser,
    ip: ClientIp,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Response> {
    let (id, format, status, _, created_at, _, expires_at, _, size, _, lang) = job(&state, &who, &id).await?;
    let (format, status) = typed(&format, &status)?;
    let now = state.now();
    if expires_at.is_some_and(|e| e <= now) {
        return Err(ApiError::Gone(msg!("service-export-expired", days = 7)));
    }
    if status != ExportStatus::Ready {
        return Err(ApiError::Conflict(if status == ExportStatus::Failed {
            msg!("service-export-failed")
        } else {
            msg!("service-export-not-ready")
        }));
    }
    audit::record(
        &state.db,
        now,
        audit::Entry {
            kind: "export_downloaded",
            deployment_id: Some(&who.deployment_id),
            user_id: Some(&who.user_id),
            actor_id: Some(&who.user_id),
            ip: ip.to_string_opt().as_deref(),
            detail: format.as_str(),
        },
    )
    .await?;
    let (mime, ext) = (format.media_type(), format.extension());
    let day = rfc3339(created_at).get(..10).unwrap_or("export").to_owned();
    let (db, key) = (state.db.clone(), state.config.server_key.clone());
    let chunks = futures_util::stream::unfold(0i64, move |seq| {
        let (db, key, id) = (db.clone(), key.clone(), id.clone());
        async move {
            let chunk: Result<Option<Vec<u8>>, sqlx::Error> = crate::fetch_optional!(
                &db,
                sqlx::query_scalar("SELECT bytes FROM export_chunks WHERE export_id = $1 AND seq = $2")
                    .bind(&id)
                    .bind(seq)
            );
            // A chunk that cannot be opened ends the download with an error (the client sees a
            // broken transfer), never with wrong bytes.
            let opened = chunk
                .map_err(anyhow::Error::from)
                .and_then(|c| c.map(|sealed| crate::export::open_chunk(&key, &id, seq, &sealed)).transpose());
            match opened {
                Ok(Some(bytes)) => Some((Ok::<_, std::io::Error>(bytes), seq + 1)),
                Ok(None) => None,
                Err(e) => {
                    tracing::error!(export_id = %id, seq, error = %e, "an export chunk could not be read");
                    Some((Err(std::io::Error::other(e.to_string())), i64::MAX))
                }
            }
        }
    });
    let mut resp = Body::from_stream(chunks).into_response();
    let h = resp.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
    if let Some(size) = size {
        h.insert(header::CONTENT_LENGTH, HeaderValue::from(size));
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    // The PDF is in the language it was asked for in; the data formats' words (CSV's column
    // names, FHIR's code displays) are English whatever the request asked for.
    let lang = match format {
        ExportFormat::Pdf => Lang::from_locale(&lang).unwrap_or_default(),
        ExportFormat::Csv | ExportFormat::Fhir => Lang::En,
    };
    h.insert(header::CONTENT_LANGUAGE, HeaderValue::from_static(lang.code()));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"haven-data-{day}.{ext}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(resp)
}

/// `GET /v1/me/events`: server-sent events for the caller (`export_ready`, `export_failed`), each
/// with its per-user number as the event id. A stream starts after the newest event, or after
/// `Last-Event-ID` when the client gives one (it resumes on any instance: the events are rows).
/// Every 15 s the session is checked (once it is revoked the stream sends `session_revoked` and
/// ends) and the table read again, in case a wake-up was lost. It also ends when the access token
/// that opened it would have expired and when the service stops: the client reconnects (with a
/// fresh token, to whichever instance answers) and reads the list of exports again.
pub async fn events(
    State(state): State<AppState>,
    who: AuthUser,
    headers: axum::http::HeaderMap,
) -> ApiResult<Sse<impl futures_util::Stream<Item = Result<Event, Infallible>>>> {
    // Subscribed before the starting point is read, so nothing falls between the two.
    let rx = state.events.subscribe();
    let resume = headers.get("last-event-id").and_then(|v| v.to_str().ok()).and_then(|v| v.trim().parse::<i64>().ok());
    let cursor = match resume {
        Some(n) if n >= 0 => n,
        _ => crate::events::latest(&state.db, &who.user_id).await?,
    };
    let stopping = state.stopping.subscribe();
    let check =
        tokio::time::interval_at(tokio::time::Instant::now() + Duration::from_secs(15), Duration::from_secs(15));
    let until = tokio::time::Instant::now() + Duration::from_secs(state.config.access_ttl_s.max(1) as u64);
    struct S {
        rx: tokio::sync::broadcast::Receiver<crate::events::Wake>,
        check: tokio::time::Interval,
        stopping: tokio::sync::watch::Receiver<bool>,
        cursor: i64,
        ready: std::collections::VecDeque<crate::events::Stored>,
        /// Read the table before waiting again (set at the start: a resumed stream has some).
        stale: bool,
        ended: bool,
    }
    let start = S { rx, check, stopping, cursor, ready: Default::default(), stale: resume.is_some(), ended: false };
    let stream = futures_util::stream::unfold(start, move |mut s| {
        let state = state.clone();
        let who = who.clone();
        async move {
            use crate::events::Wake;
            use tokio::sync::broadcast::error::RecvError;
            if s.ended {
                return None;
            }
            loop {
                if let Some(e) = s.ready.pop_front() {
                    let ev = Event::default().id(e.seq.to_string()).event(e.kind).data(e.data);
                    return Some((Ok(ev), s));
                }
                if s.stale {
                    s.stale = false;
                    // A wake-up may be a revocation (sign-out, refresh reuse, a lock, a password
                    // reset): the session is looked at first, so its streams end at once.
                    let revoked: Option<Option<i64>> = crate::fetch_optional!(
                        &state.db,
                        sqlx::query_scalar("SELECT revoked_at FROM sessions WHERE id = $1").bind(&who.session_id)
                    )
                    .unwrap_or(Some(None));
                    if !matches!(revoked, Some(None)) {
                        s.ended = true;
                        return Some((Ok(Event::default().event("session_revoked").data("{}")), s));
                    }
                    // A failed read is tried again on the next wake-up or check.
                    if let Ok(rows) = crate::events::after(&state.db, &who.user_id, s.cursor, 100).await {
                        if let Some(last) = rows.last() {
                            s.cursor = last.seq;
                            // A full page: there may be more.
                            s.stale = rows.len() == 100;
                        }
                        s.ready.extend(rows);
                    }
                    continue;
                }
                tokio::select! {
                    got = s.rx.recv() => match got {
                        Ok(Wake::User(u)) if u == who.user_id => s.stale = true,
                        Ok(Wake::All) | Err(RecvError::Lagged(_)) => s.stale = true,
                        Ok(Wake::User(_)) => {}
                        Err(RecvError::Closed) => return None,
                    },
                    _ = tokio::time::sleep_until(until) => return None,
                    _ = async { let _ = s.stopping.wait_for(|v| *v).await; } => return None,
                    _ = s.check.tick() => s.stale = true,
                }
            }
        }
    });
    Ok(Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15))))
}
