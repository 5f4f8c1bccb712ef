//! Named entity recognition: PER, ORG and LOC (the Universal NER tag set) with a structured
//! averaged perceptron over BILOU tags, Viterbi-decoded, using word, context, shape, affix,
//! name-list and (when the model was trained with them) UPOS features.
//!
//! What goes into [`Doc::entities`]:
//! - `label` `PER`, `ORG` or `LOC`, `kind` `"ner"`: spans found by the model;
//! - `label` `NORP`, `kind` `"dictionary"`: a capitalised nationality, religious or political
//!   group adjective or noun ("Russian", "Georgian", "Ossetians") from the demonym list, outside
//!   any model span. UNER counts these as O, so evaluation ignores them; actor coding uses them
//!   ("Russian politician Andrei Klimov" → Russia).
//!
//! The model ships in `crates/nlp/models/ner.bin.gz`, trained by `dyad train ner`.

mod clusters;
mod data;
mod features;
mod gazetteer;
mod glove;
mod perceptron;

use std::collections::HashMap;
use std::path::Path;

use dyad_model::{Doc, Entity, Sentence};

pub use data::{map_label, parse_columns, read_file, NerSentence, Span};
pub use gazetteer::Gazetteer;
use perceptron::{tag, untag, Bilou, Trainer, Weights};

/// The shipped model.
static DEFAULT_MODEL: &[u8] = include_bytes!("../../models/ner.bin.gz");

/// Errors reading NER data or models.
#[derive(Debug, thiserror::Error)]
pub enum NerError {
    #[error("{path}: {reason}")]
    Model { path: String, reason: String },
    #[error("{path}:{line}: {reason}")]
    Data {
        path: String,
        line: usize,
        reason: String,
    },
}

/// An entity type: the Universal NER types, plus MISC for names of events, works, laws and
/// products. The readers map those to O (a model trained with MISC spans scored lower on UNER
/// dev); MISC spans are never output nor scored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Label {
    Per,
    Org,
    Loc,
    Misc,
}

impl Label {
    /// Every label the model tags.
    pub const ALL: [Label; 4] = [Label::Per, Label::Org, Label::Loc, Label::Misc];
    /// The labels dyad outputs and scores (Universal NER).
    pub const PUBLIC: [Label; 3] = [Label::Per, Label::Org, Label::Loc];

    pub fn index(self) -> usize {
        match self {
            Label::Per => 0,
            Label::Org => 1,
            Label::Loc => 2,
            Label::Misc => 3,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Label::Per => "PER",
            Label::Org => "ORG",
            Label::Loc => "LOC",
            Label::Misc => "MISC",
        }
    }

    /// Whether dyad outputs this label.
    pub fn is_public(self) -> bool {
        self != Label::Misc
    }
}

/// A trained recogniser with its name lists.
#[derive(Debug, Clone, Default)]
pub struct NerModel {
    weights: Weights,
    gazetteer: std::sync::Arc<Gazetteer>,
}

impl NerModel {
    /// The model embedded in the binary.
    pub fn load_default() -> Result<Self, NerError> {
        Self::from_bytes(DEFAULT_MODEL).map_err(|e| match e {
            NerError::Model { reason, .. } => NerError::Model {
                path: "embedded models/ner.bin.gz".into(),
                reason,
            },
            other => other,
        })
    }

    /// A model file written by [`NerModel::save`].
    pub fn load(path: &Path) -> Result<Self, NerError> {
        let bytes = std::fs::read(path).map_err(|e| NerError::Model {
            path: path.display().to_string(),
            reason: e.to_string(),
        })?;
        Self::from_bytes(&bytes).map_err(|e| match e {
            NerError::Model { reason, .. } => NerError::Model {
                path: path.display().to_string(),
                reason,
            },
            other => other,
        })
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<Self, NerError> {
        // The word-cluster tables are built now, with the model, not inside the first
        // document's annotation.
        clusters::table();
        glove::table();
        Ok(NerModel {
            weights: Weights::from_bytes(bytes)?,
            gazetteer: Gazetteer::shared(),
        })
    }

    pub fn save(&self, path: &Path) -> Result<(), NerError> {
        let bytes = self.weights.to_bytes()?;
        std::fs::write(path, bytes).map_err(|e| NerError::Model {
            path: path.display().to_string(),
            reason: e.to_string(),
        })
    }

    /// Word ranges of a sentence's capitalised nationality and group words, longest first
    /// where they overlap ("Sierra Leonean", "Russian"), with the plurals of those that take
    /// one ("Kenyans", "Iraqis"; "Chinese" takes none), as the coder's actor dictionary reads
    /// demonyms.
    fn demonyms(&self, words: &[String]) -> Vec<(usize, usize)> {
        let listed = |w: &str| self.gazetteer.contains(gazetteer::DEMONYM, w);
        let plural = |w: &str| {
            w.strip_suffix('s').is_some_and(|singular| {
                (singular.ends_with('n') || singular.ends_with('i'))
                    && !singular.ends_with("ese")
                    && listed(singular)
            })
        };
        let mut found: Vec<(usize, usize)> = self
            .gazetteer
            .matches(words)
            .iter()
            .filter(|m| m.exact && m.list == gazetteer::DEMONYM)
            .map(|m| (m.start, m.end))
            .collect();
        found.extend(
            (0..words.len())
                .filter(|&i| plural(&words[i]))
                .map(|i| (i, i + 1)),
        );
        found.retain(|&(start, end)| words[start..end].iter().all(|w| starts_upper(w)));
        found.sort_by_key(|&(start, end)| (start, std::cmp::Reverse(end)));
        let mut kept: Vec<(usize, usize)> = Vec::new();
        for (start, end) in found {
            if kept.last().is_none_or(|&(_, last_end)| start >= last_end) {
                kept.push((start, end));
            }
        }
        kept
    }

    /// Whether the model wants UPOS tags on its input (it still runs without them).
    pub fn uses_tags(&self) -> bool {
        self.weights.uses_tags
    }

    /// Number of features with a weight.
    pub fn feature_count(&self) -> usize {
        self.weights.index.len()
    }

    /// Entity spans of one tokenised sentence.
    pub fn predict(&self, words: &[String], upos: Option<&[String]>) -> Vec<Span> {
        let upos = if self.weights.uses_tags { upos } else { None };
        let matches = self.gazetteer.matches(words);
        let feats = features::sentence_features_matched(words, upos, &matches).0;
        let mut spans = spans_from_tags(&self.weights.decode(&feats));
        spans.retain(|s| s.label.is_public());
        complete_listed_names(words, &matches, &mut spans);
        label_listed_organisations(&matches, &mut spans);
        add_listed_organisations(words, &matches, &mut spans);
        add_coordinated_names(words, &matches, &mut spans);
        label_named_places(words, &mut spans);
        name_administrative_regions(words, &matches, &mut spans);
        name_businesses_by_possessive(words, &mut spans);
        complete_company_names(words, &matches, &mut spans);
        add_speakers(words, &matches, &mut spans);
        fit_person_names(words, &matches, &mut spans);
        complete_first_names(words, &matches, &mut spans);
        join_inverted_names(words, &mut spans);
        add_lowercase_places(words, &matches, &mut spans);
        name_defined_acronyms(words, &mut spans);
        spans
    }

    /// Entity spans of each sentence of one document: the model's spans, relabelled where
    /// the same name got another label more often elsewhere in the document; then, where the
    /// model missed them, repeats of names it found elsewhere in the document (and the surname
    /// of a full person name: "Anatoly Bibilov" … "Bibilov said"), as a reader would.
    pub fn predict_document(
        &self,
        sentences: &[Vec<String>],
        upos: &[Option<&[String]>],
    ) -> Vec<Vec<Span>> {
        let mut predicted: Vec<Vec<Span>> = sentences
            .iter()
            .enumerate()
            .map(|(i, words)| self.predict(words, upos.get(i).copied().flatten()))
            .collect();
        let votes = name_votes(sentences, &predicted);
        for (words, spans) in sentences.iter().zip(predicted.iter_mut()) {
            for span in spans.iter_mut() {
                let name = words[span.start..span.end].join(" ");
                if let Some(best) = votes.get(&name).and_then(decisive_label) {
                    span.label = best;
                }
            }
        }
        let known: HashMap<String, Label> = votes
            .iter()
            .filter_map(|(name, v)| {
                let best = (0..4).max_by_key(|&i| v[i])?;
                Some((name.clone(), Label::ALL[best]))
            })
            .collect();
        for (words, spans) in sentences.iter().zip(predicted.iter_mut()) {
            let mut covered = vec![false; words.len()];
            for span in spans.iter() {
                covered[span.start..span.end]
                    .iter_mut()
                    .for_each(|c| *c = true);
            }
            let mut i = 0;
            while i < words.len() {
                let hit = (1..=MAX_NAME_WORDS.min(words.len() - i))
                    .rev()
                    .find_map(|len| {
                        let range = i..i + len;
                        if covered[range.clone()].iter().any(|c| *c)
                            || !words[range.clone()].iter().all(|w| starts_upper(w))
                        {
                            return None;
                        }
                        known.get(&words[range].join(" ")).map(|l| (len, *l))
                    });
                match hit {
                    Some((len, label)) => {
                        spans.push(Span {
                            start: i,
                            end: i + len,
                            label,
                        });
                        i += len;
                    }
                    None => i += 1,
                }
            }
            // After the repeats, which may bring a dropped place back.
            drop_places_naming_accords(words, spans);
            spans.sort();
        }
        predicted
    }

    /// Entities of a tokenised document, in text order: the spans of
    /// [`NerModel::predict_document`], then demonyms outside them.
    pub fn entities(&self, doc: &Doc) -> Vec<Entity> {
        let chars: Vec<char> = doc.article.text.chars().collect();
        let words: Vec<Vec<String>> = doc
            .sentences
            .iter()
            .map(|s| s.tokens.iter().map(|t| t.form.clone()).collect())
            .collect();
        let tags: Vec<Vec<String>> = doc
            .sentences
            .iter()
            .map(|s| s.tokens.iter().map(|t| t.upos.clone()).collect())
            .collect();
        let upos: Vec<Option<&[String]>> = tags.iter().map(|t| Some(t.as_slice())).collect();
        let predicted = self.predict_document(&words, &upos);
        let mut out = Vec::new();
        for (si, sentence) in doc.sentences.iter().enumerate() {
            let words = &words[si];
            let spans = &predicted[si];
            let mut covered = vec![false; words.len()];
            for span in spans {
                covered[span.start..span.end]
                    .iter_mut()
                    .for_each(|c| *c = true);
            }
            let mut found: Vec<(usize, Entity)> = spans
                .iter()
                .map(|span| {
                    let e = entity(
                        &chars,
                        sentence,
                        si,
                        span.start,
                        span.end,
                        span.label.as_str(),
                        "ner",
                    );
                    (span.start, e)
                })
                .collect();
            for (start, end) in self.demonyms(words) {
                if !covered[start..end].iter().any(|c| *c) {
                    found.push((
                        start,
                        entity(&chars, sentence, si, start, end, "NORP", "dictionary"),
                    ));
                }
            }
            found.sort_by_key(|(i, _)| *i);
            out.extend(found.into_iter().map(|(_, e)| e));
        }
        out
    }
}

/// Longest name, in words, looked for again across a document.
const MAX_NAME_WORDS: usize = 6;

fn starts_upper(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

/// Votes (label counts) for the names the model found in a document, and for the surnames of
/// multi-word person names.
fn name_votes(sentences: &[Vec<String>], predicted: &[Vec<Span>]) -> HashMap<String, [usize; 4]> {
    let mut votes: HashMap<String, [usize; 4]> = HashMap::new();
    for (words, spans) in sentences.iter().zip(predicted) {
        for span in spans {
            let name = &words[span.start..span.end];
            votes.entry(name.join(" ")).or_default()[span.label.index()] += 2;
            if span.label == Label::Per && name.len() >= 2 {
                if let Some(last) = name.last().filter(|w| w.chars().count() > 2) {
                    votes.entry(last.to_string()).or_default()[Label::Per.index()] += 1;
                }
            }
        }
    }
    votes
}

/// The label a name got clearly more often than any other, if one did.
fn decisive_label(votes: &[usize; 4]) -> Option<Label> {
    let mut order: Vec<usize> = (0..4).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(votes[i]));
    let (best, second) = (votes[order[0]], votes[order[1]]);
    (best >= 2 * second.max(1) && best >= 4).then_some(Label::ALL[order[0]])
}

fn entity(
    chars: &[char],
    sentence: &Sentence,
    index: usize,
    first: usize,
    end: usize,
    label: &str,
    kind: &str,
) -> Entity {
    let (a, b) = (&sentence.tokens[first], &sentence.tokens[end - 1]);
    let (start, mut stop) = (a.start, b.end.max(a.start));
    // Words of a multiword token share its span ("Putin's" = "Putin" + "'s"): end the entity
    // after its own last word when the text there spells it.
    let form_len = b.form.chars().count();
    if stop - b.start > form_len
        && stop <= chars.len()
        && chars[b.start..b.start + form_len]
            .iter()
            .copied()
            .eq(b.form.chars())
    {
        stop = b.start + form_len;
    }
    let text = if stop <= chars.len() {
        chars[start..stop].iter().collect()
    } else {
        sentence.tokens[first..end]
            .iter()
            .map(|t| t.form.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    };
    Entity {
        start,
        end: stop,
        text,
        label: label.to_string(),
        sentence: index,
        first_token: a.id,
        last_token: b.id,
        kind: kind.to_string(),
        ..Entity::default()
    }
}

/// Spans from a valid BILOU tag sequence.
fn spans_from_tags(tags: &[usize]) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut start = 0;
    for (i, &t) in tags.iter().enumerate() {
        match untag(t) {
            Some((label, Bilou::U)) => spans.push(Span {
                start: i,
                end: i + 1,
                label,
            }),
            Some((_, Bilou::B)) => start = i,
            Some((label, Bilou::L)) => spans.push(Span {
                start,
                end: i + 1,
                label,
            }),
            _ => {}
        }
    }
    spans
}

/// BILOU tags of gold spans.
fn tags_from_spans(n: usize, spans: &[Span]) -> Vec<usize> {
    let mut tags = vec![0; n];
    for s in spans {
        if s.end > n || s.start >= s.end {
            continue;
        }
        if s.end - s.start == 1 {
            tags[s.start] = tag(s.label, Bilou::U);
        } else {
            tags[s.start] = tag(s.label, Bilou::B);
            for t in &mut tags[s.start + 1..s.end - 1] {
                *t = tag(s.label, Bilou::I);
            }
            tags[s.end - 1] = tag(s.label, Bilou::L);
        }
    }
    tags
}

/// Fills the UPOS of sentences with the UD tagger, as the pipeline would tag them, so a model
/// with tag features is trained and scored on the tags it will see.
pub fn tag_sentences(ud: &crate::UdModel, sentences: &mut [NerSentence]) {
    for s in sentences {
        let info: Vec<crate::tagger::WordInfo> = s
            .words
            .iter()
            .map(|w| crate::tagger::WordInfo::new(w))
            .collect();
        let tags = ud.tagger.tag(&info);
        s.upos = tags
            .iter()
            .map(|&t| ud.tagger.upos(t).to_string())
            .collect();
    }
}

/// Training settings.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    pub epochs: usize,
    /// Features seen fewer times than this in the training data are not learned.
    pub min_count: u32,
    /// Learn UPOS features from sentences that have tags.
    pub use_tags: bool,
    /// Probability of hiding a word's identity features in one training pass.
    pub word_dropout: f64,
    /// Models trained on differently shuffled data and averaged into one. Three by default:
    /// one model's F1 varies by about a point with the shuffle (UNER EWT dev 73.9–75.7 over
    /// three seeds); three averaged scored 77.2 (five: 76.8).
    pub runs: usize,
    /// Share of training sentences also learned in lower case, so that names in uncapitalised
    /// web text ("living in kerala") are found from context and name lists.
    pub lowercase_copies: f64,
    pub seed: u64,
    /// How much of what only the first training corpus (UNER EWT, web text) teaches the
    /// shipped weights keep. All of it suits web text best; half of it loses 0.3 F1 on the
    /// EWT dev set and gains 1.6 on GUM dev (news, biographies, travel guides…), whose
    /// conventions news shares: EWT's draft leaves many shop, band and company names
    /// unmarked.
    pub target_share: f32,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            epochs: 10,
            min_count: 2,
            use_tags: false,
            word_dropout: 0.2,
            lowercase_copies: 0.1,
            runs: 3,
            seed: 7,
            target_share: 0.5,
        }
    }
}

/// Trains a model. `dev`, when given, is scored after each epoch and reported through `log`.
pub fn train(
    data: &[NerSentence],
    dev: &[NerSentence],
    opts: &TrainOptions,
    mut log: impl FnMut(&str),
) -> NerModel {
    let gazetteer = Gazetteer::shared();
    let target = data.first().map(|s| s.source.clone()).unwrap_or_default();
    let mut domains: Vec<&str> = data.iter().map(|s| s.source.as_str()).collect();
    domains.sort_unstable();
    domains.dedup();
    let salt = |d: &str| features::hash(&["domain", d]);
    let target_salt = salt(features::TARGET_DOMAIN);
    let salts: Vec<u64> = domains
        .iter()
        .map(|d| if *d == target { target_salt } else { salt(d) })
        .collect();
    let feats_of = |s: &NerSentence| {
        let upos = (opts.use_tags && !s.upos.is_empty()).then_some(s.upos.as_slice());
        let split = features::sentence_features_split(&s.words, upos, &gazetteer);
        let domain = if s.source == target {
            features::TARGET_DOMAIN
        } else {
            s.source.as_str()
        };
        features::with_domain(split, domain)
    };
    let data = &with_lowercase_copies(data, opts.lowercase_copies, opts.seed);
    let (feats, lexical): (Vec<Vec<Vec<u64>>>, Vec<Vec<usize>>) = data.iter().map(feats_of).unzip();
    let golds: Vec<Vec<usize>> = data
        .iter()
        .map(|s| tags_from_spans(s.words.len(), &s.spans))
        .collect();
    let mut counts: std::collections::HashMap<u64, u32> = std::collections::HashMap::new();
    for f in feats.iter().flatten().flatten() {
        *counts.entry(*f).or_default() += 1;
    }
    let kept: Vec<u64> = counts
        .iter()
        .filter(|(_, c)| **c >= opts.min_count)
        .map(|(f, _)| *f)
        .collect();
    log(&format!(
        "{} sentences, {} features ({} seen at least {} times)",
        data.len(),
        counts.len(),
        kept.len(),
        opts.min_count
    ));
    drop(counts);
    let mut runs = Vec::new();
    for run in 0..opts.runs.max(1) {
        let mut trainer = Trainer::new(kept.iter().copied(), opts.use_tags);
        let mut order: Vec<usize> = (0..data.len()).collect();
        let mut rng = (opts.seed + 1000 * run as u64).max(1);
        let mut next = move || {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            rng
        };
        let threshold = (opts.word_dropout.clamp(0.0, 1.0) * u32::MAX as f64) as u64;
        for epoch in 1..=opts.epochs {
            for i in (1..order.len()).rev() {
                order.swap(i, (next() % (i as u64 + 1)) as usize);
            }
            let mut right = 0;
            for &i in &order {
                let dropped: Vec<Vec<u64>>;
                let input = if threshold > 0 {
                    dropped = feats[i]
                        .iter()
                        .zip(&lexical[i])
                        .map(|(f, &k)| {
                            if (next() & 0xffff_ffff) < threshold {
                                f[k..].to_vec()
                            } else {
                                f.clone()
                            }
                        })
                        .collect();
                    &dropped
                } else {
                    &feats[i]
                };
                if trainer.learn(input, &golds[i]) {
                    right += 1;
                }
            }
            let mut msg = format!(
                "epoch {epoch}: {:.1}% of training sentences right",
                100.0 * right as f64 / data.len().max(1) as f64
            );
            if !dev.is_empty() {
                let model = NerModel {
                    weights: trainer
                        .weights()
                        .fold_domains(target_salt, &salts, opts.target_share),
                    gazetteer: gazetteer.clone(),
                };
                let s = evaluate(&model, dev);
                msg.push_str(&format!(
                    ", dev F1 (unaveraged) {:.2}",
                    100.0 * s.total().f1()
                ));
            }
            log(&msg);
        }
        if opts.runs > 1 {
            log(&format!("run {} of {} done", run + 1, opts.runs));
        }
        runs.push(
            trainer
                .finish()
                .fold_domains(target_salt, &salts, opts.target_share),
        );
    }
    NerModel {
        weights: Weights::average(runs),
        gazetteer,
    }
}

/// The training sentences plus lower-cased copies of a share of those with entities.
fn with_lowercase_copies(data: &[NerSentence], share: f64, seed: u64) -> Vec<NerSentence> {
    let mut out = data.to_vec();
    let threshold = (share.clamp(0.0, 1.0) * u32::MAX as f64) as u64;
    let mut rng = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    for s in data {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        if s.spans.is_empty() || (rng & 0xffff_ffff) >= threshold {
            continue;
        }
        let mut copy = s.clone();
        copy.words = copy.words.iter().map(|w| w.to_lowercase()).collect();
        out.push(copy);
    }
    out
}

/// True positives, false positives and false negatives.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Counts {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

impl Counts {
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// Exact-span scores, per label.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Scores {
    pub per_label: [Counts; 4],
}

impl Scores {
    /// Adds one sentence's gold and predicted spans (MISC ignored).
    pub fn add(&mut self, gold: &[Span], pred: &[Span]) {
        let gold: Vec<Span> = gold
            .iter()
            .copied()
            .filter(|s| s.label.is_public())
            .collect();
        let gold = gold.as_slice();
        let pred: Vec<Span> = pred
            .iter()
            .copied()
            .filter(|s| s.label.is_public())
            .collect();
        for p in &pred {
            let c = &mut self.per_label[p.label.index()];
            if gold.contains(p) {
                c.tp += 1;
            } else {
                c.fp += 1;
            }
        }
        for g in gold {
            if !pred.contains(g) {
                self.per_label[g.label.index()].fn_ += 1;
            }
        }
    }

    /// Micro-averaged over labels.
    pub fn total(&self) -> Counts {
        self.per_label
            .iter()
            .fold(Counts::default(), |a, c| Counts {
                tp: a.tp + c.tp,
                fp: a.fp + c.fp,
                fn_: a.fn_ + c.fn_,
            })
    }
}

/// Scores a model on gold sentences (using their UPOS when the model wants tags), one
/// document at a time as the pipeline reads them ([`NerModel::predict_document`]).
pub fn evaluate(model: &NerModel, gold: &[NerSentence]) -> Scores {
    let mut scores = Scores::default();
    for doc in gold.chunk_by(|a, b| a.doc == b.doc) {
        for (s, pred) in doc.iter().zip(predict_gold_document(model, doc)) {
            scores.add(&s.spans, &pred);
        }
    }
    scores
}

/// Predicted spans of the sentences of one gold document.
pub fn predict_gold_document(model: &NerModel, doc: &[NerSentence]) -> Vec<Vec<Span>> {
    let words: Vec<Vec<String>> = doc.iter().map(|s| s.words.clone()).collect();
    let upos: Vec<Option<&[String]>> = doc
        .iter()
        .map(|s| (!s.upos.is_empty()).then_some(s.upos.as_slice()))
        .collect();
    model.predict_document(&words, &upos)
}

/// "Greg Couch will…", "Hank Green": a person found by a listed given name alone continues
/// over the capitalised word after it, a surname that is also an English word.
fn complete_first_names(words: &[String], matches: &[gazetteer::GazMatch], spans: &mut [Span]) {
    let in_list = |i: usize, list: &str| {
        matches
            .iter()
            .any(|m| m.exact && m.start <= i && i < m.end && gazetteer::LISTS[m.list].0 == list)
    };
    let taken: Vec<(usize, usize)> = spans.iter().map(|s| (s.start, s.end)).collect();
    for span in spans.iter_mut() {
        let next = span.end;
        let Some(word) = words.get(next) else {
            continue;
        };
        // Not an adverb starting the next clause of a headline ("President Moise Shortly
        // before …").
        let adverb = word.ends_with("ly")
            && matches.iter().any(|m| {
                m.start == next && m.end == next + 1 && gazetteer::LISTS[m.list].0 == "common"
            });
        let surname_like = starts_upper(word)
            && word.chars().skip(1).all(char::is_lowercase)
            && word.chars().count() > 2
            && !adverb;
        if span.label == Label::Per
            && span.end - span.start == 1
            && in_list(span.start, "first")
            && surname_like
            && !taken.iter().any(|&(a, b)| a <= next && next < b)
            && !["country", "city", "region", "demonym", "title", "place"]
                .iter()
                .any(|l| in_list(next, l))
        {
            span.end += 1;
        }
    }
}

/// "The World Health Organisation (WHO)", "the Kurdistan Workers' Party (PKK)": an acronym
/// in brackets after a name whose initials spell it names the same entity, so it takes the
/// name's label, and a capitalised name the model left out is an organisation.
fn name_defined_acronyms(words: &[String], spans: &mut Vec<Span>) {
    let n = words.len();
    let acronym = |w: &str| {
        let k = w.chars().count();
        (2..=7).contains(&k) && w.chars().all(|c| c.is_uppercase())
    };
    let initial = |w: &str| w.chars().next().filter(|c| c.is_uppercase());
    for i in 2..n.saturating_sub(1) {
        if !(words[i - 1] == "(" && words[i + 1] == ")" && acronym(&words[i])) {
            continue;
        }
        let letters: Vec<char> = words[i].chars().collect();
        // The name: the span ending before the bracket, or capitalised words there.
        let end = i - 1;
        let (start, label) = match spans.iter().find(|s| s.end == end) {
            Some(s) => (s.start, s.label),
            None => {
                let mut start = end;
                while start > 0
                    && (initial(&words[start - 1]).is_some()
                        || matches!(words[start - 1].as_str(), "of" | "for" | "and" | "&"))
                {
                    start -= 1;
                }
                while start < end && initial(&words[start]).is_none() {
                    start += 1;
                }
                (start, Label::Org)
            }
        };
        // An acronym of a law or accord ("… Sanctions Act (CAATSA)") names no entity.
        if ACCORD_HEADS.contains(&words[end - 1].as_str()) {
            continue;
        }
        let initials: Vec<char> = words[start..end]
            .iter()
            .filter_map(|w| initial(w))
            .collect();
        // The initials must end with the acronym's letters ("the US Food and Drug
        // Administration (FDA)").
        if start >= end || initials.len() < letters.len() || !initials.ends_with(&letters) {
            continue;
        }
        // A name the model found keeps its start; capitalised words start at the acronym's
        // first letter.
        let name_start = if spans.iter().any(|s| s.end == end) {
            start
        } else {
            (start..end)
                .rev()
                .filter(|&k| initial(&words[k]).is_some())
                .nth(letters.len() - 1)
                .unwrap_or(start)
        };
        spans.retain(|s| {
            let overlaps_name = s.start < end && name_start < s.end;
            let covers_acronym = s.start <= i && i < s.end;
            !overlaps_name && !covers_acronym
        });
        spans.push(Span {
            start: name_start,
            end,
            label,
        });
        spans.push(Span {
            start: i,
            end: i + 1,
            label,
        });
        spans.sort();
    }
}

/// Prepositions before a place.
const LOCATIVES: &[&str] = &[
    "in", "from", "to", "at", "near", "around", "between", "across", "through", "visit", "visiting",
];

/// "i live in kerala", "a man from brittany france": in a sentence written all in lower case
/// the capital is no clue, so a listed place's name there is a place when it is no common
/// English word and its word vector reads like a place's name (which keeps "turkey" and
/// "china" the food and the plates out).
fn add_lowercase_places(words: &[String], matches: &[gazetteer::GazMatch], spans: &mut Vec<Span>) {
    if words.iter().skip(1).any(|w| starts_upper(w)) || words.len() < 3 {
        return;
    }
    let placelike = |w: &str| glove::lookup(w).is_some_and(|c| c.prior[2] >= b'3');
    let mut found: Vec<Span> = Vec::new();
    let mut candidates: Vec<&gazetteer::GazMatch> = matches
        .iter()
        .filter(|m| {
            matches!(
                gazetteer::LISTS[m.list].0,
                "country" | "city" | "region" | "place"
            )
        })
        .collect();
    candidates.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end - m.start)));
    for m in candidates {
        // After a locative preposition or another place ("from brittany france"), not "a
        // chihuahua" or "buffalo lung".
        let after_place = found.iter().any(|s| s.end == m.start);
        let located =
            m.start > 0 && (LOCATIVES.contains(&words[m.start - 1].as_str()) || after_place);
        let text = &words[m.start..m.end];
        let lower = text.iter().all(|w| w.chars().all(|c| !c.is_uppercase()));
        let long = text.iter().map(|w| w.chars().count()).sum::<usize>() >= 4;
        let common = matches.iter().any(|o| {
            o.start < m.end
                && m.start < o.end
                && matches!(gazetteer::LISTS[o.list].0, "common" | "demonym" | "first")
        });
        let taken = spans
            .iter()
            .chain(&found)
            .any(|s| s.start < m.end && m.start < s.end);
        if located && lower && long && !common && !taken && text.iter().all(|w| placelike(w)) {
            found.push(Span {
                start: m.start,
                end: m.end,
                label: Label::Loc,
            });
        }
    }
    spans.extend(found);
    spans.sort();
}

/// `"Lenhart, Matthew"`: a quoted "surname, given name" (an e-mail display name) is one
/// person, however the weights split it.
fn join_inverted_names(words: &[String], spans: &mut Vec<Span>) {
    let quote = |w: &str| matches!(w, "\"" | "\u{201c}" | "\u{201d}");
    let n = words.len();
    for i in 1..n.saturating_sub(3) {
        let (last, comma, first, close) = (&words[i], &words[i + 1], &words[i + 2], &words[i + 3]);
        if !(quote(&words[i - 1]) && comma == "," && quote(close)) {
            continue;
        }
        if !(starts_upper(last) && starts_upper(first)) {
            continue;
        }
        let covered_by_person = |k: usize| {
            spans
                .iter()
                .any(|s| s.label == Label::Per && s.start <= k && k < s.end)
        };
        if !(covered_by_person(i) || covered_by_person(i + 2)) {
            continue;
        }
        spans.retain(|s| s.end <= i || s.start >= i + 3);
        spans.push(Span {
            start: i,
            end: i + 3,
            label: Label::Per,
        });
        spans.sort();
    }
}

/// Epithets that complete a person's name after "the" ("Lucas Cranach the Elder").
const EPITHETS: &[&str] = &[
    "Elder",
    "Younger",
    "Great",
    "Conqueror",
    "Confessor",
    "Bold",
    "Pious",
    "Bald",
    "Fat",
    "Wise",
    "Magnificent",
    "Terrible",
    "Lionheart",
    "Just",
    "Good",
    "Fair",
];

/// Fits person names to where UNER puts their edges: a leading title, rank or nationality is
/// not part of the name ("Mrs Clinton", "Lord North", "Scotsman James Watt"), a regnal number,
/// generational suffix or epithet is ("Henry I", "Martin Luther King, Jr.", "Pliny the Elder").
fn fit_person_names(words: &[String], matches: &[gazetteer::GazMatch], spans: &mut [Span]) {
    let single_word_in = |i: usize, list: &str| {
        matches.iter().any(|m| {
            m.exact && m.start == i && m.end == i + 1 && gazetteer::LISTS[m.list].0 == list
        })
    };
    let roman = |w: &str| !w.is_empty() && w.chars().all(|c| matches!(c, 'I' | 'V' | 'X'));
    let suffix = |w: &str| matches!(w, "Jr." | "Jr" | "Sr." | "Sr");
    let taken: Vec<(usize, usize)> = spans.iter().map(|s| (s.start, s.end)).collect();
    let free = |i: usize| !taken.iter().any(|&(a, b)| a <= i && i < b);
    for span in spans.iter_mut().filter(|s| s.label == Label::Per) {
        while span.end - span.start >= 2
            && (single_word_in(span.start, "title") || single_word_in(span.start, "demonym"))
            && starts_upper(&words[span.start + 1])
        {
            span.start += 1;
        }
        let next = |k: usize| words.get(span.end + k).map(String::as_str).unwrap_or("");
        let single = span.end - span.start == 1;
        let numbered = roman(next(0)) && (next(0) != "I" || single);
        let extra = if numbered || suffix(next(0)) {
            1
        } else if (next(0) == "," && suffix(next(1)))
            || (next(0) == "the" && EPITHETS.contains(&next(1)))
        {
            2
        } else {
            0
        };
        if extra > 0 && (span.end..span.end + extra).all(free) {
            span.end += extra;
        }
    }
}

/// Capitalised heads of the names of accords and laws ("the Paris Agreement").
const ACCORD_HEADS: &[&str] = &[
    "Agreement",
    "Agreements",
    "Accord",
    "Accords",
    "Treaty",
    "Protocol",
    "Convention",
    "Conventions",
    "Declaration",
    "Act",
];

/// "the Paris Agreement", "the Minsk agreements", "the Treaty of London": the place names the
/// accord, which is no person, organisation or place (Universal NER leaves such names out).
fn drop_places_naming_accords(words: &[String], spans: &mut Vec<Span>) {
    let is_head = |w: &str| ACCORD_HEADS.iter().any(|h| h.eq_ignore_ascii_case(w));
    spans.retain(|s| {
        let before = s.start >= 2 && words[s.start - 1] == "of" && {
            let w = words[s.start - 2].as_str();
            (is_head(w) && starts_upper(w)) || w == "Peace"
        };
        let after = words.get(s.end).is_some_and(|w| is_head(w));
        s.label != Label::Loc || !(before || after)
    });
}

/// Verbs of saying in the present or past that introduce a quoted speaker.
const SPEAKING: &[&str] = &[
    "says",
    "said",
    "explains",
    "explained",
    "adds",
    "added",
    "notes",
    "noted",
    "recalls",
    "recalled",
    "argues",
    "argued",
    "insists",
    "insisted",
    "writes",
    "wrote",
];

/// "…, says Tarlo.", "Tarlo explains.": a capitalised word the model left out, on no list of
/// places or organisations, that speaks in a closing attribution is a person.
fn add_speakers(words: &[String], matches: &[gazetteer::GazMatch], spans: &mut Vec<Span>) {
    let n = words.len();
    let listed = |i: usize| {
        matches.iter().any(|m| {
            m.start <= i
                && i < m.end
                && !matches!(gazetteer::LISTS[m.list].0, "first" | "last" | "propername")
        })
    };
    let candidate = |i: usize| {
        let w = &words[i];
        w.chars().next().is_some_and(char::is_uppercase)
            && w.chars().skip(1).all(char::is_lowercase)
            && w.chars().count() > 2
            && !spans.iter().any(|s| s.start <= i && i < s.end)
            && !listed(i)
    };
    let closes = |i: usize| i >= n || matches!(words[i].as_str(), "." | "," | "!" | "?");
    let mut found = Vec::new();
    for v in 0..n {
        if !SPEAKING.contains(&words[v].as_str()) {
            continue;
        }
        // ", says Tarlo ." after a comma or quote.
        let after_quote = v > 0 && matches!(words[v - 1].as_str(), "," | "\"" | "\u{201d}" | "''");
        if after_quote && v + 1 < n && candidate(v + 1) && closes(v + 2) {
            found.push(v + 1);
        }
        // ", Tarlo explains ." after a comma or quote.
        if v >= 2
            && candidate(v - 1)
            && matches!(words[v - 2].as_str(), "," | "\"" | "\u{201d}" | "''")
            && closes(v + 1)
        {
            found.push(v - 1);
        }
    }
    for i in found {
        spans.push(Span {
            start: i,
            end: i + 1,
            label: Label::Per,
        });
    }
    spans.sort();
}

/// Lower-case nouns for a kind of place: "the town of Sumy", "the province of Idlib".
const PLACE_NOUNS: &[&str] = &[
    "city",
    "town",
    "village",
    "province",
    "region",
    "district",
    "county",
    "port",
    "capital",
    "island",
    "islands",
    "governorate",
    "oblast",
    "municipality",
    "suburb",
    "neighborhood",
    "neighbourhood",
    "settlement",
    "enclave",
    "township",
    "hamlet",
    "prefecture",
    "canton",
];

/// Legal-form suffixes that end a company's name.
const COMPANY_SUFFIXES: &[&str] = &[
    "Inc.", "Inc", "LLC", "L.L.C.", "LLP", "Ltd.", "Ltd", "Corp.", "PC", "P.C.", "L.P.", "plc",
    "PLC", "GmbH", "AG", "S.A.", "N.V.",
];

/// "Holland & Hart, LLP", "First Union Securities, Inc.", "ISO New England Inc.": a legal-form
/// suffix ends a company's name, which takes in the capitalised words before it (joined by
/// "&"), whatever the weights made of them — a person and a place in "Holland & Hart".
fn complete_company_names(
    words: &[String],
    matches: &[gazetteer::GazMatch],
    spans: &mut Vec<Span>,
) {
    let n = words.len();
    let common = |i: usize| {
        matches.iter().any(|m| {
            m.start <= i && i < m.end && matches!(gazetteer::LISTS[m.list].0, "common" | "title")
        })
    };
    let span_at =
        |spans: &[Span], i: usize| spans.iter().find(|s| s.start <= i && i < s.end).copied();
    for k in 1..n {
        if !COMPANY_SUFFIXES.contains(&words[k].as_str()) {
            continue;
        }
        let mut end = k + 1;
        // "Inc ." split by the tokenizer: the period belongs to the abbreviation.
        if !words[k].ends_with('.') && words.get(k + 1).is_some_and(|w| w == ".") {
            end += 1;
        }
        let last = if words[k - 1] == "," { k - 1 } else { k };
        if last == 0 || !starts_upper(&words[last - 1]) {
            continue;
        }
        let mut start = last - 1;
        loop {
            if let Some(s) = span_at(spans, start) {
                start = s.start;
            }
            if start >= 2
                && matches!(words[start - 1].as_str(), "&" | "and")
                && starts_upper(&words[start - 2])
            {
                start -= 2;
            } else if start >= 1
                && starts_upper(&words[start - 1])
                && span_at(spans, start - 1).is_none_or(|s| s.label != Label::Per)
                && !common(start - 1)
                && !features::is_opening(&words[start - 1])
            {
                start -= 1;
            } else {
                break;
            }
        }
        spans.retain(|s| s.end <= start || s.start >= end);
        spans.push(Span {
            start,
            end,
            label: Label::Org,
        });
        spans.sort();
    }
}

/// Verbs that follow a business named by its owner's possessive ("Hackney's has a great
/// burger").
const BUSINESS_VERBS: &[&str] = &["is", "was", "has", "had", "serves", "offers", "does"];

/// Capitalised nouns that continue a shop's possessive name ("Ray's Pizza").
const SHOP_NOUNS: &[&str] = &[
    "Pizza",
    "Pizzeria",
    "Karate",
    "Market",
    "Liquor",
    "Deli",
    "Cafe",
    "Café",
    "Bar",
    "Grill",
    "Restaurant",
    "Diner",
    "Bakery",
    "Pub",
    "Kitchen",
    "Tavern",
    "Salon",
    "Garage",
    "Store",
    "Shop",
    "Barbers",
    "Auto",
    "Inn",
    "Bagels",
    "Burgers",
    "Steakhouse",
];

/// Prepositions after a business named by a possessive ("going to Del Frisco's in November").
const BUSINESS_PREPOSITIONS: &[&str] = &["in", "at", "for", "on", "near", "with"];

/// "eat at Sprecher's.", "Hackney's has…": a name with a possessive that
/// owns nothing is a shop or restaurant, an organisation whose name takes the "'s" (as
/// Universal NER marks it), not the person or place the bare name would be.
fn name_businesses_by_possessive(words: &[String], spans: &mut [Span]) {
    let n = words.len();
    let possessive = |w: &str| matches!(w, "'s" | "’s" | "'S" | "s");
    for span in spans.iter_mut() {
        let p = span.end;
        if p >= n || !possessive(&words[p]) {
            continue;
        }
        // The shop's own words ("Ray's Pizza is…").
        let mut end = p + 1;
        while end < n && SHOP_NOUNS.contains(&words[end].as_str()) {
            end += 1;
        }
        let next = words.get(end).map(String::as_str);
        let prev = span.start.checked_sub(1).map(|i| words[i].as_str());
        let ends = next.is_none_or(|w| matches!(w, "." | "!" | "?")) && prev.is_some();
        let verb = next.is_some_and(|w| BUSINESS_VERBS.contains(&w));
        // A genitive is followed by what it owns, never by a preposition.
        let preposition = end == p + 1 && next.is_some_and(|w| BUSINESS_PREPOSITIONS.contains(&w));
        if ends || verb || preposition {
            span.end = end;
            span.label = Label::Org;
        }
    }
}

/// Lower-case nouns of administrative divisions written after their name ("the Kherson
/// region", "Tulcea county").
const DIVISION_NOUNS: &[&str] = &[
    "region",
    "province",
    "oblast",
    "district",
    "county",
    "governorate",
    "prefecture",
    "municipality",
    "krai",
    "canton",
];

/// "the Tyumen region", "Russia's Belgorod region": the capitalised words before a lower-case
/// division noun (not a nationality adjective: "the Georgian region of South Ossetia") are a
/// place's name, and the noun is not part of it (as Universal NER marks
/// "Tulcea county"), whatever the weights made of an unfamiliar name.
fn name_administrative_regions(
    words: &[String],
    matches: &[gazetteer::GazMatch],
    spans: &mut Vec<Span>,
) {
    let n = words.len();
    let name_word = |i: usize| {
        let w = &words[i];
        starts_upper(w)
            && w.chars().count() > 1
            && !matches.iter().any(|m| {
                m.start <= i
                    && i < m.end
                    && matches!(gazetteer::LISTS[m.list].0, "common" | "title" | "demonym")
            })
    };
    for d in 1..n {
        if !DIVISION_NOUNS.contains(&words[d].as_str()) {
            continue;
        }
        // A place span that took the noun in ends before it.
        if let Some(span) = spans
            .iter_mut()
            .find(|s| s.label == Label::Loc && s.end == d + 1 && s.start < d)
        {
            span.end = d;
            continue;
        }
        if spans
            .iter()
            .any(|s| s.start <= d && d < s.end || s.end == d)
        {
            continue;
        }
        // The name: capitalised words (or hyphenated parts) right before the noun, not first
        // in the sentence unless a name word ("Donetsk region officials").
        let mut start = d;
        while start > 0
            && (name_word(start - 1) || (words[start - 1] == "-" && start >= 2 && start < d))
        {
            start -= 1;
        }
        if words.get(start).is_some_and(|w| w == "-") {
            start += 1;
        }
        if start < d && name_word(start) {
            spans.push(Span {
                start,
                end: d,
                label: Label::Loc,
            });
        }
    }
    spans.sort();
}

/// A name right after "the town of", "the province of" … is the place's name, whatever the
/// weights made of an unfamiliar one ("the Ukrainian town of Sumy" is no person).
///
/// A country whose name takes its article includes it, as UNER's own training file marks
/// them ("the Netherlands", "The Bahamas").
fn label_named_places(words: &[String], spans: &mut [Span]) {
    let ends: Vec<usize> = spans.iter().map(|s| s.end).collect();
    for span in spans.iter_mut() {
        let s = span.start;
        if s >= 2 && words[s - 1] == "of" && PLACE_NOUNS.contains(&words[s - 2].as_str()) {
            span.label = Label::Loc;
        }
        let takes_article = matches!(
            words[s..span.end].join(" ").as_str(),
            "Netherlands" | "Gambia" | "Bahamas"
        );
        if takes_article && s >= 1 && words[s - 1].eq_ignore_ascii_case("the") && !ends.contains(&s)
        {
            span.start -= 1;
        }
    }
}

/// A name of two or more capitalised words that the model left out but that is, word for
/// word, an organisation on the list — and on no list of places or people — is an
/// organisation ("its European Community partners").
fn add_listed_organisations(
    words: &[String],
    matches: &[gazetteer::GazMatch],
    spans: &mut Vec<Span>,
) {
    let mut listed: Vec<&gazetteer::GazMatch> = matches
        .iter()
        .filter(|m| {
            m.exact
                && m.end - m.start >= 2
                && matches!(gazetteer::LISTS[m.list].0, "org" | "company")
                && words[m.start..m.end]
                    .iter()
                    .all(|w| starts_upper(w) || matches!(w.as_str(), "of" | "for" | "and" | "&"))
                && starts_upper(&words[m.end - 1])
        })
        .collect();
    listed.sort_by_key(|m| (std::cmp::Reverse(m.end - m.start), m.start));
    for m in listed {
        // "The Australian government": a name ending in a nationality adjective before a
        // noun is the adjective, not the newspaper.
        let adjective_last = matches.iter().any(|o| {
            o.start == m.end - 1 && o.end == m.end && gazetteer::LISTS[o.list].0 == "demonym"
        });
        if adjective_last {
            continue;
        }
        let taken = spans.iter().any(|s| s.start < m.end && m.start < s.end);
        let elsewhere = matches.iter().any(|o| {
            o.start == m.start
                && o.end == m.end
                && matches!(
                    gazetteer::LISTS[o.list].0,
                    "country" | "city" | "region" | "place" | "geo" | "first" | "last"
                )
        });
        if !taken && !elsewhere {
            spans.push(Span {
                start: m.start,
                end: m.end,
                label: Label::Org,
            });
        }
    }
    spans.sort();
}

/// A span that is, word for word, the name of an organisation on the list and on no list
/// of places or people ("EU", "OSCE", "Hezbollah") is an organisation, whatever label the
/// model gave it.
fn label_listed_organisations(matches: &[gazetteer::GazMatch], spans: &mut [Span]) {
    for span in spans.iter_mut() {
        let lists: Vec<&str> = matches
            .iter()
            .filter(|m| m.exact && m.start == span.start && m.end == span.end)
            .map(|m| gazetteer::LISTS[m.list].0)
            .collect();
        let other = lists.iter().any(|l| {
            matches!(
                *l,
                "country" | "city" | "region" | "place" | "geo" | "first" | "last" | "demonym"
            )
        });
        if lists.contains(&"org") && !other {
            span.label = Label::Org;
        }
    }
}

/// Names joined by "and" or "or" are mostly of one kind ("Huawei and Samsung", "France or
/// Germany"): a capitalised name the model passed over next to a conjunction whose other
/// side it labelled becomes a name of that label, when a list names it as one of that kind
/// (a company or organisation for ORG, a place for LOC, a given or family name for PER).
fn add_coordinated_names(words: &[String], matches: &[gazetteer::GazMatch], spans: &mut Vec<Span>) {
    let kind_of = |list: &str| match list {
        "org" | "company" => Some(Label::Org),
        "country" | "city" | "region" | "place" | "geo" => Some(Label::Loc),
        "first" | "last" => Some(Label::Per),
        _ => None,
    };
    let mut added = Vec::new();
    for m in matches.iter().filter(|m| m.exact) {
        let Some(label) = kind_of(gazetteer::LISTS[m.list].0) else {
            continue;
        };
        let free = spans.iter().all(|s| s.end <= m.start || m.end <= s.start);
        if !free || !words[m.start..m.end].iter().all(|w| starts_upper(w)) {
            continue;
        }
        let conjunction = |i: usize| matches!(words[i].as_str(), "and" | "or" | "&");
        let partner = spans.iter().any(|s| {
            s.label == label
                && ((s.end + 1 == m.start && conjunction(s.end))
                    || (m.end + 1 == s.start && conjunction(m.end)))
        });
        if partner {
            added.push(Span {
                start: m.start,
                end: m.end,
                label,
            });
        }
    }
    added.sort_by_key(|s| (s.start, std::cmp::Reverse(s.end)));
    for span in added {
        if spans
            .iter()
            .all(|s| s.end <= span.start || span.end <= s.start)
        {
            spans.push(span);
        }
    }
    spans.sort();
}

/// Where a span found by the model is part of a longer listed name written in full
/// ("Union" in "European Union"), the span becomes the whole name, keeping its label.
fn complete_listed_names(words: &[String], matches: &[gazetteer::GazMatch], spans: &mut Vec<Span>) {
    let mut names: Vec<&gazetteer::GazMatch> = matches
        .iter()
        .filter(|m| {
            m.exact
                && m.end - m.start >= 2
                && matches!(
                    gazetteer::LISTS[m.list].0,
                    "country" | "city" | "region" | "org" | "geo" | "company"
                )
                && starts_upper(&words[m.start])
                && starts_upper(&words[m.end - 1])
        })
        .collect();
    names.sort_by_key(|m| (std::cmp::Reverse(m.end - m.start), m.start));
    for m in names {
        let overlapping: Vec<usize> = (0..spans.len())
            .filter(|&i| spans[i].start < m.end && m.start < spans[i].end)
            .collect();
        let Some(&first) = overlapping.first() else {
            continue;
        };
        let inside = overlapping
            .iter()
            .all(|&i| spans[i].start >= m.start && spans[i].end <= m.end);
        let whole =
            overlapping.len() == 1 && spans[first].start == m.start && spans[first].end == m.end;
        if !inside || whole {
            continue;
        }
        let label = spans[first].label;
        spans.retain(|s| !(s.start < m.end && m.start < s.end));
        spans.push(Span {
            start: m.start,
            end: m.end,
            label,
        });
        spans.sort();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentence(text: &str) -> NerSentence {
        parse_columns(text).unwrap().remove(0)
    }

    #[test]
    fn a_listed_name_coordinated_with_a_name_of_its_kind_is_one() {
        let gaz = Gazetteer::shared();
        let run = |text: &str, found: Span| {
            let words: Vec<String> = text.split(' ').map(String::from).collect();
            let mut spans = vec![found];
            add_coordinated_names(&words, &gaz.matches(&words), &mut spans);
            spans
        };
        let samsung = Span {
            start: 2,
            end: 3,
            label: Label::Org,
        };
        let huawei = Span {
            start: 0,
            end: 1,
            label: Label::Org,
        };
        assert_eq!(
            run("Huawei and Samsung sold phones", samsung),
            vec![huawei, samsung]
        );
        // A family name is not an organisation because it stands beside one.
        assert_eq!(run("Smith and Samsung sold phones", samsung), vec![samsung]);
        // Nor is a listed name without a conjunction.
        assert_eq!(run("Huawei , Samsung sold phones", samsung), vec![samsung]);
    }

    #[test]
    fn a_name_takes_the_label_it_clearly_got_most_often_in_its_document() {
        assert_eq!(decisive_label(&[4, 0, 0, 0]), Some(Label::Per));
        assert_eq!(decisive_label(&[2, 0, 6, 0]), Some(Label::Loc));
        assert_eq!(decisive_label(&[4, 4, 0, 0]), None);
        assert_eq!(decisive_label(&[2, 0, 0, 0]), None);
    }

    #[test]
    fn lowercase_copies_keep_the_entities() {
        let data = parse_columns("Anna B-PER\nleft O\n\nit O\nrained O\n\n").unwrap();
        let out = with_lowercase_copies(&data, 1.0, 7);
        assert_eq!(out.len(), 3);
        assert_eq!(out[2].words, vec!["anna", "left"]);
        assert_eq!(out[2].spans, data[0].spans);
    }

    #[test]
    fn documents_are_numbered_from_their_marks() {
        let text = "# newdoc id = a\n1\tX\tO\n\n1\tY\tO\n\n# newdoc id = b\n1\tZ\tO\n\n";
        let docs: Vec<usize> = parse_columns(text).unwrap().iter().map(|s| s.doc).collect();
        assert_eq!(docs, vec![0, 0, 1]);
    }

    #[test]
    fn bilou_round_trip() {
        let s = sentence("Andrei B-PER\nKlimov I-PER\nof O\nRussia B-LOC\nspoke O\n");
        let tags = tags_from_spans(s.words.len(), &s.spans);
        assert_eq!(spans_from_tags(&tags), s.spans);
    }

    #[test]
    fn scores_are_exact_span() {
        let gold = sentence("New B-LOC\nYork I-LOC\nand O\nBoston B-LOC\n").spans;
        let pred = vec![
            Span {
                start: 1,
                end: 2,
                label: Label::Loc,
            },
            Span {
                start: 3,
                end: 4,
                label: Label::Loc,
            },
        ];
        let mut s = Scores::default();
        s.add(&gold, &pred);
        let t = s.total();
        assert_eq!((t.tp, t.fp, t.fn_), (1, 1, 1));
        assert!((t.f1() - 0.5).abs() < 1e-9);
    }

    #[test]
    fn a_tiny_trained_model_generalises_to_context() {
        let text = "Mr. O\nSmith B-PER\nsaid O\n\nMr. O\nJones B-PER\nsaid O\n\nin O\nParis B-LOC\n\nin O\nBerlin B-LOC\n\n";
        let data = parse_columns(text).unwrap();
        let opts = TrainOptions {
            epochs: 5,
            min_count: 1,
            ..TrainOptions::default()
        };
        let model = train(&data, &[], &opts, |_| {});
        let w = |s: &str| s.split(' ').map(str::to_string).collect::<Vec<_>>();
        let p = model.predict(&w("Mr. Brown said"), None);
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].label, Label::Per);
        let back = NerModel::from_bytes(&model.weights.to_bytes().unwrap()).unwrap();
        assert_eq!(back.predict(&w("Mr. Brown said"), None), p);
    }

    #[test]
    fn shipped_model_finds_people_places_organisations_and_demonyms() {
        let nlp = crate::Nlp::load_default().unwrap();
        let mut doc = Doc::new(dyad_model::Article {
            text: "Russian politician Andrei Klimov told Reuters on Monday that Georgia will not \
                   join NATO. The European Union said Klimov was wrong. Thousands of Kenyans \
                   marched in Nairobi with Sierra Leonean refugees."
                .into(),
            ..dyad_model::Article::default()
        });
        nlp.annotate(&mut doc);
        let found: Vec<(&str, &str)> = doc
            .entities
            .iter()
            .filter(|e| !e.label.is_empty())
            .map(|e| (e.text.as_str(), e.label.as_str()))
            .collect();
        let has = |t: &str, l: &str| found.contains(&(t, l));
        for (text, label) in [
            ("Andrei Klimov", "PER"),
            ("Reuters", "ORG"),
            ("Georgia", "LOC"),
            ("NATO", "ORG"),
            ("European Union", "ORG"),
            ("Klimov", "PER"),
            ("Russian", "NORP"),
            // A demonym's plural is one too.
            ("Kenyans", "NORP"),
            ("Sierra Leonean", "NORP"),
            ("Nairobi", "LOC"),
        ] {
            assert!(has(text, label), "{text} {label} not in {found:?}");
        }
        let klimov = doc
            .entities
            .iter()
            .find(|e| e.text == "Andrei Klimov")
            .unwrap();
        assert_eq!(
            (
                klimov.sentence,
                klimov.first_token,
                klimov.last_token,
                klimov.start
            ),
            (0, 3, 4, 19)
        );
        assert_eq!(klimov.kind, "ner");
    }

    #[test]
    fn listed_names_complete_partial_spans() {
        let model = NerModel::load_default().unwrap();
        let words: Vec<String> = "sanctions by the European Union"
            .split(' ')
            .map(str::to_string)
            .collect();
        let mut spans = vec![Span {
            start: 4,
            end: 5,
            label: Label::Org,
        }];
        complete_listed_names(&words, &model.gazetteer.matches(&words), &mut spans);
        assert_eq!(
            spans,
            vec![Span {
                start: 3,
                end: 5,
                label: Label::Org
            }]
        );
    }

    #[test]
    fn a_name_after_the_town_of_is_a_place() {
        let words: Vec<String> = "shelling of the Ukrainian town of Sumy by Russia"
            .split(' ')
            .map(str::to_string)
            .collect();
        let span = |start, end, label| Span { start, end, label };
        let mut spans = vec![span(6, 7, Label::Per), span(8, 9, Label::Loc)];
        label_named_places(&words, &mut spans);
        assert_eq!(spans, vec![span(6, 7, Label::Loc), span(8, 9, Label::Loc)]);
        let words: Vec<String> = "the son of Ahmed".split(' ').map(str::to_string).collect();
        let mut spans = vec![span(3, 4, Label::Per)];
        label_named_places(&words, &mut spans);
        assert_eq!(spans[0].label, Label::Per, "only after a place noun");
    }

    #[test]
    fn a_place_naming_an_accord_is_no_entity() {
        let words: Vec<String> = "the Paris Agreement and Paris itself"
            .split(' ')
            .map(str::to_string)
            .collect();
        let span = |start, end, label| Span { start, end, label };
        let mut spans = vec![span(1, 2, Label::Loc), span(4, 5, Label::Loc)];
        drop_places_naming_accords(&words, &mut spans);
        assert_eq!(spans, vec![span(4, 5, Label::Loc)]);
        let words: Vec<String> = "the Treaty of London and the Minsk agreements , signed in Minsk"
            .split(' ')
            .map(str::to_string)
            .collect();
        let mut spans = vec![
            span(3, 4, Label::Loc),
            span(6, 7, Label::Loc),
            span(11, 12, Label::Loc),
        ];
        drop_places_naming_accords(&words, &mut spans);
        assert_eq!(spans, vec![span(11, 12, Label::Loc)]);
    }

    #[test]
    fn a_country_whose_name_takes_its_article_includes_it() {
        let w: Vec<String> = "police in the Netherlands and the Congo"
            .split(' ')
            .map(str::to_string)
            .collect();
        let loc = |start, end| Span {
            start,
            end,
            label: Label::Loc,
        };
        let mut spans = vec![loc(3, 4), loc(6, 7)];
        label_named_places(&w, &mut spans);
        assert_eq!(spans, vec![loc(2, 4), loc(6, 7)]);
    }

    #[test]
    fn a_listed_organisation_of_several_words_the_model_missed_is_added() {
        let w: Vec<String> = "Greece asked its European Community partners and Kiev Bank"
            .split(' ')
            .map(str::to_string)
            .collect();
        let matches = Gazetteer::shared().matches(&w);
        let mut spans = vec![Span {
            start: 0,
            end: 1,
            label: Label::Loc,
        }];
        add_listed_organisations(&w, &matches, &mut spans);
        assert!(spans.contains(&Span {
            start: 3,
            end: 5,
            label: Label::Org
        }));
        // A name already in a span stays as the model found it.
        assert_eq!(spans.iter().filter(|s| s.start == 0).count(), 1);
        // "The Australian" is a newspaper, but not before "government".
        let w: Vec<String> = "yesterday The Australian government protested"
            .split(' ')
            .map(str::to_string)
            .collect();
        let matches = Gazetteer::shared().matches(&w);
        let mut spans = Vec::new();
        add_listed_organisations(&w, &matches, &mut spans);
        assert!(spans.is_empty(), "{spans:?}");
    }

    #[test]
    fn a_given_name_continues_over_a_surname_that_is_a_word() {
        let w: Vec<String> = "Greg Couch will take over from Anna in Berlin"
            .split(' ')
            .map(str::to_string)
            .collect();
        let matches = Gazetteer::shared().matches(&w);
        let per = |start, end| Span {
            start,
            end,
            label: Label::Per,
        };
        let mut spans = vec![per(0, 1), per(5, 6)];
        complete_first_names(&w, &matches, &mut spans);
        assert_eq!(spans, vec![per(0, 2), per(5, 6)]);
        let w: Vec<String> = "Reaction from President Moise Shortly before the press conference"
            .split(' ')
            .map(str::to_string)
            .collect();
        let matches = Gazetteer::shared().matches(&w);
        let mut spans = vec![per(3, 4)];
        complete_first_names(&w, &matches, &mut spans);
        assert_eq!(spans, vec![per(3, 4)]);
    }

    #[test]
    fn a_listed_place_in_an_all_lower_case_sentence_is_a_place_after_a_preposition() {
        let run = |text: &str| {
            let w: Vec<String> = text.split(' ').map(str::to_string).collect();
            let matches = Gazetteer::shared().matches(&w);
            let mut spans = Vec::new();
            add_lowercase_places(&w, &matches, &mut spans);
            spans
                .iter()
                .map(|s| w[s.start..s.end].join(" "))
                .collect::<Vec<_>>()
        };
        assert_eq!(run("migratory birds in punjab ?"), vec!["punjab"]);
        assert!(run("why would you want a chihuahua ?").is_empty());
        assert!(run("we ate turkey in the kitchen").is_empty());
        // A sentence with capitals inside leaves the weights to decide.
        assert!(run("birds fly from Kerala to punjab ?").is_empty());
    }

    #[test]
    fn an_acronym_defined_in_brackets_names_what_its_initials_spell() {
        let words = |text: &str| -> Vec<String> { text.split(' ').map(str::to_string).collect() };
        let span = |start, end, label| Span { start, end, label };
        let run = |text: &str, spans: Vec<Span>| {
            let mut spans = spans;
            name_defined_acronyms(&words(text), &mut spans);
            spans
        };
        assert_eq!(
            run(
                "The World Health Organisation ( WHO ) recommends salt",
                vec![]
            ),
            vec![span(1, 4, Label::Org), span(5, 6, Label::Org)]
        );
        assert_eq!(
            run(
                "says Canadian Blood Services ( CBS ) .",
                vec![span(1, 2, Label::Loc)]
            ),
            vec![span(1, 4, Label::Org), span(5, 6, Label::Org)]
        );
        // A law's acronym names no entity.
        assert!(run(
            "the Countering Adversaries Through Sanctions Act ( CATSA ) passed",
            vec![]
        )
        .is_empty());
        // Initials that do not spell it: no change.
        assert_eq!(
            run("the Kremlin ( Russia ) said", vec![span(1, 2, Label::Org)]),
            vec![span(1, 2, Label::Org)]
        );
    }

    #[test]
    fn a_quoted_surname_comma_given_name_is_one_person() {
        let w: Vec<String> = "\" Townsend , George \" < gtownsend@example.net >"
            .split(' ')
            .map(str::to_string)
            .collect();
        let span = |start, end, label| Span { start, end, label };
        let mut spans = vec![span(1, 2, Label::Per), span(3, 4, Label::Loc)];
        join_inverted_names(&w, &mut spans);
        assert_eq!(spans, vec![span(1, 4, Label::Per)]);
        // Two places in a list stay two places.
        let w: Vec<String> = "\" Paris , Texas \""
            .split(' ')
            .map(str::to_string)
            .collect();
        let mut spans = vec![span(1, 2, Label::Loc), span(3, 4, Label::Loc)];
        join_inverted_names(&w, &mut spans);
        assert_eq!(spans.len(), 2);
    }

    #[test]
    fn a_legal_form_suffix_ends_a_company_name() {
        let words = |text: &str| -> Vec<String> { text.split(' ').map(str::to_string).collect() };
        let span = |start, end, label| Span { start, end, label };
        let run = |text: &str, spans: Vec<Span>| {
            let w = words(text);
            let matches = Gazetteer::shared().matches(&w);
            let mut spans = spans;
            complete_company_names(&w, &matches, &mut spans);
            spans
        };
        assert_eq!(
            run(
                "Holland & Hart , LLP ; dated 4/14/00",
                vec![
                    span(0, 1, Label::Loc),
                    span(2, 3, Label::Per),
                    span(4, 5, Label::Loc)
                ]
            ),
            vec![span(0, 5, Label::Org)]
        );
        assert_eq!(
            run(
                "counsel at ISO New England Inc. in Holyoke",
                vec![span(2, 3, Label::Org), span(3, 6, Label::Org)]
            ),
            vec![span(2, 6, Label::Org)]
        );
        assert_eq!(
            run(
                "First Union Securities , Inc .",
                vec![span(0, 3, Label::Org)]
            ),
            vec![span(0, 6, Label::Org)]
        );
        // A person before the company is not part of it.
        assert_eq!(
            run(
                "Stacey Richardson Enron Net Works , LLC",
                vec![span(0, 2, Label::Per), span(2, 5, Label::Org)]
            ),
            vec![span(0, 2, Label::Per), span(2, 7, Label::Org)]
        );
    }

    #[test]
    fn a_possessive_that_owns_nothing_names_a_business() {
        let words = |text: &str| -> Vec<String> { text.split(' ').map(str::to_string).collect() };
        let span = |start, end, label| Span { start, end, label };
        let run = |text: &str, spans: Vec<Span>| {
            let mut spans = spans;
            name_businesses_by_possessive(&words(text), &mut spans);
            spans
        };
        assert_eq!(
            run("do not eat at Sprecher 's .", vec![span(4, 5, Label::Per)]),
            vec![span(4, 6, Label::Org)]
        );
        assert_eq!(
            run(
                "Hackney 's has a great burger",
                vec![span(0, 1, Label::Loc)]
            ),
            vec![span(0, 2, Label::Org)]
        );
        assert_eq!(
            run(
                "we are going to Del Frisco 's in November",
                vec![span(4, 6, Label::Loc)]
            ),
            vec![span(4, 7, Label::Org)]
        );
        assert_eq!(
            run("Ray 's Pizza is too good", vec![span(0, 1, Label::Per)]),
            vec![span(0, 3, Label::Org)]
        );
        // A possessive that owns something stays a possessive.
        assert_eq!(
            run("read Brisbane 's Nine News .", vec![span(1, 2, Label::Loc)]),
            vec![span(1, 2, Label::Loc)]
        );
        assert_eq!(
            run("Google 's new toolbar", vec![span(0, 1, Label::Org)]),
            vec![span(0, 1, Label::Org)]
        );
        assert_eq!(
            run("Putin 's spokesman said", vec![span(0, 1, Label::Per)]),
            vec![span(0, 1, Label::Per)]
        );
    }

    #[test]
    fn a_name_before_a_lower_case_division_noun_is_a_place_without_the_noun() {
        let words = |text: &str| -> Vec<String> { text.split(' ').map(str::to_string).collect() };
        let loc = |start, end| Span {
            start,
            end,
            label: Label::Loc,
        };
        let run = |text: &str, spans: Vec<Span>| {
            let w = words(text);
            let matches = Gazetteer::shared().matches(&w);
            let mut spans = spans;
            name_administrative_regions(&w, &matches, &mut spans);
            spans
        };
        assert_eq!(
            run("the governor of the Tyumen region resigned", vec![]),
            vec![loc(4, 5)]
        );
        assert_eq!(
            run("shelling in the Haute - Garonne region", vec![]),
            vec![loc(3, 6)]
        );
        assert_eq!(run("in Tulcea county", vec![loc(1, 3)]), vec![loc(1, 2)]);
        // No name: a sentence-initial article, a compass adjective, a lower-case word.
        assert!(run("The region is calm", vec![]).is_empty());
        assert!(run("in the Southern region", vec![]).is_empty());
        assert!(run("in the border region", vec![]).is_empty());
        assert!(run("the breakaway Georgian region of South Ossetia", vec![]).is_empty());
    }

    #[test]
    fn person_names_leave_out_titles_and_keep_regnal_numbers_and_suffixes() {
        let words = |text: &str| -> Vec<String> { text.split(' ').map(str::to_string).collect() };
        let per = |start, end| Span {
            start,
            end,
            label: Label::Per,
        };
        let fit = |text: &str, spans: Vec<Span>| {
            let w = words(text);
            let matches = Gazetteer::shared().matches(&w);
            let mut spans = spans;
            fit_person_names(&w, &matches, &mut spans);
            spans
        };
        assert_eq!(
            fit("Mrs Clinton has left", vec![per(0, 2)]),
            vec![per(1, 2)]
        );
        assert_eq!(fit("led by Lord North .", vec![per(2, 4)]), vec![per(3, 4)]);
        assert_eq!(
            fit("under Henry I and his heirs", vec![per(1, 2)]),
            vec![per(1, 3)]
        );
        assert_eq!(
            fit("Pope John Paul II visited", vec![per(1, 3)]),
            vec![per(1, 4)]
        );
        assert_eq!(
            fit("a monument to Martin Luther King , Jr. .", vec![per(3, 6)]),
            vec![per(3, 8)]
        );
        assert_eq!(
            fit("paintings by Lucas Cranach the Elder", vec![per(2, 4)]),
            vec![per(2, 6)]
        );
        // "I" after a full name is the pronoun; a title before a lower-case word stays.
        assert_eq!(fit("John Smith I think", vec![per(0, 2)]), vec![per(0, 2)]);
        assert_eq!(fit("Earl of Clare", vec![per(0, 3)]), vec![per(0, 3)]);
    }

    #[test]
    fn a_name_speaking_in_a_closing_attribution_is_a_person() {
        let words = |text: &str| -> Vec<String> { text.split(' ').map(str::to_string).collect() };
        let span = |start, end, label| Span { start, end, label };
        let w = words("the market is political , says Tarlo .");
        let mut spans = Vec::new();
        add_speakers(&w, &[], &mut spans);
        assert_eq!(spans, vec![span(6, 7, Label::Per)]);
        let w = words("the hair is bathed , Tarlo explains .");
        let mut spans = Vec::new();
        add_speakers(&w, &[], &mut spans);
        assert_eq!(spans, vec![span(5, 6, Label::Per)]);
        // Not inside a sentence ("says Tarlo and his team"), nor a word already in a span.
        let w = words("it is , says Tarlo and his team .");
        let mut spans = Vec::new();
        add_speakers(&w, &[], &mut spans);
        assert!(spans.is_empty());
        let w = words("it is , says Reuters .");
        let mut spans = vec![span(4, 5, Label::Org)];
        add_speakers(&w, &[], &mut spans);
        assert_eq!(spans, vec![span(4, 5, Label::Org)]);
    }

    #[test]
    fn listed_organisations_are_organisations_and_listed_places_keep_their_label() {
        let model = NerModel::load_default().unwrap();
        let words: Vec<String> = "the EU and Georgia"
            .split(' ')
            .map(str::to_string)
            .collect();
        let span = |start: usize, label: Label| Span {
            start,
            end: start + 1,
            label,
        };
        let mut spans = vec![span(1, Label::Loc), span(3, Label::Loc)];
        label_listed_organisations(&model.gazetteer.matches(&words), &mut spans);
        assert_eq!(spans, vec![span(1, Label::Org), span(3, Label::Loc)]);
    }

    #[test]
    fn an_entity_ends_with_its_word_inside_a_multiword_token() {
        let text = "Putin's plans";
        let token = |id: u32, form: &str, start: usize, end: usize| dyad_model::Token {
            id,
            form: form.into(),
            start,
            end,
            ..dyad_model::Token::default()
        };
        let sentence = Sentence {
            start: 0,
            end: 13,
            tokens: vec![
                token(1, "Putin", 0, 7),
                token(2, "'s", 0, 7),
                token(3, "plans", 8, 13),
            ],
            multiword: vec![],
        };
        let chars: Vec<char> = text.chars().collect();
        let e = entity(&chars, &sentence, 0, 0, 1, "PER", "ner");
        assert_eq!((e.start, e.end, e.text.as_str()), (0, 5, "Putin"));
        let whole = entity(&chars, &sentence, 0, 2, 3, "ORG", "ner");
        assert_eq!(whole.text, "plans");
    }
}
