//! The OS keychain as a [`TokenStore`], through `keyring-core`: Secret Service (GNOME Keyring,
//! KWallet) on Linux, the Keychain on macOS and iOS, Credential Manager on Windows (those three
//! are compile-checked here, not run: this project's machines are Linux). Every keychain call runs on its own thread and is given up after a timeout:
//! a locked Secret Service collection with no one to answer its unlock prompt never returns.
//!
//! [`FallbackStore`] is what the app uses: the keychain while it works; when it is missing,
//! locked or silent, memory for the rest of the run, with a message for the user (they stay
//! signed in until they quit, but will sign in again next time). Nothing is ever written to a
//! file as a fallback.

use crate::session::{MemoryStore, StoreError, TokenStore};
use haven_api::Secret;
use haven_i18n::tr;
use keyring_core::{CredentialStore, Entry};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::time::Duration;

const REFRESH: &str = "refresh-token";
const DEVICE_TOKEN: &str = "remembered-device-token";
const DEVICE_ID: &str = "device-id";
/// Followed by the user's id: that user's offline-store key.
const STORE_KEY: &str = "health-store-key:";

/// Tokens in the OS keychain under one service name (one per Haven server).
pub struct KeychainStore {
    store: Arc<CredentialStore>,
    service: String,
    timeout: Duration,
}

/// Runs `f` on a thread and waits at most `timeout` for it. A call that never returns leaves its
/// thread blocked; the caller moves on (and [`FallbackStore`] stops calling the keychain).
fn with_timeout<T: Send + 'static>(
    timeout: Duration,
    f: impl FnOnce() -> Result<T, StoreError> + Send + 'static,
) -> Result<T, StoreError> {
    let (tx, rx) = mpsc::sync_channel(1);
    std::thread::Builder::new()
        .name("haven-keychain".into())
        .spawn(move || {
            let _ = tx.send(f());
        })
        .map_err(|e| StoreError::Unavailable(e.to_string()))?;
    match rx.recv_timeout(timeout) {
        Ok(r) => r,
        Err(mpsc::RecvTimeoutError::Timeout) => Err(StoreError::Timeout),
        Err(mpsc::RecvTimeoutError::Disconnected) => Err(StoreError::Unavailable(tr!("shell-keychain-call-failed"))),
    }
}

fn unavailable(e: keyring_core::Error) -> StoreError {
    match e {
        keyring_core::Error::NoStorageAccess(p) => {
            StoreError::Unavailable(tr!("shell-keychain-refused", error = p.to_string()))
        }
        other => StoreError::Unavailable(other.to_string()),
    }
}

impl KeychainStore {
    /// The platform's keychain (connecting may itself time out).
    pub fn platform(service: &str, timeout: Duration) -> Result<KeychainStore, StoreError> {
        let store = with_timeout(timeout, platform_store)?;
        Ok(KeychainStore { store, service: service.to_owned(), timeout })
    }

    fn entry(&self, user: &str) -> impl FnOnce() -> Result<Entry, StoreError> + Send + 'static {
        let (store, service, user) = (self.store.clone(), self.service.clone(), user.to_owned());
        move || Entry::new_in_store(&store, &service, &user).map_err(unavailable)
    }

    fn set(&self, user: &str, value: &Secret) -> Result<(), StoreError> {
        let entry = self.entry(user);
        let value = value.clone();
        with_timeout(self.timeout, move || entry()?.set_password(value.expose()).map_err(unavailable))
    }

    fn get(&self, user: &str) -> Result<Option<Secret>, StoreError> {
        let entry = self.entry(user);
        with_timeout(self.timeout, move || match entry()?.get_password() {
            Ok(p) => Ok(Some(Secret::new(p))),
            Err(keyring_core::Error::NoEntry) => Ok(None),
            Err(e) => Err(unavailable(e)),
        })
    }

    fn delete(&self, user: &str) -> Result<(), StoreError> {
        let entry = self.entry(user);
        with_timeout(self.timeout, move || match entry()?.delete_credential() {
            Ok(()) | Err(keyring_core::Error::NoEntry) => Ok(()),
            Err(e) => Err(unavailable(e)),
        })
    }
}

#[cfg(target_os = "linux")]
fn platform_store() -> Result<Arc<CredentialStore>, StoreError> {
    let s: Arc<CredentialStore> = zbus_secret_service_keyring_store::Store::new()
        .map_err(|e| StoreError::Unavailable(tr!("shell-keychain-no-secret-service", error = e.to_string())))?;
    Ok(s)
}

#[cfg(target_os = "macos")]
fn platform_store() -> Result<Arc<CredentialStore>, StoreError> {
    let s: Arc<CredentialStore> = apple_native_keyring_store::keychain::Store::new()
        .map_err(|e| StoreError::Unavailable(tr!("shell-keychain-macos", error = e.to_string())))?;
    Ok(s)
}

/// iOS: the data-protection keychain.
#[cfg(target_os = "ios")]
fn platform_store() -> Result<Arc<CredentialStore>, StoreError> {
    let s: Arc<CredentialStore> = apple_native_keyring_store::protected::Store::new()
        .map_err(|e| StoreError::Unavailable(tr!("shell-keychain-ios", error = e.to_string())))?;
    Ok(s)
}

#[cfg(windows)]
fn platform_store() -> Result<Arc<CredentialStore>, StoreError> {
    let s: Arc<CredentialStore> = windows_native_keyring_store::Store::new()
        .map_err(|e| StoreError::Unavailable(tr!("shell-keychain-windows", error = e.to_string())))?;
    Ok(s)
}

/// Android: SharedPreferences sealed by a Keystore key (the app's own; needs the Android context,
/// which Tauri's runtime has set up before any command runs). Not compiled by CI here.
#[cfg(target_os = "android")]
fn platform_store() -> Result<Arc<CredentialStore>, StoreError> {
    let s: Arc<CredentialStore> = android_native_keyring_store::Store::new()
        .map_err(|e| StoreError::Unavailable(tr!("shell-keychain-android", error = e.to_string())))?;
    Ok(s)
}

/// Anything else: no keyring-core store is wired up; tokens stay in memory.
#[cfg(not(any(target_os = "linux", target_os = "macos", target_os = "ios", target_os = "android", windows)))]
fn platform_store() -> Result<Arc<CredentialStore>, StoreError> {
    Err(StoreError::Unavailable(tr!("shell-keychain-none")))
}

impl TokenStore for KeychainStore {
    fn save_refresh(&self, token: &Secret) -> Result<(), StoreError> {
        self.set(REFRESH, token)
    }
    fn load_refresh(&self) -> Result<Option<Secret>, StoreError> {
        self.get(REFRESH)
    }
    fn clear_refresh(&self) -> Result<(), StoreError> {
        self.delete(REFRESH)
    }
    fn save_remembered_device(&self, token: &Secret) -> Result<(), StoreError> {
        self.set(DEVICE_TOKEN, token)
    }
    fn load_remembered_device(&self) -> Result<Option<Secret>, StoreError> {
        self.get(DEVICE_TOKEN)
    }
    fn device_id(&self) -> Result<String, StoreError> {
        if let Some(id) = self.get(DEVICE_ID)? {
            return Ok(id.expose().to_owned());
        }
        let id = uuid::Uuid::now_v7().to_string();
        self.set(DEVICE_ID, &Secret::new(id.clone()))?;
        Ok(id)
    }
    fn load_store_key(&self, user: &str) -> Result<Option<Secret>, StoreError> {
        self.get(&format!("{STORE_KEY}{user}"))
    }
    fn save_store_key(&self, user: &str, key: &Secret) -> Result<(), StoreError> {
        self.set(&format!("{STORE_KEY}{user}"), key)
    }
    fn persistent(&self) -> bool {
        true
    }
}

/// The keychain while it works, memory after it fails (for the rest of the run).
pub struct FallbackStore {
    keychain: Option<KeychainStore>,
    failed: AtomicBool,
    memory: MemoryStore,
    /// Kept as the error, so it is told in the app's language when it is asked.
    problem: Mutex<Option<StoreError>>,
}

impl FallbackStore {
    /// `keychain` is the result of [`KeychainStore::platform`]; an error there starts in memory.
    pub fn new(keychain: Result<KeychainStore, StoreError>) -> FallbackStore {
        let (keychain, problem) = match keychain {
            Ok(k) => (Some(k), None),
            Err(e) => (None, Some(e)),
        };
        FallbackStore {
            failed: AtomicBool::new(keychain.is_none()),
            keychain,
            memory: MemoryStore::default(),
            problem: Mutex::new(problem),
        }
    }

    /// Why tokens are kept for this run only, if they are.
    pub fn problem(&self) -> Option<String> {
        self.problem.lock().map(|p| p.as_ref().map(StoreError::to_string)).unwrap_or(None)
    }

    fn try_keychain<T>(
        &self,
        op: impl FnOnce(&KeychainStore) -> Result<T, StoreError>,
        fallback: impl FnOnce(&MemoryStore) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        if let (false, Some(k)) = (self.failed.load(Ordering::SeqCst), &self.keychain) {
            match op(k) {
                Ok(v) => return Ok(v),
                Err(e) => self.failed_with(&e),
            }
        }
        fallback(&self.memory)
    }

    /// From here on this run keeps tokens in memory, and says why.
    fn failed_with(&self, e: &StoreError) {
        self.failed.store(true, Ordering::SeqCst);
        if let Ok(mut p) = self.problem.lock() {
            *p = Some(e.clone());
        }
    }
}

impl TokenStore for FallbackStore {
    // Writes go to memory as well, so a keychain that fails later in the run still leaves the
    // latest value readable for the rest of it.
    fn save_refresh(&self, token: &Secret) -> Result<(), StoreError> {
        self.memory.save_refresh(token)?;
        self.try_keychain(|k| k.save_refresh(token), |_| Ok(()))
    }
    fn load_refresh(&self) -> Result<Option<Secret>, StoreError> {
        match self.memory.load_refresh()? {
            Some(t) => Ok(Some(t)),
            None => self.try_keychain(|k| k.load_refresh(), |_| Ok(None)),
        }
    }
    fn clear_refresh(&self) -> Result<(), StoreError> {
        // Both: a token saved in memory after the keychain failed must go too.
        self.memory.clear_refresh()?;
        // Tried even after a failure (a token saved there earlier must not outlive sign-out), and
        // a failure is told: the caller says so, having ended the session on the service.
        if let Some(k) = &self.keychain {
            if let Err(e) = k.clear_refresh() {
                self.failed_with(&e);
                return Err(e);
            }
        }
        Ok(())
    }
    fn save_remembered_device(&self, token: &Secret) -> Result<(), StoreError> {
        self.memory.save_remembered_device(token)?;
        self.try_keychain(|k| k.save_remembered_device(token), |_| Ok(()))
    }
    fn load_remembered_device(&self) -> Result<Option<Secret>, StoreError> {
        match self.memory.load_remembered_device()? {
            Some(t) => Ok(Some(t)),
            None => self.try_keychain(|k| k.load_remembered_device(), |_| Ok(None)),
        }
    }
    // Without the keychain the key lives in memory for this run: values not sent by the time
    // the app quits cannot be read again (the keychain warning says so).
    fn load_store_key(&self, user: &str) -> Result<Option<Secret>, StoreError> {
        match self.memory.load_store_key(user)? {
            Some(k) => Ok(Some(k)),
            None => self.try_keychain(|k| k.load_store_key(user), |_| Ok(None)),
        }
    }
    fn save_store_key(&self, user: &str, key: &Secret) -> Result<(), StoreError> {
        self.memory.save_store_key(user, key)?;
        self.try_keychain(|k| k.save_store_key(user, key), |_| Ok(()))
    }
    /// Whether tokens survive a restart (the keychain is in use, and has not failed this run).
    fn persistent(&self) -> bool {
        !self.failed.load(Ordering::SeqCst)
    }
    fn device_id(&self) -> Result<String, StoreError> {
        let id = self.try_keychain(|k| k.device_id(), |m| m.device_id())?;
        // Pin it for the run, whichever store answered.
        self.memory.set_device_id(&id);
        Ok(id)
    }
}
