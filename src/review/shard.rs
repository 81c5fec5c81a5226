//! `review --shard I/N`: a shard measures and photographs its share of the page × locale
//! jobs and writes them as a part; `merge --review` puts the parts together into the
//! review folder one `review` of every locale would have written.
//!
//! Jobs are split by weight with [`crate::site::shard::assign`], as `build` splits its
//! own, so every runner agrees on its jobs without talking to the others. A part holds
//! its jobs' screenshots, their [`PageReview`]s (what the browser measured, the
//! messages) and their layout findings, with a hash of every file. The review pages are
//! written by the merge only: a translation's page shows the source's pictures beside
//! its own, and those are in the part of the shard that reviewed the source. No shard
//! measures a page × locale it does not own, so the source costs nothing twice;
//! `print-overflow`, which compares a print page's sheets with the source's, is decided
//! by the merge too, over every part.

use super::{finish_findings, ignore_in_git, write_folder, PageReview, ReviewReport, Timings};
use crate::check::shard::StoredFinding;
use crate::finding::Finding;
use crate::fluent::catalog::Catalog;
use crate::project::config::{Config, LocaleConfig, PageConfig};
use crate::project::lock::LOCK_FILE;
use crate::site::manifest::{
    check_part_set, files_of, hash_inputs, other_than_project, sha1_hex, PartHeader, PartKind,
    PartSetError, ShardPart,
};
use crate::site::publish::{PublishError, SiteDir, Staging};
use crate::site::shard::{assign, ShardSpec};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// The part's manifest in its folder.
pub const PART_FILE: &str = "review.json";

/// Version of the part's schema.
pub const PART_VERSION: u32 = 1;

/// What the parts' `inputs` hash, in words, for the error when they differ.
/// A job's browser work in units of about a tenth of a second on two busy cores,
/// from `FLUENTPRESS_TIMINGS=1` on the default site: loading the page and its fonts
/// dominates, then each width's layout, captures and cutting, then printing.
const LOAD_WEIGHT: u64 = 4;
const WIDTH_WEIGHT: u64 = 2;
const PRINT_WEIGHT: u64 = 1;

/// Every page × locale a review of `selected` looks at, page by page, in the config's order.
pub fn jobs<'c>(
    config: &'c Config,
    selected: &[&'c LocaleConfig],
) -> Vec<(&'c PageConfig, &'c LocaleConfig)> {
    config
        .pages
        .iter()
        .flat_map(|page| selected.iter().map(move |locale| (page, *locale)))
        .collect()
}

/// The shard of each of `jobs` when split across `spec.total` shards.
pub fn owned(jobs: &[(&PageConfig, &LocaleConfig)], widths: &[u32], spec: ShardSpec) -> Vec<usize> {
    let weights: Vec<u64> = jobs
        .iter()
        .map(|(page, _)| {
            let print = if page.print_template.is_some() {
                PRINT_WEIGHT
            } else {
                0
            };
            LOAD_WEIGHT + WIDTH_WEIGHT * widths.len() as u64 + print
        })
        .collect();
    assign(&weights, spec.total)
}

/// What one shard of `review` measured, and what it was measured from.
#[derive(Debug, Serialize, Deserialize)]
pub struct ReviewPart {
    /// `inputs`: a hash of the config, locales, templates, lock file and the widths.
    #[serde(flatten)]
    pub header: PartHeader,
    pub shard: ShardSpec,
    pub widths: Vec<u32>,
    /// Page × locale jobs of the whole review, over all shards.
    pub jobs_total: usize,
    /// This shard's jobs, in job order.
    pub pages: Vec<PartPage>,
    /// Every file of the part (its screenshots; relative, `/`-separated) and its SHA-1.
    pub files: BTreeMap<String, String>,
    /// How long this shard took: for the merged `findings.json`, never compared.
    pub timings: Timings,
}

/// One job of a part: its index among all jobs, what the browser saw and what it found
/// (before the config's severities, which the merge applies with `print-overflow`).
#[derive(Debug, Serialize, Deserialize)]
pub struct PartPage {
    pub job: usize,
    pub review: PageReview,
    pub findings: Vec<StoredFinding>,
}

#[derive(Debug, thiserror::Error)]
pub enum ReviewMergeError {
    #[error("{}: cannot read the review part: {reason}\n  hint: pass the folders `review --shard I/N --part DIR` wrote", .path.display())]
    Part { path: PathBuf, reason: String },
    #[error(transparent)]
    Parts(#[from] PartSetError),
    #[error("{}: page `{page}` [{locale}] is also in {}", .path.display(), .other.display())]
    JobTwice {
        path: PathBuf,
        other: PathBuf,
        page: String,
        locale: String,
    },
    #[error("page `{page}` [{locale}] is in no part")]
    JobMissing { page: String, locale: String },
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

impl ShardPart for ReviewPart {
    const KIND: PartKind = PartKind::Review;
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

impl ReviewMergeError {
    /// Refused before anything was written: the review folder is unsafe (exit 2).
    pub fn is_refusal(&self) -> bool {
        matches!(
            self,
            ReviewMergeError::Publish(PublishError::Refused { .. } | PublishError::Outside(_))
        )
    }
}

fn read_error((path, source): (PathBuf, std::io::Error)) -> ReviewMergeError {
    ReviewMergeError::Read { path, source }
}

fn inputs_of(config: &Config, widths: &[u32]) -> Result<String, ReviewMergeError> {
    hash_inputs(config, &format!("review widths={widths:?}"), &[LOCK_FILE]).map_err(read_error)
}

impl ReviewPart {
    /// The part of `spec`'s `pages` (one per owned job, in order) with their per-page
    /// layout `found`, whose screenshots are in `staging`.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn new(
        config: &Config,
        widths: &[u32],
        spec: ShardSpec,
        all_jobs: &[(&PageConfig, &LocaleConfig)],
        pages: &[PageReview],
        found: &[Vec<Finding>],
        report: &ReviewReport,
        staging: &Staging,
    ) -> Result<ReviewPart, ReviewMergeError> {
        let index: HashMap<(&str, &str), usize> = all_jobs
            .iter()
            .enumerate()
            .map(|(i, (page, locale))| ((page.name.as_str(), locale.tag.as_str()), i))
            .collect();
        let pages = pages
            .iter()
            .zip(found)
            .map(|(review, found)| PartPage {
                job: index[&(review.page.as_str(), review.locale.as_str())],
                review: review.clone(),
                findings: found.iter().cloned().map(StoredFinding).collect(),
            })
            .collect();
        let mut files = BTreeMap::new();
        for (name, path) in files_of(staging.path()).map_err(read_error)? {
            let bytes = std::fs::read(&path).map_err(|source| ReviewMergeError::Read {
                path: path.clone(),
                source,
            })?;
            files.insert(name, sha1_hex(&bytes));
        }
        Ok(ReviewPart {
            header: PartHeader::new(PART_VERSION, inputs_of(config, widths)?),
            shard: spec,
            widths: widths.to_vec(),
            jobs_total: all_jobs.len(),
            pages,
            files,
            timings: report.timings.clone(),
        })
    }

    /// Writes the manifest into the part's staging folder.
    pub(super) fn write(&self, staging: &Staging) -> Result<(), PublishError> {
        let json = serde_json::to_string_pretty(self).unwrap_or_default();
        staging.write(PART_FILE, json.as_bytes())
    }

    fn read(dir: &Path) -> Result<ReviewPart, ReviewMergeError> {
        let path = dir.join(PART_FILE);
        let unreadable = |reason: String| ReviewMergeError::Part {
            path: path.clone(),
            reason,
        };
        let text = std::fs::read_to_string(&path).map_err(|e| unreadable(e.to_string()))?;
        let part: ReviewPart =
            serde_json::from_str(&text).map_err(|e| unreadable(e.to_string()))?;
        if part.header.version != PART_VERSION {
            return Err(unreadable(format!(
                "part version {} is not {PART_VERSION}",
                part.header.version
            )));
        }
        Ok(part)
    }
}

/// The parts in `dirs`, checked: same inputs as each other and as `config`'s project
/// now (the merge writes the pages from it), every shard once.
fn read_parts(
    config: &Config,
    dirs: &[PathBuf],
) -> Result<Vec<(PathBuf, ReviewPart)>, ReviewMergeError> {
    let parts = dirs
        .iter()
        .map(|dir| Ok((dir.clone(), ReviewPart::read(dir)?)))
        .collect::<Result<Vec<_>, ReviewMergeError>>()?;
    check_part_set(&parts)?;
    let (first_dir, first) = &parts[0];
    if inputs_of(config, &first.widths)? != first.header.inputs {
        return Err(other_than_project(PartKind::Review, first_dir, &config.root).into());
    }
    Ok(parts)
}

/// Puts the parts in `dirs` together into the review folder `out` (checked like
/// `review -o`, written beside it and swapped in whole): the one a single `review` of
/// every locale writes, but for the timings in `findings.json`, which add up the shards'.
pub fn merge(
    config: &Config,
    dirs: &[PathBuf],
    out: &Path,
) -> Result<ReviewReport, ReviewMergeError> {
    let folder = SiteDir::other(config, out, "the review folder (-o)")?;
    let parts = read_parts(config, dirs)?;
    let jobs_total = parts[0].1.jobs_total;
    let widths = parts[0].1.widths.clone();
    let mut timings = Timings::default();
    // Each file: the part it comes from and its recorded hash.
    let mut files: BTreeMap<String, (PathBuf, String)> = BTreeMap::new();
    let mut slots: Vec<Option<(PartPage, PathBuf)>> = (0..jobs_total).map(|_| None).collect();
    for (dir, part) in parts {
        add_timings(&mut timings, &part.timings);
        for (file, hash) in part.files {
            // Read from the part and written into the folder: never from or to elsewhere.
            if !crate::site::publish::is_inside(&file) {
                return Err(PublishError::Outside(file).into());
            }
            if let Some((other, _)) = files.get(&file) {
                return Err(ReviewMergeError::File {
                    path: dir,
                    file,
                    reason: format!("is also in {}", other.display()),
                });
            }
            files.insert(file, (dir.clone(), hash));
        }
        for page in part.pages {
            let Some(slot) = slots.get_mut(page.job) else {
                return Err(ReviewMergeError::Part {
                    path: dir.join(PART_FILE),
                    reason: format!("job {} of {jobs_total} does not exist", page.job),
                });
            };
            if let Some((_, other)) = slot {
                return Err(ReviewMergeError::JobTwice {
                    path: dir.clone(),
                    other: other.clone(),
                    page: page.review.page,
                    locale: page.review.locale,
                });
            }
            *slot = Some((page, dir.clone()));
        }
    }
    let selected: Vec<&LocaleConfig> = config.locales.iter().collect();
    let all_jobs = jobs(config, &selected);
    let mut pages = Vec::with_capacity(jobs_total);
    let mut found = Vec::with_capacity(jobs_total);
    for (slot, (page, locale)) in slots.into_iter().zip(&all_jobs) {
        let Some((part_page, dir)) = slot else {
            return Err(ReviewMergeError::JobMissing {
                page: page.name.clone(),
                locale: locale.tag.clone(),
            });
        };
        let review = &part_page.review;
        if review.page != page.name || review.locale != locale.tag {
            return Err(ReviewMergeError::Part {
                path: dir.join(PART_FILE),
                reason: format!(
                    "job {} is page `{}` [{}], not `{}` [{}]",
                    part_page.job, page.name, locale.tag, review.page, review.locale
                ),
            });
        }
        pages.push(part_page.review);
        found.push(part_page.findings.into_iter().map(|f| f.0).collect());
    }

    let staging = folder.begin()?;
    for (file, (dir, hash)) in &files {
        let path = dir.join(file);
        let bytes = std::fs::read(&path).map_err(|source| ReviewMergeError::Read {
            path: path.clone(),
            source,
        })?;
        if sha1_hex(&bytes) != *hash {
            return Err(ReviewMergeError::File {
                path: dir.clone(),
                file: file.clone(),
                reason: "differs from the hash its part recorded (changed after the review, \
                         or a broken upload)"
                    .into(),
            });
        }
        staging.write(file, &bytes)?;
    }
    let catalog = Catalog::load(config);
    let findings = finish_findings(config, &catalog, &mut pages, found);
    let screenshots = pages
        .iter()
        .flat_map(|p| &p.measured)
        .flat_map(|m| &m.messages)
        .filter(|m| m.shot.is_some())
        .count();
    let mut report = ReviewReport {
        findings,
        pages,
        browser: None,
        timings,
        screenshots,
        dir: None,
    };
    write_folder(config, &catalog, &report, staging, &widths)?;
    ignore_in_git(config, folder.path());
    report.dir = Some(folder.path().to_path_buf());
    Ok(report)
}

/// `total` plus `part`'s stages: the work of every shard, not the wall time of any.
fn add_timings(total: &mut Timings, part: &Timings) {
    total.build_ms += part.build_ms;
    total.browser_start_ms += part.browser_start_ms;
    total.measure_ms += part.measure_ms;
    total.write_ms += part.write_ms;
    let (t, p) = (&mut total.tabs, &part.tabs);
    t.load_ms += p.load_ms;
    t.layout_ms += p.layout_ms;
    t.capture_ms += p.capture_ms;
    t.crop_ms += p.crop_ms;
    t.files_ms += p.files_ms;
    t.print_ms += p.print_ms;
}
