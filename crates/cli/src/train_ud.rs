//! `dyad train ud`: trains the tagger, lemmatizer and parser on CoNLL-U treebanks and writes
//! one model file.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use dyad_model::conllu::{self, ConlluSentence};
use dyad_model::Token;
use dyad_nlp::train::{score_gold_tokens, train_ud, TrainOptions};

#[derive(clap::Args)]
pub struct Args {
    /// Training treebank(s) in CoNLL-U; repeat for several.
    #[arg(long = "train", required = true)]
    train: Vec<PathBuf>,
    /// Silver CoNLL-U (repeatable): trees from a stronger parser, e.g. `dyad annotate
    /// --accurate --format conllu` over raw news; they train the parser only, never the tagger
    /// or lemmatizer.
    #[arg(long)]
    silver: Vec<PathBuf>,
    /// Development CoNLL-U: accuracy is reported on it after each epoch (never trained on).
    #[arg(long)]
    dev: Option<PathBuf>,
    /// TSV of document ids to leave out (e.g. GUM_NC_documents.tsv: doc id in column 2).
    #[arg(long = "exclude-docs")]
    exclude_docs: Vec<PathBuf>,
    /// Epochs for tagger and parser (overridden by the specific options).
    #[arg(long, default_value_t = 10)]
    iterations: usize,
    #[arg(long)]
    tagger_iterations: Option<usize>,
    #[arg(long)]
    parser_iterations: Option<usize>,
    /// Parser training runs over differently shuffled data, averaged into one model (an
    /// ensemble at the speed of one parser; each run costs the parser's training time).
    #[arg(long, default_value_t = 1)]
    parser_runs: usize,
    /// Epochs of the separate whole-tree labeller (0 = keep the parser's own labels, which
    /// score better on EWT).
    #[arg(long, default_value_t = 0)]
    label_iterations: usize,
    /// Drop tagger weights below this magnitude (smaller, faster model).
    #[arg(long, default_value_t = 0.5)]
    prune_tagger: f32,
    /// Drop parser weights below this magnitude.
    #[arg(long, default_value_t = 1.5)]
    prune_parser: f32,
    /// Folds for jackknifed tags in parser training (0 = tag with the final tagger).
    #[arg(long, default_value_t = 4)]
    jackknife: usize,
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Train a parser that reads sentences right to left (a member for `--ensemble`).
    #[arg(long)]
    right_to_left: bool,
    /// Where to write the model (gzip binary, loadable with `dyad annotate --model`).
    #[arg(short = 'o', long = "output")]
    output: PathBuf,
}

/// The sentences of a treebank as tagger training reads them: GUM's non-commercial
/// documents, when a `GUM_NC_documents.tsv` lies beside the file, are left out.
pub(crate) fn read_tagger_treebank(path: &Path) -> anyhow::Result<Vec<Vec<Token>>> {
    let list = path.with_file_name("GUM_NC_documents.tsv");
    let excluded = if list.exists() {
        read_doc_ids(&list)?
    } else {
        HashSet::new()
    };
    let (kept, _) = exclude(read(path)?, &excluded);
    Ok(kept.into_iter().map(|s| s.words).collect())
}

/// Reads a CoNLL-U file, naming it in errors.
fn read(path: &Path) -> anyhow::Result<Vec<ConlluSentence>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    conllu::parse(&text).with_context(|| format!("{}", path.display()))
}

/// Document ids from a TSV whose second column is the id (`#` lines are comments).
fn read_doc_ids(path: &Path) -> anyhow::Result<HashSet<String>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    Ok(text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            cols.get(1).or(cols.first()).map(|s| s.trim().to_string())
        })
        .collect())
}

/// Drops sentences of excluded documents, matching `# newdoc id` or the `sent_id` prefix
/// (`GUM_essay_food-12` belongs to `GUM_essay_food`).
fn exclude(sents: Vec<ConlluSentence>, docs: &HashSet<String>) -> (Vec<ConlluSentence>, usize) {
    if docs.is_empty() {
        return (sents, 0);
    }
    let mut doc = String::new();
    let mut dropped = 0;
    let kept = sents
        .into_iter()
        .filter(|s| {
            if let Some(d) = &s.newdoc {
                doc = d.clone();
            }
            let by_id = s
                .sent_id
                .as_deref()
                .and_then(|id| id.rsplit_once('-'))
                .is_some_and(|(prefix, _)| docs.contains(prefix));
            let drop = docs.contains(&doc) || by_id;
            dropped += usize::from(drop);
            !drop
        })
        .collect();
    (kept, dropped)
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut excluded = HashSet::new();
    for p in &args.exclude_docs {
        excluded.extend(read_doc_ids(p)?);
    }
    let mut train: Vec<Vec<Token>> = Vec::new();
    for p in &args.train {
        let (kept, dropped) = exclude(read(p)?, &excluded);
        eprintln!(
            "{}: {} sentences ({} dropped as excluded documents)",
            p.display(),
            kept.len(),
            dropped
        );
        train.extend(kept.into_iter().map(|s| s.words));
    }
    let mut silver: Vec<Vec<Token>> = Vec::new();
    for p in &args.silver {
        let sents = read(p)?;
        eprintln!("{}: {} silver sentences", p.display(), sents.len());
        silver.extend(sents.into_iter().map(|s| s.words));
    }
    let silver_refs: Vec<&[Token]> = silver.iter().map(Vec::as_slice).collect();
    let dev: Vec<Vec<Token>> = match &args.dev {
        Some(p) => read(p)?.into_iter().map(|s| s.words).collect(),
        None => Vec::new(),
    };
    let train_refs: Vec<&[Token]> = train.iter().map(Vec::as_slice).collect();
    let dev_refs: Vec<&[Token]> = dev.iter().map(Vec::as_slice).collect();
    let opts = TrainOptions {
        tagger_iterations: args.tagger_iterations.unwrap_or(args.iterations),
        parser_iterations: args.parser_iterations.unwrap_or(args.iterations),
        parser_runs: args.parser_runs,
        label_iterations: args.label_iterations,
        jackknife: args.jackknife,
        seed: args.seed,
        right_to_left: args.right_to_left,
    };
    let mut model = train_ud(&train_refs, &silver_refs, &dev_refs, &opts, |line| {
        eprintln!("{line}")
    });
    model.prune(args.prune_tagger, args.prune_parser, args.prune_parser);
    eprintln!("after pruning: {}", model.stats());
    let bytes = model.to_bytes()?;
    std::fs::write(&args.output, &bytes)
        .with_context(|| format!("writing {}", args.output.display()))?;
    eprintln!(
        "wrote {} ({:.1} MB)",
        args.output.display(),
        bytes.len() as f64 / 1e6
    );
    if !dev_refs.is_empty() {
        let s = score_gold_tokens(&model, &dev_refs);
        println!(
            "dev (gold tokens, {} words): UPOS {:.2} XPOS {:.2} lemma {:.2} feats {:.2} UAS {:.2} LAS {:.2}",
            s.words, s.upos, s.xpos, s.lemma, s.feats, s.uas, s.las
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// `dyad train ensemble`: one model file whose parsers vote.
#[derive(clap::Args)]
pub struct EnsembleArgs {
    /// The model whose tagger, lemmatizer and first parser are kept.
    #[arg(long)]
    model: PathBuf,
    /// A model (trained on the same treebanks) whose parsers join the vote, or a members file;
    /// repeat for more.
    #[arg(long = "member", required = true)]
    members: Vec<PathBuf>,
    /// Drop the members' weights below this magnitude (smaller file; 0 keeps them all).
    #[arg(long, default_value_t = 0.0)]
    prune_members: f32,
    /// Write only the members' parsers (a file `--accurate` style loading adds to the model).
    #[arg(long)]
    members_only: bool,
    /// Leave out the member parser at this position (0-based, counting the parsers of every
    /// `--member` in order); repeat for more. Replaces a member without retraining the others.
    #[arg(long = "drop-member")]
    drop_members: Vec<usize>,
    /// Where to write the combined model.
    #[arg(short = 'o', long = "output")]
    output: PathBuf,
}

pub fn run_ensemble(args: EnsembleArgs) -> anyhow::Result<ExitCode> {
    let mut model = dyad_nlp::UdModel::load(&args.model)?;
    let mut position = 0;
    for path in &args.members {
        for mut parser in dyad_nlp::model::load_parsers(path)? {
            position += 1;
            if args.drop_members.contains(&(position - 1)) {
                continue;
            }
            parser.prune(args.prune_members);
            if !parser.shares_labels(&model.parser) {
                anyhow::bail!(
                    "{}: its parser's relation labels are not those of {} (train members on the same treebanks)",
                    path.display(),
                    args.model.display()
                );
            }
            model.ensemble.push(parser);
        }
    }
    if let Some(&k) = args.drop_members.iter().find(|&&k| k >= position) {
        anyhow::bail!(
            "--drop-member {k}: the members have only {position} parsers (0 to {})",
            position.saturating_sub(1)
        );
    }
    let bytes = if args.members_only {
        model.members_to_bytes()?
    } else {
        model.to_bytes()?
    };
    std::fs::write(&args.output, &bytes)
        .with_context(|| format!("writing {}", args.output.display()))?;
    eprintln!(
        "wrote {} ({:.1} MB, {} parsers)",
        args.output.display(),
        bytes.len() as f64 / 1e6,
        model.ensemble.len() + usize::from(!args.members_only)
    );
    Ok(ExitCode::SUCCESS)
}
