//! The Haven app core, with no Tauri in it: a typed client for the sync service's HTTP contract
//! and the signed-in session (access token in memory, refresh token in a [`TokenStore`]), the
//! device's offline health store and the health session over it ([`health`]), data downloads
//! ([`exports`]), the keychain, the idle lock and the biometric gate.
//!
//! Every call returns `Result<T, ClientError>`; a service error keeps its machine `code`, so
//! callers branch on codes, never on messages (the shell maps errors to what the UI shows). An
//! expired access token is refreshed once, transparently, and the call retried.

pub mod biometric;
mod client;
mod error;
pub mod exports;
pub mod health;
pub mod keychain;
pub mod language;
pub mod lock;
pub mod offline;
mod session;
mod streams;
#[cfg(target_os = "linux")]
pub mod system;

pub use client::{HavenClient, SignOut};
pub use error::{is_loopback_url, service_url, ClientError, Result};
pub use session::{MemoryStore, StoreError, TokenStore};
pub use streams::{Download, EventStream};
