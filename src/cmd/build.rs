use fluentpress::project::config::Config;
use fluentpress::report::text::sanitize;
use fluentpress::site::build::{build, BuildError, BuildOptions};
use std::path::Path;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// Build only these locales (repeat or separate with commas).
    #[arg(long, value_delimiter = ',')]
    locale: Vec<String>,
    /// Also render the pseudo-locales en-XA (accented, longer) and ar-XB (right to left) from the source.
    #[arg(long)]
    pseudo: bool,
    /// A bilingual print edition of every page, e.g. `--bilingual ar,en` (repeatable).
    #[arg(long, value_name = "A,B")]
    bilingual: Vec<String>,
    /// Also print every print page to PDF with a headless Chromium.
    #[arg(long)]
    pdf: bool,
    /// The Chromium or Chrome to print with (default: found on PATH).
    #[arg(long, value_name = "PATH")]
    browser: Option<std::path::PathBuf>,
    /// Build only shard I of N (`2/7`) of the page-by-locale jobs, as a part for
    /// `fluentpress merge`; `auto` reads the CI engine's variables (FLUENTPRESS_SHARD,
    /// CI_NODE_INDEX/CI_NODE_TOTAL, JOB_COMPLETION_INDEX with FLUENTPRESS_SHARDS).
    #[arg(long, value_name = "I/N|auto", conflicts_with = "locale")]
    shard: Option<String>,
    /// A folder of pages and PDFs kept by what they read (shareable through a CI cache): a
    /// page whose templates, messages and config values did not change is copied, not
    /// rendered, and a PDF whose print page, assets and browser did not, not printed.
    #[arg(long, value_name = "DIR")]
    cache: Option<std::path::PathBuf>,
    /// Where a shard writes its part (default: shards/I-of-N under --root).
    #[arg(long, value_name = "DIR", requires = "shard")]
    part: Option<std::path::PathBuf>,
}

pub fn run(root: &Path, args: Args) -> anyhow::Result<ExitCode> {
    let config = Config::load(root)?;
    let mut bilingual = Vec::new();
    for spec in &args.bilingual {
        match spec.split_once(',') {
            Some((a, b)) if !a.is_empty() && !b.is_empty() && !b.contains(',') => {
                bilingual.push([a.trim().to_string(), b.trim().to_string()])
            }
            _ => anyhow::bail!("--bilingual {spec}: expected two locales, e.g. --bilingual ar,en"),
        }
    }
    let shard = match &args.shard {
        Some(value) => Some(fluentpress::site::shard::ShardSpec::from_arg(value)?),
        None => None,
    };
    let site_dir = match shard {
        Some(shard) => {
            let part = args.part.clone().unwrap_or_else(|| {
                Path::new("shards").join(format!("{}-of-{}", shard.index + 1, shard.total))
            });
            let dir = fluentpress::site::publish::SiteDir::other(&config, &part, "--part");
            match dir {
                Ok(dir) => Some(dir),
                Err(err) => {
                    eprintln!("error: {}", sanitize(&err.to_string()));
                    eprintln!("nothing was written or deleted");
                    return Ok(ExitCode::from(2));
                }
            }
        }
        None => None,
    };
    let out = match &site_dir {
        Some(dir) => dir.path().to_path_buf(),
        None => config.out_dir(),
    };
    let options = BuildOptions {
        locales: args.locale,
        pseudo: args.pseudo,
        bilingual,
        pdf: args.pdf,
        browser: args.browser,
        site_dir,
        shard,
        cache: args.cache,
        progress: None,
        instrument: false,
    };
    let asked = (options.locales.iter().map(|t| ("--locale", t))).chain(
        options
            .bilingual
            .iter()
            .flatten()
            .map(|t| ("--bilingual", t)),
    );
    for (flag, tag) in asked {
        if config.locale(tag).is_none() {
            anyhow::bail!("{flag} {}: not a configured locale", sanitize(tag));
        }
    }
    let progress = crate::cmd::ui::spinner("building");
    let bar = progress.clone();
    let options = BuildOptions {
        progress: Some(fluentpress::site::build::PdfProgress(std::sync::Arc::new(
            move |done, total| {
                if bar.length().is_none() {
                    // The pages are rendered; from here on the printing is counted.
                    bar.set_length(total as u64);
                    if let Some(style) = crate::cmd::ui::bar_style() {
                        bar.set_style(style);
                    }
                    bar.set_message("printing PDFs");
                }
                bar.set_position(done as u64);
            },
        ))),
        ..options
    };
    let report = build(&config, &options);
    progress.finish_and_clear();
    let quiet = crate::cmd::ui::quiet();
    let report_name = if shard.is_some() {
        fluentpress::site::manifest::MANIFEST
    } else {
        "build-report.json"
    };
    let report = match report {
        Ok(report) => report,
        Err(err) if err.is_refusal() => {
            eprintln!("error: {err}");
            eprintln!("nothing was written or deleted");
            return Ok(ExitCode::from(2));
        }
        Err(err) => {
            // File names and translations in the message are input: escaped.
            eprintln!("{}", sanitize(&err.to_string()));
            eprintln!(
                "error: build failed; {} was left as it was",
                sanitize(&out.display().to_string())
            );
            // A usage or configuration error is 2, as for every command; a build that
            // failed on its input is 1.
            let usage = matches!(
                err,
                BuildError::UnknownLocale(_)
                    | BuildError::MissingTemplate { .. }
                    | BuildError::Intl(_)
            );
            return Ok(ExitCode::from(if usage { 2 } else { 1 }));
        }
    };
    // FLUENTPRESS_TIMINGS=1, as for `check`: how long each stage took, on stderr.
    if std::env::var_os("FLUENTPRESS_TIMINGS").is_some_and(|v| v != "0") {
        let mut total = 0.0;
        for (name, took) in &report.timings.stages {
            total += took.as_secs_f64();
            eprintln!(
                "timing: {name:<8} {:>8.3} s (total {total:.3} s)",
                took.as_secs_f64()
            );
        }
    }
    let published = report.pages.iter().filter(|p| p.published).count();
    let fallbacks: usize = report.pages.iter().map(|p| p.log.fallbacks.len()).sum();
    let warnings: usize = report
        .pages
        .iter()
        .map(|p| p.log.warnings.len() + p.log.errors.len())
        .sum();
    for page in report.pages.iter().filter(|p| !p.published) {
        crate::cmd::ui::out(&format!(
            "skipped {} [{}]: {}\n",
            sanitize(&page.page),
            sanitize(&page.locale),
            sanitize(&page.reason)
        ))?;
    }
    for page in &report.pages {
        for w in page.log.warnings.iter().chain(&page.log.errors) {
            crate::cmd::ui::out(&format!(
                "warning: {} [{}]: {}\n",
                sanitize(&page.page),
                sanitize(&page.locale),
                sanitize(w)
            ))?;
        }
    }
    let mut locales: Vec<&str> = report
        .pages
        .iter()
        .filter(|p| p.published)
        .map(|p| p.locale.as_str())
        .collect();
    locales.sort_unstable();
    locales.dedup();
    if !quiet {
        crate::cmd::ui::out(&format!(
        "built {published} page(s) in {} locale(s) into {}; {fallbacks} message(s) fell back, {warnings} warning(s); report: {}\n",
        locales.len(),
        sanitize(&out.display().to_string()),
        sanitize(&out.join(report_name).display().to_string())
    ))?;
    }
    if options.cache.is_some() && !quiet {
        crate::cmd::ui::out(&cache_line(&report.cache))?;
    }
    let pdf = &report.pdf;
    if pdf.requested {
        if let Some(reason) = &pdf.skipped {
            eprintln!("error: no PDFs were printed: {}", sanitize(reason));
            eprintln!("the HTML pages were built; fix the above and run `build --pdf` again");
            return Ok(ExitCode::from(1));
        }
        let browser = pdf.browser.as_deref().unwrap_or(Path::new("?"));
        if quiet {
            return Ok(ExitCode::SUCCESS);
        }
        let cached = if pdf.cached > 0 {
            format!(", {} of them copied from --cache", pdf.cached)
        } else {
            String::new()
        };
        if pdf.cached == pdf.printed && pdf.printed > 0 {
            crate::cmd::ui::out(&format!(
                "printed {} PDF(s){cached}; the browser was not started\n",
                pdf.printed
            ))?;
            return Ok(ExitCode::SUCCESS);
        }
        crate::cmd::ui::out(&format!(
            "printed {} PDF(s){cached} with {} (browser start {} ms, printing {} ms)\n",
            pdf.printed,
            sanitize(&browser.display().to_string()),
            pdf.browser_start_ms,
            pdf.print_ms
        ))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// What `--cache` saved: how many page files were copied, and which were rendered again
/// (the first few by name: a changed message renders only the pages that read it).
fn cache_line(cache: &fluentpress::site::build::PageCacheSummary) -> String {
    const NAMED: usize = 12;
    let rendered = &cache.rendered;
    let mut line = format!(
        "cache: {} page file(s) copied, {} rendered",
        cache.copied,
        rendered.len()
    );
    if !rendered.is_empty() {
        let names: Vec<String> = rendered.iter().take(NAMED).map(|p| sanitize(p)).collect();
        line.push_str(&format!(": {}", names.join(", ")));
        if rendered.len() > NAMED {
            line.push_str(&format!(" and {} more", rendered.len() - NAMED));
        }
    }
    line.push('\n');
    line
}
