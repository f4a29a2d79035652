/*
** fuzz_searchtok.c: the search tokenizer (text/searchtok.h) and the query
** translation on arbitrary bytes. The first byte picks the language and
** the mode. Checked: every token is non-empty and comes from a range
** inside the input, a position's first token is not colocated, and a text
** gives as many positions for snippets (AUX) as for indexing, so snippet
** offsets always line up with the index.
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "search/search.h"
#include "text/searchtok.h"

typedef struct check {
  size_t size, positions;
  int any;
} check;

static int on_token(void *ctx, int colocated, const char *tok, size_t len,
                    size_t start, size_t end) {
  check *c = ctx;
  (void)tok;
  if (!len || start >= end || end > c->size) abort();
  if (colocated && !c->any) abort();
  if (!colocated) c->positions++;
  c->any = 1;
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const char *const langs[] = {NULL, "en", "de", "fr", "es", "ja",
                                      "xx", "en,de,fr", "pt-BR", ""};
  if (!size) return 0;
  const char *lang = langs[data[0] % (sizeof langs / sizeof *langs)];
  const char *s = (const char *)data + 1;
  size_t n = size - 1;
  px_searchtok *t = px_searchtok_new();
  if (!t) return 0;
  check doc = {n, 0, 0}, aux = {n, 0, 0}, q = {n, 0, 0};
  if (px_searchtok_run(t, s, n, lang, PX_STOK_DOC, on_token, &doc) != 0 ||
      px_searchtok_run(t, s, n, lang, PX_STOK_AUX, on_token, &aux) != 0)
    abort();
  if (doc.positions != aux.positions) abort();
  int what = PX_STOK_QUERY | ((data[0] & 0x80) ? PX_STOK_PREFIX : 0);
  if (px_searchtok_run(t, s, n, lang, what, on_token, &q) != 0) abort();
  px_searchtok_free(t);
  px_buf b;
  px_buf_init(&b, 0);
  px_search_translate_lang(s, n, (data[0] & 1) ? "de" : NULL, &b, NULL);
  px_buf_reset(&b);
  return 0;
}
