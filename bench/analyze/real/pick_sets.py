#!/usr/bin/env python3
"""pick_sets.py: picks the real articles to label for quotes and speakers,
and the ECB+ stories to label for claims, with their dev/frozen split.

Chosen before any rule was changed against them, with a fixed seed, so a
newcomer gets the same lists. The split is by story (ECB+) and by site
(WCXB): a story or site is wholly dev or wholly frozen. The frozen part is
scored only when reporting (bench/analyze/real/README.md).

  python3 bench/analyze/real/pick_sets.py ../shared > bench/analyze/real/selection.json
"""
import gzip, hashlib, json, os, random, re, sys
from urllib.parse import urlparse

shared = sys.argv[1] if len(sys.argv) > 1 else "../shared"
rng = random.Random(20261204)

def frozen_key(s):
    # stable, order-free: a fifth... about 40% of keys frozen
    return int(hashlib.sha1(s.encode()).hexdigest(), 16) % 5 < 2

speech = re.compile(r'"|\u201c|\bsaid\b|\bsays\b|\btold\b|according to|\bannounced\b')
gold = dict(l.rstrip("\n").split("\t") for l in open(f"{shared}/bench/stories/gold.tsv"))
docs = [json.loads(l) for l in open(f"{shared}/bench/stories/docs.jsonl")]
cand = [d for d in docs if len(speech.findall(d["title"] + "\n" + d["text"])) >= 2]
rng.shuffle(cand)
ecb = []
per_story = {}
for d in cand:
    st = gold[d["id"]]
    if per_story.get(st, 0) >= 2:
        continue
    per_story[st] = per_story.get(st, 0) + 1
    ecb.append({"id": d["id"], "story": st,
                "set": "frozen" if frozen_key(st) else "dev"})
    if len(ecb) == 60:
        break

wdir = f"{shared}/bench/wcxb-dev/ground-truth"
pages = []
for f in sorted(os.listdir(wdir)):
    g = json.load(open(os.path.join(wdir, f)))
    if g["_internal"]["page_type"]["primary"] != "article":
        continue
    body = g["ground_truth"].get("main_content") or ""
    if not (1500 <= len(body) <= 7000):
        continue
    if len(re.findall(r'["\u201c\u201d]', body)) < 4:
        continue
    site = urlparse(g["url"]).netloc.lower().removeprefix("www.")
    pages.append({"id": g["file_id"], "site": site,
                  "set": "frozen" if frozen_key(site) else "dev"})
rng.shuffle(pages)
seen, wcxb = set(), []
for p in pages:
    if p["site"] in seen:
        continue
    seen.add(p["site"])
    wcxb.append(p)
    if len(wcxb) == 40:
        break

stories = sorted(set(gold.values()))
rng.shuffle(stories)
size = {}
for d in docs:
    size[gold[d["id"]]] = size.get(gold[d["id"]], 0) + len(d["text"])
# Stories with little text (ECB+ keeps some articles as one sentence) have
# no facts to compare.
claim_stories = [{"story": s, "set": "frozen" if frozen_key(s) else "dev"}
                 for s in stories
                 if list(gold.values()).count(s) >= 5 and size[s] >= 8000][:18]
json.dump({"ecb_quotes": ecb, "wcxb_quotes": wcxb, "claim_stories": claim_stories},
          sys.stdout, indent=1)
