//! Reading the store: event rows with filters, dyad summaries, timelines, articles.

use dyad_model::{Doc, Evidence, Modality};
use rusqlite::types::Value;
use rusqlite::{params_from_iter, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

use crate::{Result, Store, StoreError};

/// Event filters, shared by `dyad query`, `dyad export` and the HTTP API (deserialises from
/// query parameters: `?actor=RUS*&from=2024-01-01&limit=50`). Every field is optional.
///
/// Actor codes match exactly, or as a prefix when they end in `*` (`RUS*` matches `RUSGOV`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct EventQuery {
    /// Source or target actor code.
    pub actor: Option<String>,
    pub source: Option<String>,
    pub target: Option<String>,
    /// `A,B`: events between A and B, in either direction.
    pub dyad: Option<String>,
    /// CAMEO code, exact or prefix with `*` (`19*`).
    pub code: Option<String>,
    /// CAMEO root ("19", or "4" for "04").
    pub root: Option<String>,
    pub quad_class: Option<u8>,
    /// First and last event date, inclusive, `YYYY-MM-DD`.
    pub from: Option<String>,
    pub to: Option<String>,
    /// Place name, mention text (substring, case-insensitive) or country code (ISO3/FIPS).
    pub place: Option<String>,
    /// Full-text search over article titles and bodies (FTS5 syntax allowed).
    pub text: Option<String>,
    /// Events of one article.
    pub article: Option<String>,
    /// Only events the text asserts happened (true) or only the others (false).
    pub factual: Option<bool>,
    /// One row per grouped event (its first mention) instead of one per mention.
    pub grouped: bool,
    pub limit: Option<usize>,
    pub offset: Option<usize>,
}

/// One stored event mention, with its sentence, evidence and its group's GDELT counts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventRow {
    /// Event mention id (stable within a database).
    pub id: i64,
    /// Grouped event id: GDELT's GLOBALEVENTID.
    pub group_id: i64,
    pub article_id: String,
    pub outlet: Option<String>,
    pub url: Option<String>,
    pub title: Option<String>,
    pub date: Option<String>,
    /// Sentence index (0-based), its text and where it starts in the article (code points).
    pub sentence: usize,
    pub sentence_text: String,
    pub sentence_start: usize,
    pub source_code: Option<String>,
    pub source_text: Option<String>,
    pub source_start: Option<usize>,
    pub source_end: Option<usize>,
    pub target_code: Option<String>,
    pub target_text: Option<String>,
    pub target_start: Option<usize>,
    pub target_end: Option<usize>,
    pub code: String,
    pub base_code: String,
    pub root: String,
    pub quad_class: u8,
    pub goldstein: f64,
    pub plover_type: String,
    pub plover_mode: String,
    pub modality: Modality,
    pub factual: bool,
    /// Spans are code point offsets into the article text.
    pub evidence: Evidence,
    pub place_name: Option<String>,
    pub place_country: Option<String>,
    pub place_lat: Option<f64>,
    pub place_lon: Option<f64>,
    /// Who said it, when the event is inside a quote or reported speech.
    pub speaker: Option<String>,
    /// The outlet the claim is attributed to ("reported Bloomberg").
    pub cited_outlet: Option<String>,
    pub num_mentions: i64,
    pub num_sources: i64,
    pub num_articles: i64,
}

/// Events between one source and one target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DyadSummary {
    pub source: String,
    pub target: String,
    /// Event mentions and distinct grouped events.
    pub mentions: i64,
    pub events: i64,
    pub mean_goldstein: f64,
    /// Mentions per QuadClass: verbal coop, material coop, verbal conflict, material conflict.
    pub quad_counts: [i64; 4],
    pub first_date: Option<String>,
    pub last_date: Option<String>,
}

/// Aggregation period for timelines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Period {
    #[default]
    Day,
    Week,
    Month,
}

impl std::str::FromStr for Period {
    type Err = StoreError;
    fn from_str(s: &str) -> Result<Period> {
        match s.to_ascii_lowercase().as_str() {
            "day" => Ok(Period::Day),
            "week" => Ok(Period::Week),
            "month" => Ok(Period::Month),
            other => Err(StoreError::BadQuery(format!(
                "unknown period {other:?} (day, week or month)"
            ))),
        }
    }
}

impl Period {
    /// SQL for the first day of the period containing `e.date`.
    fn sql(self) -> &'static str {
        match self {
            Period::Day => "e.date",
            Period::Week => "date(e.date, 'weekday 0', '-6 days')",
            Period::Month => "strftime('%Y-%m-01', e.date)",
        }
    }
}

/// Event counts and mean Goldstein for one dyad in one period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimelinePoint {
    /// First day of the period, `YYYY-MM-DD` (Monday for weeks).
    pub period: String,
    pub source: Option<String>,
    pub target: Option<String>,
    pub mentions: i64,
    pub mean_goldstein: f64,
    /// Mentions in QuadClass 1–2 and 3–4.
    pub cooperation: i64,
    pub conflict: i64,
}

/// A stored article's metadata.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticleSummary {
    pub id: String,
    pub url: Option<String>,
    pub outlet: Option<String>,
    pub title: Option<String>,
    pub published: Option<String>,
    pub source: Option<String>,
    /// The first stored copy, when this article is a near-duplicate of it.
    pub duplicate_of: Option<String>,
    pub similarity: Option<f64>,
    pub events: i64,
    pub ingested_at: String,
}

/// Row counts of the stored tables.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stats {
    pub articles: i64,
    pub duplicates: i64,
    pub sentences: i64,
    pub entities: i64,
    pub events: i64,
    pub event_groups: i64,
    pub quotes: i64,
    pub citations: i64,
    pub places: i64,
    pub dates: i64,
}

/// A WHERE clause over `events e JOIN articles a` and its parameters.
struct Filter {
    sql: String,
    params: Vec<Value>,
}

impl Filter {
    fn new() -> Filter {
        Filter {
            sql: "1".to_string(),
            params: Vec::new(),
        }
    }

    fn push(&mut self, clause: &str, values: impl IntoIterator<Item = Value>) {
        self.sql.push_str(" AND (");
        self.sql.push_str(clause);
        self.sql.push(')');
        self.params.extend(values);
    }

    /// `col` matches the code `pattern` (see [`code_match`]).
    fn code(&mut self, col: &str, pattern: &str) {
        let (clause, value) = code_match(col, pattern);
        self.push(&clause, [value]);
    }
}

/// `col = ?` or `col LIKE ? ESCAPE '\'` for a trailing `*`.
fn code_match(col: &str, pattern: &str) -> (String, Value) {
    let p = pattern.trim();
    match p.strip_suffix('*') {
        Some(prefix) => {
            let escaped = prefix
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_");
            (
                format!("{col} LIKE ? ESCAPE '\\'"),
                Value::Text(format!("{escaped}%")),
            )
        }
        None => (format!("{col} = ?"), Value::Text(p.to_string())),
    }
}

fn check_date(field: &str, d: &str) -> Result<String> {
    crate::insert::date_prefix(d)
        .filter(|p| p.len() == d.trim().len())
        .ok_or_else(|| StoreError::BadQuery(format!("{field}: {d:?} is not a YYYY-MM-DD date")))
}

/// Plain words become quoted FTS terms (so "U.S.-Russia" is no syntax error); queries that use
/// FTS operators pass through.
fn fts_query(text: &str) -> String {
    let uses_syntax = text.contains(['"', '*', '(', ')', ':', '^'])
        || text
            .split_whitespace()
            .any(|w| matches!(w, "AND" | "OR" | "NOT" | "NEAR"));
    if uses_syntax {
        return text.to_string();
    }
    text.split_whitespace()
        .map(|w| format!("\"{}\"", w.replace('"', "")))
        .collect::<Vec<_>>()
        .join(" ")
}

impl EventQuery {
    fn filter(&self) -> Result<Filter> {
        let mut f = Filter::new();
        let nonempty = |o: &Option<String>| {
            o.as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        if let Some(actor) = nonempty(&self.actor) {
            let (s, v1) = code_match("e.source_code", &actor);
            let (t, v2) = code_match("e.target_code", &actor);
            f.push(&format!("{s} OR {t}"), [v1, v2]);
        }
        if let Some(src) = nonempty(&self.source) {
            f.code("e.source_code", &src);
        }
        if let Some(tgt) = nonempty(&self.target) {
            f.code("e.target_code", &tgt);
        }
        if let Some(dyad) = nonempty(&self.dyad) {
            let (a, b) = dyad.split_once(',').ok_or_else(|| {
                StoreError::BadQuery(format!("dyad {dyad:?}: expected two codes, A,B"))
            })?;
            let (sa, va) = code_match("e.source_code", a);
            let (tb, vb) = code_match("e.target_code", b);
            let (sb, vb2) = code_match("e.source_code", b);
            let (ta, va2) = code_match("e.target_code", a);
            f.push(
                &format!("({sa} AND {tb}) OR ({sb} AND {ta})"),
                [va, vb, vb2, va2],
            );
        }
        if let Some(code) = nonempty(&self.code) {
            f.code("e.code", &code);
        }
        if let Some(root) = nonempty(&self.root) {
            let root = if root.len() == 1 {
                format!("0{root}")
            } else {
                root
            };
            f.push("e.root = ?", [Value::Text(root)]);
        }
        if let Some(q) = self.quad_class {
            if !(1..=4).contains(&q) {
                return Err(StoreError::BadQuery(format!(
                    "quad_class {q}: expected 1, 2, 3 or 4"
                )));
            }
            f.push("e.quad_class = ?", [Value::Integer(i64::from(q))]);
        }
        if let Some(from) = nonempty(&self.from) {
            f.push("e.date >= ?", [Value::Text(check_date("from", &from)?)]);
        }
        if let Some(to) = nonempty(&self.to) {
            f.push("e.date <= ?", [Value::Text(check_date("to", &to)?)]);
        }
        if let (Some(from), Some(to)) = (nonempty(&self.from), nonempty(&self.to)) {
            if from > to {
                return Err(StoreError::BadQuery(format!(
                    "from {from} is after to {to}"
                )));
            }
        }
        if let Some(place) = nonempty(&self.place) {
            let like = format!("%{place}%");
            f.push(
                "e.place_name LIKE ? OR e.place_text LIKE ? OR UPPER(e.place_country) = UPPER(?) \
                 OR UPPER(e.place_fips) = UPPER(?)",
                [
                    Value::Text(like.clone()),
                    Value::Text(like),
                    Value::Text(place.clone()),
                    Value::Text(place),
                ],
            );
        }
        if let Some(text) = nonempty(&self.text) {
            f.push(
                "a.rowid IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)",
                [Value::Text(fts_query(&text))],
            );
        }
        if let Some(article) = nonempty(&self.article) {
            f.push("e.article_id = ?", [Value::Text(article)]);
        }
        if let Some(factual) = self.factual {
            f.push("e.factual = ?", [Value::Integer(i64::from(factual))]);
        }
        Ok(f)
    }

    fn limit_sql(&self) -> String {
        match (self.limit, self.offset) {
            (Some(l), Some(o)) => format!(" LIMIT {l} OFFSET {o}"),
            (Some(l), None) => format!(" LIMIT {l}"),
            (None, Some(o)) => format!(" LIMIT -1 OFFSET {o}"),
            (None, None) => String::new(),
        }
    }
}

const EVENT_COLUMNS: &str = "e.id, e.group_id, e.article_id, a.outlet, a.url, a.title, e.date,
    e.sentence, COALESCE(s.text, ''), COALESCE(s.start, 0),
    e.source_code, e.source_text, e.source_start, e.source_end,
    e.target_code, e.target_text, e.target_start, e.target_end,
    e.code, e.base_code, e.root, e.quad_class, e.goldstein, e.plover_type, e.plover_mode,
    e.negated, e.future, e.hypothetical, e.speculative, e.reported, e.factual,
    e.evidence_start, e.evidence_end, e.predicate_start, e.predicate_end, e.rule,
    e.place_name, e.place_country, e.place_lat, e.place_lon,
    COALESCE(q.speaker_resolved, q.speaker_text), c.outlet,
    g.num_mentions, g.num_sources, g.num_articles";

const EVENT_FROM: &str = "events e
    JOIN articles a ON a.id = e.article_id
    JOIN event_groups g ON g.id = e.group_id
    LEFT JOIN sentences s ON s.article_id = e.article_id AND s.idx = e.sentence
    LEFT JOIN quotes q ON q.article_id = e.article_id AND q.idx = e.quote_idx
    LEFT JOIN citations c ON c.article_id = e.article_id AND c.idx = e.citation_idx";

fn usize_col(row: &Row<'_>, i: usize) -> rusqlite::Result<usize> {
    Ok(row.get::<_, i64>(i)?.max(0) as usize)
}

fn opt_usize_col(row: &Row<'_>, i: usize) -> rusqlite::Result<Option<usize>> {
    Ok(row.get::<_, Option<i64>>(i)?.map(|v| v.max(0) as usize))
}

fn event_row(r: &Row<'_>) -> rusqlite::Result<EventRow> {
    Ok(EventRow {
        id: r.get(0)?,
        group_id: r.get(1)?,
        article_id: r.get(2)?,
        outlet: r.get(3)?,
        url: r.get(4)?,
        title: r.get(5)?,
        date: r.get(6)?,
        sentence: usize_col(r, 7)?,
        sentence_text: r.get(8)?,
        sentence_start: usize_col(r, 9)?,
        source_code: r.get(10)?,
        source_text: r.get(11)?,
        source_start: opt_usize_col(r, 12)?,
        source_end: opt_usize_col(r, 13)?,
        target_code: r.get(14)?,
        target_text: r.get(15)?,
        target_start: opt_usize_col(r, 16)?,
        target_end: opt_usize_col(r, 17)?,
        code: r.get(18)?,
        base_code: r.get(19)?,
        root: r.get(20)?,
        quad_class: r.get(21)?,
        goldstein: r.get(22)?,
        plover_type: r.get(23)?,
        plover_mode: r.get(24)?,
        modality: Modality {
            negated: r.get(25)?,
            future: r.get(26)?,
            hypothetical: r.get(27)?,
            speculative: r.get(28)?,
            reported: r.get(29)?,
        },
        factual: r.get(30)?,
        evidence: Evidence {
            start: usize_col(r, 31)?,
            end: usize_col(r, 32)?,
            predicate_start: usize_col(r, 33)?,
            predicate_end: usize_col(r, 34)?,
            rule: r.get(35)?,
        },
        place_name: r.get(36)?,
        place_country: r.get(37)?,
        place_lat: r.get(38)?,
        place_lon: r.get(39)?,
        speaker: r.get(40)?,
        cited_outlet: r.get(41)?,
        num_mentions: r.get(42)?,
        num_sources: r.get(43)?,
        num_articles: r.get(44)?,
    })
}

fn query_error(e: rusqlite::Error) -> StoreError {
    StoreError::Sqlite(e)
}

/// Runs the text search alone first, so an FTS5 syntax error becomes a query error the user
/// can act on rather than a database error.
fn check_text_search(conn: &rusqlite::Connection, q: &EventQuery) -> Result<()> {
    let Some(text) = q.text.as_deref().map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(());
    };
    conn.query_row(
        "SELECT COUNT(*) FROM (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?1 LIMIT 1)",
        [fts_query(text)],
        |r| r.get::<_, i64>(0),
    )
    .map_err(|e| StoreError::BadQuery(format!("text search {text:?}: {e}")))?;
    Ok(())
}

impl Store {
    /// The rows of `sql`, a statement whose WHERE clause is `q`'s filter, bound to `params`.
    fn filtered_rows<T>(
        &self,
        q: &EventQuery,
        sql: &str,
        params: Vec<Value>,
        row: impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>> {
        let conn = self.reader()?;
        check_text_search(&conn, q)?;
        let mut stmt = conn.prepare(sql)?;
        let rows = stmt
            .query_map(params_from_iter(params), row)
            .map_err(query_error)?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(query_error)
    }

    /// Event mentions matching `q`, by date then id (one per grouped event if `q.grouped`).
    pub fn events(&self, q: &EventQuery) -> Result<Vec<EventRow>> {
        let f = q.filter()?;
        let sql = if q.grouped {
            format!(
                "SELECT {EVENT_COLUMNS} FROM {EVENT_FROM}
                 WHERE e.id IN (SELECT MIN(e.id) FROM events e
                                JOIN articles a ON a.id = e.article_id
                                WHERE {} GROUP BY e.group_id)
                 ORDER BY e.date, e.id{}",
                f.sql,
                q.limit_sql()
            )
        } else {
            format!(
                "SELECT {EVENT_COLUMNS} FROM {EVENT_FROM} WHERE {} ORDER BY e.date, e.id{}",
                f.sql,
                q.limit_sql()
            )
        };
        self.filtered_rows(q, &sql, f.params, event_row)
    }

    /// Number of event mentions (or grouped events) matching `q`, ignoring limit and offset.
    pub fn count_events(&self, q: &EventQuery) -> Result<i64> {
        let f = q.filter()?;
        let what = if q.grouped {
            "COUNT(DISTINCT e.group_id)"
        } else {
            "COUNT(*)"
        };
        let sql = format!(
            "SELECT {what} FROM events e JOIN articles a ON a.id = e.article_id WHERE {}",
            f.sql
        );
        let conn = self.reader()?;
        check_text_search(&conn, q)?;
        conn.query_row(&sql, params_from_iter(f.params), |r| r.get(0))
            .map_err(query_error)
    }

    /// Coded dyads (both actors coded) matching `q`, most reported first.
    pub fn dyads(&self, q: &EventQuery) -> Result<Vec<DyadSummary>> {
        let f = q.filter()?;
        let sql = format!(
            "SELECT e.source_code, e.target_code, COUNT(*), COUNT(DISTINCT e.group_id),
                    AVG(e.goldstein),
                    SUM(e.quad_class = 1), SUM(e.quad_class = 2),
                    SUM(e.quad_class = 3), SUM(e.quad_class = 4),
                    MIN(e.date), MAX(e.date)
             FROM events e JOIN articles a ON a.id = e.article_id
             WHERE {} AND e.source_code IS NOT NULL AND e.target_code IS NOT NULL
             GROUP BY e.source_code, e.target_code
             ORDER BY COUNT(*) DESC, e.source_code, e.target_code{}",
            f.sql,
            q.limit_sql()
        );
        self.filtered_rows(q, &sql, f.params, |r| {
            Ok(DyadSummary {
                source: r.get(0)?,
                target: r.get(1)?,
                mentions: r.get(2)?,
                events: r.get(3)?,
                mean_goldstein: r.get::<_, Option<f64>>(4)?.unwrap_or(0.0),
                quad_counts: [r.get(5)?, r.get(6)?, r.get(7)?, r.get(8)?],
                first_date: r.get(9)?,
                last_date: r.get(10)?,
            })
        })
    }

    /// Counts and mean Goldstein per period per dyad (dated events only), in time order.
    pub fn timeline(&self, q: &EventQuery, period: Period) -> Result<Vec<TimelinePoint>> {
        let f = q.filter()?;
        let p = period.sql();
        let sql = format!(
            "SELECT {p} AS period, e.source_code, e.target_code, COUNT(*), AVG(e.goldstein),
                    SUM(e.quad_class IN (1, 2)), SUM(e.quad_class IN (3, 4))
             FROM events e JOIN articles a ON a.id = e.article_id
             WHERE {} AND e.date IS NOT NULL
             GROUP BY period, e.source_code, e.target_code
             ORDER BY period, COUNT(*) DESC, e.source_code, e.target_code{}",
            f.sql,
            q.limit_sql()
        );
        self.filtered_rows(q, &sql, f.params, |r| {
            Ok(TimelinePoint {
                period: r.get(0)?,
                source: r.get(1)?,
                target: r.get(2)?,
                mentions: r.get(3)?,
                mean_goldstein: r.get::<_, Option<f64>>(4)?.unwrap_or(0.0),
                cooperation: r.get(5)?,
                conflict: r.get(6)?,
            })
        })
    }

    /// The stored document with its text and every annotation (events carry evidence spans
    /// for highlighting). A near-duplicate comes back with its text only: see
    /// [`Store::article_summary`] for the copy it links to.
    pub fn article(&self, id: &str) -> Result<Option<Doc>> {
        let conn = self.reader()?;
        let article = conn
            .query_row(
                "SELECT id, url, outlet, title, author, published, language, source, text
                 FROM articles WHERE id = ?1",
                [id],
                |r| {
                    Ok(dyad_model::Article {
                        id: r.get(0)?,
                        url: r.get(1)?,
                        outlet: r.get(2)?,
                        title: r.get(3)?,
                        author: r.get(4)?,
                        published: r.get(5)?,
                        language: r.get(6)?,
                        source: r.get(7)?,
                        text: r.get(8)?,
                    })
                },
            )
            .optional()?;
        let Some(article) = article else {
            return Ok(None);
        };
        let mut doc = Doc::new(article);
        doc.sentences = load_json(&conn, "sentences", id)?;
        doc.entities = load_json(&conn, "entities", id)?;
        doc.events = load_json(&conn, "events", id)?;
        doc.quotes = load_json(&conn, "quotes", id)?;
        doc.citations = load_json(&conn, "citations", id)?;
        doc.dates = load_json(&conn, "date_mentions", id)?;
        doc.places = load_json(&conn, "places", id)?;
        Ok(Some(doc))
    }

    /// Metadata of one stored article.
    pub fn article_summary(&self, id: &str) -> Result<Option<ArticleSummary>> {
        let conn = self.reader()?;
        let sql = format!("{ARTICLE_SUMMARY_SQL} WHERE a.id = ?1");
        Ok(conn.query_row(&sql, [id], article_summary).optional()?)
    }

    /// Stored articles, most recently ingested first.
    pub fn articles(&self, limit: usize, offset: usize) -> Result<Vec<ArticleSummary>> {
        let conn = self.reader()?;
        let sql = format!("{ARTICLE_SUMMARY_SQL} ORDER BY a.rowid DESC LIMIT ?1 OFFSET ?2");
        let mut stmt = conn.prepare(&sql)?;
        let rows = stmt.query_map([limit as i64, offset as i64], article_summary)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Row counts of every table.
    pub fn stats(&self) -> Result<Stats> {
        let conn = self.reader()?;
        let count = |sql: &str| -> Result<i64> { Ok(conn.query_row(sql, [], |r| r.get(0))?) };
        Ok(Stats {
            articles: count("SELECT COUNT(*) FROM articles")?,
            duplicates: count("SELECT COUNT(*) FROM articles WHERE duplicate_of IS NOT NULL")?,
            sentences: count("SELECT COUNT(*) FROM sentences")?,
            entities: count("SELECT COUNT(*) FROM entities")?,
            events: count("SELECT COUNT(*) FROM events")?,
            event_groups: count("SELECT COUNT(*) FROM event_groups")?,
            quotes: count("SELECT COUNT(*) FROM quotes")?,
            citations: count("SELECT COUNT(*) FROM citations")?,
            places: count("SELECT COUNT(*) FROM places")?,
            dates: count("SELECT COUNT(*) FROM date_mentions")?,
        })
    }

    /// A fingerprint of everything stored except ingest timestamps: two databases built from
    /// the same inputs in the same order have the same digest, however often ingest was
    /// interrupted.
    pub fn content_digest(&self) -> Result<String> {
        const TABLES: &[(&str, &str)] = &[
            ("articles", "rowid"),
            ("article_bands", "article_rowid, band"),
            ("sentences", "article_id, idx"),
            ("entities", "article_id, idx"),
            ("places", "article_id, idx"),
            ("date_mentions", "article_id, idx"),
            ("quotes", "article_id, idx"),
            ("citations", "article_id, idx"),
            ("event_groups", "id"),
            ("events", "id"),
        ];
        let conn = self.reader()?;
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        let mut feed = |bytes: &[u8]| {
            for b in bytes {
                hash ^= u64::from(*b);
                hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
            }
        };
        for (table, order) in TABLES {
            feed(table.as_bytes());
            let mut stmt = conn.prepare(&format!("SELECT * FROM {table} ORDER BY {order}"))?;
            let names: Vec<String> = stmt.column_names().map(|s| s.to_string()).collect();
            let mut rows = stmt.query([])?;
            while let Some(row) = rows.next()? {
                for (i, name) in names.iter().enumerate() {
                    if name == "ingested_at" {
                        continue;
                    }
                    let v: Value = row.get(i)?;
                    feed(format!("{v:?}\u{1f}").as_bytes());
                }
                feed(b"\x1e");
            }
        }
        Ok(format!("{hash:016x}"))
    }
}

const ARTICLE_SUMMARY_SQL: &str = "SELECT a.id, a.url, a.outlet, a.title, a.published, a.source,
    a.duplicate_of, a.similarity,
    (SELECT COUNT(*) FROM events e WHERE e.article_id = a.id), a.ingested_at
    FROM articles a";

fn article_summary(r: &Row<'_>) -> rusqlite::Result<ArticleSummary> {
    Ok(ArticleSummary {
        id: r.get(0)?,
        url: r.get(1)?,
        outlet: r.get(2)?,
        title: r.get(3)?,
        published: r.get(4)?,
        source: r.get(5)?,
        duplicate_of: r.get(6)?,
        similarity: r.get(7)?,
        events: r.get(8)?,
        ingested_at: r.get(9)?,
    })
}

fn load_json<T: serde::de::DeserializeOwned>(
    conn: &rusqlite::Connection,
    table: &str,
    id: &str,
) -> Result<Vec<T>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT json FROM {table} WHERE article_id = ?1 ORDER BY idx"
    ))?;
    let rows = stmt.query_map([id], |r| r.get::<_, String>(0))?;
    let mut out = Vec::new();
    for json in rows {
        out.push(serde_json::from_str(&json?)?);
    }
    Ok(out)
}
