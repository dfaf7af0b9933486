//! The webview shows only the app's own pages and never a service's markup.

use crate::prelude::*;
use haven_api::shell::SCREEN_STOPPED;

/// A service answer carrying markup (here the patient's name as the service returns it) is shown
/// as text, not turned into elements; the QR code is drawn by the app; and nothing — a script
/// setting the location, a form, a link (with or without a target), a refresh — takes the window
/// away from the app: the page they point at, served here, is never asked for.
#[tokio::test]
async fn markup_from_the_service_is_text_and_the_window_never_leaves_the_app() {
    let (service, _dir, demo) = demo_service().await;
    let email = "markup@e2e.test";
    let name = r#"Pat <a id="injected" href="http://127.0.0.1:9/phish">open</a><form id="injected-form" action="http://127.0.0.1:9/"></form>"#;
    onboard_patient_named(&service.url(), (&demo.admin_email, &demo.admin_password), email, name).await;
    let (_data, _driver, c) = open_app(&service, &[]).await;
    let home = c.current_url().await.expect("url");
    sign_in(&c, email).await;
    let shown = wait_text(&c, "#signed-in-as", "Pat <a id=").await;
    assert!(shown.contains(r#"<form id="injected-form""#), "{shown}");
    assert!(c.find(Locator::Css("#injected, #injected-form")).await.is_err(), "the name became elements");

    // The authenticator set-up draws its QR code itself (an SVG of squares, no service markup).
    click(&c, "#account-link").await;
    click(&c, "#use-authenticator").await;
    let key: String = text_of(&c, "#totp-secret").await.split_whitespace().collect();
    let path = element(&c, "#qr svg path").await.attr("d").await.expect("attr").expect("a path");
    let scanned = scan_qr(&path);
    assert!(scanned.starts_with("otpauth://totp/") && scanned.contains(&format!("secret={key}")), "{scanned}");

    // Whatever a page might try, the window stays on the app's pages, and the page elsewhere
    // (a listener on this machine standing in for a phishing site) is never asked for.
    let phish = std::net::TcpListener::bind("127.0.0.1:0").expect("listener");
    phish.set_nonblocking(true).expect("nonblocking");
    let at = format!("http://{}/phish", phish.local_addr().expect("addr"));
    let tries = [
        format!("location.href = '{at}'"),
        format!("const f = document.createElement('form'); f.action = '{at}'; f.method = 'post'; document.body.append(f); f.submit()"),
        format!("const a = document.createElement('a'); a.href = '{at}'; document.body.append(a); a.click()"),
        format!("const a = document.createElement('a'); a.href = '{at}'; a.target = '_blank'; document.body.append(a); a.click()"),
        format!("const m = document.createElement('meta'); m.httpEquiv = 'refresh'; m.content = '0;url={at}'; document.head.append(m)"),
    ];
    for script in &tries {
        let _ = c.execute(script, vec![]).await;
        tokio::time::sleep(Duration::from_millis(700)).await;
        let url = c.current_url().await.expect("url");
        assert_eq!(url.scheme(), home.scheme(), "after {script:?} the window is at {url}");
        assert_eq!(url.host_str(), home.host_str(), "after {script:?} the window is at {url}");
        assert_never_asked(&phish, script);
    }
    // A request that came late is caught too.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_never_asked(&phish, "all of them");
    // And the app still works there.
    click(&c, "#home-link").await;
    wait_text(&c, "#signed-in-as", "Pat").await;
    let _ = c.close().await;
}

/// When the screen's own code stops working (a panic in a task, or a trap without one: here made
/// on purpose), the window says so instead of going blank or freezing, keeps nothing of the page,
/// moves the focus to the notice, and the app's log has what happened; the notice fits a phone;
/// opening the screen again carries on signed in, nothing lost. A stray exception or rejection
/// is logged as such but not shown.
#[tokio::test]
async fn a_screen_that_stops_working_says_so_is_logged_and_opens_again_signed_in() {
    let email = "crash@e2e.test";
    let (service, _dir, _p) = service_with_patient(email).await;
    let (_data, driver, c) = open_app(&service, &[]).await;
    sign_in(&c, email).await;
    wait_text(&c, "#signed-in-as", "Pat Patient").await;
    c.execute("setTimeout(() => { throw new Error('thrown on purpose'); })", vec![]).await.expect("js");
    driver.wait_logged("the screen left an error unhandled kind=Error report=\"Error: thrown on purpose", 1).await;
    c.execute("Promise.reject(new Error('refused on purpose'))", vec![]).await.expect("js");
    driver.wait_logged("the screen left an error unhandled kind=Rejection report=\"Error: refused on purpose", 1).await;
    assert!(c.find(Locator::Css("#crash")).await.is_err(), "a stray error was shown as a crash");

    driver.expect_screen_stop();
    for (how, logged) in [("panic", "kind=Panic report=\"panicked at"), ("abort", "kind=Trap report=")] {
        let needle = format!("{SCREEN_STOPPED} {logged}");
        let seen = driver.log().matches(&needle).count();
        let stop = format!(
            "const done = arguments[arguments.length - 1];
            import('/ui.js').then(m => {{ m.stopScreenForTest('{how}'); done(); }}, e => done(String(e)))"
        );
        c.execute_async(&stop, vec![]).await.expect("stop the screen");
        wait_text(&c, "#crash h1", "This screen stopped working").await;
        driver.wait_logged(&needle, seen + 1).await;
        let focused = c.execute("return document.activeElement.matches('#crash h1')", vec![]).await.expect("js");
        assert_eq!(focused, serde_json::json!(true), "{how}: the focus is not on the notice");
        assert!(c.find(Locator::Css("#signed-in-as")).await.is_err(), "{how}: the stopped page is still there");
        if how == "panic" {
            assert!(driver.log().contains("stopped on purpose by stopScreenForTest"), "{}", driver.log());
            click(&c, "#crash summary").await;
            assert!(text_of(&c, "#crash pre").await.contains("stopped on purpose"));
            // It fits a phone and passes the same checks as every screen.
            haven_tests::audit::phone_screen(&c, "phone-crash").await;
            screenshot(&c, "phone-crash").await;
        }
        click(&c, "#crash-reopen").await;
        wait_text(&c, "#signed-in-as", "Pat Patient").await;
        assert!(c.find(Locator::Css("#crash")).await.is_err(), "{how}: the notice outlived opening the screen again");
    }
    let _ = c.close().await;
}

/// Reads a QR code as a camera would: the SVG path's squares (`M{x} {y}h1v1h-1z`) drawn at 4
/// pixels a module, then decoded by rqrr.
fn scan_qr(path: &str) -> String {
    let squares: Vec<(usize, usize)> = path
        .split('M')
        .filter(|s| !s.is_empty())
        .map(|s| {
            let (x, rest) = s.split_once(' ').expect("x");
            let y = rest.split('h').next().expect("y");
            (x.parse().expect("x"), y.parse().expect("y"))
        })
        .collect();
    let size = squares.iter().map(|&(x, y)| x.max(y)).max().expect("squares") + 5;
    let dark: std::collections::HashSet<_> = squares.into_iter().collect();
    let mut img = rqrr::PreparedImage::prepare_from_greyscale(size * 4, size * 4, |x, y| {
        if dark.contains(&(x / 4, y / 4)) {
            0
        } else {
            255
        }
    });
    let grids = img.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code");
    grids[0].decode().expect("a readable QR code").1
}

/// Guessing at the lock screen: each wrong password says how many tries are left, restarting
/// the app in between gives no more, and the fifth ends the session (on the service too), so
/// only a full sign-in opens the app again — also after a restart, when nothing is left in the
/// keychain to resume.
#[tokio::test]
async fn five_wrong_passwords_at_the_lock_screen_sign_out() {
    let email = "guess@e2e.test";
    let (service, _dir, p) = service_with_patient(email).await;
    lock_when_idle(&p, 4).await;
    let (_data, driver, c) = open_app(&service, &[]).await;
    sign_in(&c, email).await;
    wait_text(&c, "#signed-in-as", "Pat Patient").await;
    // Left alone, it locks.
    wait_text(&c, "#locked", "Haven is locked").await;
    let mut c = c;
    for left in (1..=4).rev() {
        fill(&c, "#unlock-password", &format!("guess-number-{left}-wrong")).await;
        click(&c, "#unlock").await;
        let said = if left == 1 { "1 try left".to_owned() } else { format!("{left} tries left") };
        wait_text(&c, "#error", &said).await;
        if left == 3 {
            // Quitting and starting again gives no more tries: the session resumes locked and
            // the count goes on.
            c = restart(c, &driver).await;
            wait_text(&c, "#locked", "Haven is locked").await;
        }
    }
    fill(&c, "#unlock-password", "the-fifth-wrong-guess").await;
    click(&c, "#unlock").await;
    wait_text(&c, "#notice", "Too many wrong passwords, so Haven signed you out").await;
    wait_text(&c, "h1", "Sign in to Haven").await;
    let c = restart(c, &driver).await;
    wait_text(&c, "h1", "Sign in to Haven").await;
    assert!(c.find(Locator::Css("#locked")).await.is_err(), "the ended session came back");
    let _ = c.close().await;
}

/// Wrong passwords used up in a run that ended before it could sign out (quit, killed): the next
/// start signs the kept session out instead of offering the lock screen again.
#[tokio::test]
async fn a_session_whose_wrong_passwords_are_used_up_is_signed_out_at_start() {
    let email = "usedup@e2e.test";
    let (service, _dir, p) = service_with_patient(email).await;
    lock_when_idle(&p, 900).await;
    let (data, driver, c) = open_app(&service, &[]).await;
    sign_in(&c, email).await;
    wait_text(&c, "#signed-in-as", "Pat Patient").await;
    std::fs::write(data.path().join("unlock-tries"), "5").expect("count");
    let c = restart(c, &driver).await;
    wait_text(&c, "h1", "Sign in to Haven").await;
    assert!(c.find(Locator::Css("#locked")).await.is_err(), "the lock screen offered more tries");
    let _ = c.close().await;
}

/// Without a usable keychain (no session bus here), the app says what that means on the sign-in
/// screen and again in Profile → Account, where the person looks for their settings.
#[tokio::test]
async fn a_keychain_that_cannot_be_used_is_said_in_account_too() {
    let email = "nokeys@e2e.test";
    let (service, _dir, _p) = service_with_patient(email).await;
    let (_data, _driver, c) =
        open_app(&service, &[("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/haven-no-bus".into())]).await;
    wait_text(&c, "#keychain-problem", "only until you quit").await;
    sign_in(&c, email).await;
    wait_text(&c, "#signed-in-as", "Pat Patient").await;
    click(&c, "#account-link").await;
    wait_text(&c, "#keychain-problem", "only until you quit").await;
    let _ = c.close().await;
}

/// Nothing was asked of `phish` (the listener standing in for a page elsewhere). WebKit may open a
/// connection ahead of a click (a preconnect): allowed, as long as no request comes on it.
fn assert_never_asked(phish: &std::net::TcpListener, after: &str) {
    use std::io::Read;
    while let Ok((mut conn, _)) = phish.accept() {
        conn.set_nonblocking(false).expect("blocking");
        conn.set_read_timeout(Some(Duration::from_millis(500))).expect("timeout");
        let mut asked = [0u8; 256];
        let n = conn.read(&mut asked).unwrap_or(0);
        assert_eq!(n, 0, "after {after:?} the page elsewhere was asked for: {}", String::from_utf8_lossy(&asked[..n]));
    }
}
