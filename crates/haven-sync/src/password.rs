//! Input rules for account fields: password strength, email shape, display names.

/// Why a password is refused, as the sentence shown under the field; `None` when acceptable.
///
/// Rules: 12–128 characters; must not contain the email's local part; must not be guessable
/// by zxcvbn (score ≥ 3 of 4), whose dictionaries include the most common breached passwords.
pub fn password_problem(password: &str, email: &str, name: &str) -> Option<String> {
    let len = password.chars().count();
    if len < 12 {
        return Some("Use at least 12 characters.".into());
    }
    if len > 128 {
        return Some("Use at most 128 characters.".into());
    }
    let local = email.split('@').next().unwrap_or("").to_lowercase();
    if local.chars().count() >= 3 && password.to_lowercase().contains(&local) {
        return Some("The password must not contain your email address.".into());
    }
    let inputs: Vec<&str> = [local.as_str(), name].into_iter().filter(|s| !s.is_empty()).collect();
    // zxcvbn cost grows with length; only the first 100 characters are scored (a longer password
    // that is weak in its first 100 is still refused).
    let scored: String = password.chars().take(100).collect();
    let entropy = zxcvbn::zxcvbn(&scored, &inputs);
    if (entropy.score() as u8) < 3 {
        // zxcvbn's warning is a sentence of its own ("This is a very common password.").
        let hint = entropy
            .feedback()
            .and_then(|f| f.warning().map(|w| w.to_string()))
            .map(|w| w.trim().trim_end_matches('.').to_owned())
            .filter(|w| !w.is_empty())
            .map(|w| format!(" {w}."))
            .unwrap_or_default();
        return Some(format!("This password is too easy to guess.{hint} Try a longer phrase of unrelated words."));
    }
    None
}

/// Normalised email (trimmed, lower case), or why it is not one.
pub fn normalise_email(email: &str) -> Result<String, &'static str> {
    let e = email.trim().to_lowercase();
    if e.len() > 254 {
        return Err("An email address has at most 254 characters.");
    }
    let (local, domain) = e.split_once('@').ok_or("Not an email address.")?;
    let ok_local = !local.is_empty() && local.len() <= 64 && !local.contains(char::is_whitespace);
    let ok_domain = domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
        && domain.chars().all(|c| c.is_alphanumeric() || c == '.' || c == '-');
    if !ok_local || !ok_domain || e.chars().any(|c| c.is_control() || c == '<' || c == '>' || c == ',') {
        return Err("Not an email address.");
    }
    Ok(e)
}

pub fn name_problem(name: &str) -> Option<&'static str> {
    let n = name.trim();
    if n.is_empty() {
        return Some("Enter your name.");
    }
    if n.chars().count() > 200 {
        return Some("Use at most 200 characters.");
    }
    if n.chars().any(char::is_control) {
        return Some("The name contains control characters.");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn password_rules() {
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

    #[test]
    fn emails() {
        assert_eq!(normalise_email("  Alice@Example.ORG "), Ok("alice@example.org".into()));
        for bad in ["", "alice", "@x.org", "a@", "a@b", "a b@c.org", "a@b..c", "a@-b.c,", "a@b.c<script>"] {
            assert!(normalise_email(bad).is_err(), "{bad:?} accepted");
        }
    }
}
