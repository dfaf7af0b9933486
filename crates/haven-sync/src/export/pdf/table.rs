//! The tables of the PDF: the summary per kind on the front pages, and every observation
//! (built page by page while the rows stream in; the header row repeats on every page).

use super::layout::*;
use super::{KindAcc, PdfRow};
use printpdf::{LinePoint, Op, PaintMode, Point, Polygon, PolygonRing, Pt, WindingOrder};

pub(super) const TABLE_FS: f32 = 8.5;
pub(super) const TABLE_ROW_H: f32 = 11.5;
/// Observation table columns: (title, width in pt). Sum == CONTENT_W.
pub(super) const TABLE_COLS: [(&str, f32); 5] = [
    ("Date / time", 88.0),
    ("Kind", 84.0),
    ("Value", 100.0),
    ("Unit", 50.0),
    ("Note", CONTENT_W - 88.0 - 84.0 - 100.0 - 50.0),
];

pub(super) const SUMMARY_FS: f32 = 7.5;
pub(super) const SUMMARY_ROW_H: f32 = 12.0;
pub(super) const SUMMARY_COLS: [(&str, f32); 8] = [
    ("Kind", 80.0),
    ("Count", 36.0),
    ("First", 80.0),
    ("Last", 80.0),
    ("Min", 52.0),
    ("Max", 52.0),
    ("Mean", 66.0),
    ("Unit", CONTENT_W - 80.0 - 36.0 - 80.0 - 80.0 - 52.0 - 52.0 - 66.0),
];

// Observation table (built while streaming)

pub(super) struct TableBuilder {
    pages: Vec<Vec<Op>>,
    cur: Vec<Op>,
    rows_on_page: usize,
    rows_per_page: usize,
    first_row_y: f32,
}

impl TableBuilder {
    pub(super) fn new() -> Self {
        let first_row_y = TOP_Y - 22.0 - TABLE_ROW_H * 1.6;
        let rows_per_page = ((first_row_y - BOTTOM_Y) / TABLE_ROW_H) as usize + 1;
        Self { pages: Vec::new(), cur: Vec::new(), rows_on_page: 0, rows_per_page, first_row_y }
    }

    pub(super) fn start_page(&mut self, ctx: &Ctx) {
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

    pub(super) fn add_row(&mut self, ctx: &Ctx, row: &PdfRow) {
        if self.rows_on_page == 0 && self.cur.is_empty() {
            self.start_page(ctx);
        }
        let y = self.first_row_y - self.rows_on_page as f32 * TABLE_ROW_H;
        let when = display_time(&row.recorded_at);
        let label = row.kind.label();
        let note = row.note.as_deref().unwrap_or("");
        let cells = [
            (when.as_str(), TABLE_COLS[0].1, false),
            (label, TABLE_COLS[1].1, false),
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

    pub(super) fn finish_page(&mut self) {
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

    pub(super) fn finish(mut self) -> Vec<Vec<Op>> {
        self.finish_page();
        self.pages
    }
}

/// The "Summary" section: a row per kind (count, first and last time, min, max, mean, unit).
pub(super) fn summary(ctx: &Ctx, f: &mut Flow, kinds: &[KindAcc]) {
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
    header(f);
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
            header(f);
        }
        let mean = k.stat(|d| format!("{:.1}", k.sum[d] / k.n[d].max(1) as f64));
        let min = k.stat(|d| fmt_num(k.min[d]));
        let max = k.stat(|d| fmt_num(k.max[d]));
        let label = k.kind.label();
        let count = k.count.to_string();
        let first = display_time(&k.first_at);
        let last = display_time(&k.last_at);
        let vals = [
            label,
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
