//! Whether another fluentpress run is still going: leftovers of a killed run (a
//! staging folder, a half-made locale) are cleaned up only when their process is gone.

/// Whether the process `pid` exists.
#[cfg(unix)]
pub fn alive(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return false;
    };
    // SAFETY: signal 0 only asks whether the process exists.
    let rc = unsafe { libc::kill(pid, 0) };
    rc == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

/// No cheap check: a leftover is taken for a running process and left alone.
#[cfg(not(unix))]
pub fn alive(_: u32) -> bool {
    true
}

/// A hidden name beside `path` holding this process's id, for a file being written.
fn temporary_beside(path: &std::path::Path) -> std::path::PathBuf {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
    path.with_file_name(format!(
        ".{}.{}.tmp",
        name.as_deref().unwrap_or("file"),
        std::process::id()
    ))
}

/// Replaces `path` with `contents` all at once: written beside it under a name holding
/// this process's id, then renamed over it, so a reader (or a kill) never sees half a
/// file. A kill between the two leaves only that hidden temporary, which
/// [`remove_dead_temporaries`] takes away once its process is gone.
pub fn write_replacing(path: &std::path::Path, contents: impl AsRef<[u8]>) -> std::io::Result<()> {
    let tmp = temporary_beside(path);
    let written = std::fs::write(&tmp, contents).and_then(|()| std::fs::rename(&tmp, path));
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}

/// Writes `path` all at once like [`write_replacing`], but only if it does not exist:
/// the temporary is linked to its name, which fails (`AlreadyExists`) rather than
/// replace a file someone wrote in the meantime.
pub fn write_new(path: &std::path::Path, contents: impl AsRef<[u8]>) -> std::io::Result<()> {
    let tmp = temporary_beside(path);
    let written = std::fs::write(&tmp, contents).and_then(|()| std::fs::hard_link(&tmp, path));
    let _ = std::fs::remove_file(&tmp);
    written
}

/// Removes the temporaries [`write_replacing`] left in `dir` when killed, where their
/// process is gone; returns what it removed.
pub fn remove_dead_temporaries(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut removed = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return removed;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let pid = name
            .strip_prefix('.')
            .and_then(|n| n.strip_suffix(".tmp"))
            .and_then(|n| n.rsplit_once('.'))
            .and_then(|(_, pid)| pid.parse::<u32>().ok());
        let Some(pid) = pid else { continue };
        if pid != std::process::id()
            && !alive(pid)
            && entry.file_type().is_ok_and(|t| t.is_file())
            && std::fs::remove_file(entry.path()).is_ok()
        {
            removed.push(entry.path());
        }
    }
    removed
}
