//! `dyad ingest / query / export`: the event database from the command line.
//!
//! `ingest` stores one transaction per batch, so killing it at any moment and running the same
//! command again ends with exactly what one uninterrupted run stores: committed batches are
//! skipped (same article ids), the interrupted one is redone.

use std::collections::HashSet;
use std::fs::File;
use std::io::{BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{bail, Context};
use dyad_ingest::{Ingest, InputKind};
use dyad_model::Doc;
use dyad_store::{EventQuery, ExportFormat, Format, Period, Store};
use rayon::prelude::*;

use crate::annotate::{ingest_options, inputs, parse_day, parse_kind, plural};

#[derive(clap::Args)]
pub struct IngestArgs {
    #[command(flatten)]
    pub models: crate::models::ModelArgs,
    /// Files, directories (read recursively) or `-` for stdin.
    pub inputs: Vec<String>,
    /// Database file (created if missing).
    #[arg(long, value_name = "PATH", default_value = dyad_store::DEFAULT_DB)]
    pub db: PathBuf,
    /// Input kind; `auto` decides by extension and content.
    #[arg(long = "input", value_name = "KIND", default_value = "auto",
          value_parser = parse_kind)]
    pub input: InputKind,
    /// Publication date (YYYY-MM-DD) for documents whose input has none.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_day)]
    pub date: Option<String>,
    /// Documents per transaction: a crash loses at most the batch in progress.
    #[arg(long, value_name = "N", default_value_t = 16)]
    pub batch: usize,
    /// Largest document (or JSONL line, or WARC record) accepted, in MB.
    #[arg(long, value_name = "MB", default_value_t = 20)]
    pub max_document_mb: usize,
}

/// Event filters shared by `query` and `export`.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct FilterArgs {
    /// Database file.
    #[arg(long, value_name = "PATH", default_value = dyad_store::DEFAULT_DB)]
    pub db: PathBuf,
    /// Source or target actor code; a trailing `*` matches a prefix (`RUS*`).
    #[arg(long, value_name = "CODE")]
    pub actor: Option<String>,
    /// Source actor code (or `PREFIX*`).
    #[arg(long, value_name = "CODE")]
    pub source: Option<String>,
    /// Target actor code (or `PREFIX*`).
    #[arg(long, value_name = "CODE")]
    pub target: Option<String>,
    /// Events between A and B, either direction (codes or prefixes).
    #[arg(long, value_name = "A,B")]
    pub dyad: Option<String>,
    /// CAMEO event code (or `PREFIX*`).
    #[arg(long, value_name = "CODE")]
    pub code: Option<String>,
    /// CAMEO root code (01–20).
    #[arg(long, value_name = "ROOT")]
    pub root: Option<String>,
    /// 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict.
    #[arg(long, value_name = "1-4", value_parser = clap::value_parser!(u8).range(1..=4))]
    pub quad_class: Option<u8>,
    /// First event date, YYYY-MM-DD (inclusive).
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Last event date, YYYY-MM-DD (inclusive).
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// Place name or country code (ISO3 or FIPS) of the action.
    #[arg(long, value_name = "TEXT")]
    pub place: Option<String>,
    /// Full-text search over article titles and texts.
    #[arg(long, value_name = "FTS")]
    pub text: Option<String>,
    /// Events of one article (by id).
    #[arg(long, value_name = "ID")]
    pub article: Option<String>,
    /// Only events the text asserts happened (not negated, future, hypothetical, speculative).
    #[arg(long)]
    pub factual: bool,
    /// One row per grouped event (same date, actors and code) instead of one per mention.
    #[arg(long)]
    pub grouped: bool,
    /// At most N rows.
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
    /// Skip the first N rows.
    #[arg(long, value_name = "N")]
    pub offset: Option<usize>,
}

impl FilterArgs {
    fn query(&self) -> EventQuery {
        EventQuery {
            actor: self.actor.clone(),
            source: self.source.clone(),
            target: self.target.clone(),
            dyad: self.dyad.clone(),
            code: self.code.clone(),
            root: self.root.clone(),
            quad_class: self.quad_class,
            from: self.from.clone(),
            to: self.to.clone(),
            place: self.place.clone(),
            text: self.text.clone(),
            article: self.article.clone(),
            factual: self.factual.then_some(true),
            grouped: self.grouped,
            limit: self.limit,
            offset: self.offset,
        }
    }
}

#[derive(clap::Args)]
pub struct QueryArgs {
    #[command(flatten)]
    pub filters: FilterArgs,
    /// table (default on a terminal), csv, or jsonl (default otherwise).
    #[arg(long, value_name = "FORMAT")]
    pub format: Option<String>,
    /// Counts and mean Goldstein per period per dyad instead of events.
    #[arg(long, value_name = "day|week|month")]
    pub aggregate: Option<String>,
    /// Summary per dyad (counts per QuadClass, mean Goldstein) instead of events.
    #[arg(long, conflicts_with = "aggregate")]
    pub dyads: bool,
}

#[derive(clap::Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub filters: FilterArgs,
    /// gdelt-events (61 fields), gdelt-mentions (16), gkg (GKG 2.1, 27), parquet, jsonl, csv.
    #[arg(long, value_name = "FORMAT")]
    pub format: String,
    /// Output file (written whole or not at all); stdout if absent.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Put a header line of GDELT field names first (GDELT files have none).
    #[arg(long)]
    pub header: bool,
}

#[derive(Default)]
struct IngestTotals {
    stored: usize,
    duplicates: usize,
    skipped: usize,
    events: usize,
    failed: usize,
    annotate_secs: f64,
    store_secs: f64,
}

pub fn ingest(args: IngestArgs) -> anyhow::Result<ExitCode> {
    let inputs = inputs(&args.inputs, "  dyad ingest stories.jsonl --db news.db")?;
    let store = Store::open(&args.db)?;
    let pipeline = args.models.pipeline()?;
    let options = ingest_options(args.input, args.max_document_mb);
    let batch_size = args.batch.max(1);
    let started = Instant::now();
    let mut totals = IngestTotals::default();
    let mut seen: HashSet<String> = HashSet::new();
    let mut batch: Vec<Doc> = Vec::with_capacity(batch_size);
    let mut words = 0usize;
    let progress = std::io::stderr().is_terminal();

    let flush = |batch: &mut Vec<Doc>, totals: &mut IngestTotals| -> anyhow::Result<()> {
        if batch.is_empty() {
            return Ok(());
        }
        let t = Instant::now();
        let annotated: Vec<Result<Doc, String>> = std::mem::take(batch)
            .into_par_iter()
            .map(|doc| pipeline.annotate_guarded(doc))
            .collect();
        totals.annotate_secs += t.elapsed().as_secs_f64();
        let mut docs = Vec::with_capacity(annotated.len());
        for result in annotated {
            match result {
                Ok(doc) => docs.push(doc),
                Err(message) => {
                    totals.failed += 1;
                    eprintln!("dyad: error: {message}");
                }
            }
        }
        let t = Instant::now();
        let report = store
            .insert_docs(&docs)
            .with_context(|| format!("storing a batch in {}", args.db.display()))?;
        totals.store_secs += t.elapsed().as_secs_f64();
        totals.stored += report.inserted;
        totals.skipped += report.skipped;
        totals.duplicates += report.duplicates.len();
        totals.events += report.events;
        for d in &report.duplicates {
            eprintln!(
                "dyad: {} is a near-duplicate of {} (similarity {:.2}); linked, events not \
                 stored again",
                d.id, d.duplicate_of, d.similarity
            );
        }
        if progress {
            eprint!(
                "\rdyad: {} stored, {} skipped, {} events",
                totals.stored, totals.skipped, totals.events
            );
        }
        Ok(())
    };

    let mut ingest = Ingest::new(inputs, options);
    for item in &mut ingest {
        match item {
            Err(e) => {
                totals.failed += 1;
                eprintln!("dyad: error: {e}");
            }
            Ok(ingested) => {
                let source = ingested
                    .doc
                    .article
                    .source
                    .clone()
                    .unwrap_or_else(|| "input".into());
                for w in &ingested.warnings {
                    eprintln!("dyad: warning: {source}: {w}");
                }
                let mut doc = ingested.doc;
                if doc.article.published.is_none() {
                    doc.article.published = args.date.clone();
                }
                if doc.article.id.trim().is_empty() {
                    doc.article.id = dyad_store::article_id_for_text(&doc.article.text);
                }
                // Already stored, or seen earlier in this run: skip before the costly part.
                if !seen.insert(doc.article.id.clone()) || store.contains(&doc.article.id)? {
                    totals.skipped += 1;
                    continue;
                }
                words += doc.article.text.split_whitespace().count();
                batch.push(doc);
                if batch.len() >= batch_size {
                    flush(&mut batch, &mut totals)?;
                }
            }
        }
    }
    flush(&mut batch, &mut totals)?;
    if progress {
        eprintln!();
    }
    let secs = started.elapsed().as_secs_f64();
    eprintln!(
        "dyad: stored {} article{} ({} near-duplicate{} linked), {} event{}; {} already stored; \
         {} failed; {} words in {:.1}s ({:.0} words/s; annotating {:.1}s, storing {:.2}s) -> {}",
        totals.stored,
        plural(totals.stored),
        totals.duplicates,
        plural(totals.duplicates),
        totals.events,
        plural(totals.events),
        totals.skipped,
        totals.failed,
        words,
        secs,
        words as f64 / secs.max(1e-9),
        totals.annotate_secs,
        totals.store_secs,
        args.db.display()
    );
    Ok(if totals.failed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// Rows shown in a terminal table when no `--limit` is given.
const TABLE_LIMIT: usize = 100;

pub fn query(args: QueryArgs) -> anyhow::Result<ExitCode> {
    let store = Store::open_existing(&args.filters.db)?;
    let terminal = std::io::stdout().is_terminal();
    let format: Format = match &args.format {
        Some(f) => f.parse()?,
        None if terminal => Format::Table,
        None => Format::Jsonl,
    };
    let mut q = args.filters.query();
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let result = if let Some(period) = &args.aggregate {
        let period: Period = period.parse()?;
        let points = store.timeline(&q, period)?;
        dyad_store::output::write_timeline(&points, format, None, &mut out)
    } else if args.dyads {
        let dyads = store.dyads(&q)?;
        dyad_store::output::write_dyads(&dyads, format, None, &mut out)
    } else {
        let mut truncated = None;
        if format == Format::Table && q.limit.is_none() {
            let total = store.count_events(&q)?;
            if total > TABLE_LIMIT as i64 {
                truncated = Some(total);
                q.limit = Some(TABLE_LIMIT);
            }
        }
        let rows = store.events(&q)?;
        let written = dyad_store::output::write_events(&rows, format, None, &mut out);
        if let Some(total) = truncated {
            eprintln!("dyad: showing {TABLE_LIMIT} of {total}; use --limit N or --format csv");
        }
        written
    };
    match result
        .map_err(anyhow::Error::from)
        .and_then(|_| Ok(out.flush()?))
    {
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err(e) if is_broken_pipe(&e) => Ok(ExitCode::SUCCESS),
        Err(e) => Err(e),
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            || c.downcast_ref::<dyad_store::StoreError>().is_some_and(|s| {
                matches!(s, dyad_store::StoreError::Write(io)
                    if io.kind() == std::io::ErrorKind::BrokenPipe)
            })
    })
}

pub fn export(args: ExportArgs) -> anyhow::Result<ExitCode> {
    let format: ExportFormat = args.format.parse()?;
    let store = Store::open_existing(&args.filters.db)?;
    let q = args.filters.query();
    let n = match &args.output {
        Some(path) => export_to_file(&store, &q, format, args.header, path)?,
        None => {
            if format == ExportFormat::Parquet && std::io::stdout().is_terminal() {
                bail!("Parquet is binary: write it to a file with -o FILE.parquet");
            }
            let mut out = BufWriter::new(std::io::stdout());
            match dyad_store::export(&store, &q, format, args.header, &mut out)
                .map_err(anyhow::Error::from)
                .and_then(|n| Ok(out.flush().map(|_| n)?))
            {
                Ok(n) => n,
                Err(e) if is_broken_pipe(&e) => return Ok(ExitCode::SUCCESS),
                Err(e) => return Err(e),
            }
        }
    };
    let what = match format {
        ExportFormat::Gkg => "article",
        ExportFormat::GdeltEvents => "event",
        _ => "event mention",
    };
    eprintln!(
        "dyad: exported {n} {what}{}{}",
        plural(n),
        args.output
            .as_ref()
            .map(|p| format!(" to {}", p.display()))
            .unwrap_or_default()
    );
    Ok(ExitCode::SUCCESS)
}

/// Writes to a temporary file beside `path` and renames it into place, so an error or a kill
/// never leaves a truncated export behind.
fn export_to_file(
    store: &Store,
    q: &EventQuery,
    format: ExportFormat,
    header: bool,
    path: &Path,
) -> anyhow::Result<usize> {
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "export".into());
    let tmp = path.with_file_name(format!(".{file_name}.tmp-{}", std::process::id()));
    let result = (|| -> anyhow::Result<usize> {
        let file =
            File::create(&tmp).with_context(|| format!("cannot create {}", path.display()))?;
        let mut out = BufWriter::new(file);
        let n = dyad_store::export(store, q, format, header, &mut out)?;
        let file = out
            .into_inner()
            .map_err(|e| e.into_error())
            .with_context(|| format!("cannot write {}", path.display()))?;
        file.sync_all()?;
        std::fs::rename(&tmp, path).with_context(|| format!("cannot write {}", path.display()))?;
        Ok(n)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}
