//! The PETRARCH verb dictionary loader on arbitrary text: an error naming a line, never a panic.
#![no_main]
use dyad_coder::events::petrarch::PetrarchDictionary;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Err(err) = PetrarchDictionary::parse(text, "fuzz.txt", Some(text)) {
        assert!(err.to_string().starts_with("fuzz.txt"));
    }
});
