#!/usr/bin/python3
"""batch_baselines.py: the batch baselines for story clustering, which see
every article at once (Parallax and the online baseline see them one at a
time):

- average-link agglomerative clustering on TF-IDF (scikit-learn
  TfidfVectorizer: English stop words, sublinear tf; cosine distance) with
  the cut chosen by cross-validation by topic: for each fold the cut that
  scores best (mean of B-cubed and pairwise F1) on the other folds'
  articles, clustered alone, is applied to all articles and the held-out
  articles' stories kept. The in-sample best cut is printed too.
- k-means on the same vectors told the true number of stories (an oracle
  no online system has), five seeds; the range and mean are printed.

Topics and folds are those of train.py (gold stories paired by centroid
similarity, topic t in fold t % K).

usage: batch_baselines.py DOCS.jsonl GOLD.tsv [--folds K] [--tsv PREFIX]
With --tsv, writes PREFIX.avglink.tsv and PREFIX.kmeans.tsv (seed 0).
Prints one line per system: name<TAB>json of score.py's figures.
"""
import json
import os
import sys
import time
from collections import defaultdict

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import pdist
from sklearn.cluster import KMeans
from sklearn.feature_extraction.text import TfidfVectorizer

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from score import score  # noqa: E402
from train import topics_of  # noqa: E402

CUTS = [0.60 + 0.01 * i for i in range(36)]   # cosine distance 0.60-0.95


def vectors(docs):
    texts = [d.get("title", "") + "\n" + d.get("text", "") for d in docs]
    return TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(texts)


def tree(x):
    """The average-link merge tree of the rows of x under cosine distance
    (scipy: the same clustering as scikit-learn's AgglomerativeClustering
    with linkage="average", built once for all cuts)."""
    return linkage(pdist(x.toarray(), "cosine"), method="average")


def avglink(z, cut):
    return fcluster(z, cut, criterion="distance")


def key(s):
    return (s["bcubed_f1"] + s["pairwise_f1"]) / 2


def best_cut(docs, gold):
    z = tree(vectors(docs))
    ids = [d["id"] for d in docs]
    g = {i: gold[i] for i in ids}
    best = None
    for cut in CUTS:
        s = score(g, {i: str(l) for i, l in zip(ids, avglink(z, cut))})
        if best is None or key(s) > key(best[1]) + 1e-9:
            best = (cut, s)
    return best


def main():
    args = sys.argv[1:]
    if len(args) < 2:
        sys.exit(__doc__)
    docs = [json.loads(l) for l in open(args[0], encoding="utf-8")]
    gold = {}
    for line in open(args[1], encoding="utf-8"):
        if line.strip():
            d, s = line.rstrip("\n").split("\t")[:2]
            gold[d] = s
    k = int(args[args.index("--folds") + 1]) if "--folds" in args else 5
    prefix = args[args.index("--tsv") + 1] if "--tsv" in args else None
    ids = [d["id"] for d in docs]
    topic = topics_of(docs, gold)
    fold = {d["id"]: topic[gold[d["id"]]] % k for d in docs}

    t0 = time.perf_counter()
    x = vectors(docs)
    z = tree(x)
    held, cuts = {}, []
    for f in range(k):
        cut, _ = best_cut([d for d in docs if fold[d["id"]] != f], gold)
        cuts.append(cut)
        for i, l in zip(ids, avglink(z, cut)):
            if fold[i] == f:
                held[i] = "%d:%d" % (f, l)
    s = score(gold, held)
    s["seconds"] = time.perf_counter() - t0
    s["note"] = "cuts per fold " + " ".join("%.2f" % c for c in cuts)
    print("avglink_cv\t" + json.dumps(s))
    if prefix:
        with open(prefix + ".avglink.tsv", "w", encoding="utf-8") as g:
            for i in ids:
                g.write("%s\t%s\n" % (i, held[i]))
    cut, s = best_cut(docs, gold)
    s["note"] = "cut %.2f chosen on all dev articles (in-sample)" % cut
    print("avglink_insample\t" + json.dumps(s))

    ntrue = len(set(gold[i] for i in ids))
    runs = []
    t0 = time.perf_counter()
    for seed in range(5):
        lab = KMeans(n_clusters=ntrue, n_init=10, random_state=seed).fit_predict(x)
        runs.append(score(gold, {i: str(l) for i, l in zip(ids, lab)}))
        if seed == 0 and prefix:
            with open(prefix + ".kmeans.tsv", "w", encoding="utf-8") as g:
                for i, l in zip(ids, lab):
                    g.write("%s\t%d\n" % (i, l))
    s = {m: float(np.mean([r[m] for r in runs])) for m in runs[0]}
    s["seconds"] = (time.perf_counter() - t0) / len(runs)
    s["note"] = "k = %d; 5 seeds: B-cubed F1 %.3f-%.3f, pairwise F1 %.3f-%.3f; mean shown" % (
        ntrue, min(r["bcubed_f1"] for r in runs), max(r["bcubed_f1"] for r in runs),
        min(r["pairwise_f1"] for r in runs), max(r["pairwise_f1"] for r in runs))
    print("kmeans_true_k\t" + json.dumps(s))


if __name__ == "__main__":
    main()
