use anyhow::{bail, Context};
use clap::FromArgMatches;
use fluentpress::fluent::catalog::Catalog;
use fluentpress::interchange::apply::{self, ImportPlan, Input};
use fluentpress::interchange::{po, xliff, Project};
use fluentpress::project::config::Config;
use fluentpress::project::lock::Lock;
use fluentpress::project::walk::Walk;
use fluentpress::report::text::sanitize;
use fluentpress::workflow::sync::{self, SyncPlan};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// XLIFF (2.x or 1.2) or PO files that `fluentpress export` wrote and translators filled,
    /// or folders of them (every .xlf, .xliff and .po inside).
    #[arg(required = true, num_args = 1..)]
    files: Vec<PathBuf>,
    /// The locale to write into (default: each file's target language).
    #[arg(long)]
    locale: Option<String>,
    /// Show the changes as a diff; write nothing.
    #[arg(long)]
    dry_run: bool,
}

/// The files named, folders replaced by the translation files in them, in name order.
fn expand(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for path in paths {
        if !path.is_dir() {
            out.push(path.clone());
            continue;
        }
        let mut found: Vec<PathBuf> = Walk::new(path)
            .run()
            .files
            .into_iter()
            .filter(|p| {
                p.extension()
                    .is_some_and(|e| e == "xlf" || e == "xliff" || e == "po")
            })
            .collect();
        found.sort();
        out.extend(found);
    }
    out
}

/// A file read and parsed, not yet checked against the project.
fn read(path: &Path) -> anyhow::Result<Input> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    };
    let plain = !text.trim_start().starts_with('<');
    let imported = if plain {
        po::read(path, &text)?
    } else {
        xliff::read(path, &text)?
    };
    Ok(Input {
        path: path.to_path_buf(),
        text,
        imported,
        plain,
    })
}

pub fn run(root: &Path, args: Args) -> anyhow::Result<ExitCode> {
    let config = Config::load(root)?;
    let files = expand(&args.files);
    if files.is_empty() {
        bail!("no .xlf, .xliff or .po file in the folders given");
    }
    let read: Vec<anyhow::Result<Input>> = files.par_iter().map(|p| read(p)).collect();
    // Grouped by locale, each locale's files planned together.
    let mut by_locale: BTreeMap<String, Vec<Input>> = BTreeMap::new();
    for input in read {
        let input = input?;
        let Some(tag) = args
            .locale
            .clone()
            .or_else(|| input.imported.target_locale.clone())
        else {
            bail!(
                "{}: the file names no target language; give --locale",
                input.path.display()
            );
        };
        if config.locale(&tag).is_none() || tag == config.source_locale {
            bail!("--locale {tag}: not a translated locale of this project");
        }
        by_locale.entry(tag).or_default().push(input);
    }
    let catalog = Catalog::load(&config);
    for (t, files) in &catalog.locales {
        if !by_locale.contains_key(t) && *t != config.source_locale {
            continue;
        }
        if let Some(broken) = files.files.iter().find(|f| !f.syntax_errors.is_empty()) {
            bail!("{} has syntax errors; import leaves it alone until they are fixed (`fluentpress check --locale {t}`)", broken.path.display());
        }
    }
    let mut lock = Lock::load(&config.root)?;
    let project = Project::new(&config, &catalog, &lock);
    // Every locale planned on every core; any refusal writes nothing at all.
    let plans: Vec<(String, ImportPlan)> = by_locale
        .into_par_iter()
        .map(|(tag, inputs)| apply::plan(&project, &tag, inputs).map(|plan| (tag, plan)))
        .collect::<Result<_, _>>()?;
    for (tag, plan) in &plans {
        for id in &plan.incomplete {
            eprintln!(
                "{}",
                sanitize(&format!(
                    "warning: {tag}: `{id}` not written: a unit it needs has no translation"
                ))
            );
        }
    }
    if args.dry_run {
        for (_, plan) in &plans {
            for change in &plan.changes {
                crate::cmd::ui::out(&sanitize(&sync::diff(change)))?;
            }
        }
        for (tag, plan) in &plans {
            crate::cmd::ui::say(&format!(
                "{tag}: import would change {} file(s) ({} unit(s))",
                plan.changes.len(),
                plan.units
            ))?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    // Every locale's files written on every core, as they were planned and
    // as the benchmark writes them (one locale after another left a core
    // idle); reported in locale order, up to the first that failed.
    let written: Vec<(String, ImportPlan, usize, std::io::Result<()>)> = plans
        .into_par_iter()
        .map(|(tag, mut plan)| {
            let changes = std::mem::take(&mut plan.changes);
            let changed = changes.len();
            let result = sync::apply(&SyncPlan {
                changes,
                ..SyncPlan::default()
            });
            (tag, plan, changed, result)
        })
        .collect();
    let mut changed_any = false;
    let mut tags = Vec::new();
    for (tag, plan, changed, result) in written {
        changed_any |= changed > 0;
        result?;
        crate::cmd::ui::say(&format!(
            "{tag}: import changed {changed} file(s) ({} unit(s))",
            plan.units
        ))?;
        tags.push((tag, plan.parts));
    }
    if changed_any {
        let catalog = Catalog::load(&config);
        for (tag, parts) in &tags {
            lock.record(&catalog, tag, parts);
        }
        lock.save(&config.root)?;
    }
    // The result is checked as `fluentpress check --locale` checks it.
    let locales = tags
        .iter()
        .map(|(t, _)| t.as_str())
        .collect::<Vec<_>>()
        .join(",");
    let command =
        <crate::cmd::check::Args as clap::Args>::augment_args(clap::Command::new("check"));
    let matches = command.try_get_matches_from(["check", "--locale", &locales])?;
    let check_args = crate::cmd::check::Args::from_arg_matches(&matches)?;
    crate::cmd::check::run(&config.root, check_args)
}
