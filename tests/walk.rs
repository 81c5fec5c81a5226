//! Folders with things in them that a naive walk hangs on: FIFOs (opening
//! one waits for a writer) and symbolic links that loop.

#![cfg(unix)]

mod common;
use common::*;
use serde_json::Value;
use std::os::unix::fs::symlink;
use std::path::Path;
use std::time::Duration;

fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(status.success(), "mkfifo {}", path.display());
}

/// A FIFO named like a resource, one that is not, a pair of links pointing
/// at each other and a link to its own folder, in `dir`.
fn booby_trap(dir: &Path, fifo_name: &str) {
    mkfifo(&dir.join(fifo_name));
    mkfifo(&dir.join("notes"));
    symlink("loop-b", dir.join("loop-a")).unwrap();
    symlink("loop-a", dir.join("loop-b")).unwrap();
    symlink(".", dir.join("self")).unwrap();
}

/// `check --format json` on `root`: (code, file, message) of every finding,
/// and the French progress line.
fn check(root: &Path) -> (Vec<(String, String, String)>, Value) {
    let output = fluentpress(root)
        .args(["check", "--format", "json"])
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let json: Value = serde_json::from_str(&stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}); did it time out? stdout: {stdout}\nstderr: {}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    let findings = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_string(),
                f["file"].as_str().unwrap().to_string(),
                f["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let fr = json["locales"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["locale"] == "fr")
        .unwrap()
        .clone();
    (findings, fr)
}

#[test]
fn check_reports_a_fifo_and_passes_over_looping_links() {
    let clean = fixture("mini");
    let (before, fr_before) = check(clean.path());
    let site = fixture("mini");
    booby_trap(&site.path().join("locales/fr"), "pipe.ftl");
    booby_trap(&site.path().join("templates"), "pipe.html");
    let (after, fr_after) = check(site.path());
    // One finding more: the FIFO named like a resource, reported, not read.
    // The links and the other FIFO change nothing; French keeps its messages.
    let new: Vec<_> = after.iter().filter(|f| !before.contains(f)).collect();
    assert_eq!(
        new,
        [&(
            "unreadable-file".to_string(),
            "locales/fr/pipe.ftl".to_string(),
            "not a regular file (a FIFO); not read".to_string()
        )]
    );
    assert_eq!(after.len(), before.len() + 1, "{after:?}");
    assert_eq!(fr_after["translated"], fr_before["translated"]);
    assert_eq!(fr_after["total"], fr_before["total"]);
}

#[test]
fn build_copies_assets_past_a_fifo_and_refuses_a_link_to_their_own_folder() {
    let site = fixture("mini");
    let assets = site.path().join("templates/assets");
    std::fs::create_dir_all(&assets).unwrap();
    std::fs::write(assets.join("site.css"), "body { margin: 0 }\n").unwrap();
    mkfifo(&assets.join("pipe.css"));
    fluentpress(site.path())
        .arg("build")
        .timeout(Duration::from_secs(120))
        .assert()
        .success();
    let out = site.path().join("out/assets");
    assert_eq!(read(out.join("site.css")), "body { margin: 0 }\n");
    assert!(!out.join("pipe.css").exists());

    // A link would publish whatever it points at: the build names it and stops,
    // quickly (no walk into the loop), leaving the previous site as it was.
    symlink(".", assets.join("self")).unwrap();
    let output = fluentpress(site.path())
        .arg("build")
        .timeout(Duration::from_secs(120))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("assets/self"), "{stderr}");
    assert_eq!(read(out.join("site.css")), "body { margin: 0 }\n");
    assert!(!out.join("self").exists());
}
