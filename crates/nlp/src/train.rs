//! Training the UD pipeline (tagger, lemmatizer, parser) from gold CoNLL-U sentences.
//!
//! The parser is trained on tags predicted by jackknifing (k taggers, each tagging the fold it
//! did not see), so at training time it sees tagging errors like those it meets on new text.

use dyad_model::Token;

use crate::features::hash_str;
use crate::lemma::Lemmatizer;
use crate::model::UdModel;
use crate::parser::{GoldTree, ParseInput, Parser, ParserOptions};
use crate::tagger::{Tagger, WordInfo};

/// Small deterministic PRNG (xorshift64*) for shuffling and exploration.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    pub fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next_u64() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}

/// Training settings.
pub struct TrainOptions {
    pub tagger_iterations: usize,
    pub parser_iterations: usize,
    /// Parser training runs (differently shuffled) whose weights are averaged.
    pub parser_runs: usize,
    pub label_iterations: usize,
    /// Folds for jackknifed parser training tags; 0 or 1 tags the training data with the final
    /// tagger instead (faster, slightly optimistic tags).
    pub jackknife: usize,
    pub seed: u64,
    /// Train a right-to-left parser (an ensemble member).
    pub right_to_left: bool,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            tagger_iterations: 10,
            parser_iterations: 12,
            parser_runs: 1,
            label_iterations: 8,
            jackknife: 4,
            seed: 1,
            right_to_left: false,
        }
    }
}

/// The tag value parser features use for a joint tag: independent of tag id order, so
/// jackknifed taggers and the final one agree.
pub fn tag_value(upos: &str, xpos: &str) -> u64 {
    hash_str(upos) ^ hash_str(xpos).rotate_left(17)
}

fn words(s: &[Token]) -> Vec<WordInfo> {
    s.iter().map(|t| WordInfo::new(&t.form)).collect()
}

/// Predicted (upos, xpos) tag values for each sentence, via `tagger`.
fn tag_values(tagger: &Tagger, sents: &[&[Token]]) -> Vec<Vec<u64>> {
    sents
        .iter()
        .map(|s| {
            tagger
                .tag(&words(s))
                .into_iter()
                .map(|t| tag_value(tagger.upos(t), tagger.xpos(t)))
                .collect()
        })
        .collect()
}

fn gold_trees(sents: &[&[Token]], tags: Vec<Vec<u64>>) -> Vec<GoldTree> {
    sents
        .iter()
        .zip(tags)
        .map(|(s, t)| {
            let lower = s.iter().map(|w| WordInfo::new(&w.form).lower);
            let mut heads = vec![0u32];
            heads.extend(s.iter().map(|w| w.head));
            let mut labels = vec![String::new()];
            labels.extend(s.iter().map(|w| w.deprel.clone()));
            GoldTree {
                input: ParseInput::new(lower, t),
                heads,
                labels,
            }
        })
        .collect()
}

/// A sentence is usable for parser training when every word has a head inside it and
/// exactly one word is the root.
fn well_formed(s: &[Token]) -> bool {
    let n = s.len() as u32;
    s.iter()
        .all(|t| t.head <= n && t.head != t.id && !t.deprel.is_empty())
        && s.iter().filter(|t| t.head == 0).count() == 1
}

/// Trains tagger, lemmatizer and parser; `log` receives progress lines.
///
/// `silver` sentences (trees from a stronger parser, e.g. the voting ensemble over raw news)
/// train only the parser, with the final tagger's tags: the tagger and lemmatizer learn from
/// gold annotation alone, while the single fast parser learns the ensemble's decisions on text
/// the treebanks lack ("uptraining", Petrov et al. 2010).
pub fn train_ud(
    train: &[&[Token]],
    silver: &[&[Token]],
    dev: &[&[Token]],
    opts: &TrainOptions,
    mut log: impl FnMut(String),
) -> UdModel {
    let start = std::time::Instant::now();
    let elapsed = move || start.elapsed().as_secs_f64();
    log(format!(
        "training on {} sentences, {} words; dev {} sentences",
        train.len(),
        train.iter().map(|s| s.len()).sum::<usize>(),
        dev.len()
    ));
    let lemmatizer = Lemmatizer::train(train);
    log(format!("lemmatizer done ({:.0}s)", elapsed()));
    let tagger = Tagger::train(
        train,
        dev,
        opts.tagger_iterations,
        opts.seed,
        |epoch, u, x| {
            log(format!(
                "tagger epoch {epoch}: dev UPOS {u:.2} XPOS {x:.2} ({:.0}s)",
                elapsed()
            ))
        },
    );
    let parse_train: Vec<&[Token]> = train.iter().copied().filter(|s| well_formed(s)).collect();
    let parse_dev: Vec<&[Token]> = dev.iter().copied().filter(|s| well_formed(s)).collect();
    let train_tags = if opts.jackknife >= 2 {
        let k = opts.jackknife;
        let mut tags: Vec<Vec<u64>> = vec![Vec::new(); parse_train.len()];
        for fold in 0..k {
            let rest: Vec<&[Token]> = parse_train
                .iter()
                .enumerate()
                .filter(|(i, _)| i % k != fold)
                .map(|(_, s)| *s)
                .collect();
            let held: Vec<usize> = (0..parse_train.len()).filter(|i| i % k == fold).collect();
            let t = Tagger::train(
                &rest,
                &[],
                opts.tagger_iterations.min(8),
                opts.seed + fold as u64,
                |_, _, _| {},
            );
            let held_sents: Vec<&[Token]> = held.iter().map(|&i| parse_train[i]).collect();
            for (i, v) in held.into_iter().zip(tag_values(&t, &held_sents)) {
                tags[i] = v;
            }
            log(format!(
                "jackknife fold {}/{k} tagged ({:.0}s)",
                fold + 1,
                elapsed()
            ));
        }
        tags
    } else {
        tag_values(&tagger, &parse_train)
    };
    let mut gold_train = gold_trees(&parse_train, train_tags);
    let silver: Vec<&[Token]> = silver.iter().copied().filter(|s| well_formed(s)).collect();
    if !silver.is_empty() {
        gold_train.extend(gold_trees(&silver, tag_values(&tagger, &silver)));
        log(format!(
            "parser also trains on {} silver sentences, {} words",
            silver.len(),
            silver.iter().map(|s| s.len()).sum::<usize>()
        ));
    }
    let gold_dev = gold_trees(&parse_dev, tag_values(&tagger, &parse_dev));
    let parser = Parser::train(
        &gold_train,
        &gold_dev,
        &ParserOptions {
            iterations: opts.parser_iterations,
            right_to_left: opts.right_to_left,
            runs: opts.parser_runs,
            label_iterations: opts.label_iterations,
            seed: opts.seed,
        },
        |what, epoch, uas, las| {
            log(format!(
                "parser {what} epoch {epoch}: dev UAS {uas:.2} LAS {las:.2} ({:.0}s)",
                elapsed()
            ))
        },
    );
    log(format!("training done ({:.0}s)", elapsed()));
    UdModel {
        tagger,
        lemmatizer,
        parser,
        ensemble: Vec::new(),
    }
}

/// Gold-tokenisation scores of a model on gold sentences.
#[derive(Debug, Clone, Copy, Default)]
pub struct UdScores {
    pub words: usize,
    pub upos: f64,
    pub xpos: f64,
    pub lemma: f64,
    pub feats: f64,
    pub uas: f64,
    pub las: f64,
}

/// Annotates copies of `gold` (keeping its tokens) and scores them. LAS compares universal
/// labels (subtypes ignored), as the CoNLL 2018 scorer does.
pub fn score_gold_tokens(model: &UdModel, gold: &[&[Token]]) -> UdScores {
    let (mut n, mut u, mut x, mut l, mut f, mut ua, mut la) = (0, 0, 0, 0, 0, 0, 0);
    for s in gold {
        let mut pred: Vec<Token> = s
            .iter()
            .map(|t| Token {
                id: t.id,
                form: t.form.clone(),
                ..Token::default()
            })
            .collect();
        model.annotate(&mut pred);
        for (g, p) in s.iter().zip(&pred) {
            n += 1;
            u += usize::from(g.upos == p.upos);
            x += usize::from(g.xpos == p.xpos);
            l += usize::from(g.lemma == p.lemma);
            f += usize::from(g.feats == p.feats);
            if g.head == p.head {
                ua += 1;
                let base = |s: &str| s.split(':').next().unwrap_or("").to_string();
                la += usize::from(base(&g.deprel) == base(&p.deprel));
            }
        }
    }
    let pct = |k: usize| 100.0 * k as f64 / n.max(1) as f64;
    UdScores {
        words: n,
        upos: pct(u),
        xpos: pct(x),
        lemma: pct(l),
        feats: pct(f),
        uas: pct(ua),
        las: pct(la),
    }
}
