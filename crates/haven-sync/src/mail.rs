//! The emails the service sends, subject and body from the catalogue: in the language of the
//! request that caused them (English for the ones made outside a request: the demo deployment's
//! and `bootstrap`'s invitations); an invitation in the language its sender chose; a warning to
//! an account's owner in the owner's language ([`for_the_owner`]).
//!
//! Links, tokens and codes are placed here, never inside a message: Fluent isolates an argument
//! with invisible marks in Arabic, which a mail client could take for part of a link, and someone
//! copying a code would copy them too. Each sits where it always has: a link alone on its line,
//! or after the sentence that ends with a colon, as does a code.

use haven_api::Role;
use haven_i18n::{msg, Lang, Msg};

/// A mail's subject and plain-text body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mail {
    pub subject: String,
    pub body: String,
}

/// An invitation: `link` opens its page, `code` (`XXXXX-XXXXX`) is what to type instead, and it
/// works until `expires` (RFC 3339).
pub fn invite(lang: Lang, deployment: &str, role: Role, link: &str, code: &str, expires: &str) -> Mail {
    let intro = msg!("service-mail-invite-intro", deployment = deployment, role = role.as_str()).render(lang);
    let create = msg!("service-mail-invite-create").render(lang);
    let enter = msg!("service-mail-invite-code").render(lang);
    let expiry = msg!("service-mail-invite-expiry", expires = expires).render(lang);
    Mail {
        subject: msg!("service-mail-invite-subject", deployment = deployment).render(lang),
        body: format!("{intro}\n\n{create} {link}\n\n{enter} {code}\n\n{expiry}\n"),
    }
}

/// Instead of an invitation, to an address that has an account in another deployment.
pub fn invited_elsewhere(asked: Lang, owner: Option<Lang>, deployment: &str) -> Mail {
    for_the_owner(asked, owner, |lang| Mail {
        subject: msg!("service-mail-invited-elsewhere-subject", deployment = deployment).render(lang),
        body: format!("{}\n", msg!("service-mail-invited-elsewhere").render(lang)),
    })
}

/// The link (and its token, to paste) that verifies an email address.
pub fn verification(lang: Lang, link: &str, token: &str) -> Mail {
    let open = msg!("service-mail-verify-open").render(lang);
    let deadline =
        msg!("service-mail-verify-deadline", hours = 24, action = lang.tr("verify-email-resend")).render(lang);
    let paste = msg!("service-mail-verify-code").render(lang);
    Mail {
        subject: msg!("service-mail-verify-subject").render(lang),
        body: format!("{open}\n{link}\n\n{deadline}\n\n{paste} {token}\n"),
    }
}

/// A mail to an account's owner about their account, whoever asked: in the owner's language
/// (`owner`: their app's when they last signed in), or the language asked in when that is not
/// known, and below it in English. Anyone can enrol an address again, and a thief can change a
/// password (or sign in, in a language of their choosing, first): the owner must be able to
/// read the warning whatever language the asker chose.
fn for_the_owner(asked: Lang, owner: Option<Lang>, make: impl Fn(Lang) -> Mail) -> Mail {
    let lang = owner.unwrap_or(asked);
    let asked = make(lang);
    if lang == Lang::En {
        return asked;
    }
    let english = make(Lang::En);
    Mail {
        subject: format!("{} / {}", asked.subject, english.subject),
        body: format!(
            "{}
—

{}",
            asked.body, english.body
        ),
    }
}

/// To the owner of an address someone tried to enrol again (instead of a second account).
pub fn account_exists(asked: Lang, owner: Option<Lang>) -> Mail {
    for_the_owner(asked, owner, |lang| Mail {
        subject: msg!("service-mail-account-exists-subject").render(lang),
        body: format!("{}\n", msg!("service-mail-account-exists").render(lang)),
    })
}

/// A password reset's link and its token, working once for `minutes`.
pub fn password_reset_link(lang: Lang, link: &str, token: &str, minutes: i64) -> Mail {
    let intro = msg!("service-mail-reset-intro").render(lang);
    let paste = msg!("service-mail-reset-code").render(lang);
    let once = msg!("service-mail-reset-once", minutes = minutes).render(lang);
    Mail {
        subject: msg!("service-mail-reset-subject").render(lang),
        body: format!("{intro} {link}\n\n{paste} {token}\n\n{once}\n"),
    }
}

/// The owner told that a reset set a new password at `time` (RFC 3339, UTC).
pub fn password_reset_done(asked: Lang, owner: Option<Lang>, time: &str) -> Mail {
    for_the_owner(asked, owner, |lang| {
        notice(
            lang,
            msg!("service-mail-password-reset-subject"),
            msg!("service-mail-password-reset", time = time),
            msg!("service-mail-password-reset-advice"),
        )
    })
}

/// The owner told that the password was changed at `time` (RFC 3339, UTC).
pub fn password_changed(asked: Lang, owner: Option<Lang>, time: &str) -> Mail {
    for_the_owner(asked, owner, |lang| {
        notice(
            lang,
            msg!("service-mail-password-changed-subject"),
            msg!("service-mail-password-changed", time = time),
            msg!("service-mail-password-changed-advice"),
        )
    })
}

/// A notice of what happened, then what to do about it.
fn notice(lang: Lang, subject: Msg, done: Msg, advice: Msg) -> Mail {
    Mail { subject: subject.render(lang), body: format!("{}\n\n{}\n", done.render(lang), advice.render(lang)) }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LINK: &str = "https://haven.test/x?token=hvx_AbC-123_z";
    const TOKEN: &str = "hvx_AbC-123_z";
    const TIME: &str = "2026-11-23T10:00:00Z";

    /// Each mail in every language, with what the English one was before the catalogue.
    fn every_mail(lang: Lang) -> Vec<(&'static str, Mail)> {
        let mut mails = Vec::new();
        for role in Role::ALL {
            mails.push(("invite", invite(lang, "St Elsewhere", role, LINK, "ABCDE-FGHJK", TIME)));
        }
        mails.extend([
            ("invited elsewhere", invited_elsewhere(lang, None, "St Elsewhere")),
            ("verification", verification(lang, LINK, TOKEN)),
            ("account exists", account_exists(lang, None)),
            ("reset link", password_reset_link(lang, LINK, TOKEN, 30)),
            ("reset done", password_reset_done(lang, None, TIME)),
            ("changed", password_changed(lang, None, TIME)),
        ]);
        mails
    }

    /// The English mails are, byte for byte, what the service wrote before they came from the
    /// catalogue (these are the old `format!`s).
    #[test]
    fn english_mails_are_as_they_were() {
        for role in Role::ALL {
            let (dep, link, exp) = ("St Elsewhere", LINK, TIME);
            let old = format!(
                "You have been invited to join {dep} on Haven as {article} {role}.\n\n\
                 Create your account: {link}\n\n\
                 Or enter this code in the Haven app: {c1}-{c2}\n\n\
                 The invitation can be used once and expires on {exp}.\n\
                 If you did not expect this email, you can ignore it.\n",
                role = role.as_str(),
                article = if role == Role::Admin { "an" } else { "a" },
                c1 = "ABCDE",
                c2 = "FGHJK",
            );
            let m = invite(Lang::En, dep, role, link, "ABCDE-FGHJK", exp);
            assert_eq!(m.body, old);
            assert_eq!(m.subject, format!("You're invited to {} on Haven", dep));
        }

        let m = invited_elsewhere(Lang::En, None, "St Elsewhere");
        assert_eq!(m.subject, format!("You were invited to {} on Haven", "St Elsewhere"));
        assert_eq!(
            m.body,
            "You were invited to join another Haven deployment, but this email address already has a Haven account.\n\
             Sign in with your existing account, or ask whoever invited you to use a different email address.\n"
        );

        let (link, token) = (LINK, TOKEN);
        let m = verification(Lang::En, link, token);
        assert_eq!(m.subject, "Verify your email for Haven");
        assert_eq!(
            m.body,
            format!(
                "Open this link to confirm your email address for Haven:\n{link}\n\n\
                 Please do it within 24 hours of creating your account. If you miss that, your\n\
                 organisation's administrator can reactivate the account. Lost this email? Sign in to\n\
                 Haven and choose \"Send a new link\".\n\n\
                 Or paste this code into Haven: {token}\n"
            )
        );

        let m = account_exists(Lang::En, None);
        assert_eq!(m.subject, "Someone tried to create a Haven account with your email");
        assert_eq!(
            m.body,
            "Someone tried to create a new Haven account with this email address, which already has one.\n\
             If it was you, sign in instead. If it was not you, you can ignore this email.\n"
        );

        let m = password_reset_link(Lang::En, link, token, 30);
        assert_eq!(m.subject, "Reset your Haven password");
        assert_eq!(
            m.body,
            format!(
                "Someone asked to reset the password of your Haven account. If it was you, choose a new\n\
                 password here: {link}\n\n\
                 Or paste this code into the Haven app: {token}\n\n\
                 It works once, for 30 minutes. If it was not you, ignore this email: your password has not\n\
                 changed.\n"
            )
        );

        let m = password_reset_done(Lang::En, None, TIME);
        assert_eq!(m.subject, "Your Haven password was reset");
        assert_eq!(
            m.body,
            format!(
                "The password of your Haven account was reset on {} (UTC), and every device was signed out.\n\n\
                 If this was not you, contact your care provider or administrator at once.\n",
                TIME
            )
        );

        let m = password_changed(Lang::En, None, TIME);
        assert_eq!(m.subject, "Your Haven password was changed");
        assert_eq!(
            m.body,
            format!(
                "The password of your Haven account was changed on {} (UTC); your other devices were signed out.\n\n\
                 If this was not you, reset your password from the sign-in screen and contact your administrator.\n",
                TIME
            )
        );
    }

    /// In Spanish and Arabic every mail is translated, and its links, tokens and codes stand
    /// where the English mail has them, untouched: no isolation mark or letter beside them.
    #[test]
    fn translated_mails_keep_links_and_codes_where_english_has_them() {
        let shape = |m: &Mail| -> Vec<String> {
            m.body
                .lines()
                .map(|l| {
                    if l == LINK {
                        "LINK".to_owned()
                    } else if let Some((_, end)) = l.rsplit_once(' ').filter(|(_, e)| [LINK, TOKEN].contains(e)) {
                        format!("… {}", if end == LINK { "LINK" } else { "TOKEN" })
                    } else if l.ends_with(" ABCDE-FGHJK") {
                        "… CODE".to_owned()
                    } else if l.is_empty() {
                        String::new()
                    } else {
                        "text".to_owned()
                    }
                })
                .filter(|l| l != "text")
                .collect()
        };
        let english = every_mail(Lang::En);
        for lang in [Lang::Es, Lang::Ar] {
            for ((what, en), (_, m)) in english.iter().zip(every_mail(lang)) {
                assert_ne!(m.subject, en.subject, "{lang:?} {what}");
                // A warning to an account's owner ends with the English one.
                let (m, owners) = match m.body.split_once("\n—\n\n") {
                    Some((asked, english)) => {
                        assert_eq!(english, en.body, "{lang:?} {what}");
                        let (subject, english) = m.subject.split_once(" / ").unwrap_or(("", ""));
                        assert_eq!(english, en.subject, "{lang:?} {what}");
                        (Mail { subject: subject.to_owned(), body: asked.to_owned() }, true)
                    }
                    None => (m, false),
                };
                let about_an_account = ["invited elsewhere", "account exists", "reset done", "changed"];
                assert_eq!(owners, about_an_account.contains(what), "{lang:?} {what}");
                assert!(m.body.ends_with('\n') && !m.body.ends_with("\n\n"), "{lang:?} {what}: {:?}", m.body);
                assert!(!m.body.contains('{') && !m.subject.contains('{'), "{lang:?} {what}: {:?}", m.body);
                assert_eq!(shape(&m), shape(en), "{lang:?} {what}: {}", m.body);
                // Same paragraphs; English words gone (Haven stays).
                assert_eq!(m.body.matches("\n\n").count(), en.body.matches("\n\n").count(), "{lang:?} {what}");
                for word in [" your ", " the ", " this "] {
                    assert!(!m.body.contains(word), "{lang:?} {what}: {}", m.body);
                }
            }
        }
        // The numbers of the sentences are written as the language writes them.
        assert!(password_reset_link(Lang::Ar, LINK, TOKEN, 30).body.contains("٣٠"));
        assert!(verification(Lang::Ar, LINK, TOKEN).body.contains("٢٤"));
        assert!(verification(Lang::Es, LINK, TOKEN).body.contains("«Enviar un enlace nuevo»"));
        // The owner's language, when known, first (then English), whoever asked in whatever
        // language.
        for (asked, owner) in [(Lang::Ar, Lang::Es), (Lang::Es, Lang::En), (Lang::En, Lang::Ar)] {
            let to_owner = [
                account_exists(asked, Some(owner)),
                password_reset_done(asked, Some(owner), TIME),
                password_changed(asked, Some(owner), TIME),
                invited_elsewhere(asked, Some(owner), "St Elsewhere"),
            ];
            let in_owners = [
                account_exists(owner, None),
                password_reset_done(owner, None, TIME),
                password_changed(owner, None, TIME),
                invited_elsewhere(owner, None, "St Elsewhere"),
            ];
            assert_eq!(to_owner, in_owners, "asked in {asked:?}, the owner's {owner:?}");
        }
        let invite_es = invite(Lang::Es, "St Elsewhere", Role::Clinician, LINK, "ABCDE-FGHJK", TIME);
        assert!(invite_es
            .body
            .starts_with("Le han invitado a unirse a St Elsewhere en Haven con el rol de profesional clínico."));
    }
}
