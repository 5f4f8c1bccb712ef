//! Flags that replace the embedded models and dictionaries, shared by every command that runs
//! the pipeline (`annotate`, `ingest`, `serve`, `bench`).

use std::path::PathBuf;

use anyhow::Context;
use dyad_coder::actors::ActorCoder;
use dyad_coder::events::EventCoder;
use dyad_nlp::Nlp;
use dyad_pipeline::Pipeline;

#[derive(clap::Args, Clone, Debug, Default)]
pub struct ModelArgs {
    /// Tagger/lemmatizer/parser model written by `dyad train ud`, instead of the embedded one.
    #[arg(long, value_name = "FILE")]
    pub model: Option<PathBuf>,
    /// Seven parsers vote instead of one (the shipped ensemble members join the model):
    /// attachment and event coding more accurate, tagging and parsing about 5× slower
    /// (README: accuracy).
    #[arg(long)]
    pub accurate: bool,
    /// PETRARCH-format actor dictionary (repeatable); replaces the embedded countries, regions,
    /// organisations and persons.
    #[arg(long = "petrarch-actors", value_name = "FILE")]
    pub petrarch_actors: Vec<PathBuf>,
    /// PETRARCH-format agents dictionary; replaces the embedded role nouns.
    #[arg(long = "petrarch-agents", value_name = "FILE")]
    pub petrarch_agents: Option<PathBuf>,
    /// PETRARCH-format verb dictionary (e.g. CAMEO.2.0.txt); replaces the embedded event patterns.
    #[arg(long = "petrarch-verbs", value_name = "FILE")]
    pub petrarch_verbs: Option<PathBuf>,
    /// PETRARCH-format discards file, used with --petrarch-verbs.
    #[arg(
        long = "petrarch-discards",
        value_name = "FILE",
        requires = "petrarch_verbs"
    )]
    pub petrarch_discards: Option<PathBuf>,
}

impl ModelArgs {
    /// The embedded pipeline with whatever these flags replace.
    pub fn pipeline(&self) -> anyhow::Result<Pipeline> {
        // The ensemble members load on their own thread while the default models do.
        let members = self
            .accurate
            .then(|| std::thread::spawn(dyad_nlp::default_members));
        let mut pipeline = Pipeline::load_default().context("loading the embedded models")?;
        if let Some(path) = &self.model {
            pipeline.nlp = Nlp::load(path)
                .with_context(|| format!("loading the UD model {}", path.display()))?;
        }
        if let Some(members) = members {
            let parsers = members
                .join()
                .map_err(|_| anyhow::anyhow!("loading the shipped ensemble parsers failed"))?
                .context("loading the shipped ensemble parsers")?;
            pipeline
                .nlp
                .add_parsers(parsers)
                .context("adding the shipped ensemble parsers")?;
        }
        if !self.petrarch_actors.is_empty() || self.petrarch_agents.is_some() {
            if self.petrarch_actors.is_empty() {
                anyhow::bail!("--petrarch-agents needs at least one --petrarch-actors file");
            }
            pipeline.coder.actors =
                ActorCoder::from_petrarch(&self.petrarch_actors, self.petrarch_agents.as_deref())
                    .context("loading the PETRARCH actor dictionaries")?;
        }
        if let Some(verbs) = &self.petrarch_verbs {
            pipeline.coder.events =
                EventCoder::from_petrarch(verbs, self.petrarch_discards.as_deref())
                    .context("loading the PETRARCH verb dictionary")?;
        }
        Ok(pipeline)
    }
}
