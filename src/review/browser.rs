//! The browser half of `review`: every instrumented page measured and photographed at each
//! width, and every print page printed to count its sheets, in the browser `build --pdf`
//! starts (one per run, a tab per page × locale at a time).

use crate::site::pdf::{file_url, wait_for_fonts, PdfError, PdfPrinter};
use base64::Engine as _;
use chromiumoxide::cdp::browser_protocol::emulation::SetDeviceMetricsOverrideParams;
use chromiumoxide::cdp::browser_protocol::page::{
    CaptureScreenshotFormat, CaptureScreenshotParams, PrintToPdfParams, Viewport,
};
use chromiumoxide::cdp::js_protocol::runtime::EvaluateParams;
use chromiumoxide::page::MediaTypeParams;
use chromiumoxide::Page;
use futures::StreamExt;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// A screenshot taller than this is cut: a whole article says less than its first screen.
pub const MAX_SHOT_HEIGHT: f64 = 900.0;

/// The most pixels one capture may hold (about 32 MB of RGBA); a page longer than that
/// is captured in several bands.
const BAND_PIXELS: f64 = 8.0e6;

/// Room around a message's element in its screenshot, so its neighbours show.
const SHOT_MARGIN: f64 = 8.0;

/// One web page of one locale, to measure at every width.
#[derive(Debug, Clone)]
pub struct PageJob {
    pub html: PathBuf,
    /// Where this page's screenshots go, `<dir>/<width>/<id>.png`; none when only measuring.
    pub shots: Option<PathBuf>,
    /// Messages with no element of their own (`t_plain`), with their text, to find the
    /// attribute or head element that shows them.
    pub plain: Vec<(String, String)>,
}

/// What the browser saw of one page at one width.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Measured {
    #[serde(default)]
    pub width: u32,
    pub messages: Vec<MeasuredMessage>,
    pub title: Option<TextWidth>,
    pub description: Option<TextWidth>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct MeasuredMessage {
    pub id: String,
    /// `text` (its own element), `attribute` (an attribute of `element`) or `head`
    /// (`<title>`, `<meta>`: nothing on the page shows it).
    pub kind: String,
    /// The element the message belongs to, as `tag.class`.
    pub element: String,
    /// Its box in page coordinates, when it has one on the page.
    pub rect: Option<Rect>,
    /// Its box lies outside the page until something moves it in (a skip link shown
    /// on focus): there is nothing to photograph.
    #[serde(default)]
    pub offscreen: bool,
    /// The text as the page shows it, arguments filled in (`text` messages only).
    #[serde(default)]
    pub text: Option<String>,
    /// Why the text does not fit its box, when it does not.
    pub overflow: Option<String>,
    /// The screenshot, relative to the review folder; set once taken.
    #[serde(default)]
    pub shot: Option<String>,
    /// The region the screenshot shows, in page coordinates (its PNG's size).
    #[serde(default)]
    pub clip: Option<Rect>,
}

#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct TextWidth {
    pub text: String,
    pub width: f64,
}

/// The script run at each width. It finds every `[data-fp-id]` element, the block it
/// belongs to, and whether the text leaves a box it must fit: wider than an ancestor's
/// border box (not taller: inline boxes reach past a tight line-height by design), or cut by `overflow`, `text-overflow` or `line-clamp`. An
/// ancestor taken out of flow (a skip link parked off screen) ends the search, as do
/// boxes of a pixel or two (visually hidden text, read by screen readers only).
const MEASURE: &str = r#"((plain) => {
  const label = el => el.tagName.toLowerCase() + (el.classList.length ? '.' + [...el.classList].join('.') : '');
  const rectOf = el => { const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 ? { x: r.left + scrollX, y: r.top + scrollY, width: r.width, height: r.height } : null; };
  const union = (a, b) => { if (!a || !b) return a || b;
    const x = Math.min(a.x, b.x), y = Math.min(a.y, b.y);
    return { x, y, width: Math.max(a.x + a.width, b.x + b.width) - x, height: Math.max(a.y + a.height, b.y + b.height) - y }; };
  const offPage = r => r !== null && (r.x + r.width <= 0 || r.y + r.height <= 0 || r.x >= document.documentElement.scrollWidth);
  const blockOf = el => { while (el.parentElement && getComputedStyle(el).display === 'inline') el = el.parentElement; return el; };
  const overflowOf = span => {
    const rects = [...span.getClientRects()].filter(r => r.width > 0 && r.height > 0);
    if (!rects.length) return null;
    const text = { left: Math.min(...rects.map(r => r.left)), right: Math.max(...rects.map(r => r.right)),
                   top: Math.min(...rects.map(r => r.top)), bottom: Math.max(...rects.map(r => r.bottom)) };
    for (let box = span.parentElement; box && box !== document.documentElement; box = box.parentElement) {
      const cs = getComputedStyle(box);
      if (cs.display === 'inline' || cs.display === 'contents') continue;
      if (box.clientWidth <= 2 || box.clientHeight <= 2) return null;
      const b = box.getBoundingClientRect();
      const clips = cs.overflowX !== 'visible' || cs.overflowY !== 'visible';
      const clamped = (cs.webkitLineClamp && cs.webkitLineClamp !== 'none') || cs.textOverflow === 'ellipsis';
      if ((clips || clamped) && (box.scrollWidth > box.clientWidth + 1 || box.scrollHeight > box.clientHeight + 1))
        return `clipped by ${label(box)} (${clamped ? 'line-clamp or ellipsis' : 'overflow: ' + cs.overflowX}): the text needs ${box.scrollWidth}×${box.scrollHeight} px, the box shows ${box.clientWidth}×${box.clientHeight} px`;
      if (text.right > b.right + 1 || text.left < b.left - 1)
        return `wider than its box ${label(box)}: the text spans ${Math.round(text.right - text.left)} px, the box is ${Math.round(b.width)} px wide`;
      if (cs.position === 'absolute' || cs.position === 'fixed') return null;
    }
    return null;
  };
  const messages = [];
  const seen = new Set();
  for (const span of document.querySelectorAll('[data-fp-id]')) {
    const id = span.dataset.fpId;
    if (seen.has(id)) continue;
    seen.add(id);
    const block = blockOf(span.parentElement || span);
    // The text too where it leaves its box, so an overflow shows in the picture.
    const rect = union(rectOf(block), rectOf(span));
    const offscreen = offPage(rect);
    messages.push({ id, kind: 'text', element: label(block), rect: offscreen ? null : rect, offscreen,
                    text: span.textContent, overflow: overflowOf(span) });
  }
  const head = new Set(['title', 'meta', 'link', 'head']);
  for (const [id, text] of plain) {
    if (seen.has(id) || !text) continue;
    seen.add(id);
    let found = null;
    for (const el of document.querySelectorAll('*')) {
      if (el.tagName === 'TITLE' && el.textContent.includes(text)) { found = el; break; }
      if ([...el.attributes].some(a => a.name !== 'data-fp-id' && a.value.includes(text))) { found = el; break; }
    }
    if (!found) continue;
    const inHead = head.has(found.tagName.toLowerCase());
    messages.push({ id, kind: inHead ? 'head' : 'attribute', element: label(found),
                    rect: inHead ? null : rectOf(blockOf(found)), overflow: null });
  }
  const ctx = document.createElement('canvas').getContext('2d');
  const measure = (text, px) => { ctx.font = `${px}px Arial, "Liberation Sans", "Noto Sans", sans-serif`; return { text, width: ctx.measureText(text).width }; };
  const description = document.querySelector('meta[name="description"]');
  return { messages, title: document.title ? measure(document.title, 20) : null,
           description: description ? measure(description.content, 14) : null };
})"#;

/// Where the browser half's time goes, summed over the tabs that run at once (so the
/// stages add up to more than the wall time when several tabs are busy).
#[derive(Debug, Default)]
pub struct StageClock {
    /// Opening tabs, loading pages and waiting for their fonts.
    pub load: AtomicU64,
    /// Setting each width and running the measuring script (style and layout).
    pub layout: AtomicU64,
    /// The browser's screenshots, its PNG encoding included.
    pub capture: AtomicU64,
    /// Cutting each message's picture out of a capture and encoding it, in Rust.
    pub crop: AtomicU64,
    /// Writing the pictures.
    pub files: AtomicU64,
    /// Printing the print pages to count their sheets.
    pub print: AtomicU64,
}

impl StageClock {
    /// Adds the time since `since` to `stage` and returns now, for the next stage.
    pub fn add(stage: &AtomicU64, since: Instant) -> Instant {
        let now = Instant::now();
        stage.fetch_add((now - since).as_micros() as u64, Ordering::Relaxed);
        now
    }

    pub fn ms(stage: &AtomicU64) -> u128 {
        u128::from(stage.load(Ordering::Relaxed) / 1000)
    }
}

/// What printing a print page showed.
#[derive(Debug, Clone, Default)]
pub struct Printed {
    pub sheets: usize,
    /// Each message's text as the print page lays it out (print media, arguments filled
    /// in, hidden parts left out), by id.
    pub texts: Vec<(String, String)>,
}

/// Per page job, what it measured at each width; per print page, what it printed.
pub type Inspected = (
    Vec<Result<Vec<Measured>, PdfError>>,
    Vec<Result<Printed, PdfError>>,
);

/// Measures and photographs every page at every width, and counts the printed sheets of
/// every print page. Results are in job order.
pub fn inspect(
    printer: &PdfPrinter,
    pages: &[PageJob],
    widths: &[u32],
    prints: &[PathBuf],
    tabs: usize,
    clock: &StageClock,
) -> Inspected {
    printer.block_on(async {
        let measured = futures::stream::iter(
            pages
                .iter()
                .map(|job| measure_page(printer, job, widths, clock)),
        )
        .buffered(tabs.max(1))
        .collect::<Vec<_>>()
        .await;
        let sheets =
            futures::stream::iter(prints.iter().map(|html| print_page(printer, html, clock)))
                .buffered(tabs.max(1))
                .collect::<Vec<_>>()
                .await;
        (measured, sheets)
    })
}

fn load_error(path: &Path) -> impl Fn(chromiumoxide::error::CdpError) -> PdfError + '_ {
    move |e| PdfError::Load {
        path: path.to_path_buf(),
        reason: e.to_string(),
    }
}

/// Opens a tab, loads `html` in it and waits for its fonts, runs `work` on the tab and
/// closes it again, whatever `work` returned.
async fn with_tab<T>(
    printer: &PdfPrinter,
    html: &Path,
    clock: &StageClock,
    work: impl AsyncFnOnce(&Page) -> Result<T, PdfError>,
) -> Result<T, PdfError> {
    let started = Instant::now();
    let url = file_url(html)?;
    let tab = printer
        .browser()
        .new_page("about:blank")
        .await
        .map_err(|e| PdfError::Tab(e.to_string()))?;
    let result = async {
        tab.goto(url).await.map_err(load_error(html))?;
        wait_for_fonts(&tab, html).await?;
        StageClock::add(&clock.load, started);
        work(&tab).await
    }
    .await;
    // Best effort: a tab left open only costs memory until the browser closes.
    let _ = tab.close().await;
    result
}

async fn measure_page(
    printer: &PdfPrinter,
    job: &PageJob,
    widths: &[u32],
    clock: &StageClock,
) -> Result<Vec<Measured>, PdfError> {
    let plain = serde_json::to_string(&job.plain).unwrap_or_else(|_| "[]".into());
    let params = EvaluateParams::builder()
        .expression(format!("({MEASURE})({plain})"))
        .return_by_value(true)
        .build()
        .map_err(|reason| PdfError::Load {
            path: job.html.clone(),
            reason,
        })?;
    // Pictures are cut and encoded on other threads while the tab captures the next band.
    let mut cutting = Vec::new();
    let measured = with_tab(printer, &job.html, clock, async |tab| {
        let mut all = Vec::with_capacity(widths.len());
        for &width in widths {
            let started = Instant::now();
            let viewport = SetDeviceMetricsOverrideParams::new(i64::from(width), 800, 1.0, false);
            tab.execute(viewport).await.map_err(load_error(&job.html))?;
            let mut measured: Measured = tab
                .evaluate_expression(params.clone())
                .await
                .map_err(load_error(&job.html))?
                .into_value()
                .map_err(|e| load_error(&job.html)(e.into()))?;
            measured.width = width;
            let mut since = StageClock::add(&clock.layout, started);
            if let Some(shots) = &job.shots {
                let dir = shots.join(width.to_string());
                let wanted: Vec<(usize, Rect)> = measured
                    .messages
                    .iter()
                    .enumerate()
                    .filter_map(|(i, m)| Some((i, shot_region(m.rect?))))
                    .collect();
                // One capture per band of the page, cut into each message's picture here:
                // every capture costs the browser a resize, a paint and a frame, whatever
                // its size, so one per message was most of a review's time.
                for (band, members) in bands(&wanted) {
                    let png = capture(tab, band).await.map_err(load_error(&job.html))?;
                    since = StageClock::add(&clock.capture, since);
                    let pictures: Vec<(PathBuf, Rect)> = members
                        .iter()
                        .map(|&(i, region)| {
                            let message = &mut measured.messages[i];
                            let path = dir.join(format!("{}.png", file_stem(&message.id)));
                            message.shot = Some(path.to_string_lossy().into_owned());
                            message.clip = Some(region);
                            (path, region)
                        })
                        .collect();
                    let html = job.html.clone();
                    cutting.push(tokio::task::spawn_blocking(move || {
                        cut(&html, &png, band, &pictures)
                    }));
                }
            }
            all.push(measured);
        }
        Ok(all)
    })
    .await;
    // Every cut is awaited, even after a failure, so no thread still writes into the
    // staging folder once the review has returned.
    let mut cut_result = Ok(());
    for task in cutting {
        let done = task
            .await
            .unwrap_or_else(|e| Err(PdfError::Tab(format!("cutting a screenshot failed: {e}"))));
        match done {
            Ok((crop, files)) => {
                clock
                    .crop
                    .fetch_add(crop.as_micros() as u64, Ordering::Relaxed);
                clock
                    .files
                    .fetch_add(files.as_micros() as u64, Ordering::Relaxed);
            }
            Err(e) => {
                if cut_result.is_ok() {
                    cut_result = Err(e);
                }
            }
        }
    }
    let measured = measured?;
    cut_result.map(|()| measured)
}

/// Regions grouped into bands across the page, each one capture of at most
/// [`BAND_PIXELS`]: a whole long page at once would cost the browser (and us) a bitmap of
/// hundreds of megabytes. Regions are at most [`MAX_SHOT_HEIGHT`] tall, so each fits.
fn bands(regions: &[(usize, Rect)]) -> Vec<(Rect, Vec<(usize, Rect)>)> {
    let mut sorted = regions.to_vec();
    sorted.sort_by(|a, b| a.1.y.total_cmp(&b.1.y));
    let mut bands: Vec<(Rect, Vec<(usize, Rect)>)> = Vec::new();
    for (i, region) in sorted {
        let grown = bands.last().map(|(band, _)| {
            let x = band.x.min(region.x.floor());
            let right = (band.x + band.width).max((region.x + region.width).ceil());
            let bottom = (band.y + band.height).max((region.y + region.height).ceil());
            Rect {
                x,
                y: band.y,
                width: right - x,
                height: bottom - band.y,
            }
        });
        match (grown, bands.last_mut()) {
            (Some(grown), Some((band, members))) if grown.width * grown.height <= BAND_PIXELS => {
                *band = grown;
                members.push((i, region));
            }
            _ => {
                let x = region.x.floor();
                let y = region.y.floor();
                let band = Rect {
                    x,
                    y,
                    width: (region.x + region.width).ceil() - x,
                    height: (region.y + region.height).ceil() - y,
                };
                bands.push((band, vec![(i, region)]));
            }
        }
    }
    bands
}

/// A PNG of `band` (page coordinates) as the page lays out at the tab's width.
async fn capture(tab: &Page, band: Rect) -> Result<Vec<u8>, chromiumoxide::error::CdpError> {
    let params = CaptureScreenshotParams {
        format: Some(CaptureScreenshotFormat::Png),
        clip: Some(Viewport {
            x: band.x,
            y: band.y,
            width: band.width,
            height: band.height,
            scale: 1.0,
        }),
        capture_beyond_viewport: Some(true),
        // Decoded again at once: the browser's zlib effort would be wasted.
        optimize_for_speed: Some(true),
        ..CaptureScreenshotParams::default()
    };
    let data = tab.execute(params).await?.result.data;
    base64::engine::general_purpose::STANDARD
        .decode(data)
        .map_err(|e| {
            chromiumoxide::error::CdpError::msg(format!("a screenshot that is not base64: {e}"))
        })
}

/// Cuts each picture's region out of `png`, a capture of `band`, and writes it as a
/// PNG of its own. Returns the time spent cutting and encoding, and writing.
fn cut(
    html: &Path,
    png: &[u8],
    band: Rect,
    pictures: &[(PathBuf, Rect)],
) -> Result<(Duration, Duration), PdfError> {
    let started = Instant::now();
    let bad = |reason: String| PdfError::Load {
        path: html.to_path_buf(),
        reason: format!("the browser's screenshot: {reason}"),
    };
    // A band is bounded by BAND_PIXELS, but one element can be wider than a band.
    let limits = png::Limits { bytes: usize::MAX };
    let mut reader = png::Decoder::new_with_limits(std::io::Cursor::new(png), limits)
        .read_info()
        .map_err(|e| bad(e.to_string()))?;
    let mut pixels = vec![0; reader.output_buffer_size().unwrap_or(0)];
    let info = reader
        .next_frame(&mut pixels)
        .map_err(|e| bad(e.to_string()))?;
    if info.bit_depth != png::BitDepth::Eight || info.width == 0 {
        return Err(bad(format!(
            "unexpected {:?} at {:?}",
            info.color_type, info.bit_depth
        )));
    }
    let channels = info.line_size / info.width as usize;
    let (mut cutting, mut writing) = (started.elapsed(), Duration::ZERO);
    for (path, region) in pictures {
        let started = Instant::now();
        // Whole pixels of the capture; the region's fractions round as the browser
        // rounded a clip of its own.
        let span = |from: f64, length: f64, origin: f64, limit: u32| {
            let a = ((from - origin).round().max(0.0) as u32).min(limit.saturating_sub(1));
            let b = ((from + length - origin).round() as u32).clamp(a + 1, limit);
            (a, b)
        };
        let (x0, x1) = span(region.x, region.width, band.x, info.width);
        let (y0, y1) = span(region.y, region.height, band.y, info.height);
        let (w, h) = (x1 - x0, y1 - y0);
        let mut encoded = Vec::new();
        let mut encoder = png::Encoder::new(&mut encoded, w, h);
        encoder.set_color(info.color_type);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_compression(png::Compression::Fast);
        let mut rows = Vec::with_capacity(w as usize * h as usize * channels);
        for y in y0..y1 {
            let line = y as usize * info.line_size;
            rows.extend_from_slice(
                &pixels[line + x0 as usize * channels..line + x1 as usize * channels],
            );
        }
        encoder
            .write_header()
            .and_then(|mut writer| writer.write_image_data(&rows))
            .map_err(|e| bad(e.to_string()))?;
        let encoded_at = Instant::now();
        cutting += encoded_at - started;
        write(path, &encoded)?;
        writing += encoded_at.elapsed();
    }
    Ok((cutting, writing))
}

/// The element's box with a margin, cut at the page's top and left edges (the far
/// edges stay, so the element is whole in the picture) and at [`MAX_SHOT_HEIGHT`].
pub fn shot_region(rect: Rect) -> Rect {
    let x = (rect.x - SHOT_MARGIN).max(0.0);
    let y = (rect.y - SHOT_MARGIN).max(0.0);
    Rect {
        x,
        y,
        width: rect.x + rect.width + SHOT_MARGIN - x,
        height: (rect.y + rect.height + SHOT_MARGIN - y).min(MAX_SHOT_HEIGHT),
    }
}

/// Every message's text as the print media lays it out: `innerText` leaves out what
/// print CSS hides.
const PRINTED_TEXT: &str = r#"(() => {
  const texts = new Map();
  for (const el of document.querySelectorAll('[data-fp-id]'))
    texts.set(el.dataset.fpId, (texts.get(el.dataset.fpId) || '') + el.innerText);
  return [...texts];
})()"#;

/// The print page printed as `build --pdf` prints it: how many sheets, and each
/// message's text as the PDF shows it.
async fn print_page(
    printer: &PdfPrinter,
    html: &Path,
    clock: &StageClock,
) -> Result<Printed, PdfError> {
    with_tab(printer, html, clock, async |tab| {
        let started = Instant::now();
        let failed = |e: chromiumoxide::error::CdpError| PdfError::Print {
            path: html.to_path_buf(),
            reason: e.to_string(),
        };
        tab.emulate_media_type(MediaTypeParams::Print)
            .await
            .map_err(failed)?;
        let texts: Vec<(String, String)> = tab
            .evaluate_expression(PRINTED_TEXT)
            .await
            .map_err(failed)?
            .into_value()
            .map_err(|e| failed(e.into()))?;
        let options = PrintToPdfParams {
            display_header_footer: Some(false),
            print_background: Some(true),
            prefer_css_page_size: Some(true),
            ..PrintToPdfParams::default()
        };
        let pdf = tab.pdf(options).await.map_err(failed)?;
        StageClock::add(&clock.print, started);
        Ok(Printed {
            sheets: pdf_page_count(&pdf),
            texts,
        })
    })
    .await
}

/// Page objects in a PDF Chromium (Skia) wrote: each sheet is one `/Type /Page`
/// dictionary, written uncompressed; `/Type /Pages` is the tree above them.
pub fn pdf_page_count(pdf: &[u8]) -> usize {
    let needle = b"/Type /Page";
    pdf.windows(needle.len() + 1)
        .filter(|w| w.starts_with(needle) && w[needle.len()] != b's')
        .count()
}

/// A message id as a file name: Fluent ids are `[a-zA-Z][a-zA-Z0-9_-]*`, with `.attr`.
pub fn file_stem(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect()
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), PdfError> {
    let error = |source| PdfError::Write {
        path: path.to_path_buf(),
        source,
    };
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(error)?;
    }
    std::fs::write(path, bytes).map_err(error)
}
