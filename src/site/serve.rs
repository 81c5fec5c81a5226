//! `serve`: a local preview for translators. Builds the site, serves `out/`
//! on the loopback interface, rebuilds when an `.ftl` file, a template or
//! the config changes, and reloads open pages after each good build.
//!
//! The reload script is added to pages as they are sent, never written to
//! `out/`, so what `build` produces stays byte for byte the same.

use crate::project::config::{Config, CONFIG_FILE};
use crate::project::walk::{Links, Walk};
use crate::site::build::{build, BuildOptions};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

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

/// Builds once, then serves and watches until the process ends. `report`
/// receives one line per build (success or the errors), for the terminal.
pub fn serve(
    root: &Path,
    port: u16,
    options: BuildOptions,
    report: impl Fn(String) + Send + 'static,
) -> Result<Preview, ServeError> {
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
        move || -> Result<(PathBuf, String), String> {
            let config = Config::load(&root).map_err(|e| e.to_string())?;
            let report = build(&config, &options).map_err(|e| e.to_string())?;
            let pages = report.pages.iter().filter(|p| p.published).count();
            let mut line = format!("built {pages} page(s)");
            match &report.pdf.skipped {
                Some(reason) => line.push_str(&format!("; no PDFs: {reason}")),
                None if report.pdf.printed > 0 => {
                    line.push_str(&format!(" and {} PDF(s)", report.pdf.printed))
                }
                None => {}
            }
            Ok((config.out_dir(), line))
        }
    };
    let out_dir = match rebuild() {
        Ok((out, line)) => {
            report(line);
            out
        }
        Err(e) => {
            report(format!("build failed; fix the error and save again:\n{e}"));
            Config::load(root)
                .map(|c| c.out_dir())
                .unwrap_or_else(|_| root.join("out"))
        }
    };

    let watcher_version = Arc::clone(&version);
    let watch_root = root.to_path_buf();
    std::thread::spawn(move || {
        let mut last = Config::load(&watch_root)
            .map(|c| snapshot(&c))
            .unwrap_or_default();
        loop {
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
                Ok((_, line)) => {
                    watcher_version.fetch_add(1, Ordering::SeqCst);
                    report(line);
                }
                Err(e) => report(format!(
                    "build failed; the preview keeps the last good pages:\n{e}"
                )),
            }
        }
    });

    let http_version = Arc::clone(&version);
    std::thread::spawn(move || {
        for request in server.incoming_requests() {
            let response = respond(&out_dir, request.url(), http_version.load(Ordering::SeqCst));
            let _ = request.respond(response);
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

/// The file under `out` a URL path names; `None` for anything that would leave it.
fn resolve(out: &Path, url_path: &str) -> Option<PathBuf> {
    let decoded = percent_decode(url_path)?;
    let relative = Path::new(decoded.trim_start_matches('/'));
    if relative
        .components()
        .any(|c| !matches!(c, Component::Normal(_)))
    {
        return None;
    }
    let mut file = out.join(relative);
    if file.is_dir() {
        file = file.join("index.html");
    }
    file.is_file().then_some(file)
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
