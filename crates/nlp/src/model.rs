//! The binary model file: tagger, lemmatizer and parser in one gzip-compressed blob.
//!
//! Layout: magic `DYADUD`, a format version, then each component's section. Integers are
//! little-endian; weights are quantised i16 rows (see [`crate::perceptron::Weights`]).

use std::io::{Read, Write};

use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use flate2::Compression;

use crate::lemma::Lemmatizer;
use crate::parser::ParseInput;
use crate::parser::Parser;
use crate::tagger::{Tagger, WordInfo};
use crate::NlpError;
use dyad_model::Token;

const MAGIC: &[u8; 6] = b"DYADUD";
const VERSION: u32 = 3;

/// Tagger, lemmatizer and parser trained together on one treebank.
pub struct UdModel {
    pub tagger: Tagger,
    pub lemmatizer: Lemmatizer,
    pub parser: Parser,
}

impl std::fmt::Debug for UdModel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UdModel")
            .field("tags", &self.tagger.ntags())
            .field("labels", &self.parser.nlabels())
            .finish()
    }
}

impl UdModel {
    /// Drops small weights of the tagger, the transition scorer and the labeller (thresholds
    /// in unquantised perceptron units) to shrink the model.
    pub fn prune(&mut self, tagger: f32, arcs: f32, labels: f32) {
        self.tagger.weights_mut().prune(tagger);
        let (a, l) = self.parser.weights_mut();
        a.prune(arcs);
        l.prune(labels);
    }

    /// Feature and weight counts of each scorer, for size reports.
    pub fn stats(&mut self) -> String {
        let t = self.tagger.weights_mut();
        let ts = (t.nfeatures(), t.nweights());
        let (a, l) = self.parser.weights_mut();
        format!(
            "tagger {} features/{} weights, arcs {}/{}, labels {}/{}",
            ts.0,
            ts.1,
            a.nfeatures(),
            a.nweights(),
            l.nfeatures(),
            l.nweights()
        )
    }

    /// Serialises and gzips the model.
    pub fn to_bytes(&self) -> Result<Vec<u8>, NlpError> {
        let mut w = Writer::default();
        w.bytes(MAGIC);
        w.u32(VERSION);
        self.tagger.write(&mut w);
        self.lemmatizer.write(&mut w);
        self.parser.write(&mut w);
        let mut gz = GzEncoder::new(Vec::new(), Compression::best());
        let io = |e: std::io::Error| NlpError::Model {
            path: "<model>".into(),
            reason: e.to_string(),
        };
        gz.write_all(&w.into_bytes()).map_err(io)?;
        gz.finish().map_err(io)
    }

    /// Reads a gzip-compressed model; `name` is used in error messages.
    pub fn from_bytes(gz: &[u8], name: &str) -> Result<Self, NlpError> {
        let mut raw = Vec::new();
        GzDecoder::new(gz)
            .read_to_end(&mut raw)
            .map_err(|e| NlpError::Model {
                path: name.into(),
                reason: format!("not a gzip-compressed dyad UD model: {e}"),
            })?;
        let mut r = Reader::new(&raw, name);
        if r.take(MAGIC.len())? != MAGIC {
            return Err(r.error("not a dyad UD model (bad magic)"));
        }
        let version = r.u32()?;
        if version != VERSION {
            return Err(r.error(&format!(
                "model format version {version}, this dyad reads {VERSION}"
            )));
        }
        let tagger = Tagger::read(&mut r)?;
        let lemmatizer = Lemmatizer::read(&mut r)?;
        let parser = Parser::read(&mut r)?;
        Ok(UdModel {
            tagger,
            lemmatizer,
            parser,
        })
    }
}

/// Little-endian binary writer.
#[derive(Default)]
pub struct Writer {
    buf: Vec<u8>,
}

impl Writer {
    pub fn into_bytes(self) -> Vec<u8> {
        self.buf
    }
    pub fn bytes(&mut self, b: &[u8]) {
        self.buf.extend_from_slice(b);
    }
    pub fn u16(&mut self, v: u16) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    pub fn u32(&mut self, v: u32) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    pub fn u64(&mut self, v: u64) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    pub fn f32(&mut self, v: f32) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    /// LEB128 unsigned varint.
    pub fn varint(&mut self, mut v: u64) {
        while v >= 0x80 {
            self.buf.push((v as u8) | 0x80);
            v >>= 7;
        }
        self.buf.push(v as u8);
    }
    pub fn str(&mut self, s: &str) {
        self.u32(s.len() as u32);
        self.bytes(s.as_bytes());
    }
    pub fn strs(&mut self, v: &[String]) {
        self.u32(v.len() as u32);
        for s in v {
            self.str(s);
        }
    }
}

/// Little-endian binary reader with errors naming the model.
pub struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
    name: &'a str,
}

impl<'a> Reader<'a> {
    pub fn new(buf: &'a [u8], name: &'a str) -> Self {
        Reader { buf, pos: 0, name }
    }
    pub fn error(&self, reason: &str) -> NlpError {
        NlpError::Model {
            path: self.name.to_string(),
            reason: format!("{reason} (at byte {})", self.pos),
        }
    }
    pub fn take(&mut self, n: usize) -> Result<&'a [u8], NlpError> {
        if self.pos + n > self.buf.len() {
            return Err(self.error("truncated model file"));
        }
        let s = &self.buf[self.pos..self.pos + n];
        self.pos += n;
        Ok(s)
    }
    fn arr<const N: usize>(&mut self) -> Result<[u8; N], NlpError> {
        let mut a = [0u8; N];
        a.copy_from_slice(self.take(N)?);
        Ok(a)
    }
    pub fn u16(&mut self) -> Result<u16, NlpError> {
        Ok(u16::from_le_bytes(self.arr()?))
    }
    pub fn u32(&mut self) -> Result<u32, NlpError> {
        Ok(u32::from_le_bytes(self.arr()?))
    }
    pub fn u64(&mut self) -> Result<u64, NlpError> {
        Ok(u64::from_le_bytes(self.arr()?))
    }
    pub fn f32(&mut self) -> Result<f32, NlpError> {
        Ok(f32::from_le_bytes(self.arr()?))
    }
    pub fn varint(&mut self) -> Result<u64, NlpError> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.take(1)?[0];
            v |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Ok(v);
            }
        }
        Err(self.error("varint too long"))
    }
    pub fn str(&mut self) -> Result<String, NlpError> {
        let n = self.u32()? as usize;
        let b = self.take(n)?;
        String::from_utf8(b.to_vec()).map_err(|_| self.error("invalid UTF-8 string"))
    }
    pub fn strs(&mut self) -> Result<Vec<String>, NlpError> {
        let n = self.u32()? as usize;
        if n > self.buf.len() {
            return Err(self.error("implausible list length"));
        }
        (0..n).map(|_| self.str()).collect()
    }
}

impl UdModel {
    /// Tags, lemmatises and parses one sentence's words in place (forms must be set; ids are
    /// renumbered 1..=n).
    pub fn annotate(&self, words: &mut [Token]) {
        if words.is_empty() {
            return;
        }
        let lower: Vec<String> = words.iter().map(|t| t.form.to_lowercase()).collect();
        let info: Vec<WordInfo> = words
            .iter()
            .zip(&lower)
            .map(|(t, l)| WordInfo::with_lower(&t.form, l))
            .collect();
        let tags = self.tagger.tag(&info);
        let x = ParseInput::new(
            info.iter().map(|w| w.lower),
            tags.iter().map(|&t| self.tagger.value(t)),
        );
        let (heads, labels) = self.parser.parse(&x);
        for (i, w) in words.iter_mut().enumerate() {
            let tag = tags[i];
            let (upos, xpos) = (self.tagger.upos(tag), self.tagger.xpos(tag));
            let key = self.tagger.lemma_key(tag);
            w.id = i as u32 + 1;
            w.lemma = self
                .lemmatizer
                .lemma_keyed(&w.form, &lower[i], info[i].lower, key);
            w.feats = self.lemmatizer.feats_keyed(info[i].lower, key).to_string();
            w.upos = upos.to_string();
            w.xpos = xpos.to_string();
            w.head = heads[i + 1];
            w.deprel = self.parser.label(labels[i + 1]).to_string();
        }
    }
}
