//! `build --pdf` through a real Chromium, checked with poppler's tools.
//!
//! `.ci/run` installs Chromium's headless shell, the Noto fonts and poppler-utils. Where they
//! are missing, each test fails saying what to install (see `common::judge`).

mod common;
use common::*;
use fluentpress::site::pdf::PdfPrinter;
use std::path::Path;
use std::process::Command;

fn tools_present() -> bool {
    judge::browser(None).is_some() && judge::poppler()
}

fn tool(name: &str, args: &[&str], pdf: &Path) -> String {
    let mut cmd = Command::new(name);
    cmd.args(args).arg(pdf);
    if name == "pdftotext" {
        cmd.arg("-");
    }
    let out = cmd.output().expect("poppler tool runs");
    assert!(
        out.status.success(),
        "{name} {}: {}",
        pdf.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn page_size(pdf: &Path) -> (f64, f64, usize) {
    let info = tool("pdfinfo", &[], pdf);
    let field = |name: &str| {
        info.lines()
            .find(|l| l.starts_with(name))
            .map(|l| l[name.len()..].trim().to_string())
            .unwrap_or_else(|| panic!("no {name} in {info}"))
    };
    let size = field("Page size:");
    let mut parts = size.split_whitespace();
    let w: f64 = parts.next().unwrap().parse().unwrap();
    parts.next();
    let h: f64 = parts.next().unwrap().parse().unwrap();
    (w, h, field("Pages:").parse().unwrap())
}

/// Share of non-white pixels on the first page, rendered in grey.
fn ink(pdf: &Path, dir: &Path) -> f64 {
    let prefix = dir.join("page");
    let status = Command::new("pdftoppm")
        .args(["-gray", "-r", "30", "-f", "1", "-l", "1"])
        .arg(pdf)
        .arg(&prefix)
        .status()
        .unwrap();
    assert!(status.success());
    let pgm = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "pgm"))
        .expect("pdftoppm wrote a page");
    let bytes = std::fs::read(&pgm).unwrap();
    std::fs::remove_file(&pgm).unwrap();
    // P5 header: magic, width, height, maxval, each followed by whitespace.
    let mut fields = 0;
    let mut at = 0;
    while fields < 4 {
        while bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        while !bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        fields += 1;
    }
    let pixels = &bytes[at + 1..];
    pixels.iter().filter(|&&p| p < 200).count() as f64 / pixels.len() as f64
}

/// Every font is embedded as a named subset (`ABCDEF+Name`) with TrueType outlines, and
/// every one is a Noto family: a Liberation or DejaVu font means some glyph fell through the
/// stylesheet's stack to whatever the system had. No Type 3 in any locale: print shops'
/// preflight rejects them, and it is how Chromium embeds CFF outlines (Debian's Noto CJK)
/// and synthetic bold, which Chinese pages avoid with the Noto Sans SC of fonts.css.
fn assert_fonts_are_noto(tag: &str, pdffonts: &str) {
    for line in pdffonts.lines().skip(2) {
        assert!(line.contains(" yes "), "{tag}: every font embedded: {line}");
        assert!(
            !line.contains("Type 3"),
            "{tag}: a Type 3 font:\n{pdffonts}"
        );
        let name = line.split_whitespace().next().unwrap_or_default();
        let font_type = line[name.len()..].trim_start();
        assert!(
            font_type.starts_with("TrueType") || font_type.starts_with("CID TrueType"),
            "{tag}: {name} has no TrueType outlines:\n{pdffonts}"
        );
        let (subset, family) = name.split_once('+').unwrap_or(("", name));
        assert!(
            subset.len() == 6 && subset.bytes().all(|b| b.is_ascii_uppercase()),
            "{tag}: {name} is not a named subset (ABCDEF+Name):\n{pdffonts}"
        );
        assert!(
            family.starts_with("Noto"),
            "{tag}: a glyph fell back to {family}, outside the Noto stacks:\n{pdffonts}"
        );
    }
}

#[test]
fn every_locale_prints_with_its_fonts_page_numbers_and_size() {
    if !tools_present() {
        return;
    }
    let stdout = prints_every_locale(None);
    if let Ok(shell) = PdfPrinter::find_browser(Some(Path::new("chromium-headless-shell"))) {
        assert!(
            stdout.contains(&format!("with {} ", shell.display())),
            "the headless shell is preferred when installed: {stdout}"
        );
    }
}

/// Most desktops have the full browser, not the headless shell: it must print the same
/// leaflets (`.ci/run` installs both).
#[test]
fn the_full_browser_prints_the_same_leaflets() {
    if !tools_present() {
        return;
    }
    let Some(full) = judge::browser(Some(Path::new("chromium"))) else {
        return;
    };
    prints_every_locale(Some(&full));
}

/// Builds the default site with `--pdf` (and `--browser` when given), checks every
/// locale's PDF with poppler, and returns what the build printed.
fn prints_every_locale(browser: Option<&Path>) -> String {
    let site = default_site();
    let mut cmd = fluentpress(site.path());
    cmd.args(["build", "--pdf"]);
    if let Some(browser) = browser {
        cmd.arg("--browser").arg(browser);
    }
    let out = cmd.output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("printed 9 PDF(s) with "), "{stdout}");
    let root = site.path().join("out");
    let scratch = tempfile::tempdir().unwrap();

    // (locale, a font family that must be embedded, heading, first page number as printed)
    let cases = [
        (
            "en",
            "NotoSerif",
            "About Amnesty International",
            "Page 1 of 2",
        ),
        ("fr", "NotoSerif", "À propos d", "Page 1 sur 2"),
        (
            "de",
            "NotoSerif",
            "Über Amnesty International",
            "Seite 1 von 2",
        ),
        (
            "ru",
            "NotoSerif",
            "Amnesty International",
            "Страница 1 из 2",
        ),
        ("ar", "NotoNaskhArabic", "منظمة العفو الدولية", "١"),
        ("hi", "NotoSerifDevanagari", "एमनेस्टी", "पृष्ठ 1"),
        (
            "zh-Hans",
            "NotoSansSC-Regular",
            "国际特赦组织",
            "第1页，共2页",
        ),
    ];
    for (tag, font, heading, page_number) in cases {
        let pdf = root.join(tag).join("about.pdf");
        let (w, h, pages) = page_size(&pdf);
        assert!(
            (w - 595.0).abs() < 1.5 && (h - 842.0).abs() < 1.5,
            "{tag}: A4, got {w}×{h}"
        );
        assert!(pages >= 1, "{tag}");
        // Tagged, in the page's language: what a screen reader needs to read it aloud.
        let info = tool("pdfinfo", &[], &pdf);
        assert!(
            info.lines()
                .any(|l| l.starts_with("Tagged:") && l.ends_with("yes")),
            "{tag}: a tagged PDF\n{info}"
        );
        // Bookmarks from the headings, so a reader can jump to a section.
        let xml = tool("pdftohtml", &["-xml", "-stdout", "-i", "-q"], &pdf);
        let outline = xml.split("<outline>").nth(1).unwrap_or_default();
        assert!(
            outline.contains(heading),
            "{tag}: the outline starts with the page heading\n{xml}"
        );
        let bytes = std::fs::read(&pdf).unwrap();
        let lang = format!("/Lang ({tag})");
        assert!(
            bytes.windows(lang.len()).any(|w| w == lang.as_bytes()),
            "{tag}: the document language is {lang}"
        );
        let fonts = tool("pdffonts", &[], &pdf);
        assert_fonts_are_noto(tag, &fonts);
        assert!(fonts.contains(font), "{tag}: {font} missing in\n{fonts}");
        if tag == "zh-Hans" {
            // Headings in the real bold face: a synthetic one would be a Type 3 font.
            assert!(
                fonts.contains("+NotoSansSC-Bold "),
                "{tag}: the bold face embedded by name\n{fonts}"
            );
        }
        let text = tool("pdftotext", &["-layout"], &pdf);
        // Isolation is markup on the page, so the text layer, what search and copy-paste
        // see, holds no invisible marks.
        assert!(
            !text.contains(['\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}']),
            "{tag}: an isolation mark in the PDF's text\n{text}"
        );
        // pdftotext marks right-to-left runs with embeddings of its own.
        let text = text.replace(['\u{202A}', '\u{202B}', '\u{202C}'], "");
        if tag == "en" {
            assert!(
                text.contains("more than 7,000,000 people"),
                "{tag}: the number reads as running text\n{text}"
            );
        }
        assert!(
            text.contains(heading),
            "{tag}: heading {heading:?} in\n{text}"
        );
        assert!(
            text.contains(page_number),
            "{tag}: page number {page_number:?} in\n{text}"
        );
        assert!(
            !text.contains("file://"),
            "{tag}: no browser header or footer"
        );
        let ink = ink(&pdf, scratch.path());
        assert!(ink > 0.01, "{tag}: the first page is not blank ({ink})");
        // The running header (the page title) is on every page but the first, which opens
        // with the site name and the title as its heading.
        let first_line = |page: &str| {
            let text = tool("pdftotext", &["-f", page, "-l", page], &pdf);
            let text = text.replace(['\u{202A}', '\u{202B}', '\u{202C}'], "");
            text.lines()
                .map(str::trim)
                .find(|l| !l.is_empty())
                .unwrap_or_default()
                .to_string()
        };
        if pages > 1 {
            let header = first_line("2");
            assert!(
                header.contains(heading),
                "{tag}: page 2 has the running header {heading:?}: {header:?}"
            );
            assert_ne!(first_line("1"), header, "{tag}: but page 1 does not");
        }
    }
    // CJK fonts are large, but a subset of TrueType outlines keeps the Chinese leaflet near
    // the others (Noto CJK as Type 3 made it five times the size of the English one).
    let single_language: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .flatten()
        .map(|entry| entry.path().join("about.pdf"))
        .filter(|pdf| pdf.is_file())
        .collect();
    assert_eq!(single_language.len(), 8, "{single_language:?}");
    // Every locale's leaflet, also those without a case above.
    for pdf in &single_language {
        let tag = pdf.parent().unwrap().file_name().unwrap().to_string_lossy();
        assert_fonts_are_noto(&tag, &tool("pdffonts", &[], pdf));
    }
    let size = |pdf: &Path| std::fs::metadata(pdf).unwrap().len();
    let largest_other = single_language
        .iter()
        .filter(|pdf| !pdf.starts_with(root.join("zh-Hans")))
        .map(|pdf| size(pdf))
        .max()
        .unwrap();
    let chinese = size(&root.join("zh-Hans/about.pdf"));
    assert!(
        chinese <= 2 * largest_other,
        "the Chinese PDF is {chinese} bytes, more than twice the largest other ({largest_other})"
    );
    let fonts = tool("pdffonts", &[], &root.join("ar/about.en.pdf"));
    assert_fonts_are_noto("ar+en", &fonts);
    assert!(
        fonts.contains("NotoNaskhArabic") && fonts.contains("NotoSerif"),
        "bilingual edition has both scripts: {fonts}"
    );
    let report = read(root.join("build-report.json"));
    assert!(report.contains("\"ar/about.en.pdf\""), "{report}");
    // Every web page offers its leaflet, and the link leads to a file that is there.
    for (tag, ..) in cases {
        let page = root.join(tag).join("index.html");
        let doc = html(&page);
        let links = select(&doc, r#"a[type="application/pdf"]"#);
        assert_eq!(links.len(), 1, "{tag}: one PDF link");
        let href = links[0].value().attr("href").unwrap();
        assert!(root.join(tag).join(href).is_file(), "{tag}: {href} exists");
    }
    stdout
}

#[test]
fn paper_size_and_printing_follow_the_config() {
    if !tools_present() {
        return;
    }
    let site = default_site();
    let config = site.path().join("fluentpress.toml");
    let text = read(&config)
        .replace(
            "endonym = \"Español\"",
            "endonym = \"Español\"\npaper = \"letter\"",
        )
        .replace("[check]", "[pdf]\nenabled = true\n\n[check]");
    std::fs::write(&config, text).unwrap();
    // No --pdf: `[pdf] enabled` asks for the PDFs.
    fluentpress(site.path())
        .args(["build", "--locale", "es"])
        .assert()
        .success();
    let (w, h, _) = page_size(&site.path().join("out/es/about.pdf"));
    assert!(
        (w - 612.0).abs() < 1.5 && (h - 792.0).abs() < 1.5,
        "US Letter, got {w}×{h}"
    );
}

#[test]
fn without_a_browser_the_html_is_built_and_the_user_told_what_to_install() {
    let site = default_site();
    let out = fluentpress(site.path())
        .args(["build", "--pdf", "--browser", "/nonexistent/chromium"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("/nonexistent/chromium"), "{stderr}");
    assert!(
        site.path().join("out/fr/about.print.html").is_file(),
        "HTML still built"
    );
    let doc = html(site.path().join("out/fr/index.html"));
    assert!(
        select(&doc, r#"a[type="application/pdf"]"#).is_empty(),
        "no link to a PDF that was not printed"
    );
    // A browser that is there but does not start: the same, and no page links a PDF.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let broken = site.path().join("broken-chromium");
        std::fs::write(&broken, "#!/bin/sh\nexit 1\n").unwrap();
        std::fs::set_permissions(&broken, std::fs::Permissions::from_mode(0o755)).unwrap();
        let out = fluentpress(site.path())
            .args(["build", "--pdf", "--browser"])
            .arg(&broken)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("could not start the browser"), "{stderr}");
        let doc = html(site.path().join("out/fr/index.html"));
        assert!(
            select(&doc, r#"a[type="application/pdf"]"#).is_empty(),
            "no link to a PDF that was not printed"
        );
    }
    // Nothing on PATH: the message names what was looked for and how to install one.
    let empty = tempfile::tempdir().unwrap();
    let out = fluentpress(site.path())
        .args(["build", "--pdf"])
        .env("PATH", empty.path())
        .env_remove("CHROME")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("no Chromium, Chrome or Edge found")
            && stderr.contains("apt-get install chromium-headless-shell"),
        "{stderr}"
    );
    // Without --pdf nobody is bothered.
    fluentpress(site.path())
        .args(["build", "--browser", "/nonexistent/chromium"])
        .assert()
        .success();
}

/// "No heading left alone at the bottom of a page": 45 leaflets whose heading comes after
/// 1 to 45 filler paragraphs, so some would put it on page 1's last line. None may; and
/// with the stylesheet's rule taken out, at least one does, so the sweep really reaches
/// that case.
#[test]
fn no_heading_is_left_alone_at_the_bottom_of_a_page() {
    if !tools_present() {
        return;
    }
    let with_rule = last_lines_of_page_one(true);
    let stranded: Vec<_> = with_rule.iter().filter(|l| l.ends_with(HEADING)).collect();
    assert!(stranded.is_empty(), "headings ending page 1: {stranded:?}");
    let without_rule = last_lines_of_page_one(false);
    assert!(
        without_rule.iter().any(|l| l.ends_with(HEADING)),
        "the sweep never put a heading on page 1's last line: {without_rule:?}"
    );
}

const HEADING: &str = "Mission and vision";

/// Builds the sweep (with or without print.css's `break-after: avoid` on headings) and
/// returns, for every leaflet of two pages or more, the last line of text on page 1.
fn last_lines_of_page_one(keep_rule: bool) -> Vec<String> {
    let site = default_site();
    let templates = site.path().join("templates");
    std::fs::write(
        templates.join("sweep.print.html"),
        "{% extends \"print-base.html\" %}{% block content %}<h1>{{ t('page-title') }}</h1>\
         {% for i in range(page.name[5:] | int) %}<p>Line {{ i }}</p>{% endfor %}\
         <h2>{{ t('mission-heading') }}</h2><p>{{ t('history-heading') }}</p>\
         <p>{{ t('history-heading') }}</p>{% endblock %}",
    )
    .unwrap();
    let css = templates.join("assets/print.css");
    let rule = "h1, h2, h3 { break-after: avoid; page-break-after: avoid; break-inside: avoid; }";
    assert!(
        read(&css).contains(rule),
        "print.css keeps headings with their text"
    );
    if !keep_rule {
        std::fs::write(&css, read(&css).replace(rule, "")).unwrap();
    }
    let mut config = read(site.path().join("fluentpress.toml"));
    for n in 1..=45 {
        config.push_str(&format!(
            "\n[pages.sweep{n}]\ntemplate = \"about.html\"\nprint_template = \"sweep.print.html\"\n\
             resources = [\"site.ftl\", \"about.ftl\"]\n"
        ));
    }
    std::fs::write(site.path().join("fluentpress.toml"), config).unwrap();
    fluentpress(site.path())
        .args(["build", "--pdf", "--locale", "en"])
        .assert()
        .success();
    (1..=45)
        .filter_map(|n| {
            let pdf = site.path().join(format!("out/en/sweep{n}.pdf"));
            let (_, _, pages) = page_size(&pdf);
            (pages > 1).then(|| {
                let text = tool("pdftotext", &["-f", "1", "-l", "1"], &pdf);
                text.lines()
                    .map(str::trim)
                    .rfind(|l| !l.is_empty() && !l.starts_with("Page 1 of"))
                    .unwrap_or_default()
                    .to_string()
            })
        })
        .collect()
}
