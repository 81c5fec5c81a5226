//! `fluentpress serve`: the preview a translator keeps open while editing.
//! Talks to the server on 127.0.0.1 only; every wait is bounded.

mod common;
use common::*;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};

/// Where `serve` builds, under the project.
const PREVIEW: &str = ".fluentpress/preview";

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn get(address: &str, path: &str) -> (u16, String) {
    let (status, body) = get_bytes(address, path);
    (status, String::from_utf8_lossy(&body).into_owned())
}

fn get_bytes(address: &str, path: &str) -> (u16, Vec<u8>) {
    let mut stream = TcpStream::connect(address).expect("server accepts connections");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(stream, "GET {path} HTTP/1.0\r\nHost: {address}\r\n\r\n").unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let end = response
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or(response.len());
    let head = String::from_utf8_lossy(&response[..end]);
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, response.get(end + 4..).unwrap_or_default().to_vec())
}

/// Starts `serve` on a free port with `args`; returns the server, its address and its
/// output lines.
fn start(site: &std::path::Path, args: &[&str]) -> (Server, String, Receiver<String>) {
    let child = Command::new(env!("CARGO_BIN_EXE_fluentpress"))
        .args(["--root"])
        .arg(site)
        .args(["serve", "--port", "0"])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut server = Server(child);
    let stdout = server.0.stdout.take().unwrap();
    // Builds that fail are told on stderr, the rest on stdout: one stream of lines here.
    let stderr = server.0.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let tx_err = tx.clone();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx_err.send(line);
        }
    });
    let address = loop {
        let line = rx
            .recv_timeout(Duration::from_secs(60))
            .expect("serve prints its address");
        if let Some(rest) = line.strip_prefix("serving http://") {
            break rest.split('/').next().unwrap().to_string();
        }
    };
    assert!(address.starts_with("127.0.0.1:"), "{address}");
    (server, address, rx)
}

/// Waits until the preview says it rebuilt (the version changes), at most 30 s.
fn wait_for_rebuild(address: &str, version: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while get(address, "/__fluentpress/version").1 == version {
        assert!(Instant::now() < deadline, "no rebuild within 30 s");
        std::thread::sleep(Duration::from_millis(200));
    }
}

#[test]
fn serves_the_site_and_rebuilds_when_a_translation_changes() {
    let site = default_site();
    let (_server, address, rx) = start(site.path(), &["--locale", "fr,en"]);

    let (status, page) = get(&address, "/fr/");
    assert_eq!(status, 200);
    assert!(page.contains("Mission et vision"), "{page}");
    assert!(
        page.contains("/__fluentpress/version"),
        "the reload script is added"
    );
    assert!(
        !read(site.path().join(PREVIEW).join("fr/index.html")).contains("__fluentpress"),
        "but never written to disk"
    );
    assert!(
        !site.path().join("out").exists(),
        "the preview never writes out/"
    );
    assert_eq!(get(&address, "/../fluentpress.toml").0, 404);
    assert_eq!(get(&address, "/assets/site.css").0, 200);
    let (_, version) = get(&address, "/__fluentpress/version");

    let fr = site.path().join("locales/fr/about.ftl");
    std::fs::write(&fr, read(&fr).replace("Mission et vision", "Notre mission")).unwrap();
    wait_for_rebuild(&address, &version);
    let (_, page) = get(&address, "/fr/index.html");
    assert!(page.contains("Notre mission"), "{page}");

    // A broken file keeps the last good pages and says what is wrong.
    std::fs::write(&fr, "broken = {\n").unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut said = String::new();
    while !said.contains("syntax-error") {
        assert!(Instant::now() < deadline, "no error reported: {said}");
        if let Ok(line) = rx.recv_timeout(Duration::from_millis(500)) {
            said.push_str(&line);
        }
    }
    assert!(said.contains("locales/fr/about.ftl:1:"), "{said}");
    assert!(get(&address, "/fr/").1.contains("Notre mission"));
}

/// A translator previews the leaflet itself: `serve --pdf` prints it again on every save.
#[test]
fn previews_the_pdf_and_prints_it_again_on_save() {
    if judge::browser(None).is_none() || !judge::poppler() {
        return;
    }
    let site = default_site();
    let (_server, address, _rx) = start(site.path(), &["--locale", "fr", "--pdf"]);
    let (status, page) = get(&address, "/fr/");
    assert_eq!(status, 200);
    assert!(
        page.contains(r#"href="about.pdf" type="application/pdf""#),
        "{page}"
    );
    let (status, before) = get_bytes(&address, "/fr/about.pdf");
    assert_eq!(status, 200);
    assert!(before.starts_with(b"%PDF-"), "a PDF");
    let (_, version) = get(&address, "/__fluentpress/version");
    let fr = site.path().join("locales/fr/about.ftl");
    std::fs::write(&fr, read(&fr).replace("Mission et vision", "Notre mission")).unwrap();
    wait_for_rebuild(&address, &version);
    let (_, after) = get_bytes(&address, "/fr/about.pdf");
    assert!(after.starts_with(b"%PDF-"), "a PDF");
    let text = |pdf: &[u8]| {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("about.pdf");
        std::fs::write(&file, pdf).unwrap();
        let out = Command::new("pdftotext")
            .arg(&file)
            .arg("-")
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    assert!(text(&before).contains("Mission et vision"));
    assert!(text(&after).contains("Notre mission"), "printed again");
}

/// Previewing one locale leaves the last real build alone: French's preview does not
/// delete the other locales' pages or PDFs from out/.
#[test]
fn the_preview_never_touches_out() {
    let site = default_site();
    fluentpress(site.path()).arg("build").assert().success();
    let out = site.path().join("out");
    // Stands in for a PDF of the last real build, which a preview without --pdf lacks.
    std::fs::write(out.join("fr/about.pdf"), "%PDF-1.7 last release").unwrap();
    let before = tree(&out);
    let (_server, address, _rx) = start(site.path(), &["--locale", "fr"]);
    let (_, version) = get(&address, "/__fluentpress/version");
    let fr = site.path().join("locales/fr/about.ftl");
    std::fs::write(&fr, read(&fr).replace("Mission et vision", "Notre mission")).unwrap();
    wait_for_rebuild(&address, &version);
    assert!(get(&address, "/fr/").1.contains("Notre mission"));
    assert_eq!(
        get(&address, "/fr/about.pdf").0,
        404,
        "the preview has its own tree"
    );
    assert_eq!(tree(&out), before, "out/ is as the last build left it");
    assert!(site.path().join(PREVIEW).join(".fluentpress-out").is_file());
    // The preview folder keeps itself out of git.
    assert_eq!(
        read(site.path().join(".fluentpress/.gitignore"))
            .lines()
            .last(),
        Some("*")
    );
}

#[test]
fn an_unknown_locale_fails_before_serving() {
    let site = default_site();
    let assert = fluentpress(site.path())
        .args(["serve", "--port", "0", "--locale", "xx"])
        .timeout(Duration::from_secs(60))
        .assert()
        .code(2);
    let output = assert.get_output();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("--locale xx: not a configured locale") && stderr.contains("fr"),
        "{stderr}"
    );
    assert!(!String::from_utf8_lossy(&output.stdout).contains("serving"));
    assert!(!site.path().join(".fluentpress").exists(), "nothing built");
}

/// A link inside the preview folder (planted, or from a tool) never serves what it
/// points at, be it a file or a folder.
#[test]
fn serves_only_regular_files_inside_its_folder() {
    let secrets = tempfile::tempdir().unwrap();
    std::fs::write(secrets.path().join("id_rsa"), "PRIVATE KEY").unwrap();
    let site = default_site();
    let (_server, address, _rx) = start(site.path(), &["--locale", "fr"]);
    let preview = site.path().join(PREVIEW);
    assert_eq!(get(&address, "/fr/").0, 200);
    std::os::unix::fs::symlink(secrets.path().join("id_rsa"), preview.join("fr/key.css")).unwrap();
    std::os::unix::fs::symlink(secrets.path(), preview.join("leak")).unwrap();
    for path in [
        "/fr/key.css",
        "/leak/id_rsa",
        "/leak/",
        "/fr/%2e%2e/%2e%2e/fluentpress.toml",
    ] {
        let (status, body) = get(&address, path);
        assert_eq!(status, 404, "{path}");
        assert!(!body.contains("PRIVATE KEY"), "{path}");
    }
}

/// A client that asks for a large file and never reads it holds only its own
/// connection: pages and the live-reload check still answer at once.
#[test]
fn a_slow_client_blocks_no_one() {
    let site = default_site();
    // Larger than any loopback socket buffer, so the send stalls on the idle reader.
    std::fs::write(
        site.path().join("templates/assets/big.bin"),
        vec![b'x'; 48 << 20],
    )
    .unwrap();
    let (_server, address, _rx) = start(site.path(), &["--locale", "fr"]);
    let mut stalled = TcpStream::connect(&address).unwrap();
    write!(
        stalled,
        "GET /assets/big.bin HTTP/1.0\r\nHost: {address}\r\n\r\n"
    )
    .unwrap();
    std::thread::sleep(Duration::from_millis(500));
    let started = Instant::now();
    let (status, page) = get(&address, "/fr/");
    assert_eq!(status, 200);
    assert!(page.contains("Mission et vision"));
    assert_eq!(get(&address, "/__fluentpress/version").0, 200);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    drop(stalled);
}
