//! `cargo bench --bench pdf`: PDFs of the default site, and of a synthetic
//! 50-page × 10-locale site, through one browser per run; baseline in the
//! same run: one `chromium --print-to-pdf` process per page, as a shell
//! script would do it.

use fluentpress::build::{build, BuildOptions};
use fluentpress::config::Config;
use fluentpress::pdf::PdfPrinter;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

fn copy_dir(from: &Path, to: &Path) {
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

/// The default site, plus `pages - 1` more pages and two more locales (fr-CA, es-MX).
fn site(pages: usize, extra_locales: bool) -> tempfile::TempDir {
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

fn run(label: &str, pages: usize, extra_locales: bool) -> Option<f64> {
    let site = site(pages, extra_locales);
    let config = Config::load(site.path()).unwrap();
    let options = BuildOptions {
        pdf: true,
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
        "{label}: {} PDFs in {:.2} s (whole build); browser start {} ms once; printing {} ms = {per_page:.1} ms per page",
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
    let html = site.path().join("out/en/print.html");
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

fn main() {
    let Ok(browser) = PdfPrinter::find_browser(None) else {
        println!("SKIPPED: no Chromium on PATH (apt-get install chromium)");
        return;
    };
    run("default site (8 locales + bilingual)", 1, false);
    let Some(per_page) = run("synthetic 50 pages × 10 locales", 50, true) else {
        return;
    };
    let naive = baseline(&browser, 10);
    println!(
        "baseline: one chromium process per page: {naive:.0} ms per page; fluentpress is {:.1}× faster per page",
        naive / per_page
    );
}
