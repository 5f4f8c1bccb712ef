//! The shared document model: an [`Article`] (text plus metadata) and the [`Doc`] that every
//! pipeline stage annotates in place, the way spaCy's `Doc` works.
//!
//! Conventions every stage relies on:
//! - All spans (`start`, `end`) are **Unicode code point offsets** into [`Article::text`], end
//!   exclusive, so a Python user can slice `text[start:end]`. [`CharIndex`] converts to and from
//!   byte offsets.
//! - Token ids follow CoNLL-U: 1-based within their sentence; `head == 0` is the root.
//! - CAMEO codes are strings ("010", never 10).
//! - Serde JSON is the public form; optional fields are omitted when empty.

use serde::{Deserialize, Serialize};

pub mod conllu;
pub mod lexicon;
mod offsets;
pub use offsets::CharIndex;

/// One news article as ingested: text plus whatever metadata the input carried.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Article {
    /// Stable id: a hash of the normalised body, so the same article twice is one id.
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The publishing outlet ("Latin Times"), from metadata or else the URL host.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outlet: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// Publication date, ISO 8601 (`YYYY-MM-DD` or a full RFC 3339 timestamp).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    /// BCP 47 language tag; "en" unless the input says otherwise.
    #[serde(default = "default_language")]
    pub language: String,
    /// Where the article came from (a path, `-`, `file.jsonl:12`, a WARC record id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The article body. Paragraphs are separated by a blank line (`\n\n`).
    pub text: String,
}

/// Stable article id: the first 16 hex digits of the SHA-256 of the body with whitespace
/// collapsed and lowercased, so the same article read twice (from HTML, text, a feed or an
/// HTTP request) has one id. Every stage that needs an id for an article without one uses this.
pub fn article_id(text: &str) -> String {
    use sha2::{Digest, Sha256};
    let canonical: String = text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    let digest = Sha256::digest(canonical.as_bytes());
    digest.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

fn default_language() -> String {
    "en".to_string()
}

/// An article with every annotation the pipeline adds.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Doc {
    #[serde(flatten)]
    pub article: Article,
    #[serde(default)]
    pub sentences: Vec<Sentence>,
    #[serde(default)]
    pub entities: Vec<Entity>,
    #[serde(default)]
    pub events: Vec<Event>,
    #[serde(default)]
    pub quotes: Vec<Quote>,
    #[serde(default)]
    pub citations: Vec<Citation>,
    #[serde(default)]
    pub dates: Vec<DateMention>,
    #[serde(default)]
    pub places: Vec<Place>,
}

impl Doc {
    pub fn new(article: Article) -> Self {
        Doc {
            article,
            ..Doc::default()
        }
    }

    /// The article text between two code point offsets (empty if out of range).
    pub fn slice(&self, start: usize, end: usize) -> String {
        self.article
            .text
            .chars()
            .skip(start)
            .take(end.saturating_sub(start))
            .collect()
    }

    /// All tokens of the document in order, with their sentence index.
    pub fn tokens(&self) -> impl Iterator<Item = (usize, &Token)> {
        self.sentences
            .iter()
            .enumerate()
            .flat_map(|(i, s)| s.tokens.iter().map(move |t| (i, t)))
    }
}

/// A sentence: a span of the text and its syntactic words.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
    /// Syntactic words (CoNLL-U word lines), ids 1..=n.
    pub tokens: Vec<Token>,
    /// Multiword tokens ("don't" = "do" + "n't"), as CoNLL-U range lines.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub multiword: Vec<MultiwordToken>,
}

/// A syntactic word with its annotation (one CoNLL-U word line).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Token {
    /// 1-based index in the sentence.
    pub id: u32,
    pub form: String,
    /// Span in the text. Words of a multiword token share the multiword token's span.
    pub start: usize,
    pub end: usize,
    #[serde(default)]
    pub lemma: String,
    #[serde(default)]
    pub upos: String,
    #[serde(default)]
    pub xpos: String,
    /// UD features, `Feat=Val|Feat=Val`, or empty.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub feats: String,
    /// Id of the head word; 0 for the root.
    #[serde(default)]
    pub head: u32,
    #[serde(default)]
    pub deprel: String,
    /// Whether a space follows this token in the text (CoNLL-U `SpaceAfter=No` when false).
    #[serde(default = "yes")]
    pub space_after: bool,
}

fn yes() -> bool {
    true
}

/// A surface token split into several syntactic words (CoNLL-U `4-5 don't`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MultiwordToken {
    /// First and last word id covered.
    pub first: u32,
    pub last: u32,
    pub form: String,
    pub start: usize,
    pub end: usize,
    #[serde(default = "yes")]
    pub space_after: bool,
}

/// A named (or nominal/pronominal, once coreference links it) entity mention.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// Universal NER label: PER, ORG, LOC (finer labels such as GPE/NORP may follow a colon).
    pub label: String,
    /// Sentence index (0-based) and the word ids it covers, inclusive.
    pub sentence: usize,
    pub first_token: u32,
    pub last_token: u32,
    /// Coreference chain id; mentions of one real-world entity share it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chain: Option<u32>,
    /// How the mention was found: "ner", "pronoun", "nominal", "alias", "dictionary".
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor: Option<ActorCode>,
    /// For a plural pronoun that refers to several entities at once ("the US and the EU …
    /// they"): the chain ids of those entities. The pronoun's own `chain` is the group's.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub group: Vec<u32>,
}

/// A coded actor, CAMEO-style: "RUSGOV", "GEOCOP", "IGOEU", with the reason it was chosen.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ActorCode {
    /// Full code: country (ISO 3166 alpha-3 or CAMEO special) followed by role codes.
    pub code: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sectors: Vec<String>,
    /// Canonical name of the matched dictionary entry ("Anatoly Bibilov").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Why: the dictionary and entry that matched, e.g. "persons.tsv:Anatoly Bibilov".
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub rule: String,
}

/// An actor slot of an event as it appears in the text.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EventActor {
    pub text: String,
    /// Actor code, or null when the mention has no known code (left uncoded, never guessed).
    pub code: Option<String>,
    pub start: usize,
    pub end: usize,
    /// Index into [`Doc::entities`] when the actor is an entity mention.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity: Option<usize>,
    /// Why the code has a country its mention lacks ("demonstrators" dispersed by Egyptian
    /// police → EGYCVL): the rule and the actor the country came from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country_from: Option<String>,
}

/// PLOVER event type and mode.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Plover {
    #[serde(rename = "type")]
    pub event_type: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub mode: String,
}

/// What is known about whether the event actually happened.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Modality {
    pub negated: bool,
    pub future: bool,
    pub hypothetical: bool,
    pub speculative: bool,
    pub reported: bool,
}

impl Modality {
    /// True when the text asserts the event took place.
    pub fn is_factual(&self) -> bool {
        !(self.negated || self.future || self.hypothetical || self.speculative)
    }
}

/// Why an event was coded: the words and the rule.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    /// Span of the whole evidence (source to target) in the text.
    pub start: usize,
    pub end: usize,
    /// Span of the predicate (verb or event noun).
    pub predicate_start: usize,
    pub predicate_end: usize,
    /// Pattern id, e.g. "verbs.toml:condemn#1" or "petrarch:CAMEO.2.0.txt:1234".
    pub rule: String,
}

/// A CAMEO-coded event.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// Sentence index (0-based).
    pub sentence: usize,
    pub source: Option<EventActor>,
    pub target: Option<EventActor>,
    /// CAMEO code as a string: "112".
    pub code: String,
    /// CAMEO root: "11".
    pub root: String,
    /// 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict.
    pub quad_class: u8,
    pub goldstein: f32,
    pub plover: Plover,
    pub modality: Modality,
    pub evidence: Evidence,
    /// Resolved event date (`YYYY-MM-DD`) and how it was found.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<EventDate>,
    /// Index into [`Doc::places`] of the action location.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<usize>,
    /// Index into [`Doc::quotes`] when the event is stated inside a quote or reported speech.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote: Option<usize>,
    /// Index into [`Doc::citations`] when the event is part of a claim attributed to an outlet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub citation: Option<usize>,
}

/// The date of an event and where it came from.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EventDate {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Index into [`Doc::dates`], or None when the publication date was used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mention: Option<usize>,
    /// "phrase" or "publication".
    pub source: String,
}

/// Direct or indirect speech with its speaker.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    /// Span of the quoted words (without the quote marks) or of the reported clause.
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// "direct" or "indirect".
    pub kind: String,
    /// The speech verb ("said", "noted"), when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verb: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker: Option<Speaker>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub citation: Option<usize>,
}

/// Who said a quote: the mention in the text and what it resolves to.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Speaker {
    /// The mention next to the quote ("He").
    pub text: String,
    pub start: usize,
    pub end: usize,
    /// The named mention it resolves to ("Anatoly Bibilov"), through coreference.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolved: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity: Option<usize>,
}

/// A citation of another outlet or agency ("reported Bloomberg").
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Citation {
    pub outlet: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// Span of the outlet name.
    pub start: usize,
    pub end: usize,
    /// Span of the claim the citation supports.
    pub claim_start: usize,
    pub claim_end: usize,
}

/// A date or time expression resolved against the publication date.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DateMention {
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// Resolved date, `YYYY-MM-DD` (the first day for month/year granularity).
    pub date: String,
    /// "day", "week", "month" or "year".
    pub granularity: String,
    /// Which rule resolved it ("weekday-before-publication").
    pub rule: String,
}

/// A place mention resolved to a gazetteer entry.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Place {
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// Gazetteer name.
    pub name: String,
    /// "country", "adm1", "city" or "region".
    pub feature: String,
    /// ISO 3166 alpha-3 country code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// FIPS 10-4 country code, as GDELT uses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fips: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub adm1: Option<String>,
    pub lat: f64,
    pub lon: f64,
    /// GDELT Geo_Type: 1 country, 2 US state, 3 US city, 4 world city, 5 world ADM1.
    pub geo_type: u8,
    /// GDELT-style feature id (GeoNames id or ADM1 code).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub feature_id: String,
    /// Why this entry was chosen among homonyms.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub rule: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_round_trip_keeps_everything() {
        let mut doc = Doc::new(Article {
            id: "abc".into(),
            text: "Ça va.".into(),
            language: "en".into(),
            ..Article::default()
        });
        doc.sentences.push(Sentence {
            start: 0,
            end: 6,
            tokens: vec![Token {
                id: 1,
                form: "Ça".into(),
                start: 0,
                end: 2,
                ..Token::default()
            }],
            multiword: vec![],
        });
        let json = serde_json::to_string(&doc).unwrap();
        let back: Doc = serde_json::from_str(&json).unwrap();
        assert_eq!(back, doc);
        assert_eq!(doc.slice(0, 2), "Ça");
    }

    #[test]
    fn event_codes_serialise_as_strings_and_plover_type_is_renamed() {
        let e = Event {
            code: "010".into(),
            root: "01".into(),
            plover: Plover {
                event_type: "CONSULT".into(),
                mode: String::new(),
            },
            ..Event::default()
        };
        let v = serde_json::to_value(&e).unwrap();
        assert_eq!(v["code"], "010");
        assert_eq!(v["plover"]["type"], "CONSULT");
        assert!(v["target"].is_null());
    }
}
