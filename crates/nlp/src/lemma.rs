//! Lemmatizer and morphological features: treebank lookups by (lowercased form, tag), with
//! suffix-rewrite rules learned per tag for unseen words.
//!
//! An "edit" turns a form into its lemma: optionally lowercase, strip `n` trailing characters,
//! append a string ("studies" → strip 3, append "y"). Irregular forms ("went" → "go") are just
//! dictionary entries whose edit rewrites the whole word.

use std::collections::HashMap;

use dyad_model::Token;

use crate::features::{f1, f2, hash_str, FeatMap};
use crate::model::{Reader, Writer};
use crate::NlpError;

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Edit {
    lowercase: bool,
    strip: u8,
    append: String,
}

impl Edit {
    fn learn(form: &str, lemma: &str) -> Edit {
        let from = |base: &str, lowercase: bool| {
            let b: Vec<char> = base.chars().collect();
            let l: Vec<char> = lemma.chars().collect();
            let common = b.iter().zip(&l).take_while(|(x, y)| x == y).count();
            Edit {
                lowercase,
                strip: (b.len() - common).min(255) as u8,
                append: l[common..].iter().collect(),
            }
        };
        let orig = from(form, false);
        let low = from(&form.to_lowercase(), true);
        if low.strip <= orig.strip {
            low
        } else {
            orig
        }
    }

    fn apply(&self, form: &str) -> Option<String> {
        let base = if self.lowercase {
            form.to_lowercase()
        } else {
            form.to_string()
        };
        let n = base.chars().count();
        if self.strip as usize > n || (self.strip as usize == n && self.append.is_empty()) {
            return None;
        }
        let mut out: String = base.chars().take(n - self.strip as usize).collect();
        out.push_str(&self.append);
        Some(out)
    }
}

const MAX_SUFFIX: usize = 6;

/// The key a (UPOS, XPOS) pair is looked up under; callers tagging many words compute it once
/// per tag.
pub fn tag_key(upos: &str, xpos: &str) -> u64 {
    f2(40, hash_str(upos), hash_str(xpos))
}

/// Key of the rule for the last `k` characters of `lower` under `tag` (None if shorter).
fn suffix_key(tag: u64, lower: &str, k: usize) -> Option<u64> {
    let start = if k == 0 {
        lower.len()
    } else {
        lower.char_indices().rev().nth(k - 1)?.0
    };
    Some(f2(41, tag, hash_str(&lower[start..])))
}

/// The [`tag_key`]s of the verb tags the lemma repairs look at, hashed once per process
/// (`lemma_keyed` runs for every word).
struct VerbKeys {
    past: u64,
    participle: u64,
    gerund: u64,
    third_person: u64,
    /// Base verb, present verb, singular noun: the tags a lemma appears under as itself.
    base_forms: [u64; 3],
}

impl VerbKeys {
    fn get() -> &'static VerbKeys {
        static KEYS: std::sync::OnceLock<VerbKeys> = std::sync::OnceLock::new();
        KEYS.get_or_init(|| VerbKeys {
            past: tag_key("VERB", "VBD"),
            participle: tag_key("VERB", "VBN"),
            gerund: tag_key("VERB", "VBG"),
            third_person: tag_key("VERB", "VBZ"),
            base_forms: [
                tag_key("VERB", "VB"),
                tag_key("VERB", "VBP"),
                tag_key("NOUN", "NN"),
            ],
        })
    }
}

/// Trained lemmatizer and FEATS predictor.
#[derive(Default)]
pub struct Lemmatizer {
    edits: Vec<Edit>,
    /// (lowercased form, tag) → edit id.
    dict: FeatMap<u32>,
    /// (tag, lowercased suffix of length k) → edit id, k = 0..=MAX_SUFFIX.
    rules: FeatMap<u32>,
    feats: Vec<String>,
    /// (lowercased form, tag) → feats id, and tag → most frequent feats id.
    word_feats: FeatMap<u32>,
    tag_feats: FeatMap<u32>,
}

impl Lemmatizer {
    /// The lemma of `form` tagged `upos`/`xpos`.
    pub fn lemma(&self, form: &str, upos: &str, xpos: &str) -> String {
        let lower = form.to_lowercase();
        self.lemma_keyed(form, &lower, hash_str(&lower), tag_key(upos, xpos))
    }

    /// [`Self::lemma`] with the lowercased form, its hash and the [`tag_key`] precomputed.
    pub fn lemma_keyed(&self, form: &str, lower: &str, lower_hash: u64, tag: u64) -> String {
        // A past tense and its participle share their lemma ("struck"): the other form's
        // entry answers when this one is missing or only the form again (treebanks have a few
        // unlemmatised verbs; "put"/"put" stays, as both entries agree).
        let keys = VerbKeys::get();
        let sibling = if tag == keys.past {
            Some(keys.participle)
        } else if tag == keys.participle {
            Some(keys.past)
        } else {
            None
        };
        let from_sibling = || {
            let e = sibling.and_then(|t| self.dict.get(&f2(42, lower_hash, t)))?;
            self.edits[*e as usize].apply(form)
        };
        if let Some(&e) = self.dict.get(&f2(42, lower_hash, tag)) {
            if let Some(l) = self.edits[e as usize].apply(form) {
                let unlemmatised = || l.chars().flat_map(char::to_lowercase).eq(lower.chars());
                if sibling.is_some() && unlemmatised() {
                    if let Some(other) = from_sibling() {
                        return other;
                    }
                }
                return l;
            }
        }
        if let Some(l) = from_sibling() {
            return l;
        }
        // An irregular past the treebanks never showed ("smote", "strove").
        if tag == keys.past || tag == keys.participle {
            if let Some(base) = crate::irregular::base_of_past(lower) {
                return base.to_string();
            }
        }
        for k in (0..=MAX_SUFFIX).rev() {
            if let Some(&e) = suffix_key(tag, lower, k).and_then(|key| self.rules.get(&key)) {
                if let Some(l) = self.edits[e as usize].apply(form) {
                    return self.settle_stem_spelling(l, tag);
                }
            }
        }
        form.to_string()
    }

    /// An unseen inflected verb's suffix rule may drop or add a final "e" wrongly
    /// ("telephoned" → "telephon", "rioted" → "riote"), or undouble a final consonant that
    /// belongs to the stem ("shelled" → "shel"): when the rule's lemma is no word the
    /// treebank had as a base verb or a noun and the other spelling is, that one is the lemma.
    fn settle_stem_spelling(&self, lemma: String, tag: u64) -> String {
        let keys = VerbKeys::get();
        let inflected = [keys.past, keys.participle, keys.gerund, keys.third_person].contains(&tag);
        if !inflected {
            return lemma;
        }
        let known = |l: &str| {
            let h = hash_str(&l.to_lowercase());
            keys.base_forms
                .iter()
                .any(|&t| self.dict.contains_key(&f2(42, h, t)))
        };
        if known(&lemma) {
            return lemma;
        }
        let other_e = match lemma.strip_suffix('e') {
            Some(stem) => stem.to_string(),
            None => format!("{lemma}e"),
        };
        let doubled = lemma
            .chars()
            .last()
            .filter(|c| c.is_ascii_alphabetic() && !"aeiouy".contains(*c))
            .map(|c| format!("{lemma}{c}"));
        [Some(other_e), doubled]
            .into_iter()
            .flatten()
            .find(|l| known(l))
            .unwrap_or(lemma)
    }

    /// UD features of `form` tagged `upos`/`xpos` (empty when none).
    pub fn feats(&self, form: &str, upos: &str, xpos: &str) -> &str {
        self.feats_keyed(hash_str(&form.to_lowercase()), tag_key(upos, xpos))
    }

    /// [`Self::feats`] with the lowercased form's hash and the [`tag_key`] precomputed.
    pub fn feats_keyed(&self, lower_hash: u64, tag: u64) -> &str {
        let key = f2(43, lower_hash, tag);
        let id = self
            .word_feats
            .get(&key)
            .or_else(|| self.tag_feats.get(&f1(44, tag)));
        id.map_or("", |&i| self.feats[i as usize].as_str())
    }

    pub fn train(train: &[&[Token]]) -> Lemmatizer {
        let mut edit_ids: HashMap<Edit, u32> = HashMap::new();
        let mut edits = Vec::new();
        let mut intern = |e: Edit| -> u32 {
            *edit_ids.entry(e.clone()).or_insert_with(|| {
                edits.push(e);
                edits.len() as u32 - 1
            })
        };
        let mut feat_ids: HashMap<String, u32> = HashMap::new();
        let mut feats = Vec::new();
        // Token counts per (form, tag) → edit, and feats.
        let mut word_edits: HashMap<u64, HashMap<u32, usize>> = HashMap::new();
        let mut word_feats: HashMap<u64, HashMap<u32, usize>> = HashMap::new();
        let mut tag_feats: HashMap<u64, HashMap<u32, usize>> = HashMap::new();
        // Word types per (tag, suffix) → edit, from distinct (form, tag) pairs.
        let mut types: HashMap<(String, u64), u32> = HashMap::new();
        for s in train {
            for t in *s {
                if t.lemma.is_empty() {
                    continue;
                }
                let tag = tag_key(&t.upos, &t.xpos);
                let lower = t.form.to_lowercase();
                let e = intern(Edit::learn(&t.form, &t.lemma));
                *word_edits
                    .entry(f2(42, hash_str(&lower), tag))
                    .or_default()
                    .entry(e)
                    .or_default() += 1;
                types.entry((lower.clone(), tag)).or_insert(e);
                let fid = *feat_ids.entry(t.feats.clone()).or_insert_with(|| {
                    feats.push(t.feats.clone());
                    feats.len() as u32 - 1
                });
                *word_feats
                    .entry(f2(43, hash_str(&lower), tag))
                    .or_default()
                    .entry(fid)
                    .or_default() += 1;
                *tag_feats
                    .entry(f1(44, tag))
                    .or_default()
                    .entry(fid)
                    .or_default() += 1;
            }
        }
        let mut rule_counts: HashMap<u64, HashMap<u32, usize>> = HashMap::new();
        for ((lower, tag), e) in &types {
            for k in 0..=MAX_SUFFIX {
                if let Some(key) = suffix_key(*tag, lower, k) {
                    *rule_counts.entry(key).or_default().entry(*e).or_default() += 1;
                }
            }
        }
        let best = |m: HashMap<u64, HashMap<u32, usize>>, min: usize| -> FeatMap<u32> {
            m.into_iter()
                .filter_map(|(k, c)| {
                    let (v, n) = c
                        .into_iter()
                        .max_by_key(|(v, n)| (*n, std::cmp::Reverse(*v)))?;
                    (n >= min).then_some((k, v))
                })
                .collect()
        };
        Lemmatizer {
            edits,
            dict: best(word_edits, 1),
            rules: best(rule_counts, 2),
            feats,
            word_feats: best(word_feats, 1),
            tag_feats: best(tag_feats, 1),
        }
    }

    pub fn write(&self, w: &mut Writer) {
        w.u32(self.edits.len() as u32);
        for e in &self.edits {
            w.u16(u16::from(e.lowercase) << 8 | u16::from(e.strip));
            w.str(&e.append);
        }
        for map in [&self.dict, &self.rules] {
            write_map(w, map);
        }
        w.strs(&self.feats);
        for map in [&self.word_feats, &self.tag_feats] {
            write_map(w, map);
        }
    }

    pub fn read(r: &mut Reader) -> Result<Lemmatizer, NlpError> {
        let n = r.u32()? as usize;
        let mut edits = Vec::with_capacity(n.min(1 << 20));
        for _ in 0..n {
            let bits = r.u16()?;
            edits.push(Edit {
                lowercase: bits >> 8 != 0,
                strip: (bits & 0xff) as u8,
                append: r.str()?,
            });
        }
        let dict = read_map(r, edits.len())?;
        let rules = read_map(r, edits.len())?;
        let feats = r.strs()?;
        let word_feats = read_map(r, feats.len())?;
        let tag_feats = read_map(r, feats.len())?;
        Ok(Lemmatizer {
            edits,
            dict,
            rules,
            feats,
            word_feats,
            tag_feats,
        })
    }
}

fn write_map(w: &mut Writer, map: &FeatMap<u32>) {
    let mut v: Vec<(u64, u32)> = map.iter().map(|(k, v)| (*k, *v)).collect();
    v.sort_unstable();
    w.u32(v.len() as u32);
    let mut prev = 0u64;
    for (k, id) in v {
        w.u64(k.wrapping_sub(prev));
        prev = k;
        w.u32(id);
    }
}

fn read_map(r: &mut Reader, limit: usize) -> Result<FeatMap<u32>, NlpError> {
    let n = r.u32()? as usize;
    let mut map = FeatMap::default();
    map.reserve(n.min(1 << 24));
    let mut key = 0u64;
    for _ in 0..n {
        key = key.wrapping_add(r.u64()?);
        let id = r.u32()?;
        if id as usize >= limit {
            return Err(r.error("lemmatizer entry out of range"));
        }
        map.insert(key, id);
    }
    Ok(map)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tok(form: &str, lemma: &str, upos: &str, xpos: &str) -> Token {
        Token {
            form: form.into(),
            lemma: lemma.into(),
            upos: upos.into(),
            xpos: xpos.into(),
            ..Token::default()
        }
    }

    #[test]
    fn edits_rewrite_suffixes_and_case() {
        let e = Edit::learn("studies", "study");
        assert_eq!(e.apply("ladies").as_deref(), Some("lady"));
        let e = Edit::learn("The", "the");
        assert!(e.lowercase);
        assert_eq!(e.apply("A").as_deref(), Some("a"));
    }

    #[test]
    fn a_past_tense_seen_only_as_a_participle_takes_its_lemma() {
        let sent = vec![
            tok("struck", "strike", "VERB", "VBN"),
            tok("shot", "shot", "VERB", "VBD"),
            tok("shot", "shoot", "VERB", "VBN"),
            tok("put", "put", "VERB", "VBD"),
            tok("put", "put", "VERB", "VBN"),
        ];
        let l = Lemmatizer::train(&[&sent]);
        assert_eq!(l.lemma("struck", "VERB", "VBD"), "strike");
        assert_eq!(
            l.lemma("shot", "VERB", "VBD"),
            "shoot",
            "an unlemmatised entry"
        );
        assert_eq!(l.lemma("put", "VERB", "VBD"), "put");
    }

    #[test]
    fn an_unseen_verb_keeps_the_final_e_of_a_known_word() {
        let sent = vec![
            tok("questioned", "question", "VERB", "VBD"),
            tok("mentioned", "mention", "VERB", "VBD"),
            tok("telephone", "telephone", "NOUN", "NN"),
        ];
        let l = Lemmatizer::train(&[&sent]);
        assert_eq!(l.lemma("positioned", "VERB", "VBD"), "position");
        assert_eq!(
            l.lemma("telephoned", "VERB", "VBD"),
            "telephone",
            "the rule alone gives 'telephon'"
        );
        let sent = vec![
            tok("controlled", "control", "VERB", "VBD"),
            tok("patrolled", "patrol", "VERB", "VBD"),
            tok("shell", "shell", "NOUN", "NN"),
        ];
        let l = Lemmatizer::train(&[&sent]);
        assert_eq!(l.lemma("shelled", "VERB", "VBD"), "shell", "not 'shel'");
        assert_eq!(l.lemma("compelled", "VERB", "VBD"), "compel");
    }

    #[test]
    fn irregulars_come_from_the_data_and_rules_cover_unseen_words() {
        let sent = vec![
            tok("went", "go", "VERB", "VBD"),
            tok("walked", "walk", "VERB", "VBD"),
            tok("talked", "talk", "VERB", "VBD"),
            tok("cities", "city", "NOUN", "NNS"),
            tok("ladies", "lady", "NOUN", "NNS"),
            tok("Russia", "Russia", "PROPN", "NNP"),
        ];
        let l = Lemmatizer::train(&[&sent]);
        assert_eq!(l.lemma("went", "VERB", "VBD"), "go");
        assert_eq!(l.lemma("jumped", "VERB", "VBD"), "jump");
        assert_eq!(l.lemma("parties", "NOUN", "NNS"), "party");
        assert_eq!(l.lemma("Ossetia", "PROPN", "NNP"), "Ossetia");
        let mut w = Writer::default();
        l.write(&mut w);
        let bytes = w.into_bytes();
        let back = Lemmatizer::read(&mut Reader::new(&bytes, "t")).unwrap();
        assert_eq!(back.lemma("cities", "NOUN", "NNS"), "city");
    }
}
