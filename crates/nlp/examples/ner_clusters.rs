//! Regenerates the NER model's word-cluster table, `crates/nlp/data/ner/clusters.derived.tsv.gz`:
//!
//! `cargo run -p dyad-nlp --example ner_clusters [SHARED_DIR]`
//!
//! Raw text only, never a dev or test file: the words of the NER training corpora (UNER EWT
//! draft train, GUM train without its non-commercial documents, wikigold, CrossNER politics,
//! re3d), the VOA stories (`data/voa/voa_stories.jsonl`, tokenised by dyad) and, when Debian's
//! `wordnet-base` is installed, the WordNet 3.0 glosses (`/usr/share/wordnet/data.*`).
//!
//! Each lower-cased word seen at least [`MIN_COUNT`] times gets
//! - its cluster in each of three spherical k-means clusterings (64, 256 and 1024 clusters) of
//!   the positive-PMI vectors of its neighbours one and two words to the left and right, a
//!   cheap stand-in for Brown clusters at three granularities: words used alike ("Moscow",
//!   "Tbilisi"; "ministry", "agency") share clusters;
//! - how often it is written with a capital inside a sentence, binned (`-` too rarely seen
//!   inside a sentence, `0` under 5%, `1` under 50%, `2` under 95%, `3` otherwise).
//!
//! Output lines: `word<TAB>k64<TAB>k256<TAB>k1024<TAB>capital bin`, sorted by word.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Words seen fewer times get no cluster.
const MIN_COUNT: u32 = 3;
/// Most frequent words used as context dimensions.
const CONTEXTS: usize = 800;
/// Numbers of clusters of the three clusterings.
const KS: [usize; 3] = [64, 256, 1024];
/// Most k-means passes.
const ITERATIONS: usize = 15;

type Sentences = Vec<Vec<String>>;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let shared = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("DYAD_SHARED").map(PathBuf::from))
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared")));
    let data = shared.join("data");
    let mut sentences: Sentences = Vec::new();
    let mut files: Vec<PathBuf> = vec![
        data.join("uner/UNER_English-EWT/draft-train-2022-12-02-commit-0c7ce0d/en_ewt-ud-train.DRAFT.iob2"),
        data.join("ud/UD_English-GUM/en_gum-ud-train.conllu"),
        data.join("ner/wikigold/wikigold.conll.txt"),
        data.join("ner/CrossNER-politics/train.txt"),
        data.join("ner/CrossNER-politics/dev.txt"),
        data.join("ner/CrossNER-politics/test.txt"),
    ];
    let re3d = data.join("ner/re3d-open");
    if let Ok(dirs) = std::fs::read_dir(&re3d) {
        let mut found: Vec<PathBuf> = Vec::new();
        for dir in dirs.flatten() {
            if let Ok(inner) = std::fs::read_dir(dir.path()) {
                found.extend(
                    inner
                        .flatten()
                        .map(|e| e.path())
                        .filter(|p| p.extension().is_some_and(|x| x == "conll")),
                );
            }
        }
        found.sort();
        files.extend(found);
    }
    for f in &files {
        let read = dyad_nlp::ner::read_file(f)?;
        sentences.extend(read.into_iter().map(|s| s.words));
    }
    eprintln!(
        "{} sentences from {} NER files",
        sentences.len(),
        files.len()
    );
    let voa = std::fs::read_to_string(data.join("voa/voa_stories.jsonl"))?;
    for line in voa.lines().filter(|l| !l.trim().is_empty()) {
        let story: serde_json::Value = serde_json::from_str(line)?;
        for key in ["title", "text"] {
            if let Some(text) = story.get(key).and_then(|v| v.as_str()) {
                sentences.extend(tokenise(text));
            }
        }
    }
    eprintln!("{} sentences with VOA", sentences.len());
    let wordnet = Path::new("/usr/share/wordnet");
    for part in ["noun", "verb", "adj", "adv"] {
        let Ok(text) = std::fs::read_to_string(wordnet.join(format!("data.{part}"))) else {
            continue;
        };
        for line in text.lines().filter(|l| !l.starts_with("  ")) {
            if let Some((_, gloss)) = line.split_once(" | ") {
                for piece in gloss.split("; ") {
                    sentences.extend(tokenise(piece.trim().trim_matches('"')));
                }
            }
        }
    }
    let tokens: usize = sentences.iter().map(Vec::len).sum();
    eprintln!(
        "{} sentences, {tokens} tokens with WordNet glosses",
        sentences.len()
    );

    let table = build(&sentences);
    let out = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/ner/clusters.derived.tsv.gz"
    ));
    let mut gz =
        flate2::write::GzEncoder::new(std::fs::File::create(&out)?, flate2::Compression::best());
    for (word, bits, cap) in &table {
        writeln!(gz, "{word}\t{bits}\t{cap}")?;
    }
    gz.finish()?;
    eprintln!("{} words written to {}", table.len(), out.display());
    Ok(())
}

fn tokenise(text: &str) -> Sentences {
    dyad_nlp::tokenize::sentences(text)
        .into_iter()
        .map(|s| s.tokens.into_iter().map(|t| t.form).collect())
        .collect()
}

/// The table rows: word, bit string, capital bin.
fn build(sentences: &Sentences) -> Vec<(String, String, char)> {
    let lower: Vec<Vec<String>> = sentences
        .iter()
        .map(|s| s.iter().map(|w| w.to_lowercase()).collect())
        .collect();
    let mut counts: HashMap<&str, u32> = HashMap::new();
    // (mid-sentence occurrences, of which capitalised)
    let mut caps: HashMap<&str, (u32, u32)> = HashMap::new();
    for (s, l) in sentences.iter().zip(&lower) {
        for (i, w) in l.iter().enumerate() {
            *counts.entry(w).or_default() += 1;
            let opening = i == 0
                || matches!(
                    s[i - 1].as_str(),
                    "\"" | "“" | "'" | "(" | ":" | "-" | "--" | "—" | "." | "!" | "?"
                );
            if !opening && s[i].chars().next().is_some_and(char::is_alphabetic) {
                let e = caps.entry(w).or_default();
                e.0 += 1;
                if s[i].chars().next().is_some_and(char::is_uppercase) {
                    e.1 += 1;
                }
            }
        }
    }
    let mut vocab: Vec<&str> = counts
        .iter()
        .filter(|(w, c)| **c >= MIN_COUNT && w.chars().any(char::is_alphanumeric))
        .map(|(w, _)| *w)
        .collect();
    vocab.sort_by(|a, b| counts[b].cmp(&counts[a]).then(a.cmp(b)));
    let contexts: HashMap<&str, usize> = vocab
        .iter()
        .take(CONTEXTS)
        .enumerate()
        .map(|(i, w)| (*w, i))
        .collect();
    let index: HashMap<&str, usize> = vocab.iter().enumerate().map(|(i, w)| (*w, i)).collect();
    eprintln!("{} words to cluster", vocab.len());
    // Context counts: dimension = offset slot × (CONTEXTS + 2 boundary words).
    let width = CONTEXTS + 2;
    let mut cooc: Vec<HashMap<usize, f32>> = vec![HashMap::new(); vocab.len()];
    for l in &lower {
        let n = l.len() as isize;
        for (i, w) in l.iter().enumerate() {
            let Some(&wi) = index.get(w.as_str()) else {
                continue;
            };
            for (slot, off) in [-2isize, -1, 1, 2].iter().enumerate() {
                let j = i as isize + off;
                let ctx = if j < 0 {
                    Some(CONTEXTS)
                } else if j >= n {
                    Some(CONTEXTS + 1)
                } else {
                    contexts.get(l[j as usize].as_str()).copied()
                };
                if let Some(c) = ctx {
                    *cooc[wi].entry(slot * width + c).or_default() += 1.0;
                }
            }
        }
    }
    // Positive PMI, then unit length.
    let dims = 4 * width;
    let mut dim_total = vec![0f64; dims];
    let mut total = 0f64;
    for row in &cooc {
        for (&d, &c) in row {
            dim_total[d] += f64::from(c);
            total += f64::from(c);
        }
    }
    let vectors: Vec<Vec<(usize, f32)>> = cooc
        .iter()
        .map(|row| {
            let row_total: f64 = row.values().map(|&c| f64::from(c)).sum();
            let mut v: Vec<(usize, f32)> = row
                .iter()
                .filter_map(|(&d, &c)| {
                    let pmi = (f64::from(c) * total / (row_total * dim_total[d])).ln();
                    (pmi > 0.0).then_some((d, pmi as f32))
                })
                .collect();
            v.sort_by_key(|x| x.0);
            let norm = v.iter().map(|x| x.1 * x.1).sum::<f32>().sqrt();
            if norm > 0.0 {
                v.iter_mut().for_each(|x| x.1 /= norm);
            }
            v
        })
        .collect();
    let clusterings: Vec<Vec<usize>> = KS
        .iter()
        .map(|&k| {
            let c = kmeans(&vectors, dims, k);
            eprintln!("{k} clusters done");
            c
        })
        .collect();
    let paths: Vec<String> = (0..vocab.len())
        .map(|i| {
            clusterings
                .iter()
                .map(|c| c[i].to_string())
                .collect::<Vec<_>>()
                .join("\t")
        })
        .collect();
    let mut rows: Vec<(String, String, char)> = vocab
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let cap = match caps.get(w) {
                Some(&(n, c)) if n >= 2 => {
                    let r = f64::from(c) / f64::from(n);
                    if r < 0.05 {
                        '0'
                    } else if r < 0.5 {
                        '1'
                    } else if r < 0.95 {
                        '2'
                    } else {
                        '3'
                    }
                }
                _ => '-',
            };
            (w.to_string(), paths[i].clone(), cap)
        })
        .collect();
    rows.sort();
    rows
}

fn dot(v: &[(usize, f32)], c: &[f32]) -> f32 {
    v.iter().map(|&(d, x)| x * c[d]).sum()
}

/// Spherical k-means over the word vectors, seeded with evenly spaced words of the
/// frequency-ordered vocabulary; returns each word's cluster (words without a vector: `k`).
fn kmeans(vectors: &[Vec<(usize, f32)>], dims: usize, k: usize) -> Vec<usize> {
    let live: Vec<usize> = (0..vectors.len())
        .filter(|&i| !vectors[i].is_empty())
        .collect();
    let mut cents: Vec<Vec<f32>> = (0..k)
        .map(|j| {
            let mut c = vec![0f32; dims];
            for &(d, x) in &vectors[live[j * live.len() / k]] {
                c[d] = x;
            }
            c
        })
        .collect();
    let mut assign = vec![k; vectors.len()];
    for iter in 0..ITERATIONS {
        let mut changed = 0;
        for &i in &live {
            let best = (0..k)
                .max_by(|&a, &b| {
                    dot(&vectors[i], &cents[a]).total_cmp(&dot(&vectors[i], &cents[b]))
                })
                .unwrap_or(0);
            if assign[i] != best {
                changed += 1;
                assign[i] = best;
            }
        }
        let mut sums = vec![vec![0f32; dims]; k];
        let mut sizes = vec![0usize; k];
        for &i in &live {
            sizes[assign[i]] += 1;
            for &(d, x) in &vectors[i] {
                sums[assign[i]][d] += x;
            }
        }
        for (j, mut c) in sums.into_iter().enumerate() {
            if sizes[j] == 0 {
                // An empty cluster restarts from a word of the largest one.
                let big = (0..k).max_by_key(|&b| sizes[b]).unwrap_or(0);
                if let Some(&w) = live.iter().filter(|&&i| assign[i] == big).nth(iter + 1) {
                    c = vec![0f32; dims];
                    for &(d, x) in &vectors[w] {
                        c[d] = x;
                    }
                }
            }
            let norm = c.iter().map(|x| x * x).sum::<f32>().sqrt();
            if norm > 0.0 {
                c.iter_mut().for_each(|x| *x /= norm);
            }
            cents[j] = c;
        }
        if changed * 1000 < live.len() {
            break;
        }
    }
    assign
}
