//! `dyad eval coref` end to end: pronoun resolution scored against a coreference layer.

mod common;

use common::{dyad, write_file};

/// A document we wrote with GUM-style `Entity=` coreference: "He" and "his" refer to Bibilov,
/// "It" to the Kremlin.
const GOLD: &str = "# newdoc id = d1
# sent_id = 1
# text = Anatoly Bibilov spoke on Monday.
1	Anatoly	Anatoly	PROPN	NNP	_	3	nsubj	_	Entity=(1-person-new-x-coref
2	Bibilov	Bibilov	PROPN	NNP	_	1	flat	_	Entity=1)
3	spoke	speak	VERB	VBD	_	0	root	_	_
4	on	on	ADP	IN	_	5	case	_	_
5	Monday	Monday	PROPN	NNP	_	3	obl	_	SpaceAfter=No
6	.	.	PUNCT	.	_	3	punct	_	_

# sent_id = 2
# text = He said his region would join Russia.
1	He	he	PRON	PRP	_	2	nsubj	_	Entity=(1-person-giv-x-coref)
2	said	say	VERB	VBD	_	0	root	_	_
3	his	his	PRON	PRP$	_	4	nmod:poss	_	Entity=(1-person-giv-x-coref)
4	region	region	NOUN	NN	_	6	nsubj	_	_
5	would	would	AUX	MD	_	6	aux	_	_
6	join	join	VERB	VB	_	2	ccomp	_	_
7	Russia	Russia	PROPN	NNP	_	6	obj	_	SpaceAfter=No|Entity=(2-place-new-x-sgl)
8	.	.	PUNCT	.	_	2	punct	_	_

";

/// The JSON scores of `dyad eval coref` on a gold file.
fn coref_scores(gold: &std::path::Path) -> serde_json::Value {
    let out = dyad()
        .args(["eval", "coref", "--json", "--gold"])
        .arg(gold)
        .output()
        .expect("run dyad");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON scores")
}

#[test]
fn scores_pronouns_against_gold_chains() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gold = write_file(dir.path(), "gold.conllu", GOLD);
    let v = coref_scores(&gold);
    assert_eq!(v["all"]["gold"], 2, "{v}");
    assert_eq!(v["all"]["correct"], 2, "He and his resolve to Bibilov: {v}");
}

#[test]
fn a_file_without_coreference_is_refused_by_name() {
    let dir = tempfile::tempdir().expect("tempdir");
    let plain: String = GOLD
        .lines()
        .map(|l| {
            l.split("Entity=")
                .next()
                .unwrap_or(l)
                .trim_end_matches('|')
                .to_string()
        })
        .collect::<Vec<_>>()
        .join("\n");
    let gold = write_file(dir.path(), "plain.conllu", plain);
    let out = dyad()
        .args(["eval", "coref", "--gold"])
        .arg(&gold)
        .output()
        .expect("run dyad");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("plain.conllu") && err.contains("Entity="),
        "{err}"
    );
}

/// On GUM dev (all genres, not only news) pronoun resolution stays above a floor, so a change
/// cannot silently break coreference.
#[test]
fn gum_dev_pronouns_stay_above_a_floor() {
    let Some(gold) = common::shared_file("data/ud/UD_English-GUM/en_gum-ud-dev.conllu") else {
        return;
    };
    let v = coref_scores(&gold);
    let accuracy = v["accuracy"].as_f64().unwrap_or(0.0);
    let precision = v["precision"].as_f64().unwrap_or(0.0);
    assert!(v["all"]["gold"].as_u64().unwrap_or(0) > 300, "{v}");
    assert!(accuracy >= 55.0 && precision >= 72.0, "{v}");
}
