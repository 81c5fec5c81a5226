//! gettext PO, written by hand (the format is small). PO has no inline
//! codes: placeables and tags are shown as their Fluent source, and an
//! import finds them again in the translation.

use super::{Content, Document, Imported, ImportedDocument, InterchangeError, Piece, State, Unit};
use std::fmt::Write;
use std::path::Path;

fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 => {}
            c => out.push(c),
        }
    }
    out
}

/// `keyword "text"`, split after each line break as PO tools do.
fn field(out: &mut String, keyword: &str, text: &str) {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    if lines.len() <= 1 {
        let _ = writeln!(out, "{keyword} \"{}\"", quote(text));
        return;
    }
    let _ = writeln!(out, "{keyword} \"\"");
    for line in lines {
        let _ = writeln!(out, "\"{}\"", quote(line));
    }
}

/// A unit's content as PO text: codes as their Fluent source, a select's
/// place as `{…1}`.
pub fn text_of(unit: &Unit, content: &Content) -> String {
    content
        .iter()
        .map(|p| match p {
            Piece::Text(t) => t.clone(),
            Piece::Ph(id) | Piece::Start(id) | Piece::End(id) => {
                let Some(c) = unit.codes.iter().find(|c| &c.id == id) else {
                    return String::new();
                };
                match (p, c.select) {
                    (_, Some(n)) => format!("{{…{n}}}"),
                    (Piece::End(_), _) => c.data_end.clone().unwrap_or_default(),
                    _ => c.data.clone(),
                }
            }
        })
        .collect()
}

pub fn write(doc: &Document) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# {} translation, exported by fluentpress from the {} source.\nmsgid \"\"\nmsgstr \"\"",
        quote(&doc.target_locale),
        quote(&doc.source_locale)
    );
    for header in [
        "Project-Id-Version: fluentpress".to_string(),
        "Report-Msgid-Bugs-To: \\n".to_string(),
        "PO-Revision-Date: 2000-01-01 00:00+0000".to_string(),
        "Last-Translator: \\n".to_string(),
        "Language-Team: \\n".to_string(),
        format!("Language: {}", quote(&doc.target_locale)),
        "MIME-Version: 1.0".to_string(),
        "Content-Type: text/plain; charset=UTF-8".to_string(),
        "Content-Transfer-Encoding: 8bit".to_string(),
        format!("X-Source-Language: {}", quote(&doc.source_locale)),
    ] {
        let header = header.trim_end_matches("\\n");
        let _ = writeln!(out, "\"{header}\\n\"");
    }
    for file in &doc.files {
        for unit in &file.units {
            out.push('\n');
            for (category, text) in &unit.notes {
                for line in format!("{category}: {text}").lines() {
                    let _ = writeln!(out, "#. {line}");
                }
            }
            let _ = writeln!(
                out,
                "#: {}",
                file.original.display().to_string().replace(' ', "\u{2007}")
            );
            if unit.state == State::Stale {
                out.push_str("#, fuzzy\n");
            }
            field(&mut out, "msgctxt", &unit.id);
            field(&mut out, "msgid", &text_of(unit, &unit.source));
            let target = unit
                .target
                .as_ref()
                .map_or(String::new(), |t| text_of(unit, t));
            field(&mut out, "msgstr", &target);
        }
    }
    out
}

fn unquote(
    path: &Path,
    text: &str,
    line_start: usize,
    s: &str,
) -> Result<String, InterchangeError> {
    let err = |m: &str| InterchangeError::at(path, text, line_start, m.to_string());
    let inner = s
        .trim()
        .strip_prefix('"')
        .and_then(|r| r.strip_suffix('"'))
        .ok_or_else(|| err("expected a quoted string"))?;
    let mut out = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some('r') => out.push('\r'),
                Some('\\') => out.push('\\'),
                Some('"') => out.push('"'),
                Some(other) => return Err(err(&format!("unknown escape \\{other}"))),
                None => return Err(err("a string ends in a backslash")),
            },
            '"' => return Err(err("an unescaped quote inside a string")),
            c => out.push(c),
        }
    }
    Ok(out)
}

/// The msgstrs by msgctxt, as text (codes are found again by [`super::apply`]).
pub fn read(path: &Path, text: &str) -> Result<ImportedDocument, InterchangeError> {
    #[derive(Default)]
    struct Entry {
        ctxt: Option<String>,
        id: Option<String>,
        str: Option<String>,
        /// The `#:` reference: the source file the entry is from.
        file: Option<String>,
        offset: usize,
    }
    let mut doc = ImportedDocument {
        target_locale: None,
        units: Vec::new(),
    };
    let mut entry = Entry::default();
    // Which field a continuation string belongs to.
    let mut current: Option<&'static str> = None;
    let finish = |entry: &mut Entry, doc: &mut ImportedDocument| -> Result<(), InterchangeError> {
        let e = std::mem::take(entry);
        match (e.ctxt, e.id, e.str) {
            (None, Some(id), Some(s)) if id.is_empty() => {
                doc.target_locale = s
                    .lines()
                    .find_map(|l| l.strip_prefix("Language:"))
                    .map(|l| l.trim().to_string());
            }
            (Some(ctxt), Some(_), Some(s)) => doc.units.push(Imported {
                file: e.file.unwrap_or_default().into(),
                id: ctxt,
                target: if s.is_empty() {
                    Vec::new()
                } else {
                    vec![Piece::Text(s)]
                },
                offset: e.offset,
            }),
            (None, None, None) => {}
            _ => {
                return Err(InterchangeError::at(
                    path,
                    text,
                    e.offset,
                    "an entry needs msgctxt, msgid and msgstr (fluentpress writes all three)"
                        .into(),
                ))
            }
        }
        Ok(())
    };
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let trimmed = line.trim();
        if trimmed.is_empty() {
            finish(&mut entry, &mut doc)?;
            current = None;
            continue;
        }
        if let Some(reference) = trimmed.strip_prefix("#:") {
            // A comment after a msgstr opens the next entry, blank line or not.
            if entry.str.is_some() {
                finish(&mut entry, &mut doc)?;
                current = None;
            }
            // One file per entry as written; a tool that adds more keeps the first.
            if let Some(first) = reference.split_whitespace().next() {
                entry.file.get_or_insert_with(|| first.to_string());
            }
            continue;
        }
        if trimmed.starts_with('#') {
            continue;
        }
        let (keyword, rest) = match trimmed.split_once(char::is_whitespace) {
            Some((k, r)) if !k.starts_with('"') => (Some(k), r),
            _ => (None, trimmed),
        };
        let value = unquote(path, text, start, rest)?;
        let slot = match keyword {
            None => current.ok_or_else(|| {
                InterchangeError::at(path, text, start, "a string outside any msgid or msgstr".into())
            })?,
            Some("msgctxt") => "msgctxt",
            Some("msgid") => "msgid",
            Some("msgstr") => "msgstr",
            Some(other) => {
                return Err(InterchangeError::at(
                    path,
                    text,
                    start,
                    format!("`{other}` is not a PO keyword fluentpress reads (plural forms are exported as units of their own)"),
                ))
            }
        };
        if keyword.is_some() {
            let taken = match slot {
                "msgctxt" => entry.ctxt.is_some() || entry.id.is_some(),
                "msgid" => entry.id.is_some(),
                _ => entry.str.is_some(),
            };
            if taken {
                finish(&mut entry, &mut doc)?;
            }
            if entry.ctxt.is_none() && entry.id.is_none() && entry.str.is_none() {
                entry.offset = start;
            }
        }
        let target = match slot {
            "msgctxt" => &mut entry.ctxt,
            "msgid" => &mut entry.id,
            _ => &mut entry.str,
        };
        target.get_or_insert_with(String::new).push_str(&value);
        current = Some(slot);
    }
    finish(&mut entry, &mut doc)?;
    Ok(doc)
}
