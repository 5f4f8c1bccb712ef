//! End to end through `dyad annotate` (tokenizer, tagger, parser, NER, actor coder): every
//! actor of the seed article codes correctly and "He noted…" resolves to Anatoly Bibilov.
//! The seed is read from `../shared` (never copied); the test skips when it is absent, except
//! in CI (`DYAD_CI=1`), where it fails.

mod common;

use serde_json::Value;

/// Name → actor code; the actor coder's own test (`crates/coder/tests/actors_seed.rs`) reads
/// the same table.
const SEED_ACTOR_CODES: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../coder/tests/fixtures/seed_actor_codes.tsv"
));

fn code(e: &Value) -> Option<&str> {
    e["actor"]["code"].as_str()
}

#[test]
fn seed_article_actors_and_pronouns_through_the_pipeline() {
    let Some(path) = common::seed() else { return };
    let expect: Vec<(&str, &str)> = SEED_ACTOR_CODES
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once('\t'))
        .collect();
    assert!(expect.len() >= 13, "the fixture lost rows: {expect:?}");
    for date in ["2022-03-31", "2024-03-01"] {
        let doc = common::annotate(&path, Some(date));
        let entities = doc["entities"].as_array().expect("entities");
        let with_text = |t: &str| {
            entities
                .iter()
                .filter(move |e| e["text"] == t)
                .collect::<Vec<_>>()
        };
        for &(text, want) in &expect {
            let found = with_text(text);
            assert!(!found.is_empty(), "{date}: no entity {text:?}");
            for e in found {
                assert_eq!(code(e), Some(want), "{date}: {text} at {}", e["start"]);
            }
        }
        for e in entities {
            assert!(
                e["label"].as_str().is_some_and(|l| !l.is_empty()),
                "{date}: label of {e}"
            );
            assert!(e["chain"].is_u64(), "{date}: chain of {e}");
        }
        let bibilov = &with_text("Anatoly Bibilov")[0]["chain"];
        let hes = with_text("He");
        assert!(hes.len() >= 3, "{date}: {hes:?}");
        for he in hes {
            assert_eq!(he["kind"], "pronoun");
            assert_eq!(&he["chain"], bibilov, "{date}: He at {}", he["start"]);
            assert_eq!(code(he), Some("SOSGOV"));
        }
    }
}

#[test]
fn an_it_standing_for_a_clause_refers_to_nobody() {
    let dir = tempfile::tempdir().unwrap();
    let text = "The Kremlin said it was ready to absorb the region. It is a pity that the talks \
                failed, and the ministry said it was the government's duty to act.";
    let doc = common::annotate(&common::write_file(dir.path(), "story.txt", text), None);
    let entities = doc["entities"].as_array().cloned().unwrap_or_default();
    let pronouns: Vec<(u64, String, Option<&str>)> = entities
        .iter()
        .filter(|e| e["kind"] == "pronoun")
        .map(|e| {
            (
                e["sentence"].as_u64().unwrap_or(0),
                e["text"].as_str().unwrap_or("").to_string(),
                code(e),
            )
        })
        .collect();
    assert!(
        pronouns.contains(&(0, "it".into(), Some("RUSGOV"))),
        "the Kremlin is ready: {pronouns:?}"
    );
    assert!(
        pronouns.iter().all(|(s, _, _)| *s == 0),
        "'It is a pity that…' and 'it was the government's duty to act' refer to nobody: \
         {pronouns:?}"
    );
}
