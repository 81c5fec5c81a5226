//! The one walk over a Fluent pattern. Checks that read a pattern (its text,
//! its selects, its references, its words) implement [`Visitor`] and call
//! [`walk`], so they all agree on what a pattern contains.
//!
//! A nested placeable (`{ { $n -> … } }`) is walked exactly like the
//! placeable it contains: fluent-bundle formats the two alike, so no reader
//! should tell them apart. Selectors and call arguments are not shown text:
//! inside them only references are reported.

use crate::fluent::references::Reference;
use fluent_syntax::ast::{Expression, InlineExpression, Pattern, PatternElement, Variant};

/// What a walk reports. Every method does nothing unless overridden.
pub trait Visitor<'a> {
    /// Text as written between placeables.
    fn text(&mut self, _text: &'a str) {}

    /// The inline expression a placeable shows: `{ $n }`, `{ "x" }`,
    /// `{ NUMBER($n) }`, `{ -brand }`.
    fn placeable(&mut self, _expression: &'a InlineExpression<&'a str>) {}

    /// A select expression, before its variants are walked.
    fn select(
        &mut self,
        _selector: &'a InlineExpression<&'a str>,
        _variants: &'a [Variant<&'a str>],
    ) {
    }

    /// Before a variant's pattern; returning `false` skips the variant.
    fn enter_variant(&mut self, _variant: &'a Variant<&'a str>) -> bool {
        true
    }

    /// After a variant's pattern was walked.
    fn leave_variant(&mut self, _variant: &'a Variant<&'a str>) {}

    /// A reference, in source order: in placeables, selectors, call
    /// arguments and every variant walked.
    fn reference(&mut self, _reference: Reference<'a>) {}
}

/// Walks `pattern` in source order, reporting to `visitor`.
pub fn walk<'a, V: Visitor<'a> + ?Sized>(pattern: &'a Pattern<&'a str>, visitor: &mut V) {
    Walk {
        visitor,
        shown: true,
    }
    .pattern(pattern);
}

struct Walk<'v, V: ?Sized> {
    visitor: &'v mut V,
    /// False inside selectors and call arguments, whose text is never shown.
    shown: bool,
}

impl<'a, V: Visitor<'a> + ?Sized> Walk<'_, V> {
    fn pattern(&mut self, pattern: &'a Pattern<&'a str>) {
        for element in &pattern.elements {
            match element {
                PatternElement::TextElement { value } => {
                    if self.shown {
                        self.visitor.text(value);
                    }
                }
                PatternElement::Placeable { expression } => self.expression(expression),
            }
        }
    }

    fn expression(&mut self, expression: &'a Expression<&'a str>) {
        match expression {
            Expression::Inline(InlineExpression::Placeable { expression }) => {
                self.expression(expression)
            }
            Expression::Inline(inline) => {
                if self.shown {
                    self.visitor.placeable(inline);
                }
                self.inline(inline);
            }
            Expression::Select { selector, variants } => {
                if self.shown {
                    self.visitor.select(selector, variants);
                }
                self.hidden(|walk| walk.inline(selector));
                for variant in variants {
                    if !self.shown {
                        self.pattern(&variant.value);
                    } else if self.visitor.enter_variant(variant) {
                        self.pattern(&variant.value);
                        self.visitor.leave_variant(variant);
                    }
                }
            }
        }
    }

    fn inline(&mut self, inline: &'a InlineExpression<&'a str>) {
        match inline {
            InlineExpression::MessageReference { id, attribute } => {
                self.visitor.reference(Reference::Message {
                    id: id.name,
                    attribute: attribute.as_ref().map(|a| a.name),
                })
            }
            InlineExpression::TermReference {
                id,
                attribute,
                arguments,
            } => {
                self.visitor.reference(Reference::Term {
                    id: id.name,
                    attribute: attribute.as_ref().map(|a| a.name),
                });
                if let Some(args) = arguments {
                    self.arguments(args);
                }
            }
            InlineExpression::VariableReference { id } => {
                self.visitor.reference(Reference::Variable(id.name))
            }
            InlineExpression::FunctionReference { id, arguments } => {
                self.visitor.reference(Reference::Function(id.name));
                self.arguments(arguments);
            }
            InlineExpression::Placeable { expression } => self.expression(expression),
            InlineExpression::StringLiteral { .. } | InlineExpression::NumberLiteral { .. } => {}
        }
    }

    fn arguments(&mut self, arguments: &'a fluent_syntax::ast::CallArguments<&'a str>) {
        self.hidden(|walk| {
            for a in &arguments.positional {
                walk.inline(a);
            }
            for a in &arguments.named {
                walk.inline(&a.value);
            }
        });
    }

    fn hidden(&mut self, f: impl FnOnce(&mut Self)) {
        let shown = std::mem::replace(&mut self.shown, false);
        f(self);
        self.shown = shown;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fluent::references::variant_key;
    use fluent_syntax::ast::{Entry, Resource};

    fn parse(ftl: &str) -> Resource<&str> {
        fluent_syntax::parser::parse(ftl).expect("test ftl parses")
    }

    fn value<'a>(resource: &'a Resource<&'a str>) -> &'a Pattern<&'a str> {
        match &resource.body[0] {
            Entry::Message(m) => m.value.as_ref().expect("a value"),
            other => panic!("not a message: {other:?}"),
        }
    }

    /// Records every event as a line, to compare walks as a whole.
    #[derive(Default)]
    struct Log(Vec<String>);

    impl<'a> Visitor<'a> for Log {
        fn text(&mut self, text: &'a str) {
            self.0.push(format!("text {text:?}"));
        }
        fn placeable(&mut self, _: &'a InlineExpression<&'a str>) {
            self.0.push("placeable".into());
        }
        fn select(&mut self, _: &'a InlineExpression<&'a str>, variants: &'a [Variant<&'a str>]) {
            self.0.push(format!("select of {}", variants.len()));
        }
        fn enter_variant(&mut self, variant: &'a Variant<&'a str>) -> bool {
            self.0.push(format!("[{}]", variant_key(&variant.key)));
            true
        }
        fn leave_variant(&mut self, variant: &'a Variant<&'a str>) {
            self.0.push(format!("end [{}]", variant_key(&variant.key)));
        }
        fn reference(&mut self, reference: Reference<'a>) {
            self.0.push(format!("{reference:?}"));
        }
    }

    fn log(ftl: &str) -> Vec<String> {
        let resource = parse(ftl);
        let mut log = Log::default();
        walk(value(&resource), &mut log);
        log.0
    }

    #[test]
    fn events_come_in_source_order() {
        let got =
            log("m = Hi { $n ->\n    [one] { -t } { NUMBER($y) }\n   *[other] { msg.attr }\n}!\n");
        assert_eq!(
            got,
            [
                "text \"Hi \"",
                "select of 2",
                "Variable(\"n\")",
                "[one]",
                "placeable",
                "Term { id: \"t\", attribute: None }",
                "text \" \"",
                "placeable",
                "Function(\"NUMBER\")",
                "Variable(\"y\")",
                "end [one]",
                "[other]",
                "placeable",
                "Message { id: \"msg\", attribute: Some(\"attr\") }",
                "end [other]",
                "text \"!\"",
            ]
        );
    }

    #[test]
    fn a_nested_placeable_walks_like_the_one_it_contains() {
        let top = log("m = a { $n ->\n    [one] x\n   *[other] y\n} b\n");
        let nested = log("m = a { { $n ->\n    [one] x\n   *[other] y\n} } b\n");
        assert_eq!(top, nested);
    }

    #[test]
    fn call_arguments_give_references_only() {
        // A select inside a call argument is no text of the message.
        let got = log("m = { NUMBER({ $n ->\n    [one] x\n   *[other] y\n}) }\n");
        assert_eq!(
            got,
            ["placeable", "Function(\"NUMBER\")", "Variable(\"n\")"]
        );
    }
}
