//! Every locale's `.ftl` files, read and parsed once; checks and rendering
//! both read this.

use crate::finding::location::{offset_in, LineIndex, Location};
use crate::project::config::{Config, Limits};
use crate::project::walk::{Walk, WalkError};
use fluent_bundle::FluentResource;
use fluent_syntax::ast;
use fluent_syntax::parser::ParserError;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// One `.ftl` file of one locale.
#[derive(Debug)]
pub struct ResourceFile {
    /// Path relative to the locale folder, with `/` separators (`about.ftl`).
    pub name: String,
    /// Path as the user would type it (relative to the project root when possible).
    pub path: PathBuf,
    pub resource: Arc<FluentResource>,
    pub syntax_errors: Vec<ParserError>,
    lines: LineIndex,
    /// Group comments (`## Required`) by byte offset: the runtime parser that
    /// builds bundles drops comments, so their lines are found in the text.
    groups: Vec<(usize, String)>,
}

/// A problem that kept a file from being parsed at all.
#[derive(Debug, Clone)]
pub struct LoadProblem {
    pub path: PathBuf,
    pub location: Option<Location>,
    pub message: String,
}

/// Start of a [`LoadProblem`]'s message when a file nests deeper than
/// `[limits] max_nesting`: the file was not parsed, as for a syntax error.
pub const TOO_DEEP: &str = "placeables nested deeper than";

impl LoadProblem {
    /// The finding code this problem is reported under.
    pub fn code(&self) -> crate::finding::Code {
        use crate::finding::Code;
        if self.message.starts_with("invalid UTF-8") {
            Code::InvalidUtf8
        } else if self.message.starts_with(TOO_DEEP) {
            Code::SyntaxError
        } else {
            Code::UnreadableFile
        }
    }
}

/// The parsed files of one locale folder.
#[derive(Debug, Default)]
pub struct LocaleFiles {
    pub files: Vec<ResourceFile>,
    pub problems: Vec<LoadProblem>,
    /// Whether the folder exists at all.
    pub present: bool,
}

/// All locales' files: configured ones, plus folders the config does not name.
#[derive(Debug)]
pub struct Catalog {
    pub source_locale: String,
    pub locales: BTreeMap<String, LocaleFiles>,
}

/// A message or term as found in a file.
#[derive(Debug, Clone, Copy)]
pub enum Unit<'a> {
    Message(&'a ast::Message<&'a str>),
    Term(&'a ast::Term<&'a str>),
}

impl<'a> Unit<'a> {
    /// The id as Fluent spells it (`-brand` for terms).
    pub fn key(&self) -> String {
        match self {
            Unit::Message(m) => m.id.name.to_string(),
            Unit::Term(t) => format!("-{}", t.id.name),
        }
    }

    pub fn id(&self) -> &'a ast::Identifier<&'a str> {
        match self {
            Unit::Message(m) => &m.id,
            Unit::Term(t) => &t.id,
        }
    }

    pub fn value(&self) -> Option<&'a ast::Pattern<&'a str>> {
        match self {
            Unit::Message(m) => m.value.as_ref(),
            Unit::Term(t) => Some(&t.value),
        }
    }

    pub fn attributes(&self) -> &'a [ast::Attribute<&'a str>] {
        match self {
            Unit::Message(m) => &m.attributes,
            Unit::Term(t) => &t.attributes,
        }
    }

    pub fn is_term(&self) -> bool {
        matches!(self, Unit::Term(_))
    }

    /// The value and every attribute, each with the attribute's name (`None` for the value).
    pub fn patterns(&self) -> Vec<(Option<&'a str>, &'a ast::Pattern<&'a str>)> {
        let value = self.value().map(|p| (None, p));
        let attributes = self
            .attributes()
            .iter()
            .map(|a| (Some(a.id.name), &a.value));
        value.into_iter().chain(attributes).collect()
    }
}

/// Every message and term of a locale by id, with the file it is in.
pub type Units<'a> = BTreeMap<String, (&'a ResourceFile, Entry<'a>)>;

/// A unit with the group comment (`## Required`) it stands under.
#[derive(Debug, Clone, Copy)]
pub struct Entry<'a> {
    pub unit: Unit<'a>,
    pub group: Option<&'a str>,
}

impl ResourceFile {
    pub fn source(&self) -> &str {
        self.resource.source()
    }

    /// Where a slice of this file's source (an identifier, say) stands.
    pub fn location_of(&self, part: &str) -> Location {
        let offset = offset_in(self.source(), part).unwrap_or(0);
        self.location_at(offset)
    }

    /// Where a message or term starts (the `-` of a term included).
    pub fn unit_location(&self, unit: &Unit) -> Location {
        let offset = offset_in(self.source(), unit.id().name).unwrap_or(0);
        self.location_at(offset.saturating_sub(usize::from(unit.is_term())))
    }

    pub fn location_at(&self, offset: usize) -> Location {
        self.lines.location(self.source(), offset)
    }

    pub fn line_text(&self, line: usize) -> &str {
        self.lines.line_text(self.source(), line)
    }

    /// Messages and terms in file order, each with its group heading.
    pub fn entries(&self) -> Vec<Entry<'_>> {
        let mut out = Vec::new();
        for entry in self.resource.entries() {
            let unit = match entry {
                ast::Entry::Message(m) => Unit::Message(m),
                ast::Entry::Term(t) => Unit::Term(t),
                _ => continue,
            };
            let offset = offset_in(self.source(), unit.id().name).unwrap_or(0);
            let group = self
                .groups
                .iter()
                .take_while(|(at, _)| *at < offset)
                .last()
                .map(|(_, name)| name.as_str())
                .filter(|name| !name.is_empty());
            out.push(Entry { unit, group });
        }
        out
    }
}

impl LocaleFiles {
    pub fn file(&self, name: &str) -> Option<&ResourceFile> {
        self.files.iter().find(|f| f.name == name)
    }

    /// Every message and term of the locale, across files, first definition wins.
    pub fn units(&self) -> Units<'_> {
        let mut map = BTreeMap::new();
        for file in &self.files {
            for entry in file.entries() {
                map.entry(entry.unit.key()).or_insert((file, entry));
            }
        }
        map
    }
}

/// Where every locale's files are, found but not yet read: `check` reads
/// locales from it one at a time, [`Catalog`] reads them all at once.
#[derive(Debug, Clone)]
pub struct CatalogPlan {
    pub source_locale: String,
    root: PathBuf,
    limits: Limits,
    locales: BTreeMap<String, LocaleInput>,
}

#[derive(Debug, Clone)]
enum LocaleInput {
    /// A folder under `locales/`, walked for `.ftl` files when read.
    Folder(PathBuf),
    /// (resource name, file path) pairs named by the caller.
    Files(Vec<(String, PathBuf)>),
}

impl CatalogPlan {
    /// Every configured locale folder, and every other folder under `locales/`.
    pub fn folders(config: &Config) -> CatalogPlan {
        let dir = config.locales_dir();
        let mut tags: Vec<String> = config.locales.iter().map(|l| l.tag.clone()).collect();
        // A missing `locales/` is not an error here: the configured locales
        // are then reported missing by the checks.
        for sub in Walk::new(&dir).max_depth(1).run().dirs {
            if let Some(name) = sub.file_name() {
                let name = name.to_string_lossy().into_owned();
                if !tags.contains(&name) && holds_translations(&sub, &name) {
                    tags.push(name);
                }
            }
        }
        let locales = tags
            .into_iter()
            .map(|tag| {
                let folder = LocaleInput::Folder(dir.join(&tag));
                (tag, folder)
            })
            .collect();
        CatalogPlan {
            source_locale: config.source_locale.clone(),
            root: config.root.clone(),
            limits: config.limits,
            locales,
        }
    }

    /// Files named by the caller rather than found under `locales/` (Mozilla
    /// `l10n.toml` projects): per locale, (resource name, file path) pairs.
    /// The same resource name pairs a locale's file with the source's. Paths
    /// are shown relative to `root` when they are under it. Every locale given
    /// counts as present, even with no files.
    pub fn files(
        source_locale: &str,
        files: BTreeMap<String, Vec<(String, PathBuf)>>,
        root: &Path,
    ) -> CatalogPlan {
        CatalogPlan {
            source_locale: source_locale.to_string(),
            root: root.to_path_buf(),
            limits: Limits::default(),
            locales: files
                .into_iter()
                .map(|(tag, list)| (tag, LocaleInput::Files(list)))
                .collect(),
        }
    }

    /// Every locale of the plan, sorted.
    pub fn tags(&self) -> impl Iterator<Item = &str> {
        self.locales.keys().map(String::as_str)
    }

    /// Reads and parses one locale's files, in order, on the calling thread
    /// (`None` for a locale the plan does not have).
    pub fn load_locale(&self, tag: &str) -> Option<LocaleFiles> {
        Some(match self.locales.get(tag)? {
            LocaleInput::Folder(dir) => load_locale(&self.root, dir, &self.limits),
            LocaleInput::Files(list) => {
                let mut out = LocaleFiles {
                    present: true,
                    ..LocaleFiles::default()
                };
                for (name, path) in list {
                    let shown = path.strip_prefix(&self.root).unwrap_or(path).to_path_buf();
                    match read_ftl(path, &self.limits) {
                        Ok(text) => out.files.push(parse_file(name.clone(), shown, text)),
                        Err((location, message)) => out.problems.push(LoadProblem {
                            path: shown,
                            location,
                            message,
                        }),
                    }
                }
                out
            }
        })
    }

    /// Every locale read and parsed, locales in parallel.
    pub fn load(&self) -> Catalog {
        let locales = self
            .locales
            .par_iter()
            .map(|(tag, _)| {
                let files = self.load_locale(tag).unwrap_or_default();
                (tag.clone(), files)
            })
            .collect();
        Catalog {
            source_locale: self.source_locale.clone(),
            locales,
        }
    }
}

/// One locale's files as a [`LocaleSource`] hands them out: borrowed from a
/// loaded catalog, or read for the caller alone (and dropped with it).
#[derive(Debug)]
pub enum HeldLocale<'a> {
    Borrowed(&'a LocaleFiles),
    Owned(LocaleFiles),
}

impl std::ops::Deref for HeldLocale<'_> {
    type Target = LocaleFiles;
    fn deref(&self) -> &LocaleFiles {
        match self {
            HeldLocale::Borrowed(files) => files,
            HeldLocale::Owned(files) => files,
        }
    }
}

/// Locales to be had one at a time: a [`Catalog`] holding them all, or a
/// [`CatalogPlan`] that reads each when asked, so a caller that drops each
/// locale after use never holds more than it is working on.
pub trait LocaleSource: Sync {
    fn source_locale(&self) -> &str;
    /// Every locale, sorted: configured ones and folders the config does not name.
    fn tags(&self) -> Vec<String>;
    /// One locale's files (`None` for a locale there is nothing known of).
    fn locale_files(&self, tag: &str) -> Option<HeldLocale<'_>>;
}

/// Whether a folder the config does not name is a locale nobody configured:
/// not a hidden folder (`.git`, `.github` beside the locales of a repository
/// whose locales are at its top, as Mozilla's are) and holding a `.ftl` file.
/// Anything else there (images, scripts) is none of the checks' business.
pub fn holds_translations(folder: &Path, name: &str) -> bool {
    !name.starts_with('.')
        && Walk::new(folder)
            .run()
            .files
            .iter()
            .any(|f| f.extension().is_some_and(|e| e == "ftl"))
}

impl LocaleSource for Catalog {
    fn source_locale(&self) -> &str {
        &self.source_locale
    }
    fn tags(&self) -> Vec<String> {
        self.locales.keys().cloned().collect()
    }
    fn locale_files(&self, tag: &str) -> Option<HeldLocale<'_>> {
        self.locale(tag).map(HeldLocale::Borrowed)
    }
}

impl LocaleSource for CatalogPlan {
    fn source_locale(&self) -> &str {
        &self.source_locale
    }
    fn tags(&self) -> Vec<String> {
        CatalogPlan::tags(self).map(str::to_string).collect()
    }
    fn locale_files(&self, tag: &str) -> Option<HeldLocale<'_>> {
        self.load_locale(tag).map(HeldLocale::Owned)
    }
}

impl Catalog {
    /// Reads every configured locale folder, and every other folder under
    /// `locales/`, in parallel.
    pub fn load(config: &Config) -> Catalog {
        CatalogPlan::folders(config).load()
    }

    /// A catalog of files named by the caller: [`CatalogPlan::files`], read.
    pub fn from_files(
        source_locale: &str,
        files: BTreeMap<String, Vec<(String, PathBuf)>>,
        root: &Path,
    ) -> Catalog {
        CatalogPlan::files(source_locale, files, root).load()
    }

    pub fn locale(&self, tag: &str) -> Option<&LocaleFiles> {
        self.locales.get(tag)
    }

    pub fn source(&self) -> Option<&LocaleFiles> {
        self.locale(&self.source_locale)
    }
}

fn load_locale(root: &Path, dir: &Path, limits: &Limits) -> LocaleFiles {
    let mut out = LocaleFiles {
        present: dir.is_dir(),
        ..LocaleFiles::default()
    };
    if !out.present {
        return out;
    }
    let mut paths = Vec::new();
    collect_ftl(root, dir, &mut paths, &mut out.problems);
    paths.sort();
    for path in paths {
        let shown = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
        let name = path
            .strip_prefix(dir)
            .unwrap_or(&path)
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        match read_ftl(&path, limits) {
            Ok(text) => out.files.push(parse_file(name, shown, text)),
            Err((location, message)) => out.problems.push(LoadProblem {
                path: shown,
                location,
                message,
            }),
        }
    }
    out
}

fn collect_ftl(root: &Path, dir: &Path, paths: &mut Vec<PathBuf>, problems: &mut Vec<LoadProblem>) {
    let is_ftl = |p: &Path| p.extension().is_some_and(|e| e == "ftl");
    let walked = Walk::new(dir).run();
    paths.extend(walked.files.into_iter().filter(|p| is_ftl(p)));
    for problem in walked.problems {
        let message = match &problem {
            WalkError::Folder { source, .. } => format!("cannot read folder: {source}"),
            WalkError::Entry { path, source } if is_ftl(path) => {
                format!("cannot read file: {source}")
            }
            WalkError::NotRegular { path, kind } if is_ftl(path) => {
                format!("not a regular file ({kind}); not read")
            }
            // A link back into the locale's folder was walked once already;
            // other entries are not resources.
            _ => continue,
        };
        // Files are shown as reading them would have shown them; folders
        // as before, in full.
        let path = problem.path();
        let path = match problem {
            WalkError::Folder { .. } => path,
            _ => path.strip_prefix(root).unwrap_or(path),
        };
        problems.push(LoadProblem {
            path: path.to_path_buf(),
            location: None,
            message,
        });
    }
}

/// Reads a file as UTF-8, dropping a BOM; invalid UTF-8 is reported with
/// the line and column where it starts. A file over `limits` is refused
/// before the parser sees it.
fn read_ftl(path: &Path, limits: &Limits) -> Result<String, (Option<Location>, String)> {
    use std::io::Read;
    let cannot = |e: std::io::Error| (None, format!("cannot read file: {e}"));
    let file = std::fs::File::open(path).map_err(cannot)?;
    // `take` rather than the file's length: a device or a growing file has no honest one.
    let mut bytes = Vec::new();
    file.take(limits.max_file_size.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    if bytes.len() as u64 > limits.max_file_size {
        return Err((
            None,
            format!(
                "file is larger than {} bytes ([limits] max_file_size in fluentpress.toml)",
                limits.max_file_size
            ),
        ));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(e) => {
            let valid = e.valid_up_to();
            let prefix = std::str::from_utf8(&bytes[..valid]).unwrap_or_default();
            let location = LineIndex::new(prefix).location(prefix, valid);
            return Err((
                Some(location),
                format!("invalid UTF-8 at byte {valid}; save the file as UTF-8"),
            ));
        }
    };
    if let Some(offset) = too_deep(&text, limits.max_nesting) {
        let location = LineIndex::new(&text).location(&text, offset);
        return Err((
            Some(location),
            format!(
                "{TOO_DEEP} {} levels ([limits] max_nesting in fluentpress.toml); the file was not parsed",
                limits.max_nesting
            ),
        ));
    }
    Ok(text)
}

/// The byte offset of the first `{` or `(` that nests deeper than `max`, if
/// any. fluent-syntax's parser recurses once per level and would overflow the
/// stack on a few thousand, so this runs first, in one pass without recursion.
///
/// It follows just enough of the grammar to stay exact: braces in comments,
/// in string literals (`{"{"}`) and parentheses in text do not count; a
/// variant key (`[one]`) ends the expression part of a select and starts text.
fn too_deep(text: &str, max: usize) -> Option<usize> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mode {
        /// Pattern text, or a variant's value inside a select.
        Text,
        /// Inside `{ … }` or a call's `( … )`.
        Expression,
        /// A variant key `[ … ]`; text follows it.
        Key,
    }
    // One entry per open `{` or `(`; text at the top level is implicit.
    let mut stack: Vec<Mode> = Vec::new();
    let mut in_string = false;
    let mut line_start = true;
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if line_start {
            line_start = false;
            // An entry or comment starts at column 0; the parser recovers
            // there from whatever the previous entry left open.
            if c.is_ascii_alphabetic() || c == '-' || c == '#' {
                stack.clear();
            }
            if c == '#' {
                // A comment line: skip to its end.
                for (_, c) in chars.by_ref() {
                    if c == '\n' {
                        line_start = true;
                        break;
                    }
                }
                continue;
            }
        }
        if c == '\n' {
            line_start = true;
            in_string = false;
            continue;
        }
        if in_string {
            match c {
                '\\' => {
                    chars.next();
                }
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        let mode = stack.last().copied().unwrap_or(Mode::Text);
        match (mode, c) {
            (_, '{') | (Mode::Expression, '(') => {
                stack.push(Mode::Expression);
                if stack.len() > max {
                    return Some(at);
                }
            }
            (Mode::Expression | Mode::Key, '"') => in_string = true,
            (Mode::Expression, '[') => {
                if let Some(top) = stack.last_mut() {
                    *top = Mode::Key;
                }
            }
            (Mode::Key, ']') => {
                if let Some(top) = stack.last_mut() {
                    *top = Mode::Text;
                }
            }
            (Mode::Text, '[') if !stack.is_empty() && at_line_start(text, at) => {
                if let Some(top) = stack.last_mut() {
                    *top = Mode::Key;
                }
            }
            (Mode::Text, '*') if !stack.is_empty() && at_line_start(text, at) => {
                if let Some(top) = stack.last_mut() {
                    *top = Mode::Expression;
                }
            }
            (_, '}') | (Mode::Expression, ')') => {
                stack.pop();
            }
            _ => {}
        }
    }
    None
}

/// Whether only blanks stand between the last line break and `at`.
fn at_line_start(text: &str, at: usize) -> bool {
    text[..at]
        .chars()
        .rev()
        .take_while(|c| *c != '\n')
        .all(|c| c == ' ' || c == '\t')
}

/// Parses one file's text; syntax errors are kept beside the parsed resource.
pub fn parse_file(name: String, path: PathBuf, text: String) -> ResourceFile {
    let lines = LineIndex::new(&text);
    let groups = group_comments(&text);
    let (resource, syntax_errors) = match FluentResource::try_new(text) {
        Ok(r) => (r, Vec::new()),
        Err((r, errors)) => (r, errors),
    };
    ResourceFile {
        name,
        path,
        resource: Arc::new(resource),
        syntax_errors,
        lines,
        groups,
    }
}

/// The first line of each group comment, by offset; an empty `##` closes a group.
fn group_comments(text: &str) -> Vec<(usize, String)> {
    let mut groups = Vec::new();
    let mut offset = 0;
    let mut previous_was_group = false;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_end();
        let is_group = trimmed == "##" || trimmed.starts_with("## ");
        if is_group && !previous_was_group {
            groups.push((offset, trimmed.trim_start_matches('#').trim().to_string()));
        }
        previous_was_group = is_group;
        offset += line.len();
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::too_deep;

    #[test]
    fn nesting_is_measured_outside_strings_comments_and_text() {
        assert_eq!(too_deep("a = { { { $x } } }\n", 3), None);
        assert_eq!(too_deep("a = { { { { $x } } } }\n", 3), Some(10));
        // Braces in a string literal and in a comment do not nest.
        assert_eq!(too_deep("a = { \"{{{{\" }\n# {{{{{{\n", 1), None);
        // Nor does an escaped quote end the string.
        assert_eq!(too_deep("a = { \"\\\"{{{{\" }\n", 1), None);
        // An unclosed placeable ends with its entry, as the parser recovers.
        assert_eq!(too_deep(&"a = { {\n".repeat(50), 2), None);
        // Parentheses nest in calls, not in text.
        assert_eq!(too_deep("a = ((((\n", 1), None);
        assert_eq!(too_deep("a = { F(F(F($x))) }\n", 3), Some(11));
        // A quote in a variant's text is text: the braces after it still count.
        let select = "a = { $n ->\n    [one] say \"{ { {\n   *[other] x\n}\n";
        assert!(too_deep(select, 3).is_some());
        assert_eq!(
            too_deep("a = { $n ->\n    [one] \"x\" { $y }\n   *[other] z\n}\n", 2),
            None
        );
    }

    #[test]
    fn thousands_of_levels_are_found_without_recursion() {
        let text = format!("a = {}$x{}\n", "{".repeat(100_000), "}".repeat(100_000));
        assert_eq!(too_deep(&text, 100), Some(4 + 100));
    }
}
