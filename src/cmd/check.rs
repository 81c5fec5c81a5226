use anyhow::{bail, Context};
use fluentpress::check::shard::CheckPart;
use fluentpress::check::{check_each, CheckOptions, CheckReport};
use fluentpress::compare_locales;
use fluentpress::compare_locales::l10n_toml::{L10nProject, LoadOptions};
use fluentpress::compare_locales::report::{locale_part, LocalePart};
use fluentpress::fluent::catalog::{CatalogPlan, LocaleSource};
use fluentpress::project::config::Config;
use fluentpress::project::lock::{entry_parts, Lock};
use fluentpress::report;
use fluentpress::report::text::sanitize;
use fluentpress::review::{review, ReviewError, ReviewOptions};
use fluentpress::site::shard::ShardSpec;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::OnceLock;

#[derive(clap::Args)]
pub struct Args {
    /// Check only these locales (repeat or separate with commas).
    #[arg(long, value_delimiter = ',')]
    locale: Vec<String>,
    /// With --locale, list the source locale's own findings in full instead of one line
    /// (text format).
    #[arg(long)]
    show_source: bool,
    /// Check only the locales these files can affect (a pre-commit hook passes the staged
    /// files): a translation its locale; a source file, a template or the config every
    /// locale; other files none, and then nothing is checked.
    #[arg(long, value_name = "FILE", num_args = 1.., conflicts_with_all = ["locale", "l10n_toml"])]
    changed: Option<Vec<PathBuf>>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// Completeness a locale must reach, e.g. `--min-complete fr=95` (repeatable).
    #[arg(long, value_name = "LOCALE=PERCENT")]
    min_complete: Vec<String>,
    /// `--deny warnings` makes warnings fail the gate.
    #[arg(long, value_parser = ["warnings"])]
    deny: Option<String>,
    /// Afterwards, record every current translation in fluentpress.lock (as `fluentpress lock` does).
    #[arg(long)]
    update_lock: bool,
    /// Check the project a Mozilla l10n.toml describes (as compare-locales does) instead of
    /// fluentpress.toml; a relative path is relative to --root.
    #[arg(long, value_name = "FILE")]
    l10n_toml: Option<PathBuf>,
    /// With --l10n-toml: the folder holding the localizations, `{l10n_base}` in the config
    /// (compare-locales' l10n-base-dir); default: --root.
    #[arg(long, value_name = "DIR", requires = "l10n_toml")]
    l10n_base: Option<PathBuf>,
    /// With --l10n-toml: set a config variable over its [env], e.g. `-D mozilla=../gecko`.
    #[arg(
        long = "define",
        short = 'D',
        value_name = "VAR=VALUE",
        requires = "l10n_toml"
    )]
    define: Vec<String>,
    /// Check only shard I of N (`2/7`) of the locales, or `auto` for the CI engine's
    /// variables, and write it as a part for `fluentpress merge --check`, which prints
    /// the report and decides the gate.
    #[arg(long, value_name = "I/N|auto", conflicts_with_all = ["locale", "changed", "l10n_toml", "update_lock"])]
    shard: Option<String>,
    /// Where a shard writes its part (default: shards/check-I-of-N under --root).
    #[arg(long, value_name = "DIR", requires = "shard")]
    part: Option<PathBuf>,
    /// Also open every page of every checked locale in a browser and report `review`'s
    /// layout findings (text-overflow, missing-glyph, print-overflow, title-length) with
    /// the others, gated by the same rules. Needs Chromium or Chrome, found as
    /// `build --pdf` finds it.
    #[arg(long, conflicts_with_all = ["l10n_toml", "shard"])]
    render: bool,
    /// With --render: the Chromium or Chrome to measure with.
    #[arg(long, value_name = "PATH", requires = "render")]
    browser: Option<PathBuf>,
}

pub fn run(root: &Path, args: Args) -> anyhow::Result<ExitCode> {
    // FLUENTPRESS_TIMINGS=1: how long each stage took, on stderr.
    let timings = std::env::var_os("FLUENTPRESS_TIMINGS").is_some_and(|v| v != "0");
    let start = std::time::Instant::now();
    let mut last = start;
    let mut stage = |name: &str| {
        if timings {
            let now = std::time::Instant::now();
            eprintln!(
                "timing: {name:<8} {:>8.3} s (total {:.3} s)",
                (now - last).as_secs_f64(),
                (now - start).as_secs_f64()
            );
            last = now;
        }
    };
    let project = match &args.l10n_toml {
        Some(file) => {
            let mut defines = Vec::new();
            for d in &args.define {
                let (k, v) = d
                    .split_once('=')
                    .with_context(|| format!("--define {d}: expected VAR=VALUE"))?;
                defines.push((k.to_string(), v.to_string()));
            }
            let options = LoadOptions {
                l10n_base: Some(root.join(args.l10n_base.as_deref().unwrap_or(Path::new(".")))),
                defines,
                locales: args.locale.clone(),
            };
            Some(L10nProject::load(&root.join(file), &options)?)
        }
        None => None,
    };
    let with_locale = !args.locale.is_empty();
    let summarise_source = with_locale && !args.show_source;
    let config = match &project {
        Some(p) => p.config(),
        None => Config::load(root)?,
    };
    let mut locales = args.locale;
    if let Some(files) = &args.changed {
        let affected = fluentpress::project::changes::locales_for(&config, files);
        if affected.is_empty() {
            if !crate::cmd::ui::quiet() {
                eprintln!("check: no changed file belongs to a locale; nothing to check");
            }
            return Ok(ExitCode::SUCCESS);
        }
        locales = affected.into_iter().collect();
    }
    // `--locale fr` checks the source too (its summary tells the translator what is
    // broken upstream); only what breaks the build gates on it.
    let source_advisory = with_locale && !locales.contains(&config.source_locale);
    if source_advisory {
        locales.push(config.source_locale.clone());
    }
    let mut options = CheckOptions {
        // A project's locales were narrowed when it was read.
        locales: if project.is_some() {
            Vec::new()
        } else {
            locales
        },
        deny_warnings: args.deny.is_some(),
        source_advisory,
        ..CheckOptions::default()
    };
    let shard = args.shard.as_deref().map(ShardSpec::from_arg).transpose()?;
    if let Some(shard) = shard {
        options.locales = fluentpress::check::shard::locales_of(&config, shard);
    }
    for tag in &options.locales {
        if config.locale(tag).is_none() {
            bail!("--locale {tag}: not a configured locale");
        }
    }
    for spec in &args.min_complete {
        let (tag, percent) = spec.split_once('=').with_context(|| {
            format!("--min-complete {spec}: expected LOCALE=PERCENT, e.g. fr=95")
        })?;
        let percent: f64 = percent
            .trim_end_matches('%')
            .parse()
            .ok()
            .filter(|p| (0.0..=100.0).contains(p))
            .with_context(|| format!("--min-complete {spec}: {percent} is not a percentage"))?;
        if config.locale(tag).is_none() {
            bail!("--min-complete {spec}: `{tag}` is not a configured locale");
        }
        options.min_complete.insert(tag.to_string(), percent);
    }
    stage("config");
    // Reading and checking a large project takes seconds: say what is going on.
    let progress = crate::cmd::ui::spinner("checking the translations");
    let plan = match &project {
        Some(p) => p.plan(),
        None => CatalogPlan::folders(&config),
    };
    let mut lock = Lock::load(&config.root)?;
    let format = args.format;
    let (result, parts) = if args.update_lock {
        // The lock is refreshed from every locale at once, so they are all kept.
        let catalog = plan.load();
        stage("parse");
        let checked = run_check(&config, &catalog, &lock, &options, project.as_ref(), format);
        let tags: Vec<String> = config.locales.iter().map(|l| l.tag.clone()).collect();
        lock.refresh(&catalog, &tags);
        lock.save(&config.root)?;
        // The process ends soon: freeing every parsed file one by one would only
        // cost time (a tenth of a large project's check).
        std::mem::forget(catalog);
        checked
    } else {
        // Each locale is read, checked and dropped in turn.
        run_check(&config, &plan, &lock, &options, project.as_ref(), format)
    };
    progress.finish_and_clear();
    stage("check");
    if let Some(shard) = shard {
        let dir = config.root.join(args.part.unwrap_or_else(|| {
            Path::new("shards").join(format!("check-{}-of-{}", shard.index + 1, shard.total))
        }));
        let checked = options.locales.join(", ");
        let part = CheckPart::new(&config, &options, shard, result)?.write(&dir)?;
        crate::cmd::ui::say(&format!(
            "check shard {shard} ({checked}) written to {}; `fluentpress merge --check` decides the gate",
            part.display()
        ))?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut result = result;
    let mut unmeasured = None;
    if args.render {
        let progress = crate::cmd::ui::spinner("measuring the pages in the browser");
        let measured = measure_layout(&config, &options, args.browser);
        progress.finish_and_clear();
        match measured {
            Ok(layout) => {
                fluentpress::check::layout::add_layout_findings(
                    &config,
                    &options,
                    &mut result,
                    layout,
                );
            }
            Err(err) if err.is_usage() => {
                eprintln!("error: check --render: {}", sanitize(&err.to_string()));
                return Ok(ExitCode::from(2));
            }
            // The translations' own findings still help (an input error that stops
            // the build is among them); the run fails, so a page never measured
            // cannot pass.
            Err(err) => unmeasured = Some(err),
        }
        stage("render");
    }
    paths_for_format(format, &config.root, &mut result.findings);
    print_report(format, &result, &plan, &config, summarise_source, parts)?;
    stage("output");
    let passed = result.gate.passed;
    // The process ends here: freeing every finding one by one would only cost time.
    std::mem::forget(result);
    if let Some(err) = unmeasured {
        eprintln!(
            "error: check --render could not measure the pages: {}",
            sanitize(&err.to_string())
        );
        return Ok(ExitCode::from(1));
    }
    Ok(if passed {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// `review`'s layout findings of the checked locales, measured without writing a
/// review folder.
fn measure_layout(
    config: &Config,
    options: &CheckOptions,
    browser: Option<PathBuf>,
) -> Result<Vec<fluentpress::finding::Finding>, ReviewError> {
    let review_options = ReviewOptions {
        locales: options.locales.clone(),
        browser,
        out: None,
        ..ReviewOptions::default()
    };
    Ok(review(config, &review_options)?.findings)
}

/// Prints `result` in `format` as `check` does (with `--format github`, its summary
/// for the job's page too); `merge --check` prints a merged report the same way.
pub fn print_report(
    format: Format,
    result: &CheckReport,
    plan: &CatalogPlan,
    config: &Config,
    summarise_source: bool,
    parts: Option<Vec<(String, LocalePart)>>,
) -> anyhow::Result<()> {
    let out = match format {
        Format::Text => report::text::render_with(
            result,
            &report::text::TextOptions {
                style: crate::cmd::ui::text_style(),
                summarise_source,
                source_texts: source_texts(plan, config, result),
            },
        ),
        Format::Json => report::json::render(result),
        Format::Github => report::github::render(result),
        Format::Sarif => report::sarif::render(result),
        Format::Junit => report::junit::render(result),
        Format::Html => report::html::render(result),
        Format::Codequality => report::codequality::render(result),
        Format::CompareLocales => match parts {
            Some(parts) => compare_locales::report::render_parts(parts),
            None => compare_locales::report::render(result, None),
        },
    };
    crate::cmd::ui::out(&out).context("cannot write the report to standard output")?;
    if format == Format::Github {
        if let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY") {
            use std::io::Write;
            let mut file = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(&path)
                .with_context(|| {
                    format!(
                        "cannot append to GITHUB_STEP_SUMMARY ({})",
                        Path::new(&path).display()
                    )
                })?;
            file.write_all(report::github_summary(result).as_bytes())?;
        }
    }
    Ok(())
}

/// CI places annotations (GitHub, code scanning, GitLab's widget) by paths from the
/// repository's root, where the job runs: with `--root site`, `locales/fr/a.ftl` becomes
/// `site/locales/fr/a.ftl`. A project outside the working folder keeps its own paths.
pub fn paths_for_format(
    format: Format,
    root: &Path,
    findings: &mut [fluentpress::finding::Finding],
) {
    if !matches!(format, Format::Github | Format::Sarif | Format::Codequality) {
        return;
    }
    let cwd = std::env::current_dir().and_then(|d| d.canonicalize());
    let (Ok(cwd), Ok(root)) = (cwd, root.canonicalize()) else {
        return;
    };
    let Ok(prefix) = root.strip_prefix(&cwd) else {
        return;
    };
    if prefix.as_os_str().is_empty() {
        return;
    }
    for f in findings.iter_mut().filter(|f| f.file.is_relative()) {
        f.file = prefix.join(&f.file);
    }
}

/// The source text of every message part a `missing-message` or `stale` finding
/// names, as the text format shows it under the finding.
fn source_texts(
    plan: &CatalogPlan,
    config: &Config,
    result: &CheckReport,
) -> BTreeMap<String, String> {
    use fluentpress::finding::Code;
    let wanted: BTreeSet<&str> = result
        .findings
        .iter()
        .filter(|f| matches!(f.code, Code::MissingMessage | Code::Stale))
        .filter_map(|f| f.id.as_deref())
        .map(|id| id.split('.').next().unwrap_or(id))
        .collect();
    if wanted.is_empty() {
        return BTreeMap::new();
    }
    // The source is read once more, and only when a finding needs its text.
    let Some(source) = plan.load_locale(&config.source_locale) else {
        return BTreeMap::new();
    };
    let mut out = BTreeMap::new();
    for file in &source.files {
        for entry in file.entries() {
            if wanted.contains(entry.unit.key().as_str()) {
                for (id, text) in entry_parts(&entry) {
                    // The first definition is the one that renders.
                    out.entry(id).or_insert(text);
                }
            }
        }
    }
    out
}

/// `check`, with an `l10n.toml` project's semantics applied to each locale
/// while it is loaded, and with `--format compare-locales` each locale's part
/// of compare-locales' JSON (per locale, in the report's order).
fn run_check(
    config: &Config,
    locales: &impl LocaleSource,
    lock: &Lock,
    options: &CheckOptions,
    project: Option<&L10nProject>,
    format: Format,
) -> (CheckReport, Option<Vec<(String, LocalePart)>>) {
    let finisher = OnceLock::new();
    let (report, parts) = check_each(config, locales, lock, options, |view, found, stats| {
        let project = project?;
        let finisher = finisher.get_or_init(|| project.finisher(config, view.source));
        finisher.finish_locale(view.tag, view.files, found, stats);
        // compare-locales does not list the reference.
        (format == Format::CompareLocales && project.locales.iter().any(|l| l == view.tag)).then(
            || {
                let part = locale_part(project, view.tag, view.source, view.files, found.iter());
                (view.tag.to_string(), part)
            },
        )
    });
    // check_each worked out the counts and the gate after the filters.
    let parts = (format == Format::CompareLocales && project.is_some())
        .then(|| parts.into_iter().flatten().collect());
    (report, parts)
}

/// What `check --format` accepts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Findings grouped by locale and file, then a progress table (default).
    #[default]
    Text,
    /// The report as JSON (schema: `fluentpress::report::json`).
    Json,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
    /// JUnit XML, for CI test dashboards.
    Junit,
    /// The JSON `compare-locales --json` writes (with `--l10n-toml`, its own counts).
    CompareLocales,
    /// One self-contained HTML page: progress bars and every finding, to open in a browser.
    Html,
    /// GitLab's code-quality report (Code Climate JSON), for the merge-request widget.
    Codequality,
}
