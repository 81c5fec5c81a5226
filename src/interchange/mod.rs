//! `export` and `import`: a locale's messages as translation units for
//! translators' own tools (XLIFF 2.0, XLIFF 1.2, gettext PO), and their
//! translations written back into the `.ftl` files.
//!
//! One [`Unit`] per pattern a translator writes: a message's value, each
//! attribute, and each variant of a select (nested selects give nested
//! units). A select inside running text stays in its unit as a protected
//! code and its variants become units of their own, so no translator ever
//! sees Fluent's select syntax. Unit ids are built from the message id and
//! the variant keys (`emails:one`, `title.alt`, `para:s1:few`), so an import
//! finds the same units by regenerating them from the files.

pub mod apply;
pub mod pages;
pub mod po;
pub mod xliff;

use crate::fluent::catalog::{Catalog, Entry, LocaleFiles, ResourceFile};
use crate::fluent::markup::scan_tags;
use crate::fluent::references::variant_key;
use crate::intl::{plural_categories, PluralKind};
use crate::project::config::Config;
use crate::project::lock::{part_texts, word_diff, Lock};
use fluent_syntax::ast;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// The file formats `export` writes and `import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// XLIFF 2.0 core.
    Xliff,
    /// XLIFF 2.2, a select's variants as the segments of one unit (Plural, Gender and Select module).
    Xliff22,
    /// XLIFF 1.2, for older tools.
    Xliff12,
    /// gettext PO.
    Po,
}

/// Which units an export holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Only {
    #[default]
    All,
    Missing,
    Stale,
}

/// A unit's translation state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    Missing,
    Translated,
    /// Translated from a source text that has changed since.
    Stale,
}

/// A protected inline code: a placeable or a markup tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Code {
    pub id: String,
    /// The original Fluent (`{ $n }`, `<strong>`); for a paired code, its start.
    pub data: String,
    /// The end of a paired code (`</strong>`); `None` for a placeholder.
    pub data_end: Option<String>,
    /// For a select shown as a code: its number in the pattern (`s1`), whose variants are units.
    pub select: Option<usize>,
    /// Whether a translation may leave it out (a plural variant need not show its count).
    pub can_delete: bool,
}

impl Code {
    /// What a translator's tool shows for the code.
    pub fn display(&self) -> String {
        if self.select.is_some() {
            return "{…}".to_string();
        }
        self.data.clone()
    }
}

/// A piece of a unit's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    Text(String),
    /// A placeholder code, by id.
    Ph(String),
    /// The start and the end of a paired code, by id.
    Start(String),
    End(String),
}

pub type Content = Vec<Piece>;

/// One translatable pattern of one message.
#[derive(Debug, Clone)]
pub struct Unit {
    pub id: String,
    /// The message or term id (`-brand` for a term).
    pub message: String,
    pub is_term: bool,
    pub codes: Vec<Code>,
    pub source: Content,
    pub target: Option<Content>,
    pub state: State,
    /// (category, text): comments, the selector, the locale's categories, pages, the source change.
    pub notes: Vec<(String, String)>,
    /// For a select's variant: the selector (`$count`), as Fluent.
    pub selector: Option<String>,
}

/// One resource file's units.
#[derive(Debug, Clone)]
pub struct FileUnits {
    /// The resource name (`about.ftl`).
    pub name: String,
    /// The source file, as shown to the user.
    pub original: PathBuf,
    pub units: Vec<Unit>,
}

/// Everything exported for one locale.
#[derive(Debug, Clone)]
pub struct Document {
    pub source_locale: String,
    pub target_locale: String,
    pub files: Vec<FileUnits>,
}

/// Errors of export and import: each names where it is.
#[derive(Debug, thiserror::Error)]
pub enum InterchangeError {
    #[error("{path}:{line}:{column}: {message}")]
    Input {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{0}")]
    Project(String),
}

impl InterchangeError {
    pub fn at(path: &std::path::Path, text: &str, offset: usize, message: String) -> Self {
        let loc =
            crate::finding::location::LineIndex::new(text).location(text, offset.min(text.len()));
        InterchangeError::Input {
            path: path.to_path_buf(),
            line: loc.line,
            column: loc.column,
            message,
        }
    }
}

/// A node of a pattern as `import` rewrites it: text, an expression kept as
/// its Fluent source, or a select.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    Text(String),
    Expr(String),
    Select {
        selector: String,
        variants: Vec<Variant>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    pub key: String,
    pub default: bool,
    pub value: Vec<Node>,
}

/// Characters Fluent text cannot hold as themselves, which a source writes as
/// `{ "{" }`; shown to translators as text.
const ESCAPED: &[&str] = &["{", "}", "[", "*", "."];

/// A pattern as nodes.
pub fn nodes(pattern: &ast::Pattern<&str>) -> Vec<Node> {
    let mut out: Vec<Node> = Vec::new();
    let push_text = |out: &mut Vec<Node>, text: &str| match out.last_mut() {
        Some(Node::Text(t)) => t.push_str(text),
        _ => out.push(Node::Text(text.to_string())),
    };
    for element in &pattern.elements {
        match element {
            ast::PatternElement::TextElement { value } => push_text(&mut out, value),
            ast::PatternElement::Placeable { expression } => {
                let mut expression = expression;
                while let ast::Expression::Inline(ast::InlineExpression::Placeable {
                    expression: inner,
                }) = expression
                {
                    expression = inner;
                }
                match expression {
                    ast::Expression::Select { selector, variants } => out.push(Node::Select {
                        selector: inline_source(selector),
                        variants: variants
                            .iter()
                            .map(|v| Variant {
                                key: variant_key(&v.key).to_string(),
                                default: v.default,
                                value: nodes(&v.value),
                            })
                            .collect(),
                    }),
                    ast::Expression::Inline(ast::InlineExpression::StringLiteral { value })
                        if ESCAPED.contains(value) =>
                    {
                        push_text(&mut out, value)
                    }
                    ast::Expression::Inline(inline) => {
                        out.push(Node::Expr(placeable_source(inline)))
                    }
                }
            }
        }
    }
    out
}

/// The common references (`$n`, `msg`, `-brand`) as (sigil, name): written
/// directly, where serializing a whole resource per placeable was a tenth
/// of a large import.
fn simple_reference<'a>(
    inline: &ast::InlineExpression<&'a str>,
) -> Option<(&'static str, &'a str)> {
    match inline {
        ast::InlineExpression::VariableReference { id } => Some(("$", id.name)),
        ast::InlineExpression::MessageReference {
            id,
            attribute: None,
        } => Some(("", id.name)),
        ast::InlineExpression::TermReference {
            id,
            attribute: None,
            arguments: None,
        } => Some(("-", id.name)),
        _ => None,
    }
}

/// An inline expression as a placeable's Fluent source (`{ $n }`), a common
/// reference made in one piece, as each import makes thousands.
fn placeable_source(inline: &ast::InlineExpression<&str>) -> String {
    let Some((sigil, name)) = simple_reference(inline) else {
        return format!("{{ {} }}", inline_source(inline));
    };
    let mut out = String::with_capacity(name.len() + 5);
    out.push_str("{ ");
    out.push_str(sigil);
    out.push_str(name);
    out.push_str(" }");
    out
}

/// An inline expression as Fluent source (`$n`, `NUMBER($n)`, `-brand`).
fn inline_source(inline: &ast::InlineExpression<&str>) -> String {
    if let Some((sigil, name)) = simple_reference(inline) {
        return format!("{sigil}{name}");
    }
    let resource = ast::Resource {
        body: vec![ast::Entry::Message(ast::Message {
            id: ast::Identifier { name: "x" },
            value: Some(ast::Pattern {
                elements: vec![ast::PatternElement::Placeable {
                    expression: ast::Expression::Inline(inline.clone()),
                }],
            }),
            attributes: Vec::new(),
            comment: None,
        })],
    };
    let text = fluent_syntax::serializer::serialize(&resource);
    let text = text.trim_end();
    let text = text.strip_prefix("x = { ").unwrap_or(text);
    text.strip_suffix(" }").unwrap_or(text).to_string()
}

/// Whether a pattern is only a select (whitespace aside): its variants are
/// the units, with nothing around them to translate.
pub(crate) fn sole_select(nodes: &[Node]) -> bool {
    let selects = nodes
        .iter()
        .filter(|n| matches!(n, Node::Select { .. }))
        .count();
    selects == 1
        && nodes.iter().all(|n| match n {
            Node::Text(t) => t.trim().is_empty(),
            Node::Expr(_) => false,
            Node::Select { .. } => true,
        })
}

/// The id of the unit of a select's variant.
pub fn variant_unit_id(parent: &str, sole: bool, select: usize, key: &str) -> String {
    // Pushed, not formatted: every import makes one per variant, twice.
    let mut id = String::with_capacity(parent.len() + key.len() + 8);
    id.push_str(parent);
    id.push(':');
    if !sole {
        id.push('s');
        id.push_str(&select.to_string());
        id.push(':');
    }
    id.push_str(key);
    id
}

/// Called with a unit's id, its nodes and, for a variant, its select's selector.
pub type UnitVisitor<'v, 'n> = dyn FnMut(&str, &'n [Node], Option<&'n str>) + 'v;

/// A pattern's translatable units, by id, each with the nodes it was made of.
/// Visits every pattern of the tree (`visit(id, nodes, selector_of_variant)`).
pub fn walk_units<'n>(
    id: &str,
    nodes: &'n [Node],
    selector: Option<&'n str>,
    visit: &mut UnitVisitor<'_, 'n>,
) {
    let sole = sole_select(nodes);
    if !sole {
        visit(id, nodes, selector);
    }
    let mut select = 0;
    for node in nodes {
        if let Node::Select { selector, variants } = node {
            select += 1;
            for v in variants {
                let child = variant_unit_id(id, sole, select, &v.key);
                walk_units(&child, &v.value, Some(selector), visit);
            }
        }
    }
}

/// The CLDR categories a selector chooses among in `tag`, when it is a number.
pub fn selector_categories(
    tag: &str,
    selector: &str,
    keys: &[&str],
) -> Option<std::sync::Arc<Vec<String>>> {
    const CATEGORIES: &[&str] = &["zero", "one", "two", "few", "many", "other"];
    let numeric_selector = selector.starts_with('$') || selector.starts_with("NUMBER(");
    if !numeric_selector || !keys.iter().any(|k| CATEGORIES.contains(k)) {
        return None;
    }
    let kind = if selector.contains("type: \"ordinal\"") {
        PluralKind::Ordinal
    } else {
        PluralKind::Cardinal
    };
    // Loading CLDR rules costs far more than a unit; a large export asks thousands of times.
    // Looked up by the tag itself (no key built per call) and shared, not copied.
    type Categories = Option<std::sync::Arc<Vec<String>>>;
    type Cache = std::sync::Mutex<BTreeMap<String, [Option<Categories>; 2]>>;
    static CACHE: std::sync::OnceLock<Cache> = std::sync::OnceLock::new();
    let ordinal = usize::from(kind == PluralKind::Ordinal);
    let cache = CACHE.get_or_init(Default::default);
    if let Some(Some(found)) = cache.lock().ok()?.get(tag).map(|k| &k[ordinal]) {
        return found.clone();
    }
    let categories = tag
        .parse::<unic_langid::LanguageIdentifier>()
        .ok()
        .and_then(|langid| plural_categories(&langid, kind).ok())
        .map(|c| {
            std::sync::Arc::new(
                c.into_iter()
                    .map(|(c, _)| c.to_string())
                    .collect::<Vec<_>>(),
            )
        });
    cache.lock().ok()?.entry(tag.to_string()).or_default()[ordinal] = Some(categories.clone());
    categories
}

/// A select's variants as the locale needs them: a plural select gets every
/// CLDR category of the locale (a French plural without `[many]` gets one to
/// fill), and, when it comes from the source, loses the categories the
/// locale does not have.
pub fn adapt_selects(nodes: &mut [Node], tag: &str, from_source: bool) {
    for node in nodes.iter_mut() {
        if let Node::Select { selector, variants } = node {
            for v in variants.iter_mut() {
                adapt_selects(&mut v.value, tag, from_source);
            }
            let keys: Vec<&str> = variants.iter().map(|v| v.key.as_str()).collect();
            let Some(categories) = selector_categories(tag, selector, &keys) else {
                continue;
            };
            let is_number = |k: &str| k.parse::<f64>().is_ok();
            if from_source {
                let default = variants.iter().find(|v| v.default).cloned();
                variants.retain(|v| is_number(&v.key) || categories.contains(&v.key));
                if !variants.iter().any(|v| v.default) {
                    if let Some(mut d) = default {
                        d.key = "other".to_string();
                        variants.retain(|v| v.key != "other");
                        variants.push(d);
                    }
                }
            }
            for category in categories.iter() {
                if !variants.iter().any(|v| &v.key == category) {
                    let at = variants
                        .iter()
                        .position(|v| v.default)
                        .unwrap_or(variants.len());
                    variants.insert(
                        at,
                        Variant {
                            key: category.clone(),
                            default: false,
                            value: Vec::new(),
                        },
                    );
                }
            }
        }
    }
}

/// Builds a unit's content from nodes, adding codes to `codes` (reusing
/// equal codes not yet used in this content; copied only to add one).
pub fn content_of(nodes: &[Node], codes: &mut Cow<'_, [Code]>) -> Content {
    // By position in `codes`: every code's id is its own, so a position names it.
    let mut used: Vec<bool> = vec![false; codes.len()];
    let mut pieces: Content = Vec::new();
    // Tags open but not closed yet: (name, index in pieces, code data).
    let mut open: Vec<(String, usize, String)> = Vec::new();
    let mut take =
        |codes: &mut Cow<'_, [Code]>, data: &str, end: Option<&str>, select: Option<usize>| {
            let found = codes.iter().zip(&used).position(|(c, used)| {
                c.data == data && c.data_end.as_deref() == end && c.select == select && !used
            });
            let at = match found {
                Some(at) => at,
                None => {
                    let id = (codes.len() + 1).to_string();
                    codes.to_mut().push(Code {
                        id,
                        data: data.to_string(),
                        data_end: end.map(str::to_string),
                        select,
                        can_delete: false,
                    });
                    used.push(false);
                    codes.len() - 1
                }
            };
            used[at] = true;
            codes[at].id.clone()
        };
    let mut select = 0;
    for node in nodes {
        match node {
            Node::Text(text) => {
                let mut pos = 0;
                for tag in scan_tags(text) {
                    if tag.span.start > pos {
                        pieces.push(Piece::Text(text[pos..tag.span.start].to_string()));
                    }
                    let raw = &text[tag.span.clone()];
                    if tag.closing {
                        if let Some(i) = open.iter().rposition(|(name, _, _)| name == &tag.name) {
                            let (_, at, start) = open.remove(i);
                            let id = take(codes, &start, Some(raw), None);
                            pieces[at] = Piece::Start(id.clone());
                            pieces.push(Piece::End(id));
                        } else {
                            let id = take(codes, raw, None, None);
                            pieces.push(Piece::Ph(id));
                        }
                    } else {
                        // A placeholder until its end tag is found.
                        open.push((tag.name.clone(), pieces.len(), raw.to_string()));
                        pieces.push(Piece::Text(String::new()));
                    }
                    pos = tag.span.end;
                }
                if pos < text.len() {
                    pieces.push(Piece::Text(text[pos..].to_string()));
                }
            }
            Node::Expr(source) => {
                let id = take(codes, source, None, None);
                pieces.push(Piece::Ph(id));
            }
            Node::Select { .. } => {
                select += 1;
                let id = take(codes, &format!("s{select}"), None, Some(select));
                pieces.push(Piece::Ph(id));
            }
        }
    }
    // Tags never closed (void elements, stray starts) are placeholders.
    for (_, at, raw) in open {
        let id = take(codes, &raw, None, None);
        pieces[at] = Piece::Ph(id);
    }
    pieces.retain(|p| !matches!(p, Piece::Text(t) if t.is_empty()));
    pieces
}

/// The text of a content with its codes written as their Fluent source.
pub fn plain_text(content: &Content, codes: &[Code]) -> String {
    let code = |id: &str| codes.iter().find(|c| c.id == id);
    content
        .iter()
        .map(|p| match p {
            Piece::Text(t) => t.clone(),
            Piece::Ph(id) => code(id).map_or(String::new(), |c| {
                if c.select.is_some() {
                    "{…}".to_string()
                } else {
                    c.data.clone()
                }
            }),
            Piece::Start(id) => code(id).map_or(String::new(), |c| c.data.clone()),
            Piece::End(id) => code(id)
                .and_then(|c| c.data_end.clone())
                .unwrap_or_default(),
        })
        .collect()
}

fn has_text(content: &Content) -> bool {
    content
        .iter()
        .any(|p| matches!(p, Piece::Text(t) if !t.trim().is_empty()))
}

/// Every part of a message (`None` for the value, `Some(attr)`), with its
/// pattern; a term's attributes are private to its locale and not exported.
fn parts<'a>(entry: &Entry<'a>) -> Vec<(Option<&'a str>, &'a ast::Pattern<&'a str>)> {
    entry
        .unit
        .patterns()
        .into_iter()
        .filter(|(attr, _)| attr.is_none() || !entry.unit.is_term())
        .collect()
}

pub fn part_id(message: &str, attr: Option<&str>) -> String {
    attr.map_or_else(|| message.to_string(), |a| format!("{message}.{a}"))
}

/// The source unit of `id`, or the closest one: a variant the source lacks
/// is shown with the source's `other`, a target select the source does not
/// have with the source's whole pattern.
fn source_unit<'m, T>(map: &'m BTreeMap<String, T>, id: &str) -> Option<&'m T> {
    let mut id = id;
    loop {
        if let Some(n) = map.get(id) {
            return Some(n);
        }
        let (parent, _) = id.rsplit_once(':')?;
        if let Some(n) = map.get(&format!("{parent}:other")) {
            return Some(n);
        }
        id = match parent.rsplit_once(':') {
            Some((p, s))
                if s.starts_with('s')
                    && s.len() > 1
                    && s[1..].chars().all(|c| c.is_ascii_digit()) =>
            {
                p
            }
            _ => parent,
        };
    }
}

/// The `# ` comment lines directly above a message. The catalog's parser
/// drops comments, so they are read from the text.
fn message_comment(text: &str, id: &str) -> Option<String> {
    let at = crate::finding::location::offset_in(text, id)?;
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let mut lines: Vec<&str> = text[..line_start]
        .lines()
        .rev()
        .take_while(|l| *l == "#" || l.starts_with("# "))
        .map(|l| l.strip_prefix("# ").unwrap_or(""))
        .collect();
    lines.reverse();
    (!lines.is_empty()).then(|| lines.join("\n"))
}

/// What every locale's export is made from, read once for all of them.
pub struct Project<'p> {
    pub config: &'p Config,
    pub catalog: &'p Catalog,
    pub lock: &'p Lock,
    /// The pages each message is called on by its templates, by message id.
    pub pages: BTreeMap<String, Vec<String>>,
    /// Ids the source defines in more than one file (resources that pages
    /// load apart may share an id): their translation is looked for in the
    /// file of the same name only.
    shared: FastSet<MessageKey<'p>>,
    /// The source side of every unit, the same in every locale's export:
    /// made once here rather than once per locale (it was a third of a large
    /// export). By source file, then entry, in [`ResourceFile::entries`] order.
    sources: Vec<Vec<SourceEntry>>,
    /// The source's part texts for the lock's stale check, made when a
    /// locale with records first asks.
    source_texts: std::sync::OnceLock<BTreeMap<String, String>>,
}

/// A hash map for the many short keys (ids, file names) of one locale's
/// import: SipHash's resistance to chosen keys buys nothing there, and it
/// was a tenth of planning a large import.
pub(crate) type FastMap<K, V> = std::collections::HashMap<K, V, rustc_hash::FxBuildHasher>;
pub(crate) type FastSet<K> = std::collections::HashSet<K, rustc_hash::FxBuildHasher>;

/// A message or term as the maps of a locale's messages find it, borrowed
/// from the catalog: (is a term, its id without the `-`). Equal to
/// comparing [`crate::fluent::catalog::Unit::key`]s, without making one.
pub(crate) type MessageKey<'a> = (bool, &'a str);

pub(crate) fn message_key<'a>(unit: &crate::fluent::catalog::Unit<'a>) -> MessageKey<'a> {
    (unit.is_term(), unit.id().name)
}

/// A locale's messages and terms as export and import pair them with the
/// source's: in the file of the same name first, because two resources that
/// pages load apart may define the same id (mozilla.org's do), each with its
/// own translation; else, for an id the source defines once, wherever the
/// locale has it.
pub(crate) struct Translations<'a> {
    by_file: FastMap<&'a str, FastMap<MessageKey<'a>, (&'a ResourceFile, Entry<'a>)>>,
    /// The first file's, as [`LocaleFiles::units`] has them.
    anywhere: FastMap<MessageKey<'a>, (&'a ResourceFile, Entry<'a>)>,
}

impl<'a> Translations<'a> {
    pub(crate) fn of(files: Option<&'a LocaleFiles>) -> Self {
        let mut by_file: FastMap<&str, FastMap<_, _>> = FastMap::default();
        let mut anywhere: FastMap<_, _> = FastMap::default();
        for file in files.into_iter().flat_map(|f| &f.files) {
            let entries = file.entries();
            let units = by_file.entry(file.name.as_str()).or_default();
            units.reserve(entries.len());
            anywhere.reserve(entries.len());
            for entry in entries {
                let key = message_key(&entry.unit);
                units.entry(key).or_insert((file, entry));
                anywhere.entry(key).or_insert((file, entry));
            }
        }
        Translations { by_file, anywhere }
    }

    /// The translation of the source's `key` in its file `file`.
    pub(crate) fn get(
        &self,
        project: &Project,
        file: &str,
        key: MessageKey<'a>,
    ) -> Option<&(&'a ResourceFile, Entry<'a>)> {
        self.by_file
            .get(file)
            .and_then(|units| units.get(&key))
            .or_else(|| {
                (!project.shared.contains(&key))
                    .then(|| self.anywhere.get(&key))
                    .flatten()
            })
    }
}

/// A source message's notes and parts, as every locale's units share them.
struct SourceEntry {
    /// The message's id as [`crate::fluent::catalog::Unit::key`] writes it (`-brand` for a term).
    key: String,
    comment: Option<String>,
    location: Option<String>,
    parts: Vec<SourcePart>,
}

/// One part (value or attribute) of a source message.
struct SourcePart {
    /// The pattern as nodes, before a locale's plural categories adapt it.
    tree: Vec<Node>,
    /// Each unit of the part by id: its codes (a variant's marked as
    /// [`mark_deletable`] marks them for the source's selector) and source
    /// content.
    units: BTreeMap<String, (Vec<Code>, Content)>,
}

impl<'p> Project<'p> {
    pub fn new(config: &'p Config, catalog: &'p Catalog, lock: &'p Lock) -> Self {
        let pages = pages::message_pages(config);
        let mut seen = FastSet::default();
        let shared = catalog
            .source()
            .into_iter()
            .flat_map(|source| &source.files)
            .flat_map(|file| file.entries())
            .map(|entry| message_key(&entry.unit))
            .filter(|key| !seen.insert(*key))
            .collect();
        let sources = catalog
            .source()
            .map(|source| {
                source
                    .files
                    .iter()
                    .map(|file| source_entries(config, &pages, file))
                    .collect()
            })
            .unwrap_or_default();
        Project {
            config,
            catalog,
            lock,
            pages,
            shared,
            sources,
            source_texts: std::sync::OnceLock::new(),
        }
    }
}

fn source_entries(
    config: &Config,
    message_pages: &BTreeMap<String, Vec<String>>,
    file: &ResourceFile,
) -> Vec<SourceEntry> {
    let file_pages: Vec<&str> = config
        .pages
        .iter()
        .filter(|p| p.resources.contains(&file.name))
        .map(|p| p.name.as_str())
        .collect();
    file.entries()
        .iter()
        .map(|entry| {
            let message = entry.unit.key();
            let parts = parts(entry)
                .into_iter()
                .map(|(attr, pattern)| {
                    let tree = nodes(pattern);
                    let mut units = BTreeMap::new();
                    walk_units(
                        &part_id(&message, attr),
                        &tree,
                        None,
                        &mut |id, n, selector| {
                            let mut codes = Cow::Owned(Vec::new());
                            let content = content_of(n, &mut codes);
                            if let Some(selector) = selector {
                                mark_deletable(&mut codes, selector);
                            }
                            units.insert(id.to_string(), (codes.into_owned(), content));
                        },
                    );
                    SourcePart { tree, units }
                })
                .collect();
            SourceEntry {
                comment: message_comment(file.source(), entry.unit.id().name),
                location: pages_note(message_pages.get(&message), &file_pages),
                key: message,
                parts,
            }
        })
        .collect()
}

/// A plural variant need not show the number it is chosen by: a code that
/// holds the selector's variable may be left out. The codes are copied only
/// when a mark changes, which for a unit of the source's own select is never.
fn mark_deletable(codes: &mut Cow<'_, [Code]>, selector: &str) {
    let variable = selector
        .trim_start_matches("NUMBER(")
        .split([',', ')'])
        .next()
        .unwrap_or(selector);
    if codes
        .iter()
        .any(|c| c.can_delete != c.data.contains(variable))
    {
        for c in codes.to_mut().iter_mut() {
            c.can_delete = c.data.contains(variable);
        }
    }
}

/// The content of a unit the source has nothing for.
static NO_CONTENT: Content = Vec::new();

/// One unit of a locale as export and import both see it, before export
/// adds what a translator reads.
struct Walked<'p, 'w> {
    /// The source file's number in the source locale.
    file: usize,
    id: &'w str,
    entry: &'w Entry<'p>,
    source_entry: &'p SourceEntry,
    /// The part (`id`, `id.attr`) the unit is of.
    part: &'w str,
    /// Borrowed from the source's unit unless the translation needs its own.
    codes: Cow<'p, [Code]>,
    source: &'p Content,
    target: Option<Content>,
    /// For a select's variant: the selector (`$count`), as Fluent.
    selector: Option<&'w str>,
}

/// Every unit of `tag`, in source file order: the translation's tree where
/// there is one, else the source's, adapted to the locale's plural
/// categories, each unit paired with the source's.
fn walk_locale<'p>(
    project: &'p Project<'p>,
    tag: &str,
    translations: &Translations<'p>,
    visit: &mut dyn FnMut(Walked<'p, '_>),
) -> Result<(), InterchangeError> {
    let source = project
        .catalog
        .source()
        .ok_or_else(|| InterchangeError::Project("the source locale has no folder".into()))?;
    for (f, (file, file_sources)) in source.files.iter().zip(&project.sources).enumerate() {
        for (entry, entry_source) in file.entries().iter().zip(file_sources) {
            let target_entry = translations
                .get(project, &file.name, message_key(&entry.unit))
                .map(|(_, e)| *e);
            for ((attr, _), part_source) in parts(entry).into_iter().zip(&entry_source.parts) {
                let part = part_id(&entry_source.key, attr);
                let target_pattern = target_entry.and_then(|e| {
                    e.unit
                        .patterns()
                        .into_iter()
                        .find(|(a, _)| *a == attr)
                        .map(|(_, p)| p)
                });
                let (mut tree, from_source) = match target_pattern {
                    Some(t) => (nodes(t), false),
                    None => (part_source.tree.clone(), true),
                };
                adapt_selects(&mut tree, tag, from_source);
                walk_units(&part, &tree, None, &mut |id, n, selector| {
                    let (mut codes, source) = match source_unit(&part_source.units, id) {
                        Some((codes, content)) => (Cow::Borrowed(codes.as_slice()), content),
                        None => (Cow::Borrowed(&[][..]), &NO_CONTENT),
                    };
                    let target = (!from_source && !n.is_empty()).then(|| content_of(n, &mut codes));
                    // A variant that is only a placeable (`*[other] { $n }`) is
                    // filled from the source when the rest is imported; a whole
                    // value or attribute that is only one (`{ -brand-name }`) is a
                    // unit still, or the locale could never be completed here.
                    if selector.is_some()
                        && !has_text(source)
                        && !target.as_ref().is_some_and(has_text)
                    {
                        return;
                    }
                    if let Some(selector) = selector {
                        mark_deletable(&mut codes, selector);
                    }
                    visit(Walked {
                        file: f,
                        id,
                        entry,
                        source_entry: entry_source,
                        part: &part,
                        codes,
                        source,
                        target,
                        selector,
                    });
                });
            }
        }
    }
    Ok(())
}

/// The units of one locale, in source file order, with the notes a
/// translator reads.
pub fn document(project: &Project, tag: &str, only: Only) -> Result<Document, InterchangeError> {
    let translations = Translations::of(project.catalog.locale(tag));
    let Project { catalog, lock, .. } = project;
    let source = catalog
        .source()
        .ok_or_else(|| InterchangeError::Project("the source locale has no folder".into()))?;
    let empty = LocaleFiles::default();
    let target = catalog.locale(tag).unwrap_or(&empty);
    let stale = if lock.locales.contains_key(tag) {
        let source_texts = project.source_texts.get_or_init(|| part_texts(source));
        lock.stale_against(tag, source_texts, target)
    } else {
        Vec::new()
    };
    let stale: BTreeMap<String, crate::project::lock::Stale> =
        stale.into_iter().map(|s| (s.id.clone(), s)).collect();
    let mut files: Vec<FileUnits> = source
        .files
        .iter()
        .map(|file| FileUnits {
            name: file.name.clone(),
            original: file.path.clone(),
            units: Vec::new(),
        })
        .collect();
    walk_locale(project, tag, &translations, &mut |unit| {
        let stale_part = stale.get(unit.part);
        let state = match (&unit.target, stale_part) {
            (None, _) => State::Missing,
            (Some(_), Some(_)) => State::Stale,
            (Some(_), None) => State::Translated,
        };
        let wanted = match only {
            Only::All => true,
            Only::Missing => state == State::Missing,
            Only::Stale => state == State::Stale,
        };
        if !wanted {
            return;
        }
        let message = unit.source_entry.key.as_str();
        let mut notes = Vec::new();
        if let Some(c) = &unit.source_entry.comment {
            notes.push(("comment".to_string(), c.clone()));
        }
        if let Some(g) = unit.entry.group {
            notes.push(("group".to_string(), g.to_string()));
        }
        if unit.entry.unit.is_term() {
            notes.push((
                "term".to_string(),
                format!("`{message}` is a term: other messages use it as {{ {message} }}; it is private to the locale"),
            ));
        }
        if let (Some(selector), Some((_, key))) = (unit.selector, unit.id.rsplit_once(':')) {
            let keys: Vec<&str> = vec![key];
            let mut note = format!("variant [{key}] of {{ {selector} -> … }}");
            if let Some(cats) = selector_categories(tag, selector, &keys) {
                note.push_str(&format!(
                    "; the plural categories of {tag}: {}",
                    cats.join(", ")
                ));
            }
            notes.push(("selector".to_string(), note));
        }
        if let Some(pages) = &unit.source_entry.location {
            notes.push(("location".to_string(), pages.clone()));
        }
        if let Some(s) = stale_part {
            notes.push((
                "stale".to_string(),
                format!(
                    "the source changed since this was translated: {}",
                    word_diff(&s.old_source, &s.new_source)
                ),
            ));
        }
        files[unit.file].units.push(Unit {
            id: unit.id.to_string(),
            message: message.to_string(),
            is_term: unit.entry.unit.is_term(),
            codes: unit.codes.into_owned(),
            source: unit.source.clone(),
            target: unit.target,
            state,
            notes,
            selector: unit.selector.map(str::to_string),
        });
    })?;
    Ok(Document {
        source_locale: catalog.source_locale.clone(),
        target_locale: tag.to_string(),
        files,
    })
}

/// A locale's unit as `import` checks a translation against it: its codes,
/// source and current translation, borrowed from the source's where they
/// are the same (building and dropping the export's units, codes and source
/// copied for each, was a third of planning a large import).
pub(crate) struct Expected<'p> {
    /// The source file's resource name.
    pub file: &'p str,
    /// The message or term (`-brand`).
    pub message: &'p str,
    pub codes: Cow<'p, [Code]>,
    pub source: &'p Content,
    pub target: Option<Content>,
    /// The next unit of the same id, in another file.
    next: Option<usize>,
}

/// Every unit of a locale, found by id.
pub(crate) struct ExpectedUnits<'p> {
    units: Vec<Expected<'p>>,
    /// The first unit of each id; the others follow [`Expected::next`].
    first: FastMap<String, usize>,
}

impl<'p> ExpectedUnits<'p> {
    pub(crate) fn of(
        project: &'p Project<'p>,
        tag: &str,
        translations: &Translations<'p>,
    ) -> Result<Self, InterchangeError> {
        let source = project.catalog.source();
        let names: Vec<&'p str> = source
            .into_iter()
            .flat_map(|s| &s.files)
            .map(|f| f.name.as_str())
            .collect();
        // About as many as the source has: reserved, not grown and rehashed.
        let count = project
            .sources
            .iter()
            .flatten()
            .flat_map(|entry| &entry.parts)
            .map(|part| part.units.len())
            .sum();
        let mut units: Vec<Expected<'p>> = Vec::with_capacity(count);
        let mut first: FastMap<String, usize> =
            FastMap::with_capacity_and_hasher(count, Default::default());
        walk_locale(project, tag, translations, &mut |unit| {
            let expected = Expected {
                file: names[unit.file],
                message: unit.source_entry.key.as_str(),
                codes: unit.codes,
                source: unit.source,
                target: unit.target,
                next: None,
            };
            let at = match first.get(unit.id) {
                None => {
                    first.insert(unit.id.to_string(), units.len());
                    units.push(expected);
                    return;
                }
                Some(&at) => at,
            };
            // An id again: a later unit of the same file replaces the earlier
            // one, a unit of another file joins the chain.
            let mut at = at;
            loop {
                if units[at].file == expected.file {
                    units[at] = Expected {
                        next: units[at].next,
                        ..expected
                    };
                    return;
                }
                match units[at].next {
                    Some(next) => at = next,
                    None => break,
                }
            }
            units[at].next = Some(units.len());
            units.push(expected);
        })?;
        Ok(ExpectedUnits { units, first })
    }

    /// The unit `id` of the source file `file`.
    pub(crate) fn get(&self, file: &str, id: &str) -> Option<&Expected<'p>> {
        self.with_id(id).find(|u| u.file == file)
    }

    /// The units of `id`, one per file it is in.
    pub(crate) fn with_id(&self, id: &str) -> impl Iterator<Item = &Expected<'p>> {
        let mut at = self.first.get(id).copied();
        std::iter::from_fn(move || {
            let unit = &self.units[at?];
            at = unit.next;
            Some(unit)
        })
    }
}

/// A unit's content read from a file, with where it was found.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The file the unit names (XLIFF's `original`, PO's `#:`), shared by
    /// the units of one `<file>` rather than copied for each.
    pub file: std::sync::Arc<str>,
    pub id: String,
    pub target: Content,
    /// Byte offset of the unit in the imported file, for errors.
    pub offset: usize,
}

/// What an imported file holds.
#[derive(Debug, Clone)]
pub struct ImportedDocument {
    pub target_locale: Option<String>,
    pub units: Vec<Imported>,
}

/// The note naming the pages a message is on: those whose templates call
/// it, else (a message only other messages use, or one whose id a template
/// builds at run time) the pages its file is a resource of.
fn pages_note(called_on: Option<&Vec<String>>, file_pages: &[&str]) -> Option<String> {
    match called_on {
        Some(pages) => Some(format!("pages: {}", pages.join(", "))),
        None if !file_pages.is_empty() => Some(format!(
            "pages: {} (its file's; no template calls it by name)",
            file_pages.join(", ")
        )),
        None => None,
    }
}
