//! The NLP core: turns an article's text into sentences, tokens, tags, lemmas, a dependency parse
//! and named entities, with dyad's own pure-Rust models trained on Universal Dependencies.
//!
//! Entry point: [`Nlp::annotate`], which fills [`dyad_model::Doc::sentences`] and
//! [`dyad_model::Doc::entities`].

use dyad_model::Doc;

pub mod ner;
pub mod tokenize;
pub mod ud_eval;

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
        if doc.sentences.is_empty() {
            doc.sentences = tokenize::sentences(&doc.article.text);
        }
        if let Some(ner) = &self.ner {
            doc.entities = ner.entities(doc);
        }
    }
}

fn ner_error(e: ner::NerError) -> NlpError {
    NlpError::Model {
        path: "ner".into(),
        reason: e.to_string(),
    }
}
