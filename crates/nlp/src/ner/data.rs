//! Reading NER training and evaluation data into [`NerSentence`]s with PER/ORG/LOC spans.
//!
//! Formats, detected from the content:
//! - UNER `.iob2` (`id<TAB>word<TAB>tag[<TAB>…]`, `#` comments);
//! - CoNLL-style columns (`word … tag`, tab or space separated; BIO, IO, BIOES/BILOU tags),
//!   as wikigold, re3d and CrossNER ship them;
//! - CoNLL-U with GUM's MISC `Entity=` layer: named person/organization/place mentions become
//!   PER/ORG/LOC spans. Documents listed in a `GUM_NC_documents.tsv` next to the file
//!   (non-commercial licence) are left out.
//!
//! Label names of every source are mapped onto the Universal NER set; everything else (MISC,
//! OTH, dates, elections, nationalities…) becomes O, as UNER annotates it.

use std::collections::HashSet;
use std::path::Path;

use super::{Label, NerError};

/// An entity span over word indices, end exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub label: Label,
}

impl Span {
    /// Whether word `i` is inside the span.
    pub fn covers(&self, i: usize) -> bool {
        self.start <= i && i < self.end
    }
}

/// A tokenised sentence with its gold entities (and gold or predicted UPOS when known).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NerSentence {
    pub words: Vec<String>,
    pub spans: Vec<Span>,
    /// UPOS of each word, or empty when the source has none.
    pub upos: Vec<String>,
    /// Which document of its file the sentence belongs to (`# newdoc`, `-DOCSTART-`), counting
    /// from 0; a file without document marks is one document.
    pub doc: usize,
    /// The corpus the sentence was read from (the name of its file's directory: corpora ship
    /// one per directory, split into several files), which training uses to learn each
    /// corpus's own annotation habits apart from what all corpora share.
    pub source: String,
}

/// Maps a source corpus's entity type onto PER/ORG/LOC; `None` means O.
pub fn map_label(kind: &str) -> Option<Label> {
    match kind.to_ascii_lowercase().as_str() {
        "per" | "person" | "politician" | "pers" => Some(Label::Per),
        "org" | "organisation" | "organization" | "politicalparty" => Some(Label::Org),
        "loc" | "location" | "country" | "gpe" | "place" => Some(Label::Loc),
        _ => None,
    }
}

/// Reads a NER file of any supported format.
pub fn read_file(path: &Path) -> Result<Vec<NerSentence>, NerError> {
    let text = std::fs::read_to_string(path).map_err(|e| NerError::Data {
        path: path.display().to_string(),
        line: 0,
        reason: e.to_string(),
    })?;
    let is_conllu = text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .take(20)
        .any(|l| l.split('\t').count() == 10);
    let mut sentences = if is_conllu {
        let excluded = read_noncommercial_list(path);
        read_gum_conllu(&text, &excluded).map_err(|(line, reason)| NerError::Data {
            path: path.display().to_string(),
            line,
            reason,
        })?
    } else {
        parse_columns(&text).map_err(|(line, reason)| NerError::Data {
            path: path.display().to_string(),
            line,
            reason,
        })?
    };
    let source = path
        .parent()
        .and_then(Path::file_name)
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    for s in &mut sentences {
        s.source.clone_from(&source);
    }
    Ok(sentences)
}

/// Document ids listed in `GUM_NC_documents.tsv` beside a GUM file.
fn read_noncommercial_list(path: &Path) -> HashSet<String> {
    let list = path
        .parent()
        .map(|dir| dir.join("GUM_NC_documents.tsv"))
        .and_then(|p| std::fs::read_to_string(p).ok())
        .unwrap_or_default();
    list.lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split('\t').nth(1))
        .map(|s| s.trim().to_string())
        .collect()
}

fn is_comment(line: &str) -> bool {
    line.starts_with("# ") && (line.contains(" = ") || !line.contains('\t'))
        || line.starts_with("-DOCSTART-")
}

/// One tag as read: position prefix and mapped label.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Prefix {
    Begin,
    Inside,
    End,
    Single,
}

fn parse_tag(tag: &str) -> Result<Option<(Prefix, Label)>, String> {
    if tag == "O" || tag == "_" || tag == "-" {
        return Ok(None);
    }
    let (prefix, kind) = tag
        .split_once('-')
        .ok_or_else(|| format!("tag {tag:?} is not O or PREFIX-TYPE"))?;
    let prefix = match prefix {
        "B" => Prefix::Begin,
        "I" => Prefix::Inside,
        "E" | "L" => Prefix::End,
        "S" | "U" => Prefix::Single,
        _ => return Err(format!("tag {tag:?} has an unknown prefix")),
    };
    Ok(map_label(kind).map(|label| (prefix, label)))
}

/// Parses IOB2 / CoNLL column text. Errors carry the 1-based line number.
pub fn parse_columns(text: &str) -> Result<Vec<NerSentence>, (usize, String)> {
    let mut sentences = Vec::new();
    let mut words: Vec<String> = Vec::new();
    let mut tags: Vec<Option<(Prefix, Label)>> = Vec::new();
    let mut doc = 0;
    let mut docs_seen = 0;
    for (idx, raw) in text.lines().enumerate() {
        let line = raw.trim_end_matches('\r');
        if line.trim().is_empty() {
            if !words.is_empty() {
                sentences.push(build_sentence(
                    std::mem::take(&mut words),
                    std::mem::take(&mut tags),
                    doc,
                ));
            }
            continue;
        }
        if is_comment(line) {
            if line.starts_with("# newdoc") || line.starts_with("-DOCSTART-") {
                if !words.is_empty() {
                    sentences.push(build_sentence(
                        std::mem::take(&mut words),
                        std::mem::take(&mut tags),
                        doc,
                    ));
                }
                if docs_seen > 0 || !sentences.is_empty() {
                    doc += 1;
                }
                docs_seen += 1;
            }
            continue;
        }
        let cols: Vec<&str> = if line.contains('\t') {
            line.split('\t').collect()
        } else {
            line.split_whitespace().collect()
        };
        let (word, tag) = if cols.len() >= 3 && cols[0].chars().all(|c| c.is_ascii_digit()) {
            (cols[1], cols[2])
        } else if cols.len() >= 2 {
            (cols[0], cols[cols.len() - 1])
        } else {
            return Err((idx + 1, format!("expected a word and a tag, got {line:?}")));
        };
        let tag = parse_tag(tag.trim()).map_err(|e| (idx + 1, e))?;
        words.push(word.to_string());
        tags.push(tag);
    }
    if !words.is_empty() {
        sentences.push(build_sentence(words, tags, doc));
    }
    Ok(sentences)
}

/// Turns per-word tags into spans. An `I-X` that does not continue an `X` starts a new span
/// (IO-tagged corpora and the UNER draft's leftovers need that).
fn build_sentence(
    words: Vec<String>,
    tags: Vec<Option<(Prefix, Label)>>,
    doc: usize,
) -> NerSentence {
    let mut spans = Vec::new();
    let mut open: Option<(usize, Label)> = None;
    for (i, tag) in tags.iter().enumerate() {
        match tag {
            None => {
                if let Some((s, l)) = open.take() {
                    spans.push(Span {
                        start: s,
                        end: i,
                        label: l,
                    });
                }
            }
            Some((prefix, label)) => {
                let continues = matches!(open, Some((_, l)) if l == *label)
                    && matches!(prefix, Prefix::Inside | Prefix::End);
                if !continues {
                    if let Some((s, l)) = open.take() {
                        spans.push(Span {
                            start: s,
                            end: i,
                            label: l,
                        });
                    }
                    open = Some((i, *label));
                }
                if matches!(prefix, Prefix::End | Prefix::Single) {
                    if let Some((s, l)) = open.take() {
                        spans.push(Span {
                            start: s,
                            end: i + 1,
                            label: l,
                        });
                    }
                }
            }
        }
    }
    if let Some((s, l)) = open {
        spans.push(Span {
            start: s,
            end: tags.len(),
            label: l,
        });
    }
    NerSentence {
        words,
        spans,
        upos: Vec::new(),
        doc,
        source: String::new(),
    }
}

/// One mention of GUM's entity layer.
struct Mention {
    start: usize,
    end: usize,
    etype: String,
    /// Word indices (absolute) of the minimal span (the head words).
    heads: Vec<usize>,
}

/// Reads GUM CoNLL-U, turning named person/organization/place mentions into spans.
pub fn read_gum_conllu(
    text: &str,
    excluded_docs: &HashSet<String>,
) -> Result<Vec<NerSentence>, (usize, String)> {
    let parsed = dyad_model::conllu::parse(text).map_err(|e| (e.line, e.reason))?;
    let gazetteer = super::gazetteer::Gazetteer::shared();
    let mut out = Vec::new();
    let mut skipping = false;
    let mut doc_index = 0;
    let mut docs_seen = 0;
    for sentence in parsed {
        if let Some(doc) = &sentence.newdoc {
            skipping = excluded_docs.contains(doc.trim());
            if docs_seen > 0 {
                doc_index += 1;
            }
            docs_seen += 1;
        }
        if skipping {
            continue;
        }
        let words: Vec<String> = sentence.words.iter().map(|w| w.form.clone()).collect();
        let upos: Vec<String> = sentence.words.iter().map(|w| w.upos.clone()).collect();
        let upos_ref: Vec<&str> = upos.iter().map(String::as_str).collect();
        let mentions = gum_mentions(&sentence.misc);
        // GUM makes groups named by a demonym persons ("Americans", "Muslims"); UNER leaves
        // them out, as dyad does (they are NORP).
        let group = |s: &Span| {
            s.end - s.start == 1 && gazetteer.contains(super::gazetteer::DEMONYM, &words[s.start])
        };
        let mut candidates: Vec<Span> = mentions
            .iter()
            .flat_map(|m| named_spans(m, &words, &upos_ref))
            .filter(|s| !group(s))
            .collect();
        // Longest first, then keep the non-overlapping ones: "Bank of England" beats "England".
        candidates.sort_by_key(|s| (std::cmp::Reverse(s.end - s.start), s.start));
        let mut spans: Vec<Span> = Vec::new();
        for c in candidates {
            if spans.iter().all(|s| c.end <= s.start || c.start >= s.end) {
                spans.push(c);
            }
        }
        spans.sort();
        out.push(NerSentence {
            words,
            spans,
            upos,
            doc: doc_index,
            source: String::new(),
        });
    }
    Ok(out)
}

/// Parses the `Entity=` MISC values of one sentence into mentions (bracket notation).
fn gum_mentions(misc: &[String]) -> Vec<Mention> {
    let mut open: Vec<(String, usize, String, Vec<usize>)> = Vec::new();
    let mut out = Vec::new();
    for (i, m) in misc.iter().enumerate() {
        let Some(value) = m
            .split('|')
            .find_map(|kv| kv.strip_prefix("Entity="))
            .map(str::to_string)
        else {
            continue;
        };
        let bytes: Vec<char> = value.chars().collect();
        let mut p = 0;
        while p < bytes.len() {
            if bytes[p] == '(' {
                let mut q = p + 1;
                while q < bytes.len() && bytes[q] != '(' && bytes[q] != ')' {
                    q += 1;
                }
                let spec: String = bytes[p + 1..q].iter().collect();
                let fields: Vec<&str> = spec.split('-').collect();
                let id = fields.first().copied().unwrap_or("").to_string();
                let etype = fields.get(1).copied().unwrap_or("").to_string();
                let heads: Vec<usize> = fields
                    .get(5)
                    .map(|f| {
                        f.split(',')
                            .filter_map(|n| n.parse::<usize>().ok())
                            .map(|n| i + n.saturating_sub(1))
                            .collect()
                    })
                    .unwrap_or_default();
                if q < bytes.len() && bytes[q] == ')' {
                    out.push(Mention {
                        start: i,
                        end: i + 1,
                        etype,
                        heads,
                    });
                    p = q + 1;
                } else {
                    open.push((id, i, etype, heads));
                    p = q;
                }
            } else {
                let mut q = p;
                while q < bytes.len() && bytes[q] != ')' && bytes[q] != '(' {
                    q += 1;
                }
                let id: String = bytes[p..q].iter().collect();
                if q < bytes.len() && bytes[q] == ')' {
                    if let Some(pos) = open.iter().rposition(|o| o.0 == id) {
                        let (_, start, etype, heads) = open.remove(pos);
                        out.push(Mention {
                            start,
                            end: i + 1,
                            etype,
                            heads,
                        });
                    }
                    p = q + 1;
                } else {
                    p = q.max(p + 1);
                }
            }
        }
    }
    out
}

/// The proper-noun run of a person/organization/place mention around its head, if it has one.
/// The names of a mention: one around its first proper-noun head word; for a group of persons
/// ("Kirk Bart and Celeste Pollock") one per person.
fn named_spans(m: &Mention, words: &[String], upos: &[&str]) -> Vec<Span> {
    let Some(label) = map_label(&m.etype) else {
        return Vec::new();
    };
    let is_propn = |i: usize| upos.get(i).is_some_and(|u| *u == "PROPN");
    let heads = m
        .heads
        .iter()
        .copied()
        .filter(|&h| h >= m.start && h < m.end && is_propn(h));
    let heads: Vec<usize> = if label == Label::Per {
        heads.collect()
    } else {
        heads.take(1).collect()
    };
    let mut spans: Vec<Span> = Vec::new();
    for head in heads {
        if spans.iter().any(|s| s.start <= head && head < s.end) {
            continue;
        }
        spans.extend(named_span(m, head, label, words, upos));
    }
    spans
}

fn named_span(
    m: &Mention,
    head: usize,
    label: Label,
    words: &[String],
    upos: &[&str],
) -> Option<Span> {
    let is_propn = |i: usize| upos.get(i).is_some_and(|u| *u == "PROPN");
    // GUM tags the capitalised adjectives and participles of names as such ("the United/VERB
    // States", "the National/ADJ Library"); UNER's names include them. Not in person names,
    // whose capitalised words before the name are titles ("Former President").
    let name_word = |i: usize| {
        is_propn(i)
            || (label != Label::Per
                && words[i].chars().next().is_some_and(char::is_uppercase)
                && upos
                    .get(i)
                    .is_some_and(|u| matches!(*u, "ADJ" | "VERB" | "NOUN" | "NUM")))
    };
    let mut start = head;
    while start > m.start && name_word(start - 1) {
        start -= 1;
    }
    let mut end = head + 1;
    loop {
        if end < m.end && name_word(end) {
            end += 1;
            continue;
        }
        // "and" joins two persons' names, one place's ("Trinidad and Tobago").
        let connector = words.get(end).is_some_and(|w| match w.as_str() {
            "of" | "de" | "for" => true,
            "and" | "&" => label != Label::Per,
            _ => false,
        });
        // "Bank of England", and "National Library of the Netherlands".
        let article = usize::from(words.get(end + 1).is_some_and(|w| w == "the"));
        if connector && end + 1 + article < m.end && is_propn(end + 1 + article) {
            end += 2 + article;
            continue;
        }
        break;
    }
    // GUM tags titles before names as proper nouns ("President Obama", "Mr. Smith"); UNER
    // leaves them out of the name, and a title alone is no name.
    if label == Label::Per {
        // A title before a lower-case word is the name itself ("Earl of Clare").
        while start < end
            && is_title(&words[start])
            && words
                .get(start + 1)
                .filter(|_| start + 1 < end)
                .is_none_or(|w| w.chars().next().is_some_and(char::is_uppercase))
        {
            start += 1;
        }
        if start == end {
            return None;
        }
    }
    if start > m.start
        && words[start - 1].eq_ignore_ascii_case("the")
        && takes_article(&words[start..end].join(" "))
    {
        start -= 1;
    }
    Some(Span { start, end, label })
}

/// Whether a country's name includes its article ("the Netherlands", "The Bahamas"), as
/// UNER marks them.
pub(super) fn takes_article(name: &str) -> bool {
    matches!(name, "Netherlands" | "Gambia" | "Bahamas")
}

/// Whether a word is a title or honorific written before names (`titles.txt`).
fn is_title(word: &str) -> bool {
    include_str!("../../data/ner/titles.txt")
        .lines()
        .any(|t| !t.starts_with('#') && t.trim() == word)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A one-sentence GUM document from (form, UPOS, MISC) rows.
    fn gum_doc(id: &str, rows: &[(&str, &str, &str)]) -> String {
        let mut text = format!("# newdoc id = {id}\n");
        for (i, (w, u, m)) in rows.iter().enumerate() {
            text.push_str(&format!("{}\t{w}\t_\t{u}\t_\t_\t0\tdep\t_\t{m}\n", i + 1));
        }
        text.push('\n');
        text
    }

    #[test]
    fn gum_person_names_leave_out_titles() {
        let rows = [
            (
                "President",
                "PROPN",
                "Entity=(1-person-new-nnnnn-cf1-2-coref",
            ),
            ("Obama", "PROPN", "Entity=1)"),
            ("left", "VERB", "_"),
        ];
        let s = read_gum_conllu(&gum_doc("GUM_news_y", &rows), &HashSet::new()).unwrap();
        assert_eq!(
            s[0].spans,
            vec![Span {
                start: 1,
                end: 2,
                label: Label::Per
            }]
        );
    }

    #[test]
    fn iob2_with_draft_tags_maps_oth_and_b_o_to_outside() {
        let text =
            "# text = x\n1\tAl\tB-ORG\t-\ts\n2\tZaman\tI-ORG\n3\tAmerican\tB-OTH\n4\t.\tB-O\n\n";
        let s = parse_columns(text).unwrap();
        assert_eq!(s.len(), 1);
        assert_eq!(
            s[0].spans,
            vec![Span {
                start: 0,
                end: 2,
                label: Label::Org
            }]
        );
    }

    #[test]
    fn io_tags_start_a_span_at_a_type_change() {
        let text = "UK I-LOC\nband O\nKilling I-ORG\nJoke I-ORG\nMay I-PER\n";
        let s = parse_columns(text).unwrap();
        let labels: Vec<(usize, usize, Label)> = s[0]
            .spans
            .iter()
            .map(|s| (s.start, s.end, s.label))
            .collect();
        assert_eq!(
            labels,
            vec![(0, 1, Label::Loc), (2, 4, Label::Org), (4, 5, Label::Per)]
        );
    }

    #[test]
    fn a_line_without_a_tag_is_an_error_with_its_line() {
        let err = parse_columns("word O\nlonely\n").unwrap_err();
        assert_eq!(err.0, 2);
    }

    #[test]
    fn gum_named_mentions_become_spans_and_common_nouns_do_not() {
        let rows = [
            (
                "The",
                "DET",
                "Entity=(1-organization-new-nnnnn-cf1-2,3-coref",
            ),
            ("Bank", "PROPN", "_"),
            ("of", "ADP", "_"),
            (
                "England",
                "PROPN",
                "Entity=(2-place-new-nnnnn-cf1-1-coref-England)1)",
            ),
            ("hired", "VERB", "_"),
            ("people", "NOUN", "Entity=(3-person-new-nnnnn-cf1-1-coref)"),
        ];
        let text = gum_doc("GUM_news_x", &rows);
        let s = read_gum_conllu(&text, &HashSet::new()).unwrap();
        assert_eq!(
            s[0].spans,
            vec![Span {
                start: 1,
                end: 4,
                label: Label::Org
            }]
        );
        let excluded: HashSet<String> = ["GUM_news_x".to_string()].into_iter().collect();
        assert!(read_gum_conllu(&text, &excluded).unwrap().is_empty());
    }

    #[test]
    fn gum_names_keep_their_capitalised_adjectives_and_groups_named_by_demonyms_are_no_names() {
        let rows = [
            ("the", "DET", "Entity=(1-organization-new-nnnnn-cf1-3-coref"),
            ("National", "ADJ", "_"),
            ("Library", "PROPN", "_"),
            ("of", "ADP", "_"),
            ("the", "DET", "Entity=(2-place-new-nnnnn-cf1-2-coref"),
            ("Netherlands", "PROPN", "Entity=2)1)"),
            ("and", "CCONJ", "_"),
            ("the", "DET", "Entity=(3-place-new-nnnnn-cf1-2,3-coref"),
            ("United", "VERB", "_"),
            ("States", "PROPN", "Entity=3)"),
            ("hired", "VERB", "_"),
            (
                "Americans",
                "PROPN",
                "Entity=(4-person-new-nnnnn-cf1-1-coref)",
            ),
        ];
        let s = read_gum_conllu(&gum_doc("GUM_news_z", &rows), &HashSet::new()).unwrap();
        let spans: Vec<(usize, usize, Label)> = s[0]
            .spans
            .iter()
            .map(|s| (s.start, s.end, s.label))
            .collect();
        assert_eq!(spans, vec![(1, 6, Label::Org), (8, 10, Label::Loc)]);
        let rows = [
            ("in", "ADP", "_"),
            ("the", "DET", "Entity=(1-place-new-nnnnn-cf1-2-coref"),
            ("Netherlands", "PROPN", "Entity=1)"),
        ];
        let s = read_gum_conllu(&gum_doc("GUM_news_w", &rows), &HashSet::new()).unwrap();
        assert_eq!((s[0].spans[0].start, s[0].spans[0].end), (1, 3));
    }
}
