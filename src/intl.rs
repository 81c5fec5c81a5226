//! Temporary: replaced by the ICU4X module.
use crate::config::Direction;
use unic_langid::LanguageIdentifier;

pub fn direction(langid: &LanguageIdentifier) -> Direction {
    if langid.character_direction() == unic_langid::CharacterDirection::RTL {
        Direction::Rtl
    } else {
        Direction::Ltr
    }
}

pub fn install(
    bundle: &mut fluent_bundle::concurrent::FluentBundle<
        std::sync::Arc<fluent_bundle::FluentResource>,
    >,
    _locale: &crate::config::LocaleConfig,
) {
    let _ = bundle.add_builtins();
}

pub fn default_numbering_system(langid: &LanguageIdentifier) -> String {
    match langid.language.as_str() {
        "ar" => "arab".into(),
        _ => "latn".into(),
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum PluralKind {
    #[default]
    Cardinal,
    Ordinal,
}

#[derive(Debug, thiserror::Error)]
#[error("no plural rules for {0}")]
pub struct IntlError(String);

pub fn plural_categories(
    langid: &LanguageIdentifier,
    kind: PluralKind,
) -> Result<Vec<(&'static str, String)>, IntlError> {
    use intl_pluralrules::{PluralRuleType, PluralRules};
    let rt = match kind {
        PluralKind::Cardinal => PluralRuleType::CARDINAL,
        PluralKind::Ordinal => PluralRuleType::ORDINAL,
    };
    let pr = PluralRules::create(langid.clone(), rt).map_err(|e| IntlError(e.to_string()))?;
    let mut out: Vec<(&'static str, String)> = Vec::new();
    for n in 0..200u32 {
        let cat = match pr.select(n).map_err(|e| IntlError(e.to_string()))? {
            intl_pluralrules::PluralCategory::ZERO => "zero",
            intl_pluralrules::PluralCategory::ONE => "one",
            intl_pluralrules::PluralCategory::TWO => "two",
            intl_pluralrules::PluralCategory::FEW => "few",
            intl_pluralrules::PluralCategory::MANY => "many",
            intl_pluralrules::PluralCategory::OTHER => "other",
        };
        match out.iter_mut().find(|(c, _)| *c == cat) {
            Some((_, ex)) => {
                if ex.split(", ").count() < 5 {
                    ex.push_str(&format!(", {n}"));
                }
            }
            None => out.push((cat, n.to_string())),
        }
    }
    Ok(out)
}
