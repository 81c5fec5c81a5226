//! Text direction, for `<html dir>`.

use icu_locale::{Direction as IcuDirection, LocaleDirectionality};
use unic_langid::LanguageIdentifier;

/// Text direction of a locale, for `<html dir>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Ltr,
    Rtl,
}

impl std::fmt::Display for Direction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Direction {
    /// The value of the HTML `dir` attribute.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Ltr => "ltr",
            Direction::Rtl => "rtl",
        }
    }
}

/// Direction from CLDR's likely script (so `yi`, `dv` and `az-Arab` are RTL, `ar-Latn` LTR).
/// The extended likely-subtags set is used because the common one misses `yi` and `dv`.
/// Unknown languages are LTR.
pub fn direction(langid: &LanguageIdentifier) -> Direction {
    let Ok(id) = icu_locale_core::LanguageIdentifier::try_from_str(&langid.to_string()) else {
        return Direction::Ltr;
    };
    match LocaleDirectionality::new_extended().get(&id) {
        Some(IcuDirection::RightToLeft) => Direction::Rtl,
        _ => Direction::Ltr,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::intl::test_support::langid;

    #[test]
    fn direction_from_cldr() {
        for tag in [
            "ar", "he", "fa", "ur", "yi", "dv", "az-Arab", "ar-EG", "ps", "ckb",
        ] {
            assert_eq!(direction(&langid(tag)), Direction::Rtl, "{tag}");
        }
        for tag in ["en", "fr", "zh-Hans", "hi", "ru", "az", "ar-Latn", "xx"] {
            assert_eq!(direction(&langid(tag)), Direction::Ltr, "{tag}");
        }
        assert_eq!(Direction::Rtl.as_str(), "rtl");
    }
}
