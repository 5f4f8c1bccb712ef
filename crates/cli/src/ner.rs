//! `dyad train ner` / `dyad eval ner`: the named entity model.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use dyad_nlp::ner::{self, NerModel, NerSentence, TrainOptions};

#[derive(clap::Args)]
pub struct TrainArgs {
    /// Training files: UNER `.iob2`, CoNLL-style `word … tag` columns, or GUM CoNLL-U with
    /// `Entity=` annotations. Repeat or list several.
    #[arg(long, required = true, num_args = 1..)]
    train: Vec<PathBuf>,
    /// Gold file scored after each epoch (monitoring only; never trained on).
    #[arg(long)]
    dev: Option<PathBuf>,
    /// Where to write the model (gzip; ship it as crates/nlp/models/ner.bin.gz).
    #[arg(short, long)]
    output: PathBuf,
    #[arg(long, default_value_t = 10)]
    epochs: usize,
    /// Features seen fewer times than this are not learned.
    #[arg(long, default_value_t = 2)]
    min_count: u32,
    /// Learn UPOS features, tagging every sentence with the built-in UD tagger (as the
    /// pipeline does at run time); evaluation then tags gold sentences the same way.
    #[arg(long)]
    tags: bool,
    /// CoNLL-U treebanks the built-in tagger was trained on (EWT and GUM train; GUM's
    /// non-commercial documents, listed beside the file, are left out as in training): NER
    /// training sentences found in them get tags from taggers trained without them, so the tag
    /// features learn from tagging errors like those at run time. Needs `--tags`.
    #[arg(long, requires = "tags")]
    jackknife: Vec<PathBuf>,
    /// Folds for `--jackknife`.
    #[arg(long, default_value_t = 4)]
    jackknife_folds: usize,
    /// Seed of the training order, word dropout and lower-cased copies.
    #[arg(long, default_value_t = TrainOptions::default().seed)]
    seed: u64,
    /// Models trained on differently shuffled data, averaged into one.
    #[arg(long, default_value_t = TrainOptions::default().runs)]
    runs: usize,
    /// Probability of hiding a word's identity features in one training pass.
    #[arg(long, default_value_t = TrainOptions::default().word_dropout)]
    word_dropout: f64,
    /// Share (0–1) of what only the first training file teaches that the model keeps; the
    /// rest of the weights are what all the files agree on.
    #[arg(long, default_value_t = TrainOptions::default().target_share)]
    target_share: f32,
    /// How much the gold tags must outscore the others per word before a sentence stops
    /// teaching (0: the plain perceptron).
    #[arg(long, default_value_t = TrainOptions::default().margin)]
    margin: f32,
    /// `CORPUS=SHARE` (repeatable): share (0–1) of what another training corpus teaches alone
    /// that the model keeps, as `--target-share` does for the first file. CORPUS is the name of
    /// the directory holding its files (`UD_English-GUM`, `wikigold`, `CrossNER-politics`).
    #[arg(long = "domain-share", value_parser = parse_domain_share)]
    domain_shares: Vec<(String, f32)>,
}

/// Reads `CORPUS=SHARE` of `--domain-share`.
fn parse_domain_share(arg: &str) -> Result<(String, f32), String> {
    let (corpus, share) = arg
        .split_once('=')
        .ok_or_else(|| format!("'{arg}' is not CORPUS=SHARE"))?;
    let share: f32 = share
        .parse()
        .map_err(|_| format!("'{share}' in '{arg}' is not a number"))?;
    if corpus.is_empty() || !(0.0..=1.0).contains(&share) {
        return Err(format!(
            "'{arg}' needs a corpus name and a share from 0 to 1"
        ));
    }
    Ok((corpus.to_string(), share))
}

#[derive(clap::Args)]
pub struct EvalArgs {
    /// Gold file (UNER `.iob2` or another supported format).
    #[arg(long)]
    gold: PathBuf,
    /// Model file; the model built into dyad by default.
    #[arg(long)]
    model: Option<PathBuf>,
    /// Print the scores as JSON.
    #[arg(long)]
    json: bool,
    /// Also list every missed (`-`) and wrongly found (`+`) entity with its sentence, on stderr.
    #[arg(long)]
    errors: bool,
}

/// Epochs of each jackknifed tagger (the parser's jackknife uses at most 8 as well).
const JACKKNIFE_TAGGER_EPOCHS: usize = 8;

fn read(path: &std::path::Path) -> anyhow::Result<Vec<NerSentence>> {
    let sentences = ner::read_file(path)?;
    if sentences.is_empty() {
        anyhow::bail!("{}: no sentences found", path.display());
    }
    Ok(sentences)
}

/// The built-in UD model, whose tagger supplies the UPOS features.
fn ud_model() -> anyhow::Result<dyad_nlp::UdModel> {
    dyad_nlp::Nlp::load_default()?
        .ud
        .context("the built-in UD model is missing; tag features need it")
}

pub fn train(args: TrainArgs) -> anyhow::Result<ExitCode> {
    let mut data = Vec::new();
    for path in &args.train {
        let sentences = read(path)?;
        let entities: usize = sentences.iter().map(|s| s.spans.len()).sum();
        eprintln!(
            "{}: {} sentences, {entities} entities",
            path.display(),
            sentences.len()
        );
        data.extend(sentences);
    }
    for (corpus, _) in &args.domain_shares {
        // The first file's corpus is the target, whose share is --target-share.
        let trained = data.first().is_some_and(|s| &s.source != corpus)
            && data.iter().any(|s| &s.source == corpus);
        if !trained {
            anyhow::bail!(
                "--domain-share {corpus}: no --train file after the first comes from a directory named {corpus}"
            );
        }
    }
    let mut dev = match &args.dev {
        Some(p) => read(p)?,
        None => Vec::new(),
    };
    if args.tags {
        let ud = ud_model()?;
        eprintln!("tagging with the built-in UD tagger");
        ner::tag_sentences(&ud, &mut data);
        ner::tag_sentences(&ud, &mut dev);
        if !args.jackknife.is_empty() {
            let mut treebank = Vec::new();
            for p in &args.jackknife {
                treebank.extend(crate::train_ud::read_tagger_treebank(p)?);
            }
            let refs: Vec<&[dyad_model::Token]> = treebank.iter().map(Vec::as_slice).collect();
            let n = ner::jackknife_tag_sentences(
                &refs,
                args.jackknife_folds,
                JACKKNIFE_TAGGER_EPOCHS,
                &mut data,
                |msg| eprintln!("{msg}"),
            );
            eprintln!(
                "{n} of {} training sentences tagged by jackknifed taggers",
                data.len()
            );
        }
    }
    let opts = TrainOptions {
        epochs: args.epochs,
        min_count: args.min_count,
        use_tags: args.tags,
        seed: args.seed,
        runs: args.runs,
        word_dropout: args.word_dropout,
        target_share: args.target_share,
        margin: args.margin,
        domain_shares: args.domain_shares,
        ..TrainOptions::default()
    };
    let model = ner::train(&data, &dev, &opts, |msg| eprintln!("{msg}"));
    model
        .save(&args.output)
        .with_context(|| format!("writing {}", args.output.display()))?;
    let size = std::fs::metadata(&args.output)
        .map(|m| m.len())
        .unwrap_or(0);
    eprintln!(
        "wrote {} ({} features, {:.1} MB)",
        args.output.display(),
        model.feature_count(),
        size as f64 / 1e6
    );
    if !dev.is_empty() {
        let s = ner::evaluate(&model, &dev);
        eprintln!("dev F1 {:.2}", 100.0 * s.total().f1());
    }
    Ok(ExitCode::SUCCESS)
}

pub fn eval(args: EvalArgs) -> anyhow::Result<ExitCode> {
    let model = match &args.model {
        Some(p) => NerModel::load(p)?,
        None => NerModel::load_default()?,
    };
    let mut gold = read(&args.gold)?;
    if model.uses_tags() {
        ner::tag_sentences(&ud_model()?, &mut gold);
    }
    let scores = ner::evaluate(&model, &gold);
    if args.errors {
        print_errors(&model, &gold);
    }
    let rows: Vec<(&str, ner::Counts)> = ner::Label::PUBLIC
        .iter()
        .map(|l| (l.as_str(), scores.per_label[l.index()]))
        .chain(std::iter::once(("ALL", scores.total())))
        .collect();
    if args.json {
        let obj: serde_json::Map<String, serde_json::Value> = rows
            .iter()
            .map(|(name, c)| {
                (
                    name.to_string(),
                    serde_json::json!({
                        "precision": c.precision(), "recall": c.recall(), "f1": c.f1(),
                        "tp": c.tp, "fp": c.fp, "fn": c.fn_,
                    }),
                )
            })
            .collect();
        println!("{}", serde_json::Value::Object(obj));
    } else {
        println!(
            "{}: {} sentences, exact-span entity scores",
            args.gold.display(),
            gold.len()
        );
        println!(
            "{:<5} {:>9} {:>9} {:>9} {:>6} {:>6} {:>6}",
            "label", "precision", "recall", "F1", "tp", "fp", "fn"
        );
        for (name, c) in rows {
            println!(
                "{:<5} {:>9.2} {:>9.2} {:>9.2} {:>6} {:>6} {:>6}",
                name,
                100.0 * c.precision(),
                100.0 * c.recall(),
                100.0 * c.f1(),
                c.tp,
                c.fp,
                c.fn_
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// One line per entity the model missed or invented: `-`/`+`, label, words, then the sentence.
fn print_errors(model: &NerModel, gold: &[NerSentence]) {
    for doc in gold.chunk_by(|a, b| a.doc == b.doc) {
        for (s, pred) in doc.iter().zip(ner::predict_gold_document(model, doc)) {
            let text = s.words.join(" ");
            let missed = s
                .spans
                .iter()
                .filter(|g| !pred.contains(g))
                .map(|g| ('-', g));
            let invented = pred
                .iter()
                .filter(|p| !s.spans.contains(p))
                .map(|p| ('+', p));
            for (sign, span) in missed.chain(invented) {
                eprintln!(
                    "{sign} {:<3} {:<30} | {text}",
                    span.label.as_str(),
                    s.words[span.start..span.end].join(" ")
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::parse_domain_share;

    #[test]
    fn a_domain_share_names_a_corpus_and_a_share_from_zero_to_one() {
        assert_eq!(
            parse_domain_share("UD_English-GUM=0.2"),
            Ok(("UD_English-GUM".to_string(), 0.2))
        );
        for bad in ["UD_English-GUM", "=0.2", "wikigold=1.5", "wikigold=half"] {
            let err = parse_domain_share(bad).expect_err(bad);
            assert!(err.contains(bad), "{err}");
        }
    }
}
