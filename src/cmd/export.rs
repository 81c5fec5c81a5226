use anyhow::{bail, Context};
use fluentpress::fluent::catalog::Catalog;
use fluentpress::interchange::xliff::Dialect;
use fluentpress::interchange::{document, po, xliff, Document, Format, Only, Project};
use fluentpress::project::config::Config;
use fluentpress::project::lock::Lock;
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// The locales to export (repeat or separate with commas); with more than one, -o names a folder.
    #[arg(long, value_delimiter = ',', required = true)]
    locale: Vec<String>,
    /// The file format: XLIFF 2.0, XLIFF 2.2 (selects as switches), XLIFF 1.2 or gettext PO.
    #[arg(long, value_enum, default_value = "xliff")]
    format: Format,
    /// Which messages: every one, those not translated yet, or those whose source changed.
    #[arg(long, value_enum, default_value = "all")]
    only: Only,
    /// One file per .ftl resource (`about.xlf`), in the folder -o names (`<folder>/<locale>/` for several locales).
    #[arg(long)]
    per_resource: bool,
    /// Where to write (default: standard output, for one locale).
    #[arg(short = 'o', long, value_name = "FILE")]
    output: Option<PathBuf>,
}

/// A file made: where it goes (`None`: standard output), its text, its units.
type Made = (Option<PathBuf>, String, usize);

/// The text of a document in a format.
fn render(doc: &Document, format: Format) -> String {
    match format {
        Format::Xliff => xliff::write(doc, Dialect::V20),
        Format::Xliff22 => xliff::write(doc, Dialect::V22),
        Format::Xliff12 => xliff::write(doc, Dialect::V12),
        Format::Po => po::write(doc),
    }
}

pub fn run(root: &Path, args: Args) -> anyhow::Result<ExitCode> {
    let config = Config::load(root)?;
    for tag in &args.locale {
        if config.locale(tag).is_none() || *tag == config.source_locale {
            bail!("--locale {tag}: not a translated locale of this project");
        }
    }
    let several = args.locale.len() > 1;
    if (several || args.per_resource) && args.output.is_none() {
        bail!("-o FOLDER is needed to export more than one locale or one file per resource");
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
        Format::Xliff | Format::Xliff22 | Format::Xliff12 => "xlf",
        Format::Po => "po",
    };
    let project = Project::new(&config, &catalog, &lock);
    // Every locale's files made on every core, then written in order.
    let made: Vec<anyhow::Result<Vec<Made>>> = args
        .locale
        .par_iter()
        .map(|tag| {
            let doc = document(&project, tag, args.only)?;
            let Some(out) = &args.output else {
                return Ok(vec![(None, render(&doc, args.format), count(&doc))]);
            };
            if !args.per_resource {
                let path = if several {
                    out.join(format!("{tag}.{extension}"))
                } else {
                    out.clone()
                };
                return Ok(vec![(Some(path), render(&doc, args.format), count(&doc))]);
            }
            let folder = if several { out.join(tag) } else { out.clone() };
            Ok(doc
                .files
                .iter()
                .filter(|f| !f.units.is_empty())
                .map(|file| {
                    let one = Document {
                        source_locale: doc.source_locale.clone(),
                        target_locale: doc.target_locale.clone(),
                        files: vec![file.clone()],
                    };
                    let path = folder.join(Path::new(&file.name).with_extension(extension));
                    (Some(path), render(&one, args.format), file.units.len())
                })
                .collect())
        })
        .collect();
    for (tag, files) in args.locale.iter().zip(made) {
        for (path, text, units) in files? {
            let Some(path) = path else {
                crate::cmd::ui::out(&text)?;
                continue;
            };
            if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                std::fs::create_dir_all(parent)
                    .with_context(|| format!("cannot create {}", parent.display()))?;
            }
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
    Ok(ExitCode::SUCCESS)
}

fn count(doc: &Document) -> usize {
    doc.files.iter().map(|f| f.units.len()).sum()
}
