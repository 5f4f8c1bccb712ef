//! JSON lines: one article object per line (`id`, `url`, `title`, `published`, `author`,
//! `outlet`/`site`, and `text` or `html`). A bad line is an error naming `file:line`; the
//! lines after it are still read. Also plain `.json` files holding one object or an array.

use std::io::BufRead;

use dyad_model::{Article, Doc};
use serde_json::{Map, Value};

use crate::error::{IngestError, Reason};
use crate::read::{read_line_capped, Line};
use crate::{html, normalize, IngestResult, Ingested};

/// Streams the records of a JSONL input, one line at a time.
pub(crate) struct JsonlRecords<R> {
    name: String,
    reader: R,
    limit: usize,
    line_no: usize,
    buf: Vec<u8>,
    done: bool,
}

impl<R: BufRead> JsonlRecords<R> {
    pub(crate) fn new(name: String, reader: R, limit: usize) -> Self {
        JsonlRecords {
            name,
            reader,
            limit,
            line_no: 0,
            buf: Vec::new(),
            done: false,
        }
    }
}

impl<R: BufRead> Iterator for JsonlRecords<R> {
    type Item = IngestResult;

    fn next(&mut self) -> Option<IngestResult> {
        while !self.done {
            let read = read_line_capped(&mut self.reader, &mut self.buf, self.limit);
            self.line_no += 1;
            let location = format!("{}:{}", self.name, self.line_no);
            match read {
                Err(e) => {
                    self.done = true;
                    return Some(Err(IngestError::new(location, Reason::Read(e))));
                }
                Ok(Line::Eof) => self.done = true,
                Ok(Line::TooLong(length)) => {
                    return Some(Err(IngestError::new(
                        location,
                        Reason::LineTooLong {
                            limit: self.limit,
                            length,
                        },
                    )))
                }
                Ok(Line::Complete) => {
                    if self.buf.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    let line = match std::str::from_utf8(&self.buf) {
                        Ok(s) => s.trim_start_matches('\u{FEFF}'),
                        Err(e) => {
                            return Some(Err(IngestError::new(
                                location,
                                Reason::InvalidUtf8(e.valid_up_to()),
                            )))
                        }
                    };
                    let value = serde_json::from_str::<Value>(line);
                    return Some(
                        value
                            .map_err(Reason::Json)
                            .and_then(|v| record_to_article(v, &location))
                            .map_err(|reason| IngestError::new(location.clone(), reason)),
                    );
                }
            }
        }
        None
    }
}

/// Records of a `.json` file: one article object or an array of them.
pub(crate) fn json_document(name: &str, bytes: &[u8]) -> Result<Vec<IngestResult>, Reason> {
    let text = std::str::from_utf8(bytes).map_err(|e| Reason::InvalidUtf8(e.valid_up_to()))?;
    let value: Value =
        serde_json::from_str(text.trim_start_matches('\u{FEFF}')).map_err(Reason::Json)?;
    let values = match value {
        Value::Array(items) => items,
        other => vec![other],
    };
    Ok(values
        .into_iter()
        .enumerate()
        .map(|(i, v)| {
            let location = format!("{name}#{}", i + 1);
            record_to_article(v, &location).map_err(|r| IngestError::new(location, r))
        })
        .collect())
}

fn record_to_article(value: Value, location: &str) -> Result<Ingested, Reason> {
    let Value::Object(map) = value else {
        return Err(Reason::Record(format!(
            "expected a JSON object with a `text` or `html` field, found {}",
            json_kind(&value)
        )));
    };
    let url = string_field(&map, &["url", "link", "canonical_url"]);
    let text = string_field(&map, &["text", "body", "content"]);
    let mut article = match (text, string_field(&map, &["html", "raw_html"])) {
        (Some(text), _) if !text.trim().is_empty() => Article {
            text,
            ..Article::default()
        },
        (_, Some(page)) if !page.trim().is_empty() => {
            html::article_from_html(&page, url.as_deref())?
        }
        _ => {
            return Err(Reason::Record(
                "no `text` or `html` field with content".into(),
            ))
        }
    };
    // The record's own metadata wins over what the HTML says.
    let id = string_field(&map, &["id", "doc_id", "article_id"]);
    article.id = id.unwrap_or_default();
    set(&mut article.url, url);
    set(
        &mut article.title,
        string_field(&map, &["title", "headline"]),
    );
    set(&mut article.author, author_field(&map));
    set(
        &mut article.published,
        string_field(
            &map,
            &[
                "published",
                "date",
                "published_at",
                "publish_date",
                "pubdate",
                "datePublished",
            ],
        ),
    );
    set(
        &mut article.outlet,
        string_field(
            &map,
            &[
                "outlet",
                "site",
                "site_name",
                "sitename",
                "publisher",
                "source",
            ],
        ),
    );
    if let Some(lang) = string_field(&map, &["language", "lang"]) {
        article.language = lang;
    }
    if article.language.is_empty() {
        article.language = "en".into();
    }
    article.source = Some(location.to_string());
    let warnings = normalize::finish_article(&mut article)?;
    Ok(Ingested {
        doc: Doc::new(article),
        warnings,
    })
}

fn set(slot: &mut Option<String>, value: Option<String>) {
    if value.is_some() {
        *slot = value;
    }
}

/// A string (or number) field under the first of several common names.
fn string_field(map: &Map<String, Value>, names: &[&str]) -> Option<String> {
    names.iter().find_map(|n| match map.get(*n)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    })
}

/// `author` as a string, a list of strings, or objects with a `name`.
fn author_field(map: &Map<String, Value>) -> Option<String> {
    let value = map.get("author").or_else(|| map.get("authors"))?;
    let name_of = |v: &Value| match v {
        Value::String(s) => Some(s.trim().to_string()),
        Value::Object(o) => o
            .get("name")
            .and_then(Value::as_str)
            .map(|s| s.trim().to_string()),
        _ => None,
    };
    let names: Vec<String> = match value {
        Value::Array(items) => items.iter().filter_map(name_of).collect(),
        other => name_of(other).into_iter().collect(),
    };
    let joined = names
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(", ");
    (!joined.is_empty()).then_some(joined)
}

fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn records(input: &str) -> Vec<IngestResult> {
        JsonlRecords::new("in.jsonl".into(), input.as_bytes(), 1 << 20).collect()
    }

    #[test]
    fn records_carry_their_metadata() {
        let out = records(
            r#"{"id": 7, "url": "https://www.voanews.com/a/7.html", "title": "T", "author": ["A B", "C D"], "published": "2024-03-01 10:00:00Z", "text": "Russia said so."}"#,
        );
        let doc = &out[0].as_ref().unwrap().doc;
        let a = &doc.article;
        assert_eq!(a.id, "7");
        assert_eq!(a.title.as_deref(), Some("T"));
        assert_eq!(a.author.as_deref(), Some("A B, C D"));
        assert_eq!(a.published.as_deref(), Some("2024-03-01T10:00:00Z"));
        assert_eq!(a.outlet.as_deref(), Some("voanews.com"));
        assert_eq!(a.source.as_deref(), Some("in.jsonl:1"));
        assert_eq!(a.text, "Russia said so.");
    }

    #[test]
    fn bad_lines_are_errors_and_reading_goes_on() {
        let out = records(
            "{\"text\": \"One.\"}\n\n{not json}\n[1,2]\n{\"title\": \"no body\"}\n{\"text\": \"Two.\"}\n",
        );
        assert_eq!(out.len(), 5);
        assert!(out[0].is_ok());
        let errors: Vec<String> = out[1..4]
            .iter()
            .map(|r| r.as_ref().err().unwrap().to_string())
            .collect();
        assert!(
            errors[0].starts_with("in.jsonl:3: invalid JSON"),
            "{}",
            errors[0]
        );
        assert!(
            errors[1].starts_with("in.jsonl:4: expected a JSON object"),
            "{}",
            errors[1]
        );
        assert!(
            errors[2].starts_with("in.jsonl:5: no `text` or `html`"),
            "{}",
            errors[2]
        );
        assert_eq!(out[4].as_ref().unwrap().doc.article.text, "Two.");
    }

    #[test]
    fn html_records_are_extracted() {
        let page = include_str!("../tests/fixtures/article.html");
        let line = serde_json::json!({"id": "m1", "html": page}).to_string();
        let out = records(&line);
        let a = &out[0].as_ref().unwrap().doc.article;
        assert_eq!(a.author.as_deref(), Some("Elena Marin"));
        assert!(a.text.starts_with("CHISINAU"));
    }

    #[test]
    fn overlong_lines_are_refused_by_line() {
        let input = format!(
            "{{\"text\": \"{}\"}}\n{{\"text\": \"ok\"}}\n",
            "x".repeat(5000)
        );
        let out: Vec<_> = JsonlRecords::new("big.jsonl".into(), input.as_bytes(), 1000).collect();
        let err = out[0].as_ref().err().unwrap().to_string();
        assert!(err.starts_with("big.jsonl:1: line is longer than"), "{err}");
        assert!(out[1].is_ok());
    }

    #[test]
    fn invalid_utf8_line_is_an_error() {
        let out: Vec<_> =
            JsonlRecords::new("b.jsonl".into(), &b"{\"text\": \"caf\xe9\"}\n"[..], 1000).collect();
        let err = out[0].as_ref().err().unwrap().to_string();
        assert!(err.contains("b.jsonl:1: invalid UTF-8"), "{err}");
    }
}
