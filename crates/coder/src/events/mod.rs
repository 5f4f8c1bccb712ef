//! CAMEO event coding over the dependency parse, with modality and evidence.
//!
//! For each predicate (verb, event noun, predicative adjective) whose lemma is in the pattern
//! dictionary, the most specific matching pattern gives the CAMEO code; the source comes from
//! the subject (the `obl:agent` of a passive, the controller of an `xcomp`, the head noun of a
//! relative clause), the target from the object or the pattern's prepositional complement.
//! Conjoined actors give one event each. Actors are the entity mentions (with coreference) that
//! cover the argument; a mention with no actor code stays uncoded, never guessed. Each event
//! carries its modality (negated, future, hypothetical, speculative, reported) and the words and
//! pattern id that produced it.

pub mod annotated;
mod graph;
mod modality;
pub mod ontology;
pub mod patterns;
pub mod petrarch;
mod sport;

use std::collections::{HashMap, HashSet};
use std::path::Path;

use dyad_model::{
    ActorCode, Doc, Entity, Event, EventActor, EventDate, Evidence, Modality, Plover,
};

use self::graph::Graph;
use self::modality::{
    announced_for_later, is_conditional_clause, is_speech_lemma, modality, planned,
    within_condition, Intent,
};
use self::ontology::{intent_code, refusal_code, Ontology};
use self::patterns::{PatternSet, PredKind};
use self::petrarch::PetrarchDictionary;
use crate::CoderError;

/// Where the coder's predicate patterns come from.
#[derive(Debug, Clone)]
enum Lexicon {
    Own(PatternSet),
    Petrarch(Box<PetrarchDictionary>),
}

impl Default for Lexicon {
    fn default() -> Self {
        Lexicon::Own(PatternSet::default())
    }
}

/// The event coder: ontology plus predicate patterns.
#[derive(Debug, Clone, Default)]
pub struct EventCoder {
    ontology: Ontology,
    lexicon: Lexicon,
}

/// A predicate matched with its argument heads, before actors and modality are resolved.
#[derive(Debug, Clone)]
pub(crate) struct Match {
    pub pred: usize,
    pub code: String,
    pub rule: String,
    pub sources: Vec<usize>,
    pub targets: Vec<usize>,
    pub statement: bool,
    /// Tokens the pattern consumed (the object noun of a light verb), not coded again.
    pub consumed: Vec<usize>,
    /// The object a pattern names without naming the target's phrase ("dispersed
    /// demonstrators with tear gas"): the target when the phrases name no actor.
    pub patient_object: Option<usize>,
}

impl EventCoder {
    /// The ontology and patterns embedded in the binary.
    pub fn load_default() -> Result<Self, CoderError> {
        Ok(EventCoder {
            ontology: Ontology::load_default()?,
            lexicon: Lexicon::Own(PatternSet::load_default()?),
        })
    }

    /// Codes with a PETRARCH-format verb dictionary (e.g. CAMEO.2.0.txt) instead of dyad's own
    /// patterns, optionally skipping sentences that contain a phrase of a discards file.
    pub fn from_petrarch(verbs: &Path, discards: Option<&Path>) -> Result<Self, CoderError> {
        let dict = PetrarchDictionary::load(verbs, discards)?;
        Ok(EventCoder {
            ontology: Ontology::load_default()?,
            lexicon: Lexicon::Petrarch(Box::new(dict)),
        })
    }

    /// As [`EventCoder::from_petrarch`], from text already in memory.
    pub fn from_petrarch_str(
        verbs: &str,
        verbs_name: &str,
        discards: Option<&str>,
    ) -> Result<Self, CoderError> {
        let dict = PetrarchDictionary::parse(verbs, verbs_name, discards)?;
        Ok(EventCoder {
            ontology: Ontology::load_default()?,
            lexicon: Lexicon::Petrarch(Box::new(dict)),
        })
    }

    pub fn ontology(&self) -> &Ontology {
        &self.ontology
    }

    /// Number of predicate patterns loaded.
    pub fn pattern_count(&self) -> usize {
        match &self.lexicon {
            Lexicon::Own(p) => p.len(),
            Lexicon::Petrarch(d) => d.pattern_count(),
        }
    }

    /// Replaces `doc.events` with the events coded from its parsed sentences.
    pub fn code(&self, doc: &mut Doc) {
        let index = EntityIndex::new(doc);
        let mut events = Vec::new();
        for (si, sentence) in doc.sentences.iter().enumerate() {
            if sentence.tokens.is_empty() {
                continue;
            }
            let actor_words = index.actor_words.get(&si).into_iter().flatten().copied();
            let cities: Vec<(usize, usize)> = doc
                .places
                .iter()
                .filter(|p| p.feature == "city")
                .filter(|p| p.start >= sentence.start && p.end <= sentence.end)
                .map(|p| (p.start, p.end))
                .collect();
            let city_words = sentence.tokens.iter().enumerate().filter_map(|(i, t)| {
                cities
                    .iter()
                    .any(|&(s, e)| s <= t.start && t.end <= e)
                    .then_some(i)
            });
            let g = Graph::new(sentence)
                .with_actor_words(actor_words)
                .with_city_words(city_words);
            let matches = match &self.lexicon {
                Lexicon::Own(p) => match_own(&g, p),
                Lexicon::Petrarch(d) => {
                    if d.discards_story(&doc.article.text) {
                        return;
                    }
                    d.match_sentence(&g)
                }
            };
            let ctx = Ctx {
                doc,
                si,
                g: &g,
                index: &index,
            };
            events.extend(self.build_events(&ctx, matches));
        }
        for e in &mut events {
            place_target_country(doc, e);
            share_domestic_country(doc, e);
            link_context(doc, e);
            implied_protest_target(doc, e);
            place_role_country(doc, e);
            attacked_place_country(doc, e);
        }
        sport::drop_sports_contests(doc, &mut events);
        doc.events = events;
    }

    fn build_events(&self, ctx: &Ctx, matches: Vec<Match>) -> Vec<Event> {
        let g = ctx.g;
        let mut consumed: HashSet<usize> =
            matches.iter().flat_map(|m| m.consumed.clone()).collect();
        // "rejected North Korea's demand", "welcomed the U.S. offer": the object noun of a
        // verbal reaction is what the reaction is about, reported before, not a new event.
        // So is what that noun proposes ("rejected a US offer to host a summit": no hosting).
        for m in &matches {
            if g.upos(m.pred) == "VERB" && is_verbal_reaction(&m.code) {
                for o in g.kids_exact(m.pred, "obj").filter(|&o| g.upos(o) == "NOUN") {
                    consumed.insert(o);
                    consumed.extend(
                        g.kids_exact(o, "acl")
                            .filter(|&c| g.kids_exact(c, "mark").any(|k| g.lemma(k) == "to")),
                    );
                }
            }
        }
        // Predicates that produced a non-statement event: their controllers and speech verbs
        // know something was said/promised about them.
        let mut out: Vec<(usize, Event)> = Vec::new();
        let mut coded_preds: HashSet<usize> = HashSet::new();
        let mut pending_statements = Vec::new();
        for m in matches {
            if consumed.contains(&m.pred) {
                continue;
            }
            if m.statement {
                pending_statements.push(m);
                continue;
            }
            let evs = self.events_for(ctx, &m);
            if !evs.is_empty() {
                coded_preds.insert(m.pred);
            }
            out.extend(evs.into_iter().map(|e| (m.pred, e)));
        }
        // A controller ("agreed to", "threatened to", "plans to") whose complement was coded is
        // represented by that event (coded as intent or flagged), not twice. An appeal or
        // demand is the exception: it is the event, and what it asks for is its content
        // ("urged Russia to withdraw", below).
        let controllers: HashSet<usize> = coded_preds
            .iter()
            .filter(|&&p| g.rel(p) == "xcomp")
            .filter_map(|&p| g.head(p))
            .collect();
        out.retain(|(p, e)| !controllers.contains(p) || is_appeal_or_demand(e));
        for m in pending_statements {
            for e in self.events_for(ctx, &m) {
                // A statement needs a known speaker, and adds nothing to an event its content
                // reports ("Uganda said it had paid", "Israel will evacuate …, officials said"):
                // that event carries the `reported` flag and its quote names the speaker.
                // A speaker reporting another actor's deed ("Russia said Georgia attacked")
                // keeps its statement: that is an accusation or a claim of its own.
                let Some(speaker) = e.source.as_ref().and_then(|a| a.code.clone()) else {
                    continue;
                };
                // "…, officials said": the source of a report, not a statement of its own,
                // whether or not the report's content was coded.
                if is_trailing_attribution(g, m.pred) {
                    continue;
                }
                // "Berlin rejected the calls, saying …": the participle explains the coded
                // act it hangs on; it is no second event.
                let explains_event = g.rel(m.pred).starts_with("advcl")
                    && g.tok(m.pred).xpos == "VBG"
                    && g.head(m.pred).is_some_and(|h| coded_preds.contains(&h));
                if explains_event {
                    continue;
                }
                let restated = out.iter().any(|(p, inner)| {
                    let same = inner
                        .source
                        .as_ref()
                        .and_then(|a| a.code.as_deref())
                        .is_some_and(|c| actor_family(c) == actor_family(&speaker));
                    is_attribution_of(g, m.pred, *p) || same && g.dominates_via_content(m.pred, *p)
                });
                if !restated {
                    out.push((m.pred, e));
                }
            }
        }
        // What an appeal or demand asks for is its content, not an event of its own ("demanded
        // that Sudan return the helicopter", "urged Russia to withdraw").
        let askers: Vec<usize> = out
            .iter()
            .filter(|(_, e)| is_appeal_or_demand(e))
            .map(|(p, _)| *p)
            .collect();
        out.retain(|(p, e)| {
            e.modality.is_factual()
                || !askers
                    .iter()
                    .any(|&a| a != *p && g.dominates_via_content(a, *p))
        });
        // One event per (code, source, target, predicate).
        let mut seen = HashSet::new();
        out.into_iter()
            .filter(|(p, e)| {
                seen.insert((
                    *p,
                    e.code.clone(),
                    // The code too: a group pronoun ("they") is one span with several actors.
                    e.source.as_ref().map(|a| (a.start, a.end, a.code.clone())),
                    e.target.as_ref().map(|a| (a.start, a.end, a.code.clone())),
                ))
            })
            .map(|(_, e)| e)
            .collect()
    }

    /// Events of one matched predicate: one per (source actor × target actor).
    fn events_for(&self, ctx: &Ctx, m: &Match) -> Vec<Event> {
        let g = ctx.g;
        let (mut modal, intent) = modality(g, m.pred);
        if in_quote(ctx, m.pred) {
            modal.reported = true;
        }
        let mut code = m.code.clone();
        // "X said Y must withdraw": a statement whose content is an obligation is a demand.
        if m.statement && obligation_content(g, m.pred) {
            code = "100".to_string();
        }
        // "attempted to assassinate": the attempt, not the killing.
        if code == "186" && controller_is(g, m.pred, &["attempt", "try", "plot", "seek"]) {
            code = "185".to_string();
            modal.future = false;
        }
        // Refusing cooperation is a rejection, and it happened: "refused to commit to any
        // assistance", "declined to deploy peacekeepers", "will not accept more refugees".
        // A refusal with a condition is still stated ("will not accept any more refugees if
        // war starts"); one inside a condition is not ("if Syria does not accept …").
        let refused = controller_is(g, m.pred, REFUSAL_LEMMAS)
            || (modal.negated
                && modal.future
                && (!modal.hypothetical || !modality::within_condition(g, m.pred)));
        // Only the doer refuses: "not ready to be repatriated" refuses nothing.
        if refused && !m.statement && !g.is_passive(m.pred) {
            if let Some(c) = refusal_code(&code) {
                code = c.to_string();
                modal.negated = false;
                modal.future = false;
            }
        }
        // CAMEO codes announced cooperation ("will give Tanzania a grant", "is ready to send
        // peacekeepers") as the expressed intent (03x), which did happen; force and sanctions
        // announced for later stay flagged.
        if intent.is_none()
            && modal.future
            && !modal.negated
            && matches!(&code[..2], "04" | "05" | "06" | "07" | "08")
        {
            if let Some(c) = intent_code(&code, false) {
                code = c.to_string();
                modal.future = false;
            }
        }
        // ... and announced force, sanctions or coercion as a threat (13x): "said they would
        // boycott all official contact", "will withdraw its peacekeepers unless…".
        if intent.is_none()
            && modal.future
            && !modal.negated
            && matches!(
                code.get(..2),
                Some("14" | "15" | "16" | "17" | "18" | "19" | "20")
            )
            && (announced_for_later(g, m.pred)
                || matches!(code.get(..2), Some("16" | "17")) && planned(g, m.pred))
        {
            if let Some(c) = intent_code(&code, true) {
                code = c.to_string();
                // The threat was made, conditions and all ("… unless the rebels agree").
                modal.future = false;
                modal.hypothetical = false;
            }
        }
        match intent {
            Some(Intent::Promise) => match intent_code(&code, false) {
                Some(c) => code = c.to_string(),
                None => modal.future = true,
            },
            Some(Intent::Threat) => match intent_code(&code, true) {
                Some(c) => {
                    code = c.to_string();
                    // "threatened to strike unless …": the threat was made, its condition and
                    // all, unless the threatening itself sits in a condition.
                    if g.head(m.pred).is_some_and(|h| !within_condition(g, h)) {
                        modal.hypothetical = false;
                    }
                }
                None => modal.future = true,
            },
            None => {}
        }
        let Some(info) = self.ontology.get(&code) else {
            return Vec::new();
        };
        let sources = resolve_all(ctx, &m.sources);
        let mut targets = resolve_all(ctx, &m.targets);
        // "dispersed demonstrators with tear gas": when the phrases after a pattern's object
        // name no actor, the object itself may be one.
        if targets.is_empty() {
            if let Some(o) = m.patient_object {
                targets = resolve_all(ctx, &[o]);
            }
        }
        // Moving one's own people or assets ("withdrew its peacekeepers", "sent its troops")
        // does nothing to them: they are no target.
        if matches!(&info.root[..], "03" | "07" | "08" | "13" | "15" | "16") {
            targets.retain(|t| !owned_by_source(ctx, t, &sources));
        }
        // A demand, threat or appeal is aimed at whoever its content is about: "demanded that
        // the United States match …", "threatened to break relations with Russia".
        if targets.is_empty() && matches!(&info.root[..], "02" | "10" | "13") {
            targets = complement_target(ctx, m.pred);
        }
        // Praise, criticism or rejection of someone's move is aimed at whoever made it:
        // "rejected a United Nations appeal", "denounced Serbia's suppression of …".
        if targets.is_empty() && matches!(&info.root[..], "05" | "11" | "12") {
            targets = object_author(ctx, m.pred);
        }
        // Aid given or cut goes to whoever the object's "to"/"for" phrase names: "suspended
        // its aid programme for Bosnia".
        let someone_else =
            |t: &EventActor| t.code.is_some() && !sources.iter().any(|s| s.code == t.code);
        if !targets.iter().any(someone_else) && matches!(&info.root[..], "07" | "16") {
            let recipient = object_recipient(ctx, m.pred);
            if !recipient.is_empty() {
                targets = recipient;
            }
        }
        let any_entity = sources
            .iter()
            .chain(targets.iter())
            .any(|a| a.entity.is_some());
        if !any_entity {
            return Vec::new();
        }
        let kind = g.upos(m.pred);
        if kind == "NOUN" && !sources.iter().any(|a| a.entity.is_some()) {
            return Vec::new();
        }
        // A statement is about its recipient or, failing one, whoever its content is about.
        if m.statement && targets.is_empty() {
            targets = statement_topic(ctx, m.pred);
        }
        // "Czechia and Albania upgraded their ties": a target that is the sources themselves
        // (a possessive pronoun for them) leaves the event reciprocal.
        if sources.len() >= 2 {
            targets.retain(|t| !sources.iter().any(|s| is_group_member_of(ctx, t, s)));
        }
        let reciprocal = targets.is_empty()
            && sources.len() >= 2
            && matches!(&info.root[..], "03" | "04" | "05" | "06");
        let pred_tok = g.tok(m.pred);
        let mut events = Vec::new();
        let srcs: Vec<Option<&EventActor>> = if sources.is_empty() {
            vec![None]
        } else {
            sources.iter().map(Some).collect()
        };
        for s in &srcs {
            let tgts: Vec<Option<&EventActor>> = if reciprocal {
                sources
                    .iter()
                    .filter(|t| Some(*t) != *s)
                    .map(Some)
                    .collect()
            } else {
                // A target that is the source itself ("Nigeria withdrew its force": the force
                // resolves to Nigeria) is no target, but the act still happened.
                let others: Vec<Option<&EventActor>> = targets
                    .iter()
                    .filter(|t| s.is_none_or(|a| !same_actor(ctx, a, t)))
                    .map(Some)
                    .collect();
                if !others.is_empty() {
                    others
                } else if targets.is_empty() || !m.statement {
                    vec![None]
                } else {
                    // A statement about oneself ("North Korea said it …") is no event between
                    // actors.
                    Vec::new()
                }
            };
            for t in tgts {
                let mut start = pred_tok.start;
                let mut end = pred_tok.end;
                for a in [s, &t].into_iter().flatten() {
                    start = start.min(a.start);
                    end = end.max(a.end);
                }
                events.push(Event {
                    sentence: ctx.si,
                    source: s.cloned(),
                    target: t.cloned(),
                    code: info.code.clone(),
                    root: info.root.clone(),
                    quad_class: info.quad_class,
                    goldstein: info.goldstein,
                    plover: Plover {
                        event_type: info.plover_type.clone(),
                        mode: info.plover_mode.clone(),
                    },
                    modality: modal,
                    evidence: Evidence {
                        start,
                        end,
                        predicate_start: pred_tok.start,
                        predicate_end: pred_tok.end,
                        rule: m.rule.clone(),
                    },
                    ..Event::default()
                });
            }
        }
        events
    }
}

/// Entity mentions by (sentence, token), and coreference chains with their codes.
pub(crate) struct EntityIndex {
    by_token: HashMap<(usize, u32), Vec<usize>>,
    chain_code: HashMap<u32, (String, usize)>,
    /// Per sentence, the 0-based words inside entities coded as actors.
    actor_words: HashMap<usize, Vec<usize>>,
}

impl EntityIndex {
    fn new(doc: &Doc) -> Self {
        let mut by_token: HashMap<(usize, u32), Vec<usize>> = HashMap::new();
        let mut chain_code = HashMap::new();
        let mut actor_words: HashMap<usize, Vec<usize>> = HashMap::new();
        for (i, e) in doc.entities.iter().enumerate() {
            for t in e.first_token..=e.last_token {
                by_token.entry((e.sentence, t)).or_default().push(i);
            }
            if e.actor.as_ref().is_some_and(|a| !a.code.is_empty()) {
                let words =
                    (e.first_token..=e.last_token).filter_map(|t| (t as usize).checked_sub(1));
                actor_words.entry(e.sentence).or_default().extend(words);
            }
            if let (Some(c), Some(a)) = (e.chain, &e.actor) {
                chain_code.entry(c).or_insert((a.code.clone(), i));
            }
        }
        EntityIndex {
            by_token,
            chain_code,
            actor_words,
        }
    }
}

pub(crate) struct Ctx<'a> {
    doc: &'a Doc,
    si: usize,
    g: &'a Graph<'a>,
    index: &'a EntityIndex,
}

/// The code of an entity, through its coreference chain when the mention itself has none.
fn entity_code(ctx: &Ctx, e: usize) -> Option<String> {
    let ent = &ctx.doc.entities[e];
    if let Some(a) = &ent.actor {
        return Some(a.code.clone());
    }
    ent.chain
        .and_then(|c| ctx.index.chain_code.get(&c))
        .map(|(code, _)| code.clone())
}

/// The best entity mention covering token `t`: coded before uncoded, longer before shorter.
fn entity_at(ctx: &Ctx, t: usize) -> Option<usize> {
    let ids = ctx.index.by_token.get(&(ctx.si, t as u32 + 1))?;
    ids.iter().copied().max_by_key(|&e| {
        let ent = &ctx.doc.entities[e];
        (
            entity_code(ctx, e).is_some(),
            ent.last_token - ent.first_token,
        )
    })
}

const MODIFIER_RELS: &[&str] = &[
    "nmod:poss",
    "compound",
    "amod",
    "flat",
    "appos",
    "nmod",
    "det:poss",
];

/// Maps an argument head to an actor: the entity covering it, else an entity among its
/// modifiers ("Russia's presence", "Hungarian officials", "the region, Abkhazia", "calls by
/// Belarus", "sanctions against Iran"), else the
/// bare noun phrase, uncoded.
fn resolve_actor(ctx: &Ctx, h: usize) -> Option<EventActor> {
    let g = ctx.g;
    let h = relative_antecedent(g, h);
    // "Ontario Premier Doug Ford said": the parser may make the place the head of one flat
    // name; the person in it is the actor, the place their modifier.
    let person_in_name = entity_at(ctx, h)
        .filter(|&e| matches!(ctx.doc.entities[e].label.as_str(), "LOC" | "NORP"))
        .and_then(|place| {
            g.kids_exact(h, "flat")
                .filter_map(|c| entity_at(ctx, c))
                .find(|&e| ctx.doc.entities[e].label == "PER" && e != place)
        });
    let mut found = person_in_name.or_else(|| entity_at(ctx, h));
    // An uncoded name whose modifier is coded: "Russian politician Andrei Klimov"; but "the
    // Chinese Exclusion Act" is a law, not China.
    let thing = g.tok(h).form.starts_with(char::is_uppercase)
        && crate::actors::is_thing_name_head(&g.form_lower(h));
    if found.is_none_or_uncoded(ctx) && !thing {
        let mut frontier = vec![h];
        for _depth in 0..2 {
            let mut next = Vec::new();
            let mut coded = Vec::new();
            for &n in &frontier {
                for rel in MODIFIER_RELS {
                    for c in g.kids_exact(n, rel) {
                        if is_venue(g, n, c) {
                            continue;
                        }
                        if *rel == "nmod" {
                            let case = g.case_of(c).unwrap_or_default();
                            if !matches!(case.as_str(), "of" | "from" | "by" | "against") {
                                continue;
                            }
                        }
                        if let Some(e) = entity_at(ctx, c) {
                            if entity_code(ctx, e).is_some() {
                                coded.push((e, *rel == "nmod:poss"));
                            } else if found.is_none() {
                                found = Some(e);
                            }
                        }
                        next.push(c);
                    }
                }
            }
            // Among modifiers as close to the head, a possessor is someone else ("Turkey's
            // rival Greece" is Greece), and an organisation or person names the actor better
            // than a place: "the Asia-Pacific Economic Cooperation (APEC) forum" is APEC.
            let rank = |&(e, possessor): &(usize, bool)| {
                let label = match ctx.doc.entities[e].label.as_str() {
                    "ORG" | "PER" => 0,
                    _ => 1,
                };
                (possessor, label)
            };
            if let Some(&(best, _)) = coded.iter().min_by_key(|c| rank(c)) {
                found = Some(best);
                break;
            }
            frontier = next;
        }
    }
    let head_entity = person_in_name.or_else(|| entity_at(ctx, h));
    // A role without a country ("Senior Hungarian officials": GOV) takes the country of a
    // modifier naming one.
    if let Some(he) = head_entity {
        let ent = &ctx.doc.entities[he];
        let role_only = ent
            .actor
            .as_ref()
            .is_some_and(|a| a.country.is_none() && !a.code.is_empty());
        // A role noun linked to an earlier person ("President Obama … the Ambassador of
        // Morocco"): a country named in its own phrase overrides the link.
        let linked_role = ent.kind == "nominal"
            && ent
                .actor
                .as_ref()
                .is_some_and(|a| a.rule.starts_with("coref:") && !a.sectors.is_empty());
        if role_only || linked_role {
            let own = modifier_country(ctx, h).filter(|(country, _)| {
                role_only || ent.actor.as_ref().and_then(|a| a.country.as_ref()) != Some(country)
            });
            if let Some((country, me)) = own {
                let role = ent
                    .actor
                    .as_ref()
                    .map(|a| {
                        if role_only {
                            a.code.clone()
                        } else {
                            a.sectors.concat()
                        }
                    })
                    .unwrap_or_default();
                let np = noun_phrase(g, h);
                let (s, en) = g.span(&np);
                // "diplomats from the Group of Seven", "the Taliban's leader", "a senior
                // Islamic State commander": the people of an organisation or armed group are
                // coded as it, not as the state it belongs to.
                let org_code = ctx.doc.entities[me]
                    .actor
                    .as_ref()
                    .filter(|a| {
                        matches!(country.as_str(), "IGO" | "NGO" | "IMG" | "NGM")
                            || a.sectors
                                .iter()
                                .any(|s| matches!(s.as_str(), "REB" | "INS" | "SEP"))
                    })
                    .map(|a| a.code.clone());
                return Some(EventActor {
                    text: ctx.doc.slice(s, en),
                    code: Some(org_code.unwrap_or_else(|| format!("{country}{role}"))),
                    start: s,
                    end: en,
                    entity: Some(he),
                    country_from: None,
                });
            }
        }
    }
    match found {
        Some(e) => {
            let ent = &ctx.doc.entities[e];
            // Show the whole noun phrase when the entity is only a modifier of it.
            let (text, start, end) = if head_entity == Some(e) {
                (ent.text.clone(), ent.start, ent.end)
            } else {
                let np = noun_phrase(g, h);
                let (s, en) = g.span(&np);
                (ctx.doc.slice(s, en), s, en)
            };
            let code = match head_entity {
                Some(he) if he != e => entity_code(ctx, he).or_else(|| entity_code(ctx, e)),
                _ => entity_code(ctx, e),
            };
            Some(EventActor {
                text,
                code,
                start,
                end,
                entity: Some(e),
                country_from: None,
            })
        }
        // Not an entity mention: not an actor (the event may still have its other actor),
        // unless it is the speaker of the quote it stands in.
        None => speaker_in_own_quote(ctx, h),
    }
}

/// "We will continue to support Ukraine," said Canada's foreign minister: "I", "we", "my"
/// and "our" inside a direct quote are its speaker's side.
fn speaker_in_own_quote(ctx: &Ctx, h: usize) -> Option<EventActor> {
    let t = ctx.g.tok(h);
    if !matches!(
        ctx.g.form_lower(h).as_str(),
        "i" | "we" | "me" | "us" | "my" | "our"
    ) {
        return None;
    }
    let speaker = ctx
        .doc
        .quotes
        .iter()
        .filter(|q| q.kind == "direct" && q.start <= t.start && t.end <= q.end)
        .find_map(|q| q.speaker.as_ref())?;
    let code = speaker.code.clone()?;
    Some(EventActor {
        text: t.form.clone(),
        code: Some(code),
        start: t.start,
        end: t.end,
        entity: None,
        country_from: Some(format!(
            "first person in a quote by {}",
            speaker.resolved.as_deref().unwrap_or(&speaker.text)
        )),
    })
}

/// A country named by a modifier of `h` (adjective, compound, possessor, "of" phrase).
fn modifier_country(ctx: &Ctx, h: usize) -> Option<(String, usize)> {
    let g = ctx.g;
    for rel in ["amod", "compound", "nmod:poss", "nmod", "flat"] {
        for c in g.kids_exact(h, rel) {
            if rel == "nmod" && !matches!(g.case_of(c).as_deref(), Some("of" | "from")) {
                continue;
            }
            if let Some(e) = entity_at(ctx, c) {
                if let Some(country) = ctx.doc.entities[e]
                    .actor
                    .as_ref()
                    .and_then(|a| a.country.clone())
                {
                    return Some((country, e));
                }
            }
        }
    }
    None
}

trait UncodedExt {
    fn is_none_or_uncoded(&self, ctx: &Ctx) -> bool;
}

impl UncodedExt for Option<usize> {
    fn is_none_or_uncoded(&self, ctx: &Ctx) -> bool {
        match self {
            None => true,
            Some(e) => entity_code(ctx, *e).is_none(),
        }
    }
}

/// A noun phrase without its clauses and coordinated phrases.
fn noun_phrase(g: &Graph, h: usize) -> Vec<usize> {
    // A predicate nominal's subject and copula are no part of its phrase ("Rastafarianism is
    // a religion that stresses …": the actor is "a religion").
    const SKIP: &[&str] = &[
        "nsubj",
        "csubj",
        "cop",
        "aux",
        "expl",
        "mark",
        "acl",
        "conj",
        "cc",
        "punct",
        "parataxis",
        "advcl",
        "ccomp",
        "dep",
        "appos",
        "case",
    ];
    let mut words = g.subtree(h, SKIP);
    // "The Nairobi government in 2016", "Archbishop Desmond Tutu on Sunday": a time the
    // parser hung on the noun is the clause's, not part of who acted.
    for t in g.children(h).to_vec() {
        if g.rel(t).starts_with("nmod") && is_time_phrase(g, t) {
            let time = g.subtree(t, &[]);
            words.retain(|w| !time.contains(w));
        }
    }
    // A name in apposition right after a title, with no comma between, is part of the phrase:
    // "Secretary of State Marco Rubio" (an apposition set off by commas is not).
    for a in g.kids_exact(h, "appos") {
        let end = words.iter().copied().max().unwrap_or(h);
        if a == end + 1 && g.upos(a) == "PROPN" {
            words.extend(g.subtree(a, SKIP));
        }
    }
    words
}

/// "which"/"who" of a relative clause stands for the noun the clause modifies.
fn relative_antecedent(g: &Graph, h: usize) -> usize {
    if g.is_relative_pronoun(h) {
        let mut cur = h;
        for _ in 0..4 {
            match g.head(cur) {
                Some(p) if g.rel(p) == "acl:relcl" => return g.head(p).unwrap_or(h),
                Some(p) => cur = p,
                None => break,
            }
        }
    }
    h
}

/// Argument heads plus their conjuncts ("the US and European Union" → two actors).
fn resolve_all(ctx: &Ctx, heads: &[usize]) -> Vec<EventActor> {
    let g = ctx.g;
    let mut out: Vec<EventActor> = Vec::new();
    for &h in heads {
        let mut stack = vec![h];
        let mut seen = HashSet::new();
        while let Some(n) = stack.pop() {
            if !seen.insert(n) {
                continue;
            }
            for a in resolve_actor(ctx, n)
                .map(|a| group_members(ctx, a))
                .unwrap_or_default()
                .into_iter()
                .flat_map(|a| coordinated_nationalities(ctx, n, a))
            {
                if !out
                    .iter()
                    .any(|o| o.start == a.start && o.end == a.end && o.code == a.code)
                {
                    out.push(a);
                }
            }
            for c in g.kids_exact(n, "conj") {
                if matches!(g.upos(c), "NOUN" | "PROPN" | "PRON") {
                    stack.push(c);
                }
            }
        }
    }
    out
}

/// "French and Egyptian warships": an actor coded by one of coordinated nationality
/// adjectives stands for each of them, with its sector ("EGYMIL" → "FRAMIL", "EGYMIL").
fn coordinated_nationalities(ctx: &Ctx, n: usize, a: EventActor) -> Vec<EventActor> {
    let g = ctx.g;
    let Some(code) = a.code.clone() else {
        return vec![a];
    };
    for m in g.kids_exact(n, "amod") {
        let adjectives: Vec<usize> = std::iter::once(m).chain(g.kids_exact(m, "conj")).collect();
        let countries: Vec<String> = adjectives
            .iter()
            .filter_map(|&t| demonym_code(ctx, t))
            .collect();
        let Some(own) = countries.iter().find(|c| code.starts_with(c.as_str())) else {
            continue;
        };
        if countries.len() < 2 {
            continue;
        }
        let sector = &code[own.len()..];
        let mut out: Vec<EventActor> = Vec::new();
        for country in &countries {
            let code = format!("{country}{sector}");
            if !out.iter().any(|o| o.code.as_deref() == Some(code.as_str())) {
                out.push(EventActor {
                    code: Some(code),
                    ..a.clone()
                });
            }
        }
        return out;
    }
    vec![a]
}

/// The country code of a nationality word ("French" → "FRA") at token `t`.
fn demonym_code(ctx: &Ctx, t: usize) -> Option<String> {
    let ids = ctx.index.by_token.get(&(ctx.si, t as u32 + 1))?;
    ids.iter()
        .copied()
        .filter(|&e| ctx.doc.entities[e].label == "NORP")
        .find_map(|e| entity_code(ctx, e))
}

/// A pronoun that refers to a group ("the US and the EU … they") stands for each member: one
/// actor per member chain, with the pronoun's words as evidence. Any other actor stays as it is.
fn group_members(ctx: &Ctx, a: EventActor) -> Vec<EventActor> {
    let group = a
        .entity
        .and_then(|e| ctx.doc.entities.get(e))
        .map(|e| e.group.as_slice())
        .unwrap_or_default();
    let members: Vec<EventActor> = group
        .iter()
        .filter_map(|c| ctx.index.chain_code.get(c))
        .map(|(code, _)| EventActor {
            code: Some(code.clone()),
            ..a.clone()
        })
        .collect();
    if members.is_empty() {
        vec![a]
    } else {
        members
    }
}

/// Whether target `t` belongs to a source: a possessive in it refers to one ("Nigeria …
/// its peacekeepers").
fn owned_by_source(ctx: &Ctx, t: &EventActor, sources: &[EventActor]) -> bool {
    let Some(ent) = t.entity.map(|e| &ctx.doc.entities[e]) else {
        return false;
    };
    if ent.sentence != ctx.si || ent.first_token == 0 {
        return false;
    }
    let chains: Vec<u32> = sources
        .iter()
        .filter_map(|s| s.entity)
        .filter_map(|e| ctx.doc.entities[e].chain)
        .collect();
    (ent.first_token..=ent.last_token).any(|id| {
        ctx.g.kids_exact(id as usize - 1, "nmod:poss").any(|p| {
            entity_at(ctx, p)
                .and_then(|e| ctx.doc.entities[e].chain)
                .is_some_and(|c| chains.contains(&c))
        })
    })
}

/// Whether `t` is a group pronoun ("their") one of whose members is `s`'s entity.
fn is_group_member_of(ctx: &Ctx, t: &EventActor, s: &EventActor) -> bool {
    let (Some(te), Some(se)) = (t.entity, s.entity) else {
        return false;
    };
    let (te, se) = (&ctx.doc.entities[te], &ctx.doc.entities[se]);
    se.chain.is_some_and(|c| te.group.contains(&c))
}

/// Codes of reacting to another's act: appeals, agreement, support, demands, disapproval,
/// rejection (CAMEO 02–05, 10–12). Not statements: what is announced ("announced a
/// ceasefire") is the news.
fn is_verbal_reaction(code: &str) -> bool {
    matches!(
        code.get(..2),
        Some("02" | "03" | "04" | "05" | "10" | "11" | "12")
    )
}

fn same_actor(ctx: &Ctx, a: &EventActor, b: &EventActor) -> bool {
    if a.start == b.start && a.end == b.end {
        return true;
    }
    match (a.entity, b.entity) {
        (Some(x), Some(y)) => {
            x == y || {
                let (ex, ey) = (&ctx.doc.entities[x], &ctx.doc.entities[y]);
                ex.chain.is_some() && ex.chain == ey.chain
            }
        }
        _ => false,
    }
}

fn in_quote(ctx: &Ctx, p: usize) -> bool {
    let t = ctx.g.tok(p);
    ctx.doc
        .quotes
        .iter()
        .any(|q| q.start <= t.start && t.end <= q.end)
}

/// Whether `p` is the open complement of one of these verbs.
/// Verbs whose open complement is an act refused.
const REFUSAL_LEMMAS: &[&str] = &["refuse", "decline", "reject"];

fn controller_is(g: &Graph, p: usize, lemmas: &[&str]) -> bool {
    g.rel(p) == "xcomp"
        && g.head(p)
            .is_some_and(|h| lemmas.contains(&g.lemma(h).as_str()))
}

/// Whether a speech verb's content clause states an obligation ("must", "should", "has to").
fn obligation_content(g: &Graph, p: usize) -> bool {
    g.kids(p, "ccomp").any(|c| {
        g.kids(c, "aux")
            .any(|a| matches!(g.form_lower(a).as_str(), "must" | "should" | "ought"))
            || (g.lemma(c) == "have" && g.has_kid(c, "xcomp"))
    })
}

/// The actor a code belongs to for telling a speaker from the actor it reports on: the country
/// ("PRTGOV" speaking of "PRT" speaks of its own side), or the whole code of an international
/// or non-governmental organisation ("IGOUNO" is not "IGOEUREEC").
fn actor_family(code: &str) -> &str {
    let international = ["IGO", "NGO", "MNC"].iter().any(|p| code.starts_with(p));
    match code.get(..3) {
        Some(country) if !international => country,
        _ => code,
    }
}

/// Whether speech verb `p` follows the clause it reports ("Israel will evacuate …, officials
/// said"), whatever the parse made of it: a `ccomp` before it, or `p` a `parataxis` after its head.
fn is_trailing_attribution(g: &Graph, p: usize) -> bool {
    g.kids(p, "ccomp").any(|c| c < p)
        || g.rel(p).starts_with("parataxis") && g.head(p).is_some_and(|h| h < p)
        || closing_attribution_words(g, p)
}

/// "…, officials told AFP." read from the words when the parse hangs the speech verb somewhere
/// else: a comma, a short subject, the verb with no clause of its own, and no verb after it.
fn closing_attribution_words(g: &Graph, p: usize) -> bool {
    if g.kids(p, "ccomp").next().is_some() || g.kids(p, "xcomp").next().is_some() {
        return false;
    }
    if (p + 1..g.len()).any(|i| matches!(g.upos(i), "VERB" | "AUX")) {
        return false;
    }
    let mut i = p;
    while i > 0 {
        i -= 1;
        match g.upos(i) {
            "NOUN" | "PROPN" | "ADJ" | "DET" | "NUM" | "PART" => continue,
            "PUNCT" => return g.form_lower(i) == "," && i + 1 < p,
            _ => return false,
        }
    }
    false
}

/// Whether speech predicate `p` is only the attribution of predicate `q`: "Russia attacked …,
/// officials said", where UD makes the speech verb a `parataxis` of the reported verb.
fn is_attribution_of(g: &Graph, p: usize, q: usize) -> bool {
    // "Israel will evacuate …, officials said": whatever the parse, a speech verb after the
    // clause it reports only attributes it.
    if q < p && g.head(q) == Some(p) && g.rel(q) == "ccomp" {
        return true;
    }
    let attribution = g.rel(p).starts_with("parataxis");
    match g.head(p) {
        Some(h) if attribution => q == h || g.head(q) == Some(h) && g.rel(q).starts_with("conj"),
        _ => false,
    }
}

/// An appeal (02) or a demand (10): what it asks for has not happened.
fn is_appeal_or_demand(e: &Event) -> bool {
    matches!(&e.root[..], "02" | "10")
}

/// Whom a statement is about when it has no recipient: the subject of its content clause.
fn statement_topic(ctx: &Ctx, p: usize) -> Vec<EventActor> {
    let g = ctx.g;
    for c in g.kids(p, "ccomp") {
        if let Some(s) = subject_heads(g, c).first() {
            if let Some(a) = resolve_actor(ctx, *s) {
                if a.entity.is_some() {
                    return vec![a];
                }
            }
        }
    }
    Vec::new()
}

/// The actor a clausal complement is about: the subject of a `that` clause, or the object (or
/// a with/against/on/to phrase) of an infinitive.
fn complement_target(ctx: &Ctx, p: usize) -> Vec<EventActor> {
    let g = ctx.g;
    let coded = |h: usize| resolve_actor(ctx, h).filter(|a| a.code.is_some());
    for c in g.kids(p, "ccomp") {
        if let Some(a) = subject_heads(g, c).into_iter().find_map(coded) {
            return vec![a];
        }
    }
    let preps: Vec<String> = ["with", "against", "on", "to"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let infinitives = g.kids(p, "xcomp").chain(
        g.kids(p, "advcl")
            .filter(|&c| g.kids_exact(c, "mark").any(|m| g.lemma(m) == "to")),
    );
    for c in infinitives.collect::<Vec<_>>() {
        let obj = object(g, c);
        let mut heads: Vec<usize> = obj.into_iter().collect();
        heads.extend(prep_complements(g, c, &preps));
        if let Some(o) = obj {
            heads.extend(prep_complements(g, o, &preps));
        }
        if let Some(a) = heads.into_iter().find_map(coded) {
            return vec![a];
        }
    }
    // "called for sanctions against Russia", "demanded talks with Kyiv": whoever the asked-for
    // measure is aimed at.
    let asked_for = prep_complements(g, p, &["for".to_string()])
        .into_iter()
        .chain(object(g, p));
    for n in asked_for.collect::<Vec<_>>() {
        if let Some(a) = prep_complements(g, n, &preps).into_iter().find_map(coded) {
            return vec![a];
        }
    }
    // "threatened to strike unless Israel rescinded the law": whoever must meet the
    // condition is whom the threat is aimed at.
    let clauses = std::iter::once(p).chain(g.kids(p, "xcomp"));
    for c in clauses.collect::<Vec<_>>() {
        for cond in g.kids(c, "advcl").filter(|&a| is_conditional_clause(g, a)) {
            if let Some(a) = subject_heads(g, cond).into_iter().find_map(coded) {
                return vec![a];
            }
        }
    }
    Vec::new()
}

/// The coded actor named as the owner or author of `p`'s object: its possessor, a compound
/// or a nationality adjective ("a US offer", "Serbia's suppression", "a Senegalese plan").
fn object_author(ctx: &Ctx, p: usize) -> Vec<EventActor> {
    let g = ctx.g;
    let Some(o) = object(g, p) else {
        return Vec::new();
    };
    let modifiers = g
        .children(o)
        .iter()
        .copied()
        .filter(|&c| c < o && matches!(g.rel(c), "nmod:poss" | "compound" | "amod"))
        .filter(|&c| !is_venue(g, o, c));
    first_coded_actor(ctx, modifiers)
}

/// The first of `words` that resolves to a coded actor, as a target list.
fn first_coded_actor(ctx: &Ctx, mut words: impl Iterator<Item = usize>) -> Vec<EventActor> {
    words
        .find_map(|w| resolve_actor(ctx, w).filter(|a| a.code.is_some()))
        .into_iter()
        .collect()
}

/// The coded actor an object is meant for: the "to" or "for" phrase of the object or, when
/// the parse hangs it there, of the verb ("aid for Bosnia").
fn object_recipient(ctx: &Ctx, p: usize) -> Vec<EventActor> {
    let g = ctx.g;
    let Some(o) = object(g, p) else {
        return Vec::new();
    };
    let for_or_to = |n: &usize| matches!(g.case_of(*n).as_deref(), Some("to" | "for"));
    let phrases = g
        .kids_exact(o, "nmod")
        .filter(for_or_to)
        .chain(g.kids_exact(p, "obl").filter(for_or_to));
    first_coded_actor(ctx, phrases)
}

/// Whether the subject of `p`, or a modifier of it, has one of these lemmas.
fn subject_has(g: &Graph, p: usize, lemmas: &[String]) -> bool {
    // A participle's own noun counts too: "legislation targeting Turkish officials".
    let modified = g
        .head(p)
        .filter(|_| g.rel(p) == "acl" && g.tok(p).xpos == "VBG");
    modified.is_some_and(|h| lemmas.contains(&g.lemma(h)))
        || subject_heads(g, p).into_iter().any(|s| {
            lemmas.contains(&g.lemma(s))
                || g.children(s).iter().any(|&c| {
                    matches!(g.rel(c), "compound" | "amod" | "nmod" | "nmod:poss")
                        && lemmas.contains(&g.lemma(c))
                })
        })
}

/// The passive subject of a passive predicate, resolved through a relative pronoun.
fn passive_subject(g: &Graph, p: usize) -> Option<usize> {
    if !g.is_passive(p) {
        return None;
    }
    g.kids_exact(p, "nsubj:pass")
        .next()
        .map(|s| relative_antecedent(g, s))
}

/// The logical subject: nsubj; the agent of a passive; inherited through conj, xcomp
/// (subject or object control), advcl and participial modifiers; the antecedent of a relative
/// clause.
pub(crate) fn subject_heads(g: &Graph, p: usize) -> Vec<usize> {
    subject_rec(g, p, 0)
}

fn subject_rec(g: &Graph, p: usize, depth: usize) -> Vec<usize> {
    if depth > 8 {
        return vec![];
    }
    if g.is_passive(p) {
        if let Some(a) = agent(g, p) {
            return vec![a];
        }
        if g.has_kid(p, "nsubj:pass") {
            return vec![];
        }
    }
    // A passive subject left here belongs to an active reading ("is opposed to").
    if let Some(s) = g
        .kids_exact(p, "nsubj")
        .next()
        .or_else(|| g.kids_exact(p, "nsubj:pass").next())
    {
        let mut heads = vec![relative_antecedent(g, s)];
        heads.extend(flat_conjoined_subjects(g, p, s));
        return heads;
    }
    if let Some(s) = g.kids_exact(p, "csubj").next() {
        return vec![s];
    }
    // The parser sometimes calls a referring "it" an expletive ("Syria says it is willing to
    // withdraw"); a true expletive has no entity, so it yields no actor either way.
    if let Some(s) = g.kids_exact(p, "expl").next() {
        return vec![s];
    }
    let Some(h) = g.head(p) else {
        return stray_subject(g, p).into_iter().collect();
    };
    if let Some(s) = for_subject(g, p, h) {
        return vec![s];
    }
    match g.rel(p).split(':').next().unwrap_or("") {
        "conj" => {
            // Active after passive ("was attacked and fired back") or passive after active
            // ("attacked and was repelled"): the subject is not the doer of both.
            if g.is_passive(h) != g.is_passive(p) {
                return vec![];
            }
            subject_rec(g, h, depth + 1)
        }
        // A passive controller's subject does the infinitive, whoever the agent is: "Russia
        // was urged by the US to withdraw", "it is prepared to impose martial law".
        // A passive infinitive's controller undergoes it, whoever does it: "West Java has yet
        // to be declared rabies-free", "Kosovo wants to be recognised".
        "xcomp" if g.is_passive(p) => vec![],
        "xcomp" => match passive_subject(g, h).or_else(|| controlled_by_object(g, h)) {
            // Object control: "urged Russia to withdraw".
            Some(s) => vec![s],
            None => subject_rec(g, h, depth + 1),
        },
        // The parser often makes the controlled infinitive an `advcl`: "urged Russia on Friday
        // to accept", "called on both sides to show restraint".
        "advcl" if g.kids_exact(p, "mark").any(|m| g.lemma(m) == "to") => {
            match controlled_by_object(g, h) {
                Some(o) => vec![o],
                None => subject_rec(g, h, depth + 1),
            }
        }
        // "Killed in the strike, the commander …": the main subject underwent it.
        "advcl" if g.is_passive(p) => vec![],
        // A finite adverbial clause whose subject the parser hung elsewhere ("as Putin used
        // …", "Putin" made an oblique of the main verb) has it right before it.
        "advcl" | "ccomp" if g.rel(p).starts_with("advcl") => match stray_subject(g, p) {
            Some(s) => vec![s],
            None => subject_rec(g, h, depth + 1),
        },
        // "visiting Australian Foreign Minister Marise Payne": the one modified visits. Right
        // after a preposition it is more likely a gerund the parser misread ("charged it
        // with supporting dissidents").
        "amod"
            if g.tok(p).xpos == "VBG"
                && p.checked_sub(1)
                    .is_none_or(|b| !matches!(g.upos(b), "ADP" | "SCONJ")) =>
        {
            vec![h]
        }
        "acl" => {
            if g.rel(p) == "acl:relcl" {
                return vec![h];
            }
            // "forces loyal to X attacking Y", "protesters demanding his resignation": the
            // modified name or actor does it; gerunds inside a noun phrase ("a means of
            // attacking Ukraine") and measures ("an operation targeting rebels") take the
            // clause's subject.
            if g.tok(p).xpos == "VBG"
                && (matches!(g.upos(h), "PROPN" | "PRON")
                    || g.is_actor_word(h) && !g.has_kid(p, "mark"))
            {
                return vec![h];
            }
            let mut cur = h;
            for _ in 0..6 {
                let Some(up) = g.head(cur) else { break };
                if matches!(g.upos(up), "VERB" | "AUX" | "ADJ") {
                    return subject_rec(g, up, depth + 1);
                }
                cur = up;
            }
            vec![]
        }
        _ => stray_subject(g, p).into_iter().collect(),
    }
}

/// Further subjects the parser attached to the verb instead of to the first subject as
/// conjuncts ("The United States and the European Union condemned": two `nsubj`): those after
/// an "and"/"or" that is itself attached to the verb or to them.
fn flat_conjoined_subjects(g: &Graph, p: usize, first: usize) -> Vec<usize> {
    let mut out = Vec::new();
    let mut prev = first;
    for s in g.kids_exact(p, "nsubj").filter(|&s| s > first) {
        let joined = (prev + 1..s).any(|t| {
            g.rel(t) == "cc"
                && matches!(g.lemma(t).as_str(), "and" | "or")
                && g.head(t).is_some_and(|h| h == s || h == p)
        });
        if !joined {
            break;
        }
        out.push(s);
        prev = s;
    }
    out
}

/// The object of an object-control verb (or the "on" phrase of "call on"), who is the subject
/// of its infinitive.
fn controlled_by_object(g: &Graph, h: usize) -> Option<usize> {
    // "gave Hamas 48 hours to release the hostages", "granted them a week to leave": the
    // recipient of a verb of giving does the infinitive (other verbs' "iobj" is often a
    // misparse: "allow the return of inspectors … to remove doubts").
    if matches!(g.lemma(h).as_str(), "give" | "grant" | "award" | "hand") {
        if let Some(recipient) = g.kids_exact(h, "iobj").next() {
            return Some(recipient);
        }
    }
    if !dyad_model::lexicon::is_object_control_verb(&g.lemma(h)) {
        return None;
    }
    g.kids_exact(h, "obj").next().or_else(|| {
        g.kids(h, "obl")
            .find(|&o| matches!(g.case_of(o).as_deref(), Some("on" | "upon")))
    })
}

/// "crucial for Islamabad to negotiate", "a chance for Kyiv to regroup": the "for" phrase
/// right before an infinitive is its subject, wherever the parser hung it.
fn for_subject(g: &Graph, p: usize, h: usize) -> Option<usize> {
    let to = g.kids_exact(p, "mark").find(|&m| g.lemma(m) == "to")?;
    let before = to.checked_sub(1)?;
    [h, p].into_iter().find_map(|owner| {
        g.kids(owner, "obl")
            .chain(g.kids(owner, "nmod"))
            .find(|&k| {
                k < to
                    && g.case_of(k).as_deref() == Some("for")
                    && g.subtree(k, &[]).into_iter().max() == Some(before)
            })
    })
}

/// A finite verb the parser left without a subject, right after a name or pronoun it attached
/// elsewhere ("as Putin used …" with "Putin" as an oblique): that word is the subject.
fn stray_subject(g: &Graph, p: usize) -> Option<usize> {
    if !matches!(g.tok(p).xpos.as_str(), "VBD" | "VBZ" | "VBP") {
        return None;
    }
    let mut k = p.checked_sub(1)?;
    while matches!(g.upos(k), "AUX" | "ADV" | "PART") {
        k = k.checked_sub(1)?;
    }
    let rel = g.rel(k);
    (matches!(g.upos(k), "PROPN" | "PRON")
        && !rel.starts_with("nsubj")
        && !rel.starts_with("obj")
        && g.head(k) != Some(p))
    .then_some(k)
}

fn agent(g: &Graph, p: usize) -> Option<usize> {
    if let Some(a) = g.kids_exact(p, "obl:agent").next() {
        return Some(a);
    }
    g.kids(p, "obl")
        .find(|&o| g.case_of(o).as_deref() == Some("by"))
        .or_else(|| {
            g.kids(p, "nmod")
                .find(|&o| g.case_of(o).as_deref() == Some("by"))
        })
}

/// The patient of a passive: its passive subject, inherited through conj; the modified noun of
/// a participle ("troops sent to Ukraine").
fn passive_patient(g: &Graph, p: usize) -> Vec<usize> {
    if let Some(s) = g.kids_exact(p, "nsubj:pass").next() {
        return vec![relative_antecedent(g, s)];
    }
    if let Some(h) = g.head(p) {
        if g.rel(p) == "conj" || g.rel(p).starts_with("advcl") {
            // "the army attacked and was repelled": the active head's subject underwent it.
            return if g.is_passive(h) {
                passive_patient(g, h)
            } else {
                subject_heads(g, h)
            };
        }
        if g.rel(p).starts_with("acl") {
            return vec![h];
        }
    }
    vec![]
}

/// The direct object, or (passive) the patient.
pub(crate) fn object(g: &Graph, p: usize) -> Option<usize> {
    if g.is_passive(p) {
        return passive_patient(g, p).first().copied();
    }
    // An object before its verb is a relative pronoun or a parse error ("Russian politician
    // Andrei Klimov confirmed" with "politician" as object): only the former counts.
    g.kids_exact(p, "obj")
        .find(|&o| o > p || g.is_relative_pronoun(o))
        .map(|o| relative_antecedent(g, o))
}

/// Prepositions whose complement is a default target when a pattern names none.
const DEFAULT_TARGET_PREPS: &[&str] = &[
    "against", "with", "on", "upon", "to", "toward", "towards", "into",
];
const NOUN_TARGET_PREPS: &[&str] = &[
    "against", "on", "upon", "of", "to", "with", "toward", "towards", "into", "for",
];

/// Complements of `p` (obl for verbs, nmod for nouns) introduced by one of `preps`.
fn prep_complements(g: &Graph, p: usize, preps: &[String]) -> Vec<usize> {
    let mut out = Vec::new();
    for &c in g.children(p) {
        let r = g.rel(c);
        if !(r.starts_with("obl") || r.starts_with("nmod")) || r == "nmod:poss" || r == "obl:agent"
        {
            continue;
        }
        // "on Tuesday", "in May": a time is nobody's target and no place.
        if r == "obl:tmod" || is_time_word(&g.lemma(c)) {
            continue;
        }
        if let Some(case) = g.case_of(c) {
            if preps.contains(&case) {
                out.push(c);
            }
        }
    }
    out
}

/// A gerund clause the preposition introduces ("called for shuttering the camp"), which
/// the parser attaches as a clause marked by it.
fn has_prep_clause(g: &Graph, p: usize, preps: &[String]) -> bool {
    g.children(p).iter().any(|&c| {
        matches!(g.rel(c), "advcl" | "acl" | "xcomp")
            && g.tok(c).xpos == "VBG"
            && g.kids_exact(c, "mark").any(|m| preps.contains(&g.lemma(m)))
    })
}

/// A day, month or year ("on Sunday", "in 2016", "in March").
fn is_time_phrase(g: &Graph, t: usize) -> bool {
    let form = g.form_lower(t);
    is_time_word(&form)
        || form.len() == 4
            && form.chars().all(|c| c.is_ascii_digit())
            && (form.starts_with("19") || form.starts_with("20"))
}

/// Days, months and other words that name a time, not an actor or a place.
fn is_time_word(lemma: &str) -> bool {
    matches!(
        lemma,
        "monday"
            | "tuesday"
            | "wednesday"
            | "thursday"
            | "friday"
            | "saturday"
            | "sunday"
            | "january"
            | "february"
            | "march"
            | "april"
            | "may"
            | "june"
            | "july"
            | "august"
            | "september"
            | "october"
            | "november"
            | "december"
            | "today"
            | "tonight"
            | "yesterday"
            | "tomorrow"
    )
}

/// Someone an action is done for: "in support of X", "to help X", "on behalf of X".
fn beneficiary(g: &Graph, p: usize) -> Option<usize> {
    for &c in g.children(p) {
        let r = g.rel(c);
        if r.starts_with("obl")
            && matches!(
                g.lemma(c).as_str(),
                "support" | "aid" | "defence" | "defense" | "behalf" | "help"
            )
        {
            if let Some(n) = g
                .kids(c, "nmod")
                .find(|&n| g.case_of(n).as_deref() == Some("of"))
            {
                return Some(n);
            }
        }
        if r == "advcl"
            && matches!(
                g.lemma(c).as_str(),
                "help" | "support" | "aid" | "assist" | "protect" | "defend" | "back"
            )
        {
            if let Some(o) = g.kids_exact(c, "obj").next() {
                return Some(o);
            }
        }
    }
    None
}

/// A Title-case word: a capital followed by lower case ("Pact", not "NATO" or "pact").
fn is_title_word(g: &Graph, i: usize) -> bool {
    let mut chars = g.tok(i).form.chars();
    chars.next().is_some_and(char::is_uppercase) && chars.any(char::is_lowercase)
}

/// Whether most words of the sentence are Title-case (a headline), where capitals say nothing.
fn is_title_case(g: &Graph) -> bool {
    let words: Vec<usize> = (0..g.len())
        .filter(|&i| g.tok(i).form.chars().any(char::is_alphabetic))
        .collect();
    words.iter().filter(|&&i| is_title_word(g, i)).count() * 2 > words.len()
}

/// A word of a short Title-Case phrase in quotes — the name of a show, book or operation
/// (NBC's "Meet the Press", "Operation Protective Edge"), not something anyone did.
fn in_quoted_title(g: &Graph, p: usize) -> bool {
    const MINOR: &[&str] = &[
        "the", "of", "a", "an", "and", "in", "on", "to", "for", "at", "with", "by",
    ];
    let quote = |i: usize| dyad_model::lexicon::is_quotation_mark(&g.tok(i).form);
    let Some(open) = (0..p).rev().find(|&i| quote(i)) else {
        return false;
    };
    let Some(close) = (p + 1..g.len()).find(|&i| quote(i)) else {
        return false;
    };
    // American style puts the sentence's comma or full stop inside the quotes.
    let end = if matches!(g.tok(close - 1).form.as_str(), "." | ",") {
        close - 1
    } else {
        close
    };
    let inside = open + 1..end;
    let words: Vec<usize> = inside
        .clone()
        .filter(|&i| g.tok(i).form.chars().any(char::is_alphabetic))
        .collect();
    // A long title may hold a lower-case word ("I am Malala: The Story of the Girl Who Stood
    // Up for Education"); a quoted sentence has many.
    let plain = words
        .iter()
        .filter(|&&i| {
            let form = &g.tok(i).form;
            !(is_title_word(g, i)
                || MINOR.contains(&form.as_str())
                || form.chars().all(char::is_uppercase))
        })
        .count();
    inside.len() <= 16
        && !words.is_empty()
        && plain * 8 <= words.len()
        && !inside
            .clone()
            .any(|i| matches!(g.tok(i).form.as_str(), "," | "." | "!" | "?"))
}

/// A capitalised noun inside running text is part of a name ("the Warsaw Pact", "the Peace
/// Corps"), not an event noun.
fn is_name_part(g: &Graph, p: usize, title_case: bool) -> bool {
    p > 0 && !title_case && is_title_word(g, p)
}

fn particle(g: &Graph, p: usize) -> Option<String> {
    g.kids(p, "compound:prt").next().map(|c| g.lemma(c))
}

/// A background clause, or a clause reported or continued inside one ("air raids in which it
/// said 20 people were killed": the killing is background too).
fn in_background_clause(g: &Graph, p: usize) -> bool {
    let mut cur = p;
    for _ in 0..g.len() {
        if is_background_clause(g, cur) {
            return true;
        }
        let base = g.rel(cur).split(':').next().unwrap_or("");
        match g.head(cur) {
            Some(h) if matches!(base, "ccomp" | "xcomp" | "conj") => cur = h,
            _ => return false,
        }
    }
    false
}

/// Nouns of what one may or can do, whose infinitive is no event: "the right to assemble".
const CAPACITY_NOUNS: &[&str] = &[
    "right",
    "freedom",
    "liberty",
    "ability",
    "capacity",
    "capability",
    "power",
    "authority",
    "permission",
    "licence",
    "license",
    "chance",
    "opportunity",
    "option",
    "means",
    "skill",
];

/// A relative clause of place or time ("Montenegro, where 28 people have been killed this
/// year", "the raids in which 20 people died"): background to the sentence's news.
fn is_background_clause(g: &Graph, p: usize) -> bool {
    // "ordered to appear for questioning", "arrested for spying": the purpose or the charge,
    // not something done.
    if g.tok(p).xpos == "VBG" && g.kids_exact(p, "mark").any(|m| g.lemma(m) == "for") {
        return true;
    }
    // "the right to assemble", "the ability to strike": what someone may or can do.
    if g.rel(p) == "acl"
        && g.kids_exact(p, "mark").any(|m| g.lemma(m) == "to")
        && g.head(p)
            .is_some_and(|h| CAPACITY_NOUNS.contains(&g.lemma(h).as_str()))
    {
        return true;
    }
    // A participle describing a noun in a prepositional phrase ("a ship in the channel,
    // disputed by A and B"): background, like an event noun in such a phrase. So is one
    // describing whoever speaks in an attribution ("a statement issued by the ministry
    // said").
    if g.rel(p) == "acl" && matches!(g.tok(p).xpos.as_str(), "VBN" | "VBG") {
        return g.head(p).is_some_and(|h| {
            g.tok(p).xpos == "VBN" && g.case_of(h).is_some()
                || g.rel(h) == "nsubj"
                    && g.head(h)
                        .is_some_and(|s| modality::is_speech_lemma(&g.lemma(s)))
        });
    }
    if g.rel(p) != "acl:relcl" {
        return follows_place_after_comma(g, p);
    }
    g.children(p).iter().any(|&c| {
        let which = |w: usize| g.form_lower(w) == "which";
        matches!(g.form_lower(c).as_str(), "where" | "when")
            || (which(c) || g.children(c).iter().any(|&cc| which(cc))) && g.case_of(c).is_some()
    })
}

/// "where …" right after a noun (and its comma) opens a relative clause of place whatever the
/// parse hangs it on ("demonstrated in Serbia, where 24 people were killed", read as a
/// parataxis): its first word is a "where" modifying the clause.
fn follows_place_after_comma(g: &Graph, p: usize) -> bool {
    let Some(&first) = g.children(p).iter().filter(|&&c| g.rel(c) != "punct").min() else {
        return false;
    };
    let noun = |i: usize| matches!(g.upos(i), "NOUN" | "PROPN");
    first < p
        && g.form_lower(first) == "where"
        && g.rel(first) == "advmod"
        && first >= 1
        // "in Montenegro, where …" or, without the comma, "in Montenegro where …".
        && (noun(first - 1) || first >= 2 && g.tok(first - 1).form == "," && noun(first - 2))
}

/// Motion verbs in idioms that move nobody: "when it comes to Ukraine", "the country must come
/// together", "the talks went ahead".
fn is_motion_idiom(g: &Graph, p: usize) -> bool {
    if !matches!(g.lemma(p).as_str(), "come" | "go") {
        return false;
    }
    let it_subject = g
        .kids(p, "nsubj")
        .chain(g.kids(p, "expl"))
        .any(|s| g.form_lower(s) == "it");
    let when = g.children(p).iter().any(|&c| g.form_lower(c) == "when");
    it_subject && when
        || g.children(p).iter().any(|&c| {
            matches!(g.rel(c), "advmod" | "compound:prt")
                && matches!(g.form_lower(c).as_str(), "together" | "ahead")
        })
}

/// A predicative complement: an `xcomp`, or what the parser hangs on the object right after
/// it with no comma ("called Canada one of the worst", "called the comments insulting").
fn has_predicative(g: &Graph, p: usize, obj: Option<usize>) -> bool {
    if g.has_kid(p, "xcomp") {
        return true;
    }
    let Some(o) = obj.filter(|&o| o > p) else {
        return false;
    };
    g.children(o).iter().any(|&c| {
        c > o
            && matches!(g.rel(c), "appos" | "acl" | "amod" | "xcomp")
            && !(o + 1..c).any(|t| g.form_lower(t) == ",")
    })
}

/// "asked if the U.S. was considering …", "asked about the talks", "asked a question":
/// asking a question is no appeal. A request has an infinitive ("asked Russia to veto") or
/// asks for something.
fn asks_a_question(g: &Graph, p: usize) -> bool {
    if g.lemma(p) != "ask" || g.kids(p, "xcomp").next().is_some() {
        return false;
    }
    let whether = |c: usize| {
        g.kids_exact(c, "mark")
            .any(|m| matches!(g.lemma(m).as_str(), "if" | "whether"))
            || g.children(c).iter().any(|&w| {
                w < c
                    && matches!(
                        g.lemma(w).as_str(),
                        "what" | "why" | "how" | "who" | "when" | "where" | "which"
                    )
            })
    };
    let question = |c: usize| {
        matches!(g.rel(c), "ccomp" | "advcl" | "acl") && whether(c)
            || matches!(g.rel(c).split(':').next(), Some("obl" | "nmod"))
                && g.case_of(c).as_deref() == Some("about")
            || g.rel(c) == "obj" && g.lemma(c) == "question"
    };
    // The parser may hang the question a level lower ("asked the president about the
    // talks" with the topic under "president", "asked by reporters if …" under "reporters").
    // "What al-Shabab person has a child, she asked.", "Bugajski asked.": "ask" with nothing
    // asked of anyone — no object, no "for" phrase, no "that" clause — quotes a question.
    let asks_for_something = g.children(p).iter().any(|&c| match g.rel(c) {
        // "What … has a child, she asked": the parser may make the question word the object.
        "obj" | "iobj" => !matches!(g.lemma(c).as_str(), "what" | "who" | "whom" | "which"),
        "ccomp" => g.kids_exact(c, "mark").any(|m| g.lemma(m) == "that"),
        r => r.starts_with("obl") && g.case_of(c).as_deref() == Some("for"),
    });
    !asks_for_something && !g.is_passive(p)
        || g.children(p)
            .iter()
            .any(|&c| question(c) || g.children(c).iter().any(|&d| question(d)))
}

/// "…, who requested anonymity", "asked not to be named": how a source is quoted, not an
/// appeal.
fn asks_for_anonymity(g: &Graph, obj: Option<usize>) -> bool {
    obj.is_some_and(|o| matches!(g.lemma(o).as_str(), "anonymity" | "confidentiality"))
}

/// "called the death a significant security achievement", "called the sanctions illegal":
/// "call" with an object and a bare noun or adjective after it names the object; it neither
/// appeals nor telephones.
fn names_object(g: &Graph, p: usize, obj: Option<usize>) -> bool {
    let Some(o) = obj.filter(|&o| o > p && g.lemma(p) == "call") else {
        return false;
    };
    let bare = |c: usize| {
        c > o
            && matches!(g.upos(c), "NOUN" | "ADJ" | "PROPN")
            && !g.has_kid(c, "case")
            && !g.has_kid(c, "mark")
            && !(o + 1..c).any(|t| g.form_lower(t) == ",")
    };
    g.children(p)
        .iter()
        .any(|&c| bare(c) && matches!(g.rel(c), "xcomp" | "obl:unmarked" | "obl:npmod" | "obj"))
        || g.children(o)
            .iter()
            .any(|&c| bare(c) && matches!(g.rel(c), "amod" | "appos"))
}

/// A war or battle fought with no arms: "trade war", "tariff wars", "legal battle".
fn is_figurative_war(g: &Graph, p: usize) -> bool {
    if !matches!(g.lemma(p).as_str(), "war" | "battle" | "fight") || g.upos(p) != "NOUN" {
        return false;
    }
    g.children(p).iter().any(|&c| {
        matches!(g.rel(c), "compound" | "amod")
            && g.lemma(c).split('-').any(|w| {
                matches!(
                    w,
                    "trade"
                        | "tariff"
                        | "price"
                        | "currency"
                        | "culture"
                        | "word"
                        | "tech"
                        | "legal"
                        | "court"
                        | "political"
                        | "propaganda"
                        | "bidding"
                        | "custody"
                )
            })
    })
}

/// Matches dyad's own patterns on every predicate of a sentence.
fn match_own(g: &Graph, set: &PatternSet) -> Vec<Match> {
    let mut out = Vec::new();
    let title_case = is_title_case(g);
    for p in 0..g.len() {
        let kind = match g.upos(p) {
            "VERB" => PredKind::Verb,
            "NOUN" => PredKind::Noun,
            "ADJ" if g.has_kid(p, "cop") || g.rel(p) == "xcomp" => PredKind::Adj,
            "AUX" if g.lemma(p) == "have" || g.lemma(p) == "do" => PredKind::Verb,
            _ => continue,
        };
        if kind == PredKind::Noun && is_name_part(g, p, title_case) {
            continue;
        }
        if in_background_clause(g, p) || is_motion_idiom(g, p) || is_figurative_war(g, p) {
            continue;
        }
        if in_quoted_title(g, p) {
            continue;
        }
        // An event noun inside a prepositional phrase ("in the Russia-Ukraine war", "after
        // the attack") mostly recalls the background, not a new event: on the PLOVER and CAMEO
        // gold sets these were 15 extra events for each right one.
        let in_phrase = kind == PredKind::Noun && g.case_of(p).is_some();
        let undergone = in_phrase.then(|| undergone_event(g, p)).flatten();
        if in_phrase && undergone.is_none() {
            continue;
        }
        let lemma = g.lemma(p);
        let prt = particle(g, p);
        let mut cands = match &prt {
            Some(pt) if set.has(kind, &lemma, Some(pt)) => set.lookup(kind, &lemma, Some(pt)),
            _ => set.lookup(kind, &lemma, None),
        };
        // A verb with a particle we have no pattern for still counts as the bare verb, unless a
        // different particle changes its meaning and is listed.
        if cands.is_empty() && kind == PredKind::Verb && prt.is_none() {
            cands = set.lookup(kind, &lemma, None);
        }
        // An unseen verb's suffix rule may have dropped or added a final "e" ("telephoned" →
        // "telephon", "rioted" → "riote").
        if cands.is_empty() && kind == PredKind::Verb {
            let other = match lemma.strip_suffix('e') {
                Some(stem) => stem.to_string(),
                None => format!("{lemma}e"),
            };
            cands = set.lookup(kind, &other, prt.as_deref());
        }
        if let Some(mut m) = best_match(g, set, p, kind, cands) {
            if m.code == patterns::NO_EVENT {
                continue;
            }
            if let Some(u) = undergone {
                m.sources = u.sources;
                m.targets = u.targets;
                m.consumed.extend(u.verb);
            }
            out.push(m);
        }
    }
    out
}

/// Who undergoes an event noun in an "under" phrase, and the verb that carries it.
struct Undergone {
    sources: Vec<usize>,
    targets: Vec<usize>,
    verb: Option<usize>,
}

/// "Forces came under attack from X", "the minister is under fire", "police placed him under
/// arrest": the noun's event happens to the subject (or the object of "place"/"put"), done by
/// its "from"/"by" phrase. The carrying verb ("came") is no event of its own.
fn undergone_event(g: &Graph, p: usize) -> Option<Undergone> {
    if g.case_of(p).as_deref() != Some("under") {
        return None;
    }
    let from_or_by = prep_complements(g, p, &["from".into(), "by".into()]);
    // "is under attack": the phrase is the predicate, with a copula.
    if g.has_kid(p, "cop") {
        return Some(Undergone {
            sources: from_or_by,
            targets: subject_heads(g, p),
            verb: None,
        });
    }
    let v = g.head(p).filter(|&h| g.upos(h) == "VERB")?;
    let (sources, targets) = match g.lemma(v).as_str() {
        "come" | "remain" | "stay" | "fall" => (from_or_by, subject_heads(g, v)),
        // "placed him under arrest", "was placed under arrest by police".
        "place" | "put" | "keep" | "hold" => {
            let patient = if g.is_passive(v) {
                passive_patient(g, v)
            } else {
                object(g, v).into_iter().collect()
            };
            (subject_heads(g, v), patient)
        }
        _ => return None,
    };
    Some(Undergone {
        sources,
        targets,
        verb: Some(v),
    })
}

/// Nouns that name a share or a number of what their "of" phrase names ("part of its aid",
/// "a series of airstrikes", "a wave of arrests").
const PARTITIVES: &[&str] = &[
    "part",
    "some",
    "much",
    "all",
    "most",
    "half",
    "portion",
    "bulk",
    "rest",
    "share",
    "third",
    "quarter",
    "majority",
    "series",
    "wave",
    "string",
    "spate",
    "round",
    "flurry",
    "barrage",
    "volley",
    "number",
    "couple",
    "pair",
    "batch",
    "dozen",
    "hundred",
    "thousand",
    "lot",
    "slew",
    "raft",
    "succession",
    "campaign",
    // Measures and loads: "700 kg of medicine", "a shipment of arms", "$50,000 worth of goods".
    "amount",
    "quantity",
    "worth",
    "kg",
    "kilogram",
    "kilo",
    "ton",
    "tonne",
    "pound",
    "litre",
    "liter",
    "gallon",
    "barrel",
    "shipment",
    "consignment",
    "cargo",
    "load",
    "truckload",
    "planeload",
    "shipload",
    "convoy",
    "package",
    "parcel",
    "crate",
    "box",
    "bag",
    "sack",
    "stock",
    "stockpile",
    "supply",
    "delivery",
];

/// What a partitive or measure noun measures: "weapons" in "a shipment of weapons".
fn partitive_of(g: &Graph, o: usize) -> Option<usize> {
    if !PARTITIVES.contains(&g.lemma(o).as_str()) {
        return None;
    }
    g.kids_exact(o, "nmod")
        .find(|&n| g.case_of(n).as_deref() == Some("of"))
}

/// A pattern that fits a predicate, while the best one is chosen.
struct Candidate {
    score: u32,
    pattern: usize,
    /// Words of the object phrase the pattern names ("military aid": 2).
    object_words: usize,
    sources: Vec<usize>,
    targets: Vec<usize>,
}

fn best_match(
    g: &Graph,
    set: &PatternSet,
    p: usize,
    kind: PredKind,
    cands: &[usize],
) -> Option<Match> {
    let obj = if kind == PredKind::Verb {
        object(g, p)
    } else {
        None
    };
    let obj_lemmas: Vec<String> = obj
        .map(|o| {
            // "escalated its trade war": no war for the patterns, only the "trade war".
            let head = g.lemma(o);
            let mut v = if is_figurative_war(g, o) {
                vec![]
            } else {
                vec![head.clone()]
            };
            // "peace talks": also the compound, and the whole "peace talk"; "martial law",
            // "military aid": the adjective with its noun.
            for c in g.kids_exact(o, "compound").chain(g.kids_exact(o, "amod")) {
                v.push(format!("{} {}", g.lemma(c), head));
            }
            // A name as the object ("received Putin"): patterns say `obj=proper_name`.
            if g.upos(o) == "PROPN" {
                v.push("proper name".to_string());
            }
            // "a state of emergency", "freedom of movement": the noun with its "of" phrase.
            for n in g.kids_exact(o, "nmod") {
                if g.case_of(n).as_deref() == Some("of") {
                    v.push(format!("{} of {}", head, g.lemma(n)));
                }
            }
            // "suspended part of its aid programme": what the part is of.
            if let Some(n) = partitive_of(g, o) {
                v.push(g.lemma(n));
                for c in g.kids_exact(n, "compound") {
                    v.push(format!("{} {}", g.lemma(c), g.lemma(n)));
                }
            }
            v
        })
        .unwrap_or_default();
    let mut best: Option<Candidate> = None;
    for &i in cands {
        let pat = set.get(i);
        if pat.no_obj && obj.is_some() && kind == PredKind::Verb {
            continue;
        }
        if pat.needs_obj && obj.is_none() {
            continue;
        }
        if pat.active && g.is_passive(p) {
            continue;
        }
        if pat.no_xcomp && kind == PredKind::Verb && has_predicative(g, p, obj) {
            continue;
        }
        if names_object(g, p, obj) || asks_a_question(g, p) || asks_for_anonymity(g, obj) {
            continue;
        }
        if !pat.obj.is_empty() && !obj_lemmas.iter().any(|l| pat.obj.contains(l)) {
            continue;
        }
        if !pat.xcomp.is_empty() && !g.kids(p, "xcomp").any(|x| pat.xcomp.contains(&g.lemma(x))) {
            continue;
        }
        if !pat.prep.is_empty()
            && prep_complements(g, p, &pat.prep).is_empty()
            && !has_prep_clause(g, p, &pat.prep)
        {
            continue;
        }
        if !pat.subj.is_empty() && !subject_has(g, p, &pat.subj) {
            continue;
        }
        if !pat.topics.is_empty() {
            let words = topic_words(g, p);
            if !pat
                .topics
                .iter()
                .all(|t| t.iter().any(|w| words.contains(w)))
            {
                continue;
            }
        }
        let mut sources = Vec::new();
        let mut targets = Vec::new();
        if !pat.src.is_empty() {
            sources = prep_complements(g, p, &pat.src);
            if sources.is_empty() {
                continue;
            }
            targets = subject_heads(g, p);
        }
        if !pat.to.is_empty() {
            targets = prep_complements(g, p, &pat.to);
            if targets.is_empty() {
                if let Some(o) = obj {
                    targets = prep_complements(g, o, &pat.to);
                }
            }
            if targets.is_empty() {
                continue;
            }
        }
        let score = pat.specificity();
        // Of two patterns as specific, the one that names more of the object ("cut military
        // aid" is 1622 before "cut aid" 162), then the one whose object list is narrower
        // ("withdraw peacekeepers" over "withdraw troops, forces, peacekeepers, …").
        let object_words = obj_lemmas
            .iter()
            .filter(|l| pat.obj.contains(l))
            .map(|l| l.split(' ').count())
            .max()
            .unwrap_or(0);
        let narrower = |b: usize| {
            let (mine, theirs) = (pat.obj.len(), set.get(b).obj.len());
            mine > 0 && theirs > 0 && mine < theirs
        };
        if best.as_ref().is_none_or(|b| {
            score > b.score
                || score == b.score
                    && (object_words > b.object_words
                        || object_words == b.object_words && narrower(b.pattern))
        }) {
            best = Some(Candidate {
                score,
                pattern: i,
                object_words,
                sources,
                targets,
            });
        }
    }
    let Candidate {
        pattern: i,
        mut sources,
        mut targets,
        ..
    } = best?;
    let pat = set.get(i);
    let mut consumed = Vec::new();
    // A gerund with a possessor is a noun, whatever the tagger says: "the commander's killing".
    let gerund = kind == PredKind::Verb && g.tok(p).xpos == "VBG" && obj.is_none();
    let undergoer = (kind == PredKind::Noun || gerund)
        .then(|| possessor_undergoes(g, p))
        .flatten();
    if pat.src.is_empty() {
        sources = match (kind, undergoer) {
            // "al-Baghdadi's killing by US forces": the doer is only the "by" phrase.
            (_, Some(_)) => agent(g, p).into_iter().collect(),
            (PredKind::Noun, None) => noun_source(g, p),
            _ => subject_heads(g, p),
        };
    }
    if let Some(u) = undergoer {
        if targets.is_empty() {
            targets = vec![u];
        }
    }
    // "tariffs targeting Canada", "sanctions aimed at Russia": a participle saying whom the
    // noun's event is aimed at is no event of its own.
    let aimed = match kind {
        PredKind::Noun => Some(p),
        _ => obj.filter(|_| !pat.obj.is_empty()),
    }
    .and_then(|n| aimed_participle(g, n));
    if targets.is_empty() && pat.src.is_empty() {
        targets = default_targets(g, p, kind, !pat.obj.is_empty(), obj);
        if targets.is_empty() {
            if let Some((_, aimed_at)) = &aimed {
                targets = aimed_at.clone();
            }
        }
        // "burned an Israeli flag", "expelled Russian diplomats": with no prepositional target,
        // the constrained object names the target through its modifiers.
        if targets.is_empty() && !pat.obj.is_empty() {
            targets.extend(obj);
        }
    }
    if !pat.obj.is_empty() {
        if let Some(o) = obj {
            consumed.push(o);
        }
    }
    if let Some((verb, _)) = aimed {
        consumed.push(verb);
    }
    // "refused to meet the king", "declined to release the prisoners": the pattern names the
    // complement, so the refusal is the event and the complement is not coded again; whom the
    // complement is done to is the refusal's target.
    if !pat.xcomp.is_empty() {
        if let Some(x) = g
            .kids(p, "xcomp")
            .find(|&x| pat.xcomp.contains(&g.lemma(x)))
        {
            consumed.push(x);
            if targets.is_empty() {
                let inner = best_match(
                    g,
                    set,
                    x,
                    PredKind::Verb,
                    set.lookup(PredKind::Verb, &g.lemma(x), None),
                );
                targets = match inner {
                    Some(m) if !m.targets.is_empty() => m.targets,
                    _ => default_targets(g, x, PredKind::Verb, false, object(g, x)),
                };
            }
        }
    }
    if matches!(&pat.code[..2], "06" | "07") {
        if let Some(b) = beneficiary(g, p) {
            targets = vec![b];
        }
    }
    Some(Match {
        pred: p,
        code: pat.code.clone(),
        rule: pat.id.clone(),
        sources,
        targets,
        statement: pat.statement,
        consumed,
        patient_object: obj.filter(|_| !pat.obj.is_empty() && pat.to.is_empty()),
    })
}

/// Lemmas (and "compound head" and "adjective head" pairs) of the predicate's dependents,
/// three levels down, not counting its subject.
fn topic_words(g: &Graph, p: usize) -> HashSet<String> {
    let mut out = HashSet::new();
    let mut frontier = vec![p];
    for _ in 0..3 {
        let mut next = Vec::new();
        for &n in &frontier {
            for &c in g.children(n) {
                let r = g.rel(c);
                // Clauses beside the predicate ("rejected the criticism, saying the exercises
                // were routine") are other events, not its topic.
                // An infinitive of purpose still says what the predicate is about ("called on
                // both sides to show restraint").
                // So does a participle that voices the aim ("blocked roads demanding that he be
                // reinstated").
                let purpose = g.kids_exact(c, "mark").any(|m| g.lemma(m) == "to")
                    || g.tok(c).xpos == "VBG"
                        && matches!(
                            g.lemma(c).as_str(),
                            "demand" | "call" | "urge" | "press" | "seek" | "protest" | "insist"
                        );
                let side_clause = r.starts_with("advcl") && !purpose
                    || r.starts_with("parataxis")
                    || r.starts_with("conj")
                    || r == "cc";
                if n == p
                    && (r.starts_with("nsubj")
                        || r.starts_with("csubj")
                        || r == "punct"
                        || side_clause)
                {
                    continue;
                }
                let l = g.lemma(c);
                for k in g.kids_exact(c, "compound").chain(g.kids_exact(c, "amod")) {
                    out.insert(format!("{} {}", g.lemma(k), l));
                }
                for k in g.kids_exact(c, "compound:prt") {
                    out.insert(format!("{} {}", l, g.lemma(k)));
                }
                out.insert(l);
                next.push(c);
            }
        }
        frontier = next;
    }
    out
}

/// A participle under an event noun that aims it: "targeting X" (its object), "aimed at X",
/// "directed at/against X". Returns the participle and whom it names.
fn aimed_participle(g: &Graph, p: usize) -> Option<(usize, Vec<usize>)> {
    g.kids(p, "acl").find_map(|v| {
        let aimed = match g.lemma(v).as_str() {
            "target" => object(g, v).into_iter().collect(),
            "aim" | "direct" => prep_complements(g, v, &["at".to_string(), "against".to_string()]),
            _ => return None,
        };
        Some((v, aimed))
    })
}

fn default_targets(
    g: &Graph,
    p: usize,
    kind: PredKind,
    light: bool,
    obj: Option<usize>,
) -> Vec<usize> {
    let preps: Vec<String> = match kind {
        PredKind::Noun | PredKind::Adj => NOUN_TARGET_PREPS.iter().map(|s| s.to_string()).collect(),
        PredKind::Verb => DEFAULT_TARGET_PREPS.iter().map(|s| s.to_string()).collect(),
    };
    if kind == PredKind::Verb {
        if !light {
            if let Some(o) = obj {
                return vec![o];
            }
        }
        if let Some(i) = g.kids_exact(p, "iobj").next() {
            return vec![i];
        }
        if light {
            // "sent a shipment of weapons to Ukraine": the recipient may hang on the
            // measured noun.
            for n in obj
                .into_iter()
                .flat_map(|o| std::iter::once(o).chain(partitive_of(g, o)))
            {
                let t = prep_complements(g, n, &preps);
                if !t.is_empty() {
                    return t;
                }
            }
        }
    }
    prep_complements(g, p, &preps).into_iter().take(1).collect()
}

/// Event nouns whose possessor undergoes the event when no "of" phrase names the patient:
/// "the leader's killing", "the journalist's arrest", but "Russia's arrest of two spies".
const PATIENT_NOUNS: &[&str] = &[
    "killing",
    "assassination",
    "murder",
    "execution",
    "arrest",
    "detention",
    "imprisonment",
    "jailing",
    "abduction",
    "kidnapping",
    "capture",
    "torture",
    "beheading",
    "expulsion",
    "deportation",
    "extradition",
    "ouster",
    "overthrow",
    "release",
    "rescue",
    "sentencing",
    "conviction",
    "indictment",
    "prosecution",
    "impeachment",
    "dismissal",
];

/// The possessor of an event noun that happens to it ("the commander's killing").
fn possessor_undergoes(g: &Graph, p: usize) -> Option<usize> {
    let known = PATIENT_NOUNS.contains(&g.lemma(p).as_str())
        || PATIENT_NOUNS.contains(&g.form_lower(p).as_str());
    if !known
        || g.children(p)
            .iter()
            .any(|&n| g.rel(n).starts_with("nmod") && g.case_of(n).as_deref() == Some("of"))
    {
        return None;
    }
    g.kids_exact(p, "nmod:poss").next()
}

/// Meetings and accords, which a city name before them places rather than makes.
const VENUE_NOUNS: &[&str] = &[
    "talk",
    "talks",
    "negotiation",
    "meeting",
    "summit",
    "conference",
    "round",
    "dialogue",
    "consultation",
    "agreement",
    "accord",
    "deal",
    "treaty",
    "pact",
    "process",
    "declaration",
    "protocol",
    "format",
];

/// Whether `c`, a modifier of the noun `n`, is a city where a meeting or an accord `n` took
/// place ("the Madrid talks", "the Minsk agreement").
fn is_venue(g: &Graph, n: usize, c: usize) -> bool {
    g.rel(c) == "compound" && VENUE_NOUNS.contains(&g.lemma(n).as_str()) && g.is_city_word(c)
}

/// Source of an event noun: its possessor ("Russia's attack"), an adjective or compound naming
/// an actor ("the Russian invasion", "US sanctions"), or a "by" phrase.
fn noun_source(g: &Graph, p: usize) -> Vec<usize> {
    if let Some(s) = g.kids_exact(p, "nmod:poss").next() {
        return vec![s];
    }
    for rel in ["amod", "compound"] {
        if let Some(s) = g.kids_exact(p, rel).find(|&c| {
            matches!(g.upos(c), "PROPN" | "ADJ")
                && g.tok(c).form.chars().next().is_some_and(char::is_uppercase)
                && !is_venue(g, p, c)
        }) {
            return vec![s];
        }
    }
    g.kids(p, "nmod")
        .filter(|&n| g.case_of(n).as_deref() == Some("by"))
        .take(1)
        .collect()
}

/// Fills date, place, quote and citation from what earlier stages found in the same sentence.
/// State sectors that act at home: whom they police, govern, try or legislate for is of their
/// country unless said otherwise.
const DOMESTIC_SECTORS: &[&str] = &["GOV", "COP", "JUD", "LEG"];

/// Roles whose country a domestic state actor implies ("Egyptian police dispersed
/// demonstrators": Egyptian demonstrators). Refugees, migrants and the military are left out:
/// they are often foreign to the state acting on them.
const DOMESTIC_ROLES: &[&str] = &[
    "CVL", "OPP", "REB", "SEP", "CRM", "LAB", "EDU", "BUS", "HLH", "PTY", "REL", "COP", "GOV",
    "JUD", "LEG", "ELI", "UAF", "SPY", "AGR",
];

/// The entity behind an event actor and its actor code, when the event kept that code (not
/// one changed since, such as a country taken from another actor).
fn entity_actor_code<'d>(doc: &'d Doc, a: &EventActor) -> Option<(&'d Entity, &'d ActorCode)> {
    let ent = doc.entities.get(a.entity?)?;
    let code = ent.actor.as_ref()?;
    (a.code.as_deref() == Some(code.code.as_str())).then_some((ent, code))
}

/// A role-only actor ("demonstrators" → CVL) facing a domestic state actor of one country
/// ("Egyptian police" → EGYCOP) takes that country, and says so in `country_from`. Not in
/// statements, whose target is only their topic ("analysts say Ankara …"), and not for the
/// press ("told reporters"), which is often foreign.
fn share_domestic_country(doc: &Doc, e: &mut Event) {
    if e.root == "01" {
        return;
    }
    let domestic_country = |a: &EventActor| {
        let sectors = &doc.entities.get(a.entity?)?.actor.as_ref()?.sectors;
        sectors
            .iter()
            .any(|s| DOMESTIC_SECTORS.contains(&s.as_str()))
            .then(|| entity_country(doc, a))
            .flatten()
    };
    let role_only = |a: &EventActor| is_role_only(doc, a);
    let (Some(src), Some(tgt)) = (e.source.as_mut(), e.target.as_mut()) else {
        return;
    };
    let (from, to) = if role_only(tgt) {
        (&*src, tgt)
    } else if role_only(src) {
        (&*tgt, src)
    } else {
        return;
    };
    let Some(country) = domestic_country(from) else {
        return;
    };
    if let Some(code) = to.code.as_mut() {
        *code = format!("{country}{code}");
        to.country_from = Some(format!(
            "the country of {} ({}), a domestic state actor",
            from.text,
            from.code.as_deref().unwrap_or_default()
        ));
    }
}

/// The country of an event actor coded from its entity: the entity's, or another of
/// coordinated nationalities with the same sector ("Kenyan and Ugandan police" → KENCOP and
/// UGACOP, both from the entity "Ugandan police").
fn entity_country(doc: &Doc, a: &EventActor) -> Option<String> {
    let entity_code = doc.entities.get(a.entity?)?.actor.as_ref()?;
    let sector = entity_code
        .code
        .strip_prefix(entity_code.country.as_deref()?)?;
    let country = a.code.as_deref()?.strip_suffix(sector)?;
    (country.len() == 3).then(|| country.to_string())
}

/// An actor coded by role alone ("demonstrators" → CVL), with no country, whose roles are
/// all of the kind that belongs where it is ([`DOMESTIC_ROLES`]).
fn is_role_only(doc: &Doc, a: &EventActor) -> bool {
    entity_actor_code(doc, a).is_some_and(|(_, c)| {
        c.country.is_none()
            && !c.sectors.is_empty()
            && c.sectors
                .iter()
                .all(|s| DOMESTIC_ROLES.contains(&s.as_str()))
    })
}

/// Prepositions that put an event in a place ("in Gaza", "across the West Bank").
const LOCATIVES: &[&str] = &[
    "in",
    "at",
    "near",
    "across",
    "throughout",
    "outside",
    "inside",
    "around",
];

/// "Troops killed two civilians in Gaza", "students throughout Indonesia staged protests":
/// an actor coded by role alone takes the country of the place the sentence says the event
/// happens in (a locative phrase), and says so in `country_from`.
fn place_role_country(doc: &Doc, e: &mut Event) {
    let pred = e.evidence.predicate_start;
    // The locative place nearest the predicate (the event's `place` may be an apposition:
    // "in East Timor's capital Dili").
    let place = locative_places(doc, e.sentence).min_by_key(|p| p.start.abs_diff(pred));
    let Some((place, Some(country))) = place.map(|p| (p, p.country.as_deref())) else {
        return;
    };
    // Governments, lawmakers and courts named by role alone are often several
    // countries' ("governments continue climate talks in Madrid").
    let state_role = |a: &EventActor| {
        entity_actor_code(doc, a).is_some_and(|(_, c)| {
            c.sectors
                .iter()
                .any(|s| matches!(s.as_str(), "GOV" | "LEG" | "JUD" | "ELI" | "SPY"))
        })
    };
    for a in [e.source.as_mut(), e.target.as_mut()].into_iter().flatten() {
        if !is_role_only(doc, a) || state_role(a) {
            continue;
        }
        if let Some(code) = a.code.as_mut() {
            *code = format!("{country}{code}");
            a.country_from = Some(format!("where it happens ({})", place.text));
        }
    }
}

/// The places of a sentence with a known country that it puts something in ("in Gaza",
/// "across southern Lebanon"), not names of times.
fn locative_places(doc: &Doc, sentence: usize) -> impl Iterator<Item = &dyad_model::Place> {
    let span = doc.sentences.get(sentence).map_or(0..0, |s| s.start..s.end);
    doc.places
        .iter()
        .filter(move |p| p.start >= span.start && p.end <= span.end && p.country.is_some())
        .filter(|p| !is_time_word(&p.text.to_lowercase()))
        .filter(move |p| is_locative_place(doc, sentence, p.start, p.end))
}

/// Whether the place mention `start..end` follows a locative preposition (perhaps with "the"
/// between) and is no modifier of a noun after it ("near the Cameroon border").
fn is_locative_place(doc: &Doc, sentence: usize, start: usize, end: usize) -> bool {
    let Some(tokens) = doc.sentences.get(sentence).map(|s| &s.tokens) else {
        return false;
    };
    let Some(i) = tokens.iter().position(|t| t.start == start) else {
        return false;
    };
    // The word after the place; a possessive ("in East Timor's capital") is still where it is.
    let after = tokens[i..]
        .iter()
        .find(|t| t.start >= end || t.upos == "PART");
    let modifier = after.is_some_and(|t| matches!(t.upos.as_str(), "NOUN" | "PROPN"));
    if modifier {
        return false;
    }
    let before: Vec<String> = tokens[..i]
        .iter()
        .rev()
        .take(2)
        .map(|t| t.form.to_lowercase())
        .collect();
    match before.as_slice() {
        // "in the north of", no; "in southern Lebanon", "across the eastern Donbas", yes.
        [compass, prep, ..] if COMPASS.contains(&compass.as_str()) => {
            LOCATIVES.contains(&prep.as_str())
                || prep == "the"
                    && tokens[..i]
                        .iter()
                        .rev()
                        .nth(2)
                        .is_some_and(|t| LOCATIVES.contains(&t.form.to_lowercase().as_str()))
        }
        [the, prep, ..] if the == "the" => LOCATIVES.contains(&prep.as_str()),
        [prep, ..] => LOCATIVES.contains(&prep.as_str()),
        [] => false,
    }
}

/// Adjectives of direction between a locative preposition and its place.
const COMPASS: &[&str] = &[
    "northern",
    "southern",
    "eastern",
    "western",
    "north",
    "south",
    "east",
    "west",
    "northeastern",
    "northwestern",
    "southeastern",
    "southwestern",
    "central",
];

/// "Israeli warplanes struck targets in southern Lebanon": an attack or fighting with no
/// actor attacked is aimed at the country where it happens, when that is not the attacker's
/// own (a government fighting at home is fighting someone the text does not name).
fn attacked_place_country(doc: &Doc, e: &mut Event) {
    if e.target.is_some() || !matches!(e.root.as_str(), "18" | "19" | "20") {
        return;
    }
    // The attacker's country: its entity's, or one a rule gave it; a role alone ("forces"
    // → MIL) has none, and then nothing says the place is not its own.
    let Some(source_country) = e.source.as_ref().and_then(|a| {
        let given = a
            .country_from
            .as_ref()
            .and_then(|_| a.code.as_deref()?.get(..3).map(str::to_string));
        entity_country(doc, a).or(given)
    }) else {
        return;
    };
    let pred = e.evidence.predicate_start;
    let place = locative_places(doc, e.sentence)
        .filter(|p| p.start > pred)
        .min_by_key(|p| p.start - pred);
    let Some((place, country)) = place.and_then(|p| Some((p, p.country.clone()?))) else {
        return;
    };
    if country == source_country {
        return;
    }
    e.target = Some(EventActor {
        text: place.text.clone(),
        code: Some(country),
        start: place.start,
        end: place.end,
        entity: None,
        country_from: Some(format!("where the attack happens ({})", place.text)),
    });
}

/// State sectors: actors that protest only in words (coded 11x, not 14x), so a protest they
/// stage has no implied domestic target.
const STATE_SECTORS: &[&str] = &["GOV", "MIL", "COP", "JUD", "LEG", "SPY"];

/// "Russia shelled Kharkiv": a town or region that is the target stands for its country when
/// it has no actor code of its own (the places stage found where it is).
fn place_target_country(doc: &Doc, e: &mut Event) {
    let Some(t) = e.target.as_mut().filter(|t| t.code.is_none()) else {
        return;
    };
    let place = doc
        .places
        .iter()
        .find(|p| p.start >= t.start && p.end == t.end);
    if let Some((country, name)) = place.and_then(|p| Some((p.country.clone()?, p.name.clone()))) {
        t.code = Some(country);
        t.country_from = Some(format!("the place {name} is in this country"));
    }
}

fn implied_protest_target(doc: &Doc, e: &mut Event) {
    if e.root != "14" || e.target.is_some() {
        return;
    }
    let Some(src) = &e.source else {
        return;
    };
    let Some((entity, code)) = entity_actor_code(doc, src) else {
        return;
    };
    // A demonym stands for the people ("Algerians", "Algerian landowners"); a place name
    // without a role for the state.
    let is_country_name = code.sectors.is_empty() && entity.label != "NORP";
    if is_country_name
        || code
            .sectors
            .iter()
            .any(|s| STATE_SECTORS.contains(&s.as_str()))
    {
        return;
    }
    let place = e
        .place
        .and_then(|i| doc.places.get(i))
        .and_then(|p| Some((p.country.as_deref()?, p.text.as_str())));
    let (country, why) = match (place, code.country.as_deref()) {
        (Some((country, text)), _) => (country, format!("where it happens ({text})")),
        (None, Some(country)) => (country, format!("of the protesters ({})", src.text)),
        (None, None) => return,
    };
    e.target = Some(EventActor {
        text: String::new(),
        code: Some(format!("{country}GOV")),
        start: e.evidence.predicate_start,
        end: e.evidence.predicate_start,
        entity: None,
        country_from: Some(format!(
            "implied: a protest without a named target is aimed at the government of the country {why}"
        )),
    });
}

fn link_context(doc: &Doc, e: &mut Event) {
    let Some(sentence) = doc.sentences.get(e.sentence) else {
        return;
    };
    let (ss, se) = (sentence.start, sentence.end);
    let pred = (e.evidence.predicate_start + e.evidence.predicate_end) / 2;
    let near = |s: usize, en: usize| {
        (s as isize - pred as isize).abs() + (en as isize - pred as isize).abs()
    };
    let date = doc
        .dates
        .iter()
        .enumerate()
        .filter(|(_, d)| d.start >= ss && d.end <= se && !d.date.is_empty())
        .min_by_key(|(_, d)| near(d.start, d.end));
    e.date = match date {
        Some((i, d)) => Some(EventDate {
            date: d.date.clone(),
            mention: Some(i),
            source: "phrase".into(),
        }),
        None => doc.article.published.as_ref().and_then(|p| {
            let day: String = p.chars().take(10).collect();
            (day.len() == 10).then(|| EventDate {
                date: day,
                mention: None,
                source: "publication".into(),
            })
        }),
    };
    let actor_spans: Vec<(usize, usize)> = [&e.source, &e.target]
        .into_iter()
        .flatten()
        .map(|a| (a.start, a.end))
        .collect();
    e.place = doc
        .places
        .iter()
        .enumerate()
        .filter(|(_, p)| p.start >= ss && p.end <= se)
        .filter(|(_, p)| {
            !actor_spans
                .iter()
                .any(|&(s, en)| p.start >= s && p.end <= en)
        })
        .min_by_key(|(_, p)| near(p.start, p.end))
        .map(|(i, _)| i);
    let ps = e.evidence.predicate_start;
    let pe = e.evidence.predicate_end;
    if e.quote.is_none() {
        e.quote = doc.quotes.iter().position(|q| q.start <= ps && pe <= q.end);
        if e.quote.is_some() {
            e.modality.reported = true;
        }
    }
    e.citation = doc
        .citations
        .iter()
        .position(|c| c.claim_start <= ps && pe <= c.claim_end)
        .or_else(|| e.quote.and_then(|q| doc.quotes[q].citation));
    if e.citation.is_some() {
        e.modality.reported = true;
    }
}

/// Whether a modality marks the event as not (yet) having happened.
pub fn is_flagged(m: &Modality) -> bool {
    !m.is_factual()
}

/// Lemmas treated as speech verbs (their complements are reported).
pub fn is_speech_verb(lemma: &str) -> bool {
    is_speech_lemma(lemma)
}

#[cfg(test)]
mod tests;
