//! The translator workflow: new-locale, sync, lock/stale/accept, status, pseudo-locales.

mod common;
use common::*;
use serde_json::Value;

fn json_of(cmd: &mut assert_cmd::Command) -> Value {
    let output = cmd.output().unwrap();
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&output.stdout)))
}

fn locale_stats<'a>(json: &'a Value, tag: &str) -> &'a Value {
    json["locales"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["locale"] == tag)
        .unwrap()
}

#[test]
fn new_locale_scaffolds_registers_and_counts_nothing_as_translated() {
    let site = default_site();
    let root = site.path();
    let before = read(root.join("fluentpress.toml"));

    let out = fluentpress(root)
        .args(["new-locale", "pt_br"])
        .assert()
        .code(2);
    assert!(String::from_utf8_lossy(&out.get_output().stderr).contains("did you mean `pt-BR`?"));
    let out = fluentpress(root)
        .args(["new-locale", "fr"])
        .assert()
        .code(2);
    assert!(String::from_utf8_lossy(&out.get_output().stderr).contains("already a locale"));
    fluentpress(root)
        .args(["new-locale", "x!y"])
        .assert()
        .code(2);
    assert_eq!(
        read(root.join("fluentpress.toml")),
        before,
        "refused commands change nothing"
    );

    fluentpress(root)
        .args(["new-locale", "pt-BR"])
        .assert()
        .success();
    let config = read(root.join("fluentpress.toml"));
    let mut remaining = config.lines();
    for line in before.lines() {
        assert!(
            remaining.any(|l| l == line),
            "line {line:?} of the config kept in place"
        );
    }
    assert!(
        config.contains("# German is deliberately incomplete"),
        "comments kept"
    );
    assert!(
        config.contains("[locales.pt-BR]\nendonym = \"Português do Brasil\"\nfallback = [\"en\"]"),
        "{config}"
    );
    let scaffold = read(root.join("locales/pt-BR/about.ftl"));
    assert!(scaffold.contains("# mission-heading = Mission and vision"));
    assert!(
        scaffold.contains("\n## Required\n"),
        "group comments stay live"
    );

    let json = json_of(fluentpress(root).args(["check", "--format", "json", "--locale", "pt-BR"]));
    let pt = locale_stats(&json, "pt-BR");
    assert_eq!(pt["complete"], 0.0);
    assert_eq!(pt["translated"], 0);
    assert_eq!(
        pt["missing"], pt["total"],
        "every source message is missing"
    );
    assert!(pt["total"].as_u64().unwrap() > 30);

    // Translate one message: it counts.
    let path = root.join("locales/pt-BR/about.ftl");
    std::fs::write(
        &path,
        scaffold.replace(
            "# mission-heading = Mission and vision",
            "mission-heading = Missão e visão",
        ),
    )
    .unwrap();
    let json = json_of(fluentpress(root).args(["check", "--format", "json", "--locale", "pt-BR"]));
    assert_eq!(locale_stats(&json, "pt-BR")["translated"], 1);

    // The build still works: pt-BR is not ready, so it is skipped, and its comments never block fallback.
    fluentpress(root).args(["build"]).assert().success();
    assert!(!root.join("out/pt-BR").exists());

    // A Right-to-left language is registered as such, with a parent in the chain when configured.
    fluentpress(root)
        .args(["new-locale", "ar-EG"])
        .assert()
        .success();
    let config = read(root.join("fluentpress.toml"));
    assert!(
        config.contains(
            "[locales.ar-EG]\nendonym = \"العربية\"\ndir = \"rtl\"\nfallback = [\"ar\", \"en\"]"
        ),
        "{config}"
    );
}

#[test]
fn stale_translations_show_a_word_diff_until_translated_or_accepted() {
    let site = default_site();
    let root = site.path();
    fluentpress(root).arg("lock").assert().success();
    assert!(read(root.join("fluentpress.lock")).contains("[locales.fr]"));

    let en = root.join("locales/en/about.ftl");
    std::fs::write(
        &en,
        read(&en).replace(
            "mission-heading = Mission and vision",
            "mission-heading = Our mission and vision",
        ),
    )
    .unwrap();
    let json = json_of(fluentpress(root).args(["check", "--format", "json"]));
    let stale: Vec<&Value> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "stale")
        .collect();
    assert_eq!(
        stale.len(),
        7,
        "every translation of the heading is stale: {stale:#?}"
    );
    let fr = stale.iter().find(|f| f["locale"] == "fr").unwrap();
    assert_eq!(fr["id"], "mission-heading");
    assert_eq!(fr["file"], "locales/fr/about.ftl");
    assert!(fr["message"].as_str().unwrap().contains("{+Our+}"), "{fr}");
    assert_eq!(locale_stats(&json, "fr")["stale"], 1);

    // Accepting clears it for that locale only.
    fluentpress(root)
        .args(["accept", "fr", "mission-heading"])
        .assert()
        .success();
    let json = json_of(fluentpress(root).args(["check", "--format", "json"]));
    assert_eq!(locale_stats(&json, "fr")["stale"], 0);
    assert_eq!(locale_stats(&json, "es")["stale"], 1);

    // A translator updates Spanish; refreshing the lock records it as current.
    let es = root.join("locales/es/about.ftl");
    let text = read(&es);
    let line = text
        .lines()
        .find(|l| l.starts_with("mission-heading ="))
        .unwrap()
        .to_string();
    std::fs::write(
        &es,
        text.replace(&line, "mission-heading = Nuestra misión y visión"),
    )
    .unwrap();
    let json = json_of(fluentpress(root).args(["check", "--format", "json", "--update-lock"]));
    assert_eq!(
        locale_stats(&json, "es")["stale"],
        0,
        "an edited translation is not stale"
    );
    let json = json_of(fluentpress(root).args(["check", "--format", "json"]));
    assert_eq!(locale_stats(&json, "es")["stale"], 0);
    assert_eq!(
        locale_stats(&json, "de")["stale"],
        1,
        "untouched ones stay stale after the refresh"
    );

    // status shows it too, sorted by completeness.
    let status = json_of(fluentpress(root).args(["status", "--format", "json"]));
    let order: Vec<&str> = status
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["locale"].as_str().unwrap())
        .collect();
    assert_eq!(order.last(), Some(&"de"));
    let text = fluentpress(root).arg("status").output().unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.lines()
            .any(|l| l.starts_with("de ") && l.contains("88.2%") && l.contains("30/34")),
        "{text}"
    );

    // A damaged lock is an error naming the line, and nothing is overwritten.
    std::fs::write(
        root.join("fluentpress.lock"),
        "version = 1\n[locales.fr]\nx = 3\n",
    )
    .unwrap();
    let out = fluentpress(root).arg("check").assert().code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr);
    assert!(stderr.contains("fluentpress.lock:3:"), "{stderr}");
    assert_eq!(
        read(root.join("fluentpress.lock")),
        "version = 1\n[locales.fr]\nx = 3\n"
    );
}

#[test]
fn sync_offers_new_messages_once_and_prunes_only_obsolete_ones() {
    let site = default_site();
    let root = site.path();
    let en = root.join("locales/en/about.ftl");
    std::fs::write(&en, read(&en) + "\nnew-message = A brand new sentence.\n").unwrap();
    let fr = root.join("locales/fr/about.ftl");
    let original = read(&fr);
    std::fs::write(
        &fr,
        original.clone() + "\nold-message = Une phrase retirée.\n",
    )
    .unwrap();

    let dry = fluentpress(root)
        .args(["sync", "--locale", "fr", "--dry-run"])
        .output()
        .unwrap();
    let dry = String::from_utf8_lossy(&dry.stdout);
    assert!(
        dry.contains("+# new-message = A brand new sentence."),
        "{dry}"
    );
    assert!(
        !read(&fr).contains("new-message"),
        "--dry-run writes nothing"
    );

    fluentpress(root).args(["sync"]).assert().success();
    let once = read(&fr);
    assert!(
        once.starts_with(&original),
        "the translator's lines are untouched"
    );
    assert!(once.contains("# new-message = A brand new sentence."));
    assert!(
        once.contains("old-message = Une phrase retirée."),
        "obsolete kept without --prune"
    );
    fluentpress(root).args(["sync"]).assert().success();
    assert_eq!(read(&fr), once, "a second sync changes nothing");

    fluentpress(root)
        .args(["sync", "--prune"])
        .assert()
        .success();
    let pruned = read(&fr);
    assert!(!pruned.contains("old-message"));
    assert!(pruned.contains("# new-message = A brand new sentence."));
    assert_eq!(
        pruned.matches(" = ").count(),
        once.matches(" = ").count() - 1,
        "exactly one message removed"
    );

    // A renamed id with the same source text carries the translation over.
    fluentpress(root).arg("lock").assert().success();
    std::fs::write(
        &en,
        read(&en).replace("history-heading = History", "history-title = History"),
    )
    .unwrap();
    fluentpress(root)
        .args(["sync", "--locale", "es"])
        .assert()
        .success();
    let es = read(root.join("locales/es/about.ftl"));
    assert!(es.contains("history-title = Historia"), "{es}");
}

#[test]
fn pseudo_locales_keep_tags_and_urls_and_are_valid_pages() {
    let site = default_site();
    let root = site.path();
    fluentpress(root)
        .args(["build", "--pseudo"])
        .assert()
        .success();
    let xa = html(root.join("out/en-XA/index.html"));
    let h1 = text(&select(&xa, "h1")[0]);
    assert!(
        h1.starts_with('[') && h1.ends_with(']') && h1.contains('À'),
        "{h1}"
    );
    let link = select(&xa, "main a");
    assert_eq!(
        attr(&link[0], "href"),
        Some("https://www.amnesty.org/en/who-we-are/")
    );
    assert_eq!(
        select(&xa, "main li strong").len(),
        6,
        "markup survives the transform"
    );
    let xb = html(root.join("out/ar-XB/index.html"));
    assert_eq!(attr(&select(&xb, "html")[0], "dir"), Some("rtl"));
    assert!(text(&select(&xb, "h1")[0]).contains('\u{202E}'));
    let sitemap = read(root.join("out/sitemap.xml"));
    assert!(
        !sitemap.contains("en-XA"),
        "pseudo-locales are never published"
    );
}

#[test]
fn what_a_killed_run_was_writing_is_removed_by_the_next_sync() {
    let site = default_site();
    let root = site.path();
    // A process that has ended: its pid names leftovers that nobody will finish.
    let mut gone = std::process::Command::new("true").spawn().unwrap();
    gone.wait().unwrap();
    let pid = gone.id();
    let config_tmp = root.join(format!(".fluentpress.toml.{pid}.tmp"));
    let ftl_tmp = root.join(format!("locales/fr/.about.ftl.{pid}.tmp"));
    std::fs::write(&config_tmp, "half a config").unwrap();
    std::fs::write(&ftl_tmp, "half a translation").unwrap();
    // A live process's temporary is left alone.
    let live = root.join(format!(".fluentpress.lock.{}.tmp", std::process::id()));
    std::fs::write(&live, "being written").unwrap();
    let out = fluentpress(root).args(["sync"]).output().unwrap();
    assert!(out.status.success());
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(!config_tmp.exists() && !ftl_tmp.exists(), "{said}");
    assert!(live.exists());
    assert!(said.contains("left by an interrupted run"), "{said}");
    // What sync writes itself leaves no temporary behind.
    let leftovers: Vec<_> = std::fs::read_dir(root.join("locales/fr"))
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// A locale folder made elsewhere (a Pontoon export): `check` points to `new-locale`,
/// which registers the folder as it is; an empty folder is refused.
#[test]
fn new_locale_registers_a_folder_of_existing_translations() {
    let site = default_site();
    let root = site.path();
    let it = root.join("locales/it");
    std::fs::create_dir_all(&it).unwrap();
    std::fs::write(it.join("site.ftl"), "site-name = Amnesty International\n").unwrap();
    let json = json_of(fluentpress(root).args(["check", "--format", "json"]));
    let stray = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "unconfigured-locale")
        .unwrap_or_else(|| panic!("no unconfigured-locale in {json:#}"));
    assert!(
        stray["message"]
            .as_str()
            .unwrap()
            .contains("`fluentpress new-locale it` registers it"),
        "{stray}"
    );

    let empty = root.join("locales/sv");
    std::fs::create_dir_all(&empty).unwrap();
    let before = read(root.join("fluentpress.toml"));
    fluentpress(root)
        .args(["new-locale", "sv"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("holds no .ftl file"));
    assert_eq!(read(root.join("fluentpress.toml")), before);

    fluentpress(root)
        .args(["new-locale", "it"])
        .assert()
        .success()
        .stdout(predicates::str::contains("registered the existing"));
    // The folder is as it was: one file, untouched.
    assert_eq!(std::fs::read_dir(&it).unwrap().count(), 1);
    assert_eq!(
        read(it.join("site.ftl")),
        "site-name = Amnesty International\n"
    );
    let config: toml::Value = toml::from_str(&read(root.join("fluentpress.toml"))).unwrap();
    assert_eq!(
        config["locales"]["it"]["endonym"].as_str(),
        Some("Italiano")
    );
    let json = json_of(fluentpress(root).args(["check", "--format", "json"]));
    assert!(json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["code"] != "unconfigured-locale"));
    assert_eq!(locale_stats(&json, "it")["translated"], 1, "{json:#}");
}
