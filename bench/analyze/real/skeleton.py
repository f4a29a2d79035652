#!/usr/bin/env python3
"""skeleton.py: writes the unlabelled files the labellers fill in, from
selection.json and ../shared. Paragraphs: an ECB+ article's lines (one
sentence each, as ECB+ keeps them); a WCXB page's main_content split at
line breaks. Labels are added by hand; see README.md for the guide.

  python3 bench/analyze/real/skeleton.py ../shared OUTDIR
"""
import json, os, sys
shared, out = sys.argv[1], sys.argv[2]
here = os.path.dirname(os.path.abspath(__file__))
sel = json.load(open(os.path.join(here, "selection.json")))
docs = {}
gold = {}
for l in open(f"{shared}/bench/stories/docs.jsonl"):
    d = json.loads(l)
    docs[d["id"]] = d
for l in open(f"{shared}/bench/stories/gold.tsv"):
    i, s = l.rstrip("\n").split("\t")
    gold.setdefault(s, []).append(i)

def ecb_paras(d):
    p = [x.strip() for x in d["text"].split("\n") if x.strip()]
    return p or [d["title"].strip()]

def write(name, rows):
    with open(os.path.join(out, name), "w") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")

q = [{"source": "ecbplus:" + e["id"], "set": e["set"],
      "paras": ecb_paras(docs[e["id"]]), "quotes": []} for e in sel["ecb_quotes"]]
write("quotes_ecb_a.todo.jsonl", q[:30])
write("quotes_ecb_b.todo.jsonl", q[30:])
w = []
for p in sel["wcxb_quotes"]:
    g = json.load(open(f"{shared}/bench/wcxb-dev/ground-truth/{p['id']}.json"))
    body = g["ground_truth"]["main_content"]
    w.append({"source": "wcxb:" + p["id"], "set": p["set"],
              "paras": [x.strip() for x in body.split("\n") if x.strip()],
              "quotes": []})
write("quotes_wcxb_a.todo.jsonl", w[:20])
write("quotes_wcxb_b.todo.jsonl", w[20:])
c = [{"story": s["story"], "set": s["set"],
      "docs": [{"id": i, "paras": ecb_paras(docs[i])} for i in gold[s["story"]]],
      "facts": []} for s in sel["claim_stories"]]
write("claims_a.todo.jsonl", c[:6])
write("claims_b.todo.jsonl", c[6:12])
write("claims_c.todo.jsonl", c[12:])
