//! The app's language: the person's choice (Profile → Account, or the sign-in screen), kept in
//! the data dir as its code, else the system's (its locale list, first language Haven speaks),
//! else English. One choice per device, not per account: it applies before anyone signs in.

use haven_api::shell::LanguageView;
use haven_i18n::Lang;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

pub struct LanguageChoice {
    file: PathBuf,
    system: Lang,
    chosen: Mutex<Option<Lang>>,
}

/// The file's name in the data dir.
pub const FILE: &str = "language";

impl LanguageChoice {
    /// Reads the kept choice (a file that is missing or names no language Haven speaks is no
    /// choice). The caller makes `view().lang` the app's language (`haven_i18n::set_app`).
    pub fn open(data: &Path, system: Option<Lang>) -> LanguageChoice {
        let file = data.join(FILE);
        let chosen = std::fs::read_to_string(&file).ok().and_then(|s| Lang::from_locale(s.trim()));
        LanguageChoice { file, system: system.unwrap_or_default(), chosen: Mutex::new(chosen) }
    }

    pub fn view(&self) -> LanguageView {
        let chosen = *self.chosen.lock().unwrap_or_else(|p| p.into_inner());
        LanguageView { lang: chosen.unwrap_or(self.system), chosen, system: self.system }
    }

    /// Keeps `lang` (None: follow the system again). The file is replaced whole, so a crash
    /// leaves the old choice or the new one.
    pub fn choose(&self, lang: Option<Lang>) -> std::io::Result<LanguageView> {
        match lang {
            Some(l) => crate::exports::save_text(&self.file, l.code(), crate::exports::Existing::Replace)
                .map(|_| ())
                .map_err(|e| std::io::Error::other(e.to_string()))?,
            None => match std::fs::remove_file(&self.file) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
                _ => {}
            },
        }
        *self.chosen.lock().unwrap_or_else(|p| p.into_inner()) = lang;
        Ok(self.view())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_choice_is_kept_across_restarts_and_can_be_undone() {
        let dir = std::env::temp_dir().join(format!("haven-lang-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let first = LanguageChoice::open(&dir, Some(Lang::Es));
        assert_eq!(first.view(), LanguageView { lang: Lang::Es, chosen: None, system: Lang::Es });
        first.choose(Some(Lang::Ar)).expect("kept");
        let again = LanguageChoice::open(&dir, Some(Lang::Es));
        assert_eq!(again.view().lang, Lang::Ar);
        again.choose(None).expect("undone");
        assert_eq!(LanguageChoice::open(&dir, None).view().lang, Lang::En);
        // A file naming a language Haven does not speak is no choice.
        std::fs::write(dir.join(FILE), "fr").expect("write");
        assert_eq!(LanguageChoice::open(&dir, Some(Lang::Es)).view().chosen, None);
        std::fs::remove_dir_all(&dir).expect("clean up");
    }
}
