//! Date expressions resolved against the publication date.

use dyad_model::Doc;

#[derive(Debug, Default)]
pub struct DateResolver {}

impl DateResolver {
    pub fn load_default() -> Result<Self, crate::CoderError> {
        Ok(DateResolver {})
    }

    pub fn resolve(&self, _doc: &mut Doc) {}
}
