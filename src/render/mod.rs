//! Templates (minijinja) filled with Fluent messages.
//!
//! Templates see three functions: `t(id, **args)` for text (escaped, with a
//! `lang` wrapper when it fell back to another locale), `t_markup(id,
//! links={...}, **args)` for messages carrying allowed markup, and
//! `t_plain(id, **args)` for attribute values and `<title>` (no wrapper, no
//! bidi marks). `id` may name an attribute: `page-title.description`.

pub mod pseudo;

use crate::fluent::catalog::{Catalog, ResourceFile};
use crate::fluent::markup::{escape, sanitize};
use crate::intl::{
    DateOptions, IntlError, IntlErrors, LocaleFormats, NumberOptions, NumberStyle, Style,
};
use crate::project::config::{Config, Direction, Limits, LocaleConfig, PageConfig};
use crate::project::walk::{Walk, WalkError};
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use minijinja::value::{Kwargs, Object, Value};
use minijinja::{Environment, ErrorKind, State, UndefinedBehavior};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// Name of the context variable carrying the page's [`PageL10n`].
const L10N_VAR: &str = "_l10n";

/// The global that is true in `review`'s instrumented builds only: `t` and `t_markup` then
/// wrap each message in `<span data-fp-id="id">`, so the browser can find where it renders.
/// Published builds never set it, and their pages stay byte for byte the same.
const REVIEW_VAR: &str = "_fp_review";

/// In an instrumented build, `html` wrapped in an element naming message `id`.
fn mark_for_review(state: &State, id: &str, html: String) -> String {
    if state.lookup(REVIEW_VAR).is_some_and(|v| v.is_true()) {
        format!("<span data-fp-id=\"{}\">{html}</span>", escape(id))
    } else {
        html
    }
}

/// A template error, located in its file.
#[derive(Debug, thiserror::Error)]
#[error("{location}: {message}{snippet}")]
pub struct TemplateError {
    pub location: String,
    pub message: String,
    pub snippet: String,
}

impl TemplateError {
    fn new(dir: &Path, err: &minijinja::Error) -> TemplateError {
        let name = err.name().unwrap_or("<template>");
        let path = dir.join(name);
        let line = err.line().unwrap_or(0);
        let snippet = std::fs::read_to_string(&path)
            .ok()
            .and_then(|s| s.lines().nth(line.saturating_sub(1)).map(str::to_string))
            .map(|l| format!("\n   | {}", l.trim_end()))
            .unwrap_or_default();
        let mut message = err.kind().to_string();
        if let Some(detail) = err.detail() {
            message = format!("{message}: {detail}");
        }
        if err.kind() == ErrorKind::OutOfFuel {
            message.push_str(
                " (the template ran longer than [limits] template_fuel in fluentpress.toml allows: a loop that does not end?)",
            );
        }
        let mut source = std::error::Error::source(err);
        while let Some(cause) = source {
            message = format!("{message}: {cause}");
            source = cause.source();
        }
        TemplateError {
            location: format!("{}:{line}", path.display()),
            message,
            snippet,
        }
    }
}

/// What one render did with messages, for the build report.
#[derive(Debug, Default, Clone, Serialize, serde::Deserialize)]
pub struct RenderLog {
    /// Ids rendered, in order of first use.
    pub messages: Vec<String>,
    /// Ids that came from another locale, with the locale they came from.
    pub fallbacks: Vec<Fallback>,
    pub warnings: Vec<String>,
    pub errors: Vec<String>,
}

#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq, Eq)]
pub struct Fallback {
    pub id: String,
    pub from: String,
}

/// One message a render looked up in one bundle of its fallback chain: every bundle
/// before the one that answered, and that one. What a page shows depends on these
/// messages (and on those they reference) and on no others, which is what the page
/// cache keys it by.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize)]
pub struct MessageRead {
    /// The locale whose files the bundle holds (the source's, for a pseudo-locale).
    pub locale: String,
    /// The message or term, without the attribute (`page-title`, not `page-title.description`).
    pub id: String,
}

/// What rendering needs beyond the catalog, prepared once per build: each
/// locale's formatters, and resources rewritten for CLDR plural selection
/// (see [`crate::intl::prepare_resource`]).
pub struct RenderData {
    formats: BTreeMap<String, Arc<LocaleFormats>>,
    resources: BTreeMap<(String, String), Arc<FluentResource>>,
}

impl RenderData {
    /// Prepares `locales` (configured and pseudo) from the catalog.
    pub fn new<'a>(
        catalog: &Catalog,
        locales: impl IntoIterator<Item = &'a LocaleConfig>,
    ) -> Result<RenderData, IntlError> {
        let mut formats = BTreeMap::new();
        for locale in locales {
            let f = LocaleFormats::new(&locale.langid, locale.numbering.as_deref())?;
            formats.insert(locale.tag.clone(), Arc::new(f));
        }
        let files: Vec<(&String, &ResourceFile)> = catalog
            .locales
            .iter()
            .flat_map(|(tag, l)| l.files.iter().map(move |f| (tag, f)))
            .collect();
        let resources = files
            .par_iter()
            .map(|(tag, file)| {
                let prepared = crate::intl::prepare_resource(&file.resource)
                    .map_or_else(|| Arc::clone(&file.resource), Arc::new);
                (((*tag).clone(), file.name.clone()), prepared)
            })
            .collect();
        Ok(RenderData { formats, resources })
    }

    pub fn formats(&self, tag: &str) -> Option<&Arc<LocaleFormats>> {
        self.formats.get(tag)
    }

    /// A bundle for `locale` holding `page`'s resources as `resources_of` has them.
    fn bundle(
        &self,
        locale: &LocaleConfig,
        resources_of: &str,
        page: &PageConfig,
        transform: Option<crate::render::pseudo::Transform>,
    ) -> Option<LocaleBundle> {
        let formats = Arc::clone(self.formats.get(&locale.tag)?);
        let mut bundle = FluentBundle::new_concurrent(vec![locale.langid.clone()]);
        bundle.set_use_isolating(true);
        bundle.set_transform(transform);
        let errors = crate::intl::install(&mut bundle, Arc::clone(&formats)).ok()?;
        for name in &page.resources {
            if let Some(resource) = self
                .resources
                .get(&(resources_of.to_string(), name.clone()))
            {
                // Duplicate ids are reported by `check`; the first definition wins here.
                let _ = bundle.add_resource(Arc::clone(resource));
            }
        }
        Some(LocaleBundle {
            tag: locale.tag.clone(),
            resources_of: resources_of.to_string(),
            dir: locale.dir,
            bundle,
            errors,
            formats,
        })
    }
}

/// One locale's bundle for one page.
struct LocaleBundle {
    tag: String,
    /// The locale whose files it holds.
    resources_of: String,
    dir: Direction,
    bundle: FluentBundle<Arc<FluentResource>>,
    /// Bad arguments to NUMBER() and DATETIME(), collected per message.
    errors: IntlErrors,
    formats: Arc<LocaleFormats>,
}

/// The fallback chain of bundles a page is rendered with: the locale first,
/// then its fallbacks, ending with the source.
pub struct Localizer {
    chain: Vec<LocaleBundle>,
    /// Pseudo-locales bracket every message, so cut-off text shows.
    bracket: bool,
}

/// A formatted message and where it came from.
pub struct Formatted {
    pub text: String,
    /// Index in the chain; 0 is the page's own locale.
    pub depth: usize,
    /// No locale in the chain formats it without errors; `text` is the
    /// first attempt, `{$var}` and all, and must not reach a page.
    pub failed: bool,
}

impl Localizer {
    pub fn new(
        config: &Config,
        data: &RenderData,
        page: &PageConfig,
        locale: &LocaleConfig,
    ) -> Self {
        let tags = std::iter::once(&locale.tag).chain(locale.fallback.iter());
        let chain = tags
            .filter_map(|tag| config.locale(tag))
            .filter_map(|loc| data.bundle(loc, &loc.tag, page, None))
            .collect();
        Localizer {
            chain,
            bracket: false,
        }
    }

    /// A pseudo-locale: the source messages with `transform` applied to their text.
    pub fn pseudo(
        config: &Config,
        data: &RenderData,
        page: &PageConfig,
        locale: &LocaleConfig,
        transform: crate::render::pseudo::Transform,
    ) -> Self {
        Localizer {
            chain: data
                .bundle(locale, &config.source_locale, page, Some(transform))
                .into_iter()
                .collect(),
            bracket: true,
        }
    }

    /// Formats `id` (or `id.attr`) from the first bundle in the chain that has
    /// it and formats it without errors: a translation that fails (a variable
    /// the page does not pass, a broken reference) falls back along the chain.
    /// Every error is added to `errors`.
    pub fn format(
        &self,
        id: &str,
        args: &FluentArgs,
        errors: &mut Vec<String>,
    ) -> Option<Formatted> {
        let (msg_id, attr) = match id.split_once('.') {
            Some((m, a)) => (m, Some(a)),
            None => (id, None),
        };
        let mut first_failure = None;
        for (depth, lb) in self.chain.iter().enumerate() {
            let Some(message) = lb.bundle.get_message(msg_id) else {
                continue;
            };
            let pattern = match attr {
                Some(a) => message.get_attribute(a).map(|a| a.value()),
                None => message.value(),
            };
            let Some(pattern) = pattern else { continue };
            let mut errs = Vec::new();
            let text = lb.bundle.format_pattern(pattern, Some(args), &mut errs);
            // A resolver error leaves `{$var}` or `{???}` in the text; a bad argument to
            // NUMBER() or DATETIME() (the template's data) still shows the argument,
            // so it is reported without falling back.
            let failed = !errs.is_empty();
            errors.extend(errs.iter().map(|e| format!("{id} ({}): {e}", lb.tag)));
            errors.extend(
                lb.errors
                    .take()
                    .iter()
                    .map(|e| format!("{id} ({}): {e}", lb.tag)),
            );
            let text = if self.bracket {
                format!("[{text}]")
            } else {
                text.into_owned()
            };
            let formatted = Formatted {
                text,
                depth,
                failed,
            };
            if !failed {
                return Some(formatted);
            }
            first_failure.get_or_insert(formatted);
        }
        first_failure
    }

    pub fn tag_at(&self, depth: usize) -> (&str, Direction) {
        let lb = &self.chain[depth];
        (&lb.tag, lb.dir)
    }

    /// The page locale's formatters, for the `number` and `date` filters.
    pub fn formats(&self) -> Option<&LocaleFormats> {
        self.chain.first().map(|lb| lb.formats.as_ref())
    }
}

/// The per-render state templates reach through the `t*` functions.
#[derive(Debug)]
pub struct PageL10n {
    localizer: Arc<Localizer>,
    log: Mutex<RenderLog>,
    reads: Mutex<std::collections::BTreeSet<MessageRead>>,
}

impl std::fmt::Debug for Localizer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let tags: Vec<&str> = self.chain.iter().map(|b| b.tag.as_str()).collect();
        f.debug_struct("Localizer").field("chain", &tags).finish()
    }
}

impl Object for PageL10n {}

impl PageL10n {
    pub fn new(localizer: Arc<Localizer>) -> Self {
        PageL10n {
            localizer,
            log: Mutex::new(RenderLog::default()),
            reads: Mutex::default(),
        }
    }

    /// The messages this render looked up, in every bundle it asked.
    pub fn take_reads(&self) -> std::collections::BTreeSet<MessageRead> {
        std::mem::take(&mut *self.reads.lock().unwrap_or_else(|e| e.into_inner()))
    }

    pub fn take_log(&self) -> RenderLog {
        std::mem::take(&mut *self.log.lock().unwrap_or_else(|e| e.into_inner()))
    }

    fn with_log<T>(&self, f: impl FnOnce(&mut RenderLog) -> T) -> T {
        f(&mut self.log.lock().unwrap_or_else(|e| e.into_inner()))
    }

    /// Formats a message for the given output mode, logging what happened. A
    /// message no locale formats is an error of the template that uses it,
    /// never a raw id or `{$var}` on the page.
    fn localize(
        &self,
        id: &str,
        args: &FluentArgs,
        mode: Mode,
        links: &BTreeMap<String, String>,
    ) -> Result<String, minijinja::Error> {
        let mut errors = Vec::new();
        let formatted = self.localizer.format(id, args, &mut errors);
        let asked = formatted
            .as_ref()
            .map_or(self.localizer.chain.len(), |f| f.depth + 1);
        {
            let mut reads = self.reads.lock().unwrap_or_else(|e| e.into_inner());
            let message = id.split_once('.').map_or(id, |(m, _)| m);
            for bundle in self.localizer.chain.iter().take(asked) {
                reads.insert(MessageRead {
                    locale: bundle.resources_of.clone(),
                    id: message.to_string(),
                });
            }
        }
        self.with_log(|log| {
            if !log.messages.iter().any(|m| m == id) {
                log.messages.push(id.to_string());
            }
            log.errors.append(&mut errors);
        });
        let Some(formatted) = formatted else {
            let chain: Vec<&str> = self
                .localizer
                .chain
                .iter()
                .map(|b| b.tag.as_str())
                .collect();
            return Err(minijinja::Error::new(
                ErrorKind::InvalidOperation,
                format!(
                    "no locale has the message `{id}` (looked in {}); define it in the source's files this page lists in `resources`",
                    chain.join(", ")
                ),
            ));
        };
        if formatted.failed {
            let errors: Vec<String> = self.with_log(|log| {
                log.errors
                    .iter()
                    .filter(|e| e.starts_with(&format!("{id} (")))
                    .cloned()
                    .collect()
            });
            return Err(minijinja::Error::new(
                ErrorKind::InvalidOperation,
                format!(
                    "the message `{id}` cannot be formatted in any locale, the source included: {}",
                    errors.join("; ")
                ),
            ));
        }
        // No page may hold control characters; `check` reports them as `control-character`.
        let text = crate::fluent::chars::strip_forbidden(&formatted.text);
        let (tag, dir) = self.localizer.tag_at(formatted.depth);
        if formatted.depth > 0 {
            self.with_log(|log| {
                let fallback = Fallback {
                    id: id.to_string(),
                    from: tag.to_string(),
                };
                if !log.fallbacks.contains(&fallback) {
                    log.fallbacks.push(fallback);
                }
            });
        }
        let html = match mode {
            Mode::Plain => return Ok(strip_isolation(&text)),
            Mode::Text => escape(&text),
            Mode::Markup => {
                let (html, warnings) = sanitize(&text, links);
                self.with_log(|log| {
                    log.warnings
                        .extend(warnings.into_iter().map(|w| format!("{id} ({tag}): {w}")))
                });
                html
            }
        };
        let html = isolate_with_bdi(&html);
        Ok(if formatted.depth > 0 {
            format!("<span lang=\"{tag}\" dir=\"{dir}\">{html}</span>")
        } else {
            html
        })
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Text,
    Markup,
    Plain,
}

/// Bidi isolation marks belong in running text, never in attribute values or URLs.
pub fn strip_isolation(text: &str) -> String {
    text.chars()
        .filter(|c| !matches!(c, '\u{2066}'..='\u{2069}'))
        .collect()
}

/// Fluent wraps placeables in FSI…PDI. On a page `<bdi>` isolates them the same way (first
/// strong character decides, like FSI) without leaving invisible characters in what a reader
/// copies, searches or gets from a PDF's text layer. Only an FSI…PDI pair with the markup
/// between them properly nested becomes an element; every other mark stays as it was, since
/// turning it into a tag would unbalance the page.
fn isolate_with_bdi(html: &str) -> String {
    struct Initiator {
        at: usize,
        first_strong: bool,
        depth: usize,
        crossed: bool,
    }
    let mut initiators: Vec<Initiator> = Vec::new();
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    while let Some(c) = html[i..].chars().next() {
        match c {
            // The HTML is escaped or sanitized, so a `<` always starts a tag and its
            // attribute values hold no raw `>`.
            '<' => {
                let (tag, end) = match html[i..].find('>') {
                    Some(e) => (&html[i + 1..i + e], i + e + 1),
                    None => (&html[i + 1..], html.len()),
                };
                if tag.starts_with('/') {
                    depth = depth.saturating_sub(1);
                    for open in initiators.iter_mut().filter(|o| o.depth > depth) {
                        open.crossed = true;
                    }
                } else {
                    let name = tag
                        .split(|c: char| c.is_ascii_whitespace() || c == '/')
                        .next()
                        .unwrap_or_default();
                    if !matches!(name, "br" | "wbr") && !tag.ends_with('/') {
                        depth += 1;
                    }
                }
                i = end;
                continue;
            }
            '\u{2066}'..='\u{2068}' => initiators.push(Initiator {
                at: i,
                first_strong: c == '\u{2068}',
                depth,
                crossed: false,
            }),
            '\u{2069}' => {
                if let Some(open) = initiators.pop() {
                    if open.first_strong && !open.crossed && open.depth == depth {
                        pairs.push((open.at, i));
                    }
                }
            }
            _ => {}
        }
        i += c.len_utf8();
    }
    if pairs.is_empty() {
        return html.to_string();
    }
    let mut marks: Vec<(usize, &str)> = pairs
        .into_iter()
        .flat_map(|(open, close)| [(open, "<bdi>"), (close, "</bdi>")])
        .collect();
    marks.sort_unstable();
    let mut out = String::with_capacity(html.len() + marks.len() * 3);
    let mut pos = 0;
    for (at, tag) in marks {
        out.push_str(&html[pos..at]);
        out.push_str(tag);
        // FSI and PDI are both three bytes in UTF-8.
        pos = at + '\u{2068}'.len_utf8();
    }
    out.push_str(&html[pos..]);
    out
}

fn page_l10n(state: &State) -> Result<Arc<PageL10n>, minijinja::Error> {
    state
        .lookup(L10N_VAR)
        .and_then(|v| v.downcast_object::<PageL10n>())
        .ok_or_else(|| {
            minijinja::Error::new(
                ErrorKind::InvalidOperation,
                "t() is only available while a page is rendered for a locale",
            )
        })
}

/// Converts template arguments to Fluent arguments; in markup mode string
/// arguments are escaped first, since the sanitizer sees them as part of the text.
fn fluent_args(
    kwargs: &Kwargs,
    skip: &[&str],
    escape_strings: bool,
) -> Result<FluentArgs<'static>, minijinja::Error> {
    let mut args = FluentArgs::new();
    for name in kwargs.args() {
        if skip.contains(&name) {
            continue;
        }
        let value: Value = kwargs.get(name)?;
        let fluent = if let Some(n) = value.as_i64() {
            FluentValue::from(n)
        } else if value.kind() == minijinja::value::ValueKind::Number {
            FluentValue::from(f64::try_from(value).unwrap_or(f64::NAN))
        } else {
            let s = value.to_string();
            FluentValue::from(if escape_strings { escape(&s) } else { s })
        };
        args.set(name.to_string(), fluent);
    }
    Ok(args)
}

fn filter_error(message: String) -> minijinja::Error {
    minijinja::Error::new(ErrorKind::InvalidOperation, message)
}

fn page_formats<T>(
    state: &State,
    f: impl FnOnce(&LocaleFormats) -> T,
) -> Result<T, minijinja::Error> {
    let l10n = page_l10n(state)?;
    let formats = l10n
        .localizer
        .formats()
        .ok_or_else(|| filter_error("no formatters for this locale".into()))?;
    Ok(f(formats))
}

/// `{{ 1234.5 | number }}`, `{{ 0.25 | number(style="percent") }}`: the page
/// locale's digits, grouping and decimals, from the same formatters as NUMBER().
fn number_filter(state: &State, value: f64, kwargs: Kwargs) -> Result<Value, minijinja::Error> {
    let mut o = NumberOptions::default();
    if let Some(style) = kwargs.get::<Option<String>>("style")? {
        o.style = match style.as_str() {
            "decimal" => NumberStyle::Decimal,
            "percent" => NumberStyle::Percent,
            other => {
                return Err(filter_error(format!(
                    "number: style \"{other}\" is not decimal or percent"
                )))
            }
        };
    }
    if let Some(grouping) = kwargs.get::<Option<bool>>("useGrouping")? {
        o.use_grouping = grouping;
    }
    o.minimum_fraction_digits = kwargs.get("minimumFractionDigits")?;
    o.maximum_fraction_digits = kwargs.get("maximumFractionDigits")?;
    kwargs.assert_all_used()?;
    page_formats(state, |f| f.format_number(value, &o))?
        .map(Value::from)
        .map_err(|e| filter_error(format!("number: {e}")))
}

/// `{{ "1961-05-28" | date(dateStyle="long") }}`, `{{ "1961" | date(year="numeric") }}`.
fn date_filter(state: &State, value: String, kwargs: Kwargs) -> Result<Value, minijinja::Error> {
    let style = |name: &str| -> Result<Option<Style>, minijinja::Error> {
        match kwargs.get::<Option<String>>(name)? {
            None => Ok(None),
            Some(s) => Style::parse(&s).map(Some).ok_or_else(|| {
                filter_error(format!(
                    "date: {name}=\"{s}\" is not full, long, medium or short"
                ))
            }),
        }
    };
    let mut o = DateOptions {
        date_style: style("dateStyle")?,
        time_style: style("timeStyle")?,
        year_only: false,
    };
    if let Some(year) = kwargs.get::<Option<String>>("year")? {
        o.year_only = year == "numeric";
    }
    kwargs.assert_all_used()?;
    page_formats(state, |f| f.format_date(&value, &o))?
        .map(Value::from)
        .map_err(|e| filter_error(format!("date: {e}")))
}

fn t(state: &State, id: String, kwargs: Kwargs) -> Result<Value, minijinja::Error> {
    let args = fluent_args(&kwargs, &[], false)?;
    let html = page_l10n(state)?.localize(&id, &args, Mode::Text, &BTreeMap::new())?;
    Ok(Value::from_safe_string(mark_for_review(state, &id, html)))
}

fn t_markup(state: &State, id: String, kwargs: Kwargs) -> Result<Value, minijinja::Error> {
    let mut links = BTreeMap::new();
    if let Some(map) = kwargs.get::<Option<Value>>("links")? {
        for key in map.try_iter()? {
            let href = map.get_item(&key)?.to_string();
            if let Some(problem) = link_problem(&href) {
                // An error, not a silently dropped link: the template author put it there
                // and must hear of it, and the build then publishes no page holding it.
                return Err(minijinja::Error::new(
                    ErrorKind::InvalidOperation,
                    format!(
                        "t_markup('{id}'): links[\"{key}\"] is {problem}; only http(s), mailto, tel, relative and #fragment links are allowed",
                        key = key.to_string().escape_debug(),
                    ),
                ));
            }
            links.insert(key.to_string(), href);
        }
    }
    let args = fluent_args(&kwargs, &["links"], true)?;
    let html = page_l10n(state)?.localize(&id, &args, Mode::Markup, &links)?;
    Ok(Value::from_safe_string(mark_for_review(state, &id, html)))
}

/// Why a page must not carry this link (a `javascript:`, `data:` or `vbscript:` address, or
/// any scheme but http(s), mailto and tel), or `None` when it may. The scheme is read the
/// way a browser reads an `href`: outer spaces and controls trimmed, tabs and newlines
/// inside removed, so `" java\tscript:"` is still `javascript:`.
fn link_problem(href: &str) -> Option<String> {
    let cleaned: String = href
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    if cleaned.chars().any(char::is_control) {
        return Some("an address with control characters".into());
    }
    let scheme_end =
        cleaned.find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')));
    let scheme = match scheme_end {
        Some(end) if end > 0 && cleaned[end..].starts_with(':') => &cleaned[..end],
        // No scheme: a relative path, `//host/…`, `?query` or `#fragment`.
        _ => return None,
    };
    if !scheme.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let scheme = scheme.to_ascii_lowercase();
    (!matches!(scheme.as_str(), "http" | "https" | "mailto" | "tel"))
        .then(|| format!("a `{}:` address", scheme.escape_debug()))
}

fn t_plain(state: &State, id: String, kwargs: Kwargs) -> Result<Value, minijinja::Error> {
    let args = fluent_args(&kwargs, &[], false)?;
    Ok(Value::from(page_l10n(state)?.localize(
        &id,
        &args,
        Mode::Plain,
        &BTreeMap::new(),
    )?))
}

/// The page counter for `@page` margin boxes, from a message with `$page`
/// and `$pages`: `"Page " counter(page) " of " counter(pages)`.
fn css_page_counter(
    state: &State,
    id: String,
    style: Option<String>,
) -> Result<Value, minijinja::Error> {
    const PAGE: &str = "\u{E000}";
    const PAGES: &str = "\u{E001}";
    let mut args = FluentArgs::new();
    args.set("page", PAGE);
    args.set("pages", PAGES);
    let text = page_l10n(state)?.localize(&id, &args, Mode::Plain, &BTreeMap::new())?;
    let style = style.unwrap_or_else(|| "decimal".into());
    let mut css = Vec::new();
    let mut rest = text.as_str();
    while let Some(i) = rest.find([
        PAGE.chars().next().unwrap_or(' '),
        PAGES.chars().next().unwrap_or(' '),
    ]) {
        if i > 0 {
            css.push(css_string(&rest[..i]));
        }
        let counter = if rest[i..].starts_with(PAGE) {
            "page"
        } else {
            "pages"
        };
        css.push(format!("counter({counter}, {style})"));
        rest = &rest[i + PAGE.len()..];
    }
    if !rest.is_empty() {
        css.push(css_string(rest));
    }
    Ok(Value::from_safe_string(css.join(" ")))
}

/// A CSS string literal that cannot break out of its declaration or the `<style>` element.
fn css_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' | '\\' | '<' | '>' | '&' => out.push_str(&format!("\\{:x} ", c as u32)),
            c if c.is_control() => out.push_str(&format!("\\{:x} ", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The templates of a site, loaded once and shared by every render.
pub struct Templates {
    env: Environment<'static>,
    dir: PathBuf,
}

impl Templates {
    /// Loads every `.html` file under `dir` (names relative to it).
    pub fn load(dir: &Path) -> Result<Templates, TemplateError> {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_fuel(Some(Limits::default().template_fuel));
        // minijinja's escaper also escapes `/`, which makes every URL
        // unreadable in the source; these five characters are enough.
        env.set_formatter(|out, state, value| {
            if value.is_safe() || *state.auto_escape() == minijinja::AutoEscape::None {
                minijinja::escape_formatter(out, state, value)
            } else {
                out.write_str(&escape(&value.to_string()))
                    .map_err(|_| minijinja::Error::new(ErrorKind::WriteFailure, "cannot write"))
            }
        });
        env.add_function("t", t);
        env.add_function("t_markup", t_markup);
        env.add_function("t_plain", t_plain);
        env.add_function("css_page_counter", css_page_counter);
        env.add_filter("number", number_filter);
        env.add_filter("date", date_filter);
        env.add_filter("css_string", |s: String| {
            Value::from_safe_string(css_string(&strip_isolation(&s)))
        });
        for (name, path) in collect_templates(dir)? {
            let text = std::fs::read_to_string(&path).map_err(|e| TemplateError {
                location: path.display().to_string(),
                message: format!("cannot read template: {e}"),
                snippet: String::new(),
            })?;
            env.add_template_owned(name, text)
                .map_err(|e| TemplateError::new(dir, &e))?;
        }
        Ok(Templates {
            env,
            dir: dir.to_path_buf(),
        })
    }

    /// What one render may spend (`[limits] template_fuel`); a template that
    /// loops for ever stops with an error naming it instead of hanging the build.
    pub fn set_fuel(&mut self, fuel: u64) {
        self.env.set_fuel(Some(fuel));
    }

    /// Marks every message `t` and `t_markup` render with its id (`data-fp-id`), for
    /// `review`; never for pages that are published.
    pub fn instrument_for_review(&mut self) {
        self.env.add_global(REVIEW_VAR, true);
    }

    pub fn has(&self, name: &str) -> bool {
        self.env.get_template(name).is_ok()
    }

    /// Every template's name and source, for keys of what a render reads.
    pub fn sources(&self) -> impl Iterator<Item = (&str, String)> + '_ {
        self.env
            .templates()
            .map(|(name, t)| (name, t.source().to_string()))
    }

    /// Every value templates see besides their context (whether the build prints PDFs,
    /// say), by name, as text: for keys of what a render reads.
    pub fn globals(&self) -> String {
        let mut globals: Vec<String> = self
            .env
            .globals()
            .map(|(name, value)| format!("{name}={value:?}"))
            .collect();
        globals.sort();
        globals.join("\n")
    }

    /// A value every template sees under `name`: facts about the whole build, such as
    /// whether it prints PDFs.
    pub fn set_global(&mut self, name: &'static str, value: impl Into<Value>) {
        self.env.add_global(name, value.into());
    }

    /// Renders `name` with `context`; `l10n` (if any) serves the `t*` functions.
    pub fn render(
        &self,
        name: &str,
        context: Value,
        l10n: Option<Arc<PageL10n>>,
    ) -> Result<String, TemplateError> {
        let template = self
            .env
            .get_template(name)
            .map_err(|e| TemplateError::new(&self.dir, &e))?;
        let ctx = match l10n {
            Some(l10n) => minijinja::context! { _l10n => Value::from_dyn_object(l10n), ..context },
            None => context,
        };
        template
            .render(ctx)
            .map_err(|e| TemplateError::new(&self.dir, &e))
    }
}

/// Every `.html` under `dir`, named by its path relative to it. An `.html`
/// that cannot be read is an error, as reading it would have been; folders
/// that cannot be listed are passed over.
fn collect_templates(dir: &Path) -> Result<Vec<(String, PathBuf)>, TemplateError> {
    let is_html = |p: &Path| p.extension().is_some_and(|e| e == "html");
    let walked = Walk::new(dir).run();
    for problem in &walked.problems {
        let message = match problem {
            WalkError::Entry { path, source } if is_html(path) => {
                format!("cannot read template: {source}")
            }
            WalkError::NotRegular { path, kind } if is_html(path) => {
                format!("cannot read template: not a regular file ({kind})")
            }
            _ => continue,
        };
        return Err(TemplateError {
            location: problem.path().display().to_string(),
            message,
            snippet: String::new(),
        });
    }
    Ok(walked
        .files
        .into_iter()
        .filter(|p| is_html(p))
        .map(|path| {
            let name = path
                .strip_prefix(dir)
                .unwrap_or(&path)
                .to_string_lossy()
                .replace('\\', "/");
            (name, path)
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::isolate_with_bdi;

    #[test]
    fn balanced_isolates_become_bdi_and_others_stay_marks() {
        assert_eq!(
            isolate_with_bdi("more than \u{2068}7,000,000\u{2069} people"),
            "more than <bdi>7,000,000</bdi> people"
        );
        assert_eq!(
            isolate_with_bdi("\u{2068}a \u{2068}<b>b</b>\u{2069}<br>\u{2069}"),
            "<bdi>a <bdi><b>b</b></bdi><br></bdi>"
        );
        // Markup that crosses the pair, a lone mark and LRI…PDI keep their characters.
        for kept in [
            "<b>\u{2068}x</b><i>\u{2069}</i>",
            "\u{2068}<b>x\u{2069}</b>",
            "x\u{2069} \u{2068}y",
            "\u{2066}x\u{2069}",
        ] {
            assert_eq!(isolate_with_bdi(kept), kept);
        }
    }
}
