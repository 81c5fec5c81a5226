//! XLIFF 2.0 (core), 2.2 and 1.2: one writer and one reader for all three.
//!
//! Placeables and tags are inline codes a CAT tool protects: in 2.0 `<ph>`
//! and `<pc>` pointing at `<originalData>` (the Fluent source), in 1.2
//! `<ph>` and `<bpt>`/`<ept>` holding it.

use super::{
    Code, Content, Document, Imported, ImportedDocument, InterchangeError, Piece, State, Unit,
};
use quick_xml::events::Event;
use quick_xml::Reader;
use std::fmt::Write;
use std::path::Path;

/// The XLIFF versions written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    V12,
    V20,
    /// 2.2 with the Plural, Gender and Select module.
    V22,
}

/// Text for XML content and attribute values, appended to `out`. Characters
/// XML 1.0 cannot hold at all (C0 controls) are dropped; `check` reports them
/// in the file.
fn escape_into(out: &mut String, text: &str) {
    // Runs of ordinary text are copied whole: a large export spent more
    // time pushing characters one by one than on anything else it wrote.
    // Every byte that needs a look is ASCII or 0xEF, the lead byte of
    // U+FFFE and U+FFFF, so runs end on character boundaries.
    let bytes = text.as_bytes();
    let mut copied = 0;
    let mut at = 0;
    while at < bytes.len() {
        let b = bytes[at];
        let (replacement, len): (&str, usize) = match b {
            b'&' => ("&amp;", 1),
            b'<' => ("&lt;", 1),
            b'>' => ("&gt;", 1),
            b'"' => ("&quot;", 1),
            b'\r' => ("&#13;", 1),
            b'\t' | b'\n' => {
                at += 1;
                continue;
            }
            b if b < 0x20 => ("", 1),
            0xEF if matches!(bytes.get(at + 1..at + 3), Some([0xBF, 0xBE | 0xBF])) => ("", 3),
            _ => {
                at += 1;
                continue;
            }
        };
        out.push_str(&text[copied..at]);
        out.push_str(replacement);
        at += len;
        copied = at;
    }
    out.push_str(&text[copied..]);
}

pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text);
    out
}

/// `name="value"` with a leading space, escaped.
fn attribute(out: &mut String, name: &str, value: &str) {
    out.push(' ');
    out.push_str(name);
    out.push_str("=\"");
    escape_into(out, value);
    out.push('"');
}

fn code<'c>(codes: &'c [Code], id: &str) -> Option<&'c Code> {
    codes.iter().find(|c| c.id == id)
}

fn yes_no(b: bool) -> &'static str {
    if b {
        "yes"
    } else {
        "no"
    }
}

/// A segment's inline content: codes as 2.x `<ph>`/`<pc>` pointing at
/// `<originalData>`, or 1.2 `<ph>`/`<bpt>`/`<ept>` holding the Fluent.
/// `prefix` keeps code ids unique when several segments share a unit.
fn inline(out: &mut String, content: &Content, codes: &[Code], dialect: Dialect, prefix: &str) {
    for piece in content {
        let (Piece::Ph(id) | Piece::Start(id) | Piece::End(id)) = piece else {
            if let Piece::Text(t) = piece {
                escape_into(out, t);
            }
            continue;
        };
        let Some(c) = code(codes, id) else { continue };
        let id = format!("{prefix}{id}");
        let end = c.data_end.as_deref().unwrap_or("");
        match (piece, dialect) {
            (Piece::Ph(_), Dialect::V12) => {
                let _ = write!(
                    out,
                    "<ph id=\"{id}\" equiv-text=\"{}\">",
                    escape(&c.display())
                );
                escape_into(out, &c.data);
                out.push_str("</ph>");
            }
            (Piece::Ph(_), _) => {
                let _ = write!(
                    out,
                    "<ph id=\"{id}\" dataRef=\"d{id}\" disp=\"{}\" canDelete=\"{}\"/>",
                    escape(&c.display()),
                    yes_no(c.can_delete)
                );
            }
            (Piece::Start(_), Dialect::V12) => {
                let _ = write!(out, "<bpt id=\"{id}\">");
                escape_into(out, &c.data);
                out.push_str("</bpt>");
            }
            (Piece::Start(_), _) => {
                let _ = write!(
                    out,
                    "<pc id=\"{id}\" dataRefStart=\"d{id}\" dataRefEnd=\"d{id}e\" dispStart=\"{}\" dispEnd=\"{}\" canDelete=\"{}\">",
                    escape(&c.data),
                    escape(end),
                    yes_no(c.can_delete)
                );
            }
            (_, Dialect::V12) => {
                let _ = write!(out, "<ept id=\"{id}\">");
                escape_into(out, end);
                out.push_str("</ept>");
            }
            _ => out.push_str("</pc>"),
        }
    }
}

/// XLIFF 1.2, 2.0 or 2.2.
pub fn write(doc: &Document, dialect: Dialect) -> String {
    if dialect == Dialect::V12 {
        return write12(doc);
    }
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xliff");
    match dialect {
        Dialect::V22 => out.push_str(
            " xmlns=\"urn:oasis:names:tc:xliff:document:2.2\" xmlns:pgs=\"urn:oasis:names:tc:xliff:pgs:1.0\" version=\"2.2\"",
        ),
        _ => out.push_str(" xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.0\""),
    }
    attribute(&mut out, "srcLang", &doc.source_locale);
    attribute(&mut out, "trgLang", &doc.target_locale);
    out.push_str(">\n");
    for (n, file) in doc.files.iter().enumerate() {
        if file.units.is_empty() {
            continue;
        }
        let _ = write!(out, "  <file id=\"f{}\"", n + 1);
        attribute(&mut out, "original", &file.name);
        out.push_str(">\n");
        let groups = match dialect {
            Dialect::V22 => switch_groups(&file.units),
            _ => file.units.iter().map(|u| (None, vec![u])).collect(),
        };
        for (switch, units) in groups {
            unit2(&mut out, switch, &units, dialect);
        }
        out.push_str("  </file>\n");
    }
    out.push_str("</xliff>\n");
    out
}

/// What one 2.x `<unit>` is written from: (for a switch, its id and
/// `pgs:switch`; the units it holds).
type Group<'u> = (Option<(String, String)>, Vec<&'u Unit>);

/// A select's variant units gathered under their select, where 2.2 writes
/// them as one unit: (the parent id and `pgs:switch`, the variants). Other
/// units stay alone, in order; a group stands where its first variant was.
fn switch_groups(units: &[Unit]) -> Vec<Group<'_>> {
    let mut groups: Vec<Group> = Vec::new();
    let mut at: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for unit in units {
        let parent = unit.id.rsplit_once(':').map(|(p, _)| p);
        let (Some(selector), Some(parent)) = (&unit.selector, parent) else {
            groups.push((None, vec![unit]));
            continue;
        };
        if let Some(&i) = at.get(parent) {
            groups[i].1.push(unit);
            continue;
        }
        at.insert(parent, groups.len());
        groups.push((Some((parent.to_string(), switch(selector))), vec![unit]));
    }
    groups
}

/// `pgs:switch` for a Fluent selector: `plural:count` for `{ $count -> }`
/// with plural keys, `ordinal:n`, or `select:…` (no spaces: the attribute
/// is a space-separated list).
fn switch(selector: &str) -> String {
    let variable: String = selector
        .trim_start_matches("NUMBER(")
        .split([',', ')'])
        .next()
        .unwrap_or(selector)
        .trim_start_matches('$')
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let numeric = selector.starts_with('$') || selector.starts_with("NUMBER(");
    let kind = if selector.contains("type: \"ordinal\"") {
        "ordinal"
    } else if numeric {
        "plural"
    } else {
        "select"
    };
    format!("{kind}:{variable}")
}

/// One 2.x unit: a unit of its own, or (2.2, `switch` given) a select's
/// variants as its segments, each segment's id the variant's unit id.
fn unit2(out: &mut String, switch: Option<(String, String)>, units: &[&Unit], dialect: Dialect) {
    let Some(first) = units.first() else { return };
    let id = switch
        .as_ref()
        .map_or(first.id.as_str(), |(p, _)| p.as_str());
    out.push_str("    <unit");
    attribute(out, "id", id);
    attribute(out, "name", &first.message);
    if first.is_term {
        out.push_str(" type=\"fp:term\"");
    }
    if let Some((_, s)) = &switch {
        attribute(out, "pgs:switch", s);
    }
    out.push_str(">\n");
    // Notes are the unit's: each different one once.
    let mut notes: Vec<&(String, String)> = Vec::new();
    for note in units.iter().flat_map(|u| &u.notes) {
        if !notes.contains(&note) {
            notes.push(note);
        }
    }
    if !notes.is_empty() {
        out.push_str("      <notes>\n");
        for (category, text) in notes {
            out.push_str("        <note");
            attribute(out, "category", category);
            out.push('>');
            escape_into(out, text);
            out.push_str("</note>\n");
        }
        out.push_str("      </notes>\n");
    }
    let prefix = |unit: &Unit| match &switch {
        Some(_) => format!("{}-", unit.id.rsplit_once(':').map_or("", |(_, k)| k)),
        None => String::new(),
    };
    if units.iter().any(|u| !u.codes.is_empty()) {
        out.push_str("      <originalData>\n");
        for unit in units {
            let prefix = prefix(unit);
            for c in &unit.codes {
                let _ = write!(out, "        <data id=\"d{prefix}{}\">", c.id);
                escape_into(out, &c.data);
                out.push_str("</data>\n");
                if let Some(end) = &c.data_end {
                    let _ = write!(out, "        <data id=\"d{prefix}{}e\">", c.id);
                    escape_into(out, end);
                    out.push_str("</data>\n");
                }
            }
        }
        out.push_str("      </originalData>\n");
    }
    for unit in units {
        let prefix = prefix(unit);
        out.push_str("      <segment");
        if switch.is_some() {
            attribute(out, "id", &unit.id);
            attribute(
                out,
                "pgs:case",
                unit.id.rsplit_once(':').map_or("", |(_, k)| k),
            );
        }
        out.push_str(match unit.state {
            State::Missing => " state=\"initial\"",
            State::Translated => " state=\"translated\"",
            State::Stale => " state=\"initial\" subState=\"fp:stale\"",
        });
        out.push_str(">\n        <source xml:space=\"preserve\">");
        inline(out, &unit.source, &unit.codes, dialect, &prefix);
        out.push_str("</source>\n");
        if let Some(target) = &unit.target {
            out.push_str("        <target xml:space=\"preserve\">");
            inline(out, target, &unit.codes, dialect, &prefix);
            out.push_str("</target>\n");
        }
        out.push_str("      </segment>\n");
    }
    out.push_str("    </unit>\n");
}

/// XLIFF 1.2.
fn write12(doc: &Document) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xliff xmlns=\"urn:oasis:names:tc:xliff:document:1.2\" version=\"1.2\">\n",
    );
    for file in &doc.files {
        if file.units.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "  <file original=\"{}\" source-language=\"{}\" target-language=\"{}\" datatype=\"plaintext\">\n    <body>",
            escape(&file.name),
            escape(&doc.source_locale),
            escape(&doc.target_locale)
        );
        for unit in &file.units {
            out.push_str("      <trans-unit");
            attribute(&mut out, "id", &unit.id);
            attribute(&mut out, "resname", &unit.message);
            out.push_str(" xml:space=\"preserve\"");
            if unit.is_term {
                out.push_str(" extype=\"term\"");
            }
            out.push_str(">\n        <source>");
            inline(&mut out, &unit.source, &unit.codes, Dialect::V12, "");
            out.push_str("</source>\n");
            if let Some(target) = &unit.target {
                let state = match unit.state {
                    State::Stale => "needs-review-translation",
                    _ => "translated",
                };
                let _ = write!(out, "        <target state=\"{state}\">");
                inline(&mut out, target, &unit.codes, Dialect::V12, "");
                out.push_str("</target>\n");
            }
            for (category, text) in &unit.notes {
                out.push_str("        <note");
                attribute(&mut out, "from", category);
                out.push('>');
                escape_into(&mut out, text);
                out.push_str("</note>\n");
            }
            out.push_str("      </trans-unit>\n");
        }
        out.push_str("    </body>\n  </file>\n");
    }
    out.push_str("</xliff>\n");
    out
}

/// Reads the targets of an XLIFF 2.x or 1.2 file (told apart by its root).
/// In a 2.2 unit with `pgs:switch`, each segment is the unit of one variant.
pub fn read(path: &Path, text: &str) -> Result<ImportedDocument, InterchangeError> {
    let err =
        |offset: u64, message: String| InterchangeError::at(path, text, offset as usize, message);
    let mut reader = Reader::from_str(text);
    let mut doc = ImportedDocument {
        target_locale: None,
        units: Vec::new(),
    };
    let mut file: std::sync::Arc<str> = std::sync::Arc::from("");
    let mut unit: Option<(String, usize)> = None;
    // Inside <target>: what was read, and the open <pc> ids.
    let mut target: Option<Content> = None;
    let mut open_pc: Vec<String> = Vec::new();
    // Inside a 1.2 <ph>/<bpt>/<ept>: its native code, which is skipped.
    let mut in_code = 0usize;
    let mut version = None;
    // In a 2.2 unit with a switch: whether it has one, and the current
    // segment's code id prefix (`one-`).
    let mut switched = false;
    let mut prefix = String::new();
    loop {
        let at = reader.buffer_position();
        let event = reader
            .read_event()
            .map_err(|e| err(reader.error_position(), format!("not well-formed XML: {e}")))?;
        // What a translator's tool shows but import does not read (notes, the
        // codes' originals, the source) is passed over whole, not event by event:
        // most of a file's bytes.
        if let Event::Start(ref e) = event {
            let skipped = matches!(
                e.local_name().into_inner(),
                "notes" | "note" | "originalData" | "source"
            );
            if skipped && target.is_none() {
                reader.read_to_end(e.to_end().name()).map_err(|e| {
                    err(reader.error_position(), format!("not well-formed XML: {e}"))
                })?;
                continue;
            }
        }
        let attr = |e: &quick_xml::events::BytesStart,
                    name: &str|
         -> Result<Option<String>, InterchangeError> {
            for a in e.attributes() {
                let a = a.map_err(|x| err(at, format!("bad attribute: {x}")))?;
                if a.key.local_name().into_inner() == name {
                    #[allow(deprecated)]
                    let v = a
                        .unescape_value()
                        .map_err(|x| err(at, format!("bad attribute value: {x}")))?;
                    return Ok(Some(v.into_owned()));
                }
            }
            Ok(None)
        };
        match event {
            Event::Eof => break,
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                let name = e.local_name();
                let name: &str = name.as_ref();
                match (name, target.is_some()) {
                    ("xliff", false) => {
                        version = attr(e, "version")?;
                        doc.target_locale = attr(e, "trgLang")?;
                        if !matches!(version.as_deref(), Some("2.0" | "2.1" | "2.2" | "1.2")) {
                            return Err(err(
                                at,
                                format!(
                                    "XLIFF version {} is not one fluentpress reads (2.0, 2.1, 2.2, 1.2)",
                                    version.as_deref().unwrap_or("(none)")
                                ),
                            ));
                        }
                    }
                    ("file", false) => {
                        file = attr(e, "original")?.unwrap_or_default().into();
                        if doc.target_locale.is_none() {
                            doc.target_locale = attr(e, "target-language")?;
                        }
                    }
                    ("unit" | "trans-unit", false) => {
                        let id =
                            attr(e, "id")?.ok_or_else(|| err(at, "a unit without an id".into()))?;
                        switched = attr(e, "switch")?.is_some();
                        unit = Some((id, at as usize));
                    }
                    ("segment", false) if switched => {
                        let id = attr(e, "id")?
                            .ok_or_else(|| err(at, "a segment of a switch without an id".into()))?;
                        let case = attr(e, "case")?.unwrap_or_default();
                        prefix = format!("{case}-");
                        unit = Some((id, at as usize));
                    }
                    ("target", false) if !empty => {
                        if unit.is_none() {
                            return Err(err(at, "<target> outside a unit".into()));
                        }
                        target = Some(Vec::new());
                    }
                    ("target", false) => {
                        if let Some((id, offset)) = &unit {
                            doc.units.push(Imported {
                                file: file.clone(),
                                id: id.clone(),
                                target: Vec::new(),
                                offset: *offset,
                            });
                        }
                    }
                    (_, true) => {
                        let Some(content) = target.as_mut() else {
                            continue;
                        };
                        let id = || -> Result<String, InterchangeError> {
                            let id = attr(e, "id")?
                                .ok_or_else(|| err(at, format!("<{name}> without an id")))?;
                            Ok(id
                                .strip_prefix(prefix.as_str())
                                .map_or(id.clone(), str::to_string))
                        };
                        let v12 = version.as_deref() == Some("1.2");
                        match name {
                            "ph" => {
                                content.push(Piece::Ph(id()?));
                                if v12 && !empty {
                                    in_code += 1;
                                }
                            }
                            "bpt" => {
                                content.push(Piece::Start(id()?));
                                if !empty {
                                    in_code += 1;
                                }
                            }
                            "ept" => {
                                content.push(Piece::End(id()?));
                                if !empty {
                                    in_code += 1;
                                }
                            }
                            "pc" => {
                                let id = id()?;
                                content.push(Piece::Start(id.clone()));
                                if empty {
                                    content.push(Piece::End(id));
                                } else {
                                    open_pc.push(id);
                                }
                            }
                            "sc" => content.push(Piece::Start(id()?)),
                            "ec" => {
                                let id = attr(e, "startRef")?.map_or_else(id, Ok)?;
                                content.push(Piece::End(id))
                            }
                            other => {
                                return Err(err(
                                    at,
                                    format!(
                                    "<{other}> in a target is not an inline code fluentpress reads"
                                ),
                                ))
                            }
                        }
                    }
                    _ => {}
                }
            }
            Event::End(ref e) => {
                let name = e.local_name();
                let name: &str = name.as_ref();
                match name {
                    "target" => {
                        if let (Some(content), Some((id, offset))) = (target.take(), &unit) {
                            doc.units.push(Imported {
                                file: file.clone(),
                                id: id.clone(),
                                target: merge(content),
                                offset: *offset,
                            });
                        }
                    }
                    // The end of one variant's segment in a switch, or of a unit otherwise.
                    "unit" | "trans-unit" | "segment" if (name == "segment") == switched => {
                        // A unit with no target is still one that must exist.
                        if let Some((id, offset)) = unit.take() {
                            if !doc
                                .units
                                .last()
                                .is_some_and(|u| u.id == id && u.offset == offset)
                            {
                                doc.units.push(Imported {
                                    file: file.clone(),
                                    id,
                                    target: Vec::new(),
                                    offset,
                                });
                            }
                        }
                    }
                    "unit" => switched = false,
                    "pc" => {
                        if let (Some(content), Some(id)) = (target.as_mut(), open_pc.pop()) {
                            content.push(Piece::End(id));
                        }
                    }
                    "ph" | "bpt" | "ept" if in_code > 0 => in_code -= 1,
                    _ => {}
                }
            }
            Event::Text(t) => {
                if let (Some(content), 0) = (target.as_mut(), in_code) {
                    content.push(Piece::Text(t.xml10_content().into_owned()));
                }
            }
            Event::CData(t) => {
                if let (Some(content), 0) = (target.as_mut(), in_code) {
                    content.push(Piece::Text(t.xml10_content().into_owned()));
                }
            }
            Event::GeneralRef(r) => {
                if let (Some(content), 0) = (target.as_mut(), in_code) {
                    let c = match r.resolve_char_ref() {
                        Ok(Some(c)) => c.to_string(),
                        _ => {
                            let name = r.to_string();
                            quick_xml::escape::resolve_predefined_entity(&name)
                                .map(str::to_string)
                                .ok_or_else(|| err(at, format!("unknown entity &{name};")))?
                        }
                    };
                    content.push(Piece::Text(c));
                }
            }
            _ => {}
        }
    }
    if version.is_none() {
        return Err(err(0, "not an XLIFF file (no <xliff> element)".into()));
    }
    Ok(doc)
}

/// Adjacent text pieces as one.
pub fn merge(content: Content) -> Content {
    // Most contents are merged already (import merges what the reader
    // merged): returned as they are, not copied.
    let text = |p: &Piece| matches!(p, Piece::Text(_));
    if content.windows(2).all(|w| !(text(&w[0]) && text(&w[1])))
        && !content
            .iter()
            .any(|p| matches!(p, Piece::Text(t) if t.is_empty()))
    {
        return content;
    }
    let mut out: Content = Vec::with_capacity(content.len());
    for piece in content {
        match (out.last_mut(), piece) {
            (Some(Piece::Text(a)), Piece::Text(b)) => a.push_str(&b),
            (_, p) => out.push(p),
        }
    }
    out.retain(|p| !matches!(p, Piece::Text(t) if t.is_empty()));
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escaping_replaces_markup_and_drops_what_xml_cannot_hold() {
        assert_eq!(
            escape("a & <b> \"c\"\r\n\td"),
            "a &amp; &lt;b&gt; &quot;c&quot;&#13;\n\td"
        );
        assert_eq!(escape("x\u{1}\u{1f}y"), "xy");
        // U+FFFE and U+FFFF go; their neighbours sharing the lead byte 0xEF stay.
        assert_eq!(
            escape("\u{FFFD}\u{FFFE}\u{FFFF}\u{F000}\u{FEFF}é中"),
            "\u{FFFD}\u{F000}\u{FEFF}é中"
        );
        assert_eq!(escape(""), "");
        assert_eq!(escape("\u{FFFF}"), "");
    }
}
