//! Input rules for account fields: password strength, email shape, display names. Each refusal
//! is the sentence shown under the field, as a [`Msg`] rendered in the reader's language.

use haven_i18n::{msg, Msg};

/// Why a password is refused, as the sentence shown under the field; `None` when acceptable.
///
/// Rules: 12–128 characters; must not contain the email's local part; must not be guessable
/// by zxcvbn (score ≥ 3 of 4), whose dictionaries include the most common breached passwords.
pub fn password_problem(password: &str, email: &str, name: &str) -> Option<Msg> {
    let len = password.chars().count();
    if len < PASSWORD_LEN.0 {
        return Some(msg!("service-password-too-short", min = PASSWORD_LEN.0));
    }
    if len > PASSWORD_LEN.1 {
        return Some(msg!("service-at-most-characters", max = PASSWORD_LEN.1));
    }
    let local = email.split('@').next().unwrap_or("").to_lowercase();
    if local.chars().count() >= 3 && password.to_lowercase().contains(&local) {
        return Some(msg!("service-password-contains-email"));
    }
    let inputs: Vec<&str> = [local.as_str(), name].into_iter().filter(|s| !s.is_empty()).collect();
    // zxcvbn cost grows with length; only the first 100 characters are scored (a longer password
    // that is weak in its first 100 is still refused).
    let scored: String = password.chars().take(100).collect();
    let entropy = zxcvbn::zxcvbn(&scored, &inputs);
    if (entropy.score() as u8) < 3 {
        return Some(too_easy(entropy.feedback().and_then(|f| f.warning())));
    }
    None
}

/// Shortest and longest password, in characters.
pub const PASSWORD_LEN: (usize, usize) = (12, 128);

/// "This password is too easy to guess." with zxcvbn's warning, when it has one, as a sentence
/// of its own ("This is a very common password."), then the advice. One whole message per
/// warning, so each language words the three sentences together; zxcvbn's suggestions are not
/// shown.
fn too_easy(warning: Option<zxcvbn::feedback::Warning>) -> Msg {
    use zxcvbn::feedback::Warning as W;
    match warning {
        Some(W::StraightRowsOfKeysAreEasyToGuess) => msg!("service-password-weak-straight-rows"),
        Some(W::ShortKeyboardPatternsAreEasyToGuess) => msg!("service-password-weak-keyboard-patterns"),
        Some(W::RepeatsLikeAaaAreEasyToGuess) => msg!("service-password-weak-repeats"),
        Some(W::RepeatsLikeAbcAbcAreOnlySlightlyHarderToGuess) => msg!("service-password-weak-repeated-groups"),
        Some(W::ThisIsATop10Password) => msg!("service-password-weak-top-10"),
        Some(W::ThisIsATop100Password) => msg!("service-password-weak-top-100"),
        Some(W::ThisIsACommonPassword) => msg!("service-password-weak-common"),
        Some(W::ThisIsSimilarToACommonlyUsedPassword) => msg!("service-password-weak-similar-to-common"),
        Some(W::SequencesLikeAbcAreEasyToGuess) => msg!("service-password-weak-sequences"),
        Some(W::RecentYearsAreEasyToGuess) => msg!("service-password-weak-recent-years"),
        Some(W::AWordByItselfIsEasyToGuess) => msg!("service-password-weak-single-word"),
        Some(W::DatesAreOftenEasyToGuess) => msg!("service-password-weak-dates"),
        Some(W::NamesAndSurnamesByThemselvesAreEasyToGuess) => msg!("service-password-weak-names"),
        Some(W::CommonNamesAndSurnamesAreEasyToGuess) => msg!("service-password-weak-common-names"),
        None => msg!("service-password-weak"),
    }
}

/// Normalised email (trimmed, lower case), or why it is not one.
pub fn normalise_email(email: &str) -> Result<String, Msg> {
    let e = email.trim().to_lowercase();
    if e.len() > 254 {
        return Err(msg!("service-email-too-long", max = 254));
    }
    let (local, domain) = e.split_once('@').ok_or_else(|| msg!("service-email-invalid"))?;
    let ok_local = !local.is_empty() && local.len() <= 64 && !local.contains(char::is_whitespace);
    let ok_domain = domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
        && domain.chars().all(|c| c.is_alphanumeric() || c == '.' || c == '-');
    if !ok_local || !ok_domain || e.chars().any(|c| c.is_control() || c == '<' || c == '>' || c == ',') {
        return Err(msg!("service-email-invalid"));
    }
    Ok(e)
}

pub fn name_problem(name: &str) -> Option<Msg> {
    let n = name.trim();
    if n.is_empty() {
        return Some(msg!("service-name-missing"));
    }
    if n.chars().count() > 200 {
        return Some(msg!("service-at-most-characters", max = 200));
    }
    if n.chars().any(haven_api::hidden_control) {
        return Some(msg!("service-name-control-characters"));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use haven_i18n::Lang;

    #[test]
    fn names_with_marks_that_reorder_text_are_refused() {
        assert!(name_problem("Pat \u{202E}tneitaP").is_some());
        assert!(name_problem("Amal\u{2067}x").is_some());
        // The weak marks a pasted Arabic or Hebrew name often carries cannot turn it around.
        assert!(name_problem("أمل \u{200F}").is_none());
        // Joiners are part of some scripts and emoji.
        assert!(name_problem("क्\u{200D}ष").is_none());
        assert!(name_problem("Zoë O’Neill").is_none());
    }

    #[test]
    fn password_rules() {
        let password_problem = |p: &str, e: &str, n: &str| password_problem(p, e, n).map(|m| m.render(Lang::En));
        let e = "alice.smith@example.org";
        assert!(password_problem("short", e, "Alice").is_some());
        assert!(password_problem(&"x".repeat(129), e, "Alice").is_some());
        assert!(password_problem("password1234", e, "Alice").is_some(), "common password accepted");
        // zxcvbn's warning reads as its own sentence, not "(… password.)."
        let common = password_problem("password1234", e, "Alice").unwrap_or_default();
        assert!(!common.contains(".)") && !common.contains(".."), "{common}");
        assert!(common.starts_with("This password is too easy to guess. "), "{common}");
        assert!(password_problem("qwertyuiop123", e, "Alice").is_some(), "keyboard walk accepted");
        assert!(password_problem("xx alice.smith 2026!", e, "Alice").is_some(), "email local part accepted");
        assert!(password_problem("violet-tundra-cobalt-91", e, "Alice").is_none());
        assert!(password_problem(&"violet tundra cobalt ".repeat(7)[..128], e, "Alice").is_none(), "128 chars");
    }

    /// zxcvbn's warnings are worded by the catalogue, in English exactly as zxcvbn words them.
    #[test]
    fn every_warning_reads_as_zxcvbn_says_it() {
        use zxcvbn::feedback::Warning as W;
        let all = [
            W::StraightRowsOfKeysAreEasyToGuess,
            W::ShortKeyboardPatternsAreEasyToGuess,
            W::RepeatsLikeAaaAreEasyToGuess,
            W::RepeatsLikeAbcAbcAreOnlySlightlyHarderToGuess,
            W::ThisIsATop10Password,
            W::ThisIsATop100Password,
            W::ThisIsACommonPassword,
            W::ThisIsSimilarToACommonlyUsedPassword,
            W::SequencesLikeAbcAreEasyToGuess,
            W::RecentYearsAreEasyToGuess,
            W::AWordByItselfIsEasyToGuess,
            W::DatesAreOftenEasyToGuess,
            W::NamesAndSurnamesByThemselvesAreEasyToGuess,
            W::CommonNamesAndSurnamesAreEasyToGuess,
        ];
        for w in all {
            let expected = format!(
                "This password is too easy to guess. {} Try a longer phrase of unrelated words.",
                w.to_string().trim().trim_end_matches('.').to_owned() + "."
            );
            assert_eq!(too_easy(Some(w)).render(Lang::En), expected);
            for lang in [Lang::Es, Lang::Ar] {
                assert_ne!(too_easy(Some(w)).render(lang), expected, "{w:?} is not translated");
            }
        }
        assert_eq!(
            too_easy(None).render(Lang::En),
            "This password is too easy to guess. Try a longer phrase of unrelated words."
        );
    }

    #[test]
    fn emails() {
        assert_eq!(normalise_email("  Alice@Example.ORG ").ok().as_deref(), Some("alice@example.org"));
        for bad in ["", "alice", "@x.org", "a@", "a@b", "a b@c.org", "a@b..c", "a@-b.c,", "a@b.c<script>"] {
            assert!(normalise_email(bad).is_err(), "{bad:?} accepted");
        }
    }
}
