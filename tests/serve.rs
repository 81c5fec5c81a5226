//! `fluentpress serve`: the preview a translator keeps open while editing.
//! Talks to the server on 127.0.0.1 only; every wait is bounded.

mod common;
use common::*;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn get(address: &str, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(address).expect("server accepts connections");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(stream, "GET {path} HTTP/1.0\r\nHost: {address}\r\n\r\n").unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let status = response
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

#[test]
fn serves_the_site_and_rebuilds_when_a_translation_changes() {
    let site = default_site();
    let child = Command::new(env!("CARGO_BIN_EXE_fluentpress"))
        .args(["--root"])
        .arg(site.path())
        .args(["serve", "--port", "0", "--locale", "fr,en"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut server = Server(child);
    let stdout = server.0.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
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

    let (status, page) = get(&address, "/fr/");
    assert_eq!(status, 200);
    assert!(page.contains("Mission et vision"), "{page}");
    assert!(
        page.contains("/__fluentpress/version"),
        "the reload script is added"
    );
    assert!(
        !read(site.path().join("out/fr/index.html")).contains("__fluentpress"),
        "but never written to out/"
    );
    assert_eq!(get(&address, "/../fluentpress.toml").0, 404);
    assert_eq!(get(&address, "/assets/site.css").0, 200);
    let (_, version) = get(&address, "/__fluentpress/version");

    let fr = site.path().join("locales/fr/about.ftl");
    std::fs::write(&fr, read(&fr).replace("Mission et vision", "Notre mission")).unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        assert!(Instant::now() < deadline, "no rebuild within 30 s");
        if get(&address, "/__fluentpress/version").1 != version {
            break;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
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
