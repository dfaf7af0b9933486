//! Second-factor mechanics: SMS codes, TOTP (RFC 6238) with replay protection, recovery codes,
//! remembered devices, the consecutive-failure lock and the step-up (reauth) window.
//! Routes call these; all time comes from the caller's `now`.

use crate::audit::{self, Entry};
use crate::crypto::{hash_token, normalise_code, random_code, random_token};
use crate::db::{Db, IntoEx, Tx};
use crate::delivery::enqueue_sms;
use crate::error::{ApiError, ApiResult};
use crate::keys::ServerKey;
use crate::model::{new_id, UserRow};
use crate::AppState;
use haven_api::{phone, Factor, Policy, Secret, SmsDelivery, SmsDeliveryState, StepMethod};
use haven_i18n::{msg, Msg};
use rand::rngs::OsRng;
use rand::Rng;
use subtle::ConstantTimeEq;
use totp_rs::{Algorithm, Builder, Totp};

pub const SMS_CODE_TTL_S: i64 = 5 * 60;
pub const SMS_RESEND_GAP_S: i64 = 30;
pub const SMS_PER_HOUR: i64 = 5;
pub const CHALLENGE_TTL_S: i64 = 10 * 60;
pub const SETUP_TTL_S: i64 = 30 * 60;
pub const CHALLENGE_MAX_FAILURES: i64 = 5;
pub const LOCK_AFTER_FAILURES: i64 = 100;
pub const REAUTH_WINDOW_S: i64 = 10 * 60;
pub const RECOVERY_CODES: usize = 10;

// ---------- phone numbers ----------

/// A mobile number as typed — `+44 7911 123456`, `+44 (0)7911 123-456`, `0044…`, or `07911 123456`
/// with its country — in E.164 (`+447911123456`), or a sentence saying what is wrong with it.
pub fn parse_phone(typed: &str, country: Option<&str>) -> Result<String, Msg> {
    use phonenumber::Type;
    // Digits as any keyboard writes them (Arabic-Indic too).
    let ascii = haven_i18n::ascii_digits(typed);
    let t = ascii.trim();
    if t.is_empty() {
        return Err(msg!("service-phone-missing"));
    }
    // Separators as phones and word processors paste them: spaces of every width, hyphens and
    // dashes, dots, slashes, brackets.
    let separator = |c: char| c.is_whitespace() || "-‐‑‒–—−().\u{202f}/".contains(c);
    if !t.chars().all(|c| c.is_ascii_digit() || c == '+' || separator(c)) {
        return Err(msg!("service-phone-characters"));
    }
    // "+44 (0)7911…": the bracketed 0 is dialled only inside the country.
    let t = if t.starts_with('+') { t.replacen("(0)", "", 1) } else { t.to_owned() };
    let digits: String = t.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect();
    let digits = match digits.strip_prefix("00") {
        Some(rest) => format!("+{rest}"),
        None => digits,
    };
    let chosen = country.and_then(phone::country);
    let region = match (digits.starts_with('+'), chosen) {
        (true, _) => None,
        (false, Some(c)) => {
            Some(c.id.parse::<phonenumber::country::Id>().map_err(|_| msg!("service-phone-choose-country"))?)
        }
        (false, None) => return Err(msg!("service-phone-country-code")),
    };
    // The country named in the error: the number's own, else the one chosen.
    let wrong = |n: Option<&phonenumber::PhoneNumber>| {
        let from_number = n.and_then(|n| {
            n.country()
                .id()
                .and_then(|id| phone::country(id.as_ref()))
                .or(phone::country_by_calling_code(n.code().value()))
        });
        // The message names the country by its id (each language words each country's name in
        // the sentence); "" when none is known.
        let place = from_number.or(region.and(chosen)).map_or("", |c| c.id);
        msg!("service-phone-wrong-for-country", country = place)
    };
    let n = phonenumber::parse(region, &digits).map_err(|_| wrong(None))?;
    if !phonenumber::is_valid(&n) {
        return Err(wrong(Some(&n)));
    }
    match n.number_type(&phonenumber::metadata::DATABASE) {
        Type::Mobile | Type::FixedLineOrMobile | Type::PersonalNumber | Type::Voip => {}
        Type::FixedLine => return Err(msg!("service-phone-landline")),
        _ => return Err(msg!("service-phone-not-mobile")),
    }
    Ok(n.format().mode(phonenumber::Mode::E164).to_string())
}

/// `+44 •••• ••0123`: country code and last four digits.
pub fn mask_phone(e164: &str) -> String {
    let cc = phonenumber::parse(None, e164).map(|n| n.code().value().to_string()).unwrap_or_default();
    let digits: Vec<char> = e164.chars().filter(char::is_ascii_digit).collect();
    let last: String = digits[digits.len().saturating_sub(4)..].iter().collect();
    format!("+{cc} •••• ••{last}")
}

// ---------- codes ----------

/// `len` uniformly random decimal digits.
pub fn numeric_code(len: usize) -> String {
    (0..len).map(|_| char::from(b'0' + OsRng.gen_range(0..10u8))).collect()
}

pub fn recovery_codes() -> Vec<String> {
    (0..RECOVERY_CODES)
        .map(|_| {
            let c = random_code(10);
            format!("{}-{}", &c[..5], &c[5..])
        })
        .collect()
}

fn ct_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && bool::from(a.ct_eq(b))
}

// ---------- TOTP ----------

pub fn totp(secret: Vec<u8>, account: &str) -> anyhow::Result<Totp> {
    Builder::new()
        .with_algorithm(Algorithm::SHA1)
        .with_digits(6)
        .with_step_duration(30)
        .with_skew(1)
        .with_secret(secret)
        .with_account_name(account.replace(':', ""))
        .with_issuer(Some("Haven"))
        .build()
        .map_err(|e| anyhow::anyhow!("totp: {e}"))
}

/// Checks `code` against steps now−1, now, now+1 (constant-time per candidate) and returns the
/// matching step, provided it is later than `last_step` (a step once accepted never is again).
pub fn totp_check(t: &Totp, code: &str, now: i64, last_step: i64) -> Option<i64> {
    // Digits as any keyboard writes them (Arabic-Indic too), without the spaces people group by.
    let code: String = haven_i18n::ascii_digits(code).chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let now = now.max(0) as u64;
    let origin = (now / 30) as i64;
    let mut found = None;
    for step in [origin - 1, origin, origin + 1] {
        if step < 0 {
            continue;
        }
        let expected = t.generate(step as u64 * 30).to_string();
        if ct_eq(expected.as_bytes(), code.as_bytes()) && step > last_step && found.is_none() {
            found = Some(step);
        }
    }
    found
}

/// Decrypts a stored TOTP secret and checks a code against it; see [`totp_check`].
pub fn totp_verify(
    key: &ServerKey,
    user_id: &str,
    account: &str,
    blob: &[u8],
    code: &str,
    now: i64,
    last_step: i64,
) -> anyhow::Result<Option<i64>> {
    let secret = key.decrypt(user_id, blob)?;
    Ok(totp_check(&totp(secret, account)?, code, now, last_step))
}

// ---------- SMS ----------

/// What an SMS code is for: signing in (bound to a challenge) or verifying a new phone.
#[derive(Debug, Clone, Copy)]
pub enum SmsScope<'a> {
    Login { challenge_id: &'a str },
    Phone,
}

impl SmsScope<'_> {
    fn purpose(&self) -> &'static str {
        match self {
            SmsScope::Login { .. } => "login",
            SmsScope::Phone => "phone",
        }
    }
    fn challenge(&self) -> Option<&str> {
        match self {
            SmsScope::Login { challenge_id } => Some(challenge_id),
            SmsScope::Phone => None,
        }
    }
}

/// Seconds to wait before another SMS may go to this user in this scope, if any: at most one per
/// 30 s per scope, and five per hour per user. A text the gateway refused for good does not
/// count towards the five: it certainly never reached the person (one given up after a timeout
/// may have, so it counts).
pub async fn sms_wait(tx: &mut Tx, user_id: &str, scope: SmsScope<'_>, now: i64) -> Result<Option<u64>, sqlx::Error> {
    let last: Option<i64> = crate::fetch_one!(&mut *tx, sqlx::query_scalar(
        "SELECT MAX(created_at) FROM sms_codes WHERE user_id = $1 AND purpose = $2 AND (challenge_id IS NOT DISTINCT FROM $3 OR $4 = 'phone')",
    )
    .bind(user_id)
    .bind(scope.purpose())
    .bind(scope.challenge())
    .bind(scope.purpose()))?;
    if let Some(t) = last.filter(|t| now - t < SMS_RESEND_GAP_S) {
        return Ok(Some((t + SMS_RESEND_GAP_S - now) as u64));
    }
    let recent: Vec<i64> = crate::fetch_all!(
        &mut *tx,
        sqlx::query_scalar(
            "SELECT s.created_at FROM sms_codes s LEFT JOIN messages m ON m.id = s.message_id
             WHERE s.user_id = $1 AND s.created_at > $2
               AND NOT COALESCE(m.sent_at IS NULL AND m.attempts >= $3 AND m.last_error LIKE $4, FALSE)
             ORDER BY s.created_at"
        )
        .bind(user_id)
        .bind(now - 3600)
        .bind(crate::delivery::MAX_ATTEMPTS)
        .bind(format!("{}%", crate::delivery::SMS_REFUSED))
    )?;
    if recent.len() as i64 >= SMS_PER_HOUR {
        return Ok(Some((recent[0] + 3600 - now).max(1) as u64));
    }
    Ok(None)
}

/// Sends a fresh code (earlier unused codes of the scope stop working). Checks the rate limits.
pub async fn send_sms_code(
    state: &AppState,
    user_id: &str,
    scope: SmsScope<'_>,
    phone: &str,
    len: u32,
    now: i64,
) -> ApiResult<()> {
    let code = numeric_code(len.clamp(4, 8) as usize);
    // The limit check and the insert happen under the user's write lock, so concurrent requests
    // cannot all pass the check.
    let mut tx = state.db.begin_for_user(user_id).await?;
    if let Some(retry_after_s) = sms_wait(&mut tx, user_id, scope, now).await? {
        return Err(ApiError::TooManyAttempts { retry_after_s });
    }
    // A text still waiting with an earlier code of the scope is given up (that code stops working
    // now): after an outage it would arrive as a dead code, and typing it would count as a wrong
    // try. Texts already given up keep their reason (a refusal does not count against the hour's
    // texts, see `sms_wait`).
    crate::execute!(
        &mut tx,
        sqlx::query(
            "UPDATE messages SET attempts = $1, last_error = 'replaced by a newer code', body = NULL, sealed = NULL
             WHERE sent_at IS NULL AND attempts < $1
               AND id IN (SELECT message_id FROM sms_codes WHERE user_id = $2 AND purpose = $3
                          AND challenge_id IS NOT DISTINCT FROM $4 AND used_at IS NULL)",
        )
        .bind(crate::delivery::MAX_ATTEMPTS)
        .bind(user_id)
        .bind(scope.purpose())
        .bind(scope.challenge())
    )?;
    crate::execute!(&mut tx, sqlx::query(
        "UPDATE sms_codes SET used_at = $1 WHERE user_id = $2 AND purpose = $3 AND challenge_id IS NOT DISTINCT FROM $4 AND used_at IS NULL",
    )
    .bind(now)
    .bind(user_id)
    .bind(scope.purpose())
    .bind(scope.challenge()))?;
    let message_id = enqueue_sms(
        &mut tx,
        &state.config.server_key,
        now,
        phone,
        // In the language of the request that asked for it; the code in ASCII digits and without
        // the marks that set an argument apart in Arabic, so that phones offer to fill it in and
        // a copied code is only its digits.
        &msg!("service-sms-code", code = code.as_str(), minutes = SMS_CODE_TTL_S / 60)
            .render(crate::i18n::lang())
            .replace(['\u{2068}', '\u{2069}'], ""),
    )
    .await?;
    crate::execute!(&mut tx, sqlx::query("INSERT INTO sms_codes (user_id, purpose, challenge_id, phone, code_mac, created_at, expires_at, message_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
        .bind(user_id)
        .bind(scope.purpose())
        .bind(scope.challenge())
        .bind(phone)
        .bind(state.config.server_key.code_mac("sms", user_id, &code))
        .bind(now)
        .bind(now + SMS_CODE_TTL_S)
        .bind(message_id))?;
    tx.commit().await?;
    state.delivery.wake();
    Ok(())
}

/// What became of the text carrying the newest code of the scope (None: no code was sent).
pub async fn sms_delivery(db: &Db, user_id: &str, scope: SmsScope<'_>, now: i64) -> ApiResult<Option<SmsDelivery>> {
    let row: Option<(i64, Option<i64>, i64, i64)> = crate::fetch_optional!(db, sqlx::query_as(
        "SELECT m.attempts, m.sent_at, m.next_attempt_at, s.created_at FROM sms_codes s JOIN messages m ON m.id = s.message_id
         WHERE s.user_id = $1 AND s.purpose = $2 AND s.challenge_id IS NOT DISTINCT FROM $3 ORDER BY s.id DESC LIMIT 1",
    )
    .bind(user_id)
    .bind(scope.purpose())
    .bind(scope.challenge()))?;
    let Some((attempts, sent_at, next_attempt_at, created_at)) = row else { return Ok(None) };
    let state = match (sent_at, attempts) {
        (Some(_), _) => SmsDeliveryState::Sent,
        (None, 0) => SmsDeliveryState::Sending,
        (None, n) if n >= crate::delivery::MAX_ATTEMPTS => SmsDeliveryState::Failed,
        (None, _) => SmsDeliveryState::Retrying,
    };
    Ok(Some(SmsDelivery {
        state,
        retry_in_s: (state == SmsDeliveryState::Retrying).then(|| (next_attempt_at - now).max(0) as u64),
        resend_after_s: (created_at + SMS_RESEND_GAP_S - now).max(0) as u64,
    }))
}

#[derive(Debug, PartialEq, Eq)]
pub enum SmsCheck {
    Ok {
        phone: String,
    },
    Wrong,
    /// No live code: expired, used, or killed by five wrong tries.
    NoCode,
}

/// Whether the scope has a code sent that still works (unused, unexpired, under five wrong tries).
pub async fn live_sms_code(db: &Db, user_id: &str, scope: SmsScope<'_>, now: i64) -> Result<bool, sqlx::Error> {
    let n: i64 = crate::fetch_one!(db, sqlx::query_scalar(
        "SELECT COUNT(*) FROM sms_codes WHERE user_id = $1 AND purpose = $2 AND challenge_id IS NOT DISTINCT FROM $3
         AND used_at IS NULL AND expires_at > $4 AND failures < $5",
    )
    .bind(user_id)
    .bind(scope.purpose())
    .bind(scope.challenge())
    .bind(now)
    .bind(CHALLENGE_MAX_FAILURES))?;
    Ok(n > 0)
}

/// Checks `code` against the newest live code of the scope. Five wrong tries kill the code.
pub async fn check_sms_code(
    state: &AppState,
    user_id: &str,
    scope: SmsScope<'_>,
    code: &str,
    now: i64,
) -> ApiResult<SmsCheck> {
    let row: Option<(i64, Vec<u8>, String, i64)> = crate::fetch_optional!(&state.db, sqlx::query_as(
        "SELECT id, code_mac, phone, expires_at FROM sms_codes
         WHERE user_id = $1 AND purpose = $2 AND challenge_id IS NOT DISTINCT FROM $3 AND used_at IS NULL ORDER BY id DESC LIMIT 1",
    )
    .bind(user_id)
    .bind(scope.purpose())
    .bind(scope.challenge()))?;
    let Some((id, mac, phone, expires_at)) = row else { return Ok(SmsCheck::NoCode) };
    if now >= expires_at {
        return Ok(SmsCheck::NoCode);
    }
    // Reserve this attempt before comparing: concurrent guesses each use up one of the five.
    let reserved: Option<i64> = crate::fetch_optional!(&state.db, sqlx::query_scalar(
        "UPDATE sms_codes SET failures = failures + 1 WHERE id = $1 AND used_at IS NULL AND failures < $2 RETURNING failures",
    )
    .bind(id)
    .bind(CHALLENGE_MAX_FAILURES))?;
    let Some(attempts) = reserved else { return Ok(SmsCheck::NoCode) };
    let given: String = haven_i18n::ascii_digits(code).chars().filter(|c| !c.is_whitespace()).collect();
    if ct_eq(&state.config.server_key.code_mac("sms", user_id, &given), &mac) {
        let used = crate::execute!(
            &state.db,
            sqlx::query("UPDATE sms_codes SET used_at = $1 WHERE id = $2 AND used_at IS NULL").bind(now).bind(id)
        )?;
        return Ok(if used == 1 { SmsCheck::Ok { phone } } else { SmsCheck::NoCode });
    }
    if attempts >= CHALLENGE_MAX_FAILURES {
        crate::execute!(
            &state.db,
            sqlx::query("UPDATE sms_codes SET used_at = $1 WHERE id = $2 AND used_at IS NULL").bind(now).bind(id)
        )?;
    }
    Ok(SmsCheck::Wrong)
}

/// Second factors this user has set up that the policy allows, preferred first.
pub fn configured_methods(user: &UserRow, policy: &Policy) -> Vec<Factor> {
    let sms = user.phone_verified_at.is_some() && user.phone.is_some() && policy.allows(Factor::Sms);
    let totp = user.totp_secret.is_some() && policy.allows(Factor::Totp);
    let prefer_totp = user.two_step_method.as_deref() == Some(Factor::Totp.as_str());
    let mut v = Vec::new();
    if totp && prefer_totp {
        v.push(Factor::Totp);
    }
    if sms {
        v.push(Factor::Sms);
    }
    if totp && !prefer_totp {
        v.push(Factor::Totp);
    }
    v
}

/// The ways this user can complete a second step: their factors the policy allows, preferred
/// first, then a recovery code while they have one left.
pub async fn second_step_methods(db: &Db, user: &UserRow, policy: &Policy) -> ApiResult<Vec<StepMethod>> {
    let mut methods: Vec<StepMethod> = configured_methods(user, policy).into_iter().map(StepMethod::from).collect();
    if has_recovery_codes(db, &user.id).await? {
        methods.push(StepMethod::RecoveryCode);
    }
    Ok(methods)
}

/// Checks a second factor of `user`: `Ok(true)` when right (and consumed), `Ok(false)` when wrong.
/// An SMS code that no longer exists is `gone`.
pub async fn check_factor(
    state: &AppState,
    user: &UserRow,
    method: StepMethod,
    code: &str,
    scope: Option<SmsScope<'_>>,
    now: i64,
) -> ApiResult<bool> {
    match method {
        StepMethod::Sms => match scope {
            Some(scope) => match check_sms_code(state, &user.id, scope, code, now).await? {
                SmsCheck::Ok { .. } => Ok(true),
                SmsCheck::Wrong => Ok(false),
                SmsCheck::NoCode => Err(ApiError::Gone(msg!("service-code-expired"))),
            },
            None => Err(ApiError::field("method", msg!("service-reauth-method"))),
        },
        StepMethod::Totp => {
            let blob =
                user.totp_secret.as_ref().ok_or_else(|| ApiError::field("method", msg!("service-totp-not-set-up")))?;
            let step =
                totp_verify(&state.config.server_key, &user.id, &user.email, blob, code, now, user.totp_last_step)
                    .map_err(ApiError::internal)?;
            let Some(step) = step else { return Ok(false) };
            // Advance the replay barrier atomically: a concurrent use of the same step loses.
            let r = crate::execute!(
                &state.db,
                sqlx::query("UPDATE users SET totp_last_step = $1 WHERE id = $2 AND totp_last_step < $3")
                    .bind(step)
                    .bind(&user.id)
                    .bind(step)
            )?;
            Ok(r == 1)
        }
        StepMethod::RecoveryCode => Ok(use_recovery_code(state, &user.id, code, now).await?),
    }
}

// ---------- recovery codes ----------

/// Replaces the user's recovery codes with ten new ones and returns them (shown once).
pub async fn issue_recovery_codes(tx: &mut Tx, key: &ServerKey, user_id: &str, now: i64) -> ApiResult<Vec<Secret>> {
    // Two replacements at once must not both survive (twenty live codes).
    tx.lock_user(user_id).await?;
    crate::execute!(&mut *tx, sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1").bind(user_id))?;
    let codes = recovery_codes();
    for c in &codes {
        crate::execute!(
            &mut *tx,
            sqlx::query("INSERT INTO recovery_codes (user_id, code_mac, created_at) VALUES ($1, $2, $3)")
                .bind(user_id)
                .bind(key.code_mac("recovery", user_id, &normalise_code(c)))
                .bind(now)
        )?;
    }
    Ok(codes.into_iter().map(Secret).collect())
}

/// Consumes a recovery code; true when it was valid and unused.
pub async fn use_recovery_code(state: &AppState, user_id: &str, code: &str, now: i64) -> Result<bool, sqlx::Error> {
    let mac = state.config.server_key.code_mac("recovery", user_id, &normalise_code(code));
    let r = crate::execute!(
        &state.db,
        sqlx::query("UPDATE recovery_codes SET used_at = $1 WHERE user_id = $2 AND code_mac = $3 AND used_at IS NULL")
            .bind(now)
            .bind(user_id)
            .bind(mac)
    )?;
    Ok(r == 1)
}

pub async fn has_recovery_codes(db: &Db, user_id: &str) -> Result<bool, sqlx::Error> {
    let n: i64 = crate::fetch_one!(
        db,
        sqlx::query_scalar("SELECT COUNT(*) FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL").bind(user_id)
    )?;
    Ok(n > 0)
}

// ---------- failures and lock ----------

/// Reserves one second-factor attempt before the code is checked: the attempt counts as a
/// failure unless [`factor_succeeded`] clears the count, so concurrent guesses cannot slip past
/// the limit. Refused (403) once the account is locked.
pub async fn factor_attempt(db: &Db, user_id: &str) -> ApiResult<i64> {
    let n: Option<i64> = crate::fetch_optional!(
        db,
        sqlx::query_scalar(
            "UPDATE users SET second_factor_failures = second_factor_failures + 1
         WHERE id = $1 AND locked_at IS NULL AND second_factor_failures < $2 RETURNING second_factor_failures",
        )
        .bind(user_id)
        .bind(LOCK_AFTER_FAILURES)
    )?;
    n.ok_or_else(|| ApiError::Forbidden(msg!("service-account-locked-failures")))
}

/// Records a wrong second factor whose attempt was reserved; the 100th consecutive one locks
/// the account and ends all its sessions.
pub async fn factor_failed(state: &AppState, user: &UserRow, attempt: i64, ip: &str, now: i64) -> ApiResult<()> {
    audit::record(
        &state.db,
        now,
        Entry {
            kind: "second_factor_failed",
            deployment_id: Some(&user.deployment_id),
            user_id: Some(&user.id),
            ip: Some(ip),
            detail: &format!("{attempt} consecutive"),
            ..Entry::default()
        },
    )
    .await?;
    if attempt >= LOCK_AFTER_FAILURES {
        let mut tx = state.db.begin().await?;
        let locked = crate::execute!(
            &mut tx,
            sqlx::query("UPDATE users SET locked_at = $1 WHERE id = $2 AND locked_at IS NULL").bind(now).bind(&user.id)
        )?;
        if locked == 1 {
            crate::sessions::revoke_user_sessions(&mut tx, &user.id, None, "account_locked", now).await?;
            revoke_remembered_devices(&mut tx, &user.id, "account_locked", now).await?;
            kill_setup_tokens(&mut tx, &user.id, None, now).await?;
            audit::record(
                &mut tx,
                now,
                Entry {
                    kind: "account_locked",
                    deployment_id: Some(&user.deployment_id),
                    user_id: Some(&user.id),
                    ip: Some(ip),
                    detail: &format!("{attempt} consecutive second-factor failures"),
                    ..Entry::default()
                },
            )
            .await?;
        }
        tx.commit().await?;
        // The locked account's open event streams end now.
        state.events.wake(crate::events::Wake::User(user.id.clone()));
    }
    Ok(())
}

pub async fn factor_succeeded(db: &Db, user_id: &str) -> Result<(), sqlx::Error> {
    crate::execute!(
        db,
        sqlx::query("UPDATE users SET second_factor_failures = 0 WHERE id = $1 AND second_factor_failures != 0")
            .bind(user_id)
    )?;
    Ok(())
}

/// Ends every open set-up token of the user but `except` (set-up done, a factor changed, or the
/// account locked).
pub async fn kill_setup_tokens(
    db: impl IntoEx<'_>,
    user_id: &str,
    except: Option<&str>,
    now: i64,
) -> Result<(), sqlx::Error> {
    crate::execute!(db, sqlx::query("UPDATE challenges SET dead_at = $1 WHERE user_id = $2 AND kind = 'setup' AND completed_at IS NULL AND dead_at IS NULL AND id IS DISTINCT FROM $3")
        .bind(now)
        .bind(user_id)
        .bind(except))?;
    Ok(())
}

// ---------- remembered devices ----------

/// Creates a remembered-device token for `days` days; returns it (shown once).
pub async fn remember_device(
    tx: &mut Tx,
    user_id: &str,
    device: (&str, &str, &str),
    days: u32,
    now: i64,
) -> ApiResult<Secret> {
    let token = random_token("hvd_");
    crate::execute!(&mut *tx, sqlx::query("INSERT INTO remembered_devices (id, user_id, device_id, name, platform, token_hash, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
        .bind(new_id())
        .bind(user_id)
        .bind(device.0)
        .bind(device.1)
        .bind(device.2)
        .bind(hash_token(&token))
        .bind(now)
        .bind(now + days as i64 * 86_400))?;
    Ok(Secret(token))
}

/// A remembered device, found by its token alone (while it is not revoked).
#[derive(sqlx::FromRow)]
pub struct RememberedDevice {
    pub id: String,
    pub user_id: String,
    device_id: String,
    created_at: i64,
    expires_at: i64,
}

impl RememberedDevice {
    pub async fn by_token(db: &Db, token: &str) -> Result<Option<RememberedDevice>, sqlx::Error> {
        crate::fetch_optional!(db, sqlx::query_as(
            "SELECT id, user_id, device_id, created_at, expires_at FROM remembered_devices WHERE token_hash = $1 AND revoked_at IS NULL",
        )
        .bind(hash_token(token)))
    }

    /// Whether it is this user's device with this id, unexpired and within the deployment's
    /// current `remember_device_days` (lowering the policy shortens existing tokens; 0 switches
    /// them all off).
    pub fn proves(&self, user_id: &str, device_id: &str, policy: &Policy, now: i64) -> bool {
        let policy_end = self.created_at + policy.remember_device_days as i64 * 86_400;
        policy.remember_device_days > 0
            && self.user_id == user_id
            && self.device_id == device_id
            && now < self.expires_at
            && now < policy_end
    }
}

/// Whether the device skips the second step, noting its use when it does.
pub async fn device_is_remembered(
    db: &Db,
    user_id: &str,
    device_id: &str,
    token: &str,
    policy: &Policy,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let Some(d) = RememberedDevice::by_token(db, token).await? else { return Ok(false) };
    if !d.proves(user_id, device_id, policy, now) {
        return Ok(false);
    }
    crate::execute!(
        db,
        sqlx::query("UPDATE remembered_devices SET last_used_at = $1 WHERE id = $2").bind(now).bind(&d.id)
    )?;
    Ok(true)
}

/// Forgets every remembered device of the user (password, phone or factor change).
pub async fn revoke_remembered_devices(
    db: impl IntoEx<'_>,
    user_id: &str,
    reason: &str,
    now: i64,
) -> Result<u64, sqlx::Error> {
    let r = crate::execute!(db, sqlx::query(
        "UPDATE remembered_devices SET revoked_at = $1, revoked_reason = $2 WHERE user_id = $3 AND revoked_at IS NULL",
    )
    .bind(now)
    .bind(reason)
    .bind(user_id))?;
    Ok(r)
}

// ---------- step-up ----------

/// Refuses with `reauth_required` unless the session re-authenticated in the last 10 minutes.
pub async fn require_reauth(db: &Db, session_id: &str, now: i64) -> ApiResult<()> {
    let at: Option<i64> = crate::fetch_optional!(
        db,
        sqlx::query_scalar("SELECT reauth_at FROM sessions WHERE id = $1").bind(session_id)
    )?
    .flatten();
    match at {
        Some(t) if now - t <= REAUTH_WINDOW_S => Ok(()),
        _ => Err(ApiError::ReauthRequired),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_are_read_as_people_write_them_or_refused_in_plain_words() {
        let gb = Some("GB");
        for (typed, country) in [
            ("+44 7911 123456", None),
            ("+44 (0)7911 123-456", None),
            ("0044 7911 123456", None),
            ("07911 123456", gb),
            ("(07911) 123 456", gb),
            ("+44 7911 123456", Some("FR")),
            // Pasted from a phone or a document: narrow no-break spaces, a non-breaking hyphen, a tab.
            ("+44\u{202f}7911\u{2011}123456", None),
            ("07911\t123\u{2013}456", gb),
        ] {
            assert_eq!(parse_phone(typed, country).as_deref(), Ok("+447911123456"), "{typed:?} in {country:?}");
        }
        assert!(parse_phone(phone::EXAMPLE, Some("GB")).is_ok(), "the field's own example is refused");
        assert_eq!(parse_phone("+1 (201) 555-0123", None).as_deref(), Ok("+12015550123"));
        assert_eq!(parse_phone("+49 1512 3456789", None).as_deref(), Ok("+4915123456789"));
        let says = |typed: &str, country: Option<&str>| {
            parse_phone(typed, country).expect_err(typed).render(haven_i18n::Lang::En)
        };
        assert!(
            says("07911 12345", gb).contains("doesn't look right for the United Kingdom"),
            "{}",
            says("07911 12345", gb)
        );
        assert!(says("+44 7911 1234567", None).contains("the United Kingdom"));
        assert!(says("06 12", Some("FR")).contains("for France"));
        assert!(says("07911123456", None).contains("choose your country"));
        assert!(says("020 7946 0018", gb).contains("landline"));
        assert!(says("call me", None).contains("only digits"));
        assert!(says("  ", None).contains("Enter your mobile number"));
        for bad in ["+44", "+999 123", "+44 7911 123456 999999"] {
            assert!(parse_phone(bad, None).is_err(), "{bad:?} accepted");
        }
        assert_eq!(mask_phone("+447911123456"), "+44 •••• ••3456");
    }

    #[test]
    fn numeric_codes_have_the_requested_length_and_vary() {
        for len in 4..=8 {
            let c = numeric_code(len);
            assert_eq!(c.len(), len);
            assert!(c.bytes().all(|b| b.is_ascii_digit()));
        }
        let many: std::collections::HashSet<String> = (0..50).map(|_| numeric_code(8)).collect();
        assert!(many.len() > 45);
        let rc = recovery_codes();
        assert_eq!(rc.len(), 10);
        assert_eq!(rc.iter().collect::<std::collections::HashSet<_>>().len(), 10);
    }

    /// RFC 6238 appendix B, SHA-1, 8 digits there; the 6-digit codes are their last six digits.
    #[test]
    fn totp_matches_rfc6238_vectors_with_window_and_replay_barrier() {
        let t = totp(b"12345678901234567890".to_vec(), "a@b.c").expect("totp");
        for (time, code8) in
            [(59i64, "94287082"), (1_111_111_109, "07081804"), (1_234_567_890, "89005924"), (2_000_000_000, "69279037")]
        {
            let code = &code8[2..];
            let step = time / 30;
            assert_eq!(totp_check(&t, code, time, 0), Some(step), "t={time}");
            // ±1 step is accepted, ±2 is not.
            assert_eq!(totp_check(&t, code, time + 30, 0), Some(step));
            assert_eq!(totp_check(&t, code, time - 30, 0), Some(step));
            assert_eq!(totp_check(&t, code, time + 60, 0), None);
            // Once step is accepted, it (and anything older) never is again.
            assert_eq!(totp_check(&t, code, time, step), None);
        }
        assert_eq!(totp_check(&t, "12345", 59, 0), None);
        assert_eq!(totp_check(&t, "abcdef", 59, 0), None);
    }
}
