//! Observation features of each word: the word and its neighbours, shape, affixes, position,
//! name-list matches and (when the sentence is tagged) UPOS. Features are hashed to `u64` with
//! FNV-1a, which is stable across platforms and Rust versions, so a model file stays valid.

use super::clusters;
use super::gazetteer::{GazMatch, Gazetteer, LISTS};
use super::glove;

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0100_0000_01b3;

/// FNV-1a over feature parts, with a separator between parts.
pub fn hash(parts: &[&str]) -> u64 {
    let mut h = FNV_OFFSET;
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            h ^= 0x1f;
            h = h.wrapping_mul(FNV_PRIME);
        }
        for b in part.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(FNV_PRIME);
        }
    }
    h
}

/// `Xxxx`, `dd`, `X.X.`: each character class, runs longer than three cut to three.
pub fn shape(word: &str) -> String {
    let mut out = String::new();
    let mut last = '\0';
    let mut run = 0;
    for c in word.chars() {
        let k = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else {
            c
        };
        if k == last {
            run += 1;
        } else {
            run = 1;
            last = k;
        }
        if run <= 3 {
            out.push(k);
        }
    }
    out
}

/// Shape with every run collapsed to one character: `Xx`, `d`, `X.X.`.
pub fn short_shape(word: &str) -> String {
    let mut out = String::new();
    for k in shape(word).chars() {
        if !out.ends_with(k) {
            out.push(k);
        }
    }
    out
}

pub(super) fn is_opening(word: &str) -> bool {
    matches!(
        word,
        "\"" | "“" | "‘" | "'" | "(" | "[" | ":" | "-" | "--" | "—" | "–" | "*" | "•" | ">"
    )
}

/// How a sentence uses capitals, which decides how much a capital letter says: in an
/// all-lowercase chat message "kerala" may be a place; in a headline every word is capitalised.
fn case_mode(words: &[String]) -> &'static str {
    let mut alpha = 0;
    let mut upper_initial = 0;
    let mut all_caps = 0;
    for (i, w) in words.iter().enumerate() {
        let mut chars = w.chars();
        let Some(first) = chars.next() else { continue };
        if !first.is_alphabetic() {
            continue;
        }
        alpha += 1;
        if first.is_uppercase() {
            if i > 0 {
                upper_initial += 1;
            }
            if w.chars().count() > 1 && w.chars().all(|c| !c.is_lowercase()) {
                all_caps += 1;
            }
        }
    }
    if alpha < 3 {
        "short"
    } else if all_caps * 5 >= alpha * 4 {
        "caps"
    } else if upper_initial == 0 {
        "lower"
    } else if upper_initial * 10 >= (alpha - 1) * 7 {
        "title"
    } else {
        "mixed"
    }
}

/// Features of every word of a sentence. `upos` is used when present and non-empty.
#[cfg(test)]
pub fn sentence_features(
    words: &[String],
    upos: Option<&[String]>,
    gaz: &Gazetteer,
) -> Vec<Vec<u64>> {
    sentence_features_split(words, upos, gaz).0
}

/// Features of every word, and for each word how many of its features (at the front) are the
/// word's identity (the word itself and word bigrams). Training drops those at random so the
/// model also learns to recognise names it has never seen from their context, shape and lists.
pub fn sentence_features_split(
    words: &[String],
    upos: Option<&[String]>,
    gaz: &Gazetteer,
) -> (Vec<Vec<u64>>, Vec<usize>) {
    sentence_features_matched(words, upos, &gaz.matches(words))
}

/// [`sentence_features_split`] with the sentence's name-list matches already found (the
/// model's post-processing needs them too, so prediction looks them up once).
pub fn sentence_features_matched(
    words: &[String],
    upos: Option<&[String]>,
    matches: &[GazMatch],
) -> (Vec<Vec<u64>>, Vec<usize>) {
    let n = words.len();
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    let shapes: Vec<String> = words.iter().map(|w| shape(w)).collect();
    let short: Vec<String> = words.iter().map(|w| short_shape(w)).collect();
    let mode = case_mode(words);
    let info: Vec<Option<clusters::WordInfo>> = lower.iter().map(|l| clusters::lookup(l)).collect();
    let vectors: Vec<Option<glove::Clusters>> = lower.iter().map(|l| glove::lookup(l)).collect();
    let tags: Option<&[String]> = upos.filter(|t| t.len() == n && t.iter().any(|x| !x.is_empty()));
    let lw = |i: isize| -> &str {
        if i < 0 {
            "<s>"
        } else if i as usize >= n {
            "</s>"
        } else {
            lower[i as usize].as_str()
        }
    };
    let sh = |i: isize| -> &str {
        if i < 0 {
            "<s>"
        } else if i as usize >= n {
            "</s>"
        } else {
            short[i as usize].as_str()
        }
    };
    let mut out = Vec::with_capacity(n);
    let mut lexical = Vec::with_capacity(n);
    for i in 0..n {
        let ii = i as isize;
        let w = words[i].as_str();
        let l = lower[i].as_str();
        let mut f: Vec<u64> = Vec::with_capacity(64);
        let initial = i == 0 || is_opening(&words[i - 1]);
        f.push(hash(&["w", w]));
        f.push(hash(&["lw", l]));
        f.push(hash(&["w-1w", lw(ii - 1), l]));
        f.push(hash(&["ww+1", l, lw(ii + 1)]));
        if initial {
            f.push(hash(&["initw", l]));
        }
        lexical.push(f.len());
        f.push(hash(&["bias"]));
        f.push(hash(&["shape", &shapes[i]]));
        f.push(hash(&["sshape", &short[i]]));
        let chars: Vec<char> = l.chars().collect();
        for k in 1..=4usize {
            if chars.len() > k {
                let p: String = chars[..k].iter().collect();
                let s: String = chars[chars.len() - k..].iter().collect();
                if k <= 3 {
                    f.push(hash(&["pre", &p]));
                }
                f.push(hash(&["suf", &s]));
            }
        }
        f.push(hash(&["w-1", lw(ii - 1)]));
        f.push(hash(&["w+1", lw(ii + 1)]));
        f.push(hash(&["w-2", lw(ii - 2)]));
        f.push(hash(&["w+2", lw(ii + 2)]));
        f.push(hash(&["sh-1", sh(ii - 1)]));
        f.push(hash(&["sh+1", sh(ii + 1)]));
        f.push(hash(&["sh-1sh", sh(ii - 1), &short[i]]));
        f.push(hash(&["shsh+1", &short[i], sh(ii + 1)]));
        f.push(hash(&["sh3", sh(ii - 1), &short[i], sh(ii + 1)]));
        f.push(hash(&["w-1sh", lw(ii - 1), &short[i]]));
        f.push(hash(&["shw+1", &short[i], lw(ii + 1)]));
        if initial {
            f.push(hash(&["init", &short[i]]));
        }
        let title = w.chars().next().is_some_and(char::is_uppercase);
        if title && !initial {
            f.push(hash(&["title-mid"]));
        }
        if title
            && w.chars()
                .skip(1)
                .all(|c| !c.is_alphabetic() || c.is_uppercase())
            && w.chars().count() > 1
        {
            f.push(hash(&["allcaps"]));
        }
        f.push(hash(&["mode", mode]));
        f.push(hash(&["mode-sh", mode, &short[i]]));
        f.push(hash(&["mode-sh3", mode, sh(ii - 1), &short[i], sh(ii + 1)]));
        gazetteer_features(matches, i, mode, &mut f);
        cluster_features(&info, i, title && !initial, &mut f);
        glove_features(&vectors, i, title && !initial, &mut f);
        if let Some(t) = tags {
            let tg = |k: isize| -> &str {
                if k < 0 {
                    "<s>"
                } else if k as usize >= n {
                    "</s>"
                } else {
                    t[k as usize].as_str()
                }
            };
            f.push(hash(&["t", tg(ii)]));
            f.push(hash(&["t-1", tg(ii - 1)]));
            f.push(hash(&["t+1", tg(ii + 1)]));
            f.push(hash(&["t-1t", tg(ii - 1), tg(ii)]));
            f.push(hash(&["tt+1", tg(ii), tg(ii + 1)]));
            f.push(hash(&["tsh", tg(ii), &short[i]]));
        }
        out.push(f);
    }
    (out, lexical)
}

/// The domain a model is applied to: the corpus trained first (UNER's web text), whose
/// annotation conventions dyad follows.
pub const TARGET_DOMAIN: &str = "target";

/// Adds to every feature a copy specific to one training corpus ("frustratingly easy domain
/// adaptation", Daumé 2007): shared copies learn what all corpora agree on, domain copies
/// each corpus's own conventions (wikigold's MISC, GUM's places), and prediction uses the
/// shared copies and shares of the target-domain copies (and of any other corpus's, as
/// `TrainOptions` says), folded into one weight per feature when training ends (so a model
/// scores no more features than without copies). Lexical features stay at the
/// front.
pub fn with_domain(
    (feats, lexical): (Vec<Vec<u64>>, Vec<usize>),
    domain: &str,
) -> (Vec<Vec<u64>>, Vec<usize>) {
    let salt = hash(&["domain", domain]);
    let copy = |f: u64| domain_copy(f, salt);
    let mut out = Vec::with_capacity(feats.len());
    let mut lex = Vec::with_capacity(feats.len());
    for (f, &k) in feats.iter().zip(&lexical) {
        let mut g = Vec::with_capacity(f.len() * 2);
        g.extend_from_slice(&f[..k]);
        g.extend(f[..k].iter().map(|&x| copy(x)));
        g.extend_from_slice(&f[k..]);
        g.extend(f[k..].iter().map(|&x| copy(x)));
        out.push(g);
        lex.push(2 * k);
    }
    (out, lex)
}

/// The key of a feature's copy for the domain whose salt is `salt` (`hash(["domain", name])`).
pub fn domain_copy(feature: u64, salt: u64) -> u64 {
    (feature ^ salt).wrapping_mul(FNV_PRIME)
}

/// Cluster and capitalisation features of word `i` and its neighbours (`title_mid`: the word
/// is capitalised inside the sentence).
fn cluster_features(
    info: &[Option<clusters::WordInfo>],
    i: usize,
    title_mid: bool,
    f: &mut Vec<u64>,
) {
    const NAMES: [&str; 3] = ["c64", "c256", "c1024"];
    match info[i] {
        Some(w) => {
            for (name, c) in NAMES.iter().zip(w.clusters) {
                f.push(hash(&[name, &c.to_string()]));
            }
            let cap = [w.capital];
            let cap = std::str::from_utf8(&cap).unwrap_or("-");
            f.push(hash(&["cap", cap]));
            f.push(hash(&["cap-title", cap, if title_mid { "T" } else { "_" }]));
        }
        None => f.push(hash(&["c-unknown", if title_mid { "T" } else { "_" }])),
    }
    for (side, j) in [("-1", i.checked_sub(1)), ("+1", Some(i + 1))] {
        if let Some(Some(w)) = j.and_then(|j| info.get(j)) {
            f.push(hash(&["c64", side, &w.clusters[0].to_string()]));
            f.push(hash(&["c256", side, &w.clusters[1].to_string()]));
        }
    }
}

/// GloVe cluster and name-kind prior features of word `i`, with its case (a capitalised word
/// in a cluster of common nouns is likelier a name than one in a cluster of surnames is a
/// common noun), and the clusters of its neighbours.
fn glove_features(
    vectors: &[Option<glove::Clusters>],
    i: usize,
    title_mid: bool,
    f: &mut Vec<u64>,
) {
    let case = if title_mid { "T" } else { "_" };
    match vectors[i] {
        Some(c) => {
            let (coarse, mid, fine) = (id(c.coarse), id(c.mid), id(c.fine));
            f.push(hash(&["g64", coarse]));
            f.push(hash(&["g256", mid]));
            f.push(hash(&["g2048", fine]));
            f.push(hash(&["g256-case", mid, case]));
            f.push(hash(&["g2048-case", fine, case]));
            let prior = std::str::from_utf8(&c.prior).unwrap_or("000");
            for (k, kind) in ["P", "O", "L"].iter().enumerate() {
                f.push(hash(&[
                    "gprior",
                    kind,
                    prior.get(k..k + 1).unwrap_or("0"),
                    case,
                ]));
            }
            f.push(hash(&["gprior3", prior, case]));
        }
        None => f.push(hash(&["g-unknown", case])),
    }
    for (side, j) in [("-1", i.checked_sub(1)), ("+1", Some(i + 1))] {
        if let Some(Some(c)) = j.and_then(|j| vectors.get(j)) {
            f.push(hash(&["g64", side, id(c.coarse)]));
            f.push(hash(&["g256", side, id(c.mid)]));
        }
    }
}

/// A cluster id as text, without allocating per feature (the features are hashed strings).
fn id(n: u16) -> &'static str {
    static IDS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    let ids = IDS.get_or_init(|| (0..=glove::MAX_CLUSTER).map(|n| n.to_string()).collect());
    ids.get(n as usize).map_or("?", String::as_str)
}

fn gazetteer_features(matches: &[GazMatch], i: usize, mode: &str, f: &mut Vec<u64>) {
    // Which lists cover the word, together (a linear model cannot learn from separate
    // features that "Washington" being a city, a region and a family name differs from it
    // being only a family name), and which lists the longest name covering it is in.
    let mut set = 0u32;
    let mut longest = 0;
    let mut long_set = 0u32;
    let mut long_pos = "";
    for m in matches {
        let name = LISTS[m.list].0;
        let case = if m.exact { "e" } else { "l" };
        if m.start <= i && i < m.end {
            let pos = if m.end - m.start == 1 {
                "U"
            } else if i == m.start {
                "B"
            } else if i + 1 == m.end {
                "L"
            } else {
                "I"
            };
            if m.exact {
                set |= 1 << m.list;
                let len = m.end - m.start;
                if len > longest {
                    longest = len;
                    long_set = 0;
                }
                if len == longest {
                    long_set |= 1 << m.list;
                    long_pos = pos;
                }
            }
            f.push(hash(&["g", name, pos, case]));
            f.push(hash(&["g", name, case]));
            f.push(hash(&["gm", name, pos, case, mode]));
            if m.end - m.start > 1 {
                f.push(hash(&["gmulti", name, case]));
            }
        }
        if m.end == i {
            f.push(hash(&["g-1", name, case]));
        }
        if m.start == i + 1 {
            f.push(hash(&["g+1", name, case]));
        }
    }
    if set != 0 {
        f.push(hash(&["gset", &set.to_string()]));
        f.push(hash(&["glong", &long_set.to_string(), long_pos]));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_keep_case_and_digit_pattern() {
        assert_eq!(shape("Bibilov"), "Xxxx");
        assert_eq!(shape("U.S."), "X.X.");
        assert_eq!(shape("2024"), "ddd");
        assert_eq!(short_shape("McDonald"), "XxXx");
    }

    fn words(s: &str) -> Vec<String> {
        s.split(' ').map(str::to_string).collect()
    }

    #[test]
    fn case_mode_tells_lowercase_chat_from_headlines_and_shouting() {
        assert_eq!(case_mode(&words("i live in kerala and love it")), "lower");
        assert_eq!(
            case_mode(&words("Russia Moves Troops Into South Ossetia")),
            "title"
        );
        assert_eq!(case_mode(&words("WHO WANTS TO HELP UNITED WAY")), "caps");
        assert_eq!(case_mode(&words("Bibilov said Russia is ready")), "mixed");
    }

    #[test]
    fn domain_copies_double_features_and_keep_lexical_ones_first() {
        let g = Gazetteer::embedded();
        let split = sentence_features_split(&words("Putin said"), None, &g);
        let k = split.1[0];
        let (target, lex) = with_domain(split.clone(), TARGET_DOMAIN);
        let (other, _) = with_domain(split.clone(), "wikigold");
        assert_eq!(lex[0], 2 * k);
        assert_eq!(target[0].len(), 2 * split.0[0].len());
        assert_eq!(target[0][..k], split.0[0][..k]);
        assert_eq!(target[0][..k], other[0][..k]);
        assert_ne!(target[0][k..2 * k], other[0][k..2 * k]);
    }

    #[test]
    fn neighbours_change_features_and_tags_are_optional() {
        let g = Gazetteer::embedded();
        let a: Vec<String> = ["President", "Putin", "said"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let b: Vec<String> = ["the", "Putin", "said"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let fa = sentence_features(&a, None, &g);
        let fb = sentence_features(&b, None, &g);
        assert_ne!(fa[1], fb[1]);
        let tags: Vec<String> = ["PROPN", "PROPN", "VERB"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let ft = sentence_features(&a, Some(&tags), &g);
        assert!(ft[1].len() > fa[1].len());
    }

    #[test]
    fn words_in_several_lists_get_a_joint_list_feature() {
        let g = Gazetteer::embedded();
        let both = sentence_features(&words("we met in Washington"), None, &g);
        let one = sentence_features(&words("we met in Noida"), None, &g);
        let none = sentence_features(&words("we met in Xqzzy"), None, &g);
        let sets = |f: &[Vec<u64>]| -> Vec<u64> {
            let mut out = Vec::new();
            for bits in 1u32..(1 << LISTS.len()) {
                let h = hash(&["gset", &bits.to_string()]);
                if f[3].contains(&h) {
                    out.push(h);
                }
            }
            out
        };
        assert_eq!(sets(&both).len(), 1);
        assert_eq!(sets(&one).len(), 1);
        assert_ne!(sets(&both), sets(&one));
        assert!(sets(&none).is_empty());
    }
}
