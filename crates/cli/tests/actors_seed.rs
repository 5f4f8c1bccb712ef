//! End to end through `dyad annotate` (tokenizer, tagger, parser, NER, actor coder): every
//! actor of the seed article codes correctly and "He noted…" resolves to Anatoly Bibilov.
//! The seed is read from `../shared` (never copied); the test skips when it is absent.

use std::process::Command;

use serde_json::Value;

fn seed_path() -> Option<std::path::PathBuf> {
    let shared = std::env::var("DYAD_SHARED")
        .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared").to_string());
    let dir = std::path::PathBuf::from(shared).join("seeds");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .find(|p| p.extension().is_some_and(|x| x == "txt"))
}

fn annotate(path: &std::path::Path, date: &str) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_dyad"))
        .args(["annotate", "--date", date])
        .arg(path)
        .output()
        .expect("dyad runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let line = String::from_utf8_lossy(&out.stdout)
        .lines()
        .next()
        .unwrap_or("")
        .to_string();
    serde_json::from_str(&line).expect("one JSON document")
}

fn code(e: &Value) -> Option<&str> {
    e["actor"]["code"].as_str()
}

#[test]
fn seed_article_actors_and_pronouns_through_the_pipeline() {
    let Some(path) = seed_path() else {
        eprintln!("skipping: ../shared/seeds is absent");
        return;
    };
    for date in ["2022-03-31", "2024-03-01"] {
        let doc = annotate(&path, date);
        let entities = doc["entities"].as_array().expect("entities");
        let with_text = |t: &str| {
            entities
                .iter()
                .filter(move |e| e["text"] == t)
                .collect::<Vec<_>>()
        };
        for (text, want) in [
            ("Anatoly Bibilov", "SOSGOV"),
            ("Bibilov", "SOSGOV"),
            ("South Ossetia", "SOS"),
            ("Russia", "RUS"),
            ("Kremlin", "RUSGOV"),
            ("US", "USA"),
            ("European Union", "IGOEUREEC"),
            ("Vladimir Putin", "RUSGOV"),
            ("Andrei Klimov", "RUSLEG"),
            ("Abkhazia", "ABK"),
            ("Sergei Shamba", "ABKGOV"),
            ("Ukraine", "UKR"),
            ("Georgia", "GEO"),
        ] {
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
