//! The seed article through the coder alone (no parse, no NER): quotes with speakers,
//! citations of outlets and resolved places. Reads `../shared/seeds/`; skips when absent.

use std::path::PathBuf;

use dyad_coder::Coder;
use dyad_model::{Article, Doc};

fn shared() -> PathBuf {
    std::env::var_os("DYAD_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared")))
}

fn seed() -> Option<Doc> {
    let path = shared().join("seeds/000_5cde48be02c5b1e4.txt");
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("skipping: {} is not readable", path.display());
        return None;
    };
    let mut doc = Doc::new(Article {
        id: "seed".into(),
        text,
        published: Some("2024-03-20".into()),
        outlet: Some("Latin Times".into()),
        language: "en".into(),
        ..Article::default()
    });
    Coder::load_default().expect("coder loads").code(&mut doc);
    Some(doc)
}

fn speaker_name(q: &dyad_model::Quote) -> String {
    q.speaker
        .as_ref()
        .map(|s| s.resolved.clone().unwrap_or_else(|| s.text.clone()))
        .unwrap_or_default()
}

#[test]
fn seed_direct_quotes_are_bibilovs_and_shambas() {
    let Some(doc) = seed() else { return };
    let direct: Vec<_> = doc.quotes.iter().filter(|q| q.kind == "direct").collect();
    let bibilov = direct
        .iter()
        .filter(|q| speaker_name(q).contains("Bibilov"))
        .count();
    assert!(bibilov >= 5, "Bibilov's quotes: {bibilov} of {direct:#?}");
    let destiny = direct
        .iter()
        .find(|q| q.text.contains("historical destiny"))
        .expect("the Shamba quote");
    assert!(speaker_name(destiny).contains("Shamba"), "{destiny:#?}");
    // Every quote of the article has a speaker, and "He noted that …" resolves to Bibilov.
    assert!(direct.iter().all(|q| q.speaker.is_some()));
    let noted = direct
        .iter()
        .find(|q| q.text.contains("appropriate legal steps"))
        .expect("the 'legal steps' quote");
    assert_eq!(noted.speaker.as_ref().unwrap().text, "He");
    assert!(speaker_name(noted).contains("Bibilov"));
}

#[test]
fn seed_citations_name_the_outlets_and_their_claims() {
    let Some(doc) = seed() else { return };
    let outlets: Vec<&str> = doc.citations.iter().map(|c| c.outlet.as_str()).collect();
    for want in ["Bloomberg", "Jerusalem Post", "Daily Star"] {
        assert!(
            outlets.iter().any(|o| o.contains(want)),
            "{want} missing from {outlets:?}"
        );
    }
    let jp = doc
        .citations
        .iter()
        .find(|c| c.outlet.contains("Jerusalem Post"))
        .unwrap();
    let claim = doc.slice(jp.claim_start, jp.claim_end);
    assert!(
        claim.contains("single entity with North Ossetia"),
        "{claim}"
    );
    assert!(!claim.contains("according to"), "{claim}");
    // The reported speech inside the cited claim carries the citation.
    assert!(doc
        .quotes
        .iter()
        .any(|q| q.text.contains("single entity") && q.citation.is_some()));
}

#[test]
fn seed_places_resolve_with_coordinates() {
    let Some(doc) = seed() else { return };
    let find = |name: &str| {
        doc.places
            .iter()
            .find(|p| p.text == name)
            .unwrap_or_else(|| panic!("{name} not resolved: {:#?}", doc.places))
    };
    let cases = [
        ("South Ossetia", "GEO", 42.3, 44.0),
        ("North Ossetia", "RUS", 43.0, 44.3),
        ("Ukraine", "UKR", 48.4, 31.2),
        ("Russia", "RUS", 61.5, 105.3),
        ("Georgia", "GEO", 42.3, 43.4),
    ];
    for (name, country, lat, lon) in cases {
        let p = find(name);
        assert_eq!(p.country.as_deref(), Some(country), "{name}: {p:#?}");
        assert!(
            (p.lat - lat).abs() < 1.5 && (p.lon - lon).abs() < 1.5,
            "{name} at {},{}",
            p.lat,
            p.lon
        );
    }
    let georgia = find("Georgia");
    assert_eq!(georgia.feature, "country");
    assert_eq!(georgia.fips.as_deref(), Some("GG"));
    assert!(
        georgia.rule.contains("US") || georgia.rule.contains("USA"),
        "{}",
        georgia.rule
    );
}
