//! Sentence boundaries: an averaged perceptron decides, left to right, whether a sentence ends
//! after each token of a paragraph, from the tokens around the boundary (forms, shapes,
//! spacing, abbreviation-ness, distance from the last boundary). Blank lines always end a
//! sentence (they are paragraph breaks, handled by the caller); a single newline ends one unless
//! the next line visibly continues it (starts lowercase, or the line ends with a comma).
//!
//! Trained on EWT train + GUM train paragraphs by `cargo run -p dyad-nlp --example
//! tokenizer_data`, which writes `data/tokenize/en-sentences.tsv` (feature, weight).

use std::collections::HashMap;

use super::SurfaceToken;

/// What the splitter needs to know about a token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BoundaryToken<'a> {
    pub form: &'a str,
    pub space_after: bool,
}

/// The perceptron weights, keyed by a 64-bit hash of the feature string.
#[derive(Debug, Clone, Default)]
pub struct SentenceModel {
    weights: Weights,
}

/// FNV-1a over the concatenated parts, so hashing `["w0=", form]` equals hashing `"w0=form"`.
fn fnv(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for b in p.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// The keys are already hashes: use them as they are.
#[derive(Default, Clone, Copy)]
struct IdentityHasher(u64);

impl std::hash::Hasher for IdentityHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = v;
    }
}

type Weights = HashMap<u64, f32, std::hash::BuildHasherDefault<IdentityHasher>>;

/// "Xx", "x", "d", "X.X." — a token's character classes with runs collapsed.
fn shape(form: &str) -> String {
    let mut out = String::new();
    let mut last = ' ';
    for c in form.chars() {
        let k = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else {
            c
        };
        if k != last {
            out.push(k);
            last = k;
        }
        if out.len() >= 6 {
            break;
        }
    }
    out
}

fn lower(form: &str) -> String {
    let mut l = form.to_lowercase();
    if l.chars().count() > 20 {
        l = l.chars().take(20).collect();
    }
    l
}

fn distance_bucket(d: usize) -> &'static str {
    match d {
        0 => "0",
        1 => "1",
        2 => "2",
        3 => "3",
        4..=6 => "4-6",
        7..=12 => "7-12",
        13..=25 => "13-25",
        _ => "26+",
    }
}

/// What the features look at in one token, computed once per token.
struct TokenView {
    lower: String,
    shape: String,
    len: &'static str,
    space_after: bool,
}

const NONE: &str = "<none>";

fn view(tokens: &[BoundaryToken]) -> Vec<TokenView> {
    const LENS: [&str; 7] = ["0", "1", "2", "3", "4", "5", "6"];
    tokens
        .iter()
        .map(|t| TokenView {
            lower: lower(t.form),
            shape: shape(t.form),
            len: LENS[t.form.chars().count().min(6)],
            space_after: t.space_after,
        })
        .collect()
}

/// Case of a token's first character, read off its shape.
fn case_class(shape: &str) -> &'static str {
    match shape.chars().next() {
        None => "none",
        Some('X') => "upper",
        Some('x') => "lower",
        Some('d') => "digit",
        Some(_) => "other",
    }
}

/// Calls `emit` with the parts of each feature of a boundary after token `i`, given `since`
/// tokens since the last boundary. Parts concatenated are the feature's name.
fn features(views: &[TokenView], i: usize, since: usize, emit: &mut impl FnMut(&[&str])) {
    let at = |k: isize| -> (&str, &str) {
        let j = i as isize + k;
        if j < 0 || j as usize >= views.len() {
            (NONE, NONE)
        } else {
            let v = &views[j as usize];
            (v.lower.as_str(), v.shape.as_str())
        }
    };
    let (wm1, sm1) = at(-1);
    let (w0, s0) = at(0);
    let (w1, s1) = at(1);
    let (w2, s2) = at(2);
    let sp0 = if views[i].space_after { "sp" } else { "nosp" };
    let cap1 = views.get(i + 1).map_or("none", |v| case_class(&v.shape));
    let len0 = views[i].len;
    let dist = distance_bucket(since);
    emit(&["bias"]);
    emit(&["w0=", w0]);
    emit(&["w1=", w1]);
    emit(&["wm1=", wm1]);
    emit(&["w2=", w2]);
    emit(&["s0=", s0]);
    emit(&["s1=", s1]);
    emit(&["sm1=", sm1]);
    emit(&["s2=", s2]);
    emit(&["w0w1=", w0, "|", w1]);
    emit(&["wm1w0=", wm1, "|", w0]);
    emit(&["w0s1=", w0, "|", s1]);
    emit(&["s0w1=", s0, "|", w1]);
    emit(&["s0s1=", s0, "|", s1]);
    emit(&["sm1s0s1=", sm1, "|", s0, "|", s1]);
    emit(&["wm1w0s1=", wm1, "|", w0, "|", s1]);
    emit(&["w0s1s2=", w0, "|", s1, "|", s2]);
    emit(&["sp0=", sp0]);
    emit(&["sp0w0=", sp0, "|", w0]);
    emit(&["sp0s1=", sp0, "|", s1]);
    emit(&["cap1=", cap1, "|", w0]);
    emit(&["len0=", len0, "|", s0, "|", cap1]);
    emit(&["dist=", dist]);
    emit(&["dist0=", dist, "|", s0]);
    emit(&["dist0w=", dist, "|", w0]);
}

impl SentenceModel {
    /// Parses `feature<TAB>weight` lines.
    pub fn parse(tsv: &str) -> SentenceModel {
        let mut weights = Weights::default();
        for line in tsv.lines() {
            if line.starts_with('#') {
                continue;
            }
            if let Some((f, w)) = line.rsplit_once('\t') {
                if let Ok(w) = w.parse::<f32>() {
                    weights.insert(fnv(&[f]), w);
                }
            }
        }
        SentenceModel { weights }
    }

    fn score(&self, views: &[TokenView], i: usize, since: usize) -> f32 {
        let mut score = 0.0;
        features(views, i, since, &mut |parts| {
            score += self.weights.get(&fnv(parts)).copied().unwrap_or(0.0);
        });
        score
    }

    /// Whether a sentence ends after each token of one paragraph. The last token always ends one.
    pub fn boundaries(&self, tokens: &[SurfaceToken]) -> Vec<bool> {
        let bt: Vec<BoundaryToken> = tokens
            .iter()
            .map(|t| BoundaryToken {
                form: &t.form,
                space_after: t.space_after,
            })
            .collect();
        let views = view(&bt);
        let mut out = vec![false; tokens.len()];
        let mut since = 0;
        for i in 0..tokens.len() {
            since += 1;
            let end = if i + 1 == tokens.len() {
                true
            } else if tokens[i + 1].newline_before {
                line_break_ends_sentence(&tokens[i], &tokens[i + 1])
            } else {
                self.score(&views, i, since) > 0.0
            };
            if end {
                out[i] = true;
                since = 0;
            }
        }
        out
    }
}

/// A single newline ends a sentence unless the text visibly runs on across it.
fn line_break_ends_sentence(before: &SurfaceToken, after: &SurfaceToken) -> bool {
    let continues_lower = after.form.chars().next().is_some_and(char::is_lowercase);
    let open_ended = matches!(before.form.as_str(), "," | ";" | "-" | "&" | "(" | "/");
    !(continues_lower || open_ended)
}

/// Trains the boundary perceptron on paragraphs of gold tokens; `ends[k]` marks sentence-final
/// tokens. Returns the model as TSV, dropping weights smaller than `min_weight`.
pub fn train(
    paragraphs: &[(Vec<BoundaryToken>, Vec<bool>)],
    epochs: usize,
    min_weight: f32,
) -> String {
    let mut w: HashMap<String, f32> = HashMap::new();
    let mut total: HashMap<String, f32> = HashMap::new();
    let mut stamp: HashMap<String, usize> = HashMap::new();
    let mut step = 0usize;
    for _ in 0..epochs {
        for (tokens, ends) in paragraphs {
            let views = view(tokens);
            let mut since = 0;
            let candidates = tokens.len().saturating_sub(1);
            for (i, &gold_end) in ends.iter().enumerate().take(candidates) {
                since += 1;
                step += 1;
                let mut feats: Vec<String> = Vec::with_capacity(32);
                features(&views, i, since, &mut |parts| feats.push(parts.concat()));
                let score: f32 = feats.iter().map(|f| w.get(f).copied().unwrap_or(0.0)).sum();
                let predicted = score > 0.0;
                if predicted != gold_end {
                    let delta = if gold_end { 1.0 } else { -1.0 };
                    for f in feats {
                        let wf = w.entry(f.clone()).or_insert(0.0);
                        let last = stamp.entry(f.clone()).or_insert(0);
                        *total.entry(f.clone()).or_insert(0.0) += *wf * (step - *last) as f32;
                        *last = step;
                        *wf += delta;
                    }
                }
                // Teacher forcing: the distance feature follows the gold boundaries.
                if gold_end {
                    since = 0;
                }
            }
        }
    }
    let mut lines: Vec<(String, f32)> = w
        .iter()
        .map(|(f, wf)| {
            let last = stamp.get(f).copied().unwrap_or(0);
            let t = total.get(f).copied().unwrap_or(0.0) + wf * (step - last) as f32;
            (f.clone(), t / step.max(1) as f32)
        })
        .collect();
    // Only the sign of the score matters: rescale so the largest weight is 100.
    let max = lines.iter().map(|(_, a)| a.abs()).fold(0.0f32, f32::max);
    if max > 0.0 {
        for (_, a) in &mut lines {
            *a *= 100.0 / max;
        }
    }
    lines.retain(|(_, a)| a.abs() >= min_weight);
    lines.sort_by(|a, b| a.0.cmp(&b.0));
    let mut out = String::from(
        "# dyad sentence boundary perceptron (averaged), generated by\n\
         # `cargo run -p dyad-nlp --example tokenizer_data` from UD English EWT train + GUM train\n\
         # (commercial-use documents only). CC BY-SA 4.0. feature<TAB>weight\n",
    );
    for (f, a) in lines {
        // Feature strings never contain tabs or newlines; a token with one is skipped.
        if !f.contains(['\t', '\n']) {
            out.push_str(&format!("{f}\t{a:.4}\n"));
        }
    }
    out
}
