//! `HavenClient`: every route of the service's contract, with the access token in memory and the
//! refresh and remembered-device tokens in a `TokenStore`; an expired access token is refreshed
//! once, transparently, and the call retried.

use crate::error::{api_error, service_url, unreachable, ClientError, Result};
use crate::session::{StoreError, TokenStore};
use crate::streams::{Download, EventStream};
use haven_api::*;
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Mutex;

/// A client for one service. Cheap to clone; clones share the session.
#[derive(Clone)]
pub struct HavenClient {
    http: reqwest::Client,
    base: String,
    session: Arc<Mutex<Option<Secret>>>,
    store: Arc<dyn TokenStore>,
    /// One refresh at a time: two rotations of one refresh token look like theft to the service
    /// (it revokes the family).
    refresh_gate: Arc<Mutex<()>>,
    /// Bumped when the session is forgotten, so a refresh that was under way cannot bring it back.
    generation: Arc<std::sync::atomic::AtomicU64>,
}

impl HavenClient {
    /// A client for the service at `base_url`: HTTPS, or plain HTTP only to this device (see
    /// [`service_url`]). Certificates are checked against the public roots.
    pub fn new(base_url: &str, store: Arc<dyn TokenStore>) -> Result<Self> {
        Self::with_roots(base_url, store, None)
    }

    /// As [`HavenClient::new`], also trusting the certificates in `extra_roots_pem` (a
    /// deployment's own certificate authority, or a small deployment's self-signed certificate).
    pub fn with_roots(base_url: &str, store: Arc<dyn TokenStore>, extra_roots_pem: Option<&[u8]>) -> Result<Self> {
        let url = service_url(base_url)?;
        let mut http = reqwest::Client::builder()
            .timeout(Duration::from_secs(30))
            .connect_timeout(Duration::from_secs(10))
            // The service never redirects: none is followed, so no login body is sent on to a
            // host `service_url` would refuse, nor an HTTPS session taken back to plain HTTP.
            .redirect(reqwest::redirect::Policy::none())
            .https_only(url.scheme() == "https");
        if let Some(pem) = extra_roots_pem {
            let roots = reqwest::Certificate::from_pem_bundle(pem)
                .map_err(|e| ClientError::Address(haven_i18n::tr!("shell-ca-not-pem", error = e.to_string())))?;
            if roots.is_empty() {
                return Err(ClientError::Address(haven_i18n::tr!("shell-ca-empty")));
            }
            for root in roots {
                http = http.add_root_certificate(root);
            }
        }
        let http = http.build().map_err(|e| ClientError::Unreachable(e.to_string()))?;
        Ok(HavenClient {
            http,
            base: url.as_str().trim_end_matches('/').to_owned(),
            session: Arc::default(),
            store,
            refresh_gate: Arc::default(),
            generation: Arc::default(),
        })
    }

    pub fn base_url(&self) -> &str {
        &self.base
    }

    /// The key sealing `user_id`'s offline store on this device, made (and kept in the token
    /// store) on first use, and whether the keychain keeps it (see `offline::OfflineStore::open`).
    pub fn store_key(&self, user_id: &str) -> Result<(crate::offline::StoreKey, bool)> {
        let key = match self.store.load_store_key(user_id)?.as_ref().and_then(crate::offline::StoreKey::from_secret) {
            Some(k) => k,
            None => {
                let key = crate::offline::StoreKey::random();
                self.store.save_store_key(user_id, &key.to_secret())?;
                key
            }
        };
        // Asked after the calls: a keychain that failed during them is not keeping anything.
        Ok((key, self.store.persistent()))
    }

    /// Every request to the service starts here: it asks for answers (error sentences, legal
    /// documents) in the app's language as it is now.
    fn request(&self, method: Method, path: &str) -> reqwest::RequestBuilder {
        self.http
            .request(method, format!("{}{path}", self.base))
            .header(reqwest::header::ACCEPT_LANGUAGE, haven_i18n::app().code())
    }

    async fn send<B: Serialize + ?Sized>(
        &self,
        method: Method,
        path: &str,
        body: Option<&B>,
        bearer: Option<&str>,
    ) -> Result<(StatusCode, Value)> {
        let mut req = self.request(method, path);
        if let Some(t) = bearer {
            req = req.bearer_auth(t);
        }
        if let Some(b) = body {
            req = req.json(b);
        }
        self.exchange(req).await
    }

    /// Sends a built request; a success's JSON body (or null), or the service's error.
    async fn exchange(&self, req: reqwest::RequestBuilder) -> Result<(StatusCode, Value)> {
        let resp = req.send().await.map_err(unreachable)?;
        let status = resp.status();
        if !status.is_success() {
            return Err(api_error(resp).await);
        }
        let bytes = resp.bytes().await.map_err(unreachable)?;
        let value: Value = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes).map_err(|e| ClientError::Protocol(format!("{status}: {e}")))?
        };
        Ok((status, value))
    }

    async fn call<B: Serialize + ?Sized, T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<&B>,
        bearer: Option<&str>,
    ) -> Result<T> {
        let (_, v) = self.send(method, path, body, bearer).await?;
        serde_json::from_value(v).map_err(|e| ClientError::Protocol(format!("{path}: {e}")))
    }

    /// A call as the signed-in user; refreshes the access token once if it has expired.
    async fn authed<B: Serialize + ?Sized, T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<&B>,
    ) -> Result<T> {
        let access = self.session.lock().await.clone().ok_or(ClientError::SignedOut)?;
        match self.call(method.clone(), path, body, Some(access.expose())).await {
            Err(ClientError::Api { code: ErrorCode::Unauthenticated, .. }) => {
                self.refresh_after(&access).await?;
                let access = self.session.lock().await.clone().ok_or(ClientError::SignedOut)?;
                self.call(method, path, body, Some(access.expose())).await
            }
            other => other,
        }
    }

    /// Refreshes after `used` was refused as expired, one refresh at a time; when someone else
    /// refreshed while this call waited, theirs is used.
    async fn refresh_after(&self, used: &Secret) -> Result<()> {
        let _one = self.refresh_gate.lock().await;
        let now = self.session.lock().await.clone().ok_or(ClientError::SignedOut)?;
        if now.expose() == used.expose() {
            self.refresh_locked().await?;
        }
        Ok(())
    }

    /// Keeps rotated tokens unless the session was forgotten since `generation` was read.
    async fn keep_if_current(&self, tokens: &Tokens, generation: u64) -> Result<bool> {
        let mut session = self.session.lock().await;
        if self.generation.load(std::sync::atomic::Ordering::SeqCst) != generation {
            return Ok(false);
        }
        self.store.save_refresh(&tokens.refresh_token)?;
        *session = Some(tokens.access_token.clone());
        Ok(true)
    }

    /// Keeps the tokens of a new session (sign-in): a new session is a new generation.
    async fn keep(&self, tokens: &Tokens) -> Result<()> {
        self.store.save_refresh(&tokens.refresh_token)?;
        let mut session = self.session.lock().await;
        self.generation.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        *session = Some(tokens.access_token.clone());
        Ok(())
    }

    /// Changes whenever a session starts or is forgotten (sign-in, sign-out, a refused
    /// refresh): whatever was opened for one session (the user's offline store) is not reused
    /// for another.
    pub fn session_generation(&self) -> u64 {
        self.generation.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// Keeps the tokens of an `authenticated` outcome (they never leave this crate otherwise).
    async fn absorb(&self, outcome: LoginOutcome) -> Result<LoginOutcome> {
        if let LoginOutcome::Authenticated { tokens, remembered_device_token, .. } = &outcome {
            self.keep(tokens).await?;
            if let Some(t) = remembered_device_token {
                self.store.save_remembered_device(t)?;
            }
        }
        Ok(outcome)
    }

    pub async fn is_signed_in(&self) -> bool {
        self.session.lock().await.is_some()
    }

    // ---------- public routes ----------

    pub async fn health(&self) -> Result<Health> {
        self.call::<(), _>(Method::GET, "/health", None, None).await
    }

    pub async fn invite(&self, token_or_code: &str) -> Result<InviteInfo> {
        self.call::<(), _>(Method::GET, &format!("/v1/invites/{}", encode_segment(token_or_code)), None, None).await
    }

    pub async fn create_account(&self, req: &CreateAccount) -> Result<AccountCreated> {
        self.call(Method::POST, "/v1/accounts", Some(req), None).await
    }

    pub async fn verify_email(&self, token: &str) -> Result<()> {
        self.send(Method::POST, "/v1/accounts/verify-email", Some(&VerifyEmail { token: Secret::new(token) }), None)
            .await
            .map(|_| ())
    }

    pub async fn resend_verification(&self, email: &str) -> Result<()> {
        self.send(
            Method::POST,
            "/v1/accounts/resend-verification",
            Some(&ResendVerification { email: email.into() }),
            None,
        )
        .await
        .map(|_| ())
    }

    /// The password step. Sends this device's remembered-device token when the store has one.
    /// Tokens of an `authenticated` answer are kept; the returned value still carries them for
    /// the caller's type, but the Tauri layer maps it to a token-free view.
    pub async fn login(&self, email: &str, password: &str, device: DeviceInfo) -> Result<LoginOutcome> {
        let remembered = self.store.load_remembered_device()?;
        let req =
            Login { email: email.into(), password: Secret::new(password), device, remembered_device_token: remembered };
        let outcome = self.call(Method::POST, "/v1/auth/login", Some(&req), None).await?;
        self.absorb(outcome).await
    }

    pub async fn verify_challenge(
        &self,
        challenge_id: &str,
        method: StepMethod,
        code: &str,
        remember_device: bool,
    ) -> Result<LoginOutcome> {
        let req = VerifyChallenge { method, code: Secret::new(code), remember_device };
        let outcome = self
            .call(
                Method::POST,
                &format!("/v1/auth/challenges/{}/verify", encode_segment(challenge_id)),
                Some(&req),
                None,
            )
            .await?;
        self.absorb(outcome).await
    }

    /// What became of the text with a sign-in challenge's code.
    pub async fn sms_delivery(&self, challenge_id: &str) -> Result<haven_api::SmsDelivery> {
        self.call::<(), _>(
            Method::GET,
            &format!("/v1/auth/challenges/{}/sms", encode_segment(challenge_id)),
            None,
            None,
        )
        .await
    }

    pub async fn resend_sms(&self, challenge_id: &str) -> Result<ResendAfter> {
        self.call::<(), _>(
            Method::POST,
            &format!("/v1/auth/challenges/{}/sms", encode_segment(challenge_id)),
            None,
            None,
        )
        .await
    }

    /// Rotates the refresh token from the store; on failure the session is over.
    pub async fn refresh(&self) -> Result<()> {
        let _one = self.refresh_gate.lock().await;
        self.refresh_locked().await
    }

    async fn refresh_locked(&self) -> Result<()> {
        let generation = self.generation.load(std::sync::atomic::Ordering::SeqCst);
        let refresh = self.store.load_refresh()?.ok_or(ClientError::SignedOut)?;
        match self
            .call::<_, Refreshed>(Method::POST, "/v1/auth/refresh", Some(&Refresh { refresh_token: refresh }), None)
            .await
        {
            Ok(r) => match self.keep_if_current(&r.tokens, generation).await? {
                true => Ok(()),
                false => Err(ClientError::SignedOut),
            },
            Err(e @ ClientError::Api { code: ErrorCode::Unauthenticated, .. }) => {
                // The service ended it: a dead token the keychain fails to drop does no harm.
                let _ = self.forget_session().await;
                Err(e)
            }
            Err(e) => Err(e),
        }
    }

    /// Resumes a session from the stored refresh token (app start).
    pub async fn resume(&self) -> Result<bool> {
        if self.store.load_refresh()?.is_none() {
            return Ok(false);
        }
        self.refresh().await.map(|_| true)
    }

    /// Forgets the session in memory at once, then removes its refresh token from the store.
    async fn forget_session(&self) -> std::result::Result<(), StoreError> {
        self.take_session().await;
        self.clear_refresh().await
    }

    /// Takes the session out of memory (nothing can use it from here on) and answers its access
    /// token; the refresh token stays in the store.
    async fn take_session(&self) -> Option<Secret> {
        let mut session = self.session.lock().await;
        self.generation.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        session.take()
    }

    /// Removes the refresh token from the store, trying three times (a keychain can be briefly
    /// busy or locked).
    async fn clear_refresh(&self) -> std::result::Result<(), StoreError> {
        let mut tries = 0;
        loop {
            match self.store.clear_refresh() {
                Ok(()) => return Ok(()),
                Err(e) if tries >= 2 => return Err(e),
                Err(_) => tries += 1,
            }
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
    }

    /// Signs out. The session leaves memory at once (nothing here can use it any more); then it
    /// is ended on the service, so a refresh token the keychain then fails to drop no longer
    /// works; then that token is removed. Answers what could not be done; the session is
    /// forgotten on this device in every case.
    pub async fn logout(&self) -> SignOut {
        let access = self.take_session().await;
        let ended = self.end_on_service(access.as_ref()).await;
        match (ended, self.clear_refresh().await) {
            (Ok(()), Ok(())) => SignOut::Done,
            (Err(service), Ok(())) => SignOut::ServiceNotTold(service),
            (Ok(()), Err(keychain)) => SignOut::KeychainKept(keychain),
            (Err(service), Err(keychain)) => SignOut::Incomplete { service, keychain },
        }
    }

    /// Ends the session on the service with the access token it had; one that expired (or none in
    /// memory, e.g. after an offline start) is renewed once from the stored refresh token, only
    /// to end it (the new tokens are not kept).
    async fn end_on_service(&self, access: Option<&Secret>) -> Result<()> {
        let logout = |token: String| async move {
            match self.send::<()>(Method::POST, "/v1/auth/logout", None, Some(&token)).await {
                // Already ended: nothing left to end.
                Ok(_) | Err(ClientError::Api { code: ErrorCode::Unauthenticated, .. }) => Ok(()),
                Err(e) => Err(e),
            }
        };
        if let Some(access) = access {
            match self.send::<()>(Method::POST, "/v1/auth/logout", None, Some(access.expose())).await {
                Ok(_) => return Ok(()),
                Err(ClientError::Api { code: ErrorCode::Unauthenticated, .. }) => {}
                Err(e) => return Err(e),
            }
        }
        let _one = self.refresh_gate.lock().await;
        let Some(refresh) = self.store.load_refresh()? else { return Ok(()) };
        let renewed = self
            .call::<_, Refreshed>(Method::POST, "/v1/auth/refresh", Some(&Refresh { refresh_token: refresh }), None)
            .await;
        match renewed {
            Ok(r) => logout(r.tokens.access_token.expose().to_owned()).await,
            Err(ClientError::Api { code: ErrorCode::Unauthenticated, .. }) => Ok(()),
            Err(e) => Err(e),
        }
    }

    // ---------- set-up (bearer: the setup token) ----------

    /// `country` reads a number typed without `+` (ISO 3166-1 alpha-2).
    pub async fn setup_phone(&self, setup_token: &str, phone: &str, country: Option<&str>) -> Result<ResendAfter> {
        let req = set_phone(phone, country);
        self.call(Method::PUT, "/v1/me/phone", Some(&req), Some(setup_token)).await
    }

    pub async fn setup_verify_phone(&self, setup_token: &str, code: &str) -> Result<LoginOutcome> {
        let o = self
            .call(Method::POST, "/v1/me/phone/verify", Some(&Code { code: Secret::new(code) }), Some(setup_token))
            .await?;
        self.absorb(o).await
    }

    pub async fn setup_totp(&self, setup_token: &str) -> Result<TotpEnrolment> {
        self.call::<(), _>(Method::POST, "/v1/me/totp", None, Some(setup_token)).await
    }

    pub async fn setup_confirm_totp(&self, setup_token: &str, code: &str) -> Result<LoginOutcome> {
        let o = self
            .call(Method::POST, "/v1/me/totp/confirm", Some(&Code { code: Secret::new(code) }), Some(setup_token))
            .await?;
        self.absorb(o).await
    }

    // ---------- signed in ----------

    pub async fn me(&self) -> Result<Me> {
        self.authed::<(), _>(Method::GET, "/v1/me", None).await
    }

    /// Asks for a password-reset email (the service answers alike for any address).
    pub async fn request_password_reset(&self, email: &str) -> Result<()> {
        let req = RequestPasswordReset { email: email.into() };
        self.send(Method::POST, "/v1/auth/password-reset", Some(&req), None).await.map(|_| ())
    }

    /// What completing a reset with this token needs; sends the texted code when that is the
    /// account's first second-step method.
    pub async fn check_password_reset(&self, token: &str) -> Result<PasswordResetCheck> {
        let req = PasswordResetToken { token: Secret::new(token) };
        self.call(Method::POST, "/v1/auth/password-reset/check", Some(&req), None).await
    }

    /// What became of the text with a password reset's code.
    pub async fn reset_sms_delivery(&self, token: &str) -> Result<haven_api::SmsDelivery> {
        let req = PasswordResetToken { token: Secret::new(token) };
        self.call(Method::POST, "/v1/auth/password-reset/sms", Some(&req), None).await
    }

    /// Sets a new password with a reset token (and a second-step code when two-step is on).
    pub async fn complete_password_reset(
        &self,
        token: &str,
        password: &str,
        second_step: Option<(StepMethod, &str)>,
    ) -> Result<()> {
        let req = CompletePasswordReset {
            token: Secret::new(token),
            password: Secret::new(password),
            method: second_step.map(|s| s.0),
            code: second_step.map(|s| Secret::new(s.1)),
        };
        self.send(Method::POST, "/v1/auth/password-reset/complete", Some(&req), None).await.map(|_| ())
    }

    /// Changes the signed-in user's password (needs a reauth in the last 10 minutes); the other
    /// sessions end.
    pub async fn change_password(&self, current: &str, new: &str) -> Result<()> {
        let req = ChangePassword { current_password: Secret::new(current), new_password: Secret::new(new) };
        self.authed::<_, Value>(Method::PUT, "/v1/me/password", Some(&req)).await.map(|_| ())
    }

    pub async fn reauth_password(&self, password: &str) -> Result<ReauthOk> {
        self.authed(
            Method::POST,
            "/v1/auth/reauth",
            Some(&Reauth { password: Some(Secret::new(password)), method: None, code: None }),
        )
        .await
    }

    pub async fn reauth_code(&self, method: StepMethod, code: &str) -> Result<ReauthOk> {
        self.authed(
            Method::POST,
            "/v1/auth/reauth",
            Some(&Reauth { password: None, method: Some(method), code: Some(Secret::new(code)) }),
        )
        .await
    }

    /// `country` reads a number typed without `+` (ISO 3166-1 alpha-2).
    pub async fn set_phone(&self, phone: &str, country: Option<&str>) -> Result<ResendAfter> {
        let req = set_phone(phone, country);
        self.authed(Method::PUT, "/v1/me/phone", Some(&req)).await
    }

    pub async fn verify_phone(&self, code: &str) -> Result<()> {
        self.authed::<_, Value>(Method::POST, "/v1/me/phone/verify", Some(&Code { code: Secret::new(code) }))
            .await
            .map(|_| ())
    }

    pub async fn enrol_totp(&self) -> Result<TotpEnrolment> {
        self.authed::<(), _>(Method::POST, "/v1/me/totp", None).await
    }

    pub async fn confirm_totp(&self, code: &str) -> Result<RecoveryCodes> {
        self.authed(Method::POST, "/v1/me/totp/confirm", Some(&Code { code: Secret::new(code) })).await
    }

    pub async fn set_two_step(&self, enabled: bool, method: Option<Factor>) -> Result<TwoStepChanged> {
        self.authed(Method::PUT, "/v1/me/two-step", Some(&SetTwoStep { enabled, method })).await
    }

    pub async fn new_recovery_codes(&self) -> Result<RecoveryCodes> {
        self.authed::<(), _>(Method::POST, "/v1/me/recovery-codes", None).await
    }

    pub async fn devices(&self) -> Result<RememberedDevices> {
        self.authed::<(), _>(Method::GET, "/v1/me/devices", None).await
    }

    pub async fn forget_device(&self, id: &str) -> Result<()> {
        self.authed::<(), Value>(Method::DELETE, &format!("/v1/me/devices/{}", encode_segment(id)), None)
            .await
            .map(|_| ())
    }

    pub async fn settings(&self, s: &Settings) -> Result<Me> {
        self.authed(Method::PUT, "/v1/me/settings", Some(s)).await
    }

    pub async fn accept_disclaimer(&self) -> Result<()> {
        self.authed::<_, Value>(Method::POST, "/v1/me/disclaimer", Some(&Disclaimer { accepted: true }))
            .await
            .map(|_| ())
    }

    pub async fn create_invite(&self, req: &CreateInvite) -> Result<InviteCreated> {
        self.authed(Method::POST, "/v1/invites", Some(req)).await
    }

    pub async fn deployment(&self, id: &str) -> Result<Deployment> {
        self.authed::<(), _>(Method::GET, &format!("/v1/deployments/{}", encode_segment(id)), None).await
    }

    pub async fn set_policy(&self, deployment_id: &str, p: &Policy) -> Result<Deployment> {
        self.authed(Method::PUT, &format!("/v1/deployments/{}/policy", encode_segment(deployment_id)), Some(p)).await
    }

    pub async fn users(&self, deployment_id: &str) -> Result<UserList> {
        self.authed::<(), _>(Method::GET, &format!("/v1/deployments/{}/users", encode_segment(deployment_id)), None)
            .await
    }

    /// Sends observations; each is accepted (safe to drop from the local queue) or rejected
    /// with its reason. Repeating a push is harmless (idempotent by id).
    pub async fn push(&self, observations: &[Observation]) -> Result<PushResult> {
        self.authed(Method::POST, "/v1/sync/push", Some(&Push { observations: observations.to_vec() })).await
    }

    /// One page of the signed-in user's observations changed after `since` (None: from the start).
    pub async fn pull(&self, since: Option<&str>, limit: u32) -> Result<PullPage> {
        let mut path = format!("/v1/sync/pull?limit={limit}");
        if let Some(c) = since {
            path.push_str(&format!("&since={}", encode_segment(c)));
        }
        self.authed::<(), _>(Method::GET, &path, None).await
    }

    // ---------- legal documents and consent ----------

    pub async fn legal(&self) -> Result<LegalList> {
        self.call::<(), _>(Method::GET, "/v1/legal", None, None).await
    }

    pub async fn legal_document(&self, slug: &str) -> Result<LegalDocument> {
        self.call::<(), _>(Method::GET, &format!("/v1/legal/{}", encode_segment(slug)), None, None).await
    }

    pub async fn consent(&self) -> Result<ConsentState> {
        self.authed::<(), _>(Method::GET, "/v1/me/consent", None).await
    }

    pub async fn sign_consent(&self, version: &str) -> Result<ConsentState> {
        self.authed(Method::POST, "/v1/me/consent", Some(&SignConsent { version: version.into() })).await
    }

    /// Needs a reauth in the last 10 minutes.
    pub async fn withdraw_consent(&self) -> Result<ConsentState> {
        self.authed::<(), _>(Method::POST, "/v1/me/consent/withdraw", None).await
    }

    // ---------- data download ----------

    /// Starts a data download with its times in `time_zone` (IANA); needs a reauth in the
    /// last 10 minutes.
    pub async fn create_export(&self, format: ExportFormat, time_zone: Option<String>) -> Result<ExportJob> {
        self.authed(Method::POST, "/v1/me/exports", Some(&CreateExport { format, time_zone })).await
    }

    pub async fn exports(&self) -> Result<ExportList> {
        self.authed::<(), _>(Method::GET, "/v1/me/exports", None).await
    }

    pub async fn export(&self, id: &str) -> Result<ExportJob> {
        self.authed::<(), _>(Method::GET, &format!("/v1/me/exports/{}", encode_segment(id)), None).await
    }

    /// Opens a ready export's file; read it with [`Download::chunk`].
    pub async fn download_export(&self, id: &str) -> Result<Download> {
        Ok(Download { resp: self.authed_raw(&format!("/v1/me/exports/{}/file", encode_segment(id))).await? })
    }

    /// Opens the user's server-sent event stream (`GET /v1/me/events`).
    pub async fn events(&self) -> Result<EventStream> {
        Ok(EventStream { resp: self.authed_raw("/v1/me/events").await?, buf: String::new() })
    }

    /// A GET as the signed-in user whose body is read by the caller (files, event streams);
    /// refreshes once like [`Self::authed`]. Errors keep the contract's code.
    async fn authed_raw(&self, path: &str) -> Result<reqwest::Response> {
        for attempt in 0..2 {
            let access = self.session.lock().await.clone().ok_or(ClientError::SignedOut)?;
            // No overall timeout: event streams stay open and large files take time.
            let resp = self
                .request(Method::GET, path)
                .bearer_auth(access.expose())
                .timeout(Duration::from_secs(24 * 3600))
                .send()
                .await
                .map_err(unreachable)?;
            if resp.status().is_success() {
                return Ok(resp);
            }
            match api_error(resp).await {
                ClientError::Api { code: ErrorCode::Unauthenticated, .. } if attempt == 0 => {
                    self.refresh_after(&access).await?
                }
                e => return Err(e),
            }
        }
        Err(ClientError::SignedOut)
    }

    // ---------- clinicians ----------

    pub async fn patients(&self) -> Result<PatientList> {
        self.authed::<(), _>(Method::GET, "/v1/patients", None).await
    }

    /// One page of a patient's observations (clinicians of the same deployment).
    pub async fn patient_observations(&self, patient_id: &str, since: Option<&str>, limit: u32) -> Result<PullPage> {
        let mut path = format!("/v1/patients/{}/observations?limit={limit}", encode_segment(patient_id));
        if let Some(c) = since {
            path.push_str(&format!("&since={}", encode_segment(c)));
        }
        self.authed::<(), _>(Method::GET, &path, None).await
    }

    /// Admin: ends the block of an account whose email was not verified in time.
    pub async fn unblock_user(&self, id: &str) -> Result<AdminUser> {
        self.authed::<(), _>(Method::POST, &format!("/v1/users/{}/unblock", encode_segment(id)), None).await
    }

    /// Admin: unlocks an account locked after repeated second-step failures.
    pub async fn unlock_user(&self, id: &str) -> Result<AdminUser> {
        self.authed::<(), _>(Method::POST, &format!("/v1/users/{}/unlock", encode_segment(id)), None).await
    }

    /// The development inbox, read with the key its service was started with; None when the
    /// service has none (it delivers for real).
    pub async fn dev_outbox(&self, key: &Secret) -> Result<Option<Outbox>> {
        let req = self.request(Method::GET, "/v1/dev/outbox").header(OUTBOX_KEY_HEADER, key.expose());
        match self.exchange(req).await {
            Ok((_, v)) => {
                serde_json::from_value(v).map(Some).map_err(|e| ClientError::Protocol(format!("outbox: {e}")))
            }
            Err(ClientError::Api { code: ErrorCode::NotFound, .. }) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Whether the service is a development one (its outbox route exists: without the key it
    /// answers 403, where a service that delivers for real has no such route).
    pub async fn is_development_service(&self) -> bool {
        // Asked at start: a service that does not answer soon is not waited for.
        let req = self.request(Method::GET, "/v1/dev/outbox").timeout(Duration::from_secs(2));
        matches!(self.exchange(req).await, Err(ClientError::Api { code: ErrorCode::Forbidden, .. }))
    }
}

/// How signing out went. The session is forgotten on this device in every case.
#[derive(Debug)]
pub enum SignOut {
    /// Ended on the service and removed from the keychain.
    Done,
    /// Removed from the keychain, but the service could not be told (offline): no copy of the
    /// token is left anywhere, and the service ends the session when it expires.
    ServiceNotTold(ClientError),
    /// Ended on the service, but the keychain kept its token, which no longer works.
    KeychainKept(StoreError),
    /// Neither: the keychain still holds a token the service would accept.
    Incomplete { service: ClientError, keychain: StoreError },
}

/// Percent-encodes one path segment (ids and tokens come from users and links).
fn encode_segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A number with its `+` names its own country: `country` is sent only for one typed as dialled at
/// home (so a service from before `country` existed still takes the international form).
fn set_phone(phone: &str, country: Option<&str>) -> SetPhone {
    let international = phone.trim_start().starts_with('+');
    SetPhone { phone: phone.into(), country: country.filter(|_| !international).map(str::to_owned) }
}

#[cfg(test)]
mod tests {
    #[test]
    fn path_segments_are_encoded() {
        assert_eq!(super::encode_segment("hvi_ab-C9"), "hvi_ab-C9");
        assert_eq!(super::encode_segment("../admin?x=1"), "..%2Fadmin%3Fx%3D1");
    }

    /// A key made while the keychain cannot be used is said not to be kept, so the store it
    /// meets is left alone (`OfflineStore::open`), and it is the same key for the rest of the run.
    #[test]
    fn a_store_key_made_without_a_working_keychain_is_not_kept() {
        use crate::keychain::FallbackStore;
        use crate::session::StoreError;
        let store = std::sync::Arc::new(FallbackStore::new(Err(StoreError::Timeout)));
        let c = super::HavenClient::new("http://127.0.0.1:9", store).expect("client");
        let (first, kept) = c.store_key("u1").expect("key");
        assert!(!kept);
        let (again, _) = c.store_key("u1").expect("key");
        assert_eq!(first.to_secret().expose(), again.to_secret().expose());
        let (other, _) = c.store_key("u2").expect("key");
        assert_ne!(first.to_secret().expose(), other.to_secret().expose());
    }

    /// Every request asks for the app's language (English unless the app was set to another).
    #[test]
    fn requests_ask_for_the_apps_language() {
        let store = std::sync::Arc::new(crate::MemoryStore::default());
        let c = super::HavenClient::new("http://127.0.0.1:9", store).expect("client");
        let req = c.request(reqwest::Method::GET, "/v1/me/events").build().expect("request");
        assert_eq!(req.url().as_str(), "http://127.0.0.1:9/v1/me/events");
        let lang = req.headers().get(reqwest::header::ACCEPT_LANGUAGE).expect("Accept-Language");
        assert_eq!(lang, haven_i18n::app().code());
    }
}
