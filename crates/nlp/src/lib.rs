//! The NLP core: turns an article's text into sentences, tokens, tags, lemmas, a dependency parse
//! and named entities, with dyad's own pure-Rust models trained on Universal Dependencies.
//!
//! Entry point: [`Nlp::annotate`], which fills [`dyad_model::Doc::sentences`] and
//! [`dyad_model::Doc::entities`].

use dyad_model::{Doc, Sentence};

pub mod ner;

pub mod ensemble;
pub mod features;
pub mod irregular;
pub mod lemma;
pub mod model;
pub mod parser;
pub mod perceptron;
pub mod tagger;
pub mod tokenize;
pub mod train;
pub mod ud_eval;

pub use model::UdModel;

/// Errors loading or training NLP models.
#[derive(Debug, thiserror::Error)]
pub enum NlpError {
    #[error("{path}: {reason}")]
    Model { path: String, reason: String },
}

/// The shipped English tagger/lemmatizer/parser, trained by `dyad train ud` on UD English EWT
/// train plus GUM train without its non-commercial documents (CC BY-SA 4.0).
static EN_UD_MODEL: &[u8] = include_bytes!("../models/en_ud.bin.gz");

/// The loaded NLP models (tokenizer, tagger, lemmatizer, parser, NER).
#[derive(Debug, Default)]
pub struct Nlp {
    /// Tagger, lemmatizer and parser; `None` leaves tokens unannotated.
    pub ud: Option<UdModel>,
    /// Named entity recogniser; `None` leaves `doc.entities` untouched.
    pub ner: Option<ner::NerModel>,
}

/// Six more parsers for the shipped model (three left to right, three right to left, other
/// seeds; `dyad train ensemble --members-only`): with them the seven parsers vote.
static EN_UD_MEMBERS: &[u8] = include_bytes!("../models/en_ud_members.bin.gz");

/// The shipped ensemble members, decompressed and read (most of a second).
pub fn default_members() -> Result<Vec<parser::Parser>, NlpError> {
    model::read_members(EN_UD_MEMBERS, "built-in en_ud members")
}

impl Nlp {
    /// Adds the shipped ensemble members to the UD model, so seven parsers vote: more accurate
    /// attachment, about 5× slower tagging and parsing.
    pub fn add_default_members(&mut self) -> Result<(), NlpError> {
        self.add_parsers(default_members()?)
    }

    /// Adds parsers (from [`default_members`], read on another thread while the rest loads)
    /// to the UD model's ensemble.
    pub fn add_parsers(&mut self, parsers: Vec<parser::Parser>) -> Result<(), NlpError> {
        match &mut self.ud {
            Some(ud) => ud.add_parsers(parsers, "built-in en_ud members"),
            None => Ok(()),
        }
    }

    /// Loads the models shipped inside the binary.
    pub fn load_default() -> Result<Self, NlpError> {
        with_default_ner(|| UdModel::from_bytes(EN_UD_MODEL, "built-in en_ud model"))
    }

    /// Loads a UD model file written by `dyad train ud` (gzip binary).
    pub fn load(path: &std::path::Path) -> Result<Self, NlpError> {
        with_default_ner(|| UdModel::load(path))
    }

    /// Fills sentences (with tokens and their annotation) and entities of `doc`.
    pub fn annotate(&self, doc: &mut Doc) {
        if doc.sentences.is_empty() {
            doc.sentences = tokenize::sentences(&doc.article.text);
        }
        self.annotate_sentences(&mut doc.sentences);
        if let Some(ner) = &self.ner {
            doc.entities = ner.entities(doc);
        }
    }

    /// Tags, lemmatises and parses already tokenised sentences (keeps their tokens).
    pub fn annotate_sentences(&self, sentences: &mut [Sentence]) {
        if let Some(ud) = &self.ud {
            for s in sentences {
                ud.annotate(&mut s.tokens);
            }
        }
    }
}

fn ner_error(e: ner::NerError) -> NlpError {
    NlpError::Model {
        path: "ner".into(),
        reason: e.to_string(),
    }
}

/// The UD model `load_ud` gives plus the built-in NER model, loaded on two threads (each is
/// mostly decompression and table building).
fn with_default_ner(
    load_ud: impl FnOnce() -> Result<UdModel, NlpError> + Send,
) -> Result<Nlp, NlpError> {
    std::thread::scope(|s| {
        let ner = s.spawn(ner::NerModel::load_default);
        let ud = load_ud()?;
        let ner = match ner.join() {
            Ok(ner) => ner.map_err(ner_error)?,
            Err(panic) => std::panic::resume_unwind(panic),
        };
        Ok(Nlp {
            ud: Some(ud),
            ner: Some(ner),
        })
    })
}
