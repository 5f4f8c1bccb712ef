//! Counts, for every lower-cased word of the NER training corpora, how often it is inside a
//! PER, ORG, LOC or MISC name and outside any: the input of
//! `crates/nlp/data/ner/tools/glove_clusters.py`, which learns from these counts which kind
//! of name a GloVe vector belongs to.
//!
//! `cargo run --release -p dyad-nlp --example ner_word_labels -- TRAIN_FILE… > word_labels.tsv`
//!
//! Give it the training files of `dyad train ner` only, never a dev or test file.
//! Output lines: `word<TAB>O<TAB>PER<TAB>ORG<TAB>LOC<TAB>MISC`.

use std::collections::BTreeMap;
use std::path::PathBuf;

use dyad_nlp::ner::{read_file, Label};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut counts: BTreeMap<String, [u32; 5]> = BTreeMap::new();
    for path in std::env::args().skip(1).map(PathBuf::from) {
        for sentence in read_file(&path)? {
            let mut kind = vec![0usize; sentence.words.len()];
            for span in &sentence.spans {
                let k = match span.label {
                    Label::Per => 1,
                    Label::Org => 2,
                    Label::Loc => 3,
                    Label::Misc => 4,
                };
                for slot in kind.iter_mut().take(span.end).skip(span.start) {
                    *slot = k;
                }
            }
            for (word, k) in sentence.words.iter().zip(kind) {
                counts.entry(word.to_lowercase()).or_default()[k] += 1;
            }
        }
    }
    for (word, c) in counts {
        println!("{word}\t{}\t{}\t{}\t{}\t{}", c[0], c[1], c[2], c[3], c[4]);
    }
    Ok(())
}
