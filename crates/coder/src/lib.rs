//! The coder: reads a parsed [`dyad_model::Doc`] and adds what news analysts need — coded actors
//! and coreference, CAMEO events with modality and evidence, quotes with speakers, citations of
//! other outlets, dates and places.
//!
//! Entry point: [`Coder::code`].

use dyad_model::Doc;

/// Errors loading dictionaries.
#[derive(Debug, thiserror::Error)]
pub enum CoderError {
    #[error("{path}:{line}: {reason}")]
    Dictionary {
        path: String,
        line: usize,
        reason: String,
    },
}

/// The loaded dictionaries and rules.
#[derive(Debug, Default)]
pub struct Coder {}

impl Coder {
    /// Loads the dictionaries shipped inside the binary.
    pub fn load_default() -> Result<Self, CoderError> {
        Ok(Coder {})
    }

    /// Adds actors, events, quotes, citations, dates and places to a parsed document.
    pub fn code(&self, _doc: &mut Doc) {}
}
