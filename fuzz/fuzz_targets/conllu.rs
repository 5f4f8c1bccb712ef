//! The CoNLL-U reader on arbitrary text: an error with a line number or sentences whose
//! assembled offsets slice the assembled text.
#![no_main]
use dyad_model::conllu;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(sentences) = conllu::parse(text) {
        let (assembled, out) = conllu::assemble(&sentences);
        let n = assembled.chars().count();
        for s in &out {
            assert!(s.start <= s.end && s.end <= n);
            for t in &s.tokens {
                assert!(t.start <= t.end && t.end <= n);
            }
        }
    }
});
