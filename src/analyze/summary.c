/*
** summary.c: statements, exclusive items and the summary (see summary.h).
** Memory: results in the analysis arena; scratch arrays on the heap.
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "analyze/summary.h"
#include "analyze/claims.h"
#include "util/buf.h"
#include "util/hash.h"
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

/* ---- figures a summary line may state ---------------------------------
** A summary line is stated as fact, so every figure in it must be one the
** sources do not dispute. Whether they dispute it is judged here, apart
** from the claim groups (whose verdicts miss most real disagreements):
** a figure (a number, an ordinal, a clock time, a weekday) is contested
** when another outlet states a figure of the same kind and unit in the
** same place of its account (two or more content words around both
** figures shared, the same years named) and the two values cannot both be
** true ("about 60 metres" / "about 150 metres"; "Carter added 12" /
** "Carter scored 14 points"). Corroboration does not help: a figure three
** outlets give and a fourth contradicts is still contested, and the line
** is not used (the summary's closing line says where outlets disagree).
** Lines without figures, and figures nobody else gives, are unaffected.
*/

enum { FG_NUM = 0, FG_ORD, FG_CLOCK, FG_WDAY, FG_PAIR, FG_YEAR };

#define FG_CTX 8      /* content words kept around a figure */
#define FG_UNITS 3    /* words read as its unit */
#define FG_YEARS 2    /* years named in its sentence */
#define FG_PER_SENT 8 /* figures kept per sentence */
#define FG_NAMES 3    /* names a figure belongs to */

typedef struct an_fig {
  int kind;             /* FG_* */
  double lo, hi;        /* values it allows, hedges honoured */
  uint64_t unit[FG_UNITS];
  size_t nunit;
  uint64_t ctx[FG_CTX]; /* stems of content words either side */
  size_t nctx;
  uint64_t years[FG_YEARS];
  size_t nyears;
  uint64_t names[FG_NAMES]; /* names it belongs to: "Carter added 12" */
  size_t nnames;
  bool part;            /* counts a part: "the first 17", "the last 10" */
} an_fig;

static const char *const k_wdays[] = {"sunday", "monday", "tuesday", "wednesday",
                                      "thursday", "friday", "saturday", NULL};
static const char *const k_months[] = {"january", "february", "march", "april", "may",
                                       "june", "july", "august", "september", "october",
                                       "november", "december", "jan", "feb", "mar", "apr",
                                       "jun", "jul", "aug", "sep", "sept", "oct", "nov",
                                       "dec", NULL};
static const char *const k_ordinals[] = {
    "zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh",
    "eighth", "ninth", "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth",
    "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth",
    "twentieth", NULL};
/* Hedges, and what they allow around a value v. */
static const char *const k_hedge_about[] = {"about", "around", "roughly", "approximately",
                                            "some", "estimated", "nearly", "almost",
                                            NULL};
static const char *const k_hedge_min[] = {"over", "least", "than", "upwards", "exceeding",
                                          NULL};
static const char *const k_hedge_max[] = {"under", "up", "to", "below", NULL};
/* Words between a figure and its unit that are not the unit. */
static const char *const k_unit_skip[] = {"per", "straight", "consecutive", "successive",
                                          "more", "other", "additional", "further", "extra",
                                          "full", "separate", "new", NULL};
/* Before a figure: it counts a part ("his first 17 passes"). */
static const char *const k_part[] = {"first", "last", "final", "opening", "closing", "next",
                                     "previous", NULL};
/* Unit spellings read as one unit. */
static const char *const k_unit_alias[][6] = {
    {"metre", "m", "metres", "meter", "meters", NULL},
    {"foot", "ft", "feet", NULL},
    {"kilometre", "km", "kilometres", "kilometer", "kilometers", NULL},
    {"mile", "mi", "miles", NULL},
    {"year", "years", "yr", "yrs", NULL},
    {"hour", "hours", "hr", "hrs", NULL},
    {"minute", "minutes", "min", "mins", NULL},
    {"percent", "pct", "%", NULL},
};

/* Index of token i's word in list (lower-cased), or -1. */
static int tok_index(const an_sent *s, size_t i, const char *const *list) {
  if (i >= s->ntok || !an_tok_in(s, i, list)) return -1;
  for (int k = 0; list[k]; k++)
    if (an_tok_is(s, i, list[k])) return k;
  return -1;
}

/* Stem hash of a unit word w[0..n), spellings of one unit folded. */
static uint64_t unit_key(const px_analysis *a, const char *w, size_t n) {
  char low[32];
  if (n == 0 || n >= sizeof low) return an_hash_word(w, n);
  for (size_t i = 0; i < n; i++) low[i] = (char)px_tolower((unsigned char)w[i]);
  low[n] = 0;
  for (size_t g = 0; g < sizeof k_unit_alias / sizeof k_unit_alias[0]; g++)
    for (size_t k = 0; k_unit_alias[g][k]; k++)
      if (strcmp(low, k_unit_alias[g][k]) == 0) return an_hash_cstr(k_unit_alias[g][0]);
  if (a->stemmer && n > 3) {
    const sb_symbol *o = sb_stemmer_stem(a->stemmer, (const sb_symbol *)low, (int)n);
    if (o) return px_hash64(o, (size_t)sb_stemmer_length(a->stemmer), 7);
  }
  return px_hash64(low, n, 7);
}

static bool is_year(const an_sent *s, size_t i) {
  const an_tok *t = &s->toks[i];
  if (t->e - t->s != 4 || !(t->flags & TK_NUM)) return false;
  int y = 0;
  for (uint32_t k = t->s; k < t->e; k++) {
    if (!px_isdigit((unsigned char)s->text[k])) return false;
    y = y * 10 + (s->text[k] - '0');
  }
  return y >= 1800 && y <= 2100;
}

/* Does punctuation stand between tokens i and i+1? */
static bool gap_at(const an_sent *s, size_t i) { return an_tok_gap_punct(s, i) != 0; }

/* The range a value v allows, from the hedge words before token i. */
static void fig_range(const an_sent *s, size_t i, double v, double *lo, double *hi) {
  *lo = *hi = v;
  for (size_t k = i; k-- > (i >= 2 ? i - 2 : 0);) {
    if (an_tok_in(s, k, k_hedge_about)) {
      bool under = an_tok_is(s, k, "nearly") || an_tok_is(s, k, "almost");
      *lo = v * 0.85;
      *hi = under ? v : v * 1.15;
      return;
    }
    if (an_tok_in(s, k, k_hedge_min) &&
        !(an_tok_is(s, k, "than") && k > 0 &&
          (an_tok_is(s, k - 1, "less") || an_tok_is(s, k - 1, "fewer")))) {
      *hi = 1e300; /* "more than", "at least", "over" */
      return;
    }
    if (an_tok_in(s, k, k_hedge_max) || an_tok_is(s, k, "than")) { /* "up to", "less than" */
      if (an_tok_is(s, k, "to") && !(k > 0 && an_tok_is(s, k - 1, "up"))) break;
      if (an_tok_is(s, k, "up") && !an_tok_is(s, k + 1, "to")) break;
      *lo = 0;
      return;
    }
    if (s->toks[k].flags & TK_NUM) break;
  }
}

/* Is token i all digits? */
static bool digits_only(const an_sent *s, size_t i) {
  for (uint32_t k = s->toks[i].s; k < s->toks[i].e; k++)
    if (!px_isdigit((unsigned char)s->text[k])) return false;
  return s->toks[i].e - s->toks[i].s <= 3;
}

/* Only a hyphen or dash (and spaces) between tokens i and i+1? */
static bool dash_between(const an_sent *s, size_t i) {
  bool dash = false;
  for (uint32_t k = s->toks[i].e; k < s->toks[i + 1].s; k++) {
    unsigned char c = (unsigned char)s->text[k];
    if (c == '-') dash = true;
    else if (c == 0xE2 && k + 2 < s->toks[i + 1].s && (unsigned char)s->text[k + 1] == 0x80 &&
             ((unsigned char)s->text[k + 2] == 0x93 || (unsigned char)s->text[k + 2] == 0x94)) {
      dash = true;
      k += 2;
    } else if (c != ' ') return false;
  }
  return dash;
}

static void fig_unit(an_fig *f, uint64_t u) {
  if (f->nunit < FG_UNITS) f->unit[f->nunit++] = u;
}

/* Is token k a name (a capitalised word that is no weekday or month)? */
static bool name_at(const an_sent *s, size_t k) {
  const an_tok *c = &s->toks[k];
  return (c->flags & TK_CAP) && !(c->flags & (TK_STOP | TK_NUM)) &&
         tok_index(s, k, k_wdays) < 0 && tok_index(s, k, k_months) < 0;
}

/* Reads the figure at token i of s into f; returns the tokens it spans
** (0: none there). */
static size_t fig_read(const px_analysis *a, const an_sent *s, size_t i, an_fig *f) {
  const an_tok *t = &s->toks[i];
  const char *w = s->text + t->s;
  size_t n = t->e - t->s, used = 0;
  double v = -1;
  const char *uit = NULL;
  size_t ul = 0;
  memset(f, 0, sizeof *f);
  f->kind = FG_NUM;
  int wd = tok_index(s, i, k_wdays);
  int ord = tok_index(s, i, k_ordinals);
  if (wd >= 0) {
    f->kind = FG_WDAY;
    v = wd;
    used = 1;
  } else if (ord > 2) { /* "first" and "second" are more often words than figures */
    f->kind = FG_ORD; /* "his 11th point" is not "23 points" */
    v = ord;
    used = 1;
  } else if ((t->flags & TK_NUM) && n >= 3 && n <= 4 && px_isalpha((unsigned char)w[n - 1]) &&
             px_isalpha((unsigned char)w[n - 2])) {
    /* "8th", "21st" */
    f->kind = FG_ORD;
    v = 0;
    for (size_t k = 0; k < n && px_isdigit((unsigned char)w[k]); k++) v = v * 10 + (w[k] - '0');
    used = 1;
  } else if ((t->flags & TK_NUM) && i + 1 < s->ntok && n <= 2 &&
             an_tok_gap_punct(s, i) == ':' && s->toks[i + 1].e - s->toks[i + 1].s == 2 &&
             px_isdigit((unsigned char)s->text[s->toks[i + 1].s]) &&
             px_isdigit((unsigned char)s->text[s->toks[i + 1].s + 1])) {
    /* a clock or a clock in a game: "7:30", "2: 56" */
    f->kind = FG_CLOCK;
    v = 0;
    for (size_t k = 0; k < n; k++) v = v * 10 + (w[k] - '0');
    v = v * 60 + (s->text[s->toks[i + 1].s] - '0') * 10 + (s->text[s->toks[i + 1].s + 1] - '0');
    used = 2;
  } else if ((t->flags & TK_NUM) && i + 1 < s->ntok && (s->toks[i + 1].flags & TK_NUM) &&
             digits_only(s, i) && digits_only(s, i + 1) && dash_between(s, i)) {
    /* a score or a record: "65 - 53", "25 - 7" */
    f->kind = FG_PAIR;
    v = 0;
    for (size_t k = 0; k < n; k++) v = v * 10 + (w[k] - '0');
    double v2 = 0;
    for (uint32_t k = s->toks[i + 1].s; k < s->toks[i + 1].e; k++)
      v2 = v2 * 10 + (s->text[k] - '0');
    v = v * 1e6 + v2;
    used = 2;
  } else {
    used = an_parse_number(s, i, &v, &uit, &ul);
    if (!used || v < 0) return 0;
    /* "29-of-34": not a quantity with a unit */
    if (uit && ul >= 2 && px_tolower((unsigned char)uit[0]) == 'o' &&
        px_tolower((unsigned char)uit[1]) == 'f' && (ul == 2 || uit[2] == '-'))
      return 0;
    /* "one" alone is a pronoun ("one of the climbers") */
    if (v == 1 && !(t->flags & TK_NUM) && !uit) return 0;
  }
  if (f->kind == FG_NUM && used == 1 && is_year(s, i)) f->kind = FG_YEAR;
  fig_range(s, i, v, &f->lo, &f->hi);
  if (an_tok_is(s, i + used, "plus")) f->hi = 1e300; /* "three-plus seasons" */
  f->part = i > 0 && an_tok_in(s, i - 1, k_part);
  /* unit: written on the number, or the words right after it */
  if (uit) {
    size_t k = 0;
    while (k < ul && uit[k] != '-') k++;
    fig_unit(f, unit_key(a, uit, k));
  }
  size_t e = i + used;
  const char *g = s->text + s->toks[e - 1].e; /* the text is NUL-terminated */
  if (f->kind == FG_NUM && (g[0] == '%' || (g[0] == ' ' && g[1] == '%')))
    fig_unit(f, an_hash_cstr("percent"));
  bool words_unit = !uit && (f->kind == FG_NUM || f->kind == FG_ORD);
  for (size_t k = e; words_unit && k < s->ntok && k < e + 3 && f->nunit < FG_UNITS; k++) {
    if (gap_at(s, k - 1)) break;
    const an_tok *u = &s->toks[k];
    if ((u->flags & (TK_NUM | TK_CAP)) || an_tok_in(s, k, k_unit_skip)) continue;
    if (u->flags & TK_STOP) break;
    fig_unit(f, unit_key(a, s->text + u->s, u->e - u->s));
  }
  /* "Robert Buckley, 32, died": an age set off after a name */
  if (f->kind == FG_NUM && !f->nunit && (t->flags & TK_NUM) && i > 0 && i + 1 < s->ntok &&
      (s->toks[i - 1].flags & TK_CAP) && an_tok_gap_punct(s, i - 1) == ',' &&
      an_tok_gap_punct(s, i) == ',' && v > 0 && v < 120)
    fig_unit(f, an_hash_cstr("year"));
  if (f->kind == FG_CLOCK) fig_unit(f, an_hash_cstr("clock"));
  if (f->kind == FG_WDAY) fig_unit(f, an_hash_cstr("weekday"));
  /* context: up to FG_CTX / 2 content words either side */
  size_t half = FG_CTX / 2, got = 0;
  for (size_t k = i; k-- > 0 && got < half && i - k <= 8;) {
    const an_tok *c = &s->toks[k];
    if ((c->flags & (TK_STOP | TK_NUM)) || an_tok_in(s, k, k_hedge_about)) continue;
    f->ctx[f->nctx++] = c->stem;
    got++;
  }
  got = 0;
  for (size_t k = e; k < s->ntok && got < half && k - e < 8; k++) {
    const an_tok *c = &s->toks[k];
    if (c->flags & (TK_STOP | TK_NUM)) continue;
    f->ctx[f->nctx++] = c->stem;
    got++;
  }
  for (size_t k = 0; k < s->ntok && f->nyears < FG_YEARS; k++)
    if ((k < i || k >= e) && is_year(s, k)) f->years[f->nyears++] = s->toks[k].h;
  /* names: the nearest written before it ("Carter added 12"), else after
  ** "from" or "by" ("13 points from Seth VanDeest") */
  for (size_t k = i; k-- > 0 && i - k <= 6 && f->nnames < FG_NAMES;) {
    if (name_at(s, k)) f->names[f->nnames++] = s->toks[k].h;
    else if (f->nnames) break; /* the nearest run of names only */
  }
  bool from = false; /* "13 points from Seth VanDeest", "31-year-old Robert Buckley" */
  for (size_t k = e; !f->nnames || from; k++) {
    if (k >= s->ntok || k - e >= 4 || f->nnames == FG_NAMES) break;
    if (an_tok_is(s, k, "from") || an_tok_is(s, k, "by") || an_tok_is(s, k, "old")) from = true;
    else if (from && name_at(s, k)) f->names[f->nnames++] = s->toks[k].h;
    else if (f->nnames) break;
  }
  return used;
}

/* Values more than FG_FAR times apart are taken for different measures
** ("23 points" in a game, "2,129 points" in a career; "30 days" and "nine
** days before the inauguration"), not for one fact misreported. */
#define FG_FAR 3.0

static bool far_apart(double x, double y) {
  if (x <= 0 || y <= 0) return x != y && (x > 1 || y > 1);
  return x > y * FG_FAR || y > x * FG_FAR;
}

static bool fig_far(const an_fig *x, const an_fig *y) {
  if (x->kind == FG_PAIR)
    return far_apart(floor(x->lo / 1e6), floor(y->lo / 1e6)) ||
           far_apart(fmod(x->lo, 1e6), fmod(y->lo, 1e6));
  if (x->kind != FG_NUM && x->kind != FG_ORD) return false;
  double a = x->hi < 1e299 ? (x->lo + x->hi) / 2 : x->lo;
  double b = y->hi < 1e299 ? (y->lo + y->hi) / 2 : y->lo;
  return far_apart(a, b);
}

/* Could the two figures state the same fact: same kind, a shared unit
** (or none on both), the same years around them? Returns how many
** context words they share (0: not the same fact). */
static size_t fig_same_place(const an_fig *x, const an_fig *y, bool *named) {
  *named = false;
  if (x->kind != y->kind || x->part != y->part) return 0;
  bool unit = x->nunit == 0 && y->nunit == 0;
  for (size_t i = 0; i < x->nunit && !unit; i++)
    for (size_t j = 0; j < y->nunit; j++)
      if (x->unit[i] == y->unit[j]) unit = true;
  if (!unit) return 0;
  if (x->nyears != y->nyears) return 0;
  if (fig_far(x, y)) return 0;
  for (size_t i = 0; i < x->nyears; i++) {
    bool found = false;
    for (size_t j = 0; j < y->nyears; j++) found |= x->years[i] == y->years[j];
    if (!found) return 0;
  }
  if (x->nnames && y->nnames) {
    bool same = false;
    for (size_t i = 0; i < x->nnames && !same; i++)
      for (size_t j = 0; j < y->nnames; j++) same |= x->names[i] == y->names[j];
    if (!same) return 0;
    *named = true;
  }
  size_t shared = 0;
  for (size_t i = 0; i < x->nctx; i++)
    for (size_t j = 0; j < y->nctx; j++)
      if (x->ctx[i] == y->ctx[j]) {
        shared++;
        break;
      }
  return shared;
}

static bool fig_compatible(const an_fig *x, const an_fig *y) {
  return x->lo <= y->hi * (1 + 1e-9) && y->lo <= x->hi * (1 + 1e-9);
}

/* Figures of every sentence: figs[first[i] .. first[i + 1]) are sentence
** i's. Caller frees both arrays. */
static px_rc figs_collect(const px_analysis *a, an_fig **out, size_t **first_out) {
  size_t n = a->nsents, cap = 0, nf = 0;
  an_fig *figs = NULL;
  size_t *first = malloc((n + 1) * sizeof *first);
  if (!first) return PX_ENOMEM;
  for (size_t si = 0; si < n; si++) {
    const an_sent *s = &a->sents[si];
    first[si] = nf;
    size_t got = 0;
    for (size_t i = 0; i < s->ntok && got < FG_PER_SENT;) {
      an_fig f;
      size_t used = fig_read(a, s, i, &f);
      if (!used) {
        i++;
        continue;
      }
      i += used;
      /* "VanDeest led with 13 points, while Carter added 12": the unit
      ** carries over to a figure of the same kind written without one */
      if (!f.nunit && got && figs[nf - 1].kind == f.kind && figs[nf - 1].nunit) {
        f.nunit = figs[nf - 1].nunit;
        memcpy(f.unit, figs[nf - 1].unit, sizeof f.unit);
      }
      if (nf == cap) {
        size_t nc = cap ? cap * 2 : 256;
        an_fig *nfigs = realloc(figs, nc * sizeof *nfigs);
        if (!nfigs) {
          free(figs);
          free(first);
          return PX_ENOMEM;
        }
        figs = nfigs;
        cap = nc;
      }
      figs[nf++] = f;
      got++;
    }
  }
  first[n] = nf;
  *out = figs;
  *first_out = first;
  return PX_OK;
}

/* Does one of figs[from..to) give f's value, in f's kind and unit? */
static bool sentence_gives(const an_fig *f, const an_fig *figs, size_t from, size_t to) {
  for (size_t g = from; g < to; g++) {
    const an_fig *y = &figs[g];
    if (y->kind != f->kind || y->part != f->part || !fig_compatible(f, y)) continue;
    bool unit = f->nunit == 0 && y->nunit == 0;
    for (size_t i = 0; i < f->nunit && !unit; i++)
      for (size_t j = 0; j < y->nunit; j++) unit |= f->unit[i] == y->unit[j];
    if (unit) return true;
  }
  return false;
}

#define FG_MIN_SHARED 2 /* context words two statements of one fact share */
#define FG_MIN_SIM 0.2  /* and how alike their sentences are at least */
#define FG_MANY_SHARED 3 /* context words enough on their own */

/* Does another outlet dispute a figure of sentence si? An outlet disputes
** it when it states, in the same place of a like sentence, a value that
** cannot be true with it, and gives no compatible value in such a place
** anywhere (a score "25 - 7" read against the "7" of the same record is
** not a dispute). */
static bool figure_contested(const px_analysis *a, const an_fig *figs, const size_t *first,
                             size_t si) {
  const an_sent *s = &a->sents[si];
  for (size_t fi = first[si]; fi < first[si + 1]; fi++) {
    const an_fig *f = &figs[fi];
    for (size_t d = 0; d < a->ndocs; d++) {
      if ((int)d == s->doc) continue;
      int against = -1;
      bool agrees = false;
      for (size_t j = a->docs[d].first_sent;
           j < a->docs[d].first_sent + a->docs[d].nsent && !agrees; j++) {
        if (first[j] == first[j + 1]) continue;
        int alike = -1; /* sentence similarity, computed when needed */
        for (size_t gi = first[j]; gi < first[j + 1]; gi++) {
          bool named;
          size_t sh = fig_same_place(f, &figs[gi], &named);
          if (sh < FG_MIN_SHARED) continue;
          /* the same place of a like sentence, or of a sentence about the
          ** same person, or with many words around the figure in common */
          if (!named && sh < FG_MANY_SHARED) {
            if (alike < 0) alike = an_cosine(s, &a->sents[j]) >= FG_MIN_SIM;
            if (!alike) continue;
          }
          if (fig_compatible(f, &figs[gi]) || sentence_gives(f, figs, first[j], first[j + 1])) {
            agrees = true; /* the value is there, if in other words around it */
            break;
          }
          against = (int)gi;
        }
      }
      if (!agrees && against >= 0) return true;
    }
  }
  return false;
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
#define AN_SUMMARY_MAX_CHECKS 200 /* lines checked for disputed figures */

px_rc an_summarize(px_analysis *a) {
  size_t n = a->nsents;
  if (!n) return PX_OK;
  an_fig *figs = NULL;
  size_t *ffirst = NULL;
  size_t checks = 0;
  px_rc rc = figs_collect(a, &figs, &ffirst);
  if (rc != PX_OK) return rc;
  double *score = calloc(n, sizeof *score);
  if (!score) {
    rc = PX_ENOMEM;
    goto out;
  }
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
    rc = PX_ENOMEM;
    goto out;
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
    /* past AN_SUMMARY_MAX_CHECKS checks (hostile input), a line with a
    ** figure is left out unchecked */
    if (ffirst[bi] != ffirst[bi + 1] &&
        (++checks > AN_SUMMARY_MAX_CHECKS || figure_contested(a, figs, ffirst, (size_t)bi))) {
      score[bi] = -1; /* spent: the next best line is tried */
      continue;
    }
    an_sum *sm = &a->summary[a->nsummary++];
    sm->sent = bi;
    score[bi] = -1;
    const an_sent *s = &a->sents[bi];
    sm->cites = 1ull << s->doc;
    sm->support = px_arena_alloc(a->arena, (a->ndocs + 1) * sizeof(int));
    if (!sm->support) {
      rc = PX_ENOMEM;
      goto out;
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
out:
  free(score);
  free(figs);
  free(ffirst);
  return rc;
}
