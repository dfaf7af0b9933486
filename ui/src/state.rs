//! What screens share: the pending sign-in step, what is shown once (recovery codes, notices),
//! and signing out. Screens import this and `ipc`, never `app` (which imports the screens).

use crate::ipc::invoke;
use haven_api::shell::{cmd, AppInfo, SignIn};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;

/// What the shell says about this run (service, demo, development inbox): the same for the whole
/// run, so asked once and shared by every screen that shows it.
#[derive(Clone)]
pub struct Info(pub LocalResource<Option<AppInfo>>);

impl Info {
    pub fn new() -> Info {
        Info(LocalResource::new(|| async { invoke::<cmd::AppInfo>(&()).await.ok() }))
    }
}

/// The run's [`Info`], as the app provided it.
pub fn app_info() -> LocalResource<Option<AppInfo>> {
    expect_context::<Info>().0
}

/// Bumped whenever the shell says a download is done (its `exports-changed` event): the
/// download screen re-reads its list on it instead of asking on a timer.
#[derive(Clone, Copy)]
pub struct ExportsChanged(pub RwSignal<u64>);

/// The pending sign-in step, set by the sign-in screen and read by the second-step screen.
#[derive(Clone, Copy)]
pub struct Pending(pub RwSignal<Option<SignIn>>);

/// Recovery codes to show once (after two-step set-up, and new ones made in Profile → Account),
/// and a notice for the sign-in screen.
#[derive(Clone, Copy)]
pub struct Flash {
    pub recovery_codes: RwSignal<Vec<String>>,
    /// Profile → Account's new codes: kept here so that drawing the page again in another
    /// language does not lose them; the page clears them when it is left.
    pub account_codes: RwSignal<Vec<String>>,
    pub notice: RwSignal<Option<String>>,
    pub email: RwSignal<String>,
}

impl Default for Flash {
    fn default() -> Flash {
        Flash {
            recovery_codes: RwSignal::new(Vec::new()),
            account_codes: RwSignal::new(Vec::new()),
            notice: RwSignal::new(None),
            email: RwSignal::new(String::new()),
        }
    }
}

impl Flash {
    /// Forgets what was shown once (recovery codes, notices): on sign-out and when the app locks,
    /// so the next person at the screen cannot bring it back.
    pub fn forget(&self) {
        self.recovery_codes.set(Vec::new());
        self.account_codes.set(Vec::new());
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
        // The sign-in screen comes once the shell has answered (it would otherwise still find the
        // session); the shell took the session out of memory as the call began.
        spawn_local(async move {
            if let Ok(Some(said)) = invoke::<cmd::Logout>(&()).await {
                flash.notice.set(Some(said));
            }
            navigate("/", Default::default());
        });
    }
}
