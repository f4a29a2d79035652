#!/usr/bin/env python3
"""wcxb_score.py: word F1 of an extractor's predictions on the WCXB dev
pages, per page type, for a DEV and a held-out VALIDATION split.

Usage: wcxb_score.py PREDICTIONS.json [WCXB_DIR] [--pages OUT.tsv]

The split is by site so no site is on both sides: a page is VALIDATION
when the first 8 hex digits of md5(host without "www.") mod 100 < 30,
else DEV (fixed, about 30% of sites). Develop looking at DEV pages only;
report both. The metric is the one of WCXB's score.py (imported from
WCXB_DIR, so the figures are the same): bag of lower-cased \\w+ words,
F1/P/R averaged over pages; pages with an empty reference are skipped.
--pages writes one line per page (id, split, type, F1, P, R, host) for
studying misses.
"""
import hashlib, json, os, sys
from collections import defaultdict
from urllib.parse import urlsplit

# ../shared beside the project; PX_WCXB overrides
WCXB = os.environ.get('PX_WCXB', os.path.join(
    os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', 'shared', 'bench', 'wcxb-dev'))


def host_of(url):
    h = (urlsplit(url or '').hostname or '').lower()
    return h[4:] if h.startswith('www.') else h


def split_of(url):
    """'val' for about 30% of sites (by a hash of the host), else 'dev'."""
    d = hashlib.md5(host_of(url).encode()).hexdigest()
    return 'val' if int(d[:8], 16) % 100 < 30 else 'dev'


def load_truth(wcxb):
    """{id: (split, type, reference text, url)} for scoreable pages."""
    gt_dir = os.path.join(wcxb, 'ground-truth')
    out = {}
    for name in sorted(os.listdir(gt_dir)):
        if not name.endswith('.json'):
            continue
        g = json.load(open(os.path.join(gt_dir, name), encoding='utf-8'))
        ref = (g.get('ground_truth') or {}).get('main_content') or ''
        if not ref.strip():
            continue
        ptype = ((g.get('_internal') or {}).get('page_type') or {}).get('primary') or 'unknown'
        out[name[:-5]] = (split_of(g.get('url')), ptype, ref, g.get('url') or '')
    return out


def main():
    args = [a for a in sys.argv[1:] if not a.startswith('--')]
    pages_out = None
    if '--pages' in sys.argv:
        pages_out = sys.argv[sys.argv.index('--pages') + 1]
        args.remove(pages_out)
    if not args:
        print(__doc__, file=sys.stderr)
        return 2
    wcxb = args[1] if len(args) > 1 else WCXB
    sys.path.insert(0, wcxb)
    from score import prf  # the benchmark's own metric
    pred = json.load(open(args[0], encoding='utf-8'))
    acc = defaultdict(lambda: [0, 0.0, 0.0, 0.0])
    rows = []
    for pid, (split, ptype, ref, url) in load_truth(wcxb).items():
        body = (pred.get(pid) or {}).get('articleBody') or ''
        f, p, r = prf(body, ref)
        rows.append((pid, split, ptype, f, p, r, host_of(url)))
        for key in ((split, ptype), (split, 'ALL'), ('all', ptype), ('all', 'ALL')):
            a = acc[key]
            a[0] += 1; a[1] += f; a[2] += p; a[3] += r
    types = sorted({k[1] for k in acc if k[1] != 'ALL'}) + ['ALL']
    print(f"{'type':14} {'DEV n':>6} {'F1':>6} {'P':>6} {'R':>6}   {'VAL n':>6} {'F1':>6} {'P':>6} {'R':>6}   {'all F1':>6}")
    for t in types:
        cells = []
        for s in ('dev', 'val'):
            n, f, p, r = acc[(s, t)]
            cells.append(f"{n:6d} {f / max(n, 1):6.3f} {p / max(n, 1):6.3f} {r / max(n, 1):6.3f}")
        n, f, _, _ = acc[('all', t)]
        print(f"{t:14} {cells[0]}   {cells[1]}   {f / max(n, 1):6.3f}")
    if pages_out:
        with open(pages_out, 'w') as fo:
            for row in rows:
                fo.write('%s\t%s\t%s\t%.3f\t%.3f\t%.3f\t%s\n' % row)
    return 0


if __name__ == '__main__':
    sys.exit(main())
