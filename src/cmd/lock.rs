use fluentpress::fluent::catalog::Catalog;
use fluentpress::project::config::Config;
use fluentpress::project::lock::Lock;
use std::path::Path;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {}

pub fn run(root: &Path, _args: Args) -> anyhow::Result<ExitCode> {
    let config = Config::load(root)?;
    let catalog = Catalog::load(&config);
    let mut lock = Lock::load(&config.root)?;
    let tags: Vec<String> = config.locales.iter().map(|l| l.tag.clone()).collect();
    lock.refresh(&catalog, &tags);
    lock.save(&config.root)?;
    let parts: usize = lock.locales.values().map(|r| r.len()).sum();
    // The project path (--root) may hold escape sequences; they must not reach the terminal.
    crate::cmd::ui::say(&format!(
        "recorded {parts} translation(s) in {}",
        Lock::path(&config.root).display()
    ))?;
    Ok(ExitCode::SUCCESS)
}
