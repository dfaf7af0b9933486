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

/// Whose direction a line's paragraph takes.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Para {
    /// The document's: its own sentences (titles, labels, the footer), so "Haven — …" in an
    /// Arabic document reads right to left as the catalogue's sentence does.
    Doc,
    /// Its first letter's, or the document's when it has none (as `dir="auto"` does in the app):
    /// what people wrote (names, notes) and the values of a table.
    Own,
}

/// Shapes text, remembering short strings seen before (column titles, kind labels, units and
/// the like repeat on every page), and the cut ones (a long kind name in a narrow column).
#[derive(Default)]
pub(super) struct Shaper {
    doc: HashMap<Box<str>, Arc<Line>>,
    own: HashMap<Box<str>, Arc<Line>>,
    /// Cut lines by (size, width, direction) and text.
    fitted: HashMap<(u32, u32, bool), HashMap<Box<str>, Arc<Line>>>,
    /// The document reads right to left.
    rtl: bool,
}

const CACHE_MAX: usize = 4096;
const CACHE_LEN: usize = 40;

impl Shaper {
    pub(super) fn new(rtl: bool) -> Shaper {
        Shaper { rtl, ..Shaper::default() }
    }

    pub(super) fn line(&mut self, s: &str, para: Para) -> Arc<Line> {
        let rtl = self.rtl;
        if s.len() > CACHE_LEN {
            return Arc::new(shape(s, rtl, para));
        }
        let cache = match para {
            Para::Doc => &mut self.doc,
            Para::Own => &mut self.own,
        };
        if let Some(l) = cache.get(s) {
            return l.clone();
        }
        if cache.len() >= CACHE_MAX {
            cache.clear();
        }
        let l = Arc::new(shape(s, rtl, para));
        cache.insert(s.into(), l.clone());
        l
    }

    /// `s` on one line no wider than `max_w` points at `size`: line and paragraph breaks become
    /// spaces, and text too long is cut (at a character, in reading order) and ends with "…".
    pub(super) fn fit(&mut self, s: &str, size: f32, max_w: f32, para: Para) -> Arc<Line> {
        // No glyph a note is written in is narrower than a tenth of an em (marks, which are, ride
        // on a letter): what lies beyond this many characters cannot be shown, and is not shaped.
        let most = (max_w / (size * 0.1)) as usize + 2;
        let shown = match s.char_indices().nth(most) {
            Some((i, _)) => &s[..i],
            None => s,
        };
        // (Line breaks become spaces in `shape`.)
        let whole = self.line(shown, para);
        if whole.width(size) <= max_w && shown.len() == s.len() {
            return whole;
        }
        // A short text cut once is cut the same way again (a kind's name on every row).
        let key = (size.to_bits(), max_w.to_bits(), para == Para::Doc);
        let cached = s.len() <= CACHE_LEN;
        if let Some(l) = self.fitted.get(&key).and_then(|m| m.get(s)).filter(|_| cached) {
            return l.clone();
        }
        // The longest prefix that fits with the ellipsis; widths grow with the prefix, so bisect.
        let cuts: Vec<usize> = shown.char_indices().map(|(i, _)| i).skip(1).collect();
        let rtl = self.rtl;
        let attempt = |n: usize| -> Line {
            let mut p = shown[..cuts.get(n).copied().unwrap_or(shown.len())].trim_end().to_string();
            p.push('…');
            shape(&p, rtl, para)
        };
        let (mut lo, mut hi) = (0usize, cuts.len());
        let mut best = shape("…", rtl, para);
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
        let best = Arc::new(best);
        if cached {
            let same = self.fitted.entry(key).or_default();
            if same.len() >= CACHE_MAX {
                same.clear();
            }
            same.insert(s.into(), best.clone());
        }
        best
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

/// `s` on one line in a document that reads right to left (`doc_rtl`) or not; `para` says whose
/// direction the line takes.
fn shape(s: &str, doc_rtl: bool, para: Para) -> Line {
    if s.chars().any(breaks_line) {
        let spaced: String = s.chars().map(|c| if breaks_line(c) { ' ' } else { c }).collect();
        return shape(&spaced, doc_rtl, para);
    }
    let rtl = match para {
        Para::Doc => doc_rtl,
        // From its first letter outside isolated parts; the document's when it has none.
        Para::Own => match unicode_bidi::get_base_direction(s) {
            unicode_bidi::Direction::Ltr => false,
            unicode_bidi::Direction::Rtl => true,
            unicode_bidi::Direction::Mixed => doc_rtl,
        },
    };
    // Dates and numbers (most of a table): glyphs and advances straight from the font, one
    // left-to-right run, in a right-to-left document too (a date or a number reads as one unit,
    // as an isolate does). The shaper would give the same (the faces have no kerning or
    // ligatures between these), at a tenth of the cost, and there is one per row.
    if let Some(run) = numeric_run(s) {
        let width_em = run.width_em;
        return Line { runs: vec![run], width_em, rtl };
    }
    let primary = book().primary();
    // Plain ASCII in a left-to-right line (labels, units, most names): one run in the primary face.
    if !rtl && s.bytes().all(|b| (0x20..0x7f).contains(&b)) && s.chars().all(|c| primary.has(c)) {
        let run = shape_run(primary, s, false);
        let width_em = run.width_em;
        return Line { runs: vec![run], width_em, rtl };
    }
    let level = if rtl { Level::rtl() } else { Level::ltr() };
    let info = BidiInfo::new(s, Some(level));
    let Some(para) = info.paragraphs.first() else {
        return Line { runs: Vec::new(), width_em: 0.0, rtl };
    };
    let (levels, visual) = info.visual_runs(para, para.range.clone());
    let mut runs = Vec::new();
    for range in visual {
        let level_rtl = levels[range.start].is_rtl();
        let text = &s[range.clone()];
        let drawn: std::borrow::Cow<str> = if text.chars().any(steers_direction) {
            text.chars().filter(|&c| !steers_direction(c)).collect::<String>().into()
        } else {
            text.into()
        };
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

/// `text` as one left-to-right run, when it is made only of digits (ASCII or Arabic-Indic) and
/// the punctuation of dates and numbers: ASCII straight from the primary face's table, Arabic-Indic
/// digits shaped in the first face that has them.
fn numeric_run(text: &str) -> Option<Run> {
    if text.is_empty() || !text.chars().all(fonts::is_numeric) {
        return None;
    }
    let b = book();
    if !text.is_ascii() {
        // Arabic-Indic digits: their face spaces them by its own rules, so it shapes them (one
        // run, not the bidi algorithm's seven for a date).
        let face = b.face_for('\u{0660}')?;
        return text.chars().all(|c| face.has(c)).then(|| shape_run(face, text, false));
    }
    let face = b.primary();
    let mut width = 0.0;
    let glyphs = text
        .char_indices()
        .map(|(i, c)| {
            let (g, adv) = face.numeric(c)?;
            width += adv;
            Some(KrillaGlyph::new(GlyphId::new(u32::from(g)), adv, 0.0, 0.0, 0.0, i..i + c.len_utf8(), None))
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
        for s in ["2026-11-20 08:00", "120/80", "36.8", "19,999", "0123456789 :-.,/"] {
            let fast = numeric_run(s).expect("the primary face has digits");
            let shaped = shape_run(primary, s, false);
            let ids = |r: &Run| r.glyphs.iter().map(|g| g.glyph_id).collect::<Vec<_>>();
            assert_eq!(ids(&fast), ids(&shaped), "{s}");
            assert!((fast.width_em - shaped.width_em).abs() < 1e-4, "{s}: {} vs {}", fast.width_em, shaped.width_em);
        }
    }

    #[test]
    fn an_arabic_indic_date_is_one_left_to_right_run() {
        let face = book().face_for('\u{0660}').expect("a face with Arabic-Indic digits");
        for s in ["٢٠٢٦-١١-٢٠ ٠٨:٠٠", "٣٦٫٨", "٨٬٠٠٠"] {
            let l = shape(s, true, Para::Own);
            assert_eq!(l.runs.len(), 1, "{s}");
            assert!(std::ptr::eq(l.runs[0].face, face) && !l.runs[0].rtl, "{s}");
            // Aligned as the document's text (it has no letter to say otherwise).
            assert!(l.rtl, "{s}");
            let ids: Vec<GlyphId> = l.runs[0].glyphs.iter().map(|g| g.glyph_id).collect();
            let in_order: Vec<GlyphId> =
                s.chars().map(|c| GlyphId::new(face.shaper.glyph_index(c).expect("glyph").0.into())).collect();
            assert_eq!(ids, in_order, "{s}: drawn in the order written");
        }
    }

    #[test]
    fn a_sentence_of_the_document_reads_in_its_direction() {
        // The Arabic title "Haven — تصدير": read from the right, "Haven" first, so drawn last.
        let doc = shape("Haven — تصدير", true, Para::Doc);
        assert!(doc.rtl);
        assert_eq!(doc.runs.last().map(|r| r.text.trim()), Some("Haven"));
        // What someone wrote takes its own first letter's direction.
        let own = shape("Haven — تصدير", true, Para::Own);
        assert!(!own.rtl);
        assert_eq!(own.runs.first().map(|r| r.text.trim()), Some("Haven —"));
    }

    #[test]
    fn ascii_is_one_run() {
        let l = shape("2026-11-20 08:00", false, Para::Own);
        assert_eq!(l.runs.len(), 1);
        assert!(l.width_em > 5.0);
        assert!(!l.rtl);
    }

    #[test]
    fn arabic_reads_right_to_left_and_keeps_its_text() {
        let l = shape("محمد", false, Para::Own);
        assert!(l.rtl);
        let text: String = l.runs.iter().map(|r| &*r.text).collect();
        assert_eq!(text, "محمد", "runs keep the logical text");
        // Joined forms: the shaped glyphs differ from the letters shaped one by one (isolated).
        let joined: Vec<GlyphId> = l.runs.iter().flat_map(|r| r.glyphs.iter().map(|g| g.glyph_id)).collect();
        let mut isolated: Vec<GlyphId> =
            "محمد".chars().map(|c| shape(&c.to_string(), false, Para::Own).runs[0].glyphs[0].glyph_id).collect();
        isolated.reverse(); // drawn right to left
        assert_eq!(joined.len(), isolated.len());
        assert_ne!(joined, isolated, "the letters are joined");
    }

    #[test]
    fn a_mixed_line_takes_each_script_from_a_face_that_has_it() {
        // The test command installs the Noto fonts: Latin and Greek from Noto Sans, Chinese
        // from Noto Sans CJK.
        let l = shape("Zoë 张伟 Ελένη", false, Para::Own);
        assert_eq!(faces(&l), 2, "{:?}", l.runs.iter().map(|r| &*r.text).collect::<Vec<_>>());
        assert!(l.runs.iter().all(|r| r.glyphs.iter().all(|g| g.glyph_id != GlyphId::new(0))), "no missing glyph");
    }

    #[test]
    fn a_line_without_letters_takes_the_documents_direction() {
        assert!(!shape("2026-11-20 08:00", false, Para::Own).rtl);
        assert!(shape("٢٠٢٦-١١-٢٠ ٠٨:٠٠", true, Para::Own).rtl);
        assert!(shape("120/80", true, Para::Own).rtl);
        // A letter says its own direction, whatever the document's.
        assert!(!shape("mmHg", true, Para::Own).rtl);
        assert!(shape("محمد", false, Para::Own).rtl);
    }

    #[test]
    fn the_marks_that_steer_direction_are_not_drawn() {
        // An Arabic sentence from the catalogue isolates what is put in it (U+2068 … U+2069).
        let l = shape("الصفحة \u{2068}١\u{2069} من \u{2068}٣\u{2069}", true, Para::Own);
        let text: String = l.runs.iter().map(|r| &*r.text).collect();
        assert!(!text.chars().any(steers_direction), "{text:?}");
        assert!(l.runs.iter().all(|r| r.glyphs.iter().all(|g| g.glyph_id != GlyphId::new(0))), "no missing glyph");
    }

    #[test]
    fn a_paragraph_separator_does_not_drop_the_rest() {
        let l = shape("first\u{2029}second", false, Para::Own);
        let text: String = l.runs.iter().map(|r| &*r.text).collect();
        assert_eq!(text, "first second");
    }

    #[test]
    fn fit_cuts_with_an_ellipsis() {
        let mut s = Shaper::default();
        let l = s.fit(&"word ".repeat(50), 10.0, 100.0, Para::Own);
        assert!(l.width(10.0) <= 100.0);
        let text: String = l.runs.iter().map(|r| &*r.text).collect();
        assert!(text.ends_with('…'), "{text}");
    }
}
