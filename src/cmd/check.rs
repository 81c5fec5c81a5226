use anyhow::{bail, Context};
use fluentpress::catalog::Catalog;
use fluentpress::check::{check, CheckOptions};
use fluentpress::config::Config;
use fluentpress::lock::Lock;
use fluentpress::report::{self, Format, TextStyle};
use std::path::Path;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// Check only these locales (repeat or separate with commas).
    #[arg(long, value_delimiter = ',')]
    locale: Vec<String>,
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
}

pub fn run(root: &Path, args: Args) -> anyhow::Result<ExitCode> {
    let config = Config::load(root)?;
    let mut options = CheckOptions {
        locales: args.locale,
        deny_warnings: args.deny.is_some(),
        ..CheckOptions::default()
    };
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
    let catalog = Catalog::load(&config);
    let mut lock = Lock::load(&config.root)?;
    let result = check(&config, &catalog, &lock, &options);
    if args.update_lock {
        let tags: Vec<String> = config.locales.iter().map(|l| l.tag.clone()).collect();
        lock.refresh(&catalog, &tags);
        lock.save(&config.root)?;
    }
    print!(
        "{}",
        report::render(&result, args.format, TextStyle::detect())
    );
    if args.format == Format::Github {
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
            file.write_all(report::github_summary(&result).as_bytes())?;
        }
    }
    Ok(if result.gate.passed {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
