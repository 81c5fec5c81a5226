//! The default site as `build` writes it, pinned with insta snapshots: a change to a
//! template, a stylesheet link, a translation's rendering or the fallback markup shows
//! here as a diff to review (`cargo insta review`, or move the `.snap.new` over the
//! `.snap`). One page per kind of script and layout: English, Arabic (right to left,
//! Arabic-Indic digits), Chinese, German (falls back to English in four passages), the
//! chooser and the sitemap; and the Arabic print page.

mod common;
use common::*;

fn built() -> tempfile::TempDir {
    let site = default_site();
    fluentpress(site.path()).arg("build").assert().success();
    site
}

#[test]
fn default_site_pages() {
    let site = built();
    let out = site.path().join("out");
    for (name, path) in [
        ("en", "en/index.html"),
        ("ar", "ar/index.html"),
        ("zh_hans", "zh-Hans/index.html"),
        ("de_fallback", "de/index.html"),
        ("ar_print", "ar/about.print.html"),
        ("chooser", "index.html"),
        ("sitemap", "sitemap.xml"),
    ] {
        let text = read(out.join(path));
        insta::assert_snapshot!(format!("site_{name}"), text);
    }
}
