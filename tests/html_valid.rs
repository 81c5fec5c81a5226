//! Every page the build writes, and the HTML report of `check`, pass the Nu Html
//! Checker (vnu.jar).
//!
//! `.ci/run` installs it; the tests find it through `VNU_JAR` or where `.ci/run` puts it, and
//! fail saying what to install when it is missing (see `common::judge`).

mod common;
use common::*;

#[test]
fn default_site_pseudo_locales_and_fixture_pages_are_valid_html() {
    if judge::vnu_jar().is_none() {
        return;
    }
    let site = default_site();
    fluentpress(site.path())
        .args(["build", "--pseudo"])
        .assert()
        .success();
    judged::assert_valid_html(&[site.path().join("out")]);
    let mini = fixture("mini");
    fluentpress(mini.path()).arg("build").assert().success();
    judged::assert_valid_html(&[mini.path().join("out")]);
}

#[test]
fn the_check_report_is_valid_html() {
    if judge::vnu_jar().is_none() {
        return;
    }
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
    judged::assert_valid_html(&[dir.path().to_path_buf()]);
}
