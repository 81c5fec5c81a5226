//! The review folder: `index.html` (every page × locale: completeness, findings, layout
//! problems), `<locale>.html` (every message with its source, translation, status,
//! findings, file:line and screenshots), `badges/<locale>.svg`, `review.css` and
//! `findings.json`. Plain HTML and CSS with relative links only, so the folder opens
//! from a CI artefact and without JavaScript; every text in it is escaped.

use crate::finding::{Finding, Severity};
use crate::fluent::markup::escape;
use crate::project::config::Config;
use crate::review::browser::MeasuredMessage;
use crate::review::{MessageReview, PageReview, ReviewReport};
use crate::site::publish::{PublishError, Staging};
use std::fmt::Write as _;

const CSS: &str = include_str!("review.css");

pub fn write(
    config: &Config,
    report: &ReviewReport,
    checked: &[Finding],
    staging: &Staging,
    widths: &[u32],
) -> Result<(), PublishError> {
    staging.write("review.css", CSS.as_bytes())?;
    staging.write("index.html", overview(config, report, checked).as_bytes())?;
    let locales = config
        .locales
        .iter()
        .filter(|l| report.pages.iter().any(|p| p.locale == l.tag));
    for locale in locales {
        let page = locale_page(config, report, checked, &locale.tag, widths);
        staging.write(&format!("{}.html", locale.tag), page.as_bytes())?;
        let percent = percent_of(report, &locale.tag);
        staging.write(
            &format!("badges/{}.svg", locale.tag),
            badge(&locale.tag, percent).as_bytes(),
        )?;
    }
    let json = serde_json::json!({
        "version": 1,
        "findings": report.findings,
        "timings": report.timings,
        "screenshots": report.screenshots,
    });
    staging.write(
        "findings.json",
        serde_json::to_string_pretty(&json)
            .unwrap_or_default()
            .as_bytes(),
    )
}

/// The locale's translated share over all its pages, rounded down as `check` shows it.
fn percent_of(report: &ReviewReport, tag: &str) -> f64 {
    let pages: Vec<&PageReview> = report.pages.iter().filter(|p| p.locale == tag).collect();
    if pages.is_empty() {
        return 0.0;
    }
    pages.iter().map(|p| p.translated_percent).sum::<f64>() / pages.len() as f64
}

fn head(title: &str, lang: &str, dir: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"{}\" dir=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<link rel=\"stylesheet\" href=\"review.css\">\n</head>\n<body>\n",
        escape(lang),
        escape(dir),
        escape(title)
    )
}

fn count(findings: &[&Finding], severity: Severity) -> usize {
    findings.iter().filter(|f| f.severity == severity).count()
}

fn overview(config: &Config, report: &ReviewReport, checked: &[Finding]) -> String {
    let mut html = head("Translation review", "en", "ltr");
    html.push_str("<main>\n<h1>Translation review</h1>\n");
    let _ = writeln!(
        html,
        "<p>Every message of every page, seen where it renders at {} px, beside the source. \
         {} layout finding(s), {} screenshot(s).</p>",
        report
            .pages
            .first()
            .map(|p| p
                .measured
                .iter()
                .map(|m| m.width.to_string())
                .collect::<Vec<_>>()
                .join(" and "))
            .unwrap_or_default(),
        report.findings.len(),
        report.screenshots
    );
    html.push_str(
        "<table>\n<caption>Pages by locale</caption>\n<thead><tr><th scope=\"col\">Page</th>\
         <th scope=\"col\">Locale</th><th scope=\"col\">Translated</th>\
         <th scope=\"col\">Errors</th><th scope=\"col\">Warnings</th>\
         <th scope=\"col\">Layout problems</th><th scope=\"col\">Printed sheets</th></tr></thead>\n<tbody>\n",
    );
    for page in &report.pages {
        let endonym = config
            .locale(&page.locale)
            .map_or(page.locale.as_str(), |l| l.endonym.as_str());
        let own: Vec<&Finding> = checked.iter().filter(|f| f.locale == page.locale).collect();
        let _ = writeln!(
            html,
            "<tr><td>{}</td><td><a href=\"{}.html\" lang=\"{}\">{}</a> ({})</td><td>{:.1} %</td>\
             <td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&page.page),
            escape(&page.locale),
            escape(&page.locale),
            escape(endonym),
            escape(&page.locale),
            page.translated_percent,
            count(&own, Severity::Error),
            count(&own, Severity::Warning),
            page.layout_problems,
            page.sheets.map_or("–".into(), |s| s.to_string()),
        );
    }
    html.push_str("</tbody>\n</table>\n<h2>Badges</h2>\n<p>For a README: <code>![fr](badges/fr.svg)</code></p>\n<ul class=\"badges\">\n");
    for locale in config
        .locales
        .iter()
        .filter(|l| report.pages.iter().any(|p| p.locale == l.tag))
    {
        let percent = percent_of(report, &locale.tag);
        let _ = writeln!(
            html,
            "<li><img src=\"badges/{0}.svg\" alt=\"{0}: {1:.0} % translated\" width=\"{2}\" height=\"20\"></li>",
            escape(&locale.tag),
            percent.floor(),
            badge_width(&locale.tag, percent)
        );
    }
    html.push_str("</ul>\n</main>\n</body>\n</html>\n");
    html
}

fn locale_page(
    config: &Config,
    report: &ReviewReport,
    checked: &[Finding],
    tag: &str,
    widths: &[u32],
) -> String {
    let locale = config.locale(tag);
    let endonym = locale.map_or(tag, |l| l.endonym.as_str());
    let dir = locale.map_or("ltr", |l| l.dir.as_str());
    let mut html = head(&format!("Review: {endonym} ({tag})"), "en", "ltr");
    let _ = writeln!(
        html,
        "<main>\n<p><a href=\"index.html\">All locales</a></p>\n<h1>Review: <span lang=\"{0}\" dir=\"{1}\">{2}</span> ({0})</h1>",
        escape(tag),
        escape(dir),
        escape(endonym)
    );
    let source = report
        .pages
        .iter()
        .filter(|p| p.locale == config.source_locale);
    for page in report.pages.iter().filter(|p| p.locale == tag) {
        let source_page = source.clone().find(|p| p.page == page.page);
        let _ = writeln!(
            html,
            "<h2>Page {}: {:.1} % translated{}</h2>",
            escape(&page.page),
            page.translated_percent,
            page.sheets
                .map(|s| format!(", {s} printed sheet(s)"))
                .unwrap_or_default()
        );
        for finding in report
            .findings
            .iter()
            .filter(|f| f.locale == tag && f.id.is_none())
        {
            let _ = writeln!(
                html,
                "<p class=\"finding {}\">{}[{}]: {}</p>",
                finding.severity,
                finding.severity,
                finding.code,
                escape(&finding.message)
            );
        }
        let mut sections = String::new();
        let mut to_do = String::new();
        for message in &page.messages {
            if let Some(status) = message_section(
                &mut sections,
                config,
                report,
                checked,
                page,
                source_page,
                message,
                widths,
                dir,
            ) {
                let _ = writeln!(
                    to_do,
                    "<li><a href=\"#{0}--{1}\"><code>{1}</code></a> {2}</li>",
                    escape(&page.page),
                    escape(&message.id),
                    escape(&status)
                );
            }
        }
        // What needs the translator comes first, each a link to its section: the
        // sections follow in the page's own order, which is not the order of work.
        if to_do.is_empty() {
            html.push_str("<p>Nothing to do on this page: every message is translated, current and without findings.</p>\n");
        } else {
            let _ = writeln!(
                html,
                "<nav aria-label=\"To do on page {0}\"><p>To do on this page ({1}):</p>\n<ul class=\"to-do\">\n{to_do}</ul></nav>",
                escape(&page.page),
                to_do.lines().count()
            );
        }
        html.push_str(&sections);
    }
    html.push_str("</main>\n</body>\n</html>\n");
    html
}

#[allow(clippy::too_many_arguments)]
fn message_section(
    html: &mut String,
    config: &Config,
    report: &ReviewReport,
    checked: &[Finding],
    page: &PageReview,
    source_page: Option<&PageReview>,
    message: &MessageReview,
    widths: &[u32],
    dir: &str,
) -> Option<String> {
    let id = &message.id;
    let is_source = page.locale == config.source_locale;
    let belongs = |f: &&Finding| {
        f.locale == page.locale
            && f.id
                .as_deref()
                .is_some_and(|fid| fid == id || id.split('.').next() == Some(fid))
    };
    let findings: Vec<&Finding> = checked
        .iter()
        .filter(belongs)
        .chain(report.findings.iter().filter(belongs))
        .collect();
    let stale = findings
        .iter()
        .any(|f| f.code == crate::finding::Code::Stale);
    let status = match (&message.translation, &message.fallback) {
        (Some(_), _) if stale => "stale".to_string(),
        (Some(_), _) if is_source => "source".to_string(),
        (Some(_), _) => "translated".to_string(),
        (None, Some(from)) => format!("missing, falls back to {from}"),
        (None, None) => "missing".to_string(),
    };
    let attention = (message.translation.is_none() && !is_source) || stale || !findings.is_empty();
    let class = if attention {
        "message attention"
    } else {
        "message"
    };
    let _ = writeln!(
        html,
        "<section class=\"{class}\" id=\"{0}--{1}\" aria-labelledby=\"h-{0}--{1}\">\n<h3 id=\"h-{0}--{1}\"><code>{1}</code> <span class=\"status\">{2}</span></h3>\n<dl>",
        escape(&page.page),
        escape(id),
        escape(&status)
    );
    let source_text = as_shown(&message.source, source_page.unwrap_or(page), id);
    let _ = writeln!(
        html,
        "<dt>Source ({})</dt><dd lang=\"{}\">{}</dd>",
        escape(&config.source_locale),
        escape(&config.source_locale),
        source_text
    );
    if !is_source {
        match &message.translation {
            Some(text) => {
                let _ = writeln!(
                    html,
                    "<dt>Translation ({0})</dt><dd lang=\"{0}\" dir=\"{1}\">{2}</dd>",
                    escape(&page.locale),
                    escape(dir),
                    as_shown(text, page, id)
                );
            }
            None => {
                let _ = writeln!(
                    html,
                    "<dt>Translation ({})</dt><dd class=\"missing\">{}</dd>",
                    escape(&page.locale),
                    escape(&status)
                );
            }
        }
    }
    let _ = writeln!(
        html,
        "<dt>Edit</dt><dd><code>{}</code></dd>",
        escape(if message.edit.is_empty() {
            "(no file defines it)"
        } else {
            &message.edit
        })
    );
    if !findings.is_empty() {
        html.push_str("<dt>Findings</dt><dd><ul>");
        for f in &findings {
            let _ = write!(
                html,
                "<li class=\"{0}\">{0}[{1}]: {2}</li>",
                f.severity,
                f.code,
                escape(&f.message)
            );
        }
        html.push_str("</ul></dd>\n");
    }
    html.push_str("</dl>\n");
    let mut shown: Vec<(Option<&MeasuredMessage>, &str, u32)> = Vec::new();
    for (i, width) in widths.iter().enumerate() {
        let own = page
            .measured
            .get(i)
            .and_then(|m| m.messages.iter().find(|x| &x.id == id));
        let source = source_page
            .filter(|_| !is_source)
            .and_then(|p| p.measured.get(i))
            .and_then(|m| m.messages.iter().find(|x| &x.id == id));
        if !is_source {
            shown.push((source, &config.source_locale, *width));
        }
        shown.push((own, &page.locale, *width));
    }
    // A message with no picture anywhere (a <meta>, a skip link) says why once, not
    // once per locale and width.
    let notes: Vec<Option<String>> = shown.iter().map(|(seen, ..)| no_picture(*seen)).collect();
    match notes.first() {
        Some(Some(note)) if notes.iter().all(|n| n.as_ref() == Some(note)) => {
            let _ = writeln!(html, "<p class=\"none\">{note}</p>");
        }
        _ => {
            html.push_str("<div class=\"shots\">\n");
            for (seen, tag, width) in shown {
                figure(html, seen, tag, width, id);
            }
            html.push_str("</div>\n");
        }
    }
    html.push_str("</section>\n");
    attention.then_some(status)
}

/// A message's text as HTML; one that takes arguments (`{$name}` when formatted without
/// them) as the page showed it, arguments filled in, or else said to be filled in there.
fn as_shown(text: &str, page: &PageReview, id: &str) -> String {
    if !text.contains("{$") {
        return escape(text);
    }
    let shown = page
        .measured
        .first()
        .and_then(|m| m.messages.iter().find(|x| x.id == id))
        .and_then(|m| m.text.as_deref());
    match shown {
        Some(shown) => format!(
            "{} <small>(with the arguments the page passes)</small>",
            escape(&crate::render::strip_isolation(shown))
        ),
        None => format!(
            "{} <small>(the <code>{{$…}}</code> parts are filled in on the page)</small>",
            escape(text)
        ),
    }
}

/// Why a message has no picture at one width, as HTML; `None` when it has one.
fn no_picture(seen: Option<&MeasuredMessage>) -> Option<String> {
    match seen {
        Some(MeasuredMessage {
            shot: Some(_),
            clip: Some(_),
            ..
        }) => None,
        Some(m) if m.kind == "head" => Some(format!(
            "Not on the page: shown in <code>&lt;{}&gt;</code> (browser tab, search results).",
            escape(m.element.split('.').next().unwrap_or("head"))
        )),
        Some(m) if m.offscreen => Some(format!(
            "Off screen until focused (in <code>{}</code>, e.g. a skip link for keyboard users): no screenshot.",
            escape(&m.element)
        )),
        Some(m) => Some(format!(
            "No visible box (in <code>{}</code>).",
            escape(&m.element)
        )),
        None => Some("No element of its own on this page.".to_string()),
    }
}

fn figure(html: &mut String, seen: Option<&MeasuredMessage>, tag: &str, width: u32, id: &str) {
    let caption = format!("{tag} at {width} px");
    let body = match (seen, no_picture(seen)) {
        (
            Some(MeasuredMessage {
                shot: Some(shot),
                clip: Some(clip),
                element,
                ..
            }),
            None,
        ) => format!(
            "<img src=\"{}\" alt=\"{} as rendered in {} ({}), {}\" width=\"{}\" height=\"{}\" loading=\"lazy\">",
            escape(shot),
            escape(id),
            escape(&caption),
            escape(element),
            escape(tag),
            clip.width.round(),
            clip.height.round()
        ),
        (_, note) => format!("<p class=\"none\">{}</p>", note.unwrap_or_default()),
    };
    let _ = writeln!(
        html,
        "<figure>{body}<figcaption>{}</figcaption></figure>",
        escape(&caption)
    );
}

fn badge_width(tag: &str, percent: f64) -> u32 {
    let (left, right) = badge_parts(tag, percent);
    text_width(&left) + text_width(&right) + 20
}

fn badge_parts(tag: &str, percent: f64) -> (String, String) {
    (tag.to_string(), format!("{:.0}%", percent.floor()))
}

/// About 7 px a character at 11 px Verdana, as shields-style badges are sized.
fn text_width(text: &str) -> u32 {
    text.chars().count() as u32 * 7
}

/// A two-part badge, `fr | 93%`, coloured by completeness like translation platforms'.
pub fn badge(tag: &str, percent: f64) -> String {
    let (left, right) = badge_parts(tag, percent);
    let (lw, rw) = (text_width(&left) + 10, text_width(&right) + 10);
    let colour = match percent {
        p if p >= 100.0 => "#2e7d32",
        p if p >= 80.0 => "#558b2f",
        p if p >= 50.0 => "#ef6c00",
        _ => "#c62828",
    };
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"20\" role=\"img\" aria-label=\"{l}: {r} translated\">\
<title>{l}: {r} translated</title>\
<rect width=\"{lw}\" height=\"20\" fill=\"#555\"/><rect x=\"{lw}\" width=\"{rw}\" height=\"20\" fill=\"{colour}\"/>\
<g fill=\"#fff\" font-family=\"Verdana,DejaVu Sans,sans-serif\" font-size=\"11\" text-anchor=\"middle\">\
<text x=\"{lx}\" y=\"14\">{l}</text><text x=\"{rx}\" y=\"14\">{r}</text></g></svg>\n",
        w = lw + rw,
        l = escape(&left),
        r = escape(&right),
        lx = lw / 2,
        rx = lw + rw / 2,
    )
}
