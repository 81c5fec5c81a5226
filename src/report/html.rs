//! The HTML format: one self-contained page (no script, no external files) that a CI job
//! can keep as an artefact and a translator can open in a browser: the verdict, the
//! progress table with a bar per locale, then every finding grouped by locale and file,
//! with the offending span of its line highlighted.
//!
//! The page is a minijinja template with HTML auto-escaping, so messages and source lines
//! (which quote translations, untrusted text) are always escaped; control characters are
//! shown escaped as in the text format, since HTML forbids them.

use super::{
    advisory_note, counts, findings_by_locale, locale_heading, table_row, verdict, TABLE_HEADINGS,
};
use crate::check::CheckReport;
use crate::finding::{Code, Finding};
use crate::report::text::sanitize;
use serde::Serialize;

const TEMPLATE: &str = include_str!("check.html");

#[derive(Serialize)]
struct Row {
    cells: [String; 11],
    /// Share complete, for the `<meter>`.
    complete: f64,
    /// Id of the locale's findings section, when it has one.
    anchor: Option<String>,
}

#[derive(Serialize)]
struct Group {
    locale: String,
    anchor: String,
    heading: String,
    files: Vec<FileGroup>,
}

#[derive(Serialize)]
struct FileGroup {
    name: String,
    findings: Vec<FindingView>,
}

#[derive(Serialize)]
struct FindingView {
    severity: String,
    code: Code,
    /// `line 3, column 21`.
    position: Option<String>,
    id: Option<String>,
    message: String,
    line: Option<LineView>,
}

/// The source line cut around the finding's span.
#[derive(Serialize)]
struct LineView {
    before: String,
    span: String,
    after: String,
}

pub fn render(report: &CheckReport) -> String {
    let groups: Vec<Group> = findings_by_locale(report)
        .into_iter()
        .enumerate()
        .map(|(i, (locale, findings))| group(i, locale, &findings))
        .collect();
    let rows: Vec<Row> = report
        .locales
        .iter()
        .map(|stats| Row {
            cells: table_row(stats).map(|cell| sanitize(&cell)),
            complete: if stats.complete.is_finite() {
                stats.complete.clamp(0.0, 100.0)
            } else {
                0.0
            },
            anchor: groups
                .iter()
                .find(|group| group.locale == stats.locale)
                .map(|group| group.anchor.clone()),
        })
        .collect();
    let verdict = verdict(report);
    let failures: Vec<String> = report
        .gate
        .failures
        .iter()
        .cloned()
        .chain(advisory_note(report))
        .map(|f| sanitize(&f))
        .collect();
    let context = minijinja::context! {
        verdict,
        counts => counts(report),
        source => sanitize(&report.source_locale),
        failures,
        headings => TABLE_HEADINGS,
        rows => minijinja::Value::from(minijinja::value::Serde(&rows)),
        groups => minijinja::Value::from(minijinja::value::Serde(&groups)),
    };
    let mut env = minijinja::Environment::new();
    // The name ends in .html, so minijinja escapes every value.
    env.add_template("check.html", TEMPLATE)
        .expect("the built-in report template parses");
    let mut page = env
        .get_template("check.html")
        .and_then(|t| t.render(context))
        .expect("the built-in report template renders");
    if !page.ends_with('\n') {
        page.push('\n');
    }
    page
}

fn group(index: usize, locale: &str, findings: &[&Finding]) -> Group {
    let heading = locale_heading(locale, findings);
    let mut files: Vec<FileGroup> = Vec::new();
    for finding in findings {
        let name = sanitize(&finding.file_name());
        let view = finding_view(finding);
        match files.last_mut() {
            Some(last) if last.name == name => last.findings.push(view),
            _ => files.push(FileGroup {
                name,
                findings: vec![view],
            }),
        }
    }
    Group {
        locale: locale.to_string(),
        anchor: format!("locale-{}", index + 1),
        heading: sanitize(&heading),
        files,
    }
}

fn finding_view(finding: &Finding) -> FindingView {
    let line = match (&finding.line_text, finding.location) {
        (Some(text), Some(loc)) => {
            let chars: Vec<char> = text.chars().collect();
            let start = loc.column.saturating_sub(1).min(chars.len());
            let end = (start + finding.span_len).min(chars.len());
            let part =
                |range: std::ops::Range<usize>| sanitize(&chars[range].iter().collect::<String>());
            Some(LineView {
                before: part(0..start),
                span: part(start..end),
                after: part(end..chars.len()),
            })
        }
        _ => None,
    };
    FindingView {
        severity: finding.severity.to_string(),
        code: finding.code,
        position: finding
            .location
            .map(|loc| format!("line {}, column {}", loc.line, loc.column)),
        id: finding.id.as_deref().map(sanitize),
        message: sanitize(&finding.message),
        line,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::tests::sample;

    fn page() -> scraper::Html {
        scraper::Html::parse_document(&render(&sample()))
    }

    fn texts(doc: &scraper::Html, css: &str) -> Vec<String> {
        let selector = scraper::Selector::parse(css).unwrap();
        doc.select(&selector)
            .map(|e| e.text().collect::<String>())
            .collect()
    }

    #[test]
    fn verdict_counts_and_one_row_per_locale() {
        let doc = page();
        assert_eq!(texts(&doc, "h1 span"), ["FAIL"]);
        let header = texts(&doc, "header p").concat();
        assert!(header.contains("2 errors, 1 warning, 1 note"), "{header}");
        assert_eq!(
            texts(&doc, "header li"),
            ["fr is 87.5% complete, 100% required"]
        );
        assert_eq!(texts(&doc, "tbody th"), ["fr", "ar"]);
        let meter = scraper::Selector::parse("tbody meter").unwrap();
        let values: Vec<&str> = doc
            .select(&meter)
            .filter_map(|m| m.value().attr("value"))
            .collect();
        assert_eq!(values, ["87.5", "100.0"]);
        // Each locale row links to its findings.
        let link = scraper::Selector::parse("tbody th a").unwrap();
        assert_eq!(doc.select(&link).count(), 2, "both locales have findings");
        for a in doc.select(&link) {
            let target = a.value().attr("href").unwrap().trim_start_matches('#');
            assert_eq!(texts(&doc, &format!("h2#{target}")).len(), 1, "{target}");
        }
    }

    #[test]
    fn findings_are_grouped_by_locale_and_file_with_the_span_marked() {
        let doc = page();
        assert_eq!(
            texts(&doc, "section.locale h2"),
            [
                "fr: 1 error, 1 warning, 0 notes",
                "ar: 1 error, 0 warnings, 1 note"
            ]
        );
        assert_eq!(
            texts(&doc, "section.locale h3"),
            [
                "locales/fr/about.ftl",
                "locales/fr/site.ftl",
                "locales/ar/about.ftl"
            ]
        );
        // `welcome = Bienvenue à { $name`, column 21 (characters, as the text format's
        // caret counts them), 7 characters wide.
        let marks = texts(&doc, "mark");
        assert_eq!(marks[0], "à { $na");
        assert_eq!(texts(&doc, "pre")[0], "welcome = Bienvenue à { $name");
        assert!(texts(&doc, "li.error .what")[0].contains("line 3, column 21"));
    }

    #[test]
    fn translations_cannot_inject_markup_or_control_characters() {
        let html = render(&sample());
        assert!(!html.contains("<since>"), "escaped");
        assert!(html.contains("&lt;since&gt;"));
        assert!(!html.contains('\u{1b}') && !html.contains('\u{7}'));
        let doc = page();
        assert!(texts(&doc, ".message")
            .iter()
            .any(|m| m.contains("bad\\u{1b}[31m control \\u{7} chars")));
    }
}
