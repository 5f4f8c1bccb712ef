# WordNet 3.0 (Debian wordnet-base) → geo.derived.txt (named places and geographic features)
# and organisations_wordnet.derived.txt (named organisations).
import gzip, sys
D = sys.argv[1] if len(sys.argv) > 1 else 'crates/nlp/data/ner/'
syn = {}
for line in open('/usr/share/wordnet/data.noun', encoding='latin-1'):
    if line.startswith(' '):
        continue
    p = line.partition(' | ')[0].split()
    n = int(p[3], 16)
    words = [p[4 + 2 * i] for i in range(n)]
    k = 4 + 2 * n
    ptrs = [(p[k + 1 + 4 * i], p[k + 2 + 4 * i]) for i in range(int(p[k])) if p[k + 3 + 4 * i] == 'n']
    syn[p[0]] = (int(p[1]), words, [o for s, o in ptrs if s in ('@', '@i')], any(s == '@i' for s, _ in ptrs))
def ancestors(o):
    seen, st = set(), [o]
    while st:
        for h in syn[st.pop()][2]:
            if h not in seen:
                seen.add(h); st.append(h)
    return seen
CELESTIAL = {'09239740', '09252970', '08685677'}  # celestial body, constellation, zodiac sign
ORGANIZATION, STRUCTURE = '08008335', '04341686'
common = set(gzip.open(D + 'common_words.derived.txt.gz', 'rt').read().split())
def names(words):
    out = []
    for w in words:
        w = w.replace('_', ' ')
        if w.startswith('the '):
            w = w[4:]
        # named: every word capitalised except connectors; one-word names that are common
        # lower-case English words ("Bend", "Reading"-like) are left out
        if not w[:1].isupper() or any(c.isdigit() for c in w):
            continue
        if ' ' not in w and w.lower() in common:
            continue
        if len(w) < 3:
            continue
        out.append(w)
    return out
geo, org = set(), set()
for o, (lex, words, hyp, inst) in syn.items():
    anc = ancestors(o)
    if lex == 15 and not anc & CELESTIAL:             # noun.location
        geo.update(names(words))
    elif lex == 17 and inst and not anc & CELESTIAL:  # noun.object instances: seas, rivers, mountains, islands
        geo.update(names(words))
    elif lex == 6 and inst and STRUCTURE in anc:      # named buildings, bridges, canals
        geo.update(names(words))
    elif lex == 14 and ORGANIZATION in anc:           # noun.group organisations
        org.update(names(words))
CONNECT = {'of', 'the', 'and', 'for', 'in', 'on', 'to', 'de', 'la', 'al', 'an'}
def all_caps(w):
    return all(x[:1].isupper() or x in CONNECT for x in w.split())
dem = set()
for f in ('demonyms.txt', 'demonyms.derived.txt'):
    dem |= {l.strip() for l in open(D + f, encoding='utf-8') if l.strip() and not l.startswith('#')}
ORGWORD = ('University', 'College', 'School', 'Institute', 'Academy')
moved = {g for g in geo if any(x in ORGWORD for x in g.split())}
geo -= moved
org |= moved
org = {w for w in org if all_caps(w) and w not in dem and not w.endswith('.') and 'religion' not in w}
org -= geo
hdr = '# Derived from WordNet 3.0 (Princeton, WordNet 3.0 licence), see README.md. One name per line.\n'
open(D + 'geo.derived.txt', 'w').write(hdr + '\n'.join(sorted(geo)) + '\n')
open(D + 'organisations_wordnet.derived.txt', 'w').write(hdr + '\n'.join(sorted(org)) + '\n')
print(len(geo), len(org))
