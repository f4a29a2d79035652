#!/usr/bin/env python3
"""corpus.py: the documents of the search recall set (bench/search/README.md).

Paragraphs of real pages in ../shared/bench, each a document with its
language: the clean main text of WCXB dev pages (CC BY 4.0, see
../shared/bench/wcxb-dev/LICENSE) and of the extraction benchmark's pages
(MIT, ../shared/bench/extraction/LICENSE), and for Spanish, installed
manual pages (below). Pages are listed by id below,
so the set never changes with the data's order.

usage: corpus.py OUT.jsonl    writes {"id","lang","title","text"} lines
"""
import json, os, re, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.path.join(HERE, "..", "..", "..", "shared", "bench")

# (source, page id, language). English: the first 60 WCXB article pages.
PAGES = [
    ("wcxb", "0649", "de"), ("wcxb", "0638", "de"), ("wcxb", "0706", "de"),
    ("wcxb", "0847", "de"), ("wcxb", "2897", "de"), ("wcxb", "4021", "de"),
    ("wcxb", "2972", "de"), ("wcxb", "4329", "de"), ("wcxb", "4410", "de"),
    ("wcxb", "4418", "de"),
    ("ext", "57b4dafd18cf", "de"), ("ext", "ba07d1e64775", "de"),
    ("wcxb", "0608", "fr"), ("wcxb", "0609", "fr"), ("wcxb", "0644", "fr"),
    ("wcxb", "0645", "fr"),
    # Spanish: the apt, dpkg and man-db manuals' Spanish translations as
    # installed (GPL-2+, /usr/share/doc/{apt,dpkg,man-db}/copyright): the
    # two WCXB pages that read as Spanish are English.
    ("man", "es/man1/man.1.gz", "es"), ("man", "es/man5/apt_preferences.5.gz", "es"),
    ("man", "es/man8/apt-cache.8.gz", "es"), ("man", "es/man1/dpkg-split.1.gz", "es"),
    ("man", "es/man1/apropos.1.gz", "es"), ("man", "es/man5/manpath.5.gz", "es"),
    ("man", "es/man8/mandb.8.gz", "es"), ("man", "es/man8/apt-cdrom.8.gz", "es"),
    ("man", "es/man1/whatis.1.gz", "es"), ("man", "es/man1/lexgrog.1.gz", "es"),
    ("wcxb", "4403", "it"),
    ("ext", "11ea381ad92b", "pt"), ("ext", "23aaecd14171", "pt"),
]
N_ENGLISH = 60


def wcxb(pid):
    j = json.load(open(os.path.join(SHARED, "wcxb-dev", "ground-truth", pid + ".json"),
                       encoding="utf-8"))
    return j["ground_truth"].get("main_content") or "", j


def ext_pages():
    g = json.load(open(os.path.join(SHARED, "extraction", "ground-truth.json"),
                       encoding="utf-8"))
    return g


def paragraphs(text):
    for p in re.split(r"\n\s*\n|\n", text):
        p = p.strip()
        if len(p.split()) >= 8:
            yield p


def docs():
    out = []
    g = ext_pages()
    pages = list(PAGES)
    gt = sorted(os.listdir(os.path.join(SHARED, "wcxb-dev", "ground-truth")))
    n = 0
    for f in gt:
        if n == N_ENGLISH:
            break
        text, j = wcxb(f[:-5])
        if j["_internal"]["page_type"]["primary"] != "article":
            continue
        w = re.findall(r"\w+", text.lower())
        if w.count("the") < 10 or len(w) < 300:
            continue
        pages.append(("wcxb", f[:-5], "en"))
        n += 1
    for src, pid, lang in pages:
        if src == "wcxb":
            text = wcxb(pid)[0]
        elif src == "man":
            text = subprocess.run(
                ["man", "-l", os.path.join("/usr/share/man", pid)],
                env=dict(os.environ, MANWIDTH="5000", LANG="C.UTF-8"),
                capture_output=True, text=True).stdout
            text = re.sub(r".\x08", "", text)
        else:
            key = next(k for k in g if k.startswith(pid))
            text = g[key].get("articleBody", "")
        for i, p in enumerate(paragraphs(text)):
            out.append({"id": "%s-%s-%d" % (src, pid.replace("/", "_"), i), "lang": lang,
                        "title": "", "text": p})
    return out


if __name__ == "__main__":
    ds = docs()
    with open(sys.argv[1], "w", encoding="utf-8") as f:
        for d in ds:
            f.write(json.dumps(d, ensure_ascii=False) + "\n")
    from collections import Counter
    print(Counter(d["lang"] for d in ds), file=sys.stderr)
