use fluentpress::project::config::Config;
use fluentpress::report::text::sanitize;
use fluentpress::site::manifest::merge;
use fluentpress::site::publish::SiteDir;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// The parts `build --shard I/N` wrote, one folder per shard.
    #[arg(value_name = "SHARD_DIR", required = true)]
    parts: Vec<PathBuf>,
}

pub fn run(root: &Path, args: Args) -> anyhow::Result<ExitCode> {
    let config = Config::load(root)?;
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
