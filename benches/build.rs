//! Build throughput on a synthetic site: 200 pages × 10 locales, web and print.
//!
//! The site is generated deterministically into a temporary folder: one `.ftl`
//! resource of 27 messages per page and locale (plural selectors on numbers, a
//! term, an attribute, `<strong>` and `<a data-l10n-name>` markup), `pt-BR`
//! about 85% translated so its pages fall back to English, a base template, a
//! page template shared by every page, a print template for every other page
//! and a `chooser.html`.
//!
//! Timed, each with one warm-up and then `BENCH_RUNS` runs (default 5),
//! interleaved round by round so changes in the machine's load hit all alike;
//! the median wall-clock time (pages per second) and the median CPU time of
//! the process and its children are reported:
//! - `build()` through the library on rayon's global pool (all threads);
//! - `build()` inside a one-thread rayon pool;
//! - the `fluentpress build` command as a child process (start-up included,
//!   as for Hugo);
//! - `hugo --quiet` on an equivalent multilingual Hugo site (same text, same
//!   pages and print pages, interface strings through `i18n`), when `hugo` is
//!   on PATH (`apt-get install -y hugo`); otherwise the baseline is skipped.
//!
//! Run: `cargo bench --bench build`. `BENCH_PAGES` and `BENCH_RUNS` change the
//! page and run counts; `BENCH_KEEP=1` keeps the generated sites (and their
//! output) and prints where they are.
//! Without `--bench` (as `cargo test --benches` runs it) it is a quick smoke
//! run: 10 pages, one run.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use fluentpress::project::config::Config;
use fluentpress::site::build::{build, BuildOptions, BuildReport};

/// The locale whose page resources lack four of their 27 messages (85% translated).
const PARTIAL: &str = "pt-BR";
const BASE_URL: &str = "https://bench.example.org/";

struct Locale {
    tag: &'static str,
    endonym: &'static str,
    rtl: bool,
    /// Writes without spaces between words.
    cjk: bool,
    /// Sentence end.
    stop: &'static str,
    /// CLDR cardinal plural categories, `other` last.
    plurals: &'static [&'static str],
    /// 24 words, separated by spaces.
    words: &'static str,
}

const LOCALES: [Locale; 10] = [
    Locale {
        tag: "en",
        endonym: "English",
        rtl: false,
        cjk: false,
        stop: ".",
        plurals: &["one", "other"],
        words: "rights people freedom justice campaign movement world research report action community letter prisoner voice hope law change support local global independent future truth dignity",
    },
    Locale {
        tag: "fr",
        endonym: "Français",
        rtl: false,
        cjk: false,
        stop: ".",
        plurals: &["one", "many", "other"],
        words: "droits personnes liberté justice campagne mouvement monde recherche rapport action communauté lettre prisonnier voix espoir loi changement soutien local mondial indépendant avenir vérité dignité",
    },
    Locale {
        tag: "de",
        endonym: "Deutsch",
        rtl: false,
        cjk: false,
        stop: ".",
        plurals: &["one", "other"],
        words: "Rechte Menschen Freiheit Gerechtigkeit Kampagne Bewegung Welt Recherche Bericht Aktion Gemeinschaft Brief Gefangene Stimme Hoffnung Gesetz Wandel Unterstützung lokal weltweit unabhängig Zukunft Wahrheit Würde",
    },
    Locale {
        tag: "es",
        endonym: "Español",
        rtl: false,
        cjk: false,
        stop: ".",
        plurals: &["one", "many", "other"],
        words: "derechos personas libertad justicia campaña movimiento mundo investigación informe acción comunidad carta preso voz esperanza ley cambio apoyo local mundial independiente futuro verdad dignidad",
    },
    Locale {
        tag: "ar",
        endonym: "العربية",
        rtl: true,
        cjk: false,
        stop: ".",
        plurals: &["zero", "one", "two", "few", "many", "other"],
        words: "حقوق الناس الحرية العدالة حملة حركة العالم بحث تقرير عمل مجتمع رسالة سجين صوت أمل قانون تغيير دعم محلي عالمي مستقل مستقبل الحقيقة الكرامة",
    },
    Locale {
        tag: "ru",
        endonym: "Русский",
        rtl: false,
        cjk: false,
        stop: ".",
        plurals: &["one", "few", "many", "other"],
        words: "права люди свобода справедливость кампания движение мир исследование доклад действие сообщество письмо заключённый голос надежда закон перемены поддержка местный глобальный независимый будущее правда достоинство",
    },
    Locale {
        tag: "hi",
        endonym: "हिन्दी",
        rtl: false,
        cjk: false,
        stop: "।",
        plurals: &["one", "other"],
        words: "अधिकार लोग स्वतंत्रता न्याय अभियान आंदोलन दुनिया शोध रिपोर्ट कार्रवाई समुदाय पत्र कैदी आवाज़ आशा कानून बदलाव समर्थन स्थानीय वैश्विक स्वतंत्र भविष्य सच गरिमा",
    },
    Locale {
        tag: "zh-Hans",
        endonym: "简体中文",
        rtl: false,
        cjk: true,
        stop: "。",
        plurals: &["other"],
        words: "人权 人们 自由 正义 运动 行动 世界 研究 报告 社区 信件 囚犯 声音 希望 法律 改变 支持 地方 全球 独立 未来 真相 尊严 团结",
    },
    Locale {
        tag: "ja",
        endonym: "日本語",
        rtl: false,
        cjk: true,
        stop: "。",
        plurals: &["other"],
        words: "人権 人々 自由 正義 キャンペーン 運動 世界 調査 報告書 行動 地域 手紙 囚人 声 希望 法律 変化 支援 地元 世界的 独立 未来 真実 尊厳",
    },
    Locale {
        tag: "pt-BR",
        endonym: "Português do Brasil",
        rtl: false,
        cjk: false,
        stop: ".",
        plurals: &["one", "many", "other"],
        words: "direitos pessoas liberdade justiça campanha movimento mundo pesquisa relatório ação comunidade carta prisioneiro voz esperança lei mudança apoio local global independente futuro verdade dignidade",
    },
];

impl Locale {
    /// Hugo's language key: lower case (it lower-cases keys and paths anyway).
    fn hugo_key(&self) -> String {
        self.tag.to_lowercase()
    }
}

// ---------------------------------------------------------------------------
// Deterministic text
// ---------------------------------------------------------------------------

/// splitmix64: small, fast and the same on every machine.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0x5DEE_CE66_D1CE_4E5B)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
}

fn words(rng: &mut Rng, loc: &Locale, count: usize) -> String {
    let vocabulary: Vec<&str> = loc.words.split(' ').collect();
    let picked: Vec<&str> = (0..count)
        .map(|_| vocabulary[rng.below(vocabulary.len())])
        .collect();
    picked.join(if loc.cjk { "" } else { " " })
}

fn sentence(rng: &mut Rng, loc: &Locale) -> String {
    let n = rng.range(9, 15);
    format!("{}{}", words(rng, loc, n), loc.stop)
}

fn paragraph(rng: &mut Rng, loc: &Locale) -> String {
    let n = rng.range(2, 3);
    let sentences: Vec<String> = (0..n).map(|_| sentence(rng, loc)).collect();
    sentences.join(if loc.cjk { "" } else { " " })
}

/// A message whose text depends on a number: per plural category, the text
/// before and after the formatted number.
struct Plural {
    variable: &'static str,
    variants: Vec<(&'static str, String, String)>,
}

/// Everything one page says in one locale.
struct PageText {
    topic: String,
    title: String,
    description: String,
    lead: String,
    headings: [String; 4],
    intro: Vec<String>,
    history: Vec<String>,
    /// `<strong>` part, then the rest.
    rights: Vec<(String, String)>,
    /// Text before the link, and the link text.
    more: (String, String),
    closing: Vec<String>,
    members: Plural,
    events: Plural,
    updated: Plural,
}

fn plural(rng: &mut Rng, loc: &Locale, variable: &'static str) -> Plural {
    let before = words(rng, loc, 6);
    let variants = loc
        .plurals
        .iter()
        .map(|&category| {
            let n = rng.range(3, 6);
            let after = words(rng, loc, n);
            (category, before.clone(), format!("{after}{}", loc.stop))
        })
        .collect();
    Plural { variable, variants }
}

fn page_text(page: usize, locale_index: usize) -> PageText {
    let loc = &LOCALES[locale_index];
    let mut rng = Rng::new((page as u64) << 8 | locale_index as u64);
    // Each field draws from its own generator, so changing one field's
    // length leaves the others' text as it was.
    let mut r = || Rng::new(rng.next());
    PageText {
        topic: words(&mut r(), loc, 2),
        title: words(&mut r(), loc, 5),
        description: sentence(&mut r(), loc),
        lead: sentence(&mut r(), loc),
        headings: [
            words(&mut r(), loc, 3),
            words(&mut r(), loc, 2),
            words(&mut r(), loc, 4),
            words(&mut r(), loc, 3),
        ],
        intro: (0..6).map(|_| paragraph(&mut r(), loc)).collect(),
        history: (0..5).map(|_| paragraph(&mut r(), loc)).collect(),
        rights: (0..4)
            .map(|_| {
                let mut g = r();
                (words(&mut g, loc, 4), sentence(&mut g, loc))
            })
            .collect(),
        more: (sentence(&mut r(), loc), words(&mut r(), loc, 4)),
        closing: (0..2).map(|_| paragraph(&mut r(), loc)).collect(),
        // The templates pass count=1250000, count=3 and days=1 (Hugo's layout the same).
        members: plural(&mut r(), loc, "count"),
        events: plural(&mut r(), loc, "count"),
        updated: plural(&mut r(), loc, "days"),
    }
}

/// Messages in each page resource (terms aside).
const MESSAGES: usize = 27;

/// The four body messages `PARTIAL` lacks on `page` (23 of 27 translated).
fn missing_ids(page: usize) -> [String; 4] {
    [
        format!("intro-p{}", 1 + page % 6),
        format!("history-p{}", 1 + page % 5),
        format!("rights-item-{}", 1 + page % 4),
        "updated".to_string(),
    ]
}

fn page_name(page: usize) -> String {
    format!("p{page:03}")
}

fn has_print(page: usize) -> bool {
    page.is_multiple_of(2)
}

fn write(path: &Path, text: &str) {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).expect("create folder");
    }
    std::fs::write(path, text).expect("write file");
}

// ---------------------------------------------------------------------------
// The fluentpress site
// ---------------------------------------------------------------------------

fn ftl_plural(out: &mut String, id: &str, p: &Plural) {
    let _ = writeln!(out, "{id} =\n    {{ ${} ->", p.variable);
    for (i, (category, before, after)) in p.variants.iter().enumerate() {
        let star = if i + 1 == p.variants.len() { "*" } else { " " };
        let _ = writeln!(
            out,
            "       {star}[{category}] {before} {{ NUMBER(${}) }} {after}",
            p.variable
        );
    }
    out.push_str("    }\n");
}

fn page_ftl(page: usize, loc: &Locale, text: &PageText) -> String {
    let missing: Vec<String> = if loc.tag == PARTIAL {
        missing_ids(page).to_vec()
    } else {
        Vec::new()
    };
    let keep = |id: &str| !missing.iter().any(|m| m == id);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "### Page {} ({}).\n###\n### Arguments: $count (a number), $days (a number).\n",
        page_name(page),
        loc.tag
    );
    let _ = writeln!(out, "-topic = {}\n", text.topic);
    out.push_str("## Required\n\n");
    let _ = writeln!(
        out,
        "page-title = {}\n    .description = {}",
        text.title, text.description
    );
    let _ = writeln!(out, "lead = {{ -topic }}: {}", text.lead);
    let _ = writeln!(out, "intro-heading = {}\n", text.headings[0]);
    out.push_str("## Body\n\n");
    for (i, p) in text.intro.iter().enumerate() {
        let id = format!("intro-p{}", i + 1);
        if keep(&id) {
            let _ = writeln!(out, "{id} = {p}");
        }
    }
    ftl_plural(&mut out, "members", &text.members);
    let _ = writeln!(out, "\nhistory-heading = {}", text.headings[1]);
    for (i, p) in text.history.iter().enumerate() {
        let id = format!("history-p{}", i + 1);
        if keep(&id) {
            let _ = writeln!(out, "{id} = {p}");
        }
    }
    ftl_plural(&mut out, "events", &text.events);
    let _ = writeln!(out, "\nrights-heading = {}", text.headings[2]);
    for (i, (strong, rest)) in text.rights.iter().enumerate() {
        let id = format!("rights-item-{}", i + 1);
        if keep(&id) {
            let _ = writeln!(out, "{id} = <strong>{strong}</strong> {rest}");
        }
    }
    let _ = writeln!(
        out,
        "more = {} <a data-l10n-name=\"more\">{}</a>{}",
        text.more.0, text.more.1, loc.stop
    );
    let _ = writeln!(out, "\nclosing-heading = {}", text.headings[3]);
    for (i, p) in text.closing.iter().enumerate() {
        let _ = writeln!(out, "closing-p{} = {p}", i + 1);
    }
    if keep("updated") {
        ftl_plural(&mut out, "updated", &text.updated);
    }
    out
}

/// Interface text shared by every page, in one locale.
struct SiteText {
    site_name: String,
    skip_link: String,
    switcher_label: String,
    chooser_title: String,
    chooser_intro: String,
    printable: String,
    web_version: String,
    footer: String,
    notice: String,
    page_number: String,
    link_note: String,
}

fn site_text(locale_index: usize) -> SiteText {
    let loc = &LOCALES[locale_index];
    let mut rng = Rng::new(0xF00D_0000 + locale_index as u64);
    SiteText {
        site_name: words(&mut rng, loc, 2),
        skip_link: words(&mut rng, loc, 4),
        switcher_label: words(&mut rng, loc, 2),
        chooser_title: words(&mut rng, loc, 3),
        chooser_intro: sentence(&mut rng, loc),
        printable: words(&mut rng, loc, 2),
        web_version: words(&mut rng, loc, 4),
        footer: sentence(&mut rng, loc),
        notice: sentence(&mut rng, loc),
        page_number: words(&mut rng, loc, 1),
        link_note: sentence(&mut rng, loc),
    }
}

fn site_ftl(s: &SiteText) -> String {
    format!(
        "### Interface text shared by every page.\n\n\
         site-name = {}\n\
         skip-link = {}\n\
         language-switcher-label = {}\n\
         language-chooser-title = {}\n\
         language-chooser-intro = {}\n\
         printable-version = {}\n\
         web-version = {}\n\
         footer-note = {{ site-name }}: {}\n\
         partial-translation-notice = {}\n\
         print-page-number = {} {{ $page }} / {{ $pages }}\n\
         print-link-note = {}\n",
        s.site_name,
        s.skip_link,
        s.switcher_label,
        s.chooser_title,
        s.chooser_intro,
        s.printable,
        s.web_version,
        s.footer,
        s.notice,
        s.page_number,
        s.link_note
    )
}

const FP_CONTENT: &str = r##"{#- The page's text, shared by the web and the print version. -#}
<article>
  <h1>{{ t('page-title') }}</h1>
  <p class="lead">{{ t('lead') }}</p>
  <section>
    <h2>{{ t('intro-heading') }}</h2>
    {%- for i in range(1, 7) %}
    <p>{{ t('intro-p' ~ i) }}</p>
    {%- endfor %}
    <p>{{ t('members', count=1250000) }}</p>
  </section>
  <section>
    <h2>{{ t('history-heading') }}</h2>
    {%- for i in range(1, 6) %}
    <p>{{ t('history-p' ~ i) }}</p>
    {%- endfor %}
    <p>{{ t('events', count=3) }}</p>
  </section>
  <section>
    <h2>{{ t('rights-heading') }}</h2>
    <ul>
    {%- for i in range(1, 5) %}
      <li>{{ t_markup('rights-item-' ~ i) }}</li>
    {%- endfor %}
    </ul>
    <p>{{ t_markup('more', links={"more": "https://bench.example.org/" ~ locale.tag ~ "/more/" ~ page.name}) }}</p>
  </section>
  <section>
    <h2>{{ t('closing-heading') }}</h2>
    {%- for i in range(1, 3) %}
    <p>{{ t('closing-p' ~ i) }}</p>
    {%- endfor %}
    <p class="updated">{{ t('updated', days=1) }}</p>
  </section>
</article>
"##;

const FP_PAGE: &str = r##"{% extends "base.html" %}
{% block content %}{% include "article-content.html" %}{% endblock %}
"##;

const FP_PRINT_PAGE: &str = r##"{% extends "print-base.html" %}
{% block content %}{% include "article-content.html" %}{% endblock %}
"##;

/// The repository's own shared templates and stylesheets: the benchmark
/// renders the layout the default site ships, not a copy of it.
fn repo_file(path: &str) -> String {
    let full = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("cannot read {}: {e}", full.display()))
}

/// Writes the fluentpress site of `pages` pages into `root`.
fn generate_fluentpress(root: &Path, pages: usize) {
    let mut toml = format!(
        "# Synthetic benchmark site: {pages} pages × {} locales.\n\
         source_locale = \"en\"\nbase_url = \"{BASE_URL}\"\n\n",
        LOCALES.len()
    );
    for loc in &LOCALES {
        let _ = writeln!(
            toml,
            "[locales.{}]\nendonym = \"{}\"\n",
            loc.tag, loc.endonym
        );
    }
    for page in 0..pages {
        let name = page_name(page);
        let _ = writeln!(toml, "[pages.{name}]\ntemplate = \"article.html\"");
        if has_print(page) {
            let _ = writeln!(
                toml,
                "print_template = \"article.print.html\"\nprint_output = \"{name}.print.html\""
            );
        }
        let _ = writeln!(
            toml,
            "resources = [\"site.ftl\", \"{name}.ftl\"]\noutput = \"{name}.html\"\n"
        );
    }
    write(&root.join("fluentpress.toml"), &toml);

    for (index, loc) in LOCALES.iter().enumerate() {
        let dir = root.join("locales").join(loc.tag);
        write(&dir.join("site.ftl"), &site_ftl(&site_text(index)));
        for page in 0..pages {
            let text = page_text(page, index);
            write(
                &dir.join(format!("{}.ftl", page_name(page))),
                &page_ftl(page, loc, &text),
            );
        }
    }

    let templates = root.join("templates");
    for shared in [
        "base.html",
        "print-base.html",
        "chooser.html",
        "assets/site.css",
        "assets/print.css",
    ] {
        write(
            &templates.join(shared),
            &repo_file(&format!("templates/{shared}")),
        );
    }
    write(&templates.join("article-content.html"), FP_CONTENT);
    write(&templates.join("article.html"), FP_PAGE);
    write(&templates.join("article.print.html"), FP_PRINT_PAGE);
}

// ---------------------------------------------------------------------------
// The equivalent Hugo site
// ---------------------------------------------------------------------------

fn hugo_plural(out: &mut String, id: &str, p: &Plural) {
    let _ = writeln!(out, "[{id}]");
    for (category, before, after) in &p.variants {
        let _ = writeln!(out, "{category} = \"{before} {{{{ .Count }}}} {after}\"");
    }
}

/// Hugo's i18n file for one locale: the interface text, and the plural
/// messages (Hugo's i18n is per site, so page 0's wording stands for all).
fn hugo_i18n(locale_index: usize) -> String {
    let s = site_text(locale_index);
    let mut out = format!(
        "site-name = \"{}\"\nskip-link = \"{}\"\nlanguage-switcher-label = \"{}\"\n\
         language-chooser-title = \"{}\"\nlanguage-chooser-intro = \"{}\"\n\
         printable-version = \"{}\"\nweb-version = \"{}\"\nfooter-note = \"{}: {}\"\n\
         partial-translation-notice = \"{}\"\n\
         print-page-number = \"{} {{{{ .page }}}} / {{{{ .pages }}}}\"\nprint-link-note = \"{}\"\n\n",
        s.site_name,
        s.skip_link,
        s.switcher_label,
        s.chooser_title,
        s.chooser_intro,
        s.printable,
        s.web_version,
        s.site_name,
        s.footer,
        s.notice,
        s.page_number,
        s.link_note
    );
    let text = page_text(0, locale_index);
    hugo_plural(&mut out, "members", &text.members);
    hugo_plural(&mut out, "events", &text.events);
    hugo_plural(&mut out, "updated", &text.updated);
    out
}

/// One content page: the same text fluentpress renders, English where
/// `PARTIAL` falls back.
fn hugo_page(page: usize, locale_index: usize) -> String {
    let loc = &LOCALES[locale_index];
    let own = page_text(page, locale_index);
    let source = page_text(page, 0);
    let missing: Vec<String> = if loc.tag == PARTIAL {
        missing_ids(page).to_vec()
    } else {
        Vec::new()
    };
    let pick = |id: String| -> &PageText {
        if missing.contains(&id) {
            &source
        } else {
            &own
        }
    };
    let mut md = String::from("+++\n");
    let _ = writeln!(md, "title = \"{}\"", own.title);
    let _ = writeln!(md, "description = \"{}\"", own.description);
    let _ = writeln!(md, "lead = \"{}: {}\"", own.topic, own.lead);
    if !missing.is_empty() {
        md.push_str("partial = true\n");
    }
    if has_print(page) {
        md.push_str("outputs = [\"html\", \"print\"]\n");
    }
    md.push_str("+++\n\n");
    let _ = writeln!(md, "## {}\n", own.headings[0]);
    for i in 0..own.intro.len() {
        let _ = writeln!(md, "{}\n", pick(format!("intro-p{}", i + 1)).intro[i]);
    }
    let _ = writeln!(md, "## {}\n", own.headings[1]);
    for i in 0..own.history.len() {
        let _ = writeln!(md, "{}\n", pick(format!("history-p{}", i + 1)).history[i]);
    }
    let _ = writeln!(md, "## {}\n", own.headings[2]);
    for i in 0..own.rights.len() {
        let (strong, rest) = &pick(format!("rights-item-{}", i + 1)).rights[i];
        let _ = writeln!(md, "- **{strong}** {rest}");
    }
    let _ = writeln!(
        md,
        "\n{} [{}]({BASE_URL}{}/more/{}){}\n",
        own.more.0,
        own.more.1,
        loc.tag,
        page_name(page),
        loc.stop
    );
    let _ = writeln!(md, "## {}\n", own.headings[3]);
    for p in &own.closing {
        let _ = writeln!(md, "{p}\n");
    }
    md
}

const HUGO_BASEOF: &str = r##"<!DOCTYPE html>
<html lang="{{ .Site.LanguageCode }}" dir="{{ .Language.LanguageDirection | default "ltr" }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} | {{ i18n "site-name" }}</title>
<meta name="description" content="{{ .Description }}">
<link rel="canonical" href="{{ .Permalink }}">
{{- range .AllTranslations }}
<link rel="alternate" hreflang="{{ .Site.LanguageCode }}" href="{{ .Permalink }}">
{{- end }}
{{- range .AllTranslations }}{{ if eq .Lang "en" }}
<link rel="alternate" hreflang="x-default" href="{{ .Permalink }}">
{{- end }}{{ end }}
<link rel="stylesheet" href="{{ "assets/site.css" | absURL }}">
</head>
<body>
<a class="skip-link" href="#main">{{ i18n "skip-link" }}</a>
<header class="site-header">
  <p class="site-name">{{ i18n "site-name" }}</p>
  <nav class="language-switcher" aria-label="{{ i18n "language-switcher-label" }}">
    <ul>
    {{- $current := .Lang }}
    {{- range .AllTranslations }}
      <li><a href="{{ .RelPermalink }}" lang="{{ .Site.LanguageCode }}" hreflang="{{ .Site.LanguageCode }}" dir="{{ .Language.LanguageDirection | default "ltr" }}"
        {{- if eq .Lang $current }} aria-current="page"{{ end }}>{{ .Language.LanguageName }}</a></li>
    {{- end }}
    </ul>
  </nav>
</header>
<main id="main" tabindex="-1">
{{- if .Params.partial }}
  <p class="notice" role="note">{{ i18n "partial-translation-notice" }}</p>
{{- end }}
{{ block "main" . }}{{ end }}
</main>
<footer class="site-footer">
  {{- with .OutputFormats.Get "print" }}
  <p><a href="{{ .RelPermalink }}">{{ i18n "printable-version" }}</a></p>
  {{- end }}
  <p>{{ i18n "footer-note" }}</p>
</footer>
</body>
</html>
"##;

const HUGO_SINGLE: &str = r##"{{ define "main" }}{{ partial "article.html" . }}{{ end }}
"##;

const HUGO_ARTICLE: &str = r##"<article>
  <h1>{{ .Title }}</h1>
  <p class="lead">{{ .Params.lead }}</p>
  {{ .Content }}
  <p>{{ i18n "members" 1250000 }}</p>
  <p>{{ i18n "events" 3 }}</p>
  <p class="updated">{{ i18n "updated" 1 }}</p>
</article>
"##;

const HUGO_SINGLE_PRINT: &str = r##"<!DOCTYPE html>
<html lang="{{ .Site.LanguageCode }}" dir="{{ .Language.LanguageDirection | default "ltr" }}">
<head>
<meta charset="utf-8">
<title>{{ .Title }} | {{ i18n "site-name" }}</title>
<meta name="description" content="{{ .Description }}">
<link rel="canonical" href="{{ .Permalink }}">
<link rel="stylesheet" href="{{ "assets/print.css" | absURL }}">
<style>
@page {
  size: A4;
  @top-center { content: "{{ .Title }}"; }
  @bottom-center { content: "{{ i18n "print-page-number" (dict "page" "1" "pages" "2") }}"; }
}
</style>
</head>
<body class="print">
<header class="print-header">
  <p class="site-name">{{ i18n "site-name" }}</p>
</header>
<main>
{{ partial "article.html" . }}
</main>
<footer class="print-footer">
  <p>{{ i18n "footer-note" }}</p>
  <p>{{ i18n "web-version" }}: <a href="{{ .Permalink }}">{{ .Permalink }}</a></p>
  <p>{{ i18n "print-link-note" }}</p>
</footer>
</body>
</html>
"##;

const HUGO_HOME: &str = r##"<!DOCTYPE html>
<html lang="{{ .Site.LanguageCode }}" dir="{{ .Language.LanguageDirection | default "ltr" }}">
<head>
<meta charset="utf-8">
<title>{{ i18n "site-name" }}</title>
<link rel="stylesheet" href="{{ "assets/site.css" | absURL }}">
</head>
<body>
<main id="main" class="chooser">
  <h1>{{ i18n "language-chooser-title" }}</h1>
  <p>{{ i18n "language-chooser-intro" }}</p>
  <ul class="locales">
  {{- range .AllTranslations }}
    <li><a href="{{ .RelPermalink }}" lang="{{ .Site.LanguageCode }}">{{ .Language.LanguageName }}</a></li>
  {{- end }}
  </ul>
</main>
</body>
</html>
"##;

/// Writes the Hugo equivalent of the fluentpress site into `root`.
fn generate_hugo(root: &Path, pages: usize) {
    let mut config = format!(
        "baseURL = \"{BASE_URL}\"\n\
         defaultContentLanguage = \"en\"\n\
         defaultContentLanguageInSubdir = true\n\
         disableKinds = [\"taxonomy\", \"term\", \"RSS\"]\n\
         cacheDir = \"{}\"\n\n\
         [outputFormats.print]\n\
         mediaType = \"text/html\"\nbaseName = \"print\"\nisHTML = true\n\n",
        root.join(".cache").display()
    );
    for (weight, loc) in LOCALES.iter().enumerate() {
        let _ = writeln!(
            config,
            "[languages.{key}]\nlanguageCode = \"{tag}\"\nlanguageName = \"{name}\"\n\
             languageDirection = \"{dir}\"\nweight = {w}\ncontentDir = \"content/{key}\"\n",
            key = loc.hugo_key(),
            tag = loc.tag,
            name = loc.endonym,
            dir = if loc.rtl { "rtl" } else { "ltr" },
            w = weight + 1
        );
    }
    write(&root.join("hugo.toml"), &config);
    for (index, loc) in LOCALES.iter().enumerate() {
        write(
            &root.join("i18n").join(format!("{}.toml", loc.hugo_key())),
            &hugo_i18n(index),
        );
        let dir = root.join("content").join(loc.hugo_key());
        for page in 0..pages {
            write(
                &dir.join(format!("{}.md", page_name(page))),
                &hugo_page(page, index),
            );
        }
    }
    let layouts = root.join("layouts");
    write(&layouts.join("_default/baseof.html"), HUGO_BASEOF);
    write(&layouts.join("_default/single.html"), HUGO_SINGLE);
    write(
        &layouts.join("_default/single.print.html"),
        HUGO_SINGLE_PRINT,
    );
    write(&layouts.join("partials/article.html"), HUGO_ARTICLE);
    write(&layouts.join("index.html"), HUGO_HOME);
    for css in ["site.css", "print.css"] {
        write(
            &root.join("static/assets").join(css),
            &repo_file(&format!("templates/assets/{css}")),
        );
    }
}

// ---------------------------------------------------------------------------
// Timing
// ---------------------------------------------------------------------------

/// CPU time this process and its waited-for children have used, from
/// `/proc/self/stat` (clock ticks of 1/100 s); zero where there is no procfs.
fn cpu_time() -> Duration {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return Duration::ZERO;
    };
    // Fields after the command name: state is field 3, utime 14 … cstime 17.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let ticks: u64 = rest
        .split_whitespace()
        .skip(11)
        .take(4)
        .filter_map(|f| f.parse::<u64>().ok())
        .sum();
    Duration::from_millis(ticks * 10)
}

/// One thing to time: its label, the pages it writes, and the run itself.
struct Case<'a> {
    label: String,
    pages: usize,
    run: Box<dyn FnMut() + 'a>,
    wall: Vec<Duration>,
    cpu: Vec<Duration>,
}

impl<'a> Case<'a> {
    fn new(label: String, pages: usize, run: impl FnMut() + 'a) -> Case<'a> {
        Case {
            label,
            pages,
            run: Box::new(run),
            wall: Vec::new(),
            cpu: Vec::new(),
        }
    }

    fn measure(&mut self) {
        let (cpu, start) = (cpu_time(), Instant::now());
        (self.run)();
        self.wall.push(start.elapsed());
        self.cpu.push(cpu_time().saturating_sub(cpu));
    }

    fn wall(&self) -> Duration {
        median(&self.wall)
    }

    fn cpu(&self) -> Duration {
        median(&self.cpu)
    }

    fn print(&self) {
        let (min, max) = (
            self.wall.iter().min().copied().unwrap_or_default(),
            self.wall.iter().max().copied().unwrap_or_default(),
        );
        println!(
            "  {:<40} {:>8.1} ms ({:>7.1} to {:>7.1}) {:>6.0} pages/s | CPU {:>8.1} ms {:>6.0} pages/CPU-s",
            self.label,
            ms(self.wall()),
            ms(min),
            ms(max),
            self.pages as f64 / self.wall().as_secs_f64(),
            ms(self.cpu()),
            self.pages as f64 / self.cpu().as_secs_f64().max(1e-9),
        );
    }
}

/// One warm-up of every case, then `runs` rounds in which each case runs once:
/// interleaved, so a change in the machine's load hits every case alike.
fn run_cases(cases: &mut [Case], runs: usize) {
    for case in cases.iter_mut() {
        (case.run)();
    }
    for _ in 0..runs {
        for case in cases.iter_mut() {
            case.measure();
        }
    }
}

fn median(samples: &[Duration]) -> Duration {
    let mut sorted = samples.to_vec();
    sorted.sort();
    match sorted.len() {
        0 => Duration::ZERO,
        n if n.is_multiple_of(2) => (sorted[n / 2 - 1] + sorted[n / 2]) / 2,
        n => sorted[n / 2],
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn ratio(a: Duration, b: Duration) -> f64 {
    a.as_secs_f64() / b.as_secs_f64().max(1e-9)
}

/// Web and print pages a build wrote (the chooser, sitemap and report aside).
fn pages_written(report: &BuildReport) -> (usize, usize) {
    let files = report.pages.iter().flat_map(|p| &p.outputs);
    let print = files.clone().filter(|f| f.ends_with(".print.html")).count();
    (files.count() - print, print)
}

/// HTML pages under `public/<lang>/<page>/` (Hugo's home pages aside).
fn hugo_pages_written(public: &Path) -> (usize, usize) {
    let (mut web, mut print) = (0, 0);
    let Ok(langs) = std::fs::read_dir(public) else {
        return (0, 0);
    };
    for lang in langs.flatten().filter(|e| e.path().is_dir()) {
        for page in std::fs::read_dir(lang.path())
            .into_iter()
            .flatten()
            .flatten()
        {
            for file in std::fs::read_dir(page.path())
                .into_iter()
                .flatten()
                .flatten()
            {
                match file.file_name().to_str() {
                    Some("index.html") => web += 1,
                    Some("print.html") => print += 1,
                    _ => {}
                }
            }
        }
    }
    (web, print)
}

fn hugo_version() -> Option<String> {
    let out = Command::new("hugo").arg("version").output().ok()?;
    out.status.success().then(|| {
        let text = String::from_utf8_lossy(&out.stdout);
        text.split_whitespace().nth(1).unwrap_or("?").to_string()
    })
}

fn run_hugo(root: &Path) {
    let out = Command::new("hugo")
        .arg("--quiet")
        .arg("--source")
        .arg(root)
        .stdout(Stdio::null())
        .output()
        .expect("run hugo");
    assert!(
        out.status.success(),
        "hugo failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn run_cli(root: &Path) {
    let out = Command::new(env!("CARGO_BIN_EXE_fluentpress"))
        .arg("--root")
        .arg(root)
        .arg("build")
        .output()
        .expect("run fluentpress");
    assert!(
        out.status.success(),
        "fluentpress build failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn env_usize(name: &str) -> Option<usize> {
    std::env::var(name).ok().and_then(|v| v.parse().ok())
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "?".into())
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` does not: smoke run then.
    let full = std::env::args().any(|a| a == "--bench");
    let pages = env_usize("BENCH_PAGES").unwrap_or(if full { 200 } else { 10 });
    let runs = env_usize("BENCH_RUNS")
        .unwrap_or(if full { 5 } else { 1 })
        .max(1);
    let threads = rayon::current_num_threads();

    let dir = tempfile::Builder::new()
        .prefix("fluentpress-bench-")
        .tempdir()
        .expect("temporary folder");
    let fp_root: PathBuf = dir.path().join("fluentpress");
    let hugo_root: PathBuf = dir.path().join("hugo");
    let started = Instant::now();
    generate_fluentpress(&fp_root, pages);
    generate_hugo(&hugo_root, pages);
    println!(
        "build benchmark: {pages} pages × {} locales ({PARTIAL} {:.0}% translated), generated in {:.0} ms under {}",
        LOCALES.len(),
        (MESSAGES - missing_ids(0).len()) as f64 * 100.0 / MESSAGES as f64,
        ms(started.elapsed()),
        dir.path().display()
    );
    println!(
        "  {threads} rayon thread(s) on {} core(s); load average before {}",
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        load_average()
    );

    let config = Config::load(&fp_root).expect("generated fluentpress.toml loads");
    let options = BuildOptions::default();
    let report = build(&config, &options).expect("the generated site builds");
    let (web, print) = pages_written(&report);
    let total = web + print;
    let fallbacks: usize = report.pages.iter().map(|p| p.log.fallbacks.len()).sum();
    let problems: Vec<String> = report
        .pages
        .iter()
        .flat_map(|p| {
            p.log
                .warnings
                .iter()
                .chain(&p.log.errors)
                .map(move |w| format!("{} [{}]: {w}", p.page, p.locale))
        })
        .collect();
    let unpublished = report.pages.iter().filter(|p| !p.published).count();
    println!(
        "  fluentpress writes {web} web + {print} print = {total} pages per build; \
         {fallbacks} message(s) fell back; {unpublished} page×locale unpublished; {} warning(s)",
        problems.len()
    );
    for p in problems.iter().take(5) {
        println!("    warning: {p}");
    }
    assert_eq!(unpublished, 0, "every page should be published");
    assert!(fallbacks > 0, "{PARTIAL} should fall back");

    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("one-thread pool");
    let mut cases = vec![
        Case::new(
            format!("fluentpress build(), {threads} threads"),
            total,
            || {
                build(&config, &options).expect("build");
            },
        ),
        Case::new("fluentpress build(), 1 thread".into(), total, || {
            pool.install(|| build(&config, &options).expect("build"));
        }),
        Case::new("fluentpress build (process)".into(), total, || {
            run_cli(&fp_root)
        }),
    ];
    match hugo_version() {
        Some(version) => {
            run_hugo(&hugo_root);
            let (hweb, hprint) = hugo_pages_written(&hugo_root.join("public"));
            println!("  hugo {version} writes {hweb} web + {hprint} print pages per build");
            cases.push(Case::new(
                format!("hugo {version} --quiet (process)"),
                hweb + hprint,
                || run_hugo(&hugo_root),
            ));
        }
        None => println!("  hugo: not installed, baseline skipped (apt-get install -y hugo)"),
    }
    run_cases(&mut cases, runs);
    println!(
        "  {runs} interleaved run(s) after one warm-up each; medians; load average now {}",
        load_average()
    );
    for case in &cases {
        case.print();
    }
    let (all, one, cli) = (&cases[0], &cases[1], &cases[2]);
    println!(
        "  fluentpress {threads} threads / 1 thread: wall {:.2}× ({:.2}× speed-up), CPU {:.2}×",
        ratio(all.wall(), one.wall()),
        ratio(one.wall(), all.wall()),
        ratio(all.cpu(), one.cpu())
    );
    if let Some(hugo) = cases.get(3) {
        println!(
            "  fluentpress / hugo (time; under 1 means fluentpress is faster): \
             library {:.2}×, process {:.2}×, process CPU {:.2}×",
            ratio(all.wall(), hugo.wall()),
            ratio(cli.wall(), hugo.wall()),
            ratio(cli.cpu(), hugo.cpu())
        );
    }
    if std::env::var_os("BENCH_KEEP").is_some() {
        println!("  kept: {}", dir.keep().display());
    }
}
