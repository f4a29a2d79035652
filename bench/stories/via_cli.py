#!/usr/bin/env python3
"""via_cli.py: the same articles through the product, as a user would feed
them: `parallax add` of a JSON-lines file into a fresh store (extraction,
publish dates read from the texts' date lines, exact-duplicate collapse,
the stored clustering settings), then each input's story read back from
the store (a collapsed duplicate counts in the story of the article that
kept its URL). Prints id<TAB>story lines to OUT.

usage: via_cli.py PARALLAX DOCS.jsonl OUT.tsv [KEY=VALUE ...]
KEY=VALUE pairs are set with `parallax config` before the add.
"""
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    px, docs, out = sys.argv[1], sys.argv[2], sys.argv[3]
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, 'px.db')
        src = os.path.join(tmp, 'in.jsonl')
        with open(docs, encoding='utf-8') as f, open(src, 'w', encoding='utf-8') as g:
            for line in f:
                d = json.loads(line)
                g.write(json.dumps({'url': 'https://ecb.example/' + d['id'],
                                    'title': d.get('title', ''),
                                    'text': d.get('text', '')}) + '\n')
        for kv in sys.argv[4:]:
            k, v = kv.split('=', 1)
            subprocess.run([px, '--db', db, '-q', 'config', k, v], check=True)
        t0 = time.time()
        # Exit 1 means some inputs failed and the rest were stored: score
        # what was stored (a refused input counts as a story of its own)
        # and say how many failed; anything worse stops the run.
        r = subprocess.run([px, '--db', db, '-q', 'add', src],
                           stderr=subprocess.PIPE, text=True)
        took = time.time() - t0
        if r.returncode not in (0, 1):
            sys.exit('parallax add exited %d: %s' % (r.returncode, r.stderr))
        failed = sum(1 for l in r.stderr.splitlines() if l.startswith('parallax: '))
        con = sqlite3.connect(db)
        rows = con.execute(
            "SELECT u.url, s.story_id FROM article_urls u JOIN story_articles s "
            "ON s.article_id = u.article_id UNION "
            "SELECT a.url, s.story_id FROM articles a JOIN story_articles s "
            "ON s.article_id = a.id").fetchall()
        con.close()
    with open(out, 'w', encoding='utf-8') as g:
        for url, story in sorted(set(rows)):
            g.write('%s\t%d\n' % (url.rsplit('/', 1)[1], story))
    print('parallax add: %d inputs in %.2f s (incl. extraction, storage, copies, '
          'analysis)%s' % (sum(1 for _ in open(docs, encoding='utf-8')), took,
                           '; %d error lines from add' % failed if failed else ''))


if __name__ == '__main__':
    main()
