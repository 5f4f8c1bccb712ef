//! Actor coding and coreference: entities and coreference chains get CAMEO actor codes (country + sectors) from our dictionaries.

use dyad_model::Doc;

#[derive(Debug, Default)]
pub struct ActorCoder {}

impl ActorCoder {
    pub fn load_default() -> Result<Self, crate::CoderError> {
        Ok(ActorCoder {})
    }

    pub fn code(&self, _doc: &mut Doc) {}
}
