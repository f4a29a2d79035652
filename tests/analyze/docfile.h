/*
** docfile.h: loads hand-cleaned articles for the analyze tests, the
** evaluator and the benchmark (header-only, test code).
**
** Format: "=== KEY" starts an article; "site: ", "published: ",
** "title: ", "dateline: " lines set metadata until "---"; then one
** paragraph per line ("## " marks an in-body heading); blank lines are
** ignored. Memory: docs are px_doc_new'd; free them with docfile_free.
*/
#ifndef PX_TESTS_DOCFILE_H
#define PX_TESTS_DOCFILE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "extract/doc.h"
#include "util/file.h"

typedef struct docfile {
  px_doc **docs;
  char **keys;
  size_t n, cap;
} docfile;

static int docfile_push(docfile *f, const char *key, size_t kl) {
  if (f->n == f->cap) {
    size_t nc = f->cap ? f->cap * 2 : 8;
    px_doc **nd = realloc(f->docs, nc * sizeof *nd);
    if (!nd) return -1;
    f->docs = nd;
    char **nk = realloc(f->keys, nc * sizeof *nk);
    if (!nk) return -1;
    f->keys = nk;
    f->cap = nc;
  }
  f->docs[f->n] = px_doc_new(0);
  f->keys[f->n] = strndup(key, kl);
  if (!f->docs[f->n] || !f->keys[f->n]) return -1;
  f->n++;
  return 0;
}

/* Parses text (len bytes) into f (zeroed by the caller). 0 on success. */
static int docfile_parse(docfile *f, const char *text, size_t len) {
  const char *p = text, *end = text + len;
  int in_body = 0;
  while (p < end) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    const char *le = nl ? nl : end;
    size_t l = (size_t)(le - p);
    if (l >= 4 && memcmp(p, "=== ", 4) == 0) {
      if (docfile_push(f, p + 4, l - 4) != 0) return -1;
      in_body = 0;
    } else if (f->n > 0 && l > 0) {
      px_doc *d = f->docs[f->n - 1];
      if (!in_body) {
        if (l == 3 && memcmp(p, "---", 3) == 0) in_body = 1;
        else if (l > 6 && memcmp(p, "site: ", 6) == 0) px_doc_set(d, &d->site, p + 6, l - 6);
        else if (l > 11 && memcmp(p, "published: ", 11) == 0)
          px_doc_set(d, &d->published, p + 11, l - 11);
        else if (l > 7 && memcmp(p, "title: ", 7) == 0) px_doc_set(d, &d->title, p + 7, l - 7);
        else if (l > 6 && memcmp(p, "lang: ", 6) == 0) px_doc_set(d, &d->lang, p + 6, l - 6);
        else if (l > 10 && memcmp(p, "dateline: ", 10) == 0)
          px_doc_set(d, &d->dateline, p + 10, l - 10);
      } else if (l > 3 && memcmp(p, "## ", 3) == 0) {
        px_doc_add_block(d, PX_BLOCK_HEADING, p + 3, l - 3);
      } else {
        px_doc_add_block(d, PX_BLOCK_PARA, p, l);
      }
    }
    p = nl ? nl + 1 : end;
  }
  return 0;
}

static int docfile_load(docfile *f, const char *path) {
  char *buf = NULL;
  size_t len = 0;
  memset(f, 0, sizeof *f);
  if (px_file_read(path, (size_t)64 << 20, &buf, &len, NULL) != PX_OK) return -1;
  int r = docfile_parse(f, buf, len);
  free(buf);
  return r;
}

static void docfile_free(docfile *f) {
  for (size_t i = 0; i < f->n; i++) {
    px_doc_free(f->docs[i]);
    free(f->keys[i]);
  }
  free(f->docs);
  free(f->keys);
  memset(f, 0, sizeof *f);
}

#endif
