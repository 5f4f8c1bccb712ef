//! Coreference for what matters to events: third-person pronouns, short names ("Bibilov") and
//! descriptions ("the president", "the self-declared republic") linked to the mention they
//! refer to in the same article.
//!
//! The algorithm is a salience model in the spirit of Lappin & Leass / Hobbs-lite, kept simple
//! so every link can be explained:
//! - mentions are read in text order and grouped into chains;
//! - a named mention joins the chain of the same dictionary entry, or of an earlier full name
//!   it shortens ("Bibilov" → "Anatoly Bibilov");
//! - a pronoun or description picks, among chains mentioned in the previous two sentences or
//!   earlier in its own, the one that agrees (gender from the dictionary or a first-name list,
//!   number, person vs place vs organisation) with the best salience: recency, subject role
//!   (from the parse when present, else position and a following verb), named over nominal;
//! - "they" may also refer to entities named together ("the US and European Union … they"):
//!   the pronoun then joins a group chain and lists the member chains in `Entity::group`, and
//!   an event with it as an actor is coded once per member;
//! - every mention of a chain carries the chain's most specific actor code.

use dyad_model::{ActorCode, Doc, Entity};

use super::dict::{Day, EntryKind, Gender};
use super::tsv::DescriptorTarget;
use super::words::Word;
use super::ActorCoder;

/// What coreference knows about one entity mention.
#[derive(Debug, Clone, Default)]
pub struct Mention {
    pub ws: usize,
    pub we: usize,
    pub person: Option<usize>,
    pub kind: Option<EntryKind>,
    pub office: Option<String>,
    pub agent: Option<usize>,
    pub gender: Option<Gender>,
    pub plural: bool,
    pub descriptor: Option<DescriptorTarget>,
    pub pronoun: Option<Pronoun>,
    /// "the government", "the police": a definite role noun.
    pub definite: bool,
    /// "the man", "a witness": a person noun without a role; it starts its own chain.
    pub generic: bool,
}

impl Mention {
    pub fn new(ws: usize, we: usize) -> Self {
        Mention {
            ws,
            we,
            ..Mention::default()
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pronoun {
    He,
    She,
    It,
    They,
}

fn pronoun_of(norm: &str) -> Option<Pronoun> {
    Some(match norm {
        "he" | "him" | "his" | "himself" => Pronoun::He,
        "she" | "her" | "hers" | "herself" => Pronoun::She,
        "it" | "its" | "itself" => Pronoun::It,
        "they" | "them" | "their" | "theirs" | "themselves" => Pronoun::They,
        _ => return None,
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ChainType {
    Person,
    Place,
    Organisation,
    Group,
}

#[derive(Debug, Clone)]
struct Chain {
    ty: ChainType,
    gender: Option<Gender>,
    plural: bool,
    person: Option<usize>,
    /// Normalised words of the longest name ("anatoly bibilov").
    name_words: Vec<String>,
    /// Dictionary name of the actor ("Russia"), to join repeated mentions.
    actor_name: Option<String>,
    is_region: bool,
    /// Country code of the chain's actor ("RUS").
    country: Option<String>,
    /// Sectors of the actor that started the chain ([] for "India", [MIL] for "Indian navy").
    sectors: Vec<String>,
    /// Last mention: word index, sentence, grammatical role salience.
    last_word: usize,
    last_sentence: usize,
    last_role: f32,
    named: bool,
    /// Mentioned as a noun at least once, not only as an adjective ("Japanese", "Russian"):
    /// only then can "it" refer to it.
    noun_mentioned: bool,
    members: Vec<usize>,
    /// For a group ("the US and the EU", taken up by "they"): the member chains.
    group: Vec<usize>,
}

/// Entities named together ("the US and European Union"), which a later "they" may refer to
/// as one group.
#[derive(Debug, Clone)]
struct Coordination {
    chains: Vec<usize>,
    /// The first conjunct's role salience, the last conjunct's word, the sentence.
    role: f32,
    last_word: usize,
    sentence: usize,
}

/// Verbs that, right after a mention, show it is the subject when there is no parse.
const SUBJECT_VERBS: &[&str] = &[
    "said",
    "says",
    "say",
    "told",
    "noted",
    "added",
    "stated",
    "announced",
    "confirmed",
    "warned",
    "has",
    "have",
    "had",
    "is",
    "was",
    "were",
    "are",
    "will",
    "would",
    "could",
    "can",
    "may",
    "might",
    "should",
    "must",
    "did",
    "does",
    "agreed",
    "accused",
    "called",
    "urged",
    "claimed",
    "denied",
    "rejected",
    "condemned",
    "sent",
    "signed",
    "met",
    "wrote",
    "argued",
    "insisted",
    "believes",
    "believed",
    "shared",
    "used",
];

/// Words that may come before a subject at the start of a sentence.
const DETERMINERS: &[&str] = &[
    "the", "a", "an", "this", "that", "his", "her", "their", "its", "my", "our", "your",
];

/// Adjectives whose infinitive is done by their subject ("it is willing to withdraw", "the
/// Kremlin said it was ready to absorb"): an "it" before them refers to something.
const CONTROL_ADJECTIVES: &[&str] = &[
    "willing",
    "unwilling",
    "able",
    "unable",
    "ready",
    "eager",
    "prepared",
    "keen",
    "determined",
    "reluctant",
    "happy",
    "glad",
    "quick",
    "slow",
    "first",
    "last",
    "set",
    "due",
    "likely",
    "unlikely",
    "about",
    "free",
    "committed",
    "poised",
    "obliged",
    "entitled",
    "going",
];

/// An "it" standing in for a clause after the predicate (extraposition), read from the parse:
/// "it is important that the talks continue" (a clausal subject), "it was South Ossetia's
/// destiny to join Russia", "it is necessary to act" (a noun or adjective with an infinitive,
/// unless the adjective's subject does the infinitive: "it is willing to withdraw").
fn extraposition_it(words: &[Word], i: usize) -> bool {
    let w = &words[i];
    if w.deprel != "expl" || w.head == 0 {
        return false;
    }
    let clause: Vec<&Word> = sentence_of(words, i).1.iter().collect();
    let Some(head) = clause.iter().find(|x| x.id == w.head) else {
        return false;
    };
    let kids = |rel: &str| {
        clause
            .iter()
            .filter(|x| x.head == head.id && x.deprel.starts_with(rel))
            .map(|x| x.id)
            .collect::<Vec<u32>>()
    };
    if !kids("csubj").is_empty() {
        return true;
    }
    let nominal = matches!(head.upos.as_str(), "NOUN" | "ADJ")
        && !kids("cop").is_empty()
        && !CONTROL_ADJECTIVES.contains(&head.norm.as_str());
    let infinitive = ["xcomp", "acl", "advcl", "ccomp"].iter().any(|rel| {
        kids(rel).iter().any(|&k| {
            clause
                .iter()
                .any(|x| x.head == k && matches!(x.norm.as_str(), "to" | "that"))
        })
    });
    nominal && infinitive
}

/// "it" with no referent: "it is believed that", "it was reported".
fn pleonastic_it(words: &[Word], i: usize) -> bool {
    let next = words.get(i + 1).map(|w| w.norm.as_str()).unwrap_or("");
    let after = words.get(i + 2).map(|w| w.norm.as_str()).unwrap_or("");
    matches!(
        next,
        "is" | "was" | "seems" | "seemed" | "appears" | "appeared" | "remains" | "'s"
    ) && matches!(
        after,
        "believed"
            | "expected"
            | "likely"
            | "unlikely"
            | "clear"
            | "unclear"
            | "possible"
            | "impossible"
            | "reported"
            | "said"
            | "thought"
            | "important"
            | "necessary"
            | "time"
            | "known"
            | "not"
            | "true"
            | "feared"
            | "estimated"
            | "understood"
            | "hoped"
    ) || matches!(next, "rains" | "rained")
        // "when it comes to dental care": the idiom has no referent.
        || matches!(next, "comes" | "came") && after == "to"
        || be_that(words, i)
}

/// "It cannot be that …", "it may be that …", "it is not that …": "it" before a form of
/// "be" (after modals and negation only) and a "that" clause.
fn be_that(words: &[Word], i: usize) -> bool {
    const BETWEEN: &[&str] = &[
        "can", "cannot", "could", "may", "might", "must", "will", "would", "should", "not", "n't",
    ];
    let mut k = i + 1;
    while words
        .get(k)
        .is_some_and(|w| BETWEEN.contains(&w.norm.as_str()))
    {
        k += 1;
    }
    let be = words
        .get(k)
        .is_some_and(|w| matches!(w.norm.as_str(), "be" | "is" | "was" | "'s"));
    let mut t = k + 1;
    while words
        .get(t)
        .is_some_and(|w| w.norm == "not" || w.norm == "n't")
    {
        t += 1;
    }
    // Not "that" as a degree word ("it was that close").
    let degree = words
        .get(t + 1)
        .is_some_and(|w| matches!(w.upos.as_str(), "ADJ" | "ADV"));
    be && words.get(t).is_some_and(|w| w.norm == "that") && !degree
}

/// How prominent a mention's grammatical role makes it as an antecedent: subjects most,
/// then objects; a name inside a prepositional phrase ("under the care of Dr. Bailey") least.
fn role_salience(words: &[Word], ws: usize, we: usize) -> f32 {
    let span = &words[ws..we];
    if span.iter().all(|w| w.deprel.is_empty()) {
        // No parse: a mention opening its sentence (after a determiner at most) or followed
        // by a reporting verb is a subject.
        let sentence = words[ws].sentence;
        let before: Vec<&Word> = words[..ws]
            .iter()
            .rev()
            .take_while(|w| w.sentence == sentence)
            .collect();
        let sentence_start = match before.as_slice() {
            [] => true,
            [one] => DETERMINERS.contains(&one.norm.as_str()),
            _ => false,
        };
        let next_verb = words.get(we).is_some_and(|w| {
            w.sentence == words[ws].sentence && SUBJECT_VERBS.contains(&w.norm.as_str())
        });
        return if sentence_start || next_verb {
            1.0
        } else {
            0.0
        };
    }
    if span.iter().any(Word::is_subject) {
        return 1.0;
    }
    // The span's head: the word whose head lies outside the span.
    let first_id = span[0].id;
    let last_id = span[span.len() - 1].id;
    let head = span
        .iter()
        .find(|w| w.head < first_id || w.head > last_id)
        .unwrap_or(&span[0]);
    let rel = head.deprel.split(':').next().unwrap_or("");
    match rel {
        "obj" | "iobj" => 0.5,
        "obl" | "nmod" if head.deprel != "nmod:poss" => -0.5,
        _ => 0.0,
    }
}

pub fn resolve(
    coder: &ActorCoder,
    doc: &Doc,
    words: &[Word],
    _day: Option<Day>,
    entities: &mut Vec<Entity>,
    mentions: &mut Vec<Mention>,
) {
    add_pronouns(doc, words, entities, mentions);
    add_person_nouns(coder, doc, words, entities, mentions);
    let vsent = virtual_sentences(words);
    let mut chains: Vec<Chain> = Vec::new();
    let mut chain_of: Vec<Option<usize>> = vec![None; entities.len()];
    let mut drop = vec![false; entities.len()];
    let mut coordinations: Vec<Coordination> = Vec::new();
    for i in 0..entities.len() {
        let m = mentions[i].clone();
        let sentence = vsent[m.ws];
        let role = role_salience(words, m.ws, m.we);
        let target = if m.pronoun == Some(Pronoun::They) {
            let t = they_antecedent(&mut chains, &coordinations, words, m.ws, sentence);
            drop[i] = t.is_none();
            t
        } else if let Some(p) = m.pronoun {
            let controller = controlling_object(words, m.ws)
                .and_then(|o| chain_at(&chain_of, mentions, o))
                .filter(|&c| agrees(p, &chains[c]));
            let t = controller
                .or_else(|| best_antecedent(&chains, words, m.ws, sentence, |c| agrees(p, c)))
                .map(|c| (c, 0));
            if t.is_none() {
                drop[i] = true;
            }
            t
        } else if m.generic {
            None
        } else if let Some(t) = m.descriptor {
            let want_region = t == DescriptorTarget::Region;
            let head = words.get(m.we.saturating_sub(1)).map(|w| w.norm.as_str());
            let pick = |region_only: bool| {
                best_antecedent(&chains, words, m.ws, sentence, |c| match t {
                    DescriptorTarget::Organisation => c.ty == ChainType::Organisation,
                    DescriptorTarget::NamedOrganisation => {
                        c.ty == ChainType::Organisation
                            && head.is_some_and(|h| c.name_words.iter().any(|w| w == h))
                    }
                    _ => c.ty == ChainType::Place && (!region_only || c.is_region),
                })
            };
            // "the council" ten sentences after "the U.N. Security Council": a description
            // that repeats a word of an organisation's name refers to it however far back,
            // when nothing nearer fits.
            let named_earlier = || {
                (t == DescriptorTarget::NamedOrganisation)
                    .then(|| {
                        latest_chain(&chains, m.ws, |c| {
                            c.ty == ChainType::Organisation
                                && head.is_some_and(|h| c.name_words.iter().any(|w| w == h))
                        })
                    })
                    .flatten()
            };
            let c = if want_region {
                pick(true).or_else(|| pick(false))
            } else {
                pick(false).or_else(named_earlier)
            };
            if c.is_none() {
                drop[i] = true;
            }
            c.map(|c| (c, 1))
        } else if m.definite
            && m.agent.is_some_and(|a| coder.dict().agents[a].is_state())
            && entities[i]
                .actor
                .as_ref()
                .is_some_and(|a| a.country.is_none())
        {
            // "the government", "the police": the state institution of the place in focus;
            // "its troops": of the place the possessive pronoun stands for; "Prime Minister
            // Shehbaz Sharif's administration": of the possessor's country.
            let place = |c: &Chain| c.ty == ChainType::Place && c.country.is_some();
            let possessor =
                m.ws.checked_sub(1)
                    .and_then(|w| match words[w].norm.as_str() {
                        "its" | "their" => {
                            chain_at(&chain_of, mentions, w).filter(|&c| place(&chains[c]))
                        }
                        "'s" | "’s" | "'" | "’" => w
                            .checked_sub(1)
                            .and_then(|o| chain_at(&chain_of, mentions, o))
                            // A group's people are the group ("the Houthis' leader"): the events
                            // layer codes them so.
                            .filter(|&c| {
                                chains[c].country.is_some()
                                    && matches!(chains[c].ty, ChainType::Place | ChainType::Person)
                            }),
                        _ => None,
                    });
            let c = possessor.or_else(|| best_antecedent(&chains, words, m.ws, sentence, place));
            if let (Some(c), Some(actor)) = (c, entities[i].actor.clone()) {
                let country = chains[c].country.clone().unwrap_or_default();
                let code = format!("{country}{}", actor.code);
                let place = chains[c].actor_name.clone().unwrap_or_default();
                entities[i].actor = Some(ActorCode {
                    sectors: actor.sectors.clone(),
                    code,
                    country: Some(country),
                    name: Some(place.clone()),
                    rule: format!("coref-place:{place} + {}", actor.rule),
                });
            }
            None
        } else if entities[i].kind == "nominal" && entities[i].actor.is_none() {
            // "the president": a person chain, preferring one whose office matches.
            let office = m.office.clone();
            let c = best_antecedent(&chains, words, m.ws, sentence, |c| {
                c.ty == ChainType::Person
                    && !c.plural
                    && (m.gender.is_none() || c.gender.is_none() || c.gender == m.gender)
            });
            let c = match (&office, c) {
                (Some(o), _) => best_antecedent(&chains, words, m.ws, sentence, |c| {
                    c.ty == ChainType::Person
                        && c.person.is_some_and(|p| {
                            coder.dict().entries[p]
                                .terms
                                .iter()
                                .any(|t| t.office.as_deref() == Some(o))
                        })
                })
                .or(c),
                (None, c) => c,
            };
            // Without an antecedent, "the president" starts its own chain, which later
            // pronouns can take (they then stay uncoded rather than borrow a wrong name).
            c.map(|c| (c, 1))
        } else {
            named_chain(coder, &chains, &entities[i], &m, words)
                .or_else(|| lead_description(&chains, &entities[i], &m, words, sentence, role))
        };
        let e = &entities[i];
        let ci = match target {
            Some((c, _)) => c,
            None => {
                if drop[i] {
                    continue;
                }
                chains.push(new_chain(coder, e, &m, words));
                chains.len() - 1
            }
        };
        let c = &mut chains[ci];
        c.members.push(i);
        c.noun_mentioned |= e.label != "NORP";
        c.last_word = m.ws;
        // A chain is as prominent as its most prominent mention in its latest sentence
        // ("Byron received his …": the subject, not the possessive after it).
        c.last_role = if c.members.len() > 1 && c.last_sentence == sentence {
            c.last_role.max(role)
        } else {
            role
        };
        c.last_sentence = sentence;
        if m.pronoun.is_none() && m.descriptor.is_none() && e.kind != "nominal" {
            c.named = true;
            let nw: Vec<String> = name_words(words, &m);
            if nw.len() > c.name_words.len() {
                c.name_words = nw;
            }
            if c.person.is_none() {
                c.person = m.person;
            }
        }
        chain_of[i] = Some(ci);
        if m.pronoun.is_none() {
            note_coordination(
                &mut coordinations,
                words,
                mentions,
                &chain_of,
                i,
                ci,
                sentence,
            );
        }
    }
    // Every mention of a chain carries the chain's most specific code.
    let reps: Vec<Option<usize>> = chains
        .iter()
        .map(|c| label_source(entities, &c.members))
        .collect();
    for (c, rep) in chains.iter().zip(&reps) {
        let Some(rep) = *rep else { continue };
        let rep_actor = entities[rep].actor.clone();
        let rep_label = entities[rep].label.clone();
        let rep_text = entities[rep].text.clone();
        for &k in &c.members {
            if k == rep {
                continue;
            }
            let e = &mut entities[k];
            let weak = match &e.actor {
                None => true,
                Some(a) => {
                    c.ty == ChainType::Person
                        && !composed(a)
                        && rep_actor.as_ref().is_some_and(composed)
                }
            };
            if weak {
                if let Some(a) = &rep_actor {
                    e.actor = Some(ActorCode {
                        rule: format!("coref:{rep_text} <- {}", a.rule),
                        ..a.clone()
                    });
                }
            }
            if e.kind == "pronoun" || e.label.is_empty() {
                e.label = rep_label.clone();
            }
        }
    }
    // Chain ids in order of first mention; dropped descriptions go away.
    let labels: Vec<String> = entities.iter().map(|e| e.label.clone()).collect();
    let mut out = Vec::with_capacity(entities.len());
    for (i, mut e) in entities.drain(..).enumerate() {
        if drop[i] && chain_of[i].is_none() {
            continue;
        }
        e.chain = chain_of[i].map(|c| c as u32);
        if let Some(c) = chain_of[i] {
            e.group = chains[c].group.iter().map(|&g| g as u32).collect();
            // A group pronoun is labelled as its first member is.
            if e.label.is_empty() {
                if let Some(rep) = chains[c].group.first().and_then(|&g| reps[g]) {
                    e.label = labels[rep].clone();
                }
            }
        }
        out.push(e);
    }
    *entities = out;
}

/// True when the code came from the words around the mention (a role noun), not a bare lookup.
fn composed(a: &ActorCode) -> bool {
    a.rule.contains("agents.tsv") || a.rule.contains(" + ")
}

/// The mention whose code and label a chain's other mentions take: its most specific coded
/// mention or, for an uncoded chain ("Geir Pedersen … he"), its first labelled non-pronoun.
fn label_source(entities: &[Entity], members: &[usize]) -> Option<usize> {
    representative(entities, members).or_else(|| {
        members
            .iter()
            .copied()
            .find(|&k| entities[k].kind != "pronoun" && !entities[k].label.is_empty())
    })
}

fn representative(entities: &[Entity], members: &[usize]) -> Option<usize> {
    let named: Vec<usize> = members
        .iter()
        .copied()
        .filter(|&k| entities[k].kind != "pronoun" && entities[k].actor.is_some())
        .collect();
    named
        .iter()
        .copied()
        .find(|&k| entities[k].actor.as_ref().is_some_and(composed))
        .or_else(|| named.first().copied())
}

/// A one-word mention written as an acronym ("NISA", "WFP"): its letters, or `None`.
fn acronym_of(words: &[Word], m: &Mention) -> Option<String> {
    let [word] = &words[m.ws..m.we] else {
        return None;
    };
    let letters = word.text.chars().count();
    ((2..=6).contains(&letters) && word.text.chars().all(|c| c.is_ascii_uppercase()))
        .then(|| word.text.clone())
}

/// The capitals a name's words start with, leaving out the small words acronyms skip
/// ("National Intelligence and Security Agency" → "NISA").
fn initials(name_words: &[String]) -> String {
    const SKIPPED: &[&str] = &["and", "of", "the", "for", "in", "on", "to", "&"];
    name_words
        .iter()
        .filter(|w| !SKIPPED.contains(&w.as_str()))
        .filter_map(|w| w.chars().next())
        .flat_map(char::to_uppercase)
        .collect()
}

fn name_words(words: &[Word], m: &Mention) -> Vec<String> {
    words[m.ws..m.we]
        .iter()
        .filter(|w| w.text.chars().any(char::is_alphabetic) && !w.is_possessive())
        .map(|w| w.norm.clone())
        .collect()
}

fn chain_type(e: &Entity, m: &Mention) -> ChainType {
    // "Indian navy", "Georgian police": a place's institution is an organisation.
    let sector = e.actor.as_ref().is_some_and(|a| !a.sectors.is_empty());
    // The dictionary knows "the Kremlin" is an institution even if NER calls it PER.
    match m.kind {
        Some(k) if k.is_place() && sector && !e.label.starts_with("PER") => {
            return ChainType::Organisation
        }
        Some(k) if k.is_place() => return ChainType::Place,
        Some(EntryKind::Seat) | Some(EntryKind::Organisation) | Some(EntryKind::Outlet) => {
            return ChainType::Organisation
        }
        _ => {}
    }
    if m.person.is_some() || e.label.starts_with("PER") {
        return if m.plural {
            ChainType::Group
        } else {
            ChainType::Person
        };
    }
    match m.kind {
        Some(k) if k.is_place() => ChainType::Place,
        Some(EntryKind::Seat) | Some(EntryKind::Organisation) | Some(EntryKind::Outlet) => {
            ChainType::Organisation
        }
        _ if e.label.starts_with("LOC") || e.label.starts_with("GPE") => ChainType::Place,
        _ if m.plural => ChainType::Group,
        _ => ChainType::Organisation,
    }
}

fn new_chain(coder: &ActorCoder, e: &Entity, m: &Mention, words: &[Word]) -> Chain {
    let ty = chain_type(e, m);
    let gender = m
        .person
        .and_then(|p| coder.dict().entries[p].gender)
        .or(m.gender)
        .or_else(|| {
            (ty == ChainType::Person)
                .then(|| {
                    name_words(words, m)
                        .first()
                        .and_then(|f| coder.first_name_gender(f))
                })
                .flatten()
        });
    Chain {
        ty,
        gender,
        plural: m.plural || modifies_plural_noun(words, m),
        person: m.person,
        name_words: Vec::new(),
        actor_name: e
            .actor
            .as_ref()
            .and_then(|a| a.name.clone())
            .filter(|_| e.kind != "nominal"),
        is_region: matches!(m.kind, Some(EntryKind::Region)),
        country: e.actor.as_ref().and_then(|a| a.country.clone()),
        sectors: e
            .actor
            .as_ref()
            .map(|a| a.sectors.clone())
            .unwrap_or_default(),
        last_word: m.ws,
        last_sentence: 0,
        last_role: 0.0,
        named: false,
        noun_mentioned: false,
        members: Vec::new(),
        group: Vec::new(),
    }
}

/// Records mention `i` (in chain `ci`) as a conjunct of an earlier mention of its sentence
/// ("the US and European Union": the parse's `conj`; without a parse, only "and" or a comma
/// between them), extending that mention's coordination.
fn note_coordination(
    coordinations: &mut Vec<Coordination>,
    words: &[Word],
    mentions: &[Mention],
    chain_of: &[Option<usize>],
    i: usize,
    ci: usize,
    sentence: usize,
) {
    let m = &mentions[i];
    let Some(k) = (0..i).rev().find(|&k| {
        chain_of[k].is_some_and(|c| c != ci)
            && mentions[k].pronoun.is_none()
            && conjoined(words, &mentions[k], m)
    }) else {
        return;
    };
    let Some(ck) = chain_of[k] else { return };
    let mk = &mentions[k];
    match coordinations
        .iter_mut()
        .find(|c| c.sentence == sentence && c.last_word >= mk.ws && c.chains.contains(&ck))
    {
        Some(c) => {
            if !c.chains.contains(&ci) {
                c.chains.push(ci);
            }
            c.last_word = m.ws;
        }
        None => coordinations.push(Coordination {
            chains: vec![ck, ci],
            role: role_salience(words, mk.ws, mk.we),
            last_word: m.ws,
            sentence,
        }),
    }
}

/// Whether mention `b` is a conjunct of the earlier mention `a` in the same sentence: the
/// parse says so (`conj`), or only "and" (or a comma) stands between them — also when the
/// parser made both subjects of the verb.
fn conjoined(words: &[Word], a: &Mention, b: &Mention) -> bool {
    if words[a.ws].sentence != words[b.ws].sentence || a.we > b.ws {
        return false;
    }
    let between: Vec<&str> = words[a.we..b.ws].iter().map(|w| w.norm.as_str()).collect();
    if matches!(
        between.as_slice(),
        ["and"] | ["and", "the"] | [","] | [",", "the"]
    ) {
        return true;
    }
    let span = &words[b.ws..b.we];
    let (first, last) = (span[0].id, span[span.len() - 1].id);
    let (a_first, a_last) = (words[a.ws].id, words[a.we - 1].id);
    span.iter().any(|w| {
        w.deprel == "conj"
            && (w.head < first || w.head > last)
            && (a_first..=a_last).contains(&w.head)
    })
}

/// The antecedent of "they": the most salient plural chain or group of entities named
/// together, whichever scores better. A coordination that wins becomes a group chain (one per
/// set of members, so "they … their … them" share it).
fn they_antecedent(
    chains: &mut Vec<Chain>,
    coordinations: &[Coordination],
    words: &[Word],
    at: usize,
    sentence: usize,
) -> Option<(usize, u8)> {
    let plural = best_antecedent(chains, words, at, sentence, |c| agrees(Pronoun::They, c));
    let plural_score = plural.map(|c| salience(&chains[c], at, sentence));
    let group = coordinations
        .iter()
        .filter(|g| g.last_word < at && sentence.saturating_sub(g.sentence) <= 2)
        .map(|g| {
            // Scored as a named chain with one mention per member.
            let as_chain = Chain {
                named: true,
                members: g.chains.clone(),
                ..group_chain(g)
            };
            (salience(&as_chain, at, sentence), g)
        })
        .max_by(|a, b| a.0.total_cmp(&b.0));
    match (group, plural_score) {
        (Some((gs, g)), ps) if ps.is_none_or(|ps| gs > ps) => {
            let existing = chains.iter().position(|c| {
                c.group.len() == g.chains.len() && g.chains.iter().all(|x| c.group.contains(x))
            });
            let ci = existing.unwrap_or_else(|| {
                chains.push(group_chain(g));
                chains.len() - 1
            });
            Some((ci, 0))
        }
        _ => plural.map(|c| (c, 0)),
    }
}

/// Whether a pronoun can refer to a chain: gender, number, person or not.
fn agrees(p: Pronoun, c: &Chain) -> bool {
    match p {
        Pronoun::He => c.ty == ChainType::Person && c.gender != Some(Gender::Female) && !c.plural,
        Pronoun::She => c.ty == ChainType::Person && c.gender != Some(Gender::Male) && !c.plural,
        // Only places and organisations mentioned as nouns, not as adjectives ("Japanese").
        Pronoun::It => {
            matches!(c.ty, ChainType::Place | ChainType::Organisation)
                && !c.plural
                && c.noun_mentioned
        }
        Pronoun::They => c.plural || c.ty == ChainType::Group,
    }
}

fn group_chain(g: &Coordination) -> Chain {
    Chain {
        ty: ChainType::Group,
        gender: None,
        plural: true,
        person: None,
        name_words: Vec::new(),
        actor_name: None,
        is_region: false,
        country: None,
        sectors: Vec::new(),
        last_word: g.last_word,
        last_sentence: g.sentence,
        last_role: g.role,
        named: false,
        noun_mentioned: false,
        members: Vec::new(),
        group: g.chains.clone(),
    }
}

/// The chain a named mention joins: the same dictionary entry, or a longer name it shortens.
fn named_chain(
    coder: &ActorCoder,
    chains: &[Chain],
    e: &Entity,
    m: &Mention,
    words: &[Word],
) -> Option<(usize, u8)> {
    let _ = coder;
    if e.kind == "nominal" {
        return None;
    }
    let ty = chain_type(e, m);
    let nw = name_words(words, m);
    let actor_name = e.actor.as_ref().and_then(|a| a.name.clone());
    let sectors = e
        .actor
        .as_ref()
        .map(|a| a.sectors.clone())
        .unwrap_or_default();
    chains
        .iter()
        .enumerate()
        .rev()
        .find(|(_, c)| {
            if c.ty != ty
                && !(c.ty == ChainType::Person || ty == ChainType::Person)
                && c.actor_name.is_none()
            {
                return false;
            }
            if let (Some(a), Some(b)) = (m.person, c.person) {
                return a == b;
            }
            if ty == ChainType::Person
                && c.ty == ChainType::Person
                && !nw.is_empty()
                && !c.name_words.is_empty()
            {
                // "Bibilov" or "Anatoly Bibilov" against "Anatoly Bibilov": all words appear, last matches.
                let last_matches = nw.last() == c.name_words.last();
                // A lone family name that comes first ("Lai" for "Lai Ching-te").
                let lone_first =
                    nw.len() == 1 && c.name_words.len() > 1 && nw.first() == c.name_words.first();
                return lone_first || last_matches && nw.iter().all(|w| c.name_words.contains(w));
            }
            if c.ty == ty && ty != ChainType::Person {
                // "NISA" after "Somalia's National Intelligence and Security Agency": an
                // uncoded acronym that spells an earlier organisation's initials is it.
                if ty == ChainType::Organisation
                    && actor_name.is_none()
                    && acronym_of(words, m).is_some_and(|a| a == initials(&c.name_words))
                {
                    return true;
                }
                if let (Some(a), Some(b)) = (&actor_name, &c.actor_name) {
                    // "Indian navy" is not "India": a sector of a country is an actor of its own.
                    return a == b && sectors == c.sectors;
                }
                if !nw.is_empty() && nw == c.name_words {
                    return true;
                }
                // "the High Court" after "the Malawi High Court": an uncoded name ending an
                // earlier organisation's name (two words at least) is that organisation.
                return ty == ChainType::Organisation
                    && actor_name.is_none()
                    && nw.len() >= 2
                    && c.name_words.len() > nw.len()
                    && c.name_words.ends_with(&nw);
            }
            false
        })
        .map(|(i, _)| (i, 0))
}

/// A news lead often names its protagonist by role first and by name in the next sentence
/// ("The U.N. special envoy for Syria is calling for … . Geir Pedersen issued his appeal
/// Friday"): the first person named as a subject in one of the two sentences after the lead is
/// the lead's subject when that is a coded description of a person ("the U.N. envoy", "Russia's
/// foreign minister"; not "the man") and no person was named before as a subject or object.
/// Only for a name the dictionaries do not know (a known name codes itself) and without an
/// apposition of its own ("John Smith, a farmer, said").
fn lead_description(
    chains: &[Chain],
    e: &Entity,
    m: &Mention,
    words: &[Word],
    sentence: usize,
    role: f32,
) -> Option<(usize, u8)> {
    // A person named as a subject or object before is the likelier protagonist; one named in
    // passing ("after the fall of President Bashar al-Assad") is not.
    let named_person_before = chains
        .iter()
        .any(|c| c.named && c.ty == ChainType::Person && c.last_role >= 0.5);
    if e.actor.is_some()
        || !e.label.starts_with("PER")
        || m.pronoun.is_some()
        || e.kind == "nominal"
        || !(1..=2).contains(&sentence)
        || role < 1.0
        || named_person_before
        || has_apposition(words, m)
    {
        return None;
    }
    chains
        .iter()
        .position(|c| {
            c.ty == ChainType::Person
                && !c.named
                && !c.plural
                && c.country.is_some()
                && c.last_sentence == 0
                && c.last_role >= 1.0
        })
        .map(|c| (c, 1))
}

/// "John Smith, a farmer," — a name with a description of its own after it.
fn has_apposition(words: &[Word], m: &Mention) -> bool {
    let span = &words[m.ws..m.we];
    if span.iter().any(|w| !w.deprel.is_empty()) {
        let (first, last) = (span[0].id, span[span.len() - 1].id);
        let sentence = words[m.ws].sentence;
        return words.iter().any(|w| {
            w.sentence == sentence && w.deprel == "appos" && (first..=last).contains(&w.head)
        });
    }
    words.get(m.we).is_some_and(|w| w.text == ",")
}

/// The words of the sentence holding word `i`, and the index of its first word.
fn sentence_of(words: &[Word], i: usize) -> (usize, &[Word]) {
    let sentence = words[i].sentence;
    let first = words[..i]
        .iter()
        .rposition(|x| x.sentence != sentence)
        .map_or(0, |p| p + 1);
    let len = words[first..]
        .iter()
        .take_while(|x| x.sentence == sentence)
        .count();
    (first, &words[first..first + len])
}

/// The object of an object-control verb whose infinitive holds the possessive pronoun at word
/// `at`: "urged Russia to withdraw its troops" — its = Russia's, whoever is more salient.
fn controlling_object(words: &[Word], at: usize) -> Option<usize> {
    let w = words.get(at)?;
    if w.deprel != "nmod:poss" {
        return None;
    }
    let (first, clause) = sentence_of(words, at);
    let index_of = |id: u32| clause.iter().position(|x| x.id == id);
    // Up from the possessor through its noun phrase to the clause's verb.
    let mut verb = index_of(w.head)?;
    for _ in 0..4 {
        if clause[verb].upos == "VERB" {
            break;
        }
        verb = index_of(clause[verb].head)?;
    }
    let v = &clause[verb];
    // The parser often makes the controlled infinitive an advcl ("called on Israel to halt"),
    // which it also is after any verb of purpose ("left Syria to protect its interests"): an
    // advcl counts only under a verb of asking or making.
    let asking = |h: u32| {
        clause
            .iter()
            .find(|x| x.id == h)
            .is_some_and(|x| dyad_model::lexicon::is_object_control_verb(&x.lemma))
    };
    let marked_to = || {
        clause
            .iter()
            .any(|x| x.head == v.id && x.deprel == "mark" && x.norm == "to")
    };
    let infinitive = v.deprel == "xcomp" || v.deprel == "advcl" && asking(v.head) && marked_to();
    if v.upos != "VERB" || !infinitive {
        return None;
    }
    // The object, or the "on" phrase of "called on Israel to halt its offensive".
    let controller = v.head;
    let object = clause
        .iter()
        .position(|x| x.head == controller && x.deprel == "obj");
    let on_phrase = || {
        clause.iter().position(|x| {
            x.head == controller
                && x.deprel.starts_with("obl")
                && clause.iter().any(|c| {
                    c.head == x.id && c.deprel == "case" && matches!(c.norm.as_str(), "on" | "upon")
                })
        })
    };
    object.or_else(on_phrase).map(|i| first + i)
}

/// A name used as the modifier of a plural noun stands for many ("the G7 countries affirmed
/// their support", "NATO allies … they").
fn modifies_plural_noun(words: &[Word], m: &Mention) -> bool {
    let Some(last) = m.we.checked_sub(1).and_then(|i| words.get(i)) else {
        return false;
    };
    if last.deprel != "compound" {
        return false;
    }
    words[m.we..]
        .iter()
        .take_while(|w| w.sentence == last.sentence)
        .find(|w| w.id == last.head)
        .is_some_and(|h| h.upos == "NOUN" && h.norm.ends_with('s') && !h.norm.ends_with("ss"))
}

/// The chain of an earlier mention covering word `w`.
fn chain_at(chain_of: &[Option<usize>], mentions: &[Mention], w: usize) -> Option<usize> {
    mentions
        .iter()
        .zip(chain_of)
        .find(|(m, _)| m.ws <= w && w < m.we)
        .and_then(|(_, c)| *c)
}

/// The most salient chain satisfying `ok`, among those mentioned before word `at` in this
/// sentence or in the two sentences before.
fn best_antecedent(
    chains: &[Chain],
    words: &[Word],
    at: usize,
    sentence: usize,
    ok: impl Fn(&Chain) -> bool,
) -> Option<usize> {
    let mut best: Option<(f32, usize)> = None;
    for (i, c) in chains.iter().enumerate() {
        if c.last_word >= at || !ok(c) {
            continue;
        }
        if sentence.saturating_sub(c.last_sentence) > 2 {
            continue;
        }
        let score = salience(c, at, sentence);
        if best.is_none_or(|(s, _)| score > s) {
            best = Some((score, i));
        }
    }
    let _ = words;
    best.map(|(_, i)| i)
}

/// The chain mentioned last before word `at` among those that are `ok`, however far back.
fn latest_chain(chains: &[Chain], at: usize, ok: impl Fn(&Chain) -> bool) -> Option<usize> {
    chains
        .iter()
        .enumerate()
        .filter(|(_, c)| c.last_word < at && ok(c))
        .max_by_key(|(_, c)| c.last_word)
        .map(|(i, _)| i)
}

/// How likely chain `c` is the antecedent of a mention at word `at` in `sentence`.
fn salience(c: &Chain, at: usize, sentence: usize) -> f32 {
    let distance = sentence.saturating_sub(c.last_sentence);
    let mut score = -(distance as f32) * 1.5;
    score += c.last_role;
    if c.named {
        score += 0.5;
    }
    if c.ty == ChainType::Person && c.gender.is_none() {
        score -= 0.3;
    }
    // Nearer is slightly better: within the pronoun's sentence a little, across
    // sentences only to break ties.
    let gap = at.saturating_sub(c.last_word).min(40) as f32;
    score -= if distance == 0 {
        gap / 100.0
    } else {
        gap / 1000.0
    };
    // Repeated mentions make a chain more salient.
    score += (c.members.len().min(5) as f32) * 0.1;
    score
}

/// Sentence numbers for salience: the document's sentences, further split after `.`, `!`,
/// `?` (and closing quotes) followed by a capitalised word, so a sentence splitter's miss
/// ("…protect Russia." He shared…) does not make an old subject look recent. A sentence with
/// no word of two letters (a footnote mark "[17]", a bare number) does not count.
fn virtual_sentences(words: &[Word]) -> Vec<usize> {
    let mut out = Vec::with_capacity(words.len());
    let mut n = 0usize;
    let mut pending_stop = false;
    // Whether the current sentence has a word yet; a new one only opens after one.
    let mut has_word = false;
    for (i, w) in words.iter().enumerate() {
        let new_sentence = i > 0 && w.sentence != words[i - 1].sentence;
        if (new_sentence || pending_stop && w.is_capitalised()) && has_word {
            n += 1;
            has_word = false;
        }
        if new_sentence || pending_stop && w.is_capitalised() {
            pending_stop = false;
        }
        if w.text.chars().filter(|c| c.is_alphabetic()).count() >= 2 {
            has_word = true;
        }
        let closing_quote = matches!(w.text.as_str(), "\"" | "”" | "’" | "'" | ")");
        if matches!(w.text.as_str(), "." | "!" | "?") {
            pending_stop = true;
        } else if !closing_quote && !w.is_capitalised() {
            pending_stop = false;
        }
        out.push(n);
    }
    out
}

/// Adds a one-word entity and its mention for every word no mention covers that `make`
/// accepts, keeping entities and mentions in text order.
fn add_word_mentions(
    doc: &Doc,
    words: &[Word],
    entities: &mut Vec<Entity>,
    mentions: &mut Vec<Mention>,
    make: impl Fn(usize, &Word) -> Option<(&'static str, &'static str, Mention)>,
) {
    let mut covered = vec![false; words.len()];
    for m in mentions.iter() {
        for flag in covered.iter_mut().take(m.we).skip(m.ws) {
            *flag = true;
        }
    }
    let chars: Vec<char> = doc.article.text.chars().collect();
    let before = entities.len();
    for (i, w) in words.iter().enumerate() {
        let Some((label, kind, mention)) = make(i, w).filter(|_| !covered[i]) else {
            continue;
        };
        let text: String = chars
            .get(w.start..w.end)
            .map(|c| c.iter().collect())
            .unwrap_or_else(|| w.text.clone());
        entities.push(Entity {
            start: w.start,
            end: w.end,
            text,
            label: label.into(),
            sentence: w.sentence,
            first_token: w.id,
            last_token: w.id,
            chain: None,
            kind: kind.into(),
            actor: None,
            group: Vec::new(),
        });
        mentions.push(mention);
    }
    if entities.len() > before {
        let mut order: Vec<usize> = (0..entities.len()).collect();
        order.sort_by_key(|&i| (entities[i].start, entities[i].end));
        *entities = order.iter().map(|&i| entities[i].clone()).collect();
        *mentions = order.iter().map(|&i| mentions[i].clone()).collect();
    }
}

/// Adds a "pronoun" entity for every third-person pronoun no entity covers.
fn add_pronouns(
    doc: &Doc,
    words: &[Word],
    entities: &mut Vec<Entity>,
    mentions: &mut Vec<Mention>,
) {
    add_word_mentions(doc, words, entities, mentions, |i, w| {
        let p = pronoun_of(&w.norm)?;
        if p == Pronoun::It && (pleonastic_it(words, i) || extraposition_it(words, i)) {
            return None;
        }
        let mut m = Mention::new(i, i + 1);
        m.pronoun = Some(p);
        m.plural = p == Pronoun::They;
        Some(("", "pronoun", m))
    });
}

/// "man hours", "child care": a noun modifying the next word is not a person. Without a
/// parse, any next word but punctuation, a verb that follows subjects or a function word
/// may be the head noun.
fn modifies_next(words: &[Word], i: usize) -> bool {
    let Some(next) = words.get(i + 1).filter(|n| n.sentence == words[i].sentence) else {
        return false;
    };
    if !next.upos.is_empty() {
        return matches!(next.upos.as_str(), "NOUN" | "PROPN");
    }
    let word = next.norm.as_str();
    next.text.chars().any(char::is_alphabetic)
        && !SUBJECT_VERBS.contains(&word)
        && !matches!(
            word,
            "who"
                | "whose"
                | "that"
                | "and"
                | "or"
                | "but"
                | "of"
                | "in"
                | "on"
                | "at"
                | "to"
                | "from"
                | "with"
                | "by"
                | "for"
                | "'s"
                | "'"
        )
}

/// Adds a "nominal" PER entity, without an actor, for every person noun no entity covers
/// that heads its phrase ("the pregnant woman", "my father", "a witness"): people that
/// pronouns may refer to instead of an earlier named person.
fn add_person_nouns(
    coder: &ActorCoder,
    doc: &Doc,
    words: &[Word],
    entities: &mut Vec<Entity>,
    mentions: &mut Vec<Mention>,
) {
    add_word_mentions(doc, words, entities, mentions, |i, w| {
        if !(w.upos == "NOUN" || w.upos.is_empty() && !w.is_capitalised()) {
            return None;
        }
        let gender = coder.person_noun(&w.norm)?;
        if modifies_next(words, i) {
            return None;
        }
        let mut m = Mention::new(i, i + 1);
        m.generic = true;
        m.gender = gender;
        Some(("PER", "nominal", m))
    });
}
