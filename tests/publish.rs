//! Output safety through the real binary: no configuration or page name makes `build`
//! write outside its output folder or delete what it did not write, and `out/` is the
//! old site or the new one, never half of one.

mod common;
use common::*;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The mini fixture in `<tmp>/project`, so that what is around the project can be
/// watched too, with `extra` appended to its config; returns the temporary folder, the
/// project and the line `extra` starts on.
fn mini_with(extra: &str) -> (tempfile::TempDir, PathBuf, usize) {
    let around = tempfile::tempdir().unwrap();
    let project = around.path().join("project");
    let site = fixture("mini");
    copy_dir(site.path(), &project);
    let config = project.join("fluentpress.toml");
    let text = read(&config);
    let line = text.lines().count() + 2;
    std::fs::write(&config, format!("{text}\n{extra}")).unwrap();
    (around, project, line)
}

/// Runs `build`, expects it refused with exit 2 and nothing under `watch` changed;
/// returns stderr.
fn refused(root: &Path, watch: &Path) -> String {
    let before = tree(watch);
    let assert = fluentpress(root).arg("build").assert().code(2);
    assert_eq!(
        tree(watch),
        before,
        "nothing changed under {}",
        watch.display()
    );
    String::from_utf8_lossy(&assert.get_output().stderr).into_owned()
}

#[test]
fn an_out_that_is_the_project_or_holds_its_input_is_refused_at_its_line() {
    for (out, says) in [
        ("\"\"", "`out` is empty"),
        ("\".\"", "it is the project folder"),
        ("\"locales/..\"", "it is the project folder"),
        ("\"..\"", "it holds the project folder"),
        ("\"locales\"", "it is the locales folder"),
        ("\"templates\"", "it is the templates folder"),
        ("\"locales/fr\"", "it is inside the locales folder"),
    ] {
        let (around, project, line) = mini_with(&format!("[paths]\nout = {out}\n"));
        // Watching around the project also covers an out that holds it.
        let stderr = refused(&project, around.path());
        assert!(
            stderr.contains(&format!("fluentpress.toml:{}:7: refusing", line + 1)),
            "out = {out}: {stderr}"
        );
        assert!(stderr.contains(says), "out = {out}: {stderr}");
        assert!(stderr.contains("nothing was written"), "{stderr}");
    }
}

#[test]
fn an_out_that_holds_a_project_is_refused() {
    let (around, project, _) = mini_with("[paths]\nout = \"other\"\n");
    let other = project.join("other");
    std::fs::create_dir_all(other.join("templates")).unwrap();
    std::fs::write(other.join("fluentpress.toml"), "# another project\n").unwrap();
    // Even with a marker, a folder holding a project is not a site.
    std::fs::write(other.join(".fluentpress-out"), "").unwrap();
    let stderr = refused(&project, around.path());
    assert!(stderr.contains("it holds fluentpress.toml"), "{stderr}");
}

#[test]
fn a_folder_fluentpress_did_not_write_is_never_replaced() {
    let elsewhere = tempfile::tempdir().unwrap();
    let theirs = elsewhere.path().join("photos");
    std::fs::create_dir_all(&theirs).unwrap();
    std::fs::write(theirs.join("holiday.jpg"), "not a site").unwrap();
    let (_around, project, line) = mini_with(&format!("[paths]\nout = {:?}\n", theirs.display()));
    let stderr = refused(&project, elsewhere.path());
    assert!(
        stderr.contains(&format!("fluentpress.toml:{}:7", line + 1)),
        "{stderr}"
    );
    assert!(
        stderr.contains("was not written by fluentpress")
            && stderr.contains("move that folder away or empty it"),
        "{stderr}"
    );

    // Emptied, it is used; after that it carries the marker and is replaced freely.
    std::fs::remove_file(theirs.join("holiday.jpg")).unwrap();
    fluentpress(&project).arg("build").assert().success();
    assert!(theirs.join("fr/index.html").is_file());
    assert!(theirs.join(".fluentpress-out").is_file());
    let fr = project.join("locales/fr/main.ftl");
    std::fs::write(&fr, read(&fr).replace("Bonjour", "Salut à tous")).unwrap();
    fluentpress(&project).arg("build").assert().success();
    assert!(read(theirs.join("fr/index.html")).contains("Salut à tous"));
}

#[test]
fn a_symbolic_link_as_out_is_refused() {
    let elsewhere = tempfile::tempdir().unwrap();
    let (_around, project, _) = mini_with("");
    std::os::unix::fs::symlink(elsewhere.path(), project.join("out")).unwrap();
    let stderr = refused(&project, elsewhere.path());
    assert!(stderr.contains("symbolic link"), "{stderr}");
}

#[test]
fn an_out_from_an_older_build_without_the_marker_is_replaced() {
    let site = fixture("mini");
    let out = site.path().join("out");
    std::fs::create_dir_all(out.join("fr")).unwrap();
    std::fs::write(out.join("fr/stale.html"), "from an older build").unwrap();
    std::fs::write(
        out.join("build-report.json"),
        r#"{"version": 1, "pages": [], "pdf": {}}"#,
    )
    .unwrap();
    fluentpress(site.path()).arg("build").assert().success();
    assert!(!out.join("fr/stale.html").exists(), "replaced as a whole");
    assert!(out.join("fr/index.html").is_file() && out.join(".fluentpress-out").is_file());
}

#[test]
fn a_page_name_that_leaves_out_is_refused_at_its_line() {
    let deep = tempfile::tempdir().unwrap();
    let project = deep.path().join("a/b/c/d/project");
    std::fs::create_dir_all(&project).unwrap();
    let site = fixture("mini");
    copy_dir(site.path(), &project);
    let config = project.join("fluentpress.toml");
    let text = read(&config);
    let line = text.lines().count() + 2;
    std::fs::write(
        &config,
        format!(
            "{text}\n[pages.\"../../../../escaped\"]\ntemplate = \"home.html\"\nresources = [\"main.ftl\"]\n"
        ),
    )
    .unwrap();
    let stderr = refused(&project, deep.path());
    assert!(
        stderr.contains(&format!("fluentpress.toml:{line}:8")),
        "{stderr}"
    );
    assert!(
        stderr.contains("page name `../../../../escaped`"),
        "{stderr}"
    );
}

#[test]
fn a_symlinked_asset_is_an_error_and_its_target_is_not_published() {
    let secrets = tempfile::tempdir().unwrap();
    std::fs::write(secrets.path().join("id_rsa"), "PRIVATE KEY").unwrap();
    let site = default_site();
    fluentpress(site.path()).arg("build").assert().success();
    let out = site.path().join("out");
    let before = tree(&out);
    let link = site.path().join("templates/assets/leak.css");
    std::os::unix::fs::symlink(secrets.path().join("id_rsa"), &link).unwrap();
    let assert = fluentpress(site.path()).arg("build").assert().code(1);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(
        stderr.contains("templates/assets/leak.css: is a symbolic link"),
        "{stderr}"
    );
    assert_eq!(tree(&out), before, "the previous out/ stays as it was");
    let leftovers: Vec<_> = std::fs::read_dir(site.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(".out"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// A pid no process can have (above any pid_max), so its leftovers are a dead run's.
const DEAD: &str = "2147483646";

#[test]
fn leftovers_of_a_killed_run_are_removed_and_nothing_else() {
    let site = fixture("mini");
    fluentpress(site.path()).arg("build").assert().success();
    let root = site.path();
    let staging = root.join(format!(".out.tmp-{DEAD}"));
    let old = root.join(format!(".out.old-{DEAD}"));
    for dir in [&staging, &old] {
        std::fs::create_dir_all(dir.join("fr")).unwrap();
        std::fs::write(dir.join(".fluentpress-out"), "").unwrap();
        std::fs::write(dir.join("fr/index.html"), "half").unwrap();
    }
    // Our name pattern without our marker, and our marker under another name: not ours.
    let unmarked = root.join(format!(".out.tmp-{}", DEAD.replace('6', "5")));
    let renamed = root.join(".out.backup");
    std::fs::create_dir_all(&unmarked).unwrap();
    std::fs::write(unmarked.join("notes.txt"), "mine").unwrap();
    std::fs::create_dir_all(&renamed).unwrap();
    std::fs::write(renamed.join(".fluentpress-out"), "").unwrap();
    fluentpress(root).arg("build").assert().success();
    assert!(!staging.exists() && !old.exists(), "debris removed");
    assert_eq!(read(unmarked.join("notes.txt")), "mine");
    assert!(renamed.is_dir());
}

#[test]
fn a_run_killed_between_the_renames_gets_its_old_out_back() {
    // The fallback swap (no atomic exchange) renames out/ away first; a kill right
    // then leaves no out/, only the old tree under its leftover name.
    let site = fixture("mini");
    fluentpress(site.path()).arg("build").assert().success();
    let out = site.path().join("out");
    let before = tree(&out);
    let old = site.path().join(format!(".out.old-{DEAD}"));
    std::fs::rename(&out, &old).unwrap();
    // The next build fails, and still out/ is the last good site.
    std::fs::write(site.path().join("locales/fr/main.ftl"), "broken = {\n").unwrap();
    fluentpress(site.path()).arg("build").assert().code(1);
    assert_eq!(tree(&out), before);
    assert!(!old.exists());
}

#[test]
fn out_is_always_the_old_site_or_the_new_one_even_when_a_build_is_killed() {
    let change = |root: &Path| {
        let fr = root.join("locales/fr/about.ftl");
        std::fs::write(&fr, read(&fr).replace("Mission et vision", "Notre mission")).unwrap();
    };
    // The new site, built undisturbed in a copy: the site does not depend on where
    // its project is.
    let reference = default_site();
    change(reference.path());
    fluentpress(reference.path())
        .arg("build")
        .assert()
        .success();
    let new = tree(&reference.path().join("out"));

    let site = default_site();
    fluentpress(site.path()).arg("build").assert().success();
    let out = site.path().join("out");
    let old = tree(&out);
    assert_ne!(old, new);
    change(site.path());
    for delay_ms in [0, 20, 60, 120, 250, 500, 1000, 2000] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_fluentpress"))
            .arg("--root")
            .arg(site.path())
            .arg("build")
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        // SIGKILL: nothing of the build runs after it, as when the machine stops.
        let _ = child.kill();
        let _ = child.wait();
        let now = tree(&out);
        assert!(
            now == old || now == new,
            "killed after {delay_ms} ms: out/ is neither the old site nor the new one"
        );
    }
    // The next run cleans up after every killed one.
    fluentpress(site.path()).arg("build").assert().success();
    assert_eq!(tree(&out), new);
    let leftovers: Vec<_> = std::fs::read_dir(site.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".out"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}
