/*
** align.c: block-level alignment (see align.h). Each side's shingles are
** put in a map from shingle to the first block holding it; then every
** block of one side votes with its shingles for blocks of the other. The
** work is linear in the two articles' lengths.
** Memory: the maps and shingle arrays are freed before returning; the
** result is one malloc'd struct with malloc'd arrays.
*/
#include "dedup/align.h"

#include <stdlib.h>
#include <string.h>

#include "dedup/shingle.h"
#include "dedup/u64map.h"
#include "text/norm.h"
#include "text/tok.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/hash.h"
#include "util/str.h"

#define NONE UINT32_MAX

typedef struct side {
  const px_doc *doc;
  px_shingles sh;
  px_u64map first;   /* shingle -> first block */
  size_t *nsh;       /* shingles per block */
} side;

void px_passage_set_free(px_passage_set *p) {
  if (!p) return;
  free(p->v);
  free(p->a_copied);
  free(p->b_copied);
  free(p);
}

bool px_passages_are_copy(const px_passage_set *p) {
  const size_t min_chars = 250;
  if (p->a_chars_shared < min_chars || p->b_chars_shared < min_chars) return false;
  return p->a_blocks_shared >= 2 || p->b_blocks_shared >= 2 || p->a_share >= 0.3 ||
         p->b_share >= 0.3;
}

static px_rc side_init(side *s, const px_doc *d, const px_dedup_index *ix,
                       px_err *err) {
  memset(s, 0, sizeof *s);
  s->doc = d;
  px_shingles_init(&s->sh);
  px_u64map_init(&s->first);
  px_rc rc = px_shingles_doc(d, 5, &s->sh, err);
  if (rc != PX_OK) return rc;
  if (ix) {
    /* Drop boilerplate blocks' shingles, compacting in place. */
    size_t w = 0;
    for (size_t i = 0; i < s->sh.n;) {
      size_t j = i;
      while (j < s->sh.n && s->sh.block[j] == s->sh.block[i]) j++;
      if (!px_dedup_index_is_boilerplate(ix, px_shingles_block_hash(&s->sh, i, j)))
        for (size_t q = i; q < j; q++, w++) {
          s->sh.h[w] = s->sh.h[q];
          s->sh.block[w] = s->sh.block[q];
        }
      i = j;
    }
    s->sh.n = w;
  }
  s->nsh = calloc(d->nblocks + 1, sizeof *s->nsh);
  if (!s->nsh) return px_err_set(err, PX_ENOMEM, "align: out of memory");
  for (size_t i = 0; i < s->sh.n; i++) {
    s->nsh[s->sh.block[i]]++;
    if (!px_u64map_put(&s->first, s->sh.h[i], s->sh.block[i], NULL))
      return px_err_set(err, PX_ENOMEM, "align: out of memory");
  }
  return PX_OK;
}

static void side_reset(side *s) {
  px_shingles_reset(&s->sh);
  px_u64map_reset(&s->first);
  free(s->nsh);
}

/* For each block of x, marks it copied in y and records its partner. */
static px_rc mark(const side *x, const side *y, bool *copied, uint32_t *partner,
                  px_err *err) {
  size_t ny = y->doc->nblocks;
  size_t *votes = calloc(ny + 1, sizeof *votes);
  if (!votes) return px_err_set(err, PX_ENOMEM, "align: out of memory");
  size_t i = 0;
  while (i < x->sh.n) {
    uint32_t blk = x->sh.block[i];
    size_t j = i, hits = 0;
    for (; j < x->sh.n && x->sh.block[j] == blk; j++) {
      const uint32_t *v = px_u64map_get(&y->first, x->sh.h[j]);
      if (v) {
        votes[*v]++;
        hits++;
      }
    }
    size_t total = j - i;
    if (hits >= 2 && hits * 2 >= total) {
      copied[blk] = true;
      size_t best = 0;
      for (size_t b = 0; b < ny; b++)
        if (votes[b] > votes[best]) best = b;
      partner[blk] = (uint32_t)best;
    }
    /* Clear the votes this block cast. */
    for (size_t q = i; q < j; q++) {
      const uint32_t *v = px_u64map_get(&y->first, x->sh.h[q]);
      if (v) votes[*v] = 0;
    }
    i = j;
  }
  free(votes);
  return PX_OK;
}

/* ---- narrative runs ----------------------------------------------------- */
/* A wire paragraph an outlet rewrote at one end still carries a long run
** of the wire's words ("... including possible trips by Treasury Secretary
** Janet Yellen and Commerce Secretary Gina Raimondo"). RUN_WORDS identical
** consecutive words outside quotation marks mark both blocks as copied.
** Quoted words are left out: two outlets quoting the same speaker share
** the speaker's words, not each other's copy. */

#define RUN_WORDS 12

typedef struct runs {
  uint64_t *h;       /* hash of each RUN_WORDS-word window */
  uint32_t *block;
  size_t n, cap;
} runs;

static bool open_quote(uint32_t cp) {
  return cp == 0x201C || cp == 0x00AB || cp == 0x201E;
}
static bool close_quote(uint32_t cp) {
  return cp == 0x201D || cp == 0x00BB;
}

static px_rc runs_push(runs *r, uint64_t h, uint32_t block) {
  if (r->n == r->cap) {
    size_t nc = r->cap ? r->cap * 2 : 256;
    uint64_t *nh = realloc(r->h, nc * sizeof *nh);
    if (!nh) return PX_ENOMEM;
    r->h = nh;
    uint32_t *nb = realloc(r->block, nc * sizeof *nb);
    if (!nb) return PX_ENOMEM;
    r->block = nb;
    r->cap = nc;
  }
  r->h[r->n] = h;
  r->block[r->n++] = block;
  return PX_OK;
}

/* Windows of RUN_WORDS unquoted words, never across a quotation or block. */
static px_rc runs_doc(const px_doc *d, runs *out) {
  px_buf w;
  px_buf_init(&w, 256);
  px_rc rc = PX_OK;
  for (size_t b = 0; b < d->nblocks && rc == PX_OK; b++) {
    const px_block *blk = &d->blocks[b];
    if (blk->kind == PX_BLOCK_CAPTION) continue;
    uint64_t ring[RUN_WORDS];
    size_t nw = 0, pos = 0;
    bool quoted = false;
    int straight = 0;  /* parity of ASCII double quotes seen */
    px_tok_iter it;
    px_tok t;
    px_tok_init(&it, blk->text, blk->len);
    while (rc == PX_OK && px_tok_next(&it, &t)) {
      /* quotation marks between the previous word and this one */
      while (pos < t.start) {
        uint32_t cp;
        size_t k = px_utf8_decode(blk->text + pos, t.start - pos, &cp);
        if (open_quote(cp)) quoted = true;
        else if (close_quote(cp)) quoted = false;
        else if (cp == '"') quoted = (++straight & 1) != 0;
        if (open_quote(cp) || close_quote(cp) || cp == '"') nw = 0;
        pos += k;
      }
      pos = t.end;
      if (quoted) continue;
      w.len = 0;
      if (px_norm_word(blk->text + t.start, t.end - t.start, &w) != PX_OK || !w.len)
        continue;
      uint64_t wh = px_hash64(w.data, w.len, 0);
      if (nw < RUN_WORDS) {
        ring[nw++] = wh;
      } else {
        memmove(ring, ring + 1, (RUN_WORDS - 1) * sizeof ring[0]);
        ring[RUN_WORDS - 1] = wh;
      }
      if (nw == RUN_WORDS)
        rc = runs_push(out, px_hash64(ring, sizeof ring, 0x52554e53), (uint32_t)b);
    }
  }
  px_buf_reset(&w);
  return rc;
}

/* Marks blocks of a and b that share a run; partner maps a's blocks. */
static px_rc mark_runs(const px_doc *a, const px_doc *b, bool *a_copied, bool *b_copied, uint32_t *partner,
                       px_err *err) {
  runs ra = {0}, rb = {0};
  px_u64map first;
  px_u64map_init(&first);
  px_rc rc = runs_doc(a, &ra);
  if (rc == PX_OK) rc = runs_doc(b, &rb);
  for (size_t i = 0; rc == PX_OK && i < ra.n; i++)
    if (!px_u64map_put(&first, ra.h[i], ra.block[i], NULL)) rc = PX_ENOMEM;
  for (size_t j = 0; rc == PX_OK && j < rb.n; j++) {
    const uint32_t *v = px_u64map_get(&first, rb.h[j]);
    if (!v) continue;
    if (!a_copied[*v]) partner[*v] = rb.block[j];
    a_copied[*v] = true;
    b_copied[rb.block[j]] = true;
  }
  px_u64map_reset(&first);
  free(ra.h);
  free(ra.block);
  free(rb.h);
  free(rb.block);
  if (rc) return px_err_set(err, rc, "align: out of memory");
  return PX_OK;
}

static void totals(const side *s, const bool *copied, size_t *bshared,
                   size_t *btotal, size_t *cshared, size_t *ctotal) {
  *bshared = *btotal = *cshared = *ctotal = 0;
  for (size_t i = 0; i < s->doc->nblocks; i++) {
    const px_block *b = &s->doc->blocks[i];
    if (b->kind == PX_BLOCK_CAPTION) continue;
    *ctotal += b->len;
    if (s->nsh[i]) (*btotal)++;
    if (copied[i]) {
      (*bshared)++;
      *cshared += b->len;
    }
  }
}

px_rc px_passages_align(const px_doc *a, const px_doc *b, px_passage_set **out,
                        px_err *err) {
  return px_passages_align_ix(a, b, NULL, out, err);
}

px_rc px_passages_align_ix(const px_doc *a, const px_doc *b,
                           const px_dedup_index *ix, px_passage_set **out,
                           px_err *err) {
  side sa, sb;
  uint32_t *partner = NULL;
  px_passage_set *ps = calloc(1, sizeof *ps);
  px_rc rc = PX_ENOMEM;
  memset(&sa, 0, sizeof sa);
  memset(&sb, 0, sizeof sb);
  if (!ps) goto fail;
  ps->a_nblocks = a->nblocks;
  ps->b_nblocks = b->nblocks;
  ps->a_copied = calloc(a->nblocks + 1, sizeof(bool));
  ps->b_copied = calloc(b->nblocks + 1, sizeof(bool));
  partner = malloc((a->nblocks + 1) * sizeof *partner);
  if (!ps->a_copied || !ps->b_copied || !partner) goto fail;
  rc = side_init(&sa, a, ix, err);
  if (rc == PX_OK) rc = side_init(&sb, b, ix, err);
  if (rc != PX_OK) goto done;
  uint32_t *bpartner = malloc((b->nblocks + 1) * sizeof *bpartner);
  if (!bpartner) {
    rc = PX_ENOMEM;
    goto fail;
  }
  rc = mark(&sa, &sb, ps->a_copied, partner, err);
  if (rc == PX_OK) rc = mark(&sb, &sa, ps->b_copied, bpartner, err);
  if (rc == PX_OK)
    rc = mark_runs(a, b, ps->a_copied, ps->b_copied, partner, err);
  free(bpartner);
  if (rc != PX_OK) goto done;

  /* Passages: runs of copied A blocks; blocks without shingles (short
  ** lines, captions) neither break nor join a run. */
  size_t cap = 0;
  px_passage *cur = NULL;
  for (size_t i = 0; i < a->nblocks; i++) {
    if (!ps->a_copied[i]) {
      if (sa.nsh[i]) cur = NULL;
      continue;
    }
    size_t pb = partner[i];
    if (!cur) {
      if (ps->n == cap) {
        size_t nc = cap ? cap * 2 : 8;
        px_passage *nv = realloc(ps->v, nc * sizeof *nv);
        if (!nv) {
          rc = PX_ENOMEM;
          goto fail;
        }
        ps->v = nv;
        cap = nc;
      }
      cur = &ps->v[ps->n++];
      memset(cur, 0, sizeof *cur);
      cur->a_first = i;
      cur->b_first = cur->b_last = pb;
    }
    cur->a_last = i;
    cur->a_blocks++;
    cur->a_chars += a->blocks[i].len;
    if (pb < cur->b_first) cur->b_first = pb;
    if (pb > cur->b_last) cur->b_last = pb;
  }
  for (size_t p = 0; p < ps->n; p++) {
    px_passage *v = &ps->v[p];
    for (size_t j = v->b_first; j <= v->b_last; j++)
      if (ps->b_copied[j]) {
        v->b_blocks++;
        v->b_chars += b->blocks[j].len;
      }
  }
  totals(&sa, ps->a_copied, &ps->a_blocks_shared, &ps->a_blocks_total,
         &ps->a_chars_shared, &ps->a_chars_total);
  totals(&sb, ps->b_copied, &ps->b_blocks_shared, &ps->b_blocks_total,
         &ps->b_chars_shared, &ps->b_chars_total);
  ps->a_share = ps->a_chars_total ? (double)ps->a_chars_shared / ps->a_chars_total : 0;
  ps->b_share = ps->b_chars_total ? (double)ps->b_chars_shared / ps->b_chars_total : 0;
  rc = PX_OK;
  goto done;

fail:
  px_err_set(err, rc, "align: out of memory");
done:
  free(partner);
  side_reset(&sa);
  side_reset(&sb);
  if (rc != PX_OK) {
    px_passage_set_free(ps);
    return rc;
  }
  *out = ps;
  return PX_OK;
}
