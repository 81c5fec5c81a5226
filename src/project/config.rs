//! `fluentpress.toml`: one typed struct, read once, validated before any work.

use crate::finding::location::LineIndex;
use crate::finding::Code;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use toml::Spanned;
use unic_langid::LanguageIdentifier;

pub const CONFIG_FILE: &str = "fluentpress.toml";

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read {path}: {source}\n  hint: run fluentpress in the folder that holds {CONFIG_FILE}, or pass --root")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}:{line}:{column}: {message}\n   | {text}")]
    Invalid {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
        text: String,
    },
    /// A `[check.severity]` key that names no finding code: a typo there
    /// would otherwise leave the code at its default without a word.
    #[error("{path}:{line}:{column}: {message}\n   | {text}\n   | {caret}")]
    UnknownCode {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
        text: String,
        caret: String,
    },
}

pub use crate::intl::Direction;

// `fluentpress.toml` as written; `fluentpress schema` describes this type.
/// A fluentpress project: its locales, pages, checks and output.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawConfig {
    #[serde(default = "default_source")]
    #[schemars(with = "String")]
    source_locale: Spanned<String>,
    #[serde(default = "default_base_url")]
    #[schemars(with = "String")]
    base_url: Spanned<String>,
    #[serde(default)]
    paths: RawPaths,
    #[schemars(with = "BTreeMap<String, RawLocale>")]
    locales: BTreeMap<Spanned<String>, RawLocale>,
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, RawPage>")]
    pages: BTreeMap<Spanned<String>, RawPage>,
    #[serde(default)]
    check: CheckConfig,
    #[serde(default)]
    pdf: PdfConfig,
    #[serde(default)]
    limits: Limits,
    #[serde(default)]
    site: SiteConfig,
}

/// `[site]`: how published pages present themselves, for every page unless the page's
/// own table says otherwise (as a Hugo or Zola page's front matter overrides the site's
/// settings).
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct SiteConfig {
    /// Show a notice (the `stale-translation-notice` message) on a page whose
    /// translation is behind the source: a message of the page is stale per
    /// `fluentpress.lock`. Off by default; `[pages.<name>] stale_notice` overrides it.
    #[serde(deserialize_with = "switch")]
    pub stale_notice: bool,
}

/// A `true`/`false` setting, whose error names the setting: serde's own says only
/// "expected a boolean".
fn switch<'de, D: serde::Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    bool::deserialize(d).map_err(|e| {
        let why = e.to_string();
        serde::de::Error::custom(format!(
            "stale_notice must be true or false: {}",
            why.trim_end()
        ))
    })
}

fn optional_switch<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    switch(d).map(Some)
}

/// `[limits]`: how much input fluentpress accepts before it stops with an
/// error, so a hostile or broken file cannot exhaust the stack, memory or time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Limits {
    /// Largest `.ftl` file read, in bytes.
    pub max_file_size: u64,
    /// Deepest nesting of placeables and call arguments in a `.ftl` file; the
    /// Fluent parser recurses once per level, so this bounds its stack.
    pub max_nesting: usize,
    /// Instructions (and memory, about 64 bytes a unit) one template render may use.
    pub template_fuel: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_size: 16 * 1024 * 1024,
            max_nesting: 100,
            template_fuel: 1_000_000,
        }
    }
}

/// `[pdf]`: how PDFs are printed.
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct PdfConfig {
    /// The browser to print with; found on PATH when unset.
    pub browser: Option<PathBuf>,
    /// Print PDFs on every build, as `--pdf` does.
    pub enabled: bool,
}

/// The `[check.severity]` keys with their spans, read before the config
/// itself so that an unknown code is shown where it is written; the rest
/// of the file is left to [`RawConfig`].
#[derive(Debug, Default, Deserialize)]
struct SeverityKeys {
    #[serde(default)]
    check: Option<SeverityKeysCheck>,
}

#[derive(Debug, Default, Deserialize)]
struct SeverityKeysCheck {
    #[serde(default)]
    severity: BTreeMap<Spanned<String>, serde::de::IgnoredAny>,
}

/// `[check]`: how findings are weighed.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct CheckConfig {
    /// Severity per finding code, overriding the default (`"off"` silences it).
    #[schemars(schema_with = "crate::project::schema::severity_map")]
    pub severity: BTreeMap<Code, SeverityLevel>,
    /// Message ids whose translation may equal the source (`same-as-source`).
    pub same_as_source_ok: Vec<String>,
    /// Words and names that stay the same in every language (brand names):
    /// a translation made only of these is not `same-as-source`.
    pub keep_words: Vec<String>,
    /// A one-word translation shorter than this many characters may equal the source
    /// ("Menu", "Instagram", "OK"): such words are often the same in many languages.
    pub same_as_source_min_length: usize,
    /// What markup a translation may carry: `"allow-list"` (fluentpress's renderer: the
    /// short list of text-level elements and `<a data-l10n-name>`), or `"parity"` (the
    /// project renders markup its own way: a translation must have the source's own
    /// elements, attribute names and attribute placeables, well formed). Default:
    /// `"allow-list"` when the project has pages, `"parity"` when it has none (its
    /// messages are rendered by its own code, not by fluentpress).
    pub markup: Option<MarkupPolicy>,
    /// Where a message must be found and may be defined only once: `"page"` (the
    /// resources a page loads together; every file of a locale when no page is
    /// configured) or `"file"` (each file on its own, as compare-locales and sites that
    /// load one file per view see it).
    pub scope: MessageScope,
    /// Who passes a message its variables: `"templates"` (fluentpress's own: a variable
    /// the source never uses is an error) or `"code"` (the project's code may pass more
    /// than the source shows, so a translation using one is a warning). Default:
    /// `"templates"` when the project has pages, `"code"` when it has none.
    pub variables: Option<VariableSource>,
}

impl Default for CheckConfig {
    fn default() -> Self {
        CheckConfig {
            severity: BTreeMap::new(),
            same_as_source_ok: Vec::new(),
            keep_words: Vec::new(),
            same_as_source_min_length: 12,
            markup: None,
            scope: MessageScope::default(),
            variables: None,
        }
    }
}

/// `[check] markup`: see [`CheckConfig::markup`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum MarkupPolicy {
    AllowList,
    Parity,
}

/// `[check] variables`: see [`CheckConfig::variables`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum VariableSource {
    Templates,
    Code,
}

/// `[check] scope`: see [`CheckConfig::scope`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum MessageScope {
    #[default]
    Page,
    File,
}

/// A severity as the config spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum SeverityLevel {
    Off,
    Info,
    Warning,
    Error,
}

fn default_source() -> Spanned<String> {
    Spanned::new(0..0, "en".to_string())
}

fn default_base_url() -> Spanned<String> {
    Spanned::new(0..0, "/".to_string())
}

/// Why `base_url` cannot start every link of the site, if it cannot. It goes into
/// `href`s, the sitemap and canonical links, so only an address a browser follows
/// as a page is allowed: no `javascript:` or `data:`, nothing that is not a URL.
fn base_url_problem(value: &str) -> Option<String> {
    let expected = "it must be an absolute http(s) URL (`https://example.org/`) or a path starting with `/` (`/site/`)";
    if value.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Some(format!(
            "base_url `{}` holds spaces or control characters; {expected}",
            value.escape_debug()
        ));
    }
    if value.contains(['?', '#', '\\']) {
        return Some(format!(
            "base_url `{value}` has a query, a fragment or a backslash, which page paths cannot follow; {expected}"
        ));
    }
    if let Some(path) = value.strip_prefix('/') {
        // `//host/` is another site's address without its scheme, not a path.
        return path
            .starts_with('/')
            .then(|| format!("base_url `{value}` starts with `//`; {expected}"));
    }
    match url::Url::parse(value) {
        // The text itself starts every link, so `https:example.org`, which the URL parser
        // repairs, is refused too.
        Ok(url)
            if matches!(url.scheme(), "http" | "https")
                && url.host().is_some()
                && value
                    .get(url.scheme().len()..)
                    .is_some_and(|rest| rest.starts_with("://")) =>
        {
            None
        }
        Ok(url) => Some(format!(
            "base_url `{value}` is a `{}:` address; {expected}",
            url.scheme()
        )),
        Err(e) => Some(format!("base_url `{value}` is not a URL ({e}); {expected}")),
    }
}

/// Folders, relative to the project root.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Paths {
    pub locales: PathBuf,
    pub templates: PathBuf,
    pub out: PathBuf,
    /// Where `out` is set in `fluentpress.toml` (`None`: the default), so that a refused
    /// `out` is reported at its line.
    #[serde(skip)]
    pub out_at: Option<crate::finding::location::Location>,
}

impl Default for Paths {
    fn default() -> Self {
        Paths {
            locales: "locales".into(),
            templates: "templates".into(),
            out: "out".into(),
            out_at: None,
        }
    }
}

/// `[paths]` as written, keeping where `out` is.
#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
struct RawPaths {
    locales: Option<PathBuf>,
    templates: Option<PathBuf>,
    #[schemars(with = "Option<PathBuf>")]
    out: Option<Spanned<PathBuf>>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawLocale {
    endonym: String,
    #[schemars(with = "Option<crate::project::schema::Direction>")]
    dir: Option<Direction>,
    #[schemars(with = "Option<Vec<String>>")]
    fallback: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    #[schemars(with = "Option<f64>", range(min = 0, max = 100))]
    required: Option<Spanned<f64>>,
    #[schemars(with = "Option<String>")]
    numbering: Option<Spanned<String>>,
    paper: Option<Paper>,
}

/// Paper sizes print pages and PDFs can use (CSS `@page { size }`).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, schemars::JsonSchema,
)]
pub enum Paper {
    A3,
    A4,
    A5,
    #[serde(rename = "letter")]
    Letter,
    #[serde(rename = "legal")]
    Legal,
}

impl Paper {
    /// The CSS `size` value.
    pub fn css(self) -> &'static str {
        match self {
            Paper::A3 => "A3",
            Paper::A4 => "A4",
            Paper::A5 => "A5",
            Paper::Letter => "letter",
            Paper::Legal => "legal",
        }
    }

    /// US Letter where the locale's region uses it (CLDR's paperSize data), A4 elsewhere.
    pub fn for_locale(langid: &LanguageIdentifier) -> Paper {
        const LETTER: &[&str] = &[
            "BZ", "CA", "CL", "CO", "CR", "GT", "MX", "NI", "PA", "PH", "PR", "SV", "US", "VE",
        ];
        match langid.region {
            Some(region) if LETTER.contains(&region.as_str()) => Paper::Letter,
            _ => Paper::A4,
        }
    }
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawPage {
    #[schemars(with = "String")]
    template: Spanned<String>,
    #[schemars(with = "Option<String>")]
    print_template: Option<Spanned<String>>,
    #[schemars(with = "Vec<String>")]
    resources: Vec<Spanned<String>>,
    #[schemars(with = "Option<String>")]
    output: Option<Spanned<String>>,
    #[schemars(with = "Option<String>")]
    print_output: Option<Spanned<String>>,
    #[schemars(with = "Option<String>")]
    pdf_output: Option<Spanned<String>>,
    #[serde(default = "default_min_translated")]
    #[schemars(with = "f64", range(min = 0, max = 100))]
    min_translated: Spanned<f64>,
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, bool>")]
    publish: BTreeMap<Spanned<String>, bool>,
    /// Bilingual print editions: pairs of locales, e.g. `[["ar", "en"]]`.
    #[serde(default)]
    #[schemars(with = "Vec<[String; 2]>")]
    bilingual: Vec<[Spanned<String>; 2]>,
    /// Show the stale-translation notice on this page; unset takes `[site] stale_notice`.
    #[serde(default, deserialize_with = "optional_switch")]
    stale_notice: Option<bool>,
}

/// What is wrong with `name` as an output file inside `out/<locale>/`, if anything: it
/// must stay inside that folder and end in `ending` after a non-empty name.
fn output_name_problem(name: &str, ending: &str) -> Option<String> {
    let path = Path::new(name);
    let escapes = path.is_absolute()
        || name.starts_with(['/', '\\'])
        || path
            .components()
            .any(|c| !matches!(c, std::path::Component::Normal(_)))
        || name.split(['/', '\\']).any(str::is_empty);
    if escapes {
        return Some("must be a file name inside out/<locale>/ (relative, no `..`)".into());
    }
    let file = path.file_name().and_then(|f| f.to_str()).unwrap_or("");
    match file.strip_suffix(ending) {
        Some(stem) if !stem.is_empty() => None,
        _ => Some(format!("must end in {ending} after a name")),
    }
}

fn default_min_translated() -> Spanned<f64> {
    Spanned::new(0..0, 80.0)
}

/// A locale as the rest of the pipeline sees it: tag parsed, direction and
/// fallback chain resolved.
#[derive(Debug, Clone)]
pub struct LocaleConfig {
    pub tag: String,
    pub langid: LanguageIdentifier,
    pub endonym: String,
    pub dir: Direction,
    /// Where a missing message is looked up, in order, ending with the source.
    pub fallback: Vec<String>,
    /// Completeness (percent) `check` demands; `None` means advisory.
    pub required: Option<f64>,
    /// CLDR numbering system overriding the locale's default (`latn`, `arab`…).
    pub numbering: Option<String>,
    /// Paper size of print pages and PDFs.
    pub paper: Paper,
}

#[derive(Debug, Clone)]
pub struct PageConfig {
    pub name: String,
    pub template: String,
    pub print_template: Option<String>,
    pub resources: Vec<String>,
    /// File name of the web page inside `out/<locale>/`.
    pub output: String,
    /// File name of the print page inside `out/<locale>/`.
    pub print_output: String,
    /// File name of the print page's PDF inside `out/<locale>/`; a bilingual edition
    /// with `en` is `<stem>.en.pdf` beside it.
    pub pdf_output: String,
    /// Share of the page's messages (percent) a locale needs to be published.
    pub min_translated: f64,
    /// Locales forced on (`true`) or off (`false`) regardless of readiness.
    pub publish: BTreeMap<String, bool>,
    /// Bilingual print editions, each a pair of locales.
    pub bilingual: Vec<[String; 2]>,
    /// Whether a locale's page says so when its translation is behind the source
    /// (the page's `stale_notice`, else `[site] stale_notice`).
    pub stale_notice: bool,
}

#[derive(Debug, Clone)]
pub struct Config {
    /// The folder holding `fluentpress.toml`; every path is relative to it.
    pub root: PathBuf,
    pub source_locale: String,
    /// Absolute site address used for canonical links, hreflang and the sitemap.
    pub base_url: String,
    pub paths: Paths,
    /// Source locale first, then the others by tag.
    pub locales: Vec<LocaleConfig>,
    pub pages: Vec<PageConfig>,
    pub check: CheckConfig,
    pub pdf: PdfConfig,
    pub limits: Limits,
}

impl Config {
    pub fn load(root: &Path) -> Result<Config, ConfigError> {
        let path = root.join(CONFIG_FILE);
        let text = std::fs::read_to_string(&path).map_err(|source| ConfigError::Read {
            path: path.clone(),
            source,
        })?;
        Config::parse(root, &path, &text)
    }

    pub fn parse(root: &Path, path: &Path, text: &str) -> Result<Config, ConfigError> {
        let lines = LineIndex::new(text);
        let invalid = |offset: usize, message: String| {
            let loc = lines.location(text, offset);
            ConfigError::Invalid {
                path: path.to_path_buf(),
                line: loc.line,
                column: loc.column,
                message,
                text: lines.line_text(text, loc.line).to_string(),
            }
        };
        // Before the full parse, which would reject an unknown code without
        // pointing at it; a file that is not TOML is left to that parse.
        let keys: SeverityKeys = toml::from_str(text).unwrap_or_default();
        check_severity_keys(&keys, |key: &Spanned<String>, message| {
            let loc = lines.location(text, key.span().start);
            let line = lines.line_text(text, loc.line);
            let width = text.get(key.span()).map_or(1, |k| k.chars().count().max(1));
            ConfigError::UnknownCode {
                path: path.to_path_buf(),
                line: loc.line,
                column: loc.column,
                message,
                text: line.to_string(),
                caret: caret(line, loc.column, width),
            }
        })?;

        let raw: RawConfig = toml::from_str(text).map_err(|e| {
            let offset = e.span().map_or(0, |s| s.start);
            invalid(offset, e.message().to_string())
        })?;

        let source = raw.source_locale.get_ref().clone();
        let mut locales = Vec::new();
        for (key, raw_locale) in &raw.locales {
            let tag = key.get_ref();
            let langid: LanguageIdentifier = tag.parse().map_err(|_| {
                invalid(
                    key.span().start,
                    format!(
                        "`{tag}` is not a valid BCP 47 locale tag{}",
                        suggest_tag(tag)
                    ),
                )
            })?;
            let canonical = langid.to_string();
            if &canonical != tag {
                return Err(invalid(
                    key.span().start,
                    format!(
                        "locale tag `{tag}` is not in canonical form (did you mean `{canonical}`?)"
                    ),
                ));
            }
            if let Some(required) = &raw_locale.required {
                check_percent(required).map_err(|m| invalid(required.span().start, m))?;
            }
            let fallback = match &raw_locale.fallback {
                Some(chain) => {
                    for entry in chain {
                        if !raw.locales.keys().any(|k| k.get_ref() == entry.get_ref()) {
                            return Err(invalid(
                                entry.span().start,
                                format!(
                                    "fallback `{}` is not a configured locale",
                                    entry.get_ref()
                                ),
                            ));
                        }
                    }
                    let mut chain: Vec<String> =
                        chain.iter().map(|e| e.get_ref().clone()).collect();
                    if tag != &source && !chain.contains(&source) {
                        chain.push(source.clone());
                    }
                    chain
                }
                None => default_fallback(&langid, &source, |t| {
                    raw.locales.keys().any(|k| k.get_ref() == t)
                }),
            };
            if let Some(nu) = &raw_locale.numbering {
                crate::intl::LocaleFormats::new(&langid, Some(nu.get_ref())).map_err(|e| {
                    invalid(
                        nu.span().start,
                        format!("numbering: {e} (try \"latn\" or \"arab\")"),
                    )
                })?;
            }
            let paper = raw_locale
                .paper
                .unwrap_or_else(|| Paper::for_locale(&langid));
            locales.push(LocaleConfig {
                tag: tag.clone(),
                endonym: raw_locale.endonym.clone(),
                dir: raw_locale
                    .dir
                    .unwrap_or_else(|| crate::intl::direction(&langid)),
                langid,
                fallback,
                required: raw_locale.required.as_ref().map(|r| *r.get_ref()),
                numbering: raw_locale.numbering.as_ref().map(|n| n.get_ref().clone()),
                paper,
            });
        }
        if !locales.iter().any(|l| l.tag == source) {
            return Err(invalid(
                raw.source_locale.span().start,
                format!("the source locale `{source}` has no [locales.{source}] table"),
            ));
        }
        locales.sort_by_key(|l| (l.tag != source, l.tag.clone()));

        let mut pages = Vec::new();
        for (key, page) in raw.pages {
            let name = key.get_ref().clone();
            // The name becomes the default output file names inside out/<locale>/.
            if name.is_empty()
                || name.starts_with('.')
                || name.contains(['/', '\\'])
                || name.chars().any(char::is_control)
            {
                return Err(invalid(
                    key.span().start,
                    format!("page name `{name}` names its output files: it must be a plain name, without `/`, `\\` or a leading `.`"),
                ));
            }
            check_percent(&page.min_translated)
                .map_err(|m| invalid(page.min_translated.span().start, m))?;
            let mut publish = BTreeMap::new();
            for (tag, on) in page.publish {
                if !locales.iter().any(|l| &l.tag == tag.get_ref()) {
                    return Err(invalid(
                        tag.span().start,
                        format!("`{}` is not a configured locale", tag.get_ref()),
                    ));
                }
                publish.insert(tag.into_inner(), on);
            }
            let mut bilingual = Vec::new();
            for [a, b] in page.bilingual {
                for tag in [&a, &b] {
                    if !locales.iter().any(|l| &l.tag == tag.get_ref()) {
                        return Err(invalid(
                            tag.span().start,
                            format!("`{}` is not a configured locale", tag.get_ref()),
                        ));
                    }
                }
                bilingual.push([a.into_inner(), b.into_inner()]);
            }
            // Output names are files inside out/<locale>/; a PDF's ends in .pdf.
            let key_at = key.span().start;
            let file_name =
                |key: &str, value: Option<Spanned<String>>, default: String, ending: &str| {
                    let Some(value) = value else {
                        return match output_name_problem(&default, ending) {
                            Some(problem) => Err(invalid(
                                key_at,
                                format!("{key} `{default}` (from the page name) {problem}"),
                            )),
                            None => Ok(default),
                        };
                    };
                    match output_name_problem(value.get_ref(), ending) {
                        Some(problem) => Err(invalid(
                            value.span().start,
                            format!("{key} `{}` {problem}", value.get_ref()),
                        )),
                        None => Ok(value.into_inner()),
                    }
                };
            if let (Some(pdf), None) = (&page.pdf_output, &page.print_template) {
                return Err(invalid(
                    pdf.span().start,
                    "pdf_output needs a print_template: the PDF is printed from the print page"
                        .into(),
                ));
            }
            let output = file_name("output", page.output, format!("{name}.html"), "")?;
            let print_output = file_name(
                "print_output",
                page.print_output,
                format!("{name}.print.html"),
                "",
            )?;
            let pdf_output =
                file_name("pdf_output", page.pdf_output, format!("{name}.pdf"), ".pdf")?;
            // A typo here would publish every locale with raw ids as text: the
            // files and templates a page names must exist.
            let source_dir = root
                .join(
                    raw.paths
                        .locales
                        .clone()
                        .unwrap_or(Paths::default().locales),
                )
                .join(&source);
            for resource in &page.resources {
                if !source_dir.join(resource.get_ref()).is_file() {
                    return Err(invalid(
                        resource.span().start,
                        format!(
                            "resource `{}` does not exist in {} (page `{name}`): a page would show raw message ids",
                            resource.get_ref(),
                            source_dir.display()
                        ),
                    ));
                }
            }
            let templates_dir = root.join(
                raw.paths
                    .templates
                    .clone()
                    .unwrap_or(Paths::default().templates),
            );
            for template in std::iter::once(&page.template).chain(&page.print_template) {
                if !templates_dir.join(template.get_ref()).is_file() {
                    return Err(invalid(
                        template.span().start,
                        format!(
                            "template `{}` does not exist in {} (page `{name}`)",
                            template.get_ref(),
                            templates_dir.display()
                        ),
                    ));
                }
            }
            pages.push(PageConfig {
                output,
                pdf_output,
                print_output,
                template: page.template.into_inner(),
                print_template: page.print_template.map(Spanned::into_inner),
                resources: page
                    .resources
                    .into_iter()
                    .map(Spanned::into_inner)
                    .collect(),
                min_translated: *page.min_translated.get_ref(),
                publish,
                bilingual,
                stale_notice: page.stale_notice.unwrap_or(raw.site.stale_notice),
                name,
            });
        }

        if let Some(problem) = base_url_problem(raw.base_url.get_ref()) {
            return Err(invalid(raw.base_url.span().start, problem));
        }
        let mut base_url = raw.base_url.into_inner();
        if !base_url.ends_with('/') {
            base_url.push('/');
        }
        let defaults = Paths::default();
        let paths = Paths {
            locales: raw.paths.locales.unwrap_or(defaults.locales),
            templates: raw.paths.templates.unwrap_or(defaults.templates),
            out_at: raw
                .paths
                .out
                .as_ref()
                .map(|out| lines.location(text, out.span().start)),
            out: raw.paths.out.map_or(defaults.out, Spanned::into_inner),
        };
        Ok(Config {
            root: root.to_path_buf(),
            source_locale: source,
            base_url,
            paths,
            locales,
            pages,
            check: raw.check,
            pdf: raw.pdf,
            limits: raw.limits,
        })
    }

    /// `[check] markup`, or the default for this project: a project without pages
    /// renders its messages with its own code, which decides what markup means.
    pub fn markup_policy(&self) -> MarkupPolicy {
        self.check.markup.unwrap_or(if self.pages.is_empty() {
            MarkupPolicy::Parity
        } else {
            MarkupPolicy::AllowList
        })
    }

    /// `[check] variables`, or the default for this project: without pages, the
    /// project's code passes the variables.
    pub fn variable_source(&self) -> VariableSource {
        self.check.variables.unwrap_or(if self.pages.is_empty() {
            VariableSource::Code
        } else {
            VariableSource::Templates
        })
    }

    pub fn locale(&self, tag: &str) -> Option<&LocaleConfig> {
        self.locales.iter().find(|l| l.tag == tag)
    }

    pub fn locales_dir(&self) -> PathBuf {
        self.root.join(&self.paths.locales)
    }

    pub fn templates_dir(&self) -> PathBuf {
        self.root.join(&self.paths.templates)
    }

    pub fn out_dir(&self) -> PathBuf {
        self.root.join(&self.paths.out)
    }
}

/// Every `[check.severity]` key must name a finding code: a typo there
/// would leave the code at its default without a word.
fn check_severity_keys(
    keys: &SeverityKeys,
    unknown: impl Fn(&Spanned<String>, String) -> ConfigError,
) -> Result<(), ConfigError> {
    let Some(check) = &keys.check else {
        return Ok(());
    };
    for key in check.severity.keys() {
        match key.get_ref().parse::<Code>() {
            Ok(_) => {}
            Err(e) => {
                let hint = match e.suggestion {
                    Some(code) => format!(" (did you mean `{code}`?)"),
                    None => String::new(),
                };
                let message = format!(
                    "`{}` in [check.severity] is not a finding code{hint}",
                    key.get_ref()
                );
                return Err(unknown(key, message));
            }
        }
    }
    Ok(())
}

/// Carets under `width` characters from `column` of `line`, tabs kept so
/// that they line up under the text as shown.
fn caret(line: &str, column: usize, width: usize) -> String {
    let pad: String = line
        .chars()
        .take(column.saturating_sub(1))
        .map(|c| if c == '\t' { '\t' } else { ' ' })
        .collect();
    format!("{pad}{}", "^".repeat(width))
}

fn check_percent(value: &Spanned<f64>) -> Result<(), String> {
    let v = *value.get_ref();
    if (0.0..=100.0).contains(&v) {
        Ok(())
    } else {
        Err(format!("{v} is not a percentage between 0 and 100"))
    }
}

/// `pt-BR → pt → en`: every shorter form of the tag that is configured, then the source.
pub fn default_fallback(
    langid: &LanguageIdentifier,
    source: &str,
    configured: impl Fn(&str) -> bool,
) -> Vec<String> {
    let tag = langid.to_string();
    let mut chain = Vec::new();
    let mut parts: Vec<&str> = tag.split('-').collect();
    while parts.len() > 1 {
        parts.pop();
        let parent = parts.join("-");
        if configured(&parent) && parent != source {
            chain.push(parent);
        }
    }
    if tag != source {
        chain.push(source.to_string());
    }
    chain
}

/// "did you mean pt-BR?" for the common `pt_br` / `PT-br` slips.
pub fn suggest_tag(tag: &str) -> String {
    let guess = tag.replace('_', "-");
    match guess.parse::<LanguageIdentifier>() {
        Ok(id) if id != tag => format!(" (did you mean `{id}`?)"),
        _ => String::new(),
    }
}

/// What a folder's name says about it as a locale folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FolderName {
    /// A tag as fluentpress writes it (`fr`, `pt-BR`).
    Locale,
    /// A locale written otherwise (`pt_BR`, `PT-br`): the tag meant.
    Misspelt(String),
    /// No language tag (`docs`, `shared`: a language subtag of four or more letters
    /// parses, but names no language).
    Other,
}

impl FolderName {
    pub fn of(name: &str) -> FolderName {
        match name.replace('_', "-").parse::<LanguageIdentifier>() {
            Ok(id) if id.language.as_str().len() > 3 => FolderName::Other,
            Ok(id) if id == name => FolderName::Locale,
            Ok(id) => FolderName::Misspelt(id.to_string()),
            Err(_) => FolderName::Other,
        }
    }
}

/// Adds `[locales.<tag>]` to `fluentpress.toml`, keeping the file's own
/// formatting and comments.
pub fn register_locale(
    root: &Path,
    tag: &str,
    endonym: &str,
    dir: Direction,
    fallback: &[String],
) -> Result<(), ConfigError> {
    let path = root.join(CONFIG_FILE);
    let text = std::fs::read_to_string(&path).map_err(|source| ConfigError::Read {
        path: path.clone(),
        source,
    })?;
    let mut doc: toml_edit::DocumentMut = text.parse().map_err(|e: toml_edit::TomlError| {
        let offset = e.span().map_or(0, |s| s.start);
        let loc = LineIndex::new(&text).location(&text, offset);
        ConfigError::Invalid {
            path: path.clone(),
            line: loc.line,
            column: loc.column,
            message: e.message().to_string(),
            text: LineIndex::new(&text).line_text(&text, loc.line).to_string(),
        }
    })?;
    let locales = doc
        .entry("locales")
        .or_insert_with(|| {
            let mut t = toml_edit::Table::new();
            t.set_implicit(true);
            toml_edit::Item::Table(t)
        })
        .as_table_mut()
        .ok_or_else(|| ConfigError::Invalid {
            path: path.clone(),
            line: 1,
            column: 1,
            message: "`locales` must be a table".into(),
            text: String::new(),
        })?;
    let mut table = toml_edit::Table::new();
    table["endonym"] = toml_edit::value(endonym);
    if dir == Direction::Rtl {
        table["dir"] = toml_edit::value("rtl");
    }
    let mut chain = toml_edit::Array::new();
    for t in fallback {
        chain.push(t.as_str());
    }
    table["fallback"] = toml_edit::value(chain);
    locales.insert(tag, toml_edit::Item::Table(table));
    crate::project::process::write_replacing(&path, doc.to_string())
        .map_err(|source| ConfigError::Read { path, source })
}

#[cfg(test)]
mod tests {
    use super::{output_name_problem, FolderName};

    #[test]
    fn folder_names_that_are_not_locales() {
        for good in ["fr", "pt-BR", "zh-Hant", "sr-Latn", "es-419", "hy-AM"] {
            assert_eq!(FolderName::of(good), FolderName::Locale, "{good}");
        }
        assert_eq!(
            FolderName::of("en_GB"),
            FolderName::Misspelt("en-GB".into())
        );
        assert_eq!(
            FolderName::of("PT-br"),
            FolderName::Misspelt("pt-BR".into())
        );
        for other in ["docs", "shared", "templates", "ja-JP-mac", "1", "x"] {
            assert_eq!(FolderName::of(other), FolderName::Other, "{other}");
        }
    }

    #[test]
    fn output_names_stay_inside_the_locale_folder() {
        for good in ["about.pdf", "leaflets/about.pdf", "a.b.pdf"] {
            assert_eq!(output_name_problem(good, ".pdf"), None, "{good}");
        }
        for bad in [
            "../about.pdf",
            "../../escaped.pdf",
            "/tmp/about.pdf",
            "a/../../b.pdf",
            "./about.pdf",
            "a//b.pdf",
            "",
        ] {
            assert!(output_name_problem(bad, ".pdf").is_some(), "{bad:?}");
        }
        assert!(output_name_problem(".pdf", ".pdf").is_some(), "no name");
        assert!(output_name_problem("about.html", ".pdf").is_some());
        assert_eq!(output_name_problem("index.htm", ""), None);
    }
}
