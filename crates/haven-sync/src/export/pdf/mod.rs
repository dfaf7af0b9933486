//! PDF rendering of a patient's health-data export.
//!
//! Built on `printpdf` 0.12 with `default-features = false` (no HTML / azul layout stack).
//! Text is drawn with an embedded DejaVu Sans TTF so that non-WinAnsi characters such as
//! "°C", "µmol" or "Zoë" render and extract correctly (the 14 built-in PDF fonts are
//! WinAnsi only). Without printpdf's `text_layout` feature the font is embedded whole
//! (no subsetting): ~0.3 MB per document after Flate compression.
//!
//! Layout (A4 portrait):
//! 1. header + summary table per kind, followed by one line chart per kind,
//! 2. a table of every observation (header row repeated on every page),
//! 3. "Page N of M" footer on every page (added at the very end).
//!
//! Rows are streamed: table pages are built while iterating, statistics and a fixed-size
//! downsampler per kind are updated on the fly, and the summary/chart pages are put in
//! front once all rows are seen. Each table row costs two printpdf ops (`Tm` + one `TJ`
//! whose kerning offsets lay out the columns), which keeps memory small and linear.

mod chart;
mod layout;
mod table;

use haven_api::Kind;
use layout::*;
use printpdf::{Mm, Op, ParsedFont, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Pt, TextItem, TextMatrix};

static FONT_BYTES: &[u8] = include_bytes!("../../../assets/DejaVuSans.ttf");

/// One observation as the PDF shows it.
pub struct PdfRow {
    /// RFC 3339, e.g. "2026-11-20T08:00:00Z" (shown as "2026-11-20 08:00").
    pub recorded_at: String,
    /// Unix milliseconds (x axis of charts).
    pub recorded_ms: i64,
    pub kind: Kind,
    /// Already formatted for display, e.g. "72", "120/80", "Headache (4/10)".
    pub value: String,
    /// As recorded (the kind's unit).
    pub unit: String,
    pub note: Option<String>,
    /// Numbers to chart: 1 value, or [systolic, diastolic] for blood pressure, [severity] for symptoms.
    pub series: Vec<f64>,
}

pub struct PdfMeta {
    pub patient_name: String,
    pub patient_email: String,
    pub deployment: String,
    pub generated_at: String,
}

#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("failed to load the embedded PDF font: {0}")]
    Font(String),
    #[error("failed to serialize the PDF: {0}")]
    Serialize(String),
}

// Public entry point

/// Rows arrive sorted by recorded_ms ascending. `progress(n)` is called every ~1000 rows
/// with the number done so far.
pub fn render<I: Iterator<Item = PdfRow>>(
    meta: &PdfMeta,
    rows: I,
    progress: &mut dyn FnMut(usize),
) -> Result<Vec<u8>, PdfError> {
    let mut font_warnings = Vec::new();
    let parsed = ParsedFont::from_bytes(FONT_BYTES, 0, &mut font_warnings)
        .ok_or_else(|| PdfError::Font(format!("{font_warnings:?}")))?;
    let metrics = FontMetrics::new(&parsed);

    let title = format!("Haven — health data export — {}", meta.patient_name);
    let mut doc = PdfDocument::new(&title);
    doc.metadata.info.author = "Haven".to_string();
    doc.metadata.info.creator = "Haven".to_string();
    doc.metadata.info.producer = "Haven (printpdf)".to_string();
    doc.metadata.info.subject = "Health data export".to_string();
    if let Some(ts) = haven_api::rfc3339::parse_s(&meta.generated_at) {
        if let Ok(dt) = printpdf::OffsetDateTime::from_unix_timestamp(ts) {
            doc.metadata.info.creation_date = dt;
            doc.metadata.info.modification_date = dt;
            doc.metadata.info.metadata_date = dt;
        }
    }
    let font_id = doc.add_font(&parsed);
    drop(parsed);

    let ctx = Ctx { font: font_id, m: metrics };

    // --- stream rows: table pages + statistics -------------------------------------
    let mut table = table::TableBuilder::new();
    let mut kinds: Vec<KindAcc> = Vec::new();
    let mut done = 0usize;
    for row in rows {
        let idx = match kinds.iter().position(|k| k.kind == row.kind) {
            Some(i) => i,
            None => {
                kinds.push(KindAcc::new(&row));
                kinds.len() - 1
            }
        };
        kinds[idx].add(&row);
        table.add_row(&ctx, &row);
        done += 1;
        if done.is_multiple_of(1000) {
            progress(done);
        }
    }
    if !done.is_multiple_of(1000) {
        progress(done);
    }
    let mut table_pages = table.finish();

    // --- front pages: header, summary, charts ---------------------------------------
    // The kinds in the order people see them everywhere.
    kinds.sort_by_key(|k| k.kind);
    let front_pages = build_front(&ctx, meta, &kinds, done);

    let mut pages = front_pages;
    pages.append(&mut table_pages);
    let total = pages.len();
    let footer_left = fit(&ctx.m, &format!("Haven — health data export · {}", meta.patient_name), 7.5, 360.0);
    for (i, ops) in pages.iter_mut().enumerate() {
        let label = format!("Page {} of {}", i + 1, total);
        let w = ctx.m.width_pt(&label, 7.5);
        ops.extend([
            Op::SetFillColor { col: grey(0.45) },
            Op::StartTextSection,
            Op::SetFont { font: PdfFontHandle::External(ctx.font.clone()), size: Pt(7.5) },
            Op::SetTextMatrix { matrix: TextMatrix::Translate(Pt(MARGIN_X), Pt(FOOTER_Y)) },
            Op::ShowText { items: vec![TextItem::Text(footer_left.clone())] },
            Op::SetTextMatrix { matrix: TextMatrix::Translate(Pt(PAGE_W - MARGIN_X - w), Pt(FOOTER_Y)) },
            Op::ShowText { items: vec![TextItem::Text(label)] },
            Op::EndTextSection,
        ]);
    }
    doc.pages = pages.into_iter().map(|ops| PdfPage::new(Mm(PAGE_W_MM), Mm(PAGE_H_MM), ops)).collect();

    // --- serialize --------------------------------------------------------------------
    // `PdfDocument::save` keeps the whole op model alive while lopdf compresses every
    // content stream. Converting to lopdf first lets us drop the ops before compression
    // (small gain, ~5 MB at 100k rows; the peak is the op model + uncompressed streams).
    let opts = PdfSaveOptions {
        optimize: true,
        subset_fonts: false, // no effect without printpdf's `text_layout` feature
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let mut lo = doc.to_lopdf_document(&opts, &mut warnings);
    drop(doc);
    // printpdf always writes PDF/X-style Info keys; an empty /GTS_PDFXVersion makes some
    // readers (e.g. pdfinfo) report a bogus "PDF/X" subtype. Drop the empty ones.
    if let Ok(info_id) = lo.trailer.get(b"Info").and_then(|o| o.as_reference()) {
        if let Ok(info) = lo.get_object_mut(info_id).and_then(|o| o.as_dict_mut()) {
            for key in [&b"GTS_PDFXVersion"[..], b"Identifier", b"Keywords", b"Trapped"] {
                info.remove(key);
            }
        }
    }
    lo.compress();
    let mut out = Vec::new();
    lo.save_to(&mut out).map_err(|e| PdfError::Serialize(e.to_string()))?;
    Ok(out)
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
    sampler: chart::Downsampler,
}

impl KindAcc {
    fn new(row: &PdfRow) -> Self {
        Self {
            kind: row.kind,
            unit: row.unit.clone(),
            count: 0,
            first_at: row.recorded_at.clone(),
            last_at: row.recorded_at.clone(),
            first_ms: row.recorded_ms,
            last_ms: row.recorded_ms,
            dims: 0,
            min: [f64::INFINITY; 2],
            max: [f64::NEG_INFINITY; 2],
            sum: [0.0; 2],
            n: [0; 2],
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
            self.first_at.clone_from(&row.recorded_at);
        }
        if row.recorded_ms >= self.last_ms {
            self.last_ms = row.recorded_ms;
            self.last_at.clone_from(&row.recorded_at);
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
    }

    fn stat(&self, f: impl Fn(usize) -> String) -> String {
        match self.dims {
            0 => "–".to_string(),
            1 => f(0),
            _ => format!("{}/{}", f(0), f(1)),
        }
    }

    fn y_range(&self) -> Option<(f64, f64)> {
        let lo = (0..self.dims).map(|d| self.min[d]).fold(f64::INFINITY, f64::min);
        let hi = (0..self.dims).map(|d| self.max[d]).fold(f64::NEG_INFINITY, f64::max);
        (lo.is_finite() && hi.is_finite()).then_some((lo, hi))
    }
}

/// The front pages: the title block, the summary table and the charts.
fn build_front(ctx: &Ctx, meta: &PdfMeta, kinds: &[KindAcc], total_rows: usize) -> Vec<Vec<Op>> {
    let mut f = Flow { pages: vec![Vec::new()], y: TOP_Y };
    let m = &ctx.m;

    // Title block
    {
        let ops = f.cur();
        ops.push(Op::SetFillColor { col: rgb(0.10, 0.25, 0.45) });
        ops.push(Op::StartTextSection);
        ctx.text(ops, MARGIN_X, TOP_Y - 6.0, 20.0, "Haven — health data export".to_string());
        ops.push(Op::SetFillColor { col: grey(0.1) });
        let mut y = TOP_Y - 34.0;
        let period = match (kinds.iter().map(|k| k.first_ms).min(), kinds.iter().map(|k| k.last_ms).max()) {
            (Some(a), Some(b)) => {
                let fa = kinds.iter().find(|k| k.first_ms == a).map(|k| display_time(&k.first_at)).unwrap_or_default();
                let lb = kinds.iter().find(|k| k.last_ms == b).map(|k| display_time(&k.last_at)).unwrap_or_default();
                format!("{fa} – {lb}")
            }
            _ => "–".to_string(),
        };
        let lines = [
            ("Patient", format!("{} <{}>", meta.patient_name, meta.patient_email)),
            ("Deployment", meta.deployment.clone()),
            ("Generated", meta.generated_at.clone()),
            ("Observations", total_rows.to_string()),
            ("Period", period),
        ];
        for (k, v) in lines {
            ctx.text(ops, MARGIN_X, y, 10.0, format!("{k}:"));
            ctx.text(ops, MARGIN_X + 80.0, y, 10.0, fit(m, &v, 10.0, CONTENT_W - 80.0));
            y -= 14.0;
        }
        ops.push(Op::EndTextSection);
        ops.push(Op::SetOutlineColor { col: rgb(0.10, 0.25, 0.45) });
        ops.push(Op::SetOutlineThickness { pt: Pt(0.8) });
        ops.push(line(&[(MARGIN_X, y + 4.0), (MARGIN_X + CONTENT_W, y + 4.0)]));
        f.y = y - 14.0;
    }

    table::summary(ctx, &mut f, kinds);
    chart::charts(ctx, &mut f, kinds);
    f.pages
}
