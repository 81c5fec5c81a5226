//! `stale_notice` through the binary: a page whose translation is behind the source
//! (per `fluentpress.lock`) says so, in its own language, beside the partial-translation
//! notice, only when the config asks; the pages stay valid and accessible.

mod common;
use common::*;
use std::path::Path;

/// The value of the one-line message `id` in `locale`'s `site.ftl` of `root`.
fn message(root: &Path, locale: &str, id: &str) -> String {
    let text = read(root.join("locales").join(locale).join("site.ftl"));
    text.lines()
        .find_map(|l| l.strip_prefix(&format!("{id} = ")))
        .unwrap_or_else(|| panic!("{locale}/site.ftl has no {id}"))
        .to_string()
}

fn notice_text(root: &Path, locale: &str) -> String {
    message(root, locale, "stale-translation-notice")
}

/// The texts of the page's `.notice` elements.
fn notices(page: &Path) -> Vec<String> {
    let doc = html(page);
    select(&doc, ".notice")
        .iter()
        .map(|n| text(n).trim().to_string())
        .collect()
}

fn append(path: &Path, more: &str) {
    let mut text = read(path);
    text.push_str(more);
    std::fs::write(path, text).unwrap();
}

/// The default site with every translation recorded in the lock, then the English
/// `printable-version` (in every page's footer) reworded: every locale's translation of
/// it is stale, except the Spanish one, accepted as it is.
fn site_with_a_stale_message() -> tempfile::TempDir {
    let site = default_site();
    let root = site.path();
    fluentpress(root).arg("lock").assert().success();
    let en = root.join("locales/en/site.ftl");
    let text = read(&en).replace(
        "printable-version = Printable version",
        "printable-version = Printable version (A4 or Letter)",
    );
    std::fs::write(&en, text).unwrap();
    fluentpress(root)
        .args(["accept", "es", "printable-version"])
        .assert()
        .success();
    site
}

fn turn_on(root: &Path) {
    append(
        &root.join("fluentpress.toml"),
        "\n[site]\nstale_notice = true\n",
    );
}

#[test]
fn a_stale_page_says_so_in_its_language_and_a_fresh_one_does_not() {
    let site = site_with_a_stale_message();
    let root = site.path();
    turn_on(root);
    fluentpress(root).arg("build").assert().success();
    let out = root.join("out");

    for locale in ["ar", "fr", "ru", "hi", "zh-Hans", "de"] {
        let wanted = notice_text(root, locale);
        for page in ["index.html", "about.print.html"] {
            let path = out.join(locale).join(page);
            assert!(
                notices(&path).contains(&wanted),
                "{locale}/{page} lacks {wanted:?}: {:?}",
                notices(&path)
            );
        }
    }
    // In the page's own language and direction, after the partial-translation notice.
    let ar = html(out.join("ar/index.html"));
    let root_el = &select(&ar, "html")[0];
    assert_eq!(attr(root_el, "lang"), Some("ar"));
    assert_eq!(attr(root_el, "dir"), Some("rtl"));
    let notice = select(&ar, "main > p.notice[role=note]");
    assert_eq!(notice.len(), 1, "Arabic is complete: only the stale notice");
    assert_eq!(text(&notice[0]).trim(), notice_text(root, "ar"));
    assert_eq!(
        attr(&notice[0], "lang"),
        None,
        "its own language, no fallback"
    );
    let de = notices(&out.join("de/index.html"));
    assert_eq!(
        de,
        [
            message(root, "de", "partial-translation-notice"),
            notice_text(root, "de"),
        ],
        "German: the partial notice, then the stale one"
    );

    // Spanish was accepted, English is the source: no stale notice.
    for locale in ["es", "en"] {
        let wanted = notice_text(root, locale);
        for page in ["index.html", "about.print.html"] {
            let path = out.join(locale).join(page);
            assert!(
                !notices(&path).contains(&wanted),
                "{locale}/{page}: {:?}",
                notices(&path)
            );
        }
    }
}

#[test]
fn off_by_default_and_off_per_page() {
    let site = site_with_a_stale_message();
    let root = site.path();
    fluentpress(root).arg("build").assert().success();
    let stale_off = tree(&root.join("out"));
    // The same build without any lock: the option off, the lock changes no byte.
    std::fs::remove_file(root.join("fluentpress.lock")).unwrap();
    fluentpress(root).arg("build").assert().success();
    assert!(
        stale_off == tree(&root.join("out")),
        "with stale_notice off the lock must not change the site"
    );
    let fr = notice_text(root, "fr");
    assert!(!notices(&root.join("out/fr/index.html")).contains(&fr));

    // On for the site, off for the page: the page's own setting wins.
    let site = site_with_a_stale_message();
    let root = site.path();
    turn_on(root);
    let config = root.join("fluentpress.toml");
    let text = read(&config).replace("[pages.about]\n", "[pages.about]\nstale_notice = false\n");
    std::fs::write(&config, text).unwrap();
    fluentpress(root).arg("build").assert().success();
    assert!(!notices(&root.join("out/fr/index.html")).contains(&fr));
    // And on for the page alone.
    let text = read(&config)
        .replace("stale_notice = false\n", "stale_notice = true\n")
        .replace("\n[site]\nstale_notice = true\n", "\n");
    std::fs::write(&config, text).unwrap();
    fluentpress(root).arg("build").assert().success();
    assert!(notices(&root.join("out/fr/index.html")).contains(&fr));
}

#[test]
fn bad_settings_and_a_damaged_lock_name_the_place() {
    let site = default_site();
    let root = site.path();
    let config = root.join("fluentpress.toml");
    let original = read(&config);
    let lines = original.lines().count();
    for (setting, expected) in [
        (
            "[site]\nstale_notice = \"yes\"\n",
            "stale_notice must be true or false",
        ),
        ("[site]\nstale_notise = true\n", "stale_notise"),
    ] {
        std::fs::write(&config, format!("{original}\n{setting}")).unwrap();
        let output = fluentpress(root).arg("build").output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains(expected), "{expected:?} not in {stderr}");
        // The line after `[site]`.
        let at = format!("fluentpress.toml:{}:", lines + 3);
        assert!(stderr.contains(&at), "{at:?} not in {stderr}");
    }

    // With the notice on, a damaged lock stops the build and leaves out/ as it was.
    std::fs::write(&config, &original).unwrap();
    fluentpress(root).arg("build").assert().success();
    let before = tree(&root.join("out"));
    turn_on(root);
    std::fs::write(root.join("fluentpress.lock"), "version = 1\n[locales\n").unwrap();
    let output = fluentpress(root).arg("build").output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(stderr.contains("fluentpress.lock:2:"), "{stderr}");
    assert!(stderr.contains("stale_notice"), "{stderr}");
    assert!(before == tree(&root.join("out")), "out/ untouched");
}

#[test]
fn pages_with_the_stale_notice_are_valid_and_accessible() {
    let site = site_with_a_stale_message();
    let root = site.path();
    turn_on(root);
    fluentpress(root).arg("build").assert().success();
    let out = root.join("out");
    let pages = [
        out.join("ar/index.html"),
        out.join("ar/about.print.html"),
        out.join("de/index.html"),
        out.join("zh-Hans/about.print.html"),
    ];
    for page in &pages {
        assert!(!notices(page).is_empty(), "{}", page.display());
    }
    judged::assert_valid_html(&pages);
    judged::assert_accessible(&pages, &[1280, 320]);
}
