#!/usr/bin/env python3
"""score_lang.py: scores quotes, speakers, bylines and agency credits on
the non-English set lang.set (README.md beside this file says how it was
made and split).

  python3 bench/analyze/lang/score_lang.py [--build build] [--set dev|frozen|all] [-v]

Quotes (each article analysed alone, with its language): a predicted item
is one direct quotation (segments sharing a quotation number joined); it
matches a gold quote when the Dice overlap of their word sets is at least
0.5, one to one, best first. Speaker: right when the predicted speaker's
last word is the gold name's last word (a gold unnamed source: when the
prediction shares a word with it or names no person).
Bylines: the article as plain text (a title made of the first paragraph's
first words, the byline line, the paragraphs) and as HTML (the same in an
h1, a paragraph and paragraphs) through `parallax extract`;
authors are scored as a set (precision and recall over names), the wire
credit as exact.
"""
import argparse, hashlib, json, os, re, subprocess, sys, tempfile
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
WORD = re.compile(r"[0-9A-Za-z\u00c0-\uffff]+")


def words(s):
    return [w.lower() for w in WORD.findall(s or "")]


def dice(a, b):
    a, b = set(a), set(b)
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


def split_of(site):
    """2 in 5 sites frozen, by a hash of the site name."""
    return "frozen" if int(hashlib.sha1(site.encode()).hexdigest(), 16) % 5 < 2 else "dev"


def load(path):
    arts, cur, body = [], None, False
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if line.startswith("#") and not body:
            continue
        if line.startswith("=== "):
            cur = {"key": line[4:], "paras": [], "quotes": []}
            arts.append(cur)
            body = False
        elif cur is None or not line.strip():
            continue
        elif line == "---":
            body = True
        elif not body:
            k, _, v = line.partition(": ")
            cur[k] = v
        elif line.startswith("Q: "):
            q, _, spk = line[3:].rpartition(" | ")
            cur["quotes"].append({"text": q, "speaker": None if spk == "-" else spk})
        else:
            cur["paras"].append(line)
    for a in arts:
        a["set"] = split_of(a["site"])
        a["authors"] = [] if a["authors"] == "-" else [x.strip() for x in a["authors"].split(";")]
        a["wire"] = None if a["wire"] == "-" else a["wire"]
    return arts


def analyze(build, a):
    exe = os.path.join(build, "bench", "analyze_json")
    doc = {"id": 1, "site": a["site"], "title": a["key"], "lang": a["lang"], "paras": a["paras"]}
    r = subprocess.run([exe], input=json.dumps({"docs": [doc]}), capture_output=True,
                       text=True, timeout=60)
    if r.returncode != 0:
        raise SystemExit(f"analyze_json failed: {r.stderr.strip()}")
    j = json.loads(r.stdout)
    quots = {}
    for g in j.get("quotes", []):
        spk = g.get("speaker") or g.get("speaker_other")
        for it in g.get("items", []):
            if it.get("indirect"):
                continue
            q = quots.setdefault(it["quotation"], {"text": "", "speaker": spk})
            q["text"] += " " + it["text"]
    return list(quots.values())


def score_quotes(gold, pred):
    pairs = []
    for i, g in enumerate(gold):
        for k, p in enumerate(pred):
            d = dice(words(g["text"]), words(p["text"]))
            if d >= 0.5:
                pairs.append((d, i, k))
    used_g, used_p, matches = set(), set(), []
    for d, i, k in sorted(pairs, reverse=True):
        if i in used_g or k in used_p:
            continue
        used_g.add(i)
        used_p.add(k)
        matches.append((gold[i], pred[k]))
    right = 0
    for g, p in matches:
        ps = words(p["speaker"] or "")
        gs = g["speaker"] or ""
        if gs.startswith("a ") or gs.startswith("an "):
            right += 1 if (not ps or set(ps) & set(words(gs))) else 0
        elif ps and words(gs) and ps[-1] == words(gs)[-1]:
            right += 1
    return len(matches), len(pred), len(gold), right


def title_of(a):
    """A headline for the page: the first paragraph's first eight words."""
    return " ".join(a["paras"][0].split()[:8]).rstrip(".,:;")


def extract(build, a, html):
    exe = os.path.join(build, "src", "cli", "parallax")
    title = title_of(a)
    if html:
        body = "".join(f"<p>{p}</p>\n" for p in a["paras"])
        text = (f"<!doctype html><html lang=\"{a['lang']}\"><head><title>{title}</title></head>"
                f"<body><article><h1>{title}</h1>\n<p>{a['byline']}</p>\n{body}</article></body></html>")
        suffix = ".html"
    else:
        text = title + "\n\n" + a["byline"] + "\n\n" + "\n\n".join(a["paras"]) + "\n"
        suffix = ".txt"
    with tempfile.NamedTemporaryFile("w", suffix=suffix, delete=False, encoding="utf-8") as f:
        f.write(text)
        path = f.name
    try:
        r = subprocess.run([exe, "--json", "extract", path], capture_output=True, text=True,
                           timeout=60)
    finally:
        os.unlink(path)
    if r.returncode != 0:
        return [], None
    j = json.loads(r.stdout)
    return j.get("authors") or [], j.get("wire")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default=os.path.join(HERE, "..", "..", "..", "build"))
    ap.add_argument("--set", default="dev", choices=["dev", "frozen", "all"])
    ap.add_argument("-v", action="store_true")
    o = ap.parse_args()
    arts = [a for a in load(os.path.join(HERE, "lang.set")) if o.set == "all" or a["set"] == o.set]
    t = defaultdict(lambda: defaultdict(int))
    for a in arts:
        L = t[a["lang"]]
        L["articles"] += 1
        pred = analyze(o.build, a)
        m, np_, ng, right = score_quotes(a["quotes"], pred)
        L["qm"] += m; L["qp"] += np_; L["qg"] += ng; L["spk"] += right
        if o.v:
            print(f"{a['key']} ({a['set']}): quotes {m}/{np_} pred, {ng} gold, speakers right {right}")
            for p in pred:
                print(f"   pred: {p['speaker']!s:24} {p['text'].strip()[:70]}")
        for html in (False, True):
            tag = "h" if html else "t"
            authors, wire = extract(o.build, a, html)
            ga = set(a["authors"])
            pa = set(authors)
            L[tag + "ag"] += len(ga); L[tag + "ap"] += len(pa); L[tag + "am"] += len(ga & pa)
            L[tag + "wg"] += a["wire"] is not None
            L[tag + "wm"] += a["wire"] is not None and wire == a["wire"]
            L[tag + "wx"] += wire is not None and wire != a["wire"]
            if o.v:
                print(f"   {'html' if html else 'text'}: authors {authors} wire {wire}")

    def f1(m, p, g):
        pr = m / p if p else 0.0
        rc = m / g if g else 0.0
        return 2 * pr * rc / (pr + rc) if pr + rc else 0.0

    print(f"set: {o.set}")
    print("lang arts | quotes P R F1 | speaker acc (of matched) | authors text R/P, html R/P | wire text, html (wrong)")
    for lang in sorted(t):
        L = t[lang]
        qp = L["qm"] / L["qp"] if L["qp"] else 0.0
        qr = L["qm"] / L["qg"] if L["qg"] else 0.0
        sa = L["spk"] / L["qm"] if L["qm"] else 0.0
        def rp(tag):
            return (f"{L[tag+'am']}/{L[tag+'ag']} {L[tag+'am']}/{L[tag+'ap']}")
        print(f"{lang:4} {L['articles']:4} | {qp:.2f} {qr:.2f} {f1(L['qm'], L['qp'], L['qg']):.2f} | "
              f"{sa:.2f} ({L['spk']}/{L['qm']}) | {rp('t')}, {rp('h')} | "
              f"{L['twm']}/{L['twg']}, {L['hwm']}/{L['hwg']} ({L['twx']}, {L['hwx']})")


if __name__ == "__main__":
    main()
