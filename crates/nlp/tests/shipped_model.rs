//! The English model shipped inside the binary parses news sentences the way UD English
//! (EWT) annotates them: subjects, objects, passive agents.

use dyad_model::{Article, Doc, Sentence, Token};
use dyad_nlp::Nlp;

fn parse(nlp: &Nlp, text: &str) -> Sentence {
    let mut doc = Doc::new(Article {
        text: text.to_string(),
        ..Article::default()
    });
    nlp.annotate(&mut doc);
    assert_eq!(doc.sentences.len(), 1, "one sentence expected in {text:?}");
    doc.sentences.remove(0)
}

fn word<'a>(s: &'a Sentence, form: &str) -> &'a Token {
    s.tokens
        .iter()
        .find(|t| t.form == form)
        .unwrap_or_else(|| panic!("no word {form:?} in {:?}", forms(s)))
}

fn forms(s: &Sentence) -> Vec<&str> {
    s.tokens.iter().map(|t| t.form.as_str()).collect()
}

fn head<'a>(s: &'a Sentence, t: &Token) -> Option<&'a Token> {
    (t.head > 0).then(|| &s.tokens[t.head as usize - 1])
}

fn assert_arc(s: &Sentence, dep: &str, rel: &str, head_form: &str) {
    let d = word(s, dep);
    let h = head(s, d).map_or("ROOT", |h| h.form.as_str());
    assert_eq!(
        (d.deprel.as_str(), h),
        (rel, head_form),
        "{dep} in {:?}",
        forms(s)
    );
}

#[test]
fn passive_with_agent_parses_as_in_ewt() {
    let nlp = Nlp::load_default().expect("shipped model loads");
    for text in [
        "Russia's presence in South Ossetia has repeatedly been slammed by the US and European Union.",
        "Russia’s presence in South Ossetia has repeatedly been slammed by the US and European Union as they feel it undermines Georgian sovereignty.",
    ] {
        let s = parse(&nlp, text);
        assert_arc(&s, "slammed", "root", "ROOT");
        assert_arc(&s, "presence", "nsubj:pass", "slammed");
        assert_arc(&s, "been", "aux:pass", "slammed");
        assert_arc(&s, "US", "obl:agent", "slammed");
        assert_arc(&s, "by", "case", "US");
        assert_arc(&s, "Union", "conj", "US");
        assert_arc(&s, "Russia", "nmod:poss", "presence");
        let slammed = word(&s, "slammed");
        assert_eq!((slammed.upos.as_str(), slammed.xpos.as_str()), ("VERB", "VBN"));
        assert_eq!(slammed.lemma, "slam");
    }
}

#[test]
fn subjects_and_objects_of_main_verbs() {
    let nlp = Nlp::load_default().expect("shipped model loads");
    let s = parse(
        &nlp,
        "Bibilov confirmed that the Kremlin was ready to absorb South Ossetia.",
    );
    assert_arc(&s, "confirmed", "root", "ROOT");
    assert_arc(&s, "Bibilov", "nsubj", "confirmed");
    assert_arc(&s, "ready", "ccomp", "confirmed");
    assert_arc(&s, "Kremlin", "nsubj", "ready");
    assert_arc(&s, "absorb", "xcomp", "ready");
    assert_arc(&s, "Ossetia", "obj", "absorb");
    let s = parse(
        &nlp,
        "The Kremlin condemned the move and recalled its ambassador.",
    );
    assert_arc(&s, "Kremlin", "nsubj", "condemned");
    assert_arc(&s, "move", "obj", "condemned");
    assert_arc(&s, "recalled", "conj", "condemned");
    assert_arc(&s, "ambassador", "obj", "recalled");
}

#[test]
fn a_news_sentence_with_a_full_stop_gets_a_finite_main_verb() {
    // The tagger alone read these as noun phrases: "struck" after "jets" as a participle,
    // "shot" after "troops" as a noun.
    let nlp = Nlp::load_default().unwrap();
    let s = parse(&nlp, "Israeli jets struck Gaza on Monday.");
    assert_arc(&s, "jets", "nsubj", "struck");
    assert_arc(&s, "Gaza", "obj", "struck");
    assert_eq!(word(&s, "struck").lemma, "strike");
    let s = parse(&nlp, "Russian troops shot three protesters in Kherson.");
    assert_arc(&s, "troops", "nsubj", "shot");
    assert_arc(&s, "protesters", "obj", "shot");
    let s = parse(&nlp, "Thousands of Iraqis protested in Baghdad.");
    assert_arc(&s, "Thousands", "nsubj", "protested");
    // An irregular past the treebanks show twice ("fought"), read as an adjective.
    let s = parse(&nlp, "Rebels fought government troops near the border.");
    assert_arc(&s, "Rebels", "nsubj", "fought");
    assert_arc(&s, "troops", "obj", "fought");
    assert_eq!(word(&s, "fought").lemma, "fight");
    // A word the tag dictionary fixes as a noun, before an infinitive, in a sentence that
    // needs a verb.
    let s = parse(
        &nlp,
        "Greece, like most other existing members, plans to impose restrictions on its labour market.",
    );
    assert_eq!(word(&s, "plans").xpos, "VBZ");
}

#[test]
fn a_closing_attribution_does_not_stand_in_for_the_main_verb() {
    // "said" is the attribution's verb; the reported clause before it still needs one.
    let nlp = Nlp::load_default().unwrap();
    let s = parse(
        &nlp,
        "Zambia extradited suspected British militant Haroon Rashid Aswad to Britain on \
         Sunday, a senior Zambian government official said.",
    );
    assert_eq!(word(&s, "extradited").xpos, "VBD");
    assert_arc(&s, "Zambia", "nsubj", "extradited");
    let s = parse(
        &nlp,
        "Rebels shelled the airport, officials said on Tuesday.",
    );
    assert_eq!(word(&s, "shelled").xpos, "VBD");
    assert_arc(&s, "Rebels", "nsubj", "shelled");
    let s = parse(
        &nlp,
        "Army bulldozers demolished homes in southern Gaza on Sunday, Palestinian officials \
         and US witnesses said.",
    );
    assert_arc(&s, "bulldozers", "nsubj", "demolished");
}
