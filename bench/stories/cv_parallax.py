#!/usr/bin/python3
"""cv_parallax.py: Parallax's clusterer under cross-validation by topic.
Its defaults were swept on all dev articles, so the direct row of run.sh
is in-sample; here the one constant that sets the decision, the threshold,
is chosen per fold on the other folds' articles streamed alone (best mean
of B-cubed and pairwise F1 over THRESHOLDS), then all articles are streamed
with it and the held-out articles' stories kept (train.py's folds).

usage: cv_parallax.py BUILD DOCS.jsonl GOLD.tsv [--folds K] [--tsv OUT]
Prints "parallax_cv<TAB>json of score.py's figures".
"""
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from score import score  # noqa: E402
from train import topics_of  # noqa: E402

THRESHOLDS = [0.09, 0.1, 0.11, 0.125, 0.14, 0.16, 0.18, 0.2]


def stream(build, docs, threshold):
    with tempfile.TemporaryDirectory() as tmp:
        src, out = os.path.join(tmp, "in.jsonl"), os.path.join(tmp, "out.tsv")
        with open(src, "w", encoding="utf-8") as g:
            for d in docs:
                g.write(json.dumps(d) + "\n")
        subprocess.run([os.path.join(build, "bench", "stories_run"), src, out,
                        "%g" % threshold], check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        return dict(l.rstrip("\n").split("\t") for l in open(out, encoding="utf-8"))


def key(s):
    return (s["bcubed_f1"] + s["pairwise_f1"]) / 2


def main():
    args = sys.argv[1:]
    if len(args) < 3:
        sys.exit(__doc__)
    build = args[0]
    docs = [json.loads(l) for l in open(args[1], encoding="utf-8")]
    gold = {}
    for line in open(args[2], encoding="utf-8"):
        if line.strip():
            d, s = line.rstrip("\n").split("\t")[:2]
            gold[d] = s
    k = int(args[args.index("--folds") + 1]) if "--folds" in args else 5
    topic = topics_of(docs, gold)
    fold = {d["id"]: topic[gold[d["id"]]] % k for d in docs}
    held, chosen = {}, []
    for f in range(k):
        train = [d for d in docs if fold[d["id"]] != f]
        g = {d["id"]: gold[d["id"]] for d in train}
        best = max(THRESHOLDS, key=lambda t: (key(score(g, stream(build, train, t))), -t))
        chosen.append(best)
        pred = stream(build, docs, best)
        for d in docs:
            if fold[d["id"]] == f:
                held[d["id"]] = "%d:%s" % (f, pred[d["id"]])
    s = score(gold, held)
    s["note"] = "threshold per fold " + " ".join("%g" % t for t in chosen)
    print("parallax_cv\t" + json.dumps(s))
    if "--tsv" in args:
        with open(args[args.index("--tsv") + 1], "w", encoding="utf-8") as g:
            for i in sorted(held):
                g.write("%s\t%s\n" % (i, held[i]))


if __name__ == "__main__":
    main()
