//! Part-of-speech tagger: a greedy left-to-right averaged perceptron over joint `UPOS\tXPOS`
//! tags, with a tag dictionary for frequent unambiguous words.

use dyad_model::Token;

use crate::features::{f1, f2, f3, hash_str, shape, FeatMap};
use crate::model::{Reader, Writer};
use crate::perceptron::{argmax_where, Trainer, Weights};
use crate::NlpError;

/// Per-word values the tagger's and parser's features are built from, computed once.
#[derive(Clone, Default)]
pub struct WordInfo {
    pub form: u64,
    pub lower: u64,
    pub shape: u64,
    pub prefix: [u64; 3],
    pub suffix: [u64; 4],
    pub flags: u64,
    /// Whether the word can be the possessive marker ("'s", "'", "s"): the only words that
    /// may take the closed-class tag POS, whatever the weights say.
    pub possessive_form: bool,
}

const PAD: u64 = 0x5eed_0f0f_dead_beef;

impl WordInfo {
    pub fn new(form: &str) -> Self {
        Self::with_lower(form, &form.to_lowercase())
    }

    /// [`Self::new`] when the caller already has `form.to_lowercase()`.
    pub fn with_lower(form: &str, lower: &str) -> Self {
        // Byte offsets where each character of `lower` ends (the first four) and starts (the
        // last four): prefixes and suffixes are hashed in place, without allocating.
        let mut ends = [lower.len(); 3];
        for (k, (i, c)) in lower.char_indices().take(3).enumerate() {
            ends[k] = i + c.len_utf8();
        }
        for k in 1..3 {
            ends[k] = ends[k].max(ends[k - 1]);
        }
        let mut starts = [0usize; 4];
        for (k, (i, _)) in lower.char_indices().rev().take(4).enumerate() {
            starts[k] = i;
        }
        let nchars = lower.chars().count();
        let prefix = ends.map(|e| hash_str(&lower[..e]));
        let mut suffix = [0u64; 4];
        for (k, h) in suffix.iter_mut().enumerate() {
            let start = if k < nchars { starts[k] } else { 0 };
            *h = hash_str(&lower[start..]);
        }
        let first_upper = form.chars().next().is_some_and(char::is_uppercase);
        let has_digit = form.chars().any(|c| c.is_ascii_digit());
        let has_hyphen = form.contains('-');
        let all_upper = form.chars().all(|c| !c.is_lowercase()) && first_upper;
        let flags = u64::from(first_upper)
            | u64::from(has_digit) << 1
            | u64::from(has_hyphen) << 2
            | u64::from(all_upper) << 3;
        WordInfo {
            form: hash_str(form),
            lower: hash_str(lower),
            shape: hash_str(&shape(form)),
            prefix,
            suffix,
            flags,
            possessive_form: is_possessive_form(lower),
        }
    }

    pub fn pad() -> Self {
        WordInfo {
            form: PAD,
            lower: PAD,
            shape: PAD,
            prefix: [PAD; 3],
            suffix: [PAD; 4],
            flags: 1 << 7,
            possessive_form: false,
        }
    }
}

/// The trained tagger.
pub struct Tagger {
    /// Joint tags `UPOS\tXPOS`; index = class id.
    tags: Vec<String>,
    upos: Vec<String>,
    xpos: Vec<String>,
    /// Exact form hash → tag for frequent words that always get the same tag.
    tagdict: FeatMap<u16>,
    /// Lowercased form hash → hash of the tags it takes (its ambiguity class), for words
    /// seen often enough; lets the tagger look ahead at what the next words can be.
    classes: FeatMap<u64>,
    weights: Weights,
    /// Per tag id: the parser's tag value and the lemmatizer's tag key, computed once.
    values: Vec<u64>,
    lemma_keys: Vec<u64>,
    /// Per tag id: whether it is the closed-class possessive (XPOS POS).
    possessive: Vec<bool>,
}

/// The forms of the English possessive marker, as UD tokenizes them.
fn is_possessive_form(lower: &str) -> bool {
    matches!(lower, "'s" | "'" | "\u{2019}s" | "\u{2019}" | "s")
}

/// Parser tag values and lemmatizer tag keys of each tag id.
fn tag_keys(upos: &[String], xpos: &[String]) -> (Vec<u64>, Vec<u64>) {
    upos.iter()
        .zip(xpos)
        .map(|(u, x)| (crate::train::tag_value(u, x), crate::lemma::tag_key(u, x)))
        .unzip()
}

/// How far below the greedy choice a finite-verb reading may score and still be taken for a
/// sentence that has no finite verb (weights' units; on EWT dev 1,000–5,000 gain a little,
/// 20,000 and more lose UPOS).
const FINITE_VERB_MARGIN: i64 = 3000;

/// Sentinel "tag" ids for positions before the sentence start.
const START: u64 = 0xffff;
const START2: u64 = 0xfffe;

const NO_CLASS: u64 = 0x7f7f;

#[allow(clippy::too_many_arguments)]
fn features(words: &[WordInfo], amb: &[u64], i: usize, p1: u64, p2: u64, out: &mut Vec<u64>) {
    out.clear();
    let a = |j: isize| -> u64 {
        if j < 0 || j as usize >= amb.len() {
            PAD
        } else {
            amb[j as usize]
        }
    };
    let pad = WordInfo::pad();
    let at = |j: isize| -> &WordInfo {
        if j < 0 || j as usize >= words.len() {
            &pad
        } else {
            &words[j as usize]
        }
    };
    let i0 = i as isize;
    let w = &words[i];
    let (m1, m2, n1, n2) = (at(i0 - 1), at(i0 - 2), at(i0 + 1), at(i0 + 2));
    out.push(f1(0, 1));
    out.push(f1(1, w.form));
    out.push(f1(2, w.lower));
    out.push(f1(3, w.shape));
    for k in 0..4 {
        out.push(f1(4 + k as u64, w.suffix[k]));
    }
    for k in 0..3 {
        out.push(f1(8 + k as u64, w.prefix[k]));
    }
    out.push(f1(11, w.flags | u64::from(i == 0) << 8));
    out.push(f1(12, p1));
    out.push(f1(13, p2));
    out.push(f2(14, p1, p2));
    out.push(f2(15, p1, w.lower));
    out.push(f1(16, m1.lower));
    out.push(f1(17, m1.suffix[2]));
    out.push(f1(18, m2.lower));
    out.push(f1(19, n1.lower));
    out.push(f1(20, n1.suffix[2]));
    out.push(f1(21, n2.lower));
    out.push(f1(22, n1.shape));
    out.push(f1(23, m1.shape));
    out.push(f2(24, m1.lower, w.lower));
    out.push(f2(25, w.lower, n1.lower));
    out.push(f2(26, p1, n1.lower));
    out.push(f2(27, w.suffix[2], n1.suffix[1]));
    out.push(f3(28, p1, w.suffix[2], n1.shape));
    out.push(f2(29, w.shape, n1.shape));
    out.push(f1(30, n1.suffix[0]));
    out.push(f2(31, m1.lower, n1.lower));
    let (a0, a1, a2, am1) = (a(i0), a(i0 + 1), a(i0 + 2), a(i0 - 1));
    out.push(f1(32, a0));
    out.push(f1(33, a1));
    out.push(f1(34, a2));
    out.push(f2(35, p1, a0));
    out.push(f2(36, a0, a1));
    out.push(f3(37, p1, a0, a1));
    out.push(f2(38, w.suffix[2], a1));
    out.push(f2(39, am1, a0));
    out.push(f3(40, a0, a1, a2));
}

fn joint(t: &Token) -> String {
    format!("{}\t{}", t.upos, t.xpos)
}

impl Tagger {
    pub(crate) fn weights_mut(&mut self) -> &mut Weights {
        &mut self.weights
    }

    pub fn ntags(&self) -> usize {
        self.tags.len()
    }

    pub fn upos(&self, tag: u16) -> &str {
        &self.upos[tag as usize]
    }

    pub fn xpos(&self, tag: u16) -> &str {
        &self.xpos[tag as usize]
    }

    /// `train::tag_value(upos(tag), xpos(tag))`, precomputed.
    pub fn value(&self, tag: u16) -> u64 {
        self.values[tag as usize]
    }

    /// `lemma::tag_key(upos(tag), xpos(tag))`, precomputed.
    pub fn lemma_key(&self, tag: u16) -> u64 {
        self.lemma_keys[tag as usize]
    }

    /// Tag id of a gold `(upos, xpos)` pair, if the tagger knows it.
    pub fn tag_id(&self, upos: &str, xpos: &str) -> Option<u16> {
        self.upos
            .iter()
            .zip(&self.xpos)
            .position(|(u, x)| u == upos && x == xpos)
            .map(|i| i as u16)
    }

    fn ambiguity(&self, words: &[WordInfo]) -> Vec<u64> {
        words
            .iter()
            .map(|w| self.classes.get(&w.lower).copied().unwrap_or(NO_CLASS))
            .collect()
    }

    /// Tags one sentence; returns tag ids.
    pub fn tag(&self, words: &[WordInfo]) -> Vec<u16> {
        let amb = self.ambiguity(words);
        let mut out = Vec::with_capacity(words.len());
        self.decode_from(words, &amb, &mut out, None);
        if let Some((i, tag)) = self.verb_ending_indefinite_phrase(words, &out) {
            out.truncate(i);
            self.decode_from(words, &amb, &mut out, Some(tag));
        }
        // A closing attribution (", a senior official said.") has a finite verb of its own;
        // the sentence still needs one before it.
        let end = self.attribution_start(words, &out).unwrap_or(words.len());
        if self.lacks_finite_verb(words, &out, end) {
            let repair = self
                .participle_as_past_tense(words, &out, end)
                .or_else(|| self.likeliest_finite_verb(words, &amb, &out, end));
            if let Some((i, tag)) = repair {
                out.truncate(i);
                self.decode_from(words, &amb, &mut out, Some(tag));
            }
        }
        out
    }

    /// "a United Nations appeal", "a US offer": after "a"/"an" and proper nouns, a word read
    /// as a present-tense or base verb is the phrase's head noun — "a" never introduces a
    /// subject made only of names in front of its verb ("a Nations appeal to…" is no clause).
    fn verb_ending_indefinite_phrase(
        &self,
        words: &[WordInfo],
        tags: &[u16],
    ) -> Option<(usize, u16)> {
        static ARTICLES: std::sync::OnceLock<[u64; 4]> = std::sync::OnceLock::new();
        let articles =
            ARTICLES.get_or_init(|| ["a", "an", "A", "An"].map(crate::features::hash_str));
        let xpos = |t: u16| self.xpos[t as usize].as_str();
        let i = (2..tags.len()).find(|&i| {
            if !matches!(xpos(tags[i]), "VBP" | "VB") {
                return false;
            }
            let names = tags[..i]
                .iter()
                .rev()
                .take_while(|&&t| matches!(xpos(t), "NNP" | "NNPS"))
                .count();
            names > 0
                && i.checked_sub(names + 1)
                    .is_some_and(|det| articles.contains(&words[det].form))
        })?;
        Some((i, self.tag_id("NOUN", "NN")?))
    }

    /// A past participle after a noun and before its object ("Israeli jets struck Gaza."):
    /// for most English verbs the participle and the past tense are one form, and a tagger
    /// that saw "struck" mostly after "was" reads a noun phrase instead of a clause. An "-ed"
    /// adjective there is one too ("tanks shelled positions").
    fn participle_as_past_tense(
        &self,
        words: &[WordInfo],
        tags: &[u16],
        end: usize,
    ) -> Option<(usize, u16)> {
        static ED: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
        let ed = *ED.get_or_init(|| hash_str("ed"));
        let participle = |i: usize| {
            let x = self.xpos[tags[i] as usize].as_str();
            x == "VBN" || x == "JJ" && words.get(i).is_some_and(|w| w.suffix[1] == ed)
        };
        let past = self.tag_id("VERB", "VBD")?;
        let xpos = |t: u16| self.xpos[t as usize].as_str();
        let nominal = |x: &str| matches!(x, "NN" | "NNS" | "NNP" | "NNPS" | "PRP");
        // The sentence opens with a plain noun phrase and the participle ends it: "Iraqis
        // protested in Baghdad." has no other place for its verb. The phrase may hold a
        // gerund modifier ("Protesters demanding his resignation clashed with police") and
        // names set off or listed ("Three senators — Grassley, Shaheen and Risch — called").
        let opening_phrase = |i: usize| {
            tags[..i].iter().all(|&t| {
                matches!(
                    xpos(t),
                    "DT" | "JJ"
                        | "VBG"
                        | ","
                        | ":"
                        | "HYPH"
                        | "CC"
                        | "NN"
                        | "NNS"
                        | "NNP"
                        | "NNPS"
                        | "CD"
                        | "PRP$"
                        | "POS"
                        | "PRP"
                        | "IN"
                )
            })
        };
        (1..tags.len().saturating_sub(1).min(end))
            .find(|&i| {
                participle(i)
                    && (nominal(xpos(tags[i - 1])) || xpos(tags[i - 1]) == ":" && opening_phrase(i))
                    && (opening_phrase(i)
                        || matches!(
                            xpos(tags[i + 1]),
                            "NN" | "NNS" | "NNP" | "NNPS" | "DT" | "PRP$" | "CD" | "JJ" | "PRP"
                        ))
            })
            .map(|i| (i, past))
    }

    /// Greedy tagging from `out.len()` to the end, the first of these words forced to
    /// `forced` when given.
    fn decode_from(
        &self,
        words: &[WordInfo],
        amb: &[u64],
        out: &mut Vec<u16>,
        forced: Option<u16>,
    ) {
        let mut feats = Vec::with_capacity(40);
        let mut scores = vec![0i32; self.tags.len()];
        let prev = |k: usize| -> u64 {
            match out.len().checked_sub(k) {
                Some(j) => u64::from(out[j]),
                None if k == 1 => START,
                None => START2,
            }
        };
        let (mut p1, mut p2) = (prev(1), prev(2));
        let mut forced = forced;
        for i in out.len()..words.len() {
            let w = &words[i];
            let tag = if let Some(t) = forced.take() {
                t
            } else if let Some(&t) = self.tagdict.get(&w.form) {
                t
            } else {
                features(words, amb, i, p1, p2, &mut feats);
                self.weights.score(&feats, &mut scores);
                argmax_where(&scores, |t| w.possessive_form || !self.possessive[t]).unwrap_or(0)
                    as u16
            };
            out.push(tag);
            p2 = p1;
            p1 = u64::from(tag);
        }
    }

    /// A sentence of four words or more ending in a full stop with no finite verb tagged
    /// before `end`: in news prose that is a tagging error far more often than a fragment.
    fn lacks_finite_verb(&self, words: &[WordInfo], tags: &[u16], end: usize) -> bool {
        words.len() >= 4
            && words.last().is_some_and(|w| w.form == hash_str("."))
            && !tags[..end.min(tags.len())]
                .iter()
                .any(|&t| matches!(self.xpos[t as usize].as_str(), "VBD" | "VBZ" | "VBP" | "MD"))
    }

    /// Where a closing attribution starts: the comma of "…, a senior Zambian government
    /// official said (on) Sunday." — a noun phrase and a verb of saying between the last
    /// comma and the full stop, perhaps a day or date after the verb.
    fn attribution_start(&self, words: &[WordInfo], tags: &[u16]) -> Option<usize> {
        static SAYING: std::sync::OnceLock<Vec<u64>> = std::sync::OnceLock::new();
        let saying = SAYING.get_or_init(|| {
            [
                "said",
                "says",
                "reported",
                "reports",
                "told",
                "added",
                "announced",
                "stated",
                "confirmed",
                "wrote",
                "claimed",
                "quoted",
            ]
            .map(hash_str)
            .to_vec()
        });
        let xpos = |i: usize| self.xpos[tags[i] as usize].as_str();
        let last = tags.len().checked_sub(1)?;
        // Skip a trailing time phrase: "said on Sunday", "said Tuesday", "said in March".
        let mut v = last.checked_sub(1)?;
        while v > 0
            && matches!(xpos(v), "NNP" | "CD" | "IN" | "NN")
            && !saying.contains(&words[v].lower)
        {
            v -= 1;
        }
        if !saying.contains(&words[v].lower) || !matches!(xpos(v), "VBD" | "VBZ" | "VBP") {
            return None;
        }
        let mut i = v.checked_sub(1)?;
        while i > 0
            && matches!(
                xpos(i),
                "DT" | "JJ" | "NN" | "NNS" | "NNP" | "NNPS" | "PRP" | "CD" | "POS" | "HYPH" | "CC"
            )
        {
            i -= 1;
        }
        (i + 1 < v && xpos(i) == ",").then_some(i)
    }

    /// The word (not the first) most nearly tagged a finite verb, with that tag, when its score
    /// falls short of the greedy choice by less than [`FINITE_VERB_MARGIN`].
    fn likeliest_finite_verb(
        &self,
        words: &[WordInfo],
        amb: &[u64],
        tags: &[u16],
        end: usize,
    ) -> Option<(usize, u16)> {
        let finite: Vec<usize> = (0..self.tags.len())
            .filter(|&t| {
                self.upos[t] == "VERB" && matches!(self.xpos[t].as_str(), "VBD" | "VBZ" | "VBP")
            })
            .collect();
        // "Rebels fought government troops.": an irregular past the treebanks show too rarely
        // for the weights ("fought" twice) is the verb the sentence lacks.
        let past = (0..self.tags.len())
            .find(|&t| self.upos[t] == "VERB" && self.xpos[t] == "VBD")
            .map(|t| t as u16);
        let irregular = (1..(words.len() - 1).min(end)).find(|&i| {
            crate::irregular::is_past_form(words[i].lower)
                && !self.tagdict.contains_key(&words[i].form)
        });
        if let (Some(i), Some(t)) = (irregular, past) {
            return Some((i, t));
        }
        let mut feats = Vec::with_capacity(40);
        let mut scores = vec![0i32; self.tags.len()];
        let mut best: Option<(i64, usize, u16)> = None;
        for i in 1..(words.len() - 1).min(end) {
            // "The government plans to impose …": a noun before an infinitive, in a sentence
            // that needs a verb, is most likely it — even a word the tag dictionary fixes as a
            // noun ("plans") —, and its verb reading may score much lower.
            let before_infinitive = matches!(self.xpos[tags[i] as usize].as_str(), "NN" | "NNS")
                && tags
                    .get(i + 1)
                    .is_some_and(|&t| self.xpos[t as usize] == "TO")
                && tags
                    .get(i + 2)
                    .is_some_and(|&t| self.xpos[t as usize] == "VB");
            if self.tagdict.contains_key(&words[i].form) && !before_infinitive {
                continue;
            }
            let (p1, p2) = (
                u64::from(tags[i - 1]),
                if i >= 2 {
                    u64::from(tags[i - 2])
                } else {
                    START
                },
            );
            features(words, amb, i, p1, p2, &mut feats);
            self.weights.score(&feats, &mut scores);
            let top = i64::from(scores[tags[i] as usize]);
            let discount = if before_infinitive {
                5 * FINITE_VERB_MARGIN
            } else {
                0
            };
            for &t in &finite {
                let loss = top - i64::from(scores[t]) - discount;
                if best.is_none_or(|(b, _, _)| loss < b) {
                    best = Some((loss, i, t as u16));
                }
            }
        }
        best.filter(|(loss, _, _)| *loss < FINITE_VERB_MARGIN)
            .map(|(_, i, t)| (i, t))
    }

    /// Trains on gold sentences; `report` gets (epoch, dev UPOS, dev XPOS) after each epoch
    /// when `dev` is non-empty.
    pub fn train(
        train: &[&[Token]],
        dev: &[&[Token]],
        iterations: usize,
        seed: u64,
        mut report: impl FnMut(usize, f64, f64),
    ) -> Tagger {
        let mut counts: std::collections::HashMap<String, usize> = Default::default();
        for s in train {
            for t in *s {
                *counts.entry(joint(t)).or_default() += 1;
            }
        }
        let mut tags: Vec<(String, usize)> = counts.into_iter().collect();
        tags.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let tags: Vec<String> = tags.into_iter().map(|t| t.0).collect();
        let owned_index: std::collections::HashMap<String, u16> = tags
            .iter()
            .enumerate()
            .map(|(i, t)| (t.clone(), i as u16))
            .collect();
        let index: std::collections::HashMap<&str, u16> =
            owned_index.iter().map(|(t, i)| (t.as_str(), *i)).collect();
        let tagdict = build_tagdict(train, &index);
        let classes = build_classes(train, &index);
        let (upos, xpos) = split_tags(&tags);
        let (values, lemma_keys) = tag_keys(&upos, &xpos);
        let possessive = xpos.iter().map(|x| x == "POS").collect();
        let mut tagger = Tagger {
            tags,
            upos,
            xpos,
            tagdict,
            classes,
            weights: Weights::default(),
            values,
            lemma_keys,
            possessive,
        };
        let sents: Vec<(Vec<WordInfo>, Vec<u16>)> = train
            .iter()
            .map(|s| {
                let words = s.iter().map(|t| WordInfo::new(&t.form)).collect();
                let gold = s.iter().map(|t| index[joint(t).as_str()]).collect();
                (words, gold)
            })
            .collect();
        let mut tr = Trainer::new(tagger.tags.len());
        let mut order: Vec<usize> = (0..sents.len()).collect();
        let mut rng = crate::train::Rng::new(seed);
        let mut feats = Vec::with_capacity(40);
        let mut scores = vec![0f32; tagger.tags.len()];
        for epoch in 1..=iterations {
            rng.shuffle(&mut order);
            for &si in &order {
                let (words, gold) = &sents[si];
                let amb = tagger.ambiguity(words);
                let (mut p1, mut p2) = (START, START2);
                for i in 0..words.len() {
                    let guess = match tagger.tagdict.get(&words[i].form) {
                        Some(&t) => t,
                        None => {
                            features(words, &amb, i, p1, p2, &mut feats);
                            tr.score(&feats, &mut scores);
                            let g = argmax_where(&scores, |_| true).unwrap_or(0);
                            tr.update(&feats, gold[i] as usize, g);
                            tr.tick();
                            g as u16
                        }
                    };
                    p2 = p1;
                    p1 = u64::from(guess);
                }
            }
            if !dev.is_empty() && (epoch == iterations || epoch % 2 == 0 || epoch < 3) {
                tagger.weights = tr.finish(0.0);
                let (u, x) = tagger.accuracy(dev);
                report(epoch, u, x);
            }
        }
        tagger.weights = tr.finish(0.05);
        tagger
    }

    /// UPOS and XPOS accuracy (percent) on gold-tokenised sentences.
    pub fn accuracy(&self, sents: &[&[Token]]) -> (f64, f64) {
        let (mut n, mut u, mut x) = (0usize, 0usize, 0usize);
        for s in sents {
            let words: Vec<WordInfo> = s.iter().map(|t| WordInfo::new(&t.form)).collect();
            for (t, tag) in s.iter().zip(self.tag(&words)) {
                n += 1;
                u += usize::from(self.upos(tag) == t.upos);
                x += usize::from(self.xpos(tag) == t.xpos);
            }
        }
        let pct = |k: usize| 100.0 * k as f64 / n.max(1) as f64;
        (pct(u), pct(x))
    }

    pub fn write(&self, w: &mut Writer) {
        w.strs(&self.tags);
        let mut dict: Vec<(u64, u16)> = self.tagdict.iter().map(|(k, v)| (*k, *v)).collect();
        dict.sort_unstable();
        w.u32(dict.len() as u32);
        for (k, v) in dict {
            w.u64(k);
            w.u16(v);
        }
        let mut classes: Vec<(u64, u64)> = self.classes.iter().map(|(k, v)| (*k, *v)).collect();
        classes.sort_unstable();
        w.u32(classes.len() as u32);
        for (k, v) in classes {
            w.u64(k);
            w.u64(v);
        }
        self.weights.write(w);
    }

    pub fn read(r: &mut Reader) -> Result<Tagger, NlpError> {
        let tags = r.strs()?;
        let n = r.u32()? as usize;
        let mut tagdict = FeatMap::default();
        for _ in 0..n {
            let k = r.u64()?;
            let v = r.u16()?;
            if v as usize >= tags.len() {
                return Err(r.error("tag dictionary entry out of range"));
            }
            tagdict.insert(k, v);
        }
        let n = r.u32()? as usize;
        let mut classes = FeatMap::default();
        classes.reserve(n.min(1 << 22));
        for _ in 0..n {
            let k = r.u64()?;
            classes.insert(k, r.u64()?);
        }
        let weights = Weights::read(r)?;
        if weights.nclasses() != tags.len() {
            return Err(r.error("tagger weights do not match its tag set"));
        }
        let (upos, xpos) = split_tags(&tags);
        let (values, lemma_keys) = tag_keys(&upos, &xpos);
        let possessive = xpos.iter().map(|x| x == "POS").collect();
        Ok(Tagger {
            tags,
            upos,
            xpos,
            tagdict,
            classes,
            weights,
            values,
            lemma_keys,
            possessive,
        })
    }
}

fn split_tags(tags: &[String]) -> (Vec<String>, Vec<String>) {
    tags.iter()
        .map(|t| {
            let (u, x) = t.split_once('\t').unwrap_or((t.as_str(), ""));
            (u.to_string(), x.to_string())
        })
        .unzip()
}

/// Words seen at least 20 times with one tag at least 99.5% of the time.
fn build_tagdict(train: &[&[Token]], index: &std::collections::HashMap<&str, u16>) -> FeatMap<u16> {
    let mut counts: std::collections::HashMap<&str, std::collections::HashMap<u16, usize>> =
        Default::default();
    for s in train {
        for t in *s {
            *counts
                .entry(t.form.as_str())
                .or_default()
                .entry(index[joint(t).as_str()])
                .or_default() += 1;
        }
    }
    let mut dict = FeatMap::default();
    for (form, tags) in counts {
        let total: usize = tags.values().sum();
        if let Some((&tag, &n)) = tags
            .iter()
            .max_by_key(|(t, n)| (**n, std::cmp::Reverse(**t)))
        {
            if total >= 20 && n as f64 / total as f64 >= 0.995 {
                dict.insert(hash_str(form), tag);
            }
        }
    }
    dict
}

/// Ambiguity classes: for lowercased words seen at least 3 times, a hash of the tags that make
/// up at least 5% of their occurrences.
fn build_classes(train: &[&[Token]], index: &std::collections::HashMap<&str, u16>) -> FeatMap<u64> {
    let mut counts: std::collections::HashMap<String, std::collections::HashMap<u16, usize>> =
        Default::default();
    for s in train {
        for t in *s {
            *counts
                .entry(t.form.to_lowercase())
                .or_default()
                .entry(index[joint(t).as_str()])
                .or_default() += 1;
        }
    }
    let mut classes = FeatMap::default();
    for (form, tags) in counts {
        let total: usize = tags.values().sum();
        if total < 3 {
            continue;
        }
        let mut set: Vec<u16> = tags
            .into_iter()
            .filter(|(_, n)| *n * 20 >= total)
            .map(|(t, _)| t)
            .collect();
        set.sort_unstable();
        let h = set
            .iter()
            .fold(0x0a3b_u64, |h, t| crate::features::mix(h, u64::from(*t)));
        classes.insert(hash_str(&form), h);
    }
    classes
}
