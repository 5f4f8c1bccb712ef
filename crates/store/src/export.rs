//! Exports: GDELT 2.0 Events (61 fields), Mentions (16), GKG 2.1 (27), Parquet, JSONL and CSV.
//!
//! GDELT files are tab-separated, without a header (add one with `header`), fields in GDELT's
//! order. dyad fills what it knows and leaves the rest blank: GDELT marks every field NULLABLE.
//! AvgTone and the GKG tone/themes/counts/GCAM are blank because dyad does not compute them.

use std::collections::BTreeSet;
use std::io::Write;
use std::sync::Arc;

use arrow_array::{ArrayRef, BooleanArray, Float64Array, Int64Array, RecordBatch, StringArray};
use arrow_schema::{DataType, Field, Schema};
use rusqlite::{params_from_iter, Row};
use serde::{Deserialize, Serialize};

use crate::query::EventRow;
use crate::{EventQuery, Result, Store, StoreError};

/// GDELT 2.0 Events table fields, in order.
pub const GDELT_EVENT_FIELDS: [&str; 61] = [
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor1KnownGroupCode",
    "Actor1EthnicCode",
    "Actor1Religion1Code",
    "Actor1Religion2Code",
    "Actor1Type1Code",
    "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "Actor2KnownGroupCode",
    "Actor2EthnicCode",
    "Actor2Religion1Code",
    "Actor2Religion2Code",
    "Actor2Type1Code",
    "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    "Actor1Geo_Type",
    "Actor1Geo_FullName",
    "Actor1Geo_CountryCode",
    "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat",
    "Actor1Geo_Long",
    "Actor1Geo_FeatureID",
    "Actor2Geo_Type",
    "Actor2Geo_FullName",
    "Actor2Geo_CountryCode",
    "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat",
    "Actor2Geo_Long",
    "Actor2Geo_FeatureID",
    "ActionGeo_Type",
    "ActionGeo_FullName",
    "ActionGeo_CountryCode",
    "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code",
    "ActionGeo_Lat",
    "ActionGeo_Long",
    "ActionGeo_FeatureID",
    "DATEADDED",
    "SOURCEURL",
];

/// GDELT 2.0 Mentions table fields, in order.
pub const GDELT_MENTION_FIELDS: [&str; 16] = [
    "GLOBALEVENTID",
    "EventTimeDate",
    "MentionTimeDate",
    "MentionType",
    "MentionSourceName",
    "MentionIdentifier",
    "SentenceID",
    "Actor1CharOffset",
    "Actor2CharOffset",
    "ActionCharOffset",
    "InRawText",
    "Confidence",
    "MentionDocLen",
    "MentionDocTone",
    "MentionDocTranslationInfo",
    "Extras",
];

/// GDELT Global Knowledge Graph 2.1 fields, in order.
pub const GKG_FIELDS: [&str; 27] = [
    "GKGRECORDID",
    "DATE",
    "SourceCollectionIdentifier",
    "SourceCommonName",
    "DocumentIdentifier",
    "Counts",
    "V2Counts",
    "Themes",
    "V2Themes",
    "Locations",
    "V2Locations",
    "Persons",
    "V2Persons",
    "Organizations",
    "V2Organizations",
    "V2Tone",
    "Dates",
    "GCAM",
    "SharingImage",
    "RelatedImages",
    "SocialImageEmbeds",
    "SocialVideoEmbeds",
    "Quotations",
    "AllNames",
    "Amounts",
    "TranslationInfo",
    "Extras",
];

/// What `dyad export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ExportFormat {
    /// One row per grouped event, 61 tab-separated GDELT 2.0 Event fields.
    GdeltEvents,
    /// One row per event mention, 16 tab-separated GDELT 2.0 Mentions fields.
    GdeltMentions,
    /// One row per article, 27 tab-separated GKG 2.1 fields.
    Gkg,
    /// Event mentions as a Parquet file (the flat columns of [`EventRow`]).
    Parquet,
    /// Event mentions as JSON lines ([`EventRow`]).
    Jsonl,
    /// Event mentions as CSV with a header (the flat columns of [`EventRow`]).
    Csv,
}

impl std::str::FromStr for ExportFormat {
    type Err = StoreError;
    fn from_str(s: &str) -> Result<ExportFormat> {
        Ok(match s {
            "gdelt-events" | "gdelt" | "events" => ExportFormat::GdeltEvents,
            "gdelt-mentions" | "mentions" => ExportFormat::GdeltMentions,
            "gkg" => ExportFormat::Gkg,
            "parquet" => ExportFormat::Parquet,
            "jsonl" => ExportFormat::Jsonl,
            "csv" => ExportFormat::Csv,
            other => {
                return Err(StoreError::BadQuery(format!(
                    "unknown export format {other:?} \
                     (gdelt-events, gdelt-mentions, gkg, parquet, jsonl, csv)"
                )))
            }
        })
    }
}

/// Writes the events (or, for GKG, the articles) matching `q` in `format`; returns the number
/// of records written. `header` adds a first line of field names to GDELT formats.
pub fn export(
    store: &Store,
    q: &EventQuery,
    format: ExportFormat,
    header: bool,
    out: &mut (dyn Write + Send),
) -> Result<usize> {
    match format {
        ExportFormat::GdeltEvents => {
            let q = EventQuery {
                grouped: true,
                ..q.clone()
            };
            gdelt_tsv(
                store,
                &q,
                &GDELT_EVENT_FIELDS,
                header,
                out,
                gdelt_event_fields,
            )
        }
        ExportFormat::GdeltMentions => {
            let q = EventQuery {
                grouped: false,
                ..q.clone()
            };
            gdelt_tsv(
                store,
                &q,
                &GDELT_MENTION_FIELDS,
                header,
                out,
                gdelt_mention_fields,
            )
        }
        ExportFormat::Gkg => export_gkg(store, q, header, out),
        ExportFormat::Jsonl => {
            let mut n = 0;
            for_each_page(store, q, |rows| {
                for r in rows {
                    serde_json::to_writer(&mut *out, r)?;
                    out.write_all(b"\n")?;
                    n += 1;
                }
                Ok(())
            })?;
            Ok(n)
        }
        ExportFormat::Csv => {
            let mut w = csv::Writer::from_writer(&mut *out);
            w.write_record(FLAT_COLUMNS.iter().map(|(name, _)| *name))
                .map_err(csv_error)?;
            let mut n = 0;
            for_each_page(store, q, |rows| {
                for r in rows {
                    w.write_record(flat_row(r).iter().map(Cell::to_text))
                        .map_err(csv_error)?;
                    n += 1;
                }
                Ok(())
            })?;
            w.flush()?;
            Ok(n)
        }
        ExportFormat::Parquet => export_parquet(store, q, out),
    }
}

fn csv_error(e: csv::Error) -> StoreError {
    StoreError::Export(e.to_string())
}

/// Rows per page when streaming an export out of the database.
const PAGE: usize = 5000;

/// Calls `f` with successive pages of event rows, honouring the query's own limit and offset.
fn for_each_page(
    store: &Store,
    q: &EventQuery,
    mut f: impl FnMut(&[EventRow]) -> Result<()>,
) -> Result<()> {
    let mut offset = q.offset.unwrap_or(0);
    let mut remaining = q.limit.unwrap_or(usize::MAX);
    while remaining > 0 {
        let page = EventQuery {
            limit: Some(PAGE.min(remaining)),
            offset: Some(offset),
            ..q.clone()
        };
        let rows = store.events(&page)?;
        if rows.is_empty() {
            break;
        }
        f(&rows)?;
        offset += rows.len();
        remaining = remaining.saturating_sub(rows.len());
        if rows.len() < PAGE {
            break;
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Flat columns (CSV, Parquet)

#[derive(Clone, Copy)]
pub(crate) enum Kind {
    Str,
    Int,
    Float,
    Bool,
}

pub(crate) enum Cell {
    Str(Option<String>),
    Int(Option<i64>),
    Float(Option<f64>),
    Bool(bool),
}

impl Cell {
    pub(crate) fn to_text(&self) -> String {
        match self {
            Cell::Str(s) => s.clone().unwrap_or_default(),
            Cell::Int(i) => i.map(|v| v.to_string()).unwrap_or_default(),
            Cell::Float(f) => f.map(|v| v.to_string()).unwrap_or_default(),
            Cell::Bool(b) => b.to_string(),
        }
    }

    fn text(&self) -> Option<String> {
        match self {
            Cell::Str(s) => s.clone(),
            _ => None,
        }
    }

    fn int(&self) -> Option<i64> {
        match self {
            Cell::Int(v) => *v,
            _ => None,
        }
    }

    fn float(&self) -> Option<f64> {
        match self {
            Cell::Float(v) => *v,
            _ => None,
        }
    }

    fn bool(&self) -> Option<bool> {
        match self {
            Cell::Bool(v) => Some(*v),
            _ => None,
        }
    }
}

/// The columns of a flat event mention (CSV header, Parquet schema), in order.
pub(crate) const FLAT_COLUMNS: &[(&str, Kind)] = &[
    ("id", Kind::Int),
    ("group_id", Kind::Int),
    ("date", Kind::Str),
    ("source_code", Kind::Str),
    ("source_text", Kind::Str),
    ("target_code", Kind::Str),
    ("target_text", Kind::Str),
    ("code", Kind::Str),
    ("base_code", Kind::Str),
    ("root", Kind::Str),
    ("quad_class", Kind::Int),
    ("goldstein", Kind::Float),
    ("plover_type", Kind::Str),
    ("plover_mode", Kind::Str),
    ("negated", Kind::Bool),
    ("future", Kind::Bool),
    ("hypothetical", Kind::Bool),
    ("speculative", Kind::Bool),
    ("reported", Kind::Bool),
    ("factual", Kind::Bool),
    ("place_name", Kind::Str),
    ("place_country", Kind::Str),
    ("place_lat", Kind::Float),
    ("place_lon", Kind::Float),
    ("speaker", Kind::Str),
    ("cited_outlet", Kind::Str),
    ("article_id", Kind::Str),
    ("outlet", Kind::Str),
    ("url", Kind::Str),
    ("title", Kind::Str),
    ("sentence", Kind::Int),
    ("sentence_text", Kind::Str),
    ("evidence_start", Kind::Int),
    ("evidence_end", Kind::Int),
    ("predicate_start", Kind::Int),
    ("predicate_end", Kind::Int),
    ("rule", Kind::Str),
    ("num_mentions", Kind::Int),
    ("num_sources", Kind::Int),
    ("num_articles", Kind::Int),
];

pub(crate) fn flat_row(r: &EventRow) -> Vec<Cell> {
    let int = |v: usize| Cell::Int(Some(v as i64));
    let m = &r.modality;
    vec![
        Cell::Int(Some(r.id)),
        Cell::Int(Some(r.group_id)),
        Cell::Str(r.date.clone()),
        Cell::Str(r.source_code.clone()),
        Cell::Str(r.source_text.clone()),
        Cell::Str(r.target_code.clone()),
        Cell::Str(r.target_text.clone()),
        Cell::Str(Some(r.code.clone())),
        Cell::Str(Some(r.base_code.clone())),
        Cell::Str(Some(r.root.clone())),
        Cell::Int(Some(i64::from(r.quad_class))),
        Cell::Float(Some(r.goldstein)),
        Cell::Str(Some(r.plover_type.clone())),
        Cell::Str(Some(r.plover_mode.clone())),
        Cell::Bool(m.negated),
        Cell::Bool(m.future),
        Cell::Bool(m.hypothetical),
        Cell::Bool(m.speculative),
        Cell::Bool(m.reported),
        Cell::Bool(r.factual),
        Cell::Str(r.place_name.clone()),
        Cell::Str(r.place_country.clone()),
        Cell::Float(r.place_lat),
        Cell::Float(r.place_lon),
        Cell::Str(r.speaker.clone()),
        Cell::Str(r.cited_outlet.clone()),
        Cell::Str(Some(r.article_id.clone())),
        Cell::Str(r.outlet.clone()),
        Cell::Str(r.url.clone()),
        Cell::Str(r.title.clone()),
        int(r.sentence),
        Cell::Str(Some(r.sentence_text.clone())),
        int(r.evidence.start),
        int(r.evidence.end),
        int(r.evidence.predicate_start),
        int(r.evidence.predicate_end),
        Cell::Str(Some(r.evidence.rule.clone())),
        Cell::Int(Some(r.num_mentions)),
        Cell::Int(Some(r.num_sources)),
        Cell::Int(Some(r.num_articles)),
    ]
}

fn parquet_schema() -> Arc<Schema> {
    Arc::new(Schema::new(
        FLAT_COLUMNS
            .iter()
            .map(|(name, kind)| {
                let t = match kind {
                    Kind::Str => DataType::Utf8,
                    Kind::Int => DataType::Int64,
                    Kind::Float => DataType::Float64,
                    Kind::Bool => DataType::Boolean,
                };
                Field::new(*name, t, true)
            })
            .collect::<Vec<_>>(),
    ))
}

/// Column `i` of the flat rows, each cell read by `value` (blank if of another kind).
fn column<T>(flat: &[Vec<Cell>], i: usize, value: fn(&Cell) -> Option<T>) -> Vec<Option<T>> {
    flat.iter().map(|r| value(&r[i])).collect()
}

fn record_batch(schema: &Arc<Schema>, rows: &[EventRow]) -> Result<RecordBatch> {
    let flat: Vec<Vec<Cell>> = rows.iter().map(flat_row).collect();
    let mut columns: Vec<ArrayRef> = Vec::with_capacity(FLAT_COLUMNS.len());
    for (i, (_, kind)) in FLAT_COLUMNS.iter().enumerate() {
        let col: ArrayRef = match kind {
            Kind::Str => Arc::new(StringArray::from(column(&flat, i, Cell::text))),
            Kind::Int => Arc::new(Int64Array::from(column(&flat, i, Cell::int))),
            Kind::Float => Arc::new(Float64Array::from(column(&flat, i, Cell::float))),
            Kind::Bool => Arc::new(BooleanArray::from(column(&flat, i, Cell::bool))),
        };
        columns.push(col);
    }
    RecordBatch::try_new(schema.clone(), columns).map_err(|e| StoreError::Export(e.to_string()))
}

fn export_parquet(store: &Store, q: &EventQuery, out: &mut (dyn Write + Send)) -> Result<usize> {
    use parquet::arrow::ArrowWriter;
    use parquet::basic::Compression;
    use parquet::file::properties::WriterProperties;

    let schema = parquet_schema();
    let props = WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .build();
    let pq = |e: parquet::errors::ParquetError| StoreError::Export(e.to_string());
    let mut writer = ArrowWriter::try_new(out, schema.clone(), Some(props)).map_err(pq)?;
    let mut n = 0;
    for_each_page(store, q, |rows| {
        writer.write(&record_batch(&schema, rows)?).map_err(pq)?;
        n += rows.len();
        Ok(())
    })?;
    writer.close().map_err(pq)?;
    Ok(n)
}

// ---------------------------------------------------------------------------------------------
// GDELT

/// Makes a value safe inside a tab-separated GDELT field.
fn clean(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}

/// `2024-03-04T10:00:00Z` → `20240304100000`; `2024-03-04` → `20240304000000`.
fn timestamp14(s: &str) -> String {
    let digits: String = s.chars().filter(|c| c.is_ascii_digit()).take(14).collect();
    if digits.len() < 8 {
        return String::new();
    }
    format!("{digits:0<14}")
}

fn gdelt_tsv(
    store: &Store,
    q: &EventQuery,
    fields: &[&str],
    header: bool,
    out: &mut (dyn Write + Send),
    row_fields: fn(&Row<'_>) -> rusqlite::Result<Vec<String>>,
) -> Result<usize> {
    if header {
        writeln!(out, "{}", fields.join("\t"))?;
    }
    let mut n = 0;
    for_each_page(store, q, |rows| {
        let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
        let conn = store.reader()?;
        let placeholders = vec!["?"; ids.len()].join(",");
        let sql = format!("{GDELT_SQL} WHERE e.id IN ({placeholders}) ORDER BY e.date, e.id");
        let mut stmt = conn.prepare(&sql)?;
        let mut result = stmt.query(params_from_iter(ids.iter()))?;
        while let Some(row) = result.next()? {
            let values = row_fields(row)?;
            debug_assert_eq!(values.len(), fields.len());
            let line: Vec<String> = values.iter().map(|v| clean(v)).collect();
            writeln!(out, "{}", line.join("\t"))?;
            n += 1;
        }
        Ok(())
    })?;
    Ok(n)
}

/// Everything either GDELT event table needs about one event mention.
const GDELT_SQL: &str = "SELECT e.group_id, e.date,
    e.source_code, COALESCE(se.actor_name, e.source_text), se.actor_country, se.actor_sectors,
    e.target_code, COALESCE(te.actor_name, e.target_text), te.actor_country, te.actor_sectors,
    (instr(a.text, char(10) || char(10)) = 0
        OR e.evidence_start < instr(a.text, char(10) || char(10)) - 1),
    e.code, e.base_code, e.root, e.quad_class, e.goldstein,
    g.num_mentions, g.num_sources, g.num_articles,
    e.place_geo_type, e.place_name, e.place_fips, e.place_adm1, e.place_lat, e.place_lon,
    e.place_feature_id,
    (SELECT MIN(a2.ingested_at) FROM events e2 JOIN articles a2 ON a2.id = e2.article_id
        WHERE e2.group_id = e.group_id),
    a.ingested_at, a.url, a.outlet, a.source, a.id, e.sentence,
    e.source_start, e.target_start, e.predicate_start,
    e.negated, e.future, e.hypothetical, e.speculative, a.char_len
    FROM events e
    JOIN articles a ON a.id = e.article_id
    JOIN event_groups g ON g.id = e.group_id
    LEFT JOIN entities se ON se.article_id = e.article_id AND se.idx = e.source_entity
    LEFT JOIN entities te ON te.article_id = e.article_id AND te.idx = e.target_entity";

/// CAMEO role codes (GDELT's Type fields).
const TYPE_CODES: &[&str] = &[
    "COP", "GOV", "INS", "JUD", "MIL", "OPP", "REB", "SEP", "SPY", "UAF", "PTY", "AGR", "BUS",
    "CRM", "CVL", "DEV", "EDU", "ELI", "ENV", "HLH", "HRI", "LAB", "LEG", "MED", "REF", "MOD",
    "RAD", "UIS", "IGO", "IMG", "INT", "MNC", "NGM", "NGO", "SET",
];
/// CAMEO religion codes.
const RELIGION_CODES: &[&str] = &[
    "ADR", "ALE", "ATH", "BAH", "BUD", "CHR", "CON", "CPT", "CTH", "DOX", "HIN", "HSD", "ITH",
    "JAN", "JEW", "JHW", "LDS", "MOS", "MRN", "NRM", "PAG", "PRO", "SFI", "SHI", "SHN", "SIK",
    "SUN", "TAO", "UDX", "ZRO",
];
/// Organisation codes that follow IGO/NGO and name a known group.
const GROUP_PREFIXES: &[&str] = &["IGO", "NGO", "NGM", "MNC", "IMG"];

/// GDELT's split of a CAMEO actor code: country, known group, ethnic, religions, types.
#[derive(Debug, Default, PartialEq)]
struct ActorParts {
    country: String,
    known_group: String,
    ethnic: String,
    religion: [String; 2],
    types: [String; 3],
}

fn actor_parts(code: &str, country: Option<&str>, sectors: Option<&str>) -> ActorParts {
    let mut p = ActorParts::default();
    let segs: Vec<String> = code
        .as_bytes()
        .chunks(3)
        .map(|c| String::from_utf8_lossy(c).to_string())
        .filter(|s| s.len() == 3)
        .collect();
    let mut types = Vec::new();
    let mut religions = Vec::new();
    for (i, seg) in segs.iter().enumerate() {
        let s = seg.as_str();
        if TYPE_CODES.contains(&s) {
            types.push(seg.clone());
        } else if RELIGION_CODES.contains(&s) {
            religions.push(seg.clone());
        } else if i == 0 {
            if s.chars().all(|c| c.is_ascii_uppercase()) {
                p.country = seg.clone();
            }
        } else if segs[..i]
            .iter()
            .any(|e| GROUP_PREFIXES.contains(&e.as_str()))
        {
            // "IGOBUSIMF": the organisation after its IGO/NGO/MNC class is a known group.
            if p.known_group.is_empty() {
                p.known_group = seg.clone();
            }
        }
        // Other codes after the country (regions such as GEOSOS, ethnic groups such as
        // IRQKRD) cannot be told apart without an ethnic-group list: EthnicCode stays blank.
    }
    if let Some(c) = country.filter(|c| !c.is_empty()) {
        p.country = c.to_string();
    }
    if let Some(secs) = sectors.filter(|s| !s.is_empty()) {
        for s in secs.split(',') {
            let s = s.trim().to_string();
            if TYPE_CODES.contains(&s.as_str()) && !types.contains(&s) {
                types.push(s);
            }
        }
    }
    for (slot, t) in p.types.iter_mut().zip(types) {
        *slot = t;
    }
    for (slot, r) in p.religion.iter_mut().zip(religions) {
        *slot = r;
    }
    p
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|x| x.to_string()).unwrap_or_default()
}

fn actor_fields(row: &Row<'_>, first: usize) -> rusqlite::Result<Vec<String>> {
    let code: Option<String> = row.get(first)?;
    let name: Option<String> = row.get(first + 1)?;
    let country: Option<String> = row.get(first + 2)?;
    let sectors: Option<String> = row.get(first + 3)?;
    let Some(code) = code else {
        return Ok(vec![String::new(); 10]);
    };
    let p = actor_parts(&code, country.as_deref(), sectors.as_deref());
    let [r1, r2] = p.religion;
    let [t1, t2, t3] = p.types;
    Ok(vec![
        code,
        name.map(|n| n.to_uppercase()).unwrap_or_default(),
        p.country,
        p.known_group,
        p.ethnic,
        r1,
        r2,
        t1,
        t2,
        t3,
    ])
}

/// `2024.1726`: GDELT's year plus (month × 30 + day) / 365.
fn fraction_date(date: &str) -> String {
    let parts: Vec<u32> = date.split('-').filter_map(|p| p.parse().ok()).collect();
    match parts.as_slice() {
        [y, m, d] => format!("{:.4}", f64::from(*y) + f64::from(m * 30 + d) / 365.0),
        _ => String::new(),
    }
}

/// The eight fields of a GDELT geography dyad does not know: type 0, the rest blank.
fn no_geo() -> Vec<String> {
    let mut fields = vec![String::new(); 8];
    fields[0] = "0".to_string();
    fields
}

fn gdelt_event_fields(row: &Row<'_>) -> rusqlite::Result<Vec<String>> {
    let date: Option<String> = row.get(1)?;
    let date = date.unwrap_or_default();
    let ymd = date.replace('-', "");
    let mut f = Vec::with_capacity(61);
    f.push(row.get::<_, i64>(0)?.to_string());
    f.push(ymd.clone());
    f.push(ymd.get(..6).unwrap_or_default().to_string());
    f.push(ymd.get(..4).unwrap_or_default().to_string());
    f.push(fraction_date(&date));
    f.extend(actor_fields(row, 2)?);
    f.extend(actor_fields(row, 6)?);
    f.push(if row.get::<_, bool>(10)? { "1" } else { "0" }.to_string());
    f.push(row.get::<_, String>(11)?);
    f.push(row.get::<_, String>(12)?);
    f.push(row.get::<_, String>(13)?);
    f.push(row.get::<_, i64>(14)?.to_string());
    f.push(format!("{:.1}", row.get::<_, f64>(15)?));
    f.push(row.get::<_, i64>(16)?.to_string());
    f.push(row.get::<_, i64>(17)?.to_string());
    f.push(row.get::<_, i64>(18)?.to_string());
    f.push(String::new()); // AvgTone: not computed.

    // Actor1Geo and Actor2Geo: dyad locates the action, not each actor.
    f.extend(no_geo());
    f.extend(no_geo());
    let geo_type: Option<i64> = row.get(19)?;
    match geo_type {
        Some(t) => {
            f.push(t.to_string());
            f.push(opt(row.get::<_, Option<String>>(20)?));
            f.push(opt(row.get::<_, Option<String>>(21)?));
            f.push(opt(row.get::<_, Option<String>>(22)?));
            f.push(String::new()); // ADM2: not resolved.
            f.push(opt(row.get::<_, Option<f64>>(23)?));
            f.push(opt(row.get::<_, Option<f64>>(24)?));
            f.push(opt(row.get::<_, Option<String>>(25)?));
        }
        None => f.extend(no_geo()),
    }
    f.push(timestamp14(&opt(row.get::<_, Option<String>>(26)?)));
    let url: Option<String> = row.get(28)?;
    let source: Option<String> = row.get(30)?;
    let id: String = row.get(31)?;
    f.push(url.or(source).unwrap_or(id));
    Ok(f)
}

/// GDELT-style extraction confidence (percent): lower when an actor is uncoded or the text
/// does not assert the event (negated, future, hypothetical, speculative).
fn confidence(row: &Row<'_>) -> rusqlite::Result<i64> {
    let mut c = 100;
    let src: Option<String> = row.get(2)?;
    let tgt: Option<String> = row.get(6)?;
    if src.is_none() || tgt.is_none() {
        c -= 30;
    }
    let (neg, fut, hyp, spec): (bool, bool, bool, bool) =
        (row.get(36)?, row.get(37)?, row.get(38)?, row.get(39)?);
    if fut || hyp || spec {
        c -= 30;
    }
    if neg {
        c -= 50;
    }
    Ok(c.max(10))
}

fn gdelt_mention_fields(row: &Row<'_>) -> rusqlite::Result<Vec<String>> {
    let url: Option<String> = row.get(28)?;
    let outlet: Option<String> = row.get(29)?;
    let source: Option<String> = row.get(30)?;
    let id: String = row.get(31)?;
    let offset = |i: usize| -> rusqlite::Result<String> {
        Ok(row
            .get::<_, Option<i64>>(i)?
            .map(|v| v.to_string())
            .unwrap_or_else(|| "-1".to_string()))
    };
    Ok(vec![
        row.get::<_, i64>(0)?.to_string(),
        timestamp14(&opt(row.get::<_, Option<String>>(26)?)),
        timestamp14(&row.get::<_, String>(27)?),
        if url.is_some() { "1" } else { "2" }.to_string(),
        outlet.unwrap_or_default(),
        url.or(source).unwrap_or(id),
        (row.get::<_, i64>(32)? + 1).to_string(),
        offset(33)?,
        offset(34)?,
        offset(35)?,
        "1".to_string(),
        confidence(row)?.to_string(),
        row.get::<_, i64>(40)?.to_string(),
        String::new(), // MentionDocTone: not computed.
        String::new(), // No machine translation.
        String::new(),
    ])
}

// ---------------------------------------------------------------------------------------------
// GKG 2.1

impl EventQuery {
    /// Whether any filter (other than grouping and paging) is set.
    pub fn has_filters(&self) -> bool {
        let bare = EventQuery {
            grouped: self.grouped,
            limit: self.limit,
            offset: self.offset,
            ..EventQuery::default()
        };
        *self != bare
    }
}

/// Strips the GKG delimiters from free text.
fn gkg_text(s: &str) -> String {
    s.replace(['\t', '\n', '\r', ';', '#', '|', ','], " ")
}

fn is_named(e: &dyad_model::Entity) -> bool {
    !matches!(e.kind.as_str(), "pronoun" | "nominal")
}

fn export_gkg(
    store: &Store,
    q: &EventQuery,
    header: bool,
    out: &mut (dyn Write + Send),
) -> Result<usize> {
    if header {
        writeln!(out, "{}", GKG_FIELDS.join("\t"))?;
    }
    // Unfiltered: every original article. Filtered: articles with a matching event.
    let articles: Vec<(i64, String, String)> = {
        let conn = store.reader()?;
        if q.has_filters() {
            let ids: BTreeSet<String> = store
                .events(&EventQuery {
                    grouped: false,
                    limit: None,
                    offset: None,
                    ..q.clone()
                })?
                .into_iter()
                .map(|r| r.article_id)
                .collect();
            let mut out = Vec::new();
            let mut stmt =
                conn.prepare("SELECT rowid, id, ingested_at FROM articles WHERE id = ?1")?;
            for id in ids {
                out.push(stmt.query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?);
            }
            out.sort();
            out
        } else {
            let mut stmt = conn.prepare(
                "SELECT rowid, id, ingested_at FROM articles
                 WHERE duplicate_of IS NULL ORDER BY rowid",
            )?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
            rows.collect::<rusqlite::Result<Vec<_>>>()?
        }
    };
    let skip = q.offset.unwrap_or(0);
    let take = q.limit.unwrap_or(usize::MAX);
    let mut n = 0;
    for (rowid, id, ingested) in articles.into_iter().skip(skip).take(take) {
        let Some(doc) = store.article(&id)? else {
            continue;
        };
        let fields = gkg_fields(rowid, &ingested, &doc);
        debug_assert_eq!(fields.len(), GKG_FIELDS.len());
        let line: Vec<String> = fields.iter().map(|v| clean(v)).collect();
        writeln!(out, "{}", line.join("\t"))?;
        n += 1;
    }
    Ok(n)
}

fn gkg_fields(rowid: i64, ingested: &str, doc: &dyad_model::Doc) -> Vec<String> {
    let a = &doc.article;
    let names = |label: &str| -> (String, String) {
        let mentions: Vec<&dyad_model::Entity> = doc
            .entities
            .iter()
            .filter(|e| e.label.split(':').next() == Some(label) && is_named(e))
            .collect();
        let mut seen = BTreeSet::new();
        let v1: Vec<String> = mentions
            .iter()
            .map(|e| gkg_text(&e.text).to_lowercase())
            .filter(|n| seen.insert(n.clone()))
            .collect();
        let v2: Vec<String> = mentions
            .iter()
            .map(|e| format!("{},{}", gkg_text(&e.text), e.start))
            .collect();
        (v1.join(";"), v2.join(";"))
    };
    let (persons, v2persons) = names("PER");
    let (orgs, v2orgs) = names("ORG");
    // V2 adds a blank ADM2 field after ADM1 and the character offset at the end.
    let loc = |p: &dyad_model::Place, v2: bool| -> String {
        let (adm2, offset) = if v2 {
            ("#", format!("#{}", p.start))
        } else {
            ("", String::new())
        };
        format!(
            "{}#{}#{}#{}{adm2}#{}#{}#{}{offset}",
            p.geo_type,
            gkg_text(&p.name),
            p.fips.as_deref().unwrap_or_default(),
            p.adm1.as_deref().unwrap_or_default(),
            p.lat,
            p.lon,
            p.feature_id
        )
    };
    let mut seen = BTreeSet::new();
    let locations: Vec<String> = doc
        .places
        .iter()
        .filter(|p| seen.insert(p.name.clone()))
        .map(|p| loc(p, false))
        .collect();
    let v2locations: Vec<String> = doc.places.iter().map(|p| loc(p, true)).collect();
    let dates: Vec<String> = doc
        .dates
        .iter()
        .filter_map(|d| {
            let parts: Vec<u32> = d.date.split('-').filter_map(|p| p.parse().ok()).collect();
            let [y, m, day] = parts.as_slice() else {
                return None;
            };
            let (res, m, day) = match d.granularity.as_str() {
                "year" => (1, 0, 0),
                "month" => (2, *m, 0),
                _ => (3, *m, *day),
            };
            Some(format!("{res}#{m}#{day}#{y}#{}", d.start))
        })
        .collect();
    let quotes: Vec<String> = doc
        .quotes
        .iter()
        .filter(|q| q.kind == "direct")
        .map(|q| {
            format!(
                "{}|{}|{}|{}",
                q.start,
                q.end.saturating_sub(q.start),
                gkg_text(q.verb.as_deref().unwrap_or("")),
                gkg_text(&q.text)
            )
        })
        .collect();
    let all_names: Vec<String> = doc
        .entities
        .iter()
        .filter(|e| is_named(e))
        .map(|e| format!("{},{}", gkg_text(&e.text), e.start))
        .collect();
    let date = a
        .published
        .as_deref()
        .map(timestamp14)
        .filter(|d| !d.is_empty())
        .unwrap_or_else(|| "0".to_string());
    let extras = a
        .title
        .as_deref()
        .map(|t| format!("<PAGE_TITLE>{}</PAGE_TITLE>", gkg_text(t)))
        .unwrap_or_default();
    vec![
        format!("{}-{rowid}", timestamp14(ingested)),
        date,
        if a.url.is_some() { "1" } else { "2" }.to_string(),
        a.outlet.clone().unwrap_or_default(),
        a.url
            .clone()
            .or_else(|| a.source.clone())
            .unwrap_or_else(|| a.id.clone()),
        String::new(), // Counts
        String::new(), // V2Counts
        String::new(), // Themes
        String::new(), // V2Themes
        locations.join(";"),
        v2locations.join(";"),
        persons,
        v2persons,
        orgs,
        v2orgs,
        String::new(), // V2Tone
        dates.join(";"),
        String::new(), // GCAM
        String::new(), // SharingImage
        String::new(), // RelatedImages
        String::new(), // SocialImageEmbeds
        String::new(), // SocialVideoEmbeds
        quotes.join("#"),
        all_names.join(";"),
        String::new(), // Amounts
        String::new(), // TranslationInfo
        extras,
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actor_codes_split_like_gdelt() {
        let p = actor_parts("RUSGOVMIL", None, None);
        assert_eq!(p.country, "RUS");
        assert_eq!(p.types, ["GOV".to_string(), "MIL".into(), String::new()]);
        let p = actor_parts("IGOUNO", None, None);
        assert_eq!(p.country, "");
        assert_eq!(p.known_group, "UNO");
        assert_eq!(p.types[0], "IGO");
        let p = actor_parts("IGOBUSIMF", None, None);
        assert_eq!(p.known_group, "IMF");
        assert_eq!(p.types, ["IGO".to_string(), "BUS".into(), String::new()]);
        let p = actor_parts("IRQSHI", None, None);
        assert_eq!((p.country.as_str(), p.religion[0].as_str()), ("IRQ", "SHI"));
        let p = actor_parts("GEOSOS", Some("GEO"), Some("GOV"));
        assert_eq!(p.types[0], "GOV");
    }

    #[test]
    fn dates_and_timestamps_in_gdelt_form() {
        assert_eq!(timestamp14("2024-03-04T10:05:06Z"), "20240304100506");
        assert_eq!(timestamp14("2024-03-04"), "20240304000000");
        assert_eq!(timestamp14("soon"), "");
        assert_eq!(fraction_date("2024-03-04"), "2024.2575");
    }

    #[test]
    fn delimiters_become_spaces() {
        assert_eq!(clean("a\tb\nc\r\nd; e#f"), "a b c  d; e#f");
        assert_eq!(gkg_text("a\tb;c#d|e,f\ng"), "a b c d e f g");
    }

    #[test]
    fn field_lists_have_gdelt_counts() {
        assert_eq!(GDELT_EVENT_FIELDS.len(), 61);
        assert_eq!(GDELT_MENTION_FIELDS.len(), 16);
        assert_eq!(GKG_FIELDS.len(), 27);
        assert_eq!(parquet_schema().fields().len(), FLAT_COLUMNS.len());
    }
}
