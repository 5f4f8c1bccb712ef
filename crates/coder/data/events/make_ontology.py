#!/usr/bin/env python3
"""Builds cameo.tsv, the event ontology the coder embeds: one line per CAMEO code with its name,
Goldstein value, root, QuadClass and PLOVER type/mode. Only these facts are kept (no
descriptions, usage notes or examples).

Usage: python3 make_ontology.py ../../../../../shared/data > cameo.tsv
"""
import csv
import re
import sys

shared = sys.argv[1] if len(sys.argv) > 1 else "../../../../../shared/data"

plover = {}
for line in open(f"{shared}/plover/CAMEO2PLOVER-2021.txt", encoding="utf-8"):
    m = re.match(r"^(\d{3,4}):\s*([^,#]+),([^,#]*),?([^#]*)", line)
    if not m:
        continue
    code, typ, mode = m.group(1), m.group(2).strip(), m.group(3).strip()
    plover.setdefault(code, (typ, mode))


def quad(root):
    r = int(root)
    return 1 if r <= 5 else 2 if r <= 9 else 3 if r <= 14 else 4


print("# code\tname\tgoldstein\troot\tquad_class\tplover_type\tplover_mode")
rows = csv.DictReader(open(f"{shared}/cameo/cameo-codes.csv", encoding="utf-8", errors="replace"))
for row in rows:
    code = row["code"].strip()
    if len(code) < 3:
        continue
    typ, mode = plover.get(code, ("", ""))
    gold = float(row["goldstein"])
    name = " ".join(row["name"].split())
    print(f"{code}\t{name}\t{gold:g}\t{code[:2]}\t{quad(code[:2])}\t{typ}\t{mode}")
