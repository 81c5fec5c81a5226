use fluentpress::workflow::init::{adopt, write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// The folder holding one folder per locale, relative to --root (default: the
    /// first of locales, locale, l10n, i18n, translations and the root itself that
    /// holds any).
    #[arg(long, value_name = "DIR")]
    locales: Option<PathBuf>,
    /// The source locale's tag (default: en-US, en or en-GB, whichever is there).
    #[arg(long, value_name = "TAG")]
    source: Option<String>,
    /// Print the config instead of writing it.
    #[arg(long)]
    dry_run: bool,
}

pub fn run(root: &Path, args: Args) -> anyhow::Result<ExitCode> {
    let adoption = adopt(root, args.locales.as_deref(), args.source.as_deref())?;
    if args.dry_run {
        print!("{}", adoption.config);
        return Ok(ExitCode::SUCCESS);
    }
    let path = write(root, &adoption)?;
    let say = crate::cmd::ui::say;
    say(&format!(
        "wrote {}: {} locales in {} (source {})",
        path.display(),
        adoption.locales.len(),
        adoption.locales_dir.display(),
        adoption.source
    ))?;
    for (folder, why) in &adoption.skipped {
        say(&format!("  left out {folder}/: {why}"))?;
    }
    let unnamed: Vec<&str> = adoption
        .locales
        .iter()
        .filter(|l| l.endonym.is_none())
        .map(|l| l.tag.as_str())
        .collect();
    if !unnamed.is_empty() {
        say(&format!(
            "  write the endonym (the language's name in itself) of {} in the config",
            unnamed.join(", ")
        ))?;
    }
    if let Some(first) = adoption.ids_in_several_files.first() {
        say(&format!(
            "  [check] scope = \"file\": the source defines {} id(s) in more than one file ({first}…)",
            adoption.ids_in_several_files.len()
        ))?;
    }
    say("next: `fluentpress check` (every locale against the source), `fluentpress status`")?;
    Ok(ExitCode::SUCCESS)
}
