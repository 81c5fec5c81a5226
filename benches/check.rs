//! `check` on a synthetic corpus the size of a large real site, against
//! compare-locales on the same files in the same run.
//!
//! ```sh
//! cargo bench --bench check                        # generate, time fluentpress (and compare-locales if found)
//! COMPARE_LOCALES=/path/venv/bin/compare-locales cargo bench --bench check
//! cargo bench --bench check -- --corpus-only DIR   # only write the corpus (for scripts/)
//! cargo bench --bench check -- --runs 10           # fluentpress runs to time (default 5)
//! cargo bench --bench check -- --shape mozilla.org  # mozilla.org's shape (see below)
//! FLUENTPRESS_BIN=/path/fluentpress cargo bench --bench check   # measure another build
//! ```
//!
//! The corpus (deterministic: the same bytes every time) is a Mozilla-style
//! project: `l10n.toml`, the reference under `en-US/` and 100 locales under
//! `l10n/<locale>/`, each with 50 files (5 folders × 10) of 40 messages:
//! plain text, variables, attributes, attribute-only messages, plural
//! selectors, terms, message references, markup and multi-line text. Every
//! locale has deliberate gaps: missing messages, attributes and files,
//! obsolete messages and attributes, variable typos, and in some locales a
//! syntax error, a duplicate id, a retired file or a term it lacks.
//!
//! `--shape mozilla.org` is shaped like mozilla.org's localisation instead:
//! 106 locales × 85 files (17 folders × 5) × 19 messages, about 9,000 files,
//! with a `[[paths]]` entry per folder, most listing locales of their own.
//!
//! Each tool runs as a child process; wall time is measured around it and
//! peak memory (max RSS) read from the kernel's accounting of that child
//! (`wait4`). compare-locales is found through `$COMPARE_LOCALES` (the
//! executable), `$COMPARE_LOCALES_VENV` (a virtual environment) or `PATH`;
//! without it, the benchmark says so and times fluentpress alone.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const LOCALES: [&str; 100] = [
    "ach",
    "af",
    "an",
    "ar",
    "ast",
    "az",
    "be",
    "bg",
    "bn",
    "bo",
    "br",
    "brx",
    "bs",
    "ca",
    "ca-valencia",
    "cak",
    "ckb",
    "cs",
    "cy",
    "da",
    "de",
    "dsb",
    "el",
    "en-CA",
    "en-GB",
    "eo",
    "es-AR",
    "es-CL",
    "es-ES",
    "es-MX",
    "et",
    "eu",
    "fa",
    "ff",
    "fi",
    "fr",
    "fur",
    "fy-NL",
    "ga-IE",
    "gd",
    "gl",
    "gn",
    "gu-IN",
    "he",
    "hi-IN",
    "hr",
    "hsb",
    "hu",
    "hy-AM",
    "hye",
    "ia",
    "id",
    "is",
    "it",
    "ja",
    "ka",
    "kab",
    "kk",
    "km",
    "kn",
    "ko",
    "lij",
    "lo",
    "lt",
    "ltg",
    "lv",
    "meh",
    "mk",
    "ml",
    "mr",
    "ms",
    "my",
    "nb-NO",
    "ne-NP",
    "nl",
    "nn-NO",
    "oc",
    "pa-IN",
    "pl",
    "pt-BR",
    "pt-PT",
    "rm",
    "ro",
    "ru",
    "sat",
    "sc",
    "scn",
    "sco",
    "si",
    "sk",
    "skr",
    "sl",
    "son",
    "sq",
    "sr",
    "sv-SE",
    "szl",
    "ta",
    "te",
    "tg",
];
/// Six more, for the 106 of mozilla.org.
const MORE_LOCALES: [&str; 6] = ["uk", "ur", "uz", "vi", "zh-CN", "zh-TW"];
const FOLDERS: [&str; 5] = ["browser", "toolkit", "devtools", "mail", "mobile"];
/// mozilla.org's folders: 17 of 5 files each.
const SITE_FOLDERS: [&str; 17] = [
    "about",
    "account",
    "banners",
    "browsers",
    "careers",
    "contribute",
    "firefox",
    "foundation",
    "legal",
    "mission",
    "mobile",
    "navigation",
    "newsletter",
    "privacy",
    "products",
    "security",
    "vpn",
];

/// How big the corpus is and how its `l10n.toml` reads.
struct Shape {
    name: &'static str,
    locales: Vec<&'static str>,
    folders: &'static [&'static str],
    files_per_folder: usize,
    messages: usize,
    /// Whether each folder is a `[[paths]]` entry of its own, most with a
    /// `locales` list of their own (as mozilla.org's `configs/pontoon.toml`).
    per_path_locales: bool,
}

impl Shape {
    /// The default: a large product (Firefox-like), one `[[paths]]`.
    fn product() -> Shape {
        Shape {
            name: "product",
            locales: LOCALES.to_vec(),
            folders: &FOLDERS,
            files_per_folder: 10,
            messages: 40,
            per_path_locales: false,
        }
    }

    /// mozilla.org's localisation: 106 locales × 85 files × 19 messages,
    /// a `[[paths]]` per folder with its own locales.
    fn mozilla_org() -> Shape {
        Shape {
            name: "mozilla.org",
            locales: LOCALES.iter().chain(&MORE_LOCALES).copied().collect(),
            folders: &SITE_FOLDERS,
            files_per_folder: 5,
            messages: 19,
            per_path_locales: true,
        }
    }

    /// The locales a folder's `[[paths]]` entry lists (`None`: every locale).
    /// Folder 0 has them all; the others each leave out a deterministic few.
    fn folder_locales(&self, folder: usize) -> Option<Vec<&'static str>> {
        if !self.per_path_locales || folder == 0 {
            return None;
        }
        Some(
            self.locales
                .iter()
                .copied()
                .filter(|l| !seed(&["path", self.folders[folder], l]).chance(40))
                .collect(),
        )
    }
}

const WORDS: [&str; 32] = [
    "open",
    "the",
    "window",
    "private",
    "browsing",
    "bookmark",
    "this",
    "page",
    "settings",
    "history",
    "download",
    "file",
    "new",
    "tab",
    "close",
    "all",
    "search",
    "with",
    "engine",
    "password",
    "saved",
    "logins",
    "account",
    "sync",
    "devices",
    "restore",
    "previous",
    "session",
    "protection",
    "trackers",
    "blocked",
    "today",
];

/// xorshift64*: small, deterministic, good enough to place gaps.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn chance(&mut self, per_mille: u64) -> bool {
        self.below(1000) < per_mille
    }
    fn words(&mut self, n: usize) -> String {
        (0..n)
            .map(|_| WORDS[self.below(WORDS.len() as u64) as usize])
            .collect::<Vec<_>>()
            .join(" ")
    }
}

fn seed(parts: &[&str]) -> Rng {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for b in p.bytes().chain([0]) {
            h = (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
        }
    }
    Rng(h | 1)
}

/// A "translation": every word shifted by a locale-specific amount, so it
/// differs from the source and keeps its length.
fn translate(text: &str, shift: u8) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii_lowercase() {
                (b'a' + (c as u8 - b'a' + shift) % 26) as char
            } else {
                c
            }
        })
        .collect()
}

/// One message of the reference, in a form a locale can fill in.
struct Msg {
    id: String,
    kind: usize,
    text: Vec<String>,
}

fn source_messages(file: &str, messages: usize) -> Vec<Msg> {
    let mut rng = seed(&["source", file]);
    (0..messages)
        .map(|m| {
            let kind = m % 10;
            let id = format!(
                "{}-{m}-{}",
                file.replace(['/', '.'], "-"),
                WORDS[m % WORDS.len()]
            );
            let n = 2 + rng.below(8) as usize;
            let text = (0..4).map(|i| rng.words(n + i)).collect();
            Msg { id, kind, text }
        })
        .collect()
}

/// How a locale writes a message: `tr` translates its words, `typo`
/// misspells its variable, `drop_attr` leaves an attribute out.
struct Style<'a> {
    tr: &'a dyn Fn(&str) -> String,
    drop_attr: bool,
    typo: bool,
    plural: &'a [&'a str],
}

/// The text of a message.
fn render_message(out: &mut String, msg: &Msg, first_id: &str, term: &str, style: &Style) {
    let (tr, drop_attr, typo, plural) = (style.tr, style.drop_attr, style.typo, style.plural);
    let t = |i: usize| tr(&msg.text[i]);
    let var = if typo { "nmae" } else { "name" };
    let id = &msg.id;
    match msg.kind {
        1 => writeln!(out, "{id} = {} {{ ${var} }} {}", t(0), t(1)),
        2 => {
            let _ = writeln!(out, "{id} = {}", t(0));
            if !drop_attr {
                let _ = writeln!(out, "    .title = {}", t(1));
            }
            writeln!(out, "    .aria-label = {}", t(2))
        }
        3 => {
            let _ = writeln!(out, "{id} =\n    {{ $count ->");
            for (i, cat) in plural.iter().enumerate() {
                let star = if *cat == "other" { "*" } else { " " };
                let _ = writeln!(out, "       {star}[{cat}] {{ $count }} {}", t(i % 4));
            }
            writeln!(out, "    }}")
        }
        4 => writeln!(
            out,
            "{id} = {} {{ -brand-name }} {} {{ {term} }}",
            t(0),
            t(1)
        ),
        5 => writeln!(out, "{id} = {}. {}.", t(0), t(1)),
        6 => writeln!(out, "{id} = {{ {first_id} }} {}", t(0)),
        7 => {
            let _ = writeln!(out, "{id} =\n    .label = {}", t(0));
            if !drop_attr {
                let _ = writeln!(out, "    .accesskey = {}", &t(1)[..1]);
            }
            Ok(())
        }
        8 => writeln!(out, "{id} = {} <strong>{}</strong> {}", t(0), t(1), t(2)),
        9 => writeln!(out, "{id} =\n    {}\n    {}", t(0), t(1)),
        _ => writeln!(out, "{id} = {}", t(0)),
    }
    .expect("writing to a String");
}

fn plural_forms(locale: &str) -> &'static [&'static str] {
    let lang = locale.split('-').next().unwrap_or(locale);
    match lang {
        "ja" | "ko" | "zh" | "vi" | "th" | "id" | "ms" | "my" | "lo" | "km" | "bo" => &["other"],
        "ru" | "uk" | "be" | "pl" | "lt" => &["one", "few", "many", "other"],
        "cs" | "sk" => &["one", "few", "other"],
        "hr" | "sr" | "bs" => &["one", "few", "other"],
        "ar" => &["zero", "one", "two", "few", "many", "other"],
        _ => &["one", "other"],
    }
}

/// Writes the corpus under `dir`; returns (files, messages, bytes) written.
fn generate(dir: &Path, shape: &Shape) -> (usize, usize, usize) {
    let mut files = 0;
    let mut messages = 0;
    let mut bytes = 0;
    let mut write = |path: PathBuf, text: &str| {
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("create folder");
        std::fs::write(&path, text).expect("write corpus file");
        files += 1;
        bytes += text.len();
    };
    let mut toml = String::from(
        "# Synthetic corpus: fluentpress benches/check.rs\nbasepath = \".\"\nlocales = [\n",
    );
    for l in &shape.locales {
        let _ = writeln!(toml, "    \"{l}\",");
    }
    toml.push_str("]\n\n[env]\n    l = \"{l10n_base}/{locale}/\"\n");
    let folder_locales: Vec<Option<Vec<&str>>> = (0..shape.folders.len())
        .map(|i| shape.folder_locales(i))
        .collect();
    if shape.per_path_locales {
        for (folder, locales) in shape.folders.iter().zip(&folder_locales) {
            let _ = write!(
                toml,
                "\n[[paths]]\n    reference = \"en-US/{folder}/**\"\n    l10n = \"{{l}}{folder}/**\"\n"
            );
            if let Some(locales) = locales {
                let list: Vec<String> = locales.iter().map(|l| format!("\"{l}\"")).collect();
                let _ = writeln!(toml, "    locales = [{}]", list.join(", "));
            }
        }
    } else {
        toml.push_str("\n[[paths]]\n    reference = \"en-US/**\"\n    l10n = \"{l}**\"\n");
    }
    write(dir.join("l10n.toml"), &toml);

    let names: Vec<String> = shape
        .folders
        .iter()
        .flat_map(|f| (0..shape.files_per_folder).map(move |i| format!("{f}/file{i}.ftl")))
        .collect();
    let has_file = |locale: &str, fi: usize| {
        folder_locales[fi / shape.files_per_folder]
            .as_ref()
            .is_none_or(|list| list.contains(&locale))
    };
    let sources: Vec<Vec<Msg>> = names
        .iter()
        .map(|n| source_messages(n, shape.messages))
        .collect();
    let identity = |s: &str| s.to_string();
    for (fi, (name, msgs)) in names.iter().zip(&sources).enumerate() {
        let mut out = String::from(
            "# This Source Code Form is subject to the terms of the Mozilla Public\n\n",
        );
        if fi == 0 {
            out.push_str("-brand-name = Firefox\n-vendor-short-name = Mozilla\n\n");
        }
        let term = format!("-term-{fi}");
        let _ = writeln!(out, "{term} = Product {fi}\n");
        for m in msgs {
            let style = Style {
                tr: &identity,
                drop_attr: false,
                typo: false,
                plural: &["one", "other"],
            };
            render_message(&mut out, m, &msgs[0].id, &term, &style);
        }
        messages += msgs.len();
        write(dir.join("en-US").join(name), &out);
    }

    for (li, locale) in shape.locales.iter().enumerate() {
        let mut rng = seed(&["locale", locale]);
        let shift = 1 + (li % 25) as u8;
        let tr = move |s: &str| translate(s, shift);
        let plural = plural_forms(locale);
        let broken_file = rng
            .chance(200)
            .then(|| rng.below(names.len() as u64) as usize);
        let dup_file = rng
            .chance(200)
            .then(|| rng.below(names.len() as u64) as usize);
        let lacks_brand = rng.chance(20);
        for (fi, (name, msgs)) in names.iter().zip(&sources).enumerate() {
            if !has_file(locale, fi) {
                continue; // not a file of this locale's paths
            }
            if rng.chance(10) {
                continue; // a missing file
            }
            let mut out = String::new();
            if fi == 0 {
                if !lacks_brand {
                    out.push_str("-brand-name = Firefox\n");
                }
                out.push_str("-vendor-short-name = Mozilla\n\n");
            }
            let term = format!("-term-{fi}");
            let _ = writeln!(out, "{term} = {}\n", tr(&format!("product {fi}")));
            for (mi, m) in msgs.iter().enumerate() {
                if rng.chance(20) {
                    continue; // a missing message
                }
                let drop_attr = rng.chance(30);
                let typo = m.kind == 1 && rng.chance(20);
                let style = Style {
                    tr: &tr,
                    drop_attr,
                    typo,
                    plural,
                };
                render_message(&mut out, m, &msgs[0].id, &term, &style);
                messages += 1;
                if dup_file == Some(fi) && mi == 5 {
                    let clean = Style {
                        drop_attr: false,
                        typo: false,
                        ..style
                    };
                    render_message(&mut out, m, &msgs[0].id, &term, &clean);
                }
                if m.kind == 2 && rng.chance(20) {
                    let _ = writeln!(out, "    .tooltip = {}", tr("no longer used"));
                }
                if rng.chance(5) {
                    let _ = writeln!(out, "{}-old = {}", m.id, tr("no longer used"));
                }
            }
            if broken_file == Some(fi) {
                out.push_str("broken-entry = { $unclosed\n");
            }
            write(dir.join("l10n").join(locale).join(name), &out);
        }
        if rng.chance(100) {
            // A file the reference no longer has.
            let text = format!(
                "retired-one = {}\nretired-two = {}\n",
                tr("gone"),
                tr("also gone")
            );
            write(
                dir.join("l10n").join(locale).join("browser/retired.ftl"),
                &text,
            );
        }
    }
    (files, messages, bytes)
}

/// Wall time and peak RSS (KiB) of one child process.
struct Run {
    wall: Duration,
    max_rss_kib: Option<u64>,
    code: Option<i32>,
}

#[cfg(all(target_os = "linux", target_pointer_width = "64"))]
fn wait_with_rusage(child: std::process::Child) -> (Option<i32>, Option<u64>) {
    #[repr(C)]
    struct Timeval {
        sec: i64,
        usec: i64,
    }
    #[repr(C)]
    struct Rusage {
        utime: Timeval,
        stime: Timeval,
        maxrss: i64,
        rest: [i64; 13],
    }
    extern "C" {
        fn wait4(pid: i32, status: *mut i32, options: i32, rusage: *mut Rusage) -> i32;
    }
    let pid = child.id() as i32;
    let mut status = 0i32;
    let mut usage = Rusage {
        utime: Timeval { sec: 0, usec: 0 },
        stime: Timeval { sec: 0, usec: 0 },
        maxrss: 0,
        rest: [0; 13],
    };
    // The child is ours and not yet waited for; wait4 reaps it and fills
    // `usage` with its own resource use (Linux reports maxrss in KiB).
    let rc = unsafe { wait4(pid, &mut status, 0, &mut usage) };
    std::mem::forget(child);
    if rc != pid {
        return (None, None);
    }
    let code = if status & 0x7f == 0 {
        Some((status >> 8) & 0xff)
    } else {
        None
    };
    (code, Some(usage.maxrss as u64))
}

#[cfg(not(all(target_os = "linux", target_pointer_width = "64")))]
fn wait_with_rusage(mut child: std::process::Child) -> (Option<i32>, Option<u64>) {
    (child.wait().ok().and_then(|s| s.code()), None)
}

fn run(cmd: &mut Command, stdout: &Path) -> Run {
    let out = std::fs::File::create(stdout).expect("output file");
    let start = Instant::now();
    let child = cmd
        .stdout(Stdio::from(out))
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    let (code, max_rss_kib) = wait_with_rusage(child);
    Run {
        wall: start.elapsed(),
        max_rss_kib,
        code,
    }
}

fn find_compare_locales() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("COMPARE_LOCALES") {
        return Some(PathBuf::from(p)).filter(|p| p.is_file());
    }
    if let Some(v) = std::env::var_os("COMPARE_LOCALES_VENV") {
        let p = Path::new(&v).join("bin/compare-locales");
        return p.is_file().then_some(p);
    }
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join("compare-locales"))
            .find(|p| p.is_file())
    })
}

fn mib(kib: Option<u64>) -> String {
    kib.map_or("n/a".to_string(), |k| {
        format!("{:.1} MiB", k as f64 / 1024.0)
    })
}

/// The compare-locales summaries of two outputs, field by field (errors and
/// warnings aside: those are each tool's own checks).
fn compare_summaries(ours: &Path, theirs: &Path, locales: &[&str]) -> Vec<String> {
    let read = |p: &Path| -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(p).unwrap_or_default()).unwrap_or_default()
    };
    let (a, b) = (read(ours), read(theirs));
    let (a, b) = (&a[0]["summary"], &b[0]["summary"]);
    let mut diffs = Vec::new();
    for locale in locales {
        let locale = *locale;
        for key in [
            "missing",
            "missing_w",
            "report",
            "obsolete",
            "changed",
            "changed_w",
            "unchanged",
            "unchanged_w",
            "keys",
        ] {
            if a[locale][key] != b[locale][key] {
                diffs.push(format!(
                    "{locale}.{key}: fluentpress {} / compare-locales {}",
                    a[locale][key], b[locale][key]
                ));
            }
        }
    }
    diffs
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let value = |flag: &str| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let shape = match value("--shape").as_deref() {
        None | Some("product") => Shape::product(),
        Some("mozilla.org") => Shape::mozilla_org(),
        Some(other) => {
            eprintln!("--shape {other}: expected `product` or `mozilla.org`");
            std::process::exit(2);
        }
    };
    if let Some(dir) = value("--corpus-only") {
        let dir = PathBuf::from(dir);
        let (files, messages, bytes) = generate(&dir, &shape);
        println!(
            "corpus: {} ({files} files, {messages} messages, {:.1} MB)",
            dir.display(),
            bytes as f64 / 1e6
        );
        return;
    }
    let runs: usize = value("--runs")
        .and_then(|r| r.parse().ok())
        .unwrap_or(5)
        .max(1);

    let tmp = tempfile::tempdir().expect("temporary folder");
    let dir = tmp.path().join("corpus");
    let start = Instant::now();
    let (files, messages, bytes) = generate(&dir, &shape);
    println!(
        "corpus ({}): {} locales × {} files × {} messages: {files} files, {messages} messages, {:.1} MB (generated in {:.2?})",
        shape.name,
        shape.locales.len(),
        shape.folders.len() * shape.files_per_folder,
        shape.messages,
        bytes as f64 / 1e6,
        start.elapsed()
    );
    let toml = dir.join("l10n.toml");
    let base = dir.join("l10n");
    // FLUENTPRESS_BIN: another build to measure (an older one, for a before/after).
    let bin = std::env::var_os("FLUENTPRESS_BIN").map_or_else(
        || PathBuf::from(env!("CARGO_BIN_EXE_fluentpress")),
        PathBuf::from,
    );
    let fluentpress = |format: &str| {
        let mut c = Command::new(&bin);
        c.arg("check")
            .arg("--l10n-toml")
            .arg(&toml)
            .arg("--l10n-base")
            .arg(&base)
            .args(["--format", format])
            .env("NO_COLOR", "1");
        c
    };

    let out = tmp.path().join("fluentpress.json");
    let mut walls = Vec::new();
    let mut peak = None;
    for i in 0..runs {
        let r = run(&mut fluentpress("json"), &out);
        println!(
            "fluentpress check --format json  run {}: {:>8.3} s, max RSS {} (exit {:?})",
            i + 1,
            r.wall.as_secs_f64(),
            mib(r.max_rss_kib),
            r.code
        );
        walls.push(r.wall);
        peak = peak.max(r.max_rss_kib);
    }
    walls.sort();
    let median = walls[walls.len() / 2];
    let findings = std::fs::read_to_string(&out)
        .ok()
        .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
        .and_then(|v| v["findings"].as_array().map(|a| a.len()))
        .unwrap_or(0);
    let ours_cl = tmp.path().join("fluentpress-cl.json");
    let r = run(&mut fluentpress("compare-locales"), &ours_cl);
    println!(
        "fluentpress check --format compare-locales: {:>8.3} s, max RSS {}",
        r.wall.as_secs_f64(),
        mib(r.max_rss_kib)
    );
    println!(
        "fluentpress: median {:.3} s (min {:.3} s) over {runs} runs, peak RSS {}, {findings} findings",
        median.as_secs_f64(),
        walls[0].as_secs_f64(),
        mib(peak)
    );

    let Some(cl) = find_compare_locales() else {
        println!("compare-locales: skipped (not installed; set COMPARE_LOCALES or COMPARE_LOCALES_VENV, or put it on PATH)");
        return;
    };
    let theirs = tmp.path().join("compare-locales.json");
    let r = run(
        Command::new(&cl)
            .arg("--json")
            .arg(&theirs)
            .arg(&toml)
            .arg(&base),
        &tmp.path().join("compare-locales.txt"),
    );
    println!(
        "compare-locales {}: {:>8.3} s, max RSS {} (exit {:?})",
        cl.display(),
        r.wall.as_secs_f64(),
        mib(r.max_rss_kib),
        r.code
    );
    println!(
        "ratio: fluentpress is {:.0}× faster than compare-locales (median run; {:.0}× for its fastest)",
        r.wall.as_secs_f64() / median.as_secs_f64(),
        r.wall.as_secs_f64() / walls[0].as_secs_f64()
    );
    if let (Some(ours), Some(theirs)) = (peak, r.max_rss_kib) {
        println!(
            "memory: fluentpress' peak RSS is {:.2}× compare-locales' ({} / {})",
            ours as f64 / theirs.max(1) as f64,
            mib(Some(ours)),
            mib(Some(theirs))
        );
    }
    let diffs = compare_summaries(&ours_cl, &theirs, &shape.locales);
    if diffs.is_empty() {
        println!("compare-locales counts (missing, obsolete, changed, unchanged, words, keys): identical for all {} locales", shape.locales.len());
    } else {
        println!("compare-locales counts differ in {} places:", diffs.len());
        for d in diffs.iter().take(20) {
            println!("  {d}");
        }
    }
}
