use std::sync::OnceLock;

use dyad_model::{Article, Doc, Entity, Place};

use super::{main_place, place_for_span, Gazetteer};

fn gazetteer() -> &'static Gazetteer {
    static G: OnceLock<Gazetteer> = OnceLock::new();
    G.get_or_init(|| Gazetteer::load_default().expect("shipped gazetteer loads"))
}

fn resolve(text: &str) -> Doc {
    let mut d = Doc::new(Article {
        text: text.into(),
        ..Article::default()
    });
    gazetteer().resolve(&mut d);
    d
}

fn place<'a>(d: &'a Doc, text: &str) -> &'a Place {
    d.places
        .iter()
        .find(|p| p.text == text)
        .unwrap_or_else(|| panic!("no place {text:?} in {:#?}", d.places))
}

#[test]
fn georgia_is_the_country_next_to_russia_and_the_state_next_to_atlanta() {
    let d = resolve("Russia sent troops to South Ossetia, a breakaway region of Georgia.");
    let g = place(&d, "Georgia");
    assert_eq!(g.country.as_deref(), Some("GEO"));
    assert_eq!(g.feature, "country");
    assert_eq!(g.fips.as_deref(), Some("GG"));
    assert_eq!(g.geo_type, 1);
    assert!(g.rule.contains("homonym"), "{}", g.rule);
    let so = place(&d, "South Ossetia");
    assert_eq!(so.country.as_deref(), Some("GEO"));
    assert!((so.lat - 42.3).abs() < 0.5 && (so.lon - 44.0).abs() < 0.5);
    assert_eq!(so.geo_type, 5);

    let d =
        resolve("Voters in Atlanta and Savannah, Georgia, lined up as Texas and Florida counted.");
    let g = place(&d, "Georgia");
    assert_eq!(g.country.as_deref(), Some("USA"));
    assert_eq!(g.geo_type, 2);
    assert_eq!(g.adm1.as_deref(), Some("USGA"));
    assert!(g.rule.contains("USA"), "{}", g.rule);
}

#[test]
fn tripoli_follows_the_country_in_context() {
    let d = resolve("Fighting in Libya reached Tripoli on Friday.");
    assert_eq!(place(&d, "Tripoli").country.as_deref(), Some("LBY"));
    let d = resolve("Lebanon's army deployed in Tripoli after clashes near Beirut.");
    assert_eq!(place(&d, "Tripoli").country.as_deref(), Some("LBN"));
    assert_eq!(place(&d, "Tripoli").geo_type, 4);
}

#[test]
fn paris_alone_is_the_french_capital() {
    let d = resolve("Leaders gathered in Paris.");
    let p = place(&d, "Paris");
    assert_eq!(p.country.as_deref(), Some("FRA"));
    assert_eq!(p.feature, "city");
    assert!((p.lat - 48.85).abs() < 0.1);
}

#[test]
fn countries_by_common_english_names_and_possessives() {
    let d = resolve("The U.S. and the UK condemned Russia’s move in Ukraine and Syria.");
    let got: Vec<(&str, &str)> = d
        .places
        .iter()
        .map(|p| (p.text.as_str(), p.country.as_deref().unwrap_or("")))
        .collect();
    assert_eq!(
        got,
        vec![
            ("U.S.", "USA"),
            ("UK", "GBR"),
            ("Russia", "RUS"),
            ("Ukraine", "UKR"),
            ("Syria", "SYR")
        ]
    );
}

#[test]
fn macro_regions_and_people_are_not_places() {
    let d = resolve("Across Latin America and the Middle East, prices rose.");
    assert!(d.places.is_empty(), "{:#?}", d.places);
    let mut d = Doc::new(Article {
        text: "Jordan Peterson spoke in Amman.".into(),
        ..Article::default()
    });
    d.entities.push(Entity {
        start: 0,
        end: 15,
        text: "Jordan Peterson".into(),
        label: "PER".into(),
        ..Entity::default()
    });
    gazetteer().resolve(&mut d);
    let names: Vec<&str> = d.places.iter().map(|p| p.text.as_str()).collect();
    assert_eq!(names, vec!["Amman"]);
}

#[test]
fn subdivisions_need_context_or_a_subdivision_word() {
    let d = resolve("Militants attacked a train in Pakistan's Balochistan province.");
    let b = place(&d, "Balochistan");
    assert_eq!(b.feature, "adm1");
    assert_eq!(b.adm1.as_deref(), Some("PK-BA"));
    assert_eq!(b.geo_type, 5);
    // A foreign subdivision name with no support is left alone.
    let d = resolve("Central banks met.");
    assert!(d.places.is_empty(), "{:#?}", d.places);
}

#[test]
fn ner_locations_reach_all_cities_of_the_articles_countries() {
    let text = "Pakistan said gunmen stopped the train near Mach, south of Quetta.";
    let mut d = Doc::new(Article {
        text: text.into(),
        ..Article::default()
    });
    let at = |w: &str| text.find(w).unwrap();
    for w in ["Mach", "Quetta"] {
        d.entities.push(Entity {
            start: at(w),
            end: at(w) + w.len(),
            text: w.into(),
            label: "LOC".into(),
            ..Entity::default()
        });
    }
    gazetteer().resolve(&mut d);
    let mach = place(&d, "Mach");
    assert_eq!(mach.country.as_deref(), Some("PAK"));
    assert_eq!(mach.geo_type, 4);
    assert_eq!(mach.adm1.as_deref(), Some("PK-BA"));
    assert!((mach.lat - 29.86).abs() < 0.05);
    assert_eq!(place(&d, "Quetta").country.as_deref(), Some("PAK"));
    // A small-town name with no support from the article's countries is left alone.
    let mut d = Doc::new(Article {
        text: "They met in Mach.".into(),
        ..Article::default()
    });
    d.entities.push(Entity {
        start: 12,
        end: 16,
        text: "Mach".into(),
        label: "LOC".into(),
        ..Entity::default()
    });
    gazetteer().resolve(&mut d);
    assert!(d.places.is_empty(), "{:#?}", d.places);
}

#[test]
fn event_place_prefers_its_clause_then_the_main_place() {
    let text = "Russia and Georgia traded blame. Soldiers were sent to Ukraine. Russia said talks would go on.";
    let mut d = resolve(text);
    let ends: Vec<usize> = [32usize, 63, text.chars().count()].to_vec();
    d.sentences = vec![
        dyad_model::Sentence {
            start: 0,
            end: ends[0],
            ..Default::default()
        },
        dyad_model::Sentence {
            start: 33,
            end: ends[1],
            ..Default::default()
        },
        dyad_model::Sentence {
            start: 64,
            end: ends[2],
            ..Default::default()
        },
    ];
    let i = place_for_span(&d, 1, 33, 63).unwrap();
    assert_eq!(d.places[i].name, "Ukraine");
    // No locative place in the sentence: the article's most mentioned place.
    let j = place_for_span(&d, 2, 64, ends[2]).unwrap();
    assert_eq!(d.places[j].country.as_deref(), Some("RUS"));
    assert_eq!(main_place(&d), Some(0));
}
