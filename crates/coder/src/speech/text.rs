//! Text helpers shared by the quote and citation finders: words with code point spans,
//! sentence spans (from the parse when present, else a small splitter), speech verbs and
//! noun-phrase edges for speakers and outlets.

use dyad_model::Doc;

/// A word or punctuation mark with its code point span.
#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub lower: String,
}

impl Word {
    pub fn is_punct(&self) -> bool {
        !self.text.chars().any(char::is_alphanumeric)
    }

    pub fn is_capitalized(&self) -> bool {
        self.text.chars().next().is_some_and(char::is_uppercase)
    }

    pub fn is(&self, s: &str) -> bool {
        self.lower == s
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

/// Splits text into words and single punctuation marks. Apostrophes and hyphens inside a word
/// stay in it ("al-Rufay’i"), possessive "’s" is its own word, dotted abbreviations ("U.S.")
/// are one word.
pub fn words(chars: &[char]) -> Vec<Word> {
    let mut out = Vec::new();
    let n = chars.len();
    let mut i = 0;
    while i < n {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if is_word_char(c) {
            let start = i;
            let mut j = i + 1;
            while j < n {
                let d = chars[j];
                if is_word_char(d) {
                    j += 1;
                } else if (d == '-' || is_apostrophe(d) || d == '.' || d == '&' || d == '/')
                    && j + 1 < n
                    && is_word_char(chars[j + 1])
                {
                    // "U.S" continues only for single letters between dots.
                    if d == '.' && !(j - start == 1 || chars[j - 2] == '.') {
                        break;
                    }
                    j += 2;
                } else {
                    break;
                }
            }
            // Trailing dot of an abbreviation like "U.S." or "U.N.".
            if j < n && chars[j] == '.' && j >= start + 3 && chars[j - 2] == '.' {
                j += 1;
            }
            let text: String = chars[start..j].iter().collect();
            let lower = text.to_lowercase();
            // Possessive "’s" split off.
            if (lower.ends_with("'s") || lower.ends_with("’s")) && j - start > 2 {
                let cut = j - 2;
                out.push(mk(chars, start, cut));
                out.push(mk(chars, cut, j));
            } else {
                out.push(Word {
                    start,
                    end: j,
                    text,
                    lower,
                });
            }
            i = j;
        } else {
            out.push(mk(chars, i, i + 1));
            i += 1;
        }
    }
    out
}

fn mk(chars: &[char], s: usize, e: usize) -> Word {
    let text: String = chars[s..e].iter().collect();
    let lower = text.to_lowercase();
    Word {
        start: s,
        end: e,
        text,
        lower,
    }
}

const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "st", "gen", "col", "lt", "sgt", "sen", "rep", "gov", "prof", "jan",
    "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "no", "vs",
    "maj", "capt", "cmdr", "adm", "rev", "jr", "sr", "inc", "corp", "co", "ltd", "mt", "ft", "gov",
    "pres",
];

/// Sentence spans: the parsed sentences when the document has them, else a rule splitter.
pub fn sentence_spans(doc: &Doc, chars: &[char]) -> Vec<(usize, usize)> {
    let own = split_sentences(chars);
    if doc.sentences.is_empty() {
        return own;
    }
    // Both splitters' boundaries: a quote attribution must not reach across a sentence end
    // that either of them saw.
    let mut starts: Vec<usize> = doc
        .sentences
        .iter()
        .map(|s| s.start)
        .chain(own.iter().map(|s| s.0))
        .collect();
    starts.sort_unstable();
    starts.dedup();
    let mut spans = Vec::with_capacity(starts.len());
    for (i, &st) in starts.iter().enumerate() {
        let mut end = starts.get(i + 1).copied().unwrap_or(chars.len());
        while end > st && chars[end - 1].is_whitespace() {
            end -= 1;
        }
        if end > st {
            spans.push((st, end));
        }
    }
    spans
}

/// A small splitter for text without a parse: ends at . ! ? (plus closing quotes) before
/// whitespace and an upper-case letter, digit or opening quote, except after abbreviations.
pub fn split_sentences(chars: &[char]) -> Vec<(usize, usize)> {
    let n = chars.len();
    let mut spans = Vec::new();
    let mut start = 0;
    while start < n && chars[start].is_whitespace() {
        start += 1;
    }
    let mut i = start;
    while i < n {
        let c = chars[i];
        let para = c == '\n' && i + 1 < n && chars[i + 1] == '\n';
        if matches!(c, '.' | '!' | '?') || para {
            let mut end = i + 1;
            while end < n && matches!(chars[end], '"' | '”' | '’' | '\'' | ')' | '»') {
                end += 1;
            }
            let mut k = end;
            while k < n && chars[k].is_whitespace() {
                k += 1;
            }
            let next_ok = k >= n
                || (k > end
                    && (chars[k].is_uppercase()
                        || chars[k].is_ascii_digit()
                        || matches!(chars[k], '"' | '“' | '‘' | '«' | '(' | '\'')));
            let abbrev = c == '.' && is_abbreviation_before(chars, i);
            if para || (next_ok && !abbrev) {
                let mut e = if para { i } else { end };
                while e > start && chars[e - 1].is_whitespace() {
                    e -= 1;
                }
                if e > start {
                    spans.push((start, e));
                }
                start = k;
                i = k;
                continue;
            }
        }
        i += 1;
    }
    let mut e = n;
    while e > start && chars[e - 1].is_whitespace() {
        e -= 1;
    }
    if e > start {
        spans.push((start, e));
    }
    spans
}

fn is_abbreviation_before(chars: &[char], dot: usize) -> bool {
    let mut s = dot;
    while s > 0 && (chars[s - 1].is_alphabetic() || chars[s - 1] == '.') {
        s -= 1;
    }
    let word: String = chars[s..dot].iter().collect::<String>().to_lowercase();
    if word.is_empty() {
        return false;
    }
    // Single letters and dotted initials ("U.S", "J").
    if word.chars().count() == 1 || word.contains('.') {
        return true;
    }
    ABBREVIATIONS.contains(&word.as_str())
}

/// The text of a document prepared once for the speech finders.
pub struct Context<'a> {
    pub doc: &'a Doc,
    pub chars: Vec<char>,
    pub words: Vec<Word>,
    pub sentences: Vec<(usize, usize)>,
}

impl<'a> Context<'a> {
    pub fn new(doc: &'a Doc) -> Self {
        let chars: Vec<char> = doc.article.text.chars().collect();
        let words = words(&chars);
        let sentences = sentence_spans(doc, &chars);
        Context {
            doc,
            chars,
            words,
            sentences,
        }
    }

    /// Index of the sentence containing (or last starting before) code point `pos`.
    pub fn sentence_of(&self, pos: usize) -> usize {
        self.sentences
            .partition_point(|(s, _)| *s <= pos)
            .saturating_sub(1)
    }

    pub fn sentence_span(&self, i: usize) -> (usize, usize) {
        self.sentences
            .get(i)
            .copied()
            .unwrap_or((0, self.chars.len()))
    }

    pub fn slice(&self, start: usize, end: usize) -> String {
        let e = end.min(self.chars.len());
        let s = start.min(e);
        self.chars[s..e].iter().collect()
    }

    /// Word index range of the words lying inside `start..end`.
    pub fn word_range(&self, start: usize, end: usize) -> std::ops::Range<usize> {
        let a = word_at_or_after(&self.words, start);
        let b = self.words.partition_point(|w| w.end <= end);
        a..b.max(a)
    }

    /// Trims whitespace and trailing commas, colons and dashes from a span.
    pub fn trim(&self, mut start: usize, mut end: usize) -> (usize, usize) {
        end = end.min(self.chars.len());
        while start < end && self.chars[start].is_whitespace() {
            start += 1;
        }
        while end > start
            && (self.chars[end - 1].is_whitespace()
                || matches!(self.chars[end - 1], ',' | ':' | ';' | '—' | '–'))
        {
            end -= 1;
        }
        (start, end)
    }
}

/// Speech verbs in every inflection, mapped to their lemma.
pub fn speech_lemma(word: &str) -> Option<&'static str> {
    const VERBS: &[(&str, &[&str])] = &[
        ("say", &["say", "says", "said", "saying"]),
        ("tell", &["tell", "tells", "told", "telling"]),
        ("note", &["note", "notes", "noted", "noting"]),
        ("add", &["add", "adds", "added", "adding"]),
        ("state", &["stated", "stating"]),
        ("declare", &["declare", "declares", "declared", "declaring"]),
        (
            "announce",
            &["announce", "announces", "announced", "announcing"],
        ),
        ("write", &["write", "writes", "wrote", "written", "writing"]),
        (
            "explain",
            &["explain", "explains", "explained", "explaining"],
        ),
        ("insist", &["insist", "insists", "insisted", "insisting"]),
        ("argue", &["argue", "argues", "argued", "arguing"]),
        ("claim", &["claims", "claimed", "claiming"]),
        ("warn", &["warn", "warns", "warned", "warning"]),
        ("stress", &["stresses", "stressed", "stressing"]),
        (
            "emphasize",
            &[
                "emphasize",
                "emphasizes",
                "emphasized",
                "emphasizing",
                "emphasise",
                "emphasises",
                "emphasised",
                "emphasising",
            ],
        ),
        ("ask", &["ask", "asks", "asked", "asking"]),
        ("reply", &["replied", "replies", "replying"]),
        ("respond", &["responded", "responds", "responding"]),
        ("comment", &["commented", "commenting"]),
        (
            "confirm",
            &["confirm", "confirms", "confirmed", "confirming"],
        ),
        ("deny", &["deny", "denies", "denied", "denying"]),
        ("admit", &["admit", "admits", "admitted", "admitting"]),
        (
            "acknowledge",
            &[
                "acknowledge",
                "acknowledges",
                "acknowledged",
                "acknowledging",
            ],
        ),
        ("assert", &["assert", "asserts", "asserted", "asserting"]),
        (
            "contend",
            &["contend", "contends", "contended", "contending"],
        ),
        (
            "suggest",
            &["suggest", "suggests", "suggested", "suggesting"],
        ),
        ("tweet", &["tweeted", "tweets", "tweeting"]),
        ("post", &["posted"]),
        ("report", &["reported", "reports", "reporting"]),
        ("predict", &["predicted", "predicts", "predicting"]),
        ("promise", &["promised", "promises", "promising"]),
        ("vow", &["vowed", "vows", "vowing"]),
        ("recall", &["recalled", "recalls", "recalling"]),
        ("complain", &["complained", "complains", "complaining"]),
        ("conclude", &["concluded", "concludes", "concluding"]),
        ("observe", &["observed", "observes", "observing"]),
        ("remark", &["remarked", "remarking"]),
        ("share", &["shared"]),
        ("urge", &["urged", "urges", "urging"]),
        ("mention", &["mentioned", "mentions"]),
        ("allege", &["alleged", "alleges", "alleging"]),
        ("describe", &["described", "describes", "describing"]),
        ("call", &["called", "calls", "calling"]),
        ("continue", &["continued"]),
        ("agree", &["agreed"]),
        ("testify", &["testified", "testifies", "testifying"]),
        ("announce", &["proclaimed"]),
        ("point", &["pointed"]),
        ("quote", &["quoted", "quoting"]),
        ("maintain", &["maintained", "maintains"]),
        ("reiterate", &["reiterated", "reiterates"]),
        ("underline", &["underlined", "underscored"]),
        ("ask", &["wondered"]),
        ("tell", &["recounted", "recounts"]),
        ("exclaim", &["exclaimed"]),
        ("whisper", &["whispered"]),
        ("shout", &["shouted"]),
        ("joke", &["joked"]),
        ("caution", &["cautioned"]),
        ("counter", &["countered"]),
        ("chant", &["chanted", "chanting"]),
        ("announce", &["unveiled"]),
        ("read", &["read", "reads"]),
        ("rule", &["ruled", "rules"]),
        ("accuse", &["accused", "accuses", "accusing"]),
        ("criticize", &["criticized", "criticised", "criticizes"]),
        ("dismiss", &["dismissed", "dismisses"]),
        ("condemn", &["condemned", "condemns"]),
    ];
    VERBS
        .iter()
        .find(|(_, forms)| forms.contains(&word))
        .map(|(l, _)| *l)
}

/// Verbs that introduce reported speech with a "that"-clause or a bare clause.
pub fn introduces_clause(lemma: &str) -> bool {
    !matches!(
        lemma,
        "describe"
            | "call"
            | "ask"
            | "quote"
            | "read"
            | "chant"
            | "post"
            | "point"
            | "continue"
            | "accuse"
            | "criticize"
            | "dismiss"
            | "condemn"
    )
}

pub const PRONOUNS: &[&str] = &[
    "he", "she", "they", "it", "we", "i", "you", "him", "her", "them", "us", "me",
];

/// Words that end a noun phrase when walking away from a verb.
fn stops_phrase(w: &Word) -> bool {
    w.is_punct()
        || matches!(
            w.lower.as_str(),
            "that"
                | "who"
                | "which"
                | "in"
                | "on"
                | "at"
                | "to"
                | "during"
                | "after"
                | "before"
                | "and"
                | "but"
                | "as"
                | "when"
                | "while"
                | "if"
                | "because"
                | "adding"
                | "according"
                | "said"
                | "says"
                | "told"
                | "with"
                | "by"
                | "about"
                | "this"
                | "last"
                | "earlier"
                | "later"
                | "also"
                | "has"
                | "had"
                | "have"
                | "was"
                | "were"
                | "is"
                | "are"
                | "will"
                | "would"
        )
}

const DETERMINERS: &[&str] = &[
    "the", "a", "an", "his", "her", "its", "their", "our", "this", "that", "these", "those", "one",
    "another", "some", "several", "many", "two", "three", "both", "other",
];

/// Adverbs that may sit between a subject and its verb ("Bibilov also said").
pub fn is_adverb(w: &Word) -> bool {
    matches!(
        w.lower.as_str(),
        "also"
            | "later"
            | "then"
            | "further"
            | "again"
            | "previously"
            | "earlier"
            | "had"
            | "has"
            | "have"
            | "was"
            | "is"
            | "once"
            | "reportedly"
            | "separately"
            | "recently"
            | "publicly"
            | "repeatedly"
            | "first"
            | "has been"
            | "not"
            | "never"
            | "would"
            | "will"
            | "did"
            | "does"
    ) || (w.lower.ends_with("ly") && w.lower.len() > 4 && !w.is_capitalized())
}

/// The noun phrase that ends at word `end` (inclusive), walking left: a pronoun, a run of
/// capitalised words (with "of", "al-", possessives), or a determiner phrase of at most six
/// words. Returns word indices `(first, last)`.
pub fn phrase_ending_at(words: &[Word], end: usize) -> Option<(usize, usize)> {
    let w = words.get(end)?;
    if w.is_punct() {
        return None;
    }
    if PRONOUNS.contains(&w.lower.as_str()) {
        return Some((end, end));
    }
    if stops_phrase(w) {
        return None;
    }
    let mut first = end;
    let proper = w.is_capitalized();
    let mut steps = 0;
    while first > 0 && steps < 8 {
        let p = &words[first - 1];
        let joins = if p.is_punct() {
            false
        } else if p.lower == "’s" || p.lower == "'s" {
            true
        } else if proper {
            p.is_capitalized()
                || matches!(p.lower.as_str(), "of" | "al" | "bin" | "de" | "van" | "von")
                || DETERMINERS.contains(&p.lower.as_str())
                || (!stops_phrase(p) && !p.is_capitalized() && is_modifier_word(p))
        } else {
            !stops_phrase(p)
                && (DETERMINERS.contains(&p.lower.as_str())
                    || p.is_capitalized()
                    || is_modifier_word(p))
        };
        if !joins {
            break;
        }
        first -= 1;
        steps += 1;
        if DETERMINERS.contains(&words[first].lower.as_str()) {
            break;
        }
    }
    // "of" cannot start a phrase.
    while first < end && matches!(words[first].lower.as_str(), "of" | "’s" | "'s") {
        first += 1;
    }
    Some((first, end))
}

/// Lower-case words that can modify a noun inside a speaker phrase.
fn is_modifier_word(w: &Word) -> bool {
    !w.is_punct() && !PRONOUNS.contains(&w.lower.as_str()) && speech_lemma(&w.lower).is_none()
}

/// The noun phrase that starts at word `start`, walking right (for "said Mohammed Ali, a
/// spokesman"): a pronoun, a capitalised run, or a determiner phrase up to a stop word.
pub fn phrase_starting_at(words: &[Word], start: usize) -> Option<(usize, usize)> {
    let w = words.get(start)?;
    if w.is_punct() || stops_phrase(w) && !DETERMINERS.contains(&w.lower.as_str()) {
        return None;
    }
    if PRONOUNS.contains(&w.lower.as_str()) {
        return Some((start, start));
    }
    let mut last = start;
    let proper = w.is_capitalized();
    while last + 1 < words.len() && last - start < 8 {
        let nx = &words[last + 1];
        if nx.is_punct() || stops_phrase(nx) {
            // Possessives continue a phrase ("the ministry’s spokesman").
            if nx.lower == "’s" || nx.lower == "'s" {
                last += 1;
                continue;
            }
            break;
        }
        if proper && !nx.is_capitalized() && !matches!(nx.lower.as_str(), "of" | "al" | "bin") {
            break;
        }
        last += 1;
    }
    while last > start && matches!(words[last].lower.as_str(), "of" | "the") {
        last -= 1;
    }
    Some((start, last))
}

/// Index of the first word starting at or after `pos`.
pub fn word_at_or_after(words: &[Word], pos: usize) -> usize {
    words.partition_point(|w| w.start < pos)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn words_keep_names_and_split_possessives() {
        let c = chars("Iraq’s al-Rufay’i met U.S. envoys.");
        let ws: Vec<String> = words(&c).into_iter().map(|w| w.text).collect();
        assert_eq!(
            ws,
            vec!["Iraq", "’s", "al-Rufay’i", "met", "U.S.", "envoys", "."]
        );
    }

    #[test]
    fn splitter_skips_abbreviations_and_keeps_quotes_with_their_sentence() {
        let c = chars("He met U.S. envoys. “We agree,” he said. Mr. Smith left.");
        let spans = split_sentences(&c);
        let texts: Vec<String> = spans
            .iter()
            .map(|(s, e)| c[*s..*e].iter().collect())
            .collect();
        assert_eq!(
            texts,
            vec![
                "He met U.S. envoys.",
                "“We agree,” he said.",
                "Mr. Smith left."
            ]
        );
    }

    #[test]
    fn phrases_around_verbs() {
        let c = chars("South Ossetia’s President Anatoly Bibilov said");
        let ws = words(&c);
        let verb = ws.iter().position(|w| w.is("said")).unwrap();
        let (a, b) = phrase_ending_at(&ws, verb - 1).unwrap();
        assert_eq!(ws[a].text, "South");
        assert_eq!(ws[b].text, "Bibilov");
        let c = chars("said the ministry’s spokesman, adding");
        let ws = words(&c);
        let (a, b) = phrase_starting_at(&ws, 1).unwrap();
        assert_eq!(
            (ws[a].text.as_str(), ws[b].text.as_str()),
            ("the", "spokesman")
        );
    }
}
