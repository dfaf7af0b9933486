//! When the screen's own code stops working (a panic): a notice in the app's language instead of
//! a blank or frozen window, a link that opens the screen afresh, and a report to the shell's
//! log (the webview's console is kept nowhere). The signed-in session lives in the shell, so
//! opening the screen again carries on where it stood (the lock screen if locked).
//!
//! After the hook the module is stopped (`panic = "abort"` traps), so nothing here may need it
//! afterwards: the report is sent from the hook itself, and the link is a plain page load.
//!
//! Errors thrown past the app's code without a panic (a JavaScript exception from the glue, a
//! promise nobody awaited) are reported too, but not shown: some are harmless, and the page may
//! well still work.

use haven_api::shell::{cmd, Command, CrashArgs};
use haven_i18n::tr;
use leptos::wasm_bindgen::{self, prelude::*};
use leptos::web_sys;

#[wasm_bindgen]
extern "C" {
    /// Tauri's invoke, whose request is sent before it returns its promise.
    #[wasm_bindgen(js_namespace = ["window", "__TAURI__", "core"], js_name = invoke, catch)]
    fn invoke_now(cmd: &str, args: JsValue) -> Result<JsValue, JsValue>;
}

/// Reports after which the page reports no more: a page failing in a loop must not flood the log.
const MOST_REPORTS: u32 = 20;

thread_local! {
    static REPORTED: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        let message = info.to_string();
        report(&message);
        show(&message);
    }));
    let Some(window) = web_sys::window() else { return };
    let uncaught = |what: &'static str| {
        Closure::<dyn Fn(JsValue)>::new(move |event: JsValue| {
            // The trap that ends a panic comes here too: already reported.
            let shown = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("crash"));
            if shown.is_none() {
                report(&format!("{what}: {}", describe(&event)));
            }
        })
    };
    for (event, what) in [("error", "uncaught error"), ("unhandledrejection", "unhandled promise rejection")] {
        let handler = uncaught(what);
        let _ = window.add_event_listener_with_callback(event, handler.as_ref().unchecked_ref());
        // For the page's whole life.
        handler.forget();
    }
}

/// An `error` event's message and place, or a rejection's reason.
fn describe(event: &JsValue) -> String {
    let field = |name: &str| js_sys::Reflect::get(event, &JsValue::from_str(name)).ok().filter(|v| !v.is_undefined());
    let stack_of = |e: &JsValue| js_sys::Reflect::get(e, &JsValue::from_str("stack")).ok().and_then(|s| s.as_string());
    if let Some(reason) = field("reason") {
        let said = match reason.dyn_ref::<js_sys::Error>() {
            Some(e) => String::from(e.to_string()),
            None => reason.as_string().unwrap_or_else(|| format!("{reason:?}")),
        };
        return format!("{said}\n{}", stack_of(&reason).unwrap_or_default());
    }
    let text = |name: &str| {
        field(name)
            .map(|v| v.as_string().or_else(|| v.as_f64().map(|n| n.to_string())).unwrap_or_else(|| format!("{v:?}")))
            .unwrap_or_default()
    };
    let stack = field("error").and_then(|e| stack_of(&e)).unwrap_or_default();
    let place = match text("filename") {
        f if f.is_empty() || f == "undefined" => String::new(),
        f => format!(" at {f}:{}:{}", text("lineno"), text("colno")),
    };
    format!("{}{place}\n{stack}", text("message"))
}

/// Stops the screen as a bug would, so the end-to-end tests can show the notice in the real
/// window. Callable only by the app's own page, which can already do all this does.
#[wasm_bindgen(js_name = stopScreenForTest)]
pub fn stop_screen_for_test() {
    panic!("stopped on purpose by stopScreenForTest");
}

fn report(message: &str) {
    if REPORTED.with(|n| n.replace(n.get() + 1)) >= MOST_REPORTS {
        return;
    }
    #[derive(serde::Serialize)]
    struct Call<'a> {
        args: &'a CrashArgs,
    }
    let args = CrashArgs { message: message.to_owned() };
    if let Ok(args) = serde_wasm_bindgen::to_value(&Call { args: &args }) {
        let _ = invoke_now(cmd::ReportCrash::NAME, args);
    }
}

fn show(message: &str) -> Option<()> {
    let doc = web_sys::window()?.document()?;
    if doc.get_element_by_id("crash").is_some() {
        return Some(());
    }
    let body = doc.body()?;
    // What was on screen no longer answers: hidden, so nothing invites a click that does nothing.
    let children = body.children();
    for i in 0..children.length() {
        if let Some(el) = children.item(i).filter(|el| el.tag_name() != "SCRIPT") {
            let _ = el.set_attribute("hidden", "");
        }
    }
    // An element `tag` with `text`, added at the end of `parent`.
    let add = |parent: &web_sys::Element, tag: &str, text: Option<String>| {
        let e = doc.create_element(tag).ok()?;
        e.set_text_content(text.as_deref());
        parent.append_child(&e).ok()?;
        Some(e)
    };
    let notice = doc.create_element("main").ok()?;
    notice.set_id("crash");
    let _ = notice.set_attribute("role", "alert");
    let title = add(&notice, "h1", Some(tr!("common-crash-title")))?;
    let _ = title.set_attribute("tabindex", "-1");
    add(&notice, "p", Some(tr!("common-crash-what")))?;
    // A page load, not the router's navigation (`rel=external`): the router is stopped too.
    let reopen = add(&add(&notice, "p", None)?, "a", Some(tr!("common-crash-reopen")))?;
    reopen.set_id("crash-reopen");
    let _ = reopen.set_attribute("href", "/");
    let _ = reopen.set_attribute("rel", "external");
    let details = add(&notice, "details", None)?;
    add(&details, "summary", Some(tr!("common-crash-details")))?;
    let _ = add(&details, "pre", Some(message.to_owned()))?.set_attribute("class", "wrap");
    let _ = body.prepend_with_node_1(&notice);
    if let Ok(title) = title.dyn_into::<web_sys::HtmlElement>() {
        let _ = title.focus();
    }
    Some(())
}
