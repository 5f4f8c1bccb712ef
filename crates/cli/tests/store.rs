//! `dyad ingest / query / export` end to end: real databases, real files, the real binary.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{
    assert_fails_saying, json_lines as jsonl_rows, p, run as dyad, stderr, stdout, write_file,
};
use dyad_store::{EventQuery, Store};

/// Three short news stories we wrote, with clear coded events, as a JSONL file; plus a
/// syndicated copy of the first with different boilerplate.
fn corpus(dir: &Path) -> PathBuf {
    let stories = [
        (
            "s1",
            "https://www.example-news.com/a/russia-georgia",
            "2024-03-04",
            "Russia accused Georgia of provoking clashes near the border on Monday. \
             Georgian officials rejected the accusation and said Russian troops had fired \
             first.\n\nThe United States condemned Russia on Monday and called for talks. \
             The European Union urged both sides to show restraint.\n\nDiplomats said \
             negotiations in Geneva could resume next month if the fighting stopped.",
        ),
        (
            "s2",
            "https://www.other-paper.org/world/ukraine-aid",
            "2024-03-05",
            "Germany pledged new military aid to Ukraine on Tuesday. The German defence \
             minister met his Ukrainian counterpart in Berlin and promised air defence \
             systems.\n\nRussia criticized Germany for the decision and warned of \
             consequences.",
        ),
        (
            "s3",
            "https://www.third-daily.net/asia/talks",
            "2024-03-06",
            "China and Japan held talks in Beijing on Wednesday about fishing rights. The \
             Japanese foreign minister praised China for its willingness to negotiate.\n\n\
             Protesters gathered outside the Japanese embassy, police said.",
        ),
    ];
    let mut lines = Vec::new();
    for (id, url, date, text) in stories {
        lines.push(serde_json::json!({
            "id": id, "url": url, "published": date, "title": format!("Story {id}"),
            "text": text,
        }));
    }
    let copy_text = format!(
        "Sign up for our free newsletter to get the top stories every morning.\n\n{}\n\n\
         Copyright 2024 Syndicated Times. All rights reserved. Share this story.",
        stories[0].3
    );
    lines.push(serde_json::json!({
        "id": "s1-copy", "url": "https://syndicated-times.com/russia-georgia-clashes",
        "published": "2024-03-04", "title": "Russia accuses Georgia", "text": copy_text,
    }));
    let path = dir.join("corpus.jsonl");
    let body: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    std::fs::write(&path, body.join("\n") + "\n").expect("write corpus");
    path
}

#[test]
fn ingest_is_idempotent_and_links_syndicated_copies() {
    let dir = tempfile::tempdir().unwrap();
    let input = corpus(dir.path());
    let db = dir.path().join("news.db");
    let first = dyad(&["ingest", p(&input), "--db", p(&db), "--batch", "2"]);
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(
        stderr(&first).contains("stored 4 articles (1 near-duplicate linked)"),
        "{}",
        stderr(&first)
    );
    let store = Store::open_existing(&db).unwrap();
    let stats = store.stats().unwrap();
    let digest = store.content_digest().unwrap();
    assert_eq!(stats.articles, 4);
    assert_eq!(stats.duplicates, 1);
    let copy = store.article_summary("s1-copy").unwrap().unwrap();
    assert_eq!(copy.duplicate_of.as_deref(), Some("s1"));
    assert_eq!(copy.events, 0, "a syndicated copy adds no events");
    let copy_doc = store.article("s1-copy").unwrap().unwrap();
    assert!(copy_doc.sentences.is_empty() && copy_doc.events.is_empty());
    let original = store.article("s1").unwrap().unwrap();
    assert!(
        !original.sentences.is_empty(),
        "the original keeps its annotation"
    );
    drop(store);

    let again = dyad(&["ingest", p(&input), "--db", p(&db)]);
    assert!(again.status.success(), "{}", stderr(&again));
    assert!(
        stderr(&again).contains("stored 0 articles"),
        "{}",
        stderr(&again)
    );
    assert!(
        stderr(&again).contains("4 already stored"),
        "{}",
        stderr(&again)
    );
    let store = Store::open_existing(&db).unwrap();
    assert_eq!(store.stats().unwrap(), stats);
    assert_eq!(store.content_digest().unwrap(), digest);
}

#[test]
fn bad_inputs_are_reported_and_the_batch_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let good = write_file(
        dir.path(),
        "good.txt",
        "France and Germany signed a trade agreement in Paris on Friday.",
    );
    let empty = write_file(dir.path(), "empty.txt", "");
    let missing = dir.path().join("missing.txt");
    let db = dir.path().join("d.db");
    let out = dyad(&[
        "ingest",
        p(&empty),
        p(&missing),
        p(&good),
        "--db",
        p(&db),
        "--date",
        "2024-05-03",
    ]);
    assert!(
        !out.status.success(),
        "bad inputs make the exit status non-zero"
    );
    let err = stderr(&out);
    assert!(err.contains("empty.txt"), "{err}");
    assert!(err.contains("missing.txt"), "{err}");
    assert!(err.contains("stored 1 article"), "{err}");
    let store = Store::open_existing(&db).unwrap();
    let docs = store.articles(10, 0).unwrap();
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0].published.as_deref(), Some("2024-05-03"));
}

#[test]
fn a_file_that_is_not_a_database_is_refused_and_kept() {
    let dir = tempfile::tempdir().unwrap();
    let input = corpus(dir.path());
    let db = dir.path().join("notes.db");
    let content = "These are my notes, not a database.\n".repeat(20);
    std::fs::write(&db, &content).unwrap();
    for args in [
        vec!["ingest", p(&input), "--db", p(&db)],
        vec!["query", "--db", p(&db)],
        vec!["export", "--format", "jsonl", "--db", p(&db)],
    ] {
        let out = dyad(&args);
        assert_fails_saying(&out, &["notes.db", "not a dyad database"]);
        assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
    }
    assert_eq!(std::fs::read_to_string(&db).unwrap(), content);
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        2,
        "no -wal/-shm left"
    );
    // A missing database is an error for query, not a new empty file.
    let missing = dir.path().join("none.db");
    let out = dyad(&["query", "--db", p(&missing)]);
    assert_fails_saying(&out, &["dyad ingest"]);
    assert!(!missing.exists());
}

/// A database of hand-annotated documents, so query and export are tested on known events
/// whatever the coder finds (see `dyad_store::fixtures::sample_docs`).
fn ingested_db() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("news.db");
    let store = Store::open(&db).unwrap();
    store
        .insert_docs(&dyad_store::fixtures::sample_docs())
        .unwrap();
    (dir, db)
}

#[test]
fn query_formats_and_filters() {
    let (_dir, db) = ingested_db();
    let q = |extra: &[&str]| {
        let mut args = vec!["query", "--db", p(&db), "--format", "jsonl"];
        args.extend_from_slice(extra);
        let out = dyad(&args);
        assert!(out.status.success(), "{extra:?}: {}", stderr(&out));
        jsonl_rows(&out)
    };
    let codes = |rows: &[serde_json::Value]| -> Vec<String> {
        rows.iter()
            .map(|r| {
                format!(
                    "{}-{}-{}",
                    r["source_code"].as_str().unwrap_or(""),
                    r["code"].as_str().unwrap_or(""),
                    r["target_code"].as_str().unwrap_or("")
                )
            })
            .collect()
    };
    assert_eq!(q(&[]).len(), 6);
    assert_eq!(q(&["--actor", "RUS*"]).len(), 5);
    assert_eq!(
        codes(&q(&["--dyad", "GEO,RUS"])),
        ["RUS-112-GEO", "RUS-112-GEO", "GEO-0251-RUS"]
    );
    assert_eq!(
        codes(&q(&["--source", "USA", "--target", "RUS*"])),
        ["USA-190-RUSGOV"]
    );
    assert_eq!(codes(&q(&["--code", "02*"])), ["GEO-0251-RUS"]);
    assert_eq!(codes(&q(&["--root", "04"])), ["RUSGOV-042-GEO"]);
    assert_eq!(codes(&q(&["--quad-class", "2"])), ["USA-061-UKR"]);
    assert_eq!(
        codes(&q(&["--from", "2024-03-05", "--to", "2024-03-20"])),
        ["GEO-0251-RUS", "USA-190-RUSGOV"]
    );
    assert_eq!(codes(&q(&["--place", "georgia"])), ["RUSGOV-042-GEO"]);
    assert_eq!(codes(&q(&["--text", "fishing"])), ["RUSGOV-042-GEO"]);
    assert_eq!(q(&["--factual"]).len(), 5);
    assert_eq!(q(&["--limit", "2"]).len(), 2);
    let grouped = q(&["--grouped", "--dyad", "RUS,GEO", "--code", "112"]);
    assert_eq!(grouped.len(), 1);
    assert_eq!(grouped[0]["num_mentions"], 2);
    assert_eq!(grouped[0]["num_sources"], 2);
    assert_eq!(grouped[0]["num_articles"], 2);

    let csv = dyad(&["query", "--db", p(&db), "--format", "csv"]);
    let text = stdout(&csv);
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    assert!(
        header.starts_with("id,group_id,date,source_code"),
        "{header}"
    );
    assert_eq!(lines.count(), 6);

    let table = dyad(&[
        "query",
        "--db",
        p(&db),
        "--format",
        "table",
        "--actor",
        "USA",
    ]);
    let t = stdout(&table);
    assert!(t.contains("evidence") && t.contains("2024-03-20"), "{t}");
    assert!(t.contains("190 (not)"), "negated events are marked: {t}");

    // Aggregates: counts and mean Goldstein per month per dyad.
    let agg = dyad(&[
        "query",
        "--db",
        p(&db),
        "--aggregate",
        "month",
        "--format",
        "csv",
    ]);
    assert!(agg.status.success(), "{}", stderr(&agg));
    let text = stdout(&agg);
    let rus_geo: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("2024-03-01,RUS,GEO,"))
        .collect();
    assert_eq!(rus_geo, ["2024-03-01,RUS,GEO,2,-2.00,0,2"]);
    let total: i64 = text
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(3).unwrap().parse::<i64>().unwrap())
        .sum();
    assert_eq!(total, 6);
    let dyads = dyad(&["query", "--db", p(&db), "--dyads", "--format", "jsonl"]);
    let rows = jsonl_rows(&dyads);
    assert_eq!(rows[0]["source"], "RUS");
    assert_eq!(rows[0]["mentions"], 2);

    // Bad filters are clear errors.
    let bad = dyad(&["query", "--db", p(&db), "--from", "yesterday"]);
    assert_fails_saying(&bad, &["YYYY-MM-DD"]);
    let bad = dyad(&["query", "--db", p(&db), "--aggregate", "year"]);
    assert_fails_saying(&bad, &["day, week or month"]);
}

#[test]
fn gdelt_exports_have_gdelt_field_counts() {
    let (dir, db) = ingested_db();
    let store = Store::open_existing(&db).unwrap();
    let mentions = store.stats().unwrap().events as usize;
    assert_eq!(mentions, 6);
    let groups = store
        .events(&EventQuery {
            grouped: true,
            ..EventQuery::default()
        })
        .unwrap()
        .len();
    assert_eq!(groups, 5);
    for (format, fields, rows) in [
        ("gdelt-events", 61, groups),
        ("gdelt-mentions", 16, mentions),
        ("gkg", 27, 4),
    ] {
        let file = dir.path().join(format!("{format}.tsv"));
        let out = dyad(&["export", "--db", p(&db), "--format", format, "-o", p(&file)]);
        assert!(out.status.success(), "{format}: {}", stderr(&out));
        let text = std::fs::read_to_string(&file).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), rows, "{format}");
        for l in lines {
            assert_eq!(l.split('\t').count(), fields, "{format}: {l}");
        }
    }
    // With a header line of GDELT's field names.
    let out = dyad(&[
        "export",
        "--db",
        p(&db),
        "--format",
        "gdelt-events",
        "--header",
    ]);
    let text = stdout(&out);
    let header = text.lines().next().unwrap();
    assert!(header.starts_with("GLOBALEVENTID\tSQLDATE\tMonthYear"));
    assert!(header.ends_with("DATEADDED\tSOURCEURL"));
}

/// A Python that can read Parquet (DuckDB, or pandas with pyarrow), if there is one.
fn parquet_reader() -> Option<&'static str> {
    let has = |module: &str| {
        Command::new("python3")
            .args(["-c", &format!("import {module}")])
            .output()
            .map(|o| o.status.success())
            .unwrap_or(false)
    };
    if has("duckdb") {
        Some("duckdb")
    } else if has("pandas, pyarrow") {
        Some("pandas")
    } else {
        None
    }
}

#[test]
fn parquet_export_is_read_by_duckdb_or_pandas() {
    let (dir, db) = ingested_db();
    let file = dir.path().join("events.parquet");
    let out = dyad(&[
        "export",
        "--db",
        p(&db),
        "--format",
        "parquet",
        "-o",
        p(&file),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let store = Store::open_existing(&db).unwrap();
    let expected = store.stats().unwrap().events;
    let Some(reader) = parquet_reader() else {
        common::require(
            "a python3 that imports duckdb, or pandas and pyarrow",
            false,
        );
        return;
    };
    let script = match reader {
        "duckdb" => format!(
            "import duckdb\n\
             r = duckdb.connect().execute(\"SELECT COUNT(*), COUNT(DISTINCT group_id), MIN(code), \
             COUNT(*) FILTER (WHERE goldstein BETWEEN -10 AND 10) \
             FROM read_parquet('{0}')\").fetchone()\n\
             print(r[0], r[1], r[2], r[3])",
            p(&file)
        ),
        _ => format!(
            "import pandas as pd\n\
             d = pd.read_parquet('{0}')\n\
             print(len(d), d['group_id'].nunique(), d['code'].min(), \
             int(d['goldstein'].between(-10, 10).sum()))",
            p(&file)
        ),
    };
    let out = Command::new("python3")
        .args(["-c", &script])
        .output()
        .unwrap();
    assert!(out.status.success(), "{reader}: {}", stderr(&out));
    let printed = stdout(&out);
    let fields: Vec<&str> = printed.split_whitespace().collect();
    assert_eq!(
        fields[0].parse::<i64>().unwrap(),
        expected,
        "{reader}: {printed}"
    );
    assert_eq!(
        fields[3].parse::<i64>().unwrap(),
        expected,
        "goldstein in range"
    );
}
