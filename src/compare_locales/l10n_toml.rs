//! Mozilla `l10n.toml` project configs, read the way compare-locales reads
//! them, so a project checked by compare-locales can run `fluentpress check
//! --l10n-toml l10n.toml` without moving a file.
//!
//! What is read (compare-locales' `paths/configparser.py`, `project.py`,
//! `files.py`, `matcher.py`):
//!
//! | key | meaning |
//! | --- | --- |
//! | `basepath` | folder every relative pattern is resolved against (relative to the file; default `.`) |
//! | `locales` | the locales of the project |
//! | `[env]` | variables, used as `{name}` in patterns; `{l10n_base}` comes from `--l10n-base`, `{locale}` is the locale checked; `--define` overrides |
//! | `[[paths]]` | `reference` and `l10n` patterns (`*` one path segment, `**` any folders, `{var}`), optional `locales` |
//! | `[[includes]]` | `path` of another `l10n.toml` whose paths, filters and locales join the project |
//! | `[[excludes]]` | `path` of another `l10n.toml` whose files are left out |
//! | `[[filters]]` | `path` (one or a list), optional `key` (id, or `re:` + regular expression, one or a list), `action` `error`, `warning` or `ignore` |
//!
//! Only `.ftl` files are compared; other formats a config lists are skipped.
//!
//! How the project becomes a [`Config`] and a [`Catalog`]: the reference is
//! the source locale (its tag is guessed from the reference path, `en-US`
//! when there is none); every reference file is a resource, named by its
//! path relative to `basepath`; a locale's file is the l10n path that
//! compare-locales pairs with it. A locale only has the resources its
//! `[[paths]]` give it (per-path and per-config `locales`).
//!
//! The gate follows compare-locales' exit code: errors fail it, missing
//! strings do not (`required` is 0 for every locale; `--min-complete` still
//! raises it).
//!
//! `[[filters]]` become what compare-locales makes of them:
//! - a rule with a `key` applies to the findings about that message (its
//!   value, attributes, a missing or obsolete message): `ignore` drops them
//!   (an ignored missing message is not expected at all), `warning` makes
//!   errors warnings, `error` keeps fluentpress' severity;
//! - a rule without a key applies to the file as a whole: `ignore` means the
//!   locale need not have it (no `missing-file`, its messages not counted),
//!   `warning` reports a missing file as a warning.
//!
//! Later rules win over earlier ones, and an included config's `error`
//! wins over the including one's verdict, as in compare-locales.

use crate::check::{CheckOptions, CheckReport};
use crate::finding::location::LineIndex;
use crate::finding::Code;
use crate::finding::Severity;
use crate::fluent::catalog::{Catalog, LocaleFiles};
use crate::project::config::{
    default_fallback, CheckConfig, Config, LocaleConfig, Paper, Paths, PdfConfig,
};
use rayon::prelude::*;
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use toml::Spanned;
use unic_langid::LanguageIdentifier;

// ---------------------------------------------------------------------------
// Errors

/// A problem with an `l10n.toml` file (or a file it includes).
#[derive(Debug)]
pub struct L10nError {
    pub path: PathBuf,
    /// 1-based line and column, when the problem is at one place in the file.
    pub at: Option<(usize, usize, String)>,
    pub message: String,
}

impl fmt::Display for L10nError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.at {
            Some((line, column, text)) => write!(
                f,
                "{}:{line}:{column}: {}\n   | {text}",
                self.path.display(),
                self.message
            ),
            None => write!(f, "{}: {}", self.path.display(), self.message),
        }
    }
}

impl std::error::Error for L10nError {}

/// Where in one config file a value stands, for error messages.
struct Source<'a> {
    path: &'a Path,
    text: &'a str,
    lines: LineIndex,
}

impl Source<'_> {
    fn error(&self, offset: Option<usize>, message: impl Into<String>) -> L10nError {
        let at = offset.map(|offset| {
            let loc = self.lines.location(self.text, offset);
            (
                loc.line,
                loc.column,
                self.lines.line_text(self.text, loc.line).to_string(),
            )
        });
        L10nError {
            path: self.path.to_path_buf(),
            at,
            message: message.into(),
        }
    }
}

// ---------------------------------------------------------------------------
// The file format

#[derive(Debug, Deserialize)]
struct RawFile {
    basepath: Option<Spanned<String>>,
    locales: Option<Spanned<Vec<String>>>,
    #[serde(default)]
    env: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    paths: Vec<Spanned<RawPaths>>,
    #[serde(default)]
    filters: Vec<Spanned<RawFilter>>,
    #[serde(default)]
    includes: Vec<Spanned<RawChild>>,
    #[serde(default)]
    excludes: Vec<Spanned<RawChild>>,
}

#[derive(Debug, Deserialize)]
struct RawPaths {
    reference: Option<Spanned<String>>,
    l10n: Spanned<String>,
    locales: Option<Vec<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    fn list(&self) -> Vec<String> {
        match self {
            OneOrMany::One(s) => vec![s.clone()],
            OneOrMany::Many(v) => v.clone(),
        }
    }
}

#[derive(Debug, Deserialize)]
struct RawFilter {
    path: Spanned<OneOrMany>,
    key: Option<Spanned<OneOrMany>>,
    action: Spanned<String>,
}

#[derive(Debug, Deserialize)]
struct RawChild {
    path: Spanned<String>,
}

/// What a `[[filters]]` rule (or its absence) says about a file or message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Action {
    Ignore,
    Warning,
    Error,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Ignore => "ignore",
            Action::Warning => "warning",
            Action::Error => "error",
        }
    }
}

// ---------------------------------------------------------------------------
// Path patterns (compare-locales' Matcher)

#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Lit(String),
    Var(String),
    /// `*`: any characters but `/`.
    Star,
    /// `**` at the start, after `/` or after `}`, followed by `/` (true) or
    /// the end: any folders.
    StarStar(bool),
}

fn tokenize(pattern: &str) -> Vec<Token> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = Vec::new();
    let mut lit = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '*' {
            let after_ok = i == 0 || matches!(chars[i - 1], '/' | '}');
            let double = chars.get(i + 1) == Some(&'*');
            let ends = matches!(chars.get(i + 2), None | Some('/'));
            if !lit.is_empty() {
                out.push(Token::Lit(std::mem::take(&mut lit)));
            }
            if after_ok && double && ends {
                let slash = chars.get(i + 2) == Some(&'/');
                out.push(Token::StarStar(slash));
                i += if slash { 3 } else { 2 };
            } else {
                out.push(Token::Star);
                i += 1;
            }
            continue;
        }
        if c == '{' {
            // `{ name }`: word characters, optional spaces around.
            let mut j = i + 1;
            while chars.get(j) == Some(&' ') {
                j += 1;
            }
            let start = j;
            while chars
                .get(j)
                .is_some_and(|c| c.is_alphanumeric() || *c == '_')
            {
                j += 1;
            }
            let end = j;
            while chars.get(j) == Some(&' ') {
                j += 1;
            }
            if end > start && chars.get(j) == Some(&'}') {
                if !lit.is_empty() {
                    out.push(Token::Lit(std::mem::take(&mut lit)));
                }
                out.push(Token::Var(chars[start..end].iter().collect()));
                i = j + 1;
                continue;
            }
        }
        lit.push(c);
        i += 1;
    }
    if !lit.is_empty() {
        out.push(Token::Lit(lit));
    }
    out
}

/// A wildcard of an expanded pattern, numbered in pattern order (as
/// compare-locales names its groups `s1`, `s2`…).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Node {
    Lit(String),
    Star(usize),
    StarStar(usize, bool),
}

/// A pattern with every variable expanded and the root prepended: matches
/// absolute `/`-separated paths.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathPattern {
    nodes: Vec<Node>,
}

/// Expands `{var}`s; a variable's value is itself a pattern (without
/// wildcards), expanded without itself so that cycles end.
fn expand_vars(
    tokens: &[Token],
    env: &BTreeMap<String, String>,
    out: &mut Vec<Token>,
) -> Result<(), String> {
    for token in tokens {
        match token {
            Token::Var(name) => {
                let Some(value) = env.get(name) else {
                    return Err(format!(
                        "unknown variable {{{name}}}; define it under [env] or with --define {name}=…"
                    ));
                };
                let mut inner_env = env.clone();
                inner_env.remove(name);
                let inner = tokenize(value);
                if inner
                    .iter()
                    .any(|t| matches!(t, Token::Star | Token::StarStar(_)))
                {
                    return Err(format!(
                        "the value of {{{name}}} (`{value}`) has a wildcard; variables must be plain paths"
                    ));
                }
                expand_vars(&inner, &inner_env, out)?;
            }
            other => out.push(other.clone()),
        }
    }
    Ok(())
}

impl PathPattern {
    /// `pattern` resolved against `root` (absolute, no trailing slash) with `env`.
    pub fn new(pattern: &str, root: &str, env: &BTreeMap<String, String>) -> Result<Self, String> {
        let tokens = tokenize(pattern);
        let absolute = match tokens.first() {
            Some(Token::Lit(s)) => s.starts_with('/'),
            Some(Token::Var(_)) => {
                let mut first = Vec::new();
                expand_vars(&tokens[..1], env, &mut first)?;
                matches!(first.first(), Some(Token::Lit(s)) if s.starts_with('/'))
            }
            _ => false,
        };
        let mut expanded = Vec::new();
        if !absolute {
            expanded.push(Token::Lit(format!("{root}/")));
        }
        expand_vars(&tokens, env, &mut expanded)?;
        let mut nodes: Vec<Node> = Vec::new();
        let mut n = 0;
        for t in expanded {
            match t {
                Token::Lit(s) => match nodes.last_mut() {
                    Some(Node::Lit(prev)) => prev.push_str(&s),
                    _ => nodes.push(Node::Lit(s)),
                },
                Token::Star => {
                    n += 1;
                    nodes.push(Node::Star(n));
                }
                Token::StarStar(slash) => {
                    n += 1;
                    nodes.push(Node::StarStar(n, slash));
                }
                Token::Var(_) => unreachable!("variables are expanded"),
            }
        }
        Ok(PathPattern { nodes })
    }

    /// The part before the first wildcard: where to look for files.
    pub fn prefix(&self) -> String {
        let mut out = String::new();
        for node in &self.nodes {
            match node {
                Node::Lit(s) => out.push_str(s),
                _ => break,
            }
        }
        out
    }

    pub fn matches(&self, path: &str) -> bool {
        self.captures(path).is_some()
    }

    /// What each wildcard matched (`None` for a `**` that matched nothing),
    /// with the preferences of compare-locales' regular expression.
    fn captures(&self, path: &str) -> Option<Vec<Option<String>>> {
        let count = self
            .nodes
            .iter()
            .filter(|n| !matches!(n, Node::Lit(_)))
            .count();
        let mut caps = vec![None; count + 1];
        if match_nodes(&self.nodes, path, 0, &mut caps) {
            Some(
                caps.into_iter()
                    .map(|c| c.map(|(a, b)| path[a..b].to_string()))
                    .collect(),
            )
        } else {
            None
        }
    }

    /// `path` (matched by this pattern) carried over to `other`: what each
    /// wildcard matched fills the wildcard of the same number there.
    pub fn sub(&self, other: &PathPattern, path: &str) -> Option<String> {
        let caps = self.captures(path)?;
        let mut out = String::new();
        for node in &other.nodes {
            match node {
                Node::Lit(s) => out.push_str(s),
                Node::Star(n) | Node::StarStar(n, _) => {
                    if let Some(Some(v)) = caps.get(*n) {
                        out.push_str(v);
                    }
                }
            }
        }
        Some(out)
    }
}

fn match_nodes(
    nodes: &[Node],
    path: &str,
    pos: usize,
    caps: &mut Vec<Option<(usize, usize)>>,
) -> bool {
    let Some((node, rest)) = nodes.split_first() else {
        return pos == path.len();
    };
    match node {
        Node::Lit(s) => {
            path[pos..].starts_with(s.as_str()) && match_nodes(rest, path, pos + s.len(), caps)
        }
        Node::Star(n) => {
            let end = path[pos..].find('/').map_or(path.len(), |i| pos + i);
            let mut ends: Vec<usize> = path[pos..end]
                .char_indices()
                .map(|(i, _)| pos + i)
                .collect();
            ends.push(end);
            for e in ends.into_iter().rev() {
                caps[*n] = Some((pos, e));
                if match_nodes(rest, path, e, caps) {
                    return true;
                }
            }
            caps[*n] = None;
            false
        }
        Node::StarStar(n, slash) => {
            // `(.+/)?` or `(.+)?`: greedy, at least one character, then none at all.
            let mut ends: Vec<usize> = if *slash {
                path[pos..]
                    .match_indices('/')
                    .map(|(i, _)| pos + i + 1)
                    .filter(|&e| e >= pos + 2)
                    .collect()
            } else {
                path[pos..]
                    .char_indices()
                    .map(|(i, c)| pos + i + c.len_utf8())
                    .collect()
            };
            ends.reverse();
            for e in ends {
                caps[*n] = Some((pos, e));
                if match_nodes(rest, path, e, caps) {
                    return true;
                }
            }
            caps[*n] = None;
            match_nodes(rest, path, pos, caps)
        }
    }
}

// ---------------------------------------------------------------------------
// Keys of `[[filters]]`: exact ids, or `re:` + a Python regular expression.

/// A filter key: an exact id, or (`re:`) a regular expression matched at the
/// start of the id, as Python's `re.match` does.
#[derive(Debug, Clone)]
pub enum KeyMatcher {
    Exact(String),
    Regex(Regex),
}

impl KeyMatcher {
    pub fn parse(key: &str) -> Result<KeyMatcher, String> {
        match key.strip_prefix("re:") {
            Some(re) => Regex::new(re).map(KeyMatcher::Regex),
            None => Ok(KeyMatcher::Exact(key.to_string())),
        }
    }

    pub fn matches(&self, id: &str) -> bool {
        match self {
            KeyMatcher::Exact(k) => k == id,
            KeyMatcher::Regex(re) => re.match_start(id),
        }
    }
}

/// The subset of Python's regular expressions filter keys use: literals and
/// escapes, `.`, classes (`[a-z]`, `[^…]`, `\d`, `\w`, `\s`), groups
/// (`(…)`, `(?:…)`), look-ahead (`(?=…)`, `(?!…)`), alternation, `^`, `$`
/// and the quantifiers `* + ? {m} {m,} {m,n}` (greedy or lazy).
#[derive(Debug, Clone)]
pub struct Regex {
    root: Rx,
}

#[derive(Debug, Clone)]
enum ClassItem {
    Range(char, char),
    Digit(bool),
    Word(bool),
    Space(bool),
}

impl ClassItem {
    fn matches(&self, c: char) -> bool {
        match self {
            ClassItem::Range(a, b) => (*a..=*b).contains(&c),
            ClassItem::Digit(neg) => c.is_numeric() != *neg,
            ClassItem::Word(neg) => (c.is_alphanumeric() || c == '_') != *neg,
            ClassItem::Space(neg) => c.is_whitespace() != *neg,
        }
    }
}

#[derive(Debug, Clone)]
enum Rx {
    Char(char),
    Any,
    Class(Vec<ClassItem>, bool),
    Start,
    End,
    Alt(Vec<Rx>),
    Seq(Vec<Rx>),
    Repeat(Box<Rx>, usize, Option<usize>, bool),
    Look(Box<Rx>, bool),
}

struct RxParser<'a> {
    chars: Vec<char>,
    pos: usize,
    source: &'a str,
}

impl RxParser<'_> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn fail<T>(&self, what: &str) -> Result<T, String> {
        Err(format!(
            "regular expression `{}`: {what} at character {}",
            self.source,
            self.pos + 1
        ))
    }

    fn alt(&mut self) -> Result<Rx, String> {
        let mut branches = vec![self.seq()?];
        while self.eat('|') {
            branches.push(self.seq()?);
        }
        Ok(if branches.len() == 1 {
            branches.pop().expect("one branch")
        } else {
            Rx::Alt(branches)
        })
    }

    fn seq(&mut self) -> Result<Rx, String> {
        let mut items = Vec::new();
        while let Some(c) = self.peek() {
            if c == '|' || c == ')' {
                break;
            }
            let atom = self.atom()?;
            items.push(self.quantified(atom)?);
        }
        Ok(Rx::Seq(items))
    }

    fn number(&mut self) -> Option<usize> {
        let start = self.pos;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.pos += 1;
        }
        (self.pos > start).then(|| {
            self.chars[start..self.pos]
                .iter()
                .collect::<String>()
                .parse()
                .unwrap_or(usize::MAX)
        })
    }

    fn quantified(&mut self, atom: Rx) -> Result<Rx, String> {
        let (min, max) = match self.peek() {
            Some('*') => {
                self.pos += 1;
                (0, None)
            }
            Some('+') => {
                self.pos += 1;
                (1, None)
            }
            Some('?') => {
                self.pos += 1;
                (0, Some(1))
            }
            Some('{') => {
                let save = self.pos;
                self.pos += 1;
                let min = self.number();
                let bounds = if self.eat(',') {
                    let max = self.number();
                    min.map(|m| (m, max))
                } else {
                    min.map(|m| (m, Some(m)))
                };
                match bounds {
                    Some(b) if self.eat('}') => b,
                    _ => {
                        // Not a quantifier: Python reads `{` as itself.
                        self.pos = save;
                        return Ok(atom);
                    }
                }
            }
            _ => return Ok(atom),
        };
        if matches!(atom, Rx::Start | Rx::End | Rx::Look(..)) {
            return self.fail("nothing to repeat");
        }
        let greedy = !self.eat('?');
        Ok(Rx::Repeat(Box::new(atom), min, max, greedy))
    }

    fn escape(&mut self) -> Result<Result<char, ClassItem>, String> {
        let Some(c) = self.peek() else {
            return self.fail("trailing backslash");
        };
        self.pos += 1;
        Ok(match c {
            'd' => Err(ClassItem::Digit(false)),
            'D' => Err(ClassItem::Digit(true)),
            'w' => Err(ClassItem::Word(false)),
            'W' => Err(ClassItem::Word(true)),
            's' => Err(ClassItem::Space(false)),
            'S' => Err(ClassItem::Space(true)),
            'n' => Ok('\n'),
            't' => Ok('\t'),
            'r' => Ok('\r'),
            c if c.is_ascii_alphanumeric() => {
                self.pos -= 1;
                return self.fail(&format!("unsupported escape \\{c}"));
            }
            c => Ok(c),
        })
    }

    fn atom(&mut self) -> Result<Rx, String> {
        let c = self.peek().expect("called with input left");
        self.pos += 1;
        Ok(match c {
            '.' => Rx::Any,
            '^' => Rx::Start,
            '$' => Rx::End,
            '(' => {
                let look = if self.eat('?') {
                    if self.eat(':') {
                        None
                    } else if self.eat('=') {
                        Some(false)
                    } else if self.eat('!') {
                        Some(true)
                    } else {
                        return self.fail("unsupported group");
                    }
                } else {
                    None
                };
                let inner = self.alt()?;
                if !self.eat(')') {
                    return self.fail("missing )");
                }
                match look {
                    Some(negate) => Rx::Look(Box::new(inner), negate),
                    None => inner,
                }
            }
            ')' => return self.fail("unbalanced )"),
            '*' | '+' | '?' => return self.fail("nothing to repeat"),
            '[' => {
                let negated = self.eat('^');
                let mut items = Vec::new();
                let mut first = true;
                loop {
                    let Some(c) = self.peek() else {
                        return self.fail("missing ]");
                    };
                    self.pos += 1;
                    if c == ']' && !first {
                        break;
                    }
                    first = false;
                    let low = if c == '\\' {
                        match self.escape()? {
                            Ok(c) => c,
                            Err(item) => {
                                items.push(item);
                                continue;
                            }
                        }
                    } else {
                        c
                    };
                    if self.peek() == Some('-') && self.chars.get(self.pos + 1) != Some(&']') {
                        self.pos += 1;
                        let Some(mut high) = self.peek() else {
                            return self.fail("missing ]");
                        };
                        self.pos += 1;
                        if high == '\\' {
                            match self.escape()? {
                                Ok(c) => high = c,
                                Err(_) => return self.fail("bad range"),
                            }
                        }
                        items.push(ClassItem::Range(low, high));
                    } else {
                        items.push(ClassItem::Range(low, low));
                    }
                }
                Rx::Class(items, negated)
            }
            '\\' => match self.escape()? {
                Ok(c) => Rx::Char(c),
                Err(item) => Rx::Class(vec![item], false),
            },
            c => Rx::Char(c),
        })
    }
}

impl Regex {
    pub fn new(source: &str) -> Result<Regex, String> {
        let mut p = RxParser {
            chars: source.chars().collect(),
            pos: 0,
            source,
        };
        let root = p.alt()?;
        if p.pos < p.chars.len() {
            return p.fail("unbalanced )");
        }
        Ok(Regex { root })
    }

    /// Whether the expression matches at the start of `text` (Python's `re.match`).
    pub fn match_start(&self, text: &str) -> bool {
        let chars: Vec<char> = text.chars().collect();
        rx_match(&self.root, &chars, 0, &mut |_| true)
    }
}

fn rx_match(rx: &Rx, s: &[char], i: usize, k: &mut dyn FnMut(usize) -> bool) -> bool {
    match rx {
        Rx::Char(c) => s.get(i) == Some(c) && k(i + 1),
        Rx::Any => s.get(i).is_some_and(|c| *c != '\n') && k(i + 1),
        Rx::Class(items, negated) => {
            s.get(i)
                .is_some_and(|c| items.iter().any(|it| it.matches(*c)) != *negated)
                && k(i + 1)
        }
        Rx::Start => i == 0 && k(i),
        Rx::End => (i == s.len() || (i + 1 == s.len() && s[i] == '\n')) && k(i),
        Rx::Alt(branches) => branches.iter().any(|b| rx_match(b, s, i, k)),
        Rx::Seq(items) => rx_seq(items, s, i, k),
        Rx::Repeat(inner, min, max, greedy) => rx_repeat(inner, *min, *max, *greedy, 0, s, i, k),
        Rx::Look(inner, negate) => {
            let found = rx_match(inner, s, i, &mut |_| true);
            found != *negate && k(i)
        }
    }
}

fn rx_seq(items: &[Rx], s: &[char], i: usize, k: &mut dyn FnMut(usize) -> bool) -> bool {
    match items.split_first() {
        None => k(i),
        Some((first, rest)) => rx_match(first, s, i, &mut |j| rx_seq(rest, s, j, k)),
    }
}

#[allow(clippy::too_many_arguments)]
fn rx_repeat(
    inner: &Rx,
    min: usize,
    max: Option<usize>,
    greedy: bool,
    count: usize,
    s: &[char],
    i: usize,
    k: &mut dyn FnMut(usize) -> bool,
) -> bool {
    let can_more = max.is_none_or(|m| count < m);
    let more = |k: &mut dyn FnMut(usize) -> bool| {
        can_more
            && rx_match(inner, s, i, &mut |j| {
                // An empty iteration past the minimum would loop for ever.
                (j != i || count < min) && rx_repeat(inner, min, max, greedy, count + 1, s, j, k)
            })
    };
    if count < min {
        return more(k);
    }
    // Greedy: one more iteration first, then stop here; lazy: the other way round.
    if !greedy && k(i) {
        return true;
    }
    more(k) || (greedy && k(i))
}

// ---------------------------------------------------------------------------
// The project: a tree of configs.

#[derive(Debug, Clone)]
struct PathsEntry {
    l10n: String,
    reference: Option<String>,
    locales: Option<Vec<String>>,
}

#[derive(Debug, Clone)]
struct Rule {
    path: String,
    key: Option<KeyMatcher>,
    action: Action,
}

/// One `l10n.toml` with what it includes and excludes.
#[derive(Debug, Clone)]
struct ProjectNode {
    /// The file, normalised: configs are told apart by it.
    file: PathBuf,
    /// `basepath`, absolute, without a trailing slash.
    root: String,
    env: BTreeMap<String, String>,
    locales: Option<Vec<String>>,
    paths: Vec<PathsEntry>,
    rules: Vec<Rule>,
    children: Vec<ProjectNode>,
    excludes: Vec<ProjectNode>,
}

impl ProjectNode {
    fn configs(&self) -> Vec<&ProjectNode> {
        let mut out = vec![self];
        for child in &self.children {
            out.extend(child.configs());
        }
        out
    }

    fn all_locales(&self) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        for config in self.configs() {
            if let Some(l) = &config.locales {
                out.extend(l.iter().cloned());
            }
            for p in &config.paths {
                if let Some(l) = &p.locales {
                    out.extend(l.iter().cloned());
                }
            }
        }
        out
    }

    fn env_for(&self, locale: &str) -> BTreeMap<String, String> {
        let mut env = self.env.clone();
        env.insert("locale".to_string(), locale.to_string());
        env
    }
}

/// Lexical normalisation of a `/`-separated absolute path (`os.path.normpath`).
fn normpath(path: &str) -> String {
    let absolute = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|p| *p != "..") {
                    parts.pop();
                } else if !absolute {
                    parts.push("..");
                }
            }
            p => parts.push(p),
        }
    }
    let joined = parts.join("/");
    if absolute {
        format!("/{joined}")
    } else if joined.is_empty() {
        ".".to_string()
    } else {
        joined
    }
}

fn path_str(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

fn absolute(path: &Path) -> String {
    let p = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    normpath(&path_str(&p))
}

/// `path` relative to `base` (`os.path.relpath`), both absolute and normalised.
pub fn relpath(path: &str, base: &str) -> String {
    let p: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let b: Vec<&str> = base.split('/').filter(|s| !s.is_empty()).collect();
    let common = p.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut out: Vec<&str> = vec![".."; b.len() - common];
    out.extend(&p[common..]);
    if out.is_empty() {
        ".".to_string()
    } else {
        out.join("/")
    }
}

fn parse_node(
    file: &Path,
    cli_env: &BTreeMap<String, String>,
    seen: &mut Vec<PathBuf>,
) -> Result<ProjectNode, L10nError> {
    let file_abs = PathBuf::from(absolute(file));
    if seen.contains(&file_abs) {
        return Err(L10nError {
            path: file.to_path_buf(),
            at: None,
            message: "includes itself (through [[includes]] or [[excludes]])".into(),
        });
    }
    let text = std::fs::read_to_string(file).map_err(|e| L10nError {
        path: file.to_path_buf(),
        at: None,
        message: format!("cannot read the project config: {e}"),
    })?;
    let src = Source {
        path: file,
        text: &text,
        lines: LineIndex::new(&text),
    };
    let raw: RawFile = toml::from_str(&text)
        .map_err(|e| src.error(Some(e.span().map_or(0, |s| s.start)), e.message()))?;

    let dir = file_abs
        .parent()
        .map(path_str)
        .unwrap_or_else(|| "/".into());
    let basepath = raw
        .basepath
        .as_ref()
        .map_or(".".to_string(), |b| b.get_ref().clone());
    let root = normpath(&if basepath.starts_with('/') {
        basepath
    } else {
        format!("{dir}/{basepath}")
    });
    let mut env: BTreeMap<String, String> = raw
        .env
        .iter()
        .map(|(k, v)| (k.clone(), v.get_ref().clone()))
        .collect();
    env.extend(cli_env.iter().map(|(k, v)| (k.clone(), v.clone())));

    // Every pattern must expand: check with a stand-in locale now, so that
    // a typo is reported at its line rather than as "no files".
    let mut check_env = env.clone();
    check_env.insert("locale".into(), "xx".into());
    let check_pattern = |p: &Spanned<String>| {
        PathPattern::new(p.get_ref(), &root, &check_env)
            .map(|_| ())
            .map_err(|m| src.error(Some(p.span().start), m))
    };

    let mut paths = Vec::new();
    for entry in &raw.paths {
        let e = entry.get_ref();
        check_pattern(&e.l10n)?;
        if let Some(r) = &e.reference {
            check_pattern(r)?;
        }
        paths.push(PathsEntry {
            l10n: e.l10n.get_ref().clone(),
            reference: e.reference.as_ref().map(|r| r.get_ref().clone()),
            locales: e.locales.clone(),
        });
    }
    let mut rules = Vec::new();
    for filter in &raw.filters {
        let f = filter.get_ref();
        let action = match f.action.get_ref().as_str() {
            "error" => Action::Error,
            "warning" => Action::Warning,
            "ignore" => Action::Ignore,
            other => {
                return Err(src.error(
                    Some(f.action.span().start),
                    format!("action `{other}` is not one of error, warning, ignore"),
                ))
            }
        };
        let keys: Vec<Option<KeyMatcher>> = match &f.key {
            None => vec![None],
            Some(k) => k
                .get_ref()
                .list()
                .iter()
                .map(|k| {
                    KeyMatcher::parse(k)
                        .map(Some)
                        .map_err(|m| src.error(Some(filter.span().start), m))
                })
                .collect::<Result<_, _>>()?,
        };
        for path in f.path.get_ref().list() {
            PathPattern::new(&path, &root, &check_env)
                .map_err(|m| src.error(Some(f.path.span().start), m))?;
            for key in &keys {
                rules.push(Rule {
                    path: path.clone(),
                    key: key.clone(),
                    action,
                });
            }
        }
    }

    seen.push(file_abs.clone());
    let mut child = |raw: &Spanned<RawChild>| -> Result<ProjectNode, L10nError> {
        let p = raw.get_ref().path.get_ref();
        let pattern = PathPattern::new(p, &root, &env)
            .map_err(|m| src.error(Some(raw.get_ref().path.span().start), m))?;
        let path = normpath(&pattern.prefix());
        if !Path::new(&path).is_file() {
            return Err(src.error(
                Some(raw.get_ref().path.span().start),
                format!("the config {path} does not exist"),
            ));
        }
        parse_node(Path::new(&path), cli_env, seen)
    };
    let mut children = Vec::new();
    for inc in &raw.includes {
        let c = child(inc)?;
        if !c.excludes.is_empty() {
            return Err(src.error(
                Some(inc.span().start),
                "an included config cannot have [[excludes]] of its own",
            ));
        }
        children.push(c);
    }
    let mut excludes = Vec::new();
    for exc in &raw.excludes {
        let c = child(exc)?;
        if c.configs().iter().any(|n| !n.excludes.is_empty()) {
            return Err(src.error(
                Some(exc.span().start),
                "an excluded config cannot have [[excludes]] of its own",
            ));
        }
        excludes.push(c);
    }
    seen.pop();

    Ok(ProjectNode {
        file: file_abs,
        root,
        env,
        locales: raw.locales.map(|l| l.into_inner()),
        paths,
        rules,
        children,
        excludes,
    })
}

// ---------------------------------------------------------------------------
// Files of a locale (compare-locales' ProjectFiles)

#[derive(Debug, Clone)]
struct Matchers {
    l10n: PathPattern,
    reference: Option<PathPattern>,
}

/// The matchers of `configs` for `locale`, last-defined first.
fn matchers_for(configs: &[&ProjectNode], locale: &str) -> Vec<Matchers> {
    let mut out = Vec::new();
    for pc in configs {
        if pc
            .locales
            .as_ref()
            .is_some_and(|l| !l.iter().any(|x| x == locale))
        {
            continue;
        }
        let env = pc.env_for(locale);
        for p in &pc.paths {
            if p.locales
                .as_ref()
                .is_some_and(|l| !l.iter().any(|x| x == locale))
            {
                continue;
            }
            // Patterns were checked when the config was read.
            let Ok(l10n) = PathPattern::new(&p.l10n, &pc.root, &env) else {
                continue;
            };
            let reference = p
                .reference
                .as_ref()
                .and_then(|r| PathPattern::new(r, &pc.root, &env).ok());
            out.push(Matchers { l10n, reference });
        }
    }
    out.reverse();
    out
}

/// Every file under the folder a pattern's prefix names (or the prefix
/// itself, when it is a file); each prefix is walked once for all locales.
fn walk(prefix: &str, cache: &Mutex<HashMap<String, Arc<Vec<String>>>>) -> Arc<Vec<String>> {
    if let Some(hit) = cache.lock().expect("walk cache").get(prefix) {
        return hit.clone();
    }
    let mut out = Vec::new();
    let p = Path::new(prefix);
    if p.is_file() {
        out.push(prefix.to_string());
    } else {
        // A prefix ending inside a name (`en/main*.ftl`) is looked for in its folder.
        let dir = if p.is_dir() {
            prefix.to_string()
        } else {
            prefix[..prefix.rfind('/').map_or(0, |i| i + 1)].to_string()
        };
        walk_dir(&dir, &mut out);
    }
    let out = Arc::new(out);
    cache
        .lock()
        .expect("walk cache")
        .insert(prefix.to_string(), out.clone());
    out
}

fn walk_dir(dir: &str, out: &mut Vec<String>) {
    let Ok(read) = std::fs::read_dir(if dir.is_empty() { "/" } else { dir }) else {
        return;
    };
    let mut entries: Vec<_> = read.flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let Some(name) = entry.file_name().to_str().map(str::to_string) else {
            continue;
        };
        let path = if dir.ends_with('/') {
            format!("{dir}{name}")
        } else {
            format!("{dir}/{name}")
        };
        match entry.file_type() {
            Ok(t) if t.is_dir() => walk_dir(&path, out),
            Ok(t) if t.is_file() => out.push(path),
            Ok(t) if t.is_symlink() && Path::new(&path).is_file() => out.push(path),
            _ => {}
        }
    }
}

/// One l10n file and the reference it is measured against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilePair {
    /// Resource name shared with the reference (its path relative to `basepath`).
    pub name: String,
    /// Absolute path of the locale's file (which may not exist).
    pub l10n: String,
    /// Absolute path of the reference file (which may not exist).
    pub reference: String,
    pub l10n_exists: bool,
    pub reference_exists: bool,
}

// ---------------------------------------------------------------------------
// Filters (compare-locales' ProjectConfig.filter), compiled per locale.

#[derive(Debug)]
struct CompiledRule {
    path: PathPattern,
    key: Option<KeyMatcher>,
    action: Action,
}

#[derive(Debug)]
struct LocaleFilter {
    all_locales: BTreeSet<String>,
    l10n_paths: Vec<PathPattern>,
    rules: Vec<CompiledRule>,
    children: Vec<LocaleFilter>,
    excludes: Vec<LocaleFilter>,
}

impl LocaleFilter {
    fn compile(node: &ProjectNode, locale: &str) -> LocaleFilter {
        let env = node.env_for(locale);
        LocaleFilter {
            all_locales: node.all_locales(),
            l10n_paths: node
                .paths
                .iter()
                .filter(|p| {
                    p.locales
                        .as_ref()
                        .is_none_or(|l| l.iter().any(|x| x == locale))
                })
                .filter_map(|p| PathPattern::new(&p.l10n, &node.root, &env).ok())
                .collect(),
            rules: node
                .rules
                .iter()
                .filter_map(|r| {
                    Some(CompiledRule {
                        path: PathPattern::new(&r.path, &node.root, &env).ok()?,
                        key: r.key.clone(),
                        action: r.action,
                    })
                })
                .collect(),
            children: node
                .children
                .iter()
                .map(|c| LocaleFilter::compile(c, locale))
                .collect(),
            excludes: node
                .excludes
                .iter()
                .map(|c| LocaleFilter::compile(c, locale))
                .collect(),
        }
    }

    fn has_key_rules(&self) -> bool {
        self.rules.iter().any(|r| r.key.is_some())
            || self.children.iter().any(LocaleFilter::has_key_rules)
    }

    fn filter(&self, locale: &str, path: &str, entity: Option<&str>) -> Action {
        if !self.all_locales.contains(locale) {
            return Action::Ignore;
        }
        self.inner(locale, path, entity).unwrap_or(Action::Ignore)
    }

    fn inner(&self, locale: &str, path: &str, entity: Option<&str>) -> Option<Action> {
        if self
            .excludes
            .iter()
            .any(|e| e.filter(locale, path, None) == Action::Error)
        {
            return None;
        }
        let mut best: Option<Action> = None;
        for child in &self.children {
            let a = child.inner(locale, path, entity);
            if a == Some(Action::Error) {
                return a;
            }
            best = best.max(a);
        }
        if self.l10n_paths.iter().any(|p| p.matches(path)) {
            let mut action = Action::Error;
            for rule in self.rules.iter().rev() {
                if !rule.path.matches(path) {
                    continue;
                }
                if rule.key.is_some() != entity.is_some() {
                    continue;
                }
                if let (Some(key), Some(entity)) = (&rule.key, entity) {
                    if !key.matches(entity) {
                        continue;
                    }
                }
                action = rule.action;
                break;
            }
            best = best.max(Some(action));
        }
        best
    }
}

// ---------------------------------------------------------------------------
// The loaded project

/// What the command line adds to a project config.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// `{l10n_base}`: the folder holding the localizations (compare-locales'
    /// `l10n-base-dir` argument). Default: the current folder.
    pub l10n_base: Option<PathBuf>,
    /// `-D var=value`: variables over the files' `[env]`.
    pub defines: Vec<(String, String)>,
    /// Only these locales (all of the project's when empty).
    pub locales: Vec<String>,
}

/// An `l10n.toml` project resolved to files: per locale, each l10n file with
/// its reference.
#[derive(Debug)]
pub struct L10nProject {
    /// The `l10n.toml` given.
    pub file: PathBuf,
    /// Its `basepath`, absolute: findings show paths relative to it.
    pub root: PathBuf,
    /// `{l10n_base}`, absolute: compare-locales' JSON names files relative to it.
    pub l10n_base: String,
    /// The tag the reference is checked under.
    pub source_locale: String,
    /// The locales checked, sorted.
    pub locales: Vec<String>,
    /// Per locale, every `.ftl` pair, sorted by l10n path.
    pub pairs: BTreeMap<String, Vec<FilePair>>,
    filters: BTreeMap<String, LocaleFilter>,
}

/// A locale-looking folder name in a reference path (`en-US`, `en`, `pt-BR`).
fn looks_like_tag(segment: &str) -> bool {
    let mut parts = segment.split('-');
    let lang = parts.next().unwrap_or("");
    if !(2..=3).contains(&lang.len()) || !lang.chars().all(|c| c.is_ascii_lowercase()) {
        return false;
    }
    parts.all(|p| {
        (p.len() == 2 && p.chars().all(|c| c.is_ascii_uppercase()))
            || (p.len() == 4 && p.chars().next().is_some_and(|c| c.is_ascii_uppercase()))
            || (p.len() == 3 && p.chars().all(|c| c.is_ascii_digit()))
    })
}

/// A language identifier for a tag, shortening tags it cannot read
/// (`ja-JP-mac` → `ja-JP`).
fn langid_for(tag: &str) -> LanguageIdentifier {
    let parts: Vec<&str> = tag.split('-').collect();
    for n in (1..=parts.len()).rev() {
        if let Ok(id) = parts[..n].join("-").parse::<LanguageIdentifier>() {
            return id;
        }
    }
    LanguageIdentifier::default()
}

impl L10nProject {
    /// Reads `file` (and what it includes) and finds every file of every locale.
    pub fn load(file: &Path, options: &LoadOptions) -> Result<L10nProject, L10nError> {
        let l10n_base = absolute(
            options
                .l10n_base
                .as_deref()
                .unwrap_or_else(|| Path::new(".")),
        );
        let mut cli_env = BTreeMap::new();
        cli_env.insert("l10n_base".to_string(), l10n_base.clone());
        for (k, v) in &options.defines {
            cli_env.insert(k.clone(), v.clone());
        }
        let node = parse_node(file, &cli_env, &mut Vec::new())?;
        let all = node.all_locales();
        let locales: Vec<String> = if options.locales.is_empty() {
            all.iter().cloned().collect()
        } else {
            for l in &options.locales {
                if !all.contains(l) {
                    return Err(L10nError {
                        path: file.to_path_buf(),
                        at: None,
                        message: format!("--locale {l}: not a locale of this project"),
                    });
                }
            }
            let set: BTreeSet<String> = options.locales.iter().cloned().collect();
            set.into_iter().collect()
        };
        if locales.is_empty() {
            return Err(L10nError {
                path: file.to_path_buf(),
                at: None,
                message: "no locales: list them in `locales = [...]`".into(),
            });
        }

        // Configs and excludes, as ProjectFiles gathers them.
        let configs = node.configs();
        let mut seen = BTreeSet::new();
        let configs: Vec<&ProjectNode> = configs
            .into_iter()
            .filter(|c| seen.insert(c.file.clone()))
            .collect();
        let excludes: Vec<&ProjectNode> = node
            .excludes
            .iter()
            .filter(|e| !configs.iter().any(|c| c.file == e.file))
            .collect();

        let cache = Mutex::new(HashMap::new());
        let per_locale: Vec<(String, Vec<(String, String)>)> = locales
            .par_iter()
            .map(|locale| {
                let mut exclude_matchers = Vec::new();
                for e in &excludes {
                    if e.all_locales().contains(locale) {
                        exclude_matchers.extend(matchers_for(&e.configs(), locale));
                    }
                }
                let excluded = |p: &str| {
                    exclude_matchers.iter().any(|m| {
                        m.l10n.matches(p) || m.reference.as_ref().is_some_and(|r| r.matches(p))
                    })
                };
                let matchers = matchers_for(&configs, locale);
                let mut known: BTreeMap<String, Option<String>> = BTreeMap::new();
                for m in &matchers {
                    for path in walk(&m.l10n.prefix(), &cache).iter() {
                        if excluded(path) || !m.l10n.matches(path) {
                            continue;
                        }
                        known.entry(path.clone()).or_insert_with(|| {
                            m.reference.as_ref().and_then(|r| m.l10n.sub(r, path))
                        });
                    }
                    let Some(reference) = &m.reference else {
                        continue;
                    };
                    for path in walk(&reference.prefix(), &cache).iter() {
                        if excluded(path) || !reference.matches(path) {
                            continue;
                        }
                        if let Some(l10n) = reference.sub(&m.l10n, path) {
                            known.entry(l10n).or_insert(Some(path.clone()));
                        }
                    }
                }
                let pairs = known
                    .into_iter()
                    .filter_map(|(l10n, reference)| Some((l10n, reference?)))
                    .filter(|(l10n, reference)| {
                        l10n.ends_with(".ftl") && reference.ends_with(".ftl")
                    })
                    .collect();
                (locale.clone(), pairs)
            })
            .collect();

        let root = node.root.clone();
        let name_of = |reference: &str| {
            let norm = normpath(reference);
            match norm.strip_prefix(&format!("{root}/")) {
                Some(rel) => rel.to_string(),
                None => norm,
            }
        };
        let mut pairs = BTreeMap::new();
        let mut exists_cache: HashMap<String, bool> = HashMap::new();
        let mut exists = |p: &str| {
            *exists_cache
                .entry(p.to_string())
                .or_insert_with(|| Path::new(p).is_file())
        };
        for (locale, list) in per_locale {
            let list: Vec<FilePair> = list
                .into_iter()
                .map(|(l10n, reference)| FilePair {
                    name: name_of(&reference),
                    l10n_exists: exists(&l10n),
                    reference_exists: exists(&reference),
                    l10n,
                    reference,
                })
                .collect();
            pairs.insert(locale, list);
        }

        // The reference's tag: a locale-looking folder of the first reference pattern.
        let guessed = configs
            .iter()
            .flat_map(|c| c.paths.iter())
            .filter_map(|p| p.reference.as_deref())
            .flat_map(|r| {
                r.split('/')
                    .take_while(|s| !s.contains('*') && !s.contains('{'))
                    .filter(|s| looks_like_tag(s))
                    .last()
                    .map(str::to_string)
            })
            .next()
            .unwrap_or_else(|| "en-US".to_string());
        let source_locale = if locales.contains(&guessed) {
            "reference".to_string()
        } else {
            guessed
        };

        let filters = locales
            .iter()
            .map(|l| (l.clone(), LocaleFilter::compile(&node, l)))
            .collect();
        Ok(L10nProject {
            file: file.to_path_buf(),
            root: PathBuf::from(&node.root),
            l10n_base,
            source_locale,
            locales,
            pairs,
            filters,
        })
    }

    /// The pairs of one locale (empty for an unknown locale).
    pub fn pairs(&self, locale: &str) -> &[FilePair] {
        self.pairs.get(locale).map_or(&[], |v| v.as_slice())
    }

    /// What the project's `[[filters]]` say about an l10n file (`entity`
    /// `None`) or one of its messages, as compare-locales' `filter` answers.
    pub fn filter(&self, locale: &str, l10n_path: &str, entity: Option<&str>) -> Action {
        match self.filters.get(locale) {
            Some(f) => f.filter(locale, l10n_path, entity),
            None => Action::Ignore,
        }
    }

    /// `check`'s configuration: the reference as the source locale, every
    /// locale advisory for completeness but failing on errors.
    pub fn config(&self) -> Config {
        let source_langid = langid_for(if self.source_locale == "reference" {
            "en-US"
        } else {
            &self.source_locale
        });
        let mut locales = vec![LocaleConfig {
            tag: self.source_locale.clone(),
            dir: crate::intl::direction(&source_langid),
            langid: source_langid,
            endonym: "reference".to_string(),
            fallback: Vec::new(),
            required: None,
            numbering: None,
            paper: Paper::for_locale(&langid_for("en-US")),
        }];
        for tag in &self.locales {
            let langid = langid_for(tag);
            let fallback = default_fallback(&langid, &self.source_locale, |t| {
                self.locales.iter().any(|l| l == t)
            });
            locales.push(LocaleConfig {
                tag: tag.clone(),
                dir: crate::intl::direction(&langid),
                endonym: crate::project::locale_names::endonym(tag)
                    .unwrap_or(tag)
                    .to_string(),
                paper: Paper::for_locale(&langid),
                langid,
                fallback,
                required: Some(0.0),
                numbering: None,
            });
        }
        Config {
            root: self.root.clone(),
            source_locale: self.source_locale.clone(),
            base_url: "/".to_string(),
            paths: Paths {
                locales: PathBuf::new(),
                ..Paths::default()
            },
            locales,
            pages: Vec::new(),
            check: CheckConfig::default(),
            pdf: PdfConfig::default(),
        }
    }

    /// Every file read and parsed once: the reference files of every locale's
    /// pairs, and each locale's existing files.
    pub fn catalog(&self) -> Catalog {
        let mut files: BTreeMap<String, Vec<(String, PathBuf)>> = BTreeMap::new();
        let mut source: BTreeMap<String, PathBuf> = BTreeMap::new();
        for (locale, pairs) in &self.pairs {
            let mut mine = Vec::new();
            for p in pairs {
                if p.reference_exists {
                    source
                        .entry(p.name.clone())
                        .or_insert_with(|| PathBuf::from(&p.reference));
                }
                if p.l10n_exists {
                    mine.push((p.name.clone(), PathBuf::from(&p.l10n)));
                }
            }
            files.insert(locale.clone(), mine);
        }
        files.insert(self.source_locale.clone(), source.into_iter().collect());
        Catalog::from_files(&self.source_locale, files, &self.root)
    }

    /// Makes a finished [`CheckReport`] say what compare-locales' project
    /// semantics say: resources a locale does not have are not missing,
    /// files are named by their l10n path, `[[filters]]` apply; then the
    /// counts and the gate are worked out again.
    pub fn finish(
        &self,
        config: &Config,
        catalog: &Catalog,
        options: &CheckOptions,
        report: &mut CheckReport,
    ) {
        let empty = LocaleFiles::default();
        let source = catalog.source().unwrap_or(&empty);
        let source_entries: BTreeMap<&str, Vec<(String, bool, usize)>> = source
            .files
            .iter()
            .map(|f| {
                let list = f
                    .entries()
                    .iter()
                    .map(|e| {
                        (
                            e.unit.key(),
                            e.unit.is_term(),
                            crate::check::compare::unit_words(&e.unit),
                        )
                    })
                    .collect();
                (f.name.as_str(), list)
            })
            .collect();
        let mut words: HashMap<&str, usize> = HashMap::new();
        for (k, _, w) in source_entries.values().flatten() {
            words.entry(k.as_str()).or_insert(*w);
        }
        let words_of = |key: &str| words.get(key).copied().unwrap_or(0);

        // Per locale: its message ids, and its pairs by where compare() says
        // a locale's copy of a resource would be.
        struct Local<'p> {
            units: Option<BTreeSet<String>>,
            by_compare_path: HashMap<PathBuf, &'p str>,
            pair_by_name: HashMap<&'p str, &'p FilePair>,
        }
        let mut locals: HashMap<String, Local> = HashMap::new();
        let mut absolute_paths: HashMap<PathBuf, String> = HashMap::new();
        let shown = |abs: &str| {
            let p = PathBuf::from(abs);
            p.strip_prefix(&self.root).unwrap_or(&p).to_path_buf()
        };
        let key_rules = self.filters.values().any(LocaleFilter::has_key_rules);

        #[derive(Default)]
        struct Adjust {
            total: usize,
            translated: usize,
            obsolete: usize,
            words: usize,
        }
        let mut adjust: BTreeMap<String, Adjust> = BTreeMap::new();
        let mut kept = Vec::with_capacity(report.findings.len());
        for mut f in std::mem::take(&mut report.findings) {
            if f.locale == self.source_locale || !self.pairs.contains_key(&f.locale) {
                kept.push(f);
                continue;
            }
            let tag = f.locale.clone();
            let local = locals.entry(tag.clone()).or_insert_with(|| Local {
                units: None,
                by_compare_path: source_entries
                    .keys()
                    .map(|name| {
                        let p = config.locales_dir().join(&tag).join(name);
                        (
                            p.strip_prefix(&config.root).unwrap_or(&p).to_path_buf(),
                            *name,
                        )
                    })
                    .collect(),
                pair_by_name: self
                    .pairs(&tag)
                    .iter()
                    .map(|p| (p.name.as_str(), p))
                    .collect(),
            });
            let adj = adjust.entry(tag.clone()).or_default();
            if f.code == Code::MissingFile {
                let Some(name) = local.by_compare_path.get(&f.file).copied() else {
                    kept.push(f);
                    continue;
                };
                let units = local.units.get_or_insert_with(|| {
                    catalog
                        .locale(&tag)
                        .map(|l| l.units().into_keys().collect())
                        .unwrap_or_default()
                });
                let counted: Vec<&(String, bool, usize)> = source_entries[name]
                    .iter()
                    .filter(|(_, term, _)| !term)
                    .collect();
                let untranslated: Vec<&&(String, bool, usize)> = counted
                    .iter()
                    .filter(|(k, _, _)| !units.contains(k))
                    .collect();
                let pair = local.pair_by_name.get(name).copied();
                let action = pair.map(|p| self.filter(&tag, &p.l10n, None));
                match (pair, action) {
                    (Some(pair), Some(action)) if action != Action::Ignore => {
                        f.file = shown(&pair.l10n);
                        f.message = format!(
                            "{tag} has no {}: {} message(s) to translate (source: {})",
                            f.file.display(),
                            untranslated.len(),
                            shown(&pair.reference).display()
                        );
                        if action == Action::Warning {
                            f.severity = f.severity.min(Severity::Warning);
                        }
                        kept.push(f);
                    }
                    _ => {
                        // Not a resource of this locale, or one it need not have.
                        adj.total += counted.len();
                        adj.translated += counted.len() - untranslated.len();
                        adj.words += untranslated.iter().map(|(_, _, w)| w).sum::<usize>();
                    }
                }
                continue;
            }
            if f.code == Code::MissingMessage {
                let pair = local
                    .by_compare_path
                    .get(&f.file)
                    .and_then(|name| local.pair_by_name.get(name));
                if let Some(pair) = pair {
                    f.file = shown(&pair.l10n);
                }
            }
            // Key rules: the finding's message, in its l10n file.
            let Some(id) = f.id.as_deref().filter(|_| key_rules) else {
                kept.push(f);
                continue;
            };
            let key = id.split('.').next().unwrap_or(id).to_string();
            let abs = absolute_paths
                .entry(f.file.clone())
                .or_insert_with(|| normpath(&path_str(&self.root.join(&f.file))));
            match self.filter(&tag, abs, Some(&key)) {
                Action::Ignore => {
                    if f.code == Code::MissingMessage && !key.starts_with('-') {
                        adj.total += 1;
                        adj.words += words_of(&key);
                    }
                    if f.code == Code::ObsoleteMessage {
                        adj.obsolete += 1;
                    }
                    continue;
                }
                Action::Warning => f.severity = f.severity.min(Severity::Warning),
                Action::Error => {}
            }
            kept.push(f);
        }
        report.findings = kept;
        for s in &mut report.locales {
            if let Some(a) = adjust.get(&s.locale) {
                s.total = s.total.saturating_sub(a.total);
                s.translated = s.translated.saturating_sub(a.translated);
                s.obsolete = s.obsolete.saturating_sub(a.obsolete);
                s.missing_words = s.missing_words.saturating_sub(a.words);
            }
        }
        report.gate =
            crate::check::finish_stats(config, options, &mut report.locales, &report.findings);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn patterns_expand_variables_and_match_like_compare_locales() {
        let e = env(&[
            ("l", "{l10n_base}/{locale}/"),
            ("l10n_base", "/l10n"),
            ("locale", "fr"),
        ]);
        let l10n = PathPattern::new("{l}browser/**", "/src", &e).unwrap();
        let reference = PathPattern::new("browser/locales/en-US/**", "/src", &e).unwrap();
        assert_eq!(l10n.prefix(), "/l10n/fr/browser/");
        assert_eq!(reference.prefix(), "/src/browser/locales/en-US/");
        assert_eq!(
            reference
                .sub(&l10n, "/src/browser/locales/en-US/a/b.ftl")
                .as_deref(),
            Some("/l10n/fr/browser/a/b.ftl")
        );
        assert!(!l10n.matches("/l10n/de/browser/a.ftl"));
        let star = PathPattern::new("en/*.ftl", "/r", &e).unwrap();
        assert!(star.matches("/r/en/a.ftl"));
        assert!(!star.matches("/r/en/x/a.ftl"));
        let deep = PathPattern::new("en/**/*.ftl", "/r", &e).unwrap();
        assert!(deep.matches("/r/en/a.ftl"));
        assert!(deep.matches("/r/en/x/y/a.ftl"));
        let to = PathPattern::new("{locale}/**/*.ftl", "/r", &e).unwrap();
        assert_eq!(
            deep.sub(&to, "/r/en/x/y/a.ftl").as_deref(),
            Some("/r/fr/x/y/a.ftl")
        );
        assert_eq!(deep.sub(&to, "/r/en/a.ftl").as_deref(), Some("/r/fr/a.ftl"));
        // `**` only counts at a segment start; elsewhere it is two `*`.
        let stars = PathPattern::new("en/a**.ftl", "/r", &e).unwrap();
        assert!(stars.matches("/r/en/abc.ftl"));
        assert!(!stars.matches("/r/en/a/c.ftl"));
        assert!(PathPattern::new("{nope}/x", "/r", &e)
            .unwrap_err()
            .contains("{nope}"));
    }

    #[test]
    fn filter_keys_are_python_regular_expressions() {
        let k = KeyMatcher::parse("re:^(?!keep-).*-(label|title)$").unwrap();
        assert!(k.matches("menu-label"));
        assert!(!k.matches("keep-label"));
        assert!(!k.matches("menu-labels"));
        let k = KeyMatcher::parse("re:foo[0-9]{2,}").unwrap();
        assert!(k.matches("foo12x"));
        assert!(!k.matches("xfoo12"));
        assert!(!k.matches("foo1"));
        assert!(KeyMatcher::parse("exact").unwrap().matches("exact"));
        assert!(!KeyMatcher::parse("exact").unwrap().matches("exact2"));
        assert!(KeyMatcher::parse("re:a(b").is_err());
        let lazy = Regex::new("a.*?b$").unwrap();
        assert!(lazy.match_start("axxbyyb"));
    }

    #[test]
    fn paths_normalise() {
        assert_eq!(normpath("/a/b/../c/./d/"), "/a/c/d");
        assert_eq!(relpath("/l10n/fr/a.ftl", "/l10n"), "fr/a.ftl");
        assert_eq!(relpath("/x/fr/a.ftl", "/l10n"), "../x/fr/a.ftl");
        assert!(looks_like_tag("en-US"));
        assert!(looks_like_tag("en"));
        assert!(!looks_like_tag("locales"));
        assert_eq!(langid_for("ja-JP-mac").to_string(), "ja-JP");
    }
}
