//! Ingest: turns raw bytes (plain text, HTML, JSONL, RSS/Atom/JSON feeds, WARC, CoNLL-U) into
//! [`dyad_model::Article`]s — the text to analyse plus its metadata.
//!
//! Everything streams: [`Ingest`] walks the inputs (files, directories, stdin) and yields one
//! `Result<Ingested, IngestError>` per article or failure, so a batch of any size never sits
//! in memory and one bad file or line does not stop the rest. Every error names its input
//! (`path`, `path:line`, `path#item`, `path#<WARC-Record-ID>`) and the reason.
//!
//! ```no_run
//! use dyad_ingest::{Ingest, IngestOptions, Input};
//! let mut ingest = Ingest::new([Input::from_arg("news/")], IngestOptions::default());
//! for item in &mut ingest {
//!     match item {
//!         Ok(ingested) => println!("{}", ingested.doc.article.id),
//!         Err(e) => eprintln!("{e}"),
//!     }
//! }
//! ```

use std::collections::VecDeque;
use std::fmt;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};
use std::str::FromStr;

use dyad_model::{Article, Doc};

mod conllu_input;
mod decode;
mod error;
mod feed;
mod html;
mod jsonl;
mod normalize;
mod read;
mod warc_input;

pub use decode::{decode_text, Decoded};
pub use error::{IngestError, Reason};
pub use html::{article_from_html, html_fragment_to_text};
pub use normalize::{
    article_id, finish_article, is_boilerplate, normalize_date, normalize_text, outlet_from_url,
    strip_boilerplate,
};

/// Documents larger than this (20 MB) are refused by default: no news article is that long,
/// and a runaway input must not exhaust memory.
pub const DEFAULT_MAX_DOCUMENT_BYTES: usize = 20 * 1024 * 1024;

/// One ingested document: an article (a [`Doc`] with no annotation yet) or, from CoNLL-U, a
/// document whose sentences and tokens are already given. Warnings are for the user (e.g.
/// "not UTF-8; decoded as windows-1252").
#[derive(Debug, Clone)]
pub struct Ingested {
    pub doc: Doc,
    pub warnings: Vec<String>,
}

impl Ingested {
    pub fn article(&self) -> &Article {
        &self.doc.article
    }

    pub fn into_article(self) -> Article {
        self.doc.article
    }
}

pub type IngestResult = Result<Ingested, IngestError>;

/// A stream of ingested documents from one input.
pub type Records = Box<dyn Iterator<Item = IngestResult> + Send>;

/// What kind of input to expect. `Auto` decides by file extension and by sniffing the content.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum InputKind {
    #[default]
    Auto,
    Text,
    Html,
    Jsonl,
    Conllu,
    Feed,
    Warc,
}

impl InputKind {
    pub const NAMES: [&'static str; 7] =
        ["auto", "text", "html", "jsonl", "conllu", "feed", "warc"];
}

impl FromStr for InputKind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        Ok(match s.to_ascii_lowercase().as_str() {
            "auto" => InputKind::Auto,
            "text" | "txt" => InputKind::Text,
            "html" | "htm" => InputKind::Html,
            "jsonl" | "ndjson" | "json" => InputKind::Jsonl,
            "conllu" => InputKind::Conllu,
            "feed" | "rss" | "atom" => InputKind::Feed,
            "warc" => InputKind::Warc,
            other => {
                return Err(format!(
                    "unknown input kind {other:?} (expected one of {})",
                    InputKind::NAMES.join(", ")
                ))
            }
        })
    }
}

impl fmt::Display for InputKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let i = *self as usize;
        f.write_str(InputKind::NAMES[i])
    }
}

#[derive(Debug, Clone)]
pub struct IngestOptions {
    pub kind: InputKind,
    /// Largest document (or JSONL line, or WARC record) accepted, in bytes.
    pub max_document_bytes: usize,
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions {
            kind: InputKind::Auto,
            max_document_bytes: DEFAULT_MAX_DOCUMENT_BYTES,
        }
    }
}

/// An input named on the command line: a file or directory, or standard input (`-`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Path(PathBuf),
    Stdin,
}

impl Input {
    pub fn from_arg(arg: &str) -> Input {
        if arg == "-" {
            Input::Stdin
        } else {
            Input::Path(PathBuf::from(arg))
        }
    }

    /// How errors name this input.
    pub fn name(&self) -> String {
        match self {
            Input::Path(p) => p.display().to_string(),
            Input::Stdin => "<stdin>".into(),
        }
    }
}

/// Streams documents from a list of inputs, in order: files as given, directories walked
/// recursively in sorted order (hidden files skipped).
pub struct Ingest {
    pending: VecDeque<Input>,
    current: Option<Records>,
    options: IngestOptions,
    inputs_read: usize,
}

impl Ingest {
    pub fn new(inputs: impl IntoIterator<Item = Input>, options: IngestOptions) -> Self {
        Ingest {
            pending: inputs.into_iter().collect(),
            current: None,
            options,
            inputs_read: 0,
        }
    }

    /// How many inputs (files, stdin, directories without articles) were opened so far.
    pub fn inputs_read(&self) -> usize {
        self.inputs_read
    }

    /// How many files are still queued (known after directories are expanded).
    pub fn inputs_pending(&self) -> usize {
        self.pending.len()
    }

    fn open_next(&mut self) -> Option<Records> {
        let input = self.pending.pop_front()?;
        let name = input.name();
        let path = match input {
            Input::Stdin => {
                self.inputs_read += 1;
                return Some(records_from_reader(
                    &name,
                    "",
                    Box::new(std::io::stdin()),
                    &self.options,
                ));
            }
            Input::Path(p) => p,
        };
        if path.is_dir() {
            match walk_dir(&path, self.options.kind) {
                Ok(files) if files.is_empty() => {
                    self.inputs_read += 1;
                    return Some(single_error(
                        &name,
                        Reason::NoArticles(format!(
                            "the directory has no article files: looked for {}",
                            ARTICLE_EXTENSIONS.join(", ")
                        )),
                    ));
                }
                Ok(files) => {
                    for f in files.into_iter().rev() {
                        self.pending.push_front(Input::Path(f));
                    }
                    return Some(Box::new(std::iter::empty()));
                }
                Err((at, e)) => {
                    self.inputs_read += 1;
                    return Some(single_error(&at.display().to_string(), Reason::Open(e)));
                }
            }
        }
        self.inputs_read += 1;
        Some(records_from_path(&path, &self.options))
    }
}

impl Iterator for Ingest {
    type Item = IngestResult;

    fn next(&mut self) -> Option<IngestResult> {
        loop {
            if let Some(current) = self.current.as_mut() {
                if let Some(item) = current.next() {
                    return Some(item);
                }
                self.current = None;
            }
            self.current = Some(self.open_next()?);
        }
    }
}

/// Extensions a directory walk picks up (with `--input auto`); `.gz` variants too.
pub const ARTICLE_EXTENSIONS: [&str; 16] = [
    ".txt", ".text", ".html", ".htm", ".xhtml", ".jsonl", ".ndjson", ".json", ".xml", ".rss",
    ".atom", ".rdf", ".feed", ".warc", ".conllu", ".conll",
];

fn has_article_extension(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let lower = lower.strip_suffix(".gz").unwrap_or(&lower);
    ARTICLE_EXTENSIONS.iter().any(|ext| lower.ends_with(ext))
}

/// Files under a directory, recursively, sorted, hidden files and directories skipped.
/// With an explicit input kind every visible file is taken; with `auto`, files with an
/// article extension.
fn walk_dir(dir: &Path, kind: InputKind) -> Result<Vec<PathBuf>, (PathBuf, std::io::Error)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let entries = std::fs::read_dir(&d).map_err(|e| (d.clone(), e))?;
        let mut names: Vec<(PathBuf, bool)> = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|e| (d.clone(), e))?;
            let name = entry.file_name().to_string_lossy().to_string();
            if name.starts_with('.') {
                continue;
            }
            let path = entry.path();
            // Symlinked directories are not followed (no loops); symlinked files are read.
            let is_dir = entry.file_type().map(|t| t.is_dir()).unwrap_or(false);
            if is_dir || kind != InputKind::Auto || has_article_extension(&name) {
                names.push((path, is_dir));
            }
        }
        for (path, is_dir) in names {
            if is_dir {
                stack.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(out)
}

fn single_error(input: &str, reason: Reason) -> Records {
    Box::new(std::iter::once(Err(IngestError::new(input, reason))))
}

/// Documents from one file, any kind.
pub fn records_from_path(path: &Path, options: &IngestOptions) -> Records {
    let name = path.display().to_string();
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) => return single_error(&name, Reason::Open(e)),
    };
    if let Ok(meta) = file.metadata() {
        if meta.is_dir() {
            return single_error(&name, Reason::NoArticles("a directory".into()));
        }
        if meta.len() == 0 {
            return single_error(&name, Reason::Empty);
        }
    }
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    records_from_reader(&name, &file_name, Box::new(file), options)
}

/// Documents from any reader. `file_name` (may be empty) lets `auto` use the extension.
pub fn records_from_reader(
    name: &str,
    file_name: &str,
    reader: Box<dyn Read + Send>,
    options: &IngestOptions,
) -> Records {
    match open_records(name, file_name, reader, options) {
        Ok(records) => Box::new(NonEmpty {
            inner: records,
            name: name.to_string(),
            yielded: false,
        }),
        Err(reason) => single_error(name, reason),
    }
}

/// Bytes already in memory, any kind.
pub fn records_from_bytes(
    name: &str,
    file_name: &str,
    bytes: Vec<u8>,
    options: &IngestOptions,
) -> Records {
    records_from_reader(
        name,
        file_name,
        Box::new(std::io::Cursor::new(bytes)),
        options,
    )
}

/// The concrete formats (`auto` resolved; `.json` is a single object or an array).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Text,
    Html,
    Jsonl,
    Json,
    Conllu,
    Feed,
    Warc,
}

const SNIFF_BYTES: usize = 8192;

fn open_records(
    name: &str,
    file_name: &str,
    reader: Box<dyn Read + Send>,
    options: &IngestOptions,
) -> Result<Records, Reason> {
    let limit = options.max_document_bytes;
    let (mut head, mut reader) = read::peek(reader, SNIFF_BYTES);
    let mut file_name = file_name.to_ascii_lowercase();
    if head.is_empty() {
        // Either nothing at all, or a read error replayed by the reader.
        return match read::read_capped(&mut reader, 1) {
            Err(Reason::Read(e)) => Err(Reason::Read(e)),
            _ => Err(Reason::Empty),
        };
    }
    if head.starts_with(&read::GZIP_MAGIC) {
        let gunzip: Box<dyn Read + Send> = Box::new(read::Gunzip::new(reader));
        (head, reader) = read::peek(gunzip, SNIFF_BYTES);
        if head.is_empty() {
            return match read::read_capped(&mut reader, 1) {
                Err(Reason::Read(e)) => Err(Reason::Read(e)),
                _ => Err(Reason::Empty),
            };
        }
        if let Some(inner) = file_name.strip_suffix(".gz") {
            file_name = inner.to_string();
        }
    }
    let format = match options.kind {
        InputKind::Auto => detect(&file_name, &head),
        InputKind::Text => Format::Text,
        InputKind::Html => Format::Html,
        InputKind::Jsonl if file_name.ends_with(".json") => Format::Json,
        InputKind::Jsonl => Format::Jsonl,
        InputKind::Conllu => Format::Conllu,
        InputKind::Feed => Format::Feed,
        InputKind::Warc => Format::Warc,
    };
    let name = name.to_string();
    match format {
        Format::Jsonl => Ok(Box::new(jsonl::JsonlRecords::new(
            name,
            BufReader::with_capacity(64 * 1024, reader),
            limit,
        ))),
        Format::Conllu => Ok(Box::new(conllu_input::ConlluDocs::new(
            name,
            BufReader::with_capacity(64 * 1024, reader),
            limit,
        ))),
        Format::Warc => {
            if !head.starts_with(b"WARC/") {
                return Err(Reason::Warc(
                    "not a WARC file (it does not start with a WARC/1.x record header)".into(),
                ));
            }
            Ok(warc_input::warc_records(name, reader, limit))
        }
        Format::Json => {
            let bytes = read::read_capped(&mut reader, limit)?;
            match jsonl::json_document(&name, &bytes) {
                Ok(items) => Ok(Box::new(items.into_iter())),
                // Not one JSON value: maybe JSON lines with a .json name.
                Err(Reason::Json(_)) => Ok(Box::new(jsonl::JsonlRecords::new(
                    name,
                    std::io::Cursor::new(bytes),
                    limit,
                ))),
                Err(e) => Err(e),
            }
        }
        Format::Feed => {
            let bytes = read::read_capped(&mut reader, limit)?;
            Ok(Box::new(feed::feed_articles(&name, &bytes)?.into_iter()))
        }
        Format::Text | Format::Html => {
            let bytes = read::read_capped(&mut reader, limit)?;
            let item = single_document(&name, &bytes, format == Format::Html)?;
            Ok(Box::new(std::iter::once(Ok(item))))
        }
    }
}

/// A plain text or HTML document.
fn single_document(name: &str, bytes: &[u8], is_html: bool) -> Result<Ingested, Reason> {
    let charset = if is_html {
        decode::declared_charset(bytes)
    } else {
        None
    };
    let decoded = decode_text(bytes, charset.as_deref())?;
    let mut warnings: Vec<String> = decoded.warning.into_iter().collect();
    let mut article = if is_html {
        article_from_html(&decoded.text, None)?
    } else {
        Article {
            text: decoded.text,
            language: "en".into(),
            ..Article::default()
        }
    };
    article.source = Some(name.to_string());
    warnings.extend(finish_article(&mut article)?);
    Ok(Ingested {
        doc: Doc::new(article),
        warnings,
    })
}

/// Decides the format from the file name and the first bytes.
fn detect(file_name: &str, head: &[u8]) -> Format {
    let ext = |exts: &[&str]| exts.iter().any(|e| file_name.ends_with(e));
    // Sniff on text decoded with BOM handling, so UTF-16 files are recognised too.
    let (sniff, _) = encoding_rs::UTF_8.decode_with_bom_removal(head);
    let sniff = match encoding_rs::Encoding::for_bom(head) {
        Some((enc, _)) if enc != encoding_rs::UTF_8 => enc.decode_with_bom_removal(head).0,
        _ => sniff,
    };
    let trimmed = sniff.trim_start();
    let lower: String = trimmed
        .chars()
        .take(4096)
        .collect::<String>()
        .to_ascii_lowercase();
    let looks_html = lower.starts_with("<!doctype html")
        || lower.starts_with("<html")
        || (lower.starts_with('<') && (lower.contains("<body") || lower.contains("<head")));
    let looks_feed =
        lower.contains("<rss") || lower.contains("<feed") || lower.contains("<rdf:rdf");
    if head.starts_with(b"WARC/") || ext(&[".warc", ".arc"]) {
        return Format::Warc;
    }
    if ext(&[".jsonl", ".ndjson", ".jsonlines"]) {
        return Format::Jsonl;
    }
    if ext(&[".conllu", ".conll"]) {
        return Format::Conllu;
    }
    if ext(&[".json"]) {
        return if lower.contains("jsonfeed.org/version") {
            Format::Feed
        } else {
            Format::Json
        };
    }
    if ext(&[".rss", ".atom", ".rdf", ".feed"]) {
        return Format::Feed;
    }
    if ext(&[".xml"]) {
        return if looks_html && !looks_feed {
            Format::Html
        } else {
            Format::Feed
        };
    }
    if ext(&[".html", ".htm", ".xhtml", ".shtml"]) {
        return Format::Html;
    }
    if ext(&[".txt", ".text", ".md"]) {
        return if looks_html {
            Format::Html
        } else {
            Format::Text
        };
    }
    // No telling extension: the content decides.
    if lower.starts_with('{') {
        return if lower.contains("jsonfeed.org/version") {
            Format::Feed
        } else {
            Format::Jsonl
        };
    }
    if lower.starts_with('[') {
        return Format::Json;
    }
    if lower.starts_with("<?xml") || lower.starts_with("<rss") || lower.starts_with("<feed") {
        return if looks_html && !looks_feed {
            Format::Html
        } else {
            Format::Feed
        };
    }
    if looks_html || (lower.starts_with('<') && (lower.contains("<p") || lower.contains("<div"))) {
        return Format::Html;
    }
    if looks_conllu(trimmed) {
        return Format::Conllu;
    }
    Format::Text
}

fn looks_conllu(text: &str) -> bool {
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let Some(first) = lines.next() else {
        return false;
    };
    let first = if first.starts_with('#') {
        if ["# sent_id", "# newdoc", "# text =", "# newpar"]
            .iter()
            .any(|p| first.starts_with(p))
        {
            return true;
        }
        match lines.find(|l| !l.starts_with('#')) {
            Some(l) => l,
            None => return false,
        }
    } else {
        first
    };
    let fields: Vec<&str> = first.split('\t').collect();
    fields.len() == 10
        && fields[0]
            .chars()
            .all(|c| c.is_ascii_digit() || c == '-' || c == '.')
}

/// Turns "no items at all" into an error naming the input.
struct NonEmpty {
    inner: Records,
    name: String,
    yielded: bool,
}

impl Iterator for NonEmpty {
    type Item = IngestResult;

    fn next(&mut self) -> Option<IngestResult> {
        match self.inner.next() {
            Some(item) => {
                self.yielded = true;
                Some(item)
            }
            None if !self.yielded => {
                self.yielded = true;
                Some(Err(IngestError::new(
                    self.name.clone(),
                    Reason::NoArticles("no article in this input".into()),
                )))
            }
            None => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(name: &str, bytes: &[u8]) -> Vec<IngestResult> {
        records_from_bytes(name, name, bytes.to_vec(), &IngestOptions::default()).collect()
    }

    #[test]
    fn detection_by_extension_and_content() {
        assert_eq!(detect("a.warc", b""), Format::Warc);
        assert_eq!(detect("", b"WARC/1.0\r\n"), Format::Warc);
        assert_eq!(detect("a.txt", b"Russia said."), Format::Text);
        assert_eq!(detect("a.txt", b"<!DOCTYPE html><html>"), Format::Html);
        assert_eq!(detect("", b"  <html><body>"), Format::Html);
        assert_eq!(detect("", b"{\"text\": \"x\"}\n"), Format::Jsonl);
        assert_eq!(detect("", b"<?xml version=\"1.0\"?><rss>"), Format::Feed);
        assert_eq!(
            detect("a.xml", b"<?xml version=\"1.0\"?><feed>"),
            Format::Feed
        );
        assert_eq!(detect("", b"# sent_id = 1\n1\tA\ta\t"), Format::Conllu);
        assert_eq!(
            detect("", b"1\tA\ta\tDET\tDT\t_\t0\troot\t_\t_\n"),
            Format::Conllu
        );
        assert_eq!(
            detect(
                "x.json",
                b"{\"version\": \"https://jsonfeed.org/version/1.1\"}"
            ),
            Format::Feed
        );
        assert_eq!(detect("x.json", b"[{\"text\": \"a\"}]"), Format::Json);
    }

    #[test]
    fn plain_text_utf16_and_cp1252_files() {
        let utf16 = include_bytes!("../tests/fixtures/utf16le.txt");
        let a = all("utf16le.txt", utf16);
        let ingested = a[0].as_ref().unwrap();
        assert!(ingested.warnings.is_empty());
        let text = &ingested.doc.article.text;
        assert!(
            text.contains("“Georgia will never recognise the occupation,”"),
            "{text}"
        );
        assert_eq!(text.split("\n\n").count(), 2);

        let cp1252 = include_bytes!("../tests/fixtures/cp1252.txt");
        let a = all("cp1252.txt", cp1252);
        let ingested = a[0].as_ref().unwrap();
        assert!(ingested.warnings[0].contains("windows-1252"));
        assert!(ingested
            .doc
            .article
            .text
            .contains("Zürich – the minister said “no”"));
    }

    #[test]
    fn text_articles_get_ids_sources_and_lose_footers() {
        let out = all(
            "story.txt",
            b"Russia said it was ready.\nThe EU condemned the move.\n\xc2\xa9 2024 Latin Times. All rights reserved.\n",
        );
        let a = &out[0].as_ref().unwrap().doc.article;
        assert_eq!(
            a.text,
            "Russia said it was ready.\n\nThe EU condemned the move."
        );
        assert_eq!(a.id, article_id(&a.text));
        assert_eq!(a.source.as_deref(), Some("story.txt"));
        // The same article as HTML has the same id.
        let html = b"<html><body><article><p>Russia said it was ready.</p><p>The EU condemned the move.</p></article></body></html>";
        let out = all("story.html", html);
        assert_eq!(out[0].as_ref().unwrap().doc.article.id, a.id);
    }

    #[test]
    fn gzipped_inputs_are_read_by_inner_kind() {
        use std::io::Write;
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        enc.write_all(b"{\"text\": \"One.\"}\n{\"text\": \"Two.\"}\n")
            .unwrap();
        let gz = enc.finish().unwrap();
        let out = all("x.jsonl.gz", &gz);
        assert_eq!(out.len(), 2);
        assert!(out.iter().all(|r| r.is_ok()));
        let cut = all("x.jsonl.gz", &gz[..gz.len() - 12]);
        let last = cut.last().unwrap().as_ref().err().unwrap().to_string();
        assert!(last.contains("gzip"), "{last}");
    }

    #[test]
    fn warc_files_by_sniffing() {
        let out = all("crawl", &warc_input::tests::sample_warc());
        assert_eq!(out.len(), 1);
        assert!(out[0].is_ok());
    }

    #[test]
    fn truncated_warc_gz_keeps_the_records_before_the_damage() {
        use std::io::Write;
        let one = warc_input::tests::sample_warc();
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        for _ in 0..4 {
            enc.write_all(&one).unwrap();
        }
        let gz = enc.finish().unwrap();
        let out = all("crawl.warc.gz", &gz[..gz.len() * 9 / 10]);
        let ok = out.iter().filter(|r| r.is_ok()).count();
        assert!((1..4).contains(&ok), "{ok} articles");
        let last = out.last().unwrap().as_ref().unwrap_err().to_string();
        assert!(last.starts_with("crawl.warc.gz#"), "{last}");
        assert!(last.contains("truncated gzip"), "{last}");
    }

    #[test]
    fn empty_and_whitespace_inputs_are_errors() {
        let e = all("e.txt", b"").remove(0).unwrap_err().to_string();
        assert_eq!(e, "e.txt: empty input");
        let e = all("w.txt", b"  \n\n ").remove(0).unwrap_err().to_string();
        assert!(e.starts_with("w.txt: no article text"), "{e}");
        let e = all("blank.jsonl", b"\n\n")
            .remove(0)
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("blank.jsonl: no articles found"), "{e}");
    }

    #[test]
    fn directories_are_walked_sorted_without_hidden_files() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path();
        std::fs::create_dir_all(p.join("b/c")).unwrap();
        std::fs::create_dir_all(p.join(".git")).unwrap();
        std::fs::write(p.join("b/c/z.txt"), "Third.").unwrap();
        std::fs::write(p.join("b/a.txt"), "Second.").unwrap();
        std::fs::write(p.join("a.txt"), "First.").unwrap();
        std::fs::write(p.join(".hidden.txt"), "Hidden.").unwrap();
        std::fs::write(p.join(".git/x.txt"), "Hidden.").unwrap();
        std::fs::write(p.join("logo.png"), [0x89, b'P', b'N', b'G']).unwrap();
        let mut ingest = Ingest::new([Input::Path(p.to_path_buf())], IngestOptions::default());
        let texts: Vec<String> = (&mut ingest).map(|r| r.unwrap().doc.article.text).collect();
        assert_eq!(texts, ["First.", "Second.", "Third."]);
        assert_eq!(ingest.inputs_read(), 3);

        let empty = tempfile::tempdir().unwrap();
        std::fs::write(empty.path().join(".only-hidden"), "x").unwrap();
        let out: Vec<_> = Ingest::new(
            [Input::Path(empty.path().to_path_buf())],
            IngestOptions::default(),
        )
        .collect();
        let e = out[0].as_ref().err().unwrap().to_string();
        assert!(e.contains("no article files"), "{e}");
    }

    #[test]
    fn oversized_documents_are_refused() {
        let opts = IngestOptions {
            max_document_bytes: 100,
            ..IngestOptions::default()
        };
        let out: Vec<_> =
            records_from_bytes("big.txt", "big.txt", vec![b'a'; 1000], &opts).collect();
        let e = out[0].as_ref().err().unwrap().to_string();
        assert_eq!(e, "big.txt: document is larger than the 100 bytes limit");
    }

    #[test]
    fn input_kind_names_round_trip() {
        for name in InputKind::NAMES {
            assert_eq!(name.parse::<InputKind>().unwrap().to_string(), name);
        }
        assert!("pdf".parse::<InputKind>().is_err());
    }
}
