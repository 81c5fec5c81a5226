//! Which messages and terms differ between two versions of one `.ftl` file, as a
//! render sees them, and which ids each message refers to: what `plan --changed`
//! needs to say which pages a change shows on.
//!
//! An entry is its value and attributes as parsed for rendering, so comments,
//! blank lines and spacing the parser drops are no change. A message moved into or out
//! of the `## Required` group changes no text but the page's readiness to publish.

use crate::fluent::catalog::{ResourceFile, Unit};
use crate::fluent::coverage::REQUIRED_GROUP;
use crate::fluent::references::used_ids;
use std::collections::{BTreeMap, BTreeSet};

/// What changed in one file.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct ResourceDiff {
    /// Messages and terms (`-brand`) whose value or attributes differ, or that only
    /// one version has.
    pub changed: BTreeSet<String>,
    /// A message was added or removed, or moved into or out of `## Required`: the
    /// share of a page the locale translates, and whether it is published, may change.
    pub coverage: bool,
}

/// The entries of `old` and `new` that differ. Every definition of an id counts,
/// not only the first, so a duplicate that starts to shadow another is a change.
pub fn diff(old: &ResourceFile, new: &ResourceFile) -> ResourceDiff {
    let (before, after) = (definitions(old), definitions(new));
    let mut out = ResourceDiff::default();
    for id in before.keys().chain(after.keys()) {
        let (a, b) = (before.get(id), after.get(id));
        let same_text = match (a, b) {
            (Some(a), Some(b)) => {
                a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same(&x.0, &y.0))
            }
            _ => false,
        };
        if !same_text {
            out.changed.insert(id.clone());
        }
        let is_message = !id.starts_with('-');
        let required = |d: Option<&Vec<(Unit, bool)>>| d.map(|d| d.iter().any(|(_, r)| *r));
        if is_message && (a.is_none() != b.is_none() || required(a) != required(b)) {
            out.coverage = true;
        }
    }
    out
}

/// Each id's definitions in file order, with whether it stands under `## Required`.
fn definitions(file: &ResourceFile) -> BTreeMap<String, Vec<(Unit<'_>, bool)>> {
    let mut out: BTreeMap<String, Vec<(Unit, bool)>> = BTreeMap::new();
    for entry in file.entries() {
        out.entry(entry.unit.key())
            .or_default()
            .push((entry.unit, entry.group == Some(REQUIRED_GROUP)));
    }
    out
}

fn same(a: &Unit, b: &Unit) -> bool {
    match (a, b) {
        (Unit::Message(a), Unit::Message(b)) => a == b,
        (Unit::Term(a), Unit::Term(b)) => a == b,
        _ => false,
    }
}

/// The messages and terms (`-brand`) each entry of `file` refers to, in its value
/// or attributes.
pub fn referenced_ids(file: &ResourceFile) -> Vec<(String, BTreeSet<String>)> {
    file.entries()
        .into_iter()
        .map(|entry| (entry.unit.key(), used_ids(&entry.unit).collect()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fluent::catalog::parse_file;
    use std::path::PathBuf;

    fn file(text: &str) -> ResourceFile {
        parse_file("x.ftl".into(), PathBuf::from("x.ftl"), text.into())
    }

    fn changed(old: &str, new: &str) -> (Vec<String>, bool) {
        let d = diff(&file(old), &file(new));
        (d.changed.into_iter().collect(), d.coverage)
    }

    #[test]
    fn values_and_attributes_change_comments_and_spacing_do_not() {
        let old = "# about a\na = A\n    .title = T\n-brand = B\nb = { -brand }\n";
        assert_eq!(changed(old, old), (vec![], false));
        let commented =
            "# about a, reworded\n\n\na   =   A\n    .title = T\n-brand = B\nb = { -brand }\n";
        assert_eq!(changed(old, commented), (vec![], false));
        let attribute = "a = A\n    .title = Title\n-brand = B\nb = { -brand }\n";
        assert_eq!(changed(old, attribute), (vec!["a".into()], false));
        // A term is its own entry; who uses it is the pages' business.
        let term = "a = A\n    .title = T\n-brand = Brand\nb = { -brand }\n";
        assert_eq!(changed(old, term), (vec!["-brand".into()], false));
    }

    #[test]
    fn added_removed_and_required_messages_change_coverage() {
        let old = "a = A\n-t = T\n";
        assert_eq!(
            changed(old, "a = A\n-t = T\nb = B\n"),
            (vec!["b".into()], true)
        );
        assert_eq!(changed(old, "-t = T\n"), (vec!["a".into()], true));
        // A term added is no message a page counts.
        assert_eq!(
            changed(old, "a = A\n-t = T\n-u = U\n"),
            (vec!["-u".into()], false)
        );
        assert_eq!(changed(old, "## Required\na = A\n-t = T\n"), (vec![], true));
    }

    #[test]
    fn references_are_messages_and_terms() {
        let refs = referenced_ids(&file("a = { b } { -c } { $v } { NUMBER($n) }\n-c = C\n"));
        assert_eq!(
            refs,
            [
                (
                    "a".to_string(),
                    BTreeSet::from(["b".to_string(), "-c".to_string()])
                ),
                ("-c".to_string(), BTreeSet::new())
            ]
        );
    }
}
