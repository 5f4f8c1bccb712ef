//! Direct quotes from quote marks and indirect speech from speech verbs, with attribution.

use dyad_model::{Citation, Quote};

use super::speakers::{Resolver, SpeakerSpan};
use super::text::{
    introduces_clause, is_adverb, phrase_ending_at, phrase_starting_at, speech_lemma, Context,
    PRONOUNS,
};
use super::OutletLookup;

/// Where a quote mark opens or closes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    Open,
    Close,
    /// A straight quote between two word characters or two spaces: decided by the pairing.
    Either,
}

fn is_open_context(c: Option<char>) -> bool {
    c.is_none_or(|c| c.is_whitespace() || "([{—–-/:".contains(c))
}

fn is_close_context(c: Option<char>) -> bool {
    c.is_none_or(|c| c.is_whitespace() || ",.;:!?)]}—–".contains(c))
}

fn classify_double(chars: &[char], i: usize) -> Option<Mark> {
    let c = chars[i];
    match c {
        '“' | '«' | '„' => Some(Mark::Open),
        '”' | '»' => Some(Mark::Close),
        '"' => {
            let prev = i.checked_sub(1).map(|p| chars[p]);
            let next = chars.get(i + 1).copied();
            match (is_open_context(prev), is_close_context(next)) {
                (true, false) => Some(Mark::Open),
                (false, true) => Some(Mark::Close),
                (true, true) => None,
                (false, false) => Some(Mark::Either),
            }
        }
        _ => None,
    }
}

fn paragraph_break_between(chars: &[char], a: usize, b: usize) -> Option<usize> {
    (a..b.saturating_sub(1)).find(|&i| chars[i] == '\n' && chars[i + 1] == '\n')
}

/// Spans (without the marks) of double-quoted passages. A quote left open at a paragraph break
/// and re-opened in the next paragraph (the news convention for long quotes) is closed at the
/// break; an unbalanced opener elsewhere is dropped.
fn double_quoted(chars: &[char]) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut open: Option<usize> = None;
    for i in 0..chars.len() {
        let Some(mark) = classify_double(chars, i) else {
            continue;
        };
        match (mark, open) {
            (Mark::Open, None) | (Mark::Either, None) => open = Some(i),
            (Mark::Open, Some(o)) => {
                if let Some(p) = paragraph_break_between(chars, o, i) {
                    spans.push((o + 1, p));
                } else {
                    // A long quote re-opened without its paragraph break (flattened text):
                    // close it where its last sentence ends.
                    let mut e = i;
                    while e > o + 1 && chars[e - 1].is_whitespace() {
                        e -= 1;
                    }
                    if e > o + 1 && matches!(chars[e - 1], '.' | '!' | '?') && e < i {
                        spans.push((o + 1, e));
                    }
                }
                open = Some(i);
            }
            (Mark::Close, Some(o)) | (Mark::Either, Some(o)) => {
                spans.push((o + 1, i));
                open = None;
            }
            (Mark::Close, None) => {}
        }
    }
    if let Some(o) = open {
        if let Some(p) = paragraph_break_between(chars, o, chars.len()) {
            spans.push((o + 1, p));
        }
    }
    spans
}

/// Spans of single-quoted passages outside double quotes: ‘…’ always, '…' only for clear
/// multi-word quotes (straight single quotes are mostly apostrophes).
fn single_quoted(chars: &[char], doubles: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let inside = |i: usize| doubles.iter().any(|(s, e)| i >= *s && i < *e);
    let mut spans = Vec::new();
    let n = chars.len();
    let mut i = 0;
    while i < n {
        let c = chars[i];
        let prev = i.checked_sub(1).map(|p| chars[p]);
        let opens = (c == '‘' || (c == '\'' && is_open_context(prev)))
            && chars.get(i + 1).is_some_and(|c| c.is_alphanumeric())
            && !inside(i);
        if !opens {
            i += 1;
            continue;
        }
        let limit = (i + 400).min(n);
        let mut found = None;
        for j in i + 1..limit {
            let d = chars[j];
            if d == '\n' {
                break;
            }
            let closer = if c == '‘' { d == '’' } else { d == '\'' };
            if closer
                && !chars[j - 1].is_whitespace()
                && is_close_context(chars.get(j + 1).copied())
            {
                found = Some(j);
                break;
            }
        }
        if let Some(j) = found {
            let words = chars[i + 1..j].iter().filter(|c| c.is_whitespace()).count() + 1;
            if c == '‘' || words >= 3 {
                spans.push((i + 1, j));
            }
            i = j + 1;
        } else {
            i += 1;
        }
    }
    spans
}

/// Whether a quoted passage is a name or title ("Mega Blaze", a ship, a book) rather than
/// speech: one word, or every content word capitalised and no sentence punctuation.
fn looks_like_title(ctx: &Context, start: usize, end: usize) -> bool {
    let r = ctx.word_range(start, end);
    let ws = &ctx.words[r];
    let content: Vec<_> = ws.iter().filter(|w| !w.is_punct()).collect();
    if content.len() <= 1 {
        return true;
    }
    let small = [
        "of", "the", "a", "an", "and", "in", "on", "for", "to", "at", "by",
    ];
    let all_caps = content.iter().all(|w| {
        w.is_capitalized()
            || small.contains(&w.lower.as_str())
            || w.text.chars().next().is_some_and(|c| c.is_ascii_digit())
    });
    // Trailing punctuation ("Axis of Upheaval,") does not make a title a sentence.
    let inner = ws.len() - ws.iter().rev().take_while(|w| w.is_punct()).count();
    all_caps
        && content.len() <= 6
        && !ws[..inner]
            .iter()
            .any(|w| matches!(w.text.as_str(), "," | "." | "!" | "?"))
}

/// What attributes a quote: the verb and the speaker phrase (word indices).
#[derive(Debug, Clone, Default)]
struct Attribution {
    verb: Option<String>,
    speaker: Option<(usize, usize)>,
    rule: &'static str,
}

fn is_speech_verb_at(ctx: &Context, i: usize) -> bool {
    let w = &ctx.words[i];
    if speech_lemma(&w.lower).is_none() {
        return false;
    }
    // "to say", "declined to comment" introduce no speech here.
    if i > 0 && ctx.words[i - 1].is("to") {
        return false;
    }
    // Nouns that look like verbs: "the claims", "a warning", "the report".
    if i > 0
        && matches!(
            ctx.words[i - 1].lower.as_str(),
            "the" | "a" | "an" | "his" | "her" | "their" | "its" | "these" | "those" | "such"
        )
    {
        return false;
    }
    true
}

/// Skips adverbs and auxiliaries to the left of `i` (inclusive), staying at or after `floor`.
fn skip_back(ctx: &Context, mut i: usize, floor: usize) -> Option<usize> {
    loop {
        let w = &ctx.words[i];
        let skippable = is_adverb(w) || matches!(w.lower.as_str(), "as" | "quoted" | "been");
        if !skippable {
            return Some(i);
        }
        if i == 0 || i <= floor {
            return None;
        }
        i -= 1;
    }
}

/// The subject phrase of a speech verb at word `v`, looking left within `floor..v`.
fn subject_left_of(ctx: &Context, v: usize, floor: usize) -> Option<(usize, usize)> {
    if v == 0 || v <= floor {
        return None;
    }
    let b = skip_back(ctx, v - 1, floor)?;
    let w = &ctx.words[b];
    if matches!(w.text.as_str(), "—" | "–") {
        // "Al-Sharaa — leader of the group — said".
        let mut c = b.checked_sub(1)?;
        let stop = c.saturating_sub(30).max(floor);
        while c > stop && !matches!(ctx.words[c].text.as_str(), "—" | "–") {
            c -= 1;
        }
        if matches!(ctx.words[c].text.as_str(), "—" | "–") && c > floor {
            return phrase_ending_at(&ctx.words, c - 1)
                .filter(|(a, _)| *a >= floor)
                .map(|p| skip_prepositional(ctx, p, floor));
        }
        return None;
    }
    if w.is(",") || w.is("who") {
        // Appositive: "Ali Mohammed, a spokesman for the ministry, said" / "X, who said".
        let mut c = if w.is("who") { b } else { b.checked_sub(1)? };
        let stop = c.saturating_sub(18).max(floor);
        while c > stop && !ctx.words[c].is(",") {
            c -= 1;
        }
        if ctx.words[c].is(",") && c > floor {
            return phrase_ending_at(&ctx.words, c - 1).filter(|(a, _)| *a >= floor);
        }
        return None;
    }
    phrase_ending_at(&ctx.words, b)
        .filter(|(a, _)| *a >= floor)
        .map(|p| skip_prepositional(ctx, p, floor))
}

/// "the court (ICJ) in The Hague ruled": a phrase after a preposition is a modifier of the
/// subject; the subject is the phrase before the preposition (and any parenthesis).
fn skip_prepositional(ctx: &Context, mut p: (usize, usize), floor: usize) -> (usize, usize) {
    for _ in 0..2 {
        let a = p.0;
        if a < floor + 2
            || !matches!(
                ctx.words[a - 1].lower.as_str(),
                "in" | "at" | "from" | "near" | "for" | "of"
            )
        {
            break;
        }
        let mut k = a - 2;
        if ctx.words[k].is(")") {
            while k > floor && !ctx.words[k].is("(") {
                k -= 1;
            }
            if k <= floor {
                break;
            }
            k -= 1;
        }
        match phrase_ending_at(&ctx.words, k) {
            Some(q) if q.0 >= floor && !PRONOUNS.contains(&ctx.words[q.1].lower.as_str()) => {
                p = (q.0, q.1);
            }
            _ => break,
        }
    }
    p
}

/// The first named person (PER entity) whose words lie in `from..to`: the subject of a
/// sentence like "Zelenskyy dismissed the response as “…”".
fn first_person_in(ctx: &Context, from: usize, to: usize) -> Option<(usize, usize)> {
    if from >= to {
        return None;
    }
    let (s, e) = (ctx.words[from].start, ctx.words[to - 1].end);
    let ent = ctx
        .doc
        .entities
        .iter()
        .filter(|x| {
            x.start >= s
                && x.end <= e
                && x.label.starts_with("PER")
                && !matches!(x.kind.as_str(), "pronoun" | "nominal")
                && !x.text.ends_with("’s")
                && !x.text.ends_with("'s")
        })
        .filter(|x| {
            !ctx.slice(x.end, x.end + 2).starts_with("’s")
                && !ctx.slice(x.end, x.end + 2).starts_with("'s")
                && super::speakers::credible_person(&ctx.doc.entities, x)
        })
        .min_by_key(|x| x.start)?;
    let r = ctx.word_range(ent.start, ent.end);
    (!r.is_empty()).then(|| (r.start, r.end - 1))
}

/// Attribution from the dependency parse, when the sentence has one: the speech verb that
/// governs a word of the quote, and its nominal subject ("“…,” the general told reporters").
/// Used first when the subject is a pronoun or a named person or organisation.
fn attribution_parse(ctx: &Context, qs: usize, qe: usize) -> Option<Attribution> {
    let sent = ctx
        .doc
        .sentences
        .iter()
        .find(|s| s.start <= qs && qs < s.end.max(s.start + 1))?;
    if !sent.tokens.iter().any(|t| !t.deprel.is_empty()) {
        return None;
    }
    let by_id = |id: u32| sent.tokens.iter().find(|t| t.id == id);
    let inside = |t: &dyad_model::Token| t.start >= qs && t.end <= qe;
    let mut verb = None;
    'tokens: for t in sent.tokens.iter().filter(|t| inside(t)) {
        let mut cur = t;
        for _ in 0..30 {
            if cur.head == 0 {
                break;
            }
            let Some(h) = by_id(cur.head) else { break };
            if !inside(h) {
                let lower = h.form.to_lowercase();
                if speech_lemma(&lower).is_some() || speech_lemma(&h.lemma).is_some() {
                    verb = Some(h);
                    break 'tokens;
                }
            }
            cur = h;
        }
    }
    let verb = verb?;
    let subj = sent
        .tokens
        .iter()
        .find(|t| t.head == verb.id && t.deprel.starts_with("nsubj"))?;
    // The subject's name: the token with its compound/flat/determiner/modifier children.
    let parts: Vec<&dyad_model::Token> = sent
        .tokens
        .iter()
        .filter(|t| {
            t.id == subj.id
                || (t.head == subj.id
                    && matches!(
                        t.deprel.as_str(),
                        "compound" | "flat" | "flat:name" | "amod" | "det" | "nmod:poss" | "case"
                    ))
        })
        .collect();
    let start = parts.iter().map(|t| t.start).min()?;
    let end = parts.iter().map(|t| t.end).max()?;
    let r = ctx.word_range(start, end);
    if r.is_empty() {
        return None;
    }
    let (a, b) = (r.start, r.end - 1);
    let pronoun = a == b && PRONOUNS.contains(&ctx.words[a].lower.as_str());
    let named = ctx.doc.entities.iter().any(|e| {
        e.start <= subj.start
            && e.end >= subj.end
            && matches!(e.label.split(':').next(), Some("PER") | Some("ORG"))
    });
    (pronoun || named).then(|| Attribution {
        verb: Some(verb.form.clone()),
        speaker: Some((a, b)),
        rule: "parse-nsubj",
    })
}

/// Attribution after a closing quote mark: ", he said", ", said X", ", Trump wrote".
fn attribution_right(
    ctx: &Context,
    from: usize,
    to: usize,
    ends_sentence: bool,
) -> Option<Attribution> {
    let r = ctx.word_range(from, to);
    let mut k = r.start;
    while k < r.end
        && ctx.words[k].is_punct()
        && !dyad_model::lexicon::is_quotation_mark(&ctx.words[k].text)
    {
        k += 1;
    }
    if k >= r.end {
        return None;
    }
    if is_speech_verb_at(ctx, k) {
        let lemma = speech_lemma(&ctx.words[k].lower).unwrap_or("");
        if lemma != "tell" {
            let sp = phrase_starting_at(&ctx.words, k + 1).filter(|(_, b)| *b < r.end);
            return Some(Attribution {
                verb: Some(ctx.words[k].text.clone()),
                speaker: sp,
                rule: "verb-speaker-after-quote",
            });
        }
    }
    let mut commas = false;
    for j in k..r.end.min(k + 14) {
        let w = &ctx.words[j];
        if w.is_punct() {
            if w.is(",") {
                commas = true;
                continue;
            }
            if w.lower == "’s" || w.lower == "'s" {
                continue;
            }
            if matches!(w.text.as_str(), "-" | "—" | "–" | "(" | ")") {
                continue;
            }
            return None;
        }
        if is_speech_verb_at(ctx, j) && j > k && !w.lower.ends_with("ing") {
            // After “…end of a sentence.” only a short "X said." attribution belongs to it.
            let next = ctx.words.get(j + 1);
            // "He added:" introduces the next quote, it does not close this one.
            if next.is_some_and(|n| n.is(":")) {
                return None;
            }
            let closes = next
                .is_none_or(|n| n.is(".") || n.is(",") || n.is("to") || n.is("on") || n.is("in"));
            if ends_sentence && (j > k + 4 || !closes) {
                return None;
            }
            let sp = if commas {
                // "“…,” not in another country, Hassett said" vs "“…,” Ali Mohammed, a
                // spokesman, said": a name or pronoun right before the verb wins.
                let last_comma = (k..j).rev().find(|&c| ctx.words[c].is(","));
                let near = last_comma
                    .and_then(|c| subject_left_of(ctx, j, c + 1))
                    .filter(|(a, b)| {
                        ctx.words[*b].is_capitalized()
                            || (a == b && PRONOUNS.contains(&ctx.words[*a].lower.as_str()))
                    });
                near.or_else(|| {
                    phrase_starting_at(&ctx.words, k)
                        .filter(|(a, _)| ctx.words[*a].is_capitalized() || ctx.words[*a].is("the"))
                })
            } else {
                subject_left_of(ctx, j, k)
            };
            sp?;
            return Some(Attribution {
                verb: Some(w.text.clone()),
                speaker: sp,
                rule: "speaker-verb-after-quote",
            });
        }
    }
    None
}

/// Attribution before an opening quote mark, inside `from..to`: the last speech verb and its
/// subject ("Bibilov said that he believed that “…”"), or "according to X".
fn attribution_left(
    ctx: &Context,
    from: usize,
    to: usize,
    sentence_start: usize,
) -> Option<Attribution> {
    let r = ctx.word_range(from, to);
    if r.is_empty() {
        return None;
    }
    for v in r.clone().rev() {
        let w = &ctx.words[v];
        if w.is("according") && ctx.words.get(v + 1).is_some_and(|x| x.is("to")) {
            let sp = phrase_starting_at(&ctx.words, v + 2);
            return Some(Attribution {
                verb: Some("according to".into()),
                speaker: sp,
                rule: "according-to",
            });
        }
        if !is_speech_verb_at(ctx, v) {
            continue;
        }
        let lemma = speech_lemma(&w.lower).unwrap_or("");
        let sentence_floor = ctx.word_range(sentence_start, to).start;
        let participle = w.lower.ends_with("ing") && v > 0 && ctx.words[v - 1].is(",");
        let mut sp = if participle {
            None
        } else {
            subject_left_of(ctx, v, r.start)
        };
        if sp.is_some_and(|(a, b)| a == b && ctx.words[a].is("that")) {
            sp = None;
        }
        if sp.is_none() && participle {
            // "…, saying …" / "he told VOA, adding that …": the subject of the clause before.
            sp = (sentence_floor..v)
                .rev()
                .filter(|&u| is_speech_verb_at(ctx, u) && !ctx.words[u].lower.ends_with("ing"))
                .find_map(|u| subject_left_of(ctx, u, sentence_floor))
                .or_else(|| first_person_in(ctx, sentence_floor, v))
                .or_else(|| phrase_starting_at(&ctx.words, sentence_floor));
        }
        if sp.is_none() && lemma != "tell" {
            // "said Mohammed Ali:" — a name right after the verb, then punctuation.
            sp = phrase_starting_at(&ctx.words, v + 1).filter(|(a, b)| {
                *b < r.end
                    && (ctx.words[*a].is_capitalized() || ctx.words[*a].is("the"))
                    && ctx.words.get(b + 1).is_some_and(|n| n.is_punct())
            });
        }
        if sp.is_none() && v > sentence_floor {
            // "Trump, in a taped interview, dodged a question but said, “…”": a verb with no
            // subject of its own shares the sentence's subject, its first named person.
            sp = first_person_in(ctx, sentence_floor, v).or_else(|| {
                // No entity there: a capitalised name opening the sentence ("Trump, in …").
                phrase_starting_at(&ctx.words, sentence_floor).filter(|(a, b)| {
                    ctx.words[*a..=*b].iter().all(|w| w.is_capitalized())
                        && !matches!(
                            ctx.words[*a].lower.as_str(),
                            "the"
                                | "a"
                                | "an"
                                | "but"
                                | "and"
                                | "in"
                                | "on"
                                | "at"
                                | "after"
                                | "when"
                                | "if"
                                | "as"
                        )
                        && !PRONOUNS.contains(&ctx.words[*a].lower.as_str())
                        && *b < v
                })
            });
        }
        return Some(Attribution {
            verb: Some(w.text.clone()),
            speaker: sp,
            rule: "speaker-verb-before-quote",
        });
    }
    None
}

/// Finds every direct and indirect quote with its speaker.
pub fn find(ctx: &Context, citations: &[Citation], outlets: OutletLookup) -> Vec<Quote> {
    let mut resolver = Resolver::new(ctx);
    let mut out: Vec<Quote> = Vec::new();
    let doubles = double_quoted(&ctx.chars);
    let mut spans = doubles.clone();
    spans.extend(single_quoted(&ctx.chars, &doubles));
    spans.sort();
    let spans: Vec<(usize, usize)> = spans
        .into_iter()
        .filter(|(s, e)| !looks_like_title(ctx, *s, *e))
        .collect();
    resolver.set_quoted(&spans);

    let mut previous: Option<(usize, SpeakerSpan, Option<String>)> = None;
    for (qi, &(qs, qe)) in spans.iter().enumerate() {
        let si = ctx.sentence_of(qs);
        let sj = ctx.sentence_of(qe.saturating_sub(1).max(qs));
        let (s_start, _) = ctx.sentence_span(si);
        let (_, s_end) = ctx.sentence_span(sj);
        let next_open = spans
            .get(qi + 1)
            .map_or(s_end, |(ns, _)| ns.saturating_sub(1).min(s_end));
        let prev_close = if qi > 0 { spans[qi - 1].1 + 1 } else { 0 };
        let prev_same_sentence = qi > 0 && prev_close > s_start;
        let left_from = if prev_same_sentence {
            prev_close
        } else {
            s_start
        };

        let ends_sentence = ctx.chars[..qe]
            .iter()
            .rev()
            .find(|c| !c.is_whitespace())
            .is_some_and(|c| matches!(c, '.' | '!' | '?'));
        let mut att = attribution_parse(ctx, qs, qe);
        if att.is_none() {
            att = attribution_right(ctx, qe + 1, next_open, ends_sentence);
        }
        if att.is_none() {
            att = attribution_left(ctx, left_from, qs.saturating_sub(1), s_start);
        }
        let (start, end) = ctx.trim(qs, qe);
        let mut quote = Quote {
            start,
            end,
            text: ctx.slice(start, end),
            kind: "direct".into(),
            ..Quote::default()
        };
        let speaker = match att {
            Some(a) if a.speaker.is_some() => {
                quote.verb = a.verb.clone();
                a.speaker.map(|(x, y)| resolver.resolve_words(x, y, a.rule))
            }
            other => {
                quote.verb = other.and_then(|a| a.verb);
                // No speaker in the sentence: a continuing quote keeps the previous speaker.
                let starts_sentence = ctx.words[ctx.word_range(s_start, qs)]
                    .iter()
                    .all(|w| w.is_punct());
                // "…, noted Evan Fowler of the Alliance. “Given …": a speaker introduced in the
                // sentence before, when that sentence holds no quote of its own.
                let introducer = (starts_sentence && si > 0 && !prev_same_sentence)
                    .then(|| {
                        let (ps, pe) = ctx.sentence_span(si - 1);
                        let quoted_before = spans.iter().any(|(a, b)| *a < pe && *b > ps);
                        let r = ctx.word_range(ps, pe);
                        let has_verb = r.clone().any(|u| is_speech_verb_at(ctx, u));
                        (!quoted_before && has_verb)
                            .then(|| first_person_in(ctx, r.start, r.end))
                            .flatten()
                    })
                    .flatten();
                match &previous {
                    _ if introducer.is_some() => {
                        introducer.map(|(a, b)| resolver.resolve_words(a, b, "introduced-before"))
                    }
                    Some((psent, sp, verb))
                        if (prev_same_sentence || (starts_sentence && si <= psent + 2)) =>
                    {
                        if quote.verb.is_none() {
                            quote.verb = verb.clone();
                        }
                        Some(sp.continued())
                    }
                    _ => first_person_in(
                        ctx,
                        ctx.word_range(s_start, qs).start,
                        ctx.word_range(s_start, qs).end,
                    )
                    .map(|(a, b)| resolver.resolve_words(a, b, "sentence-subject"))
                    .or_else(|| resolver.nearest_person(qs)),
                }
            }
        };
        if let Some(sp) = speaker {
            if is_outlet_speaker(ctx, &sp, outlets) {
                // "Bloomberg reported “…”": the outlet is a citation, not a speaker.
                quote.speaker = None;
            } else {
                resolver.remember(&sp, sj);
                previous = Some((sj, sp.clone(), quote.verb.clone()));
                quote.speaker = Some(sp.speaker);
            }
        }
        out.push(quote);
    }

    out.extend(indirect(ctx, &spans, citations, &mut resolver, outlets));
    out.sort_by_key(|q| (q.start, q.end));
    out
}

fn is_outlet_speaker(ctx: &Context, sp: &SpeakerSpan, outlets: OutletLookup) -> bool {
    let text = ctx.slice(sp.speaker.start, sp.speaker.end);
    super::citations::outlet_code(&text, outlets).is_some()
}

/// Indirect speech: "X said (that) CLAUSE", "CLAUSE, X said", "According to X, CLAUSE".
fn indirect(
    ctx: &Context,
    direct: &[(usize, usize)],
    citations: &[Citation],
    resolver: &mut Resolver,
    outlets: OutletLookup,
) -> Vec<Quote> {
    let in_direct = |pos: usize| direct.iter().any(|(s, e)| pos >= *s && pos < *e);
    let mut out = Vec::new();
    for (si, &(s_start, s_end)) in ctx.sentences.iter().enumerate() {
        let r = ctx.word_range(s_start, s_end);
        let mut done_until = 0;
        for v in r.clone() {
            let w = &ctx.words[v];
            if in_direct(w.start) || w.start < done_until {
                continue;
            }
            let Some((verb, speaker, clause)) = indirect_at(ctx, v, r.clone()) else {
                continue;
            };
            let (cs, mut ce) = ctx.trim(clause.0, clause.1);
            // A trailing citation (", reported Bloomberg") is not part of what was said.
            for c in citations {
                if c.start > cs && c.start < ce && c.claim_end <= c.start && c.claim_end > cs {
                    ce = ce.min(c.claim_end);
                }
            }
            if ce <= cs + 3 {
                continue;
            }
            // Mostly a direct quote already: not a separate indirect quote.
            let quoted: usize = direct
                .iter()
                .map(|(s, e)| e.min(&ce).saturating_sub(*s.max(&cs)))
                .sum();
            if quoted * 10 >= (ce - cs) * 8 {
                continue;
            }
            let sp = speaker.map(|(a, b)| resolver.resolve_words(a, b, "indirect"));
            if let Some(sp) = &sp {
                if is_outlet_speaker(ctx, sp, outlets) {
                    continue;
                }
                resolver.remember(sp, si);
            }
            let (cs, ce) = strip_period(ctx, cs, ce);
            out.push(Quote {
                start: cs,
                end: ce,
                text: ctx.slice(cs, ce),
                kind: "indirect".into(),
                verb: Some(verb),
                speaker: sp.map(|s| s.speaker),
                citation: None,
            });
            done_until = ce;
        }
    }
    out
}

fn strip_period(ctx: &Context, s: usize, mut e: usize) -> (usize, usize) {
    while e > s && matches!(ctx.chars[e - 1], '.' | '!' | '?' | ' ') {
        e -= 1;
    }
    (s, e)
}

type Found = (String, Option<(usize, usize)>, (usize, usize));

/// An indirect-speech construction at word `v`, if there is one.
fn indirect_at(ctx: &Context, v: usize, sent: std::ops::Range<usize>) -> Option<Found> {
    let w = &ctx.words[v];
    let s_end = ctx.words[sent.end - 1].end;
    let s_start = ctx.words[sent.start].start;
    if w.is("according") && ctx.words.get(v + 1).is_some_and(|x| x.is("to")) {
        let sp = phrase_starting_at(&ctx.words, v + 2)?;
        let after = sp.1 + 1;
        if v == sent.start
            || (v > sent.start && ctx.words[v - 1].is_punct() && !ctx.words[v - 1].is(","))
        {
            // "According to X, CLAUSE."
            if after < sent.end && ctx.words[after].is(",") {
                return Some((
                    "according to".into(),
                    Some(sp),
                    (ctx.words[after].end, s_end),
                ));
            }
            return None;
        }
        if v > sent.start && ctx.words[v - 1].is(",") {
            // "CLAUSE, according to X."
            return Some((
                "according to".into(),
                Some(sp),
                (s_start, ctx.words[v - 1].start),
            ));
        }
        return None;
    }
    if !is_speech_verb_at(ctx, v) {
        return None;
    }
    let lemma = speech_lemma(&w.lower)?;
    if !introduces_clause(lemma) {
        return None;
    }
    let next = ctx.words.get(v + 1);
    // "CLAUSE, X said." / "CLAUSE, said X."
    let ends_after = |i: usize| {
        i >= sent.end || ctx.words[i].is(".") || (ctx.words[i].is(",") && i + 1 < sent.end)
    };
    if v > sent.start {
        if let Some((a, b)) = subject_left_of(ctx, v, sent.start) {
            if a > sent.start && ctx.words[a - 1].is(",") && ends_after(v + 1) {
                let clause = (s_start, ctx.words[a - 1].start);
                return Some((w.text.clone(), Some((a, b)), clause));
            }
            // "X said (in a statement) (that) CLAUSE."
            if let Some(cs) = clause_start_after(ctx, v, lemma, sent.end) {
                return Some((w.text.clone(), Some((a, b)), (cs, s_end)));
            }
            return None;
        }
        if ctx.words[v - 1].is(",") && lemma == "say" {
            let sp = phrase_starting_at(&ctx.words, v + 1)?;
            if ends_after(sp.1 + 1) {
                return Some((w.text.clone(), Some(sp), (s_start, ctx.words[v - 1].start)));
            }
        }
    }
    let _ = next;
    None
}

/// Where the reported clause begins after a speech verb: after "that" (allowing a short
/// prepositional phrase or object between), or right after "said"/"told X" for a bare clause.
fn clause_start_after(ctx: &Context, v: usize, lemma: &str, end: usize) -> Option<usize> {
    let mut i = v + 1;
    if lemma == "tell" {
        // Skip the hearer: "told reporters", "told VOA", "told the council".
        let (_, b) = phrase_starting_at(&ctx.words, i)?;
        i = b + 1;
    }
    for j in i..end.min(i + 10) {
        let w = &ctx.words[j];
        if w.is("that") {
            return ctx.words.get(j + 1).map(|x| x.start);
        }
        if w.is_punct() && !w.is(",") {
            break;
        }
    }
    if !matches!(lemma, "say" | "tell") {
        return None;
    }
    let first = ctx.words.get(i)?;
    if i >= end || first.is_punct() {
        return None;
    }
    let starts_clause = PRONOUNS.contains(&first.lower.as_str())
        && !matches!(first.lower.as_str(), "him" | "her" | "them" | "us" | "me")
        || matches!(
            first.lower.as_str(),
            "the"
                | "a"
                | "an"
                | "its"
                | "his"
                | "their"
                | "there"
                | "this"
                | "some"
                | "many"
                | "more"
                | "all"
        )
        || first.is_capitalized()
        || first
            .text
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_digit());
    // "said in a statement", "said on Friday": no clause starts with a preposition.
    if !starts_clause || matches!(first.lower.as_str(), "in" | "on" | "at") {
        return None;
    }
    // "said Friday the ..." — weekday or month first is a date, skip it.
    Some(first.start)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    fn quoted(s: &str) -> Vec<String> {
        let c = chars(s);
        double_quoted(&c)
            .into_iter()
            .map(|(a, b)| c[a..b].iter().collect())
            .collect()
    }

    #[test]
    fn mixed_straight_and_curly_marks_pair_up() {
        assert_eq!(
            quoted("a “one two,” and \"three four.\" then \"five six.” end"),
            vec!["one two,", "three four.", "five six."]
        );
    }

    #[test]
    fn long_quotes_reopened_in_the_next_paragraph_close_at_the_break() {
        assert_eq!(
            quoted("He said: “First part.\n\n“Second part,” he added."),
            vec!["First part.", "Second part,"]
        );
    }

    #[test]
    fn apostrophes_are_not_single_quotes() {
        let c = chars("The country’s leader said ‘we will win’ and it's 'not over yet' now.");
        let spans: Vec<String> = single_quoted(&c, &[])
            .into_iter()
            .map(|(a, b)| c[a..b].iter().collect())
            .collect();
        assert_eq!(spans, vec!["we will win", "not over yet"]);
    }
}
