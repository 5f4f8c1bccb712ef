//! Trains the whole UD pipeline on a slice of EWT train and checks dev accuracy stays above
//! floors, so a broken trainer cannot go unnoticed. Skips when `../shared` is absent.

use std::path::PathBuf;

use dyad_model::conllu;
use dyad_model::Token;
use dyad_nlp::train::{score_gold_tokens, train_ud, TrainOptions};
use dyad_nlp::UdModel;

fn shared() -> PathBuf {
    std::env::var_os("DYAD_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared")))
}

fn read(path: &std::path::Path, limit: usize) -> Option<Vec<Vec<Token>>> {
    let text = std::fs::read_to_string(path).ok()?;
    let sents = conllu::parse(&text).ok()?;
    Some(sents.into_iter().take(limit).map(|s| s.words).collect())
}

#[test]
fn training_on_a_slice_of_ewt_reaches_floor_accuracy() {
    let ewt = shared().join("data/ud/UD_English-EWT");
    let (Some(train), Some(dev)) = (
        read(&ewt.join("en_ewt-ud-train.conllu"), 1500),
        read(&ewt.join("en_ewt-ud-dev.conllu"), 400),
    ) else {
        eprintln!("skipping: UD_English-EWT not found under {}", ewt.display());
        return;
    };
    let train: Vec<&[Token]> = train.iter().map(Vec::as_slice).collect();
    let dev: Vec<&[Token]> = dev.iter().map(Vec::as_slice).collect();
    let opts = TrainOptions {
        tagger_iterations: 4,
        parser_iterations: 4,
        // Two averaged runs, so the averaging path is trained and checked too.
        parser_runs: 2,
        label_iterations: 3,
        jackknife: 0,
        seed: 7,
        right_to_left: false,
    };
    // The last 300 sentences stand in for silver trees (parser-only training data).
    let (train, silver) = train.split_at(train.len() - 300);
    let mut model = train_ud(train, silver, &[], &opts, |l| eprintln!("{l}"));
    // A right-to-left parser joins it as an ensemble member.
    let backwards = TrainOptions {
        parser_runs: 1,
        right_to_left: true,
        ..opts
    };
    let backwards = train_ud(train, &[], &[], &backwards, |l| eprintln!("{l}"));
    let alone = score_gold_tokens(&backwards, &dev);
    eprintln!("right to left alone: {alone:?}");
    assert!(
        alone.uas >= 60.0,
        "right-to-left UAS {:.2} below floor",
        alone.uas
    );
    model.ensemble.push(backwards.parser);
    // The model survives serialisation unchanged.
    let bytes = model.to_bytes().expect("serialise");
    let model = UdModel::from_bytes(&bytes, "slice").expect("reload");
    assert_eq!(model.ensemble.len(), 1, "the ensemble member is kept");
    let s = score_gold_tokens(&model, &dev);
    eprintln!("{s:?}");
    assert!(s.upos >= 88.0, "UPOS {:.2} below floor", s.upos);
    assert!(s.uas >= 66.0, "UAS {:.2} below floor", s.uas);
    assert!(s.las >= 60.0, "LAS {:.2} below floor", s.las);
    assert!(s.lemma >= 89.0, "lemma {:.2} below floor", s.lemma);
}
