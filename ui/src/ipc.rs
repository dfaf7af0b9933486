//! Typed calls to the shell's commands (`window.__TAURI__.core.invoke`) and its events. A call
//! names its command's marker (`haven_api::shell::cmd`), which fixes the argument and the reply
//! type both sides use. Errors arrive as `UiError`s; screens branch on `code` and show
//! `UiError::text()`.

use haven_api::shell::{Command, UiCode, UiError};
use serde::Serialize;
use std::sync::atomic::{AtomicBool, Ordering};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// Tauri's invoke, whose request is sent before it returns its promise.
    #[wasm_bindgen(js_namespace = ["window", "__TAURI__", "core"], js_name = invoke, catch)]
    fn tauri_invoke(cmd: &str, args: JsValue) -> Result<js_sys::Promise, JsValue>;

    #[wasm_bindgen(js_namespace = ["window", "__TAURI__", "event"], js_name = listen, catch)]
    async fn tauri_listen(event: &str, handler: &Closure<dyn FnMut(JsValue)>) -> Result<JsValue, JsValue>;
}

/// The one shape every call sends: the command's argument under `args`.
#[derive(Serialize)]
struct Call<'a, A> {
    args: &'a A,
}

/// Set when the screen stopped working (see `crash`); never cleared (opening the screen again
/// loads a new module).
static STOPPED: AtomicBool = AtomicBool::new(false);

/// Whether the screen stopped working: nothing more goes to the shell but its crash report.
pub fn stopped() -> bool {
    STOPPED.load(Ordering::Relaxed)
}

/// Marks the screen stopped; whether this was the first time.
pub fn stop() -> bool {
    !STOPPED.swap(true, Ordering::Relaxed)
}

fn protocol(message: String) -> UiError {
    UiError::new(UiCode::Protocol, message)
}

/// Sends the call now, whether or not the screen stopped (its crash report), and answers the
/// shell's promise.
pub fn send_now<C: Command>(args: &C::Args) -> Result<js_sys::Promise, JsValue> {
    let args = serde_wasm_bindgen::to_value(&Call { args })?;
    tauri_invoke(C::NAME, args)
}

pub async fn invoke<C: Command>(args: &C::Args) -> Result<C::Reply, UiError> {
    // A stopped screen's state may be half-changed: nothing it asks reaches the shell.
    if stopped() {
        return Err(protocol("the screen stopped".into())); // i18n: not prose
    }
    let answer = match send_now::<C>(args) {
        Ok(sent) => wasm_bindgen_futures::JsFuture::from(sent).await,
        Err(e) => Err(e),
    };
    // An answer that comes after the screen stopped goes nowhere: the task waits for good.
    if stopped() {
        std::future::pending::<()>().await;
    }
    match answer {
        Ok(v) => serde_wasm_bindgen::from_value(v).map_err(|e| protocol(e.to_string())),
        Err(e) => Err(serde_wasm_bindgen::from_value(e.clone())
            .unwrap_or_else(|_| protocol(e.as_string().unwrap_or_else(|| "The app could not complete this.".into())))), // i18n: not prose
    }
}

/// Calls `handler` every time the shell emits `event`, for as long as the app runs (not once
/// the screen stopped working: see `crash`).
pub async fn listen(event: &str, mut handler: impl FnMut(JsValue) + 'static) -> Result<(), UiError> {
    let handler = Closure::<dyn FnMut(JsValue)>::new(move |v| {
        if !stopped() {
            handler(v)
        }
    });
    tauri_listen(event, &handler).await.map_err(|e| protocol(format!("cannot listen to {event}: {e:?}")))?;
    // The listener lives as long as the page: its closure must too.
    handler.forget();
    Ok(())
}
