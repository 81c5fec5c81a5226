//! `cargo bench --bench review`: `review` of the default site (8 locales, two widths) and
//! of a generated site (`BENCH_PAGES` pages × 10 locales, 6 by default), each against a
//! baseline measured in the same run: `build` of the same site, which renders every page
//! × locale without a browser. Prints the total, the cost of a page × locale and of a
//! screenshot, and the stages (`FLUENTPRESS_TIMINGS` shows the same for one run).
//! Skips, saying so, when no browser is installed; `BENCH_BROWSER=…` picks one.

mod common;
use common::site;
use fluentpress::project::config::Config;
use fluentpress::review::{review, ReviewOptions};
use fluentpress::site::build::{build, BuildOptions};
use fluentpress::site::pdf::PdfPrinter;
use std::path::{Path, PathBuf};
use std::time::Instant;

fn run(label: &str, browser: &Path, pages: usize, extra_locales: bool) {
    let site = site(pages, extra_locales);
    let config = Config::load(site.path()).unwrap();
    let start = Instant::now();
    build(&config, &BuildOptions::default()).unwrap();
    let build_ms = start.elapsed().as_secs_f64() * 1000.0;

    let options = ReviewOptions {
        out: Some(PathBuf::from("review")),
        browser: Some(browser.to_path_buf()),
        ..ReviewOptions::default()
    };
    let start = Instant::now();
    let report = review(&config, &options).unwrap();
    let total_ms = start.elapsed().as_secs_f64() * 1000.0;
    let page_locales = report.pages.len().max(1) as f64;
    let shots = report.screenshots.max(1) as f64;
    let t = &report.timings;
    println!(
        "{label}: review {:.2} s = {:.1}× build ({:.0} ms); {} page(s) × locale(s) at {} widths, {} screenshots",
        total_ms / 1000.0,
        total_ms / build_ms,
        build_ms,
        report.pages.len(),
        options.widths.len(),
        report.screenshots,
    );
    println!(
        "  per page × locale {:.0} ms (build: {:.1} ms), per screenshot {:.1} ms (the whole review over its screenshots)",
        total_ms / page_locales,
        build_ms / page_locales,
        total_ms / shots,
    );
    println!(
        "  stages: build {} ms, browser start {} ms, measuring and screenshots {} ms, writing {} ms",
        t.build_ms, t.browser_start_ms, t.measure_ms, t.write_ms
    );
    let tabs = &t.tabs;
    println!(
        "  tab time (summed over tabs): load {} ms, layout {} ms, capture {} ms, crop+encode {} ms, files {} ms, print {} ms",
        tabs.load_ms, tabs.layout_ms, tabs.capture_ms, tabs.crop_ms, tabs.files_ms, tabs.print_ms
    );
}

fn main() {
    let explicit = std::env::var_os("BENCH_BROWSER").map(PathBuf::from);
    let Ok(browser) = PdfPrinter::find_browser(explicit.as_deref()) else {
        println!(
            "SKIPPED: no Chromium on PATH, so no review to time (apt-get install chromium-headless-shell)"
        );
        return;
    };
    run("default site (8 locales)", &browser, 1, false);
    let pages = std::env::var("BENCH_PAGES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(6);
    run(
        &format!("generated site ({pages} pages × 10 locales)"),
        &browser,
        pages,
        true,
    );
}
