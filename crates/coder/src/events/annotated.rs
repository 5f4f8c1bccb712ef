//! Parsed, entity-annotated documents from CoNLL-U: the form dyad's event fixtures are written
//! in, and a way to code corpora that already carry a parse and actor codes.

use dyad_model::conllu::{self, ConlluError};
use dyad_model::{ActorCode, Article, Doc, Entity};

/// A document from CoNLL-U whose MISC column marks entities: `Ent=B-CODE`/`Ent=I-CODE`
/// (`B-?` for a mention without a code) and `Chain=N` for coreference.
pub fn doc_from_annotated_conllu(text: &str, published: Option<&str>) -> Result<Doc, ConlluError> {
    let sentences = conllu::parse(text)?;
    let (body, parsed) = conllu::assemble(&sentences);
    let mut doc = Doc::new(Article {
        id: "fixture".into(),
        text: body,
        published: published.map(str::to_string),
        ..Article::default()
    });
    doc.sentences = parsed;
    for (si, cs) in sentences.iter().enumerate() {
        let mut open: Option<Entity> = None;
        for (wi, misc) in cs.misc.iter().enumerate() {
            let tok = &doc.sentences[si].tokens[wi];
            let ent = misc.split('|').find_map(|m| m.strip_prefix("Ent="));
            let chain = misc
                .split('|')
                .find_map(|m| m.strip_prefix("Chain="))
                .and_then(|c| c.parse().ok());
            match ent {
                Some(tag) if tag.starts_with("I-") => {
                    if let Some(e) = open.as_mut() {
                        e.last_token = tok.id;
                        e.end = tok.end;
                    }
                }
                Some(tag) => {
                    if let Some(e) = open.take() {
                        doc.entities.push(e);
                    }
                    let code = tag.trim_start_matches("B-");
                    open = Some(Entity {
                        start: tok.start,
                        end: tok.end,
                        text: String::new(),
                        label: "ORG".into(),
                        sentence: si,
                        first_token: tok.id,
                        last_token: tok.id,
                        chain,
                        kind: if tok.upos == "PRON" {
                            "pronoun".into()
                        } else {
                            "ner".into()
                        },
                        actor: (code != "?").then(|| ActorCode {
                            code: code.to_string(),
                            // A bare role ("GOV") has no country.
                            country: Some(code.chars().take(3).collect::<String>())
                                .filter(|c| !crate::actors::is_role(c)),
                            ..ActorCode::default()
                        }),
                        group: Vec::new(),
                    });
                }
                None => {
                    if let Some(e) = open.take() {
                        doc.entities.push(e);
                    }
                }
            }
        }
        if let Some(e) = open.take() {
            doc.entities.push(e);
        }
    }
    for i in 0..doc.entities.len() {
        let (s, e) = (doc.entities[i].start, doc.entities[i].end);
        doc.entities[i].text = doc.slice(s, e);
    }
    Ok(doc)
}
