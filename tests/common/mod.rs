//! Shared by the integration tests: a copy of a site in a temporary folder,
//! the real binary run on it, and its HTML parsed.
#![allow(dead_code)]

use assert_cmd::Command;
use scraper::{Html, Selector};
use std::path::{Path, PathBuf};
use tempfile::TempDir;

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Copies `fluentpress.toml`, `locales/` and `templates/` of `from` into a new temporary folder.
pub fn site_copy(from: &Path) -> TempDir {
    let dir = tempfile::tempdir().expect("temporary folder");
    std::fs::copy(
        from.join("fluentpress.toml"),
        dir.path().join("fluentpress.toml"),
    )
    .expect("copy config");
    for sub in ["locales", "templates"] {
        copy_dir(&from.join(sub), &dir.path().join(sub));
    }
    dir
}

pub fn default_site() -> TempDir {
    site_copy(&repo_root())
}

pub fn fixture(name: &str) -> TempDir {
    site_copy(&repo_root().join("tests/fixtures").join(name))
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create folder");
    for entry in std::fs::read_dir(from).expect("read folder").flatten() {
        let path = entry.path();
        let target = to.join(entry.file_name());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).expect("copy file");
        }
    }
}

pub fn fluentpress(root: &Path) -> Command {
    let mut cmd = Command::cargo_bin("fluentpress").expect("binary is built");
    cmd.arg("--root").arg(root).env("NO_COLOR", "1");
    cmd
}

pub fn read(path: impl AsRef<Path>) -> String {
    let path = path.as_ref();
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

pub fn html(path: impl AsRef<Path>) -> Html {
    Html::parse_document(&read(path))
}

pub fn select<'a>(doc: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    let selector = Selector::parse(css).unwrap_or_else(|e| panic!("bad selector {css}: {e:?}"));
    doc.select(&selector).collect()
}

pub fn text(el: &scraper::ElementRef) -> String {
    el.text().collect()
}

pub fn attr<'a>(el: &'a scraper::ElementRef, name: &str) -> Option<&'a str> {
    el.value().attr(name)
}
