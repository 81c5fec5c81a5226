//! One locale measured against the source: message by message, pattern by
//! pattern.

use crate::finding::Code;
use crate::finding::Finding;
use crate::fluent::catalog::{Entry, LocaleFiles, ResourceFile, Unit, Units};
use crate::fluent::markup::{is_allowed_attribute, is_allowed_element, scan_tags};
use crate::fluent::references::{references, variant_key, Reference};
use crate::intl::{plural_categories, PluralKind};
use crate::project::config::{Config, LocaleConfig};
use fluent_syntax::ast::{Expression, InlineExpression, Pattern, PatternElement};
use std::collections::{BTreeMap, BTreeSet};

/// What comparing one locale produced.
#[derive(Debug, Default)]
pub struct Comparison {
    pub findings: Vec<Finding>,
    pub total: usize,
    pub translated: usize,
    pub obsolete: usize,
    pub missing_words: usize,
}

/// A finding located at `part`, a slice of `file`'s source.
pub fn at(code: Code, locale: &str, file: &ResourceFile, part: &str, message: String) -> Finding {
    let offset = crate::finding::location::offset_in(file.source(), part).unwrap_or(0);
    at_offset(code, locale, file, offset, part.chars().count(), message)
}

/// A finding at a byte offset of `file`, underlining `len` characters.
pub fn at_offset(
    code: Code,
    locale: &str,
    file: &ResourceFile,
    offset: usize,
    len: usize,
    message: String,
) -> Finding {
    let loc = file.location_at(offset);
    Finding::new(code, code.default_severity(), locale, &file.path, message).at(
        loc,
        file.line_text(loc.line),
        len,
    )
}

/// A finding at a `$variable` or `-term`: the sigil before the name is part of it.
fn at_sigil(code: Code, locale: &str, file: &ResourceFile, name: &str, message: String) -> Finding {
    let offset = crate::finding::location::offset_in(file.source(), name).unwrap_or(1);
    at_offset(
        code,
        locale,
        file,
        offset.saturating_sub(1),
        name.chars().count() + 1,
        message,
    )
}

/// Checks that need no other locale: markup, empty values, plurals, term
/// references; run on the source as on every translation.
pub fn self_checks(
    locale: &LocaleConfig,
    files: &LocaleFiles,
    own: &Units,
    chain: &[&LocaleFiles],
) -> Vec<Finding> {
    let tag = &locale.tag;
    let mut out = Vec::new();
    let plurals = PluralData::default();
    // Ids of the fallback chain, gathered only if a reference needs them.
    let chain_ids: std::cell::OnceCell<BTreeSet<String>> = std::cell::OnceCell::new();
    let in_chain = |id: &str| {
        chain_ids
            .get_or_init(|| chain.iter().flat_map(|l| l.units().into_keys()).collect())
            .contains(id)
    };
    for file in &files.files {
        for entry in file.entries() {
            let key = entry.unit.key();
            for (name, pattern) in patterns(&entry) {
                let id = display_id(&key, name);
                if is_empty(pattern) {
                    out.push(
                        at(
                            Code::EmptyValue,
                            tag,
                            file,
                            entry.unit.id().name,
                            format!("`{id}` is empty"),
                        )
                        .id(&id),
                    );
                }
                for tag_found in pattern_tags(pattern) {
                    if let Some(problem) = unsafe_tag(&tag_found) {
                        out.push(
                            at(
                                Code::UnsafeMarkup,
                                tag,
                                file,
                                entry.unit.id().name,
                                format!("`{id}`: {problem}"),
                            )
                            .id(&id),
                        );
                    }
                }
                for r in references(pattern) {
                    match r {
                        Reference::Term { id: term, .. }
                            if !own.contains_key(&format!("-{term}")) =>
                        {
                            out.push(at_sigil(
                                Code::UnknownReference,
                                tag,
                                file,
                                term,
                                format!("`{id}` uses the term -{term}, which {tag} does not define; the page would show its raw name"),
                            ).id(&id));
                        }
                        Reference::Message { id: target, .. }
                            if !own.contains_key(target) && !in_chain(target) =>
                        {
                            out.push(at(
                                Code::UnknownReference,
                                tag,
                                file,
                                target,
                                format!("`{id}` refers to the message `{target}`, which no locale of the fallback chain has"),
                            ).id(&id));
                        }
                        _ => {}
                    }
                }
                out.extend(plural_findings(locale, &plurals, file, &id, pattern));
            }
        }
    }
    out
}

/// Compares `target` with the source, file by file; `source_units` and
/// `target_units` are the two locales' [`LocaleFiles::units`], built once by the caller.
pub fn compare(
    config: &Config,
    locale: &LocaleConfig,
    source: &LocaleFiles,
    source_units: &Units,
    target: &LocaleFiles,
    target_units: &Units,
) -> Comparison {
    let tag = &locale.tag;
    let mut c = Comparison::default();

    for src_file in &source.files {
        let tgt_file = target.file(&src_file.name);
        let tgt_path = config.locales_dir().join(tag).join(&src_file.name);
        let tgt_path = tgt_path
            .strip_prefix(&config.root)
            .unwrap_or(&tgt_path)
            .to_path_buf();
        if tgt_file.is_none() {
            // One finding for the whole file: its messages are counted, not listed.
            let mut count = 0;
            for src in src_file.entries() {
                if !src.unit.is_term() && !target_units.contains_key(&src.unit.key()) {
                    c.total += 1;
                    count += 1;
                    c.missing_words += unit_words(&src.unit);
                } else if !src.unit.is_term() {
                    c.total += 1;
                    c.translated += 1;
                }
            }
            if target.present {
                c.findings.push(Finding::new(
                    Code::MissingFile,
                    Code::MissingFile.default_severity(),
                    tag,
                    &tgt_path,
                    format!(
                        "{tag} has no {}: {count} message(s) to translate; `fluentpress sync --locale {tag}` creates it",
                        src_file.name
                    ),
                ));
            }
            continue;
        }
        let tgt_entries: BTreeMap<String, Entry> = tgt_file
            .map(|f| f.entries().into_iter().map(|e| (e.unit.key(), e)).collect())
            .unwrap_or_default();
        for src in src_file.entries() {
            let key = src.unit.key();
            if !src.unit.is_term() {
                c.total += 1;
            }
            let Some(tgt) = tgt_entries.get(&key) else {
                // A message defined in another file of the locale still counts as present.
                if target_units.contains_key(&key) {
                    if !src.unit.is_term() {
                        c.translated += 1;
                    }
                    continue;
                }
                if !src.unit.is_term() {
                    c.missing_words += unit_words(&src.unit);
                }
                let loc = src_file.unit_location(&src.unit);
                c.findings.push(
                    Finding::new(
                        Code::MissingMessage,
                        Code::MissingMessage.default_severity(),
                        tag,
                        &tgt_path,
                        format!(
                            "`{key}` is not translated (source: {}:{loc})",
                            src_file.path.display()
                        ),
                    )
                    .id(&key),
                );
                continue;
            };
            let tgt_file = tgt_file.expect("an entry came from this file");
            if !src.unit.is_term() {
                c.translated += 1;
            }
            c.findings
                .extend(compare_unit(config, tag, &src, tgt_file, tgt));
        }
    }
    for tgt_file in &target.files {
        for entry in tgt_file.entries() {
            let key = entry.unit.key();
            if !source_units.contains_key(&key) {
                c.obsolete += 1;
                c.findings.push(
                    at(Code::ObsoleteMessage, tag, tgt_file, entry.unit.id().name, format!("`{key}` is not in the source any more; remove it or run `fluentpress sync --prune`"))
                        .id(&key),
                );
            }
        }
    }
    c
}

fn compare_unit(
    config: &Config,
    tag: &str,
    src: &Entry,
    tgt_file: &ResourceFile,
    tgt: &Entry,
) -> Vec<Finding> {
    let mut out = Vec::new();
    let key = src.unit.key();
    let id_part = tgt.unit.id().name;
    match (src.unit.value(), tgt.unit.value()) {
        (Some(_), None) => out.push(
            at(
                Code::MissingValue,
                tag,
                tgt_file,
                id_part,
                format!("`{key}` has no value; the source has one"),
            )
            .id(&key),
        ),
        (None, Some(_)) => out.push(
            at(
                Code::ObsoleteValue,
                tag,
                tgt_file,
                id_part,
                format!("`{key}` has a value; the source has none"),
            )
            .id(&key),
        ),
        _ => {}
    }
    // A term's attributes are private to its locale: nothing to compare.
    if !src.unit.is_term() {
        let src_attrs: BTreeSet<&str> = src.unit.attributes().iter().map(|a| a.id.name).collect();
        let tgt_attrs: BTreeSet<&str> = tgt.unit.attributes().iter().map(|a| a.id.name).collect();
        for missing in src_attrs.difference(&tgt_attrs) {
            out.push(
                at(
                    Code::MissingAttribute,
                    tag,
                    tgt_file,
                    id_part,
                    format!("`{key}` lacks the attribute .{missing}"),
                )
                .id(format!("{key}.{missing}")),
            );
        }
        for attr in tgt.unit.attributes() {
            if !src_attrs.contains(attr.id.name) {
                out.push(
                    at(
                        Code::ObsoleteAttribute,
                        tag,
                        tgt_file,
                        attr.id.name,
                        format!("`{key}.{}` is not in the source", attr.id.name),
                    )
                    .id(format!("{key}.{}", attr.id.name)),
                );
            }
        }
    }
    let src_patterns: BTreeMap<Option<&str>, &Pattern<&str>> = patterns(src).into_iter().collect();
    for (name, tgt_pattern) in patterns(tgt) {
        let Some(src_pattern) = src_patterns.get(&name) else {
            continue;
        };
        let id = display_id(&key, name);
        out.extend(variable_findings(
            tag,
            tgt_file,
            &id,
            id_part,
            src_pattern,
            tgt_pattern,
        ));
        out.extend(markup_findings(
            tag,
            tgt_file,
            id_part,
            &id,
            src_pattern,
            tgt_pattern,
        ));
        if !src.unit.is_term()
            && *src_pattern == tgt_pattern
            && !exempt_from_same(config, &id, src_pattern)
        {
            out.push(at(Code::SameAsSource, tag, tgt_file, id_part, format!("`{id}` is the same as the source text; translate it, or list it under [check] same_as_source_ok")).id(&id));
        }
    }
    out
}

/// The value and every attribute; a term's attributes are private to its
/// locale and left out.
fn patterns<'a>(entry: &Entry<'a>) -> Vec<(Option<&'a str>, &'a Pattern<&'a str>)> {
    let mut all = entry.unit.patterns();
    if entry.unit.is_term() {
        all.retain(|(name, _)| name.is_none());
    }
    all
}

fn display_id(key: &str, attr: Option<&str>) -> String {
    match attr {
        Some(a) => format!("{key}.{a}"),
        None => key.to_string(),
    }
}

fn variable_findings(
    tag: &str,
    file: &ResourceFile,
    id: &str,
    id_part: &str,
    src: &Pattern<&str>,
    tgt: &Pattern<&str>,
) -> Vec<Finding> {
    let vars = |p| -> Vec<&str> {
        references(p)
            .into_iter()
            .filter_map(|r| match r {
                Reference::Variable(v) => Some(v),
                _ => None,
            })
            .collect()
    };
    let src_vars: BTreeSet<&str> = vars(src).into_iter().collect();
    let tgt_vars = vars(tgt);
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    for v in &tgt_vars {
        if !src_vars.contains(v) && seen.insert(*v) {
            let hint = src_vars
                .iter()
                .map(|s| format!("${s}"))
                .collect::<Vec<_>>()
                .join(", ");
            let hint = if hint.is_empty() {
                "the source uses none".to_string()
            } else {
                format!("the source uses {hint}")
            };
            out.push(
                at_sigil(
                    Code::UnknownVariable,
                    tag,
                    file,
                    v,
                    format!("`{id}` uses ${v}, which the source never passes ({hint})"),
                )
                .id(id),
            );
        }
    }
    let tgt_set: BTreeSet<&str> = tgt_vars.into_iter().collect();
    for v in src_vars.difference(&tgt_set) {
        let loc = file.location_of(id_part);
        let mut f = Finding::new(
            Code::MissingVariable,
            Code::MissingVariable.default_severity(),
            tag,
            &file.path,
            format!("`{id}` never uses ${v}, which the source shows"),
        );
        f = f.at(loc, file.line_text(loc.line), 1).id(id);
        out.push(f);
    }
    out
}

/// Tags in a pattern's text (every variant), with placeables as opaque gaps.
fn pattern_tags(pattern: &Pattern<&str>) -> Vec<crate::fluent::markup::Tag> {
    scan_tags(&pattern_text(pattern))
}

fn pattern_text(pattern: &Pattern<&str>) -> String {
    let mut text = String::new();
    collect_text(pattern, &mut text);
    text
}

fn collect_text(pattern: &Pattern<&str>, out: &mut String) {
    for element in &pattern.elements {
        match element {
            PatternElement::TextElement { value } => out.push_str(value),
            PatternElement::Placeable { expression } => match expression {
                Expression::Select { variants, .. } => {
                    for v in variants {
                        collect_text(&v.value, out);
                        out.push(' ');
                    }
                }
                Expression::Inline(InlineExpression::Placeable { expression }) => {
                    if let Expression::Select { variants, .. } = &**expression {
                        for v in variants {
                            collect_text(&v.value, out);
                        }
                    }
                }
                Expression::Inline(InlineExpression::StringLiteral { value }) => {
                    out.push_str(value)
                }
                Expression::Inline(_) => out.push('\u{FFFC}'),
            },
        }
    }
}

fn unsafe_tag(tag: &crate::fluent::markup::Tag) -> Option<String> {
    if !is_allowed_element(&tag.name) {
        return Some(format!(
            "<{}> is not an allowed element; it will show as text",
            tag.name
        ));
    }
    if tag.closing {
        return None;
    }
    for (attr, _) in &tag.attributes {
        if !is_allowed_attribute(&tag.name, attr) {
            return Some(format!(
                "attribute `{attr}` is not allowed on <{}>; the element will show as text",
                tag.name
            ));
        }
    }
    if tag.name == "a" && !tag.attributes.iter().any(|(n, _)| n == "data-l10n-name") {
        return Some("<a> needs data-l10n-name; links get their address from the template".into());
    }
    None
}

/// Element names and link names of a pattern, to compare with the source's.
fn markup_shape(pattern: &Pattern<&str>) -> BTreeMap<String, usize> {
    let mut shape = BTreeMap::new();
    for tag in pattern_tags(pattern) {
        if tag.closing || !is_allowed_element(&tag.name) {
            continue;
        }
        let mut key = format!("<{}>", tag.name);
        if let Some((_, name)) = tag.attributes.iter().find(|(n, _)| n == "data-l10n-name") {
            key = format!("<{} data-l10n-name=\"{name}\">", tag.name);
        }
        *shape.entry(key).or_insert(0) += 1;
    }
    shape
}

fn markup_findings(
    tag: &str,
    file: &ResourceFile,
    id_part: &str,
    id: &str,
    src: &Pattern<&str>,
    tgt: &Pattern<&str>,
) -> Vec<Finding> {
    let (s, t) = (markup_shape(src), markup_shape(tgt));
    if s.keys().collect::<Vec<_>>() == t.keys().collect::<Vec<_>>() {
        return Vec::new();
    }
    let only_src: Vec<&String> = s.keys().filter(|k| !t.contains_key(*k)).collect();
    let only_tgt: Vec<&String> = t.keys().filter(|k| !s.contains_key(*k)).collect();
    let mut parts = Vec::new();
    if !only_src.is_empty() {
        parts.push(format!("lacks {}", join(&only_src)));
    }
    if !only_tgt.is_empty() {
        parts.push(format!("adds {}", join(&only_tgt)));
    }
    vec![at(
        Code::MarkupMismatch,
        tag,
        file,
        id_part,
        format!(
            "`{id}` markup differs from the source: {}",
            parts.join("; ")
        ),
    )
    .id(id)]
}

fn join(items: &[&String]) -> String {
    items
        .iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// A locale's plural categories, computed on first use: scanning the rules
/// for example numbers is too slow to repeat for every message.
#[derive(Default)]
struct PluralData {
    cardinal: std::cell::OnceCell<Option<Vec<(&'static str, String)>>>,
    ordinal: std::cell::OnceCell<Option<Vec<(&'static str, String)>>>,
}

impl PluralData {
    fn categories(
        &self,
        locale: &LocaleConfig,
        kind: PluralKind,
    ) -> Option<&[(&'static str, String)]> {
        let cell = match kind {
            PluralKind::Cardinal => &self.cardinal,
            PluralKind::Ordinal => &self.ordinal,
        };
        cell.get_or_init(|| plural_categories(&locale.langid, kind).ok())
            .as_deref()
    }
}

fn plural_findings(
    locale: &LocaleConfig,
    plurals: &PluralData,
    file: &ResourceFile,
    id: &str,
    pattern: &Pattern<&str>,
) -> Vec<Finding> {
    let mut out = Vec::new();
    for (selector, variants) in selects(pattern) {
        let kind = plural_kind(selector);
        let keys: Vec<&str> = variants.iter().map(|v| variant_key(&v.key)).collect();
        let is_plural = keys
            .iter()
            .all(|k| is_category(k) || k.parse::<f64>().is_ok())
            && kind.is_some();
        let Some(kind) = kind.filter(|_| is_plural) else {
            continue;
        };
        let Some(categories) = plurals.categories(locale, kind) else {
            continue;
        };
        let kind_word = if kind == PluralKind::Ordinal {
            "ordinal"
        } else {
            "plural"
        };
        for (category, examples) in categories {
            if *category != "other" && !keys.contains(category) {
                let first = variants.first().map(|v| variant_key(&v.key)).unwrap_or(id);
                out.push(
                    at(
                        Code::PluralMissingCategory,
                        &locale.tag,
                        file,
                        first,
                        format!(
                            "`{id}`: {} needs the {kind_word} form [{category}]: {examples}",
                            locale.tag
                        ),
                    )
                    .id(id),
                );
            }
        }
        for v in variants {
            let key = variant_key(&v.key);
            if is_category(key) && key != "other" && !categories.iter().any(|(c, _)| *c == key) {
                let used: Vec<&str> = categories.iter().map(|(c, _)| *c).collect();
                out.push(
                    at(
                        Code::PluralUnreachableCategory,
                        &locale.tag,
                        file,
                        key,
                        format!(
                            "`{id}`: [{key}] is never selected in {} (its {kind_word} forms: {})",
                            locale.tag,
                            used.join(", ")
                        ),
                    )
                    .id(id),
                );
            }
        }
    }
    out
}

fn is_category(key: &str) -> bool {
    matches!(key, "zero" | "one" | "two" | "few" | "many" | "other")
}

/// Plural kind of a selector: variables and NUMBER() select by plural rules,
/// `NUMBER(…, type: "ordinal")` by ordinal rules; anything else is not plural.
fn plural_kind(selector: &InlineExpression<&str>) -> Option<PluralKind> {
    match selector {
        InlineExpression::VariableReference { .. } | InlineExpression::NumberLiteral { .. } => {
            Some(PluralKind::Cardinal)
        }
        InlineExpression::FunctionReference { id, arguments } if id.name == "NUMBER" => {
            let ordinal = arguments.named.iter().any(|a| {
                a.name.name == "type" && matches!(a.value, InlineExpression::StringLiteral { value } if value == "ordinal")
            });
            Some(if ordinal {
                PluralKind::Ordinal
            } else {
                PluralKind::Cardinal
            })
        }
        _ => None,
    }
}

type Variants<'a> = &'a [fluent_syntax::ast::Variant<&'a str>];

fn selects<'a>(
    pattern: &'a Pattern<&'a str>,
) -> Vec<(&'a InlineExpression<&'a str>, Variants<'a>)> {
    let mut out = Vec::new();
    for element in &pattern.elements {
        if let PatternElement::Placeable { expression } = element {
            collect_selects(expression, &mut out);
        }
    }
    out
}

fn collect_selects<'a>(
    expression: &'a Expression<&'a str>,
    out: &mut Vec<(&'a InlineExpression<&'a str>, Variants<'a>)>,
) {
    match expression {
        Expression::Select { selector, variants } => {
            out.push((selector, variants));
            for v in variants {
                out.extend(selects(&v.value));
            }
        }
        Expression::Inline(InlineExpression::Placeable { expression }) => {
            collect_selects(expression, out)
        }
        Expression::Inline(_) => {}
    }
}

fn is_empty(pattern: &Pattern<&str>) -> bool {
    pattern.elements.iter().all(|e| match e {
        PatternElement::TextElement { value } => value.trim().is_empty(),
        PatternElement::Placeable {
            expression: Expression::Inline(InlineExpression::StringLiteral { value }),
        } => value.trim().is_empty(),
        _ => false,
    })
}

fn exempt_from_same(config: &Config, id: &str, pattern: &Pattern<&str>) -> bool {
    if config
        .check
        .same_as_source_ok
        .iter()
        .any(|ok| ok == id || Some(ok.as_str()) == id.split('.').next())
    {
        return true;
    }
    let mut text = pattern_text(pattern);
    for word in &config.check.keep_words {
        text = text.replace(word.as_str(), "");
    }
    !text.chars().any(char::is_alphabetic)
}

/// Words a translator has still to translate: whitespace-separated words,
/// but every Han, kana or Hangul character counts as one.
pub fn count_words(text: &str) -> usize {
    let mut count = 0;
    for word in text.split_whitespace() {
        let mut in_run = false;
        for c in word.chars() {
            if is_cjk(c) {
                count += 1;
                in_run = false;
            } else if c.is_alphanumeric() {
                if !in_run {
                    count += 1;
                }
                in_run = true;
            }
        }
    }
    count
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

/// Words of a unit still to translate: its text, and of a select
/// expression its default variant (so plural forms count once).
pub fn unit_words(unit: &Unit) -> usize {
    let mut patterns = unit.patterns();
    if unit.is_term() {
        patterns.retain(|(name, _)| name.is_none());
    }
    patterns
        .into_iter()
        .map(|(_, p)| {
            let mut text = String::new();
            default_text(p, &mut text);
            count_words(&scan_free(&text))
        })
        .sum()
}

fn default_text(pattern: &Pattern<&str>, out: &mut String) {
    for element in &pattern.elements {
        match element {
            PatternElement::TextElement { value } => {
                out.push_str(value);
                out.push(' ');
            }
            PatternElement::Placeable { expression } => default_expression(expression, out),
        }
    }
}

fn default_expression(expression: &Expression<&str>, out: &mut String) {
    match expression {
        Expression::Select { variants, .. } => {
            if let Some(v) = variants.iter().find(|v| v.default) {
                default_text(&v.value, out);
            }
        }
        Expression::Inline(InlineExpression::Placeable { expression }) => {
            default_expression(expression, out)
        }
        Expression::Inline(InlineExpression::StringLiteral { value }) => out.push_str(value),
        Expression::Inline(_) => {}
    }
}

/// Text without markup tags, so `<strong>` is not counted as a word.
fn scan_free(text: &str) -> String {
    let mut out = String::new();
    let mut pos = 0;
    for tag in scan_tags(text) {
        out.push_str(&text[pos..tag.span.start]);
        out.push(' ');
        pos = tag.span.end;
    }
    out.push_str(&text[pos..]);
    out
}

#[cfg(test)]
mod tests {
    use super::count_words;

    #[test]
    fn words_count_cjk_by_character() {
        assert_eq!(count_words("Hello brave new world"), 4);
        assert_eq!(count_words("国际特赦组织"), 6);
        assert_eq!(count_words("超过 7 million 人"), 5);
        assert_eq!(count_words("l'homme — droits"), 2);
    }
}
