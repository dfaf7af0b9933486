//! The HTTP surface. One file per area; every handler returns `ApiResult`.

mod accounts;
mod admin;
mod auth;
mod consent;
mod exports;
mod factors;
mod me;
mod pages;
mod password;
mod patients;
mod public;
mod second_factor;
pub mod sync;

pub use consent::{consent_state, current_consent_version};

use crate::config::Delivery;
use crate::error::ApiError;
use crate::AppState;
use axum::extract::DefaultBodyLimit;
use axum::response::IntoResponse;
use axum::routing::{delete, get, post, put};
use axum::Router;
use haven_i18n::msg;
use tower_http::catch_panic::CatchPanicLayer;

/// Largest request body, except sync pushes (issue 6: 5 MiB on their own route).
pub const BODY_LIMIT: usize = 1024 * 1024;
pub const SYNC_BODY_LIMIT: usize = 5 * 1024 * 1024;

/// Every route this build serves, as (method, OpenAPI path). The OpenAPI document and the route
/// inventory test are checked against this list.
pub const ROUTES: &[(&str, &str)] = &[
    ("get", "/health"),
    ("get", "/v1/ready"),
    ("get", "/openapi.json"),
    ("post", "/v1/invites"),
    ("get", "/v1/invites/{token}"),
    ("post", "/v1/accounts"),
    ("post", "/v1/accounts/verify-email"),
    ("post", "/v1/accounts/resend-verification"),
    ("post", "/v1/auth/login"),
    ("post", "/v1/auth/refresh"),
    ("post", "/v1/auth/logout"),
    ("get", "/v1/auth/challenges/{id}/sms"),
    ("post", "/v1/auth/challenges/{id}/sms"),
    ("post", "/v1/auth/challenges/{id}/verify"),
    ("post", "/v1/auth/reauth"),
    ("post", "/v1/auth/password-reset"),
    ("post", "/v1/auth/password-reset/check"),
    ("post", "/v1/auth/password-reset/sms"),
    ("post", "/v1/auth/password-reset/complete"),
    ("get", "/v1/me"),
    ("put", "/v1/me/phone"),
    ("post", "/v1/me/phone/verify"),
    ("post", "/v1/me/totp"),
    ("post", "/v1/me/totp/confirm"),
    ("put", "/v1/me/two-step"),
    ("post", "/v1/me/recovery-codes"),
    ("put", "/v1/me/settings"),
    ("put", "/v1/me/password"),
    ("get", "/v1/me/devices"),
    ("delete", "/v1/me/devices/{id}"),
    ("post", "/v1/me/disclaimer"),
    ("post", "/v1/deployments"),
    ("get", "/v1/deployments/{id}"),
    ("put", "/v1/deployments/{id}/policy"),
    ("get", "/v1/deployments/{id}/users"),
    ("post", "/v1/users/{id}/unblock"),
    ("post", "/v1/users/{id}/unlock"),
    ("post", "/v1/users/{id}/resend-invite"),
    ("get", "/v1/audit"),
    ("post", "/v1/sync/push"),
    ("get", "/v1/sync/pull"),
    ("get", "/v1/legal"),
    ("get", "/v1/legal/{slug}"),
    ("get", "/v1/me/consent"),
    ("post", "/v1/me/consent"),
    ("post", "/v1/me/consent/withdraw"),
    ("post", "/v1/me/exports"),
    ("get", "/v1/me/exports"),
    ("get", "/v1/me/exports/{id}"),
    ("get", "/v1/me/exports/{id}/file"),
    ("get", "/v1/me/events"),
    ("get", "/v1/patients"),
    ("get", "/v1/patients/{id}/observations"),
];

/// Only present with development delivery.
pub const DEV_ROUTES: &[(&str, &str)] = &[("get", "/v1/dev/outbox")];

pub fn router(state: AppState) -> Router {
    let mut r = Router::new()
        .route("/health", get(public::health))
        .route("/v1/ready", get(public::ready))
        // The pages the emailed links open (HTML, not part of the JSON API).
        .route("/verify-email", get(pages::verify_email_page).post(pages::verify_email_submit))
        .route("/invite/{token}", get(pages::invite_page))
        .route("/reset-password", get(pages::reset_password_page))
        .route("/openapi.json", get(public::openapi))
        .route("/v1/invites", post(accounts::create_invite))
        .route("/v1/invites/{token}", get(accounts::get_invite))
        .route("/v1/accounts", post(accounts::create_account))
        .route("/v1/accounts/verify-email", post(accounts::verify_email))
        .route("/v1/accounts/resend-verification", post(accounts::resend_verification))
        .route("/v1/auth/login", post(auth::login))
        .route("/v1/auth/refresh", post(auth::refresh))
        .route("/v1/auth/logout", post(auth::logout))
        .route("/v1/auth/challenges/{id}/sms", get(second_factor::sms_delivery).post(second_factor::resend_sms))
        .route("/v1/auth/challenges/{id}/verify", post(second_factor::verify))
        .route("/v1/auth/reauth", post(second_factor::reauth))
        .route("/v1/auth/password-reset", post(password::request))
        .route("/v1/auth/password-reset/check", post(password::check))
        .route("/v1/auth/password-reset/sms", post(password::sms_delivery))
        .route("/v1/auth/password-reset/complete", post(password::complete))
        .route("/v1/me", get(me::me))
        .route("/v1/me/phone", put(factors::put_phone))
        .route("/v1/me/phone/verify", post(factors::verify_phone))
        .route("/v1/me/totp", post(factors::enrol_totp))
        .route("/v1/me/totp/confirm", post(factors::confirm_totp))
        .route("/v1/me/two-step", put(factors::set_two_step))
        .route("/v1/me/recovery-codes", post(factors::new_recovery_codes))
        .route("/v1/me/settings", put(factors::settings))
        .route("/v1/me/password", put(password::change))
        .route("/v1/me/devices", get(factors::devices))
        .route("/v1/me/devices/{id}", delete(factors::forget_device))
        .route("/v1/me/disclaimer", post(factors::disclaimer))
        .route("/v1/deployments", post(admin::create_deployment))
        .route("/v1/deployments/{id}", get(admin::get_deployment))
        .route("/v1/deployments/{id}/policy", put(admin::put_policy))
        .route("/v1/deployments/{id}/users", get(admin::list_users))
        .route("/v1/users/{id}/unblock", post(admin::unblock))
        .route("/v1/users/{id}/unlock", post(admin::unlock))
        .route("/v1/users/{id}/resend-invite", post(admin::resend_invite))
        .route("/v1/audit", get(admin::audit))
        // Sync pushes may be up to 5 MiB (the contract); everything else 1 MiB.
        .route("/v1/sync/push", post(sync::push).layer(DefaultBodyLimit::max(SYNC_BODY_LIMIT)))
        .route("/v1/sync/pull", get(sync::pull))
        .route("/v1/legal", get(consent::list))
        .route("/v1/legal/{slug}", get(consent::get))
        .route("/v1/me/consent", get(consent::get_consent).post(consent::sign))
        .route("/v1/me/consent/withdraw", post(consent::withdraw))
        .route("/v1/me/exports", post(exports::create).get(exports::list))
        .route("/v1/me/exports/{id}", get(exports::get))
        .route("/v1/me/exports/{id}/file", get(exports::file))
        .route("/v1/me/events", get(exports::events))
        .route("/v1/patients", get(patients::list))
        .route("/v1/patients/{id}/observations", get(patients::observations));
    if state.config.delivery == Delivery::Dev {
        r = r.route("/v1/dev/outbox", get(public::dev_outbox));
    }
    r.fallback(fallback)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(axum::middleware::from_fn(refuse_nul_in_address))
        // Request log: method, route *pattern* (never the concrete path, which can carry an
        // invite token), status and latency. Bodies and headers are never logged.
        .layer(tower_http::trace::TraceLayer::new_for_http().make_span_with(
            |req: &axum::http::Request<axum::body::Body>| {
                let route = req
                    .extensions()
                    .get::<axum::extract::MatchedPath>()
                    .map(|m| m.as_str().to_owned())
                    .unwrap_or_else(|| "<unrouted>".into());
                tracing::info_span!("http", method = %req.method(), route = %route)
            },
        ))
        .layer(CatchPanicLayer::custom(on_panic))
        // Outermost: every answer made inside — a handler's error, an extractor's rejection, the
        // 404 and 405 fallbacks, a caught panic — is worded in the request's language.
        .layer(axum::middleware::from_fn(crate::i18n::negotiate))
        .with_state(state)
}

/// An API address whose path or query decodes to U+0000 (`%00`) is refused before any handler
/// reads it: PostgreSQL cannot compare such text, so an id or token carrying one would otherwise
/// be a 500 there and a 404 on SQLite. (The emailed links' pages answer it with their own page.)
async fn refuse_nul_in_address(req: axum::extract::Request, next: axum::middleware::Next) -> axum::response::Response {
    let uri = req.uri();
    let nul = |s: &str| s.as_bytes().windows(3).any(|w| w.eq_ignore_ascii_case(b"%00"));
    if uri.path().starts_with("/v1/") && (nul(uri.path()) || uri.query().is_some_and(nul)) {
        return ApiError::InvalidRequest(msg!("service-nul-character")).into_response();
    }
    next.run(req).await
}

async fn fallback() -> ApiError {
    ApiError::NotFound(msg!("service-no-such-route"))
}

async fn method_not_allowed() -> ApiError {
    ApiError::MethodNotAllowed
}

fn on_panic(_: Box<dyn std::any::Any + Send + 'static>) -> axum::response::Response {
    ApiError::internal("handler panicked").into_response()
}
