//! `serve`: a local preview for translators. Builds the site into its own
//! folder, [`PREVIEW_DIR`] (never `out/`, which holds the last real build),
//! serves it on the loopback interface, rebuilds when an `.ftl` file, a
//! template or the config changes, and reloads open pages after each good build.
//!
//! The reload script is added to pages as they are sent, never written to
//! disk, so what `build` produces stays byte for byte the same.

use crate::project::config::{Config, CONFIG_FILE};
use crate::project::walk::{Links, Walk};
use crate::site::build::{build, BuildOptions, BuildReport};
use crate::site::publish::{PublishError, SiteDir};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

/// The preview's folder under the project root, like Cargo's `target/`.
pub const PREVIEW_DIR: &str = ".fluentpress/preview";

/// The preview's page and PDF cache (`build --cache`), under the project root.
pub const CACHE_DIR: &str = ".fluentpress/cache";

/// Requests answered at once; past this a request gets 503 rather than a thread, so a
/// flood cannot exhaust the machine, while a few stalled clients still block nobody.
const MAX_IN_FLIGHT: usize = 64;

/// Where pages ask whether a newer build exists.
const VERSION_PATH: &str = "/__fluentpress/version";

/// Polls the version every second and reloads when it changes.
const RELOAD_SCRIPT: &str = r#"<script>
(() => {
  let seen = null;
  setInterval(async () => {
    try {
      const now = await (await fetch("/__fluentpress/version", { cache: "no-store" })).text();
      if (seen !== null && now !== seen) location.reload();
      seen = now;
    } catch (_) {}
  }, 1000);
})();
</script>"#;

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("cannot listen on {address}: {reason}; is another server using the port? Try --port 0 for a free one")]
    Listen { address: String, reason: String },
    #[error("--locale {tag}: not a configured locale (fluentpress.toml has {known})")]
    UnknownLocale { tag: String, known: String },
    #[error(transparent)]
    Folder(#[from] PublishError),
}

/// The preview folder of the project at `root`, checked like `out/`.
fn preview_dir(config: &Config) -> Result<SiteDir, PublishError> {
    let dir = config.root.join(PREVIEW_DIR);
    let site = SiteDir::other(config, &dir, "the preview folder of `serve`")?;
    // Like Cargo's target/: the folder tells git to ignore it, in any project.
    if let Some(parent) = dir.parent() {
        let ignore = parent.join(".gitignore");
        if !ignore.exists() {
            let _ = std::fs::create_dir_all(parent);
            let _ = std::fs::write(ignore, "# written by fluentpress serve\n*\n");
        }
    }
    Ok(site)
}

/// A running preview: the address it listens on and its build counter.
pub struct Preview {
    pub address: String,
    version: Arc<AtomicU64>,
}

impl Preview {
    pub fn version(&self) -> u64 {
        self.version.load(Ordering::SeqCst)
    }
}

/// Files whose change means a rebuild: the config, the locales, the templates.
fn snapshot(config: &Config) -> Vec<(PathBuf, SystemTime, u64)> {
    let mut files = Vec::new();
    let root_config = config.root.join(CONFIG_FILE);
    if let Ok(meta) = std::fs::metadata(&root_config) {
        files.push((
            root_config,
            meta.modified().unwrap_or(SystemTime::UNIX_EPOCH),
            meta.len(),
        ));
    }
    for dir in [config.locales_dir(), config.templates_dir()] {
        // Not following links to folders, as before the walk was shared; an
        // unreadable entry is seen again on the next poll.
        for path in Walk::new(dir).links(Links::FilesOnly).run().files {
            let Ok(meta) = std::fs::metadata(&path) else {
                continue;
            };
            files.push((
                path,
                meta.modified().unwrap_or(SystemTime::UNIX_EPOCH),
                meta.len(),
            ));
        }
    }
    files.sort();
    files
}

/// What one build of the preview came to, in words for the terminal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BuildEvent {
    /// What was built (`built 16 page(s)`).
    Built(String),
    /// Why it failed, with the errors.
    Failed(String),
}

/// One build of the preview of the project at `root`, as after each save. The pages whose
/// templates, messages and config values did not change since the last build are copied
/// from the preview's cache ([`CACHE_DIR`], or `options.cache`), so a save renders only
/// the pages that read what was saved.
pub fn preview_build(root: &Path, options: &BuildOptions) -> Result<BuildReport, String> {
    let config = Config::load(root).map_err(|e| e.to_string())?;
    let options = BuildOptions {
        site_dir: Some(preview_dir(&config).map_err(|e| e.to_string())?),
        cache: Some(
            options
                .cache
                .clone()
                .unwrap_or_else(|| config.root.join(CACHE_DIR)),
        ),
        ..options.clone()
    };
    build(&config, &options).map_err(|e| e.to_string())
}

/// Builds once, then serves and watches until the process ends. `report`
/// receives each build's outcome.
pub fn serve(
    root: &Path,
    port: u16,
    options: BuildOptions,
    report: impl Fn(BuildEvent) + Send + 'static,
) -> Result<Preview, ServeError> {
    // What cannot get better by editing a file fails now, before anything is served: an
    // unknown locale would otherwise be an empty site, and a refused folder every build.
    let preview = root.join(PREVIEW_DIR);
    if let Ok(config) = Config::load(root) {
        for tag in &options.locales {
            if config.locale(tag).is_none() {
                let known: Vec<&str> = config.locales.iter().map(|l| l.tag.as_str()).collect();
                return Err(ServeError::UnknownLocale {
                    tag: tag.clone(),
                    known: known.join(", "),
                });
            }
        }
        preview_dir(&config)?;
    }
    let address = format!("127.0.0.1:{port}");
    let server = tiny_http::Server::http(&address).map_err(|e| ServeError::Listen {
        address: address.clone(),
        reason: e.to_string(),
    })?;
    let address = server
        .server_addr()
        .to_ip()
        .map_or(address, |a| a.to_string());
    let version = Arc::new(AtomicU64::new(0));
    let rebuild = {
        let root = root.to_path_buf();
        move || -> Result<String, String> {
            let started = std::time::Instant::now();
            let report = preview_build(&root, &options)?;
            let pages = report.pages.iter().filter(|p| p.published).count();
            let mut line = format!(
                "built {pages} page(s) in {} ms ({} page file(s) rendered, {} unchanged)",
                started.elapsed().as_millis(),
                report.cache.rendered.len(),
                report.cache.copied
            );
            match &report.pdf.skipped {
                Some(reason) => line.push_str(&format!("; no PDFs: {reason}")),
                None if report.pdf.printed > 0 => {
                    line.push_str(&format!(" and {} PDF(s)", report.pdf.printed))
                }
                None => {}
            }
            Ok(line)
        }
    };
    // What the first build reads, taken before it: a save during that build, or before
    // the watcher thread first runs, is then still seen as a change.
    let mut last = Config::load(root).map(|c| snapshot(&c)).unwrap_or_default();
    match rebuild() {
        Ok(line) => report(BuildEvent::Built(line)),
        Err(e) => report(BuildEvent::Failed(format!(
            "build failed; fix the error and save again:\n{e}"
        ))),
    }

    let watcher_version = Arc::clone(&version);
    let watch_root = root.to_path_buf();
    std::thread::spawn(move || loop {
        std::thread::sleep(Duration::from_millis(300));
        let Ok(config) = Config::load(&watch_root) else {
            continue;
        };
        let now = snapshot(&config);
        if now == last {
            continue;
        }
        last = now;
        match rebuild() {
            Ok(line) => {
                watcher_version.fetch_add(1, Ordering::SeqCst);
                report(BuildEvent::Built(line));
            }
            Err(e) => report(BuildEvent::Failed(format!(
                "build failed; the preview keeps the last good pages:\n{e}"
            ))),
        }
    });

    let http_version = Arc::clone(&version);
    let in_flight = Arc::new(AtomicUsize::new(0));
    std::thread::spawn(move || {
        for request in server.incoming_requests() {
            // Each request answers on its own thread: a client that reads slowly (or
            // not at all) holds only its own.
            if in_flight.fetch_add(1, Ordering::SeqCst) >= MAX_IN_FLIGHT {
                in_flight.fetch_sub(1, Ordering::SeqCst);
                let _ = request.respond(busy());
                continue;
            }
            let held = Arc::clone(&in_flight);
            let version = http_version.load(Ordering::SeqCst);
            let dir = preview.clone();
            let spawned = std::thread::Builder::new().spawn(move || {
                let response = respond(&dir, request.url(), version);
                let _ = request.respond(response);
                held.fetch_sub(1, Ordering::SeqCst);
            });
            if spawned.is_err() {
                // The request went down with the closure; its client sees the connection close.
                in_flight.fetch_sub(1, Ordering::SeqCst);
            }
        }
    });
    Ok(Preview { address, version })
}

type Response = tiny_http::Response<std::io::Cursor<Vec<u8>>>;

fn respond(out: &Path, url: &str, version: u64) -> Response {
    let path = url.split(['?', '#']).next().unwrap_or("/");
    if path == VERSION_PATH {
        return with_type(
            tiny_http::Response::from_string(version.to_string()),
            "text/plain; charset=utf-8",
        );
    }
    let Some(file) = resolve(out, path) else {
        return not_found();
    };
    let Ok(bytes) = std::fs::read(&file) else {
        return not_found();
    };
    let extension = file.extension().and_then(|e| e.to_str()).unwrap_or("");
    let content_type = match extension {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "json" => "application/json; charset=utf-8",
        "pdf" => "application/pdf",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    };
    let body = if extension == "html" {
        let html = String::from_utf8_lossy(&bytes);
        match html.rfind("</body>") {
            Some(at) => format!("{}{RELOAD_SCRIPT}{}", &html[..at], &html[at..]).into_bytes(),
            None => bytes,
        }
    } else {
        bytes
    };
    with_type(tiny_http::Response::from_data(body), content_type)
}

/// The regular file under `dir` a URL path names; `None` for anything that would leave
/// it: `..`, and symbolic links anywhere on the way, which could point anywhere.
fn resolve(dir: &Path, url_path: &str) -> Option<PathBuf> {
    let decoded = percent_decode(url_path)?;
    let relative = Path::new(decoded.trim_start_matches('/'));
    if relative
        .components()
        .any(|c| !matches!(c, Component::Normal(_)))
    {
        return None;
    }
    let mut file = dir.to_path_buf();
    let mut meta = std::fs::symlink_metadata(&file).ok()?;
    for part in relative
        .components()
        .chain([Component::Normal("index.html".as_ref())])
    {
        if meta.is_file() {
            break;
        }
        if !meta.is_dir() {
            return None;
        }
        file.push(part);
        meta = std::fs::symlink_metadata(&file).ok()?;
    }
    meta.is_file().then_some(file)
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn with_type(response: Response, content_type: &str) -> Response {
    match tiny_http::Header::from_bytes("Content-Type", content_type) {
        Ok(header) => response.with_header(header),
        Err(()) => response,
    }
}

fn busy() -> Response {
    with_type(
        tiny_http::Response::from_string("busy, try again").with_status_code(503),
        "text/plain; charset=utf-8",
    )
}

fn not_found() -> Response {
    with_type(
        tiny_http::Response::from_string("not found").with_status_code(404),
        "text/plain; charset=utf-8",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_never_leave_the_output_folder() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("fr")).unwrap();
        std::fs::write(dir.path().join("fr/index.html"), "x").unwrap();
        assert_eq!(
            resolve(dir.path(), "/fr/"),
            Some(dir.path().join("fr/index.html"))
        );
        assert_eq!(resolve(dir.path(), "/fr/../../etc/passwd"), None);
        assert_eq!(resolve(dir.path(), "/%2e%2e/secret"), None);
        assert_eq!(resolve(dir.path(), "/missing.html"), None);
    }
}
