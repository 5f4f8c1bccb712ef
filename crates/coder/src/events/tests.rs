//! Unit tests on hand-parsed CoNLL-U sentences (`data/events/fixtures/events.conllu`).

use dyad_model::{conllu, Doc, Event, Quote};

use super::EventCoder;

fn doc_from_conllu(text: &str) -> Doc {
    super::annotated::doc_from_annotated_conllu(text, Some("2024-05-01")).unwrap()
}

const FIXTURE: &str = include_str!("../../data/events/fixtures/events.conllu");

fn coded() -> Doc {
    let coder = EventCoder::load_default().unwrap();
    let mut doc = doc_from_conllu(FIXTURE);
    coder.code(&mut doc);
    doc
}

fn sentence_index(id: &str) -> usize {
    conllu::parse(FIXTURE)
        .unwrap()
        .iter()
        .position(|s| s.sent_id.as_deref() == Some(id))
        .unwrap_or_else(|| panic!("no sentence {id}"))
}

fn events_in<'a>(doc: &'a Doc, id: &str) -> Vec<&'a Event> {
    let si = sentence_index(id);
    doc.events.iter().filter(|e| e.sentence == si).collect()
}

fn code_of(a: &Option<dyad_model::EventActor>) -> Option<&str> {
    a.as_ref().and_then(|a| a.code.as_deref())
}

fn find<'a>(
    evs: &[&'a Event],
    root: &str,
    src: Option<&str>,
    tgt: Option<&str>,
) -> Option<&'a Event> {
    evs.iter()
        .copied()
        .find(|e| e.root == root && code_of(&e.source) == src && code_of(&e.target) == tgt)
}

#[test]
fn compound_actors_give_one_event_each() {
    let doc = coded();
    let evs = events_in(&doc, "compound-actors");
    assert!(
        find(&evs, "11", Some("USA"), Some("RUS")).is_some(),
        "{evs:#?}"
    );
    assert!(
        find(&evs, "11", Some("IGOEU"), Some("RUS")).is_some(),
        "{evs:#?}"
    );
    assert_eq!(evs.len(), 2, "{evs:#?}");
    let e = evs[0];
    assert!(e.modality.is_factual());
    assert_eq!(e.quad_class, 3);
    assert!(e.evidence.rule.contains("slam"), "{}", e.evidence.rule);
    assert_eq!(
        doc.slice(e.evidence.predicate_start, e.evidence.predicate_end),
        "slammed"
    );
}

#[test]
fn passive_agent_is_the_source_and_possessor_the_target() {
    let doc = coded();
    let evs = events_in(&doc, "passive-agent");
    let e = find(&evs, "11", Some("USA"), Some("RUS")).unwrap_or_else(|| panic!("{evs:#?}"));
    assert!(e
        .target
        .as_ref()
        .unwrap()
        .text
        .starts_with("Russia's presence"));
    assert!(find(&evs, "11", Some("RUS"), Some("USA")).is_none());
}

#[test]
fn negation_is_flagged_not_coded_as_fact() {
    let doc = coded();
    let evs = events_in(&doc, "negated");
    let e = find(&evs, "19", Some("RUS"), Some("UKR")).unwrap_or_else(|| panic!("{evs:#?}"));
    assert!(e.modality.negated);
    assert!(!e.modality.is_factual());
}

#[test]
fn light_verb_with_event_noun_and_preposition() {
    let doc = coded();
    let evs = events_in(&doc, "light-verb");
    let e = find(&evs, "19", Some("RUS"), Some("UKR")).unwrap_or_else(|| panic!("{evs:#?}"));
    assert!(e.evidence.rule.contains("launch"), "{}", e.evidence.rule);
    assert!(e.modality.is_factual());
    assert_eq!(evs.len(), 1, "{evs:#?}");
}

#[test]
fn reported_speech_gives_the_reported_event_and_the_statement() {
    let doc = coded();
    let evs = events_in(&doc, "reported");
    let attack = find(&evs, "19", Some("GEO"), Some("SOS")).unwrap_or_else(|| panic!("{evs:#?}"));
    assert!(attack.modality.reported && !attack.modality.negated);
    let said = evs
        .iter()
        .find(|e| e.root == "01")
        .unwrap_or_else(|| panic!("{evs:#?}"));
    assert_eq!(code_of(&said.source), Some("RUSGOV"));
    assert!(!evs
        .iter()
        .any(|e| e.root == "19" && code_of(&e.source) == Some("RUSGOV")));
}

#[test]
fn conditional_clause_is_hypothetical() {
    let doc = coded();
    let evs = events_in(&doc, "conditional");
    let e = find(&evs, "19", Some("RUS"), Some("UKR")).unwrap_or_else(|| panic!("{evs:#?}"));
    assert!(e.modality.hypothetical && !e.modality.is_factual());
}

#[test]
fn ready_to_absorb_should_the_referendum_pass_is_not_a_fact() {
    let doc = coded();
    let evs = events_in(&doc, "ready-should");
    let e = evs
        .iter()
        .find(|e| code_of(&e.source) == Some("RUSGOV") && code_of(&e.target) == Some("SOS"))
        .unwrap_or_else(|| panic!("{evs:#?}"));
    assert!(e.modality.hypothetical, "{:?}", e.modality);
    assert!(e.modality.future, "{:?}", e.modality);
}

#[test]
fn relative_clause_subject_and_uncoded_actor() {
    let doc = coded();
    let evs = events_in(&doc, "relative-clause");
    let attack = evs
        .iter()
        .find(|e| e.root == "19")
        .unwrap_or_else(|| panic!("{evs:#?}"));
    let src = attack.source.as_ref().unwrap();
    assert_eq!(src.text, "Rebels");
    assert_eq!(src.code, None, "uncoded actors stay uncoded");
    assert_eq!(code_of(&attack.target), Some("UKRMIL"));
    let arrest = find(&evs, "17", Some("UKRCOP"), None).unwrap_or_else(|| panic!("{evs:#?}"));
    assert_eq!(arrest.target.as_ref().unwrap().text, "Rebels");
}

#[test]
fn pronoun_takes_its_chain_code() {
    let doc = coded();
    let evs = events_in(&doc, "coref-pronoun");
    let e = find(&evs, "11", Some("USAGOV"), Some("UKR")).unwrap_or_else(|| panic!("{evs:#?}"));
    assert_eq!(e.source.as_ref().unwrap().text, "He");
}

#[test]
fn gerund_takes_the_clause_subject_and_nominal_event_its_possessor() {
    let doc = coded();
    let evs = events_in(&doc, "gerund-and-nominal");
    assert!(
        find(&evs, "19", Some("RUSGOV"), Some("UKR")).is_some(),
        "{evs:#?}"
    );
    let rec = evs
        .iter()
        .find(|e| e.code == "054")
        .unwrap_or_else(|| panic!("{evs:#?}"));
    assert_eq!(code_of(&rec.source), Some("RUSGOV"));
    assert_eq!(rec.target.as_ref().unwrap().text, "Donetsk");
    assert_eq!(rec.target.as_ref().unwrap().code, None);
}

#[test]
fn promise_to_act_is_coded_as_intent() {
    let doc = coded();
    let evs = events_in(&doc, "promise-xcomp");
    assert_eq!(evs.len(), 1, "{evs:#?}");
    assert_eq!(evs[0].code, "0332");
    assert_eq!(code_of(&evs[0].source), Some("GEO"));
    assert_eq!(code_of(&evs[0].target), Some("SRB"));
}

#[test]
fn plan_to_act_is_flagged_future() {
    let doc = coded();
    let evs = events_in(&doc, "plan-xcomp");
    let e = find(&evs, "19", Some("RUSGOV"), Some("UKR")).unwrap_or_else(|| panic!("{evs:#?}"));
    assert!(e.modality.future && !e.modality.is_factual());
    assert_eq!(
        evs.len(),
        1,
        "the plan itself is not a second event: {evs:#?}"
    );
}

#[test]
fn would_under_a_past_report_is_future_not_hypothetical() {
    let doc = coded();
    let evs = events_in(&doc, "would-reported");
    let send = evs
        .iter()
        .find(|e| code_of(&e.target) == Some("GEO"))
        .unwrap_or_else(|| panic!("{evs:#?}"));
    assert!(!send.modality.hypothetical, "{send:#?}");
    assert!(send.modality.future || send.root == "03", "{send:#?}");
}

#[test]
fn a_clause_beside_the_predicate_is_not_its_topic() {
    let doc = coded();
    let evs = events_in(&doc, "reject-saying");
    let reject = evs
        .iter()
        .find(|e| e.root == "12")
        .unwrap_or_else(|| panic!("{evs:#?}"));
    assert_eq!(
        reject.code, "120",
        "the exercises are not what was rejected"
    );
}

#[test]
fn an_appeal_is_one_event_by_the_organisation_its_people_come_from() {
    let doc = coded();
    let evs = events_in(&doc, "urge-advcl");
    assert_eq!(evs.len(), 1, "what was urged has not happened: {evs:#?}");
    assert_eq!(evs[0].root, "02");
    assert_eq!(code_of(&evs[0].source), Some("IGOBUSGOE"));
    assert_eq!(code_of(&evs[0].target), Some("RUS"));
}

#[test]
fn an_inverted_condition_after_the_verb_is_read_from_the_words() {
    // The parse of this fixture garbles the condition ("should" as a modifier, "pass" as a
    // noun), as parsers often do with this rare word order.
    let doc = coded();
    let evs = events_in(&doc, "garbled-inversion");
    let absorb =
        find(&evs, "19", Some("RUSGOV"), Some("SOS")).unwrap_or_else(|| panic!("{evs:#?}"));
    assert!(absorb.modality.hypothetical, "{absorb:#?}");
    // A copula followed by its complement is no condition.
    let evs = events_in(&doc, "were-the-first");
    assert!(evs.iter().all(|e| !e.modality.hypothetical), "{evs:#?}");
}

#[test]
fn it_is_believed_is_speculative() {
    let doc = coded();
    let evs = events_in(&doc, "believed");
    let e = find(&evs, "19", Some("RUS"), Some("UKR")).unwrap_or_else(|| panic!("{evs:#?}"));
    assert!(e.modality.speculative);
}

#[test]
fn coordinated_verbs_share_the_subject() {
    let doc = coded();
    let evs = events_in(&doc, "verb-coordination");
    assert!(
        evs.iter().any(|e| e.root == "14" || e.root == "17"),
        "{evs:#?}"
    );
    let burn = evs
        .iter()
        .find(|e| doc.slice(e.evidence.predicate_start, e.evidence.predicate_end) == "burned")
        .unwrap_or_else(|| panic!("{evs:#?}"));
    assert_eq!(burn.source.as_ref().unwrap().text, "Protesters");
    assert_eq!(code_of(&burn.target), Some("ISR"));
}

#[test]
fn no_event_without_any_actor() {
    let doc = coded();
    assert!(events_in(&doc, "no-actor").is_empty());
}

#[test]
fn events_link_quote_date_and_publication_date() {
    let coder = EventCoder::load_default().unwrap();
    let mut doc = doc_from_conllu(FIXTURE);
    let si = sentence_index("light-verb");
    let s = doc.sentences[si].clone();
    doc.quotes.push(Quote {
        start: s.start,
        end: s.end,
        text: doc.slice(s.start, s.end),
        kind: "direct".into(),
        ..Quote::default()
    });
    let neg = sentence_index("negated");
    let ns = doc.sentences[neg].clone();
    doc.dates.push(dyad_model::DateMention {
        start: ns.tokens[0].start,
        end: ns.tokens[0].end,
        text: "x".into(),
        date: "2024-04-30".into(),
        granularity: "day".into(),
        rule: "test".into(),
    });
    coder.code(&mut doc);
    let quoted = doc.events.iter().find(|e| e.sentence == si).unwrap();
    assert_eq!(quoted.quote, Some(0));
    assert!(quoted.modality.reported);
    assert_eq!(quoted.date.as_ref().unwrap().source, "publication");
    assert_eq!(quoted.date.as_ref().unwrap().date, "2024-05-01");
    let dated = doc.events.iter().find(|e| e.sentence == neg).unwrap();
    assert_eq!(dated.date.as_ref().unwrap().mention, Some(0));
    assert_eq!(dated.date.as_ref().unwrap().date, "2024-04-30");
}

/// Throughput of the event coder alone (not a pass/fail test):
/// `cargo test -p dyad-coder --lib coder_throughput -- --ignored --nocapture`.
#[test]
#[ignore]
fn coder_throughput() {
    let coder = EventCoder::load_default().unwrap();
    let doc = doc_from_conllu(FIXTURE);
    let words: usize = doc.sentences.iter().map(|s| s.tokens.len()).sum();
    let rounds = 2000;
    let start = std::time::Instant::now();
    for _ in 0..rounds {
        let mut d = doc.clone();
        coder.code(&mut d);
        assert!(!d.events.is_empty());
    }
    let secs = start.elapsed().as_secs_f64();
    eprintln!(
        "event coder: {:.0} sentences/s, {:.0} words/s (one core)",
        (rounds * doc.sentences.len()) as f64 / secs,
        (rounds * words) as f64 / secs
    );
}
