//! Schema migrations. Each migration runs once, in order, inside one transaction together with
//! the row recording it in `schema_version`, so a crash mid-migration leaves the old version.

use rusqlite::{Connection, OptionalExtension};

use crate::StoreError;

/// Ordered migrations; the schema version of a database is the number of migrations applied.
pub(crate) const MIGRATIONS: &[&str] = &[V1_CORE, V2_SEARCH];

/// The schema version this build writes.
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

/// Version 1: documents, their annotations, events and grouped events.
const V1_CORE: &str = r#"
CREATE TABLE articles (
    rowid        INTEGER PRIMARY KEY,
    id           TEXT NOT NULL UNIQUE,
    url          TEXT,
    outlet       TEXT,
    title        TEXT,
    author       TEXT,
    published    TEXT,
    language     TEXT NOT NULL DEFAULT 'en',
    source       TEXT,
    text         TEXT NOT NULL,
    char_len     INTEGER NOT NULL,
    minhash      BLOB,
    duplicate_of TEXT REFERENCES articles(id),
    similarity   REAL,
    ingested_at  TEXT NOT NULL
);
CREATE INDEX articles_duplicate_of ON articles(duplicate_of);
CREATE INDEX articles_published ON articles(published);

-- MinHash LSH bands: articles sharing a band value are near-duplicate candidates.
CREATE TABLE article_bands (
    band          INTEGER NOT NULL,
    value         INTEGER NOT NULL,
    article_rowid INTEGER NOT NULL REFERENCES articles(rowid)
);
CREATE INDEX article_bands_lookup ON article_bands(band, value);

CREATE TABLE sentences (
    article_id TEXT NOT NULL REFERENCES articles(id),
    idx        INTEGER NOT NULL,
    start      INTEGER NOT NULL,
    "end"      INTEGER NOT NULL,
    text       TEXT NOT NULL,
    json       TEXT NOT NULL,
    PRIMARY KEY (article_id, idx)
);

CREATE TABLE entities (
    article_id    TEXT NOT NULL REFERENCES articles(id),
    idx           INTEGER NOT NULL,
    sentence      INTEGER NOT NULL,
    start         INTEGER NOT NULL,
    "end"         INTEGER NOT NULL,
    text          TEXT NOT NULL,
    label         TEXT NOT NULL,
    kind          TEXT,
    chain         INTEGER,
    actor_code    TEXT,
    actor_country TEXT,
    actor_sectors TEXT,
    actor_name    TEXT,
    actor_rule    TEXT,
    json          TEXT NOT NULL,
    PRIMARY KEY (article_id, idx)
);
CREATE INDEX entities_actor ON entities(actor_code);

CREATE TABLE places (
    article_id TEXT NOT NULL REFERENCES articles(id),
    idx        INTEGER NOT NULL,
    start      INTEGER NOT NULL,
    "end"      INTEGER NOT NULL,
    text       TEXT NOT NULL,
    name       TEXT NOT NULL,
    feature    TEXT NOT NULL,
    country    TEXT,
    fips       TEXT,
    adm1       TEXT,
    lat        REAL NOT NULL,
    lon        REAL NOT NULL,
    geo_type   INTEGER NOT NULL,
    feature_id TEXT,
    rule       TEXT,
    json       TEXT NOT NULL,
    PRIMARY KEY (article_id, idx)
);

CREATE TABLE date_mentions (
    article_id  TEXT NOT NULL REFERENCES articles(id),
    idx         INTEGER NOT NULL,
    start       INTEGER NOT NULL,
    "end"       INTEGER NOT NULL,
    text        TEXT NOT NULL,
    date        TEXT NOT NULL,
    granularity TEXT NOT NULL,
    rule        TEXT,
    json        TEXT NOT NULL,
    PRIMARY KEY (article_id, idx)
);

CREATE TABLE quotes (
    article_id       TEXT NOT NULL REFERENCES articles(id),
    idx              INTEGER NOT NULL,
    start            INTEGER NOT NULL,
    "end"            INTEGER NOT NULL,
    text             TEXT NOT NULL,
    kind             TEXT NOT NULL,
    verb             TEXT,
    speaker_text     TEXT,
    speaker_start    INTEGER,
    speaker_end      INTEGER,
    speaker_resolved TEXT,
    speaker_code     TEXT,
    citation_idx     INTEGER,
    json             TEXT NOT NULL,
    PRIMARY KEY (article_id, idx)
);

CREATE TABLE citations (
    article_id  TEXT NOT NULL REFERENCES articles(id),
    idx         INTEGER NOT NULL,
    outlet      TEXT NOT NULL,
    code        TEXT,
    start       INTEGER NOT NULL,
    "end"       INTEGER NOT NULL,
    claim_start INTEGER NOT NULL,
    claim_end   INTEGER NOT NULL,
    json        TEXT NOT NULL,
    PRIMARY KEY (article_id, idx)
);

-- One row per distinct event (date, source code, target code, CAMEO code); counts as GDELT
-- counts them: mentions, distinct articles, distinct outlets. Maintained on insert.
CREATE TABLE event_groups (
    id           INTEGER PRIMARY KEY,
    date_key     TEXT NOT NULL,
    source_key   TEXT NOT NULL,
    target_key   TEXT NOT NULL,
    code         TEXT NOT NULL,
    num_mentions INTEGER NOT NULL DEFAULT 0,
    num_articles INTEGER NOT NULL DEFAULT 0,
    num_sources  INTEGER NOT NULL DEFAULT 0,
    UNIQUE (date_key, source_key, target_key, code)
);

-- One row per event mention: every field of the event JSON, plus the JSON itself.
CREATE TABLE events (
    id              INTEGER PRIMARY KEY,
    article_id      TEXT NOT NULL REFERENCES articles(id),
    idx             INTEGER NOT NULL,
    group_id        INTEGER NOT NULL REFERENCES event_groups(id),
    sentence        INTEGER NOT NULL,
    date            TEXT,
    date_source     TEXT,
    date_mention    INTEGER,
    source_text     TEXT,
    source_code     TEXT,
    source_start    INTEGER,
    source_end      INTEGER,
    source_entity   INTEGER,
    target_text     TEXT,
    target_code     TEXT,
    target_start    INTEGER,
    target_end      INTEGER,
    target_entity   INTEGER,
    code            TEXT NOT NULL,
    base_code       TEXT NOT NULL,
    root            TEXT NOT NULL,
    quad_class      INTEGER NOT NULL,
    goldstein       REAL NOT NULL,
    plover_type     TEXT NOT NULL,
    plover_mode     TEXT NOT NULL,
    negated         INTEGER NOT NULL,
    future          INTEGER NOT NULL,
    hypothetical    INTEGER NOT NULL,
    speculative     INTEGER NOT NULL,
    reported        INTEGER NOT NULL,
    factual         INTEGER NOT NULL,
    evidence_start  INTEGER NOT NULL,
    evidence_end    INTEGER NOT NULL,
    predicate_start INTEGER NOT NULL,
    predicate_end   INTEGER NOT NULL,
    rule            TEXT NOT NULL,
    place_idx       INTEGER,
    place_name      TEXT,
    place_text      TEXT,
    place_feature   TEXT,
    place_country   TEXT,
    place_fips      TEXT,
    place_adm1      TEXT,
    place_lat       REAL,
    place_lon       REAL,
    place_geo_type  INTEGER,
    place_feature_id TEXT,
    quote_idx       INTEGER,
    citation_idx    INTEGER,
    json            TEXT NOT NULL,
    UNIQUE (article_id, idx)
);
CREATE INDEX events_date ON events(date);
CREATE INDEX events_source ON events(source_code);
CREATE INDEX events_target ON events(target_code);
CREATE INDEX events_code ON events(code);
CREATE INDEX events_group ON events(group_id);
"#;

/// Version 2: full-text search over article titles and bodies (backfilled for existing rows).
const V2_SEARCH: &str = r#"
CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, text, content='articles', content_rowid='rowid'
);
INSERT INTO articles_fts(articles_fts) VALUES ('rebuild');
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text)
        VALUES ('delete', old.rowid, old.title, old.text);
END;
"#;

/// The version recorded in the database (0 for a new, empty database).
pub(crate) fn current_version(conn: &Connection) -> Result<u32, StoreError> {
    let has_table: Option<String> = conn
        .query_row(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'",
            [],
            |r| r.get(0),
        )
        .optional()?;
    if has_table.is_none() {
        return Ok(0);
    }
    let v: Option<u32> =
        conn.query_row("SELECT MAX(version) FROM schema_version", [], |r| r.get(0))?;
    Ok(v.unwrap_or(0))
}

/// Brings the database up to `target` (at most [`SCHEMA_VERSION`]); returns the version before.
pub(crate) fn migrate_to(conn: &mut Connection, target: u32) -> Result<u32, StoreError> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    tx.execute_batch(
        "CREATE TABLE IF NOT EXISTS schema_version (
            version    INTEGER PRIMARY KEY,
            applied_at TEXT NOT NULL
        )",
    )?;
    let before = current_version(&tx)?;
    if before > SCHEMA_VERSION {
        return Err(StoreError::NewerSchema {
            found: before,
            supported: SCHEMA_VERSION,
        });
    }
    for version in before + 1..=target.min(SCHEMA_VERSION) {
        let sql = MIGRATIONS[(version - 1) as usize];
        tx.execute_batch(sql)
            .map_err(|e| StoreError::Migration { version, source: e })?;
        tx.execute(
            "INSERT INTO schema_version(version, applied_at) VALUES (?1, ?2)",
            rusqlite::params![version, crate::now_timestamp()],
        )?;
    }
    tx.commit()?;
    Ok(before)
}
