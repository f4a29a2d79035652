/*
** tfidf.c: vectorising and the running df table (see tfidf.h). Each
** document's terms are gathered into a small per-call map (term hash ->
** weight), then assigned ids, counted once each in df, and sorted.
** Memory: the vocabulary map and df array belong to the px_tfidf; per-call
** scratch is reused between calls.
*/
#include "cluster/tfidf.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cluster/entities.h"
#include "dedup/u64map.h"
#include "text/norm.h"
#include "text/stem.h"
#include "text/stopwords.h"
#include "text/tok.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/hash.h"
#include "util/snap.h"

#define WORD_SEED 0x576f7264ULL
#define NAME_SEED 0x4e616d65ULL
#define NAMEWORD_SEED 0x4e57ULL

struct px_tfidf {
  px_stemmer *stem;
  px_u64map vocab;       /* term hash -> id */
  uint32_t *df;
  uint8_t *isname;       /* per term: PX_TERM_* bits */
  float *logdf;          /* per term: ln(df + 1), kept with df */
  float logn;            /* ln(ndocs + 1) */
  size_t nterms, cap_terms;
  size_t ndocs;
  /* scratch */
  px_u64map cur;         /* term hash -> index in acc */
  struct acc { uint64_t h; float tf; float boost; uint8_t kind, first; } *acc;
  size_t nacc, cap_acc;
  uint8_t *first;        /* per entry of the last vector: from fields[0] */
  size_t cap_first;
  uint8_t cur_first;     /* counting fields[0] now */
  px_buf word;
};

px_rc px_tfidf_new(const char *lang, px_tfidf **out, px_err *err) {
  px_tfidf *t = calloc(1, sizeof *t);
  if (!t) return px_err_set(err, PX_ENOMEM, "tfidf: out of memory");
  px_rc rc = px_stemmer_new(lang, &t->stem, err);
  if (rc != PX_OK) {
    free(t);
    return rc;
  }
  px_buf_init(&t->word, 1u << 16);
  *out = t;
  return PX_OK;
}

void px_tfidf_free(px_tfidf *t) {
  if (!t) return;
  px_stemmer_free(t->stem);
  px_u64map_reset(&t->vocab);
  px_u64map_reset(&t->cur);
  free(t->df);
  free(t->isname);
  free(t->logdf);
  free(t->acc);
  free(t->first);
  px_buf_reset(&t->word);
  free(t);
}

float px_tfidf_idf(const px_tfidf *t, uint32_t term) {
  /* Logs are cached so scoring a story costs no log() per term. */
  return t->logn - t->logdf[term] + 1.0f;
}

bool px_tfidf_is_name(const px_tfidf *t, uint32_t term) {
  return (t->isname[term] & PX_TERM_NAME) != 0;
}

unsigned px_tfidf_kind(const px_tfidf *t, uint32_t term) { return t->isname[term]; }

const uint8_t *px_tfidf_first_field(const px_tfidf *t) { return t->first; }

size_t px_tfidf_docs(const px_tfidf *t) { return t->ndocs; }
size_t px_tfidf_terms(const px_tfidf *t) { return t->nterms; }
size_t px_tfidf_bytes(const px_tfidf *t) {
  return sizeof *t + px_u64map_bytes(&t->vocab) + px_u64map_bytes(&t->cur) +
         t->cap_terms * (sizeof *t->df + 1 + sizeof *t->logdf) + t->cap_acc * sizeof *t->acc;
}

static px_rc count(px_tfidf *t, uint64_t h, float boost, uint8_t kind) {
  bool added;
  uint32_t *v = px_u64map_put(&t->cur, h, (uint32_t)t->nacc, &added);
  if (!v) return PX_ENOMEM;
  if (added) {
    if (t->nacc == t->cap_acc) {
      size_t nc = t->cap_acc ? t->cap_acc * 2 : 256;
      struct acc *na = realloc(t->acc, nc * sizeof *na);
      if (!na) return PX_ENOMEM;
      t->acc = na;
      t->cap_acc = nc;
    }
    t->acc[t->nacc].h = h;
    t->acc[t->nacc].tf = 0;
    t->acc[t->nacc].boost = 0;
    t->acc[t->nacc].kind = kind;
    t->acc[t->nacc].first = 0;
    t->nacc++;
  }
  struct acc *a = &t->acc[*v];
  a->tf += 1;
  a->first |= t->cur_first;
  if (boost > a->boost) a->boost = boost;
  return PX_OK;
}

static px_rc words(px_tfidf *t, const char *s, size_t len, float boost) {
  px_tok_iter it;
  px_tok tk;
  px_tok_init(&it, s, len);
  while (px_tok_next(&it, &tk)) {
    t->word.len = 0;
    if (tk.end - tk.start > 64) continue;   /* not a word: a URL, a hash */
    px_rc rc = px_norm_word(s + tk.start, tk.end - tk.start, &t->word);
    if (rc != PX_OK) return rc;
    const char *w = px_buf_cstr(&t->word);
    size_t wl = t->word.len;
    if (wl < 2 || px_stopword_is(w, wl)) continue;
    px_str st = (tk.flags & PX_TOK_ALPHA) ? px_stemmer_stem(t->stem, w, wl)
                                          : px_str_make(w, wl);
    /* Figures (a toll, a magnitude, a year) tell twin events apart, so a
    ** token of digits only is marked as a number. */
    uint8_t kind = (tk.flags & (PX_TOK_DIGIT | PX_TOK_ALPHA)) == PX_TOK_DIGIT
                       ? PX_TERM_NUMBER : 0;
    rc = count(t, px_hash64(st.p, st.len, WORD_SEED), boost, kind);
    if (rc != PX_OK) return rc;
  }
  return PX_OK;
}

typedef struct name_ctx {
  px_tfidf *t;
  float boost;
  px_buf name;
  px_rc rc;
} name_ctx;

static int on_name(const char *s, size_t start, size_t end, unsigned nwords,
                   void *ud) {
  name_ctx *c = ud;
  c->name.len = 0;
  if (end - start > 200) return 0;
  c->rc = px_norm_word(s + start, end - start, &c->name);
  if (c->rc != PX_OK) return 1;
  if (c->name.len < 2) return 0;
  c->rc = count(c->t, px_hash64(c->name.data, c->name.len, NAME_SEED), c->boost,
                PX_TERM_NAME);
  if (c->rc != PX_OK) return 1;
  if (nwords > 1) {
    /* Each word of a multi-word name too, so "Peterson" meets "Scott
    ** Peterson". */
    px_tok_iter it;
    px_tok tk;
    px_tok_init(&it, s + start, end - start);
    while (px_tok_next(&it, &tk)) {
      if (!(tk.flags & PX_TOK_CAP)) continue;
      c->name.len = 0;
      c->rc = px_norm_word(s + start + tk.start, tk.end - tk.start, &c->name);
      if (c->rc != PX_OK) return 1;
      if (c->name.len < 2) continue;
      c->rc = count(c->t, px_hash64(c->name.data, c->name.len, NAMEWORD_SEED),
                    c->boost, PX_TERM_NAME);
      if (c->rc != PX_OK) return 1;
    }
  }
  return 0;
}

static int cmp_tv(const void *a, const void *b) {
  uint32_t x = ((const px_tv *)a)->term, y = ((const px_tv *)b)->term;
  return x < y ? -1 : x > y;
}

px_rc px_tfidf_add(px_tfidf *t, const px_str *fields, const float *boosts,
                   size_t n, float entity_boost, px_tv **vec, size_t *nvec,
                   px_err *err) {
  px_rc rc = PX_OK;
  px_u64map_clear(&t->cur);
  t->nacc = 0;
  for (size_t i = 0; i < n && rc == PX_OK; i++) {
    t->cur_first = i == 0;
    rc = words(t, fields[i].p, fields[i].len, boosts[i]);
    if (rc == PX_OK && entity_boost > 0) {
      name_ctx c = {t, entity_boost * boosts[i], {0}, PX_OK};
      px_buf_init(&c.name, 1u << 12);
      px_entities_scan(fields[i].p, fields[i].len, on_name, &c);
      px_buf_reset(&c.name);
      rc = c.rc;
    }
  }
  if (rc != PX_OK) return px_err_set(err, rc, "tfidf: out of memory");
  px_tv *v = malloc((t->nacc ? t->nacc : 1) * sizeof *v);
  if (!v) return px_err_set(err, PX_ENOMEM, "tfidf: out of memory");
  for (size_t i = 0; i < t->nacc; i++) {
    bool added;
    uint32_t *id = px_u64map_put(&t->vocab, t->acc[i].h, (uint32_t)t->nterms,
                                 &added);
    if (!id) goto oom;
    if (added) {
      if (t->nterms == t->cap_terms) {
        size_t nc = t->cap_terms ? t->cap_terms * 2 : 4096;
        uint32_t *nd = realloc(t->df, nc * sizeof *nd);
        if (!nd) goto oom;
        t->df = nd;
        uint8_t *nn = realloc(t->isname, nc);
        if (!nn) goto oom;
        t->isname = nn;
        float *nl = realloc(t->logdf, nc * sizeof *nl);
        if (!nl) goto oom;
        t->logdf = nl;
        t->cap_terms = nc;
      }
      t->isname[t->nterms] = t->acc[i].kind;
      t->df[t->nterms++] = 0;
    }
    t->df[*id]++;
    t->logdf[*id] = (float)log((double)t->df[*id] + 1.0);
    v[i].term = *id;
    v[i].w = (float)(1.0 + log(t->acc[i].tf)) * t->acc[i].boost;
  }
  t->ndocs++;
  t->logn = (float)log((double)t->ndocs + 1.0);
  /* Which entries came from fields[0], kept in step with the sort: the
  ** term ids are unique, so each entry's flag is found again by binary
  ** search in the sorted vector. */
  qsort(v, t->nacc, sizeof *v, cmp_tv);
  if (t->nacc > t->cap_first) {
    uint8_t *nf = realloc(t->first, t->nacc);
    if (!nf) goto oom;
    t->first = nf;
    t->cap_first = t->nacc;
  }
  for (size_t i = 0; i < t->nacc; i++) {
    const uint32_t *id = px_u64map_get(&t->vocab, t->acc[i].h);
    px_tv key = {*id, 0};
    px_tv *at = bsearch(&key, v, t->nacc, sizeof *v, cmp_tv);
    t->first[at - v] = t->acc[i].first;
  }
  *vec = v;
  *nvec = t->nacc;
  return PX_OK;
oom:
  free(v);
  return px_err_set(err, PX_ENOMEM, "tfidf: out of memory");
}

void px_tfidf_save(const px_tfidf *t, px_snap *s) {
  px_snap_put_u64(s, t->ndocs);
  px_snap_put_u64(s, t->nterms);
  px_u64map_save(&t->vocab, s);
  px_snap_put(s, t->df, t->nterms * sizeof t->df[0]);
  px_snap_put(s, t->isname, t->nterms);
}

void px_tfidf_load(px_tfidf *t, px_snap *s) {
  uint64_t ndocs = px_snap_get_u64(s), nterms = px_snap_get_u64(s);
  if (nterms >= UINT32_MAX) px_snap_fail(s, "bad term count");
  px_u64map_load(&t->vocab, s, (uint32_t)nterms);
  t->df = px_snap_get_array(s, nterms, sizeof t->df[0]);
  t->isname = px_snap_get_array(s, nterms, 1);
  /* Allocated only once the file has shown it holds that many terms. */
  if (px_snap_ok(s) && nterms && !(t->logdf = malloc(nterms * sizeof *t->logdf)))
    px_snap_fail(s, "out of memory");
  if (!px_snap_ok(s) || t->vocab.n != nterms) {
    px_snap_fail(s, "bad vocabulary");
    return;
  }
  t->nterms = t->cap_terms = nterms;
  t->ndocs = ndocs;
  for (size_t i = 0; i < nterms; i++)
    t->logdf[i] = (float)log((double)t->df[i] + 1.0);
  t->logn = (float)log((double)t->ndocs + 1.0);
}
