//! PETRARCH2-format verb dictionaries (CAMEO.2.0.txt and the like) and discards files: loaded
//! as written by the Open Event Data Alliance and applied on dyad's dependency parse.
//!
//! Format: synonym sets (`&NAME` followed by `+WORD` lines), verb blocks (`--- NAME [code] ---`
//! followed by verb lines `VERB {IRREGULAR FORMS} [code]`, `+PHRASAL_VERB`), patterns
//! (`- words * words [code] # comment`), and transformations (`~ …`). In a pattern `*` is the
//! verb, `$` the source, `+` the target, `%` both (a compound actor), `^` skips a noun phrase,
//! `(PREP …)` a prepositional phrase, `{A B}` consecutive words, `&NAME` a synonym set and `|`
//! separates alternatives. Codes: `[042]`, `[042:043]` (the second coded target → source),
//! `[:110]` (target → source only), `[---]` (no event), `!` suffix kept as the code.
//!
//! PETRARCH2 walks Treebank constituency trees; here the verb is found by lemma and the
//! pattern's words are matched in order among the words of the verb's clause (before `*`:
//! preceding the verb, after: following it), an approximation of its phrase-by-phrase search.

use std::collections::HashMap;
use std::path::Path;

use super::graph::Graph;
use super::Match;
use crate::CoderError;

#[derive(Debug, Clone, PartialEq)]
enum Elem {
    /// A word (uppercase); a trailing `_` means exact match (no inflection).
    Word(String),
    Synset(String),
    Source,
    Target,
    Both,
    Skip,
    /// `{A B}`: consecutive words.
    Phrase(Vec<Elem>),
    /// `(PREP …)`: a prepositional phrase.
    Prep(String, Vec<Elem>),
}

#[derive(Debug, Clone, PartialEq, Default)]
struct Code {
    forward: Option<String>,
    reverse: Option<String>,
    /// `[---]`: matched, but no event.
    null: bool,
}

#[derive(Debug, Clone)]
struct PPattern {
    line: usize,
    pre: Vec<Elem>,
    post: Vec<Elem>,
    code: Code,
}

#[derive(Debug, Clone)]
struct VerbEntry {
    /// Extra words of a phrasal verb after the verb ("UP" of "+CLEAR_UP").
    rest: Vec<String>,
    code: Option<Code>,
    block: usize,
    line: usize,
}

#[derive(Debug, Clone)]
struct Block {
    code: Option<Code>,
    patterns: Vec<PPattern>,
}

/// A loaded PETRARCH verb dictionary plus optional discards.
#[derive(Debug, Clone, Default)]
pub struct PetrarchDictionary {
    name: String,
    synsets: HashMap<String, Vec<Vec<String>>>,
    verbs: HashMap<String, Vec<VerbEntry>>,
    blocks: Vec<Block>,
    transformations: usize,
    undefined_synsets: Vec<String>,
    discard_sentence: Vec<Vec<String>>,
    discard_story: Vec<Vec<String>>,
}

impl PetrarchDictionary {
    /// Reads a verbs file and, optionally, a discards file.
    pub fn load(verbs: &Path, discards: Option<&Path>) -> Result<Self, CoderError> {
        let read = |p: &Path| {
            std::fs::read_to_string(p).map_err(|source| CoderError::Io {
                path: p.display().to_string(),
                source,
            })
        };
        let text = read(verbs)?;
        let mut dict = Self::parse(&text, &verbs.display().to_string(), None)?;
        if let Some(d) = discards {
            dict.add_discards(&read(d)?, &d.display().to_string())?;
        }
        Ok(dict)
    }

    /// Parses a verbs file from memory; `name` is used in errors and rule ids.
    pub fn parse(text: &str, name: &str, discards: Option<&str>) -> Result<Self, CoderError> {
        let mut d = PetrarchDictionary {
            name: Path::new(name)
                .file_name()
                .map(|f| f.to_string_lossy().into_owned())
                .unwrap_or_else(|| name.to_string()),
            ..Default::default()
        };
        let err = |line: usize, reason: String| CoderError::Dictionary {
            path: name.to_string(),
            line,
            reason,
        };
        let mut current_synset: Option<String> = None;
        let mut pending_synset_refs: Vec<(usize, String)> = Vec::new();
        for (idx, raw) in text.lines().enumerate() {
            let ln = idx + 1;
            let line = strip_comment(raw).trim();
            if line.is_empty() {
                // A blank line ends a synonym set; a comment line inside one does not.
                if raw.trim().is_empty() {
                    current_synset = None;
                }
                continue;
            }
            if let Some(name) = line.strip_prefix('&') {
                let name = name.trim();
                if name.is_empty() || name.contains(char::is_whitespace) {
                    return Err(err(ln, format!("bad synonym set name {line:?}")));
                }
                d.synsets.entry(name.to_uppercase()).or_default();
                current_synset = Some(name.to_uppercase());
                continue;
            }
            if line.starts_with("---") {
                current_synset = None;
                let inner = line.trim_matches('-').trim();
                let code = match (inner.find('['), inner.find(']')) {
                    (Some(a), Some(b)) if a < b => {
                        parse_code(&inner[a + 1..b]).map_err(|r| err(ln, r))?
                    }
                    _ => {
                        return Err(err(
                            ln,
                            format!("verb block header needs a [code]: {line:?}"),
                        ))
                    }
                };
                d.blocks.push(Block {
                    code,
                    patterns: Vec::new(),
                });
                continue;
            }
            if let Some(rest) = line.strip_prefix('~') {
                if !rest.contains('=') {
                    return Err(err(ln, "transformation without '='".into()));
                }
                d.transformations += 1;
                continue;
            }
            if let Some(set) = &current_synset {
                let Some(word) = line.strip_prefix('+') else {
                    return Err(err(
                        ln,
                        format!("synonym set member must start with '+': {line:?}"),
                    ));
                };
                let words: Vec<String> = word
                    .trim()
                    .split('_')
                    .filter(|w| !w.is_empty())
                    .map(str::to_uppercase)
                    .collect();
                let exact = word.trim().ends_with('_');
                let mut words = words;
                if exact {
                    if let Some(last) = words.last_mut() {
                        last.push('_');
                    }
                }
                if words.is_empty() {
                    return Err(err(ln, "empty synonym".into()));
                }
                d.synsets.entry(set.clone()).or_default().push(words);
                continue;
            }
            let block = d.blocks.len().checked_sub(1);
            if let Some(pat) = line.strip_prefix('-') {
                let Some(b) = block else {
                    return Err(err(ln, "pattern outside a verb block".into()));
                };
                let pattern = parse_pattern(pat, ln).map_err(|r| err(ln, r))?;
                for e in pattern.pre.iter().chain(pattern.post.iter()) {
                    collect_synset_refs(e, ln, &mut pending_synset_refs);
                }
                d.blocks[b].patterns.push(pattern);
                continue;
            }
            // A verb line.
            let Some(b) = block else {
                return Err(err(
                    ln,
                    format!("unexpected line outside a verb block: {line:?}"),
                ));
            };
            let (head, code) = match (line.find('['), line.rfind(']')) {
                (Some(a), Some(z)) if a < z => (
                    line[..a].trim(),
                    parse_code(&line[a + 1..z]).map_err(|r| err(ln, r))?,
                ),
                (None, None) => (line, None),
                _ => return Err(err(ln, format!("unbalanced [ ] in {line:?}"))),
            };
            let (word, forms) = match (head.find('{'), head.rfind('}')) {
                (Some(a), Some(z)) if a < z => (head[..a].trim(), Some(&head[a + 1..z])),
                (None, None) => (head, None),
                _ => return Err(err(ln, format!("unbalanced {{ }} in {line:?}"))),
            };
            if word.is_empty() || word.contains(char::is_whitespace) {
                return Err(err(ln, format!("bad verb {line:?}")));
            }
            let mut add = |w: &str| {
                let w = w.trim().trim_start_matches('+');
                let parts: Vec<String> = w
                    .split('_')
                    .filter(|p| !p.is_empty())
                    .map(str::to_lowercase)
                    .collect();
                if let Some((first, rest)) = parts.split_first() {
                    d.verbs.entry(first.clone()).or_default().push(VerbEntry {
                        rest: rest.to_vec(),
                        code: code.clone(),
                        block: b,
                        line: ln,
                    });
                }
            };
            add(word);
            for f in forms.unwrap_or("").split_whitespace() {
                add(f);
            }
        }
        // CAMEO.2.0.txt uses a few sets it never defines (&FIGHT_CRIM); PETRARCH2 loads it
        // anyway and those patterns simply never match. We count them.
        d.undefined_synsets = pending_synset_refs
            .iter()
            .filter(|(_, s)| !d.synsets.contains_key(s))
            .map(|(_, s)| s.clone())
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        if let Some(disc) = discards {
            d.add_discards(disc, "discards")?;
        }
        Ok(d)
    }

    /// Adds a discards file: phrases whose presence drops the sentence (`+PHRASE`: the story).
    pub fn add_discards(&mut self, text: &str, _name: &str) -> Result<(), CoderError> {
        for raw in text.lines() {
            let line = strip_comment(raw).trim();
            if line.is_empty() {
                continue;
            }
            let (story, phrase) = match line.strip_prefix('+') {
                Some(p) => (true, p.trim()),
                None => (false, line),
            };
            let words: Vec<String> = phrase
                .split(|c: char| c.is_whitespace() || c == '_')
                .filter(|w| !w.is_empty())
                .map(str::to_uppercase)
                .collect();
            if words.is_empty() {
                continue;
            }
            if story {
                self.discard_story.push(words);
            } else {
                self.discard_sentence.push(words);
            }
        }
        Ok(())
    }

    pub fn pattern_count(&self) -> usize {
        self.blocks.iter().map(|b| b.patterns.len()).sum()
    }

    pub fn verb_count(&self) -> usize {
        self.verbs.values().map(Vec::len).sum()
    }

    pub fn synset_count(&self) -> usize {
        self.synsets.len()
    }

    /// Synonym sets used by patterns but never defined (those patterns cannot match).
    pub fn undefined_synsets(&self) -> &[String] {
        &self.undefined_synsets
    }

    pub fn transformation_count(&self) -> usize {
        self.transformations
    }

    /// Whether the article contains a story-level discard phrase.
    pub(crate) fn discards_story(&self, text: &str) -> bool {
        if self.discard_story.is_empty() {
            return false;
        }
        let words = upper_words(text);
        self.discard_story.iter().any(|p| contains_seq(&words, p))
    }

    /// Matches the dictionary's verbs and patterns on one parsed sentence.
    pub(crate) fn match_sentence(&self, g: &Graph) -> Vec<Match> {
        if !self.discard_sentence.is_empty() {
            let words: Vec<String> = (0..g.len()).map(|i| g.tok(i).form.to_uppercase()).collect();
            if self
                .discard_sentence
                .iter()
                .any(|p| contains_seq(&words, p))
            {
                return Vec::new();
            }
        }
        let mut out = Vec::new();
        for p in 0..g.len() {
            if !matches!(g.upos(p), "VERB") {
                continue;
            }
            if let Some(m) = self.match_verb(g, p) {
                out.push(m);
            }
        }
        out
    }

    fn match_verb(&self, g: &Graph, p: usize) -> Option<Match> {
        let lemma = g.lemma(p);
        let form = g.form_lower(p);
        let entries = self.verbs.get(&lemma).or_else(|| self.verbs.get(&form))?;
        let clause = clause_tokens(g, p);
        let pos = clause.iter().position(|&t| t == p)?;
        // Prefer the phrasal entry whose extra words follow the verb.
        let entry = entries
            .iter()
            .filter(|e| {
                e.rest.is_empty()
                    || e.rest.iter().enumerate().all(|(k, w)| {
                        clause
                            .get(pos + 1 + k)
                            .is_some_and(|&t| g.lemma(t) == *w || g.form_lower(t) == *w)
                    })
            })
            .max_by_key(|e| e.rest.len())?;
        let block = &self.blocks[entry.block];
        let before: Vec<usize> = clause[..pos].to_vec();
        let after: Vec<usize> = clause[pos + 1 + entry.rest.len()..].to_vec();
        let mut best: Option<(usize, &PPattern, Binding)> = None;
        for pat in &block.patterns {
            let mut b = Binding::default();
            if !self.match_seq(g, &pat.post, &after, 0, &mut b) {
                continue;
            }
            let rev: Vec<usize> = before.iter().rev().copied().collect();
            let pre_rev: Vec<Elem> = pat.pre.iter().rev().cloned().collect();
            if !self.match_seq(g, &pre_rev, &rev, 0, &mut b) {
                continue;
            }
            let weight = elem_weight(&pat.pre) + elem_weight(&pat.post);
            if best.as_ref().is_none_or(|(w, _, _)| weight > *w) {
                best = Some((weight, pat, b));
            }
        }
        let (code, rule, binding) = match best {
            Some((_, pat, b)) => (
                pat.code.clone(),
                format!("petrarch:{}:{}", self.name, pat.line),
                b,
            ),
            None => (
                entry.code.clone().or_else(|| block.code.clone())?,
                format!("petrarch:{}:{}", self.name, entry.line),
                Binding::default(),
            ),
        };
        if code.null {
            return None;
        }
        let mut sources = binding.source.clone();
        let mut targets = binding.target.clone();
        // "$" placed after the verb ("received a visit from $"): the subject is the target.
        if !sources.is_empty() && targets.is_empty() {
            targets = super::subject_heads(g, p);
        }
        if sources.is_empty() {
            sources = super::subject_heads(g, p);
        }
        if targets.is_empty() {
            targets = binding.prep_objects.clone();
        }
        if targets.is_empty() {
            if let Some(o) = super::object(g, p) {
                targets.push(o);
            }
        }
        let (code_str, swap) = match (&code.forward, &code.reverse) {
            (Some(f), _) => (f.trim_end_matches('!').to_string(), false),
            (None, Some(r)) => (r.trim_end_matches('!').to_string(), true),
            (None, None) => return None,
        };
        if swap {
            std::mem::swap(&mut sources, &mut targets);
        }
        Some(Match {
            pred: p,
            code: code_str,
            rule,
            sources,
            targets,
            statement: false,
            consumed: Vec::new(),
            patient_object: None,
        })
    }

    /// Matches elements in order against tokens (gaps allowed), binding `$`, `+`, `%` to the
    /// next nominal token.
    fn match_seq(
        &self,
        g: &Graph,
        elems: &[Elem],
        toks: &[usize],
        start: usize,
        b: &mut Binding,
    ) -> bool {
        let mut i = start;
        for e in elems {
            match e {
                Elem::Source | Elem::Target | Elem::Both | Elem::Skip => {
                    let Some(k) = (i..toks.len()).find(|&k| is_nominal(g, toks[k])) else {
                        return false;
                    };
                    let t = toks[k];
                    match e {
                        Elem::Source => b.source.push(t),
                        Elem::Target => b.target.push(t),
                        Elem::Both => {
                            b.source.push(t);
                            b.target.push(t);
                        }
                        _ => {}
                    }
                    i = k + 1;
                }
                Elem::Prep(prep, inner) => {
                    let mut found = false;
                    let from = i;
                    for k in from..toks.len() {
                        let t = toks[k];
                        if g.rel(t) == "case"
                            && (g.lemma(t).to_uppercase() == *prep
                                || g.tok(t).form.to_uppercase() == *prep)
                        {
                            let mut nb = b.clone();
                            if self.match_seq(g, inner, toks, k + 1, &mut nb) {
                                let marked = inner
                                    .iter()
                                    .any(|e| matches!(e, Elem::Source | Elem::Target | Elem::Both));
                                if let (false, Some(obj)) = (marked, g.head(t)) {
                                    nb.prep_objects.push(obj);
                                }
                                *b = nb;
                                // Continue after the phrase's head.
                                let end = g
                                    .head(t)
                                    .and_then(|h| toks.iter().position(|&x| x == h))
                                    .unwrap_or(k)
                                    .max(k);
                                i = end + 1;
                                found = true;
                                break;
                            }
                        }
                    }
                    if !found {
                        return false;
                    }
                }
                _ => {
                    let Some((k, len)) = (i..toks.len())
                        .find_map(|k| self.match_here(g, e, toks, k).map(|l| (k, l)))
                    else {
                        return false;
                    };
                    i = k + len;
                }
            }
        }
        true
    }

    /// Whether element `e` matches at `toks[k..]`; returns how many tokens it covers.
    fn match_here(&self, g: &Graph, e: &Elem, toks: &[usize], k: usize) -> Option<usize> {
        match e {
            Elem::Word(w) => toks
                .get(k)
                .is_some_and(|&t| word_matches(g, t, w))
                .then_some(1),
            Elem::Synset(s) => {
                let members = self.synsets.get(s)?;
                members
                    .iter()
                    .filter(|m| {
                        m.iter()
                            .enumerate()
                            .all(|(j, w)| toks.get(k + j).is_some_and(|&t| word_matches(g, t, w)))
                    })
                    .map(Vec::len)
                    .max()
            }
            Elem::Phrase(items) => {
                let mut n = 0;
                for it in items {
                    if k + n >= toks.len() {
                        return None;
                    }
                    n += self.match_here(g, it, toks, k + n)?;
                }
                Some(n)
            }
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Default)]
struct Binding {
    source: Vec<usize>,
    target: Vec<usize>,
    prep_objects: Vec<usize>,
}

fn elem_weight(es: &[Elem]) -> usize {
    es.iter()
        .map(|e| match e {
            Elem::Phrase(v) | Elem::Prep(_, v) => 1 + elem_weight(v),
            _ => 1,
        })
        .sum()
}

fn is_nominal(g: &Graph, t: usize) -> bool {
    matches!(g.upos(t), "NOUN" | "PROPN" | "PRON")
}

/// PETRARCH word matching: exact on form or lemma; without a trailing `_`, also inflected
/// forms that extend the word ("TROOP" matches "troops").
fn word_matches(g: &Graph, t: usize, w: &str) -> bool {
    let form = g.tok(t).form.to_uppercase();
    let lemma = g.lemma(t).to_uppercase();
    if let Some(exact) = w.strip_suffix('_') {
        return form == exact || lemma == exact;
    }
    if form == w || lemma == w {
        return true;
    }
    form.starts_with(w) && form.len() <= w.len() + 3 && w.len() >= 3
}

/// The words of the verb's clause, in order: its subtree without embedded clauses or
/// coordinated verbs.
fn clause_tokens(g: &Graph, p: usize) -> Vec<usize> {
    let mut out = vec![p];
    let mut stack = vec![p];
    while let Some(n) = stack.pop() {
        for &c in g.children(n) {
            let r = g.rel(c);
            let base = r.split(':').next().unwrap_or(r);
            if matches!(base, "ccomp" | "advcl" | "parataxis" | "csubj" | "punct")
                || r == "acl:relcl"
                || (base == "conj" && matches!(g.upos(c), "VERB" | "AUX"))
            {
                continue;
            }
            out.push(c);
            stack.push(c);
        }
    }
    out.sort_unstable();
    out
}

fn strip_comment(line: &str) -> &str {
    match line.find('#') {
        Some(i) => &line[..i],
        None => line,
    }
}

fn parse_code(s: &str) -> Result<Option<Code>, String> {
    let s = s.trim();
    if s.is_empty() {
        return Err("empty code".into());
    }
    if s.chars().all(|c| c == '-') {
        return Ok(Some(Code {
            null: true,
            ..Code::default()
        }));
    }
    let (f, r) = match s.split_once(':') {
        Some((f, r)) => (f.trim(), Some(r.trim())),
        None => (s, None),
    };
    let check = |c: &str| -> Result<Option<String>, String> {
        if c.is_empty() {
            return Ok(None);
        }
        let digits = c.trim_end_matches('!');
        if digits.chars().all(|ch| ch.is_ascii_digit()) && (2..=4).contains(&digits.len()) {
            Ok(Some(c.to_string()))
        } else if digits.chars().all(|ch| ch == '-') {
            Ok(None)
        } else {
            Err(format!("bad event code {c:?}"))
        }
    };
    let forward = check(f)?;
    let reverse = match r {
        Some(r) => check(r)?,
        None => None,
    };
    if forward.is_none() && reverse.is_none() {
        return Ok(Some(Code {
            null: true,
            ..Code::default()
        }));
    }
    Ok(Some(Code {
        forward,
        reverse,
        null: false,
    }))
}

/// Parses the text of a pattern line after the leading `-`.
fn parse_pattern(text: &str, line: usize) -> Result<PPattern, String> {
    let (body, code) = match (text.rfind('['), text.rfind(']')) {
        (Some(a), Some(z)) if a < z => (&text[..a], parse_code(&text[a + 1..z])?),
        _ => return Err(format!("pattern without a [code]: {:?}", text.trim())),
    };
    let code = code.ok_or("pattern without a code")?;
    // Alternatives separated by `|` keep only the first for matching; all are validated.
    let mut alternatives = body.split('|');
    let first = alternatives.next().unwrap_or("");
    for alt in alternatives {
        tokenize(alt).and_then(|t| parse_elems(&t, &mut 0, None))?;
    }
    let toks = tokenize(first)?;
    let star = toks
        .iter()
        .position(|t| t == "*")
        .ok_or("pattern without the verb marker '*'")?;
    if toks.iter().filter(|t| *t == "*").count() > 1 {
        return Err("pattern with more than one '*'".into());
    }
    let pre = parse_elems(&toks[..star], &mut 0, None)?;
    let post = parse_elems(&toks[star + 1..], &mut 0, None)?;
    Ok(PPattern {
        line,
        pre,
        post,
        code,
    })
}

fn tokenize(s: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for ch in s.chars() {
        match ch {
            '{' | '}' | '(' | ')' | '*' => {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
                out.push(ch.to_string());
            }
            c if c.is_whitespace() => {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
            }
            c => cur.push(c),
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    // "$WORD" / "+WORD" written without a space: the marker is its own element.
    let mut split = Vec::with_capacity(out.len());
    for t in out {
        match t.chars().next() {
            Some(c @ ('$' | '+' | '%' | '^')) if t.len() > 1 => {
                split.push(c.to_string());
                split.push(t[1..].to_string());
            }
            _ => split.push(t),
        }
    }
    Ok(split)
}

fn parse_elems(toks: &[String], i: &mut usize, close: Option<&str>) -> Result<Vec<Elem>, String> {
    let mut out = Vec::new();
    while *i < toks.len() {
        let t = toks[*i].as_str();
        *i += 1;
        match t {
            "}" | ")" => {
                if close == Some(t) {
                    return Ok(out);
                }
                // A stray closer (CAMEO.2.0.txt has two, "VISIT)" and "^)"): PETRARCH2 ignores
                // it, so do we; an unclosed opener is still an error.
                continue;
            }
            "{" => {
                let inner = parse_elems(toks, i, Some("}"))?;
                out.push(Elem::Phrase(inner));
            }
            "(" => {
                let inner = parse_elems(toks, i, Some(")"))?;
                let mut it = inner.into_iter();
                match it.next() {
                    Some(Elem::Word(p)) => out.push(Elem::Prep(
                        p.trim_end_matches('_').to_string(),
                        it.collect(),
                    )),
                    _ => return Err("a ( ) phrase must start with a preposition".into()),
                }
            }
            "$" => out.push(Elem::Source),
            "+" => out.push(Elem::Target),
            "%" => out.push(Elem::Both),
            "^" => out.push(Elem::Skip),
            "*" => return Err("'*' inside a phrase".into()),
            w if w.starts_with('&') => out.push(Elem::Synset(w[1..].to_uppercase())),
            w => {
                for part in w.split('_').filter(|p| !p.is_empty()) {
                    out.push(Elem::Word(part.to_uppercase()));
                }
                if w.ends_with('_') {
                    if let Some(Elem::Word(last)) = out.last_mut() {
                        last.push('_');
                    }
                }
            }
        }
    }
    if let Some(c) = close {
        return Err(format!("missing '{c}'"));
    }
    Ok(out)
}

fn collect_synset_refs(e: &Elem, line: usize, out: &mut Vec<(usize, String)>) {
    match e {
        Elem::Synset(s) => out.push((line, s.clone())),
        Elem::Phrase(v) | Elem::Prep(_, v) => {
            for x in v {
                collect_synset_refs(x, line, out);
            }
        }
        _ => {}
    }
}

fn upper_words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '-')
        .filter(|w| !w.is_empty())
        .map(str::to_uppercase)
        .collect()
}

fn contains_seq(words: &[String], phrase: &[String]) -> bool {
    !phrase.is_empty() && words.windows(phrase.len()).any(|w| w == phrase)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shared() -> Option<std::path::PathBuf> {
        let p = std::env::var("DYAD_SHARED")
            .map(std::path::PathBuf::from)
            .unwrap_or_else(|_| {
                std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared"))
            });
        p.exists().then_some(p)
    }

    #[test]
    fn loads_the_real_cameo_2_dictionary() {
        let Some(shared) = shared() else {
            eprintln!("skipping: ../shared is absent");
            return;
        };
        let dir = shared.join("data/petrarch-dictionaries");
        let d = PetrarchDictionary::load(
            &dir.join("CAMEO.2.0.txt"),
            Some(&dir.join("Phoenix.discards.txt")),
        )
        .unwrap();
        assert!(d.pattern_count() > 4000, "{} patterns", d.pattern_count());
        assert!(d.verb_count() > 2500, "{} verbs", d.verb_count());
        assert!(d.synset_count() > 20);
        assert!(d.transformation_count() >= 8);
        assert!(d.verbs.contains_key("condemn"));
        assert!(d
            .verbs
            .get("clear")
            .is_some_and(|v| v.iter().any(|e| e.rest == ["up"])));
        assert!(!d.discard_sentence.is_empty() && !d.discard_story.is_empty());
    }

    #[test]
    fn phrase_running_past_the_clause_end_does_not_panic() {
        let conllu = "1\tRussia\tRussia\tPROPN\tNNP\t_\t2\tnsubj\t_\tEnt=B-RUS\n\
                      2\tsent\tsend\tVERB\tVBD\t_\t0\troot\t_\t_\n\
                      3\tarms\tarm\tNOUN\tNNS\t_\t2\tobj\t_\t_\n\n";
        let coder = crate::events::EventCoder::from_petrarch_str(
            "--- SEND [---] ---\nSEND\n- * {ARMS SHIPMENT DELIVERY} [072]\n- * ARMS [070]\n",
            "v.txt",
            None,
        )
        .unwrap();
        let mut doc = crate::events::annotated::doc_from_annotated_conllu(conllu, None).unwrap();
        coder.code(&mut doc);
        // The three-word phrase cannot match past "arms"; the one-word pattern does.
        let codes: Vec<&str> = doc.events.iter().map(|e| e.code.as_str()).collect();
        assert_eq!(codes, vec!["070"]);
    }

    #[test]
    fn parses_codes_and_pattern_syntax() {
        let p = parse_pattern(" &MILITARY * (TO +) {ARMS SHIPMENT} $  [042:043] ", 7).unwrap();
        assert_eq!(p.pre, vec![Elem::Synset("MILITARY".into())]);
        assert_eq!(p.post.len(), 3);
        assert!(
            matches!(&p.post[0], Elem::Prep(w, inner) if w == "TO" && inner == &vec![Elem::Target])
        );
        assert_eq!(p.code.forward.as_deref(), Some("042"));
        assert_eq!(p.code.reverse.as_deref(), Some("043"));
        assert!(parse_code("---").unwrap().unwrap().null);
        assert_eq!(
            parse_code(":110").unwrap().unwrap().reverse.as_deref(),
            Some("110")
        );
        assert!(parse_code("12x").is_err());
    }

    #[test]
    fn bad_lines_are_errors_with_file_and_line() {
        for (text, line) in [
            ("--- ATTACK [190] ---\nATTACK\n- * (TO + [190]\n", 3),
            ("--- ATTACK [190] ---\nATTACK\n- * +\n", 3),
            ("--- ATTACK [190] ---\nATTACK\n- * {ARMS [190]\n", 3),
            ("- * + [190]\n", 1),
            ("--- ATTACK 190 ---\n", 1),
            ("--- ATTACK [190] ---\nATTACK [1x0]\n", 2),
        ] {
            let e = PetrarchDictionary::parse(text, "dir/verbs.txt", None).unwrap_err();
            assert!(
                e.to_string().starts_with(&format!("dir/verbs.txt:{line}:")),
                "{text:?} gave {e}"
            );
        }
    }
}
