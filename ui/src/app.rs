//! The app: its routes, the shared state screens read (see `state`), and the lock watch.

use crate::ipc::{invoke, listen};
use crate::language::Language;
use crate::routes::{
    account::Account,
    admin::Admin,
    consent::ConsentPage,
    enrol::Enrol,
    exports::Exports,
    health::HealthPage,
    home::Home,
    inbox::Inbox,
    join::Join,
    legal::Legal,
    legal::LegalDoc,
    lock::Lock,
    patients::PatientPage,
    reset::{ForgotPage, ResetPage},
    second_step::SecondStep,
    setup::Setup,
    sign_in::SignInPage,
    verify_email::VerifyEmail,
};
use crate::state::{ExportsChanged, Flash, Info, Pending};
use haven_api::shell::{cmd, EXPORTS_EVENT, LOCKED_EVENT};
use haven_i18n::tr;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos::wasm_bindgen::JsCast;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::path;
use std::cell::Cell;
use std::rc::Rc;

#[component]
pub fn App() -> impl IntoView {
    provide_context(Pending(RwSignal::new(None)));
    provide_context(Flash::default());
    provide_context(Info::new());
    let exports_changed = ExportsChanged(RwSignal::new(0));
    provide_context(exports_changed);
    spawn_local(async move {
        if let Err(e) = listen(EXPORTS_EVENT, move |_| exports_changed.0.update(|n| *n += 1)).await {
            leptos::logging::error!("{}", e.message);
        }
    });
    // The app is drawn once the language is known (no English flash before Arabic). A change of
    // language draws the banner and the page again, on the same page; the router and the
    // watchers (lock, focus), which show no words, are made once.
    let language = Language::load();
    provide_context(language);
    let known = move || language.0.with(Option::is_some);
    view! {
        <Show when=known>
            <Router>
                <LockWatch/>
                <FocusOnNavigate/>
                {move || {
                    language.0.track();
                    view! {
                        <DevBanner/>
                        <main>
                            <Routes fallback=|| view! { <p>{tr!("common-not-found")}</p> }>
                                <Route path=path!("/") view=SignInPage/>
                                <Route path=path!("/second-step") view=SecondStep/>
                                <Route path=path!("/home") view=Home/>
                                <Route path=path!("/join") view=Join/>
                                <Route path=path!("/enrol") view=Enrol/>
                                <Route path=path!("/verify-email") view=VerifyEmail/>
                                <Route path=path!("/forgot") view=ForgotPage/>
                                <Route path=path!("/reset-password") view=ResetPage/>
                                <Route path=path!("/setup") view=Setup/>
                                <Route path=path!("/account") view=Account/>
                                <Route path=path!("/admin") view=Admin/>
                                <Route path=path!("/inbox") view=Inbox/>
                                <Route path=path!("/lock") view=Lock/>
                                <Route path=path!("/health") view=HealthPage/>
                                <Route path=path!("/consent") view=ConsentPage/>
                                <Route path=path!("/legal") view=Legal/>
                                <Route path=path!("/legal/:slug") view=LegalDoc/>
                                <Route path=path!("/exports") view=Exports/>
                                <Route path=path!("/patients/:id") view=PatientPage/>
                            </Routes>
                        </main>
                    }
                }}
            </Router>
        </Show>
    }
}

/// With a development service (the bundled demo's, or one on this machine), on every screen:
/// nothing is really sent, so a code that seems to come by text is in the development inbox.
#[component]
fn DevBanner() -> impl IntoView {
    let info = crate::state::app_info();
    move || {
        info.get().flatten().filter(|i| i.dev_service).map(|i| {
            view! {
                // In a landmark of its own (the page's header), as everything on the page is.
                <header class="dev-banner">
                <p id="dev-banner" class="in-text" role="note">
                    {tr!("common-dev-banner")}" "
                    {match i.dev_inbox {
                        true => view! {
                            {tr!("common-dev-banner-inbox-before")}" "
                            <a href="/inbox">{tr!("common-dev-banner-inbox-link")}</a>
                            {tr!("common-dev-banner-inbox-after")}
                        }.into_any(),
                        false => view! { {tr!("common-dev-banner-outbox")} }.into_any(),
                    }}
                </p>
                </header>
            }
        })
    }
}

/// After every page change the focus goes to where the new page starts, if the change left it
/// nowhere (the link or button that was focused is gone with the old page): the page's field
/// marked `data-autofocus` (the one thing to type there: a code, a password) or else its heading.
/// Not the native `autofocus`: WebKit applied it late, while keys were going into another field
/// (a test's password ended in the email field). The keyboard then carries on from the top of the
/// new page, and a screen reader reads its title.
/// A page that draws itself once its data comes (a patient, a legal text) replaces what took the
/// focus, so for 1.5 s this focuses the new start again — only while what it focused is gone
/// and nothing else has the focus, and never after the person pressed a key or touched the
/// screen (a tap that focuses nothing must not make the page jump).
#[component]
fn FocusOnNavigate() -> impl IntoView {
    // The page change the timers belong to, whether the person acted since, what was focused.
    let generation = Rc::new(Cell::new(0u64));
    let acted = Rc::new(Cell::new(false));
    let focused: Rc<std::cell::RefCell<Option<leptos::web_sys::Element>>> = Rc::default();
    let tick = {
        let (generation, acted, focused) = (generation.clone(), acted.clone(), focused.clone());
        move |mine: u64| {
            if generation.get() != mine || acted.get() {
                return;
            }
            let doc = document();
            if doc.active_element().is_some_and(|a| a.tag_name() != "BODY") {
                return;
            }
            if focused.borrow().as_ref().is_some_and(|f| f.is_connected()) {
                return;
            }
            let field = doc.query_selector("main [data-autofocus]").ok().flatten();
            let heading = || doc.query_selector("main h1").ok().flatten();
            let Some(target) = field.or_else(heading) else { return };
            if target.tag_name() == "H1" {
                let _ = target.set_attribute("tabindex", "-1");
            }
            if let Ok(el) = target.clone().dyn_into::<leptos::web_sys::HtmlElement>() {
                let _ = el.focus();
            }
            *focused.borrow_mut() = Some(target);
        }
    };
    let location = use_location();
    let (on_change, on_act) = (acted.clone(), acted);
    Effect::new(move |_| {
        location.pathname.track();
        let mine = generation.get() + 1;
        generation.set(mine);
        on_change.set(false);
        *focused.borrow_mut() = None;
        for n in 0..16u64 {
            let tick = tick.clone();
            set_timeout(move || tick(mine), std::time::Duration::from_millis(n * 100));
        }
    });
    let (a1, a2) = (on_act.clone(), on_act);
    let listeners = [
        window_event_listener(leptos::ev::keydown, move |_| a1.set(true)),
        window_event_listener(leptos::ev::pointerdown, move |_| a2.set(true)),
    ];
    on_cleanup(move || listeners.into_iter().for_each(|l| l.remove()));
}

/// Shows the lock screen the moment the shell says the app locked (its `locked` event; the
/// shell decides, from the idle timeout, the window and system sleep), at start (a resumed
/// session starts locked), and whenever the page changes while the shell is locked (Back from
/// the lock screen). Key presses, clicks, touches, scrolling and the window gaining focus are
/// reported as activity (at most once a second, the last one always); nothing a screen does by
/// itself is.
#[component]
fn LockWatch() -> impl IntoView {
    let navigate = use_navigate();
    let location = use_location();
    let flash = expect_context::<Flash>();
    let pending = expect_context::<Pending>();
    let to_lock = move || {
        if location.pathname.get_untracked() != "/lock" {
            flash.forget();
            pending.0.set(None);
            // Replace the page in history: Back must not bring the data back.
            navigate("/lock", leptos_router::NavigateOptions { replace: true, ..Default::default() });
        }
    };
    let on_locked = to_lock.clone();
    let check = move || {
        let to_lock = to_lock.clone();
        spawn_local(async move {
            if invoke::<cmd::Session>(&()).await.is_ok_and(|s| s.locked) {
                to_lock();
            }
        });
    };
    let fallback = check.clone();
    let first = check.clone();
    spawn_local(async move {
        if let Err(e) = listen(LOCKED_EVENT, move |_| on_locked()).await {
            // Without the shell's event, ask every second as the app did before it had one.
            leptos::logging::error!("{}", e.message);
            set_interval(fallback, std::time::Duration::from_secs(1));
        }
        // Once listening: a lock from before is not missed.
        first();
    });
    // On every page change.
    Effect::new(move |_| {
        if location.pathname.get() != "/lock" {
            check();
        }
    });
    fn send() {
        spawn_local(async move {
            let _ = invoke::<cmd::Activity>(&()).await;
        });
    }
    // At most one report a second, and the last input of a burst is always reported (a
    // trailing report), so the countdown runs from the person's last input.
    let (last, pending) = (Rc::new(Cell::new(0.0f64)), Rc::new(Cell::new(false)));
    let report = move || {
        let since = js_sys::Date::now() - last.get();
        if since >= 1000.0 {
            last.set(js_sys::Date::now());
            send();
        } else if !pending.replace(true) {
            let (last, pending) = (last.clone(), pending.clone());
            let wait = std::time::Duration::from_millis((1000.0 - since).max(0.0) as u64);
            set_timeout(
                move || {
                    pending.set(false);
                    last.set(js_sys::Date::now());
                    send();
                },
                wait,
            );
        }
    };
    let (r2, r3, r4) = (report.clone(), report.clone(), report.clone());
    let listeners = [
        window_event_listener(leptos::ev::keydown, move |_| report()),
        window_event_listener(leptos::ev::pointerdown, move |_| r2()),
        window_event_listener(leptos::ev::wheel, move |_| r3()),
        window_event_listener(leptos::ev::focus, move |_| r4()),
    ];
    on_cleanup(move || listeners.into_iter().for_each(|l| l.remove()));
}
