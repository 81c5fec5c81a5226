//! Keys of `[[filters]]`: an exact message id, or `re:` + a Python regular
//! expression, which compare-locales applies with `re.match`.
//!
//! The expression runs on `fancy-regex`: compare-locales configs use
//! look-ahead (`re:^(?!keep-)…`), which the `regex` crate lacks. An
//! expression without look-around or backreferences is handed whole to the
//! `regex` crate's linear-time engine, so `(a|aa)*b` cannot blow up.
//!
//! Python syntax the engines read differently is rewritten first (see
//! [`translate`]); what neither reads is an error naming the key.

/// A filter key: an exact id, or (`re:`) a regular expression matched at the
/// start of the id, as Python's `re.match` does.
#[derive(Debug, Clone)]
pub enum KeyMatcher {
    Exact(String),
    Regex(fancy_regex::Regex),
}

impl KeyMatcher {
    pub fn parse(key: &str) -> Result<KeyMatcher, String> {
        let Some(source) = key.strip_prefix("re:") else {
            return Ok(KeyMatcher::Exact(key.to_string()));
        };
        // `\A` and not `^`: `re.match` anchors at the start of the string
        // whatever the flags, and not at the end.
        let anchored = format!(r"\A(?:{})", translate(source));
        fancy_regex::Regex::new(&anchored)
            .map(KeyMatcher::Regex)
            .map_err(|e| {
                format!("filter key `{key}` is not a regular expression fluentpress can read: {e}")
            })
    }

    pub fn matches(&self, id: &str) -> bool {
        match self {
            KeyMatcher::Exact(k) => k == id,
            // An error here is fancy-regex giving up after its backtracking
            // limit on a look-around pattern: Python would still be
            // searching, and a rule that cannot decide does not apply.
            KeyMatcher::Regex(re) => re.is_match(id).unwrap_or(false),
        }
    }
}

/// Python `re` syntax rewritten where the `regex`/`fancy-regex` syntax reads
/// the same text differently:
///
/// - `{` that does not start a quantifier is a literal in Python, an error
///   here; `{,n}` means `{0,n}`;
/// - `\Z` is Python's end of string (`\z` here);
/// - `(?#…)` is a comment;
/// - in a class, `[` is a literal (a nested class here) and `&&`, `--`, `~~`
///   are literals (set operations here).
///
/// `$` is left alone: Python's also matches before a final newline, which
/// no Fluent message id has. `\d`, `\w` and `\s` are Unicode in both
/// (`\d` is the decimal digits, Nd: `½` is not one).
pub(super) fn translate(python: &str) -> String {
    let chars: Vec<char> = python.chars().collect();
    let mut out = String::with_capacity(python.len() + 8);
    let mut i = 0;
    let mut in_class = false;
    while i < chars.len() {
        let c = chars[i];
        if c == '\\' {
            match chars.get(i + 1) {
                Some('Z') if !in_class => out.push_str(r"\z"),
                Some(&next) => {
                    out.push('\\');
                    out.push(next);
                }
                // A trailing backslash: left for the engine to reject.
                None => out.push('\\'),
            }
            i += 2;
            continue;
        }
        if in_class {
            match c {
                ']' => {
                    in_class = false;
                    out.push(']');
                }
                '[' | '&' | '~' => {
                    out.push('\\');
                    out.push(c);
                }
                '-' if chars.get(i + 1) == Some(&'-') => out.push_str(r"\-"),
                c => out.push(c),
            }
            i += 1;
            continue;
        }
        match c {
            '[' => {
                in_class = true;
                out.push('[');
                i += 1;
                if chars.get(i) == Some(&'^') {
                    out.push('^');
                    i += 1;
                }
                // A `]` first in a class is itself.
                if chars.get(i) == Some(&']') {
                    out.push_str(r"\]");
                    i += 1;
                }
                continue;
            }
            '{' => match quantifier(&chars[i..]) {
                Some((text, len)) => {
                    out.push_str(&text);
                    i += len;
                    continue;
                }
                None => out.push_str(r"\{"),
            },
            '}' => out.push_str(r"\}"),
            '(' if chars.get(i + 1) == Some(&'?') && chars.get(i + 2) == Some(&'#') => {
                match chars[i..].iter().position(|&c| c == ')') {
                    Some(end) => {
                        i += end + 1;
                        continue;
                    }
                    // An unclosed comment: left for the engine to reject.
                    None => out.push('('),
                }
            }
            c => out.push(c),
        }
        i += 1;
    }
    out
}

/// `{m}`, `{m,}`, `{,n}` or `{m,n}` at the start of `chars`: its text for
/// the engine and its length in characters.
fn quantifier(chars: &[char]) -> Option<(String, usize)> {
    let close = chars.iter().position(|&c| c == '}')?;
    let inner: String = chars[1..close].iter().collect();
    let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    let (min, max) = match inner.split_once(',') {
        Some((min, max)) => (min, Some(max)),
        None => (inner.as_str(), None),
    };
    if !digits(min) || !max.is_none_or(digits) || (min.is_empty() && max.is_none_or(str::is_empty))
    {
        return None;
    }
    let min = if min.is_empty() { "0" } else { min };
    let text = match max {
        None => format!("{{{min}}}"),
        Some(max) => format!("{{{min},{max}}}"),
    };
    Some((text, close + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn re(pattern: &str) -> KeyMatcher {
        KeyMatcher::parse(&format!("re:{pattern}")).unwrap()
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
        assert!(re("a.*?b$").matches("axxbyyb"));
    }

    #[test]
    fn keys_match_at_the_start_only_like_re_match() {
        let k = re("abc");
        assert!(k.matches("abc"));
        assert!(k.matches("abcdef"));
        assert!(!k.matches("xabc"));
        // The anchor holds for every branch, not only the first.
        let k = re("x|abc");
        assert!(k.matches("abc-label"));
        assert!(!k.matches("zabc"));
        assert!(re(r"ab\Z").matches("ab"));
        assert!(!re(r"ab\Z").matches("abc"));
    }

    #[test]
    fn digits_are_unicode_decimal_digits_only() {
        let k = re(r"n\d$");
        assert!(k.matches("n7"));
        assert!(k.matches("n٣"), "Arabic-Indic three is Nd");
        assert!(!k.matches("n½"), "a vulgar fraction is No, not Nd");
        assert!(!re(r"[\d]").matches("½"));
    }

    #[test]
    fn nested_alternation_under_a_star_is_linear() {
        let long = "a".repeat(5000);
        let start = std::time::Instant::now();
        assert!(!re("(a|aa)*b").matches(&long));
        assert!(re("(a|aa)*b").matches(&format!("{long}b")));
        // With look-ahead the pattern leaves the linear engine; fancy-regex's
        // backtracking limit still ends it.
        assert!(!re("(?!x)(a|aa)*b").matches(&long));
        assert!(
            start.elapsed() < std::time::Duration::from_secs(10),
            "took {:?}",
            start.elapsed()
        );
    }

    #[test]
    fn python_only_syntax_is_translated() {
        assert!(re("a{x}").matches("a{x}"));
        assert!(re("a{,2}b$").matches("aab"));
        assert!(!re("a{,2}b$").matches("aaab"));
        assert!(re("a{2}").matches("aa"));
        assert!(re("a}").matches("a}"));
        assert!(re("[[]x").matches("[x"));
        assert!(re("[]a]+$").matches("]a]"));
        assert!(re("[a&&b]+$").matches("a&b"));
        assert!(re("[a--]+$").matches("a-"));
        assert!(re("(?P<n>a)(?P=n)").matches("aa"));
        assert!(!re("(?P<n>a)(?P=n)").matches("ab"));
        assert!(re("a(?# a comment )b").matches("ab"));
        assert!(re("(?i)ABC").matches("abc"));
    }

    #[test]
    fn patterns_neither_engine_reads_are_errors() {
        // Python rejects these too: a variable-width look-behind, a bad range.
        for bad in [r"(?<=a+)b", "[z-a]", "a**", r"\"] {
            let err = KeyMatcher::parse(&format!("re:{bad}")).unwrap_err();
            assert!(err.contains(&format!("re:{bad}")), "{err}");
        }
    }
}
