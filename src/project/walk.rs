//! The one way fluentpress walks a folder tree (locales, templates, assets,
//! compare-locales paths, the preview's watch list).
//!
//! Everything that reads folders the user controls goes through here, so
//! that what protects one walk protects all of them:
//! - the order is the same on every machine (sorted by name at each level,
//!   which is sorted by path overall);
//! - a symbolic link back to a folder being walked is reported, not entered
//!   (no endless walk);
//! - FIFOs, sockets and devices are reported, never returned as files: a
//!   caller that opened a FIFO would wait for a writer for ever;
//! - errors are returned for the caller to report or to pass over.
//!
//! Limits on depth, number of files or sizes belong here too.

use std::path::{Path, PathBuf};

/// What a walk does with symbolic links.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Links {
    /// Followed, into folders too; a link to a folder that is already being
    /// walked is a [`WalkError::Loop`].
    Follow,
    /// A link to a regular file is a file; a link to a folder is not entered.
    FilesOnly,
}

/// A walk of one folder, configured then [`run`](Walk::run).
#[derive(Debug, Clone)]
pub struct Walk {
    root: PathBuf,
    links: Links,
    max_depth: usize,
}

/// What a walk found. Paths start with the root as given.
#[derive(Debug, Default)]
pub struct Walked {
    /// Folders under the root (not the root itself), sorted.
    pub dirs: Vec<PathBuf>,
    /// Regular files (or links to them, as [`Links`] says), sorted.
    pub files: Vec<PathBuf>,
    /// In walk order.
    pub problems: Vec<WalkError>,
}

#[derive(Debug, thiserror::Error)]
pub enum WalkError {
    /// The root, or a folder under it, cannot be listed.
    #[error("{}: cannot read folder: {source}", path.display())]
    Folder {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// An entry cannot be looked at: a dangling link, or a chain of links
    /// that ends nowhere.
    #[error("{}: cannot read: {source}", path.display())]
    Entry {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}: links back to {}; not followed", path.display(), ancestor.display())]
    Loop { path: PathBuf, ancestor: PathBuf },
    #[error("{}: not a regular file ({kind}); not opened", path.display())]
    NotRegular { path: PathBuf, kind: &'static str },
}

impl WalkError {
    pub fn path(&self) -> &Path {
        match self {
            WalkError::Folder { path, .. }
            | WalkError::Entry { path, .. }
            | WalkError::Loop { path, .. }
            | WalkError::NotRegular { path, .. } => path,
        }
    }
}

impl Walk {
    pub fn new(root: impl Into<PathBuf>) -> Walk {
        Walk {
            root: root.into(),
            links: Links::Follow,
            max_depth: usize::MAX,
        }
    }

    pub fn links(mut self, links: Links) -> Walk {
        self.links = links;
        self
    }

    /// Entries at most `depth` levels under the root (1: its children).
    pub fn max_depth(mut self, depth: usize) -> Walk {
        self.max_depth = depth;
        self
    }

    pub fn run(&self) -> Walked {
        let mut out = Walked::default();
        let walker = walkdir::WalkDir::new(&self.root)
            .follow_links(self.links == Links::Follow)
            .max_depth(self.max_depth)
            .sort_by_file_name();
        for item in walker {
            let entry = match item {
                Ok(entry) => entry,
                Err(e) => {
                    out.problems.push(classify(e, &self.root));
                    continue;
                }
            };
            let path = entry.path();
            let file_type = entry.file_type();
            if file_type.is_dir() {
                if entry.depth() > 0 {
                    out.dirs.push(path.to_path_buf());
                }
            } else if file_type.is_file() {
                out.files.push(path.to_path_buf());
            } else if file_type.is_symlink() {
                // Only when links are not followed: look through this one.
                match std::fs::metadata(path) {
                    Ok(meta) if meta.is_file() => out.files.push(path.to_path_buf()),
                    Ok(meta) if meta.is_dir() => {}
                    Ok(meta) => out.problems.push(WalkError::NotRegular {
                        path: path.to_path_buf(),
                        kind: kind_of(&meta.file_type()),
                    }),
                    Err(source) => out.problems.push(WalkError::Entry {
                        path: path.to_path_buf(),
                        source,
                    }),
                }
            } else {
                out.problems.push(WalkError::NotRegular {
                    path: path.to_path_buf(),
                    kind: kind_of(&file_type),
                });
            }
        }
        out
    }
}

fn classify(e: walkdir::Error, root: &Path) -> WalkError {
    let path = e.path().unwrap_or(root).to_path_buf();
    if let Some(ancestor) = e.loop_ancestor() {
        return WalkError::Loop {
            ancestor: ancestor.to_path_buf(),
            path,
        };
    }
    let is_dir = e.depth() == 0 || std::fs::metadata(&path).is_ok_and(|m| m.is_dir());
    let source = e
        .into_io_error()
        .unwrap_or_else(|| std::io::Error::other("unreadable"));
    if is_dir {
        WalkError::Folder { path, source }
    } else {
        WalkError::Entry { path, source }
    }
}

fn kind_of(file_type: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a FIFO";
        }
        if file_type.is_socket() {
            return "a socket";
        }
        if file_type.is_block_device() || file_type.is_char_device() {
            return "a device";
        }
    }
    let _ = file_type;
    "not a file or folder"
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    fn names(root: &Path, paths: &[PathBuf]) -> Vec<String> {
        paths
            .iter()
            .map(|p| p.strip_prefix(root).unwrap().to_string_lossy().into_owned())
            .collect()
    }

    fn tree() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("b/c")).unwrap();
        std::fs::create_dir_all(root.join("a")).unwrap();
        for f in ["z.txt", "a/y.txt", "b/c/x.txt", "b/w.txt"] {
            std::fs::write(root.join(f), f).unwrap();
        }
        symlink(root.join("b"), root.join("b/c/up")).unwrap();
        symlink("loop-2", root.join("loop-1")).unwrap();
        symlink("loop-1", root.join("loop-2")).unwrap();
        symlink("z.txt", root.join("link.txt")).unwrap();
        let fifo = std::process::Command::new("mkfifo")
            .arg(root.join("a/pipe"))
            .status()
            .unwrap();
        assert!(fifo.success());
        dir
    }

    #[test]
    fn follows_links_sorted_and_reports_loops_and_fifos() {
        let dir = tree();
        let root = dir.path();
        let walked = Walk::new(root).run();
        assert_eq!(
            names(root, &walked.files),
            ["a/y.txt", "b/c/x.txt", "b/w.txt", "link.txt", "z.txt"]
        );
        assert_eq!(names(root, &walked.dirs), ["a", "b", "b/c"]);
        let problems: Vec<String> = walked
            .problems
            .iter()
            .map(|p| {
                let what = match p {
                    WalkError::Folder { .. } => "folder",
                    WalkError::Entry { .. } => "entry",
                    WalkError::Loop { .. } => "loop",
                    WalkError::NotRegular { kind, .. } => kind,
                };
                let path = p.path().strip_prefix(root).unwrap().display();
                format!("{what} {path}")
            })
            .collect();
        assert_eq!(
            problems,
            [
                "a FIFO a/pipe",
                "loop b/c/up",
                "entry loop-1",
                "entry loop-2"
            ]
        );
    }

    #[test]
    fn files_only_takes_links_to_files_and_skips_links_to_folders() {
        let dir = tree();
        let root = dir.path();
        let walked = Walk::new(root).links(Links::FilesOnly).run();
        assert_eq!(
            names(root, &walked.files),
            ["a/y.txt", "b/c/x.txt", "b/w.txt", "link.txt", "z.txt"]
        );
        assert!(walked
            .problems
            .iter()
            .all(|p| !matches!(p, WalkError::Loop { .. })));
    }

    #[test]
    fn a_missing_root_is_a_folder_error_and_depth_limits() {
        let dir = tree();
        let missing = Walk::new(dir.path().join("nope")).run();
        assert!(matches!(
            missing.problems.as_slice(),
            [WalkError::Folder { .. }]
        ));
        let top = Walk::new(dir.path()).max_depth(1).run();
        assert_eq!(names(dir.path(), &top.dirs), ["a", "b"]);
        assert_eq!(names(dir.path(), &top.files), ["link.txt", "z.txt"]);
    }
}
