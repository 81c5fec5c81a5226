//! fluentpress: Fluent message files in, translation findings and localised
//! web and print pages out.
//!
//! Data flows one way: [`config`] → [`catalog`] → [`validate`] / [`coverage`]
//! → [`render`] → [`build`] writes `out/`.

pub mod bilingual;
pub mod build;
pub mod catalog;
pub mod check;
pub mod config;
pub mod coverage;
pub mod finding;
pub mod intl;
pub mod l10n_toml;
pub mod locale_names;
pub mod location;
pub mod lock;
pub mod markup;
pub mod pdf;
pub mod pseudo;
pub mod references;
pub mod render;
pub mod report;
pub mod serve;
pub mod sync;
pub mod validate;
