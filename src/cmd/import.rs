use anyhow::{bail, Context};
use clap::FromArgMatches;
use fluentpress::fluent::catalog::Catalog;
use fluentpress::interchange::{apply, po, xliff};
use fluentpress::project::config::Config;
use fluentpress::project::lock::Lock;
use fluentpress::report::text::sanitize;
use fluentpress::workflow::sync::{self, SyncPlan};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// An XLIFF (2.0 or 1.2) or PO file that `fluentpress export` wrote and a translator filled.
    file: PathBuf,
    /// The locale to write into (default: the file's target language).
    #[arg(long)]
    locale: Option<String>,
    /// Show the changes as a diff; write nothing.
    #[arg(long)]
    dry_run: bool,
}

pub fn run(root: &Path, args: Args) -> anyhow::Result<ExitCode> {
    let config = Config::load(root)?;
    let text = std::fs::read_to_string(&args.file)
        .with_context(|| format!("cannot read {}", args.file.display()))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let is_xml = text.trim_start().starts_with('<');
    let imported = if is_xml {
        xliff::read(&args.file, text)?
    } else {
        po::read(&args.file, text)?
    };
    let Some(tag) = args
        .locale
        .clone()
        .or_else(|| imported.target_locale.clone())
    else {
        bail!(
            "{}: the file names no target language; give --locale",
            args.file.display()
        );
    };
    if config.locale(&tag).is_none() || tag == config.source_locale {
        bail!("--locale {tag}: not a translated locale of this project");
    }
    let catalog = Catalog::load(&config);
    for (t, files) in &catalog.locales {
        if *t != tag && *t != config.source_locale {
            continue;
        }
        if let Some(broken) = files.files.iter().find(|f| !f.syntax_errors.is_empty()) {
            bail!("{} has syntax errors; import leaves it alone until they are fixed (`fluentpress check --locale {tag}`)", broken.path.display());
        }
    }
    let mut lock = Lock::load(&config.root)?;
    let plan = apply::plan(
        &config, &catalog, &lock, &tag, &args.file, text, imported, !is_xml,
    )?;
    for id in &plan.incomplete {
        eprintln!(
            "{}",
            sanitize(&format!(
                "warning: {tag}: `{id}` not written: a unit it needs has no translation"
            ))
        );
    }
    if args.dry_run {
        for change in &plan.changes {
            crate::cmd::ui::out(&sanitize(&sync::diff(change)))?;
        }
        crate::cmd::ui::say(&format!(
            "import would change {} file(s) ({} unit(s))",
            plan.changes.len(),
            plan.units
        ))?;
        return Ok(ExitCode::SUCCESS);
    }
    let changed = plan.changes.len();
    sync::apply(&SyncPlan {
        changes: plan.changes,
        ..SyncPlan::default()
    })?;
    if changed > 0 {
        let catalog = Catalog::load(&config);
        lock.record(&catalog, &tag, &plan.parts);
        lock.save(&config.root)?;
    }
    crate::cmd::ui::say(&format!(
        "{tag}: import changed {changed} file(s) ({} unit(s))",
        plan.units
    ))?;
    // The result is checked as `fluentpress check --locale` checks it.
    let command =
        <crate::cmd::check::Args as clap::Args>::augment_args(clap::Command::new("check"));
    let matches = command.try_get_matches_from(["check", "--locale", &tag])?;
    let check_args = crate::cmd::check::Args::from_arg_matches(&matches)?;
    crate::cmd::check::run(&config.root, check_args)
}
