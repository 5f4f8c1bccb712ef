//! WARC and WARC.gz (the `warc` crate): one article per HTML `response` record, its URL from
//! `WARC-Target-URI`. Records are streamed, so a multi-gigabyte crawl never sits in memory:
//! a reader thread parses records and hands articles over a bounded channel.

use std::io::{BufRead, BufReader, Read};
use std::sync::mpsc::{sync_channel, SyncSender};

use warc::{RecordType, WarcHeader, WarcReader};

use crate::decode::{declared_charset, decode_text};
use crate::error::{IngestError, Reason};
use crate::html::article_from_html;
use crate::read::read_capped;
use crate::{normalize, IngestResult, Ingested, Records};
use dyad_model::Doc;

/// Streams the articles of a WARC input.
pub(crate) fn warc_records(name: String, reader: Box<dyn Read + Send>, limit: usize) -> Records {
    let (tx, rx) = sync_channel::<IngestResult>(8);
    let spawned = std::thread::Builder::new()
        .name("dyad-warc".into())
        .spawn(move || read_warc(&name, BufReader::new(reader), limit, &tx));
    if let Err(e) = spawned {
        return Box::new(std::iter::once(Err(IngestError::new(
            "WARC reader",
            Reason::Read(e),
        ))));
    }
    Box::new(rx.into_iter())
}

fn read_warc<R: BufRead>(name: &str, reader: R, limit: usize, tx: &SyncSender<IngestResult>) {
    let mut warc = WarcReader::new(reader);
    let mut records = warc.stream_records();
    let mut index = 0usize;
    loop {
        let next = records.next_item();
        index += 1;
        let mut record = match next {
            None => return,
            Some(Ok(r)) => r,
            Some(Err(e)) => {
                // The stream is out of step after a broken record: stop this input here.
                let _ = tx.send(Err(IngestError::new(
                    format!("{name}#record {index}"),
                    Reason::Warc(describe(&e)),
                )));
                return;
            }
        };
        let record_id = record.warc_id().to_string();
        let location = format!("{name}#{record_id}");
        let target = record.header(WarcHeader::TargetURI).map(|u| u.into_owned());
        let is_http_response = *record.warc_type() == RecordType::Response
            && record
                .header(WarcHeader::ContentType)
                .is_some_and(|ct| ct.to_ascii_lowercase().contains("application/http"));
        if !is_http_response {
            continue;
        }
        let expected = record.content_length();
        let body = match read_capped(&mut record, limit) {
            Ok(b) => b,
            Err(reason) => {
                let stop = matches!(reason, Reason::Read(_));
                if tx.send(Err(IngestError::new(location, reason))).is_err() || stop {
                    return;
                }
                continue;
            }
        };
        drop(record);
        if (body.len() as u64) < expected {
            let _ = tx.send(Err(IngestError::new(
                location,
                Reason::Warc(format!(
                    "record truncated: {} of {expected} bytes present",
                    body.len()
                )),
            )));
            return;
        }
        let result = match http_response_article(&body, target.as_deref(), limit) {
            Ok(None) => continue,
            Ok(Some(mut ingested)) => {
                ingested.doc.article.source = Some(location.clone());
                Ok(ingested)
            }
            Err(reason) => Err(IngestError::new(location, reason)),
        };
        if tx.send(result).is_err() {
            return; // the consumer stopped reading
        }
    }
}

fn describe(e: &warc::Error) -> String {
    match e {
        warc::Error::ReadData(io) => format!("read failed: {io}"),
        warc::Error::UnexpectedEOB => {
            "unexpected end of data inside a record (truncated file)".into()
        }
        warc::Error::ParseHeaders(_) => "malformed record header".into(),
        other => other.to_string(),
    }
}

/// The article in an HTTP response, or None when the response is not a successful HTML page
/// (images, scripts, redirects and error pages are part of every crawl, not failures).
fn http_response_article(
    raw: &[u8],
    target: Option<&str>,
    limit: usize,
) -> Result<Option<Ingested>, Reason> {
    let mut headers = [httparse::EMPTY_HEADER; 128];
    let mut response = httparse::Response::new(&mut headers);
    let body_start = match response.parse(raw) {
        Ok(httparse::Status::Complete(n)) => n,
        Ok(httparse::Status::Partial) => {
            return Err(Reason::Warc("HTTP response headers are incomplete".into()))
        }
        Err(e) => return Err(Reason::Warc(format!("malformed HTTP response ({e})"))),
    };
    if !(200..300).contains(&response.code.unwrap_or(0)) {
        return Ok(None);
    }
    let header = |name: &str| {
        response
            .headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case(name))
            .map(|h| String::from_utf8_lossy(h.value).to_ascii_lowercase())
    };
    let content_type = header("content-type").unwrap_or_default();
    let mut body = raw[body_start..].to_vec();
    if header("transfer-encoding").is_some_and(|t| t.contains("chunked")) {
        body = dechunk(&body)?;
    }
    match header("content-encoding").as_deref().map(str::trim) {
        None | Some("") | Some("identity") => {}
        Some("gzip") | Some("x-gzip") => {
            body = read_capped(&mut crate::read::Gunzip::new(&body[..]), limit)?;
        }
        Some("deflate") => {
            body = read_capped(&mut flate2::read::ZlibDecoder::new(&body[..]), limit)?;
        }
        Some(other) => {
            return Err(Reason::Warc(format!(
                "unsupported Content-Encoding {other:?}"
            )))
        }
    }
    let looks_html = if content_type.is_empty() {
        let head = String::from_utf8_lossy(&body[..body.len().min(1024)]).to_ascii_lowercase();
        head.contains("<html") || head.contains("<!doctype html")
    } else {
        content_type.contains("text/html") || content_type.contains("xhtml")
    };
    if !looks_html {
        return Ok(None);
    }
    let charset = content_type
        .split(';')
        .find_map(|p| {
            p.trim()
                .strip_prefix("charset=")
                .map(|c| c.trim_matches('"').to_string())
        })
        .or_else(|| declared_charset(&body));
    let decoded = decode_text(&body, charset.as_deref())?;
    let mut article = article_from_html(&decoded.text, target)?;
    let mut warnings: Vec<String> = decoded.warning.into_iter().collect();
    warnings.extend(normalize::finish_article(&mut article)?);
    Ok(Some(Ingested {
        doc: Doc::new(article),
        warnings,
    }))
}

/// Undoes HTTP chunked transfer encoding.
fn dechunk(mut data: &[u8]) -> Result<Vec<u8>, Reason> {
    let mut out = Vec::with_capacity(data.len());
    loop {
        let (header_len, size) = match httparse::parse_chunk_size(data) {
            Ok(httparse::Status::Complete(x)) => x,
            _ => return Err(Reason::Warc("malformed chunked HTTP body".into())),
        };
        let size = usize::try_from(size).unwrap_or(usize::MAX);
        if size == 0 {
            return Ok(out);
        }
        let chunk = data
            .get(header_len..header_len.saturating_add(size))
            .ok_or_else(|| Reason::Warc("truncated chunked HTTP body".into()))?;
        out.extend_from_slice(chunk);
        data = data.get(header_len + size..).unwrap_or(&[]);
        data = data.strip_prefix(b"\r\n").unwrap_or(data);
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::io::Write;
    use warc::{BufferedBody, Record, RecordBuilder, WarcWriter};

    /// A small WARC: a warcinfo record, an HTML article response, an image response, a 404 page
    /// and a request record.
    pub(crate) fn sample_warc() -> Vec<u8> {
        let page = include_str!("../tests/fixtures/article.html");
        let mut writer = WarcWriter::new(std::io::BufWriter::new(Vec::new()));
        let record =
            |kind: RecordType, uri: &str, ct: &str, body: Vec<u8>| -> Record<BufferedBody> {
                RecordBuilder::default()
                    .warc_type(kind)
                    .header(WarcHeader::TargetURI, uri)
                    .header(WarcHeader::ContentType, ct)
                    .body(body)
                    .build()
                    .unwrap()
            };
        let http = |status: &str, ct: &str, body: &[u8]| {
            let mut v = format!(
                "HTTP/1.1 {status}\r\nContent-Type: {ct}\r\nContent-Length: {}\r\n\r\n",
                body.len()
            )
            .into_bytes();
            v.extend_from_slice(body);
            v
        };
        let app = "application/http; msgtype=response";
        for r in [
            record(
                RecordType::WarcInfo,
                "",
                "application/warc-fields",
                b"software: test\r\n".to_vec(),
            ),
            record(
                RecordType::Request,
                "https://www.harbourpost.example/a",
                "application/http; msgtype=request",
                b"GET /a HTTP/1.1\r\n\r\n".to_vec(),
            ),
            record(
                RecordType::Response,
                "https://www.harbourpost.example/a",
                app,
                http("200 OK", "text/html; charset=utf-8", page.as_bytes()),
            ),
            record(
                RecordType::Response,
                "https://www.harbourpost.example/logo.png",
                app,
                http("200 OK", "image/png", b"\x89PNG\r\n"),
            ),
            record(
                RecordType::Response,
                "https://www.harbourpost.example/missing",
                app,
                http(
                    "404 Not Found",
                    "text/html",
                    b"<html><body><p>Not found</p></body></html>",
                ),
            ),
        ] {
            writer.write(&r).unwrap();
        }
        writer.into_inner().unwrap()
    }

    fn gzip(data: &[u8]) -> Vec<u8> {
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        enc.write_all(data).unwrap();
        enc.finish().unwrap()
    }

    #[test]
    fn html_responses_become_articles() {
        let out: Vec<_> = warc_records(
            "crawl.warc".into(),
            Box::new(std::io::Cursor::new(sample_warc())),
            1 << 20,
        )
        .collect();
        assert_eq!(out.len(), 1, "{out:?}");
        let a = &out[0].as_ref().unwrap().doc.article;
        assert_eq!(
            a.title.as_deref(),
            Some("Moldova accuses Russia of meddling ahead of vote")
        );
        assert!(a.text.starts_with("CHISINAU"));
        assert!(a
            .source
            .as_deref()
            .unwrap()
            .starts_with("crawl.warc#<urn:uuid:"));
    }

    #[test]
    fn truncated_warc_gz_reports_and_stops() {
        let gz = gzip(&sample_warc());
        let cut = gz[..gz.len() * 2 / 3].to_vec();
        let out: Vec<_> = warc_records(
            "crawl.warc.gz".into(),
            Box::new(crate::read::Gunzip::new(std::io::Cursor::new(cut))),
            1 << 20,
        )
        .collect();
        let err = out
            .last()
            .unwrap()
            .as_ref()
            .expect_err("an error")
            .to_string();
        assert!(err.contains("crawl.warc.gz"), "{err}");
        assert!(err.contains("truncated"), "{err}");
    }

    #[test]
    fn chunked_and_gzipped_http_bodies() {
        let page = b"<html><head><title>T</title></head><body><article><p>Kenya sent police officers to Haiti on Tuesday to lead a multinational security mission, the government said in a statement released in Nairobi.</p><p>The United Nations welcomed the deployment and urged other countries to contribute personnel and funding.</p></article></body></html>";
        let body = gzip(page);
        let mut chunked = format!("{:x}\r\n", 10).into_bytes();
        chunked.extend_from_slice(&body[..10]);
        chunked.extend_from_slice(format!("\r\n{:x}\r\n", body.len() - 10).as_bytes());
        chunked.extend_from_slice(&body[10..]);
        chunked.extend_from_slice(b"\r\n0\r\n\r\n");
        let mut raw = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n".to_vec();
        raw.extend_from_slice(&chunked);
        let got = http_response_article(&raw, Some("https://news.example/k"), 1 << 20)
            .unwrap()
            .unwrap();
        assert!(got.doc.article.text.starts_with("Kenya sent police"));
        assert_eq!(got.doc.article.outlet.as_deref(), Some("news.example"));
    }
}
