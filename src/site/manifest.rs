//! A shard's part of a build and its manifest, and `merge`, which puts the parts
//! together into `out/`.
//!
//! A part holds the files its jobs wrote (the first part also the chooser, the sitemap
//! and the assets) and [`MANIFEST`]: what inputs it was built from, which of the
//! build's jobs it did, their build report entries and a hash of every file. `merge`
//! takes the parts only when they were built from the same inputs and cover every job
//! exactly once, so the merged `out/` is the one a single build would have written.

use crate::project::config::{Config, CONFIG_FILE};
use crate::project::walk::Walk;
use crate::site::build::{BuildOptions, BuildReport, PageReport, PdfSummary, REPORT_VERSION};
use crate::site::publish::{PublishError, SiteDir, MARKER};
use crate::site::shard::ShardSpec;
use serde::{Deserialize, Serialize};
use sha1::{Digest, Sha1};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The manifest's name in a part.
pub const MANIFEST: &str = "shard.json";

/// Version of the manifest's schema.
pub const MANIFEST_VERSION: u32 = 1;

/// What a part of a sharded run (a build's [`Manifest`], a check's
/// [`crate::check::shard::CheckPart`]) was made from: parts merge only when it agrees.
#[derive(Debug, Serialize, Deserialize)]
pub struct PartHeader {
    /// Of the part's schema.
    pub version: u32,
    /// The fluentpress that made the part: parts of two versions may differ.
    pub tool: String,
    /// A hash of everything the run read.
    pub inputs: String,
}

impl PartHeader {
    pub fn new(version: u32, inputs: String) -> PartHeader {
        PartHeader {
            version,
            tool: env!("CARGO_PKG_VERSION").into(),
            inputs,
        }
    }

    /// What differs between two parts' headers, in words (`inputs` says what the inputs
    /// are), or `None` when they may be merged.
    pub fn differs_from(&self, other: &PartHeader, inputs: &'static str) -> Option<&'static str> {
        if self.tool != other.tool {
            Some("fluentpress versions")
        } else if self.inputs != other.inputs {
            Some(inputs)
        } else {
            None
        }
    }
}

/// Which command's parts a merge puts together: the words its errors use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartKind {
    Build,
    Check,
    Review,
}

impl PartKind {
    /// `merge`'s flag for these parts.
    fn flag(self) -> &'static str {
        match self {
            PartKind::Build => "",
            PartKind::Check => " --check",
            PartKind::Review => " --review",
        }
    }

    /// How users name one shard of the run.
    fn shard_name(self) -> &'static str {
        match self {
            PartKind::Build => "shard",
            PartKind::Check => "check shard",
            PartKind::Review => "review shard",
        }
    }

    /// What the run read, in words: parts merge only when all of it agrees.
    pub fn inputs(self) -> &'static str {
        match self {
            PartKind::Build => "config, locales, templates or build options",
            PartKind::Check => "config, locales, templates, lock file or gate options",
            PartKind::Review => "config, locales, templates, lock file or widths",
        }
    }

    fn made(self) -> &'static str {
        match self {
            PartKind::Build => "built",
            PartKind::Check => "checked",
            PartKind::Review => "reviewed",
        }
    }

    fn same_inputs_hint(self) -> &'static str {
        match self {
            PartKind::Build => "build every shard from the same commit, options and fluentpress",
            PartKind::Check => "check every shard, and merge, in the same commit with the same options and fluentpress",
            PartKind::Review => "review every shard, and merge, in the same commit with the same --width and fluentpress",
        }
    }

    fn parts_glob(self) -> &'static str {
        match self {
            PartKind::Build => "shards/*",
            PartKind::Check => "shards/check-*",
            PartKind::Review => "shards/review-*",
        }
    }
}

/// A part of a sharded run as every merge checks it: which shard it is, what it was
/// made from, and whether it belongs to the same split of the run as another part.
pub trait ShardPart {
    const KIND: PartKind;
    fn shard(&self) -> ShardSpec;
    fn header(&self) -> &PartHeader;
    /// Split the same way as `other`: the same shard count and the same work list.
    fn same_split(&self, other: &Self) -> bool;
}

/// Why a set of parts cannot be merged.
#[derive(Debug, thiserror::Error)]
pub enum PartSetError {
    #[error("merge{}: no parts given\n  hint: fluentpress merge{} {}", .0.flag(), .0.flag(), .0.parts_glob())]
    NoParts(PartKind),
    #[error("{}: {} from other inputs than {} ({what} differ)\n  hint: {}", .path.display(), .kind.made(), .first.display(), .kind.same_inputs_hint())]
    OtherInputs {
        kind: PartKind,
        path: PathBuf,
        first: PathBuf,
        what: &'static str,
    },
    #[error("{} {shard} is given twice: {} and {}", .kind.shard_name(), .first.display(), .second.display())]
    Duplicate {
        kind: PartKind,
        shard: ShardSpec,
        first: PathBuf,
        second: PathBuf,
    },
    #[error("{} {shard} is missing{}", .kind.shard_name(), more_missing(.more))]
    Missing {
        kind: PartKind,
        shard: ShardSpec,
        more: Vec<String>,
    },
}

/// Checks the parts (in the order given) of one merge: same inputs and split, and
/// every shard exactly once.
pub fn check_part_set<P: ShardPart>(parts: &[(PathBuf, P)]) -> Result<(), PartSetError> {
    let kind = P::KIND;
    let Some((first_path, first)) = parts.first() else {
        return Err(PartSetError::NoParts(kind));
    };
    for (i, (path, part)) in parts.iter().enumerate().skip(1) {
        let what = part
            .header()
            .differs_from(first.header(), kind.inputs())
            .or((!part.same_split(first)).then_some("shard counts"));
        if let Some(what) = what {
            return Err(PartSetError::OtherInputs {
                kind,
                path: path.clone(),
                first: first_path.clone(),
                what,
            });
        }
        if let Some((other, _)) = parts[..i].iter().find(|(_, p)| p.shard() == part.shard()) {
            return Err(PartSetError::Duplicate {
                kind,
                shard: part.shard(),
                first: other.clone(),
                second: path.clone(),
            });
        }
    }
    let total = first.shard().total;
    let mut missing = (0..total)
        .map(|index| ShardSpec { index, total })
        .filter(|s| !parts.iter().any(|(_, p)| p.shard() == *s));
    if let Some(shard) = missing.next() {
        let more = missing.map(|s| s.to_string()).collect();
        return Err(PartSetError::Missing { kind, shard, more });
    }
    Ok(())
}

/// The parts were made from other inputs than the project as it is now.
pub fn other_than_project(kind: PartKind, part: &Path, root: &Path) -> PartSetError {
    PartSetError::OtherInputs {
        kind,
        path: part.to_path_buf(),
        first: root.to_path_buf(),
        what: kind.inputs(),
    }
}

/// `(and 2/3, 3/3)` after the first missing shard, or nothing.
fn more_missing(more: &[String]) -> String {
    if more.is_empty() {
        String::new()
    } else {
        format!(" (and {})", more.join(", "))
    }
}

#[derive(Debug, Serialize, Deserialize)]
pub struct Manifest {
    /// `inputs`: a hash of everything the build read: config, locales, templates, assets,
    /// options.
    #[serde(flatten)]
    pub header: PartHeader,
    pub shard: ShardSpec,
    /// Jobs (page × locale, pseudo-locales last) of the whole build, over all shards.
    pub jobs_total: usize,
    /// This part's jobs, by index, with their build report entries in the same order.
    pub jobs: Vec<usize>,
    pub pages: Vec<PageReport>,
    pub pdf: PdfSummary,
    /// Every file of the part (relative to it, `/`-separated) and its SHA-1.
    pub files: BTreeMap<String, String>,
}

#[derive(Debug, thiserror::Error)]
pub enum MergeError {
    #[error("{}: cannot read the shard manifest: {reason}\n  hint: pass the folders `build --shard I/N --part DIR` wrote", .path.display())]
    Manifest { path: PathBuf, reason: String },
    #[error(transparent)]
    Parts(#[from] PartSetError),
    #[error("{}: job {job} ({page} [{locale}]) is also in {}", .path.display(), .other.display())]
    JobTwice {
        path: PathBuf,
        other: PathBuf,
        job: usize,
        page: String,
        locale: String,
    },
    #[error("job {0} of {1} is in no part")]
    JobMissing(usize, usize),
    #[error("{}: `{file}` {reason}", .path.display())]
    File {
        path: PathBuf,
        file: String,
        reason: String,
    },
    #[error("cannot read {}: {source}", .path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    Publish(#[from] PublishError),
}

impl MergeError {
    /// Refused before anything was written: the site folder is unsafe.
    pub fn is_refusal(&self) -> bool {
        matches!(
            self,
            MergeError::Publish(PublishError::Refused { .. } | PublishError::Outside(_))
        )
    }
}

impl ShardPart for Manifest {
    const KIND: PartKind = PartKind::Build;
    fn shard(&self) -> ShardSpec {
        self.shard
    }
    fn header(&self) -> &PartHeader {
        &self.header
    }
    fn same_split(&self, other: &Self) -> bool {
        self.shard.total == other.shard.total && self.jobs_total == other.jobs_total
    }
}

pub(crate) fn sha1_hex(bytes: &[u8]) -> String {
    Sha1::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Every file under `dir` but the marker and the manifest, by its `/`-separated path.
pub(crate) fn files_of(dir: &Path) -> Result<BTreeMap<String, PathBuf>, (PathBuf, std::io::Error)> {
    let walked = Walk::new(dir).run();
    if let Some(problem) = walked.problems.into_iter().next() {
        return Err((
            dir.to_path_buf(),
            std::io::Error::other(problem.to_string()),
        ));
    }
    let mut out = BTreeMap::new();
    for file in walked.files {
        let Ok(relative) = file.strip_prefix(dir) else {
            continue;
        };
        let name: Vec<String> = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let name = name.join("/");
        if name != MARKER && name != MANIFEST {
            out.insert(name, file);
        }
    }
    Ok(out)
}

/// A hash of what a build of `config` with `options` reads, so that parts built from
/// different commits or with different options are not merged.
fn inputs_hash(
    config: &Config,
    options: &BuildOptions,
    links_pdfs: bool,
) -> Result<String, (PathBuf, std::io::Error)> {
    let options_text = format!(
        "pseudo={} bilingual={:?} pdf={} links_pdfs={}",
        options.pseudo, options.bilingual, options.pdf, links_pdfs
    );
    hash_inputs(config, &options_text, &[])
}

/// A hash of the tool's version, `options_text`, the config, the locales and the
/// templates, and the files `extra` names under the project root (missing ones as empty).
pub(crate) fn hash_inputs(
    config: &Config,
    options_text: &str,
    extra: &[&str],
) -> Result<String, (PathBuf, std::io::Error)> {
    let mut hash = Sha1::new();
    let mut add = |label: &str, bytes: &[u8]| {
        hash.update((label.len() as u64).to_le_bytes());
        hash.update(label.as_bytes());
        hash.update((bytes.len() as u64).to_le_bytes());
        hash.update(bytes);
    };
    add("tool", env!("CARGO_PKG_VERSION").as_bytes());
    add("options", options_text.as_bytes());
    for name in std::iter::once(&CONFIG_FILE).chain(extra) {
        let text = std::fs::read(config.root.join(name)).unwrap_or_default();
        add(name, &text);
    }
    for (label, dir) in [
        ("locales", config.locales_dir()),
        ("templates", config.templates_dir()),
    ] {
        for (name, path) in files_of(&dir)? {
            let bytes = std::fs::read(&path).map_err(|e| (path.clone(), e))?;
            add(&format!("{label}/{name}"), &bytes);
        }
    }
    Ok(sha1_hex(&hash.finalize()))
}

impl Manifest {
    /// The manifest of a part just written into `dir`.
    #[allow(clippy::too_many_arguments)]
    pub fn of_part(
        config: &Config,
        options: &BuildOptions,
        links_pdfs: bool,
        shard: ShardSpec,
        jobs_total: usize,
        jobs: Vec<usize>,
        report: &BuildReport,
        dir: &Path,
    ) -> Result<Manifest, (PathBuf, std::io::Error)> {
        let mut files = BTreeMap::new();
        for (name, path) in files_of(dir)? {
            // Every part has the assets its print pages were printed with; the first
            // part gives them to the site.
            if shard.index != 0 && name.starts_with("assets/") {
                continue;
            }
            let bytes = std::fs::read(&path).map_err(|e| (path.clone(), e))?;
            files.insert(name, sha1_hex(&bytes));
        }
        // Through JSON, so the part keeps exactly what the report would publish.
        let pages = serde_json::to_value(&report.pages)
            .and_then(serde_json::from_value)
            .map_err(|e| (dir.to_path_buf(), std::io::Error::other(e)))?;
        Ok(Manifest {
            header: PartHeader::new(MANIFEST_VERSION, inputs_hash(config, options, links_pdfs)?),
            shard,
            jobs_total,
            jobs,
            pages,
            pdf: PdfSummary {
                requested: report.pdf.requested,
                printed: report.pdf.printed,
                skipped: report.pdf.skipped.clone(),
                ..PdfSummary::default()
            },
            files,
        })
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    fn read(dir: &Path) -> Result<Manifest, MergeError> {
        let path = dir.join(MANIFEST);
        let text = std::fs::read_to_string(&path).map_err(|e| MergeError::Manifest {
            path: path.clone(),
            reason: e.to_string(),
        })?;
        let manifest: Manifest = serde_json::from_str(&text).map_err(|e| MergeError::Manifest {
            path: path.clone(),
            reason: e.to_string(),
        })?;
        if manifest.header.version != MANIFEST_VERSION
            || manifest.jobs.len() != manifest.pages.len()
        {
            return Err(MergeError::Manifest {
                path,
                reason: format!(
                    "manifest version {} is not {MANIFEST_VERSION}, or its jobs and pages differ",
                    manifest.header.version
                ),
            });
        }
        Ok(manifest)
    }
}

/// The parts in `dirs`, checked: same inputs, every shard once.
fn read_parts(dirs: &[PathBuf]) -> Result<Vec<(PathBuf, Manifest)>, MergeError> {
    let parts = dirs
        .iter()
        .map(|dir| Ok((dir.clone(), Manifest::read(dir)?)))
        .collect::<Result<Vec<_>, MergeError>>()?;
    check_part_set(&parts)?;
    Ok(parts)
}

/// Puts the parts in `dirs` together into `site` (the config's `out/`): their files,
/// and the build report of every job in the order a single build writes it.
pub fn merge(site: &SiteDir, dirs: &[PathBuf]) -> Result<BuildReport, MergeError> {
    let parts = read_parts(dirs)?;
    let jobs_total = parts[0].1.jobs_total;
    let mut pdf = PdfSummary::default();
    // Each file: the part it comes from and its recorded hash.
    let mut files: BTreeMap<String, (PathBuf, String)> = BTreeMap::new();
    let mut pages: Vec<Option<(PageReport, PathBuf)>> = (0..jobs_total).map(|_| None).collect();
    for (dir, manifest) in parts {
        for (file, hash) in manifest.files {
            if let Some((other, _)) = files.get(&file) {
                return Err(MergeError::File {
                    path: dir.clone(),
                    file,
                    reason: format!("is also in {}", other.display()),
                });
            }
            files.insert(file, (dir.clone(), hash));
        }
        pdf.requested |= manifest.pdf.requested;
        pdf.printed += manifest.pdf.printed;
        if pdf.skipped.is_none() {
            pdf.skipped = manifest.pdf.skipped;
        }
        for (job, page) in manifest.jobs.into_iter().zip(manifest.pages) {
            let slot = pages
                .get_mut(job)
                .ok_or(MergeError::JobMissing(job, jobs_total))?;
            if let Some((_, other)) = slot {
                return Err(MergeError::JobTwice {
                    path: dir.clone(),
                    other: other.clone(),
                    job,
                    page: page.page,
                    locale: page.locale,
                });
            }
            *slot = Some((page, dir.clone()));
        }
    }
    let mut report_pages = Vec::with_capacity(jobs_total);
    for (job, page) in pages.into_iter().enumerate() {
        let (page, _) = page.ok_or(MergeError::JobMissing(job, jobs_total))?;
        report_pages.push(page);
    }
    let staging = site.begin()?;
    for (file, (dir, hash)) in &files {
        if !crate::site::publish::is_inside(file) {
            return Err(PublishError::Outside(file.clone()).into());
        }
        let path = dir.join(file);
        let bytes = std::fs::read(&path).map_err(|source| MergeError::Read {
            path: path.clone(),
            source,
        })?;
        if sha1_hex(&bytes) != *hash {
            return Err(MergeError::File {
                path: dir.clone(),
                file: file.clone(),
                reason: "differs from the hash its manifest recorded (changed after the \
                         build, or a broken upload)"
                    .into(),
            });
        }
        // A site merged again from the same parts (or built before) keeps its files,
        // and a later `build --cache` finds them as it recorded them.
        staging.write_or_link(file, &bytes)?;
    }
    let report = BuildReport {
        version: REPORT_VERSION,
        pages: report_pages,
        pdf,
        cache: Default::default(),
        timings: Default::default(),
    };
    staging.write_or_link("build-report.json", report.to_json().as_bytes())?;
    staging.publish()?;
    Ok(report)
}
