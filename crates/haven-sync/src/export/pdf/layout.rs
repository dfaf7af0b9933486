//! Page layout for the PDF: A4 geometry, the embedded font's metrics (text is fitted to the width
//! it is given), text runs, colours and shapes, and the flow of blocks down the front pages.

use printpdf::{
    Color, FontId, Line, LinePoint, Op, PaintMode, ParsedFont, PdfFontHandle, Point, Pt, Rect, Rgb, TextItem,
    TextMatrix, WindingOrder,
};

// Geometry (points; origin bottom-left).

pub(super) const PAGE_W_MM: f32 = 210.0;
pub(super) const PAGE_H_MM: f32 = 297.0;
pub(super) const PAGE_W: f32 = 595.2756;
pub(super) const PAGE_H: f32 = 841.8898;
pub(super) const MARGIN_X: f32 = 42.0;
pub(super) const TOP_Y: f32 = PAGE_H - 48.0;
pub(super) const BOTTOM_Y: f32 = 58.0;
pub(super) const FOOTER_Y: f32 = 30.0;
pub(super) const CONTENT_W: f32 = PAGE_W - 2.0 * MARGIN_X;

/// Space kept free inside a table cell.
const CELL_PAD: f32 = 4.0;

// Font metrics (widths in 1/1000 em, truncated exactly like printpdf's /W array so that
// TJ column offsets computed here line up with what viewers do).

pub(super) struct FontMetrics {
    pub(super) bmp: Vec<u16>,
    pub(super) missing: u16,
}

impl FontMetrics {
    pub(super) fn new(font: &ParsedFont) -> Self {
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
    pub(super) fn char_units(&self, c: char) -> u32 {
        let cp = c as u32;
        if cp < 0x10000 {
            self.bmp[cp as usize] as u32
        } else {
            self.missing as u32
        }
    }

    pub(super) fn units(&self, s: &str) -> u32 {
        s.chars().map(|c| self.char_units(c)).sum()
    }

    pub(super) fn width_pt(&self, s: &str, size: f32) -> f32 {
        self.units(s) as f32 * size / 1000.0
    }
}

/// Replace control characters (newlines, tabs, …) by spaces and truncate `s` with "…" so
/// that it fits into `max_w` points at font size `size`.
pub(super) fn fit(m: &FontMetrics, s: &str, size: f32, max_w: f32) -> String {
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

pub(super) struct Ctx {
    pub(super) font: FontId,
    pub(super) m: FontMetrics,
}

impl Ctx {
    pub(super) fn set_font(&self, size: f32) -> Op {
        Op::SetFont { font: PdfFontHandle::External(self.font.clone()), size: Pt(size) }
    }

    /// One `Tm` + one `TJ` laying out `cells` in columns of the given widths. Cells are
    /// truncated to their column (minus padding); column gaps are TJ kerning offsets.
    pub(super) fn row_ops(&self, ops: &mut Vec<Op>, x: f32, y: f32, size: f32, cells: &[(&str, f32, bool)]) {
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

    pub(super) fn text(&self, ops: &mut Vec<Op>, x: f32, y: f32, size: f32, s: String) {
        ops.push(Op::SetTextMatrix { matrix: TextMatrix::Translate(Pt(x), Pt(y)) });
        ops.push(self.set_font(size));
        ops.push(Op::ShowText { items: vec![TextItem::Text(s)] });
    }
}

pub(super) fn grey(v: f32) -> Color {
    Color::Rgb(Rgb::new(v, v, v, None))
}

pub(super) fn rgb(r: f32, g: f32, b: f32) -> Color {
    Color::Rgb(Rgb::new(r, g, b, None))
}

pub(super) fn rect(x: f32, y: f32, w: f32, h: f32, mode: PaintMode) -> Op {
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

pub(super) fn line(points: &[(f32, f32)]) -> Op {
    Op::DrawLine {
        line: Line {
            points: points.iter().map(|&(x, y)| LinePoint { p: Point { x: Pt(x), y: Pt(y) }, bezier: false }).collect(),
            is_closed: false,
        },
    }
}

// Front pages: header, summary table, charts

pub(super) struct Flow {
    pub(super) pages: Vec<Vec<Op>>,
    pub(super) y: f32,
}

impl Flow {
    pub(super) fn cur(&mut self) -> &mut Vec<Op> {
        self.pages.last_mut().expect("page")
    }
    pub(super) fn ensure(&mut self, h: f32) {
        if self.y - h < BOTTOM_Y {
            self.pages.push(Vec::new());
            self.y = TOP_Y;
        }
    }
}

/// "2026-11-20T08:00:00Z" -> "2026-11-20 08:00"; anything else is shown as given.
pub(super) fn display_time(s: &str) -> String {
    let b = s.as_bytes();
    if b.len() >= 16 && (b[10] == b'T' || b[10] == b't' || b[10] == b' ') && b[13] == b':' {
        if let (Some(d), Some(t)) = (s.get(..10), s.get(11..16)) {
            return format!("{d} {t}");
        }
    }
    s.to_string()
}

pub(super) fn fmt_num(v: f64) -> String {
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
mod tests {
    use super::*;

    #[test]
    fn display_time_formats() {
        assert_eq!(display_time("2026-11-20T08:00:00Z"), "2026-11-20 08:00");
        assert_eq!(display_time("2026-11-20T08:00:00.123+01:00"), "2026-11-20 08:00");
        assert_eq!(display_time("garbage"), "garbage");
    }
}
