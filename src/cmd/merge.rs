use fluentpress::project::config::Config;
use fluentpress::report::text::sanitize;
use fluentpress::site::manifest::merge;
use fluentpress::site::publish::SiteDir;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// The parts `build --shard I/N` wrote, one folder per shard (with --check, the
    /// parts `check --shard I/N` wrote: their folders or check.json files; with
    /// --review, the folders `review --shard I/N` wrote).
    #[arg(value_name = "SHARD_DIR", required = true)]
    parts: Vec<PathBuf>,
    /// Merge the parts of a sharded `check` instead: print the report of every locale
    /// and exit with its gate, as one `check` would; out/ is not touched.
    #[arg(long, conflicts_with = "review")]
    check: bool,
    /// With --check: the report's format, as `check --format`.
    #[arg(long, value_enum, default_value = "text", requires = "check")]
    format: crate::cmd::check::Format,
    /// Merge the parts of a sharded `review` instead: write the review folder one
    /// `review` of every locale would write; out/ is not touched.
    #[arg(long)]
    review: bool,
    /// With --review: the review folder (default: .fluentpress/review); a relative DIR
    /// is taken from --root. Never out/ itself.
    #[arg(long, short = 'o', value_name = "DIR", requires = "review")]
    out: Option<PathBuf>,
}

pub fn run(root: &Path, args: Args) -> anyhow::Result<ExitCode> {
    let config = Config::load(root)?;
    if args.check {
        return merge_check(&config, &args);
    }
    if args.review {
        return merge_review(&config, &args);
    }
    let site = match SiteDir::out(&config) {
        Ok(site) => site,
        Err(err) => {
            eprintln!("error: {}", sanitize(&err.to_string()));
            eprintln!("nothing was written or deleted");
            return Ok(ExitCode::from(2));
        }
    };
    match merge(&site, &args.parts) {
        Ok(report) => {
            let published = report.pages.iter().filter(|p| p.published).count();
            crate::cmd::ui::say(&format!(
                "merged {} part(s): {published} page(s) into {}",
                args.parts.len(),
                site.path().display()
            ))?;
            Ok(ExitCode::SUCCESS)
        }
        Err(err) => {
            eprintln!("error: {}", sanitize(&err.to_string()));
            eprintln!(
                "merge failed; {} was left as it was",
                sanitize(&site.path().display().to_string())
            );
            Ok(ExitCode::from(if err.is_refusal() { 2 } else { 1 }))
        }
    }
}

/// `merge --check`: the parts' report, printed and gated as one `check` would.
fn merge_check(config: &Config, args: &Args) -> anyhow::Result<ExitCode> {
    let mut report = match fluentpress::check::shard::merge(config, &args.parts) {
        Ok(report) => report,
        Err(err) => {
            eprintln!("error: {}", sanitize(&err.to_string()));
            return Ok(ExitCode::from(1));
        }
    };
    let plan = fluentpress::fluent::catalog::CatalogPlan::folders(config);
    crate::cmd::check::paths_for_format(args.format, &config.root, &mut report.findings);
    crate::cmd::check::print_report(args.format, &report, &plan, config, false, None)?;
    Ok(if report.gate.passed {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// `merge --review`: the parts' review folder, written as one `review` would write it.
fn merge_review(config: &Config, args: &Args) -> anyhow::Result<ExitCode> {
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| config.root.join(fluentpress::review::REVIEW_DIR));
    let report = match fluentpress::review::shard::merge(config, &args.parts, &out) {
        Ok(report) => report,
        Err(err) => {
            eprintln!("error: {}", sanitize(&err.to_string()));
            eprintln!("no review folder was written or changed");
            return Ok(ExitCode::from(if err.is_refusal() { 2 } else { 1 }));
        }
    };
    crate::cmd::review::print_findings(&report)?;
    let dir = report.dir.as_deref().unwrap_or(&out);
    crate::cmd::ui::say(&format!(
        "merged {} review part(s): {} page(s) × locale(s), {} layout finding(s), {} screenshot(s); open {}",
        args.parts.len(),
        report.pages.len(),
        report.findings.len(),
        report.screenshots,
        dir.join("index.html").display()
    ))?;
    Ok(ExitCode::SUCCESS)
}
