//! Mobile numbers as people type them: the countries offered beside the number field, so a
//! number may be typed the way it is written at home (`07911 123456`) and an error can name
//! the country ("doesn't look right for the United Kingdom").

/// A country a mobile number can be from (ISO 3166-1 alpha-2 id, as phone metadata uses).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Country {
    pub id: &'static str,
    pub name: &'static str,
    pub calling_code: u16,
}

impl Country {
    /// The name as it reads in a sentence: "the United Kingdom", "France".
    pub fn in_sentence(&self) -> String {
        if matches!(self.id, "GB" | "US" | "NL") {
            format!("the {}", self.name)
        } else {
            self.name.to_owned()
        }
    }
}

const fn c(id: &'static str, name: &'static str, calling_code: u16) -> Country {
    Country { id, name, calling_code }
}

/// The countries offered, by name. A number from anywhere else is typed with `+` and its code.
pub const COUNTRIES: &[Country] = &[
    c("AU", "Australia", 61),
    c("AT", "Austria", 43),
    c("BE", "Belgium", 32),
    c("CA", "Canada", 1),
    c("DK", "Denmark", 45),
    c("FI", "Finland", 358),
    c("FR", "France", 33),
    c("DE", "Germany", 49),
    c("IN", "India", 91),
    c("IE", "Ireland", 353),
    c("IT", "Italy", 39),
    c("NL", "Netherlands", 31),
    c("NZ", "New Zealand", 64),
    c("NO", "Norway", 47),
    c("PL", "Poland", 48),
    c("PT", "Portugal", 351),
    c("ZA", "South Africa", 27),
    c("ES", "Spain", 34),
    c("SE", "Sweden", 46),
    c("CH", "Switzerland", 41),
    c("GB", "United Kingdom", 44),
    c("US", "United States", 1),
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
        assert!(COUNTRIES.windows(2).all(|w| w[0].name < w[1].name), "sorted by name");
        assert!(country(DEFAULT_COUNTRY).is_some());
        assert_eq!(country("gb").map(|c| c.name), Some("United Kingdom"));
        assert_eq!(country_of_language("en-GB").map(|c| c.id), Some("GB"));
        assert_eq!(country_of_language("de_AT.UTF-8").map(|c| c.id), Some("AT"));
        assert_eq!(country_of_language("en"), None);
        assert_eq!(country_by_calling_code(44).map(|c| c.id), Some("GB"));
        assert_eq!(country_by_calling_code(1), None, "the United States and Canada share +1");
        assert_eq!(country_of_language("zh-Hans-CN").map(|c| c.id), None, "CN is not offered");
    }
}
