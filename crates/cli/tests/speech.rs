//! End to end through the binary: the seed article's quotes, citations and places from
//! `dyad annotate`, and `dyad eval speech` on the hand-labelled VOA fixture. Both read
//! `../shared`; they print a reason and pass when it is absent (and fail in CI, `DYAD_CI=1`).

mod common;

use std::path::PathBuf;

use common::dyad;

const VOA: &str = "data/voa/voa_stories.jsonl";

fn fixture() -> PathBuf {
    PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../coder/tests/fixtures/voa_labels.tsv"
    ))
}

#[test]
fn annotate_finds_the_seed_quotes_citations_and_places() {
    let Some(seed) = common::seed() else { return };
    let doc = common::annotate(&seed, None);

    let quotes = doc["quotes"].as_array().expect("quotes");
    let direct: Vec<&serde_json::Value> = quotes.iter().filter(|q| q["kind"] == "direct").collect();
    let who = |q: &serde_json::Value| {
        q["speaker"]["resolved"]
            .as_str()
            .or(q["speaker"]["text"].as_str())
            .unwrap_or("")
            .to_string()
    };
    let bibilov = direct.iter().filter(|q| who(q).contains("Bibilov")).count();
    assert!(bibilov >= 5, "{direct:#?}");
    let destiny = direct
        .iter()
        .find(|q| {
            q["text"]
                .as_str()
                .unwrap_or("")
                .contains("historical destiny")
        })
        .expect("Shamba's quote");
    assert!(who(destiny).contains("Shamba"), "{destiny:#?}");

    let outlets: Vec<&str> = doc["citations"]
        .as_array()
        .expect("citations")
        .iter()
        .filter_map(|c| c["outlet"].as_str())
        .collect();
    for want in ["Bloomberg", "Jerusalem Post", "Daily Star"] {
        assert!(
            outlets.iter().any(|o| o.contains(want)),
            "{want} not in {outlets:?}"
        );
    }

    let places = doc["places"].as_array().expect("places");
    for (name, country) in [
        ("South Ossetia", "GEO"),
        ("North Ossetia", "RUS"),
        ("Ukraine", "UKR"),
        ("Russia", "RUS"),
        ("Georgia", "GEO"),
    ] {
        let p = places
            .iter()
            .find(|p| p["text"] == name)
            .unwrap_or_else(|| panic!("{name} missing"));
        assert_eq!(p["country"], country, "{p:#?}");
        assert!(p["lat"].as_f64().is_some() && p["lon"].as_f64().is_some());
    }
}

#[test]
fn eval_speech_scores_the_voa_fixture() {
    let Some(voa) = common::shared_file(VOA) else {
        return;
    };
    let out = dyad()
        .args(["eval", "speech", "--json", "--labels"])
        .arg(fixture())
        .arg("--voa")
        .arg(&voa)
        .output()
        .expect("dyad runs");
    common::assert_success(&out);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON scores");
    assert!(v["quotes"]["gold"].as_u64().unwrap_or(0) >= 100);
    assert!(v["dates"]["gold"].as_u64().unwrap_or(0) >= 50);
    assert!(v["places"]["gold"].as_u64().unwrap_or(0) >= 100);
    // Floors well under today's figures: a regression, not noise, trips them.
    assert!(v["quotes"]["recall"].as_f64().unwrap_or(0.0) >= 0.9, "{v}");
    assert!(
        v["quotes"]["answer_accuracy"].as_f64().unwrap_or(0.0) >= 0.75,
        "{v}"
    );
    assert!(
        v["dates"]["end_to_end"].as_f64().unwrap_or(0.0) >= 0.85,
        "{v}"
    );
    assert!(
        v["places"]["end_to_end"].as_f64().unwrap_or(0.0) >= 0.8,
        "{v}"
    );
}

#[test]
fn eval_speech_rejects_stale_offsets_with_the_file_name() {
    let Some(voa) = common::shared_file(VOA) else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let labels = dir.path().join("stale.tsv");
    std::fs::write(&labels, "8011115\tdate\t0\t6\tFriday\t2025-03-14|day\n").expect("write");
    let out = dyad()
        .args(["eval", "speech", "--labels"])
        .arg(&labels)
        .arg("--voa")
        .arg(&voa)
        .output()
        .expect("dyad runs");
    common::assert_fails_saying(&out, &["stale.tsv", "stale"]);
}
