//! Errors that always say which input failed and why.

use std::fmt;

/// One input (a file, a line of a JSONL file, a feed item, a WARC record) that could not be
/// turned into an article. Displays as `<input>: <reason>`, ready for one line of stderr.
#[derive(Debug, thiserror::Error)]
#[error("{input}: {reason}")]
pub struct IngestError {
    /// The path, `path:line`, `path#item` or `path#record`, or `<stdin>`.
    pub input: String,
    pub reason: Reason,
}

impl IngestError {
    pub fn new(input: impl Into<String>, reason: Reason) -> Self {
        IngestError {
            input: input.into(),
            reason,
        }
    }
}

/// Why an input failed.
#[derive(Debug, thiserror::Error)]
pub enum Reason {
    #[error("cannot open: {0}")]
    Open(std::io::Error),
    #[error("read failed: {0}")]
    Read(std::io::Error),
    #[error("empty input")]
    Empty,
    #[error("no article text (only whitespace or publisher boilerplate)")]
    EmptyText,
    #[error("binary data, not text ({0})")]
    Binary(String),
    #[error("document is larger than the {} limit", Size(*.limit))]
    TooLarge { limit: usize },
    #[error("line is longer than the {} limit ({} read and skipped)", Size(*.limit), Size(*.length))]
    LineTooLong { limit: usize, length: usize },
    #[error("invalid UTF-8 at byte {0} (JSON lines must be UTF-8)")]
    InvalidUtf8(usize),
    #[error("invalid JSON: {0}")]
    Json(#[source] serde_json::Error),
    /// A JSON record that is valid JSON but not a usable article.
    #[error("{0}")]
    Record(String),
    #[error("no article text found in the HTML{0}")]
    NoHtmlText(String),
    #[error("HTML extraction failed: {0}")]
    Html(String),
    #[error("not a valid RSS/Atom/JSON feed: {0}")]
    Feed(String),
    #[error("WARC: {0}")]
    Warc(String),
    #[error("CoNLL-U: {0}")]
    Conllu(String),
    #[error("no articles found ({0})")]
    NoArticles(String),
}

/// Human-readable byte size: "20 MB", "512 KB", "17 bytes".
pub(crate) struct Size(pub usize);

impl fmt::Display for Size {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const KB: usize = 1024;
        const MB: usize = 1024 * 1024;
        let n = self.0;
        if n >= MB && n.is_multiple_of(MB) {
            write!(f, "{} MB", n / MB)
        } else if n >= MB {
            write!(f, "{:.1} MB", n as f64 / MB as f64)
        } else if n >= KB {
            write!(f, "{} KB", n / KB)
        } else {
            write!(f, "{n} bytes")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_names_input_and_reason() {
        let e = IngestError::new("a/b.jsonl:3", Reason::TooLarge { limit: 20 << 20 });
        assert_eq!(
            e.to_string(),
            "a/b.jsonl:3: document is larger than the 20 MB limit"
        );
    }
}
