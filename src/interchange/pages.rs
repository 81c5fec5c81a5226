//! The pages each message is shown on, for the translator's note: the
//! literal ids of the `t()`, `t_markup()` and `t_plain()` calls in each
//! page's templates and in every template they extend, include or import.

use crate::check::templates::TemplateScanner;
use crate::project::config::Config;
use std::collections::BTreeMap;

/// Page names by message id (`title` for a call of `title.alt`), each in
/// the order of the configuration.
pub fn message_pages(config: &Config) -> BTreeMap<String, Vec<String>> {
    let mut scanner = TemplateScanner::new(&config.templates_dir());
    let mut pages: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for page in &config.pages {
        let roots = std::iter::once(page.template.clone()).chain(page.print_template.clone());
        for message in scanner.uses(roots).ids {
            let on = pages.entry(message).or_default();
            if !on.contains(&page.name) {
                on.push(page.name.clone());
            }
        }
    }
    pages
}
