//! The `l10n.toml` format as serde reads it, every value with its span so
//! that errors can point at it.

use serde::Deserialize;
use std::collections::BTreeMap;
use toml::Spanned;

#[derive(Debug, Deserialize)]
pub(super) struct RawFile {
    pub(super) basepath: Option<Spanned<String>>,
    pub(super) locales: Option<Spanned<Vec<String>>>,
    #[serde(default)]
    pub(super) env: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    pub(super) paths: Vec<Spanned<RawPaths>>,
    #[serde(default)]
    pub(super) filters: Vec<Spanned<RawFilter>>,
    #[serde(default)]
    pub(super) includes: Vec<Spanned<RawChild>>,
    #[serde(default)]
    pub(super) excludes: Vec<Spanned<RawChild>>,
}

#[derive(Debug, Deserialize)]
pub(super) struct RawPaths {
    pub(super) reference: Option<Spanned<String>>,
    pub(super) l10n: Spanned<String>,
    pub(super) locales: Option<Vec<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub(super) enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    pub(super) fn list(&self) -> Vec<String> {
        match self {
            OneOrMany::One(s) => vec![s.clone()],
            OneOrMany::Many(v) => v.clone(),
        }
    }
}

#[derive(Debug, Deserialize)]
pub(super) struct RawFilter {
    pub(super) path: Spanned<OneOrMany>,
    pub(super) key: Option<Spanned<OneOrMany>>,
    pub(super) action: Spanned<String>,
}

#[derive(Debug, Deserialize)]
pub(super) struct RawChild {
    pub(super) path: Spanned<String>,
}
