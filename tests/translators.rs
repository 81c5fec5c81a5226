//! What a translator reads from `check`, through the real binary: their own
//! locale's findings, not the source's; one finding where one fix is needed;
//! and `--format json` and `--format compare-locales` agreeing on what is
//! missing and obsolete.

mod common;
use common::*;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

fn append(path: &Path, text: &str) {
    let mut old = std::fs::read_to_string(path).unwrap_or_default();
    old.push_str(text);
    std::fs::write(path, old).unwrap();
}

fn check_json(root: &Path, args: &[&str]) -> Value {
    let out = fluentpress(root)
        .arg("check")
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)))
}

fn check_text(root: &Path, args: &[&str]) -> String {
    let out = fluentpress(root).arg("check").args(args).output().unwrap();
    String::from_utf8(out.stdout).unwrap()
}

/// (locale, code, id) of every finding.
fn codes(v: &Value) -> BTreeSet<(String, String, String)> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["locale"].as_str().unwrap().to_string(),
                f["code"].as_str().unwrap().to_string(),
                f["id"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

#[test]
fn a_dangling_reference_the_source_makes_is_reported_on_the_source_only() {
    let site = default_site();
    let root = site.path();
    // The source refers to a message nobody defines, and French copies it faithfully;
    // French also has a dangling reference of its own.
    append(
        &root.join("locales/en/site.ftl"),
        "\nshared-bug = See { ghost-message }\nown-bug = Fine\n",
    );
    append(
        &root.join("locales/fr/site.ftl"),
        "\nshared-bug = Voir { ghost-message }\nown-bug = Voir { other-ghost }\n",
    );
    let found = codes(&check_json(root, &[]));
    let unknown: BTreeSet<_> = found
        .iter()
        .filter(|(_, code, _)| code == "unknown-reference")
        .cloned()
        .collect();
    let row = |l: &str, id: &str| {
        (
            l.to_string(),
            "unknown-reference".to_string(),
            id.to_string(),
        )
    };
    assert_eq!(
        unknown,
        [row("en", "shared-bug"), row("fr", "own-bug")]
            .into_iter()
            .collect()
    );
}

#[test]
fn an_obsolete_file_is_one_finding_in_a_fluentpress_project() {
    let site = default_site();
    let root = site.path();
    std::fs::write(
        root.join("locales/fr/old.ftl"),
        "gone-one = Un\ngone-two = Deux\n-gone-term = Trois\n",
    )
    .unwrap();
    // A file whose messages partly moved to another source file: each obsolete one is listed.
    std::fs::write(
        root.join("locales/fr/moved.ftl"),
        "site-name = Amnesty\ngone-three = Trois\n",
    )
    .unwrap();
    let v = check_json(root, &["--locale", "fr"]);
    let obsolete: Vec<(&str, &str)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "obsolete-message")
        .map(|f| (f["file"].as_str().unwrap(), f["id"].as_str().unwrap_or("")))
        .collect();
    assert_eq!(
        obsolete,
        [
            ("locales/fr/moved.ftl", "gone-three"),
            ("locales/fr/old.ftl", "")
        ],
        "{v:#}"
    );
    let fr = v["locales"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["locale"] == "fr")
        .unwrap();
    // moved.ftl's one message; old.ftl counts as a file, as compare-locales counts it.
    assert_eq!(fr["obsolete"], 1);
    assert_eq!(fr["obsolete_files"], 1);
}

/// A copy of the precision fixture (an l10n.toml project) with a broken source.
fn l10n_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo_root().join("tests/fixtures/precision"), dir.path());
    append(
        &dir.path().join("en-US/home.ftl"),
        "\nsource-bug-a = See { ghost-message }\nsource-bug-b = See { ghost-message } too\n",
    );
    dir
}

#[test]
fn a_translator_asking_for_their_locale_sees_the_source_in_one_line() {
    let dir = l10n_project();
    let root = dir.path();
    let args = ["--l10n-toml", "l10n.toml", "--locale", "fr"];
    let out = check_text(root, &args);
    let line = out
        .lines()
        .find(|l| l.starts_with("en-US: "))
        .unwrap_or_else(|| panic!("{out}"));
    assert!(
        line.starts_with("en-US: 2 findings in the source itself (2 errors, 0 warnings, 0 notes)")
            && line.ends_with("; --show-source to list them"),
        "{line}"
    );
    assert!(!out.contains("error[unknown-reference]"), "{out}");
    assert!(out.contains("fr: "), "{out}");

    let mut shown = args.to_vec();
    shown.push("--show-source");
    let out = check_text(root, &shown);
    assert!(
        out.contains("error[unknown-reference]: `source-bug-a`"),
        "{out}"
    );
    assert!(
        out.contains("error[unknown-reference]: `source-bug-b`"),
        "{out}"
    );
    assert!(!out.contains("in the source itself"), "{out}");

    // Without --locale every locale is the reader's: the source is listed in full.
    let out = check_text(root, &["--l10n-toml", "l10n.toml"]);
    assert!(out.contains("`source-bug-a`"), "{out}");
}

#[test]
fn missing_messages_show_the_source_text_and_repeats_are_counted() {
    let site = default_site();
    let root = site.path();
    append(
        &root.join("locales/en/site.ftl"),
        "\nnew-banner = Read our { -org-name } annual report, out now in every language we publish in, today\n",
    );
    // The same unknown term, used three times in one message: one fix, one finding.
    append(
        &root.join("locales/fr/site.ftl"),
        "\nsite-name-twice = { -nope } { -nope } { -nope }\n",
    );
    let out = check_text(root, &["--locale", "fr"]);
    let at = out
        .find("`new-banner` is not translated")
        .unwrap_or_else(|| panic!("{out}"));
    let under = out[at..].lines().nth(1).unwrap();
    assert!(
        under.starts_with("   = en: Read our { -org-name } annual report"),
        "{under}"
    );
    assert!(
        under.ends_with('…') && under.chars().count() == "   = en: ".len() + 80,
        "{under}"
    );
    assert_eq!(out.matches("uses the term -nope").count(), 1, "{out}");
    assert!(out.contains("   = (×3) also at"), "{out}");
}

#[test]
fn an_advisory_locale_with_errors_never_reads_pass() {
    let site = default_site();
    let root = site.path();
    // Russian is advisory (no `required`); give it an error.
    append(
        &root.join("locales/ru/site.ftl"),
        "\nsite-name = { $who }\n",
    );
    let out = check_text(root, &["--locale", "ru"]);
    let row = out.lines().find(|l| l.starts_with("ru ")).unwrap();
    assert!(row.ends_with("ADVISORY"), "{row}");
    let last = out.lines().last().unwrap();
    assert!(last.starts_with("ADVISORY ("), "{last}");
    // Only the source's row (checked beside ru, without findings) may say PASS.
    let passing: Vec<&str> = out.lines().filter(|l| l.contains("PASS")).collect();
    assert!(
        passing
            .iter()
            .all(|l| l.starts_with("en ") && l.contains(" 0 ")),
        "{out}"
    );
    let html = fluentpress(root)
        .args(["check", "--locale", "ru", "--format", "html"])
        .output()
        .unwrap();
    let html = String::from_utf8(html.stdout).unwrap();
    assert!(
        html.contains("<span class=\"advisory\">ADVISORY</span>"),
        "{html}"
    );
    // The one PASS is the source's row.
    assert_eq!(html.matches(">PASS<").count(), 1, "{html}");
    let doc = scraper::Html::parse_document(&html);
    let rows = select(&doc, "tr");
    let ru_row = rows
        .iter()
        .map(text)
        .find(|t| t.trim_start().starts_with("ru"))
        .unwrap();
    assert!(ru_row.contains("ADVISORY"), "{ru_row}");
}

// ---------------------------------------------------------------------------
// --format json and --format compare-locales on the same l10n.toml project.

/// Per locale: missing ids, obsolete ids, missing files and obsolete files, with
/// paths relative to the l10n base.
#[derive(Debug, Default, PartialEq)]
struct Sets {
    missing: BTreeSet<String>,
    obsolete: BTreeSet<String>,
    missing_files: BTreeSet<String>,
    obsolete_files: BTreeSet<String>,
}

fn json_sets(v: &Value, base: &str) -> BTreeMap<String, Sets> {
    let mut out: BTreeMap<String, Sets> = BTreeMap::new();
    for f in v["findings"].as_array().unwrap() {
        let locale = f["locale"].as_str().unwrap();
        if locale == v["source_locale"] {
            continue;
        }
        let file = f["file"].as_str().unwrap();
        let file = file.strip_prefix(base).unwrap_or(file).to_string();
        let id = f["id"].as_str();
        let sets = out.entry(locale.to_string()).or_default();
        match (f["code"].as_str().unwrap(), id) {
            ("missing-message", Some(id)) => drop(sets.missing.insert(format!("{file}:{id}"))),
            ("obsolete-message", Some(id)) => drop(sets.obsolete.insert(format!("{file}:{id}"))),
            ("obsolete-message", None) => drop(sets.obsolete_files.insert(file)),
            ("missing-file", _) => drop(sets.missing_files.insert(file)),
            _ => {}
        }
    }
    out
}

fn compare_locales_sets(v: &Value, locales: &[&str]) -> BTreeMap<String, Sets> {
    fn walk(tree: &Value, prefix: &str, locales: &[&str], out: &mut BTreeMap<String, Sets>) {
        for (key, value) in tree.as_object().unwrap() {
            let path = if prefix.is_empty() {
                key.clone()
            } else {
                format!("{prefix}/{key}")
            };
            let Some(notices) = value.as_array() else {
                walk(value, &path, locales, out);
                continue;
            };
            let locale = path.split('/').find(|s| locales.contains(s)).unwrap();
            let sets = out.entry(locale.to_string()).or_default();
            for notice in notices {
                let (kind, text) = notice.as_object().unwrap().iter().next().unwrap();
                let text = text.as_str().unwrap();
                match kind.as_str() {
                    "missingEntity" => drop(sets.missing.insert(format!("{path}:{text}"))),
                    "obsoleteEntity" => drop(sets.obsolete.insert(format!("{path}:{text}"))),
                    "missingFile" => drop(sets.missing_files.insert(path.clone())),
                    "obsoleteFile" => drop(sets.obsolete_files.insert(path.clone())),
                    _ => {}
                }
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(&v[0]["details"], "", locales, &mut out);
    out
}

/// `--format json` and `--format compare-locales` on one project: the same ids, and
/// the same counts once terms and obsolete files are added up as compare-locales does.
fn formats_agree(root: &Path, args: &[&str], base: &str) {
    let run = |format: &str| -> Value {
        let out = fluentpress(root)
            .arg("check")
            .args(args)
            .args(["--format", format])
            .output()
            .unwrap();
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let json = run("json");
    let cl = run("compare-locales");
    let locales: Vec<&str> = json["locales"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["locale"].as_str().unwrap())
        .filter(|l| *l != json["source_locale"])
        .collect();
    let mut from_json = json_sets(&json, base);
    let mut from_cl = compare_locales_sets(&cl, &locales);
    for locale in &locales {
        let a = from_json.remove(*locale).unwrap_or_default();
        let b = from_cl.remove(*locale).unwrap_or_default();
        assert_eq!(
            a, b,
            "{locale}: json (left) and compare-locales (right) differ"
        );
        let stats = json["locales"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["locale"] == *locale)
            .unwrap();
        let summary = &cl[0]["summary"][*locale];
        let n = |v: &Value| v.as_u64().unwrap_or(0) as usize;
        // compare-locales counts terms as missing entries (`report` holds those a
        // filter downgrades); fluentpress' `missing` is messages only, as its
        // completeness is, and `missing_terms` the rest.
        assert_eq!(
            n(&summary["missing"]) + n(&summary["report"]),
            n(&stats["missing"]) + n(&stats["missing_terms"]),
            "{locale}: missing counts differ: {summary} vs {stats}"
        );
        // An obsolete file is one `obsoleteFile`, not counted in `obsolete` by either.
        assert_eq!(n(&stats["obsolete"]), n(&summary["obsolete"]), "{locale}");
        assert_eq!(
            n(&stats["obsolete_files"]),
            a.obsolete_files.len(),
            "{locale}"
        );
    }
}

#[test]
fn json_and_compare_locales_agree_on_the_l10n_fixture() {
    formats_agree(
        &repo_root().join("tests/fixtures/l10n"),
        &["--l10n-toml", "l10n.toml", "--l10n-base", "l10n"],
        "l10n/",
    );
}

#[test]
fn json_and_compare_locales_agree_on_the_precision_fixture() {
    formats_agree(
        &repo_root().join("tests/fixtures/precision"),
        &["--l10n-toml", "l10n.toml"],
        "",
    );
}

#[test]
fn check_locale_shows_the_source_in_one_line_and_gates_only_the_locale() {
    let site = default_site();
    let root = site.path();
    // A source mistake that breaks no build (a dangling reference), copied by French,
    // which is otherwise complete.
    append(
        &root.join("locales/en/about.ftl"),
        "upstream-slip = See { no-such-message }\n",
    );
    append(
        &root.join("locales/fr/about.ftl"),
        "upstream-slip = Voir { no-such-message }\n",
    );
    let run = |args: &[&str]| {
        let out = fluentpress(root).arg("check").args(args).output().unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
        )
    };
    let (code, text) = run(&["--locale", "fr"]);
    assert!(
        text.contains("findings in the source itself (1 error"),
        "{text}"
    );
    assert!(text.contains("not gated under --locale"), "{text}");
    assert!(!text.contains("locales/en/about.ftl:"), "{text}");
    assert_eq!(code, Some(0), "the source's own error is not fr's: {text}");
    let (_, full) = run(&["--locale", "fr", "--show-source"]);
    assert!(full.contains("locales/en/about.ftl:"), "{full}");
    // Without --locale the source's error fails the gate, as before.
    assert_eq!(run(&[]).0, Some(1));
    // The JSON lists the source beside fr, and its error does not fail the gate.
    let v = check_json(root, &["--locale", "fr"]);
    let tags: Vec<&str> = v["locales"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["locale"].as_str().unwrap())
        .collect();
    assert_eq!(tags, ["en", "fr"]);
    assert_eq!(v["gate"]["passed"], true, "{v:#}");
}
