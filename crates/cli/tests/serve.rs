//! `dyad serve` end to end: a real server process on a loopback port, real HTTP requests, and
//! the dashboard driven in headless Chromium.

mod common;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use common::{dyad, require};

const TOKEN: &str = "test-token-123";

struct Server {
    child: Child,
    base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_server(db: &Path) -> Server {
    let mut child = dyad()
        .args([
            "serve",
            "--bind",
            "127.0.0.1:0",
            "--max-body",
            "200000",
            "--db",
        ])
        .arg(db)
        .env("DYAD_TOKEN", TOKEN)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start dyad serve");
    let stdout = child.stdout.take().expect("stdout");
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("read the listening line");
    let base = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .trim_end_matches('/')
        .to_string();
    Server { child, base }
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into()
}

fn post(
    url: &str,
    content_type: &str,
    body: &str,
    token: Option<&str>,
) -> (u16, serde_json::Value) {
    let mut req = agent().post(url).header("Content-Type", content_type);
    if let Some(t) = token {
        req = req.header("Authorization", &format!("Bearer {t}"));
    }
    let mut res = req.send(body).expect("request");
    let status = res.status().as_u16();
    let text = res.body_mut().read_to_string().unwrap_or_default();
    (
        status,
        serde_json::from_str(&text).unwrap_or(serde_json::Value::Null),
    )
}

/// Status of a POST that only announces a body of `length` bytes: the server must refuse an
/// oversized body from its Content-Length alone. (Sending the body too races the server closing
/// the connection after its 413, which makes a client see a broken pipe instead.)
fn status_for_declared_length(base: &str, path: &str, length: usize) -> u16 {
    use std::io::{Read, Write};
    let host = base.trim_start_matches("http://");
    let mut stream = std::net::TcpStream::connect(host).expect("connect");
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(30)))
        .expect("timeout");
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: text/plain\r\n\
         Content-Length: {length}\r\nConnection: close\r\n\r\n"
    );
    stream
        .write_all(head.as_bytes())
        .expect("write request head");
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    let text = String::from_utf8_lossy(&response);
    text.split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

fn get(url: &str) -> (u16, String) {
    let mut res = agent().get(url).call().expect("request");
    let status = res.status().as_u16();
    (status, res.body_mut().read_to_string().unwrap_or_default())
}

fn example_article() -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/article.txt");
    std::fs::read_to_string(path).unwrap_or_else(|_| {
        "Russia condemned the United States on Monday. The White House said it would respond."
            .to_string()
    })
}

#[test]
fn api_annotates_stores_queries_and_rejects_bad_requests() {
    let dir = tempfile::tempdir().unwrap();
    let server = start_server(&dir.path().join("api.db"));
    let base = &server.base;
    let text = example_article();

    // Annotate: a document comes back, nothing is stored.
    let (status, doc) = post(&format!("{base}/v1/annotate"), "text/plain", &text, None);
    assert_eq!(status, 200, "{doc}");
    assert!(
        doc["sentences"].as_array().is_some_and(|s| s.len() > 1),
        "{doc}"
    );
    assert!(doc["id"].as_str().is_some_and(|id| !id.is_empty()));
    let (_, stats) = get(&format!("{base}/v1/stats"));
    assert!(stats.contains("\"articles\":0"), "{stats}");

    // Bad bodies are 4xx with a JSON error.
    let (status, err) = post(
        &format!("{base}/v1/annotate"),
        "application/json",
        "{nope",
        None,
    );
    assert_eq!(status, 400);
    assert!(
        err["error"].as_str().unwrap_or("").contains("JSON"),
        "{err}"
    );
    let (status, _) = post(&format!("{base}/v1/annotate"), "text/plain", "   ", None);
    assert_eq!(status, 400);
    let (status, _) = post(&format!("{base}/v1/annotate"), "image/png", "x", None);
    assert_eq!(status, 415);
    assert_eq!(
        status_for_declared_length(base, "/v1/annotate", 500_000),
        413,
        "bodies over --max-body are refused"
    );

    // Storing needs the token.
    let (status, _) = post(&format!("{base}/v1/articles"), "text/plain", &text, None);
    assert_eq!(status, 401);
    let (status, _) = post(
        &format!("{base}/v1/articles"),
        "text/plain",
        &text,
        Some("wrong-token"),
    );
    assert_eq!(status, 401);
    let (status, report) = post(
        &format!("{base}/v1/articles"),
        "text/plain",
        &text,
        Some(TOKEN),
    );
    assert_eq!(status, 200, "{report}");
    assert_eq!(report["inserted"], 1);
    let id = report["ids"][0].as_str().expect("stored id").to_string();
    let (_, again) = post(
        &format!("{base}/v1/articles"),
        "text/plain",
        &text,
        Some(TOKEN),
    );
    assert_eq!(again["skipped"], 1, "the same article twice is stored once");

    // Query endpoints answer JSON; bad filters are 400.
    let (status, events) = get(&format!("{base}/v1/events?limit=10"));
    assert_eq!(status, 200);
    let events: serde_json::Value = serde_json::from_str(&events).unwrap();
    assert!(events["events"].is_array() && events["total"].is_number());
    let (status, _) = get(&format!("{base}/v1/events?from=yesterday"));
    assert_eq!(status, 400);
    let (status, _) = get(&format!("{base}/v1/timeline?period=fortnight"));
    assert_eq!(status, 400);
    let (status, dyads) = get(&format!("{base}/v1/dyads"));
    assert_eq!(status, 200, "{dyads}");

    // The stored article comes back with its text as highlighted HTML.
    let (status, article) = get(&format!("{base}/v1/articles/{id}"));
    assert_eq!(status, 200);
    let article: serde_json::Value = serde_json::from_str(&article).unwrap();
    assert!(article["html"].as_str().is_some_and(|h| !h.is_empty()));
    let (status, _) = get(&format!("{base}/v1/articles/no-such-id"));
    assert_eq!(status, 404);

    // OpenAPI spec and the vendored Swagger UI: nothing from a CDN.
    let (status, spec) = get(&format!("{base}/openapi.json"));
    assert_eq!(status, 200);
    for path in [
        "/v1/annotate",
        "/v1/articles",
        "/v1/events",
        "/v1/dyads",
        "/v1/timeline",
    ] {
        assert!(spec.contains(path), "spec lacks {path}");
    }
    let (status, docs) = get(&format!("{base}/docs"));
    assert_eq!(status, 200);
    assert!(
        !docs.contains("https://"),
        "Swagger UI must not load from a CDN"
    );
    let (status, js) = get(&format!("{base}/docs/swagger-ui-bundle.js"));
    assert_eq!(status, 200);
    assert!(js.contains("SwaggerUIBundle"));
    let (status, dashboard) = get(&format!("{base}/"));
    assert_eq!(status, 200);
    assert!(
        !dashboard.contains("https://"),
        "the dashboard must not load from a CDN"
    );
    let (status, _) = get(&format!("{base}/v1/nothing-here"));
    assert_eq!(status, 404);
}

#[test]
fn dashboard_filters_and_shows_evidence_in_chromium() {
    let e2e = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/e2e");
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    if !require("chromium", Path::new(&chromium).exists())
        || !require(
            "playwright-core (npm ci in crates/cli/tests/e2e)",
            e2e.join("node_modules/playwright-core").exists(),
        )
    {
        return;
    }
    let (Some(seed), Some(voa)) = (
        common::seed(),
        common::shared_file("data/voa/voa_stories.jsonl"),
    ) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("dash.db");
    let status = dyad()
        .arg("ingest")
        .arg("--db")
        .arg(&db)
        .arg(seed)
        .arg(voa)
        .args(["--date", "2024-05-30"])
        .status()
        .expect("run dyad ingest");
    assert!(status.success(), "dyad ingest failed");
    let server = start_server(&db);
    let shot = dir.path().join("dashboard.png");
    let out = Command::new("node")
        .arg(e2e.join("dashboard.mjs"))
        .arg(format!("{}/", server.base))
        .arg(&shot)
        .env("CHROMIUM", &chromium)
        .output()
        .expect("run node");
    assert!(
        out.status.success(),
        "dashboard e2e failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(shot.exists());
    if let Ok(keep) = std::env::var("DYAD_SCREENSHOT") {
        let _ = std::fs::copy(&shot, keep);
    }
}
