//! `dyad eval coref`: third-person pronoun resolution against a gold coreference layer — GUM's
//! MISC `Entity=` annotation (`(id-type-…` opens a mention, `id)` closes it).
//!
//! A pronoun counts when gold puts it in the chain of a person, organisation or place that was
//! named or described earlier in the document (the pronouns event coding needs resolved). dyad
//! resolves it correctly when its chain holds an earlier non-pronoun mention overlapping a gold
//! mention of the same entity. Gold tokens and sentences are kept; everything else is predicted.

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use dyad_model::{conllu, Article, Doc};
use dyad_pipeline::Pipeline;

use crate::eval_ud::without_annotation;

#[derive(clap::Args)]
pub struct Args {
    /// Gold CoNLL-U with GUM-style `Entity=` coreference in MISC (e.g. UD_English-GUM test).
    #[arg(long)]
    pub gold: PathBuf,
    /// Print each pronoun dyad got wrong or left unresolved.
    #[arg(long)]
    pub errors: bool,
    /// Print the scores as JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// A gold mention: sentence, first and last word (0-based, inclusive), entity id and type.
#[derive(Debug, Clone, PartialEq)]
pub struct GoldMention {
    pub sentence: usize,
    pub first: usize,
    pub last: usize,
    pub entity: String,
    pub kind: String,
}

/// Mentions of one document from the MISC column of each word (`misc[sentence][word]`).
pub fn gold_mentions(misc: &[Vec<String>]) -> Vec<GoldMention> {
    let mut open: Vec<(String, String, usize, usize)> = Vec::new();
    let mut out = Vec::new();
    for (si, words) in misc.iter().enumerate() {
        for (wi, field) in words.iter().enumerate() {
            let Some(value) = field.split('|').find_map(|kv| kv.strip_prefix("Entity=")) else {
                continue;
            };
            let chars: Vec<char> = value.chars().collect();
            let mut i = 0;
            while i < chars.len() {
                if chars[i] == '(' {
                    let mut j = i + 1;
                    while j < chars.len() && chars[j] != '(' && chars[j] != ')' {
                        j += 1;
                    }
                    let body: String = chars[i + 1..j].iter().collect();
                    let mut parts = body.split('-');
                    let id = parts.next().unwrap_or_default().to_string();
                    let kind = parts.next().unwrap_or_default().to_string();
                    if j < chars.len() && chars[j] == ')' {
                        out.push(GoldMention {
                            sentence: si,
                            first: wi,
                            last: wi,
                            entity: id,
                            kind,
                        });
                        j += 1;
                    } else {
                        open.push((id, kind, si, wi));
                    }
                    i = j;
                } else {
                    let mut j = i;
                    while j < chars.len() && chars[j] != ')' && chars[j] != '(' {
                        j += 1;
                    }
                    let id: String = chars[i..j].iter().collect();
                    if let Some(k) = open.iter().rposition(|o| o.0 == id) {
                        let (id, kind, s0, w0) = open.remove(k);
                        // Mentions never cross sentences in GUM; keep the end in the opening one.
                        let last = if s0 == si { wi } else { misc[s0].len() - 1 };
                        out.push(GoldMention {
                            sentence: s0,
                            first: w0,
                            last,
                            entity: id,
                            kind,
                        });
                    }
                    i = j + usize::from(j < chars.len() && chars[j] == ')');
                }
            }
        }
    }
    out.sort_by_key(|m| (m.sentence, m.first, m.last));
    out
}

const PRONOUNS: &[(&str, &str)] = &[
    ("he", "he/she"),
    ("him", "he/she"),
    ("his", "he/she"),
    ("himself", "he/she"),
    ("she", "he/she"),
    ("her", "he/she"),
    ("hers", "he/she"),
    ("herself", "he/she"),
    ("it", "it"),
    ("its", "it"),
    ("itself", "it"),
    ("they", "they"),
    ("them", "they"),
    ("their", "they"),
    ("theirs", "they"),
    ("themselves", "they"),
];

fn pronoun_class(form: &str) -> Option<&'static str> {
    let lower = form.to_lowercase();
    PRONOUNS.iter().find(|p| p.0 == lower).map(|p| p.1)
}

/// Counts per pronoun class: gold pronouns to resolve, ones dyad resolved, ones it got right.
#[derive(Debug, Default, Clone, Copy, serde::Serialize)]
pub struct Counts {
    pub gold: usize,
    pub resolved: usize,
    pub correct: usize,
}

impl Counts {
    fn add(&mut self, o: Counts) {
        self.gold += o.gold;
        self.resolved += o.resolved;
        self.correct += o.correct;
    }
}

fn overlaps(m: &GoldMention, sentence: usize, first: usize, last: usize) -> bool {
    m.sentence == sentence && m.first <= last && first <= m.last
}

/// Scores one annotated document against its gold mentions; `errors` gets a line per miss.
pub fn score_document(
    doc: &Doc,
    gold: &[GoldMention],
    errors: &mut Vec<String>,
) -> HashMap<&'static str, Counts> {
    let mut counts: HashMap<&'static str, Counts> = HashMap::new();
    let word = |s: usize, w: usize| -> &str {
        doc.sentences
            .get(s)
            .and_then(|x| x.tokens.get(w))
            .map_or("", |t| t.form.as_str())
    };
    let is_pronoun_mention =
        |m: &GoldMention| m.first == m.last && pronoun_class(word(m.sentence, m.first)).is_some();
    for (gi, m) in gold.iter().enumerate() {
        if !is_pronoun_mention(m) || !matches!(m.kind.as_str(), "person" | "organization" | "place")
        {
            continue;
        }
        let Some(class) = pronoun_class(word(m.sentence, m.first)) else {
            continue;
        };
        // Gold antecedents: earlier mentions of the same entity that are not pronouns.
        let antecedents: Vec<&GoldMention> = gold[..gi]
            .iter()
            .filter(|a| a.entity == m.entity && !is_pronoun_mention(a))
            .collect();
        if antecedents.is_empty() {
            continue;
        }
        let c = counts.entry(class).or_default();
        c.gold += 1;
        let system = doc.entities.iter().find(|e| {
            e.kind == "pronoun" && e.sentence == m.sentence && e.first_token as usize == m.first + 1
        });
        // A pronoun's chain, or for a group ("X and Y … they") its members' chains.
        let chains: Vec<u32> = system
            .map(|e| e.chain.into_iter().chain(e.group.iter().copied()).collect())
            .unwrap_or_default();
        let system_antecedents: Vec<_> = doc
            .entities
            .iter()
            .filter(|e| {
                e.chain.is_some_and(|c| chains.contains(&c))
                    && e.kind != "pronoun"
                    && (e.sentence, e.first_token) < (m.sentence, m.first as u32 + 1)
            })
            .collect();
        if system_antecedents.is_empty() {
            errors.push(format!(
                "unresolved {:?} in {:?}",
                word(m.sentence, m.first),
                sentence_text(doc, m.sentence)
            ));
            continue;
        }
        c.resolved += 1;
        let right = system_antecedents.iter().any(|e| {
            antecedents.iter().any(|a| {
                overlaps(
                    a,
                    e.sentence,
                    e.first_token as usize - 1,
                    e.last_token as usize - 1,
                )
            })
        });
        if right {
            c.correct += 1;
        } else {
            errors.push(format!(
                "wrong {:?} -> {:?} (gold {:?}) in {:?}",
                word(m.sentence, m.first),
                system_antecedents
                    .last()
                    .map(|e| e.text.as_str())
                    .unwrap_or(""),
                antecedents
                    .last()
                    .map(|a| (a.first..=a.last)
                        .map(|w| word(a.sentence, w))
                        .collect::<Vec<_>>()
                        .join(" "))
                    .unwrap_or_default(),
                sentence_text(doc, m.sentence)
            ));
        }
    }
    counts
}

fn sentence_text(doc: &Doc, s: usize) -> String {
    doc.sentences
        .get(s)
        .map(|x| doc.slice(x.start, x.end))
        .unwrap_or_default()
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let input = std::fs::read_to_string(&args.gold)
        .with_context(|| format!("reading {}", args.gold.display()))?;
    let parsed =
        conllu::parse(&input).with_context(|| format!("parsing {}", args.gold.display()))?;
    if !parsed
        .iter()
        .any(|s| s.misc.iter().any(|m| m.contains("Entity=")))
    {
        anyhow::bail!(
            "{}: no `Entity=` coreference annotation in the MISC column",
            args.gold.display()
        );
    }
    let pipeline = Pipeline::load_default()?;
    let mut total: HashMap<&'static str, Counts> = HashMap::new();
    let mut errors = Vec::new();
    let documents = conllu::split_documents(parsed);
    let ndocs = documents.len();
    for document in documents {
        let misc: Vec<Vec<String>> = document.iter().map(|s| s.misc.clone()).collect();
        let gold = gold_mentions(&misc);
        let (text, sentences) = conllu::assemble(&document);
        let mut doc = Doc::new(Article {
            text,
            language: "en".into(),
            ..Article::default()
        });
        doc.sentences = sentences.iter().map(without_annotation).collect();
        let doc = pipeline.annotate_doc(doc);
        for (class, c) in score_document(&doc, &gold, &mut errors) {
            total.entry(class).or_default().add(c);
        }
    }
    let mut all = Counts::default();
    for c in total.values() {
        all.add(*c);
    }
    let pct = |a: usize, b: usize| 100.0 * a as f64 / b.max(1) as f64;
    if args.json {
        let mut by_class: Vec<(&str, Counts)> = total.iter().map(|(k, v)| (*k, *v)).collect();
        by_class.sort_by_key(|x| x.0);
        let out = serde_json::json!({
            "documents": ndocs,
            "all": all,
            "accuracy": pct(all.correct, all.gold),
            "precision": pct(all.correct, all.resolved),
            "by_class": by_class.into_iter().collect::<HashMap<_, _>>(),
        });
        println!("{}", serde_json::to_string_pretty(&out)?);
    } else {
        if args.errors {
            for e in &errors {
                println!("{e}");
            }
        }
        println!(
            "Pronoun resolution ({}, {ndocs} documents): pronouns of people, organisations and \
             places with an earlier non-pronoun mention",
            args.gold.display()
        );
        println!("  class    gold  resolved  correct  accuracy  precision");
        let row = |name: &str, c: Counts| {
            println!(
                "  {:<7} {:>5} {:>9} {:>8} {:>8.1}% {:>9.1}%",
                name,
                c.gold,
                c.resolved,
                c.correct,
                pct(c.correct, c.gold),
                pct(c.correct, c.resolved)
            );
        };
        let mut classes: Vec<&&str> = total.keys().collect();
        classes.sort();
        for k in classes {
            row(k, total[*k]);
        }
        row("all", all);
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn misc(rows: &[&[&str]]) -> Vec<Vec<String>> {
        rows.iter()
            .map(|r| r.iter().map(|s| s.to_string()).collect())
            .collect()
    }

    #[test]
    fn reads_nested_and_single_word_mentions() {
        let m = gold_mentions(&misc(&[&[
            "Entity=(1-person-new-x-sgl",
            "Entity=(2-place-new-x-coref)1)",
            "_",
            "SpaceAfter=No|Entity=(1-person-giv-x-coref)",
        ]]));
        let spans: Vec<(usize, usize, &str, &str)> = m
            .iter()
            .map(|g| (g.first, g.last, g.entity.as_str(), g.kind.as_str()))
            .collect();
        assert_eq!(
            spans,
            [
                (0, 1, "1", "person"),
                (1, 1, "2", "place"),
                (3, 3, "1", "person")
            ]
        );
    }

    #[test]
    fn scores_a_resolved_and_an_unresolved_pronoun() {
        use dyad_model::{Entity, Sentence, Token};
        let forms = [
            "Bibilov", "said", "he", "would", "go", "and", "she", "agreed",
        ];
        let tokens: Vec<Token> = forms
            .iter()
            .enumerate()
            .map(|(i, f)| Token {
                id: i as u32 + 1,
                form: f.to_string(),
                ..Token::default()
            })
            .collect();
        let mut doc = Doc::new(Article::default());
        doc.sentences = vec![Sentence {
            tokens,
            ..Sentence::default()
        }];
        let ent = |w: u32, kind: &str, chain: Option<u32>| Entity {
            sentence: 0,
            first_token: w,
            last_token: w,
            kind: kind.into(),
            chain,
            ..Entity::default()
        };
        doc.entities = vec![
            ent(1, "ner", Some(1)),
            ent(3, "pronoun", Some(1)),
            ent(7, "pronoun", None),
        ];
        let gold = gold_mentions(&misc(&[&[
            "Entity=(1-person-new-x-coref)",
            "_",
            "Entity=(1-person-giv-x-coref)",
            "_",
            "_",
            "_",
            "Entity=(1-person-giv-x-coref)",
            "_",
        ]]));
        let mut errors = Vec::new();
        let c = score_document(&doc, &gold, &mut errors)["he/she"];
        assert_eq!((c.gold, c.resolved, c.correct), (2, 1, 1));
        assert_eq!(errors.len(), 1, "{errors:?}");
    }
}
