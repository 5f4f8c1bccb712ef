//! Property: whatever text goes in, every span the pipeline writes lies inside the text, in
//! order, on code point boundaries — and nothing panics.

use std::sync::OnceLock;

use dyad_model::{Article, Doc};
use dyad_pipeline::Pipeline;
use proptest::prelude::*;

fn pipeline() -> &'static Pipeline {
    static PIPELINE: OnceLock<Pipeline> = OnceLock::new();
    PIPELINE.get_or_init(|| Pipeline::load_default().expect("default models load"))
}

fn check_spans(doc: &Doc) -> Result<(), TestCaseError> {
    let len = doc.article.text.chars().count();
    let mut spans: Vec<(&str, usize, usize)> = Vec::new();
    for s in &doc.sentences {
        spans.push(("sentence", s.start, s.end));
        for t in &s.tokens {
            spans.push(("token", t.start, t.end));
            prop_assert!(t.head as usize <= s.tokens.len(), "head out of sentence");
        }
        for m in &s.multiword {
            spans.push(("multiword", m.start, m.end));
        }
    }
    for e in &doc.entities {
        spans.push(("entity", e.start, e.end));
        prop_assert_eq!(doc.slice(e.start, e.end), e.text.clone());
        prop_assert!(e.sentence < doc.sentences.len());
    }
    for e in &doc.events {
        spans.push(("evidence", e.evidence.start, e.evidence.end));
        spans.push((
            "predicate",
            e.evidence.predicate_start,
            e.evidence.predicate_end,
        ));
        for a in [&e.source, &e.target].into_iter().flatten() {
            spans.push(("actor", a.start, a.end));
        }
        prop_assert!(e.sentence < doc.sentences.len());
        prop_assert!(e.place.is_none_or(|p| p < doc.places.len()));
        prop_assert!(e.quote.is_none_or(|q| q < doc.quotes.len()));
        prop_assert!(e.citation.is_none_or(|c| c < doc.citations.len()));
    }
    for q in &doc.quotes {
        spans.push(("quote", q.start, q.end));
        if let Some(s) = &q.speaker {
            spans.push(("speaker", s.start, s.end));
        }
    }
    for c in &doc.citations {
        spans.push(("citation", c.start, c.end));
        spans.push(("claim", c.claim_start, c.claim_end));
    }
    for d in &doc.dates {
        spans.push(("date", d.start, d.end));
    }
    for p in &doc.places {
        spans.push(("place", p.start, p.end));
    }
    for (what, start, end) in spans {
        prop_assert!(
            start <= end && end <= len,
            "{} span {}..{} outside 0..{}",
            what,
            start,
            end,
            len
        );
    }
    Ok(())
}

/// News-like text: words, names, quotes of every style, punctuation, digits, non-ASCII letters,
/// paragraph breaks.
fn newsy_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("Russia".to_string()),
        Just("the Kremlin".to_string()),
        Just("said".to_string()),
        Just("Bibilov".to_string()),
        Just("condemned".to_string()),
        Just("“".to_string()),
        Just("”".to_string()),
        Just("\"".to_string()),
        Just("'s".to_string()),
        Just("n't".to_string()),
        Just("U.S.".to_string()),
        Just(".".to_string()),
        Just(",".to_string()),
        Just("\n\n".to_string()),
        Just("on Friday".to_string()),
        Just("in Georgia".to_string()),
        Just("according to Reuters".to_string()),
        "[a-zA-Z]{1,8}",
        "[0-9]{1,4}",
        "\\PC{1,3}",
    ];
    prop::collection::vec(piece, 0..60).prop_map(|parts| parts.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn every_span_lies_inside_the_text(text in newsy_text()) {
        let doc = pipeline().annotate(Article {
            id: "prop".into(),
            text,
            published: Some("2024-05-30".into()),
            language: "en".into(),
            ..Article::default()
        });
        check_spans(&doc)?;
    }

    #[test]
    fn arbitrary_unicode_never_panics(text in "\\PC{0,300}") {
        let doc = pipeline().annotate(Article { text, ..Article::default() });
        check_spans(&doc)?;
    }
}
