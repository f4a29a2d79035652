/*
** seeds.h: loads the seed articles (tests/fixtures/seeds) as px_docs for
** the dedup and cluster tests: the first non-empty line is the title, every
** other non-empty line a paragraph. This is the raw form, before the
** plain-text cleaner; the relations under test must hold on it too.
** Memory: caller frees each doc with px_doc_free.
*/
#ifndef PX_TEST_SEEDS_H
#define PX_TEST_SEEDS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract/doc.h"
#include "extract/plaintext.h"
#include "util/file.h"

static inline px_doc *seed_doc_from_text(const char *s, size_t len) {
  px_doc *d = px_doc_new(0);
  if (!d) return NULL;
  size_t i = 0;
  int first = 1;
  while (i < len) {
    size_t j = i;
    while (j < len && s[j] != '\n') j++;
    size_t a = i, b = j;
    while (a < b && (s[a] == ' ' || s[a] == '\t' || s[a] == '\r')) a++;
    while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t' || s[b - 1] == '\r')) b--;
    if (b > a) {
      if (first) px_doc_set(d, &d->title, s + a, b - a);
      else px_doc_add_block(d, PX_BLOCK_PARA, s + a, b - a);
      first = 0;
    }
    i = j + 1;
  }
  return d;
}

/* Loads seed number n (0..4), raw (clean = 0: every line a paragraph) or
** through the plain-text cleaner (clean = 1); NULL on failure. */
static inline px_doc *seed_doc_mode(int n, int clean) {
  static const char *names[] = {
      "000_f6d645dabc46512d.txt", "001_61a2b7113e9c39af.txt",
      "002_5fe315ebc06e9dbe.txt", "003_d99be8deb27359fc.txt",
      "004_cf15a95a0f68fdb8.txt"};
  const char *root = getenv("PX_SOURCE_ROOT");
  char path[4096];
  snprintf(path, sizeof path, "%s/tests/fixtures/seeds/%s", root ? root : ".",
           names[n]);
  char *text = NULL;
  size_t len = 0;
  if (px_file_read(path, 1u << 24, &text, &len, NULL) != PX_OK) return NULL;
  px_doc *d = NULL;
  if (clean) {
    if (px_plaintext_extract(text, len, path, &d, NULL) != PX_OK) d = NULL;
  } else {
    d = seed_doc_from_text(text, len);
  }
  free(text);
  return d;
}

static inline px_doc *seed_doc(int n) { return seed_doc_mode(n, 0); }

#endif
