//! PDF output: prints already-rendered `.print.html` files with one headless Chromium.
//!
//! Chromium is the engine at hand that does CSS paged media (`@page` size, margins and
//! margin boxes such as `@bottom-center { content: counter(page) }`) and complex scripts
//! (Arabic joining, Devanagari conjuncts, CJK) well enough for print, so we drive it over
//! the DevTools protocol (chromiumoxide) instead of laying out PDFs ourselves.
//!
//! Cost model (2-core VM, Chromium 156, `cargo bench --bench pdf`): Chromium's headless
//! shell starts in ~0.2 s and prints a leaflet page in ~35 ms with the tabs busy; the full
//! browser in headless mode needs ~0.7 s and ~80 ms, because it starts a PrintCompositor
//! helper process for every PDF. So we look for the headless shell first, start it once
//! per run and keep a pool of tabs busy on every core; one tab alone leaves the cores idle
//! while it waits on Chromium's pipeline.
//!
//! The rest of fluentpress is synchronous, so the printer owns a private tokio runtime and
//! offers a blocking API. Call it from plain threads, not from inside another tokio runtime.

use std::future::Future;
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock, PoisonError};
use std::time::Duration;

use chromiumoxide::cdp::browser_protocol::emulation::SetDeviceMetricsOverrideParams;
use chromiumoxide::cdp::browser_protocol::page::PrintToPdfParams;
use chromiumoxide::cdp::js_protocol::runtime::EvaluateParams;
use chromiumoxide::detection::{default_executable, DetectionOptions};
use chromiumoxide::page::MediaTypeParams;
use chromiumoxide::{Browser, BrowserConfig, Page};
use futures::StreamExt;

/// Executable names tried on `PATH`, fastest printer first: the headless shell (Debian's
/// `chromium-headless-shell`, Chrome for Testing's `chrome-headless-shell`) is the same
/// Blink and Skia without the desktop browser around them, and prints twice as fast.
const BROWSER_NAMES: [&str; 7] = [
    "chromium-headless-shell",
    "chrome-headless-shell",
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "chrome",
];

/// Flags (chromiumoxide adds the `--`) on top of its defaults, which already bring
/// `--headless`, `--disable-background-networking`, `--disable-sync`, `--no-first-run` and
/// `--disable-extensions`. On a closed network the background services otherwise stall
/// start-up with refused connections; a GPU is never needed to print.
const EXTRA_FLAGS: [&str; 4] = [
    "disable-gpu",
    "disable-quic",
    "disable-component-update",
    "disable-domain-reliability",
];

/// How long Chromium may take to start and say where its DevTools socket is.
const LAUNCH_TIMEOUT: Duration = Duration::from_secs(30);

/// Upper bound for one DevTools call, including loading a page and printing a long one.
const PROTOCOL_TIMEOUT: Duration = Duration::from_secs(60);

/// How long a loaded page may take to finish its web fonts. Local files need
/// milliseconds; this only catches a font load that hangs.
const FONTS_TIMEOUT: Duration = Duration::from_secs(20);

/// How long closing the browser may take before it is killed.
const CLOSE_TIMEOUT: Duration = Duration::from_secs(5);

/// Why printing failed, worded so the user knows what to do next.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error(
        "no Chromium, Chrome or Edge found (looked on PATH for {}, then in their usual \
         install folders); install one \
         (Debian/Ubuntu: `apt-get install chromium-headless-shell`, the fastest, or \
         `apt-get install chromium`; Fedora: `dnf install chromium`; \
         macOS: `brew install --cask chromium`) or give its path with --browser \
         or `browser = \"…\"` in fluentpress.toml",
        BROWSER_NAMES.join(", ")
    )]
    BrowserNotFound,
    #[error(
        "browser `{}` does not exist or is not an executable file; \
         fix --browser or `browser` in fluentpress.toml",
        .0.display()
    )]
    BrowserNotExecutable(PathBuf),
    #[error(
        "could not start the browser `{}`: {reason}; check that `{} --headless --version` \
         works, or point --browser at another Chromium/Chrome",
        path.display(), path.display()
    )]
    Launch { path: PathBuf, reason: String },
    #[error("the browser could not open a tab: {0}; it may have crashed or run out of memory, run the build again")]
    Tab(String),
    #[error("{}: cannot print a page that does not exist: {source}", path.display())]
    MissingHtml {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}: the browser could not load the page: {reason}", path.display())]
    Load { path: PathBuf, reason: String },
    #[error(
        "{}: the page's web fonts did not finish loading within {} s; \
         check the @font-face `src` URLs",
        path.display(), FONTS_TIMEOUT.as_secs()
    )]
    FontsTimeout { path: PathBuf },
    #[error("{}: the browser failed to print the page: {reason}", path.display())]
    Print { path: PathBuf, reason: String },
    #[error("{}: cannot write the PDF: {source}; check that the folder is writable and the disk not full", path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// Told `(printed, total)` after each page is printed (or failed), from any thread.
pub type Progress = dyn Fn(usize, usize) + Send + Sync;

/// One page to print: an HTML file already on disk (so relative CSS, images and fonts
/// resolve against its folder) and where its PDF goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrintJob {
    pub html: PathBuf,
    pub pdf: PathBuf,
}

/// One headless browser with a pool of tabs. Dropping it closes the browser and deletes
/// its temporary profile.
pub struct PdfPrinter {
    // Field order is drop order: tabs and browser go while the runtime still runs, the
    // profile folder only after the browser has exited.
    /// One tab per concurrent job, kept across `print_all` calls (opening one costs ~100 ms).
    tabs: Mutex<Vec<Page>>,
    browser: Browser,
    /// Pumps the DevTools connection; without it no call ever completes.
    handler: tokio::task::JoinHandle<()>,
    runtime: tokio::runtime::Runtime,
    _profile: tempfile::TempDir,
}

impl PdfPrinter {
    /// Finds the browser: `explicit` (from --browser or the config) if given, else the
    /// first of [`BROWSER_NAMES`] on `PATH`, else a browser in its usual install folder.
    /// A bare name such as `chromium` in `explicit` is looked up on `PATH` too.
    pub fn find_browser(explicit: Option<&Path>) -> Result<PathBuf, PdfError> {
        if let Some(path) = explicit {
            let found = if path.components().count() == 1 && !path.exists() {
                path.to_str().and_then(find_on_path)
            } else {
                is_executable(path).then(|| path.to_path_buf())
            };
            return found.ok_or_else(|| PdfError::BrowserNotExecutable(path.to_path_buf()));
        }
        BROWSER_NAMES
            .iter()
            .find_map(|name| find_on_path(name))
            // Then where installers put browsers that are not on PATH: Chrome, Chromium
            // and Edge in /Applications on macOS, Edge in Program Files on Windows
            // (chromiumoxide keeps that list and honours $CHROME; its Linux entries are
            // folders, so only an executable file counts).
            .or_else(|| {
                default_executable(DetectionOptions::default())
                    .ok()
                    .filter(|path| is_executable(path))
            })
            .ok_or(PdfError::BrowserNotFound)
    }

    /// Starts the browser with two tabs per core (at most 8): while one tab waits for
    /// Chromium's pipeline the other keeps the core busy; more only costs memory.
    pub fn launch(browser: &Path) -> Result<Self, PdfError> {
        let cores = std::thread::available_parallelism().map_or(2, NonZeroUsize::get);
        Self::launch_with_tabs(browser, (cores * 2).clamp(2, 8))
    }

    /// [`launch`](Self::launch) with an explicit number of tabs (at least one).
    pub fn launch_with_tabs(browser: &Path, tabs: usize) -> Result<Self, PdfError> {
        let failed = |reason: String| PdfError::Launch {
            path: browser.to_path_buf(),
            reason,
        };
        // One worker thread keeps the connection pumped between and during our calls.
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .map_err(|e| failed(format!("cannot start the async runtime: {e}")))?;
        // A fresh profile per run: chromiumoxide's default folder is shared by every
        // process, so two builds at once would fight over its lock.
        let profile = tempfile::Builder::new()
            .prefix("fluentpress-chromium-")
            .tempdir()
            .map_err(|e| failed(format!("cannot create a temporary profile folder: {e}")))?;
        let mut config = BrowserConfig::builder()
            .chrome_executable(browser)
            .user_data_dir(profile.path())
            .args(EXTRA_FLAGS)
            .viewport(None)
            .respect_https_errors()
            .launch_timeout(LAUNCH_TIMEOUT)
            .request_timeout(PROTOCOL_TIMEOUT);
        if running_as_root() {
            // Chromium refuses to start sandboxed as root (containers, CI).
            config = config.no_sandbox();
        }
        let config = config.build().map_err(failed)?;
        let (chromium, mut events) = runtime
            .block_on(Browser::launch(config))
            .map_err(|e| failed(e.to_string()))?;
        let handler = runtime.spawn(async move {
            // Only a broken connection ends the stream with an error; unknown events
            // from a newer Chromium are skipped inside chromiumoxide.
            while let Some(event) = events.next().await {
                if event.is_err() {
                    break;
                }
            }
        });
        let printer = Self {
            tabs: Mutex::new(Vec::new()),
            browser: chromium,
            handler,
            runtime,
            _profile: profile,
        };
        // On error `printer` drops here, which closes the browser again.
        let opened = printer.block_on(futures::future::try_join_all(
            (0..tabs.max(1)).map(|_| open_tab(&printer.browser)),
        ))?;
        *printer.tabs.lock().unwrap_or_else(PoisonError::into_inner) = opened;
        Ok(printer)
    }

    /// Prints every job, as many at once as there are tabs. Each page keeps its own
    /// `@page` size and margins, prints backgrounds, and gets no browser header or footer
    /// (no date, title or file:// URL). Results are in job order, one per job, so one
    /// broken page does not cost the others.
    pub fn print_all(&self, jobs: &[PrintJob]) -> Vec<Result<(), PdfError>> {
        self.print_all_with(jobs, &|_, _| {})
    }

    /// [`print_all`](Self::print_all), telling `progress` after each job.
    pub fn print_all_with(
        &self,
        jobs: &[PrintJob],
        progress: &Progress,
    ) -> Vec<Result<(), PdfError>> {
        let results: Vec<OnceLock<Result<(), PdfError>>> =
            jobs.iter().map(|_| OnceLock::new()).collect();
        let next = AtomicUsize::new(0);
        let done = AtomicUsize::new(0);
        let (next, done, results_ref) = (&next, &done, &results);
        progress(0, jobs.len());
        let mut tabs = self.tabs.lock().unwrap_or_else(PoisonError::into_inner);
        let workers = tabs.iter_mut().take(jobs.len()).map(|tab| async move {
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(job) = jobs.get(i) else { break };
                let result = print_one(tab, job).await;
                if matches!(result, Err(PdfError::Load { .. } | PdfError::Print { .. })) {
                    // A crashed or wedged tab would fail every later job too: swap it for
                    // a fresh one (if even that fails, the next job reports why).
                    if let Ok(fresh) = open_tab(&self.browser).await {
                        // Best effort: the old tab may already be gone.
                        let _ = std::mem::replace(tab, fresh).close().await;
                    }
                }
                let _ = results_ref[i].set(result);
                progress(done.fetch_add(1, Ordering::Relaxed) + 1, jobs.len());
            }
        });
        self.block_on(futures::future::join_all(workers));
        results
            .into_iter()
            .map(|cell| {
                cell.into_inner()
                    .unwrap_or_else(|| Err(PdfError::Tab("no tab was left to print".into())))
            })
            .collect()
    }

    /// Loads `html` in a fresh tab with screen media and returns what `script` evaluates
    /// to there (a promise is awaited), once per viewport width in `widths` (CSS pixels),
    /// without reloading. This lets the accessibility test judge pages in the same browser,
    /// started the same way, as the PDFs are printed with.
    pub fn evaluate(
        &self,
        html: &Path,
        widths: &[u32],
        script: &str,
    ) -> Result<Vec<serde_json::Value>, PdfError> {
        let failed = |reason: String| PdfError::Load {
            path: html.to_path_buf(),
            reason,
        };
        let url = file_url(html)?;
        let params = EvaluateParams::builder()
            .expression(script)
            .await_promise(true)
            .return_by_value(true)
            .build()
            .map_err(failed)?;
        self.block_on(async {
            let tab = self
                .browser
                .new_page("about:blank")
                .await
                .map_err(|e| PdfError::Tab(e.to_string()))?;
            let result = async {
                // `goto` returns once the page has fired `load`, so the script sees it whole.
                tab.goto(url).await?;
                let mut values = Vec::with_capacity(widths.len());
                for &width in widths {
                    let viewport =
                        SetDeviceMetricsOverrideParams::new(i64::from(width), 800, 1.0, false);
                    tab.execute(viewport).await?;
                    values.push(
                        tab.evaluate_expression(params.clone())
                            .await?
                            .into_value()?,
                    );
                }
                Ok::<_, chromiumoxide::error::CdpError>(values)
            }
            .await;
            // Best effort: a tab left open only costs memory until the browser closes.
            let _ = tab.close().await;
            result.map_err(|e| failed(e.to_string()))
        })
    }

    /// Runs `future` on the printer's runtime, for stages (`review`) that drive tabs of
    /// their own in the same browser.
    pub fn block_on<F: Future>(&self, future: F) -> F::Output {
        self.runtime.block_on(future)
    }

    /// The running browser, to open tabs in.
    pub fn browser(&self) -> &Browser {
        &self.browser
    }
}

impl Drop for PdfPrinter {
    /// Closes Chromium politely (it flushes and reaps its helpers), kills it if that
    /// hangs, and waits for it so no zombie outlives the printer.
    fn drop(&mut self) {
        let browser = &mut self.browser;
        self.runtime.block_on(async {
            let closed = tokio::time::timeout(CLOSE_TIMEOUT, browser.close()).await;
            if !matches!(closed, Ok(Ok(_))) {
                let _ = browser.kill().await;
            }
            if tokio::time::timeout(CLOSE_TIMEOUT, browser.wait())
                .await
                .is_err()
            {
                let _ = browser.kill().await;
                let _ = browser.wait().await;
            }
        });
        self.handler.abort();
    }
}

/// Opens a tab that lays pages out with print media, so the fonts we wait for are the
/// ones `@media print` rules use, not the screen ones.
async fn open_tab(browser: &Browser) -> Result<Page, PdfError> {
    let tab_error = |e: chromiumoxide::error::CdpError| PdfError::Tab(e.to_string());
    let page = browser.new_page("about:blank").await.map_err(tab_error)?;
    page.emulate_media_type(MediaTypeParams::Print)
        .await
        .map_err(tab_error)?;
    Ok(page)
}

/// Loads one page, waits for its fonts, prints it and writes the PDF.
async fn print_one(tab: &Page, job: &PrintJob) -> Result<(), PdfError> {
    let path = || job.html.clone();
    let url = file_url(&job.html)?;
    // `goto` returns once the page has fired `load` (or failed to load).
    tab.goto(url).await.map_err(|e| PdfError::Load {
        path: path(),
        reason: e.to_string(),
    })?;
    wait_for_fonts(tab, &job.html).await?;
    let options = PrintToPdfParams {
        display_header_footer: Some(false),
        print_background: Some(true),
        prefer_css_page_size: Some(true),
        // A tagged PDF carries the page's structure and `lang`, so screen readers read
        // the leaflet in the right language and order; the outline (bookmarks) comes
        // from its headings.
        generate_tagged_pdf: Some(true),
        generate_document_outline: Some(true),
        ..PrintToPdfParams::default()
    };
    let pdf = tab.pdf(options).await.map_err(|e| PdfError::Print {
        path: path(),
        reason: e.to_string(),
    })?;
    let write_error = |source| PdfError::Write {
        path: job.pdf.clone(),
        source,
    };
    if let Some(dir) = job.pdf.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(write_error)?;
    }
    std::fs::write(&job.pdf, pdf).map_err(write_error)
}

/// Waits for `document.fonts.ready`, bounded by [`FONTS_TIMEOUT`].
///
/// `fonts.ready` alone is not enough: it resolves at once when no font load has started
/// yet, and loads only start once style and layout have run. So the script forces a
/// layout (`offsetHeight`) first, under the print media [`open_tab`] set.
pub(crate) async fn wait_for_fonts(tab: &Page, html: &Path) -> Result<(), PdfError> {
    let script = format!(
        "Promise.race([
           (async () => {{ void document.documentElement.offsetHeight;
                          await document.fonts.ready; return 'ready'; }})(),
           new Promise(done => setTimeout(() => done('timeout'), {}))])",
        FONTS_TIMEOUT.as_millis()
    );
    let failed = |reason: String| PdfError::Load {
        path: html.to_path_buf(),
        reason: format!("waiting for fonts: {reason}"),
    };
    let params = EvaluateParams::builder()
        .expression(script)
        .await_promise(true)
        .return_by_value(true)
        .build()
        .map_err(failed)?;
    let state: String = tab
        .evaluate_expression(params)
        .await
        .map_err(|e| failed(e.to_string()))?
        .into_value()
        .map_err(|e| failed(e.to_string()))?;
    match state.as_str() {
        "ready" => Ok(()),
        _ => Err(PdfError::FontsTimeout {
            path: html.to_path_buf(),
        }),
    }
}

/// `file://` URL of an existing file, percent-encoded so spaces, `#` and non-ASCII
/// folder names survive.
pub(crate) fn file_url(html: &Path) -> Result<String, PdfError> {
    let absolute = std::fs::canonicalize(html).map_err(|source| PdfError::MissingHtml {
        path: html.to_path_buf(),
        source,
    })?;
    url::Url::from_file_path(&absolute)
        .map(String::from)
        .map_err(|()| PdfError::Load {
            path: html.to_path_buf(),
            reason: "the path cannot be written as a file:// URL".into(),
        })
}

fn find_on_path(name: &str) -> Option<PathBuf> {
    let file = format!("{name}{}", std::env::consts::EXE_SUFFIX);
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join(&file))
        .find(|candidate| is_executable(candidate))
}

fn is_executable(path: &Path) -> bool {
    let Ok(meta) = std::fs::metadata(path) else {
        return false;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        meta.is_file() && meta.permissions().mode() & 0o111 != 0
    }
    #[cfg(not(unix))]
    {
        meta.is_file()
    }
}

/// Whether we run as root: `/proc/self` belongs to the effective user.
fn running_as_root() -> bool {
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0)
    }
    #[cfg(not(target_os = "linux"))]
    {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_urls_are_percent_encoded() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let html = dir.path().join("a b#ü.print.html");
        std::fs::write(&html, "")?;
        let url = file_url(&html)?;
        assert!(url.starts_with("file:///"), "{url}");
        assert!(url.ends_with("/a%20b%23%C3%BC.print.html"), "{url}");
        Ok(())
    }

    #[test]
    fn printer_can_be_shared_across_threads() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<PdfPrinter>();
    }

    #[test]
    fn missing_html_is_reported_before_the_browser_sees_it() {
        let err = file_url(Path::new("/nonexistent/page.print.html"));
        assert!(matches!(err, Err(PdfError::MissingHtml { .. })), "{err:?}");
    }
}

/// `SOURCE_DATE_EPOCH` (the reproducible-builds convention): the time a build of the
/// same inputs must record, in seconds since 1970; `None` when unset or not a number.
pub fn source_date_epoch() -> Option<i64> {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|v| v.trim().parse().ok())
}

/// Makes a PDF Chromium printed reproducible, in place and without moving a byte (the
/// cross-reference table holds offsets): its creation and modification dates become
/// `epoch`, and its file identifier, which Chromium draws from the clock, a hash of
/// the rest of the file.
pub fn stamp(path: &Path, epoch: i64) -> std::io::Result<()> {
    let mut bytes = std::fs::read(path)?;
    let date = pdf_date(epoch);
    for key in [&b"/CreationDate"[..], b"/ModDate"] {
        for at in find_all(&bytes, key) {
            let start = at + key.len();
            let Some(open) = bytes[start..]
                .iter()
                .position(|&b| !b.is_ascii_whitespace())
            else {
                continue;
            };
            let open = start + open;
            if bytes[open] != b'(' {
                continue;
            }
            let Some(len) = bytes[open + 1..].iter().position(|&b| b == b')') else {
                continue;
            };
            let field = &mut bytes[open + 1..open + 1 + len];
            // Same length or nothing: a longer or shorter date would move every offset.
            if field.len() == date.len() {
                field.copy_from_slice(date.as_bytes());
            }
        }
    }
    let ids = id_strings(&bytes);
    for &(start, end) in &ids {
        bytes[start..end].fill(b'0');
    }
    if !ids.is_empty() {
        use sha1::{Digest, Sha1};
        let digest: String = Sha1::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02X}"))
            .collect();
        for &(start, end) in &ids {
            let hex = digest.as_bytes().iter().cycle().take(end - start);
            for (slot, b) in bytes[start..end].iter_mut().zip(hex) {
                *slot = *b;
            }
        }
    }
    std::fs::write(path, bytes)
}

/// Where each hex string of the trailer's `/ID [<…> <…>]` is, without its brackets.
fn id_strings(bytes: &[u8]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for at in find_all(bytes, b"/ID") {
        let mut i = at + 3;
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if bytes.get(i) != Some(&b'[') {
            continue;
        }
        i += 1;
        while i < bytes.len() && bytes[i] != b']' {
            if bytes[i] == b'<' {
                let start = i + 1;
                let Some(len) = bytes[start..].iter().position(|&b| b == b'>') else {
                    break;
                };
                if bytes[start..start + len].iter().all(u8::is_ascii_hexdigit) {
                    out.push((start, start + len));
                }
                i = start + len;
            }
            i += 1;
        }
    }
    out
}

fn find_all(haystack: &[u8], needle: &[u8]) -> Vec<usize> {
    haystack
        .windows(needle.len())
        .enumerate()
        .filter(|(_, w)| *w == needle)
        .map(|(i, _)| i)
        .collect()
}

/// `epoch` as a PDF date in UTC, in the form Chromium writes: `D:20260102030405+00'00'`.
fn pdf_date(epoch: i64) -> String {
    let days = epoch.div_euclid(86_400);
    let secs = epoch.rem_euclid(86_400);
    // Civil from days (Howard Hinnant's algorithm), proleptic Gregorian.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "D:{year:04}{month:02}{day:02}{:02}{:02}{:02}+00'00'",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

#[cfg(test)]
mod stamp_tests {
    use super::*;

    #[test]
    fn dates_are_utc_in_chromium_s_form() {
        assert_eq!(pdf_date(0), "D:19700101000000+00'00'");
        assert_eq!(pdf_date(1_700_000_000), "D:20231114221320+00'00'");
        assert_eq!(pdf_date(951_782_400), "D:20000229000000+00'00'");
    }

    #[test]
    fn stamping_keeps_every_offset_and_is_repeatable() {
        let dir = tempfile::tempdir().unwrap();
        let pdf = |date: &str, id: &str| {
            format!("%PDF-1.4\n1 0 obj\n<</CreationDate ({date})\n/ModDate ({date})>>\nendobj\ntrailer\n<</ID [<{id}> <{id}>]>>\n%%EOF")
        };
        let a = dir.path().join("a.pdf");
        let b = dir.path().join("b.pdf");
        std::fs::write(&a, pdf("D:20261201005500+00'00'", "0A1B2C3D")).unwrap();
        std::fs::write(&b, pdf("D:20251111111111+00'00'", "FFEE0011")).unwrap();
        for path in [&a, &b] {
            stamp(path, 1_700_000_000).unwrap();
        }
        let (a, b) = (std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
        assert_eq!(a, b);
        assert_eq!(a.len(), pdf("D:20261201005500+00'00'", "0A1B2C3D").len());
        assert!(String::from_utf8_lossy(&a).contains("(D:20231114221320+00'00')"));
        assert!(!String::from_utf8_lossy(&a).contains("0A1B2C3D"));
    }
}
