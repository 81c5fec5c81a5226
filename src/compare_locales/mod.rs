//! Mozilla compare-locales projects, as they are: `l10n.toml` (paths,
//! filters, includes) read into a catalog for `check`, and the JSON
//! `compare-locales --json` writes.
//!
//! [`l10n_toml`] is the project as `check` uses it; the files beside it each
//! hold one part of reading one: [`raw`] the TOML, [`error`] where a problem
//! is, [`paths`] the path patterns, [`keys`] the filter keys' regular
//! expressions, [`project`] the tree of included configs, [`files`] the
//! pairing of l10n and reference files, [`filters`] the `[[filters]]` verdicts.

mod error;
mod files;
mod filters;
mod keys;
pub mod l10n_toml;
mod paths;
mod project;
mod raw;
pub mod report;
