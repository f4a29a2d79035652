/*
** index.c: the dedup index (see dedup.h).
**
** Layout: per article an entry {id, fingerprint count, word count} and a
** k-byte signature (the low byte of each MinHash value: "b-bit MinHash",
** whose Jaccard estimate is corrected for the 1/256 chance of equal low
** bytes). LSH bands and fingerprints are chained lists threaded through
** arrays: a map from key to the newest article (or posting) and a "next"
** link per entry, so adding is O(1) per key and needs no per-key malloc.
** Memory: everything belongs to the index and is freed by _free.
*/
#include "dedup/dedup.h"

#include <stdlib.h>
#include <string.h>

#include "dedup/minhash.h"
#include "dedup/shingle.h"
#include "dedup/u64map.h"
#include "util/err.h"
#include "util/hash.h"
#include "util/snap.h"

#define NONE UINT32_MAX
#define MAX_CHAIN_WALK 4096

typedef struct entry {
  int64_t id;
  uint32_t nfps;
} entry;

typedef struct posting {
  uint32_t doc, next;
} posting;

struct px_dedup_index {
  px_dedup_opts o;
  unsigned rows;
  px_minhash *mh;
  entry *docs;
  uint8_t *sigs;          /* num_perm bytes per doc */
  uint32_t *band_next;    /* bands links per doc */
  size_t ndocs, cap;
  posting *posts;
  size_t nposts, cap_posts;
  px_u64map exact;        /* content hash -> first doc */
  px_u64map bands;        /* band key -> newest doc */
  px_u64map fps;          /* fingerprint -> newest posting */
  px_u64map blocks;       /* block hash -> articles holding it */
  /* scratch, reused between adds */
  px_u64map cand;         /* doc -> index in cands */
  struct cand { uint32_t doc, shared; bool lsh; } *cands;
  size_t ncands, cap_cands;
  uint32_t *sig32;
};

void px_dedup_opts_default(px_dedup_opts *o) {
  o->shingle_k = 5;
  o->num_perm = 128;
  o->bands = 16;
  o->near_threshold = 0.5;
  o->fp_sample = 8;
  o->min_shared_fps = 3;
  o->max_postings = 200;
  o->max_matches = 64;
  o->boiler_min = 50;
  o->seed = UINT64_C(0x50617261);  /* fixed so signatures are repeatable */
}

const char *px_dedup_kind_name(px_dedup_kind k) {
  switch (k) {
  case PX_DEDUP_EXACT: return "exact";
  case PX_DEDUP_NEAR: return "near";
  case PX_DEDUP_SHARED: return "shared";
  }
  return "?";
}

px_dedup_index *px_dedup_index_new(const px_dedup_opts *o) {
  px_dedup_opts d;
  px_dedup_opts_default(&d);
  if (o) d = *o;
  if (d.num_perm == 0 || d.bands == 0 || d.num_perm % d.bands != 0 ||
      d.fp_sample == 0 || d.num_perm > 1024)
    return NULL;
  px_dedup_index *ix = calloc(1, sizeof *ix);
  if (!ix) return NULL;
  ix->o = d;
  ix->rows = d.num_perm / d.bands;
  ix->sig32 = malloc(d.num_perm * sizeof *ix->sig32);
  if (!ix->sig32 || px_minhash_new(d.num_perm, d.seed, &ix->mh, NULL) != PX_OK) {
    px_dedup_index_free(ix);
    return NULL;
  }
  return ix;
}

void px_dedup_index_free(px_dedup_index *ix) {
  if (!ix) return;
  px_minhash_free(ix->mh);
  free(ix->docs);
  free(ix->sigs);
  free(ix->band_next);
  free(ix->posts);
  px_u64map_reset(&ix->exact);
  px_u64map_reset(&ix->bands);
  px_u64map_reset(&ix->fps);
  px_u64map_reset(&ix->blocks);
  px_u64map_reset(&ix->cand);
  free(ix->cands);
  free(ix->sig32);
  free(ix);
}

size_t px_dedup_index_count(const px_dedup_index *ix) { return ix->ndocs; }

unsigned px_dedup_index_block_count(const px_dedup_index *ix, uint64_t block_hash) {
  const uint32_t *v = px_u64map_get(&ix->blocks, block_hash);
  return v ? *v : 0;
}

bool px_dedup_index_is_boilerplate(const px_dedup_index *ix, uint64_t block_hash) {
  return ix->o.boiler_min > 0 &&
         px_dedup_index_block_count(ix, block_hash) >= ix->o.boiler_min;
}

size_t px_dedup_index_bytes(const px_dedup_index *ix) {
  return sizeof *ix +
         ix->cap * (sizeof(entry) + ix->o.num_perm + ix->o.bands * 4) +
         ix->cap_posts * sizeof(posting) + px_u64map_bytes(&ix->exact) +
         px_u64map_bytes(&ix->bands) + px_u64map_bytes(&ix->fps) +
         px_u64map_bytes(&ix->blocks) +
         px_u64map_bytes(&ix->cand) + ix->cap_cands * sizeof(struct cand);
}

static px_rc grow_docs(px_dedup_index *ix) {
  if (ix->ndocs < ix->cap) return PX_OK;
  if (ix->ndocs >= NONE - 1) return PX_ETOOBIG;
  size_t nc = ix->cap ? ix->cap * 2 : 1024;
  entry *nd = realloc(ix->docs, nc * sizeof *nd);
  if (!nd) return PX_ENOMEM;
  ix->docs = nd;
  uint8_t *ns = realloc(ix->sigs, nc * ix->o.num_perm);
  if (!ns) return PX_ENOMEM;
  ix->sigs = ns;
  uint32_t *nb = realloc(ix->band_next, nc * ix->o.bands * sizeof *nb);
  if (!nb) return PX_ENOMEM;
  ix->band_next = nb;
  ix->cap = nc;
  return PX_OK;
}

static px_rc add_post(px_dedup_index *ix, uint32_t doc, uint32_t next) {
  if (ix->nposts == ix->cap_posts) {
    if (ix->nposts >= NONE - 1) return PX_ETOOBIG;
    size_t nc = ix->cap_posts ? ix->cap_posts * 2 : 4096;
    posting *np = realloc(ix->posts, nc * sizeof *np);
    if (!np) return PX_ENOMEM;
    ix->posts = np;
    ix->cap_posts = nc;
  }
  ix->posts[ix->nposts].doc = doc;
  ix->posts[ix->nposts].next = next;
  ix->nposts++;
  return PX_OK;
}

static struct cand *cand_get(px_dedup_index *ix, uint32_t doc) {
  bool added;
  uint32_t *v = px_u64map_put(&ix->cand, (uint64_t)doc + 1, 0, &added);
  if (!v) return NULL;
  if (!added) return &ix->cands[*v];
  if (ix->ncands == ix->cap_cands) {
    size_t nc = ix->cap_cands ? ix->cap_cands * 2 : 64;
    struct cand *n = realloc(ix->cands, nc * sizeof *n);
    if (!n) return NULL;
    ix->cands = n;
    ix->cap_cands = nc;
  }
  *v = (uint32_t)ix->ncands;
  struct cand *c = &ix->cands[ix->ncands++];
  c->doc = doc;
  c->shared = 0;
  c->lsh = false;
  return c;
}

static double bbit_jaccard(const uint8_t *a, const uint8_t *b, unsigned k) {
  unsigned eq = 0;
  for (unsigned i = 0; i < k; i++) eq += a[i] == b[i];
  double m = (double)eq / k;
  double j = (m - 1.0 / 256) / (1.0 - 1.0 / 256);
  return j < 0 ? 0 : j;
}

static int cmp_match(const void *pa, const void *pb) {
  const px_dedup_match *a = pa, *b = pb;
  if (a->kind != b->kind) return a->kind < b->kind ? -1 : 1;
  double sa = a->kind == PX_DEDUP_SHARED ? a->containment : a->jaccard;
  double sb = b->kind == PX_DEDUP_SHARED ? b->containment : b->jaccard;
  if (sa != sb) return sa > sb ? -1 : 1;
  return a->article_id < b->article_id ? -1 : a->article_id > b->article_id;
}

px_rc px_dedup_index_add(px_dedup_index *ix, int64_t article_id,
                         const px_doc *doc, px_dedup_match **matches,
                         size_t *n, px_err *err) {
  px_shingles sh;
  px_shingles_init(&sh);
  px_dedup_match *out = NULL;
  size_t nout = 0;
  px_rc rc = px_shingles_doc(doc, ix->o.shingle_k, &sh, err);
  if (rc != PX_OK) goto out;
  uint64_t content = sh.content;
  for (size_t i = 0; i < sh.n;) {
    size_t j = i;
    while (j < sh.n && sh.block[j] == sh.block[i]) j++;
    bool added;
    uint32_t *v = px_u64map_put(&ix->blocks, px_shingles_block_hash(&sh, i, j), 0,
                                &added);
    if (!v) goto oom;
    if (*v < UINT32_MAX) (*v)++;
    i = j;
  }
  px_shingles_to_set(&sh);
  rc = grow_docs(ix);
  if (rc != PX_OK) goto oom;
  const uint32_t me = (uint32_t)ix->ndocs;
  const unsigned k = ix->o.num_perm;
  px_u64map_clear(&ix->cand);
  ix->ncands = 0;

  /* Exact duplicate of an earlier article? */
  int64_t exact_of = -1;
  if (sh.nwords > 0) {
    bool added;
    uint32_t *v = px_u64map_put(&ix->exact, content, me, &added);
    if (!v) goto oom;
    if (!added) exact_of = *v;
  }

  /* MinHash signature and LSH candidates. */
  uint8_t *sig = ix->sigs + (size_t)me * k;
  px_minhash_sign(ix->mh, sh.h, sh.n, ix->sig32);
  for (unsigned i = 0; i < k; i++) sig[i] = (uint8_t)ix->sig32[i];
  uint32_t *bnext = ix->band_next + (size_t)me * ix->o.bands;
  for (unsigned b = 0; b < ix->o.bands; b++) {
    bnext[b] = NONE;
    if (sh.n == 0) continue;
    uint64_t key = px_hash64(ix->sig32 + b * ix->rows,
                             ix->rows * sizeof(uint32_t), b + 1);
    bool added;
    uint32_t *head = px_u64map_put(&ix->bands, key, me, &added);
    if (!head) goto oom;
    if (!added) {
      uint32_t walk = 0;
      for (uint32_t d = *head; d != NONE && walk < MAX_CHAIN_WALK;
           d = ix->band_next[(size_t)d * ix->o.bands + b], walk++) {
        struct cand *c = cand_get(ix, d);
        if (!c) goto oom;
        c->lsh = true;
      }
      bnext[b] = *head;
      *head = me;
    }
  }

  /* Passage fingerprints. */
  uint32_t nfps = 0;
  for (size_t i = 0; i < sh.n; i++) {
    if (sh.h[i] % ix->o.fp_sample != 0) continue;
    nfps++;
    bool added;
    uint32_t *head = px_u64map_put(&ix->fps, sh.h[i], (uint32_t)ix->nposts,
                                   &added);
    if (!head) goto oom;
    uint32_t prev = added ? NONE : *head;
    if (!added) {
      uint32_t walk = 0;
      for (uint32_t p = prev; p != NONE && walk <= ix->o.max_postings;
           p = ix->posts[p].next)
        walk++;
      if (walk <= ix->o.max_postings) {
        for (uint32_t p = prev; p != NONE; p = ix->posts[p].next) {
          struct cand *c = cand_get(ix, ix->posts[p].doc);
          if (!c) goto oom;
          c->shared++;
        }
      }
      *head = (uint32_t)ix->nposts;
    }
    rc = add_post(ix, me, prev);
    if (rc != PX_OK) goto out_rc;
  }

  ix->docs[me].id = article_id;
  ix->docs[me].nfps = nfps;
  ix->ndocs++;

  if (matches) {
    size_t cap = ix->ncands + 1;
    out = malloc(cap * sizeof *out);
    if (!out) goto oom;
    for (size_t i = 0; i < ix->ncands; i++) {
      const struct cand *c = &ix->cands[i];
      px_dedup_match m;
      m.article_id = ix->docs[c->doc].id;
      m.jaccard = bbit_jaccard(sig, ix->sigs + (size_t)c->doc * k, k);
      m.shared_fps = c->shared;
      m.containment = nfps ? (double)c->shared / nfps : 0;
      if ((int64_t)c->doc == exact_of) {
        m.kind = PX_DEDUP_EXACT;
        m.jaccard = 1;
      } else if (c->lsh && m.jaccard >= ix->o.near_threshold) {
        m.kind = PX_DEDUP_NEAR;
      } else if (c->shared >= ix->o.min_shared_fps) {
        m.kind = PX_DEDUP_SHARED;
      } else {
        continue;
      }
      out[nout++] = m;
    }
    if (exact_of >= 0 && px_u64map_get(&ix->cand, (uint64_t)exact_of + 1) == NULL) {
      /* An exact copy with no shingles in common cannot happen unless the
      ** text is too short to shingle; report it anyway. */
      px_dedup_match m = {ix->docs[exact_of].id, PX_DEDUP_EXACT, 1, 0, 0};
      out[nout++] = m;
    }
    qsort(out, nout, sizeof *out, cmp_match);
    if (nout > ix->o.max_matches) nout = ix->o.max_matches;
    if (nout == 0) {
      free(out);
      out = NULL;
    }
    *matches = out;
    *n = nout;
  } else if (n) {
    *n = 0;
  }
  px_shingles_reset(&sh);
  return PX_OK;

oom:
  rc = PX_ENOMEM;
out_rc:
  px_err_set(err, rc, "dedup index: %s",
             rc == PX_ENOMEM ? "out of memory" : "too many articles");
out:
  free(out);
  px_shingles_reset(&sh);
  return rc;
}

/* ---- snapshots ------------------------------------------------------------ */

#define NOPTS 11
static void opts_vec(const px_dedup_opts *o, uint64_t v[NOPTS]) {
  double nt = o->near_threshold;
  uint64_t ntbits;
  memcpy(&ntbits, &nt, sizeof ntbits);
  uint64_t w[NOPTS] = {o->shingle_k, o->num_perm, o->bands, ntbits,
                       o->fp_sample, o->min_shared_fps, o->max_postings,
                       o->max_matches, o->boiler_min, o->seed, 1};
  memcpy(v, w, sizeof w);
}

void px_dedup_index_save(const px_dedup_index *ix, px_snap *s) {
  uint64_t o[NOPTS];
  opts_vec(&ix->o, o);
  px_snap_put(s, o, sizeof o);
  px_snap_put_u64(s, ix->ndocs);
  for (size_t i = 0; i < ix->ndocs; i++) {
    px_snap_put_u64(s, (uint64_t)ix->docs[i].id);
    px_snap_put_u64(s, ix->docs[i].nfps);
  }
  px_snap_put(s, ix->sigs, ix->ndocs * ix->o.num_perm);
  px_snap_put(s, ix->band_next, ix->ndocs * ix->o.bands * sizeof *ix->band_next);
  px_snap_put_u64(s, ix->nposts);
  px_snap_put(s, ix->posts, ix->nposts * sizeof *ix->posts);
  px_u64map_save(&ix->exact, s);
  px_u64map_save(&ix->bands, s);
  px_u64map_save(&ix->fps, s);
  px_u64map_save(&ix->blocks, s);
}

void px_dedup_index_load(px_dedup_index *ix, px_snap *s) {
  uint64_t want[NOPTS], got[NOPTS];
  opts_vec(&ix->o, want);
  if (!px_snap_get(s, got, sizeof got) || memcmp(want, got, sizeof want)) {
    px_snap_fail(s, "made with other copy-detection settings");
    return;
  }
  uint64_t n = px_snap_get_u64(s);
  if (n >= NONE - 1) px_snap_fail(s, "bad article count");
  if (!px_snap_ok(s) || n == 0) {
    if (px_snap_ok(s) && px_snap_get_u64(s) != 0) px_snap_fail(s, "bad postings");
    goto maps;
  }
  /* Arrays sized exactly; grow_docs doubles from there. */
  if (!px_snap_expect(s, n, 16 + ix->o.num_perm)) return;
  ix->docs = malloc(n * sizeof *ix->docs);
  if (!ix->docs) {
    px_snap_fail(s, "out of memory");
    return;
  }
  for (size_t i = 0; i < n; i++) {
    ix->docs[i].id = (int64_t)px_snap_get_u64(s);
    uint64_t f = px_snap_get_u64(s);
    if (f > UINT32_MAX) px_snap_fail(s, "bad article");
    ix->docs[i].nfps = (uint32_t)f;
  }
  ix->sigs = px_snap_get_array(s, n, ix->o.num_perm);
  ix->band_next = px_snap_get_array(s, n * ix->o.bands, sizeof *ix->band_next);
  if (!px_snap_ok(s)) return;
  ix->cap = ix->ndocs = n;
  /* Chains run from newer to older entries; anything else could loop. */
  for (size_t d = 0; d < n; d++)
    for (unsigned b = 0; b < ix->o.bands; b++) {
      uint32_t nx = ix->band_next[d * ix->o.bands + b];
      if (nx != NONE && nx >= d) px_snap_fail(s, "bad band chain");
    }
  uint64_t np = px_snap_get_u64(s);
  if (np >= NONE - 1) px_snap_fail(s, "bad postings");
  ix->posts = px_snap_get_array(s, np, sizeof *ix->posts);
  if (!px_snap_ok(s)) return;
  ix->nposts = ix->cap_posts = np;
  for (size_t p = 0; p < np; p++)
    if (ix->posts[p].doc >= n || (ix->posts[p].next != NONE && ix->posts[p].next >= p))
      px_snap_fail(s, "bad postings");
maps:
  px_u64map_load(&ix->exact, s, (uint32_t)ix->ndocs);
  px_u64map_load(&ix->bands, s, (uint32_t)ix->ndocs);
  px_u64map_load(&ix->fps, s, (uint32_t)ix->nposts);
  px_u64map_load(&ix->blocks, s, UINT32_MAX);
}
