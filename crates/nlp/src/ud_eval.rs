//! The CoNLL 2018 shared task scorer (`conll18_ud_eval.py` semantics) over dyad sentences.
//!
//! Gold and system are aligned on the characters of their tokens with whitespace removed, so a
//! system that tokenised raw text differently is still scored word by word: tokens and sentences
//! by exact span match, words through multiword-token-aware alignment (LCS of forms inside a
//! region where either side has a multiword token), and every annotation metric only over
//! aligned words. Precision divides by system words, recall by gold words.

use std::collections::HashMap;

use dyad_model::Sentence;
use serde::Serialize;

/// Gold and system texts differ, so they cannot be aligned.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum UdEvalError {
    #[error(
        "gold and system texts differ at non-whitespace character {index}: gold {gold:?}, system {system:?}"
    )]
    TextMismatch {
        index: usize,
        gold: String,
        system: String,
    },
}

/// Counts behind one metric.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Score {
    pub gold: usize,
    pub system: usize,
    pub correct: usize,
    /// Aligned words, for the annotation metrics (accuracy over aligned words).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aligned: Option<usize>,
}

impl Score {
    pub fn precision(&self) -> f64 {
        ratio(self.correct, self.system)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.correct, self.gold)
    }
    pub fn f1(&self) -> f64 {
        ratio(2 * self.correct, self.system + self.gold)
    }
    pub fn aligned_accuracy(&self) -> Option<f64> {
        self.aligned.map(|a| ratio(self.correct, a))
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// The metric names in the order the official script prints them.
pub const METRICS: [&str; 13] = [
    "Tokens",
    "Sentences",
    "Words",
    "UPOS",
    "XPOS",
    "UFeats",
    "AllTags",
    "Lemmas",
    "UAS",
    "LAS",
    "CLAS",
    "MLAS",
    "BLEX",
];

/// All metrics of one evaluation, in [`METRICS`] order.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct UdScores {
    pub metrics: Vec<(String, Score)>,
}

impl UdScores {
    pub fn get(&self, name: &str) -> Option<&Score> {
        self.metrics.iter().find(|(n, _)| n == name).map(|(_, s)| s)
    }
}

const UNIVERSAL_FEATURES: [&str; 21] = [
    "PronType", "NumType", "Poss", "Reflex", "Foreign", "Abbr", "Gender", "Animacy", "Number",
    "Case", "Definite", "Degree", "VerbForm", "Mood", "Tense", "Aspect", "Voice", "Evident",
    "Polarity", "Person", "Polite",
];
const CONTENT_DEPRELS: [&str; 29] = [
    "nsubj",
    "obj",
    "iobj",
    "csubj",
    "ccomp",
    "xcomp",
    "obl",
    "vocative",
    "expl",
    "dislocated",
    "advcl",
    "advmod",
    "discourse",
    "nmod",
    "appos",
    "nummod",
    "acl",
    "amod",
    "conj",
    "fixed",
    "flat",
    "compound",
    "list",
    "parataxis",
    "orphan",
    "goeswith",
    "reparandum",
    "root",
    "dep",
];
const FUNCTIONAL_DEPRELS: [&str; 7] = ["aux", "cop", "mark", "det", "clf", "case", "cc"];

/// A word as the scorer sees it: span in the whitespace-free character stream and annotation
/// normalised the way the official script does (universal deprel, universal features only).
struct Word<'a> {
    form_lower: String,
    span: (usize, usize),
    is_multiword: bool,
    upos: &'a str,
    xpos: &'a str,
    feats: String,
    lemma: &'a str,
    deprel: &'a str,
    parent: Parent,
    functional_children: Vec<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Parent {
    Root,
    Word(usize),
    /// A head id outside the sentence (only broken system output has one).
    Invalid,
}

struct Loaded<'a> {
    words: Vec<Word<'a>>,
    tokens: Vec<(usize, usize)>,
    sentences: Vec<(usize, usize)>,
    chars: Vec<char>,
}

fn load(sentences: &[Sentence]) -> Loaded<'_> {
    let mut out = Loaded {
        words: Vec::new(),
        tokens: Vec::new(),
        sentences: Vec::new(),
        chars: Vec::new(),
    };
    for sentence in sentences {
        let base = out.words.len();
        let sent_start = out.chars.len();
        let n = sentence.tokens.len() as u32;
        let mut id = 1u32;
        while id <= n {
            let mwt = sentence
                .multiword
                .iter()
                .find(|m| m.first == id && m.last >= id);
            let (form, last) = match mwt {
                Some(m) => (m.form.as_str(), m.last.min(n)),
                None => (sentence.tokens[(id - 1) as usize].form.as_str(), id),
            };
            let start = out.chars.len();
            out.chars
                .extend(form.chars().filter(|c| !c.is_whitespace()));
            let span = (start, out.chars.len());
            out.tokens.push(span);
            for wid in id..=last {
                let t = &sentence.tokens[(wid - 1) as usize];
                let parent = match t.head {
                    0 => Parent::Root,
                    h if h <= n => Parent::Word(base + (h - 1) as usize),
                    _ => Parent::Invalid,
                };
                let mut feats: Vec<&str> = t
                    .feats
                    .split('|')
                    .filter(|f| {
                        f.split('=')
                            .next()
                            .is_some_and(|k| UNIVERSAL_FEATURES.contains(&k))
                    })
                    .collect();
                feats.sort_unstable();
                out.words.push(Word {
                    form_lower: t.form.to_lowercase(),
                    span,
                    is_multiword: mwt.is_some(),
                    upos: &t.upos,
                    xpos: &t.xpos,
                    feats: feats.join("|"),
                    lemma: &t.lemma,
                    deprel: t.deprel.split(':').next().unwrap_or(""),
                    parent,
                    functional_children: Vec::new(),
                });
            }
            id = last + 1;
        }
        if out.chars.len() > sent_start || !sentence.tokens.is_empty() {
            out.sentences.push((sent_start, out.chars.len()));
        }
    }
    for i in 0..out.words.len() {
        if let Parent::Word(p) = out.words[i].parent {
            if FUNCTIONAL_DEPRELS.contains(&out.words[i].deprel) {
                out.words[p].functional_children.push(i);
            }
        }
    }
    out
}

fn spans_score(gold: &[(usize, usize)], system: &[(usize, usize)]) -> Score {
    let (mut correct, mut gi, mut si) = (0, 0, 0);
    while gi < gold.len() && si < system.len() {
        if system[si].0 < gold[gi].0 {
            si += 1;
        } else if gold[gi].0 < system[si].0 {
            gi += 1;
        } else {
            correct += usize::from(gold[gi].1 == system[si].1);
            gi += 1;
            si += 1;
        }
    }
    Score {
        gold: gold.len(),
        system: system.len(),
        correct,
        aligned: None,
    }
}

fn beyond_end(words: &[Word], i: usize, end: usize) -> bool {
    match words.get(i) {
        None => true,
        Some(w) if w.is_multiword => w.span.0 >= end,
        Some(w) => w.span.1 > end,
    }
}

fn extend_end(word: &Word, end: usize) -> usize {
    if word.is_multiword && word.span.1 > end {
        word.span.1
    } else {
        end
    }
}

/// Aligns words; returns (gold index, system index) pairs in order.
fn align(gold: &[Word], system: &[Word]) -> Vec<(usize, usize)> {
    let mut pairs = Vec::new();
    let (mut gi, mut si) = (0, 0);
    while gi < gold.len() && si < system.len() {
        if gold[gi].is_multiword || system[si].is_multiword {
            let mut end;
            if gold[gi].is_multiword {
                end = gold[gi].span.1;
                if !system[si].is_multiword && system[si].span.0 < gold[gi].span.0 {
                    si += 1;
                }
            } else {
                end = system[si].span.1;
                if !gold[gi].is_multiword && gold[gi].span.0 < system[si].span.0 {
                    gi += 1;
                }
            }
            let (gs, ss) = (gi, si);
            while !beyond_end(gold, gi, end) || !beyond_end(system, si, end) {
                if gi < gold.len() && (si >= system.len() || gold[gi].span.0 <= system[si].span.0) {
                    end = extend_end(&gold[gi], end);
                    gi += 1;
                } else {
                    end = extend_end(&system[si], end);
                    si += 1;
                }
            }
            if gi > gs && si > ss {
                align_lcs(&gold[gs..gi], &system[ss..si], gs, ss, &mut pairs);
            }
        } else if gold[gi].span == system[si].span {
            pairs.push((gi, si));
            gi += 1;
            si += 1;
        } else if gold[gi].span.0 <= system[si].span.0 {
            gi += 1;
        } else {
            si += 1;
        }
    }
    pairs
}

fn align_lcs(
    gold: &[Word],
    system: &[Word],
    gs: usize,
    ss: usize,
    pairs: &mut Vec<(usize, usize)>,
) {
    let (ng, ns) = (gold.len(), system.len());
    let mut lcs = vec![vec![0usize; ns + 1]; ng + 1];
    for g in (0..ng).rev() {
        for s in (0..ns).rev() {
            let mut v = if gold[g].form_lower == system[s].form_lower {
                1 + lcs[g + 1][s + 1]
            } else {
                0
            };
            v = v.max(lcs[g + 1][s]).max(lcs[g][s + 1]);
            lcs[g][s] = v;
        }
    }
    let (mut g, mut s) = (0, 0);
    while g < ng && s < ns {
        if gold[g].form_lower == system[s].form_lower {
            pairs.push((gs + g, ss + s));
            g += 1;
            s += 1;
        } else if lcs[g][s] == lcs[g + 1][s] {
            g += 1;
        } else {
            s += 1;
        }
    }
}

/// Where a word's head points, in gold word indices.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Head {
    Root,
    Gold(usize),
    NotAligned,
}

/// Scores `system` against `gold` (each the sentences of one whole file or document, in order).
pub fn evaluate(gold: &[Sentence], system: &[Sentence]) -> Result<UdScores, UdEvalError> {
    let g = load(gold);
    let s = load(system);
    if g.chars != s.chars {
        let index = g
            .chars
            .iter()
            .zip(&s.chars)
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| g.chars.len().min(s.chars.len()));
        let around = |c: &[char]| c.iter().skip(index).take(20).collect::<String>();
        return Err(UdEvalError::TextMismatch {
            index,
            gold: around(&g.chars),
            system: around(&s.chars),
        });
    }
    let pairs = align(&g.words, &s.words);
    let sys_to_gold: HashMap<usize, usize> = pairs.iter().map(|&(gi, si)| (si, gi)).collect();
    let gold_head = |p: Parent| match p {
        Parent::Root => Head::Root,
        Parent::Word(i) => Head::Gold(i),
        Parent::Invalid => Head::NotAligned,
    };
    let sys_head = |p: Parent| match p {
        Parent::Root => Head::Root,
        Parent::Word(i) => sys_to_gold
            .get(&i)
            .map_or(Head::NotAligned, |&g| Head::Gold(g)),
        Parent::Invalid => Head::NotAligned,
    };
    let sys_word = |i: usize| {
        sys_to_gold
            .get(&i)
            .map_or(Head::NotAligned, |&g| Head::Gold(g))
    };

    let words_score = |content_only: bool| {
        let keep = |w: &Word| !content_only || CONTENT_DEPRELS.contains(&w.deprel);
        Score {
            gold: g.words.iter().filter(|w| keep(w)).count(),
            system: s.words.iter().filter(|w| keep(w)).count(),
            correct: pairs.iter().filter(|&&(gi, _)| keep(&g.words[gi])).count(),
            aligned: None,
        }
    };
    let annotation = |content_only: bool, same: &dyn Fn(&Word, &Word) -> bool| {
        let mut score = words_score(content_only);
        score.aligned = Some(score.correct);
        score.correct = pairs
            .iter()
            .filter(|&&(gi, si)| {
                (!content_only || CONTENT_DEPRELS.contains(&g.words[gi].deprel))
                    && same(&g.words[gi], &s.words[si])
            })
            .count();
        score
    };
    let lemma_ok = |gw: &Word, sw: &Word| gw.lemma == "_" || gw.lemma == sw.lemma;
    let uas = |gw: &Word, sw: &Word| gold_head(gw.parent) == sys_head(sw.parent);
    let las = |gw: &Word, sw: &Word| uas(gw, sw) && gw.deprel == sw.deprel;
    let mlas = |gw: &Word, sw: &Word| {
        las(gw, sw)
            && gw.upos == sw.upos
            && gw.feats == sw.feats
            && gw.functional_children.len() == sw.functional_children.len()
            && gw
                .functional_children
                .iter()
                .zip(&sw.functional_children)
                .all(|(&gc, &sc)| {
                    let (gcw, scw) = (&g.words[gc], &s.words[sc]);
                    Head::Gold(gc) == sys_word(sc)
                        && gcw.deprel == scw.deprel
                        && gcw.feats == scw.feats
                })
    };

    let metrics = vec![
        ("Tokens", spans_score(&g.tokens, &s.tokens)),
        ("Sentences", spans_score(&g.sentences, &s.sentences)),
        ("Words", words_score(false)),
        ("UPOS", annotation(false, &|a, b| a.upos == b.upos)),
        ("XPOS", annotation(false, &|a, b| a.xpos == b.xpos)),
        ("UFeats", annotation(false, &|a, b| a.feats == b.feats)),
        (
            "AllTags",
            annotation(false, &|a, b| {
                a.upos == b.upos && a.xpos == b.xpos && a.feats == b.feats
            }),
        ),
        ("Lemmas", annotation(false, &lemma_ok)),
        ("UAS", annotation(false, &uas)),
        ("LAS", annotation(false, &las)),
        ("CLAS", annotation(true, &las)),
        ("MLAS", annotation(true, &mlas)),
        (
            "BLEX",
            annotation(true, &|a, b| las(a, b) && lemma_ok(a, b)),
        ),
    ];
    Ok(UdScores {
        metrics: metrics
            .into_iter()
            .map(|(n, s)| (n.to_string(), s))
            .collect(),
    })
}

/// The official script's table: `Metric | Precision | Recall | F1 Score | AligndAcc`.
pub fn format_table(scores: &UdScores) -> String {
    let mut out = String::from(
        "Metric     | Precision |    Recall |  F1 Score | AligndAcc\n\
         -----------+-----------+-----------+-----------+-----------\n",
    );
    for (name, s) in &scores.metrics {
        let aligned = s
            .aligned_accuracy()
            .map_or(String::new(), |a| format!("{:10.2}", 100.0 * a));
        out.push_str(&format!(
            "{:<11}|{:10.2} |{:10.2} |{:10.2} |{}\n",
            name,
            100.0 * s.precision(),
            100.0 * s.recall(),
            100.0 * s.f1(),
            aligned
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use dyad_model::{MultiwordToken, Token};

    /// A sentence from `(form, head, deprel)` words; forms separated by spaces in the text.
    fn sentence(words: &[(&str, u32, &str)], offset: &mut usize) -> Sentence {
        let start = *offset;
        let tokens = words
            .iter()
            .enumerate()
            .map(|(i, (form, head, deprel))| {
                let s = *offset;
                *offset += form.chars().count() + 1;
                Token {
                    id: i as u32 + 1,
                    form: form.to_string(),
                    start: s,
                    end: s + form.chars().count(),
                    upos: "X".into(),
                    head: *head,
                    deprel: deprel.to_string(),
                    space_after: true,
                    ..Token::default()
                }
            })
            .collect::<Vec<_>>();
        Sentence {
            start,
            end: *offset - 1,
            tokens,
            multiword: vec![],
        }
    }

    fn gold() -> Vec<Sentence> {
        let mut off = 0;
        vec![
            sentence(
                &[
                    ("Russia", 2, "nsubj"),
                    ("condemned", 0, "root"),
                    ("it", 2, "obj"),
                    (".", 2, "punct"),
                ],
                &mut off,
            ),
            sentence(
                &[("They", 2, "nsubj"), ("left", 0, "root"), (".", 2, "punct")],
                &mut off,
            ),
        ]
    }

    #[test]
    fn a_perfect_system_scores_100_everywhere() {
        let g = gold();
        let scores = evaluate(&g, &g).unwrap();
        for (name, s) in &scores.metrics {
            assert!((s.f1() - 1.0).abs() < 1e-12, "{name}: {s:?}");
        }
        assert_eq!(scores.get("Tokens").unwrap().gold, 7);
        assert_eq!(scores.get("Sentences").unwrap().gold, 2);
    }

    #[test]
    fn a_missed_sentence_boundary_and_a_bad_head_cost_what_they_should() {
        let g = gold();
        // System: one sentence for both, and "it" attached to "Russia".
        let mut off = 0;
        let sys = vec![sentence(
            &[
                ("Russia", 2, "nsubj"),
                ("condemned", 0, "root"),
                ("it", 1, "obj"),
                (".", 2, "punct"),
                ("They", 6, "obj"),
                ("left", 2, "parataxis"),
                (".", 6, "punct"),
            ],
            &mut off,
        )];
        let scores = evaluate(&g, &sys).unwrap();
        assert_eq!(scores.get("Tokens").unwrap().f1(), 1.0);
        let sent = scores.get("Sentences").unwrap();
        // Gold spans (whitespace removed): [0,18) and [18,27); system [0,27): no match.
        assert_eq!((sent.gold, sent.system, sent.correct), (2, 1, 0));
        let uas = scores.get("UAS").unwrap();
        // "it" and "left" have wrong heads.
        assert_eq!(uas.correct, 5);
        let las = scores.get("LAS").unwrap();
        // ... and "They" the wrong relation.
        assert_eq!(las.correct, 4);
        assert!((las.f1() - 4.0 / 7.0).abs() < 1e-12);
        assert!((uas.precision() - 5.0 / 7.0).abs() < 1e-12);
    }

    #[test]
    fn multiword_tokens_align_by_form_and_split_tokens_are_token_errors() {
        // Gold: "don't" = do + n't; system: "don" + "'t" as two plain tokens, then "go".
        let tok = |id: u32, form: &str, start: usize, end: usize| Token {
            id,
            form: form.into(),
            start,
            end,
            head: 0,
            ..Token::default()
        };
        let g = vec![Sentence {
            start: 0,
            end: 8,
            tokens: vec![tok(1, "do", 0, 5), tok(2, "n't", 0, 5), tok(3, "go", 6, 8)],
            multiword: vec![MultiwordToken {
                first: 1,
                last: 2,
                form: "don't".into(),
                start: 0,
                end: 5,
                space_after: true,
            }],
        }];
        let s = vec![Sentence {
            start: 0,
            end: 8,
            tokens: vec![tok(1, "don", 0, 3), tok(2, "'t", 3, 5), tok(3, "go", 6, 8)],
            multiword: vec![],
        }];
        let scores = evaluate(&g, &s).unwrap();
        let tokens = scores.get("Tokens").unwrap();
        assert_eq!((tokens.gold, tokens.system, tokens.correct), (2, 3, 1));
        let words = scores.get("Words").unwrap();
        assert_eq!((words.gold, words.system, words.correct), (3, 3, 1));
        // The same MWT on both sides aligns every word.
        let scores = evaluate(&g, &g).unwrap();
        assert_eq!(scores.get("Words").unwrap().correct, 3);
    }

    #[test]
    fn different_texts_are_an_error_not_a_score() {
        let g = gold();
        let mut s = gold();
        s[0].tokens[0].form = "Prussia".into();
        assert!(matches!(
            evaluate(&g, &s),
            Err(UdEvalError::TextMismatch { index: 0, .. })
        ));
    }
}
