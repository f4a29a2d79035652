#!/usr/bin/python3
"""score_copies.py: pairwise precision/recall/F1 and adjusted Rand index of
detected copy groups against the copy set's families.

Usage: score_copies.py COPYSET.jsonl PRED.tsv
A pair of articles is positive when both are in one family (an original
and its copies); predicted positive when copy detection put them in one
group.
"""
import json
import sys
from collections import Counter

from sklearn.metrics import adjusted_rand_score


def main():
    gold = {}
    for line in open(sys.argv[1], encoding="utf-8"):
        j = json.loads(line)
        gold[j["id"]] = j["family"]
    pred = dict(l.rstrip("\n").split("\t") for l in open(sys.argv[2], encoding="utf-8"))
    ids = sorted(gold)
    pairs = lambda c: sum(v * (v - 1) // 2 for v in c.values())
    tp = pairs(Counter((gold[i], pred[i]) for i in ids))
    gp = pairs(Counter(gold[i] for i in ids))
    pp = pairs(Counter(pred[i] for i in ids))
    p = tp / pp if pp else 1.0
    r = tp / gp if gp else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    ari = adjusted_rand_score([gold[i] for i in ids], [pred[i] for i in ids])
    print("copy pairs: gold %d, predicted %d, correct %d" % (gp, pp, tp))
    print("pairwise  P %.4f  R %.4f  F1 %.4f   ARI %.4f" % (p, r, f, ari))


if __name__ == "__main__":
    main()
