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
};

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

/* Cosine of the article (vec, with idf^2 per entry in idf2) and story s. */
/* Similarity of the article (vec, with idf^2 per entry in idf2) and story
** s: the cosine, scaled down when the article's names are missing from the
** story. Two events of the same kind (two church fires) share most words
** but not who and where, so name containment (the idf-weighted share of
** the article's names that the story also has) separates them; names is
** that total mass (0: the article has no names, the cosine stands alone
** at the neutral midpoint). */
static double similarity(px_clusterer *c, const px_tv *vec, const float *idf2,
                         size_t n, double vnorm, double rawnorm, double names,
                         story *s) {
  double dot = 0, found = 0;
  uint32_t j = 0;
  for (size_t i = 0; i < n && j < s->n; i++) {
    while (j < s->n && s->c[j].term < vec[i].term) j++;
    if (j < s->n && s->c[j].term == vec[i].term) {
      dot += (double)vec[i].w * s->c[j].w * idf2[i];
      if (px_tfidf_is_name(c->tf, vec[i].term)) {
        /* How widely the story carries the name: its mean weight per
        ** member against the weight it has here (about the share of
        ** members naming it); a name only one stray member had counts
        ** for little. */
        double here = vec[i].w / rawnorm;
        double support = s->c[j].w / (s->ndocs ? s->ndocs : 1) / here;
        double k = c->o.name_support;
        double f = k > 0 ? support / k : 1.0;
        found += vec[i].w * sqrt(idf2[i]) * (f < 1 ? f : 1);
      }
    }
  }
  double sn = story_norm(c, s);
  if (dot <= 0 || sn <= 0 || vnorm <= 0) return 0;
  double cont = names > 0 ? found / names : 0.5;
  double nw = c->o.name_weight;
  return dot / (vnorm * sn) * ((1 - nw) + nw * cont);
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
  px_rc rc = ensure((void **)&c->cand_ix, &c->cap_cand_ix, c->nst + 1, sizeof(uint32_t));
  for (size_t i = 0; i < nq && rc == PX_OK; i++) {
    if (q[i].term >= c->npost) continue;
    const postings *p = &c->post[q[i].term];
    uint32_t scanned = 0;
    for (uint32_t k = p->n; k-- > 0 && scanned < scan; scanned++) {
      uint32_t s = find(c, p->v[k]);
      story *st = &c->st[s];
      if (s == skip) continue;
      if (t && st->last_t && (t - st->last_t > c->o.window_secs ||
                              st->first_t - t > c->o.window_secs))
        continue;
      if (st->stamp != c->stamp) {
        st->stamp = c->stamp;
        rc = ensure((void **)&c->cands, &c->cap_cands, ncand + 1, sizeof(cand));
        if (rc != PX_OK) break;
        c->cand_ix[s] = (uint32_t)ncand;
        c->cands[ncand].s = s;
        c->cands[ncand].pre = 0;
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
                     int64_t t, int64_t *story_id) {
  px_rc rc = ensure((void **)&c->idf2, &c->cap_idf2, n + 1, sizeof(float));
  if (rc != PX_OK) return rc;
  double vnorm = 0, rawnorm = 0, names = 0;
  for (size_t i = 0; i < n; i++) {
    float idf = px_tfidf_idf(c->tf, vec[i].term);
    c->idf2[i] = idf * idf;
    if (px_tfidf_is_name(c->tf, vec[i].term)) names += vec[i].w * idf;
    vnorm += (double)vec[i].w * vec[i].w * c->idf2[i];
    rawnorm += (double)vec[i].w * vec[i].w;
  }
  vnorm = sqrt(vnorm);
  rawnorm = sqrt(rawnorm);

  size_t nq = 0, ncand = 0;
  px_tv *q = query_of(c, vec, n, &nq);
  if (!q) return PX_ENOMEM;
  rc = gather(c, q, nq, POSTING_SCAN, t, NONE, &ncand);
  if (rc != PX_OK) {
    free(q);
    return rc;
  }
  uint32_t best = NONE;
  double best_sim = 0;
  for (size_t i = 0; i < ncand; i++) {
    cand *cd = &c->cands[i];
    cd->sim = similarity(c, vec, c->idf2, n, vnorm, rawnorm, names,
                         &c->st[cd->s]);
    if (cd->sim > best_sim || (cd->sim == best_sim && best != NONE && cd->s < best)) {
      best_sim = cd->sim;
      best = cd->s;
    }
  }
  uint32_t s;
  if (best != NONE && best_sim >= c->o.threshold) {
    s = best;
    /* Bridging: other stories this article is also close to merge into
    ** the older of the two (lower index), keeping ids stable. */
    for (size_t i = 0; i < ncand && rc == PX_OK; i++) {
      cand *cd = &c->cands[i];
      if (cd->s == best || cd->sim < c->o.merge_threshold) continue;
      uint32_t a = find(c, cd->s), b = find(c, s);
      if (a == b) continue;
      if (a < b) {
        rc = merge_into(c, b, a);
        s = a;
      } else {
        rc = merge_into(c, a, b);
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
    rc = centroid_add(c, st, vec, n, rawnorm > 0 ? (float)(1.0 / rawnorm) : 0);
    st->ndocs++;
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
  rc = add_vec(c, article_id, vec, n, published_epoch, story_id);
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
  rc = add_vec(c, article_id, vec, n, published_epoch, story_id);
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

static void put_opts(const px_cluster_opts *o, px_snap *s) {
  double v[NOPTS];
  opts_vec(o, v);
  px_snap_put(s, v, sizeof v);
  const char *lang = o->lang ? o->lang : "";
  px_snap_put_u64(s, strlen(lang));
  px_snap_put(s, lang, strlen(lang));
}

static bool same_opts(const px_cluster_opts *o, px_snap *s) {
  double want[NOPTS], got[NOPTS];
  char lang[64];
  opts_vec(o, want);
  const char *mine = o->lang ? o->lang : "";
  if (!px_snap_get(s, got, sizeof got)) return false;
  uint64_t n = px_snap_get_u64(s);
  if (n != strlen(mine) || n >= sizeof lang || !px_snap_get(s, lang, n)) return false;
  return memcmp(want, got, sizeof want) == 0 && memcmp(lang, mine, n) == 0;
}

void px_clusterer_save(const px_clusterer *c, px_snap *s) {
  put_opts(&c->o, s);
  px_tfidf_save(c->tf, s);
  px_snap_put_u64(s, c->nst);
  px_snap_put_u64(s, c->alive);
  for (size_t i = 0; i < c->nst; i++) {
    const story *st = &c->st[i];
    uint64_t v[] = {st->n, st->ndocs, st->parent, (uint64_t)st->first_t,
                    (uint64_t)st->last_t, st->norm_docs, st->dirty};
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
  if (!same_opts(&c->o, s)) {
    px_snap_fail(s, "made with other clustering settings");
    return;
  }
  px_tfidf_load(c->tf, s);
  size_t nterms = px_tfidf_terms(c->tf);
  uint64_t nst = px_snap_get_u64(s), alive = px_snap_get_u64(s);
  if (nst >= NONE || alive > nst) px_snap_fail(s, "bad story count");
  if (!px_snap_expect(s, nst, 8 * 8)) return;
  if (nst && !(c->st = calloc(nst, sizeof *c->st))) px_snap_fail(s, "out of memory");
  c->cap_st = c->st ? nst : 0;
  for (size_t i = 0; i < nst && px_snap_ok(s); i++) {
    story *st = &c->st[i];
    uint64_t v[7];
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
