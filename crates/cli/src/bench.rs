//! `dyad bench`: throughput of each stage on a documented corpus (the VOA stories in
//! `../shared/data/voa/` by default, repeated to at least `--min-tokens`), single-threaded and on
//! all cores, plus model load time and how end-to-end time grows with input size.
//!
//! Every stage is timed on the same documents through the same `Pipeline` the CLI and the server
//! use, so a figure here is what a user gets.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::Context;
use dyad_ingest::{Ingest, IngestOptions, Input};
use dyad_model::{Article, Doc};
use rayon::prelude::*;
use serde::Serialize;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub models: crate::models::ModelArgs,
    /// Corpus: any input `dyad annotate` reads (JSONL, text, HTML, directories…).
    #[arg(long, default_value = "../shared/data/voa/voa_stories.jsonl")]
    pub corpus: PathBuf,
    /// Repeat the corpus until it has at least this many tokens.
    #[arg(long, default_value_t = 1_000_000)]
    pub min_tokens: usize,
    /// Threads for the all-cores run (default: all cores).
    #[arg(long)]
    pub threads: Option<usize>,
    /// Also time end to end at 1×, 4× and 16× the corpus, single-threaded.
    #[arg(long)]
    pub scaling: bool,
    /// Time only the NLP stages (tokenize, tag, lemma, parse, NER), not the coder, the
    /// whole pipeline or the store.
    #[arg(long)]
    pub nlp_only: bool,
    /// Print the figures as JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

#[derive(Serialize)]
struct StageFigure {
    stage: String,
    threads: usize,
    docs: usize,
    tokens: usize,
    seconds: f64,
    docs_per_s: f64,
    tokens_per_s: f64,
    /// CPU time of the timing thread (single-threaded stages, Linux): on a shared machine
    /// this is what the stage costs one core, whatever else runs.
    #[serde(skip_serializing_if = "Option::is_none")]
    cpu_seconds: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    tokens_per_cpu_s: Option<f64>,
}

/// CPU time this thread has run, from `/proc/thread-self/schedstat` (nanoseconds, Linux).
fn thread_cpu() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = stat.split_whitespace().next()?.parse().ok()?;
    Some(ns * 1e-9)
}

/// Adds the CPU time since `start` (from [`thread_cpu`]) to the last stage pushed.
fn with_cpu(stages: &mut [StageFigure], start: Option<f64>) {
    if let (Some(last), Some(a), Some(b)) = (stages.last_mut(), start, thread_cpu()) {
        let cpu = (b - a).max(1e-9);
        last.cpu_seconds = Some(cpu);
        last.tokens_per_cpu_s = Some(last.tokens as f64 / cpu);
    }
}

#[derive(Serialize)]
struct Report {
    corpus: String,
    base_docs: usize,
    base_tokens: usize,
    repeats: usize,
    model_load_seconds: f64,
    stages: Vec<StageFigure>,
}

fn figure(stage: &str, threads: usize, docs: usize, tokens: usize, t: Duration) -> StageFigure {
    let s = t.as_secs_f64().max(1e-9);
    StageFigure {
        stage: stage.to_string(),
        threads,
        docs,
        tokens,
        seconds: s,
        docs_per_s: docs as f64 / s,
        tokens_per_s: tokens as f64 / s,
        cpu_seconds: None,
        tokens_per_cpu_s: None,
    }
}

fn read_corpus(path: &std::path::Path) -> anyhow::Result<Vec<Article>> {
    let mut articles = Vec::new();
    for record in Ingest::new([Input::Path(path.to_path_buf())], IngestOptions::default()) {
        match record {
            Ok(ingested) => articles.push(ingested.into_article()),
            Err(err) => eprintln!("dyad bench: skipping {err}"),
        }
    }
    if articles.is_empty() {
        anyhow::bail!("{}: no articles in the corpus", path.display());
    }
    Ok(articles)
}

fn token_count(docs: &[Doc]) -> usize {
    docs.iter().map(|d| d.tokens().count()).sum()
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let pipeline = args.models.pipeline()?;
    let model_load = started.elapsed();

    let t = Instant::now();
    let base = read_corpus(&args.corpus)?;
    let ingest_time = t.elapsed();

    // Tokenize once to learn the corpus size, then repeat it up to --min-tokens.
    let base_docs: Vec<Doc> = base.iter().cloned().map(tokenized).collect();
    let base_tokens = token_count(&base_docs).max(1);
    let repeats = args.min_tokens.div_ceil(base_tokens).max(1);
    let corpus: Vec<Article> = (0..repeats).flat_map(|_| base.iter().cloned()).collect();
    let n = corpus.len();
    let tokens = base_tokens * repeats;
    let mut stages = vec![figure(
        "ingest (read + extract)",
        1,
        base.len(),
        base_tokens,
        ingest_time,
    )];

    let cpu = thread_cpu();
    let t = Instant::now();
    let mut docs: Vec<Doc> = corpus.iter().cloned().map(tokenized).collect();
    stages.push(figure("tokenize + split", 1, n, tokens, t.elapsed()));
    with_cpu(&mut stages, cpu);

    if let Some(ud) = &pipeline.nlp.ud {
        let cpu = thread_cpu();
        let t = Instant::now();
        for doc in &mut docs {
            for s in &mut doc.sentences {
                ud.annotate(&mut s.tokens);
            }
        }
        stages.push(figure("tag + lemma + parse", 1, n, tokens, t.elapsed()));
        with_cpu(&mut stages, cpu);
        // The NLP core as one user-visible step: raw text in, parsed sentences out.
        let cpu = thread_cpu();
        let t = Instant::now();
        for article in &corpus {
            let mut doc = tokenized(article.clone());
            for s in &mut doc.sentences {
                ud.annotate(&mut s.tokens);
            }
            std::hint::black_box(&doc);
        }
        stages.push(figure("tokenize + tag + parse", 1, n, tokens, t.elapsed()));
        with_cpu(&mut stages, cpu);
    }
    if let Some(ner) = &pipeline.nlp.ner {
        let cpu = thread_cpu();
        let t = Instant::now();
        for doc in &mut docs {
            doc.entities = ner.entities(doc);
        }
        stages.push(figure("NER", 1, n, tokens, t.elapsed()));
        with_cpu(&mut stages, cpu);
    }
    if args.nlp_only {
        return finish(&args, &base, base_tokens, repeats, model_load, stages);
    }
    let cpu = thread_cpu();
    let t = Instant::now();
    for doc in &mut docs {
        pipeline.coder.code(doc);
    }
    stages.push(figure("coder (actors … events)", 1, n, tokens, t.elapsed()));
    with_cpu(&mut stages, cpu);

    let t = Instant::now();
    let one: Vec<Doc> = corpus
        .iter()
        .cloned()
        .map(|a| pipeline.annotate(a))
        .collect();
    stages.push(figure(
        "end to end (nlp + coder)",
        1,
        n,
        tokens,
        t.elapsed(),
    ));
    drop(one);

    let threads = args.threads.unwrap_or_else(rayon::current_num_threads);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .context("starting the thread pool")?;
    let t = Instant::now();
    let all: Vec<Doc> = pool.install(|| {
        corpus
            .par_iter()
            .cloned()
            .map(|a| pipeline.annotate(a))
            .collect()
    });
    stages.push(figure(
        "end to end (nlp + coder)",
        threads,
        n,
        tokens,
        t.elapsed(),
    ));

    // Store: the base corpus once (repeats would be skipped as already stored).
    let dir = tempfile::tempdir().context("temporary directory")?;
    let store = dyad_store::Store::open(dir.path().join("bench.db"))?;
    let t = Instant::now();
    for batch in all[..base.len().min(all.len())].chunks(64) {
        store.insert_docs(batch)?;
    }
    stages.push(figure(
        "store (SQLite insert)",
        1,
        base.len(),
        base_tokens,
        t.elapsed(),
    ));
    drop(all);

    if args.scaling {
        for factor in [1usize, 4, 16] {
            let input: Vec<Article> = (0..factor).flat_map(|_| base.iter().cloned()).collect();
            let t = Instant::now();
            for a in input {
                pipeline.annotate(a);
            }
            let label = format!("end to end, corpus ×{factor}");
            stages.push(figure(
                &label,
                1,
                base.len() * factor,
                base_tokens * factor,
                t.elapsed(),
            ));
        }
    }

    finish(&args, &base, base_tokens, repeats, model_load, stages)
}

fn finish(
    args: &Args,
    base: &[Article],
    base_tokens: usize,
    repeats: usize,
    model_load: Duration,
    stages: Vec<StageFigure>,
) -> anyhow::Result<ExitCode> {
    let report = Report {
        corpus: args.corpus.display().to_string(),
        base_docs: base.len(),
        base_tokens,
        repeats,
        model_load_seconds: model_load.as_secs_f64(),
        stages,
    };
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print_table(&report);
    }
    Ok(ExitCode::SUCCESS)
}

fn tokenized(article: Article) -> Doc {
    let mut doc = Doc::new(article);
    doc.sentences = dyad_nlp::tokenize::sentences(&doc.article.text);
    doc
}

fn print_table(r: &Report) {
    println!(
        "corpus: {} ({} docs, {} tokens) × {} = {} tokens; model load {:.3} s",
        r.corpus,
        r.base_docs,
        r.base_tokens,
        r.repeats,
        r.base_tokens * r.repeats,
        r.model_load_seconds
    );
    println!(
        "{:<30} {:>7} {:>9} {:>10} {:>12} {:>14} {:>9} {:>14}",
        "stage", "threads", "docs", "seconds", "docs/s", "tokens/s", "cpu s", "tokens/cpu-s"
    );
    for s in &r.stages {
        let (cpu, per_cpu) = match (s.cpu_seconds, s.tokens_per_cpu_s) {
            (Some(c), Some(p)) => (format!("{c:.3}"), format!("{p:.0}")),
            _ => ("-".to_string(), "-".to_string()),
        };
        println!(
            "{:<30} {:>7} {:>9} {:>10.3} {:>12.1} {:>14.0} {:>9} {:>14}",
            s.stage, s.threads, s.docs, s.seconds, s.docs_per_s, s.tokens_per_s, cpu, per_cpu
        );
    }
}
