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
    use proptest::prelude::*;

    const TRIGGERS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

    #[test]
    fn a_leading_quote_is_told_apart_from_the_guard() {
        assert_eq!(safe_text("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(safe_text("'quoted"), "''quoted");
        assert_eq!(safe_text("plain"), "plain");
    }

    proptest! {
        // No regression files: a failing case is printed, and a test run leaves the tree clean.
    #![proptest_config(ProptestConfig { cases: 5000, failure_persistence: None, ..ProptestConfig::default() })]

        /// Whatever was recorded, the cell never starts like a formula, and a reader that drops
        /// one leading `'` from a text cell gets back exactly what was recorded — also after the
        /// cell has gone through a CSV file and back (quotes, commas, line breaks in the text).
        #[test]
        fn any_text_round_trips_after_stripping_the_guard(recorded in "[=+@'\t\r-]?\\PC{0,30}|\\PC{0,30}|[\"',\r\n=]{0,6}") {
            let written = safe_text(&recorded);
            prop_assert!(!written.starts_with(TRIGGERS), "{:?} → {:?}", recorded, written);
            let read_back = written.strip_prefix('\'').unwrap_or(&written);
            prop_assert_eq!(read_back, recorded.as_str());

            let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
            w.write_record(["id", &written, "end"]).expect("write");
            let bytes = w.into_inner().expect("flush");
            let mut r = csv::ReaderBuilder::new().has_headers(false).from_reader(bytes.as_slice());
            let row = r.records().next().expect("a row").expect("readable");
            prop_assert_eq!(row.len(), 3);
            let cell = &row[1];
            prop_assert_eq!(cell.strip_prefix('\'').unwrap_or(cell), recorded.as_str());
        }
    }
}
