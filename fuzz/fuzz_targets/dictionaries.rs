//! dyad's own dictionary loaders (actor TSVs, the CAMEO ontology, event patterns and classes)
//! on arbitrary text: an error naming the file, never a panic. The first byte picks the loader.
#![no_main]
use dyad_coder::actors::dict::Dictionaries;
use dyad_coder::actors::tsv;
use dyad_coder::events::ontology::Ontology;
use dyad_coder::events::patterns::{parse_classes, PatternSet};
use libfuzzer_sys::fuzz_target;

const CLASSES: &str = include_str!("../../crates/coder/data/events/classes.tsv");

fuzz_target!(|data: &[u8]| {
    let Some((&which, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let mut dict = Dictionaries::default();
    let result: Result<(), String> = match which % 9 {
        0 => tsv::load_phrase_table(&mut dict, "fuzz.tsv", &text).map_err(|e| e.to_string()),
        1 => tsv::load_persons(&mut dict, "fuzz.tsv", &text, 2).map_err(|e| e.to_string()),
        2 => tsv::load_agents(&mut dict, "fuzz.tsv", &text).map_err(|e| e.to_string()),
        3 => tsv::load_descriptors("fuzz.tsv", &text)
            .map(drop)
            .map_err(|e| e.to_string()),
        4 => tsv::load_first_names("fuzz.tsv", &text)
            .map(drop)
            .map_err(|e| e.to_string()),
        5 => Ontology::parse(&text, "fuzz.tsv")
            .map(drop)
            .map_err(|e| e.to_string()),
        6 => parse_classes(&text, "fuzz.tsv")
            .map(drop)
            .map_err(|e| e.to_string()),
        7 => tsv::load_person_nouns("fuzz.tsv", &text)
            .map(drop)
            .map_err(|e| e.to_string()),
        _ => {
            let classes = parse_classes(CLASSES, "classes.tsv").unwrap_or_default();
            PatternSet::parse(&text, "fuzz.tsv", &classes)
                .map(drop)
                .map_err(|e| e.to_string())
        }
    };
    if let Err(msg) = result {
        assert!(
            msg.contains("fuzz.tsv"),
            "error does not name the file: {msg}"
        );
    }
    // A loaded table must also survive indexing.
    dict.index_surnames();
});
