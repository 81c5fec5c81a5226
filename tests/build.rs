//! `fluentpress build` on the default site and on fixtures, as a user runs it.

mod common;
use common::*;
use std::collections::BTreeSet;

const LOCALES: [&str; 8] = ["en", "fr", "es", "ar", "ru", "hi", "zh-Hans", "de"];

#[test]
fn default_site_builds_every_locale_with_lang_dir_and_alternates() {
    let site = default_site();
    fluentpress(site.path()).arg("build").assert().success();
    let out = site.path().join("out");
    for tag in LOCALES {
        for file in ["index.html", "about.print.html"] {
            let doc = html(out.join(tag).join(file));
            let root = select(&doc, "html")[0];
            assert_eq!(attr(&root, "lang"), Some(tag), "{tag}/{file}");
            let dir = if tag == "ar" { "rtl" } else { "ltr" };
            assert_eq!(attr(&root, "dir"), Some(dir), "{tag}/{file}");
            assert_eq!(select(&doc, "h1").len(), 1, "one h1 in {tag}/{file}");
            assert_eq!(
                select(&doc, "h2").len(),
                3,
                "three sections in {tag}/{file}"
            );
        }
        let doc = html(out.join(tag).join("index.html"));
        assert!(
            select(&doc, r#"a[type="application/pdf"]"#).is_empty(),
            "{tag}: no PDF link when no PDF is printed"
        );
        let links = select(&doc, r#"link[rel="alternate"]"#);
        let hreflangs: BTreeSet<&str> = links.iter().filter_map(|l| attr(l, "hreflang")).collect();
        let mut expected: BTreeSet<&str> = LOCALES.into_iter().collect();
        expected.insert("x-default");
        assert_eq!(hreflangs, expected, "hreflang set of {tag}");
        // A reader in none of the site's languages is sent to the language chooser.
        let x_default = select(&doc, r#"link[rel="alternate"][hreflang="x-default"]"#);
        assert_eq!(
            attr(&x_default[0], "href"),
            Some("https://about.example.org/"),
            "x-default of {tag}"
        );
        let canonical = select(&doc, r#"link[rel="canonical"]"#);
        assert_eq!(
            attr(&canonical[0], "href"),
            Some(format!("https://about.example.org/{tag}/").as_str())
        );
        let switcher = select(&doc, "nav.language-switcher a");
        assert_eq!(switcher.len(), 8, "switcher of {tag}");
        for link in &switcher {
            assert_eq!(attr(link, "lang"), attr(link, "hreflang"));
            assert!(!text(link).trim().is_empty());
        }
        let current = select(&doc, r#"nav.language-switcher a[aria-current="page"]"#);
        assert_eq!(attr(&current[0], "lang"), Some(tag));
        assert_eq!(select(&doc, "a.skip-link").len(), 1);
    }
    // The chooser lists every locale by its endonym, each marked with its language.
    let chooser = html(out.join("index.html"));
    let names: Vec<String> = select(&chooser, "ul.locales a").iter().map(text).collect();
    assert!(
        names.contains(&"العربية".to_string()) && names.contains(&"简体中文".to_string()),
        "{names:?}"
    );
    assert_eq!(names.len(), 8);
    // The sitemap has every locale with alternates and x-default.
    let sitemap = read(out.join("sitemap.xml"));
    assert_eq!(sitemap.matches("<url>").count(), 8);
    assert_eq!(sitemap.matches("hreflang=\"x-default\"").count(), 8);
    assert_eq!(
        sitemap
            .matches(r#"hreflang="x-default" href="https://about.example.org/""#)
            .count(),
        8,
        "{sitemap}"
    );
    let x_default = select(&chooser, r#"link[rel="alternate"][hreflang="x-default"]"#);
    assert_eq!(
        attr(&x_default[0], "href"),
        Some("https://about.example.org/")
    );
    assert!(sitemap.contains("https://about.example.org/zh-Hans/"));
    assert!(out.join("assets/site.css").is_file() && out.join("assets/print.css").is_file());
    // Placeables are isolated with <bdi>, so no invisible mark reaches a reader's clipboard.
    let pages: Vec<_> = tree(&out)
        .into_keys()
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect();
    assert!(pages.len() > 16, "{pages:?}");
    for page in pages {
        let raw = read(out.join(&page));
        assert!(
            !raw.contains(['\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}']),
            "{}: an isolation mark in the HTML",
            page.display()
        );
        assert_eq!(
            raw.matches("<bdi>").count(),
            raw.matches("</bdi>").count(),
            "{}: unbalanced <bdi>",
            page.display()
        );
    }
    let en = read(out.join("en/index.html"));
    assert!(en.contains("more than <bdi>7,000,000</bdi> people"), "{en}");
}

#[test]
fn german_falls_back_to_english_with_lang_marked_and_reported() {
    let site = default_site();
    fluentpress(site.path()).arg("build").assert().success();
    let out = site.path().join("out");
    let doc = html(out.join("de/index.html"));
    let fallen: Vec<String> = select(&doc, r#"main span[lang="en"]"#)
        .iter()
        .map(text)
        .collect();
    assert_eq!(fallen.len(), 4, "{fallen:?}");
    assert!(fallen
        .iter()
        .any(|t| t.contains("We are all born with human rights")));
    assert_eq!(
        select(&doc, "p.notice").len(),
        1,
        "the partial-translation notice shows"
    );
    // The French page is complete: no fallback, no notice.
    let fr = html(out.join("fr/index.html"));
    assert!(select(&fr, r#"main span[lang="en"]"#).is_empty());
    assert!(select(&fr, "p.notice").is_empty());
    // The print page, and so the PDF printed from it, says so too, in the same words.
    let notice = text(&select(&doc, "p.notice")[0]);
    let print = html(out.join("de/about.print.html"));
    let printed: Vec<String> = select(&print, r#"main p.notice[role="note"]"#)
        .iter()
        .map(text)
        .collect();
    assert_eq!(printed, std::slice::from_ref(&notice));
    let fr_print = html(out.join("fr/about.print.html"));
    assert!(select(&fr_print, "p.notice").is_empty());
    // In a German and English edition the notice stands in its own row, above the text,
    // so each German paragraph still faces its English one.
    fluentpress(site.path())
        .args(["build", "--bilingual", "de,en"])
        .assert()
        .success();
    let edition = html(out.join("de/about.print.en.html"));
    let rows = select(&edition, ".parallel-row");
    let first: Vec<String> = rows[0]
        .select(&scraper::Selector::parse(".parallel-cell").unwrap())
        .map(|c| text(&c).trim().to_string())
        .collect();
    assert_eq!(first, [notice, String::new()]);
    let titles = rows[1]
        .select(&scraper::Selector::parse(".parallel-cell > h1").unwrap())
        .count();
    assert_eq!(titles, 2, "the two titles share the row under the notice");

    let report: serde_json::Value =
        serde_json::from_str(&read(out.join("build-report.json"))).unwrap();
    let de = report["pages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["locale"] == "de")
        .unwrap();
    let ids: BTreeSet<&str> = de["fallbacks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        BTreeSet::from([
            "history-growth",
            "rights-item-inalienable",
            "rights-item-inherent",
            "rights-item-violable"
        ])
    );
    assert!(de["fallbacks"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["from"] == "en"));
    assert!(de["messages"].as_array().unwrap().len() > 20);
}

#[test]
fn arabic_page_is_right_to_left_with_its_own_digits_in_page_numbers() {
    let site = default_site();
    fluentpress(site.path())
        .args(["build", "--locale", "ar"])
        .assert()
        .success();
    let out = site.path().join("out");
    assert!(
        !out.join("fr/index.html").exists(),
        "--locale narrows the build"
    );
    // The Arabic/English edition is made even though English was not asked for.
    assert!(out.join("ar/about.print.en.html").is_file());
    assert!(!out.join("en").exists());
    let print = read(out.join("ar/about.print.html"));
    assert!(print.contains("counter(page, arabic-indic)"), "{print}");
    // An address printed in Arabic text keeps its own left-to-right order
    // (without isolation the trailing `/` jumps to the front).
    let doc = html(out.join("ar/about.print.html"));
    let addresses: Vec<_> = select(&doc, "a")
        .into_iter()
        .filter(|a| text(a).starts_with("https://"))
        .collect();
    assert!(!addresses.is_empty());
    for a in addresses {
        assert_eq!(attr(&a, "dir"), Some("ltr"), "{}", text(&a));
    }
    let doc = html(out.join("ar/index.html"));
    let h1 = text(&select(&doc, "h1")[0]);
    assert!(h1.contains("منظمة العفو الدولية"), "{h1}");
}

#[test]
fn hostile_translations_and_arguments_are_inert() {
    let site = fixture("mini");
    fluentpress(site.path()).arg("build").assert().success();
    let out = site.path().join("out");
    for file in ["index.html", "print.html"] {
        let raw = read(out.join("fr").join(file));
        let doc = html(out.join("fr").join(file));
        assert!(
            select(&doc, "script").is_empty(),
            "no script element in {file}"
        );
        assert!(select(&doc, "img").is_empty(), "no img element in {file}");
        assert!(select(&doc, "[onerror], [onclick]").is_empty());
        assert!(
            raw.contains("&lt;a href=&quot;javascript:"),
            "the forbidden link is shown as text in {file}"
        );
        for el in select(&doc, "[href]") {
            assert!(
                !attr(&el, "href").unwrap().starts_with("javascript:"),
                "no javascript: URL in {file}"
            );
        }
        let greeting = text(&select(&doc, "#greeting")[0]);
        assert!(
            greeting.contains("<script>alert('arg')</script>"),
            "argument shown as text: {greeting}"
        );
        assert!(
            greeting.contains("<img src=x onerror=alert(1)>"),
            "markup shown as text: {greeting}"
        );
        // The allowed <em> survives; links keep only the template's href.
        assert_eq!(select(&doc, "#more em").len(), 1);
        let links = select(&doc, "#more a");
        assert!(
            links.is_empty(),
            "both links carried forbidden attributes: {links:?}"
        );
        let title = select(&doc, "title");
        assert!(
            text(&title[0]).contains("<script>"),
            "title text is escaped, not markup"
        );
        let description = select(&doc, r#"meta[name="description"]"#);
        assert_eq!(
            attr(&description[0], "content"),
            Some("Un petit site \"de test\" <b>")
        );
    }
    let en = html(out.join("en/index.html"));
    let link = select(&en, "#more a");
    assert_eq!(
        attr(&link[0], "href"),
        Some("https://mini.example.org/more?a=1&b=2")
    );
    // Placeables are isolated in text, with <bdi> rather than marks, and never in attributes.
    let raw = read(out.join("en/index.html"));
    assert!(raw.contains("<bdi>"), "placeables are isolated in text");
    let doc = html(out.join("en/index.html"));
    for el in select(&doc, "[content], [href]") {
        for (_, value) in el.value().attrs() {
            assert!(
                !value.contains(['\u{2068}', '\u{2069}']),
                "isolation mark in attribute {value:?}"
            );
        }
    }
    let report = read(out.join("build-report.json"));
    assert!(
        report.contains("attribute `onclick` is not allowed on <a>"),
        "{report}"
    );
    assert!(
        report.contains("attribute `href` is not allowed on <a>"),
        "{report}"
    );
}

#[test]
fn fallback_chain_and_publishing_readiness() {
    let site = fixture("mini");
    let assert = fluentpress(site.path()).arg("build").assert().success();
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).to_string();
    let out = site.path().join("out");
    // pt-BR lacks `greeting`: it comes from pt, the next link of the chain, not from en.
    let doc = html(out.join("pt-BR/index.html"));
    let greeting = select(&doc, r#"#greeting span[lang="pt"]"#);
    assert_eq!(greeting.len(), 1, "greeting falls back to pt");
    assert!(text(&greeting[0]).contains("Olá"));
    let only = select(&doc, r#"#only span[lang="en"]"#);
    assert_eq!(only.len(), 1, "only-english falls back to en");
    // Italian misses the required `title`: not built, nowhere linked, and the report says why.
    assert!(!out.join("it").exists());
    assert!(
        stdout.contains("skipped home [it]: required messages missing: title"),
        "{stdout}"
    );
    let en = read(out.join("en/index.html"));
    assert!(!en.contains("hreflang=\"it\""));
    assert!(!read(out.join("sitemap.xml")).contains("/it/"));
    let report: serde_json::Value =
        serde_json::from_str(&read(out.join("build-report.json"))).unwrap();
    let it = report["pages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["locale"] == "it")
        .unwrap();
    assert_eq!(it["published"], false);
    assert!(it["reason"].as_str().unwrap().contains("title"));
    // Arabic's message carries a right-to-left dir on the fallback wrapper of another locale.
    let ar = html(out.join("ar/index.html"));
    assert_eq!(attr(&select(&ar, "html")[0], "dir"), Some("rtl"));
}

#[test]
fn a_forced_locale_is_published_and_a_forced_off_one_is_not() {
    let site = fixture("mini");
    let config = site.path().join("fluentpress.toml");
    let text = read(&config) + "\n[pages.home.publish]\nit = true\nar = false\n";
    std::fs::write(&config, text).unwrap();
    fluentpress(site.path()).arg("build").assert().success();
    let out = site.path().join("out");
    assert!(out.join("it/index.html").is_file());
    assert!(!out.join("ar").exists());
}

#[test]
fn a_failed_build_leaves_the_previous_out_untouched() {
    let site = fixture("mini");
    fluentpress(site.path()).arg("build").assert().success();
    let out = site.path().join("out");
    let before = read(out.join("fr/index.html"));
    std::fs::write(
        site.path().join("locales/fr/main.ftl"),
        "title = ok\nbroken = {\n",
    )
    .unwrap();
    let assert = fluentpress(site.path()).arg("build").assert().code(1);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(stderr.contains("locales/fr/main.ftl:2:"), "{stderr}");
    assert!(stderr.contains("syntax-error"), "{stderr}");
    assert!(
        stderr.contains("broken = {"),
        "shows the offending line: {stderr}"
    );
    assert_eq!(read(out.join("fr/index.html")), before);
    let leftovers: Vec<_> = std::fs::read_dir(site.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(".out"))
        .collect();
    assert!(leftovers.is_empty(), "no staging folder left behind");
}

/// Builds the mini fixture with `from` replaced by `to` in its config, expects the config
/// to be refused (exit 2) and returns what the build said.
fn build_mini_with_config_edit(from: &str, to: &str) -> String {
    let site = fixture("mini");
    let config = site.path().join("fluentpress.toml");
    let text = read(&config);
    assert!(text.contains(from), "the fixture has {from:?}");
    std::fs::write(&config, text.replace(from, to)).unwrap();
    let assert = fluentpress(site.path()).arg("build").assert().code(2);
    String::from_utf8_lossy(&assert.get_output().stderr).into_owned()
}

#[test]
fn bad_input_gets_a_located_error_and_never_a_panic() {
    // Unknown locale tag in the config, with its line.
    let stderr = build_mini_with_config_edit("[locales.it]", "[locales.pt_br]");
    assert!(stderr.contains("fluentpress.toml:20:"), "{stderr}");
    assert!(stderr.contains("did you mean `pt-BR`?"), "{stderr}");

    // An unknown key in the config.
    let stderr = build_mini_with_config_edit(
        "min_translated = 50",
        "min_translated = 50\ncolour = \"red\"",
    );
    assert!(stderr.contains("unknown field `colour`"), "{stderr}");
    assert!(stderr.contains("fluentpress.toml:30:"), "{stderr}");

    // A PDF name that is not a PDF.
    let stderr = build_mini_with_config_edit(
        "min_translated = 50",
        "min_translated = 50\npdf_output = \"home.html\"",
    );
    assert!(
        stderr.contains("fluentpress.toml:30:14") && stderr.contains("must end in .pdf"),
        "{stderr}"
    );

    // An output that would be written outside out/.
    let stderr = build_mini_with_config_edit(
        "min_translated = 50",
        "min_translated = 50\npdf_output = \"../../escaped.pdf\"",
    );
    assert!(
        stderr.contains("fluentpress.toml:30:14") && stderr.contains("inside out/<locale>/"),
        "{stderr}"
    );

    // A missing template: a configuration error, at the config line naming it.
    let site = fixture("mini");
    std::fs::remove_file(site.path().join("templates/home.print.html")).unwrap();
    let assert = fluentpress(site.path()).arg("build").assert().code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(
        stderr.contains("template `home.print.html` does not exist"),
        "{stderr}"
    );
    assert!(stderr.contains("fluentpress.toml:25:18"), "{stderr}");

    // A template error, with its file and line.
    let site = fixture("mini");
    let tpl = site.path().join("templates/home.html");
    std::fs::write(
        &tpl,
        read(&tpl).replace("<h1>{{ t('title') }}</h1>", "<h1>{{ t('title') }</h1>"),
    )
    .unwrap();
    let assert = fluentpress(site.path()).arg("build").assert().code(1);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(stderr.contains("home.html:20"), "{stderr}");

    // Invalid UTF-8, with the line and column where it starts.
    let site = fixture("mini");
    let mut bytes = b"title = ok\ngreeting = caf".to_vec();
    bytes.extend([0xff, 0xfe]);
    std::fs::write(site.path().join("locales/fr/main.ftl"), bytes).unwrap();
    let assert = fluentpress(site.path()).arg("build").assert().code(1);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(stderr.contains("locales/fr/main.ftl:2:15"), "{stderr}");
    assert!(stderr.contains("invalid UTF-8"), "{stderr}");

    // A reference cycle.
    let site = fixture("mini");
    std::fs::write(
        site.path().join("locales/fr/main.ftl"),
        "title = { greeting }\ngreeting = { title }\n",
    )
    .unwrap();
    let assert = fluentpress(site.path()).arg("build").assert().code(1);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(
        stderr.contains("reference cycle: greeting → title → greeting"),
        "{stderr}"
    );
    assert!(stderr.contains("locales/fr/main.ftl:2:1"), "{stderr}");

    // A file with a BOM and CRLF line endings is fine.
    let site = fixture("mini");
    std::fs::write(
        site.path().join("locales/fr/main.ftl"),
        "\u{feff}title = Bonjour\r\ngreeting = Salut\r\nmore = Plus\r\ncount = Compte\r\n",
    )
    .unwrap();
    fluentpress(site.path()).arg("build").assert().success();
    let doc = html(site.path().join("out/fr/index.html"));
    assert_eq!(text(&select(&doc, "h1")[0]), "Bonjour");
}

#[test]
fn narrowing_to_one_locale_keeps_the_rest_of_the_previous_site() {
    let site = default_site();
    fluentpress(site.path()).arg("build").assert().success();
    let out = site.path().join("out");
    let french = read(out.join("fr/index.html"));
    let ar = site.path().join("locales/ar/about.ftl");
    std::fs::write(&ar, read(&ar).replace("نبذة عن", "تعرّف على")).unwrap();
    let assert = fluentpress(site.path())
        .args(["build", "--locale", "ar"])
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
    assert!(
        stdout.contains("built 1 page(s) in 1 locale(s)"),
        "{stdout}"
    );
    assert!(
        read(out.join("ar/index.html")).contains("تعرّف على"),
        "ar rebuilt"
    );
    assert_eq!(read(out.join("fr/index.html")), french, "fr kept as it was");
    assert!(out.join("index.html").is_file() && out.join("sitemap.xml").is_file());
}

#[test]
fn bilingual_edition_pairs_paragraphs_each_in_its_own_language_and_direction() {
    let site = default_site();
    // ar+en is in the config too: asked twice, it is still one edition.
    fluentpress(site.path())
        .args(["build", "--bilingual", "ar,en"])
        .assert()
        .success();
    let out = site.path().join("out");
    let doc = html(out.join("ar/about.print.en.html"));
    let root = select(&doc, "html")[0];
    assert_eq!(attr(&root, "lang"), Some("ar"));
    assert_eq!(attr(&root, "dir"), Some("rtl"), "the first language leads");
    let rows = select(&doc, ".parallel-row");
    let headings = |tag: &str| {
        let single = html(out.join(tag).join("about.print.html"));
        select(&single, "main h1, main h2, main p, main li").len()
    };
    assert!(rows.len() >= 10, "one row per paragraph: {}", rows.len());
    assert!(rows.len() <= headings("en").max(headings("ar")));
    for row in &rows {
        let cells = row
            .select(&scraper::Selector::parse(".parallel-cell").unwrap())
            .collect::<Vec<_>>();
        assert_eq!(cells.len(), 2);
        assert_eq!(
            (attr(&cells[0], "lang"), attr(&cells[0], "dir")),
            (Some("ar"), Some("rtl"))
        );
        assert_eq!(
            (attr(&cells[1], "lang"), attr(&cells[1], "dir")),
            (Some("en"), Some("ltr"))
        );
    }
    let text = |i: usize| {
        rows[0]
            .text()
            .collect::<String>()
            .contains(["نبذة", "About Amnesty"][i])
    };
    assert!(text(0) && text(1), "the first row pairs the two titles");
    let report = read(out.join("build-report.json"));
    assert_eq!(
        report.matches("\"ar/about.print.en.html\"").count(),
        1,
        "{report}"
    );
}
