//! Mozilla compare-locales projects, as they are: `l10n.toml` (paths,
//! filters, includes) read into a catalog for `check`, and the JSON
//! `compare-locales --json` writes.

pub mod l10n_toml;
pub mod report;
