//! Facts about English words that more than one stage relies on: kept here once so the
//! parser's repairs, the event coder and coreference agree.

/// Verbs (lemmas) whose object does what their "to" infinitive says: "allowed the refugees to
/// return", "urged the United States to lift sanctions", "called on Israel to halt", "hired a
/// gunman to kill" (object control), and those whose object is the infinitive's subject without
/// being controlled ("expects North Korea to launch", "wants Russia to withdraw"; not "need",
/// whose infinitive is more often a purpose: "needs a billion dollars to provide"). The parser re-attaches such infinitives to the verb, the event coder makes the
/// object their subject, and coreference lets a pronoun there refer to the object.
pub const OBJECT_CONTROL_VERBS: &[&str] = &[
    "advise",
    "allow",
    "appeal",
    "ask",
    "assign",
    "authorise",
    "authorize",
    "beg",
    "call",
    "cause",
    "challenge",
    "commission",
    "compel",
    "convince",
    "demand",
    "direct",
    "employ",
    "empower",
    "enable",
    "encourage",
    "exhort",
    "expect",
    "forbid",
    "force",
    "help",
    "hire",
    "implore",
    "inspire",
    "instruct",
    "invite",
    "let",
    "mandate",
    "motivate",
    "oblige",
    "order",
    "pay",
    "permit",
    "persuade",
    "prefer",
    "press",
    "pressure",
    "prompt",
    "push",
    "recruit",
    "request",
    "require",
    "spur",
    "tell",
    "train",
    "urge",
    "want",
    "warn",
];

/// Whether `lemma` is an object-control verb ([`OBJECT_CONTROL_VERBS`]).
pub fn is_object_control_verb(lemma: &str) -> bool {
    OBJECT_CONTROL_VERBS.binary_search(&lemma).is_ok()
}

/// Honorifics only persons take, as written before a name ("Ms. Alinejad", "Sir Keir
/// Starmer"): the named-entity rules read a name after one as a person, actor coding reads one
/// before a surname as no given name of someone else.
pub const PERSON_HONORIFICS: &[&str] = &[
    "Mr", "Mr.", "Mrs", "Mrs.", "Ms", "Ms.", "Dr", "Dr.", "Miss", "Mister", "Madame", "Mme",
    "Madam", "Sir", "Dame", "Lord", "Lady",
];

/// Whether `word` is a person's honorific ([`PERSON_HONORIFICS`]), in any case.
pub fn is_person_honorific(word: &str) -> bool {
    PERSON_HONORIFICS
        .iter()
        .any(|h| h.eq_ignore_ascii_case(word))
}

/// Quotation marks, straight and typographic, and the PTB-style doubled forms.
pub const QUOTATION_MARKS: &[&str] = &[
    "\"", "'", "``", "''", "\u{201c}", "\u{201d}", "\u{2018}", "\u{2019}", "\u{ab}", "\u{bb}",
    "\u{201e}",
];

/// Whether `form` is a quotation mark ([`QUOTATION_MARKS`]).
pub fn is_quotation_mark(form: &str) -> bool {
    QUOTATION_MARKS.contains(&form)
}

/// Opening marks of paired punctuation and the mark that closes each. Straight quotes close
/// themselves, so their pairs are found by counting.
pub const PUNCTUATION_PAIRS: &[(&str, &str)] = &[
    ("(", ")"),
    ("[", "]"),
    ("{", "}"),
    ("<", ">"),
    ("``", "''"),
    ("\u{201c}", "\u{201d}"),
    ("\u{2018}", "\u{2019}"),
    ("\u{ab}", "\u{bb}"),
    ("\"", "\""),
    ("'", "'"),
];

/// Words of a sports report, whose contests are told in the words of war ("Belgium beat Panama
/// 3-0", "England attacked from the start") and which names national teams by their country.
pub const SPORTS_WORDS: &[&str] = &[
    "match",
    "matches",
    "game",
    "games",
    "cup",
    "championship",
    "championships",
    "tournament",
    "league",
    "coach",
    "squad",
    "goal",
    "goals",
    "scored",
    "penalty",
    "referee",
    "striker",
    "goalkeeper",
    "innings",
    "wicket",
    "wickets",
    "rugby",
    "football",
    "soccer",
    "cricket",
    "olympics",
    "medal",
    "semi-final",
    "semifinal",
    "quarter-final",
    "fixture",
    "fixtures",
];

/// Whether a document of `sentences` sentences and these words reports sport: three different
/// [`SPORTS_WORDS`] in it, one every three sentences or more often (a biography's "cricket
/// match" is no report). The named entity rules make its acting countries national teams; the
/// event coder leaves its contests out.
pub fn reports_sport<'a>(words: impl IntoIterator<Item = &'a str>, sentences: usize) -> bool {
    let mut seen: Vec<&str> = Vec::new();
    let mut hits = 0;
    for w in words {
        let l = w.to_lowercase();
        if let Some(word) = SPORTS_WORDS.iter().find(|s| **s == l) {
            hits += 1;
            if !seen.contains(word) {
                seen.push(word);
            }
        }
    }
    seen.len() >= 3 && hits * 10 >= sentences * 3
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_is_sorted_for_lookup() {
        assert!(OBJECT_CONTROL_VERBS.windows(2).all(|w| w[0] < w[1]));
        assert!(is_object_control_verb("urge"));
        assert!(!is_object_control_verb("leave"));
    }
}
