use anyhow::bail;
use fluentpress::fluent::catalog::Catalog;
use fluentpress::project::config::Config;
use fluentpress::project::lock::Lock;
use std::path::Path;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// The locale whose translations stay as they are.
    locale: String,
    /// Message ids (`id` or `id.attr`); all stale ones when none are given.
    ids: Vec<String>,
}

pub fn run(root: &Path, args: Args) -> anyhow::Result<ExitCode> {
    let config = Config::load(root)?;
    if config.locale(&args.locale).is_none() || args.locale == config.source_locale {
        bail!("{}: not a translated locale of this project", args.locale);
    }
    let catalog = Catalog::load(&config);
    // An id that exists nowhere is a typo, not a translation that is up to date.
    let translated = catalog.locale(&args.locale).map(|l| l.units());
    let source = catalog.source().map(|l| l.units());
    for id in &args.ids {
        let (key, attribute) = match id.split_once('.') {
            Some((k, a)) => (k, Some(a)),
            None => (id.as_str(), None),
        };
        let known = [&translated, &source].into_iter().flatten().any(|units| {
            units.get(key).is_some_and(|(_, e)| match attribute {
                Some(a) => e.unit.attributes().iter().any(|x| x.id.name == a),
                None => true,
            })
        });
        if !known {
            bail!(
                "{}: no such id `{id}` in {} or the source ({})",
                args.locale,
                args.locale,
                config.source_locale
            );
        }
    }
    let mut lock = Lock::load(&config.root)?;
    let accepted = lock.accept(&catalog, &args.locale, &args.ids);
    if accepted.is_empty() {
        crate::cmd::ui::say(&format!("{}: nothing stale to accept", args.locale))?;
        return Ok(if args.ids.is_empty() {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        });
    }
    lock.save(&config.root)?;
    for id in &accepted {
        // Ids come from the user's files; escapes in them must not reach the terminal.
        crate::cmd::ui::say(&format!("{}: `{id}` accepted as current", args.locale))?;
    }
    Ok(ExitCode::SUCCESS)
}
