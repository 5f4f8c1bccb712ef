//! A dependency parse as a navigable graph: children by relation, subtrees, case markers.
//! Token positions here are 0-based indexes into `Sentence::tokens` (CoNLL-U id − 1).

use dyad_model::{Sentence, Token};

/// Verbs whose passive participle with "to" states the subject's own stance ("is opposed
/// to"), not something done to it.
const STATIVE_PARTICIPLES: &[&str] = &["oppose"];

pub(crate) struct Graph<'a> {
    pub sentence: &'a Sentence,
    children: Vec<Vec<usize>>,
    /// Lowercased lemmas, plural nouns the lemmatizer left plural made singular.
    lemmas: Vec<String>,
    /// Words inside an entity with an actor code (set by the coder once entities are known).
    actors: Vec<bool>,
    /// Words inside the name of a city the places stage found.
    cities: Vec<bool>,
}

impl<'a> Graph<'a> {
    pub fn new(sentence: &'a Sentence) -> Self {
        let n = sentence.tokens.len();
        let mut children = vec![Vec::new(); n];
        for (i, t) in sentence.tokens.iter().enumerate() {
            let h = t.head as usize;
            if h >= 1 && h <= n && h - 1 != i {
                children[h - 1].push(i);
            }
        }
        let lemmas = sentence.tokens.iter().map(token_lemma).collect();
        Graph {
            sentence,
            children,
            lemmas,
            actors: vec![false; n],
            cities: vec![false; n],
        }
    }

    /// Marks the words that lie inside a coded actor's entity.
    pub fn with_actor_words(mut self, words: impl IntoIterator<Item = usize>) -> Self {
        for w in words {
            if let Some(a) = self.actors.get_mut(w) {
                *a = true;
            }
        }
        self
    }

    /// Marks the words that lie inside a city's name.
    pub fn with_city_words(mut self, words: impl IntoIterator<Item = usize>) -> Self {
        for w in words {
            if let Some(c) = self.cities.get_mut(w) {
                *c = true;
            }
        }
        self
    }

    /// Whether word `i` lies inside a city's name.
    pub fn is_city_word(&self, i: usize) -> bool {
        self.cities.get(i).copied().unwrap_or(false)
    }

    /// Whether word `i` lies inside an entity coded as an actor.
    pub fn is_actor_word(&self, i: usize) -> bool {
        self.actors.get(i).copied().unwrap_or(false)
    }

    pub fn len(&self) -> usize {
        self.sentence.tokens.len()
    }

    pub fn tok(&self, i: usize) -> &'a Token {
        &self.sentence.tokens[i]
    }

    pub fn head(&self, i: usize) -> Option<usize> {
        let h = self.tok(i).head as usize;
        (h >= 1 && h <= self.len() && h - 1 != i).then(|| h - 1)
    }

    /// The full relation ("nsubj:pass").
    pub fn rel(&self, i: usize) -> &'a str {
        self.tok(i).deprel.as_str()
    }

    /// Lowercased lemma (the form when the lemma is missing).
    pub fn lemma(&self, i: usize) -> String {
        self.lemmas[i].clone()
    }

    pub fn form_lower(&self, i: usize) -> String {
        self.tok(i).form.to_lowercase()
    }

    pub fn upos(&self, i: usize) -> &'a str {
        self.tok(i).upos.as_str()
    }

    pub fn children(&self, i: usize) -> &[usize] {
        &self.children[i]
    }

    /// Children whose relation is `rel` or a subtype of it (`obl` matches `obl:tmod`).
    pub fn kids<'s>(&'s self, i: usize, rel: &'s str) -> impl Iterator<Item = usize> + 's {
        self.children[i].iter().copied().filter(move |&c| {
            let r = self.rel(c);
            r == rel || (r.starts_with(rel) && r.as_bytes().get(rel.len()) == Some(&b':'))
        })
    }

    /// Children with exactly this relation.
    pub fn kids_exact<'s>(&'s self, i: usize, rel: &'s str) -> impl Iterator<Item = usize> + 's {
        self.children[i]
            .iter()
            .copied()
            .filter(move |&c| self.rel(c) == rel)
    }

    pub fn has_kid(&self, i: usize, rel: &str) -> bool {
        self.kids(i, rel).next().is_some()
    }

    /// The preposition(s) marking a nominal: "on", "against", "according to", "in support of".
    pub fn case_of(&self, i: usize) -> Option<String> {
        let case = self.kids_exact(i, "case").next()?;
        let mut words = vec![self.lemma(case)];
        for f in self.kids_exact(case, "fixed") {
            words.push(self.lemma(f));
        }
        // "according to" is often lemmatised "accord to".
        if words[0] == "accord" {
            words[0] = "according".into();
        }
        Some(words.join(" "))
    }

    /// Whether `i` is a participle like "opposed (to)" that describes its subject's stance.
    fn is_stative_participle(&self, i: usize) -> bool {
        // Cheap tests first: `is_passive` runs for most predicates and arguments.
        self.tok(i).xpos == "VBN"
            && STATIVE_PARTICIPLES.contains(&self.lemmas[i].as_str())
            && !self.has_kid(i, "obl:agent")
            && self
                .children(i)
                .iter()
                .any(|&c| self.rel(c) == "obl" && self.case_of(c).as_deref() == Some("to"))
    }

    /// Whether `i` is a passive predicate. "Israel is opposed to French mediation" is
    /// passive in form (UD annotates it so) but says what its subject does: a participle of
    /// [`STATIVE_PARTICIPLES`] with a "to" complement and no agent is read as active.
    pub fn is_passive(&self, i: usize) -> bool {
        if self.is_stative_participle(i) {
            return false;
        }
        if self.has_kid(i, "aux:pass")
            || self.has_kid(i, "nsubj:pass")
            || self.has_kid(i, "csubj:pass")
        {
            return true;
        }
        let t = self.tok(i);
        if t.xpos != "VBN" || self.has_kid(i, "nsubj") || self.has_kid(i, "aux") {
            return false;
        }
        // Reduced relative or participial modifier: "troops sent by Moscow"; any bare participle
        // with a "by" agent, whatever the parser attached it as ("areas abandoned by forces").
        if self.rel(i).starts_with("acl") || self.has_kid(i, "obl:agent") {
            return true;
        }
        // A participial clause ("Killed in the strike, he …") or a bare participle conjoined to
        // a non-verbal predicate ("the leader is dead, killed in a strike").
        // A noun before the participle is a subject the parser mislabelled ("…, a spokesman
        // announced").
        let bare = !self.children(i).iter().any(|&c| {
            c < i && !matches!(self.upos(c), "PUNCT" | "ADV" | "SCONJ" | "CCONJ" | "PART")
        });
        bare && self.rel(i).starts_with("advcl")
            || self.rel(i) == "conj"
                && self
                    .head(i)
                    .is_some_and(|h| matches!(self.upos(h), "ADJ" | "NOUN" | "PROPN"))
    }

    /// All tokens of the subtree rooted at `i` (including `i`), skipping subtrees whose
    /// relation is in `skip`.
    pub fn subtree(&self, i: usize, skip: &[&str]) -> Vec<usize> {
        let mut out = vec![i];
        let mut stack = vec![i];
        while let Some(n) = stack.pop() {
            for &c in &self.children[n] {
                let r = self.rel(c);
                let base = r.split(':').next().unwrap_or(r);
                if skip.contains(&r) || skip.contains(&base) {
                    continue;
                }
                out.push(c);
                stack.push(c);
            }
        }
        out.sort_unstable();
        out
    }

    /// Whether `a` lies inside the content clause of speech predicate `p` (below it, not the
    /// predicate itself).
    pub fn dominates_via_content(&self, p: usize, a: usize) -> bool {
        let mut cur = self.head(a);
        let mut steps = 0;
        while let Some(c) = cur {
            if c == p {
                return true;
            }
            steps += 1;
            if steps > self.len() {
                return false;
            }
            cur = self.head(c);
        }
        false
    }

    /// Character span of a set of tokens.
    pub fn span(&self, toks: &[usize]) -> (usize, usize) {
        let start = toks.iter().map(|&t| self.tok(t).start).min().unwrap_or(0);
        let end = toks.iter().map(|&t| self.tok(t).end).max().unwrap_or(0);
        (start, end)
    }

    /// Whether the token is a relative pronoun ("which", "who", "that" opening a relative clause).
    pub fn is_relative_pronoun(&self, i: usize) -> bool {
        let t = self.tok(i);
        if t.feats.contains("PronType=Rel") {
            return true;
        }
        matches!(t.xpos.as_str(), "WDT" | "WP" | "WP$")
            && matches!(
                self.lemma(i).as_str(),
                "which" | "who" | "whom" | "that" | "whose"
            )
    }
}

/// Lowercased lemma of a token (the form when the lemma is missing). A plural common noun whose
/// lemma is its own form ("troops", "supplies": treebank lemmas vary) is made singular, so the
/// patterns' nouns match whatever the lemmatizer did.
fn token_lemma(t: &Token) -> String {
    let lemma = if t.lemma.is_empty() || t.lemma == "_" {
        t.form.to_lowercase()
    } else {
        t.lemma.to_lowercase()
    };
    if t.xpos != "NNS" || lemma != t.form.to_lowercase() || lemma.ends_with("ss") {
        return lemma;
    }
    if let Some(stem) = lemma.strip_suffix("ies") {
        format!("{stem}y")
    } else if let Some(stem) = lemma.strip_suffix('s') {
        stem.to_string()
    } else {
        lemma
    }
}
