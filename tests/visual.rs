//! Visual regression: every web page × locale of the default site (and the chooser) at a
//! phone and a desktop width, full height, and every page of every PDF, compared with the
//! references in `tests/visual/`, so a stylesheet change that breaks one script shows.
//!
//! `FLUENTPRESS_VISUAL_UPDATE=1 cargo test --release --test visual` rewrites the
//! references (and `versions.txt`, the browser and poppler they were taken with). A failed
//! comparison writes, per screenshot, the reference, what the build shows now and a diff
//! (changed pixels in red) into `target/visual-diff/`.
//!
//! References are kept small: web pages in grey at half their CSS pixels, PDF pages in
//! grey at 40 dpi. That is still enough to see a line break, a column or a script move.

mod common;
use chromiumoxide::cdp::browser_protocol::emulation::SetDeviceMetricsOverrideParams;
use chromiumoxide::cdp::browser_protocol::page::CaptureScreenshotFormat;
use chromiumoxide::cdp::js_protocol::runtime::EvaluateParams;
use chromiumoxide::page::ScreenshotParams;
use common::*;
use fluentpress::site::pdf::PdfPrinter;
use futures::StreamExt;
use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

const UPDATE: &str = "FLUENTPRESS_VISUAL_UPDATE";
const RERUN: &str = "FLUENTPRESS_VISUAL_UPDATE=1 cargo test --release --test visual";
const VERSIONS: &str = "versions.txt";
/// Phone and desktop, in CSS pixels.
const WIDTHS: [u32; 2] = [375, 1280];
const PDF_DPI: &str = "40";
/// The same date in every build, so nothing dated differs between two runs.
const EPOCH: &str = "1700000000";
/// A pixel differs when its grey level moves by more than this (of 255): less is
/// anti-aliasing and hinting, more is ink where there was none or the other way round.
const PIXEL_THRESHOLD: u8 = 64;

/// How far a screenshot may stray from its reference and still pass.
#[derive(Debug, Clone, Copy)]
struct Tolerance {
    /// Share of pixels that may differ by more than [`PIXEL_THRESHOLD`].
    pixels: f64,
    /// Share by which the page's height may change.
    height: f64,
}

/// With the browser the references were taken with, rendering is deterministic: only a
/// real change moves pixels.
const SAME_BROWSER: Tolerance = Tolerance {
    pixels: 0.002,
    height: 0.0,
};

/// Another browser version anti-aliases and hints differently, and may round a line
/// height the other way; a script set in the wrong direction or font still moves far more.
const OTHER_BROWSER: Tolerance = Tolerance {
    pixels: 0.04,
    height: 0.02,
};

/// A greyscale picture: one screenshot or one PDF page, as stored in `tests/visual/`.
struct Shot {
    name: String,
    width: u32,
    height: u32,
    grey: Vec<u8>,
}

/// A screenshot that does not match its reference, and why.
#[derive(Debug)]
struct Mismatch {
    name: String,
    reason: String,
}

#[test]
fn every_page_and_leaflet_looks_like_its_reference() {
    let Some(browser) = judge::browser(None) else {
        return;
    };
    if !judge::poppler() {
        return;
    }
    let site = default_site();
    build(site.path(), true);
    let out = site.path().join("out");
    let printer = PdfPrinter::launch(&browser).expect("the browser starts");
    let mut shots = capture_web_pages(&printer, &out);
    shots.extend(capture_pdf_pages(&out));
    let now = versions(&printer, &browser);
    drop(printer);

    let refs = repo_root().join("tests/visual");
    if std::env::var(UPDATE).is_ok_and(|v| !v.is_empty() && v != "0") {
        write_references(&shots, &refs, &now);
        say(&format!(
            "wrote {} visual references to {} ({})",
            shots.len(),
            refs.display(),
            now.trim().replace('\n', ", ")
        ));
        return;
    }
    let recorded = std::fs::read_to_string(refs.join(VERSIONS)).unwrap_or_default();
    let tolerance = if recorded == now {
        SAME_BROWSER
    } else {
        say(&format!(
            "the references in tests/visual/ were taken with\n{}\nbut this machine has\n{}\n\
             so screenshots are compared with a wider tolerance ({:.1} % of pixels, {:.0} % of \
             the height instead of {:.1} % and exact); `{RERUN}` takes new ones",
            indent(&recorded),
            indent(&now),
            OTHER_BROWSER.pixels * 100.0,
            OTHER_BROWSER.height * 100.0,
            SAME_BROWSER.pixels * 100.0,
        ));
        OTHER_BROWSER
    };
    let diffs = repo_root().join("target/visual-diff");
    let _ = std::fs::remove_dir_all(&diffs);
    let mismatches = compare(&shots, &refs, tolerance, &diffs);
    assert!(
        mismatches.is_empty(),
        "{} of {} screenshots differ from tests/visual/ (reference, actual and diff images in {}):\n{}\n\
         If the change is intended, take new references: {RERUN}",
        mismatches.len(),
        shots.len(),
        diffs.display(),
        mismatches
            .iter()
            .map(|m| format!("  {}: {}", m.name, m.reason))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// The check itself: a build identical to the references passes, and a stylesheet that
/// sets Arabic left to right fails on exactly the Arabic pages, with diff images.
#[test]
fn the_check_passes_identical_pages_and_names_the_pages_a_stylesheet_breaks() {
    let Some(browser) = judge::browser(None) else {
        return;
    };
    let site = default_site();
    let out = site.path().join("out");
    let printer = PdfPrinter::launch(&browser).expect("the browser starts");
    build(site.path(), false);
    let refs = tempfile::tempdir().unwrap();
    write_references(&capture_web_pages(&printer, &out), refs.path(), "");

    build(site.path(), false);
    let diffs = tempfile::tempdir().unwrap();
    let again = compare(
        &capture_web_pages(&printer, &out),
        refs.path(),
        SAME_BROWSER,
        diffs.path(),
    );
    assert!(
        again.is_empty(),
        "a second identical build differs: {again:?}"
    );

    let css = site.path().join("templates/assets/site.css");
    std::fs::write(
        &css,
        read(&css) + "\nhtml[dir=\"rtl\"] { direction: ltr; }\n",
    )
    .unwrap();
    build(site.path(), false);
    let shots = capture_web_pages(&printer, &out);
    for tolerance in [SAME_BROWSER, OTHER_BROWSER] {
        let broken = compare(&shots, refs.path(), tolerance, diffs.path());
        let names: BTreeSet<_> = broken.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(
            names,
            BTreeSet::from(["web_ar_index_1280", "web_ar_index_375"]),
            "{tolerance:?}: {broken:?}"
        );
    }
    for name in ["web_ar_index_375", "web_ar_index_1280"] {
        for kind in ["reference", "actual", "diff"] {
            let image = diffs.path().join(format!("{name}.{kind}.png"));
            assert!(image.is_file(), "{} written", image.display());
        }
    }
    let diff = decode_png(&std::fs::read(diffs.path().join("web_ar_index_375.diff.png")).unwrap());
    assert!(diff.0 > 0 && diff.1 > 0);
}

fn build(root: &Path, pdf: bool) {
    let mut cmd = fluentpress(root);
    cmd.arg("build").env("SOURCE_DATE_EPOCH", EPOCH);
    if pdf {
        cmd.arg("--pdf");
    }
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Straight to the process's stderr, which the test harness does not capture.
fn say(text: &str) {
    let _ = writeln!(std::io::stderr(), "\n*** visual: {text} ***\n");
}

fn indent(text: &str) -> String {
    text.lines()
        .map(|l| format!("    {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The browser and the poppler the pictures come from, one per line.
fn versions(printer: &PdfPrinter, browser: &Path) -> String {
    let product = printer
        .block_on(printer.browser().version())
        .expect("the browser says its version")
        .product;
    let poppler = Command::new("pdftoppm").arg("-v").output().unwrap();
    let poppler = String::from_utf8_lossy(&poppler.stderr);
    let name = browser.file_name().unwrap_or_default().to_string_lossy();
    format!(
        "browser: {name} {product}\npoppler: {}\n",
        poppler.lines().next().unwrap_or_default().trim()
    )
}

/// Every file under `dir` whose name ends with `suffix`, sorted.
fn files_ending(dir: &Path, suffix: &str) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(at) = stack.pop() {
        for entry in std::fs::read_dir(&at).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.to_string_lossy().ends_with(suffix) {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// `out/ar/about.en.pdf` → `ar_about.en`: a flat, readable file name.
fn flat_name(out: &Path, file: &Path) -> String {
    let relative = file.strip_prefix(out).unwrap().with_extension("");
    relative.to_string_lossy().replace(['/', '\\'], "_")
}

/// The chooser and every web page (print pages are seen as their PDFs).
fn capture_web_pages(printer: &PdfPrinter, out: &Path) -> Vec<Shot> {
    let pages: Vec<_> = files_ending(out, ".html")
        .into_iter()
        .filter(|p| !p.to_string_lossy().contains(".print."))
        .map(|p| (format!("web_{}", flat_name(out, &p)), p))
        .collect();
    assert!(pages.len() > 1, "no web pages in {}", out.display());
    printer.block_on(async {
        futures::stream::iter(pages.iter().map(|(name, html)| shoot(printer, name, html)))
            .buffered(2)
            .collect::<Vec<_>>()
            .await
            .into_iter()
            .flatten()
            .collect()
    })
}

/// Added before the first screenshot: nothing moves or blinks between two runs.
const STEADY: &str = r#"(async () => {
  const style = document.createElement('style');
  style.textContent = '*, *::before, *::after { animation: none !important; transition: none !important; caret-color: transparent !important; scroll-behavior: auto !important; }';
  document.head.appendChild(style);
  if (document.activeElement) document.activeElement.blur();
  void document.documentElement.offsetHeight;
  await document.fonts.ready;
  return true;
})()"#;

/// The page's full height at the current width, once its fonts are in.
const HEIGHT: &str = r#"(async () => {
  void document.documentElement.offsetHeight;
  await document.fonts.ready;
  return Math.ceil(Math.max(document.documentElement.scrollHeight, document.body ? document.body.scrollHeight : 0));
})()"#;

async fn evaluate<T: serde::de::DeserializeOwned>(
    tab: &chromiumoxide::Page,
    html: &Path,
    script: &str,
) -> T {
    let params = EvaluateParams::builder()
        .expression(script)
        .await_promise(true)
        .return_by_value(true)
        .build()
        .unwrap();
    tab.evaluate_expression(params)
        .await
        .unwrap_or_else(|e| panic!("{}: {e}", html.display()))
        .into_value()
        .unwrap_or_else(|e| panic!("{}: {e}", html.display()))
}

/// One page at every width, each screenshot the page's whole height.
async fn shoot(printer: &PdfPrinter, name: &str, html: &Path) -> Vec<Shot> {
    let failed = |e: chromiumoxide::error::CdpError| -> ! { panic!("{}: {e}", html.display()) };
    let url = format!("file://{}", html.canonicalize().unwrap().display());
    let tab = printer
        .browser()
        .new_page("about:blank")
        .await
        .unwrap_or_else(|e| failed(e));
    tab.goto(url).await.unwrap_or_else(|e| failed(e));
    let _: bool = evaluate(&tab, html, STEADY).await;
    let mut shots = Vec::new();
    for width in WIDTHS {
        let viewport =
            |height: i64| SetDeviceMetricsOverrideParams::new(i64::from(width), height, 1.0, false);
        tab.execute(viewport(800))
            .await
            .unwrap_or_else(|e| failed(e));
        let height: f64 = evaluate(&tab, html, HEIGHT).await;
        let height = height.max(1.0);
        // The viewport as tall as the page, so nothing fixed or sticky repeats down it.
        tab.execute(viewport(height as i64))
            .await
            .unwrap_or_else(|e| failed(e));
        // The viewport itself, scrolled to the origin: with a clip and
        // `captureBeyondViewport`, the Arabic phone page came out shifted sideways in one
        // run of three.
        let _: bool = evaluate(&tab, html, "(() => { scrollTo(0, 0); return true; })()").await;
        let params = ScreenshotParams::builder()
            .format(CaptureScreenshotFormat::Png)
            .build();
        let png = tab.screenshot(params).await.unwrap_or_else(|e| failed(e));
        let (w, h, grey) = decode_png(&png);
        let (width_half, height_half, grey) = halve(w, h, &grey);
        shots.push(Shot {
            name: format!("{name}_{width}"),
            width: width_half,
            height: height_half,
            grey,
        });
    }
    let _ = tab.close().await;
    shots
}

/// Every page of every PDF under `out`, in grey at [`PDF_DPI`].
fn capture_pdf_pages(out: &Path) -> Vec<Shot> {
    let scratch = tempfile::tempdir().unwrap();
    let mut shots = Vec::new();
    for pdf in files_ending(out, ".pdf") {
        let name = flat_name(out, &pdf);
        let status = Command::new("pdftoppm")
            .args(["-gray", "-r", PDF_DPI])
            .arg(&pdf)
            .arg(scratch.path().join(&name))
            .status()
            .expect("pdftoppm runs");
        assert!(status.success(), "pdftoppm {}", pdf.display());
        let mut pages: Vec<(u32, PathBuf)> = files_ending(scratch.path(), ".pgm")
            .into_iter()
            .filter_map(|pgm| {
                let stem = pgm.file_stem()?.to_string_lossy().into_owned();
                let (base, number) = stem.rsplit_once('-')?;
                if base != name {
                    return None;
                }
                Some((number.parse().ok()?, pgm))
            })
            .collect();
        pages.sort();
        assert!(
            !pages.is_empty(),
            "no pages rendered from {}",
            pdf.display()
        );
        for (number, pgm) in pages {
            let (width, height, grey) = parse_pgm(&std::fs::read(&pgm).unwrap());
            std::fs::remove_file(&pgm).unwrap();
            shots.push(Shot {
                name: format!("pdf_{name}_p{number}"),
                width,
                height,
                grey,
            });
        }
    }
    shots
}

/// Replaces the references with `shots` (and drops those of pages that are gone).
fn write_references(shots: &[Shot], refs: &Path, versions: &str) {
    std::fs::create_dir_all(refs).unwrap();
    let current: BTreeSet<_> = shots.iter().map(|s| format!("{}.png", s.name)).collect();
    for old in files_ending(refs, ".png") {
        let name = old.file_name().unwrap().to_string_lossy().into_owned();
        if !current.contains(&name) {
            std::fs::remove_file(&old).unwrap();
        }
    }
    for shot in shots {
        let png = encode_png(
            shot.width,
            shot.height,
            png::ColorType::Grayscale,
            &shot.grey,
        );
        std::fs::write(refs.join(format!("{}.png", shot.name)), png).unwrap();
    }
    if !versions.is_empty() {
        std::fs::write(refs.join(VERSIONS), versions).unwrap();
    }
}

/// Every shot that strays from its reference beyond `tolerance`, and every reference no
/// shot was taken for; for each, the pictures to look at go into `diffs`.
fn compare(shots: &[Shot], refs: &Path, tolerance: Tolerance, diffs: &Path) -> Vec<Mismatch> {
    let mut mismatches = Vec::new();
    let taken: BTreeSet<_> = shots.iter().map(|s| format!("{}.png", s.name)).collect();
    for old in files_ending(refs, ".png") {
        let name = old.file_name().unwrap().to_string_lossy().into_owned();
        if !taken.contains(&name) {
            mismatches.push(Mismatch {
                name: name.trim_end_matches(".png").to_string(),
                reason: "has a reference but the build no longer makes this page".into(),
            });
        }
    }
    for shot in shots {
        let path = refs.join(format!("{}.png", shot.name));
        let Ok(bytes) = std::fs::read(&path) else {
            mismatches.push(Mismatch {
                name: shot.name.clone(),
                reason: format!("no reference {} (a new page?)", path.display()),
            });
            write_png(diffs, &shot.name, "actual", shot);
            continue;
        };
        let (width, height, grey) = decode_png(&bytes);
        let reference = Shot {
            name: shot.name.clone(),
            width,
            height,
            grey,
        };
        let Some(reason) = difference(&reference, shot, tolerance, diffs) else {
            continue;
        };
        mismatches.push(Mismatch {
            name: shot.name.clone(),
            reason,
        });
    }
    mismatches
}

/// Why `actual` fails against `reference`, if it does, with the pictures written.
fn difference(
    reference: &Shot,
    actual: &Shot,
    tolerance: Tolerance,
    diffs: &Path,
) -> Option<String> {
    let width = reference.width.max(actual.width) as usize;
    let height = reference.height.max(actual.height) as usize;
    let at = |shot: &Shot, x: usize, y: usize| {
        (x < shot.width as usize && y < shot.height as usize)
            .then(|| shot.grey[y * shot.width as usize + x])
    };
    let mut differing = 0usize;
    let mut picture = Vec::with_capacity(width * height * 3);
    for y in 0..height {
        for x in 0..width {
            let (a, b) = (at(reference, x, y), at(actual, x, y));
            let differs = match (a, b) {
                (Some(a), Some(b)) => a.abs_diff(b) > PIXEL_THRESHOLD,
                _ => true,
            };
            if differs {
                differing += 1;
                picture.extend_from_slice(&[230, 0, 0]);
            } else {
                // The page faded, so the red stands out and the text still locates it.
                let faded = 160 + b.unwrap_or(255) / 3;
                picture.extend_from_slice(&[faded, faded, faded]);
            }
        }
    }
    let share = differing as f64 / (width * height).max(1) as f64;
    let height_change = (f64::from(actual.height) - f64::from(reference.height)).abs()
        / f64::from(reference.height.max(1));
    let reason = if reference.width != actual.width || height_change > tolerance.height {
        format!(
            "page size {}×{} px, the reference {}×{} px ({:.1} % of pixels differ)",
            actual.width,
            actual.height,
            reference.width,
            reference.height,
            share * 100.0
        )
    } else if share > tolerance.pixels {
        format!(
            "{:.2} % of pixels differ (tolerance {:.2} %)",
            share * 100.0,
            tolerance.pixels * 100.0
        )
    } else {
        return None;
    };
    write_png(diffs, &actual.name, "reference", reference);
    write_png(diffs, &actual.name, "actual", actual);
    std::fs::create_dir_all(diffs).unwrap();
    let diff = encode_png(width as u32, height as u32, png::ColorType::Rgb, &picture);
    std::fs::write(diffs.join(format!("{}.diff.png", actual.name)), diff).unwrap();
    Some(reason)
}

fn write_png(dir: &Path, name: &str, kind: &str, shot: &Shot) {
    std::fs::create_dir_all(dir).unwrap();
    let png = encode_png(
        shot.width,
        shot.height,
        png::ColorType::Grayscale,
        &shot.grey,
    );
    std::fs::write(dir.join(format!("{name}.{kind}.png")), png).unwrap();
}

/// Width, height and grey levels of a PNG of any colour type.
fn decode_png(bytes: &[u8]) -> (u32, u32, Vec<u8>) {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info().expect("a PNG");
    let mut buffer = vec![0; reader.output_buffer_size().expect("a PNG of sane size")];
    let frame = reader.next_frame(&mut buffer).expect("a PNG frame");
    let channels = frame.color_type.samples();
    let grey = buffer[..frame.buffer_size()]
        .chunks_exact(channels)
        .map(|px| match channels {
            1 | 2 => px[0],
            // ITU-R BT.601 luma, in integers.
            _ => {
                ((u32::from(px[0]) * 299 + u32::from(px[1]) * 587 + u32::from(px[2]) * 114) / 1000)
                    as u8
            }
        })
        .collect();
    (frame.width, frame.height, grey)
}

fn encode_png(width: u32, height: u32, color: png::ColorType, data: &[u8]) -> Vec<u8> {
    let mut bytes = Vec::new();
    let mut encoder = png::Encoder::new(&mut bytes, width, height);
    encoder.set_color(color);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::High);
    let mut writer = encoder.write_header().unwrap();
    writer.write_image_data(data).unwrap();
    writer.finish().unwrap();
    bytes
}

/// Half the width and height, each pixel the mean of the two-by-two block it covers.
fn halve(width: u32, height: u32, grey: &[u8]) -> (u32, u32, Vec<u8>) {
    let (w, h) = (width as usize, height as usize);
    let (half_w, half_h) = (w.div_ceil(2), h.div_ceil(2));
    let mut out = Vec::with_capacity(half_w * half_h);
    for y in 0..half_h {
        for x in 0..half_w {
            let mut sum = 0u32;
            let mut count = 0u32;
            for (dx, dy) in [(0, 0), (1, 0), (0, 1), (1, 1)] {
                let (sx, sy) = (2 * x + dx, 2 * y + dy);
                if sx < w && sy < h {
                    sum += u32::from(grey[sy * w + sx]);
                    count += 1;
                }
            }
            out.push((sum / count) as u8);
        }
    }
    (half_w as u32, half_h as u32, out)
}

/// Width, height and pixels of a binary PGM (P5, 8 bits) as pdftoppm writes it.
fn parse_pgm(bytes: &[u8]) -> (u32, u32, Vec<u8>) {
    let mut fields = Vec::new();
    let mut at = 0;
    while fields.len() < 4 {
        while bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        let start = at;
        while !bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        fields.push(String::from_utf8_lossy(&bytes[start..at]).into_owned());
    }
    assert_eq!(fields[0], "P5", "a binary greymap");
    let width: u32 = fields[1].parse().unwrap();
    let height: u32 = fields[2].parse().unwrap();
    let pixels = bytes[at + 1..].to_vec();
    assert_eq!(pixels.len(), (width * height) as usize, "8-bit greymap");
    (width, height, pixels)
}
