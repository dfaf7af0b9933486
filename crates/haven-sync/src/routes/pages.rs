//! The pages the links in Haven's emails open, served by the service at `public_url`: verifying
//! an email address, an invitation, a password reset. Plain HTML without scripts or outside
//! resources; every value put in a page is escaped.
//!
//! Opening a link changes nothing: mail scanners fetch links before people do, so the address
//! is verified only by the page's button (a POST). The token stays out of the `Referer` and
//! caches.
//!
//! A page is in the language the browser asks for (`Accept-Language`, see [`crate::i18n`]); it
//! names the app's buttons with the app's own words for them.

use super::accounts::{find_invite, verify_email_token};
use crate::error::ApiError;
use crate::extract::ClientIp;
use crate::AppState;
use axum::extract::rejection::{FormRejection, PathRejection, QueryRejection};
use axum::extract::{Form, Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use haven_i18n::{msg, Dir, Lang, Msg};
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

/// The catalogue's words made safe in element content (quotes, which only attributes need
/// escaped, are kept as they are written).
fn words(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// A message as HTML: its words escaped, and each of `parts` (HTML, escaped by the caller) put
/// where the message places its argument of that name.
fn html(lang: Lang, m: Msg, parts: &[(&'static str, String)]) -> String {
    // Each part is a private-use character while the words are escaped, then its HTML, put in
    // one pass; the message's own arguments (a name someone typed) cannot carry such a character.
    let marker = |i: usize| char::from_u32(0xE000 + i as u32).unwrap_or('\u{E000}');
    let is_marker = |c: char| ('\u{E000}'..='\u{E0FF}').contains(&c);
    let mut args: Vec<(&'static str, haven_i18n::Arg)> = m
        .args
        .into_iter()
        .map(|(k, v)| match v {
            haven_i18n::Arg::Str(s) => (k, haven_i18n::Arg::Str(s.replace(is_marker, ""))),
            n => (k, n),
        })
        .collect();
    for (i, (name, _)) in parts.iter().enumerate() {
        args.push((name, marker(i).to_string().into()));
    }
    let mut out = String::new();
    for c in words(&Msg { id: m.id, args }.render(lang)).chars() {
        match parts.get((c as u32).wrapping_sub(0xE000) as usize).filter(|_| is_marker(c)) {
            Some((_, part)) => out.push_str(part),
            None => out.push(c),
        }
    }
    out
}

/// A whole page, in the request's language: `title` (text) and `body` (already HTML; callers
/// escape what they put in it).
fn page(status: StatusCode, title: &str, body: &str) -> Response {
    let lang = crate::i18n::lang();
    let dir = match lang.dir() {
        Dir::Rtl => " dir=\"rtl\"",
        Dir::Ltr => "",
    };
    let html = format!(
        "<!doctype html>\n<html lang=\"{code}\"{dir}><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title} · Haven</title><style>{STYLE}</style></head>\
         <body><main><h1>{title}</h1>{body}</main></body></html>\n",
        code = lang.code(),
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

/// A moment as people read it: "30 November 2026, 14:05 UTC" (in English; other languages
/// write the date their way).
fn when(lang: Lang, unix_s: i64) -> String {
    match time::OffsetDateTime::from_unix_timestamp(unix_s) {
        Ok(t) if lang == Lang::En => {
            format!("{} {} {}, {:02}:{:02} UTC", t.day(), t.month(), t.year(), t.hour(), t.minute())
        }
        Ok(t) => format!(
            "{} UTC",
            lang.date_time(
                t.year(),
                u32::from(u8::from(t.month())),
                u32::from(t.day()),
                u32::from(t.hour()),
                u32::from(t.minute())
            )
        ),
        Err(_) => crate::clock::rfc3339(unix_s),
    }
}

/// The sentence of a refusal, for a page (the internal detail stays in the log).
fn sentence(lang: Lang, e: &ApiError) -> String {
    match e {
        ApiError::Internal(detail) => {
            tracing::error!(%detail, "internal error on a page");
            msg!("service-page-internal").render(lang)
        }
        other => other.message().render(lang),
    }
}

/// A refusal: `title`, the error's sentence, and what to do (`then`, HTML).
fn refused(title: Msg, e: &ApiError, then: &str) -> Response {
    let lang = crate::i18n::lang();
    let status = e.status();
    let body = format!("<p class=\"error\">{}</p><p>{then}</p>", escape(&sentence(lang, e)));
    page(status, &title.render(lang), &body)
}

/// A link without its token.
fn missing(title: Msg) -> Response {
    let lang = crate::i18n::lang();
    let body = format!(
        "<p class=\"error\">{}</p><p>{}</p>",
        words(&msg!("service-page-link-incomplete").render(lang)),
        words(&msg!("service-page-link-incomplete-hint").render(lang)),
    );
    page(StatusCode::BAD_REQUEST, &title.render(lang), &body)
}

/// Whether `token` has the shape of one this service sends with `prefix`: the pages show only
/// such, so a crafted link cannot put other words on them.
fn token_shaped(token: &str, prefix: &str) -> bool {
    token.strip_prefix(prefix).is_some_and(|rest| {
        (20..=100).contains(&rest.len()) && rest.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    })
}

/// The token of a link's query or a page's form; none when it cannot be read (a repeated
/// `token`, a body that is not a form): the page then says the link is incomplete, in the
/// request's language, instead of axum's plain English refusal.
fn token_of<T>(read: Result<T, impl std::fmt::Display>, token: impl FnOnce(T) -> String) -> String {
    // A token with U+0000 in it is no token this service sent (and PostgreSQL cannot look it up).
    read.map(token).ok().filter(|t| !t.contains('\0')).unwrap_or_default()
}

/// `GET /verify-email?token=…`: says what the button does; nothing is verified yet.
pub async fn verify_email_page(q: Result<Query<TokenQuery>, QueryRejection>) -> Response {
    let token = token_of(q, |Query(q)| q.token);
    if !token_shaped(&token, "hve_") {
        return missing(msg!("service-page-verify-title"));
    }
    let lang = crate::i18n::lang();
    page(
        StatusCode::OK,
        &msg!("service-page-verify-title").render(lang),
        &format!(
            "<p>{}</p>\
             <form method=\"post\" action=\"verify-email\">\
             <input type=\"hidden\" name=\"token\" value=\"{}\">\
             <button id=\"verify\" type=\"submit\">{}</button></form>",
            words(&msg!("service-page-verify-intro").render(lang)),
            escape(&token),
            words(&msg!("service-page-verify-button").render(lang)),
        ),
    )
}

/// `POST /verify-email` (the page's button): verifies, and says what to do next.
pub async fn verify_email_submit(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    q: Result<Form<TokenQuery>, FormRejection>,
) -> Response {
    let token = token_of(q, |Form(q)| q.token);
    if token.trim().is_empty() {
        return missing(msg!("service-page-not-verified-title"));
    }
    let lang = crate::i18n::lang();
    match verify_email_token(&state, ip, token.trim()).await {
        Ok(()) => page(
            StatusCode::OK,
            &msg!("service-page-verified-title").render(lang),
            &format!("<p id=\"verified\">{}</p>", words(&msg!("service-page-verified").render(lang))),
        ),
        Err(e) => refused(
            msg!("service-page-not-verified-title"),
            &e,
            // The app's own words for its button.
            &words(&msg!("service-page-not-verified", action = lang.tr("verify-email-resend")).render(lang)),
        ),
    }
}

/// `GET /invite/{token}`: who is invited where, and how to accept in the app.
pub async fn invite_page(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    token: Result<Path<String>, PathRejection>,
) -> Response {
    // A token that is not UTF-8 (`%FF`) is no invitation's: the page says the link is incomplete.
    let token = token_of(token, |Path(t)| t);
    if token.is_empty() {
        return missing(msg!("service-page-invite-refused-title"));
    }
    let lang = crate::i18n::lang();
    match find_invite(&state, ip, &token).await {
        Ok(row) => page(
            StatusCode::OK,
            &msg!("service-page-invite-title").render(lang),
            &format!(
                "<p>{}</p><p>{}</p><p><code id=\"invite-token\">{}</code></p><p class=\"hint\">{}</p>",
                html(
                    lang,
                    msg!("service-page-invite-who"),
                    &[
                        ("deployment", escape(&row.deployment_name)),
                        ("email", format!("<strong>{}</strong>", escape(&row.email))),
                    ],
                ),
                // The app's own words for its button.
                html(
                    lang,
                    msg!("service-page-invite-how"),
                    &[("action", format!("<strong>{}</strong>", escape(&lang.tr("sign-in-join"))))],
                ),
                escape(&token),
                words(&msg!("service-page-invite-until", until = when(lang, row.expires_at)).render(lang)),
            ),
        ),
        Err(e) => refused(
            msg!("service-page-invite-refused-title"),
            &e,
            &words(&msg!("service-page-invite-refused").render(lang)),
        ),
    }
}

/// `GET /reset-password?token=…`: how to finish the reset in the app (it asks for the new
/// password and, with two-step verification on, a code).
pub async fn reset_password_page(q: Result<Query<TokenQuery>, QueryRejection>) -> Response {
    let token = token_of(q, |Query(q)| q.token);
    if !token_shaped(&token, "hvp_") {
        return missing(msg!("service-page-reset-title"));
    }
    let lang = crate::i18n::lang();
    let strong = |label: String| format!("<strong>{}</strong>", escape(&label));
    page(
        StatusCode::OK,
        &msg!("service-page-reset-title").render(lang),
        &format!(
            "<p>{}</p><p><code id=\"reset-token\">{}</code></p><p class=\"hint\">{}</p>",
            // The app's own words for its buttons.
            html(
                lang,
                msg!("service-page-reset-how"),
                &[("forgot", strong(lang.tr("sign-in-forgot"))), ("have_link", strong(lang.tr("reset-have-link")))],
            ),
            escape(&token),
            words(&msg!("service-page-reset-once", minutes = super::password::RESET_TTL_S / 60).render(lang)),
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::{escape, html, when};
    use haven_i18n::{msg, Lang};

    #[test]
    fn times_read_as_dates() {
        assert_eq!(when(Lang::En, 1_796_047_500), "30 November 2026, 14:05 UTC");
        assert_eq!(when(Lang::Es, 1_796_047_500), "30 nov 2026, 14:05 UTC");
        assert!(when(Lang::Ar, 1_796_047_500).contains("٢٠٢٦"));
    }

    #[test]
    fn a_message_s_words_are_escaped_and_its_parts_put_in_as_html() {
        let who = html(
            Lang::En,
            msg!("service-page-invite-who"),
            &[("deployment", escape("A&B <Clinic>")), ("email", "<strong>p@x.org</strong>".into())],
        );
        assert_eq!(who, "A&amp;B &lt;Clinic&gt; invites <strong>p@x.org</strong> to join Haven.");
    }

    #[test]
    fn everything_put_in_a_page_is_escaped() {
        assert_eq!(
            escape(r#"<script>"a" & 'b'</script>"#),
            "&lt;script&gt;&quot;a&quot; &amp; &#39;b&#39;&lt;/script&gt;"
        );
    }
}
