//! The words the actor coder works on: the document's tokens when the NLP stage has run, or a
//! plain fallback tokenization of the text when it has not (so dictionaries still code actors
//! in a bare `Doc`).

use dyad_model::Doc;

use super::dict::norm_word;

#[derive(Debug, Clone, Default)]
pub struct Word {
    pub text: String,
    /// Lowercased, accent-folded form.
    pub norm: String,
    pub start: usize,
    pub end: usize,
    pub sentence: usize,
    /// Token id in its sentence (1-based), as in the document.
    pub id: u32,
    pub upos: String,
    /// The parser's lemma (empty for words read from plain text).
    pub lemma: String,
    pub deprel: String,
    /// Token id of the head in the same sentence (0 = root).
    pub head: u32,
}

impl Word {
    pub fn is_capitalised(&self) -> bool {
        self.text
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
    }

    pub fn is_all_caps(&self) -> bool {
        let letters: Vec<char> = self.text.chars().filter(|c| c.is_alphabetic()).collect();
        !letters.is_empty() && letters.iter().all(|c| c.is_uppercase())
    }

    pub fn is_possessive(&self) -> bool {
        self.norm == "'s" || self.norm == "'"
    }

    pub fn is_subject(&self) -> bool {
        self.deprel.starts_with("nsubj")
    }
}

/// Words of the document in order, plus the index of the first word of each sentence.
pub fn words_of(doc: &Doc) -> Vec<Word> {
    if doc.sentences.iter().any(|s| !s.tokens.is_empty()) {
        let mut out = Vec::new();
        for (si, s) in doc.sentences.iter().enumerate() {
            for t in &s.tokens {
                out.push(Word {
                    text: t.form.clone(),
                    norm: norm_word(&t.form),
                    start: t.start,
                    end: t.end,
                    sentence: si,
                    id: t.id,
                    upos: t.upos.clone(),
                    lemma: t.lemma.clone(),
                    deprel: t.deprel.clone(),
                    head: t.head,
                });
            }
        }
        // Tokenizers differ on "Ossetia's": split a glued possessive so phrase lookup sees it.
        return split_glued_possessives(out);
    }
    fallback_words(&doc.article.text)
}

fn split_glued_possessives(words: Vec<Word>) -> Vec<Word> {
    let mut out = Vec::with_capacity(words.len());
    for w in words {
        let chars: Vec<char> = w.text.chars().collect();
        let n = chars.len();
        if n > 2
            && (chars[n - 2] == '\'' || chars[n - 2] == '’')
            && (chars[n - 1] == 's' || chars[n - 1] == 'S')
        {
            let stem: String = chars[..n - 2].iter().collect();
            let mut a = w.clone();
            a.norm = norm_word(&stem);
            a.text = stem;
            a.end = w.start + n - 2;
            let mut b = w;
            b.text = chars[n - 2..].iter().collect();
            b.norm = "'s".into();
            b.start = a.end;
            out.push(a);
            out.push(b);
        } else {
            out.push(w);
        }
    }
    out
}

const ABBREVIATIONS: &[&str] = &[
    "mr.", "mrs.", "ms.", "dr.", "st.", "gen.", "col.", "lt.", "sgt.", "capt.", "sen.", "rep.",
    "gov.", "prof.", "jr.", "sr.", "no.", "vs.", "u.s.", "u.k.", "u.n.", "e.u.", "jan.", "feb.",
    "aug.", "sept.", "oct.", "nov.", "dec.",
];

/// A simple tokenizer: words are letters/digits with inner `.`, `-`, `'`; a trailing possessive
/// `'s` is split off; sentences end at `.`, `!`, `?` before whitespace and a capital, and at
/// line breaks.
pub fn fallback_words(text: &str) -> Vec<Word> {
    let chars: Vec<char> = text.chars().collect();
    let mut out: Vec<Word> = Vec::new();
    let mut sentence = 0usize;
    let mut id = 0u32;
    let mut i = 0usize;
    let push = |out: &mut Vec<Word>, s: usize, e: usize, sentence: usize, id: &mut u32| {
        *id += 1;
        let t: String = chars[s..e].iter().collect();
        out.push(Word {
            norm: norm_word(&t),
            text: t,
            start: s,
            end: e,
            sentence,
            id: *id,
            ..Word::default()
        });
    };
    while i < chars.len() {
        let c = chars[i];
        if c == '\n' {
            if id > 0 {
                sentence += 1;
                id = 0;
            }
            i += 1;
            continue;
        }
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if c.is_alphanumeric() {
            let s = i;
            let mut e = i + 1;
            while e < chars.len() {
                let d = chars[e];
                let inner = matches!(d, '.' | '-' | '\'' | '’' | '&' | '/')
                    && e + 1 < chars.len()
                    && chars[e + 1].is_alphanumeric();
                if d.is_alphanumeric() || inner {
                    e += 1;
                } else {
                    break;
                }
            }
            // Acronyms with dots keep their final dot ("U.S.").
            if e < chars.len() && chars[e] == '.' && chars[s..e].contains(&'.') {
                e += 1;
            }
            let word: String = chars[s..e].iter().collect();
            let lw = word.to_lowercase();
            let n = e - s;
            if n > 2 && (lw.ends_with("'s") || lw.ends_with("’s")) {
                push(&mut out, s, e - 2, sentence, &mut id);
                push(&mut out, e - 2, e, sentence, &mut id);
            } else {
                push(&mut out, s, e, sentence, &mut id);
            }
            i = e;
            continue;
        }
        // Punctuation: one character per word.
        push(&mut out, i, i + 1, sentence, &mut id);
        if matches!(c, '.' | '!' | '?') {
            let mut j = i + 1;
            while j < chars.len() && matches!(chars[j], '"' | '”' | '’' | '\'' | ')') {
                j += 1;
            }
            let next = chars[j..].iter().find(|c| !c.is_whitespace());
            let prev_abbrev = out
                .len()
                .checked_sub(2)
                .map(|k| ABBREVIATIONS.contains(&format!("{}.", out[k].norm).as_str()))
                .unwrap_or(false);
            if next.is_none_or(|n| n.is_uppercase() || matches!(n, '"' | '“' | '‘')) && !prev_abbrev
            {
                // Closing quotes after the stop belong to this sentence.
                for k in i + 1..j {
                    push(&mut out, k, k + 1, sentence, &mut id);
                }
                i = j;
                sentence += 1;
                id = 0;
                continue;
            }
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fallback_splits_possessives_and_sentences() {
        let w = fallback_words("South Ossetia’s President spoke. The U.S. and E.U. disagreed.");
        let texts: Vec<&str> = w.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "South",
                "Ossetia",
                "’s",
                "President",
                "spoke",
                ".",
                "The",
                "U.S.",
                "and",
                "E.U.",
                "disagreed",
                "."
            ]
        );
        assert_eq!(w[6].sentence, 1);
        assert_eq!(w[6].id, 1);
    }
}
