#!/usr/bin/python3
"""Diagnostic, not a method: how well does each text representation tell
the two events of a hard ECB+ topic apart? For each pair of gold stories
that Parallax's clusterer merges (traced in README.md, "Where the errors
are"), the share of (same-event pair, cross-event pair) combinations in
which the same-event pair is the more similar (pairwise AUC; 0.5 is
chance, 1.0 perfect), with mean within/cross cosine in brackets.

usage: bench/stories/separability.py [DOCS.jsonl GOLD.tsv]   (needs python3-sklearn)
"""
import json
import os
import re
import sys

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

# ../shared beside the project (PX_STORIES_DATA overrides), never a fixed
# absolute path: each worktree finds its own.
DATA = os.environ.get("PX_STORIES_DATA") or os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared", "bench", "stories")
docs_path = sys.argv[1] if len(sys.argv) > 2 else f"{DATA}/docs.jsonl"
gold_path = sys.argv[2] if len(sys.argv) > 2 else f"{DATA}/gold.tsv"
docs = [json.loads(l) for l in open(docs_path)]
gold = dict(l.strip().split("\t") for l in open(gold_path) if l.strip())
G = np.array([gold[d["id"]] for d in docs])
texts = [d["title"] + "\n" + d["text"] for d in docs]
PAIRS = [("story003", "story017"), ("story013", "story027"), ("story010", "story036"),
         ("story022", "story024"), ("story019", "story038"), ("story018", "story030")]


def caps(t):
    out = []
    for line in t.split("\n"):
        for m in re.finditer(r"\b[A-Z][\w'\-]*(?:\s+[A-Z][\w'\-]*)*", line):
            if m.start() == 0 and len(m.group(0).split()) == 1:
                continue
            out.append(m.group(0).lower())
    return out


def nums(t):
    return re.findall(r"\b\d[\d,.:\-/]*\b", t)


REPS = {
    "words": TfidfVectorizer(stop_words="english", sublinear_tf=True),
    "words+bigrams": TfidfVectorizer(stop_words="english", sublinear_tf=True, ngram_range=(1, 2)),
    "bigrams": TfidfVectorizer(stop_words="english", sublinear_tf=True, ngram_range=(2, 2)),
    "capitalised names": TfidfVectorizer(analyzer=caps, sublinear_tf=True),
    "numbers": TfidfVectorizer(analyzer=nums, sublinear_tf=True),
    "rare words (df<=12)": TfidfVectorizer(stop_words="english", sublinear_tf=True, max_df=12),
}
print("representation".ljust(22), "  ".join(f"{a[5:]}/{b[5:]}" for a, b in PAIRS))
for name, vec in REPS.items():
    X = normalize(vec.fit_transform(texts)).toarray()
    S = X @ X.T
    cells = []
    for a, b in PAIRS:
        ia, ib = np.where(G == a)[0], np.where(G == b)[0]
        within = np.array([S[i, j] for grp in (ia, ib) for x, i in enumerate(grp) for j in grp[x + 1:]])
        cross = np.array([S[i, j] for i in ia for j in ib])
        auc = (within[:, None] > cross[None, :]).mean() + 0.5 * (within[:, None] == cross[None, :]).mean()
        cells.append(f"{auc:.2f} ({within.mean():.2f}/{cross.mean():.2f})")
    print(name.ljust(22), "  ".join(cells))
