//! Sharded `check`: `check --shard I/N` on separate processes, as CI engines run them,
//! and `merge --check` of their parts print what one `check` prints, in every format,
//! and exit as it does.

mod common;

use common::{fluentpress, shard_env};
use std::path::{Path, PathBuf};

const FORMATS: &[&str] = &[
    "text",
    "json",
    "sarif",
    "junit",
    "github",
    "html",
    "codequality",
    "compare-locales",
];

/// The default site broken in several ways, so every kind of finding, a failed gate
/// and a folder no locale is configured for are in the report.
fn broken_site() -> tempfile::TempDir {
    let dir = common::default_site();
    let locales = dir.path().join("locales");
    let append = |file: &str, text: &str| {
        let path = locales.join(file);
        let mut body = common::read(&path);
        body.push_str(text);
        std::fs::write(path, body).unwrap();
    };
    append("fr/about.ftl", "\nbroken = { $unclosed\n");
    append("de/site.ftl", "\nleftover = nicht mehr in der Quelle\n");
    append("en/site.ftl", "\nnew-in-source = Only in English\n");
    let es = locales.join("es/about.ftl");
    let es_text = common::read(&es);
    let (head, _) = es_text.split_at(es_text.len() / 2);
    std::fs::write(&es, head).unwrap();
    std::fs::create_dir_all(locales.join("xx")).unwrap();
    std::fs::write(locales.join("xx/site.ftl"), "hello = Hi\n").unwrap();
    dir
}

/// `check --format FORMAT` as one process: its standard output and exit code.
fn single(root: &Path, format: &str, extra: &[&str]) -> (Vec<u8>, Option<i32>) {
    let out = fluentpress(root)
        .args(["check", "--format", format])
        .args(extra)
        .output()
        .unwrap();
    (out.stdout, out.status.code())
}

/// Runs `check` as shard `i` of `n` the way engine `engine` says which shard a job is.
fn check_shard(root: &Path, extra: &[&str], i: usize, n: usize, engine: usize) -> PathBuf {
    let part = root.join(format!("check-parts/{n}/{i}"));
    let mut cmd = fluentpress(root);
    cmd.args(["check", "--shard", "auto", "--part"])
        .arg(&part)
        .args(extra);
    shard_env(&mut cmd, i, n, engine);
    // A shard leaves the gate to the merge.
    cmd.assert().success();
    part
}

fn merged(root: &Path, parts: &[PathBuf], format: &str) -> (Vec<u8>, Option<i32>) {
    let out = fluentpress(root)
        .args(["merge", "--check", "--format", format])
        .args(parts)
        .output()
        .unwrap();
    (out.stdout, out.status.code())
}

fn assert_shards_merge_to_the_single_check(root: &Path, extra: &[&str], expected_code: i32) {
    let singles: Vec<_> = FORMATS.iter().map(|f| single(root, f, extra)).collect();
    assert_eq!(
        singles[0].1,
        Some(expected_code),
        "the single check's exit code"
    );
    for n in [1, 2, 3, 7] {
        let parts: Vec<PathBuf> = (1..=n)
            .map(|i| check_shard(root, extra, i, n, i + n))
            .collect();
        // The order the parts are given in does not matter.
        let mut reversed = parts.clone();
        reversed.reverse();
        for (format, (stdout, code)) in FORMATS.iter().zip(&singles) {
            let (got, got_code) = merged(root, &reversed, format);
            assert_eq!(got_code, *code, "{n} shards, --format {format}: exit code");
            assert!(
                got == *stdout,
                "{n} shards, --format {format}: differs from one check\n--- one check:\n{}\n--- merged:\n{}",
                String::from_utf8_lossy(stdout),
                String::from_utf8_lossy(&got)
            );
        }
    }
}

#[test]
fn merged_shards_print_what_one_check_prints_for_a_broken_site() {
    let site = broken_site();
    let single_text = single(site.path(), "text", &[]).0;
    let text = String::from_utf8_lossy(&single_text);
    for needle in ["syntax-error", "xx", "obsolete", "es"] {
        assert!(
            text.contains(needle),
            "the broken site reports {needle}:\n{text}"
        );
    }
    assert_shards_merge_to_the_single_check(site.path(), &["--deny", "warnings"], 1);
}

#[test]
fn merged_shards_print_what_one_check_prints_for_the_default_site() {
    let site = common::default_site();
    assert_shards_merge_to_the_single_check(site.path(), &[], 0);
}

#[test]
fn every_locale_is_checked_by_exactly_one_shard() {
    let site = common::default_site();
    let root = site.path();
    let mut seen = Vec::new();
    for i in 1..=3 {
        let part = check_shard(root, &[], i, 3, 0);
        let json: serde_json::Value =
            serde_json::from_str(&common::read(part.join("check.json"))).unwrap();
        let tags: Vec<String> = json["locales"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["locale"].as_str().unwrap().to_string())
            .collect();
        assert!(!tags.is_empty(), "shard {i}/3 checks some locale");
        seen.extend(tags);
    }
    seen.sort();
    assert_eq!(seen, ["ar", "de", "en", "es", "fr", "hi", "ru", "zh-Hans"]);
}

#[test]
fn a_missing_duplicated_or_foreign_shard_is_an_error_naming_it() {
    let site = common::default_site();
    let root = site.path();
    let parts: Vec<PathBuf> = (1..=3).map(|i| check_shard(root, &[], i, 3, 0)).collect();

    let missing = fluentpress(root)
        .args(["merge", "--check"])
        .args([&parts[0], &parts[2]])
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&missing.stderr);
    assert!(stderr.contains("check shard 2/3 is missing"), "{stderr}");
    assert!(
        missing.stdout.is_empty(),
        "no report from an incomplete merge"
    );

    let twice = fluentpress(root)
        .args(["merge", "--check"])
        .args([&parts[0], &parts[1], &parts[1], &parts[2]])
        .output()
        .unwrap();
    assert_eq!(twice.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&twice.stderr);
    assert!(stderr.contains("shard 2/3 is given twice"), "{stderr}");
    assert!(stderr.contains(&parts[1].display().to_string()), "{stderr}");

    // A part of another shard count.
    let other = check_shard(root, &[], 1, 2, 0);
    let mixed = fluentpress(root)
        .args(["merge", "--check"])
        .args([&parts[0], &parts[1], &parts[2], &other])
        .output()
        .unwrap();
    assert_eq!(mixed.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&mixed.stderr);
    assert!(stderr.contains("shard counts differ"), "{stderr}");

    // A translation changed after the shards were checked.
    let fr = root.join("locales/fr/site.ftl");
    let mut text = common::read(&fr);
    text.push_str("\nlate = Trop tard\n");
    std::fs::write(&fr, text).unwrap();
    let stale = fluentpress(root)
        .args(["merge", "--check"])
        .args(&parts)
        .output()
        .unwrap();
    assert_eq!(stale.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&stale.stderr);
    assert!(stderr.contains("checked from other inputs"), "{stderr}");
}

#[test]
fn a_shard_conflicts_with_narrowing_options() {
    let site = common::default_site();
    fluentpress(site.path())
        .args(["check", "--shard", "1/2", "--locale", "fr"])
        .assert()
        .code(2);
    fluentpress(site.path())
        .args(["check", "--shard", "3/2"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("`3/2` is not a shard"));
}
