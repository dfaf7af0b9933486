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

use printpdf::{
    Color, FontId, Line, LinePoint, Mm, Op, PaintMode, ParsedFont, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions,
    Point, Polygon, PolygonRing, Pt, Rect, Rgb, TextItem, TextMatrix, WindingOrder,
};

// Relative to crates/haven-sync/src/export/pdf.rs -> crates/haven-sync/assets/DejaVuSans.ttf
static FONT_BYTES: &[u8] = include_bytes!("../../assets/DejaVuSans.ttf");

/// One observation as the PDF shows it.
pub struct PdfRow {
    /// RFC 3339, e.g. "2026-11-20T08:00:00Z" (shown as "2026-11-20 08:00").
    pub recorded_at: String,
    /// Unix milliseconds (x axis of charts).
    pub recorded_ms: i64,
    /// heart_rate, blood_pressure, weight, temperature, oxygen_saturation, blood_glucose, steps, symptom
    pub kind: String,
    /// Already formatted for display, e.g. "72", "120/80", "Headache (4/10)".
    pub value: String,
    /// "bpm", "mmHg", "°C", "%", "mmol/L", "kg", "steps", "severity"
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

// ---------------------------------------------------------------------------------------
// Geometry (points; origin bottom-left)

const PAGE_W_MM: f32 = 210.0;
const PAGE_H_MM: f32 = 297.0;
const PAGE_W: f32 = 595.2756;
const PAGE_H: f32 = 841.8898;
const MARGIN_X: f32 = 42.0;
const TOP_Y: f32 = PAGE_H - 48.0;
const BOTTOM_Y: f32 = 58.0;
const FOOTER_Y: f32 = 30.0;
const CONTENT_W: f32 = PAGE_W - 2.0 * MARGIN_X;

const TABLE_FS: f32 = 8.5;
const TABLE_ROW_H: f32 = 11.5;
/// Observation table columns: (title, width in pt). Sum == CONTENT_W.
const TABLE_COLS: [(&str, f32); 5] = [
    ("Date / time", 88.0),
    ("Kind", 84.0),
    ("Value", 100.0),
    ("Unit", 50.0),
    ("Note", CONTENT_W - 88.0 - 84.0 - 100.0 - 50.0),
];
const CELL_PAD: f32 = 4.0;

const SUMMARY_FS: f32 = 7.5;
const SUMMARY_ROW_H: f32 = 12.0;
const SUMMARY_COLS: [(&str, f32); 8] = [
    ("Kind", 80.0),
    ("Count", 36.0),
    ("First", 80.0),
    ("Last", 80.0),
    ("Min", 52.0),
    ("Max", 52.0),
    ("Mean", 66.0),
    ("Unit", CONTENT_W - 80.0 - 36.0 - 80.0 - 80.0 - 52.0 - 52.0 - 66.0),
];

const CHART_BLOCK_H: f32 = 220.0;
/// Maximum number of points per charted series (fixed-size downsampler).
const CHART_MAX_POINTS: usize = 300;

const KIND_ORDER: [&str; 8] =
    ["heart_rate", "blood_pressure", "weight", "temperature", "oxygen_saturation", "blood_glucose", "steps", "symptom"];

// ---------------------------------------------------------------------------------------
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
    if let Some(ts) = parse_rfc3339_unix(&meta.generated_at) {
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
    let mut table = TableBuilder::new();
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
    kinds.sort_by(|a, b| kind_rank(&a.kind).cmp(&kind_rank(&b.kind)).then(a.kind.cmp(&b.kind)));
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

// ---------------------------------------------------------------------------------------
// Font metrics (widths in 1/1000 em, truncated exactly like printpdf's /W array so that
// TJ column offsets computed here line up with what viewers do).

struct FontMetrics {
    bmp: Vec<u16>,
    missing: u16,
}

impl FontMetrics {
    fn new(font: &ParsedFont) -> Self {
        let upm = font.pdf_font_metrics.units_per_em.max(1) as f32;
        let scaled =
            |gid: u16| -> u16 { font.get_glyph_width(gid).map(|w| (w as f32 * 1000.0 / upm) as u16).unwrap_or(0) };
        let missing = scaled(0);
        let mut bmp = vec![missing; 0x10000];
        for (&cp, &gid) in &font.codepoint_to_glyph {
            if cp < 0x10000 {
                bmp[cp as usize] = scaled(gid);
            }
        }
        Self { bmp, missing }
    }

    #[inline]
    fn char_units(&self, c: char) -> u32 {
        let cp = c as u32;
        if cp < 0x10000 {
            self.bmp[cp as usize] as u32
        } else {
            self.missing as u32
        }
    }

    fn units(&self, s: &str) -> u32 {
        s.chars().map(|c| self.char_units(c)).sum()
    }

    fn width_pt(&self, s: &str, size: f32) -> f32 {
        self.units(s) as f32 * size / 1000.0
    }
}

/// Replace control characters (newlines, tabs, …) by spaces and truncate `s` with "…" so
/// that it fits into `max_w` points at font size `size`.
fn fit(m: &FontMetrics, s: &str, size: f32, max_w: f32) -> String {
    let max_units = (max_w * 1000.0 / size).max(0.0) as u32;
    let clean = |c: char| if c.is_control() { ' ' } else { c };
    if m.units(s) <= max_units && !s.chars().any(char::is_control) {
        return s.to_string();
    }
    let total: u32 = s.chars().map(|c| m.char_units(clean(c))).sum();
    if total <= max_units {
        return s.chars().map(clean).collect();
    }
    let ell = m.char_units('…');
    let mut out = String::new();
    let mut w = 0u32;
    for c in s.chars().map(clean) {
        let cw = m.char_units(c);
        if w + cw + ell > max_units {
            break;
        }
        w += cw;
        out.push(c);
    }
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    out.push('…');
    out
}

struct Ctx {
    font: FontId,
    m: FontMetrics,
}

impl Ctx {
    fn set_font(&self, size: f32) -> Op {
        Op::SetFont { font: PdfFontHandle::External(self.font.clone()), size: Pt(size) }
    }

    /// One `Tm` + one `TJ` laying out `cells` in columns of the given widths. Cells are
    /// truncated to their column (minus padding); column gaps are TJ kerning offsets.
    fn row_ops(&self, ops: &mut Vec<Op>, x: f32, y: f32, size: f32, cells: &[(&str, f32, bool)]) {
        let mut items = Vec::with_capacity(cells.len() * 2);
        let mut pending_units: f32 = 0.0; // positive = move right, in 1/1000 em
        for &(text, col_w, right) in cells {
            let col_units = col_w * 1000.0 / size;
            let fitted = fit(&self.m, text, size, col_w - CELL_PAD);
            let w = self.m.units(&fitted) as f32;
            let lead = if right { (col_units - 2.0 * CELL_PAD * 1000.0 / size - w).max(0.0) } else { 0.0 };
            pending_units += lead;
            if !fitted.is_empty() {
                if pending_units != 0.0 {
                    items.push(TextItem::Offset(-pending_units.round()));
                }
                items.push(TextItem::Text(fitted));
                pending_units = col_units - lead - w;
            } else {
                pending_units += col_units - lead;
            }
        }
        if items.is_empty() {
            return;
        }
        items.shrink_to_fit();
        ops.push(Op::SetTextMatrix { matrix: TextMatrix::Translate(Pt(x), Pt(y)) });
        ops.push(Op::ShowText { items });
    }

    fn text(&self, ops: &mut Vec<Op>, x: f32, y: f32, size: f32, s: String) {
        ops.push(Op::SetTextMatrix { matrix: TextMatrix::Translate(Pt(x), Pt(y)) });
        ops.push(self.set_font(size));
        ops.push(Op::ShowText { items: vec![TextItem::Text(s)] });
    }
}

fn grey(v: f32) -> Color {
    Color::Rgb(Rgb::new(v, v, v, None))
}

fn rgb(r: f32, g: f32, b: f32) -> Color {
    Color::Rgb(Rgb::new(r, g, b, None))
}

fn rect(x: f32, y: f32, w: f32, h: f32, mode: PaintMode) -> Op {
    // NB: printpdf 0.12 paints nothing for a Rect with `mode: None`.
    Op::DrawRectangle {
        rectangle: Rect {
            x: Pt(x),
            y: Pt(y),
            width: Pt(w),
            height: Pt(h),
            mode: Some(mode),
            winding_order: Some(WindingOrder::NonZero),
        },
    }
}

fn line(points: &[(f32, f32)]) -> Op {
    Op::DrawLine {
        line: Line {
            points: points.iter().map(|&(x, y)| LinePoint { p: Point { x: Pt(x), y: Pt(y) }, bezier: false }).collect(),
            is_closed: false,
        },
    }
}

// ---------------------------------------------------------------------------------------
// Observation table (built while streaming)

struct TableBuilder {
    pages: Vec<Vec<Op>>,
    cur: Vec<Op>,
    rows_on_page: usize,
    rows_per_page: usize,
    first_row_y: f32,
}

impl TableBuilder {
    fn new() -> Self {
        let first_row_y = TOP_Y - 22.0 - TABLE_ROW_H * 1.6;
        let rows_per_page = ((first_row_y - BOTTOM_Y) / TABLE_ROW_H) as usize + 1;
        Self { pages: Vec::new(), cur: Vec::new(), rows_on_page: 0, rows_per_page, first_row_y }
    }

    fn start_page(&mut self, ctx: &Ctx) {
        // 2 ops per row + header (~10) + ET + stripes (2) + footer (8).
        let mut ops = Vec::with_capacity(2 * self.rows_per_page + 24);
        // Header band
        let band_y = TOP_Y - 22.0 - TABLE_ROW_H * 0.45;
        ops.push(Op::SetFillColor { col: rgb(0.86, 0.90, 0.95) });
        ops.push(rect(MARGIN_X, band_y - 4.0, CONTENT_W, TABLE_ROW_H + 3.0, PaintMode::Fill));
        ops.push(Op::SetFillColor { col: grey(0.0) });
        ops.push(Op::StartTextSection);
        ctx.text(&mut ops, MARGIN_X, TOP_Y, 12.0, "All observations".to_string());
        ops.push(ctx.set_font(TABLE_FS));
        let hdr: Vec<(&str, f32, bool)> = TABLE_COLS.iter().map(|&(t, w)| (t, w, false)).collect();
        ctx.row_ops(&mut ops, MARGIN_X + 2.0, band_y, TABLE_FS, &hdr);
        self.cur = ops;
        self.rows_on_page = 0;
    }

    fn add_row(&mut self, ctx: &Ctx, row: &PdfRow) {
        if self.rows_on_page == 0 && self.cur.is_empty() {
            self.start_page(ctx);
        }
        let y = self.first_row_y - self.rows_on_page as f32 * TABLE_ROW_H;
        let when = display_time(&row.recorded_at);
        let label = kind_label(&row.kind);
        let note = row.note.as_deref().unwrap_or("");
        let cells = [
            (when.as_str(), TABLE_COLS[0].1, false),
            (label.as_str(), TABLE_COLS[1].1, false),
            (row.value.as_str(), TABLE_COLS[2].1, false),
            (row.unit.as_str(), TABLE_COLS[3].1, false),
            (note, TABLE_COLS[4].1, false),
        ];
        ctx.row_ops(&mut self.cur, MARGIN_X + 2.0, y, TABLE_FS, &cells);
        self.rows_on_page += 1;
        if self.rows_on_page == self.rows_per_page {
            self.finish_page();
        }
    }

    fn finish_page(&mut self) {
        if self.cur.is_empty() {
            return;
        }
        let mut ops = std::mem::take(&mut self.cur);
        ops.push(Op::EndTextSection);
        // Zebra stripes behind every second row: a single multi-ring polygon per page,
        // inserted before the text so it is painted underneath.
        let rings: Vec<PolygonRing> = (0..self.rows_on_page)
            .filter(|i| i % 2 == 1)
            .map(|i| {
                let y0 = self.first_row_y - i as f32 * TABLE_ROW_H - 3.0;
                let pts = [
                    (MARGIN_X, y0),
                    (MARGIN_X + CONTENT_W, y0),
                    (MARGIN_X + CONTENT_W, y0 + TABLE_ROW_H),
                    (MARGIN_X, y0 + TABLE_ROW_H),
                ];
                PolygonRing {
                    points: pts
                        .iter()
                        .map(|&(x, y)| LinePoint { p: Point { x: Pt(x), y: Pt(y) }, bezier: false })
                        .collect(),
                }
            })
            .collect();
        if !rings.is_empty() {
            ops.splice(
                0..0,
                [
                    Op::SetFillColor { col: grey(0.955) },
                    Op::DrawPolygon {
                        polygon: Polygon { rings, mode: PaintMode::Fill, winding_order: WindingOrder::NonZero },
                    },
                ],
            );
        }
        // No shrink_to_fit: the capacity reserved in `start_page` also leaves room for the
        // footer ops appended at the end, so no page Vec is ever reallocated (doubling
        // 1,600+ page Vecs of 128-byte ops used to cost ~35 MB at 100k rows).
        self.pages.push(ops);
        self.rows_on_page = 0;
    }

    fn finish(mut self) -> Vec<Vec<Op>> {
        self.finish_page();
        self.pages
    }
}

// ---------------------------------------------------------------------------------------
// Per-kind statistics and fixed-size downsampling

#[derive(Clone, Copy, Default)]
struct Bucket {
    t_sum: f64, // sum of (t - t0) in ms
    n: u32,
    sum: [f64; 2],
    cnt: [u32; 2],
}

impl Bucket {
    fn merge(&mut self, o: &Bucket) {
        self.t_sum += o.t_sum;
        self.n += o.n;
        for d in 0..2 {
            self.sum[d] += o.sum[d];
            self.cnt[d] += o.cnt[d];
        }
    }
}

/// Keeps at most `CHART_MAX_POINTS` buckets of consecutive points; when full, adjacent
/// pairs are merged and the bucket size doubles. Memory is O(1) in the number of rows.
struct Downsampler {
    t0: i64,
    buckets: Vec<Bucket>,
    per: u32,
}

impl Downsampler {
    fn new(t0: i64) -> Self {
        Self { t0, buckets: Vec::with_capacity(CHART_MAX_POINTS), per: 1 }
    }

    fn push(&mut self, t: i64, vals: &[f64]) {
        let need_new = self.buckets.last().is_none_or(|b| b.n >= self.per);
        if need_new {
            if self.buckets.len() >= CHART_MAX_POINTS {
                let merged: Vec<Bucket> = self
                    .buckets
                    .chunks(2)
                    .map(|c| {
                        let mut b = c[0];
                        if let Some(o) = c.get(1) {
                            b.merge(o);
                        }
                        b
                    })
                    .collect();
                self.buckets.clear();
                self.buckets.extend(merged);
                self.per *= 2;
            }
            if self.buckets.last().is_none_or(|b| b.n >= self.per) {
                self.buckets.push(Bucket::default());
            }
        }
        let b = self.buckets.last_mut().expect("bucket");
        b.t_sum += (t - self.t0) as f64;
        b.n += 1;
        for (d, v) in vals.iter().take(2).enumerate() {
            if v.is_finite() {
                b.sum[d] += v;
                b.cnt[d] += 1;
            }
        }
    }

    /// (time ms, mean value) for dimension `d`.
    fn points(&self, d: usize) -> Vec<(f64, f64)> {
        self.buckets
            .iter()
            .filter(|b| b.n > 0 && b.cnt[d] > 0)
            .map(|b| (self.t0 as f64 + b.t_sum / b.n as f64, b.sum[d] / b.cnt[d] as f64))
            .collect()
    }
}

struct KindAcc {
    kind: String,
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
    sampler: Downsampler,
}

impl KindAcc {
    fn new(row: &PdfRow) -> Self {
        Self {
            kind: row.kind.clone(),
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
            sampler: Downsampler::new(row.recorded_ms),
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

// ---------------------------------------------------------------------------------------
// Front pages: header, summary table, charts

struct Flow {
    pages: Vec<Vec<Op>>,
    y: f32,
}

impl Flow {
    fn cur(&mut self) -> &mut Vec<Op> {
        self.pages.last_mut().expect("page")
    }
    fn ensure(&mut self, h: f32) {
        if self.y - h < BOTTOM_Y {
            self.pages.push(Vec::new());
            self.y = TOP_Y;
        }
    }
}

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

    // Summary table
    {
        f.ensure(60.0);
        let y = f.y;
        let ops = f.cur();
        ops.push(Op::SetFillColor { col: grey(0.0) });
        ops.push(Op::StartTextSection);
        ctx.text(ops, MARGIN_X, y, 13.0, "Summary".to_string());
        ops.push(Op::EndTextSection);
        f.y -= 20.0;
        let header = |f: &mut Flow| {
            let y = f.y;
            let ops = f.cur();
            ops.push(Op::SetFillColor { col: rgb(0.86, 0.90, 0.95) });
            ops.push(rect(MARGIN_X, y - 4.0, CONTENT_W, SUMMARY_ROW_H + 2.0, PaintMode::Fill));
            ops.push(Op::SetFillColor { col: grey(0.0) });
            ops.push(Op::StartTextSection);
            ops.push(ctx.set_font(SUMMARY_FS));
            let cells: Vec<(&str, f32, bool)> =
                SUMMARY_COLS.iter().enumerate().map(|(i, &(t, w))| (t, w, i == 1)).collect();
            ctx.row_ops(ops, MARGIN_X + 2.0, y, SUMMARY_FS, &cells);
            ops.push(Op::EndTextSection);
            f.y -= SUMMARY_ROW_H + 2.0;
        };
        header(&mut f);
        if kinds.is_empty() {
            let y = f.y;
            let ops = f.cur();
            ops.push(Op::StartTextSection);
            ctx.text(ops, MARGIN_X + 2.0, y, SUMMARY_FS, "No observations in this export.".to_string());
            ops.push(Op::EndTextSection);
            f.y -= SUMMARY_ROW_H;
        }
        for k in kinds {
            if f.y - SUMMARY_ROW_H < BOTTOM_Y {
                f.ensure(f32::MAX);
                header(&mut f);
            }
            let mean = k.stat(|d| format!("{:.1}", k.sum[d] / k.n[d].max(1) as f64));
            let min = k.stat(|d| fmt_num(k.min[d]));
            let max = k.stat(|d| fmt_num(k.max[d]));
            let label = kind_label(&k.kind);
            let count = k.count.to_string();
            let first = display_time(&k.first_at);
            let last = display_time(&k.last_at);
            let vals = [
                label.as_str(),
                count.as_str(),
                first.as_str(),
                last.as_str(),
                min.as_str(),
                max.as_str(),
                mean.as_str(),
                k.unit.as_str(),
            ];
            let cells: Vec<(&str, f32, bool)> =
                vals.iter().zip(SUMMARY_COLS.iter()).enumerate().map(|(i, (v, c))| (*v, c.1, i == 1)).collect();
            let y = f.y;
            let ops = f.cur();
            ops.push(Op::StartTextSection);
            ops.push(ctx.set_font(SUMMARY_FS));
            ctx.row_ops(ops, MARGIN_X + 2.0, y, SUMMARY_FS, &cells);
            ops.push(Op::EndTextSection);
            ops.push(Op::SetOutlineColor { col: grey(0.85) });
            ops.push(Op::SetOutlineThickness { pt: Pt(0.4) });
            ops.push(line(&[(MARGIN_X, y - 3.5), (MARGIN_X + CONTENT_W, y - 3.5)]));
            f.y -= SUMMARY_ROW_H;
        }
        f.y -= 16.0;
    }

    // Charts
    let charted: Vec<&KindAcc> = kinds.iter().filter(|k| k.dims > 0).collect();
    if !charted.is_empty() {
        f.ensure(CHART_BLOCK_H + 24.0);
        let y = f.y;
        let ops = f.cur();
        ops.push(Op::SetFillColor { col: grey(0.0) });
        ops.push(Op::StartTextSection);
        ctx.text(ops, MARGIN_X, y, 13.0, "Charts".to_string());
        ops.push(Op::EndTextSection);
        f.y -= 22.0;
        for k in charted {
            f.ensure(CHART_BLOCK_H);
            let top = f.y;
            draw_chart(ctx, f.cur(), k, top);
            f.y -= CHART_BLOCK_H;
        }
    }
    f.pages
}

fn draw_chart(ctx: &Ctx, ops: &mut Vec<Op>, k: &KindAcc, top: f32) {
    let m = &ctx.m;
    let fs = 7.5;
    let title = if k.unit.is_empty() { kind_label(&k.kind) } else { format!("{} ({})", kind_label(&k.kind), k.unit) };
    let (lo, hi) = k.y_range().unwrap_or((0.0, 1.0));
    let (lo_p, hi_p) = if hi > lo {
        let pad = (hi - lo) * 0.05;
        (lo - pad, hi + pad)
    } else {
        (lo - 1.0, hi + 1.0)
    };
    let lo_label = fmt_num(lo);
    let hi_label = fmt_num(hi);
    let label_w = m.width_pt(&lo_label, fs).max(m.width_pt(&hi_label, fs));
    let plot_x0 = MARGIN_X + label_w + 8.0;
    let plot_x1 = MARGIN_X + CONTENT_W - 4.0;
    let plot_y1 = top - 22.0;
    let plot_y0 = top - CHART_BLOCK_H + 34.0;
    let sx = |t: f64| -> f32 {
        if k.last_ms > k.first_ms {
            plot_x0 + ((t - k.first_ms as f64) / (k.last_ms - k.first_ms) as f64) as f32 * (plot_x1 - plot_x0)
        } else {
            (plot_x0 + plot_x1) / 2.0
        }
    };
    let sy = |v: f64| -> f32 { plot_y0 + ((v - lo_p) / (hi_p - lo_p)) as f32 * (plot_y1 - plot_y0) };

    // Frame, axes, min/max grid lines
    ops.push(Op::SetFillColor { col: grey(0.985) });
    ops.push(rect(plot_x0, plot_y0, plot_x1 - plot_x0, plot_y1 - plot_y0, PaintMode::Fill));
    ops.push(Op::SetOutlineThickness { pt: Pt(0.3) });
    ops.push(Op::SetOutlineColor { col: grey(0.82) });
    ops.push(line(&[(plot_x0, sy(hi)), (plot_x1, sy(hi))]));
    ops.push(line(&[(plot_x0, sy(lo)), (plot_x1, sy(lo))]));
    ops.push(Op::SetOutlineThickness { pt: Pt(0.7) });
    ops.push(Op::SetOutlineColor { col: grey(0.25) });
    ops.push(line(&[(plot_x0, plot_y1), (plot_x0, plot_y0), (plot_x1, plot_y0)]));

    // Series
    let colors = [rgb(0.12, 0.40, 0.75), rgb(0.80, 0.22, 0.20)];
    let mut single_points = Vec::new();
    for d in 0..k.dims.min(2) {
        let pts: Vec<(f32, f32)> = k.sampler.points(d).into_iter().map(|(t, v)| (sx(t), sy(v))).collect();
        ops.push(Op::SetOutlineColor { col: colors[d].clone() });
        ops.push(Op::SetOutlineThickness { pt: Pt(1.0) });
        if pts.len() >= 2 {
            ops.push(line(&pts));
        } else if let Some(&(x, y)) = pts.first() {
            single_points.push((x, y, d));
        }
    }
    for (x, y, d) in single_points {
        ops.push(Op::SetFillColor { col: colors[d].clone() });
        ops.push(rect(x - 2.0, y - 2.0, 4.0, 4.0, PaintMode::Fill));
    }

    // Labels
    ops.push(Op::SetFillColor { col: grey(0.0) });
    ops.push(Op::StartTextSection);
    ctx.text(ops, MARGIN_X, top - 10.0, 10.0, fit(m, &title, 10.0, CONTENT_W * 0.6));
    let n_label = format!("{} observation{}", k.count, if k.count == 1 { "" } else { "s" });
    let nw = m.width_pt(&n_label, fs);
    ops.push(Op::SetFillColor { col: grey(0.35) });
    ctx.text(ops, plot_x1 - nw, top - 10.0, fs, n_label);
    if k.dims >= 2 {
        let legend = [("systolic", 0usize), ("diastolic", 1usize)];
        let mut x = plot_x1 - nw - 110.0;
        for (name, d) in legend {
            ops.push(Op::SetFillColor { col: colors[d].clone() });
            ctx.text(ops, x, top - 10.0, fs, format!("— {name}"));
            x += 50.0;
        }
        ops.push(Op::SetFillColor { col: grey(0.35) });
    }
    ops.push(Op::SetFillColor { col: grey(0.2) });
    ctx.text(ops, plot_x0 - 4.0 - m.width_pt(&hi_label, fs), sy(hi) - fs * 0.35, fs, hi_label);
    if hi > lo {
        ctx.text(ops, plot_x0 - 4.0 - m.width_pt(&lo_label, fs), sy(lo) - fs * 0.35, fs, lo_label);
    }
    let first = display_time(&k.first_at);
    let last = display_time(&k.last_at);
    ctx.text(ops, plot_x0, plot_y0 - 11.0, fs, first);
    if k.last_ms > k.first_ms {
        let lw = m.width_pt(&last, fs);
        ctx.text(ops, plot_x1 - lw, plot_y0 - 11.0, fs, last);
    }
    ops.push(Op::EndTextSection);
}

// ---------------------------------------------------------------------------------------
// Formatting helpers

fn kind_rank(kind: &str) -> usize {
    KIND_ORDER.iter().position(|k| *k == kind).unwrap_or(KIND_ORDER.len())
}

fn kind_label(kind: &str) -> String {
    match kind {
        "heart_rate" => "Heart rate".into(),
        "blood_pressure" => "Blood pressure".into(),
        "weight" => "Weight".into(),
        "temperature" => "Temperature".into(),
        "oxygen_saturation" => "Oxygen saturation".into(),
        "blood_glucose" => "Blood glucose".into(),
        "steps" => "Steps".into(),
        "symptom" => "Symptom".into(),
        other => {
            let s = other.replace('_', " ");
            let mut c = s.chars();
            match c.next() {
                Some(f) => f.to_uppercase().chain(c).collect(),
                None => String::new(),
            }
        }
    }
}

/// "2026-11-20T08:00:00Z" -> "2026-11-20 08:00"; anything else is shown as given.
fn display_time(s: &str) -> String {
    let b = s.as_bytes();
    if b.len() >= 16 && (b[10] == b'T' || b[10] == b't' || b[10] == b' ') && b[13] == b':' {
        if let (Some(d), Some(t)) = (s.get(..10), s.get(11..16)) {
            return format!("{d} {t}");
        }
    }
    s.to_string()
}

fn parse_rfc3339_unix(s: &str) -> Option<i64> {
    time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339).ok().map(|d| d.unix_timestamp())
}

fn fmt_num(v: f64) -> String {
    if !v.is_finite() {
        return "–".into();
    }
    if (v - v.round()).abs() < 1e-9 {
        return format!("{:.0}", v);
    }
    let s = format!("{:.2}", v);
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

#[cfg(test)]
mod unit_tests {
    use super::*;

    #[test]
    fn downsampler_is_bounded() {
        let mut d = Downsampler::new(0);
        for i in 0..100_000i64 {
            d.push(i * 1000, &[i as f64]);
            assert!(d.buckets.len() <= CHART_MAX_POINTS);
        }
        let pts = d.points(0);
        assert!(pts.len() >= CHART_MAX_POINTS / 2 && pts.len() <= CHART_MAX_POINTS);
        // means stay on the identity line (t in s == value)
        for (t, v) in pts {
            assert!((t / 1000.0 - v).abs() < 1e-6);
        }
    }

    #[test]
    fn display_time_formats() {
        assert_eq!(display_time("2026-11-20T08:00:00Z"), "2026-11-20 08:00");
        assert_eq!(display_time("2026-11-20T08:00:00.123+01:00"), "2026-11-20 08:00");
        assert_eq!(display_time("garbage"), "garbage");
    }
}
