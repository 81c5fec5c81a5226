//! The browser half of `review`: every instrumented page measured and photographed at each
//! width, and every print page printed to count its sheets, in the browser `build --pdf`
//! starts (one per run, a tab per page × locale at a time).

use crate::site::pdf::{file_url, wait_for_fonts, PdfError, PdfPrinter};
use chromiumoxide::cdp::browser_protocol::emulation::SetDeviceMetricsOverrideParams;
use chromiumoxide::cdp::browser_protocol::page::{
    CaptureScreenshotFormat, PrintToPdfParams, Viewport,
};
use chromiumoxide::cdp::js_protocol::runtime::EvaluateParams;
use chromiumoxide::page::ScreenshotParams;
use futures::StreamExt;
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// A screenshot taller than this is cut: a whole article says less than its first screen.
pub const MAX_SHOT_HEIGHT: f64 = 900.0;

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
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Measured {
    #[serde(default)]
    pub width: u32,
    pub messages: Vec<MeasuredMessage>,
    pub title: Option<TextWidth>,
    pub description: Option<TextWidth>,
}

#[derive(Debug, Clone, Default, Deserialize)]
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

#[derive(Debug, Clone, Copy, Default, Deserialize)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

#[derive(Debug, Clone, Default, Deserialize)]
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

/// Per page job, what it measured at each width; per print page, its sheets.
pub type Inspected = (
    Vec<Result<Vec<Measured>, PdfError>>,
    Vec<Result<usize, PdfError>>,
);

/// Measures and photographs every page at every width, and counts the printed sheets of
/// every print page. Results are in job order.
pub fn inspect(
    printer: &PdfPrinter,
    pages: &[PageJob],
    widths: &[u32],
    prints: &[PathBuf],
    tabs: usize,
) -> Inspected {
    printer.block_on(async {
        let measured =
            futures::stream::iter(pages.iter().map(|job| measure_page(printer, job, widths)))
                .buffered(tabs.max(1))
                .collect::<Vec<_>>()
                .await;
        let sheets = futures::stream::iter(prints.iter().map(|html| count_sheets(printer, html)))
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

async fn measure_page(
    printer: &PdfPrinter,
    job: &PageJob,
    widths: &[u32],
) -> Result<Vec<Measured>, PdfError> {
    let url = file_url(&job.html)?;
    let tab = printer
        .browser()
        .new_page("about:blank")
        .await
        .map_err(|e| PdfError::Tab(e.to_string()))?;
    let result = async {
        tab.goto(url).await.map_err(load_error(&job.html))?;
        wait_for_fonts(&tab, &job.html).await?;
        let plain = serde_json::to_string(&job.plain).unwrap_or_else(|_| "[]".into());
        let params = EvaluateParams::builder()
            .expression(format!("({MEASURE})({plain})"))
            .return_by_value(true)
            .build()
            .map_err(|reason| PdfError::Load {
                path: job.html.clone(),
                reason,
            })?;
        let mut all = Vec::with_capacity(widths.len());
        for &width in widths {
            let viewport = SetDeviceMetricsOverrideParams::new(i64::from(width), 800, 1.0, false);
            tab.execute(viewport).await.map_err(load_error(&job.html))?;
            let mut measured: Measured = tab
                .evaluate_expression(params.clone())
                .await
                .map_err(load_error(&job.html))?
                .into_value()
                .map_err(|e| load_error(&job.html)(e.into()))?;
            measured.width = width;
            let Some(shots) = &job.shots else {
                all.push(measured);
                continue;
            };
            let dir = shots.join(width.to_string());
            for message in &mut measured.messages {
                let Some(rect) = message.rect else { continue };
                let region = shot_region(rect);
                let clip = Viewport {
                    x: region.x,
                    y: region.y,
                    width: region.width,
                    height: region.height,
                    scale: 1.0,
                };
                let shot = ScreenshotParams::builder()
                    .format(CaptureScreenshotFormat::Png)
                    .clip(clip)
                    .capture_beyond_viewport(true)
                    .build();
                let png = tab.screenshot(shot).await.map_err(load_error(&job.html))?;
                let path = dir.join(format!("{}.png", file_stem(&message.id)));
                write(&path, &png)?;
                message.shot = Some(path.to_string_lossy().into_owned());
                message.clip = Some(region);
            }
            all.push(measured);
        }
        Ok(all)
    }
    .await;
    // Best effort: a tab left open only costs memory until the browser closes.
    let _ = tab.close().await;
    result
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

/// How many sheets the print page prints on, from the PDF the browser makes of it.
async fn count_sheets(printer: &PdfPrinter, html: &Path) -> Result<usize, PdfError> {
    let url = file_url(html)?;
    let tab = printer
        .browser()
        .new_page("about:blank")
        .await
        .map_err(|e| PdfError::Tab(e.to_string()))?;
    let result = async {
        tab.goto(url).await.map_err(load_error(html))?;
        wait_for_fonts(&tab, html).await?;
        let options = PrintToPdfParams {
            display_header_footer: Some(false),
            print_background: Some(true),
            prefer_css_page_size: Some(true),
            ..PrintToPdfParams::default()
        };
        let pdf = tab.pdf(options).await.map_err(|e| PdfError::Print {
            path: html.to_path_buf(),
            reason: e.to_string(),
        })?;
        Ok(pdf_page_count(&pdf))
    }
    .await;
    let _ = tab.close().await;
    result
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
