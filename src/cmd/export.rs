use anyhow::{bail, Context};
use fluentpress::fluent::catalog::Catalog;
use fluentpress::interchange::{document, po, xliff, Format, Only};
use fluentpress::project::config::Config;
use fluentpress::project::lock::Lock;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// The locales to export (repeat or separate with commas); with more than one, -o names a folder.
    #[arg(long, value_delimiter = ',', required = true)]
    locale: Vec<String>,
    /// The file format: XLIFF 2.0, XLIFF 1.2 or gettext PO.
    #[arg(long, value_enum, default_value = "xliff")]
    format: Format,
    /// Which messages: every one, those not translated yet, or those whose source changed.
    #[arg(long, value_enum, default_value = "all")]
    only: Only,
    /// Where to write (default: standard output, for one locale).
    #[arg(short = 'o', long, value_name = "FILE")]
    output: Option<PathBuf>,
}

pub fn run(root: &Path, args: Args) -> anyhow::Result<ExitCode> {
    let config = Config::load(root)?;
    for tag in &args.locale {
        if config.locale(tag).is_none() || *tag == config.source_locale {
            bail!("--locale {tag}: not a translated locale of this project");
        }
    }
    if args.locale.len() > 1 && args.output.is_none() {
        bail!("-o FOLDER is needed to export more than one locale (one file each)");
    }
    let catalog = Catalog::load(&config);
    if let Some(broken) = catalog
        .locales
        .iter()
        .filter(|(tag, _)| args.locale.contains(tag) || **tag == config.source_locale)
        .flat_map(|(_, files)| &files.files)
        .find(|f| !f.syntax_errors.is_empty())
    {
        // Units of a file that does not parse would be guesses.
        bail!(
            "{} has syntax errors; fix them first (`fluentpress check`)",
            broken.path.display()
        );
    }
    let lock = Lock::load(&config.root)?;
    let extension = match args.format {
        Format::Xliff | Format::Xliff12 => "xlf",
        Format::Po => "po",
    };
    for tag in &args.locale {
        let doc = document(&config, &catalog, &lock, tag, args.only)?;
        let text = match args.format {
            Format::Xliff => xliff::write20(&doc),
            Format::Xliff12 => xliff::write12(&doc),
            Format::Po => po::write(&doc),
        };
        let units: usize = doc.files.iter().map(|f| f.units.len()).sum();
        match &args.output {
            None => crate::cmd::ui::out(&text)?,
            Some(out) => {
                let path = if args.locale.len() > 1 {
                    std::fs::create_dir_all(out)
                        .with_context(|| format!("cannot create {}", out.display()))?;
                    out.join(format!("{tag}.{extension}"))
                } else {
                    out.clone()
                };
                let tmp = path.with_extension("fluentpress-tmp");
                std::fs::write(&tmp, &text)
                    .and_then(|_| std::fs::rename(&tmp, &path))
                    .with_context(|| format!("cannot write {}", path.display()))?;
                if !crate::cmd::ui::quiet() {
                    eprintln!(
                        "{}",
                        fluentpress::report::text::sanitize(&format!(
                            "{tag}: {units} unit(s) written to {}",
                            path.display()
                        ))
                    );
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
