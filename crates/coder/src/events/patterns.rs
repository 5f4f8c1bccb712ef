//! dyad's own predicate dictionary (`data/events/patterns.tsv` + `classes.tsv`): verb lemmas,
//! phrasal verbs, light-verb and nominal forms with constraints on their dependents, each
//! mapped to a CAMEO code and carrying an id that evidence cites.
//!
//! Line format (whitespace-separated): `CODE PREDICATES [CONSTRAINT...]`; the code `---`
//! marks a use of the predicate that is no event ("meet obj=target").
//! - PREDICATES: `|`-separated; `condemn` (verb lemma), `carry_out` (verb + particle),
//!   `n:attack` (event noun), `a:critical` (predicative adjective).
//! - `obj=L|L|@class` the direct object's lemma (light verbs: "launch an attack").
//! - `to=P|P` the target is the complement of one of these prepositions (on the predicate or
//!   on its object noun); required.
//! - `src=P|P` the source is this prepositional complement and the subject is the target.
//! - `xcomp=L|L` an open clausal complement with one of these lemmas ("decline to comment").
//! - `topic=L|L` a dependent (object, complement, clause, up to three levels down) has one of
//!   these lemmas; not the target ("call for talks", "accuse of espionage"). May repeat: all
//!   must hold.
//! - `prep=P|P` a prepositional complement with one of these prepositions; not the target.
//! - `subj=L|L` the subject or one of its modifiers has one of these lemmas ("peacekeepers
//!   arrived", "peacekeeping troops arrived").
//! - `noobj` the predicate must have no direct object.
//! - `hasobj` the predicate must have a direct object ("declined the offer", not "exports declined").
//! - `active` the predicate must be in the active voice ("directed the army to withdraw").
//! - `noxcomp` the predicate must have no predicative complement ("called Canada a cheat").
//! - `stmt` a speech predicate: a statement by its subject.

use std::collections::HashMap;

use crate::CoderError;

/// The code of a pattern that says a predicate is *not* an event in this use ("meet a
/// target"): the most specific match wins as usual, and then nothing is coded.
pub const NO_EVENT: &str = "---";

pub(crate) const PATTERNS_FILE: &str = "patterns.tsv";
pub(crate) const CLASSES_FILE: &str = "classes.tsv";
const PATTERNS_TSV: &str = include_str!("../../data/events/patterns.tsv");
const CLASSES_TSV: &str = include_str!("../../data/events/classes.tsv");

/// Part of speech of a predicate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PredKind {
    Verb,
    Noun,
    Adj,
}

/// One predicate pattern.
#[derive(Debug, Clone, PartialEq)]
pub struct Pattern {
    /// `patterns.tsv:LINE:predicate`.
    pub id: String,
    pub code: String,
    pub kind: PredKind,
    pub lemma: String,
    pub particle: Option<String>,
    pub obj: Vec<String>,
    pub to: Vec<String>,
    pub src: Vec<String>,
    pub xcomp: Vec<String>,
    pub subj: Vec<String>,
    pub topics: Vec<Vec<String>>,
    pub prep: Vec<String>,
    pub no_obj: bool,
    pub needs_obj: bool,
    /// The predicate must be in the active voice ("directed the army to…", not "hostility
    /// directed at women").
    pub active: bool,
    pub no_xcomp: bool,
    pub statement: bool,
}

impl Pattern {
    /// How specific the pattern is: the most specific matching pattern wins.
    pub fn specificity(&self) -> u32 {
        let mut s = 0;
        if !self.obj.is_empty() {
            s += 4;
        }
        if !self.to.is_empty() {
            s += 2;
        }
        if !self.src.is_empty() {
            s += 2;
        }
        if !self.xcomp.is_empty() {
            s += 3;
        }
        if !self.subj.is_empty() {
            s += 3;
        }
        if self.particle.is_some() {
            s += 1;
        }
        if self.no_obj || self.needs_obj {
            s += 1;
        }
        if self.no_xcomp {
            s += 1;
        }
        s += 5 * self.topics.len() as u32;
        if !self.prep.is_empty() {
            s += 1;
        }
        s
    }
}

/// The patterns, indexed by predicate lemma (and particle) for constant-time lookup.
#[derive(Debug, Clone, Default)]
pub struct PatternSet {
    patterns: Vec<Pattern>,
    index: HashMap<(PredKind, String, Option<String>), Vec<usize>>,
}

impl PatternSet {
    pub fn load_default() -> Result<Self, CoderError> {
        let classes = parse_classes(CLASSES_TSV, CLASSES_FILE)?;
        Self::parse(PATTERNS_TSV, PATTERNS_FILE, &classes)
    }

    pub fn parse(
        text: &str,
        path: &str,
        classes: &HashMap<String, Vec<String>>,
    ) -> Result<Self, CoderError> {
        let mut set = PatternSet::default();
        for (idx, raw) in text.lines().enumerate() {
            let line = raw.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let bad = |reason: String| CoderError::Dictionary {
                path: path.to_string(),
                line: idx + 1,
                reason,
            };
            let mut fields = line.split_whitespace();
            let code = fields.next().unwrap_or("");
            let no_event = code == NO_EVENT;
            if !no_event
                && (!(3..=4).contains(&code.len()) || !code.chars().all(|c| c.is_ascii_digit()))
            {
                return Err(bad(format!("bad CAMEO code {code:?}")));
            }
            let preds = fields
                .next()
                .ok_or_else(|| bad("missing predicate".into()))?;
            let mut tmpl = Pattern {
                id: String::new(),
                code: code.to_string(),
                kind: PredKind::Verb,
                lemma: String::new(),
                particle: None,
                obj: vec![],
                to: vec![],
                src: vec![],
                xcomp: vec![],
                subj: vec![],
                topics: vec![],
                prep: vec![],
                no_obj: false,
                needs_obj: false,
                active: false,
                no_xcomp: false,
                statement: false,
            };
            for c in fields {
                let (key, value) = c.split_once('=').unwrap_or((c, ""));
                let list = || expand(value, classes).map_err(&bad);
                match key {
                    "obj" => tmpl.obj = list()?,
                    "to" => tmpl.to = list()?,
                    "src" => tmpl.src = list()?,
                    "xcomp" => tmpl.xcomp = list()?,
                    "subj" => tmpl.subj = list()?,
                    "topic" => tmpl.topics.push(list()?),
                    "prep" => tmpl.prep = list()?,
                    "noobj" => tmpl.no_obj = true,
                    "hasobj" => tmpl.needs_obj = true,
                    "active" => tmpl.active = true,
                    "noxcomp" => tmpl.no_xcomp = true,
                    "stmt" => tmpl.statement = true,
                    _ => return Err(bad(format!("unknown constraint {c:?}"))),
                }
            }
            for pred in preds.split('|').filter(|p| !p.is_empty()) {
                let (kind, word) = match pred.split_once(':') {
                    Some(("n", w)) => (PredKind::Noun, w),
                    Some(("a", w)) => (PredKind::Adj, w),
                    Some((k, _)) => return Err(bad(format!("unknown predicate kind {k:?}"))),
                    None => (PredKind::Verb, pred),
                };
                let (lemma, particle) = match word.split_once('_') {
                    Some((l, p)) => (l.to_lowercase(), Some(p.replace('_', " ").to_lowercase())),
                    None => (word.to_lowercase(), None),
                };
                if lemma.is_empty() {
                    return Err(bad(format!("empty predicate in {preds:?}")));
                }
                let mut p = tmpl.clone();
                p.id = format!("{path}:{}:{}", idx + 1, pred);
                p.kind = kind;
                p.lemma = lemma;
                p.particle = particle;
                set.push(p);
            }
        }
        Ok(set)
    }

    fn push(&mut self, p: Pattern) {
        let key = (p.kind, p.lemma.clone(), p.particle.clone());
        self.index.entry(key).or_default().push(self.patterns.len());
        self.patterns.push(p);
    }

    /// Patterns for a predicate lemma with the given particle (None: no particle).
    pub fn lookup(&self, kind: PredKind, lemma: &str, particle: Option<&str>) -> &[usize] {
        self.index
            .get(&(kind, lemma.to_string(), particle.map(str::to_string)))
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    pub fn has(&self, kind: PredKind, lemma: &str, particle: Option<&str>) -> bool {
        !self.lookup(kind, lemma, particle).is_empty()
    }

    pub fn get(&self, i: usize) -> &Pattern {
        &self.patterns[i]
    }

    pub fn len(&self) -> usize {
        self.patterns.len()
    }

    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Pattern> {
        self.patterns.iter()
    }
}

/// Expands `a|b|@class` into lemmas.
fn expand(value: &str, classes: &HashMap<String, Vec<String>>) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    for item in value.split('|').filter(|s| !s.is_empty()) {
        if let Some(name) = item.strip_prefix('@') {
            let members = classes
                .get(name)
                .ok_or_else(|| format!("unknown noun class @{name}"))?;
            out.extend(members.iter().cloned());
        } else {
            out.push(item.replace('_', " ").to_lowercase());
        }
    }
    if out.is_empty() {
        return Err("empty list".into());
    }
    Ok(out)
}

/// Noun classes: `@name  lemma lemma ...` (members may name other classes).
pub fn parse_classes(text: &str, path: &str) -> Result<HashMap<String, Vec<String>>, CoderError> {
    let mut classes: HashMap<String, Vec<String>> = HashMap::new();
    for (idx, raw) in text.lines().enumerate() {
        let line = raw.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        let mut fields = line.split_whitespace();
        let name = fields.next().unwrap_or("");
        let Some(name) = name.strip_prefix('@') else {
            return Err(CoderError::Dictionary {
                path: path.to_string(),
                line: idx + 1,
                reason: format!("class line must start with @name, got {name:?}"),
            });
        };
        let mut members = Vec::new();
        for m in fields.flat_map(|f| f.split('|')) {
            if let Some(other) = m.strip_prefix('@') {
                let Some(v) = classes.get(other) else {
                    return Err(CoderError::Dictionary {
                        path: path.to_string(),
                        line: idx + 1,
                        reason: format!("class @{other} used before it is defined"),
                    });
                };
                members.extend(v.iter().cloned());
            } else {
                members.push(m.replace('_', " ").to_lowercase());
            }
        }
        classes.entry(name.to_string()).or_default().extend(members);
    }
    Ok(classes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_constraints_and_indexes_by_lemma() {
        let mut classes = HashMap::new();
        classes.insert("attack".to_string(), vec!["attack".into(), "strike".into()]);
        let set = PatternSet::parse(
            "# c\n190  launch|carry_out  obj=@attack to=on|against\n111 condemn|n:condemnation\n",
            "p.tsv",
            &classes,
        )
        .unwrap();
        assert_eq!(set.len(), 4);
        let i = set.lookup(PredKind::Verb, "carry", Some("out"))[0];
        let p = set.get(i);
        assert_eq!(p.code, "190");
        assert_eq!(p.obj, vec!["attack", "strike"]);
        assert_eq!(p.to, vec!["on", "against"]);
        assert_eq!(p.id, "p.tsv:2:carry_out");
        assert!(set.has(PredKind::Noun, "condemnation", None));
        assert!(!set.has(PredKind::Verb, "condemnation", None));
    }

    #[test]
    fn errors_name_file_and_line() {
        let classes = HashMap::new();
        let err = PatternSet::parse("111 condemn\n19 attack\n", "p.tsv", &classes).unwrap_err();
        assert!(err.to_string().starts_with("p.tsv:2:"), "{err}");
        let err = PatternSet::parse("190 launch obj=@nope\n", "p.tsv", &classes).unwrap_err();
        assert!(err.to_string().contains("@nope"), "{err}");
    }

    #[test]
    fn shipped_dictionary_covers_every_code_with_over_2000_patterns() {
        let set = PatternSet::load_default().unwrap();
        assert!(set.len() >= 2000, "only {} patterns", set.len());
        let ontology = super::super::ontology::Ontology::load_default().unwrap();
        let mut ids = std::collections::HashSet::new();
        for p in set.iter() {
            assert!(
                p.code == NO_EVENT || ontology.contains(&p.code),
                "{} has unknown code {}",
                p.id,
                p.code
            );
            assert!(ids.insert(p.id.clone()), "duplicate id {}", p.id);
        }
        for code in ontology.codes() {
            assert!(
                set.iter().any(|p| p.code == code),
                "no pattern for CAMEO {code}"
            );
        }
    }
}
