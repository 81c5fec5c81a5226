use fluentpress::project::config::Config;
use fluentpress::report::text::sanitize;
use fluentpress::review::{review, ReviewOptions, REVIEW_DIR};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// Review only these locales (repeat or separate with commas); the source is always measured.
    #[arg(long, value_delimiter = ',')]
    locale: Vec<String>,
    /// The review folder (default: .fluentpress/review); a relative DIR is taken from
    /// --root, not from the current folder, like out/. Never out/ itself.
    #[arg(long, short = 'o', value_name = "DIR")]
    out: Option<PathBuf>,
    /// Viewport widths in CSS pixels (default: 1280,375).
    #[arg(long, value_delimiter = ',', value_name = "PX")]
    width: Vec<u32>,
    /// The Chromium or Chrome to look with (default: found on PATH).
    #[arg(long, value_name = "PATH")]
    browser: Option<PathBuf>,
}

pub fn run(root: &Path, args: Args) -> anyhow::Result<ExitCode> {
    let config = Config::load(root)?;
    let mut options = ReviewOptions {
        locales: args.locale,
        out: Some(args.out.unwrap_or_else(|| config.root.join(REVIEW_DIR))),
        browser: args.browser,
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
            eprintln!("no review folder was written or changed");
            return Ok(ExitCode::from(if err.is_usage() { 2 } else { 1 }));
        }
    };
    for finding in &report.findings {
        crate::cmd::ui::out(&format!("{}\n", sanitize(&finding.to_string())))?;
    }
    let dir = report.dir.as_deref().unwrap_or(Path::new("?"));
    crate::cmd::ui::say(&format!(
        "reviewed {} page(s) × locale(s) at {} width(s): {} layout finding(s), {} screenshot(s); open {}",
        report.pages.len(),
        options.widths.len(),
        report.findings.len(),
        report.screenshots,
        dir.join("index.html").display()
    ))?;
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
