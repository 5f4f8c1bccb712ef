//! Name lists the NER model uses as features (and to spot demonyms).
//!
//! Each list is a plain text file in `crates/nlp/data/ner/`, one name per line, `#` comments.
//! Lists are embedded in the binary; the model was trained with the same lists, so editing one
//! means retraining (`dyad train ner`).

use std::collections::HashMap;

/// The lists, in feature-name order, each made of one or more files. Names are written as they
/// appear in text.
pub const LISTS: &[(&str, &[&str])] = &[
    (
        "country",
        &[
            include_str!("../../data/ner/countries.txt"),
            include_str!("../../data/ner/countries.derived.txt"),
        ],
    ),
    (
        "demonym",
        &[
            include_str!("../../data/ner/demonyms.txt"),
            include_str!("../../data/ner/demonyms.derived.txt"),
        ],
    ),
    (
        "city",
        &[
            include_str!("../../data/ner/cities.txt"),
            include_str!("../../data/ner/cities.derived.txt"),
        ],
    ),
    (
        "region",
        &[
            include_str!("../../data/ner/regions.txt"),
            include_str!("../../data/ner/regions.derived.txt"),
        ],
    ),
    (
        "first",
        &[
            include_str!("../../data/ner/first_names.txt"),
            include_str!("../../data/ner/first_names.derived.txt"),
        ],
    ),
    (
        "last",
        &[
            include_str!("../../data/ner/surnames.txt"),
            include_str!("../../data/ner/surnames.derived.txt"),
        ],
    ),
    (
        "org",
        &[
            include_str!("../../data/ner/organisations.txt"),
            include_str!("../../data/ner/organisations.derived.txt"),
            include_str!("../../data/ner/organisations_wordnet.derived.txt"),
        ],
    ),
    ("orgword", &[include_str!("../../data/ner/org_words.txt")]),
    ("locword", &[include_str!("../../data/ner/loc_words.txt")]),
    ("title", &[include_str!("../../data/ner/titles.txt")]),
    // The lists below are filled from `COMPRESSED` (too long to embed as plain text); so are
    // parts of "org" and "company".
    ("place", &[]),
    ("common", &[]),
    ("propername", &[]),
    // Named geographic features, regions and landmarks (WordNet instances).
    ("geo", &[include_str!("../../data/ner/geo.derived.txt")]),
    // Companies, brands, online services and media.
    (
        "company",
        &[
            include_str!("../../data/ner/companies.txt"),
            include_str!("../../data/ner/companies.derived.txt"),
        ],
    ),
];

/// Long lists, gzip-compressed, one name per line: the world's towns (GeoNames places of
/// 1,000 people or more) and subdivisions; English words that are never names; English
/// dictionary names; the organisations and companies of the PETRARCH actor dictionary. Each
/// adds to the list of [`LISTS`] with the same name.
const COMPRESSED: &[(&str, &[u8])] = &[
    (
        "place",
        include_bytes!("../../data/ner/places.derived.txt.gz"),
    ),
    (
        "common",
        include_bytes!("../../data/ner/common_words.derived.txt.gz"),
    ),
    (
        "propername",
        include_bytes!("../../data/ner/proper_names.derived.txt.gz"),
    ),
    (
        "org",
        include_bytes!("../../data/ner/organisations_petrarch.derived.txt.gz"),
    ),
    (
        "company",
        include_bytes!("../../data/ner/companies_petrarch.derived.txt.gz"),
    ),
];

/// Index of the demonym list in [`LISTS`].
pub const DEMONYM: usize = 1;

/// Index of the country list in [`LISTS`].
pub const COUNTRY: usize = 0;

/// Index of the organisation list in [`LISTS`].
pub const ORGANISATION: usize = 6;

/// Index of the company list in [`LISTS`].
pub const COMPANY: usize = 14;

/// Longest phrase looked up, in words.
const MAX_WORDS: usize = 6;

/// Phrase → bit set of the lists containing it, exact-case and lower-cased.
///
/// Phrases are keyed by a 64-bit hash of their text (collisions are negligible for a few
/// hundred thousand names), which keeps building the lists at start-up quick.
#[derive(Debug, Default, Clone)]
pub struct Gazetteer {
    exact: HashMap<u64, u32, KeyHasher>,
    lower: HashMap<u64, u32, KeyHasher>,
    /// Lower-cased first word of every name → the most words a name starting with it has, so a
    /// word no name starts with costs one probe (the lookups were a quarter of NER time).
    first: HashMap<u64, usize, KeyHasher>,
}

/// Keys are already hashes: the table uses them as they are.
type KeyHasher = std::hash::BuildHasherDefault<PassThrough>;

#[derive(Default)]
struct PassThrough(u64);

impl std::hash::Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = v;
    }
}

fn key(phrase: &str) -> u64 {
    super::features::hash(&[phrase])
}

/// One list match over words `start..end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GazMatch {
    pub start: usize,
    pub end: usize,
    pub list: usize,
    pub exact: bool,
}

impl Gazetteer {
    /// The embedded lists, built once per process and shared by every model.
    pub fn shared() -> std::sync::Arc<Gazetteer> {
        static SHARED: std::sync::OnceLock<std::sync::Arc<Gazetteer>> = std::sync::OnceLock::new();
        SHARED
            .get_or_init(|| std::sync::Arc::new(Gazetteer::embedded()))
            .clone()
    }

    /// The embedded lists.
    pub fn embedded() -> Self {
        let mut g = Gazetteer::default();
        for (i, (_, files)) in LISTS.iter().enumerate() {
            for text in files.iter() {
                g.add_lines(i, text);
            }
        }
        for (name, gz) in COMPRESSED {
            let mut text = String::new();
            // The embedded archives are ours and fixed; were one unreadable its list would stay
            // empty and the unit tests below would fail.
            let read =
                std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(*gz), &mut text);
            if let (Ok(_), Some(i)) = (read, LISTS.iter().position(|(n, _)| n == name)) {
                g.add_lines(i, &text);
            }
        }
        g
    }

    fn add_lines(&mut self, list: usize, text: &str) {
        for line in text.lines() {
            let name = line.trim();
            if name.is_empty() || name.starts_with('#') {
                continue;
            }
            for name in tokenised_forms(&normalise(name)) {
                self.add(list, &name);
            }
        }
    }

    fn add(&mut self, list: usize, name: &str) {
        *self.exact.entry(key(name)).or_default() |= 1 << list;
        let lower = name.to_lowercase();
        let first = lower.split(' ').next().unwrap_or_default();
        let longest = self.first.entry(key(first)).or_default();
        *longest = (*longest).max(lower.split(' ').count());
        *self.lower.entry(key(&lower)).or_default() |= 1 << list;
    }

    /// Every list match in a sentence (all starts, all lengths up to six words).
    pub fn matches(&self, words: &[String]) -> Vec<GazMatch> {
        let mut out = Vec::new();
        // News sets the possessive with a typographic apostrophe ("People’s Republic"); the
        // lists write the ASCII one.
        let written: Vec<std::borrow::Cow<str>> = words
            .iter()
            .map(|w| {
                if w.contains('’') {
                    w.replace('’', "'").into()
                } else {
                    w.as_str().into()
                }
            })
            .collect();
        let lowered: Vec<String> = written.iter().map(|w| w.to_lowercase()).collect();
        for start in 0..words.len() {
            let Some(&longest) = self.first.get(&key(&lowered[start])) else {
                continue;
            };
            let mut phrase = String::new();
            let mut lower_phrase = String::new();
            for end in start + 1..=(start + MAX_WORDS.min(longest)).min(words.len()) {
                if end > start + 1 {
                    phrase.push(' ');
                    lower_phrase.push(' ');
                }
                phrase.push_str(&written[end - 1]);
                lower_phrase.push_str(&lowered[end - 1]);
                let lower = self.lower.get(&key(&lower_phrase)).copied().unwrap_or(0);
                if lower == 0 {
                    continue;
                }
                let exact = self.exact.get(&key(&phrase)).copied().unwrap_or(0);
                for list in 0..LISTS.len() {
                    if lower & (1 << list) != 0 {
                        out.push(GazMatch {
                            start,
                            end,
                            list,
                            exact: exact & (1 << list) != 0,
                        });
                    }
                }
            }
        }
        out
    }

    /// Whether one word is in a list, exactly as written.
    pub fn contains(&self, list: usize, word: &str) -> bool {
        self.exact
            .get(&key(word))
            .is_some_and(|bits| bits & (1 << list) != 0)
    }
}

/// Names are keyed by their words separated by single spaces.
fn normalise(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A name as written and as UD tokenisation splits it: hyphens and the possessive ending are
/// tokens of their own ("Coca-Cola" → "Coca - Cola", "McDonald's" → "McDonald 's").
fn tokenised_forms(name: &str) -> Vec<String> {
    let mut split = String::with_capacity(name.len() + 8);
    for word in name.split(' ') {
        if !split.is_empty() {
            split.push(' ');
        }
        let (stem, possessive) = match word.strip_suffix("'s").or(word.strip_suffix("’s")) {
            Some(stem) if !stem.is_empty() => (stem, &word[stem.len()..]),
            _ => (word, ""),
        };
        let parts: Vec<&str> = stem.split('-').collect();
        if parts.len() > 1 && parts.iter().all(|p| !p.is_empty()) {
            split.push_str(&parts.join(" - "));
        } else {
            split.push_str(stem);
        }
        if !possessive.is_empty() {
            split.push(' ');
            split.push_str(possessive);
        }
    }
    if split == name {
        vec![split]
    } else {
        vec![name.to_string(), split]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        s.split(' ').map(str::to_string).collect()
    }

    #[test]
    fn multiword_names_match_with_case_recorded() {
        let g = Gazetteer::embedded();
        let m = g.matches(&words("troops left South Ossetia for russia"));
        let country = LISTS.iter().position(|(n, _)| *n == "country").unwrap();
        assert!(m.contains(&GazMatch {
            start: 2,
            end: 4,
            list: country,
            exact: true
        }));
        assert!(m.contains(&GazMatch {
            start: 5,
            end: 6,
            list: country,
            exact: false
        }));
    }

    #[test]
    fn world_towns_are_listed() {
        let g = Gazetteer::embedded();
        let place = LISTS.iter().position(|(n, _)| *n == "place").unwrap();
        let m = g.matches(&words("we moved to Noida last year"));
        assert!(m.iter().any(|m| m.list == place && m.start == 3 && m.exact));
    }

    #[test]
    fn demonyms_are_listed() {
        let g = Gazetteer::embedded();
        assert!(g.contains(DEMONYM, "Georgian"));
        assert!(g.contains(COUNTRY, "South Korea"));
        assert_eq!(LISTS[COUNTRY].0, "country");
        assert_eq!(LISTS[ORGANISATION].0, "org");
        assert_eq!(LISTS[COMPANY].0, "company");
        assert!(g.contains(COMPANY, "Ford"));
        assert!(!g.contains(COUNTRY, "Georgian"));
        assert!(g.contains(DEMONYM, "Russian"));
        assert!(!g.contains(DEMONYM, "Russia"));
    }

    fn list(name: &str) -> usize {
        LISTS.iter().position(|(n, _)| *n == name).unwrap()
    }

    #[test]
    fn organisations_and_peoples_are_not_countries() {
        let g = Gazetteer::embedded();
        for org in ["EU", "European Union", "UN", "United Nations", "NATO"] {
            assert!(
                !g.contains(list("country"), org),
                "{org} listed as a country"
            );
            assert!(
                g.contains(list("org"), org),
                "{org} not listed as an organisation"
            );
        }
        for people in ["Serb", "Croat", "New Zealander", "Filipino"] {
            assert!(
                !g.contains(list("country"), people),
                "{people} listed as a country"
            );
            assert!(
                g.contains(DEMONYM, people),
                "{people} not listed as a demonym"
            );
        }
        for place in ["Guadeloupe", "Palestine", "Wales"] {
            assert!(!g.contains(DEMONYM, place), "{place} listed as a demonym");
        }
    }

    #[test]
    fn place_words_and_titles_are_not_person_names() {
        let g = Gazetteer::embedded();
        for word in ["Athens", "Acting", "Foreign", "Minister", "Sir"] {
            assert!(
                !g.contains(list("first"), word),
                "{word} listed as a given name"
            );
        }
        for word in ["Afghanistan", "America", "Bishop"] {
            assert!(
                !g.contains(list("last"), word),
                "{word} listed as a family name"
            );
        }
        assert!(!g.contains(list("region"), "Jordi Serra Malleu"));
        assert!(g.contains(list("first"), "Vladimir"));
        assert!(g.contains(list("last"), "Karzai"));
    }

    #[test]
    fn geographic_features_and_companies_are_listed() {
        let g = Gazetteer::embedded();
        for place in [
            "Mediterranean",
            "Sahara",
            "Thrace",
            "Alps",
            "Rhine",
            "West Indies",
        ] {
            assert!(
                g.contains(list("geo"), place),
                "{place} not a geographic name"
            );
        }
        for company in [
            "Huawei",
            "Samsung",
            "Spotify",
            "Tesco",
            "Volkswagen",
            "VW",
            "Siemens",
        ] {
            assert!(
                g.contains(list("company"), company),
                "{company} not a company"
            );
        }
        let m = g.matches(&words("shares of Bank of America fell"));
        assert!(m.iter().any(|m| m.start == 2 && m.end == 5));
    }

    #[test]
    fn a_typographic_apostrophe_matches_the_listed_name() {
        let g = Gazetteer::embedded();
        let country = list("country");
        let found = g.matches(&words("the People ’s Republic of China said"));
        assert!(found
            .iter()
            .any(|m| m.start == 1 && m.end == 6 && m.list == country && m.exact));
    }

    #[test]
    fn names_match_as_ud_tokenises_them() {
        assert_eq!(
            tokenised_forms("McDonald's"),
            vec!["McDonald's".to_string(), "McDonald 's".to_string()]
        );
        assert_eq!(tokenised_forms("Harley-Davidson")[1], "Harley - Davidson");
        assert_eq!(
            tokenised_forms("Volkswagen"),
            vec!["Volkswagen".to_string()]
        );
        let g = Gazetteer::embedded();
        let m = g.matches(&words("a Coca - Cola and a Harley - Davidson at Wendy 's"));
        let company = list("company");
        assert!(m.contains(&GazMatch {
            start: 1,
            end: 4,
            list: company,
            exact: true
        }));
        assert!(m.contains(&GazMatch {
            start: 6,
            end: 9,
            list: company,
            exact: true
        }));
        assert!(m.contains(&GazMatch {
            start: 10,
            end: 12,
            list: company,
            exact: true
        }));
    }
}
