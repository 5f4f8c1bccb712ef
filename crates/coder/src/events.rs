//! CAMEO event coding over the dependency parse, with modality and evidence.

use dyad_model::Doc;

#[derive(Debug, Default)]
pub struct EventCoder {}

impl EventCoder {
    pub fn load_default() -> Result<Self, crate::CoderError> {
        Ok(EventCoder {})
    }

    pub fn code(&self, _doc: &mut Doc) {}
}
