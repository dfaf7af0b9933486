//! Typed calls to the Tauri commands (`window.__TAURI__.core.invoke`). Errors arrive as
//! `{code, message, fields?, retry_after_s?}`; screens branch on `code` and show
//! `UiError::text()` (haven-api, where a test checks every code has its own sentence).

use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = ["window", "__TAURI__", "core"], js_name = invoke, catch)]
    async fn tauri_invoke(cmd: &str, args: JsValue) -> Result<JsValue, JsValue>;
}

pub use haven_api::shell::{
    AppInfo, BiometricView, ConsentView, DeviceView, HealthView, InviteView, MeView, NewObservation, SeriesView,
    SessionView, SignIn, TotpSetup, UiError,
};
pub use haven_api::{
    AdminUser, BloodPressure, Deployment, ExportJob, LegalDocument, LegalSummary, ObservationValue, OutboxMessage,
    PatientSummary, Policy, Symptom,
};

pub async fn invoke<A: Serialize, R: DeserializeOwned>(cmd: &str, args: &A) -> Result<R, UiError> {
    let args = serde_wasm_bindgen::to_value(args).map_err(|e| UiError {
        code: "protocol".into(),
        message: e.to_string(),
        ..Default::default()
    })?;
    match tauri_invoke(cmd, args).await {
        Ok(v) => serde_wasm_bindgen::from_value(v).map_err(|e| UiError {
            code: "protocol".into(),
            message: e.to_string(),
            ..Default::default()
        }),
        Err(e) => Err(serde_wasm_bindgen::from_value(e.clone()).unwrap_or_else(|_| UiError {
            code: "protocol".into(),
            message: e.as_string().unwrap_or_else(|| "The app could not complete this.".into()),
            ..Default::default()
        })),
    }
}

#[derive(Serialize)]
pub struct NoArgs {}

// Arguments several screens send (the field names are the commands' parameter names).

#[derive(Serialize)]
pub struct CodeArgs {
    pub code: String,
}

#[derive(Serialize)]
pub struct IdArgs {
    pub id: String,
}

#[derive(Serialize)]
pub struct PhoneArgs {
    pub phone: String,
}

#[derive(Serialize)]
pub struct PasswordArgs {
    pub password: String,
}

#[derive(Serialize)]
pub struct EnabledArgs {
    pub enabled: bool,
}
