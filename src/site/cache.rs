//! A content-keyed cache of printed PDFs (`build --cache DIR`), shareable between runs
//! and runners (a CI cache, a network folder).
//!
//! A PDF is keyed by everything its printing reads that fluentpress knows: the print
//! page's HTML (which holds every message it used, through the fallback chain, as
//! rendered from the templates and the config), where it sits in the site, the assets
//! it links, the browser, fluentpress' version and `SOURCE_DATE_EPOCH`. An unchanged
//! key is copied instead of printed. Fonts installed on the machine are not in the key:
//! a cache must not be shared between machines with different fonts.

use sha1::{Digest, Sha1};
use std::path::{Path, PathBuf};

/// A cache folder, and the part of every key that is the same for the whole build.
pub struct PdfCache {
    dir: PathBuf,
    build_key: Vec<u8>,
}

impl PdfCache {
    pub fn new(dir: &Path, assets: &Path, browser: Option<&Path>, epoch: Option<i64>) -> PdfCache {
        let mut hash = Sha1::new();
        hash.update(b"fluentpress-pdf-cache-1\0");
        hash.update(env!("CARGO_PKG_VERSION").as_bytes());
        hash.update(format!("\0{browser:?}\0{epoch:?}\0").as_bytes());
        // Sorted by the walk, so the key does not depend on directory order.
        for file in crate::project::walk::Walk::new(assets).run().files {
            let name = file.strip_prefix(assets).unwrap_or(&file);
            hash.update(name.to_string_lossy().as_bytes());
            hash.update(b"\0");
            hash.update(std::fs::read(&file).unwrap_or_default());
            hash.update(b"\0");
        }
        PdfCache {
            dir: dir.join("pdf"),
            build_key: hash.finalize().to_vec(),
        }
    }

    /// The key of the PDF of `html` (its content), at `path` relative to the site.
    pub fn key(&self, path: &str, html: &[u8]) -> String {
        let mut hash = Sha1::new();
        hash.update(&self.build_key);
        hash.update(path.as_bytes());
        hash.update(b"\0");
        hash.update(html);
        hash.finalize().iter().map(|b| format!("{b:02x}")).collect()
    }

    /// Copies the cached PDF of `key` to `to`; `false` when there is none.
    pub fn fetch(&self, key: &str, to: &Path) -> bool {
        let from = self.dir.join(format!("{key}.pdf"));
        from.is_file() && std::fs::copy(from, to).is_ok()
    }

    /// Keeps `pdf` under `key`. Written under a unique name and renamed, so a runner
    /// reading the shared folder never sees half a file; a failure only costs a print.
    pub fn store(&self, key: &str, pdf: &Path) {
        if std::fs::create_dir_all(&self.dir).is_err() {
            return;
        }
        let temp = self.dir.join(format!(".{key}.{}.tmp", std::process::id()));
        if std::fs::copy(pdf, &temp).is_ok()
            && std::fs::rename(&temp, self.dir.join(format!("{key}.pdf"))).is_err()
        {
            let _ = std::fs::remove_file(&temp);
        }
    }
}
