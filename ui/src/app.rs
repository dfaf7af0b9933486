//! The app shell: routes and the sign-in state shared between screens.

use crate::ipc::{invoke, NoArgs, SessionView, SignIn};
use crate::routes::lock::Lock;
use crate::routes::{
    account::Account, admin::Admin, enrol::Enrol, home::Home, inbox::Inbox, join::Join, second_step::SecondStep,
    setup::Setup, sign_in::SignInPage, verify_email::VerifyEmail,
};
use crate::routes::{
    consent::ConsentPage,
    exports::Exports,
    health::HealthPage,
    legal::{Legal, LegalDoc},
    patients::PatientPage,
};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::path;
use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

/// The pending sign-in step, set by the sign-in screen and read by the second-step screen.
#[derive(Clone, Copy)]
pub struct Pending(pub RwSignal<Option<SignIn>>);

/// Recovery codes to show once (after two-step set-up), and a notice for the sign-in screen.
#[derive(Clone, Copy)]
pub struct Flash {
    pub recovery_codes: RwSignal<Vec<String>>,
    pub notice: RwSignal<Option<String>>,
    pub email: RwSignal<String>,
}

impl Flash {
    /// Forgets what was shown once (recovery codes, notices): on sign-out and when the app locks,
    /// so the next person at the screen cannot bring it back.
    pub fn forget(&self) {
        self.recovery_codes.set(Vec::new());
        self.notice.set(None);
    }
}

/// The "Sign out" button's handler, made where the screen is built: forgets what screens showed,
/// ends the session in the shell, and goes back to the sign-in screen.
pub fn sign_out() -> impl Fn(leptos::ev::MouseEvent) + Clone + 'static {
    let flash = expect_context::<Flash>();
    let pending = expect_context::<Pending>();
    let navigate = use_navigate();
    move |_| {
        flash.forget();
        pending.0.set(None);
        let navigate = navigate.clone();
        spawn_local(async move {
            let _ = invoke::<_, ()>("logout", &NoArgs {}).await;
            navigate("/", Default::default());
        });
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_context(Pending(RwSignal::new(None)));
    provide_context(Flash {
        recovery_codes: RwSignal::new(Vec::new()),
        notice: RwSignal::new(None),
        email: RwSignal::new(String::new()),
    });
    view! {
        <Router>
            <LockWatch/>
            <main>
                <Routes fallback=|| view! { <p>"Not found."</p> }>
                    <Route path=path!("/") view=SignInPage/>
                    <Route path=path!("/second-step") view=SecondStep/>
                    <Route path=path!("/home") view=Home/>
                    <Route path=path!("/join") view=Join/>
                    <Route path=path!("/enrol") view=Enrol/>
                    <Route path=path!("/verify-email") view=VerifyEmail/>
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
        </Router>
    }
}

/// Shows the lock screen when the shell says the app is locked (checked every second; the
/// shell decides, from the idle timeout, the window and sign-in state), and reports key presses
/// and clicks as activity (at most every 5 seconds).
#[component]
fn LockWatch() -> impl IntoView {
    let navigate = use_navigate();
    let location = use_location();
    let flash = expect_context::<Flash>();
    let pending = expect_context::<Pending>();
    let check = move || {
        let navigate = navigate.clone();
        let path = location.pathname.get_untracked();
        spawn_local(async move {
            if let Ok(s) = invoke::<_, SessionView>("session", &NoArgs {}).await {
                if s.locked && path != "/lock" {
                    flash.forget();
                    pending.0.set(None);
                    // Replace the page in history: Back must not bring the data back.
                    navigate("/lock", leptos_router::NavigateOptions { replace: true, ..Default::default() });
                }
            }
        });
    };
    check();
    set_interval(check, Duration::from_secs(1));
    let last = Rc::new(Cell::new(0.0f64));
    let report = move || {
        let now = js_sys::Date::now();
        if now - last.get() >= 5000.0 {
            last.set(now);
            spawn_local(async move {
                let _ = invoke::<_, bool>("activity", &NoArgs {}).await;
            });
        }
    };
    let r2 = report.clone();
    let k = window_event_listener(leptos::ev::keydown, move |_| report());
    let p = window_event_listener(leptos::ev::pointerdown, move |_| r2());
    on_cleanup(move || {
        k.remove();
        p.remove();
    });
}
