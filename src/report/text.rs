//! The text format, for people: findings grouped by locale, then by file,
//! each as [`Finding`]'s `Display` shows it (with the offending line and a
//! caret under the span), then a progress table and the gate verdict.
//!
//! Colour (when asked for) is laid over that same `Display` output, so the
//! layout of a finding has one implementation. Control characters in the
//! input (a translation may carry an escape sequence) are shown escaped,
//! never sent to the terminal.

use super::{findings_by_locale, gate_line, locale_heading, table_row, TextStyle, TABLE_HEADINGS};
use crate::check::CheckReport;
use crate::finding::{Finding, Severity};
use std::fmt::Write;

const RESET: &str = "\x1b[0m";
const BOLD: &str = "\x1b[1m";
const RED: &str = "\x1b[1;31m";
const YELLOW: &str = "\x1b[1;33m";
const CYAN: &str = "\x1b[1;36m";
const GREEN: &str = "\x1b[1;32m";

pub fn render(report: &CheckReport, style: TextStyle) -> String {
    let mut out = String::new();
    let groups = findings_by_locale(report);
    if groups.is_empty() {
        out.push_str("no findings\n\n");
    }
    for (locale, findings) in &groups {
        let heading = locale_heading(locale, findings);
        out.push_str(&paint(&sanitize(&heading), BOLD, style));
        out.push_str("\n\n");
        for finding in findings {
            out.push_str(&finding_text(finding, style));
            out.push_str("\n\n");
        }
    }
    out.push_str(&table(report, style));
    let verdict = sanitize(&gate_line(report));
    let colour = if report.gate.passed { GREEN } else { RED };
    // Colour only the verdict word.
    match verdict.split_at_checked(4) {
        Some((word, rest)) if style.color => {
            let _ = write!(out, "{colour}{word}{RESET}{rest}");
        }
        _ => out.push_str(&verdict),
    }
    out.push('\n');
    out
}

/// One finding as its `Display` shows it; with colour, the file and position
/// bold, `severity[code]` and the caret in the severity's colour.
pub fn finding_text(finding: &Finding, style: TextStyle) -> String {
    let plain = sanitize(&finding.to_string());
    if !style.color {
        return plain;
    }
    colorize(finding, &plain).unwrap_or(plain)
}

fn colorize(finding: &Finding, plain: &str) -> Option<String> {
    let mut prefix = finding.file.display().to_string();
    if let Some(loc) = finding.location {
        let _ = write!(prefix, ":{loc}");
    }
    let prefix = sanitize(&prefix);
    let label = sanitize(&format!("{}[{}]", finding.severity, finding.code));
    let rest = plain.strip_prefix(&prefix)?.strip_prefix(": ")?;
    let rest = rest.strip_prefix(&label)?;
    let colour = severity_colour(finding.severity);
    let mut out = String::with_capacity(plain.len() + 32);
    let _ = write!(out, "{BOLD}{prefix}{RESET}: {colour}{label}{RESET}");
    // The caret line is the last one when there is a line to show.
    let carets = "^".repeat(finding.span_len);
    match rest.rsplit_once('\n') {
        Some((body, last))
            if finding.line_text.is_some()
                && finding.location.is_some()
                && last.ends_with(&carets) =>
        {
            let (pad, _) = last.split_at(last.len() - carets.len());
            let _ = write!(out, "{body}\n{pad}{colour}{carets}{RESET}");
        }
        _ => out.push_str(rest),
    }
    Some(out)
}

fn severity_colour(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => RED,
        Severity::Warning => YELLOW,
        Severity::Info => CYAN,
    }
}

fn paint(text: &str, colour: &str, style: TextStyle) -> String {
    if style.color {
        format!("{colour}{text}{RESET}")
    } else {
        text.to_string()
    }
}

/// Control characters other than newline and tab, and the bidi embedding, override and
/// isolate controls, shown as Rust escapes (`\u{1b}`, `\u{202e}`): input can neither
/// drive the terminal nor reorder the line a finding shows ("Trojan Source").
/// Every output meant for a terminal or a CI log uses it.
pub fn sanitize(text: &str) -> String {
    if !text.chars().any(is_unsafe) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unsafe(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// The characters [`sanitize`] escapes.
pub fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// The per-locale progress table, columns aligned (numbers to the right).
fn table(report: &CheckReport, style: TextStyle) -> String {
    if report.locales.is_empty() {
        return String::new();
    }
    let header: Vec<String> = TABLE_HEADINGS.iter().map(|h| h.to_string()).collect();
    let rows: Vec<Vec<String>> = report
        .locales
        .iter()
        .map(|stats| table_row(stats).iter().map(|c| sanitize(c)).collect())
        .collect();
    let mut widths = vec![0; header.len()];
    for row in std::iter::once(&header).chain(&rows) {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let last = header.len() - 1;
    let line = |row: &[String], out: &mut String, heading: bool| {
        let mut text = String::new();
        for (i, (cell, &width)) in row.iter().zip(&widths).enumerate() {
            if i > 0 {
                text.push_str("  ");
            }
            let pad = " ".repeat(width - cell.chars().count());
            // The locale and the verdict read left to right; numbers align right.
            let left = i == 0 || i == last;
            let cell = if style.color && !heading && i == last {
                let colour = if cell == "PASS" { GREEN } else { RED };
                format!("{colour}{cell}{RESET}")
            } else {
                cell.clone()
            };
            if left {
                text.push_str(&cell);
                if i != last {
                    text.push_str(&pad);
                }
            } else {
                text.push_str(&pad);
                text.push_str(&cell);
            }
        }
        if heading {
            text = paint(&text, BOLD, style);
        }
        out.push_str(&text);
        out.push('\n');
    };
    let mut out = String::new();
    line(&header, &mut out, true);
    for row in &rows {
        line(row, &mut out, false);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::tests::sample;
    use super::*;

    #[test]
    fn plain_text_has_findings_carets_table_and_verdict() {
        let out = render(&sample(), TextStyle { color: false });
        assert!(!out.contains('\x1b'), "{out}");
        // Display of a finding, then the line and a caret under the span.
        assert!(out.contains(
            "locales/fr/site.ftl:3:21: error[syntax-error]: expected `}`, found end of line"
        ));
        assert!(out.contains("\n   | welcome = Bienvenue à { $name\n"));
        assert!(out.contains(&format!("\n   | {}^^^^^^^\n", " ".repeat(20))));
        // A finding without a location has no caret line.
        assert!(out.contains(
            "locales/fr/about.ftl: warning[missing-message]: message `intro` is not translated\n\n"
        ));
        // Bidi overrides and isolates are shown, not obeyed; joiners that scripts need stay.
        assert_eq!(
            sanitize("id = a\u{202E}b\u{2067}c\u{200D}d"),
            "id = a\\u{202e}b\\u{2067}c\u{200D}d"
        );
        // Arabic passes through untouched; control characters do not.
        assert!(out.contains("النص المصدر تغيّر"));
        assert!(out.contains("bad\\u{1b}[31m control \\u{7} chars"));
        // Grouped by locale, in the report's order.
        let fr = out.find("fr: 1 error, 1 warning, 0 notes").unwrap();
        let ar = out.find("ar: 1 error, 0 warnings, 1 note").unwrap();
        assert!(fr < ar);
        assert!(out
            .trim_end()
            .ends_with("FAIL (2 errors, 1 warning, 1 note): fr is 87.5% complete, 100% required"));
    }

    #[test]
    fn table_columns_line_up() {
        let out = render(&sample(), TextStyle { color: false });
        let lines: Vec<&str> = out
            .lines()
            .skip_while(|l| !l.starts_with("locale "))
            .take(3)
            .collect();
        assert_eq!(lines.len(), 3, "{out}");
        assert!(lines[1].starts_with("fr "));
        assert!(lines[1].contains("87.5%"));
        assert!(lines[1].contains("7/8"));
        assert!(lines[1].ends_with("100%  FAIL"));
        assert!(lines[2].ends_with("   -  PASS"));
        // Right-aligned numbers end at the same column in every row.
        let end_of = |line: &str, cell: &str| line.find(cell).unwrap() + cell.len();
        assert_eq!(end_of(lines[0], "complete"), end_of(lines[1], "87.5%"));
        assert_eq!(end_of(lines[1], "87.5%"), end_of(lines[2], "100.0%"));
        assert_eq!(end_of(lines[0], "words left"), end_of(lines[1], "42"));
        assert_eq!(lines[1].len(), lines[2].len());
    }

    #[test]
    fn colour_only_when_asked() {
        let out = render(&sample(), TextStyle { color: true });
        assert!(out.contains(&format!(
            "{BOLD}locales/fr/site.ftl:3:21{RESET}: {RED}error[syntax-error]{RESET}: expected"
        )));
        assert!(out.contains(&format!("{YELLOW}warning[missing-message]{RESET}")));
        assert!(out.contains(&format!("{}{RED}^^^^^^^{RESET}\n", " ".repeat(20))));
        assert!(out.contains(&format!("{GREEN}PASS{RESET}")));
        assert!(out.contains(&format!("{RED}FAIL{RESET} (2 errors")));
        // The input's own escape sequence is still neutralised.
        assert!(out.contains("bad\\u{1b}[31m"));
    }

    #[test]
    fn no_findings() {
        let mut report = sample();
        report.findings.clear();
        report.gate.passed = true;
        report.gate.failures.clear();
        let out = render(&report, TextStyle { color: false });
        assert!(out.starts_with("no findings\n"));
        assert!(out.ends_with("PASS (0 errors, 0 warnings, 0 notes)\n"));
    }
}
