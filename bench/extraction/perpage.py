#!/usr/bin/env python3
"""Per-page precision/recall with score.py's metric, worst pages first,
to study misses: perpage.py GROUND_TRUTH.json PREDICTIONS.json [N]"""
import json, sys, importlib.util, os
spec = importlib.util.spec_from_file_location(
    'score', os.environ.get('PX_SCORE', os.path.join(
        os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', 'shared', 'bench',
        'extraction', 'score.py')))
score = importlib.util.module_from_spec(spec); spec.loader.exec_module(score)
gt = json.load(open(sys.argv[1])); pr = json.load(open(sys.argv[2]))
rows = []
for k in sorted(gt):
    tp, fp, fn = score.page(gt[k].get('articleBody', ''), pr.get(k, {}).get('articleBody', ''))
    rows.append((score.prec(tp, fp, fn) + score.rec(tp, fp, fn), score.prec(tp, fp, fn), score.rec(tp, fp, fn), k))
rows.sort()
for s, p, r, k in rows[:int(sys.argv[3]) if len(sys.argv) > 3 else 20]:
    print(f'{p:.3f} {r:.3f} {k[:16]} {gt[k].get("url", "")[:90]}')
