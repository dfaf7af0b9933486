//! The pages the links in Haven's emails open, served by the service at `public_url`: verifying
//! an email address, an invitation, a password reset. Plain HTML without scripts or outside
//! resources; every value put in a page is escaped.
//!
//! Opening a link changes nothing: mail scanners fetch links before people do, so the address
//! is verified only by the page's button (a POST). The token stays out of the `Referer` and
//! caches.

use super::accounts::{find_invite, verify_email_token};
use crate::error::ApiError;
use crate::extract::ClientIp;
use crate::AppState;
use axum::extract::{Form, Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct TokenQuery {
    #[serde(default)]
    token: String,
}

/// Text made safe to put in HTML, in element content and in quoted attributes.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A whole page: `title` and `body` (already HTML; callers escape what they put in it).
fn page(status: StatusCode, title: &str, body: &str) -> Response {
    let html = format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title} · Haven</title><style>{STYLE}</style></head>\
         <body><main><h1>{title}</h1>{body}</main></body></html>\n",
        title = escape(title)
    );
    let mut resp = (status, html).into_response();
    let h = resp.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        ),
    );
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    resp
}

const STYLE: &str = "body{margin:0;font:17px/1.5 system-ui,sans-serif;color:#1d2433;background:#f6f7f9}\
main{max-width:32rem;margin:0 auto;padding:2rem 1rem}h1{font-size:1.5rem}\
button{font:inherit;padding:.6rem 1rem;border:0;border-radius:.4rem;background:#1f6feb;color:#fff;cursor:pointer}\
code{font-family:'DejaVu Sans Mono',monospace;overflow-wrap:anywhere;background:#fff;padding:.1rem .3rem;border-radius:.2rem}\
.error{color:#b42318;font-weight:600}.hint{color:#5b6477}";

/// A moment as people read it: "30 November 2026, 14:05 UTC".
fn when(unix_s: i64) -> String {
    match time::OffsetDateTime::from_unix_timestamp(unix_s) {
        Ok(t) => format!("{} {} {}, {:02}:{:02} UTC", t.day(), t.month(), t.year(), t.hour(), t.minute()),
        Err(_) => crate::clock::rfc3339(unix_s),
    }
}

/// The sentence of a refusal, for a page (the internal detail stays in the log).
fn sentence(e: &ApiError) -> String {
    match e {
        ApiError::Internal(detail) => {
            tracing::error!(%detail, "internal error on a page");
            "Something went wrong on the server. Please try again in a minute.".to_owned()
        }
        other => other.to_string(),
    }
}

fn refused(title: &str, e: &ApiError, then: &str) -> Response {
    let status = e.status();
    page(status, title, &format!("<p class=\"error\">{}</p><p>{then}</p>", escape(&sentence(e))))
}

const MISSING: &str = "<p class=\"error\">This link is incomplete.</p>\
<p>Open the link from the email again, or copy all of it into Haven.</p>";

/// Whether `token` has the shape of one this service sends with `prefix`: the pages show only
/// such, so a crafted link cannot put other words on them.
fn token_shaped(token: &str, prefix: &str) -> bool {
    token.strip_prefix(prefix).is_some_and(|rest| {
        (20..=100).contains(&rest.len()) && rest.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    })
}

/// `GET /verify-email?token=…`: says what the button does; nothing is verified yet.
pub async fn verify_email_page(Query(q): Query<TokenQuery>) -> Response {
    if !token_shaped(&q.token, "hve_") {
        return page(StatusCode::BAD_REQUEST, "Verify your email", MISSING);
    }
    page(
        StatusCode::OK,
        "Verify your email",
        &format!(
            "<p>Confirm that this is your email address for Haven.</p>\
             <form method=\"post\" action=\"verify-email\">\
             <input type=\"hidden\" name=\"token\" value=\"{}\">\
             <button id=\"verify\" type=\"submit\">Verify my email</button></form>",
            escape(&q.token)
        ),
    )
}

/// `POST /verify-email` (the page's button): verifies, and says what to do next.
pub async fn verify_email_submit(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Form(q): Form<TokenQuery>,
) -> Response {
    match verify_email_token(&state, ip, q.token.trim()).await {
        Ok(()) => page(
            StatusCode::OK,
            "Your email is verified",
            "<p id=\"verified\">Thank you. Go back to Haven and sign in.</p>",
        ),
        Err(e) => refused(
            "Your email is not verified yet",
            &e,
            "If it still needs verifying, sign in to Haven and choose \"Send a new link\".",
        ),
    }
}

/// `GET /invite/{token}`: who is invited where, and how to accept in the app.
pub async fn invite_page(State(state): State<AppState>, ClientIp(ip): ClientIp, Path(token): Path<String>) -> Response {
    match find_invite(&state, ip, &token).await {
        Ok(row) => page(
            StatusCode::OK,
            "You are invited to Haven",
            &format!(
                "<p>{} invites <strong>{}</strong> to join Haven.</p>\
                 <p>Open Haven, choose <strong>Have an invitation? Create your account</strong>, and paste this \
                 link or the code from the email:</p><p><code id=\"invite-token\">{}</code></p>\
                 <p class=\"hint\">The invitation works until {}.</p>",
                escape(&row.deployment_name),
                escape(&row.email),
                escape(&token),
                escape(&when(row.expires_at)),
            ),
        ),
        Err(e) => refused("This invitation cannot be used", &e, "Ask the person who invited you to send a new one."),
    }
}

/// `GET /reset-password?token=…`: how to finish the reset in the app (it asks for the new
/// password and, with two-step verification on, a code).
pub async fn reset_password_page(Query(q): Query<TokenQuery>) -> Response {
    if !token_shaped(&q.token, "hvp_") {
        return page(StatusCode::BAD_REQUEST, "Choose a new password", MISSING);
    }
    page(
        StatusCode::OK,
        "Choose a new password",
        &format!(
            "<p>Open Haven, choose <strong>Forgot your password?</strong>, then <strong>I have the link</strong>, \
             and paste this code:</p><p><code id=\"reset-token\">{}</code></p>\
             <p class=\"hint\">It works once, for 30 minutes after it was sent.</p>",
            escape(&q.token)
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::{escape, when};

    #[test]
    fn times_read_as_dates() {
        assert_eq!(when(1_796_047_500), "30 November 2026, 14:05 UTC");
    }

    #[test]
    fn everything_put_in_a_page_is_escaped() {
        assert_eq!(
            escape(r#"<script>"a" & 'b'</script>"#),
            "&lt;script&gt;&quot;a&quot; &amp; &#39;b&#39;&lt;/script&gt;"
        );
    }
}
