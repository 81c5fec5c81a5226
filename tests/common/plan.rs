//! `plan --changed` as the tests run it, and the git and message edits they plan.

use super::{fluentpress, read};
use std::collections::BTreeSet;
use std::path::Path;

/// Pages × locales, as `(page, locale)`.
pub type Jobs = BTreeSet<(String, String)>;

/// Runs git in `root` as a user with a name, failing the test when git fails.
pub fn git(root: &Path, args: &[&str]) {
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["-c", "user.name=t", "-c", "user.email=t@example.org"])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `plan --changed` of `changed` (files or a range), run in `root`, as JSON.
pub fn plan(root: &Path, changed: &[&str]) -> serde_json::Value {
    let output = fluentpress(root)
        .current_dir(root)
        .args(["plan", "--changed"])
        .args(changed)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    serde_json::from_slice(&output).unwrap()
}

/// The jobs of a plan.
pub fn jobs_of_plan(plan: &serde_json::Value) -> Jobs {
    plan["jobs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|j| {
            (
                j["page"].as_str().unwrap().to_string(),
                j["locale"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// The jobs `plan --changed` lists for `changed`.
pub fn planned(root: &Path, changed: &[&str]) -> Jobs {
    jobs_of_plan(&plan(root, changed))
}

/// The pages × locales of rendered page files, `locale/file` (`tiny.html` is the page
/// `tiny`, any other file the about page).
pub fn jobs_of(rendered: &[String]) -> Jobs {
    rendered
        .iter()
        .map(|path| {
            let (locale, file) = path.split_once('/').unwrap();
            let page = if file == "tiny.html" { "tiny" } else { "about" };
            (page.to_string(), locale.to_string())
        })
        .collect()
}

/// Gives message (or term) `id` of `file` (under the site) a new value.
pub fn change_message(root: &Path, file: &str, id: &str) {
    let path = root.join(file);
    let text = read(&path);
    let changed = text.replacen(&format!("\n{id} = "), &format!("\n{id} = Changed, "), 1);
    assert_ne!(text, changed, "{id} in {file}");
    std::fs::write(&path, changed).unwrap();
}

/// A JSON array of strings (a plan's `locales`, a job's `reasons`).
pub fn strings(value: &serde_json::Value) -> Vec<String> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
}

/// Adds a page `tiny` of `template`, reading only `site.ftl`, to the site at `root`.
pub fn add_tiny_page(root: &Path, template: &str) {
    let config = root.join("fluentpress.toml");
    let text = read(&config);
    std::fs::write(
        &config,
        format!("{text}\n[pages.tiny]\ntemplate = \"{template}\"\nresources = [\"site.ftl\"]\noutput = \"tiny.html\"\n"),
    )
    .unwrap();
}

/// The default site and a page `tiny` of its own template, reading only `site.ftl`.
pub fn site_with_a_tiny_page() -> tempfile::TempDir {
    let dir = super::default_site();
    let root = dir.path();
    add_tiny_page(root, "tiny.html");
    std::fs::write(
        root.join("templates/tiny.html"),
        "<!DOCTYPE html>\n<html lang=\"{{ locale.tag }}\" dir=\"{{ locale.dir }}\"><head><meta charset=\"utf-8\">\
         <title>{{ t_plain('site-name') }}</title></head><body><main><h1>{{ t('site-name') }}</h1>\
         <p>{{ t('footer-note') }}</p></main></body></html>\n",
    )
    .unwrap();
    dir
}
