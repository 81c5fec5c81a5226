//! What a Fluent pattern refers to: messages, terms, variables, functions.

use crate::fluent::pattern::{walk, Visitor};
use fluent_syntax::ast::{Pattern, VariantKey};

/// One reference in a pattern; the `&str`s borrow from the file's source,
/// so their position in it can be found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reference<'a> {
    Message {
        id: &'a str,
        attribute: Option<&'a str>,
    },
    Term {
        id: &'a str,
        attribute: Option<&'a str>,
    },
    Variable(&'a str),
    Function(&'a str),
}

/// Every reference in `pattern`, in source order, selectors and variants included.
pub fn references<'a>(pattern: &'a Pattern<&'a str>) -> Vec<Reference<'a>> {
    struct Collect<'a>(Vec<Reference<'a>>);
    impl<'a> Visitor<'a> for Collect<'a> {
        fn reference(&mut self, reference: Reference<'a>) {
            self.0.push(reference);
        }
    }
    let mut out = Collect(Vec::new());
    walk(pattern, &mut out);
    out.0
}

/// The messages and terms (`-brand`) a message or term uses in its value or
/// attributes, by the id its bundle knows them under, in source order.
pub fn used_ids<'a>(
    unit: &'a crate::fluent::catalog::Unit<'a>,
) -> impl Iterator<Item = String> + 'a {
    unit.patterns()
        .into_iter()
        .flat_map(|(_, pattern)| references(pattern))
        .filter_map(|r| match r {
            Reference::Message { id, .. } => Some(id.to_string()),
            Reference::Term { id, .. } => Some(format!("-{id}")),
            _ => None,
        })
}

/// The name of a variant key as written (`one`, `0`).
pub fn variant_key<'a>(key: &'a VariantKey<&'a str>) -> &'a str {
    match key {
        VariantKey::Identifier { name } => name,
        VariantKey::NumberLiteral { value } => value,
    }
}
