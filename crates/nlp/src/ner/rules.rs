//! Rules applied to the spans the weights found, one sentence at a time: where Universal NER
//! puts a name's edges (titles out of a person's name, regnal numbers and legal-form suffixes
//! in), names the lists know but the weights missed, and names that context decides (a
//! possessive that owns nothing is a business, a place after "Treaty of" names an accord).
//! Each rule is a function over the sentence's words, its name-list matches and its spans;
//! [`super::NerModel::predict`] runs them in order.

use super::features;
use super::gazetteer;
use super::glove;
use super::{starts_upper, Label, Span};
use dyad_model::lexicon::PERSON_HONORIFICS;

/// A word written like a one-word name: a capital, then lower case only, three letters or more
/// ("Tarlo", "Couch"; not "US", "McCain" or "Al").
fn plain_name_word(w: &str) -> bool {
    starts_upper(w) && w.chars().skip(1).all(char::is_lowercase) && w.chars().count() > 2
}

/// Nouns for a work whose quoted title follows ("the song \"Stephen\"").
const WORK_NOUNS: &[&str] = &[
    "song",
    "single",
    "album",
    "film",
    "movie",
    "book",
    "novel",
    "play",
    "poem",
    "series",
    "show",
    "episode",
    "edition",
    "version",
    "track",
    "opera",
    "painting",
    "documentary",
];

/// Names of holidays, diseases, policies and historical events (`not_names.txt`).
fn not_names() -> &'static [String] {
    static NAMES: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    NAMES.get_or_init(|| {
        include_str!("../../data/ner/not_names.txt")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(str::to_string)
            .collect()
    })
}

/// "Brexit", "Easter", "Eid al-Fitr", "the Ebola outbreak": a span that is, or begins with, the
/// name of a holiday, disease, policy or historical event is no entity (UNER leaves them out;
/// the weights see a capital and guess a person).
pub(super) fn drop_named_non_entities(words: &[String], spans: &mut Vec<Span>) {
    spans.retain(|s| {
        let text = words[s.start..s.end].join(" ");
        !not_names().iter().any(|n| {
            text.strip_prefix(n.as_str())
                .is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
        })
    });
}

/// `the song "Stephen"`, `their version of "Knuck If You Buck"`: names inside the quoted title
/// of a work are part of the title, no entity (Universal NER leaves works of art out).
pub(super) fn drop_names_in_work_titles(words: &[String], spans: &mut Vec<Span>) {
    let opening = |w: &str| matches!(w, "\"" | "\u{201c}" | "``");
    let closing = |w: &str| matches!(w, "\"" | "\u{201d}" | "''");
    let n = words.len();
    let mut titles: Vec<(usize, usize)> = Vec::new();
    for q in 1..n {
        if !opening(&words[q]) {
            continue;
        }
        let noun = words[q - 1].to_lowercase();
        let after_of =
            q >= 2 && noun == "of" && WORK_NOUNS.contains(&words[q - 2].to_lowercase().as_str());
        if !(WORK_NOUNS.contains(&noun.as_str()) || after_of) {
            continue;
        }
        if let Some(end) = (q + 1..n.min(q + 12)).find(|&k| closing(&words[k])) {
            titles.push((q + 1, end));
        }
    }
    spans.retain(|s| !titles.iter().any(|&(a, b)| a <= s.start && s.end <= b));
}

/// "Greg Couch will…", "Hank Green": a person found by a listed given name alone continues
/// over the capitalised word after it, a surname that is also an English word.
pub(super) fn complete_first_names(
    words: &[String],
    matches: &[gazetteer::GazMatch],
    spans: &mut [Span],
) {
    let in_list = |i: usize, list: &str| {
        matches
            .iter()
            .any(|m| m.exact && m.start <= i && i < m.end && gazetteer::LISTS[m.list].0 == list)
    };
    let taken: Vec<(usize, usize)> = spans.iter().map(|s| (s.start, s.end)).collect();
    for span in spans.iter_mut() {
        let next = span.end;
        let Some(word) = words.get(next) else {
            continue;
        };
        // Not an adverb starting the next clause of a headline ("President Moise Shortly
        // before …").
        let adverb = word.ends_with("ly")
            && matches.iter().any(|m| {
                m.start == next && m.end == next + 1 && gazetteer::LISTS[m.list].0 == "common"
            });
        let surname_like = plain_name_word(word) && !adverb;
        if span.label == Label::Per
            && span.end - span.start == 1
            && in_list(span.start, "first")
            && surname_like
            && !taken.iter().any(|&(a, b)| a <= next && next < b)
            && !["country", "city", "region", "demonym", "title", "place"]
                .iter()
                .any(|l| in_list(next, l))
        {
            span.end += 1;
        }
    }
}

/// Names a document shows to be persons: after an honorific ("Ms. Alinejad") or with an age
/// set off by commas ("Alinejad, 48, told VOA"). Their other mentions are persons too, whatever
/// the weights or the document's votes made of them.
pub(super) fn shown_persons(
    sentences: &[Vec<String>],
    spans: &[Vec<Span>],
) -> std::collections::HashSet<String> {
    let age = |w: &str| w.parse::<u8>().is_ok_and(|n| (1..=120).contains(&n));
    let mut persons = std::collections::HashSet::new();
    for (words, spans) in sentences.iter().zip(spans) {
        for s in spans {
            let before = s.start.checked_sub(1).map(|i| words[i].as_str());
            let after = |k: usize| words.get(s.end + k).map(String::as_str);
            let titled = before.is_some_and(|w| PERSON_HONORIFICS.contains(&w));
            let aged = after(0) == Some(",")
                && after(1).is_some_and(age)
                && matches!(after(2), Some("," | "."));
            if titled || aged {
                persons.insert(words[s.start..s.end].join(" "));
            }
        }
    }
    persons
}

/// The first and last words of the document's full person names ("Sun Lijun" → "Sun",
/// "Lijun"): a one-word organisation that is one of them, and no listed company or
/// organisation, is that person's short name ("Edleston's innocence" after "John Edleston").
/// Places keep their label ("Jordan" beside "Michael Jordan").
pub(super) fn person_name_parts(
    sentences: &[Vec<String>],
    spans: &[Vec<Span>],
) -> std::collections::HashSet<String> {
    let mut parts = std::collections::HashSet::new();
    for (words, spans) in sentences.iter().zip(spans) {
        for s in spans
            .iter()
            .filter(|s| s.label == Label::Per && s.end - s.start >= 2)
        {
            for w in [&words[s.start], &words[s.end - 1]] {
                // Not an acronym the weights ran into a name ("DAB 's Starry Lee").
                let word = w.chars().all(char::is_alphabetic) && w.chars().any(char::is_lowercase);
                if w.chars().count() >= 2 && word && starts_upper(w) {
                    parts.insert(w.clone());
                }
            }
        }
    }
    parts
}

/// Where the name ends that the acronym at `i` is set off to define: "… Agency (NISA)",
/// "… Agency, or NISA, said".
fn acronym_definition(words: &[String], i: usize) -> Option<usize> {
    let w = &words[i];
    let acronym = (2..=7).contains(&w.chars().count()) && w.chars().all(char::is_uppercase);
    if !acronym || i < 2 || i + 1 >= words.len() {
        return None;
    }
    if words[i - 1] == "(" && words[i + 1] == ")" {
        return Some(i - 1);
    }
    (i >= 3 && words[i - 2] == "," && words[i - 1] == "or" && words[i + 1] == ",").then(|| i - 2)
}

/// The acronyms a document defines, with the label of the name each stands for (the spans
/// [`name_defined_acronyms`] gave them): their other mentions take it, whatever the weights
/// or the document's votes made of them ("NISA said" after "the National Intelligence and
/// Security Agency, or NISA").
pub(super) fn defined_acronyms(
    sentences: &[Vec<String>],
    spans: &[Vec<Span>],
) -> std::collections::HashMap<String, Label> {
    let mut defined = std::collections::HashMap::new();
    for (words, spans) in sentences.iter().zip(spans) {
        for i in 0..words.len() {
            if acronym_definition(words, i).is_none() {
                continue;
            }
            if let Some(s) = spans.iter().find(|s| s.start == i && s.end == i + 1) {
                defined.insert(words[i].clone(), s.label);
            }
        }
    }
    defined
}

/// "The World Health Organisation (WHO)", "the Kurdistan Workers' Party (PKK)": an acronym
/// in brackets after a name whose initials spell it names the same entity, so it takes the
/// name's label, and a capitalised name the model left out is an organisation.
pub(super) fn name_defined_acronyms(words: &[String], spans: &mut Vec<Span>) {
    let initial = |w: &str| w.chars().next().filter(|c| c.is_uppercase());
    for i in 0..words.len() {
        // The name: the span ending before the bracket (comma), or capitalised words there.
        let Some(end) = acronym_definition(words, i) else {
            continue;
        };
        let letters: Vec<char> = words[i].chars().collect();
        let (start, label) = match spans.iter().find(|s| s.end == end) {
            Some(s) => (s.start, s.label),
            None => {
                let mut start = end;
                while start > 0
                    && (initial(&words[start - 1]).is_some()
                        || matches!(words[start - 1].as_str(), "of" | "for" | "and" | "&"))
                {
                    start -= 1;
                }
                while start < end && initial(&words[start]).is_none() {
                    start += 1;
                }
                (start, Label::Org)
            }
        };
        // An acronym of a law or accord ("… Sanctions Act (CAATSA)") names no entity.
        if ACCORD_HEADS.contains(&words[end - 1].as_str()) {
            continue;
        }
        let initials: Vec<char> = words[start..end]
            .iter()
            .filter_map(|w| initial(w))
            .collect();
        // The initials must end with the acronym's letters ("the US Food and Drug
        // Administration (FDA)").
        if start >= end || initials.len() < letters.len() || !initials.ends_with(&letters) {
            continue;
        }
        // A name the model found keeps its start; capitalised words start at the acronym's
        // first letter.
        let name_start = if spans.iter().any(|s| s.end == end) {
            start
        } else {
            (start..end)
                .rev()
                .filter(|&k| initial(&words[k]).is_some())
                .nth(letters.len() - 1)
                .unwrap_or(start)
        };
        spans.retain(|s| {
            let overlaps_name = s.start < end && name_start < s.end;
            let covers_acronym = s.covers(i);
            !overlaps_name && !covers_acronym
        });
        spans.push(Span {
            start: name_start,
            end,
            label,
        });
        spans.push(Span {
            start: i,
            end: i + 1,
            label,
        });
        spans.sort();
    }
}

/// Prepositions before a place.
const LOCATIVES: &[&str] = &[
    "in", "from", "to", "at", "near", "around", "between", "across", "through", "visit", "visiting",
];

/// "i live in kerala", "a man from brittany france": in a sentence written all in lower case
/// the capital is no clue, so a listed place's name there is a place when it is no common
/// English word and its word vector reads like a place's name (which keeps "turkey" and
/// "china" the food and the plates out).
pub(super) fn add_lowercase_places(
    words: &[String],
    matches: &[gazetteer::GazMatch],
    spans: &mut Vec<Span>,
) {
    if words.iter().skip(1).any(|w| starts_upper(w)) || words.len() < 3 {
        return;
    }
    let placelike = |w: &str| glove::lookup(w).is_some_and(|c| c.prior[2] >= b'3');
    let mut found: Vec<Span> = Vec::new();
    let mut candidates: Vec<&gazetteer::GazMatch> = matches
        .iter()
        .filter(|m| {
            matches!(
                gazetteer::LISTS[m.list].0,
                "country" | "city" | "region" | "place"
            )
        })
        .collect();
    candidates.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end - m.start)));
    for m in candidates {
        // After a locative preposition or another place ("from brittany france"), not "a
        // chihuahua" or "buffalo lung".
        let after_place = found.iter().any(|s| s.end == m.start);
        let located =
            m.start > 0 && (LOCATIVES.contains(&words[m.start - 1].as_str()) || after_place);
        let text = &words[m.start..m.end];
        let lower = text.iter().all(|w| w.chars().all(|c| !c.is_uppercase()));
        let long = text.iter().map(|w| w.chars().count()).sum::<usize>() >= 4;
        let common = matches.iter().any(|o| {
            o.start < m.end
                && m.start < o.end
                && matches!(gazetteer::LISTS[o.list].0, "common" | "demonym" | "first")
        });
        let taken = spans
            .iter()
            .chain(&found)
            .any(|s| s.start < m.end && m.start < s.end);
        if located && lower && long && !common && !taken && text.iter().all(|w| placelike(w)) {
            found.push(Span {
                start: m.start,
                end: m.end,
                label: Label::Loc,
            });
        }
    }
    spans.extend(found);
    spans.sort();
}

/// `"Lenhart, Matthew"`: a quoted "surname, given name" (an e-mail display name) is one
/// person, however the weights split it.
pub(super) fn join_inverted_names(words: &[String], spans: &mut Vec<Span>) {
    let quote = |w: &str| matches!(w, "\"" | "\u{201c}" | "\u{201d}");
    let n = words.len();
    for i in 1..n.saturating_sub(3) {
        let (last, comma, first, close) = (&words[i], &words[i + 1], &words[i + 2], &words[i + 3]);
        if !(quote(&words[i - 1]) && comma == "," && quote(close)) {
            continue;
        }
        if !(starts_upper(last) && starts_upper(first)) {
            continue;
        }
        let covered_by_person =
            |k: usize| spans.iter().any(|s| s.label == Label::Per && s.covers(k));
        if !(covered_by_person(i) || covered_by_person(i + 2)) {
            continue;
        }
        spans.retain(|s| s.end <= i || s.start >= i + 3);
        spans.push(Span {
            start: i,
            end: i + 3,
            label: Label::Per,
        });
        spans.sort();
    }
}

/// Titles always followed by a person's name (and the honorifics of
/// [`dyad_model::lexicon::PERSON_HONORIFICS`]).
const NAME_TITLES: &[&str] = &[
    "Emperor",
    "Empress",
    "King",
    "Queen",
    "Pope",
    "Tsar",
    "Sultan",
    "Prince",
    "Princess",
    "President",
    "Chancellor",
    "Premier",
];

/// "Emperor Meiji", "President Zelensky": a name right after a title, in words that are no
/// common English words and on no list of places or organisations, is a person the weights
/// missed.
pub(super) fn add_titled_names(
    words: &[String],
    matches: &[gazetteer::GazMatch],
    spans: &mut Vec<Span>,
) {
    let n = words.len();
    let covered = |spans: &[Span], i: usize| spans.iter().any(|s| s.covers(i));
    let name_word = |i: usize| {
        plain_name_word(&words[i])
            && !on_lists(
                matches,
                i,
                &[
                    "common", "title", "orgword", "locword", "country", "city", "region", "org",
                    "company", "demonym", "geo",
                ],
            )
    };
    let mut found = Vec::new();
    for t in 0..n.saturating_sub(1) {
        let title = &words[t].as_str();
        if !(NAME_TITLES.contains(title) || PERSON_HONORIFICS.contains(title))
            || covered(spans, t + 1)
        {
            continue;
        }
        let mut end = t + 1;
        while end < n && end - t <= 2 && name_word(end) && !covered(spans, end) {
            end += 1;
        }
        let run_goes_on = words.get(end).is_some_and(|w| starts_upper(w));
        if end > t + 1 && !run_goes_on {
            found.push(Span {
                start: t + 1,
                end,
                label: Label::Per,
            });
        }
    }
    spans.extend(found);
    spans.sort();
}

/// Epithets that complete a person's name after "the" ("Lucas Cranach the Elder").
const EPITHETS: &[&str] = &[
    "Elder",
    "Younger",
    "Great",
    "Conqueror",
    "Confessor",
    "Bold",
    "Pious",
    "Bald",
    "Fat",
    "Wise",
    "Magnificent",
    "Terrible",
    "Lionheart",
    "Just",
    "Good",
    "Fair",
];

/// Fits person names to where UNER puts their edges: a leading title, rank or nationality is
/// not part of the name ("Mrs Clinton", "Lord North", "Scotsman James Watt"), a regnal number,
/// generational suffix or epithet is ("Henry I", "Martin Luther King, Jr.", "Pliny the Elder").
pub(super) fn fit_person_names(
    words: &[String],
    matches: &[gazetteer::GazMatch],
    spans: &mut [Span],
) {
    let single_word_in = |i: usize, list: &str| {
        matches.iter().any(|m| {
            m.exact && m.start == i && m.end == i + 1 && gazetteer::LISTS[m.list].0 == list
        })
    };
    let roman = |w: &str| !w.is_empty() && w.chars().all(|c| matches!(c, 'I' | 'V' | 'X'));
    let suffix = |w: &str| matches!(w, "Jr." | "Jr" | "Sr." | "Sr");
    let taken: Vec<(usize, usize)> = spans.iter().map(|s| (s.start, s.end)).collect();
    let free = |i: usize| !taken.iter().any(|&(a, b)| a <= i && i < b);
    for span in spans.iter_mut().filter(|s| s.label == Label::Per) {
        while span.end - span.start >= 2
            && (single_word_in(span.start, "title") || single_word_in(span.start, "demonym"))
            && starts_upper(&words[span.start + 1])
        {
            span.start += 1;
        }
        let next = |k: usize| words.get(span.end + k).map(String::as_str).unwrap_or("");
        let single = span.end - span.start == 1;
        let numbered = roman(next(0)) && (next(0) != "I" || single);
        let extra = if numbered || suffix(next(0)) {
            1
        } else if (next(0) == "," && suffix(next(1)))
            || (next(0) == "the" && EPITHETS.contains(&next(1)))
        {
            2
        } else {
            0
        };
        if extra > 0 && (span.end..span.end + extra).all(free) {
            span.end += extra;
        }
    }
}

/// Capitalised heads of the names of accords and laws ("the Paris Agreement").
const ACCORD_HEADS: &[&str] = &[
    "Agreement",
    "Agreements",
    "Accord",
    "Accords",
    "Treaty",
    "Protocol",
    "Convention",
    "Conventions",
    "Declaration",
    "Act",
];

/// "the Paris Agreement", "the Minsk agreements", "the Treaty of London": the place names the
/// accord, which is no person, organisation or place (Universal NER leaves such names out).
pub(super) fn drop_places_naming_accords(words: &[String], spans: &mut Vec<Span>) {
    let is_head = |w: &str| ACCORD_HEADS.iter().any(|h| h.eq_ignore_ascii_case(w));
    spans.retain(|s| {
        let before = s.start >= 2 && words[s.start - 1] == "of" && {
            let w = words[s.start - 2].as_str();
            (is_head(w) && starts_upper(w)) || w == "Peace"
        };
        let after = words.get(s.end).is_some_and(|w| is_head(w));
        s.label != Label::Loc || !(before || after)
    });
}

/// Verbs of saying in the present or past that introduce a quoted speaker.
const SPEAKING: &[&str] = &[
    "says",
    "said",
    "explains",
    "explained",
    "adds",
    "added",
    "notes",
    "noted",
    "recalls",
    "recalled",
    "argues",
    "argued",
    "insists",
    "insisted",
    "writes",
    "wrote",
];

/// "…, says Tarlo.", "Tarlo explains.": a capitalised word the model left out, on no list of
/// places or organisations, that speaks in a closing attribution is a person.
pub(super) fn add_speakers(
    words: &[String],
    matches: &[gazetteer::GazMatch],
    spans: &mut Vec<Span>,
) {
    let n = words.len();
    let listed = |i: usize| {
        matches.iter().any(|m| {
            m.start <= i
                && i < m.end
                && !matches!(
                    gazetteer::LISTS[m.list].0,
                    "first" | "last" | "propername" | "common"
                )
        })
    };
    let candidate =
        |i: usize| plain_name_word(&words[i]) && !spans.iter().any(|s| s.covers(i)) && !listed(i);
    // The attribution ends, or goes on about the speaker ("says Dietrich from the company's
    // headquarters").
    let closes = |i: usize| {
        i >= n
            || matches!(
                words[i].as_str(),
                "." | "," | "!" | "?" | "from" | "of" | "who"
            )
    };
    let mut found = Vec::new();
    for v in 0..n {
        if !SPEAKING.contains(&words[v].as_str()) {
            continue;
        }
        // ", says Tarlo ." after a comma or quote.
        let after_quote = v > 0 && matches!(words[v - 1].as_str(), "," | "\"" | "\u{201d}" | "''");
        if after_quote && v + 1 < n && candidate(v + 1) && closes(v + 2) {
            found.push(v + 1);
        }
        // ", Tarlo explains ." after a comma or quote.
        if v >= 2
            && candidate(v - 1)
            && matches!(words[v - 2].as_str(), "," | "\"" | "\u{201d}" | "''")
            && closes(v + 1)
        {
            found.push(v - 1);
        }
    }
    for i in found {
        spans.push(Span {
            start: i,
            end: i + 1,
            label: Label::Per,
        });
    }
    spans.sort();
}

/// Lower-case nouns for a kind of place: "the town of Sumy", "the province of Idlib".
const PLACE_NOUNS: &[&str] = &[
    "city",
    "town",
    "village",
    "province",
    "region",
    "district",
    "county",
    "port",
    "capital",
    "island",
    "islands",
    "governorate",
    "oblast",
    "municipality",
    "suburb",
    "neighborhood",
    "neighbourhood",
    "settlement",
    "enclave",
    "township",
    "hamlet",
    "prefecture",
    "canton",
];

/// Legal-form suffixes that end a company's name.
const COMPANY_SUFFIXES: &[&str] = &[
    "Inc.", "Inc", "LLC", "L.L.C.", "LLP", "Ltd.", "Ltd", "Corp.", "PC", "P.C.", "L.P.", "plc",
    "PLC", "GmbH", "AG", "S.A.", "N.V.",
];

/// "Holland & Hart, LLP", "First Union Securities, Inc.", "ISO New England Inc.": a legal-form
/// suffix ends a company's name, which takes in the capitalised words before it (joined by
/// "&"), whatever the weights made of them — a person and a place in "Holland & Hart".
pub(super) fn complete_company_names(
    words: &[String],
    matches: &[gazetteer::GazMatch],
    spans: &mut Vec<Span>,
) {
    let n = words.len();
    let common = |i: usize| on_lists(matches, i, &["common", "title"]);
    let span_at = |spans: &[Span], i: usize| spans.iter().find(|s| s.covers(i)).copied();
    for k in 1..n {
        if !COMPANY_SUFFIXES.contains(&words[k].as_str()) {
            continue;
        }
        let mut end = k + 1;
        // "Inc ." split by the tokenizer: the period belongs to the abbreviation.
        if !words[k].ends_with('.') && words.get(k + 1).is_some_and(|w| w == ".") {
            end += 1;
        }
        let last = if words[k - 1] == "," { k - 1 } else { k };
        if last == 0 || !starts_upper(&words[last - 1]) {
            continue;
        }
        let mut start = last - 1;
        loop {
            if let Some(s) = span_at(spans, start) {
                start = s.start;
            }
            if start >= 2
                && matches!(words[start - 1].as_str(), "&" | "and")
                && starts_upper(&words[start - 2])
            {
                start -= 2;
            } else if start >= 1
                && starts_upper(&words[start - 1])
                && span_at(spans, start - 1).is_none_or(|s| s.label != Label::Per)
                && !common(start - 1)
                && !features::is_opening(&words[start - 1])
            {
                start -= 1;
            } else {
                break;
            }
        }
        spans.retain(|s| s.end <= start || s.start >= end);
        spans.push(Span {
            start,
            end,
            label: Label::Org,
        });
        spans.sort();
    }
}

/// Verbs that follow a business named by its owner's possessive ("Hackney's has a great
/// burger").
const BUSINESS_VERBS: &[&str] = &["is", "was", "has", "had", "serves", "offers", "does"];

/// Capitalised nouns that continue a shop's possessive name ("Ray's Pizza").
const SHOP_NOUNS: &[&str] = &[
    "Pizza",
    "Pizzeria",
    "Karate",
    "Market",
    "Liquor",
    "Deli",
    "Cafe",
    "Café",
    "Bar",
    "Grill",
    "Restaurant",
    "Diner",
    "Bakery",
    "Pub",
    "Kitchen",
    "Tavern",
    "Salon",
    "Garage",
    "Store",
    "Shop",
    "Barbers",
    "Auto",
    "Inn",
    "Bagels",
    "Burgers",
    "Steakhouse",
];

/// Prepositions after a business named by a possessive ("going to Del Frisco's in November").
const BUSINESS_PREPOSITIONS: &[&str] = &["in", "at", "for", "on", "near", "with"];

/// "eat at Sprecher's.", "Hackney's has…": a name with a possessive that
/// owns nothing is a shop or restaurant, an organisation whose name takes the "'s" (as
/// Universal NER marks it), not the person or place the bare name would be.
pub(super) fn name_businesses_by_possessive(words: &[String], spans: &mut [Span]) {
    let n = words.len();
    let possessive = |w: &str| matches!(w, "'s" | "’s" | "'S" | "s");
    for span in spans.iter_mut() {
        let p = span.end;
        if p >= n || !possessive(&words[p]) {
            continue;
        }
        // The shop's own words ("Ray's Pizza is…").
        let mut end = p + 1;
        while end < n && SHOP_NOUNS.contains(&words[end].as_str()) {
            end += 1;
        }
        let next = words.get(end).map(String::as_str);
        let prev = span.start.checked_sub(1).map(|i| words[i].as_str());
        let ends = next.is_none_or(|w| matches!(w, "." | "!" | "?")) && prev.is_some();
        let verb = next.is_some_and(|w| BUSINESS_VERBS.contains(&w));
        // A genitive is followed by what it owns, never by a preposition.
        let preposition = end == p + 1 && next.is_some_and(|w| BUSINESS_PREPOSITIONS.contains(&w));
        if ends || verb || preposition {
            span.end = end;
            span.label = Label::Org;
        }
    }
}

/// Whether word `i` is inside a name-list match (in any case) from one of `lists`.
pub(super) fn on_lists(matches: &[gazetteer::GazMatch], i: usize, lists: &[&str]) -> bool {
    matches
        .iter()
        .any(|m| m.start <= i && i < m.end && lists.contains(&gazetteer::LISTS[m.list].0))
}

/// Lower-case nouns for a kind of organisation that an appositive name follows ("spy agency
/// GCHQ") or that follow the name ("the Wagner group", "the Force Ouvrière union").
const ORG_KIND_BEFORE: &[&str] = &[
    "agency",
    "company",
    "firm",
    "broadcaster",
    "newspaper",
    "magazine",
    "website",
    "airline",
    "carrier",
    "manufacturer",
    "maker",
    "retailer",
    "startup",
    "bank",
    "militia",
    "network",
];
const ORG_KIND_AFTER: &[&str] = &["group", "union", "militia", "movement", "party", "network"];

/// "UK spy agency GCHQ", "the Wagner group": capitalised words right after a lower-case
/// kind-of-organisation noun, or right before one, are the organisation's name, whatever the
/// weights made of them; a person or a place the weights found stays ("the Dutch bank ING"
/// aside, "a Russian company" has no name).
pub(super) fn name_organisations_by_kind(
    words: &[String],
    matches: &[gazetteer::GazMatch],
    spans: &mut Vec<Span>,
) {
    let n = words.len();
    let name_word = |i: usize| {
        let w = &words[i];
        starts_upper(w)
            && w.chars().count() > 1
            && !on_lists(
                matches,
                i,
                &["common", "title", "demonym", "country", "city"],
            )
    };
    let free = |spans: &[Span], i: usize| !spans.iter().any(|s| s.covers(i));
    let mut found: Vec<Span> = Vec::new();
    for k in 0..n {
        let noun = words[k].as_str();
        if ORG_KIND_BEFORE.contains(&noun) {
            let mut end = k + 1;
            while end < n && end - k <= 3 && name_word(end) && free(spans, end) {
                end += 1;
            }
            let run_goes_on = words.get(end).is_some_and(|w| starts_upper(w));
            if end > k + 1 && !run_goes_on {
                found.push(Span {
                    start: k + 1,
                    end,
                    label: Label::Org,
                });
            }
        }
        if ORG_KIND_AFTER.contains(&noun) && k > 0 {
            let mut start = k;
            while start > 0 && k - start < 3 && name_word(start - 1) && free(spans, start - 1) {
                start -= 1;
            }
            let run_goes_on = start > 0 && starts_upper(&words[start - 1]);
            // Not the sentence's first word alone ("Group" is lower-case here anyway).
            if start < k && !run_goes_on && start > 0 {
                found.push(Span {
                    start,
                    end: k,
                    label: Label::Org,
                });
            }
        }
    }
    for f in found {
        if (f.start..f.end).all(|i| free(spans, i)) {
            spans.push(f);
        }
    }
    spans.sort();
}

/// Last words of newspaper names ("the Marion Star", "the Edinburgh Evening Courant").
const NEWSPAPER_WORDS: &[&str] = &[
    "Advertiser",
    "Argus",
    "Bulletin",
    "Chronicle",
    "Courant",
    "Courier",
    "Dispatch",
    "Enquirer",
    "Examiner",
    "Gazette",
    "Globe",
    "Herald",
    "Inquirer",
    "Journal",
    "Ledger",
    "Mirror",
    "Observer",
    "Post",
    "Recorder",
    "Register",
    "Sentinel",
    "Star",
    "Statesman",
    "Telegraph",
    "Times",
    "Tribune",
];

/// "the Marion Star", "the Edinburgh Evening Courant": capitalised words after "the" ending
/// in a newspaper's word name a newspaper, an organisation, whatever the weights made of
/// their first words (a person "Marion", a place "Edinburgh"). Two words at least, none a
/// compass point ("the North Star"), and the run of capitals ends there ("the Times Square
/// crowd" is a place).
pub(super) fn name_newspapers(words: &[String], spans: &mut Vec<Span>) {
    const COMPASS: &[&str] = &["North", "South", "East", "West", "Northern", "Southern"];
    let n = words.len();
    let mut found: Vec<Span> = Vec::new();
    for the in 0..n {
        if !words[the].eq_ignore_ascii_case("the") {
            continue;
        }
        let start = the + 1;
        let mut end = start;
        while end < n && end - start < 5 && starts_upper(&words[end]) {
            end += 1;
        }
        let named = end >= start + 2
            && NEWSPAPER_WORDS.contains(&words[end - 1].as_str())
            && !words[start..end]
                .iter()
                .any(|w| COMPASS.contains(&w.as_str()));
        let already = spans
            .iter()
            .any(|s| s.label == Label::Org && s.start <= start && end <= s.end);
        if named && !already {
            found.push(Span {
                start,
                end,
                label: Label::Org,
            });
        }
    }
    for f in found {
        spans.retain(|s| s.end <= f.start || f.end <= s.start);
        spans.push(f);
    }
    spans.sort();
}

/// Nouns for a vessel whose name follows ("the cargo ship Jairan").
const VESSEL_NOUNS: &[&str] = &[
    "ship",
    "vessel",
    "tanker",
    "freighter",
    "frigate",
    "destroyer",
    "submarine",
    "yacht",
    "cruiser",
    "warship",
    "corvette",
];

/// Whether a document reports sport ([`dyad_model::lexicon::reports_sport`]).
pub(super) fn reports_sport(sentences: &[Vec<String>]) -> bool {
    dyad_model::lexicon::reports_sport(
        sentences.iter().flatten().map(String::as_str),
        sentences.len(),
    )
}

/// In a sports report a country that acts rather than is where something happens is its
/// national team, an organisation as UNER marks teams ("South Africa are almost at the point
/// of no return", "Tunisia's coach"; not "the match in Russia").
pub(super) fn name_national_teams(
    words: &[String],
    spans: &mut [Span],
    is_country: impl Fn(&str) -> bool,
) {
    for span in spans.iter_mut().filter(|s| s.label == Label::Loc) {
        let locative = span.start > 0
            && (LOCATIVES.contains(&words[span.start - 1].to_lowercase().as_str())
                || matches!(words[span.start - 1].as_str(), "of" | "into" | "throughout"));
        if !locative && is_country(&words[span.start..span.end].join(" ")) {
            span.label = Label::Org;
        }
    }
}

/// Nouns for a storm whose name follows ("Hurricane Katrina", "Cyclone Phailin").
const STORM_NOUNS: &[&str] = &["hurricane", "cyclone", "typhoon", "storm"];

/// Names of the vessels and storms a document names ("the Iranian-flagged cargo ship Jairan"
/// → "Jairan", "Cyclone Phailin" → "Phailin"): the capitalised words right after a vessel or
/// storm noun, or before a comma and an apposition ending in a vessel noun ("The Jaffar
/// Express, a cross-country train"), and a name coordinated with one of those ("the Golbon and
/// the Jairan"). UNER leaves vehicles and weather out of its entities.
pub(super) fn vessel_and_storm_names(sentences: &[Vec<String>]) -> Vec<String> {
    let mut names = Vec::new();
    for words in sentences {
        for k in 0..words.len() {
            let noun = words[k].to_lowercase();
            if !VESSEL_NOUNS.contains(&noun.as_str()) && !STORM_NOUNS.contains(&noun.as_str()) {
                continue;
            }
            let end = (k + 1..words.len().min(k + 4))
                .find(|&i| !starts_upper(&words[i]))
                .unwrap_or(words.len().min(k + 4));
            if end > k + 1 {
                names.push(words[k + 1..end].join(" "));
            }
        }
        names.extend(named_before_vessel_apposition(words));
    }
    for words in sentences {
        names.extend(coordinated_with(words, &names));
    }
    names
}

/// "The Jaffar Express, a cross-country train": the capitalised words before a comma that
/// opens "a"/"an" and up to three words ending in a vessel noun (or "train").
fn named_before_vessel_apposition(words: &[String]) -> Vec<String> {
    let mut names = Vec::new();
    for c in 1..words.len() {
        if words[c] != "," || !matches!(words.get(c + 1).map(String::as_str), Some("a" | "an")) {
            continue;
        }
        // The vessel noun heads the apposition: "a train driver" is a person.
        let heads_phrase = |i: usize| {
            words.get(i + 1).is_none_or(|n| {
                matches!(
                    n.as_str(),
                    "," | "."
                        | ";"
                        | ")"
                        | "-"
                        | "with"
                        | "that"
                        | "which"
                        | "carrying"
                        | "from"
                        | "to"
                        | "on"
                        | "in"
                        | "bound"
                        | "owned"
                        | "operated"
                        | "flagged"
                )
            })
        };
        let vessel = (c + 2..words.len().min(c + 6)).any(|i| {
            let w = words[i].to_lowercase();
            (VESSEL_NOUNS.contains(&w.as_str()) || w == "train") && heads_phrase(i)
        });
        let start = (0..c)
            .rev()
            .take_while(|&i| starts_upper(&words[i]))
            .last()
            .unwrap_or(c);
        if vessel && start < c {
            let start = if words[start].eq_ignore_ascii_case("the") {
                start + 1
            } else {
                start
            };
            if start < c {
                names.push(words[start..c].join(" "));
            }
        }
    }
    names
}

/// Names joined by "and"/"or" to one of `known` ("the Golbon and the Jairan").
fn coordinated_with(words: &[String], known: &[String]) -> Vec<String> {
    let mut found = Vec::new();
    if known.is_empty() {
        return found;
    }
    for k in 1..words.len().saturating_sub(1) {
        if !matches!(words[k].as_str(), "and" | "or") {
            continue;
        }
        let skip_the = |i: usize| usize::from(words.get(i).is_some_and(|w| w == "the"));
        let right = k + 1 + skip_the(k + 1);
        let left = (0..k).rev().take_while(|&i| starts_upper(&words[i])).last();
        let Some(left) = left else { continue };
        let left_name = words[left..k].join(" ");
        let right_end = (right..words.len())
            .take_while(|&i| starts_upper(&words[i]))
            .last()
            .map_or(right, |e| e + 1);
        if right_end <= right {
            continue;
        }
        let right_name = words[right..right_end].join(" ");
        let the_left = left > 0 && words[left - 1].eq_ignore_ascii_case("the");
        if known.contains(&right_name) && the_left && !known.contains(&left_name) {
            found.push(left_name);
        } else if known.contains(&left_name) && skip_the(k + 1) == 1 && !known.contains(&right_name)
        {
            found.push(right_name);
        }
    }
    found
}

/// Whether a span names one of `names` (vessels, storms), alone or after up to two words of
/// its own ("Cyclone Phailin", "T C Phailin", "the Jairan").
pub(super) fn names_vessel_or_storm(words: &[String], span: &Span, names: &[String]) -> bool {
    (span.start..span.end)
        .take(3)
        .any(|from| names.iter().any(|n| *n == words[from..span.end].join(" ")))
}

/// Lower-case nouns for a ruling house or regime named before them ("the Qing dynasty").
const RULER_NOUNS: &[&str] = &["dynasty", "regime", "empire", "caliphate", "sultanate"];

/// "the Qing dynasty", "the Habsburg empire", "the Nazi regime": the capitalised word before a
/// lower-case ruler noun names an organisation, the house or movement that rules, whatever
/// the weights made of it (its later mentions, "during the Qing", follow as repeats).
pub(super) fn name_ruling_houses(
    words: &[String],
    matches: &[gazetteer::GazMatch],
    spans: &mut Vec<Span>,
) {
    for d in 1..words.len() {
        if !RULER_NOUNS.contains(&words[d].as_str()) {
            continue;
        }
        let h = d - 1;
        let w = &words[h];
        // A person's regime stays the person's ("the Assad regime").
        let person = on_lists(matches, h, &["first", "last"])
            || spans.iter().any(|s| s.label == Label::Per && s.covers(h));
        if !starts_upper(w)
            || w.chars().count() < 3
            || person
            || on_lists(matches, h, &["common", "title"])
        {
            continue;
        }
        if spans.iter().any(|s| s.covers(d)) {
            continue;
        }
        match spans.iter_mut().find(|s| s.covers(h)) {
            Some(s) if s.start == h && s.end == d => s.label = Label::Org,
            Some(_) => {}
            None => {
                spans.push(Span {
                    start: h,
                    end: d,
                    label: Label::Org,
                });
                spans.sort();
            }
        }
    }
}

/// Lower-case nouns of administrative divisions written after their name ("the Kherson
/// region", "Tulcea county"), and of places and buildings named the same way.
const DIVISION_NOUNS: &[&str] = &[
    "region",
    "province",
    "oblast",
    "district",
    "county",
    "governorate",
    "prefecture",
    "municipality",
    "krai",
    "canton",
    "districts",
    // Places and buildings named the same way ("the Eibingen cloister", "the Sahara desert").
    "cloister",
    "monastery",
    "abbey",
    "castle",
    "palace",
    "cathedral",
    "desert",
    "river",
    "mountains",
    "valley",
    "peninsula",
];

/// "the Tyumen region", "Russia's Belgorod region": the capitalised words before a lower-case
/// division noun (not a nationality adjective: "the Georgian region of South Ossetia") are a
/// place's name, and the noun is not part of it (as Universal NER marks
/// "Tulcea county"), whatever the weights made of an unfamiliar name.
pub(super) fn name_administrative_regions(
    words: &[String],
    matches: &[gazetteer::GazMatch],
    spans: &mut Vec<Span>,
) {
    let n = words.len();
    let name_word = |i: usize| {
        let w = &words[i];
        starts_upper(w)
            && w.chars().count() > 1
            && !on_lists(matches, i, &["common", "title", "demonym"])
    };
    for d in 1..n {
        if !DIVISION_NOUNS.contains(&words[d].as_str()) {
            continue;
        }
        // A place span that took the noun in ends before it.
        if let Some(span) = spans
            .iter_mut()
            .find(|s| s.label == Label::Loc && s.end == d + 1 && s.start < d)
        {
            span.end = d;
            continue;
        }
        if spans.iter().any(|s| s.covers(d) || s.end == d) {
            continue;
        }
        // The name: capitalised words (or hyphenated parts) right before the noun, not first
        // in the sentence unless a name word ("Donetsk region officials").
        let mut start = d;
        while start > 0
            && (name_word(start - 1) || (words[start - 1] == "-" && start >= 2 && start < d))
        {
            start -= 1;
        }
        if words.get(start).is_some_and(|w| w == "-") {
            start += 1;
        }
        if start < d && name_word(start) {
            spans.push(Span {
                start,
                end: d,
                label: Label::Loc,
            });
        }
    }
    spans.sort();
}

/// A name right after "the town of", "the province of" … is the place's name, whatever the
/// weights made of an unfamiliar one ("the Ukrainian town of Sumy" is no person).
///
/// A country whose name takes its article includes it, as UNER's own training file marks
/// them ("the Netherlands", "The Bahamas").
pub(super) fn label_named_places(words: &[String], spans: &mut [Span]) {
    let ends: Vec<usize> = spans.iter().map(|s| s.end).collect();
    for span in spans.iter_mut() {
        let s = span.start;
        if s >= 2 && words[s - 1] == "of" && PLACE_NOUNS.contains(&words[s - 2].as_str()) {
            span.label = Label::Loc;
        }
        let takes_article = super::data::takes_article(&words[s..span.end].join(" "));
        if takes_article && s >= 1 && words[s - 1].eq_ignore_ascii_case("the") && !ends.contains(&s)
        {
            span.start -= 1;
        }
    }
}

/// A name of two or more capitalised words that the model left out but that is, word for
/// word, an organisation on the list — and on no list of places or people — is an
/// organisation ("its European Community partners").
pub(super) fn add_listed_organisations(
    words: &[String],
    matches: &[gazetteer::GazMatch],
    spans: &mut Vec<Span>,
) {
    let mut listed: Vec<&gazetteer::GazMatch> = matches
        .iter()
        .filter(|m| {
            m.exact
                && m.end - m.start >= 2
                && matches!(gazetteer::LISTS[m.list].0, "org" | "company")
                && words[m.start..m.end]
                    .iter()
                    .all(|w| starts_upper(w) || matches!(w.as_str(), "of" | "for" | "and" | "&"))
                && starts_upper(&words[m.end - 1])
        })
        .collect();
    listed.sort_by_key(|m| (std::cmp::Reverse(m.end - m.start), m.start));
    for m in listed {
        // "The Australian government": a name ending in a nationality adjective before a
        // noun is the adjective, not the newspaper.
        let adjective_last = matches.iter().any(|o| {
            o.start == m.end - 1 && o.end == m.end && gazetteer::LISTS[o.list].0 == "demonym"
        });
        if adjective_last {
            continue;
        }
        let taken = spans.iter().any(|s| s.start < m.end && m.start < s.end);
        let elsewhere = matches.iter().any(|o| {
            o.start == m.start
                && o.end == m.end
                && matches!(
                    gazetteer::LISTS[o.list].0,
                    "country" | "city" | "region" | "place" | "geo" | "first" | "last"
                )
        });
        if !taken && !elsewhere {
            spans.push(Span {
                start: m.start,
                end: m.end,
                label: Label::Org,
            });
        }
    }
    spans.sort();
}

/// A span that is, word for word, the name of an organisation on the list and on no list
/// of places or people ("EU", "OSCE", "Hezbollah") is an organisation, whatever label the
/// model gave it.
pub(super) fn label_listed_organisations(matches: &[gazetteer::GazMatch], spans: &mut [Span]) {
    for span in spans.iter_mut() {
        let lists: Vec<&str> = matches
            .iter()
            .filter(|m| m.exact && m.start == span.start && m.end == span.end)
            .map(|m| gazetteer::LISTS[m.list].0)
            .collect();
        let other = lists.iter().any(|l| {
            matches!(
                *l,
                "country" | "city" | "region" | "place" | "geo" | "first" | "last" | "demonym"
            )
        });
        if lists.contains(&"org") && !other {
            span.label = Label::Org;
        }
    }
}

/// Names joined by "and" or "or" are mostly of one kind ("Huawei and Samsung", "France or
/// Germany"): a capitalised name the model passed over next to a conjunction whose other
/// side it labelled becomes a name of that label, when a list names it as one of that kind
/// (a company or organisation for ORG, a place for LOC, a given or family name for PER).
pub(super) fn add_coordinated_names(
    words: &[String],
    matches: &[gazetteer::GazMatch],
    spans: &mut Vec<Span>,
) {
    let kind_of = |list: &str| match list {
        "org" | "company" => Some(Label::Org),
        "country" | "city" | "region" | "place" | "geo" => Some(Label::Loc),
        "first" | "last" => Some(Label::Per),
        _ => None,
    };
    let mut added = Vec::new();
    for m in matches.iter().filter(|m| m.exact) {
        let Some(label) = kind_of(gazetteer::LISTS[m.list].0) else {
            continue;
        };
        let free = spans.iter().all(|s| s.end <= m.start || m.end <= s.start);
        if !free || !words[m.start..m.end].iter().all(|w| starts_upper(w)) {
            continue;
        }
        let conjunction = |i: usize| matches!(words[i].as_str(), "and" | "or" | "&");
        let partner = spans.iter().any(|s| {
            s.label == label
                && ((s.end + 1 == m.start && conjunction(s.end))
                    || (m.end + 1 == s.start && conjunction(m.end)))
        });
        if partner {
            added.push(Span {
                start: m.start,
                end: m.end,
                label,
            });
        }
    }
    added.sort_by_key(|s| (s.start, std::cmp::Reverse(s.end)));
    for span in added {
        if spans
            .iter()
            .all(|s| s.end <= span.start || span.end <= s.start)
        {
            spans.push(span);
        }
    }
    spans.sort();
}

/// Where a span found by the model is part of a longer listed name written in full
/// ("Union" in "European Union"), the span becomes the whole name, keeping its label.
pub(super) fn complete_listed_names(
    words: &[String],
    matches: &[gazetteer::GazMatch],
    spans: &mut Vec<Span>,
) {
    let mut names: Vec<&gazetteer::GazMatch> = matches
        .iter()
        .filter(|m| {
            m.exact
                && m.end - m.start >= 2
                && matches!(
                    gazetteer::LISTS[m.list].0,
                    "country" | "city" | "region" | "org" | "geo" | "company"
                )
                && starts_upper(&words[m.start])
                && starts_upper(&words[m.end - 1])
        })
        .collect();
    names.sort_by_key(|m| (std::cmp::Reverse(m.end - m.start), m.start));
    for m in names {
        let overlapping: Vec<usize> = (0..spans.len())
            .filter(|&i| spans[i].start < m.end && m.start < spans[i].end)
            .collect();
        let Some(&first) = overlapping.first() else {
            continue;
        };
        let inside = overlapping
            .iter()
            .all(|&i| spans[i].start >= m.start && spans[i].end <= m.end);
        let whole =
            overlapping.len() == 1 && spans[first].start == m.start && spans[first].end == m.end;
        if !inside || whole {
            continue;
        }
        let label = spans[first].label;
        spans.retain(|s| !(s.start < m.end && m.start < s.end));
        spans.push(Span {
            start: m.start,
            end: m.end,
            label,
        });
        spans.sort();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ner::Gazetteer;

    fn words(text: &str) -> Vec<String> {
        text.split(' ').map(str::to_string).collect()
    }

    /// A rule over (words, name-list matches, spans).
    type Rule = fn(&[String], &[gazetteer::GazMatch], &mut Vec<Span>);

    /// The spans a rule leaves of `spans` in `text`.
    fn spans_after(rule: Rule, text: &str, spans: Vec<Span>) -> Vec<Span> {
        let w = words(text);
        let matches = Gazetteer::shared().matches(&w);
        let mut spans = spans;
        rule(&w, &matches, &mut spans);
        spans
    }

    /// The texts of the spans a rule finds in `text`.
    fn texts_after(rule: Rule, text: &str) -> Vec<String> {
        let w = words(text);
        spans_after(rule, text, Vec::new())
            .iter()
            .map(|s| w[s.start..s.end].join(" "))
            .collect()
    }

    #[test]
    fn the_parts_of_full_person_names_are_collected() {
        let doc = vec![words("Sun Lijun , a semiconductor engineer , moved")];
        let spans = vec![vec![Span {
            start: 0,
            end: 2,
            label: Label::Per,
        }]];
        let mut parts: Vec<String> = person_name_parts(&doc, &spans).into_iter().collect();
        parts.sort();
        assert_eq!(parts, vec!["Lijun", "Sun"]);
    }

    #[test]
    fn an_honorific_or_an_age_shows_a_person() {
        let doc = vec![
            words("Alinejad , 48 , told VOA"),
            words("from Ms. Kaya herself"),
            words("Sprint , 5G and Verizon"),
        ];
        let span = |start, end| Span {
            start,
            end,
            label: Label::Org,
        };
        let spans = vec![
            vec![span(0, 1)],
            vec![span(2, 3)],
            vec![span(0, 1), span(4, 5)],
        ];
        let mut persons: Vec<String> = shown_persons(&doc, &spans).into_iter().collect();
        persons.sort();
        assert_eq!(persons, vec!["Alinejad", "Kaya"]);
    }

    #[test]
    fn holidays_diseases_and_policies_are_no_entities() {
        let w = words("Brexit and Eid al-Fitr and the Ebola outbreak in Goma");
        let span = |start, end, label| Span { start, end, label };
        let mut spans = vec![
            span(0, 1, Label::Per),
            span(2, 4, Label::Per),
            span(6, 7, Label::Org),
            span(9, 10, Label::Loc),
        ];
        drop_named_non_entities(&w, &mut spans);
        assert_eq!(spans, vec![span(9, 10, Label::Loc)]);
    }

    #[test]
    fn countries_acting_in_a_sports_report_are_national_teams() {
        let report = vec![
            words("Sweden defeated South Korea in the first match of the cup ."),
            words("Sweden scored from the penalty spot in Russia ."),
        ];
        assert!(reports_sport(&report));
        let biography = vec![
            words("He played in the cricket match against Harrow in 1805 ."),
            words("He left for Greece ."),
            words("He wrote poems ."),
            words("Greece suffered badly ."),
        ];
        assert!(!reports_sport(&biography));
        let w = &report[1];
        let mut spans = vec![
            Span {
                start: 0,
                end: 1,
                label: Label::Loc,
            },
            Span {
                start: 7,
                end: 8,
                label: Label::Loc,
            },
        ];
        name_national_teams(w, &mut spans, |n| n == "Sweden" || n == "Russia");
        let labels: Vec<Label> = spans.iter().map(|s| s.label).collect();
        assert_eq!(labels, vec![Label::Org, Label::Loc]);
    }

    #[test]
    fn vessels_and_storms_are_named_after_their_noun() {
        let doc = vec![
            words("the Iranian-flagged cargo ship Jairan departed China"),
            words("the destroyer USS Carney shot down drones"),
            words("the ship sank"),
            words("Cyclone Phailin hit Odisha"),
        ];
        let names = vessel_and_storm_names(&doc);
        assert_eq!(names, vec!["Jairan", "USS Carney", "Phailin"]);
        let doc = vec![
            words("The Jaffar Express , a cross-country train , came under attack"),
            words("Both the Golbon and the Jairan are sanctioned"),
            words("the cargo ship Jairan sailed"),
            words("Iran , a country of 90 million , and the United States met"),
            words("Tom Smith , a train driver , said"),
        ];
        assert_eq!(
            vessel_and_storm_names(&doc),
            vec!["Jaffar Express", "Jairan", "Golbon"]
        );
        let w = words("T C Phailin and Odisha");
        let span = |start, end| Span {
            start,
            end,
            label: Label::Per,
        };
        assert!(names_vessel_or_storm(&w, &span(0, 3), &names));
        assert!(!names_vessel_or_storm(&w, &span(4, 5), &names));
    }

    #[test]
    fn a_name_after_a_title_is_a_person() {
        let run = |text: &str| texts_after(add_titled_names, text);
        assert_eq!(run("I gave Dr. Rohatgi 2 stars"), vec!["Rohatgi"]);
        // Not a common word, a place, or a name that goes on.
        assert!(run("the Queen Mary University staff").is_empty());
        assert!(run("President Said he would").is_empty());
    }

    #[test]
    fn a_name_next_to_a_kind_of_organisation_is_one() {
        let run =
            |text: &str, spans: Vec<Span>| spans_after(name_organisations_by_kind, text, spans);
        let org = |start, end| Span {
            start,
            end,
            label: Label::Org,
        };
        assert_eq!(
            run("certified by UK spy agency GCHQ .", vec![]),
            vec![org(5, 6)]
        );
        assert_eq!(
            run("fighters of the Wagner group crossed", vec![]),
            vec![org(3, 4)]
        );
        // No name: a nationality, a country, a lower-case word.
        assert!(run("a Russian company said", vec![]).is_empty());
        assert!(run("the state agency Russia controls", vec![]).is_empty());
        assert!(run("the rebel group said", vec![]).is_empty());
    }

    #[test]
    fn capitalised_words_after_the_ending_in_a_newspaper_word_are_a_newspaper() {
        let run = |text: &str, spans: Vec<Span>| {
            let mut spans = spans;
            name_newspapers(&words(text), &mut spans);
            spans
        };
        let span = |start, end, label| Span { start, end, label };
        assert_eq!(
            run(
                "nor one the Marion Star might have had",
                vec![span(3, 5, Label::Per)]
            ),
            vec![span(3, 5, Label::Org)]
        );
        assert_eq!(
            run(
                "reported by the Edinburgh Evening Courant .",
                vec![span(3, 4, Label::Loc)]
            ),
            vec![span(3, 6, Label::Org)]
        );
        // An organisation found with its article stays as it is.
        let detroit = vec![span(1, 4, Label::Org)];
        assert_eq!(run("in The Detroit News today", detroit.clone()), detroit);
        // No newspaper: one word, a star, a square.
        assert!(run("the Times said", vec![]).is_empty());
        assert!(run("guided by the North Star", vec![]).is_empty());
        let square = vec![span(2, 4, Label::Loc)];
        assert_eq!(
            run("crowds in the Times Square area", square.clone()),
            square
        );
    }

    #[test]
    fn a_name_before_a_ruler_noun_is_an_organisation_unless_a_person() {
        let run = |text: &str, spans: Vec<Span>| spans_after(name_ruling_houses, text, spans);
        let span = |start, end, label| Span { start, end, label };
        assert_eq!(
            run("with the fall of the Qing dynasty in 1911", vec![]),
            vec![span(5, 6, Label::Org)]
        );
        assert_eq!(
            run("ruler of the Habsburg empire", vec![span(3, 4, Label::Loc)]),
            vec![span(3, 4, Label::Org)]
        );
        assert_eq!(
            run(
                "sanctions on the Assad regime",
                vec![span(3, 4, Label::Per)]
            ),
            vec![span(3, 4, Label::Per)]
        );
    }

    #[test]
    fn names_inside_a_quoted_work_title_are_no_entities() {
        let per = |start, end| Span {
            start,
            end,
            label: Label::Per,
        };
        let mut spans = vec![per(0, 1), per(5, 6)];
        drop_names_in_work_titles(
            &words("Kesha co-wrote the song \" Stephen \" ."),
            &mut spans,
        );
        assert_eq!(spans, vec![per(0, 1)]);
        let mut spans = vec![per(6, 7)];
        drop_names_in_work_titles(
            &words("their version of \" Knuck If You Buck \""),
            &mut spans,
        );
        assert!(spans.is_empty());
        // A quoted name after a verb of saying stays.
        let mut spans = vec![per(3, 4)];
        drop_names_in_work_titles(&words("she said \" Putin \" twice"), &mut spans);
        assert_eq!(spans, vec![per(3, 4)]);
    }

    #[test]
    fn a_listed_name_coordinated_with_a_name_of_its_kind_is_one() {
        let gaz = Gazetteer::shared();
        let run = |text: &str, found: Span| {
            let words: Vec<String> = text.split(' ').map(String::from).collect();
            let mut spans = vec![found];
            add_coordinated_names(&words, &gaz.matches(&words), &mut spans);
            spans
        };
        let samsung = Span {
            start: 2,
            end: 3,
            label: Label::Org,
        };
        let huawei = Span {
            start: 0,
            end: 1,
            label: Label::Org,
        };
        assert_eq!(
            run("Huawei and Samsung sold phones", samsung),
            vec![huawei, samsung]
        );
        // A family name is not an organisation because it stands beside one.
        assert_eq!(run("Smith and Samsung sold phones", samsung), vec![samsung]);
        // Nor is a listed name without a conjunction.
        assert_eq!(run("Huawei , Samsung sold phones", samsung), vec![samsung]);
    }

    #[test]
    fn a_name_after_the_town_of_is_a_place() {
        let words: Vec<String> = "shelling of the Ukrainian town of Sumy by Russia"
            .split(' ')
            .map(str::to_string)
            .collect();
        let span = |start, end, label| Span { start, end, label };
        let mut spans = vec![span(6, 7, Label::Per), span(8, 9, Label::Loc)];
        label_named_places(&words, &mut spans);
        assert_eq!(spans, vec![span(6, 7, Label::Loc), span(8, 9, Label::Loc)]);
        let words: Vec<String> = "the son of Ahmed".split(' ').map(str::to_string).collect();
        let mut spans = vec![span(3, 4, Label::Per)];
        label_named_places(&words, &mut spans);
        assert_eq!(spans[0].label, Label::Per, "only after a place noun");
    }

    #[test]
    fn a_place_naming_an_accord_is_no_entity() {
        let words: Vec<String> = "the Paris Agreement and Paris itself"
            .split(' ')
            .map(str::to_string)
            .collect();
        let span = |start, end, label| Span { start, end, label };
        let mut spans = vec![span(1, 2, Label::Loc), span(4, 5, Label::Loc)];
        drop_places_naming_accords(&words, &mut spans);
        assert_eq!(spans, vec![span(4, 5, Label::Loc)]);
        let words: Vec<String> = "the Treaty of London and the Minsk agreements , signed in Minsk"
            .split(' ')
            .map(str::to_string)
            .collect();
        let mut spans = vec![
            span(3, 4, Label::Loc),
            span(6, 7, Label::Loc),
            span(11, 12, Label::Loc),
        ];
        drop_places_naming_accords(&words, &mut spans);
        assert_eq!(spans, vec![span(11, 12, Label::Loc)]);
    }

    #[test]
    fn a_country_whose_name_takes_its_article_includes_it() {
        let w = words("police in the Netherlands and the Congo");
        let loc = |start, end| Span {
            start,
            end,
            label: Label::Loc,
        };
        let mut spans = vec![loc(3, 4), loc(6, 7)];
        label_named_places(&w, &mut spans);
        assert_eq!(spans, vec![loc(2, 4), loc(6, 7)]);
    }

    #[test]
    fn a_listed_organisation_of_several_words_the_model_missed_is_added() {
        let w = words("Greece asked its European Community partners and Kiev Bank");
        let matches = Gazetteer::shared().matches(&w);
        let mut spans = vec![Span {
            start: 0,
            end: 1,
            label: Label::Loc,
        }];
        add_listed_organisations(&w, &matches, &mut spans);
        assert!(spans.contains(&Span {
            start: 3,
            end: 5,
            label: Label::Org
        }));
        // A name already in a span stays as the model found it.
        assert_eq!(spans.iter().filter(|s| s.start == 0).count(), 1);
        // "The Australian" is a newspaper, but not before "government".
        let w = words("yesterday The Australian government protested");
        let matches = Gazetteer::shared().matches(&w);
        let mut spans = Vec::new();
        add_listed_organisations(&w, &matches, &mut spans);
        assert!(spans.is_empty(), "{spans:?}");
    }

    #[test]
    fn a_given_name_continues_over_a_surname_that_is_a_word() {
        let w = words("Greg Couch will take over from Anna in Berlin");
        let matches = Gazetteer::shared().matches(&w);
        let per = |start, end| Span {
            start,
            end,
            label: Label::Per,
        };
        let mut spans = vec![per(0, 1), per(5, 6)];
        complete_first_names(&w, &matches, &mut spans);
        assert_eq!(spans, vec![per(0, 2), per(5, 6)]);
        let w = words("Reaction from President Moise Shortly before the press conference");
        let matches = Gazetteer::shared().matches(&w);
        let mut spans = vec![per(3, 4)];
        complete_first_names(&w, &matches, &mut spans);
        assert_eq!(spans, vec![per(3, 4)]);
    }

    #[test]
    fn a_listed_place_in_an_all_lower_case_sentence_is_a_place_after_a_preposition() {
        let run = |text: &str| texts_after(add_lowercase_places, text);
        assert_eq!(run("migratory birds in punjab ?"), vec!["punjab"]);
        assert!(run("why would you want a chihuahua ?").is_empty());
        assert!(run("we ate turkey in the kitchen").is_empty());
        // A sentence with capitals inside leaves the weights to decide.
        assert!(run("birds fly from Kerala to punjab ?").is_empty());
    }

    #[test]
    fn an_acronym_defined_in_brackets_names_what_its_initials_spell() {
        let span = |start, end, label| Span { start, end, label };
        let run = |text: &str, spans: Vec<Span>| {
            let mut spans = spans;
            name_defined_acronyms(&words(text), &mut spans);
            spans
        };
        assert_eq!(
            run(
                "The World Health Organisation ( WHO ) recommends salt",
                vec![]
            ),
            vec![span(1, 4, Label::Org), span(5, 6, Label::Org)]
        );
        assert_eq!(
            run(
                "says Canadian Blood Services ( CBS ) .",
                vec![span(1, 2, Label::Loc)]
            ),
            vec![span(1, 4, Label::Org), span(5, 6, Label::Org)]
        );
        // A law's acronym names no entity.
        assert!(run(
            "the Countering Adversaries Through Sanctions Act ( CATSA ) passed",
            vec![]
        )
        .is_empty());
        // Initials that do not spell it: no change.
        assert_eq!(
            run("the Kremlin ( Russia ) said", vec![span(1, 2, Label::Org)]),
            vec![span(1, 2, Label::Org)]
        );
        // Set off by ", or …,".
        assert_eq!(
            run(
                "Somalia 's National Intelligence and Security Agency , or NISA , said",
                vec![span(0, 1, Label::Loc)]
            ),
            vec![
                span(0, 1, Label::Loc),
                span(2, 7, Label::Org),
                span(9, 10, Label::Org)
            ]
        );
    }

    #[test]
    fn a_quoted_surname_comma_given_name_is_one_person() {
        let w = words("\" Townsend , George \" < gtownsend@example.net >");
        let span = |start, end, label| Span { start, end, label };
        let mut spans = vec![span(1, 2, Label::Per), span(3, 4, Label::Loc)];
        join_inverted_names(&w, &mut spans);
        assert_eq!(spans, vec![span(1, 4, Label::Per)]);
        // Two places in a list stay two places.
        let w = words("\" Paris , Texas \"");
        let mut spans = vec![span(1, 2, Label::Loc), span(3, 4, Label::Loc)];
        join_inverted_names(&w, &mut spans);
        assert_eq!(spans.len(), 2);
    }

    #[test]
    fn a_legal_form_suffix_ends_a_company_name() {
        let span = |start, end, label| Span { start, end, label };
        let run = |text: &str, spans: Vec<Span>| spans_after(complete_company_names, text, spans);
        assert_eq!(
            run(
                "Holland & Hart , LLP ; dated 4/14/00",
                vec![
                    span(0, 1, Label::Loc),
                    span(2, 3, Label::Per),
                    span(4, 5, Label::Loc)
                ]
            ),
            vec![span(0, 5, Label::Org)]
        );
        assert_eq!(
            run(
                "counsel at ISO New England Inc. in Holyoke",
                vec![span(2, 3, Label::Org), span(3, 6, Label::Org)]
            ),
            vec![span(2, 6, Label::Org)]
        );
        assert_eq!(
            run(
                "First Union Securities , Inc .",
                vec![span(0, 3, Label::Org)]
            ),
            vec![span(0, 6, Label::Org)]
        );
        // A person before the company is not part of it.
        assert_eq!(
            run(
                "Stacey Richardson Enron Net Works , LLC",
                vec![span(0, 2, Label::Per), span(2, 5, Label::Org)]
            ),
            vec![span(0, 2, Label::Per), span(2, 7, Label::Org)]
        );
    }

    #[test]
    fn a_possessive_that_owns_nothing_names_a_business() {
        let span = |start, end, label| Span { start, end, label };
        let run = |text: &str, spans: Vec<Span>| {
            let mut spans = spans;
            name_businesses_by_possessive(&words(text), &mut spans);
            spans
        };
        assert_eq!(
            run("do not eat at Sprecher 's .", vec![span(4, 5, Label::Per)]),
            vec![span(4, 6, Label::Org)]
        );
        assert_eq!(
            run(
                "Hackney 's has a great burger",
                vec![span(0, 1, Label::Loc)]
            ),
            vec![span(0, 2, Label::Org)]
        );
        assert_eq!(
            run(
                "we are going to Del Frisco 's in November",
                vec![span(4, 6, Label::Loc)]
            ),
            vec![span(4, 7, Label::Org)]
        );
        assert_eq!(
            run("Ray 's Pizza is too good", vec![span(0, 1, Label::Per)]),
            vec![span(0, 3, Label::Org)]
        );
        // A possessive that owns something stays a possessive.
        assert_eq!(
            run("read Brisbane 's Nine News .", vec![span(1, 2, Label::Loc)]),
            vec![span(1, 2, Label::Loc)]
        );
        assert_eq!(
            run("Google 's new toolbar", vec![span(0, 1, Label::Org)]),
            vec![span(0, 1, Label::Org)]
        );
        assert_eq!(
            run("Putin 's spokesman said", vec![span(0, 1, Label::Per)]),
            vec![span(0, 1, Label::Per)]
        );
    }

    #[test]
    fn a_name_before_a_lower_case_division_noun_is_a_place_without_the_noun() {
        let loc = |start, end| Span {
            start,
            end,
            label: Label::Loc,
        };
        let run =
            |text: &str, spans: Vec<Span>| spans_after(name_administrative_regions, text, spans);
        assert_eq!(
            run("the governor of the Tyumen region resigned", vec![]),
            vec![loc(4, 5)]
        );
        assert_eq!(
            run("shelling in the Haute - Garonne region", vec![]),
            vec![loc(3, 6)]
        );
        assert_eq!(run("in Tulcea county", vec![loc(1, 3)]), vec![loc(1, 2)]);
        assert_eq!(
            run("nuns moved to the Eibingen cloister", vec![]),
            vec![loc(4, 5)]
        );
        // No name: a sentence-initial article, a compass adjective, a lower-case word.
        assert!(run("The region is calm", vec![]).is_empty());
        assert!(run("in the Southern region", vec![]).is_empty());
        assert!(run("in the border region", vec![]).is_empty());
        assert!(run("the breakaway Georgian region of South Ossetia", vec![]).is_empty());
    }

    #[test]
    fn person_names_leave_out_titles_and_keep_regnal_numbers_and_suffixes() {
        let per = |start, end| Span {
            start,
            end,
            label: Label::Per,
        };
        let fit = |text: &str, spans: Vec<Span>| {
            let w = words(text);
            let matches = Gazetteer::shared().matches(&w);
            let mut spans = spans;
            fit_person_names(&w, &matches, &mut spans);
            spans
        };
        assert_eq!(
            fit("Mrs Clinton has left", vec![per(0, 2)]),
            vec![per(1, 2)]
        );
        assert_eq!(fit("led by Lord North .", vec![per(2, 4)]), vec![per(3, 4)]);
        assert_eq!(
            fit("under Henry I and his heirs", vec![per(1, 2)]),
            vec![per(1, 3)]
        );
        assert_eq!(
            fit("Pope John Paul II visited", vec![per(1, 3)]),
            vec![per(1, 4)]
        );
        assert_eq!(
            fit("a monument to Martin Luther King , Jr. .", vec![per(3, 6)]),
            vec![per(3, 8)]
        );
        assert_eq!(
            fit("paintings by Lucas Cranach the Elder", vec![per(2, 4)]),
            vec![per(2, 6)]
        );
        // "I" after a full name is the pronoun; a title before a lower-case word stays.
        assert_eq!(fit("John Smith I think", vec![per(0, 2)]), vec![per(0, 2)]);
        assert_eq!(fit("Earl of Clare", vec![per(0, 3)]), vec![per(0, 3)]);
    }

    #[test]
    fn a_name_speaking_in_a_closing_attribution_is_a_person() {
        let span = |start, end, label| Span { start, end, label };
        let w = words("the market is political , says Tarlo .");
        let mut spans = Vec::new();
        add_speakers(&w, &[], &mut spans);
        assert_eq!(spans, vec![span(6, 7, Label::Per)]);
        // A surname that is also a word, and an attribution that goes on about the speaker.
        let w = words("\" it helps , \" says Pall from the company 's office .");
        let matches = Gazetteer::shared().matches(&w);
        let mut spans = Vec::new();
        add_speakers(&w, &matches, &mut spans);
        assert_eq!(spans, vec![span(6, 7, Label::Per)]);
        let w = words("the hair is bathed , Tarlo explains .");
        let mut spans = Vec::new();
        add_speakers(&w, &[], &mut spans);
        assert_eq!(spans, vec![span(5, 6, Label::Per)]);
        // Not inside a sentence ("says Tarlo and his team"), nor a word already in a span.
        let w = words("it is , says Tarlo and his team .");
        let mut spans = Vec::new();
        add_speakers(&w, &[], &mut spans);
        assert!(spans.is_empty());
        let w = words("it is , says Reuters .");
        let mut spans = vec![span(4, 5, Label::Org)];
        add_speakers(&w, &[], &mut spans);
        assert_eq!(spans, vec![span(4, 5, Label::Org)]);
    }
}
