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
