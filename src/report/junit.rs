//! `check --format junit`: JUnit XML, for CI test dashboards (GitLab,
//! Jenkins, Azure DevOps, test-reporter actions).
//!
//! - One `<testsuite name="<locale>">` per locale.
//! - One `<testcase>` per (file, message id) that has findings, so that a
//!   dashboard lists each broken message once, named `file: id`
//!   (`classname="fluentpress.<locale>"`, `file="<file>"`). It fails
//!   (`<failure>`) when any of its findings is an error; every finding of
//!   the message is in the body, as the text format shows it. One with only
//!   warnings or notes passes and carries them in `<system-out>`.
//! - One `completeness` testcase per locale with statistics, which fails
//!   when the locale did not pass the gate (`LocaleStats::passed`), saying
//!   how complete it is against the required level.
//! - `errors` is always 0: JUnit's "error" means the test could not run;
//!   findings of severity error are failures.

use super::{
    findings_by_locale, locale_label, locale_order, locale_result, percent, plural, required,
};
use crate::check::{CheckReport, LocaleStats};
use crate::finding::{Finding, Severity};
use std::fmt::Write;

struct Case {
    name: String,
    file: Option<String>,
    failure: Option<(String, String, String)>, // message, type, body
    output: Option<String>,
}

pub fn render(report: &CheckReport) -> String {
    let by_locale = findings_by_locale(report);
    let mut suites = Vec::new();
    for locale in locale_order(report) {
        let mut cases = Vec::new();
        if let Some((_, findings)) = by_locale.iter().find(|(l, _)| *l == locale) {
            cases.extend(finding_cases(findings));
        }
        if let Some(stats) = report.locales.iter().find(|s| s.locale == locale) {
            cases.push(completeness_case(stats));
        }
        suites.push((locale, cases));
    }

    let tests: usize = suites.iter().map(|(_, c)| c.len()).sum();
    let failures: usize = suites
        .iter()
        .map(|(_, c)| c.iter().filter(|c| c.failure.is_some()).count())
        .sum();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"fluentpress check\" tests=\"{tests}\" \
         failures=\"{failures}\" errors=\"0\">"
    );
    for (locale, cases) in &suites {
        let failures = cases.iter().filter(|c| c.failure.is_some()).count();
        let _ = writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failures}\" \
             errors=\"0\" skipped=\"0\">",
            attr(locale_label(locale)),
            cases.len()
        );
        let classname = attr(&format!("fluentpress.{}", locale_label(locale)));
        for case in cases {
            let _ = write!(
                out,
                "    <testcase name=\"{}\" classname=\"{classname}\"",
                attr(&case.name)
            );
            if let Some(file) = &case.file {
                let _ = write!(out, " file=\"{}\"", attr(file));
            }
            if case.failure.is_none() && case.output.is_none() {
                out.push_str("/>\n");
                continue;
            }
            out.push_str(">\n");
            if let Some((message, kind, body)) = &case.failure {
                let _ = writeln!(
                    out,
                    "      <failure message=\"{}\" type=\"{}\">{}</failure>",
                    attr(message),
                    attr(kind),
                    text(body)
                );
            }
            if let Some(output) = &case.output {
                let _ = writeln!(out, "      <system-out>{}</system-out>", text(output));
            }
            out.push_str("    </testcase>\n");
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

/// One case per (file, message id), in the order the findings come.
fn finding_cases(findings: &[&Finding]) -> Vec<Case> {
    type Key<'a> = (String, Option<&'a str>);
    let mut groups: Vec<(Key, Vec<&Finding>)> = Vec::new();
    for f in findings {
        let key = (f.file_name(), f.id.as_deref());
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, list)) => list.push(f),
            None => groups.push((key, vec![f])),
        }
    }
    groups
        .into_iter()
        .map(|((file, id), list)| {
            let name = match (file.is_empty(), id) {
                (false, Some(id)) => format!("{file}: {id}"),
                (false, None) => file.clone(),
                (true, Some(id)) => id.to_string(),
                (true, None) => "(general)".to_string(),
            };
            let body = list
                .iter()
                .map(|f| f.to_string())
                .collect::<Vec<_>>()
                .join("\n\n");
            let failure = list
                .iter()
                .find(|f| f.severity == Severity::Error)
                .map(|first| {
                    let errors = list
                        .iter()
                        .filter(|f| f.severity == Severity::Error)
                        .count();
                    let mut message = first.message.clone();
                    if errors > 1 {
                        let _ = write!(message, " (and {} more)", errors - 1);
                    }
                    (message, first.code.to_string(), body.clone())
                });
            let output = failure.is_none().then_some(body);
            Case {
                name,
                file: (!file.is_empty()).then_some(file),
                failure,
                output,
            }
        })
        .collect()
}

fn completeness_case(stats: &LocaleStats) -> Case {
    let summary = format!(
        "{} complete ({}/{} messages), required {}; missing {}, stale {}, obsolete {}, \
         {} words left; {}, {}",
        percent(stats.complete),
        stats.translated,
        stats.total,
        required(stats.required),
        stats.missing,
        stats.stale,
        stats.obsolete,
        stats.missing_words,
        plural(stats.errors, "error", "errors"),
        plural(stats.warnings, "warning", "warnings"),
    );
    // The same word the text and HTML tables show, so a passing testcase never reads
    // as a clean bill when the locale has errors.
    let summary = match locale_result(stats) {
        "ADVISORY" => format!(
            "{summary}; ADVISORY: passes only because no completeness is required of {}",
            stats.locale
        ),
        result => format!("{summary}; {result}"),
    };
    let failure = (!stats.passed).then(|| {
        let mut reasons = Vec::new();
        if stats.below_required() {
            reasons.push(format!(
                "{} complete, {} required",
                percent(stats.complete),
                required(stats.required)
            ));
        }
        if stats.errors > 0 {
            reasons.push(plural(stats.errors, "error", "errors"));
        }
        if reasons.is_empty() {
            reasons.push("did not pass the gate".to_string());
        }
        let message = format!("{}: {}", stats.locale, reasons.join("; "));
        (message, "completeness".to_string(), summary.clone())
    });
    let output = failure.is_none().then_some(summary);
    Case {
        name: "completeness".to_string(),
        file: None,
        failure,
        output,
    }
}

/// Whether XML 1.0 allows the character at all.
fn allowed(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..
    )
}

/// Character data: markup characters escaped, disallowed characters dropped.
pub fn text(s: &str) -> String {
    escape(s, false)
}

/// An attribute value: as [`text`], and line breaks and tabs as character
/// references so that parsers keep them (they would become spaces).
pub fn attr(s: &str) -> String {
    escape(s, true)
}

fn escape(s: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\r' => out.push_str("&#13;"),
            '\n' if attribute => out.push_str("&#10;"),
            '\t' if attribute => out.push_str("&#9;"),
            // C1 and bidi controls would drive or reorder the report where it is shown.
            c if allowed(c) && crate::report::text::is_unsafe(c) => out.extend(c.escape_default()),
            c if allowed(c) => out.push(c),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::tests::sample;
    use super::*;
    use crate::finding::Code;

    /// An element: name, attributes, the text directly inside it.
    type Element = (String, Vec<(String, String)>, String);

    /// A minimal XML reader, enough to check that the output is well formed:
    /// balanced tags, quoted attributes, only known entities, no stray `<`
    /// or `&`, only allowed characters. Returns the elements, each as (name,
    /// attributes, text directly inside it).
    fn parse(xml: &str) -> Vec<Element> {
        fn unescape(s: &str) -> String {
            let mut out = String::new();
            let mut rest = s;
            while let Some(i) = rest.find('&') {
                out.push_str(&rest[..i]);
                let end = rest[i..].find(';').expect("unterminated entity") + i;
                let entity = &rest[i + 1..end];
                out.push(match entity {
                    "amp" => '&',
                    "lt" => '<',
                    "gt" => '>',
                    "quot" => '"',
                    "apos" => '\'',
                    e if e.starts_with('#') => char::from_u32(e[1..].parse().unwrap()).unwrap(),
                    e => panic!("unknown entity &{e};"),
                });
                rest = &rest[end + 1..];
            }
            out.push_str(rest);
            out
        }
        assert!(xml.chars().all(allowed), "disallowed character");
        let body = xml
            .strip_prefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
            .expect("XML declaration");
        let mut elements: Vec<Element> = Vec::new();
        let mut stack: Vec<usize> = Vec::new();
        let mut rest = body;
        while !rest.is_empty() {
            let lt = rest.find('<').unwrap_or(rest.len());
            let chars = &rest[..lt];
            assert!(!chars.contains('>'), "raw > in {chars:?}");
            let chars = unescape(chars);
            match stack.last() {
                Some(&top) => elements[top].2 += &chars,
                None => assert!(chars.trim().is_empty(), "text outside the root"),
            }
            rest = &rest[lt..];
            if rest.is_empty() {
                break;
            }
            let gt = rest.find('>').expect("unterminated tag");
            let tag = &rest[1..gt];
            rest = &rest[gt + 1..];
            if let Some(name) = tag.strip_prefix('/') {
                let open = stack.pop().expect("close without open");
                assert_eq!(elements[open].0, name, "mismatched tag");
                continue;
            }
            let (tag, empty) = match tag.strip_suffix('/') {
                Some(t) => (t, true),
                None => (tag, false),
            };
            let name_end = tag.find(' ').unwrap_or(tag.len());
            let name = tag[..name_end].to_string();
            assert!(
                !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            );
            let mut attrs = Vec::new();
            let mut a = tag[name_end..].trim_start();
            while !a.is_empty() {
                let eq = a.find("=\"").expect("attribute without =\"");
                let key = a[..eq].to_string();
                let value_end = a[eq + 2..].find('"').expect("unterminated value") + eq + 2;
                let raw = &a[eq + 2..value_end];
                assert!(!raw.contains('<'), "raw < in attribute");
                assert!(!attrs.iter().any(|(k, _)| *k == key), "duplicate {key}");
                attrs.push((key, unescape(raw)));
                a = a[value_end + 1..].trim_start();
            }
            assert!(
                !stack.is_empty() || elements.is_empty(),
                "more than one root element"
            );
            elements.push((name, attrs, String::new()));
            if !empty {
                stack.push(elements.len() - 1);
            }
        }
        assert!(stack.is_empty(), "unclosed tags");
        elements
    }

    fn get<'a>(attrs: &'a [(String, String)], key: &str) -> &'a str {
        &attrs.iter().find(|(k, _)| k == key).unwrap().1
    }

    #[test]
    fn well_formed_with_the_right_counts() {
        let xml = render(&sample());
        let elements = parse(&xml);
        let (root, root_attrs, _) = &elements[0];
        assert_eq!(root, "testsuites");
        let suites: Vec<_> = elements.iter().filter(|e| e.0 == "testsuite").collect();
        assert_eq!(suites.len(), 2);
        assert_eq!(get(&suites[0].1, "name"), "fr");
        assert_eq!(get(&suites[1].1, "name"), "ar");
        // fr: about.ftl intro (warning: passes), site.ftl welcome (error),
        // completeness (fails: 87.5% of 100%).
        assert_eq!(get(&suites[0].1, "tests"), "3");
        assert_eq!(get(&suites[0].1, "failures"), "2");
        assert_eq!(get(&suites[0].1, "errors"), "0");
        // ar: about.ftl about-title (an error and a note: one case), completeness passes.
        assert_eq!(get(&suites[1].1, "tests"), "2");
        assert_eq!(get(&suites[1].1, "failures"), "1");
        assert_eq!(get(root_attrs, "tests"), "5");
        assert_eq!(get(root_attrs, "failures"), "3");

        let cases: Vec<_> = elements.iter().filter(|e| e.0 == "testcase").collect();
        let names: Vec<&str> = cases.iter().map(|c| get(&c.1, "name")).collect();
        assert_eq!(
            names,
            [
                "locales/fr/about.ftl: intro",
                "locales/fr/site.ftl: welcome",
                "completeness",
                "locales/ar/about.ftl: about-title",
                "completeness",
            ]
        );
        assert_eq!(get(&cases[0].1, "classname"), "fluentpress.fr");
        assert_eq!(get(&cases[0].1, "file"), "locales/fr/about.ftl");

        let failures: Vec<_> = elements.iter().filter(|e| e.0 == "failure").collect();
        assert_eq!(failures.len(), 3);
        // Escaped content comes back intact, newlines in attributes too.
        assert_eq!(
            get(&failures[0].1, "message"),
            "expected `}`, found end of line: 100% broken\nsee: docs"
        );
        assert_eq!(get(&failures[0].1, "type"), "syntax-error");
        assert!(failures[0]
            .2
            .contains("   | welcome = Bienvenue à { $name\n"));
        assert_eq!(
            get(&failures[1].1, "message"),
            "fr: 87.5% complete, 100% required; 1 error"
        );
        // The ar case holds both findings; the control characters are gone.
        assert!(failures[2]
            .2
            .contains("النص المصدر تغيّر <since> & \"last\" 'sync'"));
        assert!(failures[2].2.contains("bad[31m control  chars"));
        let outputs: Vec<_> = elements.iter().filter(|e| e.0 == "system-out").collect();
        assert_eq!(outputs.len(), 2);
        assert!(outputs[0].2.contains("warning[missing-message]"));
        assert!(outputs[1]
            .2
            .starts_with("100.0% complete (8/8 messages), required -"));
    }

    #[test]
    fn escaping() {
        assert_eq!(
            attr("a&b<c>d\"e'f\ng\th\r\u{0}\u{1b}\u{FFFE}ب"),
            "a&amp;b&lt;c&gt;d&quot;e&apos;f&#10;g&#9;h&#13;ب"
        );
        assert_eq!(text("a\nb\t<\u{8}"), "a\nb\t&lt;");
        let mut f = Finding::new(Code::SyntaxError, Severity::Error, "fr", "a\"b.ftl", "m");
        f.id = Some("<id>".into());
        let mut report = sample();
        report.findings = vec![f];
        let elements = parse(&render(&report));
        let case = elements.iter().find(|e| e.0 == "testcase").unwrap();
        assert_eq!(get(&case.1, "name"), "a\"b.ftl: <id>");
    }

    #[test]
    fn bidi_and_c1_controls_are_escaped() {
        assert_eq!(text("a\u{202E}b\u{9B}c"), "a\\u{202e}b\\u{9b}c");
    }
}
