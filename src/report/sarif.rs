//! `check --format sarif`: SARIF 2.1.0, for code scanning (GitHub's
//! `upload-sarif`, Azure DevOps, IDE viewers).
//!
//! - One run; `tool.driver.rules` has one rule per finding code that occurs.
//! - `columnKind` is `unicodeCodePoints`: columns count characters, as
//!   everywhere in fluentpress (SARIF's default would be UTF-16 code units).
//! - Relative files are URIs under `%SRCROOT%` (the project root). Every
//!   result has a location (GitHub rejects the whole log otherwise): a
//!   finding without a file is placed on `fluentpress.toml`.
//! - Each rule's `defaultConfiguration.level` is the most severe level its
//!   findings have.
//! - `partialFingerprints["fluentpress/v1"]` is the FNV-1a 64 hash, in hex,
//!   of `locale \0 id \0 code` (for findings without a message id:
//!   `locale \0 \0 code \0 file \0 message`), so an alert keeps its identity
//!   when lines move.
//! - Each result's `properties` carry `locale` and, when there is one, `messageId`.

use super::fnv1a64;
use crate::check::CheckReport;
use crate::finding::{Code, Finding, Severity};
use crate::project::config::CONFIG_FILE;
use serde_json::{json, Map, Value};
use std::path::Path;

pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";
/// Key of the fingerprint in `partialFingerprints`; bump the version if the
/// hashed input ever changes.
pub const FINGERPRINT_KEY: &str = "fluentpress/v1";

pub fn render(report: &CheckReport) -> String {
    // Serializing a `Value` cannot fail.
    let mut out = serde_json::to_string_pretty(&sarif(report)).expect("SARIF serializes");
    out.push('\n');
    out
}

/// The SARIF log as a JSON value.
pub fn sarif(report: &CheckReport) -> Value {
    let mut codes: Vec<Code> = Vec::new();
    for f in &report.findings {
        if !codes.contains(&f.code) {
            codes.push(f.code);
        }
    }
    let rules: Vec<Value> = codes
        .iter()
        .map(|code| {
            let worst = report
                .findings
                .iter()
                .filter(|f| f.code == *code)
                .map(|f| f.severity)
                .max()
                .unwrap_or(Severity::Warning);
            let short = code.description();
            let full = format!("{short}: a `fluentpress check` finding (code `{code}`).");
            let help = format!(
                "{short}. Fix the message at the reported place in the locale's .ftl file, \
                 then run `fluentpress check` to see every remaining finding."
            );
            json!({
                "id": code,
                "name": rule_name(code.as_str()),
                "shortDescription": { "text": short },
                "fullDescription": { "text": full },
                // GitHub code scanning requires `help`.
                "help": { "text": help },
                "defaultConfiguration": { "level": level(worst) },
            })
        })
        .collect();
    let results: Vec<Value> = report
        .findings
        .iter()
        .map(|f| {
            let index = codes.iter().position(|c| *c == f.code).unwrap_or(0);
            result(f, index)
        })
        .collect();
    json!({
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "fluentpress",
                    "version": env!("CARGO_PKG_VERSION"),
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
            "properties": {
                "sourceLocale": report.source_locale,
                "gatePassed": report.gate.passed,
                "gateFailures": report.gate.failures,
            },
        }]
    })
}

fn result(f: &Finding, rule_index: usize) -> Value {
    let mut result = Map::new();
    result.insert("ruleId".into(), json!(f.code));
    result.insert("ruleIndex".into(), json!(rule_index));
    result.insert("level".into(), json!(level(f.severity)));
    result.insert("message".into(), json!({ "text": message_text(f) }));
    // GitHub rejects a whole log if one result has no location: a finding
    // about no file in particular is placed on the config file.
    let mut file = f.file_name();
    if file.is_empty() {
        file = CONFIG_FILE.to_string();
    }
    let mut physical = Map::new();
    physical.insert("artifactLocation".into(), artifact_location(&file));
    if let Some(loc) = f.location {
        let mut region = json!({ "startLine": loc.line, "startColumn": loc.column });
        if f.line_text.is_some() {
            // SARIF's endColumn is the column after the region.
            region["endLine"] = json!(loc.line);
            region["endColumn"] = json!(loc.column + f.span_len);
        }
        physical.insert("region".into(), region);
    }
    result.insert(
        "locations".into(),
        json!([{ "physicalLocation": Value::Object(physical) }]),
    );
    result.insert(
        "partialFingerprints".into(),
        json!({ FINGERPRINT_KEY: fingerprint(f) }),
    );
    let mut properties = json!({ "locale": f.locale });
    if let Some(id) = &f.id {
        properties["messageId"] = json!(id);
    }
    result.insert("properties".into(), properties);
    Value::Object(result)
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// SARIF requires a non-empty message.
fn message_text(f: &Finding) -> String {
    if f.message.trim().is_empty() {
        f.code.description().to_string()
    } else {
        f.message.clone()
    }
}

/// The stable identity of a finding across runs (see the module docs).
pub fn fingerprint(f: &Finding) -> String {
    let input = match &f.id {
        Some(id) => format!("{}\0{}\0{}", f.locale, id, f.code),
        None => format!(
            "{}\0\0{}\0{}\0{}",
            f.locale,
            f.code,
            f.file_name(),
            f.message
        ),
    };
    format!("{:016x}", fnv1a64(input.as_bytes()))
}

/// A relative path under `%SRCROOT%`, an absolute one as a `file:` URI.
fn artifact_location(file: &str) -> Value {
    let b = file.as_bytes();
    let windows_drive = b.len() >= 3 && b[0].is_ascii_alphabetic() && b[1] == b':' && b[2] == b'/';
    if Path::new(file).is_absolute() || file.starts_with('/') || windows_drive {
        let path = file.trim_start_matches('/');
        json!({ "uri": format!("file:///{}", encode_uri_path(path, true)) })
    } else {
        json!({ "uri": encode_uri_path(file, false), "uriBaseId": "%SRCROOT%" })
    }
}

/// Percent-encodes everything but unreserved characters and `/` (and `:`
/// where it cannot be taken for a scheme).
fn encode_uri_path(path: &str, keep_colon: bool) -> String {
    let mut out = String::with_capacity(path.len());
    for &b in path.as_bytes() {
        if b.is_ascii_alphanumeric()
            || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/')
            || (keep_colon && b == b':')
        {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `syntax-error` → `SyntaxError` (SARIF's rule `name` is an identifier).
fn rule_name(code: &str) -> String {
    code.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut cs = w.chars();
            cs.next()
                .map(|c| c.to_ascii_uppercase().to_string() + cs.as_str())
                .unwrap_or_default()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::tests::sample;
    use super::*;

    #[test]
    fn has_the_required_shape() {
        let report = sample();
        let v: Value = serde_json::from_str(&render(&report)).unwrap();
        assert_eq!(v["$schema"], SCHEMA_URI);
        assert_eq!(v["version"], "2.1.0");
        let runs = v["runs"].as_array().unwrap();
        assert_eq!(runs.len(), 1);
        let run = &runs[0];
        assert_eq!(run["tool"]["driver"]["name"], "fluentpress");
        let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
        let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
        assert_eq!(ids, ["missing-message", "syntax-error", "stale"]);
        assert_eq!(
            rules[1]["shortDescription"]["text"],
            "The file does not parse as Fluent"
        );
        assert_eq!(
            rules[2]["shortDescription"]["text"],
            Code::Stale.description()
        );
        assert_eq!(rules[1]["name"], "SyntaxError");
        assert_eq!(rules[1]["defaultConfiguration"]["level"], "error");
        assert_eq!(rules[2]["defaultConfiguration"]["level"], "note");
        let results = run["results"].as_array().unwrap();
        assert_eq!(results.len(), 4);
        for r in results {
            let rule = &rules[r["ruleIndex"].as_u64().unwrap() as usize];
            assert_eq!(r["ruleId"], rule["id"]);
            assert!(["error", "warning", "note"].contains(&r["level"].as_str().unwrap()));
            assert!(!r["message"]["text"].as_str().unwrap().is_empty());
            let fp = r["partialFingerprints"][FINGERPRINT_KEY].as_str().unwrap();
            assert_eq!(fp.len(), 16);
            let artifact = &r["locations"][0]["physicalLocation"]["artifactLocation"];
            assert_eq!(artifact["uriBaseId"], "%SRCROOT%");
            assert!(artifact["uri"].as_str().unwrap().starts_with("locales/"));
        }
        // Without a location: no region.
        let loc = &results[0]["locations"][0]["physicalLocation"];
        assert_eq!(loc["artifactLocation"]["uri"], "locales/fr/about.ftl");
        assert!(loc.get("region").is_none());
        assert_eq!(results[0]["level"], "warning");
        // With one: line, column (characters) and the span.
        let region = &results[1]["locations"][0]["physicalLocation"]["region"];
        assert_eq!(region["startLine"], 3);
        assert_eq!(region["startColumn"], 21);
        assert_eq!(region["endLine"], 3);
        assert_eq!(region["endColumn"], 28);
        assert_eq!(results[1]["level"], "error");
        assert_eq!(
            results[1]["message"]["text"],
            "expected `}`, found end of line: 100% broken\nsee: docs"
        );
        assert_eq!(results[2]["level"], "note");
        assert_eq!(results[2]["properties"]["locale"], "ar");
        assert_eq!(results[2]["properties"]["messageId"], "about-title");
        assert_eq!(run["columnKind"], "unicodeCodePoints");
    }

    #[test]
    fn fingerprints_are_stable() {
        let report = sample();
        let f = &report.findings[1];
        // Fixed value: a change here breaks alert identity for every user.
        assert_eq!(
            fingerprint(f),
            format!("{:016x}", fnv1a64(b"fr\0welcome\0syntax-error"))
        );
        assert_eq!(fingerprint(f), fingerprint(&sample().findings[1]));
        // Lines moving does not change it.
        let mut moved = f.clone();
        moved.location = Some(crate::finding::location::Location { line: 9, column: 1 });
        assert_eq!(fingerprint(&moved), fingerprint(f));
        // Another locale, id or code does.
        let mut other = f.clone();
        other.locale = "ar".into();
        assert_ne!(fingerprint(&other), fingerprint(f));
        let mut other = f.clone();
        other.id = Some("intro".into());
        assert_ne!(fingerprint(&other), fingerprint(f));
        let mut other = f.clone();
        other.code = Code::ReferenceCycle;
        assert_ne!(fingerprint(&other), fingerprint(f));
        // The same output twice.
        assert_eq!(render(&report), render(&sample()));
    }

    #[test]
    fn a_finding_without_a_file_still_has_a_location() {
        let mut report = sample();
        report.findings = vec![Finding::new(
            Code::UnconfiguredLocale,
            Severity::Error,
            "",
            "",
            "x",
        )];
        let v = sarif(&report);
        let artifact =
            &v["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"];
        assert_eq!(artifact["uri"], CONFIG_FILE);
    }

    #[test]
    fn uris() {
        assert_eq!(
            artifact_location("locales/zh Hans/a#b.ftl")["uri"],
            "locales/zh%20Hans/a%23b.ftl"
        );
        assert_eq!(
            artifact_location("locales/ar/عن.ftl")["uri"],
            "locales/ar/%D8%B9%D9%86.ftl"
        );
        assert_eq!(artifact_location("a:b.ftl")["uri"], "a%3Ab.ftl");
        let abs = artifact_location("/srv/site/locales/fr/a.ftl");
        assert_eq!(abs["uri"], "file:///srv/site/locales/fr/a.ftl");
        assert!(abs.get("uriBaseId").is_none());
        assert_eq!(
            artifact_location("C:/site/a.ftl")["uri"],
            "file:///C:/site/a.ftl"
        );
    }
}
