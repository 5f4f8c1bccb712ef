//! What the tokenizer learns from treebanks: tokens that keep their punctuation ("U.S.", "e-mail",
//! ":)"), multiword-token splits ("cannot" = "can" + "not"), hyphen prefixes that stay attached
//! ("anti-", "non-") and clitic-looking tokens the treebank keeps whole.
//!
//! The shipped table `data/tokenize/en.tsv` is generated from EWT train + GUM train (without
//! the non-commercial documents) by `cargo run -p dyad-nlp --example tokenizer_data`; it holds
//! derived facts (word lists and counts), no sentences.

use std::collections::{HashMap, HashSet};

use dyad_model::conllu::ConlluSentence;

use super::rules;

/// The learned tables, loaded from the TSV format written by [`build`].
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    /// Tokens with inner or final punctuation kept as one token.
    pub keep: HashSet<String>,
    /// Lowercased multiword token → char offsets where its words split.
    pub mwt: HashMap<String, Vec<usize>>,
    /// Lowercased tokens that look like contractions but stay one word.
    pub whole: HashSet<String>,
    /// Lowercased words the treebank splits into plain tokens ("alot" → "a" "lot").
    pub split: HashMap<String, Vec<usize>>,
    /// Lowercased hyphen prefixes that stay attached ("anti" in "anti-war").
    pub hyphen_prefixes: HashSet<String>,
    /// Abbreviations (with the final period, case as seen) that rarely end a sentence.
    pub abbreviations: HashSet<String>,
}

impl Lexicon {
    /// Parses the TSV table; unknown kinds and malformed lines are skipped so an older binary
    /// can read a newer table.
    pub fn parse(tsv: &str) -> Lexicon {
        let mut lex = Lexicon::default();
        for line in tsv.lines() {
            if line.starts_with('#') {
                continue;
            }
            let mut cols = line.split('\t');
            let (Some(kind), Some(value)) = (cols.next(), cols.next()) else {
                continue;
            };
            match kind {
                "keep" => {
                    lex.keep.insert(value.to_string());
                }
                "whole" => {
                    lex.whole.insert(value.to_string());
                }
                "hyphen" => {
                    lex.hyphen_prefixes.insert(value.to_string());
                }
                "abbr" => {
                    lex.abbreviations.insert(value.to_string());
                }
                "mwt" | "split" => {
                    let splits: Option<Vec<usize>> = cols
                        .next()
                        .unwrap_or("")
                        .split(',')
                        .map(|s| s.parse().ok())
                        .collect();
                    if let Some(splits) = splits.filter(|s| !s.is_empty()) {
                        if kind == "mwt" {
                            lex.mwt.insert(value.to_string(), splits);
                        } else {
                            lex.split.insert(value.to_string(), splits);
                        }
                    }
                }
                _ => {}
            }
        }
        lex
    }
}

/// Counts gathered over training sentences.
#[derive(Default)]
struct Counts {
    token: HashMap<String, usize>,
    mwt: HashMap<String, (Vec<usize>, usize)>,
    single_lower: HashMap<String, usize>,
    hyphen_kept: HashMap<String, usize>,
    glued: HashMap<String, (Vec<usize>, usize)>,
    hyphen_split: HashMap<String, usize>,
    /// Abbreviation-like tokens: (times sentence-final, total).
    abbr_final: HashMap<String, (usize, usize)>,
}

/// Builds the TSV table from training sentences (already filtered for licence).
pub fn build(sentences: &[ConlluSentence]) -> String {
    let mut c = Counts::default();
    for s in sentences {
        let surface = surface(s);
        for (k, (form, splits)) in surface.iter().enumerate() {
            let lower = form.to_lowercase();
            if let Some(splits) = splits {
                let e = c.mwt.entry(lower.clone()).or_insert((splits.clone(), 0));
                e.1 += 1;
            } else {
                *c.single_lower.entry(lower.clone()).or_default() += 1;
                *c.token.entry(form.clone()).or_default() += 1;
            }
            if let Some(prefix) = hyphen_prefix(form) {
                *c.hyphen_kept.entry(prefix).or_default() += 1;
            }
            if form.len() > 1 && form.ends_with('.') && form.chars().any(char::is_alphabetic) {
                let e = c.abbr_final.entry(form.clone()).or_default();
                e.1 += 1;
                if k + 1 == surface.len() {
                    e.0 += 1;
                }
            }
        }
        // Letter-only words written together but split by the treebank ("alot").
        let mut k = 0;
        while k < s.words.len() {
            let mut j = k;
            while j + 1 < s.words.len() && !s.words[j].space_after {
                j += 1;
            }
            let run = &s.words[k..=j];
            if run.len() >= 2
                && s.multiword
                    .iter()
                    .all(|m| m.last < k as u32 + 1 || m.first > j as u32 + 1)
                && run.iter().all(|w| w.form.chars().all(char::is_alphabetic))
            {
                let mut splits = Vec::new();
                let mut off = 0;
                let mut whole = String::new();
                for w in run {
                    whole.push_str(&w.form.to_lowercase());
                    off += w.form.chars().count();
                    splits.push(off);
                }
                splits.pop();
                c.glued.entry(whole).or_insert((splits, 0)).1 += 1;
            }
            k = j + 1;
        }
        // Split hyphens: word "-" word with no spaces.
        for w in s.words.windows(3) {
            if w[1].form == "-" && !w[0].space_after && !w[1].space_after {
                if let Some(first) = w[0].form.chars().next().filter(|c| c.is_alphanumeric()) {
                    let _ = first;
                    *c.hyphen_split.entry(w[0].form.to_lowercase()).or_default() += 1;
                }
            }
        }
    }
    let lex = Lexicon::default();
    let mut out = String::from(
        "# dyad tokenizer table, generated by `cargo run -p dyad-nlp --example tokenizer_data`\n\
         # from UD English EWT train + GUM train (commercial-use documents only). CC BY-SA 4.0.\n\
         # kind\tvalue[\tsplits]\n",
    );
    let mut lines = Vec::new();
    for (form, n) in &c.token {
        let has_punct = form.chars().any(|ch| !ch.is_alphanumeric());
        if !has_punct || form.chars().count() < 2 || *n < 2 {
            continue;
        }
        // Only what the rules alone would get wrong.
        if rules::split_chunk_text(form, &lex).len() != 1 {
            lines.push(format!("keep\t{form}"));
        }
    }
    for (lower, (splits, n)) in &c.mwt {
        let single = c.single_lower.get(lower).copied().unwrap_or(0);
        if *n > single && rules::generic_clitic_split(lower).as_ref() != Some(splits) {
            let s: Vec<String> = splits.iter().map(ToString::to_string).collect();
            lines.push(format!("mwt\t{lower}\t{}", s.join(",")));
        }
    }
    for (lower, single) in &c.single_lower {
        let as_mwt = c.mwt.get(lower).map_or(0, |m| m.1);
        if *single > as_mwt && *single >= 2 && rules::generic_clitic_split(lower).is_some() {
            lines.push(format!("whole\t{lower}"));
        }
    }
    for (lower, (splits, n)) in &c.glued {
        let single = c.single_lower.get(lower).copied().unwrap_or(0);
        if *n > single {
            let s: Vec<String> = splits.iter().map(ToString::to_string).collect();
            lines.push(format!("split\t{lower}\t{}", s.join(",")));
        }
    }
    for (prefix, kept) in &c.hyphen_kept {
        let split = c.hyphen_split.get(prefix).copied().unwrap_or(0);
        if *kept >= 2 && *kept > split {
            lines.push(format!("hyphen\t{prefix}"));
        }
    }
    for (form, (fin, total)) in &c.abbr_final {
        // Mid-sentence abbreviations: seen at least twice, rarely sentence-final.
        let stem = form.trim_end_matches('.').to_lowercase();
        let as_word = c.single_lower.get(&stem).copied().unwrap_or(0);
        if *total >= 2 && fin * 4 < *total && as_word < *total {
            lines.push(format!("abbr\t{form}"));
        }
    }
    lines.sort();
    lines.dedup();
    for l in lines {
        out.push_str(&l);
        out.push('\n');
    }
    out
}

/// Surface tokens of a sentence with MWT split offsets (in chars).
fn surface(s: &ConlluSentence) -> Vec<(String, Option<Vec<usize>>)> {
    let mut out = Vec::new();
    let mut id = 1u32;
    let n = s.words.len() as u32;
    while id <= n {
        if let Some(m) = s.multiword.iter().find(|m| m.first == id) {
            let mut splits = Vec::new();
            let mut off = 0;
            let mut concat = String::new();
            for w in m.first..m.last {
                let form = &s.words[(w - 1) as usize].form;
                off += form.chars().count();
                concat.push_str(form);
                splits.push(off);
            }
            if let Some(last) = s.words.get((m.last - 1) as usize) {
                concat.push_str(&last.form);
            }
            // Only splits that are substrings of the surface form are representable.
            let ok = concat == m.form;
            out.push((m.form.clone(), ok.then_some(splits)));
            id = m.last + 1;
        } else {
            out.push((s.words[(id - 1) as usize].form.clone(), None));
            id += 1;
        }
    }
    out
}

/// "anti" for "anti-war" (letters before the first hyphen, lowercased).
fn hyphen_prefix(form: &str) -> Option<String> {
    let (head, tail) = form.split_once('-')?;
    let ok = !head.is_empty()
        && head.chars().all(char::is_alphabetic)
        && tail.chars().next().is_some_and(char::is_alphanumeric);
    ok.then(|| head.to_lowercase())
}
