//! Where the refresh token and the remembered-device token live between runs.
//!
//! [`TokenStore`] is implemented by the OS keychain store ([`crate::keychain`]) and by [`MemoryStore`], which
//! keeps them for this run only (used when no keychain is available: the app still works, it just
//! does not stay signed in across restarts). The access token is never stored: it lives in
//! `HavenClient`'s memory only.

use haven_api::Secret;
use std::sync::Mutex;

#[derive(Debug, Clone, thiserror::Error)]
pub enum StoreError {
    /// Missing, locked or refusing; the text says which.
    #[error("{0}")]
    Unavailable(String),
    /// No answer within the timeout (typically a locked collection waiting on an unlock prompt).
    #[error("{}", haven_i18n::tr!("shell-keychain-timeout"))]
    Timeout,
}

pub trait TokenStore: Send + Sync + 'static {
    fn save_refresh(&self, token: &Secret) -> Result<(), StoreError>;
    fn load_refresh(&self) -> Result<Option<Secret>, StoreError>;
    fn clear_refresh(&self) -> Result<(), StoreError>;
    fn save_remembered_device(&self, token: &Secret) -> Result<(), StoreError>;
    fn load_remembered_device(&self) -> Result<Option<Secret>, StoreError>;
    /// This installation's id (remembered devices are bound to it); created on first use.
    fn device_id(&self) -> Result<String, StoreError>;
    /// The key sealing `user`'s health values on this device (see `offline::StoreKey`), if
    /// there is one. Kept across sign-out: the store, with anything unsent, stays.
    fn load_store_key(&self, user: &str) -> Result<Option<Secret>, StoreError>;
    fn save_store_key(&self, user: &str, key: &Secret) -> Result<(), StoreError>;
    /// Whether what is saved now survives a restart (a working keychain).
    fn persistent(&self) -> bool;
}

/// Tokens for this process's lifetime only.
#[derive(Default)]
pub struct MemoryStore {
    refresh: Mutex<Option<Secret>>,
    device: Mutex<Option<Secret>>,
    device_id: Mutex<Option<String>>,
    store_keys: Mutex<std::collections::HashMap<String, Secret>>,
}

impl MemoryStore {
    pub(crate) fn set_device_id(&self, id: &str) {
        *lock(&self.device_id) = Some(id.to_owned());
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl TokenStore for MemoryStore {
    fn save_refresh(&self, token: &Secret) -> Result<(), StoreError> {
        *lock(&self.refresh) = Some(token.clone());
        Ok(())
    }
    fn load_refresh(&self) -> Result<Option<Secret>, StoreError> {
        Ok(lock(&self.refresh).clone())
    }
    fn clear_refresh(&self) -> Result<(), StoreError> {
        *lock(&self.refresh) = None;
        Ok(())
    }
    fn save_remembered_device(&self, token: &Secret) -> Result<(), StoreError> {
        *lock(&self.device) = Some(token.clone());
        Ok(())
    }
    fn load_remembered_device(&self) -> Result<Option<Secret>, StoreError> {
        Ok(lock(&self.device).clone())
    }
    fn device_id(&self) -> Result<String, StoreError> {
        Ok(lock(&self.device_id).get_or_insert_with(|| uuid::Uuid::now_v7().to_string()).clone())
    }
    fn load_store_key(&self, user: &str) -> Result<Option<Secret>, StoreError> {
        Ok(lock(&self.store_keys).get(user).cloned())
    }
    fn save_store_key(&self, user: &str, key: &Secret) -> Result<(), StoreError> {
        lock(&self.store_keys).insert(user.to_owned(), key.clone());
        Ok(())
    }
    fn persistent(&self) -> bool {
        false
    }
}
