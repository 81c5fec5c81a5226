//! Issue #12: nothing a user types destroys work, crashes, hangs, or publishes a
//! broken page with exit 0. Addresses in the config and in templates, a killed
//! `new-locale`, and file names that carry terminal escapes.

mod common;
use common::*;
use std::path::Path;
use std::time::Duration;

fn stderr_of(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn set_base_url(root: &Path, value: &str) -> (usize, usize) {
    let path = root.join("fluentpress.toml");
    let config = read(&path);
    let line = config
        .lines()
        .position(|l| l.starts_with("base_url = "))
        .expect("the default site sets base_url");
    let text: Vec<String> = config
        .lines()
        .map(|l| {
            if l.starts_with("base_url = ") {
                format!("base_url = {}", toml_string(value))
            } else {
                l.to_string()
            }
        })
        .collect();
    std::fs::write(&path, text.join("\n") + "\n").unwrap();
    // Line and column (1-based) of the value's opening quote.
    (line + 1, "base_url = ".len() + 1)
}

fn toml_string(value: &str) -> String {
    format!("\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\""))
}

#[test]
fn base_url_must_be_an_http_url_or_a_path() {
    let site = default_site();
    let root = site.path();
    for bad in [
        "javascript:alert(1)",
        "not a url",
        "data:text/html,<script>alert(1)</script>",
        "//evil.example/",
        "ftp://example.org/",
        "https://",
        "https:example.org",
        "site/",
    ] {
        let (line, column) = set_base_url(root, bad);
        let output = fluentpress(root).arg("build").output().unwrap();
        let stderr = stderr_of(&output);
        assert_eq!(output.status.code(), Some(2), "{bad}: {stderr}");
        assert!(
            stderr.contains(&format!("fluentpress.toml:{line}:{column}")),
            "{bad}: the error names the line and column of the value: {stderr}"
        );
        assert!(stderr.contains("base_url"), "{bad}: {stderr}");
        assert!(!root.join("out").exists(), "{bad}: nothing was built");
    }
    for good in [
        "https://example.org/site",
        "http://localhost:8000/",
        "/",
        "/site",
    ] {
        set_base_url(root, good);
        let output = fluentpress(root).arg("build").output().unwrap();
        assert!(output.status.success(), "{good}: {}", stderr_of(&output));
        let sitemap = read(root.join("out/sitemap.xml"));
        let normalised = if good.ends_with('/') {
            good.to_string()
        } else {
            format!("{good}/")
        };
        assert!(
            sitemap.contains(&format!("<loc>{normalised}en/")),
            "{good}: the base keeps its trailing slash: {sitemap}"
        );
    }
}

#[test]
fn a_template_link_to_script_fails_the_build_and_keeps_out() {
    let site = default_site();
    let root = site.path();
    let template = root.join("templates/about-content.html");
    let original = read(&template);
    let link = "\"https://www.amnesty.org/\" ~ amnesty_lang ~ \"/who-we-are/\"";
    assert!(original.contains(link));

    fluentpress(root).arg("build").assert().success();
    let published = read(root.join("out/en/index.html"));

    for bad in [
        "javascript:alert(document.domain)",
        " JaVa\\tScript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
    ] {
        std::fs::write(&template, original.replace(link, &format!("\"{bad}\""))).unwrap();
        let output = fluentpress(root).arg("build").output().unwrap();
        let stderr = stderr_of(&output);
        assert_eq!(output.status.code(), Some(1), "{bad}: {stderr}");
        assert!(
            stderr.contains("about-content.html:19"),
            "{bad}: the error names the template and line: {stderr}"
        );
        assert!(stderr.contains("history-link"), "{bad}: {stderr}");
        assert_eq!(
            read(root.join("out/en/index.html")),
            published,
            "{bad}: the previous out/ stays"
        );
    }

    for good in [
        "mailto:info@example.org",
        "tel:+44-20-7413-5500",
        "#history",
        "../fr/index.html",
        "HTTPS://www.amnesty.org/",
    ] {
        std::fs::write(&template, original.replace(link, &format!("\"{good}\""))).unwrap();
        let output = fluentpress(root).arg("build").output().unwrap();
        assert!(output.status.success(), "{good}: {}", stderr_of(&output));
        let page = html(root.join("out/en/index.html"));
        let hrefs: Vec<String> = select(&page, "a[href]")
            .iter()
            .filter_map(|a| attr(a, "href").map(str::to_string))
            .collect();
        assert!(
            hrefs.iter().any(|h| h == good),
            "{good}: the link is kept: {hrefs:?}"
        );
    }
}

/// A project whose source has enough files that `new-locale` takes long enough to be
/// killed in the middle of writing them.
fn big_source_site() -> tempfile::TempDir {
    let site = default_site();
    let en = site.path().join("locales/en");
    for i in 0..200 {
        let mut text = String::new();
        for j in 0..20 {
            text.push_str(&format!(
                "extra-{i}-{j} = Message {j} of extra file {i}, with some words to copy\n"
            ));
        }
        std::fs::write(en.join(format!("extra-{i:03}.ftl")), text).unwrap();
    }
    site
}

#[test]
fn a_killed_new_locale_leaves_nothing_or_a_complete_registered_locale() {
    // What a run that is not killed writes: the state a killed run may leave, besides none.
    let reference = big_source_site();
    let started = std::time::Instant::now();
    fluentpress(reference.path())
        .args(["new-locale", "pt-BR"])
        .assert()
        .success();
    let full_run = started.elapsed();
    let complete_config = read(reference.path().join("fluentpress.toml"));
    let complete_tree = tree(&reference.path().join("locales/pt-BR"));
    assert!(complete_tree.len() > 200);

    let binary = assert_cmd::cargo::cargo_bin("fluentpress");
    let runs: u32 = 30;
    // From the start to half as long again as a whole run takes: the kills land before,
    // during and after each step. (A fixed 0–50 ms would all land before the first file
    // on a slow machine.)
    let span = full_run.mul_f64(1.5);
    let (mut nothing, mut partial, mut complete, mut between) = (0, 0, 0, 0);
    // On a loaded machine a run can take several times the reference run: past the
    // planned kills, wait twice as long each time (at most 8 more runs) until one kill
    // lands after a whole run, so the loop spans the run however slow the machine is.
    let mut run = 0;
    let mut late = span;
    while run < runs || (complete == 0 && run < runs + 8) {
        let site = big_source_site();
        let root = site.path();
        let before_config = read(root.join("fluentpress.toml"));
        let before_locales = tree(&root.join("locales"));
        let delay = if run < runs {
            span * run / (runs - 1)
        } else {
            late *= 2;
            late
        };
        run += 1;
        let mut child = std::process::Command::new(&binary)
            .arg("--root")
            .arg(root)
            .args(["new-locale", "pt-BR"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        let _ = child.kill(); // SIGKILL
        child.wait().unwrap();

        let config = read(root.join("fluentpress.toml"));
        let folder = root.join("locales/pt-BR");
        let context = format!("run {run} (killed after {delay:?})");
        if config == before_config {
            assert!(
                !folder.exists(),
                "{context}: a folder the config does not name"
            );
            let mut locales = tree(&root.join("locales"));
            locales.retain(|path, _| !path.starts_with("pt-BR"));
            assert_eq!(locales, before_locales, "{context}: locales/ untouched");
            if tree(&root.join(".fluentpress/new-locale"))
                .keys()
                .any(|k| k != Path::new(".gitignore"))
            {
                partial += 1;
            } else {
                nothing += 1;
            }
        } else {
            assert_eq!(config, complete_config, "{context}: a half-written config");
            if folder.exists() {
                assert_eq!(
                    tree(&folder),
                    complete_tree,
                    "{context}: an incomplete locale"
                );
                complete += 1;
            } else {
                // Killed between the config's rename and the folder's (one system call):
                // the next run finishes it.
                between += 1;
            }
        }
        // Every folder under locales/ is looked at whatever --locale says.
        let output = fluentpress(root)
            .args(["check", "--locale", "en"])
            .output()
            .unwrap();
        assert!(
            !String::from_utf8_lossy(&output.stdout).contains("unconfigured-locale"),
            "{context}: check finds an unconfigured locale"
        );

        // Running it again completes the work, or refuses because it is done.
        let again = fluentpress(root)
            .args(["new-locale", "pt-BR"])
            .output()
            .unwrap();
        let stderr = stderr_of(&again);
        assert!(
            again.status.success() || stderr.contains("already a locale"),
            "{context}: {stderr}"
        );
        assert_eq!(
            read(root.join("fluentpress.toml")),
            complete_config,
            "{context}"
        );
        assert_eq!(tree(&folder), complete_tree, "{context}");
        let staging = tree(&root.join(".fluentpress/new-locale"));
        assert!(
            staging.keys().all(|k| k == Path::new(".gitignore")),
            "{context}: debris left: {:?}",
            staging.keys().collect::<Vec<_>>()
        );
    }
    eprintln!(
        "new-locale runs in {full_run:?}; killed {run} times: {nothing} before it wrote anything, {partial} while staging (nothing in locales/ or the config), {complete} a complete locale, {between} a registered locale finished by the next run"
    );
    // Kills at the start and after the end, at least, or the loop tested nothing.
    assert!(
        nothing + partial > 0 && complete > 0,
        "kills did not span the run"
    );
}

#[test]
fn file_names_with_terminal_escapes_are_shown_escaped() {
    let site = default_site();
    let root = site.path();
    let evil = "evil\u{1b}]0;pwned\u{7}\u{202e}txt.ftl";
    std::fs::write(root.join("locales/en").join(evil), "fresh = New text\n").unwrap();
    std::fs::write(
        root.join("locales/fr").join(evil),
        "gone = Plus dans la source\n",
    )
    .unwrap();

    let mut outputs = Vec::new();
    for args in [
        &["sync", "--dry-run"][..],
        &["sync"],
        &["new-locale", "pt-BR"],
        &["lock"],
        &["status"],
    ] {
        let output = fluentpress(root).args(args).output().unwrap();
        assert!(output.status.success(), "{args:?}: {}", stderr_of(&output));
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        assert!(
            !stdout.contains(['\u{1b}', '\u{7}', '\u{202e}']),
            "{args:?} printed a raw escape: {stdout:?}"
        );
        outputs.push(stdout);
    }
    let sync = &outputs[1];
    assert!(
        sync.contains("evil\\u{1b}]0;pwned\\u{7}\\u{202e}txt.ftl"),
        "the name is shown, escaped: {sync}"
    );
    assert!(outputs[0].contains("\\u{1b}"), "{}", outputs[0]);
    assert!(
        root.join("locales/pt-BR").join(evil).exists(),
        "the file itself keeps its name"
    );
}

/// Found by the fuzzer: page coverage looked each source id up in a list of the
/// locale's ids, so the source measured against itself was quadratic (100,000
/// messages: minutes in `check` and `build`).
#[test]
fn a_source_of_100000_messages_is_checked_and_built_in_seconds() {
    let site = default_site();
    let root = site.path();
    let path = root.join("locales/en/about.ftl");
    let mut ftl = read(&path);
    for i in 0..100_000 {
        ftl.push_str(&format!("many-{i} = value {i}\n"));
    }
    std::fs::write(&path, ftl).unwrap();
    for args in [
        &["check", "--locale", "en", "--format", "json"][..],
        &["build"],
    ] {
        let started = std::time::Instant::now();
        let output = fluentpress(root)
            .args(args)
            .timeout(Duration::from_secs(60))
            .output()
            .unwrap();
        assert!(
            matches!(output.status.code(), Some(0 | 1)),
            "{args:?} after {:?}: {:?} {}",
            started.elapsed(),
            output.status,
            stderr_of(&output)
        );
        eprintln!("{args:?}: {:?}", started.elapsed());
    }
    let json: serde_json::Value = serde_json::from_slice(
        &fluentpress(root)
            .args(["check", "--locale", "en", "--format", "json"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let en = &json["locales"][0];
    assert!(en["total"].as_u64().unwrap() > 100_000, "{en}");
    assert!(
        root.join("out/en/index.html").exists(),
        "the build published"
    );
}
