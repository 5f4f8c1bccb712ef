//! What the end-to-end tests share: where `../shared` is, how a test that needs it skips (or,
//! in CI, fails), and running the `dyad` binary built for the tests.
//!
//! Each test file compiles its own copy of this module and uses only part of it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

/// The repository root.
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `$DYAD_SHARED`, or `../shared` beside the repository, whether it exists or not.
pub fn shared_dir() -> PathBuf {
    std::env::var_os("DYAD_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared")))
}

/// CI (`DYAD_CI=1`) installs every tool and provides `../shared`: nothing may skip there.
pub fn in_ci() -> bool {
    std::env::var("DYAD_CI").as_deref() == Ok("1")
}

/// Whether a test can go on: a missing prerequisite prints why the test skips on a user's
/// machine, and fails the test in CI.
pub fn require(what: &str, present: bool) -> bool {
    if !present {
        assert!(
            !in_ci(),
            "DYAD_CI=1 but {what} is missing: .ci/run provides it"
        );
        eprintln!("skipping: {what} is missing");
    }
    present
}

/// A file under `../shared`, when it is there (see [`require`]).
pub fn shared_file(relative: &str) -> Option<PathBuf> {
    let path = shared_dir().join(relative);
    require(&path.display().to_string(), path.is_file()).then_some(path)
}

/// The seed article: the first `.txt` file in `../shared/seeds` (see [`require`]).
pub fn seed() -> Option<PathBuf> {
    let dir = shared_dir().join("seeds");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    paths.sort();
    let seed = paths
        .into_iter()
        .find(|p| p.extension().is_some_and(|x| x == "txt"));
    require(
        &format!("a .txt seed article in {}", dir.display()),
        seed.is_some(),
    );
    seed
}

/// The `dyad` binary built for these tests.
pub fn dyad() -> Command {
    Command::new(env!("CARGO_BIN_EXE_dyad"))
}

/// Runs `dyad args…` to completion.
pub fn run(args: &[&str]) -> Output {
    dyad().args(args).output().expect("run dyad")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// stdout as JSON lines, one document each.
pub fn json_lines(o: &Output) -> Vec<Value> {
    stdout(o)
        .lines()
        .map(|l| serde_json::from_str(l).expect("each stdout line is one JSON document"))
        .collect()
}

/// Fails the test with dyad's stderr unless it exited successfully.
pub fn assert_success(o: &Output) {
    assert!(o.status.success(), "{}", stderr(o));
}

/// Fails the test unless dyad exited with an error whose message has every one of `words`.
pub fn assert_fails_saying(o: &Output, words: &[&str]) {
    let err = stderr(o);
    assert!(!o.status.success(), "dyad succeeded: {err}");
    for w in words {
        assert!(err.contains(w), "{w:?} not in: {err}");
    }
}

/// Writes `content` to `dir/name` and returns the path.
pub fn write_file(dir: &Path, name: &str, content: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, content).expect("write a test input");
    path
}

/// A path as a command-line argument.
pub fn p(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}

/// `dyad annotate [--date DATE] FILE`: its first JSON document.
/// (text, label) of every entity of an annotated document.
pub fn entity_labels(doc: &Value) -> Vec<(String, String)> {
    doc["entities"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .map(|e| {
            (
                e["text"].as_str().unwrap_or("").to_string(),
                e["label"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

pub fn annotate(file: &Path, date: Option<&str>) -> Value {
    let mut cmd = dyad();
    cmd.arg("annotate");
    if let Some(date) = date {
        cmd.args(["--date", date]);
    }
    let out = cmd.arg(file).output().expect("run dyad");
    assert_success(&out);
    let text = stdout(&out);
    let line = text.lines().next().expect("one document");
    serde_json::from_str(line).expect("a JSON document")
}
