//! The site on disk: every page × locale rendered to web and print HTML, the
//! bilingual editions, PDFs through a browser, the chooser, the sitemap and
//! the build report, published into `out/` at once; and the local preview.

pub mod bilingual;
pub mod build;
pub mod cache;
pub mod manifest;
pub mod pdf;
pub mod plan;
pub mod publish;
pub mod serve;
pub mod shard;
pub mod stale;
