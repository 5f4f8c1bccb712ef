//! `dyad eval ud`: scores tokenization, sentence splitting, tagging, lemmas and the parse against
//! gold CoNLL-U with the CoNLL 2018 shared task metrics.
//!
//! Without `--raw` the gold tokens and sentences are kept (annotation cleared) and the model
//! predicts the rest; with `--raw` everything starts from the text reconstructed from the gold
//! file (`# newpar`/`# newdoc` become blank lines), so tokenizer and splitter are scored too.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use dyad_model::{conllu, Article, Doc, Sentence};
use dyad_nlp::{ud_eval, Nlp};

#[derive(clap::Args)]
pub struct Args {
    /// Gold CoNLL-U file.
    #[arg(long)]
    pub gold: PathBuf,
    /// Start from raw text (score tokenization and sentence splitting too).
    #[arg(long)]
    pub raw: bool,
    /// UD model file written by `dyad train ud` (default: the model shipped in the binary).
    #[arg(long)]
    pub model: Option<PathBuf>,
    /// Add the shipped ensemble members, so seven parsers vote (as `annotate --accurate`).
    #[arg(long)]
    pub accurate: bool,
    /// Print the scores as JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let input = std::fs::read_to_string(&args.gold)
        .with_context(|| format!("reading {}", args.gold.display()))?;
    let parsed =
        conllu::parse(&input).with_context(|| format!("parsing {}", args.gold.display()))?;
    if parsed.is_empty() {
        anyhow::bail!("{}: no sentences", args.gold.display());
    }
    let mut nlp = match &args.model {
        Some(path) => Nlp::load(path)?,
        None => Nlp::load_default()?,
    };
    if args.accurate {
        nlp.add_default_members()?;
    }
    let mut gold_all: Vec<Sentence> = Vec::new();
    let mut system_all: Vec<Sentence> = Vec::new();
    for document in conllu::split_documents(parsed) {
        let (text, gold) = conllu::assemble(&document);
        let mut doc = Doc::new(Article {
            text,
            language: "en".into(),
            ..Article::default()
        });
        if !args.raw {
            doc.sentences = gold.iter().map(without_annotation).collect();
        }
        nlp.annotate(&mut doc);
        gold_all.extend(gold);
        system_all.extend(doc.sentences);
    }
    let scores = ud_eval::evaluate(&gold_all, &system_all)
        .with_context(|| format!("scoring against {}", args.gold.display()))?;
    if args.json {
        let metrics: serde_json::Map<String, serde_json::Value> = scores
            .metrics
            .iter()
            .map(|(name, s)| {
                (
                    name.clone(),
                    serde_json::json!({
                        "gold": s.gold,
                        "system": s.system,
                        "correct": s.correct,
                        "precision": round(100.0 * s.precision()),
                        "recall": round(100.0 * s.recall()),
                        "f1": round(100.0 * s.f1()),
                        "aligned_accuracy": s.aligned_accuracy().map(|a| round(100.0 * a)),
                    }),
                )
            })
            .collect();
        let out = serde_json::json!({
            "gold": args.gold.display().to_string(),
            "raw": args.raw,
            "metrics": metrics,
        });
        println!("{}", serde_json::to_string_pretty(&out)?);
    } else {
        print!("{}", ud_eval::format_table(&scores));
    }
    Ok(ExitCode::SUCCESS)
}

fn round(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// The gold sentence with only its tokenization left (forms, spans, spacing, multiword tokens).
pub(crate) fn without_annotation(s: &Sentence) -> Sentence {
    let mut s = s.clone();
    for t in &mut s.tokens {
        t.lemma.clear();
        t.upos.clear();
        t.xpos.clear();
        t.feats.clear();
        t.head = 0;
        t.deprel.clear();
    }
    s
}
