//! Quotes (direct and indirect) with speakers, and citations of other outlets.
//!
//! Direct quotes are found from quote marks in every common style (“ ”, " ", « », ‘ ’ when
//! unambiguous, mixed pairs, quotes running over several sentences or paragraphs, quotes split
//! by "he said"). Indirect speech comes from speech verbs with a reported clause ("Bibilov said
//! that …", "According to him, …", "…, officials said"). Each quote's speaker is the subject of
//! the speech verb governing it (from the dependency parse when the sentence has one, else from
//! the words around the quote), resolved through coreference chains to a named, coded entity;
//! a quote with no attribution in its sentence continues the previous speaker or falls back to
//! the nearest preceding person.
//!
//! Citations are outlet names next to a reporting cue ("reported Bloomberg", "according to The
//! Jerusalem Post", "told Reuters", "state news agency TASS said", "in an interview with CNN").
//! Each carries the span of the claim it supports; quotes inside that claim point to it.

mod citations;
mod quotes;
pub(crate) mod speakers;
pub mod text;

use dyad_model::{ActorCode, Doc};

/// Finds quotes, speakers and citations.
#[derive(Debug, Default)]
pub struct SpeechFinder {}

/// Looks up a news outlet by name, giving its actor code ("Bloomberg" → USAMED).
pub type OutletLookup<'a> = &'a dyn Fn(&str) -> Option<ActorCode>;

impl SpeechFinder {
    pub fn load_default() -> Result<Self, crate::CoderError> {
        Ok(SpeechFinder {})
    }

    /// Finds quotes and citations, knowing outlets only by their shape ("news agency X").
    pub fn find(&self, doc: &mut Doc) {
        self.find_with(doc, &|_| None);
    }

    /// Finds quotes and citations, using `outlets` (the actor dictionaries' outlet list) to
    /// recognise and code outlet names.
    pub fn find_with(&self, doc: &mut Doc, outlets: OutletLookup) {
        let ctx = text::Context::new(doc);
        let cites = citations::find(&ctx, outlets);
        let mut found = quotes::find(&ctx, &cites, outlets);
        citations::link_quotes(&cites, &mut found);
        doc.quotes = found;
        doc.citations = cites;
    }
}

#[cfg(test)]
mod tests;
