/*
** fuzz_copies.c: the text layer and copy detection on hostile text. The
** input is split at the first 0xFF byte into two articles (one paragraph
** per line); both go through the normaliser, the tokenizer, the dedup
** index, passage alignment, the copy report (credits, aggregator footers,
** JSON and text) and the clusterer.
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cluster/cluster.h"
#include "dedup/align.h"
#include "dedup/copies.h"
#include "dedup/dedup.h"
#include "text/norm.h"
#include "text/tok.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static px_doc *doc_of(const char *s, size_t len) {
  px_doc *d = px_doc_new(1u << 24);
  if (!d) return NULL;
  size_t i = 0;
  while (i < len) {
    size_t j = i;
    while (j < len && s[j] != '\n') j++;
    if (j > i) {
      /* px_doc wants valid UTF-8: normalise first (invalid bytes -> U+FFFD). */
      px_buf b;
      px_buf_init(&b, 0);
      if (px_norm_text(s + i, j - i, &b, NULL) == PX_OK && b.len)
        px_doc_add_block(d, i == 0 ? PX_BLOCK_CAPTION : PX_BLOCK_PARA, b.data, b.len);
      px_buf_reset(&b);
    }
    i = j + 1;
  }
  return d;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *s = (const char *)data;
  const char *cut = memchr(s, 0xFF, size);
  size_t la = cut ? (size_t)(cut - s) : size;
  size_t lb = cut ? size - la - 1 : 0;
  px_tok_iter it;
  px_tok t;
  px_tok_init(&it, s, size);
  while (px_tok_next(&it, &t))
    if (t.end <= t.start || t.end > size) abort();
  px_doc *a = doc_of(s, la), *b = doc_of(cut ? cut + 1 : s, lb);
  if (a && b) {
    px_dedup_index *ix = px_dedup_index_new(NULL);
    px_dedup_match *m = NULL;
    size_t n = 0;
    if (ix) {
      px_dedup_index_add(ix, 1, a, NULL, NULL, NULL);
      px_dedup_index_add(ix, 2, b, &m, &n, NULL);
      free(m);
    }
    px_passage_set *ps = NULL;
    if (px_passages_align_ix(a, b, ix, &ps, NULL) == PX_OK) {
      (void)px_passages_are_copy(ps);
      px_passage_set_free(ps);
    }
    px_copy_input in[2] = {{1, a, 0, "a"}, {2, b, 0, NULL}};
    px_copy_report *r = NULL;
    if (px_copies_analyze_ix(in, 2, ix, &r, NULL) == PX_OK) {
      json_decref(px_copy_report_json(r, NULL));
      px_buf out;
      px_buf_init(&out, 0);
      int64_t focus = 2;
      px_copy_report_text(r, &focus, &out);
      px_buf_reset(&out);
      px_copy_report_free(r);
    }
    px_dedup_index_free(ix);
    px_clusterer *c = px_clusterer_new(NULL);
    if (c) {
      int64_t st;
      px_clusterer_add(c, 1, a, 0, &st, NULL);
      px_clusterer_add(c, 2, b, 86400, &st, NULL);
      px_clusterer_free(c);
    }
  }
  px_doc_free(a);
  px_doc_free(b);
  return 0;
}
