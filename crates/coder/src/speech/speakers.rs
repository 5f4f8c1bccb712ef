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

fn is_named(e: &Entity) -> bool {
    !matches!(e.kind.as_str(), "pronoun" | "nominal")
}

impl<'c> Resolver<'c> {
    pub fn new(ctx: &'c Context<'c>) -> Self {
        Resolver { ctx, last: None }
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
        ents.iter()
            .enumerate()
            .filter(|(_, x)| x.chain == Some(chain) && is_named(x))
            .max_by_key(|(j, x)| (x.text.chars().count(), usize::MAX - j))
            .map_or(i, |(j, _)| j)
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
        let best = ents
            .iter()
            .enumerate()
            .filter(|(_, x)| x.start < e && x.end > s)
            .max_by_key(|(_, x)| {
                (
                    label_rank(&x.label),
                    !x.kind.is_empty() && is_named(x),
                    x.end,
                )
            });
        let pronoun = a == b && PRONOUNS.contains(&words[a].lower.as_str());
        if let Some((i, ent)) = best {
            let rep = self.representative(i);
            speaker.entity = Some(i);
            speaker.code = self.chain_code(i);
            if is_named(&ents[rep]) {
                speaker.resolved = Some(ents[rep].text.clone());
                return SpeakerSpan {
                    name: speaker.resolved.clone(),
                    speaker,
                    label: ent.label.split(':').next().unwrap_or("").to_string(),
                };
            }
        }
        if pronoun {
            return self.by_salience(speaker, &words[a].lower);
        }
        let name = proper_name(&text);
        SpeakerSpan {
            speaker,
            label: String::new(),
            name,
        }
    }

    /// A pronoun the coreference step did not link: the last named speaker for he/she (or any
    /// recent speaker for they/it), else the nearest preceding person.
    fn by_salience(&self, mut speaker: Speaker, pronoun: &str) -> SpeakerSpan {
        let here = self.ctx.sentence_of(speaker.start);
        let personal = matches!(pronoun, "he" | "she" | "him" | "her");
        if let Some((last, sent)) = &self.last {
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
        if personal {
            if let Some(p) = self.nearest_person(speaker.start) {
                speaker.resolved = p.speaker.resolved.clone();
                speaker.code = p.speaker.code.clone();
                speaker.entity = speaker.entity.or(p.speaker.entity);
                return SpeakerSpan {
                    speaker,
                    label: "PER".into(),
                    name: p.name,
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
                    resolved: Some(ents[rep].text.clone()),
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
