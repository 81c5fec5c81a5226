//! Every page and report fluentpress writes has no axe-core violations, judged in a real
//! headless Chromium: the web pages, print pages and bilingual edition of every locale
//! (pseudo-locales included), the language chooser, and `check --format html`.
//!
//! The browser is found and started by the project's own PDF launcher; axe-core comes from
//! `AXE_CORE_JS` or where `.ci/run` installs it (see `common::judge`).

mod common;
use common::*;
use fluentpress::site::pdf::PdfPrinter;
use std::path::{Path, PathBuf};

/// Runs axe with its default rule set (WCAG A/AA and best practices) and keeps what a
/// failure message needs: rule, impact, help and a CSS selector per offending node.
const RUN_AXE: &str = r#"
axe.run(document, { resultTypes: ["violations"] }).then(r => r.violations.map(v => ({
  id: v.id,
  impact: v.impact,
  help: v.help,
  targets: v.nodes.map(n => n.target.join(" ")),
})))
"#;

fn html_files(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read folder").flatten() {
        let path = entry.path();
        if path.is_dir() {
            html_files(&path, found);
        } else if path.extension().is_some_and(|e| e == "html") {
            found.push(path);
        }
    }
}

#[test]
fn every_page_and_report_has_no_axe_violations() {
    let Some(axe) = judge::axe_js() else { return };
    let Some(browser) = judge::browser(None) else {
        return;
    };

    let site = default_site();
    fluentpress(site.path())
        .args(["build", "--pseudo"])
        .assert()
        .success();
    let out = site.path().join("out");
    let mut pages = Vec::new();
    html_files(&out, &mut pages);
    pages.sort();

    // The check fixture fires every finding code, so every part of the report is there.
    let check = fixture("check");
    let report = fluentpress(check.path())
        .args(["check", "--format", "html"])
        .output()
        .unwrap();
    assert_eq!(
        report.status.code(),
        Some(1),
        "the gate fails on the fixture"
    );
    let report_file = check.path().join("check.html");
    std::fs::write(&report_file, &report.stdout).unwrap();
    pages.push(report_file);

    // Whatever the build writes must reach the judge: the chooser, and per locale (two
    // pseudo-locales among them) a web and a print page, plus the bilingual edition.
    let names: Vec<String> = pages
        .iter()
        .map(|p| p.strip_prefix(&out).unwrap_or(p).display().to_string())
        .collect();
    for expected in [
        "index.html",
        "en/index.html",
        "ar/about.print.html",
        "ar/about.print.en.html",
        "en-XA/index.html",
        "ar-XB/about.print.html",
    ] {
        assert!(
            names.iter().any(|n| n == expected),
            "{expected} in {names:?}"
        );
    }

    let script = format!("{}\n;{RUN_AXE}", read(&axe));
    let printer = PdfPrinter::launch_with_tabs(&browser, 1).expect("the browser starts");
    let mut violations = Vec::new();
    // A desktop window, and a phone's 320 CSS pixels (WCAG's reflow width), where long
    // lines overflow into scrolling regions a keyboard user must be able to reach.
    let widths = [1280, 320];
    for (page, name) in pages.iter().zip(&names) {
        let results = printer
            .evaluate(page, &widths, &script)
            .unwrap_or_else(|e| panic!("axe did not run on {name}: {e}"));
        for (width, found) in widths.iter().zip(results) {
            let name = format!("{name} at {width}px");
            let found = found
                .as_array()
                .unwrap_or_else(|| panic!("axe returned no list for {name}: {found}"))
                .clone();
            for v in found {
                let targets = v["targets"]
                    .as_array()
                    .map(|t| {
                        t.iter()
                            .filter_map(|t| t.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    })
                    .unwrap_or_default();
                violations.push(format!(
                    "{name}: {} ({}): {} at {targets}",
                    v["id"].as_str().unwrap_or("?"),
                    v["impact"].as_str().unwrap_or("?"),
                    v["help"].as_str().unwrap_or("?"),
                ));
            }
        }
    }
    assert!(
        violations.is_empty(),
        "{} axe violations on {} pages:\n{}",
        violations.len(),
        pages.len(),
        violations.join("\n")
    );
}
