use anyhow::bail;
use fluentpress::fluent::catalog::Catalog;
use fluentpress::project::config::Config;
use fluentpress::project::lock::Lock;
use fluentpress::report::text::sanitize;
use fluentpress::workflow::new_locale::recover;
use fluentpress::workflow::sync::{apply, diff, plan};
use std::path::Path;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// Sync only these locales (repeat or separate with commas).
    #[arg(long, value_delimiter = ',')]
    locale: Vec<String>,
    /// Remove messages the source no longer has.
    #[arg(long)]
    prune: bool,
    /// Show the changes as a diff; write nothing.
    #[arg(long)]
    dry_run: bool,
}

pub fn run(root: &Path, args: Args) -> anyhow::Result<ExitCode> {
    let config = Config::load(root)?;
    crate::cmd::new_locale::report_recovered(&recover(&config))?;
    for tag in &args.locale {
        if config.locale(tag).is_none() {
            bail!("--locale {tag}: not a configured locale");
        }
    }
    let catalog = Catalog::load(&config);
    for (tag, files) in &catalog.locales {
        if config.locale(tag).is_none() {
            continue;
        }
        if let Some(broken) = files.files.iter().find(|f| !f.syntax_errors.is_empty()) {
            bail!("{} has syntax errors; sync leaves it alone until they are fixed (`fluentpress check --locale {tag}`)", broken.path.display());
        }
        if let Some(problem) = files.problems.first() {
            bail!("{}: {}", problem.path.display(), problem.message);
        }
    }
    let lock = Lock::load(&config.root)?;
    let mut changed = 0;
    for locale in &config.locales {
        if locale.tag == config.source_locale
            || (!args.locale.is_empty() && !args.locale.contains(&locale.tag))
        {
            continue;
        }
        let plan = plan(&config, &catalog, &lock, &locale.tag, args.prune);
        for (_, old, new) in &plan.carried {
            crate::cmd::ui::say(&format!(
                "{}: carried the translation of `{old}` over to `{new}` (same source text)",
                locale.tag
            ))?;
        }
        let offered = plan.offered.len();
        if offered > 0 {
            crate::cmd::ui::say(&format!(
                "{}: offered {offered} new source message(s) to translate",
                locale.tag
            ))?;
        }
        for (_, path, id) in &plan.obsolete {
            let verb = if args.prune {
                "removed"
            } else {
                "obsolete (remove with --prune)"
            };
            crate::cmd::ui::say(&format!(
                "{}: `{id}` in {} {verb}",
                locale.tag,
                path.display()
            ))?;
        }
        if args.dry_run {
            for change in &plan.changes {
                // The diff shows the files' text, which may hold control characters.
                crate::cmd::ui::out(&sanitize(&diff(change)))?;
            }
        } else {
            apply(&plan)?;
        }
        changed += plan.changes.len();
    }
    let what = if args.dry_run {
        "would change"
    } else {
        "changed"
    };
    crate::cmd::ui::say(&format!("sync {what} {changed} file(s)"))?;
    Ok(ExitCode::SUCCESS)
}
