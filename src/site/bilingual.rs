//! Bilingual print editions: two locales' print pages set side by side,
//! paragraph by paragraph.
//!
//! Both pages come from the same template, so their text blocks (headings,
//! paragraphs, list items) line up one to one; pairing the blocks of the
//! rendered pages needs no second template per page.

use scraper::{ElementRef, Html, Selector};

/// Block elements that become one row each.
const BLOCKS: &str = "h1, h2, h3, h4, h5, h6, p, li, blockquote, figcaption, dt, dd";

/// One text block of a rendered page, ready to place in a column.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Block {
    pub html: String,
    /// The page's fallback notice (`class="notice"`), which only one of the two pages may have.
    #[serde(skip)]
    pub notice: bool,
    /// A line of the page's footer (publisher, web address): set under the text, in a
    /// footer of its own.
    pub footer: bool,
}

/// The blocks inside `<main>` and then `<footer>` of a rendered page, in order; ids are
/// prefixed with `tag` so two columns never share one.
pub fn blocks(page_html: &str, tag: &str) -> Vec<Block> {
    let doc = Html::parse_document(page_html);
    let Ok(selector) = Selector::parse(
        &BLOCKS
            .split(", ")
            .flat_map(|b| [format!("main {b}"), format!("footer {b}")])
            .collect::<Vec<_>>()
            .join(", "),
    ) else {
        return Vec::new();
    };
    let is_block = |e: &ElementRef| BLOCKS.split(", ").any(|b| b == e.value().name());
    doc.select(&selector)
        .filter(|e| {
            !e.ancestors()
                .filter_map(ElementRef::wrap)
                .any(|a| is_block(&a))
        })
        .map(|e| {
            let html = e.html().replace(" id=\"", &format!(" id=\"{tag}-"));
            let html = if e.value().name() == "li" {
                format!("<ul>{html}</ul>")
            } else {
                html
            };
            Block {
                html,
                notice: e.value().classes().any(|c| c == "notice"),
                footer: e
                    .ancestors()
                    .filter_map(ElementRef::wrap)
                    .any(|a| a.value().name() == "footer"),
            }
        })
        .collect()
}

/// Pairs two pages' blocks row by row; a page with more blocks gets empty cells opposite.
/// Fallback notices come first, in rows of their own, so the notice of a page that falls
/// back does not push its text a row away from the other page's; footer lines come last,
/// paired among themselves for the same reason.
pub fn rows(a: Vec<Block>, b: Vec<Block>) -> Vec<[Block; 2]> {
    let (a_footer, a): (Vec<Block>, Vec<Block>) = a.into_iter().partition(|b| b.footer);
    let (b_footer, b): (Vec<Block>, Vec<Block>) = b.into_iter().partition(|b| b.footer);
    let (a_notices, a): (Vec<Block>, Vec<Block>) = a.into_iter().partition(|b| b.notice);
    let (b_notices, b): (Vec<Block>, Vec<Block>) = b.into_iter().partition(|b| b.notice);
    let mut rows = pair_up(a_notices, b_notices);
    rows.extend(pair_up(a, b));
    rows.extend(pair_up(a_footer, b_footer));
    rows
}

fn pair_up(a: Vec<Block>, b: Vec<Block>) -> Vec<[Block; 2]> {
    let empty = || Block {
        html: String::new(),
        notice: false,
        footer: false,
    };
    let n = a.len().max(b.len());
    let mut a = a.into_iter();
    let mut b = b.into_iter();
    (0..n)
        .map(|_| {
            [
                a.next().unwrap_or_else(empty),
                b.next().unwrap_or_else(empty),
            ]
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_are_leaves_with_prefixed_ids() {
        let page = "<html><body><header><p>skip</p></header><main><article><h1>T</h1><section><h2 id=\"x\">S</h2><p>One <em>a</em></p><ul><li><p>nested</p></li></ul></section></article></main><footer><p>By us</p></footer></body></html>";
        let found: Vec<String> = blocks(page, "ar").into_iter().map(|b| b.html).collect();
        assert_eq!(
            found,
            [
                "<h1>T</h1>",
                "<h2 id=\"ar-x\">S</h2>",
                "<p>One <em>a</em></p>",
                "<ul><li><p>nested</p></li></ul>",
                "<p>By us</p>"
            ]
        );
    }

    #[test]
    fn footer_lines_face_each_other_after_the_text() {
        let a = blocks(
            "<main><p class=\"notice\">N</p><p>A1</p><p>A2</p></main><footer><p>FA</p></footer>",
            "de",
        );
        let b = blocks("<main><p>B1</p></main><footer><p>FB</p></footer>", "en");
        let rows: Vec<[String; 2]> = rows(a, b)
            .into_iter()
            .map(|[x, y]| [x.html, y.html])
            .collect();
        let row = |x: &str, y: &str| [x.to_string(), y.to_string()];
        assert_eq!(
            rows,
            [
                row("<p class=\"notice\">N</p>", ""),
                row("<p>A1</p>", "<p>B1</p>"),
                row("<p>A2</p>", ""),
                row("<p>FA</p>", "<p>FB</p>"),
            ]
        );
    }
}
