//! Prunes a trained UD model at several thresholds and reports size and dev accuracy, so the
//! shipped model's size/accuracy/speed trade-off is chosen on dev, never on test.
//!
//! `cargo run -p dyad-nlp --example ud_prune -- MODEL.bin.gz DEV.conllu TAGGER_T PARSER_T[,PARSER_T…] [OUT.bin.gz]`
//! (thresholds in unquantised perceptron units; `dyad train ud` uses 0.5 and 1.5 by default).
//! With one parser threshold and OUT given, writes the pruned model there.

use std::time::Instant;

use anyhow::Context;
use dyad_nlp::train::score_gold_tokens;
use dyad_nlp::UdModel;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [model, dev, tagger_t, parser_ts, rest @ ..] = args.as_slice() else {
        anyhow::bail!("usage: ud_prune MODEL DEV.conllu TAGGER_T PARSER_T[,…] [OUT]");
    };
    let bytes = std::fs::read(model).with_context(|| model.clone())?;
    let dev_text = std::fs::read_to_string(dev).with_context(|| dev.clone())?;
    let dev = dyad_model::conllu::parse(&dev_text)?;
    let gold: Vec<&[dyad_model::Token]> = dev.iter().map(|s| s.words.as_slice()).collect();
    let tagger_t: f32 = tagger_t.parse()?;
    for p in parser_ts.split(',') {
        let p: f32 = p.parse()?;
        let mut m = UdModel::from_bytes(&bytes, model)?;
        m.prune(tagger_t, p, p);
        let size = m.to_bytes()?.len();
        let t = Instant::now();
        let s = score_gold_tokens(&m, &gold);
        println!(
            "tagger {tagger_t} parser {p}: {:.1} MB, UPOS {:.2} UAS {:.2} LAS {:.2}, dev annotated in {:.0} ms; {}",
            size as f64 / 1e6,
            s.upos,
            s.uas,
            s.las,
            t.elapsed().as_secs_f64() * 1e3,
            m.stats()
        );
        if let Some(out) = rest.first() {
            std::fs::write(out, m.to_bytes()?).with_context(|| out.clone())?;
            println!("wrote {out}");
        }
    }
    Ok(())
}
