//! PDF rendering of a patient's health-data export.
//!
//! Written with krilla (the PDF layer Typst uses): text is shaped with rustybuzz after
//! bidirectional reordering (unicode-bidi), each run in the first face of a fallback chain that has
//! its characters ([`fonts`]), and every face is embedded as a subset of the glyphs drawn, with a
//! ToUnicode map so text extracts as written.
//!
//! Layout (A4 portrait):
//! 1. header + summary table per kind, followed by one line chart per kind,
//! 2. a table of every observation (header row repeated on every page),
//! 3. "Page N of M" footer on every page.
//!
//! Its words, numbers and dates are in the language the export was asked for in ([`PdfMeta::lang`]);
//! a right-to-left language's pages are laid out left to right and mirrored (charts excepted:
//! their time runs left to right, as in the app).
//!
//! Rows are gathered first (statistics and a fixed-size downsampler per kind are updated on the
//! way), because the front pages come first in the file and need them; the table is then laid out
//! and drawn a page at a time, so only one page's items exist at once.

mod chart;
mod fonts;
mod layout;
mod table;
mod text;

use haven_api::Kind;
use haven_i18n::{Arg, Lang};
use krilla::page::PageSettings;
use krilla::{Document, SerializeSettings};
use layout::*;

/// One observation as the PDF shows it.
pub struct PdfRow {
    /// When it was taken, in the export's time zone, in the export's digits, e.g. "2026-11-20 08:00".
    pub when: String,
    /// Unix milliseconds (x axis of charts).
    pub recorded_ms: i64,
    pub kind: Kind,
    /// Already written in the export's language, e.g. "72", "120/80", "Headache (4/10)".
    pub value: String,
    /// The kind's unit in the export's language.
    pub unit: String,
    pub note: Option<String>,
    /// Numbers to chart: 1 value, or [systolic, diastolic] for blood pressure, [severity] for symptoms.
    pub series: Vec<f64>,
}

pub struct PdfMeta {
    pub patient_name: String,
    pub patient_email: String,
    pub deployment: String,
    /// When the file was made, in the export's time zone.
    pub generated: String,
    pub generated_unix: i64,
    /// The time zone every time is shown in, named for the reader, e.g. "Europe/Berlin".
    pub zone: String,
    /// The language of its words, numbers and dates.
    pub lang: Lang,
}

#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("failed to write the PDF: {0}")]
    Serialize(String),
}

/// Rows arrive sorted by recorded_ms ascending. `progress(n)` is called every ~1000 rows
/// with the number done so far.
pub fn render<I: Iterator<Item = PdfRow>>(
    meta: &PdfMeta,
    rows: I,
    progress: &mut dyn FnMut(usize),
) -> Result<Vec<u8>, PdfError> {
    let mut ctx = Ctx::new(meta.lang);
    let t0 = std::time::Instant::now();

    // Gather rows and statistics.
    let mut all: Vec<PdfRow> = Vec::new();
    let mut kinds: Vec<KindAcc> = Vec::new();
    for row in rows {
        match kinds.iter_mut().find(|k| k.kind == row.kind) {
            Some(k) => k.add(&row),
            None => {
                let mut k = KindAcc::new(&row);
                k.add(&row);
                kinds.push(k);
            }
        }
        all.push(row);
    }
    // The kinds in the order people see them everywhere.
    kinds.sort_by_key(|k| k.kind);

    let t_gather = t0.elapsed();
    let front = build_front(&mut ctx, meta, &kinds, all.len());
    let per_page = table::rows_per_page();
    let total = front.len() + all.len().div_ceil(per_page);
    let footer_left = ctx.tr("exports-pdf-footer", &[("name", Arg::Str(meta.patient_name.clone()))]);

    let mut doc = Document::new_with(SerializeSettings { xmp_metadata: true, ..SerializeSettings::default() });
    doc.set_metadata(metadata(&ctx, meta));
    let mut n = 0;
    let mut emit = |ctx: &mut Ctx, mut page: Page, doc: &mut Document| {
        n += 1;
        ctx.text_fit(&mut page, (MARGIN_X, FOOTER_Y), 7.5, grey(0.45), &footer_left, 360.0);
        let label = ctx.tr("exports-pdf-page", &[("n", Arg::Num(n as f64)), ("total", Arg::Num(total as f64))]);
        let w = ctx.width(&label, 7.5);
        ctx.text(&mut page, PAGE_W - MARGIN_X - w, FOOTER_Y, 7.5, grey(0.45), &label);
        if ctx.rtl() {
            mirror(&mut page);
        }
        let size = PageSettings::from_wh(PAGE_W, PAGE_H).expect("A4 is a valid page size");
        let mut p = doc.start_page_with(size);
        let mut surface = p.surface();
        draw(&mut surface, &page);
        surface.finish();
        p.finish();
    };
    for page in front {
        emit(&mut ctx, page, &mut doc);
    }
    let mut done = 0;
    for chunk in all.chunks(per_page) {
        let page = table::page(&mut ctx, chunk, &meta.zone);
        emit(&mut ctx, page, &mut doc);
        let before = done;
        done += chunk.len();
        if done / 1000 != before / 1000 || done == all.len() {
            progress(done);
        }
    }
    let rows = all.len();
    drop(all);
    let t_draw = t0.elapsed();
    let out = doc.finish().map_err(|e| PdfError::Serialize(format!("{e:?}")))?;
    tracing::info!(
        rows,
        bytes = out.len(),
        gather_ms = t_gather.as_millis() as u64,
        draw_ms = (t_draw - t_gather).as_millis() as u64,
        finish_ms = (t0.elapsed() - t_draw).as_millis() as u64,
        "pdf rendered"
    );
    Ok(out)
}

fn metadata(ctx: &Ctx, meta: &PdfMeta) -> krilla::metadata::Metadata {
    let mut m = krilla::metadata::Metadata::new()
        .title(ctx.tr("exports-pdf-document-title", &[("name", Arg::Str(meta.patient_name.clone()))]))
        .description(ctx.tr("exports-pdf-description", &[]))
        .language(meta.lang.code().into())
        .creator("Haven".into())
        .producer("Haven (krilla)".into())
        .authors(vec!["Haven".into()]);
    if let Ok(t) = jiff::Timestamp::from_second(meta.generated_unix) {
        let dt = jiff::tz::TimeZone::UTC.to_datetime(t);
        m = m.creation_date(
            krilla::metadata::DateTime::new(dt.year() as u16)
                .month(dt.month() as u8)
                .day(dt.day() as u8)
                .hour(dt.hour() as u8)
                .minute(dt.minute() as u8)
                .second(dt.second() as u8)
                .utc_offset_hour(0)
                .utc_offset_minute(0),
        );
    }
    m
}

/// A reading the summary shows as taken (for blood pressure, systolic with its diastolic).
struct Reading {
    key: f64,
    numbers: Vec<f64>,
}

impl Reading {
    /// As the document's language writes it: `103/70`, `١٠٣ على ٧٠`.
    fn shown(&self, lang: Lang) -> String {
        match self.numbers.as_slice() {
            [a, b, ..] => haven_api::blood_pressure(lang, &lang.exact(*a), &lang.exact(*b)),
            [a] => lang.exact(*a),
            [] => "–".into(),
        }
    }
}

/// One kind's statistics and chart points, gathered while the rows stream in.
struct KindAcc {
    kind: Kind,
    unit: String,
    count: u64,
    first_at: String,
    last_at: String,
    first_ms: i64,
    last_ms: i64,
    dims: usize,
    min: [f64; 2],
    max: [f64; 2],
    sum: [f64; 2],
    n: [u64; 2],
    lowest: Option<Reading>,
    highest: Option<Reading>,
    sampler: chart::Downsampler,
}

impl KindAcc {
    fn new(row: &PdfRow) -> Self {
        Self {
            kind: row.kind,
            unit: row.unit.clone(),
            count: 0,
            first_at: row.when.clone(),
            last_at: row.when.clone(),
            first_ms: row.recorded_ms,
            last_ms: row.recorded_ms,
            dims: 0,
            min: [f64::INFINITY; 2],
            max: [f64::NEG_INFINITY; 2],
            sum: [0.0; 2],
            n: [0; 2],
            lowest: None,
            highest: None,
            sampler: chart::Downsampler::new(row.recorded_ms),
        }
    }

    fn add(&mut self, row: &PdfRow) {
        self.count += 1;
        if self.unit.is_empty() && !row.unit.is_empty() {
            self.unit = row.unit.clone();
        }
        if row.recorded_ms < self.first_ms {
            self.first_ms = row.recorded_ms;
            self.first_at.clone_from(&row.when);
        }
        if row.recorded_ms >= self.last_ms {
            self.last_ms = row.recorded_ms;
            self.last_at.clone_from(&row.when);
        }
        let mut any = false;
        for (d, &v) in row.series.iter().take(2).enumerate() {
            if !v.is_finite() {
                continue;
            }
            any = true;
            self.dims = self.dims.max(d + 1);
            self.min[d] = self.min[d].min(v);
            self.max[d] = self.max[d].max(v);
            self.sum[d] += v;
            self.n[d] += 1;
        }
        if any {
            self.sampler.push(row.recorded_ms, &row.series);
        }
        // The lowest and highest reading by its first number, kept whole: "103/56" must be a
        // reading somebody took, not the separate minima of two series.
        if let Some(&key) = row.series.first().filter(|v| v.is_finite()) {
            let numbers = || row.series.iter().take(2).copied().collect::<Vec<_>>();
            if self.lowest.as_ref().is_none_or(|r| key < r.key) {
                self.lowest = Some(Reading { key, numbers: numbers() });
            }
            if self.highest.as_ref().is_none_or(|r| key > r.key) {
                self.highest = Some(Reading { key, numbers: numbers() });
            }
        }
    }

    fn mean(&self, lang: Lang) -> String {
        let m = |d: usize| lang.number(self.sum[d] / self.n[d].max(1) as f64, 1);
        match self.dims {
            0 => "–".to_string(),
            1 => m(0),
            _ => haven_api::blood_pressure(lang, &m(0), &m(1)),
        }
    }

    fn y_range(&self) -> Option<(f64, f64)> {
        let lo = (0..self.dims).map(|d| self.min[d]).fold(f64::INFINITY, f64::min);
        let hi = (0..self.dims).map(|d| self.max[d]).fold(f64::NEG_INFINITY, f64::max);
        (lo.is_finite() && hi.is_finite()).then_some((lo, hi))
    }
}

/// The front pages: the title block, the summary table and the charts.
fn build_front(ctx: &mut Ctx, meta: &PdfMeta, kinds: &[KindAcc], total_rows: usize) -> Vec<Page> {
    let mut f = Flow::new();
    {
        let title = ctx.tr("exports-pdf-title", &[]);
        let page = f.cur();
        ctx.text(page, MARGIN_X, TOP_Y - 6.0, 20.0, ACCENT, &title);
        let mut y = TOP_Y - 34.0;
        let period = match (kinds.iter().min_by_key(|k| k.first_ms), kinds.iter().max_by_key(|k| k.last_ms)) {
            (Some(a), Some(b)) => ctx.tr(
                "exports-pdf-period-from-to",
                &[("from", a.first_at.as_str().into()), ("to", b.last_at.as_str().into())],
            ),
            _ => "–".to_string(),
        };
        let person = ctx.tr(
            "exports-pdf-person",
            &[("name", meta.patient_name.as_str().into()), ("email", meta.patient_email.as_str().into())],
        );
        let lines = [
            (ctx.tr("exports-pdf-patient", &[]), person),
            (ctx.tr("exports-pdf-deployment", &[]), meta.deployment.clone()),
            (ctx.tr("exports-pdf-generated", &[]), meta.generated.clone()),
            (ctx.tr("exports-pdf-observations", &[]), ctx.lang.number(total_rows as f64, 0)),
            (ctx.tr("exports-pdf-period", &[]), period),
            (
                ctx.tr("exports-pdf-time-zone", &[]),
                ctx.tr("exports-pdf-all-times-in", &[("zone", meta.zone.as_str().into())]),
            ),
        ];
        // The values start after the widest label (labels are as long as their language makes them).
        let label_w = lines.iter().map(|(k, _)| ctx.width(k, 10.0)).fold(60.0, f32::max).min(CONTENT_W / 3.0) + 12.0;
        for (i, (k, v)) in lines.into_iter().enumerate() {
            ctx.text_fit(page, (MARGIN_X, y), 10.0, INK, &k, label_w - 6.0);
            // The deployment's name is what an administrator typed: in its own direction.
            let at = (MARGIN_X + label_w, y);
            if i == 1 {
                ctx.value_fit(page, at, 10.0, INK, &v, CONTENT_W - label_w);
            } else {
                ctx.text_fit(page, at, 10.0, INK, &v, CONTENT_W - label_w);
            }
            y -= 14.0;
        }
        line(page, ACCENT, 0.8, &[(MARGIN_X, y + 4.0), (MARGIN_X + CONTENT_W, y + 4.0)]);
        f.y = y - 14.0;
    }
    table::summary(ctx, &mut f, kinds);
    chart::charts(ctx, &mut f, kinds);
    f.pages
}
