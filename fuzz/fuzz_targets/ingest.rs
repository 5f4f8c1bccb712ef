//! Every input kind (text, HTML, JSONL, feeds, WARC, CoNLL-U) on arbitrary bytes: errors are
//! fine, panics are not, and every article's text is non-empty and normalised.
#![no_main]
use dyad_ingest::{records_from_bytes, IngestOptions, InputKind};
use libfuzzer_sys::fuzz_target;

const KINDS: [InputKind; 7] = [
    InputKind::Auto,
    InputKind::Text,
    InputKind::Html,
    InputKind::Jsonl,
    InputKind::Conllu,
    InputKind::Feed,
    InputKind::Warc,
];

fuzz_target!(|data: &[u8]| {
    let Some((&selector, bytes)) = data.split_first() else {
        return;
    };
    let options = IngestOptions {
        kind: KINDS[selector as usize % KINDS.len()],
        max_document_bytes: 1 << 20,
    };
    for record in records_from_bytes("fuzz", "fuzz.bin", bytes.to_vec(), &options).take(64) {
        if let Ok(ingested) = record {
            assert!(!ingested.doc.article.text.is_empty());
        }
    }
});
