use anyhow::{bail, Context};
use fluentpress::project::changes::Changes;
use fluentpress::project::config::Config;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// The changed files, or one git range (`origin/main..HEAD`), whose pages and locales
    /// to list; the same mapping as `check --changed` and the pre-commit hook.
    #[arg(long, value_name = "FILE|RANGE", num_args = 1.., required = true)]
    changed: Vec<String>,
}

#[derive(serde::Serialize)]
struct Job<'a> {
    page: &'a str,
    locale: &'a str,
}

#[derive(serde::Serialize)]
struct Plan<'a> {
    version: u32,
    /// Every page × locale must be rebuilt (the config, a template or the source changed).
    everything: bool,
    locales: BTreeSet<&'a str>,
    pages: BTreeSet<&'a str>,
    jobs: Vec<Job<'a>>,
}

/// `A..B` (or `A...B`) that is not a file: the files git says the range changed.
fn files_of_range(root: &Path, range: &str) -> anyhow::Result<Vec<PathBuf>> {
    let git = |args: &[&str]| -> anyhow::Result<String> {
        let out = std::process::Command::new("git")
            .arg("-C")
            .arg(root)
            .args(args)
            .output()
            .context("cannot run git")?;
        if !out.status.success() {
            bail!(
                "git {}: {}",
                args.join(" "),
                String::from_utf8_lossy(&out.stderr).trim()
            );
        }
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    };
    let top = PathBuf::from(git(&["rev-parse", "--show-toplevel"])?.trim());
    let names = git(&["diff", "--name-only", "--no-renames", range, "--"])?;
    Ok(names.lines().map(|name| top.join(name)).collect())
}

pub fn run(root: &Path, args: Args) -> anyhow::Result<ExitCode> {
    let config = Config::load(root)?;
    let files = match args.changed.as_slice() {
        [one] if one.contains("..") && !Path::new(one).exists() => files_of_range(root, one)?,
        many => many.iter().map(PathBuf::from).collect(),
    };
    let changes = Changes::of(&config, &files);
    let mut jobs = Vec::new();
    for page in &config.pages {
        let reads =
            |resources: &BTreeSet<String>| page.resources.iter().any(|r| resources.contains(r));
        for locale in &config.locales {
            let affected = changes.every_page
                || reads(&changes.source)
                // Its own messages, those it falls back to, or the second column of one
                // of its bilingual editions changed.
                || std::iter::once(&locale.tag)
                    .chain(&locale.fallback)
                    .chain(page.bilingual.iter().filter(|p| p[0] == locale.tag).map(|p| &p[1]))
                    .any(|tag| changes.resources.get(tag).is_some_and(reads));
            if affected {
                jobs.push(Job {
                    page: &page.name,
                    locale: &locale.tag,
                });
            }
        }
    }
    let plan = Plan {
        version: 1,
        everything: changes.every_page,
        locales: jobs.iter().map(|j| j.locale).collect(),
        pages: jobs.iter().map(|j| j.page).collect(),
        jobs,
    };
    crate::cmd::ui::out(&format!("{}\n", serde_json::to_string_pretty(&plan)?))?;
    Ok(ExitCode::SUCCESS)
}
