//! Bounded reading: whole documents with a size cap, lines with a length cap (memory stays
//! bounded even for a 200 MB line), gzip with errors that say the gzip stream is at fault.

use std::io::{self, BufRead, Read};

use crate::error::Reason;

pub(crate) const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// Reads the first `n` bytes (fewer at end of input) and returns them with a reader that
/// still yields the whole input, those bytes included. A read error (a truncated gzip stream)
/// is not raised here but replayed after the bytes that could be read, so records before the
/// damage are still ingested.
pub(crate) fn peek(mut reader: Box<dyn Read + Send>, n: usize) -> (Vec<u8>, Box<dyn Read + Send>) {
    let mut head = vec![0u8; n];
    let mut filled = 0;
    let mut failure = None;
    while filled < n {
        match reader.read(&mut head[filled..]) {
            Ok(0) => break,
            Ok(k) => filled += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => {
                failure = Some(e);
                break;
            }
        }
    }
    head.truncate(filled);
    let rest: Box<dyn Read + Send> = match failure {
        Some(e) => Box::new(io::Cursor::new(head.clone()).chain(Failed(Some(e)))),
        None => Box::new(io::Cursor::new(head.clone()).chain(reader)),
    };
    (head, rest)
}

/// A reader that fails once with a saved error, then reports end of input.
struct Failed(Option<io::Error>);

impl Read for Failed {
    fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
        match self.0.take() {
            Some(e) => Err(e),
            None => Ok(0),
        }
    }
}

/// Reads a whole document, refusing more than `limit` bytes.
pub(crate) fn read_capped(reader: &mut dyn Read, limit: usize) -> Result<Vec<u8>, Reason> {
    let mut buf = Vec::new();
    reader
        .take(limit as u64 + 1)
        .read_to_end(&mut buf)
        .map_err(Reason::Read)?;
    if buf.len() > limit {
        return Err(Reason::TooLarge { limit });
    }
    Ok(buf)
}

/// Result of reading one line with [`read_line_capped`].
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Line {
    /// End of input, nothing read.
    Eof,
    /// A line (without its `\n`) is in the buffer.
    Complete,
    /// The line was longer than the limit; it was consumed but not kept.
    TooLong(usize),
}

/// Reads one `\n`-terminated line into `buf` (cleared first). A line longer than `limit` is
/// read to its end without being stored, so memory stays bounded.
pub(crate) fn read_line_capped(
    reader: &mut dyn BufRead,
    buf: &mut Vec<u8>,
    limit: usize,
) -> io::Result<Line> {
    buf.clear();
    let mut length = 0usize;
    let mut any = false;
    loop {
        let available = match reader.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            break;
        }
        any = true;
        let (chunk, done) = match available.iter().position(|&b| b == b'\n') {
            Some(i) => (&available[..i], Some(i + 1)),
            None => (available, None),
        };
        if length + chunk.len() <= limit {
            buf.extend_from_slice(chunk);
        } else if length <= limit {
            // Crossing the limit: drop what was kept, only count from now on.
            buf.clear();
            buf.shrink_to(64 * 1024);
        }
        length += chunk.len();
        let consumed = done.unwrap_or(chunk.len());
        reader.consume(consumed);
        if done.is_some() {
            break;
        }
    }
    if !any {
        return Ok(Line::Eof);
    }
    if length > limit {
        return Ok(Line::TooLong(length));
    }
    if buf.last() == Some(&b'\r') {
        buf.pop();
    }
    Ok(Line::Complete)
}

/// A gzip decoder whose errors say that the compressed data is at fault.
pub(crate) struct Gunzip<R: Read>(flate2::read::MultiGzDecoder<R>);

impl<R: Read> Gunzip<R> {
    pub(crate) fn new(inner: R) -> Self {
        Gunzip(flate2::read::MultiGzDecoder::new(inner))
    }
}

impl<R: Read> Read for Gunzip<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.0.read(buf).map_err(|e| {
            let what = if e.kind() == io::ErrorKind::UnexpectedEof {
                "truncated gzip data (unexpected end of file)".to_string()
            } else {
                format!("corrupt gzip data ({e})")
            };
            io::Error::new(io::ErrorKind::InvalidData, what)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_are_skipped_without_keeping_them() {
        let mut input = vec![b'x'; 5000];
        input.extend_from_slice(b"\nshort\r\n");
        let mut reader = io::BufReader::with_capacity(64, io::Cursor::new(input));
        let mut buf = Vec::new();
        assert_eq!(
            read_line_capped(&mut reader, &mut buf, 100).unwrap(),
            Line::TooLong(5000)
        );
        assert!(buf.capacity() < 1000);
        assert_eq!(
            read_line_capped(&mut reader, &mut buf, 100).unwrap(),
            Line::Complete
        );
        assert_eq!(buf, b"short");
        assert_eq!(
            read_line_capped(&mut reader, &mut buf, 100).unwrap(),
            Line::Eof
        );
    }

    #[test]
    fn capped_read_refuses_oversized_documents() {
        let mut r = io::Cursor::new(vec![0u8; 11]);
        assert!(matches!(
            read_capped(&mut r, 10),
            Err(Reason::TooLarge { limit: 10 })
        ));
        let mut r = io::Cursor::new(vec![0u8; 10]);
        assert_eq!(read_capped(&mut r, 10).unwrap().len(), 10);
    }

    #[test]
    fn truncated_gzip_is_reported_as_such() {
        use std::io::Write;
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        enc.write_all(&[b'a'; 10_000]).unwrap();
        let gz = enc.finish().unwrap();
        let cut = &gz[..gz.len() / 2];
        let mut out = Vec::new();
        let err = Gunzip::new(cut).read_to_end(&mut out).unwrap_err();
        assert!(err.to_string().contains("truncated gzip"), "{err}");
    }
}
