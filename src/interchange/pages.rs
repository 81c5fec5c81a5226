//! The pages each message is shown on, for the translator's note: the
//! literal ids of the `t()`, `t_markup()` and `t_plain()` calls in each
//! page's templates and in every template they extend, include or import.

use crate::check::templates::{referenced_templates, scan_text};
use crate::project::config::Config;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Page names by message id (`title` for a call of `title.alt`), each in
/// the order of the configuration.
pub fn message_pages(config: &Config) -> BTreeMap<String, Vec<String>> {
    let dir = config.templates_dir();
    // Each template read and parsed once, however many pages use it.
    let mut scanned: BTreeMap<String, (Vec<String>, Vec<String>)> = BTreeMap::new();
    let mut pages: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for page in &config.pages {
        let mut todo: Vec<String> = std::iter::once(page.template.clone())
            .chain(page.print_template.clone())
            .collect();
        let mut seen = BTreeSet::new();
        while let Some(name) = todo.pop() {
            if !seen.insert(name.clone()) {
                continue;
            }
            let (ids, used) = scanned
                .entry(name.clone())
                .or_insert_with(|| scan(&dir, &name));
            todo.extend(used.iter().cloned());
            for id in ids.iter() {
                let message = id.split_once('.').map_or(id.as_str(), |(m, _)| m);
                let on = pages.entry(message.to_string()).or_default();
                if !on.contains(&page.name) {
                    on.push(page.name.clone());
                }
            }
        }
    }
    pages
}

/// A template's literal message ids and the templates it names; a template
/// that cannot be read names nothing (`build` reports it).
fn scan(dir: &Path, name: &str) -> (Vec<String>, Vec<String>) {
    let path = dir.join(name);
    let Ok(text) = std::fs::read_to_string(&path) else {
        return (Vec::new(), Vec::new());
    };
    let ids = scan_text(&text, Path::new(name))
        .into_iter()
        .filter_map(|call| call.id)
        .collect();
    (ids, referenced_templates(&text, Path::new(name)))
}
