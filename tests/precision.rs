//! `check` on a project shaped like the public Mozilla sites (tests/fixtures/precision):
//! every pattern that produced false findings on real repositories, each asserted as the
//! exact set of findings, with the cases that must still be found.
//!
//! The fixture, file by file:
//! - `en-GB` copies `en-US` word for word: same language, so nothing is `same-as-source`.
//! - `home-title` is defined in both home.ftl and about.ftl of every locale: each view
//!   loads its own file, so that is no duplicate; twice in fr/home.ftl it is, and only the
//!   first definition (the one that renders) is checked.
//! - `home-intro` writes `<a href="{ $url }">` and `<a { $attrs }>` in the source itself;
//!   French breaks the second tag (`<a{ $attrs }>`), Russian keeps both.
//! - `home-tabs` selects `[1]`, which covers English `one`; Russian `one` is also 21 and
//!   31, so Russian needs `[one]`, `[few]` and `[many]`; French `one` is 0 and 1, so `[1]`
//!   leaves 0 uncovered; French `[many]` (millions only) is a note.
//! - Terms take parameters (`$case`): a term's own variables are never unknown; Russian
//!   passes `case: "acc"` to a term without `[acc]` (a warning) and `case` to a term that
//!   does not decline (a note).
//! - Saraiki (`skr`) has no CLDR plural rules: no plural findings at all.
//! - `home-alerts` singles out `[0]` with no category: not a plural select in the source
//!   or in en-GB (same rules). English leaves 1 to `[other]` ("New alerts: 1"), so a
//!   translation that does the same is a note, not a warning: right for French
//!   ("Nouvelles alertes : 1"), wrong for Russian ("1 новых уведомлений").
//! - Russian `home-servers` selects `[1]` with the same text as `[other]`: nothing to say.
//! - Hebrew writes no `[two]` anywhere (as Mozilla's Hebrew files do): CLDR's `[two]`,
//!   for 2 alone, is a note on each select, not a warning.
//! - `home-menu` is one word and a count ("Menu ({ $count })"), the same in French: a
//!   short word is often the same in many languages, with a placeable beside it too.
//! - Czech lacks brands.ftl, so its use of `-brand-name-firefox` cannot resolve: an error.

mod common;
use common::*;
use serde_json::Value;
use std::collections::BTreeSet;

type Row = (String, String, String, String);

fn findings() -> (Value, i32) {
    let dir = repo_root().join("tests/fixtures/precision");
    let output = fluentpress(&dir)
        .args(["check", "--l10n-toml", "l10n.toml", "--format", "json"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let v: Value =
        serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {stdout}"));
    (v, output.status.code().unwrap_or(-1))
}

fn row(locale: &str, code: &str, id: &str, severity: &str) -> Row {
    (locale.into(), code.into(), id.into(), severity.into())
}

#[test]
fn findings_on_a_mozilla_shaped_project_are_exactly_the_real_ones() {
    let (v, code) = findings();
    let got: BTreeSet<Row> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            row(
                f["locale"].as_str().unwrap(),
                f["code"].as_str().unwrap(),
                f["id"].as_str().unwrap_or(""),
                f["severity"].as_str().unwrap(),
            )
        })
        .collect();
    let mut want: BTreeSet<Row> = [
        // Czech: two files missing, and the term it never defined.
        row("cs", "missing-file", "", "warning"),
        row("cs", "unknown-reference", "home-title", "error"),
        // French.
        row("fr", "missing-message", "about-count", "info"),
        row("fr", "duplicate-id", "home-title", "error"),
        row("fr", "unsafe-markup", "home-intro", "error"),
        row("fr", "markup-mismatch", "home-emphasis", "info"),
        row("fr", "plural-missing-category", "home-tabs", "warning"),
        row("fr", "plural-missing-category", "home-tabs", "info"),
        row("fr", "reference-mismatch", "home-made-by", "warning"),
        // Russian.
        row("ru", "unknown-variable", "home-title", "warning"),
        row("ru", "unknown-variable", "home-made-by", "info"),
        row("ru", "plural-missing-category", "home-tabs", "warning"),
        row("ru", "plural-missing-category", "home-alerts", "info"),
        row("fr", "plural-missing-category", "home-alerts", "info"),
        // Hebrew: notes only.
        row("he", "plural-missing-category", "about-count", "info"),
        row("he", "plural-missing-category", "home-tabs", "info"),
        row("he", "plural-missing-category", "home-alerts", "info"),
        // Saraiki: only what is missing.
        row("skr", "missing-message", "home-title", "info"),
        row("skr", "missing-file", "", "warning"),
    ]
    .into_iter()
    .collect();
    for id in [
        "home-intro",
        "home-emphasis",
        "home-tabs",
        "home-servers",
        "home-made-by",
        "home-menu",
        "home-alerts",
    ] {
        want.insert(row("cs", "missing-message", id, "info"));
    }
    assert_eq!(got, want);
    // A broken tag is an error, so the gate fails (for French and Czech).
    assert_eq!(code, 1);

    let messages: Vec<(&str, &str)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["locale"].as_str().unwrap(),
                f["message"].as_str().unwrap(),
            )
        })
        .collect();
    let has = |locale: &str, text: &str| {
        messages
            .iter()
            .any(|(l, m)| *l == locale && m.contains(text))
    };
    // Russian needs every category its numbers reach.
    for category in ["[one]", "[few]", "[many]"] {
        assert!(has("ru", category), "ru {category}: {messages:?}");
    }
    assert!(has("fr", "[one]: 0–1"), "{messages:?}");
    // Its cases are listed once, though the term writes them under each capitalization.
    assert!(
        has("ru", "has no [acc] variant for $case (it has [nom], [gen])"),
        "{messages:?}"
    );
    // The broken tag is quoted as written, its placeable as `{…}`.
    assert!(
        has("fr", "`<a{…}>rejoigne` is not a well-formed <a> tag"),
        "{messages:?}"
    );
    // The second French `home-title` (with an undefined term) is never checked.
    assert!(!has("fr", "-brand-name-chrome"), "{messages:?}");
}

#[test]
fn the_same_id_in_two_files_counts_per_file() {
    let (v, _) = findings();
    let stats = |tag: &str| {
        v["locales"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["locale"] == tag)
            .unwrap()
            .clone()
    };
    // about.ftl's two messages and home.ftl's eight, each file counted on its own:
    // French has `home-title` in about.ftl but not `about-count`.
    let fr = stats("fr");
    assert_eq!(
        (fr["total"].as_u64(), fr["translated"].as_u64()),
        (Some(10), Some(9))
    );
    // Saraiki has about.ftl only; the home-title of home.ftl is not found in it.
    let skr = stats("skr");
    assert_eq!(
        (skr["total"].as_u64(), skr["translated"].as_u64()),
        (Some(10), Some(1))
    );
    let en_gb = stats("en-GB");
    assert_eq!(en_gb["warnings"].as_u64(), Some(0));
    assert_eq!(en_gb["errors"].as_u64(), Some(0));
}
