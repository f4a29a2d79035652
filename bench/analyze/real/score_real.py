#!/usr/bin/env python3
"""score_real.py: scores Parallax's analysis on the real-text sets of this
folder (quotes_*.jsonl, claims_*.jsonl; README.md says how they were made).

  python3 bench/analyze/real/score_real.py [--build build] [--set dev|frozen|all] [-v]

Quotes (each article analysed alone): a predicted item is one quotation
(segments sharing a quotation number are joined) or one piece of reported
speech; it matches a gold item when the Dice overlap of their word sets is
at least 0.5, one to one, best first. Extra pieces of one quotation do not
match, so splitting a quotation costs precision. Speaker: a gold person is
right when the predicted name's last word is the gold name's last word; a
gold organisation or unnamed source is right when the predicted label
shares a content word with it; a gold "none" when nothing is predicted.

Claims (each story analysed whole): a Parallax claim item is mapped to a
gold mention of the same article when its sentence overlaps the mention's
text and its figure shares a number or word with the mention's value. A
"contradict" group is right when its items map to one gold fact on two or
more sides (at least two thirds of its items mapped to that fact); an
"agree" group when they map to one fact, on one side, from two or more
articles. A gold disagreement is found when some contradict group holds
two of its sides. Summary: a sentence that holds a mention of a disputed
gold fact, without saying that outlets differ, states a contested figure
as fact; two summary sentences whose word sets overlap by 0.6 or more are
a repeat.
"""
import argparse, glob, json, os, re, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))
WORD = re.compile(r"[A-Za-z0-9\u00c0-\uffff]+")
STOP = set("the a an of to in on at for and or but is was were be been by with as "
           "that this it its he she they his her their from has have had not no".split())
NUMWORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
            "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "dozen": 12,
            "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100,
            "thousand": 1000, "million": 1000000, "billion": 1000000000}


def words(s):
    return [w.lower() for w in WORD.findall(s or "")]


def dice(a, b):
    a, b = set(a), set(b)
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


def analyze(build, docs):
    exe = os.path.join(build, "bench", "analyze_json")
    r = subprocess.run([exe], input=json.dumps({"docs": docs}), capture_output=True,
                       text=True, timeout=120)
    if r.returncode != 0:
        raise SystemExit(f"analyze_json failed: {r.stderr.strip()}")
    return json.loads(r.stdout)


def load(pattern, which):
    rows = []
    for path in sorted(glob.glob(os.path.join(HERE, pattern))):
        if path.endswith(".todo.jsonl"):
            continue
        for line in open(path, encoding="utf-8"):
            if line.strip():
                o = json.loads(line)
                if which == "all" or o.get("set") == which:
                    rows.append(o)
    return rows


# ---------------------------------------------------------------- quotes

def pred_quotes(an):
    """Items of one article: quotations joined, reported speech alone."""
    items, byq = [], {}
    for g in an.get("quotes", []):
        for it in g["items"]:
            spk = g.get("speaker")
            if not it.get("indirect") and it.get("quotation") is not None:
                k = (it["article_id"], it["quotation"])
                if k in byq:
                    byq[k]["text"] += " " + it["text"]
                    continue
                byq[k] = {"text": it["text"], "speaker": spk, "indirect": False}
                items.append(byq[k])
            else:
                items.append({"text": it["text"], "speaker": spk,
                              "indirect": bool(it.get("indirect"))})
    return items


def speaker_ok(gold, pred):
    kind = gold.get("speaker_kind") or ("person" if gold.get("speaker") else "none")
    ps = pred.get("speaker")
    if kind == "none":
        return not ps
    if not ps:
        return False
    gw, pw = words(gold.get("speaker")), words(ps)
    if kind == "person":
        return bool(gw and pw) and gw[-1] == pw[-1]
    gc = {w for w in gw if w not in STOP}
    return bool(gc & set(pw))


def score_quotes(build, rows, verbose):
    t = dict(pred=0, pred_ok=0, gold=0, found=0, spk=0, spk_person=0, n_person=0,
             gold_dir=0, found_dir=0, gold_rep=0, found_rep=0, no_spk=0)
    for row in rows:
        an = analyze(build, [{"id": 1, "site": "outlet", "paras": row["paras"]}])
        preds = pred_quotes(an)
        golds = row["quotes"]
        cand = []
        for gi, g in enumerate(golds):
            gw = words(" ".join(g["parts"]))
            for pi, p in enumerate(preds):
                d = dice(gw, words(p["text"]))
                if d >= 0.5:
                    cand.append((d, gi, pi))
        cand.sort(reverse=True)
        gm, pm = {}, {}
        for d, gi, pi in cand:
            if gi in gm or pi in pm:
                continue
            gm[gi], pm[pi] = pi, gi
        t["pred"] += len(preds)
        t["pred_ok"] += len(pm)
        for gi, g in enumerate(golds):
            t["gold"] += 1
            rep = g["kind"] == "reported"
            t["gold_rep" if rep else "gold_dir"] += 1
            if gi not in gm:
                if verbose:
                    print(f"  FN {row['source']} [{g['kind']}] {' ... '.join(g['parts'])[:140]}")
                continue
            t["found"] += 1
            t["found_rep" if rep else "found_dir"] += 1
            p = preds[gm[gi]]
            ok = speaker_ok(g, p)
            t["spk"] += ok
            if g.get("speaker_kind") == "person":
                t["n_person"] += 1
                t["spk_person"] += ok
            if g.get("speaker") and not p.get("speaker"):
                t["no_spk"] += 1
            if verbose and not ok:
                print(f"  SPK {row['source']} gold={g.get('speaker')!r} pred={p.get('speaker')!r}: "
                      f"{p['text'][:90]}")
        if verbose:
            for pi, p in enumerate(preds):
                if pi not in pm:
                    print(f"  FP {row['source']} [{'rep' if p['indirect'] else 'dir'}] "
                          f"{p['text'][:140]}")
    P = t["pred_ok"] / t["pred"] if t["pred"] else 0
    R = t["found"] / t["gold"] if t["gold"] else 0
    F = 2 * P * R / (P + R) if P + R else 0
    return {
        "articles": len(rows), "gold": t["gold"], "predicted": t["pred"],
        "precision": P, "recall": R, "f1": F,
        "direct_recall": t["found_dir"] / t["gold_dir"] if t["gold_dir"] else 0,
        "reported_recall": t["found_rep"] / t["gold_rep"] if t["gold_rep"] else 0,
        "speaker_accuracy": t["spk"] / t["found"] if t["found"] else 0,
        "speaker_accuracy_person": t["spk_person"] / t["n_person"] if t["n_person"] else 0,
        "found_without_speaker": t["no_spk"] / t["found"] if t["found"] else 0,
    }


# ---------------------------------------------------------------- claims

def numbers(s):
    out = set()
    for w in re.findall(r"\d[\d,. ]*\d|\d", s or ""):
        v = re.sub(r"[ ,]", "", w)
        out.add(v.rstrip("."))
    for w in words(s):
        if w in NUMWORDS:
            out.add(str(NUMWORDS[w]))
    return out


def value_match(surface, gold_value):
    ns, ng = numbers(surface), numbers(gold_value)
    if ns and ng:
        return bool(ns & ng)
    sw = {w for w in words(surface) if w not in STOP}
    gw = {w for w in words(gold_value) if w not in STOP}
    return bool(sw & gw)


def map_item(item, story_facts, doc_of):
    """(fact index, side) of a claim item, or None."""
    doc = doc_of.get(item["article_id"])
    sent = item["sentence"]["text"]
    sw = words(sent)
    best = None
    for fi, f in enumerate(story_facts):
        for m in f["mentions"]:
            if m["doc"] != doc:
                continue
            inside = m["text"] in sent or sent in m["text"]
            if not inside:
                mw = words(m["text"])
                inside = mw and len(set(mw) & set(sw)) / len(set(mw)) >= 0.6
            if inside and value_match(item.get("text"), m["value"]):
                return fi, m.get("side", "A")
            if inside and best is None and f["kind"] in ("place", "date") and \
                    value_match(item.get("place") or item.get("text"), m["value"]):
                best = (fi, m.get("side", "A"))
    return best


def score_claims(build, rows, verbose):
    t = dict(contra=0, contra_ok=0, agree=0, agree_ok=0, dis=0, dis_found=0,
             sum_sents=0, sum_contested=0, sum_repeat=0)
    for row in rows:
        docs = [{"id": i + 1, "site": d["id"], "paras": d["paras"]}
                for i, d in enumerate(row["docs"])][:64]
        doc_of = {i + 1: d["id"] for i, d in enumerate(row["docs"])}
        an = analyze(build, docs)
        facts = row["facts"]
        found = set()
        for g in an.get("claims", []):
            if len(g.get("outlets", [])) < 2:
                continue
            v = g["verdict"]
            if v not in ("contradict", "agree"):
                continue
            maps = [map_item(it, facts, doc_of) for it in g["items"]]
            byfact = {}
            for it, m in zip(g["items"], maps):
                if m:
                    byfact.setdefault(m[0], []).append((m[1], it["article_id"]))
            ok = False
            if byfact:
                fi, ms = max(byfact.items(), key=lambda kv: len(kv[1]))
                share = len(ms) >= 2 * len(g["items"]) / 3
                sides = {s for s, _ in ms}
                arts = {a for _, a in ms}
                if v == "contradict":
                    ok = share and len(sides) >= 2
                    if len(sides) >= 2:
                        found.add(fi)
                else:
                    ok = share and len(sides) == 1 and len(arts) >= 2
            t["contra" if v == "contradict" else "agree"] += 1
            t["contra_ok" if v == "contradict" else "agree_ok"] += ok
            if verbose and not ok:
                vals = "; ".join(f"{doc_of.get(it['article_id'])}:{it.get('text')}"
                                 for it in g["items"][:6])
                print(f"  WRONG {v} {row['story']} [{g.get('label')}] {vals}")
        for fi, f in enumerate(facts):
            if not f.get("disagree"):
                continue
            t["dis"] += 1
            if fi in found:
                t["dis_found"] += 1
            elif verbose:
                vals = "; ".join(f"{m['doc']}:{m['value']}" for m in f["mentions"][:6])
                print(f"  MISSED {row['story']} {f['what']}: {vals}")
        # summary
        disputed = [m["text"] for f in facts if f.get("disagree") for m in f["mentions"]]
        sents = [s["text"] for s in an.get("summary", [])]
        t["sum_sents"] += len(sents)
        for s in sents:
            if any(m in s or (len(words(m)) > 3 and dice(words(m), words(s)) > 0.8)
                   for m in disputed) and not re.search(r"\b(differ|disagree|other reports|conflict)", s):
                t["sum_contested"] += 1
                if verbose:
                    print(f"  CONTESTED-AS-FACT {row['story']}: {s[:140]}")
        for i in range(len(sents)):
            for j in range(i):
                if dice(words(sents[i]), words(sents[j])) >= 0.6:
                    t["sum_repeat"] += 1
                    if verbose:
                        print(f"  REPEAT {row['story']}: {sents[i][:100]}")
                    break
    return {
        "stories": len(rows),
        "contradict_verdicts": t["contra"],
        "contradict_precision": t["contra_ok"] / t["contra"] if t["contra"] else None,
        "agree_verdicts": t["agree"],
        "agree_precision": t["agree_ok"] / t["agree"] if t["agree"] else None,
        "gold_disagreements": t["dis"],
        "disagreement_recall": t["dis_found"] / t["dis"] if t["dis"] else None,
        "summary_sentences": t["sum_sents"],
        "summary_contested_as_fact": t["sum_contested"],
        "summary_repeats": t["sum_repeat"],
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default="build")
    ap.add_argument("--set", default="dev", choices=["dev", "frozen", "all"])
    ap.add_argument("--only", choices=["quotes", "claims"])
    ap.add_argument("-v", action="store_true")
    a = ap.parse_args()
    out = {"set": a.set}
    if a.only != "claims":
        out["quotes"] = score_quotes(a.build, load("quotes_*.jsonl", a.set), a.v)
    if a.only != "quotes":
        out["claims"] = score_claims(a.build, load("claims_*.jsonl", a.set), a.v)
    print(json.dumps(out, indent=1, default=lambda x: round(x, 3)))
    for k, v in out.items():
        if isinstance(v, dict):
            print(k + ": " + ", ".join(f"{kk} {vv:.3f}" if isinstance(vv, float) else f"{kk} {vv}"
                                       for kk, vv in v.items()))


if __name__ == "__main__":
    main()
