//! The project as the user wrote it: `fluentpress.toml`, the lock of which
//! source text each translation was made from, and the names of locales.
//! Everything here is read before any message is parsed.

pub mod changes;
pub mod config;
pub mod git;
pub mod locale_names;
pub mod lock;
pub mod process;
pub mod schema;
pub mod walk;
