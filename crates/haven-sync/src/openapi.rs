//! The OpenAPI 3.1 document served at `GET /openapi.json`: the service's own API docs, including
//! where it goes beyond `shared/api.md` (`method_not_allowed`, `unsupported_media_type`,
//! `internal` error codes; `POST /v1/users/{id}/resend-invite`; `email_verified` in `/v1/me`; `GET /v1/me/exports`;
//! `current_version` in the consent state; pushes before consent is signed are 403; `country` for a
//! phone number typed as dialled at home; `time_zone` for data downloads, in the profile and the
//! request; a pushed version of an id replaces the stored one in arrival order, not by
//! `recorded_at`, which is stored in UTC; `language` of an invitation; what became of a password
//! reset's texted code, `POST /v1/auth/password-reset/sms`). The HTML pages the emailed links open
//! (`/verify-email`, `/invite/{token}`, `/reset-password`) are not part of this JSON API.

use crate::routes::{DEV_ROUTES, ROUTES};
use haven_api::{AccountStatus, Channel, ConsentStatus, ExportFormat, ExportStatus, Factor, Role, StepMethod};
use serde_json::{json, Map, Value};

struct Op {
    summary: &'static str,
    auth: bool,
    body: Option<Value>,
    ok: (&'static str, Value),
    errors: &'static [&'static str],
}

fn s(t: &str) -> Value {
    json!({ "type": t })
}

fn obj(required: &[&str], props: Value) -> Value {
    json!({ "type": "object", "additionalProperties": false, "required": required, "properties": props })
}

/// A string from a closed set: the names come from the enum itself, so the document cannot drift.
fn one_of<T: Copy>(all: &[T], name: fn(T) -> &'static str) -> Value {
    json!({ "type": "string", "enum": all.iter().map(|v| name(*v)).collect::<Vec<_>>() })
}

fn r(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

fn op(method: &str, path: &str) -> Op {
    let device =
        obj(&["id", "name", "platform"], json!({"id": s("string"), "name": s("string"), "platform": s("string")}));
    match (method, path) {
        ("get", "/health") => Op { summary: "Liveness and version", auth: false, body: None, ok: ("200", obj(&["status", "version"], json!({"status": s("string"), "version": s("string")}))), errors: &[] },
        ("get", "/v1/ready") => Op { summary: "Readiness: the database answers with every migration applied, and the instance is not stopping (503 unavailable otherwise)", auth: false, body: None, ok: ("200", obj(&["status", "version"], json!({"status": s("string"), "version": s("string")}))), errors: &[] },
        ("get", "/openapi.json") => Op { summary: "This document", auth: false, body: None, ok: ("200", s("object")), errors: &[] },
        ("post", "/v1/invites") => Op {
            summary: "Invite a user (admin: any role; clinician: patients) — 7 days, single use, emailed with a link and a short code",
            auth: true,
            body: Some(obj(&["email", "role", "deployment_id"], json!({"email": s("string"), "role": r("Role"), "deployment_id": s("string"), "language": {"type": "string", "enum": haven_i18n::Lang::ALL.map(|l| l.code()), "description": "The language the invitation is written in (default: the request's, from Accept-Language)"}}))),
            ok: ("201", obj(&["id", "expires_at"], json!({"id": s("string"), "expires_at": s("string")}))),
            errors: &["invalid_request", "unauthenticated", "forbidden", "not_found", "conflict", "unprocessable"],
        },
        ("get", "/v1/invites/{token}") => Op {
            summary: "Look up an invite by its link token or its short code",
            auth: false,
            body: None,
            ok: ("200", obj(&["email", "role", "deployment_name", "expires_at"], json!({"email": s("string"), "role": r("Role"), "deployment_name": s("string"), "expires_at": s("string")}))),
            errors: &["not_found", "gone", "too_many_attempts"],
        },
        ("post", "/v1/accounts") => Op {
            summary: "Create an account from an invite, or as a patient from an enrolment code + email. Password: 12–128 characters, not common/guessable (zxcvbn score ≥ 3), not containing the email's local part. A self-enrolment for an existing email answers 201 like a new one and emails the owner instead (no enumeration).",
            auth: false,
            body: Some(obj(&["name", "password", "accept_terms"], json!({"invite_token": s("string"), "enrolment_code": s("string"), "email": s("string"), "name": s("string"), "password": s("string"), "accept_terms": s("boolean")}))),
            ok: ("201", obj(&["user_id", "email_verification"], json!({"user_id": s("string"), "email_verification": s("string")}))),
            errors: &["invalid_request", "not_found", "conflict", "gone", "unprocessable", "too_many_attempts"],
        },
        ("post", "/v1/accounts/verify-email") => Op {
            summary: "Verify an email with the token from the email (valid 24 h)",
            auth: false,
            body: Some(obj(&["token"], json!({"token": s("string")}))),
            ok: ("200", obj(&["status"], json!({"status": s("string")}))),
            errors: &["invalid_request", "not_found", "gone", "forbidden", "too_many_attempts"],
        },
        ("post", "/v1/accounts/resend-verification") => Op {
            summary: "Send a new verification email; always 202 for a well-formed address",
            auth: false,
            body: Some(obj(&["email"], json!({"email": s("string")}))),
            ok: ("202", obj(&["status"], json!({"status": s("string")}))),
            errors: &["invalid_request", "unprocessable"],
        },
        ("post", "/v1/auth/login") => Op {
            summary: "Password step of sign-in. Wrong email and wrong password answer alike, in the same time.",
            auth: false,
            body: Some(obj(&["email", "password", "device"], json!({"email": s("string"), "password": s("string"), "device": device, "remembered_device_token": s("string")}))),
            ok: ("200", r("LoginOutcome")),
            errors: &["invalid_request", "invalid_credentials", "forbidden", "unprocessable", "too_many_attempts"],
        },
        ("post", "/v1/auth/refresh") => Op {
            summary: "Rotate a refresh token. Re-using a rotated one revokes its whole session.",
            auth: false,
            body: Some(obj(&["refresh_token"], json!({"refresh_token": s("string")}))),
            ok: ("200", obj(&["tokens"], json!({"tokens": r("Tokens")}))),
            errors: &["invalid_request", "unauthenticated", "too_many_attempts"],
        },
        ("post", "/v1/auth/logout") => Op { summary: "Revoke the current session", auth: true, body: None, ok: ("204", Value::Null), errors: &["unauthenticated"] },
        ("get", "/v1/me") => Op { summary: "The signed-in user's profile", auth: true, body: None, ok: ("200", r("Me")), errors: &["unauthenticated", "forbidden"] },
        ("post", "/v1/deployments") => Op {
            summary: "Create a deployment (admin); its creator administers it",
            auth: true,
            body: Some(obj(&["name"], json!({"name": s("string")}))),
            ok: ("201", r("Deployment")),
            errors: &["invalid_request", "unauthenticated", "forbidden", "unprocessable"],
        },
        ("get", "/v1/deployments/{id}") => Op { summary: "A deployment (admin)", auth: true, body: None, ok: ("200", r("Deployment")), errors: &["unauthenticated", "forbidden", "not_found"] },
        ("get", "/v1/deployments/{id}/users") => Op {
            summary: "Users of a deployment with their status: active, unverified, blocked, locked (admin)",
            auth: true,
            body: None,
            ok: ("200", obj(&["users"], json!({"users": {"type": "array", "items": r("AdminUser")}}))),
            errors: &["unauthenticated", "forbidden", "not_found"],
        },
        ("post", "/v1/users/{id}/unblock") => Op {
            summary: "Unblock an account blocked for an unverified email: 24 more hours and a new verification email (admin)",
            auth: true,
            body: None,
            ok: ("200", r("AdminUser")),
            errors: &["unauthenticated", "forbidden", "not_found", "conflict"],
        },
        ("post", "/v1/users/{id}/unlock") => Op { summary: "Unlock a locked account (admin)", auth: true, body: None, ok: ("200", r("AdminUser")), errors: &["unauthenticated", "forbidden", "not_found", "conflict"] },
        ("post", "/v1/users/{id}/resend-invite") => Op {
            summary: "Re-send the invite for a blocked, never-verified account (admin); the person signs up again",
            auth: true,
            body: None,
            ok: ("201", obj(&["id", "expires_at"], json!({"id": s("string"), "expires_at": s("string")}))),
            errors: &["unauthenticated", "forbidden", "not_found", "conflict"],
        },
        ("post", "/v1/sync/push") => Op {
            summary: "Push observations (≤ 5000, body ≤ 5 MiB; patients). Idempotent by id; a different version replaces the stored one in the order pushes arrive (recorded_at is when the value was measured and cannot order edits; it is stored in UTC, its offset kept for FHIR); each invalid or unreadable item (an unknown kind, a value of the wrong shape) is rejected with its reason, the rest kept; an item without an id fails the request",
            auth: true,
            body: Some(obj(&["observations"], json!({"observations": {"type": "array", "items": s("object")}}))),
            ok: ("200", obj(&["accepted", "rejected"], json!({"accepted": {"type": "array", "items": s("string")}, "rejected": {"type": "array", "items": s("object")}}))),
            errors: &["invalid_request", "unauthenticated", "forbidden", "conflict", "consent_withdrawn", "payload_too_large"],
        },
        ("get", "/v1/sync/pull") => Op {
            summary: "Pull the signed-in user's observations changed after a cursor; query: since (opaque cursor), limit (1–5000, default 500)",
            auth: true,
            body: None,
            ok: ("200", obj(&["observations", "cursor", "more"], json!({"observations": {"type": "array", "items": s("object")}, "cursor": s("string"), "more": s("boolean")}))),
            errors: &["invalid_request", "unprocessable", "unauthenticated"],
        },
        ("get", "/v1/audit") => Op {
            summary: "Append-only security events of the deployments this admin manages; query: user_id, since (RFC 3339), limit (≤ 5000)",
            auth: true,
            body: None,
            ok: ("200", obj(&["events"], json!({"events": {"type": "array", "items": r("AuditEvent")}}))),
            errors: &["invalid_request", "unauthenticated", "forbidden"],
        },
        ("get", "/v1/auth/challenges/{id}/sms") => Op {
            summary: "What became of the text carrying the challenge's newest code: sending, sent, retrying (the gateway failed; tried again in retry_in_s) or failed (ask for a new code). An addition to api.md.",
            auth: false,
            body: None,
            ok: ("200", obj(&["state", "resend_after_s"], json!({"state": {"enum": ["sending", "sent", "retrying", "failed"]}, "retry_in_s": s("integer"), "resend_after_s": s("integer")}))),
            errors: &["not_found", "gone", "forbidden", "too_many_attempts"],
        },
        ("post", "/v1/auth/challenges/{id}/sms") => Op {
            summary: "Re-send the SMS code of a sign-in challenge: at most one per 30 s and five per hour",
            auth: false,
            body: None,
            ok: ("202", obj(&["resend_after_s"], json!({"resend_after_s": s("integer"), "sent_to": s("string")}))),
            errors: &["not_found", "gone", "conflict", "forbidden", "too_many_attempts"],
        },
        ("post", "/v1/auth/challenges/{id}/verify") => Op {
            summary: "Answer a sign-in challenge with an SMS code, an authenticator (TOTP) code or a recovery code. Five wrong codes end the challenge (410); 100 consecutive failures lock the account. A wrong code is 401 invalid_credentials.",
            auth: false,
            body: Some(obj(&["method", "code"], json!({"method": one_of(&StepMethod::ALL, StepMethod::as_str), "code": s("string"), "remember_device": s("boolean")}))),
            ok: ("200", r("LoginOutcome")),
            errors: &["invalid_request", "invalid_credentials", "not_found", "gone", "forbidden", "unprocessable", "too_many_attempts"],
        },
        ("post", "/v1/auth/reauth") => Op {
            summary: "Step-up: {password} or {method: totp|recovery_code, code}; opens a 10-minute window for sensitive actions",
            auth: true,
            body: Some(obj(&[], json!({"password": s("string"), "method": one_of(&StepMethod::ALL, StepMethod::as_str), "code": s("string")}))),
            ok: ("200", obj(&["reauth_until"], json!({"reauth_until": s("string")}))),
            errors: &["invalid_request", "invalid_credentials", "unauthenticated", "unprocessable", "too_many_attempts"],
        },
        ("post", "/v1/auth/password-reset") => Op {
            summary: "Forgot password: emails a single-use reset link (30 minutes) if the address has an account. Always 202, answered before any work, so it tells nothing; at most one email a minute and five an hour per account.",
            auth: false,
            body: Some(obj(&["email"], json!({"email": s("string")}))),
            ok: ("202", obj(&["status"], json!({"status": s("string")}))),
            errors: &["invalid_request", "too_many_attempts"],
        },
        ("post", "/v1/auth/password-reset/check") => Op {
            summary: "What completing a reset needs: the account's email and its second-step methods (empty when two-step is off). Sends the texted code when that is the first method (again when asked again, within the SMS limits).",
            auth: false,
            body: Some(obj(&["token"], json!({"token": s("string")}))),
            ok: ("200", obj(&["email", "methods", "expires_in"], json!({"email": s("string"), "methods": {"type": "array", "items": s("string")}, "sms_sent_to": s("string"), "sms_retry_after": s("integer"), "expires_in": s("integer")}))),
            errors: &["invalid_request", "not_found", "gone", "forbidden", "too_many_attempts"],
        },
        ("post", "/v1/auth/password-reset/sms") => Op {
            summary: "What became of the text carrying the reset's newest code: sending, sent, retrying (the gateway failed; tried again in retry_in_s) or failed (ask for a new code by checking the link again). An addition to api.md.",
            auth: false,
            body: Some(obj(&["token"], json!({"token": s("string")}))),
            ok: ("200", obj(&["state", "resend_after_s"], json!({"state": {"enum": ["sending", "sent", "retrying", "failed"]}, "retry_in_s": s("integer"), "resend_after_s": s("integer")}))),
            errors: &["invalid_request", "not_found", "gone", "forbidden", "too_many_attempts"],
        },
        ("post", "/v1/auth/password-reset/complete") => Op {
            summary: "Sets the new password with the token and, when two-step is on, a second-step code (five wrong codes end the link). Every session and remembered device of the account ends; the owner is told by email. The link also verifies an unverified email.",
            auth: false,
            body: Some(obj(&["token", "password"], json!({"token": s("string"), "password": s("string"), "method": one_of(&StepMethod::ALL, StepMethod::as_str), "code": s("string")}))),
            ok: ("204", Value::Null),
            errors: &["invalid_request", "invalid_credentials", "not_found", "gone", "forbidden", "unprocessable", "too_many_attempts"],
        },
        ("put", "/v1/me/phone") => Op {
            summary: "Add or change the mobile number; sends a code. `phone` is E.164 (`+447911123456`, spaces, dashes and brackets allowed), or as dialled at home with `country` (ISO 3166-1 alpha-2, an addition to api.md). A refusal names the country in words. Changing a verified number needs reauth. Accepts a set-up token.",
            auth: true,
            body: Some(obj(&["phone"], json!({"phone": s("string"), "country": {"type": "string", "pattern": "^[A-Za-z]{2}$"}}))),
            ok: ("202", obj(&["resend_after_s"], json!({"resend_after_s": s("integer"), "sent_to": s("string")}))),
            errors: &["invalid_request", "unauthenticated", "reauth_required", "unprocessable", "too_many_attempts"],
        },
        ("post", "/v1/me/phone/verify") => Op {
            summary: "Verify the mobile number with its code. With a set-up token this turns on SMS two-step and answers like a completed login (tokens, recovery_codes).",
            auth: true,
            body: Some(obj(&["code"], json!({"code": s("string")}))),
            ok: ("200", s("object")),
            errors: &["invalid_request", "invalid_credentials", "unauthenticated", "gone"],
        },
        ("post", "/v1/me/totp") => Op {
            summary: "Start authenticator-app set-up: secret (base32), otpauth URL and QR code (SVG). Replacing a confirmed one needs reauth. Accepts a set-up token.",
            auth: true,
            body: None,
            ok: ("200", obj(&["secret", "otpauth_url", "qr_svg"], json!({"secret": s("string"), "otpauth_url": s("string"), "qr_svg": s("string")}))),
            errors: &["unauthenticated", "forbidden", "reauth_required"],
        },
        ("post", "/v1/me/totp/confirm") => Op {
            summary: "Confirm the authenticator app with a current code; turns on TOTP two-step and returns 10 recovery codes (with a set-up token: a completed login).",
            auth: true,
            body: Some(obj(&["code"], json!({"code": s("string")}))),
            ok: ("200", obj(&["recovery_codes"], json!({"recovery_codes": {"type": "array", "items": s("string")}}))),
            errors: &["invalid_request", "invalid_credentials", "unauthenticated", "conflict"],
        },
        ("put", "/v1/me/two-step") => Op {
            summary: "Turn two-step on (method sms|totp, already set up) or off (needs reauth; 403 when the deployment or the clinician role requires it)",
            auth: true,
            body: Some(obj(&["enabled"], json!({"enabled": s("boolean"), "method": one_of(&Factor::ALL, Factor::as_str)}))),
            ok: ("200", obj(&["two_step"], json!({"two_step": s("object"), "recovery_codes": {"type": "array", "items": s("string")}}))),
            errors: &["invalid_request", "unauthenticated", "reauth_required", "forbidden", "conflict", "unprocessable"],
        },
        ("post", "/v1/me/recovery-codes") => Op {
            summary: "Replace the recovery codes with 10 new ones (reauth)",
            auth: true,
            body: None,
            ok: ("200", obj(&["recovery_codes"], json!({"recovery_codes": {"type": "array", "items": s("string")}}))),
            errors: &["unauthenticated", "reauth_required", "conflict"],
        },
        ("put", "/v1/me/settings") => Op {
            summary: "Biometric login, lock-when-idle and the time zone for data downloads; timeout_s is capped by the deployment's idle_timeout_max_s; biometric_login cannot be turned off when the deployment requires it; time_zone is an IANA name (422 when unknown), \"\" clears it",
            auth: true,
            body: Some(obj(&[], json!({"biometric_login": s("boolean"), "lock_when_idle": obj(&["enabled", "timeout_s"], json!({"enabled": s("boolean"), "timeout_s": s("integer")})), "time_zone": s("string")}))),
            ok: ("200", r("Me")),
            errors: &["invalid_request", "unauthenticated", "forbidden", "unprocessable"],
        },
        ("put", "/v1/me/password") => Op {
            summary: "Change the password: the current one and a reauth in the last 10 minutes. The other sessions end; the owner is told by email.",
            auth: true,
            body: Some(obj(&["current_password", "new_password"], json!({"current_password": s("string"), "new_password": s("string")}))),
            ok: ("204", Value::Null),
            errors: &["invalid_request", "unauthenticated", "reauth_required", "unprocessable", "too_many_attempts"],
        },
        ("get", "/v1/me/devices") => Op {
            summary: "Remembered devices (those that skip the second step)",
            auth: true,
            body: None,
            ok: ("200", obj(&["devices"], json!({"devices": {"type": "array", "items": s("object")}}))),
            errors: &["unauthenticated"],
        },
        ("delete", "/v1/me/devices/{id}") => Op { summary: "Forget a remembered device: its token stops working", auth: true, body: None, ok: ("204", Value::Null), errors: &["unauthenticated", "not_found"] },
        ("post", "/v1/me/disclaimer") => Op {
            summary: "Accept the one-time disclaimer (clinicians)",
            auth: true,
            body: Some(obj(&["accepted"], json!({"accepted": s("boolean")}))),
            ok: ("200", obj(&["disclaimer_accepted_at"], json!({"disclaimer_accepted_at": s("string")}))),
            errors: &["invalid_request", "unauthenticated", "unprocessable"],
        },
        ("put", "/v1/deployments/{id}/policy") => Op {
            summary: "Set the deployment's security policy (admin). Users without a now-required factor get setup_required at their next login.",
            auth: true,
            body: Some(r("Policy")),
            ok: ("200", r("Deployment")),
            errors: &["invalid_request", "unauthenticated", "forbidden", "not_found", "unprocessable"],
        },
        ("get", "/v1/legal") => Op {
            summary: "The legal documents (terms, privacy, consent, about): the latest version of each, without bodies. Public.",
            auth: false,
            body: None,
            ok: ("200", obj(&["documents"], json!({"documents": {"type": "array", "items": r("LegalSummary")}}))),
            errors: &[],
        },
        ("get", "/v1/legal/{slug}") => Op {
            summary: "One legal document's latest version with its body (slug: terms, privacy, about, consent). Public.",
            auth: false,
            body: None,
            ok: ("200", r("LegalDocument")),
            errors: &["invalid_request", "not_found"],
        },
        ("get", "/v1/me/consent") => Op { summary: "The caller's informed consent: status not_signed|signed|withdrawn, version, signed_at, withdrawn_at, and current_version (an addition: the text in force)", auth: true, body: None, ok: ("200", r("Consent")), errors: &["unauthenticated"] },
        ("post", "/v1/me/consent") => Op {
            summary: "Sign the informed consent (patients); version must be the current one (422 otherwise). Signing again after a withdrawal resumes data collection.",
            auth: true,
            body: Some(obj(&["version"], json!({"version": s("string")}))),
            ok: ("200", r("Consent")),
            errors: &["invalid_request", "unauthenticated", "forbidden", "unprocessable"],
        },
        ("post", "/v1/me/consent/withdraw") => Op {
            summary: "Withdraw consent (reauth; patients). From then on every push is 409 consent_withdrawn; data already held stays readable and exportable.",
            auth: true,
            body: None,
            ok: ("200", r("Consent")),
            errors: &["unauthenticated", "reauth_required", "forbidden", "conflict"],
        },
        ("post", "/v1/me/exports") => Op {
            summary: "Start a data download (reauth; patients): format csv|pdf|fhir; time_zone (IANA, e.g. Europe/Berlin) the PDF and CSV show times in, else the profile's, else UTC (422 for a zone not known). At most 3 unfinished at once (409). The PDF is written in the request's language (Accept-Language: en, es, ar). The job runs in the background; an export_ready event follows.",
            auth: true,
            body: Some(obj(&["format"], json!({"format": one_of(&ExportFormat::ALL, ExportFormat::as_str), "time_zone": s("string")}))),
            ok: ("202", r("ExportJob")),
            errors: &["invalid_request", "unauthenticated", "reauth_required", "forbidden", "conflict", "unprocessable"],
        },
        ("get", "/v1/me/exports") => Op {
            summary: "The caller's data downloads, newest first (an addition: the app shows them after a restart)",
            auth: true,
            body: None,
            ok: ("200", obj(&["exports"], json!({"exports": {"type": "array", "items": r("ExportJob")}}))),
            errors: &["unauthenticated"],
        },
        ("get", "/v1/me/exports/{id}") => Op { summary: "One data download: status pending|running|ready|failed and progress (0–1)", auth: true, body: None, ok: ("200", r("ExportJob")), errors: &["unauthenticated", "not_found"] },
        ("get", "/v1/me/exports/{id}/file") => Op {
            summary: "The file (text/csv, application/pdf or application/fhir+json) with Content-Disposition: attachment and Content-Language (the PDF's language; en for CSV and FHIR, whose column names and code displays programs read). 409 until ready, 410 seven days after it was ready.",
            auth: true,
            body: None,
            ok: ("200", Value::Null),
            errors: &["unauthenticated", "not_found", "conflict", "gone"],
        },
        ("get", "/v1/me/events") => Op {
            summary: "Server-sent events (text/event-stream) for the caller: export_ready and export_failed with {id, format, status}; session_revoked ({}) before the stream ends when the session is revoked. Keep-alive comments every 15 s.",
            auth: true,
            body: None,
            ok: ("200", Value::Null),
            errors: &["unauthenticated"],
        },
        ("get", "/v1/patients") => Op {
            summary: "Clinicians: the patients of their deployment with consent status, observation count and last recorded time",
            auth: true,
            body: None,
            ok: ("200", obj(&["patients"], json!({"patients": {"type": "array", "items": s("object")}}))),
            errors: &["unauthenticated", "forbidden"],
        },
        ("get", "/v1/patients/{id}/observations") => Op {
            summary: "Clinicians: one patient's observations, paged like /v1/sync/pull (since, limit). Another deployment's patient is 404. Audited.",
            auth: true,
            body: None,
            ok: ("200", obj(&["observations", "cursor", "more"], json!({"observations": {"type": "array", "items": s("object")}, "cursor": s("string"), "more": s("boolean")}))),
            errors: &["invalid_request", "unauthenticated", "forbidden", "not_found", "unprocessable"],
        },
        ("get", "/v1/dev/outbox") => Op {
            summary: "Development delivery only, loopback callers only: every email and SMS the service sent, newest first. Needs the X-Haven-Outbox-Key header with the key this run printed at start (403 otherwise)",
            auth: false,
            body: None,
            ok: ("200", obj(&["messages"], json!({"messages": {"type": "array", "items": r("OutboxMessage")}}))),
            errors: &["forbidden"],
        },
        _ => Op { summary: "", auth: false, body: None, ok: ("200", s("object")), errors: &[] },
    }
}

fn status_of(code: &str) -> &'static str {
    match code {
        "invalid_request" => "400",
        "invalid_credentials" | "unauthenticated" | "reauth_required" => "401",
        "method_not_allowed" => "405",
        "forbidden" => "403",
        "not_found" => "404",
        "conflict" | "consent_withdrawn" => "409",
        "gone" => "410",
        "payload_too_large" => "413",
        "unprocessable" => "422",
        "too_many_attempts" => "429",
        "unavailable" => "503",
        _ => "500",
    }
}

pub fn document(dev: bool) -> Value {
    let mut paths = Map::new();
    let routes = ROUTES.iter().chain(if dev { DEV_ROUTES } else { &[] });
    for &(method, path) in routes {
        let o = op(method, path);
        let mut responses = Map::new();
        let mut ok = json!({ "description": "success" });
        if !o.ok.1.is_null() {
            ok["content"] = json!({ "application/json": { "schema": o.ok.1 } });
        }
        responses.insert(o.ok.0.to_owned(), ok);
        for code in o.errors.iter().chain(["payload_too_large", "internal", "unavailable"].iter()) {
            let status = status_of(code);
            let entry = responses
                .entry(status.to_owned())
                .or_insert_with(|| json!({"description": "", "content": {"application/json": {"schema": r("Error")}}}));
            let d = entry["description"].as_str().unwrap_or("").to_owned();
            entry["description"] = json!(if d.is_empty() { (*code).to_owned() } else { format!("{d}, {code}") });
        }
        let mut operation = json!({ "summary": o.summary, "responses": responses });
        if o.auth {
            operation["security"] = json!([{ "bearer": [] }]);
        }
        if let Some(b) = o.body {
            operation["requestBody"] = json!({ "required": true, "content": { "application/json": { "schema": b } } });
        }
        let mut params: Vec<Value> = path
            .split('/')
            .filter_map(|seg| seg.strip_prefix('{').and_then(|x| x.strip_suffix('}')))
            .map(|name| json!({ "name": name, "in": "path", "required": true, "schema": s("string") }))
            .collect();
        if path == "/v1/dev/outbox" {
            let header = haven_api::OUTBOX_KEY_HEADER;
            params.push(json!({ "name": header, "in": "header", "required": true, "schema": s("string") }));
        }
        if !params.is_empty() {
            operation["parameters"] = Value::Array(params);
        }
        let item = paths.entry(path.to_owned()).or_insert_with(|| json!({}));
        item[method] = operation;
    }
    let tokens = obj(
        &["access_token", "refresh_token", "expires_in"],
        json!({"access_token": s("string"), "refresh_token": s("string"), "expires_in": s("integer")}),
    );
    let policy = obj(
        &[
            "two_step_required",
            "allowed_methods",
            "code_length",
            "remember_device_days",
            "biometric_required",
            "idle_timeout_max_s",
        ],
        json!({"two_step_required": s("boolean"), "allowed_methods": {"type": "array", "items": s("string")}, "code_length": s("integer"), "remember_device_days": s("integer"), "biometric_required": s("boolean"), "idle_timeout_max_s": s("integer")}),
    );
    json!({
        "openapi": "3.1.0",
        "info": { "title": "Haven sync service", "version": crate::VERSION,
                  "description": "Contract v1. Every error is {\"error\": {\"code\", \"message\", \"fields\"?}}. Unknown JSON fields are rejected (400); bodies over 1 MiB are 413; a body that is not declared as JSON is 415 unsupported_media_type; an unsupported method is 405 method_not_allowed; U+0000 in a body, a /v1/ path or query is 400 invalid_request (PostgreSQL cannot hold it, so neither backend takes it); in a pushed observation it rejects that observation only." },
        "paths": paths,
        "components": {
            "securitySchemes": { "bearer": { "type": "http", "scheme": "bearer", "description": "opaque access token (15 min)" } },
            "schemas": {
                "Error": obj(&["error"], json!({"error": obj(&["code", "message"], json!({"code": s("string"), "message": s("string"), "fields": {"type": "object", "additionalProperties": s("string")}}))})),
                "Role": one_of(&Role::ALL, Role::as_str),
                "Tokens": tokens,
                "Policy": policy,
                "LoginOutcome": { "oneOf": [
                    obj(&["status", "tokens", "user"], json!({"status": {"const": "authenticated"}, "tokens": r("Tokens"), "user": s("object")})),
                    obj(&["status", "email"], json!({"status": {"const": "email_verification_required"}, "email": s("string")})),
                    obj(&["status", "challenge_id", "methods", "expires_in"], json!({"status": {"const": "second_factor_required"}, "challenge_id": s("string"), "methods": {"type": "array", "items": s("string")}, "sms_sent_to": s("string"), "sms_retry_after": s("integer"), "expires_in": s("integer")})),
                    obj(&["status", "setup_token", "required"], json!({"status": {"const": "setup_required"}, "setup_token": s("string"), "required": {"type": "array", "items": s("string")}}))
                ]},
                "Me": s("object"),
                "Consent": obj(&["status", "current_version"], json!({"status": one_of(&ConsentStatus::ALL, ConsentStatus::as_str), "version": s("string"), "signed_at": s("string"), "withdrawn_at": s("string"), "current_version": s("string")})),
                "LegalSummary": obj(&["slug", "title", "version", "published_at"], json!({"slug": s("string"), "title": s("string"), "version": s("string"), "published_at": s("string")})),
                "LegalDocument": obj(&["slug", "title", "version", "published_at", "body"], json!({"slug": s("string"), "title": s("string"), "version": s("string"), "published_at": s("string"), "body": s("string")})),
                "ExportJob": obj(&["id", "format", "status", "progress", "created_at", "expired", "time_zone"], json!({"id": s("string"), "format": one_of(&ExportFormat::ALL, ExportFormat::as_str), "status": one_of(&ExportStatus::ALL, ExportStatus::as_str), "progress": s("number"), "created_at": s("string"), "ready_at": s("string"), "expires_at": s("string"), "rows": s("integer"), "size": s("integer"), "expired": s("boolean"), "time_zone": s("string")})),
                "Deployment": obj(&["id", "name", "enrolment_code", "policy", "created_at"], json!({"id": s("string"), "name": s("string"), "enrolment_code": s("string"), "policy": r("Policy"), "created_at": s("string")})),
                "AdminUser": obj(&["id", "email", "name", "role", "status", "created_at"], json!({"id": s("string"), "email": s("string"), "name": s("string"), "role": r("Role"), "status": one_of(&AccountStatus::ALL, AccountStatus::as_str), "created_at": s("string")})),
                "AuditEvent": obj(&["id", "at", "kind", "detail"], json!({"id": s("integer"), "at": s("string"), "kind": s("string"), "user_id": s("string"), "actor_id": s("string"), "ip": s("string"), "detail": s("string")})),
                "OutboxMessage": obj(&["to", "channel", "body", "sent_at"], json!({"to": s("string"), "channel": one_of(&Channel::ALL, Channel::as_str), "subject": s("string"), "body": s("string"), "sent_at": s("string")}))
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_route_is_documented_with_a_summary() {
        let doc = document(true);
        for &(m, p) in ROUTES.iter().chain(DEV_ROUTES) {
            let summary = doc["paths"][p][m]["summary"].as_str().unwrap_or("");
            assert!(!summary.is_empty(), "{m} {p} has no summary in the OpenAPI document");
        }
        assert!(document(false)["paths"].get("/v1/dev/outbox").is_none());
    }
}
