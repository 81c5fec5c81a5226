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

/// The name of a variant key as written (`one`, `0`).
pub fn variant_key<'a>(key: &'a VariantKey<&'a str>) -> &'a str {
    match key {
        VariantKey::Identifier { name } => name,
        VariantKey::NumberLiteral { value } => value,
    }
}
