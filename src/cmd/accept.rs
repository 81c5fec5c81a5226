use anyhow::bail;
use fluentpress::fluent::catalog::Catalog;
use fluentpress::project::config::Config;
use fluentpress::project::lock::Lock;
use std::path::Path;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// The locale whose translations stay as they are.
    locale: String,
    /// Message ids (`id` or `id.attr`); all stale ones when none are given.
    ids: Vec<String>,
}

pub fn run(root: &Path, args: Args) -> anyhow::Result<ExitCode> {
    let config = Config::load(root)?;
    if config.locale(&args.locale).is_none() || args.locale == config.source_locale {
        bail!("{}: not a translated locale of this project", args.locale);
    }
    let catalog = Catalog::load(&config);
    let mut lock = Lock::load(&config.root)?;
    let accepted = lock.accept(&catalog, &args.locale, &args.ids);
    if accepted.is_empty() {
        println!("{}: nothing stale to accept", args.locale);
        return Ok(if args.ids.is_empty() {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        });
    }
    lock.save(&config.root)?;
    for id in &accepted {
        println!("{}: `{id}` accepted as current", args.locale);
    }
    Ok(ExitCode::SUCCESS)
}
