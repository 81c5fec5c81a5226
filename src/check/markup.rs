//! Markup by parity, for projects that render markup their own way (every compare-locales
//! project; `[check] markup = "parity"`). Such sites write `<a href="{ $url }">` or
//! `<a { $attrs }>` in the source itself, so fluentpress's own allow-list says nothing
//! about them. What matters is that a translation keeps the source's elements, attribute
//! names and attribute placeables, and that its tags are well formed.

use super::compare::{at, join, pattern_text};
use crate::finding::Code;
use crate::finding::{Finding, Severity};
use crate::fluent::catalog::ResourceFile;
use crate::fluent::markup::{scan_tags, Tag};
use fluent_syntax::ast::Pattern;
use std::collections::{BTreeMap, BTreeSet};

/// Elements that have no closing tag.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

pub(super) fn parity_findings(
    tag: &str,
    file: &ResourceFile,
    id_part: &str,
    id: &str,
    src: &Pattern<&str>,
    tgt: &Pattern<&str>,
) -> Vec<Finding> {
    let (src_text, tgt_text) = (pattern_text(src), pattern_text(tgt));
    let (src_tags, tgt_tags) = (scan_tags(&src_text), scan_tags(&tgt_text));
    let mut out = Vec::new();

    let src_names: BTreeSet<&str> = src_tags.iter().map(|t| t.name.as_str()).collect();
    let mut problems = malformed(&tgt_text, &tgt_tags, &src_names);
    // A problem the source has too is the source's, not the translator's.
    let src_problems: BTreeSet<String> = malformed(&src_text, &src_tags, &src_names)
        .into_iter()
        .collect();
    problems.retain(|p| !src_problems.contains(p));
    for problem in problems {
        let mut f = at(
            Code::UnsafeMarkup,
            tag,
            file,
            id_part,
            format!("`{id}`: {problem}; the page will show broken markup"),
        )
        .id(id);
        f.severity = Severity::Error;
        out.push(f);
    }

    // A broken tag also reads as a missing one: say the cause once.
    if !out.is_empty() {
        return out;
    }
    let (s, t) = (shapes(&src_tags), shapes(&tgt_tags));
    let only_src: Vec<&String> = s.iter().filter(|k| !t.contains(*k)).collect();
    let only_tgt: Vec<&String> = t.iter().filter(|k| !s.contains(*k)).collect();
    if !only_src.is_empty() || !only_tgt.is_empty() {
        // Emphasis or a line break a translator adds or drops is a choice of style; a
        // link or an element with attributes lost or invented changes what the page does.
        let styling = only_src
            .iter()
            .chain(&only_tgt)
            .all(|shape| STYLE_ONLY.contains(&shape.as_str()));
        let mut parts = Vec::new();
        if !only_src.is_empty() {
            parts.push(format!("lacks {}", join(&only_src)));
        }
        if !only_tgt.is_empty() {
            parts.push(format!("adds {}", join(&only_tgt)));
        }
        out.push(
            at(
                Code::MarkupMismatch,
                tag,
                file,
                id_part,
                format!(
                    "`{id}` markup differs from the source: {}",
                    parts.join("; ")
                ),
            )
            .id(id),
        );
        if styling {
            if let Some(f) = out.last_mut() {
                f.severity = Severity::Info;
            }
        }
    }
    out
}

/// Elements without attributes that only style text.
const STYLE_ONLY: &[&str] = &[
    "<em>", "<strong>", "<i>", "<b>", "<br>", "<span>", "<u>", "<small>", "<mark>", "<sup>",
    "<sub>", "<code>", "<q>", "<cite>", "<abbr>",
];

/// Markup text as a translator wrote it: a placeable, U+FFFC in the pattern's text,
/// reads `{…}`.
pub(super) fn shown(text: &str) -> String {
    text.replace('\u{FFFC}', "{…}")
}

/// Each opening tag as the source must match it: element, attribute names, and which
/// attribute values hold a placeable (U+FFFC in the pattern's text).
fn shapes(tags: &[Tag]) -> BTreeSet<String> {
    tags.iter()
        .filter(|t| !t.closing)
        .map(|t| {
            let mut attrs: Vec<String> = t
                .attributes
                .iter()
                .map(|(name, value)| {
                    let name = shown(name);
                    if value.contains('\u{FFFC}') {
                        format!("{name}=\"{{…}}\"")
                    } else {
                        name
                    }
                })
                .collect();
            attrs.sort();
            if attrs.is_empty() {
                format!("<{}>", t.name)
            } else {
                format!("<{} {}>", t.name, attrs.join(" "))
            }
        })
        .collect()
}

/// Tags that do not parse (`< a`, `<a{ $x }>`, `<a href="x>`) and elements opened more
/// often than closed (or the reverse), described for a translator.
fn malformed(text: &str, tags: &[Tag], known: &BTreeSet<&str>) -> Vec<String> {
    let mut out = Vec::new();
    let starts: BTreeSet<usize> = tags.iter().map(|t| t.span.start).collect();
    for (i, _) in text.match_indices('<') {
        if starts.contains(&i) {
            continue;
        }
        let rest = &text[i + 1..];
        let after_slash = rest.strip_prefix('/').unwrap_or(rest);
        let trimmed = after_slash.trim_start();
        let name: String = trimmed
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect();
        let name = name.to_ascii_lowercase();
        if name.is_empty() || !known.contains(name.as_str()) {
            continue;
        }
        let start: String = text[i..].chars().take(12).collect();
        out.push(format!(
            "`{}` is not a well-formed <{name}> tag",
            shown(start.trim_end())
        ));
    }
    // A tag that does not parse throws the counts off: it is the one problem to report.
    if !out.is_empty() {
        return out;
    }
    let mut balance: BTreeMap<&str, i64> = BTreeMap::new();
    for t in tags {
        if VOID.contains(&t.name.as_str()) {
            continue;
        }
        *balance.entry(t.name.as_str()).or_default() += if t.closing { -1 } else { 1 };
    }
    for (name, n) in balance {
        if n > 0 {
            out.push(format!("<{name}> is opened but never closed"));
        } else if n < 0 {
            out.push(format!("</{name}> closes an element that was never opened"));
        }
    }
    out
}
