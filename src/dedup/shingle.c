/*
** shingle.c: k-word shingles per block (see shingle.h). Word hashes are
** kept in a small ring of the last k, and a shingle's hash is xxHash over
** those k word hashes, so each word is normalised and hashed once.
** Memory: growth of the caller's arrays with realloc; a scratch px_buf for
** the normalised word, freed before return.
*/
#include "dedup/shingle.h"

#include <stdlib.h>
#include <string.h>

#include "text/norm.h"
#include "text/tok.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/hash.h"

#define MAX_K 16
#define SHINGLE_SEED 0x5368696e676c6531ULL
#define CONTENT_SEED 0x436f6e74656e7431ULL

void px_shingles_init(px_shingles *s) { memset(s, 0, sizeof *s); }

void px_shingles_reset(px_shingles *s) {
  free(s->h);
  free(s->block);
  memset(s, 0, sizeof *s);
}

uint64_t px_shingle_word_hash(const char *w, size_t len) {
  return px_hash64(w, len, 0);
}

static px_rc push(px_shingles *s, uint64_t h, uint32_t block) {
  if (s->n == s->cap) {
    size_t nc = s->cap ? s->cap * 2 : 256;
    uint64_t *nh = realloc(s->h, nc * sizeof *nh);
    if (!nh) return PX_ENOMEM;
    s->h = nh;
    uint32_t *nb = realloc(s->block, nc * sizeof *nb);
    if (!nb) return PX_ENOMEM;
    s->block = nb;
    s->cap = nc;
  }
  s->h[s->n] = h;
  s->block[s->n] = block;
  s->n++;
  return PX_OK;
}

/* Shingles one block. content accumulates a running hash of every word. */
static px_rc shingle_block(const char *text, size_t len, uint32_t block,
                           unsigned k, px_shingles *out, px_buf *word) {
  uint64_t ring[MAX_K];
  size_t nw = 0;
  px_tok_iter it;
  px_tok t;
  px_tok_init(&it, text, len);
  while (px_tok_next(&it, &t)) {
    word->len = 0;
    px_rc rc = px_norm_word(text + t.start, t.end - t.start, word);
    if (rc != PX_OK) return rc;
    if (word->len == 0) continue;
    uint64_t wh = px_shingle_word_hash(word->data, word->len);
    uint64_t mix[2] = {out->content, wh};
    out->content = px_hash64(mix, sizeof mix, CONTENT_SEED);
    out->nwords++;
    if (nw < k) {
      ring[nw++] = wh;
      if (nw == k) {
        rc = push(out, px_hash64(ring, k * sizeof ring[0], SHINGLE_SEED), block);
        if (rc != PX_OK) return rc;
      }
      continue;
    }
    memmove(ring, ring + 1, (k - 1) * sizeof ring[0]);
    ring[k - 1] = wh;
    rc = push(out, px_hash64(ring, k * sizeof ring[0], SHINGLE_SEED), block);
    if (rc != PX_OK) return rc;
  }
  if (nw >= 3 && nw < k)
    return push(out, px_hash64(ring, nw * sizeof ring[0], SHINGLE_SEED), block);
  return PX_OK;
}

static unsigned clamp_k(unsigned k) {
  if (k == 0) return 5;
  return k > MAX_K ? MAX_K : k;
}

px_rc px_shingles_doc(const px_doc *doc, unsigned k, px_shingles *out,
                      px_err *err) {
  px_buf word;
  px_buf_init(&word, 1u << 20);
  k = clamp_k(k);
  px_rc rc = PX_OK;
  for (size_t i = 0; i < doc->nblocks && rc == PX_OK; i++) {
    const px_block *b = &doc->blocks[i];
    if (b->kind == PX_BLOCK_CAPTION) continue;
    rc = shingle_block(b->text, b->len, (uint32_t)i, k, out, &word);
  }
  px_buf_reset(&word);
  if (rc != PX_OK) return px_err_set(err, rc, "shingling: out of memory");
  return PX_OK;
}

px_rc px_shingles_text(const char *s, size_t len, unsigned k, px_shingles *out,
                       px_err *err) {
  px_buf word;
  px_buf_init(&word, 1u << 20);
  px_rc rc = shingle_block(s, len, 0, clamp_k(k), out, &word);
  px_buf_reset(&word);
  if (rc != PX_OK) return px_err_set(err, rc, "shingling: out of memory");
  return PX_OK;
}

uint64_t px_shingles_block_hash(const px_shingles *s, size_t from, size_t to) {
  return px_hash64(s->h + from, (to - from) * sizeof s->h[0], 0x426c6f636bULL);
}

static int cmp_u64(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return x < y ? -1 : x > y;
}

void px_shingles_to_set(px_shingles *s) {
  free(s->block);
  s->block = NULL;
  if (s->n == 0) return;
  qsort(s->h, s->n, sizeof s->h[0], cmp_u64);
  size_t j = 1;
  for (size_t i = 1; i < s->n; i++)
    if (s->h[i] != s->h[j - 1]) s->h[j++] = s->h[i];
  s->n = j;
}
