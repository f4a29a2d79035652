#!/usr/bin/env python3
"""recall.py: search recall on inflected forms, per language and split.

Reads search_bench's output (one line per query: language, split, query,
ids found) with the documents (corpus.py) and the forms of each query's
word (queries.tsv). A document of the query's language is relevant when it
holds any of the forms as a whole word (case and accents as written);
recall is the share of relevant documents found, precision the share of
the query-language documents found that are relevant (a stem shared by
another word costs precision). 'exact' is the recall of the form the user
typed alone, accents folded: what the unicode61 index found before.

usage: recall.py DOCS.jsonl QUERIES.tsv RESULTS.tsv [LABEL]
"""
import json, re, sys, unicodedata
from collections import defaultdict


def fold(s):
    s = unicodedata.normalize("NFKD", s.lower())
    return "".join(c for c in s if not unicodedata.combining(c))


def words(text):
    return set(re.findall(r"\w+", text.lower()))


def main():
    docs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
    dwords = {d["id"]: words(d["text"] + " " + d.get("title", "")) for d in docs}
    dfold = {k: {fold(w) for w in v} for k, v in dwords.items()}
    dlang = {d["id"]: d["lang"] for d in docs}
    forms = {}
    for line in open(sys.argv[2], encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        lang, split, q, f = line.rstrip("\n").split("\t")
        forms[(lang, q)] = [x.strip().lower() for x in f.split(",")]
    label = sys.argv[4] if len(sys.argv) > 4 else ""
    agg = defaultdict(lambda: [0, 0, 0, 0, 0, 0])  # rel, found, exact, retrieved(lang), retrieved-relevant, queries
    misses = []
    for line in open(sys.argv[3], encoding="utf-8"):
        parts = line.rstrip("\n").split("\t")
        if len(parts) < 3:
            continue
        lang, split, q = parts[:3]
        got = set(x for x in (parts[3] if len(parts) > 3 else "").split(",") if x)
        fs = forms[(lang, q)]
        rel = {i for i, ws in dwords.items() if dlang[i] == lang and ws & set(fs)}
        exact = {i for i in rel if fold(q) in dfold[i]}
        ret = {i for i in got if dlang.get(i) == lang}
        for key in ((lang, split), (lang, "all")):
            a = agg[key]
            a[0] += len(rel); a[1] += len(rel & got); a[2] += len(exact)
            a[3] += len(ret); a[4] += len(ret & rel); a[5] += 1
        if rel - got:
            missed = sorted({w for i in rel - got for w in dwords[i] & set(fs)})
            misses.append("%s %s %s: %d/%d, missed forms %s" % (
                lang, split, q, len(rel & got), len(rel), ",".join(missed)))
    print("%-4s %-7s %4s %5s %8s %8s %9s  %s" % ("lang", "split", "qs", "rel",
          "recall", "exact", "precision", label))
    for (lang, split) in sorted(agg):
        rel, found, exact, ret, retrel, nq = agg[(lang, split)]
        print("%-4s %-7s %4d %5d %8.3f %8.3f %9.3f" % (
            lang, split, nq, rel, found / rel if rel else 0,
            exact / rel if rel else 0, retrel / ret if ret else 0))
    if "-v" in sys.argv or True:
        print("\nmissed:")
        for m in misses:
            print("  " + m)


if __name__ == "__main__":
    main()
