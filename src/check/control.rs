//! `control-character`: characters in a translation that no page may hold
//! (C0/C1 controls, noncharacters: errors) or that reorder text beyond the
//! message (bidi embeddings and overrides, unbalanced isolates: warnings).
//! The marks right-to-left and Indic text needs are never reported.

use crate::check::compare::at_offset;
use crate::finding::location::offset_in;
use crate::finding::Code;
use crate::finding::{Finding, Severity};
use crate::fluent::catalog::{LocaleFiles, ResourceFile};
use crate::fluent::chars::{special, Special};

/// Every reportable character in the locale's files, comments aside.
pub fn control_findings(tag: &str, files: &LocaleFiles) -> Vec<Finding> {
    let mut out = Vec::new();
    for file in &files.files {
        if !file.source().chars().any(|c| special(c).is_some()) {
            continue;
        }
        file_findings(tag, file, &mut out);
    }
    out
}

fn file_findings(tag: &str, file: &ResourceFile, out: &mut Vec<Finding>) {
    let source = file.source();
    // Where each message starts, to name the one a character is in.
    let starts: Vec<(usize, String)> = file
        .entries()
        .iter()
        .map(|e| {
            let at = offset_in(source, e.unit.id().name).unwrap_or(0);
            (
                at.saturating_sub(usize::from(e.unit.is_term())),
                e.unit.key(),
            )
        })
        .collect();
    let id_at = |offset: usize| {
        starts
            .iter()
            .take_while(|(at, _)| *at <= offset)
            .last()
            .map(|(_, id)| id.clone())
    };
    let mut line_start = 0;
    for line in source.split_inclusive('\n') {
        if !line.starts_with('#') {
            let mut open_isolates: Vec<usize> = Vec::new();
            for (i, c) in line.char_indices() {
                let at = line_start + i;
                let problem = match special(c) {
                    None => continue,
                    Some(Special::Forbidden) => (
                        Severity::Error,
                        "no web page may hold it; delete it (an escape sequence or a stray control pasted from another tool)",
                    ),
                    Some(Special::Embedding) => (
                        Severity::Warning,
                        "a bidi embedding or override reorders the text around the message too; use an isolate (U+2066–U+2069) or a mark (U+200E, U+200F)",
                    ),
                    Some(Special::IsolateOpen) => {
                        open_isolates.push(at);
                        continue;
                    }
                    Some(Special::IsolateClose) => {
                        if open_isolates.pop().is_some() {
                            continue;
                        }
                        (
                            Severity::Warning,
                            "this pop directional isolate closes no isolate opened before it on the line",
                        )
                    }
                };
                out.push(finding(tag, file, at, c, problem, id_at(at)));
            }
            for at in open_isolates {
                let c = source[at..].chars().next().unwrap_or(' ');
                let problem = (
                    Severity::Warning,
                    "this bidi isolate is never closed on its line (U+2069); it reorders what follows the message",
                );
                out.push(finding(tag, file, at, c, problem, id_at(at)));
            }
        }
        line_start += line.len();
    }
}

fn finding(
    tag: &str,
    file: &ResourceFile,
    at: usize,
    c: char,
    (severity, why): (Severity, &str),
    id: Option<String>,
) -> Finding {
    let mut f = at_offset(
        Code::ControlCharacter,
        tag,
        file,
        at,
        1,
        format!("U+{:04X}: {why}", c as u32),
    );
    f.severity = severity;
    f.id = id;
    f
}
