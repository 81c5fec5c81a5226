//! Shared by the integration tests: a copy of a site in a temporary folder,
//! the real binary run on it, and its HTML parsed.
#![allow(dead_code)]

use assert_cmd::Command;
use scraper::{Html, Selector};
use std::path::{Path, PathBuf};
use tempfile::TempDir;

pub mod judged;
pub mod plan;

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Copies `fluentpress.toml`, `locales/` and `templates/` of `from` into a new temporary folder.
pub fn site_copy(from: &Path) -> TempDir {
    let dir = tempfile::tempdir().expect("temporary folder");
    std::fs::copy(
        from.join("fluentpress.toml"),
        dir.path().join("fluentpress.toml"),
    )
    .expect("copy config");
    for sub in ["locales", "templates"] {
        copy_dir(&from.join(sub), &dir.path().join(sub));
    }
    dir
}

pub fn default_site() -> TempDir {
    site_copy(&repo_root())
}

pub fn fixture(name: &str) -> TempDir {
    site_copy(&repo_root().join("tests/fixtures").join(name))
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create folder");
    for entry in std::fs::read_dir(from).expect("read folder").flatten() {
        let path = entry.path();
        let target = to.join(entry.file_name());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).expect("copy file");
        }
    }
}

pub fn fluentpress(root: &Path) -> Command {
    let mut cmd = Command::cargo_bin("fluentpress").expect("binary is built");
    cmd.arg("--root").arg(root).env("NO_COLOR", "1");
    cmd
}

pub fn read(path: impl AsRef<Path>) -> String {
    let path = path.as_ref();
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

pub fn html(path: impl AsRef<Path>) -> Html {
    Html::parse_document(&read(path))
}

pub fn select<'a>(doc: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    let selector = Selector::parse(css).unwrap_or_else(|e| panic!("bad selector {css}: {e:?}"));
    doc.select(&selector).collect()
}

pub fn text(el: &scraper::ElementRef) -> String {
    el.text().collect()
}

pub fn attr<'a>(el: &'a scraper::ElementRef, name: &str) -> Option<&'a str> {
    el.value().attr(name)
}

/// External programs some tests need as judges (the Nu checker, Chromium, poppler, axe-core).
///
/// A missing judge fails the test with what to install: a skipped check that reports
/// "ok" is how invalid pages got through on fresh machines. `FLUENTPRESS_ALLOW_SKIP`
/// (a comma-separated list of judge names, or `all`) turns that into a skip, announced
/// on the real stderr so the test harness cannot swallow it.
pub mod judge {
    use std::io::Write;
    use std::path::{Path, PathBuf};

    /// Names accepted in `FLUENTPRESS_ALLOW_SKIP`.
    pub const VNU: &str = "vnu";
    pub const BROWSER: &str = "browser";
    pub const POPPLER: &str = "poppler";
    pub const AXE: &str = "axe";
    pub const CHECK_JSONSCHEMA: &str = "check-jsonschema";
    pub const PRE_COMMIT: &str = "pre-commit";
    pub const GROFF: &str = "groff";

    /// Where `.ci/run` installs npm packages, relative to the repository.
    const NPM_TOOLS: &str = ".tools/node_modules";

    /// Whether the judge may proceed: `true` when `present`; otherwise `false` if
    /// `FLUENTPRESS_ALLOW_SKIP` names it (after saying so loudly), else the test fails.
    pub fn require(name: &str, present: bool, install: &str) -> bool {
        if present {
            return true;
        }
        if skip_allowed(name) {
            // Straight to the process's stderr: libtest captures `eprintln!` of passing tests.
            let _ = writeln!(
                std::io::stderr(),
                "\n*** SKIPPED ({name}): {} did not run its judge ({install}) ***\n",
                std::thread::current().name().unwrap_or("a test")
            );
            return false;
        }
        panic!(
            "this test needs {install}; `.ci/run` installs it. \
             To skip such tests on purpose set FLUENTPRESS_ALLOW_SKIP={name}"
        );
    }

    fn skip_allowed(name: &str) -> bool {
        std::env::var("FLUENTPRESS_ALLOW_SKIP").is_ok_and(|list| {
            list.split(',')
                .map(str::trim)
                .any(|item| item.eq_ignore_ascii_case(name) || item.eq_ignore_ascii_case("all"))
        })
    }

    fn npm_file(package_path: &str) -> PathBuf {
        super::repo_root().join(NPM_TOOLS).join(package_path)
    }

    fn java_runs() -> bool {
        std::process::Command::new("java")
            .arg("-version")
            .output()
            .is_ok_and(|o| o.status.success())
    }

    /// `vnu.jar` from `VNU_JAR`, else where `.ci/run` installs it, with a Java to run it.
    pub fn vnu_jar() -> Option<PathBuf> {
        let jar = std::env::var_os("VNU_JAR")
            .map(PathBuf::from)
            .filter(|p| p.is_file())
            .or_else(|| Some(npm_file("vnu-jar/build/dist/vnu.jar")).filter(|p| p.is_file()));
        let present = jar.is_some() && java_runs();
        let install = "the Nu Html Checker: a Java runtime (apt-get install default-jre-headless) \
                       and vnu.jar (`npm install --prefix .tools vnu-jar`, or VNU_JAR=/path/to/vnu.jar)";
        require(VNU, present, install).then_some(jar).flatten()
    }

    /// A Chromium the project's own launcher finds (`explicit` narrows it to one binary).
    pub fn browser(explicit: Option<&Path>) -> Option<PathBuf> {
        let found = fluentpress::site::pdf::PdfPrinter::find_browser(explicit).ok();
        let install = match explicit {
            Some(name) => format!(
                "the browser `{}` (apt-get install chromium)",
                name.display()
            ),
            None => "Chromium (apt-get install chromium-headless-shell, or chromium)".to_string(),
        };
        require(BROWSER, found.is_some(), &install)
            .then_some(found)
            .flatten()
    }

    /// poppler's command-line tools (`pdfinfo`, `pdffonts`, `pdftotext`, `pdftoppm`).
    pub fn poppler() -> bool {
        let present = std::process::Command::new("pdfinfo")
            .arg("-v")
            .output()
            .is_ok();
        require(
            POPPLER,
            present,
            "poppler's tools and the Noto fonts (apt-get install poppler-utils fonts-noto-core fonts-noto-cjk)",
        )
    }

    /// `axe.min.js` from `AXE_CORE_JS`, else where `.ci/run` installs axe-core.
    pub fn axe_js() -> Option<PathBuf> {
        let js = std::env::var_os("AXE_CORE_JS")
            .map(PathBuf::from)
            .filter(|p| p.is_file())
            .or_else(|| Some(npm_file("axe-core/axe.min.js")).filter(|p| p.is_file()));
        let install =
            "axe-core (`npm install --prefix .tools axe-core`, or AXE_CORE_JS=/path/to/axe.min.js)";
        require(AXE, js.is_some(), install).then_some(js).flatten()
    }

    /// Where `.ci/run` installs the Python tools (a venv under target/).
    const PY_TOOLS: &str = "target/py/bin";

    /// A Python tool (`check-jsonschema`, `pre-commit`) from the venv `.ci/run` makes,
    /// else from PATH.
    pub fn py_tool(name: &str) -> Option<PathBuf> {
        let venv = super::repo_root().join(PY_TOOLS).join(name);
        let found = if venv.is_file() {
            Some(venv)
        } else {
            std::process::Command::new(name)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
                .then(|| PathBuf::from(name))
        };
        let install =
            format!("{name} (`python3 -m venv target/py && target/py/bin/pip install {name}`)");
        require(name, found.is_some(), &install)
            .then_some(found)
            .flatten()
    }

    /// groff, to render the manual page.
    pub fn groff() -> bool {
        let present = std::process::Command::new("groff")
            .arg("-v")
            .output()
            .is_ok_and(|o| o.status.success());
        require(GROFF, present, "groff (apt-get install groff-base)")
    }
}

/// Every entry under `dir` (none when it does not exist), keyed by its path relative to
/// `dir`: a file's bytes, `<dir>` for a folder (so an empty folder left behind shows), and
/// `-> target` for a link. Two equal trees mean nothing under `dir` changed.
pub fn tree(dir: &Path) -> std::collections::BTreeMap<PathBuf, Vec<u8>> {
    let mut found = std::collections::BTreeMap::new();
    if !dir.exists() {
        return found;
    }
    let mut stack = vec![dir.to_path_buf()];
    while let Some(at) = stack.pop() {
        for entry in std::fs::read_dir(&at).unwrap().flatten() {
            let path = entry.path();
            let relative = path.strip_prefix(dir).unwrap().to_path_buf();
            let kind = entry.file_type().unwrap();
            if kind.is_symlink() {
                let target = std::fs::read_link(&path).unwrap();
                found.insert(relative, format!("-> {}", target.display()).into_bytes());
            } else if kind.is_dir() {
                found.insert(relative, b"<dir>".to_vec());
                stack.push(path);
            } else {
                found.insert(relative, std::fs::read(&path).unwrap());
            }
        }
    }
    found
}

/// Tells a `--shard auto` process it is shard `i` of `n` the way one of the CI engines
/// does, picked by `engine`: a GitHub Actions matrix value passed in, GitLab's `parallel:`,
/// or a Kubernetes Indexed Job (0-based).
pub fn shard_env(cmd: &mut Command, i: usize, n: usize, engine: usize) {
    match engine % 3 {
        0 => cmd.env("FLUENTPRESS_SHARD", format!("{i}/{n}")),
        1 => cmd
            .env("CI_NODE_INDEX", i.to_string())
            .env("CI_NODE_TOTAL", n.to_string()),
        _ => cmd
            .env("JOB_COMPLETION_INDEX", (i - 1).to_string())
            .env("FLUENTPRESS_SHARDS", n.to_string()),
    };
}
