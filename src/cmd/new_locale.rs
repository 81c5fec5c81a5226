use anyhow::{bail, Context};
use fluentpress::fluent::catalog::holds_translations;
use fluentpress::fluent::catalog::Catalog;
use fluentpress::project::config::{default_fallback, register_locale, suggest_tag, Config};
use fluentpress::workflow::new_locale::{create, recover, Recovered};
use std::path::Path;
use std::process::ExitCode;
use unic_langid::LanguageIdentifier;

#[derive(clap::Args)]
pub struct Args {
    /// BCP 47 tag of the new locale (`fr`, `pt-BR`, `zh-Hans`).
    tag: String,
    /// The language's name in itself, when fluentpress does not know it.
    #[arg(long)]
    endonym: Option<String>,
}

pub fn run(root: &Path, args: Args) -> anyhow::Result<ExitCode> {
    let config = Config::load(root)?;
    report_recovered(&recover(&config))?;
    let tag = args.tag.as_str();
    let langid: LanguageIdentifier = match tag.parse() {
        Ok(id) if tag.contains('_') => bail!("`{tag}` is not a BCP 47 tag; did you mean `{id}`?"),
        Ok(id) => id,
        Err(_) => bail!(
            "`{tag}` is not a valid BCP 47 locale tag{}",
            suggest_tag(tag)
        ),
    };
    if langid != tag {
        bail!("`{tag}` is not in canonical form; did you mean `{langid}`?");
    }
    let dir = config.locales_dir().join(tag);
    if config.locale(tag).is_some() {
        bail!("{tag} is already a locale of this project (fluentpress.toml); use `fluentpress sync --locale {tag}` to bring it up to date");
    }
    let endonym = match (&args.endonym, fluentpress::project::locale_names::endonym(tag)) {
        (Some(name), _) => name.clone(),
        (None, Some(name)) => name.to_string(),
        (None, None) => bail!("fluentpress does not know the name of {tag} in its own language; pass it with --endonym"),
    };
    let direction = fluentpress::intl::direction(&langid);
    let fallback = default_fallback(&langid, &config.source_locale, |t| {
        config.locale(t).is_some()
    });
    if dir.exists() {
        // Translations made elsewhere (a Pontoon export, another tool): registered as
        // they are, nothing written into the folder.
        if !holds_translations(&dir, tag) {
            bail!(
                "{} already exists but holds no .ftl file; remove it first, or put the locale's translations in it",
                dir.display()
            );
        }
        register_locale(&config.root, tag, &endonym, direction, &fallback)
            .with_context(|| format!("cannot register {tag}"))?;
        crate::cmd::ui::say(&format!(
            "registered the existing {} as [locales.{tag}] in fluentpress.toml: endonym \"{endonym}\", dir {direction}, fallback {}",
            dir.display(),
            fallback.join(" → ")
        ))?;
        crate::cmd::ui::say(&format!(
            "next: `fluentpress check --locale {tag}`, and `fluentpress sync --locale {tag}` to offer it what the source has since added"
        ))?;
        return Ok(ExitCode::SUCCESS);
    }
    let catalog = Catalog::load(&config);
    let source = catalog
        .source()
        .filter(|s| !s.files.is_empty())
        .with_context(|| {
            format!(
                "the source locale {} has no .ftl files to copy",
                config.source_locale
            )
        })?;
    if let Some(broken) = source.files.iter().find(|f| !f.syntax_errors.is_empty()) {
        bail!(
            "{} has syntax errors; fix them first (`fluentpress check --locale {}`)",
            broken.path.display(),
            config.source_locale
        );
    }

    let dir = create(&config, source, tag, &endonym, direction, &fallback)
        .with_context(|| format!("cannot create {}", dir.display()))?;
    crate::cmd::ui::say(&format!(
        "created {} with {} file(s) holding the source messages as comments",
        dir.display(),
        source.files.len()
    ))?;
    crate::cmd::ui::say(&format!(
        "registered [locales.{tag}] in fluentpress.toml: endonym \"{endonym}\", dir {direction}, fallback {}",
        fallback.join(" → ")
    ))?;
    crate::cmd::ui::say(&format!("next: translate the messages, then `fluentpress check --locale {tag}` and `fluentpress build --locale {tag}`"))?;
    Ok(ExitCode::SUCCESS)
}

/// Says what the leftovers of a killed `new-locale` became (also run by `sync`).
pub fn report_recovered(recovered: &[Recovered]) -> std::io::Result<()> {
    for r in recovered {
        match r {
            Recovered::Finished { tag, path } => crate::cmd::ui::say(&format!(
                "finished the interrupted new-locale {tag}: moved its files into {}",
                path.display()
            ))?,
            Recovered::Removed { path } => crate::cmd::ui::say(&format!(
                "removed {}, left by an interrupted run",
                path.display()
            ))?,
        }
    }
    Ok(())
}
