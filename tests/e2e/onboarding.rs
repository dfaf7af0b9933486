//! Signing in and joining: the second step by text message and authenticator app, a remembered
//! device, a clinician's onboarding from the invitation to the dashboard, patient self-enrolment,
//! and the admin page at phone size.

use crate::prelude::*;

/// Past the hour's texts, signing in says so: when a text can be asked for, and that a recovery
/// code works now (the method the screen starts on). Before, no text came and nothing was said.
#[tokio::test]
async fn past_the_hourly_texts_the_second_step_says_when_and_offers_another_way() {
    let (phone, email) = ("+447911000457", "held@e2e.test");
    let (service, _dir, p) = service_with_patient(email).await;
    p.set_phone(phone, None).await.expect("phone");
    p.verify_phone(&sms_code(&p, phone, 0).await).await.expect("verify phone"); // text 1
    let codes = p.set_two_step(true, Some(Factor::Sms)).await.expect("two-step").recovery_codes.expect("codes");
    // Four sign-ins on other devices use up the hour (texts 2–5).
    for i in 0..4 {
        let o = client_for(&service.url()).login(email, PASSWORD, device(&format!("other-{i}"))).await.expect("login");
        assert!(matches!(o, LoginOutcome::SecondFactorRequired { sms_sent_to: Some(_), .. }), "{o:?}");
    }
    let (_data, _driver, c) = open_app(&service, &[]).await;
    sign_in(&c, email).await;
    wait_text(&c, "h1", "Two-step verification").await;
    let said = wait_text(&c, "#sms-held", "could not text you a code now").await;
    assert!(said.contains("in 60 min") || said.contains("in 59 min"), "{said}");
    assert!(said.contains("or use a recovery code now"), "{said}");
    assert!(c.find(Locator::Css("#sent-to")).await.is_err(), "it says a code was sent when none was");
    let resend = element(&c, "#resend").await;
    assert!(resend.text().await.expect("text").contains("min"), "resend counts down in minutes");
    assert_eq!(resend.attr("disabled").await.expect("attr").as_deref(), Some("true"));
    assert_eq!(
        element(&c, "#method-recovery_code").await.prop("checked").await.expect("prop").as_deref(),
        Some("true")
    );
    screenshot(&c, "second-step-texts-used-up").await;
    haven_tests::audit::on_a_phone_too(&c, "phone-second-step-texts-used-up").await;
    fill(&c, "#code", codes[0].expose()).await;
    click(&c, "#verify").await;
    wait_text(&c, "#signed-in-as", "Pat Patient").await;
}

/// The text service is down: the second step says the text could not be sent yet and when it
/// is tried again, instead of leaving the patient waiting for a code; a recovery code signs in.
/// A password reset says the same of its texted code, and a recovery code completes it.
#[tokio::test]
async fn when_the_text_service_is_down_the_second_step_says_so() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let (phone, email) = ("+447911000458", "down@e2e.test");
    let (service, dir, p) = service_with_patient(email).await;
    p.set_phone(phone, None).await.expect("phone");
    p.verify_phone(&sms_code(&p, phone, 0).await).await.expect("verify phone");
    let codes = p.set_two_step(true, Some(Factor::Sms)).await.expect("two-step").recovery_codes.expect("codes");
    // A gateway that answers every text with 500.
    let gateway = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let gateway_url = format!("http://{}/Messages.json", gateway.local_addr().expect("addr"));
    let hits = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counted = hits.clone();
    let gateway_task = tokio::spawn(async move {
        while let Ok((mut s, _)) = gateway.accept().await {
            counted.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let mut buf = [0u8; 8192];
            let _ = s.read(&mut buf).await;
            let _ = s
                .write_all(b"HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                .await;
        }
    });
    // The same service (database, address, key) with live delivery through that gateway.
    let (addr, key) = (service.addr, service.state.config.server_key.clone());
    service.stop().await;
    let mut config = haven_sync::config::Config::dev(format!("sqlite://{}", dir.path().join("s.db").display()));
    config.server_key = key;
    config.bind = addr;
    config.public_url = format!("http://{addr}");
    config.delivery = haven_sync::config::Delivery::Smtp;
    config.smtp = Some(haven_sync::config::SmtpConfig {
        host: "127.0.0.1".into(),
        port: 9,
        tls: haven_sync::config::SmtpTls::None,
        username: None,
        password: None,
        from: "Haven <no-reply@haven.test>".into(),
    });
    config.sms = Some(haven_sync::config::SmsGateway {
        url: gateway_url,
        account: "AC1".into(),
        token: "t".into(),
        from: "+15005550006".into(),
    });
    let state = haven_sync::AppState::new(config, Arc::new(haven_sync::clock::SystemClock)).await.expect("state");
    let service = haven_sync::start_with_state(state).await.expect("live service");

    let (_data, _driver, c) = open_app(&service, &[]).await;
    sign_in(&c, email).await;
    wait_text(&c, "h1", "Two-step verification").await;
    let said = wait_text(&c, "#sms-problem", "could not send the text yet").await;
    assert!(said.contains("We will try again in") && said.contains("use a recovery code now"), "{said}");
    assert!(hits.load(std::sync::atomic::Ordering::SeqCst) >= 1, "the gateway was never tried");
    screenshot(&c, "second-step-text-service-down").await;
    haven_tests::audit::on_a_phone_too(&c, "phone-second-step-text-service-down").await;
    click(&c, "#method-recovery_code").await;
    fill(&c, "#code", codes[0].expose()).await;
    click(&c, "#verify").await;
    wait_text(&c, "#signed-in-as", "Pat Patient").await;

    // "Forgot your password?": the link's mail (read from the service's queue: its mail relay is
    // down too) opens the reset, whose texted code cannot be sent either.
    click(&c, "#sign-out").await;
    click(&c, "#forgot-link").await;
    fill(&c, "#forgot-email", email).await;
    click(&c, "#send-reset").await;
    wait_text(&c, "#reset-sent", "a link is on its way").await;
    let queued: Vec<(String, Option<String>, Option<Vec<u8>>)> = haven_sync::fetch_all!(
        &service.state.db,
        sqlx::query_as("SELECT to_addr, body, sealed FROM messages WHERE channel = 'email' ORDER BY id DESC")
    )
    .expect("queued mail");
    let key = &service.state.config.server_key;
    let token = queued
        .into_iter()
        .filter(|(to, _, _)| to == email)
        .filter_map(|(to, body, sealed)| haven_sync::delivery::open_body(key, to.as_str(), body, sealed).ok())
        .find_map(|b| b.split_whitespace().find(|w| w.starts_with("hvp_")).map(str::to_owned))
        .expect("the reset mail");
    click(&c, "#to-reset").await;
    fill(&c, "#reset-token", &token).await;
    click(&c, "#check-reset").await;
    let said = wait_text(&c, "#reset-sms-problem", "could not send the text yet").await;
    assert!(said.contains("use a recovery code now"), "{said}");
    assert!(text_of(&c, "#reset-sent-to").await.starts_with("We are sending a code"), "said sent, not sending");
    // A new code can be asked for once the gap between texts has passed: the button says when.
    let resend = element(&c, "#reset-resend").await;
    assert_eq!(resend.attr("disabled").await.expect("attr").as_deref(), Some("true"));
    assert!(text_of(&c, "#reset-resend").await.starts_with("Send a new code in"));
    screenshot(&c, "reset-text-service-down").await;
    click(&c, "#method-recovery_code").await;
    fill(&c, "#reset-password", "amber-glacier-harbour-27").await;
    fill(&c, "#reset-code", codes[1].expose()).await;
    click(&c, "#complete-reset").await;
    wait_text(&c, "#notice", "Your password is changed").await;
    gateway_task.abort();
}

/// The second step by text: a wrong code says so and how many tries are left; a new code can be
/// asked for once the gap between texts has passed, the screen then says only the newest code
/// works, the earlier one is refused, and the new one signs in.
#[tokio::test]
async fn patient_signs_in_with_an_sms_code_and_a_wrong_or_replaced_code_says_so() {
    let phone = "+447911000456";
    let (service, _dir, _) = service_with_sms_patient("pat@e2e.test", phone).await;
    let (_data, _driver, c) = open_app(&service, &[]).await;
    let inbox = HavenClient::new(&service.url(), Arc::new(MemoryStore::default())).expect("client");

    assert_eq!(text_of(&c, "h1").await, "Sign in to Haven");
    screenshot(&c, "sign-in").await;
    // Wrong password first: the service's message, in the page.
    fill(&c, "#email", "pat@e2e.test").await;
    fill(&c, "#password", "not-the-password-1").await;
    c.find(Locator::Css("#sign-in")).await.expect("button").click().await.expect("click");
    wait_text(&c, "#error", "email or password is incorrect").await;

    fill(&c, "#password", PASSWORD).await;
    c.find(Locator::Css("#sign-in")).await.expect("button").click().await.expect("click");
    wait_text(&c, "h1", "Two-step verification").await;
    assert!(text_of(&c, "#sent-to").await.contains("+44 •••• ••0456"));
    let code = sms_code(&inbox, phone, 1).await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    fill(&c, "#code", wrong).await;
    c.find(Locator::Css("#verify")).await.expect("verify").click().await.expect("click");
    let msg = wait_text(&c, "#error", "not right").await;
    assert!(msg.contains("4 tries left"), "{msg}");
    // Resend counts down from 30 s and is disabled meanwhile.
    let resend = c.find(Locator::Css("#resend")).await.expect("resend button");
    assert!(
        resend.text().await.expect("text").starts_with("Send a new code in "),
        "{}",
        resend.text().await.unwrap_or_default()
    );
    assert!(resend.attr("disabled").await.expect("attr").is_some(), "resend enabled during the countdown");
    screenshot(&c, "second-step-wrong-code").await;
    // The countdown ends (30 s on the service's real clock): a new code is sent.
    let deadline = Instant::now() + Duration::from_secs(40);
    while resend.attr("disabled").await.expect("attr").is_some() {
        assert!(Instant::now() < deadline, "resend still disabled after its countdown");
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    resend.click().await.expect("click");
    let said = wait_text(&c, "#sent-to", "a new code").await;
    assert!(said.contains("Only the newest code works"), "{said}");
    // The pressed button is disabled again: the focus goes to the field for the new code.
    let focused = c.execute("return document.activeElement.id", vec![]).await.expect("js");
    assert_eq!(focused, serde_json::json!("code"));
    let new_code = sms_code(&inbox, phone, 2).await;
    // The earlier code no longer works (a wrong try), the new one does.
    if new_code != code {
        fill(&c, "#code", &code).await;
        c.find(Locator::Css("#verify")).await.expect("verify").click().await.expect("click");
        let msg = wait_text(&c, "#error", "3 tries left").await;
        assert!(msg.contains("not right"), "{msg}");
    }
    fill(&c, "#code", &new_code).await;
    c.find(Locator::Css("#verify")).await.expect("verify").click().await.expect("click");
    let who = wait_text(&c, "#signed-in-as", "Pat Patient").await;
    assert!(who.contains("· Patient"), "{who}");
    assert!(text_of(&c, "#two-step").await.contains("on — text message"));
    screenshot(&c, "signed-in").await;
    let _ = c.close().await;
}

/// The full clinician onboarding of the product docs: invite email → create account (password,
/// terms) → verify email → sign in → add phone → SMS code → one-time disclaimer → dashboard.
#[tokio::test]
async fn clinician_onboarding_from_invite_to_dashboard() {
    let (service, _dir, demo) = demo_service().await;
    let admin = HavenClient::new(&service.url(), Arc::new(MemoryStore::default())).expect("client");
    admin
        .login(
            &demo.admin_email,
            &demo.admin_password,
            DeviceInfo { id: "a".into(), name: "a".into(), platform: "t".into() },
        )
        .await
        .expect("admin");
    let dep = admin.me().await.expect("me").deployment.id;
    let email = "cleo@e2e.test";
    admin
        .create_invite(&CreateInvite { email: email.into(), role: Role::Clinician, deployment_id: dep, language: None })
        .await
        .expect("invite");
    // The invite email carries a short code to type into the app.
    let mail = admin
        .dev_outbox(&Secret::new(TEST_OUTBOX_KEY))
        .await
        .expect("outbox")
        .expect("a development service")
        .messages
        .into_iter()
        .find(|m| m.to == email)
        .expect("invite mail");
    let code = mail
        .body
        .lines()
        .find(|l| l.contains("enter this code"))
        .and_then(|l| l.rsplit(' ').next())
        .expect("code")
        .trim()
        .to_owned();

    let (_data, _driver, c) = open_app(&service, &[]).await;
    click(&c, "#join-link").await;
    fill(&c, "#invite-code", &code).await;
    click(&c, "#find-invite").await;
    let info = wait_text(&c, "#invite-info", "Demo deployment").await;
    assert!(info.contains(email) && info.contains("clinician"), "{info}");
    // A weak password is refused under its field, and nothing is lost.
    fill(&c, "#name", "Cleo Clinician").await;
    fill(&c, "#new-password", "password1234").await;
    click(&c, "#accept-terms").await;
    click(&c, "#create-account").await;
    let weak = wait_text(&c, "#password-error", "too easy to guess").await;
    assert!(!weak.contains(".).") && !weak.contains(".."), "{weak}");
    screenshot(&c, "create-account-weak-password").await;
    haven_tests::audit::on_a_phone_too(&c, "phone-create-account-weak-password").await;
    fill(&c, "#new-password", PASSWORD).await;
    click(&c, "#create-account").await;
    wait_text(&c, "#verify-hint", email).await;
    let link = format!("https://x/verify-email?token={}", outbox(&admin, email, "email", "hve_").await);
    fill(&c, "#verify-token", &link).await;
    click(&c, "#verify-email").await;
    wait_text(&c, "#notice", "email is verified").await;
    fill(&c, "#email", email).await;
    fill(&c, "#password", PASSWORD).await;
    click(&c, "#sign-in").await;
    wait_text(&c, "h1", "Set up two-step verification").await;
    fill(&c, "#phone", "not a number").await;
    click(&c, "#send-code").await;
    wait_text(&c, "#phone-error", "only digits").await;
    fill(&c, "#phone", "+44 7911 000789").await;
    click(&c, "#send-code").await;
    let code = sms_code(&admin, "+447911000789", 0).await;
    fill(&c, "#setup-code", &code).await;
    screenshot(&c, "setup-phone").await;
    haven_tests::audit::on_a_phone_too(&c, "phone-setup-phone").await;
    click(&c, "#confirm-phone").await;
    wait_text(&c, "#disclaimer", "Before you start").await;
    let codes = c.find_all(Locator::Css("#recovery-codes li")).await.expect("codes");
    assert_eq!(codes.len(), 10, "recovery codes shown once after set-up");
    screenshot(&c, "clinician-disclaimer").await;
    haven_tests::audit::on_a_phone_too(&c, "phone-clinician-disclaimer").await;
    click(&c, "#disclaimer-ok").await;
    click(&c, "#start").await;
    let dash = wait_text(&c, "#dashboard", "Clinician dashboard").await;
    assert!(dash.contains("Cleo Clinician · Clinician") && dash.contains("on — text message"), "{dash}");
    screenshot(&c, "clinician-dashboard").await;
    // The disclaimer is one-time: after signing out and in again the dashboard comes straight up.
    click(&c, "#sign-out").await;
    fill(&c, "#email", email).await;
    fill(&c, "#password", PASSWORD).await;
    click(&c, "#sign-in").await;
    wait_text(&c, "h1", "Two-step verification").await;
    fill(&c, "#code", &sms_code(&admin, "+447911000789", 1).await).await;
    click(&c, "#verify").await;
    wait_text(&c, "#dashboard", "Clinician dashboard").await;
    assert!(c.find(Locator::Css("#disclaimer")).await.is_err(), "disclaimer shown twice");
    let _ = c.close().await;
}

/// Profile → Account: turn on the authenticator app (the test computes the code from the shown
/// key), then sign in with it and "remember this device", after which the second step is skipped.
#[tokio::test]
async fn authenticator_app_and_a_remembered_device() {
    let email = "tia@e2e.test";
    let (service, _dir, _) = service_with_patient(email).await;
    let (_data, _driver, c) = open_app(&service, &[]).await;
    sign_in(&c, email).await;
    wait_text(&c, "#two-step", "off").await;
    click(&c, "#account-link").await;
    wait_text(&c, "#two-step-state", "Off").await;
    click(&c, "#use-authenticator").await;
    let secret = text_of(&c, "#totp-secret").await;
    assert!(c.find(Locator::Css("#qr svg")).await.is_ok(), "QR code is shown as SVG");
    screenshot(&c, "authenticator-setup").await;
    haven_tests::audit::on_a_phone_too(&c, "phone-authenticator-setup").await;
    fill(&c, "#totp-code", &totp_now(&secret)).await;
    click(&c, "#confirm-totp").await;
    wait_text(&c, "#two-step-state", "authenticator app").await;
    assert_eq!(c.find_all(Locator::Css("#recovery-codes li")).await.expect("codes").len(), 10);
    click(&c, "#home-link").await;
    click(&c, "#sign-out").await;

    // Sign in: the second step asks for the authenticator. The code just used is spent, so wait
    // for the next 30-second step.
    sign_in(&c, email).await;
    wait_text(&c, "h1", "Two-step verification").await;
    let used = totp_now(&secret);
    let deadline = Instant::now() + Duration::from_secs(35);
    while totp_now(&secret) == used {
        assert!(Instant::now() < deadline);
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    fill(&c, "#code", &totp_now(&secret)).await;
    click(&c, "#remember").await;
    click(&c, "#verify").await;
    wait_text(&c, "#two-step", "on — authenticator app").await;
    click(&c, "#account-link").await;
    wait_text(&c, "#devices", "Haven desktop").await;
    screenshot(&c, "account").await;
    click(&c, "#home-link").await;
    click(&c, "#sign-out").await;
    // Remembered: straight in with the password alone.
    sign_in(&c, email).await;
    wait_text(&c, "#signed-in-as", "Pat Patient").await;
    let _ = c.close().await;
}

/// A patient signs up with the deployment's enrolment code and is led through verifying the
/// email: the verify screen offers a new link, the inbox and a way back; signing in before
/// verifying comes back to it (it used to end in "Verify your email first" and nothing to do);
/// the emailed link opens the service's page, whose button verifies; then the patient signs in.
#[tokio::test]
async fn patient_signs_up_with_an_enrolment_code_and_the_emailed_link_verifies() {
    let clock = haven_sync::clock::ManualClock::starting_now();
    let (service, _dir, demo) = demo_service_at(Arc::new(clock.clone())).await;
    let inbox = HavenClient::new(&service.url(), Arc::new(MemoryStore::default())).expect("client");
    let (_data, _driver, c) = open_app(&service, &[]).await;
    let email = "pia@e2e.test";
    click(&c, "#enrol-link").await;
    fill(&c, "#enrolment-code", "WRONG123").await;
    fill(&c, "#enrol-email", email).await;
    fill(&c, "#name", "Pia Patient").await;
    fill(&c, "#new-password", PASSWORD).await;
    // The terms open in place, and what was typed stays.
    click(&c, "#terms-doc summary").await;
    wait_text(&c, "#terms-body", "does not replace medical advice").await;
    assert!(c.find_all(Locator::Css("#terms-body li")).await.expect("items").len() >= 3, "the terms as a list");
    assert_eq!(element(&c, "#name").await.prop("value").await.expect("name").as_deref(), Some("Pia Patient"));
    click(&c, "#accept-terms").await;
    click(&c, "#sign-up").await;
    wait_text(&c, "#enrolment_code-error", "not known").await;
    fill(&c, "#enrolment-code", &demo.enrolment_code.to_lowercase()).await;
    click(&c, "#sign-up").await;
    wait_text(&c, "#verify-hint", email).await;
    let help = c.source().await.expect("page");
    assert!(!help.contains("or the account is blocked"), "the 24-hour rule reads as a threat");
    element(&c, "#verify-inbox").await;
    let first = outbox(&inbox, email, "email", "hve_").await;

    // Back to sign in, and signing in before verifying leads to the verify screen again.
    click(&c, "#verify-back").await;
    sign_in(&c, email).await;
    wait_text(&c, "h1", "Verify your email").await;
    wait_text(&c, "#verify-hint", email).await;
    // A new link a minute later (one a minute at most).
    clock.advance(61);
    click(&c, "#resend-verification").await;
    wait_text(&c, "#resent", "A new link is on its way").await;
    screenshot(&c, "verify-email").await;
    let fresh = wait_for_another(&inbox, email, "hve_", &first).await;

    // The emailed link opens the service's own page (at the address it runs on); opening it
    // changes nothing, its button verifies.
    let mails = inbox.dev_outbox(&Secret::new(TEST_OUTBOX_KEY)).await.expect("outbox").expect("dev service").messages;
    let body = &mails.iter().find(|m| m.to == email && m.body.contains(&fresh)).expect("mail").body;
    let link = body.split_whitespace().find(|w| w.starts_with("http")).expect("link in the mail");
    assert!(link.starts_with(&service.url()), "the link {link} does not point at the service {}", service.url());
    let http = reqwest::Client::new();
    let html = http.get(link).send().await.expect("page").text().await.expect("html");
    assert!(html.contains("Verify my email"), "{html}");
    let done =
        http.post(format!("{}/verify-email", service.url())).form(&[("token", &fresh)]).send().await.expect("post");
    assert!(done.text().await.expect("html").contains("Your email is verified"));

    click(&c, "#verify-back").await;
    sign_in(&c, email).await;
    let who = wait_text(&c, "#signed-in-as", "Pia Patient").await;
    assert!(who.contains("· Patient"), "{who}");
    let _ = c.close().await;
}

/// The admin page sets the policy (a bad value is refused under its field) and invites a
/// clinician; the development inbox shows the invitation; with only the authenticator app
/// allowed, the clinician's required set-up offers the authenticator (the test computes the
/// code from the shown key). Each screen is checked at both phone sizes (fits, tap targets, text
/// size, axe-core).
#[tokio::test]
async fn admin_policy_invite_inbox_and_authenticator_setup_on_a_phone_sized_window() {
    let (service, _dir, demo) = demo_service().await;
    let inbox = HavenClient::new(&service.url(), Arc::new(MemoryStore::default())).expect("client");
    let (_data, _driver, c) = open_app(&service, &[]).await;
    haven_tests::audit::viewport(&c, 390, 844).await;
    text_of(&c, "#sign-in").await;
    haven_tests::audit::phone_screen(&c, "phone-demo-sign-in").await;

    fill(&c, "#email", &demo.admin_email).await;
    fill(&c, "#password", &demo.admin_password).await;
    click(&c, "#sign-in").await;
    click(&c, "#admin-link").await;
    wait_text(&c, "#policy-title", "Sign-in policy").await;
    assert_eq!(text_of(&c, "#enrolment-code").await, demo.enrolment_code);
    fill(&c, "#code-length", "3").await;
    click(&c, "#save-policy").await;
    wait_text(&c, "#code_length-error", "4 to 8").await;
    fill(&c, "#code-length", "6").await;
    click(&c, "#allow-sms").await; // authenticator app only
    click(&c, "#save-policy").await;
    wait_text(&c, "#policy-status", "Policy saved").await;
    // An invitation for someone who reads Spanish, from an English screen.
    fill(&c, "#invite-email", "lucia@e2e.test").await;
    assert_eq!(element(&c, "#invite-language").await.prop("value").await.expect("value").as_deref(), Some("en"));
    element(&c, "#invite-language").await.select_by_value("es").await.expect("choose Spanish");
    click(&c, "#send-invite").await;
    wait_text(&c, "#invite-status", "lucia@e2e.test").await;
    let email = "ada@e2e.test";
    element(&c, "#invite-language").await.select_by_value("en").await.expect("choose English");
    fill(&c, "#invite-email", email).await;
    click(&c, "#send-invite").await;
    wait_text(&c, "#invite-status", email).await;
    haven_tests::audit::phone_screen(&c, "phone-admin").await;
    screenshot(&c, "admin-phone").await;
    click(&c, "#home-link").await;
    click(&c, "#sign-out").await;

    // The development inbox shows the invitation, with the code to type.
    click(&c, "#inbox-link").await;
    let page = wait_text(&c, "#inbox", email).await;
    // Newest first: the invitation just sent comes before the demo's own.
    assert!(page.find(email) < page.find(haven_sync::demo::CLINICIAN_EMAIL), "inbox is not newest first:\n{page}");
    // Lucía's is in Spanish, with its code as in any invitation.
    let lucia = &page[page.find("lucia@e2e.test").expect("Lucía's invitation")..];
    let invited = haven_i18n::Lang::Es.tr("service-mail-invite-code");
    assert!(lucia.lines().take(8).any(|l| l.starts_with(&invited)), "not in Spanish:\n{lucia}");
    let code = page[page.find(email).expect("mail")..]
        .lines()
        .find(|l| l.contains("enter this code"))
        .and_then(|l| l.rsplit(' ').next())
        .expect("code in the inbox page")
        .trim()
        .to_owned();
    haven_tests::audit::phone_screen(&c, "phone-inbox").await;
    screenshot(&c, "dev-inbox-phone").await;
    click(&c, "#back-link").await;

    click(&c, "#join-link").await;
    fill(&c, "#invite-code", &code).await;
    click(&c, "#find-invite").await;
    wait_text(&c, "#invite-info", email).await;
    haven_tests::audit::phone_screen(&c, "phone-join").await;
    fill(&c, "#name", "Ada Clinician").await;
    fill(&c, "#new-password", PASSWORD).await;
    click(&c, "#accept-terms").await;
    click(&c, "#create-account").await;
    wait_text(&c, "#verify-hint", email).await;
    haven_tests::audit::phone_screen(&c, "phone-verify-email").await;
    fill(&c, "#verify-token", &outbox(&inbox, email, "email", "hve_").await).await;
    click(&c, "#verify-email").await;
    wait_text(&c, "#notice", "email is verified").await;
    sign_in(&c, email).await;
    wait_text(&c, "h1", "Set up two-step verification").await;
    // Only the authenticator is allowed: no phone field, the QR straight away.
    let secret = text_of(&c, "#totp-secret").await;
    assert!(c.find(Locator::Css("#phone")).await.is_err(), "phone set-up offered against the policy");
    assert!(c.find(Locator::Css("#qr svg")).await.is_ok(), "QR code shown");
    haven_tests::audit::phone_screen(&c, "phone-authenticator-set-up").await;
    screenshot(&c, "setup-authenticator-phone").await;
    fill(&c, "#setup-code", "000000").await;
    click(&c, "#confirm-totp").await;
    let wrong = wait_text(&c, "#error", "not right").await;
    assert!(!wrong.contains('_'), "{wrong}");
    // The wrong code may, once in a million, be the right one; the next step's code is used.
    fill(&c, "#setup-code", &totp_now(&secret)).await;
    click(&c, "#confirm-totp").await;
    wait_text(&c, "#disclaimer", "Before you start").await;
    assert_eq!(c.find_all(Locator::Css("#recovery-codes li")).await.expect("codes").len(), 10);
    haven_tests::audit::phone_screen(&c, "phone-disclaimer").await;
    click(&c, "#disclaimer-ok").await;
    click(&c, "#start").await;
    let dash = wait_text(&c, "#dashboard", "Clinician dashboard").await;
    assert!(dash.contains("on — authenticator app"), "{dash}");
    haven_tests::audit::phone_screen(&c, "phone-dashboard").await;
    let _ = c.close().await;
}

/// The app on its own (no service named): the bundled service with its demo deployment. The
/// demo's sign-in details stay on the first screen at every start until someone signs in; that
/// screen fits the default window whole; the admin signs in with them, and from then on the
/// password is shown nowhere; the development inbox holds the demo's texts and emails (only the
/// app can read it).
#[tokio::test]
async fn the_bundled_demo_shows_its_sign_in_details_at_every_start_on_a_first_screen_that_fits() {
    let data = tempfile::tempdir().expect("data");
    let driver = Driver::start(&[("HAVEN_DATA_DIR", data.path().display().to_string())]);
    let c = driver.session().await;
    let email = text_of(&c, "#demo-admin").await;
    let password = text_of(&c, "#demo-password").await;
    assert_eq!(email, "admin@demo.haven.test");
    let v = c
        .execute(
            "const d = document.documentElement; return [d.scrollHeight, d.clientHeight, d.scrollWidth, d.clientWidth];",
            vec![],
        )
        .await
        .expect("js");
    let size: Vec<u64> = serde_json::from_value(v).expect("sizes");
    assert!(
        size[0] <= size[1] && size[2] <= size[3],
        "the first screen is {size:?} (content h, view h, content w, view w)"
    );
    screenshot(&c, "first-start").await;
    // Every screen says nothing is really sent; the bundled service's outbox answers only the
    // app, which holds its key: another program or user on this machine is refused.
    wait_text(&c, "#dev-banner", "no email or text message is really sent").await;
    let port = std::fs::read_to_string(data.path().join("service-port")).expect("the bundled service's port");
    let outbox = reqwest::get(format!("http://127.0.0.1:{}/v1/dev/outbox", port.trim())).await.expect("http");
    assert_eq!(outbox.status().as_u16(), 403, "the bundled outbox answered a caller without its key");

    let c = restart(c, &driver).await;
    assert_eq!(text_of(&c, "#demo-password").await, password, "the demo's details after a restart");
    fill(&c, "#email", &email).await;
    fill(&c, "#password", &password).await;
    click(&c, "#sign-in").await;
    wait_text(&c, "#signed-in-as", "Demo Admin").await;
    // Once someone has signed in, the password is no longer shown (not on Home, not to whoever
    // finds the sign-in screen later, not after a restart); the codes to join still are.
    wait_text(&c, "#demo", "the password shown before the first sign-in").await;
    assert!(!text_of(&c, "#demo").await.contains(&password), "the demo's password still shown");
    click(&c, "#sign-out").await;
    wait_text(&c, "#demo", "the password shown before the first sign-in").await;
    let c = restart(c, &driver).await;
    wait_text(&c, "#demo", "the password shown before the first sign-in").await;
    assert!(!text_of(&c, "#demo").await.contains(&password), "the demo's password shown after a restart");
    fill(&c, "#email", &email).await;
    fill(&c, "#password", &password).await;
    click(&c, "#sign-in").await;
    wait_text(&c, "#signed-in-as", "Demo Admin").await;
    click(&c, "#demo-inbox").await;
    wait_text(&c, "h1", "Development inbox").await;
    // The bundled service's database, journal and key, the port file and the demo's details
    // are this user's only.
    assert_owner_only(data.path(), true);
    let _ = c.close().await;
}

/// A service on another machine is used only over HTTPS: a plain http:// address is refused at
/// start with a sentence saying so (nothing is sent to it); over HTTPS, with the deployment's
/// certificate trusted (`HAVEN_SERVER_CA`), the patient signs in; without it, signing in says the
/// service could not prove who it is.
#[tokio::test]
async fn the_app_uses_a_service_elsewhere_only_over_https() {
    let data = tempfile::tempdir().expect("data");
    let plain = "http://192.0.2.10:8787"; // TEST-NET-1: never routed
    let driver =
        Driver::start(&[("HAVEN_SERVER_URL", plain.into()), ("HAVEN_DATA_DIR", data.path().display().to_string())]);
    let c = driver.session().await;
    let said = wait_text(&c, "#startup-problem", "only over HTTPS").await;
    assert!(said.contains(plain) && said.contains("https://"), "{said}");
    screenshot(&c, "refuses-plain-http").await;
    haven_tests::audit::on_a_phone_too(&c, "phone-refuses-plain-http").await;
    drop(c);
    drop(driver);

    let email = "tls@e2e.test";
    let (service, dir, _p, _admin) = patient_and_admin_on(
        email,
        Arc::new(haven_sync::clock::SystemClock),
        Variant { transport: Transport::Https, ..Default::default() },
    )
    .await;
    assert!(service.url().starts_with("https://"), "{}", service.url());
    let ca = dir.path().join("ca.pem");
    std::fs::write(&ca, &test_certificate().0).expect("ca");
    {
        let (_data, _driver, c) = open_app(&service, &[("HAVEN_SERVER_CA", ca.display().to_string())]).await;
        sign_in(&c, email).await;
        wait_text(&c, "#signed-in-as", "Pat Patient").await;
    }
    let (_data, _driver, c) = open_app(&service, &[]).await;
    sign_in(&c, email).await;
    let said = wait_text(&c, "#error", "could not prove it is the real one").await;
    assert!(said.contains("nothing was sent"), "{said}");
}
