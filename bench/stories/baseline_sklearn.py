#!/usr/bin/python3
"""baseline_sklearn.py: the scikit-learn baseline for story clustering.

Online TF-IDF clustering with the same rule as Parallax's clusterer: each
article, in file order, joins the story whose centroid (sum of its members'
unit vectors) is most cosine-similar when that similarity reaches the
threshold, else it starts a new story. Vectors: scikit-learn's
CountVectorizer (English stop words, sublinear tf) with idf from the running
document frequencies of the articles seen so far. No names, no stemming.

Usage: baseline_sklearn.py DOCS.jsonl GOLD.tsv [--json] [threshold ...]
Prints, per threshold, B-cubed and pairwise F1 and the time taken; with
--json, only the best threshold's line as "sklearn_online<TAB>json".
"""
import json
import os
import sys
import time

import numpy as np
from sklearn.feature_extraction.text import CountVectorizer

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from score import score  # noqa: E402


def run(texts, threshold, counts):
    n_terms = counts.shape[1]
    df = np.zeros(n_terms)
    centroids = []      # dense rows are fine at this size
    labels = []
    for i in range(len(texts)):
        row = counts[i]
        idx, tf = row.indices, row.data.astype(float)
        df[idx] += 1
        idf = np.log((i + 2) / (df + 1)) + 1
        w = (1 + np.log(tf)) * idf[idx]
        nrm = np.linalg.norm(w)
        if nrm:
            w /= nrm
        best, best_sim = -1, -1.0
        for s, (c_idx, c_w) in enumerate(centroids):
            # centroid stored as a dict-like dense vector over raw tf units
            sims = c_w[idx] * idf[idx]
            cn = np.linalg.norm(c_w * idf)
            sim = float(sims @ w) / cn if cn else 0.0
            if sim > best_sim:
                best, best_sim = s, sim
        tfv = np.zeros(n_terms)
        raw = 1 + np.log(tf)
        tfv[idx] = raw / np.linalg.norm(raw)
        if best >= 0 and best_sim >= threshold:
            centroids[best][1][:] += tfv
            labels.append(best)
        else:
            centroids.append((None, tfv))
            labels.append(len(centroids) - 1)
    return labels


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    docs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
    gold = {}
    for line in open(sys.argv[2], encoding="utf-8"):
        d, c = line.split()
        gold[d] = c
    as_json = "--json" in sys.argv
    thresholds = [float(t) for t in sys.argv[3:] if t != "--json"] or [0.15, 0.2, 0.25, 0.3, 0.35]
    best = None
    texts = [d["title"] + "\n" + d["text"] for d in docs]
    for th in thresholds:
        t0 = time.perf_counter()
        counts = CountVectorizer(stop_words="english").fit_transform(texts).tocsr()
        labels = run(texts, th, counts)
        dt = time.perf_counter() - t0
        s = score(gold, {d["id"]: str(l) for d, l in zip(docs, labels)})
        s["seconds"] = dt
        s["note"] = "threshold %.2f, the best of %s (in-sample)" % (
            th, " ".join("%.2f" % t for t in thresholds))
        if best is None or s["bcubed_f1"] + s["pairwise_f1"] > best["bcubed_f1"] + best["pairwise_f1"]:
            best = s
        if as_json:
            continue
        print("sklearn  threshold %.2f  stories %3d  B-cubed F1 %.4f (P %.3f R %.3f)"
              "  pairwise F1 %.4f  %.3f s  %.0f articles/s" %
              (th, s["pred_clusters"], s["bcubed_f1"], s["bcubed_p"],
               s["bcubed_r"], s["pairwise_f1"], dt, len(docs) / dt))
    if as_json:
        print("sklearn_online\t" + json.dumps(best))


if __name__ == "__main__":
    main()
