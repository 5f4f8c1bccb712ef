//! Citations of other outlets and agencies with the claim each supports.

use dyad_model::{Citation, Quote};

use super::text::{Context, Word};
use super::OutletLookup;

/// Outlets known even without the actor dictionaries (code = home country + MED).
const BUILTIN_OUTLETS: &[(&str, &str)] = &[
    ("Reuters", "GBRMED"),
    ("Associated Press", "USAMED"),
    ("AP", "USAMED"),
    ("AFP", "FRAMED"),
    ("Agence France-Presse", "FRAMED"),
    ("Bloomberg", "USAMED"),
    ("CNN", "USAMED"),
    ("BBC", "GBRMED"),
    ("TASS", "RUSMED"),
    ("RIA Novosti", "RUSMED"),
    ("Interfax", "RUSMED"),
    ("Xinhua", "CHNMED"),
    ("Al Jazeera", "QATMED"),
    ("Jerusalem Post", "ISRMED"),
    ("Daily Star", "GBRMED"),
    ("New York Times", "USAMED"),
    ("Washington Post", "USAMED"),
    ("Wall Street Journal", "USAMED"),
    ("Financial Times", "GBRMED"),
    ("Guardian", "GBRMED"),
    ("Voice of America", "USAMED"),
    ("VOA", "USAMED"),
    ("Yonhap", "KORMED"),
    ("Kyodo", "JPNMED"),
    ("Anadolu", "TURMED"),
    ("IRNA", "IRNMED"),
];

/// Capitalised last words that make a name an outlet ("… Times", "… TV").
const OUTLET_HEADS: &[&str] = &[
    "Times",
    "Post",
    "Journal",
    "Herald",
    "Tribune",
    "Gazette",
    "Telegraph",
    "Daily",
    "TV",
    "Television",
    "Radio",
    "News",
    "Press",
    "Chronicle",
    "Observer",
    "Independent",
    "Guardian",
    "Express",
    "Mirror",
    "Monitor",
    "Standard",
    "Review",
    "Agency",
];

/// Lower-case nouns that mark the neighbouring name as an outlet ("news agency TASS").
const OUTLET_NOUNS: &[&str] = &[
    "newspaper",
    "agency",
    "daily",
    "broadcaster",
    "outlet",
    "tabloid",
    "magazine",
    "channel",
    "television",
    "website",
    "radio",
    "weekly",
];

fn norm(s: &str) -> String {
    let t = s.trim().trim_end_matches(['.', ',']);
    let t = t.strip_prefix("The ").unwrap_or(t);
    t.to_lowercase()
}

/// The code of a known outlet name, from the actor dictionaries or the built-in list.
pub fn outlet_code(name: &str, outlets: OutletLookup) -> Option<Option<String>> {
    if name.trim().is_empty() {
        return None;
    }
    if let Some(a) = outlets(name) {
        return Some(Some(a.code));
    }
    let n = norm(name);
    BUILTIN_OUTLETS
        .iter()
        .find(|(k, _)| k.to_lowercase() == n)
        .map(|(_, c)| Some((*c).to_string()))
}

/// An outlet name found in the text (word indices, inclusive).
#[derive(Debug, Clone)]
struct Mention {
    first: usize,
    last: usize,
    code: Option<String>,
}

fn is_connector(w: &Word) -> bool {
    matches!(w.lower.as_str(), "of" | "the" | "and" | "&" | "/")
}

/// Outlet names: known names inside capitalised runs, and names shaped like outlets.
fn outlet_mentions(ctx: &Context, outlets: OutletLookup) -> Vec<Mention> {
    let words = &ctx.words;
    let own = ctx.doc.article.outlet.as_deref().map(norm);
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        if !words[i].is_capitalized() || words[i].is_punct() {
            i += 1;
            continue;
        }
        // Maximal capitalised run, with connectors inside.
        let mut j = i;
        while j + 1 < words.len() {
            let nx = &words[j + 1];
            if nx.is_capitalized() && !nx.is_punct() {
                j += 1;
            } else if is_connector(nx) && words.get(j + 2).is_some_and(|w| w.is_capitalized()) {
                j += 2;
            } else {
                break;
            }
        }
        let mut found = None;
        'outer: for a in i..=j {
            for b in (a..=j).rev() {
                let name = ctx.slice(words[a].start, words[b].end);
                if let Some(code) = outlet_code(&name, outlets) {
                    found = Some((a, b, code));
                    break 'outer;
                }
            }
        }
        if found.is_none() {
            found = shaped_outlet(ctx, i, j);
        }
        if let Some((a, b, code)) = found {
            let name = ctx.slice(words[a].start, words[b].end);
            let is_own = own.as_ref().is_some_and(|o| *o == norm(&name));
            if !is_own {
                out.push(Mention {
                    first: a,
                    last: b,
                    code,
                });
            }
        }
        i = j + 1;
    }
    out
}

/// A capitalised run `i..=j` that names an outlet by its shape: "… Times", "news agency X",
/// "the X newspaper".
fn shaped_outlet(ctx: &Context, i: usize, j: usize) -> Option<(usize, usize, Option<String>)> {
    let words = &ctx.words;
    // Sentence-initial single capitalised words are too weak.
    if OUTLET_HEADS.contains(&words[j].text.as_str()) && j > i {
        return Some((i, j, None));
    }
    let before = i.checked_sub(1).map(|k| words[k].lower.as_str());
    let after = words.get(j + 1).map(|w| w.lower.as_str());
    if before.is_some_and(|b| OUTLET_NOUNS.contains(&b))
        || after.is_some_and(|a| OUTLET_NOUNS.contains(&a))
    {
        return Some((i, j, None));
    }
    None
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Cue {
    /// "according to X", "quoted by X", "a report by X".
    According,
    /// "…, reported X."
    ReportedBy,
    /// "told X", "in an interview with X".
    Told,
    /// "X reported (that) …", "X said".
    Subject,
}

const SUBJECT_VERBS: &[&str] = &[
    "reported",
    "reports",
    "said",
    "says",
    "wrote",
    "writes",
    "quoted",
    "cited",
    "published",
    "citing",
    "added",
    "reporting",
    "broadcast",
    "aired",
    "carried",
    "revealed",
    "obtained",
    "learned",
    "confirmed",
];

/// The reporting cue around an outlet mention, and the word where it starts.
fn cue_for(ctx: &Context, m: &Mention, sent: &std::ops::Range<usize>) -> Option<(Cue, usize)> {
    let words = &ctx.words;
    // Walk left over words that may sit between cue and name.
    let filler = |w: &Word| {
        matches!(
            w.lower.as_str(),
            "the"
                | "a"
                | "an"
                | "state"
                | "state-run"
                | "state-owned"
                | "official"
                | "news"
                | "report"
                | "reports"
                | "newspaper"
                | "agency"
                | "broadcaster"
                | "daily"
                | "television"
                | "tv"
                | "outlet"
                | "media"
                | "local"
                | "independent"
                | "private"
                | "pro-government"
                | "opposition"
                | "online"
                | "wire"
                | "service"
                | "story"
                | "article"
                | "investigation"
                | "review"
                | "analysis"
                | "published"
                | "earlier"
                | "recent"
                | "citing"
                | "magazine"
                | "website"
                | "channel"
                | "broadcast"
        ) || (w.is_capitalized() && !w.is_punct())
            || w.lower == "’s"
            || w.lower == "'s"
    };
    let mut k = m.first;
    let mut steps = 0;
    while k > sent.start && steps < 7 {
        let p = &words[k - 1];
        let l = p.lower.as_str();
        let prev = if k >= 2 {
            words[k - 2].lower.as_str()
        } else {
            ""
        };
        if l == "to" && prev == "according" {
            return Some((Cue::According, k - 2));
        }
        if matches!(l, "by" | "in")
            && matches!(
                prev,
                "quoted"
                    | "cited"
                    | "report"
                    | "reported"
                    | "published"
                    | "carried"
                    | "broadcast"
                    | "aired"
                    | "reports"
                    | "story"
                    | "article"
                    | "interview"
                    | "investigation"
                    | "analysis"
                    | "said"
            )
        {
            let cue = if prev == "interview" {
                Cue::Told
            } else {
                Cue::According
            };
            return Some((cue, k - 2));
        }
        if matches!(l, "reported" | "reports" | "wrote" | "writes") && !filler(p)
            || matches!(l, "reported" | "wrote")
        {
            return Some((Cue::ReportedBy, k - 1));
        }
        if matches!(l, "told" | "tells" | "telling") {
            return Some((Cue::Told, k - 1));
        }
        if matches!(l, "with" | "to")
            && matches!(
                prev,
                "interview"
                    | "interviews"
                    | "speaking"
                    | "spoke"
                    | "talking"
                    | "talked"
                    | "comments"
                    | "remarks"
                    | "statement"
                    | "said"
                    | "told"
                    | "conversation"
            )
        {
            return Some((Cue::Told, k - 2));
        }
        if !filler(p) {
            break;
        }
        k -= 1;
        steps += 1;
    }
    // Right: "X reported", "X’s report", "X, citing", "X has reported".
    let mut k = m.last + 1;
    let mut steps = 0;
    while k < sent.end && steps < 4 {
        let w = &words[k];
        if SUBJECT_VERBS.contains(&w.lower.as_str()) {
            return Some((Cue::Subject, k));
        }
        if !(matches!(
            w.lower.as_str(),
            "has"
                | "had"
                | "also"
                | "later"
                | "earlier"
                | "first"
                | "’s"
                | "'s"
                | "newspaper"
                | "agency"
                | "news"
                | "daily"
                | "reported"
                | "report"
                | ","
        )) {
            break;
        }
        if w.lower == "report" {
            return Some((Cue::Subject, k));
        }
        k += 1;
        steps += 1;
    }
    None
}

/// Finds citations in the document's sentences.
pub fn find(ctx: &Context, outlets: OutletLookup) -> Vec<Citation> {
    let mentions = outlet_mentions(ctx, outlets);
    let mut out = Vec::new();
    for m in mentions {
        let ostart = ctx.words[m.first].start;
        let si = ctx.sentence_of(ostart);
        let (s_start, s_end) = ctx.sentence_span(si);
        let sent = ctx.word_range(s_start, s_end);
        if sent.is_empty() {
            continue;
        }
        let Some((cue, at)) = cue_for(ctx, &m, &sent) else {
            continue;
        };
        let (claim_start, claim_end) = claim_span(ctx, &m, cue, at, &sent);
        let (cs, ce) = ctx.trim(claim_start, claim_end);
        let (cs, ce) = strip_final(ctx, cs, ce);
        let mut name = ctx.slice(ostart, ctx.words[m.last].end);
        if let Some(rest) = name.strip_prefix("the ") {
            name = rest.to_string();
        }
        out.push(Citation {
            outlet: name,
            code: m.code.clone(),
            start: ostart,
            end: ctx.words[m.last].end,
            claim_start: cs,
            claim_end: ce,
        });
    }
    out
}

fn strip_final(ctx: &Context, s: usize, mut e: usize) -> (usize, usize) {
    while e > s && matches!(ctx.chars[e - 1], '.' | '!' | '?' | ' ' | ',') {
        e -= 1;
    }
    (s, e)
}

/// The span of the claim a citation supports.
fn claim_span(
    ctx: &Context,
    m: &Mention,
    cue: Cue,
    at: usize,
    sent: &std::ops::Range<usize>,
) -> (usize, usize) {
    let words = &ctx.words;
    let s_start = words[sent.start].start;
    let s_end = words[sent.end - 1].end;
    let comma_before = |i: usize| i > sent.start && words[i - 1].is(",");
    match cue {
        Cue::According | Cue::ReportedBy => {
            if comma_before(at) {
                return (s_start, words[at - 1].start);
            }
            if at == sent.start || (at > sent.start && words[at - 1].is_punct()) {
                // "According to X, CLAUSE."
                let mut k = m.last + 1;
                while k < sent.end && !words[k].is(",") {
                    k += 1;
                }
                if k + 1 < sent.end {
                    return (words[k + 1].start, s_end);
                }
            }
            (s_start, s_end)
        }
        Cue::Told => (s_start, s_end),
        Cue::Subject => {
            let trailing = at + 1 >= sent.end || words[at + 1].is(".");
            if trailing && comma_before(m.first) {
                return (s_start, words[m.first - 1].start);
            }
            let mut k = at + 1;
            while k < sent.end && k < at + 8 {
                if words[k].is("that") {
                    return (words.get(k + 1).map_or(s_end, |w| w.start), s_end);
                }
                if words[k].is_punct() && !words[k].is(",") {
                    break;
                }
                k += 1;
            }
            if at + 1 < sent.end {
                (words[at + 1].start, s_end)
            } else {
                (s_start, s_end)
            }
        }
    }
}

/// Points every quote lying inside a citation's claim to that citation.
pub fn link_quotes(citations: &[Citation], quotes: &mut [Quote]) {
    for q in quotes.iter_mut() {
        q.citation = citations
            .iter()
            .enumerate()
            .filter(|(_, c)| q.start >= c.claim_start && q.end <= c.claim_end.max(q.start))
            .filter(|(_, c)| q.end <= c.claim_end)
            .min_by_key(|(_, c)| c.claim_end - c.claim_start)
            .map(|(i, _)| i);
    }
}
