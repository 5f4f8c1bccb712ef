//! The binary model file: tagger, lemmatizer and parser in one gzip-compressed blob.
//!
//! Layout: magic `DYADUD`, a format version, then each component's section. Integers are
//! little-endian; weights are quantised i16 rows (see [`crate::perceptron::Weights`]).

use std::io::{Read, Write};

use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use flate2::Compression;

use crate::ensemble::{self, ParserTree};
use crate::lemma::Lemmatizer;
use crate::parser::ParseInput;
use crate::parser::Parser;
use crate::tagger::{Tagger, WordInfo};
use crate::NlpError;
use dyad_model::lexicon::PUNCTUATION_PAIRS;
use dyad_model::Token;

const MAGIC: &[u8; 6] = b"DYADUD";
const VERSION: u32 = 4;
/// The oldest format this dyad still reads (format 3: one left-to-right parser).
const OLDEST_VERSION: u32 = 3;

/// Magic and format version of a file holding only ensemble parsers (members for a model).
const MEMBERS_MAGIC: &[u8; 6] = b"DYADPS";
const MEMBERS_VERSION: u32 = 1;

/// Tagger, lemmatizer and parser trained together on one treebank.
pub struct UdModel {
    pub tagger: Tagger,
    pub lemmatizer: Lemmatizer,
    pub parser: Parser,
    /// More parsers (other directions or seeds) whose trees vote with `parser`'s; empty for
    /// a single-parser model.
    pub ensemble: Vec<Parser>,
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
        w.u32(self.ensemble.len() as u32);
        for p in &self.ensemble {
            p.write(&mut w);
        }
        gzip(&w.into_bytes())
    }

    /// Serialises and gzips the ensemble parsers alone (see [`UdModel::add_members`]).
    pub fn members_to_bytes(&self) -> Result<Vec<u8>, NlpError> {
        let mut w = Writer::default();
        w.bytes(MEMBERS_MAGIC);
        w.u32(MEMBERS_VERSION);
        w.u32(self.ensemble.len() as u32);
        for p in &self.ensemble {
            p.write(&mut w);
        }
        gzip(&w.into_bytes())
    }

    /// Adds the parsers of a members file (written by [`UdModel::members_to_bytes`]) to the
    /// ensemble; they must use this model's relation labels.
    pub fn add_members(&mut self, gz: &[u8], name: &str) -> Result<(), NlpError> {
        let parsers = read_members(gz, name)?;
        self.add_parsers(parsers, name)
    }

    /// Adds parsers to the ensemble, all or none: each must use this model's relation labels
    /// (in any order: votes are counted by label).
    pub fn add_parsers(&mut self, parsers: Vec<Parser>, name: &str) -> Result<(), NlpError> {
        if parsers.iter().any(|p| !self.parser.shares_labels(p)) {
            return Err(NlpError::Model {
                path: name.into(),
                reason: "a member's relation labels differ from the model's".into(),
            });
        }
        self.ensemble.extend(parsers);
        Ok(())
    }

    /// Reads a model file written by `dyad train ud` or `dyad train ensemble`.
    pub fn load(path: &std::path::Path) -> Result<Self, NlpError> {
        let name = path.display().to_string();
        UdModel::from_bytes(&read_file(path)?, &name)
    }

    /// Reads a gzip-compressed model; `name` is used in error messages.
    pub fn from_bytes(gz: &[u8], name: &str) -> Result<Self, NlpError> {
        let raw = gunzip(gz, name, "dyad UD model")?;
        let mut r = Reader::new(&raw, name);
        if r.take(MAGIC.len())? != MAGIC {
            return Err(r.error("not a dyad UD model (bad magic)"));
        }
        let version = r.u32()?;
        if !(OLDEST_VERSION..=VERSION).contains(&version) {
            return Err(r.error(&format!(
                "model format version {version}, this dyad reads {OLDEST_VERSION} to {VERSION}"
            )));
        }
        let tagger = Tagger::read(&mut r)?;
        let lemmatizer = Lemmatizer::read(&mut r)?;
        let parser = Parser::read(&mut r, version >= 4)?;
        let mut ensemble = Vec::new();
        if version >= 4 {
            for _ in 0..r.u32()? {
                ensemble.push(Parser::read(&mut r, true)?);
            }
        }
        if ensemble.iter().any(|p| !parser.shares_labels(p)) {
            return Err(r.error("ensemble parsers have different label sets"));
        }
        Ok(UdModel {
            tagger,
            lemmatizer,
            parser,
            ensemble,
        })
    }
}

fn gzip(raw: &[u8]) -> Result<Vec<u8>, NlpError> {
    let mut gz = GzEncoder::new(Vec::new(), Compression::best());
    let io = |e: std::io::Error| NlpError::Model {
        path: "<model>".into(),
        reason: e.to_string(),
    };
    gz.write_all(raw).map_err(io)?;
    gz.finish().map_err(io)
}

fn gunzip(gz: &[u8], name: &str, what: &str) -> Result<Vec<u8>, NlpError> {
    let mut raw = Vec::new();
    GzDecoder::new(gz)
        .read_to_end(&mut raw)
        .map_err(|e| NlpError::Model {
            path: name.into(),
            reason: format!("not a gzip-compressed {what}: {e}"),
        })?;
    Ok(raw)
}

fn read_file(path: &std::path::Path) -> Result<Vec<u8>, NlpError> {
    std::fs::read(path).map_err(|e| NlpError::Model {
        path: path.display().to_string(),
        reason: e.to_string(),
    })
}

/// Every parser in a file: a model's first parser and its ensemble, or a members file's
/// parsers (both kinds are told apart by their magic).
pub fn load_parsers(path: &std::path::Path) -> Result<Vec<Parser>, NlpError> {
    let name = path.display().to_string();
    let gz = read_file(path)?;
    let magic = gunzip_prefix(&gz, MEMBERS_MAGIC.len());
    if magic.as_deref() == Some(MEMBERS_MAGIC.as_slice()) {
        return read_members(&gz, &name);
    }
    let model = UdModel::from_bytes(&gz, &name)?;
    Ok(std::iter::once(model.parser)
        .chain(model.ensemble)
        .collect())
}

/// The first `n` bytes of a gzip stream, if it has that many.
fn gunzip_prefix(gz: &[u8], n: usize) -> Option<Vec<u8>> {
    let mut head = vec![0; n];
    GzDecoder::new(gz).read_exact(&mut head).ok()?;
    Some(head)
}

/// The parsers of a members file (written by [`UdModel::members_to_bytes`]); `name` is used
/// in error messages.
pub fn read_members(gz: &[u8], name: &str) -> Result<Vec<Parser>, NlpError> {
    let raw = gunzip(gz, name, "dyad parser members file")?;
    let mut r = Reader::new(&raw, name);
    if r.take(MEMBERS_MAGIC.len())? != MEMBERS_MAGIC {
        return Err(r.error("not a dyad parser members file (bad magic)"));
    }
    let version = r.u32()?;
    if version != MEMBERS_VERSION {
        return Err(r.error(&format!(
            "members format version {version}, this dyad reads {MEMBERS_VERSION}"
        )));
    }
    (0..r.u32()?).map(|_| Parser::read(&mut r, true)).collect()
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
    /// Heads and label ids (index 1..=n) from the parser, or from the ensemble's vote when
    /// the model has more than one parser.
    pub fn parse(&self, x: &ParseInput) -> ParserTree {
        if self.ensemble.is_empty() {
            return self.parser.parse(x);
        }
        let mut trees = Vec::with_capacity(1 + self.ensemble.len());
        trees.push(self.parser.parse(x));
        trees.extend(self.ensemble.iter().map(|p| {
            let (heads, mut labels) = p.parse(x);
            if !p.same_labels(&self.parser) {
                let ids = p.label_ids_in(&self.parser);
                for l in labels.iter_mut() {
                    *l = ids.get(usize::from(*l)).copied().unwrap_or(0);
                }
            }
            (heads, labels)
        }));
        ensemble::combine(&trees)
    }

    /// Parses tagged words. A quantifier phrase before a number ("More than 5,000 refugees
    /// fled", "up to 100 protesters") is taken out first and put back as the number's
    /// modifier, as UD annotates it (`advmod` + `fixed`): the parser, seeing "More" open a
    /// sentence, otherwise makes it the root and the real verb its clause.
    fn parse_words(&self, lower: &[String], info: &[WordInfo], tags: &[u16]) -> ParserTree {
        let is_number = |i: usize| tags.get(i).is_some_and(|&t| self.tagger.upos(t) == "NUM");
        let phrases = quantifier_phrases(lower, is_number);
        let (Some(advmod), Some(fixed), false) = (
            self.parser.label_id("advmod"),
            self.parser.label_id("fixed"),
            phrases.is_empty(),
        ) else {
            let x = ParseInput::new(
                info.iter().map(|w| w.lower),
                tags.iter().map(|&t| self.tagger.value(t)),
            );
            return self.parse(&x);
        };
        // Original positions (0-based) of the words the parser sees.
        let kept: Vec<usize> = (0..info.len())
            .filter(|&i| !phrases.iter().any(|&p| i == p || i == p + 1))
            .collect();
        let x = ParseInput::new(
            kept.iter().map(|&i| info[i].lower),
            kept.iter().map(|&i| self.tagger.value(tags[i])),
        );
        let (sub_heads, sub_labels) = self.parse(&x);
        let n = info.len();
        let mut heads = vec![0u32; n + 1];
        let mut labels = vec![0u16; n + 1];
        for (k, &i) in kept.iter().enumerate() {
            let h = sub_heads[k + 1] as usize;
            heads[i + 1] = if h == 0 { 0 } else { kept[h - 1] as u32 + 1 };
            labels[i + 1] = sub_labels[k + 1];
        }
        for &p in &phrases {
            heads[p + 1] = p as u32 + 3;
            labels[p + 1] = advmod;
            heads[p + 2] = p as u32 + 1;
            labels[p + 2] = fixed;
        }
        (heads, labels)
    }

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
        let (heads, labels) = self.parse_words(&lower, &info, &tags);
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
        bare_time_not_argument(words);
        name_before_time_phrase(words);
        names_set_off_after_subject(words);
        subject_read_as_apposition_of_fronted_phrase(words);
        title_before_name(words);
        prenominal_participle(words);
        participle_with_object_is_the_verb(words);
        control_infinitive_after_object(words);
        infinitive_of_a_proposal_noun(words);
        speaker_after_quote(words);
        object_read_as_second_complement(words);
        subject_pronoun_read_as_object(words);
        participle_clause_before_attribution(words);
        paired_punctuation(words);
    }
}

/// "Serb forces killed three ethnic Albanians in a gunbattle …, a council said": in a long
/// clause before a verb of saying, the parser may close the clause after its verb and hang
/// the object on "said" as a second complement. No predicate of the treebanks has two clausal
/// complements before it; a bare noun phrase (no preposition) right after a verb complement
/// that has no object is that verb's object, and a subject of "said" right before that verb
/// is the verb's subject.
/// "Syrian troops killed four fighters …, a monitoring group said": the parser reads
/// "killed" as a participle modifying "troops" and makes "troops" a second subject of "said".
/// A passive participle takes no direct object, so a participle with one, right after a
/// subject of a verb that has another subject after it, is that subject's verb: the clause
/// becomes the complement of the verb of saying.
fn participle_clause_before_attribution(words: &mut [Token]) {
    for noun in 0..words.len() {
        let h = words[noun].head;
        if words[noun].deprel != "nsubj" || h == 0 {
            continue;
        }
        let (_, noun_end) = subtree_span(words, noun);
        let Some(verb) = (noun + 1..=noun_end).find(|&v| {
            words[v].head == noun as u32 + 1
                && words[v].deprel == "acl"
                && words[v].xpos == "VBN"
                && has_dependent(words, v as u32 + 1, "obj")
        }) else {
            continue;
        };
        let speaker_after =
            (noun_end + 1..words.len()).any(|i| words[i].head == h && words[i].deprel == "nsubj");
        if !speaker_after || (h as usize) <= noun_end {
            continue;
        }
        let vid = verb as u32 + 1;
        words[verb].head = h;
        words[verb].deprel = "ccomp".to_string();
        words[noun].head = vid;
        // Words left of the participle stay with the noun; what follows it is the verb's.
        for w in words.iter_mut().take(noun_end + 1).skip(verb + 1) {
            if w.head == noun as u32 + 1 {
                w.head = vid;
            }
        }
        return;
    }
}

/// Whether the word with this id has a dependent with this relation.
fn has_dependent(words: &[Token], id: u32, deprel: &str) -> bool {
    words.iter().any(|w| w.head == id && w.deprel == deprel)
}

/// Whether word `i` is marked by "to" (an infinitive).
fn is_to_infinitive(words: &[Token], i: usize) -> bool {
    let id = i as u32 + 1;
    words
        .iter()
        .any(|w| w.head == id && w.deprel == "mark" && w.lemma == "to")
}

/// "The air force said it shot down 30 drones": the parser may take "it" for the object of
/// "said" and "shot" for a complement without a subject, then "drones" for an oblique. A
/// subject pronoun right before a finite verb that has no subject is that verb's subject,
/// and the verb a clausal complement; the verb's bare noun phrase (no preposition) right
/// after it and its particle is its object.
fn subject_pronoun_read_as_object(words: &mut [Token]) {
    for p in 0..words.len().saturating_sub(1) {
        let v = p + 1;
        let (h, vid) = (words[p].head, v as u32 + 1);
        // "it shot" may be tagged a participle ("said it [was] shot"); the object decides.
        let participle = words[v].xpos == "VBN";
        let finite = participle || matches!(words[v].xpos.as_str(), "VBD" | "VBZ" | "VBP" | "MD");
        if words[p].deprel != "obj"
            || !matches!(
                words[p].form.to_lowercase().as_str(),
                "it" | "he" | "she" | "they" | "we"
            )
            || words[v].head != h
            || !matches!(words[v].deprel.as_str(), "xcomp" | "ccomp")
            || !finite
            || has_dependent(words, vid, "nsubj")
        {
            continue;
        }
        let particle = words.get(v + 1).is_some_and(|w| {
            w.head == vid && w.upos == "ADV" && PARTICLES.contains(&w.form.to_lowercase().as_str())
        });
        let next = v + 1 + usize::from(particle);
        let object = (next..words.len()).find(|&i| {
            words[i].head == vid
                && words[i].deprel == "obl"
                && matches!(words[i].upos.as_str(), "NOUN" | "PROPN")
                && subtree_span(words, i).0 == next
                && !has_dependent(words, i as u32 + 1, "case")
        });
        let object = object.filter(|_| !has_dependent(words, vid, "obj"));
        if participle && object.is_none() {
            continue;
        }
        words[p].head = vid;
        words[p].deprel = "nsubj".to_string();
        words[v].deprel = "ccomp".to_string();
        if participle {
            words[v].xpos = "VBD".to_string();
            words[v].feats = "Mood=Ind|Tense=Past|VerbForm=Fin".to_string();
        }
        if let Some(i) = object {
            if particle {
                words[v + 1].deprel = "compound:prt".to_string();
            }
            words[i].deprel = "obj".to_string();
        }
    }
}

/// Adverbs that are verb particles right after their verb ("shot down", "set up").
const PARTICLES: &[&str] = &["down", "up", "off", "out", "back", "away", "over", "in"];

fn object_read_as_second_complement(words: &mut [Token]) {
    for h in 1..=words.len() as u32 {
        let before: Vec<usize> = (0..(h as usize - 1).min(words.len()))
            .filter(|&i| words[i].head == h && words[i].deprel == "ccomp")
            .collect();
        for pair in before.windows(2) {
            let (verb, noun) = (pair[0], pair[1]);
            let vid = verb as u32 + 1;
            let nid = noun as u32 + 1;
            let nominal = matches!(words[noun].upos.as_str(), "NOUN" | "PROPN" | "NUM");
            // Everything between belongs to the verb's clause or the noun's phrase.
            let (_, verb_end) = subtree_span(words, verb);
            let (noun_start, _) = subtree_span(words, noun);
            if nominal
                && words[verb].upos == "VERB"
                && !has_dependent(words, vid, "obj")
                && !has_dependent(words, vid, "ccomp")
                && !has_dependent(words, nid, "case")
                && noun_start == verb_end + 1
            {
                words[noun].head = vid;
                words[noun].deprel = "obj".to_string();
                // "Serb forces" went to "said" as a second subject: the verb's own.
                if !has_dependent(words, vid, "nsubj") {
                    let subject = (0..verb).find(|&i| {
                        words[i].head == h
                            && words[i].deprel == "nsubj"
                            && subtree_span(words, i).1 + 1 == verb
                    });
                    if let Some(i) = subject {
                        words[i].head = vid;
                    }
                }
            }
        }
    }
}

/// Quotation marks and brackets attach to the head of the phrase they enclose, both of them,
/// as UD prescribes and the treebanks follow without exception; the parsers, deciding one
/// word at a time, often hang the closing mark on whatever verb comes next. Left alone when
/// the enclosed words have more than one head outside the marks (no single phrase).
fn paired_punctuation(words: &mut [Token]) {
    for (open, close) in punctuation_pairs(words) {
        let outside = |w: &Token| !(open + 1..close).contains(&(w.head as usize).wrapping_sub(1));
        let tops: Vec<usize> = (open + 1..close)
            .filter(|&i| words[i].deprel != "punct" && outside(&words[i]))
            .collect();
        if let [top] = tops[..] {
            words[open].head = top as u32 + 1;
            words[close].head = top as u32 + 1;
        }
    }
}

/// Positions of matching opening and closing punctuation marks: brackets and typographic
/// quotes nest, a straight quote closes the last one left open.
fn punctuation_pairs(words: &[Token]) -> Vec<(usize, usize)> {
    let mut open: Vec<(usize, &str)> = Vec::new();
    let mut pairs = Vec::new();
    for (i, w) in words.iter().enumerate() {
        if w.deprel != "punct" {
            continue;
        }
        let form = w.form.as_str();
        if let Some(k) = open.iter().rposition(|&(_, close)| close == form) {
            pairs.push((open[k].0, i));
            open.truncate(k);
        } else if let Some(&(_, close)) = PUNCTUATION_PAIRS.iter().find(|(o, _)| *o == form) {
            open.push((i, close));
        }
    }
    pairs
}

/// "'I am not ready,' fretted Muslima Abdullahi": after a quotation, a verb followed by the
/// speaker inverts them; the parser knows that for "said" but reads the name after a rarer
/// verb ("fretted", "quipped", "warned") as its object. A verb right after a closing quote
/// (and comma), with the quoted clause as its complement and no subject, has the noun phrase
/// right after it as its subject.
fn speaker_after_quote(words: &mut [Token]) {
    for v in 1..words.len() {
        let vid = v as u32 + 1;
        let closing = matches!(
            words[v - 1].form.as_str(),
            "\"" | "\u{201d}" | "''" | "'" | "\u{2019}"
        ) || words[v - 1].form == ","
            && v >= 2
            && matches!(words[v - 2].form.as_str(), "\"" | "\u{201d}" | "''");
        if words[v].upos != "VERB" || !closing {
            continue;
        }
        let quoted = words[..v]
            .iter()
            .any(|w| w.head == vid && matches!(w.deprel.as_str(), "ccomp" | "parataxis"));
        let subject = words
            .iter()
            .any(|w| w.head == vid && w.deprel.starts_with("nsubj"));
        let Some(o) = words.get(v + 1).map(|_| v + 1) else {
            continue;
        };
        if quoted
            && !subject
            && words[o].head == vid
            && words[o].deprel == "obj"
            && matches!(words[o].upos.as_str(), "PROPN" | "NOUN" | "PRON")
        {
            words[o].deprel = "nsubj".to_string();
        }
    }
}

/// "Palestinian officials demanded on Friday that the United States stop …": with "demanded"
/// tagged a participle, the parser may make the noun the root and the verb its reduced
/// relative (`acl`). A passive participle takes no direct object or clause, so a participle
/// with one, in a sentence without a finite verb, is the past-tense main verb.
fn participle_with_object_is_the_verb(words: &mut [Token]) {
    let finite = |w: &Token| matches!(w.xpos.as_str(), "VBD" | "VBZ" | "VBP" | "MD");
    let Some(root) = words.iter().position(|w| w.head == 0) else {
        return;
    };
    if !matches!(words[root].upos.as_str(), "NOUN" | "PROPN") {
        return;
    }
    let (root_id, n) = (root as u32 + 1, words.len());
    let verb = (root + 1..n).find(|&a| {
        let id = a as u32 + 1;
        words[a].head == root_id
            && words[a].deprel == "acl"
            && words[a].xpos == "VBN"
            && words
                .iter()
                .any(|w| w.head == id && matches!(w.deprel.as_str(), "obj" | "ccomp"))
    });
    let Some(verb) = verb else {
        return;
    };
    // A finite verb inside the participle's own clause ("that they stop") does not count.
    let (first, last) = subtree_span(words, verb);
    if words
        .iter()
        .enumerate()
        .any(|(i, w)| (i < first || i > last) && finite(w))
    {
        return;
    }
    let verb_id = verb as u32 + 1;
    for w in words.iter_mut() {
        if w.head == root_id && w.deprel == "punct" {
            w.head = verb_id;
        }
    }
    words[verb].head = 0;
    words[verb].deprel = "root".to_string();
    words[verb].xpos = "VBD".to_string();
    words[verb].feats = "Mood=Ind|Tense=Past|VerbForm=Fin".to_string();
    words[root].head = verb_id;
    words[root].deprel = "nsubj".to_string();
}

/// The first and last index of the words under `i` (itself included).
fn subtree_span(words: &[Token], i: usize) -> (usize, usize) {
    let id = i as u32 + 1;
    let mut span = (i, i);
    for j in 0..words.len() {
        let mut cur = words[j].head;
        for _ in 0..words.len() {
            if cur == id {
                span = (span.0.min(j), span.1.max(j));
                break;
            }
            if cur == 0 {
                break;
            }
            cur = words[cur as usize - 1].head;
        }
    }
    span
}

/// "Secretary of State Marco Rubio said": the parser makes the title a second subject; a
/// subject phrase that ends right where a proper-noun subject of the same verb begins is that
/// name's title (`nmod:desc`, as UD annotates "President Bush"). A phrase ending in a gerund
/// without an object is no title: the name is the gerund's object ("Hundreds of protesters
/// denouncing Turkey marched").
fn title_before_name(words: &mut [Token]) {
    for v in 1..=words.len() as u32 {
        let subjects: Vec<usize> = (0..words.len())
            .filter(|&i| words[i].head == v && words[i].deprel.starts_with("nsubj"))
            .collect();
        let [title, name] = subjects[..] else {
            continue;
        };
        let title_end = subtree_span(words, title).1;
        let name_start = subtree_span(words, name).0;
        // Not two subjects of a coordination the parser left flat ("Russia, China agreed",
        // "Russia and China agreed"): the name starts its phrase and has no conjunction.
        // The name's phrase may begin with a capitalised adjective ("Georgian Prime Minister
        // Irakli Kobakhidze said", where "Georgian" became the first subject).
        let capitalised = |w: &Token| w.form.starts_with(char::is_uppercase);
        if title_end + 1 == name_start
            && words[name].upos == "PROPN"
            && (words[name_start].upos == "PROPN"
                || (words[name_start].upos == "ADJ" && capitalised(&words[name_start])))
            && words[title_end].upos != "PUNCT"
            && !has_dependent(words, name as u32 + 1, "cc")
            && matches!(words[title].upos.as_str(), "PROPN" | "NOUN")
        {
            let last = title_end as u32 + 1;
            let has_object = |v: u32| has_dependent(words, v, "obj");
            let gerund = &words[title_end];
            if gerund.xpos == "VBG" && gerund.form.to_lowercase().ends_with("ing") {
                if !has_object(last) {
                    words[name].head = last;
                    words[name].deprel = "obj".to_string();
                }
            } else if !words[title..title_end].iter().any(|w| w.upos == "VERB") {
                words[title].head = name as u32 + 1;
                words[title].deprel = "nmod:desc".to_string();
            }
        }
    }
}

/// Two-word quantifiers UD annotates as one modifier of the number they precede.
const QUANTIFIERS: [(&str, &str); 6] = [
    ("more", "than"),
    ("fewer", "than"),
    ("less", "than"),
    ("up", "to"),
    ("at", "least"),
    ("at", "most"),
];

/// Start positions of quantifier phrases right before a number that is not the sentence's
/// last word ("more than 5,000 refugees"), never overlapping.
fn quantifier_phrases(lower: &[String], is_number: impl Fn(usize) -> bool) -> Vec<usize> {
    let mut out = Vec::new();
    let mut i = 0;
    while i + 3 < lower.len() {
        let pair = (lower[i].as_str(), lower[i + 1].as_str());
        if QUANTIFIERS.contains(&pair) && is_number(i + 2) {
            out.push(i);
            i += 3;
        } else {
            i += 1;
        }
    }
    out
}

/// Nouns of proposals, requests and plans, which take an infinitive saying what is proposed:
/// "an appeal to lay down their arms", "a plan to build a wall".
const PROPOSAL_NOUNS: &[&str] = &[
    "appeal",
    "attempt",
    "bid",
    "call",
    "campaign",
    "commitment",
    "deal",
    "decision",
    "demand",
    "effort",
    "initiative",
    "invitation",
    "move",
    "offer",
    "order",
    "plan",
    "plea",
    "pledge",
    "promise",
    "proposal",
    "push",
    "request",
    "threat",
    "ultimatum",
    "warning",
];

/// "Rebels dismissed an appeal from the president to lay down their arms": the parser hangs
/// the infinitive on the verb as its complement, but a verb without object control
/// ([`dyad_model::lexicon::OBJECT_CONTROL_VERBS`]) takes no object and infinitive together;
/// an infinitive right after the phrase of an object that is a proposal or request belongs to
/// that noun (`acl`).
fn infinitive_of_a_proposal_noun(words: &mut [Token]) {
    for v in 0..words.len() {
        if words[v].upos != "VERB" || dyad_model::lexicon::is_object_control_verb(&words[v].lemma) {
            continue;
        }
        let vid = v as u32 + 1;
        let Some(obj) = (v + 1..words.len()).find(|&o| {
            words[o].head == vid
                && words[o].deprel == "obj"
                && PROPOSAL_NOUNS.contains(&words[o].lemma.as_str())
        }) else {
            continue;
        };
        let (_, obj_end) = subtree_span(words, obj);
        let infinitive = (obj_end + 1..words.len()).find(|&t| {
            words[t].head == vid
                && words[t].deprel == "xcomp"
                && words[t].xpos == "VB"
                && subtree_span(words, t).0 == obj_end + 1
                && is_to_infinitive(words, t)
        });
        if let Some(t) = infinitive {
            words[t].head = obj as u32 + 1;
            words[t].deprel = "acl".into();
        }
    }
}

/// "Turkey will allow refugees who have lived in Iraq for a decade to return": a relative
/// clause between an object-control verb's object and its infinitive makes the parser hang
/// the infinitive on the clause's last noun. An infinitive (`acl`/`advcl` with "to") inside
/// the object's phrase, after it, of a control verb that has no `xcomp` of its own is that
/// verb's `xcomp`.
fn control_infinitive_after_object(words: &mut [Token]) {
    let n = words.len();
    let inside = |words: &[Token], mut i: usize, top: usize| {
        for _ in 0..n {
            if i == top {
                return true;
            }
            match words[i].head {
                0 => return false,
                h => i = h as usize - 1,
            }
        }
        false
    };
    for v in 0..n {
        if words[v].upos != "VERB" || !dyad_model::lexicon::is_object_control_verb(&words[v].lemma)
        {
            continue;
        }
        let vid = v as u32 + 1;
        if has_dependent(words, vid, "xcomp") {
            continue;
        }
        let Some(obj) = words
            .iter()
            .position(|w| w.head == vid && w.deprel == "obj")
        else {
            continue;
        };
        let infinitive = (obj + 1..n).find(|&t| {
            matches!(words[t].deprel.as_str(), "acl" | "advcl")
                && words[t].xpos == "VB"
                && is_to_infinitive(words, t)
                && inside(words, t, obj)
        });
        if let Some(t) = infinitive {
            words[t].head = vid;
            words[t].deprel = "xcomp".into();
        }
    }
}

/// "Three members of the U.S. Senate — Chuck Grassley, Jeanne Shaheen and Jim Risch — led
/// …": the parser makes the names the subject and the noun phrase a bare oblique. A bare
/// (prepositionless) nominal oblique right before a subject set off by a dash is the subject,
/// and the names after it are its apposition.
fn names_set_off_after_subject(words: &mut [Token]) {
    for s in 1..words.len() {
        let verb = words[s].head;
        if verb == 0 || words[s].deprel != "nsubj" || words[s].upos != "PROPN" {
            continue;
        }
        let Some(dash) = s.checked_sub(1) else {
            continue;
        };
        // Dashes only: after a comma the bare noun is far more often a time or manner
        // phrase ("The next day, John left").
        if !matches!(words[dash].form.as_str(), "—" | "–" | "-" | "--")
            || !matches!(words[dash].head, h if h == s as u32 + 1 || h == verb)
        {
            continue;
        }
        let Some(noun) = (0..dash).rev().find(|&x| {
            words[x].head == verb
                && words[x].deprel == "obl"
                && subtree_span(words, x).1 + 1 == dash
        }) else {
            continue;
        };
        let noun_id = noun as u32 + 1;
        let bare = !has_dependent(words, noun_id, "case");
        let lower = words[noun].form.to_lowercase();
        let timely =
            TIME_NOUNS.contains(&lower.as_str()) || BARE_TIME_WORDS.contains(&lower.as_str());
        if bare && !timely && words[noun].upos == "NOUN" {
            words[noun].deprel = "nsubj".to_string();
            words[s].head = noun_id;
            words[s].deprel = "appos".to_string();
        }
    }
}

/// "Before Japan's election this month, Ishiba, as a member of the party, visited Taiwan":
/// the parser hangs the name on the fronted phrase as its apposition and leaves the verb
/// without a subject. A proper noun set off by commas as the apposition of an oblique before
/// a verb that has no subject, its phrase ending with a comma right before the verb (or the
/// verb's auxiliaries), is the verb's subject.
fn subject_read_as_apposition_of_fronted_phrase(words: &mut [Token]) {
    for a in 1..words.len() {
        let host = words[a].head as usize;
        if words[a].deprel != "appos" || words[a].upos != "PROPN" || host == 0 {
            continue;
        }
        let verb = words[host - 1].head;
        if verb == 0 || !words[host - 1].deprel.starts_with("obl") || (verb as usize) <= a {
            continue;
        }
        let v = verb as usize - 1;
        let has_subject = ["nsubj", "nsubj:pass", "csubj", "expl"]
            .iter()
            .any(|d| has_dependent(words, verb, d));
        if words[v].upos != "VERB" || has_subject || words[a - 1].form != "," {
            continue;
        }
        let (_, end) = subtree_span(words, a);
        let comma_then_verb = words.get(end + 1).is_some_and(|w| w.form == ",")
            && (end + 2..v).all(|k| {
                words[k].head == verb && matches!(words[k].deprel.as_str(), "aux" | "aux:pass")
            });
        if comma_then_verb {
            let passive = has_dependent(words, verb, "aux:pass");
            words[a].head = verb;
            words[a].deprel = if passive { "nsubj:pass" } else { "nsubj" }.to_string();
        }
    }
}

/// Participles news puts before a name or title ("visiting Chinese Premier Li Qiang").
const PRENOMINAL_PARTICIPLES: [&str; 8] = [
    "visiting",
    "outgoing",
    "incoming",
    "ruling",
    "governing",
    "neighbouring",
    "neighboring",
    "warring",
];

/// "Blinken met visiting Australian Foreign Minister Marise Payne": the parser makes the
/// participle a clause and the name its object. A participle of this kind whose object
/// starts right after it, under a verb with no object of its own, modifies that object, which
/// is the verb's (UD: `amod`).
fn prenominal_participle(words: &mut [Token]) {
    for i in 0..words.len() {
        let lower = words[i].form.to_lowercase();
        if words[i].xpos != "VBG" || !PRENOMINAL_PARTICIPLES.contains(&lower.as_str()) {
            continue;
        }
        let (id, verb) = (i as u32 + 1, words[i].head);
        let Some(object) =
            (i + 1..words.len()).find(|&o| words[o].head == id && words[o].deprel == "obj")
        else {
            continue;
        };
        let verb_has_object = words
            .iter()
            .enumerate()
            .any(|(j, w)| j != i && w.head == verb && w.deprel == "obj");
        if verb == 0
            || verb_has_object
            || words[verb as usize - 1].upos != "VERB"
            || subtree_span(words, object).0 != i + 1
        {
            continue;
        }
        words[object].head = verb;
        words[object].deprel = "obj".to_string();
        words[i].head = object as u32 + 1;
        words[i].deprel = "amod".to_string();
    }
}

/// Nouns that head a bare time phrase ("last year", "this week", "earlier this month").
const TIME_NOUNS: [&str; 12] = [
    "year",
    "week",
    "month",
    "weekend",
    "night",
    "morning",
    "afternoon",
    "evening",
    "summer",
    "winter",
    "spring",
    "autumn",
];

/// "Cairo last year signed an agreement": the parser reads the name as a compound of the time
/// phrase after it, and the verb is left without a subject. A name compounded onto the start
/// of a bare time phrase ("last year", "this week") that modifies a subjectless verb is that
/// verb's subject.
fn name_before_time_phrase(words: &mut [Token]) {
    for i in 0..words.len() {
        let verb = words[i].head;
        if verb == 0
            || !matches!(
                words[i].deprel.as_str(),
                "obl:unmarked" | "obl:tmod" | "obl" | "nsubj"
            )
            || !TIME_NOUNS
                .iter()
                .any(|t| words[i].form.eq_ignore_ascii_case(t))
        {
            continue;
        }
        let id = i as u32 + 1;
        if has_dependent(words, id, "case") {
            continue;
        }
        let Some(name) = (0..i).find(|&c| words[c].head == id) else {
            continue;
        };
        let modifier = words[name + 1..i].iter().all(|w| {
            w.head == id
                && matches!(
                    w.form.to_lowercase().as_str(),
                    "last" | "this" | "next" | "earlier" | "later" | "late" | "early"
                )
        });
        let subjectless = !words
            .iter()
            .enumerate()
            .any(|(j, w)| j != i && w.head == verb && w.deprel.starts_with("nsubj"));
        if words[name].deprel == "compound"
            && words[name].upos == "PROPN"
            && name + 1 < i
            && modifier
            && subjectless
            && words[verb as usize - 1].upos == "VERB"
        {
            words[name].head = verb;
            words[name].deprel = "nsubj".to_string();
            if words[i].deprel == "nsubj" {
                words[i].deprel = "obl:unmarked".to_string();
            }
        }
    }
}

/// Words that make a time expression on their own, without a preposition.
const BARE_TIME_WORDS: [&str; 11] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "today",
    "yesterday",
    "tonight",
    "tomorrow",
];

/// News puts bare time words where arguments go ("Tuesday the parliament approved …", "lifted
/// Friday a blockade", "Yasser Arafat Wednesday rejected …"), and the parser reads them as a
/// second subject or object, an object with the real one in apposition, or the end of a
/// name. A predicate has at most one subject and one object (the treebanks have 2 exceptions
/// in 50,000) and a day is no part of a person's name, so such a time word becomes the
/// predicate's temporal modifier (`obl:unmarked`), and the phrase it held in apposition the
/// predicate's object.
fn bare_time_not_argument(words: &mut [Token]) {
    let base = |l: &str| l.split(':').next().unwrap_or("").to_string();
    for i in 0..words.len() {
        let id = i as u32 + 1;
        let (head, deprel) = (words[i].head, base(&words[i].deprel));
        let is_time = || {
            BARE_TIME_WORDS
                .iter()
                .any(|t| words[i].form.eq_ignore_ascii_case(t))
                && !has_dependent(words, id, "case")
        };
        if head == 0
            || !matches!(deprel.as_str(), "nsubj" | "obj" | "iobj" | "obl" | "flat")
            || !is_time()
        {
            continue;
        }
        let has_object = |words: &[Token]| {
            words
                .iter()
                .enumerate()
                .any(|(j, w)| j != i && w.head == head && w.deprel == "obj")
        };
        if matches!(deprel.as_str(), "obj" | "obl") && !has_object(words) {
            let appositive =
                (i + 1..words.len()).find(|&j| words[j].head == id && words[j].deprel == "appos");
            if let Some(j) = appositive {
                words[j].head = head;
                words[j].deprel = "obj".to_string();
                words[i].deprel = "obl:unmarked".to_string();
                continue;
            }
        }
        match deprel.as_str() {
            "nsubj" | "obj" | "iobj" => {
                // An indirect object needs a direct one beside it; a day never receives
                // anything.
                let rival = |words: &[Token]| {
                    words
                        .iter()
                        .enumerate()
                        .any(|(j, w)| j != i && w.head == head && base(&w.deprel) == deprel)
                };
                if deprel == "iobj" || rival(words) {
                    words[i].deprel = "obl:unmarked".to_string();
                }
            }
            "flat" => {
                // The name's own head is the predicate the day modifies.
                let name = head as usize - 1;
                if words[name].upos == "PROPN" && words[name].head != 0 {
                    words[i].head = words[name].head;
                    words[i].deprel = "obl:unmarked".to_string();
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(spec: &[(&str, u32, &str)]) -> Vec<Token> {
        spec.iter()
            .enumerate()
            .map(|(i, &(form, head, deprel))| Token {
                id: i as u32 + 1,
                form: form.into(),
                head,
                deprel: deprel.into(),
                ..Token::default()
            })
            .collect()
    }

    #[test]
    fn a_day_name_sharing_the_object_role_becomes_a_time_modifier() {
        // lifted Friday a blockade
        let mut w = words(&[
            ("lifted", 0, "root"),
            ("Friday", 1, "obj"),
            ("a", 4, "det"),
            ("blockade", 1, "obj"),
        ]);
        bare_time_not_argument(&mut w);
        assert_eq!(w[1].deprel, "obl:unmarked");
        assert_eq!(w[3].deprel, "obj");
        w[1].deprel = "iobj".into();
        bare_time_not_argument(&mut w);
        assert_eq!(w[1].deprel, "obl:unmarked");
    }

    #[test]
    fn an_object_day_gives_its_appositive_back_and_a_day_ends_no_name() {
        // rejected Thursday a U.N. appeal (the appeal read as Thursday's apposition)
        let mut w = words(&[
            ("rejected", 0, "root"),
            ("Thursday", 1, "obj"),
            ("an", 4, "det"),
            ("appeal", 2, "appos"),
        ]);
        bare_time_not_argument(&mut w);
        assert_eq!((w[3].head, w[3].deprel.as_str()), (1, "obj"));
        assert_eq!((w[1].head, w[1].deprel.as_str()), (1, "obl:unmarked"));
        // Yasser Arafat Wednesday rejected
        let mut w = words(&[
            ("Yasser", 4, "nsubj"),
            ("Arafat", 1, "flat"),
            ("Wednesday", 1, "flat"),
            ("rejected", 0, "root"),
        ]);
        w[0].upos = "PROPN".into();
        bare_time_not_argument(&mut w);
        assert_eq!((w[2].head, w[2].deprel.as_str()), (4, "obl:unmarked"));
    }

    #[test]
    fn a_title_read_as_a_second_subject_describes_the_name_after_it() {
        // Secretary of State Marco Rubio said
        let mut w = words(&[
            ("Secretary", 6, "nsubj"),
            ("of", 3, "case"),
            ("State", 1, "nmod"),
            ("Marco", 6, "nsubj"),
            ("Rubio", 4, "flat"),
            ("said", 0, "root"),
        ]);
        for i in [0, 2, 3, 4] {
            w[i].upos = "PROPN".into();
        }
        title_before_name(&mut w);
        assert_eq!((w[0].head, w[0].deprel.as_str()), (4, "nmod:desc"));
        assert_eq!((w[3].head, w[3].deprel.as_str()), (6, "nsubj"));
        // "Russia and China agreed" read as two subjects stays as it is.
        let mut w = words(&[
            ("Russia", 4, "nsubj"),
            ("and", 3, "cc"),
            ("China", 4, "nsubj"),
            ("agreed", 0, "root"),
        ]);
        w[0].upos = "PROPN".into();
        w[2].upos = "PROPN".into();
        w[1].upos = "CCONJ".into();
        title_before_name(&mut w);
        assert_eq!(w[0].deprel, "nsubj");
    }

    #[test]
    fn a_subject_pronoun_read_as_the_object_of_said_is_its_verbs_subject() {
        // the force said it shot down 30 drones
        let spec = [
            ("force", 2, "nsubj"),
            ("said", 0, "root"),
            ("it", 2, "obj"),
            ("shot", 2, "xcomp"),
            ("down", 4, "advmod"),
            ("30", 7, "nummod"),
            ("drones", 4, "obl"),
        ];
        let mut w = words(&spec);
        w[3].xpos = "VBN".into();
        w[4].upos = "ADV".into();
        w[6].upos = "NOUN".into();
        subject_pronoun_read_as_object(&mut w);
        assert_eq!((w[2].head, w[2].deprel.as_str()), (4, "nsubj"));
        assert_eq!((w[3].deprel.as_str(), w[3].xpos.as_str()), ("ccomp", "VBD"));
        assert_eq!(w[4].deprel, "compound:prt");
        assert_eq!((w[6].head, w[6].deprel.as_str()), (4, "obj"));
        // A participle with nothing after it stays one ("found it shot").
        let mut w = words(&spec[..4]);
        w[3].xpos = "VBN".into();
        subject_pronoun_read_as_object(&mut w);
        assert_eq!(
            (w[2].deprel.as_str(), w[3].deprel.as_str()),
            ("obj", "xcomp")
        );
    }

    #[test]
    fn a_noun_phrase_hung_on_said_as_a_second_complement_is_the_object() {
        // Serb forces killed three Albanians , a council said
        let mut w = words(&[
            ("Serb", 2, "compound"),
            ("forces", 9, "nsubj"),
            ("killed", 9, "ccomp"),
            ("three", 5, "nummod"),
            ("Albanians", 9, "ccomp"),
            (",", 8, "punct"),
            ("a", 8, "det"),
            ("council", 9, "nsubj"),
            ("said", 0, "root"),
        ]);
        w[2].upos = "VERB".into();
        w[4].upos = "PROPN".into();
        object_read_as_second_complement(&mut w);
        assert_eq!((w[4].head, w[4].deprel.as_str()), (3, "obj"));
        assert_eq!((w[1].head, w[7].head), (3, 9), "each verb has its subject");
        // With a preposition it is no object ("… implementing a plan for our communities").
        let mut w = words(&[
            ("implementing", 5, "ccomp"),
            ("plans", 1, "obj"),
            ("for", 4, "case"),
            ("communities", 5, "ccomp"),
            ("said", 0, "root"),
        ]);
        w[0].upos = "VERB".into();
        w[3].upos = "NOUN".into();
        object_read_as_second_complement(&mut w);
        assert_eq!((w[3].head, w[3].deprel.as_str()), (5, "ccomp"));
    }

    #[test]
    fn a_participle_with_an_object_before_an_attribution_is_the_verb() {
        // troops killed four fighters , a group said
        let mut w = words(&[
            ("troops", 8, "nsubj"),
            ("killed", 1, "acl"),
            ("four", 4, "nummod"),
            ("fighters", 2, "obj"),
            (",", 7, "punct"),
            ("a", 7, "det"),
            ("group", 8, "nsubj"),
            ("said", 0, "root"),
        ]);
        w[1].xpos = "VBN".into();
        participle_clause_before_attribution(&mut w);
        assert_eq!((w[1].head, w[1].deprel.as_str()), (8, "ccomp"));
        assert_eq!((w[0].head, w[0].deprel.as_str()), (2, "nsubj"));
        assert_eq!(w[6].head, 8, "the speaker stays");
    }

    #[test]
    fn an_infinitive_after_a_proposal_object_belongs_to_the_noun() {
        // rebels dismissed an appeal to lay down arms
        let mut w = words(&[
            ("rebels", 2, "nsubj"),
            ("dismissed", 0, "root"),
            ("an", 4, "det"),
            ("appeal", 2, "obj"),
            ("to", 6, "mark"),
            ("lay", 2, "xcomp"),
            ("arms", 6, "obj"),
        ]);
        w[1].upos = "VERB".into();
        w[1].lemma = "dismiss".into();
        w[3].lemma = "appeal".into();
        w[4].lemma = "to".into();
        w[5].xpos = "VB".into();
        infinitive_of_a_proposal_noun(&mut w);
        assert_eq!((w[5].head, w[5].deprel.as_str()), (4, "acl"));
        // An object-control verb keeps its infinitive: "urged the council to act".
        w[1].lemma = "urge".into();
        w[5].head = 2;
        w[5].deprel = "xcomp".into();
        infinitive_of_a_proposal_noun(&mut w);
        assert_eq!((w[5].head, w[5].deprel.as_str()), (2, "xcomp"));
    }

    #[test]
    fn quotes_and_brackets_attach_to_the_phrase_they_enclose() {
        // the attack was " criminal " and that ( as he put it ) nothing was left
        let mut w = words(&[
            ("the", 2, "det"),
            ("attack", 5, "nsubj"),
            ("was", 5, "cop"),
            ("\"", 5, "punct"),
            ("criminal", 0, "root"),
            ("\"", 14, "punct"),
            ("and", 14, "cc"),
            ("that", 14, "mark"),
            ("(", 14, "punct"),
            ("as", 12, "mark"),
            ("he", 12, "nsubj"),
            ("put", 14, "advcl"),
            (")", 14, "punct"),
            ("left", 5, "conj"),
        ]);
        paired_punctuation(&mut w);
        let heads: Vec<u32> = w.iter().map(|t| t.head).collect();
        assert_eq!(heads[3], 5);
        assert_eq!(heads[5], 5, "the closing quote joins its phrase");
        assert_eq!(
            (heads[8], heads[12]),
            (12, 12),
            "brackets join the clause inside"
        );
        // Two phrases inside the marks (no single head): left as parsed.
        let mut w = words(&[
            ("saw", 0, "root"),
            ("(", 3, "punct"),
            ("a", 1, "obj"),
            ("b", 1, "obj"),
            (")", 1, "punct"),
        ]);
        paired_punctuation(&mut w);
        assert_eq!((w[1].head, w[4].head), (3, 1));
    }

    #[test]
    fn the_speaker_after_a_quotation_is_the_subject() {
        // " We are not ready , " fretted Muslima Abdullahi
        let mut w = words(&[
            ("\"", 4, "punct"),
            ("We", 4, "nsubj"),
            ("are", 4, "cop"),
            ("ready", 8, "ccomp"),
            (",", 4, "punct"),
            ("\"", 4, "punct"),
            ("fretted", 0, "root"),
            ("Muslima", 7, "obj"),
        ]);
        w[6].upos = "VERB".into();
        w[7].upos = "PROPN".into();
        w[3].head = 7;
        speaker_after_quote(&mut w);
        assert_eq!(w[7].deprel, "nsubj");
        // "… ," the report told ministers: a subject is there, the object stays.
        let mut w = words(&[
            ("\"", 2, "punct"),
            ("Go", 5, "ccomp"),
            ("\"", 2, "punct"),
            ("it", 5, "nsubj"),
            ("told", 0, "root"),
            ("ministers", 5, "obj"),
        ]);
        w[4].upos = "VERB".into();
        w[5].upos = "NOUN".into();
        speaker_after_quote(&mut w);
        assert_eq!(w[5].deprel, "obj");
    }

    #[test]
    fn a_name_compounded_onto_a_time_phrase_is_the_subject() {
        // Cairo last year signed an agreement
        let mut w = words(&[
            ("Cairo", 3, "compound"),
            ("last", 3, "amod"),
            ("year", 4, "obl:unmarked"),
            ("signed", 0, "root"),
            ("an", 6, "det"),
            ("agreement", 4, "obj"),
        ]);
        w[0].upos = "PROPN".into();
        w[3].upos = "VERB".into();
        name_before_time_phrase(&mut w);
        assert_eq!((w[0].head, w[0].deprel.as_str()), (4, "nsubj"));
        // "Egypt signed a deal with the Cairo last year …": a subject is there already.
        let mut w = words(&[
            ("Egypt", 4, "nsubj"),
            ("Cairo", 4, "compound"),
            ("last", 4, "amod"),
            ("year", 5, "obl:unmarked"),
            ("signed", 0, "root"),
        ]);
        w[1].upos = "PROPN".into();
        w[4].upos = "VERB".into();
        w[0].head = 5;
        w[1].head = 4;
        w[2].head = 4;
        name_before_time_phrase(&mut w);
        assert_eq!(w[1].deprel, "compound");
    }

    #[test]
    fn names_set_off_after_a_bare_noun_are_its_apposition() {
        // members — Grassley , Risch — led
        let mut w = words(&[
            ("members", 7, "obl"),
            ("—", 3, "punct"),
            ("Grassley", 7, "nsubj"),
            (",", 5, "punct"),
            ("Risch", 3, "conj"),
            ("—", 3, "punct"),
            ("led", 0, "root"),
        ]);
        w[0].upos = "NOUN".into();
        w[2].upos = "PROPN".into();
        names_set_off_after_subject(&mut w);
        assert_eq!((w[0].head, w[0].deprel.as_str()), (7, "nsubj"));
        assert_eq!((w[2].head, w[2].deprel.as_str()), (1, "appos"));
        // "In the capital, Smith said": the oblique has its preposition.
        let mut w = words(&[
            ("In", 3, "case"),
            ("the", 3, "det"),
            ("capital", 6, "obl"),
            (",", 5, "punct"),
            ("Smith", 6, "nsubj"),
            ("said", 0, "root"),
        ]);
        w[2].upos = "NOUN".into();
        w[4].upos = "PROPN".into();
        names_set_off_after_subject(&mut w);
        assert_eq!(w[4].deprel, "nsubj");
    }

    #[test]
    fn a_name_set_off_after_a_fronted_phrase_is_the_subject_of_a_verb_without_one() {
        // Before the election , Ishiba , as a member , visited Taiwan
        let spec = [
            ("Before", 3, "case"),
            ("the", 3, "det"),
            ("election", 11, "obl"),
            (",", 5, "punct"),
            ("Ishiba", 3, "appos"),
            (",", 9, "punct"),
            ("as", 9, "case"),
            ("a", 9, "det"),
            ("member", 5, "nmod"),
            (",", 3, "punct"),
            ("visited", 0, "root"),
            ("Taiwan", 11, "obj"),
        ];
        let mut w = words(&spec);
        w[4].upos = "PROPN".into();
        w[10].upos = "VERB".into();
        subject_read_as_apposition_of_fronted_phrase(&mut w);
        assert_eq!((w[4].head, w[4].deprel.as_str()), (11, "nsubj"));
        // The verb has a subject of its own: the name stays the phrase's apposition.
        let mut w = words(&spec);
        w[4].upos = "PROPN".into();
        w[10].upos = "VERB".into();
        w[11].deprel = "nsubj".into();
        subject_read_as_apposition_of_fronted_phrase(&mut w);
        assert_eq!((w[4].head, w[4].deprel.as_str()), (3, "appos"));
    }

    #[test]
    fn a_visiting_minister_is_the_object_the_participle_modifies() {
        // met visiting Minister Payne
        let mut w = words(&[
            ("met", 0, "root"),
            ("visiting", 1, "xcomp"),
            ("Minister", 4, "nmod:desc"),
            ("Payne", 2, "obj"),
        ]);
        w[0].upos = "VERB".into();
        w[1].xpos = "VBG".into();
        prenominal_participle(&mut w);
        assert_eq!((w[3].head, w[3].deprel.as_str()), (1, "obj"));
        assert_eq!((w[1].head, w[1].deprel.as_str()), (4, "amod"));
    }

    #[test]
    fn a_name_after_a_subjects_gerund_is_the_gerunds_object() {
        // Protesters denouncing Turkey marched (read as two subjects of "marched")
        let mut w = words(&[
            ("Protesters", 4, "nsubj"),
            ("denouncing", 1, "acl"),
            ("Turkey", 4, "nsubj"),
            ("marched", 0, "root"),
        ]);
        w[0].upos = "NOUN".into();
        w[1].upos = "VERB".into();
        w[1].xpos = "VBG".into();
        w[2].upos = "PROPN".into();
        title_before_name(&mut w);
        assert_eq!((w[2].head, w[2].deprel.as_str()), (2, "obj"));
        assert_eq!((w[0].head, w[0].deprel.as_str()), (4, "nsubj"));
    }

    #[test]
    fn a_participle_with_an_object_under_a_root_noun_is_the_main_verb() {
        // Officials demanded that they stop.
        let mut w = words(&[
            ("Officials", 0, "root"),
            ("demanded", 1, "acl"),
            ("that", 5, "mark"),
            ("they", 5, "nsubj"),
            ("stop", 2, "ccomp"),
            (".", 1, "punct"),
        ]);
        w[0].upos = "NOUN".into();
        w[1].xpos = "VBN".into();
        participle_with_object_is_the_verb(&mut w);
        assert_eq!(
            (w[1].head, w[1].deprel.as_str(), w[1].xpos.as_str()),
            (0, "root", "VBD")
        );
        assert_eq!((w[0].head, w[0].deprel.as_str()), (2, "nsubj"));
        assert_eq!(w[5].head, 2);
        // "Officials killed in the raid." stays a headline fragment.
        let mut w = words(&[
            ("Officials", 0, "root"),
            ("killed", 1, "acl"),
            ("in", 5, "case"),
            ("the", 5, "det"),
            ("raid", 2, "obl"),
        ]);
        w[0].upos = "NOUN".into();
        w[1].xpos = "VBN".into();
        participle_with_object_is_the_verb(&mut w);
        assert_eq!(w[1].deprel, "acl");
    }

    #[test]
    fn a_lone_time_word_subject_or_one_with_a_preposition_is_left_alone() {
        // "Tomorrow is another day": the only subject stays one.
        let mut w = words(&[
            ("Tomorrow", 3, "nsubj"),
            ("is", 3, "cop"),
            ("day", 0, "root"),
        ]);
        bare_time_not_argument(&mut w);
        assert_eq!(w[0].deprel, "nsubj");
        let mut w = words(&[
            ("on", 2, "case"),
            ("Monday", 4, "obj"),
            ("they", 4, "nsubj"),
            ("met", 0, "root"),
            ("him", 4, "obj"),
        ]);
        bare_time_not_argument(&mut w);
        assert_eq!(w[1].deprel, "obj");
    }

    #[test]
    fn a_members_file_that_is_not_one_is_an_error_naming_it() {
        let mut model = UdModel::from_bytes(crate::EN_UD_MODEL, "built-in").expect("loads");
        let err = model.add_members(b"not gzip", "m.bin.gz").unwrap_err();
        assert!(err.to_string().contains("m.bin.gz"), "{err}");
        // A whole UD model is not a members file.
        let err = model
            .add_members(crate::EN_UD_MODEL, "en_ud.bin.gz")
            .unwrap_err();
        assert!(err.to_string().contains("bad magic"), "{err}");
        assert!(model.ensemble.is_empty(), "nothing was added");
        // Members written and read back join the ensemble.
        model
            .add_members(crate::EN_UD_MEMBERS, "members")
            .expect("shipped members load");
        let n = model.ensemble.len();
        let bytes = model.members_to_bytes().expect("writes");
        model.add_members(&bytes, "round trip").expect("reads back");
        assert_eq!(model.ensemble.len(), 2 * n);
    }

    #[test]
    fn parsers_load_from_a_model_or_a_members_file_and_a_missing_file_is_named() {
        let dir = std::env::temp_dir().join(format!("dyad-parsers-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let (model_path, members_path) = (dir.join("ud.bin.gz"), dir.join("members.bin.gz"));
        std::fs::write(&model_path, crate::EN_UD_MODEL).expect("write model");
        std::fs::write(&members_path, crate::EN_UD_MEMBERS).expect("write members");
        let from_model = load_parsers(&model_path).expect("a model's parsers");
        let from_members = load_parsers(&members_path).expect("a members file's parsers");
        assert_eq!(from_model.len(), 1, "the shipped model has one parser");
        assert_eq!(from_members.len(), 6, "the shipped members file has six");
        let missing = dir.join("missing.bin.gz");
        let err = load_parsers(&missing)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("missing.bin.gz"), "{err}");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn quantifier_phrases_are_found_only_before_a_number_inside_the_sentence() {
        let lower = |s: &str| s.split(' ').map(str::to_string).collect::<Vec<_>>();
        let numbers = |w: &[String]| {
            let w = w.to_vec();
            move |i: usize| {
                w.get(i)
                    .is_some_and(|x| x.chars().all(|c| c.is_ascii_digit() || c == ','))
            }
        };
        let w = lower("more than 5,000 refugees fled , up to 300 at least 2 died");
        assert_eq!(quantifier_phrases(&w, numbers(&w)), vec![0, 6, 9]);
        // Not before a word ("more than ever"), not when the number ends the sentence.
        let w = lower("more than ever they asked for more than 10");
        assert!(quantifier_phrases(&w, numbers(&w)).is_empty());
    }

    #[test]
    fn a_sentence_opened_by_more_than_a_number_keeps_its_verb_as_root() {
        let model = UdModel::from_bytes(crate::EN_UD_MODEL, "built-in").expect("loads");
        let mut words: Vec<Token> = "More than 5,000 refugees fled to Chad ."
            .split(' ')
            .map(|f| Token {
                form: f.into(),
                ..Token::default()
            })
            .collect();
        model.annotate(&mut words);
        let rel = |i: usize| (words[i].head, words[i].deprel.as_str());
        assert_eq!(rel(4), (0, "root"), "fled is the root");
        assert_eq!(rel(0), (3, "advmod"), "More modifies the number");
        assert_eq!(rel(1), (1, "fixed"));
        assert_eq!(rel(3), (5, "nsubj"));
    }

    #[test]
    fn an_infinitive_hung_inside_the_object_phrase_goes_back_to_its_control_verb() {
        // allow refugees who lived in Iraq to return (to return read as "Iraq"'s acl)
        let spec = [
            ("allow", 0, "root"),
            ("refugees", 1, "obj"),
            ("who", 4, "nsubj"),
            ("lived", 2, "acl:relcl"),
            ("in", 6, "case"),
            ("Iraq", 4, "obl"),
            ("to", 8, "mark"),
            ("return", 6, "acl"),
        ];
        let tagged = |spec: &[(&str, u32, &str)]| {
            let mut w = words(spec);
            for t in &mut w {
                t.lemma = t.form.to_lowercase();
                (t.upos, t.xpos) = match t.form.as_str() {
                    "allow" | "return" | "lift" => ("VERB".into(), "VB".into()),
                    "lived" => ("VERB".into(), "VBD".into()),
                    _ => ("NOUN".into(), "NN".into()),
                };
            }
            w
        };
        let mut w = tagged(&spec);
        control_infinitive_after_object(&mut w);
        assert_eq!((w[7].head, w[7].deprel.as_str()), (1, "xcomp"));
        // A verb that already has its infinitive, or no control verb, is left alone.
        let mut w = tagged(&[
            ("allow", 0, "root"),
            ("refugees", 1, "obj"),
            ("to", 4, "mark"),
            ("return", 1, "xcomp"),
            ("to", 6, "mark"),
            ("lift", 2, "acl"),
        ]);
        control_infinitive_after_object(&mut w);
        assert_eq!((w[5].head, w[5].deprel.as_str()), (2, "acl"));
    }
}
