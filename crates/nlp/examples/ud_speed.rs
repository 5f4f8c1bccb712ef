//! Throughput of tokenize + tag + lemmatize + parse on the VOA corpus, one thread.
//!
//! `cargo run -p dyad-nlp --example ud_speed [MODEL.bin.gz]` (default: the shipped model).
//! Reads `$DYAD_SHARED/data/voa/voa_stories.jsonl` (default `../shared`).

use std::path::PathBuf;
use std::time::Instant;

fn main() -> anyhow::Result<()> {
    let shared = std::env::var_os("DYAD_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared")));
    let t0 = Instant::now();
    let nlp = match std::env::args().nth(1) {
        Some(path) => dyad_nlp::Nlp::load(path.as_ref())?,
        None => dyad_nlp::Nlp::load_default()?,
    };
    let ud = nlp
        .ud
        .as_ref()
        .ok_or_else(|| anyhow::anyhow!("no UD model"))?;
    eprintln!(
        "model load (with NER) {:.0} ms",
        t0.elapsed().as_secs_f64() * 1e3
    );
    let voa = std::fs::read_to_string(shared.join("data/voa/voa_stories.jsonl"))?;
    let mut texts = Vec::new();
    for line in voa.lines() {
        let v: serde_json::Value = serde_json::from_str(line)?;
        texts.push(v["text"].as_str().unwrap_or_default().to_string());
    }
    let t1 = Instant::now();
    let mut docs: Vec<_> = texts
        .iter()
        .map(|t| dyad_nlp::tokenize::sentences(t))
        .collect();
    let tokenize = t1.elapsed().as_secs_f64();
    let n: usize = docs.iter().flatten().map(|s| s.tokens.len()).sum();
    let t2 = Instant::now();
    for doc in docs.iter_mut() {
        for s in doc.iter_mut() {
            ud.annotate(&mut s.tokens);
        }
    }
    let annotate = t2.elapsed().as_secs_f64();
    println!(
        "{n} tokens: tokenize {:.0} ms, tag+lemma+parse {:.0} ms; {:.0} tokens/s end to end",
        tokenize * 1e3,
        annotate * 1e3,
        n as f64 / (tokenize + annotate)
    );
    Ok(())
}
