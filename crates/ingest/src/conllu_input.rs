//! CoNLL-U input: documents split at `# newdoc`, each a [`Doc`] whose sentences keep the
//! file's tokenization (and any gold annotation), so the pipeline only predicts what is
//! missing. Streamed document by document; a treebank of any size is fine.

use std::io::BufRead;

use dyad_model::{conllu, Article, Doc};

use crate::error::{IngestError, Reason};
use crate::read::{read_line_capped, Line};
use crate::{normalize, IngestResult, Ingested};

pub(crate) struct ConlluDocs<R> {
    name: String,
    reader: R,
    limit: usize,
    line_no: usize,
    /// Lines of the document being gathered and the line number of its first line.
    chunk: String,
    chunk_start: usize,
    chunk_has_words: bool,
    chunk_too_large: bool,
    pending: std::collections::VecDeque<IngestResult>,
    done: bool,
}

impl<R: BufRead> ConlluDocs<R> {
    pub(crate) fn new(name: String, reader: R, limit: usize) -> Self {
        ConlluDocs {
            name,
            reader,
            limit,
            line_no: 0,
            chunk: String::new(),
            chunk_start: 1,
            chunk_has_words: false,
            chunk_too_large: false,
            pending: Default::default(),
            done: false,
        }
    }

    /// Turns the gathered lines into documents (queued in `pending`).
    fn flush(&mut self) {
        let chunk = std::mem::take(&mut self.chunk);
        let start = self.chunk_start;
        let (had_words, too_large) = (self.chunk_has_words, self.chunk_too_large);
        self.chunk_has_words = false;
        self.chunk_too_large = false;
        self.chunk_start = self.line_no + 1;
        if too_large {
            self.pending.push_back(Err(IngestError::new(
                format!("{}:{start}", self.name),
                Reason::TooLarge { limit: self.limit },
            )));
            return;
        }
        if !had_words {
            return;
        }
        let sentences = match conllu::parse(&chunk) {
            Ok(s) => s,
            Err(e) => {
                self.pending.push_back(Err(IngestError::new(
                    format!("{}:{}", self.name, start + e.line.saturating_sub(1)),
                    Reason::Conllu(e.reason),
                )));
                return;
            }
        };
        for doc_sentences in conllu::split_documents(sentences) {
            let line = start
                + doc_sentences
                    .first()
                    .map_or(1, |s| s.line)
                    .saturating_sub(1);
            let doc_id = doc_sentences
                .first()
                .and_then(|s| s.newdoc.clone())
                .filter(|id| !id.trim().is_empty());
            let (text, sentences) = conllu::assemble(&doc_sentences);
            let location = format!("{}:{line}", self.name);
            if text.trim().is_empty() {
                self.pending
                    .push_back(Err(IngestError::new(location, Reason::EmptyText)));
                continue;
            }
            let article = Article {
                id: doc_id.unwrap_or_else(|| normalize::article_id(&text)),
                language: "en".into(),
                source: Some(location),
                text,
                ..Article::default()
            };
            let mut doc = Doc::new(article);
            doc.sentences = sentences;
            self.pending.push_back(Ok(Ingested {
                doc,
                warnings: Vec::new(),
            }));
        }
    }
}

impl<R: BufRead> Iterator for ConlluDocs<R> {
    type Item = IngestResult;

    fn next(&mut self) -> Option<IngestResult> {
        let mut buf = Vec::new();
        loop {
            if let Some(item) = self.pending.pop_front() {
                return Some(item);
            }
            if self.done {
                return None;
            }
            let read = read_line_capped(&mut self.reader, &mut buf, self.limit);
            match read {
                Err(e) => {
                    self.done = true;
                    let at = format!("{}:{}", self.name, self.line_no + 1);
                    self.flush();
                    self.pending
                        .push_back(Err(IngestError::new(at, Reason::Read(e))));
                }
                Ok(Line::Eof) => {
                    self.done = true;
                    self.flush();
                }
                Ok(Line::TooLong(_)) => {
                    self.line_no += 1;
                    self.chunk_too_large = true;
                }
                Ok(Line::Complete) => {
                    let line = String::from_utf8_lossy(&buf);
                    let is_newdoc = line.starts_with("# newdoc");
                    if is_newdoc && self.chunk_has_words {
                        self.flush();
                    }
                    self.line_no += 1;
                    if self.chunk.is_empty() {
                        self.chunk_start = self.line_no;
                    }
                    if !line.starts_with('#') && !line.trim().is_empty() {
                        self.chunk_has_words = true;
                    }
                    if self.chunk.len() + line.len() > self.limit {
                        self.chunk_too_large = true;
                    } else if !self.chunk_too_large {
                        self.chunk.push_str(&line);
                        self.chunk.push('\n');
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TWO_DOCS: &str = "# newdoc id = d1\n# sent_id = 1\n# text = Russia condemned it.\n\
1\tRussia\tRussia\tPROPN\tNNP\t_\t2\tnsubj\t_\t_\n\
2\tcondemned\tcondemn\tVERB\tVBD\t_\t0\troot\t_\t_\n\
3\tit\tit\tPRON\tPRP\t_\t2\tobj\t_\tSpaceAfter=No\n\
4\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n\n\
# newdoc id = d2\n# sent_id = 2\n\
1\tPeace\tpeace\tNOUN\tNN\t_\t0\troot\t_\tSpaceAfter=No\n\
2\t.\t.\tPUNCT\t.\t_\t1\tpunct\t_\t_\n\n";

    #[test]
    fn documents_keep_their_tokenization() {
        let docs: Vec<_> = ConlluDocs::new("t.conllu".into(), TWO_DOCS.as_bytes(), 1 << 20)
            .map(|r| r.unwrap().doc)
            .collect();
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].article.id, "d1");
        assert_eq!(docs[0].article.text, "Russia condemned it.");
        assert_eq!(docs[0].sentences[0].tokens.len(), 4);
        assert_eq!(docs[0].sentences[0].tokens[1].lemma, "condemn");
        assert_eq!(docs[1].article.text, "Peace.");
        assert_eq!(docs[1].article.source.as_deref(), Some("t.conllu:9"));
    }

    #[test]
    fn malformed_lines_name_the_line() {
        let bad = "# newdoc id = a\n1\tA\n\n# newdoc id = b\n1\tPeace\tpeace\tNOUN\tNN\t_\t0\troot\t_\t_\n\n";
        let out: Vec<_> = ConlluDocs::new("x.conllu".into(), bad.as_bytes(), 1 << 20).collect();
        assert_eq!(out.len(), 2);
        let err = out[0].as_ref().err().unwrap().to_string();
        assert!(err.starts_with("x.conllu:2: CoNLL-U"), "{err}");
        assert_eq!(out[1].as_ref().unwrap().doc.article.text, "Peace");
    }
}
