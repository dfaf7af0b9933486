//! The idle lock's promises, for every sequence of events and clock readings proptest tries —
//! including a wall clock that jumps forward an hour or back a minute.

use haven_client::lock::{IdleLock, LockEvent, LockSettings};
use proptest::prelude::*;

/// Something that can happen to the lock, except the two that open it (a factor succeeding, or
/// signing out), with the clock step before it in milliseconds (negative: the clock went back).
#[derive(Clone, Debug)]
enum Step {
    Event(LockEvent),
    Check,
    Configure(LockSettings),
}

fn settings() -> impl Strategy<Value = LockSettings> {
    (any::<bool>(), 0u32..4000, prop_oneof![Just(0u32), 1u32..4000])
        .prop_map(|(enabled, timeout_s, cap_s)| LockSettings { enabled, timeout_s, cap_s })
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        4 => Just(Step::Event(LockEvent::Activity)),
        1 => Just(Step::Event(LockEvent::Hidden)),
        1 => Just(Step::Event(LockEvent::Sleep)),
        1 => Just(Step::Event(LockEvent::StartedSignedIn)),
        3 => Just(Step::Check),
        1 => settings().prop_map(Step::Configure),
    ]
}

/// Clock steps: small ones, the timeout's size, an hour forward, a minute back.
fn tick() -> impl Strategy<Value = i64> {
    prop_oneof![0i64..2_000, 0i64..4_000_000, Just(3_600_000), Just(-60_000)]
}

fn apply(lock: &mut IdleLock, step: &Step, now: u64) -> bool {
    match step {
        Step::Event(e) => lock.on(*e, now),
        Step::Check => lock.is_locked(now),
        Step::Configure(s) => {
            lock.configure(*s, now);
            lock.is_locked(now)
        }
    }
}

proptest! {
    // No regression files: a failing case is printed, and a test run leaves the tree clean.
    #![proptest_config(ProptestConfig { cases: 3000, failure_persistence: None, ..ProptestConfig::default() })]

    /// Once locked, nothing but a factor (or signing out) opens it: no activity, check, setting
    /// change (turning the lock off included) or clock jump.
    #[test]
    fn once_locked_only_a_factor_opens_it(start in settings(), steps in prop::collection::vec((tick(), step()), 1..60)) {
        let mut now: u64 = 1_800_000_000_000;
        let mut lock = IdleLock::new(start, now);
        let mut was_locked = false;
        for (dt, s) in &steps {
            now = now.saturating_add_signed(*dt);
            let locked = apply(&mut lock, s, now);
            prop_assert!(!was_locked || locked, "opened without a factor by {:?} at +{}", s, dt);
            was_locked = locked;
        }
    }

    /// With the lock on, a stretch of the timeout (or longer) without activity always ends locked,
    /// however the clock moved before it.
    #[test]
    fn idle_for_the_timeout_always_locks(start in settings(), steps in prop::collection::vec((tick(), step()), 0..30), extra in 0u64..10_000_000) {
        let mut now: u64 = 1_800_000_000_000;
        let mut lock = IdleLock::new(start, now);
        for (dt, s) in &steps {
            now = now.saturating_add_signed(*dt);
            apply(&mut lock, s, now);
        }
        let settings = lock.settings();
        if settings.enabled {
            prop_assert!(lock.is_locked(now + settings.effective_ms() + extra));
        }
    }

    /// Hiding the window, sleeping, or starting with a resumed session locks at once when the
    /// lock is on; the lock count only ever grows, by one per locking.
    #[test]
    fn hidden_sleep_and_restart_lock_at_once(start in settings(), steps in prop::collection::vec((tick(), step()), 0..40)) {
        let mut now: u64 = 1_800_000_000_000;
        let mut lock = IdleLock::new(start, now);
        let mut was = false;
        for (dt, s) in &steps {
            now = now.saturating_add_signed(*dt);
            let before = lock.lock_count();
            let locked = apply(&mut lock, s, now);
            if let Step::Event(LockEvent::Hidden | LockEvent::Sleep | LockEvent::StartedSignedIn) = s {
                prop_assert_eq!(locked, lock.settings().enabled || was);
            }
            let grew = lock.lock_count() - before;
            prop_assert!(grew <= 1);
            prop_assert_eq!(grew == 1, locked && !was, "{:?}", s);
            was = locked;
        }
    }
}
