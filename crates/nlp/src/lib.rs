//! The NLP core: turns an article's text into sentences, tokens, tags, lemmas, a dependency parse
//! and named entities, with dyad's own pure-Rust models trained on Universal Dependencies.
//!
//! Entry point: [`Nlp::annotate`], which fills [`dyad_model::Doc::sentences`] and
//! [`dyad_model::Doc::entities`].

use dyad_model::{Doc, Sentence, Token};

pub mod ner;

/// Errors loading or training NLP models.
#[derive(Debug, thiserror::Error)]
pub enum NlpError {
    #[error("{path}: {reason}")]
    Model { path: String, reason: String },
}

/// The loaded NLP models (tokenizer, tagger, lemmatizer, parser, NER).
#[derive(Debug, Default)]
pub struct Nlp {
    /// Named entity recogniser; `None` leaves `doc.entities` untouched.
    pub ner: Option<ner::NerModel>,
}

impl Nlp {
    /// Loads the models shipped inside the binary.
    pub fn load_default() -> Result<Self, NlpError> {
        Ok(Nlp {
            ner: Some(ner::NerModel::load_default().map_err(ner_error)?),
        })
    }

    /// Fills sentences (with tokens and their annotation) and entities of `doc`.
    pub fn annotate(&self, doc: &mut Doc) {
        doc.sentences = placeholder_sentences(&doc.article.text);
        if let Some(ner) = &self.ner {
            doc.entities = ner.entities(doc);
        }
    }
}

/// Stand-in splitter until the trained tokenizer lands: whitespace tokens, sentence ends at
/// `.`, `!`, `?` and blank lines. Offsets are code points.
fn placeholder_sentences(text: &str) -> Vec<Sentence> {
    let chars: Vec<char> = text.chars().collect();
    let mut sentences = Vec::new();
    let mut current = Sentence::default();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_whitespace() {
            let blank_line = chars[i] == '\n' && chars.get(i + 1) == Some(&'\n');
            if blank_line && !current.tokens.is_empty() {
                sentences.push(std::mem::take(&mut current));
            }
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && !chars[i].is_whitespace() {
            i += 1;
        }
        let form: String = chars[start..i].iter().collect();
        if current.tokens.is_empty() {
            current.start = start;
        }
        current.end = i;
        let ends = form.ends_with(['.', '!', '?']);
        current.tokens.push(Token {
            id: current.tokens.len() as u32 + 1,
            form,
            start,
            end: i,
            space_after: true,
            ..Token::default()
        });
        if ends {
            sentences.push(std::mem::take(&mut current));
        }
    }
    if !current.tokens.is_empty() {
        sentences.push(current);
    }
    sentences
}

fn ner_error(e: ner::NerError) -> NlpError {
    NlpError::Model {
        path: "ner".into(),
        reason: e.to_string(),
    }
}
