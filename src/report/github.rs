//! `check --format github`: GitHub Actions workflow commands, one annotation
//! per finding, and the Markdown step summary with every finding.
//!
//! GitHub shows at most 10 annotations of each kind (error, warning, notice)
//! per step, so errors come first, then warnings, then notes; a plain line
//! after them says how many findings there are and where the full list is.

use super::{
    counts, findings_by_locale, gate_line, locale_label, locale_result, plural, table_row, verdict,
    TABLE_HEADINGS,
};
use crate::check::CheckReport;
use crate::finding::{Finding, Severity};
use std::fmt::Write;

/// GitHub refuses a step summary over 1 MiB; stop adding findings before it.
const SUMMARY_LIMIT: usize = 1000 * 1000;

pub fn render(report: &CheckReport) -> String {
    let mut out = String::new();
    for severity in [Severity::Error, Severity::Warning, Severity::Info] {
        for (_, findings) in findings_by_locale(report) {
            for finding in findings.into_iter().filter(|f| f.severity == severity) {
                out.push_str(&annotation(finding));
                out.push('\n');
            }
        }
    }
    let total = report.findings.len();
    let _ = writeln!(
        out,
        "fluentpress: {} ({}); GitHub shows at most 10 annotations of each kind, \
         the full list is in the step summary",
        plural(total, "finding", "findings"),
        counts(report),
    );
    let _ = writeln!(out, "fluentpress: {}", one_line(&gate_line(report)));
    out
}

/// `::error file=…,line=…,col=…,title=…::message`.
pub fn annotation(finding: &Finding) -> String {
    let command = match finding.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    };
    let mut props = Vec::new();
    let file = finding.file_name();
    if !file.is_empty() {
        props.push(format!("file={}", escape_property(&file)));
    }
    if let Some(loc) = finding.location {
        props.push(format!("line={}", loc.line));
        props.push(format!("col={}", loc.column));
    }
    let mut title = format!("{} ({}", finding.code, locale_label(&finding.locale));
    if let Some(id) = &finding.id {
        let _ = write!(title, ": {id}");
    }
    title.push(')');
    props.push(format!("title={}", escape_property(&title)));
    format!(
        "::{command} {}::{}",
        props.join(","),
        escape_data(&finding.message)
    )
}

/// The message of a workflow command: `%`, CR and LF encoded.
pub fn escape_data(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            // Other control characters (a translation may carry an escape
            // sequence) and bidi controls shown as Rust escapes, never sent to the log.
            c if crate::report::text::is_unsafe(c) => out.extend(c.escape_default()),
            c => out.push(c),
        }
    }
    out
}

/// A property value of a workflow command: as [`escape_data`], plus `:` and `,`.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// A plain line must not turn into a workflow command or spill onto others.
fn one_line(text: &str) -> String {
    let text = text.replace(['\r', '\n'], " ");
    match text.strip_prefix("::") {
        Some(rest) => format!(": :{rest}"),
        None => text,
    }
}

/// Markdown for `$GITHUB_STEP_SUMMARY`: the verdict, a progress table per
/// locale, why the gate failed, pages that are not published, and every
/// finding in a table per locale.
pub fn summary(report: &CheckReport) -> String {
    let mut out = String::new();
    let verdict = match verdict(report) {
        "FAIL" => "❌ failed",
        "ADVISORY" => "⚠️ passed, with errors in advisory locales",
        _ => "✅ passed",
    };
    let _ = writeln!(out, "## fluentpress check {verdict}\n");
    let _ = writeln!(
        out,
        "{} ({}).\n",
        plural(report.findings.len(), "finding", "findings"),
        counts(report)
    );

    if !report.locales.is_empty() {
        out.push_str(&table_line(TABLE_HEADINGS.iter().map(|h| h.to_string())));
        let align = TABLE_HEADINGS
            .iter()
            .enumerate()
            .map(|(i, _)| {
                if i == 0 || i == TABLE_HEADINGS.len() - 1 {
                    "---"
                } else {
                    "---:"
                }
            })
            .collect::<Vec<_>>()
            .join(" | ");
        let _ = writeln!(out, "| {align} |");
        for stats in &report.locales {
            let mut row = table_row(stats);
            let result = locale_result(stats);
            let mark = match result {
                "FAIL" => "❌",
                "ADVISORY" => "⚠️",
                _ => "✅",
            };
            row[row.len() - 1] = format!("{mark} {result}");
            out.push_str(&table_line(row.iter().map(|c| cell(c))));
        }
        out.push('\n');
    }

    if !report.gate.failures.is_empty() {
        out.push_str("**The gate failed:**\n\n");
        for failure in &report.gate.failures {
            let _ = writeln!(out, "- {}", cell(failure));
        }
        out.push('\n');
    }

    let unpublished: Vec<_> = report.pages.iter().filter(|p| !p.published).collect();
    if !unpublished.is_empty() {
        out.push_str("### Pages not published\n\n");
        out.push_str("| page | locale | translated | why |\n| --- | --- | ---: | --- |\n");
        for p in unpublished {
            out.push_str(&table_line(
                [
                    cell(&p.page),
                    cell(&p.locale),
                    format!(
                        "{}/{} ({})",
                        p.translated,
                        p.total,
                        super::percent(p.percent)
                    ),
                    cell(&p.reason),
                ]
                .into_iter(),
            ));
        }
        out.push('\n');
    }

    let groups = findings_by_locale(report);
    if !groups.is_empty() {
        out.push_str("### Findings\n\n");
    }
    let mut shown = 0;
    'locales: for (locale, findings) in &groups {
        let _ = writeln!(
            out,
            "#### {} ({})\n\n| | file | line | code | message id | message |\n\
             | --- | --- | ---: | --- | --- | --- |",
            cell(locale_label(locale)),
            plural(findings.len(), "finding", "findings")
        );
        for finding in findings {
            let row = finding_row(finding);
            if out.len() + row.len() > SUMMARY_LIMIT {
                let _ = writeln!(
                    out,
                    "\n**{} more not shown** (a step summary is limited to 1 MiB); \
                     run `fluentpress check` or use `--format json` for all of them.",
                    plural(report.findings.len() - shown, "finding", "findings")
                );
                break 'locales;
            }
            out.push_str(&row);
            shown += 1;
        }
        out.push('\n');
    }
    out
}

fn finding_row(f: &Finding) -> String {
    let mark = match f.severity {
        Severity::Error => "❌ error",
        Severity::Warning => "⚠️ warning",
        Severity::Info => "ℹ️ note",
    };
    let line = f
        .location
        .map(|l| format!("{}:{}", l.line, l.column))
        .unwrap_or_default();
    table_line(
        [
            mark.to_string(),
            cell(&f.file_name()),
            line,
            cell(f.code.as_str()),
            f.id.as_deref().map(cell).unwrap_or_default(),
            cell(&f.message),
        ]
        .into_iter(),
    )
}

fn table_line(cells: impl Iterator<Item = String>) -> String {
    let cells: Vec<String> = cells.collect();
    format!("| {} |\n", cells.join(" | "))
}

/// Text for a Markdown table cell: Markdown and HTML syntax escaped (`|`
/// above all), line breaks as `<br>`, other control characters dropped.
pub fn cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '&' | '#' | '!' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push_str("<br>"),
            '\t' => out.push(' '),
            c if c.is_control() => {}
            c if crate::report::text::is_unsafe(c) => out.extend(c.escape_default()),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::tests::sample;
    use super::*;
    use crate::finding::Code;

    #[test]
    fn annotations_are_escaped_and_ordered() {
        let out = render(&sample());
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 6, "{out}");
        // Errors first (in locale order), then warnings, then notices.
        assert!(lines[0].starts_with("::error file=locales/fr/site.ftl,line=3,col=21,"));
        assert!(lines[1].starts_with("::error file=locales/ar/about.ftl,line=1,col=1,"));
        assert!(lines[2].starts_with("::warning file=locales/fr/about.ftl,title="));
        assert!(lines[3].starts_with("::notice file=locales/ar/about.ftl,line=1,col=15,"));
        assert_eq!(
            lines[0],
            "::error file=locales/fr/site.ftl,line=3,col=21,title=syntax-error (fr%3A welcome)\
             ::expected `}`, found end of line: 100%25 broken%0Asee: docs"
        );
        assert_eq!(
            lines[2],
            "::warning file=locales/fr/about.ftl,title=missing-message (fr%3A intro)\
             ::message `intro` is not translated"
        );
        assert!(lines[1].ends_with("::bad\\u{1b}[31m control \\u{7} chars"));
        assert!(lines[3].ends_with("::النص المصدر تغيّر <since> & \"last\" 'sync'"));
        assert_eq!(
            lines[4],
            "fluentpress: 4 findings (2 errors, 1 warning, 1 note); GitHub shows at most \
             10 annotations of each kind, the full list is in the step summary"
        );
        assert!(lines[5].starts_with("fluentpress: FAIL"));
    }

    #[test]
    fn escaping_rules() {
        assert_eq!(escape_data("a%b\r\nc:d,e"), "a%25b%0D%0Ac:d,e");
        assert_eq!(escape_data("x\u{1b}[31m\ty"), "x\\u{1b}[31m\ty");
        assert_eq!(escape_property("a%b\r\nc:d,e"), "a%25b%0D%0Ac%3Ad%2Ce");
        let mut f = Finding::new(Code::Stale, Severity::Error, "fr", "dir,1/a:b.ftl", "m");
        f.id = Some("id,with:colon".into());
        assert_eq!(
            annotation(&f),
            "::error file=dir%2C1/a%3Ab.ftl,title=stale (fr%3A id%2Cwith%3Acolon)::m"
        );
    }

    #[test]
    fn summary_lists_every_finding_escaped() {
        let out = summary(&sample());
        assert!(out.starts_with("## fluentpress check ❌ failed\n"));
        assert!(out.contains("| locale | complete | translated |"));
        assert!(out.contains("| fr | 87.5% | 7/8 | 1 | 0 | 0 | 1 | 1 | 42 | 100% | ❌ FAIL |"));
        assert!(out.contains("| ar | 100.0% | 8/8 |"));
        assert!(out.contains("- fr is 87.5% complete, 100% required"));
        let fr = out.find("#### fr (2 findings)").unwrap();
        let ar = out.find("#### ar (2 findings)").unwrap();
        assert!(fr < ar);
        assert!(out.contains(
            "| ❌ error | locales/fr/site.ftl | 3:21 | syntax-error | welcome | \
             expected \\`}\\`, found end of line: 100% broken<br>see: docs |"
        ));
        assert!(out.contains("\\<since\\> \\& \"last\" 'sync' |"));
        assert!(out.contains("| ⚠️ warning | locales/fr/about.ftl |  | missing-message |"));
        // Every table row has the same number of unescaped pipes.
        for line in out
            .lines()
            .filter(|l| l.starts_with("| ") && l.contains("ftl"))
        {
            let pipes = line.replace("\\|", "").matches('|').count();
            assert_eq!(pipes, 7, "{line}");
        }
        assert_eq!(cell("a|b\nc"), "a\\|b<br>c");
    }

    #[test]
    fn summary_stays_under_the_limit() {
        let mut report = sample();
        let big = "x".repeat(2000);
        report.findings = (0..1000)
            .map(|i| {
                Finding::new(
                    Code::EmptyValue,
                    Severity::Warning,
                    "fr",
                    "f.ftl",
                    format!("{i} {big}"),
                )
            })
            .collect();
        let out = summary(&report);
        assert!(out.len() <= SUMMARY_LIMIT + 1000, "{}", out.len());
        assert!(out.contains("more not shown"));
    }

    #[test]
    fn bidi_controls_are_escaped_in_annotations() {
        assert_eq!(escape_data("a\u{202E}b\u{2067}c"), "a\\u{202e}b\\u{2067}c");
        assert_eq!(cell("a\u{202E}b"), "a\\u{202e}b");
    }
}
