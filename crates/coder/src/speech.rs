//! Quotes (direct and indirect) with speakers, and citations of other outlets.

use dyad_model::Doc;

#[derive(Debug, Default)]
pub struct SpeechFinder {}

impl SpeechFinder {
    pub fn load_default() -> Result<Self, crate::CoderError> {
        Ok(SpeechFinder {})
    }

    pub fn find(&self, _doc: &mut Doc) {}
}
