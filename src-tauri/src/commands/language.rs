//! The app's language: what it is and where it comes from, and the person's choice. Answered
//! before start-up is done (see `startup::gate`): the first screen is drawn in it.

use super::{cmd, Args, Reply};
use haven_api::shell::{UiCode, UiError};
use haven_client::language::LanguageChoice;
use tauri::State;

#[tauri::command]
pub fn language(choice: State<'_, LanguageChoice>) -> Reply<cmd::Language> {
    Ok(choice.view())
}

/// Keeps the choice and makes it the app's language at once: the service's answers to the
/// next requests come in it too (`Accept-Language`).
#[tauri::command]
pub fn set_language(choice: State<'_, LanguageChoice>, args: Args<cmd::SetLanguage>) -> Reply<cmd::SetLanguage> {
    let view = choice.choose(args.lang).map_err(|e| {
        tracing::error!(error = %e, "cannot keep the language");
        UiError::new(UiCode::LocalStorage, haven_i18n::tr!("shell-language-not-kept"))
    })?;
    haven_i18n::set_app(view.lang);
    Ok(view)
}
