//! CSV (RFC 4180: CRLF line ends; UTF-8 with a byte-order mark, so Excel on Windows reads 张伟
//! as 张伟; through the `csv` crate): one line per observation, with blood pressure and symptoms
//! also split into their own columns for spreadsheets. `recorded_at` is the instant in UTC (RFC
//! 3339, for programs); `local_time` is the same instant on the clock of `time_zone`, the zone
//! the patient asked for (a form spreadsheets read as a date).
//!
//! Text (ids, notes, symptom names) that a spreadsheet would run as a formula (starting with
//! `=`, `+`, `-`, `@`, tab or carriage return) is prefixed with `'` (OWASP's advice on CSV
//! injection), and so is text that itself starts with `'`: a program reading the file back drops
//! exactly one leading `'` from a text cell and gets what was recorded.

use super::{ChunkSink, ExportRow, RowWriter, Zone};
use haven_api::ObservationValue;
use std::io;

pub const HEADER: [&str; 12] = [
    "id",
    "recorded_at",
    "local_time",
    "time_zone",
    "kind",
    "value",
    "unit",
    "systolic",
    "diastolic",
    "symptom",
    "severity",
    "note",
];

pub struct CsvWriter {
    w: csv::Writer<ChunkSink>,
    zone: Zone,
}

impl CsvWriter {
    pub fn new(mut sink: ChunkSink, zone: Zone) -> io::Result<CsvWriter> {
        io::Write::write_all(&mut sink, "\u{feff}".as_bytes())?;
        let mut w =
            csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).buffer_capacity(64 * 1024).from_writer(sink);
        w.write_record(HEADER)?;
        Ok(CsvWriter { w, zone })
    }
}

/// Neutralises text a spreadsheet would evaluate.
pub fn safe_text(s: &str) -> std::borrow::Cow<'_, str> {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r' | '\'') => format!("'{s}").into(),
        _ => s.into(),
    }
}

impl RowWriter for CsvWriter {
    fn row(&mut self, r: &ExportRow) -> io::Result<()> {
        let num = |v: f64| format!("{v}");
        let (value, sys, dia, name, sev) = match &r.value {
            ObservationValue::Number(v) => (num(*v), String::new(), String::new(), String::new(), String::new()),
            ObservationValue::BloodPressure(bp) => {
                (r.value.display(), num(bp.systolic), num(bp.diastolic), String::new(), String::new())
            }
            ObservationValue::Symptom(s) => {
                (num(s.severity), String::new(), String::new(), safe_text(&s.name).into_owned(), num(s.severity))
            }
        };
        let note = r.note.as_deref().map(safe_text).unwrap_or_default();
        self.w.write_record([
            &*safe_text(&r.id),
            &r.recorded_at,
            &self.zone.local(r.recorded_ms),
            &self.zone.name,
            r.kind.as_str(),
            &value,
            &r.unit,
            &sys,
            &dia,
            &name,
            &sev,
            &note,
        ])?;
        Ok(())
    }

    fn sink(&self) -> &ChunkSink {
        self.w.get_ref()
    }

    fn finish(self: Box<Self>) -> io::Result<ChunkSink> {
        self.w.into_inner().map_err(|e| io::Error::other(e.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::safe_text;

    #[test]
    fn a_reader_that_drops_one_leading_quote_gets_back_what_was_recorded() {
        for recorded in ["=SUM(A1)", "'quoted", "''twice", "-5 after the walk", "plain", ""] {
            let written = safe_text(recorded);
            let read_back = match recorded.chars().next() {
                Some('=' | '+' | '-' | '@' | '\t' | '\r' | '\'') => written.strip_prefix('\'').expect("guarded"),
                _ => &written,
            };
            assert_eq!(read_back, recorded);
        }
        assert_eq!(safe_text("'quoted"), "''quoted", "a leading quote is told apart from the guard");
    }
}
