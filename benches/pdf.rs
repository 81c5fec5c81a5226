//! `cargo bench --bench pdf`: PDFs of the default site, and of a synthetic
//! 50-page × 10-locale site, through one browser per run; baselines in the
//! same run: one `--print-to-pdf` process per page, as a shell script would do
//! it, and (when installed beside the headless shell) the full `chromium`.
//!
//! `cargo bench --bench pdf -- tabs`: how printing scales with the number of
//! tabs, and what a page costs per script. `BENCH_BROWSER=…` picks the browser.

mod common;
use common::site;
use fluentpress::project::config::Config;
use fluentpress::site::build::{build, BuildOptions};
use fluentpress::site::pdf::{PdfPrinter, PrintJob};
use std::path::Path;
use std::process::Command;
use std::time::Instant;

fn run(label: &str, browser: &Path, pages: usize, extra_locales: bool) -> Option<f64> {
    let site = site(pages, extra_locales);
    let config = Config::load(site.path()).unwrap();
    let options = BuildOptions {
        pdf: true,
        browser: Some(browser.to_path_buf()),
        ..BuildOptions::default()
    };
    let start = Instant::now();
    let report = build(&config, &options).unwrap();
    let total = start.elapsed();
    let pdf = report.pdf;
    if let Some(reason) = pdf.skipped {
        println!("{label}: SKIPPED: {reason}");
        return None;
    }
    let per_page = pdf.print_ms as f64 / pdf.printed.max(1) as f64;
    println!(
        "{label} with {}: {} PDFs in {:.2} s (whole build); browser start {} ms once; printing {} ms = {per_page:.1} ms per page",
        browser.display(),
        pdf.printed,
        total.as_secs_f64(),
        pdf.browser_start_ms,
        pdf.print_ms
    );
    Some(per_page)
}

/// One browser process per page: what `chromium --print-to-pdf` in a loop costs.
fn baseline(browser: &Path, pages: usize) -> f64 {
    let site = site(1, false);
    let config = Config::load(site.path()).unwrap();
    build(&config, &BuildOptions::default()).unwrap();
    let html = site.path().join("out/en/about.print.html");
    let start = Instant::now();
    for i in 0..pages {
        let profile = tempfile::tempdir().unwrap();
        let status = Command::new(browser)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-pdf-header-footer",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg(format!(
                "--print-to-pdf={}",
                site.path().join(format!("{i}.pdf")).display()
            ))
            .arg(format!("file://{}", html.display()))
            .output()
            .unwrap();
        assert!(status.status.success());
    }
    start.elapsed().as_millis() as f64 / pages as f64
}

/// The same 500 print pages through one already-running browser with 1, 2, 4 and 8
/// tabs: how printing scales with concurrency on this machine.
fn tabs(browser: &Path) {
    let site = site(50, true);
    let config = Config::load(site.path()).unwrap();
    build(&config, &BuildOptions::default()).unwrap();
    let mut jobs = Vec::new();
    for locale in std::fs::read_dir(site.path().join("out"))
        .unwrap()
        .flatten()
    {
        for file in std::fs::read_dir(locale.path())
            .into_iter()
            .flatten()
            .flatten()
        {
            let html = file.path();
            if html.to_string_lossy().ends_with(".print.html") {
                jobs.push(PrintJob {
                    pdf: html.with_extension("pdf"),
                    html,
                });
            }
        }
    }
    for tabs in [1, 2, 4, 8] {
        let printer = PdfPrinter::launch_with_tabs(browser, tabs).unwrap();
        // One warm-up page per tab, so every tab has loaded the fonts once.
        printer.print_all(&jobs[..tabs]);
        let start = Instant::now();
        let results = printer.print_all(&jobs);
        let ms = start.elapsed().as_millis() as f64;
        assert!(results.iter().all(Result::is_ok));
        println!(
            "{tabs} tab(s): {} pages, {:.1} ms per page",
            jobs.len(),
            ms / jobs.len() as f64
        );
    }
    // Per script, two tabs: which locales cost the most.
    let printer = PdfPrinter::launch_with_tabs(browser, 2).unwrap();
    for locale in ["en", "ru", "ar", "hi", "zh-Hans"] {
        let mine: Vec<PrintJob> = jobs
            .iter()
            .filter(|job| job.html.parent().unwrap().ends_with(locale))
            .cloned()
            .collect();
        printer.print_all(&mine[..2]);
        let start = Instant::now();
        printer.print_all(&mine);
        let ms = start.elapsed().as_millis() as f64;
        println!("{locale}: {:.1} ms per page", ms / mine.len() as f64);
    }
}

fn main() {
    let explicit = std::env::var_os("BENCH_BROWSER").map(std::path::PathBuf::from);
    let Ok(browser) = PdfPrinter::find_browser(explicit.as_deref()) else {
        println!("SKIPPED: no Chromium on PATH (apt-get install chromium-headless-shell)");
        return;
    };
    if std::env::args().any(|a| a == "tabs") {
        tabs(&browser);
        return;
    }
    run("default site (8 locales + bilingual)", &browser, 1, false);
    let synthetic = "synthetic 50 pages × 10 locales";
    let Some(per_page) = run(synthetic, &browser, 50, true) else {
        return;
    };
    if let Ok(full) = PdfPrinter::find_browser(Some(Path::new("chromium"))) {
        if explicit.is_none() && full != browser {
            if let Some(full_per_page) = run(synthetic, &full, 50, true) {
                println!(
                    "the full browser takes {:.2}× the headless shell's time per page",
                    full_per_page / per_page
                );
            }
        }
    }
    let naive = baseline(&browser, 10);
    println!(
        "baseline: one browser process per page: {naive:.0} ms per page; fluentpress is {:.1}× faster per page",
        naive / per_page
    );
}
