/*
** cluster.c: the online clusterer (see cluster.h).
**
** Stories live in one array, indexed from 0 (story id = index + 1).
** Merged stories stay in the array with `parent` pointing at the survivor
** (union-find with path halving), so inverted-index postings never need
** rewriting: a posting to a merged story resolves to its survivor.
** Centroid norms depend on idf, which drifts as articles arrive; a story
** caches its norm and recomputes it when the story changed or the corpus
** grew by more than 5% since.
** Memory: story centroids, postings, article map and scratch belong to
** the clusterer; per-article vectors are freed before px_clusterer_add
** returns.
*/
#include "cluster/cluster.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cluster/model.h"
#include "cluster/tfidf.h"
#include "dedup/u64map.h"
#include "util/err.h"
#include "util/snap.h"

#define NONE UINT32_MAX
#define POSTING_SCAN 256

typedef struct story {
  px_tv *c;            /* centroid, sorted by term */
  uint32_t n, cap;
  uint32_t ndocs;
  uint32_t parent;     /* self when alive */
  uint32_t stamp;      /* last add that looked at it */
  int64_t first_t, last_t;
  uint64_t years;      /* bit y - YEAR0: some member gives year y */
  double norm;         /* cached, for norm_docs corpus size */
  size_t norm_docs;
  bool dirty;
} story;

typedef struct postings {
  uint32_t *v;
  uint32_t n, cap;
} postings;

typedef struct cand {
  uint32_t s;
  float pre;
  double sim;
  bool far;            /* outside the time window (FAR_WINDOWS) */
} cand;

struct px_clusterer {
  px_cluster_opts o;
  px_tfidf *tf;
  story *st;
  size_t nst, cap_st, alive;
  postings *post;      /* per term id */
  size_t npost;
  uint32_t stamp;
  px_u64map art;       /* article id hash -> index in arts */
  struct art { int64_t id; uint32_t story; } *arts;
  size_t narts, cap_arts;
  cand *cands;
  size_t cap_cands;
  uint32_t *cand_ix;   /* story -> index in cands for this add */
  size_t cap_cand_ix;
  float *idf2;         /* scratch: idf^2 for the article's terms */
  size_t cap_idf2;
  const double *model; /* opts' or model.h's */
};

/* The article being placed: its vector and what the features need. */
typedef struct art_in {
  const px_tv *vec;
  const uint8_t *title;  /* per entry: in the title (NULL: no title) */
  size_t n;
  double vnorm, rawnorm;
  double names, numbers, tmass; /* idf-weighted mass of names, figures,
                                   title terms */
  uint64_t years;
} art_in;

void px_cluster_opts_default(px_cluster_opts *o) {
  memset(o, 0, sizeof *o);
  o->threshold = 0.125;
  o->merge_threshold = 0.5;
  o->window_secs = 7 * 86400;
  o->title_boost = 1.0f;
  o->entity_boost = 1.0f;
  o->name_weight = 0.7;
  o->name_support = 0.5;
  o->query_terms = 24;
  o->max_candidates = 48;
  o->max_story_terms = 3000;
}

px_clusterer *px_clusterer_new(const px_cluster_opts *o) {
  px_clusterer *c = calloc(1, sizeof *c);
  if (!c) return NULL;
  px_cluster_opts_default(&c->o);
  if (o) c->o = *o;
  if (c->o.query_terms == 0) c->o.query_terms = 24;
  if (c->o.max_candidates == 0) c->o.max_candidates = 48;
  if (c->o.max_story_terms == 0) c->o.max_story_terms = 3000;
  c->model = c->o.model ? c->o.model : px_cluster_model;
  if (px_tfidf_new(c->o.lang, &c->tf, NULL) != PX_OK) {
    free(c);
    return NULL;
  }
  return c;
}

void px_clusterer_free(px_clusterer *c) {
  if (!c) return;
  for (size_t i = 0; i < c->nst; i++) free(c->st[i].c);
  free(c->st);
  for (size_t i = 0; i < c->npost; i++) free(c->post[i].v);
  free(c->post);
  px_u64map_reset(&c->art);
  free(c->arts);
  free(c->cands);
  free(c->cand_ix);
  free(c->idf2);
  px_tfidf_free(c->tf);
  free(c);
}

static uint32_t find(px_clusterer *c, uint32_t s) {
  while (c->st[s].parent != s) {
    c->st[s].parent = c->st[c->st[s].parent].parent;
    s = c->st[s].parent;
  }
  return s;
}

static uint32_t find_const(const px_clusterer *c, uint32_t s) {
  while (c->st[s].parent != s) s = c->st[s].parent;
  return s;
}

int64_t px_clusterer_resolve(const px_clusterer *c, int64_t story_id) {
  if (story_id < 1 || (size_t)story_id > c->nst) return -1;
  return (int64_t)find_const(c, (uint32_t)(story_id - 1)) + 1;
}

int64_t px_clusterer_story_of(const px_clusterer *c, int64_t article_id) {
  const uint32_t *v = px_u64map_get(&c->art, (uint64_t)article_id);
  if (!v) return -1;
  return (int64_t)find_const(c, c->arts[*v].story) + 1;
}

size_t px_clusterer_story_count(const px_clusterer *c) { return c->alive; }
size_t px_clusterer_article_count(const px_clusterer *c) { return c->narts; }

size_t px_clusterer_bytes(const px_clusterer *c) {
  size_t b = sizeof *c + c->cap_st * sizeof(story) + c->npost * sizeof(postings) +
             px_u64map_bytes(&c->art) + c->cap_arts * sizeof(struct art) +
             c->cap_cands * sizeof(cand) + c->cap_cand_ix * 4 + c->cap_idf2 * 4 +
             px_tfidf_bytes(c->tf);
  for (size_t i = 0; i < c->nst; i++) b += c->st[i].cap * sizeof(px_tv);
  for (size_t i = 0; i < c->npost; i++) b += c->post[i].cap * 4;
  return b;
}

static double norm_now(const px_clusterer *c, const story *s);

static double story_norm(px_clusterer *c, story *s) {
  size_t nd = px_tfidf_docs(c->tf);
  if (!s->dirty && s->norm_docs && nd * 20 <= s->norm_docs * 21) return s->norm;
  s->norm = norm_now(c, s);
  s->norm_docs = nd;
  s->dirty = false;
  return s->norm;
}

/* ---- the same-event decision ------------------------------------------ */
/* Features of (article, story), in model.h's order. Twin events (two
** quakes in one region, two launches by one maker) share most words, so
** beside the cosine the model sees what differs between them: who and
** where (names), figures (tolls, magnitudes, amounts), the years the text
** gives, and the title's words. Each "containment" is the idf-weighted
** share of the article's terms of that kind that the story carries,
** discounted when only a stray member has them (support below
** name_support); 0.5 when the article has none, with a flag saying so. */
enum { F_COS, F_NAMES, F_NO_NAMES, F_NUMS, F_NO_NUMS, F_TITLE, F_YEAR_AGREE,
       F_YEAR_CONFLICT, F_LOG_DOCS, F_LOG_TERMS, F_SCALED_COS, NFEAT };
_Static_assert(NFEAT == PX_CLUSTER_NFEAT, "model.h out of step with cluster.c");

#define YEAR0 1990   /* years YEAR0..YEAR0+63 are tracked */
/* The time window is soft: a story whose coverage stopped up to FAR_WINDOWS
** windows before the article (or starts as long after it) is still a
** candidate, but the article joins it only on clearly stronger evidence, a
** name-scaled cosine of FAR_SIM times the threshold (0.2 at the default
** 0.125): multi-day coverage whose dated reports have a gap (a trial's
** hearings, a search resumed) stays one story; a story older than that is
** closed. Never a bridge for merges. */
#define FAR_WINDOWS 4
#define FAR_SIM 1.6
#define MIN_SHARED 3  /* words in common for a join (add_vec) */

/* Fills f[NFEAT] for the article a and story s and *shared with the
** words they share (not names, which repeat the words, nor figures); returns the
** name-scaled cosine (the old similarity, still the merge rule). */
static double features(px_clusterer *c, const art_in *a, story *s, double *f,
                       unsigned *shared) {
  double dot = 0, found = 0, nfound = 0, tfound = 0;
  unsigned nshared = 0;
  double k = c->o.name_support;
  uint32_t j = 0;
  for (size_t i = 0; i < a->n && j < s->n; i++) {
    const px_tv *v = &a->vec[i];
    while (j < s->n && s->c[j].term < v->term) j++;
    if (j >= s->n || s->c[j].term != v->term) continue;
    float idf2 = c->idf2[i];
    dot += (double)v->w * s->c[j].w * idf2;
    unsigned kind = px_tfidf_kind(c->tf, v->term);
    double idf = sqrt(idf2);
    /* How widely the story carries the term: its mean weight per member
    ** against the weight it has here (about the share of members having
    ** it); a term only one stray member had counts for little. */
    double here = v->w / a->rawnorm;
    double support = s->c[j].w / (s->ndocs ? s->ndocs : 1) / here;
    double sf = k > 0 ? support / k : 1.0;
    double m = v->w * idf * (sf < 1 ? sf : 1);
    if (kind & PX_TERM_NAME) found += m;
    if (kind & PX_TERM_NUMBER) nfound += m;
    if (!kind) nshared++;
    if (a->title && a->title[i]) tfound += m;
  }
  double sn = story_norm(c, s);
  double cosv = dot > 0 && sn > 0 && a->vnorm > 0 ? dot / (a->vnorm * sn) : 0;
  double cont = a->names > 0 ? found / a->names : 0.5;
  double nw = c->o.name_weight;
  double scaled = cosv * ((1 - nw) + nw * cont);
  f[F_COS] = cosv;
  f[F_NAMES] = cont;
  f[F_NO_NAMES] = a->names > 0 ? 0 : 1;
  f[F_NUMS] = a->numbers > 0 ? nfound / a->numbers : 0.5;
  f[F_NO_NUMS] = a->numbers > 0 ? 0 : 1;
  f[F_TITLE] = a->tmass > 0 ? tfound / a->tmass : 0.5;
  f[F_YEAR_AGREE] = (a->years & s->years) != 0;
  f[F_YEAR_CONFLICT] = a->years && s->years && !(a->years & s->years);
  f[F_LOG_DOCS] = log1p((double)s->ndocs);
  f[F_LOG_TERMS] = log1p((double)a->n);
  f[F_SCALED_COS] = scaled;
  *shared = nshared;
  return scaled;
}

/* P(same event) under the model. The threshold option moves the odds as
** it moved the old cut on the name-scaled cosine (40 per unit, from
** 0.125), so a user's "higher gives tighter stories" still holds. */
static double join_prob(const px_clusterer *c, const double *f) {
  double z = c->model[0] + 40.0 * (0.125 - c->o.threshold);
  for (int i = 0; i < NFEAT; i++) z += c->model[1 + i] * f[i];
  return 1.0 / (1.0 + exp(-z));
}

/* The years YEAR0..YEAR0+63 a text gives (four digits standing alone),
** as bits: the event's year when the text dates it ("the 2008 quake"). */
static uint64_t years_of(const char *p, size_t len) {
  uint64_t m = 0;
  for (size_t i = 0; i + 4 <= len; i++) {
    if (i > 0 && (px_isdigit((unsigned char)p[i - 1]) || p[i - 1] == '.' ||
                  p[i - 1] == ',' || p[i - 1] == '$'))
      continue;
    if (!px_isdigit((unsigned char)p[i]) || !px_isdigit((unsigned char)p[i + 1]) ||
        !px_isdigit((unsigned char)p[i + 2]) || !px_isdigit((unsigned char)p[i + 3]))
      continue;
    if (i + 4 < len && (px_isdigit((unsigned char)p[i + 4]) ||
                        ((p[i + 4] == '.' || p[i + 4] == ',') && i + 5 < len &&
                         px_isdigit((unsigned char)p[i + 5]))))
      continue;
    int y = (p[i] - '0') * 1000 + (p[i + 1] - '0') * 100 + (p[i + 2] - '0') * 10 +
            (p[i + 3] - '0');
    if (y >= YEAR0 && y < YEAR0 + 64) m |= 1ULL << (y - YEAR0);
    i += 3;
  }
  return m;
}

static px_rc post_add(px_clusterer *c, uint32_t term, uint32_t s) {
  if (term >= c->npost) {
    size_t nn = c->npost ? c->npost : 1024;
    while (nn <= term) nn *= 2;
    postings *np = realloc(c->post, nn * sizeof *np);
    if (!np) return PX_ENOMEM;
    memset(np + c->npost, 0, (nn - c->npost) * sizeof *np);
    c->post = np;
    c->npost = nn;
  }
  postings *p = &c->post[term];
  if (p->n && p->v[p->n - 1] == s) return PX_OK;
  if (p->n == p->cap) {
    uint32_t nc = p->cap ? p->cap * 2 : 4;
    uint32_t *nv = realloc(p->v, nc * sizeof *nv);
    if (!nv) return PX_ENOMEM;
    p->v = nv;
    p->cap = nc;
  }
  p->v[p->n++] = s;
  return PX_OK;
}

static int cmp_w_desc(const void *a, const void *b) {
  float x = ((const px_tv *)a)->w, y = ((const px_tv *)b)->w;
  if (x != y) return x > y ? -1 : 1;
  uint32_t p = ((const px_tv *)a)->term, q = ((const px_tv *)b)->term;
  return p < q ? -1 : p > q;
}

static int cmp_tv_term(const void *a, const void *b) {
  uint32_t x = ((const px_tv *)a)->term, y = ((const px_tv *)b)->term;
  return x < y ? -1 : x > y;
}

/* Adds (scale * src) into story s's centroid, pruning to the cap. */
static px_rc centroid_add(px_clusterer *c, story *s, const px_tv *src, size_t n,
                          float scale) {
  size_t cap = (size_t)s->n + n;
  px_tv *m = malloc((cap ? cap : 1) * sizeof *m);
  if (!m) return PX_ENOMEM;
  size_t i = 0, j = 0, k = 0;
  while (i < s->n || j < n) {
    if (j >= n || (i < s->n && s->c[i].term < src[j].term)) {
      m[k++] = s->c[i++];
    } else if (i >= s->n || src[j].term < s->c[i].term) {
      m[k] = src[j++];
      m[k++].w *= scale;
    } else {
      m[k] = s->c[i++];
      m[k++].w += src[j++].w * scale;
    }
  }
  if (k > c->o.max_story_terms) {
    /* Keep the heaviest terms: sort by weight, cut, sort back. */
    qsort(m, k, sizeof *m, cmp_w_desc);
    k = c->o.max_story_terms;
    qsort(m, k, sizeof *m, cmp_tv_term);
  }
  free(s->c);
  s->c = m;
  s->n = (uint32_t)k;
  s->cap = (uint32_t)cap;
  s->dirty = true;
  return PX_OK;
}

static void widen(story *s, int64_t t0, int64_t t1) {
  if (t0 && (!s->first_t || t0 < s->first_t)) s->first_t = t0;
  if (t1 && (!s->last_t || t1 > s->last_t)) s->last_t = t1;
}

static px_rc merge_into(px_clusterer *c, uint32_t from, uint32_t into) {
  story *f = &c->st[from], *t = &c->st[into];
  px_rc rc = centroid_add(c, t, f->c, f->n, 1.0f);
  if (rc != PX_OK) return rc;
  t->ndocs += f->ndocs;
  t->years |= f->years;
  widen(t, f->first_t, f->last_t);
  free(f->c);
  f->c = NULL;
  f->n = f->cap = 0;
  f->parent = into;
  c->alive--;
  if (c->o.on_merge) c->o.on_merge((int64_t)from + 1, (int64_t)into + 1, c->o.ud);
  return PX_OK;
}

static int cmp_cand_pre(const void *a, const void *b) {
  const cand *x = a, *y = b;
  if (x->far != y->far) return x->far ? 1 : -1;
  if (x->pre != y->pre) return x->pre > y->pre ? -1 : 1;
  return x->s < y->s ? -1 : x->s > y->s;
}

static px_rc ensure(void **p, size_t *cap, size_t need, size_t elem) {
  if (need <= *cap) return PX_OK;
  size_t nc = *cap ? *cap : 64;
  while (nc < need) nc *= 2;
  void *np = realloc(*p, nc * elem);
  if (!np) return PX_ENOMEM;
  *p = np;
  *cap = nc;
  return PX_OK;
}

/* The query for finding candidate stories: the heaviest tf-idf terms of
** v (an article's vector or a story's centroid), at most query_terms,
** heaviest first. malloc'd; NULL when out of memory. */
static px_tv *query_of(const px_clusterer *c, const px_tv *v, size_t n, size_t *nq) {
  px_tv *q = malloc((n ? n : 1) * sizeof *q);
  if (!q) return NULL;
  for (size_t i = 0; i < n; i++) {
    q[i].term = v[i].term;
    q[i].w = v[i].w * px_tfidf_idf(c->tf, v[i].term);
  }
  qsort(q, n, sizeof *q, cmp_w_desc);
  *nq = n < c->o.query_terms ? n : c->o.query_terms;
  return q;
}

/* Candidate stories for query q: those in the newest `scan` postings of
** each query term, scored by the query weight they share, the best
** max_candidates kept in c->cands (*ncand of them). With t nonzero,
** stories outside the time window around t are left out; `skip` (NONE:
** none) is never a candidate. */
static px_rc gather(px_clusterer *c, const px_tv *q, size_t nq, uint32_t scan,
                    int64_t t, uint32_t skip, size_t *ncand_out) {
  c->stamp++;
  if (skip != NONE) c->st[skip].stamp = c->stamp;
  size_t ncand = 0;
  int64_t far_secs = c->o.window_secs > INT64_MAX / FAR_WINDOWS
                         ? INT64_MAX
                         : c->o.window_secs * FAR_WINDOWS;
  px_rc rc = ensure((void **)&c->cand_ix, &c->cap_cand_ix, c->nst + 1, sizeof(uint32_t));
  for (size_t i = 0; i < nq && rc == PX_OK; i++) {
    if (q[i].term >= c->npost) continue;
    const postings *p = &c->post[q[i].term];
    uint32_t scanned = 0;
    for (uint32_t k = p->n; k-- > 0 && scanned < scan; scanned++) {
      uint32_t s = find(c, p->v[k]);
      story *st = &c->st[s];
      if (s == skip) continue;
      bool far = t && st->last_t && (t - st->last_t > c->o.window_secs ||
                                     st->first_t - t > c->o.window_secs);
      if (far && (t - st->last_t > far_secs || st->first_t - t > far_secs)) continue;
      if (st->stamp != c->stamp) {
        st->stamp = c->stamp;
        rc = ensure((void **)&c->cands, &c->cap_cands, ncand + 1, sizeof(cand));
        if (rc != PX_OK) break;
        c->cand_ix[s] = (uint32_t)ncand;
        c->cands[ncand].s = s;
        c->cands[ncand].pre = 0;
        c->cands[ncand].far = far;
        ncand++;
      }
      c->cands[c->cand_ix[s]].pre += q[i].w;
    }
  }
  if (rc != PX_OK) return rc;
  if (ncand) qsort(c->cands, ncand, sizeof *c->cands, cmp_cand_pre);
  *ncand_out = ncand > c->o.max_candidates ? c->o.max_candidates : ncand;
  return PX_OK;
}

static px_rc add_vec(px_clusterer *c, int64_t article_id, px_tv *vec, size_t n,
                     const uint8_t *title, uint64_t years, int64_t t,
                     int64_t *story_id) {
  px_rc rc = ensure((void **)&c->idf2, &c->cap_idf2, n + 1, sizeof(float));
  if (rc != PX_OK) return rc;
  art_in a = {vec, title, n, 0, 0, 0, 0, 0, years};
  for (size_t i = 0; i < n; i++) {
    float idf = px_tfidf_idf(c->tf, vec[i].term);
    unsigned kind = px_tfidf_kind(c->tf, vec[i].term);
    c->idf2[i] = idf * idf;
    if (kind & PX_TERM_NAME) a.names += vec[i].w * idf;
    if (kind & PX_TERM_NUMBER) a.numbers += vec[i].w * idf;
    if (title && title[i]) a.tmass += vec[i].w * idf;
    a.vnorm += (double)vec[i].w * vec[i].w * c->idf2[i];
    a.rawnorm += (double)vec[i].w * vec[i].w;
  }
  a.vnorm = sqrt(a.vnorm);
  a.rawnorm = sqrt(a.rawnorm);

  size_t nq = 0, ncand = 0;
  px_tv *q = query_of(c, vec, n, &nq);
  if (!q) return PX_ENOMEM;
  rc = gather(c, q, nq, POSTING_SCAN, t, NONE, &ncand);
  if (rc != PX_OK) {
    free(q);
    return rc;
  }
  /* The story most likely the same event joins when that is at least
  ** even odds; cd->sim keeps the name-scaled cosine for bridging. */
  uint32_t best = NONE;
  double best_p = 0, f[NFEAT];
  for (size_t i = 0; i < ncand; i++) {
    cand *cd = &c->cands[i];
    unsigned shared;
    cd->sim = features(c, &a, &c->st[cd->s], f, &shared);
    /* Two stubs sharing a word or two ("Updated Saturday ...", "police
    ** said") are not shown to be one event, however high their cosine:
    ** a join needs MIN_SHARED words in common. */
    double p = shared >= MIN_SHARED ? join_prob(c, f) : 0;
    if (cd->far && cd->sim < FAR_SIM * c->o.threshold) p = 0;
    if (c->o.on_features)
      c->o.on_features(article_id, (int64_t)cd->s + 1, f, NFEAT, c->o.feat_ud);
    if (p > best_p || (p == best_p && best != NONE && cd->s < best)) {
      best_p = p;
      best = cd->s;
    }
  }
  uint32_t s;
  if (best != NONE && best_p >= 0.5) {
    s = best;
    /* Bridging: other stories this article is also close to merge into
    ** the older of the two (lower index), keeping ids stable. */
    for (size_t i = 0; i < ncand && rc == PX_OK; i++) {
      cand *cd = &c->cands[i];
      if (cd->s == best || cd->far || cd->sim < c->o.merge_threshold) continue;
      uint32_t x = find(c, cd->s), y = find(c, s);
      if (x == y) continue;
      if (x < y) {
        rc = merge_into(c, y, x);
        s = x;
      } else {
        rc = merge_into(c, x, y);
      }
    }
  } else {
    rc = ensure((void **)&c->st, &c->cap_st, c->nst + 1, sizeof(story));
    if (rc == PX_OK && c->nst >= NONE - 1) rc = PX_ETOOBIG;
    if (rc == PX_OK) {
      s = (uint32_t)c->nst++;
      memset(&c->st[s], 0, sizeof c->st[s]);
      c->st[s].parent = s;
      c->alive++;
    }
  }
  if (rc == PX_OK) {
    story *st = &c->st[s];
    rc = centroid_add(c, st, vec, n, a.rawnorm > 0 ? (float)(1.0 / a.rawnorm) : 0);
    st->ndocs++;
    st->years |= years;
    widen(st, t, t);
  }
  for (size_t i = 0; i < nq && rc == PX_OK; i++) rc = post_add(c, q[i].term, s);
  free(q);
  if (rc != PX_OK) return rc;

  bool added;
  uint32_t *ai = px_u64map_put(&c->art, (uint64_t)article_id, (uint32_t)c->narts,
                               &added);
  if (!ai) return PX_ENOMEM;
  if (added) {
    rc = ensure((void **)&c->arts, &c->cap_arts, c->narts + 1, sizeof(struct art));
    if (rc != PX_OK) return rc;
    c->arts[c->narts].id = article_id;
    c->arts[c->narts].story = s;
    c->narts++;
  } else {
    c->arts[*ai].story = s;
  }
  *story_id = (int64_t)find(c, s) + 1;
  return PX_OK;
}

px_rc px_clusterer_add_text(px_clusterer *c, int64_t article_id, px_str title,
                            px_str body, int64_t published_epoch,
                            int64_t *story_id, px_err *err) {
  px_str f[2] = {title, body};
  float b[2] = {c->o.title_boost, 1.0f};
  px_tv *vec = NULL;
  size_t n = 0;
  px_rc rc = px_tfidf_add(c->tf, f, b, 2, c->o.entity_boost, &vec, &n, err);
  if (rc != PX_OK) return rc;
  uint64_t years = years_of(title.p, title.len) | years_of(body.p, body.len);
  rc = add_vec(c, article_id, vec, n, title.len ? px_tfidf_first_field(c->tf) : NULL,
               years, published_epoch, story_id);
  free(vec);
  if (rc != PX_OK) return px_err_set(err, rc, "clusterer: out of memory");
  return PX_OK;
}

px_rc px_clusterer_add(px_clusterer *c, int64_t article_id, const px_doc *doc,
                       int64_t published_epoch, int64_t *story_id, px_err *err) {
  size_t nf = 0;
  px_str *f = malloc((doc->nblocks + 2) * sizeof *f);
  float *b = malloc((doc->nblocks + 2) * sizeof *b);
  px_rc rc = PX_OK;
  if (!f || !b) {
    rc = px_err_set(err, PX_ENOMEM, "clusterer: out of memory");
    goto out;
  }
  if (doc->title) {
    f[nf] = px_str_from_cstr(doc->title);
    b[nf++] = c->o.title_boost;
  }
  for (size_t i = 0; i < doc->nblocks; i++) {
    if (doc->blocks[i].kind == PX_BLOCK_CAPTION) continue;
    f[nf] = px_str_make(doc->blocks[i].text, doc->blocks[i].len);
    b[nf++] = 1.0f;
  }
  px_tv *vec = NULL;
  size_t n = 0;
  rc = px_tfidf_add(c->tf, f, b, nf, c->o.entity_boost, &vec, &n, err);
  if (rc != PX_OK) goto out;
  uint64_t years = 0;
  for (size_t i = 0; i < nf; i++) years |= years_of(f[i].p, f[i].len);
  rc = add_vec(c, article_id, vec, n, doc->title ? px_tfidf_first_field(c->tf) : NULL,
               years, published_epoch, story_id);
  free(vec);
  if (rc != PX_OK) px_err_set(err, rc, "clusterer: out of memory");
out:
  free(f);
  free(b);
  return rc;
}

/* ---- related stories ------------------------------------------------------- */

#define RELATED_SCAN 4096   /* postings read per query term: old stories too */

/* A story's norm under the current idf, leaving the cache alone: related
** stories are asked for between adds, and placements must not depend on
** whether anyone asked (a rebuild, which does not, must place alike). */
static double norm_now(const px_clusterer *c, const story *s) {
  double sum = 0;
  for (uint32_t i = 0; i < s->n; i++) {
    double w = s->c[i].w * px_tfidf_idf(c->tf, s->c[i].term);
    sum += w * w;
  }
  return sqrt(sum);
}

static int cmp_related(const void *a, const void *b) {
  const px_related *x = a, *y = b;
  if (x->sim != y->sim) return x->sim > y->sim ? -1 : 1;
  return x->story < y->story ? -1 : x->story > y->story;
}

size_t px_clusterer_related(px_clusterer *c, int64_t story_id, double min_sim,
                            px_related *out, size_t max) {
  if (story_id < 1 || (size_t)story_id > c->nst || max == 0) return 0;
  uint32_t self = find(c, (uint32_t)(story_id - 1));
  story *a = &c->st[self];
  double na = norm_now(c, a);
  if (a->n == 0 || na <= 0) return 0;
  size_t nq = 0, ncand = 0;
  px_tv *q = query_of(c, a->c, a->n, &nq);
  px_rc rc = q ? gather(c, q, nq, RELATED_SCAN, 0, self, &ncand) : PX_ENOMEM;
  free(q);
  if (rc != PX_OK) return 0;
  size_t n = 0;
  for (size_t i = 0; i < ncand; i++) {
    story *b = &c->st[c->cands[i].s];
    if (b->n == 0) continue;
    double nb = norm_now(c, b), dot = 0;
    for (uint32_t x = 0, y = 0; x < a->n && y < b->n;) {
      if (a->c[x].term < b->c[y].term) x++;
      else if (a->c[x].term > b->c[y].term) y++;
      else {
        float idf = px_tfidf_idf(c->tf, a->c[x].term);
        dot += (double)a->c[x].w * b->c[y].w * idf * idf;
        x++, y++;
      }
    }
    double sim = nb > 0 ? dot / (na * nb) : 0;
    if (sim < min_sim) continue;
    px_related r = {(int64_t)c->cands[i].s + 1, sim};
    if (n < max) out[n++] = r;
    else if (sim > out[max - 1].sim) out[max - 1] = r;
    else continue;
    qsort(out, n, sizeof *out, cmp_related);
  }
  return n;
}

/* ---- snapshots ------------------------------------------------------------ */

/* The options that shape decisions, in a fixed order: a snapshot made
** under others is stale. */
#define NOPTS 10
static void opts_vec(const px_cluster_opts *o, double v[NOPTS]) {
  double w[NOPTS] = {o->threshold, o->merge_threshold, (double)o->window_secs,
                     o->title_boost, o->entity_boost, o->name_weight,
                     o->name_support, o->query_terms, o->max_candidates,
                     o->max_story_terms};
  memcpy(v, w, sizeof w);
}

/* The model's weights are part of the settings: a state built under
** other weights would place differently. */
static void put_opts(const px_cluster_opts *o, const double *model, px_snap *s) {
  double v[NOPTS];
  opts_vec(o, v);
  px_snap_put(s, v, sizeof v);
  px_snap_put(s, model, (PX_CLUSTER_NFEAT + 1) * sizeof *model);
  const char *lang = o->lang ? o->lang : "";
  px_snap_put_u64(s, strlen(lang));
  px_snap_put(s, lang, strlen(lang));
}

static bool same_opts(const px_cluster_opts *o, const double *model, px_snap *s) {
  double want[NOPTS], got[NOPTS], wm[PX_CLUSTER_NFEAT + 1];
  char lang[64];
  opts_vec(o, want);
  const char *mine = o->lang ? o->lang : "";
  if (!px_snap_get(s, got, sizeof got) || !px_snap_get(s, wm, sizeof wm) ||
      memcmp(wm, model, sizeof wm) != 0)
    return false;
  uint64_t n = px_snap_get_u64(s);
  if (n != strlen(mine) || n >= sizeof lang || !px_snap_get(s, lang, n)) return false;
  return memcmp(want, got, sizeof want) == 0 && memcmp(lang, mine, n) == 0;
}

void px_clusterer_save(const px_clusterer *c, px_snap *s) {
  put_opts(&c->o, c->model, s);
  px_tfidf_save(c->tf, s);
  px_snap_put_u64(s, c->nst);
  px_snap_put_u64(s, c->alive);
  for (size_t i = 0; i < c->nst; i++) {
    const story *st = &c->st[i];
    uint64_t v[] = {st->n, st->ndocs, st->parent, (uint64_t)st->first_t,
                    (uint64_t)st->last_t, st->norm_docs, st->dirty, st->years};
    px_snap_put(s, v, sizeof v);
    px_snap_put_f64(s, st->norm);
    px_snap_put(s, st->c, st->n * sizeof *st->c);
  }
  px_snap_put_u64(s, c->npost);
  for (size_t i = 0; i < c->npost; i++) {
    px_snap_put_u64(s, c->post[i].n);
    px_snap_put(s, c->post[i].v, c->post[i].n * sizeof *c->post[i].v);
  }
  px_snap_put_u64(s, c->narts);
  for (size_t i = 0; i < c->narts; i++) {
    px_snap_put_u64(s, (uint64_t)c->arts[i].id);
    px_snap_put_u64(s, c->arts[i].story);
  }
}

void px_clusterer_load(px_clusterer *c, px_snap *s) {
  if (!same_opts(&c->o, c->model, s)) {
    px_snap_fail(s, "made with other clustering settings");
    return;
  }
  px_tfidf_load(c->tf, s);
  size_t nterms = px_tfidf_terms(c->tf);
  uint64_t nst = px_snap_get_u64(s), alive = px_snap_get_u64(s);
  if (nst >= NONE || alive > nst) px_snap_fail(s, "bad story count");
  if (!px_snap_expect(s, nst, 9 * 8)) return;
  if (nst && !(c->st = calloc(nst, sizeof *c->st))) px_snap_fail(s, "out of memory");
  c->cap_st = c->st ? nst : 0;
  for (size_t i = 0; i < nst && px_snap_ok(s); i++) {
    story *st = &c->st[i];
    uint64_t v[8];
    if (!px_snap_get(s, v, sizeof v)) break;
    st->norm = px_snap_get_f64(s);
    /* Merges always fold a story into an older one: a parent above its
    ** story would make a cycle. */
    if (v[0] > c->o.max_story_terms || v[1] > UINT32_MAX || v[2] > i) {
      px_snap_fail(s, "bad story");
      break;
    }
    st->c = px_snap_get_array(s, v[0], sizeof *st->c);
    st->n = st->cap = (uint32_t)v[0];
    st->ndocs = (uint32_t)v[1];
    st->parent = (uint32_t)v[2];
    st->first_t = (int64_t)v[3];
    st->last_t = (int64_t)v[4];
    st->norm_docs = v[5];
    st->dirty = v[6] != 0;
    st->years = v[7];
    c->nst = i + 1;
    for (uint32_t k = 0; k < st->n && px_snap_ok(s); k++)
      if (st->c[k].term >= nterms || (k && st->c[k].term <= st->c[k - 1].term))
        px_snap_fail(s, "bad centroid");
  }
  c->alive = alive;
  uint64_t npost = px_snap_get_u64(s);
  if (npost > UINT32_MAX) px_snap_fail(s, "bad postings");
  if (px_snap_expect(s, npost, 8) && npost && !(c->post = calloc(npost, sizeof *c->post)))
    px_snap_fail(s, "out of memory");
  if (px_snap_ok(s)) c->npost = npost;
  for (size_t i = 0; i < c->npost && px_snap_ok(s); i++) {
    uint64_t n = px_snap_get_u64(s);
    if (n > UINT32_MAX) px_snap_fail(s, "bad postings");
    c->post[i].v = px_snap_get_array(s, n, sizeof *c->post[i].v);
    if (!px_snap_ok(s)) break;
    c->post[i].n = c->post[i].cap = (uint32_t)n;
    for (uint32_t k = 0; k < n; k++)
      if (c->post[i].v[k] >= nst) px_snap_fail(s, "bad postings");
  }
  uint64_t narts = px_snap_get_u64(s);
  if (narts >= NONE) px_snap_fail(s, "bad article count");
  if (px_snap_expect(s, narts, 16) && narts && !(c->arts = malloc(narts * sizeof *c->arts)))
    px_snap_fail(s, "out of memory");
  if (px_snap_ok(s)) c->cap_arts = narts;
  for (size_t i = 0; i < narts && px_snap_ok(s); i++) {
    int64_t id = (int64_t)px_snap_get_u64(s);
    uint64_t story_ix = px_snap_get_u64(s);
    bool added;
    uint32_t *ai = story_ix < nst ? px_u64map_put(&c->art, (uint64_t)id, (uint32_t)i, &added) : NULL;
    if (!ai || !added) {
      px_snap_fail(s, "bad article");
      break;
    }
    c->arts[i].id = id;
    c->arts[i].story = (uint32_t)story_ix;
    c->narts = i + 1;
  }
}
