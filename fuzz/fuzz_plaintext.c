/*
** fuzz_plaintext.c: px_plaintext_extract on arbitrary bytes, then both
** dumps. Checks the doc's promises: every string is valid UTF-8 and
** blocks are non-empty and trimmed.
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "extract/dump.h"
#include "extract/plaintext.h"
#include "util/str.h"

static void check(const char *s) {
  if (s && !px_utf8_valid(s, strlen(s))) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  px_doc *d = NULL;
  px_err e = {0};
  if (px_plaintext_extract((const char *)data, size, NULL, &d, &e) != PX_OK)
    return 0;
  check(d->title);
  check(d->subtitle);
  check(d->site);
  check(d->wire);
  check(d->dateline);
  check(d->published);
  check(d->updated);
  check(d->section);
  for (size_t i = 0; i < d->nauthors; i++) check(d->authors[i]);
  for (size_t i = 0; i < d->nblocks; i++) {
    const px_block *b = &d->blocks[i];
    if (b->len == 0 || strlen(b->text) != b->len) abort();
    check(b->text);
  }
  size_t blen = 0;
  if (!px_doc_body(d, &blen)) abort();  /* the arena cap leaves room */
  px_buf b;
  px_buf_init(&b, 0);
  if (px_doc_to_json(d, &b, (int)(size & 1)) != PX_OK) abort();
  px_buf_reset(&b);
  if (px_doc_to_text(d, &b) != PX_OK) abort();
  px_buf_reset(&b);
  px_doc_free(d);
  return 0;
}
