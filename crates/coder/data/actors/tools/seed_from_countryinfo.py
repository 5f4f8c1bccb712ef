#!/usr/bin/env python3
"""Seeds countries.tsv and persons_countryinfo.tsv from the facts in CountryInfo.txt.

Usage: seed_from_countryinfo.py ../shared/data/countries/CountryInfo.120116.txt \
       ../shared/data/countries/countries_iso2_iso3_nationality.NGEC.csv OUTDIR

Only facts are taken (codes, names, adjectives, capitals, office holders with dates); they are
rewritten in dyad's own TSV formats (see ../README.md). The output was then curated by hand
(countries.tsv) — rerunning overwrites those edits, so diff before committing.
"""
import re
import sys

STOP_FORMS = {"CHAD", "GUINEA", "JORDAN", "GEORGIA", "TURKEY", "CHINA", "NIGER"}  # kept, but noted
PARTICLES = {"al", "bin", "ibn", "de", "da", "del", "van", "von", "der", "la", "le", "du", "di", "dos", "das", "y", "el", "ben", "bou"}


def pretty(form):
    form = form.strip().strip("_").replace("_", " ")
    words = []
    for i, w in enumerate(form.split()):
        parts = []
        for p in w.split("-"):
            lp = p.lower()
            if i > 0 and (lp in PARTICLES or lp in ("of", "and", "the")):
                parts.append(lp)
            elif lp.startswith("mc") and len(lp) > 2:
                parts.append("Mc" + lp[2:].capitalize())
            elif "'" in lp:
                parts.append("'".join(x.capitalize() for x in lp.split("'")))
            else:
                parts.append(lp.capitalize())
        words.append("-".join(parts))
    return " ".join(words)


def date(d):
    d = d.strip()
    if not re.fullmatch(r"\d{8}", d):
        return ""
    y, m, dd = d[:4], d[4:6], d[6:]
    if m == "00":
        m = "01"
    if dd == "00":
        dd = "01"
    # CountryInfo has a few impossible days (20060431): clamp to 28 rather than invent.
    if int(dd) > 28:
        dd = "28"
    return f"{y}-{m}-{dd}"


def office_from_title(title):
    t = title.lower()
    if "vice" in t or "deputy" in t:
        return "official"
    if "prime minister" in t or "premier" in t or "chancellor" in t or "head of government" in t or "chief minister" in t or "council of ministers" in t:
        return "head_of_government"
    if "foreign" in t:
        return "foreign_minister"
    if "defen" in t:
        return "defence_minister"
    if "president" in t or "king" in t or "queen" in t or "emir" in t or "sultan" in t or "head of state" in t or "shah" in t or "prince" in t or "presidency" in t or "state council" in t:
        return "head_of_state"
    if "governor" in t or "commissioner" in t or "administrator" in t:
        return "governor"
    if "secretar" in t and "party" in t:
        return "party_leader"
    return "official"


def names_of(raw):
    names = re.findall(r"\{([^}]*)\}", raw)
    if not names:
        names = [raw.split("[")[0].split("#")[0].strip()]
    return [pretty(n) for n in names if n.strip().strip("_")]


ADJ = re.compile(r"(an|ans|ese|ish|i|is|ic|ch|ss|er|ers|ot|ots|ois|ais|ien|iens|ite|ites|eno|enos|ino|inos|ean|eans)$")


def read_ngec(path):
    """ISO3 -> country name and nationality forms from the NGEC table."""
    import csv
    out = {}
    for row in csv.DictReader(open(path, encoding="utf-8")):
        forms = [row["Name"]] + [f.strip() for f in row["Nationality"].split(",")]
        out.setdefault(row["CCA3"], []).extend(f for f in forms if len(f) >= 2)
    return out


def ambiguous_mononym(names, persons):
    """A one-word name that is also a word of another person's name — ours (persons.tsv, next
    to this tool's directory) or CountryInfo's — names no one in particular: "Hassan" (Jordan's
    regent in 1998) is as much Hassan II of Morocco or Samia Suluhu Hassan, "Abdullah" the king
    of Jordan as the king of Saudi Arabia. Mononyms of their own ("Suharto", "Akihito") stay."""
    if not names or " " in names[0]:
        return False
    global _NAME_WORDS
    if _NAME_WORDS is None:
        _NAME_WORDS = set()
        here = __file__.rsplit("/", 2)[0] if "/" in __file__ else "."
        with open(f"{here}/persons.tsv", encoding="utf-8") as f:
            ours = [l.split("\t")[0] for l in f if not l.startswith("#")]
        theirs = [n for ns, *_ in persons for n in ns]
        for n in ours + theirs:
            if " " in n:
                _NAME_WORDS.update(n.split())
    return names[0] in _NAME_WORDS


_NAME_WORDS = None


def main():
    src, ngec_path, outdir = sys.argv[1], sys.argv[2], sys.argv[3]
    ngec = read_ngec(ngec_path)
    text = open(src, encoding="utf-8", errors="replace").read()
    # Skip the documentation block, which mentions the tags itself.
    text = text[text.find("-->") + 3:]
    # Drop commented-out lines ("#<CountryCode>…"), which would confuse the tag matching.
    text = "\n".join(l for l in text.splitlines() if not l.lstrip().startswith("#"))
    countries = []
    persons = []
    for block in re.findall(r"<Country>(.*?)</Country>", text, re.S):
        def field(tag):
            m = re.search(rf"<{tag}>(.*?)</{tag}>", block, re.S)
            return m.group(1) if m else ""
        code = re.sub(r"#\[[^\]]*\]", "", field("CountryCode")).split("#")[0].strip()
        iso3 = field("ISO3166-alpha3").strip()
        if re.fullmatch(r"[A-Z]{3}", iso3) and len(code) != 3:
            code = iso3
        if not re.fullmatch(r"[A-Z]{3}", code):
            continue
        # The NGEC short name ("Russia") comes first: the first name row is the canonical name.
        name = pretty(field("CountryName"))
        rows = []
        forms = ngec.get(code, [])
        for form in forms:
            first_words = {f.split()[0].lower() for f in forms[:1]}
            kind = "name" if form == forms[0] or form.lower() in first_words else "adj" if ADJ.search(form.lower().split()[-1]) and " of " not in form else "name"
            rows.append((code, kind, form))
        rows.append((code, "name", name))
        for line in field("Capital").splitlines():
            f = line.split("#")[0].strip()
            if len(f.strip("_")) >= 3 and re.fullmatch(r"[A-Z][A-Z_.'-]*", f):
                rows.append((code, "capital", pretty(f)))
        seen = set()
        for r in rows:
            if r[2].lower() not in seen:
                seen.add(r[2].lower())
                countries.append(r)
        # Leaders: position sub-tags with dated terms.
        leaders = field("Leaders")
        for pos, body in re.findall(r"<([^/>][^>]*)>(.*?)</\1>", leaders, re.S):
            office = office_from_title(pos)
            for line in body.splitlines():
                line = line.split("#")[0]
                if not line.strip():
                    continue
                ns = names_of(line)
                for a, b in re.findall(r"\[(\d{8})\s*-\s*(\d{8})\]", line):
                    if int(b[:4]) >= 1990:
                        persons.append((ns, code + "GOV", date(a), date(b), office))
                for a in re.findall(r"\[>(\d{8})\]", line):
                    persons.append((ns, code + "GOV", date(a), "", office))
        for line in field("Government").splitlines():
            body, _, title = line.partition("#")
            if "[" not in body:
                continue
            ns = names_of(body)
            office = office_from_title(title)
            for c, rng in re.findall(r"\[([A-Z]{3,12})\s*([^\]]*)\]", body):
                rng = rng.strip()
                a = b = ""
                m = re.fullmatch(r"(\d{8})\s*-\s*(\d{8})", rng)
                if m:
                    a, b = date(m.group(1)), date(m.group(2))
                elif rng.startswith(">"):
                    a = date(rng[1:])
                elif rng.startswith("<"):
                    a, b = "2003-01-01", date(rng[1:])
                if len(c) >= 3 and c[:3] != code and c[:3] in ("IGO",):
                    pass
                persons.append((ns, c, a, b, office))
    with open(f"{outdir}/countries.tsv", "w") as out:
        out.write("# code\tkind\tphrase — seeded from CountryInfo.txt facts, curated by hand (see README.md)\n")
        for r in countries:
            out.write("\t".join(r) + "\n")
    persons = [p for p in persons if not ambiguous_mononym(p[0], persons)]
    with open(f"{outdir}/persons_countryinfo.tsv", "w") as out:
        out.write("# name\taliases\tcode\tfrom\tto\toffice\tgender — derived from CountryInfo.txt office-holder facts (1990-2012); see README.md\n")
        seen = set()
        for ns, c, a, b, office in persons:
            key = (ns[0] if ns else "", c, a, b)
            if not ns or not ns[0] or key in seen:
                continue
            seen.add(key)
            out.write("\t".join([ns[0], "|".join(dict.fromkeys(ns[1:])), c, a, b, office, ""]) + "\n")


main()
