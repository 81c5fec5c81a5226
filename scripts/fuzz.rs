//! A mutation fuzzer for fluentpress on stable Rust: it runs the real binary, as a user
//! would, on mutated copies of the default site and keeps every input that crashes it
//! (a panic, a signal, a stack overflow) or hangs it (past a per-run timeout, and again
//! past six times that when run once more; an input that then finishes is kept as
//! `slow-…`, with its time, and counted apart).
//!
//! ```sh
//! cargo build && cargo run --example fuzz -- --seconds 600
//! ```
//!
//! Options: `--seconds N` (default 60), `--timeout N` seconds per run (default 10),
//! `--seed N` (default: the clock; printed, so a session can be replayed), `--binary PATH`
//! (default: the `fluentpress` built beside this example), `--out DIR` (default
//! `target/fuzz`). Each failure is a folder under `--out` with the site, the command that
//! reproduces it (`repro.sh`) and what the binary printed; at most three are kept per
//! distinct failure (panic location, signal, or hang of a command).
//!
//! Inputs come from four mutators: byte-level edits of the site's `.ftl` files (control
//! characters, cut and spliced lines, odd Unicode), grammar-generated Fluent (nesting,
//! selects, references, terms, functions, markup), edits of `fluentpress.toml`, and huge
//! inputs (deep nesting, long lines, many messages, long reference chains).

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// xorshift64*: reproducible from `--seed`, and no crate to add for it.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

struct Options {
    seconds: u64,
    timeout: Duration,
    seed: u64,
    binary: PathBuf,
    out: PathBuf,
}

fn options() -> Result<Options, String> {
    let here = std::env::current_exe().map_err(|e| format!("cannot find this program: {e}"))?;
    // target/<profile>/examples/fuzz → target/<profile>/fluentpress
    let built = here
        .parent()
        .and_then(Path::parent)
        .map(|dir| dir.join(format!("fluentpress{}", std::env::consts::EXE_SUFFIX)));
    let mut options = Options {
        seconds: 60,
        timeout: Duration::from_secs(10),
        seed: SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(1, |d| d.as_nanos() as u64)
            | 1,
        binary: built.unwrap_or_else(|| PathBuf::from("fluentpress")),
        out: PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/fuzz"),
    };
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or(format!("{flag} needs a value"));
        let number = |v: String| v.parse::<u64>().map_err(|e| format!("{flag} {v}: {e}"));
        match flag.as_str() {
            "--seconds" => options.seconds = number(value()?)?,
            "--timeout" => options.timeout = Duration::from_secs(number(value()?)?),
            "--seed" => options.seed = number(value()?)?.max(1),
            "--binary" => options.binary = PathBuf::from(value()?),
            "--out" => options.out = PathBuf::from(value()?),
            other => return Err(format!("unknown option {other}; see scripts/fuzz.rs")),
        }
    }
    if !options.binary.is_file() {
        return Err(format!(
            "{} does not exist: run `cargo build` first or pass --binary",
            options.binary.display()
        ));
    }
    Ok(options)
}

/// The default site, read once: every file under `locales/` and `templates/` and the config.
struct Site {
    files: Vec<(PathBuf, Vec<u8>)>,
    ids: Vec<String>,
}

fn read_site(root: &Path) -> std::io::Result<Site> {
    fn walk(root: &Path, dir: &Path, files: &mut Vec<(PathBuf, Vec<u8>)>) -> std::io::Result<()> {
        for entry in std::fs::read_dir(dir)? {
            let path = entry?.path();
            if path.is_dir() {
                walk(root, &path, files)?;
            } else {
                let relative = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
                files.push((relative, std::fs::read(&path)?));
            }
        }
        Ok(())
    }
    let mut files = vec![(
        PathBuf::from("fluentpress.toml"),
        std::fs::read(root.join("fluentpress.toml"))?,
    )];
    walk(root, &root.join("locales"), &mut files)?;
    walk(root, &root.join("templates"), &mut files)?;
    files.sort();
    // Real ids, so generated messages replace ones the pages render.
    let mut ids: Vec<String> = files
        .iter()
        .filter(|(p, _)| p.extension().is_some_and(|e| e == "ftl"))
        .flat_map(|(_, text)| {
            String::from_utf8_lossy(text)
                .lines()
                .filter_map(|l| l.split_once(" =").map(|(id, _)| id.trim().to_string()))
                .filter(|id| !id.is_empty() && !id.contains(' ') && !id.starts_with('#'))
                .collect::<Vec<_>>()
        })
        .collect();
    ids.sort();
    ids.dedup();
    Ok(Site { files, ids })
}

const ODD: [&str; 24] = [
    "\0",
    "\u{1}",
    "\u{1b}[31m",
    "\u{7f}",
    "\r",
    "\r\n",
    "\t",
    "\u{feff}",
    "\u{202e}",
    "\u{200b}",
    "\u{2028}",
    "\u{fffd}",
    "\u{10ffff}",
    "\u{d7ff}",
    "{",
    "}",
    "{{",
    "}}",
    "[",
    "*[",
    "->",
    "\\u",
    "\"",
    "\n  ",
];

const MARKUP: [&str; 12] = [
    "<em>x</em>",
    "<strong>",
    "</b>",
    "<a data-l10n-name=\"x\">link</a>",
    "<a href=\"javascript:alert(1)\">x</a>",
    "<script>alert(1)</script>",
    "<br/>",
    "<span title=\"{ $x }\">",
    "<!-- c -->",
    "&amp;&lt;&#0;&#xFFFFFFFF;",
    "<bdi dir=\"rtl\">",
    "<abbr title=\"a\">",
];

const FUNCTIONS: [&str; 5] = ["NUMBER", "DATETIME", "PLATFORM", "UNKNOWN", "number"];

const NUMBERS: [&str; 9] = [
    "0",
    "-1",
    "1.5",
    "1e308",
    "99999999999999999999999999999999",
    "-0.000000001",
    "007",
    "1.",
    "NaN",
];

/// Grammar-generated Fluent: well formed most of the time, with deliberate breakage.
struct Gen<'a> {
    rng: &'a mut Rng,
    ids: &'a [String],
}

impl Gen<'_> {
    fn id(&mut self) -> String {
        if self.rng.chance(80) && !self.ids.is_empty() {
            self.rng.pick(self.ids).clone()
        } else {
            format!("gen-{}", self.rng.below(8))
        }
    }

    fn text(&mut self) -> String {
        match self.rng.below(8) {
            0 => (*self.rng.pick(&ODD)).to_string(),
            1 => (*self.rng.pick(&MARKUP)).to_string(),
            2 => "x".repeat(self.rng.below(5000)),
            3 => "مرحبا 世界 नमस्ते ".to_string(),
            _ => "some text ".to_string(),
        }
    }

    fn expression(&mut self, depth: usize) -> String {
        let choice = if depth > 12 {
            self.rng.below(4)
        } else {
            self.rng.below(10)
        };
        match choice {
            0 => format!(
                "\"{}\"",
                self.rng.pick(&["", "lit", "\\u0000", "\\U10FFFF", "\\\""])
            ),
            1 => (*self.rng.pick(&NUMBERS)).to_string(),
            2 => format!("${}", self.rng.pick(&["n", "count", "date", "x", "name"])),
            3 => {
                let id = self.id();
                if self.rng.chance(30) {
                    format!("{id}.{}", self.rng.pick(&["title", "alt", "nope"]))
                } else {
                    id
                }
            }
            4 => format!("-{}", self.id()),
            5 => format!("-{}({})", self.id(), self.arguments(depth)),
            6 => format!("{}({})", self.rng.pick(&FUNCTIONS), self.arguments(depth)),
            7 => format!("{{ {} }}", self.expression(depth + 1)),
            _ => self.select(depth),
        }
    }

    fn arguments(&mut self, depth: usize) -> String {
        let mut args = Vec::new();
        for _ in 0..self.rng.below(4) {
            let value = self.expression(depth + 1);
            if self.rng.chance(50) {
                let name = self.rng.pick(&[
                    "minimumFractionDigits",
                    "style",
                    "type",
                    "dateStyle",
                    "year",
                    "x",
                ]);
                args.push(format!("{name}: {value}"));
            } else {
                args.push(value);
            }
        }
        args.join(", ")
    }

    fn select(&mut self, depth: usize) -> String {
        let selector = self.expression(depth + 1);
        let mut out = format!("{selector} ->\n");
        let keys = [
            "zero", "one", "two", "few", "many", "other", "0", "1", "1.0", "male", "",
        ];
        let variants = self.rng.below(5) + usize::from(self.rng.chance(90));
        let default = self.rng.below(variants.max(1) + 1);
        for i in 0..variants {
            let star = if i == default { "*" } else { "" };
            let pattern = self.pattern(depth + 1);
            let _ = writeln!(out, "   {star}[{}] {pattern}", self.rng.pick(&keys));
        }
        out.push_str("  ");
        out
    }

    fn pattern(&mut self, depth: usize) -> String {
        let mut out = String::new();
        for _ in 0..self.rng.below(4) + 1 {
            if self.rng.chance(50) || depth > 20 {
                out.push_str(&self.text());
            } else {
                let _ = write!(out, "{{ {} }}", self.expression(depth));
            }
        }
        if self.rng.chance(10) {
            out.push_str("\n    continued line");
        }
        out
    }

    fn resource(&mut self) -> String {
        let mut out = String::new();
        for _ in 0..self.rng.below(30) + 1 {
            match self.rng.below(10) {
                0 => out.push_str("## Required\n"),
                1 => out.push_str("# comment\n"),
                2 => {
                    let _ = writeln!(out, "-{} = {}", self.id(), self.pattern(0));
                }
                3 => out.push_str(&self.text()),
                _ => {
                    let _ = writeln!(out, "{} = {}", self.id(), self.pattern(0));
                    if self.rng.chance(20) {
                        let _ = writeln!(out, "    .title = {}", self.pattern(0));
                    }
                }
            }
        }
        out
    }
}

/// Inputs too big or too deep for a hand-written test.
fn huge(rng: &mut Rng, ids: &[String]) -> String {
    let n = [100, 1_000, 10_000, 100_000][rng.below(4)];
    let id = ids.first().map_or("title", String::as_str);
    match rng.below(7) {
        0 => format!("{id} = {}x{}\n", "{ ".repeat(n), " }".repeat(n)),
        1 => format!("{id} = {}\n", "{ ".repeat(n)),
        2 => {
            let mut s = format!("{id} = {{ ");
            for _ in 0..n.min(10_000) {
                s.push_str("$n ->\n [one] { ");
            }
            s.push('\n');
            s
        }
        3 => {
            // A chain of references, closed into a cycle half the time.
            let mut s = format!("{id} = {{ m0 }}\n");
            for i in 0..n.min(20_000) {
                let _ = writeln!(s, "m{i} = {{ m{} }}", i + 1);
            }
            if rng.chance(50) {
                let _ = writeln!(s, "m{} = {{ m0 }}", n.min(20_000));
            }
            s
        }
        4 => {
            // Every message refers to every other: dense graphs for the cycle search.
            let k = [10, 50, 200][rng.below(3)];
            let mut s = String::new();
            for i in 0..k {
                let refs: String = (0..k).map(|j| format!("{{ d{j} }}")).collect();
                let _ = writeln!(s, "d{i} = {refs}");
            }
            let _ = writeln!(s, "{id} = {{ d0 }}");
            s
        }
        5 => format!("{id} = {}\n", "a".repeat(n * 100)),
        _ => {
            let mut s = String::new();
            for i in 0..n {
                let _ = writeln!(s, "many-{i} = value {i}");
            }
            s
        }
    }
}

/// A lone continuation byte, a cut sequence, a byte-order mark of the wrong kind, a surrogate.
const INVALID_UTF8: [&[u8]; 4] = [&[0x80], &[0xc3], &[0xff, 0xfe], &[0xed, 0xa0, 0x80]];

fn mutate_bytes(rng: &mut Rng, data: &mut Vec<u8>, donors: &[&[u8]]) {
    for _ in 0..rng.below(8) + 1 {
        let at = rng.below(data.len() + 1);
        match rng.below(7) {
            0 => data.insert(at, rng.next() as u8),
            1 => {
                let odd = rng.pick(&ODD).as_bytes();
                data.splice(at..at, odd.iter().copied());
            }
            2 => {
                let end = (at + rng.below(64)).min(data.len());
                data.drain(at..end);
            }
            3 => {
                let end = (at + rng.below(256)).min(data.len());
                let copy = data[at..end].to_vec();
                let to = rng.below(data.len() + 1);
                data.splice(to..to, copy);
            }
            4 => {
                let donor = rng.pick(donors);
                let from = rng.below(donor.len() + 1);
                let end = (from + rng.below(512)).min(donor.len());
                data.splice(at..at, donor[from..end].iter().copied());
            }
            5 => {
                let bad = *rng.pick(&INVALID_UTF8);
                data.splice(at..at, bad.iter().copied());
            }
            _ => {
                let markup = rng.pick(&MARKUP).as_bytes();
                data.splice(at..at, markup.iter().copied());
            }
        }
    }
}

const CONFIG_EDITS: [(&str, &str); 18] = [
    ("source_locale = \"en\"", "source_locale = \"xx\""),
    ("source_locale = \"en\"", "source_locale = \"en-\""),
    ("[locales.fr]", "[locales.\"../../evil\"]"),
    ("[locales.fr]", "[locales.FR]"),
    (
        "[locales.de]",
        "[locales.de]\nfallback = [\"de\", \"fr\", \"de\"]",
    ),
    ("[locales.de]", "[locales.de]\nfallback = [\"nope\"]"),
    ("required = 100", "required = 1000"),
    ("required = 100", "required = -1"),
    ("numbering = \"arab\"", "numbering = \"nope\""),
    ("output = \"index.html\"", "output = \"../../escape.html\""),
    ("output = \"index.html\"", "output = \"/tmp/abs.html\""),
    (
        "template = \"about.html\"",
        "template = \"../fluentpress.toml\"",
    ),
    (
        "bilingual = [[\"ar\", \"en\"]]",
        "bilingual = [[\"ar\", \"ar\"], [\"zz\"]]",
    ),
    ("min_translated = 80", "min_translated = 1e400"),
    (
        "resources = [\"site.ftl\", \"about.ftl\"]",
        "resources = [\"../../fluentpress.toml\"]",
    ),
    (
        "base_url = \"https://about.example.org/\"",
        "base_url = \"not a url\"",
    ),
    (
        "base_url = \"https://about.example.org/\"",
        "base_url = \"javascript:alert(1)//\"",
    ),
    (
        "base_url = \"https://about.example.org/\"",
        "base_url = \"//evil.example/\"",
    ),
];

/// Addresses a template may hand `t_markup` in `links`: a page must never carry the
/// scripted ones (see [`unsafe_href`]).
const LINKS: [&str; 10] = [
    "javascript:alert(1)",
    " JaVaScRiPt:alert(1)",
    "java\\tscript:alert(1)",
    "\\u0001javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "mailto:a@example.org",
    "#top",
    "../fr/index.html",
    "\\\"><script>alert(1)</script>",
];

/// The template line that passes `links` to `t_markup`, and its address.
const LINK_TEMPLATE: &str = "templates/about-content.html";
const LINK_VALUE: &str = "\"https://www.amnesty.org/\" ~ amnesty_lang ~ \"/who-we-are/\"";

/// One generated input: the files to overwrite in a copy of the site, and what was done.
struct Case {
    changed: Vec<(PathBuf, Vec<u8>)>,
    how: String,
}

fn make_case(rng: &mut Rng, site: &Site) -> Case {
    let ftl: Vec<&(PathBuf, Vec<u8>)> = site
        .files
        .iter()
        .filter(|(p, _)| p.extension().is_some_and(|e| e == "ftl"))
        .collect();
    let donors: Vec<&[u8]> = ftl.iter().map(|(_, d)| d.as_slice()).collect();
    let mut changed = Vec::new();
    let mut how = Vec::new();
    for _ in 0..rng.below(3) + 1 {
        let (path, data) = *rng.pick(&ftl);
        match rng.below(11) {
            0..=3 => {
                let mut data = data.clone();
                mutate_bytes(rng, &mut data, &donors);
                how.push(format!("bytes {}", path.display()));
                changed.push((path.clone(), data));
            }
            4..=6 => {
                let mut gen = Gen {
                    rng,
                    ids: &site.ids,
                };
                let text = gen.resource();
                how.push(format!("grammar {}", path.display()));
                changed.push((path.clone(), text.into_bytes()));
            }
            7 => {
                let config = &site.files[0].1;
                let mut text = String::from_utf8_lossy(config).into_owned();
                let (from, to) = rng.pick(&CONFIG_EDITS);
                text = text.replacen(from, to, 1);
                if rng.chance(20) {
                    let mut bytes = text.into_bytes();
                    mutate_bytes(rng, &mut bytes, &[config.as_slice()]);
                    text = String::from_utf8_lossy(&bytes).into_owned();
                }
                how.push(format!("config {to}"));
                changed.push((site.files[0].0.clone(), text.into_bytes()));
            }
            10 => {
                let Some((path, template)) = site
                    .files
                    .iter()
                    .find(|(p, _)| p == Path::new(LINK_TEMPLATE))
                else {
                    continue;
                };
                let link = rng.pick(&LINKS);
                let text = String::from_utf8_lossy(template).replacen(
                    LINK_VALUE,
                    &format!("\"{link}\""),
                    1,
                );
                how.push(format!("link {link}"));
                changed.push((path.clone(), text.into_bytes()));
            }
            _ => {
                let mut text = String::from_utf8_lossy(data).into_owned();
                text.push('\n');
                text.push_str(&huge(rng, &site.ids));
                how.push(format!("huge {}", path.display()));
                changed.push((path.clone(), text.into_bytes()));
            }
        }
    }
    Case {
        changed,
        how: how.join("; "),
    }
}

enum Outcome {
    Fine,
    Crash {
        key: String,
        output: String,
    },
    Hang {
        output: String,
    },
    /// Past the timeout once, but finished when run again with more time.
    Slow {
        seconds: f64,
    },
}

fn run(binary: &Path, root: &Path, args: &[&str], timeout: Duration) -> std::io::Result<Outcome> {
    let mut child = Command::new(binary)
        .arg("--root")
        .arg(root)
        .args(args)
        .env("NO_COLOR", "1")
        .env("RUST_BACKTRACE", "0")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()?;
    // Read stderr on a thread so a chatty child never blocks on a full pipe.
    let mut stderr = child.stderr.take().expect("stderr is piped");
    let reader = std::thread::spawn(move || {
        let mut text = Vec::new();
        let _ = stderr.read_to_end(&mut text);
        String::from_utf8_lossy(&text).into_owned()
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break Some(status);
        }
        if started.elapsed() > timeout {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let output = reader.join().unwrap_or_default();
    Ok(match status {
        None => Outcome::Hang { output },
        Some(status) => classify(status, output),
    })
}

fn classify(status: ExitStatus, output: String) -> Outcome {
    if output.contains("overflowed its stack") {
        return Outcome::Crash {
            key: "stack-overflow".into(),
            output,
        };
    }
    if let Some(at) = output.find("panicked at ") {
        let location: String = output[at + 12..]
            .chars()
            .take_while(|c| !c.is_whitespace())
            .collect();
        let location = location.trim_end_matches(':').to_string();
        return Outcome::Crash {
            key: format!("panic-{location}"),
            output,
        };
    }
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(signal) = status.signal() {
            return Outcome::Crash {
                key: format!("signal-{signal}"),
                output,
            };
        }
    }
    match status.code() {
        Some(0..=2) => Outcome::Fine,
        code => Outcome::Crash {
            key: format!("exit-{}", code.map_or("none".into(), |c| c.to_string())),
            output,
        },
    }
}

/// The first `href` or `src` in a built page that a browser would run as script, or
/// `None`: a build that exits 0 must not have published one.
fn unsafe_href(out: &Path) -> Option<String> {
    let mut stack = vec![out.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).ok()?.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "html") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            for attr in ["href=\"", "src=\""] {
                for (at, _) in text.match_indices(attr) {
                    // Only inside a tag: `&lt;a href="javascript:…"` in text is escaped
                    // markup a reader sees, not a link.
                    let before = &text[..at];
                    if before.rfind('<') <= before.rfind('>') {
                        continue;
                    }
                    let value: String = text[at + attr.len()..]
                        .chars()
                        .take_while(|&c| c != '"')
                        .filter(|c| !c.is_whitespace() && !c.is_control())
                        .collect::<String>()
                        .to_ascii_lowercase();
                    if ["javascript:", "data:", "vbscript:"]
                        .iter()
                        .any(|s| value.starts_with(s))
                    {
                        return Some(format!("{}: {attr}{value}", path.display()));
                    }
                }
            }
        }
    }
    None
}

fn write_site(site: &Site, case: &Case, dir: &Path) -> std::io::Result<()> {
    for (path, data) in &site.files {
        let data = case
            .changed
            .iter()
            .rev()
            .find(|(p, _)| p == path)
            .map_or(data, |(_, d)| d);
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(target, data)?;
    }
    Ok(())
}

/// Keeps the site that failed, with a script that replays the run and what it printed.
fn keep(
    options: &Options,
    key: &str,
    copy: &Path,
    args: &[&str],
    case: &Case,
    output: &str,
) -> std::io::Result<PathBuf> {
    let name: String = key
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let mut n = 0;
    let dir = loop {
        let dir = options.out.join(format!("{name}-{n}"));
        if !dir.exists() {
            break dir;
        }
        n += 1;
    };
    std::fs::create_dir_all(&dir)?;
    for entry in ["fluentpress.toml", "locales", "templates"] {
        let from = copy.join(entry);
        let status = Command::new("cp").arg("-a").arg(&from).arg(&dir).status()?;
        if !status.success() {
            return Err(std::io::Error::other(format!(
                "cp {} failed",
                from.display()
            )));
        }
    }
    let script = format!(
        "#!/bin/sh\n# {key}\n# mutation: {}\ncd \"$(dirname \"$0\")\" && exec {} --root . {}\n",
        case.how.replace('\n', " "),
        options.binary.display(),
        args.join(" ")
    );
    let repro = dir.join("repro.sh");
    std::fs::write(&repro, script)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&repro, std::fs::Permissions::from_mode(0o755))?;
    }
    std::fs::write(dir.join("stderr.txt"), output)?;
    Ok(dir)
}

fn main() {
    let options = match options() {
        Ok(options) => options,
        Err(message) => {
            eprintln!("fuzz: {message}");
            std::process::exit(2);
        }
    };
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let site = read_site(&root).unwrap_or_else(|e| {
        eprintln!(
            "fuzz: cannot read the default site under {}: {e}",
            root.display()
        );
        std::process::exit(2);
    });
    if let Err(e) = std::fs::create_dir_all(&options.out) {
        eprintln!("fuzz: cannot create {}: {e}", options.out.display());
        std::process::exit(2);
    }
    println!(
        "fuzzing {} for {} s, seed {}, timeout {} s per run; failures go to {}",
        options.binary.display(),
        options.seconds,
        options.seed,
        options.timeout.as_secs(),
        options.out.display()
    );
    let mut rng = Rng(options.seed);
    let started = Instant::now();
    let deadline = started + Duration::from_secs(options.seconds);
    let mut runs = 0u64;
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut slow: Vec<f64> = Vec::new();
    while Instant::now() < deadline {
        let case = make_case(&mut rng, &site);
        let copy = match tempfile::Builder::new()
            .prefix("fluentpress-fuzz-")
            .tempdir()
        {
            Ok(copy) => copy,
            Err(e) => {
                eprintln!("fuzz: cannot create a temporary folder: {e}");
                std::process::exit(2);
            }
        };
        if let Err(e) = write_site(&site, &case, copy.path()) {
            eprintln!("fuzz: cannot write the site copy: {e}");
            std::process::exit(2);
        }
        let commands: [&[&str]; 3] = [&["check"], &["build"], &["build", "--pseudo"]];
        let args = *rng.pick(&commands);
        runs += 1;
        let outcome = match run(&options.binary, copy.path(), args, options.timeout) {
            Ok(outcome) => outcome,
            Err(e) => {
                eprintln!("fuzz: cannot run {}: {e}", options.binary.display());
                std::process::exit(2);
            }
        };
        let outcome = match outcome {
            Outcome::Fine if args[0] == "build" => match unsafe_href(&copy.path().join("out")) {
                Some(found) => Outcome::Crash {
                    key: "unsafe-link-published".into(),
                    output: found,
                },
                None => Outcome::Fine,
            },
            // Past the timeout on a loaded machine is not yet a hang: run it again, alone
            // in time, six times as long. One that then ends is kept as `slow-…` with
            // its time, so it is still seen; only one that never ends is a hang.
            Outcome::Hang { output } => {
                let again = Instant::now();
                match run(&options.binary, copy.path(), args, options.timeout * 6) {
                    Ok(Outcome::Hang { .. }) | Err(_) => Outcome::Hang { output },
                    Ok(Outcome::Crash { key, output }) => Outcome::Crash { key, output },
                    Ok(Outcome::Fine | Outcome::Slow { .. }) => Outcome::Slow {
                        seconds: again.elapsed().as_secs_f64(),
                    },
                }
            }
            other => other,
        };
        let (key, output) = match outcome {
            Outcome::Slow { seconds } => {
                slow.push(seconds);
                (
                    format!("slow-{}", args.join("-")),
                    format!("finished in {seconds:.1} s when run again"),
                )
            }
            Outcome::Fine => continue,
            Outcome::Crash { key, output } => (key, output),
            Outcome::Hang { output } => (format!("hang-{}", args.join("-")), output),
        };
        let count = seen.entry(key.clone()).or_default();
        *count += 1;
        if *count > 3 {
            continue;
        }
        match keep(&options, &key, copy.path(), args, &case, &output) {
            Ok(dir) => println!("{key}: {} ({})", dir.display(), case.how),
            Err(e) => eprintln!("fuzz: cannot keep the failing input: {e}"),
        }
    }
    let crashes: usize = seen
        .iter()
        .filter(|(k, _)| !k.starts_with("hang-") && !k.starts_with("slow-"))
        .map(|(_, n)| n)
        .sum();
    let hangs: usize = seen
        .iter()
        .filter(|(k, _)| k.starts_with("hang-"))
        .map(|(_, n)| n)
        .sum();
    let slowest = slow.iter().copied().fold(0.0, f64::max);
    println!(
        "{runs} runs in {} s, seed {}: {crashes} crash(es), {hangs} hang(s), {} slow input(s) (slowest {slowest:.1} s when run again)",
        started.elapsed().as_secs(),
        options.seed,
        slow.len()
    );
    let mut classes: Vec<_> = seen.into_iter().collect();
    classes.sort();
    for (key, count) in &classes {
        println!("{count:>6}  {key}");
    }
    if classes.is_empty() {
        println!("no crash or hang");
    }
}
