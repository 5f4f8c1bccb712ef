use dyad_model::{ActorCode, Article, Doc, Entity};

use super::SpeechFinder;

fn doc(text: &str) -> Doc {
    Doc::new(Article {
        text: text.into(),
        ..Article::default()
    })
}

fn run(text: &str) -> Doc {
    let mut d = doc(text);
    SpeechFinder::default().find(&mut d);
    d
}

fn speaker_of(d: &Doc, quote_text: &str) -> Option<String> {
    let q = d
        .quotes
        .iter()
        .find(|q| q.text.contains(quote_text))
        .unwrap_or_else(|| panic!("no quote with {quote_text:?} in {:#?}", d.quotes));
    q.speaker
        .as_ref()
        .and_then(|s| s.resolved.clone().or(Some(s.text.clone())))
}

fn entity(d: &Doc, text: &str, label: &str, chain: u32, kind: &str, code: Option<&str>) -> Entity {
    let t = &d.article.text;
    let byte = t.find(text).unwrap_or(0);
    let start = t[..byte].chars().count();
    Entity {
        start,
        end: start + text.chars().count(),
        text: text.into(),
        label: label.into(),
        chain: Some(chain),
        kind: kind.into(),
        actor: code.map(|c| ActorCode {
            code: c.into(),
            ..ActorCode::default()
        }),
        ..Entity::default()
    }
}

#[test]
fn quote_before_said_and_said_before_quote() {
    let d = run(
        "“We will not give up,” Maria Lopez said on Monday. Officials said: \"The talks failed.\"",
    );
    let direct: Vec<_> = d.quotes.iter().filter(|q| q.kind == "direct").collect();
    assert_eq!(direct.len(), 2, "{:#?}", d.quotes);
    assert_eq!(direct[0].text, "We will not give up");
    assert_eq!(direct[0].verb.as_deref(), Some("said"));
    assert_eq!(speaker_of(&d, "give up").as_deref(), Some("Maria Lopez"));
    assert_eq!(speaker_of(&d, "talks failed").as_deref(), Some("Officials"));
}

#[test]
fn inverted_attribution_and_split_quotes() {
    let d = run("“The border is closed,” said John Smith, a police spokesman. “Nobody can cross,” he added, “until Friday.”");
    assert_eq!(
        speaker_of(&d, "border is closed").as_deref(),
        Some("John Smith")
    );
    // "he" continues John Smith by salience when no coreference step ran.
    assert_eq!(
        speaker_of(&d, "Nobody can cross").as_deref(),
        Some("John Smith")
    );
    assert_eq!(
        speaker_of(&d, "until Friday").as_deref(),
        Some("John Smith")
    );
}

#[test]
fn quote_spanning_sentences_takes_the_speaker_after_it() {
    let d = run("\"The leader was killed. He was hunted down for years,\" the president wrote on social media.");
    let direct: Vec<_> = d.quotes.iter().filter(|q| q.kind == "direct").collect();
    assert_eq!(direct.len(), 1);
    assert!(direct[0].text.starts_with("The leader was killed. He was"));
    assert_eq!(speaker_of(&d, "hunted").as_deref(), Some("the president"));
}

#[test]
fn pronoun_speakers_resolve_through_coreference_chains() {
    let text = "Governor Ana Ruiz spoke in the capital. She said the plan would \"bring peace to the valley.\"";
    let mut d = doc(text);
    d.entities = vec![
        entity(&d, "Ana Ruiz", "PER", 7, "ner", Some("MEXGOV")),
        entity(&d, "She", "PER", 7, "pronoun", None),
    ];
    SpeechFinder::default().find(&mut d);
    let q = d.quotes.iter().find(|q| q.kind == "direct").unwrap();
    let sp = q.speaker.as_ref().unwrap();
    assert_eq!(sp.text, "She");
    assert_eq!(sp.resolved.as_deref(), Some("Ana Ruiz"));
    assert_eq!(sp.code.as_deref(), Some("MEXGOV"));
    assert_eq!(sp.entity, Some(1));
}

#[test]
fn indirect_speech_with_that_and_according_to() {
    let d = run("The minister said that the army would withdraw by June. According to him, the deal is final. Prices will rise, the central bank said.");
    let ind: Vec<_> = d.quotes.iter().filter(|q| q.kind == "indirect").collect();
    let texts: Vec<&str> = ind.iter().map(|q| q.text.as_str()).collect();
    assert_eq!(
        texts,
        vec![
            "the army would withdraw by June",
            "the deal is final",
            "Prices will rise"
        ],
        "{ind:#?}"
    );
    assert_eq!(
        speaker_of(&d, "army would").as_deref(),
        Some("The minister")
    );
    // "him" resolves to the last speaker when no chain links it.
    assert_eq!(ind[1].speaker.as_ref().unwrap().text, "him");
    assert_eq!(
        speaker_of(&d, "Prices").as_deref(),
        Some("the central bank")
    );
}

#[test]
fn titles_in_quotes_are_not_speech() {
    let d = run(
        "Firefighters battled the \"Mega Blaze\" near the town, while the ship \"Jairan\" waited.",
    );
    assert!(
        d.quotes.iter().all(|q| q.kind != "direct"),
        "{:#?}",
        d.quotes
    );
}

#[test]
fn citations_of_outlets_with_their_claims() {
    let text = "The rebels seized the airport, reported Bloomberg. According to The Jerusalem Post, talks stalled. The Daily Star reported that troops were moving. The minister told Reuters the plan was \"dead in the water.\" State news agency TASS said the border was quiet.";
    let d = run(text);
    let names: Vec<&str> = d.citations.iter().map(|c| c.outlet.as_str()).collect();
    assert_eq!(
        names,
        vec![
            "Bloomberg",
            "The Jerusalem Post",
            "The Daily Star",
            "Reuters",
            "TASS"
        ]
    );
    let claim = |i: usize| d.slice(d.citations[i].claim_start, d.citations[i].claim_end);
    assert_eq!(claim(0), "The rebels seized the airport");
    assert_eq!(claim(1), "talks stalled");
    assert_eq!(claim(2), "troops were moving");
    assert_eq!(claim(4), "the border was quiet");
    assert_eq!(d.citations[0].code.as_deref(), Some("USAMED"));
    // The quote told to Reuters carries that citation; its speaker is the minister.
    let q = d
        .quotes
        .iter()
        .find(|q| q.text.contains("dead in the water"))
        .unwrap();
    assert_eq!(q.citation, Some(3));
    assert_eq!(q.speaker.as_ref().unwrap().text, "The minister");
}

#[test]
fn outlet_lookup_from_the_actor_dictionary_is_used() {
    let mut d = doc("The strike killed 12 people, Rudaw reported.");
    let lookup = |name: &str| {
        (name == "Rudaw").then(|| ActorCode {
            code: "IRQMED".into(),
            ..ActorCode::default()
        })
    };
    SpeechFinder::default().find_with(&mut d, &lookup);
    assert_eq!(d.citations.len(), 1);
    assert_eq!(d.citations[0].code.as_deref(), Some("IRQMED"));
    assert_eq!(
        d.slice(d.citations[0].claim_start, d.citations[0].claim_end),
        "The strike killed 12 people"
    );
    // An outlet is cited, never a speaker.
    assert!(d
        .quotes
        .iter()
        .all(|q| q.speaker.is_none() || q.speaker.as_ref().unwrap().text != "Rudaw"));
}

#[test]
fn own_outlet_is_not_a_citation() {
    let mut d = doc("The farmer told VOA that prices doubled.");
    d.article.outlet = Some("VOA".into());
    SpeechFinder::default().find(&mut d);
    assert!(d.citations.is_empty());
    assert_eq!(d.quotes.len(), 1);
    assert_eq!(d.quotes[0].text, "prices doubled");
    assert_eq!(d.quotes[0].speaker.as_ref().unwrap().text, "The farmer");
}

#[test]
fn parse_gives_the_speaker_when_the_words_mislead() {
    // "on Monday" sits where the text rules look for a subject; the parse knows better.
    let text = "Ana Ruiz, who leads the party, on Monday said \"we will win.\"";
    let mut d = doc(text);
    let forms = [
        ("Ana", 11, "nsubj"),
        ("Ruiz", 1, "flat"),
        (",", 1, "punct"),
        ("who", 5, "nsubj"),
        ("leads", 1, "acl:relcl"),
        ("the", 7, "det"),
        ("party", 5, "obj"),
        (",", 1, "punct"),
        ("on", 10, "case"),
        ("Monday", 11, "obl"),
        ("said", 0, "root"),
        ("\"", 14, "punct"),
        ("we", 14, "nsubj"),
        ("will", 14, "aux"),
        ("win", 11, "ccomp"),
        (".", 14, "punct"),
        ("\"", 14, "punct"),
    ];
    let mut pos = 0;
    let mut tokens = Vec::new();
    for (i, (form, head, rel)) in forms.iter().enumerate() {
        let at = text[pos..].find(form).map(|b| b + pos).unwrap();
        let start = text[..at].chars().count();
        pos = at + form.len();
        tokens.push(dyad_model::Token {
            id: i as u32 + 1,
            form: form.to_string(),
            start,
            end: start + form.chars().count(),
            head: *head,
            deprel: rel.to_string(),
            ..Default::default()
        });
    }
    d.sentences = vec![dyad_model::Sentence {
        start: 0,
        end: text.chars().count(),
        tokens,
        multiword: vec![],
    }];
    d.entities = vec![entity(&d, "Ana Ruiz", "PER", 1, "ner", None)];
    SpeechFinder::default().find(&mut d);
    let q = d.quotes.iter().find(|q| q.kind == "direct").unwrap();
    assert_eq!(q.speaker.as_ref().unwrap().text, "Ana Ruiz");
    assert_eq!(q.verb.as_deref(), Some("said"));
}

#[test]
fn he_skips_a_more_recent_woman() {
    let text =
        "Michel Barnier met Ursula von der Leyen. \"Cherry picking is not an option,\" he warned.";
    let mut d = doc(text);
    d.entities = vec![
        entity(&d, "Michel Barnier", "PER", 1, "ner", None),
        entity(&d, "Ursula von der Leyen", "PER", 2, "ner", None),
    ];
    SpeechFinder::default().find(&mut d);
    assert_eq!(
        speaker_of(&d, "Cherry picking").as_deref(),
        Some("Michel Barnier")
    );
}
