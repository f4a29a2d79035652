#!/usr/bin/env python3
"""score.py: B-cubed and pairwise precision/recall/F1 of a clustering.

Usage: score.py GOLD.tsv PRED.tsv [--json]
Both files are `id<TAB>cluster` lines. Only ids present in GOLD are scored;
an id missing from PRED counts as a singleton. Pairwise scores are over all
document pairs (Miranda et al. 2018); B-cubed averages per document.
"""
import json
import sys
from collections import Counter, defaultdict


def read(path):
    out = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                continue
            doc, cl = line.split("\t")[:2]
            out[doc] = cl
    return out


def f1(p, r):
    return 2 * p * r / (p + r) if p + r else 0.0


def score(gold, pred):
    docs = list(gold)
    pred = {d: pred.get(d, "__single__" + d) for d in docs}
    g_size = Counter(gold[d] for d in docs)
    p_size = Counter(pred[d] for d in docs)
    both = Counter((gold[d], pred[d]) for d in docs)
    # B-cubed: per document, overlap of its gold and predicted clusters.
    bp = sum(both[(gold[d], pred[d])] / p_size[pred[d]] for d in docs) / len(docs)
    br = sum(both[(gold[d], pred[d])] / g_size[gold[d]] for d in docs) / len(docs)
    # Pairwise: same-cluster pairs.
    pairs = lambda n: n * (n - 1) // 2
    tp = sum(pairs(n) for n in both.values())
    pp = sum(pairs(n) for n in p_size.values())
    gp = sum(pairs(n) for n in g_size.values())
    pw_p = tp / pp if pp else 1.0
    pw_r = tp / gp if gp else 1.0
    return {
        "docs": len(docs), "gold_clusters": len(g_size),
        "pred_clusters": len(p_size),
        "bcubed_p": bp, "bcubed_r": br, "bcubed_f1": f1(bp, br),
        "pairwise_p": pw_p, "pairwise_r": pw_r, "pairwise_f1": f1(pw_p, pw_r),
    }


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if len(args) != 2:
        sys.exit(__doc__)
    s = score(read(args[0]), read(args[1]))
    if "--json" in sys.argv:
        print(json.dumps(s))
    else:
        print("docs %d  gold clusters %d  predicted clusters %d" %
              (s["docs"], s["gold_clusters"], s["pred_clusters"]))
        print("B-cubed   P %.4f  R %.4f  F1 %.4f" %
              (s["bcubed_p"], s["bcubed_r"], s["bcubed_f1"]))
        print("pairwise  P %.4f  R %.4f  F1 %.4f" %
              (s["pairwise_p"], s["pairwise_r"], s["pairwise_f1"]))


if __name__ == "__main__":
    main()
