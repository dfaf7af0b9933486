//! Haven sync service: the axum application, its state and its start-up.
//!
//! `haven-sync serve` runs it as a binary; the desktop app and the tests start it in-process with
//! [`start`], which binds, migrates, spawns the delivery worker and returns the bound address.

pub mod audit;
pub mod clock;
pub mod config;
pub mod crypto;
pub mod db;
pub mod delivery;
pub mod demo;
pub mod error;
pub mod events;
pub mod export;
pub mod extract;
pub mod i18n;
pub mod invites;
pub mod keys;
pub mod mail;
pub mod migrate;
pub mod model;
pub mod openapi;
pub mod password;
pub mod routes;
pub mod sessions;
pub mod throttle;
pub mod tls;
pub mod twostep;

use crate::db::Db;
use clock::Clock;
use config::Config;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::task::JoinHandle;

pub const VERSION: &str = env!("CARGO_PKG_VERSION");

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub config: Arc<Config>,
    pub clock: Arc<dyn Clock>,
    pub hashing: crypto::PasswordHashing,
    pub delivery: delivery::Waker,
    /// Wakes the export worker.
    pub exports: delivery::Waker,
    pub events: events::Bus,
    /// Set when the service stops: open event streams end (their clients reconnect to whichever
    /// service answers next) instead of outliving it on their own connections.
    pub stopping: Arc<tokio::sync::watch::Sender<bool>>,
}

impl AppState {
    pub async fn new(config: Config, clock: Arc<dyn Clock>) -> anyhow::Result<Self> {
        config.validate()?;
        let db = db::Db::connect_capped(&config.database_url, config.pool_size, config.sqlite_max_mib).await?;
        config.server_key.check_database(&db, &db::redact(&config.database_url)).await?;
        Ok(AppState {
            db,
            hashing: crypto::PasswordHashing::new(config.argon2)?,
            config: Arc::new(config),
            clock,
            delivery: delivery::Waker::default(),
            exports: delivery::Waker::default(),
            events: events::Bus::default(),
            stopping: Arc::new(tokio::sync::watch::channel(false).0),
        })
    }

    pub fn now(&self) -> i64 {
        self.clock.now()
    }
}

/// A running service. Dropping it does not stop it; call [`Running::stop`].
pub struct Running {
    pub addr: SocketAddr,
    /// Whether it serves HTTPS (`config.tls`).
    pub tls: bool,
    pub state: AppState,
    server: JoinHandle<()>,
    worker: JoinHandle<()>,
    exporter: JoinHandle<()>,
    listener: JoinHandle<()>,
    /// Closes the listening socket (after the drain, see [`Running::stop`]).
    close: tokio::sync::watch::Sender<bool>,
    /// Held while serving (see `lock_database`).
    _lock: Option<std::fs::File>,
}

impl Running {
    pub fn url(&self) -> String {
        let scheme = if self.tls { "https" } else { "http" };
        format!("{scheme}://{}", self.addr)
    }
    /// Stops gracefully: readiness turns 503 at once while the instance keeps serving for the
    /// configured drain (a load balancer's health check takes it out of rotation meanwhile), then
    /// it takes no new connections and requests in flight finish (event streams end, their
    /// clients reconnect elsewhere); the workers finish the message or export they are on. What
    /// is not done within 20 s is cut off (a claimed job's lease then runs out and another
    /// instance takes it).
    pub async fn stop(self) {
        self.state.stopping.send_replace(true);
        tokio::time::sleep(Duration::from_secs(self.state.config.shutdown_drain_s)).await;
        self.close.send_replace(true);
        tokio::join!(
            finish_or_abort(self.server, Duration::from_secs(20)),
            finish_or_abort(self.worker, Duration::from_secs(20)),
            finish_or_abort(self.exporter, Duration::from_secs(20)),
        );
        self.listener.abort();
        let _ = self.listener.await;
        self.state.db.close().await;
    }
}

async fn finish_or_abort(mut task: JoinHandle<()>, grace: Duration) {
    if tokio::time::timeout(grace, &mut task).await.is_err() {
        task.abort();
        let _ = task.await;
    }
}

/// Binds `config.bind` (port 0 picks a free port), migrates and serves in the background.
pub async fn start(config: Config, clock: Arc<dyn Clock>) -> anyhow::Result<Running> {
    let state = AppState::new(config, clock).await?;
    start_with_state(state).await
}

/// One serving process per SQLite database (PostgreSQL takes any number): its export worker
/// requeues the jobs it finds running without waiting out their leases, and its events wake only
/// its own streams. An exclusive lock on `<database>.lock`, held while serving, makes a second
/// one fail at start with a clear message.
pub(crate) fn lock_database(url: &str) -> anyhow::Result<Option<std::fs::File>> {
    let Some(db) = db::sqlite_file(url) else { return Ok(None) };
    let mut name = db.into_os_string();
    name.push(".lock");
    let path = std::path::PathBuf::from(name);
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| anyhow::anyhow!("cannot open {}: {e}", path.display()))?;
    match file.try_lock() {
        Ok(()) => Ok(Some(file)),
        Err(std::fs::TryLockError::WouldBlock) => {
            anyhow::bail!("another Haven service is already using this database ({} is locked)", path.display())
        }
        Err(std::fs::TryLockError::Error(e)) => anyhow::bail!("cannot lock {}: {e}", path.display()),
    }
}

pub async fn start_with_state(state: AppState) -> anyhow::Result<Running> {
    let listener = std::net::TcpListener::bind(state.config.bind)
        .map_err(|e| anyhow::anyhow!("cannot listen on {}: {e}", state.config.bind))?;
    start_on(state, listener).await
}

/// Serves on a listener bound beforehand (so its address could be known, e.g. for the links in
/// emails, without another process taking the port meanwhile).
pub async fn start_on(state: AppState, listener: std::net::TcpListener) -> anyhow::Result<Running> {
    // Read before any worker or socket starts, so a wrong file is one clear line at start.
    let tls = match &state.config.tls {
        Some(files) => {
            let cert = files.load()?;
            Some((cert.server_config()?, cert))
        }
        None => None,
    };
    let lock = lock_database(&state.config.database_url)?;
    listener.set_nonblocking(true)?;
    let listener = tokio::net::TcpListener::from_std(listener)?;
    let addr = listener.local_addr()?;
    let worker = delivery::Worker::new(&state.config, state.db.clone(), state.clock.clone(), state.delivery.clone())?;
    let worker = tokio::spawn(worker.run(state.stopping.subscribe()));
    let exporter = export::Worker::new(
        state.db.clone(),
        state.clock.clone(),
        state.exports.clone(),
        state.events.clone(),
        state.config.server_key.clone(),
    );
    let exporter = match state.config.export_worker {
        true => tokio::spawn(exporter.run(state.stopping.subscribe())),
        false => tokio::spawn(async {}),
    };
    let events =
        tokio::spawn(events::listen(state.db.clone(), state.config.database_url.clone(), state.events.clone()));
    let app = routes::router(state.clone());
    let (close, mut closing) = tokio::sync::watch::channel(false);
    let stop = async move {
        let _ = closing.wait_for(|s| *s).await;
    };
    let app = app.into_make_service_with_connect_info::<SocketAddr>();
    let https = tls.is_some();
    let server = match tls {
        None => tokio::spawn(async move {
            if let Err(e) = axum::serve(listener, app).with_graceful_shutdown(stop).await {
                tracing::error!(error = %e, "server stopped");
            }
        }),
        Some((config, cert)) => {
            // Rechecked for as long as the listener (holding `config`) lives.
            cert.watch();
            // `tap_io` is what gives a custom listener's connections their `ConnectInfo`.
            use axum::serve::ListenerExt;
            let listener =
                tls::TlsListener::new(listener, config, state.config.trusted_proxies.clone())?.tap_io(|_| {});
            tokio::spawn(async move {
                if let Err(e) = axum::serve(listener, app).with_graceful_shutdown(stop).await {
                    tracing::error!(error = %e, "server stopped");
                }
            })
        }
    };
    tracing::info!(%addr, tls = https, "haven-sync listening");
    Ok(Running { addr, tls: https, state, server, worker, exporter, listener: events, close, _lock: lock })
}
