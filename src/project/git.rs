//! The files a git range changed, and their text at a commit, for `plan --changed`,
//! which compares the two versions of each changed `.ftl` file message by message.

use std::io::{BufRead, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

#[derive(Debug, thiserror::Error)]
pub enum GitError {
    #[error("cannot run git: {0}")]
    Run(#[source] std::io::Error),
    #[error("git {args}: {message}")]
    Failed { args: String, message: String },
}

/// A project folder inside a git work tree that has a commit.
#[derive(Debug)]
pub struct Repo {
    root: PathBuf,
    /// The project folder relative to the top of the work tree (`""` or `site/`).
    prefix: String,
}

/// The two commits a range compares: `A..B` compares `A` with `B`, `A...B` the
/// merge base of both with `B`; an end left out is `HEAD`, as git reads it.
#[derive(Debug, Clone)]
pub struct Range {
    pub old: String,
    pub new: String,
}

impl Repo {
    /// The repository holding `root`; `None` when git is not installed, `root` is
    /// not in a work tree, or the repository has no commit yet.
    pub fn open(root: &Path) -> Option<Repo> {
        let repo = Repo {
            root: crate::project::changes::absolute(root),
            prefix: String::new(),
        };
        repo.git(&["rev-parse", "--verify", "--quiet", "HEAD^{commit}"])
            .ok()?;
        let prefix = repo.git(&["rev-parse", "--show-prefix"]).ok()?;
        Some(Repo {
            prefix: prefix.trim_end_matches('\n').to_string(),
            ..repo
        })
    }

    fn git(&self, args: &[&str]) -> Result<String, GitError> {
        let out = Command::new("git")
            .arg("-C")
            .arg(&self.root)
            .args(args)
            .stdin(Stdio::null())
            .output()
            .map_err(GitError::Run)?;
        if !out.status.success() {
            return Err(GitError::Failed {
                args: args.join(" "),
                message: String::from_utf8_lossy(&out.stderr).trim().to_string(),
            });
        }
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    }

    /// The commit `rev` names, in full.
    fn commit(&self, rev: &str) -> Result<String, GitError> {
        let rev = if rev.is_empty() { "HEAD" } else { rev };
        Ok(self
            .git(&[
                "rev-parse",
                "--verify",
                "--end-of-options",
                &format!("{rev}^{{commit}}"),
            ])?
            .trim()
            .to_string())
    }

    /// The commits `range` (`A..B` or `A...B`) compares.
    pub fn range(&self, range: &str) -> Result<Range, GitError> {
        if let Some((a, b)) = range.split_once("...") {
            let (a, b) = (self.commit(a)?, self.commit(b)?);
            let base = self.git(&["merge-base", &a, &b])?.trim().to_string();
            return Ok(Range { old: base, new: b });
        }
        let (a, b) = range.split_once("..").unwrap_or((range, ""));
        Ok(Range {
            old: self.commit(a)?,
            new: self.commit(b)?,
        })
    }

    /// The files under the project folder that differ between the range's commits,
    /// as paths under the project folder.
    pub fn changed_files(&self, range: &Range) -> Result<Vec<PathBuf>, GitError> {
        let names = self.git(&[
            "diff",
            "--name-only",
            "--no-renames",
            "--relative",
            "-z",
            &range.old,
            &range.new,
            "--",
        ])?;
        Ok(names
            .split('\0')
            .filter(|n| !n.is_empty())
            .map(|name| self.root.join(name))
            .collect())
    }

    /// The bytes of each of `files` (paths relative to the project folder, `/`-separated)
    /// at commit `rev`; `None` for a file the commit does not have.
    pub fn read(&self, rev: &str, files: &[String]) -> Result<Vec<Option<Vec<u8>>>, GitError> {
        let mut child = Command::new("git")
            .arg("-C")
            .arg(&self.root)
            .args(["cat-file", "--batch"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(GitError::Run)?;
        // A name with a line break cannot be asked for; it is read as absent, which
        // counts its whole file as changed.
        let asked: Vec<Option<String>> = files
            .iter()
            .map(|f| (!f.contains('\n')).then(|| format!("{rev}:{}{f}\n", self.prefix)))
            .collect();
        let failed = |message: &str| GitError::Failed {
            args: "cat-file --batch".into(),
            message: message.into(),
        };
        let (Some(mut stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
            return Err(failed("no pipes"));
        };
        let input: String = asked.iter().flatten().cloned().collect();
        // Written beside the reading, so neither side waits on a full pipe.
        let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
        let mut stdout = std::io::BufReader::new(stdout);
        let mut out = Vec::with_capacity(files.len());
        for question in &asked {
            if question.is_none() {
                out.push(None);
                continue;
            }
            let mut header = String::new();
            stdout.read_line(&mut header).map_err(GitError::Run)?;
            if header.is_empty() {
                return Err(failed("ended early"));
            }
            // `<id> <type> <size>` and the content, or `<what was asked> missing`.
            let mut words = header.trim_end().rsplitn(3, ' ');
            let size = words.next().and_then(|s| s.parse::<u64>().ok());
            let kind = words.next();
            match (size, kind) {
                (Some(size), Some(kind)) => {
                    let mut bytes = Vec::new();
                    (&mut stdout)
                        .take(size + 1)
                        .read_to_end(&mut bytes)
                        .map_err(GitError::Run)?;
                    if bytes.len() as u64 != size + 1 {
                        return Err(failed("ended early"));
                    }
                    bytes.pop();
                    // A tree or a submodule at that path is no file.
                    out.push((kind == "blob").then_some(bytes));
                }
                _ => out.push(None),
            }
        }
        drop(stdout);
        let _ = writer.join();
        let _ = child.wait();
        Ok(out)
    }

    /// The project-relative name of `file`, a path under the project folder.
    pub fn name_of(&self, file: &Path) -> Option<String> {
        let rel = file.strip_prefix(&self.root).ok()?;
        let parts: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        Some(parts.join("/"))
    }
}
