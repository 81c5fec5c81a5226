//! The project: an `l10n.toml` read into a tree of configs, with what it
//! includes and excludes.

use super::error::{L10nError, Source};
use super::filters::Action;
use super::keys::KeyMatcher;
use super::paths::{absolute, normpath, path_str, PathPattern};
use super::raw::{RawChild, RawFile};
use crate::finding::location::LineIndex;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use toml::Spanned;

#[derive(Debug, Clone)]
pub(super) struct PathsEntry {
    pub(super) l10n: String,
    pub(super) reference: Option<String>,
    pub(super) locales: Option<Vec<String>>,
}

#[derive(Debug, Clone)]
pub(super) struct Rule {
    pub(super) path: String,
    pub(super) key: Option<KeyMatcher>,
    pub(super) action: Action,
}

/// One `l10n.toml` with what it includes and excludes.
#[derive(Debug, Clone)]
pub(super) struct ProjectNode {
    /// The file, normalised: configs are told apart by it.
    pub(super) file: PathBuf,
    /// `basepath`, absolute, without a trailing slash.
    pub(super) root: String,
    pub(super) env: BTreeMap<String, String>,
    pub(super) locales: Option<Vec<String>>,
    pub(super) paths: Vec<PathsEntry>,
    pub(super) rules: Vec<Rule>,
    pub(super) children: Vec<ProjectNode>,
    pub(super) excludes: Vec<ProjectNode>,
}

impl ProjectNode {
    pub(super) fn configs(&self) -> Vec<&ProjectNode> {
        let mut out = vec![self];
        for child in &self.children {
            out.extend(child.configs());
        }
        out
    }

    pub(super) fn all_locales(&self) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        for config in self.configs() {
            if let Some(l) = &config.locales {
                out.extend(l.iter().cloned());
            }
            for p in &config.paths {
                if let Some(l) = &p.locales {
                    out.extend(l.iter().cloned());
                }
            }
        }
        out
    }

    pub(super) fn env_for(&self, locale: &str) -> BTreeMap<String, String> {
        let mut env = self.env.clone();
        env.insert("locale".to_string(), locale.to_string());
        env
    }
}

pub(super) fn parse_node(
    file: &Path,
    cli_env: &BTreeMap<String, String>,
    seen: &mut Vec<PathBuf>,
) -> Result<ProjectNode, L10nError> {
    let file_abs = PathBuf::from(absolute(file));
    if seen.contains(&file_abs) {
        return Err(L10nError {
            path: file.to_path_buf(),
            at: None,
            message: "includes itself (through [[includes]] or [[excludes]])".into(),
        });
    }
    let text = std::fs::read_to_string(file).map_err(|e| L10nError {
        path: file.to_path_buf(),
        at: None,
        message: format!("cannot read the project config: {e}"),
    })?;
    let src = Source {
        path: file,
        text: &text,
        lines: LineIndex::new(&text),
    };
    let raw: RawFile = toml::from_str(&text)
        .map_err(|e| src.error(Some(e.span().map_or(0, |s| s.start)), e.message()))?;

    let dir = file_abs
        .parent()
        .map(path_str)
        .unwrap_or_else(|| "/".into());
    let basepath = raw
        .basepath
        .as_ref()
        .map_or(".".to_string(), |b| b.get_ref().clone());
    let root = normpath(&if basepath.starts_with('/') {
        basepath
    } else {
        format!("{dir}/{basepath}")
    });
    let mut env: BTreeMap<String, String> = raw
        .env
        .iter()
        .map(|(k, v)| (k.clone(), v.get_ref().clone()))
        .collect();
    env.extend(cli_env.iter().map(|(k, v)| (k.clone(), v.clone())));

    // Every pattern must expand: check with a stand-in locale now, so that
    // a typo is reported at its line rather than as "no files".
    let mut check_env = env.clone();
    check_env.insert("locale".into(), "xx".into());
    let check_pattern = |p: &Spanned<String>| {
        PathPattern::new(p.get_ref(), &root, &check_env)
            .map(|_| ())
            .map_err(|m| src.error(Some(p.span().start), m))
    };

    let mut paths = Vec::new();
    for entry in &raw.paths {
        let e = entry.get_ref();
        check_pattern(&e.l10n)?;
        if let Some(r) = &e.reference {
            check_pattern(r)?;
        }
        paths.push(PathsEntry {
            l10n: e.l10n.get_ref().clone(),
            reference: e.reference.as_ref().map(|r| r.get_ref().clone()),
            locales: e.locales.clone(),
        });
    }
    let mut rules = Vec::new();
    for filter in &raw.filters {
        let f = filter.get_ref();
        let action = match f.action.get_ref().as_str() {
            "error" => Action::Error,
            "warning" => Action::Warning,
            "ignore" => Action::Ignore,
            other => {
                return Err(src.error(
                    Some(f.action.span().start),
                    format!("action `{other}` is not one of error, warning, ignore"),
                ))
            }
        };
        let keys: Vec<Option<KeyMatcher>> = match &f.key {
            None => vec![None],
            Some(keys) => keys
                .get_ref()
                .list()
                .iter()
                .map(|k| {
                    KeyMatcher::parse(k)
                        .map(Some)
                        .map_err(|m| src.error(Some(keys.span().start), m))
                })
                .collect::<Result<_, _>>()?,
        };
        for path in f.path.get_ref().list() {
            PathPattern::new(&path, &root, &check_env)
                .map_err(|m| src.error(Some(f.path.span().start), m))?;
            for key in &keys {
                rules.push(Rule {
                    path: path.clone(),
                    key: key.clone(),
                    action,
                });
            }
        }
    }

    seen.push(file_abs.clone());
    let mut child = |raw: &Spanned<RawChild>| -> Result<ProjectNode, L10nError> {
        let p = raw.get_ref().path.get_ref();
        let pattern = PathPattern::new(p, &root, &env)
            .map_err(|m| src.error(Some(raw.get_ref().path.span().start), m))?;
        let path = normpath(&pattern.prefix());
        if !Path::new(&path).is_file() {
            return Err(src.error(
                Some(raw.get_ref().path.span().start),
                format!("the config {path} does not exist"),
            ));
        }
        parse_node(Path::new(&path), cli_env, seen)
    };
    let mut children = Vec::new();
    for inc in &raw.includes {
        let c = child(inc)?;
        if !c.excludes.is_empty() {
            return Err(src.error(
                Some(inc.span().start),
                "an included config cannot have [[excludes]] of its own",
            ));
        }
        children.push(c);
    }
    let mut excludes = Vec::new();
    for exc in &raw.excludes {
        let c = child(exc)?;
        if c.configs().iter().any(|n| !n.excludes.is_empty()) {
            return Err(src.error(
                Some(exc.span().start),
                "an excluded config cannot have [[excludes]] of its own",
            ));
        }
        excludes.push(c);
    }
    seen.pop();

    Ok(ProjectNode {
        file: file_abs,
        root,
        env,
        locales: raw.locales.map(|l| l.into_inner()),
        paths,
        rules,
        children,
        excludes,
    })
}
