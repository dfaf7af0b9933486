//! The one typed contract between the app shell (Tauri) and its webview UI.
//!
//! Every command is a marker type in [`cmd`] that names its argument type and its reply type
//! ([`Command`]); the UI sends `{"args": <Args>}` and the shell's handler takes `args: Args<C>`,
//! so both sides (de)serialize the same Rust type and a renamed field cannot break a screen at
//! run time. Replies are token-free views of the service's answers; errors are [`UiError`]s
//! whose [`UiError::text`] is the one sentence the app shows for each [`UiCode`].

use crate::{
    AdminUser, ConsentStatus, ErrorCode, ExportFormat, ExportJob, Factor, Kind, LegalSummary, ObservationValue,
    OutboxMessage, PatientSummary, Policy, Role, RowState, SetupNeed, StepMethod,
};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

// ---------- errors ----------

/// Every error code the app can show: the service's codes plus the app's own.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UiCode {
    InvalidRequest,
    InvalidCredentials,
    Unauthenticated,
    ReauthRequired,
    Forbidden,
    NotFound,
    MethodNotAllowed,
    Conflict,
    ConsentWithdrawn,
    Gone,
    PayloadTooLarge,
    UnsupportedMediaType,
    Unprocessable,
    TooManyAttempts,
    #[default]
    Internal,
    Unavailable,
    /// The service could not be reached.
    Unreachable,
    /// The service's TLS certificate is not trusted: nothing was sent.
    Untrusted,
    /// The service (or the shell) answered something this app does not understand.
    Protocol,
    /// The OS keychain could not be used.
    Keychain,
    /// The app is locked.
    Locked,
    /// Not offered here (no reader, no development inbox, no notifications).
    NotAvailable,
    /// The device's own storage failed.
    LocalStorage,
    /// The app could not start (its message says why: a refused service address, a missing
    /// file).
    NotStarted,
    /// The app ended the session itself (too many wrong passwords at the lock screen): only a
    /// full sign-in opens it again. Its message says why.
    SignedOut,
}

impl UiCode {
    pub const ALL: [UiCode; 25] = [
        UiCode::InvalidRequest,
        UiCode::InvalidCredentials,
        UiCode::Unauthenticated,
        UiCode::ReauthRequired,
        UiCode::Forbidden,
        UiCode::NotFound,
        UiCode::MethodNotAllowed,
        UiCode::Conflict,
        UiCode::ConsentWithdrawn,
        UiCode::Gone,
        UiCode::PayloadTooLarge,
        UiCode::UnsupportedMediaType,
        UiCode::Unprocessable,
        UiCode::TooManyAttempts,
        UiCode::Internal,
        UiCode::Unavailable,
        UiCode::Unreachable,
        UiCode::Untrusted,
        UiCode::Protocol,
        UiCode::Keychain,
        UiCode::Locked,
        UiCode::NotAvailable,
        UiCode::LocalStorage,
        UiCode::NotStarted,
        UiCode::SignedOut,
    ];
}

impl From<ErrorCode> for UiCode {
    fn from(c: ErrorCode) -> UiCode {
        match c {
            ErrorCode::InvalidRequest => UiCode::InvalidRequest,
            ErrorCode::InvalidCredentials => UiCode::InvalidCredentials,
            ErrorCode::Unauthenticated => UiCode::Unauthenticated,
            ErrorCode::ReauthRequired => UiCode::ReauthRequired,
            ErrorCode::Forbidden => UiCode::Forbidden,
            ErrorCode::NotFound => UiCode::NotFound,
            ErrorCode::MethodNotAllowed => UiCode::MethodNotAllowed,
            ErrorCode::Conflict => UiCode::Conflict,
            ErrorCode::ConsentWithdrawn => UiCode::ConsentWithdrawn,
            ErrorCode::Gone => UiCode::Gone,
            ErrorCode::PayloadTooLarge => UiCode::PayloadTooLarge,
            ErrorCode::UnsupportedMediaType => UiCode::UnsupportedMediaType,
            ErrorCode::Unprocessable => UiCode::Unprocessable,
            ErrorCode::TooManyAttempts => UiCode::TooManyAttempts,
            ErrorCode::Internal => UiCode::Internal,
            ErrorCode::Unavailable => UiCode::Unavailable,
        }
    }
}

/// An error as the webview receives it: `{code, message, fields?, retry_after_s?}`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UiError {
    pub code: UiCode,
    pub message: String,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after_s: Option<u64>,
}

impl UiError {
    /// An error with its own sentence (empty: the code's fixed sentence).
    pub fn new(code: UiCode, message: impl Into<String>) -> UiError {
        UiError { code, message: message.into(), ..UiError::default() }
    }

    /// An `unprocessable` error about one field.
    pub fn field(field: &str, message: impl Into<String>) -> UiError {
        let message = message.into();
        UiError {
            code: UiCode::Unprocessable,
            fields: [(field.to_owned(), message.clone())].into(),
            message,
            ..UiError::default()
        }
    }

    /// The sentence the app shows for this error. It branches on the machine code; where
    /// the service's own message is the specific one (which field, how many tries left) it
    /// is used, otherwise a fixed sentence that says what happened and what to do.
    pub fn text(&self) -> String {
        use haven_i18n::tr;
        let own = |fallback: String| {
            if self.message.trim().is_empty() {
                fallback
            } else {
                self.message.clone()
            }
        };
        match self.code {
            UiCode::InvalidRequest => own(tr!("errors-invalid-request")),
            UiCode::InvalidCredentials => own(tr!("errors-invalid-credentials")),
            UiCode::Unauthenticated => tr!("errors-unauthenticated"),
            UiCode::ReauthRequired => tr!("errors-reauth-required"),
            UiCode::Forbidden => own(tr!("errors-forbidden")),
            UiCode::NotFound => own(tr!("errors-not-found")),
            UiCode::MethodNotAllowed => tr!("errors-method-not-allowed"),
            UiCode::Conflict => own(tr!("errors-conflict")),
            UiCode::ConsentWithdrawn => tr!("errors-consent-withdrawn"),
            UiCode::Gone => own(tr!("errors-gone")),
            UiCode::PayloadTooLarge => tr!("errors-payload-too-large"),
            UiCode::UnsupportedMediaType => tr!("errors-unsupported-media-type"),
            UiCode::Unprocessable if !self.fields.is_empty() => {
                self.fields.values().cloned().collect::<Vec<_>>().join(" ")
            }
            UiCode::Unprocessable => own(tr!("errors-unprocessable")),
            UiCode::TooManyAttempts => match self.retry_after_s {
                Some(s) if s >= 120 => tr!("errors-too-many-attempts-minutes", minutes = s.div_ceil(60)),
                Some(s) => tr!("errors-too-many-attempts-seconds", seconds = s),
                None => own(tr!("errors-too-many-attempts")),
            },
            UiCode::Internal => tr!("errors-internal"),
            UiCode::Unavailable => tr!("errors-unavailable"),
            UiCode::Unreachable => tr!("errors-unreachable"),
            UiCode::Untrusted => tr!("errors-untrusted"),
            UiCode::Protocol => tr!("errors-protocol"),
            UiCode::Keychain => tr!("errors-keychain"),
            UiCode::Locked => tr!("errors-locked"),
            UiCode::NotAvailable => own(tr!("errors-not-available")),
            UiCode::LocalStorage => own(tr!("errors-local-storage")),
            UiCode::NotStarted => own(tr!("errors-not-started")),
            UiCode::SignedOut => own(tr!("errors-signed-out")),
        }
    }
}

// ---------- views ----------

/// A sign-in step as the UI sees it: never a token (a set-up token stays in the shell).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum SignIn {
    Authenticated {
        name: String,
        role: Role,
        /// Shown once, when this step created them (completing two-step set-up).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        recovery_codes: Vec<String>,
    },
    SecondFactorRequired {
        challenge_id: String,
        methods: Vec<StepMethod>,
        sms_sent_to: Option<String>,
        /// No text could be sent now: seconds until one can be asked for.
        sms_retry_after: Option<u64>,
        remember_device_days: u32,
    },
    SetupRequired {
        required: Vec<SetupNeed>,
    },
    EmailVerificationRequired {
        email: String,
    },
}

/// The demo deployment's sign-in details, shown whenever the bundled demo deployment runs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Demo {
    pub admin_email: String,
    /// Given only until someone first signs in on this install: after that, whoever is at the
    /// screen is not shown it.
    pub admin_password: Option<String>,
    pub clinician_invite_code: String,
    pub enrolment_code: String,
}

/// The app's language and where it comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LanguageView {
    /// The language the app speaks now.
    pub lang: haven_i18n::Lang,
    /// The person's choice; `None` follows the system.
    pub chosen: Option<haven_i18n::Lang>,
    /// The system's language (English when it is none Haven speaks).
    pub system: haven_i18n::Lang,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LanguageArgs {
    /// `None`: follow the system's language.
    pub lang: Option<haven_i18n::Lang>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppInfo {
    pub server_url: String,
    pub bundled: bool,
    pub demo: Option<Demo>,
    /// The service sends nothing for real (development delivery): every screen says so.
    pub dev_service: bool,
    /// A development inbox page is offered (the bundled service, or a development service on
    /// this machine whose key the app was given).
    pub dev_inbox: bool,
}

/// Biometric unlock on this device: whether it can be used, and why not.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BiometricView {
    /// A reader with an enrolled finger answers.
    pub available: bool,
    pub reason: Option<String>,
    /// The user has biometric login on.
    pub enabled: bool,
    pub required: bool,
    /// Scans left before only the password opens the app.
    pub attempts_left: u32,
}

/// Where the app stands: signed in (a session resumed from the keychain counts), locked, and
/// why tokens are kept for this run only when the keychain cannot be used.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionView {
    pub signed_in: bool,
    pub locked: bool,
    pub keychain_problem: Option<String>,
}

/// The event the shell emits (to every window) the moment the app locks; the UI then shows the
/// lock screen. It carries nothing.
pub const LOCKED_EVENT: &str = "locked";

/// The event the shell emits when a download this app waits for is ready or has failed, so
/// "Download your data" shows it at once (its progress bar is still asked for every second).
/// It carries nothing.
pub const EXPORTS_EVENT: &str = "exports-changed";

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeView {
    pub name: String,
    pub email: String,
    pub role: Role,
    pub two_step_enabled: bool,
    pub two_step_method: Option<Factor>,
    /// Clinicians accept the disclaimer once before the dashboard.
    pub disclaimer_accepted: bool,
    /// The verified mobile number, masked by the service where it is shown elsewhere.
    pub phone: Option<String>,
    pub biometric_login: bool,
    /// The deployment requires biometric login (it cannot be turned off).
    pub biometric_required: bool,
    pub lock_enabled: bool,
    pub lock_timeout_s: u32,
    /// The deployment's longest idle time before the app locks.
    pub lock_cap_s: u32,
    /// The time zone chosen for data downloads (None: the device's).
    pub time_zone: Option<String>,
    pub deployment_id: String,
    pub deployment_name: String,
    /// Two-step verification cannot be turned off (clinician, or the deployment requires it).
    pub two_step_mandatory: bool,
    /// The second-step factors the deployment allows.
    pub allowed_methods: Vec<Factor>,
}

/// Authenticator-app set-up: the user's own secret, to scan or type. The UI draws the QR code
/// from `otpauth_url` itself: no markup from the service reaches the webview.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TotpSetup {
    pub secret: String,
    pub otpauth_url: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceView {
    pub id: String,
    pub name: String,
    pub platform: String,
    pub expires_at: String,
}

/// A new observation from the capture form: the shell adds the id and the unit.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewObservation {
    pub kind: Kind,
    pub value: ObservationValue,
    /// RFC 3339; the shell uses now when absent.
    #[serde(default)]
    pub recorded_at: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

/// A change to a value recorded earlier (its kind stays what it was).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChangeObservation {
    pub id: String,
    pub value: ObservationValue,
    /// RFC 3339; unchanged when absent.
    #[serde(default)]
    pub recorded_at: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

/// One value as listed under its chart.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReadingView {
    pub id: String,
    /// RFC 3339, as recorded (the UI shows it in the device's time zone).
    pub recorded_at: String,
    /// Written in the reader's language by the UI, with the kind's unit.
    pub value: ObservationValue,
    pub note: Option<String>,
}

/// One kind's observations for its chart: (unix ms, numbers), oldest first, and its latest
/// values, newest first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SeriesView {
    /// Named and its unit written by the UI, in the reader's language (`Kind::name`, `unit_name`).
    pub kind: Kind,
    pub points: Vec<(i64, Vec<f64>)>,
    pub recent: Vec<ReadingView>,
}

/// A clinician's view of one patient: who, their consent, their charts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PatientHealthView {
    pub name: String,
    pub consent: ConsentStatus,
    pub series: Vec<SeriesView>,
}

/// Where a just-recorded value stands, and the service's reason when it refused it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recorded {
    pub state: RowState,
    pub reason: Option<String>,
}

/// The health screen: charts, what waits to be sent, what was refused and why, and whether
/// data is being collected at all (consent).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HealthView {
    pub series: Vec<SeriesView>,
    pub pending: i64,
    /// (observation id, the service's reason) for each refused value.
    pub rejected: Vec<(String, String)>,
    /// As last known (offline keeps the last answer).
    pub consent: ConsentStatus,
    pub collecting: bool,
    /// Why the last sync did not finish (offline, consent), if it did not.
    pub sync_error: Option<String>,
    pub last_sync: Option<String>,
    /// Said when this device's store could not be read (its key was gone from the keychain):
    /// how many unsent values were lost, and that the rest comes back from the service.
    #[serde(default)]
    pub store_lost: Option<String>,
    /// After recording: where the new value stands.
    #[serde(default)]
    pub recorded: Option<Recorded>,
}

/// The informed-consent page: the text in force and the user's state.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentView {
    pub status: ConsentStatus,
    pub signed_version: Option<String>,
    pub signed_at: Option<String>,
    pub withdrawn_at: Option<String>,
    pub version: String,
    pub title: String,
    pub body: String,
}

/// What completing a password reset needs: the account, and a second-step code when two-step is
/// on (one of `methods`; a text went to `sms_sent_to` when that is the first).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResetView {
    pub email: String,
    pub methods: Vec<StepMethod>,
    pub sms_sent_to: Option<String>,
    pub sms_retry_after: Option<u64>,
}

/// An invitation as shown before creating the account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InviteView {
    pub email: String,
    pub role: Role,
    pub deployment_name: String,
    pub expires_at: String,
}

// ---------- arguments ----------

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginArgs {
    pub email: String,
    pub password: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerifyCodeArgs {
    pub challenge_id: String,
    pub method: StepMethod,
    pub code: String,
    pub remember: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChallengeArgs {
    pub challenge_id: String,
}

/// A code typed by the user: a texted or authenticator code, an invitation code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeArgs {
    pub code: String,
}

/// Recovery codes the screen shows, to be saved in a file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodesArgs {
    pub codes: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdArgs {
    pub id: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhoneArgs {
    pub phone: String,
    /// The country the number is from when it is typed without `+` (ISO 3166-1 alpha-2).
    pub country: String,
}

/// What the webview's code reports for the app's log: the screen stopped working (a panic or
/// another trap), or an error went unhandled (the screen may still work).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CrashKind {
    Panic,
    /// A trap of the module that was not a panic (out of memory), or a stack overflow in it
    /// (WebKit throws that as a `RangeError`).
    Trap,
    /// Any other exception nobody caught.
    Error,
    /// A promise rejected with nobody waiting for it.
    Rejection,
}

impl CrashKind {
    /// Whether the screen stopped working (shown to the person), not merely reported.
    pub fn stops_the_screen(self) -> bool {
        matches!(self, CrashKind::Panic | CrashKind::Trap)
    }
}

/// What the shell logs when the screen stopped working (the e2e tests look for it).
pub const SCREEN_STOPPED: &str = "the screen stopped working";

/// A report of the webview's code for the app's log: what happened, and its message and place.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CrashArgs {
    pub kind: CrashKind,
    pub message: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasswordArgs {
    pub password: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnabledArgs {
    pub enabled: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenArgs {
    pub token: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmailArgs {
    pub email: String,
}

/// A new password from a reset link, with a second-step code when two-step is on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompleteResetArgs {
    pub token: String,
    pub password: String,
    /// With `code` when two-step is on.
    pub method: Option<StepMethod>,
    pub code: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangePasswordArgs {
    pub current_password: String,
    pub new_password: String,
}

/// Joining by invitation: the invitation's code or link token, then the new account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreateAccountArgs {
    pub code: String,
    pub name: String,
    pub password: String,
    pub accept_terms: bool,
}

/// Patient self-enrolment with the provider's enrolment code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnrolArgs {
    pub code: String,
    pub email: String,
    pub name: String,
    pub password: String,
    pub accept_terms: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TwoStepArgs {
    pub enabled: bool,
    /// Which, when turning it on.
    pub method: Option<Factor>,
}

/// "Lock app when not in use": on or off, and after how many seconds without use.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LockArgs {
    pub enabled: bool,
    pub timeout_s: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InviteArgs {
    pub email: String,
    pub role: Role,
    /// The language the invitation is written in, for the person invited.
    pub language: haven_i18n::Lang,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionArgs {
    pub version: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlugArgs {
    pub slug: String,
}

/// A data download: the format, and the IANA time zone its times are shown in (the one the
/// screen shows: the profile's choice or the device's).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportArgs {
    pub format: ExportFormat,
    pub time_zone: Option<String>,
}

/// The time zone for data downloads: an IANA name, or None for the device's own.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeZoneArgs {
    pub time_zone: Option<String>,
}

/// The time zones downloads can use: the device's, and every IANA name the app and the
/// service both know (the same bundled database).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeZonesView {
    /// None when the device's zone has no IANA name (then files use UTC unless one is chosen).
    pub device: Option<String>,
    pub names: Vec<String>,
}

// ---------- commands ----------

/// A shell command: its name, the one type of its argument and the one type of its reply.
/// Commands that take nothing have `Args = ()` and no `args` parameter in the shell.
pub trait Command {
    const NAME: &'static str;
    type Args: Serialize + DeserializeOwned;
    type Reply: Serialize + DeserializeOwned;
}

/// The argument a command's handler takes.
pub type Args<C> = <C as Command>::Args;

macro_rules! commands {
    ($($(#[$doc:meta])* $ty:ident = $name:literal: $args:ty => $reply:ty;)*) => {
        $(
            $(#[$doc])*
            pub struct $ty;
            impl super::Command for $ty {
                const NAME: &'static str = $name;
                type Args = $args;
                type Reply = $reply;
            }
        )*
        /// Every command's name, in the order defined here.
        pub const ALL: &[&str] = &[$($name),*];
    };
}

/// The commands, one marker type each (the shell registers a handler of the same name).
pub mod cmd {
    use super::*;

    commands! {
        // Signing in and joining.
        AppInfo = "app_info": () => super::AppInfo;
        /// Answered before start-up is done (the first screen needs it), as is `SetLanguage`.
        Language = "language": () => LanguageView;
        SetLanguage = "set_language": LanguageArgs => LanguageView;
        /// The screen stopped working, or an error went unhandled; logged by the shell.
        /// Answered before start-up is done too: the screen may stop while the shell starts.
        ReportCrash = "report_crash": CrashArgs => ();
        Login = "login": LoginArgs => SignIn;
        VerifyCode = "verify_code": VerifyCodeArgs => SignIn;
        /// Answers the seconds until another code can be sent.
        ResendSms = "resend_sms": ChallengeArgs => u64;
        /// What became of the text with the sign-in's code.
        SmsDelivery = "sms_delivery": ChallengeArgs => crate::SmsDelivery;
        Logout = "logout": () => Option<String>;
        InviteInfo = "invite_info": CodeArgs => InviteView;
        CreateAccount = "create_account": CreateAccountArgs => ();
        Enrol = "enrol": EnrolArgs => ();
        VerifyEmail = "verify_email": TokenArgs => ();
        ResendVerification = "resend_verification": EmailArgs => ();
        SetupPhone = "setup_phone": PhoneArgs => u64;
        SetupVerifyPhone = "setup_verify_phone": CodeArgs => SignIn;
        SetupTotp = "setup_totp": () => TotpSetup;
        SetupConfirmTotp = "setup_confirm_totp": CodeArgs => SignIn;
        // A forgotten password.
        ForgotPassword = "forgot_password": EmailArgs => ();
        CheckReset = "check_reset": TokenArgs => ResetView;
        ResetSmsDelivery = "reset_sms_delivery": TokenArgs => crate::SmsDelivery;
        CompleteReset = "complete_reset": CompleteResetArgs => ();
        // Profile → Account.
        Me = "me": () => MeView;
        AcceptDisclaimer = "accept_disclaimer": () => ();
        Reauth = "reauth": PasswordArgs => ();
        /// Needs a reauth in the last 10 minutes; the other sessions end.
        ChangePassword = "change_password": ChangePasswordArgs => ();
        SetPhone = "set_phone": PhoneArgs => u64;
        VerifyPhone = "verify_phone": CodeArgs => ();
        EnrolTotp = "enrol_totp": () => TotpSetup;
        /// Answers the new recovery codes.
        ConfirmTotp = "confirm_totp": CodeArgs => Vec<String>;
        /// Answers the recovery codes when this created them.
        SetTwoStep = "set_two_step": TwoStepArgs => Vec<String>;
        NewRecoveryCodes = "new_recovery_codes": () => Vec<String>;
        /// Saves the recovery codes shown as a text file where the user picks; answers where
        /// (None: the user cancelled).
        SaveRecoveryCodes = "save_recovery_codes": CodesArgs => Option<String>;
        Devices = "devices": () => Vec<DeviceView>;
        ForgetDevice = "forget_device": IdArgs => ();
        SetLock = "set_lock": LockArgs => MeView;
        BiometricStatus = "biometric_status": () => BiometricView;
        SetBiometric = "set_biometric": EnabledArgs => MeView;
        TestNotification = "test_notification": () => ();
        // The session and the lock.
        Session = "session": () => SessionView;
        /// The person pressed a key or clicked; answers whether the app is locked.
        Activity = "activity": () => bool;
        Unlock = "unlock": PasswordArgs => ();
        UnlockBiometric = "unlock_biometric": () => ();
        // Administration and the development inbox.
        Deployment = "deployment": () => crate::Deployment;
        SetPolicy = "set_policy": Policy => crate::Deployment;
        /// Answers when the invitation expires.
        Invite = "invite": InviteArgs => String;
        Users = "users": () => Vec<AdminUser>;
        UnblockUser = "unblock_user": IdArgs => ();
        UnlockUser = "unlock_user": IdArgs => ();
        DevInbox = "dev_inbox": () => Vec<OutboxMessage>;
        // Health data, consent and legal documents.
        Health = "health": () => HealthView;
        Record = "record": NewObservation => HealthView;
        ChangeObservation = "change_observation": super::ChangeObservation => HealthView;
        DeleteObservation = "delete_observation": IdArgs => HealthView;
        SyncNow = "sync_now": () => HealthView;
        Consent = "consent": () => ConsentView;
        SignConsent = "sign_consent": VersionArgs => ConsentView;
        WithdrawConsent = "withdraw_consent": () => ConsentView;
        Legal = "legal": () => Vec<LegalSummary>;
        LegalDocument = "legal_document": SlugArgs => crate::LegalDocument;
        // Download your data.
        Exports = "exports": () => Vec<ExportJob>;
        CreateExport = "create_export": ExportArgs => ExportJob;
        TimeZones = "time_zones": () => TimeZonesView;
        /// Saves the zone in the profile (None: follow the device).
        SetTimeZone = "set_time_zone": TimeZoneArgs => MeView;
        /// Answers where the file was saved (None: the user cancelled).
        SaveExport = "save_export": IdArgs => Option<String>;
        // Clinicians.
        Patients = "patients": () => Vec<PatientSummary>;
        PatientHealth = "patient_health": IdArgs => PatientHealthView;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_code_has_its_own_sentence() {
        // Every service code is one the app has a sentence for.
        for c in ErrorCode::ALL {
            assert_eq!(serde_json::to_value(UiCode::from(c)).expect("code"), c.as_str());
        }
        let mut seen = std::collections::BTreeSet::new();
        for code in UiCode::ALL {
            // With no message from the service, each code still says something of its own.
            let t = UiError::new(code, "").text();
            assert!(t.ends_with('.'), "{code:?}: {t:?}");
            assert!(!t.contains('_'), "{code:?} shows a machine word: {t}");
            assert!(seen.insert(t.clone()), "{code:?} shares its sentence: {t}");
        }
        let e = UiError::field("phone", "Use the international format.");
        assert_eq!(e.text(), "Use the international format.");
        let e = UiError { code: UiCode::TooManyAttempts, retry_after_s: Some(600), ..Default::default() };
        assert_eq!(e.text(), "Too many attempts. Try again in 10 minutes.");
        let e = UiError::new(UiCode::InvalidCredentials, "That code is not right. 4 tries left.");
        assert_eq!(e.text(), "That code is not right. 4 tries left.");
    }

    #[test]
    fn command_names_are_unique_snake_case() {
        let mut seen = std::collections::BTreeSet::new();
        for name in cmd::ALL {
            assert!(name.chars().all(|c| c.is_ascii_lowercase() || c == '_'), "{name}");
            assert!(seen.insert(name), "{name} twice");
        }
        assert_eq!(<cmd::SetLock as Command>::NAME, "set_lock");
    }

    #[test]
    fn lock_arguments_keep_their_snake_case_names() {
        // The bug this contract removes: the UI sent `timeout_s`, the shell wanted `timeoutS`.
        let v = serde_json::to_value(LockArgs { enabled: true, timeout_s: 300 }).expect("serialize");
        assert_eq!(v, serde_json::json!({"enabled": true, "timeout_s": 300}));
    }

    #[test]
    fn a_crash_report_names_its_kind_in_snake_case() {
        let v = serde_json::to_value(CrashArgs { kind: CrashKind::Rejection, message: "m".into() }).expect("serialize");
        assert_eq!(v, serde_json::json!({"kind": "rejection", "message": "m"}));
        assert!(CrashKind::Trap.stops_the_screen() && !CrashKind::Error.stops_the_screen());
    }
}
