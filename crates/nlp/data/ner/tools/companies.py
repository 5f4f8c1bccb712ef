# pytickersymbols (MIT) stock-index constituents → companies.derived.txt: company names as
# listed and their short forms without legal suffixes.
import gzip, re, sys
sys.path.insert(0, sys.argv[2] if len(sys.argv) > 2 else '.')  # the unpacked wheel
from pytickersymbols.indices_data import INDICES
D = sys.argv[1] if len(sys.argv) > 1 else 'crates/nlp/data/ner/'
common = set(gzip.open(D + 'common_words.derived.txt.gz', 'rt').read().split())
SUFFIX = re.compile(r'(,?\s+(Inc\.?|Incorporated|Corporation|Corp\.?|Company|Co\.?|plc|PLC|p\.l\.c\.|AG|SE|N\.V\.|NV|S\.A\.|SA|'
                    r'Ltd\.?|Limited|Group|Holdings?|KGaA|ASA|Oyj|Abp|AB|A/S|S\.p\.A\.|SpA|L\.P\.|LP|LLC|Co\., Ltd\.?|& Co\.?|'
                    r'GmbH|& Co\. KGaA|Aktiengesellschaft|Trust|Bancorp|Bancshares|International|Worldwide|'
                    r'\(The\)|Class [A-C]))+$')
names = set()
for idx in INDICES.values():
    for c in idx['companies']:
        full = ' '.join(c['name'].split())
        forms = {full}
        short = full
        while True:
            s = SUFFIX.sub('', short).strip(' ,')
            if s == short:
                break
            short = s
        forms.add(short)
        if short.startswith('The '):
            forms.add(short[4:])
        for f in forms:
            if len(f) < 2 or not f[:1].isupper() and not f[:1].isdigit():
                continue
            if ' ' not in f and f.lower() in common:
                continue  # "Block", "Pool", "Target": common words
            names.add(f)
hdr = ('# Derived: companies of 20 stock indices (S&P 500/600, NASDAQ 100, FTSE 100, DAX, CAC 40, '
       'Nikkei 225, ...)\n# from the pytickersymbols package (MIT), names and short forms without '
       'legal suffixes; see README.md.\n')
open(D + 'companies.derived.txt', 'w').write(hdr + '\n'.join(sorted(names)) + '\n')
print(len(names))
