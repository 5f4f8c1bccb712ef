//! Place mentions resolved to gazetteer entries with coordinates and GDELT geo fields.

use dyad_model::Doc;

#[derive(Debug, Default)]
pub struct Gazetteer {}

impl Gazetteer {
    pub fn load_default() -> Result<Self, crate::CoderError> {
        Ok(Gazetteer {})
    }

    pub fn resolve(&self, _doc: &mut Doc) {}
}
