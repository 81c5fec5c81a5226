use fluentpress::check::{check, CheckOptions, LocaleStats};
use fluentpress::fluent::catalog::Catalog;
use fluentpress::project::config::Config;
use fluentpress::project::lock::Lock;
use fluentpress::report::text::sanitize;
use std::path::Path;
use std::process::ExitCode;

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum StatusFormat {
    Text,
    Json,
}

#[derive(clap::Args)]
pub struct Args {
    #[arg(long, value_enum, default_value = "text")]
    format: StatusFormat,
}

pub fn run(root: &Path, args: Args) -> anyhow::Result<ExitCode> {
    let config = Config::load(root)?;
    let catalog = Catalog::load(&config);
    let lock = Lock::load(&config.root)?;
    let report = check(&config, &catalog, &lock, &CheckOptions::default());
    let mut locales: Vec<&LocaleStats> = report.locales.iter().collect();
    locales.sort_by(|a, b| {
        b.complete
            .total_cmp(&a.complete)
            .then(a.locale.cmp(&b.locale))
    });
    if args.format == StatusFormat::Json {
        crate::cmd::ui::out(&format!("{}\n", serde_json::to_string_pretty(&locales)?))?;
        return Ok(ExitCode::SUCCESS);
    }
    let width = locales
        .iter()
        .map(|l| l.locale.len())
        .max()
        .unwrap_or(6)
        .max(6);
    let mut table = format!(
        "{:width$}  {:26}  {:>10}  {:>7}  {:>5}  {:>6}  {:>10}\n",
        "locale", "progress", "translated", "missing", "stale", "errors", "words left"
    );
    for l in locales {
        table.push_str(&format!(
            "{:width$}  {} {:>5.1}%  {:>10}  {:>7}  {:>5}  {:>6}  {:>10}\n",
            // Tags are checked BCP 47 today; escaped anyway, as every terminal line is.
            sanitize(&l.locale),
            bar(l.complete),
            l.complete,
            format!("{}/{}", l.translated, l.total),
            l.missing,
            l.stale,
            l.errors,
            l.missing_words
        ));
    }
    crate::cmd::ui::out(&table)?;
    Ok(ExitCode::SUCCESS)
}

/// A 20-cell bar; a locale that is not quite done never shows as full.
fn bar(percent: f64) -> String {
    let cells = 20.0;
    let mut filled = (percent / 100.0 * cells).floor() as usize;
    if percent < 100.0 {
        filled = filled.min(19);
    }
    format!("{}{}", "█".repeat(filled), "░".repeat(20 - filled))
}
