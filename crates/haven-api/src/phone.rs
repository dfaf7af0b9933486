//! Mobile numbers as people type them: the countries offered beside the number field, so a
//! number may be typed the way it is written at home (`07911 123456`) and an error can name
//! the country ("doesn't look right for the United Kingdom").

use haven_i18n::{msg, Lang, Msg};

/// A country a mobile number can be from (ISO 3166-1 alpha-2 id, as phone metadata uses).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Country {
    pub id: &'static str,
    pub calling_code: u16,
}

impl Country {
    /// The country's name as a list of countries shows it ("United Kingdom"), to render in the
    /// reader's language. (A sentence that names a country, such as the service's "doesn't look
    /// right for the United Kingdom", has its own message choosing by the id.)
    pub fn name(&self) -> Msg {
        match self.id {
            "AU" => msg!("domain-country-au"),
            "AT" => msg!("domain-country-at"),
            "BE" => msg!("domain-country-be"),
            "CA" => msg!("domain-country-ca"),
            "DK" => msg!("domain-country-dk"),
            "FI" => msg!("domain-country-fi"),
            "FR" => msg!("domain-country-fr"),
            "DE" => msg!("domain-country-de"),
            "IN" => msg!("domain-country-in"),
            "IE" => msg!("domain-country-ie"),
            "IT" => msg!("domain-country-it"),
            "NL" => msg!("domain-country-nl"),
            "NZ" => msg!("domain-country-nz"),
            "NO" => msg!("domain-country-no"),
            "PL" => msg!("domain-country-pl"),
            "PT" => msg!("domain-country-pt"),
            "ZA" => msg!("domain-country-za"),
            "ES" => msg!("domain-country-es"),
            "SE" => msg!("domain-country-se"),
            "CH" => msg!("domain-country-ch"),
            "GB" => msg!("domain-country-gb"),
            _ => msg!("domain-country-us"),
        }
    }
}

const fn c(id: &'static str, calling_code: u16) -> Country {
    Country { id, calling_code }
}

/// The countries offered, with their names in `lang`, in the order a list in that language
/// takes ("Alemania" first in Spanish, "Australia" in English).
pub fn countries_in(lang: Lang) -> Vec<(&'static Country, String)> {
    let mut named: Vec<_> = COUNTRIES.iter().map(|c| (c, c.name().render(lang))).collect();
    named.sort_by_cached_key(|(_, name)| sort_key(name));
    named
}

/// A name as a list orders it: by its letters, not their accents or case ("Bélgica" among the
/// B's), and the forms of alef as alef (أستراليا among the ا's). Enough for the country names of
/// three languages; a collation table for every script would outweigh the app's catalogue.
fn sort_key(name: &str) -> String {
    name.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' => 'o',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            'أ' | 'إ' | 'آ' => 'ا',
            other => other,
        })
        .collect()
}

/// The countries offered, by their English name. A number from anywhere else is typed with `+`
/// and its code.
pub const COUNTRIES: &[Country] = &[
    c("AU", 61),
    c("AT", 43),
    c("BE", 32),
    c("CA", 1),
    c("DK", 45),
    c("FI", 358),
    c("FR", 33),
    c("DE", 49),
    c("IN", 91),
    c("IE", 353),
    c("IT", 39),
    c("NL", 31),
    c("NZ", 64),
    c("NO", 47),
    c("PL", 48),
    c("PT", 351),
    c("ZA", 27),
    c("ES", 34),
    c("SE", 46),
    c("CH", 41),
    c("GB", 44),
    c("US", 1),
];

/// The country offered first when the system's language names none of the list.
pub const DEFAULT_COUNTRY: &str = "GB";

/// The example shown beside the number field (a United Kingdom mobile number, as dialled there);
/// the service accepts it (a test checks), unlike Ofcom's drama range.
pub const EXAMPLE: &str = "07911 123456";

/// The country with this id (case-insensitive), if it is offered.
pub fn country(id: &str) -> Option<&'static Country> {
    COUNTRIES.iter().find(|c| c.id.eq_ignore_ascii_case(id))
}

/// The one offered country with this calling code (None when several share it, as +1 does).
pub fn country_by_calling_code(code: u16) -> Option<&'static Country> {
    let mut found = COUNTRIES.iter().filter(|c| c.calling_code == code);
    match (found.next(), found.next()) {
        (Some(c), None) => Some(c),
        _ => None,
    }
}

/// The country a language tag names (`en-GB` → United Kingdom), if it is offered.
pub fn country_of_language(tag: &str) -> Option<&'static Country> {
    tag.split(['-', '_', '.']).skip(1).find(|p| p.len() == 2).and_then(country)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn countries_are_sorted_unique_and_found_from_a_language() {
        let en = |c: &Country| c.name().render(haven_i18n::Lang::En);
        assert!(COUNTRIES.windows(2).all(|w| en(&w[0]) < en(&w[1])), "sorted by name");
        assert!(country(DEFAULT_COUNTRY).is_some());
        assert_eq!(country("gb").map(en).as_deref(), Some("United Kingdom"));
        let ids: std::collections::HashSet<&str> = COUNTRIES.iter().map(|c| c.id).collect();
        let names: std::collections::HashSet<String> = COUNTRIES.iter().map(en).collect();
        assert_eq!((ids.len(), names.len()), (COUNTRIES.len(), COUNTRIES.len()), "one name per country");
        for c in COUNTRIES {
            for lang in haven_i18n::Lang::ALL {
                assert!(!c.name().render(lang).starts_with("domain-"), "{} in {lang:?}", c.id);
            }
        }
        // Each language's list in its own order (written out here by hand).
        let order = |lang| countries_in(lang).into_iter().map(|(c, _)| c.id).collect::<Vec<_>>();
        assert_eq!(order(haven_i18n::Lang::En), COUNTRIES.iter().map(|c| c.id).collect::<Vec<_>>());
        assert_eq!(
            order(haven_i18n::Lang::Es),
            [
                "DE", "AU", "AT", "BE", "CA", "DK", "ES", "US", "FI", "FR", "IN", "IE", "IT", "NO", "NZ", "NL", "PL",
                "PT", "GB", "ZA", "SE", "CH"
            ]
        );
        // Arabic: alef's forms as alef (إسبانيا, أستراليا, then the names with ال), and ب after
        // every alef (أيرلندا, إيطاليا, then بلجيكا).
        let ar = order(haven_i18n::Lang::Ar);
        assert_eq!(ar[..4], ["ES", "AU", "PT", "DK"]);
        assert_eq!(ar[11..14], ["IE", "IT", "BE"]);
        assert_eq!(country_of_language("en-GB").map(|c| c.id), Some("GB"));
        assert_eq!(country_of_language("de_AT.UTF-8").map(|c| c.id), Some("AT"));
        assert_eq!(country_of_language("en"), None);
        assert_eq!(country_by_calling_code(44).map(|c| c.id), Some("GB"));
        assert_eq!(country_by_calling_code(1), None, "the United States and Canada share +1");
        assert_eq!(country_of_language("zh-Hans-CN").map(|c| c.id), None, "CN is not offered");
    }
}
