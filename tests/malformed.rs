//! The malformed-input classes, each through the binary on a built copy of the default
//! site: the exit code, a message naming the file (and line where there is one), nothing
//! under the project changed, and out/ still the previous build.

mod common;
use common::*;

/// Writes `bytes` to `file` in a freshly built site, runs `check` and `build`, and
/// checks what a user would: the exit codes, that the output names `file` (with
/// `line` when given), and that nothing else under the project changed.
fn refused(file: &str, bytes: &[u8], check_code: i32, build_code: i32, line: Option<usize>) {
    let site = default_site();
    fluentpress(site.path()).arg("build").assert().success();
    std::fs::write(site.path().join(file), bytes).unwrap();
    let before = tree(site.path());
    for (command, code) in [("check", check_code), ("build", build_code)] {
        let output = fluentpress(site.path()).arg(command).output().unwrap();
        let said = format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        assert_eq!(
            output.status.code(),
            Some(code),
            "{command} on {file}: {said}"
        );
        let named = match line {
            Some(line) => format!("{file}:{line}:"),
            None => file.to_string(),
        };
        assert!(
            said.contains(&named),
            "{command} does not name {named}: {said}"
        );
        assert!(!said.contains("panicked"), "{said}");
        assert_eq!(tree(site.path()), before, "{command} changed the project");
    }
}

#[test]
fn binary_garbage_in_a_translation() {
    let garbage: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
        .collect();
    refused("locales/fr/about.ftl", &garbage, 1, 1, None);
}

#[test]
fn invalid_utf8_in_a_translation() {
    refused(
        "locales/fr/about.ftl",
        b"about-title = Caf\xe9\n",
        1,
        1,
        Some(1),
    );
}

#[test]
fn broken_toml_in_the_config() {
    let config = read(repo_root().join("fluentpress.toml"));
    let broken = config.replacen("[locales.fr]", "[locales.fr", 1);
    let line = broken.lines().position(|l| l == "[locales.fr").unwrap() + 1;
    refused("fluentpress.toml", broken.as_bytes(), 2, 2, Some(line));
}

#[test]
fn a_wrong_type_in_the_config() {
    let config = read(repo_root().join("fluentpress.toml"));
    let wrong = format!("{config}\n[pdf]\nenabled = \"yes\"\n");
    let line = wrong.lines().count();
    refused("fluentpress.toml", wrong.as_bytes(), 2, 2, Some(line));
}

#[test]
fn an_empty_config() {
    refused("fluentpress.toml", b"", 2, 2, None);
}

/// An empty translation file is not an error: its messages are missing, and the page
/// is held back by the readiness rule (under 80 % translated), saying why, while every
/// other locale is published.
#[test]
fn an_empty_translation_file_holds_the_page_back() {
    let site = default_site();
    std::fs::write(site.path().join("locales/fr/site.ftl"), b"").unwrap();
    let output = fluentpress(site.path()).arg("build").output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    let said = String::from_utf8_lossy(&output.stdout);
    assert!(said.contains("skipped about [fr]"), "{said}");
    assert!(!site.path().join("out/fr/index.html").exists());
    assert!(site.path().join("out/de/index.html").is_file());
    let output = fluentpress(site.path())
        .args(["check", "--locale", "fr"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&output.stdout).contains("missing-message"));
}
