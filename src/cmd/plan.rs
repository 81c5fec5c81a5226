use anyhow::Context;
use fluentpress::project::changes::Changes;
use fluentpress::project::config::Config;
use fluentpress::project::git::Repo;
use fluentpress::site::plan::{compare, jobs, Comparison, Job, Newer};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// The changed files, or one git range (`origin/main..HEAD`, `main...topic`), whose
    /// pages and locales to list; the files map as `check --changed` and the pre-commit
    /// hook map them. A changed .ftl file counts by the messages that changed in it: in
    /// a range, between the range's two commits (an end left out is HEAD); for files
    /// in a git work tree, between HEAD and the files on disk. Outside git, and for a
    /// file HEAD lacks, every message of the file counts.
    #[arg(long, value_name = "FILE|RANGE", num_args = 1.., required = true)]
    changed: Vec<String>,
}

#[derive(serde::Serialize)]
struct Plan<'a> {
    version: u32,
    /// Every page × locale is a job.
    everything: bool,
    locales: BTreeSet<&'a str>,
    pages: BTreeSet<&'a str>,
    jobs: &'a [Job],
}

pub fn run(root: &Path, args: Args) -> anyhow::Result<ExitCode> {
    let config = Config::load(root)?;
    let repo = Repo::open(root);
    let (files, comparison) = match args.changed.as_slice() {
        [one] if one.contains("..") && !Path::new(one).exists() => {
            let repo = repo.with_context(|| {
                format!(
                    "`{one}` is a git range, but {} is not in a git repository with a commit",
                    root.display()
                )
            })?;
            let range = repo.range(one)?;
            let files = repo.changed_files(&range)?;
            let changes = Changes::of(&config, &files);
            let comparison = compare(
                &config,
                &repo,
                &range.old,
                Newer::Commit(&range.new),
                &changes,
            )?;
            (changes, comparison)
        }
        many => {
            let files: Vec<PathBuf> = many.iter().map(PathBuf::from).collect();
            let changes = Changes::of(&config, &files);
            let comparison = match repo {
                Some(repo) => compare(&config, &repo, "HEAD", Newer::WorkTree, &changes)?,
                None => Comparison::default(),
            };
            (changes, comparison)
        }
    };
    let jobs = jobs(&config, &files, &comparison);
    let plan = Plan {
        version: 2,
        everything: !jobs.is_empty() && jobs.len() == config.pages.len() * config.locales.len(),
        locales: jobs.iter().map(|j| j.locale.as_str()).collect(),
        pages: jobs.iter().map(|j| j.page.as_str()).collect(),
        jobs: &jobs,
    };
    crate::cmd::ui::out(&format!("{}\n", serde_json::to_string_pretty(&plan)?))?;
    Ok(ExitCode::SUCCESS)
}
