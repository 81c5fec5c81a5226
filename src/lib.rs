//! fluentpress: Fluent message files in, translation findings and localised
//! web and print pages out.
//!
//! Data flows one way, down this list:
//!
//! | stage | reads | gives |
//! | --- | --- | --- |
//! | [`project`] | `fluentpress.toml`, `fluentpress.lock` | `Config`, `Lock` |
//! | [`compare_locales`] | a Mozilla `l10n.toml` project | the same `Config` and catalog, and compare-locales' JSON |
//! | [`fluent`] | `locales/**.ftl` | the `Catalog`, parsed once, spans kept |
//! | [`check`] | config, catalog, lock, templates | `Finding`s and per-locale progress |
//! | [`render`] | config, catalog, templates | HTML for one page × locale |
//! | [`site`] | rendered pages | `out/`, written at once; PDFs; the preview server |
//! | [`report`] | a check's findings | text, JSON, GitHub, SARIF, JUnit, HTML |
//! | [`review`] | config, catalog, templates, a browser | layout `Finding`s, screenshots, the review folder |
//! | [`workflow`] | config, catalog, lock | new locales and synced `.ftl` files |
//! | [`interchange`] | config, catalog, lock; XLIFF and PO files | XLIFF and PO for translators' tools, and their translations written back |
//!
//! [`finding`] (the problem type, its codes and locations) and [`intl`]
//! (CLDR numbers, dates, plurals, direction) are used by every stage and use
//! none of them.

pub mod check;
pub mod compare_locales;
pub mod finding;
pub mod fluent;
pub mod interchange;
pub mod intl;
pub mod project;
pub mod render;
pub mod report;
pub mod review;
pub mod site;
pub mod workflow;
