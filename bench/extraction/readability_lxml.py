#!/usr/bin/python3
"""Peer driver: readability-lxml (Debian python3-readability).
Usage: readability_lxml.py PAGES_DIR PREDICTIONS.json
Prints one line in the format of extract_bench. Timed: Document(html)
.summary() plus lxml text extraction of the summary, per page."""
import gzip, json, os, resource, sys, time
import lxml.html
from readability import Document
import logging
logging.disable(logging.CRITICAL)

d, out = sys.argv[1], sys.argv[2]
names = sorted(n for n in os.listdir(d) if n.endswith('.html.gz'))
pages = [(n[:-8], gzip.open(os.path.join(d, n)).read().decode('utf-8', 'replace')) for n in names]
mb = sum(len(h.encode('utf-8')) for _, h in pages) / 1e6
pred = {}
t0, c0 = time.perf_counter(), time.process_time()
for pid, html in pages:
    try:
        summ = Document(html).summary(html_partial=True)
        text = lxml.html.fromstring(summ).text_content() if summ.strip() else ''
    except Exception:
        text = ''
    pred[pid] = {'articleBody': text}
dt, ct = time.perf_counter() - t0, time.process_time() - c0
json.dump(pred, open(out, 'w'))
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f'readability-lxml pages={len(pages)} rounds=1 pages_per_s={len(pages) / dt:.1f} '
      f'mb_per_s={mb / dt:.1f} peak_rss_mb={rss:.1f} cpu_pages_per_s={len(pages) / ct:.1f}')
