//! XLIFF 2.0 (core) and 1.2: writers, and one reader for both.
//!
//! Placeables and tags are inline codes a CAT tool protects: in 2.0 `<ph>`
//! and `<pc>` pointing at `<originalData>` (the Fluent source), in 1.2
//! `<ph>` and `<bpt>`/`<ept>` holding it.

use super::{Code, Content, Document, Imported, ImportedDocument, InterchangeError, Piece, State};
use quick_xml::events::Event;
use quick_xml::Reader;
use std::fmt::Write;
use std::path::Path;

/// Text for XML content and attribute values. Characters XML 1.0 cannot
/// hold at all (C0 controls) are dropped; `check` reports them in the file.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\r' => out.push_str("&#13;"),
            '\t' | '\n' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
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

/// A 2.0 segment's inline content.
fn content20(out: &mut String, content: &Content, codes: &[Code]) {
    for piece in content {
        match piece {
            Piece::Text(t) => out.push_str(&escape(t)),
            Piece::Ph(id) => {
                if let Some(c) = code(codes, id) {
                    let _ = write!(
                        out,
                        "<ph id=\"{id}\" dataRef=\"d{id}\" disp=\"{}\" canDelete=\"{}\"/>",
                        escape(&c.display()),
                        yes_no(c.can_delete)
                    );
                }
            }
            Piece::Start(id) => {
                if let Some(c) = code(codes, id) {
                    let _ = write!(
                        out,
                        "<pc id=\"{id}\" dataRefStart=\"d{id}\" dataRefEnd=\"d{id}e\" dispStart=\"{}\" dispEnd=\"{}\" canDelete=\"{}\">",
                        escape(&c.data),
                        escape(c.data_end.as_deref().unwrap_or("")),
                        yes_no(c.can_delete)
                    );
                }
            }
            Piece::End(_) => out.push_str("</pc>"),
        }
    }
}

/// XLIFF 2.0.
pub fn write20(doc: &Document) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.0\" srcLang=\"{}\" trgLang=\"{}\">",
        escape(&doc.source_locale),
        escape(&doc.target_locale)
    );
    for (n, file) in doc.files.iter().enumerate() {
        if file.units.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "  <file id=\"f{}\" original=\"{}\">",
            n + 1,
            escape(&file.name)
        );
        for unit in &file.units {
            let _ = writeln!(
                out,
                "    <unit id=\"{}\" name=\"{}\"{}>",
                escape(&unit.id),
                escape(&unit.message),
                if unit.is_term {
                    " type=\"fp:term\""
                } else {
                    ""
                }
            );
            if !unit.notes.is_empty() {
                out.push_str("      <notes>\n");
                for (category, text) in &unit.notes {
                    let _ = writeln!(
                        out,
                        "        <note category=\"{}\">{}</note>",
                        escape(category),
                        escape(text)
                    );
                }
                out.push_str("      </notes>\n");
            }
            if !unit.codes.is_empty() {
                out.push_str("      <originalData>\n");
                for c in &unit.codes {
                    let _ = writeln!(
                        out,
                        "        <data id=\"d{}\">{}</data>",
                        c.id,
                        escape(&c.data)
                    );
                    if let Some(end) = &c.data_end {
                        let _ = writeln!(
                            out,
                            "        <data id=\"d{}e\">{}</data>",
                            c.id,
                            escape(end)
                        );
                    }
                }
                out.push_str("      </originalData>\n");
            }
            let state = match unit.state {
                State::Missing => " state=\"initial\"",
                State::Translated => " state=\"translated\"",
                State::Stale => " state=\"initial\" subState=\"fp:stale\"",
            };
            let _ = write!(
                out,
                "      <segment{state}>\n        <source xml:space=\"preserve\">"
            );
            content20(&mut out, &unit.source, &unit.codes);
            out.push_str("</source>\n");
            if let Some(target) = &unit.target {
                out.push_str("        <target xml:space=\"preserve\">");
                content20(&mut out, target, &unit.codes);
                out.push_str("</target>\n");
            }
            out.push_str("      </segment>\n    </unit>\n");
        }
        out.push_str("  </file>\n");
    }
    out.push_str("</xliff>\n");
    out
}

/// A 1.2 segment's inline content.
fn content12(out: &mut String, content: &Content, codes: &[Code]) {
    for piece in content {
        match piece {
            Piece::Text(t) => out.push_str(&escape(t)),
            Piece::Ph(id) => {
                if let Some(c) = code(codes, id) {
                    let _ = write!(
                        out,
                        "<ph id=\"{id}\" equiv-text=\"{}\">{}</ph>",
                        escape(&c.display()),
                        escape(&c.data)
                    );
                }
            }
            Piece::Start(id) => {
                if let Some(c) = code(codes, id) {
                    let _ = write!(out, "<bpt id=\"{id}\">{}</bpt>", escape(&c.data));
                }
            }
            Piece::End(id) => {
                if let Some(c) = code(codes, id) {
                    let _ = write!(
                        out,
                        "<ept id=\"{id}\">{}</ept>",
                        escape(c.data_end.as_deref().unwrap_or(""))
                    );
                }
            }
        }
    }
}

/// XLIFF 1.2.
pub fn write12(doc: &Document) -> String {
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
            let _ = write!(
                out,
                "      <trans-unit id=\"{}\" resname=\"{}\" xml:space=\"preserve\"{}>\n        <source>",
                escape(&unit.id),
                escape(&unit.message),
                if unit.is_term { " extype=\"term\"" } else { "" }
            );
            content12(&mut out, &unit.source, &unit.codes);
            out.push_str("</source>\n");
            if let Some(target) = &unit.target {
                let state = match unit.state {
                    State::Stale => "needs-review-translation",
                    _ => "translated",
                };
                let _ = write!(out, "        <target state=\"{state}\">");
                content12(&mut out, target, &unit.codes);
                out.push_str("</target>\n");
            }
            for (category, text) in &unit.notes {
                let _ = writeln!(
                    out,
                    "        <note from=\"{}\">{}</note>",
                    escape(category),
                    escape(text)
                );
            }
            out.push_str("      </trans-unit>\n");
        }
        out.push_str("    </body>\n  </file>\n");
    }
    out.push_str("</xliff>\n");
    out
}

/// Reads the targets of an XLIFF 2.0 or 1.2 file (told apart by its root).
pub fn read(path: &Path, text: &str) -> Result<ImportedDocument, InterchangeError> {
    let err =
        |offset: u64, message: String| InterchangeError::at(path, text, offset as usize, message);
    let mut reader = Reader::from_str(text);
    let mut doc = ImportedDocument {
        target_locale: None,
        units: Vec::new(),
    };
    let mut file = String::new();
    let mut unit: Option<(String, usize)> = None;
    // Inside <target>: what was read, and the open <pc> ids.
    let mut target: Option<Content> = None;
    let mut open_pc: Vec<String> = Vec::new();
    // Inside a 1.2 <ph>/<bpt>/<ept>: its native code, which is skipped.
    let mut in_code = 0usize;
    let mut version = None;
    loop {
        let at = reader.buffer_position();
        let event = reader
            .read_event()
            .map_err(|e| err(reader.error_position(), format!("not well-formed XML: {e}")))?;
        let attr = |e: &quick_xml::events::BytesStart,
                    name: &str|
         -> Result<Option<String>, InterchangeError> {
            for a in e.attributes() {
                let a = a.map_err(|x| err(at, format!("bad attribute: {x}")))?;
                if a.key.as_ref() == name {
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
                        if !matches!(version.as_deref(), Some("2.0" | "2.1" | "1.2")) {
                            return Err(err(
                                at,
                                format!(
                                    "XLIFF version {} is not one fluentpress reads (2.0, 1.2)",
                                    version.as_deref().unwrap_or("(none)")
                                ),
                            ));
                        }
                    }
                    ("file", false) => {
                        file = attr(e, "original")?.unwrap_or_default();
                        if doc.target_locale.is_none() {
                            doc.target_locale = attr(e, "target-language")?;
                        }
                    }
                    ("unit" | "trans-unit", false) => {
                        let id =
                            attr(e, "id")?.ok_or_else(|| err(at, "a unit without an id".into()))?;
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
                            attr(e, "id")?.ok_or_else(|| err(at, format!("<{name}> without an id")))
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
                    "unit" | "trans-unit" => {
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
    let mut out: Content = Vec::new();
    for piece in content {
        match (out.last_mut(), piece) {
            (Some(Piece::Text(a)), Piece::Text(b)) => a.push_str(&b),
            (_, p) => out.push(p),
        }
    }
    out.retain(|p| !matches!(p, Piece::Text(t) if t.is_empty()));
    out
}
