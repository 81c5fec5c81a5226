//! Pages put before the Nu checker and axe-core, failing with what they found; each
//! judge is skipped only as `judge::require` allows.

use super::{judge, read};
use std::path::PathBuf;

/// The Nu checker over `paths` (files or folders; only HTML is read).
pub fn assert_valid_html(paths: &[PathBuf]) {
    let Some(jar) = judge::vnu_jar() else { return };
    let output = std::process::Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .args(["--errors-only", "--skip-non-html"])
        .args(paths)
        .output()
        .expect("java runs");
    let report = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success() && report.trim().is_empty(),
        "invalid HTML:\n{report}"
    );
}

/// axe-core's default rules (WCAG A/AA and best practices) over each page at each width.
pub fn assert_accessible(pages: &[PathBuf], widths: &[u32]) {
    let (Some(axe), Some(browser)) = (judge::axe_js(), judge::browser(None)) else {
        return;
    };
    let script = format!(
        "{}\n;axe.run(document, {{ resultTypes: ['violations'] }}).then(r => r.violations.map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', ')))",
        read(&axe)
    );
    let printer = fluentpress::site::pdf::PdfPrinter::launch_with_tabs(&browser, 1)
        .expect("the browser starts");
    for page in pages {
        let found = printer
            .evaluate(page, widths, &script)
            .unwrap_or_else(|e| panic!("axe did not run on {}: {e}", page.display()));
        for (width, violations) in widths.iter().zip(found) {
            assert_eq!(
                violations,
                serde_json::json!([]),
                "{} at {width}px",
                page.display()
            );
        }
    }
}
