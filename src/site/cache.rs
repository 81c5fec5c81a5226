//! Content-keyed caches for `build --cache DIR`, shareable between runs and runners (a
//! CI cache, a network folder): rendered pages and printed PDFs.
//!
//! A page (one page × locale × output, web or print) is keyed by what its render reads:
//! the template and every template it extends, includes or imports, the values the
//! template is given (the config's, the page's coverage, which locales it is published
//! in, so the language switcher and hreflang alternates), the locales of its fallback
//! chain, the messages it looked up in each bundle of that chain (and every message or
//! term those reference) and fluentpress' version. The messages are known only after a
//! render, so the cache keeps, per page, the messages its last render read; a build asks
//! for those messages' current text, and an unchanged answer is the rendered page. A
//! render reads the same messages whenever everything else in the key is the same, so
//! the answer is the page this build would render.
//!
//! A PDF is keyed by everything its printing reads that fluentpress knows: the print
//! page's HTML (which holds every message it used, through the fallback chain, as
//! rendered from the templates and the config), where it sits in the site, the assets
//! it links, the browser, fluentpress' version and `SOURCE_DATE_EPOCH`. An unchanged
//! key is copied instead of printed. Fonts installed on the machine are not in the key:
//! a cache must not be shared between machines with different fonts.

use crate::fluent::catalog::{Catalog, Unit};
use crate::fluent::references::used_ids;
use crate::project::config::{Config, LocaleConfig, PageConfig};
use crate::project::process::write_replacing;
use crate::render::{MessageRead, RenderLog, Templates};
use crate::site::publish::FileId;
use sha1::{Digest, Sha1};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The hash of `value` as JSON, in hex: a part of a key worked out once and used in many.
pub fn json_key(value: &impl serde::Serialize) -> String {
    hex(&Sha1::digest(serde_json::to_vec(value).unwrap_or_default()))
}

/// Adds `bytes` to `hash` with their length first, so no two sequences of parts hash
/// alike.
fn add(hash: &mut Sha1, bytes: &[u8]) {
    hash.update((bytes.len() as u64).to_le_bytes());
    hash.update(bytes);
}

/// A cache folder, and the part of every key that is the same for the whole build.
pub struct PdfCache {
    dir: PathBuf,
    build_key: Vec<u8>,
}

impl PdfCache {
    pub fn new(dir: &Path, assets: &Path, browser: Option<&Path>, epoch: Option<i64>) -> PdfCache {
        let mut hash = Sha1::new();
        hash.update(b"fluentpress-pdf-cache-1\0");
        hash.update(env!("CARGO_PKG_VERSION").as_bytes());
        hash.update(format!("\0{browser:?}\0{epoch:?}\0").as_bytes());
        // Sorted by the walk, so the key does not depend on directory order.
        for file in crate::project::walk::Walk::new(assets).run().files {
            let name = file.strip_prefix(assets).unwrap_or(&file);
            hash.update(name.to_string_lossy().as_bytes());
            hash.update(b"\0");
            hash.update(std::fs::read(&file).unwrap_or_default());
            hash.update(b"\0");
        }
        PdfCache {
            dir: dir.join("pdf"),
            build_key: hash.finalize().to_vec(),
        }
    }

    /// The key of the PDF of `html` (its content), at `path` relative to the site.
    pub fn key(&self, path: &str, html: &[u8]) -> String {
        let mut hash = Sha1::new();
        hash.update(&self.build_key);
        hash.update(path.as_bytes());
        hash.update(b"\0");
        hash.update(html);
        hex(&hash.finalize())
    }

    /// Whether the PDF of `key` is in the cache.
    pub fn has(&self, key: &str) -> bool {
        self.dir.join(format!("{key}.pdf")).is_file()
    }

    /// The cached PDF of `key`, if there is one.
    pub fn read(&self, key: &str) -> Option<Vec<u8>> {
        std::fs::read(self.dir.join(format!("{key}.pdf"))).ok()
    }

    /// Keeps `pdf` under `key`, whole or not at all, so a runner reading the shared
    /// folder never sees half a file; a failure only costs a print.
    pub fn store(&self, key: &str, pdf: &Path) {
        if let Ok(bytes) = std::fs::read(pdf) {
            if std::fs::create_dir_all(&self.dir).is_ok() {
                let _ = write_replacing(&self.dir.join(format!("{key}.pdf")), bytes);
            }
        }
    }
}

/// A page as the cache keeps it: its HTML and what its render logged.
pub struct CachedPage {
    pub html: String,
    pub log: RenderLog,
}

/// A page file's text: in memory, or still in the site folder being replaced, which
/// holds it byte for byte (as the [`SiteRecord`] and the file's [`FileId`] say), so that
/// staging links it without anyone reading it.
pub enum PageText {
    Text(String),
    /// A cache entry as read, the HTML from `start` (after the log): checked as UTF-8
    /// only when read as text, as nearly every cached page is only copied.
    Stored {
        bytes: Vec<u8>,
        start: usize,
    },
    Published {
        path: PathBuf,
        file: FileId,
    },
}

impl PageText {
    /// The text, read from the site folder if it is there.
    pub fn get(&self) -> std::io::Result<std::borrow::Cow<'_, str>> {
        match self {
            PageText::Text(text) => Ok(text.into()),
            PageText::Stored { bytes, start } => std::str::from_utf8(&bytes[*start..])
                .map(Into::into)
                .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e)),
            PageText::Published { path, .. } => String::from_utf8(std::fs::read(path)?)
                .map(Into::into)
                .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e)),
        }
    }
}

/// A page file of this build as the cache knows it, for the [`SiteRecord`]: the slot it
/// is in, the messages its render read (as stored), the entry that holds it and its log
/// (as stored). The stored bytes are shared by every page file that has the same.
#[derive(Clone)]
pub struct Entry {
    slot: String,
    reads: Arc<[u8]>,
    key: String,
    log: Arc<[u8]>,
}

impl Entry {
    /// A file of the site made from nothing but what `key` is a hash of (no messages):
    /// recorded, so that a later build whose key is the same takes the file the site
    /// folder holds instead of making it again.
    pub fn made(key: String) -> Entry {
        let empty: Arc<[u8]> = Arc::from(&b""[..]);
        Entry {
            slot: String::new(),
            reads: Arc::clone(&empty),
            key,
            log: empty,
        }
    }
}

/// A page taken from the cache, and where it was found.
pub struct Fetched {
    pub text: PageText,
    pub log: RenderLog,
    pub entry: Entry,
}

impl CachedPage {
    /// The log as one line of JSON, then the HTML as it is: a cached build reads a
    /// thousand of these, and HTML inside a JSON string cost most of that read in
    /// unescaping.
    fn to_bytes(&self) -> Option<Vec<u8>> {
        let mut bytes = serde_json::to_vec(&self.log).ok()?;
        bytes.push(b'\n');
        bytes.extend_from_slice(self.html.as_bytes());
        Some(bytes)
    }

    #[cfg(test)]
    fn from_bytes(mut bytes: Vec<u8>) -> Option<CachedPage> {
        let start = Self::html_start(&bytes)?;
        let log = serde_json::from_slice(&bytes[..start]).ok()?;
        bytes.drain(..start);
        Some(CachedPage {
            html: String::from_utf8(bytes).ok()?,
            log,
        })
    }

    /// Where the HTML of a stored page starts: compact JSON has no raw newline, so the
    /// first one ends the log.
    fn html_start(bytes: &[u8]) -> Option<usize> {
        Some(bytes.iter().position(|&b| b == b'\n')? + 1)
    }
}

/// Where one page × locale × output sits in the cache: a hash of everything its render
/// reads but the messages.
#[derive(Clone)]
pub struct Slot(String);

/// What a page × locale × output is rendered from, besides its messages.
pub struct SlotInputs<'a, C: serde::Serialize> {
    pub template: &'a str,
    /// Where it is written, relative to the site.
    pub path: &'a str,
    /// The values the template is given.
    pub context: &'a C,
    /// The page's locale, then its fallbacks.
    pub chain: &'a [&'a LocaleConfig],
}

/// Every message's and term's key in one locale's files of one page: its own text and
/// that of everything it references, directly or not.
type MessageKeys = HashMap<String, [u8; 20]>;

/// [`MessageKeys`] by locale and a page's resources.
type MessageKeysByPage = HashMap<(String, Vec<String>), Arc<MessageKeys>>;

/// The rendered pages of a cache folder, and what every key of this build shares.
pub struct PageCache<'c> {
    dir: PathBuf,
    build_key: Vec<u8>,
    /// Each template's key: its source and that of every template it uses.
    templates: BTreeMap<String, [u8; 20]>,
    catalog: &'c Catalog,
    /// By locale and the page's resources, worked out once for all pages that share them.
    messages: Mutex<MessageKeysByPage>,
    /// [`PageCache::reads_key`] by the page's resources and the stored reads as bytes:
    /// every page of a template in a locale reads the same messages, and parsing and
    /// hashing those reads once per page file was a third of a cached build's rendering.
    reads_keys: Mutex<ReadsKeys>,
    /// Every distinct stored reads and log of this build, so that page files with the
    /// same share one copy (and the [`SiteRecord`] keeps one).
    stored: Mutex<HashSet<Arc<[u8]>>>,
    /// The site folder this build replaces, and what its last build with this cache
    /// published there.
    site: PathBuf,
    record: Option<SiteRecord>,
    /// [`PageCache::reads_key`] by the record's reads (their index) and the page's
    /// resources.
    record_keys: Mutex<RecordKeys>,
}

/// [`PageCache::reads_key`]s by the record's reads (their index), then by resources.
type RecordKeys = HashMap<usize, HashMap<Vec<String>, [u8; 20]>>;

/// [`PageCache::reads_key`]s by resources, then by the reads' JSON.
type ReadsKeys = HashMap<Vec<String>, HashMap<Vec<u8>, [u8; 20]>>;

impl<'c> PageCache<'c> {
    /// The cache in `dir` for a build of `site`.
    pub fn new(
        dir: &Path,
        site: &Path,
        config: &Config,
        templates: &Templates,
        catalog: &'c Catalog,
    ) -> PageCache<'c> {
        let mut hash = Sha1::new();
        add(&mut hash, b"fluentpress-page-cache-3");
        add(&mut hash, env!("CARGO_PKG_VERSION").as_bytes());
        // Whether pages link PDFs, whether they are marked for `review`.
        add(&mut hash, templates.globals().as_bytes());
        add(&mut hash, config.base_url.as_bytes());
        add(&mut hash, &config.limits.template_fuel.to_le_bytes());
        let dir = dir.join("pages");
        let record = SiteRecord::load(&SiteRecord::path(&dir, site));
        PageCache {
            dir,
            build_key: hash.finalize().to_vec(),
            templates: template_keys(templates),
            catalog,
            messages: Mutex::default(),
            reads_keys: Mutex::default(),
            stored: Mutex::default(),
            site: site.to_path_buf(),
            record,
            record_keys: Mutex::default(),
        }
    }

    /// `bytes` as stored, shared with every page file that stored the same.
    fn shared(&self, bytes: Vec<u8>) -> Arc<[u8]> {
        let mut stored = self.stored.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(known) = stored.get(&bytes[..]) {
            return Arc::clone(known);
        }
        let new: Arc<[u8]> = bytes.into();
        stored.insert(Arc::clone(&new));
        new
    }

    pub fn slot(&self, of: &SlotInputs<impl serde::Serialize>) -> Slot {
        let mut hash = Sha1::new();
        add(&mut hash, &self.build_key);
        add(&mut hash, of.template.as_bytes());
        add(
            &mut hash,
            self.templates.get(of.template).map_or(&[][..], |k| &k[..]),
        );
        add(&mut hash, of.path.as_bytes());
        add(
            &mut hash,
            &serde_json::to_vec(of.context).unwrap_or_default(),
        );
        for locale in of.chain {
            add(&mut hash, format!("{locale:?}").as_bytes());
        }
        Slot(hex(&hash.finalize()))
    }

    /// The page of `slot`, written to `path` in the site, rendered from the messages
    /// `page` reads now, if the cache has it: as the last build of this site recorded
    /// it, or from the cache's files.
    pub fn fetch(&self, slot: &Slot, page: &PageConfig, path: &str) -> Option<Fetched> {
        self.fetch_recorded(slot, page, path)
            .or_else(|| self.fetch_stored(slot, page))
    }

    /// The page of `slot` as the [`SiteRecord`] has it for `path`, if the messages it
    /// read did not change; linked from the site folder when the file published there
    /// is still the one recorded, else read from the cache. The record spares reading
    /// the slot's reads and, mostly, the page.
    fn fetch_recorded(&self, slot: &Slot, page: &PageConfig, path: &str) -> Option<Fetched> {
        let record = self.record.as_ref()?;
        let recorded = record.files.get(path)?;
        if recorded.slot != slot.0 {
            return None;
        }
        let reads = record.reads.get(recorded.reads)?;
        let known = self
            .record_keys
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&recorded.reads)
            .and_then(|by_resources| by_resources.get(&page.resources[..]).copied());
        let reads_key = match known {
            Some(key) => key,
            None => {
                let parsed: BTreeSet<MessageRead> = serde_json::from_slice(reads).ok()?;
                let key = self.reads_key(page, &parsed);
                self.record_keys
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .entry(recorded.reads)
                    .or_default()
                    .insert(page.resources.clone(), key);
                key
            }
        };
        let key = Self::key(slot, &reads_key);
        if key != recorded.key {
            return None;
        }
        let (log_bytes, log) = record.log(recorded.log)?;
        let published = self.site.join(path);
        let text = if FileId::at(&published) == Some(recorded.file) {
            PageText::Published {
                path: published,
                file: recorded.file,
            }
        } else {
            let (bytes, start) = self.read_page(&key)?;
            PageText::Stored { bytes, start }
        };
        Some(Fetched {
            text,
            log,
            entry: Entry {
                slot: slot.0.clone(),
                reads: Arc::clone(reads),
                key,
                log: log_bytes,
            },
        })
    }

    /// The stored page of `key` and where its HTML starts.
    /// The file the site folder holds at `path`, when the record says it was made as
    /// [`Entry::made`] of `key` and it is still the file recorded.
    pub fn published(&self, path: &str, key: &str) -> Option<PageText> {
        let recorded = self.record.as_ref()?.files.get(path)?;
        let published = self.site.join(path);
        let file = FileId::at(&published)?;
        (recorded.slot.is_empty() && recorded.key == key && recorded.file == file).then_some(
            PageText::Published {
                path: published,
                file,
            },
        )
    }

    fn read_page(&self, key: &str) -> Option<(Vec<u8>, usize)> {
        let bytes = std::fs::read(self.dir.join(format!("{key}.page"))).ok()?;
        let start = CachedPage::html_start(&bytes)?;
        Some((bytes, start))
    }

    /// The page of `slot` from the cache's files: the messages its last render read
    /// (the slot's reads), then the page those messages lead to now.
    fn fetch_stored(&self, slot: &Slot, page: &PageConfig) -> Option<Fetched> {
        let reads = std::fs::read(self.dir.join(format!("{}.reads", slot.0))).ok()?;
        let known = self
            .reads_keys
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&page.resources[..])
            .and_then(|by_reads| by_reads.get(&reads[..]).copied());
        let reads_key = match known {
            Some(key) => key,
            None => {
                let parsed: BTreeSet<MessageRead> = serde_json::from_slice(&reads).ok()?;
                let key = self.reads_key(page, &parsed);
                self.reads_keys
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .entry(page.resources.clone())
                    .or_default()
                    .insert(reads.clone(), key);
                key
            }
        };
        let key = Self::key(slot, &reads_key);
        let (bytes, start) = self.read_page(&key)?;
        let log_bytes = &bytes[..start - 1];
        let parsed = serde_json::from_slice(log_bytes).ok()?;
        let log = self.shared(log_bytes.to_vec());
        Some(Fetched {
            text: PageText::Stored { bytes, start },
            log: parsed,
            entry: Entry {
                slot: slot.0.clone(),
                reads: self.shared(reads),
                key,
                log,
            },
        })
    }

    /// Keeps a page just rendered, with the messages its render read; its [`Entry`] for
    /// the record. A failure to write only costs a render next time.
    pub fn store(
        &self,
        slot: &Slot,
        page: &PageConfig,
        reads: &BTreeSet<MessageRead>,
        rendered: &CachedPage,
    ) -> Option<Entry> {
        let key = Self::key(slot, &self.reads_key(page, reads));
        let (Ok(reads), Ok(log)) = (serde_json::to_vec(reads), serde_json::to_vec(&rendered.log))
        else {
            return None;
        };
        let entry = rendered.to_bytes()?;
        if std::fs::create_dir_all(&self.dir).is_ok() {
            // The page first: a reader that finds the reads finds the page they lead to.
            let _ = write_replacing(&self.dir.join(format!("{key}.page")), entry);
            let _ = write_replacing(&self.dir.join(format!("{}.reads", slot.0)), &reads);
        }
        Some(Entry {
            slot: slot.0.clone(),
            reads: self.shared(reads),
            key,
            log: self.shared(log),
        })
    }

    /// Records what this build published in its site folder: each page file's [`Entry`]
    /// and [`FileId`]. Written after the site is in place, whole or not at all; a failure
    /// only costs the next build reading the cache's files.
    pub fn record<'a>(&self, published: impl Iterator<Item = (&'a str, &'a Entry, FileId)>) {
        let mut file = RecordFile {
            version: RECORD_VERSION.into(),
            ..RecordFile::default()
        };
        // Shared bytes once each, by address: page files with the same share one copy.
        let mut reads: HashMap<*const u8, usize> = HashMap::new();
        let mut logs: HashMap<*const u8, usize> = HashMap::new();
        let index =
            |known: &mut HashMap<*const u8, usize>, all: &mut Vec<String>, bytes: &Arc<[u8]>| {
                *known.entry(bytes.as_ptr()).or_insert_with(|| {
                    all.push(String::from_utf8_lossy(bytes).into_owned());
                    all.len() - 1
                })
            };
        for (path, entry, id) in published {
            file.files.push(RecordedFile {
                path: path.to_string(),
                slot: entry.slot.clone(),
                key: entry.key.clone(),
                reads: index(&mut reads, &mut file.reads, &entry.reads),
                log: index(&mut logs, &mut file.logs, &entry.log),
                file: id,
            });
        }
        let path = SiteRecord::path(&self.dir, &self.site);
        let Ok(json) = serde_json::to_vec(&file) else {
            return;
        };
        // The same as read: a build that changed nothing does not write it again.
        let unchanged = self
            .record
            .as_ref()
            .is_some_and(|r| r.digest == <[u8; 20]>::from(Sha1::digest(&json)));
        if let (false, Some(dir)) = (unchanged, path.parent()) {
            if std::fs::create_dir_all(dir).is_ok() {
                let _ = write_replacing(&path, json);
            }
        }
    }

    /// The key of the page of `slot` whose render read messages of [`PageCache::reads_key`].
    fn key(slot: &Slot, reads_key: &[u8; 20]) -> String {
        let mut hash = Sha1::new();
        add(&mut hash, slot.0.as_bytes());
        add(&mut hash, reads_key);
        hex(&hash.finalize())
    }

    /// The messages `reads` names, with their keys as the catalog has them now.
    fn reads_key(&self, page: &PageConfig, reads: &BTreeSet<MessageRead>) -> [u8; 20] {
        let mut hash = Sha1::new();
        for read in reads {
            add(&mut hash, read.locale.as_bytes());
            add(&mut hash, read.id.as_bytes());
            let keys = self.message_keys(&read.locale, &page.resources);
            add(&mut hash, keys.get(&read.id).map_or(&[][..], |k| &k[..]));
        }
        hash.finalize().into()
    }

    fn message_keys(&self, locale: &str, resources: &[String]) -> Arc<MessageKeys> {
        let mut known = self.messages.lock().unwrap_or_else(|e| e.into_inner());
        Arc::clone(
            known
                .entry((locale.to_string(), resources.to_vec()))
                .or_insert_with(|| Arc::new(message_keys(self.catalog, locale, resources))),
        )
    }
}

/// The version of [`RecordFile`]'s format.
const RECORD_VERSION: &str = "fluentpress-site-record-1";

/// What the last build of a site folder with a cache published there, kept in the cache
/// (a file per site folder): for each page file, the [`Entry`] it was and the
/// [`FileId`] it was published as. The next build finds a page by it with one file
/// read for the whole site instead of two per page file, and stages a page whose file
/// is still the one recorded by linking it, unread. It only spares reading: an entry is
/// used only when its slot and the current text of the messages it read give its key.
struct SiteRecord {
    reads: Vec<Arc<[u8]>>,
    /// Each log as stored, and parsed when a page first needs it.
    logs: Vec<(Arc<[u8]>, ParsedLog)>,
    files: HashMap<String, RecordedFile>,
    /// The file's hash, as read.
    digest: [u8; 20],
}

/// A stored log parsed when a page first needs it (`None`: it does not parse).
type ParsedLog = std::sync::OnceLock<Option<RenderLog>>;

/// [`SiteRecord`] as a file: reads and logs as JSON text, once each.
#[derive(Default, serde::Serialize, serde::Deserialize)]
struct RecordFile {
    version: String,
    reads: Vec<String>,
    logs: Vec<String>,
    files: Vec<RecordedFile>,
}

#[derive(serde::Serialize, serde::Deserialize)]
struct RecordedFile {
    path: String,
    slot: String,
    key: String,
    /// Indexes into [`RecordFile::reads`] and [`RecordFile::logs`].
    reads: usize,
    log: usize,
    file: FileId,
}

impl SiteRecord {
    /// The record of `site` in the cache's folder of pages `dir`: named by a hash of the
    /// folder's absolute path, as one cache may serve several (a preview, shards' parts).
    fn path(dir: &Path, site: &Path) -> PathBuf {
        let site = std::path::absolute(site).unwrap_or_else(|_| site.to_path_buf());
        let name = hex(&Sha1::digest(site.as_os_str().as_encoded_bytes()));
        dir.join("sites").join(format!("{name}.json"))
    }

    /// `None` when there is none, or it cannot be read (of another version, damaged).
    fn load(path: &Path) -> Option<SiteRecord> {
        let bytes = std::fs::read(path).ok()?;
        let digest = Sha1::digest(&bytes).into();
        let file: RecordFile = serde_json::from_slice(&bytes).ok()?;
        if file.version != RECORD_VERSION {
            return None;
        }
        let shared = |all: Vec<String>| -> Vec<Arc<[u8]>> {
            all.into_iter().map(|s| s.into_bytes().into()).collect()
        };
        Some(SiteRecord {
            reads: shared(file.reads),
            logs: shared(file.logs)
                .into_iter()
                .map(|bytes| (bytes, ParsedLog::new()))
                .collect(),
            files: file
                .files
                .into_iter()
                .map(|f| (f.path.clone(), f))
                .collect(),
            digest,
        })
    }

    /// The log of index `at`, as stored and parsed.
    fn log(&self, at: usize) -> Option<(Arc<[u8]>, RenderLog)> {
        let (bytes, parsed) = self.logs.get(at)?;
        let log = parsed.get_or_init(|| serde_json::from_slice(bytes).ok());
        Some((Arc::clone(bytes), log.clone()?))
    }
}

/// The key of every message and term of `locale`'s `resources`, as a page's bundle holds
/// them (the first definition of an id wins): its own text and the text of all it
/// references, so that a changed term changes the key of every message using it.
fn message_keys(catalog: &Catalog, locale: &str, resources: &[String]) -> MessageKeys {
    let mut units: BTreeMap<String, Unit> = BTreeMap::new();
    if let Some(files) = catalog.locale(locale) {
        for file in resources.iter().filter_map(|name| files.file(name)) {
            for entry in file.entries() {
                units.entry(entry.unit.key()).or_insert(entry.unit);
            }
        }
    }
    let mut own: BTreeMap<&str, ([u8; 20], Vec<String>)> = BTreeMap::new();
    for (key, unit) in &units {
        let text = Sha1::digest(format!("{unit:?}").as_bytes()).into();
        let refs = used_ids(unit).collect();
        own.insert(key, (text, refs));
    }
    let mut keys = MessageKeys::new();
    for key in units.keys() {
        // Everything reachable, once each (references may form cycles), in a fixed order.
        let mut reached = BTreeSet::from([key.as_str()]);
        let mut todo = vec![key.as_str()];
        while let Some(at) = todo.pop() {
            for next in own.get(at).map(|(_, refs)| refs.as_slice()).unwrap_or(&[]) {
                if reached.insert(next) {
                    todo.push(next);
                }
            }
        }
        let mut hash = Sha1::new();
        for id in reached {
            add(&mut hash, id.as_bytes());
            add(
                &mut hash,
                own.get(id).map_or(&[][..], |(text, _)| &text[..]),
            );
        }
        keys.insert(key.clone(), hash.finalize().into());
    }
    keys
}

/// Each template's key: its source and that of every template it extends, includes or
/// imports, directly or not. A template that names one at run time (not as a string
/// literal) depends on them all.
fn template_keys(templates: &Templates) -> BTreeMap<String, [u8; 20]> {
    let sources: BTreeMap<&str, String> = templates.sources().collect();
    let uses: BTreeMap<&str, Option<Vec<String>>> = sources
        .iter()
        .map(|(name, source)| (*name, used_templates(source)))
        .collect();
    let mut keys = BTreeMap::new();
    for name in sources.keys() {
        let mut reached = BTreeSet::from([name.to_string()]);
        let mut todo = vec![name.to_string()];
        let mut everything = false;
        while let Some(at) = todo.pop() {
            match uses.get(at.as_str()) {
                Some(Some(used)) => {
                    for next in used {
                        if reached.insert(next.clone()) {
                            todo.push(next.clone());
                        }
                    }
                }
                Some(None) => everything = true,
                // A template that does not exist: its absence is in the key.
                None => {}
            }
        }
        if everything {
            reached = sources.keys().map(|s| s.to_string()).collect();
        }
        let mut hash = Sha1::new();
        for used in &reached {
            add(&mut hash, used.as_bytes());
            add(
                &mut hash,
                sources
                    .get(used.as_str())
                    .map_or(b"\0absent", |s| s.as_bytes()),
            );
        }
        keys.insert(name.to_string(), hash.finalize().into());
    }
    keys
}

/// The templates `source` names in `{% extends %}`, `{% include %}`, `{% import %}` and
/// `{% from … import %}` tags, or `None` when one is named by an expression (a variable,
/// a concatenation), which could be any template. Read from the text, not the syntax
/// tree: a tag inside a comment or a raw block adds a template that is not used, which
/// costs a render, never a stale page.
fn used_templates(source: &str) -> Option<Vec<String>> {
    let mut used = Vec::new();
    let mut rest = source;
    while let Some(start) = rest.find("{%") {
        rest = &rest[start + 2..];
        let end = rest.find("%}").unwrap_or(rest.len());
        let tag = rest[..end].trim_start_matches(['-', '+']).trim();
        rest = &rest[end..];
        let (keyword, after) = tag.split_once(char::is_whitespace).unwrap_or((tag, ""));
        if !matches!(keyword, "extends" | "include" | "import" | "from") {
            continue;
        }
        let after = after.trim_start();
        let (names, tail) = if let Some(list) = after.strip_prefix('[') {
            let (inside, tail) = list.split_once(']')?;
            let names = inside
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(string_literal)
                .collect::<Option<Vec<_>>>()?;
            (names, tail)
        } else {
            let quote = after.chars().next().filter(|c| matches!(c, '"' | '\''))?;
            let close = after[1..].find(quote)? + 1;
            (vec![string_literal(&after[..=close])?], &after[close + 1..])
        };
        // After the name: nothing, or a keyword that ends the expression.
        let next = tail.split_whitespace().next().unwrap_or("");
        if !matches!(next, "" | "ignore" | "with" | "without" | "as" | "import") {
            return None;
        }
        used.extend(names);
    }
    Some(used)
}

/// The text of a quoted literal without escapes; `None` for anything else.
fn string_literal(s: &str) -> Option<String> {
    let quote = s.chars().next().filter(|c| matches!(c, '"' | '\''))?;
    let inner = s.strip_prefix(quote)?.strip_suffix(quote)?;
    (!inner.contains(['\\', quote])).then(|| inner.to_string())
}

#[cfg(test)]
mod tests {
    use super::{used_templates, CachedPage};
    use crate::render::RenderLog;

    #[test]
    fn a_cached_page_reads_back_as_it_was_stored() {
        let page = CachedPage {
            html: "<p>\n{\"html\": 1}\n</p>\n".into(),
            log: RenderLog {
                messages: vec!["a".into()],
                warnings: vec!["two\nlines".into()],
                ..RenderLog::default()
            },
        };
        let back = CachedPage::from_bytes(page.to_bytes().unwrap()).unwrap();
        assert_eq!(back.html, page.html);
        assert_eq!(back.log.messages, page.log.messages);
        assert_eq!(back.log.warnings, page.log.warnings);
        assert!(
            CachedPage::from_bytes(b"{}".to_vec()).is_none(),
            "no newline"
        );
    }

    #[test]
    fn templates_named_by_literals_are_found_and_expressions_mean_all() {
        assert_eq!(
            used_templates(
                "{% extends \"base.html\" %}{%- include ['a.html', \"b.html\"] ignore missing -%}\
                 {% from 'm.html' import x %}{% import \"n.html\" as n %}{% if x %}{% endif %}"
            ),
            Some(vec![
                "base.html".into(),
                "a.html".into(),
                "b.html".into(),
                "m.html".into(),
                "n.html".into()
            ])
        );
        for dynamic in [
            "{% include page ~ '.html' %}",
            "{% include 'a' ~ x %}",
            "{% extends layout %}",
            "{% include [x, 'a.html'] %}",
        ] {
            assert_eq!(used_templates(dynamic), None, "{dynamic}");
        }
    }
}
