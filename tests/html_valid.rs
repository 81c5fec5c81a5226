//! Every page the build writes, and the HTML report of `check`, pass the Nu Html
//! Checker (vnu.jar).
//!
//! `.ci/run` installs it and sets `VNU_JAR`; elsewhere the test says it was skipped.

mod common;
use common::*;
use std::process::Command;

fn vnu_jar() -> Option<String> {
    let jar = std::env::var("VNU_JAR")
        .ok()
        .filter(|p| std::path::Path::new(p).is_file());
    if jar.is_none() {
        eprintln!("SKIPPED: set VNU_JAR to the path of vnu.jar (npm package vnu-jar) to validate the HTML; .ci/run does");
    }
    jar
}

fn assert_valid(out: &std::path::Path, jar: &str) {
    let output = Command::new("java")
        .args(["-jar", jar, "--errors-only", "--skip-non-html"])
        .arg(out)
        .output()
        .expect("java runs");
    let report = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success() && report.trim().is_empty(),
        "invalid HTML:\n{report}"
    );
}

#[test]
fn default_site_pseudo_locales_and_fixture_pages_are_valid_html() {
    let Some(jar) = vnu_jar() else { return };
    let site = default_site();
    fluentpress(site.path())
        .args(["build", "--pseudo"])
        .assert()
        .success();
    assert_valid(&site.path().join("out"), &jar);
    let mini = fixture("mini");
    fluentpress(mini.path()).arg("build").assert().success();
    assert_valid(&mini.path().join("out"), &jar);
}

#[test]
fn the_check_report_is_valid_html() {
    let Some(jar) = vnu_jar() else { return };
    // The check fixture fires every finding code, so every part of the report is there.
    let site = fixture("check");
    let out = fluentpress(site.path())
        .args(["check", "--format", "html"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "the gate fails as with any format"
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("check.html"), &out.stdout).unwrap();
    assert_valid(dir.path(), &jar);
}
