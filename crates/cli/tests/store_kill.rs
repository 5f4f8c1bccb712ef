//! Crash safety of `dyad ingest`, for real: a child process is killed with SIGKILL at random
//! moments, the same command is rerun to completion, and the database must hold exactly what
//! one clean run stores — same table counts, same content digest.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use dyad_store::Store;

/// `n` stories: VOA stories from ../shared first (written to a temporary file), then stories
/// generated from our own sentences.
fn corpus(dir: &Path, n: usize) -> PathBuf {
    let path = dir.join("corpus.jsonl");
    let voa = common::shared_dir().join("data/voa/voa_stories.jsonl");
    let mut lines: Vec<String> = match std::fs::read_to_string(&voa) {
        Ok(text) => text
            .lines()
            .filter(|l| !l.trim().is_empty())
            .take(n)
            .map(str::to_string)
            .collect(),
        Err(_) => {
            eprintln!("{} is absent: using generated stories only", voa.display());
            Vec::new()
        }
    };
    let actors = [
        "Russia", "Georgia", "Ukraine", "Germany", "France", "China", "Japan", "Iran", "Turkey",
        "Poland",
    ];
    let verbs = [
        "accused",
        "condemned",
        "praised",
        "met",
        "threatened",
        "criticized",
        "thanked",
    ];
    for i in lines.len()..n {
        let mut text = String::new();
        for j in 0..25 {
            let a = actors[(i * 3 + j) % actors.len()];
            let b = actors[(i * 7 + j * 3 + 1) % actors.len()];
            let v = verbs[(i + j * 5) % verbs.len()];
            text.push_str(&format!(
                "{a} {v} {b} on Monday over incident number {} in sector {}. ",
                i * 100 + j,
                (i * j) % 13
            ));
            if j % 5 == 4 {
                text.push_str("\n\n");
            }
        }
        lines.push(
            serde_json::json!({
                "id": format!("gen-{i}"),
                "url": format!("https://outlet{}.example.com/story/{i}", i % 4),
                "published": format!("2024-03-{:02}", 1 + i % 28),
                "text": text,
            })
            .to_string(),
        );
    }
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    path
}

fn ingest_command(input: &Path, db: &Path) -> Command {
    let mut cmd = common::dyad();
    cmd.arg("ingest")
        .arg(input)
        .arg("--db")
        .arg(db)
        .args(["--batch", "2"])
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    cmd
}

/// A pseudo-random fraction in [0, 1) from the clock (no extra dependency needed).
fn random_fraction(salt: u64) -> f64 {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0);
    let mut z = nanos ^ salt.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    (z >> 11) as f64 / (1u64 << 53) as f64
}

#[test]
fn ingest_killed_at_random_moments_ends_like_one_clean_run() {
    let dir = tempfile::tempdir().unwrap();

    // Start-up (loading the models) versus the work itself, to aim the kills at the work.
    let one = dir.path().join("one.txt");
    std::fs::write(&one, "Russia and Georgia held talks.").unwrap();
    let started = Instant::now();
    let status = ingest_command(&one, &dir.path().join("startup.db"))
        .status()
        .unwrap();
    assert!(status.success());
    let startup = started.elapsed();

    // A corpus big enough that the work, not start-up, takes most of a run (~2 s of work).
    let mut n = 24;
    let (input, clean_db, clean_time) = loop {
        let input = corpus(dir.path(), n);
        let clean_db = dir.path().join(format!("clean-{n}.db"));
        let started = Instant::now();
        let status = ingest_command(&input, &clean_db).status().unwrap();
        let clean_time = started.elapsed();
        assert!(status.success(), "clean run failed");
        let work = clean_time.saturating_sub(startup).as_secs_f64().max(0.01);
        if work >= 1.5 || n >= 800 {
            break (input, clean_db, clean_time);
        }
        n = ((n as f64) * (2.0 / work).min(8.0)).ceil() as usize;
    };
    let clean = Store::open_existing(&clean_db).unwrap();
    let clean_stats = clean.stats().unwrap();
    let clean_digest = clean.content_digest().unwrap();
    assert_eq!(clean_stats.articles, n as i64, "{clean_stats:?}");
    eprintln!("clean run of {n} stories: {clean_time:?}, {clean_stats:?}");
    let startup = startup.min(clean_time);
    let work = clean_time - startup;

    let db = dir.path().join("killed.db");
    let total = clean_stats.articles;
    let mut stored = 0;
    let mut interrupted = 0;
    let mut partial = 0;
    let mut log = Vec::new();
    // Timings measured on a busy machine can be far off: kills that come after the run ended
    // shorten later delays, kills that store nothing lengthen them, and a store that is
    // already complete starts over, until enough kills have landed mid-way.
    let mut scale = 1.0f64;
    let mut round = 0u64;
    while (interrupted < 4 || partial < 1) && round < 20 {
        if stored == total {
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
            }
            stored = 0;
        }
        // The first round kills during start-up, the others somewhere inside the work still
        // left (the rerun skips what is stored).
        let left = 1.0 - stored as f64 / total as f64;
        let delay = if round == 0 {
            startup.mul_f64(random_fraction(round))
        } else {
            (startup + work.mul_f64(left * (0.15 + 0.7 * random_fraction(round)))).mul_f64(scale)
        };
        let mut child = ingest_command(&input, &db).spawn().unwrap();
        std::thread::sleep(delay);
        let killed_mid_way = child.try_wait().unwrap().is_none();
        child.kill().unwrap(); // SIGKILL on Unix: no chance to clean up
        child.wait().unwrap();
        let before = stored;
        if db.exists() {
            // Whatever is there must be consistent: every stored article is whole.
            let store = Store::open_existing(&db).unwrap();
            let stats = store.stats().unwrap();
            for a in store.articles(1000, 0).unwrap() {
                let doc = store.article(&a.id).unwrap().unwrap();
                assert!(
                    a.duplicate_of.is_some() || !doc.sentences.is_empty(),
                    "{}",
                    a.id
                );
            }
            if stats.articles > stored && stats.articles < total {
                partial += 1;
            }
            stored = stats.articles;
            log.push((delay, stats.articles, stats.events));
        }
        if killed_mid_way {
            interrupted += 1;
            if round > 0 && stored == before {
                scale *= 1.3;
            }
        } else {
            scale *= 0.5;
        }
        round += 1;
    }
    eprintln!("start-up {startup:?}; kills (delay, articles, events): {log:?}");
    assert!(interrupted >= 4, "the runs must really be killed mid-way");
    assert!(
        partial >= 1,
        "at least one kill must land between two batches"
    );

    let status = ingest_command(&input, &db).status().unwrap();
    assert!(status.success(), "rerun after kills failed");
    let store = Store::open_existing(&db).unwrap();
    assert_eq!(store.stats().unwrap(), clean_stats);
    assert_eq!(store.content_digest().unwrap(), clean_digest);
    // And running it once more stores nothing new.
    let status = ingest_command(&input, &db).status().unwrap();
    assert!(status.success());
    assert_eq!(store.content_digest().unwrap(), clean_digest);
}
