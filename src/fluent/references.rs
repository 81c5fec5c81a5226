//! What a Fluent pattern refers to: messages, terms, variables, functions.

use fluent_syntax::ast::{Expression, InlineExpression, Pattern, PatternElement, VariantKey};

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
    let mut out = Vec::new();
    walk_pattern(pattern, &mut out);
    out
}

fn walk_pattern<'a>(pattern: &'a Pattern<&'a str>, out: &mut Vec<Reference<'a>>) {
    for element in &pattern.elements {
        if let PatternElement::Placeable { expression } = element {
            walk_expression(expression, out);
        }
    }
}

fn walk_expression<'a>(expression: &'a Expression<&'a str>, out: &mut Vec<Reference<'a>>) {
    match expression {
        Expression::Inline(inline) => walk_inline(inline, out),
        Expression::Select { selector, variants } => {
            walk_inline(selector, out);
            for variant in variants {
                walk_pattern(&variant.value, out);
            }
        }
    }
}

fn walk_inline<'a>(inline: &'a InlineExpression<&'a str>, out: &mut Vec<Reference<'a>>) {
    match inline {
        InlineExpression::MessageReference { id, attribute } => out.push(Reference::Message {
            id: id.name,
            attribute: attribute.as_ref().map(|a| a.name),
        }),
        InlineExpression::TermReference {
            id,
            attribute,
            arguments,
        } => {
            out.push(Reference::Term {
                id: id.name,
                attribute: attribute.as_ref().map(|a| a.name),
            });
            if let Some(args) = arguments {
                for a in &args.positional {
                    walk_inline(a, out);
                }
                for a in &args.named {
                    walk_inline(&a.value, out);
                }
            }
        }
        InlineExpression::VariableReference { id } => out.push(Reference::Variable(id.name)),
        InlineExpression::FunctionReference { id, arguments } => {
            out.push(Reference::Function(id.name));
            for a in &arguments.positional {
                walk_inline(a, out);
            }
            for a in &arguments.named {
                walk_inline(&a.value, out);
            }
        }
        InlineExpression::Placeable { expression } => walk_expression(expression, out),
        InlineExpression::StringLiteral { .. } | InlineExpression::NumberLiteral { .. } => {}
    }
}

/// The name of a variant key as written (`one`, `0`).
pub fn variant_key<'a>(key: &'a VariantKey<&'a str>) -> &'a str {
    match key {
        VariantKey::Identifier { name } => name,
        VariantKey::NumberLiteral { value } => value,
    }
}
