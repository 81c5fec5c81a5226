//! `[[filters]]` (compare-locales' `ProjectConfig.filter`), compiled per
//! locale: what a rule says about a file or one of its messages.

use super::keys::KeyMatcher;
use super::paths::PathPattern;
use super::project::ProjectNode;
use std::collections::BTreeSet;

/// What a `[[filters]]` rule (or its absence) says about a file or message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Action {
    Ignore,
    Warning,
    Error,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Ignore => "ignore",
            Action::Warning => "warning",
            Action::Error => "error",
        }
    }
}

#[derive(Debug)]
struct CompiledRule {
    path: PathPattern,
    key: Option<KeyMatcher>,
    action: Action,
}

#[derive(Debug)]
pub(super) struct LocaleFilter {
    all_locales: BTreeSet<String>,
    l10n_paths: Vec<PathPattern>,
    rules: Vec<CompiledRule>,
    children: Vec<LocaleFilter>,
    excludes: Vec<LocaleFilter>,
}

impl LocaleFilter {
    pub(super) fn compile(node: &ProjectNode, locale: &str) -> LocaleFilter {
        let env = node.env_for(locale);
        LocaleFilter {
            all_locales: node.all_locales(),
            l10n_paths: node
                .paths
                .iter()
                .filter(|p| {
                    p.locales
                        .as_ref()
                        .is_none_or(|l| l.iter().any(|x| x == locale))
                })
                .filter_map(|p| PathPattern::new(&p.l10n, &node.root, &env).ok())
                .collect(),
            rules: node
                .rules
                .iter()
                .filter_map(|r| {
                    Some(CompiledRule {
                        path: PathPattern::new(&r.path, &node.root, &env).ok()?,
                        key: r.key.clone(),
                        action: r.action,
                    })
                })
                .collect(),
            children: node
                .children
                .iter()
                .map(|c| LocaleFilter::compile(c, locale))
                .collect(),
            excludes: node
                .excludes
                .iter()
                .map(|c| LocaleFilter::compile(c, locale))
                .collect(),
        }
    }

    pub(super) fn has_key_rules(&self) -> bool {
        self.rules.iter().any(|r| r.key.is_some())
            || self.children.iter().any(LocaleFilter::has_key_rules)
    }

    pub(super) fn filter(&self, locale: &str, path: &str, entity: Option<&str>) -> Action {
        if !self.all_locales.contains(locale) {
            return Action::Ignore;
        }
        self.inner(locale, path, entity).unwrap_or(Action::Ignore)
    }

    fn inner(&self, locale: &str, path: &str, entity: Option<&str>) -> Option<Action> {
        if self
            .excludes
            .iter()
            .any(|e| e.filter(locale, path, None) == Action::Error)
        {
            return None;
        }
        let mut best: Option<Action> = None;
        for child in &self.children {
            let a = child.inner(locale, path, entity);
            if a == Some(Action::Error) {
                return a;
            }
            best = best.max(a);
        }
        if self.l10n_paths.iter().any(|p| p.matches(path)) {
            let mut action = Action::Error;
            for rule in self.rules.iter().rev() {
                if !rule.path.matches(path) {
                    continue;
                }
                if rule.key.is_some() != entity.is_some() {
                    continue;
                }
                if let (Some(key), Some(entity)) = (&rule.key, entity) {
                    if !key.matches(entity) {
                        continue;
                    }
                }
                action = rule.action;
                break;
            }
            best = best.max(Some(action));
        }
        best
    }
}
