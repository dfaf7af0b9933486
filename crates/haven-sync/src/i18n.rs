//! The language of a request: what its `Accept-Language` asks for, among the languages Haven
//! speaks (English when none, or no header). The service's sentences — error messages, the field
//! sentences of a 422, a push's refusals, the pages the emailed links open — are rendered in it.
//!
//! [`negotiate`] runs each request inside a task-local scope holding its language, and says it in
//! the answer (`Content-Language`, `Vary: Accept-Language`). Code running for the request reads it
//! with [`lang`]; a task it spawns does not inherit the scope (it sees English), so anything shown
//! to the requester is rendered before spawning, or is given the language explicitly.

use axum::extract::Request;
use axum::http::header::{ACCEPT_LANGUAGE, CONTENT_LANGUAGE, VARY};
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;
use haven_i18n::Lang;

tokio::task_local! {
    static LANG: Lang;
}

/// The language of the request being answered; English outside one (a worker, a spawned task, a
/// test calling a handler directly).
pub fn lang() -> Lang {
    LANG.try_with(|l| *l).unwrap_or(Lang::En)
}

/// The language `Accept-Language` asks for (English without the header, or with one Haven cannot
/// read or speaks none of).
pub fn requested(headers: &axum::http::HeaderMap) -> Lang {
    headers.get(ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).map_or(Lang::En, Lang::negotiate)
}

/// The middleware (`axum::middleware::from_fn`): answers the request in its language. A response
/// that already says its language (a download: in the language it was asked for in) keeps it.
pub async fn negotiate(req: Request, next: Next) -> Response {
    let lang = requested(req.headers());
    let mut resp = LANG.scope(lang, next.run(req)).await;
    let h = resp.headers_mut();
    if !h.contains_key(CONTENT_LANGUAGE) {
        h.insert(CONTENT_LANGUAGE, HeaderValue::from_static(lang.code()));
    }
    let varies = h.get_all(VARY).iter().any(|v| {
        v.to_str()
            .is_ok_and(|v| v.split(',').any(|n| n.trim() == "*" || n.trim().eq_ignore_ascii_case("accept-language")))
    });
    if !varies {
        h.append(VARY, HeaderValue::from_static("accept-language"));
    }
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_scoped_language_is_seen_inside_only() {
        assert_eq!(lang(), Lang::En);
        assert_eq!(LANG.scope(Lang::Ar, async { lang() }).await, Lang::Ar);
        // A spawned task does not inherit it.
        let spawned = LANG.scope(Lang::Es, async { tokio::spawn(async { lang() }).await.expect("join") }).await;
        assert_eq!(spawned, Lang::En);
        let mut h = axum::http::HeaderMap::new();
        assert_eq!(requested(&h), Lang::En);
        h.insert(ACCEPT_LANGUAGE, HeaderValue::from_static("es-MX,es;q=0.9,en;q=0.8"));
        assert_eq!(requested(&h), Lang::Es);
    }
}
