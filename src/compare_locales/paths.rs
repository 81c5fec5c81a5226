//! Path patterns (compare-locales' `Matcher`): `*`, `**` and `{var}` in
//! `[[paths]]`, `[[filters]]` and includes, expanded and matched against
//! absolute `/`-separated paths; and the path arithmetic of Python's
//! `os.path` that compare-locales relies on.

use std::collections::BTreeMap;
use std::path::Path;

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

/// Lexical normalisation of a `/`-separated absolute path (`os.path.normpath`).
pub(super) fn normpath(path: &str) -> String {
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

pub(super) fn path_str(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

pub(super) fn absolute(path: &Path) -> String {
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
}
