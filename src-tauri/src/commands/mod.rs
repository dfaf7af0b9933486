//! Tauri commands, one file per area of the app, each a few lines over `haven-client`. A handler
//! takes the one argument type its `haven_api::shell::cmd` marker names (`args: Args<C>`) and
//! answers `Reply<C>`; views and errors are mapped in `crate::view` and `crate::error`. Every
//! command that reads or changes the signed-in user's data calls `shell.guard()` first, and one
//! that answers that data hands it over through `shell.release()` (checked again as it leaves).

pub mod account;
pub mod admin;
pub mod auth;
pub mod consent;
pub mod exports;
pub mod health;
pub mod language;
pub mod lock;
pub mod patients;
pub mod screen;

pub use crate::error::{Error, Reply};
pub use crate::state::Shell;
pub use haven_api::shell::{cmd, Args};
