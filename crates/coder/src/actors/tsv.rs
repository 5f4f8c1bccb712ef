//! Loaders for dyad's own actor dictionaries (TSV, documented in `data/actors/README.md`).

use std::collections::{HashMap, HashSet};

use super::dict::{
    dict_error, parse_day, phrase_key, regular_plurals, Agent, Dictionaries, Entry, EntryKind,
    Gender, Term,
};
use crate::CoderError;

/// The dictionaries shipped in the binary: (file name, contents).
pub const PHRASE_TABLES: &[(&str, &str)] = &[
    (
        "countries.tsv",
        include_str!("../../data/actors/countries.tsv"),
    ),
    (SEATS, include_str!("../../data/actors/seats.tsv")),
    ("regions.tsv", include_str!("../../data/actors/regions.tsv")),
    (
        "organisations.tsv",
        include_str!("../../data/actors/organisations.tsv"),
    ),
    ("outlets.tsv", include_str!("../../data/actors/outlets.tsv")),
    (
        SUBDIVISIONS,
        include_str!("../../data/actors/subdivisions.derived.tsv"),
    ),
];

/// Provinces, states and major cities coded as their state, derived from the place tables by
/// `data/actors/tools/seed_subdivisions.py`.
pub const SUBDIVISIONS: &str = "subdivisions.derived.tsv";

/// The seats-of-government table (institutions named by their building or street); an actor
/// coded from it has a rule starting with this name.
pub const SEATS: &str = "seats.tsv";
pub const PERSONS: &str = include_str!("../../data/actors/persons.tsv");
pub const PERSONS_DERIVED: &str = include_str!("../../data/actors/persons_countryinfo.tsv");
pub const AGENTS: &str = include_str!("../../data/actors/agents.tsv");
pub const DESCRIPTORS: &str = include_str!("../../data/actors/descriptors.tsv");
pub const FIRST_NAMES: &str = include_str!("../../data/actors/first_names.tsv");
pub const PERSON_NOUNS: &str = include_str!("../../data/actors/person_nouns.tsv");

/// Data lines of a TSV file: (1-based line number, fields). `#` starts a comment line.
fn rows(text: &str) -> impl Iterator<Item = (usize, Vec<&str>)> {
    text.lines().enumerate().filter_map(|(i, line)| {
        let t = line.trim_end_matches('\r');
        if t.trim().is_empty() || t.trim_start().starts_with('#') {
            None
        } else {
            Some((i + 1, t.split('\t').map(str::trim).collect()))
        }
    })
}

fn field<'a>(f: &[&'a str], i: usize) -> &'a str {
    f.get(i).copied().unwrap_or("")
}

fn day_field(path: &str, line: usize, s: &str) -> Result<Option<u32>, CoderError> {
    if s.is_empty() {
        return Ok(None);
    }
    parse_day(s)
        .map(Some)
        .ok_or_else(|| dict_error(path, line, format!("bad date {s:?} (want YYYY-MM-DD)")))
}

fn check_code(path: &str, line: usize, code: &str) -> Result<(), CoderError> {
    if code.len() < 3
        || !code.len().is_multiple_of(3)
        || !code
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
    {
        return Err(dict_error(
            path,
            line,
            format!("bad code {code:?} (want 3-letter blocks such as RUS or RUSGOV)"),
        ));
    }
    Ok(())
}

fn gender_field(path: &str, line: usize, s: &str) -> Result<Option<Gender>, CoderError> {
    match s {
        "" => Ok(None),
        "m" | "M" => Ok(Some(Gender::Male)),
        "f" | "F" => Ok(Some(Gender::Female)),
        _ => Err(dict_error(
            path,
            line,
            format!("bad gender {s:?} (want m or f)"),
        )),
    }
}

/// Loads a phrase table: `code  kind  phrase  [from  to  parent]`.
pub fn load_phrase_table(
    dict: &mut Dictionaries,
    path: &str,
    text: &str,
) -> Result<(), CoderError> {
    // Canonical name of a code: the first name-like phrase given for it in the file.
    let mut canonical: HashMap<String, String> = HashMap::new();
    let mut last_named: Option<(String, String)> = None;
    let mut parsed = Vec::new();
    for (line, f) in rows(text) {
        if f.len() < 3 {
            return Err(dict_error(
                path,
                line,
                "want at least 3 tab-separated fields: code, kind, phrase",
            ));
        }
        let (code, kind_s, phrase) = (f[0], f[1], f[2]);
        check_code(path, line, code)?;
        if phrase.is_empty() {
            return Err(dict_error(path, line, "empty phrase"));
        }
        let (kind, code) = match kind_s {
            "name" => (EntryKind::Country, code.to_string()),
            "adj" => (EntryKind::Adjective, code.to_string()),
            "capital" => (EntryKind::Seat, format!("{code}GOV")),
            "seat" => (EntryKind::Seat, code.to_string()),
            "region" => (EntryKind::Region, code.to_string()),
            "region_adj" => (EntryKind::RegionAdjective, code.to_string()),
            "igo" | "org" => (EntryKind::Organisation, code.to_string()),
            "outlet" => (EntryKind::Outlet, code.to_string()),
            "group" => (EntryKind::Group, code.to_string()),
            other => {
                return Err(dict_error(
                    path,
                    line,
                    format!("unknown kind {other:?} (name, adj, capital, seat, region, region_adj, igo, outlet, group)"),
                ))
            }
        };
        let from = day_field(path, line, field(&f, 3))?;
        let to = day_field(path, line, field(&f, 4))?;
        let parent = Some(field(&f, 5))
            .filter(|s| !s.is_empty())
            .map(str::to_string);
        // A region row coded as its own de jure state ("Crimea" -> UKR) names itself.
        let fallback_row = parent.as_deref() == Some(code.as_str());
        let name = if kind == EntryKind::Region && fallback_row {
            phrase.to_string()
        } else if matches!(kind, EntryKind::Country | EntryKind::Region) {
            canonical
                .entry(code.clone())
                .or_insert_with(|| phrase.to_string())
                .clone()
        } else if matches!(
            kind,
            EntryKind::Adjective | EntryKind::RegionAdjective | EntryKind::Seat
        ) && kind_s != "seat"
        {
            // Adjectives and capitals are named after their country (set below if it comes later).
            String::new()
        } else {
            // Organisations, outlets, groups, seats: each phrase names itself, except acronyms
            // and "The X" variants, which take the name of the row before with the same code.
            match &last_named {
                Some((c, n)) if *c == code && is_variant(phrase, n) => n.clone(),
                _ => phrase.to_string(),
            }
        };
        if !name.is_empty() {
            last_named = Some((code.clone(), name.clone()));
        }
        parsed.push((line, kind, code, phrase.to_string(), from, to, parent, name));
    }
    // One entry per (kind, phrase); rows repeating a phrase add date-ranged terms.
    let mut by_phrase: HashMap<(EntryKind, String), usize> = HashMap::new();
    let listed: HashSet<String> = parsed
        .iter()
        .map(|(_, _, _, phrase, ..)| phrase_key(phrase))
        .collect();
    for (line, kind, code, phrase, from, to, parent, own_name) in parsed {
        let term = Term {
            code: code.clone(),
            from,
            to,
            office: None,
        };
        let key = (kind, phrase_key(&phrase));
        if let Some(&idx) = by_phrase.get(&key) {
            if !dict.entries[idx].terms.contains(&term) {
                dict.entries[idx].terms.push(term);
            }
            continue;
        }
        let country = code.get(0..3).unwrap_or(&code).to_string();
        let name = if own_name.is_empty() {
            canonical
                .get(&code)
                .or_else(|| canonical.get(&country))
                .cloned()
                .unwrap_or_else(|| phrase.clone())
        } else {
            own_name
        };
        let entry = Entry {
            name,
            kind,
            terms: vec![term],
            source: format!("{path}:{line}"),
            gender: None,
            parent,
            priority: 2,
        };
        // "Kenyan" also names "Kenyans", unless the table lists the plural itself.
        let mut phrases = vec![phrase.clone()];
        if kind == EntryKind::Adjective {
            phrases.extend(demonym_plural(&phrase).filter(|p| !listed.contains(&phrase_key(p))));
        }
        let idx = dict.add_entry(entry, &phrases);
        by_phrase.insert(key, idx);
    }
    Ok(())
}

/// The plural of a demonym that takes one: "Kenyan" → "Kenyans", "Iraqi" → "Iraqis"
/// ("Chinese", "French", "Swiss" take none).
fn demonym_plural(adjective: &str) -> Option<String> {
    let last = adjective.chars().last()?;
    let ends_like_noun = matches!(last, 'n' | 'i') && !adjective.ends_with("ese");
    ends_like_noun.then(|| format!("{adjective}s"))
}

/// True when `phrase` is another way to write `name`: an acronym ("AP"), "The Associated
/// Press", or a name with dots ("U.N.").
fn is_variant(phrase: &str, name: &str) -> bool {
    let bare = phrase
        .strip_prefix("The ")
        .or_else(|| phrase.strip_prefix("the "))
        .unwrap_or(phrase);
    let letters: Vec<char> = bare.chars().filter(|c| c.is_alphabetic()).collect();
    let acronym = !letters.is_empty()
        && letters.len() <= 6
        && letters.iter().all(|c| c.is_uppercase())
        && !bare.contains(' ');
    // An acronym spells the name's initials ("AP", "ICRC"); "CNN" after "Bloomberg News" is
    // another outlet of the same country.
    let initials: Vec<char> = name
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter_map(|w| w.chars().next())
        .flat_map(char::to_uppercase)
        .collect();
    let mut rest = initials.iter();
    let spells = letters.iter().all(|l| rest.any(|i| i == l))
        // "ISIS" (of Iraq and Syria) for "Islamic State", "CNA" for "Channel NewsAsia".
        || letters.len() >= 2 && initials.len() >= 2 && letters[..2] == initials[..2]
        // "NBC" for "NBC News".
        || name.split_whitespace().next() == Some(bare);
    acronym && spells
        || phrase_key(bare) == phrase_key(name)
        || bare.contains('.') && !bare.contains(' ')
}

/// Loads persons: `name  aliases(|-separated)  code  from  to  office  gender`. Rows with the same
/// name add terms. Persons whose name is already known from a higher-priority file are skipped.
pub fn load_persons(
    dict: &mut Dictionaries,
    path: &str,
    text: &str,
    priority: u8,
) -> Result<(), CoderError> {
    let known: HashSet<String> = dict
        .entries
        .iter()
        .filter(|e| e.kind == EntryKind::Person && e.priority > priority)
        .map(|e| phrase_key(&e.name))
        .collect();
    let mut by_name: HashMap<String, usize> = HashMap::new();
    for (line, f) in rows(text) {
        if f.len() < 3 {
            return Err(dict_error(
                path,
                line,
                "want at least 3 tab-separated fields: name, aliases, code",
            ));
        }
        let (name, aliases, code) = (f[0], f[1], f[2]);
        if name.is_empty() {
            return Err(dict_error(path, line, "empty name"));
        }
        check_code(path, line, code)?;
        let key = phrase_key(name);
        if known.contains(&key) {
            continue;
        }
        let from = day_field(path, line, field(&f, 3))?;
        let to = day_field(path, line, field(&f, 4))?;
        if let (Some(a), Some(b)) = (from, to) {
            if a > b {
                return Err(dict_error(path, line, "term ends before it starts"));
            }
        }
        let office = Some(field(&f, 5))
            .filter(|s| !s.is_empty())
            .map(str::to_string);
        let gender = gender_field(path, line, field(&f, 6))?;
        let term = Term {
            code: code.to_string(),
            from,
            to,
            office,
        };
        let alias_list: Vec<String> = aliases
            .split('|')
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .map(str::to_string)
            .collect();
        if let Some(&idx) = by_name.get(&key) {
            dict.entries[idx].terms.push(term);
            if gender.is_some() {
                dict.entries[idx].gender = gender;
            }
            for a in &alias_list {
                dict.add_form(idx, a);
            }
            continue;
        }
        let mut phrases = vec![name.to_string()];
        phrases.extend(alias_list);
        // "Carlos Saul Menem" is written "Carlos Menem" too: given and family name without the
        // middle names (not for names with particles: "Mohammed bin Salman").
        let parts: Vec<&str> = name.split_whitespace().collect();
        let plain = parts.iter().all(|p| {
            p.chars().next().is_some_and(char::is_uppercase) && p.chars().all(char::is_alphabetic)
        });
        if parts.len() >= 3 && plain {
            phrases.push(format!("{} {}", parts[0], parts[parts.len() - 1]));
        }
        let entry = Entry {
            name: name.to_string(),
            kind: EntryKind::Person,
            terms: vec![term],
            source: format!("{path}:{line}"),
            gender,
            parent: None,
            priority,
        };
        let idx = dict.add_entry(entry, &phrases);
        by_name.insert(key, idx);
    }
    Ok(())
}

/// Loads role nouns: `code  phrase  kind(person|body)  plural  office  gender`.
/// `plural` empty = regular English plural, `-` = none (mass nouns such as "police").
pub fn load_agents(dict: &mut Dictionaries, path: &str, text: &str) -> Result<(), CoderError> {
    for (line, f) in rows(text) {
        if f.len() < 3 {
            return Err(dict_error(
                path,
                line,
                "want at least 3 tab-separated fields: code, phrase, kind",
            ));
        }
        let (code, phrase, kind) = (f[0], f[1], f[2]);
        check_code(path, line, code)?;
        let person = match kind {
            "person" => true,
            "body" => false,
            other => {
                return Err(dict_error(
                    path,
                    line,
                    format!("unknown kind {other:?} (person or body)"),
                ))
            }
        };
        let plural = field(&f, 3);
        let plurals = match plural {
            "" => regular_plurals(phrase),
            "-" => vec![],
            p => p.split('|').map(str::to_string).collect(),
        };
        let agent = Agent {
            suffix: code.to_string(),
            prefix: String::new(),
            phrase: phrase.to_string(),
            source: format!("{path}:{phrase}"),
            mass: plural == "-",
            office: Some(field(&f, 4))
                .filter(|s| !s.is_empty())
                .map(str::to_string),
            gender: gender_field(path, line, field(&f, 5))?,
            person,
        };
        dict.add_agent(agent, &plurals);
    }
    Ok(())
}

/// What a descriptive noun phrase ("the region", "the self-declared republic") can refer to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DescriptorTarget {
    /// A country or region.
    Place,
    /// A breakaway region specifically.
    Region,
    /// An organisation.
    Organisation,
    /// An organisation whose name holds the noun ("the council" → the U.N. Security Council).
    NamedOrganisation,
}

/// Loads `head-noun  target` rows.
pub fn load_descriptors(
    path: &str,
    text: &str,
) -> Result<HashMap<String, DescriptorTarget>, CoderError> {
    let mut out = HashMap::new();
    for (line, f) in rows(text) {
        let target = match field(&f, 1) {
            "place" => DescriptorTarget::Place,
            "region" => DescriptorTarget::Region,
            "org" => DescriptorTarget::Organisation,
            "named" => DescriptorTarget::NamedOrganisation,
            other => {
                return Err(dict_error(
                    path,
                    line,
                    format!("unknown target {other:?} (place, region, org, named)"),
                ))
            }
        };
        out.insert(phrase_key(f[0]), target);
    }
    Ok(out)
}

/// Loads `first-name  m|f` rows.
pub fn load_first_names(path: &str, text: &str) -> Result<HashMap<String, Gender>, CoderError> {
    let mut out = HashMap::new();
    for (line, f) in rows(text) {
        if let Some(g) = gender_field(path, line, field(&f, 1))? {
            out.insert(phrase_key(f[0]), g);
        }
    }
    Ok(out)
}

/// Loads `noun  [m|f]` rows: singular common nouns naming a person, with their gender.
pub fn load_person_nouns(
    path: &str,
    text: &str,
) -> Result<HashMap<String, Option<Gender>>, CoderError> {
    let mut out = HashMap::new();
    for (line, f) in rows(text) {
        out.insert(phrase_key(f[0]), gender_field(path, line, field(&f, 1))?);
    }
    Ok(out)
}

/// All default dictionaries.
pub fn load_default() -> Result<Dictionaries, CoderError> {
    let mut dict = Dictionaries::default();
    load_default_places_and_orgs(&mut dict)?;
    load_persons(&mut dict, "persons.tsv", PERSONS, 2)?;
    load_persons(&mut dict, "persons_countryinfo.tsv", PERSONS_DERIVED, 1)?;
    load_agents(&mut dict, "agents.tsv", AGENTS)?;
    dict.index_surnames();
    Ok(dict)
}

pub fn load_default_places_and_orgs(dict: &mut Dictionaries) -> Result<(), CoderError> {
    for (path, text) in PHRASE_TABLES {
        load_phrase_table(dict, path, text)?;
    }
    Ok(())
}

/// Only the outlets (kept when PETRARCH actor files replace the other actor dictionaries).
pub fn load_default_outlets(dict: &mut Dictionaries) -> Result<(), CoderError> {
    for (path, text) in PHRASE_TABLES.iter().filter(|(p, _)| *p == "outlets.tsv") {
        load_phrase_table(dict, path, text)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_acronym_names_the_row_before_only_when_it_spells_it() {
        let mut d = Dictionaries::default();
        let table = "USAMED\toutlet\tAssociated Press\nUSAMED\toutlet\tAP\n\
                     USAMED\toutlet\tBloomberg News\nUSAMED\toutlet\tBN\nUSAMED\toutlet\tCNN\n\
                     NGOHLHIRC\tgroup\tInternational Committee of the Red Cross\n\
                     NGOHLHIRC\tgroup\tICRC\n";
        load_phrase_table(&mut d, "o.tsv", table).unwrap();
        let name_of = |phrase: &str| {
            let key = phrase_key(phrase);
            d.forms[&key]
                .first()
                .map(|f| d.entries[f.entry].name.clone())
        };
        assert_eq!(name_of("AP").as_deref(), Some("Associated Press"));
        assert_eq!(name_of("CNN").as_deref(), Some("CNN"));
        assert_eq!(name_of("BN").as_deref(), Some("Bloomberg News"));
        assert_eq!(
            name_of("ICRC").as_deref(),
            Some("International Committee of the Red Cross")
        );
    }

    #[test]
    fn bad_rows_name_file_and_line() {
        let mut d = Dictionaries::default();
        let err = load_phrase_table(
            &mut d,
            "x.tsv",
            "# c\nRUS\tname\tRussia\nRUS\tnoun\tRussia\n",
        )
        .unwrap_err();
        assert_eq!(err.to_string(), "x.tsv:3: unknown kind \"noun\" (name, adj, capital, seat, region, region_adj, igo, outlet, group)");
        let err = load_persons(&mut d, "p.tsv", "A B\t\tRUSGOV\t2010-13-01\n", 2).unwrap_err();
        assert!(err.to_string().starts_with("p.tsv:1: bad date"), "{err}");
        let err = load_agents(&mut d, "a.tsv", "cop\tpolice\tbody\n").unwrap_err();
        assert!(err.to_string().starts_with("a.tsv:1: bad code"), "{err}");
    }

    #[test]
    fn repeated_phrases_become_date_ranged_terms() {
        let mut d = Dictionaries::default();
        load_phrase_table(
            &mut d,
            "r.tsv",
            "UKR\tregion\tDonetsk\t\t2014-04-06\nDPR\tregion\tDonetsk\t2014-04-07\t\tUKR\n",
        )
        .unwrap();
        let i = d.best_entry("donetsk", None).unwrap();
        assert_eq!(d.entries[i].terms.len(), 2);
        assert_eq!(d.entries[i].code_on(Some(20100101)).unwrap().0, "UKR");
        assert_eq!(d.entries[i].code_on(Some(20220101)).unwrap().0, "DPR");
    }
}
