//! Service configuration: defaults, then an optional TOML file, then environment variables and
//! command-line flags (clap reads both; flags win). See `haven-sync serve --help`.

use crate::crypto::Argon2Params;
use crate::keys::ServerKey;
use serde::Deserialize;
use std::net::SocketAddr;
use std::path::PathBuf;

/// How outgoing email and SMS leave the service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum Delivery {
    /// Keep every message in the development outbox, readable at `GET /v1/dev/outbox`.
    Dev,
    /// Send email through SMTP. There is no outbox route.
    Smtp,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum SmtpTls {
    /// Plain SMTP (only for a relay on loopback).
    None,
    /// STARTTLS, required.
    Starttls,
    /// Implicit TLS (SMTPS).
    Tls,
}

#[derive(Debug, Clone)]
pub struct SmtpConfig {
    pub host: String,
    pub port: u16,
    pub tls: SmtpTls,
    pub username: Option<String>,
    pub password: Option<String>,
    pub from: String,
}

/// A Twilio-style SMS gateway: `POST url` with form fields To, From, Body and HTTP basic auth.
#[derive(Clone)]
pub struct SmsGateway {
    pub url: String,
    pub account: String,
    pub token: String,
    pub from: String,
}

impl std::fmt::Debug for SmsGateway {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmsGateway")
            .field("url", &self.url)
            .field("account", &self.account)
            .field("from", &self.from)
            .finish_non_exhaustive()
    }
}

#[derive(Debug, Clone)]
pub struct Limits {
    /// Failed passwords for one email before back-off starts.
    pub backoff_after: u32,
    /// First back-off step in seconds; doubles with each further failure.
    pub backoff_base_s: u64,
    /// Longest back-off.
    pub backoff_max_s: u64,
    /// Wrong passwords, and wrong second-step codes, one client address may send per window
    /// (each counted on its own).
    pub address_failures: u32,
    /// Unknown invitation or enrolment codes and tokens one client address may send per window.
    pub address_code_failures: u32,
    pub address_window_s: u64,
    /// Shortest gap between two verification emails to one account.
    pub resend_gap_s: i64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            backoff_after: 5,
            backoff_base_s: 2,
            backoff_max_s: 900,
            address_failures: 100,
            address_code_failures: 20,
            address_window_s: 900,
            resend_gap_s: 60,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Config {
    pub bind: SocketAddr,
    /// Serve HTTPS with this certificate and key instead of plain HTTP.
    pub tls: Option<crate::tls::TlsFiles>,
    /// `sqlite://path/to/haven.db` (created if missing), `sqlite::memory:`, or
    /// `postgres://user@host/db` for several instances on one database.
    pub database_url: String,
    /// Most connections this instance holds (PostgreSQL, at least 2; SQLite keeps its own small
    /// pool).
    pub pool_size: u32,
    /// The most the embedded (SQLite) database file may grow to, in MiB (None: no cap). Its WAL
    /// beside it is not counted: it is cut back to 8 MiB once a checkpoint completes, and grows
    /// past that meanwhile only with a larger transaction or a long read (an export). A write past
    /// the cap is refused like a full disk: 503, not stored.
    pub sqlite_max_mib: Option<u64>,
    /// Seconds a stopping instance keeps serving with readiness at 503, so that a load balancer
    /// stops sending it requests before its socket closes.
    pub shutdown_drain_s: u64,
    /// Base of links put in emails (`{public_url}/invite/{token}`).
    pub public_url: String,
    pub delivery: Delivery,
    pub smtp: Option<SmtpConfig>,
    pub sms: Option<SmsGateway>,
    /// Derives the code HMAC key and the TOTP-secret encryption key.
    pub server_key: ServerKey,
    pub argon2: Argon2Params,
    pub limits: Limits,
    /// Whether `delivery` was chosen explicitly (flag, env or file); `serve` requires it.
    pub delivery_explicit: bool,
    /// Load balancers and reverse proxies whose `X-Forwarded-For` names the client. From any other
    /// peer the header is ignored (anyone can send it).
    pub trusted_proxies: Vec<ipnet::IpNet>,
    pub access_ttl_s: i64,
    pub refresh_ttl_s: i64,
    pub invite_ttl_s: i64,
    pub verify_ttl_s: i64,
    /// How long the SMTP relay and the SMS gateway get for each step of a send.
    pub send_timeout: std::time::Duration,
    /// What a caller of the development outbox must send in `X-Haven-Outbox-Key` (random for
    /// each run; `serve` prints it, the app's bundled service hands it to the app only): the
    /// outbox holds every code, so no other local program or user may read it.
    pub outbox_key: haven_api::Secret,
    /// Whether this instance builds downloads (an embedder may leave them to another instance on
    /// the same PostgreSQL; the app's tests use it for a download that never finishes).
    pub export_worker: bool,
}

impl Config {
    /// A development configuration: SQLite file, development outbox, loopback.
    pub fn dev(database_url: impl Into<String>) -> Self {
        Config {
            bind: SocketAddr::from(([127, 0, 0, 1], 0)),
            tls: None,
            database_url: database_url.into(),
            pool_size: crate::db::DEFAULT_POOL_SIZE,
            sqlite_max_mib: None,
            shutdown_drain_s: 0,
            trusted_proxies: Vec::new(),
            public_url: "http://127.0.0.1:8787".into(),
            delivery: Delivery::Dev,
            smtp: None,
            sms: None,
            server_key: ServerKey::random(),
            argon2: Argon2Params::default(),
            limits: Limits::default(),
            delivery_explicit: true,
            access_ttl_s: 15 * 60,
            refresh_ttl_s: 30 * 24 * 3600,
            invite_ttl_s: 7 * 24 * 3600,
            verify_ttl_s: 24 * 3600,
            send_timeout: std::time::Duration::from_secs(20),
            outbox_key: haven_api::Secret::new(crate::crypto::random_token("hvo_")),
            export_worker: true,
        }
    }

    pub fn validate(&self) -> anyhow::Result<()> {
        if self.sqlite_max_mib == Some(0) {
            anyhow::bail!("sqlite_max_mib must be at least 1 (MiB)");
        }
        if self.delivery == Delivery::Smtp && self.smtp.is_none() {
            anyhow::bail!("delivery = smtp needs smtp_host and smtp_from (file, HAVEN_SMTP_* or --smtp-*)");
        }
        if self.delivery == Delivery::Smtp && self.sms.is_none() {
            anyhow::bail!("delivery = smtp needs an SMS gateway for second-factor codes: sms_gateway_url, sms_account, sms_token, sms_from (file, HAVEN_SMS_* or --sms-*)");
        }
        if self.delivery == Delivery::Dev && !self.bind.ip().is_loopback() {
            anyhow::bail!("development delivery exposes every sent code at /v1/dev/outbox, so it only listens on loopback (got {}); use --delivery smtp", self.bind);
        }
        // Passwords, codes and health data would cross the network in the clear. Behind a
        // proxy (named by --trusted-proxy) the proxy terminates TLS.
        if !self.bind.ip().is_loopback() && self.tls.is_none() && self.trusted_proxies.is_empty() {
            anyhow::bail!("listening on {} without TLS would send passwords and health data in the clear: give --tls-cert and --tls-key, or put a TLS proxy in front and name it with --trusted-proxy", self.bind);
        }
        if !(self.public_url.starts_with("http://")
            || self.public_url.starts_with("https://")
            || self.public_url.contains("://"))
        {
            anyhow::bail!("public_url must be an absolute URL, got {:?}", self.public_url);
        }
        Ok(())
    }
}

/// The TOML file: every key optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    pub bind: Option<SocketAddr>,
    pub tls_cert: Option<PathBuf>,
    pub tls_key: Option<PathBuf>,
    pub tls_recheck_secs: Option<u64>,
    pub database_url: Option<String>,
    pub pool_size: Option<u32>,
    pub sqlite_max_mib: Option<u64>,
    pub shutdown_drain_s: Option<u64>,
    pub trusted_proxies: Option<Vec<String>>,
    pub public_url: Option<String>,
    pub delivery: Option<Delivery>,
    pub smtp_host: Option<String>,
    pub smtp_port: Option<u16>,
    pub smtp_tls: Option<SmtpTls>,
    pub smtp_username: Option<String>,
    pub smtp_password: Option<String>,
    pub smtp_from: Option<String>,
    pub argon2_m_kib: Option<u32>,
    pub argon2_t: Option<u32>,
    pub argon2_p: Option<u32>,
    pub address_failures: Option<u32>,
    pub address_code_failures: Option<u32>,
    pub backoff_after: Option<u32>,
    pub secret_key_file: Option<PathBuf>,
    pub sms_gateway_url: Option<String>,
    pub sms_account: Option<String>,
    pub sms_token: Option<String>,
    pub sms_from: Option<String>,
}

/// Flags and `HAVEN_*` environment variables; any of them overrides the file.
#[derive(Debug, Default, Clone, clap::Args)]
pub struct ConfigArgs {
    /// TOML configuration file.
    #[arg(long, env = "HAVEN_CONFIG")]
    pub config: Option<PathBuf>,
    /// Address to listen on.
    #[arg(long, env = "HAVEN_BIND")]
    pub bind: Option<SocketAddr>,
    /// Serve HTTPS: the certificate chain, a PEM file (e.g. fullchain.pem). Needs --tls-key.
    #[arg(long, env = "HAVEN_TLS_CERT")]
    pub tls_cert: Option<PathBuf>,
    /// The certificate's private key, a PEM file (e.g. privkey.pem).
    #[arg(long, env = "HAVEN_TLS_KEY")]
    pub tls_key: Option<PathBuf>,
    /// How often, in seconds, the certificate files are looked at for a renewal (default 60;
    /// SIGHUP looks at once). A renewal needs no restart.
    #[arg(long, env = "HAVEN_TLS_RECHECK_SECS", value_parser = clap::value_parser!(u64).range(1..))]
    pub tls_recheck_secs: Option<u64>,
    /// Database URL: sqlite://haven.db (the default) or postgres://user:password@host/db
    #[arg(long, env = "HAVEN_DATABASE_URL", hide_env_values = true)]
    pub database_url: Option<String>,
    /// Most database connections this instance opens (PostgreSQL), default 10.
    #[arg(long, env = "HAVEN_POOL_SIZE")]
    pub pool_size: Option<u32>,
    /// The most a SQLite database file may grow to, in MiB (its WAL beside it keeps at most 8
    /// MiB once checkpointed): past it writes are refused (503, not stored) as on a full disk,
    /// instead of filling a shared disk. No cap by default; ignored on PostgreSQL.
    #[arg(long, env = "HAVEN_SQLITE_MAX_MIB")]
    pub sqlite_max_mib: Option<u64>,
    /// Seconds a stopping instance (SIGTERM) keeps serving with /v1/ready at 503 before it closes
    /// its socket, for a load balancer to notice; default 0.
    #[arg(long = "shutdown-drain", env = "HAVEN_SHUTDOWN_DRAIN")]
    pub shutdown_drain_s: Option<u64>,
    /// A load balancer or proxy (address or CIDR, repeatable) whose X-Forwarded-For names the
    /// client; the header is ignored from every other peer.
    #[arg(long = "trusted-proxy", env = "HAVEN_TRUSTED_PROXIES", value_delimiter = ',')]
    pub trusted_proxies: Vec<String>,
    /// Base URL for links in emails.
    #[arg(long, env = "HAVEN_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// dev (outbox) or smtp.
    #[arg(long, env = "HAVEN_DELIVERY", value_enum)]
    pub delivery: Option<Delivery>,
    #[arg(long, env = "HAVEN_SMTP_HOST")]
    pub smtp_host: Option<String>,
    #[arg(long, env = "HAVEN_SMTP_PORT")]
    pub smtp_port: Option<u16>,
    #[arg(long, env = "HAVEN_SMTP_TLS", value_enum)]
    pub smtp_tls: Option<SmtpTls>,
    #[arg(long, env = "HAVEN_SMTP_USERNAME")]
    pub smtp_username: Option<String>,
    #[arg(long, env = "HAVEN_SMTP_PASSWORD", hide_env_values = true)]
    pub smtp_password: Option<String>,
    #[arg(long, env = "HAVEN_SMTP_FROM")]
    pub smtp_from: Option<String>,
    /// Server key (base64 of 32 random bytes) protecting TOTP secrets and code hashes.
    #[arg(long = "secret-key", env = "HAVEN_SECRET_KEY", hide_env_values = true)]
    pub secret_key: Option<String>,
    /// File holding the server key. With development delivery it is created if missing
    /// (default: the database path + `.key`).
    #[arg(long, env = "HAVEN_SECRET_KEY_FILE")]
    pub secret_key_file: Option<PathBuf>,
    /// Twilio-style SMS gateway URL (form POST with To, From, Body; basic auth).
    #[arg(long, env = "HAVEN_SMS_GATEWAY_URL")]
    pub sms_gateway_url: Option<String>,
    #[arg(long, env = "HAVEN_SMS_ACCOUNT")]
    pub sms_account: Option<String>,
    #[arg(long, env = "HAVEN_SMS_TOKEN", hide_env_values = true)]
    pub sms_token: Option<String>,
    #[arg(long, env = "HAVEN_SMS_FROM")]
    pub sms_from: Option<String>,
}

impl ConfigArgs {
    pub fn load(&self) -> anyhow::Result<Config> {
        let file = match &self.config {
            Some(path) => {
                let text = std::fs::read_to_string(path)
                    .map_err(|e| anyhow::anyhow!("cannot read config file {}: {e}", path.display()))?;
                toml::from_str::<FileConfig>(&text)
                    .map_err(|e| anyhow::anyhow!("config file {}: {e}", path.display()))?
            }
            None => FileConfig::default(),
        };
        let mut c =
            Config::dev(self.database_url.clone().or(file.database_url).unwrap_or_else(|| "sqlite://haven.db".into()));
        c.pool_size = self.pool_size.or(file.pool_size).unwrap_or(crate::db::DEFAULT_POOL_SIZE);
        c.sqlite_max_mib = self.sqlite_max_mib.or(file.sqlite_max_mib);
        c.shutdown_drain_s = self.shutdown_drain_s.or(file.shutdown_drain_s).unwrap_or(0);
        let proxies = if self.trusted_proxies.is_empty() {
            file.trusted_proxies.unwrap_or_default()
        } else {
            self.trusted_proxies.clone()
        };
        c.trusted_proxies = proxies.iter().map(|p| parse_network(p)).collect::<anyhow::Result<_>>()?;
        c.bind = self.bind.or(file.bind).unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], 8787)));
        c.tls = match (self.tls_cert.clone().or(file.tls_cert), self.tls_key.clone().or(file.tls_key)) {
            (Some(cert), Some(key)) => {
                let recheck = self.tls_recheck_secs.or(file.tls_recheck_secs).map(std::time::Duration::from_secs);
                anyhow::ensure!(recheck != Some(std::time::Duration::ZERO), "tls_recheck_secs: give at least 1 second");
                Some(crate::tls::TlsFiles { cert, key, recheck: recheck.unwrap_or(crate::tls::DEFAULT_RECHECK) })
            }
            (None, None) => None,
            _ => anyhow::bail!("TLS needs both --tls-cert and --tls-key (PEM files)"),
        };
        let scheme = if c.tls.is_some() { "https" } else { "http" };
        c.public_url = self.public_url.clone().or(file.public_url).unwrap_or_else(|| format!("{scheme}://{}", c.bind));
        c.delivery_explicit = self.delivery.or(file.delivery).is_some();
        c.delivery = self.delivery.or(file.delivery).unwrap_or(Delivery::Dev);
        let host = self.smtp_host.clone().or(file.smtp_host);
        let from = self.smtp_from.clone().or(file.smtp_from);
        if let (Some(host), Some(from)) = (host, from) {
            let tls = self.smtp_tls.or(file.smtp_tls).unwrap_or(SmtpTls::Starttls);
            c.smtp = Some(SmtpConfig {
                port: self.smtp_port.or(file.smtp_port).unwrap_or(match tls {
                    SmtpTls::None => 25,
                    SmtpTls::Starttls => 587,
                    SmtpTls::Tls => 465,
                }),
                host,
                tls,
                username: self.smtp_username.clone().or(file.smtp_username),
                password: self.smtp_password.clone().or(file.smtp_password),
                from,
            });
        }
        if let Some(url) = self.sms_gateway_url.clone().or(file.sms_gateway_url) {
            c.sms = Some(SmsGateway {
                url,
                account: self.sms_account.clone().or(file.sms_account).unwrap_or_default(),
                token: self.sms_token.clone().or(file.sms_token).unwrap_or_default(),
                from: self.sms_from.clone().or(file.sms_from).unwrap_or_else(|| "Haven".into()),
            });
        }
        c.validate()?;
        let dev = c.delivery == Delivery::Dev;
        let key_file = self.secret_key_file.clone().or(file.secret_key_file);
        c.server_key = if let Some(k) = &self.secret_key {
            ServerKey::from_base64(k)?
        } else if let Some(path) = key_file {
            ServerKey::load_file(&path, dev)?
        } else if crate::db::Backend::of_url(&c.database_url) == Ok(crate::db::Backend::Postgres) {
            // Several instances share the database, so they must share the key; a random one
            // per process would leave each unable to open what the others sealed.
            anyhow::bail!("a PostgreSQL database needs the server key every instance shares: --secret-key-file or HAVEN_SECRET_KEY (base64 of 32 random bytes, e.g. `head -c32 /dev/urandom | base64`)");
        } else if dev {
            match crate::db::sqlite_file(&c.database_url) {
                Some(db) => {
                    let mut key = db.into_os_string();
                    key.push(".key");
                    ServerKey::load_file(std::path::Path::new(&key), true)?
                }
                None => ServerKey::random(),
            }
        } else {
            anyhow::bail!("production delivery needs a server key: --secret-key-file or HAVEN_SECRET_KEY (base64 of 32 random bytes, e.g. `head -c32 /dev/urandom | base64`)");
        };
        let d = Argon2Params::default();
        c.argon2 = Argon2Params {
            m_kib: file.argon2_m_kib.unwrap_or(d.m_kib),
            t: file.argon2_t.unwrap_or(d.t),
            p: file.argon2_p.unwrap_or(d.p),
        };
        if let Some(n) = file.address_failures {
            c.limits.address_failures = n;
        }
        if let Some(n) = file.address_code_failures {
            c.limits.address_code_failures = n;
        }
        if let Some(n) = file.backoff_after {
            c.limits.backoff_after = n;
        }
        c.validate()?;
        Ok(c)
    }
}

/// A network in CIDR form, or one address (a network of one).
pub fn parse_network(s: &str) -> anyhow::Result<ipnet::IpNet> {
    let s = s.trim();
    s.parse::<ipnet::IpNet>()
        .or_else(|_| s.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
        .map_err(|_| anyhow::anyhow!("--trusted-proxy {s:?}: give an address or a network such as 10.0.0.0/8"))
}
