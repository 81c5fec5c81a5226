//! What several benchmarks build their sites from (a folder, not a target: cargo only
//! takes `benches/*.rs` and `benches/*/main.rs` as benchmarks).
#![allow(dead_code)]

use std::path::Path;

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// The default site, plus `pages - 1` more pages and, with `extra_locales`, two more
/// locales (fr-CA, es-MX) copied from French and Spanish.
pub fn site(pages: usize, extra_locales: bool) -> tempfile::TempDir {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo.join("locales"), &dir.path().join("locales"));
    copy_dir(&repo.join("templates"), &dir.path().join("templates"));
    let mut config = std::fs::read_to_string(repo.join("fluentpress.toml")).unwrap();
    if extra_locales {
        for (tag, from, name) in [
            ("fr-CA", "fr", "Français du Canada"),
            ("es-MX", "es", "Español de México"),
        ] {
            copy_dir(
                &dir.path().join("locales").join(from),
                &dir.path().join("locales").join(tag),
            );
            config = config.replace(
                "[pages.about]",
                &format!("[locales.{tag}]\nendonym = \"{name}\"\n\n[pages.about]"),
            );
        }
    }
    for i in 2..=pages {
        config.push_str(&format!(
            "\n[pages.about{i}]\ntemplate = \"about.html\"\nprint_template = \"about.print.html\"\nresources = [\"site.ftl\", \"about.ftl\"]\noutput = \"about{i}.html\"\nprint_output = \"about{i}.print.html\"\n"
        ));
    }
    std::fs::write(dir.path().join("fluentpress.toml"), config).unwrap();
    dir
}
