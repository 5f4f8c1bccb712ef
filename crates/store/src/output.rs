//! Rendering query results for people and tools: terminal tables, CSV, JSONL.

use std::io::Write;

use comfy_table::{presets::UTF8_FULL_CONDENSED, ContentArrangement, Table};
use serde::Serialize;

use crate::export::{flat_row, Cell, FLAT_COLUMNS};
use crate::{DyadSummary, EventRow, Result, StoreError, TimelinePoint};

/// Output format of `dyad query`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Table,
    Csv,
    Jsonl,
}

impl std::str::FromStr for Format {
    type Err = StoreError;
    fn from_str(s: &str) -> Result<Format> {
        match s {
            "table" => Ok(Format::Table),
            "csv" => Ok(Format::Csv),
            "jsonl" | "json" => Ok(Format::Jsonl),
            other => Err(StoreError::BadQuery(format!(
                "unknown format {other:?} (table, csv or jsonl)"
            ))),
        }
    }
}

fn csv_err(e: csv::Error) -> StoreError {
    StoreError::Export(e.to_string())
}

/// Cuts a string to `max` characters, marking the cut.
fn cut(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

/// The evidence words of an event (source to target), from its sentence.
pub fn evidence_text(r: &EventRow) -> String {
    let from = r.evidence.start.saturating_sub(r.sentence_start);
    let len = r.evidence.end.saturating_sub(r.evidence.start);
    let text: String = r.sentence_text.chars().skip(from).take(len).collect();
    if text.trim().is_empty() {
        r.sentence_text.clone()
    } else {
        text
    }
}

fn table(width: Option<u16>) -> Table {
    let mut t = Table::new();
    t.load_style(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic);
    if let Some(w) = width {
        t.set_width(w);
    }
    t
}

fn jsonl<T: Serialize>(items: &[T], out: &mut dyn Write) -> Result<()> {
    for item in items {
        serde_json::to_writer(&mut *out, item)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// Writes event rows. Tables are sized to `width` columns when given (else the terminal).
pub fn write_events(
    rows: &[EventRow],
    format: Format,
    width: Option<u16>,
    out: &mut dyn Write,
) -> Result<()> {
    match format {
        Format::Jsonl => jsonl(rows, out),
        Format::Csv => {
            let mut w = csv::Writer::from_writer(out);
            w.write_record(FLAT_COLUMNS.iter().map(|(n, _)| *n))
                .map_err(csv_err)?;
            for r in rows {
                w.write_record(flat_row(r).iter().map(Cell::to_text))
                    .map_err(csv_err)?;
            }
            w.flush()?;
            Ok(())
        }
        Format::Table => {
            let mut t = table(width);
            t.set_header(vec![
                "date", "source", "code", "target", "quad", "gold", "n", "place", "evidence",
                "outlet",
            ]);
            for r in rows {
                let actor = |code: &Option<String>, text: &Option<String>| match (code, text) {
                    (Some(c), _) => c.clone(),
                    (None, Some(t)) => format!("({})", cut(t, 20)),
                    (None, None) => "-".to_string(),
                };
                let mut code = r.code.clone();
                if !r.factual {
                    code.push_str(if r.modality.negated { " (not)" } else { " (?)" });
                }
                t.add_row(vec![
                    r.date.clone().unwrap_or_else(|| "-".into()),
                    actor(&r.source_code, &r.source_text),
                    code,
                    actor(&r.target_code, &r.target_text),
                    r.quad_class.to_string(),
                    format!("{:.1}", r.goldstein),
                    r.num_mentions.to_string(),
                    r.place_name.clone().unwrap_or_default(),
                    cut(&evidence_text(r), 90),
                    r.outlet.clone().unwrap_or_default(),
                ]);
            }
            writeln!(out, "{t}")?;
            writeln!(out, "{} event mention(s)", rows.len())?;
            Ok(())
        }
    }
}

/// Writes per-period aggregates.
pub fn write_timeline(
    points: &[TimelinePoint],
    format: Format,
    width: Option<u16>,
    out: &mut dyn Write,
) -> Result<()> {
    let header = [
        "period",
        "source",
        "target",
        "mentions",
        "mean_goldstein",
        "cooperation",
        "conflict",
    ];
    let cells = |p: &TimelinePoint| -> Vec<String> {
        vec![
            p.period.clone(),
            p.source.clone().unwrap_or_default(),
            p.target.clone().unwrap_or_default(),
            p.mentions.to_string(),
            format!("{:.2}", p.mean_goldstein),
            p.cooperation.to_string(),
            p.conflict.to_string(),
        ]
    };
    write_summaries(points, &header, cells, format, width, out)
}

/// Writes dyad summaries.
pub fn write_dyads(
    dyads: &[DyadSummary],
    format: Format,
    width: Option<u16>,
    out: &mut dyn Write,
) -> Result<()> {
    let header = [
        "source",
        "target",
        "mentions",
        "events",
        "mean_goldstein",
        "verbal_coop",
        "material_coop",
        "verbal_conflict",
        "material_conflict",
        "first_date",
        "last_date",
    ];
    let cells = |d: &DyadSummary| -> Vec<String> {
        vec![
            d.source.clone(),
            d.target.clone(),
            d.mentions.to_string(),
            d.events.to_string(),
            format!("{:.2}", d.mean_goldstein),
            d.quad_counts[0].to_string(),
            d.quad_counts[1].to_string(),
            d.quad_counts[2].to_string(),
            d.quad_counts[3].to_string(),
            d.first_date.clone().unwrap_or_default(),
            d.last_date.clone().unwrap_or_default(),
        ]
    };
    write_summaries(dyads, &header, cells, format, width, out)
}

/// Writes summary rows: JSON lines, or `header` and each item's `cells` as CSV or a table.
fn write_summaries<T: Serialize>(
    items: &[T],
    header: &[&str],
    cells: impl Fn(&T) -> Vec<String>,
    format: Format,
    width: Option<u16>,
    out: &mut dyn Write,
) -> Result<()> {
    match format {
        Format::Jsonl => jsonl(items, out),
        Format::Csv => {
            let mut w = csv::Writer::from_writer(out);
            w.write_record(header).map_err(csv_err)?;
            for item in items {
                w.write_record(cells(item)).map_err(csv_err)?;
            }
            w.flush()?;
            Ok(())
        }
        Format::Table => {
            let mut t = table(width);
            t.set_header(header.to_vec());
            for item in items {
                t.add_row(cells(item));
            }
            writeln!(out, "{t}")?;
            Ok(())
        }
    }
}
