//! `dyad annotate` end to end: every input kind, every output format, and bad input handled
//! with one clear error line per input, a summary, a non-zero exit and never a panic.

mod common;

use std::io::Write;
use std::process::{Output, Stdio};

use common::{
    assert_fails_saying, json_lines as stdout_lines, p as path_str, repo, stderr, write_file,
};
use serde_json::Value;

/// `dyad annotate args…` with stdin closed.
fn dyad(args: &[&str]) -> Output {
    common::dyad()
        .arg("annotate")
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run dyad")
}

#[test]
fn seed_article_is_one_document_without_the_copyright_footer() {
    let Some(seed) = common::seed() else { return };
    let out = dyad(&[path_str(&seed), "--format", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let docs: Vec<Value> = serde_json::from_slice(&out.stdout).expect("a JSON array");
    assert_eq!(docs.len(), 1);
    let doc = &docs[0];
    let text = doc["text"].as_str().unwrap();
    assert!(text.starts_with("A new escalation in the Kremlin’s conflict with the West"));
    assert!(text.ends_with("undermines Georgian sovereignty."), "{text}");
    assert!(!text.contains('©') && !text.contains("All rights reserved"));
    // One paragraph per line of the file, separated by a blank line.
    assert_eq!(text.split("\n\n").count(), 8);
    assert_eq!(doc["id"].as_str().unwrap().len(), 16);
    // Sentences are real spans of the text, in order, none crossing a paragraph break, and
    // every paragraph starts a sentence. The article has 16 sentences.
    let chars: Vec<char> = text.chars().collect();
    let sentences = doc["sentences"].as_array().unwrap();
    assert!(
        (16..=20).contains(&sentences.len()),
        "{} sentences",
        sentences.len()
    );
    let mut starts = Vec::new();
    let mut last_end = 0;
    for s in sentences {
        let start = s["start"].as_u64().unwrap() as usize;
        let end = s["end"].as_u64().unwrap() as usize;
        assert!(start >= last_end && end <= chars.len() && start < end);
        let sentence: String = chars[start..end].iter().collect();
        assert!(!sentence.contains("\n\n"), "{sentence:?}");
        starts.push(start);
        last_end = end;
    }
    let mut offset = 0;
    for paragraph in text.split("\n\n") {
        assert!(starts.contains(&offset), "no sentence starts {paragraph:?}");
        offset += paragraph.chars().count() + 2;
    }
    // The same article twice is the same id.
    let again = dyad(&[path_str(&seed)]);
    assert_eq!(stdout_lines(&again)[0]["id"], doc["id"]);
    assert!(stderr(&out).contains("1 document from 1 input, 0 failed"));
}

#[test]
fn voa_jsonl_gives_89_documents_with_metadata() {
    let Some(voa) = common::shared_file("data/voa/voa_stories.jsonl") else {
        return;
    };
    let out = dyad(&[path_str(&voa)]);
    assert!(out.status.success(), "{}", stderr(&out));
    let docs = stdout_lines(&out);
    assert_eq!(docs.len(), 89);
    for (i, d) in docs.iter().enumerate() {
        for field in ["title", "url", "published", "author", "text", "id"] {
            assert!(
                d[field].as_str().is_some_and(|s| !s.is_empty()),
                "document {i} lacks {field}"
            );
        }
        assert!(d["url"]
            .as_str()
            .unwrap()
            .starts_with("https://www.voanews.com/"));
        assert_eq!(d["outlet"], "voanews.com");
        assert!(d["published"].as_str().unwrap().len() >= 10);
        assert_eq!(d["source"], format!("{}:{}", voa.display(), i + 1));
    }
    assert!(stderr(&out).contains("89 documents from 1 input, 0 failed"));
}

#[test]
fn html_example_yields_the_body_and_its_metadata() {
    let page = repo().join("examples/article.html");
    let out = dyad(&[path_str(&page)]);
    assert!(out.status.success(), "{}", stderr(&out));
    let doc = &stdout_lines(&out)[0];
    assert_eq!(
        doc["title"],
        "Georgia condemns Russian military drills near South Ossetia"
    );
    assert_eq!(doc["author"], "Nino Beridze");
    assert_eq!(doc["outlet"], "Example News");
    assert_eq!(doc["published"], "2024-03-04");
    assert_eq!(
        doc["url"],
        "https://news.example.org/world/georgia-condemns-russian-drills"
    );
    let text = doc["text"].as_str().unwrap();
    assert!(
        text.starts_with("TBILISI — Georgia's foreign ministry"),
        "{text}"
    );
    assert!(text.ends_with("with the Georgian government."), "{text}");
    for junk in [
        "Home",
        "Advertisement",
        "Related",
        "Abkhazia holds",
        "©",
        "Privacy",
        "Follow us",
    ] {
        assert!(!text.contains(junk), "{junk:?} leaked into {text:?}");
    }
    // The text example is the same story: same body, same id.
    let txt = dyad(&[path_str(&repo().join("examples/article.txt"))]);
    let txt_doc = &stdout_lines(&txt)[0];
    assert!(txt_doc["text"]
        .as_str()
        .unwrap()
        .ends_with("with the Georgian government."));
}

#[test]
fn feeds_warc_and_stdin_work() {
    let fixtures = repo().join("crates/ingest/tests/fixtures");
    let out = dyad(&[
        path_str(&fixtures.join("feed.rss")),
        path_str(&fixtures.join("feed.atom")),
        path_str(&repo().join("crates/cli/tests/fixtures/crawl.warc.gz")),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let docs = stdout_lines(&out);
    assert_eq!(
        docs.len(),
        5,
        "2 RSS items, 2 Atom entries, 1 HTML response"
    );
    assert_eq!(docs[0]["outlet"], "Caucasus Wire");
    assert_eq!(docs[2]["author"], "Jonas Berg");
    let warc = &docs[4];
    assert_eq!(
        warc["url"],
        "https://news.example.org/world/georgia-condemns-russian-drills"
    );
    assert!(warc["source"]
        .as_str()
        .unwrap()
        .contains("crawl.warc.gz#<urn:uuid:"));
    assert!(warc["text"].as_str().unwrap().starts_with("TBILISI"));
    assert!(stderr(&out).contains("5 documents from 3 inputs, 0 failed"));

    let mut child = common::dyad()
        .args(["annotate", "-", "--date", "2024-03-04"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"Russia condemned the sanctions on Monday.\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let doc = &stdout_lines(&out)[0];
    assert_eq!(doc["published"], "2024-03-04");
    assert_eq!(doc["source"], "<stdin>");
}

#[test]
fn conllu_in_and_out_keep_the_tokenization() {
    let dir = tempfile::tempdir().unwrap();
    let input = write_file(
        dir.path(),
        "in.conllu",
        "# newdoc id = d1\n# sent_id = 1\n# text = Kyiv rejected the offer.\n\
         1\tKyiv\tKyiv\tPROPN\tNNP\t_\t2\tnsubj\t_\t_\n\
         2\trejected\treject\tVERB\tVBD\t_\t0\troot\t_\t_\n\
         3\tthe\tthe\tDET\tDT\t_\t4\tdet\t_\t_\n\
         4\toffer\toffer\tNOUN\tNN\t_\t2\tobj\t_\tSpaceAfter=No\n\
         5\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n\n",
    );
    let out_file = dir.path().join("out.conllu");
    let out = dyad(&[
        path_str(&input),
        "--format",
        "conllu",
        "-o",
        path_str(&out_file),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(out.stdout.is_empty(), "-o writes the file, not stdout");
    let written = std::fs::read_to_string(&out_file).unwrap();
    assert!(
        written.contains("# text = Kyiv rejected the offer."),
        "{written}"
    );
    let words: Vec<&str> = written
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|l| l.split('\t').nth(1).unwrap())
        .collect();
    assert_eq!(words, ["Kyiv", "rejected", "the", "offer", "."]);
}

#[test]
fn no_input_on_a_terminal_is_refused_and_bad_flags_are_explained() {
    let out = dyad(&["--date", "04/03/2024", "x.txt"]);
    assert_fails_saying(&out, &["YYYY-MM-DD"]);
    let out = dyad(&["--input", "pdf", "x.txt"]);
    assert_fails_saying(&out, &["unknown input kind"]);
}

/// Every bad input in one batch: each gets exactly one error line naming it, the good
/// documents are still written, the summary counts them, the exit status is non-zero.
#[test]
fn bad_inputs_are_reported_one_line_each_and_the_batch_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let good = write_file(
        d,
        "good.txt",
        "Armenia and Azerbaijan signed a border deal on Friday.\n",
    );
    let missing = d.join("missing.txt");
    let empty_dir = d.join("nothing-here");
    std::fs::create_dir(&empty_dir).unwrap();
    std::fs::write(empty_dir.join(".hidden"), "x").unwrap();
    let empty = write_file(d, "empty.txt", "");
    let junk = d.join("junk.bin");
    let bytes: Vec<u8> = (0..20_000u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 11) as u8)
        .collect();
    std::fs::write(&junk, bytes).unwrap();
    let warc = std::fs::read(repo().join("crates/cli/tests/fixtures/crawl.warc.gz")).unwrap();
    let truncated = write_file(d, "truncated.warc.gz", &warc[..warc.len() / 2]);
    let bad_utf8 = write_file(d, "bad-utf8.jsonl", b"{\"text\": \"Caf\xe9 talks\"}\n");
    let malformed = write_file(
        d,
        "malformed.jsonl",
        "{\"text\": \"Kenya sent police to Haiti.\"}\n{oops\n{\"title\": \"no text\"}\n",
    );
    let no_body = write_file(
        d,
        "no-body.html",
        "<html><head><title>Empty</title></head><body></body></html>",
    );
    // A 200 MB single line: refused by size without exhausting memory; the line after it
    // is still read.
    let huge = d.join("huge.jsonl");
    {
        let mut f = std::io::BufWriter::new(std::fs::File::create(&huge).unwrap());
        f.write_all(b"{\"text\": \"").unwrap();
        let block = vec![b'a'; 1 << 20];
        for _ in 0..200 {
            f.write_all(&block).unwrap();
        }
        f.write_all(b"\"}\n{\"text\": \"Chile recalled its ambassador.\"}\n")
            .unwrap();
    }

    let inputs = [
        &good, &missing, &empty_dir, &empty, &junk, &truncated, &bad_utf8, &malformed, &no_body,
        &huge,
    ];
    let args: Vec<&str> = inputs.iter().map(|p| path_str(p)).collect();
    let out = dyad(&args);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(!err.contains("panicked"), "{err}");

    let docs = stdout_lines(&out);
    let texts: Vec<&str> = docs.iter().map(|d| d["text"].as_str().unwrap()).collect();
    assert_eq!(
        texts,
        [
            "Armenia and Azerbaijan signed a border deal on Friday.",
            "Kenya sent police to Haiti.",
            "Chile recalled its ambassador.",
        ]
    );

    let errors: Vec<&str> = err
        .lines()
        .filter(|l| l.starts_with("dyad: error: "))
        .collect();
    let expect = [
        (
            format!("{}: cannot open", missing.display()),
            "No such file",
        ),
        (
            format!("{}: no articles found", empty_dir.display()),
            "no article files",
        ),
        (format!("{}: empty input", empty.display()), ""),
        (format!("{}: binary data", junk.display()), ""),
        (format!("{}#", truncated.display()), "truncated gzip"),
        (format!("{}:1: invalid UTF-8", bad_utf8.display()), ""),
        (format!("{}:2: invalid JSON", malformed.display()), ""),
        (
            format!("{}:3: no `text` or `html`", malformed.display()),
            "",
        ),
        (
            format!("{}: no article text found in the HTML", no_body.display()),
            "",
        ),
        (
            format!("{}:1: line is longer than the 20 MB limit", huge.display()),
            "",
        ),
    ];
    assert_eq!(errors.len(), expect.len(), "{err}");
    for (line, (prefix, detail)) in errors.iter().zip(&expect) {
        let line = line.trim_start_matches("dyad: error: ");
        assert!(
            line.starts_with(prefix.as_str()),
            "{line:?} should start with {prefix:?}"
        );
        assert!(line.contains(detail), "{line:?} should mention {detail:?}");
    }
    assert!(
        err.contains("dyad: 3 documents from 10 inputs, 10 failed"),
        "{err}"
    );
}

#[test]
fn invalid_utf8_text_is_decoded_with_a_warning_and_oversized_files_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let cp1252 = write_file(
        dir.path(),
        "legacy.txt",
        b"The minister said \x93no\x94 to the plan in Z\xfcrich.\n",
    );
    let big = write_file(dir.path(), "big.txt", vec![b'a'; 3 << 20]);
    let out = dyad(&[path_str(&cp1252), path_str(&big), "--max-document-mb", "2"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let docs = stdout_lines(&out);
    assert_eq!(docs.len(), 1);
    assert_eq!(
        docs[0]["text"],
        "The minister said “no” to the plan in Zürich."
    );
    assert!(
        err.contains(&format!(
            "dyad: warning: {}: not UTF-8; decoded as windows-1252",
            cp1252.display()
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "dyad: error: {}: document is larger than the 2 MB limit",
            big.display()
        )),
        "{err}"
    );
    assert!(err.contains("1 document from 2 inputs, 1 failed"), "{err}");
}

#[test]
fn only_the_possessive_marker_is_tagged_possessive() {
    // The tagger's weights once made "reject" after a plural name a possessive "'s".
    let dir = tempfile::tempdir().unwrap();
    let input = write_file(
        dir.path(),
        "story.txt",
        "The Palestinians reject proposed Israeli changes to the deal. Russia's envoy left.",
    );
    let doc = common::annotate(&input, None);
    let tagged: Vec<(String, String)> = doc["sentences"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["tokens"].as_array().unwrap().clone())
        .map(|t| {
            (
                t["form"].as_str().unwrap().to_string(),
                t["xpos"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    for (form, xpos) in &tagged {
        if xpos == "POS" {
            assert!(form == "'s" || form == "'", "{form} tagged POS: {tagged:?}");
        }
    }
    assert!(
        tagged.iter().any(|(f, x)| f == "'s" && x == "POS"),
        "{tagged:?}"
    );
}
