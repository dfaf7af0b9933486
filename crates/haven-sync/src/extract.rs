//! Extractors: JSON bodies whose every rejection has the contract's error shape, the client
//! address, and the authenticated caller.

use crate::crypto::hash_token;
use crate::error::ApiError;
use crate::AppState;
use axum::extract::rejection::JsonRejection;
use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{header, StatusCode};
use haven_api::Role;
use haven_i18n::msg;
use serde::de::DeserializeOwned;
use std::net::{IpAddr, SocketAddr};

/// `axum::Json` with contract-shaped rejections: malformed JSON, wrong types and unknown fields
/// are 400 `invalid_request`, oversize bodies 413, a missing JSON content type 415, and a value
/// outside a closed set (`"format": "xlsx"`) is 422 naming the field, like the handlers' own
/// checks of a field.
///
/// U+0000 anywhere in the body is 400: PostgreSQL cannot hold it in text (a lookup by such a
/// string fails), so both backends refuse it alike.
pub struct ApiJson<T>(pub T);

/// [`ApiJson`] for a body of items each answered on its own (a sync push): U+0000 is left for
/// the handler to refuse in the item that holds it, so one bad value does not hold back the rest.
pub struct ApiJsonItems<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        read_json(req, state, true).await.map(ApiJson)
    }
}

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJsonItems<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        read_json(req, state, false).await.map(ApiJsonItems)
    }
}

async fn read_json<T: DeserializeOwned, S: Send + Sync>(
    req: Request,
    state: &S,
    refuse_nul: bool,
) -> Result<T, ApiError> {
    if !json_content_type(req.headers()) {
        return Err(ApiError::UnsupportedMediaType);
    }
    let bytes = match axum::body::Bytes::from_request(req, state).await {
        Ok(b) => b,
        Err(rej) if rej.status() == StatusCode::PAYLOAD_TOO_LARGE => return Err(ApiError::PayloadTooLarge),
        Err(rej) => return Err(ApiError::InvalidRequest(msg!("service-unreadable-body", detail = rej.body_text()))),
    };
    match axum::Json::<T>::from_bytes(&bytes) {
        Ok(_) if refuse_nul && has_nul_escape(&bytes) => Err(ApiError::InvalidRequest(msg!("service-nul-character"))),
        Ok(axum::Json(v)) => Ok(v),
        Err(rej) => Err(match rej {
            JsonRejection::MissingJsonContentType(_) => ApiError::UnsupportedMediaType,
            // The detail is serde's or hyper's own words (English, for developers).
            JsonRejection::JsonSyntaxError(e) => {
                ApiError::InvalidRequest(msg!("service-malformed-json", detail = e.body_text()))
            }
            JsonRejection::JsonDataError(e) => unknown_variant(&e)
                .unwrap_or_else(|| ApiError::InvalidRequest(msg!("service-invalid-body", detail = e.body_text()))),
            other if other.status() == StatusCode::PAYLOAD_TOO_LARGE => ApiError::PayloadTooLarge,
            other => ApiError::InvalidRequest(msg!("service-unreadable-body", detail = other.body_text())),
        }),
    }
}

/// A JSON body's declared type: `application/json` or a `+json` type, as `axum::Json` accepts.
fn json_content_type(headers: &axum::http::HeaderMap) -> bool {
    let Some(value) = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()) else { return false };
    let essence = value.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    essence == "application/json" || (essence.starts_with("application/") && essence.ends_with("+json"))
}

/// Whether a (well-formed) JSON text holds U+0000 in a string: JSON can only write it `\u0000`,
/// and that is an escape when an odd number of backslashes precede the `u` (`\\u0000` is a
/// backslash and the text `u0000`).
pub fn has_nul_escape(json: &[u8]) -> bool {
    json.windows(6)
        .enumerate()
        .any(|(i, w)| w == b"\\u0000" && json[..i].iter().rev().take_while(|&&b| b == b'\\').count() % 2 == 0)
}

/// The field error for a value outside a closed set, if that is what the body's problem is.
fn unknown_variant(e: &(dyn std::error::Error + 'static)) -> Option<ApiError> {
    let mut cause = Some(e);
    while let Some(err) = cause {
        if let Some(e) = err.downcast_ref::<serde_path_to_error::Error<serde_json::Error>>() {
            let message = e.inner().to_string();
            // serde says: unknown variant `xlsx`, expected one of `csv`, `pdf`, `fhir` at line 1 …
            // (the last "expected" is serde's: the value sent may hold the word too).
            let expected = message.strip_prefix("unknown variant ")?.rsplit_once(", expected")?.1;
            let choices: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
            return Some(ApiError::field(
                &e.path().to_string(),
                msg!("service-choose-one-of", choices = choices.join(", ")),
            ));
        }
        cause = err.source();
    }
    None
}

/// A path parameter with contract-shaped rejections (e.g. invalid UTF-8 is 400, not plain text).
pub struct ApiPath<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for ApiPath<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Path::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Path(v)| ApiPath(v))
            .map_err(|e| ApiError::InvalidRequest(msg!("service-bad-path", detail = e.body_text())))
    }
}

/// The client's address: the peer of the connection, or — when that peer is a configured trusted
/// proxy — the address its `X-Forwarded-For` names.
#[derive(Debug, Clone, Copy)]
pub struct ClientIp(pub IpAddr);

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ci| ci.0.ip())
            .ok_or_else(|| ApiError::internal("no connect info on request"))?;
        Ok(ClientIp(client_ip(peer, &parts.headers, &state.config.trusted_proxies)))
    }
}

/// Each proxy appends the address it received from, so the list is read from the right: the
/// first address that is not a trusted proxy is the client (the entries left of it were written
/// by the client itself and prove nothing). A peer that is not trusted is the client.
pub fn client_ip(peer: IpAddr, headers: &axum::http::HeaderMap, trusted: &[ipnet::IpNet]) -> IpAddr {
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|n| n.contains(&canonical(*ip)));
    let peer = canonical(peer);
    if !is_trusted(&peer) {
        return peer;
    }
    let hops: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect();
    let mut client = peer;
    for hop in hops.iter().rev() {
        // Some proxies add the port. Past an entry that is not an address, nothing is believed.
        let Some(ip) = hop.parse::<IpAddr>().ok().or_else(|| hop.parse::<SocketAddr>().ok().map(|s| s.ip())) else {
            break;
        };
        client = canonical(ip);
        if !is_trusted(&client) {
            break;
        }
    }
    client
}

/// An IPv4 address seen through an IPv6 socket (::ffff:a.b.c.d) as the IPv4 address.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

impl ClientIp {
    pub fn to_string_opt(&self) -> Option<String> {
        Some(self.0.to_string())
    }
}

/// The caller of an authenticated route, from `Authorization: Bearer <access_token>`.
#[derive(Debug, Clone)]
pub struct AuthUser {
    pub user_id: String,
    pub session_id: String,
    pub role: Role,
    pub deployment_id: String,
}

impl AuthUser {
    pub fn require_admin(&self) -> Result<(), ApiError> {
        if self.role == Role::Admin {
            Ok(())
        } else {
            Err(ApiError::Forbidden(msg!("service-admin-only")))
        }
    }
}

pub fn bearer(parts: &Parts) -> Option<&str> {
    let v = parts.headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = v.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then_some(token.trim())
}

impl FromRequestParts<AppState> for AuthUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let token = bearer(parts).ok_or_else(|| ApiError::Unauthenticated(msg!("service-sign-in-first")))?;
        let now = state.now();
        let row: Option<(String, String, String, String, Option<i64>)> = crate::fetch_optional!(
            &state.db,
            sqlx::query_as(
                "SELECT u.id, s.id, u.role, u.deployment_id, u.locked_at
             FROM access_tokens a JOIN sessions s ON s.id = a.session_id JOIN users u ON u.id = s.user_id
             WHERE a.token_hash = $1 AND a.expires_at > $2 AND s.revoked_at IS NULL",
            )
            .bind(hash_token(token))
            .bind(now)
        )?;
        let (user_id, session_id, role, deployment_id, locked_at) =
            row.ok_or_else(|| ApiError::Unauthenticated(msg!("service-access-token-invalid")))?;
        if locked_at.is_some() {
            return Err(ApiError::Forbidden(msg!("service-account-locked")));
        }
        let role = Role::parse(&role).ok_or_else(|| ApiError::internal("bad role in database"))?;
        Ok(AuthUser { user_id, session_id, role, deployment_id })
    }
}

/// A user part-way through sign-in whose deployment requires a factor they have not set up:
/// authenticated by the setup token from `setup_required`, accepted only by the set-up routes.
#[derive(Debug, Clone)]
pub struct SetupCaller {
    pub user_id: String,
    pub challenge_id: String,
}

/// Either a signed-in session or a set-up token (`hvs_…`).
#[derive(Debug, Clone)]
pub enum Principal {
    User(AuthUser),
    Setup(SetupCaller),
}

impl Principal {
    pub fn user_id(&self) -> &str {
        match self {
            Principal::User(u) => &u.user_id,
            Principal::Setup(s) => &s.user_id,
        }
    }
}

impl FromRequestParts<AppState> for Principal {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let token = bearer(parts).ok_or_else(|| ApiError::Unauthenticated(msg!("service-sign-in-first")))?;
        if !token.starts_with("hvs_") {
            return AuthUser::from_request_parts(parts, state).await.map(Principal::User);
        }
        let row: Option<(String, String, Option<i64>)> = crate::fetch_optional!(&state.db, sqlx::query_as(
            "SELECT c.id, c.user_id, u.locked_at FROM challenges c JOIN users u ON u.id = c.user_id
             WHERE c.setup_token_hash = $1 AND c.kind = 'setup' AND c.completed_at IS NULL AND c.dead_at IS NULL AND c.expires_at > $2",
        )
        .bind(hash_token(token))
        .bind(state.now()))?;
        let (challenge_id, user_id, locked_at) =
            row.ok_or_else(|| ApiError::Unauthenticated(msg!("service-setup-token-invalid")))?;
        if locked_at.is_some() {
            return Err(ApiError::Forbidden(msg!("service-account-locked")));
        }
        Ok(Principal::Setup(SetupCaller { user_id, challenge_id }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderMap;

    fn xff(values: &[&str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for v in values {
            h.append("x-forwarded-for", v.parse().expect("header"));
        }
        h
    }

    #[test]
    fn only_an_escape_of_u0000_is_nul() {
        assert!(has_nul_escape(br#"{"a": "x\u0000"}"#));
        assert!(has_nul_escape(br#"{"a": "\\\u0000"}"#));
        assert!(!has_nul_escape(br#"{"a": "x\\u0000"}"#));
        assert!(!has_nul_escape(br#"{"a": "\u0001 u0000"}"#));
        assert!(has_nul_escape(br#"\u0000"#));
    }

    #[test]
    fn forwarded_for_is_believed_only_from_trusted_proxies() {
        let lb: IpAddr = [10, 0, 0, 5].into();
        let trusted = [crate::config::parse_network("10.0.0.0/24").expect("net")];
        let client: IpAddr = [203, 0, 113, 7].into();
        // No trusted proxy configured, or a peer outside them: the header is ignored.
        assert_eq!(client_ip(lb, &xff(&["203.0.113.7"]), &[]), lb);
        assert_eq!(client_ip(client, &xff(&["198.51.100.1"]), &trusted), client);
        // Behind the balancer: the rightmost address it did not add itself.
        assert_eq!(client_ip(lb, &xff(&["203.0.113.7"]), &trusted), client);
        assert_eq!(client_ip(lb, &xff(&["1.1.1.1, 203.0.113.7"]), &trusted), client, "a forged left entry is ignored");
        assert_eq!(client_ip(lb, &xff(&["203.0.113.7, 10.0.0.9"]), &trusted), client, "a chain of trusted proxies");
        assert_eq!(client_ip(lb, &xff(&["1.1.1.1", "203.0.113.7:4711"]), &trusted), client, "two headers, a port");
        assert_eq!(client_ip(lb, &xff(&["203.0.113.7, garbage"]), &trusted), lb, "nothing left of garbage");
        assert_eq!(client_ip(lb, &HeaderMap::new(), &trusted), lb);
        // IPv4 through an IPv6 socket.
        let mapped: IpAddr = "::ffff:10.0.0.5".parse().expect("ip");
        assert_eq!(client_ip(mapped, &xff(&["203.0.113.7"]), &trusted), client);
        assert!(crate::config::parse_network("10.0.0.1").is_ok());
        assert!(crate::config::parse_network("fd00::/8").is_ok());
        assert!(crate::config::parse_network("10.0.0.0/33").is_err());
    }
}
