//! The pages the emailed links open: a verification link's page verifies only by its button
//! (mail scanners open links first), the invitation and reset links say what to do in the app,
//! and every page is plain, escaped HTML that keeps the token to itself.

use crate::common::*;
use serde_json::json;

/// GET (and POST as a form) on the service's own address, answering status, headers and HTML.
async fn page(
    api: &Api,
    method: reqwest::Method,
    path_and_query: &str,
    form: Option<&[(&str, &str)]>,
) -> (u16, reqwest::header::HeaderMap, String) {
    let mut req = api.http.request(method, format!("{}{path_and_query}", api.base));
    if let Some(f) = form {
        req = req.form(f);
    }
    let resp = req.send().await.expect("http");
    let (status, headers) = (resp.status().as_u16(), resp.headers().clone());
    (status, headers, resp.text().await.expect("html"))
}

/// The emailed link, on this service instead of `public_url` (https://haven.test in tests).
fn on_service(link: &str) -> String {
    link.strip_prefix("https://haven.test").expect("a link to public_url").to_owned()
}

fn link_in(body: &str, path: &str) -> String {
    let start = body.find(&format!("https://haven.test{path}")).expect("link in the mail");
    body[start..].split_whitespace().next().expect("link").to_owned()
}

#[tokio::test]
async fn the_verification_link_opens_a_page_whose_button_verifies_the_email() {
    let api = Api::start().await;
    let (dep, admin) = api.admin("ada@clinic.test").await;
    let t = api.invite(&admin, &dep, "vic@x.test", "patient").await;
    let body = json!({"invite_token": t, "name": "Vic", "password": PASSWORD, "accept_terms": true});
    api.post("/v1/accounts", body, None).await.expect(201);
    let mail = api.smtp().wait_for("vic@x.test", 2).await;
    assert!(mail.body.contains("within 24 hours") && mail.body.contains("Send a new link"), "{}", mail.body);
    let link = on_service(&link_in(&mail.body, "/verify-email?token="));

    // Opening the link (as a mail scanner would) changes nothing.
    let (status, headers, html) = page(&api, reqwest::Method::GET, &link, None).await;
    assert_eq!(status, 200, "{html}");
    assert!(
        html.contains("<form method=\"post\" action=\"verify-email\">") && html.contains("Verify my email"),
        "{html}"
    );
    assert_eq!(headers["content-type"], "text/html; charset=utf-8");
    assert_eq!(headers["referrer-policy"], "no-referrer", "the token would leak in the Referer");
    assert_eq!(headers["cache-control"], "no-store");
    assert!(headers["content-security-policy"].to_str().expect("csp").contains("default-src 'none'"));
    assert_eq!(api.login("vic@x.test", PASSWORD).await.expect(200)["status"], "email_verification_required");

    // The button verifies; pressing it again is harmless.
    let token = link.rsplit("token=").next().expect("token").to_owned();
    for _ in 0..2 {
        let (status, _, html) = page(&api, reqwest::Method::POST, "/verify-email", Some(&[("token", &token)])).await;
        assert_eq!(status, 200, "{html}");
        assert!(html.contains("Your email is verified") && html.contains("sign in"), "{html}");
    }
    api.login_ok("vic@x.test", PASSWORD).await;

    // A wrong token says so on the page, in words.
    let (status, _, html) = page(&api, reqwest::Method::POST, "/verify-email", Some(&[("token", "hve_nope")])).await;
    assert_eq!(status, 404);
    assert!(html.contains("not valid") && html.contains("Send a new link"), "{html}");
    let (status, _, html) = page(&api, reqwest::Method::GET, "/verify-email", None).await;
    assert_eq!(status, 400);
    assert!(html.contains("incomplete"), "{html}");
}

#[tokio::test]
async fn invitation_and_reset_links_open_pages_that_say_what_to_do_and_escape_what_they_show() {
    let api = Api::start().await;
    let (dep, admin) = api.admin("ada@clinic.test").await;
    let t = api.invite(&admin, &dep, "ivy@x.test", "patient").await;
    let mail = api.smtp().to("ivy@x.test").pop().expect("invite mail");
    let (status, _, html) = page(&api, reqwest::Method::GET, &on_service(&link_in(&mail.body, "/invite/")), None).await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains("St Elsewhere") && html.contains("ivy@x.test") && html.contains(&t), "{html}");
    assert!(html.contains("Have an invitation? Create your account"), "{html}");
    let (status, _, html) = page(&api, reqwest::Method::GET, "/invite/hvi_unknown", None).await;
    assert_eq!(status, 404);
    assert!(html.contains("does not exist"), "{html}");

    api.accept_invite(&t, "ivy@x.test", "Ivy").await;
    let before = api.smtp().to("ivy@x.test").len();
    api.post("/v1/auth/password-reset", json!({"email": "ivy@x.test"}), None).await.expect(202);
    let mail = api.smtp().wait_for("ivy@x.test", before + 1).await;
    let link = on_service(&link_in(&mail.body, "/reset-password?token="));
    let (status, _, html) = page(&api, reqwest::Method::GET, &link, None).await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains("Forgot your password?") && html.contains("hvp_"), "{html}");

    // A crafted link cannot put its words or markup on the page: only a token's shape is shown.
    for crafted in [
        "/reset-password?token=%3Cscript%3Ealert(1)%3C/script%3E",
        "/reset-password?token=hvp_Call%20555%200100%20to%20finish%20your%20reset",
        "/verify-email?token=hve_%22%3E%3Cimg%20src%3Dx%3E_padding_padding",
    ] {
        let (status, _, html) = page(&api, reqwest::Method::GET, crafted, None).await;
        assert_eq!(status, 400, "{crafted}: {html}");
        assert!(!html.contains("<script>") && !html.contains("<img") && !html.contains("Call 555"), "{html}");
    }

    // A link or a form the service cannot read (a repeated token, a body that is not a form) gets
    // the page that says so, in the language asked for, not the framework's plain English.
    let es = |r: reqwest::RequestBuilder| r.header("accept-language", "es");
    for req in [
        es(api.http.get(format!("{}/verify-email?token=hve_a&token=hve_b", api.base))),
        es(api.http.get(format!("{}/reset-password?token=hvp_a&token=hvp_b", api.base))),
        es(api.http.post(format!("{}/verify-email", api.base)).json(&serde_json::json!({"token": "hve_x"}))),
    ] {
        let resp = req.send().await.expect("http");
        let (status, kind) = (resp.status().as_u16(), resp.headers()["content-type"].to_str().unwrap_or("").to_owned());
        let html = resp.text().await.expect("body");
        assert_eq!(status, 400, "{html}");
        assert!(kind.starts_with("text/html") && html.contains("lang=\"es\""), "{kind}: {html}");
        assert!(!html.contains("Failed to") && !html.contains("Form requests"), "{html}");
    }
}
