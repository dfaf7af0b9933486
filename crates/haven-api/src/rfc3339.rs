//! RFC 3339 times, read and written in one place for the service and the app (so the app
//! accepts at capture exactly the times the service accepts).

use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// The instant of an RFC 3339 time (`2026-11-24T08:30:00Z`, `…T09:30:00.25+01:00`).
pub fn parse(s: &str) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(s, &Rfc3339).ok()
}

/// Unix milliseconds of an RFC 3339 time.
pub fn parse_ms(s: &str) -> Option<i64> {
    parse(s).map(|t| (t.unix_timestamp_nanos() / 1_000_000) as i64)
}

/// Unix seconds of an RFC 3339 time.
pub fn parse_s(s: &str) -> Option<i64> {
    parse(s).map(OffsetDateTime::unix_timestamp)
}

/// Unix seconds as an RFC 3339 UTC time (`2026-11-23T11:26:20Z`); the epoch for a time out of
/// range.
pub fn format_s(t: i64) -> String {
    OffsetDateTime::from_unix_timestamp(t).ok().and_then(|d| d.format(&Rfc3339).ok()).unwrap_or_else(epoch)
}

/// Unix milliseconds as an RFC 3339 UTC time with milliseconds (`2026-11-23T11:26:20.125Z`).
pub fn format_ms(ms: i64) -> String {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .ok()
        .and_then(|d| d.format(&Rfc3339).ok())
        .unwrap_or_else(epoch)
}

/// The UTC offset an RFC 3339 time was written with, in minutes (`+05:30` → 330).
pub fn offset_min(s: &str) -> Option<i32> {
    parse(s).map(|t| i32::from(t.offset().whole_minutes()))
}

/// Unix milliseconds as an RFC 3339 time written with the given offset (`…T17:33:00+05:30`), as
/// it was recorded; UTC for an offset out of range.
pub fn format_ms_at(ms: i64, offset_min: i32) -> String {
    let Ok(offset) = time::UtcOffset::from_whole_seconds(offset_min.saturating_mul(60)) else { return format_ms(ms) };
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .ok()
        .and_then(|d| d.to_offset(offset).format(&Rfc3339).ok())
        .unwrap_or_else(epoch)
}

fn epoch() -> String {
    "1970-01-01T00:00:00Z".to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_offset_is_kept_apart_from_the_instant() {
        let sent = "2026-11-20T17:33:00+05:30";
        let ms = parse_ms(sent).expect("RFC 3339");
        assert_eq!(format_ms(ms), "2026-11-20T12:03:00Z");
        assert_eq!(offset_min(sent), Some(330));
        assert_eq!(format_ms_at(ms, 330), sent);
        assert_eq!(offset_min("2026-11-20T12:03:00Z"), Some(0));
        assert_eq!(format_ms_at(ms, -(10 * 60)), "2026-11-20T02:03:00-10:00");
    }

    #[test]
    fn rfc3339_to_ms() {
        assert_eq!(parse_ms("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse_ms("2026-11-24T08:30:00Z"), Some(1_795_509_000_000));
        assert_eq!(parse_ms("2026-11-24T09:30:00+01:00"), Some(1_795_509_000_000));
        assert_eq!(parse_ms("2026-11-24T08:30:00.25Z"), Some(1_795_509_000_250));
        assert_eq!(parse_ms("2000-02-29T00:00:00Z"), Some(951_782_400_000));
        for bad in ["2026-11-24", "yesterday", "2026-13-01T00:00:00Z", "2026-11-24T08:30:00", "2026-11-24T08:30:00.Z"] {
            assert_eq!(parse_ms(bad), None, "{bad}");
        }
    }

    #[test]
    fn formats_round_trip() {
        let t = 1_795_000_000;
        assert_eq!(format_s(t), "2026-11-18T11:06:40Z");
        assert_eq!(parse_s(&format_s(t)), Some(t));
        assert_eq!(format_ms(1_795_509_000_250), "2026-11-24T08:30:00.25Z");
        assert_eq!(parse_ms(&format_ms(1_795_509_000_250)), Some(1_795_509_000_250));
    }
}
