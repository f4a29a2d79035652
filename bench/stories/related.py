#!/usr/bin/env python3
"""Scores related-story links (cluster.h px_clusterer_related) against the
gold events: a link between two predicted stories is right when both are
mostly the same gold story (fragments of one event the clustering left
apart), wrong otherwise (another event, often the same kind's other one).

usage: related.py GOLD.tsv PRED.tsv LINKS.tsv   (LINKS: story, other, sim)
"""
import collections
import sys


def main(gold_path, pred_path, links_path):
    gold = dict(l.rstrip("\n").split("\t") for l in open(gold_path) if l.strip())
    pred = dict(l.rstrip("\n").split("\t") for l in open(pred_path) if l.strip())
    members = collections.defaultdict(collections.Counter)
    for doc, story in pred.items():
        members[story][gold[doc]] += 1
    major = {s: c.most_common(1)[0][0] for s, c in members.items()}
    links = {}
    for l in open(links_path):
        a, b, sim = l.split("\t")
        key = tuple(sorted((a, b)))
        links[key] = max(links.get(key, 0.0), float(sim))
    stories = sorted(major)
    should = {(a, b) for i, a in enumerate(stories) for b in stories[i + 1:]
              if major[a] == major[b]}
    print(f"{len(stories)} predicted stories; {len(should)} pairs are fragments of one event")
    for t in (0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.6):
        got = {k for k, v in links.items() if v >= t}
        right = len(got & should)
        p = right / len(got) if got else 1.0
        r = right / len(should) if should else 1.0
        print(f"min similarity {t:.2f}: {len(got):3d} links, precision {p:.3f}, recall {r:.3f}")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
