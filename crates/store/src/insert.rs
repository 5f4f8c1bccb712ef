//! Storing annotated documents: one transaction per batch, idempotent by article id, with
//! near-duplicates linked to the first stored copy and events grouped as GDELT groups them.

use std::collections::BTreeSet;

use dyad_model::{CharIndex, Doc, Event};
use rusqlite::{params, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};

use crate::dedup;
use crate::{Result, Store};

/// What one [`Store::insert_docs`] call did.
#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
pub struct InsertReport {
    /// Articles stored (near-duplicates included).
    pub inserted: usize,
    /// Articles skipped because an article with the same id was already stored.
    pub skipped: usize,
    /// Near-duplicates stored as links to an earlier copy (their events are not stored).
    pub duplicates: Vec<DuplicateLink>,
    /// Event mentions stored.
    pub events: usize,
    /// Grouped events that did not exist before this batch.
    pub new_groups: usize,
    /// Ids of the stored (non-skipped) articles, in input order.
    pub ids: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DuplicateLink {
    pub id: String,
    pub duplicate_of: String,
    /// Estimated Jaccard similarity of word shingles with the closest stored copy.
    pub similarity: f64,
}

/// The id the store gives an article that arrives without one: the same id ingest gives it
/// ([`dyad_model::article_id`]), so the same text is the same article.
pub fn article_id_for_text(text: &str) -> String {
    dyad_model::article_id(text)
}

fn doc_id(doc: &Doc) -> String {
    if doc.article.id.trim().is_empty() {
        article_id_for_text(&doc.article.text)
    } else {
        doc.article.id.clone()
    }
}

/// `YYYY-MM-DD` when `s` starts with a valid calendar date.
pub(crate) fn date_prefix(s: &str) -> Option<String> {
    let d = s.get(..10)?;
    chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()?;
    Some(d.to_string())
}

impl Store {
    /// Whether an article with this id is stored.
    pub fn contains(&self, id: &str) -> Result<bool> {
        let conn = self.reader()?;
        let found: Option<i64> = conn
            .query_row("SELECT 1 FROM articles WHERE id = ?1", [id], |r| r.get(0))
            .optional()?;
        Ok(found.is_some())
    }

    /// Stores a batch of annotated documents in one transaction: all of it or (on error or
    /// crash) none of it. Articles already stored are skipped; near-duplicates of stored
    /// articles (or of earlier ones in the batch) are stored as links without their events.
    /// A document without an id gets [`article_id_for_text`].
    pub fn insert_docs(&self, docs: &[Doc]) -> Result<InsertReport> {
        let mut conn = self.writer();
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let mut report = InsertReport::default();
        let mut touched_groups = BTreeSet::new();
        let now = crate::now_timestamp();
        for doc in docs {
            let id = doc_id(doc);
            let exists: Option<i64> = tx
                .query_row("SELECT 1 FROM articles WHERE id = ?1", [&id], |r| r.get(0))
                .optional()?;
            if exists.is_some() {
                report.skipped += 1;
                continue;
            }
            let sig = dedup::minhash(&doc.article.text);
            let original = match &sig {
                Some(s) => find_original(&tx, s)?,
                None => None,
            };
            let rowid = insert_article(&tx, &id, doc, sig.as_deref(), original.as_ref(), &now)?;
            if let Some(s) = &sig {
                let mut stmt = tx.prepare_cached(
                    "INSERT INTO article_bands(band, value, article_rowid) VALUES (?1, ?2, ?3)",
                )?;
                for (band, value) in dedup::bands(s).into_iter().enumerate() {
                    stmt.execute(params![band as i64, value, rowid])?;
                }
            }
            report.inserted += 1;
            report.ids.push(id.clone());
            if let Some((orig, sim)) = original {
                report.duplicates.push(DuplicateLink {
                    id,
                    duplicate_of: orig,
                    similarity: sim,
                });
                continue;
            }
            insert_annotations(&tx, &id, doc)?;
            for (idx, event) in doc.events.iter().enumerate() {
                let (group, new) = insert_event(&tx, &id, idx, event, doc)?;
                touched_groups.insert(group);
                report.events += 1;
                report.new_groups += usize::from(new);
            }
        }
        for group in touched_groups {
            recount_group(&tx, group)?;
        }
        tx.commit()?;
        Ok(report)
    }
}

/// The earliest stored original of the most similar stored article at or above the duplicate
/// threshold, with that similarity.
fn find_original(tx: &Transaction<'_>, sig: &[u64]) -> Result<Option<(String, f64)>> {
    let mut candidates = BTreeSet::new();
    {
        let mut stmt = tx.prepare_cached(
            "SELECT article_rowid FROM article_bands WHERE band = ?1 AND value = ?2",
        )?;
        for (band, value) in dedup::bands(sig).into_iter().enumerate() {
            let rows = stmt.query_map(params![band as i64, value], |r| r.get::<_, i64>(0))?;
            for row in rows {
                candidates.insert(row?);
            }
        }
    }
    let mut best: Option<(String, f64)> = None;
    let mut stmt =
        tx.prepare_cached("SELECT id, duplicate_of, minhash FROM articles WHERE rowid = ?1")?;
    for rowid in candidates {
        let (id, dup_of, blob): (String, Option<String>, Option<Vec<u8>>) =
            stmt.query_row([rowid], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        let Some(blob) = blob else { continue };
        let sim = dedup::similarity(sig, &dedup::from_blob(&blob));
        let better = match &best {
            Some((_, b)) => sim > *b,
            None => true,
        };
        if sim >= dedup::DUPLICATE_THRESHOLD && better {
            best = Some((dup_of.unwrap_or(id), sim));
        }
    }
    Ok(best)
}

fn insert_article(
    tx: &Transaction<'_>,
    id: &str,
    doc: &Doc,
    sig: Option<&[u64]>,
    original: Option<&(String, f64)>,
    now: &str,
) -> Result<i64> {
    let a = &doc.article;
    let outlet = a
        .outlet
        .clone()
        .or_else(|| a.url.as_deref().and_then(url_host));
    tx.prepare_cached(
        "INSERT INTO articles(id, url, outlet, title, author, published, language, source, text,
                              char_len, minhash, duplicate_of, similarity, ingested_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    )?
    .execute(params![
        id,
        a.url,
        outlet,
        a.title,
        a.author,
        a.published,
        a.language,
        a.source,
        a.text,
        a.text.chars().count() as i64,
        sig.map(dedup::to_blob),
        original.map(|o| o.0.clone()),
        original.map(|o| o.1),
        now,
    ])?;
    Ok(tx.last_insert_rowid())
}

/// The host of a URL without `www.`, as GDELT names sources ("voanews.com").
pub(crate) fn url_host(url: &str) -> Option<String> {
    let rest = url.split_once("://").map(|(_, r)| r).unwrap_or(url);
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit('@').next()?.split(':').next()?;
    let host = host.strip_prefix("www.").unwrap_or(host);
    (!host.is_empty() && host.contains('.')).then(|| host.to_lowercase())
}

fn insert_annotations(tx: &Transaction<'_>, id: &str, doc: &Doc) -> Result<()> {
    let index = CharIndex::new(&doc.article.text);
    let slice = |start: usize, end: usize| -> String {
        let n = index.len_chars();
        let (s, e) = (start.min(n), end.min(n).max(start.min(n)));
        doc.article.text[index.byte_of_char(s)..index.byte_of_char(e)].to_string()
    };
    let mut stmt = tx.prepare_cached(
        "INSERT INTO sentences(article_id, idx, start, \"end\", text, json)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for (i, s) in doc.sentences.iter().enumerate() {
        stmt.execute(params![
            id,
            i as i64,
            s.start as i64,
            s.end as i64,
            slice(s.start, s.end),
            serde_json::to_string(s)?
        ])?;
    }
    let mut stmt = tx.prepare_cached(
        "INSERT INTO entities(article_id, idx, sentence, start, \"end\", text, label, kind, chain,
                              actor_code, actor_country, actor_sectors, actor_name, actor_rule, json)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
    )?;
    for (i, e) in doc.entities.iter().enumerate() {
        let actor = e.actor.as_ref();
        stmt.execute(params![
            id,
            i as i64,
            e.sentence as i64,
            e.start as i64,
            e.end as i64,
            e.text,
            e.label,
            e.kind,
            e.chain,
            actor.map(|a| a.code.clone()),
            actor.and_then(|a| a.country.clone()),
            actor.map(|a| a.sectors.join(",")),
            actor.and_then(|a| a.name.clone()),
            actor.map(|a| a.rule.clone()),
            serde_json::to_string(e)?
        ])?;
    }
    let mut stmt = tx.prepare_cached(
        "INSERT INTO places(article_id, idx, start, \"end\", text, name, feature, country, fips,
                            adm1, lat, lon, geo_type, feature_id, rule, json)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
    )?;
    for (i, p) in doc.places.iter().enumerate() {
        stmt.execute(params![
            id,
            i as i64,
            p.start as i64,
            p.end as i64,
            p.text,
            p.name,
            p.feature,
            p.country,
            p.fips,
            p.adm1,
            p.lat,
            p.lon,
            p.geo_type,
            p.feature_id,
            p.rule,
            serde_json::to_string(p)?
        ])?;
    }
    let mut stmt = tx.prepare_cached(
        "INSERT INTO date_mentions(article_id, idx, start, \"end\", text, date, granularity, rule,
                                   json)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    for (i, d) in doc.dates.iter().enumerate() {
        stmt.execute(params![
            id,
            i as i64,
            d.start as i64,
            d.end as i64,
            d.text,
            d.date,
            d.granularity,
            d.rule,
            serde_json::to_string(d)?
        ])?;
    }
    let mut stmt = tx.prepare_cached(
        "INSERT INTO quotes(article_id, idx, start, \"end\", text, kind, verb, speaker_text,
                            speaker_start, speaker_end, speaker_resolved, speaker_code,
                            citation_idx, json)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    )?;
    for (i, q) in doc.quotes.iter().enumerate() {
        let sp = q.speaker.as_ref();
        stmt.execute(params![
            id,
            i as i64,
            q.start as i64,
            q.end as i64,
            q.text,
            q.kind,
            q.verb,
            sp.map(|s| s.text.clone()),
            sp.map(|s| s.start as i64),
            sp.map(|s| s.end as i64),
            sp.and_then(|s| s.resolved.clone()),
            sp.and_then(|s| s.code.clone()),
            q.citation.map(|c| c as i64),
            serde_json::to_string(q)?
        ])?;
    }
    let mut stmt = tx.prepare_cached(
        "INSERT INTO citations(article_id, idx, outlet, code, start, \"end\", claim_start,
                               claim_end, json)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    for (i, c) in doc.citations.iter().enumerate() {
        stmt.execute(params![
            id,
            i as i64,
            c.outlet,
            c.code,
            c.start as i64,
            c.end as i64,
            c.claim_start as i64,
            c.claim_end as i64,
            serde_json::to_string(c)?
        ])?;
    }
    Ok(())
}

/// GDELT EventBaseCode: the level-two code of a level-three code, else the code itself.
pub(crate) fn base_code(code: &str) -> String {
    if code.chars().count() > 3 {
        code.chars().take(3).collect()
    } else {
        code.to_string()
    }
}

/// The date an event is filed under: its resolved date, else the article's publication date.
fn event_date(event: &Event, doc: &Doc) -> Option<String> {
    event
        .date
        .as_ref()
        .and_then(|d| date_prefix(&d.date))
        .or_else(|| doc.article.published.as_deref().and_then(date_prefix))
}

/// Inserts one event mention and returns its group id and whether the group is new.
fn insert_event(
    tx: &Transaction<'_>,
    id: &str,
    idx: usize,
    ev: &Event,
    doc: &Doc,
) -> Result<(i64, bool)> {
    let date = event_date(ev, doc);
    // Undated events are only grouped within their article: "same day" is unknown.
    let date_key = date.clone().unwrap_or_else(|| format!("undated:{id}"));
    let source_code = ev.source.as_ref().and_then(|a| a.code.clone());
    let target_code = ev.target.as_ref().and_then(|a| a.code.clone());
    let key = (
        date_key,
        source_code.clone().unwrap_or_default(),
        target_code.clone().unwrap_or_default(),
        ev.code.clone(),
    );
    let existing: Option<i64> = tx
        .prepare_cached(
            "SELECT id FROM event_groups
             WHERE date_key = ?1 AND source_key = ?2 AND target_key = ?3 AND code = ?4",
        )?
        .query_row(params![key.0, key.1, key.2, key.3], |r| r.get(0))
        .optional()?;
    let (group, new) = match existing {
        Some(g) => (g, false),
        None => {
            tx.prepare_cached(
                "INSERT INTO event_groups(date_key, source_key, target_key, code)
                 VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![key.0, key.1, key.2, key.3])?;
            (tx.last_insert_rowid(), true)
        }
    };
    let root = if ev.root.is_empty() {
        ev.code.chars().take(2).collect()
    } else {
        ev.root.clone()
    };
    let place = ev.place.and_then(|p| doc.places.get(p));
    let src = ev.source.as_ref();
    let tgt = ev.target.as_ref();
    let m = &ev.modality;
    let evd = &ev.evidence;
    tx.prepare_cached(
        "INSERT INTO events(article_id, idx, group_id, sentence, date, date_source, date_mention,
            source_text, source_code, source_start, source_end, source_entity,
            target_text, target_code, target_start, target_end, target_entity,
            code, base_code, root, quad_class, goldstein, plover_type, plover_mode,
            negated, future, hypothetical, speculative, reported, factual,
            evidence_start, evidence_end, predicate_start, predicate_end, rule,
            place_idx, place_name, place_text, place_feature, place_country, place_fips,
            place_adm1, place_lat, place_lon, place_geo_type, place_feature_id,
            quote_idx, citation_idx, json)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
            ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32, ?33,
            ?34, ?35, ?36, ?37, ?38, ?39, ?40, ?41, ?42, ?43, ?44, ?45, ?46, ?47, ?48, ?49)",
    )?
    .execute(params![
        id,
        idx as i64,
        group,
        ev.sentence as i64,
        date,
        ev.date.as_ref().map(|d| d.source.clone()),
        ev.date.as_ref().and_then(|d| d.mention).map(|m| m as i64),
        src.map(|a| a.text.clone()),
        source_code,
        src.map(|a| a.start as i64),
        src.map(|a| a.end as i64),
        src.and_then(|a| a.entity).map(|e| e as i64),
        tgt.map(|a| a.text.clone()),
        target_code,
        tgt.map(|a| a.start as i64),
        tgt.map(|a| a.end as i64),
        tgt.and_then(|a| a.entity).map(|e| e as i64),
        ev.code,
        base_code(&ev.code),
        root,
        ev.quad_class,
        f64::from(ev.goldstein),
        ev.plover.event_type,
        ev.plover.mode,
        m.negated,
        m.future,
        m.hypothetical,
        m.speculative,
        m.reported,
        m.is_factual(),
        evd.start as i64,
        evd.end as i64,
        evd.predicate_start as i64,
        evd.predicate_end as i64,
        evd.rule,
        ev.place.map(|p| p as i64),
        place.map(|p| p.name.clone()),
        place.map(|p| p.text.clone()),
        place.map(|p| p.feature.clone()),
        place.and_then(|p| p.country.clone()),
        place.and_then(|p| p.fips.clone()),
        place.and_then(|p| p.adm1.clone()),
        place.map(|p| p.lat),
        place.map(|p| p.lon),
        place.map(|p| p.geo_type),
        place.map(|p| p.feature_id.clone()),
        ev.quote.map(|q| q as i64),
        ev.citation.map(|c| c as i64),
        serde_json::to_string(ev)?,
    ])?;
    Ok((group, new))
}

/// GDELT's counts for a grouped event: every mention, distinct articles, distinct outlets (an
/// article without a known outlet counts as its own source).
fn recount_group(tx: &Transaction<'_>, group: i64) -> Result<()> {
    tx.prepare_cached(
        "UPDATE event_groups SET
            num_mentions = (SELECT COUNT(*) FROM events WHERE group_id = ?1),
            num_articles = (SELECT COUNT(DISTINCT article_id) FROM events WHERE group_id = ?1),
            num_sources = (SELECT COUNT(DISTINCT COALESCE(LOWER(a.outlet), 'article:' || a.id))
                           FROM events e JOIN articles a ON a.id = e.article_id
                           WHERE e.group_id = ?1)
         WHERE id = ?1",
    )?
    .execute([group])?;
    Ok(())
}
