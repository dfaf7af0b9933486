//! "Lock app when not in use": a pure state machine. Time is passed in (milliseconds of wall-clock
//! time, so a suspended machine's sleep counts as idle time — a monotonic clock stops during
//! suspend on Linux), and the caller reports what happened; nothing here reads a clock or a window.
//!
//! The idle timeout is the user's setting capped by the deployment's `idle_timeout_max_s`. The
//! app locks when the timeout passes without activity, when its window is hidden or minimised,
//! when the system goes to sleep, and on start when a session resumes. While locked, activity
//! does not count and only [`IdleLock::unlock`] (after biometrics or the password) opens it.

/// The user's setting (from `/v1/me`) and the deployment's cap.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LockSettings {
    pub enabled: bool,
    pub timeout_s: u32,
    /// The deployment's `idle_timeout_max_s`; 0 means no cap.
    pub cap_s: u32,
}

impl LockSettings {
    pub const OFF: LockSettings = LockSettings { enabled: false, timeout_s: 0, cap_s: 0 };

    /// The timeout in force, in milliseconds: the user's, capped by the deployment's; at least
    /// one second (a zero timeout would lock on every check).
    pub fn effective_ms(&self) -> u64 {
        let t = if self.cap_s > 0 { self.timeout_s.min(self.cap_s) } else { self.timeout_s };
        u64::from(t.max(1)) * 1000
    }
}

/// What the app reports to the machine.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LockEvent {
    /// The person did something (a key, a click, a touch, scrolling, the window's focus).
    Activity,
    /// The window was hidden or minimised.
    Hidden,
    /// The system is going to sleep.
    Sleep,
    /// The app started with a resumed session.
    StartedSignedIn,
    /// Biometrics or the password succeeded.
    Unlocked,
    /// The session ended: nothing left to protect.
    SignedOut,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdleLock {
    settings: LockSettings,
    last_activity_ms: u64,
    locked: bool,
    /// How many times it has locked: a watcher that sees this change knows it locked again,
    /// even if it was unlocked and locked between two looks.
    locks: u64,
}

impl IdleLock {
    pub fn new(settings: LockSettings, now_ms: u64) -> Self {
        IdleLock { settings, last_activity_ms: now_ms, locked: false, locks: 0 }
    }

    pub fn settings(&self) -> LockSettings {
        self.settings
    }

    /// The settings read from the service (at sign-in, on every `/v1/me`, or changed in Profile
    /// → Account). A change restarts the countdown; the same settings read again do not (a read
    /// is no activity). Turning the lock off does not open a locked app (unlocking does).
    pub fn configure(&mut self, settings: LockSettings, now_ms: u64) {
        // A deadline already passed locks first: new settings do not undo it.
        if settings != self.settings && !self.is_locked(now_ms) {
            self.last_activity_ms = now_ms;
        }
        self.settings = settings;
    }

    /// Whether the app is locked at `now_ms`, locking it first if the idle timeout has passed.
    pub fn is_locked(&mut self, now_ms: u64) -> bool {
        if self.locked || !self.settings.enabled {
            return self.locked;
        }
        if now_ms < self.last_activity_ms {
            // The clock went backwards: restart the countdown rather than never locking.
            self.last_activity_ms = now_ms;
        }
        if now_ms - self.last_activity_ms >= self.settings.effective_ms() {
            self.lock();
        }
        self.locked
    }

    fn lock(&mut self) {
        if !self.locked {
            self.locked = true;
            self.locks += 1;
        }
    }

    /// How many times the app has locked so far.
    pub fn lock_count(&self) -> u64 {
        self.locks
    }

    /// Applies an event; answers whether the app is locked afterwards.
    pub fn on(&mut self, event: LockEvent, now_ms: u64) -> bool {
        match event {
            LockEvent::Activity => {
                // Checked first: activity after the timeout must not undo the lock.
                if !self.is_locked(now_ms) {
                    self.last_activity_ms = now_ms;
                }
            }
            LockEvent::Hidden | LockEvent::Sleep | LockEvent::StartedSignedIn => {
                if self.settings.enabled {
                    self.lock();
                }
            }
            LockEvent::Unlocked => {
                self.locked = false;
                self.last_activity_ms = now_ms;
            }
            LockEvent::SignedOut => {
                // Nothing to protect, and the next user brings their own setting.
                self.locked = false;
                self.settings = LockSettings::OFF;
                self.last_activity_ms = now_ms;
            }
        }
        self.locked
    }

    /// Milliseconds until the idle timeout locks the app (None when it cannot: lock off or locked).
    pub fn remaining_ms(&self, now_ms: u64) -> Option<u64> {
        (self.settings.enabled && !self.locked)
            .then(|| self.settings.effective_ms().saturating_sub(now_ms.saturating_sub(self.last_activity_ms)))
    }
}

/// Wrong passwords at the lock screen, kept in a file beside the app's data so that restarting
/// the app gives no more tries. A guess is counted before it is checked (killing the app while it
/// is checked still counts it) and given back only when the service did not check it.
pub struct UnlockTries {
    path: std::path::PathBuf,
}

impl UnlockTries {
    /// Wrong passwords the lock screen takes; the last one ends the session.
    pub const LIMIT: u32 = 5;

    pub fn new(path: impl Into<std::path::PathBuf>) -> UnlockTries {
        UnlockTries { path: path.into() }
    }

    /// Guesses counted so far. A file that cannot be read counts as the limit (fail closed).
    pub fn used(&self) -> u32 {
        match std::fs::read_to_string(&self.path) {
            Ok(t) => t.trim().parse().unwrap_or(Self::LIMIT),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => 0,
            Err(_) => Self::LIMIT,
        }
    }

    /// Counts a guess about to be checked; answers the guesses counted with it.
    pub fn count_guess(&self) -> std::io::Result<u32> {
        let used = self.used().saturating_add(1);
        self.write(used)?;
        Ok(used)
    }

    /// Gives back a guess the service did not check (it was unreachable or said to wait).
    pub fn give_back(&self) -> std::io::Result<()> {
        self.write(self.used().saturating_sub(1))
    }

    /// The app was opened by its person (or signed out): the count starts again.
    pub fn reset(&self) -> std::io::Result<()> {
        match std::fs::remove_file(&self.path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }

    fn write(&self, n: u32) -> std::io::Result<()> {
        std::fs::write(&self.path, n.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::LockEvent::*;
    use super::*;

    const ON_60: LockSettings = LockSettings { enabled: true, timeout_s: 60, cap_s: 900 };

    #[test]
    fn every_lock_is_counted_even_when_unlocked_in_between() {
        let mut l = IdleLock::new(ON_60, 0);
        l.on(Hidden, 1);
        l.on(Sleep, 2);
        assert_eq!(l.lock_count(), 1, "already locked: not a new lock");
        l.on(Unlocked, 3);
        l.on(Hidden, 4);
        assert_eq!(l.lock_count(), 2);
        l.on(Unlocked, 5);
        assert!(l.is_locked(60_005));
        assert_eq!(l.lock_count(), 3, "the idle deadline counts too");
    }

    #[test]
    fn effective_timeout_is_the_users_capped_by_the_deployment() {
        let cases = [
            (LockSettings { enabled: true, timeout_s: 60, cap_s: 900 }, 60_000),
            (LockSettings { enabled: true, timeout_s: 3600, cap_s: 900 }, 900_000),
            (LockSettings { enabled: true, timeout_s: 3600, cap_s: 0 }, 3_600_000),
            (LockSettings { enabled: true, timeout_s: 0, cap_s: 900 }, 1000),
        ];
        for (s, want) in cases {
            assert_eq!(s.effective_ms(), want, "{s:?}");
        }
    }

    /// Each row: settings, then (event or None = just check, at ms) steps, and the locked state
    /// expected after each step.
    #[test]
    fn table() {
        type Step = (Option<LockEvent>, u64, bool);
        let rows: &[(&str, LockSettings, &[Step])] = &[
            ("idle past the timeout locks", ON_60, &[(None, 59_999, false), (None, 60_000, true)]),
            (
                "activity restarts the countdown",
                ON_60,
                &[(Some(Activity), 50_000, false), (None, 109_999, false), (None, 110_000, true)],
            ),
            (
                "activity after the timeout does not undo it",
                ON_60,
                &[(Some(Activity), 61_000, true), (None, 62_000, true)],
            ),
            ("while locked, activity keeps it locked", ON_60, &[(None, 60_000, true), (Some(Activity), 60_001, true)]),
            (
                "unlock opens and restarts the countdown",
                ON_60,
                &[(None, 60_000, true), (Some(Unlocked), 70_000, false), (None, 129_999, false), (None, 130_000, true)],
            ),
            ("hidden locks at once", ON_60, &[(Some(Hidden), 1, true)]),
            ("sleep locks at once", ON_60, &[(Some(Sleep), 1, true)]),
            ("start with a session locks", ON_60, &[(Some(StartedSignedIn), 0, true)]),
            (
                "sign-out opens, and the signed-out app does not lock",
                ON_60,
                &[
                    (Some(Hidden), 1, true),
                    (Some(SignedOut), 2, false),
                    (None, 10_000_000, false),
                    (Some(Hidden), 10_000_001, false),
                ],
            ),
            ("off: never locks on idle", LockSettings::OFF, &[(None, 10_000_000, false)]),
            (
                "off: hidden, sleep and start do not lock",
                LockSettings::OFF,
                &[(Some(Hidden), 1, false), (Some(Sleep), 2, false), (Some(StartedSignedIn), 3, false)],
            ),
            (
                "the deployment's cap wins over a longer setting",
                LockSettings { enabled: true, timeout_s: 3600, cap_s: 30 },
                &[(None, 29_999, false), (None, 30_000, true)],
            ),
            (
                "a clock going backwards restarts the countdown",
                ON_60,
                &[
                    (Some(Activity), 50_000, false),
                    (Some(Activity), 100_000, false),
                    (None, 50_000, false),
                    (None, 109_999, false),
                    (None, 110_000, true),
                ],
            ),
        ];
        for (name, settings, steps) in rows {
            let mut m = IdleLock::new(*settings, 0);
            for (i, (event, at, want)) in steps.iter().enumerate() {
                let got = match event {
                    Some(e) => m.on(*e, *at),
                    None => m.is_locked(*at),
                };
                assert_eq!(got, *want, "{name}: step {i} ({event:?} at {at} ms)");
            }
        }
    }

    #[test]
    fn configure_restarts_the_countdown_but_does_not_open_a_locked_app() {
        let mut m = IdleLock::new(ON_60, 0);
        m.configure(LockSettings { enabled: true, timeout_s: 10, cap_s: 900 }, 55_000);
        assert!(!m.is_locked(64_999));
        assert!(m.is_locked(65_000));
        m.configure(LockSettings::OFF, 66_000);
        assert!(m.is_locked(67_000), "turning the setting off must not unlock");
        assert!(!m.on(Unlocked, 68_000));
        assert!(!m.is_locked(10_000_000));
    }

    #[test]
    fn unlock_tries_survive_a_new_instance_and_fail_closed() {
        let dir = std::env::temp_dir().join(format!("haven-tries-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let path = dir.join("unlock-tries");
        let tries = UnlockTries::new(&path);
        assert_eq!(tries.used(), 0);
        assert_eq!(tries.count_guess().expect("count"), 1);
        assert_eq!(tries.count_guess().expect("count"), 2);
        tries.give_back().expect("give back");
        // The next run of the app reads the same count.
        assert_eq!(UnlockTries::new(&path).used(), 1);
        std::fs::write(&path, "garbled").expect("write");
        assert_eq!(tries.used(), UnlockTries::LIMIT, "an unreadable count is the limit");
        tries.reset().expect("reset");
        tries.reset().expect("resetting twice is fine");
        assert_eq!(tries.used(), 0);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn reading_the_same_settings_again_is_no_activity() {
        let mut m = IdleLock::new(ON_60, 0);
        m.configure(ON_60, 50_000);
        assert!(m.is_locked(60_000), "a read of unchanged settings held the lock open");
    }

    #[test]
    fn remaining_time_counts_down() {
        let mut m = IdleLock::new(ON_60, 0);
        assert_eq!(m.remaining_ms(15_000), Some(45_000));
        m.on(Hidden, 16_000);
        assert_eq!(m.remaining_ms(16_000), None);
        assert_eq!(IdleLock::new(LockSettings::OFF, 0).remaining_ms(1), None);
    }
}
