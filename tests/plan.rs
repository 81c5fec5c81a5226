//! `plan --changed` at the level of messages: in a git repository it compares the two
//! versions of each changed `.ftl` file and lists the pages × locales that show what
//! changed, the jobs `build --cache` then renders again.

mod common;

use common::fluentpress;
use common::plan::{
    change_message, git, jobs_of, jobs_of_plan, plan, planned, site_with_a_tiny_page, strings, Jobs,
};
use std::path::Path;

fn jobs(list: &[(&str, &str)]) -> Jobs {
    list.iter()
        .map(|(p, l)| (p.to_string(), l.to_string()))
        .collect()
}

/// Every locale of the default site with `page`.
fn everywhere(page: &str) -> Jobs {
    ["ar", "de", "en", "es", "fr", "hi", "ru", "zh-Hans"]
        .iter()
        .map(|l| (page.to_string(), l.to_string()))
        .collect()
}

/// The default site with a page `tiny` of its own template (site name and footer note,
/// reading only `site.ftl`) and two French terms: `-mouvement`, used by the print page's
/// `web-version` only, and `-personnes`, used by `footer-note`, which every page shows.
/// Committed in a new git repository.
fn site() -> tempfile::TempDir {
    let dir = site_with_a_tiny_page();
    let root = dir.path();
    edit(root, "locales/fr/site.ftl", |text| {
        text.replace(
            "\nweb-version = Lire cette page en ligne",
            "\n-mouvement = mouvement\n-personnes = personnes\nweb-version = Lire cette page en ligne ({ -mouvement })",
        )
        .replace("un mouvement de personnes", "un mouvement de { -personnes }")
    });
    git(root, &["init", "-q"]);
    git(root, &["add", "."]);
    git(root, &["commit", "-qm", "site"]);
    dir
}

/// Rewrites a file of the site with `change`, which must change it.
fn edit(root: &Path, file: &str, change: impl FnOnce(&str) -> String) {
    let path = root.join(file);
    let text = common::read(&path);
    let changed = change(&text);
    assert_ne!(text, changed, "{file} changed");
    std::fs::write(&path, changed).unwrap();
}

fn commit(root: &Path, message: &str) {
    git(root, &["commit", "-qam", message]);
}

/// The jobs of the last commit.
fn last_commit(root: &Path) -> Jobs {
    planned(root, &["HEAD~1..HEAD"])
}

/// One job's strings under `key` (`reasons`, `messages`).
fn of_job(json: &serde_json::Value, page: &str, locale: &str, key: &str) -> Vec<String> {
    let job = json["jobs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|j| j["page"] == page && j["locale"] == locale)
        .unwrap_or_else(|| panic!("no job {page} {locale} in {json}"));
    strings(&job[key])
}

#[test]
fn a_translated_message_plans_the_pages_showing_it_in_its_locale_only() {
    let dir = site();
    let root = dir.path();
    change_message(root, "locales/fr/about.ftl", "mission-heading");
    commit(root, "fr: one message");
    let json = plan(root, &["HEAD~1..HEAD"]);
    assert_eq!(jobs_of_plan(&json), jobs(&[("about", "fr")]));
    assert_eq!(
        of_job(&json, "about", "fr", "messages"),
        ["mission-heading"]
    );
    assert_eq!(of_job(&json, "about", "fr", "reasons"), ["messages"]);
    assert_eq!(json["everything"], false);
    assert_eq!(json["version"], 2);
    // The site name: the pages calling it, and those whose messages refer to it
    // (`footer-note`, on every page).
    change_message(root, "locales/fr/site.ftl", "site-name");
    commit(root, "fr: the site name");
    assert_eq!(last_commit(root), jobs(&[("about", "fr"), ("tiny", "fr")]));
    // A message of site.ftl only the about page shows: not the tiny page that reads the file.
    change_message(root, "locales/fr/site.ftl", "skip-link");
    commit(root, "fr: the skip link");
    assert_eq!(last_commit(root), jobs(&[("about", "fr")]));
}

#[test]
fn a_source_message_plans_its_pages_where_they_show_it() {
    let dir = site();
    let root = dir.path();
    // German lacks the skip link: its pages show the English one.
    edit(root, "locales/de/site.ftl", |text| {
        text.lines()
            .filter(|l| !l.starts_with("skip-link ="))
            .map(|l| format!("{l}\n"))
            .collect()
    });
    commit(root, "de: no skip link");
    assert_eq!(rendered_from_cache(root).0, 24, "the cache filled");
    change_message(root, "locales/en/site.ftl", "skip-link");
    commit(root, "en: the skip link");
    let json = plan(root, &["HEAD~1..HEAD"]);
    assert_eq!(
        jobs_of_plan(&json),
        jobs(&[("about", "de"), ("about", "en")])
    );
    assert_eq!(of_job(&json, "about", "de", "messages"), ["skip-link"]);
    // Exactly what the cache renders again: every other locale shows its own text.
    let (_, names) = rendered_from_cache(root);
    assert_eq!(jobs_of(&names), jobs_of_plan(&json), "{names:?}");

    // The site name, which every locale translates: the English pages, and the Arabic
    // page, whose Arabic–English edition reads the site name (in which column, the plan
    // cannot tell from the template; the cache finds that edition unchanged).
    change_message(root, "locales/en/site.ftl", "site-name");
    commit(root, "en: the site name");
    let json = plan(root, &["HEAD~1..HEAD"]);
    assert_eq!(
        jobs_of_plan(&json),
        jobs(&[("about", "ar"), ("about", "en"), ("tiny", "en")])
    );
    let (_, names) = rendered_from_cache(root);
    assert_eq!(
        jobs_of(&names),
        jobs(&[("about", "en"), ("tiny", "en")]),
        "{names:?}"
    );

    // The two commits at once, as a three-dot range from the first.
    let first = String::from_utf8(
        std::process::Command::new("git")
            .arg("-C")
            .arg(root)
            .args(["rev-list", "--max-parents=0", "HEAD"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    // (German's dropped message changes the share of both its pages reading site.ftl.)
    assert_eq!(
        jobs_of_plan(&plan(root, &[&format!("{}...HEAD", first.trim())])),
        jobs(&[
            ("about", "ar"),
            ("about", "de"),
            ("about", "en"),
            ("tiny", "de"),
            ("tiny", "en")
        ])
    );
}

#[test]
fn a_term_plans_the_pages_whose_messages_use_it() {
    let dir = site();
    let root = dir.path();
    // Used by the print page's `web-version` only.
    change_message(root, "locales/fr/site.ftl", "-mouvement");
    commit(root, "fr: a term of the print page");
    let json = plan(root, &["HEAD~1..HEAD"]);
    assert_eq!(jobs_of_plan(&json), jobs(&[("about", "fr")]));
    assert_eq!(of_job(&json, "about", "fr", "messages"), ["-mouvement"]);
    // Used by `footer-note`, which every page shows.
    change_message(root, "locales/fr/site.ftl", "-personnes");
    commit(root, "fr: a term of the footer");
    assert_eq!(last_commit(root), jobs(&[("about", "fr"), ("tiny", "fr")]));
    // A term of about.ftl, which the tiny page does not read.
    change_message(root, "locales/fr/about.ftl", "-amnesty");
    commit(root, "fr: a term of the about page");
    assert_eq!(last_commit(root), jobs(&[("about", "fr")]));
}

#[test]
fn comments_and_spacing_plan_nothing_a_template_plans_its_pages() {
    let dir = site();
    let root = dir.path();
    edit(root, "locales/fr/about.ftl", |text| {
        text.replacen(
            "\nmission-heading = ",
            "\n# A note for the translator: a heading.\n\n\nmission-heading   =   ",
            1,
        )
    });
    commit(root, "fr: a comment");
    let json = plan(root, &["HEAD~1..HEAD"]);
    assert!(jobs_of_plan(&json).is_empty(), "{json}");
    // A template: every locale of the pages using it, and only those.
    edit(root, "templates/tiny.html", |text| {
        text.replace("<main>", "<main class=\"tiny\">")
    });
    commit(root, "tiny template");
    let json = plan(root, &["HEAD~1..HEAD"]);
    assert_eq!(jobs_of_plan(&json), everywhere("tiny"));
    assert_eq!(of_job(&json, "tiny", "fr", "reasons"), ["template"]);
    // Included by the about page's web template only.
    edit(root, "templates/about-content.html", |text| {
        format!("{text}\n")
    });
    commit(root, "about content");
    assert_eq!(last_commit(root), everywhere("about"));
    // The bilingual edition's template: the locale that has one.
    edit(root, "templates/bilingual.print.html", |text| {
        format!("{text}\n")
    });
    commit(root, "bilingual");
    assert_eq!(last_commit(root), jobs(&[("about", "ar")]));
    // The config: everything.
    edit(root, "fluentpress.toml", |text| {
        format!("{text}\n# a comment\n")
    });
    commit(root, "config");
    let json = plan(root, &["HEAD~1..HEAD"]);
    assert_eq!(json["everything"], true);
    assert_eq!(jobs_of_plan(&json).len(), 16);
}

#[test]
fn added_and_removed_messages_plan_the_pages_whose_share_they_change() {
    let dir = site();
    let root = dir.path();
    // A French message removed: its page shows the fallback and counts one fewer.
    edit(root, "locales/fr/about.ftl", |text| {
        let start = text.find("\nmission-heading = ").unwrap() + 1;
        let end = start + text[start..].find('\n').unwrap() + 1;
        format!("{}{}", &text[..start], &text[end..])
    });
    commit(root, "fr: one message fewer");
    let json = plan(root, &["HEAD~1..HEAD"]);
    assert_eq!(jobs_of_plan(&json), jobs(&[("about", "fr")]));
    assert_eq!(
        of_job(&json, "about", "fr", "reasons"),
        ["coverage", "messages"]
    );
    // Added again: the same.
    git(root, &["revert", "--no-edit", "HEAD"]);
    assert_eq!(last_commit(root), jobs(&[("about", "fr")]));
    // A new source message: every locale's share of the pages reading its file.
    edit(root, "locales/en/site.ftl", |text| {
        format!("{text}new-message = New\n")
    });
    commit(root, "en: a new message");
    let json = plan(root, &["HEAD~1..HEAD"]);
    let both: Jobs = everywhere("about")
        .union(&everywhere("tiny"))
        .cloned()
        .collect();
    assert_eq!(jobs_of_plan(&json), both);
    assert_eq!(of_job(&json, "tiny", "de", "reasons"), ["coverage"]);
    // A new file no page reads: nothing.
    std::fs::write(root.join("locales/fr/extra.ftl"), "extra = Extra\n").unwrap();
    git(root, &["add", "."]);
    commit(root, "fr: a file of its own");
    assert!(last_commit(root).is_empty());
}

#[test]
fn files_in_a_work_tree_are_compared_with_head() {
    let dir = site();
    let root = dir.path();
    change_message(root, "locales/fr/about.ftl", "mission-heading");
    let json = plan(root, &["locales/fr/about.ftl"]);
    assert_eq!(jobs_of_plan(&json), jobs(&[("about", "fr")]));
    assert_eq!(
        of_job(&json, "about", "fr", "messages"),
        ["mission-heading"]
    );
    // A file named as changed that is as HEAD has it counts whole.
    commit(root, "fr");
    let json = plan(root, &["locales/fr/site.ftl"]);
    assert_eq!(
        jobs_of_plan(&json),
        jobs(&[("about", "fr"), ("tiny", "fr")])
    );
    assert_eq!(of_job(&json, "tiny", "fr", "reasons"), ["resource"]);
}

#[test]
fn a_bad_range_is_a_usage_error() {
    let dir = site();
    fluentpress(dir.path())
        .args(["plan", "--changed", "no-such-commit..HEAD"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("no-such-commit"));
}

/// From `build --cache`'s `cache:` line, how many page files it rendered (not copied),
/// and the names it shows (the first twelve).
fn rendered_from_cache(root: &Path) -> (usize, Vec<String>) {
    let output = fluentpress(root)
        .args(["build", "--cache"])
        .arg(root.join("cache"))
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let stdout = String::from_utf8(output).unwrap();
    let line = stdout
        .lines()
        .find_map(|l| l.strip_prefix("cache: "))
        .unwrap_or_else(|| panic!("no cache line in {stdout}"));
    let rendered: usize = line
        .split_whitespace()
        .nth(4)
        .unwrap()
        .trim_end_matches(':')
        .parse()
        .unwrap();
    let names: Vec<String> = line
        .split_once(": ")
        .map(|(_, names)| names.split(", ").map(str::to_string).collect())
        .unwrap_or_default();
    (rendered, names)
}

#[test]
fn a_one_message_commit_plans_exactly_what_the_cache_renders_again() {
    let dir = site();
    let root = dir.path();
    // 8 locales × (the about page's web and print page, and the tiny page).
    assert_eq!(rendered_from_cache(root).0, 24, "the cache filled");
    assert_eq!(rendered_from_cache(root).0, 0, "all from the cache");
    let changes = [
        ("locales/fr/about.ftl", "mission-heading"),
        ("locales/fr/site.ftl", "site-name"),
        ("locales/fr/site.ftl", "skip-link"),
        ("locales/fr/site.ftl", "-mouvement"),
        ("locales/fr/site.ftl", "-personnes"),
        ("locales/fr/about.ftl", "-udhr"),
        ("locales/de/site.ftl", "web-version"),
        ("locales/ar/about.ftl", "mission-heading"),
    ];
    for (file, id) in changes {
        change_message(root, file, id);
        commit(root, &format!("{file} {id}"));
        let (count, names) = rendered_from_cache(root);
        assert!(count > 0 && count == names.len(), "{file} {id}: {names:?}");
        let rendered = jobs_of(&names);
        assert_eq!(last_commit(root), rendered, "plan and cache, {file} {id}");
    }
}

#[test]
fn a_template_building_ids_and_the_stale_notice_read_every_message_of_their_files() {
    let dir = site();
    let root = dir.path();
    // `skip-link` is no id the tiny page names, but one it could build.
    edit(root, "templates/tiny.html", |text| {
        text.replace("</main>", "{{ t('skip' ~ '-link') }}</main>")
    });
    commit(root, "tiny builds an id");
    change_message(root, "locales/fr/site.ftl", "skip-link");
    commit(root, "fr: the skip link");
    assert_eq!(last_commit(root), jobs(&[("about", "fr"), ("tiny", "fr")]));
    // `web-version` is on the about page's print page only; with the stale notice on,
    // any French message of site.ftl may change the tiny page's count of stale ones.
    edit(root, "templates/tiny.html", |text| {
        text.replace("{{ t('skip' ~ '-link') }}", "")
    });
    edit(root, "fluentpress.toml", |text| {
        text.replace("\n[pages.tiny]\n", "\n[pages.tiny]\nstale_notice = true\n")
    });
    commit(root, "tiny: no built id, the stale notice");
    change_message(root, "locales/fr/site.ftl", "web-version");
    commit(root, "fr: web version");
    let json = plan(root, &["HEAD~1..HEAD"]);
    assert_eq!(
        jobs_of_plan(&json),
        jobs(&[("about", "fr"), ("tiny", "fr")])
    );
    assert_eq!(of_job(&json, "tiny", "fr", "reasons"), ["coverage"]);
}
