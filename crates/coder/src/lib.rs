//! The coder: reads a parsed [`dyad_model::Doc`] and adds what news analysts need — coded actors
//! and coreference, CAMEO events with modality and evidence, quotes with speakers, citations of
//! other outlets, dates and places.
//!
//! Entry point: [`Coder::code`]. The steps run in a fixed order because later ones read what
//! earlier ones wrote: actors and coreference first (speakers and event actors are entities),
//! then dates and places, then quotes and citations, and events last (an event links to its
//! quote, citation, date and place).

pub mod actors;
pub mod dates;
pub mod events;
pub mod places;
pub mod speech;

use dyad_model::Doc;

/// Errors loading dictionaries: always name the file and line.
#[derive(Debug, thiserror::Error)]
pub enum CoderError {
    #[error("{path}:{line}: {reason}")]
    Dictionary {
        path: String,
        line: usize,
        reason: String,
    },
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
}

/// The loaded dictionaries and rules.
#[derive(Debug, Default)]
pub struct Coder {
    pub actors: actors::ActorCoder,
    pub dates: dates::DateResolver,
    pub places: places::Gazetteer,
    pub speech: speech::SpeechFinder,
    pub events: events::EventCoder,
}

impl Coder {
    /// Loads the dictionaries shipped inside the binary.
    pub fn load_default() -> Result<Self, CoderError> {
        Ok(Coder {
            actors: actors::ActorCoder::load_default()?,
            dates: dates::DateResolver::default(),
            places: places::Gazetteer::load_default()?,
            speech: speech::SpeechFinder::load_default()?,
            events: events::EventCoder::load_default()?,
        })
    }

    /// Adds actors, events, quotes, citations, dates and places to a parsed document.
    pub fn code(&self, doc: &mut Doc) {
        self.actors.code(doc);
        self.dates.resolve(doc);
        self.places.resolve(doc);
        self.speech
            .find_with(doc, &|name| self.actors.lookup_outlet(name));
        self.events.code(doc);
    }
}
