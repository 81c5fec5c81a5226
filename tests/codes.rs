//! Finding codes as users spell them: `[check.severity]` keys in
//! `fluentpress.toml`.

mod common;
use common::*;

/// The check fixture's config with `extra` appended; returns the line
/// number `extra` starts on.
fn with_config(site: &std::path::Path, extra: &str) -> usize {
    let path = site.join("fluentpress.toml");
    let mut text = read(&path);
    if !text.ends_with('\n') {
        text.push('\n');
    }
    let first_line = text.lines().count() + 1;
    std::fs::write(&path, text + extra).unwrap();
    first_line
}

fn stderr_of(site: &std::path::Path, command: &str) -> String {
    let out = fluentpress(site).arg(command).assert().code(2);
    String::from_utf8_lossy(&out.get_output().stderr).into_owned()
}

#[test]
fn an_unknown_severity_key_is_shown_where_it_is_with_a_suggestion() {
    let site = fixture("check");
    let line = with_config(
        site.path(),
        "[check.severity]\nsame-as-source = \"off\"\nmising-mesage = \"off\"\n",
    );
    let stderr = stderr_of(site.path(), "check");
    let expected = format!(
        "fluentpress.toml:{}:1: `mising-mesage` in [check.severity] is not a finding code \
         (did you mean `missing-message`?)\n   | mising-mesage = \"off\"\n   | ^^^^^^^^^^^^^\n",
        line + 2
    );
    assert!(stderr.starts_with("error: "), "{stderr}");
    assert!(stderr.ends_with(&expected), "{stderr}");
    // The config is the same for every command.
    assert!(stderr_of(site.path(), "build").ends_with(&expected));
}

#[test]
fn the_caret_follows_the_key_where_it_is_written() {
    let site = fixture("check");
    let line = with_config(
        site.path(),
        // The fixture ends inside `[check]`.
        "severity = { \"unknown-variable\" = \"warning\", \"unused_message\" = \"off\" }\n",
    );
    let stderr = stderr_of(site.path(), "check");
    let column = "severity = { \"unknown-variable\" = \"warning\", ".len() + 1;
    assert!(
        stderr.contains(&format!(
            "fluentpress.toml:{}:{column}: `unused_message` in [check.severity] is not a finding \
             code (did you mean `unused-message`?)",
            line
        )),
        "{stderr}"
    );
    let caret_line = stderr.lines().last().unwrap();
    assert_eq!(
        caret_line,
        format!(
            "   | {}{}",
            " ".repeat(column - 1),
            "^".repeat("\"unused_message\"".len())
        )
    );
}

#[test]
fn a_name_like_no_code_gets_no_guess() {
    let site = fixture("check");
    with_config(
        site.path(),
        "[check.severity]\nstale-translation = \"info\"\n",
    );
    let stderr = stderr_of(site.path(), "check");
    assert!(
        stderr.contains("`stale-translation` in [check.severity] is not a finding code\n"),
        "{stderr}"
    );
    assert!(!stderr.contains("did you mean"), "{stderr}");
}

#[test]
fn every_code_is_accepted_as_a_severity_key() {
    let site = fixture("check");
    // `stale` was missing from the table of codes; it must be a valid key too.
    with_config(
        site.path(),
        "[check.severity]\nstale = \"error\"\nmissing-message = \"off\"\nnot-publishable = \"off\"\n",
    );
    let out = fluentpress(site.path())
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let json: serde_json::Value = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("{e}: {stdout}{}", String::from_utf8_lossy(&out.stderr)));
    let codes: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert!(!codes.is_empty());
    assert!(!codes.contains(&"missing-message"), "{codes:?}");
    assert!(!codes.contains(&"not-publishable"), "{codes:?}");
}
