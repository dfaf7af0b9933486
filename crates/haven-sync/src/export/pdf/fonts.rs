//! The fonts the PDF draws with: a fallback chain over the fonts installed on the machine, so a
//! name or note in any script a patient writes finds a face that has its glyphs.
//!
//! The chain is the Noto families Debian ships (`fonts-noto-core`, `fonts-noto-cjk`) plus
//! Symbola (`fonts-symbola`, monochrome emoji), found by file name under the font directories
//! (`HAVEN_FONT_DIRS`, colon-separated, or the system's). DejaVu Sans is compiled in as the face
//! of last resort, so a machine without those packages still renders Latin, Greek, Cyrillic,
//! Hebrew and basic Arabic. A character none of them has is looked up in every other font file
//! of those directories (indexed once, on first need; regular faces before bold or italic ones).
//! Licences: README's "Data downloads: fonts, time zones, CSV".
//!
//! Faces are loaded on first use and kept for the life of the process (the service renders many
//! exports; the CJK collection is 20 MB and read once, not per export). At most
//! [`MAX_OTHER_FACES`] faces outside the chain are kept, so notes that touch every script cannot
//! make the service hold every font file. Each PDF embeds only a subset of the glyphs it draws
//! (krilla subsets on save).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

/// One loaded face: the shaper's view and the PDF writer's view of the same bytes.
pub(super) struct Face {
    pub(super) shaper: rustybuzz::Face<'static>,
    pub(super) pdf: krilla::text::Font,
    pub(super) upem: f32,
    /// Glyph and advance (em) of the digits and the punctuation of dates and numbers
    /// (`0-9 : - . , / space`), for text made of nothing else (see `text::shape`).
    numeric: [Option<(u16, f32)>; 128],
}

/// The characters of numbers and dates (the Arabic-Indic digits and separators `٠-٩ ٫ ٬` too).
pub(super) fn is_numeric(c: char) -> bool {
    // (Not U+066A, the Arabic percent sign: the bidi algorithm sets it before its number.)
    c.is_ascii_digit()
        || matches!(c, ' ' | ':' | '-' | '.' | ',' | '/' | '\u{0660}'..='\u{0669}' | '\u{066B}' | '\u{066C}')
}

impl Face {
    fn load(data: &'static [u8], index: u32) -> Option<Face> {
        let shaper = rustybuzz::Face::from_slice(data, index)?;
        let pdf = krilla::text::Font::new(krilla::Data::from(data), index)?;
        let upem = shaper.units_per_em().max(1) as f32;
        let mut numeric = [None; 128];
        for c in (0u8..128).map(char::from).filter(|&c| is_numeric(c)) {
            numeric[c as usize] =
                shaper.glyph_index(c).map(|g| (g.0, shaper.glyph_hor_advance(g).unwrap_or(0) as f32 / upem));
        }
        Some(Face { shaper, pdf, upem, numeric })
    }

    /// The glyph and advance (em) of an ASCII character of numbers and dates, when this face
    /// has it.
    pub(super) fn numeric(&self, c: char) -> Option<(u16, f32)> {
        *self.numeric.get(c as usize)?
    }

    pub(super) fn has(&self, c: char) -> bool {
        self.shaper.glyph_index(c).is_some()
    }
}

static DEJAVU: &[u8] = include_bytes!("../../../assets/DejaVuSans.ttf");

/// The preferred chain, in order: (file name, face index in a collection). The CJK collection's
/// face 2 is Simplified Chinese; its kana and Hangul serve Japanese and Korean as well.
const PREFERRED: &[(&str, u32)] = &[
    ("NotoSans-Regular.ttf", 0),
    ("NotoSansArabic-Regular.ttf", 0),
    ("NotoSansHebrew-Regular.ttf", 0),
    ("NotoSansDevanagari-Regular.ttf", 0),
    ("NotoSansThai-Regular.ttf", 0),
    ("NotoSansCJK-Regular.ttc", 2),
    ("NotoSansSymbols-Regular.ttf", 0),
    ("NotoSansSymbols2-Regular.ttf", 0),
    ("Symbola_hint.ttf", 0),
    ("Symbola.ttf", 0),
];

struct Slot {
    source: Source,
    face: OnceLock<Option<&'static Face>>,
}

enum Source {
    File(PathBuf, u32),
    Embedded,
}

impl Slot {
    fn face(&self) -> Option<&'static Face> {
        *self.face.get_or_init(|| {
            let (data, index): (&'static [u8], u32) = match &self.source {
                Source::Embedded => (DEJAVU, 0),
                Source::File(path, index) => match std::fs::read(path) {
                    // Leaked on purpose: a face is loaded once per process and the shaper
                    // borrows its bytes for as long as the process renders PDFs.
                    Ok(bytes) => (Box::leak(bytes.into_boxed_slice()), *index),
                    Err(e) => {
                        tracing::warn!(path = %path.display(), error = %e, "cannot read a PDF font");
                        return None;
                    }
                },
            };
            let face = Face::load(data, index);
            if face.is_none() {
                tracing::warn!(source = %self.describe(), "cannot parse a PDF font");
            }
            face.map(|f| &*Box::leak(Box::new(f)))
        })
    }

    fn describe(&self) -> String {
        match &self.source {
            Source::File(p, i) => format!("{}#{i}", p.display()),
            Source::Embedded => "embedded DejaVu Sans".into(),
        }
    }
}

/// Every font of the chain, loaded on demand.
pub(super) struct Book {
    chain: Vec<Slot>,
    /// Font files outside the chain, searched for characters the chain lacks.
    others: Vec<PathBuf>,
    /// Character → (file, face index) over `others`; built on first need.
    others_index: OnceLock<HashMap<u32, (usize, u32)>>,
    others_loaded: Mutex<HashMap<(usize, u32), Option<&'static Face>>>,
}

/// The process's font book.
pub(super) fn book() -> &'static Book {
    static BOOK: OnceLock<Book> = OnceLock::new();
    BOOK.get_or_init(|| Book::new(&font_dirs()))
}

fn font_dirs() -> Vec<PathBuf> {
    match std::env::var_os("HAVEN_FONT_DIRS") {
        Some(v) => std::env::split_paths(&v).collect(),
        None => {
            let mut dirs = vec![PathBuf::from("/usr/share/fonts"), PathBuf::from("/usr/local/share/fonts")];
            if let Some(home) = std::env::var_os("HOME") {
                dirs.push(Path::new(&home).join(".local/share/fonts"));
            }
            dirs
        }
    }
}

/// Faces outside the chain kept at once (each is a font file held in memory).
const MAX_OTHER_FACES: usize = 16;

/// Font files under `dir`. Symbolic links to directories are not followed (a loop would never
/// end), and the walk stops 8 levels down.
fn font_files(dir: &Path, depth: u32, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let p = e.path();
        match e.file_type() {
            Ok(t) if t.is_dir() && depth < 8 => font_files(&p, depth + 1, out),
            Ok(t) if !t.is_dir() => {
                let font = p.extension().and_then(|x| x.to_str()).is_some_and(|x| {
                    x.eq_ignore_ascii_case("ttf") || x.eq_ignore_ascii_case("otf") || x.eq_ignore_ascii_case("ttc")
                });
                if font {
                    out.push(p);
                }
            }
            _ => {}
        }
    }
}

/// Regular faces first: a script's fallback should not be drawn bold or italic because its bold
/// file sorts first.
fn regular_first(p: &Path) -> (bool, PathBuf) {
    let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    (!name.contains("Regular"), p.to_path_buf())
}

impl Book {
    fn new(dirs: &[PathBuf]) -> Book {
        let mut files = Vec::new();
        for d in dirs {
            font_files(d, 0, &mut files);
        }
        files.sort_by_key(|p| regular_first(p));
        let by_name = |name: &str| files.iter().find(|p| p.file_name().is_some_and(|f| f == name)).cloned();
        let mut chain: Vec<Slot> = PREFERRED
            .iter()
            .filter_map(|&(name, index)| {
                by_name(name).map(|p| Slot { source: Source::File(p, index), face: OnceLock::new() })
            })
            .collect();
        chain.push(Slot { source: Source::Embedded, face: OnceLock::new() });
        let chosen: Vec<PathBuf> = chain
            .iter()
            .filter_map(|s| match &s.source {
                Source::File(p, _) => Some(p.clone()),
                Source::Embedded => None,
            })
            .collect();
        let others = files.into_iter().filter(|p| !chosen.contains(p)).collect();
        Book { chain, others, others_index: OnceLock::new(), others_loaded: Mutex::new(HashMap::new()) }
    }

    /// The face text starts in when nothing else decides: the chain's first.
    pub(super) fn primary(&self) -> &'static Face {
        self.chain.iter().find_map(Slot::face).expect("the embedded font always loads")
    }

    /// The first face that has `c`, or None when no font on this machine has it.
    pub(super) fn face_for(&self, c: char) -> Option<&'static Face> {
        for slot in &self.chain {
            if let Some(f) = slot.face() {
                if f.has(c) {
                    return Some(f);
                }
            }
        }
        let &(file, index) = self.others_index.get_or_init(|| self.index_others()).get(&(c as u32))?;
        let mut loaded = self.others_loaded.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(face) = loaded.get(&(file, index)) {
            return *face;
        }
        if loaded.len() >= MAX_OTHER_FACES {
            tracing::warn!(char = %c.escape_unicode(), "no more fallback fonts are loaded; drawn as a missing glyph");
            return None;
        }
        let face = Slot { source: Source::File(self.others[file].clone(), index), face: OnceLock::new() }.face();
        loaded.insert((file, index), face);
        face
    }

    /// Which other font file covers each character (the first in path order). Reads every file
    /// once; the bytes are dropped, only the map stays.
    fn index_others(&self) -> HashMap<u32, (usize, u32)> {
        let started = std::time::Instant::now();
        let mut map = HashMap::new();
        for (i, path) in self.others.iter().enumerate() {
            let Ok(bytes) = std::fs::read(path) else { continue };
            let n = ttf_faces(&bytes);
            for index in 0..n {
                let Ok(face) = rustybuzz::ttf_parser::Face::parse(&bytes, index) else { continue };
                let Some(cmap) = face.tables().cmap else { continue };
                for sub in cmap.subtables.into_iter().filter(|s| s.is_unicode()) {
                    sub.codepoints(|cp| {
                        map.entry(cp).or_insert((i, index));
                    });
                }
            }
        }
        tracing::info!(
            files = self.others.len(),
            chars = map.len(),
            ms = started.elapsed().as_millis() as u64,
            "indexed fallback fonts"
        );
        map
    }
}

fn ttf_faces(bytes: &[u8]) -> u32 {
    rustybuzz::ttf_parser::fonts_in_collection(bytes).unwrap_or(1)
}
