//! What the webview sees: the token-free `haven_api::shell` views.

pub use haven_api::shell::{
    AppInfo, BiometricView, ConsentView, Demo, DeviceView, HealthView, InviteView, MeView, NewObservation, SeriesView,
    SessionView, SignIn, TotpSetup, UiError,
};
// Token-free wire types the webview may see as they are.
pub use haven_api::{
    AdminUser, Deployment, ExportJob, LegalDocument, LegalSummary, OutboxMessage, PatientSummary, Policy,
};

pub fn demo(d: haven_sync::demo::DemoInfo) -> Demo {
    Demo {
        admin_email: d.admin_email,
        admin_password: d.admin_password,
        clinician_invite_code: d.clinician_invite_code,
        enrolment_code: d.enrolment_code,
    }
}
