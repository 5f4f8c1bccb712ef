//! The one place the stages are composed: article in, fully annotated document out. The CLI,
//! the server and the benchmarks all call [`Pipeline`], so no stage is wired twice.

use dyad_coder::Coder;
use dyad_model::{Article, Doc};
use dyad_nlp::Nlp;

#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    #[error(transparent)]
    Nlp(#[from] dyad_nlp::NlpError),
    #[error(transparent)]
    Coder(#[from] dyad_coder::CoderError),
}

/// NLP models plus coder dictionaries, loaded once and shared (it is `Sync`).
#[derive(Debug)]
pub struct Pipeline {
    pub nlp: Nlp,
    pub coder: Coder,
}

impl Pipeline {
    /// The pipeline with the models and dictionaries embedded in the binary.
    /// The NLP models and the coder's dictionaries load on two threads: start-up is spent
    /// decompressing and indexing, and the two halves share nothing.
    pub fn load_default() -> Result<Self, PipelineError> {
        std::thread::scope(|s| {
            let coder = s.spawn(Coder::load_default);
            let nlp = Nlp::load_default()?;
            let coder = match coder.join() {
                Ok(coder) => coder?,
                Err(panic) => std::panic::resume_unwind(panic),
            };
            Ok(Pipeline { nlp, coder })
        })
    }

    pub fn new(nlp: Nlp, coder: Coder) -> Self {
        Pipeline { nlp, coder }
    }

    /// Runs every stage on one article.
    pub fn annotate(&self, article: Article) -> Doc {
        self.annotate_doc(Doc::new(article))
    }

    /// [`Pipeline::annotate_doc`], but a bug in a stage (a panic) becomes an error naming the
    /// document instead of taking the whole batch down.
    pub fn annotate_guarded(&self, doc: Doc) -> Result<Doc, String> {
        let source = doc
            .article
            .source
            .clone()
            .unwrap_or_else(|| doc.article.id.clone());
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.annotate_doc(doc))).map_err(
            |panic| {
                let what = panic
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "unknown cause".into());
                format!(
                    "{source}: internal error while annotating ({what}); please report this input"
                )
            },
        )
    }

    /// Runs every stage on a document. Sentences already present (from CoNLL-U input) keep their
    /// tokenization; the NLP stage predicts only what is missing.
    pub fn annotate_doc(&self, mut doc: Doc) -> Doc {
        self.nlp.annotate(&mut doc);
        self.coder.code(&mut doc);
        doc
    }
}
