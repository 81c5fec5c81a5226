//! `fluentpress init` on repositories shaped like the public Mozilla ones: locale
//! folders at the top (or under `locales/`), folders that are no locales beside them,
//! a source whose views load one file each. The config it writes must load, and
//! `check` must run on it with no finding the repository does not deserve.

mod common;
use common::*;
use std::path::Path;

fn write_tree(root: &Path, files: &[(&str, &str)]) {
    for (path, text) in files {
        let file = root.join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, text).unwrap();
    }
}

/// A repository with its locales at the top: en (source, two views sharing an id),
/// a small en-US locale beside it, fr, ar, a misnamed pt_BR, a shared folder and
/// folders without translations.
fn mozilla_shaped(root: &Path) {
    write_tree(
        root,
        &[
            (
                "en/home.ftl",
                "title = Home\nintro = Read <a href=\"{ $url }\">this</a>.\n",
            ),
            ("en/about.ftl", "title = About us\nteam = Our team\n"),
            ("en-US/home.ftl", "title = Home\n"),
            (
                "fr/home.ftl",
                "title = Accueil\nintro = Lisez <a href=\"{ $url }\">ceci</a>.\n",
            ),
            ("fr/about.ftl", "title = À propos\nteam = Notre équipe\n"),
            ("ar/home.ftl", "title = الرئيسية\n"),
            ("pt_BR/home.ftl", "title = Início\n"),
            ("shared/brands.ftl", "-brand = Firefox\n"),
            (".github/workflows/sync.yml", "on: push\n"),
            ("README.md", "# l10n\n"),
        ],
    );
}

#[test]
fn init_adopts_a_repository_with_locale_folders_at_the_top() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    mozilla_shaped(root);
    let out = fluentpress(root).arg("init").assert().success();
    let said = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(said.contains("4 locales in . (source en)"), "{said}");
    assert!(
        said.contains("left out pt_BR/: not a BCP 47 tag; rename it pt-BR"),
        "{said}"
    );
    assert!(
        said.contains("left out shared/: not a language tag"),
        "{said}"
    );
    assert!(said.contains("scope = \"file\""), "{said}");

    let config: toml::Value = toml::from_str(&read(root.join("fluentpress.toml"))).unwrap();
    // `en` holds every file, `en-US` one: the larger is the source.
    assert_eq!(config["source_locale"].as_str(), Some("en"));
    assert_eq!(config["paths"]["locales"].as_str(), Some("."));
    assert_eq!(config["check"]["scope"].as_str(), Some("file"));
    let locales = config["locales"].as_table().unwrap();
    let tags: Vec<&str> = locales.keys().map(String::as_str).collect();
    assert_eq!(tags, ["ar", "en", "en-US", "fr"]);
    assert_eq!(locales["fr"]["endonym"].as_str(), Some("Français"));
    assert_eq!(locales["ar"]["dir"].as_str(), Some("rtl"));

    // check runs on it: French is complete and clean (its `<a href>` is the source's
    // own markup), Arabic and en-US lack a file, and of the folders that are no
    // locales only the misnamed one is worth a warning.
    let output = fluentpress(root)
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let findings: Vec<(String, String)> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] != "info")
        .map(|f| {
            (
                f["locale"].as_str().unwrap().to_string(),
                f["code"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        findings,
        [
            ("ar".to_string(), "missing-file".to_string()),
            ("en-US".to_string(), "missing-file".to_string()),
            ("pt_BR".to_string(), "unconfigured-locale".to_string()),
        ],
        "{json:#}"
    );
}

#[test]
fn init_finds_a_locales_folder_and_takes_the_source_given() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write_tree(
        root,
        &[
            ("locales/de/app.ftl", "hello = Hallo\n"),
            ("locales/fr/app.ftl", "hello = Bonjour\n"),
            ("locales/skr/app.ftl", "hello = سلام\n"),
            ("src/main.rs", "fn main() {}\n"),
        ],
    );
    // No usual source locale: init asks for one and writes nothing.
    fluentpress(root)
        .arg("init")
        .assert()
        .code(2)
        .stderr(predicates::str::contains("pass --source TAG"));
    assert!(!root.join("fluentpress.toml").exists());
    fluentpress(root)
        .args(["init", "--source", "it"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("found: de, fr, skr"));

    // --dry-run prints the config and writes nothing.
    let out = fluentpress(root)
        .args(["init", "--source", "de", "--dry-run"])
        .assert()
        .success();
    let printed = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(printed.contains("source_locale = \"de\""), "{printed}");
    assert!(!root.join("fluentpress.toml").exists());

    fluentpress(root)
        .args(["init", "--source", "de"])
        .assert()
        .success();
    let text = read(root.join("fluentpress.toml"));
    assert_eq!(text, printed);
    let config: toml::Value = toml::from_str(&text).unwrap();
    assert_eq!(config["paths"]["locales"].as_str(), Some("locales"));
    // Saraiki's name in itself is not known: the tag stands in, and the file says so.
    assert!(text.contains("[locales.skr]\nendonym = \"skr\"  # the language's name"));
    assert!(config.get("check").is_none(), "{text}");
    fluentpress(root).arg("check").assert().success();

    // A second init never replaces the file, hand-edited or not.
    std::fs::write(root.join("fluentpress.toml"), format!("{text}# mine\n")).unwrap();
    fluentpress(root)
        .args(["init", "--source", "de"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("already exists"));
    assert!(read(root.join("fluentpress.toml")).ends_with("# mine\n"));
}

#[test]
fn init_without_locale_folders_says_where_to_point_it() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write_tree(
        root,
        &[("docs/notes.md", "# notes\n"), ("strings/x.ftl", "a = b\n")],
    );
    fluentpress(root)
        .arg("init")
        .assert()
        .code(2)
        .stderr(predicates::str::contains("no locale folders"))
        .stderr(predicates::str::contains("--locales"));
    fluentpress(root)
        .args(["init", "--locales", "missing"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("no locale folders"));
    assert!(!root.join("fluentpress.toml").exists());
}
