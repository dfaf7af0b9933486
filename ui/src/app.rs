//! The app shell: routes and the sign-in state shared between screens.

use crate::ipc::SignIn;
use crate::routes::{account::Account, admin::Admin, enrol::Enrol, home::Home, inbox::Inbox, join::Join, second_step::SecondStep, setup::Setup, sign_in::SignInPage, verify_email::VerifyEmail};
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

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

#[component]
pub fn App() -> impl IntoView {
    provide_context(Pending(RwSignal::new(None)));
    provide_context(Flash { recovery_codes: RwSignal::new(Vec::new()), notice: RwSignal::new(None), email: RwSignal::new(String::new()) });
    view! {
        <Router>
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
                </Routes>
            </main>
        </Router>
    }
}
