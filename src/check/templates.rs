//! Which message ids the templates use: the `t(…)`, `t_markup(…)`,
//! `t_plain(…)` and `css_page_counter(…)` calls in minijinja's own syntax
//! tree, so a call inside a `{# comment #}` or a `{% raw %}` block is no use.
//!
//! An id given as a string literal is checked against the source; one built
//! at run time (a variable, a concatenation) is reported as such, never guessed.

use crate::finding::location::LineIndex;
use crate::project::walk::Walk;
use minijinja::machinery::ast::{CallArg, Expr, Stmt};
use minijinja::machinery::{parse, Span};
use minijinja::syntax::SyntaxConfig;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// One call of a translation function in a template.
#[derive(Debug, Clone)]
pub struct TemplateCall {
    pub file: PathBuf,
    pub line: usize,
    pub column: usize,
    pub line_text: String,
    /// The literal id, or `None` when it is built at run time.
    pub id: Option<String>,
    /// The expression given instead of a literal.
    pub expression: String,
}

const FUNCTIONS: &[&str] = &["t", "t_markup", "t_plain", "css_page_counter"];

pub fn scan_templates(dir: &Path, shown_root: &Path) -> Vec<TemplateCall> {
    // Unreadable entries were passed over before the walk was shared; the
    // renderer reports them when it loads the same templates.
    let files = Walk::new(dir).run().files;
    let mut calls = Vec::new();
    for path in files
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
    {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let shown = path.strip_prefix(shown_root).unwrap_or(&path).to_path_buf();
        calls.extend(scan_text(&text, &shown));
    }
    calls
}

/// The translation calls of one template, in source order. A template
/// minijinja cannot parse (which `build` reports with its line) is scanned
/// as text instead, so `check` still sees the ids it uses.
pub fn scan_text(text: &str, file: &Path) -> Vec<TemplateCall> {
    scan_parsed(text, file).0
}

/// [`scan_text`], with what the syntax tree names: the literal template names and
/// whether one is named at run time (`None` when minijinja cannot parse it).
fn scan_parsed(text: &str, file: &Path) -> (Vec<TemplateCall>, Option<(Vec<String>, bool)>) {
    let name = file.to_string_lossy();
    let Ok(template) = parse(text, &name, SyntaxConfig::default()) else {
        return (scan_lexically(text, file), None);
    };
    let mut found = Found::default();
    found.stmt(&template);
    found.calls.sort_by_key(|call| call.offset);
    let lines = LineIndex::new(text);
    let named = Some((found.templates, found.dynamic_templates));
    let calls = found
        .calls
        .into_iter()
        .map(|call| {
            let loc = lines.location(text, call.offset);
            let expression = text.get(call.offset..call.end).unwrap_or("");
            TemplateCall {
                file: file.to_path_buf(),
                line: loc.line,
                column: loc.column,
                line_text: lines.line_text(text, loc.line).to_string(),
                id: call.id,
                expression: expression.trim().to_string(),
            }
        })
        .collect();
    (calls, named)
}

/// The templates a template pulls in by a literal name (`extends`,
/// `include`, `import`), in source order: what else a page built from it
/// shows. A template minijinja cannot parse names none.
pub fn referenced_templates(text: &str, file: &Path) -> Vec<String> {
    let name = file.to_string_lossy();
    let Ok(template) = parse(text, &name, SyntaxConfig::default()) else {
        return Vec::new();
    };
    let mut found = Found::default();
    found.stmt(&template);
    found.templates
}

/// What a page's templates use, followed through every template they extend,
/// include or import.
#[derive(Debug, Default, Clone)]
pub struct TemplateUses {
    /// Every template reached, the page's own included.
    pub templates: BTreeSet<String>,
    /// The literal message ids of the translation calls (`title` for `title.alt`).
    pub ids: BTreeSet<String>,
    /// A call builds its id at run time: any message could be shown.
    pub dynamic_ids: bool,
    /// A template is named at run time: any template could be used.
    pub dynamic_templates: bool,
}

/// [`TemplateUses`] of pages, each template of `dir` read and parsed once
/// however many pages use it; a template that cannot be read uses nothing
/// (`build` reports it).
pub struct TemplateScanner {
    dir: PathBuf,
    scanned: BTreeMap<String, TemplateUses>,
}

impl TemplateScanner {
    pub fn new(dir: &Path) -> TemplateScanner {
        TemplateScanner {
            dir: dir.to_path_buf(),
            scanned: BTreeMap::new(),
        }
    }

    /// What `roots` (a page's templates) and everything they pull in use.
    pub fn uses(&mut self, roots: impl IntoIterator<Item = String>) -> TemplateUses {
        let mut out = TemplateUses::default();
        let mut todo: Vec<String> = roots.into_iter().collect();
        while let Some(name) = todo.pop() {
            if !out.templates.insert(name.clone()) {
                continue;
            }
            let dir = &self.dir;
            let one = self
                .scanned
                .entry(name.clone())
                .or_insert_with(|| scan_one(dir, &name));
            todo.extend(one.templates.iter().cloned());
            out.ids.extend(one.ids.iter().cloned());
            out.dynamic_ids |= one.dynamic_ids;
            out.dynamic_templates |= one.dynamic_templates;
        }
        out
    }
}

/// One template's own uses; `templates` holds the templates it names, not itself.
fn scan_one(dir: &Path, name: &str) -> TemplateUses {
    let Ok(text) = std::fs::read_to_string(dir.join(name)) else {
        return TemplateUses::default();
    };
    let (calls, named) = scan_parsed(&text, Path::new(name));
    let (templates, dynamic_templates) = named.unwrap_or_default();
    TemplateUses {
        templates: templates.into_iter().collect(),
        ids: calls
            .iter()
            .filter_map(|call| call.id.as_deref())
            .map(|id| id.split_once('.').map_or(id, |(m, _)| m).to_string())
            .collect(),
        dynamic_ids: calls.iter().any(|call| call.id.is_none()),
        dynamic_templates,
    }
}

/// The translation calls of a syntax tree, as found.
#[derive(Default)]
struct Found {
    calls: Vec<FoundCall>,
    /// Template names given as literals to extends, include and import.
    templates: Vec<String>,
    /// A template named by anything but a literal (`include page ~ '.html'`).
    dynamic_templates: bool,
}

/// Where a call's first argument is (byte offsets), and the id when that
/// argument is a string literal.
struct FoundCall {
    offset: usize,
    end: usize,
    id: Option<String>,
}

impl Found {
    fn stmts(&mut self, stmts: &[Stmt]) {
        for s in stmts {
            self.stmt(s);
        }
    }

    fn stmt(&mut self, stmt: &Stmt) {
        match stmt {
            Stmt::Template(t) => self.stmts(&t.children),
            Stmt::EmitExpr(e) => self.expr(&e.expr),
            Stmt::EmitRaw(_) | Stmt::Continue(_) | Stmt::Break(_) => {}
            Stmt::ForLoop(f) => {
                self.expr(&f.target);
                self.expr(&f.iter);
                self.exprs(f.filter_expr.iter());
                self.stmts(&f.body);
                self.stmts(&f.else_body);
            }
            Stmt::IfCond(i) => {
                self.expr(&i.expr);
                self.stmts(&i.true_body);
                self.stmts(&i.false_body);
            }
            Stmt::WithBlock(w) => {
                for (target, value) in &w.assignments {
                    self.expr(target);
                    self.expr(value);
                }
                self.stmts(&w.body);
            }
            Stmt::Set(s) => {
                self.expr(&s.target);
                self.expr(&s.expr);
            }
            Stmt::SetBlock(s) => {
                self.expr(&s.target);
                self.exprs(s.filter.iter());
                self.stmts(&s.body);
            }
            Stmt::AutoEscape(a) => {
                self.expr(&a.enabled);
                self.stmts(&a.body);
            }
            Stmt::FilterBlock(f) => {
                self.expr(&f.filter);
                self.stmts(&f.body);
            }
            Stmt::Block(b) => self.stmts(&b.body),
            Stmt::Import(i) => {
                self.template_name(&i.expr);
                self.expr(&i.expr);
                self.expr(&i.name);
            }
            Stmt::FromImport(i) => {
                self.template_name(&i.expr);
                self.expr(&i.expr);
                for (name, alias) in &i.names {
                    self.expr(name);
                    self.exprs(alias.iter());
                }
            }
            Stmt::Extends(e) => {
                self.template_name(&e.name);
                self.expr(&e.name)
            }
            Stmt::Include(i) => {
                self.template_name(&i.name);
                self.expr(&i.name)
            }
            Stmt::Macro(m) => {
                self.exprs(m.args.iter().chain(&m.defaults));
                self.stmts(&m.body);
            }
            Stmt::CallBlock(c) => {
                self.call(&c.call.expr, &c.call.args, c.call.span());
                self.exprs(c.macro_decl.args.iter().chain(&c.macro_decl.defaults));
                self.stmts(&c.macro_decl.body);
            }
            Stmt::Do(d) => self.call(&d.call.expr, &d.call.args, d.call.span()),
        }
    }

    /// A literal template name, or each of a literal list (`include [a, b]`).
    fn template_name(&mut self, name: &Expr) {
        match name {
            Expr::Const(c) => self.templates.extend(c.value.as_str().map(str::to_owned)),
            Expr::List(l) => {
                for item in &l.items {
                    self.template_name(item);
                }
            }
            _ => self.dynamic_templates = true,
        }
    }

    fn exprs<'e, 'a: 'e>(&mut self, exprs: impl Iterator<Item = &'e Expr<'a>>) {
        for e in exprs {
            self.expr(e);
        }
    }

    fn args(&mut self, args: &[CallArg]) {
        for arg in args {
            self.expr(arg_expr(arg));
        }
    }

    fn expr(&mut self, expr: &Expr) {
        match expr {
            Expr::Var(_) | Expr::Const(_) => {}
            Expr::Slice(s) => {
                self.expr(&s.expr);
                self.exprs(s.start.iter().chain(&s.stop).chain(&s.step));
            }
            Expr::UnaryOp(u) => self.expr(&u.expr),
            Expr::BinOp(b) => {
                self.expr(&b.left);
                self.expr(&b.right);
            }
            Expr::Compare(c) => {
                self.expr(&c.expr);
                self.exprs(c.ops.iter().map(|op| &op.expr));
            }
            Expr::IfExpr(i) => {
                self.expr(&i.test_expr);
                self.expr(&i.true_expr);
                self.exprs(i.false_expr.iter());
            }
            Expr::Filter(f) => {
                self.exprs(f.expr.iter());
                self.args(&f.args);
            }
            Expr::Test(t) => {
                self.expr(&t.expr);
                self.args(&t.args);
            }
            Expr::GetAttr(g) => self.expr(&g.expr),
            Expr::GetItem(g) => {
                self.expr(&g.expr);
                self.expr(&g.subscript_expr);
            }
            Expr::Call(c) => self.call(&c.expr, &c.args, c.span()),
            Expr::List(l) => self.exprs(l.items.iter()),
            Expr::Tuple(t) => self.exprs(t.items.iter()),
            Expr::Map(m) => self.exprs(m.keys.iter().chain(&m.values)),
        }
    }

    /// Records a call of a translation function by its plain name (not
    /// `x.t(…)`), then looks for more calls in its callee and arguments.
    fn call(&mut self, callee: &Expr, args: &[CallArg], span: Span) {
        if matches!(callee, Expr::Var(v) if FUNCTIONS.contains(&v.id)) {
            self.calls.push(match args.first() {
                Some(arg) => {
                    let e = arg_expr(arg);
                    let span = e.span();
                    let id = match (arg, e) {
                        (CallArg::Pos(_), Expr::Const(c)) => c.value.as_str().map(str::to_owned),
                        _ => None,
                    };
                    FoundCall {
                        offset: span.start_offset as usize,
                        end: span.end_offset as usize,
                        id,
                    }
                }
                // `t()`: shown at its closing parenthesis, as nothing given.
                None => {
                    let end = (span.end_offset as usize).saturating_sub(1);
                    FoundCall {
                        offset: end,
                        end,
                        id: None,
                    }
                }
            });
        }
        self.expr(callee);
        self.args(args);
    }
}

fn arg_expr<'e, 'a>(arg: &'e CallArg<'a>) -> &'e Expr<'a> {
    match arg {
        CallArg::Pos(e) | CallArg::Kwarg(_, e) | CallArg::PosSplat(e) | CallArg::KwargSplat(e) => e,
    }
}

/// The scan for templates minijinja cannot parse: every `name(` of a
/// translation function in the text, comments included.
fn scan_lexically(text: &str, file: &Path) -> Vec<TemplateCall> {
    let lines = LineIndex::new(text);
    let bytes = text.as_bytes();
    let mut calls = Vec::new();
    for (start, _) in text.match_indices('(') {
        let name_start = text[..start]
            .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .map_or(0, |i| i + 1);
        let name = &text[name_start..start];
        if !FUNCTIONS.contains(&name) || (name_start > 0 && bytes[name_start - 1] == b'.') {
            continue;
        }
        let rest = text[start + 1..].trim_start();
        let arg_at = text.len() - rest.len();
        let end = rest.find([',', ')']).unwrap_or(rest.len());
        let expression = rest[..end].trim().to_string();
        let id = literal(&expression);
        let loc = lines.location(text, arg_at);
        calls.push(TemplateCall {
            file: file.to_path_buf(),
            line: loc.line,
            column: loc.column,
            line_text: lines.line_text(text, loc.line).to_string(),
            id,
            expression,
        });
    }
    calls
}

fn literal(expression: &str) -> Option<String> {
    let quote = expression
        .chars()
        .next()
        .filter(|c| *c == '"' || *c == '\'')?;
    let inner = expression.strip_prefix(quote)?.strip_suffix(quote)?;
    (!inner.contains(quote)).then(|| inner.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_literal_and_dynamic_ids() {
        let calls = scan_text(
            "<p>{{ t('a-b', n=1) }}</p>\n{{ t_markup(\"c.d\") }} {{ t(name) }} {{ x.t('no') }} {{ it('no') }}",
            Path::new("x.html"),
        );
        let ids: Vec<Option<&str>> = calls.iter().map(|c| c.id.as_deref()).collect();
        assert_eq!(ids, vec![Some("a-b"), Some("c.d"), None]);
        assert_eq!((calls[1].line, calls[1].column), (2, 13));
        assert_eq!(calls[2].expression, "name");
    }

    #[test]
    fn comments_and_raw_blocks_are_not_calls() {
        let text = "{# t('old-id') #}{% raw %}{{ t('raw') }}{% endraw %}\n\
                    {{ t('a' ~ x, n=t_plain('b')) }}{% set y = t() %}";
        let calls = scan_text(text, Path::new("x.html"));
        let found: Vec<(Option<&str>, &str, usize, usize)> = calls
            .iter()
            .map(|c| (c.id.as_deref(), c.expression.as_str(), c.line, c.column))
            .collect();
        assert_eq!(
            found,
            [
                (None, "'a' ~ x", 2, 6),
                (Some("b"), "'b'", 2, 25),
                (None, "", 2, 46),
            ]
        );
    }

    #[test]
    fn a_template_minijinja_cannot_parse_is_scanned_as_text() {
        let calls = scan_text("{{ t('a') }} {% if %}", Path::new("x.html"));
        let ids: Vec<Option<&str>> = calls.iter().map(|c| c.id.as_deref()).collect();
        assert_eq!(ids, [Some("a")]);
    }
}
