//! Adopting a Fluent repository nobody configured for fluentpress yet: its locale
//! folders found and written into a new `fluentpress.toml`, so `check`, `status`,
//! `sync`, `export` and `import` work on it at once. The config written has no pages:
//! such a repository's messages are rendered by its own code.

use crate::fluent::catalog::{holds_translations, CatalogPlan};
use crate::intl::Direction;
use crate::project::config::{Config, ConfigError, FolderName, MessageScope, CONFIG_FILE};
use crate::project::locale_names::endonym;
use crate::project::walk::Walk;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use unic_langid::LanguageIdentifier;

/// Where locale folders are looked for when none is named: the usual names first, then
/// the root itself (Mozilla's l10n repositories keep one folder per locale at the top).
const LOCALE_DIRS: &[&str] = &["locales", "locale", "l10n", "i18n", "translations", "."];

/// Source locales guessed when none is named: of those present, the one with the most
/// files (www-l10n's source is `en`, beside a small `en-US` locale).
const USUAL_SOURCES: &[&str] = &["en-US", "en", "en-GB"];

#[derive(Debug, thiserror::Error)]
pub enum InitError {
    #[error("{} already exists; fluentpress init writes a new one and never replaces it\n  hint: edit it, or move it away and run init again", .0.display())]
    Exists(PathBuf),
    #[error("no locale folders (a folder named by a language tag, such as `fr` or `pt-BR`, holding .ftl files) in {}\n  hint: pass the folder that holds them with --locales", .0.display())]
    NoLocales(PathBuf),
    #[error("{} holds no folder for the source locale {tag} (found: {})\n  hint: pass --source with one of them", .dir.display(), .found.join(", "))]
    SourceNotFound {
        tag: String,
        dir: PathBuf,
        found: Vec<String>,
    },
    #[error("which locale is the source? found {}\n  hint: pass --source TAG", .0.join(", "))]
    SourceUnknown(Vec<String>),
    #[error("the locales folder's path must be UTF-8 to be written in fluentpress.toml: {}", .0.display())]
    LocalesPath(PathBuf),
    #[error("the config init would write does not load: {0}")]
    Invalid(#[from] ConfigError),
    #[error("cannot write {}: {source}", .path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// A locale folder found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundLocale {
    pub tag: String,
    /// The language's name in itself, when fluentpress knows it.
    pub endonym: Option<&'static str>,
    pub direction: Direction,
}

/// What `init` found in a repository, and the config it makes of it.
#[derive(Debug)]
pub struct Adoption {
    /// The folder holding the locale folders, relative to the root (`locales`, `.`).
    pub locales_dir: PathBuf,
    pub source: String,
    /// Every locale, the source included, sorted by tag.
    pub locales: Vec<FoundLocale>,
    /// Folders holding .ftl files that are not locales, and why.
    pub skipped: Vec<(String, String)>,
    /// Ids the source defines in more than one file: its files are loaded apart, so
    /// each file is checked on its own.
    pub ids_in_several_files: Vec<String>,
    /// The `fluentpress.toml` to write.
    pub config: String,
}

/// Looks at `root` (and `locales`, if given, relative to it) and makes the config.
pub fn adopt(
    root: &Path,
    locales: Option<&Path>,
    source: Option<&str>,
) -> Result<Adoption, InitError> {
    let target = root.join(CONFIG_FILE);
    if target.exists() {
        return Err(InitError::Exists(target));
    }
    let candidates: Vec<PathBuf> = match locales {
        Some(dir) => vec![dir.to_path_buf()],
        None => LOCALE_DIRS.iter().map(PathBuf::from).collect(),
    };
    let (locales_dir, folders) = candidates
        .into_iter()
        .map(|dir| {
            let found = locale_folders(&root.join(&dir));
            (dir, found)
        })
        .find(|(_, (tags, _))| !tags.is_empty())
        .ok_or_else(|| InitError::NoLocales(root.join(locales.unwrap_or(Path::new(".")))))?;
    let (tags, skipped) = folders;
    let source = match source {
        Some(tag) if tags.iter().any(|t| t == tag) => tag.to_string(),
        Some(tag) => {
            return Err(InitError::SourceNotFound {
                tag: tag.to_string(),
                dir: root.join(&locales_dir),
                found: tags,
            })
        }
        None => USUAL_SOURCES
            .iter()
            // The first of equally large ones: max_by_key keeps the last.
            .rev()
            .filter(|usual| tags.iter().any(|t| t == *usual))
            .max_by_key(|usual| {
                let files = Walk::new(root.join(&locales_dir).join(usual)).run().files;
                files
                    .iter()
                    .filter(|f| f.extension().is_some_and(|e| e == "ftl"))
                    .count()
            })
            .map(|usual| usual.to_string())
            .ok_or_else(|| InitError::SourceUnknown(tags.clone()))?,
    };
    let locales: Vec<FoundLocale> = tags
        .iter()
        .map(|tag| {
            let langid: LanguageIdentifier = tag.parse().unwrap_or_default();
            FoundLocale {
                tag: tag.clone(),
                endonym: endonym(tag),
                direction: crate::intl::direction(&langid),
            }
        })
        .collect();
    let locales_path = locales_dir
        .to_str()
        .filter(|p| !p.is_empty())
        .ok_or_else(|| InitError::LocalesPath(locales_dir.clone()))?;

    // The source's files read through the catalog (with its limits), to see whether
    // they share ids: a project whose views load one file each may repeat an id.
    let minimal = config_text(locales_path, &source, &locales, MessageScope::Page);
    let config = Config::parse(root, &target, &minimal)?;
    let files = CatalogPlan::folders(&config)
        .load_locale(&source)
        .unwrap_or_default();
    let mut defined_in: BTreeMap<String, usize> = BTreeMap::new();
    for file in &files.files {
        let mut ids: Vec<String> = file.entries().iter().map(|e| e.unit.key()).collect();
        ids.sort();
        ids.dedup();
        for id in ids {
            *defined_in.entry(id).or_default() += 1;
        }
    }
    let ids_in_several_files: Vec<String> = defined_in
        .into_iter()
        .filter(|(_, files)| *files > 1)
        .map(|(id, _)| id)
        .collect();
    let scope = if ids_in_several_files.is_empty() {
        MessageScope::Page
    } else {
        MessageScope::File
    };
    let config = config_text(locales_path, &source, &locales, scope);
    Config::parse(root, &target, &config)?;
    Ok(Adoption {
        locales_dir,
        source,
        locales,
        skipped,
        ids_in_several_files,
        config,
    })
}

/// Writes the config made by [`adopt`], never over a file that appeared meanwhile.
pub fn write(root: &Path, adoption: &Adoption) -> Result<PathBuf, InitError> {
    let path = root.join(CONFIG_FILE);
    crate::project::process::write_new(&path, &adoption.config).map_err(|source| {
        if source.kind() == std::io::ErrorKind::AlreadyExists {
            InitError::Exists(path.clone())
        } else {
            InitError::Write {
                path: path.clone(),
                source,
            }
        }
    })?;
    Ok(path)
}

/// The locale tags of the folders under `dir` that hold .ftl files, sorted, and the
/// other such folders with why they are not locales.
fn locale_folders(dir: &Path) -> (Vec<String>, Vec<(String, String)>) {
    let mut tags = Vec::new();
    let mut skipped = Vec::new();
    for sub in Walk::new(dir).max_depth(1).run().dirs {
        let Some(name) = sub.file_name().map(|n| n.to_string_lossy().into_owned()) else {
            continue;
        };
        if !holds_translations(&sub, &name) {
            continue;
        }
        match FolderName::of(&name) {
            FolderName::Locale => tags.push(name),
            FolderName::Misspelt(meant) => {
                skipped.push((name, format!("not a BCP 47 tag; rename it {meant}")))
            }
            FolderName::Other => skipped.push((name, "not a language tag".into())),
        }
    }
    tags.sort();
    skipped.sort();
    (tags, skipped)
}

/// `fluentpress.toml` for the locales found; strings go through TOML's own quoting.
fn config_text(
    locales_dir: &str,
    source: &str,
    locales: &[FoundLocale],
    scope: MessageScope,
) -> String {
    let quoted = |s: &str| toml_edit::Value::from(s).to_string();
    let mut out = String::new();
    out.push_str("# Written by `fluentpress init` from the locale folders it found. A project\n");
    out.push_str("# without [pages] is checked as an application's translations; add pages to\n");
    out.push_str("# render them (see the README).\n");
    out.push_str(&format!("source_locale = {}\n\n", quoted(source)));
    out.push_str(&format!("[paths]\nlocales = {}\n", quoted(locales_dir)));
    if scope == MessageScope::File {
        out.push_str(
            "\n# The source defines some ids in more than one file: each file is loaded\n",
        );
        out.push_str("# on its own, so each is checked on its own.\n");
        out.push_str("[check]\nscope = \"file\"\n");
    }
    for locale in locales {
        out.push_str(&format!("\n[locales.{}]\n", locale.tag));
        match locale.endonym {
            Some(name) => out.push_str(&format!("endonym = {}\n", quoted(name))),
            None => out.push_str(&format!(
                "endonym = {}  # the language's name in itself: fluentpress does not know it\n",
                quoted(&locale.tag)
            )),
        }
        if locale.direction == Direction::Rtl {
            out.push_str("dir = \"rtl\"\n");
        }
    }
    out
}
