//! Output safety: every writer of a site folder (`build` into `out/`, `serve` into its
//! preview folder) goes through here, so that no configuration and no page name can make
//! fluentpress write outside that folder or delete anything it did not write.
//!
//! A site folder is replaced as a whole: the new tree is written into a staging folder
//! beside it and swapped in, atomically where the OS can exchange two folders
//! (Linux `renameat2(RENAME_EXCHANGE)`), with two renames elsewhere. Every tree
//! fluentpress writes carries a marker file, [`MARKER`]; a folder is replaced only when
//! it has the marker (or is empty, missing, or an older fluentpress build), and
//! leftovers of a killed run are recognised by their name and the marker.

use crate::project::config::{Config, CONFIG_FILE};
use std::path::{Component, Path, PathBuf};

/// The file that shows fluentpress wrote a folder, so it may replace it.
pub const MARKER: &str = ".fluentpress-out";

const MARKER_TEXT: &str =
    "This folder is written by fluentpress, which replaces it as a whole on every build.\n";

#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    #[error("{origin}: refusing to publish into {}: {reason}\n  hint: {hint}", .path.display())]
    Refused {
        /// Where the folder was named: `fluentpress.toml:line:column`, or what chose it.
        origin: String,
        path: PathBuf,
        reason: String,
        hint: String,
    },
    #[error("{}: {reason}; fluentpress copies only regular files into the site\n  hint: replace the link by a copy of the file", .path.display())]
    Link { path: PathBuf, reason: String },
    #[error("`{0}` would be written outside the site folder")]
    Outside(String),
    #[error("cannot write {}: {source}", .path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

fn write_error(path: &Path) -> impl FnOnce(std::io::Error) -> PublishError {
    let path = path.to_path_buf();
    move |source| PublishError::Write { path, source }
}

/// A site folder fluentpress has checked it may replace.
#[derive(Debug, Clone)]
pub struct SiteDir {
    path: PathBuf,
}

impl SiteDir {
    /// The configured `out/`, checked.
    pub fn out(config: &Config) -> Result<SiteDir, PublishError> {
        let origin = match config.paths.out_at {
            Some(at) => format!("{}:{at}", config.root.join(CONFIG_FILE).display()),
            None => format!(
                "{} (default [paths] out)",
                config.root.join(CONFIG_FILE).display()
            ),
        };
        SiteDir::claim(config, &config.paths.out, &origin)
    }

    /// Any other site folder of the project (the preview), checked like `out/`.
    pub fn other(config: &Config, path: &Path, origin: &str) -> Result<SiteDir, PublishError> {
        SiteDir::claim(config, path, origin)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn claim(config: &Config, given: &Path, origin: &str) -> Result<SiteDir, PublishError> {
        let refuse = |path: &Path, reason: String, hint: &str| PublishError::Refused {
            origin: origin.to_string(),
            path: path.to_path_buf(),
            reason,
            hint: hint.to_string(),
        };
        const ELSEWHERE: &str =
            "set [paths] out in fluentpress.toml to a folder of its own, e.g. out = \"out\"";
        if given.as_os_str().is_empty() {
            return Err(refuse(
                &config.root,
                "`out` is empty, which names the project folder itself; a build replaces \
                 its output folder as a whole"
                    .into(),
                ELSEWHERE,
            ));
        }
        let root = resolved(&config.root);
        // Compared with links resolved, but used as named: a link as the folder itself
        // is refused below, never followed.
        let named = lexical(&config.root.join(given));
        let path = resolved(&named);
        if root.starts_with(&path) {
            let what = if root == path {
                "it is the project folder"
            } else {
                "it holds the project folder"
            };
            return Err(refuse(
                &path,
                format!("{what}; a build replaces its output folder as a whole"),
                ELSEWHERE,
            ));
        }
        let inputs = [
            ("the locales folder", resolved(&config.locales_dir())),
            ("the templates folder", resolved(&config.templates_dir())),
        ];
        for (name, input) in &inputs {
            if input.starts_with(&path) || path.starts_with(input) {
                let how = if *input == path {
                    "is"
                } else if input.starts_with(&path) {
                    "holds"
                } else {
                    "is inside"
                };
                return Err(refuse(
                    &path,
                    format!("it {how} {name}, {}", input.display()),
                    ELSEWHERE,
                ));
            }
        }
        let path = named;
        recover(&path);
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            return Ok(SiteDir { path });
        };
        if meta.file_type().is_symlink() {
            return Err(refuse(
                &path,
                "it is a symbolic link; fluentpress replaces only folders it made".into(),
                "point [paths] out at a real folder",
            ));
        }
        if !meta.is_dir() {
            return Err(refuse(
                &path,
                "it is a file, not a folder".into(),
                ELSEWHERE,
            ));
        }
        for input in [CONFIG_FILE, "locales", "templates"] {
            if std::fs::symlink_metadata(path.join(input)).is_ok() {
                return Err(refuse(
                    &path,
                    format!("it holds {input}, so it looks like a project, not a site"),
                    ELSEWHERE,
                ));
            }
        }
        if is_ours(&path) {
            return Ok(SiteDir { path });
        }
        let empty = std::fs::read_dir(&path)
            .map(|mut entries| entries.next().is_none())
            .unwrap_or(false);
        if empty {
            return Ok(SiteDir { path });
        }
        if is_older_build(&path) {
            // Built before the marker existed: adopt it, so that if this run is killed
            // mid-swap its old tree is still recognised as ours and cleaned up.
            std::fs::write(path.join(MARKER), MARKER_TEXT).map_err(write_error(&path))?;
            return Ok(SiteDir { path });
        }
        Err(refuse(
            &path,
            format!(
                "it exists, is not empty and was not written by fluentpress (it has no {MARKER})"
            ),
            "move that folder away or empty it, or set [paths] out to a new folder",
        ))
    }

    /// A fresh staging folder beside this one, after removing what killed runs left.
    pub fn begin(&self) -> Result<Staging, PublishError> {
        remove_debris(&self.path);
        let staging = sibling(&self.path, "tmp", std::process::id());
        if std::fs::symlink_metadata(&staging).is_ok() {
            // Only our own name pattern reaches here, and remove_debris would have taken it
            // if it were ours; anything else under that name is not ours to delete.
            return Err(PublishError::Refused {
                origin: "staging".into(),
                path: staging,
                reason: "something fluentpress did not make is in the way".into(),
                hint: "move it away".into(),
            });
        }
        std::fs::create_dir_all(&staging).map_err(write_error(&staging))?;
        let staging = Staging {
            site: self.path.clone(),
            path: staging,
            done: false,
            published: std::sync::OnceLock::new(),
            linked: std::sync::atomic::AtomicBool::new(false),
            to_link: std::sync::Mutex::default(),
            wrote: std::sync::atomic::AtomicBool::new(false),
        };
        std::fs::write(staging.path.join(MARKER), MARKER_TEXT)
            .map_err(write_error(&staging.path))?;
        Ok(staging)
    }
}

/// A file as the file system knows it: the same file (device and inode), of the same
/// length and last written at the same moment, holds the same bytes unless something
/// set its modification time back after writing it. A build that published a file
/// knows its content by this without reading it again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FileId {
    dev: u64,
    ino: u64,
    len: u64,
    /// Nanoseconds since the epoch.
    modified: i128,
}

impl FileId {
    /// `None` for anything but a regular file, or where there are no inode numbers.
    pub fn of(meta: &std::fs::Metadata) -> Option<FileId> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            meta.is_file().then(|| FileId {
                dev: meta.dev(),
                ino: meta.ino(),
                len: meta.len(),
                modified: i128::from(meta.mtime()) * 1_000_000_000 + i128::from(meta.mtime_nsec()),
            })
        }
        #[cfg(not(unix))]
        {
            let _ = meta;
            None
        }
    }

    /// The file at `path`, not following a link.
    pub fn at(path: &Path) -> Option<FileId> {
        FileId::of(&std::fs::symlink_metadata(path).ok()?)
    }
}

/// A site being written beside its folder. Dropped before [`Staging::publish`], it is
/// removed, so a failed build leaves nothing behind.
#[derive(Debug)]
pub struct Staging {
    site: PathBuf,
    path: PathBuf,
    done: bool,
    /// The regular files of the site being replaced, relative to it, reached without
    /// following a link: what [`Staging::write_or_link`] may link instead of writing.
    published: std::sync::OnceLock<std::collections::HashSet<String>>,
    /// Some file of the staged tree is a hard link to one of the published site, which
    /// must never be written through.
    linked: std::sync::atomic::AtomicBool,
    /// Files of the published site the staged tree takes as they are, by their name in
    /// both: linked only by [`Staging::settle`] (before the tree is read or published),
    /// so that a build all of whose files the site already holds changes nothing.
    to_link: std::sync::Mutex<std::collections::BTreeSet<String>>,
    /// Some file was written into the staged tree, or all were linked: it differs from
    /// the published site, or is no longer known not to.
    wrote: std::sync::atomic::AtomicBool,
}

impl Staging {
    /// The staged tree, which holds the files [`Staging::write_or_link`] and
    /// [`Staging::link_published`] take from the published site only after
    /// [`Staging::settle`].
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Where `relative` (`fr/index.html`) goes; refused unless it stays inside.
    pub fn file(&self, relative: &str) -> Result<PathBuf, PublishError> {
        if !is_inside(relative) {
            return Err(PublishError::Outside(relative.to_string()));
        }
        Ok(self.path.join(relative))
    }

    pub fn write(&self, relative: &str, content: &[u8]) -> Result<(), PublishError> {
        self.write_file(relative, content).map(drop)
    }

    /// [`Staging::write`], telling the file written.
    fn write_file(&self, relative: &str, content: &[u8]) -> Result<Option<FileId>, PublishError> {
        let path = self.file(relative)?;
        self.wrote.store(true, std::sync::atomic::Ordering::SeqCst);
        self.to_link_now().remove(relative);
        let mut written = None;
        self.create(&path, |path| {
            use std::io::Write as _;
            let mut file = std::fs::File::create_new(path)?;
            file.write_all(content)?;
            written = file.metadata().ok().and_then(|m| FileId::of(&m));
            Ok(())
        })?;
        Ok(written)
    }

    /// Makes the new file `path` (in the staged tree) with `make`, which fails with
    /// `AlreadyExists` rather than open a file that is there. A file already there is
    /// removed first, as it may be a hard link into the published site, which writing
    /// into would change before the swap; a missing folder is made. Tried first as is: a
    /// staged site is nearly all new names in folders already made, and asking the file
    /// system first (is the folder there, is the name free) for each of twenty thousand
    /// files was a tenth of a cached build.
    fn create(
        &self,
        path: &Path,
        mut make: impl FnMut(&Path) -> std::io::Result<()>,
    ) -> Result<(), PublishError> {
        match make(path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                if let Some(dir) = path.parent() {
                    std::fs::create_dir_all(dir).map_err(write_error(dir))?;
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                std::fs::remove_file(path).map_err(write_error(path))?;
            }
            other => return other.map_err(write_error(path)),
        }
        make(path).map_err(write_error(path))
    }

    /// [`Staging::write`], but where the site being replaced holds `relative` with
    /// these very bytes, a hard link to that file (made by [`Staging::settle`]): a build
    /// that changes few pages then creates few files (creating a file costs far more than
    /// reading and comparing one), and the site folder is still swapped as a whole, or
    /// left as it is when nothing changed ([`Staging::publish`]). The staged tree is
    /// never written through such a link ([`Staging::make_room`]), so the published site
    /// does not change before the swap; once swapped, the old tree's names are removed
    /// and the linked files belong to the new one alone.
    ///
    /// Tells the file staged (a link's is the published file's), for
    /// [`Staging::link_published`] in a later build.
    pub fn write_or_link(
        &self,
        relative: &str,
        content: &[u8],
    ) -> Result<Option<FileId>, PublishError> {
        if self.published().contains(relative) {
            let previous = self.site.join(relative);
            let meta = std::fs::symlink_metadata(&previous)
                .ok()
                .filter(|m| m.is_file() && m.len() == content.len() as u64);
            if let Some(meta) = meta {
                if std::fs::read(&previous).is_ok_and(|bytes| bytes == content) {
                    self.take(relative)?;
                    return Ok(FileId::of(&meta));
                }
            }
        }
        self.write_file(relative, content)
    }

    /// Stages the file the site being replaced holds at `relative`, which the caller knows
    /// to be the one it wants (it is `file`, and what was published as `file` is known):
    /// linked, not read and compared as [`Staging::write_or_link`] does, or copied where
    /// it cannot be linked.
    pub fn link_published(&self, relative: &str, file: FileId) -> Result<FileId, PublishError> {
        self.take(relative)?;
        Ok(file)
    }

    /// Takes the published site's `relative` into the staged tree as it is, linked by
    /// [`Staging::settle`].
    fn take(&self, relative: &str) -> Result<(), PublishError> {
        self.file(relative)?;
        self.to_link_now().insert(relative.to_string());
        Ok(())
    }

    fn to_link_now(&self) -> std::sync::MutexGuard<'_, std::collections::BTreeSet<String>> {
        self.to_link.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Links into the staged tree every file taken from the published site, or copies
    /// it where it cannot be linked (another file system, a full link count); before
    /// anything reads the staged tree.
    pub fn settle(&self) -> Result<(), PublishError> {
        use rayon::prelude::*;
        self.wrote.store(true, std::sync::atomic::Ordering::SeqCst);
        let taken = std::mem::take(&mut *self.to_link_now());
        taken.par_iter().try_for_each(|relative| {
            let previous = self.site.join(relative);
            if self.link(&previous, &self.file(relative)?) {
                return Ok(());
            }
            let content = std::fs::read(&previous).map_err(write_error(&previous))?;
            self.write_file(relative, &content).map(drop)
        })
    }

    /// Hard-links `previous` (in the published site) as `path` (in the staged tree);
    /// `false` when it cannot be (another file system, a full link count), for the caller
    /// to write it instead.
    fn link(&self, previous: &Path, path: &Path) -> bool {
        self.linked.store(true, std::sync::atomic::Ordering::SeqCst);
        self.create(path, |path| std::fs::hard_link(previous, path))
            .is_ok()
    }

    /// Readies `path` (in the staged tree) to be written: its folder made, and a file
    /// already there removed when it may be a hard link into the published site, which
    /// writing into would change before the swap.
    pub fn make_room(&self, path: &Path) -> Result<(), PublishError> {
        if let Some(relative) = path.strip_prefix(&self.path).ok().and_then(|p| p.to_str()) {
            self.to_link_now().remove(relative);
        }
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(write_error(dir))?;
        }
        if self.linked.load(std::sync::atomic::Ordering::SeqCst) {
            match std::fs::remove_file(path) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                    return Err(write_error(path)(e))
                }
                _ => {}
            }
        }
        Ok(())
    }

    fn published(&self) -> &std::collections::HashSet<String> {
        self.published.get_or_init(|| Tree::of(&self.site).files)
    }

    /// Puts the staged tree in place of the site folder: the folder holds the old tree
    /// or the new one at every moment where the OS can exchange two folders. A staged
    /// tree that is the published one (every file taken from it, nothing else) is
    /// dropped instead, and the site left as it is: swapping in the same names of the
    /// same files would change nothing but cost a link and an unlink per file, most of
    /// a build that changed nothing.
    pub fn publish(mut self) -> Result<(), PublishError> {
        if self.is_published() {
            self.done = true;
            let _ = remove_tree(&self.path);
            return Ok(());
        }
        self.settle()?;
        let result = swap(&self.site, &self.path);
        if result.is_ok() {
            self.done = true;
        }
        result
    }
}

impl Staging {
    /// Nothing was written into the staged tree but folders, and the published site has
    /// exactly the files it takes, the marker and the same folders.
    fn is_published(&self) -> bool {
        if self.wrote.load(std::sync::atomic::Ordering::SeqCst) {
            return false;
        }
        let taken = self.to_link_now();
        let staged = Tree::of(&self.path);
        if staged.other || staged.files.len() != 1 || !staged.files.contains(MARKER) {
            return false;
        }
        let site = Tree::of(&self.site);
        let mut dirs = staged.dirs;
        for name in taken.iter() {
            let mut at = name.as_str();
            while let Some((parent, _)) = at.rsplit_once('/') {
                if !dirs.insert(parent.to_string()) {
                    break;
                }
                at = parent;
            }
        }
        !site.other
            && site.files.len() == taken.len() + 1
            && taken.iter().all(|name| site.files.contains(name))
            && std::fs::read(self.site.join(MARKER)).is_ok_and(|m| m == MARKER_TEXT.as_bytes())
            && site.dirs == dirs
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.done {
            let _ = remove_tree(&self.path);
        }
    }
}

fn swap(site: &Path, staging: &Path) -> Result<(), PublishError> {
    if std::fs::symlink_metadata(site).is_err() {
        return std::fs::rename(staging, site).map_err(write_error(site));
    }
    match exchange(staging, site) {
        Ok(()) => {
            // The staging name now holds the old tree.
            let _ = remove_tree(staging);
            Ok(())
        }
        Err(e) if exchange_unsupported(&e) => swap_by_renames(site, staging),
        Err(e) => Err(write_error(site)(e)),
    }
}

/// Where there is no exchange: for a moment between the renames there is no site
/// folder; a run killed then has its old tree put back by the next ([`recover`]).
fn swap_by_renames(site: &Path, staging: &Path) -> Result<(), PublishError> {
    let old = sibling(site, "old", std::process::id());
    std::fs::rename(site, &old).map_err(write_error(site))?;
    if let Err(e) = std::fs::rename(staging, site) {
        let _ = std::fs::rename(&old, site);
        return Err(write_error(site)(e));
    }
    let _ = remove_tree(&old);
    Ok(())
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let c = |p: &Path| {
        CString::new(p.as_os_str().as_bytes())
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e))
    };
    let (a, b) = (c(a)?, c(b)?);
    // Through syscall, not libc::renameat2: the C library may predate the wrapper
    // (glibc < 2.28) while the kernel has the call.
    // SAFETY: both paths are valid NUL-terminated strings that outlive the call.
    let rc = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if rc == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::Error::from(std::io::ErrorKind::Unsupported))
}

/// The kernel or file system has no exchange: fall back to two renames.
fn exchange_unsupported(e: &std::io::Error) -> bool {
    #[cfg(target_os = "linux")]
    if let Some(code) = e.raw_os_error() {
        return [libc::ENOSYS, libc::EINVAL, libc::EOPNOTSUPP].contains(&code);
    }
    e.kind() == std::io::ErrorKind::Unsupported
}

/// `.out.tmp-123` beside `out`: the names staging and old trees take.
fn sibling(site: &Path, kind: &str, pid: u32) -> PathBuf {
    let parent = site.parent().unwrap_or(Path::new("."));
    parent.join(format!(".{}.{kind}-{pid}", dir_name(site)))
}

fn dir_name(site: &Path) -> String {
    site.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".into())
}

/// A folder with our staging or old-tree name, of a build no longer running.
struct Debris {
    path: PathBuf,
    kind: String,
    /// It has the marker; without it only an empty folder is ours (a run killed between
    /// making the folder and writing the marker).
    marked: bool,
}

/// Leftovers of killed runs beside `site`: only folders with our name pattern.
fn debris(site: &Path) -> Vec<Debris> {
    let parent = site.parent().unwrap_or(Path::new("."));
    let prefix = format!(".{}.", dir_name(site));
    let Ok(entries) = std::fs::read_dir(parent) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = name.strip_prefix(&prefix) else {
            continue;
        };
        let Some((kind, pid)) = rest.split_once('-') else {
            continue;
        };
        let Ok(pid) = pid.parse::<u32>() else {
            continue;
        };
        if !matches!(kind, "tmp" | "old") || pid == 0 {
            continue;
        }
        let path = entry.path();
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        if is_dir && (pid == std::process::id() || !crate::project::process::alive(pid)) {
            found.push(Debris {
                marked: is_ours(&path),
                path,
                kind: kind.to_string(),
            });
        }
    }
    found
}

/// A run killed between the two renames of the fallback swap left no site folder, only
/// its old tree: put that back before anything else.
fn recover(site: &Path) {
    if std::fs::symlink_metadata(site).is_ok() {
        return;
    }
    let old = debris(site)
        .into_iter()
        .find(|d| d.marked && d.kind == "old");
    if let Some(old) = old {
        let _ = std::fs::rename(old.path, site);
    }
}

fn remove_debris(site: &Path) {
    for found in debris(site) {
        let _ = if found.marked {
            remove_tree(found.path)
        } else {
            // Fails unless empty: what is in an unmarked folder is not known to be ours.
            std::fs::remove_dir(found.path)
        };
    }
}

/// Removes a tree fluentpress wrote, its marker last: a run killed while removing it
/// leaves a folder that is still recognised as ours, and removed by the next run.
fn remove_tree(dir: impl AsRef<Path>) -> std::io::Result<()> {
    use rayon::prelude::*;
    let dir = dir.as_ref();
    let entries: Vec<std::fs::DirEntry> = std::fs::read_dir(dir)?
        .flatten()
        .filter(|entry| entry.file_name() != MARKER)
        .collect();
    // In parallel (a site has a folder per locale): removing the replaced tree's
    // thousands of names was most of publishing a cached build.
    entries.par_iter().try_for_each(|entry| {
        let path = entry.path();
        if entry.file_type()?.is_dir() {
            std::fs::remove_dir_all(&path)
        } else {
            std::fs::remove_file(&path)
        }
    })?;
    let _ = std::fs::remove_file(dir.join(MARKER));
    std::fs::remove_dir(dir)
}

/// What is under a folder, by names relative to it with `/` between them.
#[derive(Default)]
struct Tree {
    /// The regular files, reached without following a link.
    files: std::collections::HashSet<String>,
    dirs: std::collections::HashSet<String>,
    /// Something else is there (a link, a name that is not UTF-8, a folder that cannot be
    /// read), which is in neither.
    other: bool,
}

impl Tree {
    fn of(dir: &Path) -> Tree {
        let mut tree = Tree::default();
        let mut stack = vec![(dir.to_path_buf(), String::new())];
        while let Some((dir, prefix)) = stack.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                tree.other = true;
                continue;
            };
            for entry in entries {
                let Ok(entry) = entry else {
                    tree.other = true;
                    continue;
                };
                let name = entry.file_name();
                let (Ok(kind), Some(name)) = (entry.file_type(), name.to_str()) else {
                    tree.other = true;
                    continue;
                };
                let relative = format!("{prefix}{name}");
                if kind.is_dir() {
                    stack.push((entry.path(), format!("{relative}/")));
                    tree.dirs.insert(relative);
                } else if kind.is_file() {
                    tree.files.insert(relative);
                } else {
                    tree.other = true;
                }
            }
        }
        tree
    }
}

fn is_ours(dir: &Path) -> bool {
    std::fs::symlink_metadata(dir.join(MARKER)).is_ok_and(|m| m.is_file())
}

/// An `out/` written before the marker existed: its `build-report.json` is ours.
fn is_older_build(dir: &Path) -> bool {
    let Ok(text) = std::fs::read_to_string(dir.join("build-report.json")) else {
        return false;
    };
    serde_json::from_str::<serde_json::Value>(&text)
        .is_ok_and(|v| v.get("version").is_some() && v.get("pages").is_some_and(|p| p.is_array()))
}

/// `relative` names a path inside a folder: relative, only plain names.
pub fn is_inside(relative: &str) -> bool {
    let path = Path::new(relative);
    !relative.is_empty()
        && !relative.starts_with(['/', '\\'])
        && !relative.contains('\\')
        && path.components().all(|c| matches!(c, Component::Normal(_)))
}

/// Every symbolic link under `dir` (which is copied into the site), as an error: a link
/// would publish whatever it points at, and that may be anything on this machine.
pub fn refuse_links(dir: &Path) -> Result<(), PublishError> {
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_symlink() {
                return Err(PublishError::Link {
                    path,
                    reason: "is a symbolic link".into(),
                });
            }
            if kind.is_dir() {
                stack.push(path);
            }
        }
    }
    Ok(())
}

/// `path` made absolute, without `.` and `..`.
fn lexical(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut clean = PathBuf::new();
    for c in absolute.components() {
        match c {
            Component::ParentDir => {
                clean.pop();
            }
            Component::CurDir => {}
            other => clean.push(other),
        }
    }
    clean
}

/// `path` made absolute, with symbolic links of the part that exists resolved and `.`
/// and `..` of the rest taken away, so that two names of one folder compare equal.
fn resolved(path: &Path) -> PathBuf {
    let clean = lexical(path);
    let mut rest = Vec::new();
    let mut existing = clean.as_path();
    loop {
        if let Ok(real) = existing.canonicalize() {
            let mut full = real;
            full.extend(rest.iter().rev());
            return full;
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => return clean,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_relative_names_are_inside() {
        for good in ["fr/index.html", "sitemap.xml", "ar/about.print.en.html"] {
            assert!(is_inside(good), "{good}");
        }
        for bad in ["", "/etc/x", "../x", "fr/../../x", "./x", "a\\..\\b", "\\x"] {
            assert!(!is_inside(bad), "{bad:?}");
        }
    }

    fn site_with(dir: &Path, name: &str, page: &str) -> PathBuf {
        let path = dir.join(name);
        std::fs::create_dir_all(&path).unwrap();
        std::fs::write(path.join(MARKER), "").unwrap();
        std::fs::write(path.join("index.html"), page).unwrap();
        path
    }

    #[test]
    fn both_swaps_put_the_new_tree_in_place_and_remove_the_old() {
        let dir = tempfile::tempdir().unwrap();
        for (swap, label) in [
            (
                swap as fn(&Path, &Path) -> Result<(), PublishError>,
                "exchange",
            ),
            (swap_by_renames, "renames"),
        ] {
            let site = site_with(dir.path(), "out", "old");
            let staging = site_with(dir.path(), ".out.tmp-1", "new");
            swap(&site, &staging).unwrap();
            assert_eq!(
                std::fs::read_to_string(site.join("index.html")).unwrap(),
                "new",
                "{label}"
            );
            let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().flatten().collect();
            assert_eq!(left.len(), 1, "{label}: only out/ is left");
            std::fs::remove_dir_all(&site).unwrap();
        }
    }

    /// The atomic path is the one taken here, not the fallback.
    #[cfg(target_os = "linux")]
    #[test]
    fn linux_exchanges_two_folders() {
        let dir = tempfile::tempdir().unwrap();
        let a = site_with(dir.path(), "a", "a");
        let b = site_with(dir.path(), "b", "b");
        match exchange(&a, &b) {
            Ok(()) => assert_eq!(std::fs::read_to_string(a.join("index.html")).unwrap(), "b"),
            // Some file systems (older overlayfs) have no exchange; the fallback covers them.
            Err(e) => assert!(exchange_unsupported(&e), "{e}"),
        }
    }

    /// An unchanged file is linked from the published site, a changed one written; and
    /// writing over a linked file leaves the published site as it was until the swap.
    #[cfg(unix)]
    #[test]
    fn unchanged_files_are_linked_and_never_written_through() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let site = site_with(dir.path(), "out", "same");
        std::fs::write(site.join("other.html"), "old").unwrap();
        let staging = SiteDir { path: site.clone() }.begin().unwrap();
        staging.write_or_link("index.html", b"same").unwrap();
        staging.write_or_link("other.html", b"new").unwrap();
        staging.settle().unwrap();
        let inode = |p: &Path| std::fs::metadata(p).unwrap().ino();
        assert_eq!(
            inode(&site.join("index.html")),
            inode(&staging.path().join("index.html"))
        );
        assert_ne!(
            inode(&site.join("other.html")),
            inode(&staging.path().join("other.html"))
        );
        staging.write("index.html", b"changed").unwrap();
        std::fs::copy(site.join("other.html"), staging.path().join("x")).unwrap();
        let pdf = staging.file("index.html").unwrap();
        staging.make_room(&pdf).unwrap();
        assert!(!pdf.exists(), "emptied for a writer outside Staging");
        assert_eq!(
            std::fs::read_to_string(site.join("index.html")).unwrap(),
            "same"
        );
        staging.publish().unwrap();
        assert!(!site.join("index.html").exists());
        assert_eq!(
            std::fs::read_to_string(site.join("other.html")).unwrap(),
            "new"
        );
    }

    /// A staged tree that takes every file of the published site and nothing else leaves
    /// the site folder as it is; anything more or less on either side is swapped in.
    #[cfg(unix)]
    #[test]
    fn a_staged_tree_that_is_the_published_one_is_not_swapped() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("out");
        let inode = |p: &Path| std::fs::metadata(p).unwrap().ino();
        let stage = |extra: &dyn Fn(&Staging)| {
            let staging = SiteDir { path: site.clone() }.begin().unwrap();
            staging.write_or_link("fr/index.html", b"same").unwrap();
            extra(&staging);
            staging.publish().unwrap();
        };
        std::fs::create_dir_all(site.join("fr")).unwrap();
        std::fs::write(site.join(MARKER), MARKER_TEXT).unwrap();
        std::fs::write(site.join("fr/index.html"), "same").unwrap();
        let before = inode(&site);
        stage(&|_| {});
        assert_eq!(inode(&site), before, "the same tree: left in place");
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().flatten().collect();
        assert_eq!(left.len(), 1, "no staging left behind");
        stage(&|s| s.write("fr/new.html", b"new").unwrap());
        assert_ne!(inode(&site), before, "a file more: swapped");
        assert!(site.join("fr/new.html").is_file());
        // The site has a file or a folder more, or a link: swapped, and they are gone.
        std::fs::remove_file(site.join("fr/new.html")).unwrap();
        for more in ["extra.txt", "empty/", "link"] {
            match more {
                "link" => std::os::unix::fs::symlink("fr", site.join(more)).unwrap(),
                _ if more.ends_with('/') => std::fs::create_dir(site.join(more)).unwrap(),
                _ => std::fs::write(site.join(more), "").unwrap(),
            }
            let before = inode(&site);
            stage(&|_| {});
            assert_ne!(inode(&site), before, "{more}");
            assert!(
                std::fs::symlink_metadata(site.join(more)).is_err(),
                "{more}"
            );
        }
        // A file taken and then written over is written.
        stage(&|s| s.write("fr/index.html", b"changed").unwrap());
        assert_eq!(
            std::fs::read_to_string(site.join("fr/index.html")).unwrap(),
            "changed"
        );
    }

    #[test]
    fn a_killed_fallback_swap_is_recovered() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("out");
        site_with(dir.path(), ".out.old-2147483646", "old");
        recover(&site);
        assert_eq!(
            std::fs::read_to_string(site.join("index.html")).unwrap(),
            "old"
        );
    }

    #[test]
    fn debris_is_only_our_pattern_with_the_marker() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("out");
        let dead = dir.path().join(".out.tmp-2147483646");
        let foreign = dir.path().join(".out.tmp-2147483645");
        let unfinished = dir.path().join(".out.old-2147483644");
        let other = dir.path().join(".out.backup");
        for d in [&dead, &foreign, &unfinished, &other] {
            std::fs::create_dir_all(d).unwrap();
        }
        std::fs::write(dead.join(MARKER), "").unwrap();
        std::fs::write(foreign.join("notes.txt"), "").unwrap();
        std::fs::write(other.join(MARKER), "").unwrap();
        remove_debris(&site);
        assert!(!dead.exists(), "marked");
        assert!(!unfinished.exists(), "empty: killed before its marker");
        assert!(foreign.exists() && other.exists());
    }
}
