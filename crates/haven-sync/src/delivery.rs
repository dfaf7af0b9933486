//! Outgoing messages (email and SMS): queued in the `messages` table inside the transaction that
//! causes them, then delivered by a background worker with retries. A crash between commit and
//! delivery loses nothing; an SMTP or gateway outage delays messages instead of failing requests
//! (no request waits on a relay).
//!
//! A failed send is retried with back-off (5 s doubling, counted from when it ended) while it can
//! still help: a refusal that will not change (a relay's 550/551/553 about the recipient, a
//! gateway's 400/422) is given up at once, a text once its code would expire, anything else after
//! [`MAX_ATTEMPTS`]. Giving up erases the body and writes an audit entry.

use crate::clock::Clock;
use crate::config::{Config, Delivery, SmsGateway, SmtpConfig, SmtpTls};
use crate::db::{Db, IntoEx};
use crate::keys::ServerKey;
use haven_api::Channel;
use lettre::message::{header, Mailbox};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;

pub const MAX_ATTEMPTS: i64 = 12;

/// How a text the gateway refused for good begins its `last_error`: it certainly never went out
/// (see `twostep::sms_wait`).
pub const SMS_REFUSED: &str = "SMS gateway refused it";
/// How long a claimed message is its worker's; a send (at most two relay timeouts, and at most
/// 40 s) is cut off well before.
const CLAIM_S: i64 = 60;
/// A text is worth sending only while the code in it works, with time left to type it.
const SMS_USEFUL_S: i64 = crate::twostep::SMS_CODE_TTL_S - 30;

/// Why a send failed, and whether trying again later can help.
#[derive(Debug)]
enum Failure {
    Retry(anyhow::Error),
    GiveUp(anyhow::Error),
}

impl<E: Into<anyhow::Error>> From<E> for Failure {
    fn from(e: E) -> Self {
        Failure::Retry(e.into())
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Retry(e) | Failure::GiveUp(e) => write!(f, "{e:#}"),
        }
    }
}

/// Whether a gateway's refusal of a text will not change by sending it again: a request it finds
/// invalid (a number it will not text). Anything else — server errors, time-outs, rate limits,
/// refused credentials or a wrong gateway URL (the operator's to fix) — is tried again.
fn sms_status_is_final(status: reqwest::StatusCode) -> bool {
    matches!(status.as_u16(), 400 | 422)
}

/// Whether a relay's refusal is about the recipient (no such mailbox, not local, a bad address):
/// that will not change. Other refusals, 5xx included (authentication, relaying or policy: the
/// operator's to fix), leave the mail waiting.
fn smtp_refusal_is_final(e: &lettre::transport::smtp::Error) -> bool {
    let recipient = e.status().is_some_and(|c| matches!(c.to_string().as_str(), "550" | "551" | "553"));
    // An enhanced status of 5.7.x is a policy refusal (relaying denied), whatever the code.
    e.is_permanent() && recipient && !e.to_string().contains(" 5.7.")
}

pub async fn enqueue_email(
    db: impl IntoEx<'_>,
    key: &ServerKey,
    now: i64,
    to: &str,
    subject: &str,
    body: &str,
) -> Result<(), sqlx::Error> {
    enqueue(db, key, Channel::Email, now, to, Some(subject), body).await.map(drop)
}

/// Queues a text; answers its message id.
pub async fn enqueue_sms(
    db: impl IntoEx<'_>,
    key: &ServerKey,
    now: i64,
    to: &str,
    body: &str,
) -> Result<i64, sqlx::Error> {
    enqueue(db, key, Channel::Sms, now, to, None, body).await
}

/// A body (one-time links, codes) is stored sealed under the server key, bound to its recipient:
/// erasing a column does not erase it from disk on every engine (PostgreSQL keeps old row
/// versions and its WAL; SQLite's secure_delete covers only its own file), so the plaintext is
/// never written at all.
async fn enqueue(
    db: impl IntoEx<'_>,
    key: &ServerKey,
    channel: Channel,
    now: i64,
    to: &str,
    subject: Option<&str>,
    body: &str,
) -> Result<i64, sqlx::Error> {
    let sealed = key.encrypt(&body_aad(to), body.as_bytes()).map_err(|e| sqlx::Error::Encode(e.into()))?;
    crate::fetch_one!(db, sqlx::query_scalar(
        "INSERT INTO messages (channel, to_addr, subject, sealed, created_at, next_attempt_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(channel.as_str())
    .bind(to)
    .bind(subject)
    .bind(sealed)
    .bind(now)
    .bind(now))
}

fn body_aad(to: &str) -> String {
    format!("message-body:{to}")
}

/// A stored body in the clear: rows from before bodies were sealed carry `body`, newer ones
/// `sealed`. Err says why there is none to send.
pub fn open_body(
    key: &ServerKey,
    to: &str,
    body: Option<String>,
    sealed: Option<Vec<u8>>,
) -> Result<String, &'static str> {
    match (body, sealed) {
        (Some(b), _) => Ok(b),
        (None, Some(s)) => key
            .decrypt(&body_aad(to), &s)
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
            .ok_or("the body was sealed under another server key (run every command with the same key)"),
        (None, None) => Err("the body was erased"),
    }
}

enum Sender {
    Dev,
    Live { smtp: Option<(AsyncSmtpTransport<Tokio1Executor>, Mailbox)>, sms: Option<(reqwest::Client, SmsGateway)> },
}

fn smtp_transport(c: &SmtpConfig, timeout: Duration) -> anyhow::Result<AsyncSmtpTransport<Tokio1Executor>> {
    let mut b = match c.tls {
        SmtpTls::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&c.host),
        SmtpTls::Starttls => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&c.host)?,
        SmtpTls::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(&c.host)?,
    }
    .port(c.port)
    .timeout(Some(timeout));
    if let (Some(u), Some(p)) = (&c.username, &c.password) {
        b = b.credentials(Credentials::new(u.clone(), p.clone()));
    }
    Ok(b.build())
}

/// Wakes the delivery worker; cheap to clone.
#[derive(Clone, Default)]
pub struct Waker(Arc<Notify>);

impl Waker {
    pub fn wake(&self) {
        self.0.notify_one();
    }
    /// Waits for a wake-up or `timeout`, whichever comes first.
    pub async fn wait(&self, timeout: Duration) {
        tokio::select! {
            _ = self.0.notified() => {}
            _ = tokio::time::sleep(timeout) => {}
        }
    }
}

pub struct Worker {
    db: Db,
    clock: Arc<dyn Clock>,
    sender: Sender,
    waker: Waker,
    /// Opens the sealed bodies.
    key: ServerKey,
    /// For forgetting ended per-address windows.
    limits: crate::config::Limits,
    /// When the last tidying pass ran.
    tidied: AtomicI64,
    /// The longest a whole send may take (the relay's timeout applies to each step of it).
    send_limit: Duration,
}

impl Worker {
    pub fn new(config: &Config, db: Db, clock: Arc<dyn Clock>, waker: Waker) -> anyhow::Result<Self> {
        let sender = match config.delivery {
            Delivery::Dev => Sender::Dev,
            Delivery::Smtp => {
                let c = config.smtp.as_ref().ok_or_else(|| anyhow::anyhow!("smtp delivery without smtp settings"))?;
                let from: Mailbox = c.from.parse().map_err(|e| anyhow::anyhow!("smtp_from {:?}: {e}", c.from))?;
                let g = config.sms.as_ref().ok_or_else(|| anyhow::anyhow!("smtp delivery without an SMS gateway"))?;
                let sms = Some((reqwest::Client::builder().timeout(config.send_timeout).build()?, g.clone()));
                Sender::Live { smtp: Some((smtp_transport(c, config.send_timeout)?, from)), sms }
            }
        };
        Ok(Worker {
            db,
            clock,
            sender,
            waker,
            key: config.server_key.clone(),
            limits: config.limits.clone(),
            tidied: AtomicI64::new(i64::MIN / 2),
            send_limit: (config.send_timeout * 2).min(Duration::from_secs(40)),
        })
    }

    /// Delivers due messages until the task is dropped or `stopping` turns true (between two
    /// messages).
    pub async fn run(self, mut stopping: tokio::sync::watch::Receiver<bool>) {
        while !*stopping.borrow() {
            match self.deliver_due().await {
                Ok(n) if n > 0 => continue,
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "message delivery pass failed"),
            }
            tokio::select! {
                _ = self.waker.wait(Duration::from_secs(5)) => {}
                _ = stopping.wait_for(|s| *s) => {}
            }
        }
    }

    /// One pass: delivers a due message, if there is one; returns how many it handled. Once a
    /// minute, with live delivery, it also erases the bodies of messages older than the longest
    /// secret they can carry (an invite: 7 days), sent or not, and forgets ended address windows.
    pub async fn deliver_due(&self) -> anyhow::Result<usize> {
        let now = self.clock.now();
        if now - self.tidied.load(Ordering::Relaxed) >= 60 {
            if !matches!(self.sender, Sender::Dev) {
                crate::execute!(&self.db, sqlx::query("UPDATE messages SET body = NULL, sealed = NULL WHERE (body IS NOT NULL OR sealed IS NOT NULL) AND created_at < $1")
                    .bind(now - 7 * 86_400))?;
            }
            crate::throttle::address_prune(&self.db, &self.limits, now).await?;
            self.tidied.store(now, Ordering::Relaxed);
        }
        // Claimed one at a time for a minute (a send gives up after 40 s), by one statement, so
        // two instances never send the same message; a claim whose instance died runs out and
        // the message is sent by another.
        type Due = (i64, String, String, Option<String>, Option<String>, Option<Vec<u8>>, i64, i64);
        let due: Vec<Due> = crate::fetch_all!(
            &self.db,
            sqlx::query_as(&format!(
                "UPDATE messages SET lease_until = $1
                 WHERE id IN (SELECT id FROM messages
                              WHERE sent_at IS NULL AND attempts < $2 AND next_attempt_at <= $3
                                AND (lease_until IS NULL OR lease_until < $3)
                              ORDER BY id LIMIT 1 {})
                 RETURNING id, channel, to_addr, subject, body, sealed, attempts, created_at",
                self.db.skip_locked()
            ))
            .bind(now + CLAIM_S)
            .bind(MAX_ATTEMPTS)
            .bind(now)
        )?;
        let n = due.len();
        // Every outcome below is recorded only while this claim still holds the message.
        let claimed = now + CLAIM_S;
        for (id, channel, to, subject, body, sealed, attempts, created_at) in due {
            let text = channel == Channel::Sms.as_str();
            // A body that cannot be opened is never sent empty: the message is given up at once.
            let result = match open_body(&self.key, &to, body, sealed) {
                // A text whose code has (nearly) expired, after an outage or a backlog, is not sent.
                Ok(_) if text && now - created_at >= SMS_USEFUL_S => {
                    Err(Failure::GiveUp(anyhow::anyhow!("the code in it expired before it could be sent")))
                }
                Ok(body) => {
                    // The whole send ends well inside the claim (lettre's timeout is per step).
                    let send = self.send(&channel, &to, subject.as_deref().unwrap_or(""), &body);
                    tokio::time::timeout(self.send_limit, send).await.unwrap_or_else(|_| {
                        Err(Failure::Retry(anyhow::anyhow!("sending took longer than {} s", self.send_limit.as_secs())))
                    })
                }
                Err(why) => Err(Failure::GiveUp(anyhow::anyhow!(why))),
            };
            // The next try is counted from when this one ended (a stalled relay takes a while);
            // retrying a text whose code will have expired by then helps nobody.
            let after = self.clock.now();
            let delay = 5i64 << attempts.min(10);
            let result = match result {
                Err(Failure::Retry(e)) if text && after + delay - created_at >= SMS_USEFUL_S => {
                    Err(Failure::GiveUp(e.context("the code in it expires before another try")))
                }
                Err(Failure::Retry(e)) if attempts + 1 >= MAX_ATTEMPTS => {
                    Err(Failure::GiveUp(e.context(format!("{MAX_ATTEMPTS} attempts"))))
                }
                other => other,
            };
            match result {
                Ok(()) => {
                    // Production erases the body (it holds one-time links) once it has left.
                    let keep = matches!(self.sender, Sender::Dev);
                    crate::execute!(&self.db, sqlx::query("UPDATE messages SET sent_at = $1, attempts = attempts + 1, last_error = NULL,
                         body = CASE WHEN $2 THEN body ELSE NULL END, sealed = CASE WHEN $2 THEN sealed ELSE NULL END WHERE id = $3 AND lease_until = $4")
                        .bind(now)
                        .bind(keep)
                        .bind(id)
                        .bind(claimed))?;
                }
                Err(Failure::GiveUp(e)) => {
                    // Given up: the body (one-time links, codes) is erased, the failure kept.
                    tracing::error!(message_id = id, error = %format!("{e:#}"), "delivery given up");
                    let mut tx = self.db.begin().await?;
                    let recorded = crate::execute!(&mut tx, sqlx::query(
                        "UPDATE messages SET attempts = $1, last_error = $2, body = NULL, sealed = NULL WHERE id = $3 AND lease_until = $4",
                    )
                    // At least the limit, so it is never claimed again.
                    .bind(MAX_ATTEMPTS.max(attempts + 1))
                    .bind(format!("{e:#}"))
                    .bind(id)
                    .bind(claimed))?;
                    if recorded == 1 {
                        self.audit_given_up(&mut tx, id, &channel, &format!("{e:#}"), now).await?;
                    }
                    tx.commit().await?;
                }
                Err(Failure::Retry(e)) => {
                    let e = format!("{e:#}");
                    tracing::warn!(message_id = id, error = %e, retry_in_s = delay, "delivery failed");
                    crate::execute!(&self.db, sqlx::query(
                        "UPDATE messages SET attempts = attempts + 1, last_error = $1, next_attempt_at = $2, lease_until = NULL WHERE id = $3 AND lease_until = $4",
                    )
                    .bind(&e)
                    .bind(after + delay)
                    .bind(id)
                    .bind(claimed))?;
                }
            }
        }
        Ok(n)
    }

    /// The audit entry for a message given up, with the user a text's code was for (mail carries
    /// no user: its recipient may not have an account yet).
    async fn audit_given_up(
        &self,
        tx: &mut crate::db::Tx,
        id: i64,
        channel: &str,
        error: &str,
        now: i64,
    ) -> Result<(), sqlx::Error> {
        let user: Option<(String, String)> = crate::fetch_optional!(
            &mut *tx,
            sqlx::query_as(
                "SELECT u.id, u.deployment_id FROM sms_codes s JOIN users u ON u.id = s.user_id WHERE s.message_id = $1"
            )
            .bind(id)
        )?;
        crate::audit::record(
            &mut *tx,
            now,
            crate::audit::Entry {
                kind: "message_given_up",
                user_id: user.as_ref().map(|u| u.0.as_str()),
                deployment_id: user.as_ref().map(|u| u.1.as_str()),
                detail: &format!("{channel} message {id}: {error}"),
                ..Default::default()
            },
        )
        .await
    }

    async fn send(&self, channel: &str, to: &str, subject: &str, body: &str) -> Result<(), Failure> {
        match (&self.sender, Channel::parse(channel)) {
            (Sender::Dev, _) => Ok(()),
            (Sender::Live { smtp: Some((transport, from)), .. }, Some(Channel::Email)) => {
                let recipient =
                    to.parse::<Mailbox>().map_err(|e| Failure::GiveUp(anyhow::anyhow!("recipient {to:?}: {e}")))?;
                // Plain text in UTF-8, said so (`Content-Type: text/plain; charset=utf-8`): a mail in
                // Spanish or Arabic without a charset would be read as ASCII. The subject is
                // encoded (RFC 2047) by lettre.
                let msg = Message::builder()
                    .from(from.clone())
                    .to(recipient)
                    .subject(subject)
                    .header(header::MIME_VERSION_1_0)
                    .header(header::ContentType::TEXT_PLAIN)
                    .body(body.to_owned())?;
                transport.send(msg).await.map_err(|e| {
                    if smtp_refusal_is_final(&e) {
                        Failure::GiveUp(anyhow::anyhow!("the relay refused it: {e}"))
                    } else {
                        Failure::Retry(e.into())
                    }
                })?;
                Ok(())
            }
            (Sender::Live { sms: Some((http, g)), .. }, Some(Channel::Sms)) => {
                let resp = http
                    .post(&g.url)
                    .basic_auth(&g.account, Some(&g.token))
                    .form(&[("To", to), ("From", g.from.as_str()), ("Body", body)])
                    .send()
                    .await?;
                let status = resp.status();
                match status {
                    s if s.is_success() => Ok(()),
                    s if sms_status_is_final(s) => Err(Failure::GiveUp(anyhow::anyhow!("{SMS_REFUSED}: {s}"))),
                    s => Err(Failure::Retry(anyhow::anyhow!("SMS gateway answered {s}"))),
                }
            }
            (Sender::Live { .. }, _) => {
                Err(Failure::GiveUp(anyhow::anyhow!("no sender configured for channel {channel}")))
            }
        }
    }
}
