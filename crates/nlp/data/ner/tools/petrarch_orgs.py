# Phoenix/PETRARCH international actor dictionary (Open Event Data, MIT) → company names
# (MNC codes) for companies_petrarch.derived.txt and NGO/IGO names for
# organisations_petrarch.derived.txt. Entries are upper case: words are title-cased, short
# acronyms kept, legal suffixes dropped as in companies.py; entries that look like persons
# (a listed given name first, or a comment naming a role) are left out.
import gzip, re, sys
D = sys.argv[1] if len(sys.argv) > 1 else 'crates/nlp/data/ner/'
P = (sys.argv[2] if len(sys.argv) > 2 else '../shared/data/petrarch-dictionaries') + '/Phoenix.International.actors.txt'
common = set(gzip.open(D + 'common_words.derived.txt.gz', 'rt').read().split())
def names_of(f):
    return {l.strip() for l in open(D + f, encoding='utf-8') if l.strip() and not l.startswith('#')}
first = {x.lower() for x in names_of('first_names.txt') | names_of('first_names.derived.txt')}
last = {x.lower() for x in names_of('surnames.txt') | names_of('surnames.derived.txt')}
orgword = {x.lower() for x in names_of('org_words.txt')} | {
    'inc', 'incorporated', 'corporation', 'company', 'co', 'plc', 'ltd', 'limited', 'group', 'holdings',
    'holding', 'international', 'foundation', 'association', 'network', 'energy', 'bank', 'bancorp',
    'partners', 'industries', 'systems', 'technologies', 'pharmaceuticals', 'communications', 'trust',
    'fund', 'society', 'federation', 'council', 'institute', 'center', 'centre', 'organization',
    'organisation', 'agency', 'commission', 'committee', 'program', 'programme', 'alliance'}
# English words (SCOWL, as for common_words): a short upper-case word that is one ("THE", "NEW",
# "OIL") is title-cased, others stay acronyms ("ITT", "USG")
english = set(gzip.open(D + 'common_words.derived.txt.gz', 'rt').read().split()) | {
    'the', 'new', 'one', 'two', 'and', 'for', 'non', 'all', 'our', 'net', 'oil', 'gas', 'art', 'aid',
    'air', 'sun', 'red', 'big', 'old', 'top', 'web', 'car', 'pay', 'key', 'box', 'sky', 'hub', 'inc',
    'dex', 'bio', 'tea', 'way', 'war', 'fox', 'ice', 'sea', 'low', 'far', 'day', 'arc', 'ark', 'pan'}
LOWER = {'of', 'the', 'and', 'for', 'in', 'on', 'to', 'de', 'du', 'des', 'la', 'le', 'et', 'y', 'del', 'a', 'an', 'at', 'by'}
ROLE = re.compile(r'spokes|president|secretary|director|chair|minister|ambassador|rulers|envoy|head of|chief|'
                  r'commissioner|official|founder|ceo|manager|leader|coordinator|representative', re.I)
SUFFIX = re.compile(r'(,?\s+(Inc\.?|Incorporated|Corporation|Corp\.?|Company|Co\.?|Plc|PLC|AG|SE|NV|SA|Ltd\.?|'
                    r'Limited|Group|Holdings?|LLC|LP|Bancorp|Bancshares|International))+$')
def case(word, i):
    if word.lower() in LOWER and i > 0:
        return word.lower()
    letters = re.sub(r'[^A-Za-z]', '', word)
    if word.lower() not in english and (len(letters) <= 4 or not re.search(r'[AEIOU]', letters)):
        return word  # acronyms: IBM, UN, ICRC
    return '-'.join(p[:1].upper() + p[1:].lower() for p in word.split('-'))
companies, orgs = set(), set()
kind = None
for line in open(P, encoding='utf-8', errors='ignore'):
    if line.startswith('#') or not line.strip():
        continue
    synonym = line.startswith('+')
    raw, _, rest = line.lstrip('+').partition('[')
    codes = re.findall(r'\[([A-Z]{3})', '[' + rest) if rest else []
    comment = line.split('#', 1)[1] if '#' in line else ''
    if not synonym:
        kind = codes[0] if codes else None
        if ROLE.search(comment):
            kind = None
    if kind not in ('MNC', 'NGO', 'IGO'):
        continue
    words = [w for w in raw.strip().strip('_').replace('_', ' ').split() if w]
    if not words or len(words) > 8 or any(c.isdigit() for c in raw) or ',' in raw and 'INC' not in raw:
        continue
    if (words[0].lower() in first or words[-1].lower() in last) and 2 <= len(words) <= 5 and \
            not any(w.lower().strip('.,') in orgword for w in words):
        continue  # a person: "Robert Berzok", "Kjartan Johannsson"
    name = ' '.join(case(w, i) for i, w in enumerate(words))
    forms = {name, SUFFIX.sub('', name).strip(' ,')}
    for f in forms:
        if len(f) < 2 or (' ' not in f and f.lower() in common):
            continue
        (companies if kind == 'MNC' else orgs).add(f)
orgs -= companies
for fname, names, what in [('companies_petrarch.derived.txt.gz', companies, 'companies (MNC codes)'),
                          ('organisations_petrarch.derived.txt.gz', orgs, 'NGOs and IGOs')]:
    hdr = (f'# Derived: {what} of the Phoenix/PETRARCH international actor dictionary\n'
           '# (Open Event Data, MIT), case restored; see README.md. One name per line.\n')
    with gzip.GzipFile(D + fname, 'wb', mtime=0) as f:
        f.write((hdr + '\n'.join(sorted(names)) + '\n').encode())
    print(fname, len(names))
