#!/usr/bin/python3
"""table.py: the side-by-side table of run.sh from lines "name<TAB>json"
(score.py's figures, optionally "seconds" and "note") on stdin, in input
order, as Markdown.

usage: table.py < ROWS
"""
import json
import sys

LABELS = {
    "parallax": "Parallax clusterer, defaults (constants swept on all dev: in-sample)",
    "parallax_cv": "Parallax clusterer, threshold chosen by CV by topic",
    "cli_jsonl": "Parallax: `parallax add` of the JSON lines, default settings",
    "cli_plain": "Parallax: `parallax add` of one plain-text file per article, default settings",
    "sklearn_online": "scikit-learn online TF-IDF, same rule",
    "avglink_cv": "scikit-learn average-link TF-IDF, cut chosen by CV by topic",
    "avglink_insample": "scikit-learn average-link TF-IDF, cut chosen on all dev (in-sample)",
    "kmeans_true_k": "k-means on TF-IDF told the true k (oracle), mean of 5 seeds",
}


def main():
    print("| system | stories | B-cubed P / R / F1 | pairwise P / R / F1 | seconds | note |")
    print("|---|---|---|---|---|---|")
    for line in sys.stdin:
        if "\t" not in line:
            continue
        name, js = line.rstrip("\n").split("\t", 1)
        s = json.loads(js)
        sec = "%.2f" % s["seconds"] if "seconds" in s else ""
        print("| %s | %d | %.3f / %.3f / **%.3f** | %.3f / %.3f / **%.3f** | %s | %s |" % (
            LABELS.get(name, name), s["pred_clusters"], s["bcubed_p"], s["bcubed_r"],
            s["bcubed_f1"], s["pairwise_p"], s["pairwise_r"], s["pairwise_f1"], sec,
            s.get("note", "")))


if __name__ == "__main__":
    main()
