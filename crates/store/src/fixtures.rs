//! Hand-annotated documents with known events, for tests of the store and of the commands
//! built on it (`dyad query`, `dyad export`, the HTTP API): they check storage, filters and
//! exports whatever the NLP models and the coder find. Compiled for this crate's tests and,
//! for other crates' tests, with the `fixtures` feature.

use dyad_model::{
    ActorCode, Article, Doc, Entity, Event, EventActor, EventDate, Evidence, Modality, Place,
    Plover, Sentence,
};

/// A story body unique to `topic`, long enough for shingling to mean something.
pub fn body(topic: &str) -> String {
    let mut s = format!("Russia and Georgia traded accusations over {topic} on Monday. ");
    for i in 0..12 {
        s.push_str(&format!(
            "Paragraph {i} about {topic}: officials in {topic} district number {i} described \
             the {topic} situation as tense, and observers from {topic} counted {} incidents. ",
            i * 7 + topic.len()
        ));
    }
    s
}

/// A coded actor mention at `start`.
pub fn actor(text: &str, code: &str, start: usize) -> EventActor {
    EventActor {
        text: text.into(),
        code: Some(code.into()),
        start,
        end: start + text.chars().count(),
        entity: None,
        country_from: None,
    }
}

/// A `code` event from `src` to `tgt` on `date`, in the first sentence.
pub fn event(src: &str, tgt: &str, code: &str, quad: u8, goldstein: f32, date: &str) -> Event {
    Event {
        sentence: 0,
        source: Some(actor(src, src, 0)),
        target: Some(actor(tgt, tgt, 20)),
        code: code.into(),
        root: code.get(..2).unwrap_or(code).into(),
        quad_class: quad,
        goldstein,
        plover: Plover {
            event_type: "ACCUSE".into(),
            mode: String::new(),
        },
        modality: Modality::default(),
        evidence: Evidence {
            start: 0,
            end: 30,
            predicate_start: 18,
            predicate_end: 24,
            rule: "test:rule".into(),
        },
        date: Some(EventDate {
            date: date.into(),
            mention: None,
            source: "publication".into(),
        }),
        place: None,
        quote: None,
        citation: None,
    }
}

/// An article of `outlet` with one sentence, the entity "Russia", the place Georgia (index 0)
/// and `events`.
pub fn doc(id: &str, outlet: &str, text: String, events: Vec<Event>) -> Doc {
    let first_end = text.find(". ").map(|i| i + 1).unwrap_or(text.len());
    let mut d = Doc::new(Article {
        id: id.into(),
        url: Some(format!("https://www.{outlet}/news/{id}")),
        outlet: Some(outlet.into()),
        title: Some(format!("Story {id}")),
        published: Some("2024-03-04T10:00:00Z".into()),
        language: "en".into(),
        text,
        ..Article::default()
    });
    d.sentences.push(Sentence {
        start: 0,
        end: first_end,
        tokens: Vec::new(),
        multiword: Vec::new(),
    });
    d.entities.push(Entity {
        start: 0,
        end: 6,
        text: "Russia".into(),
        label: "LOC".into(),
        sentence: 0,
        first_token: 1,
        last_token: 1,
        chain: Some(1),
        kind: "ner".into(),
        actor: Some(ActorCode {
            code: "RUS".into(),
            country: Some("RUS".into()),
            sectors: vec![],
            name: Some("Russia".into()),
            rule: "countries:Russia".into(),
        }),
        group: Vec::new(),
    });
    d.places.push(Place {
        start: 11,
        end: 18,
        text: "Georgia".into(),
        name: "Georgia".into(),
        feature: "country".into(),
        country: Some("GEO".into()),
        fips: Some("GG".into()),
        adm1: None,
        lat: 42.0,
        lon: 43.5,
        geo_type: 1,
        feature_id: "GG".into(),
        rule: "test".into(),
    });
    d.events = events;
    d
}

/// Four articles from four outlets with six event mentions in five grouped events:
/// RUS→GEO 112 (f1, and again in f4), GEO→RUS 0251, USA→RUSGOV 190 (negated), USA→UKR 061 and
/// RUSGOV→GEO 042 placed in Georgia (f3, "the fishing"). Dates from 2024-03-04 to 2024-04-02.
pub fn sample_docs() -> Vec<Doc> {
    let mut negated = event("USA", "RUSGOV", "190", 4, -10.0, "2024-03-20");
    negated.modality.negated = true;
    let mut placed = event("RUSGOV", "GEO", "042", 1, 1.9, "2024-04-02");
    placed.place = Some(0);
    vec![
        doc(
            "f1",
            "voanews.com",
            body("the blockade"),
            vec![
                event("RUS", "GEO", "112", 3, -2.0, "2024-03-04"),
                event("GEO", "RUS", "0251", 1, 3.0, "2024-03-05"),
            ],
        ),
        doc(
            "f2",
            "bbc.co.uk",
            body("the sanctions"),
            vec![negated, event("USA", "UKR", "061", 2, 6.4, "2024-03-21")],
        ),
        doc("f3", "dw.com", body("the fishing"), vec![placed]),
        doc(
            "f4",
            "rferl.org",
            body("the repeat"),
            vec![event("RUS", "GEO", "112", 3, -2.0, "2024-03-04")],
        ),
    ]
}
