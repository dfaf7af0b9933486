//! The view mapping: what the core answers, as the webview sees it — the token-free views of
//! `haven_api::shell`. Nothing here talks to the service.

use crate::error::sync_failure;
use haven_api::shell::{
    ConsentView, Demo, DeviceView, HealthView, InviteView, MeView, ReadingView, Recorded, SeriesView, SignIn, TotpSetup,
};
use haven_api::{
    ConsentState, InviteInfo, LegalDocument, LoginOutcome, Me, Observation, RememberedDevice, Secret, TotpEnrolment,
};
use haven_client::health::{Series, Snapshot};
use haven_client::offline::Local;

/// A sign-in answer as the UI sees it, and the set-up token the shell must keep (if any). The
/// tokens of a completed sign-in never leave the client.
pub fn sign_in(o: LoginOutcome) -> (SignIn, Option<Secret>) {
    match o {
        LoginOutcome::Authenticated { user, recovery_codes, .. } => (
            SignIn::Authenticated {
                name: user.name,
                role: user.role,
                recovery_codes: codes(recovery_codes.unwrap_or_default()),
            },
            None,
        ),
        LoginOutcome::SecondFactorRequired {
            challenge_id,
            methods,
            sms_sent_to,
            sms_retry_after,
            remember_device_days,
            ..
        } => (
            SignIn::SecondFactorRequired { challenge_id, methods, sms_sent_to, sms_retry_after, remember_device_days },
            None,
        ),
        LoginOutcome::SetupRequired { setup_token, required } => {
            (SignIn::SetupRequired { required }, Some(setup_token))
        }
        LoginOutcome::EmailVerificationRequired { email } => (SignIn::EmailVerificationRequired { email }, None),
    }
}

pub fn me(m: Me) -> MeView {
    MeView {
        name: m.name,
        email: m.email,
        role: m.role,
        two_step_enabled: m.two_step.enabled,
        two_step_method: m.two_step.method,
        disclaimer_accepted: m.disclaimer_accepted_at.is_some(),
        phone: m.phone,
        biometric_login: m.biometric_login,
        biometric_required: m.deployment.policy.biometric_required,
        lock_enabled: m.lock_when_idle.enabled,
        lock_timeout_s: m.lock_when_idle.timeout_s,
        lock_cap_s: m.deployment.policy.idle_timeout_max_s,
        time_zone: m.time_zone,
        two_step_mandatory: m.deployment.policy.two_step_mandatory(m.role),
        allowed_methods: m.deployment.policy.factors(),
        deployment_id: m.deployment.id,
        deployment_name: m.deployment.name,
    }
}

/// Recovery codes are shown to the user on purpose, once.
pub fn codes(c: Vec<Secret>) -> Vec<String> {
    c.into_iter().map(|c| c.0).collect()
}

/// The user's own authenticator key, to scan or type.
pub fn totp(e: TotpEnrolment) -> TotpSetup {
    // `qr_svg` stays behind: the UI draws the code from the URL (no service markup in the webview).
    TotpSetup { secret: e.secret.0, otpauth_url: e.otpauth_url.0 }
}

pub fn device(d: RememberedDevice) -> DeviceView {
    DeviceView { id: d.id, name: d.name, platform: d.platform, expires_at: d.expires_at }
}

pub fn invite(i: InviteInfo) -> InviteView {
    InviteView { email: i.email, role: i.role, deployment_name: i.deployment_name, expires_at: i.expires_at }
}

pub fn consent(c: ConsentState, doc: LegalDocument) -> ConsentView {
    ConsentView {
        status: c.status,
        signed_version: c.version,
        signed_at: c.signed_at,
        withdrawn_at: c.withdrawn_at,
        version: doc.version,
        title: doc.title,
        body: doc.body,
    }
}

pub fn demo(d: haven_sync::demo::DemoInfo) -> Demo {
    Demo {
        admin_email: d.admin_email,
        admin_password: Some(d.admin_password),
        clinician_invite_code: d.clinician_invite_code,
        enrolment_code: d.enrolment_code,
    }
}

/// A chart: the kind and its latest values.
pub fn series(s: Series) -> SeriesView {
    SeriesView { kind: s.kind, recent: s.recent.into_iter().map(reading).collect(), points: s.points }
}

fn reading(o: Observation) -> ReadingView {
    ReadingView { id: o.id, recorded_at: o.recorded_at, value: o.value, note: o.note }
}

pub fn health(s: Snapshot) -> HealthView {
    HealthView {
        series: s.series.into_iter().map(series).collect(),
        pending: s.pending,
        rejected: s.rejected,
        collecting: s.consent.collecting(),
        consent: s.consent,
        sync_error: s.sync_error.map(sync_failure),
        last_sync: s.last_sync,
        store_lost: s.lost_unsent.map(store_lost),
        recorded: None,
    }
}

/// What the health screen says when the store's key was gone.
fn store_lost(unsent: i64) -> String {
    haven_i18n::tr!("shell-store-lost", unsent = unsent)
}

/// The health screen after a value was kept, with where it stands.
pub fn health_after(s: Snapshot, kept: Option<Local>) -> HealthView {
    HealthView { recorded: kept.map(|l| Recorded { state: l.state, reason: l.reason }), ..health(s) }
}

/// What the sign-in screen says after signing out, when it did not all go through.
pub fn sign_out(out: haven_client::SignOut) -> Option<String> {
    use haven_client::SignOut;
    match out {
        SignOut::Done => None,
        // No copy of the token is left; the service ends the session when it expires.
        SignOut::ServiceNotTold(e) => {
            tracing::warn!(error = %e, "signed out here; the service could not be told");
            None
        }
        SignOut::KeychainKept(e) => Some(haven_i18n::tr!("shell-signed-out-keychain-kept", error = e.to_string())),
        SignOut::Incomplete { service, keychain } => {
            // The service's sentence without its full stop: it is in brackets mid-sentence.
            let (why, kept) = (crate::error::client_error(service).text(), keychain.to_string());
            Some(haven_i18n::tr!("shell-sign-out-incomplete", service = why.trim_end_matches('.'), keychain = kept))
        }
    }
}
