/*
** claims.c: claim extraction (see claims.h).
**
** Works token by token on each sentence, clause by clause (clauses split
** at ';' and at ", but"/", while"). Vocabulary (number words, units,
** hedges, meeting verbs, status cues) is general English. Memory: claims
** and their strings live in the analysis arena.
*/
#include <math.h>
#include <string.h>
#include "analyze/claims.h"
#include "analyze/people.h"
#include "util/str.h"

static const char *const k_numwords[] = {
  "zero", "one", "two", "three", "four", "five", "six", "seven", "eight",
  "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen",
  "sixteen", "seventeen", "eighteen", "nineteen", "twenty", NULL};
static const char *const k_tens[] = {"thirty", "forty", "fifty", "sixty",
                                     "seventy", "eighty", "ninety", NULL};

static int word_index(const char *w, size_t n, const char *const *list) {
  char low[32];
  if (n == 0 || n >= sizeof low) return -1;
  if (!an_word_in(w, n, list)) return -1; /* hashed: most words miss */
  for (size_t i = 0; i < n; i++) low[i] = (char)px_tolower((unsigned char)w[i]);
  low[n] = 0;
  for (int i = 0; list[i]; i++)
    if (strcmp(low, list[i]) == 0) return i;
  return -1;
}

/* Value of a number word or "twenty-five"; -1 when not one. */
static double word_value(const char *w, size_t n) {
  int k = word_index(w, n, k_numwords);
  if (k >= 0) return k;
  k = word_index(w, n, k_tens);
  if (k >= 0) return 30 + 10 * k;
  const char *h = memchr(w, '-', n);
  if (h) {
    int t = word_index(w, (size_t)(h - w), k_tens);
    int u = word_index(h + 1, n - (size_t)(h - w) - 1, k_numwords);
    if (t >= 0 && u > 0 && u < 10) return 30 + 10 * t + u;
  }
  return -1;
}

static double multiplier(const an_sent *s, size_t i) {
  if (an_tok_is(s, i, "hundred")) return 100;
  if (an_tok_is(s, i, "thousand")) return 1e3;
  if (an_tok_is(s, i, "million") || an_tok_is(s, i, "mln")) return 1e6;
  if (an_tok_is(s, i, "billion") || an_tok_is(s, i, "bln") || an_tok_is(s, i, "bn")) return 1e9;
  if (s->decimal_comma) { /* "3,5 Millionen", "1,2 milliard" */
    static const char *const k6[] = {"millionen", "mio", "millions", "millones",
                                     "millón", "milioni", "milione", "milhões",
                                     "milhão", "miljoen", NULL};
    static const char *const k9[] = {"milliarde", "milliarden", "mrd", "milliard",
                                     "milliards", "miliardo", "miliardi",
                                     "miljard", "mld", NULL};
    for (size_t k = 0; k6[k]; k++) if (an_tok_is(s, i, k6[k])) return 1e6;
    for (size_t k = 0; k9[k]; k++) if (an_tok_is(s, i, k9[k])) return 1e9;
  }
  if (an_tok_is(s, i, "trillion")) return 1e12;
  return 0;
}

/* Languages writing "3,5" for three and a half and "1.234" for a thousand
** two hundred and thirty-four: the issue 17 languages and most others of
** continental Europe. */
bool an_decimal_comma(const char *lang) {
  static const char *const k[] = {"de", "fr", "es", "it", "pt", "nl", "pl", "cs",
                                  "ru", "uk", "tr", "ro", "hu", "el", "da", "sv",
                                  "no", "nb", "fi", NULL};
  if (!lang || !lang[0] || !lang[1] || (lang[2] && lang[2] != '-' && lang[2] != '_'))
    return false;
  for (size_t i = 0; k[i]; i++)
    if (px_tolower((unsigned char)lang[0]) == k[i][0] &&
        px_tolower((unsigned char)lang[1]) == k[i][1])
      return true;
  return false;
}

/* The decimal-comma form: dots before groups of exactly three digits
** separate thousands, a comma before digits starts the fraction ("47,97",
** "1.234,5"). A dot before other digit counts is still a decimal point:
** English figures quoted on a German page ("3.5") keep their value. */
static size_t parse_digits_dc(const char *w, size_t n, double *v) {
  size_t i = 0;
  double x = 0;
  bool any = false;
  for (;;) {
    while (i < n && px_isdigit((unsigned char)w[i])) {
      x = x * 10 + (w[i] - '0');
      any = true;
      i++;
    }
    if (any && i + 4 <= n && w[i] == '.' &&
        px_isdigit((unsigned char)w[i + 1]) && px_isdigit((unsigned char)w[i + 2]) &&
        px_isdigit((unsigned char)w[i + 3]) &&
        (i + 4 == n || !px_isdigit((unsigned char)w[i + 4]))) {
      i++; /* a thousands dot: the group is read by the loop */
      continue;
    }
    break;
  }
  if (!any) return 0;
  if (i + 1 < n && (w[i] == ',' || w[i] == '.') && px_isdigit((unsigned char)w[i + 1])) {
    double f = 0.1;
    i++;
    while (i < n && px_isdigit((unsigned char)w[i])) {
      x += f * (w[i] - '0');
      f /= 10;
      i++;
    }
  }
  *v = x;
  return i;
}

/* Digits with , and . and an optional -1/2 or 1/2 fraction. */
static size_t parse_digits(const char *w, size_t n, double *v) {
  size_t i = 0;
  double x = 0;
  bool any = false;
  while (i < n && (px_isdigit((unsigned char)w[i]) || w[i] == ',')) {
    if (w[i] != ',') {
      x = x * 10 + (w[i] - '0');
      any = true;
    }
    i++;
  }
  if (!any) return 0;
  if (i + 1 < n && w[i] == '.' && px_isdigit((unsigned char)w[i + 1])) {
    double f = 0.1;
    i++;
    while (i < n && px_isdigit((unsigned char)w[i])) {
      x += f * (w[i] - '0');
      f /= 10;
      i++;
    }
  }
  /* 7-1/2 */
  if (i + 3 < n + 1 && i + 3 <= n && w[i] == '-' && i + 4 <= n &&
      px_isdigit((unsigned char)w[i + 1]) && w[i + 2] == '/' &&
      px_isdigit((unsigned char)w[i + 3]) && w[i + 3] != '0') {
    x += (double)(w[i + 1] - '0') / (double)(w[i + 3] - '0');
    i += 4;
  }
  *v = x;
  return i;
}

/* "5,7 %": French, German and Spanish put a space (often a no-break or
** narrow no-break one) between a figure and its percent sign. */
static bool spaced_percent(const an_sent *s, size_t i) {
  const char *p = s->text + s->toks[i].e, *end = s->text + strlen(s->text);
  if (i + 1 < s->ntok) end = s->text + s->toks[i + 1].s;
  bool space = false;
  for (;;) {
    if (p < end && *p == ' ') p++;
    else if (end - p >= 2 && memcmp(p, "\xc2\xa0", 2) == 0) p += 2;
    else if (end - p >= 3 && memcmp(p, "\xe2\x80\xaf", 3) == 0) p += 3;
    else break;
    space = true;
  }
  return space && p < end && *p == '%';
}

/* Token i+1 is three digits written after ", " behind token i's digits. */
/* A unit of length written on the number ("60m", "200ft", "32km"); other
** letters on a number ("3G", "10th") are not a quantity we understand. */
static bool glued_length_unit(const char *w, size_t n) {
  static const char *const k[] = {"m", "km", "ft", "mi", NULL};
  for (size_t i = 0; k[i]; i++)
    if (strlen(k[i]) == n && px_str_ieq_cstr((px_str){w, n}, k[i])) return true;
  return false;
}

/* The group may carry a unit of length ("2, 000ft"): the caller reads it
** from the group's token. */
static bool thousands_group(const an_sent *s, size_t i) {
  const an_tok *t = &s->toks[i], *u = &s->toks[i + 1];
  size_t n = u->e - u->s;
  if (n < 3 || u->s != t->e + 2) return false;
  if (n > 3 && !glued_length_unit(s->text + u->s + 3, n - 3)) return false;
  if (s->text[t->e] != ',' || s->text[t->e + 1] != ' ') return false;
  if (!px_isdigit((unsigned char)s->text[t->e - 1])) return false;
  for (uint32_t k = u->s; k < u->s + 3; k++)
    if (!px_isdigit((unsigned char)s->text[k])) return false;
  return true;
}

size_t an_parse_number(const an_sent *s, size_t i, double *val,
                       const char **unit_in_tok, size_t *unit_len) {
  if (i >= s->ntok) return 0;
  const char *w = s->text + s->toks[i].s;
  size_t n = s->toks[i].e - s->toks[i].s;
  size_t used = 0;
  double v = -1;
  *unit_in_tok = NULL;
  *unit_len = 0;
  if (px_isdigit((unsigned char)w[0])) {
    size_t k = s->decimal_comma ? parse_digits_dc(w, n, &v) : parse_digits(w, n, &v);
    if (k == 0) return 0;
    if (k < n && w[k] == '-' && k + 1 < n && px_isalpha((unsigned char)w[k + 1])) {
      *unit_in_tok = w + k + 1;
      *unit_len = n - k - 1;
    } else if (k < n && glued_length_unit(w + k, n - k)) {
      *unit_in_tok = w + k; /* "60m", "200ft", "32km" */
      *unit_len = n - k;
    } else if (k < n) {
      return 0; /* 3G, 10th: not a quantity we understand */
    }
    used = 1;
    /* Text tokenised word by word writes "2,129" as "2, 129": a group of
    ** three digits right after ", " continues the number. */
    while (!s->decimal_comma && !*unit_in_tok && k == n && n <= 3 && i + used < s->ntok &&
           thousands_group(s, i + used - 1)) {
      const an_tok *g = &s->toks[i + used];
      v = v * 1000 + (double)(s->text[g->s] - '0') * 100 +
          (double)(s->text[g->s + 1] - '0') * 10 + (double)(s->text[g->s + 2] - '0');
      used++;
      if (g->e - g->s > 3) {
        *unit_in_tok = s->text + g->s + 3; /* "2, 000ft" */
        *unit_len = g->e - g->s - 3;
      }
    }
  } else if (an_tok_is(s, i, "a") || an_tok_is(s, i, "an")) {
    if (an_tok_is(s, i + 1, "dozen")) { v = 12; used = 2; }
    else if (an_tok_is(s, i + 1, "half") && !an_tok_is(s, i + 2, "dozen")) { v = 0.5; used = 2; }
    else if (multiplier(s, i + 1) > 0) { v = multiplier(s, i + 1); used = 2; }
    else return 0;
  } else if (an_tok_is(s, i, "dozen")) {
    v = 12;
    used = 1;
  } else if (an_tok_is(s, i, "half") && i + 1 < s->ntok &&
             (an_tok_is(s, i + 1, "hour") || an_tok_is(s, i + 1, "day"))) {
    v = 0.5;
    used = 1;
  } else {
    const char *h = memchr(w, '-', n);
    double wv = word_value(w, n);
    if (wv >= 0) {
      v = wv;
    } else if (h) {
      wv = word_value(w, (size_t)(h - w));
      if (wv < 0) return 0;
      v = wv;
      *unit_in_tok = h + 1;
      *unit_len = n - (size_t)(h - w) - 1;
    } else {
      return 0;
    }
    used = 1;
    /* "one" as a pronoun ("one official") is not a quantity of interest
    ** unless a unit follows; the caller checks the unit. */
  }
  if (!*unit_in_tok) {
    /* "five and a half", "1 1/2" */
    if (an_tok_is(s, i + used, "and") && an_tok_is(s, i + used + 1, "a") &&
        an_tok_is(s, i + used + 2, "half")) {
      v += 0.5;
      used += 3;
    } else if (an_tok_is(s, i + used, "and") && an_tok_is(s, i + used + 1, "a") &&
               an_tok_is(s, i + used + 2, "quarter")) {
      v += 0.25;
      used += 3;
    }
    double m = multiplier(s, i + used);
    if (m > 0) {
      v *= m;
      used++;
    }
  }
  *val = v;
  return used;
}

void an_civil(int64_t z, int *y, int *m, int *d) {
  z += 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t yy = yoe + era * 400;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  int64_t dd = doy - (153 * mp + 2) / 5 + 1;
  int64_t mm = mp < 10 ? mp + 3 : mp - 9;
  *y = (int)(yy + (mm <= 2));
  *m = (int)mm;
  *d = (int)dd;
}

static const char *const k_weekdays[] = {"sunday", "monday", "tuesday",
                                         "wednesday", "thursday", "friday",
                                         "saturday", NULL};
static const char *const k_months[] = {"january", "february", "march", "april",
                                       "may", "june", "july", "august",
                                       "september", "october", "november",
                                       "december", NULL};

static const char *const k_meet_core[] = {"met", "meet", "meets", "meeting",
                                          "meetings", "talks", "talked", "sat",
                                          "discussed", "session", "shook",
                                          "shaking", "handshake", NULL};
static const char *const k_pending[] = {
  "expected", "possible", "possibly", "may", "might", "will", "whether",
  "plans", "planned", "scheduled", "hope", "hoped", "hopes", "hoping",
  "looms", "likely", "could", "would", "unconfirmed", "upcoming", "set",
  "slated", "pave", "awaited", NULL};
static const char *const k_future[] = {"months", "year", "weeks", "next",
                                       "decade", NULL};
static const char *const k_superl[] = {
  "first", "highest", "highest-level", "largest", "biggest", "lowest",
  "worst", "best", "most", "longest", "shortest", "strongest", "weakest",
  "deadliest", "only", NULL};

static int weekday_at(const an_sent *s, size_t i) {
  return i < s->ntok ? word_index(s->text + s->toks[i].s, s->toks[i].e - s->toks[i].s,
                                  k_weekdays)
                     : -1;
}

/* Day the clause is about, from weekday names and relative words. */
static int64_t clause_day(const an_sent *s, size_t t0, size_t t1, int64_t pub,
                          bool future) {
  if (pub == AN_NODAY) return AN_NODAY;
  for (size_t i = t0; i < t1; i++) {
    int wd = weekday_at(s, i);
    if (wd >= 0) {
      int pwd = (int)(((pub + 4) % 7 + 7) % 7);
      int back = (pwd - wd + 7) % 7;
      if (future && back != 0) return pub + (7 - back);
      return pub - back;
    }
    if (an_tok_is(s, i, "yesterday")) return pub - 1;
    if (an_tok_is(s, i, "today") || (an_tok_is(s, i, "later") && an_tok_is(s, i + 1, "in") &&
                                     an_tok_is(s, i + 3, "day")))
      return pub;
    if (an_tok_is(s, i, "tomorrow")) return pub + 1;
    if (an_tok_is(s, i, "day") && an_tok_is(s, i + 1, "earlier")) return pub - 1;
  }
  return AN_NODAY;
}

static px_rc push_claim(px_analysis *a, an_claim **out) {
  a->claims = an_grow(a, a->claims, &a->cap_claims, a->nclaims + 1, sizeof *a->claims);
  if (!a->claims) return PX_ENOMEM;
  *out = &a->claims[a->nclaims++];
  memset(*out, 0, sizeof **out);
  (*out)->day = AN_NODAY;
  (*out)->group = -1;
  return PX_OK;
}

/* Content stems of tokens [t0, t1), for matching claims about one thing. */
static px_rc set_ctx(px_analysis *a, an_claim *c, const an_sent *s, size_t t0, size_t t1) {
  c->ctx = px_arena_alloc(a->arena, (t1 > t0 ? t1 - t0 : 1) * sizeof *c->ctx);
  if (!c->ctx) return PX_ENOMEM;
  c->nctx = 0;
  for (size_t i = t0; i < t1; i++)
    if (!(s->toks[i].flags & (TK_STOP | TK_NUM))) c->ctx[c->nctx++] = s->toks[i].stem;
  return PX_OK;
}

/* A mention that reports rather than acts: "X said", "said X",
** "according to X", "X told". */
static bool is_speaker(const an_sent *s, const an_mention *m) {
  if (m->te < s->ntok && an_is_speech_verb(s, m->te)) return true;
  if (m->ts >= 1 && an_is_speech_verb(s, m->ts - 1)) return true;
  return m->ts >= 2 && an_tok_is(s, m->ts - 2, "according") && an_tok_is(s, m->ts - 1, "to");
}

/* Whether the document writes word h capitalised inside a sentence
** somewhere: then a sentence-initial "Thomas" is a name, "Nearly" is not.
** Bounded scan: hostile documents cannot make it quadratic. */
static bool proper_in_doc(const px_analysis *a, int doc, uint64_t h) {
  const an_doc *d = &a->docs[doc];
  size_t seen = 0;
  for (size_t k = 0; k < d->nsent && seen < 4000; k++) {
    const an_sent *s = &a->sents[d->first_sent + k];
    for (size_t i = 0; i < s->ntok && seen < 4000; i++, seen++)
      if (s->toks[i].h == h && (s->toks[i].flags & TK_CAP) &&
          !(s->toks[i].flags & TK_SENTSTART))
        return true;
  }
  return false;
}

static bool possessive_after(const an_sent *s, size_t k) {
  const char *w = s->text + s->toks[k].s;
  size_t n = s->toks[k].e - s->toks[k].s;
  if (n > 2 && w[n - 1] == 's' && (w[n - 2] == '\'' || (unsigned char)w[n - 2] == 0x99))
    return true;                           /* "Buford's", "Buford’s" */
  if (n > 1 && w[n - 1] == '\'' && w[n - 2] == 's') return true; /* "Bluejays'" */
  return k + 1 < s->ntok && an_tok_is(s, k + 1, "s") && !an_tok_adjacent(s, k);
}

/* Whose figure it is, when one name stands out among those before the
** figure at `at`: the last run of capitalised words that acts (starts the
** clause or follows "and", a comma, "while") or owns ("Buford's record
** of 2,116"), not one in an object or after a preposition ("complemented
** Echenique", "in Creighton history"). Returns the hash of the run's last
** word, so "Gregory Echenique" and "Echenique" are one subject; 0 when no
** run qualifies. */
static uint64_t main_subject(const px_analysis *a, const an_claim *c, const an_sent *s,
                             size_t t0, size_t at) {
  static const char *const k_prep[] = {"by", "with", "against", "over", "to", "from", "of",
                                       "for", "at", "in", "on", "into", "vs", "than",
                                       "after", "before", "under", "about", "near", NULL};
  uint64_t best = 0;
  for (size_t i = t0; i < at; i++) {
    uint16_t f = s->toks[i].flags;
    if (!(f & TK_CAP) || (f & (TK_STOP | TK_NUM))) continue;
    size_t e = i + 1;
    while (e < at && (s->toks[e].flags & TK_CAP) && !(s->toks[e].flags & TK_NUM) &&
           an_tok_adjacent(s, e - 1))
      e++;
    size_t last = e - 1;
    bool skip = an_tok_in(s, i, k_weekdays) || an_tok_in(s, i, k_months) ||
                (i + 1 < s->ntok && an_is_speech_verb(s, i + 1)) ||
                (e < s->ntok && an_is_speech_verb(s, e));
    for (size_t k = 0; k < s->nmention && !skip; k++) {
      const an_mention *m = &a->ments[s->first_mention + k];
      skip = i >= m->ts && i < m->te && is_speaker(s, m);
    }
    if ((f & TK_SENTSTART) && e == i + 1) {
      /* a name only if set_subjects kept it (a word the document
      ** capitalises elsewhere): no second scan of the document */
      bool kept = false;
      for (int k = 0; k < c->nsubj && !kept; k++) kept = c->subj[k] == s->toks[i].h;
      if (!kept) skip = true;
    }
    bool owner = possessive_after(s, last);
    bool acts = i == t0 || an_tok_gap_punct(s, i - 1) == ',' ||
                (!an_tok_in(s, i - 1, k_prep) && (s->toks[i - 1].flags & TK_STOP)) ||
                (s->toks[i - 1].flags & TK_NUM);
    if (!skip && (owner || acts)) best = s->toks[last].h;
    i = last;
  }
  /* "He has 53 catches": a pronoun acting after the last name stands for
  ** its antecedent, or for someone unknown, who is not the name before */
  for (size_t k = 0; k < s->nmention; k++) {
    const an_mention *m = &a->ments[s->first_mention + k];
    if (m->kind != MK_PRONOUN || m->ts < t0 || m->te > at) continue;
    if (!(an_tok_is(s, m->ts, "he") || an_tok_is(s, m->ts, "she") ||
          an_tok_is(s, m->ts, "his") || an_tok_is(s, m->ts, "her")))
      continue;
    bool later = true;
    for (size_t i = m->te; i < at && later; i++)
      if ((s->toks[i].flags & TK_CAP) && !(s->toks[i].flags & TK_NUM)) later = false;
    if (!later) continue;
    int p = m->person;
    if (p < 0 && m->ante >= 0) p = a->ments[m->ante].person;
    /* someone unknown is known only inside the article: two articles'
    ** unresolved "he" are not one subject */
    best = p >= 0 ? a->people[p].last_h
                  : s->toks[m->ts].h ^ (0x9e3779b97f4a7c15ull * (uint64_t)(s->doc + 1));
  }
  return best;
}

/* The names written in the clause before the figure at token `at`:
** capitalised words, but not a sentence-initial word the document never
** capitalises elsewhere, a weekday, a month, or a speaker's name. */
static void set_subjects(const px_analysis *a, an_claim *c, const an_sent *s,
                         size_t t0, size_t at) {
  c->nsubj = 0;
  for (size_t i = t0; i < at && c->nsubj < 4; i++) {
    uint16_t f = s->toks[i].flags;
    if (!(f & TK_CAP) || (f & (TK_STOP | TK_NUM))) continue;
    if ((f & TK_SENTSTART) && !(i + 1 < at && (s->toks[i + 1].flags & TK_CAP)) &&
        !proper_in_doc(a, s->doc, s->toks[i].h))
      continue;
    if (an_tok_in(s, i, k_weekdays) || an_tok_in(s, i, k_months)) continue;
    bool spoken = false;
    for (size_t k = 0; k < s->nmention && !spoken; k++) {
      const an_mention *m = &a->ments[s->first_mention + k];
      spoken = i >= m->ts && i < m->te && is_speaker(s, m);
    }
    if (i + 1 < s->ntok && an_is_speech_verb(s, i + 1)) spoken = true;
    if (!spoken) c->subj[c->nsubj++] = s->toks[i].h;
  }
  c->subj_main = main_subject(a, c, s, t0, at);
}

static void add_part(int *parts, int *n, int p) {
  if (p < 0) return;
  for (int i = 0; i < *n; i++)
    if (parts[i] == p) return;
  if (*n < 6) parts[(*n)++] = p;
}

typedef struct unitinfo {
  int kind;
  double scale;  /* to minutes for durations */
  const char *name;
} unitinfo;

static const char k_metres[] = "metres"; /* the unit of every length */

static bool unit_of(const char *w, size_t n, unitinfo *u) {
  static const struct { const char *w; int kind; double scale; const char *name; } k[] = {
    {"second", CL_DURATION, 1.0 / 60, "seconds"}, {"seconds", CL_DURATION, 1.0 / 60, "seconds"},
    {"minute", CL_DURATION, 1, "minutes"}, {"minutes", CL_DURATION, 1, "minutes"},
    {"min", CL_DURATION, 1, "minutes"}, {"hour", CL_DURATION, 60, "hours"},
    {"hours", CL_DURATION, 60, "hours"}, {"hr", CL_DURATION, 60, "hours"},
    {"day", CL_DURATION, 1440, "days"}, {"days", CL_DURATION, 1440, "days"},
    {"week", CL_DURATION, 10080, "weeks"}, {"weeks", CL_DURATION, 10080, "weeks"},
    {"month", CL_DURATION, 43830, "months"}, {"months", CL_DURATION, 43830, "months"},
    {"year", CL_DURATION, 525960, "years"}, {"years", CL_DURATION, 525960, "years"},
    {"percent", CL_PERCENT, 1, "%"}, {"per", CL_PERCENT, 1, "%"},
    {"prozent", CL_PERCENT, 1, "%"}, {"procent", CL_PERCENT, 1, "%"},
    {"dollars", CL_MONEY, 1, "USD"}, {"euros", CL_MONEY, 1, "EUR"},
    {"pounds", CL_MONEY, 1, "GBP"}, {"yuan", CL_MONEY, 1, "CNY"},
    {"yen", CL_MONEY, 1, "JPY"},
    /* lengths, in metres: "about 60m" and "200ft" are one fall */
    {"m", CL_COUNT, 1, k_metres}, {"metre", CL_COUNT, 1, k_metres},
    {"metres", CL_COUNT, 1, k_metres}, {"meter", CL_COUNT, 1, k_metres},
    {"meters", CL_COUNT, 1, k_metres}, {"km", CL_COUNT, 1000, k_metres},
    {"kilometres", CL_COUNT, 1000, k_metres}, {"kilometers", CL_COUNT, 1000, k_metres},
    {"ft", CL_COUNT, 0.3048, k_metres}, {"foot", CL_COUNT, 0.3048, k_metres},
    {"feet", CL_COUNT, 0.3048, k_metres}, {"mi", CL_COUNT, 1609.344, k_metres},
    {"mile", CL_COUNT, 1609.344, k_metres}, {"miles", CL_COUNT, 1609.344, k_metres},
    {NULL, 0, 0, NULL}};
  char low[24];
  if (n == 0 || n >= sizeof low) return false;
  for (size_t i = 0; i < n; i++) low[i] = (char)px_tolower((unsigned char)w[i]);
  low[n] = 0;
  for (size_t i = 0; k[i].w; i++)
    if (strcmp(low, k[i].w) == 0) {
      u->kind = k[i].kind;
      u->scale = k[i].scale;
      u->name = k[i].name;
      return true;
    }
  return false;
}

/* Hedge words before token i: sets the range around v. */
static void hedge_range(const an_sent *s, size_t i, double v, double *lo, double *hi,
                        size_t *hs) {
  *lo = v * 0.98;
  *hi = v * 1.02;
  *hs = i;
  size_t b = i >= 3 ? i - 3 : 0;
  for (size_t k = i; k-- > b;) {
    if (an_tok_is(s, k, "almost") || an_tok_is(s, k, "nearly") ||
        (an_tok_is(s, k, "under") && an_tok_is(s, k - 1, "just")) ||
        (an_tok_is(s, k, "close") && an_tok_is(s, k + 1, "to"))) {
      *lo = v * 0.88;
      *hi = v;
      *hs = k;
      return;
    }
    if (an_tok_is(s, k, "about") || an_tok_is(s, k, "around") ||
        an_tok_is(s, k, "roughly") || an_tok_is(s, k, "approximately") ||
        an_tok_is(s, k, "some") || an_tok_is(s, k, "estimated")) {
      *lo = v * 0.9;
      *hi = v * 1.1;
      *hs = k;
      return;
    }
    if ((an_tok_is(s, k, "than") && k > 0 && an_tok_is(s, k - 1, "more")) ||
        an_tok_is(s, k, "over") || (an_tok_is(s, k, "least") && k > 0) ||
        an_tok_is(s, k, "upwards") || an_tok_is(s, k, "exceeding")) {
      *lo = v;
      *hi = v * 1.25;
      *hs = (an_tok_is(s, k, "than") || an_tok_is(s, k, "least")) && k > 0 ? k - 1 : k;
      return;
    }
    if ((an_tok_is(s, k, "than") && k > 0 &&
         (an_tok_is(s, k - 1, "less") || an_tok_is(s, k - 1, "fewer"))) ||
        an_tok_is(s, k, "under") || (an_tok_is(s, k, "to") && k > 0 && an_tok_is(s, k - 1, "up"))) {
      *lo = v * 0.75;
      *hi = v;
      *hs = k > 0 && !an_tok_is(s, k, "under") ? k - 1 : k;
      return;
    }
    if (s->toks[k].flags & TK_NUM) return;
  }
}

static bool clause_has(const an_sent *s, size_t t0, size_t t1, const char *const *list) {
  for (size_t i = t0; i < t1; i++)
    if (an_tok_in(s, i, list)) return true;
  return false;
}

/* "not yet confirmed", "yet to be confirmed", "still not confirmed" */
static bool clause_unconfirmed(const an_sent *s, size_t t0, size_t t1) {
  for (size_t i = t0; i < t1; i++)
    if (an_tok_is(s, i, "confirmed") || an_tok_is(s, i, "confirm")) {
      for (size_t k = i > t0 + 4 ? i - 4 : t0; k < i; k++)
        if (an_tok_is(s, k, "not") || an_tok_is(s, k, "yet") || an_tok_is(s, k, "un"))
          return true;
    }
  return false;
}

const char *an_place_at(const an_sent *s, size_t i, size_t *ntoks) {
  if (i >= s->ntok || !(s->toks[i].flags & TK_CAP)) return NULL;
  size_t e = i + 1;
  while (e < s->ntok && e < i + 3 && (s->toks[e].flags & TK_CAP) && an_tok_adjacent(s, e - 1))
    e++;
  bool known = false;
  for (size_t k = i; k < e; k++)
    if (an_is_place_word(s->text + s->toks[k].s, s->toks[k].e - s->toks[k].s)) known = true;
  /* "Anchorage, Alaska": a place followed by a known region */
  if (an_tok_gap_punct(s, e - 1) == ',' && e < s->ntok && (s->toks[e].flags & TK_CAP) &&
      an_is_place_word(s->text + s->toks[e].s, s->toks[e].e - s->toks[e].s)) {
    size_t e2 = e + 1;
    while (e2 < s->ntok && e2 < e + 2 && (s->toks[e2].flags & TK_CAP) && an_tok_adjacent(s, e2 - 1))
      e2++;
    *ntoks = e2 - i;
    return s->text + s->toks[i].s;
  }
  if (!known) return NULL;
  *ntoks = e - i;
  return s->text + s->toks[i].s;
}

typedef struct meetctx {
  int parts[6];
  int nparts;
  int64_t day;
} meetctx;

static const char *span_dup(px_analysis *a, const an_sent *s, size_t t0, size_t t1) {
  if (t1 <= t0) return NULL;
  return an_strndup(a, s->text + s->toks[t0].s, s->toks[t1 - 1].e - s->toks[t0].s);
}

static const char *const k_irregular_plurals[] = {
    "people", "children", "men", "women", "police", "staff", "personnel",
    "troops", "cattle", "feet", "teeth", "mice", "crew", "livestock", NULL};

/* Whether token k can be what a number counts: "58 wins", "40 people",
** "a dozen requests". Real reports put numbers before many other words
** ("32-bit", "2 p.m.", "5 although", "the world's", "potentially"), and
** each such pair would otherwise be compared as a count. */
/* "previous", "wounded", "careless": a word that describes what is
** counted ("two previous recalls", "three wounded soldiers"), by its
** ending; the count is of the noun after it. */
static bool adjective_like(const an_sent *s, size_t k) {
  static const char *const ends[] = {"ous", "ful", "less", "ible", "able", "ed", NULL};
  const char *w = s->text + s->toks[k].s;
  size_t n = s->toks[k].e - s->toks[k].s;
  for (int i = 0; ends[i]; i++) {
    size_t l = strlen(ends[i]);
    if (n > l + 2 && memcmp(w + n - l, ends[i], l) == 0) return true;
  }
  return false;
}

static bool countable(const an_sent *s, size_t k, double v) {
  const char *w = s->text + s->toks[k].s;
  size_t n = s->toks[k].e - s->toks[k].s;
  if (n < 3) return false;
  if ((n > 2 && w[n - 2] == '\'' && w[n - 1] == 's') ||
      (n > 4 && (unsigned char)w[n - 4] == 0xE2 && (unsigned char)w[n - 3] == 0x80 &&
       (unsigned char)w[n - 2] == 0x99 && w[n - 1] == 's'))
    return false;  /* a possessive */
  if (w[n - 2] == 'l' && w[n - 1] == 'y') return false;  /* an adverb */
  if (adjective_like(s, k) || an_tok_is(s, k, "less")) return false; /* "two previous" */
  if (v > 1 && w[n - 1] != 's' && !an_tok_in(s, k, k_irregular_plurals)) return false;
  return true;
}

/* "two days ago", "five hours later": when, not how long. */
static bool is_time_ref(const an_sent *s, size_t i) {
  static const char *const k_rel[] = {"ago", "later", "earlier", NULL};
  for (size_t k = i + 1; k < s->ntok && k <= i + 2; k++)
    if (an_tok_in(s, k, k_rel)) return true;
  return false;
}

/* "40 - year - old", "a five-month-old": an age, not how long something
** lasted. Token i is the number; the unit and "old" follow, joined by
** hyphens (spaced or not). */
static bool is_age(const an_sent *s, size_t i) {
  for (size_t k = i + 1; k < s->ntok && k <= i + 2; k++) {
    if (!an_tok_is(s, k, "old")) continue;
    size_t from = s->toks[i].e, to = s->toks[k].s;
    for (size_t b = from; b < to; b++)
      if (s->text[b] == '-') return true;
  }
  return false;
}

static bool is_number_tok(const an_sent *s, size_t k) {
  if (k >= s->ntok) return false;
  return (s->toks[k].flags & TK_NUM) ||
         word_value(s->text + s->toks[k].s, s->toks[k].e - s->toks[k].s) >= 0;
}

/* A part and its whole are two figures of different things that would
** read as one measure: "17 of 34 passes", "more than 200,000 of the
** comments" (some of them, not all), "10 of whom", "five of Creighton's
** first eight points" (the whole, after its part). Token i is the number,
** `used` its length. */
static bool part_of_whole(const an_sent *s, size_t i, size_t used) {
  size_t j = i + used;
  if (an_tok_is(s, j, "of")) {
    static const char *const k_whole[] = {"the", "his", "her", "their", "its", "them",
                                          "whom", "which", "those", "these", "our",
                                          "us", "one", "all", NULL};
    if (is_number_tok(s, j + 1) || an_tok_in(s, j + 1, k_whole)) return true;
    if (j + 1 < s->ntok && (s->toks[j + 1].flags & TK_CAP) && j + 2 < s->ntok &&
        an_tok_is(s, j + 2, "s"))
      return true; /* "of Creighton ' s" */
    if (j + 1 < s->ntok && (s->toks[j + 1].flags & TK_CAP)) {
      const char *w = s->text + s->toks[j + 1].s;
      size_t n = s->toks[j + 1].e - s->toks[j + 1].s;
      if (n > 2 && (w[n - 1] == 's' && (w[n - 2] == '\'' || (unsigned char)w[n - 2] == 0x99)))
        return true; /* "of Creighton's" */
    }
  }
  /* the whole: "<number> of ... <number>" with a few words between */
  for (size_t k = i, steps = 0; k >= 2 && steps < 4; k--, steps++)
    if (an_tok_is(s, k - 1, "of") && is_number_tok(s, k - 2)) return true;
  return false;
}

/* "nine days before the inauguration", "in about 30 days" (when a rule
** will take effect): a point in time named by its distance, not how long
** something lasts. Token i is the number, `after` the token past the unit. */
static bool is_time_point(const an_sent *s, size_t i, size_t after, size_t t0, size_t t1) {
  if (an_tok_is(s, after, "before") || an_tok_is(s, after, "after") ||
      an_tok_is(s, after, "from") || an_tok_is(s, after, "hence"))
    return true;
  /* "in the first 20 minutes", "the final three minutes": a stretch of
  ** the event that frames other figures, not a length anyone reports */
  if (i > t0 && (an_tok_is(s, i - 1, "first") || an_tok_is(s, i - 1, "final") ||
                 an_tok_is(s, i - 1, "opening") || an_tok_is(s, i - 1, "closing")))
    return true;
  /* "with 48 seconds left", "with 13:41 to go": a game clock */
  if (an_tok_is(s, after, "left") || an_tok_is(s, after, "remaining") ||
      ((an_tok_is(s, after, "to") &&
        (an_tok_is(s, after + 1, "play") || an_tok_is(s, after + 1, "go")))))
    return true;
  size_t k = i;
  while (k > t0 && (an_tok_is(s, k - 1, "about") || an_tok_is(s, k - 1, "around") ||
                    an_tok_is(s, k - 1, "roughly") || an_tok_is(s, k - 1, "some") ||
                    an_tok_is(s, k - 1, "approximately") || an_tok_is(s, k - 1, "another")))
    k--;
  if (k > t0 && (an_tok_is(s, k - 1, "in") || an_tok_is(s, k - 1, "within")) &&
      (clause_has(s, t0, t1, k_pending)))
    return true;
  return false;
}

/* "10 points down", "cut the lead to 3 points", "trailing by six": the
** gap between two sides, not a total one side reached. Token i is the
** number, `after` its counted noun. */
static bool is_margin(const an_sent *s, size_t i, size_t after) {
  static const char *const k_after[] = {"down", "behind", "ahead", "clear", NULL};
  static const char *const k_gap[] = {"lead", "margin", "deficit", "gap", "trailing",
                                      "trailed", "led", "leading", NULL};
  if (an_tok_in(s, after + 1, k_after)) return true;
  if (i >= 2 && (an_tok_is(s, i - 1, "to") || an_tok_is(s, i - 1, "by") ||
                 an_tok_is(s, i - 1, "of")))
    for (size_t k = i - 1; k-- > 0 && k + 4 >= i;)
      if (an_tok_in(s, k, k_gap)) return true;
  return false;
}

/* A clause that scopes its figures to a stretch of the event: "during a
** pivotal 15-2 run", "in the fourth quarter", "in the first half", "over
** the final minutes". Such a figure is part of a total, not the total. */
static bool clause_scoped(const an_sent *s, size_t t0, size_t t1) {
  static const char *const k_into[] = {"during", "in", "over", "through", "midway",
                                       NULL};
  static const char *const k_stretch[] = {"run", "spurt", "stretch", "half", "quarter",
                                          "period", "inning", "innings", "overtime",
                                          "fourth", "third", NULL};
  for (size_t i = t0; i < t1; i++) {
    if (!an_tok_in(s, i, k_into)) continue;
    for (size_t k = i + 1; k < t1 && k <= i + 5; k++) {
      if (an_tok_gap_punct(s, k - 1)) break;
      if (an_tok_in(s, k, k_stretch) && !(s->toks[k].flags & TK_CAP)) return true;
    }
  }
  return false;
}

/* Whether the sentence before si (same article) ends in digits and a
** full stop with no space before it: "47." then "8 percent". */
static bool decimal_cut(const px_analysis *a, size_t si) {
  if (si == 0 || a->sents[si - 1].doc != a->sents[si].doc) return false;
  const an_sent *p = &a->sents[si - 1];
  size_t n = strlen(p->text);
  while (n > 0 && p->text[n - 1] == ' ') n--;
  return n >= 2 && p->text[n - 1] == '.' && px_isdigit((unsigned char)p->text[n - 2]);
}

/* The person a mention stands for: its own, or its antecedent's for a
** pronoun ("his meeting with Xi"); -1 when unknown. */
static int mention_person(const px_analysis *a, const an_mention *m) {
  if (m->person >= 0) return m->person;
  return m->ante >= 0 ? a->ments[m->ante].person : -1;
}

/* From mention k on, the people a list joins to it: "with Wang Yi and
** foreign minister Qin", "between Xi and Biden". Returns how many. */
static int mention_list(const px_analysis *a, const an_sent *s, size_t k, size_t t1,
                        int *out, int *n) {
  int got = 0;
  const an_mention *prev = NULL;
  for (; k < s->nmention; k++) {
    const an_mention *m = &a->ments[s->first_mention + k];
    if (m->te > t1) break;
    if (prev) {
      /* joined by "and" or a comma, a title at most between */
      if (m->ts < prev->te || m->ts > prev->te + 4) break;
      if (!an_tok_is(s, prev->te, "and") && an_tok_gap_punct(s, prev->te - 1) != ',') break;
      for (size_t i = prev->te + 1; i < m->ts; i++)
        if (s->toks[i].flags & TK_NUM || an_tok_is(s, i, "with") || an_tok_is(s, i, "by"))
          return got;
    }
    int p = mention_person(a, m);
    if (p >= 0) {
      add_part(out, n, p);
      got++;
    }
    prev = m;
  }
  return got;
}

/* The people a meeting in tokens [t0, t1) is between: those the meeting
** word takes as its arguments ("X met (with) Y", "X and Y met", "talks
** between X and Y", "X held talks with Y", "his meeting with Y"), not
** every name of the clause: "pave the way for more meetings, including
** trips by Yellen and Raimondo" names no meeting of theirs. */
static int meeting_parties(const px_analysis *a, const an_sent *s, size_t t0, size_t t1,
                           int *out) {
  static const char *const k_subj_block[] = {"by", "of", "for", "to", "from", "in", "on",
                                             "at", "with", "about", "including", NULL};
  int n = 0;
  for (size_t c = t0; c < t1; c++) {
    if (!an_tok_in(s, c, k_meet_core)) continue;
    /* who acts: the nearest person before the meeting word that no
    ** preposition governs, and one joined to it by "and" */
    for (size_t k = s->nmention; k-- > 0;) {
      const an_mention *m = &a->ments[s->first_mention + k];
      if (m->te > c || m->ts < t0) continue;
      if (c - m->te > 8) break;
      if (m->ts > t0 && an_tok_in(s, m->ts - 1, k_subj_block)) break;
      if (k > 0 && m->ts >= 2 && an_tok_is(s, m->ts - 1, "and")) {
        const an_mention *l = &a->ments[s->first_mention + k - 1];
        if (l->te + 1 == m->ts && l->ts >= t0) add_part(out, &n, mention_person(a, l));
      }
      add_part(out, &n, mention_person(a, m));
      break;
    }
    /* what follows: "with"/"between" and a list, or the direct object
    ** of "met"/"meet" */
    size_t j = c + 1;
    while (j < t1 && j <= c + 8 && !an_tok_is(s, j, "with") && !an_tok_is(s, j, "between")) {
      /* another meeting word or a name first: that is whose object */
      if (an_tok_in(s, j, k_meet_core) || an_mention_at(a, (size_t)(s - a->sents), j) >= 0) {
        j = t1;
        break;
      }
      j++;
    }
    bool verb = an_tok_is(s, c, "met") || an_tok_is(s, c, "meet") || an_tok_is(s, c, "meets");
    for (size_t k = 0; k < s->nmention; k++) {
      const an_mention *m = &a->ments[s->first_mention + k];
      if (m->ts <= c || m->te > t1) continue;
      if ((j < t1 && j <= c + 8 && m->ts > j && m->ts <= j + 8) ||
          (verb && m->ts <= c + 3 && m->kind != MK_PRONOUN)) {
        mention_list(a, s, k, t1, out, &n);
        break;
      }
      if (m->ts > c + 16) break;
    }
  }
  return n;
}

static px_rc when_claims(px_analysis *a, size_t si, size_t t0, size_t t1, int64_t pub,
                         bool pending);

/* An age of 1 to 120 written in digits or a number word at token i;
** -1 when none. */
static int age_value_at(const an_sent *s, size_t i) {
  if (i >= s->ntok) return -1;
  const char *w = s->text + s->toks[i].s;
  size_t n = s->toks[i].e - s->toks[i].s;
  double v = -1;
  if (px_isdigit((unsigned char)w[0])) {
    if (n > 3) return -1;
    v = 0;
    for (size_t k = 0; k < n; k++) {
      if (!px_isdigit((unsigned char)w[k])) return -1;
      v = v * 10 + (w[k] - '0');
    }
  } else {
    v = word_value(w, n);
  }
  return v >= 1 && v <= 120 ? (int)v : -1;
}

/* The named person at the mention starting or ending near token i, or -1:
** a name, not a pronoun or a bare title. */
static int named_person(const px_analysis *a, const an_sent *s, size_t ts, size_t te,
                        bool ends) {
  for (size_t k = 0; k < s->nmention; k++) {
    const an_mention *m = &a->ments[s->first_mention + k];
    if (m->person < 0 || m->kind == MK_PRONOUN || m->kind == MK_TITLE) continue;
    if (ends ? m->te == te : m->ts == ts) return m->person;
  }
  return -1;
}

/* Ages of named people: "Robert Buckley, 32, died", "Cheeks, aged 48,",
** "32 - year - old Englishman Robert Buckley", "the 36-year-old Duncan
** Rait". One fact per person: the claim's part is the person. */
static px_rc age_claims(px_analysis *a, size_t si, size_t t0, size_t t1) {
  an_sent *s = &a->sents[si];
  for (size_t i = t0; i < t1; i++) {
    int age = age_value_at(s, i), p = -1;
    size_t at = i;
    if (age < 0 && !(s->toks[i].e - s->toks[i].s > 8 &&
                     memmem(s->text + s->toks[i].s, s->toks[i].e - s->toks[i].s, "-old", 4)))
      continue;
    if (age < 0) {
      /* "32-year-old" in one token: read below */
    } else if (i > t0 && an_tok_gap_punct(s, i - 1) == ',' &&
        (i + 1 >= s->ntok || an_tok_gap_punct(s, i) == ',' || i + 1 == t1)) {
      p = named_person(a, s, 0, i, true); /* "Name, 32," */
    } else if (i > t0 + 1 && an_tok_is(s, i - 1, "aged") && an_tok_gap_punct(s, i - 2) == ',') {
      p = named_person(a, s, 0, i - 1, true); /* "Name, aged 32" */
    } else if (is_age(s, i)) {
      /* "32-year-old [Englishman] Name": the name within two words */
      size_t k = i + 1;
      while (k < t1 && !an_tok_is(s, k, "old")) k++;
      for (size_t j = k + 1; j < t1 && j <= k + 2 && p < 0; j++) {
        p = named_person(a, s, j, 0, false);
        if (j > k + 1 && !(s->toks[j - 1].flags & TK_CAP)) p = -1;
      }
    }
    if (age < 0) {
      const char *w = s->text + s->toks[i].s;
      size_t n = s->toks[i].e - s->toks[i].s;
      const char *h = memchr(w, '-', n); /* "32-year-old Name" in one token */
      if (h && (size_t)(h - w) < n && memmem(w, n, "-old", 4)) {
        age = -1;
        double v = 0;
        size_t d = parse_digits(w, (size_t)(h - w), &v);
        if (d == (size_t)(h - w) && v >= 1 && v <= 120) age = (int)v;
        if (age < 0) {
          double wv = word_value(w, (size_t)(h - w));
          if (wv >= 1) age = (int)wv;
        }
        for (size_t j = i + 1; age > 0 && j < t1 && j <= i + 2 && p < 0; j++) {
          p = named_person(a, s, j, 0, false);
          if (j > i + 1 && !(s->toks[j - 1].flags & TK_CAP)) p = -1;
        }
      }
    }
    if (p < 0 || age < 0) continue;
    an_claim *c;
    px_rc rc = push_claim(a, &c);
    if (rc != PX_OK) return rc;
    c->kind = CL_COUNT;
    c->doc = s->doc;
    c->sent = (int)si;
    c->val = c->lo = c->hi = age;
    c->unit = "years";
    c->measure = an_hash_cstr("age");
    c->measure_word = "age";
    c->surface = span_dup(a, s, at, at + 1);
    c->parts[0] = p;
    c->nparts = 1;
    if ((rc = set_ctx(a, c, s, t0, t1)) != PX_OK) return rc;
  }
  return PX_OK;
}

static px_rc clause_claims(px_analysis *a, size_t si, size_t t0, size_t t1, meetctx *mc,
                           int64_t pub, int pub_year) {
  an_sent *s = &a->sents[si];
  px_rc rc;
  int parts[6], np = 0, speakers[6], nsp = 0;
  for (size_t k = 0; k < s->nmention; k++) {
    const an_mention *m = &a->ments[s->first_mention + k];
    if (m->ts < t0 || m->te > t1) continue;
    if (m->kind == MK_PRONOUN) {
      /* "In his meetings, Blinken ...": the pronoun points forward to the
      ** subject named later, unless that name is the other party ("his
      ** meeting with Xi"). */
      bool forward = false;
      for (size_t l = k + 1; l < s->nmention; l++) {
        const an_mention *n2 = &a->ments[s->first_mention + l];
        if (n2->te > t1 || n2->kind == MK_PRONOUN) continue;
        if (n2->ts > 0 && (an_tok_is(s, n2->ts - 1, "with") || an_tok_is(s, n2->ts - 1, "and") ||
                           an_tok_is(s, n2->ts - 1, "between")))
          continue;
        forward = true;
      }
      if (forward) continue;
    }
    add_part(parts, &np, m->person);
    if (is_speaker(s, m)) add_part(speakers, &nsp, m->person);
  }
  /* "a round of talks" is a meeting; "the sixth round" of a fight is not */
  bool meet = clause_has(s, t0, t1, k_meet_core);
  for (size_t i = t0; !meet && i + 2 < t1; i++)
    meet = an_tok_is(s, i, "round") && an_tok_is(s, i + 1, "of") &&
           (an_tok_is(s, i + 2, "talks") || an_tok_is(s, i + 2, "negotiations"));
  bool pending = clause_has(s, t0, t1, k_pending) || clause_unconfirmed(s, t0, t1);
  bool future = pending && clause_has(s, t0, t1, k_future);
  int64_t day = clause_day(s, t0, t1, pub, pending);
  bool inherited = false;
  /* who the meeting is between: its arguments, not all the clause names */
  int mparts[6], nm = meet ? meeting_parties(a, s, t0, t1, mparts) : 0;
  if (meet && np == 0 && mc->nparts >= 2) {
    memcpy(parts, mc->parts, sizeof parts);
    np = mc->nparts;
    memcpy(mparts, mc->parts, sizeof mparts);
    nm = mc->nparts;
    inherited = true;
    if (day == AN_NODAY) day = mc->day;
  } else if (meet && nm >= 2) {
    memcpy(mc->parts, mparts, sizeof mparts);
    mc->nparts = nm;
    mc->day = day;
  }
  /* meeting event with status */
  for (int pk = 1; meet && nm >= 2 && !inherited && pk < nm && pk <= 3; pk++) {
    an_claim *c;
    if ((rc = push_claim(a, &c)) != PX_OK) return rc;
    c->kind = CL_EVENT;
    c->doc = s->doc;
    c->sent = (int)si;
    c->parts[0] = mparts[0];
    c->parts[1] = mparts[pk];
    c->nparts = 2;
    c->status = future ? ST_FUTURE : pending ? ST_PENDING : ST_HAPPENED;
    c->day = day;
    /* a meeting in a past year ("last year", "in November" before now) */
    for (size_t i = t0; i < t1; i++)
      if ((an_tok_is(s, i, "last") && an_tok_is(s, i + 1, "year")) ||
          (an_tok_is(s, i, "in") && i + 1 < t1 &&
           word_index(s->text + s->toks[i + 1].s, s->toks[i + 1].e - s->toks[i + 1].s,
                      k_months) >= 0 && pub != AN_NODAY)) {
        if (an_tok_is(s, i, "last")) {
          c->day = pub - 365;
        } else {
          int mon = word_index(s->text + s->toks[i + 1].s, s->toks[i + 1].e - s->toks[i + 1].s,
                               k_months) + 1;
          int py, pm, pd;
          an_civil(pub, &py, &pm, &pd);
          int yy = mon > pm ? py - 1 : py;
          c->day = px_days_from_civil(yy, (unsigned)mon, 15);
        }
      }
    c->surface = span_dup(a, s, t0, t1);
    if ((rc = set_ctx(a, c, s, t0, t1)) != PX_OK) return rc;
  }
  /* meeting place */
  if (meet && nm >= 2) {
    const char *venue = NULL, *place = NULL;
    size_t pl_n = 0;
    for (size_t i = t0; i + 1 < t1; i++) {
      if (an_tok_is(s, i, "at")) {
        size_t j = i + 1;
        if (an_tok_is(s, j, "the")) j++;
        if (j < t1 && (s->toks[j].flags & TK_CAP) && !an_place_at(s, j, &pl_n)) {
          size_t e = j + 1;
          while (e < t1 && ((s->toks[e].flags & TK_CAP) || an_tok_is(s, e, "of") ||
                            an_tok_is(s, e, "the") || an_tok_is(s, e, "state") ||
                            an_tok_is(s, e, "guest") || an_tok_is(s, e, "house")) &&
                 !an_tok_is(s, e, "in"))
            e++;
          while (e > j + 1 && (an_tok_is(s, e - 1, "of") || an_tok_is(s, e - 1, "the"))) e--;
          if (weekday_at(s, j) < 0) venue = span_dup(a, s, j, e);
        }
      }
      bool near = false;
      for (size_t k = i > t0 + 6 ? i - 6 : t0; k < i && !near; k++)
        near = an_tok_in(s, k, k_meet_core) || an_mention_at(a, si, k) >= 0;
      if (an_tok_is(s, i, "in") && !place && near) {
        const char *p = an_place_at(s, i + 1, &pl_n);
        if (p && i + 1 + pl_n <= t1) {
          place = span_dup(a, s, i + 1, i + 1 + pl_n);
        } else if (i + 1 < t1 && (s->toks[i + 1].flags & TK_CAP) &&
                   an_mention_at(a, si, i + 1) < 0 && weekday_at(s, i + 1) < 0 &&
                   word_index(s->text + s->toks[i + 1].s, s->toks[i + 1].e - s->toks[i + 1].s,
                              k_months) < 0 &&
                   !(i + 2 < s->ntok && (s->toks[i + 2].flags & TK_CAP) &&
                     an_tok_adjacent(s, i + 1))) {
          /* an unknown single capitalised word after "met ... in": a town */
          place = span_dup(a, s, i + 1, i + 2);
        }
      }
    }
    for (int pk = 1; place && pk < nm && pk <= 3; pk++) {
      an_claim *c;
      if ((rc = push_claim(a, &c)) != PX_OK) return rc;
      c->kind = CL_PLACE;
      c->doc = s->doc;
      c->sent = (int)si;
      c->parts[0] = mparts[0];
      c->parts[1] = mparts[pk];
      c->nparts = 2;
      c->place = place;
      c->venue = venue;
      c->day = day;
      c->weak = inherited;
      c->surface = venue ? venue : place;
      if ((rc = set_ctx(a, c, s, t0, t1)) != PX_OK) return rc;
    }
  }
  /* numbers */
  for (size_t i = t0; i < t1; i++) {
    double v;
    const char *uit;
    size_t ul;
    size_t used = an_parse_number(s, i, &v, &uit, &ul);
    if (!used || v < 0) continue;
    const char *w = s->text + s->toks[i].s;
    size_t wl = s->toks[i].e - s->toks[i].s;
    /* "shot 47. 8 percent": a decimal the sentence splitter cut in two;
    ** the digits that open this sentence are the fraction, not a figure */
    if (i == 0 && px_isdigit((unsigned char)w[0]) && decimal_cut(a, si)) continue;
    /* years and dates are handled elsewhere */
    if (px_isdigit((unsigned char)w[0]) && wl == 4 && v >= 1900 && v <= 2100) continue;
    if (i > 0 && word_index(s->text + s->toks[i - 1].s, s->toks[i - 1].e - s->toks[i - 1].s,
                            k_months) >= 0)
      continue;
    if (i + used < s->ntok &&
        word_index(s->text + s->toks[i + used].s, s->toks[i + used].e - s->toks[i + used].s,
                   k_months) >= 0)
      continue;
    /* "17 of 34 passes", "29-of-34": a part and its whole, two figures
    ** of different things that would read as one measure */
    if (part_of_whole(s, i, used) ||
        (uit && ul > 3 && (memmem(uit, ul, "-of-", 4) || memcmp(uit, "of-", 3) == 0)))
      continue;
    /* "two more rebounds", "13 more than Buford": a difference or an
    ** increment, not a total another report can state */
    if (an_tok_is(s, i + used, "more") || an_tok_is(s, i + used, "fewer") ||
        an_tok_is(s, i + used, "less"))
      continue;
    unitinfo u = {CL_COUNT, 1, NULL};
    size_t after = i + used;
    bool have_unit = false;
    if (uit) {
      have_unit = unit_of(uit, ul, &u);
      if (!have_unit && ul > 0) {
        /* "18-month-old": unit then "-old" */
        const char *h = memchr(uit, '-', ul);
        if (h) have_unit = unit_of(uit, (size_t)(h - uit), &u);
      }
    } else if (after < t1) {
      have_unit = unit_of(s->text + s->toks[after].s, s->toks[after].e - s->toks[after].s, &u);
      if (have_unit) after++;
      if (!have_unit && ((after < s->ntok && s->text[s->toks[after].s - 1] == '%') ||
                         spaced_percent(s, after - 1))) {
        u.kind = CL_PERCENT;
        u.name = "%";
        have_unit = true;
      }
    }
    if (i > 0 && s->toks[i].s > 0 && s->text[s->toks[i].s - 1] == '$') {
      if (u.name == k_metres) continue; /* "$5m" is money in millions: not read yet */
      u.kind = CL_MONEY;
      u.name = "USD";
      have_unit = true;
    }
    if (!have_unit) {
      /* a count: the noun that follows ("a dozen requests") */
      if (!px_isdigit((unsigned char)w[0]) && v <= 1 && !an_tok_is(s, i, "dozen")) continue;
      /* "the two sides", "their two countries": a reference, not a claim */
      if (i > 0 && (an_tok_is(s, i - 1, "the") || an_tok_is(s, i - 1, "their") ||
                    an_tok_is(s, i - 1, "our") || an_tok_is(s, i - 1, "its") ||
                    an_tok_is(s, i - 1, "his") || an_tok_is(s, i - 1, "her") ||
                    an_tok_is(s, i - 1, "these") || an_tok_is(s, i - 1, "those") ||
                    possessive_after(s, i - 1) ||
                    (i >= 2 && an_tok_is(s, i - 1, "s") && !an_tok_adjacent(s, i - 2))))
        continue; /* "the world's 5", but not "now has 2,129" */
      /* the counted noun follows in the same phrase: not past punctuation
      ** ("aged one to 12, three women") or another number */
      size_t k = after;
      if (k < t1 && an_tok_gap_punct(s, k - 1)) continue;
      while (k < t1 && k < after + 3 && !is_number_tok(s, k) && !an_tok_gap_punct(s, k) &&
             ((s->toks[k].flags & TK_STOP) || (adjective_like(s, k) && k + 1 < t1 &&
                                               !(s->toks[k + 1].flags & (TK_STOP | TK_CAP | TK_NUM)))))
        k++;
      if (is_number_tok(s, k)) continue;
      /* A compound's head is its last noun: "two police officers",
      ** "three emergency fixes". */
      if (v > 1 && k + 1 < t1 && !countable(s, k, v) &&
          !(s->toks[k].flags & (TK_CAP | TK_NUM | TK_STOP)) &&
          !(s->toks[k + 1].flags & (TK_CAP | TK_NUM | TK_STOP)) && countable(s, k + 1, v))
        k++;
      if (k >= t1 || (s->toks[k].flags & (TK_CAP | TK_NUM))) continue;
      if (an_tok_is(s, k, "of")) continue;
      if (!countable(s, k, v)) continue;
      u.kind = CL_COUNT;
      u.name = span_dup(a, s, k, k + 1);
      after = k;
    }
    if (u.kind == CL_DURATION && after > 0 && i > 0 && an_tok_is(s, i - 1, "in") &&
        clause_has(s, t0, t1, k_superl))
      continue; /* "first ... in five years": a since-claim */
    if (u.kind == CL_DURATION && uit && ul > 3 && memmem(uit, ul, "-old", 4)) continue;
    if (u.kind == CL_DURATION && (is_age(s, i) || is_time_ref(s, i) ||
                                  is_time_point(s, i, after, t0, t1)))
      continue;
    an_claim *c;
    if ((rc = push_claim(a, &c)) != PX_OK) return rc;
    c->kind = u.kind;
    c->doc = s->doc;
    c->sent = (int)si;
    c->val = v * u.scale;
    size_t hs;
    hedge_range(s, i, c->val, &c->lo, &c->hi, &hs);
    c->unit = u.name;
    c->surface = span_dup(a, s, hs, (uit ? i + 1 : after) > hs ? (uit ? i + 1 : after) : hs + 1);
    c->day = day;
    /* what it measures */
    size_t mw = uit ? i + 1 : after;
    if (u.kind == CL_COUNT) mw = after;
    /* "11 days of a punishing offensive", "eight days of riots": a length
    ** measures the noun after "of" */
    if (u.kind == CL_DURATION && an_tok_is(s, mw, "of") && an_tok_gap_punct(s, mw - 1) == 0) {
      size_t j = mw + 1, head = 0;
      while (j < t1 && (an_tok_is(s, j, "the") || an_tok_is(s, j, "a") || an_tok_is(s, j, "an")))
        j++;
      static const char *const k_prep2[] = {"across", "toward", "towards", "throughout",
                                            "around", "along", "among", "within", "amid",
                                            "inside", "outside", "near", "beyond", NULL};
      for (; j < t1 && j < mw + 6 && !(s->toks[j].flags & (TK_STOP | TK_NUM)) &&
             !an_tok_in(s, j, k_prep2);
           j++) {
        if (!(s->toks[j].flags & TK_CAP)) head = j; /* "Israeli offensive" */
        if (an_tok_gap_punct(s, j)) break;
      }
      if (head) mw = head;
    }
    const char *mword = NULL;
    if (mw < t1 && !(s->toks[mw].flags & (TK_STOP | TK_CAP | TK_NUM)) &&
        (u.kind != CL_COUNT || mw == after)) {
      c->measure = s->toks[mw].stem;
      mword = span_dup(a, s, mw, mw + 1);
      if (u.kind == CL_COUNT) {
        c->measure = s->toks[mw].stem;
      } else if (an_tok_in(s, mw, k_meet_core)) {
        c->measure = an_hash_cstr("meeting");
        mword = "meeting";
      }
    }
    if (u.kind == CL_DURATION && (!mword || !uit)) {
      if (meet) {
        c->measure = an_hash_cstr("meeting");
        mword = "meeting";
      } else if (!mword) {
        c->measure = an_hash_cstr("duration");
        mword = "duration";
      }
    }
    if (!mword || u.name == k_metres) {
      /* a length measures how far, whatever word follows ("60m from a
      ** ridge", "17 miles from Tel Aviv") */
      c->measure = an_hash_cstr(u.name == k_metres ? "distance" : u.name ? u.name : "value");
      mword = u.name == k_metres ? "distance" : u.name;
    }
    if (u.kind == CL_COUNT && u.name != k_metres && is_margin(s, i, after)) {
      c->measure = an_hash_cstr("margin");
      mword = "margin";
    }
    c->measure_word = mword;
    if (u.kind == CL_COUNT) c->scoped = clause_scoped(s, t0, t1);
    if (u.kind == CL_COUNT && u.name != k_metres && hs == i && v == floor(v))
      c->lo = c->hi = c->val; /* "105 games" is not "106 games" */
    if (u.kind == CL_DURATION && c->measure == an_hash_cstr("meeting")) {
      memcpy(c->parts, nm >= 2 ? mparts : parts, sizeof parts);
      c->nparts = nm >= 2 ? nm : np;
      c->weak = inherited;
    } else {
      /* Whose figure it is: the people named, less those only reporting
      ** it ("..., Felix Adeyemi said"). */
      c->nparts = 0;
      for (int k = 0; k < np; k++) {
        bool spk = false;
        for (int l = 0; l < nsp && !spk; l++) spk = speakers[l] == parts[k];
        if (!spk) c->parts[c->nparts++] = parts[k];
      }
    }
    set_subjects(a, c, s, t0, i);
    if ((rc = set_ctx(a, c, s, t0, t1)) != PX_OK) return rc;
    i = after > i ? after - 1 : i;
  }
  (void)pub_year;
  if ((rc = age_claims(a, si, t0, t1)) != PX_OK) return rc;
  return when_claims(a, si, t0, t1, pub, pending);
}

/* ---- when an event happened ---- */

static const char *const k_mon_abbr[] = {"jan", "feb", "mar", "apr", "may", "jun", "jul",
                                         "aug", "sep", "oct", "nov", "dec", NULL};

/* Month (1-12) named by token i ("December", "Dec", "Sept"), or 0. */
static int month_at(const an_sent *s, size_t i) {
  if (i >= s->ntok || !(s->toks[i].flags & TK_CAP)) return 0;
  const char *w = s->text + s->toks[i].s;
  size_t n = s->toks[i].e - s->toks[i].s;
  int m = word_index(w, n, k_months);
  if (m >= 0) return m + 1;
  if (n == 4 && an_tok_is(s, i, "sept")) return 9;
  m = word_index(w, n, k_mon_abbr);
  /* "May" is the month; "Mar", "Jun" and the like only as abbreviations */
  return m >= 0 && (n == 3 && (m == 4 || (i + 1 < s->ntok && s->text[s->toks[i].e] == '.')))
             ? m + 1 : 0;
}

/* A day of the month at token i (1-31, digits only), or 0. */
static int mday_at(const an_sent *s, size_t i) {
  if (i >= s->ntok) return 0;
  const char *w = s->text + s->toks[i].s;
  size_t n = s->toks[i].e - s->toks[i].s;
  if (n > 2 || !px_isdigit((unsigned char)w[0])) return 0;
  int v = 0;
  for (size_t k = 0; k < n; k++) {
    if (!px_isdigit((unsigned char)w[k])) return 0;
    v = v * 10 + (w[k] - '0');
  }
  return v >= 1 && v <= 31 ? v : 0;
}

/* Whether [w, w+n) is "am", "pm", "a.m." or "p.m."; sets *pm. */
static bool meridiem(const char *w, size_t n, bool *pm) {
  char c = n ? (char)px_tolower((unsigned char)w[0]) : 0;
  if (c != 'a' && c != 'p') return false;
  *pm = c == 'p';
  if (n == 2) return px_tolower((unsigned char)w[1]) == 'm';
  if (n == 4 || n == 3) return w[1] == '.' && px_tolower((unsigned char)w[2]) == 'm';
  return false;
}

/* A clock time at token i: "3pm", "3.45pm", "7 p.m.", "1: 30 a. m.",
** "11am". Returns the tokens used (0: none) and minutes after midnight.
** A bare "3: 45" is a game clock or a score, not a time of day. */
static size_t clock_at(const an_sent *s, size_t i, int *mins) {
  if (i >= s->ntok || !(s->toks[i].flags & TK_NUM)) return 0;
  const char *w = s->text + s->toks[i].s;
  size_t n = s->toks[i].e - s->toks[i].s, k = 0;
  int h = 0, m = 0;
  while (k < n && k < 2 && px_isdigit((unsigned char)w[k])) h = h * 10 + (w[k++] - '0');
  if (h < 1 || h > 12) return 0;
  if (k + 2 < n && (w[k] == '.' || w[k] == ':') && px_isdigit((unsigned char)w[k + 1]) &&
      px_isdigit((unsigned char)w[k + 2])) {
    m = (w[k + 1] - '0') * 10 + (w[k + 2] - '0');
    k += 3;
  }
  size_t used = 1;
  bool pm = false;
  if (k < n) {
    if (!meridiem(w + k, n - k, &pm)) return 0;
  } else {
    if (i + 1 < s->ntok && an_tok_gap_punct(s, i) == ':') {
      const char *u = s->text + s->toks[i + 1].s;
      if (s->toks[i + 1].e - s->toks[i + 1].s != 2 || !px_isdigit((unsigned char)u[0]) ||
          !px_isdigit((unsigned char)u[1]))
        return 0;
      m = (u[0] - '0') * 10 + (u[1] - '0');
      used++;
    }
    if (i + used >= s->ntok) return 0;
    const an_tok *t = &s->toks[i + used];
    if (meridiem(s->text + t->s, t->e - t->s, &pm)) {
      used++;
    } else if ((an_tok_is(s, i + used, "a") || an_tok_is(s, i + used, "p")) &&
               an_tok_is(s, i + used + 1, "m")) {
      pm = an_tok_is(s, i + used, "p");
      used += 2;
    } else {
      return 0;
    }
  }
  if (m > 59) return 0;
  *mins = (h % 12) * 60 + m + (pm ? 720 : 0);
  return used;
}

/* Nouns that name an event a day or a time can belong to. */
static const char *const k_event_nouns[] = {
  "shooting", "killing", "attack", "announcement", "game", "fight", "crash", "accident",
  "quake", "earthquake", "explosion", "blast", "raid", "riots", "hearing", "arrest",
  "match", "bout", "fire", "storm", "election", "vote", "ceremony", NULL};

/* Whether token k reads as a verb in the past ("died", "fell", "checked"):
** the event a day or a time is about. */
static bool past_verb(const an_sent *s, size_t k) {
  static const char *const irr[] = {"died", "met", "fell", "hit", "shot", "struck", "won",
                                    "beat", "lost", "left", "began", "took", "made", "held",
                                    "broke", "came", "went", "ran", "fought", "stole",
                                    "drove", "sank", "threw", "caught", "led", "swept", NULL};
  if (k >= s->ntok || (s->toks[k].flags & (TK_CAP | TK_NUM))) return false;
  if (an_tok_in(s, k, irr)) return true;
  const char *w = s->text + s->toks[k].s;
  size_t n = s->toks[k].e - s->toks[k].s;
  if (n < 5 || w[n - 2] != 'e' || w[n - 1] != 'd') return false;
  /* "the injured", "a wounded man": a describing word, not the verb */
  if (k > 0 && (an_tok_is(s, k - 1, "the") || an_tok_is(s, k - 1, "a") ||
                an_tok_is(s, k - 1, "an")))
    return false;
  return !an_tok_is(s, k, "need") && !an_tok_is(s, k, "speed");
}

/* Whether token k is a word about time itself ("night", "late"): such
** words differ between two reports of one event's time. */
static bool time_word(const an_sent *s, size_t k) {
  static const char *const tw[] = {"night", "morning", "afternoon", "evening", "late",
                                   "early", "around", "about", "yesterday", "today",
                                   "tonight", "last", "p.m.", "a.m.", "pm", "am", NULL};
  return an_tok_in(s, k, tw) || weekday_at(s, k) >= 0 || month_at(s, k) > 0;
}

/* The day, date or clock time an event of clause [t0, t1) happened: "died
** on Friday", "checked in late Thursday night", "early Friday morning,
** around 1: 30 a. m.", "the Dec. 6 killing", "at about 3pm on Tuesday".
** Precision first: the clause must report something that happened (a
** verb in the past or an event noun near the time, not a speech verb or a
** plan), and the time must stand alone, not as a range, a deadline or a
** possessive ("since Monday", "by Friday", "Thursday's win"). */
static px_rc when_claims(px_analysis *a, size_t si, size_t t0, size_t t1, int64_t pub,
                         bool pending) {
  an_sent *s = &a->sents[si];
  static const char *const k_not_before[] = {"since", "until", "till", "by", "before",
                                             "after", "from", "through", "to", "next",
                                             "every", "this", "each", "following",
                                             "previous", "coming", NULL};
  if (pending) return PX_OK;
  for (size_t i = t0; i < t1; i++) {
    int wd = weekday_at(s, i), mon = 0, md = 0, clk = -1;
    size_t e = i + 1, cu = 0;
    /* "yesterday", "last night", "today", "tonight": a day only when the
    ** publish time says which */
    int64_t rel = AN_NODAY;
    if (pub != AN_NODAY && wd < 0) {
      if (an_tok_is(s, i, "yesterday")) rel = pub - 1;
      else if (an_tok_is(s, i, "last") && an_tok_is(s, i + 1, "night") &&
               !possessive_after(s, i + 1)) {
        rel = pub - 1;
        e = i + 2;
      } else if (an_tok_is(s, i, "today") || an_tok_is(s, i, "tonight")) rel = pub;
      if (rel != AN_NODAY) wd = (int)(((rel + 4) % 7 + 7) % 7);
    }
    if (wd < 0) {
      mon = month_at(s, i);
      if (mon && (md = mday_at(s, i + 1)) > 0) {
        e = i + 2;
      } else if (mday_at(s, i) && (mon = month_at(s, i + 1)) > 0) {
        md = mday_at(s, i);
        e = i + 2;
      } else {
        md = 0;
        cu = clock_at(s, i, &clk);
        if (!cu) continue;
        e = i + cu;
      }
      if (e < t1 && mday_at(s, e) == 0 && (s->toks[e].flags & TK_NUM) &&
          an_tok_gap_punct(s, e - 1) == ',')
        continue; /* "Dec. 6, 2008": another year's date is no claim */
    }
    if (wd >= 0 && possessive_after(s, i)) continue;
    size_t wd_at = SIZE_MAX;
    if (clk >= 0) {
      /* "around 7 p.m. Wednesday": the clock's day is part of the claim */
      for (size_t k = i >= 3 ? i - 3 : 0; k < t1 && k < e + 3; k++) {
        if (k < t0 || (k >= i && k < e) || weekday_at(s, k) < 0) continue;
        wd = weekday_at(s, k);
        wd_at = k;
        if (k >= e) e = k + 1;
        break;
      }
    }
    size_t b = i;
    while (b > t0 && (an_tok_is(s, b - 1, "late") || an_tok_is(s, b - 1, "early") ||
                      an_tok_is(s, b - 1, "on") || an_tok_is(s, b - 1, "at") ||
                      an_tok_is(s, b - 1, "about") || an_tok_is(s, b - 1, "around") ||
                      an_tok_is(s, b - 1, "approximately") || an_tok_is(s, b - 1, "just") ||
                      an_tok_is(s, b - 1, "shortly") || (b - 1 == i - 1 && an_tok_is(s, b - 1, "the"))))
      b--;
    if (wd_at < b) b = wd_at;
    if (b > t0 && an_tok_in(s, b - 1, k_not_before)) continue;
    if (wd >= 0 && (an_tok_is(s, e, "and") || an_tok_is(s, e, "or") ||
                    an_tok_is(s, e, "through")))
      continue; /* "Saturday and Sunday": a span */
    /* the clock of this day, when the clause gives one nearby */
    int tol = 10;
    if (clk < 0)
      for (size_t k = i > t0 + 6 ? i - 6 : t0; k < t1 && k <= e + 6; k++) {
        size_t u = clock_at(s, k, &clk);
        if (u) {
          if (k + u > e) e = k + u;
          if (k < b) b = k;
          break;
        }
      }
    if (clk >= 0)
      for (size_t k = b; k < e; k++)
        if (an_tok_is(s, k, "about") || an_tok_is(s, k, "around") ||
            an_tok_is(s, k, "approximately") || an_tok_is(s, k, "shortly") ||
            an_tok_is(s, k, "just"))
          tol = 30;
    /* the event: the nearest verb in the past or event noun, not speech */
    size_t ev = SIZE_MAX, best = SIZE_MAX;
    for (size_t k = t0; k < t1; k++) {
      if (k >= b && k < e) continue;
      size_t d = k < b ? b - k : k - e + 1;
      if (d > 6 || d >= best) continue;
      if (an_is_speech_verb(s, k) || an_tok_is(s, k, "announced") ||
          an_tok_is(s, k, "reported"))
        continue;
      if (!(past_verb(s, k) || an_tok_in(s, k, k_event_nouns))) continue;
      /* a comma between ends the time's phrase ("left Newport Beach on
      ** Thursday, Lohan has checked into ..."), unless the time opens the
      ** clause ("Early Friday morning, ..., the actress checked in") */
      bool comma = false;
      for (size_t q = k < b ? k : e - 1; q < (k < b ? b : k) && !comma; q++)
        comma = an_tok_gap_punct(s, q) == ',';
      if (comma && !(k > b && b == t0)) continue;
      ev = k;
      best = d;
    }
    if (ev == SIZE_MAX) continue;
    /* a speech verb acting on this time ("said Thursday", "told ...
    ** on Monday") dates the saying, not the event */
    if ((b > t0 && an_is_speech_verb(s, b - 1)) || (e < t1 && an_is_speech_verb(s, e)))
      continue;
    an_claim *c;
    px_rc rc = push_claim(a, &c);
    if (rc != PX_OK) return rc;
    c->kind = CL_WHEN;
    c->doc = s->doc;
    c->sent = (int)si;
    c->wday = wd;
    c->mday = md ? mon * 100 + md : -1;
    c->clock = clk;
    c->clock_tol = tol;
    if (rel != AN_NODAY) c->day = rel;
    else if (wd >= 0 && pub != AN_NODAY)
      c->day = clause_day(s, wd_at != SIZE_MAX ? wd_at : i, e, pub, false);
    else if (md && pub != AN_NODAY) {
      /* "Dec. 6": the latest such date not after the publish day (a
      ** report does not date what happened after it was written) */
      int py, pm, pd;
      an_civil(pub, &py, &pm, &pd);
      int64_t day = px_days_from_civil(py, (unsigned)mon, (unsigned)md);
      if (day > pub + 1) day = px_days_from_civil(py - 1, (unsigned)mon, (unsigned)md);
      c->day = day;
    }
    if (c->day != AN_NODAY) c->wday = (int)(((c->day + 4) % 7 + 7) % 7);
    c->measure = s->toks[ev].stem;
    c->measure_word = span_dup(a, s, ev, ev + 1);
    c->surface = span_dup(a, s, b, e);
    /* what the clause is about, less the words of time themselves */
    c->ctx = px_arena_alloc(a->arena, (t1 - t0) * sizeof *c->ctx);
    if (!c->ctx) return PX_ENOMEM;
    for (size_t k = t0; k < t1; k++)
      if (!(s->toks[k].flags & (TK_STOP | TK_NUM)) && !time_word(s, k))
        c->ctx[c->nctx++] = s->toks[k].stem;
    set_subjects(a, c, s, t0, b);
    i = e - 1;
  }
  return PX_OK;
}

/* "first ... since 2018", "first ... in five years", "since X took office" */
static px_rc since_claims(px_analysis *a, size_t si, int pub_year) {
  an_sent *s = &a->sents[si];
  px_rc rc;
  size_t sup = s->ntok;
  for (size_t i = 0; i < s->ntok; i++)
    if (an_tok_in(s, i, k_superl)) {
      sup = i;
      break;
    }
  if (sup == s->ntok) return PX_OK;
  for (size_t i = sup + 1; i < s->ntok; i++) {
    int year = 0;
    const char *ev = NULL;
    const char *surface = NULL;
    if (an_tok_is(s, i, "since") && i + 1 < s->ntok) {
      const char *w = s->text + s->toks[i + 1].s;
      size_t wl = s->toks[i + 1].e - s->toks[i + 1].s;
      double v;
      if (wl == 4 && parse_digits(w, wl, &v) == 4 && v >= 1900 && v <= 2100) {
        year = (int)v;
        surface = span_dup(a, s, i, i + 2);
      } else {
        size_t e = i + 1;
        while (e < s->ntok && e < i + 7 && an_tok_gap_punct(s, e - 1) != ',' &&
               an_tok_gap_punct(s, e - 1) != '.')
          e++;
        ev = span_dup(a, s, i + 1, e);
        surface = span_dup(a, s, i, e);
      }
    } else if (an_tok_is(s, i, "in") && pub_year > 0) {
      double v;
      const char *uit;
      size_t ul;
      size_t used = an_parse_number(s, i + 1, &v, &uit, &ul);
      if (used && an_tok_is(s, i + 1 + used, "years")) {
        year = pub_year - (int)v;
        surface = span_dup(a, s, i, i + 2 + used);
      } else if (used && an_tok_is(s, i + 1 + used, "decades")) {
        year = pub_year - (int)(v * 10);
        surface = span_dup(a, s, i, i + 2 + used);
      }
    }
    if (!year && !ev) continue;
    an_claim *c;
    if ((rc = push_claim(a, &c)) != PX_OK) return rc;
    c->kind = CL_SINCE;
    c->doc = s->doc;
    c->sent = (int)si;
    c->year = year;
    c->since_event = ev;
    c->surface = surface;
    if ((rc = set_ctx(a, c, s, sup, i)) != PX_OK) return rc;
    break;
  }
  return PX_OK;
}

px_rc an_claims_find(px_analysis *a) {
  px_rc rc;
  for (size_t d = 0; d < a->ndocs; d++) {
    const an_doc *doc = &a->docs[d];
    size_t doc_claims = a->nclaims;
    meetctx mc;
    memset(&mc, 0, sizeof mc);
    mc.day = AN_NODAY;
    for (size_t si = doc->first_sent; si < doc->first_sent + doc->nsent; si++) {
      an_sent *s = &a->sents[si];
      size_t t0 = 0;
      for (size_t i = 0; i <= s->ntok; i++) {
        bool cut = i == s->ntok;
        if (!cut && i > t0 + 2 && i < s->ntok) {
          int p = an_tok_gap_punct(s, i - 1);
          if (p == ';') cut = true;
          if (p == ',' && (an_tok_is(s, i, "but") || an_tok_is(s, i, "while") ||
                           an_tok_is(s, i, "whereas")))
            cut = true;
        }
        if (cut && i > t0) {
          if ((rc = clause_claims(a, si, t0, i, &mc, doc->pub_day, doc->pub_year)) != PX_OK)
            return rc;
          t0 = i;
        }
      }
      if ((rc = since_claims(a, si, doc->pub_year)) != PX_OK) return rc;
    }
    /* The dateline places the article's meetings when nothing else does. */
    if (doc->dateline) {
      size_t nclaims = a->nclaims;
      for (size_t ci = doc_claims; ci < nclaims; ci++) {
        an_claim *c = &a->claims[ci];
        if (c->doc != (int)d || c->kind != CL_EVENT || c->status != ST_HAPPENED) continue;
        bool has_place = false;
        for (size_t k = doc_claims; k < nclaims; k++)
          if (a->claims[k].kind == CL_PLACE && a->claims[k].sent == c->sent) has_place = true;
        if (has_place) continue;
        an_claim *p;
        if ((rc = push_claim(a, &p)) != PX_OK) return rc;
        c = &a->claims[ci];
        *p = *c;
        p->kind = CL_PLACE;
        p->place = doc->dateline;
        p->venue = NULL;
        p->weak = true;
        p->surface = doc->dateline;
        p->group = -1;
      }
    }
  }
  return PX_OK;
}
