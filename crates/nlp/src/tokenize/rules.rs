//! Rules that cut one whitespace-free chunk of text into UD (EWT-style) tokens: peel opening and
//! closing punctuation, keep URLs, e-mails, numbers, abbreviations and emoticons whole, split
//! dashes, slashes and hyphens the way EWT does, and split clitics into multiword tokens.

use super::lexicon::Lexicon;

/// One surface token: a span of chars and, for a multiword token, where its words split
/// (offsets relative to `start`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    pub start: usize,
    pub end: usize,
    pub splits: Vec<usize>,
}

const OPENING: &[char] = &[
    '"', '“', '‘', '\'', '(', '[', '{', '<', '«', '`', '„', '¿', '¡',
];
const CLOSING: &[char] = &['"', '”', '’', '\'', ')', ']', '}', '>', '»'];
const CURRENCY: &[char] = &['$', '£', '€', '¥', '₹', '₽'];
const DASHES: &[char] = &['—', '–', '―', '‒'];
const APOSTROPHES: &[char] = &['\'', '’', '`'];

/// Abbreviations news and web text use mid-sentence, beyond those learned from the treebanks.
const ABBREVIATIONS: &[&str] = &[
    "Mr.", "Mrs.", "Ms.", "Messrs.", "Dr.", "Drs.", "Prof.", "Gen.", "Lt.", "Col.", "Maj.",
    "Capt.", "Cmdr.", "Adm.", "Sgt.", "Cpl.", "Pvt.", "PVT.", "Gov.", "Sen.", "Sens.", "Rep.",
    "Reps.", "Rev.", "Hon.", "Pres.", "Supt.", "Jr.", "Sr.", "St.", "Sts.", "Mt.", "Ft.", "Ave.",
    "Blvd.", "Rd.", "Inc.", "Corp.", "Co.", "Ltd.", "LTD.", "Bros.", "Dept.", "Univ.", "Assn.",
    "Jan.", "Feb.", "Mar.", "Apr.", "Jun.", "Jul.", "Aug.", "Sep.", "Sept.", "Oct.", "Nov.",
    "Dec.", "Mon.", "Tue.", "Tues.", "Thu.", "Thur.", "Thurs.", "Fri.", "ext.", "Ext.", "approx.",
    "est.", "vs.", "etc.", "viz.", "cf.", "al.", "Nos.", "Vol.", "vol.", "pp.", "Fig.", "fig.",
    "Ala.", "Ariz.", "Ark.", "Calif.", "Colo.", "Conn.", "Del.", "Fla.", "Ga.", "Ill.", "Ind.",
    "Kan.", "Ky.", "La.", "Md.", "Mass.", "Mich.", "Minn.", "Miss.", "Mo.", "Mont.", "Neb.",
    "Nev.", "Okla.", "Ore.", "Pa.", "Tenn.", "Tex.", "Va.", "Vt.", "Wash.", "Wis.", "Wyo.", "a.m.",
    "p.m.", "Ph.D.", "PS.", "Esq.", "govt.", "Govt.", "dept.", "ft.", "lbs.", "oz.", "sq.", "yds.",
];

/// Units glued to a number that EWT splits off ("35mm" → "35" "mm"), lowercased.
const UNITS: &[&str] = &[
    "k", "m", "mm", "cm", "km", "kg", "g", "mg", "lb", "lbs", "ft", "hr", "hrs", "h", "min",
    "mins", "am", "pm", "gb", "mb", "tb", "kb", "ml", "yr", "yrs", "mph", "p", "bn", "mil", "sec",
    "secs", "x",
];

const EMOTICONS: &[&str] = &[
    ":)", ":-)", ":(", ":-(", ";)", ";-)", ":D", ":-D", ":P", ":-P", ":p", ":-p", ":/", ":-/",
    ":o", ":O", ":'(", "<3", "^_^", "^^", "=)", "=(", "XD", "xD", ";D", ":]", ":[", ":|", ":-|",
    "8)", "B)", ":*", ";-(", ":-o", ":-O", "-_-", "o_O", "O_o",
];

/// Clitic suffixes EWT splits off as the last word of a multiword token (matched lowercased).
const CLITICS: &[&str] = &["n't", "'s", "'m", "'re", "'ll", "'ve", "'d"];

/// Splits a lowercased token at a clitic suffix: "don't" → [2], "bush's" → [4].
pub fn generic_clitic_split(lower: &str) -> Option<Vec<usize>> {
    let norm: String = lower
        .chars()
        .map(|c| if APOSTROPHES.contains(&c) { '\'' } else { c })
        .collect();
    let n = norm.chars().count();
    for clitic in CLITICS {
        if let Some(stem) = norm.strip_suffix(clitic) {
            let stem_len = stem.chars().count();
            let stem_ok = stem_len >= 1
                && stem
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '.' || c == '-')
                && stem.chars().any(char::is_alphabetic);
            // "n't" needs a verb stem of at least two letters ("don't", "can't" → "ca").
            if stem_ok && (*clitic != "n't" || stem_len >= 2) {
                return Some(vec![n - clitic.chars().count()]);
            }
        }
    }
    // Plural possessive: "parents'" → "parents" + "'".
    if n >= 3 && norm.ends_with("s'") && norm[..norm.len() - 1].chars().all(char::is_alphabetic) {
        return Some(vec![n - 1]);
    }
    None
}

/// Tokenizes a single chunk given as a string (used when building the lexicon and in tests).
pub fn split_chunk_text(chunk: &str, lex: &Lexicon) -> Vec<String> {
    let chars: Vec<char> = chunk.chars().collect();
    let mut out = Vec::new();
    split_chunk(&chars, 0, chars.len(), lex, &mut out);
    out.iter()
        .map(|p| chars[p.start..p.end].iter().collect())
        .collect()
}

fn text(chars: &[char], lo: usize, hi: usize) -> String {
    chars[lo..hi].iter().collect()
}

fn is_url_or_email(s: &str) -> bool {
    if !s.contains(['.', ':', '@']) {
        return false;
    }
    let lower = s.to_lowercase();
    if ["http://", "https://", "ftp://", "www.", "mailto:"]
        .iter()
        .any(|p| lower.starts_with(p))
    {
        return s.chars().count() > 6;
    }
    if let Some((user, host)) = s.split_once('@') {
        return !user.is_empty()
            && user
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-'))
            && host.contains('.')
            && !host.ends_with('.')
            && host
                .chars()
                .all(|c| c.is_alphanumeric() || c == '.' || c == '-');
    }
    // Bare domains: "example.com", "cra.org/resources".
    let host = lower.split('/').next().unwrap_or("");
    let tld = host.rsplit('.').next().unwrap_or("");
    host.contains('.')
        && [
            "com", "org", "net", "edu", "gov", "uk", "de", "ru", "info", "io", "co", "int",
        ]
        .contains(&tld)
        && host
            .split('.')
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
}

/// "U.S.", "e.g.", "J." — letters each followed by a period.
fn is_dotted_initials(s: &[char]) -> bool {
    s.len() >= 2
        && s.len().is_multiple_of(2)
        && s.chunks(2).all(|p| p[0].is_alphabetic() && p[1] == '.')
        && (s.len() > 2 || s[0].is_uppercase())
}

fn is_number_like(s: &[char]) -> bool {
    s.first().is_some_and(char::is_ascii_digit)
        && s.iter()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | ':' | '/'))
}

/// "404-449-1026", "3-5290": digit groups joined by hyphens, the last one four digits long.
fn is_phone_number(s: &[char]) -> bool {
    let groups: Vec<&[char]> = s.split(|c| *c == '-').collect();
    groups.len() >= 2
        && groups
            .iter()
            .all(|g| !g.is_empty() && g.iter().all(char::is_ascii_digit))
        && groups.last().is_some_and(|g| g.len() == 4)
        && groups[..groups.len() - 1].iter().all(|g| g.len() <= 3)
}

/// Whether the span must stay one token as it is.
fn is_atomic(chars: &[char], lo: usize, hi: usize, lex: &Lexicon) -> bool {
    let s = &chars[lo..hi];
    // Plain words and numbers are never special (every rule below needs punctuation).
    if s.iter().all(|c| c.is_alphanumeric()) {
        return false;
    }
    let string = text(chars, lo, hi);
    lex.keep.contains(&string)
        || EMOTICONS.contains(&string.as_str())
        || is_dotted_initials(s)
        || (s.len() >= 2
            && s.last() == Some(&'.')
            && (lex.abbreviations.contains(&string) || ABBREVIATIONS.contains(&string.as_str())))
        || is_url_or_email(&string)
        || ((s[0] == '#' || s[0] == '@')
            && s.len() > 1
            && s[1..].iter().all(|c| c.is_alphanumeric() || *c == '_')
            && s[1..].iter().any(|c| c.is_alphabetic()))
        || is_phone_number(s)
}

/// Cuts `chars[lo..hi]` (no whitespace inside) into pieces appended to `out`.
pub fn split_chunk(
    chars: &[char],
    mut lo: usize,
    mut hi: usize,
    lex: &Lexicon,
    out: &mut Vec<Piece>,
) {
    if chars[lo..hi].iter().all(|c| c.is_alphabetic()) {
        // The common case: a plain word.
        push_split_or_word(chars, lo, hi, lex, out);
        return;
    }
    let mut tail: Vec<Piece> = Vec::new();
    let plain = |start, end| Piece {
        start,
        end,
        splits: Vec::new(),
    };
    while lo < hi {
        if is_atomic(chars, lo, hi, lex) {
            if is_url_or_email(&text(chars, lo, hi)) {
                // Trailing sentence punctuation is not part of a URL.
                let mut end = hi;
                while end > lo + 1
                    && (matches!(
                        chars[end - 1],
                        '.' | ',' | ';' | ':' | '!' | '?' | '"' | '”' | '’' | '\'' | '>'
                    ) || (chars[end - 1] == ')' && !chars[lo..end].contains(&'('))
                        || (chars[end - 1] == ']' && !chars[lo..end].contains(&'[')))
                {
                    end -= 1;
                }
                if end < hi {
                    out.push(plain(lo, end));
                    split_chunk(chars, end, hi, lex, out);
                    lo = hi;
                    break;
                }
            }
            out.push(plain(lo, hi));
            lo = hi;
            break;
        }
        let first = chars[lo];
        let last = chars[hi - 1];
        // Opening punctuation and currency symbols.
        if OPENING.contains(&first)
            || CURRENCY.contains(&first)
            || DASHES.contains(&first)
            || first == '…'
        {
            if APOSTROPHES.contains(&first) && hi - lo > 1 {
                // "'90s", "'em": an apostrophe glued to a word it belongs to.
                let rest = text(chars, lo, hi).to_lowercase();
                if lex.keep.contains(&text(chars, lo, hi))
                    || rest.starts_with("'em")
                    || chars[lo + 1].is_ascii_digit() && rest.ends_with('s')
                {
                    out.push(plain(lo, hi));
                    lo = hi;
                    break;
                }
            }
            let mut e = lo + 1;
            if CURRENCY.contains(&first) {
                while e < hi && chars[e] == first {
                    e += 1;
                }
            }
            out.push(plain(lo, e));
            lo = e;
            continue;
        }
        let hash_number = first == '#' && chars[lo + 1..hi].iter().all(char::is_ascii_digit);
        if (matches!(first, '-' | '>' | '%') || hash_number)
            && hi - lo > 1
            && chars[lo + 1] != first
        {
            out.push(plain(lo, lo + 1));
            lo += 1;
            continue;
        }
        if first == '-' && hi - lo > 1 && chars[lo + 1] == '-' {
            let mut e = lo;
            while e < hi && chars[e] == '-' {
                e += 1;
            }
            out.push(plain(lo, e));
            lo = e;
            continue;
        }
        if matches!(
            first,
            '.' | '!' | '?' | ',' | ';' | ':' | '*' | '~' | '=' | '+' | '|' | '^'
        ) && hi - lo > 1
        {
            let mut e = lo + 1;
            while e < hi && chars[e] == first {
                e += 1;
            }
            if first == '.' && e < hi && chars[e].is_ascii_digit() && e == lo + 1 {
                // ".5" is a number.
            } else {
                out.push(plain(lo, e));
                lo = e;
                continue;
            }
        }
        // Closing punctuation.
        if matches!(last, '.' | '!' | '?') {
            let mut s = hi - 1;
            while s > lo && matches!(chars[s - 1], '.' | '!' | '?') {
                s -= 1;
            }
            if s == lo {
                out.push(plain(lo, hi));
                lo = hi;
                break;
            }
            if hi - s == 1 && last == '.' && is_atomic(chars, lo, hi, lex) {
                split_inner(chars, lo, hi, lex, out);
                lo = hi;
                break;
            }
            if hi - s == 2 && chars[s] == '.' && last == '.' && is_atomic(chars, lo, hi - 1, lex) {
                // "Inc.." — the abbreviation keeps one period, the sentence gets the other.
                s += 1;
            }
            tail.push(plain(s, hi));
            hi = s;
            continue;
        }
        if matches!(last, ',' | ';' | ':' | '…') || DASHES.contains(&last) {
            tail.push(plain(hi - 1, hi));
            hi -= 1;
            continue;
        }
        if CLOSING.contains(&last) {
            // "parents'" is a possessive, not a closing quote.
            let possessive = matches!(last, '\'' | '’')
                && hi - lo >= 3
                && matches!(chars[hi - 2], 's' | 'S')
                && chars[lo..hi - 1].iter().all(|c| c.is_alphabetic());
            if !possessive {
                tail.push(plain(hi - 1, hi));
                hi -= 1;
                continue;
            }
        }
        if let Some(e) = EMOTICONS.iter().find(|e| {
            let n = e.chars().count();
            hi - lo > n && text(chars, hi - n, hi) == **e && chars[hi - n - 1].is_alphanumeric()
        }) {
            let n = e.chars().count();
            tail.push(plain(hi - n, hi));
            hi -= n;
            continue;
        }
        if matches!(last, '%' | '-' | '+') && hi - lo > 1 {
            let mut s = hi - 1;
            while s > lo + 1 && chars[s - 1] == last {
                s -= 1;
            }
            tail.push(plain(s, hi));
            hi = s;
            continue;
        }
        split_inner(chars, lo, hi, lex, out);
        lo = hi;
        break;
    }
    let _ = lo;
    out.extend(tail.into_iter().rev());
}

/// Splits inside a chunk with no outer punctuation left: dashes, brackets, slashes between
/// words, hyphens (unless the prefix stays attached), then clitics.
fn split_inner(chars: &[char], lo: usize, hi: usize, lex: &Lexicon, out: &mut Vec<Piece>) {
    if is_atomic(chars, lo, hi, lex) || is_number_like(&chars[lo..hi]) {
        push_split_or_word(chars, lo, hi, lex, out);
        return;
    }
    let mut seg = lo;
    let mut i = lo;
    while i < hi {
        if i == seg && i > lo && is_atomic(chars, seg, hi, lex) {
            break;
        }
        let c = chars[i];
        let prev = if i > lo { Some(chars[i - 1]) } else { None };
        let next = chars.get(i + 1).copied().filter(|_| i + 1 < hi);
        let both_digits =
            prev.is_some_and(|p| p.is_ascii_digit()) && next.is_some_and(|n| n.is_ascii_digit());
        let cut_len = if DASHES.contains(&c)
            || matches!(
                c,
                '(' | ')'
                    | '['
                    | ']'
                    | '{'
                    | '}'
                    | '<'
                    | '>'
                    | '"'
                    | '“'
                    | '”'
                    | ';'
                    | '!'
                    | '?'
                    | '…'
                    | '*'
            ) {
            1
        } else if c == '-' && next == Some('-') {
            let mut e = i;
            while e < hi && chars[e] == '-' {
                e += 1;
            }
            e - i
        } else if c == '.' && next == Some('.') {
            let mut e = i;
            while e < hi && chars[e] == '.' {
                e += 1;
            }
            e - i
        } else if matches!(c, ',' | ':') && !both_digits {
            1
        } else if c.is_alphabetic()
            && prev.is_some_and(|p| p.is_ascii_digit())
            && chars[seg].is_ascii_digit()
            && chars[seg..i]
                .iter()
                .all(|c| c.is_ascii_digit() || matches!(c, '.' | ','))
            && UNITS.contains(&text(chars, i, hi).to_lowercase().as_str())
        {
            // "35mm": cut before the unit, which becomes the next segment.
            push_word(chars, seg, i, lex, out);
            seg = i;
            i = hi;
            continue;
        } else if c == '/' && !both_digits && !is_atomic(chars, seg, hi, lex) {
            1
        } else if c == '-' && i > seg && next.is_some() {
            let prefix = text(chars, seg, i).to_lowercase();
            let keep_word = lex.keep.contains(&text(chars, seg, hi));
            if keep_word || lex.hyphen_prefixes.contains(&prefix) {
                0
            } else {
                1
            }
        } else {
            0
        };
        if cut_len == 0 {
            i += 1;
            continue;
        }
        if i > seg {
            push_word(chars, seg, i, lex, out);
        }
        out.push(Piece {
            start: i,
            end: i + cut_len,
            splits: Vec::new(),
        });
        i += cut_len;
        seg = i;
    }
    if seg < hi {
        push_word(chars, seg, hi, lex, out);
    }
}

fn push_word(chars: &[char], lo: usize, hi: usize, lex: &Lexicon, out: &mut Vec<Piece>) {
    // A segment cut out of the middle may again carry punctuation ("(a)" pieces, "x.").
    let s = &chars[lo..hi];
    let needs_more = s.len() > 1
        && (OPENING.contains(&s[0]) || CLOSING.contains(&s[s.len() - 1]) || s[s.len() - 1] == '.')
        && !is_atomic(chars, lo, hi, lex);
    if needs_more
        && !(s.len() >= 3 && generic_clitic_split(&text(chars, lo, hi).to_lowercase()).is_some())
    {
        let mut inner = Vec::new();
        split_chunk(chars, lo, hi, lex, &mut inner);
        if inner.len() > 1 {
            out.extend(inner);
            return;
        }
    }
    push_split_or_word(chars, lo, hi, lex, out);
}

/// A word the treebank writes as several tokens ("alot"), or else one (multiword) token.
fn push_split_or_word(chars: &[char], lo: usize, hi: usize, lex: &Lexicon, out: &mut Vec<Piece>) {
    let lower = text(chars, lo, hi).to_lowercase();
    if let Some(splits) = lex.split.get(&lower) {
        let mut start = lo;
        for &k in splits.iter().filter(|&&k| k > 0 && k < hi - lo) {
            out.push(Piece {
                start,
                end: lo + k,
                splits: Vec::new(),
            });
            start = lo + k;
        }
        out.push(Piece {
            start,
            end: hi,
            splits: Vec::new(),
        });
    } else {
        out.push(with_clitics(lo, hi, &lower, lex));
    }
}

/// One word-like token, split into a multiword token when it carries a clitic.
fn with_clitics(lo: usize, hi: usize, lower: &str, lex: &Lexicon) -> Piece {
    let splits = if let Some(s) = lex.mwt.get(lower) {
        Some(s.clone())
    } else if !lower.contains(APOSTROPHES) || lex.whole.contains(lower) {
        None
    } else {
        generic_clitic_split(lower)
    };
    let splits = splits
        .filter(|s| s.iter().all(|&k| k > 0 && k < hi - lo))
        .unwrap_or_default();
    Piece {
        start: lo,
        end: hi,
        splits,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<String> {
        split_chunk_text(s, &Lexicon::default())
    }

    #[test]
    fn peels_punctuation_but_keeps_initials_numbers_and_urls() {
        assert_eq!(toks("(U.S.),"), ["(", "U.S.", ")", ","]);
        assert_eq!(toks("$1,000.50."), ["$", "1,000.50", "."]);
        assert_eq!(
            toks("http://example.com/a-b."),
            ["http://example.com/a-b", "."]
        );
        assert_eq!(toks("me@example.org,"), ["me@example.org", ","]);
        assert_eq!(toks("\"Hello!\""), ["\"", "Hello", "!", "\""]);
        assert_eq!(toks("what?!"), ["what", "?!"]);
        assert_eq!(toks("50%"), ["50", "%"]);
    }

    #[test]
    fn splits_dashes_slashes_and_hyphens() {
        assert_eq!(toks("war—and"), ["war", "—", "and"]);
        assert_eq!(toks("and/or"), ["and", "/", "or"]);
        assert_eq!(toks("9/11"), ["9/11"]);
        assert_eq!(toks("Al-Zaman"), ["Al", "-", "Zaman"]);
        assert_eq!(toks("wait--what"), ["wait", "--", "what"]);
        assert_eq!(toks("so...yes"), ["so", "...", "yes"]);
    }

    #[test]
    fn clitics_split_into_multiword_tokens() {
        assert_eq!(generic_clitic_split("don't"), Some(vec![2]));
        assert_eq!(generic_clitic_split("can’t"), Some(vec![2]));
        assert_eq!(generic_clitic_split("bush's"), Some(vec![4]));
        assert_eq!(generic_clitic_split("parents'"), Some(vec![7]));
        assert_eq!(generic_clitic_split("o'brien"), None);
        assert_eq!(generic_clitic_split("'s"), None);
    }
}
