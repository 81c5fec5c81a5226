//! `check --render`: the layout findings `review` measures in the browser
//! (`text-overflow`, `missing-glyph`, `print-overflow`, `title-length`), put into a
//! check's report so that every `--format` shows them and the gate weighs them like
//! the findings read from the `.ftl` files.

use super::{finish_stats, sort_findings, CheckOptions, CheckReport};
use crate::finding::Finding;
use crate::project::config::Config;

/// Adds `layout` (severity overrides already applied, as `review` gives them) to
/// `report` in its order, and decides the gate again over every finding.
///
/// The browser measures the source page even when only other locales are checked
/// (`check --changed locales/fr/…`); findings about a locale the report does not
/// cover are left out, as its own checks were.
pub fn add_layout_findings(
    config: &Config,
    options: &CheckOptions,
    report: &mut CheckReport,
    layout: Vec<Finding>,
) {
    let checked: Vec<&str> = report.locales.iter().map(|s| s.locale.as_str()).collect();
    let layout: Vec<Finding> = layout
        .into_iter()
        .filter(|f| checked.contains(&f.locale.as_str()))
        .collect();
    report.findings.extend(layout);
    // Stable, and the order every locale's findings already have: only the new ones move.
    sort_findings(config, &mut report.findings);
    report.gate = finish_stats(config, options, &mut report.locales, &report.findings);
}
