//! Every `check --format` as the binary prints it, pinned byte for byte
//! with insta snapshots (`tests/snapshots/`). A change to any format shows
//! here as a diff to review; accept it with `cargo insta review` or by
//! moving the `.snap.new` file over the `.snap`.
//!
//! Outputs must not depend on where or when they run: the project root and
//! the crate version are replaced by placeholders, and each format is run
//! twice and must come out the same.

mod common;
use common::*;
use std::path::Path;

/// stdout of `fluentpress check --format <format> <args>` run on `root`,
/// with what varies between machines and releases redacted.
fn check_output(root: &Path, format: &str, args: &[&str], expected_code: i32) -> String {
    let run = || {
        let out = fluentpress(root)
            .args(["check", "--format", format])
            .args(args)
            .output()
            .unwrap();
        let stdout = String::from_utf8(out.stdout).expect("output is UTF-8");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(expected_code), "{format}: {stderr}");
        assert!(stderr.is_empty(), "{format}: {stderr}");
        stdout
    };
    let first = run();
    assert_eq!(first, run(), "{format} output differs between two runs");
    redact(&first, root)
}

fn redact(output: &str, root: &Path) -> String {
    let version = env!("CARGO_PKG_VERSION");
    let mut out = output.to_string();
    for root in [root.to_path_buf(), root.canonicalize().unwrap()] {
        out = out.replace(&*root.to_string_lossy(), "[root]");
    }
    for key in ["version", "semanticVersion"] {
        out = out.replace(
            &format!("\"{key}\": \"{version}\""),
            &format!("\"{key}\": \"[version]\""),
        );
    }
    out
}

/// The `check` fixture fails its gate (French is required and has errors), so
/// every format is snapshotted with findings of every severity and exit code 1.
fn check_fixture(format: &str) -> String {
    let site = fixture("check");
    check_output(site.path(), format, &[], 1)
}

#[test]
fn text() {
    insta::assert_snapshot!("check_text", check_fixture("text"));
}

#[test]
fn json() {
    insta::assert_snapshot!("check_json", check_fixture("json"));
}

#[test]
fn github() {
    insta::assert_snapshot!("check_github", check_fixture("github"));
}

#[test]
fn sarif() {
    insta::assert_snapshot!("check_sarif", check_fixture("sarif"));
}

#[test]
fn junit() {
    insta::assert_snapshot!("check_junit", check_fixture("junit"));
}

#[test]
fn html() {
    insta::assert_snapshot!("check_html", check_fixture("html"));
}

#[test]
fn codequality() {
    insta::assert_snapshot!("check_codequality", check_fixture("codequality"));
}

#[test]
fn compare_locales() {
    insta::assert_snapshot!("check_compare_locales", check_fixture("compare-locales"));
}

/// A Mozilla project read through its `l10n.toml`: the output compare-locales
/// dashboards consume (missing strings alone do not fail the run).
#[test]
fn compare_locales_from_l10n_toml() {
    let dir = repo_root().join("tests/fixtures/l10n");
    let args = ["--l10n-toml", "l10n.toml", "--l10n-base", "l10n"];
    insta::assert_snapshot!(
        "l10n_compare_locales",
        check_output(&dir, "compare-locales", &args, 1)
    );
}
