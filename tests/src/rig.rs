//! D-Bus rigs for the system tests: private buses,
//! waiting for a name, and the fingerprint rig — a private "system" bus with polkit mocked by
//! python3-dbusmock (everything allowed) and the real fprintd with libfprint's virtual reader
//! (FP_VIRTUAL_DEVICE: a socket that takes `SCAN <finger id>`).

use haven_client::biometric::FprintdGate;
use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A child process killed (and reaped) when dropped.
pub struct Killed(pub Child);
impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Whether `name` has an owner on the bus at `addr` (None: this process's session bus).
pub fn owned(addr: Option<&str>, name: &str) -> bool {
    let bus = addr.map_or("--session".to_owned(), |a| format!("--bus={a}"));
    Command::new("dbus-send")
        .args([
            bus.as_str(),
            "--print-reply",
            "--dest=org.freedesktop.DBus",
            "/org/freedesktop/DBus",
            "org.freedesktop.DBus.NameHasOwner",
            &format!("string:{name}"),
        ])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).contains("boolean true"))
        .unwrap_or(false)
}

pub fn wait_owned(addr: Option<&str>, name: &str) {
    let deadline = Instant::now() + Duration::from_secs(15);
    while !owned(addr, name) {
        assert!(Instant::now() < deadline, "{name} never appeared on the bus");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// A bus of its own (a dbus-daemon with the session configuration), and its address.
pub fn private_bus() -> (Killed, String) {
    let mut bus = Command::new("dbus-daemon")
        .args(["--session", "--nofork", "--print-address=1"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("dbus-daemon (apt: dbus)");
    let mut line = String::new();
    BufReader::new(bus.stdout.take().expect("stdout")).read_line(&mut line).expect("bus address");
    (Killed(bus), line.trim().to_owned())
}

/// A private "system" bus with mock polkit (everything allowed) and, optionally, fprintd.
pub struct Rig {
    pub addr: String,
    socket: PathBuf,
    dir: tempfile::TempDir,
    _procs: Vec<Killed>,
}

impl Rig {
    pub fn start(fprintd: bool, reader: bool) -> Rig {
        let dir = tempfile::tempdir().expect("tmp");
        let (bus, addr) = private_bus();
        let mut procs = vec![bus];
        let polkit = Command::new("/usr/bin/python3")
            .args(["-m", "dbusmock", "--system", "--template", "polkitd"])
            .env("DBUS_SYSTEM_BUS_ADDRESS", &addr)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("python3-dbusmock (apt)");
        procs.push(Killed(polkit));
        wait_owned(Some(&addr), "org.freedesktop.PolicyKit1");
        let ok = Command::new("dbus-send")
            .args([
                &format!("--bus={addr}"),
                "--print-reply",
                "--dest=org.freedesktop.PolicyKit1",
                "/org/freedesktop/PolicyKit1/Authority",
                "org.freedesktop.DBus.Mock.SetAllowed",
                "array:string:net.reactivated.fprint.device.enroll,net.reactivated.fprint.device.verify",
            ])
            .status()
            .expect("dbus-send")
            .success();
        assert!(ok, "SetAllowed");
        let socket = dir.path().join("reader.sock");
        if fprintd {
            std::fs::create_dir_all(dir.path().join("state")).expect("state dir");
            let mut cmd = Command::new("/usr/libexec/fprintd");
            cmd.arg("-t")
                .env("DBUS_SYSTEM_BUS_ADDRESS", &addr)
                .env("STATE_DIRECTORY", dir.path().join("state"))
                .env("FP_DEVICE_EMULATION", "1")
                .stdout(Stdio::null())
                .stderr(Stdio::null());
            if reader {
                cmd.env("FP_VIRTUAL_DEVICE", &socket);
            }
            procs.push(Killed(cmd.spawn().expect("fprintd (apt)")));
            wait_owned(Some(&addr), "net.reactivated.Fprint");
        }
        Rig { addr, socket, dir, _procs: procs }
    }

    pub fn gate(&self) -> FprintdGate {
        FprintdGate::at(&self.addr, Duration::from_secs(10))
    }

    /// A finger on the virtual reader (the reader queues it until a scan is wanted).
    pub fn scan(&self, finger: &str) {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            match std::os::unix::net::UnixStream::connect(&self.socket) {
                Ok(mut s) => {
                    s.write_all(format!("SCAN {finger}\n").as_bytes()).expect("write");
                    return;
                }
                Err(e) => {
                    assert!(Instant::now() < deadline, "virtual reader socket: {e}");
                    std::thread::sleep(Duration::from_millis(50));
                }
            }
        }
    }

    /// Enrols `finger` for this user the way the system settings would (fprintd-enroll).
    pub fn enrol(&self, finger: &str) {
        let child = Command::new("fprintd-enroll")
            .args(["-f", "right-index-finger"])
            .env("DBUS_SYSTEM_BUS_ADDRESS", &self.addr)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("fprintd-enroll");
        let out = {
            let child = child;
            for _ in 0..5 {
                std::thread::sleep(Duration::from_millis(200));
                self.scan(finger);
            }
            child.wait_with_output().expect("enroll")
        };
        let text = String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
        assert!(text.contains("enroll-completed"), "enrolment failed ({}):\n{text}", self.dir.path().display());
    }
}
