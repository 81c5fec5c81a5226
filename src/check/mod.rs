//! `check`: every finding for every locale, per-locale progress, and the
//! gate CI decides on.

use crate::coverage::PageCoverage;
use crate::finding::{Finding, Severity};
use serde::Serialize;

/// Version of the JSON schema of [`CheckReport`] (`--format json`).
pub const SCHEMA_VERSION: u32 = 1;

/// Everything `check` found; every output format is derived from it.
#[derive(Debug, Clone, Serialize)]
pub struct CheckReport {
    pub version: u32,
    pub source_locale: String,
    pub locales: Vec<LocaleStats>,
    pub findings: Vec<Finding>,
    /// Per page and locale: whether it is ready to publish, as `build` decides.
    pub pages: Vec<PageCoverage>,
    pub gate: Gate,
}

/// Progress of one locale against the source.
#[derive(Debug, Clone, Default, Serialize)]
pub struct LocaleStats {
    pub locale: String,
    /// Source messages (terms excluded: they are private to each locale).
    pub total: usize,
    pub translated: usize,
    pub missing: usize,
    pub obsolete: usize,
    pub stale: usize,
    /// Messages with at least one error finding.
    pub with_errors: usize,
    pub errors: usize,
    pub warnings: usize,
    /// Source words still to translate (CJK counted by character).
    pub missing_words: usize,
    /// Percentage of source messages translated.
    pub complete: f64,
    /// Completeness the config or `--min-complete` demands; `None` when advisory.
    pub required: Option<f64>,
    /// Whether this locale passes the gate.
    pub passed: bool,
}

/// The verdict CI acts on.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Gate {
    pub passed: bool,
    /// One line per reason the gate failed.
    pub failures: Vec<String>,
}

impl CheckReport {
    pub fn count(&self, severity: Severity) -> usize {
        self.findings.iter().filter(|f| f.severity == severity).count()
    }
}
