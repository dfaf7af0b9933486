//! TLS for a small deployment without a proxy (`serve --tls-cert … --tls-key …`): rustls (ring,
//! the provider the SMTP client already links) behind axum's `Listener`, so the routes, the
//! client-address rules and graceful shutdown are the same as over plain TCP.
//!
//! Handshakes run in their own tasks, each cut off after [`HANDSHAKE_TIMEOUT`], at most
//! [`MAX_HANDSHAKES`] at once and [`MAX_HANDSHAKES_PER_ADDRESS`] from one address: a client that
//! opens connections and says nothing delays neither the accept loop nor anyone else's handshake.
//!
//! The certificate is read again when its files change (certbot renews in place and tells
//! nobody; looked at every `--tls-recheck-secs`) and at once on SIGHUP: a renewal needs no
//! restart. A renewal that cannot be used keeps the certificate in use and is logged.

use axum::serve::Listener;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use rustls::server::{ClientHello, ResolvesServerCert};
use rustls::sign::CertifiedKey;
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock, Weak};
use std::time::{Duration, SystemTime};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{mpsc, Semaphore};
use tokio_rustls::server::TlsStream;
use tokio_rustls::TlsAcceptor;

pub const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(5);
pub const MAX_HANDSHAKES: usize = 256;
/// A quarter of all: one address (an IPv6 /48) that opens connections and stays silent holds
/// at most this many handshake slots; further connections from it are closed at once. Room for
/// a hospital's NAT, whose people's handshakes take milliseconds each. A `--trusted-proxy`
/// address (an HTTPS reverse proxy forwarding to this port) is not capped.
pub const MAX_HANDSHAKES_PER_ADDRESS: usize = 64;
/// How often the certificate's files are looked at for a renewal by default.
pub const DEFAULT_RECHECK: Duration = Duration::from_secs(60);

/// The certificate chain and its private key, PEM files (e.g. as certbot writes them:
/// `fullchain.pem`, `privkey.pem`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlsFiles {
    pub cert: PathBuf,
    pub key: PathBuf,
    /// How often the files are looked at for a renewal.
    pub recheck: Duration,
}

impl TlsFiles {
    /// Reads and checks both files (each mistake is one sentence naming the file) and returns
    /// the certificate handshakes are answered with from now on.
    pub fn load(&self) -> anyhow::Result<Arc<Certificate>> {
        let stamp = Stamp::of(self);
        let key = self.read()?;
        Ok(Arc::new(Certificate { files: self.clone(), current: RwLock::new(key), seen: Mutex::new(stamp) }))
    }

    fn read(&self) -> anyhow::Result<Arc<CertifiedKey>> {
        let certs = read_certs(&self.cert)?;
        let key = PrivateKeyDer::from_pem_file(&self.key)
            .map_err(|e| anyhow::anyhow!("--tls-key {}: {}", self.key.display(), pem_problem(e, "private key")))?;
        let key = CertifiedKey::from_der(certs, key, &rustls::crypto::ring::default_provider()).map_err(|e| {
            anyhow::anyhow!(
                "--tls-cert {} and --tls-key {} do not go together: {e}",
                self.cert.display(),
                self.key.display()
            )
        })?;
        Ok(Arc::new(key))
    }
}

/// The certificate in use: the latest pair of files that could be used.
#[derive(Debug)]
pub struct Certificate {
    files: TlsFiles,
    current: RwLock<Arc<CertifiedKey>>,
    /// The files' stamps when last read: a recheck that finds them the same reads nothing.
    seen: Mutex<Stamp>,
}

/// What tells a file changed: its modification time and size, and on Unix its inode and change
/// time too (a file moved into place, or permissions fixed after a renewal could not be read).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Stamp([Option<(SystemTime, u64, u64, i64, i64)>; 2]);

impl Stamp {
    fn of(files: &TlsFiles) -> Stamp {
        // Through symlinks: a Kubernetes secret or certbot's live/ swaps the link's target.
        let one = |p: &Path| {
            let m = std::fs::metadata(p).ok()?;
            #[cfg(unix)]
            let (ino, ctime, ctime_ns) = {
                use std::os::unix::fs::MetadataExt;
                (m.ino(), m.ctime(), m.ctime_nsec())
            };
            #[cfg(not(unix))]
            let (ino, ctime, ctime_ns) = (0, 0, 0);
            Some((m.modified().ok()?, m.len(), ino, ctime, ctime_ns))
        };
        Stamp([one(&files.cert), one(&files.key)])
    }
}

impl Certificate {
    /// The TLS settings answering handshakes with this certificate, whatever it is by then.
    pub fn server_config(self: &Arc<Self>) -> anyhow::Result<Arc<rustls::ServerConfig>> {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let mut config = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()?
            .with_no_client_auth()
            .with_cert_resolver(self.clone());
        // The service speaks HTTP/1.1 only (axum's http1 feature).
        config.alpn_protocols = vec![b"http/1.1".to_vec()];
        Ok(Arc::new(config))
    }

    /// Reads the files again if they changed since last read (or always, `forced`); whether the
    /// certificate changed. An unusable pair keeps the one in use (and is not read again until
    /// the files change once more).
    pub fn reload(&self, forced: bool) -> anyhow::Result<bool> {
        let stamp = Stamp::of(&self.files);
        {
            let mut seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
            if !forced && *seen == stamp {
                return Ok(false);
            }
            *seen = stamp;
        }
        let key = self.files.read()?;
        *self.current.write().unwrap_or_else(|e| e.into_inner()) = key;
        Ok(true)
    }

    /// Rechecks the files every `recheck` and at once on SIGHUP, for as long as the listener or
    /// a connection it made uses this certificate.
    pub fn watch(self: &Arc<Self>) {
        let this = Arc::downgrade(self);
        let every = self.files.recheck;
        // Registered before this returns: a SIGHUP as soon as the service says it listens must
        // not meet the default action (ending the process).
        #[cfg(unix)]
        let mut hup = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup())
            .inspect_err(|e| tracing::warn!(error = %e, "cannot listen for SIGHUP; the certificate is rechecked on its interval only"))
            .ok();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(every);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            tick.tick().await;
            loop {
                #[cfg(unix)]
                let forced = tokio::select! {
                    _ = tick.tick() => false,
                    Some(()) = async { match hup.as_mut() { Some(h) => h.recv().await, None => std::future::pending().await } } => true,
                };
                #[cfg(not(unix))]
                let forced = {
                    tick.tick().await;
                    false
                };
                let Some(cert) = Weak::upgrade(&this) else { return };
                match cert.reload(forced) {
                    Ok(true) => tracing::info!(cert = %cert.files.cert.display(), "TLS certificate reloaded"),
                    Ok(false) => {}
                    Err(e) => {
                        tracing::warn!(error = %e, "the renewed TLS certificate cannot be used; the one in use stays")
                    }
                }
            }
        });
    }
}

impl ResolvesServerCert for Certificate {
    fn resolve(&self, _: ClientHello<'_>) -> Option<Arc<CertifiedKey>> {
        Some(self.current.read().unwrap_or_else(|e| e.into_inner()).clone())
    }
}

fn read_certs(path: &Path) -> anyhow::Result<Vec<CertificateDer<'static>>> {
    let what = "certificate";
    let certs = CertificateDer::pem_file_iter(path)
        .and_then(|it| it.collect::<Result<Vec<_>, _>>())
        .map_err(|e| anyhow::anyhow!("--tls-cert {}: {}", path.display(), pem_problem(e, what)))?;
    anyhow::ensure!(!certs.is_empty(), "--tls-cert {}: the file holds no PEM certificate", path.display());
    Ok(certs)
}

fn pem_problem(e: rustls::pki_types::pem::Error, what: &str) -> String {
    use rustls::pki_types::pem::Error;
    match e {
        Error::Io(e) => format!("cannot read it: {e}"),
        Error::NoItemsFound => format!("the file holds no PEM {what}"),
        e => format!("not a readable PEM {what}: {e:?}"),
    }
}

/// Accepted, handshaken TLS connections with the peer's address.
pub struct TlsListener {
    ready: mpsc::Receiver<(TlsStream<TcpStream>, SocketAddr)>,
    local: SocketAddr,
    accepting: tokio::task::JoinHandle<()>,
}

impl TlsListener {
    pub fn new(
        tcp: TcpListener,
        config: Arc<rustls::ServerConfig>,
        trusted: Vec<ipnet::IpNet>,
    ) -> std::io::Result<Self> {
        let local = tcp.local_addr()?;
        let (tx, ready) = mpsc::channel(64);
        let acceptor = TlsAcceptor::from(config);
        let slots = Arc::new(Semaphore::new(MAX_HANDSHAKES));
        let per_address = Arc::new(Mutex::new(HashMap::<IpAddr, usize>::new()));
        let accepting = tokio::spawn(async move {
            loop {
                let Ok(slot) = slots.clone().acquire_owned().await else { return };
                let (tcp, peer) = match tcp.accept().await {
                    Ok(c) => c,
                    Err(e) => {
                        // Out of file descriptors and the like: wait rather than spin.
                        tracing::warn!(error = %e, "accept failed");
                        tokio::time::sleep(Duration::from_millis(100)).await;
                        continue;
                    }
                };
                let ip = peer.ip().to_canonical();
                let capped = !trusted.iter().any(|net| net.contains(&ip));
                let Some(mine) = AddressSlot::take(&per_address, ip, capped) else {
                    // Closed unread: this address already has its share of handshakes waiting.
                    tracing::debug!(%peer, "too many TLS handshakes from this address");
                    continue;
                };
                let _ = tcp.set_nodelay(true);
                let (acceptor, tx) = (acceptor.clone(), tx.clone());
                tokio::spawn(async move {
                    let shaken = tokio::time::timeout(HANDSHAKE_TIMEOUT, acceptor.accept(tcp)).await;
                    drop((slot, mine));
                    match shaken {
                        Ok(Ok(tls)) => {
                            let _ = tx.send((tls, peer)).await;
                        }
                        // Plain HTTP sent to the TLS port, a client that does not trust the
                        // certificate, a scanner: the connection closes; nothing to serve.
                        Ok(Err(e)) => tracing::debug!(%peer, error = %e, "TLS handshake failed"),
                        Err(_) => tracing::debug!(%peer, "TLS handshake timed out"),
                    }
                });
            }
        });
        Ok(TlsListener { ready, local, accepting })
    }
}

/// One address's handshake in progress, counted while it lives.
struct AddressSlot {
    counts: Arc<Mutex<HashMap<IpAddr, usize>>>,
    address: IpAddr,
}

impl AddressSlot {
    /// `ip` canonical (a dual-stack listener's ::ffff:a.b.c.d is the IPv4 address); an address
    /// not `capped` is counted but never refused.
    fn take(counts: &Arc<Mutex<HashMap<IpAddr, usize>>>, ip: IpAddr, capped: bool) -> Option<AddressSlot> {
        let address = match ip {
            IpAddr::V4(_) => ip,
            // A /48: a site's or a subscriber's whole allocation, not one of its 65,536 /64s.
            IpAddr::V6(v6) => IpAddr::V6(std::net::Ipv6Addr::from(u128::from(v6) & !((1u128 << 80) - 1))),
        };
        let mut map = counts.lock().unwrap_or_else(|e| e.into_inner());
        let n = map.entry(address).or_insert(0);
        if capped && *n >= MAX_HANDSHAKES_PER_ADDRESS {
            return None;
        }
        *n += 1;
        Some(AddressSlot { counts: counts.clone(), address })
    }
}

impl Drop for AddressSlot {
    fn drop(&mut self) {
        let mut map = self.counts.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(n) = map.get_mut(&self.address) {
            *n -= 1;
            if *n == 0 {
                // Only addresses mid-handshake are kept: the map cannot grow with the internet.
                map.remove(&self.address);
            }
        }
    }
}

impl Drop for TlsListener {
    /// Graceful shutdown drops the listener: the socket closes then, as a TCP listener's would.
    fn drop(&mut self) {
        self.accepting.abort();
    }
}

impl Listener for TlsListener {
    type Io = TlsStream<TcpStream>;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        match self.ready.recv().await {
            Some(conn) => conn,
            // Only after the accept loop ended, i.e. while shutting down.
            None => std::future::pending().await,
        }
    }

    fn local_addr(&self) -> std::io::Result<Self::Addr> {
        Ok(self.local)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One address's share of handshakes: an IPv6 /48 counts as one (two of its /64s share),
    /// another /48 and an IPv4 address have their own, a mapped IPv4 address is that address,
    /// and an uncapped (trusted proxy) address is counted but never refused.
    #[test]
    fn handshakes_are_counted_per_address_and_per_48() {
        let counts = Arc::new(Mutex::new(HashMap::new()));
        let ip = |s: &str| s.parse::<IpAddr>().expect("ip").to_canonical();
        let mut held = Vec::new();
        for i in 0..MAX_HANDSHAKES_PER_ADDRESS {
            let a = if i % 2 == 0 { "2001:db8:1:aaaa::1" } else { "2001:db8:1:bbbb::2" };
            held.push(AddressSlot::take(&counts, ip(a), true).expect("within the share"));
        }
        assert!(AddressSlot::take(&counts, ip("2001:db8:1:cccc::3"), true).is_none(), "the /48 is full");
        assert!(AddressSlot::take(&counts, ip("2001:db8:2::1"), true).is_some(), "another /48");
        for _ in 0..MAX_HANDSHAKES_PER_ADDRESS {
            held.push(AddressSlot::take(&counts, ip("::ffff:192.0.2.7"), true).expect("IPv4"));
        }
        assert!(AddressSlot::take(&counts, ip("192.0.2.7"), true).is_none(), "mapped and plain are one address");
        assert!(AddressSlot::take(&counts, ip("192.0.2.7"), false).is_some(), "an uncapped address is never refused");
        // A finished handshake gives its place back; an address with none left is forgotten.
        held.pop();
        assert!(AddressSlot::take(&counts, ip("192.0.2.7"), true).is_some());
        held.clear();
        assert!(counts.lock().expect("lock").is_empty());
    }
}
