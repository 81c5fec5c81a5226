//! The text format, for people: findings grouped by locale, then by file,
//! each as [`Finding`]'s `Display` shows it (with the offending line and a
//! caret under the span), then a progress table and the gate verdict.
//!
//! Colour (when asked for) is laid over that same `Display` output, so the
//! layout of a finding has one implementation. Control characters in the
//! input (a translation may carry an escape sequence) are shown escaped,
//! never sent to the terminal.

use super::{
    findings_by_locale, gate_line, locale_heading, plural, table_row, verdict, TextStyle,
    TABLE_HEADINGS,
};
use crate::check::CheckReport;
use crate::finding::{Code, Finding, Severity};
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;

const RESET: &str = "\x1b[0m";
const BOLD: &str = "\x1b[1m";
const RED: &str = "\x1b[1;31m";
const YELLOW: &str = "\x1b[1;33m";
const CYAN: &str = "\x1b[1;36m";
const GREEN: &str = "\x1b[1;32m";

/// What the text format shows beyond the findings themselves.
#[derive(Clone, Debug, Default)]
pub struct TextOptions {
    pub style: TextStyle,
    /// `check --locale` without `--show-source`: a translator asked about their own
    /// locale, so the source locale's findings (not theirs to fix) are one line.
    pub summarise_source: bool,
    /// The source text of message parts by id (`id`, `id.attr`, `-term`), shown under
    /// `missing-message` and `stale` so the translator sees what to translate.
    pub source_texts: BTreeMap<String, String>,
}

/// How long a source text under a finding may be, in characters.
const SOURCE_TEXT_WIDTH: usize = 80;

pub fn render(report: &CheckReport, style: TextStyle) -> String {
    render_with(
        report,
        &TextOptions {
            style,
            ..TextOptions::default()
        },
    )
}

pub fn render_with(report: &CheckReport, options: &TextOptions) -> String {
    let style = options.style;
    let mut out = String::new();
    let groups = findings_by_locale(report);
    if groups.is_empty() {
        out.push_str("no findings\n\n");
    }
    for (locale, findings) in &groups {
        let heading = locale_heading(locale, findings);
        if options.summarise_source && *locale == report.source_locale {
            let line = format!(
                "{}: {} in the source itself ({}); --show-source to list them",
                locale,
                plural(findings.len(), "finding", "findings"),
                heading.split_once(": ").map_or("", |(_, counts)| counts),
            );
            out.push_str(&paint(&sanitize(&line), BOLD, style));
            out.push_str("\n\n");
            continue;
        }
        out.push_str(&paint(&sanitize(&heading), BOLD, style));
        out.push_str("\n\n");
        for (finding, others) in identical_groups(findings) {
            out.push_str(&finding_text(finding, style));
            if !others.is_empty() {
                out.push_str(&repeat_note(finding, &others));
            }
            if let Some(text) = source_text(finding, options) {
                let _ = write!(out, "\n   = {}: {}", report.source_locale, sanitize(&text));
            }
            out.push_str("\n\n");
        }
    }
    out.push_str(&table(report, style));
    let verdict_line = sanitize(&gate_line(report));
    let word = verdict(report);
    // Colour only the verdict word.
    match verdict_line.strip_prefix(word) {
        Some(rest) if style.color => {
            let _ = write!(out, "{}{word}{RESET}{rest}", result_colour(word));
        }
        _ => out.push_str(&verdict_line),
    }
    out.push('\n');
    out
}

/// Findings that say the same thing about the same file, printed once: same
/// locale (they are grouped by it already), code, severity, file and message
/// text. The position is left out on purpose: a broken term or a message used
/// in several places is reported at each use with the same words, and the
/// translator fixes it once. Each group keeps the first finding (the one shown,
/// in file order) and the others, whose positions are listed.
fn identical_groups<'a>(findings: &[&'a Finding]) -> Vec<(&'a Finding, Vec<&'a Finding>)> {
    let mut groups: Vec<(&Finding, Vec<&Finding>)> = Vec::new();
    let mut index: HashMap<(Code, Severity, &std::path::Path, &str), usize> = HashMap::new();
    for f in findings {
        let key = (f.code, f.severity, f.file.as_path(), f.message.as_str());
        match index.get(&key) {
            Some(&i) => groups[i].1.push(f),
            None => {
                index.insert(key, groups.len());
                groups.push((f, Vec::new()));
            }
        }
    }
    groups
}

/// `(×3; also at 38:18, 43:18)` after a finding shown once for several.
fn repeat_note(first: &Finding, others: &[&Finding]) -> String {
    let mut note = format!("\n   = (×{})", others.len() + 1);
    let mut places: Vec<String> = Vec::new();
    for f in others {
        if let Some(loc) = f.location.filter(|l| Some(*l) != first.location) {
            let place = loc.to_string();
            if !places.contains(&place) {
                places.push(place);
            }
        }
    }
    if !places.is_empty() {
        let _ = write!(note, " also at {}", places.join(", "));
    }
    note
}

/// The source text a `missing-message` or `stale` finding is about, on one line,
/// shortened to [`SOURCE_TEXT_WIDTH`] characters.
fn source_text(finding: &Finding, options: &TextOptions) -> Option<String> {
    if !matches!(finding.code, Code::MissingMessage | Code::Stale) {
        return None;
    }
    let id = finding.id.as_deref()?;
    let text = options.source_texts.get(id).or_else(|| {
        // A message without a value: its first attribute says what it is.
        let prefix = format!("{id}.");
        options
            .source_texts
            .range(prefix.clone()..)
            .next()
            .filter(|(k, _)| k.starts_with(&prefix))
            .map(|(_, v)| v)
    })?;
    let text = text.lines().find(|l| !l.trim().is_empty())?.trim();
    if text.chars().count() <= SOURCE_TEXT_WIDTH {
        return Some(text.to_string());
    }
    let mut short: String = text.chars().take(SOURCE_TEXT_WIDTH - 1).collect();
    short.push('…');
    Some(short)
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

/// Green PASS, yellow ADVISORY, red FAIL.
fn result_colour(word: &str) -> &'static str {
    match word {
        "PASS" => GREEN,
        "ADVISORY" => YELLOW,
        _ => RED,
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
                format!("{}{cell}{RESET}", result_colour(cell))
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
        // ar has an error but nothing is required of it: it passes the gate, yet the
        // table must not say PASS beside its error.
        assert!(lines[2].ends_with("   -  ADVISORY"));
        // Right-aligned numbers end at the same column in every row.
        let end_of = |line: &str, cell: &str| line.find(cell).unwrap() + cell.len();
        assert_eq!(end_of(lines[0], "complete"), end_of(lines[1], "87.5%"));
        assert_eq!(end_of(lines[1], "87.5%"), end_of(lines[2], "100.0%"));
        assert_eq!(end_of(lines[0], "words left"), end_of(lines[1], "42"));
        // The result column (left-aligned, unpadded at the end of the line) starts at the
        // same column in every row, whether it says FAIL or ADVISORY.
        let result_at = |line: &str| line.rfind("  ").unwrap() + 2;
        assert_eq!(result_at(lines[1]), result_at(lines[2]));
        assert_eq!(result_at(lines[0]), result_at(lines[1]));
    }

    #[test]
    fn colour_only_when_asked() {
        let out = render(&sample(), TextStyle { color: true });
        assert!(out.contains(&format!(
            "{BOLD}locales/fr/site.ftl:3:21{RESET}: {RED}error[syntax-error]{RESET}: expected"
        )));
        assert!(out.contains(&format!("{YELLOW}warning[missing-message]{RESET}")));
        assert!(out.contains(&format!("{}{RED}^^^^^^^{RESET}\n", " ".repeat(20))));
        assert!(out.contains(&format!("{YELLOW}ADVISORY{RESET}")));
        let mut clean = sample();
        clean.findings.clear();
        clean.gate.passed = true;
        clean.gate.failures.clear();
        for s in &mut clean.locales {
            s.errors = 0;
            s.passed = true;
        }
        let clean = render(&clean, TextStyle { color: true });
        assert!(clean.contains(&format!("{GREEN}PASS{RESET}")), "{clean}");
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

    #[test]
    fn an_advisory_pass_never_sits_beside_an_error() {
        let mut report = sample();
        report.locales[0].required = None;
        report.locales[0].passed = true;
        report.gate.passed = true;
        report.gate.failures.clear();
        let out = render(&report, TextStyle { color: false });
        let last = out.lines().last().unwrap();
        assert!(
            last.starts_with("ADVISORY (2 errors, 1 warning, 1 note): the gate passes (exit 0)"),
            "{last}"
        );
        assert!(last.contains("fr (1 error), ar (1 error)"), "{last}");
        assert!(!out.contains("PASS"), "{out}");
    }

    fn repeated() -> CheckReport {
        let mut report = sample();
        let first = report.findings[1].clone();
        let mut again = first.clone();
        again.location = Some(crate::finding::location::Location { line: 9, column: 4 });
        let mut other_text = first.clone();
        other_text.message = "expected `}`, found `]`".to_string();
        report.findings.extend([again.clone(), again, other_text]);
        report
    }

    #[test]
    fn identical_findings_are_printed_once_with_a_count() {
        let out = render(&repeated(), TextStyle { color: false });
        assert_eq!(
            out.matches("error[syntax-error]: expected `}`, found end of line")
                .count(),
            1,
            "{out}"
        );
        assert!(out.contains("\n   = (×3) also at 9:4\n"), "{out}");
        // Another message about the same line is another finding.
        assert!(
            out.contains("error[syntax-error]: expected `}`, found `]`"),
            "{out}"
        );
        // The heading still counts every finding.
        assert!(out.contains("fr: 4 errors, 1 warning, 0 notes"), "{out}");
    }

    #[test]
    fn the_source_is_one_line_when_a_translator_asks_for_their_locale() {
        let mut report = sample();
        report.source_locale = "ar".to_string();
        let options = TextOptions {
            summarise_source: true,
            ..TextOptions::default()
        };
        let out = render_with(&report, &options);
        assert!(out.contains(
            "ar: 2 findings in the source itself (1 error, 0 warnings, 1 note); --show-source to list them\n"
        ), "{out}");
        assert!(!out.contains("locales/ar/about.ftl"), "{out}");
        assert!(out.contains("locales/fr/site.ftl:3:21"), "{out}");
    }

    #[test]
    fn missing_and_stale_show_the_source_text_shortened() {
        let long = format!("{} {{ $name }}", "word ".repeat(30));
        let options = TextOptions {
            source_texts: [
                ("intro".to_string(), long),
                ("about-title".to_string(), "About { -brand }".to_string()),
            ]
            .into_iter()
            .collect(),
            ..TextOptions::default()
        };
        let out = render_with(&sample(), &options);
        let shown = out
            .lines()
            .find(|l| l.starts_with("   = en: word"))
            .unwrap_or_else(|| panic!("{out}"));
        assert_eq!(shown.chars().count() - "   = en: ".len(), 80);
        assert!(shown.ends_with('…'));
        assert!(out.contains("\n   = en: About { -brand }\n"), "{out}");
        // Only under missing-message and stale: the syntax error of the same id has none.
        assert_eq!(out.matches("= en: About").count(), 1, "{out}");
    }
}
