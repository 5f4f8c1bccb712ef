#!/usr/bin/env python3
"""Silver parser-training data: raw news and Wikipedia text parsed by dyad's voting ensemble.

`dyad train ud --silver FILE` trains the single fast parser on these trees besides the gold
treebanks ("uptraining"): it learns what seven voting parsers decide on the kind of text dyad
reads (news, politics, defence), which the treebanks have little of. Nothing here is committed:
the output is regenerated from `../shared`.

usage: make_silver.py DYAD_BINARY SHARED_DIR OUT_DIR
writes OUT_DIR/voa_silver.conllu (VOA stories from raw text) and OUT_DIR/ner_silver.conllu
(the sentences of the open NER corpora — wikigold, CrossNER politics, re3d — in their own
tokenization: `dyad annotate --input conllu` keeps the tokens and predicts the rest).
"""
import glob
import os
import subprocess
import sys


def token_sentences(path):
    """Sentences of a token-per-line NER file (first column; blank lines end sentences)."""
    sentence = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip():
                if sentence:
                    yield sentence
                sentence = []
                continue
            token = line.replace("\t", " ").split(" ")[0]
            if token:
                sentence.append(token)
    if sentence:
        yield sentence


def write_forms_conllu(paths, out):
    """CoNLL-U with forms only; document markers and sentences over 150 tokens are left out."""
    n = 0
    with open(out, "w", encoding="utf-8") as f:
        for path in paths:
            for sentence in token_sentences(path):
                if sentence[0].startswith("-DOCSTART-") or len(sentence) > 150:
                    continue
                n += 1
                f.write(f"# sent_id = silver-{n}\n# text = {' '.join(sentence)}\n")
                for i, token in enumerate(sentence, 1):
                    f.write(f"{i}\t{token}" + "\t_" * 8 + "\n")
                f.write("\n")
    return n


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    dyad, shared, out = sys.argv[1:]
    os.makedirs(out, exist_ok=True)
    ner = os.path.join(shared, "data", "ner")
    sources = [os.path.join(ner, "wikigold", "wikigold.conll.txt")]
    sources += sorted(glob.glob(os.path.join(ner, "CrossNER-politics", "*.txt")))
    sources += sorted(glob.glob(os.path.join(ner, "re3d-open", "**", "*.conll"), recursive=True))
    forms = os.path.join(out, "ner_tokens.conllu")
    n = write_forms_conllu(sources, forms)
    print(f"{n} sentences from {len(sources)} NER files", file=sys.stderr)
    annotate = [dyad, "annotate", "--accurate", "--format", "conllu"]
    subprocess.run(
        annotate + ["--input", "conllu", forms, "-o", os.path.join(out, "ner_silver.conllu")],
        check=True,
    )
    voa = os.path.join(shared, "data", "voa", "voa_stories.jsonl")
    subprocess.run(annotate + [voa, "-o", os.path.join(out, "voa_silver.conllu")], check=True)


if __name__ == "__main__":
    main()
