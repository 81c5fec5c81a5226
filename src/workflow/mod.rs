//! What translators run to keep a locale in line with the source:
//! scaffolding a new locale and syncing its files.

pub mod init;
pub mod new_locale;
pub mod sync;
