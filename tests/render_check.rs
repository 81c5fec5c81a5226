//! `check --render` through the binary: `review`'s layout findings in every `check
//! --format`, with the message id and the locale's file:line, gated by the same rules
//! as the translations' own findings; a clear error (exit 2) without a browser.

mod common;
use common::*;
use serde_json::Value;
use std::path::Path;

const LAYOUT_CODES: [&str; 4] = [
    "text-overflow",
    "missing-glyph",
    "print-overflow",
    "title-length",
];

/// `check` of `root` with `args`: its exit code, stdout and stderr.
fn check(root: &Path, args: &[&str]) -> (i32, String, String) {
    let output = fluentpress(root).arg("check").args(args).output().unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn check_json(root: &Path, args: &[&str]) -> (i32, Value) {
    let mut all = vec!["--format", "json"];
    all.extend_from_slice(args);
    let (code, stdout, stderr) = check(root, &all);
    let json = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {stdout}\n{stderr}"));
    (code, json)
}

fn layout_findings(json: &Value) -> Vec<&Value> {
    json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| LAYOUT_CODES.contains(&f["code"].as_str().unwrap_or("")))
        .collect()
}

/// (code, locale, id) of each layout finding, sorted.
fn layout_keys(json: &Value) -> Vec<(String, String, String)> {
    let mut keys: Vec<_> = layout_findings(json)
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_string(),
                f["locale"].as_str().unwrap().to_string(),
                f["id"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    keys.sort();
    keys.dedup();
    keys
}

/// The 1-based line of `locales/<locale>/main.ftl` in `root` that defines `id`.
fn line_of(root: &Path, locale: &str, id: &str) -> u64 {
    let text = read(root.join("locales").join(locale).join("main.ftl"));
    let at = text
        .lines()
        .position(|l| l.starts_with(&format!("{id} =")))
        .unwrap_or_else(|| panic!("{id} is not in {locale}/main.ftl"));
    at as u64 + 1
}

#[test]
fn render_adds_the_layout_findings_with_the_message_and_its_line() {
    if judge::browser(None).is_none() {
        return;
    }
    let site = fixture("review");
    let root = site.path();
    let (code, plain) = check_json(root, &[]);
    assert_eq!(code, 0, "{:#}", plain["gate"]);
    assert!(
        layout_findings(&plain).is_empty(),
        "without --render: {plain:#}"
    );

    let (code, json) = check_json(root, &["--render"]);
    // German is advisory in this fixture (no `required`): its findings do not gate.
    assert_eq!(code, 0, "{:#}", json["gate"]);
    let keys = layout_keys(&json);
    for expected in [
        ("missing-glyph", "de", "mood"),
        ("print-overflow", "de", ""),
        ("text-overflow", "de", "request"),
        ("title-length", "de", "title"),
    ] {
        assert!(
            keys.iter()
                .any(|(c, l, i)| (c.as_str(), l.as_str(), i.as_str()) == expected),
            "{expected:?} not in {keys:?}"
        );
    }
    assert!(
        keys.iter().all(|(_, locale, _)| locale == "de"),
        "the French and the English fit: {keys:?}"
    );
    let overflow = layout_findings(&json)
        .into_iter()
        .find(|f| f["code"] == "text-overflow")
        .unwrap();
    assert_eq!(overflow["file"], "locales/de/main.ftl");
    assert_eq!(overflow["line"], line_of(root, "de", "request"));
    assert_eq!(overflow["column"], 1);
    assert_eq!(overflow["severity"], "warning");
    assert!(
        overflow["message"]
            .as_str()
            .unwrap()
            .contains("wider than its box"),
        "{overflow:#}"
    );
    // The counts and the report's order take them in: German's block holds them.
    let de = json["locales"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["locale"] == "de")
        .unwrap();
    assert!(de["errors"].as_u64().unwrap() >= 1, "{de:#}");
    assert!(de["warnings"].as_u64().unwrap() >= 3, "{de:#}");
    let locales: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["locale"].as_str().unwrap())
        .collect();
    let mut grouped = locales.clone();
    grouped.dedup();
    let mut distinct = grouped.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(
        grouped.len(),
        distinct.len(),
        "findings grouped by locale: {locales:?}"
    );
}

#[test]
fn layout_findings_gate_like_any_other_finding() {
    if judge::browser(None).is_none() {
        return;
    }
    let site = fixture("review");
    let root = site.path();
    // German required: its missing-glyph errors (one in the page's text, one only in
    // its leaflet's PDF) fail the gate, naming the locale.
    let (code, json) = check_json(root, &["--render", "--min-complete", "de=0"]);
    assert_eq!(code, 1, "{:#}", json["gate"]);
    let failures = json["gate"]["failures"].to_string();
    assert!(failures.contains("de: 2 error"), "{failures}");

    // [check.severity] applies: the glyph silenced, the overflow made an error.
    let config = root.join("fluentpress.toml");
    let mut text = read(&config);
    text.push_str("\n[check.severity]\nmissing-glyph = \"off\"\n");
    std::fs::write(&config, &text).unwrap();
    let (code, json) = check_json(root, &["--render", "--min-complete", "de=0"]);
    assert_eq!(code, 0, "{:#}", json["gate"]);
    assert!(!layout_keys(&json)
        .iter()
        .any(|(c, _, _)| c == "missing-glyph"));
    assert!(layout_keys(&json)
        .iter()
        .any(|(c, _, _)| c == "text-overflow"));
    // Warnings gate with --deny warnings, as check's own do.
    let (code, _) = check_json(
        root,
        &["--render", "--min-complete", "de=0", "--deny", "warnings"],
    );
    assert_eq!(code, 1);

    text.push_str("text-overflow = \"error\"\n");
    std::fs::write(&config, &text).unwrap();
    let (code, json) = check_json(root, &["--render", "--min-complete", "de=0"]);
    assert_eq!(code, 1, "{:#}", json["gate"]);
    let overflow = layout_findings(&json)
        .into_iter()
        .find(|f| f["code"] == "text-overflow")
        .unwrap();
    assert_eq!(overflow["severity"], "error");
}

#[test]
fn render_narrows_to_the_checked_locales() {
    if judge::browser(None).is_none() {
        return;
    }
    let site = fixture("review");
    let (code, json) = check_json(site.path(), &["--render", "--locale", "fr"]);
    assert_eq!(code, 0, "{:#}", json["gate"]);
    assert!(layout_findings(&json).is_empty(), "{json:#}");
    let (code, json) = check_json(site.path(), &["--render", "--locale", "de"]);
    assert_eq!(code, 0, "{:#}", json["gate"]);
    assert!(layout_keys(&json)
        .iter()
        .any(|(c, l, _)| c == "text-overflow" && l == "de"));
    // --changed checks the locales of the changed files, and measures those.
    let changed = site.path().join("locales/fr/main.ftl");
    let (code, json) = check_json(
        site.path(),
        &["--render", "--changed", changed.to_str().unwrap()],
    );
    assert_eq!(code, 0);
    assert!(layout_findings(&json).is_empty(), "{json:#}");
}

#[test]
fn every_format_shows_the_layout_findings() {
    if judge::browser(None).is_none() {
        return;
    }
    let site = fixture("review");
    let root = site.path();
    let line = line_of(root, "de", "request");
    // The file as the format names it, and where the line is.
    let cases: [(&str, String); 7] = [
        ("text", format!("main.ftl:{line}:1")),
        ("github", format!("file=locales/de/main.ftl,line={line}")),
        ("sarif", format!("\"startLine\": {line}")),
        ("junit", format!("locales/de/main.ftl:{line}:1")),
        ("codequality", format!("\"begin\": {line}")),
        (
            "compare-locales",
            format!("at line {line}, column 1 for request"),
        ),
        ("html", "text-overflow".to_string()),
    ];
    for (format, place) in cases {
        let (code, stdout, stderr) = check(root, &["--render", "--format", format]);
        assert_eq!(code, 0, "{format}: {stderr}");
        for needle in [
            "wider than its box",
            "no installed font has",
            place.as_str(),
        ] {
            assert!(
                stdout.contains(needle),
                "--format {format} lacks {needle:?}:\n{stdout}"
            );
        }
        if format != "compare-locales" {
            assert!(stdout.contains("text-overflow"), "{format}:\n{stdout}");
        }
    }
}

#[test]
fn without_a_browser_render_is_an_error_that_says_what_to_install() {
    let site = fixture("review");
    let empty = tempfile::tempdir().unwrap();
    let output = fluentpress(site.path())
        .args(["check", "--render"])
        .env("PATH", empty.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(output.stdout.is_empty(), "no report that looks like a pass");
    for needle in ["check --render", "apt-get install chromium", "--browser"] {
        assert!(stderr.contains(needle), "{needle:?} not in {stderr}");
    }

    let missing = site.path().join("no-such-browser");
    let (code, stdout, stderr) = check(
        site.path(),
        &["--render", "--browser", missing.to_str().unwrap()],
    );
    assert_eq!(code, 2, "{stderr}");
    assert!(stdout.is_empty());
    assert!(stderr.contains("no-such-browser"), "{stderr}");

    // --browser alone is a usage error; --render with a compare-locales project too.
    let (code, _, stderr) = check(site.path(), &["--browser", "chromium"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("--render"), "{stderr}");
    let (code, _, stderr) = check(site.path(), &["--render", "--l10n-toml", "l10n.toml"]);
    assert_eq!(code, 2, "{stderr}");
}

#[test]
fn the_default_site_passes_check_render() {
    if judge::browser(None).is_none() {
        return;
    }
    let site = default_site();
    let (code, json) = check_json(site.path(), &["--render"]);
    assert_eq!(code, 0, "{:#}", json["gate"]);
    let layout = layout_findings(&json);
    assert!(
        layout.iter().all(|f| f["severity"] != "error"),
        "{layout:#?}"
    );
    // What it measures there is real: the long meta descriptions `review` reports.
    assert!(
        layout
            .iter()
            .all(|f| f["code"] == "title-length" && f["file"].as_str().unwrap().ends_with(".ftl")),
        "{layout:#?}"
    );
}

#[test]
fn the_manual_and_completions_document_render() {
    let man = fluentpress(Path::new(".")).arg("man").output().unwrap();
    let man = String::from_utf8_lossy(&man.stdout);
    assert!(man.contains("\\-\\-render"), "the man page lacks --render");
    let bash = fluentpress(Path::new("."))
        .args(["completions", "bash"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&bash.stdout).contains("--render"));
}
