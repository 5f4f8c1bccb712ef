//! Actor coding and coreference: entities and coreference chains get CAMEO actor codes (country
//! + sectors) from our dictionaries.
//!
//! - `dict`: the dictionaries in memory (named entries with date-ranged codes, role nouns);
//! - `tsv`: loaders for dyad's own dictionary files in `data/actors/` (embedded);
//! - `petrarch`: loaders for PETRARCH `.actors` / `agents` files, which replace the defaults;
//! - `coding`: coding one mention with its noun phrase ("Georgian police" → GEOCOP);
//! - `coref`: pronouns, partial names and descriptions linked to the mention they refer to.

mod coding;
pub(crate) use coding::is_role;
pub(crate) use coding::is_thing_name_head;
mod coref;
pub mod dict;
pub mod petrarch;
pub mod tsv;
mod words;

use std::collections::HashMap;
use std::path::Path;

use dyad_model::{ActorCode, Doc, Entity};

use crate::CoderError;
use dict::{parse_day, phrase_key, Day, Dictionaries, EntryKind, Gender};
use tsv::DescriptorTarget;
use words::Word;

/// Loaded actor dictionaries; codes every entity of a document and links coreference chains.
#[derive(Debug, Clone, Default)]
pub struct ActorCoder {
    dict: Dictionaries,
    descriptors: HashMap<String, DescriptorTarget>,
    first_names: HashMap<String, Gender>,
    /// Person nouns without a role ("woman", "witness") and their gender.
    person_nouns: HashMap<String, Option<Gender>>,
}

/// Counts of what the dictionaries hold, for reports and tests.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DictionaryStats {
    pub persons: usize,
    pub countries: usize,
    pub regions: usize,
    pub organisations: usize,
    pub outlets: usize,
    pub agents: usize,
    pub phrases: usize,
}

impl ActorCoder {
    /// The dictionaries shipped inside the binary (`crates/coder/data/actors/`).
    pub fn load_default() -> Result<Self, CoderError> {
        Ok(ActorCoder {
            dict: tsv::load_default()?,
            descriptors: tsv::load_descriptors("descriptors.tsv", tsv::DESCRIPTORS)?,
            first_names: tsv::load_first_names("first_names.tsv", tsv::FIRST_NAMES)?,
            person_nouns: tsv::load_person_nouns("person_nouns.tsv", tsv::PERSON_NOUNS)?,
        })
    }

    /// Dictionaries from PETRARCH files: `actor_files` replace our countries, regions,
    /// organisations and persons (our outlet list stays, for citations); `agents_file`, when
    /// given, replaces our role nouns.
    pub fn from_petrarch<P: AsRef<Path>>(
        actor_files: &[P],
        agents_file: Option<&Path>,
    ) -> Result<Self, CoderError> {
        let mut dict = Dictionaries::default();
        for f in actor_files {
            petrarch::load_actors_file(&mut dict, f.as_ref())?;
        }
        tsv::load_default_outlets(&mut dict)?;
        match agents_file {
            Some(p) => petrarch::load_agents_file(&mut dict, p)?,
            None => tsv::load_agents(&mut dict, "agents.tsv", tsv::AGENTS)?,
        }
        dict.index_surnames();
        Ok(ActorCoder {
            dict,
            descriptors: tsv::load_descriptors("descriptors.tsv", tsv::DESCRIPTORS)?,
            first_names: tsv::load_first_names("first_names.tsv", tsv::FIRST_NAMES)?,
            person_nouns: tsv::load_person_nouns("person_nouns.tsv", tsv::PERSON_NOUNS)?,
        })
    }

    pub fn stats(&self) -> DictionaryStats {
        let mut s = DictionaryStats {
            agents: self.dict.agents.len(),
            phrases: self.dict.forms.len(),
            ..DictionaryStats::default()
        };
        let mut countries = std::collections::HashSet::new();
        let mut regions = std::collections::HashSet::new();
        let mut orgs = std::collections::HashSet::new();
        let mut outlets = std::collections::HashSet::new();
        for e in &self.dict.entries {
            let code = e.terms.first().map(|t| t.code.clone()).unwrap_or_default();
            match e.kind {
                EntryKind::Person => s.persons += 1,
                EntryKind::Country => {
                    countries.insert(code);
                }
                EntryKind::Region => {
                    regions.insert(e.name.clone());
                }
                EntryKind::Organisation | EntryKind::Group => {
                    orgs.insert(e.name.clone());
                }
                EntryKind::Outlet => {
                    outlets.insert(e.name.clone());
                }
                _ => {}
            }
        }
        s.countries = countries.len();
        s.regions = regions.len();
        s.organisations = orgs.len();
        s.outlets = outlets.len();
        s
    }

    /// The code of a news outlet by name ("Bloomberg" → USAMED, "TASS" → RUSMED).
    pub fn lookup_outlet(&self, name: &str) -> Option<ActorCode> {
        let key = phrase_key(name.trim().trim_end_matches(['.', ',']));
        let idx = *self.dict.outlets.get(&key)?;
        let e = &self.dict.entries[idx];
        let (code, _, _) = e.code_on(None)?;
        Some(ActorCode {
            country: dict::country_of(&code).map(str::to_string),
            sectors: coding::sectors_of(&code),
            code,
            name: Some(e.name.clone()),
            rule: format!("{}:{}", coding::short_source(&e.source), e.name),
        })
    }

    /// Codes a name or short phrase on its own ("Vladimir Putin", "Georgian police", "the
    /// Kremlin"), on `date` (`YYYY-MM-DD`; `None` = the latest entries).
    pub fn lookup(&self, phrase: &str, date: Option<&str>) -> Option<ActorCode> {
        let day = date.and_then(parse_day);
        let words = words::fallback_words(phrase);
        let mut doc = Doc::default();
        doc.article.text = phrase.to_string();
        let mut coded = self.code_words(&doc, &words, day, &mut Vec::new());
        coded.sort_by_key(|e| std::cmp::Reverse(e.end - e.start));
        coded.into_iter().find_map(|e| e.actor)
    }

    /// Who held an office ("head_of_state", "head_of_government", "foreign_minister",
    /// "defence_minister") in a country on a date: "president of Russia" on 2008-06-01 → Medvedev.
    pub fn office_holder(
        &self,
        country: &str,
        office: &str,
        date: Option<&str>,
    ) -> Option<ActorCode> {
        let day = date.and_then(parse_day);
        let mut best: Option<(u32, usize, &dict::Term)> = None;
        for (i, e) in self.dict.entries.iter().enumerate() {
            if e.kind != EntryKind::Person {
                continue;
            }
            for t in &e.terms {
                if t.office.as_deref() != Some(office) || dict::country_of(&t.code) != Some(country)
                {
                    continue;
                }
                let ok = match day {
                    Some(d) => t.covers(d),
                    None => t.to.is_none(),
                };
                let rank = t.from.unwrap_or(0) + u32::from(e.priority) * 100_000_000;
                if ok && best.is_none_or(|(r, _, _)| rank > r) {
                    best = Some((rank, i, t));
                }
            }
        }
        let (_, i, t) = best?;
        let e = &self.dict.entries[i];
        Some(ActorCode {
            code: t.code.clone(),
            country: Some(country.to_string()),
            sectors: coding::sectors_of(&t.code),
            name: Some(e.name.clone()),
            rule: format!("{}:{} ({office})", coding::short_source(&e.source), e.name),
        })
    }

    /// Whether a lone surname coded as a dictionary person belongs to someone else: the
    /// document names people with that surname, none with the dictionary person's given name;
    /// or the word before it is a capitalised name of its own the NER left out ("Water Lee", a
    /// consultant, is not Lee Jae-myung), no title, or joins it with a hyphen ("Casey
    /// Dexter-Lee").
    fn surname_of_someone_else(
        &self,
        coded: &coding::Coded,
        words: &[Word],
        (ws, we): (usize, usize),
        given_names: &HashMap<String, Vec<String>>,
    ) -> bool {
        let names: Vec<&Word> = words[ws..we]
            .iter()
            .filter(|w| !w.is_possessive())
            .collect();
        let (Some(entry), [word]) = (coded.person_entry, names.as_slice()) else {
            return false;
        };
        if !coded.by_surname {
            return false;
        }
        let key = phrase_key(&self.dict.entries[entry].name);
        let own_given = key.split(' ').next().unwrap_or_default();
        let named_otherwise = given_names
            .get(&word.norm)
            .is_some_and(|given| !given.iter().any(|g| g == own_given));
        let before = ws
            .checked_sub(1)
            .map(|i| (i, &words[i]))
            .filter(|(_, w)| w.sentence == word.sentence && word.start.saturating_sub(w.end) <= 1);
        let other_name = before.is_some_and(|(i, w)| {
            let hyphen = w.text == "-" && w.end == word.start;
            let given = matches!(w.upos.as_str(), "PROPN" | "NOUN")
                && w.is_capitalised()
                // "Mr. Lee", "Dr Lee": an honorific is no given name.
                && !dyad_model::lexicon::is_person_honorific(&w.norm)
                && self.dict.agent_at(words, i).is_none()
                && !key.split(' ').any(|k| k == w.norm);
            hyphen || given
        });
        named_otherwise || other_name
    }

    /// Whether a place's name inside a person's name is part of the name, not the place: a
    /// country or region used as a given name ("Chad Smith", "Jordan Peterson") or a surname
    /// ("Christopher Columbus", "Whitney Houston") — next to a capitalised word that is no
    /// role noun, no dictionary name and no possessive — or a person named as a city alone
    /// ("Houston said": our province and city list is derived, the NER's label decides).
    fn place_in_persons_name(
        &self,
        label: &str,
        words: &[Word],
        (ws, we): (usize, usize),
        day: Option<Day>,
    ) -> bool {
        if !label.starts_with("PER") {
            return false;
        }
        // "Dara's work": the possessive is no part of the name.
        let we = if we > ws + 1 && words[we - 1].is_possessive() {
            we - 1
        } else {
            we
        };
        let other_name = |k: usize| {
            words[k].is_capitalised()
                && !words[k].is_possessive()
                && self.dict.agent_at(words, k).is_none()
                && self.dict.named_at(words, k, day).is_none()
        };
        let place = |m: &coding::NamedMatch| self.dict.entries[m.entry].kind.names_a_location();
        let first = self.dict.named_at(words, ws, day).filter(place);
        if let Some(m) = first {
            let derived = self.dict.entries[m.entry]
                .source
                .starts_with(tsv::SUBDIVISIONS);
            if (m.end == we && derived) || (m.end < we && other_name(m.end)) {
                return true;
            }
        }
        (ws + 1..we).any(|s| {
            self.dict
                .named_at(words, s, day)
                .filter(place)
                .is_some_and(|m| m.end == we && other_name(s - 1))
        })
    }

    /// "The Senate of Poland", "the Congress of Colombia": a seat of government named for
    /// one country ("Senate" is the US Senate) followed by "of" another place — after the
    /// mention or inside it — is that place's institution of the same role (POLLEG).
    fn seat_of_place(
        &self,
        mut c: coding::Coded,
        words: &[Word],
        (ws, we): (usize, usize),
        day: Option<Day>,
    ) -> coding::Coded {
        let Some(seat) = self
            .dict
            .named_at(words, ws, day)
            .filter(|m| self.dict.entries[m.entry].kind == EntryKind::Seat)
        else {
            return c;
        };
        let of = seat.end;
        if of > we || words.get(of).is_none_or(|w| w.norm != "of") {
            return c;
        }
        let Some(place) = self
            .dict
            .named_at(words, of + 1, day)
            .filter(|p| of == we || p.end == we)
        else {
            return c;
        };
        let entry = &self.dict.entries[place.entry];
        let Some(country) = entry.country_on(day).filter(|_| entry.kind.names_a_place()) else {
            return c;
        };
        let Some((seat_code, _, _)) = self.dict.entries[seat.entry].code_on(day) else {
            return c;
        };
        if self.dict.entries[seat.entry].country_on(day).as_ref() == Some(&country)
            || words[of + 1].sentence != words[ws].sentence
        {
            return c;
        }
        let code = format!("{country}{}", seat_code.get(3..).unwrap_or(""));
        c.actor = ActorCode {
            sectors: coding::sectors_of(&code),
            country: Some(country),
            rule: format!(
                "{}:{} of {}:{}",
                coding::short_source(&self.dict.entries[seat.entry].source),
                self.dict.entries[seat.entry].name,
                coding::short_source(&entry.source),
                entry.name
            ),
            code,
            name: Some(entry.name.clone()),
        };
        c
    }

    /// Codes every entity of the document, adds mentions the NER missed (dictionary actors,
    /// "Georgian police", pronouns, "the president"), and links coreference chains.
    pub fn code(&self, doc: &mut Doc) {
        let words = words::words_of(doc);
        if words.is_empty() {
            return;
        }
        let day = doc.article.published.as_deref().and_then(parse_day);
        let mut entities = std::mem::take(&mut doc.entities);
        let mut covered = vec![false; words.len()];
        let mut mentions: Vec<coref::Mention> = Vec::new();
        let chars: Vec<char> = doc.article.text.chars().collect();
        let mut nominals = Vec::new();
        let given_names = given_names_by_surname(&words, &entities);
        for e in entities.iter_mut() {
            let Some((ws, we)) = word_span(&words, e.start, e.end) else {
                continue;
            };
            if e.kind.is_empty() {
                e.kind = "ner".into();
            }
            // A place inside a person's name is part of the name ("Chad Smith"): only the
            // name's title and modifiers code it.
            let coded = if self.place_in_persons_name(&e.label, &words, (ws, we), day) {
                self.dict
                    .code_phrase_with(&words, ws, we, day, coding::PlaceWords::PartOfName)
            } else {
                // "Serbs" right after "Bosnian" (NER may split them) are Bosnian Serbs.
                let residence = self
                    .dict
                    .named_at(&words, ws, day)
                    .filter(|n| n.end == we)
                    .map(|n| self.with_residence(&words, n, day))
                    .filter(|n| n.start < ws);
                // "the Pakistani Taliban": NER may leave a dictionary name's first words out.
                // Not by an article: "The Australian government" is no newspaper.
                let longer = (ws.saturating_sub(2)..ws)
                    .filter(|&j| {
                        words[j..ws].iter().all(|w| {
                            w.sentence == words[ws].sentence
                                && !matches!(w.norm.as_str(), "the" | "a" | "an")
                        })
                    })
                    .find_map(|j| self.dict.named_at(&words, j, day).filter(|n| n.end == we));
                let wider_start = residence.or(longer).map(|n| n.start);
                let coded = match wider_start {
                    Some(start) => {
                        self.dict
                            .code_phrase(&words, start, we, day)
                            .map(|c| coding::Coded {
                                phrase_start: ws,
                                ..c
                            })
                    }
                    None => self.dict.code_phrase(&words, ws, we, day),
                };
                // "Lai" after "Jimmy Lai" is the publisher, not Taiwan's President Lai Ching-te.
                coded.filter(|c| !self.surname_of_someone_else(c, &words, (ws, we), &given_names))
            };
            let coded = self
                .person_of_place(&words, &e.label, (ws, we), day)
                .or(coded)
                .map(|c| capital_as_place(c, &words, ws, we))
                .map(|c| self.seat_of_place(c, &words, (ws, we), day));
            let mut m = coref::Mention::new(ws, we);
            if let Some(c) = &coded {
                e.actor = Some(c.actor.clone());
                m.person = c.person_entry;
                m.kind = Some(c.kind);
                m.office = c.office.clone();
                for flag in covered.iter_mut().take(we).skip(c.phrase_start) {
                    *flag = true;
                }
            }
            for flag in covered.iter_mut().take(we).skip(ws) {
                *flag = true;
            }
            mentions.push(m);
            // A place entity the NER found may still lead a nominal actor: "Georgia's foreign
            // ministry", "the Georgian government".
            let place = self
                .dict
                .named_at(&words, ws, day)
                .filter(|n| n.end == we && self.dict.entries[n.entry].kind.is_place())
                .map(|n| self.with_residence(&words, n, day));
            if let Some(n) = place {
                if let Some((_, Some(made))) = self.place_role(&chars, &words, n, day, &mut covered)
                {
                    nominals.push(made);
                }
            }
            // So may an organisation: "the U.N. special envoy".
            let organisation = self.dict.named_at(&words, ws, day).filter(|n| {
                n.end == we && self.dict.entries[n.entry].kind == EntryKind::Organisation
            });
            if let Some(n) = organisation {
                if let Some((_, made)) =
                    self.organisation_role(&chars, &words, n, day, &mut covered)
                {
                    nominals.push(made);
                }
            }
        }
        for (e, m) in nominals {
            entities.push(e);
            mentions.push(m);
        }
        let mut found = self.discover(doc, &words, day, &mut covered);
        for (e, m) in found.drain(..) {
            entities.push(e);
            mentions.push(m);
        }
        // Keep entities in text order, mentions aligned with them.
        let mut order: Vec<usize> = (0..entities.len()).collect();
        order.sort_by_key(|&i| (entities[i].start, entities[i].end));
        let mut entities: Vec<Entity> = order.iter().map(|&i| entities[i].clone()).collect();
        let mut mentions: Vec<coref::Mention> =
            order.iter().map(|&i| mentions[i].clone()).collect();
        self.ethnic_residence(&words, day, &mut entities, &mentions);
        coref::resolve(self, doc, &words, day, &mut entities, &mut mentions);
        doc.entities = entities;
    }

    /// "King Hassan of Morocco", "Isabella of France": Universal NER marks a ruler's style as
    /// one person name. The person is the name before "of" when the dictionaries know it as a
    /// person of that place; otherwise a person of the place after it, in the role a title
    /// before the name gives ("King" → MARGOV). Coded as a person, so "he" finds them.
    fn person_of_place(
        &self,
        words: &[Word],
        label: &str,
        (ws, we): (usize, usize),
        day: Option<Day>,
    ) -> Option<coding::Coded> {
        if !label.starts_with("PER") {
            return None;
        }
        let title = (ws.saturating_sub(3)..ws)
            .filter_map(|j| self.dict.agent_within(words, j, ws))
            .find(|a| a.end == ws && words[a.start].sentence == words[ws].sentence)
            .map(|a| &self.dict.agents[a.agent])
            .filter(|a| a.person && a.prefix.is_empty());
        // "of" inside the name, or right after it when a title leads ("King Hassan" + "of
        // Morocco", as the NER may split it).
        let of_after = words
            .get(we)
            .is_some_and(|w| w.norm == "of" && w.sentence == words[ws].sentence)
            && title.is_some();
        let of = (ws + 1..we.saturating_sub(1))
            .find(|&k| words[k].norm == "of")
            .or(of_after.then_some(we))?;
        let place = self.dict.named_at(words, of + 1, day)?;
        let kind = self.dict.entries[place.entry].kind;
        if (of < we && place.end != we) || !kind.names_a_place() {
            return None;
        }
        let we = place.end;
        let mut coded = self.dict.code_phrase(words, of + 1, we, day)?;
        let country = coded.actor.country.clone()?;
        // A dictionary person of another country is someone else ("Abdullah" alone is Saudi).
        let known = self
            .dict
            .code_phrase(words, ws, of, day)
            .filter(|n| n.kind == EntryKind::Person && n.actor.country.as_ref() == Some(&country));
        if known.is_some() {
            return known;
        }
        let code = format!("{country}{}", title.map_or("", |a| a.suffix.as_str()));
        let text: Vec<&str> = words[ws..we].iter().map(|w| w.text.as_str()).collect();
        coded.actor = ActorCode {
            sectors: coding::sectors_of(&code),
            country: Some(country),
            rule: format!(
                "{} (a person of the place{})",
                coded.actor.rule,
                title.map_or(String::new(), |a| format!(", {}", a.source))
            ),
            code,
            name: Some(text.join(" ")),
        };
        coded.kind = EntryKind::Person;
        coded.phrase_start = ws;
        Some(coded)
    }

    /// "ethnic Albanians … in Serbia": a people called ethnic lives outside its kin state, so it
    /// is coded by the state its sentence names most often besides the kin state (CAMEO codes
    /// the country of residence). With no such state, or a tie, the kin state's code stays.
    fn ethnic_residence(
        &self,
        words: &[Word],
        day: Option<Day>,
        entities: &mut [Entity],
        mentions: &[coref::Mention],
    ) {
        for (e, m) in entities.iter_mut().zip(mentions) {
            if m.ws == 0 || words[m.ws - 1].norm != "ethnic" {
                continue;
            }
            let Some(actor) = e.actor.as_ref() else {
                continue;
            };
            let Some(kin) = actor.country.clone() else {
                continue;
            };
            let sentence = words[m.ws].sentence;
            let mut counts: HashMap<String, usize> = HashMap::new();
            let mut names: HashMap<String, String> = HashMap::new();
            let mut k = words
                .iter()
                .position(|w| w.sentence == sentence)
                .unwrap_or(0);
            while k < words.len() && words[k].sentence == sentence {
                let Some(n) = self.dict.named_at(words, k, day) else {
                    k += 1;
                    continue;
                };
                let entry = &self.dict.entries[n.entry];
                let inside = n.start < m.we && n.end > m.ws;
                if !inside && (entry.kind.is_place() || entry.kind == EntryKind::Seat) {
                    if let Some(c) = entry
                        .country_on(day)
                        .filter(|c| *c != kin && !is_world_region(c))
                    {
                        names.entry(c.clone()).or_insert_with(|| entry.name.clone());
                        *counts.entry(c).or_default() += 1;
                    }
                }
                k = n.end;
            }
            let best = counts.values().copied().max().unwrap_or(0);
            let mut top = counts.iter().filter(|(_, &n)| n == best);
            let (Some((home, _)), None) = (top.next(), top.next()) else {
                continue;
            };
            let code = format!("{home}{}", actor.code.get(3..).unwrap_or(""));
            e.actor = Some(ActorCode {
                sectors: coding::sectors_of(&code),
                country: Some(home.clone()),
                rule: format!("{} (ethnic; lives in {home})", actor.rule),
                code,
                // Its own name, so coreference does not join it to the state it lives in.
                name: Some(format!(
                    "ethnic {} in {}",
                    e.text,
                    names.get(home).map_or(home.as_str(), String::as_str)
                )),
            });
        }
    }

    fn code_words(
        &self,
        doc: &Doc,
        words: &[Word],
        day: Option<Day>,
        _out: &mut Vec<()>,
    ) -> Vec<Entity> {
        let mut covered = vec![false; words.len()];
        self.discover(doc, words, day, &mut covered)
            .into_iter()
            .map(|(e, _)| e)
            .collect()
    }

    /// Finds dictionary actors and nominal actors in words no entity covers.
    fn discover(
        &self,
        doc: &Doc,
        words: &[Word],
        day: Option<Day>,
        covered: &mut [bool],
    ) -> Vec<(Entity, coref::Mention)> {
        let chars: Vec<char> = doc.article.text.chars().collect();
        let mut out = Vec::new();
        let mut i = 0;
        while i < words.len() {
            if covered[i] {
                i += 1;
                continue;
            }
            let named = self
                .dict
                .named_at(words, i, day)
                .filter(|m| !covered[m.start..m.end].iter().any(|&c| c));
            if let Some(m) = named {
                let kind = self.dict.entries[m.entry].kind;
                // "Bosnian Serb forces", "Bosnian Serbs": coded by the state they live in.
                if let Some(people) = self.people_of(words, m, day, covered) {
                    let made = match self.place_role(&chars, words, people, day, covered) {
                        Some((end, made)) => made.map(|made| (end, made)),
                        None => self
                            .dict
                            .code_phrase(words, people.start, people.end, day)
                            .map(|c| {
                                let label = self.dict.entries[m.entry].kind.ner_label();
                                let made = self.make(
                                    &chars,
                                    words,
                                    people.start,
                                    people.end,
                                    label,
                                    "dictionary",
                                    Some(c.actor),
                                    None,
                                    covered,
                                );
                                (people.end, made)
                            }),
                    };
                    if let Some((end, made)) = made {
                        out.push(made);
                        i = end;
                        continue;
                    }
                }
                // A place followed by a role noun is a nominal actor: "Georgian police".
                if kind.is_place() {
                    if let Some((end, made)) = self.place_role(&chars, words, m, day, covered) {
                        if let Some(made) = made {
                            out.push(made);
                            i = end;
                        } else {
                            i = m.end;
                        }
                        continue;
                    }
                }
                // An organisation's people are the organisation: "the U.N. special envoy".
                if kind == EntryKind::Organisation {
                    if let Some((end, made)) =
                        self.organisation_role(&chars, words, m, day, covered)
                    {
                        out.push(made);
                        i = end;
                        continue;
                    }
                }
                if !kind.is_modifier_only() {
                    if let Some(c) = self
                        .dict
                        .code_phrase(words, m.start, m.end, day)
                        .map(|c| self.seat_of_place(c, words, (m.start, m.end), day))
                    {
                        let label = kind.ner_label();
                        let mut made = self.make(
                            &chars,
                            words,
                            m.start,
                            m.end,
                            label,
                            "dictionary",
                            Some(c.actor),
                            c.office,
                            covered,
                        );
                        made.1.person = c.person_entry;
                        made.1.kind = Some(kind);
                        for flag in covered.iter_mut().take(m.end).skip(c.phrase_start) {
                            *flag = true;
                        }
                        out.push(made);
                    }
                }
                i = m.end;
                continue;
            }
            // A role noun alone: "the president" (resolved by coreference), "police", "protesters".
            if let Some(a) = self
                .dict
                .agent_at(words, i)
                .filter(|a| !covered[a.start..a.end].iter().any(|&c| c))
            {
                let agent = &self.dict.agents[a.agent];
                // "Georgia's foreign ministry", "its army": the possessor supplies the country.
                let possessed = i > 0
                    && (words[i - 1].is_possessive()
                        || matches!(words[i - 1].norm.as_str(), "its" | "their"));
                let definite = possessed
                    || i > 0 && matches!(words[i - 1].norm.as_str(), "the" | "this" | "that");
                let head = a.end >= words.len() || !self.continues_noun(words, a.end);
                let nounish = words[a.end - 1].upos.is_empty()
                    || matches!(words[a.end - 1].upos.as_str(), "NOUN" | "PROPN");
                let sentence_initial = i == 0 || words[i - 1].sentence != words[i].sentence;
                let name_part = words[i].is_capitalised() && !sentence_initial;
                if head && nounish && (!name_part || definite) {
                    let plural = words[a.end - 1].norm.ends_with('s')
                        && !words[a.end - 1].norm.ends_with("ss")
                        || self.dict.agent_is_mass(a.agent);
                    // "officials in Kenya", "a local official in Nairobi", "the president of
                    // Chad" (coreference still links it to the president named); "the
                    // president in Chad" may be anyone's.
                    let one_person = agent.person && definite && !plural;
                    let place = (!possessed
                        && (!one_person || words.get(a.end).is_some_and(|w| w.norm == "of")))
                    .then(|| self.place_after(words, a, day))
                    .flatten();
                    // "A journalist was killed": one person of a role, new to the story.
                    let indefinite = agent.person
                        && !definite
                        && (i.saturating_sub(3)..i).any(|k| {
                            words[k].sentence == words[i].sentence
                                && matches!(words[k].norm.as_str(), "a" | "an")
                        });
                    if definite || plural || place.is_some() || indefinite {
                        // "the president" is someone named before (coreference finds whom);
                        // "the protesters", "the fighters" are coded by their role.
                        let actor = if place.is_some() {
                            self.dict.code_nominal(words, place, &[a], day)
                        } else if agent.person && definite && !possessed && !plural {
                            None
                        } else {
                            self.dict.code_nominal(words, None, &[a], day)
                        };
                        let label = if agent.person { "PER" } else { "ORG" };
                        let mut made = self.make(
                            &chars,
                            words,
                            a.start,
                            a.end,
                            label,
                            "nominal",
                            actor,
                            agent.office.clone(),
                            covered,
                        );
                        made.1.agent = Some(a.agent);
                        made.1.definite = definite;
                        made.1.gender = agent.gender;
                        made.1.plural = plural;
                        out.push(made);
                        i = a.end;
                        continue;
                    }
                }
                i = a.end;
                continue;
            }
            // "the self-declared republic", "the region": refers back to a place.
            if words[i].norm == "the" {
                // A descriptor inside a name ("the European Union") is not one: skip spans an
                // entity covers and capitalised heads.
                let found = self
                    .descriptor_after(words, i + 1, day)
                    .filter(|&(end, _)| !covered[i + 1..end].iter().any(|&c| c))
                    .filter(|&(end, _)| !words[end - 1].is_capitalised());
                if let Some((end, target)) = found {
                    let label = match target {
                        DescriptorTarget::Organisation | DescriptorTarget::NamedOrganisation => {
                            "ORG"
                        }
                        DescriptorTarget::Place | DescriptorTarget::Region => "LOC",
                    };
                    let mut made = self.make(
                        &chars,
                        words,
                        i + 1,
                        end,
                        label,
                        "nominal",
                        None,
                        None,
                        covered,
                    );
                    made.1.descriptor = Some(target);
                    out.push(made);
                    i = end;
                    continue;
                }
            }
            i += 1;
        }
        out
    }

    /// The nominal actor a place and the role nouns after it make ("Georgian police" → GEOCOP,
    /// "Georgia's foreign ministry" → GEOGOV): `None` when no role noun follows, else where the
    /// roles end and the mention (none when a name follows: "Russian President Putin").
    #[allow(clippy::type_complexity)]
    fn place_role(
        &self,
        chars: &[char],
        words: &[Word],
        m: coding::NamedMatch,
        day: Option<Day>,
        covered: &mut [bool],
    ) -> Option<(usize, Option<(Entity, coref::Mention)>)> {
        let (end, agents) = self.role_after(words, m.end, covered)?;
        let next_is_name = self
            .dict
            .named_at(words, end.min(words.len() - 1), day)
            .is_some_and(|n| {
                n.start == end && self.dict.entries[n.entry].kind == EntryKind::Person
            })
            || (end < words.len() && words[end].upos == "PROPN");
        if next_is_name {
            return Some((end, None));
        }
        let actor = self.dict.code_nominal(words, Some(m), &agents, day)?;
        let made = self.role_mention(chars, words, m.start, end, &agents, actor, covered);
        Some((end, Some(made)))
    }

    /// The nominal mention of words `start..end` ending in the role nouns `agents`.
    #[allow(clippy::too_many_arguments)]
    fn role_mention(
        &self,
        chars: &[char],
        words: &[Word],
        start: usize,
        end: usize,
        agents: &[coding::AgentMatch],
        actor: ActorCode,
        covered: &mut [bool],
    ) -> (Entity, coref::Mention) {
        let person = agents.iter().any(|a| self.dict.agents[a.agent].person);
        let label = if person { "PER" } else { "ORG" };
        let office = agents
            .iter()
            .rev()
            .find_map(|a| self.dict.agents[a.agent].office.clone());
        let mut made = self.make(
            chars,
            words,
            start,
            end,
            label,
            "nominal",
            Some(actor),
            office,
            covered,
        );
        // The last role noun heads the phrase: it decides number and gender for coreference
        // ("Fijian rebels … they").
        if let Some(head) = agents.last() {
            let last = &words[head.end - 1].norm;
            made.1.agent = Some(head.agent);
            made.1.gender = self.dict.agents[head.agent].gender;
            made.1.plural =
                last.ends_with('s') && !last.ends_with("ss") || self.dict.agent_is_mass(head.agent);
        }
        made
    }

    /// "The U.N. special envoy", "NATO's chief": a role noun right after an international
    /// organisation is a person or body of it, coded as the organisation (CAMEO codes an IGO's
    /// officials with the IGO's code). Not before a name ("NATO chief Jens Stoltenberg"), which
    /// the name's own coding handles.
    fn organisation_role(
        &self,
        chars: &[char],
        words: &[Word],
        m: coding::NamedMatch,
        day: Option<Day>,
        covered: &mut [bool],
    ) -> Option<(usize, (Entity, coref::Mention))> {
        let (end, agents) = self.role_after(words, m.end, covered)?;
        if end < words.len() && (words[end].upos == "PROPN" || words[end].is_capitalised()) {
            return None;
        }
        let org = self.dict.code_phrase(words, m.start, m.end, day)?.actor;
        let roles: Vec<&str> = agents
            .iter()
            .map(|a| self.dict.agents[a.agent].source.as_str())
            .collect();
        let actor = ActorCode {
            rule: format!("{} + {}", org.rule, roles.join(" + ")),
            ..org
        };
        let made = self.role_mention(chars, words, m.start, end, &agents, actor, covered);
        Some((end, made))
    }

    /// Role nouns right after a place: "Georgian police", "Russia's army", "Russian leader".
    fn role_after(
        &self,
        words: &[Word],
        mut j: usize,
        covered: &[bool],
    ) -> Option<(usize, Vec<coding::AgentMatch>)> {
        let sentence = words.get(j.saturating_sub(1))?.sentence;
        if j < words.len() && words[j].is_possessive() {
            j += 1;
        }
        let mut agents = Vec::new();
        let mut end = j;
        let mut k = j;
        while k < words.len() && words[k].sentence == sentence && !covered[k] {
            if let Some(a) = self.dict.agent_at(words, k) {
                agents.push(a);
                k = a.end;
                end = k;
                continue;
            }
            if agents.is_empty() && coding::TITLE_FILLERS.contains(&words[k].norm.as_str()) {
                k += 1;
                continue;
            }
            break;
        }
        // The role noun must head the phrase: "Russian army" yes, "Russian army equipment" no.
        if agents.is_empty() || self.continues_noun(words, end) {
            return None;
        }
        Some((end, agents))
    }

    /// `n` ("Serb") with the adjective of the state its people live in when one comes right
    /// before it ("Bosnian Serb"): one match over both, coded by the adjective.
    fn with_residence(
        &self,
        words: &[Word],
        n: coding::NamedMatch,
        day: Option<Day>,
    ) -> coding::NamedMatch {
        let floor = n.start.saturating_sub(4);
        (floor..n.start)
            .filter_map(|k| self.dict.named_at(words, k, day))
            .find(|m| {
                m.end == n.start
                    && words[m.start].sentence == words[n.start].sentence
                    && self.dict.residence_before(words, &[*m], n, day) == *m
            })
            .map(|m| coding::NamedMatch {
                start: m.start,
                end: n.end,
                entry: m.entry,
                surname: false,
            })
            .unwrap_or(n)
    }

    /// "Bosnian Serb(s)": a state's adjective right before another state's people, as one
    /// match spanning both and coded by the first (see `Dictionaries::residence_before`).
    fn people_of(
        &self,
        words: &[Word],
        m: coding::NamedMatch,
        day: Option<Day>,
        covered: &[bool],
    ) -> Option<coding::NamedMatch> {
        if !self.dict.entries[m.entry].kind.is_modifier_only() || m.end >= words.len() {
            return None;
        }
        let next = self.dict.named_at(words, m.end, day).filter(|n| {
            words[n.start].sentence == words[m.start].sentence
                && !covered[n.start..n.end].iter().any(|&c| c)
                && self.dict.entries[n.entry].kind.is_place()
                && !n.surname
        })?;
        let chosen = self.dict.residence_before(words, &[m], next, day);
        (chosen == m).then_some(coding::NamedMatch {
            start: m.start,
            end: next.end,
            entry: m.entry,
            surname: false,
        })
    }

    /// The country or territory a role noun belongs to by a phrase right after it: "officials
    /// in Kenya", "police in Nairobi", "the president of Chad", "refugees from Syria",
    /// "students throughout Indonesia". After "in" (or "throughout", "across"), only roles that belong to where they are: troops, diplomats, journalists,
    /// investors or refugees in a country are often foreign.
    fn place_after(
        &self,
        words: &[Word],
        a: coding::AgentMatch,
        day: Option<Day>,
    ) -> Option<coding::NamedMatch> {
        let prep = words.get(a.end)?;
        if prep.sentence != words[a.start].sentence {
            return None;
        }
        let agent = &self.dict.agents[a.agent];
        match prep.norm.as_str() {
            "of" => {}
            // "the withdrawal of forces from Panama": troops leave from where they are not from.
            "from" if agent.suffix.starts_with("MIL") => return None,
            "from" => {}
            "in" | "throughout" | "across" => {
                const FOREIGN_OFTEN: &[&str] = &[
                    "MIL",
                    "MED",
                    "REF",
                    "diplomat",
                    "ambassador",
                    "envoy",
                    "embassy",
                    "consulate",
                    "delegation",
                    "negotiator",
                    "investor",
                    "executive",
                    "company",
                    "firm",
                    "business",
                    "corporation",
                    "bank",
                    "activist",
                ];
                if FOREIGN_OFTEN
                    .iter()
                    .any(|x| agent.suffix.starts_with(x) || agent.phrase == *x)
                {
                    return None;
                }
            }
            _ => return None,
        }
        let mut k = a.end + 1;
        if words.get(k).is_some_and(|w| w.norm == "the") {
            k += 1;
        }
        let w = words.get(k)?;
        if w.sentence != prep.sentence {
            return None;
        }
        let m = self.dict.named_at(words, k, day)?;
        let entry = &self.dict.entries[m.entry];
        let capital = entry.kind == EntryKind::Seat
            && entry
                .terms
                .iter()
                .all(|t| t.code.len() == 6 && t.code.ends_with("GOV"));
        let place = matches!(entry.kind, EntryKind::Country | EntryKind::Region) || capital;
        // "officials in Russian-held areas", "police of Kenya's capital": the place must end
        // the phrase.
        // Nor may it start a list ("ministers from Britain, Canada and France": several
        // countries) or a longer name ("Guinea-Lanta").
        let list = |j: usize| {
            let j = if words.get(j).is_some_and(|x| x.norm == "the") {
                j + 1
            } else {
                j
            };
            words.get(j).is_some_and(|x| x.sentence == w.sentence)
                && self
                    .dict
                    .named_at(words, j, day)
                    .is_some_and(|x| self.dict.entries[x.entry].kind.is_place())
        };
        let ends = words.get(m.end).is_none_or(|n| {
            n.sentence != w.sentence
                || !(n.is_possessive()
                    || self.continues_noun(words, m.end)
                    || matches!(n.norm.as_str(), "-" | "/")
                    || matches!(n.norm.as_str(), "," | "and" | "or") && list(m.end + 1)
                    || n.is_capitalised())
        });
        (place && ends && !m.surname).then_some(m)
    }

    /// True when the word at `k` continues a noun compound (so the word before is a modifier).
    fn continues_noun(&self, words: &[Word], k: usize) -> bool {
        let Some(w) = words.get(k) else {
            return false;
        };
        if w.sentence != words[k - 1].sentence {
            return false;
        }
        if !w.upos.is_empty() {
            return w.upos == "NOUN" && words[k - 1].deprel == "compound";
        }
        const NOUNISH: &[&str] = &[
            "equipment",
            "base",
            "bases",
            "budget",
            "spending",
            "unit",
            "units",
            "vehicle",
            "vehicles",
            "plan",
            "plans",
            "chief",
            "headquarters",
            "source",
            "sources",
        ];
        NOUNISH.contains(&w.norm.as_str())
    }

    /// "self-declared republic" after "the": the end and what it may refer to.
    fn descriptor_after(
        &self,
        words: &[Word],
        start: usize,
        _day: Option<Day>,
    ) -> Option<(usize, DescriptorTarget)> {
        let sentence = words.get(start)?.sentence;
        for n in 0..5 {
            let k = start + n;
            let w = words.get(k)?;
            if w.sentence != sentence {
                return None;
            }
            // Hyphenated modifiers may come as three tokens: "self", "-", "declared".
            let hyphen_part = w.norm == "-" || words.get(k + 1).is_some_and(|x| x.norm == "-");
            let two = words.get(k + 1).map(|x| format!("{} {}", w.norm, x.norm));
            let (end, target) = if let Some(t) =
                two.as_deref().and_then(|t| self.descriptors.get(t))
            {
                (k + 2, *t)
            } else if let Some(t) = self.descriptors.get(&w.norm) {
                (k + 1, *t)
            } else {
                let modifier = w.norm.ends_with("ed")
                    || w.norm.ends_with("ian")
                    || w.norm.ends_with("ese")
                    || w.norm.contains('-')
                    || matches!(w.upos.as_str(), "ADJ" | "VERB");
                if hyphen_part {
                    continue;
                }
                if !modifier || w.is_capitalised() && w.upos != "ADJ" && !w.norm.ends_with("ian") {
                    return None;
                }
                continue;
            };
            // "the region of South Ossetia" names its referent: no coreference needed.
            let named_next = words
                .get(end + 1)
                .is_some_and(|x| x.is_capitalised() && x.sentence == sentence);
            if words
                .get(end)
                .is_some_and(|x| x.norm == "of" && x.sentence == sentence)
                && named_next
            {
                return None;
            }
            return Some((end, target));
        }
        None
    }

    #[allow(clippy::too_many_arguments)]
    fn make(
        &self,
        chars: &[char],
        words: &[Word],
        ws: usize,
        we: usize,
        label: &str,
        kind: &str,
        actor: Option<ActorCode>,
        office: Option<String>,
        covered: &mut [bool],
    ) -> (Entity, coref::Mention) {
        for flag in covered.iter_mut().take(we).skip(ws) {
            *flag = true;
        }
        let (start, end) = (words[ws].start, words[we - 1].end);
        let text: String = chars
            .get(start..end.min(chars.len()))
            .map(|c| c.iter().collect())
            .unwrap_or_default();
        let e = Entity {
            start,
            end,
            text,
            label: label.to_string(),
            sentence: words[ws].sentence,
            first_token: words[ws].id,
            last_token: words[we - 1].id,
            chain: None,
            kind: kind.to_string(),
            actor,
            group: Vec::new(),
        };
        let mut m = coref::Mention::new(ws, we);
        m.office = office;
        (e, m)
    }

    pub(crate) fn first_name_gender(&self, norm: &str) -> Option<Gender> {
        self.first_names.get(norm).copied()
    }

    /// The gender a person noun carries (`Some(None)`: a person noun of either gender).
    pub(crate) fn person_noun(&self, norm: &str) -> Option<Option<Gender>> {
        self.person_nouns.get(norm).copied()
    }

    pub(crate) fn dict(&self) -> &Dictionaries {
        &self.dict
    }
}

/// "protesters gathered in Seoul", "talks in Washington": a capital after a preposition of
/// place is the city, so it codes its country alone, not the government it stands for in
/// "Moscow said" or "pressure from Washington". A possessive after it keeps the government
/// ("in Moscow's view").
fn capital_as_place(mut c: coding::Coded, words: &[Word], ws: usize, we: usize) -> coding::Coded {
    let capital = c.kind == EntryKind::Seat && c.actor.rule.starts_with("countries.tsv:");
    let Some(country) = c.actor.country.clone().filter(|_| capital && ws > 0) else {
        return c;
    };
    let before = &words[ws - 1];
    let located = before.sentence == words[ws].sentence
        && crate::places::AT_PLACE.contains(&before.norm.as_str())
        && !words
            .iter()
            .take(we + 1)
            .skip(ws)
            .any(|w| w.sentence == before.sentence && w.is_possessive());
    if located {
        c.actor.rule = format!(
            "{} (the city: {} {})",
            c.actor.rule, before.text, words[ws].text
        );
        c.actor.sectors = coding::sectors_of(&country);
        c.actor.code = country;
    }
    c
}

/// CAMEO's codes for world regions ("the West", "Africa"), which are no state to live in.
fn is_world_region(code: &str) -> bool {
    matches!(
        code,
        "WST"
            | "EUR"
            | "AFR"
            | "ASA"
            | "MEA"
            | "LAM"
            | "BLK"
            | "CAU"
            | "CAS"
            | "SAS"
            | "SEA"
            | "NAF"
            | "WAF"
            | "EAF"
            | "SAF"
    )
}

/// The words covering a character span.
fn word_span(words: &[Word], start: usize, end: usize) -> Option<(usize, usize)> {
    let ws = words.iter().position(|w| w.end > start && w.start < end)?;
    let we = words.iter().rposition(|w| w.end > start && w.start < end)? + 1;
    Some((ws, we))
}

/// The given names each surname has in the document's full person names: "Jimmy Lai" →
/// lai: [jimmy].
fn given_names_by_surname(words: &[Word], entities: &[Entity]) -> HashMap<String, Vec<String>> {
    let mut out: HashMap<String, Vec<String>> = HashMap::new();
    for e in entities.iter().filter(|e| e.label == "PER") {
        let Some((ws, we)) = word_span(words, e.start, e.end) else {
            continue;
        };
        if we >= ws + 2 {
            out.entry(words[we - 1].norm.clone())
                .or_default()
                .push(words[ws].norm.clone());
        }
    }
    out
}
