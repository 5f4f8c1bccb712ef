//! Speaker mentions resolved to named, coded entities: through the coreference chains of the
//! actor step when it has linked the mention, else by salience (the last named speaker for "he"
//! / "she", the nearest preceding person for unattributed quotes).

use dyad_model::{Entity, Speaker};

use super::text::{Context, PRONOUNS};

/// A resolved speaker with what later quotes need to continue it.
#[derive(Debug, Clone)]
pub struct SpeakerSpan {
    pub speaker: Speaker,
    /// Entity label of the resolved mention ("PER", "ORG", …), empty when unknown.
    pub label: String,
    /// The name this speaker stands for, when known (resolved entity or a proper-name phrase).
    pub name: Option<String>,
}

impl SpeakerSpan {
    /// The same speaker for a quote that continues the previous one.
    pub fn continued(&self) -> SpeakerSpan {
        self.clone()
    }
}

pub struct Resolver<'c> {
    ctx: &'c Context<'c>,
    last: Option<(SpeakerSpan, usize)>,
    /// Direct quote spans: names inside quotes are not antecedents for the speaker.
    quoted: Vec<(usize, usize)>,
}

/// Nouns naming a person's role: a nominal speaker with one of these heads continues the
/// speaker of the sentence before ("…,” the top U.S. diplomat noted).
const ROLE_NOUNS: &[&str] = &[
    "diplomat",
    "minister",
    "president",
    "leader",
    "official",
    "secretary",
    "envoy",
    "chief",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "politician",
    "lawmaker",
    "senator",
    "governor",
    "ambassador",
    "commander",
    "general",
    "prime",
    "premier",
    "mayor",
    "negotiator",
    "director",
    "chairman",
    "chairwoman",
    "head",
    "lawyer",
    "analyst",
    "expert",
    "professor",
];

/// Cuts a possessive ending off a name ("Arnel Joseph’s" → "Arnel Joseph").
fn strip_possessive(s: &str) -> String {
    s.trim_end_matches([',', '.', ';', ':', ' '])
        .trim_end_matches("’s")
        .trim_end_matches("'s")
        .trim_end_matches('’')
        .to_string()
}

fn label_rank(label: &str) -> u8 {
    let base = label.split(':').next().unwrap_or("");
    match base {
        "PER" => 3,
        "ORG" => 2,
        "LOC" | "GPE" => 1,
        _ => 0,
    }
}

/// Whether a named PER mention is a credible person: several words, a surname of someone
/// introduced by full name, or coded by the actor dictionaries ("Schengen" tagged PER is none
/// of these).
pub fn credible_person(entities: &[Entity], x: &Entity) -> bool {
    let name = strip_possessive(&x.text);
    if name.split_whitespace().count() > 1 || x.actor.is_some() {
        return true;
    }
    entities.iter().any(|y| {
        base_label(&y.label) == "PER"
            && is_named(y)
            && y.text.split_whitespace().count() > 1
            && strip_possessive(&y.text).ends_with(&name)
    })
}

/// Given names with the gender they usually carry (the actor dictionaries' list), so "he"
/// does not pick Ursula von der Leyen.
const FIRST_NAMES: &str = include_str!("../../data/actors/first_names.tsv");

pub(crate) fn gender_of(name: &str) -> Option<char> {
    let first = name.split_whitespace().next()?;
    FIRST_NAMES
        .lines()
        .filter(|l| !l.starts_with('#'))
        .find_map(|l| {
            let (n, g) = l.split_once('\t')?;
            n.eq_ignore_ascii_case(first)
                .then(|| g.trim().chars().next())
                .flatten()
        })
}

/// Whether a pronoun can refer to a person of this name.
fn agrees(pronoun: &str, name: &str) -> bool {
    let want = match pronoun {
        "he" | "him" | "his" => 'm',
        "she" | "her" | "hers" => 'f',
        _ => return true,
    };
    gender_of(name).is_none_or(|g| g == want)
}

fn base_label(label: &str) -> &str {
    label.split(':').next().unwrap_or("")
}

fn is_named(e: &Entity) -> bool {
    !matches!(e.kind.as_str(), "pronoun" | "nominal")
}

impl<'c> Resolver<'c> {
    pub fn new(ctx: &'c Context<'c>) -> Self {
        Resolver {
            ctx,
            last: None,
            quoted: Vec::new(),
        }
    }

    pub fn set_quoted(&mut self, spans: &[(usize, usize)]) {
        self.quoted = spans.to_vec();
    }

    fn entities(&self) -> &'c [Entity] {
        &self.ctx.doc.entities
    }

    /// The named mention standing for entity `i`: the longest named mention of its chain.
    fn representative(&self, i: usize) -> usize {
        let ents = self.entities();
        let Some(chain) = ents[i].chain else {
            return i;
        };
        // Only mentions of the same kind stand for it: a chain that wrongly joins a person
        // and a ministry still names the person by a person's name.
        let label = base_label(&ents[i].label);
        ents.iter()
            .enumerate()
            .filter(|(_, x)| x.chain == Some(chain) && is_named(x) && base_label(&x.label) == label)
            .max_by_key(|(j, x)| (x.text.chars().count(), usize::MAX - j))
            .map_or(i, |(j, _)| j)
    }

    pub fn credible_person(&self, x: &Entity) -> bool {
        credible_person(self.entities(), x) || self.cut_short(x)
    }

    /// Whether the NER step cut a name short: capitalised name words follow it directly
    /// ("Anwar" + " al-Bunni", "Jian" + " Badrakhan").
    fn cut_short(&self, x: &Entity) -> bool {
        let r = self.ctx.word_range(x.end, self.ctx.chars.len());
        self.ctx.words.get(r.start).is_some_and(|w| {
            w.start == x.end + 1
                && (w.is_capitalized() && !w.is_punct() || w.lower.starts_with("al-"))
        })
    }

    fn full_name_of(&self, x: &Entity) -> String {
        self.entities()
            .iter()
            .position(|y| std::ptr::eq(y, x))
            .map_or_else(
                || strip_possessive(&x.text),
                |i| self.full_name(self.representative(i)),
            )
    }

    /// The entity's name, extended over name words the NER step left out ("Jian" →
    /// "Jian Badrakhan"), without a possessive ending.
    fn full_name(&self, i: usize) -> String {
        let x = &self.entities()[i];
        let mut end = x.end;
        let mut k = self.ctx.word_range(x.end, self.ctx.chars.len()).start;
        while let Some(w) = self.ctx.words.get(k) {
            let joins = w.start == end + 1
                && !w.is_punct()
                && (w.is_capitalized() || w.lower.starts_with("al-"))
                && !self
                    .quoted
                    .iter()
                    .any(|(a, b)| w.start >= *a && w.start < *b);
            if !joins || k > self.ctx.words.len() {
                break;
            }
            end = w.end;
            k += 1;
        }
        strip_possessive(&self.ctx.slice(x.start, end))
    }

    /// The topic person of the article up to `pos`: the most mentioned credible named person
    /// (earliest first on ties), for nominal speakers like "the French politician".
    fn topic_person(&self, pos: usize) -> Option<usize> {
        let ents = self.entities();
        let mut counts: Vec<(usize, usize)> = Vec::new();
        for (i, x) in ents.iter().enumerate() {
            if x.end > pos
                || base_label(&x.label) != "PER"
                || !is_named(x)
                || !self.credible_person(x)
            {
                continue;
            }
            let key = self.representative(i);
            let name = strip_possessive(&ents[key].text);
            match counts
                .iter_mut()
                .find(|(k, _)| strip_possessive(&ents[*k].text) == name)
            {
                Some(c) => c.1 += 1,
                None => counts.push((key, 1)),
            }
        }
        counts
            .iter()
            .max_by_key(|(k, n)| (*n, usize::MAX - ents[*k].start))
            .map(|(k, _)| *k)
    }

    fn chain_code(&self, i: usize) -> Option<String> {
        let ents = self.entities();
        if let Some(a) = &ents[i].actor {
            return Some(a.code.clone());
        }
        let chain = ents[i].chain?;
        ents.iter()
            .filter(|x| x.chain == Some(chain))
            .find_map(|x| x.actor.as_ref().map(|a| a.code.clone()))
    }

    /// Resolves the speaker phrase made of words `a..=b`.
    pub fn resolve_words(&mut self, a: usize, b: usize, _rule: &str) -> SpeakerSpan {
        let words = &self.ctx.words;
        let (s, e) = (words[a].start, words[b].end);
        let text = self.ctx.slice(s, e);
        let mut speaker = Speaker {
            text: text.clone(),
            start: s,
            end: e,
            ..Speaker::default()
        };
        let ents = self.entities();
        let bare = text
            .trim_start_matches("the ")
            .trim_start_matches("The ")
            .to_string();
        // A person or organisation named in the phrase; a place only when it is the whole
        // phrase ("Iraq said"), never as a modifier ("the top U.S. diplomat").
        let best = ents
            .iter()
            .enumerate()
            .filter(|(_, x)| x.start < e && x.end > s && is_named(x))
            .filter(|(_, x)| {
                let rank = label_rank(&x.label);
                rank >= 2 || strip_possessive(&x.text) == strip_possessive(&bare)
            })
            .max_by_key(|(_, x)| (label_rank(&x.label), x.end));
        let pronoun = a == b && PRONOUNS.contains(&words[a].lower.as_str());
        if let Some((i, ent)) = best {
            let rep = self.representative(i);
            speaker.entity = Some(i);
            speaker.code = self.chain_code(i);
            speaker.resolved = Some(self.full_name(rep));
            return SpeakerSpan {
                name: speaker.resolved.clone(),
                speaker,
                label: ent.label.split(':').next().unwrap_or("").to_string(),
            };
        }
        if pronoun {
            return self.by_salience(speaker, &words[a].lower);
        }
        let head = &words[b];
        if !head.is_capitalized() {
            // A nominal speaker ("the spokesperson"): its code from the actor step, and the
            // previous sentence's speaker when it names a role that speaker had.
            if let Some(x) = ents
                .iter()
                .enumerate()
                .find(|(_, x)| x.start < e && x.end > s && x.actor.is_some())
            {
                speaker.code = x.1.actor.as_ref().map(|c| c.code.clone());
                speaker.entity = Some(x.0);
            }
            let here = self.ctx.sentence_of(s);
            if let Some((last, sent)) = &self.last {
                if ROLE_NOUNS.contains(&head.lower.as_str())
                    && here <= sent + 1
                    && last.label != "ORG"
                {
                    speaker.resolved = last.name.clone();
                    speaker.code = speaker.code.or(last.speaker.code.clone());
                    return SpeakerSpan {
                        speaker,
                        label: last.label.clone(),
                        name: last.name.clone(),
                    };
                }
            }
            if matches!(
                head.lower.as_str(),
                "politician"
                    | "minister"
                    | "president"
                    | "leader"
                    | "official"
                    | "diplomat"
                    | "envoy"
                    | "secretary"
                    | "lawmaker"
                    | "senator"
                    | "governor"
                    | "premier"
                    | "chancellor"
                    | "negotiator"
                    | "commissioner"
            ) && words[a..b]
                .iter()
                .any(|w| w.lower == "the" || w.lower == "former")
            {
                if let Some(t) = self.topic_person(s) {
                    speaker.resolved = Some(strip_possessive(&ents[t].text));
                    speaker.code = speaker.code.or_else(|| self.chain_code(t));
                    return SpeakerSpan {
                        name: speaker.resolved.clone(),
                        speaker,
                        label: "PER".into(),
                    };
                }
            }
            return SpeakerSpan {
                speaker,
                label: String::new(),
                name: None,
            };
        }
        let name = proper_name(&text);
        SpeakerSpan {
            speaker,
            label: String::new(),
            name,
        }
    }

    /// The most recent named mention of `labels` before `pos` within `sentences` sentences,
    /// outside quotes and not a possessive modifier ("Trump's tariffs").
    fn recent_named(
        &self,
        pos: usize,
        labels: &[&str],
        sentences: usize,
        pronoun: &str,
    ) -> Option<usize> {
        let here = self.ctx.sentence_of(pos);
        let ents = self.entities();
        ents.iter()
            .enumerate()
            .filter(|(_, x)| {
                x.end <= pos
                    && is_named(x)
                    && labels.contains(&x.label.split(':').next().unwrap_or(""))
                    && self.ctx.sentence_of(x.start) + sentences >= here
                    && !self
                        .quoted
                        .iter()
                        .any(|(qs, qe)| x.start >= *qs && x.end <= *qe)
                    && !x.text.ends_with("’s")
                    && !x.text.ends_with("'s")
                    && !self.ctx.slice(x.end, x.end + 2).starts_with("’s")
                    && !self.ctx.slice(x.end, x.end + 2).starts_with("'s")
                    && (base_label(&x.label) != "PER" || self.credible_person(x))
                    && agrees(pronoun, &self.full_name_of(x))
            })
            .max_by_key(|(_, x)| x.end)
            .map(|(i, _)| i)
    }

    /// A pronoun speaker: "he"/"she" is the most recent named person (outside quotes, not a
    /// possessive) — the subject-continuity reading news attributions follow — then the
    /// coreference chain; "it"/"they" the most recent organisation.
    fn by_salience(&self, mut speaker: Speaker, pronoun: &str) -> SpeakerSpan {
        let personal = matches!(pronoun, "he" | "she" | "him" | "her" | "i");
        let labels: &[&str] = if personal {
            &["PER"]
        } else {
            &["ORG", "PER", "LOC", "GPE"]
        };
        let linked = self
            .entities()
            .iter()
            .position(|x| x.start == speaker.start && x.end == speaker.end && x.chain.is_some());
        let found = self
            .recent_named(speaker.start, labels, 3, pronoun)
            .filter(|&i| personal || label_rank(&self.entities()[i].label) >= 1)
            .map(|i| {
                if personal {
                    return i;
                }
                // "it"/"they": the subject of that sentence, its first organisation.
                let sent = self.ctx.sentence_of(self.entities()[i].start);
                self.entities()
                    .iter()
                    .enumerate()
                    .filter(|(_, x)| {
                        base_label(&x.label) == "ORG"
                            && is_named(x)
                            && self.ctx.sentence_of(x.start) == sent
                            && x.end <= speaker.start
                    })
                    .min_by_key(|(_, x)| x.start)
                    .map_or(i, |(j, _)| j)
            });
        // The previous quote's speaker is a mention too: "“…,” he said. … “…,” he said."
        if let Some((last, sent)) = &self.last {
            let here = self.ctx.sentence_of(speaker.start);
            let later = found.is_none_or(|i| self.entities()[i].end < last.speaker.end);
            let person_ok = (!personal || last.label.is_empty() || last.label == "PER")
                && last.name.as_deref().is_none_or(|n| agrees(pronoun, n));
            if later && here <= sent + 3 && person_ok && last.speaker.end <= speaker.end {
                speaker.resolved = last.name.clone();
                speaker.code = last.speaker.code.clone();
                speaker.entity = linked.or(last.speaker.entity);
                return SpeakerSpan {
                    speaker,
                    label: last.label.clone(),
                    name: last.name.clone(),
                };
            }
        }
        let found = found.or_else(|| {
            linked
                .map(|i| self.representative(i))
                .filter(|&i| is_named(&self.entities()[i]))
                .filter(|&i| agrees(pronoun, &self.full_name(i)))
        });
        if let Some(i) = found {
            let ents = self.entities();
            let rep = self.representative(i);
            speaker.resolved = Some(self.full_name(rep));
            speaker.code = self.chain_code(i);
            speaker.entity = linked.or(Some(i));
            let label = ents[i].label.split(':').next().unwrap_or("").to_string();
            return SpeakerSpan {
                name: speaker.resolved.clone(),
                speaker,
                label,
            };
        }
        if let Some((last, sent)) = &self.last {
            let here = self.ctx.sentence_of(speaker.start);
            let person_ok = !personal || last.label.is_empty() || last.label == "PER";
            if here <= sent + 4 && person_ok {
                speaker.resolved = last.name.clone();
                speaker.code = last.speaker.code.clone();
                if speaker.entity.is_none() {
                    speaker.entity = last.speaker.entity;
                }
                return SpeakerSpan {
                    speaker,
                    label: last.label.clone(),
                    name: last.name.clone(),
                };
            }
        }
        SpeakerSpan {
            speaker,
            label: String::new(),
            name: None,
        }
    }

    /// The nearest named person mentioned before `pos` within three sentences, else the last
    /// speaker within two.
    pub fn nearest_person(&self, pos: usize) -> Option<SpeakerSpan> {
        let here = self.ctx.sentence_of(pos);
        let ents = self.entities();
        let found = ents
            .iter()
            .enumerate()
            .filter(|(_, x)| {
                x.end <= pos
                    && label_rank(&x.label) == 3
                    && is_named(x)
                    && self.credible_person(x)
                    && !x.text.ends_with("’s")
                    && !x.text.ends_with("'s")
                    && self.ctx.sentence_of(x.start) + 3 >= here
            })
            .max_by_key(|(_, x)| x.end);
        if let Some((i, ent)) = found {
            let rep = self.representative(i);
            if is_named(&ents[rep]) {
                let speaker = Speaker {
                    text: ent.text.clone(),
                    start: ent.start,
                    end: ent.end,
                    resolved: Some(strip_possessive(&ents[rep].text)),
                    code: self.chain_code(i),
                    entity: Some(i),
                };
                return Some(SpeakerSpan {
                    name: speaker.resolved.clone(),
                    speaker,
                    label: "PER".into(),
                });
            }
        }
        match &self.last {
            Some((last, sent)) if here <= sent + 2 => Some(last.clone()),
            _ => None,
        }
    }

    /// Keeps a named speaker for later pronouns and continuing quotes.
    pub fn remember(&mut self, sp: &SpeakerSpan, sentence: usize) {
        if sp.name.is_some() {
            self.last = Some((sp.clone(), sentence));
        }
    }
}

/// The proper name in a speaker phrase without a resolved entity: its trailing run of
/// capitalised words ("Iraqi Prime Minister Mohammed Shia al-Sudani" → the whole run; the
/// actor step, when present, gives the better answer).
fn proper_name(text: &str) -> Option<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut run: Vec<&str> = Vec::new();
    for w in words.iter().rev() {
        let cap = w.chars().next().is_some_and(char::is_uppercase);
        if cap || (w.starts_with("al-") && !run.is_empty()) || w.starts_with("al-") {
            run.push(w);
        } else {
            break;
        }
    }
    if run.is_empty() {
        return None;
    }
    run.reverse();
    let name = run.join(" ");
    let name = name
        .trim_end_matches("’s")
        .trim_end_matches("'s")
        .to_string();
    Some(name)
}
