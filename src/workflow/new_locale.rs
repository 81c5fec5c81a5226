//! Scaffolding a new locale so that a run killed at any moment leaves either nothing
//! or a complete, registered locale, never a folder `check` calls unconfigured.
//!
//! The order of the steps is what makes it so:
//! 1. the files are written into `<tag>.<pid>` under [`STAGING_DIR`] (beside the
//!    locales folder, so the final rename stays on one file system; not inside it,
//!    where `check` would take the folder for a locale);
//! 2. that folder is renamed `<tag>.<pid>.ready`: from here on it is complete;
//! 3. the locale is registered in `fluentpress.toml` (written to a temporary file and
//!    renamed, so the config is the old one or the new one);
//! 4. the ready folder is renamed into `locales/<tag>`.
//!
//! A kill before 3 leaves only staging debris, which [`recover`] removes; a kill between
//! 3 and 4 (the width of one system call) leaves a registered locale whose folder is
//! ready, which [`recover`] renames into place. Every `new-locale` and `sync` runs
//! [`recover`] first.

use crate::fluent::catalog::LocaleFiles;
use crate::intl::Direction;
use crate::project::config::{register_locale, Config, ConfigError, CONFIG_FILE};
use crate::workflow::sync::scaffold;
use std::path::{Path, PathBuf};

/// Where locales are put together before they are moved in, relative to the folder
/// that holds the locales folder.
pub const STAGING_DIR: &str = ".fluentpress/new-locale";

const READY: &str = ".ready";

#[derive(Debug, thiserror::Error)]
pub enum NewLocaleError {
    #[error("{}: {source}", path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(transparent)]
    Config(#[from] ConfigError),
}

/// What [`recover`] did with the leftovers of a killed run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recovered {
    /// The locale was registered and its folder complete: it was moved into place.
    Finished { tag: String, path: PathBuf },
    /// A half-written or unregistered scaffold, or a temporary file a killed run was
    /// writing, removed.
    Removed { path: PathBuf },
}

/// The staging folder of a config's locales folder.
pub fn staging_root(config: &Config) -> PathBuf {
    let locales = config.locales_dir();
    locales.parent().unwrap_or(Path::new(".")).join(STAGING_DIR)
}

/// Scaffolds `tag` from the source files and registers it; returns the new folder.
/// The caller has checked that `tag` is new and its folder free.
pub fn create(
    config: &Config,
    source: &LocaleFiles,
    tag: &str,
    endonym: &str,
    direction: Direction,
    fallback: &[String],
) -> Result<PathBuf, NewLocaleError> {
    let root = staging_root(config);
    let target = config.locales_dir().join(tag);
    let building = root.join(format!("{tag}.{}", std::process::id()));
    let ready = root.join(format!("{tag}.{}{READY}", std::process::id()));
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| NewLocaleError::Write { path, source }
    };

    std::fs::create_dir_all(&root).map_err(io(&root))?;
    // The staging folder is fluentpress's, never the project's.
    let ignore = root.join(".gitignore");
    if !ignore.exists() {
        std::fs::write(&ignore, "*\n").map_err(io(&ignore))?;
    }
    let written = (|| {
        for file in &source.files {
            let path = building.join(&file.name);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(io(parent))?;
            }
            std::fs::write(&path, scaffold(file, &config.source_locale)).map_err(io(&path))?;
        }
        std::fs::rename(&building, &ready).map_err(io(&ready))?;
        let locales = config.locales_dir();
        std::fs::create_dir_all(&locales).map_err(io(&locales))
    })();
    if let Err(e) = written {
        let _ = std::fs::remove_dir_all(&building);
        let _ = std::fs::remove_dir_all(&ready);
        return Err(e);
    }

    let config_path = config.root.join(CONFIG_FILE);
    let before = std::fs::read(&config_path).map_err(io(&config_path))?;
    if let Err(e) = register_locale(&config.root, tag, endonym, direction, fallback) {
        let _ = std::fs::remove_dir_all(&ready);
        return Err(e.into());
    }
    if let Err(e) = std::fs::rename(&ready, &target) {
        // Put the config back as it was, the same way it was written, so the project is
        // as it was before the command.
        let _ = crate::project::process::write_replacing(&config_path, &before);
        let _ = std::fs::remove_dir_all(&ready);
        return Err(io(&target)(e));
    }
    Ok(target)
}

/// Finishes or removes what killed `new-locale` runs left: a scaffold whose locale is
/// registered is moved into place, anything else of ours is removed. Folders of a run
/// still going are left alone. What cannot be done is left for the next run.
pub fn recover(config: &Config) -> Vec<Recovered> {
    let mut done = Vec::new();
    let root = staging_root(config);
    if let Ok(entries) = std::fs::read_dir(&root) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let Some((tag, pid, ready)) = parse_staging_name(&name) else {
                continue;
            };
            if !entry.file_type().is_ok_and(|t| t.is_dir()) || still_running(pid) {
                continue;
            }
            let path = entry.path();
            let target = config.locales_dir().join(tag);
            if ready
                && config.locale(tag).is_some()
                && std::fs::symlink_metadata(&target).is_err()
                && std::fs::rename(&path, &target).is_ok()
            {
                done.push(Recovered::Finished {
                    tag: tag.to_string(),
                    path: target,
                });
            } else if std::fs::remove_dir_all(&path).is_ok() {
                done.push(Recovered::Removed { path });
            }
        }
    }
    // A config, lock or translation a killed run was replacing.
    let mut folders = vec![config.root.clone()];
    folders.extend(
        config
            .locales
            .iter()
            .map(|l| config.locales_dir().join(&l.tag)),
    );
    for dir in folders {
        done.extend(
            crate::project::process::remove_dead_temporaries(&dir)
                .into_iter()
                .map(|path| Recovered::Removed { path }),
        );
    }
    // Earlier versions staged inside the locales folder as `.<tag>.new-<pid>`, which
    // `check` then reported as an unconfigured locale.
    if let Ok(entries) = std::fs::read_dir(config.locales_dir()) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let Some(pid) = name
                .strip_prefix('.')
                .and_then(|rest| rest.rsplit_once(".new-"))
                .and_then(|(_, pid)| pid.parse::<u32>().ok())
            else {
                continue;
            };
            if entry.file_type().is_ok_and(|t| t.is_dir())
                && !still_running(pid)
                && std::fs::remove_dir_all(entry.path()).is_ok()
            {
                done.push(Recovered::Removed { path: entry.path() });
            }
        }
    }
    done
}

/// `<tag>.<pid>` or `<tag>.<pid>.ready` (a BCP 47 tag has no dot).
fn parse_staging_name(name: &str) -> Option<(&str, u32, bool)> {
    let (rest, ready) = match name.strip_suffix(READY) {
        Some(rest) => (rest, true),
        None => (name, false),
    };
    let (tag, pid) = rest.split_once('.')?;
    let pid = pid.parse::<u32>().ok().filter(|&p| p != 0)?;
    (!tag.is_empty()).then_some((tag, pid, ready))
}

/// Another process with this id is running (this one's own leftovers are never live).
fn still_running(pid: u32) -> bool {
    pid != std::process::id() && crate::project::process::alive(pid)
}

#[cfg(test)]
mod tests {
    use super::parse_staging_name;

    #[test]
    fn staging_names_are_read_back() {
        assert_eq!(parse_staging_name("pt-BR.42"), Some(("pt-BR", 42, false)));
        assert_eq!(
            parse_staging_name("zh-Hans.7.ready"),
            Some(("zh-Hans", 7, true))
        );
        assert_eq!(parse_staging_name(".gitignore"), None);
        assert_eq!(parse_staging_name("fr.0"), None);
        assert_eq!(parse_staging_name("fr.x.ready"), None);
    }
}
