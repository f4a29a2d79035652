/*
** compare.c: claim alignment, pair classification, conflict evidence,
** outlier detection and the timeline (see compare.h).
** Memory: groups, pairs and notes live in the analysis arena.
*/
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "analyze/compare.h"
#include "analyze/claims.h"
#include "util/buf.h"
#include "util/str.h"

const char *an_class_name(int cls) {
  static const char *const n[] = {"agree", "compatible", "contradict", "different",
                                  "update"};
  return cls >= 0 && cls < CP_COUNT ? n[cls] : "?";
}

static int shared_parts(const an_claim *x, const an_claim *y) {
  int n = 0;
  for (int i = 0; i < x->nparts; i++)
    for (int j = 0; j < y->nparts; j++)
      if (x->parts[i] == y->parts[j]) n++;
  return n;
}

static size_t ctx_overlap(const an_claim *x, const an_claim *y) {
  size_t n = 0;
  for (size_t i = 0; i < x->nctx; i++) {
    bool dup = false;
    for (size_t k = 0; k < i && !dup; k++) dup = x->ctx[k] == x->ctx[i];
    if (dup) continue;
    for (size_t j = 0; j < y->nctx; j++)
      if (x->ctx[i] == y->ctx[j]) {
        n++;
        break;
      }
  }
  return n;
}

/* Figures given to different named subjects are different facts
** ("Hansbrough had nine rebounds" / "Clark had 16"; "in Gaza City, at
** least 12" / "in the Beach camp, at least seven"), and one given to a
** name and one to nobody named are not known to be the same fact. */
static bool same_subject(const an_claim *x, const an_claim *y) {
  /* one name stands out in both: it must be the same one ("Artino had
  ** 14 points" / "Echenique had 11 points" in one sentence) */
  if (x->subj_main && y->subj_main) return x->subj_main == y->subj_main;
  if (!x->nsubj || !y->nsubj) return true;
  for (int i = 0; i < x->nsubj; i++)
    for (int j = 0; j < y->nsubj; j++)
      if (x->subj[i] == y->subj[j]) return true;
  return false;
}

/* One person under two entries: the same last name, and the same first
** name unless one entry is the last name alone ("Klitschko" / "Wladimir
** Klitschko"; not "Greg McDermott" / "Doug McDermott"). */
static bool same_person(const px_analysis *a, int p, int q) {
  if (p == q) return true;
  if (p < 0 || q < 0) return false;
  const an_person *x = &a->people[p], *y = &a->people[q];
  if (x->last_h != y->last_h) return false;
  return x->ntoks < 2 || y->ntoks < 2 || x->first_h == y->first_h;
}

/* A name written before the figure in both clauses, whoever acts. */
static bool shares_subject(const an_claim *x, const an_claim *y) {
  for (int i = 0; i < x->nsubj; i++)
    for (int j = 0; j < y->nsubj; j++)
      if (x->subj[i] == y->subj[j]) return true;
  return false;
}

/* Distinct content stems of x's clause also in y's (ctx_overlap) against
** the smaller clause: two clauses about one fact share most of their
** words ("killed at least 12 people in the school" / "12 people died in
** the school"), two about different facts of one unit share a few. */
static double ctx_share(const an_claim *x, const an_claim *y) {
  size_t ux = 0, uy = 0;
  for (size_t i = 0; i < x->nctx; i++) {
    bool dup = false;
    for (size_t k = 0; k < i && !dup; k++) dup = x->ctx[k] == x->ctx[i];
    ux += !dup;
  }
  for (size_t i = 0; i < y->nctx; i++) {
    bool dup = false;
    for (size_t k = 0; k < i && !dup; k++) dup = y->ctx[k] == y->ctx[i];
    uy += !dup;
  }
  size_t mn = ux < uy ? ux : uy;
  return mn ? (double)ctx_overlap(x, y) / (double)mn : 0;
}

/* Two figures far apart are not two reports of one fact but two facts
** ("35 yards" on one play, "329 yards" in the game; a toll of 3 and one
** of 300): real disagreements between outlets are near misses. */
static bool plausibly_same_figure(const an_claim *x, const an_claim *y) {
  double a = x->val > 0 ? x->val : x->hi, b = y->val > 0 ? y->val : y->hi;
  if (a <= 0 || b <= 0) return true;
  double r = a > b ? a / b : b / a;
  return r <= 4.0;
}

/* The names (capitalised words inside the sentence) of the two claims'
** sentences: when both have some and share none, the figures are of two
** events ("in the Beach refugee camp, at least seven members of one
** family" / "at least 12 members of an extended family ... in Gaza
** City"). */
static bool name_tok(const px_analysis *a, const an_sent *s, size_t i) {
  static const char *const k_time[] = {"sunday", "monday", "tuesday", "wednesday",
                                       "thursday", "friday", "saturday", "january",
                                       "february", "march", "april", "may", "june", "july",
                                       "august", "september", "october", "november",
                                       "december", NULL};
  uint16_t f = s->toks[i].flags;
  if (!(f & TK_CAP) || (f & (TK_STOP | TK_NUM)) || an_tok_in(s, i, k_time)) return false;
  if (!(f & TK_SENTSTART)) return true;
  /* a sentence's first word is a name when it is a person's */
  int m = an_mention_at(a, (size_t)(s - a->sents), i);
  return m >= 0 && a->ments[m].kind != MK_PRONOUN;
}

/* -1: both sentences have names and share none; 1: they share one; 0:
** one has none. */
static int names_relation(const px_analysis *a, const an_claim *x, const an_claim *y) {
  const an_sent *sx = &a->sents[x->sent], *sy = &a->sents[y->sent];
  bool any_x = false, any_y = false;
  for (size_t i = 0; i < sx->ntok; i++) {
    if (!name_tok(a, sx, i)) continue;
    any_x = true;
    for (size_t j = 0; j < sy->ntok; j++) {
      if (!name_tok(a, sy, j)) continue;
      any_y = true;
      if (sx->toks[i].h == sy->toks[j].h) return 1;
    }
  }
  return any_x && any_y ? -1 : 0;
}

/* The two figures are within a factor r of each other. */
static bool near_figure(const an_claim *x, const an_claim *y, double r) {
  double u = x->val > 0 ? x->val : x->hi, v = y->val > 0 ? y->val : y->hi;
  if (u <= 0 || v <= 0) return false;
  return (u > v ? u / v : v / u) <= r;
}

/* Both figures are the only value their article gives for their measure
** (see mark_sole), in the same unit. */
static bool sole_pair(const an_claim *x, const an_claim *y) {
  if (!x->sole || !y->sole) return false;
  if (!x->unit || !y->unit) return x->unit == y->unit;
  return x->unit == y->unit || !strcmp(x->unit, y->unit);
}

/* The looser same-fact test of two sole figures (see mark_sole): near
** figures (within a factor of two) in clauses that share three content
** words, or two and a name ("McDermott has notched his in 105 games" /
** "McDermott now has 2,029 points in 106 games"), in sentences whose
** names do not point at two places or people. */
static bool sole_same(const px_analysis *a, const an_claim *x, const an_claim *y) {
  if (!sole_pair(x, y) || !near_figure(x, y, 2.0)) return false;
  int names = names_relation(a, x, y);
  size_t ov = ctx_overlap(x, y);
  return names >= 0 && (ov >= 3 || (ov >= 2 && names > 0));
}

static bool comparable(const px_analysis *a, const an_claim *x, const an_claim *y) {
  if (x->doc == y->doc || x->kind != y->kind) return false;
  if (x->day != AN_NODAY && y->day != AN_NODAY && x->day != y->day &&
      x->kind != CL_EVENT && x->kind != CL_SINCE && x->kind != CL_WHEN)
    return false;
  switch (x->kind) {
  case CL_EVENT:
  case CL_PLACE:
    return x->nparts == 2 && y->nparts == 2 && shared_parts(x, y) == 2;
  case CL_SINCE:
    return ctx_overlap(x, y) >= 2;
  case CL_WHEN:
    /* one event: the same verb or event noun, the same subject (or a
    ** name both clauses give before the time: "Korkoneas killed
    ** Grigoropoulos on Sunday" / "Grigoropoulos was killed on 6
    ** December"), and clauses that read alike beyond their words of time */
    if (x->measure != y->measure || !(same_subject(x, y) || shares_subject(x, y)))
      return false;
    return ctx_overlap(x, y) >= 2 && ctx_share(x, y) >= 0.5;
  default:
    if (x->measure != y->measure || x->scoped != y->scoped) return false;
    /* a person's age is one fact however it is written */
    if (x->measure == an_hash_cstr("age") && x->nparts == 1 && y->nparts == 1)
      return same_person(a, x->parts[0], y->parts[0]);
    if (x->kind == CL_DURATION && x->nparts >= 2 && y->nparts >= 2)
      return shared_parts(x, y) >= 2;
    if (x->nparts >= 1 && y->nparts >= 1 && shared_parts(x, y) == 0) return false;
    /* "the talks lasted", "eight days of riots": the event names the
    ** fact, whoever the clause is about */
    if (x->kind == CL_DURATION && x->measure != an_hash_cstr("duration"))
      return ctx_overlap(x, y) >= 3;
    if (!same_subject(x, y)) return false;
    /* each article gives one value for this measure ("nearly 235,000
    ** public comments" / "250,000 written comments from the public"):
    ** the same fact in other words, when a word besides the measure is
    ** shared */
    if (sole_same(a, x, y)) return true;
    return ctx_overlap(x, y) >= 3 && ctx_share(x, y) >= 0.4;
  }
}

/* ---- the same-fact features (a learned decision, see samefact_model.h) ---- */

/* People named in a sentence (registry indices, at most 8): two reports
** of one fact name the same people, or none. */
static int sent_people(const px_analysis *a, int si, int *out) {
  const an_sent *s = &a->sents[si];
  int n = 0;
  for (size_t m = s->first_mention; m < s->first_mention + s->nmention && n < 8; m++) {
    int p = a->ments[m].person;
    if (p < 0 || a->ments[m].kind == MK_PRONOUN) continue;
    bool dup = false;
    for (int k = 0; k < n && !dup; k++) dup = out[k] == p;
    if (!dup) out[n++] = p;
  }
  return n;
}

static bool is_figure_kind(int kind) {
  return kind == CL_DURATION || kind == CL_COUNT || kind == CL_MONEY ||
         kind == CL_PERCENT || kind == CL_WHEN;
}

void an_samefact_features(const px_analysis *a, const an_claim *x, const an_claim *y,
                          float *f) {
  memset(f, 0, AN_SF_NFEAT * sizeof *f);
  f[AN_SF_KIND_DURATION] = x->kind == CL_DURATION;
  f[AN_SF_KIND_COUNT] = x->kind == CL_COUNT;
  f[AN_SF_KIND_MONEY] = x->kind == CL_MONEY;
  f[AN_SF_KIND_PERCENT] = x->kind == CL_PERCENT;
  f[AN_SF_KIND_WHEN] = x->kind == CL_WHEN;
  f[AN_SF_MEASURE] = x->measure == y->measure;
  f[AN_SF_UNIT] = (!x->unit && !y->unit) || (x->unit && y->unit && !strcmp(x->unit, y->unit));
  f[AN_SF_MAIN_SAME] = x->subj_main && y->subj_main && x->subj_main == y->subj_main;
  f[AN_SF_MAIN_DIFF] = x->subj_main && y->subj_main && x->subj_main != y->subj_main;
  bool sub = false;
  for (int i = 0; i < x->nsubj; i++)
    for (int j = 0; j < y->nsubj; j++) sub |= x->subj[i] == y->subj[j];
  f[AN_SF_SUBJ_SHARED] = sub;
  f[AN_SF_SUBJ_APART] = x->nsubj && y->nsubj && !sub;
  f[AN_SF_SUBJ_ONE] = (x->nsubj == 0) != (y->nsubj == 0);
  f[AN_SF_CTX_LOG] = (float)log1p((double)ctx_overlap(x, y));
  f[AN_SF_CTX_SHARE] = (float)ctx_share(x, y);
  f[AN_SF_COSINE] = (float)an_cosine(&a->sents[x->sent], &a->sents[y->sent]);
  if (x->kind != CL_WHEN) {
    double u = x->val > 0 ? x->val : x->hi, v = y->val > 0 ? y->val : y->hi;
    double r = u > 0 && v > 0 ? fabs(log(u / v)) : 0;
    f[AN_SF_LOGRATIO] = (float)(r < 5 ? r : 5);
    f[AN_SF_OVERLAP] = x->lo <= y->hi + 1e-9 && y->lo <= x->hi + 1e-9;
    f[AN_SF_HEDGED] = x->lo < x->hi || y->lo < y->hi;
  }
  f[AN_SF_SAME_TEXT] = x->surface && y->surface && !strcmp(x->surface, y->surface);
  int px[8], py[8];
  int nx = sent_people(a, x->sent, px), ny = sent_people(a, y->sent, py), shared = 0;
  for (int i = 0; i < nx; i++)
    for (int j = 0; j < ny; j++) shared += px[i] == py[j];
  f[AN_SF_PEOPLE_SHARED] = shared > 0;
  f[AN_SF_PEOPLE_APART] = nx && ny && !shared;
  const an_doc *dx = &a->docs[x->doc], *dy = &a->docs[y->doc];
  const an_sent *sx = &a->sents[x->sent], *sy = &a->sents[y->sent];
  double rx = dx->nsent ? (double)sx->idx / (double)dx->nsent : 0;
  double ry = dy->nsent ? (double)sy->idx / (double)dy->nsent : 0;
  f[AN_SF_POS_DIFF] = (float)fabs(rx - ry);
  f[AN_SF_BOTH_LEAD] = sx->idx <= 2 && sy->idx <= 2;
  f[AN_SF_PARTS] = x->nparts && y->nparts && shared_parts(x, y) > 0;
}

static bool place_same(const char *p, const char *q) {
  /* same when a word of one is a word of the other (Beijing / Diaoyutai
  ** ... in Beijing / "Anchorage, Alaska" / "Alaska") */
  px_str ps = px_str_from_cstr(p), qs = px_str_from_cstr(q);
  size_t i = 0;
  while (i < ps.len) {
    while (i < ps.len && !px_isalpha((unsigned char)ps.p[i])) i++;
    size_t st = i;
    while (i < ps.len && (px_isalpha((unsigned char)ps.p[i]) || (unsigned char)ps.p[i] >= 0x80)) i++;
    if (i - st >= 3) {
      char w[64];
      size_t l = i - st < sizeof w - 1 ? i - st : sizeof w - 1;
      memcpy(w, ps.p + st, l);
      w[l] = 0;
      if (px_str_ifind(qs, w) >= 0) return true;
    }
  }
  return false;
}

static int classify(const px_analysis *a, const an_claim *x, const an_claim *y,
                    const char **why) {
  *why = NULL;
  switch (x->kind) {
  case CL_EVENT: {
    if (x->status == y->status) {
      if (x->status == ST_HAPPENED && x->day != AN_NODAY && y->day != AN_NODAY &&
          llabs(x->day - y->day) > 1)
        return CP_DIFFERENT;
      return CP_AGREE;
    }
    const an_claim *pend = x->status == ST_PENDING ? x : y->status == ST_PENDING ? y : NULL;
    const an_claim *done = x->status == ST_HAPPENED ? x : y->status == ST_HAPPENED ? y : NULL;
    if (pend && done) {
      int64_t pday = a->docs[pend->doc].pub_day;
      if (done->day != AN_NODAY && pday != AN_NODAY && done->day < pday - 1)
        return CP_DIFFERENT; /* an earlier meeting, not the one pending */
      *why = "a report of it as pending, then one of it as done";
      return CP_UPDATE;
    }
    if (x->status == ST_FUTURE && y->status == ST_FUTURE) return CP_AGREE;
    if ((x->status == ST_FUTURE || y->status == ST_FUTURE) && !done) return CP_COMPATIBLE;
    return CP_DIFFERENT;
  }
  case CL_PLACE:
    if (place_same(x->place, y->place) || place_same(y->place, x->place)) return CP_AGREE;
    return CP_CONTRADICT;
  case CL_SINCE:
    if (x->year && y->year) {
      int d = abs(x->year - y->year);
      if (d == 0) {
        if (x->surface && y->surface && strcmp(x->surface, y->surface) != 0)
          *why = "same year through different wording";
        return CP_AGREE;
      }
      return d == 1 ? CP_COMPATIBLE : CP_CONTRADICT;
    }
    if (x->since_event && y->since_event) return CP_AGREE;
    return CP_DIFFERENT;
  case CL_WHEN: {
    /* the day first: resolved days, else weekdays, else dates */
    int dd = -1; /* 0 same, 1 differ, -1 not comparable */
    if (x->day != AN_NODAY && y->day != AN_NODAY) dd = x->day != y->day;
    else if (x->wday >= 0 && y->wday >= 0) dd = x->wday != y->wday;
    else if (x->mday >= 0 && y->mday >= 0) dd = x->mday != y->mday;
    if (dd == 1) {
      *why = "two days for one event";
      return CP_CONTRADICT;
    }
    if (x->clock >= 0 && y->clock >= 0) {
      int tol = x->clock_tol > y->clock_tol ? x->clock_tol : y->clock_tol;
      if (abs(x->clock - y->clock) > tol) {
        *why = "two times of day for one event";
        return CP_CONTRADICT;
      }
      return CP_AGREE;
    }
    return dd == 0 ? CP_AGREE : CP_DIFFERENT;
  }
  default: {
    double tol = 1e-9;
    if (x->lo <= y->hi + tol && y->lo <= x->hi + tol) return CP_AGREE;
    /* a contradiction needs both sides to be about one fact for sure:
    ** near figures in clauses that read alike */
    if (!plausibly_same_figure(x, y)) return CP_DIFFERENT;
    if (x->measure == an_hash_cstr("age")) return CP_CONTRADICT;
    if (!(x->kind == CL_DURATION && x->measure != an_hash_cstr("duration")) &&
        !sole_same(a, x, y) && ctx_share(x, y) < 0.5)
      return CP_DIFFERENT;
    return CP_CONTRADICT;
  }
  }
}

/* Pairs kept in all: the grouping still sees every comparison, but a
** hostile story cannot make the output quadratic. */
#define AN_MAX_PAIRS 20000
#define AN_MAX_PAIRS_PER_CLAIM 24

static px_rc push_pair(px_analysis *a, int x, int y, int cls, const char *note) {
  if (a->npairs >= AN_MAX_PAIRS) return PX_OK;
  a->pairs = an_grow(a, a->pairs, &a->cap_pairs, a->npairs + 1, sizeof *a->pairs);
  if (!a->pairs) return PX_ENOMEM;
  an_pair *p = &a->pairs[a->npairs++];
  /* earlier doc first */
  const an_doc *dx = &a->docs[a->claims[x].doc], *dy = &a->docs[a->claims[y].doc];
  bool swap = dx->order > dy->order;
  p->a = swap ? y : x;
  p->b = swap ? x : y;
  if (cls == CP_UPDATE && a->claims[p->a].status != ST_PENDING) {
    int t = p->a;
    p->a = p->b;
    p->b = t;
  }
  p->cls = cls;
  p->note = note;
  return PX_OK;
}

static int uf(int *p, int x) {
  while (p[x] != x) {
    p[x] = p[p[x]];
    x = p[x];
  }
  return x;
}

static const char *fmt_minutes(px_analysis *a, double m) {
  char b[48];
  if (m >= 60) snprintf(b, sizeof b, "%.4g h", m / 60);
  else snprintf(b, sizeof b, "%.4g min", m);
  return an_strndup(a, b, strlen(b));
}

/* Looks for two durations in one sentence whose sum matches a figure of
** another outlet in the group. */
static const char *explain_sum(px_analysis *a, const an_cgroup *g) {
  if (g->n > 200) return NULL; /* bounded work on hostile input */
  for (size_t i = 0; i < g->n; i++) {
    const an_claim *c = &a->claims[g->members[i]];
    for (size_t k = 0; k < a->nclaims; k++) {
      const an_claim *o = &a->claims[k];
      if (o->sent != c->sent || &a->claims[k] == c || o->kind != CL_DURATION) continue;
      double sum = c->val + o->val;
      for (size_t j = 0; j < g->n; j++) {
        const an_claim *t = &a->claims[g->members[j]];
        if (t->doc == c->doc) continue;
        if (sum >= t->lo * 0.99 && sum <= t->hi * 1.01 &&
            !(c->val >= t->lo && c->val <= t->hi)) {
          px_buf b;
          px_buf_init(&b, 4096);
          px_buf_printf(&b, "%s: \"%s\" + \"%s\" (%s) = %s, which matches %s's \"%s\": "
                        "the larger figure may include the %s",
                        a->docs[c->doc].outlet, c->surface ? c->surface : "",
                        o->surface ? o->surface : "", o->measure_word ? o->measure_word : "",
                        fmt_minutes(a, sum), a->docs[t->doc].outlet,
                        t->surface ? t->surface : "", o->measure_word ? o->measure_word : "");
          const char *r = an_strndup(a, px_buf_cstr(&b), b.len);
          px_buf_reset(&b);
          return r;
        }
      }
    }
  }
  return NULL;
}

static const char *group_label(px_analysis *a, const an_cgroup *g) {
  const an_claim *c = &a->claims[g->members[0]];
  px_buf b;
  px_buf_init(&b, 4096);
  char names[512];
  names[0] = 0;
  size_t nl = 0;
  for (int i = 0; i < c->nparts && c->parts[i] >= 0; i++) {
    int w = snprintf(names + nl, sizeof names - nl, "%s%s", i ? (i + 1 == c->nparts ? " and " : ", ") : "",
                     a->people[c->parts[i]].name);
    if (w < 0 || (size_t)w >= sizeof names - nl) break;
    nl += (size_t)w;
  }
  switch (c->kind) {
  case CL_EVENT: px_buf_printf(&b, "meeting of %s", names); break;
  case CL_PLACE: px_buf_printf(&b, "where %s met", names); break;
  case CL_SINCE: px_buf_printf(&b, "first since (year)"); break;
  case CL_WHEN: px_buf_printf(&b, "when: %s", c->measure_word ? c->measure_word : ""); break;
  case CL_DURATION:
    if (c->nparts >= 2) px_buf_printf(&b, "length of the %s of %s", c->measure_word, names);
    else px_buf_printf(&b, "duration: %s", c->measure_word ? c->measure_word : "");
    break;
  case CL_COUNT:
    if (c->unit && !strcmp(c->unit, "metres")) px_buf_puts(&b, "distance (metres)");
    else if (c->measure == an_hash_cstr("age")) px_buf_printf(&b, "age of %s", names);
    else if (c->measure == an_hash_cstr("margin"))
      px_buf_printf(&b, "margin (%s)", c->unit ? c->unit : "");
    else px_buf_printf(&b, "number of %s", c->measure_word ? c->measure_word : "");
    break;
  case CL_MONEY: px_buf_printf(&b, "amount (%s)", c->measure_word ? c->measure_word : ""); break;
  case CL_PERCENT: px_buf_printf(&b, "percentage (%s)", c->measure_word ? c->measure_word : ""); break;
  default: px_buf_puts(&b, "claim"); break;
  }
  if (c->day != AN_NODAY && c->kind != CL_SINCE) {
    int y, m, d;
    an_civil(c->day, &y, &m, &d);
    px_buf_printf(&b, " (%04d-%02d-%02d)", y, m, d);
  }
  const char *r = an_strndup(a, px_buf_cstr(&b), b.len);
  px_buf_reset(&b);
  return r;
}

static int cmp_order(const px_analysis *a, int x, int y) {
  const an_doc *dx = &a->docs[x], *dy = &a->docs[y];
  if (dx->has_time != dy->has_time) return dx->has_time ? -1 : 1;
  if (dx->has_time && dx->t != dy->t) return dx->t < dy->t ? -1 : 1;
  return x < y ? -1 : x > y;
}

static px_rc timeline(px_analysis *a) {
  a->timeline = px_arena_alloc(a->arena, (a->ndocs ? a->ndocs : 1) * sizeof(int));
  if (!a->timeline) return PX_ENOMEM;
  for (size_t i = 0; i < a->ndocs; i++) a->timeline[i] = (int)i;
  for (size_t i = 1; i < a->ndocs; i++) {
    int v = a->timeline[i];
    size_t j = i;
    while (j > 0 && cmp_order(a, a->timeline[j - 1], v) > 0) {
      a->timeline[j] = a->timeline[j - 1];
      j--;
    }
    a->timeline[j] = v;
  }
  for (size_t i = 0; i < a->ndocs; i++) {
    a->docs[a->timeline[i]].order = (int)i;
    if (a->docs[i].has_time && !a->docs[i].has_tz && !a->docs[i].tz_place)
      a->timeline_zoneless = true;
  }
  return PX_OK;
}

/* A sentence that gives several figures for one measure ("six touchdowns
** on 147 carries ... another two touchdowns", a box score) does not say
** which one another report's figure is about: those figures are kept
** out of comparisons. */
static void mark_ambiguous(const px_analysis *a, size_t n, bool *amb) {
  for (size_t i = 0; i < n; i++) {
    const an_claim *x = &a->claims[i];
    if (x->kind == CL_EVENT || x->kind == CL_PLACE || x->kind == CL_SINCE) continue;
    for (size_t j = i + 1; j < n; j++) {
      const an_claim *y = &a->claims[j];
      if (y->doc != x->doc) break;   /* a document's claims are adjacent */
      /* ... unless each figure has its own name ("Park scored 14 points
      ** and Okafor had 12 points"; "Klitschko, 36, stopped the 40 - year
      ** - old Thompson") */
      if (y->sent == x->sent && y->kind == x->kind && y->measure == x->measure &&
          (y->lo != x->lo || y->hi != x->hi) &&
          !(x->subj_main && y->subj_main && x->subj_main != y->subj_main) &&
          !(x->measure == an_hash_cstr("age") && x->nparts == 1 && y->nparts == 1 &&
            x->parts[0] != y->parts[0]))
        amb[i] = amb[j] = true;
    }
  }
}

/* Measures too general to name one fact by themselves: "40 people"
** killed and "100 people" wounded, "a week" of one thing and "five days"
** of another. */
static bool generic_measure(const an_claim *c) {
  static const char *const k[] = {"people", "persons", "others", "times", "duration",
                                  "value", "year", "years", "day", "days", "ones",
                                  "distance", "men", "women", NULL};
  const char *w = c->measure_word;
  if (!w) return true;
  for (size_t i = 0; k[i]; i++)
    if (px_str_ieq_cstr(px_str_from_cstr(w), k[i])) return true;
  return false;
}

/* Marks the figures that are the only value their article gives for their
** measure: an article names a fact's figure once, or repeats it, so two
** articles that each give one figure for "comments" or "banks" most
** likely report one fact, however differently worded. An article with
** two values for a measure ("three banks ... two banks") says there are
** two facts, and none of its figures is sole. */
static void mark_sole(px_analysis *a, size_t n) {
  size_t first = 0;
  for (size_t i = 0; i < n; i++) {
    an_claim *x = &a->claims[i];
    if (a->claims[first].doc != x->doc) first = i;
    x->sole = false;
    if (x->kind != CL_COUNT && x->kind != CL_MONEY && x->kind != CL_PERCENT &&
        x->kind != CL_DURATION)
      continue;
    if (generic_measure(x)) continue;
    bool sole = true;
    for (size_t j = first; j < n && sole; j++) {
      const an_claim *y = &a->claims[j];
      if (y->doc != x->doc) break; /* a document's claims are adjacent */
      if (j == i || y->kind != x->kind || y->measure != x->measure) continue;
      if (x->lo > y->hi + 1e-9 || y->lo > x->hi + 1e-9) sole = false;
    }
    x->sole = sole;
  }
}

px_rc an_compare(px_analysis *a) {
  px_rc rc;
  if ((rc = timeline(a)) != PX_OK) return rc;
  size_t n = a->nclaims;
  a->outlier = -1;
  if (!n) return PX_OK;
  int *par = px_arena_alloc(a->arena, n * sizeof *par);
  if (!par) return PX_ENOMEM;
  for (size_t i = 0; i < n; i++) par[i] = (int)i;
  /* pairwise, so bounded on hostile input */
  size_t lim = n < 4000 ? n : 4000;
  bool *amb = px_arena_calloc(a->arena, lim ? lim : 1, sizeof *amb);
  if (!amb) return PX_ENOMEM;
  mark_ambiguous(a, lim, amb);
  mark_sole(a, lim);
  for (size_t i = 0; i < lim; i++) {
    int kept = 0;
    if (amb[i]) continue;
    for (size_t j = i + 1; j < lim; j++) {
      const an_claim *x = &a->claims[i], *y = &a->claims[j];
      if (amb[j] || !comparable(a, x, y)) continue;
      const char *why;
      int cls = classify(a, x, y, &why);
      if (kept++ < AN_MAX_PAIRS_PER_CLAIM &&
          (rc = push_pair(a, (int)i, (int)j, cls, why)) != PX_OK)
        return rc;
      if (cls == CP_DIFFERENT) continue;
      int ri = uf(par, (int)i), rj = uf(par, (int)j);
      if (ri != rj) par[rj] = ri;
    }
  }
  /* groups */
  int *gid = px_arena_alloc(a->arena, n * sizeof *gid);
  size_t *cnt = px_arena_calloc(a->arena, n, sizeof *cnt);
  if (!gid || !cnt) return PX_ENOMEM;
  for (size_t i = 0; i < n; i++) gid[i] = -1;
  size_t ng = 0;
  for (size_t i = 0; i < n; i++) {
    int r = uf(par, (int)i);
    if (gid[r] < 0) gid[r] = (int)ng++;
    a->claims[i].group = gid[r];
    cnt[gid[r]]++;
  }
  a->cgroups = px_arena_calloc(a->arena, ng ? ng : 1, sizeof *a->cgroups);
  if (!a->cgroups) return PX_ENOMEM;
  a->ncgroups = ng;
  for (size_t g = 0; g < ng; g++) {
    a->cgroups[g].members = px_arena_alloc(a->arena, cnt[g] * sizeof(int));
    if (!a->cgroups[g].members) return PX_ENOMEM;
  }
  for (size_t i = 0; i < n; i++) {
    an_cgroup *g = &a->cgroups[a->claims[i].group];
    g->members[g->n++] = (int)i;
    g->outlets |= 1ull << a->claims[i].doc;
    g->kind = a->claims[i].kind;
  }
  double score[PX_ANALYSIS_MAX_DOCS];
  memset(score, 0, sizeof score);
  /* pairs sorted by group (counting sort), so each group owns a range */
  for (size_t p = 0; p < a->npairs; p++) a->pairs[p].group = a->claims[a->pairs[p].a].group;
  {
    size_t *cntp = calloc(ng + 1, sizeof *cntp);
    an_pair *sorted = px_arena_alloc(a->arena, (a->npairs ? a->npairs : 1) * sizeof *sorted);
    if (!cntp || !sorted) {
      free(cntp);
      return PX_ENOMEM;
    }
    for (size_t p = 0; p < a->npairs; p++) cntp[a->pairs[p].group + 1]++;
    for (size_t g = 0; g < ng; g++) cntp[g + 1] += cntp[g];
    for (size_t g = 0; g < ng; g++) {
      a->cgroups[g].first_pair = cntp[g];
      a->cgroups[g].npairs = cntp[g + 1] - cntp[g];
    }
    for (size_t p = 0; p < a->npairs; p++) sorted[cntp[a->pairs[p].group]++] = a->pairs[p];
    free(cntp);
    a->pairs = sorted;
    a->cap_pairs = a->npairs;
  }
  for (size_t gi = 0; gi < ng; gi++) {
    an_cgroup *g = &a->cgroups[gi];
    g->verdict = CP_AGREE;
    uint64_t contra[PX_ANALYSIS_MAX_DOCS], agree[PX_ANALYSIS_MAX_DOCS];
    memset(contra, 0, sizeof contra);
    memset(agree, 0, sizeof agree);
    bool any_contra = false, any_update = false, any_compat = false;
    /* A report gives one value for one fact: a report that gives two
    ** values that cannot both hold inside one group shows the group
    ** mixes facts (one player's points and another's), so its
    ** disagreements with others are not evidence of a contradiction. */
    uint64_t mixed = 0;
    if (g->kind != CL_EVENT && g->kind != CL_PLACE && g->kind != CL_SINCE)
      for (size_t k = 0; k < g->n; k++)
        for (size_t l = k + 1; l < g->n; l++) {
          const an_claim *x = &a->claims[g->members[k]], *y = &a->claims[g->members[l]];
          if (x->doc == y->doc && (x->lo > y->hi + 1e-9 || y->lo > x->hi + 1e-9))
            mixed |= 1ull << x->doc;
        }
    for (size_t p = g->first_pair; p < g->first_pair + g->npairs; p++) {
      an_pair *pp = &a->pairs[p];
      int da = a->claims[pp->a].doc, db = a->claims[pp->b].doc;
      if (pp->cls == CP_CONTRADICT && (mixed >> da & 1 || mixed >> db & 1)) {
        pp->cls = CP_DIFFERENT;
        pp->note = "one report gives several values here: not one fact";
      }
      if (pp->cls == CP_CONTRADICT) {
        any_contra = true;
        contra[da] |= 1ull << db;
        contra[db] |= 1ull << da;
      } else if (pp->cls == CP_AGREE) {
        agree[da] |= 1ull << db;
        agree[db] |= 1ull << da;
      } else if (pp->cls == CP_UPDATE) {
        any_update = true;
      } else if (pp->cls == CP_COMPATIBLE) {
        any_compat = true;
      }
    }
    g->verdict = any_contra ? CP_CONTRADICT : any_update ? CP_UPDATE
                 : any_compat ? CP_COMPATIBLE : CP_AGREE;
    g->label = group_label(a, g);
    if (!g->label) return PX_ENOMEM;
    if (!any_contra) continue;
    if (g->kind == CL_DURATION) g->note = explain_sum(a, g);
    g->weight = g->note ? 0.5 : 1.0;
    for (size_t d = 0; d < a->ndocs; d++) {
      int nc = __builtin_popcountll(contra[d] & ~agree[d]);
      int na = __builtin_popcountll(agree[d]);
      if (nc >= 2 && nc > na) {
        g->minority |= 1ull << d;
        score[d] += g->weight * nc;
      }
    }
  }
  int best = -1;
  double bs = 0;
  bool tie = false;
  for (size_t d = 0; d < a->ndocs; d++) {
    if (score[d] > bs) {
      bs = score[d];
      best = (int)d;
      tie = false;
    } else if (score[d] == bs && bs > 0) {
      tie = true;
    }
  }
  if (best >= 0 && bs >= 2 && !tie) {
    a->outlier = best;
    a->outlier_score = bs;
  }
  return PX_OK;
}

px_rc an_compare_candidates(px_analysis *a, an_pair_visit fn, void *ud) {
  size_t lim = a->nclaims < 4000 ? a->nclaims : 4000;
  bool *amb = px_arena_calloc(a->arena, lim ? lim : 1, sizeof *amb);
  if (!amb) return PX_ENOMEM;
  mark_ambiguous(a, lim, amb);
  mark_sole(a, lim);
  float f[AN_SF_NFEAT];
  for (size_t i = 0; i < lim; i++) {
    const an_claim *x = &a->claims[i];
    if (amb[i] || !is_figure_kind(x->kind)) continue;
    for (size_t j = i + 1; j < lim; j++) {
      const an_claim *y = &a->claims[j];
      if (amb[j] || y->kind != x->kind || y->doc == x->doc) continue;
      const char *why;
      int cls = comparable(a, x, y) ? classify(a, x, y, &why) : -1;
      an_samefact_features(a, x, y, f);
      fn(ud, (int)i, (int)j, f, cls);
    }
  }
  return PX_OK;
}
