//! The app's language in the webview: asked of the shell before the first screen is drawn, set on
//! `<html lang dir>` (Arabic turns the layout right to left), and changed by the picker on the
//! sign-in screen and in Profile → Account. A change draws the app again in the new language, on
//! the same page.

use crate::ipc::invoke;
use haven_api::shell::{cmd, LanguageArgs, LanguageView, UiError};
use haven_i18n::{tr, Lang};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The app's language as the screens draw it (`None` until the shell has answered), and whether
/// the page is being drawn again for a new language (a screen's cleanup then keeps what the
/// person has not seen through yet: the recovery codes on Profile → Account).
#[derive(Clone, Copy)]
pub struct Language(pub RwSignal<Option<LanguageView>>, StoredValue<bool>);

impl Language {
    /// Asks the shell (an answer that does not come leaves English: the app still works).
    pub fn load() -> Language {
        let me = Language(RwSignal::new(None), StoredValue::new(false));
        spawn_local(async move {
            let view = invoke::<cmd::Language>(&()).await.unwrap_or(LanguageView {
                lang: Lang::En,
                chosen: None,
                system: Lang::En,
            });
            me.apply(view);
        });
        me
    }

    fn apply(self, view: LanguageView) {
        haven_i18n::set_app(view.lang);
        if let Some(html) = document().document_element() {
            let _ = html.set_attribute("lang", view.lang.code());
            let _ = html.set_attribute("dir", view.lang.dir().as_str());
        }
        self.1.set_value(true);
        self.0.set(Some(view));
        // The page is drawn again before timers run.
        let redrawing = self.1;
        set_timeout(move || redrawing.set_value(false), std::time::Duration::ZERO);
    }

    /// Whether the page is being drawn again for a new language (see [`Language`]).
    pub fn redrawing(self) -> bool {
        self.1.get_value()
    }
}

/// The language picker: the system's language (named, in the current language) or one of
/// Haven's languages, each named in itself (`lang` set on the option, so a screen reader says
/// it in that language). The choice is kept by the shell and survives a restart.
#[component]
pub fn LanguagePicker() -> impl IntoView {
    let language = expect_context::<Language>();
    let error = RwSignal::new(None::<UiError>);
    let current = language.0.get_untracked();
    let value = current.and_then(|v| v.chosen).map_or("system", Lang::code);
    let system = current.map_or(Lang::En, |v| v.system);
    let on_change = move |ev: leptos::ev::Event| {
        let lang = Lang::from_locale(&event_target_value(&ev));
        spawn_local(async move {
            match invoke::<cmd::SetLanguage>(&LanguageArgs { lang }).await {
                Ok(view) => {
                    language.apply(view);
                    // The app is drawn again; the person carries on from the picker.
                    set_timeout(
                        || {
                            if let Some(el) = document().get_element_by_id("language") {
                                let _ =
                                    leptos::wasm_bindgen::JsCast::unchecked_into::<leptos::web_sys::HtmlElement>(el)
                                        .focus();
                            }
                        },
                        std::time::Duration::from_millis(50),
                    );
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <label>{tr!("language-label")}
            <select id="language" on:change=on_change>
                <option value="system" selected=value == "system">
                    {tr!("language-system", name = system.native_name())}
                </option>
                {Lang::ALL.into_iter().map(|l| view! {
                    <option value=l.code() lang=l.code() selected=value == l.code()>{l.native_name()}</option>
                }).collect_view()}
            </select>
        </label>
        {move || error.get().map(|e| view! { <p class="error" role="alert">{e.text()}</p> })}
    }
}
