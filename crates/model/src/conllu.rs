//! CoNLL-U, the Universal Dependencies file format: reading treebanks into [`Sentence`]s (with a
//! reconstructed text so offsets are real) and writing a [`Doc`] back out.
//!
//! Reading keeps what training and evaluation need: the ten columns, multiword token ranges,
//! `# sent_id`, `# text`, `# newdoc`, `# newpar`. Empty nodes (`8.1`) are skipped, as the
//! CoNLL 2018 evaluation does.

use crate::{Doc, MultiwordToken, Sentence, Token};

/// A malformed CoNLL-U input, with the 1-based line number.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("line {line}: {reason}")]
pub struct ConlluError {
    pub line: usize,
    pub reason: String,
}

/// One sentence as read from a CoNLL-U file, before offsets are assigned.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ConlluSentence {
    pub sent_id: Option<String>,
    /// The `# text` comment, if present.
    pub text: Option<String>,
    /// `# newdoc` (with its id, possibly empty) starts a new document here.
    pub newdoc: Option<String>,
    pub newpar: bool,
    /// Words with offsets still zero; `space_after` comes from MISC.
    pub words: Vec<Token>,
    /// MISC column of each word (same order as `words`), e.g. GUM's `Entity=` layer.
    pub misc: Vec<String>,
    /// Multiword tokens, offsets still zero.
    pub multiword: Vec<MultiwordToken>,
    /// Line number of the sentence's first line.
    pub line: usize,
}

/// Reads a whole CoNLL-U file.
pub fn parse(input: &str) -> Result<Vec<ConlluSentence>, ConlluError> {
    let mut sentences = Vec::new();
    let mut current = ConlluSentence::default();
    let mut in_sentence = false;
    for (idx, raw) in input.lines().enumerate() {
        let line_no = idx + 1;
        let line = raw.trim_end_matches('\r');
        if line.trim().is_empty() {
            if in_sentence {
                finish_sentence(&mut current)?;
                sentences.push(std::mem::take(&mut current));
                in_sentence = false;
            }
            continue;
        }
        if !in_sentence {
            current.line = line_no;
            in_sentence = true;
        }
        if let Some(comment) = line.strip_prefix('#') {
            read_comment(comment.trim(), &mut current);
            continue;
        }
        read_word_line(line, line_no, &mut current)?;
    }
    if in_sentence {
        finish_sentence(&mut current)?;
        sentences.push(current);
    }
    Ok(sentences)
}

fn read_comment(comment: &str, sentence: &mut ConlluSentence) {
    let (key, value) = match comment.split_once('=') {
        Some((k, v)) => (k.trim(), Some(v.trim().to_string())),
        None => (comment, None),
    };
    match key {
        "sent_id" => sentence.sent_id = value,
        "text" => sentence.text = value,
        "newpar" | "newpar id" => sentence.newpar = true,
        "newdoc" | "newdoc id" => {
            sentence.newdoc = Some(value.unwrap_or_default());
            sentence.newpar = true;
        }
        _ => {}
    }
}

fn read_word_line(
    line: &str,
    line_no: usize,
    sentence: &mut ConlluSentence,
) -> Result<(), ConlluError> {
    let err = |reason: String| ConlluError {
        line: line_no,
        reason,
    };
    let cols: Vec<&str> = line.split('\t').collect();
    if cols.len() != 10 {
        return Err(err(format!(
            "expected 10 tab-separated columns, found {}",
            cols.len()
        )));
    }
    let id = cols[0];
    if id.contains('.') {
        return Ok(()); // empty node of the enhanced graph
    }
    let space_after = !cols[9].split('|').any(|m| m == "SpaceAfter=No");
    if let Some((first, last)) = id.split_once('-') {
        let first: u32 = first
            .parse()
            .map_err(|_| err(format!("bad multiword token range {id:?}")))?;
        let last: u32 = last
            .parse()
            .map_err(|_| err(format!("bad multiword token range {id:?}")))?;
        if last <= first || first as usize != sentence.words.len() + 1 {
            return Err(err(format!(
                "multiword token range {id:?} does not start at the next word"
            )));
        }
        sentence.multiword.push(MultiwordToken {
            first,
            last,
            form: cols[1].to_string(),
            start: 0,
            end: 0,
            space_after,
        });
        return Ok(());
    }
    let id: u32 = id.parse().map_err(|_| err(format!("bad word id {id:?}")))?;
    if id as usize != sentence.words.len() + 1 {
        return Err(err(format!(
            "word id {id} out of sequence (expected {})",
            sentence.words.len() + 1
        )));
    }
    let head = match cols[6] {
        "_" => 0,
        h => h
            .parse()
            .map_err(|_| err(format!("bad head {h:?} for word {id}")))?,
    };
    let field = |s: &str| {
        if s == "_" {
            String::new()
        } else {
            s.to_string()
        }
    };
    // A lemma or form of "_" is real data when the word itself is an underscore.
    let form = cols[1].to_string();
    let lemma = if cols[2] == "_" && form != "_" {
        String::new()
    } else {
        cols[2].to_string()
    };
    sentence.words.push(Token {
        id,
        form,
        start: 0,
        end: 0,
        lemma,
        upos: field(cols[3]),
        xpos: field(cols[4]),
        feats: field(cols[5]),
        head,
        deprel: field(cols[7]),
        space_after,
    });
    sentence.misc.push(field(cols[9]));
    Ok(())
}

fn finish_sentence(sentence: &mut ConlluSentence) -> Result<(), ConlluError> {
    let n = sentence.words.len() as u32;
    if n == 0 {
        return Err(ConlluError {
            line: sentence.line,
            reason: "sentence has no words".into(),
        });
    }
    for word in &sentence.words {
        if word.head > n {
            return Err(ConlluError {
                line: sentence.line,
                reason: format!(
                    "word {} has head {} beyond the sentence",
                    word.id, word.head
                ),
            });
        }
    }
    if let Some(mwt) = sentence.multiword.iter().find(|m| m.last > n) {
        return Err(ConlluError {
            line: sentence.line,
            reason: format!(
                "multiword token {}-{} beyond the sentence",
                mwt.first, mwt.last
            ),
        });
    }
    Ok(())
}

/// Surface tokens of a sentence: each multiword token once, other words alone. Yields
/// `(form, space_after, first word id, last word id)`.
fn surface_tokens(sentence: &ConlluSentence) -> Vec<(&str, bool, u32, u32)> {
    let mut out = Vec::new();
    let mut w = 1u32;
    let n = sentence.words.len() as u32;
    while w <= n {
        if let Some(m) = sentence.multiword.iter().find(|m| m.first == w) {
            out.push((m.form.as_str(), m.space_after, m.first, m.last));
            w = m.last + 1;
        } else {
            let word = &sentence.words[(w - 1) as usize];
            out.push((word.form.as_str(), word.space_after, w, w));
            w += 1;
        }
    }
    out
}

/// Builds the raw text of the sentences (tokens joined per `SpaceAfter`, sentences by a space,
/// paragraphs by a blank line) and the sentences with real code point offsets into it.
pub fn assemble(sentences: &[ConlluSentence]) -> (String, Vec<Sentence>) {
    let mut text = String::new();
    let mut chars = 0usize;
    let mut out = Vec::with_capacity(sentences.len());
    for (i, cs) in sentences.iter().enumerate() {
        if i > 0 {
            let sep = if cs.newpar { "\n\n" } else { " " };
            text.push_str(sep);
            chars += sep.len();
        }
        let mut sentence = Sentence {
            start: chars,
            end: chars,
            tokens: cs.words.clone(),
            multiword: cs.multiword.clone(),
        };
        let surface = surface_tokens(cs);
        let last = surface.len().saturating_sub(1);
        for (k, (form, space_after, first, last_id)) in surface.into_iter().enumerate() {
            let start = chars;
            text.push_str(form);
            chars += form.chars().count();
            for id in first..=last_id {
                let word = &mut sentence.tokens[(id - 1) as usize];
                word.start = start;
                word.end = chars;
            }
            if let Some(m) = sentence.multiword.iter_mut().find(|m| m.first == first) {
                m.start = start;
                m.end = chars;
            }
            sentence.end = chars;
            if space_after && k < last {
                text.push(' ');
                chars += 1;
            }
        }
        out.push(sentence);
    }
    (text, out)
}

/// Splits sentences into documents at `# newdoc` (a file without any is one document).
pub fn split_documents(sentences: Vec<ConlluSentence>) -> Vec<Vec<ConlluSentence>> {
    let mut docs: Vec<Vec<ConlluSentence>> = Vec::new();
    for s in sentences {
        if s.newdoc.is_some() || docs.is_empty() {
            docs.push(Vec::new());
        }
        if let Some(last) = docs.last_mut() {
            last.push(s);
        }
    }
    docs
}

/// Writes a document as CoNLL-U: `# newdoc id`, `# sent_id`, `# text`, multiword token lines,
/// `SpaceAfter=No`.
pub fn write(doc: &Doc) -> String {
    let mut out = String::new();
    let doc_id = if doc.article.id.is_empty() {
        "doc"
    } else {
        doc.article.id.as_str()
    };
    out.push_str(&format!("# newdoc id = {doc_id}\n"));
    for (i, sentence) in doc.sentences.iter().enumerate() {
        out.push_str(&format!("# sent_id = {doc_id}-{}\n", i + 1));
        let text = doc.slice(sentence.start, sentence.end);
        let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
        out.push_str(&format!("# text = {one_line}\n"));
        for word in &sentence.tokens {
            if let Some(m) = sentence.multiword.iter().find(|m| m.first == word.id) {
                let misc = if m.space_after { "_" } else { "SpaceAfter=No" };
                out.push_str(&format!(
                    "{}-{}\t{}\t_\t_\t_\t_\t_\t_\t_\t{misc}\n",
                    m.first,
                    m.last,
                    clean(&m.form)
                ));
            }
            let in_mwt = sentence
                .multiword
                .iter()
                .any(|m| m.first <= word.id && word.id <= m.last);
            let misc = if in_mwt || word.space_after {
                "_"
            } else {
                "SpaceAfter=No"
            };
            out.push_str(&format!(
                "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t_\t{misc}\n",
                word.id,
                clean(&word.form),
                or_blank(&word.lemma),
                or_blank(&word.upos),
                or_blank(&word.xpos),
                or_blank(&word.feats),
                word.head,
                or_blank(&word.deprel),
            ));
        }
        out.push('\n');
    }
    out
}

/// CoNLL-U fields cannot hold tabs or newlines.
fn clean(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c == '\t' || c == '\n' || c == '\r' {
                ' '
            } else {
                c
            }
        })
        .collect()
}

fn or_blank(s: &str) -> String {
    if s.is_empty() {
        "_".to_string()
    } else {
        clean(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Article, Doc};

    const SAMPLE: &str = "# newdoc id = d1\n# sent_id = s1\n# text = I don't know.\n\
1\tI\tI\tPRON\tPRP\tCase=Nom\t4\tnsubj\t_\t_\n\
2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n\
2\tdo\tdo\tAUX\tVBP\t_\t4\taux\t_\t_\n\
3\tn't\tnot\tPART\tRB\t_\t4\tadvmod\t_\t_\n\
4\tknow\tknow\tVERB\tVB\t_\t0\troot\t_\tSpaceAfter=No\n\
5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_\n\n\
# sent_id = s2\n# newpar\n\
1\tYes\tyes\tINTJ\tUH\t_\t0\troot\t_\t_\n\n";

    #[test]
    fn reads_words_multiword_tokens_and_metadata() {
        let s = parse(SAMPLE).unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].sent_id.as_deref(), Some("s1"));
        assert_eq!(s[0].newdoc.as_deref(), Some("d1"));
        assert_eq!(s[0].words.len(), 5);
        assert_eq!(s[0].multiword[0].form, "don't");
        assert_eq!(s[0].words[3].head, 0);
        assert!(!s[0].words[3].space_after);
        assert!(s[1].newpar);
    }

    #[test]
    fn assembled_offsets_slice_the_reconstructed_text() {
        let (text, sentences) = assemble(&parse(SAMPLE).unwrap());
        assert_eq!(text, "I don't know.\n\nYes");
        let chars: Vec<char> = text.chars().collect();
        let slice = |a: usize, b: usize| chars[a..b].iter().collect::<String>();
        assert_eq!(slice(sentences[0].start, sentences[0].end), "I don't know.");
        assert_eq!(
            slice(sentences[0].tokens[1].start, sentences[0].tokens[1].end),
            "don't"
        );
        assert_eq!(
            slice(sentences[1].tokens[0].start, sentences[1].tokens[0].end),
            "Yes"
        );
    }

    #[test]
    fn write_then_read_round_trips() {
        let parsed = parse(SAMPLE).unwrap();
        let (text, sentences) = assemble(&parsed);
        let mut doc = Doc::new(Article {
            id: "d1".into(),
            text,
            ..Article::default()
        });
        doc.sentences = sentences;
        let written = write(&doc);
        assert!(written.contains("# text = I don't know.\n"));
        assert!(written.contains("2-3\tdon't\t"));
        let again = parse(&written).unwrap();
        assert_eq!(again.len(), 2);
        for (a, b) in again.iter().zip(parsed.iter()) {
            assert_eq!(a.words.len(), b.words.len());
            for (x, y) in a.words.iter().zip(b.words.iter()) {
                assert_eq!(
                    (&x.form, &x.lemma, x.head, &x.deprel),
                    (&y.form, &y.lemma, y.head, &y.deprel)
                );
            }
            assert_eq!(a.multiword.len(), b.multiword.len());
        }
    }

    #[test]
    fn malformed_lines_name_the_line_number() {
        let bad = "1\tI\tI\tPRON\n";
        assert_eq!(parse(bad).unwrap_err().line, 1);
        let bad_head = "# x\n1\tI\tI\tPRON\tPRP\t_\t7\tnsubj\t_\t_\n\n";
        let err = parse(bad_head).unwrap_err();
        assert!(err.reason.contains("head 7"), "{err}");
        let out_of_order = "1\tI\tI\tPRON\tPRP\t_\t0\troot\t_\t_\n3\tx\tx\tX\tX\t_\t1\tdep\t_\t_\n";
        assert_eq!(parse(out_of_order).unwrap_err().line, 2);
    }
}

#[cfg(test)]
mod treebank_tests {
    use super::*;

    /// Every UD file in ../shared must read without error and reassemble losslessly.
    #[test]
    fn reads_the_shared_treebanks() {
        let root = std::env::var("DYAD_SHARED")
            .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared").into());
        let dir = std::path::Path::new(&root).join("data/ud");
        if !dir.exists() {
            eprintln!("skipping: {} is absent", dir.display());
            return;
        }
        for tb in [
            "UD_English-EWT/en_ewt-ud-dev.conllu",
            "UD_English-GUM/en_gum-ud-dev.conllu",
        ] {
            let input = std::fs::read_to_string(dir.join(tb)).unwrap();
            let sentences = parse(&input).unwrap_or_else(|e| panic!("{tb}: {e}"));
            assert!(sentences.len() > 500, "{tb}");
            let (text, assembled) = assemble(&sentences);
            let chars: Vec<char> = text.chars().collect();
            for (cs, s) in sentences.iter().zip(&assembled) {
                let got: String = chars[s.start..s.end].iter().collect();
                if let Some(t) = &cs.text {
                    assert_eq!(&got, t, "{tb} {:?}", cs.sent_id);
                }
            }
        }
    }
}
