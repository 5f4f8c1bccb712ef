//! Tokenizer and sentence splitter producing UD English (EWT) tokenization: multiword tokens
//! for clitics ("don't" = "do" + "n't", "Bush's" = "Bush" + "'s"), URLs, e-mails, numbers and
//! abbreviations kept whole, and sentences that survive abbreviations, initials, quotes,
//! ellipses, headlines and paragraph breaks. All offsets are code points into the input text.
//!
//! Tokenization is rules plus a table learned from the training treebanks
//! ([`lexicon`]); sentence boundaries come from an averaged perceptron over token boundaries
//! ([`sentences`]) with hard breaks at blank lines and at most single newlines.

pub mod lexicon;
pub mod rules;
pub mod sentences;

use std::sync::OnceLock;

use dyad_model::{MultiwordToken, Sentence, Token};

use lexicon::Lexicon;
use rules::Piece;
use sentences::SentenceModel;

const LEXICON_TSV: &str = include_str!("../../data/tokenize/en.tsv");
const SENTENCE_MODEL_TSV: &str = include_str!("../../data/tokenize/en-sentences.tsv");

/// A surface token found in the text, before sentence splitting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SurfaceToken {
    /// Code point span in the text.
    pub start: usize,
    pub end: usize,
    pub form: String,
    /// Char offsets (relative to `start`) where the words of a multiword token split.
    pub splits: Vec<usize>,
    /// Whitespace follows the token.
    pub space_after: bool,
    /// A line break separates the token from the previous one.
    pub newline_before: bool,
}

/// The English tokenizer and sentence splitter with their learned tables.
#[derive(Debug, Clone)]
pub struct Tokenizer {
    lexicon: Lexicon,
    sentences: SentenceModel,
}

impl Default for Tokenizer {
    fn default() -> Self {
        Tokenizer::english().clone()
    }
}

impl Tokenizer {
    /// The English tokenizer shipped in the binary (parsed once per process).
    pub fn english() -> &'static Tokenizer {
        static EN: OnceLock<Tokenizer> = OnceLock::new();
        EN.get_or_init(|| Tokenizer {
            lexicon: Lexicon::parse(LEXICON_TSV),
            sentences: SentenceModel::parse(SENTENCE_MODEL_TSV),
        })
    }

    /// Builds a tokenizer from tables (e.g. freshly generated ones).
    pub fn new(lexicon: Lexicon, sentences: SentenceModel) -> Self {
        Tokenizer { lexicon, sentences }
    }

    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    /// Surface tokens of a paragraph-free stretch or a whole text, in order.
    pub fn tokens(&self, text: &str) -> Vec<SurfaceToken> {
        let chars: Vec<char> = text.chars().collect();
        self.tokens_of_chars(&chars, 0, chars.len())
    }

    fn tokens_of_chars(&self, chars: &[char], lo: usize, hi: usize) -> Vec<SurfaceToken> {
        let mut pieces: Vec<(Piece, bool)> = Vec::new();
        let mut i = lo;
        let mut newline = false;
        while i < hi {
            if chars[i].is_whitespace() {
                newline |= chars[i] == '\n' || chars[i] == '\r';
                i += 1;
                continue;
            }
            let start = i;
            while i < hi && !chars[i].is_whitespace() {
                i += 1;
            }
            let before = pieces.len();
            let mut out = Vec::new();
            rules::split_chunk(chars, start, i, &self.lexicon, &mut out);
            let line_start = newline || pieces.is_empty();
            if !line_start {
                split_number_and_full_stop(chars, &mut out);
            }
            for (k, p) in out.into_iter().enumerate() {
                pieces.push((p, k == 0 && newline && before > 0));
            }
            newline = false;
        }
        pieces
            .into_iter()
            .map(|(p, newline_before)| SurfaceToken {
                form: chars[p.start..p.end].iter().collect(),
                space_after: chars.get(p.end).is_none_or(|c| c.is_whitespace()),
                start: p.start,
                end: p.end,
                splits: p.splits,
                newline_before,
            })
            .collect()
    }

    /// Sentences with their tokens (syntactic words) and multiword tokens; no annotation yet.
    pub fn sentences(&self, text: &str) -> Vec<Sentence> {
        let chars: Vec<char> = text.chars().collect();
        let mut out = Vec::new();
        for (lo, hi) in paragraphs(&chars) {
            let tokens = self.tokens_of_chars(&chars, lo, hi);
            let mut ends = self.sentences.boundaries(&tokens);
            if let Some(k) = dateline_end(&tokens) {
                ends[k] = true;
            }
            let mut first = 0;
            for (k, end) in ends.iter().enumerate() {
                if *end {
                    out.push(build_sentence(&tokens[first..=k]));
                    first = k + 1;
                }
            }
            if first < tokens.len() {
                out.push(build_sentence(&tokens[first..]));
            }
        }
        out
    }
}

/// Sentences of `text` with the shipped English tables.
pub fn sentences(text: &str) -> Vec<Sentence> {
    Tokenizer::english().sentences(text)
}

/// Index of the dash closing a news dateline at the start of a paragraph ("TBILISI —",
/// "KYIV, Ukraine (AP) —", "WASHINGTON, March 3 (Reuters) -"), so the dateline becomes a
/// sentence of its own instead of a bogus subject of the lead sentence.
fn dateline_end(tokens: &[SurfaceToken]) -> Option<usize> {
    let first = tokens.first()?;
    let letters = first.form.chars().filter(|c| c.is_alphabetic()).count();
    let all_caps = letters >= 2 && first.form.chars().all(|c| c.is_uppercase() || c == '.');
    if !all_caps {
        return None;
    }
    for (k, t) in tokens.iter().enumerate().take(12).skip(1) {
        if t.newline_before {
            return None;
        }
        if matches!(t.form.as_str(), "—" | "–" | "-" | "--" | "―") {
            // Something must follow the dash on the same line.
            return tokens
                .get(k + 1)
                .filter(|next| !next.newline_before)
                .map(|_| k);
        }
        let c = t.form.chars().next()?;
        let name_like = c.is_uppercase() || c.is_ascii_digit();
        if !(name_like || matches!(t.form.as_str(), "," | "(" | ")" | ".")) {
            return None;
        }
    }
    None
}

/// Spans of paragraphs: text between blank lines (lines with only whitespace count as blank).
fn paragraphs(chars: &[char]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '\n' {
            let mut j = i + 1;
            let mut blank = false;
            while j < chars.len() && chars[j].is_whitespace() {
                if chars[j] == '\n' {
                    blank = true;
                }
                j += 1;
            }
            if blank {
                out.push((start, i));
                start = j;
                i = j;
                continue;
            }
        }
        i += 1;
    }
    out.push((start, chars.len()));
    out.retain(|&(a, b)| chars[a..b].iter().any(|c| !c.is_whitespace()));
    out
}

fn build_sentence(tokens: &[SurfaceToken]) -> Sentence {
    let mut sentence = Sentence {
        start: tokens.first().map_or(0, |t| t.start),
        end: tokens.last().map_or(0, |t| t.end),
        tokens: Vec::with_capacity(tokens.len()),
        multiword: Vec::new(),
    };
    for t in tokens {
        let first = sentence.tokens.len() as u32 + 1;
        let word = |id: u32, form: String, space_after: bool| Token {
            id,
            form,
            start: t.start,
            end: t.end,
            space_after,
            ..Token::default()
        };
        if t.splits.is_empty() {
            sentence
                .tokens
                .push(word(first, t.form.clone(), t.space_after));
            continue;
        }
        // A multiword token: its words share its span; spacing belongs to the token.
        let chars: Vec<char> = t.form.chars().collect();
        let mut cuts = vec![0];
        cuts.extend(t.splits.iter().copied());
        cuts.push(chars.len());
        let n = cuts.len() - 1;
        for w in 0..n {
            let form = chars[cuts[w]..cuts[w + 1]].iter().collect();
            let space_after = w + 1 < n || t.space_after;
            sentence
                .tokens
                .push(word(first + w as u32, form, space_after));
        }
        sentence.multiword.push(MultiwordToken {
            first,
            last: first + n as u32 - 1,
            form: t.form.clone(),
            start: t.start,
            end: t.end,
            space_after: t.space_after,
        });
    }
    sentence
}

/// "1." and "2." stay whole as list numbers at the start of a line (as the treebanks have
/// them); anywhere else a number before a period ends a sentence ("until April 2. But…").
fn split_number_and_full_stop(chars: &[char], pieces: &mut Vec<rules::Piece>) {
    let Some(last) = pieces.last() else {
        return;
    };
    let s = &chars[last.start..last.end];
    let numbered = s.len() >= 2
        && s[s.len() - 1] == '.'
        && s[..s.len() - 1].iter().all(char::is_ascii_digit)
        && last.splits.is_empty();
    if numbered {
        let (start, end) = (last.start, last.end);
        pieces.pop();
        pieces.push(rules::Piece {
            start,
            end: end - 1,
            splits: Vec::new(),
        });
        pieces.push(rules::Piece {
            start: end - 1,
            end,
            splits: Vec::new(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Surface tokens of the text, multiword tokens as `[do+n't]`.
    fn surface(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        for s in sentences(text) {
            let mut k = 0;
            while k < s.tokens.len() {
                if let Some(m) = s.multiword.iter().find(|m| m.first as usize == k + 1) {
                    let words: Vec<&str> = s.tokens[m.first as usize - 1..m.last as usize]
                        .iter()
                        .map(|t| t.form.as_str())
                        .collect();
                    out.push(format!("[{}]", words.join("+")));
                    k = m.last as usize;
                } else {
                    out.push(s.tokens[k].form.clone());
                    k += 1;
                }
            }
        }
        out
    }

    fn sentence_texts(text: &str) -> Vec<String> {
        let chars: Vec<char> = text.chars().collect();
        sentences(text)
            .iter()
            .map(|s| chars[s.start..s.end].iter().collect())
            .collect()
    }

    #[test]
    fn contractions_and_possessives_become_multiword_tokens() {
        assert_eq!(
            surface("I don't think it's Bush's fault; we can't, I'm sure, and you cannot."),
            [
                "I",
                "[do+n't]",
                "think",
                "[it+'s]",
                "[Bush+'s]",
                "fault",
                ";",
                "we",
                "[ca+n't]",
                ",",
                "[I+'m]",
                "sure",
                ",",
                "and",
                "you",
                "[can+not]",
                "."
            ]
        );
        assert_eq!(
            surface("Russia’s leaders won’t go; the parents' cars"),
            [
                "[Russia+’s]",
                "leaders",
                "[wo+n’t]",
                "go",
                ";",
                "the",
                "[parents+']",
                "cars"
            ]
        );
        assert_eq!(surface("We're gonna win")[..2], ["[We+'re]", "[gon+na]"]);
    }

    #[test]
    fn urls_emails_numbers_and_abbreviations_stay_whole() {
        assert_eq!(
            surface(
                "Gen. Smith paid $1,000.50 to info@example.com (see https://example.com/a-b?x=1)."
            ),
            [
                "Gen.",
                "Smith",
                "paid",
                "$",
                "1,000.50",
                "to",
                "info@example.com",
                "(",
                "see",
                "https://example.com/a-b?x=1",
                ")",
                "."
            ]
        );
        assert_eq!(
            surface("The U.S. sent 50,000 troops on Feb. 3 at 10:30 a.m. to www.army.mil."),
            [
                "The",
                "U.S.",
                "sent",
                "50,000",
                "troops",
                "on",
                "Feb.",
                "3",
                "at",
                "10:30",
                "a.m.",
                "to",
                "www.army.mil",
                "."
            ]
        );
    }

    #[test]
    fn quotes_dashes_and_ellipses_are_tokens() {
        assert_eq!(
            surface("“Unity,” he said—“is our goal”... 'Really?'"),
            [
                "“", "Unity", ",", "”", "he", "said", "—", "“", "is", "our", "goal", "”", "...",
                "'", "Really", "?", "'"
            ]
        );
        assert_eq!(
            surface("a well-known anti-war e-mail"),
            ["a", "well", "-", "known", "anti-war", "e-mail"]
        );
    }

    #[test]
    fn offsets_are_code_points_that_slice_the_text() {
        let text = "Die Kremlin’s “unity” — café’s 50% won’t\n\nfail. Ça va? Oui…";
        let chars: Vec<char> = text.chars().collect();
        let sents = sentences(text);
        assert!(sents.len() >= 3);
        for s in &sents {
            for t in &s.tokens {
                let slice: String = chars[t.start..t.end].iter().collect();
                let mwt = s
                    .multiword
                    .iter()
                    .find(|m| m.first <= t.id && t.id <= m.last);
                match mwt {
                    Some(m) => {
                        assert_eq!(slice, m.form);
                        assert!(m.form.contains(&t.form));
                    }
                    None => assert_eq!(slice, t.form),
                }
            }
            let text: String = chars[s.start..s.end].iter().collect();
            assert!(!text.starts_with(char::is_whitespace) && !text.ends_with(char::is_whitespace));
        }
    }

    #[test]
    fn abbreviations_initials_and_numbers_do_not_end_sentences() {
        assert_eq!(
            sentence_texts(
                "Gen. Smith met Mr. Jones at the U.S. embassy on Jan. 5. J. R. Tolkien paid 3.5 million. It rose 2.5% in May."
            ),
            [
                "Gen. Smith met Mr. Jones at the U.S. embassy on Jan. 5.",
                "J. R. Tolkien paid 3.5 million.",
                "It rose 2.5% in May."
            ]
        );
    }

    #[test]
    fn a_sentence_may_end_in_a_number_or_an_abbreviation() {
        assert_eq!(
            sentence_texts(
                "Tariffs were delayed until April 2. But Lutnick said more will come. Drugs flow \
                 into the U.S. The president sent troops.\n1. List numbers stay whole."
            ),
            [
                "Tariffs were delayed until April 2.",
                "But Lutnick said more will come.",
                "Drugs flow into the U.S.",
                "The president sent troops.",
                "1. List numbers stay whole."
            ]
        );
        assert_eq!(
            surface("until April 2. But\n1. First"),
            ["until", "April", "2", ".", "But", "1.", "First"]
        );
    }

    #[test]
    fn closing_quotes_belong_to_the_sentence_they_close() {
        assert_eq!(
            sentence_texts(
                "He said, \"We will go.\" Then he left. She wrote: “It is over.” Nobody replied!"
            ),
            [
                "He said, \"We will go.\"",
                "Then he left.",
                "She wrote: “It is over.”",
                "Nobody replied!"
            ]
        );
    }

    #[test]
    fn headlines_lines_and_paragraphs_end_sentences() {
        assert_eq!(
            sentence_texts(
                "Russia ready to absorb breakaway region\nThe Kremlin said on Monday it was ready.\n\nNo final stop here\n\nBut a new paragraph starts"
            ),
            [
                "Russia ready to absorb breakaway region",
                "The Kremlin said on Monday it was ready.",
                "No final stop here",
                "But a new paragraph starts"
            ]
        );
        // A hard-wrapped line that continues in lowercase is one sentence.
        assert_eq!(
            sentence_texts("The talks, which began\nin May, failed.").len(),
            1
        );
    }

    #[test]
    fn datelines_are_sentences_of_their_own() {
        let text = "TBILISI — Georgia's foreign ministry on Monday condemned the drills.";
        assert_eq!(
            sentence_texts(text),
            [
                "TBILISI —",
                "Georgia's foreign ministry on Monday condemned the drills."
            ]
        );
        let text = "KYIV, Ukraine (AP) — Russia fired missiles at the capital overnight.";
        assert_eq!(sentence_texts(text)[0], "KYIV, Ukraine (AP) —");
        // Not a dateline: a sentence that starts with an acronym, or a dash later in prose.
        let text = "NATO allies met in Brussels — and agreed on more aid.";
        assert_eq!(sentence_texts(text).len(), 1);
        let text = "US officials said the talks — held in Geneva — went well.";
        assert_eq!(sentence_texts(text).len(), 1);
    }

    #[test]
    fn ellipses_inside_a_sentence_do_not_split_it() {
        assert_eq!(
            sentence_texts("He paused... and then went on. Later he slept.").len(),
            2
        );
    }

    #[test]
    fn the_seed_article_splits_into_its_sentences() {
        let dir = std::env::var("DYAD_SHARED")
            .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared").into());
        let path = std::path::Path::new(&dir).join("seeds/000_5cde48be02c5b1e4.txt");
        let Ok(text) = std::fs::read_to_string(&path) else {
            eprintln!("skipping: {} not found", path.display());
            return;
        };
        let sents = sentence_texts(&text);
        // Nine lines; two of them hold two sentences and the copyright line three.
        assert_eq!(sents.len(), 19, "{sents:#?}");
        for s in &sents {
            assert!(s.starts_with(|c: char| c.is_uppercase() || c == '©'), "{s}");
            assert!(s.ends_with(['.', '"', '”']), "{s}");
        }
    }

    /// Whatever the input, tokens cover every non-space character exactly once, in order.
    #[test]
    fn tokens_cover_the_text_for_odd_input() {
        let inputs = [
            "",
            "   \n\n  ",
            "'",
            "#",
            "-",
            "...!?",
            "İstanbul’s ‘Ünal’s’ naïve—café…",
            "a.b.c.d. e-f-g h/i/j k--l (m)(n) [o]? \"p\"! $ $$ 5% 12-34 #1 @x ::) <>",
            "http://x.y/z). mail: a@b.co; www.q.org, x@y 'tis 'em '90s o'clock rock'n'roll",
            "Mr.\nSmith\r\n\r\nU.S.-led can'tn't '' ``` ”“ 🙂👍🏽 x\u{200b}y",
        ];
        for text in inputs {
            let chars: Vec<char> = text.chars().collect();
            let mut covered = String::new();
            let mut last_end = 0;
            for s in sentences(text) {
                let mut id = 1;
                while id <= s.tokens.len() as u32 {
                    let (start, end, next) = match s.multiword.iter().find(|m| m.first == id) {
                        Some(m) => (m.start, m.end, m.last + 1),
                        None => {
                            let t = &s.tokens[id as usize - 1];
                            (t.start, t.end, id + 1)
                        }
                    };
                    assert!(
                        start >= last_end && end > start && end <= chars.len(),
                        "{text:?}"
                    );
                    covered.extend(&chars[start..end]);
                    last_end = end;
                    id = next;
                }
            }
            let expected: String = text.chars().filter(|c| !c.is_whitespace()).collect();
            assert_eq!(covered, expected, "{text:?}");
        }
    }

    /// EWT dev from raw text, scored like the CoNLL 2018 shared task: the tokenizer and
    /// splitter must stay at their measured level (99.50 / 89.50 / 99.20 when written).
    #[test]
    fn ewt_dev_from_raw_text_keeps_tokens_and_sentences_high() {
        let dir = std::env::var("DYAD_SHARED")
            .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared").into());
        let path = std::path::Path::new(&dir).join("data/ud/UD_English-EWT/en_ewt-ud-dev.conllu");
        let Ok(input) = std::fs::read_to_string(&path) else {
            eprintln!("skipping: {} not found", path.display());
            return;
        };
        let parsed = dyad_model::conllu::parse(&input).unwrap();
        let (mut gold, mut system) = (Vec::new(), Vec::new());
        for doc in dyad_model::conllu::split_documents(parsed) {
            let (text, g) = dyad_model::conllu::assemble(&doc);
            system.extend(sentences(&text));
            gold.extend(g);
        }
        let scores = crate::ud_eval::evaluate(&gold, &system).unwrap();
        let f1 = |m: &str| 100.0 * scores.get(m).unwrap().f1();
        assert!(f1("Tokens") >= 99.0, "tokens {}", f1("Tokens"));
        assert!(f1("Words") >= 98.5, "words {}", f1("Words"));
        assert!(f1("Sentences") >= 85.0, "sentences {}", f1("Sentences"));
    }
}
