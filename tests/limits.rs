//! Input that once crashed, hung or published a broken page with exit 0 (issue #12):
//! every case through the real binary, with its exit code, the file and line it names,
//! and nothing under the project changed by a failed run.

mod common;
use common::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Every file under `root` with its bytes.
fn snapshot(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("read folder").flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.insert(path.clone(), std::fs::read(&path).expect("read file"));
            }
        }
    }
    out
}

/// Runs `fluentpress <args>` on `root`, expects `code`, checks that nothing under
/// `root` changed, and returns stdout and stderr.
fn run_unchanged(root: &Path, args: &[&str], code: i32) -> (String, String) {
    let before = snapshot(root);
    let output = fluentpress(root).args(args).assert().code(code);
    let output = output.get_output();
    assert_eq!(
        snapshot(root).keys().collect::<Vec<_>>(),
        before.keys().collect::<Vec<_>>(),
        "{args:?} added or removed files"
    );
    assert!(snapshot(root) == before, "{args:?} changed a file");
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn edit(path: impl AsRef<Path>, from: &str, to: &str) {
    let path = path.as_ref();
    let text = read(path);
    assert!(text.contains(from), "{} has {from:?}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn thousands_of_nested_braces_are_a_located_error_not_a_stack_overflow() {
    let site = fixture("mini");
    let deep = format!(
        "title = Salut\ngreeting = {}$name{}\n",
        "{ ".repeat(3000),
        " }".repeat(3000)
    );
    std::fs::write(site.path().join("locales/fr/main.ftl"), deep).unwrap();
    let (stdout, _) = run_unchanged(site.path(), &["check", "--format", "json"], 1);
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let finding = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["file"] == "locales/fr/main.ftl" && f["code"] == "syntax-error")
        .unwrap_or_else(|| panic!("a syntax-error for the deep file: {stdout}"));
    // The 101st brace, on line 2: `greeting = ` is 11 characters, each level 2 more.
    assert_eq!(
        (finding["line"].as_u64(), finding["column"].as_u64()),
        (Some(2), Some(212))
    );
    assert!(finding["message"].as_str().unwrap().contains("max_nesting"));

    let (_, stderr) = run_unchanged(site.path(), &["build"], 1);
    assert!(stderr.contains("locales/fr/main.ftl:2:212"), "{stderr}");
    assert!(!stderr.contains("overflow"), "{stderr}");

    // The limit is the config's to raise or lower.
    let config = site.path().join("fluentpress.toml");
    std::fs::write(
        &config,
        format!("{}\n[limits]\nmax_nesting = 5000\n", read(&config)),
    )
    .unwrap();
    std::fs::write(
        site.path().join("locales/fr/main.ftl"),
        "title = Salut\ngreeting = { { { $name } } }\n",
    )
    .unwrap();
    fluentpress(site.path()).arg("build").assert().success();
    let config_text = read(&config).replace("max_nesting = 5000", "max_nesting = 2");
    std::fs::write(&config, config_text).unwrap();
    let (stdout, _) = run_unchanged(site.path(), &["check"], 1);
    assert!(stdout.contains("locales/fr/main.ftl:2:16"), "{stdout}");
}

#[test]
fn a_file_over_the_size_limit_is_refused_with_its_name() {
    let site = fixture("mini");
    let config = site.path().join("fluentpress.toml");
    std::fs::write(
        &config,
        format!("{}\n[limits]\nmax_file_size = 64\n", read(&config)),
    )
    .unwrap();
    std::fs::write(
        site.path().join("locales/fr/main.ftl"),
        format!("title = Salut\ngreeting = {}\n", "x".repeat(100)),
    )
    .unwrap();
    let (stdout, _) = run_unchanged(site.path(), &["check"], 1);
    assert!(stdout.contains("locales/fr/main.ftl"), "{stdout}");
    assert!(stdout.contains("max_file_size"), "{stdout}");
    let (_, stderr) = run_unchanged(site.path(), &["build"], 1);
    assert!(
        stderr.contains("locales/fr/main.ftl") && stderr.contains("larger than 64 bytes"),
        "{stderr}"
    );
}

#[test]
fn a_resource_typo_or_a_deleted_source_folder_is_a_config_error() {
    let site = fixture("mini");
    edit(
        site.path().join("fluentpress.toml"),
        "resources = [\"main.ftl\"]",
        "resources = [\"mian.ftl\"]",
    );
    for command in ["check", "build"] {
        let (_, stderr) = run_unchanged(site.path(), &[command], 2);
        assert!(
            stderr.contains("fluentpress.toml:26:14"),
            "{command}: {stderr}"
        );
        assert!(
            stderr.contains("resource `mian.ftl` does not exist"),
            "{stderr}"
        );
    }

    let site = fixture("mini");
    std::fs::remove_dir_all(site.path().join("locales/en")).unwrap();
    for command in ["check", "build"] {
        let (_, stderr) = run_unchanged(site.path(), &[command], 2);
        assert!(
            stderr.contains("fluentpress.toml:26:14"),
            "{command}: {stderr}"
        );
    }
}

#[test]
fn a_misspelt_id_in_a_template_fails_check_and_build_at_its_line() {
    let site = fixture("mini");
    edit(
        site.path().join("templates/home.html"),
        "t('only-english')",
        "t('only-englsh')",
    );
    let (stdout, _) = run_unchanged(site.path(), &["check", "--format", "json"], 1);
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let finding = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "undefined-message")
        .unwrap_or_else(|| panic!("{stdout}"));
    assert_eq!(finding["severity"], "error");
    assert_eq!(finding["file"], "templates/home.html");
    assert_eq!(finding["line"], 24);

    let (_, stderr) = run_unchanged(site.path(), &["build"], 1);
    assert!(stderr.contains("templates/home.html:24"), "{stderr}");
    assert!(stderr.contains("only-englsh"), "{stderr}");
    assert!(!site.path().join("out").exists());
}

#[test]
fn a_translation_that_fails_to_format_falls_back_and_a_failing_source_stops_the_build() {
    let site = fixture("mini");
    // The page never passes $place: French fails, English is shown, marked and reported.
    edit(
        site.path().join("locales/fr/main.ftl"),
        "greeting = Bonjour, { $name } !",
        "greeting = Bonjour, { $name } de { $place } !",
    );
    let output = fluentpress(site.path()).arg("build").assert().success();
    let stdout = String::from_utf8_lossy(&output.get_output().stdout).into_owned();
    assert!(stdout.contains("greeting (fr)"), "{stdout}");
    let doc = html(site.path().join("out/fr/index.html"));
    let greeting = select(&doc, "#greeting span[lang=\"en\"]");
    assert_eq!(greeting.len(), 1, "falls back to English, marked");
    assert!(text(&greeting[0]).contains("Hello"));
    assert!(!read(site.path().join("out/fr/index.html")).contains("$place"));
    let report: serde_json::Value =
        serde_json::from_str(&read(site.path().join("out/build-report.json"))).unwrap();
    let fr = report["pages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["locale"] == "fr")
        .unwrap();
    assert!(fr["fallbacks"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["id"] == "greeting" && f["from"] == "en"));

    // The source itself failing is an error of the template line that uses it.
    edit(
        site.path().join("locales/en/main.ftl"),
        "greeting = Hello, { $name }!",
        "greeting = Hello, { $name } from { $place }!",
    );
    let before = read(site.path().join("out/fr/index.html"));
    let (_, stderr) = run_unchanged(site.path(), &["build"], 1);
    assert!(stderr.contains("templates/home.html:21"), "{stderr}");
    assert!(stderr.contains("greeting"), "{stderr}");
    assert_eq!(read(site.path().join("out/fr/index.html")), before);
}

#[test]
fn a_long_reference_chain_and_a_big_cycle_are_checked_quickly() {
    let site = fixture("mini");
    let mut ftl = read(site.path().join("locales/fr/main.ftl"));
    for i in 0..3000 {
        ftl.push_str(&format!("chain-{i} = {{ chain-{} }}\n", i + 1));
    }
    ftl.push_str("chain-3000 = { chain-0 }\n");
    std::fs::write(site.path().join("locales/fr/main.ftl"), ftl).unwrap();
    let started = Instant::now();
    let (stdout, _) = run_unchanged(site.path(), &["check", "--format", "json"], 1);
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "{:?}",
        started.elapsed()
    );
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let cycles: Vec<&serde_json::Value> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "reference-cycle")
        .collect();
    assert_eq!(cycles.len(), 1, "one finding for the one loop");
    assert_eq!(cycles[0]["id"], "chain-0");
}

#[test]
fn a_template_that_loops_for_ever_is_stopped_and_named() {
    let site = fixture("mini");
    edit(
        site.path().join("templates/home.html"),
        "<main>",
        "<main>{% for i in range(100000) %}{% for j in range(100000) %}{{ i }}{% endfor %}{% endfor %}",
    );
    let started = Instant::now();
    let (_, stderr) = run_unchanged(site.path(), &["build"], 1);
    assert!(
        started.elapsed() < Duration::from_secs(90),
        "{:?}",
        started.elapsed()
    );
    assert!(stderr.contains("templates/home.html:19"), "{stderr}");
    assert!(stderr.contains("template_fuel"), "{stderr}");
}

#[test]
fn control_characters_are_found_kept_off_the_page_and_escaped_in_every_output() {
    let site = fixture("mini");
    edit(
        site.path().join("locales/fr/main.ftl"),
        "greeting = Bonjour, { $name } !",
        "greeting = Bonjour\u{1b}[31m, { $name } \u{202E}! \u{2067}x",
    );
    // French is advisory: the finding is reported, and does not fail its gate.
    let (stdout, _) = run_unchanged(site.path(), &["check", "--format", "json"], 0);
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let found: Vec<(String, u64, u64)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "control-character")
        .map(|f| {
            (
                f["severity"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        found,
        vec![
            ("error".to_string(), 7, 19),
            ("warning".to_string(), 7, 36),
            ("warning".to_string(), 7, 39),
        ]
    );
    for format in ["text", "github", "junit"] {
        let (stdout, _) = run_unchanged(site.path(), &["check", "--format", format], 0);
        for raw in ['\u{1b}', '\u{202E}', '\u{2067}'] {
            assert!(!stdout.contains(raw), "{format} keeps {raw:?}");
        }
    }
    let (stdout, _) = run_unchanged(site.path(), &["check"], 0);
    assert!(
        stdout.contains("\\u{202e}"),
        "the line is shown, escaped: {stdout}"
    );

    // The page drops the control character; the build's console escapes what it quotes.
    edit(
        site.path().join("templates/home.html"),
        "<p id=\"only\">",
        "<p id=\"only\">{{ t('greeting', name='x') }}",
    );
    fluentpress(site.path()).arg("build").assert().success();
    let page = read(site.path().join("out/fr/index.html"));
    assert!(
        !page.contains('\u{1b}') && page.contains("Bonjour[31m"),
        "{page}"
    );

    // A failed build quotes the broken line: escaped on the console.
    std::fs::write(
        site.path().join("locales/fr/main.ftl"),
        "title = ok\nbroken = {\u{1b}[2J\u{202E}\n",
    )
    .unwrap();
    let (stdout, stderr) = run_unchanged(site.path(), &["build"], 1);
    assert!(stderr.contains("locales/fr/main.ftl:2"), "{stderr}");
    for raw in ['\u{1b}', '\u{202E}'] {
        assert!(!stderr.contains(raw) && !stdout.contains(raw), "{stderr}");
    }
    assert!(stderr.contains("\\u{1b}[2J\\u{202e}"), "{stderr}");
}

#[test]
fn marks_that_rtl_and_indic_text_need_are_not_findings() {
    let site = fixture("mini");
    edit(
        site.path().join("locales/ar/main.ftl"),
        "title =",
        "rtl-marks = \u{200F}مرحبا\u{200E} \u{061C}x\u{200D}\u{200C}\u{200B}\u{AD} \u{2068}{ $name }\u{2069}\ntitle =",
    );
    let output = fluentpress(site.path())
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert!(!report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["code"] == "control-character"));
}

#[test]
fn usage_errors_exit_2_and_say_what_is_wrong() {
    let site = fixture("mini");
    let (_, stderr) = run_unchanged(site.path(), &["build", "--locale", "xx"], 2);
    assert!(
        stderr.contains("--locale xx: not a configured locale"),
        "{stderr}"
    );
    let (_, stderr) = run_unchanged(site.path(), &["accept", "fr", "no-such-id"], 2);
    assert!(stderr.contains("no such id `no-such-id`"), "{stderr}");
    edit(
        site.path().join("fluentpress.toml"),
        "endonym = \"العربية\"",
        "endonym = \"العربية\"\nnumbering = \"arabic\"",
    );
    let (_, stderr) = run_unchanged(site.path(), &["build"], 2);
    assert!(stderr.contains("fluentpress.toml:12:13"), "{stderr}");
    assert!(stderr.contains("arabic"), "{stderr}");
}
