//! End to end: the real app window (WebKitGTK under Xvfb) driven through WebKitWebDriver, against
//! a real sync service. Run by `cargo xtask test` inside `xvfb-run … dbus-run-session`, after it
//! built the app. Screenshots of the key screens go to the target dir (see `app::screenshot`).

mod account;
mod hardening;
mod health;
mod keyboard;
mod language;
mod lock;
mod onboarding;
mod phone;
mod settings;

mod prelude {
    pub use fantoccini::Locator;
    pub use haven_api::{
        ConsentStatus, CreateAccount, CreateInvite, DeviceInfo, Factor, Kind, LoginOutcome, Role, Secret,
    };
    pub use haven_client::{HavenClient, MemoryStore};
    pub use haven_tests::app::*;
    pub use haven_tests::rig;
    pub use haven_tests::world::*;
    pub use std::process::{Command, Stdio};
    pub use std::sync::Arc;
    pub use std::time::{Duration, Instant};
}
