//! A throwaway PostgreSQL for the tests (issue 14's rig): Debian's server binaries, a cluster
//! `initdb`'d into a temporary directory as the `postgres` user (PostgreSQL refuses to run as
//! root), on a free loopback port, with its socket in that directory; stopped by its own `pg_ctl`
//! when dropped. The machine's default cluster is never touched.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

pub struct Postgres {
    dir: tempfile::TempDir,
    bin: PathBuf,
    pub port: u16,
    /// The server options it was started with (for starting it again).
    opts: String,
}

/// The newest installed server's binaries (`/usr/lib/postgresql/<version>/bin`).
fn server_bin() -> PathBuf {
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .expect("PostgreSQL's server (apt: postgresql) must be installed")
        .flatten()
        .filter_map(|e| Some((e.file_name().to_str()?.parse().ok()?, e.path().join("bin"))))
        .filter(|(_, bin)| bin.join("initdb").exists())
        .collect();
    versions.sort();
    versions.pop().expect("an installed PostgreSQL server").1
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port()
}

/// Runs a server tool as the `postgres` user when this is root (as the tests are in CI).
fn as_postgres(tool: &Path) -> Command {
    if is_root() {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--"]).arg(tool);
        c
    } else {
        Command::new(tool)
    }
}

impl Postgres {
    pub fn start() -> Postgres {
        Postgres::start_with("")
    }

    /// Starts a cluster with extra server options (`-c name=value …`).
    pub fn start_with(extra: &str) -> Postgres {
        let bin = server_bin();
        let dir = tempfile::Builder::new().prefix("haven-pg-").tempdir().expect("tmp");
        let data = dir.path().join("data");
        // The cluster's owner must be able to write the directory.
        let _ = Command::new("chown").arg("postgres:postgres").arg(dir.path()).status();
        let out = as_postgres(&bin.join("initdb"))
            .args(["--auth=trust", "--username=haven", "--encoding=UTF8", "--locale=C", "-D"])
            .arg(&data)
            .output()
            .expect("initdb");
        assert!(out.status.success(), "initdb: {}", String::from_utf8_lossy(&out.stderr));
        let port = free_port();
        let opts = format!("-p {port} -c listen_addresses=127.0.0.1 -k {} {extra}", dir.path().display());
        let pg = Postgres { dir, bin, port, opts };
        pg.start_again();
        pg
    }

    /// Starts the (stopped) cluster on its port again.
    pub fn start_again(&self) {
        let out = as_postgres(&self.bin.join("pg_ctl"))
            .args(["-w", "-D"])
            .arg(self.data_dir())
            .args(["-o", &self.opts, "-l"])
            .arg(self.dir.path().join("log"))
            .arg("start")
            .output()
            .expect("pg_ctl start");
        let log = std::fs::read_to_string(self.dir.path().join("log")).unwrap_or_default();
        assert!(out.status.success(), "pg_ctl start: {}{log}", String::from_utf8_lossy(&out.stderr));
    }

    /// Stops the cluster at once, cutting every connection (as a crash or failover would).
    pub fn stop(&self) {
        let out = as_postgres(&self.bin.join("pg_ctl"))
            .args(["-w", "-m", "immediate", "-D"])
            .arg(self.data_dir())
            .arg("stop")
            .output()
            .expect("pg_ctl stop");
        assert!(out.status.success(), "pg_ctl stop: {}", String::from_utf8_lossy(&out.stderr));
    }

    /// A URL of the cluster's `postgres` database, as the trusted superuser `haven`.
    pub fn url(&self) -> String {
        self.url_of("postgres")
    }

    pub fn data_dir(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    pub fn url_of(&self, database: &str) -> String {
        format!("postgres://haven@127.0.0.1:{}/{database}", self.port)
    }

    /// A new empty database on this cluster; answers its URL.
    pub async fn fresh_database(&self) -> String {
        use sqlx::Connection;
        let name = format!("haven_{}", uuid::Uuid::now_v7().simple());
        let mut c = sqlx::PgConnection::connect(&self.url()).await.expect("connect to the test cluster");
        sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut c).await.expect("create database");
        c.close().await.expect("close");
        self.url_of(&name)
    }
}

/// The API suite's cluster when it runs on PostgreSQL (`HAVEN_TEST_BACKEND=postgres`): one per
/// test process, started on first use. Tests have no global teardown, so a watcher process stops
/// the cluster and removes its directory once this process has exited, however it ended.
pub fn shared() -> &'static Postgres {
    static SHARED: OnceLock<Postgres> = OnceLock::new();
    SHARED.get_or_init(|| {
        // Throwaway data: skip the flushes that make a cluster crash-safe (the tests kill service
        // processes, never the machine).
        let pg = Postgres::start_with("-c fsync=off -c synchronous_commit=off -c full_page_writes=off");
        let pg_ctl = pg.bin.join("pg_ctl");
        let stop = if is_root() {
            format!("runuser -u postgres -- '{}'", pg_ctl.display())
        } else {
            format!("'{}'", pg_ctl.display())
        };
        let script = format!(
            "while kill -0 {} 2>/dev/null; do sleep 1; done; {stop} -w -m immediate -D '{}' stop; rm -rf '{}'",
            std::process::id(),
            pg.data_dir().display(),
            pg.dir.path().display(),
        );
        // Detached (its own session, started by a shell that returns at once) so that it outlives
        // this process and is nobody's zombie.
        let started = Command::new("sh")
            .args(["-c", "setsid sh -c \"$0\" </dev/null >/dev/null 2>&1 &", &script])
            .status()
            .expect("start the cluster's watcher");
        assert!(started.success(), "the cluster's watcher did not start");
        pg
    })
}

/// Whether the API suite runs on PostgreSQL this time.
pub fn enabled() -> bool {
    std::env::var("HAVEN_TEST_BACKEND").is_ok_and(|b| b == "postgres")
}

fn is_root() -> bool {
    Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout.starts_with(b"0\n"))
}

impl Drop for Postgres {
    fn drop(&mut self) {
        let _ = as_postgres(&self.bin.join("pg_ctl"))
            .args(["-w", "-m", "fast", "-D"])
            .arg(self.dir.path().join("data"))
            .arg("stop")
            .output();
    }
}

/// The rig itself: a cluster of its own answers on its port, is PostgreSQL 15 or newer, and is
/// gone (the port closed, the directory removed) once dropped.
#[tokio::test]
async fn a_throwaway_postgres_starts_answers_and_stops() {
    let pg = Postgres::start();
    let pool = sqlx::PgPool::connect(&pg.url()).await.expect("connect");
    let version: i32 = sqlx::query_scalar("SELECT current_setting('server_version_num')::int")
        .fetch_one(&pool)
        .await
        .expect("version");
    assert!(version >= 150_000, "PostgreSQL {version}");
    let (port, dir) = (pg.port, pg.dir.path().to_path_buf());
    pool.close().await;
    drop(pg);
    assert!(std::net::TcpStream::connect(("127.0.0.1", port)).is_err(), "the cluster still answers");
    assert!(!dir.exists(), "the cluster's directory is left behind");
}
