//! The fluent-bundle bridge: `NUMBER()`, `DATETIME()` and the plural selector registered on a
//! bundle, the error sink they report to, and the resource rewrite that routes selects on
//! numbers through ICU4X (see the module doc of [`crate::intl`]).

use std::borrow::{Borrow, Cow};
use std::fmt;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::types::{FluentNumberStyle, FluentNumberType, FluentType};
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use fluent_syntax::ast;
use intl_memoizer::concurrent::IntlLangMemoizer;
use intl_memoizer::Memoizable;
use unic_langid::LanguageIdentifier;

use super::date::{DateOptions, Style};
use super::formats::LocaleFormats;
use super::number::MAX_DIGITS;
use super::IntlError;

/// Name of the private selector function that [`prepare_resource`] wraps around selectors.
pub const PLURAL_FUNCTION: &str = "FP_PLURAL";
/// Private function [`install`] calls once to hand the formatters to the bundle's memoizer.
const INIT_FUNCTION: &str = "FP_INIT";
/// Prefix of the identifiers that replace numeric variant keys (`[0]` → `[fp-exact-0]`).
const EXACT_KEY_PREFIX: &str = "fp-exact-";

/// Errors recorded by the functions of one bundle; drain after formatting each message.
#[derive(Debug, Clone, Default)]
pub struct IntlErrors(Arc<Mutex<Vec<IntlError>>>);

impl IntlErrors {
    /// Takes the errors recorded since the last call.
    pub fn take(&self) -> Vec<IntlError> {
        std::mem::take(&mut *self.0.lock().unwrap_or_else(PoisonError::into_inner))
    }

    fn push(&self, e: IntlError) {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(e);
    }
}

/// What the bundle's number formatter needs; lives in the bundle's memoizer.
#[derive(Clone)]
struct Installed {
    formats: Arc<LocaleFormats>,
    errors: IntlErrors,
}

/// A slot in the bundle's memoizer. `set_formatter` takes a plain `fn` that receives only the
/// memoizer, and a memoized type is built from the locale alone, so a per-locale numbering
/// system override (and the shared `Arc<LocaleFormats>`) can only reach it by being put here.
struct BundleSlot(OnceLock<Installed>);

impl Memoizable for BundleSlot {
    type Args = ();
    type Error = std::convert::Infallible;
    fn construct(_: LanguageIdentifier, _: ()) -> Result<Self, Self::Error> {
        Ok(BundleSlot(OnceLock::new()))
    }
}

/// Returned by the private `FP_INIT()`; stringifying it (the only moment fluent-bundle hands
/// out the memoizer) fills the [`BundleSlot`].
#[derive(Clone)]
struct Registration(Installed);

impl fmt::Debug for Registration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Registration")
    }
}

impl PartialEq for Registration {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0.formats, &other.0.formats)
    }
}

impl FluentType for Registration {
    fn duplicate(&self) -> Box<dyn FluentType + Send> {
        Box::new(self.clone())
    }

    fn as_string(&self, _: &intl_memoizer::IntlLangMemoizer) -> Cow<'static, str> {
        Cow::Borrowed("")
    }

    fn as_string_threadsafe(&self, intls: &IntlLangMemoizer) -> Cow<'static, str> {
        let _ = intls.with_try_get::<BundleSlot, _, _>((), |slot| {
            // A second FP_INIT() (e.g. typed by a translator) finds the slot full: no-op.
            let _ = slot.0.set(self.0.clone());
        });
        Cow::Borrowed("")
    }
}

/// Prints every number the bundle shows (`{ $count }`, `{ NUMBER(...) }`, literals) with ICU4X.
fn format_bundle_number(value: &FluentValue, intls: &IntlLangMemoizer) -> Option<String> {
    let FluentValue::Number(n) = value else {
        return None;
    };
    intls
        .with_try_get::<BundleSlot, _, _>((), |slot| {
            let installed = slot.0.get()?;
            installed
                .formats
                .format_fluent(n)
                .map_err(|e| installed.errors.push(e))
                .ok()
        })
        .ok()
        .flatten()
}

/// Registers `NUMBER()`, `DATETIME()` and the private functions on `bundle` and makes it
/// print numbers through `formats`. Call on a bundle without builtins (`add_builtins` would
/// claim `NUMBER`). Returns the bundle's error sink.
pub fn install<R: Borrow<FluentResource>>(
    bundle: &mut FluentBundle<R>,
    formats: Arc<LocaleFormats>,
) -> Result<IntlErrors, IntlError> {
    let errors = IntlErrors::default();
    let installed = Installed {
        formats: formats.clone(),
        errors: errors.clone(),
    };
    let add_error = |function: &str| {
        let function = function.to_owned();
        move |e: fluent_bundle::FluentError| IntlError::Install {
            function,
            reason: e.to_string(),
        }
    };

    let sink = errors.clone();
    bundle
        .add_function("NUMBER", move |args, named| {
            number_function(args, named, &sink)
        })
        .map_err(add_error("NUMBER"))?;
    let (f, sink) = (formats.clone(), errors.clone());
    bundle
        .add_function("DATETIME", move |args, named| {
            datetime_function(args, named, &f, &sink)
        })
        .map_err(add_error("DATETIME"))?;
    let f = formats;
    bundle
        .add_function(PLURAL_FUNCTION, move |args, named| {
            plural_function(args, named, &f)
        })
        .map_err(add_error(PLURAL_FUNCTION))?;
    let registration = Registration(installed);
    bundle
        .add_function(INIT_FUNCTION, move |_, _| {
            FluentValue::Custom(Box::new(registration.clone()))
        })
        .map_err(add_error(INIT_FUNCTION))?;
    bundle.set_formatter(Some(format_bundle_number));

    // Format `{ FP_INIT() }` once, outside the bundle's resources, to fill the slot now.
    let init_error = |reason: &str| IntlError::Install {
        function: INIT_FUNCTION.to_owned(),
        reason: reason.to_owned(),
    };
    let resource = FluentResource::try_new(format!("init = {{ {INIT_FUNCTION}() }}\n"))
        .map_err(|_| init_error("cannot parse the init message"))?;
    let Some(ast::Entry::Message(ast::Message {
        value: Some(pattern),
        ..
    })) = resource.get_entry(0)
    else {
        return Err(init_error("the init message has no value"));
    };
    let mut fluent_errors = Vec::new();
    bundle.format_pattern(pattern, None, &mut fluent_errors);
    if !fluent_errors.is_empty() {
        return Err(init_error("formatting the init message failed"));
    }
    Ok(errors)
}

/// An option value as the translator wrote it, for error messages.
/// Builds the error for a named option of `function` with an unusable value.
fn bad_option<'v>(
    function: &'static str,
    option: &'v str,
    value: &'v FluentValue,
) -> impl Fn(&'static str) -> IntlError + 'v {
    move |reason| IntlError::BadOption {
        function,
        option: option.to_owned(),
        value: literal(value),
        reason,
    }
}

/// The text of a string option, `None` for any other value.
fn string_value<'v>(value: &'v FluentValue) -> Option<&'v str> {
    match value {
        FluentValue::String(s) => Some(s.as_ref()),
        _ => None,
    }
}

fn literal(value: &FluentValue) -> String {
    match value {
        FluentValue::String(s) => format!("{s:?}"),
        FluentValue::Number(n) => n.value.to_string(),
        other => describe(other),
    }
}

fn describe(value: &FluentValue) -> String {
    match value {
        FluentValue::String(s) => format!("the string {s:?}"),
        FluentValue::Number(n) => format!("the number {}", n.value),
        FluentValue::Custom(c) => format!("a custom value {c:?}"),
        FluentValue::None | FluentValue::Error => "nothing".to_owned(),
    }
}

/// `NUMBER(value, options)`: returns a Fluent number carrying the options; the bundle's
/// formatter prints it and `FP_PLURAL` selects on it, both with ICU4X.
fn number_function<'a>(
    args: &[FluentValue<'a>],
    named: &FluentArgs,
    errors: &IntlErrors,
) -> FluentValue<'a> {
    let mut n = match args.first() {
        Some(FluentValue::Number(n)) => n.clone(),
        // A missing variable: fluent-bundle reports it already.
        Some(FluentValue::Error) => return FluentValue::Error,
        other => {
            errors.push(IntlError::NotANumber {
                function: "NUMBER",
                got: other.map_or_else(|| "no argument".to_owned(), describe),
            });
            return FluentValue::Error;
        }
    };
    let o = &mut n.options;
    for (option, value) in named.iter() {
        let bad = bad_option("NUMBER", option, value);
        let text = string_value(value);
        let count = |min: usize| match value {
            FluentValue::Number(n) if n.value.fract() == 0.0 => {
                let v = n.value as usize;
                (n.value >= 0.0 && (min..=MAX_DIGITS).contains(&v))
                    .then_some(v)
                    .ok_or_else(|| bad("is out of range"))
            }
            _ => Err(bad("must be a whole number")),
        };
        let result = match option {
            "type" => match text {
                Some("cardinal") => Ok(FluentNumberType::Cardinal),
                Some("ordinal") => Ok(FluentNumberType::Ordinal),
                _ => Err(bad("must be \"cardinal\" or \"ordinal\"")),
            }
            .map(|t| o.r#type = t),
            "style" => match text {
                Some("decimal") => Ok(FluentNumberStyle::Decimal),
                Some("percent") => Ok(FluentNumberStyle::Percent),
                Some("currency") => Err(bad("is not supported")),
                _ => Err(bad("must be \"decimal\" or \"percent\"")),
            }
            .map(|style| o.style = style),
            "useGrouping" => match text {
                Some("true" | "always" | "auto") => Ok(true),
                Some("false") => Ok(false),
                _ => Err(bad("must be \"true\" or \"false\"")),
            }
            .map(|g| o.use_grouping = g),
            "minimumIntegerDigits" => count(1).map(|v| o.minimum_integer_digits = Some(v)),
            "minimumFractionDigits" => count(0).map(|v| o.minimum_fraction_digits = Some(v)),
            "maximumFractionDigits" => count(0).map(|v| o.maximum_fraction_digits = Some(v)),
            "minimumSignificantDigits" => count(1).map(|v| o.minimum_significant_digits = Some(v)),
            "maximumSignificantDigits" => count(1).map(|v| o.maximum_significant_digits = Some(v)),
            _ => Err(bad("is not supported")),
        };
        if let Err(e) = result {
            errors.push(e);
        }
    }
    if let (Some(min), Some(max)) = (o.minimum_fraction_digits, o.maximum_fraction_digits) {
        if max < min {
            errors.push(IntlError::BadOption {
                function: "NUMBER",
                option: "maximumFractionDigits".to_owned(),
                value: max.to_string(),
                reason: "is less than minimumFractionDigits",
            });
        }
    }
    FluentValue::Number(n)
}

/// `DATETIME(iso-string, dateStyle:, timeStyle:, year: "numeric")`.
fn datetime_function<'a>(
    args: &[FluentValue<'a>],
    named: &FluentArgs,
    formats: &LocaleFormats,
    errors: &IntlErrors,
) -> FluentValue<'a> {
    let iso = match args.first() {
        Some(FluentValue::String(s)) => s.as_ref(),
        Some(FluentValue::Error) => return FluentValue::Error,
        other => {
            errors.push(IntlError::InvalidDate {
                got: other.map_or_else(|| "no argument".to_owned(), describe),
                reason: "dates are passed as ISO-8601 strings",
            });
            return FluentValue::Error;
        }
    };
    let mut options = DateOptions::default();
    for (option, value) in named.iter() {
        let bad = bad_option("DATETIME", option, value);
        let text = string_value(value);
        let style = || {
            text.and_then(Style::parse)
                .ok_or_else(|| bad("must be full, long, medium or short"))
        };
        let result = match option {
            "dateStyle" => style().map(|s| options.date_style = Some(s)),
            "timeStyle" => style().map(|s| options.time_style = Some(s)),
            "year" => (text == Some("numeric"))
                .then(|| options.year_only = true)
                .ok_or_else(|| bad("only \"numeric\" is supported")),
            _ => Err(bad("is not supported (use dateStyle, timeStyle or year)")),
        };
        if let Err(e) = result {
            errors.push(e);
        }
    }
    match formats.format_date(iso, &options) {
        Ok(s) => FluentValue::String(s.into()),
        Err(e) => {
            errors.push(e);
            FluentValue::Error
        }
    }
}

/// `FP_PLURAL(selector, exact: "0 1")`: the renamed key of the first numeric key equal to the
/// selector, else its CLDR category. Strings (e.g. a gender) pass through unchanged.
fn plural_function<'a>(
    args: &[FluentValue<'a>],
    named: &FluentArgs,
    formats: &LocaleFormats,
) -> FluentValue<'a> {
    match args.first() {
        Some(FluentValue::Number(n)) => {
            if let Some(FluentValue::String(exact)) = named.get("exact") {
                if let Some(key) = exact
                    .split(' ')
                    .find(|k| k.parse::<f64>().is_ok_and(|k| k == n.value))
                {
                    return FluentValue::String(exact_key(key).into());
                }
            }
            FluentValue::String(formats.plural_fluent(n).into())
        }
        Some(other) => other.clone(),
        None => FluentValue::Error,
    }
}

fn exact_key(literal: &str) -> String {
    format!("{EXACT_KEY_PREFIX}{}", literal.replace('.', "_"))
}

/// Returns a copy of `resource` whose select expressions on numbers go through
/// `FP_PLURAL` (registered by [`install`]), or `None` when it has none (use the original
/// then). The copy is re-serialized, so its line numbers differ: report findings against the
/// original. Exact keys match by value, as in fluent.js (`[1]` matches `NUMBER($n,
/// minimumFractionDigits: 2)` with `$n = 1`), and before any category key.
pub fn prepare_resource(resource: &FluentResource) -> Option<FluentResource> {
    let mut ast = match fluent_syntax::parser::parse(resource.source().to_owned()) {
        Ok(ast) | Err((ast, _)) => ast,
    };
    let mut changed = false;
    for entry in &mut ast.body {
        let (value, attributes) = match entry {
            ast::Entry::Message(m) => (m.value.as_mut(), &mut m.attributes),
            ast::Entry::Term(t) => (Some(&mut t.value), &mut t.attributes),
            _ => continue,
        };
        value
            .into_iter()
            .chain(attributes.iter_mut().map(|a| &mut a.value))
            .for_each(|p| rewrite_pattern(p, &mut changed));
    }
    if !changed {
        return None;
    }
    // Junk is dropped: it formats to nothing, and the original keeps it for the checker.
    FluentResource::try_new(fluent_syntax::serializer::serialize(&ast)).ok()
}

fn rewrite_pattern(pattern: &mut ast::Pattern<String>, changed: &mut bool) {
    for element in &mut pattern.elements {
        if let ast::PatternElement::Placeable { expression } = element {
            rewrite_expression(expression, changed);
        }
    }
}

fn rewrite_expression(expression: &mut ast::Expression<String>, changed: &mut bool) {
    use ast::InlineExpression as I;
    match expression {
        ast::Expression::Inline(I::Placeable { expression }) => {
            rewrite_expression(expression, changed)
        }
        ast::Expression::Inline(_) => {}
        ast::Expression::Select { selector, variants } => {
            for variant in variants.iter_mut() {
                rewrite_pattern(&mut variant.value, changed);
            }
            let numeric = match selector {
                I::VariableReference { .. } | I::NumberLiteral { .. } => true,
                I::FunctionReference { id, .. } => id.name == "NUMBER",
                _ => false,
            };
            if !numeric {
                return;
            }
            let mut exact = Vec::new();
            for variant in variants.iter_mut() {
                if let ast::VariantKey::NumberLiteral { value } = &variant.key {
                    let literal = value.clone();
                    variant.key = ast::VariantKey::Identifier {
                        name: exact_key(&literal),
                    };
                    exact.push(literal);
                }
            }
            let original = std::mem::replace(
                selector,
                I::StringLiteral {
                    value: String::new(),
                },
            );
            let named = if exact.is_empty() {
                Vec::new()
            } else {
                vec![ast::NamedArgument {
                    name: ast::Identifier {
                        name: "exact".to_owned(),
                    },
                    value: I::StringLiteral {
                        value: exact.join(" "),
                    },
                }]
            };
            *selector = I::FunctionReference {
                id: ast::Identifier {
                    name: PLURAL_FUNCTION.to_owned(),
                },
                arguments: ast::CallArguments {
                    positional: vec![original],
                    named,
                },
            };
            *changed = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::intl::test_support::{formats, langid, NBSP, NNBSP};

    fn bundle(
        tag: &str,
        nu: Option<&str>,
        ftl: &str,
    ) -> (FluentBundle<FluentResource>, IntlErrors) {
        let original = FluentResource::try_new(ftl.to_owned()).expect("test ftl parses");
        let resource = prepare_resource(&original).unwrap_or(original);
        let mut bundle = FluentBundle::new_concurrent(vec![langid(tag)]);
        bundle.set_use_isolating(false);
        let errors = install(&mut bundle, Arc::new(formats(tag, nu))).expect("install");
        bundle.add_resource(resource).expect("no duplicate ids");
        (bundle, errors)
    }

    /// Formats `id` with `$n` (or no arguments), returning the text and fluent's errors.
    fn format_with(
        bundle: &FluentBundle<FluentResource>,
        id: &str,
        n: Option<FluentValue>,
    ) -> (String, Vec<fluent_bundle::FluentError>) {
        let pattern = bundle
            .get_message(id)
            .and_then(|m| m.value())
            .expect("message");
        let mut args = FluentArgs::new();
        if let Some(n) = n {
            args.set("n", n);
        }
        let mut errors = Vec::new();
        let out = bundle.format_pattern(pattern, Some(&args), &mut errors);
        (out.into_owned(), errors)
    }

    fn format(bundle: &FluentBundle<FluentResource>, id: &str, n: FluentValue) -> String {
        let (out, errors) = format_with(bundle, id, Some(n));
        assert!(errors.is_empty(), "{id}: {errors:?}");
        out
    }

    const ORDINALS: &str = r#"
place = { NUMBER($n, type: "ordinal") ->
    [one] {$n}st
    [two] {$n}nd
    [few] {$n}rd
   *[other] {$n}th
}
"#;

    #[test]
    fn english_ordinals_through_fluent() {
        let (b, errors) = bundle("en", None, ORDINALS);
        let got: Vec<String> = [1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111, 1002]
            .into_iter()
            .map(|n| format(&b, "place", n.into()))
            .collect();
        assert_eq!(
            got,
            [
                "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "23rd",
                "101st", "111th", "1,002nd"
            ]
        );
        assert!(errors.take().is_empty());
    }

    #[test]
    fn french_plurals_and_ordinals_through_fluent() {
        let ftl = r#"
members = { $n ->
    [0] aucun membre
    [one] {$n} membre
    [many] {$n} de membres
   *[other] {$n} membres
}
place = { NUMBER($n, type: "ordinal") ->
    [one] {$n}er
   *[other] {$n}e
}
"#;
        let (b, _) = bundle("fr", None, ftl);
        assert_eq!(format(&b, "members", 0.into()), "aucun membre");
        assert_eq!(format(&b, "members", 1.into()), "1 membre");
        assert_eq!(format(&b, "members", 1.5.into()), "1,5 membre");
        assert_eq!(format(&b, "members", 3.into()), "3 membres");
        let million = format!("1{NNBSP}000{NNBSP}000 de membres");
        assert_eq!(format(&b, "members", 1_000_000.into()), million);
        let plus_one = format!("1{NNBSP}000{NNBSP}001 membres");
        assert_eq!(format(&b, "members", 1_000_001.into()), plus_one);
        assert_eq!(format(&b, "place", 1.into()), "1er");
        assert_eq!(format(&b, "place", 2.into()), "2e");
    }

    #[test]
    fn russian_and_arabic_plurals_through_fluent() {
        let ru = r#"
files = { $n ->
    [one] {$n} файл
    [few] {$n} файла
    [many] {$n} файлов
   *[other] {$n} файла
}
"#;
        let (b, _) = bundle("ru", None, ru);
        assert_eq!(format(&b, "files", 1.into()), "1 файл");
        assert_eq!(format(&b, "files", 2.into()), "2 файла");
        assert_eq!(format(&b, "files", 5.into()), "5 файлов");
        assert_eq!(format(&b, "files", 1.5.into()), "1,5 файла");
        let ar = r#"
n = { $n ->
    [zero] zero
    [one] one
    [two] two
    [few] few
    [many] many
   *[other] other
}
"#;
        let (b, _) = bundle("ar", None, ar);
        let got: Vec<String> = [0, 1, 2, 3, 11, 100]
            .into_iter()
            .map(|n| format(&b, "n", n.into()))
            .collect();
        assert_eq!(got, ["zero", "one", "two", "few", "many", "other"]);
    }

    #[test]
    fn numbers_in_messages_use_the_locale() {
        let ftl = r#"
count = { $n } people
grouped = { NUMBER($n, useGrouping: "false") }
share = { NUMBER($n, style: "percent") }
price = { NUMBER($n, minimumFractionDigits: 2) }
literal = { 1234.50 }
nested = { NUMBER(NUMBER($n, minimumFractionDigits: 1), useGrouping: "false") }
"#;
        let (b, errors) = bundle("de", None, ftl);
        assert_eq!(format(&b, "count", 7_000_000.into()), "7.000.000 people");
        assert_eq!(format(&b, "count", 1234.5.into()), "1.234,5 people");
        assert_eq!(format(&b, "grouped", 1234567.into()), "1234567");
        assert_eq!(format(&b, "share", 0.25.into()), format!("25{NBSP}%"));
        assert_eq!(format(&b, "price", 3.into()), "3,00");
        assert_eq!(format(&b, "literal", 0.into()), "1.234,50");
        assert_eq!(format(&b, "nested", 1234.into()), "1234,0");
        assert!(errors.take().is_empty());

        let (hi, _) = bundle("hi", None, ftl);
        assert_eq!(format(&hi, "count", 7_000_000.into()), "70,00,000 people");
        // The per-locale numbering system reaches plain `{ $n }` too.
        let (ar, _) = bundle("ar", Some("arab"), ftl);
        assert_eq!(format(&ar, "count", 7_000_000.into()), "٧٬٠٠٠٬٠٠٠ people");
        let (ar, _) = bundle("ar-EG", Some("latn"), ftl);
        assert_eq!(format(&ar, "count", 7_000_000.into()), "7,000,000 people");
    }

    #[test]
    fn dates_in_messages() {
        let ftl = r#"
founded = Founded on { DATETIME($d, dateStyle: "long") }.
year = Since { DATETIME($d, year: "numeric") }.
"#;
        let original = FluentResource::try_new(ftl.to_owned()).expect("parses");
        // No select on numbers: the resource is used as it is.
        assert!(prepare_resource(&original).is_none());
        for (tag, founded, year) in [
            ("en", "Founded on May 28, 1961.", "Since 1961."),
            ("ar-EG", "Founded on ٢٨ مايو ١٩٦١.", "Since ١٩٦١."),
        ] {
            let (b, errors) = bundle(tag, None, ftl);
            let mut args = FluentArgs::new();
            args.set("d", "1961-05-28");
            let mut fluent_errors = Vec::new();
            let msg = |id| b.get_message(id).and_then(|m| m.value()).expect("message");
            let out = b.format_pattern(msg("founded"), Some(&args), &mut fluent_errors);
            assert_eq!(out, founded);
            let out = b.format_pattern(msg("year"), Some(&args), &mut fluent_errors);
            assert_eq!(out, year);
            assert!(fluent_errors.is_empty() && errors.take().is_empty());
        }
    }

    #[test]
    fn bad_arguments_are_reported_not_printed() {
        let ftl = r#"
count = { NUMBER($n) } items
date = { DATETIME($n, dateStyle: "long") }
style = { NUMBER($n, style: "currency") }
missing = { NUMBER($absent) }
"#;
        let (b, errors) = bundle("en", None, ftl);
        let (out, fluent_errors) = format_with(&b, "count", Some("many".into()));
        // fluent-bundle prints a failed call as its name, without braces.
        assert_eq!(out, "NUMBER() items");
        assert!(fluent_errors.is_empty());
        assert!(matches!(
            errors.take().as_slice(),
            [IntlError::NotANumber {
                function: "NUMBER",
                ..
            }]
        ));

        for bad in ["1961-02-30", "yesterday"] {
            let (out, _) = format_with(&b, "date", Some(bad.into()));
            assert_eq!(out, "DATETIME()");
            let recorded = errors.take();
            assert!(
                matches!(recorded.as_slice(), [IntlError::InvalidDate { .. }]),
                "{recorded:?}"
            );
        }
        let (out, _) = format_with(&b, "date", Some(5.into()));
        assert_eq!(out, "DATETIME()");
        assert_eq!(errors.take().len(), 1);

        // An unsupported option is reported; the number still prints.
        let (out, _) = format_with(&b, "style", Some(5.into()));
        assert_eq!(out, "5");
        let recorded = errors.take();
        assert!(matches!(recorded.as_slice(), [IntlError::BadOption { .. }]));
        assert!(recorded[0].to_string().contains("style"), "{}", recorded[0]);

        // A missing variable is fluent-bundle's to report; nothing is recorded twice.
        let (_, fluent_errors) = format_with(&b, "missing", None);
        assert_eq!(fluent_errors.len(), 1);
        assert!(errors.take().is_empty());

        // A NaN argument prints what fluent-bundle would, and is recorded.
        let (b, errors) = bundle("en", None, "n = { $n }\n");
        let (out, _) = format_with(&b, "n", Some(f64::NAN.into()));
        assert_eq!(out, "NaN");
        assert_eq!(errors.take().len(), 1);
    }

    #[test]
    fn exact_keys_strings_and_isolation() {
        let ftl = r#"
count = Count: { $n ->
    [one] one
   *[other] { $n }
}
items = { $n ->
    [0] none
    [1] exactly one
    [one] one-ish
    [1.5] one and a half
   *[other] {$n}
}
gender = { $g ->
    [female] she
   *[other] they
}
-brand = { $n ->
    [one] Brand
   *[other] Brands
}
uses-term = { -brand(n: 2) } and { -brand(n: 1) }
nested = { $n ->
   *[other] { $g ->
        [female] { $n ->
            [one] one her
           *[other] many her
        }
       *[other] them
    }
}
"#;
        let original = FluentResource::try_new(ftl.to_owned()).expect("parses");
        let prepared = prepare_resource(&original).expect("has selects on numbers");
        assert!(prepared
            .source()
            .contains("FP_PLURAL($n, exact: \"0 1 1.5\")"));
        let (b, _) = bundle("en", None, ftl);
        assert_eq!(format(&b, "items", 0.into()), "none");
        assert_eq!(format(&b, "items", 1.into()), "exactly one");
        assert_eq!(format(&b, "items", 1.5.into()), "one and a half");
        assert_eq!(format(&b, "items", 2.into()), "2");
        assert_eq!(format(&b, "uses-term", 0.into()), "Brands and Brand");
        let mut args = FluentArgs::new();
        args.set("g", "female");
        args.set("n", 1);
        let msg = |id| b.get_message(id).and_then(|m| m.value()).expect("message");
        let mut errors = Vec::new();
        assert_eq!(
            b.format_pattern(msg("gender"), Some(&args), &mut errors),
            "she"
        );
        assert_eq!(
            b.format_pattern(msg("nested"), Some(&args), &mut errors),
            "one her"
        );
        assert!(errors.is_empty(), "{errors:?}");

        // Isolation marks wrap placeables as usual; selectors print nothing of their own.
        let mut isolating = FluentBundle::new_concurrent(vec![langid("en")]);
        install(&mut isolating, Arc::new(formats("en", None))).expect("install");
        isolating.add_resource(prepared).expect("adds");
        let pattern = isolating
            .get_message("count")
            .and_then(|m| m.value())
            .expect("msg");
        let mut args = FluentArgs::new();
        args.set("n", 1234);
        let out = isolating.format_pattern(pattern, Some(&args), &mut errors);
        assert_eq!(out, "Count: \u{2068}1,234\u{2069}");
    }

    #[test]
    fn install_twice_is_an_error() {
        let mut b: FluentBundle<FluentResource> = FluentBundle::new_concurrent(vec![langid("en")]);
        let f = Arc::new(formats("en", None));
        install(&mut b, f.clone()).expect("first install");
        assert!(matches!(install(&mut b, f), Err(IntlError::Install { .. })));
    }

    #[test]
    fn prepared_resources_format_like_the_original() {
        // Everything the serializer must carry over: multiline text, attributes, terms,
        // escapes, nested placeables, comments, and junk (dropped).
        let ftl = r#"
### Resource comment
# Message comment
intro =
    Amnesty International was founded in { $year }.
      An indented line, a {"{"}brace{"}"} and \u00A0 { "\u00A0" } escapes.

    After a blank line, { -org } has { $n ->
        [0] no members
       *[other] { NUMBER($n) } members in { $g ->
            [female] her
           *[other] their
        } country
    }.
    .title = { $n ->
        [one] One
       *[other] Many
    }
    .alt = Plain attribute
-org = Amnesty
    .gender = female
who = { -org.gender ->
    [female] she
   *[other] it
}
broken = { $n ->
ok-after-junk = still here { { $n } }
"#;
        let (original, _) = FluentResource::try_new(ftl.to_owned()).expect_err("has junk");
        let prepared = prepare_resource(&original).expect("selects on numbers");
        let make = |r: FluentResource| {
            let mut b = FluentBundle::new_concurrent(vec![langid("en")]);
            install(&mut b, Arc::new(formats("en", None))).expect("install");
            b.add_resource(r).expect("adds");
            b
        };
        let (a, b) = (make(original), make(prepared));
        let mut args = FluentArgs::new();
        args.set("n", 5);
        args.set("g", "female");
        args.set("year", "1961");
        for id in ["intro", "who", "ok-after-junk"] {
            let (ma, mb) = (a.get_message(id).expect(id), b.get_message(id).expect(id));
            let patterns = ma.value().into_iter().zip(mb.value()).chain(
                ma.attributes()
                    .zip(mb.attributes())
                    .map(|(x, y)| (x.value(), y.value())),
            );
            for (pa, pb) in patterns {
                let (mut ea, mut eb) = (Vec::new(), Vec::new());
                let left = a.format_pattern(pa, Some(&args), &mut ea);
                let right = b.format_pattern(pb, Some(&args), &mut eb);
                assert_eq!(left, right, "{id}");
                assert!(ea.is_empty() && eb.is_empty(), "{id}: {ea:?} {eb:?}");
            }
        }
        assert_eq!(
            a.get_message("intro").map(|m| m.attributes().count()),
            Some(2)
        );
        assert!(b.get_message("broken").is_none());
    }
}
