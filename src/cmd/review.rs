use fluentpress::project::config::Config;
use fluentpress::report::text::sanitize;
use fluentpress::review::{review, ReviewOptions, ReviewReport, REVIEW_DIR};
use fluentpress::site::shard::ShardSpec;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// Review only these locales (repeat or separate with commas); the source is always measured.
    #[arg(long, value_delimiter = ',', conflicts_with = "shard")]
    locale: Vec<String>,
    /// The review folder (default: .fluentpress/review); a relative DIR is taken from
    /// --root, not from the current folder, like out/. Never out/ itself.
    #[arg(long, short = 'o', value_name = "DIR", conflicts_with = "shard")]
    out: Option<PathBuf>,
    /// Viewport widths in CSS pixels (default: 1280,375).
    #[arg(long, value_delimiter = ',', value_name = "PX")]
    width: Vec<u32>,
    /// The Chromium or Chrome to look with (default: found on PATH).
    #[arg(long, value_name = "PATH")]
    browser: Option<PathBuf>,
    /// Review only shard I of N (`2/7`) of the page-by-locale jobs, or `auto` for the CI
    /// engine's variables (FLUENTPRESS_SHARD, CI_NODE_INDEX/CI_NODE_TOTAL,
    /// JOB_COMPLETION_INDEX with FLUENTPRESS_SHARDS), and write them as a part for
    /// `fluentpress merge --review`, which writes the review folder.
    #[arg(long, value_name = "I/N|auto")]
    shard: Option<String>,
    /// Where a shard writes its part (default: shards/review-I-of-N under --root).
    #[arg(long, value_name = "DIR", requires = "shard")]
    part: Option<PathBuf>,
}

pub fn run(root: &Path, args: Args) -> anyhow::Result<ExitCode> {
    let config = Config::load(root)?;
    let shard = args.shard.as_deref().map(ShardSpec::from_arg).transpose()?;
    let out = match shard {
        Some(shard) => args.part.unwrap_or_else(|| {
            Path::new("shards").join(format!("review-{}-of-{}", shard.index + 1, shard.total))
        }),
        None => args.out.unwrap_or_else(|| config.root.join(REVIEW_DIR)),
    };
    let mut options = ReviewOptions {
        locales: args.locale,
        out: Some(out),
        browser: args.browser,
        shard,
        ..ReviewOptions::default()
    };
    if !args.width.is_empty() {
        if let Some(bad) = args.width.iter().find(|w| !(200..=4000).contains(*w)) {
            anyhow::bail!("--width {bad}: expected a width between 200 and 4000 CSS pixels");
        }
        options.widths = args.width;
    }
    let progress = crate::cmd::ui::spinner("reviewing");
    let result = review(&config, &options);
    progress.finish_and_clear();
    let report = match result {
        Ok(report) => report,
        Err(err) => {
            eprintln!("error: {}", sanitize(&err.to_string()));
            eprintln!(
                "{}",
                if shard.is_some() {
                    "no part was written or changed"
                } else {
                    "no review folder was written or changed"
                }
            );
            return Ok(ExitCode::from(if err.is_usage() { 2 } else { 1 }));
        }
    };
    print_findings(&report)?;
    let dir = report.dir.as_deref().unwrap_or(Path::new("?"));
    if let Some(shard) = shard {
        crate::cmd::ui::say(&format!(
            "review shard {shard}: {} page(s) × locale(s), {} layout finding(s) so far, {} screenshot(s), written to {}; `fluentpress merge --review` writes the review folder",
            report.pages.len(),
            report.findings.len(),
            report.screenshots,
            dir.display()
        ))?;
    } else {
        crate::cmd::ui::say(&format!(
        "reviewed {} page(s) × locale(s) at {} width(s): {} layout finding(s), {} screenshot(s); open {}",
        report.pages.len(),
        options.widths.len(),
        report.findings.len(),
        report.screenshots,
        dir.join("index.html").display()
    ))?;
    }
    let t = &report.timings;
    crate::cmd::ui::say(&format!(
        "build {} ms, browser start {} ms, measuring and screenshots {} ms, writing {} ms",
        t.build_ms, t.browser_start_ms, t.measure_ms, t.write_ms
    ))?;
    // FLUENTPRESS_TIMINGS=1, as for `check`: where the browser's time went, on stderr.
    if std::env::var_os("FLUENTPRESS_TIMINGS").is_some_and(|v| v != "0") {
        let tabs = &t.tabs;
        eprintln!(
            "timing: tab time (summed over tabs at work at once): load {} ms, layout {} ms, \
             capture {} ms, crop+encode {} ms, files {} ms, print {} ms",
            tabs.load_ms,
            tabs.layout_ms,
            tabs.capture_ms,
            tabs.crop_ms,
            tabs.files_ms,
            tabs.print_ms
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// The layout findings, one a line, as `check` prints them.
pub fn print_findings(report: &ReviewReport) -> anyhow::Result<()> {
    for finding in &report.findings {
        crate::cmd::ui::out(&format!("{}\n", sanitize(&finding.to_string())))?;
    }
    Ok(())
}
