//! Abuse limits.
//!
//! * Per account: consecutive password failures for one normalised email back off exponentially
//!   (stored in `login_throttle`, keyed by a hash of the email, so unknown emails behave exactly
//!   like known ones). A remembered device has a count of its own (OWASP's "device cookie"):
//!   whoever guesses a patient's password elsewhere does not shut the patient's own device out.
//! * Per client address: failed guesses of each kind ([`Guess`]) in a fixed window, counted in
//!   `guess_throttle`. A sign-in from a remembered device is not held by its address's limit
//!   (one attacker behind a hospital's NAT or a balancer would otherwise lock everyone out); the
//!   per-account count still holds it.
//!
//! Both are counted in the database with single statements, so any number of instances on one
//! database enforce them together.

use crate::config::Limits;
use crate::crypto::hash_token;
use crate::db::Db;
use crate::error::{ApiError, ApiResult};
use crate::AppState;
use std::net::IpAddr;

/// Whose consecutive password failures are counted: an email from any client, or an email from
/// one of its remembered devices (its `remembered_devices.id`).
pub fn account_key(email: &str, remembered_device: Option<&str>) -> Vec<u8> {
    match remembered_device {
        None => hash_token(&format!("login:{email}")),
        Some(device) => hash_token(&format!("login:{email}:device:{device}")),
    }
}

/// Reserves one password attempt for this account key, atomically: `Err(wait)` while a back-off is in
/// force, else the attempt is counted (as a failure until [`account_succeeded`] clears it) and
/// the back-off it would earn is set in the same statement. Concurrent guesses therefore cannot
/// slip through between check and count.
pub async fn account_attempt(db: &Db, limits: &Limits, key: &[u8], now: i64) -> Result<Result<(), u64>, sqlx::Error> {
    let after = limits.backoff_after.max(1) as i64;
    let reserved: Option<i64> = crate::fetch_optional!(db, sqlx::query_scalar(
        "INSERT INTO login_throttle AS t (key, failures, next_allowed_at, updated_at)
         VALUES ($1, 1, CASE WHEN 1 >= $3 THEN $2 + $4 ELSE 0 END, $2)
         ON CONFLICT(key) DO UPDATE SET
             failures = t.failures + 1,
             -- base << min(excess, 30), capped at the maximum (CASE: neither engine's MIN/LEAST
             -- works on both)
             next_allowed_at = CASE WHEN t.failures + 1 >= $3
                 THEN $2 + CASE WHEN ($4 << CAST(CASE WHEN t.failures + 1 - $3 < 30 THEN t.failures + 1 - $3 ELSE 30 END AS INTEGER)) < $5
                                THEN ($4 << CAST(CASE WHEN t.failures + 1 - $3 < 30 THEN t.failures + 1 - $3 ELSE 30 END AS INTEGER))
                                ELSE $5 END
                 ELSE 0 END,
             updated_at = $2
         WHERE t.next_allowed_at <= $2
         RETURNING failures",
    )
    .bind(key)
    .bind(now)
    .bind(after)
    .bind(limits.backoff_base_s as i64)
    .bind(limits.backoff_max_s as i64))?;
    if reserved.is_some() {
        return Ok(Ok(()));
    }
    let next: i64 = crate::fetch_one!(
        db,
        sqlx::query_scalar("SELECT next_allowed_at FROM login_throttle WHERE key = $1").bind(key)
    )?;
    Ok(Err((next - now).max(1) as u64))
}

pub async fn account_succeeded(db: &Db, key: &[u8]) -> Result<(), sqlx::Error> {
    crate::execute!(db, sqlx::query("DELETE FROM login_throttle WHERE key = $1").bind(key))?;
    Ok(())
}

/// Back-off after `failures` consecutive failures: none up to `backoff_after`, then
/// `base · 2^(n − backoff_after − 1)` capped at `backoff_max_s`.
pub fn backoff(limits: &Limits, failures: u64) -> u64 {
    let after = limits.backoff_after as u64;
    if failures < after.max(1) {
        return 0;
    }
    let exp = (failures - after.max(1)).min(30) as u32;
    limits.backoff_base_s.saturating_mul(1u64 << exp).min(limits.backoff_max_s)
}

/// What a failed attempt was guessing. Each is counted and limited on its own, so guessing one
/// from an address never shuts that address out of the others: a burst of wrong second-step codes
/// (each challenge dies after five anyway) does not stop the people behind the same NAT from
/// signing in or enrolling.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Guess {
    /// Passwords at sign-in.
    Password,
    /// Codes sent by text or shown by an authenticator app, and recovery codes.
    SecondFactor,
    /// Invitation and enrolment codes typed by hand: short enough to guess, so this limit is the
    /// tightest.
    Code,
    /// Long random tokens (links in emails, refresh tokens): 256 bits cannot be guessed, so this
    /// limit is generous; it only keeps junk from one address cheap to refuse, and never shares a
    /// count with the guesses above (so made-up tokens cannot stop anyone's refresh for long).
    Token,
}

impl Guess {
    /// An invitation arrives as its link's token or its typed code.
    pub fn invite(token_or_code: &str) -> Guess {
        if token_or_code.starts_with("hvi_") {
            Guess::Token
        } else {
            Guess::Code
        }
    }
}

impl Guess {
    fn as_str(self) -> &'static str {
        match self {
            Guess::Password => "password",
            Guess::SecondFactor => "second_factor",
            Guess::Code => "code",
            Guess::Token => "token",
        }
    }

    fn limit(self, limits: &Limits) -> i64 {
        i64::from(match self {
            Guess::Password | Guess::SecondFactor | Guess::Token => limits.address_failures,
            Guess::Code => limits.address_code_failures,
        })
    }
}

/// The address a limit counts: an IPv4 address, or the /64 an IPv6 address is in (one
/// subscriber usually holds a whole /64, so counting single addresses would not limit anyone).
pub fn address_key(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => {
            let prefix = u128::from(v6) & !((1u128 << 64) - 1);
            format!("{}/64", std::net::Ipv6Addr::from(prefix))
        }
    }
}

/// Seconds until this address may guess this kind again, when it has used up its failures in the
/// window.
pub async fn address_wait(state: &AppState, guess: Guess, ip: IpAddr, now: i64) -> Result<Option<u64>, sqlx::Error> {
    let limits = &state.config.limits;
    let row: Option<(i64, i64)> = crate::fetch_optional!(
        &state.db,
        sqlx::query_as("SELECT window_start, failures FROM guess_throttle WHERE scope = $1 AND ip = $2")
            .bind(guess.as_str())
            .bind(address_key(ip))
    )?;
    Ok(row.and_then(|(start, n)| {
        let end = start + limits.address_window_s as i64;
        (now < end && n >= guess.limit(limits)).then(|| (end - now) as u64)
    }))
}

/// Counts one failure of kind $1 from address $2 at $3 in a window of $4 seconds (a window that
/// has ended starts again); [`address_reserve`] adds its condition to it.
const COUNT_FAILURE: &str = "INSERT INTO guess_throttle AS t (scope, ip, window_start, failures) VALUES ($1, $2, $3, 1)
     ON CONFLICT (scope, ip) DO UPDATE SET
         failures = CASE WHEN t.window_start + $4 <= $3 THEN 1 ELSE t.failures + 1 END,
         window_start = CASE WHEN t.window_start + $4 <= $3 THEN $3 ELSE t.window_start END";

/// Counts a failure for the address, in one statement (every instance counts in the same row).
pub async fn address_failed(state: &AppState, guess: Guess, ip: IpAddr, now: i64) -> Result<(), sqlx::Error> {
    crate::execute!(
        &state.db,
        sqlx::query(COUNT_FAILURE)
            .bind(guess.as_str())
            .bind(address_key(ip))
            .bind(now)
            .bind(state.config.limits.address_window_s as i64)
    )?;
    Ok(())
}

/// Counts an attempt as failed before it is checked, atomically with the check: `Err(wait)` when
/// the address is over its limit. Call [`address_forgive`] when it succeeds.
pub async fn address_reserve(
    state: &AppState,
    guess: Guess,
    ip: IpAddr,
    now: i64,
) -> Result<Result<(), u64>, sqlx::Error> {
    let limits = &state.config.limits;
    let reserved: Option<i64> = crate::fetch_optional!(
        &state.db,
        // Only while the window has room ($5 failures) or has ended.
        sqlx::query_scalar(&format!(
            "{COUNT_FAILURE} WHERE t.window_start + $4 <= $3 OR t.failures < $5 RETURNING failures"
        ))
        .bind(guess.as_str())
        .bind(address_key(ip))
        .bind(now)
        .bind(limits.address_window_s as i64)
        .bind(guess.limit(limits))
    )?;
    if reserved.is_some() {
        return Ok(Ok(()));
    }
    Ok(Err(address_wait(state, guess, ip, now).await?.unwrap_or(1)))
}

/// Takes back an attempt [`address_reserve`] counted, once it succeeded.
pub async fn address_forgive(state: &AppState, guess: Guess, ip: IpAddr) -> Result<(), sqlx::Error> {
    crate::execute!(
        &state.db,
        sqlx::query("UPDATE guess_throttle SET failures = failures - 1 WHERE scope = $1 AND ip = $2 AND failures > 0")
            .bind(guess.as_str())
            .bind(address_key(ip))
    )?;
    Ok(())
}

/// Forgets windows that have ended (called by a worker now and then).
pub async fn address_prune(db: &Db, limits: &Limits, now: i64) -> Result<u64, sqlx::Error> {
    crate::execute!(
        db,
        sqlx::query("DELETE FROM guess_throttle WHERE window_start + $1 <= $2")
            .bind(limits.address_window_s as i64)
            .bind(now)
    )
}

/// Refuses a client address that is in its back-off window for this kind of guess (429 with
/// when to retry).
pub async fn address_gate(state: &AppState, guess: Guess, ip: IpAddr) -> ApiResult<()> {
    match address_wait(state, guess, ip, state.now()).await? {
        Some(retry_after_s) => Err(ApiError::TooManyAttempts { retry_after_s }),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_ipv6_client_is_counted_by_its_64() {
        let key = |s: &str| address_key(s.parse().expect("ip"));
        assert_eq!(key("2001:db8:1:2:aaaa::1"), "2001:db8:1:2::/64");
        assert_eq!(key("2001:db8:1:2:ffff:ffff:ffff:ffff"), key("2001:db8:1:2::7"));
        assert_ne!(key("2001:db8:1:3::1"), key("2001:db8:1:2::1"));
        assert_eq!(key("203.0.113.7"), "203.0.113.7");
    }

    #[test]
    fn backoff_is_zero_then_doubles_then_caps() {
        let l = Limits::default();
        let seq: Vec<u64> = (1..=15).map(|n| backoff(&l, n)).collect();
        assert_eq!(&seq[..4], &[0, 0, 0, 0]);
        assert_eq!(&seq[4..9], &[2, 4, 8, 16, 32]);
        assert_eq!(seq[14], 900);
    }
}
