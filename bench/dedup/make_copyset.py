#!/usr/bin/python3
"""make_copyset.py: builds a labelled copy-detection set from real news text.

Source text: the ECB+ articles in ../shared/bench/stories/docs.jsonl (beside
the project)
(CC BY 3.0; read at run time, nothing is copied into the repository). Each
article's sentences are grouped two by two into paragraphs.

- 150 articles with at least six sentences are "originals". Each gets one
  to three copies made with the edits outlets make to reused copy:
  a new headline; cuts (paragraphs dropped at random, the tail trimmed);
  a dateline and wire credit ("PARIS (AFP) - "); a byline block;
  boilerplate blocks (share/follow/copyright lines, the same few strings
  for every outlet, so unrelated articles share them too); and light
  noise (2% of words get a typo, curly quotes, "said" -> "says").
- Hard negatives: up to 250 other articles about the same events (same
  story in ECB+, different text by another outlet), with boilerplate too.
- ECB+ itself holds real wire copies (two outlets running the same AP
  text). So that the labels stay true, an article is only taken (as an
  original or a negative) when it shares no run of 8 words with any
  article already taken; the check is plain word 8-grams, independent of
  the detector.
Labels: an original and its copies form one family; every other article
is its own family. Output: JSON lines {"id", "family", "title", "paras"}.

Usage: make_copyset.py DOCS.jsonl OUT.jsonl [seed]
"""
import json
import random
import sys

CITIES = ["PARIS", "LONDON", "NEW YORK", "WASHINGTON", "BERLIN", "MANILA", "SYDNEY"]
WIRES = ["Reuters", "AFP", "AP", "Bloomberg"]
NAMES = ["Maria Lopez", "John Okafor", "Anna Berg", "Wei Chen", "Sam Patel"]
BOILER = [
    "Follow us on Twitter and Facebook for the latest updates.",
    "Copyright 2013 All rights reserved. This material may not be published, broadcast, rewritten or redistributed.",
    "Share this article with your friends by email or on social media.",
    "Sign up for our daily newsletter to get the top stories in your inbox every morning.",
]


def paras_of(text):
    sents = [s.strip() for s in text.split("\n") if s.strip()]
    return [" ".join(sents[i:i + 2]) for i in range(0, len(sents), 2)], len(sents)


def noise(p, rnd):
    words = p.split(" ")
    out = []
    for w in words:
        r = rnd.random()
        if r < 0.02 and len(w) > 3:
            i = rnd.randrange(len(w) - 1)
            w = w[:i] + w[i + 1] + w[i] + w[i + 2:]
        elif w == "said" and r < 0.5:
            w = "says"
        out.append(w)
    p = " ".join(out)
    if rnd.random() < 0.5:
        p = p.replace(' " ', " \u201c", 1).replace(" '", " \u2019")
    return p


def boiler(rnd):
    return rnd.sample(BOILER, rnd.randint(1, 2))


def copy_of(doc, rnd):
    paras = list(doc["paras"])
    # cuts: drop paragraphs at random (keep the lead), trim the tail
    keep = [paras[0]] + [p for p in paras[1:] if rnd.random() > 0.25]
    if len(keep) > 3 and rnd.random() < 0.5:
        keep = keep[: max(3, len(keep) - rnd.randint(1, 2))]
    keep = [noise(p, rnd) for p in keep]
    wire = rnd.choice(WIRES)
    keep[0] = "%s (%s) - %s" % (rnd.choice(CITIES), wire, keep[0])
    out = []
    if rnd.random() < 0.6:
        out.append("By " + rnd.choice(NAMES))
    out += keep
    out += boiler(rnd)
    words = doc["title"].split()
    title = " ".join(rnd.sample(words, min(len(words), 8))).capitalize()
    return title, out


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    rnd = random.Random(seed)
    docs = []
    for line in open(sys.argv[1], encoding="utf-8"):
        j = json.loads(line)
        paras, nsent = paras_of(j["text"])
        docs.append({"id": j["id"], "title": j["title"], "paras": paras, "n": nsent})
    def grams(d):
        w = " ".join([d["title"]] + d["paras"]).lower().split()
        return {tuple(w[i:i + 8]) for i in range(len(w) - 7)}

    seen = set()

    def take(pool, k):
        got = []
        for d in rnd.sample(pool, len(pool)):
            g = grams(d)
            if g & seen:
                continue
            seen.update(g)
            got.append(d)
            if len(got) == k:
                break
        return got

    longs = [d for d in docs if d["n"] >= 6]
    originals = take(longs, 150)
    chosen = {d["id"] for d in originals}
    rest = [d for d in docs if d["id"] not in chosen]
    negatives = take(rest, 250)
    out = []
    for d in originals:
        fam = "f" + d["id"]
        out.append({"id": d["id"], "family": fam, "title": d["title"],
                    "paras": d["paras"] + boiler(rnd)})
        for c in range(rnd.randint(1, 3)):
            title, paras = copy_of(d, rnd)
            out.append({"id": "%s-c%d" % (d["id"], c), "family": fam,
                        "title": title, "paras": paras})
    for d in negatives:
        out.append({"id": d["id"], "family": "n" + d["id"], "title": d["title"],
                    "paras": d["paras"] + boiler(rnd)})
    rnd.shuffle(out)
    with open(sys.argv[2], "w", encoding="utf-8") as f:
        for o in out:
            f.write(json.dumps(o) + "\n")
    fams = {}
    for o in out:
        fams.setdefault(o["family"], 0)
        fams[o["family"]] += 1
    print("copy set: %d articles, %d families with copies, %d copies, %d singletons"
          % (len(out), sum(1 for v in fams.values() if v > 1),
             sum(v - 1 for v in fams.values() if v > 1),
             sum(1 for v in fams.values() if v == 1)))


if __name__ == "__main__":
    main()
