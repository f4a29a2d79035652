/*
** fuzz_html.c: px_html_extract, the fragment path and the tokenizer on
** arbitrary bytes. The first byte picks options (Content-Type header,
** URL, fragment mode); the rest is the page. Checks the doc's promises:
** every string valid UTF-8, blocks non-empty with their stated length,
** and that decoding every token view stays within bounds.
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "extract/dump.h"
#include "extract/html_extract.h"
#include "extract/html_tok.h"
#include "util/str.h"

static void check(const char *s) {
  if (s && !px_utf8_valid(s, strlen(s))) abort();
}

static void check_doc(const px_doc *d) {
  const char *f[] = {d->title, d->subtitle, d->site, d->wire, d->dateline,
                     d->published, d->updated, d->lang, d->image,
                     d->canonical_url, d->section, d->url};
  for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) check(f[i]);
  for (size_t i = 0; i < d->nauthors; i++) check(d->authors[i]);
  for (size_t i = 0; i < d->nblocks; i++) {
    const px_block *b = &d->blocks[i];
    if (b->len == 0 || strlen(b->text) != b->len) abort();
    check(b->text);
  }
}

static void tokens(const char *s, size_t n) {
  px_htokenizer t;
  px_htok k;
  px_buf b;
  px_buf_init(&b, 0);
  px_htok_init(&t, s, n);
  while (px_htok_next(&t, &k)) {
    b.len = 0;
    if (k.type == PX_HTOK_TEXT && !k.raw) px_html_decode(k.text.p, k.text.len, false, &b);
    for (size_t i = 0; i < k.nattrs; i++)
      px_html_decode(k.attrs[i].value.p, k.attrs[i].value.len, true, &b);
  }
  px_htok_reset(&t);
  px_buf_reset(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0) return 0;
  unsigned opt = data[0];
  const char *s = (const char *)data + 1;
  size_t n = size - 1;
  static const char *const types[] = {NULL, "text/html; charset=utf-8",
                                      "text/html; charset=iso-8859-1",
                                      "text/html; charset=shift_jis",
                                      "text/html; charset=utf-16be",
                                      "text/html;charset=\"koi8-r\"", NULL, NULL};
  const char *url = (opt & 8) ? "https://news.example/2024/01/02/story" : NULL;
  tokens(s, n);
  if (opt & 16) {
    px_buf b;
    px_buf_init(&b, 0);
    if (px_html_to_text(s, n, &b) == PX_OK) check(px_buf_cstr(&b));
    px_buf_reset(&b);
    return 0;
  }
  px_doc *d = NULL;
  px_err e = {0};
  if (px_html_extract(s, n, url, types[opt & 7], &d, &e) != PX_OK) return 0;
  check_doc(d);
  px_buf b;
  px_buf_init(&b, 0);
  if (px_doc_to_json(d, &b, 0) != PX_OK) abort();
  px_buf_reset(&b);
  px_doc_free(d);
  return 0;
}
