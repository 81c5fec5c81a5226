//! `check --format json`: the [`CheckReport`] as pretty-printed JSON.
//!
//! # Schema (version 1)
//!
//! This is the documented, stable shape; a change that removes or renames a
//! field, or changes its meaning, bumps `version`
//! ([`crate::check::SCHEMA_VERSION`]). New fields may be added within a
//! version. Every field below is always present; "or null" says when it may
//! be `null`. Percentages are numbers from 0 to 100 (not rounded).
//!
//! ```text
//! {
//!   "version": 1,                  integer: the schema version
//!   "source_locale": "en",         string: the locale others are measured against
//!   "locales": [LocaleStats],      one per checked locale, in config order
//!   "findings": [Finding],         every problem found
//!   "pages": [PageCoverage],       per page and locale: publishable or not
//!   "gate": Gate                   the verdict CI acts on
//! }
//! ```
//!
//! `LocaleStats`, progress of one locale against the source:
//!
//! | field | type | meaning |
//! | --- | --- | --- |
//! | `locale` | string | BCP 47 tag (`fr`, `pt-BR`) |
//! | `total` | integer | source messages (terms excluded) |
//! | `translated` | integer | of those, translated in this locale |
//! | `missing` | integer | source messages without a translation |
//! | `obsolete` | integer | messages in this locale that the source no longer has, in files the source still has |
//! | `stale` | integer | translations whose source text changed since |
//! | `with_errors` | integer | messages with at least one error finding |
//! | `errors` | integer | error findings in this locale |
//! | `warnings` | integer | warning findings in this locale |
//! | `missing_words` | integer | source words still to translate (CJK by character) |
//! | `obsolete_files` | integer | files of this locale that the source lacks altogether (one finding each; compare-locales' `obsoleteFile`) |
//! | `missing_terms` | integer | source terms this locale lacks (not in `total`; compare-locales counts them in its `missing`) |
//! | `complete` | number | percentage of source messages translated, rounded down to 0.1 (only a complete locale shows 100) |
//! | `required` | number or null | completeness demanded; `null` when advisory |
//! | `passed` | boolean | whether this locale passes the gate |
//!
//! `Finding`, one problem:
//!
//! | field | type | meaning |
//! | --- | --- | --- |
//! | `code` | string | stable kebab-case identifier (`syntax-error`, …) |
//! | `severity` | string | `"error"`, `"warning"` or `"info"` |
//! | `locale` | string | the locale the finding is about |
//! | `file` | string | path relative to the project root, `/`-separated on every platform |
//! | `line` | integer or null | 1-based line; `null` when the finding concerns the whole file |
//! | `column` | integer or null | 1-based column in characters (not bytes, not UTF-16 units) |
//! | `id` | string or null | message id (`id`, `id.attr`, `-term`) when the finding concerns one |
//! | `message` | string | what is wrong, in words (may contain newlines) |
//!
//! `PageCoverage`, one page in one locale:
//!
//! | field | type | meaning |
//! | --- | --- | --- |
//! | `page` | string | page name from the config |
//! | `locale` | string | BCP 47 tag |
//! | `total` | integer | source messages on the page (terms excluded) |
//! | `translated` | integer | of those, translated |
//! | `missing` | array of strings | ids of untranslated messages |
//! | `missing_required` | array of strings | ids of untranslated messages of the `## Required` group |
//! | `percent` | number | percentage translated |
//! | `published` | boolean | whether `build` publishes the page in this locale |
//! | `reason` | string | why it is or is not published, in words |
//!
//! `Gate`:
//!
//! | field | type | meaning |
//! | --- | --- | --- |
//! | `passed` | boolean | `false` makes `check` exit non-zero |
//! | `failures` | array of strings | one line per reason the gate failed (empty when passed) |
//! | `source_advisory` | boolean | `check --locale`: the source was checked beside the named locales, but only its errors that break the build were gated |

use crate::check::CheckReport;

/// The report as pretty JSON, with a final newline.
pub fn render(report: &CheckReport) -> String {
    // Serializing these plain structs (string keys only) cannot fail.
    let mut out = serde_json::to_string_pretty(report).expect("CheckReport serializes to JSON");
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::super::tests::sample;
    use super::*;
    use serde_json::Value;

    #[test]
    fn parses_back_with_the_documented_fields() {
        let report = sample();
        let v: Value = serde_json::from_str(&render(&report)).unwrap();
        assert_eq!(v["version"], crate::check::SCHEMA_VERSION);
        assert_eq!(v["source_locale"], "en");
        assert_eq!(v["locales"][0]["locale"], "fr");
        assert_eq!(v["locales"][0]["complete"], 87.5);
        assert_eq!(v["locales"][0]["required"], 100.0);
        assert_eq!(v["locales"][1]["required"], Value::Null);
        assert_eq!(v["findings"][0]["line"], Value::Null);
        assert_eq!(v["findings"][0]["column"], Value::Null);
        assert_eq!(v["findings"][1]["line"], 3);
        assert_eq!(v["findings"][1]["column"], 21);
        assert_eq!(v["findings"][1]["severity"], "error");
        assert_eq!(v["findings"][1]["id"], "welcome");
        assert_eq!(
            v["findings"][1]["message"],
            "expected `}`, found end of line: 100% broken\nsee: docs"
        );
        assert!(v["findings"][2]["message"]
            .as_str()
            .unwrap()
            .starts_with("النص"));
        assert!(v["pages"].as_array().unwrap().is_empty());
        assert_eq!(v["gate"]["passed"], false);
        assert_eq!(v["gate"]["failures"].as_array().unwrap().len(), 1);
        // Every finding has every field.
        for f in v["findings"].as_array().unwrap() {
            let keys: Vec<&str> = f.as_object().unwrap().keys().map(|k| k.as_str()).collect();
            for key in [
                "code", "severity", "locale", "file", "line", "column", "id", "message",
            ] {
                assert!(keys.contains(&key), "{key} missing from {f}");
            }
        }
    }
}
