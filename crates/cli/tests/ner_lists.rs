//! End-to-end tests of what the NER name lists contribute: international organisations are
//! organisations (not countries), companies are organisations, and seas, deserts, mountain
//! ranges and rivers are locations.

mod common;

use common::{annotate, entity_labels, write_file};

fn entities(text: &str) -> Vec<(String, String)> {
    let dir = tempfile::tempdir().unwrap();
    let file = write_file(dir.path(), "article.txt", text);
    entity_labels(&annotate(&file, Some("2024-05-06")))
}

#[test]
fn international_bodies_and_companies_are_organisations_and_features_are_places() {
    let found = entities(
        "The EU and the UN criticised NATO on Monday. Huawei and Samsung sold more phones \
         than last year. Ships crossed the Mediterranean to Libya, and hikers walked from the \
         Alps to the Rhine. Traders crossed the Sahara for centuries.",
    );
    let has = |text: &str, label: &str| found.iter().any(|(t, l)| t == text && l == label);
    for (text, label) in [
        ("EU", "ORG"),
        ("UN", "ORG"),
        ("NATO", "ORG"),
        ("Huawei", "ORG"),
        ("Samsung", "ORG"),
        ("Mediterranean", "LOC"),
        ("Alps", "LOC"),
        ("Rhine", "LOC"),
        ("Sahara", "LOC"),
        ("Libya", "LOC"),
    ] {
        assert!(has(text, label), "{text} as {label} not in {found:?}");
    }
    assert!(!has("EU", "LOC") && !has("UN", "LOC"), "{found:?}");
}
