//! `review`: every message seen where it renders, and layout findings from the browser.
//!
//! The site is built once more with each message's element marked by its id
//! (`data-fp-id`, see [`crate::render`]) into a temporary folder; one browser (the one
//! `build --pdf` uses) measures every page × locale at each width, photographs each
//! message's element, and prints each print page to count its sheets. What it saw becomes
//! [`Finding`]s (`text-overflow`, `missing-glyph`, `print-overflow`, `title-length`) and a
//! review folder: one page per locale, an overview and a badge per locale, written
//! beside the old folder and swapped in whole, like `out/`.

pub mod browser;
pub mod glyphs;
pub mod pages;
pub mod shard;

use crate::check::{apply_severity_overrides, check, CheckOptions};
use crate::finding::{Code, Finding};
use crate::fluent::catalog::Catalog;
use crate::project::config::{Config, LocaleConfig, PageConfig};
use crate::project::lock::Lock;
use crate::render::{strip_isolation, Localizer, RenderData};
use crate::site::build::{build, BuildError, BuildOptions, BuildReport};
use crate::site::pdf::{PdfError, PdfPrinter};
use crate::site::publish::{PublishError, SiteDir};
use crate::site::shard::ShardSpec;
use browser::{Measured, PageJob};
use fluent_bundle::FluentArgs;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Where the review folder goes unless `-o` says otherwise, beside the preview's.
pub const REVIEW_DIR: &str = ".fluentpress/review";

/// Widest a title may render, at 20 px, before search results cut it.
pub const TITLE_MAX_PX: f64 = 580.0;
/// Widest a meta description may render, at 14 px, before search results cut it.
pub const DESCRIPTION_MAX_PX: f64 = 920.0;

#[derive(Debug, Clone)]
pub struct ReviewOptions {
    /// Only these locales (every configured one when empty); the source is always measured.
    pub locales: Vec<String>,
    /// Viewport widths in CSS pixels: desktop and phone by default.
    pub widths: Vec<u32>,
    /// The review folder; `None` measures only (findings, no pages or screenshots).
    pub out: Option<PathBuf>,
    pub browser: Option<PathBuf>,
    /// Review only this shard's page × locale jobs ([`shard::owned`]) of every locale
    /// (`locales` is then ignored), and write them into `out` as a part for
    /// [`shard::merge`] instead of a review folder.
    pub shard: Option<ShardSpec>,
}

impl Default for ReviewOptions {
    fn default() -> Self {
        ReviewOptions {
            locales: Vec::new(),
            widths: vec![1280, 375],
            out: None,
            browser: None,
            shard: None,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ReviewError {
    #[error("--locale {0}: not a configured locale")]
    UnknownLocale(String),
    #[error("{0}")]
    Build(#[from] BuildError),
    #[error("{0}")]
    Browser(#[from] PdfError),
    #[error(transparent)]
    Publish(#[from] PublishError),
    #[error("cannot make a temporary folder for the instrumented site: {0}")]
    Temp(std::io::Error),
    #[error(transparent)]
    Part(#[from] shard::ReviewMergeError),
}

impl ReviewError {
    /// A usage or configuration error (exit 2), not a review that failed on its input.
    pub fn is_usage(&self) -> bool {
        match self {
            ReviewError::UnknownLocale(_) => true,
            ReviewError::Build(e) => {
                e.is_refusal()
                    || matches!(e, BuildError::MissingTemplate { .. } | BuildError::Intl(_))
            }
            ReviewError::Publish(PublishError::Refused { .. } | PublishError::Outside(_)) => true,
            ReviewError::Browser(PdfError::BrowserNotFound | PdfError::BrowserNotExecutable(_)) => {
                true
            }
            _ => false,
        }
    }
}

/// What a review found and how long it took.
#[derive(Debug, Default)]
pub struct ReviewReport {
    /// Layout findings only; `check`'s own are on the review pages.
    pub findings: Vec<Finding>,
    pub pages: Vec<PageReview>,
    pub browser: Option<PathBuf>,
    pub timings: Timings,
    /// Screenshots written.
    pub screenshots: usize,
    /// The review folder, when one was written.
    pub dir: Option<PathBuf>,
}

#[derive(Debug, Default, Clone, serde::Serialize, serde::Deserialize)]
pub struct Timings {
    pub build_ms: u128,
    pub browser_start_ms: u128,
    pub measure_ms: u128,
    pub write_ms: u128,
    /// Inside `measure_ms`, summed over the tabs at work at once (see
    /// [`browser::StageClock`]): loading pages and their fonts, layout and the measuring
    /// script, the browser's screenshots, cutting and encoding them, writing them, printing.
    pub tabs: TabTimings,
}

#[derive(Debug, Default, Clone, serde::Serialize, serde::Deserialize)]
pub struct TabTimings {
    pub load_ms: u128,
    pub layout_ms: u128,
    pub capture_ms: u128,
    pub crop_ms: u128,
    pub files_ms: u128,
    pub print_ms: u128,
}

impl TabTimings {
    fn read(clock: &browser::StageClock) -> TabTimings {
        let ms = browser::StageClock::ms;
        TabTimings {
            load_ms: ms(&clock.load),
            layout_ms: ms(&clock.layout),
            capture_ms: ms(&clock.capture),
            crop_ms: ms(&clock.crop),
            files_ms: ms(&clock.files),
            print_ms: ms(&clock.print),
        }
    }
}

/// One page × locale as the review shows it.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct PageReview {
    pub page: String,
    pub locale: String,
    pub translated_percent: f64,
    pub messages: Vec<MessageReview>,
    /// At each width, in the options' order.
    pub measured: Vec<Measured>,
    pub sheets: Option<usize>,
    /// Each message's text as its print page (and PDF) shows it, by id.
    pub printed: Vec<(String, String)>,
    /// How many of the report's layout findings are this page's in this locale.
    pub layout_problems: usize,
}

/// One message of a page in a locale: its text, where it is and what is wrong with it.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct MessageReview {
    pub id: String,
    pub source: String,
    /// The locale's own text; `None` when it falls back.
    pub translation: Option<String>,
    /// The locale the page takes it from when not its own.
    pub fallback: Option<String>,
    /// `path:line:column` of the message in the file to edit.
    pub edit: String,
}

pub fn review(config: &Config, options: &ReviewOptions) -> Result<ReviewReport, ReviewError> {
    for tag in &options.locales {
        if config.locale(tag).is_none() {
            return Err(ReviewError::UnknownLocale(tag.clone()));
        }
    }
    let origin = match options.shard {
        Some(_) => "--part",
        None => "the review folder (-o)",
    };
    // First, so a refused folder costs nothing.
    let folder = options
        .out
        .as_deref()
        .map(|dir| SiteDir::other(config, dir, origin))
        .transpose()?;
    let mut report = ReviewReport::default();
    let started = Instant::now();
    let selected: Vec<&LocaleConfig> = config
        .locales
        .iter()
        .filter(|l| {
            options.shard.is_some()
                || l.tag == config.source_locale
                || options.locales.is_empty()
                || options.locales.contains(&l.tag)
        })
        .collect();
    let all_jobs = shard::jobs(config, &selected);
    let jobs: Vec<(&PageConfig, &LocaleConfig)> = match options.shard {
        Some(spec) => {
            let owner = shard::owned(&all_jobs, &options.widths, spec);
            all_jobs
                .iter()
                .zip(owner)
                .filter(|(_, s)| *s == spec.index)
                .map(|(job, _)| *job)
                .collect()
        }
        None => all_jobs.clone(),
    };
    // A shard renders only its jobs' locales; every selected locale is still published
    // in them, so their language switchers are a whole run's.
    let built_locales: Vec<&LocaleConfig> = selected
        .iter()
        .filter(|l| jobs.iter().any(|(_, own)| own.tag == l.tag))
        .copied()
        .collect();
    let site = tempfile::Builder::new()
        .prefix("fluentpress-review-")
        .tempdir()
        .map_err(ReviewError::Temp)?;
    let site_root = site.path().join("site");
    let built = if built_locales.is_empty() {
        Vec::new()
    } else {
        build_instrumented(config, &selected, &built_locales, &site_root)?.pages
    };
    report.timings.build_ms = started.elapsed().as_millis();

    let catalog = Catalog::load(config);
    let data = RenderData::new(&catalog, config.locales.iter()).map_err(BuildError::from)?;
    let mut pages = describe_pages(config, &catalog, &data, &built, &jobs);

    let staging = folder.as_ref().map(SiteDir::begin).transpose()?;
    let page_jobs: Vec<PageJob> = pages
        .iter()
        .map(|p| {
            let page = page_config(config, &p.page);
            PageJob {
                html: site_root.join(&p.locale).join(&page.output),
                shots: staging
                    .as_ref()
                    .map(|s| s.path().join("shots").join(&p.page).join(&p.locale)),
                plain: p
                    .messages
                    .iter()
                    .map(|m| {
                        let text = m.translation.as_deref().unwrap_or(&m.source);
                        (m.id.clone(), first_literal(text))
                    })
                    .collect(),
            }
        })
        .collect();
    let prints: Vec<PathBuf> = pages
        .iter()
        .filter_map(|p| {
            let page = page_config(config, &p.page);
            page.print_template
                .as_ref()
                .map(|_| site_root.join(&p.locale).join(&page.print_output))
        })
        .collect();

    // A shard given no jobs (more shards than jobs) has nothing to open.
    if !pages.is_empty() {
        let starting = Instant::now();
        let explicit = options.browser.as_deref().or(config.pdf.browser.as_deref());
        let browser = PdfPrinter::find_browser(explicit)?;
        // Review opens a tab per page of its own; the printer's pool would sit idle.
        let printer = PdfPrinter::launch_with_tabs(&browser, 1)?;
        report.timings.browser_start_ms = starting.elapsed().as_millis();
        let measuring = Instant::now();
        let tabs = std::thread::available_parallelism().map_or(2, |n| n.get() * 2);
        let clock = browser::StageClock::default();
        let (measured, sheets) = browser::inspect(
            &printer,
            &page_jobs,
            &options.widths,
            &prints,
            tabs.clamp(2, 8),
            &clock,
        );
        drop(printer);
        report.browser = Some(browser);
        report.timings.measure_ms = measuring.elapsed().as_millis();
        report.timings.tabs = TabTimings::read(&clock);

        let mut sheets = sheets.into_iter();
        for (page, measured) in pages.iter_mut().zip(measured) {
            page.measured = measured?;
            if page_config(config, &page.page).print_template.is_some() {
                if let Some(printed) = sheets.next().transpose()? {
                    page.sheets = Some(printed.sheets);
                    page.printed = printed.texts;
                }
            }
        }
    }
    if let Some(staging) = &staging {
        for m in pages
            .iter_mut()
            .flat_map(|p| p.measured.iter_mut())
            .flat_map(|m| m.messages.iter_mut())
        {
            if let Some(shot) = m.shot.take() {
                let relative = Path::new(&shot)
                    .strip_prefix(staging.path())
                    .unwrap_or(Path::new(&shot));
                m.shot = Some(relative.to_string_lossy().replace('\\', "/"));
                report.screenshots += 1;
            }
        }
    }
    let found = layout_findings(config, &catalog, &pages);

    if let Some(spec) = options.shard {
        // What needs every shard's pages (a print page's sheets against the source's)
        // is left to the merge; the console shows what this shard found.
        if let (Some(folder), Some(staging)) = (&folder, staging) {
            let writing = Instant::now();
            let part = shard::ReviewPart::new(
                config,
                &options.widths,
                spec,
                &all_jobs,
                &pages,
                &found,
                &report,
                &staging,
            )?;
            part.write(&staging)?;
            staging.publish()?;
            report.dir = Some(folder.path().to_path_buf());
            report.timings.write_ms = writing.elapsed().as_millis();
        }
        for mut found in found {
            apply_severity_overrides(config, &mut found);
            report.findings.extend(found);
        }
        report.pages = pages;
        return Ok(report);
    }
    report.findings = finish_findings(config, &catalog, &mut pages, found);
    report.pages = pages;

    if let (Some(folder), Some(staging)) = (folder, staging) {
        let writing = Instant::now();
        write_folder(config, &catalog, &report, staging, &options.widths)?;
        ignore_in_git(config, folder.path());
        report.dir = Some(folder.path().to_path_buf());
        report.timings.write_ms = writing.elapsed().as_millis();
    }
    Ok(report)
}

/// The review folder of `report` written into `staging` and put in place: the pages show
/// `check`'s findings beside the layout ones.
pub(crate) fn write_folder(
    config: &Config,
    catalog: &Catalog,
    report: &ReviewReport,
    staging: crate::site::publish::Staging,
    widths: &[u32],
) -> Result<(), PublishError> {
    let lock = Lock::load(&config.root).unwrap_or_default();
    let checked = check(config, catalog, &lock, &CheckOptions::default());
    pages::write(config, report, &checked.findings, &staging, widths)?;
    staging.publish()
}

/// Every page's layout findings, in `pages`' order, with the page's `print-overflow`
/// (which compares it with the source's page) after its own, and the config's
/// severities; sets each page's `layout_problems`.
pub(crate) fn finish_findings(
    config: &Config,
    catalog: &Catalog,
    pages: &mut [PageReview],
    found: Vec<Vec<Finding>>,
) -> Vec<Finding> {
    let overflows: Vec<Option<Finding>> = pages
        .iter()
        .map(|page| print_overflow(config, catalog, pages, page))
        .collect();
    let mut all = Vec::new();
    for ((page, mut found), overflow) in pages.iter_mut().zip(found).zip(overflows) {
        found.extend(overflow);
        apply_severity_overrides(config, &mut found);
        page.layout_problems = found.len();
        all.extend(found);
    }
    all
}

/// The site with each message marked by its id, every `publish` locale rendered as
/// published whether it is ready or not (a translator reviews the unfinished ones
/// most); only the `render` locales' pages are written.
fn build_instrumented(
    config: &Config,
    publish: &[&LocaleConfig],
    render: &[&LocaleConfig],
    dir: &Path,
) -> Result<BuildReport, ReviewError> {
    let mut config = config.clone();
    for page in &mut config.pages {
        for locale in publish {
            page.publish.insert(locale.tag.clone(), true);
        }
    }
    let options = BuildOptions {
        locales: render.iter().map(|l| l.tag.clone()).collect(),
        site_dir: Some(SiteDir::other(
            &config,
            dir,
            "review's instrumented site (a temporary folder)",
        )?),
        instrument: true,
        ..BuildOptions::default()
    };
    Ok(build(&config, &options)?)
}

fn page_config<'c>(config: &'c Config, name: &str) -> &'c PageConfig {
    config
        .pages
        .iter()
        .find(|p| p.name == name)
        .unwrap_or(&config.pages[0])
}

/// Every rendered message of each job's page × locale, with its source and translated
/// text and the file to edit.
fn describe_pages(
    config: &Config,
    catalog: &Catalog,
    data: &RenderData,
    built: &[crate::site::build::PageReport],
    jobs: &[(&PageConfig, &LocaleConfig)],
) -> Vec<PageReview> {
    let Some(source) = config.locale(&config.source_locale) else {
        return Vec::new();
    };
    let mut pages = Vec::new();
    for (page, locale) in jobs {
        let source_l10n = Localizer::new(config, data, page, source);
        let Some(rendered) = built
            .iter()
            .find(|r| r.page == page.name && r.locale == locale.tag)
        else {
            continue;
        };
        let l10n = Localizer::new(config, data, page, locale);
        let messages = rendered
            .log
            .messages
            .iter()
            .map(|id| {
                let format = |l: &Localizer| {
                    l.format(id, &FluentArgs::new(), &mut Vec::new())
                        .map(|f| (strip_isolation(&f.text), f.depth))
                };
                let own = format(&l10n);
                let (translation, fallback) = match &own {
                    Some((text, 0)) => (Some(text.clone()), None),
                    Some((_, depth)) => (None, Some(l10n.tag_at(*depth).0.to_string())),
                    None => (None, Some(config.source_locale.clone())),
                };
                let edit_in = if translation.is_some() {
                    &locale.tag
                } else {
                    &config.source_locale
                };
                MessageReview {
                    id: id.clone(),
                    source: format(&source_l10n).map(|(t, _)| t).unwrap_or_default(),
                    translation,
                    fallback,
                    edit: where_defined(catalog, edit_in, id)
                        .map(|(path, loc)| format!("{}:{loc}", path.display()))
                        .unwrap_or_default(),
                }
            })
            .collect();
        pages.push(PageReview {
            page: page.name.clone(),
            locale: locale.tag.clone(),
            translated_percent: rendered.translated_percent,
            messages,
            measured: Vec::new(),
            sheets: None,
            printed: Vec::new(),
            layout_problems: 0,
        });
    }
    pages
}

/// The file and line:column that define `id` (or `id.attr`) in `locale`.
fn where_defined(
    catalog: &Catalog,
    locale: &str,
    id: &str,
) -> Option<(PathBuf, crate::finding::location::Location)> {
    let files = catalog.locale(locale)?;
    let units = files.units();
    let (message, attribute) = match id.split_once('.') {
        Some((m, a)) => (m, Some(a)),
        None => (id, None),
    };
    let (file, entry) = units.get(message)?;
    let at = attribute
        .and_then(|a| entry.unit.attributes().iter().find(|x| x.id.name == a))
        .map(|a| file.location_of(a.id.name))
        .unwrap_or_else(|| file.unit_location(&entry.unit));
    Some((file.path.clone(), at))
}

/// The text before the first placeable a formatting without arguments could not fill:
/// what the browser can search the page for.
fn first_literal(text: &str) -> String {
    text.split('{').next().unwrap_or("").trim().to_string()
}

/// `text-overflow`, `missing-glyph` and `title-length`, each on the message's
/// file:line in the locale (or the source's, for a message that falls back); one list
/// per page × locale, in the order of `pages`. `print-overflow` compares two pages,
/// which may be in two shards: [`finish_findings`] adds it.
fn layout_findings(config: &Config, catalog: &Catalog, pages: &[PageReview]) -> Vec<Vec<Finding>> {
    let coverage = glyphs::Coverage::installed();
    let mut per_page = Vec::with_capacity(pages.len());
    let locate = |page: &PageReview, id: &str, code: Code, message: String| {
        let message_review = page.messages.iter().find(|m| m.id == id);
        let owner = match message_review {
            Some(m) if m.translation.is_none() => config.source_locale.as_str(),
            _ => page.locale.as_str(),
        };
        let mut finding = match where_defined(catalog, owner, id) {
            Some((path, at)) => {
                let line = catalog
                    .locale(owner)
                    .and_then(|f| f.files.iter().find(|f| f.path == path))
                    .map(|f| f.line_text(at.line).to_string())
                    .unwrap_or_default();
                Finding::new(code, code.default_severity(), &page.locale, path, message).at(
                    at,
                    &line,
                    id.len(),
                )
            }
            None => Finding::new(
                code,
                code.default_severity(),
                &page.locale,
                PathBuf::new(),
                message,
            ),
        };
        finding = finding.id(id);
        finding
    };
    for page in pages {
        let mut findings = Vec::new();
        for measured in &page.measured {
            for m in &measured.messages {
                if let Some(why) = &m.overflow {
                    findings.push(locate(
                        page,
                        &m.id,
                        Code::TextOverflow,
                        format!("page `{}` at {} px: {why}", page.page, measured.width),
                    ));
                }
            }
        }
        let listed = |missing: &[char]| {
            missing
                .iter()
                .map(|c| format!("U+{:04X} `{c}`", *c as u32))
                .collect::<Vec<_>>()
        };
        if let Some(coverage) = &coverage {
            for m in &page.messages {
                let text = m.translation.as_deref().unwrap_or(&m.source);
                let missing = coverage.missing(text);
                if !missing.is_empty() {
                    let list = listed(&missing);
                    findings.push(locate(
                        page,
                        &m.id,
                        Code::MissingGlyph,
                        format!(
                            "no installed font has {} (page `{}`, web and print): it shows as an empty box",
                            list.join(", "),
                            page.page
                        ),
                    ));
                }
            }
            // What only the PDF shows: arguments the print page fills in, numbers in the
            // locale's digits. Characters the message's own text lacks are told above.
            for (id, printed) in &page.printed {
                let own = page
                    .messages
                    .iter()
                    .find(|m| &m.id == id)
                    .map(|m| coverage.missing(m.translation.as_deref().unwrap_or(&m.source)))
                    .unwrap_or_default();
                let missing: Vec<char> = coverage
                    .missing(printed)
                    .into_iter()
                    .filter(|c| !own.contains(c))
                    .collect();
                if !missing.is_empty() {
                    findings.push(locate(
                        page,
                        id,
                        Code::MissingGlyph,
                        format!(
                            "no installed font has {} in the PDF of page `{}` (as its print page fills the message in): it prints as an empty box",
                            listed(&missing).join(", "),
                            page.page
                        ),
                    ));
                }
            }
        }
        if let Some(measured) = page.measured.first() {
            let checks = [
                (&measured.title, TITLE_MAX_PX, "title", 20),
                (
                    &measured.description,
                    DESCRIPTION_MAX_PX,
                    "meta description",
                    14,
                ),
            ];
            for (text, limit, what, px) in checks {
                let Some(text) = text.as_ref().filter(|t| t.width > limit) else {
                    continue;
                };
                // The first message whose text the title or description shows.
                let id = page
                    .messages
                    .iter()
                    .find(|m| {
                        let own = first_literal(m.translation.as_deref().unwrap_or(&m.source));
                        !own.is_empty() && text.text.contains(&own)
                    })
                    .map(|m| m.id.clone())
                    .unwrap_or_default();
                findings.push(locate(
                    page,
                    &id,
                    Code::TitleLength,
                    format!(
                        "the page's {what} is {:.0} px wide at {px} px, over the {limit:.0} px search results show: \"{}\"",
                        text.width, text.text
                    ),
                ));
            }
        }
        per_page.push(findings);
    }
    per_page
}

/// `print-overflow`: `page`'s print page needs more sheets than the source's of the same
/// page (found among `pages`).
fn print_overflow(
    config: &Config,
    catalog: &Catalog,
    pages: &[PageReview],
    page: &PageReview,
) -> Option<Finding> {
    let source = pages
        .iter()
        .find(|p| p.page == page.page && p.locale == config.source_locale)
        .and_then(|p| p.sheets)?;
    let own = page.sheets?;
    if own <= source || page.locale == config.source_locale {
        return None;
    }
    let file = page_config(config, &page.page)
        .resources
        .first()
        .and_then(|name| catalog.locale(&page.locale)?.file(name))
        .map(|f| f.path.clone())
        .unwrap_or_default();
    Some(Finding::new(
        Code::PrintOverflow,
        Code::PrintOverflow.default_severity(),
        &page.locale,
        file,
        format!(
            "the print page of `{}` needs {own} sheets, the source's {source}: shorten the longest messages or check the print layout",
            page.page
        ),
    ))
}

/// Like Cargo's `target/`: the default folder tells git to ignore it.
fn ignore_in_git(config: &Config, dir: &Path) {
    // The folder exists by now; `--root .` and `-o` spell the same folder differently.
    let same = |a: &Path, b: &Path| match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    if !same(dir, &config.root.join(REVIEW_DIR)) {
        return;
    }
    if let Some(parent) = dir.parent() {
        let ignore = parent.join(".gitignore");
        if !ignore.exists() {
            let _ = std::fs::write(ignore, "# written by fluentpress\n*\n");
        }
    }
}
