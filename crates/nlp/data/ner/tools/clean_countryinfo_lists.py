# Clean the CountryInfo-derived NER lists: drop the file-header prose the first extraction
# swept in, organisations and demonyms filed as countries, places filed as demonyms, persons
# filed as regions, and common words / titles filed as given or family names.
import gzip, re, sys
D = sys.argv[1] if len(sys.argv) > 1 else 'crates/nlp/data/ner/'
CI = (sys.argv[2] if len(sys.argv) > 2 else '../shared/data/countries') + '/CountryInfo.120116.txt'
lines = open(CI, encoding='utf-8', errors='ignore').read().split('\n')
start = next(i for i, l in enumerate(lines) if l.strip() == '<Country>' and i > 100)
header = '\n'.join(lines[:start]).lower()
body = '\n'.join(lines[start:])
body_l = body.lower().replace('_', ' ')
# persons: every name in <Leaders> and <Government> blocks
persons = set()
sect = None
for l in lines[start:]:
    s = l.strip()
    m = re.match(r'^<(/?)([A-Za-z]+)>$', s)
    if m and m.group(2) in ('Leaders', 'Government'):
        sect = None if m.group(1) else m.group(2)
        continue
    if sect and s and not s.startswith('<'):
        name = s.split()[0].strip('_').replace('_', ' ')
        if name:
            persons.add(name.lower())
common = set(gzip.open(D + 'common_words.derived.txt.gz', 'rt').read().split())
CONNECT = {'of', 'the', 'and', 'de', 'du', 'des', 'del', 'della', 'la', 'le', 'les', 'al', 'el',
           'da', 'do', 'dos', 'das', 'y', 'e', 'van', 'von', 'der', 'den', 'di', 'upon', 'on',
           'au', 'aux', 'sur', 'en', 'ad', 'bin', 'ibn', 'bint', 'ben', 'i', 'na', 'an'}
def junk(x):
    if re.search(r'[<>\[\]()#:@/%;"?!*=&,0-9]', x) or x.endswith('.') and len(x) > 4:
        return True
    words = x.split()
    if len(words) > 5:
        return True
    for w in words:
        if not (w[:1].isupper() or w.lower() in CONNECT or re.match(r"^(d'|d’|al-|el-|l')", w)):
            return True
    # prose from the file header that no country entry contains
    if x.lower() in header and x.lower() not in body_l:
        return True
    return False
def read(f):
    head, names = [], []
    for l in open(D + f, encoding='utf-8', errors='replace'):
        l = l.rstrip('\n')
        if l.startswith('#') and not names:
            head.append(l)
        elif l.strip() and not l.startswith('#'):
            names.append(l.strip())
    return head, names
def write(f, head, names):
    out = []
    seen = set()
    for n in names:
        if n not in seen:
            seen.add(n); out.append(n)
    open(D + f, 'w').write('\n'.join(head + sorted(out)) + '\n')
    return len(out)
def hand(f):
    return [l.strip() for l in open(D + f, encoding='utf-8') if l.strip() and not l.startswith('#')]
ORGS = {'eu', 'european union', 'un', 'u.n.', 'united nations', 'nato', 'european community',
        'commonwealth', 'african union', 'asean', 'opec', 'arab league', 'bosniak/croat federation'}
ORGS |= {x.lower() for x in hand('organisations.txt') + hand('organisations.derived.txt')}
report = {}
# countries
h, c = read('countries.derived.txt')
hd, dem = read('demonyms.derived.txt')
dem_all = {x.lower() for x in dem + hand('demonyms.txt')}
moved_dem = []
keep = []
for x in c:
    if junk(x) or x.lower() in ORGS:
        report.setdefault('country dropped', []).append(x); continue
    if re.search(r'(Islanders?|ers|Cypriot|Konger)$', x) or x in (
            'Abkhaz', 'Croat', 'Filipino', 'Finn', 'Kirghiz', 'Kosovar', 'Kyrgyz', 'Montenegrin',
            'Mosotho', 'Ni-Vanuatu', 'Serb', 'Turkmen', 'New Zealander'):
        moved_dem.append(x); continue
    keep.append(x)
for x in ['Federation of Saint Kitts and Nevis', 'Fiji', 'Republika Srpska']:
    keep.append(x)
report['country kept'] = write('countries.derived.txt', h, keep)
report['country->demonym'] = moved_dem
countries = {x.lower() for x in keep + hand('countries.txt')}
# cities, regions
places = {x.lower() for x in gzip.open(D + 'places.derived.txt.gz', 'rt').read().split('\n') if x}
for f in ['cities.derived.txt', 'regions.derived.txt']:
    h, c = read(f)
    keep = [x for x in c if not junk(x) and x.lower() not in persons and x.lower() not in ORGS]
    report[f + ' dropped'] = [x for x in c if x not in keep]
    write(f, h, keep)
NOT_DEM = {'Bonaire', 'Donetsk', 'Guadeloupe', 'Guernsey', 'Luhansk', 'Mayotte', 'Palestine', 'Wales',
           'Zaire', 'Martinique', 'Niue', 'Isle of Man', 'Congo-Brazzaville', 'Islamic Republic of Afghanistan',
           'Islamic Republic of Iran'}
person_words = {w for p in persons for w in re.split(r'[ ]', p)}
# demonyms: drop places and country names filed as demonyms, add moved ones
keep = []
for x in dem:
    if junk(x) or x in NOT_DEM or (x.lower() in countries and not x.endswith(('an', 'ans', 'ine', 'ese', 'ish', 'i', 'is'))):
        report.setdefault('demonym dropped', []).append(x); continue
    keep.append(x)
write('demonyms.derived.txt', hd, keep + moved_dem)
# given and family names
TITLES = {x.lower() for x in hand('titles.txt')} | {'acting', 'foreign', 'minister', 'sir', 'prince',
          'princess', 'sheikh', 'shaikh', 'king', 'queen', 'emir', 'sultan', 'general', 'president',
          'lord', 'lady', 'dr', 'mr', 'mrs', 'ms', 'deputy', 'vice', 'chief', 'colonel', 'major',
          'lieutenant', 'captain', 'admiral', 'marshal', 'bishop', 'archbishop', 'cardinal', 'pope',
          'father', 'imam', 'mullah', 'ayatollah', 'rabbi', 'governor', 'mayor', 'chairman',
          'secretary', 'ambassador', 'senator', 'judge', 'justice', 'saint', 'st', 'st.', 'the', 'of',
          'and', 'ii', 'iii', 'iv', 'jr', 'jr.', 'sr'}
regions_all = {x.lower() for x in read('regions.derived.txt')[1] + hand('regions.txt')}
for f in ['first_names.derived.txt', 'surnames.derived.txt']:
    h, c = read(f)
    keep = [x for x in c if not junk(x) and x.lower() not in common and x.lower() not in TITLES
            and x.lower() in person_words]
    report[f + ' dropped'] = [x for x in c if x not in keep]
    write(f, h, keep)
for k, v in report.items():
    if isinstance(v, list):
        print(k, len(v), v[:60])
    else:
        print(k, v)
