//! `export` and `import` of a large project: 100 locales × 2,000 messages
//! (4 files × 500: plain text, variables, attributes, plural selects, markup),
//! each locale with a tenth of its messages missing.
//!
//! ```sh
//! cargo bench --bench interchange
//! FLUENTPRESS_BENCH_LOCALES=10 cargo bench --bench interchange   # the 10 locales, one per language
//! ```
//!
//! Export-all writes every locale's XLIFF 2.0 file; import-all reads every
//! locale's file with its missing units filled and writes the `.ftl` files
//! back (the `check` an import runs afterwards is not included). Locales run
//! in parallel, as on the two cores the issue names.
//!
//! Each phase prints its wall time and the CPU time the process spent in it
//! (all threads, user+sys), and the load average around the run: on a
//! machine shared with other work the wall time grows with the load, and
//! CPU time ÷ 2 bounds what the phase takes on two idle cores.

use fluentpress::fluent::catalog::Catalog;
use fluentpress::interchange::apply::{self, Input};
use fluentpress::interchange::xliff::{self, Dialect};
use fluentpress::interchange::{document, Only, Project};
use fluentpress::project::config::Config;
use fluentpress::project::lock::Lock;
use fluentpress::workflow::sync::{self, SyncPlan};
use rayon::prelude::*;
use std::fmt::Write as _;
use std::path::Path;
use std::time::Instant;

const LANGUAGES: [&str; 10] = ["fr", "de", "es", "it", "pl", "ru", "ar", "ja", "cs", "pt"];
const REGIONS: [&str; 10] = ["FR", "DE", "ES", "IT", "PL", "RU", "EG", "JP", "CZ", "BR"];
const FILES: usize = 4;
const PER_FILE: usize = 500;

fn message(i: usize, prefix: &str) -> String {
    match i % 5 {
        0 => format!("m{i} = {prefix}Plain text number {i} for the page.\n"),
        1 => format!("m{i} = {prefix}Hello {{ $name }}, you have item {i}.\n"),
        2 => format!("m{i} = {prefix}Title {i}\n    .alt = {prefix}Alternative {i}\n"),
        3 => format!(
            "m{i} =\n    {{ $n ->\n        [one] {prefix}One thing {i}\n       *[other] {prefix}{{ $n }} things {i}\n    }}\n"
        ),
        _ => format!("m{i} = {prefix}Read <strong>the story {i}</strong> on {{ -brand }}.\n"),
    }
}

fn corpus(root: &Path, tags: &[String]) {
    let mut config = String::from("source_locale = \"en\"\nbase_url = \"https://bench.example.org\"\n\n[locales.en]\nendonym = \"English\"\n");
    for tag in tags {
        let _ = write!(config, "\n[locales.{tag}]\nendonym = \"{tag}\"\n");
    }
    std::fs::write(root.join("fluentpress.toml"), config).unwrap();
    for (l, tag) in std::iter::once("en".to_string())
        .chain(tags.iter().cloned())
        .enumerate()
    {
        let dir = root.join("locales").join(&tag);
        std::fs::create_dir_all(&dir).unwrap();
        for f in 0..FILES {
            let mut text = if f == 0 {
                String::from("-brand = Bench\n\n")
            } else {
                String::new()
            };
            for i in f * PER_FILE..(f + 1) * PER_FILE {
                // A tenth of each translation is missing, a different tenth per locale.
                if l > 0 && (i + l) % 10 == 0 {
                    continue;
                }
                text.push_str(&message(i, if l == 0 { "" } else { "T " }));
                text.push('\n');
            }
            std::fs::write(dir.join(format!("f{f}.ftl")), text).unwrap();
        }
    }
}

/// Every unit without a target gets its source, marked.
fn fill(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    let mut source = "";
    for line in text.split_inclusive('\n') {
        if let Some(rest) = line.trim().strip_prefix("<source xml:space=\"preserve\">") {
            source = rest.trim_end_matches("</source>");
        }
        if line.trim() == "</segment>" && !out.trim_end().ends_with("</target>") {
            let _ = writeln!(
                out,
                "        <target xml:space=\"preserve\">X {source}</target>"
            );
        }
        out.push_str(line);
    }
    out
}

/// CPU time the whole process has used so far (every thread, user and system).
fn cpu_seconds() -> f64 {
    // SAFETY: getrusage only writes the struct it is given.
    let usage = unsafe {
        let mut usage = std::mem::zeroed::<libc::rusage>();
        libc::getrusage(libc::RUSAGE_SELF, &mut usage);
        usage
    };
    let seconds = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    seconds(usage.ru_utime) + seconds(usage.ru_stime)
}

/// CPU time of the calling thread, for the phases inside one locale's import.
fn thread_cpu_seconds() -> f64 {
    // SAFETY: getrusage only writes the struct it is given.
    let usage = unsafe {
        let mut usage = std::mem::zeroed::<libc::rusage>();
        libc::getrusage(libc::RUSAGE_THREAD, &mut usage);
        usage
    };
    let seconds = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    seconds(usage.ru_utime) + seconds(usage.ru_stime)
}

/// CPU time summed over threads, in microseconds, per import phase.
static PHASES: [std::sync::atomic::AtomicU64; 3] = [
    std::sync::atomic::AtomicU64::new(0),
    std::sync::atomic::AtomicU64::new(0),
    std::sync::atomic::AtomicU64::new(0),
];

fn phase<T>(n: usize, f: impl FnOnce() -> T) -> T {
    let cpu = thread_cpu_seconds();
    let out = f();
    let spent = ((thread_cpu_seconds() - cpu) * 1e6) as u64;
    PHASES[n].fetch_add(spent, std::sync::atomic::Ordering::Relaxed);
    out
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    // FLUENTPRESS_BENCH_LOCALES=10 makes a run small enough for callgrind;
    // spread over the languages, whose plural categories differ.
    let count = std::env::var("FLUENTPRESS_BENCH_LOCALES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(LANGUAGES.len() * REGIONS.len());
    let tags: Vec<String> = LANGUAGES
        .iter()
        .flat_map(|l| REGIONS.iter().map(move |r| format!("{l}-{r}")))
        .step_by((LANGUAGES.len() * REGIONS.len() / count.max(1)).max(1))
        .take(count)
        .collect();
    corpus(root, &tags);
    let files = root.join("xliff");
    std::fs::create_dir_all(&files).unwrap();

    let start = Instant::now();
    let cpu = cpu_seconds();
    let config = Config::load(root).unwrap();
    let catalog = Catalog::load(&config);
    let lock = Lock::load(root).unwrap();
    let project = Project::new(&config, &catalog, &lock);
    let units: usize = tags
        .par_iter()
        .map(|tag| {
            let doc = document(&project, tag, Only::All).unwrap();
            std::fs::write(
                files.join(format!("{tag}.xlf")),
                xliff::write(&doc, Dialect::V20),
            )
            .unwrap();
            doc.files.iter().map(|f| f.units.len()).sum::<usize>()
        })
        .sum();
    let export = start.elapsed();
    println!("load average before: {}", load_average());
    let export_cpu = cpu_seconds() - cpu;
    println!(
        "export-all: {} locales, {units} units, {:.3} s wall, {export_cpu:.3} s CPU (user+sys; ÷ 2 = {:.3} s on two idle cores)",
        tags.len(),
        export.as_secs_f64(),
        export_cpu / 2.0
    );

    println!("exported XLIFF digest: {}", digest(&files));

    for tag in &tags {
        let path = files.join(format!("{tag}.xlf"));
        let filled = fill(&std::fs::read_to_string(&path).unwrap());
        std::fs::write(path, filled).unwrap();
    }

    let start = Instant::now();
    let cpu = cpu_seconds();
    let catalog = Catalog::load(&config);
    let project = Project::new(&config, &catalog, &lock);
    let load_cpu = cpu_seconds() - cpu;
    let written: usize = tags
        .par_iter()
        .map(|tag| {
            let path = files.join(format!("{tag}.xlf"));
            let text = std::fs::read_to_string(&path).unwrap();
            let imported = phase(0, || xliff::read(&path, &text).unwrap());
            let input = Input {
                path,
                text,
                imported,
                plain: false,
            };
            let plan = phase(1, || apply::plan(&project, tag, vec![input]).unwrap());
            let units = plan.units;
            phase(2, || {
                sync::apply(&SyncPlan {
                    changes: plan.changes,
                    ..SyncPlan::default()
                })
                .unwrap()
            });
            units
        })
        .sum();
    let import = start.elapsed();
    let import_cpu = cpu_seconds() - cpu;
    println!(
        "import-all: {} locales, {written} units written back, {:.3} s wall, {import_cpu:.3} s CPU (user+sys; ÷ 2 = {:.3} s on two idle cores)",
        tags.len(),
        import.as_secs_f64(),
        import_cpu / 2.0
    );
    let spent = |n: usize| PHASES[n].load(std::sync::atomic::Ordering::Relaxed) as f64 / 1e6;
    println!(
        "  import CPU by phase: catalog {load_cpu:.3} s, reading XLIFF {:.3} s, planning {:.3} s, writing .ftl {:.3} s",
        spent(0),
        spent(1),
        spent(2)
    );
    println!("load average after: {}", load_average());
    println!("written .ftl digest: {}", digest(&root.join("locales")));
}

/// One SHA-1 over every file under `dir` (paths and bytes, in path order),
/// so a change meant only for speed can show it writes the same bytes.
fn digest(dir: &Path) -> String {
    use sha1::Digest as _;
    let mut paths: Vec<_> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    paths.sort();
    let mut hasher = sha1::Sha1::new();
    for path in paths {
        hasher.update(path.strip_prefix(dir).unwrap().to_string_lossy().as_bytes());
        hasher.update(std::fs::read(&path).unwrap());
    }
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The 1, 5 and 15 minute load averages: wall times mean little on a busy machine.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".into())
}
