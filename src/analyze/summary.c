/*
** summary.c: statements, exclusive items and the summary (see summary.h).
** Memory: results in the analysis arena; a scratch array on the heap.
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "analyze/summary.h"
#include "util/buf.h"
#include "util/str.h"

static uint64_t sig_of(const an_sent *s) { return s->sig; }

static int negations(const an_sent *s) {
  int n = 0;
  for (size_t i = 0; i < s->ntok; i++)
    if (an_tok_is(s, i, "not") || an_tok_is(s, i, "no") || an_tok_is(s, i, "never") ||
        an_tok_is(s, i, "don't") || an_tok_is(s, i, "doesn't") || an_tok_is(s, i, "didn't"))
      n++;
  return n;
}

typedef struct post {
  uint64_t term;
  uint32_t sent;
  float w;
} post;

static int cmp_post(const void *x, const void *y) {
  const post *a = x, *b = y;
  if (a->term != b->term) return a->term < b->term ? -1 : 1;
  return a->sent < b->sent ? -1 : a->sent > b->sent;
}

/* Magnitudes ("million") are left out: "40 million" and "55 million"
** share one but not their figure. */
static const char *const k_number_words[] = {
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "fifteen", "twenty", "thirty", "forty", "fifty", "half",
    "dozen", NULL};

/* Up to 8 hashes of the sentence's figures (digit tokens and number
** words); returns how many. */
static size_t numbers_of(const an_sent *s, uint64_t *out) {
  size_t n = 0;
  for (size_t i = 0; i < s->ntok && n < 8; i++)
    if ((s->toks[i].flags & TK_NUM) || an_tok_in(s, i, k_number_words)) out[n++] = s->toks[i].h;
  return n;
}

/* Two sentences that both give figures and share none of them do not say
** the same thing ("almost six hours" against "more than 7-1/2 hours"),
** however alike their words: neither agrees with nor supports the other. */
static bool numbers_conflict(const an_sent *x, const an_sent *y) {
  uint64_t a[8], b[8];
  size_t na = numbers_of(x, a), nb = numbers_of(y, b);
  if (!na || !nb) return false;
  for (size_t i = 0; i < na; i++)
    for (size_t j = 0; j < nb; j++)
      if (a[i] == b[j]) return false;
  return true;
}

/* Up to max stems of the content words inside quotation marks (curly or
** straight) in s, in one pass over the text; returns how many. */
static size_t quoted_stems(const an_sent *s, uint64_t *out, size_t max) {
  size_t n = 0;
  bool in = false;
  uint32_t at = 0;
  for (size_t i = 0; i < s->ntok && n < max; i++) {
    for (; at < s->toks[i].s && at < s->len; at++) {
      unsigned char c = (unsigned char)s->text[at];
      if (c == '"') in = !in;
      else if (c == 0xE2 && at + 2 < s->len && (unsigned char)s->text[at + 1] == 0x80) {
        unsigned char d = (unsigned char)s->text[at + 2];
        if (d == 0x9C) in = true;        /* left double quotation mark */
        else if (d == 0x9D) in = false;  /* right double quotation mark */
      }
    }
    if (in && !(s->toks[i].flags & TK_STOP)) out[n++] = s->toks[i].stem;
  }
  return n;
}

/* Two sentences quoting different words ("stressed 'the need to reduce
** the risk'" against "stressed 'the importance of diplomacy'") report
** different statements even when the words around the quotes match. */
static bool quotes_conflict(const an_sent *x, const an_sent *y) {
  uint64_t a[32], b[32];
  size_t na = quoted_stems(x, a, 32);
  if (na < 2) return false;
  size_t nb = quoted_stems(y, b, 32);
  if (nb < 2) return false;
  size_t shared = 0;
  for (size_t i = 0; i < na; i++)
    for (size_t j = 0; j < nb; j++)
      if (a[i] == b[j]) {
        shared++;
        break;
      }
  return shared * 3 < (na < nb ? na : nb);
}

/* Not the same statement despite similar words. */
static bool says_otherwise(const an_sent *x, const an_sent *y) {
  return numbers_conflict(x, y) || quotes_conflict(x, y);
}

/* The first posting of term (postings sorted by term, then sentence), or
** NULL. A plain bsearch with the full key would only find the posting of
** one particular sentence. */
static post *first_posting(post *pl, size_t n, uint64_t term) {
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (pl[mid].term < term) lo = mid + 1;
    else hi = mid;
  }
  return lo < n && pl[lo].term == term ? &pl[lo] : NULL;
}

static int uf(int *p, int x) {
  while (p[x] != x) {
    p[x] = p[p[x]];
    x = p[x];
  }
  return x;
}

static const char *const k_bad_start[] = {"he", "she", "it", "they", "but", "and",
                                          "however", "that", "this", "these",
                                          "those", "his", "her", "their", "its",
                                          "so", "despite", "meanwhile", "instead",
                                          "asked", "also", NULL};

px_rc an_statements(px_analysis *a) {
  size_t n = a->nsents;
  if (!n) return PX_OK;
  a->sent_best = px_arena_calloc(a->arena, n * (a->ndocs ? a->ndocs : 1), sizeof *a->sent_best);
  if (!a->sent_best) return PX_ENOMEM;
  uint64_t *sig = malloc(n * sizeof *sig);
  int *par = malloc(n * sizeof *par);
  double *best_other = calloc(n, sizeof *best_other);
  bool *told = NULL;   /* per sentence: others report its figure or quote */
  px_rc rc = PX_OK;
  if (!sig || !par || !best_other) {
    rc = PX_ENOMEM;
    goto out;
  }
  for (size_t i = 0; i < n; i++) {
    sig[i] = sig_of(&a->sents[i]);
    par[i] = (int)i;
  }
  /* Cosines through an inverted index: only sentences sharing a term
  ** are ever compared, and each dot product is accumulated term by term. */
  size_t npost = 0;
  for (size_t i = 0; i < n; i++) npost += a->sents[i].nterms;
  post *pl = malloc((npost ? npost : 1) * sizeof *pl);
  double *acc = calloc(n, sizeof *acc);
  size_t *touched = malloc(n * sizeof *touched);
  size_t *start = NULL;
  if (!pl || !acc || !touched) {
    free(pl);
    free(acc);
    free(touched);
    rc = PX_ENOMEM;
    goto out;
  }
  size_t np = 0;
  for (size_t i = 0; i < n; i++)
    for (size_t t = 0; t < a->sents[i].nterms; t++) {
      pl[np].term = a->sents[i].terms[t];
      pl[np].sent = (uint32_t)i;
      pl[np].w = a->sents[i].w[t];
      np++;
    }
  qsort(pl, npost, sizeof *pl, cmp_post);
  for (size_t i = 0; i < n; i++) {
    const an_sent *x = &a->sents[i];
    if (x->nterms < 3) continue;
    size_t nt = 0;
    for (size_t t = 0; t < x->nterms; t++) {
      post *p = first_posting(pl, npost, x->terms[t]);
      if (!p) continue;
      /* a term in thousands of sentences says little and would make this
      ** quadratic on hostile input: skip it */
      const post *pe = p;
      while (pe < pl + npost && pe->term == x->terms[t]) pe++;
      if (pe - p > AN_MAX_POSTING) continue;
      for (; p < pe; p++) {
        size_t j = p->sent;
        if (j <= i || a->sents[j].doc == x->doc || a->sents[j].nterms < 3) continue;
        if (acc[j] == 0) touched[nt++] = j;
        acc[j] += (double)x->w[t] * p->w;
      }
    }
    for (size_t q = 0; q < nt; q++) {
      size_t j = touched[q];
      const an_sent *y = &a->sents[j];
      double c = x->norm > 0 && y->norm > 0 ? acc[j] / (x->norm * y->norm) : 0;
      acc[j] = 0;
      if (c > best_other[i]) best_other[i] = c;
      if (c > best_other[j]) best_other[j] = c;
      float *bi = &a->sent_best[i * a->ndocs + (size_t)y->doc];
      float *bj = &a->sent_best[j * a->ndocs + (size_t)x->doc];
      if ((float)c > *bi) *bi = (float)c;
      if ((float)c > *bj) *bj = (float)c;
      if (c >= AN_SIM_SAME && !says_otherwise(x, y)) {
        int ri = uf(par, (int)i), rj = uf(par, (int)j);
        if (ri != rj) par[rj] = ri;
      }
    }
  }
  free(pl);
  free(acc);
  free(touched);
  (void)start;
  (void)sig;
  /* statements: groups spanning two or more outlets */
  for (size_t i = 0; i < n; i++) {
    if (uf(par, (int)i) != (int)i) continue;
    uint64_t outs = 0;
    size_t cnt = 0;
    for (size_t j = i; j < n; j++)
      if (uf(par, (int)j) == (int)i) {
        outs |= 1ull << a->sents[j].doc;
        cnt++;
      }
    if (__builtin_popcountll(outs) < 2) continue;
    a->stmts = an_grow(a, a->stmts, &a->cap_stmts, a->nstmts + 1, sizeof *a->stmts);
    if (!a->stmts) {
      rc = PX_ENOMEM;
      goto out;
    }
    an_stmt *st = &a->stmts[a->nstmts++];
    memset(st, 0, sizeof *st);
    st->sents = px_arena_alloc(a->arena, cnt * sizeof(int));
    if (!st->sents) {
      rc = PX_ENOMEM;
      goto out;
    }
    st->outlets = outs;
    int neg_par = -1;
    for (size_t j = i; j < n; j++)
      if (uf(par, (int)j) == (int)i) {
        st->sents[st->n++] = (int)j;
        int p = negations(&a->sents[j]) & 1;
        if (neg_par < 0) neg_par = p;
        else if (p != neg_par) st->polarity_conflict = true;
      }
  }
  /* exclusive items: not a sentence others come close to in words, nor one
  ** whose figure or place others also give (in other words: "for around
  ** three hours" / "for about three hours"), nor a quote others carry.
  ** Meetings and other events alone do not count: "a 35 minute meeting"
  ** is still one outlet's detail when others report the meeting. */
  told = calloc(n, sizeof *told);
  if (!told) {
    rc = PX_ENOMEM;
    goto out;
  }
  for (size_t g = 0; g < a->ncgroups; g++) {
    const an_cgroup *cg = &a->cgroups[g];
    if (cg->kind == CL_EVENT || cg->kind == CL_WHEN || cg->verdict == CP_DIFFERENT ||
        __builtin_popcountll(cg->outlets) < 2)
      continue;
    for (size_t k = 0; k < cg->n; k++) {
      const an_claim *cl = &a->claims[cg->members[k]];
      if (!cl->weak && cl->sent >= 0 && (size_t)cl->sent < n) told[cl->sent] = true;
    }
  }
  for (size_t g = 0; g < a->nqgroups; g++) {
    const an_qgroup *qg = &a->qgroups[g];
    if (__builtin_popcountll(qg->outlets) < 2) continue;
    for (size_t k = 0; k < qg->n; k++) {
      const an_quote *q = &a->quotes[qg->members[k]];
      if (q->sent >= 0 && (size_t)q->sent < n) told[q->sent] = true;
    }
  }
  for (size_t i = 0; i < n; i++) {
    const an_sent *s = &a->sents[i];
    if (s->heading || s->ntok < 6 || best_other[i] >= AN_SIM_NEAR || told[i]) continue;
    double score = 0;
    px_buf terms;
    px_buf_init(&terms, 1024);
    int nt = 0;
    for (size_t k = 0; k < s->ntok; k++) {
      const an_tok *t = &s->toks[k];
      if (t->flags & TK_STOP) continue;
      uint64_t outs = an_stem_outlets(a, t->stem);
      if (__builtin_popcountll(outs) != 1) continue;
      double w = an_idf(a, t->stem);
      if (t->flags & (TK_CAP | TK_NUM)) w *= 1.5;
      score += w;
      if (nt < 6 && t->e - t->s > 2) {
        bool dup = false;
        for (size_t q = 0; q < k && !dup; q++) dup = s->toks[q].stem == t->stem;
        if (!dup) {
          if (nt) px_buf_puts(&terms, ", ");
          px_buf_append(&terms, s->text + t->s, t->e - t->s);
          nt++;
        }
      }
    }
    if (score <= 0) {
      px_buf_reset(&terms);
      continue;
    }
    a->onlys = an_grow(a, a->onlys, &a->cap_onlys, a->nonlys + 1, sizeof *a->onlys);
    if (!a->onlys) {
      px_buf_reset(&terms);
      rc = PX_ENOMEM;
      goto out;
    }
    an_only *o = &a->onlys[a->nonlys++];
    o->doc = s->doc;
    o->sent = (int)i;
    o->score = score / sqrt((double)s->ntok);
    /* what a reader looks for: someone's words, a figure */
    for (size_t q = 0; q < a->nquotes; q++)
      if (a->quotes[q].sent == (int)i && !a->quotes[q].indirect) {
        o->score += 1.5;
        break;
      }
    for (size_t c = 0; c < a->nclaims; c++)
      if (a->claims[c].sent == (int)i) {
        o->score += 1.0;
        break;
      }
    o->terms = an_strndup(a, px_buf_cstr(&terms), terms.len);
    px_buf_reset(&terms);
  }
  /* rank: by outlet, then score */
  for (size_t i = 1; i < a->nonlys; i++) {
    an_only v = a->onlys[i];
    size_t j = i;
    while (j > 0 && (a->onlys[j - 1].doc > v.doc ||
                     (a->onlys[j - 1].doc == v.doc && a->onlys[j - 1].score < v.score))) {
      a->onlys[j] = a->onlys[j - 1];
      j--;
    }
    a->onlys[j] = v;
  }
out:
  free(sig);
  free(par);
  free(best_other);
  free(told);
  return rc;
}

static bool summary_candidate(const an_sent *s) {
  if (s->heading || s->ntok < 8 || s->ntok > 60 || s->mostly_quote) return false;
  /* "Updated: May 24, 2005, 3: 23 PM ET": a page's stamp, not a sentence */
  size_t words = 0;
  for (size_t i = 0; i < s->ntok; i++)
    words += !(s->toks[i].flags & (TK_CAP | TK_NUM | TK_STOP));
  if (words < 3) return false;
  if (an_tok_in(s, 0, k_bad_start)) return false;
  if (s->len > 0 && (s->text[s->len - 1] == ':' || s->text[s->len - 1] == ',')) return false;
  /* a lone quote mark: part of a longer quotation */
  int q = 0;
  for (size_t i = 0; i + 2 < s->len; i++)
    if ((unsigned char)s->text[i] == 0xE2 && (unsigned char)s->text[i + 1] == 0x80 &&
        ((unsigned char)s->text[i + 2] == 0x9C || (unsigned char)s->text[i + 2] == 0x9D))
      q++;
  for (size_t i = 0; i < s->len; i++) q += s->text[i] == '"';
  return (q & 1) == 0;
}

#define SUMMARY_LEN 5
#define AN_SUMMARY_MAX_CAND 4000

px_rc an_summarize(px_analysis *a) {
  size_t n = a->nsents;
  if (!n) return PX_OK;
  double *score = calloc(n, sizeof *score);
  if (!score) return PX_ENOMEM;
  /* A sentence that gives a figure the outlets dispute would state one
  ** side as fact: it stays out; the summary's closing line says where
  ** they disagree instead (px_analysis_to_*: "Outlets disagree on"). */
  for (size_t g = 0; g < a->ncgroups; g++) {
    const an_cgroup *cg = &a->cgroups[g];
    if (cg->verdict != CP_CONTRADICT) continue;
    for (size_t k = 0; k < cg->n; k++) {
      int cs = a->claims[cg->members[k]].sent;
      if (cs >= 0 && (size_t)cs < n) score[cs] = -1;
    }
  }
  for (size_t i = 0; i < n; i++) {
    const an_sent *s = &a->sents[i];
    if (score[i] < 0 || !summary_candidate(s)) {
      score[i] = -1;
      continue;
    }
    const float *best = &a->sent_best[i * a->ndocs];
    double sup = 1;
    for (size_t d = 0; d < a->ndocs; d++) sup += best[d] >= AN_SIM_SAME ? 1 : best[d];
    const an_doc *doc = &a->docs[s->doc];
    double pos = 1.0 / (1.0 + (double)(s->idx));
    score[i] = sup + 0.8 * pos + (doc->nsent ? 0 : 0);
  }
  a->summary = px_arena_calloc(a->arena, SUMMARY_LEN, sizeof *a->summary);
  if (!a->summary) {
    free(score);
    return PX_ENOMEM;
  }
  /* MMR over the best-scoring candidates only (bounded work) */
  size_t ncand = 0;
  for (size_t i = 0; i < n; i++) ncand += score[i] >= 0;
  if (ncand > AN_SUMMARY_MAX_CAND) {
    for (size_t i = AN_SUMMARY_MAX_CAND; i < n; i++) score[i] = -1;
  }
  while (a->nsummary < SUMMARY_LEN) {
    int bi = -1;
    double bv = -1e9;
    for (size_t i = 0; i < n; i++) {
      if (score[i] < 0) continue;
      double red = 0;
      for (size_t q = 0; q < a->nsummary; q++) {
        double c = an_cosine(&a->sents[i], &a->sents[a->summary[q].sent]);
        if (c > red) red = c;
      }
      double v = score[i] - 3.0 * red;
      if (red >= AN_SIM_SAME) continue;
      if (v > bv) {
        bv = v;
        bi = (int)i;
      }
    }
    if (bi < 0) break;
    an_sum *sm = &a->summary[a->nsummary++];
    sm->sent = bi;
    score[bi] = -1;
    const an_sent *s = &a->sents[bi];
    sm->cites = 1ull << s->doc;
    sm->support = px_arena_alloc(a->arena, (a->ndocs + 1) * sizeof(int));
    if (!sm->support) {
      free(score);
      return PX_ENOMEM;
    }
    sm->support[sm->nsupport++] = bi;
    for (size_t d = 0; d < a->ndocs; d++) {
      if ((int)d == s->doc) continue;
      int bj = -1;
      double bc = AN_SIM_SAME;
      for (size_t j = a->docs[d].first_sent; j < a->docs[d].first_sent + a->docs[d].nsent; j++) {
        double c = an_cosine(s, &a->sents[j]);
        if (c >= bc && !says_otherwise(s, &a->sents[j])) {
          bc = c;
          bj = (int)j;
        }
      }
      if (bj >= 0) {
        sm->cites |= 1ull << d;
        sm->support[sm->nsupport++] = bj;
      }
    }
    /* The outlier stands alone against the others: what only it says is
    ** not the story's account, so a line it alone supports is dropped
    ** (the candidate is spent: score[bi] < 0, so this ends). */
    if (a->outlier >= 0 && a->ndocs > 1 && sm->cites == 1ull << a->outlier) {
      memset(sm, 0, sizeof *sm);
      a->nsummary--;
    }
  }
  free(score);
  return PX_OK;
}
