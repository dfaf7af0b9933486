//! Text to glyphs: bidirectional reordering (unicode-bidi), a font per run from the fallback chain,
//! and shaping (rustybuzz), so Arabic joins and reads right to left, Devanagari and Thai combine,
//! and the width of a line is the width of what is drawn.
//!
//! A [`Line`] is a list of runs in visual order, each one face and one direction; its glyphs keep
//! the byte range of the text they came from, which the PDF's ToUnicode map is built from, so
//! each word extracts as it was written (a reader orders the words of a line by where they are
//! drawn, so how a mixed-direction line reads back is up to its bidi rules).

use super::fonts::{self, book, Face};
use krilla::text::{GlyphId, KrillaGlyph};
use std::collections::HashMap;
use std::sync::Arc;
use unicode_bidi::{BidiInfo, Level};
use unicode_properties::{GeneralCategoryGroup, UnicodeGeneralCategory};

/// One face, one direction.
pub(super) struct Run {
    pub(super) face: &'static Face,
    /// The run's text, in logical order.
    pub(super) text: Box<str>,
    /// Glyphs in visual order; advances in em.
    pub(super) glyphs: Vec<KrillaGlyph>,
    pub(super) width_em: f32,
    pub(super) rtl: bool,
}

/// A shaped single line of text.
pub(super) struct Line {
    pub(super) runs: Vec<Run>,
    pub(super) width_em: f32,
    /// The paragraph reads right to left (its first strong character is RTL): align it right.
    pub(super) rtl: bool,
}

impl Line {
    pub(super) fn width(&self, size: f32) -> f32 {
        self.width_em * size
    }
}

/// Shapes text, remembering short strings seen before (column titles, kind labels, units and
/// the like repeat on every page).
#[derive(Default)]
pub(super) struct Shaper {
    cache: HashMap<Box<str>, Arc<Line>>,
    /// The document reads right to left: text without a letter of either direction (a date, a
    /// number) takes the document's direction, as `dir="auto"` text does in the app.
    rtl: bool,
}

const CACHE_MAX: usize = 4096;
const CACHE_LEN: usize = 40;

impl Shaper {
    pub(super) fn new(rtl: bool) -> Shaper {
        Shaper { cache: HashMap::new(), rtl }
    }

    pub(super) fn line(&mut self, s: &str) -> Arc<Line> {
        if s.len() > CACHE_LEN {
            return Arc::new(shape(s, self.rtl));
        }
        if let Some(l) = self.cache.get(s) {
            return l.clone();
        }
        if self.cache.len() >= CACHE_MAX {
            self.cache.clear();
        }
        let l = Arc::new(shape(s, self.rtl));
        self.cache.insert(s.into(), l.clone());
        l
    }

    /// `s` on one line no wider than `max_w` points at `size`: line and paragraph breaks become
    /// spaces, and text too long is cut (at a character, in reading order) and ends with "…".
    pub(super) fn fit(&mut self, s: &str, size: f32, max_w: f32) -> Arc<Line> {
        // No glyph a note is written in is narrower than a tenth of an em (marks, which are, ride
        // on a letter): what lies beyond this many characters cannot be shown, and is not shaped.
        let most = (max_w / (size * 0.1)) as usize + 2;
        let shown = match s.char_indices().nth(most) {
            Some((i, _)) => &s[..i],
            None => s,
        };
        // (Line breaks become spaces in `shape`.)
        let whole = self.line(shown);
        if whole.width(size) <= max_w && shown.len() == s.len() {
            return whole;
        }
        // The longest prefix that fits with the ellipsis; widths grow with the prefix, so bisect.
        let cuts: Vec<usize> = shown.char_indices().map(|(i, _)| i).skip(1).collect();
        let rtl = self.rtl;
        let attempt = |n: usize| -> Line {
            let mut p = shown[..cuts.get(n).copied().unwrap_or(shown.len())].trim_end().to_string();
            p.push('…');
            shape(&p, rtl)
        };
        let (mut lo, mut hi) = (0usize, cuts.len());
        let mut best = shape("…", rtl);
        while lo < hi {
            let mid = (lo + hi).div_ceil(2);
            let l = attempt(mid - 1);
            if l.width(size) <= max_w {
                best = l;
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        Arc::new(best)
    }
}

/// Control characters, and the line and paragraph separators (a paragraph break would end the
/// bidi paragraph, and only one line is drawn).
fn breaks_line(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}')
}

/// Characters that belong to the cluster before them: they keep its face.
fn joins_previous(c: char) -> bool {
    matches!(c.general_category_group(), GeneralCategoryGroup::Mark)
        || matches!(c, '\u{200C}' | '\u{200D}' | '\u{FE00}'..='\u{FE0F}' | '\u{E0100}'..='\u{E01EF}' | '\u{1F3FB}'..='\u{1F3FF}')
}

/// Characters of no script of their own (spaces, digits, punctuation): they stay in the face
/// of the run they are in when it has them, so a phrase is shaped as one run.
fn is_common(c: char) -> bool {
    !c.is_alphabetic() && !matches!(c.general_category_group(), GeneralCategoryGroup::Symbol)
}

/// The marks that steer the bidi algorithm (isolates, embeddings, overrides, direction marks):
/// they order the text and are not drawn (a face has no glyph for them).
fn steers_direction(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `s` on one line; `base_rtl`: the direction of a line that has no letter to say its own.
fn shape(s: &str, base_rtl: bool) -> Line {
    if s.chars().any(breaks_line) {
        return shape(&s.chars().map(|c| if breaks_line(c) { ' ' } else { c }).collect::<String>(), base_rtl);
    }
    let primary = book().primary();
    // Dates and numbers (most of a table): glyphs and advances straight from the font. The
    // shaper would give the same (the faces have no kerning or ligatures between these), at a
    // tenth of the cost, and there is one per row. (Not in a right-to-left document, where the
    // bidi algorithm orders the parts of a date.)
    if !base_rtl && !s.is_empty() && s.bytes().all(fonts::is_numeric) {
        if let Some(run) = numeric_run(primary, s) {
            let width_em = run.width_em;
            return Line { runs: vec![run], width_em, rtl: false };
        }
    }
    // Plain ASCII (dates, numbers, most labels): one left-to-right run in the primary face.
    if !base_rtl && s.bytes().all(|b| (0x20..0x7f).contains(&b)) && s.chars().all(|c| primary.has(c)) {
        let run = shape_run(primary, s, false);
        let width_em = run.width_em;
        return Line { runs: vec![run], width_em, rtl: false };
    }
    // The line's own direction from its first letter, outside isolated parts (as `dir="auto"`).
    let level = match unicode_bidi::get_base_direction(s) {
        unicode_bidi::Direction::Ltr => Level::ltr(),
        unicode_bidi::Direction::Rtl => Level::rtl(),
        unicode_bidi::Direction::Mixed if base_rtl => Level::rtl(),
        unicode_bidi::Direction::Mixed => Level::ltr(),
    };
    let info = BidiInfo::new(s, Some(level));
    let Some(para) = info.paragraphs.first() else {
        return Line { runs: Vec::new(), width_em: 0.0, rtl: level.is_rtl() };
    };
    let rtl = para.level.is_rtl();
    let (levels, visual) = info.visual_runs(para, para.range.clone());
    let mut runs = Vec::new();
    for range in visual {
        let level_rtl = levels[range.start].is_rtl();
        let drawn: String = s[range.clone()].chars().filter(|&c| !steers_direction(c)).collect();
        let mut pieces = Vec::new();
        for (face, sub) in by_face(&drawn) {
            pieces.push(shape_run(face, sub, level_rtl));
        }
        if level_rtl {
            pieces.reverse();
        }
        runs.extend(pieces);
    }
    let width_em = runs.iter().map(|r| r.width_em).sum();
    Line { runs, width_em, rtl }
}

/// Splits a run of one direction into pieces of one face each, in logical order.
fn by_face(s: &str) -> Vec<(&'static Face, &str)> {
    let b = book();
    let primary = b.primary();
    let mut out: Vec<(&'static Face, &str)> = Vec::new();
    let mut cur: Option<&'static Face> = None;
    let mut start = 0;
    for (i, c) in s.char_indices() {
        if let Some(f) = cur {
            if joins_previous(c) || (is_common(c) && f.has(c)) {
                continue;
            }
        }
        // No face has it: drawn as the primary face's "missing glyph" box, its text still extractable.
        let face = b.face_for(c).unwrap_or(primary);
        if let Some(f) = cur {
            if std::ptr::eq(f, face) {
                continue;
            }
            out.push((f, &s[start..i]));
        }
        cur = Some(face);
        start = i;
    }
    if let Some(f) = cur {
        out.push((f, &s[start..]));
    }
    out
}

fn numeric_run(face: &'static Face, text: &str) -> Option<Run> {
    let mut width = 0.0;
    let glyphs = text
        .bytes()
        .enumerate()
        .map(|(i, b)| {
            let (g, adv) = face.numeric[b as usize]?;
            width += adv;
            Some(KrillaGlyph::new(GlyphId::new(u32::from(g)), adv, 0.0, 0.0, 0.0, i..i + 1, None))
        })
        .collect::<Option<Vec<_>>>()?;
    Some(Run { face, text: text.into(), glyphs, width_em: width, rtl: false })
}

fn shape_run(face: &'static Face, text: &str, rtl: bool) -> Run {
    let mut buf = rustybuzz::UnicodeBuffer::new();
    buf.push_str(text);
    buf.set_direction(if rtl { rustybuzz::Direction::RightToLeft } else { rustybuzz::Direction::LeftToRight });
    buf.guess_segment_properties();
    let out = rustybuzz::shape(&face.shaper, &[], buf);
    let infos = out.glyph_infos();
    let positions = out.glyph_positions();
    // A glyph's text is its cluster: from its cluster start to the next larger cluster start.
    let mut starts: Vec<usize> = infos.iter().map(|g| g.cluster as usize).collect();
    starts.sort_unstable();
    starts.dedup();
    let end_of = |start: usize| -> usize {
        match starts.binary_search(&start) {
            Ok(i) => starts.get(i + 1).copied().unwrap_or(text.len()),
            Err(_) => text.len(),
        }
    };
    let k = 1.0 / face.upem;
    let mut width = 0.0;
    let glyphs = infos
        .iter()
        .zip(positions)
        .map(|(g, p)| {
            let start = g.cluster as usize;
            width += p.x_advance as f32 * k;
            KrillaGlyph::new(
                GlyphId::new(g.glyph_id),
                p.x_advance as f32 * k,
                p.x_offset as f32 * k,
                p.y_offset as f32 * k,
                p.y_advance as f32 * k,
                start..end_of(start),
                None,
            )
        })
        .collect();
    Run { face, text: text.into(), glyphs, width_em: width, rtl }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The distinct faces a line is drawn with.
    fn faces(l: &Line) -> usize {
        let mut seen: Vec<*const Face> = Vec::new();
        for r in &l.runs {
            if !seen.contains(&(r.face as *const Face)) {
                seen.push(r.face);
            }
        }
        seen.len()
    }

    #[test]
    fn numbers_take_the_same_glyphs_and_widths_as_the_shaper_gives() {
        let primary = book().primary();
        for s in ["2026-11-20 08:00", "120/80", "36.8", "0123456789 :-./"] {
            let fast = numeric_run(primary, s).expect("the primary face has digits");
            let shaped = shape_run(primary, s, false);
            let ids = |r: &Run| r.glyphs.iter().map(|g| g.glyph_id).collect::<Vec<_>>();
            assert_eq!(ids(&fast), ids(&shaped), "{s}");
            assert!((fast.width_em - shaped.width_em).abs() < 1e-4, "{s}: {} vs {}", fast.width_em, shaped.width_em);
        }
    }

    #[test]
    fn ascii_is_one_run() {
        let l = shape("2026-11-20 08:00", false);
        assert_eq!(l.runs.len(), 1);
        assert!(l.width_em > 5.0);
        assert!(!l.rtl);
    }

    #[test]
    fn arabic_reads_right_to_left_and_keeps_its_text() {
        let l = shape("محمد", false);
        assert!(l.rtl);
        let text: String = l.runs.iter().map(|r| &*r.text).collect();
        assert_eq!(text, "محمد", "runs keep the logical text");
        // Joined forms: the shaped glyphs differ from the letters shaped one by one (isolated).
        let joined: Vec<GlyphId> = l.runs.iter().flat_map(|r| r.glyphs.iter().map(|g| g.glyph_id)).collect();
        let mut isolated: Vec<GlyphId> =
            "محمد".chars().map(|c| shape(&c.to_string(), false).runs[0].glyphs[0].glyph_id).collect();
        isolated.reverse(); // drawn right to left
        assert_eq!(joined.len(), isolated.len());
        assert_ne!(joined, isolated, "the letters are joined");
    }

    #[test]
    fn a_mixed_line_takes_each_script_from_a_face_that_has_it() {
        // The test command installs the Noto fonts: Latin and Greek from Noto Sans, Chinese
        // from Noto Sans CJK.
        let l = shape("Zoë 张伟 Ελένη", false);
        assert_eq!(faces(&l), 2, "{:?}", l.runs.iter().map(|r| &*r.text).collect::<Vec<_>>());
        assert!(l.runs.iter().all(|r| r.glyphs.iter().all(|g| g.glyph_id != GlyphId::new(0))), "no missing glyph");
    }

    #[test]
    fn a_line_without_letters_takes_the_documents_direction() {
        assert!(!shape("2026-11-20 08:00", false).rtl);
        assert!(shape("٢٠٢٦-١١-٢٠ ٠٨:٠٠", true).rtl);
        assert!(shape("120/80", true).rtl);
        // A letter says its own direction, whatever the document's.
        assert!(!shape("mmHg", true).rtl);
        assert!(shape("محمد", false).rtl);
    }

    #[test]
    fn the_marks_that_steer_direction_are_not_drawn() {
        // An Arabic sentence from the catalogue isolates what is put in it (U+2068 … U+2069).
        let l = shape("الصفحة \u{2068}١\u{2069} من \u{2068}٣\u{2069}", true);
        let text: String = l.runs.iter().map(|r| &*r.text).collect();
        assert!(!text.chars().any(steers_direction), "{text:?}");
        assert!(l.runs.iter().all(|r| r.glyphs.iter().all(|g| g.glyph_id != GlyphId::new(0))), "no missing glyph");
    }

    #[test]
    fn a_paragraph_separator_does_not_drop_the_rest() {
        let l = shape("first\u{2029}second", false);
        let text: String = l.runs.iter().map(|r| &*r.text).collect();
        assert_eq!(text, "first second");
    }

    #[test]
    fn fit_cuts_with_an_ellipsis() {
        let mut s = Shaper::default();
        let l = s.fit(&"word ".repeat(50), 10.0, 100.0);
        assert!(l.width(10.0) <= 100.0);
        let text: String = l.runs.iter().map(|r| &*r.text).collect();
        assert!(text.ends_with('…'), "{text}");
    }
}
