#!/usr/bin/env python3
"""Writes subdivisions.derived.tsv: provinces, states and major cities coded as their state.

Usage: seed_subdivisions.py ../shared/data/ud > crates/coder/data/actors/subdivisions.derived.tsv
(run from the repository root; the argument is the UD treebank directory, read for the English
words test below).

News names a state's provinces and big cities as actors' homes and as targets: "Ontario Premier
Doug Ford" (CANGOV), "Texas sued the administration" (USA), "Russian missiles hit Kharkiv"
(UKR). PETRARCH's Phoenix country dictionaries list such names under their state too. The names
come from our own place tables (crates/coder/data/places: ISO 3166-2 subdivisions from keshvar,
GeoNames major cities); a name is left out when it could mean something else:
- it is already an actor dictionary phrase (a country, capital, seat, region, organisation);
- another state has a subdivision, capital or major city of that name ("Punjab", "Valencia");
- it is a country name or a capital anywhere;
- it names a people's homeland across several states ("Kurdistan" is also Iran's province);
- one word that is an English word (seen in lower case in the UD English treebanks: "Delta",
  "Orange", "Central", "Rivers"), a given name or surname on our name lists ("Victoria",
  "Virginia", "Kent"), or shorter than four letters.
"""
import glob
import gzip
import os
import sys
import unicodedata

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "..", "..")
ACTORS = os.path.join(ROOT, "crates/coder/data/actors")
PLACES = os.path.join(ROOT, "crates/coder/data/places")
NER = os.path.join(ROOT, "crates/nlp/data/ner")


def norm(s):
    s = unicodedata.normalize("NFKD", s.strip().replace("’", "'").replace("-", " "))
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = " ".join(s.split())
    return s[4:] if s.startswith("the ") else s


def rows(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line and not line.startswith("#"):
                yield line.split("\t")


def name_list(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        return {norm(l.split("\t")[0]) for l in f if l.strip() and not l.startswith("#")}


def english_words(ud_dir):
    """Words written in lower case at least half as often as capitalised inside a sentence in
    the UD English treebanks ("delta", "orange"; not "texas", which web text writes in lower
    case now and then), and the NER's list of common words."""
    lower, upper = {}, {}
    for path in glob.glob(os.path.join(ud_dir, "UD_English-*", "*.conllu")):
        with open(path, encoding="utf-8") as f:
            for line in f:
                cols = line.split("\t")
                if len(cols) < 3 or not cols[0].isdigit():
                    continue
                w = cols[1]
                if w.islower():
                    lower[w] = lower.get(w, 0) + 1
                elif cols[0] != "1" and w[:1].isupper():
                    upper[w.lower()] = upper.get(w.lower(), 0) + 1
    words = {w for w, n in lower.items() if 2 * n >= upper.get(w, 0)}
    return words | name_list(os.path.join(NER, "common_words.derived.txt.gz"))


def main():
    ud_dir = sys.argv[1] if len(sys.argv) > 1 else "../shared/data/ud"
    english = english_words(ud_dir)
    if not english:
        sys.exit(f"{ud_dir}: no UD English treebanks found")
    taken = set()
    for table in ["countries.tsv", "seats.tsv", "regions.tsv", "organisations.tsv", "outlets.tsv"]:
        for r in rows(os.path.join(ACTORS, table)):
            if len(r) > 2:
                taken.add(norm(r[2]))
    people = name_list(os.path.join(ACTORS, "first_names.tsv"))
    for f in ["first_names.txt", "first_names.derived.txt", "surnames.txt", "surnames.derived.txt"]:
        people |= name_list(os.path.join(NER, f))
    iso2_to_iso3 = {}
    for r in rows(os.path.join(PLACES, "countries.tsv")):
        iso2_to_iso3[r[1]] = r[0]
        taken.add(norm(r[3]))
        for alias in (r[6].split("|") if len(r) > 6 and r[6] else []):
            taken.add(norm(alias))
    # (name as written, state) candidates, and every state each name may mean.
    candidates = []
    states_of = {}

    def note(name, state, keep):
        key = norm(name)
        if not key:
            return
        states_of.setdefault(key, set()).add(state)
        if keep:
            candidates.append((name.strip(), state))

    for r in rows(os.path.join(PLACES, "adm1.tsv")):
        state = r[0]
        names = [r[2]] + (r[6].split("|") if len(r) > 6 and r[6] else [])
        # A subdivision the dictionaries code already ("Donetsk", "Abkhazia", "Crimea")
        # keeps their code: none of its other names is added.
        known = any(norm(n) in taken for n in names)
        for n in names:
            note(n, state, not known and n.replace(" ", "").replace("-", "").isalpha())
    cities = set()
    capitals = set()
    for r in rows(os.path.join(PLACES, "cities.tsv.gz")):
        if len(r) > 5 and r[5] in ("1", "2"):
            state = iso2_to_iso3.get(r[1])
            if state:
                # Capitals are countries.tsv rows already (coded as governments).
                note(r[0], state, r[5] == "1")
                cities.add(norm(r[0]))
                if r[5] == "2":
                    capitals.add(norm(r[0]))
    homelands = {"kurdistan", "kurdestan"}
    out = {}
    for name, state in candidates:
        key = norm(name)
        words = key.split()
        if key in homelands or key in taken or key in capitals or len(states_of[key]) > 1 or len(key) < 4:
            continue
        if len(words) == 1 and (key in english or key in people):
            continue
        # "State College", "University Park": a city named in English words.
        if key in cities and all(w in english for w in words):
            continue
        # "Washington DC": a capital's name with more, which is the capital.
        if any(" ".join(words[:k]) in capitals for k in range(1, len(words))):
            continue
        if "\\u" in name or not name[0].isupper():
            continue
        out.setdefault((state, key), name)
    print("# Derived by tools/seed_subdivisions.py (do not edit; rerun it): provinces, states and")
    print("# major cities from crates/coder/data/places (keshvar ISO 3166-2, GeoNames), coded as")
    print("# their state; names that could mean something else are left out (see the script).")
    print("# code\tkind\tphrase\tfrom\tto\tparent (the state itself: each row names itself)")
    for (state, _), name in sorted(out.items()):
        print(f"{state}\tregion\t{name}\t\t\t{state}")


if __name__ == "__main__":
    main()
