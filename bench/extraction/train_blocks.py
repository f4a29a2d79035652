#!/usr/bin/python3
"""train_blocks.py: trains the HTML extractor's block scorer and writes it
into src/extract/html_model.h as C tables.

Usage: train_blocks.py WCXB_FEATURES.tsv BENCH91_FEATURES.tsv [OUT.h]
(the .tsv files from bench/block_features; bench/extraction/train.sh runs
the whole thing). Needs python3-sklearn and python3-numpy (Debian).

Labels: a block is article text when at least half of its word 3-grams
(or, for a block under three words, its whole word sequence) occur in the
page's true main text. Training pages: the WCXB DEV split (see
wcxb_score.py; VALIDATION-split pages are never read here) and the 91
pages of ../shared/bench/extraction. Each block is weighted by its
share of its page's words, so every page counts alike, as in the metric.

Model: scikit-learn's histogram gradient boosting (small trees), exported
tree by tree (depth first); the C side sums the leaves (html_extract.c,
block_logit).
The thresholds (kept by the container rule, dropped by it inside the
container, outside it) are chosen on the training pages for the best mean
page F1 of the simulated output (kept blocks, captions never in the
body).
"""
import json, os, re, sys
from collections import Counter, defaultdict
import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from wcxb_score import load_truth, WCXB  # noqa: E402

WORD = re.compile(r'\w+')
CAPTION_KIND = 4


def toks(s):
    return WORD.findall(s.lower())


def read_tsv(path):
    with open(path, encoding='utf-8', errors='replace') as f:
        head = f.readline().rstrip('\n').split('\t')
        names = head[3:-1]
        pages = defaultdict(list)
        for line in f:
            p = line.rstrip('\n').split('\t')
            if len(p) != len(head):
                continue
            pages[p[0]].append((int(p[2]), [float(x) for x in p[3:-1]], p[-1]))
    return names, pages


def label_page(blocks, ref):
    rt = toks(ref)
    tri = {tuple(rt[i:i + 3]) for i in range(len(rt) - 2)}
    joined = ' ' + ' '.join(rt) + ' '
    ys, ws = [], []
    total = sum(len(toks(t)) for _, _, t in blocks) or 1
    for _, _, t in blocks:
        bt = toks(t)
        if len(bt) < 3:
            y = bool(bt) and (' ' + ' '.join(bt) + ' ') in joined
        else:
            g = [tuple(bt[i:i + 3]) for i in range(len(bt) - 2)]
            y = sum(x in tri for x in g) >= 0.5 * len(g)
        ys.append(1 if y else 0)
        ws.append(max(len(bt), 1) / total)
    return ys, ws


def prf(pred, ref):
    p, r = Counter(toks(pred)), Counter(toks(ref))
    if not r:
        return 1.0 if not p else 0.0
    if not p:
        return 0.0
    o = sum((p & r).values())
    if not o:
        return 0.0
    pr, rc = o / sum(p.values()), o / sum(r.values())
    return 2 * pr * rc / (pr + rc)


def build(pages, refs, names):
    X, y, w, idx = [], [], [], []
    for pid, blocks in pages.items():
        if pid not in refs:
            continue
        ys, ws = label_page(blocks, refs[pid])
        for (k, f, t), yy, ww in zip(blocks, ys, ws):
            X.append(f); y.append(yy); w.append(ww); idx.append(pid)
    return np.array(X, dtype=np.float32), np.array(y), np.array(w), idx


def old_keep(f, ix):
    """The container rule of html_extract.c's emit (in the chosen
    container, no boilerplate hint, not a link-heavy short line)."""
    n = np.expm1(f[ix['len_log']])
    ld = f[ix['link_density']]
    linky = ld > 0.5 and n < 400 and not (n >= 120 and ld < 0.9 and f[ix['sentence_end']] > 0.5)
    return f[ix['in_root']] > 0.5 and f[ix['root_neg']] < 0.5 and not linky


def sim_prep(pages, refs, names):
    """Per page the reference's word bag and, per block, its word bag,
    whether the container rule keeps it and whether it is a caption:
    sim_f1 then only adds bags (tokenizing once keeps the threshold
    search fast)."""
    ix = {n: i for i, n in enumerate(names)}
    out = []
    for pid, blocks in pages.items():
        if pid not in refs:
            continue
        bl = [(Counter(toks(t)), 0 if old_keep(f, ix) else 1 if f[ix['in_root']] > 0.5 else 2,
               k == CAPTION_KIND or f[ix['a_caption']] >= 0.5)
              for k, f, t in blocks]
        out.append((Counter(toks(refs[pid])), bl))
    return out


def sim_f1(prep, logits, thr):
    """Mean page F1 of the simulated output: a block is kept when its
    logit passes thr[0] (the container rule keeps it), thr[1] (in the
    container, the rule drops it) or thr[2] (outside the container);
    captions never count."""
    fs = []
    i = 0
    for ref, bl in prep:
        p = Counter()
        for bag, rule, cap in bl:
            if not cap and logits[i] > thr[rule]:
                p.update(bag)
            i += 1
        nr, np_ = sum(ref.values()), sum(p.values())
        if not nr:
            fs.append(1.0 if not np_ else 0.0)
            continue
        o = sum((p & ref).values()) if np_ else 0
        fs.append(0.0 if not o else 2 * o / (np_ + nr))
    return float(np.mean(fs))


def export(model, names, thr, out):
    """Trees in depth-first order: an inner node's left child is the next
    node, so a node is 8 bytes (threshold, feature, right child) and the
    whole model stays in the L1 cache."""
    preds = model._predictors
    nodes, roots = [], []
    for it in preds:
        tree = it[0].nodes
        roots.append(len(nodes))

        def walk(k):
            nd = tree[k]
            at = len(nodes)
            if nd['is_leaf']:
                nodes.append([float(nd['value']), 255, 0])
                return
            nodes.append([float(nd['num_threshold']), int(nd['feature_idx']), 0])
            walk(int(nd['left']))
            nodes[at][2] = len(nodes)
            walk(int(nd['right']))
        walk(0)
    assert len(nodes) < 65536 and len(names) < 255
    bias = float(np.ravel(model._baseline_prediction)[0])
    with open(out, 'w') as f:
        f.write('/* html_model.h: the block scorer of html_extract.c, generated by\n'
                '** bench/extraction/train_blocks.py (bench/extraction/train.sh); do not\n'
                '** edit. %d regression trees, %d nodes; features in order:\n' % (len(roots), len(nodes)))
        line = '**'
        for n in names:
            if len(line) + len(n) > 74:
                f.write(line + '\n')
                line = '**'
            line += ' ' + n
        f.write(line + '\n*/\n')
        f.write('#define PX_MODEL_NFEAT %d\n#define PX_MODEL_NTREES %d\n' % (len(names), len(roots)))
        f.write('#define PX_MODEL_BIAS %.9g\n' % bias)
        f.write('#define PX_MODEL_KEEP_IN %.6g\n#define PX_MODEL_KEEP_BACK %.6g\n'
                '#define PX_MODEL_KEEP_OUT %.6g\n' % thr)
        f.write('static const int px_model_roots[%d] = {\n' % len(roots))
        for i in range(0, len(roots), 12):
            f.write('  ' + ', '.join(str(r) for r in roots[i:i + 12]) + ',\n')
        f.write('};\nstatic const struct px_model_node px_model_nodes[%d] = {\n' % len(nodes))
        for n in nodes:
            f.write('  {%.8ef, %d, %d},\n' % tuple(n))
        f.write('};\n')


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    out = sys.argv[3] if len(sys.argv) > 3 else os.path.join(HERE, '..', '..', 'src', 'extract', 'html_model.h')
    names, wpages = read_tsv(sys.argv[1])
    names91, bpages = read_tsv(sys.argv[2])
    assert names == names91
    truth = load_truth(WCXB)
    dev = {p: t[2] for p, t in truth.items() if t[0] == 'dev'}
    gt91 = json.load(open(os.path.join(WCXB, '..', 'extraction', 'ground-truth.json')))
    r91 = {p: v['articleBody'] for p, v in gt91.items()}
    Xd, yd, wd, _ = build(wpages, dev, names)
    Xb, yb, wb, _ = build(bpages, r91, names)
    # The 91 pages are news articles, the pages Parallax exists for, and
    # few: each counts as W91 WCXB pages.
    wb = wb * float(os.environ.get('W91', '4'))
    X = np.vstack([Xd, Xb]); y = np.concatenate([yd, yb]); w = np.concatenate([wd, wb])
    print('blocks: %d (%d positive)' % (len(y), int(y.sum())), file=sys.stderr)
    iters = int(os.environ.get('ITERS', '120'))
    leaves = int(os.environ.get('LEAVES', '15'))
    model = HistGradientBoostingClassifier(max_iter=iters, max_leaf_nodes=leaves,
                                           learning_rate=0.1, l2_regularization=1.0,
                                           min_samples_leaf=40, random_state=1)
    model.fit(X, y, sample_weight=w * (len(w) / w.sum()))
    ld = model.decision_function(Xd)
    lb = model.decision_function(Xb)
    # Thresholds: the best mean of the two sets' page F1 (WCXB DEV, the
    # 91 pages).
    pd, pb = sim_prep(wpages, dev, names), sim_prep(bpages, r91, names)
    # First one threshold for every block the rule drops, then the one
    # for blocks in the container the rule drops (link-heavy lines,
    # hinted boilerplate) on its own.
    grid = []
    for ti in np.arange(-1.5, 1.01, 0.5):
        for to in np.arange(-0.5, 1.51, 0.5):
            sd = sim_f1(pd, ld, (ti, to, to))
            sb = sim_f1(pb, lb, (ti, to, to))
            grid.append(((sd + sb) / 2, sd, sb, (ti, to, to)))
            print('  in %.2f out %.2f: dev %.4f 91 %.4f' % (ti, to, sd, sb), file=sys.stderr)
    best = max(grid)
    ti, _, to = best[3]
    for tr in np.arange(to - 0.5, to + 1.01, 0.25):
        sd = sim_f1(pd, ld, (ti, tr, to))
        sb = sim_f1(pb, lb, (ti, tr, to))
        grid.append(((sd + sb) / 2, sd, sb, (ti, tr, to)))
        print('  back %.2f: dev %.4f 91 %.4f' % (tr, sd, sb), file=sys.stderr)
    _, sd, sb, thr = max(grid)
    print('thresholds in %.2f back %.2f out %.2f: dev %.4f 91 %.4f' % (thr + (sd, sb)),
          file=sys.stderr)
    export(model, names, thr, out)
    return 0


if __name__ == '__main__':
    sys.exit(main())
