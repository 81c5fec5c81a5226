//! Where fluentpress meets its users' tools: shell completions, the manual
//! page, the GitHub Action's script, the GitLab template, the pre-commit hook,
//! `--changed`, `--quiet`, `--color`, and the JSON Schema of fluentpress.toml.

mod common;
use common::plan::git;
use common::*;
use std::path::{Path, PathBuf};
use std::process::Command as Process;

fn bin() -> PathBuf {
    assert_cmd::cargo::cargo_bin("fluentpress")
}

/// stdout of `fluentpress ARGS` (with no project), which must succeed.
fn stdout_of(args: &[&str]) -> String {
    let out = Process::new(bin()).args(args).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{args:?}: {stderr}");
    String::from_utf8(out.stdout).expect("UTF-8")
}

/// The subcommands `--help` lists, so a new one is held to these tests at once.
fn subcommands() -> Vec<String> {
    let help = stdout_of(&["--help"]);
    let list: Vec<String> = help
        .split("Commands:")
        .nth(1)
        .expect("a Commands section")
        .split("Options:")
        .next()
        .unwrap()
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_string)
        .collect();
    assert!(list.len() >= 11, "{list:?}");
    list
}

#[test]
fn bash_completion_is_valid_bash_and_names_every_subcommand() {
    let script = stdout_of(&["completions", "bash"]);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("fluentpress.bash");
    std::fs::write(&file, &script).unwrap();
    let syntax = Process::new("bash").arg("-n").arg(&file).output().unwrap();
    assert!(
        syntax.status.success(),
        "{}",
        String::from_utf8_lossy(&syntax.stderr)
    );
    for name in subcommands() {
        assert!(script.contains(&name), "bash completion lacks {name}");
    }
    for flag in ["--min-complete", "--changed", "--quiet", "--color"] {
        assert!(script.contains(flag), "bash completion lacks {flag}");
    }
    // Sourcing it registers the completion function for the command.
    let complete = Process::new("bash")
        .arg("-c")
        .arg(format!(
            "source {} && complete -p fluentpress",
            file.display()
        ))
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&complete.stdout).contains("fluentpress"),
        "{}",
        String::from_utf8_lossy(&complete.stderr)
    );
}

#[test]
fn completions_for_the_other_shells_name_the_subcommands() {
    for shell in ["zsh", "fish", "powershell"] {
        let script = stdout_of(&["completions", shell]);
        for name in subcommands() {
            assert!(script.contains(&name), "{shell} completion lacks {name}");
        }
    }
    let out = Process::new(bin())
        .args(["completions", "tcsh"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "an unknown shell is a usage error"
    );
}

#[test]
fn man_page_renders_with_groff_and_documents_every_subcommand() {
    let page = stdout_of(&["man"]);
    assert!(
        page.starts_with(".ie") || page.contains(".TH fluentpress"),
        "{page}"
    );
    if !judge::groff() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("fluentpress.1");
    std::fs::write(&file, &page).unwrap();
    // -ww: every warning; -z: no output, only the diagnostics.
    let lint = Process::new("groff")
        .args(["-man", "-Tutf8", "-ww", "-z"])
        .arg(&file)
        .output()
        .unwrap();
    let warnings = String::from_utf8_lossy(&lint.stderr);
    assert!(lint.status.success() && warnings.is_empty(), "{warnings}");
    let rendered = Process::new("groff")
        .args(["-man", "-Tutf8", "-P", "-cbou"])
        .arg(&file)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&rendered.stdout);
    for name in subcommands() {
        assert!(
            text.contains(&format!("fluentpress {name}")),
            "the man page has no section for {name}:\n{text}"
        );
    }
    for flag in ["--min-complete", "--changed", "--quiet", "--color", "--pdf"] {
        assert!(text.contains(flag), "the man page does not document {flag}");
    }
}

// ---------------------------------------------------------------------------
// --quiet and --color

#[test]
fn color_flag_overrides_no_color_and_the_pipe() {
    let site = fixture("check");
    let run = |args: &[&str]| {
        let out = fluentpress(site.path()).args(args).output().unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    // `fluentpress()` sets NO_COLOR, and stdout is a pipe.
    assert!(!run(&["check"]).contains('\u{1b}'));
    assert!(!run(&["check", "--color", "auto"]).contains('\u{1b}'));
    assert!(run(&["--color", "always", "check"]).contains("\u{1b}["));
    assert!(run(&["check", "--color=always"]).contains("\u{1b}["));
    let forced = fluentpress(site.path())
        .env("CLICOLOR_FORCE", "1")
        .env_remove("NO_COLOR")
        .args(["check", "--color", "never"])
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&forced.stdout).contains('\u{1b}'));
}

#[test]
fn quiet_build_prints_no_summary_and_no_progress_without_a_terminal() {
    let site = default_site();
    let loud = fluentpress(site.path())
        .args(["build", "--locale", "fr"])
        .output()
        .unwrap();
    assert!(loud.status.success());
    assert!(String::from_utf8_lossy(&loud.stdout).contains("built "));
    // Not a terminal: no bar, no spinner, no carriage returns.
    assert!(
        loud.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&loud.stderr)
    );
    let quiet = fluentpress(site.path())
        .args(["build", "--quiet", "--locale", "fr"])
        .output()
        .unwrap();
    assert!(quiet.status.success());
    assert!(
        !String::from_utf8_lossy(&quiet.stdout).contains("built "),
        "{}",
        String::from_utf8_lossy(&quiet.stdout)
    );
    assert!(quiet.stderr.is_empty());
    assert!(site.path().join("out/fr/index.html").is_file());
}

#[test]
fn quiet_silences_what_every_command_did_but_not_what_it_was_asked_for() {
    let site = default_site();
    // A source message French lacks, so sync has something to offer and accept nothing.
    let en = site.path().join("locales/en/about.ftl");
    std::fs::write(&en, read(&en) + "quiet-probe = One more line\n").unwrap();
    for (args, loud_says) in [
        (&["sync", "--locale", "fr"][..], "sync changed"),
        (&["lock"][..], "recorded "),
        (&["accept", "fr"][..], "nothing stale"),
        (&["new-locale", "it"][..], "registered [locales.it]"),
    ] {
        let copy = site_copy(site.path());
        let loud = fluentpress(copy.path()).args(args).output().unwrap();
        let loud_out = String::from_utf8_lossy(&loud.stdout);
        assert!(loud_out.contains(loud_says), "{args:?}: {loud_out}");
        let copy = site_copy(site.path());
        let quiet = fluentpress(copy.path())
            .arg("--quiet")
            .args(args)
            .output()
            .unwrap();
        assert_eq!(quiet.status.code(), loud.status.code(), "{args:?}");
        assert!(
            quiet.stdout.is_empty(),
            "{args:?}: {}",
            String::from_utf8_lossy(&quiet.stdout)
        );
    }
    // What was asked for is still printed: the diff of a dry run, the report.
    let dry = fluentpress(site.path())
        .args(["--quiet", "sync", "--locale", "fr", "--dry-run"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&dry.stdout).contains("quiet-probe"));
    let json = fluentpress(site.path())
        .args(["--quiet", "check", "--format", "json"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&json.stdout).contains("\"findings\""));
}

#[test]
fn a_reader_that_stops_early_is_no_crash() {
    // Enough output to fill a pipe: 3,000 messages French lacks.
    let site = default_site();
    let en = site.path().join("locales/en/about.ftl");
    let mut text = read(&en);
    for i in 0..3000 {
        text.push_str(&format!(
            "pipe-probe-{i} = Message number {i} for the pipe\n"
        ));
    }
    std::fs::write(&en, text).unwrap();
    for args in [
        &["check", "--format", "json"][..],
        &["check"][..],
        &["status", "--format", "json"][..],
        &["completions", "zsh"][..],
    ] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_fluentpress"))
            .arg("--root")
            .arg(site.path())
            .args(args)
            .env("NO_COLOR", "1")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // Read one byte, then hang up, as `| head -c 1` does.
        let mut first = [0u8; 1];
        std::io::Read::read_exact(child.stdout.as_mut().unwrap(), &mut first).unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "{args:?}: {:?} {stderr}",
            out.status
        );
    }
}

// ---------------------------------------------------------------------------
// check --changed

/// `check --changed FILES --format json` run from the project folder: the
/// locales the JSON report lists.
fn checked_locales(site: &Path, files: &[&str]) -> (Option<i32>, Vec<String>) {
    let out = fluentpress(Path::new("."))
        .current_dir(site)
        .args(["check", "--format", "json", "--changed"])
        .args(files)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    if stdout.trim().is_empty() {
        return (out.status.code(), Vec::new());
    }
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let mut locales: Vec<String> = json["locales"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["locale"].as_str().unwrap().to_string())
        .collect();
    locales.sort();
    (out.status.code(), locales)
}

#[test]
fn changed_checks_the_locales_of_the_changed_files() {
    let site = default_site();
    let (code, locales) = checked_locales(site.path(), &["locales/fr/about.ftl"]);
    assert_eq!(code, Some(0));
    assert!(locales.contains(&"fr".to_string()), "{locales:?}");
    assert!(!locales.contains(&"ar".to_string()), "{locales:?}");
    let (_, every) = checked_locales(site.path(), &["templates/about.html"]);
    for tag in ["ar", "de", "en", "fr", "zh-Hans"] {
        assert!(every.contains(&tag.to_string()), "{every:?}");
    }
    let (_, source) = checked_locales(site.path(), &["locales/en/site.ftl"]);
    assert_eq!(source, every);
    // A file of no locale: nothing checked, and a pass.
    let (code, none) = checked_locales(site.path(), &["README.md"]);
    assert_eq!((code, none), (Some(0), Vec::new()));
}

#[test]
fn changed_fails_on_a_broken_translation_of_the_changed_locale_only() {
    let site = default_site();
    let fr = site.path().join("locales/fr/about.ftl");
    let text = read(&fr) + "\nbroken = { $oops\n";
    std::fs::write(&fr, text).unwrap();
    let (code, _) = checked_locales(site.path(), &["locales/fr/about.ftl"]);
    assert_eq!(code, Some(1));
    let (code, _) = checked_locales(site.path(), &["locales/ar/about.ftl"]);
    assert_eq!(
        code,
        Some(0),
        "French is not checked when only Arabic changed"
    );
    let both = fluentpress(site.path())
        .args(["check", "--changed", "x.ftl", "--locale", "fr"])
        .output()
        .unwrap();
    assert_eq!(
        both.status.code(),
        Some(2),
        "--changed and --locale conflict"
    );
}

// ---------------------------------------------------------------------------
// The GitHub Action's script

struct ActionRun {
    code: Option<i32>,
    stdout: String,
    summary: String,
    outputs: String,
    temp: tempfile::TempDir,
}

/// `ci/action.sh` as the composite action runs it, with a fake runner's
/// GITHUB_* files and the built binary as `fluentpress`.
fn run_action(site: &Path, inputs: &[(&str, &str)]) -> ActionRun {
    let temp = tempfile::tempdir().unwrap();
    let summary = temp.path().join("summary.md");
    let outputs = temp.path().join("output.txt");
    let mut cmd = Process::new("bash");
    cmd.arg(repo_root().join("ci/action.sh"))
        .current_dir(site)
        .env("FLUENTPRESS", bin())
        .env("GITHUB_ACTIONS", "true")
        .env("GITHUB_STEP_SUMMARY", &summary)
        .env("GITHUB_OUTPUT", &outputs)
        .env("RUNNER_TEMP", temp.path())
        .env("NO_COLOR", "1");
    for (name, value) in inputs {
        cmd.env(name, value);
    }
    let out = cmd.output().unwrap();
    ActionRun {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        summary: std::fs::read_to_string(&summary).unwrap_or_default(),
        outputs: std::fs::read_to_string(&outputs).unwrap_or_default(),
        temp,
    }
}

#[test]
fn action_script_annotates_summarises_and_writes_sarif() {
    let site = default_site();
    let run = run_action(site.path(), &[("INPUT_ROOT", "."), ("INPUT_SARIF", "true")]);
    assert_eq!(run.code, Some(0), "{}", run.stdout);
    assert!(run.stdout.contains("::notice "), "{}", run.stdout);
    assert!(run.stdout.contains("fluentpress: PASS"), "{}", run.stdout);
    assert!(run.summary.contains("| de |"), "{}", run.summary);
    assert!(run.outputs.contains("exit-code=0"), "{}", run.outputs);
    let sarif = run.temp.path().join("fluentpress.sarif");
    assert!(
        run.outputs
            .contains(&format!("sarif-file={}", sarif.display())),
        "{}",
        run.outputs
    );
    let log: serde_json::Value = serde_json::from_str(&read(&sarif)).unwrap();
    assert_eq!(log["version"], "2.1.0");
    assert!(!log["runs"][0]["results"].as_array().unwrap().is_empty());
}

#[test]
fn action_script_fails_on_the_gate_and_passes_its_inputs() {
    let site = default_site();
    let run = run_action(
        site.path(),
        &[
            ("INPUT_LOCALES", "de, fr"),
            ("INPUT_MIN_COMPLETE", "de=100"),
        ],
    );
    assert_eq!(run.code, Some(1), "{}", run.stdout);
    assert!(run.stdout.contains("fluentpress: FAIL"), "{}", run.stdout);
    assert!(run.outputs.contains("exit-code=1"));
    assert!(
        !run.outputs.contains("sarif-file="),
        "no SARIF unless asked"
    );
    assert!(
        !run.summary.contains("| ar |"),
        "only the locales asked for"
    );
    // A configuration error is not a gate failure.
    let bad = run_action(site.path(), &[("INPUT_LOCALES", "xx")]);
    assert_eq!(bad.code, Some(2));
}

// ---------------------------------------------------------------------------
// check-jsonschema: the action, the GitLab template, and fluentpress.toml

fn check_jsonschema(tool: &Path, args: &[&str], files: &[&Path]) -> (bool, String) {
    let out = Process::new(tool).args(args).args(files).output().unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.success(), text)
}

#[test]
fn action_and_gitlab_template_match_their_schemas() {
    let Some(tool) = judge::py_tool(judge::CHECK_JSONSCHEMA) else {
        return;
    };
    let action = repo_root().join("action.yml");
    let (ok, text) = check_jsonschema(
        &tool,
        &["--builtin-schema", "vendor.github-actions"],
        &[&action],
    );
    assert!(ok, "{text}");
    let gitlab = repo_root().join("ci/gitlab/fluentpress.gitlab-ci.yml");
    let (ok, text) = check_jsonschema(&tool, &["--builtin-schema", "vendor.gitlab-ci"], &[&gitlab]);
    assert!(ok, "{text}");
    // The judge is not blind: a misspelt key fails.
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("action.yml");
    std::fs::write(&broken, read(&action).replace("runs:", "run:")).unwrap();
    let (ok, _) = check_jsonschema(
        &tool,
        &["--builtin-schema", "vendor.github-actions"],
        &[&broken],
    );
    assert!(!ok);
}

#[test]
fn committed_schema_is_the_generated_one() {
    let generated = stdout_of(&["schema"]);
    let committed = read(repo_root().join("fluentpress.schema.json"));
    assert!(
        generated == committed,
        "fluentpress.schema.json is out of date: run `cargo run -- schema > fluentpress.schema.json`"
    );
}

/// `fluentpress.toml` of `dir` as JSON in `to`, as check-jsonschema reads it.
fn toml_as_json(config: &Path, to: &Path) {
    let value: toml::Value = toml::from_str(&read(config)).unwrap();
    std::fs::write(to, serde_json::to_string(&value).unwrap()).unwrap();
}

#[test]
fn configs_validate_against_the_schema_and_a_broken_one_does_not() {
    let Some(tool) = judge::py_tool(judge::CHECK_JSONSCHEMA) else {
        return;
    };
    let schema = repo_root().join("fluentpress.schema.json");
    let schema_arg = schema.to_string_lossy().into_owned();
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for (name, folder) in [
        ("default", repo_root()),
        ("check", repo_root().join("tests/fixtures/check")),
        ("intl", repo_root().join("tests/fixtures/intl")),
        ("mini", repo_root().join("tests/fixtures/mini")),
    ] {
        let json = dir.path().join(format!("{name}.json"));
        toml_as_json(&folder.join("fluentpress.toml"), &json);
        files.push(json);
    }
    let refs: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    let (ok, text) = check_jsonschema(&tool, &["--schemafile", &schema_arg], &refs);
    assert!(ok, "{text}");
    for (what, edit) in [
        ("an unknown key", "\nmystery = 1\n"),
        (
            "a misspelt code",
            "\n[check.severity]\nsame-as-sauce = \"off\"\n",
        ),
        ("a bad severity", "\n[check.severity]\nstale = \"loud\"\n"),
        (
            "a bad direction",
            "\n[locales.xx]\nendonym = \"X\"\ndir = \"up\"\n",
        ),
    ] {
        let toml = dir.path().join("broken.toml");
        std::fs::write(&toml, read(repo_root().join("fluentpress.toml")) + edit).unwrap();
        let json = dir.path().join("broken.json");
        toml_as_json(&toml, &json);
        let (ok, text) = check_jsonschema(&tool, &["--schemafile", &schema_arg], &[&json]);
        assert!(!ok, "{what} passed the schema: {text}");
    }
}

// ---------------------------------------------------------------------------
// pre-commit

#[test]
fn pre_commit_hook_checks_the_locales_of_staged_files() {
    let Some(tool) = judge::py_tool(judge::PRE_COMMIT) else {
        return;
    };
    let site = default_site();
    let repo = site.path();
    // The hook as published, run as a local hook on the built binary, so pre-commit
    // does not build fluentpress again.
    let hooks = read(repo_root().join(".pre-commit-hooks.yaml"));
    assert!(
        hooks.contains("entry: fluentpress check --changed"),
        "{hooks}"
    );
    assert!(hooks.contains("language: rust"), "{hooks}");
    let local = hooks
        .replace(
            "entry: fluentpress ",
            &format!("entry: {} ", bin().display()),
        )
        .replace("language: rust", "language: system");
    let indented: String = local
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| format!("      {l}\n"))
        .collect();
    std::fs::write(
        repo.join(".pre-commit-config.yaml"),
        format!("repos:\n  - repo: local\n    hooks:\n{indented}"),
    )
    .unwrap();
    git(repo, &["init", "-q"]);
    git(repo, &["config", "user.email", "test@example.invalid"]);
    git(repo, &["config", "user.name", "test"]);
    git(repo, &["add", "-A"]);
    git(repo, &["commit", "-qm", "site", "--no-verify"]);
    let home = tempfile::tempdir().unwrap();
    let run = || {
        let out = Process::new(&tool)
            .args(["run"])
            .current_dir(repo)
            .env("PRE_COMMIT_HOME", home.path())
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout).into_owned()
            + &String::from_utf8_lossy(&out.stderr);
        (out.status.success(), text)
    };
    // A broken French message, staged: the hook fails and names it.
    let fr = repo.join("locales/fr/about.ftl");
    std::fs::write(&fr, read(&fr) + "\nbroken = { $oops\n").unwrap();
    git(repo, &["add", "locales/fr/about.ftl"]);
    let (ok, text) = run();
    assert!(!ok, "{text}");
    assert!(text.contains("locales/fr/about.ftl"), "{text}");
    assert!(text.contains("syntax-error"), "{text}");
    // Fixed, with an Arabic change staged: passes.
    git(repo, &["checkout", "HEAD", "--", "locales/fr/about.ftl"]);
    let ar = repo.join("locales/ar/about.ftl");
    std::fs::write(&ar, read(&ar) + "\n").unwrap();
    git(repo, &["add", "-A"]);
    let (ok, text) = run();
    assert!(ok, "{text}");
    assert!(
        text.contains("fluentpress check") && text.contains("Passed"),
        "{text}"
    );
}

#[test]
fn ci_annotations_name_files_from_the_folder_check_runs_in() {
    // The repository's root holds the project in `site/`, as CI checks it out.
    let repo = tempfile::tempdir().unwrap();
    copy_dir(
        &repo_root().join("tests/fixtures/check"),
        &repo.path().join("site"),
    );
    let run = |format: &str| {
        let out = fluentpress(Path::new("site"))
            .current_dir(repo.path())
            .args(["check", "--format", format])
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let github = run("github");
    assert!(github.contains("file=site/locales/"), "{github}");
    assert!(!github.contains("file=locales/"), "{github}");
    let sarif: serde_json::Value = serde_json::from_str(&run("sarif")).unwrap();
    let uri = sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
        ["artifactLocation"]["uri"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(uri.starts_with("site/locales/"), "{uri}");
    let quality: serde_json::Value = serde_json::from_str(&run("codequality")).unwrap();
    assert!(quality[0]["location"]["path"]
        .as_str()
        .unwrap()
        .starts_with("site/"));
    // The JSON report keeps paths from the project root, as documented.
    assert!(run("json").contains("\"file\": \"locales/"));
}
