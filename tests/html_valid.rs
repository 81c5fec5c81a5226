//! Every page the build writes, and the HTML report of `check`, pass the Nu Html
//! Checker (vnu.jar).
//!
//! `.ci/run` installs it; the tests find it through `VNU_JAR` or where `.ci/run` puts it, and
//! fail saying what to install when it is missing (see `common::judge`).

mod common;
use common::*;
use std::path::Path;
use std::process::Command;

fn assert_valid(out: &Path, jar: &Path) {
    let output = Command::new("java")
        .arg("-jar")
        .arg(jar)
        .args(["--errors-only", "--skip-non-html"])
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
    let Some(jar) = judge::vnu_jar() else { return };
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
    let Some(jar) = judge::vnu_jar() else { return };
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
