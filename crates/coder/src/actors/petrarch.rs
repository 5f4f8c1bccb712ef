//! Loaders for PETRARCH/TABARI actor and agent dictionaries (`Phoenix.*.actors.txt`,
//! `Phoenix.agents.txt`).
//!
//! Actor files: an entry line `NAME_WORDS_ [CODE date]…`, synonym lines `+OTHER_NAME_`, and
//! code lines (indented or starting with `[`) that add `[CODE]`, `[CODE YYMMDD-YYMMDD]`,
//! `[CODE >YYMMDD]` or `[CODE YYMMDD]` (from), `[CODE <YYMMDD]` (until) terms to the current entry; `#` starts a
//! comment. Dates may have 6 (YYMMDD: 00–30 → 20YY) or 8 digits.
//!
//! Agent files: `!SET! = A, B` substitution sets, then `PHRASE {PLURALS} [~CODE]` lines where
//! `~GOV` appends a role to a country and `IGO~` puts a code before it; `{}` means no plural,
//! absent braces mean regular English plurals. A phrase with no code takes the code of the
//! next coded line.
//!
//! PETRARCH treats a final word without `_` as a stem (prefix match); dyad matches it as a
//! whole word plus its regular plurals.

use std::collections::HashMap;
use std::path::Path;

use super::dict::{dict_error, regular_plurals, Agent, Day, Dictionaries, Entry, EntryKind, Term};
use crate::CoderError;

fn read(path: &Path) -> Result<String, CoderError> {
    let bytes = std::fs::read(path).map_err(|source| CoderError::Io {
        path: path.display().to_string(),
        source,
    })?;
    // The Phoenix files are mostly ASCII with some Latin-1 bytes; never fail on encoding.
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

fn strip_comment(line: &str) -> &str {
    line.split('#').next().unwrap_or("")
}

/// A TABARI date: 8 digits YYYYMMDD or 6 digits YYMMDD. Longer digit runs (typos such as
/// `1920030320`) are read as the valid 8-digit date they contain.
fn tabari_day(s: &str) -> Option<Day> {
    let d: String = s.chars().filter(|c| c.is_ascii_digit()).collect();
    let valid = |v: u32| {
        let (y, m, dd) = (v / 10000, v / 100 % 100, v % 100);
        (1800..=2100).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&dd)
    };
    match d.len() {
        8 => d.parse().ok().filter(|&v| valid(v)),
        6 => {
            let v: u32 = d.parse().ok()?;
            let yy = v / 10000;
            let year = if yy <= 30 { 2000 + yy } else { 1900 + yy };
            Some(year * 10000 + v % 10000).filter(|&v| valid(v))
        }
        // A stray extra digit (`9008223`): the valid 6-digit date at either end.
        7 => [&d[..6], &d[1..]].iter().find_map(|w| tabari_day(w)),
        n if n > 8 => [&d[n - 8..], &d[..8]]
            .iter()
            .filter_map(|w| w.parse().ok())
            .find(|&v| valid(v)),
        _ => None,
    }
}

/// Parses the `[…]` blocks of a line into terms.
fn parse_codes(path: &str, line_no: usize, text: &str) -> Result<Vec<Term>, CoderError> {
    let mut terms = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        let Some(close) = rest[open..].find(']') else {
            return Err(dict_error(path, line_no, "unclosed '[' in code"));
        };
        let inner = rest[open + 1..open + close].trim();
        rest = &rest[open + close + 1..];
        let mut parts = inner.splitn(2, char::is_whitespace);
        let code = parts.next().unwrap_or("").trim().to_ascii_uppercase();
        let range = parts.next().unwrap_or("").trim();
        if code.is_empty() {
            return Err(dict_error(path, line_no, "empty code []"));
        }
        if code == "---" {
            continue; // TABARI's "no code"
        }
        if !code.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(dict_error(path, line_no, format!("bad code {code:?}")));
        }
        let bad_date = || {
            dict_error(
                path,
                line_no,
                format!("bad date range {range:?} in [{inner}]"),
            )
        };
        let (from, to) = if range.is_empty() {
            (None, None)
        } else if let Some(d) = range.strip_prefix('>') {
            (Some(tabari_day(d).ok_or_else(bad_date)?), None)
        } else if let Some(d) = range.strip_prefix('<') {
            (None, Some(tabari_day(d).ok_or_else(bad_date)?))
        } else if let Some((a, b)) = range.split_once('-') {
            (
                Some(tabari_day(a).ok_or_else(bad_date)?),
                Some(tabari_day(b).ok_or_else(bad_date)?),
            )
        } else {
            // A bare date (`[MNEGOV 20121204]`) reads as "from then on", like `>`.
            (Some(tabari_day(range).ok_or_else(bad_date)?), None)
        };
        terms.push(Term {
            code,
            from,
            to,
            office: None,
        });
    }
    if !rest.trim().is_empty() && rest.contains(']') {
        return Err(dict_error(path, line_no, "unmatched ']'"));
    }
    Ok(terms)
}

fn entry_kind(terms: &[Term]) -> EntryKind {
    if terms.iter().any(|t| !t.is_undated()) {
        EntryKind::Person
    } else if terms.iter().all(|t| t.code.len() == 3) && !terms.is_empty() {
        EntryKind::Country
    } else {
        EntryKind::Group
    }
}

struct Pending {
    name: String,
    phrases: Vec<String>,
    terms: Vec<Term>,
    line: usize,
}

fn flush(dict: &mut Dictionaries, path: &str, p: Option<Pending>) -> Result<(), CoderError> {
    let Some(p) = p else { return Ok(()) };
    if p.terms.is_empty() {
        // TABARI allows a name with no code yet (a placeholder); it codes nothing.
        return Ok(());
    }
    let kind = entry_kind(&p.terms);
    let entry = Entry {
        name: pretty(&p.name),
        kind,
        terms: p.terms,
        source: format!("{path}:{}", p.line),
        gender: None,
        parent: None,
        priority: 2,
    };
    dict.add_entry(entry, &p.phrases);
    Ok(())
}

/// "VLADIMIR_PUTIN_" → "Vladimir Putin".
fn pretty(name: &str) -> String {
    name.trim()
        .trim_end_matches('_')
        .split(['_', ' '])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let lower = w.to_lowercase();
            let mut c = lower.chars();
            match c.next() {
                Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Loads one PETRARCH actor file into `dict`.
pub fn load_actors_file(dict: &mut Dictionaries, path: &Path) -> Result<(), CoderError> {
    let text = read(path)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    load_actors(dict, &name, &text)
}

pub fn load_actors(dict: &mut Dictionaries, path: &str, text: &str) -> Result<(), CoderError> {
    let mut current: Option<Pending> = None;
    for (i, raw) in text.lines().enumerate() {
        let line_no = i + 1;
        let line = strip_comment(raw).trim_end();
        if line.trim().is_empty() {
            continue;
        }
        if let Some(syn) = line.strip_prefix('+') {
            let Some(cur) = current.as_mut() else {
                return Err(dict_error(
                    path,
                    line_no,
                    "synonym '+' before any actor entry",
                ));
            };
            let (phrase, codes) = syn
                .split_once('[')
                .map(|(a, b)| (a, format!("[{b}")))
                .unwrap_or((syn, String::new()));
            if !phrase.trim().is_empty() {
                cur.phrases.push(phrase.trim().to_string());
            }
            cur.terms.extend(parse_codes(path, line_no, &codes)?);
            continue;
        }
        // Code lines start with '[' (usually indented); an indented name is a new entry.
        let line = line.trim_start();
        if line.starts_with('[') {
            let Some(cur) = current.as_mut() else {
                return Err(dict_error(
                    path,
                    line_no,
                    "code line before any actor entry",
                ));
            };
            cur.terms.extend(parse_codes(path, line_no, line)?);
            continue;
        }
        if line.contains(']') && !line.contains('[') {
            return Err(dict_error(path, line_no, "unmatched ']'"));
        }
        flush(dict, path, current.take())?;
        let (name, codes) = match line.find('[') {
            Some(k) => (&line[..k], &line[k..]),
            None => (line, ""),
        };
        let name = name.trim();
        if name.is_empty() {
            return Err(dict_error(path, line_no, "entry with no name"));
        }
        current = Some(Pending {
            name: name.to_string(),
            phrases: vec![name.to_string()],
            terms: parse_codes(path, line_no, codes)?,
            line: line_no,
        });
    }
    flush(dict, path, current.take())
}

/// Loads a PETRARCH agents file into `dict` (role nouns).
pub fn load_agents_file(dict: &mut Dictionaries, path: &Path) -> Result<(), CoderError> {
    let text = read(path)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    load_agents(dict, &name, &text)
}

fn looks_like_person(phrase: &str) -> bool {
    let last = phrase
        .rsplit([' ', '_'])
        .find(|w| !w.is_empty())
        .unwrap_or("")
        .to_lowercase();
    [
        "er", "or", "ist", "man", "men", "ian", "ant", "ent", "ee", "ive", "cian", "ier", "ess",
        "person", "leader", "chief",
    ]
    .iter()
    .any(|s| last.ends_with(s))
}

pub fn load_agents(dict: &mut Dictionaries, path: &str, text: &str) -> Result<(), CoderError> {
    let mut sets: HashMap<String, Vec<String>> = HashMap::new();
    let mut pending: Vec<(String, Vec<String>, usize)> = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line_no = i + 1;
        let line = strip_comment(raw).trim();
        if line.is_empty() || line.starts_with("<!") {
            continue;
        }
        // Substitution set: !PERSON! = MAN, MEN, WOMAN
        if line.starts_with('!') && line.contains('=') && !line.contains('[') {
            let (name, values) = line.split_once('=').unwrap_or((line, ""));
            let name = name.trim();
            if !(name.len() > 2 && name.ends_with('!')) {
                return Err(dict_error(
                    path,
                    line_no,
                    format!("bad substitution set name {name:?}"),
                ));
            }
            let vals: Vec<String> = values
                .split(',')
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
                .collect();
            if vals.is_empty() {
                return Err(dict_error(path, line_no, "empty substitution set"));
            }
            sets.insert(name.to_string(), vals);
            continue;
        }
        let (head, code) = match line.find('[') {
            Some(k) => {
                // Phoenix.agents.txt has one `[~ENV}`: accept a brace typo at the end of a line.
                let close = line[k..].find(']').or_else(|| {
                    line.trim_end()
                        .ends_with('}')
                        .then(|| line.trim_end().len() - 1 - k)
                        .filter(|&c| !line[k..k + c].contains('{'))
                });
                let Some(close) = close else {
                    return Err(dict_error(path, line_no, "unclosed '[' in code"));
                };
                (&line[..k], Some(line[k + 1..k + close].trim()))
            }
            None => (line, None),
        };
        // Plurals in braces.
        let (phrase, plurals) = match head.find('{') {
            Some(k) => {
                let Some(close) = head[k..].find('}') else {
                    return Err(dict_error(path, line_no, "unclosed '{' in plural"));
                };
                let inner = &head[k + 1..k + close];
                let plurals: Vec<String> = inner
                    .split([',', ' '])
                    .map(str::trim)
                    .filter(|p| !p.is_empty())
                    .map(str::to_string)
                    .collect();
                (head[..k].trim(), Some(plurals))
            }
            None => (head.trim(), None),
        };
        if phrase.is_empty() {
            return Err(dict_error(path, line_no, "agent with no phrase"));
        }
        let expanded = expand(phrase, &sets).map_err(|e| dict_error(path, line_no, e))?;
        for p in expanded {
            let pl = match &plurals {
                Some(v) => v.clone(),
                None => regular_plurals(p.replace('_', " ").trim()),
            };
            pending.push((p, pl, line_no));
        }
        let Some(code) = code else { continue };
        let (prefix, suffix) = match code.split_once('~') {
            Some((pre, suf)) => (
                pre.trim().to_ascii_uppercase(),
                suf.trim().to_ascii_uppercase(),
            ),
            None => {
                return Err(dict_error(
                    path,
                    line_no,
                    format!("agent code {code:?} has no '~' (want [~GOV] or [IGO~])"),
                ))
            }
        };
        if !(prefix
            .chars()
            .chain(suffix.chars())
            .all(|c| c.is_ascii_alphanumeric()))
            || prefix.is_empty() && suffix.is_empty()
        {
            return Err(dict_error(
                path,
                line_no,
                format!("bad agent code {code:?}"),
            ));
        }
        for (p, pl, ln) in pending.drain(..) {
            let agent = Agent {
                suffix: suffix.clone(),
                prefix: prefix.clone(),
                person: looks_like_person(&p),
                mass: pl.is_empty(),
                phrase: p.replace('_', " ").trim().to_string(),
                source: format!("{path}:{ln}"),
                office: None,
                gender: None,
            };
            dict.add_agent(agent, &pl);
        }
    }
    if let Some((p, _, ln)) = pending.first() {
        return Err(dict_error(
            path,
            *ln,
            format!("agent {p:?} has no code before the end of the file"),
        ));
    }
    Ok(())
}

/// Expands `!SET!` references in a phrase into every alternative.
fn expand(phrase: &str, sets: &HashMap<String, Vec<String>>) -> Result<Vec<String>, String> {
    let Some(start) = phrase.find('!') else {
        return Ok(vec![phrase.to_string()]);
    };
    let Some(len) = phrase[start + 1..].find('!') else {
        return Err(format!("unclosed substitution '!' in {phrase:?}"));
    };
    let name = &phrase[start..start + len + 2];
    let values = sets
        .get(name)
        .ok_or_else(|| format!("unknown substitution set {name}"))?;
    let mut out = Vec::new();
    for v in values {
        let replaced = format!("{}{}{}", &phrase[..start], v, &phrase[start + len + 2..]);
        out.extend(expand(&replaced, sets)?);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tabari_dates_in_six_and_eight_digits() {
        assert_eq!(tabari_day("080507"), Some(20080507));
        assert_eq!(tabari_day("630101"), Some(19630101));
        assert_eq!(tabari_day("20140607"), Some(20140607));
        assert_eq!(tabari_day("1920030320"), Some(20030320));
        assert_eq!(tabari_day("9008223"), Some(19900822));
        assert_eq!(tabari_day("12"), None);
    }

    #[test]
    fn actor_entries_with_synonyms_and_dated_codes() {
        let mut d = Dictionaries::default();
        let text = "# comment\nVLADIMIR_PUTIN_  # CountryInfo.txt\n+PUTIN_\n\t[RUSGOV 991231-080507]\n\t[RUSGOV >120507]\n\t[RUSELI]\nRUSSIA_ [RUS]\n+RUSSIAN_\n";
        load_actors(&mut d, "x.actors.txt", text).unwrap();
        let i = d.best_entry("putin", None).unwrap();
        assert_eq!(d.entries[i].name, "Vladimir Putin");
        assert_eq!(d.entries[i].code_on(Some(20050101)).unwrap().0, "RUSGOV");
        assert_eq!(d.entries[i].code_on(Some(20100101)).unwrap().0, "RUSELI");
        let r = d.best_entry("russian", None).unwrap();
        assert_eq!(d.entries[r].kind, EntryKind::Country);
    }

    #[test]
    fn bad_actor_lines_report_file_and_line() {
        let mut d = Dictionaries::default();
        let err = load_actors(&mut d, "bad.txt", "X_ [RUS\n").unwrap_err();
        assert_eq!(err.to_string(), "bad.txt:1: unclosed '[' in code");
        let err = load_actors(&mut d, "bad.txt", "\n+ORPHAN_\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "bad.txt:2: synonym '+' before any actor entry"
        );
        let err = load_actors(&mut d, "bad.txt", "A_\n\t[RUSGOV 2008x-2009]\n").unwrap_err();
        assert!(
            err.to_string().starts_with("bad.txt:2: bad date range"),
            "{err}"
        );
    }

    #[test]
    fn agents_expand_sets_and_plurals() {
        let mut d = Dictionaries::default();
        let text = "!MINIST! = MINISTER, MINISTRY\nPOLICE {} [~COP]\n!MINIST! OF_DEFENSE [~GOVMIL]\nREBEL [~REB]\nPEACEKEEPING_TROOPS {} [IGO~]\n";
        load_agents(&mut d, "agents.txt", text).unwrap();
        assert!(d.agent_forms.contains_key("police"));
        assert!(!d.agent_forms.contains_key("polices"));
        assert_eq!(
            d.agents[d.agent_forms["ministry of defense"]].suffix,
            "GOVMIL"
        );
        assert!(d.agent_forms.contains_key("rebels"));
        assert_eq!(d.agents[d.agent_forms["peacekeeping troops"]].prefix, "IGO");
        let err = load_agents(&mut d, "agents.txt", "SOLDIER [GOV]\n").unwrap_err();
        assert!(
            err.to_string().starts_with("agents.txt:1: agent code"),
            "{err}"
        );
        let err = load_agents(&mut d, "agents.txt", "LONELY\n").unwrap_err();
        assert!(
            err.to_string()
                .starts_with("agents.txt:1: agent \"LONELY\" has no code"),
            "{err}"
        );
    }
}
