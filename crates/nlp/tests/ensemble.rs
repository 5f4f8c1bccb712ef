//! The shipped ensemble members (`--accurate`): seven parsers voting attach EWT dev better
//! than the shipped parser alone, and every voted parse is a single-rooted tree.

use std::path::PathBuf;

use dyad_model::{conllu, Token};
use dyad_nlp::train::score_gold_tokens;
use dyad_nlp::Nlp;

fn shared() -> PathBuf {
    std::env::var_os("DYAD_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared")))
}

#[test]
fn seven_voting_parsers_beat_one_on_ewt_dev() {
    let path = shared().join("data/ud/UD_English-EWT/en_ewt-ud-dev.conllu");
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("skipping: {} not found", path.display());
        return;
    };
    let gold: Vec<Vec<Token>> = conllu::parse(&text)
        .expect("EWT dev parses")
        .into_iter()
        .map(|s| s.words)
        .collect();
    let gold: Vec<&[Token]> = gold.iter().map(Vec::as_slice).collect();
    let mut nlp = Nlp::load_default().expect("shipped model loads");
    let single = score_gold_tokens(nlp.ud.as_ref().expect("a UD model"), &gold);
    nlp.add_default_members().expect("shipped members load");
    let ud = nlp.ud.as_ref().expect("a UD model");
    assert_eq!(ud.ensemble.len(), 6, "six members join the shipped parser");
    let voted = score_gold_tokens(ud, &gold);
    eprintln!("single {single:?}\nvoted {voted:?}");
    assert!(
        voted.las > single.las + 0.3,
        "voting LAS {:.2} vs single {:.2}",
        voted.las,
        single.las
    );
    assert!(voted.uas > single.uas + 0.3);
}

#[test]
fn voted_parses_are_single_rooted_trees() {
    let mut nlp = Nlp::load_default().expect("shipped model loads");
    nlp.add_default_members().expect("shipped members load");
    let ud = nlp.ud.as_ref().expect("a UD model");
    for text in [
        "The Israeli army lifted Friday a blockade on Palestinian lorries passing through the crossing, officials said.",
        "Tuesday the Serbian parliament approved a special law recognizing victories by the opposition.",
        "Russia's presence in South Ossetia has repeatedly been slammed by the US and European Union.",
        "Yes",
    ] {
        let mut words: Vec<Token> = text
            .split(' ')
            .map(|w| Token {
                form: w.to_string(),
                ..Token::default()
            })
            .collect();
        ud.annotate(&mut words);
        let roots = words.iter().filter(|w| w.head == 0).count();
        assert_eq!(roots, 1, "one root word in {text:?}");
        for start in 0..words.len() {
            let mut at = start as u32 + 1;
            let mut steps = 0;
            while at != 0 {
                at = words[at as usize - 1].head;
                steps += 1;
                assert!(steps <= words.len(), "a cycle through word {} in {text:?}", start + 1);
            }
        }
    }
}
