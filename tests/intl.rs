//! Numbers, dates and plurals that follow the locale (CLDR via ICU4X), in
//! rendered pages and in `check`, from one source of data.

mod common;
use common::*;

fn texts(doc: &scraper::Html, css: &str) -> Vec<String> {
    select(doc, css)
        .iter()
        .map(|e| text(e).replace(['\u{2068}', '\u{2069}'], ""))
        .collect()
}

fn one(doc: &scraper::Html, css: &str) -> String {
    texts(doc, css).remove(0)
}

#[test]
fn pages_follow_cldr_for_numbers_dates_and_plurals() {
    let site = fixture("intl");
    let out = fluentpress(site.path()).arg("build").output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(out.status.success(), "{stdout}");
    let root = site.path().join("out");

    let en = html(root.join("en/index.html"));
    assert_eq!(one(&en, "#p1"), "one person");
    assert_eq!(one(&en, "#pm"), "1,000,000 people");
    assert_eq!(
        one(&en, "#p0"),
        "nobody",
        "an exact key wins over the category"
    );
    assert_eq!(
        texts(&en, ".rank"),
        ["1st", "2nd", "3rd", "4th", "11th", "21st", "22nd", "101st"]
    );
    assert_eq!(one(&en, "#share"), "25%");
    assert_eq!(one(&en, "#price"), "1,234.50");
    assert_eq!(one(&en, "#founded"), "In 1961");
    assert_eq!(one(&en, "#born"), "Born May 28, 1961");
    assert_eq!(one(&en, "#filter-number"), "1,234,567.9");
    assert_eq!(one(&en, "#filter-date"), "May 28, 2011");

    let fr = html(root.join("fr/index.html"));
    assert_eq!(
        one(&fr, "#pm"),
        "1\u{202F}000\u{202F}000 de personnes",
        "French millions select [many]"
    );
    assert_eq!(one(&fr, "#p3"), "3 personnes");
    assert_eq!(texts(&fr, ".rank")[..2], ["1er", "2e"]);
    assert_eq!(one(&fr, "#share"), "25\u{A0}%");
    assert_eq!(one(&fr, "#price"), "1\u{202F}234,50");
    assert_eq!(one(&fr, "#born"), "Né le 28 mai 1961");

    let ar = html(root.join("ar/index.html"));
    assert_eq!(one(&ar, "#p1"), "شخص واحد");
    assert_eq!(one(&ar, "#p3"), "3 أشخاص", "[few]");
    assert_eq!(one(&ar, "#p11"), "11 شخصًا", "[many]");
    assert_eq!(attr(&select(&ar, "html")[0], "dir"), Some("rtl"));

    // Yiddish is right-to-left by CLDR's extended data, with no `dir` in the config.
    let yi = html(root.join("yi/index.html"));
    assert_eq!(attr(&select(&yi, "html")[0], "dir"), Some("rtl"));

    // Bad arguments are reported naming the message, and never panic.
    assert!(
        stdout.contains("price (en)") && stdout.contains("lots"),
        "{stdout}"
    );
    assert!(
        stdout.contains("born (en)") && stdout.contains("1961-13-45"),
        "{stdout}"
    );
    let report: serde_json::Value =
        serde_json::from_str(&read(root.join("build-report.json"))).unwrap();
    let en_report = report["pages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["locale"] == "en")
        .unwrap();
    let errors = en_report["errors"].as_array().unwrap();
    assert!(
        errors
            .iter()
            .any(|e| e.as_str().unwrap().starts_with("price (en)")),
        "{errors:?}"
    );
}

#[test]
fn a_numbering_system_override_changes_the_digits() {
    let site = fixture("intl");
    let config = site.path().join("fluentpress.toml");
    std::fs::write(
        &config,
        read(&config).replace(
            "endonym = \"العربية\"",
            "endonym = \"العربية\"\nnumbering = \"arab\"",
        ),
    )
    .unwrap();
    fluentpress(site.path()).arg("build").assert().success();
    let ar = html(site.path().join("out/ar/index.html"));
    assert_eq!(one(&ar, "#p3"), "٣ أشخاص");
    assert_eq!(one(&ar, "#founded"), "في عام ١٩٦١");

    std::fs::write(
        &config,
        read(&config).replace("numbering = \"arab\"", "numbering = \"latin\""),
    )
    .unwrap();
    // A configuration error: exit 2, at the config line.
    let out = fluentpress(site.path()).arg("build").assert().code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr);
    assert!(stderr.contains("latin"), "{stderr}");
    assert!(stderr.contains("fluentpress.toml:"), "{stderr}");
}

#[test]
fn check_uses_the_same_plural_data_as_the_renderer() {
    let site = fixture("intl");
    std::fs::write(
        site.path().join("locales/fr/main.ftl"),
        read(site.path().join("locales/fr/main.ftl"))
            .replace("    [many] { $n } de personnes\n", ""),
    )
    .unwrap();
    let output = fluentpress(site.path())
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let plural: Vec<&serde_json::Value> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"].as_str().unwrap().starts_with("plural-"))
        .collect();
    // Both French selects lack [many]; English, Arabic and the rest are complete.
    let ids: Vec<&str> = plural.iter().map(|f| f["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["people", "exact"], "{plural:#?}");
    for f in &plural {
        assert_eq!(f["locale"], "fr");
        assert!(
            f["message"].as_str().unwrap().contains("[many]: 1000000"),
            "{}",
            f["message"]
        );
    }
}
