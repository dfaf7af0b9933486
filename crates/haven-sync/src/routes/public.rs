//! Health, the OpenAPI document, and the development outbox.

use crate::clock::rfc3339;
use crate::error::{ApiError, ApiResult};
use crate::AppState;
use axum::extract::State;
use axum::Json;
use haven_api::{Channel, Health, Outbox, OutboxMessage};
use haven_i18n::msg;

pub async fn health(State(state): State<AppState>) -> ApiResult<Json<Health>> {
    // A health check that cannot reach the database is not healthy.
    crate::execute!(&state.db, sqlx::query("SELECT 1"))?;
    Ok(Json(Health { status: "ok".into(), version: crate::VERSION.into() }))
}

/// `GET /v1/ready`: whether this instance should get traffic — its database answers and has
/// every migration this build knows, and it is not shutting down. 503 `unavailable` otherwise
/// (a load balancer takes it out of rotation; `/health` stays the liveness check).
pub async fn ready(State(state): State<AppState>) -> ApiResult<Json<Health>> {
    if *state.stopping.borrow() {
        return Err(ApiError::Unavailable("shutting down".into()));
    }
    match state.db.migrated().await {
        Ok(true) => Ok(Json(Health { status: "ready".into(), version: crate::VERSION.into() })),
        Ok(false) => Err(ApiError::Unavailable("migrations not applied yet".into())),
        Err(e) => Err(ApiError::Unavailable(format!("database: {e}"))),
    }
}

/// The document is for developers, and in English whatever the request asked for.
pub async fn openapi(State(state): State<AppState>) -> impl axum::response::IntoResponse {
    (
        [(axum::http::header::CONTENT_LANGUAGE, "en")],
        Json(crate::openapi::document(state.config.delivery == crate::config::Delivery::Dev)),
    )
}

/// Every message the service "sent", newest first. Only routed with development delivery, and
/// answered only to a loopback caller that names this machine and sends this run's key.
pub async fn dev_outbox(
    State(state): State<AppState>,
    crate::extract::ClientIp(ip): crate::extract::ClientIp,
    headers: axum::http::HeaderMap,
) -> ApiResult<Json<Outbox>> {
    // A web page can reach a loopback service under its own name (DNS rebinding): only a request
    // that names this machine is answered.
    let host = headers.get(axum::http::header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("");
    let name =
        host.rsplit_once(':').filter(|(_, port)| port.bytes().all(|b| b.is_ascii_digit())).map_or(host, |(n, _)| n);
    let key = headers.get(haven_api::OUTBOX_KEY_HEADER).map(|k| k.as_bytes()).unwrap_or_default();
    let key_matches: bool = subtle::ConstantTimeEq::ct_eq(key, state.config.outbox_key.expose().as_bytes()).into();
    if !ip.is_loopback() || !matches!(name, "127.0.0.1" | "localhost" | "[::1]") {
        return Err(crate::error::ApiError::NotFound(msg!("service-no-such-route")));
    }
    if !key_matches {
        return Err(crate::error::ApiError::Forbidden(msg!("service-outbox-key")));
    }
    let rows: Vec<(String, String, Option<String>, Option<String>, Option<Vec<u8>>, i64)> = crate::fetch_all!(
        &state.db,
        sqlx::query_as(
            "SELECT to_addr, channel, subject, body, sealed, created_at FROM messages ORDER BY id DESC LIMIT 500"
        )
    )?;
    // Every queued row has a channel this build sends on; one that does not is left out.
    let messages = rows
        .into_iter()
        .filter_map(|(to, channel, subject, body, sealed, at)| {
            let channel = Channel::parse(&channel)?;
            let body = crate::delivery::open_body(&state.config.server_key, &to, body, sealed).unwrap_or_default();
            Some(OutboxMessage { to, channel, subject, body, sent_at: rfc3339(at) })
        })
        .collect();
    Ok(Json(Outbox { messages }))
}
