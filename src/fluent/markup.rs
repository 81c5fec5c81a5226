//! The small allow-list of markup a translation may carry.
//!
//! Translations are untrusted: everything is escaped except a few text-level
//! elements, re-emitted in a canonical form, and `<a data-l10n-name="…">`,
//! whose `href` comes from the template (as Fluent's DOM overlays do). What
//! is not allowed comes out as inert text and a warning.

use std::collections::BTreeMap;
use std::fmt::Write;

/// Elements a translation may use, with the attributes each may carry.
const ALLOWED: &[(&str, &[&str])] = &[
    ("a", &["data-l10n-name", "title"]),
    ("abbr", &["title"]),
    ("b", &[]),
    ("bdi", &["dir"]),
    ("br", &[]),
    ("cite", &[]),
    ("code", &[]),
    ("em", &[]),
    ("i", &[]),
    ("mark", &[]),
    ("q", &[]),
    ("s", &[]),
    ("small", &[]),
    ("span", &["lang", "dir"]),
    ("strong", &[]),
    ("sub", &[]),
    ("sup", &[]),
    ("u", &[]),
    ("wbr", &[]),
];

const VOID: &[&str] = &["br", "wbr"];

/// Whether `name` is an element translations may use.
pub fn is_allowed_element(name: &str) -> bool {
    ALLOWED.iter().any(|(n, _)| *n == name)
}

/// Whether `attr` may stand on `element`.
pub fn is_allowed_attribute(element: &str, attr: &str) -> bool {
    ALLOWED
        .iter()
        .any(|(n, attrs)| *n == element && attrs.contains(&attr))
}

/// Escapes text for HTML content and attribute values alike.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// One tag found in a translation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    pub name: String,
    pub closing: bool,
    pub attributes: Vec<(String, String)>,
    /// Byte range of the tag in the scanned text.
    pub span: std::ops::Range<usize>,
}

/// Finds the tags in `text`; anything that does not parse as a tag is text.
pub fn scan_tags(text: &str) -> Vec<Tag> {
    let mut tags = Vec::new();
    let mut pos = 0;
    while let Some(rel) = text[pos..].find('<') {
        let start = pos + rel;
        match parse_tag(&text[start..]) {
            Some((mut tag, len)) => {
                tag.span = start..start + len;
                tags.push(tag);
                pos = start + len;
            }
            None => pos = start + 1,
        }
    }
    tags
}

fn parse_tag(s: &str) -> Option<(Tag, usize)> {
    let end = s.find('>')?;
    let inner = &s[1..end];
    let (closing, inner) = match inner.strip_prefix('/') {
        Some(rest) => (true, rest),
        None => (false, inner),
    };
    let inner = inner.trim_end_matches('/').trim_end();
    let name_end = inner
        .find(|c: char| c.is_whitespace())
        .unwrap_or(inner.len());
    let name = &inner[..name_end];
    if name.is_empty()
        || !name.starts_with(|c: char| c.is_ascii_alphabetic())
        || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    {
        return None;
    }
    let attributes = parse_attributes(&inner[name_end..])?;
    Some((
        Tag {
            name: name.to_ascii_lowercase(),
            closing,
            attributes,
            span: 0..0,
        },
        end + 1,
    ))
}

fn parse_attributes(mut s: &str) -> Option<Vec<(String, String)>> {
    let mut attrs = Vec::new();
    loop {
        s = s.trim_start();
        if s.is_empty() {
            return Some(attrs);
        }
        let name_end = s
            .find(|c: char| c.is_whitespace() || c == '=')
            .unwrap_or(s.len());
        let name = s[..name_end].to_ascii_lowercase();
        if name.is_empty() {
            return None;
        }
        s = s[name_end..].trim_start();
        let value = if let Some(rest) = s.strip_prefix('=') {
            let rest = rest.trim_start();
            let quote = rest.chars().next()?;
            if quote == '"' || quote == '\'' {
                let close = rest[1..].find(quote)?;
                s = &rest[close + 2..];
                rest[1..close + 1].to_string()
            } else {
                let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
                s = &rest[end..];
                rest[..end].to_string()
            }
        } else {
            String::new()
        };
        attrs.push((name, value));
    }
}

/// Turns a formatted translation into safe HTML.
///
/// `text` must already have its arguments escaped (see [`escape`]): entity
/// references in it are kept, every other `&`, `<` and `>` is escaped.
/// `links` maps `data-l10n-name` values to the `href` the template supplies.
/// Returns the HTML and a warning for everything that was neutralised.
pub fn sanitize(text: &str, links: &BTreeMap<String, String>) -> (String, Vec<String>) {
    let mut out = String::with_capacity(text.len() + 16);
    let mut warnings = Vec::new();
    let mut open: Vec<String> = Vec::new();
    let mut pos = 0;
    for tag in scan_tags(text) {
        escape_text(&text[pos..tag.span.start], &mut out);
        pos = tag.span.end;
        let raw = &text[tag.span.clone()];
        if !is_allowed_element(&tag.name) {
            warnings.push(format!(
                "element <{}> is not allowed in translations",
                tag.name
            ));
            escape_text(raw, &mut out);
            continue;
        }
        if tag.closing {
            if open.last() == Some(&tag.name) {
                open.pop();
                let _ = write!(out, "</{}>", tag.name);
            } else {
                warnings.push(format!("</{}> closes nothing", tag.name));
                escape_text(raw, &mut out);
            }
            continue;
        }
        let mut rendered = format!("<{}", tag.name);
        let mut ok = true;
        for (name, value) in &tag.attributes {
            if !is_allowed_attribute(&tag.name, name) {
                warnings.push(format!(
                    "attribute `{name}` is not allowed on <{}> in translations",
                    tag.name
                ));
                ok = false;
                continue;
            }
            if name == "data-l10n-name" {
                match links.get(value) {
                    Some(href) => {
                        let _ = write!(rendered, " href=\"{}\"", escape(href));
                    }
                    None => {
                        warnings.push(format!(
                            "link data-l10n-name=\"{value}\" has no address in the template"
                        ));
                        ok = false;
                    }
                }
                continue;
            }
            let _ = write!(rendered, " {name}=\"{}\"", escape(&unescape_quotes(value)));
        }
        if tag.name == "a" && !tag.attributes.iter().any(|(n, _)| n == "data-l10n-name") {
            warnings.push("<a> needs data-l10n-name; its address comes from the template".into());
            ok = false;
        }
        if !ok {
            escape_text(raw, &mut out);
            continue;
        }
        rendered.push('>');
        out.push_str(&rendered);
        if !VOID.contains(&tag.name.as_str()) {
            open.push(tag.name);
        }
    }
    escape_text(&text[pos..], &mut out);
    for name in open.into_iter().rev() {
        warnings.push(format!("<{name}> is never closed"));
        let _ = write!(out, "</{name}>");
    }
    (out, warnings)
}

/// Attribute values arrive with their arguments escaped; undo only what
/// [`escape`] would do again, so values are not double-escaped.
fn unescape_quotes(value: &str) -> String {
    value
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Escapes text but keeps well-formed entity references (`&amp;`, `&#8217;`).
fn escape_text(text: &str, out: &mut String) {
    let mut rest = text;
    while let Some(i) = rest.find(['&', '<', '>', '"']) {
        out.push_str(&rest[..i]);
        let c = rest.as_bytes()[i];
        rest = &rest[i..];
        match c {
            b'&' => {
                let len = entity_len(rest);
                if len > 0 {
                    out.push_str(&rest[..len]);
                    rest = &rest[len..];
                    continue;
                }
                out.push_str("&amp;");
            }
            b'<' => out.push_str("&lt;"),
            b'>' => out.push_str("&gt;"),
            _ => out.push_str("&quot;"),
        }
        rest = &rest[1..];
    }
    out.push_str(rest);
}

fn entity_len(s: &str) -> usize {
    let bytes = s.as_bytes();
    let mut i = 1;
    let numeric = bytes.get(1) == Some(&b'#');
    if numeric {
        i += 1;
        if matches!(bytes.get(2), Some(b'x' | b'X')) {
            i += 1;
        }
    }
    let start = i;
    while i < bytes.len() && i < 40 && bytes[i].is_ascii_alphanumeric() {
        i += 1;
    }
    if i > start && bytes.get(i) == Some(&b';') {
        i + 1
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn links() -> BTreeMap<String, String> {
        BTreeMap::from([(
            "more".to_string(),
            "https://example.org/?a=1&b=2".to_string(),
        )])
    }

    #[test]
    fn allowed_markup_passes_and_links_get_template_href() {
        let (html, warnings) = sanitize(
            "<strong>Bold</strong> and <a data-l10n-name=\"more\">more</a>",
            &links(),
        );
        assert_eq!(
            html,
            "<strong>Bold</strong> and <a href=\"https://example.org/?a=1&amp;b=2\">more</a>"
        );
        assert!(warnings.is_empty());
    }

    #[test]
    fn hostile_markup_is_inert() {
        let (html, warnings) = sanitize(
            "<script>alert(1)</script><img src=x onerror=alert(1)><a href=\"javascript:x\">y</a><strong onclick=\"x\">z</strong>",
            &links(),
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(!html.contains("<a"), "{html}");
        assert!(!html.contains("<strong"), "{html}");
        assert!(html.contains("&lt;script&gt;"));
        assert_eq!(warnings.len(), 8, "{warnings:?}");
        assert!(warnings.contains(
            &"attribute `onclick` is not allowed on <strong> in translations".to_string()
        ));
    }

    #[test]
    fn entities_are_kept_bare_ampersands_escaped() {
        let (html, _) = sanitize("Fish &amp; chips & peas &#8217; &lt;b&gt;", &links());
        assert_eq!(html, "Fish &amp; chips &amp; peas &#8217; &lt;b&gt;");
    }

    #[test]
    fn unclosed_and_stray_tags_are_balanced() {
        let (html, warnings) = sanitize("<em>a</strong>", &links());
        assert_eq!(html, "<em>a&lt;/strong&gt;</em>");
        assert_eq!(warnings.len(), 2);
    }
}
