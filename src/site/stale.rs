//! Which page × locale is behind its source, for the notice a page shows when
//! `stale_notice` is on (`[site]` or the page's own table).

use crate::fluent::catalog::Catalog;
use crate::project::config::Config;
use crate::project::lock::{Lock, LockError};
use std::collections::{BTreeMap, BTreeSet};

/// Per page and locale, how many of the page's messages were translated from an
/// older source text than the current one (`fluentpress.lock`, as `check`'s `stale`).
#[derive(Debug, Default)]
pub struct StalePages {
    counts: BTreeMap<(String, String), usize>,
}

impl StalePages {
    /// Reads the lock only when a page shows the notice: with the option off a build
    /// neither needs a lock nor fails on a damaged one.
    pub fn new(config: &Config, catalog: &Catalog) -> Result<StalePages, LockError> {
        let mut counts = BTreeMap::new();
        if !config.pages.iter().any(|p| p.stale_notice) {
            return Ok(StalePages { counts });
        }
        let lock = Lock::load(&config.root)?;
        let Some(source) = catalog.source() else {
            return Ok(StalePages { counts });
        };
        for locale in &config.locales {
            let Some(files) = catalog.locale(&locale.tag) else {
                continue;
            };
            let stale = lock.stale(&locale.tag, source, files);
            if stale.is_empty() {
                continue;
            }
            for page in config.pages.iter().filter(|p| p.stale_notice) {
                let on_page: BTreeSet<String> = page
                    .resources
                    .iter()
                    .filter_map(|name| files.file(name))
                    .flat_map(|file| file.entries())
                    .map(|entry| entry.unit.key())
                    .collect();
                let count = stale
                    .iter()
                    .filter(|s| on_page.contains(s.id.split('.').next().unwrap_or(&s.id)))
                    .count();
                if count > 0 {
                    counts.insert((page.name.clone(), locale.tag.clone()), count);
                }
            }
        }
        Ok(StalePages { counts })
    }

    /// Stale messages of `page` in `locale`; 0 when the page shows no notice.
    pub fn count(&self, page: &str, locale: &str) -> usize {
        self.counts
            .get(&(page.to_string(), locale.to_string()))
            .copied()
            .unwrap_or(0)
    }
}
