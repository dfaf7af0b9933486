//! The tables of the PDF: the summary per kind on the front pages, and every observation (laid
//! out one page at a time as it is drawn; the header row repeats on every page).

use super::layout::*;
use super::{KindAcc, PdfRow};
use haven_i18n::Lang;

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
    ("Lowest", 52.0),
    ("Highest", 52.0),
    ("Mean", 66.0),
    ("Unit", CONTENT_W - 80.0 - 36.0 - 80.0 - 80.0 - 52.0 - 52.0 - 66.0),
];

/// The first row's baseline: 88.5 pt below the page's top, so that every row's (11.5 apart) is
/// written with at most one decimal.
const FIRST_ROW_Y: f32 = TOP_Y - 40.5;

/// Observations one table page holds (a note is cut to one line, so every row is one line).
pub(super) fn rows_per_page() -> usize {
    ((FIRST_ROW_Y - BOTTOM_Y) / TABLE_ROW_H) as usize + 1
}

/// One page of the observation table.
pub(super) fn page(ctx: &mut Ctx, rows: &[PdfRow], zone: &str) -> Page {
    let mut page = Page::with_capacity(rows.len() * 5 + 16);
    // Zebra stripes behind every second row (rows 1, 3, …), under the text.
    if rows.len() > 1 {
        // The last odd row: rows.len() - 1 when that is odd, else the one before.
        let last = if (rows.len() - 1) % 2 == 1 { rows.len() - 1 } else { rows.len() - 2 };
        let top = FIRST_ROW_Y - 3.0; // the top of row 1's stripe
        let bottom = FIRST_ROW_Y - last as f32 * TABLE_ROW_H - 3.0;
        bands(&mut page, grey(0.955), (MARGIN_X, CONTENT_W), (top, bottom), TABLE_ROW_H);
    }
    let band_y = TOP_Y - 22.0 - TABLE_ROW_H * 0.45;
    rect(&mut page, MARGIN_X, band_y - 4.0, CONTENT_W, TABLE_ROW_H + 3.0, HEADER_BAND);
    ctx.text(&mut page, MARGIN_X, TOP_Y, 12.0, BLACK, "All observations");
    let zone_note = format!("Times in {zone}");
    let w = ctx.width(&zone_note, 8.0);
    ctx.text(&mut page, MARGIN_X + CONTENT_W - w, TOP_Y, 8.0, MUTED, &zone_note);
    let hdr: Vec<(&str, f32, Align)> = TABLE_COLS.iter().map(|&(t, w)| (t, w, Align::Start)).collect();
    ctx.cells(&mut page, MARGIN_X + 2.0, band_y, TABLE_FS, BLACK, &hdr);
    for (i, row) in rows.iter().enumerate() {
        let y = FIRST_ROW_Y - i as f32 * TABLE_ROW_H;
        // Exports are in English for now.
        let kind = row.kind.name().render(Lang::En);
        let cells = [
            (row.when.as_str(), TABLE_COLS[0].1, Align::Start),
            (kind.as_str(), TABLE_COLS[1].1, Align::Start),
            (row.value.as_str(), TABLE_COLS[2].1, Align::Start),
            (row.unit.as_str(), TABLE_COLS[3].1, Align::Start),
            (row.note.as_deref().unwrap_or(""), TABLE_COLS[4].1, Align::Start),
        ];
        ctx.cells(&mut page, MARGIN_X + 2.0, y, TABLE_FS, BLACK, &cells);
    }
    page
}

/// The "Summary" section: a row per kind (count, first and last time, lowest and highest
/// reading, mean, unit).
pub(super) fn summary(ctx: &mut Ctx, f: &mut Flow, kinds: &[KindAcc]) {
    f.ensure(60.0);
    let y = f.y;
    ctx.text(f.cur(), MARGIN_X, y, 13.0, BLACK, "Summary");
    f.y -= 20.0;
    let header = |ctx: &mut Ctx, f: &mut Flow| {
        let y = f.y;
        let page = f.cur();
        rect(page, MARGIN_X, y - 4.0, CONTENT_W, SUMMARY_ROW_H + 2.0, HEADER_BAND);
        let cells: Vec<(&str, f32, Align)> = SUMMARY_COLS
            .iter()
            .enumerate()
            .map(|(i, &(t, w))| (t, w, if i == 1 { Align::Right } else { Align::Start }))
            .collect();
        ctx.cells(page, MARGIN_X + 2.0, y, SUMMARY_FS, BLACK, &cells);
        f.y -= SUMMARY_ROW_H + 2.0;
    };
    header(ctx, f);
    if kinds.is_empty() {
        let y = f.y;
        ctx.text(f.cur(), MARGIN_X + 2.0, y, SUMMARY_FS, BLACK, "No observations in this export.");
        f.y -= SUMMARY_ROW_H;
    }
    for k in kinds {
        if f.y - SUMMARY_ROW_H < BOTTOM_Y {
            f.ensure(f32::MAX);
            header(ctx, f);
        }
        let count = k.count.to_string();
        let mean = k.mean();
        let kind = k.kind.name().render(Lang::En);
        let vals = [
            kind.as_str(),
            count.as_str(),
            k.first_at.as_str(),
            k.last_at.as_str(),
            k.lowest.as_ref().map_or("–", |r| r.shown.as_str()),
            k.highest.as_ref().map_or("–", |r| r.shown.as_str()),
            mean.as_str(),
            k.unit.as_str(),
        ];
        let cells: Vec<(&str, f32, Align)> = vals
            .iter()
            .zip(SUMMARY_COLS.iter())
            .enumerate()
            .map(|(i, (v, c))| (*v, c.1, if i == 1 { Align::Right } else { Align::Start }))
            .collect();
        let y = f.y;
        let page = f.cur();
        ctx.cells(page, MARGIN_X + 2.0, y, SUMMARY_FS, BLACK, &cells);
        line(page, grey(0.85), 0.4, &[(MARGIN_X, y - 3.5), (MARGIN_X + CONTENT_W, y - 3.5)]);
        f.y -= SUMMARY_ROW_H;
    }
    if kinds.iter().any(|k| k.dims > 1) {
        f.y -= 4.0;
        let y = f.y;
        ctx.text(
            f.cur(),
            MARGIN_X + 2.0,
            y,
            SUMMARY_FS,
            MUTED,
            "Blood pressure: lowest and highest are the readings with the lowest and highest systolic value, as taken.",
        );
        f.y -= SUMMARY_ROW_H;
    }
    f.y -= 16.0;
}
