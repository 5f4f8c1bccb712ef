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

    let t = Instant::now();
    let mut docs: Vec<Doc> = corpus.iter().cloned().map(tokenized).collect();
    stages.push(figure("tokenize + split", 1, n, tokens, t.elapsed()));

    if let Some(ud) = &pipeline.nlp.ud {
        let t = Instant::now();
        for doc in &mut docs {
            for s in &mut doc.sentences {
                ud.annotate(&mut s.tokens);
            }
        }
        stages.push(figure("tag + lemma + parse", 1, n, tokens, t.elapsed()));
    }
    if let Some(ner) = &pipeline.nlp.ner {
        let t = Instant::now();
        for doc in &mut docs {
            doc.entities = ner.entities(doc);
        }
        stages.push(figure("NER", 1, n, tokens, t.elapsed()));
    }
    let t = Instant::now();
    for doc in &mut docs {
        pipeline.coder.code(doc);
    }
    stages.push(figure("coder (actors … events)", 1, n, tokens, t.elapsed()));

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
        "{:<30} {:>7} {:>9} {:>10} {:>12} {:>14}",
        "stage", "threads", "docs", "seconds", "docs/s", "tokens/s"
    );
    for s in &r.stages {
        println!(
            "{:<30} {:>7} {:>9} {:>10.3} {:>12.1} {:>14.0}",
            s.stage, s.threads, s.docs, s.seconds, s.docs_per_s, s.tokens_per_s
        );
    }
}
