#!/usr/bin/env python3
"""mkstore.py: a synthetic store for the serve/search benchmarks.

Writes N articles as JSON lines made of real article sentences from
../shared/bench/stories/docs.jsonl (510 news documents): each article
takes most of the sentences of one document (so coverage of one event
clusters into a story) in a shuffled order, plus a few sentences of other
documents, from one of 200 outlets over 60 days. Deterministic for a seed.

usage: bench/serve/mkstore.py N OUTDIR [BATCH]   writes OUTDIR/batch-NNN.jsonl
then:  for f in OUTDIR/batch-*.jsonl; do parallax --db px.db -q add "$f"; done
(bench/serve/mkstore.sh does both.)
"""
import json, os, random, sys

def main():
    n = int(sys.argv[1])
    outdir = sys.argv[2]
    batch = int(sys.argv[3]) if len(sys.argv) > 3 else 5000
    here = os.path.dirname(os.path.abspath(__file__))
    src = os.path.join(here, "..", "..", "..", "shared", "bench", "stories",
                       "docs.jsonl")
    docs = [json.loads(l) for l in open(src, encoding="utf-8") if l.strip()]
    sents = [[s for s in d["text"].split("\n") if s.strip()] for d in docs]
    allsent = [s for ss in sents for s in ss]
    rnd = random.Random(16)
    os.makedirs(outdir, exist_ok=True)
    out = None
    for i in range(n):
        if i % batch == 0:
            if out: out.close()
            out = open(os.path.join(outdir, "batch-%03d.jsonl" % (i // batch)),
                       "w", encoding="utf-8")
        d = rnd.randrange(len(docs))
        ss = list(sents[d])
        rnd.shuffle(ss)
        keep = ss[: max(1, int(len(ss) * rnd.uniform(0.6, 1.0)))]
        for _ in range(rnd.randint(2, 4)):
            keep.insert(rnd.randrange(len(keep) + 1), rnd.choice(allsent))
        outlet = rnd.randrange(200)
        day = rnd.randrange(60)
        t = "2024-%02d-%02dT%02d:%02d:00Z" % (
            1 + day // 30, 1 + day % 30, rnd.randrange(24), rnd.randrange(60))
        title = docs[d]["title"][:120]
        out.write(json.dumps({
            "title": title,
            "text": "\n\n".join(keep),
            "url": "https://outlet%03d.example/%d" % (outlet, i),
            "source": "Outlet %03d" % outlet,
            "published": t,
        }) + "\n")
    if out: out.close()

main()
