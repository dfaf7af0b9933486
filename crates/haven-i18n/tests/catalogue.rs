//! The catalogue is whole: every file parses, every language has exactly English's messages with
//! the same arguments, every message formats, every id the code names exists and every message is
//! named by some code — and the UI has no sentence of its own left outside the catalogue.

use fluent_syntax::ast;
use haven_i18n::{Lang, CATALOGUE};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Each message id of a language with its file and the variables it uses.
fn messages(lang: Lang) -> BTreeMap<String, (&'static str, BTreeSet<String>)> {
    let mut out = BTreeMap::new();
    for (area, files) in CATALOGUE {
        let source = files[lang as usize];
        let resource = fluent_syntax::parser::parse(source)
            .unwrap_or_else(|(_, errors)| panic!("{lang:?} {area}.ftl does not parse: {errors:?}"));
        for entry in resource.body {
            match entry {
                ast::Entry::Message(m) => {
                    let id = m.id.name.to_owned();
                    assert!(
                        id.starts_with(&format!("{area}-")),
                        "{lang:?} {area}.ftl: the id {id} does not start with its file's area"
                    );
                    let mut vars = BTreeSet::new();
                    if let Some(p) = &m.value {
                        pattern_vars(p, &mut vars);
                    }
                    for a in &m.attributes {
                        pattern_vars(&a.value, &mut vars);
                    }
                    assert!(m.value.is_some(), "{lang:?} {id} has no value");
                    assert!(out.insert(id.clone(), (area, vars)).is_none(), "{lang:?}: {id} is defined twice");
                }
                ast::Entry::Term(t) => panic!("{lang:?} {area}.ftl: terms (-{}) are not used here", t.id.name),
                ast::Entry::Junk { content } => panic!("{lang:?} {area}.ftl does not parse: {content}"),
                _ => {}
            }
        }
    }
    out
}

fn pattern_vars(p: &ast::Pattern<&str>, vars: &mut BTreeSet<String>) {
    for e in &p.elements {
        if let ast::PatternElement::Placeable { expression } = e {
            expression_vars(expression, vars);
        }
    }
}

fn expression_vars(e: &ast::Expression<&str>, vars: &mut BTreeSet<String>) {
    match e {
        ast::Expression::Select { selector, variants } => {
            inline_vars(selector, vars);
            for v in variants {
                pattern_vars(&v.value, vars);
            }
        }
        ast::Expression::Inline(i) => inline_vars(i, vars),
    }
}

fn inline_vars(i: &ast::InlineExpression<&str>, vars: &mut BTreeSet<String>) {
    match i {
        ast::InlineExpression::VariableReference { id } => {
            vars.insert(id.name.to_owned());
        }
        ast::InlineExpression::FunctionReference { arguments, .. } => {
            for a in &arguments.positional {
                inline_vars(a, vars);
            }
        }
        ast::InlineExpression::Placeable { expression } => expression_vars(expression, vars),
        _ => {}
    }
}

/// Each message's select expressions over a variable: the variable and the variants' keys.
fn selects(lang: Lang) -> BTreeMap<String, Vec<(String, BTreeSet<String>)>> {
    fn walk(p: &ast::Pattern<&str>, out: &mut Vec<(String, BTreeSet<String>)>) {
        for e in &p.elements {
            if let ast::PatternElement::Placeable { expression } = e {
                expr(expression, out);
            }
        }
    }
    fn expr(e: &ast::Expression<&str>, out: &mut Vec<(String, BTreeSet<String>)>) {
        match e {
            ast::Expression::Select { selector, variants } => {
                if let ast::InlineExpression::VariableReference { id } = selector {
                    let keys = variants
                        .iter()
                        .map(|v| match &v.key {
                            ast::VariantKey::Identifier { name } => (*name).to_owned(),
                            ast::VariantKey::NumberLiteral { value } => format!("={value}"),
                        })
                        .collect();
                    out.push((id.name.to_owned(), keys));
                }
                for v in variants {
                    walk(&v.value, out);
                }
            }
            ast::Expression::Inline(ast::InlineExpression::Placeable { expression }) => expr(expression, out),
            ast::Expression::Inline(_) => {}
        }
    }
    let mut all = BTreeMap::new();
    for (_, files) in CATALOGUE {
        let resource = fluent_syntax::parser::parse(files[lang as usize]).unwrap_or_else(|(r, _)| r);
        for entry in resource.body {
            if let ast::Entry::Message(m) = entry {
                let mut out = Vec::new();
                if let Some(p) = &m.value {
                    walk(p, &mut out);
                }
                all.insert(m.id.name.to_owned(), out);
            }
        }
    }
    all
}

/// The plural categories CLDR gives each language (what a number selects).
fn plural_categories(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::En => &["one", "other"],
        Lang::Es => &["one", "many", "other"],
        Lang::Ar => &["zero", "one", "two", "few", "many", "other"],
    }
}

/// A variant key is a plural category of its language, or an exact number, where the selector
/// is over a number (English selects over it by number, or the keys are categories); a selector
/// over words (`$which`, `$kind`) has exactly English's keys where English selects over it too.
/// Categories and words are never mixed (`[one]` beside `[uno]`).
#[test]
fn every_variant_key_is_one_its_language_can_select() {
    let en = selects(Lang::En);
    let plural = |lang: Lang, k: &str| k.starts_with('=') || plural_categories(lang).contains(&k);
    for lang in Lang::ALL {
        for (id, selects) in selects(lang) {
            for (var, keys) in selects {
                let english = en[&id].iter().find(|(v, _)| *v == var).map(|(_, k)| k);
                let by_number = match english {
                    Some(k) => k.iter().all(|k| plural(Lang::En, k)),
                    None => keys.iter().any(|k| k != "other" && plural(lang, k)),
                };
                if by_number {
                    for k in &keys {
                        assert!(
                            plural(lang, k),
                            "{lang:?} {id}: ${var} has [{k}], not a plural category of the language"
                        );
                    }
                } else if let Some(english) = english {
                    assert_eq!(&keys, english, "{lang:?} {id}: ${var}'s variants differ from English's");
                }
            }
        }
    }
}

#[test]
fn every_language_has_every_message_with_the_same_arguments() {
    let en = messages(Lang::En);
    assert!(!en.is_empty());
    for lang in [Lang::Es, Lang::Ar] {
        let other = messages(lang);
        let missing: Vec<_> = en.keys().filter(|k| !other.contains_key(*k)).collect();
        let extra: Vec<_> = other.keys().filter(|k| !en.contains_key(*k)).collect();
        assert!(missing.is_empty(), "{lang:?} lacks {missing:?}");
        assert!(extra.is_empty(), "{lang:?} has messages English does not: {extra:?}");
        for (id, (area, vars)) in &en {
            let (their_area, their_vars) = &other[id];
            assert_eq!(area, their_area, "{lang:?} {id} is in another file");
            assert_eq!(vars, their_vars, "{lang:?} {id} uses other arguments than English");
        }
    }
}

#[test]
fn every_message_formats_in_every_language() {
    for lang in Lang::ALL {
        for (id, (_, vars)) in messages(lang) {
            // Numbers for every argument, one of each plural category's (a plural selector needs a
            // number, and text takes one too), then a word (what a selector over words falls back on).
            let values: [haven_i18n::Arg; 8] =
                [0.into(), 1.into(), 2.into(), 3.into(), 11.into(), 100.into(), 1.5.into(), "word".into()];
            for value in values {
                let args: Vec<(&str, haven_i18n::Arg)> = vars.iter().map(|v| (v.as_str(), value.clone())).collect();
                let text = lang.tr_args(&id, &args);
                assert!(!text.trim().is_empty() && text != id, "{lang:?} {id} formats to {text:?}");
                assert!(!text.contains('{') && !text.contains('}'), "{lang:?} {id}: an unknown placeable in {text:?}");
            }
        }
    }
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())).flatten() {
        let p = entry.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// The Rust sources that show people sentences (not the tests, which read them).
fn sources() -> Vec<PathBuf> {
    let root = workspace();
    let mut files = Vec::new();
    for dir in ["crates/haven-api/src", "crates/haven-client/src", "crates/haven-sync/src", "src-tauri/src", "ui/src"] {
        rust_files(&root.join(dir), &mut files);
    }
    files
}

/// The message ids the code names: `tr!("id"`, `msg!("id"`, `.tr("id"`, `.tr_args("id"` (the
/// literal may be on the next line, as rustfmt puts it), and the month names `lib.rs` matches.
fn used_ids() -> BTreeMap<String, PathBuf> {
    let mut used = BTreeMap::new();
    for file in sources().into_iter().chain([workspace().join("crates/haven-i18n/src/lib.rs")]) {
        let text = std::fs::read_to_string(&file).expect("read source");
        for needle in ["tr!(", "msg!(", ".tr(", ".tr_args(", "=> "] {
            for (at, _) in text.match_indices(needle) {
                let Some(rest) = text[at + needle.len()..].trim_start().strip_prefix('"') else { continue };
                let id: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-').collect();
                let literal = rest[id.len()..].starts_with('"');
                let month = needle == "=> " && id.starts_with("format-month-");
                if literal && !id.is_empty() && (needle != "=> " || month) && id != "no-such-message" {
                    used.insert(id, file.clone());
                }
            }
        }
    }
    used
}

#[test]
fn every_id_the_code_names_exists_and_every_message_is_used() {
    let en = messages(Lang::En);
    let used = used_ids();
    let unknown: Vec<_> = used.iter().filter(|(id, _)| !en.contains_key(*id)).collect();
    assert!(unknown.is_empty(), "ids the code names that the catalogue lacks: {unknown:?}");
    let unused: Vec<_> = en.keys().filter(|id| !used.contains_key(*id)).collect();
    assert!(unused.is_empty(), "messages no code names: {unused:?}");
}

/// A sentence written in the UI's code rather than taken from the catalogue: a string literal
/// that starts like a word of prose (`"Save"`, `"Sign in to Haven"`). Lines marked
/// `i18n: not prose` (a key's name, a log line) are skipped.
#[test]
fn the_ui_has_no_sentence_outside_the_catalogue() {
    let mut found = Vec::new();
    let mut files = Vec::new();
    rust_files(&workspace().join("ui/src"), &mut files);
    for file in files {
        let text = std::fs::read_to_string(&file).expect("read source");
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            if line.contains("i18n: not prose") || code.trim_start().starts_with("#[") {
                continue;
            }
            for (i, literal) in code.split('"').enumerate() {
                let mut chars = literal.chars();
                if i % 2 == 1
                    && chars.next().is_some_and(|c| c.is_ascii_uppercase())
                    && chars.next().is_some_and(|c| c.is_ascii_lowercase() || c == ' ')
                {
                    found.push(format!("{}:{}: {literal:?}", file.display(), n + 1));
                }
            }
        }
    }
    assert!(found.is_empty(), "sentences in the UI's code, not in the catalogue:\n{}", found.join("\n"));
}
