//! `check --format codequality`: GitLab's code-quality report (a subset of
//! the Code Climate issue format), for `artifacts:reports:codequality`.
//!
//! - A JSON array, one issue per finding: `description`, `check_name` (the
//!   finding code), `fingerprint`, `severity`, `location.path` and
//!   `location.lines.begin`.
//! - Severities: error → `major`, warning → `minor`, note → `info` (as ESLint's
//!   Code Climate formatter maps its own levels, so the widget ranks alike).
//! - Paths are relative to the project root, as in every format; a finding
//!   without a file is placed on `fluentpress.toml` line 1, since GitLab drops
//!   an issue without a path.
//! - `fingerprint` is the SARIF fingerprint (stable when lines move), made
//!   unique within the report: GitLab keeps only one issue per fingerprint, so
//!   a second finding with the same identity (an id defined twice) gets the
//!   hash of the fingerprint and its occurrence number.

use super::{fnv1a64, locale_label};
use crate::check::CheckReport;
use crate::finding::{Finding, Severity};
use crate::project::config::CONFIG_FILE;
use serde_json::{json, Value};
use std::collections::HashSet;

pub fn render(report: &CheckReport) -> String {
    // Serializing a `Value` cannot fail.
    let mut out = serde_json::to_string_pretty(&issues(report)).expect("issues serialize");
    out.push('\n');
    out
}

/// The report as a JSON array of issues, in the order the findings came.
pub fn issues(report: &CheckReport) -> Value {
    let mut seen = HashSet::new();
    let issues: Vec<Value> = report
        .findings
        .iter()
        .map(|f| {
            let base = super::sarif::fingerprint(f);
            let mut fingerprint = base.clone();
            let mut n = 1u32;
            while !seen.insert(fingerprint.clone()) {
                n += 1;
                let input = format!("{base}\0{n}");
                fingerprint = format!("{:016x}", fnv1a64(input.as_bytes()));
            }
            issue(f, fingerprint)
        })
        .collect();
    Value::Array(issues)
}

fn issue(f: &Finding, fingerprint: String) -> Value {
    let mut path = f.file_name();
    if path.is_empty() {
        path = CONFIG_FILE.to_string();
    }
    json!({
        "description": description(f),
        "check_name": f.code,
        "fingerprint": fingerprint,
        "severity": severity(f.severity),
        "location": {
            "path": path,
            "lines": { "begin": f.location.map_or(1, |l| l.line) },
        },
    })
}

/// `fr: welcome: the message`: the widget lists issues without their locale or id
/// otherwise. Bidi and control characters are escaped: GitLab shows the text in a page,
/// where an override could make it read differently from what it holds.
fn description(f: &Finding) -> String {
    let mut text = locale_label(&f.locale).to_string();
    if let Some(id) = &f.id {
        text.push_str(": ");
        text.push_str(id);
    }
    text.push_str(": ");
    text.push_str(&f.message);
    crate::report::text::sanitize(&text)
}

pub fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "major",
        Severity::Warning => "minor",
        Severity::Info => "info",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::tests::sample;

    #[test]
    fn one_issue_per_finding_with_the_fields_gitlab_reads() {
        let report = sample();
        let value: Value = serde_json::from_str(&render(&report)).unwrap();
        let issues = value.as_array().unwrap();
        assert_eq!(issues.len(), report.findings.len());
        let syntax = &issues[1];
        assert_eq!(syntax["check_name"], "syntax-error");
        assert_eq!(syntax["severity"], "major");
        assert_eq!(syntax["location"]["path"], "locales/fr/site.ftl");
        assert_eq!(syntax["location"]["lines"]["begin"], 3);
        assert!(syntax["description"]
            .as_str()
            .unwrap()
            .starts_with("fr: welcome: expected `}`"));
        // Without a location: line 1 of its file.
        assert_eq!(issues[0]["location"]["lines"]["begin"], 1);
        assert_eq!(issues[0]["severity"], "minor");
        assert_eq!(issues[2]["severity"], "info");
        for issue in issues {
            let keys: Vec<&String> = issue.as_object().unwrap().keys().collect();
            assert_eq!(
                keys,
                [
                    "check_name",
                    "description",
                    "fingerprint",
                    "location",
                    "severity"
                ]
            );
        }
    }

    #[test]
    fn control_characters_are_escaped() {
        let out = render(&sample());
        assert!(!out.contains('\u{1b}'), "{out}");
        assert!(out.contains("\\\\u{1b}"), "{out}");
    }

    #[test]
    fn fingerprints_are_unique_and_stable() {
        let mut report = sample();
        let twin = report.findings[1].clone();
        report.findings.push(twin.clone());
        report.findings.push(twin);
        let value = issues(&report);
        let prints: Vec<&str> = value
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["fingerprint"].as_str().unwrap())
            .collect();
        let unique: HashSet<&&str> = prints.iter().collect();
        assert_eq!(unique.len(), prints.len(), "{prints:?}");
        assert_eq!(
            prints[1],
            crate::report::sarif::fingerprint(&report.findings[1])
        );
        assert_eq!(
            value,
            issues(&report),
            "the same report gives the same prints"
        );
    }

    #[test]
    fn a_finding_without_a_file_is_placed_on_the_config() {
        let mut report = sample();
        report.findings.truncate(1);
        report.findings[0].file = Default::default();
        let value = issues(&report);
        assert_eq!(value[0]["location"]["path"], CONFIG_FILE);
    }
}
