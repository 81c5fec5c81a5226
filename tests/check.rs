//! `fluentpress check` as CI and translators run it.

mod common;
use common::*;
use serde_json::Value;
use std::collections::BTreeSet;

fn check_json(root: &std::path::Path, args: &[&str]) -> (Value, i32) {
    let output = fluentpress(root)
        .arg("check")
        .args(["--format", "json"])
        .args(args)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let json: Value = serde_json::from_str(&stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {stdout}\nstderr: {}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    (json, output.status.code().unwrap_or(-1))
}

fn findings(json: &Value) -> Vec<&Value> {
    json["findings"].as_array().unwrap().iter().collect()
}

/// (locale, code, id) of every finding that is not plain progress.
fn triples(json: &Value) -> BTreeSet<(String, String, String)> {
    findings(json)
        .into_iter()
        .filter(|f| {
            !matches!(
                f["code"].as_str(),
                Some("missing-message" | "not-publishable")
            )
        })
        .map(|f| {
            (
                f["locale"].as_str().unwrap().to_string(),
                f["code"].as_str().unwrap().to_string(),
                f["id"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

fn t(locale: &str, code: &str, id: &str) -> (String, String, String) {
    (locale.into(), code.into(), id.into())
}

#[test]
fn every_check_fires_where_it_should_and_nowhere_else() {
    let site = fixture("check");
    let (json, code) = check_json(site.path(), &[]);
    assert_eq!(code, 1, "fr is required at 90% and has errors");
    assert_eq!(json["version"], 1);
    let expected: BTreeSet<_> = [
        t("en", "undefined-message", "nope"),
        t("en", "dynamic-message-id", ""),
        t("en", "unused-message", "unused-msg"),
        t("fr", "missing-attribute", "title.tooltip"),
        t("fr", "unknown-variable", "greeting"),
        t("fr", "missing-variable", "greeting"),
        t("fr", "markup-mismatch", "link"),
        t("fr", "unsafe-markup", "bold"),
        t("fr", "unknown-reference", "ref-ok"),
        t("fr", "obsolete-value", "only-attr"),
        t("fr", "missing-attribute", "only-attr.label"),
        t("fr", "empty-value", "empty-src"),
        t("fr", "same-as-source", "same"),
        t("fr", "duplicate-id", "dup"),
        t("fr", "unknown-reference", "term-user"),
        t("fr", "obsolete-message", "obsolete-msg"),
        t("pl", "plural-missing-category", "items"),
        t("ja", "plural-unreachable-category", "items"),
        t("de", "missing-locale-folder", ""),
        t("it", "unconfigured-locale", ""),
    ]
    .into_iter()
    .collect();
    assert_eq!(triples(&json), expected);

    // Missing messages are listed with the source location to translate from.
    let fr_missing: BTreeSet<&str> = findings(&json)
        .into_iter()
        .filter(|f| f["locale"] == "fr" && f["code"] == "missing-message")
        .map(|f| f["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        fr_missing,
        BTreeSet::from(["items", "missing-one", "unused-msg"])
    );

    // Polish needs [few] and [many], each named with example numbers.
    let pl: Vec<String> = findings(&json)
        .into_iter()
        .filter(|f| f["code"] == "plural-missing-category")
        .map(|f| f["message"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(pl.len(), 2, "{pl:?}");
    assert!(
        pl.iter().any(|m| m.contains("[few]") && m.contains("2")),
        "{pl:?}"
    );
    assert!(
        pl.iter().any(|m| m.contains("[many]") && m.contains("5")),
        "{pl:?}"
    );

    // Locations point at the offending text.
    let var = findings(&json)
        .into_iter()
        .find(|f| f["code"] == "unknown-variable")
        .unwrap();
    assert_eq!(var["file"], "locales/fr/main.ftl");
    assert_eq!(
        (var["line"].as_u64(), var["column"].as_u64()),
        (Some(9), Some(23))
    );
    assert_eq!(var["severity"], "error");
    let undefined = findings(&json)
        .into_iter()
        .find(|f| f["code"] == "undefined-message")
        .unwrap();
    assert_eq!(undefined["file"], "templates/page.html");
    assert_eq!(undefined["line"], 9);
    let dup = findings(&json)
        .into_iter()
        .find(|f| f["code"] == "duplicate-id")
        .unwrap();
    assert_eq!(dup["line"], 22);

    // Progress per locale.
    let fr = json["locales"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["locale"] == "fr")
        .unwrap();
    assert_eq!(fr["total"], 15);
    assert_eq!(fr["translated"], 12);
    assert_eq!(fr["missing"], 3);
    assert_eq!(fr["obsolete"], 1);
    assert_eq!(fr["complete"], 80.0);
    assert_eq!(fr["passed"], false);
    // Plural messages count the words of their default variant ("items").
    assert_eq!(fr["missing_words"], 1 + 3 + 3);
    // Readiness, as build decides it.
    let pages = json["pages"].as_array().unwrap();
    let ja = pages.iter().find(|p| p["locale"] == "ja").unwrap();
    assert_eq!(ja["published"], false);
    assert!(json["gate"]["failures"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f
            .as_str()
            .unwrap()
            .contains("fr: 80.0% complete, 90% required")));
}

#[test]
fn exit_codes_follow_the_gate() {
    let site = fixture("check");
    // Polish is advisory: warnings and missing messages do not fail it...
    let (_, code) = check_json(site.path(), &["--locale", "pl"]);
    assert_eq!(code, 0);
    // ...until a completeness is demanded, or warnings are denied.
    let (json, code) = check_json(site.path(), &["--locale", "pl", "--min-complete", "pl=50"]);
    assert_eq!(code, 1);
    let pl = json["locales"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["locale"] == "pl")
        .unwrap();
    assert_eq!(pl["passed"], false);
    let (_, code) = check_json(
        site.path(),
        &[
            "--locale",
            "pl",
            "--min-complete",
            "pl=0",
            "--deny",
            "warnings",
        ],
    );
    assert_eq!(code, 1);
    let (_, code) = check_json(site.path(), &["--locale", "pl", "--min-complete", "pl=0"]);
    assert_eq!(code, 0);
    // Usage and config errors exit 2.
    fluentpress(site.path())
        .args(["check", "--min-complete", "pl"])
        .assert()
        .code(2);
    fluentpress(site.path())
        .args(["check", "--locale", "xx"])
        .assert()
        .code(2);
    std::fs::write(site.path().join("fluentpress.toml"), "source_locale = 3\n").unwrap();
    fluentpress(site.path()).arg("check").assert().code(2);
}

#[test]
fn severity_can_be_overridden_per_code() {
    let site = fixture("check");
    let config = site.path().join("fluentpress.toml");
    let text = read(&config)
        + "\n[check.severity]\nsame-as-source = \"off\"\nunknown-variable = \"warning\"\n";
    std::fs::write(&config, text).unwrap();
    let (json, _) = check_json(site.path(), &[]);
    assert!(!findings(&json)
        .iter()
        .any(|f| f["code"] == "same-as-source"));
    let var = findings(&json)
        .into_iter()
        .find(|f| f["code"] == "unknown-variable")
        .unwrap();
    assert_eq!(var["severity"], "warning");
}

#[test]
fn default_site_counts() {
    let site = default_site();
    let (json, code) = check_json(site.path(), &[]);
    let errors: Vec<&Value> = findings(&json)
        .into_iter()
        .filter(|f| f["severity"] == "error")
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(code, 0, "{:#}", json["gate"]);
    for locale in json["locales"].as_array().unwrap() {
        let tag = locale["locale"].as_str().unwrap();
        assert_eq!(locale["total"], 34, "{tag}");
        if tag == "de" {
            assert_eq!(locale["missing"], 4);
            // 30 of 34, rounded down.
            assert_eq!(locale["complete"], 88.2);
            assert!(locale["missing_words"].as_u64().unwrap() > 40);
        } else {
            assert_eq!(locale["missing"], 0, "{tag}");
            assert_eq!(locale["complete"], 100.0, "{tag}");
        }
    }
    // The gate compares the exact share (88.235…%), not the rounded one shown.
    let (_, code) = check_json(site.path(), &["--min-complete", "de=88.23"]);
    assert_eq!(code, 0);
    let (json, code) = check_json(site.path(), &["--min-complete", "de=88.24"]);
    assert_eq!(code, 1, "{:#}", json["gate"]);
}

#[test]
fn text_output_shows_the_line_and_a_caret() {
    let site = fixture("check");
    let output = fluentpress(site.path()).arg("check").output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("locales/fr/main.ftl:9:23: error[unknown-variable]"),
        "{stdout}"
    );
    assert!(
        stdout.contains("greeting = Bonjour, { $nom } !"),
        "{stdout}"
    );
    assert!(stdout.contains("^^^"), "{stdout}");
    assert!(!stdout.contains('\u{1b}'), "no colour when not a terminal");
}

#[test]
fn template_comments_and_raw_blocks_use_no_message() {
    let site = fixture("check");
    let page = site.path().join("templates/page.html");
    let mut text = read(&page);
    text.push_str("{# t('old-id') #}\n{% raw %}{{ t('raw-id') }}{% endraw %}\n");
    text.push_str("{% if true %}{{ t_plain('also-nope') }}{% endif %}\n");
    std::fs::write(&page, text).unwrap();
    let (json, _) = check_json(site.path(), &[]);
    let undefined: Vec<(&str, u64, u64)> = findings(&json)
        .into_iter()
        .filter(|f| f["code"] == "undefined-message")
        .map(|f| {
            (
                f["id"].as_str().unwrap(),
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(undefined, [("nope", 9, 9), ("also-nope", 13, 25)]);
    let dynamic = findings(&json)
        .into_iter()
        .find(|f| f["code"] == "dynamic-message-id")
        .unwrap();
    assert_eq!(
        (dynamic["line"].as_u64(), dynamic["column"].as_u64()),
        (Some(9), Some(25))
    );
    assert!(
        dynamic["message"]
            .as_str()
            .unwrap()
            .contains("`section ~ '-title'`"),
        "{dynamic}"
    );
}

/// A repository whose locale folders sit at its top (as Mozilla's l10n
/// repositories do): `.git`, `.github` and a folder of images beside them are
/// not locales, while a folder holding `.ftl` files that the config does not
/// name still is.
#[test]
fn only_folders_holding_translations_are_unconfigured_locales() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(
        root.join("fluentpress.toml"),
        "source_locale = \"en\"\nbase_url = \"https://x.example.org/\"\n\
         [paths]\nlocales = \".\"\n[locales.en]\nendonym = \"English\"\n\
         [locales.fr]\nendonym = \"Français\"\n",
    )
    .unwrap();
    for (path, text) in [
        ("en/main.ftl", "hello = Hello\n"),
        ("fr/main.ftl", "hello = Bonjour\n"),
        ("it/main.ftl", "hello = Ciao\n"),
        (".git/config", "[core]\n"),
        (".github/workflows/l10n.yml", "on: push\n"),
        ("images/logo.svg", "<svg/>\n"),
        ("docs/README.md", "# notes\n"),
        ("shared/brands.ftl", "-brand = Firefox\n"),
        ("pt_BR/main.ftl", "hello = Olá\n"),
    ] {
        let file = root.join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, text).unwrap();
    }
    let (json, _) = check_json(root, &[]);
    let stray: Vec<&str> = findings(&json)
        .into_iter()
        .filter(|f| f["code"] == "unconfigured-locale")
        .map(|f| f["locale"].as_str().unwrap())
        .collect();
    // A folder of shared files is no locale; a misnamed locale is one, told its name.
    assert_eq!(stray, ["it", "pt_BR"], "{json:#}");
    let misnamed = findings(&json)
        .into_iter()
        .find(|f| f["code"] == "unconfigured-locale" && f["locale"] == "pt_BR")
        .unwrap()["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(misnamed.contains("rename it pt-BR"), "{misnamed}");
    let message = findings(&json)
        .into_iter()
        .find(|f| f["code"] == "unconfigured-locale")
        .unwrap()["message"]
        .as_str()
        .unwrap();
    assert!(
        message.starts_with("./it is not in fluentpress.toml"),
        "{message}"
    );
}

/// Without pages every file of a locale is one namespace, so an id in two
/// files is an error; the finding says how a project whose files are loaded
/// apart (mozilla.org's pages) tells so, and with `scope = "file"` it is gone.
#[test]
fn an_id_in_two_files_points_to_the_file_scope() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let config = "source_locale = \"en\"\nbase_url = \"https://x.example.org/\"\n\
                  [locales.en]\nendonym = \"English\"\n";
    std::fs::write(root.join("fluentpress.toml"), config).unwrap();
    std::fs::create_dir_all(root.join("locales/en")).unwrap();
    std::fs::write(root.join("locales/en/a.ftl"), "more = Learn more\n").unwrap();
    std::fs::write(root.join("locales/en/b.ftl"), "more = Find out more\n").unwrap();
    let (json, code) = check_json(root, &[]);
    let dup: Vec<&str> = findings(&json)
        .into_iter()
        .filter(|f| f["code"] == "duplicate-id")
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert_eq!(code, 1);
    assert_eq!(dup.len(), 1, "{json:#}");
    assert!(dup[0].contains("[check] scope = \"file\""), "{}", dup[0]);
    std::fs::write(
        root.join("fluentpress.toml"),
        format!("{config}[check]\nscope = \"file\"\n"),
    )
    .unwrap();
    let (json, code) = check_json(root, &[]);
    assert_eq!(code, 0, "{json:#}");
    assert!(findings(&json).iter().all(|f| f["code"] != "duplicate-id"));
}

/// A project without pages renders its messages with its own code (a web app's
/// `<a href>`, its own variables): by default its markup is checked for parity with
/// the source and an extra variable is a warning; `markup = "allow-list"` and
/// `variables = "templates"` ask for fluentpress's own rules, which a page-less
/// project's markup breaks.
#[test]
fn a_project_without_pages_checks_markup_parity_and_code_variables() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let config = "source_locale = \"en\"\nbase_url = \"https://x.example.org/\"\n\
                  [locales.en]\nendonym = \"English\"\n[locales.fr]\nendonym = \"Français\"\n";
    std::fs::write(root.join("fluentpress.toml"), config).unwrap();
    for (tag, text) in [
        (
            "en",
            "faq = Read the <a href=\"{ $url }\">FAQ</a>\nhi = Hello\nlost = Read <a href=\"{ $url }\">this</a>\nattrs = See <a { $link }>this</a>\n",
        ),
        (
            "fr",
            "faq = Lisez la <a href=\"{ $url }\">FAQ</a>\nhi = Bonjour { $name }\nlost = Lisez ceci\nattrs = Voir <a { $link }>ceci</a>\n",
        ),
    ] {
        std::fs::create_dir_all(root.join("locales").join(tag)).unwrap();
        std::fs::write(root.join("locales").join(tag).join("main.ftl"), text).unwrap();
    }
    let codes = |json: &serde_json::Value| -> Vec<(String, String, String)> {
        findings(json)
            .into_iter()
            .filter(|f| f["severity"] != "info")
            .map(|f| {
                (
                    f["code"].as_str().unwrap().to_string(),
                    f["severity"].as_str().unwrap().to_string(),
                    f["id"].as_str().unwrap_or_default().to_string(),
                )
            })
            .collect()
    };
    let (json, code) = check_json(root, &[]);
    assert_eq!(code, 0, "{json:#}");
    let found = codes(&json);
    assert!(
        found.iter().all(|(c, _, _)| c != "unsafe-markup"),
        "{found:?}"
    );
    // Parity still finds the markup the translation lost, and the extra variable
    // is a warning, not an error.
    assert!(
        found.contains(&("markup-mismatch".into(), "warning".into(), "lost".into())),
        "{found:?}"
    );
    assert!(
        found.contains(&("unknown-variable".into(), "warning".into(), "hi".into())),
        "{found:?}"
    );

    std::fs::write(
        root.join("fluentpress.toml"),
        format!("{config}[check]\nmarkup = \"allow-list\"\nvariables = \"templates\"\n"),
    )
    .unwrap();
    let (json, code) = check_json(root, &[]);
    assert_eq!(code, 1, "{json:#}");
    let found = codes(&json);
    assert!(
        found
            .iter()
            .any(|(c, s, id)| c == "unsafe-markup" && s == "error" && id == "faq"),
        "{found:?}"
    );
    assert!(
        found.contains(&("unknown-variable".into(), "error".into(), "hi".into())),
        "{found:?}"
    );
    // A placeable standing for the attributes is named as written, not as U+FFFC.
    let attrs = findings(&json)
        .into_iter()
        .find(|f| f["id"] == "attrs" && f["locale"] == "fr" && f["code"] == "unsafe-markup")
        .map(|f| f["message"].as_str().unwrap().to_string())
        .unwrap_or_default();
    assert!(
        attrs.contains("attribute `{…}` is not allowed on <a>"),
        "{attrs}"
    );
}
