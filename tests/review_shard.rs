//! Sharded `review`: `review --shard` on separate processes, told their shard by the CI
//! engines' variables, and `merge --review` of their parts write the review folder one
//! `review` writes: every page, badge and screenshot byte for byte, and `findings.json`
//! but for its timings (how long each run took).
//!
//! The review fixture (one page in English, German and French, German firing every
//! layout finding) is reviewed once and in 1, 2 and 3 shards, shared by the asserts.

mod common;

use common::{fluentpress, judge, shard_env, tree};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

struct Runs {
    site: tempfile::TempDir,
    /// The single run's review folder.
    single: BTreeMap<PathBuf, Vec<u8>>,
    /// The parts of each shard count, shard by shard.
    parts: BTreeMap<usize, Vec<PathBuf>>,
}

const COUNTS: [usize; 3] = [1, 2, 3];

fn runs() -> Option<&'static Runs> {
    static RUNS: OnceLock<Option<Runs>> = OnceLock::new();
    RUNS.get_or_init(|| {
        judge::browser(None)?;
        let site = common::fixture("review");
        let root = site.path();
        fluentpress(root)
            .args(["review", "-o", "single"])
            .assert()
            .success();
        let single = tree(&root.join("single"));
        let mut parts = BTreeMap::new();
        for n in COUNTS {
            let mine: Vec<PathBuf> = (1..=n)
                .map(|i| {
                    let part = root.join(format!("parts/{n}/{i}"));
                    let mut cmd = fluentpress(root);
                    cmd.args(["review", "--shard", "auto", "--part"]).arg(&part);
                    shard_env(&mut cmd, i, n, i + n);
                    cmd.assert().success();
                    part
                })
                .collect();
            parts.insert(n, mine);
        }
        Some(Runs {
            site,
            single,
            parts,
        })
    })
    .as_ref()
}

/// `findings.json` without its timings, which differ from run to run.
fn without_timings(bytes: &[u8]) -> Value {
    let mut json: Value = serde_json::from_slice(bytes).expect("findings.json is JSON");
    let timings = json
        .as_object_mut()
        .and_then(|o| o.remove("timings"))
        .expect("findings.json has timings");
    assert!(timings["measure_ms"].is_u64(), "{timings}");
    json
}

fn merge(root: &Path, parts: &[PathBuf], out: &str) -> std::process::Output {
    fluentpress(root)
        .args(["merge", "--review", "-o", out])
        .args(parts)
        .output()
        .unwrap()
}

#[test]
fn merged_shards_write_the_review_folder_one_review_writes() {
    let Some(runs) = runs() else { return };
    let root = runs.site.path();
    let findings = without_timings(&runs.single[Path::new("findings.json")]);
    let codes: Vec<&str> = findings["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    // print-overflow compares German's sheets with English's, reviewed by another
    // shard when there are three.
    assert!(codes.contains(&"print-overflow"), "{codes:?}");
    let shots = runs
        .single
        .keys()
        .filter(|p| p.starts_with("shots") && p.extension().is_some_and(|e| e == "png"))
        .count();
    assert!(shots > 20, "the single run took screenshots: {shots}");
    for (n, parts) in &runs.parts {
        // The order the parts are given in does not matter.
        let mut reversed = parts.clone();
        reversed.reverse();
        let out = format!("merged-{n}");
        let output = merge(root, &reversed, &out);
        assert!(
            output.status.success(),
            "{n} shard(s): {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let merged = tree(&root.join(&out));
        let names = |t: &BTreeMap<PathBuf, Vec<u8>>| t.keys().cloned().collect::<Vec<_>>();
        assert_eq!(
            names(&runs.single),
            names(&merged),
            "{n} shard(s): the same files"
        );
        for (path, bytes) in &runs.single {
            if path == Path::new("findings.json") {
                assert_eq!(
                    without_timings(bytes),
                    without_timings(&merged[path]),
                    "{n} shard(s): findings.json"
                );
            } else {
                // Screenshots included: the same browser draws the same page the same.
                assert!(
                    merged[path] == *bytes,
                    "{n} shard(s): {} differs",
                    path.display()
                );
            }
        }
        // The console lists the findings as the single run does.
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(
            stdout.contains("[print-overflow]") && stdout.contains("[text-overflow]"),
            "{stdout}"
        );
    }
}

#[test]
fn every_page_and_locale_is_reviewed_and_published_by_one_shard() {
    let Some(runs) = runs() else { return };
    let parts = &runs.parts[&3];
    let mut jobs = Vec::new();
    let mut shots = Vec::new();
    for part in parts {
        let json: Value = serde_json::from_str(&common::read(part.join("review.json"))).unwrap();
        for page in json["pages"].as_array().unwrap() {
            let review = &page["review"];
            jobs.push(format!("{}/{}", review["page"], review["locale"]).replace('"', ""));
        }
        // A part holds its own jobs' screenshots and nothing else: the source's are
        // published by the one shard that reviews the source.
        for (path, _) in tree(part) {
            if path.extension().is_some_and(|e| e == "png") {
                shots.push(path);
            }
        }
    }
    jobs.sort();
    assert_eq!(jobs, ["home/de", "home/en", "home/fr"]);
    let expected: Vec<&PathBuf> = runs
        .single
        .keys()
        .filter(|p| p.extension().is_some_and(|e| e == "png"))
        .collect();
    shots.sort();
    assert_eq!(shots.iter().collect::<Vec<_>>(), expected);
}

#[test]
fn a_missing_duplicated_or_foreign_part_is_an_error_and_writes_nothing() {
    let Some(runs) = runs() else { return };
    let root = runs.site.path();
    let parts = &runs.parts[&3];
    // A review folder from before stays as it was through every failed merge.
    let before = tree(&root.join("single"));
    let failing = |given: &[&PathBuf], expected: &str| {
        let given: Vec<PathBuf> = given.iter().map(|p| (*p).clone()).collect();
        let output = merge(root, &given, "single");
        assert_eq!(output.status.code(), Some(1), "{expected}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(expected), "{expected}: {stderr}");
        assert!(
            tree(&root.join("single")) == before,
            "{expected}: folder changed"
        );
    };
    failing(&[&parts[0], &parts[2]], "review shard 2/3 is missing");
    failing(
        &[&parts[0], &parts[1], &parts[1], &parts[2]],
        "review shard 2/3 is given twice",
    );
    let two = &runs.parts[&2];
    failing(
        &[&parts[0], &parts[1], &parts[2], &two[0]],
        "shard counts differ",
    );

    // A screenshot damaged on its way from the runner.
    let damaged = tempfile::tempdir().unwrap();
    common::copy_dir(&parts[1], damaged.path());
    let shot = tree(damaged.path())
        .into_keys()
        .find(|p| p.extension().is_some_and(|e| e == "png"))
        .unwrap();
    std::fs::write(damaged.path().join(&shot), b"not a picture").unwrap();
    let damaged = damaged.path().to_path_buf();
    failing(
        &[&parts[0], &damaged, &parts[2]],
        "differs from the hash its part recorded",
    );

    // A part naming a file outside itself: nothing is read from there or written.
    let escaping = tempfile::tempdir().unwrap();
    common::copy_dir(&parts[1], escaping.path());
    let manifest = escaping.path().join("review.json");
    let mut json: Value = serde_json::from_str(&common::read(&manifest)).unwrap();
    json["files"]["../../escaped.png"] = Value::from("0");
    std::fs::write(&manifest, json.to_string()).unwrap();
    let output = merge(
        root,
        &[
            parts[0].clone(),
            escaping.path().to_path_buf(),
            parts[2].clone(),
        ],
        "single",
    );
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("../../escaped.png"), "{stderr}");
    assert!(tree(&root.join("single")) == before);

    // A translation changed after the shards ran: the merge would show other text. (In
    // a copy of the site: the other tests merge from the shared one meanwhile.)
    let changed = common::fixture("review");
    let fr = changed.path().join("locales/fr/main.ftl");
    let text = common::read(&fr);
    std::fs::write(&fr, format!("{text}\nlate = Trop tard\n")).unwrap();
    let stale = merge(changed.path(), parts, "review");
    assert_eq!(stale.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&stale.stderr);
    assert!(stderr.contains("reviewed from other inputs"), "{stderr}");
    assert!(!changed.path().join("review").exists());
}

#[test]
fn a_shard_with_no_jobs_writes_an_empty_part_and_narrowing_is_refused() {
    let site = common::fixture("review");
    let root = site.path();
    // Three jobs of equal weight on four shards: the fourth has none and needs no browser.
    let part = root.join("empty");
    fluentpress(root)
        .args([
            "review",
            "--shard",
            "4/4",
            "--browser",
            "/nonexistent/chromium",
        ])
        .arg("--part")
        .arg(&part)
        .assert()
        .success();
    let json: Value = serde_json::from_str(&common::read(part.join("review.json"))).unwrap();
    assert_eq!(json["pages"], serde_json::json!([]), "{json}");
    assert_eq!(json["jobs_total"], 3, "{json}");
    // Any other shard needs the browser it is given.
    fluentpress(root)
        .args([
            "review",
            "--shard",
            "1/4",
            "--browser",
            "/nonexistent/chromium",
        ])
        .arg("--part")
        .arg(root.join("one"))
        .assert()
        .code(2);
    assert!(!root.join("one").exists(), "no part from a failed shard");
    fluentpress(root)
        .args(["review", "--shard", "1/2", "--locale", "de"])
        .assert()
        .code(2);
    fluentpress(root)
        .args(["review", "--shard", "3/2"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("`3/2` is not a shard"));
    fluentpress(root)
        .args(["merge", "--review", "--check", "x"])
        .assert()
        .code(2);
}

/// The reference pipelines (validated against their schemas in tests/shard.rs) review in
/// shards and merge them, and the GitHub matrix has as many entries as the shard count
/// it passes on.
#[test]
fn the_reference_pipelines_review_in_shards_and_merge_them() {
    let examples = common::repo_root().join("examples");
    for name in [
        "github-sharded-build.yml",
        "gitlab-sharded-build.gitlab-ci.yml",
    ] {
        let text = common::read(examples.join(name));
        assert!(
            text.contains("fluentpress review --shard auto --part")
                && text.contains("fluentpress merge --review -o review review-part"),
            "{name}"
        );
    }
    let github = common::read(examples.join("github-sharded-build.yml"));
    assert!(
        github.contains("shard: [1, 2, 3]") && github.contains("${{ matrix.shard }}/3"),
        "{github}"
    );
}
