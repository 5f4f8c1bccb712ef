//! `dyad annotate`: articles in (text, HTML, JSONL, feeds, WARC, CoNLL-U; files, directories,
//! stdin), annotated documents out (JSONL, a JSON array, or CoNLL-U). Nothing is stored.
//!
//! Bad inputs never stop the batch: each gets one `dyad: error: <input>: <reason>` line on
//! stderr, the rest is annotated, a summary follows, and the exit status is non-zero.

use std::fs::File;
use std::io::{BufWriter, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context};
use dyad_ingest::{Ingest, IngestOptions, Ingested, Input, InputKind};
use dyad_model::Doc;
use dyad_pipeline::Pipeline;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;

#[derive(clap::Args)]
pub struct AnnotateArgs {
    #[command(flatten)]
    pub models: crate::models::ModelArgs,
    /// Files, directories (read recursively, hidden files skipped) or `-` for stdin.
    pub inputs: Vec<String>,
    /// Input kind; `auto` decides by extension and content (gzip is always detected).
    #[arg(long = "input", value_name = "KIND", default_value = "auto",
          value_parser = parse_kind)]
    pub input: InputKind,
    /// Output format: one JSON document per line, a pretty JSON array, or CoNLL-U.
    #[arg(long, value_enum, default_value_t = OutputFormat::Jsonl)]
    pub format: OutputFormat,
    /// Publication date (YYYY-MM-DD) for documents whose input has none; relative dates
    /// ("on Monday") are resolved against it.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_day)]
    pub date: Option<String>,
    /// Write the output to FILE instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Largest document (or JSONL line, or WARC record) accepted, in MB.
    #[arg(long, value_name = "MB", default_value_t = 20)]
    pub max_document_mb: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    Jsonl,
    Json,
    Conllu,
}

pub(crate) fn parse_kind(s: &str) -> Result<InputKind, String> {
    s.parse()
}

pub(crate) fn parse_day(s: &str) -> Result<String, String> {
    match dyad_ingest::normalize_date(s) {
        Some(d) if d.len() == 10 && d == s.trim() => Ok(d),
        _ => Err(format!("{s:?} is not a date in the form YYYY-MM-DD")),
    }
}

/// The inputs named on the command line, or stdin when none is named and it is not a terminal;
/// `examples` shows how to name them.
pub(crate) fn inputs(args: &[String], examples: &str) -> anyhow::Result<Vec<Input>> {
    if !args.is_empty() {
        return Ok(args.iter().map(|a| Input::from_arg(a)).collect());
    }
    if std::io::stdin().is_terminal() {
        bail!("no input given. Name files or directories, or `-` to read stdin, e.g.\n{examples}");
    }
    Ok(vec![Input::Stdin])
}

/// `--input` and `--max-document-mb` as ingest options.
pub(crate) fn ingest_options(kind: InputKind, max_document_mb: usize) -> IngestOptions {
    IngestOptions {
        kind,
        max_document_bytes: max_document_mb.max(1).saturating_mul(1024 * 1024),
    }
}

pub fn run(args: AnnotateArgs) -> anyhow::Result<ExitCode> {
    let inputs = inputs(
        &args.inputs,
        "  dyad annotate examples/article.txt\n  \
         curl -s https://example.org/story.html | dyad annotate -",
    )?;
    let pipeline = args.models.pipeline()?;
    let out: Box<dyn Write> = match &args.output {
        Some(path) => Box::new(BufWriter::new(
            File::create(path).with_context(|| format!("cannot create {}", path.display()))?,
        )),
        None => Box::new(BufWriter::new(std::io::stdout().lock())),
    };
    let mut ingest = Ingest::new(inputs, ingest_options(args.input, args.max_document_mb));
    let mut sink = Sink {
        pipeline: &pipeline,
        out,
        writer: DocWriter::new(args.format),
        report: Reporter::new(std::io::stderr().is_terminal()),
        annotated: 0,
        failed: 0,
    };
    let batch_size = (rayon::current_num_threads() * 4).max(8);
    let mut batch: Vec<Ingested> = Vec::with_capacity(batch_size);
    let mut written: std::io::Result<()> = Ok(());
    for item in &mut ingest {
        match item {
            Err(e) => sink.fail(&e.to_string()),
            Ok(mut ingested) => {
                let article = &mut ingested.doc.article;
                let source = article.source.clone().unwrap_or_else(|| "input".into());
                for w in &ingested.warnings {
                    sink.report.warning(&format!("{source}: {w}"));
                }
                if article.published.is_none() {
                    article.published = args.date.clone();
                }
                batch.push(ingested);
                sink.report.seen();
            }
        }
        if batch.len() >= batch_size {
            written = sink.annotate(std::mem::take(&mut batch));
            if written.is_err() {
                break;
            }
        }
    }
    if written.is_ok() {
        written = sink.annotate(batch).and_then(|_| sink.finish());
    }
    sink.report.finish();
    if let Err(e) = written {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            return Ok(ExitCode::SUCCESS); // the reader (`| head`) has what it wanted
        }
        let target = args
            .output
            .as_ref()
            .map_or("stdout".to_string(), |p| p.display().to_string());
        return Err(e).with_context(|| format!("cannot write to {target}"));
    }
    let (annotated, failed, inputs) = (sink.annotated, sink.failed, ingest.inputs_read());
    eprintln!(
        "dyad: {annotated} document{} from {inputs} input{}, {failed} failed",
        plural(annotated),
        plural(inputs)
    );
    Ok(if failed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// Where annotated documents go, with the counts for the summary.
struct Sink<'p> {
    pipeline: &'p Pipeline,
    out: Box<dyn Write>,
    writer: DocWriter,
    report: Reporter,
    annotated: usize,
    failed: usize,
}

impl Sink<'_> {
    fn fail(&mut self, message: &str) {
        self.failed += 1;
        self.report.error(message);
    }

    /// Annotates a batch in parallel and writes it in input order.
    fn annotate(&mut self, batch: Vec<Ingested>) -> std::io::Result<()> {
        let pipeline = self.pipeline;
        let docs: Vec<Result<Doc, String>> = batch
            .into_par_iter()
            .map(|ingested| pipeline.annotate_guarded(ingested.doc))
            .collect();
        for doc in docs {
            match doc {
                Ok(doc) => {
                    self.writer.write(&mut self.out, &doc)?;
                    self.annotated += 1;
                    self.report.document();
                }
                Err(message) => self.fail(&message),
            }
        }
        Ok(())
    }

    fn finish(&mut self) -> std::io::Result<()> {
        self.writer.finish(&mut self.out)?;
        self.out.flush()
    }
}

pub(crate) fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// Writes documents in the chosen format, streaming (a JSON array is opened and closed).
struct DocWriter {
    format: OutputFormat,
    written: usize,
}

impl DocWriter {
    fn new(format: OutputFormat) -> Self {
        DocWriter { format, written: 0 }
    }

    fn write(&mut self, out: &mut dyn Write, doc: &Doc) -> std::io::Result<()> {
        match self.format {
            OutputFormat::Jsonl => {
                serde_json::to_writer(&mut *out, doc)?;
                out.write_all(b"\n")?;
            }
            OutputFormat::Json => {
                out.write_all(if self.written == 0 { b"[\n" } else { b",\n" })?;
                serde_json::to_writer_pretty(&mut *out, doc)?;
            }
            OutputFormat::Conllu => {
                out.write_all(dyad_model::conllu::write(doc).as_bytes())?;
            }
        }
        self.written += 1;
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write) -> std::io::Result<()> {
        if self.format == OutputFormat::Json {
            out.write_all(if self.written == 0 { b"[]\n" } else { b"\n]\n" })?;
        }
        Ok(())
    }
}

/// Errors, warnings and (on a terminal, for more than one document) a progress bar on stderr.
struct Reporter {
    terminal: bool,
    seen: usize,
    bar: Option<ProgressBar>,
}

impl Reporter {
    fn new(terminal: bool) -> Self {
        Reporter {
            terminal,
            seen: 0,
            bar: None,
        }
    }

    /// A document was read; the bar appears once there is more than one.
    fn seen(&mut self) {
        self.seen += 1;
        if self.terminal && self.seen == 2 && self.bar.is_none() {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            if let Ok(style) = ProgressStyle::with_template(
                "{spinner} {pos} documents annotated [{elapsed_precise}, {per_sec}]",
            ) {
                bar.set_style(style);
            }
            bar.enable_steady_tick(std::time::Duration::from_millis(200));
            self.bar = Some(bar);
        }
    }

    fn document(&mut self) {
        if let Some(bar) = &self.bar {
            bar.inc(1);
        }
    }

    fn error(&mut self, message: &str) {
        self.print(&format!("dyad: error: {message}"));
    }

    fn warning(&mut self, message: &str) {
        self.print(&format!("dyad: warning: {message}"));
    }

    fn print(&self, line: &str) {
        match &self.bar {
            Some(bar) => bar.suspend(|| eprintln!("{line}")),
            None => eprintln!("{line}"),
        }
    }

    fn finish(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }
}
