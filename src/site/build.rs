//! `build`: every page × published locale to web and print HTML, the
//! language chooser, the sitemap and the build report, written atomically.
//!
//! [`build`] is the list of its stages; each is a function below it, in order.

use crate::fluent::catalog::Catalog;
use crate::fluent::coverage::{page_coverage, PageCoverage, ResourceCoverage};
use crate::fluent::validate::{validate_catalog, InputError};
use crate::project::config::{Config, LocaleConfig, PageConfig};
use crate::project::walk::{Walk, WalkError};
use crate::render::{Localizer, PageL10n, RenderData, RenderLog, TemplateError, Templates};
use crate::site::cache::PageText;
use crate::site::pdf::PdfPrinter;
use crate::site::publish::{FileId, PublishError, SiteDir, Staging};
use crate::site::shard::ShardSpec;
use crate::site::stale::StalePages;
use minijinja::Value;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Version of the `build-report.json` schema.
pub const REPORT_VERSION: u32 = 1;

#[derive(Debug, Default, Clone)]
pub struct BuildOptions {
    /// Told `(printed, total)` after each PDF, for a progress bar.
    pub progress: Option<PdfProgress>,
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
    /// Publish here instead of the config's `out/` (the preview's own folder, or a
    /// shard's part).
    pub site_dir: Option<SiteDir>,
    /// Mark each rendered message with its id, for `review` (never for `out/`).
    pub instrument: bool,
    /// Build only this shard's page × locale jobs, as a part for `merge` (with
    /// [`crate::site::manifest::MANIFEST`] in place of the build report).
    pub shard: Option<ShardSpec>,
    /// Copy PDFs whose inputs did not change from this cache folder, and keep new ones there.
    pub cache: Option<PathBuf>,
}

/// A PDF progress callback in [`BuildOptions`] (which stay `Debug` and `Clone`).
#[derive(Clone)]
pub struct PdfProgress(pub std::sync::Arc<crate::site::pdf::Progress>);

impl std::fmt::Debug for PdfProgress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PdfProgress(..)")
    }
}

/// What happened to PDFs in a build.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct PdfSummary {
    pub requested: bool,
    pub printed: usize,
    /// The browser that printed them; not in the published report, which should not
    /// tell the world how the build machine is laid out.
    #[serde(skip)]
    pub browser: Option<PathBuf>,
    /// PDFs copied from `--cache` instead of printed (also counted in `printed`); for the
    /// console, since it depends on the machine's cache, not the inputs.
    #[serde(skip)]
    pub cached: usize,
    /// Why no PDF was printed at all (no browser, say), with what to do.
    pub skipped: Option<String>,
    /// Wall time of starting the browser and of printing, in milliseconds: for the
    /// console, never published, so that two builds of the same inputs are identical.
    #[serde(skip)]
    pub browser_start_ms: u128,
    #[serde(skip)]
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
    #[error("cannot read {path} of the site being replaced: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    /// Some pages did not print. The whole build fails, so no web page links a PDF
    /// that is not there.
    #[error("{} PDF(s) could not be printed:\n{}", .0.len(), .0.join("\n"))]
    Pdf(Vec<String>),
    #[error(transparent)]
    Publish(#[from] PublishError),
    #[error("{0}\n  hint: `stale_notice` in fluentpress.toml reads the lock")]
    Lock(#[from] crate::project::lock::LockError),
}

impl BuildError {
    /// The build was refused before anything was written (a usage or configuration
    /// error, not a failed build): the site folder or a page name is unsafe.
    pub fn is_refusal(&self) -> bool {
        matches!(
            self,
            BuildError::Publish(PublishError::Refused { .. } | PublishError::Outside(_))
        )
    }
}

/// `out/build-report.json`: what every page × locale rendered and why.
#[derive(Debug, Serialize)]
pub struct BuildReport {
    pub version: u32,
    pub pages: Vec<PageReport>,
    pub pdf: PdfSummary,
    /// For the console: what `--cache` saved depends on the machine's cache, not the
    /// inputs, and is not published.
    #[serde(skip)]
    pub cache: PageCacheSummary,
    /// How long each stage took, for the console (`FLUENTPRESS_TIMINGS=1`).
    #[serde(skip)]
    pub timings: StageTimings,
}

/// The wall time of each stage of a build, in order.
#[derive(Debug, Default)]
pub struct StageTimings {
    pub stages: Vec<(&'static str, std::time::Duration)>,
    last: Option<std::time::Instant>,
}

impl StageTimings {
    fn started() -> StageTimings {
        StageTimings {
            stages: Vec::new(),
            last: Some(std::time::Instant::now()),
        }
    }

    /// Ends stage `name`, begun where the last one ended.
    fn done(&mut self, name: &'static str) {
        let now = std::time::Instant::now();
        if let Some(last) = self.last.replace(now) {
            self.stages.push((name, now - last));
        }
    }
}

/// What `--cache` did with the web and print pages of a build.
#[derive(Debug, Default)]
pub struct PageCacheSummary {
    /// Page files copied from the cache.
    pub copied: usize,
    /// Page files rendered (none copied), relative to the site; only with `--cache`.
    pub rendered: Vec<String>,
}

#[derive(Debug, Serialize, Deserialize)]
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

impl BuildReport {
    /// The published `build-report.json`.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
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

/// A locale on the language chooser: its link, and the chooser's own words in that locale,
/// so every reader finds a line in their own script.
#[derive(Debug, Serialize)]
struct ChooserEntry {
    #[serde(flatten)]
    link: Alternate,
    title: Option<ChooserLine>,
    intro: Option<ChooserLine>,
}

/// A message as plain text with the language it came in: the locale's own, or its
/// fallback's when the locale lacks it.
#[derive(Debug, Serialize)]
struct ChooserLine {
    text: String,
    lang: String,
    dir: String,
}

impl ChooserLine {
    /// `None` when no locale of the chain formats `id`; the chooser is rendered in the
    /// source locale, whose own use of the message reports that.
    fn of(localizer: &Localizer, id: &str) -> Option<ChooserLine> {
        let formatted = localizer.format(id, &fluent_bundle::FluentArgs::new(), &mut Vec::new())?;
        if formatted.failed {
            return None;
        }
        let (lang, dir) = localizer.tag_at(formatted.depth);
        let text = crate::fluent::chars::strip_forbidden(&formatted.text);
        Some(ChooserLine {
            text: crate::render::strip_isolation(&text),
            lang: lang.to_string(),
            dir: dir.as_str().to_string(),
        })
    }
}

/// One rendered file waiting to be written.
struct Output {
    path: String,
    content: PageText,
    /// Where this print page's PDF goes when PDFs are asked for; relative to `out/`.
    pdf: Option<String>,
    /// Taken from `--cache`, not rendered.
    cached: bool,
    /// The page file as `--cache` knows it, for the cache's record of the site.
    entry: Option<crate::site::cache::Entry>,
}

impl Output {
    /// A file made in this build, not a page file the cache knows.
    fn made(path: String, content: String, pdf: Option<String>) -> Output {
        Output {
            path,
            content: PageText::Text(content),
            pdf,
            cached: false,
            entry: None,
        }
    }

    /// The file's text, read from the site folder being replaced if it is there.
    fn text(&self) -> Result<std::borrow::Cow<'_, str>, BuildError> {
        self.content.get().map_err(|source| BuildError::Read {
            path: self.path.clone().into(),
            source,
        })
    }
}

/// The checked input of a build.
struct Inputs {
    catalog: Catalog,
    templates: Templates,
}

/// One page's coverage in every configured locale.
struct PageCoverages<'c> {
    page: &'c PageConfig,
    locales: Vec<PageCoverage>,
}

impl PageCoverages<'_> {
    fn of(&self, tag: &str) -> Option<&PageCoverage> {
        self.locales.iter().find(|c| c.locale == tag)
    }

    fn published(&self, tag: &str) -> bool {
        self.of(tag).is_some_and(|c| c.published)
    }
}

/// One page × locale to render.
struct Job<'j> {
    page: &'j PageConfig,
    locale: &'j LocaleConfig,
    coverage: &'j PageCoverage,
    links: &'j PageLinks,
    /// Messages of the page translated from an older source (0 without `stale_notice`).
    stale: usize,
}

/// A page's links to itself in other locales, the same from every locale it is
/// published in: made once per page, not once per page × locale.
struct PageLinks {
    /// Every locale the page is published in: the switcher and hreflang.
    alternates: Vec<Alternate>,
    x_default: Alternate,
    /// A hash of both, which a page's cache slot holds in their place: serialising
    /// them for every page × locale was half of working out the slots.
    key: String,
}

impl Serialize for PageLinks {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.key)
    }
}

impl PageLinks {
    fn of(config: &Config, templates: &Templates, cov: &PageCoverages) -> PageLinks {
        let page = cov.page;
        let alternates: Vec<Alternate> = config
            .locales
            .iter()
            .filter(|l| cov.published(&l.tag))
            .map(|l| alternate(config, l, &page.output))
            .collect();
        let x_default = x_default(config, templates.has("chooser.html"), page);
        let key = crate::site::cache::json_key(&(&alternates, &x_default));
        PageLinks {
            alternates,
            x_default,
            key,
        }
    }
}

/// The values a page's template is given, as Rust data: a cached build hashes them for
/// the page's cache slot (minijinja values were slow to serialise) and makes them
/// into the template's context only for a page it renders.
#[derive(Serialize)]
struct PageContext<'a> {
    locale: LocaleValue<'a>,
    page: PageValues<'a>,
    /// The switcher's and hreflang's links (`alternates`, `x_default` in the template).
    links: &'a PageLinks,
    fallback_endonym: &'a Option<String>,
    root: &'static str,
}

impl PageContext<'_> {
    fn to_value(&self) -> Value {
        // Every field, so that none is hashed but not given (or given but not hashed).
        let PageContext {
            locale,
            page,
            links,
            fallback_endonym,
            root,
        } = self;
        minijinja::context! {
            locale => locale.to_value(),
            page => page.to_value(),
            alternates => Value::from(minijinja::value::Serde(&links.alternates)),
            x_default => Value::from(minijinja::value::Serde(&links.x_default)),
            fallback_endonym => *fallback_endonym,
            root => *root,
        }
    }
}

/// The `page` object of [`PageContext`].
#[derive(Serialize)]
struct PageValues<'a> {
    name: &'a String,
    url: String,
    web_url: String,
    web: &'a String,
    print: &'a String,
    pdf: &'a String,
    has_print: bool,
    is_print: bool,
    missing: usize,
    stale: usize,
    translated_percent: f64,
}

impl PageValues<'_> {
    fn to_value(&self) -> Value {
        let PageValues {
            name,
            url,
            web_url,
            web,
            print,
            pdf,
            has_print,
            is_print,
            missing,
            stale,
            translated_percent,
        } = self;
        minijinja::context! {
            name => *name,
            url => url,
            web_url => web_url,
            web => *web,
            print => *print,
            pdf => *pdf,
            has_print => *has_print,
            is_print => *is_print,
            missing => *missing,
            stale => *stale,
            translated_percent => *translated_percent,
        }
    }
}

/// The `locale` object templates see: tag, direction, endonym, and for print pages the
/// page-number counter style and paper size.
#[derive(Serialize)]
struct LocaleValue<'a> {
    tag: &'a String,
    dir: &'static str,
    endonym: &'a String,
    counter_style: &'static str,
    paper: &'static str,
}

impl<'a> LocaleValue<'a> {
    fn of(locale: &'a LocaleConfig, formats: Option<&crate::intl::LocaleFormats>) -> Self {
        LocaleValue {
            tag: &locale.tag,
            dir: locale.dir.as_str(),
            endonym: &locale.endonym,
            counter_style: formats.map_or("decimal", |f| f.css_counter_style()),
            paper: locale.paper.css(),
        }
    }

    fn to_value(&self) -> Value {
        let LocaleValue {
            tag,
            dir,
            endonym,
            counter_style,
            paper,
        } = self;
        minijinja::context! {
            tag => *tag,
            dir => *dir,
            endonym => *endonym,
            counter_style => *counter_style,
            paper => *paper,
        }
    }
}

/// One page × locale rendered: its report and its files (none when unpublished).
struct RenderedPage {
    report: PageReport,
    outputs: Vec<Output>,
}

/// Every page × locale of this shard rendered.
#[derive(Default)]
struct Rendered {
    reports: Vec<PageReport>,
    outputs: Vec<Output>,
    /// The index of each report's job among all jobs of the build (every shard's).
    jobs: Vec<usize>,
    /// How many jobs the build has, over all shards.
    total: usize,
    cache: PageCacheSummary,
}

/// A bilingual edition: made, or why not (a warning in the page's report).
enum Edition {
    Made(Output),
    Skipped(String),
}

/// The browser this build would print with, if any, and what the report says about it.
/// It is started only when a PDF is not in the cache.
struct Printer {
    summary: PdfSummary,
    browser: Option<PathBuf>,
}

/// What every rendering stage reads.
struct Site<'s> {
    config: &'s Config,
    options: &'s BuildOptions,
    catalog: &'s Catalog,
    data: &'s RenderData,
    templates: &'s Templates,
    coverage: &'s [PageCoverages<'s>],
    cache: Option<&'s crate::site::cache::PageCache<'s>>,
    stale: &'s StalePages,
}

pub fn build(config: &Config, options: &BuildOptions) -> Result<BuildReport, BuildError> {
    // First, so a refused folder costs nothing and no work is done for it.
    let site_dir = match &options.site_dir {
        Some(dir) => dir.clone(),
        None => SiteDir::out(config)?,
    };
    let mut timings = StageTimings::started();
    let mut inputs = load_inputs(config, options)?;
    let mut printer = find_printer(config, options);
    timings.done("load");
    loop {
        match build_with(
            config,
            options,
            &site_dir,
            &mut inputs,
            printer,
            &mut timings,
        )? {
            Ok(report) => return Ok(report),
            // The pages link PDFs the browser did not start to print: built again without
            // the links (a build without a browser ends here).
            Err(summary) => {
                printer = Printer {
                    summary,
                    browser: None,
                }
            }
        }
    }
}

/// [`build`] with a browser found (or not): `Ok(Err(summary))` when the browser was
/// needed and did not start, with why, and nothing was published.
fn build_with(
    config: &Config,
    options: &BuildOptions,
    site_dir: &SiteDir,
    inputs: &mut Inputs,
    printer: Printer,
    timings: &mut StageTimings,
) -> Result<Result<BuildReport, PdfSummary>, BuildError> {
    let Inputs { catalog, templates } = inputs;
    let catalog = &*catalog;
    // Known before rendering: web pages link their PDF only when a browser will print it.
    let printer_links_pdfs = printer.browser.is_some();
    templates.set_global("pdf", printer_links_pdfs);
    if options.instrument {
        templates.instrument_for_review();
    }
    let pseudo = if options.pseudo {
        crate::render::pseudo::locales(&config.source_locale)
    } else {
        Vec::new()
    };
    let data = RenderData::new(
        catalog,
        config.locales.iter().chain(pseudo.iter().map(|(l, _)| l)),
    )?;
    let coverage = coverage(config, catalog);
    let page_cache = options.cache.as_deref().map(|dir| {
        crate::site::cache::PageCache::new(dir, site_dir.path(), config, templates, catalog)
    });
    let stale = StalePages::new(config, catalog)?;
    timings.done("prepare");
    let site = Site {
        config,
        options,
        catalog,
        data: &data,
        templates,
        coverage: &coverage,
        cache: page_cache.as_ref(),
        stale: &stale,
    };
    let shard = options.shard.unwrap_or(ShardSpec::WHOLE);
    let mut rendered = site.render_pages(&pseudo, shard)?;
    site.bilingual_editions(&mut rendered)?;
    // The site-wide files depend on every page's coverage, which every shard knows;
    // the first shard writes them, once.
    if shard.index == 0 {
        rendered.outputs.push(site.sitemap());
        rendered.outputs.extend(site.chooser()?);
    }
    timings.done("render");
    let (staging, staged) = stage(config, options, site_dir, &rendered.outputs)?;
    timings.done("stage");
    let mut report = BuildReport {
        version: REPORT_VERSION,
        pages: rendered.reports,
        pdf: printer.summary,
        cache: rendered.cache,
        timings: StageTimings::default(),
    };
    if let Some(browser) = &printer.browser {
        let epoch = crate::site::pdf::source_date_epoch();
        let cache = options.cache.as_deref().map(|dir| {
            crate::site::cache::PdfCache::new(
                dir,
                &config.templates_dir().join("assets"),
                Some(browser),
                epoch,
            )
        });
        let printed = print_pdfs(
            browser,
            &mut report.pdf,
            &staging,
            &rendered.outputs,
            &mut report.pages,
            PrintSettings {
                epoch,
                cache: cache.as_ref(),
                progress: options.progress.as_ref().map(|p| &*p.0),
            },
        )?;
        match printed {
            Err(reason) => {
                let mut summary = report.pdf;
                summary.skipped = Some(reason);
                return Ok(Err(summary));
            }
            Ok(failed) if !failed.is_empty() => return Err(BuildError::Pdf(failed)),
            Ok(_) => {}
        }
        timings.done("pdf");
    }
    if options.shard.is_some() {
        // The manifest reads the staged files.
        staging.settle()?;
        let manifest = crate::site::manifest::Manifest::of_part(
            config,
            options,
            printer_links_pdfs,
            shard,
            rendered.total,
            rendered.jobs,
            &report,
            staging.path(),
        )
        .map_err(|(path, source)| BuildError::Write { path, source })?;
        staging.write(
            crate::site::manifest::MANIFEST,
            manifest.to_json().as_bytes(),
        )?;
    } else {
        staging.write_or_link("build-report.json", report.to_json().as_bytes())?;
    }
    staging.publish()?;
    if let Some(cache) = &page_cache {
        let published = rendered
            .outputs
            .iter()
            .zip(staged)
            .filter_map(|(output, file)| {
                Some((output.path.as_str(), output.entry.as_ref()?, file?))
            });
        cache.record(published);
    }
    timings.done("publish");
    report.timings = std::mem::take(timings);
    Ok(Ok(report))
}

/// Catalog and templates, checked: unknown locales asked for, input errors and
/// missing templates stop the build here.
fn load_inputs(config: &Config, options: &BuildOptions) -> Result<Inputs, BuildError> {
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
    Ok(Inputs { catalog, templates })
}

/// Every page's coverage in every configured locale, built or not: the switcher, the
/// chooser and the sitemap list all published locales.
fn coverage<'c>(config: &'c Config, catalog: &Catalog) -> Vec<PageCoverages<'c>> {
    let mut counted: std::collections::HashMap<(&[String], &str), ResourceCoverage> =
        std::collections::HashMap::new();
    config
        .pages
        .iter()
        .map(|page| PageCoverages {
            page,
            locales: config
                .locales
                .iter()
                .map(|l| {
                    counted
                        .entry((&page.resources[..], &l.tag[..]))
                        .or_insert_with(|| {
                            ResourceCoverage::of(
                                catalog.source(),
                                catalog.locale(&l.tag),
                                &page.resources,
                            )
                        })
                        .clone()
                        .for_page(config, page, &l.tag)
                })
                .collect(),
        })
        .collect()
}

impl Site<'_> {
    /// The locales this build renders.
    fn selected(&self) -> impl Iterator<Item = &LocaleConfig> {
        let asked = &self.options.locales;
        self.config
            .locales
            .iter()
            .filter(move |l| asked.is_empty() || asked.contains(&l.tag))
    }

    /// Every selected page × locale of `shard`, in parallel, then the pseudo-locales.
    fn render_pages(
        &self,
        pseudo: &[(LocaleConfig, crate::render::pseudo::Transform)],
        shard: ShardSpec,
    ) -> Result<Rendered, BuildError> {
        let links: Vec<PageLinks> = self
            .coverage
            .iter()
            .map(|cov| PageLinks::of(self.config, self.templates, cov))
            .collect();
        let mut jobs: Vec<Job> = self
            .coverage
            .iter()
            .zip(&links)
            .flat_map(|(cov, links)| {
                self.selected().filter_map(move |locale| {
                    Some(Job {
                        page: cov.page,
                        locale,
                        coverage: cov.of(&locale.tag)?,
                        links,
                        stale: self.stale.count(&cov.page.name, &locale.tag),
                    })
                })
            })
            .collect();
        let real = jobs.len();
        // A pseudo-locale is published wherever the source is, with its own tag.
        let pseudo_coverage: Vec<PageCoverage> = self
            .coverage
            .iter()
            .flat_map(|cov| {
                pseudo.iter().map(|(locale, _)| {
                    let mut own = page_coverage(
                        self.config,
                        self.catalog,
                        cov.page,
                        &self.config.source_locale,
                    );
                    own.locale = locale.tag.clone();
                    own.reason = "pseudo-locale".into();
                    own
                })
            })
            .collect();
        let mut transforms = Vec::new();
        let mut pseudo_jobs = pseudo_coverage.iter();
        for (cov, links) in self.coverage.iter().zip(&links) {
            for (locale, transform) in pseudo {
                let Some(own) = pseudo_jobs.next() else {
                    break;
                };
                transforms.push(*transform);
                jobs.push(Job {
                    page: cov.page,
                    locale,
                    coverage: own,
                    links,
                    stale: 0,
                });
            }
        }
        let owner = if shard.total > 1 {
            let weights: Vec<u64> = jobs.iter().map(|job| self.weight(job)).collect();
            crate::site::shard::assign_after(&weights, shard.total, self.shared_weight())
        } else {
            vec![0; jobs.len()]
        };
        let mine: Vec<usize> = (0..jobs.len())
            .filter(|&i| owner[i] == shard.index)
            .collect();
        let pages: Vec<Result<RenderedPage, TemplateError>> = mine
            .par_iter()
            .map(|&i| {
                let job = &jobs[i];
                let localizer = || match i.checked_sub(real) {
                    None => Localizer::new(self.config, self.data, job.page, job.locale),
                    Some(p) => Localizer::pseudo(
                        self.config,
                        self.data,
                        job.page,
                        job.locale,
                        transforms[p],
                    ),
                };
                render_page(self, localizer, job)
            })
            .collect();
        let mut rendered = Rendered {
            total: jobs.len(),
            jobs: mine,
            ..Rendered::default()
        };
        for page in pages {
            let page = page?;
            rendered.reports.push(page.report);
            for output in &page.outputs {
                if output.cached {
                    rendered.cache.copied += 1;
                } else if self.cache.is_some() {
                    rendered.cache.rendered.push(output.path.clone());
                }
            }
            rendered.outputs.extend(page.outputs);
        }
        Ok(rendered)
    }

    /// What a job costs, in about the time a web page takes to render: printing a PDF
    /// costs ten times that.
    fn weight(&self, job: &Job) -> u64 {
        if !job.coverage.published {
            return 1;
        }
        let pdf = self.options.pdf || self.config.pdf.enabled;
        let print = if job.page.print_template.is_some() {
            1 + if pdf { 10 } else { 0 }
        } else {
            0
        };
        let editions = job
            .page
            .bilingual
            .iter()
            .chain(&self.options.bilingual)
            .filter(|pair| pair[0] == job.locale.tag)
            .count() as u64;
        1 + print * (1 + editions)
    }

    /// What the first shard does besides its jobs, in the units of [`Site::weight`]: the
    /// chooser, and the sitemap, whose every published page × locale lists all the page's
    /// published locales (about a thousand such links take as long as a web page).
    fn shared_weight(&self) -> u64 {
        let links: usize = self
            .coverage
            .iter()
            .map(|cov| cov.locales.iter().filter(|c| c.published).count().pow(2))
            .sum();
        1 + (links / 1000) as u64
    }

    /// The parallel-text print editions of every page, from the config and
    /// `--bilingual`, each in its first locale's folder.
    fn bilingual_editions(&self, rendered: &mut Rendered) -> Result<(), BuildError> {
        for page in &self.config.pages {
            if page.print_template.is_none() {
                continue;
            }
            // The same pair from the config and from --bilingual is one edition.
            let mut pairs: Vec<&[String; 2]> = Vec::new();
            for pair in page.bilingual.iter().chain(&self.options.bilingual) {
                if !pairs.contains(&pair) {
                    pairs.push(pair);
                }
            }
            for pair in pairs {
                // The edition lives in the first locale's folder: built when that locale is.
                let Some(report) = rendered
                    .reports
                    .iter_mut()
                    .find(|r| r.page == page.name && r.locale == pair[0])
                else {
                    continue;
                };
                let print_of = |tag: &str| format!("{tag}/{}", page.print_output);
                let outputs = &rendered.outputs;
                let first = outputs.iter().find(|o| o.path == print_of(&pair[0]));
                let second = match outputs.iter().find(|o| o.path == print_of(&pair[1])) {
                    Some(output) => Some(output.text()?.into_owned()),
                    // Not among the locales asked for (`--locale ar`): rendered only to be
                    // paired with, never written.
                    None => self.partner_print_page(page, &pair[1])?,
                };
                let first = first.map(Output::text).transpose()?;
                let (Some(first), Some(second)) = (first, second) else {
                    report.log.warnings.push(format!(
                        "bilingual edition {}+{} skipped: both locales must be published",
                        pair[0], pair[1]
                    ));
                    continue;
                };
                let edition = bilingual_page(
                    self.config,
                    self.data,
                    self.templates,
                    page,
                    pair,
                    [&first, &second],
                )?;
                match edition {
                    Edition::Made(output) => {
                        report.outputs.push(output.path.clone());
                        rendered.outputs.push(output);
                    }
                    Edition::Skipped(reason) => report.log.warnings.push(reason),
                }
            }
        }
        Ok(())
    }

    /// The print page of `tag` for `page`, rendered in memory to pair it in a bilingual
    /// edition when `tag` is not being built; `None` when it is not published.
    fn partner_print_page(
        &self,
        page: &PageConfig,
        tag: &str,
    ) -> Result<Option<String>, BuildError> {
        let Some(locale) = self.config.locale(tag) else {
            return Ok(None);
        };
        let Some(cov) = self.coverage.iter().find(|c| c.page.name == page.name) else {
            return Ok(None);
        };
        let Some(own) = cov.of(tag) else {
            return Ok(None);
        };
        let localizer = || Localizer::new(self.config, self.data, page, locale);
        let links = PageLinks::of(self.config, self.templates, cov);
        let job = Job {
            page,
            locale,
            coverage: own,
            links: &links,
            stale: self.stale.count(&page.name, tag),
        };
        let rendered = render_page(self, localizer, &job)?;
        let print = format!("{tag}/{}", page.print_output);
        rendered
            .outputs
            .iter()
            .find(|o| o.path == print)
            .map(|o| o.text().map(|t| t.into_owned()))
            .transpose()
    }

    /// `sitemap.xml`: every published page × locale with its alternates. With `--cache`,
    /// the one the site folder holds when the last build made it of the same inputs:
    /// making it (44 MB at 1,000 pages × 20 locales) and comparing it with that one was
    /// a sixth of a build that changed nothing.
    fn sitemap(&self) -> Output {
        const PATH: &str = "sitemap.xml";
        let has_chooser = self.templates.has("chooser.html");
        let key = self
            .cache
            .map(|_| sitemap_key(self.config, self.coverage, has_chooser));
        let published = self
            .cache
            .zip(key.as_deref())
            .and_then(|(cache, key)| cache.published(PATH, key));
        let content = published
            .unwrap_or_else(|| PageText::Text(sitemap(self.config, self.coverage, has_chooser)));
        Output {
            path: PATH.into(),
            content,
            pdf: None,
            cached: false,
            entry: key.map(crate::site::cache::Entry::made),
        }
    }

    /// `index.html`, the language chooser, when the templates have one: every locale
    /// the first page is published in, by its own name.
    fn chooser(&self) -> Result<Option<Output>, BuildError> {
        let config = self.config;
        if !self.templates.has("chooser.html") {
            return Ok(None);
        }
        let locales: Vec<ChooserEntry> = config
            .locales
            .iter()
            .filter_map(|l| {
                let first = self.coverage.first()?;
                first.published(&l.tag).then(|| {
                    let own = Localizer::new(config, self.data, first.page, l);
                    ChooserEntry {
                        link: alternate(config, l, &first.page.output),
                        title: ChooserLine::of(&own, "language-chooser-title"),
                        intro: ChooserLine::of(&own, "language-chooser-intro"),
                    }
                })
            })
            .collect();
        let source = config
            .locale(&config.source_locale)
            .expect("config validated the source locale");
        let x_default = config
            .pages
            .first()
            .map(|page| x_default(config, true, page));
        let context = minijinja::context! {
            locale => locale_value(source, None),
            locales => Value::from(minijinja::value::Serde(&locales)),
            x_default => Value::from(minijinja::value::Serde(&x_default)),
            root => "",
        };
        let l10n = config.pages.first().map(|page| {
            Arc::new(PageL10n::new(Arc::new(Localizer::new(
                config, self.data, page, source,
            ))))
        });
        Ok(Some(Output::made(
            "index.html".into(),
            self.templates.render("chooser.html", context, l10n)?,
            None,
        )))
    }
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

/// Where `hreflang="x-default"` sends a reader whose language the site does not have: to the
/// language chooser, from the page it lists; from any other page, or on a site without a
/// chooser, to the page in the source locale.
fn x_default(config: &Config, has_chooser: bool, page: &PageConfig) -> Alternate {
    let source = config
        .locale(&config.source_locale)
        .expect("config validated the source locale");
    let in_source = alternate(config, source, &page.output);
    if has_chooser && config.pages.first().is_some_and(|p| p.name == page.name) {
        // The chooser is rendered in the source locale, so its language and name stay.
        Alternate {
            url: public_url(config, "index.html"),
            path: "index.html".into(),
            ..in_source
        }
    } else {
        in_source
    }
}

/// The address a page is published at; `index.html` is served as its folder.
fn public_url(config: &Config, path: &str) -> String {
    let path = path.strip_suffix("index.html").unwrap_or(path);
    format!("{}{}", config.base_url, path)
}

/// Renders one job's web and print pages, or takes them from the cache. The localizer
/// (a Fluent bundle per locale of the chain) is made only when a page is rendered: a
/// cached build copies nearly every page, and making it was much of what it did.
fn render_page(
    site: &Site,
    localizer: impl FnOnce() -> Localizer,
    job: &Job,
) -> Result<RenderedPage, TemplateError> {
    let Site {
        config,
        templates,
        cache,
        data,
        ..
    } = *site;
    let Job {
        page,
        locale,
        coverage: cov,
        links,
        stale,
    } = *job;
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
        return Ok(RenderedPage {
            report,
            outputs: Vec::new(),
        });
    }
    let localizer = std::cell::LazyCell::new(|| Arc::new(localizer()));
    let fallback_endonym = locale
        .fallback
        .first()
        .and_then(|t| config.locale(t))
        .map(|l| l.endonym.clone());
    // What the localizer's chain is made of: the page's locale, then its fallbacks.
    let chain: Vec<&LocaleConfig> = std::iter::once(locale)
        .chain(locale.fallback.iter().filter_map(|t| config.locale(t)))
        .collect();
    let mut outputs = Vec::new();
    let mut log = RenderLog::default();
    let targets = std::iter::once((&page.template, &page.output, false)).chain(
        page.print_template
            .as_ref()
            .map(|t| (t, &page.print_output, true)),
    );
    for (template, output, print) in targets {
        let path = format!("{}/{}", locale.tag, output);
        let context = PageContext {
            locale: LocaleValue::of(locale, data.formats(&locale.tag).map(|f| &**f)),
            page: PageValues {
                name: &page.name,
                url: public_url(config, &path),
                web_url: public_url(config, &format!("{}/{}", locale.tag, page.output)),
                web: &page.output,
                print: &page.print_output,
                pdf: &page.pdf_output,
                has_print: page.print_template.is_some(),
                is_print: print,
                missing: cov.missing.len(),
                stale,
                translated_percent: report.translated_percent,
            },
            links,
            fallback_endonym: &fallback_endonym,
            root: "../",
        };
        let slot = cache.map(|cache| {
            cache.slot(&crate::site::cache::SlotInputs {
                template,
                path: &path,
                context: &context,
                chain: &chain,
            })
        });
        let hit = cache
            .zip(slot.as_ref())
            .and_then(|(c, s)| c.fetch(s, page, &path));
        let cached = hit.is_some();
        let (content, page_log, entry) = match hit {
            Some(hit) => (hit.text, hit.log, Some(hit.entry)),
            None => {
                let l10n = Arc::new(PageL10n::new(Arc::clone(&*localizer)));
                let html =
                    templates.render(template, context.to_value(), Some(Arc::clone(&l10n)))?;
                let fresh = crate::site::cache::CachedPage {
                    html,
                    log: l10n.take_log(),
                };
                let entry = cache
                    .zip(slot.as_ref())
                    .and_then(|(cache, slot)| cache.store(slot, page, &l10n.take_reads(), &fresh));
                (PageText::Text(fresh.html), fresh.log, entry)
            }
        };
        merge_log(&mut log, page_log);
        report.outputs.push(path.clone());
        outputs.push(Output {
            path,
            content,
            pdf: print.then(|| format!("{}/{}", locale.tag, page.pdf_output)),
            cached,
            entry,
        });
    }
    report.log = log;
    Ok(RenderedPage { report, outputs })
}

/// The parallel-text print page of `pair` for `page`, built from the two
/// locales' print pages (`prints`, in the pair's order), or why it could not
/// be made.
fn bilingual_page(
    config: &Config,
    data: &RenderData,
    templates: &Templates,
    page: &PageConfig,
    pair: &[String; 2],
    prints: [&str; 2],
) -> Result<Edition, BuildError> {
    const TEMPLATE: &str = "bilingual.print.html";
    if !templates.has(TEMPLATE) {
        return Err(BuildError::MissingTemplate {
            page: page.name.clone(),
            template: TEMPLATE.into(),
            dir: config.templates_dir(),
        });
    }
    let (Some(first), Some(second)) = (config.locale(&pair[0]), config.locale(&pair[1])) else {
        return Ok(Edition::Skipped(
            "bilingual edition names an unknown locale".into(),
        ));
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
        locale => locale_value(first, localizer.formats()),
        pair => vec![
            minijinja::context!{ tag => &first.tag, dir => first.dir.as_str(), title => title(a) },
            minijinja::context!{ tag => &second.tag, dir => second.dir.as_str(), title => title(b) },
        ],
        rows => Value::from(minijinja::value::Serde(&rows)),
        root => "../",
    };
    let l10n = Arc::new(PageL10n::new(Arc::new(localizer)));
    let content = templates.render(TEMPLATE, context, Some(l10n))?;
    Ok(Edition::Made(Output::made(path, content, Some(pdf))))
}

/// The `locale` object templates see ([`LocaleValue`]).
fn locale_value(locale: &LocaleConfig, formats: Option<&crate::intl::LocaleFormats>) -> Value {
    LocaleValue::of(locale, formats).to_value()
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

/// A hash of everything [`sitemap`] reads, for `--cache`.
fn sitemap_key(config: &Config, coverage: &[PageCoverages], has_chooser: bool) -> String {
    let locales: Vec<&str> = config.locales.iter().map(|l| l.tag.as_str()).collect();
    let pages: Vec<(&str, &str, Vec<bool>)> = coverage
        .iter()
        .map(|cov| {
            let published = locales.iter().map(|tag| cov.published(tag)).collect();
            (cov.page.name.as_str(), cov.page.output.as_str(), published)
        })
        .collect();
    crate::site::cache::json_key(&(
        "sitemap-1",
        env!("CARGO_PKG_VERSION"),
        &config.base_url,
        &config.source_locale,
        has_chooser,
        config.pages.first().map(|p| &p.name),
        locales,
        pages,
    ))
}

fn sitemap(config: &Config, coverage: &[PageCoverages], has_chooser: bool) -> String {
    use crate::fluent::markup::escape;
    use std::fmt::Write as _;
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    for cov in coverage {
        let page = cov.page;
        let published: Vec<&LocaleConfig> = config
            .locales
            .iter()
            .filter(|l| cov.published(&l.tag))
            .collect();
        let default = x_default(config, has_chooser, page);
        // Every locale's entry lists the same links: written once per page.
        let mut links = String::new();
        let alternates: Vec<Alternate> = published
            .iter()
            .map(|l| alternate(config, l, &page.output))
            .collect();
        for a in &alternates {
            let _ = writeln!(
                links,
                "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                escape(&a.lang),
                escape(&a.url)
            );
        }
        let _ = writeln!(
            links,
            "    <xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"{}\"/>\n  </url>",
            escape(&default.url)
        );
        for a in &alternates {
            let _ = writeln!(xml, "  <url>\n    <loc>{}</loc>", escape(&a.url));
            xml.push_str(&links);
        }
    }
    xml.push_str("</urlset>\n");
    xml
}

/// Writes everything into a staging folder beside the site folder, after copying the
/// folders of the locales not built this time from the previous site into it (`--locale`
/// narrows the work, not the site). [`Staging::publish`] puts it in place, and a
/// failed build drops it, so the site folder is never half written. A file the previous
/// site has with the same bytes is linked from there, not written
/// ([`Staging::write_or_link`]), or, when the cache knows it holds this page file,
/// linked unread ([`Staging::link_published`]). Returns the staging and the file each
/// output was staged as, where known.
fn stage(
    config: &Config,
    options: &BuildOptions,
    site_dir: &SiteDir,
    outputs: &[Output],
) -> Result<(Staging, Vec<Option<FileId>>), BuildError> {
    let staging = site_dir.begin()?;
    let previous = site_dir.path();
    let kept = config
        .locales
        .iter()
        .filter(|l| !options.locales.is_empty() && !options.locales.contains(&l.tag));
    for locale in kept {
        let folder = previous.join(&locale.tag);
        if folder.is_dir() {
            crate::site::publish::refuse_links(&folder)?;
            copy_dir(&folder, &staging, &locale.tag)?;
        }
    }
    // Every name checked first, in order, so a refused one is always the first.
    for output in outputs {
        staging.file(&output.path)?;
    }
    // In parallel: a cached build spends this stage waiting on reads, links and writes.
    let staged = outputs
        .par_iter()
        .map(|output| match &output.content {
            PageText::Text(text) => staging.write_or_link(&output.path, text.as_bytes()),
            PageText::Stored { bytes, start } => {
                staging.write_or_link(&output.path, &bytes[*start..])
            }
            PageText::Published { file, .. } => {
                staging.link_published(&output.path, *file).map(Some)
            }
        })
        .collect::<Result<Vec<_>, _>>()?;
    for pdf in outputs.iter().filter_map(|o| o.pdf.as_deref()) {
        // Checked now, so the browser never writes a PDF outside the site either; and
        // emptied, as the browser and the cache write to it.
        staging.make_room(&staging.file(pdf)?)?;
    }
    let assets = config.templates_dir().join("assets");
    if assets.is_dir() {
        crate::site::publish::refuse_links(&assets)?;
        copy_dir(&assets, &staging, "assets")?;
    }
    Ok((staging, staged))
}

fn write_error(path: &Path) -> impl FnOnce(std::io::Error) -> BuildError {
    let path = path.to_path_buf();
    move |source| BuildError::Write { path, source }
}

/// Finds the browser when this build prints PDFs and has print pages (it is started when
/// a PDF must be printed). Without one the summary says why (and what to install), and
/// the HTML is built all the same.
fn find_printer(config: &Config, options: &BuildOptions) -> Printer {
    let mut summary = PdfSummary::default();
    let has_print = config.pages.iter().any(|p| p.print_template.is_some());
    if !(options.pdf || config.pdf.enabled) || !has_print {
        return Printer {
            summary,
            browser: None,
        };
    }
    summary.requested = true;
    let explicit = options.browser.as_deref().or(config.pdf.browser.as_deref());
    match PdfPrinter::find_browser(explicit) {
        Ok(browser) => {
            summary.browser = Some(browser.clone());
            Printer {
                summary,
                browser: Some(browser),
            }
        }
        Err(e) => {
            summary.skipped = Some(e.to_string());
            Printer {
                summary,
                browser: None,
            }
        }
    }
}

/// How [`print_pdfs`] prints, besides what.
struct PrintSettings<'a> {
    /// `SOURCE_DATE_EPOCH`: the date every PDF carries.
    epoch: Option<i64>,
    cache: Option<&'a crate::site::cache::PdfCache>,
    progress: Option<&'a crate::site::pdf::Progress>,
}

/// Prints every print page written into `staging` to its PDF with `browser` (dated `epoch`
/// when given), or copies it from `cache` when its inputs did not change, and records each
/// in its page's report. Returns the PDFs that failed, with why, or why the browser did
/// not start (started only when a PDF is not in the cache); an error when the staged
/// site cannot be written.
fn print_pdfs(
    browser: &Path,
    summary: &mut PdfSummary,
    staging: &Staging,
    outputs: &[Output],
    pages: &mut [PageReport],
    settings: PrintSettings,
) -> Result<Result<Vec<String>, String>, BuildError> {
    let PrintSettings {
        epoch,
        cache,
        progress,
    } = settings;
    let printed: Vec<(&str, &str, Option<String>)> = outputs
        .iter()
        .filter_map(|o| {
            let pdf = o.pdf.as_deref()?;
            // Unreadable, it is printed again rather than copied.
            let key = cache.and_then(|c| Some(c.key(&o.path, o.text().ok()?.as_bytes())));
            Some((o.path.as_str(), pdf, key))
        })
        .collect();
    // Through the staging: a PDF the site already has is taken from it as it is.
    let mut results: Vec<Option<Result<(), String>>> = printed
        .iter()
        .map(|(_, pdf, key)| {
            let cached = cache.zip(key.as_deref()).and_then(|(c, key)| c.read(key))?;
            staging
                .write_or_link(pdf, &cached)
                .is_ok()
                .then_some(Ok(()))
        })
        .collect();
    let staged = staging.path();
    summary.cached = results.iter().filter(|r| r.is_some()).count();
    let to_print: Vec<usize> = (0..printed.len())
        .filter(|&i| results[i].is_none())
        .collect();
    let jobs: Vec<crate::site::pdf::PrintJob> = to_print
        .iter()
        .map(|&i| crate::site::pdf::PrintJob {
            html: staged.join(printed[i].0),
            pdf: staged.join(printed[i].1),
        })
        .collect();
    let fresh = if jobs.is_empty() {
        Vec::new()
    } else {
        // The browser reads the staged print pages.
        staging.settle()?;
        let starting = std::time::Instant::now();
        let printer = match PdfPrinter::launch(browser) {
            Ok(printer) => printer,
            Err(e) => return Ok(Err(e.to_string())),
        };
        summary.browser_start_ms = starting.elapsed().as_millis();
        let printing = std::time::Instant::now();
        let fresh = printer.print_all_with(&jobs, progress.unwrap_or(&|_, _| {}));
        summary.print_ms = printing.elapsed().as_millis();
        fresh
    };
    for (&i, result) in to_print.iter().zip(fresh) {
        let (_, pdf, key) = &printed[i];
        let path = staged.join(pdf);
        let result = result
            .map_err(|e| e.to_string())
            .and_then(|()| match epoch {
                Some(epoch) => crate::site::pdf::stamp(&path, epoch).map_err(|e| e.to_string()),
                None => Ok(()),
            });
        if let (Ok(()), Some(cache), Some(key)) = (&result, cache, key) {
            cache.store(key, &path);
        }
        results[i] = Some(result);
    }
    let mut failed = Vec::new();
    for (result, (html, pdf, _)) in results.into_iter().zip(printed) {
        match result.unwrap_or_else(|| Err("not printed".into())) {
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
    Ok(Ok(failed))
}

/// Copies the folder `from` to `to` in the staged site (through
/// [`Staging::write_or_link`]).
fn copy_dir(from: &Path, staging: &Staging, to: &str) -> Result<(), BuildError> {
    let root = staging.file(to)?;
    std::fs::create_dir_all(&root).map_err(write_error(&root))?;
    let walked = Walk::new(from).run();
    for problem in walked.problems {
        match problem {
            WalkError::Folder { path, source } | WalkError::Entry { path, source } => {
                return Err(write_error(&path)(source))
            }
            // A link back up the tree is copied once, not for ever; a FIFO
            // or socket has no content to copy (and a FIFO would block).
            WalkError::Loop { .. } | WalkError::NotRegular { .. } => {}
        }
    }
    let relative = |path: &Path| -> Option<String> {
        let inside = path.strip_prefix(from).ok()?.to_str()?;
        Some(format!(
            "{to}/{}",
            inside.replace(std::path::MAIN_SEPARATOR, "/")
        ))
    };
    for dir in &walked.dirs {
        let dst = root.join(dir.strip_prefix(from).unwrap_or(dir));
        std::fs::create_dir_all(&dst).map_err(write_error(&dst))?;
    }
    for file in &walked.files {
        let content = std::fs::read(file).map_err(write_error(file))?;
        match relative(file) {
            Some(name) => {
                staging.write_or_link(&name, &content)?;
            }
            // A name that is not UTF-8 cannot be published as a URL either: copied as is.
            None => {
                let dst = root.join(file.strip_prefix(from).unwrap_or(file));
                staging.make_room(&dst)?;
                std::fs::write(&dst, content).map_err(write_error(&dst))?;
            }
        }
    }
    Ok(())
}
