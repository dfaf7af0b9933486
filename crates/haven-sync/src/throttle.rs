//! Abuse limits.
//!
//! * Per account: consecutive password failures for one normalised email back off exponentially
//!   (stored in `login_throttle`, keyed by a hash of the email, so unknown emails behave exactly
//!   like known ones).
//! * Per client address: failed attempts of any kind (passwords, unknown tokens and codes) in a
//!   fixed window, kept in memory.

use crate::config::Limits;
use crate::crypto::hash_token;
use crate::db::Db;
use crate::error::{ApiError, ApiResult};
use crate::AppState;
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;

pub fn account_key(email: &str) -> Vec<u8> {
    hash_token(&format!("login:{email}"))
}

/// Reserves one password attempt for this email, atomically: `Err(wait)` while a back-off is in
/// force, else the attempt is counted (as a failure until [`account_succeeded`] clears it) and
/// the back-off it would earn is set in the same statement. Concurrent guesses therefore cannot
/// slip through between check and count.
pub async fn account_attempt(db: &Db, limits: &Limits, email: &str, now: i64) -> Result<Result<(), u64>, sqlx::Error> {
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
    .bind(account_key(email))
    .bind(now)
    .bind(after)
    .bind(limits.backoff_base_s as i64)
    .bind(limits.backoff_max_s as i64))?;
    if reserved.is_some() {
        return Ok(Ok(()));
    }
    let next: i64 = crate::fetch_one!(
        db,
        sqlx::query_scalar("SELECT next_allowed_at FROM login_throttle WHERE key = $1").bind(account_key(email))
    )?;
    Ok(Err((next - now).max(1) as u64))
}

pub async fn account_succeeded(db: &Db, email: &str) -> Result<(), sqlx::Error> {
    crate::execute!(db, sqlx::query("DELETE FROM login_throttle WHERE key = $1").bind(account_key(email)))?;
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

#[derive(Debug, Default)]
pub struct AddressLimiter {
    inner: Mutex<HashMap<IpAddr, (i64, u32)>>,
}

impl AddressLimiter {
    /// Seconds until this address may try again, when it has used up its failures.
    pub fn wait(&self, limits: &Limits, ip: IpAddr, now: i64) -> Option<u64> {
        let map = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        let &(start, n) = map.get(&ip)?;
        let end = start + limits.address_window_s as i64;
        (now < end && n >= limits.address_failures).then(|| (end - now) as u64)
    }

    /// Counts an attempt as failed before it is checked; `Err(wait)` when the address is over
    /// its limit. Call [`AddressLimiter::forgive`] when it succeeds.
    pub fn reserve(&self, limits: &Limits, ip: IpAddr, now: i64) -> Result<(), u64> {
        if let Some(w) = self.wait(limits, ip, now) {
            return Err(w);
        }
        self.failed(limits, ip, now);
        Ok(())
    }

    pub fn forgive(&self, ip: IpAddr) {
        let mut map = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(e) = map.get_mut(&ip) {
            e.1 = e.1.saturating_sub(1);
        }
    }

    pub fn failed(&self, limits: &Limits, ip: IpAddr, now: i64) {
        let mut map = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        if map.len() > 100_000 {
            // Bound memory under a wide spray of addresses: drop expired windows.
            map.retain(|_, (start, _)| now < *start + limits.address_window_s as i64);
        }
        let e = map.entry(ip).or_insert((now, 0));
        if now >= e.0 + limits.address_window_s as i64 {
            *e = (now, 0);
        }
        e.1 = e.1.saturating_add(1);
    }
}

/// Refuses a client address that is in its back-off window (429 with when to retry).
pub fn address_gate(state: &AppState, ip: std::net::IpAddr) -> ApiResult<()> {
    match state.addresses.wait(&state.config.limits, ip, state.now()) {
        Some(retry_after_s) => Err(ApiError::TooManyAttempts { retry_after_s }),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_is_zero_then_doubles_then_caps() {
        let l = Limits::default();
        let seq: Vec<u64> = (1..=15).map(|n| backoff(&l, n)).collect();
        assert_eq!(&seq[..4], &[0, 0, 0, 0]);
        assert_eq!(&seq[4..9], &[2, 4, 8, 16, 32]);
        assert_eq!(seq[14], 900);
    }

    #[test]
    fn address_window_fills_and_resets() {
        let l = Limits { address_failures: 3, address_window_s: 60, ..Limits::default() };
        let a = AddressLimiter::default();
        let ip: IpAddr = [127, 0, 0, 9].into();
        for _ in 0..2 {
            a.failed(&l, ip, 1000);
        }
        assert_eq!(a.wait(&l, ip, 1001), None);
        a.failed(&l, ip, 1002);
        assert_eq!(a.wait(&l, ip, 1010), Some(50));
        assert_eq!(a.wait(&l, ip, 1060), None);
        a.failed(&l, ip, 1061);
        assert_eq!(a.wait(&l, ip, 1062), None);
    }
}
