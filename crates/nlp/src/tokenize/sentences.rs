//! Sentence boundaries: an averaged perceptron decides, left to right, whether a sentence ends
//! after each token of a paragraph, from the tokens around the boundary (forms, shapes,
//! spacing, abbreviation-ness, distance from the last boundary). Blank lines always end a
//! sentence (they are paragraph breaks, handled by the caller); a single newline ends one unless
//! the next line visibly continues it (starts lowercase, or the line ends with a comma).
//!
//! Trained on EWT train + GUM train paragraphs by `cargo run -p dyad-nlp --example
//! tokenizer_data`, which writes `data/tokenize/en-sentences.tsv` (feature parts and weight,
//! tab-separated).

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

/// FNV-1a of one feature part (a const fn, so fixed parts are hashed at compile time).
const fn fnv(s: &str) -> u64 {
    let bytes = s.as_bytes();
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut k = 0;
    while k < bytes.len() {
        h ^= bytes[k] as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
        k += 1;
    }
    h
}

/// One part of a feature (template name, a token's form or shape, a class) with its hash.
#[derive(Clone, Copy)]
struct Part<'a> {
    s: &'a str,
    h: u64,
}

impl<'a> Part<'a> {
    const fn new(s: &'a str) -> Self {
        Part { s, h: fnv(s) }
    }
}

/// A feature's hash from its parts' hashes, order-sensitive.
fn combine(parts: &[Part]) -> u64 {
    parts.iter().fold(0x2545_f491_4f6c_dd1d, |h, p| {
        (h.rotate_left(5) ^ p.h).wrapping_mul(0x517c_c1b7_2722_0a95)
    })
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

/// Index into [`DIST`].
fn distance_bucket(d: usize) -> usize {
    match d {
        0..=3 => d,
        4..=6 => 4,
        7..=12 => 5,
        13..=25 => 6,
        _ => 7,
    }
}

/// What the features look at in one token, computed once per token.
struct TokenView {
    lower: String,
    lower_h: u64,
    shape: String,
    shape_h: u64,
    len: Part<'static>,
    case: Part<'static>,
    space_after: bool,
}

const NONE: Part = Part::new("<none>");
const LENS: [Part; 7] = [
    Part::new("0"),
    Part::new("1"),
    Part::new("2"),
    Part::new("3"),
    Part::new("4"),
    Part::new("5"),
    Part::new("6"),
];
const DIST: [Part; 8] = [
    Part::new("0"),
    Part::new("1"),
    Part::new("2"),
    Part::new("3"),
    Part::new("4-6"),
    Part::new("7-12"),
    Part::new("13-25"),
    Part::new("26+"),
];
const SP: Part = Part::new("sp");
const NOSP: Part = Part::new("nosp");
const CASE_NONE: Part = Part::new("none");
const CASES: [Part; 4] = [
    Part::new("upper"),
    Part::new("lower"),
    Part::new("digit"),
    Part::new("other"),
];
const BIAS: Part = Part::new("bias");
const T: [Part; 24] = [
    Part::new("w0"),
    Part::new("w1"),
    Part::new("wm1"),
    Part::new("w2"),
    Part::new("s0"),
    Part::new("s1"),
    Part::new("sm1"),
    Part::new("s2"),
    Part::new("w0w1"),
    Part::new("wm1w0"),
    Part::new("w0s1"),
    Part::new("s0w1"),
    Part::new("s0s1"),
    Part::new("sm1s0s1"),
    Part::new("wm1w0s1"),
    Part::new("w0s1s2"),
    Part::new("sp0"),
    Part::new("sp0w0"),
    Part::new("sp0s1"),
    Part::new("cap1"),
    Part::new("len0"),
    Part::new("dist"),
    Part::new("dist0"),
    Part::new("dist0w"),
];

fn view(tokens: &[BoundaryToken]) -> Vec<TokenView> {
    tokens
        .iter()
        .map(|t| {
            let lower = lower(t.form);
            let shape = shape(t.form);
            TokenView {
                lower_h: fnv(&lower),
                shape_h: fnv(&shape),
                case: case_class(&shape),
                lower,
                shape,
                len: LENS[t.form.chars().count().min(6)],
                space_after: t.space_after,
            }
        })
        .collect()
}

/// Case of a token's first character, read off its shape.
fn case_class(shape: &str) -> Part<'static> {
    match shape.chars().next() {
        None => CASE_NONE,
        Some('X') => CASES[0],
        Some('x') => CASES[1],
        Some('d') => CASES[2],
        Some(_) => CASES[3],
    }
}

/// Calls `emit` with the parts of each feature of a boundary after token `i`, given `since`
/// tokens since the last boundary. The first part names the feature template.
fn features(views: &[TokenView], i: usize, since: usize, emit: &mut impl FnMut(&[Part])) {
    let at = |k: isize| -> (Part, Part) {
        let j = i as isize + k;
        if j < 0 || j as usize >= views.len() {
            (NONE, NONE)
        } else {
            let v = &views[j as usize];
            (
                Part {
                    s: &v.lower,
                    h: v.lower_h,
                },
                Part {
                    s: &v.shape,
                    h: v.shape_h,
                },
            )
        }
    };
    let (wm1, sm1) = at(-1);
    let (w0, s0) = at(0);
    let (w1, s1) = at(1);
    let (w2, s2) = at(2);
    let sp0 = if views[i].space_after { SP } else { NOSP };
    let cap1 = views.get(i + 1).map_or(CASE_NONE, |v| v.case);
    let len0 = views[i].len;
    let dist = DIST[distance_bucket(since)];
    emit(&[BIAS]);
    emit(&[T[0], w0]);
    emit(&[T[1], w1]);
    emit(&[T[2], wm1]);
    emit(&[T[3], w2]);
    emit(&[T[4], s0]);
    emit(&[T[5], s1]);
    emit(&[T[6], sm1]);
    emit(&[T[7], s2]);
    emit(&[T[8], w0, w1]);
    emit(&[T[9], wm1, w0]);
    emit(&[T[10], w0, s1]);
    emit(&[T[11], s0, w1]);
    emit(&[T[12], s0, s1]);
    emit(&[T[13], sm1, s0, s1]);
    emit(&[T[14], wm1, w0, s1]);
    emit(&[T[15], w0, s1, s2]);
    emit(&[T[16], sp0]);
    emit(&[T[17], sp0, w0]);
    emit(&[T[18], sp0, s1]);
    emit(&[T[19], cap1, w0]);
    emit(&[T[20], len0, s0, cap1]);
    emit(&[T[21], dist]);
    emit(&[T[22], dist, s0]);
    emit(&[T[23], dist, w0]);
}

impl SentenceModel {
    /// Parses `template<TAB>part...<TAB>weight` lines.
    pub fn parse(tsv: &str) -> SentenceModel {
        let mut weights = Weights::default();
        for line in tsv.lines() {
            if line.starts_with('#') {
                continue;
            }
            if let Some((f, w)) = line.rsplit_once('\t') {
                if let Ok(w) = w.parse::<f32>() {
                    let parts: Vec<Part> = f.split('\t').map(Part::new).collect();
                    weights.insert(combine(&parts), w);
                }
            }
        }
        SentenceModel { weights }
    }

    fn score(&self, views: &[TokenView], i: usize, since: usize) -> f32 {
        let mut score = 0.0;
        features(views, i, since, &mut |parts| {
            score += self.weights.get(&combine(parts)).copied().unwrap_or(0.0);
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
                let window = i.checked_sub(1).and_then(|h| tokens.get(h..i + 2));
                window.is_some_and(|w| number_then_capital(w) || abbreviation_then_opener(w))
                    || self.score(&views, i, since) > 0.0
            };
            if end {
                out[i] = true;
                since = 0;
            }
        }
        out
    }
}

/// "…until April 2. But Lutnick said": a full stop after a plain number, before a
/// capitalised word, ends the sentence (the treebanks have too few such cases for the model
/// to learn it; list numbers "2." are one token and never get here).
fn number_then_capital(window: &[SurfaceToken]) -> bool {
    let [number, stop, next] = window else {
        return false;
    };
    stop.form == "."
        && !number.form.is_empty()
        && number.form.chars().all(|c| c.is_ascii_digit())
        && next.form.chars().next().is_some_and(char::is_uppercase)
}

/// "…into the U.S. The president said": an abbreviation with its period, then a capitalised
/// word that opens sentences and never continues a name ("The", "He", "But"): the
/// abbreviation's period is also the sentence's.
fn abbreviation_then_opener(window: &[SurfaceToken]) -> bool {
    const OPENERS: &[&str] = &[
        "The",
        "A",
        "An",
        "He",
        "She",
        "It",
        "They",
        "We",
        "I",
        "You",
        "But",
        "And",
        "This",
        "That",
        "These",
        "Those",
        "His",
        "Her",
        "Their",
        "Its",
        "Our",
        "My",
        "However",
        "Meanwhile",
        "When",
        "While",
        "If",
        "There",
        "Some",
        "Many",
        "Most",
        "What",
        "Why",
        "How",
        "Where",
        "Who",
        "According",
        "Since",
        "Although",
        "After",
        "Before",
        "In",
    ];
    let [_, abbreviation, next] = window else {
        return false;
    };
    abbreviation.form.len() > 1
        && abbreviation.form.ends_with('.')
        && abbreviation
            .form
            .chars()
            .next()
            .is_some_and(char::is_alphabetic)
        && OPENERS.contains(&next.form.as_str())
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
                features(&views, i, since, &mut |parts| {
                    let names: Vec<&str> = parts.iter().map(|p| p.s).collect();
                    feats.push(names.join("\t"));
                });
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
         # (commercial-use documents only). CC BY-SA 4.0. template<TAB>parts...<TAB>weight\n",
    );
    for (f, a) in lines {
        // Parts are tab-separated; tokens never contain whitespace, so nothing else has a tab.
        if !f.contains('\n') {
            out.push_str(&format!("{f}\t{a:.4}\n"));
        }
    }
    out
}
