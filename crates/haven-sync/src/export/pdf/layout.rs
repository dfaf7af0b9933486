//! Page layout for the PDF: A4 geometry, a page as a list of items (shaped text, filled and
//! stroked paths) laid out in PDF coordinates (origin bottom-left), and drawing a page with krilla
//! (whose origin is top-left: y is flipped in one place, here).

use super::fonts::Face;
use super::text::{Line, Para, Shaper};
use haven_i18n::{Arg, Dir, Lang};
use krilla::color::rgb;
use krilla::geom::{Path, PathBuilder, Point, Transform};
use krilla::num::NormalizedF32;
use krilla::paint::{Fill, FillRule, Stroke, StrokeDash};
use krilla::surface::Surface;
use krilla::text::KrillaGlyph;
use std::sync::Arc;

// Geometry (points; origin bottom-left).

pub(super) const PAGE_W: f32 = 595.2756;
pub(super) const PAGE_H: f32 = 841.8898;
pub(super) const MARGIN_X: f32 = 42.0;
pub(super) const TOP_Y: f32 = PAGE_H - 48.0;
pub(super) const BOTTOM_Y: f32 = 58.0;
pub(super) const FOOTER_Y: f32 = 30.0;
pub(super) const CONTENT_W: f32 = PAGE_W - 2.0 * MARGIN_X;

/// Space kept free inside a table cell.
pub(super) const CELL_PAD: f32 = 4.0;

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) struct Colour(u8, u8, u8);

pub(super) const fn grey(v: f32) -> Colour {
    let c = (v * 255.0) as u8;
    Colour(c, c, c)
}

pub(super) const fn rgb(r: f32, g: f32, b: f32) -> Colour {
    Colour((r * 255.0) as u8, (g * 255.0) as u8, (b * 255.0) as u8)
}

pub(super) const BLACK: Colour = grey(0.0);
pub(super) const INK: Colour = grey(0.1);
pub(super) const MUTED: Colour = grey(0.35);
pub(super) const HEADER_BAND: Colour = rgb(0.86, 0.90, 0.95);
pub(super) const ACCENT: Colour = rgb(0.10, 0.25, 0.45);

/// One thing drawn on a page.
pub(super) enum Item {
    Text {
        x: f32,
        y: f32,
        size: f32,
        colour: Colour,
        line: Arc<Line>,
    },
    Fill {
        colour: Colour,
        path: Path,
    },
    /// `dash`: on and off for this many points along the path (None: solid).
    Stroke {
        colour: Colour,
        width: f32,
        path: Path,
        dash: Option<f32>,
    },
    /// From here (true) to the next `false`, items keep their place in a right-to-left document
    /// (a chart's plot: time runs left to right, as in the app). Not drawn.
    Unmirrored(bool),
}

pub(super) type Page = Vec<Item>;

/// How a cell's text sits in its column.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Align {
    /// At the document's start: left, or right in a right-to-left document.
    Start,
    /// At the document's end (counts).
    End,
    /// At the start of the text's own direction (notes, as `dir="auto"` sets them).
    Own,
}

/// Lays text out: shapes it (once per distinct short string) and places it, and words it in the
/// document's language.
///
/// Pages are laid out left to right; a right-to-left document's are mirrored when drawn
/// ([`mirror`]). A cell's text sits at the start of its own direction, as `dir="auto"` text does.
pub(super) struct Ctx {
    pub(super) sh: Shaper,
    pub(super) lang: Lang,
}

impl Ctx {
    pub(super) fn new(lang: Lang) -> Ctx {
        Ctx { sh: Shaper::new(lang.dir() == Dir::Rtl), lang }
    }

    pub(super) fn rtl(&self) -> bool {
        self.lang.dir() == Dir::Rtl
    }

    /// A message of the catalogue in the document's language.
    pub(super) fn tr(&self, id: &str, args: &[(&str, Arg)]) -> String {
        self.lang.tr_args(id, args)
    }

    /// The width of one of the document's own texts ([`Ctx::text`]).
    pub(super) fn width(&mut self, s: &str, size: f32) -> f32 {
        self.sh.line(s, Para::Doc).width(size)
    }

    /// The width of a value (a cell's text, [`Ctx::cells`]).
    pub(super) fn own_width(&mut self, s: &str, size: f32) -> f32 {
        self.sh.line(s, Para::Own).width(size)
    }

    /// One of the document's own texts (a title, a label, the footer), in its direction.
    pub(super) fn text(&mut self, page: &mut Page, x: f32, y: f32, size: f32, colour: Colour, s: &str) {
        let line = self.sh.line(s, Para::Doc);
        page.push(Item::Text { x, y, size, colour, line });
    }

    /// One of the document's own texts cut to `max_w` (see [`Shaper::fit`]).
    pub(super) fn text_fit(&mut self, page: &mut Page, at: (f32, f32), size: f32, colour: Colour, s: &str, max_w: f32) {
        self.fit_in(page, at, (size, colour), (s, Para::Doc), max_w);
    }

    /// What someone wrote (a deployment's name), cut to `max_w`, in its own direction.
    pub(super) fn value_fit(
        &mut self,
        page: &mut Page,
        at: (f32, f32),
        size: f32,
        colour: Colour,
        s: &str,
        max_w: f32,
    ) {
        self.fit_in(page, at, (size, colour), (s, Para::Own), max_w);
    }

    fn fit_in(
        &mut self,
        page: &mut Page,
        (x, y): (f32, f32),
        (size, colour): (f32, Colour),
        (s, para): (&str, Para),
        max_w: f32,
    ) {
        let line = self.sh.fit(s, size, max_w, para);
        page.push(Item::Text { x, y, size, colour, line });
    }

    /// A row of cells: (text, column width, alignment); each cell is fitted to its column and
    /// placed by the width of its own shaped run.
    pub(super) fn cells(
        &mut self,
        page: &mut Page,
        x: f32,
        y: f32,
        size: f32,
        colour: Colour,
        cells: &[(&str, f32, Align)],
    ) {
        let mut left = x;
        for &(s, col_w, align) in cells {
            if !s.is_empty() {
                let line = self.sh.fit(s, size, col_w - 2.0 * CELL_PAD, Para::Own);
                let w = line.width(size);
                // Laid out left to right and mirrored for a right-to-left document: "right" here
                // is the document's end.
                let right = match align {
                    Align::Start => false,
                    Align::End => true,
                    Align::Own => line.rtl != self.rtl(),
                };
                let at = if right { left + col_w - 2.0 * CELL_PAD - w } else { left };
                page.push(Item::Text { x: at, y, size, colour, line });
            }
            left += col_w;
        }
    }
}

pub(super) fn rect(page: &mut Page, x: f32, y: f32, w: f32, h: f32, colour: Colour) {
    let mut pb = PathBuilder::new();
    pb.move_to(x, flip(y));
    pb.line_to(x + w, flip(y));
    pb.line_to(x + w, flip(y + h));
    pb.line_to(x, flip(y + h));
    pb.close();
    if let Some(path) = pb.finish() {
        page.push(Item::Fill { colour, path });
    }
}

/// Bands `h` high, every second one filled, across `w` from `x`, from `top` down to `bottom`
/// (the first band filled): one dashed stroke as wide as the bands. A table page's zebra
/// stripes cost one path instead of one rectangle each.
pub(super) fn bands(page: &mut Page, colour: Colour, (x, w): (f32, f32), (top, bottom): (f32, f32), h: f32) {
    let mid = x + w / 2.0;
    let mut pb = PathBuilder::new();
    pb.move_to(mid, flip(top));
    pb.line_to(mid, flip(bottom));
    if let Some(path) = pb.finish() {
        page.push(Item::Stroke { colour, width: w, path, dash: Some(h) });
    }
}

/// A y of this module (origin bottom-left) as krilla's (origin top-left), to a hundredth of a
/// point: the PDF writes every coordinate, and 99.9 is shorter than 99.900024.
pub(super) fn flip(y: f32) -> f32 {
    ((PAGE_H - y) * 100.0).round() / 100.0
}

pub(super) fn line(page: &mut Page, colour: Colour, width: f32, points: &[(f32, f32)]) {
    let mut pb = PathBuilder::new();
    for (i, &(x, y)) in points.iter().enumerate() {
        if i == 0 {
            pb.move_to(x, flip(y));
        } else {
            pb.line_to(x, flip(y));
        }
    }
    if let Some(path) = pb.finish() {
        page.push(Item::Stroke { colour, width, path, dash: None });
    }
}

fn paint(c: Colour) -> krilla::paint::Paint {
    rgb::Color::new(c.0, c.1, c.2).into()
}

fn fill(c: Colour) -> Fill {
    Fill { paint: paint(c), opacity: NormalizedF32::ONE, rule: FillRule::NonZero }
}

/// A page laid out left to right, as a right-to-left document shows it: every item at the mirror
/// image of its place (a text keeps its own reading order), except the unmirrored ones.
pub(super) fn mirror(page: &mut Page) {
    let flip_x = Transform::from_row(-1.0, 0.0, 0.0, 1.0, PAGE_W, 0.0);
    let mut keep = false;
    // (A path is transformed by value: rebuilt, not changed in place. The transform of a finite
    // path is finite, so none is lost.)
    *page = std::mem::take(page)
        .into_iter()
        .filter_map(|item| match item {
            Item::Unmirrored(on) => {
                keep = on;
                Some(item)
            }
            _ if keep => Some(item),
            Item::Text { x, y, size, colour, line } => {
                Some(Item::Text { x: PAGE_W - x - line.width(size), y, size, colour, line })
            }
            Item::Fill { colour, path } => Some(Item::Fill { colour, path: path.transform(flip_x)? }),
            Item::Stroke { colour, width, path, dash } => {
                Some(Item::Stroke { colour, width, path: path.transform(flip_x)?, dash })
            }
        })
        .collect();
}

/// Draws a laid-out page.
pub(super) fn draw(surface: &mut Surface, page: &Page) {
    let mut i = 0;
    while i < page.len() {
        match &page[i] {
            Item::Text { y, size, colour, .. } => {
                // The texts of one line (a table row's cells) are drawn as few glyph runs as
                // their faces allow: one text object per face instead of one per cell keeps the
                // content streams of a long table small.
                let same_line = |it: &Item| matches!(it, Item::Text { y: y2, size: s2, colour: c2, .. } if y2 == y && s2 == size && c2 == colour);
                let end = i + page[i..].iter().take_while(|it| same_line(it)).count();
                surface.set_stroke(None);
                surface.set_fill(Some(fill(*colour)));
                draw_line(surface, &page[i..end], *y, *size);
                i = end;
            }
            Item::Fill { colour, path } => {
                surface.set_stroke(None);
                surface.set_fill(Some(fill(*colour)));
                surface.draw_path(path);
                i += 1;
            }
            Item::Stroke { colour, width, path, dash } => {
                surface.set_fill(None);
                let dash = dash.map(|d| StrokeDash { array: vec![d, d], offset: 0.0 });
                surface.set_stroke(Some(Stroke { paint: paint(*colour), width: *width, dash, ..Stroke::default() }));
                surface.draw_path(path);
                i += 1;
            }
            Item::Unmirrored(_) => i += 1,
        }
    }
}

/// Texts on one baseline, left to right: consecutive left-to-right runs of one face become one
/// glyph run, the space between them added to the advance of the glyph before it. (Right-to-left
/// runs stay apart: their glyphs run against their text, which the PDF marks per run.)
fn draw_line(surface: &mut Surface, texts: &[Item], y: f32, size: f32) {
    /// Glyphs drawn as one run: where it starts and ends, its face, its text.
    struct Group {
        x: f32,
        end: f32,
        face: &'static Face,
        glyphs: Vec<KrillaGlyph>,
        text: String,
        rtl: bool,
    }
    let draw = |surface: &mut Surface, g: Group| {
        surface.draw_glyphs(Point::from_xy(g.x, flip(y)), &g.glyphs, g.face.pdf.clone(), &g.text, size, false);
    };
    let placed = texts.iter().flat_map(|it| {
        let Item::Text { x, line, .. } = it else { unreachable!("only texts are passed") };
        let mut at = *x;
        line.runs.iter().map(move |r| {
            let here = at;
            at += r.width_em * size;
            (here, r)
        })
    });
    let mut group: Option<Group> = None;
    for (x, run) in placed.filter(|(_, r)| !r.glyphs.is_empty()) {
        match &mut group {
            // (Only forwards: a mirrored page's cells are drawn right to left, in reading order,
            // which the text's order in the file keeps for copying and screen readers.)
            Some(g) if std::ptr::eq(g.face, run.face) && !g.rtl && !run.rtl && x >= g.end => {
                if let Some(last) = g.glyphs.last_mut() {
                    last.x_advance += (x - g.end) / size;
                }
                let offset = g.text.len();
                g.glyphs.extend(run.glyphs.iter().map(|gl| {
                    let mut gl = gl.clone();
                    gl.text_range = gl.text_range.start + offset..gl.text_range.end + offset;
                    gl
                }));
                g.text.push_str(&run.text);
                g.end = x + run.width_em * size;
            }
            _ => {
                if let Some(g) = group.take() {
                    draw(surface, g);
                }
                group = Some(Group {
                    x,
                    end: x + run.width_em * size,
                    face: run.face,
                    glyphs: run.glyphs.clone(),
                    text: run.text.to_string(),
                    rtl: run.rtl,
                });
            }
        }
    }
    if let Some(g) = group {
        draw(surface, g);
    }
}

/// The front pages as they fill: the current page and how far down it is.
pub(super) struct Flow {
    pub(super) pages: Vec<Page>,
    pub(super) y: f32,
}

impl Flow {
    pub(super) fn new() -> Flow {
        Flow { pages: vec![Vec::new()], y: TOP_Y }
    }
    pub(super) fn cur(&mut self) -> &mut Page {
        self.pages.last_mut().expect("page")
    }
    /// Starts a new page unless `h` more points fit on this one.
    pub(super) fn ensure(&mut self, h: f32) {
        if self.y - h < BOTTOM_Y {
            self.pages.push(Vec::new());
            self.y = TOP_Y;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn xs(page: &Page) -> Vec<f32> {
        page.iter()
            .filter_map(|it| match it {
                Item::Text { x, .. } => Some(*x),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn mirroring_moves_everything_to_its_mirror_image_but_an_unmirrored_plot() {
        let mut ctx = Ctx::new(Lang::Ar);
        let mut page = Page::new();
        ctx.text(&mut page, MARGIN_X, 700.0, 10.0, INK, "الملخص");
        ctx.text(&mut page, MARGIN_X, 600.0, 10.0, INK, "Zoë");
        page.push(Item::Unmirrored(true));
        ctx.text(&mut page, MARGIN_X, 500.0, 10.0, INK, "2026");
        page.push(Item::Unmirrored(false));
        let (w0, w1) = (ctx.width("الملخص", 10.0), ctx.width("Zoë", 10.0));
        mirror(&mut page);
        let got = xs(&page);
        // Texts of either direction end at the right margin; the plot's stay where they were.
        assert!((got[0] + w0 - (PAGE_W - MARGIN_X)).abs() < 0.01, "{got:?}");
        assert!((got[1] + w1 - (PAGE_W - MARGIN_X)).abs() < 0.01, "{got:?}");
        assert_eq!(got[2], MARGIN_X);
    }

    #[test]
    fn a_cell_sits_at_the_start_of_its_own_direction() {
        // Laid out left to right before mirroring: in an Arabic document an English note is put
        // at the right (the left once mirrored), Arabic text at the left (the right once mirrored).
        for (lang, text, at_right) in [
            (Lang::Ar, "before breakfast", true),
            (Lang::Ar, "قبل الإفطار", false),
            (Lang::Ar, "٧٢", false),
            (Lang::En, "قبل الإفطار", true),
            (Lang::En, "72", false),
        ] {
            let mut ctx = Ctx::new(lang);
            let mut page = Page::new();
            ctx.cells(&mut page, 0.0, 0.0, 10.0, INK, &[(text, 200.0, Align::Own)]);
            let x = xs(&page)[0];
            assert_eq!(x > 0.0, at_right, "{lang:?} {text:?} at {x}");
        }
    }
}
