//! Facts about English words that more than one stage relies on: kept here once so the
//! parser's repairs, the event coder and coreference agree.

/// Verbs (lemmas) whose object does what their "to" infinitive says: "allowed the refugees to
/// return", "urged the United States to lift sanctions", "called on Israel to halt", "hired a
/// gunman to kill" (object control). The parser re-attaches such infinitives to the verb, the event coder makes the
/// object their subject, and coreference lets a pronoun there refer to the object.
pub const OBJECT_CONTROL_VERBS: &[&str] = &[
    "advise",
    "allow",
    "appeal",
    "ask",
    "assign",
    "authorise",
    "authorize",
    "call",
    "commission",
    "compel",
    "convince",
    "demand",
    "direct",
    "employ",
    "enable",
    "encourage",
    "exhort",
    "force",
    "help",
    "hire",
    "implore",
    "instruct",
    "invite",
    "let",
    "oblige",
    "order",
    "pay",
    "permit",
    "persuade",
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
    "warn",
];

/// Whether `lemma` is an object-control verb ([`OBJECT_CONTROL_VERBS`]).
pub fn is_object_control_verb(lemma: &str) -> bool {
    OBJECT_CONTROL_VERBS.binary_search(&lemma).is_ok()
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
