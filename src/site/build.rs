//! `build`: every page × published locale to web and print HTML, the
//! language chooser, the sitemap and the build report, written atomically.

use crate::fluent::catalog::Catalog;
use crate::fluent::coverage::{page_coverage, PageCoverage};
use crate::fluent::validate::{validate_catalog, InputError};
use crate::project::config::{Config, LocaleConfig, PageConfig};
use crate::render::{Localizer, PageL10n, RenderData, RenderLog, TemplateError, Templates};
use minijinja::Value;
use rayon::prelude::*;
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Version of the `build-report.json` schema.
pub const REPORT_VERSION: u32 = 1;

#[derive(Debug, Default, Clone)]
pub struct BuildOptions {
    /// Only these locales (all configured ones when empty).
    pub locales: Vec<String>,
    /// Also render the pseudo-locales `en-XA` and `ar-XB` from the source.
    pub pseudo: bool,
    /// Bilingual print editions for every page, beside those in the config.
    pub bilingual: Vec<[String; 2]>,
    /// Print every print page to PDF (also `[pdf] enabled` in the config).
    pub pdf: bool,
    /// The browser to print with, over the config's and PATH.
    pub browser: Option<PathBuf>,
}

/// What happened to PDFs in a build.
#[derive(Debug, Default, Serialize)]
pub struct PdfSummary {
    pub requested: bool,
    pub printed: usize,
    /// The browser that printed them; not in the published report, which should not
    /// tell the world how the build machine is laid out.
    #[serde(skip)]
    pub browser: Option<PathBuf>,
    /// Why no PDF was printed at all (no browser, say), with what to do.
    pub skipped: Option<String>,
    /// Wall time of starting the browser and of printing, in milliseconds.
    pub browser_start_ms: u128,
    pub print_ms: u128,
}

#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error("{}", .0.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n"))]
    Input(Vec<InputError>),
    #[error("{0}")]
    Template(#[from] TemplateError),
    #[error("page `{page}`: template `{template}` does not exist in {dir}")]
    MissingTemplate {
        page: String,
        template: String,
        dir: PathBuf,
    },
    #[error("{0}: not a configured locale")]
    UnknownLocale(String),
    #[error("{0}\n  hint: check `numbering` in fluentpress.toml")]
    Intl(#[from] crate::intl::IntlError),
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    /// Some pages did not print. The whole build fails, so no web page links a PDF
    /// that is not there.
    #[error("{} PDF(s) could not be printed:\n{}", .0.len(), .0.join("\n"))]
    Pdf(Vec<String>),
}

/// `out/build-report.json`: what every page × locale rendered and why.
#[derive(Debug, Serialize)]
pub struct BuildReport {
    pub version: u32,
    pub pages: Vec<PageReport>,
    pub pdf: PdfSummary,
}

#[derive(Debug, Serialize)]
pub struct PageReport {
    pub page: String,
    pub locale: String,
    pub published: bool,
    pub reason: String,
    pub translated_percent: f64,
    /// Files written, relative to `out/`.
    pub outputs: Vec<String>,
    #[serde(flatten)]
    pub log: RenderLog,
}

/// A locale as a link target: in the switcher, the chooser and hreflang.
#[derive(Debug, Clone, Serialize)]
struct Alternate {
    lang: String,
    endonym: String,
    dir: String,
    /// Relative to `out/`.
    path: String,
    url: String,
}

/// One rendered file waiting to be written.
struct Output {
    path: String,
    content: String,
    /// Where this print page's PDF goes when PDFs are asked for; relative to `out/`.
    pdf: Option<String>,
}

pub fn build(config: &Config, options: &BuildOptions) -> Result<BuildReport, BuildError> {
    for tag in &options.locales {
        if config.locale(tag).is_none() {
            return Err(BuildError::UnknownLocale(format!("--locale {tag}")));
        }
    }
    for tag in options.bilingual.iter().flatten() {
        if config.locale(tag).is_none() {
            return Err(BuildError::UnknownLocale(format!("--bilingual {tag}")));
        }
    }
    let catalog = Catalog::load(config);
    let problems = validate_catalog(config, &catalog);
    if !problems.is_empty() {
        return Err(BuildError::Input(problems));
    }
    let mut templates = Templates::load(&config.templates_dir())?;
    templates.set_fuel(config.limits.template_fuel);
    for page in &config.pages {
        for template in std::iter::once(&page.template).chain(&page.print_template) {
            if !templates.has(template) {
                return Err(BuildError::MissingTemplate {
                    page: page.name.clone(),
                    template: template.clone(),
                    dir: config.templates_dir(),
                });
            }
        }
    }

    // Started before rendering, so web pages link their PDF only when a running browser
    // will print it.
    let (pdf_summary, printer) = start_printer(config, options);
    templates.set_global("pdf", printer.is_some());

    let pseudo = if options.pseudo {
        crate::render::pseudo::locales(&config.source_locale)
    } else {
        Vec::new()
    };
    let data = RenderData::new(
        &catalog,
        config.locales.iter().chain(pseudo.iter().map(|(l, _)| l)),
    )?;
    let selected: Vec<&LocaleConfig> = config
        .locales
        .iter()
        .filter(|l| options.locales.is_empty() || options.locales.contains(&l.tag))
        .collect();
    let coverage: Vec<(&PageConfig, Vec<PageCoverage>)> = config
        .pages
        .iter()
        .map(|page| {
            let per_locale = config
                .locales
                .iter()
                .map(|l| page_coverage(config, &catalog, page, &l.tag))
                .collect();
            (page, per_locale)
        })
        .collect();

    let jobs: Vec<(&PageConfig, &LocaleConfig, &PageCoverage, &[PageCoverage])> = coverage
        .iter()
        .flat_map(|(page, per_locale)| {
            selected.iter().map(move |loc| {
                let cov = per_locale
                    .iter()
                    .find(|c| c.locale == loc.tag)
                    .expect("coverage computed for every configured locale");
                (*page, *loc, cov, per_locale.as_slice())
            })
        })
        .collect();

    let mut rendered: Vec<Result<(PageReport, Vec<Output>), TemplateError>> = jobs
        .par_iter()
        .map(|(page, locale, cov, all)| {
            let localizer = Localizer::new(config, &data, page, locale);
            render_page(config, &templates, localizer, page, locale, cov, all)
        })
        .collect();
    if options.pseudo {
        for (page, per_locale) in &coverage {
            for (locale, transform) in &pseudo {
                let localizer = Localizer::pseudo(config, &data, page, locale, *transform);
                let mut cov = page_coverage(config, &catalog, page, &config.source_locale);
                cov.locale = locale.tag.clone();
                cov.reason = "pseudo-locale".into();
                rendered.push(render_page(
                    config, &templates, localizer, page, locale, &cov, per_locale,
                ));
            }
        }
    }
    let mut reports = Vec::new();
    let mut outputs = Vec::new();
    for result in rendered {
        let (report, files) = result?;
        reports.push(report);
        outputs.extend(files);
    }

    for page in &config.pages {
        // The same pair from the config and from --bilingual is one edition.
        let mut pairs: Vec<&[String; 2]> = Vec::new();
        for pair in page.bilingual.iter().chain(&options.bilingual) {
            if !pairs.contains(&pair) {
                pairs.push(pair);
            }
        }
        for pair in pairs {
            if page.print_template.is_none() {
                continue;
            }
            // The edition lives in the first locale's folder: built when that locale is.
            let Some(report) = reports
                .iter_mut()
                .find(|r| r.page == page.name && r.locale == pair[0])
            else {
                continue;
            };
            let print_of = |tag: &str| format!("{tag}/{}", page.print_output);
            let first = outputs.iter().find(|o| o.path == print_of(&pair[0]));
            let second = match outputs.iter().find(|o| o.path == print_of(&pair[1])) {
                Some(output) => Some(output.content.clone()),
                // Not among the locales asked for (`--locale ar`): rendered only to be
                // paired with, never written.
                None => partner_print_page(config, &data, &templates, &coverage, page, &pair[1])?,
            };
            let (Some(first), Some(second)) = (first, second) else {
                report.log.warnings.push(format!(
                    "bilingual edition {}+{} skipped: both locales must be published",
                    pair[0], pair[1]
                ));
                continue;
            };
            let edition = bilingual_page(
                config,
                &data,
                &templates,
                page,
                pair,
                [&first.content, &second],
            )?;
            match edition {
                Ok(output) => {
                    report.outputs.push(output.path.clone());
                    outputs.push(output);
                }
                Err(reason) => report.log.warnings.push(reason),
            }
        }
    }
    outputs.push(Output {
        path: "sitemap.xml".into(),
        content: sitemap(config, &coverage),
        pdf: None,
    });
    if templates.has("chooser.html") {
        let locales: Vec<Alternate> = config
            .locales
            .iter()
            .filter_map(|l| {
                let page = config.pages.first()?;
                let published = coverage
                    .first()?
                    .1
                    .iter()
                    .any(|c| c.locale == l.tag && c.published);
                published.then(|| alternate(config, l, &page.output))
            })
            .collect();
        let source = config
            .locale(&config.source_locale)
            .expect("config validated the source locale");
        let context = minijinja::context! {
            locale => locale_value(source, None),
            locales => Value::from(minijinja::value::Serde(&locales)),
            root => "",
        };
        let first_page = config.pages.first();
        let l10n = first_page.map(|page| {
            Arc::new(PageL10n::new(Arc::new(Localizer::new(
                config, &data, page, source,
            ))))
        });
        outputs.push(Output {
            path: "index.html".into(),
            content: templates.render("chooser.html", context, l10n)?,
            pdf: None,
        });
    }
    let mut report = BuildReport {
        version: REPORT_VERSION,
        pages: reports,
        pdf: pdf_summary,
    };
    let out = config.out_dir();
    // `--locale` narrows the work, not the site: the other locales' folders of the
    // previous build stay in out/.
    let kept: Vec<&str> = config
        .locales
        .iter()
        .filter(|l| !selected.iter().any(|s| s.tag == l.tag))
        .map(|l| l.tag.as_str())
        .collect();
    let staging = stage(
        &out,
        &config.templates_dir().join("assets"),
        &outputs,
        &kept,
    )?;
    if let Some(printer) = printer {
        let failed = print_pdfs(
            &printer,
            &mut report.pdf,
            &staging,
            &outputs,
            &mut report.pages,
        );
        if !failed.is_empty() {
            let _ = std::fs::remove_dir_all(&staging);
            return Err(BuildError::Pdf(failed));
        }
    }
    let report_path = staging.join("build-report.json");
    let json = serde_json::to_string_pretty(&report).unwrap_or_default();
    if let Err(source) = std::fs::write(&report_path, json) {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(BuildError::Write {
            path: report_path,
            source,
        });
    }
    swap(&out, &staging)?;
    Ok(report)
}

fn alternate(config: &Config, locale: &LocaleConfig, output: &str) -> Alternate {
    let path = format!("{}/{}", locale.tag, output);
    Alternate {
        lang: locale.tag.clone(),
        endonym: locale.endonym.clone(),
        dir: locale.dir.as_str().into(),
        url: public_url(config, &path),
        path,
    }
}

/// The address a page is published at; `index.html` is served as its folder.
fn public_url(config: &Config, path: &str) -> String {
    let path = path.strip_suffix("index.html").unwrap_or(path);
    format!("{}{}", config.base_url, path)
}

fn render_page(
    config: &Config,
    templates: &Templates,
    localizer: Localizer,
    page: &PageConfig,
    locale: &LocaleConfig,
    cov: &PageCoverage,
    all: &[PageCoverage],
) -> Result<(PageReport, Vec<Output>), TemplateError> {
    let mut report = PageReport {
        page: page.name.clone(),
        locale: locale.tag.clone(),
        published: cov.published,
        reason: cov.reason.clone(),
        // Rounded down, as `check` shows it: only a complete page says 100.0.
        translated_percent: crate::fluent::coverage::round_down_to_tenth(cov.percent),
        outputs: Vec::new(),
        log: RenderLog::default(),
    };
    if !cov.published {
        return Ok((report, Vec::new()));
    }
    let alternates: Vec<Alternate> = config
        .locales
        .iter()
        .filter(|l| all.iter().any(|c| c.locale == l.tag && c.published))
        .map(|l| alternate(config, l, &page.output))
        .collect();
    let source = config.locale(&config.source_locale);
    let localizer = Arc::new(localizer);
    let x_default = alternate(config, source.unwrap_or(locale), &page.output);
    let fallback_endonym = locale
        .fallback
        .first()
        .and_then(|t| config.locale(t))
        .map(|l| l.endonym.clone());
    let mut outputs = Vec::new();
    let mut log = RenderLog::default();
    let targets = std::iter::once((&page.template, &page.output, false)).chain(
        page.print_template
            .as_ref()
            .map(|t| (t, &page.print_output, true)),
    );
    for (template, output, print) in targets {
        let path = format!("{}/{}", locale.tag, output);
        let context = minijinja::context! {
            locale => locale_value(locale, Some(&localizer)),
            page => minijinja::context!{
                name => &page.name,
                url => public_url(config, &path),
                web_url => public_url(config, &format!("{}/{}", locale.tag, page.output)),
                web => &page.output,
                print => &page.print_output,
                pdf => &page.pdf_output,
                has_print => page.print_template.is_some(),
                is_print => print,
                missing => cov.missing.len(),
                translated_percent => report.translated_percent,
            },
            alternates => Value::from(minijinja::value::Serde(&alternates)),
            x_default => Value::from(minijinja::value::Serde(&x_default)),
            fallback_endonym => &fallback_endonym,
            root => "../",
        };
        let l10n = Arc::new(PageL10n::new(Arc::clone(&localizer)));
        let html = templates.render(template, context, Some(Arc::clone(&l10n)))?;
        merge_log(&mut log, l10n.take_log());
        report.outputs.push(path.clone());
        outputs.push(Output {
            path,
            content: html,
            pdf: print.then(|| format!("{}/{}", locale.tag, page.pdf_output)),
        });
    }
    report.log = log;
    Ok((report, outputs))
}

/// The print page of `tag` for `page`, rendered in memory to pair it in a bilingual
/// edition when `tag` is not being built; `None` when it is not published.
fn partner_print_page(
    config: &Config,
    data: &RenderData,
    templates: &Templates,
    coverage: &[(&PageConfig, Vec<PageCoverage>)],
    page: &PageConfig,
    tag: &str,
) -> Result<Option<String>, BuildError> {
    let Some(locale) = config.locale(tag) else {
        return Ok(None);
    };
    let Some((_, all)) = coverage.iter().find(|(p, _)| p.name == page.name) else {
        return Ok(None);
    };
    let Some(cov) = all.iter().find(|c| c.locale == tag) else {
        return Ok(None);
    };
    let localizer = Localizer::new(config, data, page, locale);
    let (_, outputs) = render_page(config, templates, localizer, page, locale, cov, all)?;
    let print = format!("{tag}/{}", page.print_output);
    Ok(outputs
        .into_iter()
        .find(|o| o.path == print)
        .map(|o| o.content))
}

/// The parallel-text print page of `pair` for `page`, built from the two
/// locales' print pages (`prints`, in the pair's order); `Err` says why it
/// could not be made.
fn bilingual_page(
    config: &Config,
    data: &RenderData,
    templates: &Templates,
    page: &PageConfig,
    pair: &[String; 2],
    prints: [&str; 2],
) -> Result<Result<Output, String>, BuildError> {
    const TEMPLATE: &str = "bilingual.print.html";
    if !templates.has(TEMPLATE) {
        return Err(BuildError::MissingTemplate {
            page: page.name.clone(),
            template: TEMPLATE.into(),
            dir: config.templates_dir(),
        });
    }
    let (Some(first), Some(second)) = (config.locale(&pair[0]), config.locale(&pair[1])) else {
        return Ok(Err("bilingual edition names an unknown locale".into()));
    };
    let [a, b] = prints;
    let title = |html: &str| {
        let doc = scraper::Html::parse_document(html);
        scraper::Selector::parse("h1")
            .ok()
            .and_then(|s| doc.select(&s).next().map(|h| h.text().collect::<String>()))
            .map(|t| crate::render::strip_isolation(&t))
            .unwrap_or_default()
    };
    let rows = crate::site::bilingual::rows(
        crate::site::bilingual::blocks(a, &first.tag),
        crate::site::bilingual::blocks(b, &second.tag),
    );
    let localizer = Localizer::new(config, data, page, first);
    let stem = page
        .print_output
        .strip_suffix(".html")
        .unwrap_or(&page.print_output);
    let path = format!("{}/{stem}.{}.html", first.tag, second.tag);
    let pdf_stem = page
        .pdf_output
        .strip_suffix(".pdf")
        .unwrap_or(&page.pdf_output);
    let pdf = format!("{}/{pdf_stem}.{}.pdf", first.tag, second.tag);
    let context = minijinja::context! {
        locale => locale_value(first, Some(&localizer)),
        pair => vec![
            minijinja::context!{ tag => &first.tag, dir => first.dir.as_str(), title => title(a) },
            minijinja::context!{ tag => &second.tag, dir => second.dir.as_str(), title => title(b) },
        ],
        rows => Value::from(minijinja::value::Serde(&rows)),
        root => "../",
    };
    let l10n = Arc::new(PageL10n::new(Arc::new(localizer)));
    let content = templates.render(TEMPLATE, context, Some(l10n))?;
    Ok(Ok(Output {
        path,
        content,
        pdf: Some(pdf),
    }))
}

/// The `locale` object templates see: tag, direction, endonym, and for
/// print pages the page-number counter style and paper size.
fn locale_value(locale: &LocaleConfig, localizer: Option<&Localizer>) -> Value {
    let formats = localizer.and_then(Localizer::formats);
    minijinja::context! {
        tag => &locale.tag,
        dir => locale.dir.as_str(),
        endonym => &locale.endonym,
        counter_style => formats.map_or("decimal", |f| f.css_counter_style()),
        paper => locale.paper.css(),
    }
}

fn merge_log(into: &mut RenderLog, from: RenderLog) {
    for id in from.messages {
        if !into.messages.contains(&id) {
            into.messages.push(id);
        }
    }
    for f in from.fallbacks {
        if !into.fallbacks.contains(&f) {
            into.fallbacks.push(f);
        }
    }
    for w in from.warnings {
        if !into.warnings.contains(&w) {
            into.warnings.push(w);
        }
    }
    for e in from.errors {
        if !into.errors.contains(&e) {
            into.errors.push(e);
        }
    }
}

fn sitemap(config: &Config, coverage: &[(&PageConfig, Vec<PageCoverage>)]) -> String {
    use crate::fluent::markup::escape;
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    for (page, per_locale) in coverage {
        let published: Vec<&LocaleConfig> = config
            .locales
            .iter()
            .filter(|l| per_locale.iter().any(|c| c.locale == l.tag && c.published))
            .collect();
        let default = alternate(config, &config.locales[0], &page.output);
        for locale in &published {
            let url = alternate(config, locale, &page.output).url;
            xml.push_str(&format!("  <url>\n    <loc>{}</loc>\n", escape(&url)));
            for alt in &published {
                let a = alternate(config, alt, &page.output);
                xml.push_str(&format!(
                    "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>\n",
                    escape(&a.lang),
                    escape(&a.url)
                ));
            }
            xml.push_str(&format!(
                "    <xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"{}\"/>\n  </url>\n",
                escape(&default.url)
            ));
        }
    }
    xml.push_str("</urlset>\n");
    xml
}

/// Writes everything into a fresh folder beside `out`, after copying the `kept`
/// folders of the previous `out/` into it; [`swap`] puts it in place, so a failed
/// build never leaves a half-written `out/`.
fn stage(
    out: &Path,
    assets: &Path,
    outputs: &[Output],
    kept: &[&str],
) -> Result<PathBuf, BuildError> {
    let parent = out.parent().unwrap_or(Path::new("."));
    let staging = parent.join(format!(".{}.tmp-{}", dir_name(out), std::process::id()));
    let result = (|| {
        if staging.exists() {
            std::fs::remove_dir_all(&staging).map_err(write_error(&staging))?;
        }
        std::fs::create_dir_all(&staging).map_err(write_error(&staging))?;
        for folder in kept {
            let previous = out.join(folder);
            if previous.is_dir() {
                copy_dir(&previous, &staging.join(folder))?;
            }
        }
        for output in outputs {
            let path = staging.join(&output.path);
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir).map_err(write_error(dir))?;
            }
            std::fs::write(&path, &output.content).map_err(write_error(&path))?;
        }
        if assets.is_dir() {
            copy_dir(assets, &staging.join("assets"))?;
        }
        Ok(())
    })();
    match result {
        Ok(()) => Ok(staging),
        Err(e) => {
            let _ = std::fs::remove_dir_all(&staging);
            Err(e)
        }
    }
}

/// Replaces `out` with `staging`; on failure the previous `out` is restored.
fn swap(out: &Path, staging: &Path) -> Result<(), BuildError> {
    let parent = out.parent().unwrap_or(Path::new("."));
    let old = parent.join(format!(".{}.old-{}", dir_name(out), std::process::id()));
    if out.exists() {
        if let Err(e) = std::fs::rename(out, &old) {
            let _ = std::fs::remove_dir_all(staging);
            return Err(write_error(out)(e));
        }
    }
    if let Err(e) = std::fs::rename(staging, out) {
        let _ = std::fs::rename(&old, out);
        let _ = std::fs::remove_dir_all(staging);
        return Err(write_error(out)(e));
    }
    let _ = std::fs::remove_dir_all(&old);
    Ok(())
}

fn dir_name(out: &Path) -> String {
    out.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".into())
}

fn write_error(path: &Path) -> impl FnOnce(std::io::Error) -> BuildError {
    let path = path.to_path_buf();
    move |source| BuildError::Write { path, source }
}

/// Finds and starts the browser when this build prints PDFs and has print pages. Without
/// one the summary says why (and what to install), and the HTML is built all the same.
fn start_printer(
    config: &Config,
    options: &BuildOptions,
) -> (PdfSummary, Option<crate::site::pdf::PdfPrinter>) {
    use crate::site::pdf::PdfPrinter;
    let mut summary = PdfSummary::default();
    let has_print = config.pages.iter().any(|p| p.print_template.is_some());
    if !(options.pdf || config.pdf.enabled) || !has_print {
        return (summary, None);
    }
    summary.requested = true;
    let explicit = options.browser.as_deref().or(config.pdf.browser.as_deref());
    let started = std::time::Instant::now();
    let printer = PdfPrinter::find_browser(explicit).and_then(|browser| {
        summary.browser = Some(browser.clone());
        PdfPrinter::launch(&browser)
    });
    match printer {
        Ok(printer) => {
            summary.browser_start_ms = started.elapsed().as_millis();
            (summary, Some(printer))
        }
        Err(e) => {
            summary.skipped = Some(e.to_string());
            (summary, None)
        }
    }
}

/// Prints every print page written into `staging` to its PDF, and records each in its
/// page's report. Returns the PDFs that failed, with why.
fn print_pdfs(
    printer: &crate::site::pdf::PdfPrinter,
    summary: &mut PdfSummary,
    staging: &Path,
    outputs: &[Output],
    pages: &mut [PageReport],
) -> Vec<String> {
    let printed: Vec<(&str, &str)> = outputs
        .iter()
        .filter_map(|o| Some((o.path.as_str(), o.pdf.as_deref()?)))
        .collect();
    let jobs: Vec<crate::site::pdf::PrintJob> = printed
        .iter()
        .map(|(html, pdf)| crate::site::pdf::PrintJob {
            html: staging.join(html),
            pdf: staging.join(pdf),
        })
        .collect();
    let printing = std::time::Instant::now();
    let results = printer.print_all(&jobs);
    summary.print_ms = printing.elapsed().as_millis();
    let mut failed = Vec::new();
    for (result, (html, pdf)) in results.into_iter().zip(printed) {
        match result {
            Ok(()) => {
                summary.printed += 1;
                let owner = pages
                    .iter_mut()
                    .find(|page| page.outputs.iter().any(|o| o == html));
                if let Some(page) = owner {
                    page.outputs.push(pdf.to_string());
                }
            }
            Err(e) => failed.push(format!("{pdf}: {e}")),
        }
    }
    failed
}

fn copy_dir(from: &Path, to: &Path) -> Result<(), BuildError> {
    std::fs::create_dir_all(to).map_err(write_error(to))?;
    for entry in std::fs::read_dir(from)
        .map_err(write_error(from))?
        .flatten()
    {
        let src = entry.path();
        let dst = to.join(entry.file_name());
        if src.is_dir() {
            copy_dir(&src, &dst)?;
        } else {
            std::fs::copy(&src, &dst).map_err(write_error(&src))?;
        }
    }
    Ok(())
}
