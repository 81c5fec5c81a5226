//! Sharded builds: `build --shard I/N` on separate processes, as CI engines run them,
//! and `merge` of their parts give the `out/` one build gives, byte for byte.

mod common;

use common::plan::{
    add_tiny_page, change_message, git, jobs_of, plan, planned, site_with_a_tiny_page, strings,
};
use common::{fluentpress, judge, shard_env, tree};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const EPOCH: &str = "1700000000";

/// The default site with `extra` more pages (the about page's templates and messages
/// under other names), so that jobs outnumber the shards.
fn site(extra: usize) -> tempfile::TempDir {
    let dir = common::default_site();
    let mut config = common::read(dir.path().join("fluentpress.toml"));
    for i in 0..extra {
        config.push_str(&format!(
            "\n[pages.page{i}]\ntemplate = \"about.html\"\nprint_template = \"about.print.html\"\n\
             resources = [\"site.ftl\", \"about.ftl\"]\noutput = \"page{i}.html\"\n\
             print_output = \"page{i}.print.html\"\npdf_output = \"page{i}.pdf\"\n"
        ));
    }
    std::fs::write(dir.path().join("fluentpress.toml"), config).unwrap();
    dir
}

/// Runs `build` as shard `i` of `n` the way engine `engine` says which shard a job is.
fn build_shard(root: &Path, flags: &[&str], i: usize, n: usize, engine: usize) -> PathBuf {
    let part = root.join(format!("parts/{i}"));
    let mut cmd = fluentpress(root);
    cmd.env("SOURCE_DATE_EPOCH", EPOCH)
        .args(["build", "--shard", "auto", "--part"])
        .arg(&part)
        .args(flags);
    shard_env(&mut cmd, i, n, engine);
    cmd.assert().success();
    part
}

fn single_build(root: &Path, flags: &[&str]) -> BTreeMap<PathBuf, Vec<u8>> {
    fluentpress(root)
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .arg("build")
        .args(flags)
        .assert()
        .success();
    tree(&root.join("out"))
}

fn merged(root: &Path, parts: &[PathBuf]) -> BTreeMap<PathBuf, Vec<u8>> {
    fluentpress(root)
        .arg("merge")
        .args(parts)
        .assert()
        .success();
    tree(&root.join("out"))
}

fn assert_same_tree(
    expected: &BTreeMap<PathBuf, Vec<u8>>,
    got: &BTreeMap<PathBuf, Vec<u8>>,
    label: &str,
) {
    let names = |t: &BTreeMap<PathBuf, Vec<u8>>| t.keys().cloned().collect::<Vec<_>>();
    assert_eq!(names(expected), names(got), "{label}: the same files");
    for (path, bytes) in expected {
        assert!(got[path] == *bytes, "{label}: {} differs", path.display());
    }
}

fn shards_merge_to_the_single_build(dir: &tempfile::TempDir, flags: &[&str], counts: &[usize]) {
    let root = dir.path();
    let single = single_build(root, flags);
    assert!(single.len() > 10, "the build wrote a site");
    for &n in counts {
        let _ = std::fs::remove_dir_all(root.join("parts"));
        let parts: Vec<PathBuf> = (1..=n)
            .map(|i| build_shard(root, flags, i, n, n + i))
            .collect();
        // out/ is the previous build's until the merge replaces it.
        assert_same_tree(&single, &merged(root, &parts), &format!("{n} shard(s)"));
    }
}

#[test]
fn the_default_site_in_shards_merges_to_the_single_build() {
    let dir = site(0);
    shards_merge_to_the_single_build(&dir, &["--pseudo"], &[1, 2, 3, 7]);
}

#[test]
fn a_generated_site_in_shards_merges_to_the_single_build() {
    let dir = site(12);
    shards_merge_to_the_single_build(&dir, &[], &[1, 2, 3, 7]);
    let report: serde_json::Value =
        serde_json::from_str(&common::read(dir.path().join("out/build-report.json"))).unwrap();
    // 13 pages × 8 locales.
    assert_eq!(report["pages"].as_array().unwrap().len(), 104);
}

#[test]
fn pdfs_of_shards_and_of_two_builds_are_byte_identical_with_source_date_epoch() {
    if judge::browser(None).is_none() {
        return;
    }
    let dir = site(0);
    let root = dir.path();
    let first = single_build(root, &["--pdf"]);
    let pdfs: Vec<&PathBuf> = first
        .keys()
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    assert!(pdfs.len() >= 8, "every locale printed: {pdfs:?}");
    let date = b"/CreationDate (D:20231114221320+00'00')";
    for pdf in &pdfs {
        assert!(
            first[*pdf].windows(date.len()).any(|w| w == date),
            "{}: dated SOURCE_DATE_EPOCH",
            pdf.display()
        );
    }
    // Chromium dates each PDF to the second it printed it: wait for another second.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    assert_same_tree(&first, &single_build(root, &["--pdf"]), "a second build");
    let parts: Vec<PathBuf> = (1..=3)
        .map(|i| build_shard(root, &["--pdf"], i, 3, i))
        .collect();
    assert_same_tree(&first, &merged(root, &parts), "3 shards with PDFs");
}

#[test]
fn timings_are_not_published() {
    let dir = site(0);
    single_build(dir.path(), &[]);
    let report = common::read(dir.path().join("out/build-report.json"));
    assert!(!report.contains("_ms"), "{report}");
}

/// Builds shards 1..=n of `n` into `parts/`.
fn parts(root: &Path, n: usize) -> Vec<PathBuf> {
    (1..=n).map(|i| build_shard(root, &[], i, n, 0)).collect()
}

fn merge_fails(root: &Path, parts: &[PathBuf], expected: &str) {
    let before = tree(&root.join("out"));
    let output = fluentpress(root)
        .arg("merge")
        .args(parts)
        .assert()
        .code(1)
        .get_output()
        .clone();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains(expected), "{expected:?} in {stderr}");
    assert_eq!(before, tree(&root.join("out")), "out/ was left as it was");
}

#[test]
fn a_missing_or_duplicated_shard_is_an_error_naming_it() {
    let dir = site(2);
    let root = dir.path();
    single_build(root, &[]);
    let all = parts(root, 3);
    merge_fails(root, &all[..2], "shard 3/3 is missing");
    merge_fails(root, &[all[1].clone()], "shard 1/3 is missing (and 3/3)");
    let twice = [
        all[0].clone(),
        all[1].clone(),
        all[1].clone(),
        all[2].clone(),
    ];
    merge_fails(root, &twice, "shard 2/3 is given twice");
    merge_fails(root, &[root.join("nowhere")], "nowhere");
}

#[test]
fn parts_of_other_inputs_or_a_changed_file_are_refused() {
    let dir = site(1);
    let root = dir.path();
    single_build(root, &[]);
    let first = build_shard(root, &[], 1, 2, 0);
    let about = root.join("locales/fr/about.ftl");
    let text = common::read(&about);
    std::fs::write(&about, format!("{text}\nextra-message = Encore\n")).unwrap();
    let second = build_shard(root, &[], 2, 2, 0);
    merge_fails(
        root,
        &[first.clone(), second.clone()],
        "built from other inputs",
    );
    std::fs::write(&about, text).unwrap();
    let second = build_shard(root, &[], 2, 2, 0);
    // A page changed after its part was built (or a broken upload).
    let page = first.join("sitemap.xml");
    std::fs::write(&page, "<urlset/>").unwrap();
    merge_fails(root, &[first, second], "sitemap.xml` differs from the hash");
}

#[test]
fn a_bad_shard_is_a_usage_error() {
    let dir = site(0);
    for value in ["0/3", "4/3", "x"] {
        fluentpress(dir.path())
            .args(["build", "--shard", value])
            .assert()
            .code(2)
            .stderr(predicates::str::contains("is not a shard"));
    }
    fluentpress(dir.path())
        .args(["build", "--shard", "auto"])
        .env_remove("FLUENTPRESS_SHARD")
        .env_remove("CI_NODE_INDEX")
        .env_remove("JOB_COMPLETION_INDEX")
        .assert()
        .code(2)
        .stderr(predicates::str::contains("no CI shard variables"));
}

#[test]
fn plan_lists_the_pages_and_locales_a_change_affects() {
    let dir = site(0);
    let root = dir.path();
    add_tiny_page(root, "about.html");
    // A one-locale translation commit: that locale, and only the pages reading the file.
    let fr = plan(root, &["locales/fr/about.ftl"]);
    assert_eq!(strings(&fr["locales"]), ["fr"]);
    assert_eq!(strings(&fr["pages"]), ["about"]);
    assert_eq!(fr["everything"], false);
    let de = plan(root, &["locales/de/site.ftl"]);
    assert_eq!(strings(&de["locales"]), ["de"]);
    assert_eq!(strings(&de["pages"]), ["about", "tiny"]);
    // The source: every locale of the pages reading it.
    let source = plan(root, &["locales/en/about.ftl"]);
    assert_eq!(source["locales"].as_array().unwrap().len(), 8);
    assert_eq!(strings(&source["pages"]), ["about"]);
    let template = plan(root, &["templates/base.html"]);
    assert_eq!(template["everything"], true);
    assert_eq!(template["jobs"].as_array().unwrap().len(), 16);
    let nothing = plan(root, &["README.md"]);
    assert!(nothing["jobs"].as_array().unwrap().is_empty());
}

#[test]
fn plan_reads_a_git_range() {
    let dir = site(0);
    let root = dir.path();
    git(root, &["init", "-q"]);
    git(root, &["add", "."]);
    git(root, &["commit", "-qm", "site"]);
    let about = root.join("locales/es/about.ftl");
    let text = common::read(&about);
    std::fs::write(&about, format!("{text}\nnew-message = Nuevo\n")).unwrap();
    git(root, &["commit", "-qam", "es"]);
    let es = plan(root, &["HEAD~1..HEAD"]);
    assert_eq!(strings(&es["locales"]), ["es"]);
}

#[test]
fn the_reference_workflows_match_their_schemas() {
    let Some(tool) = judge::py_tool(judge::CHECK_JSONSCHEMA) else {
        return;
    };
    let examples = common::repo_root().join("examples");
    let validate = |schema: &str, file: &Path| {
        let out = std::process::Command::new(&tool)
            .args(["--builtin-schema", schema])
            .arg(file)
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout).into_owned()
            + &String::from_utf8_lossy(&out.stderr);
        (out.status.success(), text)
    };
    let github = examples.join("github-sharded-build.yml");
    let gitlab = examples.join("gitlab-sharded-build.gitlab-ci.yml");
    for (schema, file) in [
        ("vendor.github-workflows", &github),
        ("vendor.gitlab-ci", &gitlab),
    ] {
        let (ok, text) = validate(schema, file);
        assert!(ok, "{}: {text}", file.display());
        // Each builds shards and merges them, as the README says.
        let text = common::read(file);
        assert!(text.contains("--shard auto") && text.contains("fluentpress merge"));
        // The shards share what did not change through the page cache.
        assert!(text.contains("build --pdf --shard auto --cache "), "{text}");
    }
    // The judge is not blind: a misspelt key fails.
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("site.yml");
    std::fs::write(
        &broken,
        common::read(&github).replace("runs-on:", "run-on:"),
    )
    .unwrap();
    assert!(!validate("vendor.github-workflows", &broken).0);
}

/// Runs `build --cache cache` with `flags`; the line of its output starting with `start`.
fn cached_build_line(root: &Path, flags: &[&str], cache: &Path, start: &str) -> String {
    let output = fluentpress(root)
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .arg("build")
        .args(flags)
        .arg("--cache")
        .arg(cache)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let stdout = String::from_utf8_lossy(&output).into_owned();
    stdout
        .lines()
        .find(|l| l.starts_with(start))
        .unwrap_or_else(|| panic!("no `{start}` line in {stdout}"))
        .to_string()
}

/// `(printed, copied from the cache)` from `build --pdf --cache`'s summary line.
fn cached_build(root: &Path, cache: &Path) -> (usize, usize) {
    let line = cached_build_line(root, &["--pdf"], cache, "printed ");
    let number = |after: &str| -> usize {
        line.split(after)
            .nth(1)
            .and_then(|rest| rest.split_whitespace().next())
            .and_then(|n| n.parse().ok())
            .unwrap_or(0)
    };
    (number("printed "), number(", "))
}

#[test]
fn the_cache_copies_unchanged_pdfs_and_prints_only_what_a_change_touched() {
    if judge::browser(None).is_none() {
        return;
    }
    let dir = site(0);
    let root = dir.path();
    let cache = root.join("cache");
    let (printed, cached) = cached_build(root, &cache);
    assert!(printed >= 8 && cached == 0, "{printed} {cached}");
    let first = tree(&root.join("out"));
    let (again, cached) = cached_build(root, &cache);
    assert_eq!((again, cached), (printed, printed), "all copied");
    assert_same_tree(&first, &tree(&root.join("out")), "a build from the cache");
    // One French message changes: only the French PDF is printed again.
    let about = root.join("locales/fr/about.ftl");
    let text = common::read(&about);
    let (id, _) = text
        .lines()
        .find_map(|l| {
            l.split_once(" = ")
                .filter(|(id, _)| !id.starts_with(['#', ' ', '-']))
        })
        .unwrap();
    let changed = text.replacen(&format!("{id} = "), &format!("{id} = Changé "), 1);
    std::fs::write(&about, changed).unwrap();
    let (_, cached) = cached_build(root, &cache);
    assert_eq!(cached, printed - 1);
    let now = tree(&root.join("out"));
    let differ: Vec<&PathBuf> = first
        .keys()
        .filter(|p| p.extension().is_some_and(|e| e == "pdf") && first[*p] != now[*p])
        .collect();
    assert_eq!(differ, [&PathBuf::from("fr/about.pdf")]);
}

/// From `build --cache`'s `cache:` line: how many page files it copied and rendered, and
/// the names of those rendered (the first few).
fn page_cache_build(root: &Path, cache: &Path) -> (usize, usize, Vec<String>) {
    let line = cached_build_line(root, &[], cache, "cache: ");
    let line = &line["cache: ".len()..];
    let words: Vec<&str> = line.split_whitespace().collect();
    let copied = words[0].parse().unwrap();
    let rendered = words[4].trim_end_matches(':').parse().unwrap();
    let names = line
        .split_once(": ")
        .map(|(_, names)| names.split(", ").map(str::to_string).collect())
        .unwrap_or_default();
    (copied, rendered, names)
}

#[test]
fn the_page_cache_renders_only_the_pages_that_read_a_changed_message() {
    let dir = site_with_a_tiny_page();
    let root = dir.path();
    let cache = root.join("cache");
    let uncached = || single_build(root, &[]);
    let first = uncached();
    // 8 locales × (web + print of about, and tiny).
    let (copied, rendered, _) = page_cache_build(root, &cache);
    assert_eq!((copied, rendered), (0, 24));
    assert_same_tree(
        &first,
        &tree(&root.join("out")),
        "a build filling the cache",
    );
    let (copied, rendered, _) = page_cache_build(root, &cache);
    assert_eq!((copied, rendered), (24, 0));
    assert_same_tree(&first, &tree(&root.join("out")), "a build from the cache");

    // Each change: the page files rendered again, and whether `plan` lists the same jobs.
    let changes: [(&str, &str, &[&str], bool); 3] = [
        // A French message of the about page's content, in both its web and print page.
        (
            "locales/fr/about.ftl",
            "mission-heading",
            &["fr/index.html", "fr/about.print.html"],
            true,
        ),
        // A French message that another (`footer-note`) references: every French page.
        (
            "locales/fr/site.ftl",
            "site-name",
            &["fr/index.html", "fr/about.print.html", "fr/tiny.html"],
            true,
        ),
        // A source message German lacks: English and German, which falls back to it.
        // Outside git `plan` maps files, not messages: it lists every locale of the about page.
        (
            "locales/en/about.ftl",
            "history-growth",
            &[
                "en/index.html",
                "en/about.print.html",
                "de/index.html",
                "de/about.print.html",
            ],
            false,
        ),
    ];
    for (file, id, expected, plan_is_exact) in changes {
        change_message(root, file, id);
        let (copied, count, mut rendered) = page_cache_build(root, &cache);
        assert_eq!(count, rendered.len(), "{file} {id}: every name shown");
        let cached = tree(&root.join("out"));
        rendered.sort();
        let mut expected: Vec<String> = expected.iter().map(|s| s.to_string()).collect();
        expected.sort();
        assert_eq!(rendered, expected, "{file} {id}");
        assert_eq!(copied, 24 - expected.len());
        assert_same_tree(&uncached(), &cached, &format!("{file} {id} from the cache"));
        let plan = planned(root, &[file]);
        if plan_is_exact {
            assert_eq!(plan, jobs_of(&rendered), "plan --changed {file}");
        } else {
            assert!(
                jobs_of(&rendered).iter().all(|job| plan.contains(job)),
                "plan --changed {file}: {plan:?}"
            );
        }
    }
}
