//! Store tests: migrations, idempotent inserts, near-duplicates, grouping, filters.

use super::fixtures::{body, doc, event, sample_docs};
use super::*;

fn tmp_db() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("test.db");
    (dir, path)
}

/// A new, empty store in a temporary directory.
fn open_store() -> (tempfile::TempDir, Store) {
    let (dir, path) = tmp_db();
    let store = Store::open(&path).unwrap();
    (dir, store)
}

#[test]
fn fresh_database_gets_current_schema_and_wal() {
    let (_dir, path) = tmp_db();
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    let conn = store.reader().unwrap();
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode.to_lowercase(), "wal");
    drop(conn);
    drop(store);
    // Reopening applies nothing and keeps the version.
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
}

#[test]
fn existing_version_1_database_is_migrated_and_backfilled() {
    let (_dir, path) = tmp_db();
    {
        let mut conn = rusqlite::Connection::open(&path).unwrap();
        schema::migrate_to(&mut conn, 1).unwrap();
        conn.execute(
            "INSERT INTO articles(id, title, text, char_len, ingested_at)
             VALUES ('old', 'Old story', 'Tbilisi protests continued overnight', 36, 'x')",
            [],
        )
        .unwrap();
        assert_eq!(schema::current_version(&conn).unwrap(), 1);
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    let conn = store.reader().unwrap();
    let hits: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM articles_fts WHERE articles_fts MATCH 'tbilisi'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        hits, 1,
        "rows stored before the migration must be searchable"
    );
}

#[test]
fn newer_schema_is_refused() {
    let (_dir, path) = tmp_db();
    drop(Store::open(&path).unwrap());
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute(
            "INSERT INTO schema_version(version, applied_at) VALUES (99, 'future')",
            [],
        )
        .unwrap();
    }
    let err = Store::open(&path).unwrap_err();
    assert!(
        matches!(err, StoreError::NewerSchema { found: 99, .. }),
        "{err}"
    );
}

#[test]
fn non_sqlite_file_is_refused_and_left_untouched() {
    let (dir, path) = tmp_db();
    let content = b"id,name\n1,this is a CSV file, not a database\n".repeat(50);
    std::fs::write(&path, &content).unwrap();
    let err = Store::open(&path).unwrap_err();
    assert!(matches!(err, StoreError::NotADatabase { .. }), "{err}");
    assert!(
        err.to_string().contains("test.db"),
        "error names the file: {err}"
    );
    assert_eq!(std::fs::read(&path).unwrap(), content);
    let others: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(others.len(), 1, "no -wal/-shm files created next to it");
}

#[test]
fn missing_database_is_an_error_for_readers() {
    let (_dir, path) = tmp_db();
    let err = Store::open_existing(&path).unwrap_err();
    assert!(matches!(err, StoreError::Missing { .. }));
    assert!(!path.exists());
}

#[test]
fn reinserting_the_same_articles_changes_nothing() {
    let (_dir, store) = open_store();
    let docs = vec![
        doc(
            "a1",
            "voanews.com",
            body("the border"),
            vec![event("RUS", "GEO", "112", 3, -2.0, "2024-03-04")],
        ),
        doc("a2", "bbc.co.uk", body("the elections"), vec![]),
    ];
    let first = store.insert_docs(&docs).unwrap();
    assert_eq!((first.inserted, first.skipped, first.events), (2, 0, 1));
    let stats = store.stats().unwrap();
    let digest = store.content_digest().unwrap();
    let second = store.insert_docs(&docs).unwrap();
    assert_eq!((second.inserted, second.skipped, second.events), (0, 2, 0));
    assert_eq!(store.stats().unwrap(), stats);
    assert_eq!(store.content_digest().unwrap(), digest);
}

#[test]
fn article_round_trips_with_annotations() {
    let (_dir, store) = open_store();
    let d = doc(
        "rt",
        "voanews.com",
        body("the pipeline"),
        vec![event("RUS", "GEO", "112", 3, -2.0, "2024-03-04")],
    );
    store.insert_docs(std::slice::from_ref(&d)).unwrap();
    let back = store.article("rt").unwrap().unwrap();
    assert_eq!(back, d);
    assert!(store.article("nope").unwrap().is_none());
}

#[test]
fn documents_without_id_get_a_text_hash_id() {
    let (_dir, store) = open_store();
    let mut d = doc("", "x.com", body("the harbour"), vec![]);
    d.article.id.clear();
    let r = store.insert_docs(std::slice::from_ref(&d)).unwrap();
    assert_eq!(r.ids, vec![article_id_for_text(&d.article.text)]);
    assert_eq!(store.insert_docs(&[d]).unwrap().skipped, 1);
}

#[test]
fn syndicated_copy_is_linked_and_adds_no_events() {
    let (_dir, store) = open_store();
    let story = body("the ceasefire");
    let original = doc(
        "orig",
        "apnews.com",
        format!("By AP staff. {story} Copyright AP."),
        vec![event("RUS", "GEO", "112", 3, -2.0, "2024-03-04")],
    );
    let copy = doc(
        "copy",
        "localpaper.com",
        format!(
            "Sign up for our newsletter today and never miss a story. {story} Comments are \
             closed. Share this article with your friends."
        ),
        vec![event("RUS", "GEO", "112", 3, -2.0, "2024-03-04")],
    );
    let other = doc(
        "other",
        "localpaper.com",
        body("the harvest festival"),
        vec![event("RUS", "GEO", "112", 3, -2.0, "2024-03-04")],
    );
    // The copy arrives in a later batch; the unrelated story in the same batch as the copy.
    store.insert_docs(&[original]).unwrap();
    let r = store.insert_docs(&[copy, other]).unwrap();
    assert_eq!(r.duplicates.len(), 1);
    assert_eq!(r.duplicates[0].id, "copy");
    assert_eq!(r.duplicates[0].duplicate_of, "orig");
    let summary = store.article_summary("copy").unwrap().unwrap();
    assert_eq!(summary.duplicate_of.as_deref(), Some("orig"));
    assert_eq!(summary.events, 0);
    assert!(store
        .article_summary("other")
        .unwrap()
        .unwrap()
        .duplicate_of
        .is_none());
    let rows = store.events(&EventQuery::default()).unwrap();
    assert_eq!(rows.len(), 2, "original and unrelated story only");
    assert!(rows.iter().all(|r| r.num_articles == 2));
}

#[test]
fn copy_of_a_copy_links_to_the_first_copy() {
    let (_dir, store) = open_store();
    let story = body("the summit");
    let docs = vec![
        doc("first", "a.com", format!("{story} A footer."), vec![]),
        doc("second", "b.com", format!("Header B. {story}"), vec![]),
        doc(
            "third",
            "c.com",
            format!("Header C. {story} C footer."),
            vec![],
        ),
    ];
    store.insert_docs(&docs).unwrap();
    for id in ["second", "third"] {
        let s = store.article_summary(id).unwrap().unwrap();
        assert_eq!(s.duplicate_of.as_deref(), Some("first"), "{id}");
    }
}

#[test]
fn grouped_events_count_mentions_articles_and_sources_like_gdelt() {
    let (_dir, store) = open_store();
    let same = || event("RUS", "GEO", "112", 3, -2.0, "2024-03-04");
    let docs = vec![
        // Two mentions in one article.
        doc("g1", "voanews.com", body("the dam"), vec![same(), same()]),
        doc("g2", "bbc.co.uk", body("the river"), vec![same()]),
        // Same outlet as g1: one more article, no new source.
        doc("g3", "voanews.com", body("the valley"), vec![same()]),
        // Another day: a different event.
        doc(
            "g4",
            "bbc.co.uk",
            body("the bridge"),
            vec![event("RUS", "GEO", "112", 3, -2.0, "2024-03-05")],
        ),
    ];
    let r = store.insert_docs(&docs).unwrap();
    assert_eq!(r.events, 5);
    assert_eq!(r.new_groups, 2);
    let grouped = store
        .events(&EventQuery {
            grouped: true,
            ..EventQuery::default()
        })
        .unwrap();
    assert_eq!(grouped.len(), 2);
    let g = &grouped[0];
    assert_eq!(g.date.as_deref(), Some("2024-03-04"));
    assert_eq!((g.num_mentions, g.num_articles, g.num_sources), (4, 3, 2));
    let g = &grouped[1];
    assert_eq!((g.num_mentions, g.num_articles, g.num_sources), (1, 1, 1));
    // Counts keep up with later batches.
    store
        .insert_docs(&[doc("g5", "dw.com", body("the port"), vec![same()])])
        .unwrap();
    let g = &store
        .events(&EventQuery {
            grouped: true,
            ..EventQuery::default()
        })
        .unwrap()[0];
    assert_eq!((g.num_mentions, g.num_articles, g.num_sources), (5, 4, 3));
}

/// The first three sample documents: five events, one per grouped event.
fn filter_fixture() -> (tempfile::TempDir, Store) {
    let (dir, store) = open_store();
    store.insert_docs(&sample_docs()[..3]).unwrap();
    (dir, store)
}

fn codes(store: &Store, q: EventQuery) -> Vec<String> {
    store
        .events(&q)
        .unwrap()
        .into_iter()
        .map(|r| {
            format!(
                "{}-{}-{}",
                r.source_code.unwrap_or_default(),
                r.code,
                r.target_code.unwrap_or_default()
            )
        })
        .collect()
}

#[test]
fn query_filters_select_the_right_events() {
    let (_dir, store) = filter_fixture();
    let q = EventQuery::default;
    let events = |set: &dyn Fn(&mut EventQuery)| {
        let mut query = q();
        set(&mut query);
        codes(&store, query)
    };
    assert_eq!(events(&|_| {}).len(), 5);
    assert_eq!(
        events(&|q| q.actor = Some("RUS".into())),
        ["RUS-112-GEO", "GEO-0251-RUS"]
    );
    assert_eq!(events(&|q| q.actor = Some("RUS*".into())).len(), 4);
    assert_eq!(
        events(&|q| q.dyad = Some("GEO,RUS".into())),
        ["RUS-112-GEO", "GEO-0251-RUS"]
    );
    assert_eq!(
        events(&|q| {
            q.source = Some("USA".into());
            q.target = Some("RUS*".into());
        }),
        ["USA-190-RUSGOV"]
    );
    assert_eq!(events(&|q| q.code = Some("02*".into())), ["GEO-0251-RUS"]);
    assert_eq!(events(&|q| q.root = Some("4".into())), ["RUSGOV-042-GEO"]);
    assert_eq!(events(&|q| q.quad_class = Some(2)), ["USA-061-UKR"]);
    assert_eq!(
        events(&|q| {
            q.from = Some("2024-03-05".into());
            q.to = Some("2024-03-20".into());
        }),
        ["GEO-0251-RUS", "USA-190-RUSGOV"]
    );
    assert_eq!(
        events(&|q| q.place = Some("georg".into())),
        ["RUSGOV-042-GEO"]
    );
    assert_eq!(
        events(&|q| q.text = Some("sanctions".into())),
        ["USA-190-RUSGOV", "USA-061-UKR"]
    );
    assert_eq!(events(&|q| q.factual = Some(false)), ["USA-190-RUSGOV"]);
    assert_eq!(
        events(&|q| {
            q.limit = Some(2);
            q.offset = Some(1);
        }),
        ["GEO-0251-RUS", "USA-190-RUSGOV"]
    );
    let rows = store.events(&q()).unwrap();
    assert!(rows[0].sentence_text.starts_with("Russia and Georgia"));
    assert_eq!(rows[0].outlet.as_deref(), Some("voanews.com"));
    assert_eq!(rows[1].base_code, "025");
}

#[test]
fn bad_queries_are_errors_not_panics() {
    let (_dir, store) = filter_fixture();
    for q in [
        EventQuery {
            from: Some("March 2024".into()),
            ..EventQuery::default()
        },
        EventQuery {
            quad_class: Some(7),
            ..EventQuery::default()
        },
        EventQuery {
            dyad: Some("RUS".into()),
            ..EventQuery::default()
        },
        EventQuery {
            text: Some("\"unbalanced".into()),
            ..EventQuery::default()
        },
    ] {
        let err = store.events(&q).unwrap_err();
        assert!(matches!(err, StoreError::BadQuery(_)), "{q:?}: {err}");
    }
    // Plain words with punctuation are searched, not parsed as FTS syntax.
    assert!(store
        .events(&EventQuery {
            text: Some("U.S.-Russia talks".into()),
            ..EventQuery::default()
        })
        .is_ok());
}

#[test]
fn dyads_and_timelines_aggregate_counts_and_goldstein() {
    let (_dir, store) = filter_fixture();
    let dyads = store.dyads(&EventQuery::default()).unwrap();
    assert_eq!(dyads.len(), 5);
    let monthly = store
        .timeline(&EventQuery::default(), Period::Month)
        .unwrap();
    let march: Vec<_> = monthly
        .iter()
        .filter(|p| p.period == "2024-03-01")
        .collect();
    assert_eq!(march.len(), 4);
    let april: Vec<_> = monthly
        .iter()
        .filter(|p| p.period == "2024-04-01")
        .collect();
    assert_eq!(april.len(), 1);
    assert!((april[0].mean_goldstein - 1.9).abs() < 1e-6);
    // 2024-03-04 is a Monday and 2024-03-05 a Tuesday: one week.
    let weekly = store
        .timeline(
            &EventQuery {
                dyad: Some("RUS,GEO".into()),
                ..EventQuery::default()
            },
            Period::Week,
        )
        .unwrap();
    assert!(weekly.iter().all(|p| p.period == "2024-03-04"));
    let total: i64 = weekly.iter().map(|p| p.mentions).sum();
    assert_eq!(total, 2);
    // One dyad over a month: counts and mean Goldstein per dyad.
    let one = store
        .timeline(
            &EventQuery {
                source: Some("RUS".into()),
                ..EventQuery::default()
            },
            Period::Day,
        )
        .unwrap();
    assert_eq!(one.len(), 1);
    assert_eq!(one[0].conflict, 1);
    assert!((one[0].mean_goldstein + 2.0).abs() < 1e-6);
}

#[test]
fn store_is_shared_across_threads() {
    let (_dir, store) = filter_fixture();
    let store = std::sync::Arc::new(store);
    let handles: Vec<_> = (0..4)
        .map(|i| {
            let s = store.clone();
            std::thread::spawn(move || {
                if i == 0 {
                    s.insert_docs(&[doc("t", "x.com", body("the threads"), vec![])])
                        .unwrap();
                }
                s.events(&EventQuery::default()).unwrap().len()
            })
        })
        .collect();
    for h in handles {
        assert_eq!(h.join().unwrap(), 5);
    }
}

fn export_lines(store: &Store, q: &EventQuery, format: ExportFormat) -> Vec<Vec<String>> {
    let mut buf = Vec::new();
    export(store, q, format, false, &mut buf).unwrap();
    String::from_utf8(buf)
        .unwrap()
        .lines()
        .map(|l| l.split('\t').map(str::to_string).collect())
        .collect()
}

#[test]
fn gdelt_exports_have_gdelt_field_counts_and_values() {
    let (_dir, store) = filter_fixture();
    // f1's first event is reported again elsewhere: one grouped event, two mentions.
    store.insert_docs(&sample_docs()[3..]).unwrap();
    let q = EventQuery::default();
    let events = export_lines(&store, &q, ExportFormat::GdeltEvents);
    assert_eq!(events.len(), 5, "one row per grouped event");
    assert!(events.iter().all(|f| f.len() == 61));
    let first = &events[0];
    assert_eq!(first[1], "20240304");
    assert_eq!(first[2], "202403");
    assert_eq!(first[5], "RUS");
    assert_eq!(first[7], "RUS");
    assert_eq!(first[15], "GEO");
    assert_eq!(first[26], "112");
    assert_eq!(first[28], "11");
    assert_eq!(first[29], "3");
    assert_eq!(first[30], "-2.0");
    assert_eq!(
        (&first[31][..], &first[32][..], &first[33][..]),
        ("2", "2", "2")
    );
    assert!(first[60].starts_with("https://www.voanews.com/"));
    let placed = events.iter().find(|f| f[26] == "042").unwrap();
    assert_eq!(placed[51], "1");
    assert_eq!(placed[52], "Georgia");
    assert_eq!(placed[53], "GG");

    let mentions = export_lines(&store, &q, ExportFormat::GdeltMentions);
    assert_eq!(mentions.len(), 6, "one row per mention");
    assert!(mentions.iter().all(|f| f.len() == 16));
    let same_event: Vec<_> = mentions.iter().filter(|f| f[0] == first[0]).collect();
    assert_eq!(same_event.len(), 2);
    assert_eq!(same_event[0][6], "1", "SentenceID is 1-based");
    let negated = mentions.iter().find(|f| f[9] == "18" && f[11] != "100");
    assert!(negated.is_some(), "the negated event has lower confidence");

    let gkg = export_lines(&store, &q, ExportFormat::Gkg);
    assert_eq!(gkg.len(), 4, "one row per article");
    assert!(gkg.iter().all(|f| f.len() == 27));
    assert!(gkg[0][9].starts_with("1#Georgia#GG#"), "{:?}", gkg[0][9]);
    // V2Locations: a blank ADM2 after ADM1, the character offset last.
    assert_eq!(gkg[0][10], "1#Georgia#GG###42#43.5#GG#11");
    assert_eq!(gkg[0][1], "20240304100000");
    assert_eq!(gkg[0][26], "<PAGE_TITLE>Story f1</PAGE_TITLE>");
    // Filters apply to exports too.
    let only_usa = export_lines(
        &store,
        &EventQuery {
            source: Some("USA".into()),
            ..EventQuery::default()
        },
        ExportFormat::GdeltEvents,
    );
    assert_eq!(only_usa.len(), 2);
    let gkg_usa = export_lines(
        &store,
        &EventQuery {
            source: Some("USA".into()),
            ..EventQuery::default()
        },
        ExportFormat::Gkg,
    );
    assert_eq!(gkg_usa.len(), 1);
}

#[test]
fn parquet_and_jsonl_exports_hold_every_mention() {
    use parquet::file::reader::{FileReader, SerializedFileReader};
    let (_dir, store) = filter_fixture();
    let mut buf = Vec::new();
    let n = export(
        &store,
        &EventQuery::default(),
        ExportFormat::Parquet,
        false,
        &mut buf,
    )
    .unwrap();
    assert_eq!(n, 5);
    let (dir, _) = tmp_db();
    let file = dir.path().join("events.parquet");
    std::fs::write(&file, &buf).unwrap();
    let reader = SerializedFileReader::new(std::fs::File::open(&file).unwrap()).unwrap();
    assert_eq!(reader.metadata().file_metadata().num_rows(), 5);
    let mut buf = Vec::new();
    export(
        &store,
        &EventQuery::default(),
        ExportFormat::Jsonl,
        false,
        &mut buf,
    )
    .unwrap();
    let rows: Vec<EventRow> = String::from_utf8(buf)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows, store.events(&EventQuery::default()).unwrap());
}
