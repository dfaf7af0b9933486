//! Haven's words: one Fluent message catalogue per language (`locales/<lang>/<area>.ftl`, compiled
//! in), the languages themselves ([`Lang`]: English, Spanish, Arabic) and how each writes numbers
//! and dates. Used by the UI (wasm32), the shell and the app core, and the service, which answers
//! in the language the app asks for (`Accept-Language`).
//!
//! A sentence is named by its message id and built where it is needed: [`tr!`] for text shown
//! now in the app's language, [`msg!`] for a [`Msg`] rendered later in a language the caller picks
//! (the service renders its errors in each request's language). Every id is a literal at its call
//! site, so a test can check each one against the catalogue, and each catalogue against English.
//!
//! Numbers are written as each language does (CLDR): `1,234.5`, `1234,5` / `12.345,5`, and Arabic
//! with Arabic-Indic digits `١٬٢٣٤٫٥`; fields accept any of them ([`ascii_digits`]). Three
//! languages' rules are a few lines each here; ICU4X's compiled data would add far more to the
//! webview's download than the whole catalogue.

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use serde::{Deserialize, Serialize};
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::OnceLock;

/// A language Haven speaks. Serialized as its BCP 47 code (`"en"`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    En,
    Es,
    Ar,
}

/// Which way a language's text runs, as HTML's `dir` names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dir {
    Ltr,
    Rtl,
}

impl Dir {
    pub fn as_str(self) -> &'static str {
        match self {
            Dir::Ltr => "ltr",
            Dir::Rtl => "rtl",
        }
    }
}

impl Lang {
    /// In the order the language picker lists them.
    pub const ALL: [Lang; 3] = [Lang::En, Lang::Es, Lang::Ar];

    /// The BCP 47 code (`lang` attribute, `Accept-Language`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Es => "es",
            Lang::Ar => "ar",
        }
    }

    /// The language's name in itself, as a picker shows it (whatever the app's language is).
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Es => "Español",
            Lang::Ar => "العربية",
        }
    }

    pub fn dir(self) -> Dir {
        match self {
            Lang::Ar => Dir::Rtl,
            Lang::En | Lang::Es => Dir::Ltr,
        }
    }

    /// The language of a locale or language tag, in any of the forms systems write them:
    /// `es`, `es-MX`, `ar_EG.UTF-8`, `en_GB@euro`. `C`, `POSIX` and languages Haven does not speak
    /// answer `None`.
    pub fn from_locale(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_', '.', '@']).next().unwrap_or("");
        Lang::ALL.into_iter().find(|l| l.code().eq_ignore_ascii_case(primary))
    }

    /// The first of the system's preferred languages that Haven speaks (`LANGUAGE`, `LC_ALL`,
    /// `LC_MESSAGES`, `LANG` on Linux; the OS's list on phones, macOS and Windows).
    #[cfg(feature = "system")]
    pub fn system() -> Option<Lang> {
        sys_locale::get_locales().find_map(|l| Lang::from_locale(&l))
    }

    /// The best of an `Accept-Language` header's languages that Haven speaks (highest `q`
    /// first, the header's order among equals); `*` stands for English unless English is named.
    /// English when none is, or the header cannot be read.
    pub fn negotiate(accept_language: &str) -> Lang {
        let english_named =
            accept_language.split(',').any(|i| Lang::from_locale(i.split(';').next().unwrap_or("")) == Some(Lang::En));
        let mut best: Option<(f32, Lang)> = None;
        for item in accept_language.split(',') {
            let mut parts = item.split(';');
            let tag = parts.next().unwrap_or("").trim();
            let q = parts
                .find_map(|p| {
                    let (k, v) = p.split_once('=')?;
                    k.trim().eq_ignore_ascii_case("q").then(|| v.trim())
                })
                .map_or(Some(1.0), |q| q.parse::<f32>().ok())
                .filter(|q| q.is_finite() && *q > 0.0)
                .map(|q| q.min(1.0));
            let lang = match tag {
                "*" if !english_named => Some(Lang::En),
                _ => Lang::from_locale(tag),
            };
            if let (Some(q), Some(lang)) = (q, lang) {
                if best.is_none_or(|(b, _)| q > b) {
                    best = Some((q, lang));
                }
            }
        }
        best.map_or(Lang::En, |(_, l)| l)
    }

    /// The message `id` in this language, without arguments.
    pub fn tr(self, id: &str) -> String {
        self.tr_args(id, &[])
    }

    /// The message `id` in this language with its arguments. A message missing from this
    /// language falls back to English, and one missing from English shows its id (the catalogue
    /// test makes both impossible in a build that passed).
    pub fn tr_args(self, id: &str, args: &[(&str, Arg)]) -> String {
        let fargs = (!args.is_empty()).then(|| {
            let mut a = FluentArgs::with_capacity(args.len());
            for (k, v) in args {
                a.set(*k, v.to_fluent());
            }
            a
        });
        for lang in [self, Lang::En] {
            let bundle = &bundles()[lang as usize];
            if let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) {
                let mut errors = Vec::new();
                return bundle.format_pattern(pattern, fargs.as_ref(), &mut errors).into_owned();
            }
        }
        id.to_owned()
    }

    /// A number as this language writes it, with at most `max_fraction` decimals (trailing zeros
    /// dropped): `1,234.5`, `12.345,5`, `١٢٬٣٤٥٫٥`.
    pub fn number(self, v: f64, max_fraction: usize) -> String {
        self.number_with(v, 0, max_fraction)
    }

    /// A recorded number with every decimal it was recorded with (`36.85`, `36,85`, `٣٦٫٨٥`):
    /// what a person wrote down is shown as written, never rounded.
    pub fn exact(self, v: f64) -> String {
        let decimals = v.to_string().split_once('.').map_or(0, |(_, f)| f.len());
        self.number(v, decimals)
    }

    fn number_with(self, v: f64, min_fraction: usize, max_fraction: usize) -> String {
        if !v.is_finite() {
            return v.to_string();
        }
        let max_fraction = max_fraction.max(min_fraction);
        let fixed = format!("{:.*}", max_fraction, v.abs());
        let (int, frac) = fixed.split_once('.').unwrap_or((&fixed, ""));
        let mut frac = frac.trim_end_matches('0').to_owned();
        while frac.len() < min_fraction {
            frac.push('0');
        }
        let (decimal, group, min_grouping) = match self {
            Lang::En => ('.', ',', 1),
            Lang::Es => (',', '.', 2),
            Lang::Ar => ('٫', '٬', 1),
        };
        // Grouped in threes, once the number has `3 + min_grouping` digits or more (CLDR's
        // minimumGroupingDigits: Spanish writes 1234 but 12.345).
        let mut out = String::new();
        if v < 0.0 && (int.bytes().any(|b| b != b'0') || !frac.is_empty()) {
            out.push_str(if self == Lang::Ar { "\u{061C}-" } else { "-" });
        }
        let grouped = int.len() >= 3 + min_grouping;
        for (i, c) in int.chars().enumerate() {
            if grouped && i > 0 && (int.len() - i) % 3 == 0 {
                out.push(group);
            }
            out.push(c);
        }
        if !frac.is_empty() {
            out.push(decimal);
            out.push_str(&frac);
        }
        self.digits(&out)
    }

    /// `s` with its ASCII digits written in this language's digits (Arabic-Indic for Arabic):
    /// for what is not a quantity (a year, a time of day, a code).
    pub fn digits(self, s: &str) -> String {
        match self {
            Lang::Ar => s
                .chars()
                .map(|c| match c.to_digit(10) {
                    Some(d) if c.is_ascii_digit() => char::from_u32(0x0660 + d).unwrap_or(c),
                    _ => c,
                })
                .collect(),
            Lang::En | Lang::Es => s.to_owned(),
        }
    }

    /// As [`Lang::digits`], taking the text: a language that writes ASCII digits hands it back
    /// without a copy (a PDF writes one date a row).
    pub fn into_digits(self, s: String) -> String {
        match self {
            Lang::Ar => self.digits(&s),
            Lang::En | Lang::Es => s,
        }
    }

    /// A date and time of day as this language writes it: `29 Nov 2026, 14:05`,
    /// `29 nov 2026, 14:05`, `٢٩ نوفمبر ٢٠٢٦، ١٤:٠٥`. `month` is 1–12.
    pub fn date_time(self, year: i32, month: u32, day: u32, hour: u32, minute: u32) -> String {
        self.tr_args(
            "format-date-time",
            &[
                ("date", Arg::Str(self.date(year, month, day))),
                ("time", Arg::Str(self.digits(&format!("{hour:02}:{minute:02}")))),
            ],
        )
    }

    /// A date as this language writes it: `29 Nov 2026`.
    pub fn date(self, year: i32, month: u32, day: u32) -> String {
        self.tr_args(
            "format-date",
            &[
                ("day", Arg::Str(self.digits(&day.to_string()))),
                ("month", Arg::Str(self.month(month))),
                ("year", Arg::Str(self.digits(&year.to_string()))),
            ],
        )
    }

    fn month(self, month: u32) -> String {
        self.tr(match month {
            1 => "format-month-1",
            2 => "format-month-2",
            3 => "format-month-3",
            4 => "format-month-4",
            5 => "format-month-5",
            6 => "format-month-6",
            7 => "format-month-7",
            8 => "format-month-8",
            9 => "format-month-9",
            10 => "format-month-10",
            11 => "format-month-11",
            _ => "format-month-12",
        })
    }
}

/// `s` with the digits of any language Haven speaks made ASCII (`٣٦` → `36`, `۳۶` → `36`) and
/// Arabic's separators made their ASCII look-alikes: the decimal `٫` a point, the thousands `٬`
/// and the comma `،` a comma — so a field treats them as it treats a comma, never drops them (the
/// two Arabic separators look almost the same, and `٤٬٥` meant as 4.5 must not become 45).
pub fn ascii_digits(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{0660}'..='\u{0669}' => char::from(b'0' + (c as u32 - 0x0660) as u8),
            '\u{06F0}'..='\u{06F9}' => char::from(b'0' + (c as u32 - 0x06F0) as u8),
            '٫' => '.',
            '٬' | '،' => ',',
            _ => c,
        })
        .collect()
}

/// A message argument: text, or a number (which the message may choose a plural form by, and
/// which is written as the language writes numbers).
#[derive(Clone, Debug, PartialEq)]
pub enum Arg {
    Str(String),
    Num(f64),
}

impl Arg {
    fn to_fluent(&self) -> FluentValue<'_> {
        match self {
            Arg::Str(s) => FluentValue::from(s.as_str()),
            Arg::Num(n) => FluentValue::from(*n),
        }
    }
}

impl From<&str> for Arg {
    fn from(s: &str) -> Arg {
        Arg::Str(s.to_owned())
    }
}
impl From<String> for Arg {
    fn from(s: String) -> Arg {
        Arg::Str(s)
    }
}
impl From<&String> for Arg {
    fn from(s: &String) -> Arg {
        Arg::Str(s.clone())
    }
}
macro_rules! numeric_arg {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg {
            fn from(n: $t) -> Arg {
                Arg::Num(n as f64)
            }
        }
    )*};
}
numeric_arg!(f64, f32, i64, u64, i32, u32, usize, u16, u8);

/// A sentence not yet in a language: its message id and arguments. Rendered by whoever knows
/// the reader's language (the service: the request's; the app: its own).
#[derive(Clone, Debug, PartialEq)]
pub struct Msg {
    pub id: &'static str,
    pub args: Vec<(&'static str, Arg)>,
}

impl Msg {
    pub fn render(&self, lang: Lang) -> String {
        let args: Vec<(&str, Arg)> = self.args.iter().map(|(k, v)| (*k, v.clone())).collect();
        lang.tr_args(self.id, &args)
    }

    /// In the app's language ([`app`]).
    pub fn text(&self) -> String {
        self.render(app())
    }
}

/// A [`Msg`]: `msg!("health-chart-count", count = 12)`.
#[macro_export]
macro_rules! msg {
    ($id:literal $(, $k:ident = $v:expr)* $(,)?) => {
        $crate::Msg { id: $id, args: vec![$((stringify!($k), $crate::Arg::from($v))),*] }
    };
}

/// A message in the app's language, now: `tr!("sign-in-title")`, `tr!("health-waiting", count = 3)`.
#[macro_export]
macro_rules! tr {
    ($id:literal $(, $k:ident = $v:expr)* $(,)?) => {
        $crate::msg!($id $(, $k = $v)*).text()
    };
}

static APP: AtomicU8 = AtomicU8::new(Lang::En as u8);

/// The app's language: one per app (the person's choice, or the system's), set by the shell at
/// start and by the UI when it hears it. The service never uses it.
pub fn app() -> Lang {
    match APP.load(Ordering::Relaxed) {
        1 => Lang::Es,
        2 => Lang::Ar,
        _ => Lang::En,
    }
}

pub fn set_app(lang: Lang) {
    APP.store(lang as u8, Ordering::Relaxed);
}

macro_rules! catalogue {
    ($($area:literal),* $(,)?) => {
        [$(($area, [
            include_str!(concat!("../locales/en/", $area, ".ftl")),
            include_str!(concat!("../locales/es/", $area, ".ftl")),
            include_str!(concat!("../locales/ar/", $area, ".ftl")),
        ])),*]
    };
}

/// The catalogue's files, one per area of the app, each in every language (in [`Lang::ALL`]'s
/// order). A message's id starts with its file's area.
pub const CATALOGUE: [(&str, [&str; 3]); 22] = catalogue!(
    "format",
    "common",
    "errors",
    "domain",
    "shell",
    "service",
    "sign-in",
    "second-step",
    "setup",
    "join",
    "verify-email",
    "reset",
    "home",
    "health",
    "consent",
    "account",
    "exports",
    "legal",
    "admin",
    "inbox",
    "lock",
    "language",
);

fn bundles() -> &'static [FluentBundle<FluentResource>; 3] {
    static BUNDLES: OnceLock<[FluentBundle<FluentResource>; 3]> = OnceLock::new();
    BUNDLES.get_or_init(|| Lang::ALL.map(bundle))
}

fn bundle(lang: Lang) -> FluentBundle<FluentResource> {
    let id: unic_langid::LanguageIdentifier = lang.code().parse().unwrap_or_default();
    let mut b = FluentBundle::new_concurrent(vec![id]);
    // Isolation marks keep an argument's direction from reordering the sentence around it (an
    // email address inside Arabic); in a left-to-right language they would only be noise.
    b.set_use_isolating(lang.dir() == Dir::Rtl);
    b.set_formatter(Some(match lang {
        Lang::En => |v, _| format_number(Lang::En, v),
        Lang::Es => |v, _| format_number(Lang::Es, v),
        Lang::Ar => |v, _| format_number(Lang::Ar, v),
    }));
    for (_, files) in CATALOGUE {
        // A file that does not parse keeps its good messages; the catalogue test fails on it.
        let resource = FluentResource::try_new(files[lang as usize].to_owned()).unwrap_or_else(|(r, _)| r);
        let _ = b.add_resource(resource);
    }
    b
}

fn format_number(lang: Lang, v: &FluentValue) -> Option<String> {
    match v {
        FluentValue::Number(n) => {
            let min = n.options.minimum_fraction_digits.unwrap_or(0);
            Some(lang.number_with(n.value, min, n.options.maximum_fraction_digits.unwrap_or(3)))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locales_and_headers_pick_a_language() {
        assert_eq!(Lang::from_locale("ar_EG.UTF-8"), Some(Lang::Ar));
        assert_eq!(Lang::from_locale("es-MX"), Some(Lang::Es));
        assert_eq!(Lang::from_locale("en_GB@euro"), Some(Lang::En));
        assert_eq!(Lang::from_locale("C"), None);
        assert_eq!(Lang::from_locale("fr-FR"), None);
        assert_eq!(Lang::negotiate("fr-CH, fr;q=0.9, es;q=0.8, en;q=0.7"), Lang::Es);
        assert_eq!(Lang::negotiate("en;q=0.5, ar"), Lang::Ar);
        assert_eq!(Lang::negotiate("de, *;q=0.1"), Lang::En);
        assert_eq!(Lang::negotiate("es;q=0, ar;q=junk"), Lang::En);
        assert_eq!(Lang::negotiate(""), Lang::En);
        assert_eq!(Lang::negotiate("*;q=0.9, es;q=0.5"), Lang::En);
        assert_eq!(Lang::negotiate("en;q=0.1, *;q=0.9, es;q=0.5"), Lang::Es);
        assert_eq!(Lang::negotiate("es; Q = 0.5, ar;q=0.4"), Lang::Es);
        assert_eq!(Lang::negotiate("ar;q=7, es;q=1"), Lang::Ar);
        assert_eq!(Lang::negotiate(";;,,=q"), Lang::En);
    }

    #[test]
    fn numbers_are_written_as_each_language_writes_them() {
        assert_eq!(Lang::En.number(1234.5, 1), "1,234.5");
        assert_eq!(Lang::Es.number(1234.5, 1), "1234,5");
        assert_eq!(Lang::Es.number(12345.5, 1), "12.345,5");
        assert_eq!(Lang::Ar.number(1234.5, 1), "١٬٢٣٤٫٥");
        assert_eq!(Lang::En.number(72.0, 1), "72");
        assert_eq!(Lang::En.number(36.56, 1), "36.6");
        assert_eq!(Lang::En.number(-0.04, 1), "0");
        assert_eq!(Lang::En.number(-3.5, 1), "-3.5");
        assert_eq!(Lang::Ar.digits("14:05"), "١٤:٠٥");
        assert_eq!(Lang::Ar.into_digits("2026-11-20 08:00".into()), "٢٠٢٦-١١-٢٠ ٠٨:٠٠");
        assert_eq!(Lang::Es.into_digits("2026-11-20 08:00".into()), "2026-11-20 08:00");
        assert_eq!(ascii_digits("٣٦٫٥"), "36.5");
        assert_eq!(ascii_digits("۱۲٬۳۴۵"), "12,345");
        assert_eq!(ascii_digits("٤٬٥"), "4,5");
        assert_eq!(ascii_digits("36,5"), "36,5");
        for lang in Lang::ALL {
            for v in [0.0, 7.25, 99.9, 1234.5, 123_456.0] {
                let written = lang.number(v, 2);
                let plain = match lang {
                    Lang::En => written.replace(',', ""),
                    Lang::Es => written.replace('.', "").replace(',', "."),
                    Lang::Ar => ascii_digits(&written).replace(',', ""),
                };
                let back: f64 = ascii_digits(&plain).parse().expect("parses back");
                assert_eq!(back, v, "{lang:?}: {written}");
            }
        }
    }

    #[test]
    fn dates_read_as_each_language_writes_them() {
        assert_eq!(Lang::En.date_time(2026, 11, 29, 14, 5), "29 Nov 2026, 14:05");
        assert_eq!(Lang::Es.date_time(2026, 11, 29, 14, 5), "29 nov 2026, 14:05");
        assert!(Lang::Ar.date_time(2026, 11, 29, 14, 5).contains("٢٠٢٦"));
    }

    #[test]
    fn arguments_are_placed_and_numbers_localised() {
        let m = msg!("format-date", day = "1", month = "x", year = "2");
        assert_eq!(m.render(Lang::En), "1 x 2");
        assert_eq!(Lang::Ar.tr("no-such-message"), "no-such-message");
    }
}
