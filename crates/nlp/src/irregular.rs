//! English irregular verbs (`data/lexicon/irregular_verbs.tsv`): which words are past forms,
//! and of which verb. The treebanks show many of them only a few times ("fought" twice), too
//! rarely for the tagger's weights or the lemmatizer's table.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use crate::features::hash_str;

const TABLE: &str = include_str!("../data/lexicon/irregular_verbs.tsv");

struct Irregular {
    base_of: HashMap<&'static str, &'static str>,
    hashes: HashSet<u64>,
}

fn table() -> &'static Irregular {
    static TABLE_ONCE: OnceLock<Irregular> = OnceLock::new();
    TABLE_ONCE.get_or_init(|| {
        let mut base_of = HashMap::new();
        let rows = TABLE
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty());
        for row in rows {
            let mut cols = row.split('\t');
            let Some(base) = cols.next() else {
                continue;
            };
            for form in cols.flat_map(|c| c.split('|')) {
                if form != base {
                    base_of.entry(form).or_insert(base);
                }
            }
        }
        let hashes = base_of.keys().map(|f| hash_str(f)).collect();
        Irregular { base_of, hashes }
    })
}

/// The verb a lowercased past tense or participle belongs to ("fought" → "fight").
pub fn base_of_past(lower: &str) -> Option<&'static str> {
    table().base_of.get(lower).copied()
}

/// Whether the word with this lowercased-form hash is an irregular past tense or participle.
pub(crate) fn is_past_form(lower_hash: u64) -> bool {
    table().hashes.contains(&lower_hash)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn past_forms_lead_to_their_verb() {
        assert_eq!(base_of_past("fought"), Some("fight"));
        assert_eq!(base_of_past("stricken"), Some("strike"));
        assert_eq!(base_of_past("born"), Some("bear"));
        assert_eq!(base_of_past("fight"), None, "a base form is no past");
        assert!(is_past_form(hash_str("sought")));
        assert!(
            !is_past_form(hash_str("beat")),
            "a past the same as its base is left out"
        );
    }
}
