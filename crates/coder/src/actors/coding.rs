//! Coding one noun phrase: find the dictionary entries and role nouns in and before a mention
//! and compose them into a CAMEO code ("South Ossetia's President Anatoly Bibilov" → SOSGOV,
//! "Georgian police" → GEOCOP).

use dyad_model::ActorCode;

use super::dict::{country_of, phrase_key, Day, Dictionaries, EntryKind, Form, TermChoice};
use super::words::Word;

/// What the place names inside a mention do when it is coded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaceWords {
    /// They code it ("Georgian police", "Russia's foreign minister").
    Code,
    /// They are part of a person's name ("Mech Dara", "Chad Smith"): only the name's title and
    /// modifiers code it.
    PartOfName,
}
/// Job nouns that say a person works for someone without saying in which sector ("director
/// of the council", "an adviser to the president"): the employer decides.
const JOB_NOUNS: &[&str] = &[
    "director",
    "adviser",
    "advisor",
    "aide",
    "head",
    "chief",
    "member",
    "deputy",
    "representative",
    "chairman",
    "chairwoman",
    "chair",
    "executive",
    "officer",
    "founder",
    "economist",
    "analyst",
    "lawyer",
    "attorney",
    "counsel",
    "staffer",
    "employee",
    "manager",
    "coordinator",
    "commissioner",
    "administrator",
    "negotiator",
    "strategist",
    "consultant",
];

/// What an apposition after a name says about the person.
#[derive(Default)]
struct Apposition {
    places: Vec<NamedMatch>,
    agents: Vec<AgentMatch>,
    /// Whom the person works for, after a role or job noun and "of/for/to/at".
    employer: Option<NamedMatch>,
}

/// Words that may sit inside a title without changing the role ("former", "acting"…).
pub(crate) const TITLE_FILLERS: &[&str] = &[
    "special",
    "new",
    "leading",
    "regional",
    "local",
    "acting",
    "interim",
    "then",
    "de",
    "facto",
    "self-declared",
    "self-proclaimed",
    "newly",
    "elected",
    "newly-elected",
    "outgoing",
    "incoming",
    "longtime",
    "long-time",
    "veteran",
    "senior",
    "top",
    "chief",
    "deputy",
    "first",
    "vice",
    "foreign",
    "defence",
    "defense",
    "security",
    "national",
    "federal",
    "state",
    "breakaway",
    "separatist",
    "pro-russian",
    "pro-western",
    "russian-backed",
    "moscow-backed",
    "kremlin-backed",
    "de-facto",
    "current",
    "prominent",
    "influential",
    "hardline",
    "nationalist",
    "opposition",
    "party",
    "ruling",
    "former",
    // Portfolios: "Chinese Commerce Minister Wang Wentao", "Iraqi Oil Minister …".
    "commerce",
    "trade",
    "economy",
    "economic",
    "finance",
    "interior",
    "justice",
    "energy",
    "health",
    "education",
    "agriculture",
    "transport",
    "labour",
    "labor",
    "industry",
    "culture",
    "environment",
    "information",
    "communications",
    "oil",
    "petroleum",
    "mining",
    "water",
    "housing",
    "tourism",
    "science",
    "technology",
    "digital",
    "home",
    "treasury",
    "immigration",
    "sports",
    "youth",
    "planning",
];

/// Particles that may start a name in lower case or sit uncapitalised inside one.
const NAME_PARTICLES: &[&str] = &[
    "of", "the", "and", "for", "on", "de", "du", "da", "la", "le", "von", "van", "der", "den",
    "bin", "ibn", "al", "el", "'s", "&", "-", "y", "di", "dos", "das", "in",
];

/// A dictionary match in the words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NamedMatch {
    pub start: usize,
    pub end: usize,
    pub entry: usize,
    /// Found through a lone surname ("Putin"), not a listed form.
    pub surname: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AgentMatch {
    pub start: usize,
    pub end: usize,
    pub agent: usize,
}

/// The result of coding a phrase.
#[derive(Debug, Clone)]
pub struct Coded {
    pub actor: ActorCode,
    pub kind: EntryKind,
    /// First word of the phrase including its modifiers (title, country adjective…).
    pub phrase_start: usize,
    pub person_entry: Option<usize>,
    pub office: Option<String>,
    /// Whether the dictionary person was found by the surname alone ("Putin").
    pub by_surname: bool,
}

fn is_name_text(words: &[Word], start: usize, end: usize, form: &Form) -> bool {
    if form.all_caps {
        return words[start..end]
            .iter()
            .all(|w| w.is_all_caps() || !w.text.chars().any(char::is_alphabetic));
    }
    let first = &words[start];
    // "PISA" in running text is an acronym, not the city of Pisa: a one-word name written in
    // capitals matches only among capitals (a headline).
    let acronym =
        |w: &Word| w.is_all_caps() && w.text.chars().filter(|c| c.is_alphabetic()).count() >= 3;
    if end - start == 1 && !form.capitals && acronym(first) {
        let neighbour_in_lower = [start.checked_sub(1), Some(end)]
            .into_iter()
            .flatten()
            .filter_map(|k| words.get(k))
            .filter(|w| w.sentence == first.sentence && w.text.chars().any(char::is_alphabetic))
            .any(|w| !w.is_all_caps());
        if neighbour_in_lower {
            return false;
        }
    }
    // "al-Shabab", "el-Sisi": an Arabic article before a capitalised name.
    let article_name = ["al-", "el-"].iter().any(|p| {
        first.text.len() > 3
            && first
                .text
                .get(..3)
                .is_some_and(|h| h.eq_ignore_ascii_case(p))
            && first.text[3..]
                .chars()
                .next()
                .is_some_and(char::is_uppercase)
    });
    // The same, split by the tokenizer: "al", "-", "Shabab".
    let split_article = matches!(first.norm.as_str(), "al" | "el")
        && end - start > 2
        && words[start + 1].norm == "-"
        && words[start + 2].is_capitalised();
    let first_ok = article_name
        || split_article
        || first.is_capitalised()
        || ["al-", "el-", "von ", "van ", "de ", "ibn ", "bin "]
            .iter()
            .any(|p| first.norm.starts_with(p.trim_end()))
            && end - start > 1;
    first_ok
        && words[start..end].iter().all(|w| {
            w.is_capitalised()
                || NAME_PARTICLES.contains(&w.norm.as_str())
                || !w.text.chars().any(char::is_alphabetic)
                || w.norm.starts_with("al-")
                || w.norm.starts_with("el-")
                || w.norm.starts_with("d'")
                || w.norm.starts_with("l'")
        })
}

/// Head nouns of geographic names ("Indian Ocean", "Gulf of Mexico", "Korean Peninsula") and
/// of laws ("… Sanctions Act"): a name with one of them is a thing, not an actor.
const GEOGRAPHIC_FEATURES: &[&str] = &[
    "ocean",
    "sea",
    "gulf",
    "bay",
    "strait",
    "straits",
    "channel",
    "canal",
    "peninsula",
    "river",
    "lake",
    "mountains",
    "mountain",
    "mount",
    "desert",
    "basin",
    "plateau",
    "valley",
    "highlands",
    "plain",
    "plains",
    "delta",
    "seas",
    "oceans",
    "islands",
    // Laws and agreements named after a country are no actor either.
    "act",
    "law",
    "treaty",
    "accord",
    "accords",
    "agreement",
    "convention",
    "protocol",
];

/// Whether a name ending in this (lowercased) word is a thing — a sea, a mountain, a law —
/// and no actor, whatever country its other words name.
pub(crate) fn is_thing_name_head(norm: &str) -> bool {
    GEOGRAPHIC_FEATURES.contains(&norm)
}

impl Dictionaries {
    /// Whether a person entry matched at `m` inside the mention `start..end` names the mention:
    /// a person's name ends the mention ("Omar Hassan al-Bashir" is not a "Hassan"), and no
    /// other given name comes before it ("Ahmed Ben Bella" is not Abiy Ahmed).
    fn person_fits(&self, words: &[Word], m: NamedMatch, start: usize, end: usize) -> bool {
        let entry = &self.entries[m.entry];
        if entry.kind != EntryKind::Person || m.end - m.start == end - start {
            return true;
        }
        let tail_ok = words[m.end..end]
            .iter()
            .all(|w| w.is_possessive() || !w.text.chars().any(char::is_alphabetic));
        if !tail_ok {
            return false;
        }
        let own_first = phrase_key(&entry.name)
            .split(' ')
            .next()
            .unwrap_or_default()
            .to_string();
        let mut k = start;
        while k < m.start {
            if let Some(a) = self.agent_within(words, k, m.start) {
                k = a.end;
                continue;
            }
            // "Russian President Vladimir Putin": a place before the name is its modifier.
            if let Some(n) = self
                .named_at(words, k, None)
                .filter(|n| n.end <= m.start && self.entries[n.entry].kind != EntryKind::Person)
            {
                k = n.end;
                continue;
            }
            let w = &words[k];
            let name_like = w.is_capitalised()
                && w.text.chars().any(char::is_alphabetic)
                && !w.text.ends_with('.')
                && !TITLE_FILLERS.contains(&w.norm.as_str());
            if name_like && w.norm != own_first {
                return false;
            }
            k += 1;
        }
        true
    }

    /// "President Bouteflika": a lone family name after a title names the one person of the
    /// dictionaries (curated or derived) with that family name who held that office — in
    /// office on the article date when there is one.
    fn titled_surname(
        &self,
        words: &[Word],
        start: usize,
        end: usize,
        agents: &[AgentMatch],
        day: Option<Day>,
    ) -> Option<NamedMatch> {
        if end - start != 1 || !words[start].is_capitalised() || words[start].is_all_caps() {
            return None;
        }
        let title = agents.iter().rev().find(|a| a.end <= start)?;
        let office = self.agents[title.agent].office.as_deref()?;
        let people = self.office_surnames.get(&words[start].norm)?;
        let held = |i: &&usize| {
            self.entries[**i]
                .terms
                .iter()
                .any(|t| t.office.as_deref() == Some(office) && day.is_none_or(|d| t.covers(d)))
        };
        let mut found = people.iter().filter(held);
        match (found.next(), found.next()) {
            (Some(&entry), None) => Some(NamedMatch {
                start,
                end,
                entry,
                surname: true,
            }),
            _ => None,
        }
    }

    /// An organisation, outlet or group entry followed by "of" and a place inside one mention:
    /// English names the organisation first ("the Muslim Brotherhood of Egypt"), so it is the
    /// head, not the place. A seat of government is the head only when it is that place's
    /// ("the Islamic Revolutionary Guard Corps of Iran", but not "the Senate of Poland").
    fn organisation_of_place(
        &self,
        words: &[Word],
        inside: &[NamedMatch],
        day: Option<Day>,
    ) -> Option<NamedMatch> {
        let country = |m: &NamedMatch| self.entries[m.entry].country_on(day);
        inside.windows(2).find_map(|pair| {
            let (org, place) = (pair[0], pair[1]);
            let named_first = match self.entries[org.entry].kind {
                EntryKind::Organisation | EntryKind::Outlet | EntryKind::Group => true,
                EntryKind::Seat => country(&org).is_some() && country(&org) == country(&place),
                _ => false,
            };
            let of_place = place.start == org.end + 1
                && words[org.end].norm == "of"
                && self.entries[place.entry].kind.is_place();
            (named_first && of_place).then_some(org)
        })
    }

    /// "Bosnian Serbs", "Bosnian Croats": a people named after one state and
    /// living in another is coded by where it lives, the adjective right before it (the CAMEO
    /// convention: the country of residence, the ethnicity secondary). Returns the match that
    /// codes a mention whose head is `head`.
    pub fn residence_before(
        &self,
        words: &[Word],
        inside: &[NamedMatch],
        head: NamedMatch,
        day: Option<Day>,
    ) -> NamedMatch {
        let country = |m: &NamedMatch| self.entries[m.entry].country_on(day);
        // Only before a people's name ("Serbs", "Croats"), not its adjective: "Iranian
        // American", "Asian American" are Americans.
        let kind = self.entries[head.entry].kind;
        if !kind.names_a_place() {
            return head;
        }
        // A people ("Serbs"), not a state's own name ("… Uyghurs Thailand caught").
        let head_key: Vec<&str> = words[head.start..head.end]
            .iter()
            .map(|w| w.norm.as_str())
            .collect();
        if head_key.join(" ") == phrase_key(&self.entries[head.entry].name) {
            return head;
        }
        inside
            .iter()
            .find(|m| {
                // A state's adjective: not a region's ("Western Cambodia" is Cambodia).
                m.end == head.start
                    && self.entries[m.entry].kind == EntryKind::Adjective
                    && !words[m.end - 1].norm.ends_with('s')
                    && country(m).is_some()
                    && country(m) != country(&head)
            })
            .copied()
            .unwrap_or(head)
    }

    /// The longest named entry starting at word `i` (same sentence, capitalised like a name).
    pub fn named_at(&self, words: &[Word], i: usize, day: Option<Day>) -> Option<NamedMatch> {
        let sentence = words[i].sentence;
        let longest = self.first_words.get(&words[i].norm).copied().unwrap_or(0);
        let max = longest.min(self.max_words).min(words.len() - i);
        let mut key = String::new();
        let mut keys = Vec::with_capacity(max);
        for n in 0..max {
            let w = &words[i + n];
            if w.sentence != sentence {
                break;
            }
            if n > 0 {
                key.push(' ');
            }
            key.push_str(&w.norm);
            keys.push(key.clone());
        }
        for n in (1..=keys.len()).rev() {
            let Some(forms) = self.forms.get(&keys[n - 1]) else {
                continue;
            };
            let best = forms
                .iter()
                .filter(|f| is_name_text(words, i, i + n, f))
                .map(|f| f.entry)
                .max_by_key(|&e| {
                    let entry = &self.entries[e];
                    let in_term = day.is_some_and(|d| {
                        entry.terms.iter().any(|t| !t.is_undated() && t.covers(d))
                    });
                    (
                        entry.priority,
                        in_term,
                        !entry.kind.is_modifier_only(),
                        usize::MAX - e,
                    )
                });
            if let Some(entry) = best {
                return Some(NamedMatch {
                    start: i,
                    end: i + n,
                    entry,
                    surname: false,
                });
            }
        }
        let w = &words[i];
        if w.is_capitalised() && !w.is_all_caps() {
            if let Some(&entry) = self.surnames.get(&w.norm) {
                return Some(NamedMatch {
                    start: i,
                    end: i + 1,
                    entry,
                    surname: true,
                });
            }
        }
        None
    }

    /// The longest role noun starting at word `i`.
    pub fn agent_at(&self, words: &[Word], i: usize) -> Option<AgentMatch> {
        self.agent_within(words, i, words.len())
    }

    /// The longest role noun starting at word `i` and ending by `limit`.
    pub fn agent_within(&self, words: &[Word], i: usize, limit: usize) -> Option<AgentMatch> {
        let sentence = words[i].sentence;
        let longest = self
            .agent_first_words
            .get(&words[i].norm)
            .copied()
            .unwrap_or(0);
        let max = longest
            .min(self.max_agent_words)
            .min(limit.min(words.len()).saturating_sub(i));
        let mut key = String::new();
        let mut best = None;
        for n in 0..max {
            let w = &words[i + n];
            if w.sentence != sentence {
                break;
            }
            if n > 0 {
                key.push(' ');
            }
            key.push_str(&w.norm);
            if let Some(&agent) = self.agent_forms.get(&key) {
                best = Some(AgentMatch {
                    start: i,
                    end: i + n + 1,
                    agent,
                });
            }
        }
        best
    }

    /// A named entry ending exactly at `end` (exclusive), searching back a few words.
    fn named_ending_at(
        &self,
        words: &[Word],
        end: usize,
        floor: usize,
        day: Option<Day>,
    ) -> Option<NamedMatch> {
        let lo = end.saturating_sub(self.max_words).max(floor);
        (lo..end).find_map(|s| {
            self.named_at(words, s, day)
                .filter(|m| m.end == end && !m.surname)
        })
    }

    fn agent_ending_at(&self, words: &[Word], end: usize, floor: usize) -> Option<AgentMatch> {
        let lo = end.saturating_sub(self.max_agent_words).max(floor);
        (lo..end).find_map(|s| self.agent_at(words, s).filter(|m| m.end == end))
    }

    /// Codes the mention `words[start..end]` with what precedes it in its noun phrase.
    pub fn code_phrase(
        &self,
        words: &[Word],
        start: usize,
        end: usize,
        day: Option<Day>,
    ) -> Option<Coded> {
        self.code_phrase_with(words, start, end, day, PlaceWords::Code)
    }

    /// [`Dictionaries::code_phrase`], saying whether place names inside the mention code it.
    pub fn code_phrase_with(
        &self,
        words: &[Word],
        start: usize,
        end: usize,
        day: Option<Day>,
        place_words: PlaceWords,
    ) -> Option<Coded> {
        if start >= end || end > words.len() {
            return None;
        }
        // Named entries inside the mention, longest first, left to right.
        let mut inside: Vec<NamedMatch> = Vec::new();
        let mut inside_agents: Vec<AgentMatch> = Vec::new();
        // NER sometimes splits a dictionary name ("Daily" + "Star"): use a longer entry that
        // covers the whole mention.
        if let Some(m) = (start.saturating_sub(self.max_words)..=start)
            .filter_map(|s| self.named_at(words, s, day))
            .find(|m| {
                m.start <= start && m.end >= end && m.end - m.start > end - start && !m.surname
            })
        {
            if self
                .named_at(words, start, day)
                .is_none_or(|own| own.end != end)
            {
                return self.code_phrase(words, m.start, m.end, day);
            }
        }
        let mut i = start;
        while i < end {
            if let Some(m) = self
                .named_at(words, i, day)
                .filter(|m| m.end <= end && self.person_fits(words, *m, start, end))
            {
                let kind = self.entries[m.entry].kind;
                if place_words == PlaceWords::Code || !kind.names_a_location() {
                    inside.push(m);
                }
                i = m.end;
            } else if let Some(a) = self.agent_within(words, i, end) {
                inside_agents.push(a);
                i = a.end;
            } else {
                i += 1;
            }
        }
        // The head: the last entry that is not a mere adjective; else the last adjective. An
        // organisation named "of" a place is the organisation ("the Islamic Revolutionary
        // Guard Corps of Iran").
        let head = self
            .organisation_of_place(words, &inside, day)
            .or_else(|| {
                inside
                    .iter()
                    .rev()
                    .find(|m| !self.entries[m.entry].kind.is_modifier_only())
                    .or_else(|| inside.last())
                    .copied()
            })
            .map(|h| self.residence_before(words, &inside, h, day));
        let mut places: Vec<NamedMatch> = inside
            .iter()
            .filter(|m| Some(**m) != head && self.entries[m.entry].kind.is_place())
            .copied()
            .collect();
        let inside_role = !inside_agents.is_empty();
        let mut agents = inside_agents;
        // Modifiers to the left: titles, role nouns, country adjectives, "X's".
        let floor = (0..start)
            .rev()
            .take_while(|&k| words[k].sentence == words[start].sentence)
            .last()
            .unwrap_or(start);
        let mut left = start;
        let mut steps = 0;
        while left > floor && steps < 10 {
            steps += 1;
            let prev = &words[left - 1];
            if prev.is_possessive() {
                if let Some(m) = self.named_ending_at(words, left - 1, floor, day) {
                    let kind = self.entries[m.entry].kind;
                    if kind.is_place() || kind == EntryKind::Organisation || kind == EntryKind::Seat
                    {
                        places.push(m);
                        left = m.start;
                        continue;
                    }
                }
                break;
            }
            if let Some(a) = self.agent_ending_at(words, left, floor) {
                agents.push(a);
                left = a.start;
                continue;
            }
            if let Some(m) = self.named_ending_at(words, left, floor, day) {
                let kind = self.entries[m.entry].kind;
                if kind.is_place() {
                    places.push(m);
                    left = m.start;
                    continue;
                }
                break;
            }
            if TITLE_FILLERS.contains(&prev.norm.as_str()) {
                left -= 1;
                continue;
            }
            break;
        }
        // An apposition after a name with no title before it: "Sergei Shamba, Abkhazia's
        // security council secretary, said".
        let mut employer = None;
        if places.is_empty() && agents.is_empty() && end < words.len() && words[end].norm == "," {
            let app = self.apposition(words, end + 1, day);
            employer = app.employer;
            if !app.agents.is_empty() || employer.is_some() {
                places.extend(app.places);
                agents.extend(app.agents);
            }
        }
        // Trim fillers that ended up at the left edge without a role or place before them.
        let phrase_start = places
            .iter()
            .map(|m| m.start)
            .chain(agents.iter().map(|a| a.start))
            .filter(|&s| s < start)
            .min()
            .unwrap_or(start);
        let former = words[phrase_start.saturating_sub(2)..start]
            .iter()
            .any(|w| w.norm == "former" || w.norm == "ex" || w.norm.starts_with("ex-"));
        places.sort_by_key(|m| m.start);
        agents.sort_by_key(|a| a.start);
        let text_place = places.first().copied();
        let role_suffix = self.role_suffix(&agents);
        let agent_rules: Vec<String> = agents
            .iter()
            .map(|a| self.agents[a.agent].source.clone())
            .collect();
        let office = agents
            .iter()
            .rev()
            .find_map(|a| self.agents[a.agent].office.clone());

        let place_code = |m: NamedMatch| -> Option<(String, String)> {
            let e = &self.entries[m.entry];
            let (code, _, _) = e.code_on(day)?;
            let country = country_of(&code)?.to_string();
            Some((country, e.name.clone()))
        };

        let head = head.or_else(|| self.titled_surname(words, start, end, &agents, day));
        let Some(head) = head else {
            // A person the dictionaries do not know, set off by whom they work for: "Kevin
            // Hassett, director of the White House National Economic Council" is the
            // council's; "John Smith, an adviser to President Trump", Trump's side.
            if let Some(actor) = employer.and_then(|m| self.employer_actor(m, day)) {
                return Some(Coded {
                    actor,
                    kind: EntryKind::Person,
                    phrase_start,
                    person_entry: None,
                    office: None,
                    by_surname: false,
                });
            }
            // No name inside: a titled body NER took as a name ("Security Council" after
            // "Abkhazian"), coded from its place and role nouns.
            if agents.is_empty() || text_place.is_none() {
                return None;
            }
            let actor = self.code_nominal(words, text_place, &agents, day)?;
            return Some(Coded {
                actor,
                kind: EntryKind::Group,
                phrase_start,
                person_entry: None,
                office,
                by_surname: false,
            });
        };
        let entry = &self.entries[head.entry];
        // "the Indian Ocean", "the Gulf of Mexico": a sea or a mountain named after a country
        // is no actor.
        let feature = |k: usize| GEOGRAPHIC_FEATURES.contains(&words[k].norm.as_str());
        if entry.kind.is_place()
            && agents.is_empty()
            && (end > head.end && feature(end - 1) || start < head.start && feature(start))
        {
            return None;
        }
        let (entry_code, choice, term) = entry.code_on(day)?;
        let mut rule = format!("{}:{}", short_source(&entry.source), entry.name);
        if head.surname {
            rule.push_str(" (surname)");
        }
        // "Kenzo Oshima, the United Nations Emergency Relief Coordinator": the employer the
        // text names outranks the dictionary's older post for the person.
        if entry.kind == EntryKind::Person {
            let named = employer.and_then(|m| self.employer_actor(m, day));
            if let Some(mut actor) =
                named.filter(|a| a.country.as_deref() != country_of(&entry_code))
            {
                actor.rule = format!("{} + {rule}", actor.rule);
                return Some(Coded {
                    actor,
                    kind: EntryKind::Person,
                    phrase_start,
                    person_entry: Some(head.entry),
                    office: None,
                    by_surname: head.surname,
                });
            }
        }
        let mut code = entry_code.clone();
        let mut name = entry.name.clone();
        let mut person_entry = None;
        let mut office_out = term.and_then(|t| t.office.clone());
        match entry.kind {
            EntryKind::Person => {
                person_entry = Some(head.entry);
                let person_country = country_of(&entry_code).map(str::to_string);
                let text_country = text_place.and_then(place_code);
                let dictionary_holds = matches!(
                    choice,
                    TermChoice::InTerm | TermChoice::Undated | TermChoice::Latest
                );
                match (text_country, role_suffix.is_empty()) {
                    (Some((tc, tname)), false) => {
                        let same = person_country.as_deref() == Some(tc.as_str());
                        if !(dictionary_holds && same) {
                            code = format!("{tc}{role_suffix}");
                            rule = format!(
                                "{} + {} + {rule}",
                                place_rule(self, text_place),
                                agent_rules.join(" + ")
                            );
                            let _ = tname;
                            office_out = office.clone();
                        }
                    }
                    (Some((tc, _)), true) => {
                        if person_country.as_deref() != Some(tc.as_str()) && !dictionary_holds {
                            code = tc;
                            rule = format!("{} + {rule}", place_rule(self, text_place));
                        }
                    }
                    (None, false) => {
                        if !dictionary_holds {
                            if let Some(pc) = person_country {
                                code = format!("{pc}{role_suffix}");
                                rule = format!("{rule} + {}", agent_rules.join(" + "));
                            }
                        }
                    }
                    (None, true) => {}
                }
                if former && !code.ends_with("ELI") {
                    if let Some(c) = country_of(&code) {
                        code = format!("{c}ELI");
                        rule.push_str(" (former)");
                    }
                }
                if choice == TermChoice::OutOfTerm && code.ends_with("ELI") {
                    rule.push_str(" (out of term)");
                }
            }
            // A bare demonym ("Russians") or an adjective NER took as a mention, with a role.
            EntryKind::Adjective | EntryKind::RegionAdjective if !role_suffix.is_empty() => {
                code = format!("{entry_code}{role_suffix}");
                rule = format!("{rule} + {}", agent_rules.join(" + "));
            }
            // "the U.S. Air Force", "the Court of Bosnia and Herzegovina": role nouns inside
            // one name with the country are its sector. ("Russia's army", where NER takes only
            // "Russia", is coded on the role noun; the country alone stays the country.)
            EntryKind::Country | EntryKind::Region if !role_suffix.is_empty() && inside_role => {
                code = format!("{entry_code}{role_suffix}");
                rule = format!("{rule} + {}", agent_rules.join(" + "));
            }
            EntryKind::Country | EntryKind::Region => {}
            // "the Security Council" is the UN's, "Russia's Security Council" Russia's: an
            // organisation named by a role noun belongs to a place named before it.
            EntryKind::Organisation => {
                let own = text_place.and_then(place_code).zip(
                    self.agent_within(words, head.start, head.end)
                        .filter(|a| a.end == head.end),
                );
                if let Some(((country, place_name), a)) = own {
                    name = place_name;
                    code = format!("{country}{}", self.role_suffix(&[a]));
                    rule = format!(
                        "{} + {}",
                        place_rule(self, text_place),
                        self.agents[a.agent].source
                    );
                }
            }
            _ => {}
        }
        let country = country_of(&code).map(str::to_string);
        let sectors = sectors_of(&code);
        let kind = entry.kind;
        Some(Coded {
            actor: ActorCode {
                code,
                country,
                sectors,
                name: Some(name),
                rule,
            },
            kind,
            phrase_start,
            person_entry,
            office: office_out,
            by_surname: head.surname,
        })
    }

    /// Places, role nouns and employer of an apposition starting at `k` ("the Russian foreign
    /// minister", "Abkhazia's security council secretary", "director of the White House
    /// National Economic Council", "an adviser to President Trump"), up to the next comma or
    /// the end of the sentence.
    fn apposition(&self, words: &[Word], mut k: usize, day: Option<Day>) -> Apposition {
        let mut app = Apposition::default();
        let Some(sentence) = words.get(k).map(|w| w.sentence) else {
            return app;
        };
        let mut steps = 0;
        // A role or job noun seen ("spokesman", "director"), then a preposition linking it
        // to whom the person works for.
        let (mut role, mut linked) = (false, false);
        while k < words.len() && words[k].sentence == sentence && steps < 12 {
            steps += 1;
            let w = &words[k];
            if matches!(w.norm.as_str(), "the" | "a" | "an" | "'s")
                || TITLE_FILLERS.contains(&w.norm.as_str())
            {
                k += 1;
                continue;
            }
            if let Some(a) = self.agent_at(words, k) {
                app.agents.push(a);
                role = true;
                k = a.end;
                continue;
            }
            if let Some(m) = self.named_at(words, k, day) {
                if self.entries[m.entry].kind.is_place() {
                    app.places.push(m);
                    k = m.end;
                    continue;
                }
                // Whom the person works for, linked by a preposition after a job noun, or
                // named as the possessor of the job: "UNICEF's executive director".
                let possessor = words.get(m.end).is_some_and(|w| w.norm == "'s");
                // …or naming the job's organisation before it: "the United Nations Emergency
                // Relief Coordinator", "the IMF managing director".
                let before_job = !role
                    && (m.end..(m.end + 4).min(words.len())).any(|j| {
                        words[j].sentence == sentence
                            && (JOB_NOUNS.contains(&words[j].norm.as_str())
                                || self.agent_at(words, j).is_some())
                    });
                if (linked || (possessor || before_job) && !role) && app.employer.is_none() {
                    app.employer = Some(m);
                    k = m.end;
                    // The rest of a longer name: "the White House National Economic Council".
                    while k < words.len()
                        && words[k].sentence == sentence
                        && words[k].text.starts_with(char::is_uppercase)
                    {
                        k += 1;
                    }
                    continue;
                }
            }
            if JOB_NOUNS.contains(&w.norm.as_str()) {
                role = true;
                k += 1;
                continue;
            }
            if role && !linked && matches!(w.norm.as_str(), "of" | "for" | "to" | "at" | "with") {
                linked = true;
                k += 1;
                continue;
            }
            break;
        }
        // After the employer, the apposition may go on a little: "head of the Red Cross
        // delegation in Kyiv,".
        if app.employer.is_some() {
            let limit = (k + 6).min(words.len());
            if let Some(stop) =
                (k..limit).find(|&j| words[j].sentence != sentence || words[j].norm == ",")
            {
                k = stop;
            }
        }
        // Only a title that ends the apposition counts ("…, a Russian official, said").
        let ends = k >= words.len()
            || matches!(
                words[k].norm.as_str(),
                "," | "." | ";" | ")" | "said" | "says" | "told"
            );
        if !ends {
            app = Apposition::default();
        }
        app
    }

    /// The actor of someone working for a named organisation, seat of government or person.
    fn employer_actor(&self, m: NamedMatch, day: Option<Day>) -> Option<ActorCode> {
        let e = &self.entries[m.entry];
        if e.kind == EntryKind::Outlet {
            return None;
        }
        let (code, _, _) = e.code_on(day)?;
        Some(ActorCode {
            country: country_of(&code).map(str::to_string),
            sectors: sectors_of(&code),
            name: Some(e.name.clone()),
            rule: format!("works for {}:{}", short_source(&e.source), e.name),
            code,
        })
    }

    /// Codes a nominal phrase: place modifier + role noun(s) ("Georgian police").
    pub fn code_nominal(
        &self,
        words: &[Word],
        place: Option<NamedMatch>,
        agents: &[AgentMatch],
        day: Option<Day>,
    ) -> Option<ActorCode> {
        let suffix = self.role_suffix(agents);
        let agent_rules: Vec<String> = agents
            .iter()
            .map(|a| self.agents[a.agent].source.clone())
            .collect();
        let _ = words;
        match place {
            Some(m) => {
                let e = &self.entries[m.entry];
                let (code, _, _) = e.code_on(day)?;
                let country = country_of(&code)?.to_string();
                let full = format!("{country}{suffix}");
                Some(ActorCode {
                    sectors: sectors_of(&full),
                    code: full,
                    country: Some(country),
                    name: Some(e.name.clone()),
                    rule: format!(
                        "{}:{} + {}",
                        short_source(&e.source),
                        e.name,
                        agent_rules.join(" + ")
                    ),
                })
            }
            None if !suffix.is_empty() => Some(ActorCode {
                sectors: sectors_of(&suffix),
                code: suffix,
                country: None,
                name: None,
                rule: agent_rules.join(" + "),
            }),
            None => None,
        }
    }

    /// The role codes of a list of role nouns, without repeats ("security council secretary" →
    /// GOV, "defence minister" → MIL, "government army" → GOVMIL).
    pub fn role_suffix(&self, agents: &[AgentMatch]) -> String {
        let mut blocks: Vec<String> = Vec::new();
        for a in agents {
            let s = &self.agents[a.agent].suffix;
            for i in (0..s.len()).step_by(3) {
                if let Some(b) = s.get(i..i + 3) {
                    if !blocks.iter().any(|x| x == b) {
                        blocks.push(b.to_string());
                    }
                }
            }
        }
        // The head noun (last) decides; a government role before a military head stays GOV+MIL.
        if blocks.len() > 2 {
            blocks.drain(..blocks.len() - 2);
        }
        blocks.concat()
    }
}

fn place_rule(dict: &Dictionaries, m: Option<NamedMatch>) -> String {
    m.map(|m| {
        let e = &dict.entries[m.entry];
        format!("{}:{}", short_source(&e.source), e.name)
    })
    .unwrap_or_default()
}

/// "countries.tsv:123" → "countries.tsv"; PETRARCH sources keep their line.
pub fn short_source(source: &str) -> &str {
    if source.ends_with(".tsv") || source.contains(".tsv:") {
        source.split(':').next().unwrap_or(source)
    } else {
        source
    }
}

/// The 3-letter blocks after the country ("RUSGOVMIL" → [GOV, MIL]; a role-only code keeps all).
pub fn sectors_of(code: &str) -> Vec<String> {
    let blocks: Vec<&str> = (0..code.len())
        .step_by(3)
        .filter_map(|i| code.get(i..i + 3))
        .collect();
    let skip = usize::from(blocks.first().is_some_and(|b| !is_role(b)));
    blocks[skip..].iter().map(|b| b.to_string()).collect()
}

/// CAMEO role codes, which never start a code that has a country.
pub fn is_role(block: &str) -> bool {
    matches!(
        block,
        "GOV"
            | "MIL"
            | "COP"
            | "JUD"
            | "LEG"
            | "OPP"
            | "REB"
            | "SEP"
            | "INS"
            | "SPY"
            | "UAF"
            | "PTY"
            | "AGR"
            | "BUS"
            | "CRM"
            | "CVL"
            | "DEV"
            | "EDU"
            | "ELI"
            | "ENV"
            | "HLH"
            | "HRI"
            | "LAB"
            | "MED"
            | "REF"
            | "MOD"
            | "RAD"
            | "REL"
    )
}
