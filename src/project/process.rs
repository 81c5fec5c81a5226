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
