//! Output formats of `check`; see the submodules.
//!
//! Every format is derived from one [`CheckReport`]; each module's `render` gives the
//! whole of what `check` prints on stdout, [`github_summary`] the Markdown
//! for `$GITHUB_STEP_SUMMARY`.
//!
//! | format | for | module |
//! | --- | --- | --- |
//! | `text` | people at a terminal (default) | [`text`] |
//! | `json` | scripts; the documented schema | [`json`] |
//! | `github` | GitHub Actions annotations | [`github`] |
//! | `sarif` | code scanning (SARIF 2.1.0) | [`sarif`] |
//! | `junit` | CI test dashboards (JUnit XML) | [`junit`] |
//! | `compare-locales` | dashboards built on `compare-locales --json` | `crate::compare_locales::report` |
//! | `html` | a page to open in a browser or keep as a CI artefact | [`html`] |
//! | `codequality` | GitLab merge-request code-quality widget | [`codequality`] |

pub mod codequality;
pub mod github;
pub mod html;
pub mod json;
pub mod junit;
pub mod sarif;
pub mod text;

use crate::check::{CheckReport, LocaleStats};
use crate::finding::{Finding, Severity};

/// How the text format looks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TextStyle {
    /// ANSI colours: red errors, yellow warnings, bold file names.
    pub color: bool,
}

impl TextStyle {
    /// Colour when stdout is a terminal, unless `NO_COLOR` is set (and
    /// always when `CLICOLOR_FORCE` is set to something other than `0`).
    pub fn detect() -> TextStyle {
        use std::io::IsTerminal;
        let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty() && v != "0");
        let color = if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) {
            false
        } else {
            set("CLICOLOR_FORCE") || std::io::stdout().is_terminal()
        };
        TextStyle { color }
    }
}

/// Markdown summary with every finding, for `$GITHUB_STEP_SUMMARY`.
pub fn github_summary(report: &CheckReport) -> String {
    github::summary(report)
}

// ---------------------------------------------------------------------------
// Shared by the formats.

/// Locales in the order the report lists them, then any that only findings
/// name (in the order they first appear).
pub(crate) fn locale_order(report: &CheckReport) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    let names = report
        .locales
        .iter()
        .map(|l| l.locale.as_str())
        .chain(report.findings.iter().map(|f| f.locale.as_str()));
    for name in names {
        if !out.contains(&name) {
            out.push(name);
        }
    }
    out
}

/// Findings of each locale that has any, in [`locale_order`], each sorted by
/// file, then position (file-level findings first); stable otherwise.
pub(crate) fn findings_by_locale(report: &CheckReport) -> Vec<(&str, Vec<&Finding>)> {
    locale_order(report)
        .into_iter()
        .filter_map(|locale| {
            let mut list: Vec<&Finding> = report
                .findings
                .iter()
                .filter(|f| f.locale == locale)
                .collect();
            list.sort_by_cached_key(|f| (f.file_name(), f.location));
            (!list.is_empty()).then_some((locale, list))
        })
        .collect()
}

/// How a locale is named in headings (findings may carry none).
pub(crate) fn locale_label(locale: &str) -> &str {
    if locale.is_empty() {
        "(no locale)"
    } else {
        locale
    }
}

/// `fr: 1 error, 2 warnings, 0 notes`: the heading over a locale's findings.
pub(crate) fn locale_heading(locale: &str, findings: &[&Finding]) -> String {
    let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    format!(
        "{}: {}, {}, {}",
        locale_label(locale),
        plural(count(Severity::Error), "error", "errors"),
        plural(count(Severity::Warning), "warning", "warnings"),
        plural(count(Severity::Info), "note", "notes"),
    )
}

/// `87.5%`: one decimal, rounded down so that only a complete locale shows 100%.
pub(crate) fn percent(value: f64) -> String {
    if !value.is_finite() {
        return "-".to_string();
    }
    format!(
        "{:.1}%",
        crate::fluent::coverage::round_down_to_tenth(value)
    )
}

/// A required level: `80%`, `87.5%`, or `-` when advisory.
pub(crate) fn required(value: Option<f64>) -> String {
    match value {
        Some(v) if v.is_finite() && v.fract() == 0.0 => format!("{v:.0}%"),
        Some(v) => format!("{v}%"),
        None => "-".to_string(),
    }
}

/// `3 errors, 1 warning, 2 notes`.
pub(crate) fn counts(report: &CheckReport) -> String {
    let n = |s| report.count(s);
    format!(
        "{}, {}, {}",
        plural(n(Severity::Error), "error", "errors"),
        plural(n(Severity::Warning), "warning", "warnings"),
        plural(n(Severity::Info), "note", "notes"),
    )
}

pub(crate) fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The gate's verdict in one word. `PASS` is kept for a check with no errors at all, so it
/// never stands beside "1 error": a gate that passes only because the locales with errors
/// have no required level is `ADVISORY`. Text, HTML, JUnit and GitHub all use these words.
pub(crate) fn verdict(report: &CheckReport) -> &'static str {
    if !report.gate.passed {
        "FAIL"
    } else if report.count(Severity::Error) > 0 {
        "ADVISORY"
    } else {
        "PASS"
    }
}

/// The verdict line: `PASS (0 errors, …)`, `FAIL (…): reason; reason`, or
/// `ADVISORY (1 error, …): …` naming the advisory locales that have errors.
pub(crate) fn gate_line(report: &CheckReport) -> String {
    let word = verdict(report);
    let mut line = format!("{word} ({})", counts(report));
    if !report.gate.failures.is_empty() {
        line.push_str(": ");
        line.push_str(&report.gate.failures.join("; "));
    } else if let Some(note) = advisory_note(report) {
        line.push_str(": ");
        line.push_str(&note);
    }
    line
}

/// Why an `ADVISORY` gate passes: the locales with errors that nothing is required of.
pub(crate) fn advisory_note(report: &CheckReport) -> Option<String> {
    if verdict(report) != "ADVISORY" {
        return None;
    }
    let (source, others): (Vec<&LocaleStats>, Vec<&LocaleStats>) = report
        .locales
        .iter()
        .filter(|s| locale_result(s) == "ADVISORY")
        .partition(|s| report.gate.source_advisory && s.locale == report.source_locale);
    let mut notes = Vec::new();
    if let Some(s) = source.first() {
        notes.push(format!(
            "the source's own {} ({}) are for its authors and not gated under --locale; \
             check without --locale gates them",
            if s.errors == 1 { "error" } else { "errors" },
            s.errors
        ));
    }
    if !others.is_empty() {
        let named: Vec<String> = others
            .iter()
            .map(|s| format!("{} ({})", s.locale, plural(s.errors, "error", "errors")))
            .collect();
        notes.push(format!(
            "the gate passes (exit 0) only because no completeness is required of {}; \
             set `required` or --min-complete to enforce it",
            named.join(", ")
        ));
    }
    Some(notes.join("; "))
}

/// Column headings of the per-locale progress table (text and Markdown).
pub(crate) const TABLE_HEADINGS: [&str; 11] = [
    "locale",
    "complete",
    "translated",
    "missing",
    "obsolete",
    "stale",
    "errors",
    "warnings",
    "words left",
    "required",
    "result",
];

/// One row of the progress table, as cells under [`TABLE_HEADINGS`].
pub(crate) fn table_row(stats: &LocaleStats) -> [String; 11] {
    [
        stats.locale.clone(),
        percent(stats.complete),
        format!("{}/{}", stats.translated, stats.total),
        stats.missing.to_string(),
        obsolete_cell(stats),
        stats.stale.to_string(),
        stats.errors.to_string(),
        stats.warnings.to_string(),
        stats.missing_words.to_string(),
        required(stats.required),
        locale_result(stats).to_string(),
    ]
}

/// Obsolete messages, and whole obsolete files after them (`2 +1 file`).
fn obsolete_cell(stats: &LocaleStats) -> String {
    match stats.obsolete_files {
        0 => stats.obsolete.to_string(),
        1 => format!("{} +1 file", stats.obsolete),
        n => format!("{} +{n} files", stats.obsolete),
    }
}

/// A locale's result: `FAIL` when it fails the gate, `ADVISORY` when it passes only
/// because nothing is required of it and it has errors, else `PASS` (see [`verdict`]).
pub(crate) fn locale_result(stats: &LocaleStats) -> &'static str {
    if !stats.passed {
        "FAIL"
    } else if stats.errors > 0 {
        "ADVISORY"
    } else {
        "PASS"
    }
}

pub(crate) use crate::project::lock::fnv1a64;

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::check::{Gate, SCHEMA_VERSION};
    use crate::finding::location::Location;
    use crate::finding::Code;

    /// Two locales, findings with and without a location, a message full of
    /// characters every format must escape, Arabic text.
    pub(crate) fn sample() -> CheckReport {
        let fr_line = "welcome = Bienvenue à { $name";
        let ar_line = "about-title = حول منظمة العفو الدولية";
        let findings = vec![
            Finding::new(
                Code::MissingMessage,
                Severity::Warning,
                "fr",
                "locales/fr/about.ftl",
                "message `intro` is not translated",
            )
            .id("intro"),
            Finding::new(
                Code::SyntaxError,
                Severity::Error,
                "fr",
                "locales/fr/site.ftl",
                "expected `}`, found end of line: 100% broken\nsee: docs",
            )
            .at(
                Location {
                    line: 3,
                    column: 21,
                },
                fr_line,
                7,
            )
            .id("welcome"),
            Finding::new(
                Code::Stale,
                Severity::Info,
                "ar",
                "locales/ar/about.ftl",
                "النص المصدر تغيّر <since> & \"last\" 'sync'",
            )
            .at(
                Location {
                    line: 1,
                    column: 15,
                },
                ar_line,
                3,
            )
            .id("about-title"),
            Finding::new(
                Code::SyntaxError,
                Severity::Error,
                "ar",
                "locales/ar/about.ftl",
                "bad\u{1b}[31m control \u{7} chars",
            )
            .at(Location { line: 1, column: 1 }, ar_line, 11)
            .id("about-title"),
        ];
        CheckReport {
            version: SCHEMA_VERSION,
            source_locale: "en".to_string(),
            locales: vec![
                LocaleStats {
                    locale: "fr".to_string(),
                    total: 8,
                    translated: 7,
                    missing: 1,
                    obsolete: 0,
                    stale: 0,
                    with_errors: 1,
                    errors: 1,
                    warnings: 1,
                    missing_words: 42,
                    missing_terms: 0,
                    obsolete_files: 0,
                    complete: 87.5,
                    required: Some(100.0),
                    passed: false,
                },
                LocaleStats {
                    locale: "ar".to_string(),
                    total: 8,
                    translated: 8,
                    missing: 0,
                    obsolete: 1,
                    stale: 1,
                    with_errors: 1,
                    errors: 1,
                    warnings: 0,
                    missing_words: 0,
                    missing_terms: 0,
                    obsolete_files: 0,
                    complete: 100.0,
                    required: None,
                    passed: true,
                },
            ],
            findings,
            pages: Vec::new(),
            gate: Gate {
                passed: false,
                failures: vec!["fr is 87.5% complete, 100% required".to_string()],
                source_advisory: false,
            },
        }
    }

    #[test]
    fn fnv_matches_the_reference_values() {
        assert_eq!(fnv1a64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a64(b"foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn percent_never_rounds_up_to_complete() {
        assert_eq!(percent(99.99), "99.9%");
        assert_eq!(percent(100.0), "100.0%");
        assert_eq!(percent(87.5), "87.5%");
        assert_eq!(percent(100.0 / 3.0), "33.3%");
        assert_eq!(required(Some(80.0)), "80%");
        assert_eq!(required(Some(87.5)), "87.5%");
        assert_eq!(required(None), "-");
    }

    #[test]
    fn findings_are_grouped_by_locale_then_file() {
        let report = sample();
        let groups = findings_by_locale(&report);
        let locales: Vec<&str> = groups.iter().map(|(l, _)| *l).collect();
        assert_eq!(locales, ["fr", "ar"]);
        let fr_files: Vec<String> = groups[0].1.iter().map(|f| f.file_name()).collect();
        assert_eq!(fr_files, ["locales/fr/about.ftl", "locales/fr/site.ftl"]);
        // Same file: by position.
        assert_eq!(groups[1].1[0].location.unwrap().column, 1);
    }

    #[test]
    fn every_format_renders() {
        let report = sample();
        let outputs = [
            ("text", text::render(&report, TextStyle::default())),
            ("json", json::render(&report)),
            ("github", github::render(&report)),
            ("sarif", sarif::render(&report)),
            ("junit", junit::render(&report)),
            (
                "compare-locales",
                crate::compare_locales::report::render(&report, None),
            ),
            ("html", html::render(&report)),
        ];
        for (format, out) in outputs {
            assert!(out.ends_with('\n'), "{format}");
        }
    }
}
