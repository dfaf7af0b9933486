//! The tables of the PDF: the summary per kind on the front pages, and every observation (laid
//! out one page at a time as it is drawn; the header row repeats on every page).

use super::layout::*;
use super::{KindAcc, PdfRow};
use haven_api::Kind;
use haven_i18n::{msg, Arg, Msg};

pub(super) const TABLE_FS: f32 = 8.5;
pub(super) const TABLE_ROW_H: f32 = 11.5;
/// Observation table columns' widths in pt (sum == CONTENT_W): the kind's column as wide as the
/// longest kind's name in the document's language (up to 130 pt), taken from the note's.
fn table_widths(ctx: &mut Ctx) -> [f32; 5] {
    let kind = kind_column(ctx, TABLE_FS, 84.0, 130.0);
    [88.0, kind, 100.0, 50.0, CONTENT_W - 88.0 - kind - 100.0 - 50.0]
}

/// A kind column's width: the longest kind's name at `size` with the cell's padding, at least
/// `least` and at most `most`.
fn kind_column(ctx: &mut Ctx, size: f32, least: f32, most: f32) -> f32 {
    let lang = ctx.lang;
    let widest = Kind::ALL.iter().map(|k| ctx.own_width(&k.name().render(lang), size)).fold(0.0, f32::max);
    (widest + 2.0 * CELL_PAD + 1.0).clamp(least, most)
}

fn table_titles() -> [Msg; 5] {
    [
        msg!("exports-pdf-column-when"),
        msg!("exports-pdf-column-kind"),
        msg!("exports-pdf-column-value"),
        msg!("exports-pdf-column-unit"),
        msg!("exports-pdf-column-note"),
    ]
}

pub(super) const SUMMARY_FS: f32 = 7.5;
pub(super) const SUMMARY_ROW_H: f32 = 12.0;
/// Summary table columns' widths in pt (sum == CONTENT_W): the kind's column as wide as its
/// longest name (up to 110 pt), taken from the unit's column and then the mean's.
fn summary_widths(ctx: &mut Ctx) -> [f32; 8] {
    let kind = kind_column(ctx, SUMMARY_FS, 80.0, 110.0);
    let extra = kind - 80.0;
    let from_unit = extra.min(20.0);
    let unit = CONTENT_W - 446.0 - from_unit;
    [kind, 36.0, 80.0, 80.0, 52.0, 52.0, 66.0 - (extra - from_unit), unit]
}

fn summary_titles() -> [Msg; 8] {
    [
        msg!("exports-pdf-column-kind"),
        msg!("exports-pdf-column-count"),
        msg!("exports-pdf-column-first"),
        msg!("exports-pdf-column-last"),
        msg!("exports-pdf-column-lowest"),
        msg!("exports-pdf-column-highest"),
        msg!("exports-pdf-column-mean"),
        msg!("exports-pdf-column-unit"),
    ]
}

/// Column titles in the document's language, with their widths and alignments.
fn titles(ctx: &Ctx, titles: &[Msg], widths: &[f32], align: impl Fn(usize) -> Align) -> Vec<(String, f32, Align)> {
    titles.iter().zip(widths).enumerate().map(|(i, (t, &w))| (t.render(ctx.lang), w, align(i))).collect()
}

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
    let heading = ctx.tr("exports-pdf-all-observations", &[]);
    ctx.text(&mut page, MARGIN_X, TOP_Y, 12.0, BLACK, &heading);
    let zone_note = ctx.tr("exports-pdf-times-in", &[("zone", Arg::Str(zone.to_owned()))]);
    let w = ctx.width(&zone_note, 8.0);
    ctx.text(&mut page, MARGIN_X + CONTENT_W - w, TOP_Y, 8.0, MUTED, &zone_note);
    let widths = table_widths(ctx);
    let hdr = titles(ctx, &table_titles(), &widths, |_| Align::Start);
    let hdr: Vec<(&str, f32, Align)> = hdr.iter().map(|(t, w, a)| (t.as_str(), *w, *a)).collect();
    ctx.cells(&mut page, MARGIN_X + 2.0, band_y, TABLE_FS, BLACK, &hdr);
    let kinds: Vec<(Kind, String)> = Kind::ALL.iter().map(|k| (*k, k.name().render(ctx.lang))).collect();
    for (i, row) in rows.iter().enumerate() {
        let y = FIRST_ROW_Y - i as f32 * TABLE_ROW_H;
        let kind = kinds.iter().find(|(k, _)| *k == row.kind).map_or("", |(_, name)| name.as_str());
        let cells = [
            (row.when.as_str(), widths[0], Align::Start),
            (kind, widths[1], Align::Start),
            (row.value.as_str(), widths[2], Align::Start),
            (row.unit.as_str(), widths[3], Align::Start),
            (row.note.as_deref().unwrap_or(""), widths[4], Align::Own),
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
    let heading = ctx.tr("exports-pdf-summary", &[]);
    ctx.text(f.cur(), MARGIN_X, y, 13.0, BLACK, &heading);
    f.y -= 20.0;
    let align = |i: usize| if i == 1 { Align::End } else { Align::Start };
    let widths = summary_widths(ctx);
    let titles = titles(ctx, &summary_titles(), &widths, align);
    let header = |ctx: &mut Ctx, f: &mut Flow| {
        let y = f.y;
        let page = f.cur();
        rect(page, MARGIN_X, y - 4.0, CONTENT_W, SUMMARY_ROW_H + 2.0, HEADER_BAND);
        let cells: Vec<(&str, f32, Align)> = titles.iter().map(|(t, w, a)| (t.as_str(), *w, *a)).collect();
        ctx.cells(page, MARGIN_X + 2.0, y, SUMMARY_FS, BLACK, &cells);
        f.y -= SUMMARY_ROW_H + 2.0;
    };
    header(ctx, f);
    if kinds.is_empty() {
        let y = f.y;
        let none = ctx.tr("exports-pdf-none", &[]);
        ctx.text(f.cur(), MARGIN_X + 2.0, y, SUMMARY_FS, BLACK, &none);
        f.y -= SUMMARY_ROW_H;
    }
    for k in kinds {
        if f.y - SUMMARY_ROW_H < BOTTOM_Y {
            f.ensure(f32::MAX);
            header(ctx, f);
        }
        let count = ctx.lang.number(k.count as f64, 0);
        let mean = k.mean(ctx.lang);
        let kind = k.kind.name().render(ctx.lang);
        let lowest = k.lowest.as_ref().map_or_else(|| "–".into(), |r| r.shown(ctx.lang));
        let highest = k.highest.as_ref().map_or_else(|| "–".into(), |r| r.shown(ctx.lang));
        let vals = [
            kind.as_str(),
            count.as_str(),
            k.first_at.as_str(),
            k.last_at.as_str(),
            lowest.as_str(),
            highest.as_str(),
            mean.as_str(),
            k.unit.as_str(),
        ];
        let cells: Vec<(&str, f32, Align)> =
            vals.iter().zip(widths).enumerate().map(|(i, (v, w))| (*v, w, align(i))).collect();
        let y = f.y;
        let page = f.cur();
        ctx.cells(page, MARGIN_X + 2.0, y, SUMMARY_FS, BLACK, &cells);
        line(page, grey(0.85), 0.4, &[(MARGIN_X, y - 3.5), (MARGIN_X + CONTENT_W, y - 3.5)]);
        f.y -= SUMMARY_ROW_H;
    }
    if kinds.iter().any(|k| k.dims > 1) {
        f.y -= 4.0;
        let y = f.y;
        let note = ctx.tr("exports-pdf-blood-pressure-note", &[]);
        ctx.text_fit(f.cur(), (MARGIN_X + 2.0, y), SUMMARY_FS, MUTED, &note, CONTENT_W - 4.0);
        f.y -= SUMMARY_ROW_H;
    }
    f.y -= 16.0;
}
