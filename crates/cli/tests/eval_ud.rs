//! `dyad eval ud` end to end: CoNLL 2018 scores from gold CoNLL-U, with and without `--raw`.

mod common;

use std::path::PathBuf;

use common::{dyad, write_file};

/// Two short documents we wrote: contractions (multiword tokens), an abbreviation, a quote.
const GOLD: &str = "# newdoc id = d1
# sent_id = 1
# text = The U.S. didn't act.
1	The	the	DET	DT	_	2	det	_	_
2	U.S.	U.S.	PROPN	NNP	_	5	nsubj	_	_
3-4	didn't	_	_	_	_	_	_	_	_
3	did	do	AUX	VBD	_	5	aux	_	_
4	n't	not	PART	RB	_	5	advmod	_	_
5	act	act	VERB	VB	_	0	root	_	SpaceAfter=No
6	.	.	PUNCT	.	_	5	punct	_	_

# sent_id = 2
# text = \"We are ready,\" Moscow said.
1	\"	\"	PUNCT	``	_	4	punct	_	SpaceAfter=No
2	We	we	PRON	PRP	_	4	nsubj	_	_
3	are	be	AUX	VBP	_	4	cop	_	_
4	ready	ready	ADJ	JJ	_	7	ccomp	_	SpaceAfter=No
5	,	,	PUNCT	,	_	4	punct	_	SpaceAfter=No
6	\"	\"	PUNCT	''	_	4	punct	_	_
7	Moscow	Moscow	PROPN	NNP	_	8	nsubj	_	_
8	said	say	VERB	VBD	_	0	root	_	SpaceAfter=No
9	.	.	PUNCT	.	_	8	punct	_	_

# newdoc id = d2
# sent_id = 3
# text = Talks failed
1	Talks	talk	NOUN	NNS	_	2	nsubj	_	_
2	failed	fail	VERB	VBD	_	0	root	_	_

";

fn write_gold(dir: &tempfile::TempDir, content: &str) -> PathBuf {
    let path = write_file(dir.path(), "gold.conllu", content);
    path
}

fn eval_json(gold: &std::path::Path, raw: bool) -> serde_json::Value {
    let mut cmd = dyad();
    cmd.args(["eval", "ud", "--json", "--gold"]).arg(gold);
    if raw {
        cmd.arg("--raw");
    }
    let out = cmd.output().unwrap();
    common::assert_success(&out);
    serde_json::from_slice(&out.stdout).unwrap()
}

fn f1(v: &serde_json::Value, metric: &str) -> f64 {
    v["metrics"][metric]["f1"].as_f64().unwrap()
}

#[test]
fn raw_text_is_tokenized_and_split_like_the_gold() {
    let dir = tempfile::tempdir().unwrap();
    let gold = write_gold(&dir, GOLD);
    let v = eval_json(&gold, true);
    assert_eq!(f1(&v, "Tokens"), 100.0, "{v:#}");
    assert_eq!(f1(&v, "Words"), 100.0, "{v:#}");
    assert_eq!(f1(&v, "Sentences"), 100.0, "{v:#}");
    assert_eq!(v["metrics"]["Words"]["gold"], 17);
    assert_eq!(v["metrics"]["Sentences"]["gold"], 3);
}

#[test]
fn without_raw_the_gold_tokens_and_sentences_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let gold = write_gold(&dir, GOLD);
    let v = eval_json(&gold, false);
    for metric in ["Tokens", "Words", "Sentences"] {
        assert_eq!(f1(&v, metric), 100.0, "{metric}: {v:#}");
    }
    // Annotation is predicted, never copied from the gold file: scores exist for every metric.
    for metric in ["UPOS", "XPOS", "Lemmas", "UAS", "LAS"] {
        let f = f1(&v, metric);
        assert!((0.0..=100.0).contains(&f), "{metric}: {f}");
    }
}

#[test]
fn the_table_lists_every_metric() {
    let dir = tempfile::tempdir().unwrap();
    let gold = write_gold(&dir, GOLD);
    let out = dyad()
        .args(["eval", "ud", "--raw", "--gold"])
        .arg(&gold)
        .output()
        .unwrap();
    assert!(out.status.success());
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(table.starts_with("Metric"), "{table}");
    let line = |metric: &str| {
        table
            .lines()
            .find(|l| l.split('|').next().map(str::trim) == Some(metric))
            .unwrap_or_else(|| panic!("{metric} missing in\n{table}"))
            .to_string()
    };
    for metric in ["Tokens", "Sentences", "Words"] {
        assert!(line(metric).contains("100.00"), "{table}");
    }
    for metric in [
        "UPOS", "XPOS", "UFeats", "Lemmas", "UAS", "LAS", "CLAS", "MLAS", "BLEX",
    ] {
        assert_eq!(line(metric).split('|').count(), 5, "{table}");
    }
}

#[test]
fn malformed_gold_is_a_clear_error_with_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let gold = write_gold(&dir, "# text = Bad\n1\tBad\tbad\tADJ\n");
    let out = dyad()
        .args(["eval", "ud", "--gold"])
        .arg(&gold)
        .output()
        .unwrap();
    common::assert_fails_saying(&out, &["gold.conllu", "line 2"]);
    let missing = dyad()
        .args(["eval", "ud", "--gold", "/nonexistent/x.conllu"])
        .output()
        .unwrap();
    common::assert_fails_saying(&missing, &["/nonexistent/x.conllu"]);
}

/// The shipped models on the UD_English-EWT test set, as the README reports them: the
/// targets of the NLP core (raw text: tokens 99, sentences 80, UPOS 94.5, LAS 80; gold
/// tokenization: UPOS 95.5, LAS 84 with the voting parsers). Skips without `../shared`.
#[test]
fn the_shipped_models_meet_their_targets_on_ewt_test() {
    let Some(gold) = common::shared_file("data/ud/UD_English-EWT/en_ewt-ud-test.conllu") else {
        return;
    };
    let score = |args: &[&str]| {
        let out = dyad()
            .args(["eval", "ud", "--json", "--gold"])
            .arg(&gold)
            .args(args)
            .output()
            .unwrap();
        common::assert_success(&out);
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        move |metric: &str| f1(&v, metric)
    };
    let raw = score(&["--raw"]);
    for (metric, floor) in [
        ("Tokens", 99.0),
        ("Sentences", 80.0),
        ("UPOS", 94.5),
        ("LAS", 80.0),
    ] {
        assert!(
            raw(metric) >= floor,
            "raw {metric} {} < {floor}",
            raw(metric)
        );
    }
    let gold_tokens = score(&[]);
    assert!(gold_tokens("UPOS") >= 95.5, "UPOS {}", gold_tokens("UPOS"));
    assert!(gold_tokens("LAS") >= 82.5, "LAS {}", gold_tokens("LAS"));
    let accurate = score(&["--accurate"]);
    assert!(
        accurate("LAS") >= 84.0,
        "--accurate LAS {}",
        accurate("LAS")
    );
}
