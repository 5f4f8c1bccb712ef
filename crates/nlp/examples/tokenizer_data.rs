//! Regenerates the tokenizer's learned tables from UD English EWT train + GUM train, leaving out
//! GUM's non-commercial documents (the tables ship with dyad):
//!
//! `cargo run -p dyad-nlp --example tokenizer_data [SHARED_DIR]`
//!
//! writes `crates/nlp/data/tokenize/en.tsv` (abbreviations, multiword tokens, hyphen prefixes)
//! and `crates/nlp/data/tokenize/en-sentences.tsv` (the sentence boundary perceptron).

use std::collections::HashSet;
use std::path::PathBuf;

use dyad_model::conllu::{self, ConlluSentence};
use dyad_nlp::tokenize::{lexicon, sentences};

/// Surface tokens (form, space after) of one paragraph and which of them end a sentence.
type Paragraph = (Vec<(String, bool)>, Vec<bool>);

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let shared = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("DYAD_SHARED").map(PathBuf::from))
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared")));
    let ud = shared.join("data/ud");
    let nc_path = ud.join("UD_English-GUM/GUM_NC_documents.tsv");
    let nc: HashSet<String> = std::fs::read_to_string(&nc_path)
        .map_err(|e| format!("reading {}: {e}", nc_path.display()))?
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split('\t').nth(1).map(str::to_string))
        .collect();
    let mut train: Vec<ConlluSentence> = Vec::new();
    for file in [
        "UD_English-EWT/en_ewt-ud-train.conllu",
        "UD_English-GUM/en_gum-ud-train.conllu",
    ] {
        let path = ud.join(file);
        let text = std::fs::read_to_string(&path)
            .map_err(|e| format!("reading {}: {e}", path.display()))?;
        let parsed =
            conllu::parse(&text).map_err(|e| format!("parsing {}: {e}", path.display()))?;
        for doc in conllu::split_documents(parsed) {
            let id = doc
                .first()
                .and_then(|s| s.newdoc.clone())
                .unwrap_or_default();
            if !nc.contains(&id) {
                train.extend(doc);
            }
        }
    }
    eprintln!("{} training sentences", train.len());
    let out_dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/data/tokenize"));
    std::fs::write(out_dir.join("en.tsv"), lexicon::build(&train))?;

    // Paragraphs of surface tokens with sentence-final marks.
    let mut paragraphs: Vec<Paragraph> = Vec::new();
    for s in &train {
        if s.newpar || paragraphs.is_empty() {
            paragraphs.push((Vec::new(), Vec::new()));
        }
        let Some(par) = paragraphs.last_mut() else {
            continue;
        };
        let mut id = 1u32;
        let n = s.words.len() as u32;
        while id <= n {
            let (form, space, next) = match s.multiword.iter().find(|m| m.first == id) {
                Some(m) => (m.form.clone(), m.space_after, m.last + 1),
                None => {
                    let w = &s.words[(id - 1) as usize];
                    (w.form.clone(), w.space_after, id + 1)
                }
            };
            par.0.push((form, space));
            par.1.push(next > n);
            id = next;
        }
        // Sentences are separated by a space in running text.
        if let Some(last) = par.0.last_mut() {
            last.1 = true;
        }
    }
    let views: Vec<(Vec<sentences::BoundaryToken>, Vec<bool>)> = paragraphs
        .iter()
        .map(|(toks, ends)| {
            (
                toks.iter()
                    .map(|(f, sp)| sentences::BoundaryToken {
                        form: f,
                        space_after: *sp,
                    })
                    .collect(),
                ends.clone(),
            )
        })
        .collect();
    std::fs::write(
        out_dir.join("en-sentences.tsv"),
        sentences::train(&views, 6, 0.05),
    )?;
    eprintln!("wrote {}", out_dir.display());
    Ok(())
}
