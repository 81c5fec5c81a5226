//! `build --cache`'s record of the site folder it published: a later build takes the
//! page files it knows are still in `out/` from there, and anything else from the cache,
//! and `out/` is the same as a build without the cache, whatever happened to it between.

mod common;

use common::{fluentpress, tree};
use std::path::Path;

fn build(root: &Path, cache: Option<&Path>) {
    let mut cmd = fluentpress(root);
    cmd.env("SOURCE_DATE_EPOCH", "1700000000").arg("build");
    if let Some(cache) = cache {
        cmd.arg("--cache").arg(cache);
    }
    cmd.assert().success();
}

#[test]
fn out_changed_between_cached_builds_is_built_as_without_the_cache() {
    let dir = common::default_site();
    let root = dir.path();
    let cache = root.join("cache");
    build(root, None);
    let expected = tree(&root.join("out"));
    build(root, Some(&cache));
    build(root, Some(&cache));
    assert!(tree(&root.join("out")) == expected, "from the record");
    // Edited in place (the same file, another time), replaced by another file of the
    // same length, and removed: each is taken from the cache again.
    let out = root.join("out");
    let edited = out.join("fr/index.html");
    let text = common::read(&edited);
    std::fs::write(&edited, text.replacen('<', "[", 1)).unwrap();
    let replaced = out.join("de/index.html");
    let text = common::read(&replaced);
    std::fs::remove_file(&replaced).unwrap();
    std::fs::write(&replaced, text.replacen('<', "[", 1)).unwrap();
    std::fs::remove_file(out.join("es/about.print.html")).unwrap();
    build(root, Some(&cache));
    assert!(tree(&out) == expected, "after out/ changed");
    // Something more in out/: the build replaces it as a whole.
    std::fs::write(out.join("extra.txt"), "").unwrap();
    std::fs::create_dir(out.join("fr/empty")).unwrap();
    build(root, Some(&cache));
    assert!(tree(&out) == expected, "after something was added to out/");
    // A damaged record is no record.
    let sites = cache.join("pages/sites");
    for record in std::fs::read_dir(&sites).unwrap().flatten() {
        std::fs::write(record.path(), "{").unwrap();
    }
    build(root, Some(&cache));
    assert!(tree(&out) == expected, "without a record");
}

#[test]
fn the_sitemap_follows_the_config_and_what_is_published() {
    let dir = common::default_site();
    let root = dir.path();
    let cache = root.join("cache");
    let config = root.join("fluentpress.toml");
    let changes: [(&str, &str); 2] = [
        (
            "base_url = \"https://about.example.org/\"",
            "base_url = \"https://other.example.org/\"",
        ),
        // German lacks messages: the about page is no longer published in it.
        ("min_translated = 80", "min_translated = 100"),
    ];
    build(root, Some(&cache));
    build(root, Some(&cache));
    for (from, to) in changes {
        let text = common::read(&config);
        assert!(text.contains(from), "{from}");
        std::fs::write(&config, text.replace(from, to)).unwrap();
        build(root, Some(&cache));
        let cached = tree(&root.join("out"));
        build(root, None);
        let uncached = tree(&root.join("out"));
        assert!(cached == uncached, "{to}");
        build(root, Some(&cache));
    }
}
