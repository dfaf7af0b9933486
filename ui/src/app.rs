//! The app shell: routes and the sign-in state shared between screens.

use crate::ipc::SignIn;
use crate::routes::{home::Home, second_step::SecondStep, sign_in::SignInPage};
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

/// The pending sign-in step, set by the sign-in screen and read by the second-step screen.
#[derive(Clone, Copy)]
pub struct Pending(pub RwSignal<Option<SignIn>>);

#[component]
pub fn App() -> impl IntoView {
    provide_context(Pending(RwSignal::new(None)));
    view! {
        <Router>
            <main>
                <Routes fallback=|| view! { <p>"Not found."</p> }>
                    <Route path=path!("/") view=SignInPage/>
                    <Route path=path!("/second-step") view=SecondStep/>
                    <Route path=path!("/home") view=Home/>
                </Routes>
            </main>
        </Router>
    }
}
