#!/usr/bin/env python3
"""via_cli.py: the same articles through the product, as a user would feed
them: `parallax add` of a JSON-lines file into a fresh store (extraction,
publish dates read from the texts' date lines, exact-duplicate collapse,
the stored clustering settings), then each input's story read back from
the store (a collapsed duplicate counts in the story of the article that
kept its URL). Prints id<TAB>story lines to OUT.

With --plain the articles go in as one plain-text file per article
(ID.txt: the title, a blank line, the text) in one folder, added with
`parallax add FOLDER`: the plain-text extractor finds title and body
itself, as for a user's own files.

usage: via_cli.py [--plain] PARALLAX DOCS.jsonl OUT.tsv [KEY=VALUE ...]
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
    argv = [a for a in sys.argv[1:] if a != '--plain']
    plain = len(argv) < len(sys.argv) - 1
    if len(argv) < 3:
        sys.exit(__doc__)
    px, docs, out = argv[0], argv[1], argv[2]
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, 'px.db')
        if plain:
            src = os.path.join(tmp, 'articles')
            os.mkdir(src)
        else:
            src = os.path.join(tmp, 'in.jsonl')
            g = open(src, 'w', encoding='utf-8')
        with open(docs, encoding='utf-8') as f:
            for line in f:
                d = json.loads(line)
                if plain:
                    with open(os.path.join(src, d['id'] + '.txt'), 'w',
                              encoding='utf-8') as t:
                        t.write(d.get('title', '') + '\n\n' + d.get('text', '') + '\n')
                else:
                    g.write(json.dumps({'url': 'https://ecb.example/' + d['id'],
                                        'title': d.get('title', ''),
                                        'text': d.get('text', '')}) + '\n')
        if not plain:
            g.close()
        for kv in argv[3:]:
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
            name = url.rsplit('/', 1)[1]
            if plain and name.endswith('.txt'):
                name = name[:-4]
            g.write('%s\t%d\n' % (name, story))
    print('parallax add: %d inputs in %.2f s (incl. extraction, storage, copies, '
          'analysis)%s' % (sum(1 for _ in open(docs, encoding='utf-8')), took,
                           '; %d error lines from add' % failed if failed else ''))


if __name__ == '__main__':
    main()
