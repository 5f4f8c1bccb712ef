//! The actor dictionaries in memory: named entries (countries, regions, seats of government,
//! organisations, outlets, persons) with date-ranged codes, and agents (role nouns such as
//! "police" → COP) that compose with a country. Loaded from dyad's own TSV files (see
//! `data/actors/README.md`) or from PETRARCH files (see `petrarch.rs`).

use std::collections::HashMap;

use crate::CoderError;

/// What kind of thing a named entry is; decides how it composes and which NER label it gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EntryKind {
    /// A country or territory name ("Russia"): the code is the country.
    Country,
    /// A country adjective or demonym ("Russian", "Georgians"): a modifier, not a mention alone.
    Adjective,
    /// A capital city or seat of government used for the government ("Moscow", "the Kremlin").
    Seat,
    /// A disputed or breakaway region ("South Ossetia").
    Region,
    /// A regional adjective ("Abkhazian"), like [`EntryKind::Adjective`] for a region.
    RegionAdjective,
    /// An international organisation ("European Union").
    Organisation,
    /// A news outlet ("Reuters").
    Outlet,
    /// A person.
    Person,
    /// A group or anything else from a PETRARCH actor file.
    Group,
}

impl EntryKind {
    /// True for entries that stand for a country-like actor and so take role nouns after them.
    pub fn is_place(self) -> bool {
        matches!(
            self,
            EntryKind::Country
                | EntryKind::Adjective
                | EntryKind::Region
                | EntryKind::RegionAdjective
        )
    }

    pub fn is_modifier_only(self) -> bool {
        matches!(self, EntryKind::Adjective | EntryKind::RegionAdjective)
    }

    /// A place named as a noun ("Russia", "South Ossetia"), not by its adjective.
    pub fn names_a_place(self) -> bool {
        self.is_place() && !self.is_modifier_only()
    }

    /// A place or a seat of government named as a noun: a word a person's name may also be
    /// made of ("Jordan Peterson", "Paris Hilton").
    pub fn names_a_location(self) -> bool {
        self.names_a_place() || self == EntryKind::Seat
    }

    /// The Universal NER label a mention of this entry gets.
    pub fn ner_label(self) -> &'static str {
        match self {
            EntryKind::Person => "PER",
            EntryKind::Country
            | EntryKind::Region
            | EntryKind::Adjective
            | EntryKind::RegionAdjective => "LOC",
            _ => "ORG",
        }
    }
}

/// A date as `YYYYMMDD` (so ranges compare as integers).
pub type Day = u32;

/// Parses `YYYY-MM-DD`, `YYYYMMDD`, `YYYY-MM`, `YYYY` or the start of an RFC 3339 timestamp.
pub fn parse_day(s: &str) -> Option<Day> {
    let digits: String = s
        .trim()
        .chars()
        .take(10)
        .filter(|c| c.is_ascii_digit())
        .collect();
    let (y, m, d) = match digits.len() {
        8 => (&digits[0..4], &digits[4..6], &digits[6..8]),
        6 => (&digits[0..4], &digits[4..6], "01"),
        4 => (&digits[0..4], "01", "01"),
        _ => return None,
    };
    let (y, m, d): (u32, u32, u32) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    if !(1000..=2999).contains(&y) || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    Some(y * 10000 + m * 100 + d)
}

/// One code an entry carries over a span of time (both ends inclusive, open when `None`).
#[derive(Debug, Clone, PartialEq)]
pub struct Term {
    pub code: String,
    pub from: Option<Day>,
    pub to: Option<Day>,
    /// The office held, for persons: "head_of_state", "head_of_government", "foreign_minister"…
    pub office: Option<String>,
}

impl Term {
    pub fn covers(&self, day: Day) -> bool {
        self.from.is_none_or(|f| f <= day) && self.to.is_none_or(|t| day <= t)
    }

    pub fn is_undated(&self) -> bool {
        self.from.is_none() && self.to.is_none()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gender {
    Male,
    Female,
}

/// A named dictionary entry.
#[derive(Debug, Clone)]
pub struct Entry {
    pub name: String,
    pub kind: EntryKind,
    pub terms: Vec<Term>,
    /// Which dictionary it came from ("persons.tsv", "Phoenix.Countries.actors.txt:39559").
    pub source: String,
    pub gender: Option<Gender>,
    /// For regions: the de jure state ("GEO" for South Ossetia).
    pub parent: Option<String>,
    /// Curated entries win over derived ones when phrases collide.
    pub priority: u8,
}

/// Why a term was chosen for a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TermChoice {
    /// A dated term covers the date.
    InTerm,
    /// No dated term covers it; an undated code applies.
    Undated,
    /// No date given: the most recent term.
    Latest,
    /// The date falls outside every term: the person is coded as an elite of the country.
    OutOfTerm,
}

impl Entry {
    /// The country (first three letters) of the code that applies on `day`.
    pub fn country_on(&self, day: Option<Day>) -> Option<String> {
        self.code_on(day)
            .and_then(|(code, _, _)| country_of(&code).map(str::to_string))
    }

    /// The code that applies on `day` (or now, when `None`).
    pub fn code_on(&self, day: Option<Day>) -> Option<(String, TermChoice, Option<&Term>)> {
        let latest = |terms: &[Term]| -> Option<usize> {
            (0..terms.len()).max_by_key(|&i| (terms[i].to.is_none(), terms[i].from.unwrap_or(0)))
        };
        let dated: Vec<Term> = self
            .terms
            .iter()
            .filter(|t| !t.is_undated())
            .cloned()
            .collect();
        let undated = self.terms.iter().find(|t| t.is_undated());
        match day {
            Some(d) => {
                // Prefer the most recently started term that covers the day.
                if let Some(t) = self
                    .terms
                    .iter()
                    .filter(|t| !t.is_undated() && t.covers(d))
                    .max_by_key(|t| t.from.unwrap_or(0))
                {
                    return Some((t.code.clone(), TermChoice::InTerm, Some(t)));
                }
                if let Some(t) = undated {
                    return Some((t.code.clone(), TermChoice::Undated, Some(t)));
                }
                let i = latest(&dated)?;
                let t = self.terms.iter().find(|t| **t == dated[i])?;
                let code = if self.kind == EntryKind::Person {
                    format!("{}ELI", country_of(&t.code).unwrap_or(&t.code))
                } else {
                    t.code.clone()
                };
                Some((code, TermChoice::OutOfTerm, Some(t)))
            }
            None => {
                if let Some(i) = latest(&dated) {
                    let t = self.terms.iter().find(|t| **t == dated[i])?;
                    return Some((t.code.clone(), TermChoice::Latest, Some(t)));
                }
                undated.map(|t| (t.code.clone(), TermChoice::Undated, Some(t)))
            }
        }
    }
}

/// The country part of a code: its first three letters when they are letters.
pub fn country_of(code: &str) -> Option<&str> {
    let c = code.get(0..3)?;
    c.chars().all(|ch| ch.is_ascii_uppercase()).then_some(c)
}

/// A role noun ("police" → COP) or, from PETRARCH, a code prefix ("peacekeeping troops" → IGO~).
#[derive(Debug, Clone)]
pub struct Agent {
    /// The role codes to append after a country ("COP", "GOVMIL").
    pub suffix: String,
    /// A code to put before a country (PETRARCH `[IGO~]`), rare.
    pub prefix: String,
    pub phrase: String,
    pub source: String,
    /// The office this role noun names, for "the president" → the current president.
    pub office: Option<String>,
    pub gender: Option<Gender>,
    /// True when the noun names a person ("minister") rather than a body ("parliament").
    pub person: bool,
    /// A noun with no plural form, collective on its own ("police", "authorities").
    pub mass: bool,
}

impl Agent {
    /// True for institutions of a state (government, army, police, courts, parliament…).
    pub fn is_state(&self) -> bool {
        ["GOV", "MIL", "COP", "JUD", "LEG", "SPY"]
            .iter()
            .any(|r| self.suffix.starts_with(r))
    }
}

/// A phrase key: normalised words joined with single spaces.
pub type Key = String;

/// One way to write an entry: its key and how the text must look to match it.
#[derive(Debug, Clone)]
pub struct Form {
    pub entry: usize,
    /// Short all-capital acronyms ("US", "AP") match only in capitals, so "us" stays a pronoun.
    pub all_caps: bool,
    /// Written in capitals in the dictionary ("UNICEF"); other one-word names do not match an
    /// acronym in running text ("PISA" is no Pisa).
    pub capitals: bool,
}

/// All dictionaries, indexed by phrase.
#[derive(Debug, Clone, Default)]
pub struct Dictionaries {
    pub entries: Vec<Entry>,
    pub forms: HashMap<Key, Vec<Form>>,
    pub agents: Vec<Agent>,
    pub agent_forms: HashMap<Key, usize>,
    pub max_words: usize,
    pub max_agent_words: usize,
    /// Outlet names only, for citations ("Bloomberg" → USAMED).
    pub outlets: HashMap<Key, usize>,
    /// Surnames of curated persons that identify one person ("Putin").
    pub surnames: HashMap<Key, usize>,
    /// Family names of every person who held a head-of-state, head-of-government, foreign or
    /// defence office, for a name after its title ("President Bouteflika").
    pub office_surnames: HashMap<Key, Vec<usize>>,
    /// First word of every form → the most words a form starting with it has, so a lookup at a
    /// word no form starts with costs one probe instead of one per phrase length.
    pub first_words: HashMap<Key, usize>,
    /// The same for role nouns.
    pub agent_first_words: HashMap<Key, usize>,
}

/// Records that a phrase of `key`'s length starts with `key`'s first word.
fn note_first_word(index: &mut HashMap<Key, usize>, key: &str) {
    let mut words = key.split(' ');
    let first = words.next().unwrap_or_default();
    let n = 1 + words.count();
    let longest = index.entry(first.to_string()).or_insert(0);
    *longest = (*longest).max(n);
}

/// Lowercases, folds common Latin diacritics and typographic apostrophes.
pub fn norm_word(w: &str) -> String {
    let mut out = String::with_capacity(w.len());
    for c in w.chars() {
        let c = match c {
            '’' | '‘' | '`' | '´' => '\'',
            '–' | '—' => '-',
            'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' | 'ā' | 'Á' | 'À' | 'Â' | 'Ä' | 'Ã' | 'Å' => {
                'a'
            }
            'é' | 'è' | 'ê' | 'ë' | 'ē' | 'É' | 'È' | 'Ê' | 'Ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' | 'Í' | 'Î' | 'Ï' => 'i',
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'ø' | 'Ó' | 'Ô' | 'Ö' | 'Ø' => 'o',
            'ú' | 'ù' | 'û' | 'ü' | 'Ú' | 'Û' | 'Ü' => 'u',
            'ç' | 'Ç' | 'č' | 'Č' | 'ć' => 'c',
            'ñ' | 'Ñ' | 'ń' => 'n',
            'š' | 'Š' | 'ş' | 'Ş' | 'ś' => 's',
            'ž' | 'Ž' | 'ż' | 'ź' => 'z',
            'ğ' => 'g',
            'ı' | 'İ' => 'i',
            'ł' | 'Ł' => 'l',
            'ř' => 'r',
            'ý' | 'ÿ' => 'y',
            _ => c,
        };
        out.extend(c.to_lowercase());
    }
    out
}

/// Splits a dictionary phrase into normalised words the way the text is split: on spaces and
/// underscores, with a possessive "'s" split off; a leading "the" is dropped.
pub fn phrase_key(phrase: &str) -> Key {
    let mut words: Vec<String> = Vec::new();
    for raw in phrase.split(|c: char| c.is_whitespace() || c == '_') {
        if raw.is_empty() {
            continue;
        }
        let w = norm_word(raw);
        if let Some(stem) = w.strip_suffix("'s").filter(|s| !s.is_empty()) {
            words.push(stem.to_string());
            words.push("'s".to_string());
        } else {
            words.push(w);
        }
    }
    if words.len() > 1 && words[0] == "the" {
        words.remove(0);
    }
    words.join(" ")
}

/// A key with inner hyphens and a trailing apostrophe as words of their own, the way the
/// tokenizer writes them: "asia-pacific" → "asia - pacific", "workers'" → "workers '".
fn split_key(key: &str) -> Key {
    let mut out: Vec<String> = Vec::new();
    for w in key.split(' ') {
        let (stem, apostrophe) = match w.strip_suffix('\'') {
            Some(s) if !s.is_empty() && w != "'s" => (s, true),
            _ => (w, false),
        };
        if stem.len() > 2 && stem.contains('-') {
            let parts: Vec<&str> = stem.split('-').collect();
            for (i, p) in parts.iter().enumerate() {
                if i > 0 {
                    out.push("-".to_string());
                }
                if !p.is_empty() {
                    out.push(p.to_string());
                }
            }
        } else {
            out.push(stem.to_string());
        }
        if apostrophe {
            out.push("'".to_string());
        }
    }
    out.join(" ")
}

fn is_short_acronym(phrase: &str) -> bool {
    let letters: Vec<char> = phrase.chars().filter(|c| c.is_alphabetic()).collect();
    !letters.is_empty()
        && letters.len() <= 4
        && letters.iter().all(|c| c.is_uppercase())
        && !phrase.contains(' ')
}

impl Dictionaries {
    pub fn add_entry(&mut self, entry: Entry, phrases: &[String]) -> usize {
        let idx = self.entries.len();
        let is_outlet = entry.kind == EntryKind::Outlet;
        self.entries.push(entry);
        for p in phrases {
            // "The Australian", "The Atlantic", "The Sun": a one-word outlet named with "The"
            // needs its "The" in the text, or every "Australian" would be the newspaper.
            let one_word_the = p
                .strip_prefix("The ")
                .is_some_and(|rest| !rest.trim().contains(' '));
            if is_outlet && one_word_the {
                let key = format!("the {}", phrase_key(p));
                self.add_key(idx, p, key);
            } else {
                self.add_form(idx, p);
            }
            if is_outlet {
                let key = phrase_key(p);
                if !key.is_empty() {
                    self.outlets.entry(key).or_insert(idx);
                }
            }
        }
        idx
    }

    pub fn add_form(&mut self, entry: usize, phrase: &str) {
        let key = phrase_key(phrase);
        // Tokenizers split "Asia-Pacific" and "Workers'" into several words: the phrase is
        // findable both ways.
        let split = split_key(&key);
        if split != key {
            self.add_key(entry, phrase, split);
        }
        self.add_key(entry, phrase, key);
    }

    fn add_key(&mut self, entry: usize, phrase: &str, key: Key) {
        if key.is_empty() {
            return;
        }
        self.max_words = self.max_words.max(key.split(' ').count());
        note_first_word(&mut self.first_words, &key);
        let forms = self.forms.entry(key).or_default();
        if forms.iter().any(|f| f.entry == entry) {
            return;
        }
        forms.push(Form {
            entry,
            all_caps: is_short_acronym(phrase),
            capitals: !phrase.chars().any(char::is_lowercase),
        });
    }

    pub fn add_agent(&mut self, agent: Agent, plurals: &[String]) {
        let idx = self.agents.len();
        let key = phrase_key(&agent.phrase);
        let mut keys = vec![key.clone()];
        keys.extend(plurals.iter().map(|p| phrase_key(p)));
        self.agents.push(agent);
        for k in keys {
            if k.is_empty() {
                continue;
            }
            self.max_agent_words = self.max_agent_words.max(k.split(' ').count());
            note_first_word(&mut self.agent_first_words, &k);
            self.agent_forms.entry(k).or_insert(idx);
        }
    }

    /// Index of the entry most likely meant by a phrase key (curated before derived; persons
    /// with a term on `day` before others).
    pub fn best_entry(&self, key: &str, day: Option<Day>) -> Option<usize> {
        let forms = self.forms.get(key)?;
        forms.iter().map(|f| f.entry).max_by_key(|&i| {
            let e = &self.entries[i];
            let in_term =
                day.is_some_and(|d| e.terms.iter().any(|t| !t.is_undated() && t.covers(d)));
            (e.priority, in_term, usize::MAX - i)
        })
    }

    /// True for role nouns with no plural ("police", "media"): collective on their own.
    pub fn agent_is_mass(&self, agent: usize) -> bool {
        self.agents.get(agent).is_some_and(|a| a.mass)
    }

    /// Registers unambiguous surnames of curated persons ("Putin") as lookups.
    pub fn index_surnames(&mut self) {
        let mut counts: HashMap<Key, Vec<usize>> = HashMap::new();
        for (i, e) in self.entries.iter().enumerate() {
            if e.kind != EntryKind::Person || e.priority < 2 {
                continue;
            }
            let key = phrase_key(&e.name);
            if !key.contains(' ') {
                continue;
            }
            // East Asian names put the family name first ("Lai Ching-te" → "Lai").
            let east_asian = e.terms.iter().any(|t| {
                matches!(
                    country_of(&t.code),
                    Some("CHN" | "TWN" | "HKG" | "KOR" | "PRK" | "VNM")
                )
            });
            let family = if east_asian {
                key.split(' ').next()
            } else {
                key.split(' ').next_back()
            };
            if let Some(family) = family {
                if family.chars().count() >= 3 && (east_asian || family.chars().count() >= 4) {
                    counts.entry(family.to_string()).or_default().push(i);
                }
            }
        }
        for (k, v) in counts {
            if v.len() == 1 && !self.forms.contains_key(&k) {
                self.surnames.insert(k, v[0]);
            }
        }
        self.office_surnames.clear();
        for (i, e) in self.entries.iter().enumerate() {
            let titled = e.terms.iter().any(|t| {
                matches!(
                    t.office.as_deref(),
                    Some(
                        "head_of_state"
                            | "head_of_government"
                            | "foreign_minister"
                            | "defence_minister"
                    )
                )
            });
            if e.kind != EntryKind::Person || !titled {
                continue;
            }
            let key = phrase_key(&e.name);
            if let Some(family) = key
                .split(' ')
                .next_back()
                .filter(|f| f.chars().count() >= 4)
            {
                if key.contains(' ') {
                    self.office_surnames
                        .entry(family.to_string())
                        .or_default()
                        .push(i);
                }
            }
        }
    }
}

/// Regular English plurals of a role noun phrase ("police officer" → "police officers").
pub fn regular_plurals(phrase: &str) -> Vec<String> {
    let Some((head, last)) = phrase
        .rsplit_once(' ')
        .map(|(a, b)| (format!("{a} "), b))
        .or(Some((String::new(), phrase)))
    else {
        return vec![];
    };
    let l = last.to_lowercase();
    let plural = if l.ends_with("man") {
        format!("{}men", &last[..last.len() - 3])
    } else if l.ends_with('y') && !l.ends_with("ay") && !l.ends_with("ey") && !l.ends_with("oy") {
        format!("{}ies", &last[..last.len() - 1])
    } else if l.ends_with('s') || l.ends_with("sh") || l.ends_with("ch") || l.ends_with('x') {
        format!("{last}es")
    } else {
        format!("{last}s")
    };
    vec![format!("{head}{plural}")]
}

pub(crate) fn dict_error(path: &str, line: usize, reason: impl Into<String>) -> CoderError {
    CoderError::Dictionary {
        path: path.to_string(),
        line,
        reason: reason.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_parse_in_the_formats_articles_and_dictionaries_use() {
        assert_eq!(parse_day("2008-08-08"), Some(20080808));
        assert_eq!(parse_day("2024-03-31T10:00:00Z"), Some(20240331));
        assert_eq!(parse_day("20170524"), Some(20170524));
        assert_eq!(parse_day("1999"), Some(19990101));
        assert_eq!(parse_day("yesterday"), None);
    }

    #[test]
    fn keys_fold_case_accents_and_possessives() {
        assert_eq!(phrase_key("The Kremlin"), "kremlin");
        assert_eq!(phrase_key("Russia’s"), "russia 's");
        assert_eq!(phrase_key("Élysée Palace"), "elysee palace");
        assert_eq!(phrase_key("SOUTH_OSSETIA_"), "south ossetia");
    }

    #[test]
    fn plurals_are_regular() {
        assert_eq!(regular_plurals("police officer"), vec!["police officers"]);
        assert_eq!(regular_plurals("militia"), vec!["militias"]);
        assert_eq!(regular_plurals("spokesman"), vec!["spokesmen"]);
        assert_eq!(regular_plurals("authority"), vec!["authorities"]);
    }
}
