//! When the screen's own code stops working (a panic, or another trap of the module): a notice
//! in the app's language instead of a blank or frozen window, a link that opens the screen
//! afresh, and a report to the shell's log (the webview's console is kept nowhere). The
//! signed-in session lives in the shell, so opening the screen again carries on where it stood
//! (the lock screen if locked).
//!
//! A trap (`panic = "abort"`) ends only the call it happened in: listeners, timers and futures
//! could still call into state it left half-changed. So the hook marks the screen stopped first;
//! from then on `ipc` sends nothing to the shell and delivers no answer or event, the report goes
//! straight through `ipc::send_now`, the page's content is removed (nothing of the person's stays behind
//! a notice), and the link is a plain page load (not the router's).
//!
//! Other errors nobody caught (a script's exception, a promise nobody awaited) are reported as
//! such but not shown: some are harmless, and the page may well still work.

use crate::ipc::{send_now, stop, stopped};
use haven_api::shell::{cmd, CrashArgs, CrashKind};
use haven_i18n::tr;
use leptos::web_sys;
use std::cell::{Cell, OnceCell};
use wasm_bindgen::prelude::*;

/// Stray errors reported at most, so a page failing in a loop cannot flood the log; a trap is
/// always reported.
const MOST_STRAYS: u32 = 20;

thread_local! {
    static STRAYS: Cell<u32> = const { Cell::new(0) };
    /// Catches a report's own failure, which would otherwise be one more unhandled rejection.
    static IGNORE: OnceCell<Closure<dyn FnMut(JsValue)>> = const { OnceCell::new() };
}

pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        let first = stop();
        console_error_panic_hook::hook(info);
        let message = info.to_string();
        if first {
            report(CrashKind::Panic, &message);
        }
        show(&message);
    }));
    IGNORE.with(|c| {
        c.get_or_init(|| Closure::new(|_: JsValue| {}));
    });
    let Some(window) = web_sys::window() else { return };
    for kind in [CrashKind::Error, CrashKind::Rejection] {
        let (event, field) = match kind {
            CrashKind::Rejection => ("unhandledrejection", "reason"),
            _ => ("error", "error"),
        };
        let handler = Closure::<dyn Fn(JsValue)>::new(move |event: JsValue| {
            let thrown = prop(&event, field).unwrap_or_default();
            if left_the_module_broken(&thrown) {
                // Marked first: describing allocates, and the trap may have been out of memory.
                let first = stop();
                let message = describe(kind, &event);
                if first {
                    report(CrashKind::Trap, &message);
                }
                show(&message);
            } else if !stopped() && STRAYS.with(|n| n.replace(n.get().saturating_add(1))) < MOST_STRAYS {
                report(kind, &describe(kind, &event));
            }
        });
        let _ = window.add_event_listener_with_callback(event, handler.as_ref().unchecked_ref());
        // For the page's whole life.
        handler.forget();
    }
}

/// Whether what was thrown left the module's state half-changed: a trap (`RuntimeError`; the
/// one that ends a panic comes here too), or a stack overflow in the module (WebKit throws it
/// as a `RangeError` whose stack has the module's frames). Not any error whose stack merely
/// passes through the module: one made there and thrown later, or a listener's error during
/// an event the module dispatched, left nothing half-done.
fn left_the_module_broken(thrown: &JsValue) -> bool {
    let in_module = || stack(thrown).is_some_and(|s| s.contains("wasm-function"));
    thrown.is_instance_of::<js_sys::WebAssembly::RuntimeError>()
        || (thrown.is_instance_of::<js_sys::RangeError>() && in_module())
}

/// Stops the screen as a bug would, in a task as in a screen's own code: a panic (`"panic"`) or
/// a trap without one (`"abort"`), so the end-to-end tests can show the notice in the real
/// window. Does nothing unless WebDriver drives the page; even then it only does what any
/// script of the app's own page can.
#[wasm_bindgen(js_name = stopScreenForTest)]
pub fn stop_screen_for_test(how: String) {
    let automated = web_sys::window().and_then(|w| prop(&w.navigator(), "webdriver")).and_then(|v| v.as_bool());
    if automated != Some(true) {
        return;
    }
    leptos::task::spawn_local(async move {
        match how.as_str() {
            "abort" => std::process::abort(),
            _ => panic!("stopped on purpose by stopScreenForTest"),
        }
    });
}

/// `value[name]`, if it has one.
fn prop(value: &JsValue, name: &str) -> Option<JsValue> {
    js_sys::Reflect::get(value, &JsValue::from_str(name)).ok().filter(|v| !v.is_undefined() && !v.is_null())
}

/// An error's stack, if it has one.
fn stack(error: &JsValue) -> Option<String> {
    prop(error, "stack").and_then(|s| s.as_string())
}

/// An `error` event's message and place, or a rejection's reason; with the stack when there is
/// one.
fn describe(kind: CrashKind, event: &JsValue) -> String {
    let text =
        |v: JsValue| v.as_string().or_else(|| v.as_f64().map(|n| n.to_string())).unwrap_or_else(|| format!("{v:?}"));
    if kind == CrashKind::Rejection {
        let reason = prop(event, "reason").unwrap_or_default();
        let said = match reason.dyn_ref::<js_sys::Error>() {
            Some(e) => String::from(e.to_string()),
            None => text(reason.clone()),
        };
        return format!("{said}\n{}", stack(&reason).unwrap_or_default());
    }
    let field = |name: &str| prop(event, name).map(text).unwrap_or_default();
    let place = match field("filename") {
        f if f.is_empty() => String::new(),
        f => format!(" at {f}:{}:{}", field("lineno"), field("colno")),
    };
    let trace = prop(event, "error").and_then(|e| stack(&e)).unwrap_or_default();
    format!("{}{place}\n{trace}", field("message"))
}

fn report(kind: CrashKind, message: &str) {
    let args = CrashArgs { kind, message: message.to_owned() };
    if let Ok(sent) = send_now::<cmd::ReportCrash>(&args) {
        IGNORE.with(|ignore| ignore.get().map(|f| sent.catch(f)));
    }
}

fn show(message: &str) -> Option<()> {
    let doc = web_sys::window()?.document()?;
    if doc.get_element_by_id("crash").is_some() {
        return Some(());
    }
    let body = doc.body()?;
    // An element `tag` with `text`, added at the end of `parent`.
    let add = |parent: &web_sys::Element, tag: &str, text: Option<String>| {
        let e = doc.create_element(tag).ok()?;
        e.set_text_content(text.as_deref());
        parent.append_child(&e).ok()?;
        Some(e)
    };
    // The page's main landmark now; its heading takes the focus, so a screen reader reads it.
    let notice = doc.create_element("main").ok()?;
    notice.set_id("crash");
    let title = add(&notice, "h1", Some(tr!("common-crash-title")))?;
    let _ = title.set_attribute("tabindex", "-1");
    add(&notice, "p", Some(tr!("common-crash-what")))?;
    let reopen = add(&add(&notice, "p", None)?, "a", Some(tr!("common-crash-reopen")))?;
    reopen.set_id("crash-reopen");
    let _ = reopen.set_attribute("href", "/");
    // A page load, not the router's navigation: the router is stopped too.
    let _ = reopen.set_attribute("rel", "external");
    let details = add(&notice, "details", None)?;
    add(&details, "summary", Some(tr!("common-crash-details")))?;
    // The panic's own words, English whatever the page's direction.
    let pre = add(&details, "pre", Some(message.to_owned()))?;
    let _ = pre.set_attribute("class", "wrap");
    let _ = pre.set_attribute("dir", "ltr");
    let _ = pre.set_attribute("translate", "no");
    // What was on screen no longer answers, and may show the person's data: it goes, and the
    // stylesheet hides whatever the stopped code still adds. Only once the notice is whole, so
    // a failure above leaves the page as it was rather than blank.
    body.replace_children_with_node_1(&notice);
    let _ = body.set_attribute("data-stopped", "");
    if let Ok(title) = title.dyn_into::<web_sys::HtmlElement>() {
        let _ = title.focus();
    }
    Some(())
}
