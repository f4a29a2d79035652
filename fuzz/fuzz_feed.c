/*
** fuzz_feed.c: px_feed_parse on arbitrary bytes (XML in any encoding,
** JSON Feed), with a base URL so link resolution runs too. The first byte
** picks an HTTP charset to exercise the encoding decision. Every output
** string must be valid UTF-8 without control characters.
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/feed.h"
#include "util/str.h"

static void check(const char *s) {
  if (!s) return;
  size_t n = strlen(s);
  if (!px_utf8_valid(s, n)) abort();
  for (size_t i = 0; i < n; i++)
    if ((unsigned char)s[i] < 0x20 && s[i] != '\n' && s[i] != '\t') abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const char *const ctypes[] = {NULL, "text/xml; charset=iso-8859-1",
                                       "application/xml; charset=utf-16",
                                       "text/plain", "application/rss+xml; charset=shift_jis"};
  const char *ct = NULL;
  if (size > 0) {
    ct = ctypes[data[0] % 5];
    data++;
    size--;
  }
  px_feed_opts o = {.url = "http://example.com/dir/feed.xml", .content_type = ct,
                    .max_entries = 200};
  px_feed *f = NULL;
  px_err err = {0};
  if (px_feed_parse((const char *)data, size, &o, &f, &err) != PX_OK) return 0;
  check(f->title);
  check(f->link);
  check(f->description);
  for (size_t i = 0; i < f->nentries; i++) {
    const px_feed_entry *e = &f->entries[i];
    check(e->id);
    check(e->title);
    check(e->link);
    check(e->summary);
    check(e->content);
    for (size_t k = 0; k < e->nauthors; k++) check(e->authors[k].name);
    char key[33];
    px_feed_entry_key(e, key);
  }
  px_feed_free(f);
  return 0;
}
