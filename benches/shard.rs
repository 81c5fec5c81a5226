//! `cargo bench --bench shard`: a generated site of 1,000 pages × 20 locales (the default
//! site's about page under 1,000 names, its eight locales and twelve regional copies of
//! them), with a PDF of one page per locale, built by the `fluentpress` binary
//!
//! 1. as one process (`build --pdf --cache A`),
//! 2. as 4 shard processes (`build --pdf --shard I/4 --cache B`, one after the other, so
//!    each one's wall time is its own on a shared machine) and `merge`,
//! 3. once more as one process with the unchanged cache A, after `merge` wrote the same
//!    site into `out/` (every file new: the cache's record of `out/` is out of date), and
//!    also right after step 1 (`out/` as the record says).
//!
//! It reports each shard's work: its jobs, its weight (outputs it wrote, a PDF counting
//! ten, as the shard assignment weighs them) and its wall time, the balance of both
//! (max/mean: 1.00 is perfect) and, as ratios measured in the same run, the 4 shards'
//! total and slowest shard against the single build, and the cached build against the
//! first. Without a browser (`chromium-headless-shell`, `chromium` or `BENCH_BROWSER`)
//! it says so and builds without PDFs.
//!
//! Last, `serve`'s rebuild after one message edit on the default site, in process, as the
//! preview's watcher runs it: with the preview's page cache (only the pages reading the
//! message are rendered) and, for comparison, with an empty one.
//!
//! `BENCH_PAGES` changes the page count. Without `--bench` (as `cargo test --benches`
//! runs it) it is a quick smoke run of 20 pages.

mod common;
use common::copy_dir;
use fluentpress::site::build::BuildOptions;
use fluentpress::site::pdf::PdfPrinter;
use fluentpress::site::serve::preview_build;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

const SHARDS: usize = 4;
const EPOCH: &str = "1700000000";

/// Twelve more locales, each a copy of one of the default site's eight.
const REGIONAL: [(&str, &str, &str); 12] = [
    ("fr-CA", "fr", "Français du Canada"),
    ("fr-BE", "fr", "Français de Belgique"),
    ("fr-CH", "fr", "Français de Suisse"),
    ("es-MX", "es", "Español de México"),
    ("es-AR", "es", "Español de Argentina"),
    ("es-CO", "es", "Español de Colombia"),
    ("de-AT", "de", "Deutsch (Österreich)"),
    ("de-CH", "de", "Deutsch (Schweiz)"),
    ("ar-EG", "ar", "العربية (مصر)"),
    ("ar-MA", "ar", "العربية (المغرب)"),
    ("ru-UA", "ru", "Русский (Украина)"),
    ("en-GB", "en", "English (UK)"),
];

/// The site: the about page (with its print page and PDF) and `pages - 1` web pages.
fn site(pages: usize) -> tempfile::TempDir {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo.join("locales"), &dir.path().join("locales"));
    copy_dir(&repo.join("templates"), &dir.path().join("templates"));
    let mut config = std::fs::read_to_string(repo.join("fluentpress.toml")).unwrap();
    for (tag, from, name) in REGIONAL {
        copy_dir(
            &dir.path().join("locales").join(from),
            &dir.path().join("locales").join(tag),
        );
        config = config.replace(
            "[pages.about]",
            &format!("[locales.{tag}]\nendonym = \"{name}\"\n\n[pages.about]"),
        );
    }
    for i in 2..=pages {
        let _ = write!(
            config,
            "\n[pages.page{i}]\ntemplate = \"about.html\"\nresources = [\"site.ftl\", \"about.ftl\"]\noutput = \"page{i}.html\"\n"
        );
    }
    std::fs::write(dir.path().join("fluentpress.toml"), config).unwrap();
    dir
}

/// Runs `fluentpress --root root ARGS…`; its wall time in seconds.
fn fluentpress(root: &Path, args: &[&str], browser: Option<&Path>) -> f64 {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_fluentpress"));
    cmd.arg("--quiet")
        .arg("--root")
        .arg(root)
        .args(args)
        .env("SOURCE_DATE_EPOCH", EPOCH);
    if let Some(browser) = browser {
        cmd.arg("--browser").arg(browser);
    }
    let start = Instant::now();
    let status = cmd.status().expect("fluentpress runs");
    let seconds = start.elapsed().as_secs_f64();
    assert!(status.success(), "fluentpress {args:?} failed: {status}");
    seconds
}

/// A part's jobs (from its manifest) and its weight: its outputs, a PDF counting ten.
fn work_of(part: &Path) -> (usize, u64) {
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(part.join("shard.json")).unwrap()).unwrap();
    let jobs = manifest["jobs"].as_array().map_or(0, Vec::len);
    let weight = manifest["files"]
        .as_object()
        .map(|files| {
            files
                .keys()
                .map(|name| match name.rsplit('.').next() {
                    Some("pdf") => 10,
                    Some("html") => 1,
                    _ => 0,
                })
                .sum()
        })
        .unwrap_or(0);
    (jobs, weight)
}

/// max/mean of `values`.
fn balance(values: &[f64]) -> f64 {
    let mean = values.iter().sum::<f64>() / values.len() as f64;
    values.iter().cloned().fold(0.0, f64::max) / mean
}

fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let pages: usize = std::env::var("BENCH_PAGES")
        .ok()
        .and_then(|p| p.parse().ok())
        .unwrap_or(if full { 1000 } else { 20 });
    let explicit = std::env::var_os("BENCH_BROWSER").map(PathBuf::from);
    let browser = PdfPrinter::find_browser(explicit.as_deref()).ok();
    let locales = 8 + REGIONAL.len();
    match &browser {
        Some(b) => println!(
            "{pages} pages × {locales} locales, a PDF of one page per locale, with {}",
            b.display()
        ),
        None => println!(
            "WARNING: NO BROWSER FOUND (chromium-headless-shell, chromium or BENCH_BROWSER): \
             PDFs ARE SKIPPED; {pages} pages × {locales} locales, web and print pages only"
        ),
    }
    let site = site(pages);
    let root = site.path();
    let build: Vec<&str> = match browser {
        Some(_) => vec!["build", "--pdf"],
        None => vec!["build"],
    };
    let with = |extra: &[&str]| -> Vec<String> {
        build
            .iter()
            .chain(extra)
            .map(|s| s.to_string())
            .collect::<Vec<_>>()
    };
    let run = |args: Vec<String>| {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        fluentpress(root, &args, browser.as_deref())
    };

    let cache_single = root.join("cache-single").to_string_lossy().into_owned();
    let cache_shards = root.join("cache-shards").to_string_lossy().into_owned();
    let single = run(with(&["--cache", &cache_single]));
    println!("1 process:  {single:.2} s");
    let again = run(with(&["--cache", &cache_single]));

    let mut times = Vec::new();
    let mut weights = Vec::new();
    let mut parts = Vec::new();
    for i in 1..=SHARDS {
        let shard = format!("{i}/{SHARDS}");
        let part = root.join(format!("parts/{i}"));
        let part_arg = part.to_string_lossy().into_owned();
        let seconds = run(with(&[
            "--shard",
            &shard,
            "--part",
            &part_arg,
            "--cache",
            &cache_shards,
        ]));
        let (jobs, weight) = work_of(&part);
        println!("shard {shard}: {jobs:>6} jobs, weight {weight:>6}, {seconds:.2} s");
        times.push(seconds);
        weights.push(weight as f64);
        parts.push(part_arg);
    }
    let mut merge_args = vec!["merge"];
    merge_args.extend(parts.iter().map(String::as_str));
    let merge = fluentpress(root, &merge_args, None);
    let total: f64 = times.iter().sum();
    let slowest = times.iter().cloned().fold(0.0, f64::max);
    println!(
        "balance (max/mean): weight {:.3}, wall time {:.3}",
        balance(&weights),
        balance(&times)
    );
    println!(
        "{SHARDS} shards: total {total:.2} s = {:.2}× the single build; slowest shard {slowest:.2} s = {:.2}×; merge {merge:.2} s",
        total / single,
        slowest / single
    );

    let cached = run(with(&["--cache", &cache_single]));
    println!(
        "second build, unchanged cache: {cached:.2} s = {:.1} % of the first (after merge wrote out/); \
         {again:.2} s = {:.1} % right after the first",
        cached / single * 100.0,
        again / single * 100.0
    );
    serve_rebuild();
}

/// The median of `values`.
fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// `serve`'s rebuild of the default site after one French message changed, in ms.
fn serve_rebuild() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    copy_dir(&repo.join("locales"), &root.join("locales"));
    copy_dir(&repo.join("templates"), &root.join("templates"));
    std::fs::copy(repo.join("fluentpress.toml"), root.join("fluentpress.toml")).unwrap();
    let about = root.join("locales/fr/about.ftl");
    let text = std::fs::read_to_string(&about).unwrap();
    let edit = |i: usize| {
        let changed = text.replacen(
            "\nmission-heading = ",
            &format!("\nmission-heading = ({i}) "),
            1,
        );
        assert_ne!(
            changed,
            text,
            "the message to edit is in {}",
            about.display()
        );
        std::fs::write(&about, changed).unwrap();
    };
    let cached = BuildOptions::default();
    preview_build(root, &cached).unwrap();
    let mut times = Vec::new();
    let mut rendered = 0;
    for i in 0..9 {
        edit(i);
        let start = Instant::now();
        let report = preview_build(root, &cached).unwrap();
        times.push(start.elapsed().as_secs_f64() * 1000.0);
        rendered = report.cache.rendered.len();
    }
    let mut uncached = Vec::new();
    for i in 0..9 {
        edit(100 + i);
        let empty = tempfile::tempdir().unwrap();
        let options = BuildOptions {
            cache: Some(empty.path().to_path_buf()),
            ..BuildOptions::default()
        };
        let start = Instant::now();
        preview_build(root, &options).unwrap();
        uncached.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    println!(
        "serve, default site, one French message edited: rebuild {:.1} ms (median of 9; \
         {rendered} page files rendered), {:.1} ms with an empty cache",
        median(times),
        median(uncached)
    );
}
