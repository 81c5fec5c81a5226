//! Which locales a set of changed files can affect, so that a pre-commit hook
//! (`check --changed FILE...`) checks only those.
//!
//! - a file under `locales/<tag>/` of a configured locale: that locale;
//! - a file of the source locale, a template, `fluentpress.toml` or
//!   `fluentpress.lock`: every locale, since each is measured against them;
//! - anything else (the output folder, a README, a file under `locales/` of a
//!   locale the config does not name): none.
//!
//! Paths are taken as given, relative to the current folder (as git and
//! pre-commit pass them) or absolute, and compared without touching the disk:
//! a deleted file still names its locale.

use crate::project::config::{Config, CONFIG_FILE};
use crate::project::lock::LOCK_FILE;
use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};

/// The tags of the locales `files` can affect (see the module docs).
pub fn locales_for<P: AsRef<Path>>(config: &Config, files: &[P]) -> BTreeSet<String> {
    let changes = Changes::of(config, files);
    if changes.everything {
        return config.locales.iter().map(|l| l.tag.clone()).collect();
    }
    changes.resources.into_keys().collect()
}

/// What changed, as the mapping of [`locales_for`] sees it, with the resource files
/// of each locale kept, so that `plan` can also say which pages read them.
#[derive(Debug, Default)]
pub struct Changes {
    /// The config, the lock, a template or the source changed: every locale is affected.
    pub everything: bool,
    /// With [`Changes::everything`], the source resources that changed (the config
    /// changes every page; a source file only the pages reading it).
    pub source: BTreeSet<String>,
    /// The config, the lock or an asset (`templates/assets/`) changed: every page.
    pub every_page: bool,
    /// Changed templates (not assets), `/`-separated, relative to the templates folder:
    /// the pages that use them.
    pub templates: BTreeSet<String>,
    /// Changed resources by locale, `/`-separated, relative to the locale's folder.
    pub resources: std::collections::BTreeMap<String, BTreeSet<String>>,
}

impl Changes {
    pub fn of<P: AsRef<Path>>(config: &Config, files: &[P]) -> Changes {
        let root = absolute(&config.root);
        let locales_dir = absolute(&config.locales_dir());
        let templates_dir = absolute(&config.templates_dir());
        let assets_dir = templates_dir.join("assets");
        let mut out = Changes::default();
        for file in files {
            let file = absolute(file.as_ref());
            if file == root.join(CONFIG_FILE)
                || file == root.join(LOCK_FILE)
                || file.starts_with(&assets_dir)
            {
                out.everything = true;
                out.every_page = true;
                continue;
            }
            if let Ok(template) = file.strip_prefix(&templates_dir) {
                out.everything = true;
                out.templates.insert(slashed(template));
                continue;
            }
            let Ok(rest) = file.strip_prefix(&locales_dir) else {
                continue;
            };
            let mut parts = rest.components();
            // A file directly in locales/ belongs to no locale.
            let (Some(Component::Normal(tag)), Some(_)) = (parts.next(), parts.next()) else {
                continue;
            };
            let Some(locale) = tag.to_str().and_then(|t| config.locale(t)) else {
                continue;
            };
            let resource = slashed(&rest.components().skip(1).collect::<PathBuf>());
            if locale.tag == config.source_locale {
                out.everything = true;
                out.source.insert(resource);
                continue;
            }
            out.resources
                .entry(locale.tag.clone())
                .or_default()
                .insert(resource);
        }
        out
    }
}

/// `path`'s components joined by `/`, as templates and resources are named.
fn slashed(path: &Path) -> String {
    let parts: Vec<String> = path
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.join("/")
}

/// `path` made absolute against the current folder with `.` and `..` resolved
/// lexically (`std::path::absolute` keeps `..`), so `./locales/../templates/x`
/// and `templates/x` compare equal; symbolic links are not followed.
pub fn absolute(path: &Path) -> PathBuf {
    let path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(root: &Path) -> Config {
        let text = r#"
source_locale = "en"
[locales.en]
endonym = "English"
[locales.fr]
endonym = "Français"
[locales.pt-BR]
endonym = "Português do Brasil"
"#;
        Config::parse(root, &root.join(CONFIG_FILE), text).unwrap()
    }

    fn tags(set: BTreeSet<String>) -> Vec<String> {
        set.into_iter().collect()
    }

    #[test]
    fn a_translation_names_its_locale() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let c = config(root);
        let files = [
            root.join("locales/fr/about.ftl"),
            root.join("locales/pt-BR/nested/site.ftl"),
        ];
        assert_eq!(tags(locales_for(&c, &files)), ["fr", "pt-BR"]);
    }

    #[test]
    fn the_source_a_template_the_config_or_the_lock_name_every_locale() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let c = config(root);
        for file in [
            "locales/en/about.ftl",
            "templates/about.html",
            "templates/assets/print.css",
            "fluentpress.toml",
            "fluentpress.lock",
            "locales/../templates/base.html",
        ] {
            assert_eq!(
                tags(locales_for(&c, &[root.join(file)])),
                ["en", "fr", "pt-BR"],
                "{file}"
            );
        }
    }

    #[test]
    fn other_files_name_no_locale() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let c = config(root);
        for file in [
            "README.md",
            "out/fr/index.html",
            "locales/README.md",
            "locales/it/about.ftl",
            "locales/fr",
            "../elsewhere/locales/fr/about.ftl",
        ] {
            assert!(locales_for(&c, &[root.join(file)]).is_empty(), "{file}");
        }
        assert!(locales_for::<PathBuf>(&c, &[]).is_empty());
    }
}
