//! Whether an event happened: negation, future/intent, condition, speculation and report, read
//! off the predicate's own dependents and the clauses that embed it.

use dyad_model::Modality;

use super::graph::Graph;

/// What an embedding verb says about its complement: CAMEO codes promises (03x) and threats
/// (13x) as events of their own; other intents are flagged future.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Intent {
    Promise,
    Threat,
}

const PROMISE: &[&str] = &[
    "agree",
    "pledge",
    "promise",
    "vow",
    "offer",
    "commit",
    "undertake",
    "volunteer",
    "consent",
    "guarantee",
    "swear",
    "resolve",
];
const THREAT: &[&str] = &["threaten", "warn", "menace"];

/// Verbs that ask someone else to act: what they ask for has not happened ("urged Russia to
/// accept a ceasefire").
const APPEAL: &[&str] = &[
    "urge",
    "ask",
    "call",
    "press",
    "encourage",
    "invite",
    "appeal",
    "implore",
    "exhort",
    "request",
    "advise",
    "pressure",
    "push",
    "beg",
    "plead",
    "demand",
];
const FUTURE: &[&str] = &[
    "plan",
    "intend",
    "want",
    "wish",
    "seek",
    "aim",
    "prepare",
    "decide",
    "hope",
    "mean",
    "expect",
    "ready",
    "willing",
    "prepared",
    "eager",
    "set",
    "schedule",
    "due",
    "go",
    "move",
    "look",
    "propose",
    "determined",
    "poised",
    "likely",
    "bound",
    "about",
    "try",
    "attempt",
    "strive",
    "push",
    "need",
    "have",
    "consider",
    "mull",
    "weigh",
    "contemplate",
    "keen",
    "able",
    "unable",
];
const NEGATING: &[&str] = &[
    "fail", "refuse", "decline", "reject", "unable", "neglect", "avoid", "cease", "stop", "halt",
    "deny", "refrain", "abstain",
];
/// Nouns of not doing what their infinitive says ("the refusal to cave").
const NEGATING_NOUNS: &[&str] = &[
    "refusal",
    "failure",
    "reluctance",
    "inability",
    "unwillingness",
];
const SPEECH: &[&str] = &[
    "say",
    "tell",
    "state",
    "announce",
    "declare",
    "note",
    "add",
    "claim",
    "assert",
    "report",
    "confirm",
    "insist",
    "stress",
    "explain",
    "comment",
    "remark",
    "write",
    "tweet",
    "post",
    "argue",
    "allege",
    "maintain",
    "reiterate",
    "emphasise",
    "emphasize",
    "indicate",
    "suggest",
    "mention",
    "reveal",
    "disclose",
    "acknowledge",
    "admit",
    "concede",
    "quote",
    "cite",
    "share",
    "warn",
    "predict",
    "contend",
    "testify",
    "affirm",
    "recall",
    "underline",
    "underscore",
];
/// Verbs that allege what their "of"/"with" clause says ("accused X of helping").
const ALLEGING: &[&str] = &["accuse", "charge", "suspect", "allege", "blame", "indict"];
const BELIEF: &[&str] = &[
    "believe",
    "think",
    "expect",
    "fear",
    "suspect",
    "hope",
    "feel",
    "assume",
    "estimate",
    "predict",
    "speculate",
    "seem",
    "appear",
    "suppose",
    "guess",
    "doubt",
    "presume",
    "imagine",
    "anticipate",
    "rumour",
    "rumor",
    "understand",
    "consider",
    "likely",
    "possible",
    "probable",
    "unlikely",
];
const SPECULATIVE_ADV: &[&str] = &[
    "reportedly",
    "allegedly",
    "apparently",
    "purportedly",
    "supposedly",
    "possibly",
    "perhaps",
    "maybe",
    "probably",
    "likely",
    "presumably",
    "seemingly",
    "potentially",
];
const HYPOTHETICAL_NOUN_MOD: &[&str] = &[
    "possible",
    "potential",
    "proposed",
    "hypothetical",
    "prospective",
    "would-be",
    "eventual",
    "likely",
    "alleged",
    "rumoured",
    "rumored",
    "suspected",
    "expected",
    "planned",
    "future",
    "threatened",
    "feared",
];

pub(crate) fn is_speech_lemma(lemma: &str) -> bool {
    SPEECH.contains(&lemma)
}

fn is_negator(g: &Graph, c: usize) -> bool {
    let l = g.lemma(c);
    let f = g.form_lower(c);
    matches!(
        l.as_str(),
        "not" | "never" | "no" | "n't" | "nor" | "neither"
    ) || f == "n't"
        || f == "not"
}

/// Whether an adverbial clause states a condition: "if …", "unless …", or the inverted
/// "should the referendum pass" / "were X to …" / "had X known".
pub(crate) fn is_conditional_clause(g: &Graph, c: usize) -> bool {
    for m in g.kids(c, "mark") {
        if matches!(
            g.lemma(m).as_str(),
            "if" | "unless" | "whether" | "lest" | "provided" | "suppose" | "providing"
        ) {
            return true;
        }
    }
    // Inversion: "should the referendum pass", "were X to attack", "had they known". The
    // auxiliary opens the clause and words stand between it and the verb.
    let first = g.subtree(c, &["punct"]).first().copied();
    g.kids(c, "aux").any(|a| {
        matches!(g.form_lower(a).as_str(), "should" | "were" | "had")
            && first == Some(a)
            && c > a + 1
            && (a + 1..c).any(|k| matches!(g.upos(k), "DET" | "NOUN" | "PROPN" | "PRON"))
    })
}

/// Whether an inverted condition follows predicate `p` with no other verb between them
/// ("ready to absorb South Ossetia should the referendum pass", "would strike were they to
/// attack"). Read from the words, not the parse: parsers often garble this rare order.
fn trailing_inverted_condition(g: &Graph, p: usize) -> bool {
    let subject_like = |i: usize| {
        matches!(g.upos(i), "DET" | "PROPN")
            || matches!(
                g.form_lower(i).as_str(),
                "he" | "she" | "it" | "they" | "we" | "i" | "you"
            )
    };
    for k in p + 1..g.len() {
        if matches!(g.upos(k), "VERB") && g.form_lower(k) != "should" {
            return false;
        }
        if k + 1 >= g.len() || !subject_like(k + 1) {
            continue;
        }
        // "the talks were the first to …": the word before is the verb's own subject.
        let own_subject = g.rel(k - 1).starts_with("nsubj")
            && (g.head(k - 1) == Some(k) || g.head(k - 1) == g.head(k));
        if own_subject {
            continue;
        }
        let ahead = |want: &dyn Fn(usize) -> bool| (k + 2..g.len().min(k + 7)).any(want);
        let inverted = match g.form_lower(k).as_str() {
            "should" => g.upos(k + 1) != "PROPN",
            "were" => ahead(&|i| g.form_lower(i) == "to"),
            "had" => g.upos(k + 1) != "DET" && ahead(&|i| g.tok(i).xpos == "VBN"),
            _ => false,
        };
        if inverted {
            return true;
        }
    }
    false
}

/// Whether `p` is the complement of a past-tense report ("said it would …", "announced that
/// they would …"); a condition in the clause still makes it hypothetical (see `own`).
fn reported_in_past(g: &Graph, p: usize) -> bool {
    let Some(h) = g.head(p) else {
        return false;
    };
    let complement = g.rel(p).starts_with("ccomp") || g.rel(p).starts_with("parataxis");
    complement && matches!(g.tok(h).xpos.as_str(), "VBD" | "VBN")
}

/// Flags from the predicate's own dependents (auxiliaries, negation, adverbs, conditions).
fn own(g: &Graph, p: usize, m: &mut Modality, hedged_self: bool) {
    for &c in g.children(p) {
        let rel = g.rel(c);
        let base = rel.split(':').next().unwrap_or(rel);
        let lemma = g.lemma(c);
        let form = g.form_lower(c);
        match base {
            "aux" => match form.as_str() {
                "will" | "shall" | "'ll" | "wo" | "ll" => m.future = true,
                // "said it would send": future seen from a past report, not a condition.
                "would" | "'d" if reported_in_past(g, p) => m.future = true,
                "would" | "could" | "might" | "may" | "should" | "'d" | "must" => {
                    m.hypothetical = true
                }
                "ca" | "can" if false => {}
                _ => {
                    if lemma == "will" {
                        m.future = true;
                    }
                }
            },
            "advmod" | "neg" => {
                if is_negator(g, c) {
                    m.negated = true;
                } else if SPECULATIVE_ADV.contains(&lemma.as_str()) {
                    m.speculative = true;
                }
            }
            "det" if g.upos(p) == "NOUN" && is_negator(g, c) => m.negated = true,
            "amod" if g.upos(p) == "NOUN" && HYPOTHETICAL_NOUN_MOD.contains(&lemma.as_str()) => {
                match lemma.as_str() {
                    "planned" | "proposed" | "future" | "expected" | "threatened" | "eventual" => {
                        m.future = true
                    }
                    "alleged" | "rumoured" | "rumored" | "suspected" | "feared" => {
                        m.speculative = true
                    }
                    _ => m.hypothetical = true,
                }
            }
            "advcl" | "obl" | "dep" | "parataxis" | "ccomp" if is_conditional_clause(g, c) => {
                m.hypothetical = true
            }
            _ => {}
        }
    }
    // A condition parsed as the root ("If Russia threatens …, NATO will respond" with the
    // main clause hung under it) is still a condition.
    let clause = g.rel(p).starts_with("advcl") || g.rel(p) == "root";
    if hedged_self && clause && is_conditional_clause(g, p) {
        m.hypothetical = true;
    }
}

/// Whether the predicate is announced for later by its own auxiliary ("will impose", "said it
/// would boycott"), outside any condition but perhaps with one of its own ("will withdraw
/// unless the ceasefire holds"): the shape of a threat when the act is force or coercion.
pub(crate) fn announced_for_later(g: &Graph, p: usize) -> bool {
    let mut m = Modality::default();
    own(g, p, &mut m, false);
    m.future && !m.negated && !m.speculative && !within_condition(g, p)
}

/// Whether the predicate is the plan of its governing verb or adjective ("plans to impose
/// restrictions", "is prepared to impose martial law"), outside any condition: announced
/// sanctions and restrictions are threats; planned force stays a future event.
pub(crate) fn planned(g: &Graph, p: usize) -> bool {
    let mut m = Modality::default();
    own(g, p, &mut m, false);
    let planned = g.rel(p) == "xcomp"
        && g.head(p).is_some_and(|h| {
            matches!(
                g.lemma(h).as_str(),
                "plan" | "intend" | "prepare" | "prepared" | "poised"
            ) && {
                let mut hm = Modality::default();
                own(g, h, &mut hm, false);
                !hm.negated && !hm.speculative && !within_condition(g, h)
            }
        });
    planned && !m.negated && !within_condition(g, p)
}

/// Whether `p` or a clause above it is a condition ("if Russia attacks", "unless X agrees").
pub(crate) fn within_condition(g: &Graph, p: usize) -> bool {
    let mut cur = Some(p);
    let mut steps = 0;
    while let Some(c) = cur {
        if steps > 12 || is_conditional_clause(g, c) {
            return true;
        }
        cur = g.head(c);
        steps += 1;
    }
    false
}

/// The modality of a predicate and whether an embedding verb turns it into a promise/threat.
pub(crate) fn modality(g: &Graph, p: usize) -> (Modality, Option<Intent>) {
    let mut m = Modality::default();
    let mut intent = None;
    own(g, p, &mut m, true);
    if trailing_inverted_condition(g, p) {
        m.hypothetical = true;
    }
    let mut cur = p;
    let mut steps = 0;
    while let Some(h) = g.head(cur) {
        steps += 1;
        if steps > 12 {
            break;
        }
        let rel = g.rel(cur);
        let base = rel.split(':').next().unwrap_or(rel);
        let hl = g.lemma(h);
        match base {
            "conj" => {
                let mut hm = Modality::default();
                own(g, h, &mut hm, true);
                m.negated |= hm.negated;
                m.future |= hm.future;
                m.hypothetical |= hm.hypothetical;
                m.speculative |= hm.speculative;
            }
            "xcomp" => {
                if APPEAL.contains(&hl.as_str()) {
                    m.hypothetical = true;
                }
                if intent.is_none() && PROMISE.contains(&hl.as_str()) {
                    intent = Some(Intent::Promise);
                } else if intent.is_none() && THREAT.contains(&hl.as_str()) {
                    intent = Some(Intent::Threat);
                } else if NEGATING.contains(&hl.as_str())
                    || NEGATING_NOUNS.contains(&hl.as_str())
                    || has_yet_to(g, h)
                {
                    // "have yet to comment", "is yet to respond": not done so far.
                    m.negated = true;
                } else if matches!(
                    hl.as_str(),
                    "expect"
                        | "believe"
                        | "think"
                        | "say"
                        | "report"
                        | "rumour"
                        | "rumor"
                        | "seem"
                        | "appear"
                        | "likely"
                        | "unlikely"
                ) {
                    m.speculative = true;
                } else if FUTURE.contains(&hl.as_str()) {
                    m.future = true;
                }
                let mut hm = Modality::default();
                own(g, h, &mut hm, true);
                m.negated |= hm.negated;
                m.future |= hm.future;
                m.hypothetical |= hm.hypothetical;
                m.speculative |= hm.speculative;
            }
            "ccomp" | "csubj" | "parataxis" => {
                if is_speech_lemma(&hl)
                    || g.upos(h) == "NOUN"
                        && matches!(
                            hl.as_str(),
                            "statement" | "claim" | "report" | "announcement"
                        )
                {
                    m.reported = true;
                }
                if BELIEF.contains(&hl.as_str()) {
                    m.speculative = true;
                }
                let mut hm = Modality::default();
                own(g, h, &mut hm, false);
                // "did not say that X attacked": the attack is no longer asserted.
                m.speculative |= hm.negated || hm.speculative;
                m.future |= hm.future;
                m.hypothetical |= hm.hypothetical;
            }
            // "accused Britain of helping Kyiv", "charged with spying for": what someone is
            // accused of is alleged, not asserted.
            "acl" | "advcl"
                if g.kids_exact(cur, "mark")
                    .any(|k| matches!(g.lemma(k).as_str(), "of" | "with" | "for"))
                    && [Some(h), g.head(h).filter(|_| g.rel(h) == "obj")]
                        .into_iter()
                        .flatten()
                        .any(|v| ALLEGING.contains(&g.lemma(v).as_str())) =>
            {
                m.speculative = true;
                break;
            }
            // "refrained from commenting", "stopped short of recognising".
            "advcl"
                if NEGATING.contains(&hl.as_str())
                    && g.kids_exact(cur, "mark")
                        .any(|k| matches!(g.lemma(k).as_str(), "from" | "of")) =>
            {
                m.negated = true;
                break;
            }
            "advcl" => {
                let infinitive = g.kids_exact(cur, "mark").any(|k| g.lemma(k) == "to");
                if is_conditional_clause(g, cur) || infinitive && APPEAL.contains(&hl.as_str()) {
                    m.hypothetical = true;
                }
                let mut hm = Modality::default();
                own(g, h, &mut hm, false);
                m.future |= hm.future;
                m.hypothetical |= hm.hypothetical;
            }
            "acl" if g.upos(cur) != "VERB" || g.tok(cur).xpos == "TO" || g.has_kid(cur, "mark") => {
                // "plans to attack", "the decision to send troops": the head noun's intent.
                if matches!(
                    hl.as_str(),
                    "plan"
                        | "intention"
                        | "intent"
                        | "bid"
                        | "decision"
                        | "attempt"
                        | "effort"
                        | "readiness"
                        | "proposal"
                        | "move"
                        | "aspiration"
                        | "ambition"
                        | "goal"
                        | "aim"
                        | "call"
                        | "demand"
                        | "request"
                        | "offer"
                        | "threat"
                        | "promise"
                        | "pledge"
                ) {
                    m.future = true;
                    break;
                }
                // "Australia's refusal to cave", "the failure to act".
                if NEGATING_NOUNS.contains(&hl.as_str()) {
                    m.negated = true;
                }
                break;
            }
            // "lifted orders blocking the swearing-in", "overturned a ban preventing …": what
            // the undone measure did is no longer so.
            "acl" if g.rel(h) == "obj" && g.head(h).is_some_and(|v| undoes(g, v)) => {
                m.negated = true;
                break;
            }
            // An event noun that is an object ("accused Britain of helping Kyiv plan attacks",
            // "plans to launch an attack") is as real as the clause it is the object of.
            "obj" if g.upos(cur) == "NOUN" => {}
            _ => break,
        }
        cur = h;
    }
    // "according to X" anywhere on the way up marks a report.
    let mut cur = Some(p);
    let mut steps = 0;
    while let Some(c) = cur {
        steps += 1;
        if steps > 12 {
            break;
        }
        for o in g.kids(c, "obl") {
            if g.case_of(o).as_deref() == Some("according to") {
                m.reported = true;
            }
        }
        if g.lemma(c) == "accord" || g.lemma(c) == "according" {
            m.reported = true;
        }
        cur = g.head(c);
    }
    (m, intent)
}

/// Verbs that undo a measure, order or ban.
const UNDOING: &[&str] = &[
    "lift",
    "overturn",
    "revoke",
    "rescind",
    "repeal",
    "annul",
    "quash",
    "scrap",
    "cancel",
    "reverse",
    "void",
    "invalidate",
    "suspend",
];

/// Whether verb `v` undoes its object: "lifted the orders", "struck down a law".
fn undoes(g: &Graph, v: usize) -> bool {
    let lemma = g.lemma(v);
    UNDOING.contains(&lemma.as_str())
        || lemma == "strike"
            && g.kids_exact(v, "compound:prt")
                .any(|c| g.lemma(c) == "down")
}

/// "have yet to", "be yet to": the controller carries a "yet" before the infinitive.
fn has_yet_to(g: &Graph, h: usize) -> bool {
    matches!(g.lemma(h).as_str(), "have" | "be") && g.kids(h, "advmod").any(|a| g.lemma(a) == "yet")
}
