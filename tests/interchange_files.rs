//! `export` and `import` where a locale's files are not one namespace: the
//! same message id in two resources (as mozilla.org's pages have, each page
//! its own bundle), each exported and written back in its own file. Found on
//! the www-l10n repository, where an untouched round trip wrote one file's
//! translation into the other's message, twice.

mod common;
use common::*;
use std::path::{Path, PathBuf};

const FORMATS: &[(&str, &str)] = &[
    ("xliff", "xlf"),
    ("xliff22", "xlf"),
    ("xliff12", "xlf"),
    ("po", "po"),
];

/// Two pages' resources that both define `learn-more`, differently, in the
/// source and in French.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let files = [
        (
            "fluentpress.toml",
            "source_locale = \"en\"\nbase_url = \"https://x.example.org/\"\n\
             [locales.en]\nendonym = \"English\"\n[locales.fr]\nendonym = \"Français\"\n",
        ),
        ("locales/en/brands.ftl", "-fx = Firefox\n-fx-quantum = Firefox Quantum\n"),
        ("locales/fr/brands.ftl", "-fx = Firefox\n-fx-quantum = Firefox Quantum\n"),
        (
            "locales/en/quantum.ftl",
            "# the Quantum page\nlearn-more = Learn more about { -fx-quantum }\nprivacy = Privacy first\n",
        ),
        (
            "locales/fr/quantum.ftl",
            "# the Quantum page\nlearn-more = En savoir plus sur { -fx-quantum }\nprivacy = La vie privée d’abord\n",
        ),
        (
            "locales/en/more.ftl",
            "learn-more = Learn more about { -fx } browsers\nsafe = Stay safe\n",
        ),
        (
            "locales/fr/more.ftl",
            "learn-more = En savoir plus sur les navigateurs { -fx }\n",
        ),
    ];
    for (path, text) in files {
        let file = root.join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, text).unwrap();
    }
    dir
}

fn export(root: &Path, format: &str) -> PathBuf {
    let ext = FORMATS.iter().find(|(f, _)| *f == format).unwrap().1;
    let out = root.join(format!("fr-{format}.{ext}"));
    fluentpress(root)
        .args(["export", "--locale", "fr", "--format", format, "-o"])
        .arg(&out)
        .assert()
        .success();
    out
}

fn locales(root: &Path) -> std::collections::BTreeMap<PathBuf, Vec<u8>> {
    tree(&root.join("locales"))
}

#[test]
fn each_file_exports_its_own_translation_of_a_shared_id() {
    let dir = project();
    let root = dir.path();
    for (format, _) in FORMATS {
        let text = read(export(root, format));
        let quantum = text
            .find("Quantum page")
            .or_else(|| text.find("quantum.ftl"));
        let more = text.find("more.ftl");
        assert!(quantum.is_some() && more.is_some(), "{format}: {text}");
        // Each file's unit carries that file's French text and no other's.
        for (file, own, other) in [
            ("quantum.ftl", "En savoir plus sur ", "les navigateurs"),
            ("more.ftl", "En savoir plus sur les navigateurs", "\u{0}"),
        ] {
            let at = text
                .find(&format!("original=\"{file}\""))
                .or_else(|| text.find(&format!("#: {file}")))
                .or_else(|| text.find(&format!("#: locales/en/{file}")))
                .unwrap_or_else(|| panic!("{format}: no {file} in {text}"));
            let unit = &text[at..];
            let unit = &unit[unit.find("learn-more").unwrap()..];
            let unit = &unit[..unit.find("privacy").or(unit.find("safe")).unwrap()];
            assert!(unit.contains(own), "{format} {file}: {unit}");
            if file == "quantum.ftl" {
                assert!(
                    !unit.contains(other),
                    "{format} {file} has more.ftl's text: {unit}"
                );
            }
        }
    }
}

#[test]
fn an_untouched_round_trip_of_a_shared_id_changes_no_byte() {
    let dir = project();
    let root = dir.path();
    let before = locales(root);
    for (format, _) in FORMATS {
        let file = export(root, format);
        fluentpress(root)
            .arg("import")
            .arg(&file)
            .assert()
            .success()
            .stdout(predicates::str::contains("import changed 0 file(s)"));
        assert!(
            locales(root) == before,
            "{format}: an untouched import changed a file"
        );
    }
}

#[test]
fn a_translation_of_a_shared_id_lands_in_its_own_file_only() {
    for (format, _) in FORMATS {
        let dir = project();
        let root = dir.path();
        let file = export(root, format);
        let text = read(&file).replace(
            "En savoir plus sur les navigateurs",
            "Découvrez les navigateurs",
        );
        std::fs::write(&file, text).unwrap();
        fluentpress(root)
            .arg("import")
            .arg(&file)
            .assert()
            .success()
            .stdout(predicates::str::contains("import changed 1 file(s)"));
        assert_eq!(
            read(root.join("locales/fr/more.ftl")),
            "learn-more = Découvrez les navigateurs { -fx }\n",
            "{format}"
        );
        assert_eq!(
            read(root.join("locales/fr/quantum.ftl")),
            "# the Quantum page\nlearn-more = En savoir plus sur { -fx-quantum }\nprivacy = La vie privée d’abord\n",
            "{format}"
        );
    }
}

/// A PO entry whose `#:` reference a tool dropped: an id in one file needs
/// none; one in two files is refused with its place, and nothing is written.
#[test]
fn a_po_entry_without_its_file_is_refused_only_where_the_id_is_shared() {
    let dir = project();
    let root = dir.path();
    let file = export(root, "po");
    let text = read(&file);
    let without: String = text
        .lines()
        .filter(|l| !l.starts_with("#:"))
        .map(|l| format!("{l}\n"))
        .collect();
    // `privacy` is in one file: found without a reference.
    let at = text.find("msgctxt \"privacy\"").unwrap();
    let reference = text[..at].rfind("#:").unwrap();
    let one_dropped = format!("{}{}", &text[..reference], &text[at..]);
    std::fs::write(
        &file,
        one_dropped.replace("La vie privée d’abord", "Vie privée d’abord"),
    )
    .unwrap();
    fluentpress(root)
        .arg("import")
        .arg(&file)
        .assert()
        .success();
    assert!(read(root.join("locales/fr/quantum.ftl")).contains("privacy = Vie privée d’abord\n"));
    let before = locales(root);
    std::fs::write(
        &file,
        without.replace(
            "En savoir plus sur les navigateurs",
            "Découvrez les navigateurs",
        ),
    )
    .unwrap();
    let out = fluentpress(root).arg("import").arg(&file).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("unit `learn-more` is in 2 files (more.ftl, quantum.ftl)")
            && stderr.contains("fr-po.po:"),
        "{stderr}"
    );
    assert!(locales(root) == before, "a refused import wrote a file");
}

/// A message that is only a placeable (`{ -brand }`, which Mozilla's sites
/// have many of) is a unit too: filled and imported, the locale is complete.
#[test]
fn a_message_that_is_only_a_placeable_can_be_completed_through_a_file() {
    let dir = project();
    let root = dir.path();
    std::fs::write(
        root.join("locales/en/more.ftl"),
        "learn-more = Learn more about { -fx } browsers\nsafe = Stay safe\nbrand-only = { -fx }\n",
    )
    .unwrap();
    let file = export(root, "xliff");
    let text = read(&file);
    assert!(text.contains("<unit id=\"brand-only\""), "{text}");
    let filled = text.replace(
        "<source xml:space=\"preserve\">Stay safe</source>",
        "<source xml:space=\"preserve\">Stay safe</source>\n        <target xml:space=\"preserve\">Restez en sécurité</target>",
    );
    let at = filled.find("<unit id=\"brand-only\"").unwrap();
    let end = at + filled[at..].find("</source>").unwrap() + "</source>".len();
    let source = &filled[at..end];
    let source = &source[source.find("<source").unwrap()..];
    let target = source.replace("source", "target");
    let filled = format!("{}\n        {target}{}", &filled[..end], &filled[end..]);
    std::fs::write(&file, filled).unwrap();
    fluentpress(root)
        .arg("import")
        .arg(&file)
        .assert()
        .success();
    assert!(
        read(root.join("locales/fr/more.ftl")).contains("brand-only = { -fx }\n"),
        "{}",
        read(root.join("locales/fr/more.ftl"))
    );
    let out = fluentpress(root)
        .args(["check", "--locale", "fr", "--format", "json"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let missing: Vec<_> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["locale"] == "fr" && f["code"] == "missing-message")
        .collect();
    assert!(missing.is_empty(), "{missing:?}");
}
