//! The default design as a reader sees it: the chooser greets every language in its own
//! script, and in a real browser headings stay tight in every script, Arabic is set larger
//! than Latin, and the switcher's endonyms share one baseline.

mod common;
use common::*;
use fluentpress::site::pdf::PdfPrinter;

const LOCALES: [&str; 8] = ["en", "fr", "es", "ar", "ru", "hi", "zh-Hans", "de"];

/// The value of `id` in a locale's `site.ftl` (single-line messages only).
fn message(site: &std::path::Path, tag: &str, id: &str) -> String {
    let ftl = read(site.join(format!("locales/{tag}/site.ftl")));
    ftl.lines()
        .find_map(|l| l.strip_prefix(&format!("{id} = ")))
        .unwrap_or_else(|| panic!("{id} in {tag}"))
        .to_string()
}

#[test]
fn the_chooser_greets_each_language_in_its_own_words_lang_and_dir() {
    let site = default_site();
    // French lacks its chooser title: its card falls back to English and says so.
    let fr = site.path().join("locales/fr/site.ftl");
    let without: String = read(&fr)
        .lines()
        .filter(|l| !l.starts_with("language-chooser-title"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&fr, without).unwrap();
    fluentpress(site.path()).arg("build").assert().success();
    let doc = html(site.path().join("out/index.html"));
    let cards = select(&doc, "ul.locales > li");
    assert_eq!(cards.len(), LOCALES.len());
    for card in &cards {
        let tag = attr(card, "lang").expect("each card names its language");
        let dir = if tag == "ar" { "rtl" } else { "ltr" };
        assert_eq!(attr(card, "dir"), Some(dir), "{tag}");
        let inner = scraper::Html::parse_fragment(&card.html());
        let one = |css: &str| {
            let found = select(&inner, css);
            assert_eq!(found.len(), 1, "{tag}: one {css}");
            (
                text(&found[0]).trim().to_string(),
                attr(&found[0], "lang").map(str::to_owned),
                attr(&found[0], "dir").map(str::to_owned),
            )
        };
        let (title, title_lang, title_dir) = one("h2");
        let (intro, intro_lang, intro_dir) = one("p");
        let (_, link_lang, _) = one("a");
        assert_eq!(link_lang.as_deref(), Some(tag));
        let expected_from = if tag == "fr" { "en" } else { tag };
        assert_eq!(
            (title, title_lang.as_deref(), title_dir.as_deref()),
            (
                message(site.path(), expected_from, "language-chooser-title"),
                Some(expected_from),
                Some(if expected_from == "ar" { "rtl" } else { "ltr" })
            ),
            "{tag}: the title in its own words, or marked as the fallback's"
        );
        assert_eq!(
            (intro, intro_lang.as_deref(), intro_dir.as_deref()),
            (
                message(site.path(), tag, "language-chooser-intro"),
                Some(tag),
                Some(dir)
            ),
            "{tag}: the intro"
        );
    }
    // Translations are untrusted: the chooser escapes them like any page.
    let site = default_site();
    let es = site.path().join("locales/es/site.ftl");
    std::fs::write(
        &es,
        read(&es).replace(
            "language-chooser-title = Elige tu idioma",
            "language-chooser-title = Elige <script>alert(1)</script>",
        ),
    )
    .unwrap();
    fluentpress(site.path()).arg("build").assert().success();
    let raw = read(site.path().join("out/index.html"));
    assert!(!raw.contains("<script>"), "{raw}");
    assert!(raw.contains("Elige &lt;script&gt;"), "{raw}");
}

/// Per page and width: every heading's line height over its font size, the size of the
/// first paragraph, and the baseline of each switcher link (a zero-size inline-block put at
/// its end sits on it).
const MEASURE: &str = r#"
(() => {
  const heads = [...document.querySelectorAll("h1, h2, h3")].map(h => {
    const s = getComputedStyle(h);
    return { text: h.textContent.trim().slice(0, 40), ratio: parseFloat(s.lineHeight) / parseFloat(s.fontSize) };
  });
  const p = document.querySelector("main p:not(.notice)");
  const baselines = [...document.querySelectorAll("nav.language-switcher a")].map(a => {
    const probe = document.createElement("span");
    probe.style.cssText = "display:inline-block;width:0;height:0;vertical-align:baseline";
    a.appendChild(probe);
    const y = probe.getBoundingClientRect().bottom;
    probe.remove();
    return { lang: a.lang, y };
  });
  return { heads, p: p ? parseFloat(getComputedStyle(p).fontSize) : 0, baselines };
})()
"#;

#[test]
fn headings_stay_tight_arabic_reads_larger_and_endonyms_share_a_baseline() {
    let Some(browser) = judge::browser(None) else {
        return;
    };
    let site = default_site();
    fluentpress(site.path()).arg("build").assert().success();
    let out = site.path().join("out");
    let printer = PdfPrinter::launch_with_tabs(&browser, 1).expect("the browser starts");
    let widths = [375, 1280];
    let mut loose = Vec::new();
    let mut paragraph = std::collections::BTreeMap::new();
    for tag in LOCALES {
        for file in ["index.html", "about.print.html"] {
            let page = out.join(tag).join(file);
            let results = printer
                .evaluate(&page, &widths, MEASURE)
                .unwrap_or_else(|e| panic!("{tag}/{file}: {e}"));
            for (width, found) in widths.iter().zip(results) {
                let heads = found["heads"].as_array().unwrap();
                assert!(heads.len() >= 4, "{tag}/{file}: {found}");
                for h in heads {
                    let ratio = h["ratio"].as_f64().unwrap_or(f64::NAN);
                    // NaN (a `normal` line height) fails too: it is the font's, not ours.
                    if ratio.is_nan() || ratio > 1.36 {
                        loose.push(format!("{tag}/{file} at {width}px: {h}"));
                    }
                }
                if file == "index.html" {
                    paragraph.insert((tag, *width), found["p"].as_f64().unwrap());
                }
                if file == "index.html" && *width == 1280 {
                    let ys: Vec<f64> = found["baselines"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|b| b["y"].as_f64().unwrap())
                        .collect();
                    assert_eq!(ys.len(), LOCALES.len(), "{tag}");
                    let (lo, hi) = ys
                        .iter()
                        .fold((f64::MAX, f64::MIN), |(lo, hi), y| (lo.min(*y), hi.max(*y)));
                    assert!(
                        hi - lo < 1.0,
                        "{tag}: switcher endonyms on different baselines: {}",
                        found["baselines"]
                    );
                }
            }
        }
    }
    assert!(
        loose.is_empty(),
        "headings with loose leading:\n{}",
        loose.join("\n")
    );
    for width in widths {
        let (ar, en) = (paragraph[&("ar", width)], paragraph[&("en", width)]);
        assert!(
            ar >= en * 1.1,
            "Arabic body text is set larger than Latin to read the same size: {ar} vs {en} px"
        );
    }
}

#[test]
fn the_bilingual_edition_sets_each_column_in_its_script_and_has_the_leaflet_footer() {
    let site = default_site();
    fluentpress(site.path()).arg("build").assert().success();
    let out = site.path().join("out");
    let doc = html(out.join("ar/about.print.en.html"));
    let single = html(out.join("ar/about.print.html"));
    let footer_lines = |doc: &scraper::Html, css: &str| -> Vec<String> {
        select(doc, css)
            .iter()
            .map(|p| text(p).trim().to_string())
            .collect()
    };
    // The same lines as the Arabic leaflet's footer, each facing its English one.
    let ar = footer_lines(&doc, r#"footer.print-footer .parallel-cell[lang="ar"] p"#);
    assert_eq!(ar, footer_lines(&single, "footer.print-footer p"));
    let en = footer_lines(&doc, r#"footer.print-footer .parallel-cell[lang="en"] p"#);
    assert_eq!(
        en,
        footer_lines(
            &html(out.join("en/about.print.html")),
            "footer.print-footer p"
        )
    );
    assert!(
        en.iter()
            .any(|l| l.contains("https://about.example.org/en/")),
        "{en:?}"
    );
    assert!(
        select(&doc, "main footer, main .print-footer").is_empty(),
        "the footer is not among the text's rows"
    );
}
