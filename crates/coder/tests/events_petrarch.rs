//! PETRARCH-format dictionaries: our own small fixture (verbs + discards + hand-parsed sentences
//! with expected events) checks the pattern semantics; the real CAMEO.2.0.txt must load and code.

use std::collections::BTreeSet;
use std::path::PathBuf;

use dyad_coder::events::annotated::doc_from_annotated_conllu;
use dyad_coder::events::EventCoder;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/events/petrarch-fixture"
    ))
    .join(name)
}

fn shared() -> Option<PathBuf> {
    let p = std::env::var("DYAD_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared")));
    p.exists().then_some(p)
}

type Triple = (String, String, String);

/// Each sentence block with its `# expect = CODE SRC TGT` lines.
fn expectations(text: &str) -> Vec<(String, BTreeSet<Triple>)> {
    let mut out = Vec::new();
    for block in text.split("\n\n") {
        let mut id = None;
        let mut exp = BTreeSet::new();
        for line in block.lines() {
            if let Some(v) = line.strip_prefix("# sent_id = ") {
                id = Some(v.trim().to_string());
            }
            if let Some(v) = line.strip_prefix("# expect = ") {
                let f: Vec<&str> = v.split_whitespace().collect();
                exp.insert((f[0].to_string(), f[1].to_string(), f[2].to_string()));
            }
        }
        if let Some(id) = id {
            out.push((id, exp));
        }
    }
    out
}

#[test]
fn fixture_sentences_code_as_the_dictionary_says() {
    let coder = EventCoder::from_petrarch(&fixture("verbs.txt"), Some(&fixture("discards.txt")))
        .expect("fixture dictionary loads");
    let text = std::fs::read_to_string(fixture("sentences.conllu")).unwrap();
    let mut doc = doc_from_annotated_conllu(&text, None).unwrap();
    coder.code(&mut doc);
    let expected = expectations(&text);
    assert_eq!(expected.len(), doc.sentences.len());
    let mut failures = Vec::new();
    for (si, (id, exp)) in expected.iter().enumerate() {
        let got: BTreeSet<Triple> = doc
            .events
            .iter()
            .filter(|e| e.sentence == si)
            .map(|e| {
                let code = |a: &Option<dyad_model::EventActor>| {
                    a.as_ref()
                        .and_then(|a| a.code.clone())
                        .unwrap_or_else(|| "-".into())
                };
                (e.code.clone(), code(&e.source), code(&e.target))
            })
            .collect();
        if &got != exp {
            failures.push(format!("{id}: expected {exp:?}, got {got:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // Evidence cites the dictionary line.
    let e = doc.events.iter().find(|e| e.code == "072").unwrap();
    assert!(
        e.evidence.rule.starts_with("petrarch:verbs.txt:"),
        "{}",
        e.evidence.rule
    );
}

#[test]
fn story_discard_drops_the_whole_article() {
    let coder =
        EventCoder::from_petrarch(&fixture("verbs.txt"), Some(&fixture("discards.txt"))).unwrap();
    let text = std::fs::read_to_string(fixture("sentences.conllu")).unwrap();
    let mut doc = doc_from_annotated_conllu(&text, None).unwrap();
    doc.article.text.push_str(" Before the World Cup final.");
    coder.code(&mut doc);
    assert!(doc.events.is_empty(), "{:?}", doc.events);
}

#[test]
fn bad_dictionary_line_is_an_error_naming_file_and_line() {
    let dir = tempfile_dir();
    let path = dir.join("bad.txt");
    std::fs::write(
        &path,
        "--- ATTACK [190] ---\nATTACK\n- * (AGAINST + [190]\n",
    )
    .unwrap();
    let err = EventCoder::from_petrarch(&path, None)
        .unwrap_err()
        .to_string();
    assert!(err.contains("bad.txt:3:"), "{err}");
    let missing = EventCoder::from_petrarch(&dir.join("nope.txt"), None)
        .unwrap_err()
        .to_string();
    assert!(missing.contains("nope.txt"), "{missing}");
}

fn tempfile_dir() -> PathBuf {
    let d = std::env::temp_dir().join(format!("dyad-events-petrarch-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn real_cameo_dictionary_loads_and_codes() {
    let Some(shared) = shared() else {
        eprintln!("skipping: ../shared is absent");
        return;
    };
    let dir = shared.join("data/petrarch-dictionaries");
    // Phoenix.discards.txt drops any story naming "Manchester United", as our fixture does.
    let with_discards = EventCoder::from_petrarch(
        &dir.join("CAMEO.2.0.txt"),
        Some(&dir.join("Phoenix.discards.txt")),
    )
    .expect("CAMEO.2.0.txt and Phoenix.discards.txt load");
    let text = std::fs::read_to_string(fixture("sentences.conllu")).unwrap();
    let mut doc = doc_from_annotated_conllu(&text, None).unwrap();
    with_discards.code(&mut doc);
    assert!(doc.events.is_empty(), "{:?}", doc.events);
    let coder =
        EventCoder::from_petrarch(&dir.join("CAMEO.2.0.txt"), None).expect("CAMEO.2.0.txt loads");
    assert!(coder.pattern_count() > 4000);
    let mut doc = doc_from_annotated_conllu(&text, None).unwrap();
    coder.code(&mut doc);
    // CAMEO.2.0 codes "the US slammed Russia" and "China accused Japan" as disapproval (11x).
    let roots: BTreeSet<&str> = doc.events.iter().map(|e| e.root.as_str()).collect();
    assert!(roots.contains("11"), "{:?}", doc.events);
    assert!(doc
        .events
        .iter()
        .all(|e| e.evidence.rule.starts_with("petrarch:CAMEO.2.0.txt:")));
}
