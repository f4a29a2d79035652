/*
** quotes.c: quote extraction, speaker attribution and cross-outlet
** grouping (see quotes.h).
**
** Memory: segments, token hashes and labels live in the analysis arena;
** the LCS table is a small heap buffer freed before returning.
*/
#include <stdlib.h>
#include <strings.h>
#include <string.h>
#include "analyze/quotes.h"
#include "analyze/people.h"
#include "text/langres.h"
#include "util/str.h"

#define AN_MAX_QUOTE_PAIRS 3000

typedef struct qspan {
  size_t open, qs, qe, close_end;
  bool closed;
} qspan;

static size_t count_words(const char *t, size_t n) {
  size_t w = 0;
  bool inw = false;
  for (size_t i = 0; i < n; i++) {
    bool al = px_isalnum((unsigned char)t[i]) || (unsigned char)t[i] >= 0x80;
    if (al && !inw) w++;
    inw = al;
  }
  return w;
}

/* Quotation marks, by kind: what opens a quotation and what may close it.
** Straight and curly doubles ("...", “...”), German „...“, guillemets
** «...» and »...« and single ‹...›, curly singles ‘...’ and straight
** singles '...' (the last two only as outer marks and only where they
** cannot be an apostrophe: "don't", "players' union"). */
enum { QM_NONE = 0, QM_STRAIGHT, QM_CURLY, QM_LOW9, QM_GUIL, QM_GUIL_R, QM_SGUIL,
       QM_SCURLY, QM_SSTRAIGHT };

static bool u8_at(const char *t, size_t n, size_t i, unsigned char b0, unsigned char b1,
                  unsigned char b2) {
  if ((unsigned char)t[i] != b0 || i + 1 >= n || (unsigned char)t[i + 1] != b1) return false;
  return b2 == 0 || (i + 2 < n && (unsigned char)t[i + 2] == b2);
}

static bool wordish(const char *t, size_t n, size_t i) {
  return i < n && (px_isalnum((unsigned char)t[i]) || (unsigned char)t[i] >= 0x80);
}

/* The mark at i: its kind and length; opening (1), closing (2), either (3). */
static int mark_at(const char *t, size_t n, size_t i, int *kind, size_t *len) {
  bool prev_space = i == 0 || px_isspace((unsigned char)t[i - 1]) || t[i - 1] == '(' ||
                    t[i - 1] == '[' || t[i - 1] == '-' || (unsigned char)t[i - 1] >= 0x80;
  *len = 1;
  if (t[i] == '"') { *kind = QM_STRAIGHT; return prev_space ? 3 : 2; }
  if (t[i] == '\'') {
    *kind = QM_SSTRAIGHT;
    if (prev_space && wordish(t, n, i + 1)) return 1;
    if (i > 0 && !px_isspace((unsigned char)t[i - 1]) && !wordish(t, n, i + 1)) return 2;
    return 0;
  }
  *len = 3;
  if (u8_at(t, n, i, 0xE2, 0x80, 0x9C)) { *kind = QM_CURLY; return 3; }  /* “ */
  if (u8_at(t, n, i, 0xE2, 0x80, 0x9D)) { *kind = QM_CURLY; return 2; }  /* ” */
  if (u8_at(t, n, i, 0xE2, 0x80, 0x9E)) { *kind = QM_LOW9; return 1; }   /* „ */
  if (u8_at(t, n, i, 0xE2, 0x80, 0x98)) { *kind = QM_SCURLY; return 1; } /* ‘ */
  if (u8_at(t, n, i, 0xE2, 0x80, 0x99)) {                                 /* ’ */
    *kind = QM_SCURLY;
    return wordish(t, n, i + 3) ? 0 : 2;
  }
  if (u8_at(t, n, i, 0xE2, 0x80, 0xB9)) { *kind = QM_SGUIL; return 1; }  /* ‹ */
  if (u8_at(t, n, i, 0xE2, 0x80, 0xBA)) { *kind = QM_SGUIL; return 2; }  /* › */
  *len = 2;
  if (u8_at(t, n, i, 0xC2, 0xAB, 0)) { *kind = QM_GUIL; return 3; }      /* « */
  if (u8_at(t, n, i, 0xC2, 0xBB, 0)) { *kind = QM_GUIL_R; return 3; }    /* » */
  return 0;
}

/* Does a mark of kind k (role r) close a quotation opened by kind o? */
static bool closes(int o, int k, int r) {
  if (!(r & 2)) return false;
  switch (o) {
  case QM_STRAIGHT: return k == QM_STRAIGHT || (k == QM_CURLY && r == 2);
  case QM_CURLY: return (k == QM_CURLY && r == 2) || k == QM_STRAIGHT;
  case QM_LOW9: return k == QM_CURLY; /* „...“ (German) or „...” */
  case QM_GUIL: return k == QM_GUIL_R;
  case QM_GUIL_R: return k == QM_GUIL; /* »...« */
  case QM_SGUIL: return k == QM_SGUIL && r == 2;
  case QM_SCURLY: return k == QM_SCURLY && r == 2;
  case QM_SSTRAIGHT: return k == QM_SSTRAIGHT && r == 2;
  }
  return false;
}

/* Finds quoted spans in a block (outer marks only: a quote inside a quote
** belongs to the outer one). Returns the count (<= max). */
static size_t find_spans(const char *t, size_t n, qspan *out, size_t max, bool start_open) {
  size_t k = 0;
  int open_kind = QM_NONE;
  qspan cur = {0, 0, 0, 0, false};
  /* a quotation left open by the paragraph before and not reopened by a
  ** mark here runs on to this paragraph's first closing mark (text split
  ** one sentence a paragraph) */
  if (start_open) open_kind = QM_STRAIGHT;
  for (size_t i = 0; i < n && k < max; i++) {
    int kind = QM_NONE;
    size_t ml = 1;
    int role = mark_at(t, n, i, &kind, &ml);
    if (!role) continue;
    if (open_kind == QM_NONE) {
      if (role & 1) {
        cur.open = i;
        cur.qs = i + ml;
        open_kind = kind;
      }
    } else if (closes(open_kind, kind, role)) {
      cur.qe = i;
      cur.close_end = i + ml;
      cur.closed = true;
      /* single straight marks: a span of under three words was more
      ** likely apostrophes than a quotation */
      if (open_kind != QM_SSTRAIGHT || count_words(t + cur.qs, cur.qe - cur.qs) >= 3)
        out[k++] = cur;
      open_kind = QM_NONE;
    }
    i += ml - 1;
  }
  if (open_kind != QM_NONE && open_kind != QM_SSTRAIGHT && open_kind != QM_SCURLY && k < max) {
    cur.qe = n;
    cur.close_end = n;
    cur.closed = false;
    out[k++] = cur;
  }
  return k;
}


/* ---- quotation marks by language (data/lang.tsv) ---- */

/* Is the mark m at t[i] a single mark ("‚", "‘", "›", ...): one that an
** apostrophe or a letter could also be, so it must stand at a word's
** edge? */
static bool single_mark(const char *m) {
  return strcmp(m, "\xE2\x80\x9A") == 0 || strcmp(m, "\xE2\x80\x98") == 0 ||
         strcmp(m, "\xE2\x80\x99") == 0 || strcmp(m, "\xE2\x80\xB9") == 0 ||
         strcmp(m, "\xE2\x80\xBA") == 0;
}

static size_t mark_is(const char *t, size_t n, size_t i, const char *m) {
  size_t ml = strlen(m);
  return i + ml <= n && memcmp(t + i, m, ml) == 0 ? ml : 0;
}

/* Finds quoted spans by the quotation-mark pairs of the article's
** language (pairs: open, close, open, close, ..., NULL), so that German
** „...“ and ‚...‘, »...« and French or Spanish «...» pair as the language
** writes them; straight double marks pair as in find_spans, and a straight
** single mark opens at a word's start and closes at its end (Dutch
** 'zo'). A single mark opens only after a space or a bracket and closes
** only before a non-letter, so apostrophes ("zo’n", "l’État") stay
** apostrophes. A quotation left open by the paragraph before runs on
** (start_open) to the first closing mark of any pair. Outer marks only. */
static size_t find_spans_pairs(const char *t, size_t n, const char *const *pairs, qspan *out,
                               size_t max, bool start_open) {
  size_t k = 0;
  const char *open = start_open ? "" : NULL; /* "" = any closing mark */
  qspan cur = {0, 0, 0, 0, false};
  for (size_t i = 0; i < n && k < max; i++) {
    bool edge_before = i == 0 || px_isspace((unsigned char)t[i - 1]) || t[i - 1] == '(' ||
                       t[i - 1] == '[' || t[i - 1] == '-' ||
                       (i >= 2 && (unsigned char)t[i - 2] == 0xC2 &&
                        (unsigned char)t[i - 1] == 0xA0);
    if (open) {
      size_t ml = 0;
      for (size_t p = 0; pairs[p] && pairs[p + 1] && !ml; p += 2) {
        if (*open && strcmp(pairs[p], open) != 0) continue;
        ml = mark_is(t, n, i, pairs[p + 1]);
        if (ml && single_mark(pairs[p + 1]) && wordish(t, n, i + ml)) ml = 0;
      }
      if (!ml && (!*open || strcmp(open, "\"") == 0) && t[i] == '"') ml = 1;
      if (!ml && (!*open || strcmp(open, "'") == 0) && t[i] == '\'' && i > 0 &&
          !px_isspace((unsigned char)t[i - 1]) && !wordish(t, n, i + 1))
        ml = 1;
      if (!ml) continue;
      cur.qe = i;
      cur.close_end = i + ml;
      cur.closed = true;
      if ((strcmp(open, "'") != 0 && !single_mark(open)) ||
          count_words(t + cur.qs, cur.qe - cur.qs) >= 3)
        out[k++] = cur;
      open = NULL;
      i += ml - 1;
      continue;
    }
    size_t ml = 0;
    for (size_t p = 0; pairs[p] && pairs[p + 1] && !ml; p += 2) {
      ml = mark_is(t, n, i, pairs[p]);
      if (ml && single_mark(pairs[p]) && (!edge_before || !wordish(t, n, i + ml))) ml = 0;
      if (ml) open = pairs[p];
    }
    if (!ml && t[i] == '"') {
      ml = 1;
      open = "\"";
    }
    if (!ml && t[i] == '\'' && edge_before && wordish(t, n, i + 1)) {
      ml = 1;
      open = "'";
    }
    if (!ml) continue;
    cur.open = i;
    cur.qs = i + ml;
    i += ml - 1;
  }
  if (open && strcmp(open, "'") != 0 && !single_mark(open) && k < max) {
    cur.qe = n;
    cur.close_end = n;
    cur.closed = false;
    out[k++] = cur;
  }
  return k;
}

/* Is there an opening mark of the language's pairs at t[i]? */
static bool pair_opens_at(const char *t, size_t n, size_t i, const char *const *pairs) {
  for (size_t p = 0; pairs && pairs[p] && pairs[p + 1]; p += 2)
    if (mark_is(t, n, i, pairs[p])) return true;
  return false;
}

/* The sentence of doc d, block b containing block byte x (or the last
** one starting before it); -1 when none. */
static int sent_at(const px_analysis *a, size_t bs, size_t be, int b, size_t x) {
  int best = -1;
  for (size_t i = bs; i < be; i++) {
    const an_sent *s = &a->sents[i];
    if (s->block != b) continue;
    if (s->off <= x) best = (int)i;
    if (s->off <= x && x < s->off + s->len) return (int)i;
  }
  return best;
}

typedef struct spk {
  int person;
  const char *other;
  const char *how;
} spk;

/* Words between a subject and its verb that do not end the subject. */
static const char *const k_adverbs[] = {
  "also", "later", "earlier", "previously", "then", "again", "further",
  "repeatedly", "once", "publicly", "privately", "separately", "recently",
  "reportedly", "has", "had", "have", "had", "would", "initially",
  "originally", "first", "last", "still", "had", "subsequently", NULL};

static size_t subject_start(const an_sent *s, size_t e, size_t *subj_end);
static bool subject_speaker(px_analysis *a, int si, size_t t0, size_t t1, spk *out);

static int mention_person(const px_analysis *a, int mi) {
  return mi < 0 ? -1 : a->ments[mi].person;
}

/* "him", "his", "her" name someone spoken to or of, never the speaker:
** "An official looked at her and said". */
static bool object_pronoun(const px_analysis *a, int mi) {
  const an_mention *m = &a->ments[mi];
  if (m->kind != MK_PRONOUN) return false;
  const an_sent *s = &a->sents[m->sent];
  return !an_tok_is(s, m->ts, "he") && !an_tok_is(s, m->ts, "she");
}

static bool one_word_source(const px_analysis *a, const an_sent *s, size_t i) {
  const char *w = s->text + s->toks[i].s;
  size_t n = s->toks[i].e - s->toks[i].s;
  static const char *const people[] = {"police", "officials", "authorities", "prosecutors",
                                       "witnesses", "investigators", "analysts", "experts",
                                       "researchers", "doctors", "residents", "officers",
                                       "organizers", "organisers", "scientists", "critics",
                                       "lawyers", "sources", "survivors", "neighbors",
                                       "neighbours", "firefighters", "paramedics", "rescuers",
                                       "activists", "protesters", "economists", "diplomats",
                                       "observers", "medics", "staff", "villagers", NULL};
  if (an_word_in(w, n, people)) return true;
  static const char *const adverbs[] = {"sometimes", "always", "perhaps", "besides",
                                        "afterwards", "towards", "nevertheless", "yes",
                                        "thus", "was", "has", "does", "is", "this", NULL};
  if (!(s->toks[i].flags & TK_CAP))
    return n > 3 && w[n - 1] == 's' && w[n - 2] != 's' && !an_word_in(w, n, adverbs);
  if (!(s->toks[i].flags & TK_SENTSTART) && !an_is_role_word(w, n)) return true;
  /* "Elliot says ...": a surname opening the sentence before its verb */
  if (i + 1 < s->ntok && an_is_speech_verb(s, i + 1) && !(s->toks[i].flags & TK_STOP))
    return true;
  bool caps = n >= 2;
  for (size_t k = 0; k < n && caps; k++)
    if (px_isalpha((unsigned char)w[k]) && !px_isupper((unsigned char)w[k])) caps = false;
  if (caps) return true; /* an acronym: "UNRWA", "AMD" */
  /* a name the story writes capitalised inside sentences, twice or more */
  int seen = 0;
  uint64_t h = s->toks[i].h;
  for (size_t si = 0; si < a->nsents && seen < 2; si++) {
    const an_sent *t = &a->sents[si];
    for (size_t k = 1; k < t->ntok; k++)
      if (t->toks[k].h == h && (t->toks[k].flags & TK_CAP) && !(t->toks[k].flags & TK_SENTSTART))
        seen++;
  }
  return seen >= 2;
}

/* A label for an unnamed or organisational speaker: tokens [from, to). */
static const char *np_label(px_analysis *a, const an_sent *s, size_t from, size_t to) {
  if (from >= to || to > s->ntok) return NULL;
  if (to - from > 7) from = to - 7;
  /* do not start at a pronoun or conjunction */
  while (from < to && (an_tok_is(s, from, "and") || an_tok_is(s, from, "but") ||
                       an_tok_is(s, from, "they") || an_tok_is(s, from, "it")))
    from++;
  if (from >= to) return NULL;
  /* A speaker label is a noun phrase ("Chinese state media", "a witness",
  ** "the ministry"): words that make a clause ("said in a", "Feldman
  ** wouldn't", "declined to be identified", "You could start by") or a
  ** lone place or word of time are not one. */
  static const char *const bad[] = {
    "i", "you", "we", "it", "this", "that", "which", "who", "what", "there",
    "is", "was", "were", "are", "be", "been", "would", "could", "should",
    "will", "can", "may", "might", "must", "did", "does", "do", "not", "to",
    "declined", "refused", "like", "if", "when", "by", "as", "also", "then",
    "just", "but", "i'm", "i've", "i'd", "i'll", "we're", "you're", "it's",
    "that's", "there's", "he's", "she's", "they're", NULL};
  bool content = false;
  for (size_t k = from; k < to; k++) {
    const char *w = s->text + s->toks[k].s;
    size_t n = s->toks[k].e - s->toks[k].s;
    if (an_tok_in(s, k, bad) || an_is_speech_verb(s, k) ||
        (n >= 2 && (w[0] == 'I' || w[0] == 'i') && (w[1] == '\'' || (n >= 4 &&
                                                      memcmp(w + 1, "\xE2\x80\x99", 3) == 0))) ||
        (n > 3 && memcmp(w + n - 3, "n't", 3) == 0) ||
        (n > 5 && memcmp(w + n - 5, "n\xE2\x80\x99t", 5) == 0))
      return NULL;
    if (!(s->toks[k].flags & (TK_STOP | TK_NUM)) &&
        (!an_is_place_word(w, n) || (to - from > 1 && (s->toks[k].flags & TK_CAP))))
      content = true; /* "the UN", "the US": a place alone is no speaker */
  }
  static const char *const preps[] = {"with", "for", "of", "in", "on", "at", "by", "from",
                                      "to", "about", "over", "after", "before", NULL};
  if (!content || (s->toks[to - 1].flags & TK_STOP) || an_tok_in(s, from, preps)) return NULL;
  /* "Lindsay Lohan's": a possessor without what it possesses */
  {
    const char *w = s->text + s->toks[to - 1].s;
    size_t n = s->toks[to - 1].e - s->toks[to - 1].s;
    const char *after = s->text + s->toks[to - 1].e;
    if ((n > 2 && (memcmp(w + n - 2, "'s", 2) == 0)) ||
        (n > 4 && memcmp(w + n - 4, "\xE2\x80\x99s", 4) == 0) ||
        (s->toks[to - 1].e + 2 <= s->len && (memcmp(after, "'s", 2) == 0 ||
                                              memcmp(after, " '", 2) == 0)))
      return NULL;
  }
  /* One word must be a name the story uses as one ("Intel", "UNRWA") or
  ** a plural of people ("police", "officials"): not a stray capitalised
  ** word ("Upon", "Dist", "Wildlife"). */
  if (to - from == 1 && !one_word_source(a, s, from)) return NULL;
  return an_strndup(a, s->text + s->toks[from].s, s->toks[to - 1].e - s->toks[from].s);
}

static const char *const k_articles[] = {"a", "an", "the", "one", "another", NULL};

static bool is_according(const an_sent *s, size_t i) {
  return an_tok_is(s, i, "according") && an_tok_is(s, i + 1, "to");
}

/* A pronoun before a speech verb: its antecedent, unless that antecedent
** was only named in another quote's sentence ("..., Blinken said after
** meeting Xi. '...,' he added": he is Blinken, the recent speaker). */
static int pronoun_speaker(const px_analysis *a, int mi, int recent) {
  const an_mention *m = &a->ments[mi];
  if (m->person < 0 || m->ante < 0) return recent >= 0 ? recent : m->person;
  if (recent < 0 || recent == m->person) return m->person;
  int asent = a->ments[m->ante].sent;
  for (size_t q = 0; q < a->nquotes; q++)
    if (a->quotes[q].sent == asent && a->quotes[q].speaker >= 0 &&
        a->quotes[q].speaker != m->person)
      return recent;
  return m->person;
}

/* Words after the closing mark: ", X said", "said X", "X, the ..., said",
** "quoted X as saying", "according to X". Tokens [t0, t1) of s. */
static bool from_after(px_analysis *a, int si, size_t t0, size_t t1, spk *out, int recent) {
  const an_sent *s = &a->sents[si];
  int first_m = -1;
  size_t first_m_tok = 0;
  size_t lim = t0 + 16 < t1 ? t0 + 16 : t1;
  for (size_t i = t0; i < lim; i++) {
    int mi = an_mention_at(a, (size_t)si, i);
    if (mi >= 0 && first_m < 0 && !object_pronoun(a, mi)) {
      first_m = mi;
      first_m_tok = i;
    }
    if (is_according(s, i)) {
      for (size_t k = i + 2; k < lim && k < i + 8; k++) {
        int m2 = an_mention_at(a, (size_t)si, k);
        if (m2 >= 0 && mention_person(a, m2) >= 0) {
          out->person = mention_person(a, m2);
          out->how = "according to";
          return true;
        }
      }
      size_t e = i + 2;
      while (e < lim && an_tok_gap_punct(s, e) == 0) e++;
      /* "according to a transcript": a source, but the words before the
      ** quote may name the speaker; the caller keeps this as a fallback */
      out->person = -1;
      out->other = np_label(a, s, i + 2, e < lim ? e + 1 : lim);
      out->how = "according to";
      return false;
    }
    if (!an_is_speech_verb(s, i)) continue;
    if (an_tok_is(s, i, "quoted")) {
      for (size_t k = i + 1; k < lim && k < i + 6; k++) {
        int m2 = an_mention_at(a, (size_t)si, k);
        if (m2 >= 0) {
          out->person = mention_person(a, m2);
          out->how = "quoted X as saying";
          return out->person >= 0;
        }
      }
    }
    if (first_m >= 0 && first_m_tok < i) {
      out->person = mention_person(a, first_m);
      out->how = "X said";
      if (a->ments[first_m].kind == MK_PRONOUN) {
        out->person = pronoun_speaker(a, first_m, recent);
        out->how = "pronoun said";
      }
      if (out->person >= 0) return true;
    }
    /* "said X" (possibly after a role: "said spokesperson X", "said
    ** Microsoft security response head X") */
    for (size_t k = i + 1; k < t1 && k < i + 11; k++) {
      int m2 = an_mention_at(a, (size_t)si, k);
      if (m2 >= 0 && mention_person(a, m2) >= 0) {
        out->person = mention_person(a, m2);
        out->how = "said X";
        return true;
      }
      if (an_tok_gap_punct(s, k) == ',' || an_tok_gap_punct(s, k) == '.') break;
    }
    /* an unnamed or organisational source before the verb */
    size_t e = t0;
    while (e < i && an_tok_gap_punct(s, e) == 0) e++;
    size_t stop = e < i ? e + 1 : i;
    if (stop > t0) {
      out->person = -1;
      out->other = np_label(a, s, t0, stop);
      out->how = "source said";
      return out->other != NULL;
    }
    return false;
  }
  return false;
}

/* Words before the opening mark: "X said:", "X told reporters ... \"",
** "quoted X as saying", "X stressed \"...\"". Tokens [t0, t1) of s. */
static bool from_before(px_analysis *a, int si, size_t t0, size_t t1, spk *out, int recent) {
  const an_sent *s = &a->sents[si];
  if (t1 <= t0) return false;
  size_t v = t1;
  for (size_t i = t1; i-- > t0;) {
    if (an_is_speech_verb(s, i) || is_according(s, i)) {
      v = i;
      break;
    }
  }
  if (v == t1) {
    /* "X, the minister, was blunt: \"...\"": a colon right before the
    ** quote introduces the last person named */
    size_t open_at = t1 < s->ntok ? s->toks[t1].s : s->len;
    size_t k = s->toks[t1 - 1].e;
    while (k < open_at && s->text[k] == ' ') k++;
    if (k >= open_at || s->text[k] != ':') return false;
    for (size_t q = t1; q-- > t0;) {
      int m2 = an_mention_at(a, (size_t)si, q);
      if (m2 >= 0 && a->ments[m2].kind != MK_PRONOUN && mention_person(a, m2) >= 0) {
        out->person = mention_person(a, m2);
        out->how = "X ...: \"...\"";
        return true;
      }
    }
    return false;
  }
  if (an_tok_is(s, v, "quoted") || is_according(s, v)) {
    for (size_t k = v + 1; k < t1; k++) {
      int m2 = an_mention_at(a, (size_t)si, k);
      if (m2 >= 0 && mention_person(a, m2) >= 0) {
        out->person = mention_person(a, m2);
        out->how = is_according(s, v) ? "according to" : "quoted X as saying";
        return true;
      }
    }
  }
  /* "X, a former director of the Fish and Wildlife Service, said: ...":
  ** the subject of the verb, over its appositive, before any nearer name */
  {
    size_t e = v;
    while (e > t0 && an_tok_in(s, e - 1, k_adverbs) && an_tok_gap_punct(s, e - 1) == 0) e--;
    size_t subj_end = e;
    size_t b0 = subject_start(s, e, &subj_end);
    spk who = {-1, NULL, NULL};
    if (b0 >= t0 && b0 < subj_end && subj_end < e && subject_speaker(a, si, b0, subj_end, &who) &&
        who.person >= 0) {
      out->person = who.person;
      out->other = NULL;
      out->how = "X, ..., said: \"...\"";
      return true;
    }
  }
  for (size_t k = v; k-- > t0;) {
    int m2 = an_mention_at(a, (size_t)si, k);
    if (m2 >= 0 && !object_pronoun(a, m2)) {
      out->person = mention_person(a, m2);
      out->how = "X said: \"...\"";
      if (a->ments[m2].kind == MK_PRONOUN) out->person = pronoun_speaker(a, m2, recent);
      return out->person >= 0;
    }
  }
  /* "Chinese state media said ..." */
  size_t b = v;
  while (b > t0 && an_tok_gap_punct(s, b - 1) == 0) b--;
  if (b < v) {
    out->person = -1;
    out->other = np_label(a, s, b, v);
    out->how = "source said";
    /* "An official looked at her and said:": a role noun opening the
    ** clause is the subject of both its verbs */
    for (size_t e = b + 2; !out->other && e < v && e <= b + 3; e++)
      if (an_is_role_word(s->text + s->toks[e - 1].s, s->toks[e - 1].e - s->toks[e - 1].s) &&
          !(s->toks[e].flags & TK_CAP) && an_tok_in(s, b, k_articles))
        out->other = np_label(a, s, b, e);
    return out->other != NULL;
  }
  return false;
}

/* ---- speakers in other languages (data/lang.tsv) ---- */

/* A capitalised run of one to three words ending at token e - 1 (no
** punctuation inside; not the sentence's first word alone, not a stop
** word): its first token, or e when there is none. */
static size_t cap_run_start(const an_sent *s, size_t lo, size_t e) {
  size_t b = e;
  while (b > lo && e - b < 3 && (s->toks[b - 1].flags & TK_CAP) &&
         !(s->toks[b - 1].flags & TK_STOP) && (b == e || an_tok_gap_punct(s, b - 1) == 0))
    b--;
  if (b + 1 == e && (s->toks[b].flags & TK_SENTSTART)) return e;
  return b;
}

/* The speaker named by a run of tokens [b, e): the person a mention there
** resolves to, or else the words themselves as a label. */
static bool run_speaker(px_analysis *a, int si, size_t b, size_t e, spk *out) {
  const an_sent *s = &a->sents[si];
  for (size_t k = e; k-- > b;) {
    int m = an_mention_at(a, (size_t)si, k);
    if (m >= 0 && mention_person(a, m) >= 0) {
      out->person = mention_person(a, m);
      out->other = NULL;
      return true;
    }
  }
  out->person = -1;
  out->other = an_strndup(a, s->text + s->toks[b].s, s->toks[e - 1].e - s->toks[b].s);
  return out->other != NULL;
}

/* The first name of two or more words after token v, up to token t1 and
** the clause's end, else the first one-word name: see lang_speaker. */
static bool name_after(px_analysis *a, int si, size_t v, size_t t1, spk *out) {
  const an_sent *s = &a->sents[si];
  size_t lim = v + 16 < t1 ? v + 16 : t1;
  size_t one = 0, one_e = 0;
  for (size_t k = v + 1; k < lim; k++) {
    if (!(s->toks[k].flags & TK_CAP) || (s->toks[k].flags & TK_STOP)) {
      if (an_tok_gap_punct(s, k) == '.' || an_tok_gap_punct(s, k) == '"') break;
      continue;
    }
    size_t e = k + 1;
    while (e < lim && e < k + 3 && (s->toks[e].flags & TK_CAP) &&
           !(s->toks[e].flags & TK_STOP) && an_tok_gap_punct(s, e - 1) == 0)
      e++;
    if (e - k >= 2) {
      /* "la concejala de Medio Ambiente, Elena Ruiz": a name in
      ** apposition after an organisation's is the speaker */
      if (e < lim && an_tok_gap_punct(s, e - 1) == ',' && (s->toks[e].flags & TK_CAP) &&
          !(s->toks[e].flags & TK_STOP)) {
        size_t e2 = e + 1;
        while (e2 < lim && e2 < e + 3 && (s->toks[e2].flags & TK_CAP) &&
               !(s->toks[e2].flags & TK_STOP) && an_tok_gap_punct(s, e2 - 1) == 0)
          e2++;
        if (e2 - e >= 2) {
          k = e;
          e = e2;
        }
      }
      out->how = "lang: said X";
      return run_speaker(a, si, k, e, out);
    }
    if (!one_e) {
      one = k;
      one_e = e;
    }
    if (an_tok_gap_punct(s, k) == '.' || an_tok_gap_punct(s, k) == '"') break;
    k = e - 1;
  }
  if (!one_e) return false;
  out->how = "lang: said X";
  return run_speaker(a, si, one, one_e, out);
}

/* Articles in another language: the speaker named next to one of its
** speech verbs. after: tokens [t0, t1) follow the closing mark and the
** verb comes first („...“, sagte X; «...», a déclaré le ministre, X;
** «...», dijo a EFE el portavoz, X): the first name of two or more words
** after it in the clause, else the first one-word name. Otherwise [t0,
** t1) precede the opening mark and end with the verb (X sagte: „...“;
** le ministre X a affirmé : «...»): the nearest name before it. A person
** the registry knows is that person; another name is kept as a label. */
static bool lang_speaker(px_analysis *a, int si, size_t t0, size_t t1, bool after, spk *out) {
  const an_sent *s = &a->sents[si];
  if (!s->lang_speech || t1 <= t0) return false;
  if (after) {
    /* the verb right after the quotation, or further on after a comma
    ** that ends the clause the quotation is part of ("Es gebe „...“ für
    ** ihre Mandanten, sagte X") */
    size_t v = t0;
    while (v < t1 && v < t0 + 20 &&
           !((v < t0 + 4 || (v > t0 && an_tok_gap_punct(s, v - 1) == ',')) &&
             (an_is_speech_verb(s, v) ||
              (s->lang_according && an_tok_in(s, v, s->lang_according)))))
      v++;
    if (v >= t1 || v >= t0 + 20) return false;
    return name_after(a, si, v, t1, out);
  }
  size_t v = t1;
  for (size_t k = t1; k-- > t0 && k + 3 >= t1;)
    if (an_is_speech_verb(s, k)) {
      v = k;
      break;
    }
  if (v == t1) {
    /* "Secondo X, il ticket «...»", "Según X, «...»" */
    for (size_t k = t0; k < t1 && s->lang_according; k++)
      if (an_tok_in(s, k, s->lang_according)) return name_after(a, si, k, t1, out);
    return false;
  }
  size_t lo = v > t0 + 14 ? v - 14 : t0;
  for (size_t e = v; e > lo; e--) {
    size_t b = cap_run_start(s, lo, e);
    if (b < e && !(b + 1 == e && e - 1 < s->ntok && an_is_speech_verb(s, e - 1))) {
      out->how = "lang: X said: \"...\"";
      return run_speaker(a, si, b, e, out);
    }
  }
  return false;
}

/* Token range of sentence si inside block bytes [x0, x1). */
static void tok_range(const an_sent *s, size_t x0, size_t x1, size_t *t0, size_t *t1) {
  size_t a0 = x0 > s->off ? x0 - s->off : 0;
  size_t a1 = x1 > s->off ? x1 - s->off : 0;
  size_t i = 0;
  while (i < s->ntok && s->toks[i].s < a0) i++;
  size_t j = i;
  while (j < s->ntok && s->toks[j].e <= a1) j++;
  *t0 = i;
  *t1 = j;
}

/* The token hashes and signature a quote is aligned by across outlets. */
static px_rc quote_tokens(px_analysis *a, an_quote *q) {
  an_tok *toks;
  size_t nt;
  px_rc rc = an_tokenize(a, q->text, q->blen, &toks, &nt);
  if (rc != PX_OK) return rc;
  q->th = px_arena_alloc(a->arena, (nt ? nt : 1) * sizeof *q->th);
  if (!q->th) return PX_ENOMEM;
  for (size_t i = 0; i < nt; i++) {
    q->th[i] = toks[i].h;
    if (!(toks[i].flags & TK_STOP)) q->sig |= 1ull << (toks[i].h & 63);
  }
  q->nth = nt;
  return PX_OK;
}

/* Length of a no-break space (U+00A0, U+202F) at the start (front) or
** the end of t[x0, x1), or 0. */
static size_t nbsp_len(const char *t, size_t x0, size_t x1, bool front) {
  if (front) {
    if (x1 - x0 >= 2 && memcmp(t + x0, "\xC2\xA0", 2) == 0) return 2;
    if (x1 - x0 >= 3 && memcmp(t + x0, "\xE2\x80\xAF", 3) == 0) return 3;
    return 0;
  }
  if (x1 - x0 >= 2 && memcmp(t + x1 - 2, "\xC2\xA0", 2) == 0) return 2;
  if (x1 - x0 >= 3 && memcmp(t + x1 - 3, "\xE2\x80\xAF", 3) == 0) return 3;
  return 0;
}

static px_rc add_segment(px_analysis *a, int d, int si, int b, const char *btext,
                         size_t x0, size_t x1, int quotation) {
  /* trim spaces and trailing , . quote marks */
  while (x0 < x1 && px_isspace((unsigned char)btext[x0])) x0++;
  while (x1 > x0 && (px_isspace((unsigned char)btext[x1 - 1]) || btext[x1 - 1] == ',' ||
                     btext[x1 - 1] == '"'))
    x1--;
  /* French and Swiss «\u00A0...\u00A0» and «\u202F...\u202F»: the
  ** no-break spaces inside the marks are not the quotation's */
  for (size_t w; (w = nbsp_len(btext, x0, x1, true)) != 0;) x0 += w;
  for (size_t w; (w = nbsp_len(btext, x0, x1, false)) != 0;) x1 -= w;
  while (x0 < x1 && px_isspace((unsigned char)btext[x0])) x0++;
  while (x1 > x0 && px_isspace((unsigned char)btext[x1 - 1])) x1--;
  if (count_words(btext + x0, x1 - x0) < 1) return PX_OK;
  a->quotes = an_grow(a, a->quotes, &a->cap_quotes, a->nquotes + 1, sizeof *a->quotes);
  if (!a->quotes) return PX_ENOMEM;
  an_quote *q = &a->quotes[a->nquotes++];
  memset(q, 0, sizeof *q);
  q->doc = d;
  q->sent = si;
  q->block = b;
  q->boff = x0;
  q->blen = x1 - x0;
  q->text = an_strndup(a, btext + x0, x1 - x0);
  q->quotation = quotation;
  q->speaker = -1;
  q->group = (int)(a->nquotes - 1);
  if (!q->text) return PX_ENOMEM;
  return quote_tokens(a, q);
}

size_t an_lcs(const uint64_t *x, size_t n, const uint64_t *y, size_t m) {
  if (n == 0 || m == 0) return 0;
  if (n > 4096) n = 4096;
  if (m > 4096) m = 4096;
  uint16_t stack_row[257];
  uint16_t *row = m < 257 ? stack_row : calloc(m + 1, sizeof *row);
  if (!row) return 0;
  if (row == stack_row) memset(row, 0, (m + 1) * sizeof *row);
  for (size_t i = 1; i <= n; i++) {
    uint16_t diag = 0;
    for (size_t j = 1; j <= m; j++) {
      uint16_t up = row[j];
      if (x[i - 1] == y[j - 1]) row[j] = (uint16_t)(diag + 1);
      else if (row[j - 1] > row[j]) row[j] = row[j - 1];
      diag = up;
    }
  }
  size_t r = row[m];
  if (row != stack_row) free(row);
  return r;
}

static int uf_find(int *p, int x) {
  while (p[x] != x) {
    p[x] = p[p[x]];
    x = p[x];
  }
  return x;
}

static bool same_quote(const an_quote *x, const an_quote *y) {
  if (x->doc == y->doc || x->indirect != y->indirect) return false;
  if (x->speaker >= 0 && y->speaker >= 0 && x->speaker != y->speaker) return false;
  if (__builtin_popcountll(x->sig & y->sig) < 2) return false;
  size_t mn = x->nth < y->nth ? x->nth : y->nth;
  if (mn < 2) return false;
  /* a cheap bound: shared signature bits limit the alignment */
  if (__builtin_popcountll(x->sig & y->sig) * 5 < __builtin_popcountll(x->sig | y->sig) &&
      __builtin_popcountll(x->sig & y->sig) < 3)
    return false;
  size_t l = an_lcs(x->th, x->nth, y->th, y->nth);
  if (l < 3 && l != mn) return false;
  return (double)l / (double)mn >= 0.6;
}

bool an_quote_same_wording(const an_quote *x, const an_quote *y) {
  if (x->nth != y->nth) return false;
  for (size_t i = 0; i < x->nth; i++)
    if (x->th[i] != y->th[i]) return false;
  return true;
}

static px_rc group_quotes(px_analysis *a) {
  size_t n = a->nquotes;
  if (!n) return PX_OK;
  int *par = px_arena_alloc(a->arena, n * sizeof *par);
  if (!par) return PX_ENOMEM;
  for (size_t i = 0; i < n; i++) par[i] = (int)i;
  /* pairwise, so bounded: past AN_MAX_QUOTE_PAIRS quotes the rest stay
  ** ungrouped */
  size_t lim = n < AN_MAX_QUOTE_PAIRS ? n : AN_MAX_QUOTE_PAIRS;
  for (size_t i = 0; i < lim; i++)
    for (size_t j = i + 1; j < lim; j++)
      if (same_quote(&a->quotes[i], &a->quotes[j])) {
        int ri = uf_find(par, (int)i), rj = uf_find(par, (int)j);
        if (ri != rj) par[rj] = ri;
      }
  /* groups in order of first member */
  int *gid = px_arena_alloc(a->arena, n * sizeof *gid);
  if (!gid) return PX_ENOMEM;
  for (size_t i = 0; i < n; i++) gid[i] = -1;
  size_t ng = 0;
  for (size_t i = 0; i < n; i++) {
    int r = uf_find(par, (int)i);
    if (gid[r] < 0) gid[r] = (int)ng++;
    a->quotes[i].group = gid[r];
  }
  a->qgroups = px_arena_calloc(a->arena, ng, sizeof *a->qgroups);
  if (!a->qgroups) return PX_ENOMEM;
  a->nqgroups = ng;
  size_t *cnt = px_arena_calloc(a->arena, ng, sizeof *cnt);
  if (!cnt) return PX_ENOMEM;
  for (size_t i = 0; i < n; i++) cnt[a->quotes[i].group]++;
  for (size_t g = 0; g < ng; g++) {
    a->qgroups[g].members = px_arena_alloc(a->arena, cnt[g] * sizeof(int));
    if (!a->qgroups[g].members) return PX_ENOMEM;
    a->qgroups[g].speaker = -1;
  }
  for (size_t i = 0; i < n; i++) {
    an_qgroup *g = &a->qgroups[a->quotes[i].group];
    g->members[g->n++] = (int)i;
    g->outlets |= 1ull << a->quotes[i].doc;
  }
  for (size_t gi = 0; gi < ng; gi++) {
    an_qgroup *g = &a->qgroups[gi];
    /* the group's speaker: most members' named speaker */
    int best = -1, bestc = 0;
    for (size_t k = 0; k < g->n; k++) {
      int sp = a->quotes[g->members[k]].speaker;
      if (sp < 0) continue;
      int c = 0;
      for (size_t l = 0; l < g->n; l++) c += a->quotes[g->members[l]].speaker == sp;
      if (c > bestc) {
        best = sp;
        bestc = c;
      }
    }
    g->speaker = best;
    if (best < 0) {
      for (size_t k = 0; k < g->n && !g->speaker_other; k++)
        g->speaker_other = a->quotes[g->members[k]].speaker_other;
    }
    for (size_t k = 0; k < g->n; k++) {
      an_quote *q = &a->quotes[g->members[k]];
      if (q->speaker < 0 && best >= 0) {
        q->speaker = best;
        q->how = "same quote in another outlet";
      }
    }
    int nv = 0;
    for (size_t k = 0; k < g->n; k++) {
      bool seen = false;
      for (size_t l = 0; l < k && !seen; l++)
        seen = an_quote_same_wording(&a->quotes[g->members[k]], &a->quotes[g->members[l]]);
      if (!seen) nv++;
    }
    g->nvariants = nv;
  }
  return PX_OK;
}

static bool has_quote_mark(const char *t, size_t n) {
  for (size_t i = 0; i < n; i++) {
    int kind;
    size_t ml;
    if (mark_at(t, n, i, &kind, &ml) && kind != QM_SSTRAIGHT && kind != QM_SCURLY) return true;
  }
  return false;
}

static const char *const k_days[] = {"monday", "tuesday", "wednesday", "thursday",
                                     "friday", "saturday", "sunday", "today",
                                     "yesterday", "tonight", NULL};

/* Verbs that report what was said and take the content as a clause, with
** or without "that" ("X said the talks failed"). */
static const char *const k_say_verbs[] = {
  "said", "says", "added", "adds", "stated", "states", "insisted", "insists",
  "argued", "argues", "noted", "notes", "explained", "explains", "warned",
  "warns", "claimed", "claims", "stressed", "stresses", "acknowledged",
  "acknowledges", "admitted", "admits", "maintained", "maintains",
  "reiterated", "emphasized", "emphasised", "asserted", "asserts",
  "contended", "conceded", "alleged", "alleges", "wrote", "writes",
  "declared", "declares", "cautioned", "complained",
  "predicted", "estimated", "recalled", "repeated", "observed", "testified", "told", "tells",
  "telling", "recommends", "recommended", "urged", "urges", "encourages",
  "encouraged", "say", NULL};
/* Participles that report the sentence subject's words after a comma:
** "X defended the plan, saying ...", "..., noting that ...". */
static const char *const k_say_participles[] = {
  "saying", "adding", "noting", "telling", "claiming", "arguing", "warning",
  "insisting", "stressing", "emphasizing", "emphasising", "explaining",
  "acknowledging", "admitting", NULL};
/* Verbs that also take a plain object ("announced a plan", "confirmed the
** deaths"): reported speech only with "that" or as a trailing cue. */
static const char *const k_that_verbs[] = {
  "announced", "announces", "confirmed", "confirms", "denied", "denies",
  "reported", "reports", "revealed", "reveals", "disclosed", "indicated",
  "promised", "vowed", "pledged", "responded", "replied", "agreed",
  "found", "concluded", "showed", "shows", "predicts", "countered",
  "suggested", "suggests", "point", "points", "pointed", "documented",
  "finds", "show", "find", NULL};
/* Objects of "told": whom the speaker told. */
static const char *const k_told_objs[] = {
  "reporters", "journalists", "him", "her", "them", "us", "me", "police",
  "investigators", "officers", "lawmakers", "parliament", "congress",
  "the", "a", "an", "his", "their", "supporters", "fans", "members",
  "students", "colleagues", "staff", "employees", "viewers", "listeners",
  "delegates", "residents", "jurors", "the court", NULL};
/* Subjects that are not speakers. */
static const char *const k_not_speakers[] = {
  "it", "this", "that", "which", "who", "what", "there", "these", "those",
  "i", "you", "we", "such", "as", "so", "if", "when", NULL};
static const char *const k_clause_starts[] = {
  "and", "but", "while", "as", "when", "because", "since", "although",
  "though", "after", "before", "where", "whereas", "yet", "so", "that",
  "if", "whether", "know", "knows", NULL};
static const char *const k_be[] = {
  "is", "was", "were", "are", "be", "been", "being", NULL};
/* A content clause does not start with these ("what Israel says is its
** goal", "said to be"). */
static const char *const k_not_content[] = {
  "is", "was", "were", "are", "be", "been", "to", "by", "of", "for", "with", "as",
  "on", "at", "during", "amid", "in", "from",
  "goodbye", "hello", "yes", "no", "so", "nothing", "something", NULL};
/* Ways a speaker's statement is introduced after the verb: "said on
** Monday", "said in a statement", "said at a news conference". */
static const char *const k_after_verb_preps[] = {
  "on", "in", "at", "during", "after", "late", "early", "earlier", "last",
  "this", "yesterday", "today", "tonight", "overnight", "publicly",
  "privately", "separately", "again", "also", "recently", "afterward",
  "afterwards", "later", "previously", NULL};

/* A verb written with a capital inside a sentence is a name's word
** ("the United States", "the Court of Claims"). */
static bool lower_or_first(const an_sent *s, size_t i) {
  return i < s->ntok && (!(s->toks[i].flags & TK_CAP) || (s->toks[i].flags & TK_SENTSTART));
}
static bool is_say_verb(const an_sent *s, size_t i) {
  return an_tok_in(s, i, k_say_verbs) && lower_or_first(s, i);
}
static bool is_that_verb(const an_sent *s, size_t i) {
  return an_tok_in(s, i, k_that_verbs) && lower_or_first(s, i);
}

/* Who a subject phrase [t0, t1) names: a person (last person mention in
** it: "Foreign Minister Qin Gang", "he"), else an organisation or unnamed
** source label ("police", "a spokesman for the ministry"), else nothing.
** A label needs a word that can speak: not a pronoun like "it", not a
** place alone, not a stop word. */
static bool subject_speaker(px_analysis *a, int si, size_t t0, size_t t1, spk *out) {
  const an_sent *s = &a->sents[si];
  if (t0 >= t1 || t1 > s->ntok) return false;
  int person = -1, pron = -1;
  for (size_t k = t0; k < t1; k++) {
    if (an_tok_in(s, k, k_not_speakers) && !(k == t0 && t1 - t0 == 1)) return false;
    int mi = an_mention_at(a, (size_t)si, k);
    if (mi < 0) continue;
    const an_mention *m = &a->ments[mi];
    if (m->kind == MK_PRONOUN) {
      /* "his spokesman said": the pronoun is not the speaker */
      if (k == t0 && t1 - t0 == 1) pron = mi;
      continue;
    }
    /* the person speaks only when the phrase ends with them or with what
    ** places them ("Rob Enderle of Enderle Group"): "the Obama
    ** administration" and "Blinken's spokesman" are someone else */
    static const char *const pp[] = {"of", "from", "at", "with", "for", "in", NULL};
    if (m->person >= 0 && (m->te >= t1 || (an_tok_in(s, m->te, pp) && person < 0)))
      person = m->person;
    else if (m->te < t1 && !an_tok_in(s, m->te, pp) && m->person != person)
      person = -1;
    k = m->te - 1;
  }
  if (person >= 0) {
    out->person = person;
    out->other = NULL;
    return true;
  }
  if (pron >= 0 || (t1 - t0 == 1 && an_tok_is(s, t0, "they"))) {
    /* someone speaks; who, when the pronoun finds nobody, is left open */
    out->person = pron >= 0 ? a->ments[pron].person : -1;
    out->other = NULL;
    out->how = pron >= 0 ? "pronoun said" : "they said";
    return true;
  }
  if (an_tok_in(s, t0, k_not_speakers)) return false;
  if (t1 - t0 > 7) return false;
  /* a country speaking for its government: "Israel said" */
  size_t vv = t1;
  while (vv < s->ntok && vv < t1 + 3 && an_tok_in(s, vv, k_adverbs)) vv++;
  if (t1 - t0 == 1 && (s->toks[t0].flags & TK_CAP) &&
      (an_is_speech_verb(s, vv) || is_that_verb(s, vv)) &&
      an_is_place_word(s->text + s->toks[t0].s, s->toks[t0].e - s->toks[t0].s)) {
    out->person = -1;
    out->other = an_strndup(a, s->text + s->toks[t0].s, s->toks[t0].e - s->toks[t0].s);
    return out->other != NULL;
  }
  bool content = false;
  for (size_t k = t0; k < t1; k++) {
    if (s->toks[k].flags & (TK_STOP | TK_NUM)) continue;
    const char *w = s->text + s->toks[k].s;
    size_t n = s->toks[k].e - s->toks[k].s;
    if (an_word_in(w, n, k_days)) return false;
    if (!(t1 - t0 == 1 && an_is_place_word(w, n))) content = true;
  }
  if (!content) return false;
  /* "the city's chief prosecutor", "Lohan's attorney", "another analyst":
  ** a definite description of someone the story names elsewhere with that
  ** role */
  if (t1 - t0 >= 2 && an_is_role_word(s->text + s->toks[t1 - 1].s,
                                      s->toks[t1 - 1].e - s->toks[t1 - 1].s) &&
      (an_tok_is(s, t0, "the") || an_tok_is(s, t0, "another") ||
       memchr(s->text + s->toks[t0].s, '\'', s->toks[t1 - 1].s - s->toks[t0].s) ||
       memmem(s->text + s->toks[t0].s, s->toks[t1 - 1].s - s->toks[t0].s, "\xE2\x80\x99", 3))) {
    int p = an_person_by_role(a, s, t1 - 1);
    if (p >= 0) {
      out->person = p;
      out->other = NULL;
      return true;
    }
  }
  out->person = -1;
  out->other = np_label(a, s, t0, t1);
  if (!out->other && t1 - t0 <= 4 && (s->toks[t1 - 1].flags & TK_CAP) &&
      s->toks[t1 - 1].e + 2 <= s->len &&
      (memcmp(s->text + s->toks[t1 - 1].e, "'s", 2) == 0 ||
       memcmp(s->text + s->toks[t1 - 1].e, " '", 2) == 0))
    return true; /* "Orozco's ... said": someone speaks, but not Orozco */
  return out->other != NULL;
}

/* The start of the subject that ends right before token e: back to the
** clause start, over an appositive between commas ("X, the minister,"). */
/* "Lund's deputy, Tomas Berg, said": a name alone between commas right
** before the verb is the speaker the phrase before it describes; *b gets
** its first token. */
static bool appositive_name(const px_analysis *a, int si, size_t e, size_t *b) {
  const an_sent *s = &a->sents[si];
  if (e < 2 || an_tok_gap_punct(s, e - 1) != ',') return false;
  int mi = an_mention_at(a, (size_t)si, e - 1);
  if (mi < 0) return false;
  const an_mention *m = &a->ments[mi];
  if (m->kind != MK_NAME || m->person < 0 || m->te != e || m->ts == 0 ||
      an_tok_gap_punct(s, m->ts - 1) != ',')
    return false;
  *b = m->ts;
  return true;
}

static size_t subject_start(const an_sent *s, size_t e, size_t *subj_end) {
  size_t end = e;
  /* ", a spokesman for the ministry, said": step over the appositive */
  if (end > 1 && an_tok_gap_punct(s, end - 1) == ',') {
    size_t k = end - 1;
    /* ", who will stay on when ... next year, said": a relative clause
    ** may run longer than a title */
    while (k > 0 && end - k < 22 && an_tok_gap_punct(s, k - 1) != ',') k--;
    if (end - k >= 12 && !an_tok_is(s, k, "who")) return e;
    if (k > 0 && an_tok_gap_punct(s, k - 1) == ',' &&
        (an_tok_is(s, k, "a") || an_tok_is(s, k, "an") || an_tok_is(s, k, "the") ||
         an_tok_is(s, k, "who") || an_is_role_word(s->text + s->toks[k].s,
                                                    s->toks[k].e - s->toks[k].s) ||
         (s->toks[k].flags & TK_NUM)))
      end = k;
    else if (k > 0 && an_tok_gap_punct(s, k - 1) == ',' && k - 1 < 5 &&
             (s->toks[k - 1].flags & TK_CAP))
      end = k; /* "Shifa Hospital, Gaza's main medical center, said" */
    else
      return e; /* "..., police said" is the trailing form, not this one */
  }
  size_t b = end;
  if (end != e && b > 0) b--; /* the name before the appositive's comma */
  while (b > 0 && end - b < 10 && an_tok_gap_punct(s, b - 1) == 0 &&
         !an_tok_in(s, b - 1, k_clause_starts) && !an_tok_in(s, b - 1, k_say_verbs) &&
         !an_tok_in(s, b - 1, k_that_verbs))
    b--;
  /* "Then he said", "But police said": openers are not the subject */
  static const char *const lead[] = {"then", "but", "and", "so", "now", "meanwhile",
                                     "however", "later", "earlier", "also", "yet",
                                     "still", "instead", NULL};
  while (b < end && an_tok_in(s, b, lead)) b++;
  *subj_end = end;
  return b;
}

/* Adds one piece of reported speech: sentence si, content bytes [x0, x1). */
static px_rc add_reported(px_analysis *a, int si, size_t x0, size_t x1, const spk *who) {
  const an_sent *s = &a->sents[si];
  while (x0 < x1 && px_isspace((unsigned char)s->text[x0])) x0++;
  while (x1 > x0 && (s->text[x1 - 1] == '.' || s->text[x1 - 1] == ',' ||
                     px_isspace((unsigned char)s->text[x1 - 1])))
    x1--;
  if (count_words(s->text + x0, x1 - x0) < 3) return PX_OK;
  a->quotes = an_grow(a, a->quotes, &a->cap_quotes, a->nquotes + 1, sizeof *a->quotes);
  if (!a->quotes) return PX_ENOMEM;
  an_quote *q = &a->quotes[a->nquotes++];
  memset(q, 0, sizeof *q);
  q->doc = s->doc;
  q->sent = si;
  q->block = s->block;
  q->boff = s->off + x0;
  q->blen = x1 - x0;
  q->text = an_strndup(a, s->text + x0, x1 - x0);
  if (!q->text) return PX_ENOMEM;
  q->quotation = -1;
  q->speaker = who->person;
  q->speaker_other = who->person >= 0 ? NULL : who->other;
  q->how = who->how ? who->how : "reported speech";
  q->indirect = true;
  q->group = (int)(a->nquotes - 1);
  return quote_tokens(a, q);
}

/* Token after a say verb at v where the content starts: past "that", an
** object of "told", and a time or setting ("on Monday", "in a
** statement,"); s->ntok when the verb has no content after it. */
static size_t content_start_that(const an_sent *s, size_t v, bool need_that, bool *that);

static size_t content_start(const an_sent *s, size_t v, bool need_that) {
  bool that;
  return content_start_that(s, v, need_that, &that);
}

static size_t content_start_that(const an_sent *s, size_t v, bool need_that, bool *that) {
  *that = false;
  size_t c = v + 1;
  if (an_tok_is(s, c, "out")) c++; /* "points out that" */
  size_t lim = c + 9 < s->ntok ? c + 9 : s->ntok;
  /* "that" close after the verb, before any comma, settles it */
  for (size_t k = c; k < lim; k++) {
    if (an_tok_is(s, k, "that") && !an_tok_in(s, k + 1, k_be)) {
      *that = true;
      return k + 1;
    }
    /* "said it was amazing that ...", "says the agency investigates
    ** fraud that ...": a verb before "that" means the content has begun */
    if (an_tok_in(s, k, k_be)) break;
    {
      const char *w = s->text + s->toks[k].s;
      size_t wl = s->toks[k].e - s->toks[k].s;
      if (k > c && wl >= 4 && !(s->toks[k].flags & TK_CAP) && w[wl - 1] == 's' &&
          !an_tok_in(s, k, k_told_objs) && !an_tok_in(s, k, k_after_verb_preps))
        break;
    }
    if (an_tok_gap_punct(s, k) != 0 && an_tok_gap_punct(s, k) != '\'') break;
  }
  if (need_that) {
    /* "TMZ reported Lohan was ...", "Prosecutors pointed out all those
    ** arguments had been made": without "that", a clause still shows by
    ** an auxiliary within its first words */
    static const char *const aux[] = {"was", "were", "is", "are", "had", "has", "have",
                                      "would", "will", "could", "did", "does", "can",
                                      "may", "might", "should", "must", NULL};
    if (c < s->ntok && (s->toks[c].flags & TK_NUM)) return s->ntok;
    for (size_t k = c + 1; k < lim && k <= c + 4; k++) {
      if (an_tok_in(s, k, aux)) return c;
      if (an_tok_gap_punct(s, k - 1) != 0) break;
    }
    return s->ntok;
  }
  if (an_tok_is(s, v, "told") || an_tok_is(s, v, "tells") || an_tok_is(s, v, "telling")) {
    /* "told reporters", "told the BBC", "told Reuters": skip the object */
    if (c < s->ntok && !(an_tok_in(s, c, k_told_objs) || (s->toks[c].flags & TK_CAP)))
      return s->ntok;
    size_t k = c;
    while (k < s->ntok && k - c < 5 &&
           (an_tok_in(s, k, k_told_objs) || (s->toks[k].flags & TK_CAP) ||
            !(s->toks[k].flags & TK_STOP))) {
      k++;
      if (an_tok_gap_punct(s, k - 1) != 0) break;
    }
    c = k;
    /* "told jurors in Albany County Court he ...": past a place or time
    ** to the clause's subject */
    static const char *const preps[] = {"in", "on", "at", "during", "after", "before",
                                        "outside", "inside", "at", NULL};
    static const char *const subj[] = {"he", "she", "they", "it", "we", "i", "there",
                                       "the", "a", NULL};
    if (an_tok_in(s, c, preps))
      for (size_t t = c + 1; t < s->ntok && t < c + 7; t++)
        if (an_tok_in(s, t, subj) && !(s->toks[t].flags & TK_CAP) && t > c + 1 &&
            (s->toks[t - 1].flags & TK_CAP)) {
          c = t;
          break;
        }
  }
  /* "said on Monday", "said Saturday", "said in a statement," */
  if (c < s->ntok && (an_tok_in(s, c, k_after_verb_preps) || an_tok_in(s, c, k_days))) {
    size_t k = c;
    while (k < s->ntok && k - c < 7 && an_tok_gap_punct(s, k) == 0) k++;
    if (k - c < 7 && k < s->ntok) c = k + 1;
    else if (an_tok_in(s, c, k_days)) c++;
  }
  return c;
}

/* Reported speech in a sentence without quote marks:
**   front:    "X (also) said (on Monday) (that) CLAUSE", "X told reporters
**             CLAUSE", "X, the minister, said CLAUSE";
**   trailing: "CLAUSE, X said.", "CLAUSE, said X, the minister.";
**   according: "According to X, CLAUSE." and "CLAUSE, according to X."
** Kept apart from direct quotes (indirect = true). */
static px_rc reported_in_sentence(px_analysis *a, int si) {
  const an_sent *s = &a->sents[si];
  size_t n = s->ntok;
  if (n < 4) return PX_OK;
  spk who = {-1, NULL, NULL};
  /* According to X, CLAUSE */
  if (is_according(s, 0)) {
    size_t k = 2;
    while (k < n && k < 12 && an_tok_gap_punct(s, k) != ',') k++;
    if (k + 1 < n && subject_speaker(a, si, 2, k + 1, &who)) {
      who.how = "according to";
      return add_reported(a, si, s->toks[k + 1].s, s->len, &who);
    }
    return PX_OK;
  }
  /* CLAUSE, according to X / CLAUSE, X said / CLAUSE, said X. The clause
  ** is a statement, not an opening phrase ("In her only response, she
  ** said: ...", "Asked if ..., he said"), and the attribution ends the
  ** sentence (no quotation after it). */
  static const char *const openers[] = {
    "with", "in", "as", "asked", "along", "on", "during", "after", "when",
    "upon", "while", "before", "at", "for", "speaking", "by", "like", "unlike",
    "despite", NULL};
  bool opener = an_tok_in(s, 0, openers);
  for (size_t c = 3; c + 1 < n; c++) {
    if (an_tok_gap_punct(s, c - 1) != ',') continue;
    size_t tail = n - c;
    /* "..., said Eddie Chan, lead analyst, mobile and personal computing
    ** at research firm IDC Canada in Toronto.": after "said X" a long
    ** description of X, or a clause of X's ("..., said Warren, but AMD
    ** would be wise to ...") may follow */
    if (tail > 14 && !(tail <= 26 && (is_say_verb(s, c) || is_that_verb(s, c)))) continue;
    if (opener) {
      bool inner_comma = false;
      for (size_t k = 0; k + 2 < c && !inner_comma; k++) inner_comma = an_tok_gap_punct(s, k) == ',';
      if (!inner_comma) continue;
    }
    if (is_according(s, c)) {
      size_t e = c + 2;
      while (e < n && an_tok_gap_punct(s, e) != ',' && an_tok_gap_punct(s, e) != '.') e++;
      if (subject_speaker(a, si, c + 2, e < n ? e + 1 : n, &who)) {
        who.how = "according to";
        return add_reported(a, si, 0, s->toks[c - 1].e, &who);
      }
      continue;
    }
    /* find the verb within the tail's first clause */
    size_t v = c;
    while (v < n && v - c < 8 && !is_say_verb(s, v) && !is_that_verb(s, v) &&
           an_tok_gap_punct(s, v) != ',')
      v++;
    if (v >= n || (!is_say_verb(s, v) && !is_that_verb(s, v))) continue;
    if (v > c && an_tok_in(s, v - 1, k_be)) continue;
    /* what follows the verb must be only the attribution's remains:
    ** "on Monday", "in a statement", or ", adding ..." */
    bool rest_ok = true;
    for (size_t k = v + 1; k < n && rest_ok; k++)
      if (an_tok_is(s, k, "that")) rest_ok = false;
    if (!rest_ok) continue;
    bool got = false;
    if (v > c) {
      size_t e = v;
      while (e > c && an_tok_in(s, e - 1, k_adverbs)) e--;
      size_t after = v + 1;
      while (after < n && an_tok_gap_punct(s, after - 1) != ',' && after - v <= 6) after++;
      if (after - v > 6 && after < n) continue;
      /* ", X said, adding ...": a participle may follow; anything else
      ** after the comma belongs to another construction */
      if (after < n && !an_tok_in(s, after, k_say_participles) && n - after > 2 &&
          has_quote_mark(s->text + s->toks[after].s, s->len - s->toks[after].s))
        continue;
      got = subject_speaker(a, si, c, e, &who);
      who.how = "X said (reported)";
    } else {
      /* "said X" or "said X, the minister": the name ends the sentence
      ** or its appositive does */
      size_t e = v + 1;
      while (e < n && an_tok_gap_punct(s, e - 1) != ',') e++;
      if (e - (v + 1) > 6) continue;
      /* "X, who ..., told Y, \"...\"": the quotation is what was said */
      if (has_quote_mark(s->text + s->toks[v].s, s->len - s->toks[v].s)) continue;
      got = subject_speaker(a, si, v + 1, e, &who);
      who.how = "said X (reported)";
    }
    if (got) return add_reported(a, si, 0, s->toks[c - 1].e, &who);
  }
  /* front form: first say verb with a subject before it */
  for (size_t v = 1; v + 2 < n; v++) {
    bool say = is_say_verb(s, v), that_v = !say && is_that_verb(s, v);
    if (!say && !that_v) continue;
    if (an_tok_in(s, v - 1, k_be) || an_tok_is(s, v + 1, "to") || an_tok_is(s, v + 1, "by"))
      continue;
    size_t e = v;
    while (e > 0 && an_tok_in(s, e - 1, k_adverbs) && an_tok_gap_punct(s, e - 1) == 0) e--;
    /* "one man who says ...": the speaker is the phrase before "who" */
    if (e > 1 && an_tok_is(s, e - 1, "who")) e--;
    size_t subj_end = e;
    size_t b;
    if (appositive_name(a, si, e, &b)) subj_end = e;
    else b = subject_start(s, e, &subj_end);
    if (b >= subj_end) continue;
    if (!subject_speaker(a, si, b, subj_end, &who)) continue;
    bool by_that;
    size_t c = content_start_that(s, v, that_v, &by_that);
    /* after an explicit "that" the clause may open with anything ("that
    ** at the time, she worked ...") */
    if (c + 2 >= n || (!by_that && an_tok_in(s, c, k_not_content))) continue;
    who.how = who.how && strcmp(who.how, "they said") == 0 ? "they said (reported)"
              : who.person >= 0 && who.how && strcmp(who.how, "pronoun said") == 0
                  ? "pronoun said (reported)" : "X said (reported)";
    return add_reported(a, si, s->toks[c].s, s->len, &who);
  }
  return PX_OK;
}

/* ", saying ...": the speaker is the sentence's subject, its first
** words up to the verb. */
static px_rc participle_speech(px_analysis *a, int si) {
  const an_sent *s = &a->sents[si];
  for (size_t v = 3; v + 4 < s->ntok; v++) {
    if (!an_tok_in(s, v, k_say_participles) || an_tok_gap_punct(s, v - 1) != ',') continue;
    /* the subject: a person named first ("Varga defended ..."), else the
    ** words before the first verb-like gap, short */
    size_t e = 0;
    int m0 = an_mention_at(a, (size_t)si, 0);
    if (m0 >= 0) e = a->ments[m0].te;
    else
      while (e < v && e < 5 && !an_tok_in(s, e, k_say_verbs) && !an_tok_in(s, e, k_be) &&
             an_tok_gap_punct(s, e) == 0)
        e++;
    spk who = {-1, NULL, NULL};
    if (e == 0 || e >= v || !subject_speaker(a, si, 0, e, &who)) return PX_OK;
    size_t c = content_start(s, v, false);
    if (c + 3 >= s->ntok || an_tok_in(s, c, k_not_content)) return PX_OK;
    who.how = "X ..., saying (reported)";
    return add_reported(a, si, s->toks[c].s, s->len, &who);
  }
  return PX_OK;
}

static bool is_quote_mark_at(const char *t, size_t n, size_t i) {
  int kind;
  size_t ml;
  return mark_at(t, n, i, &kind, &ml) != 0 && kind != QM_SSTRAIGHT;
}

static px_rc indirect_speech(px_analysis *a) {
  for (size_t si = 0; si < a->nsents; si++) {
    const an_sent *s = &a->sents[si];
    if (s->heading || s->mostly_quote) continue;
    if (s->len && s->text[s->len - 1] == '?') continue;
    size_t before = a->nquotes;
    px_rc rc = reported_in_sentence(a, (int)si);
    if (rc == PX_OK && a->nquotes == before) rc = participle_speech(a, (int)si);
    if (rc != PX_OK) return rc;
    /* a clause that opens with a quote mark is a direct quote, found as
    ** such; partial quotes inside reported speech stay */
    if (a->nquotes > before && has_quote_mark(s->text, s->len)) {
      const an_quote *q = &a->quotes[a->nquotes - 1];
      size_t x = q->boff - s->off;
      if (x < s->len && is_quote_mark_at(s->text, s->len, x)) a->nquotes = before;
      else if (x > 0 && is_quote_mark_at(s->text, s->len, x - 1)) a->nquotes = before;
      /* "X, ..., said: \"...,\" he said.": a clause that holds a colon
      ** and a quotation is an attributed quotation, not reported speech */
      for (size_t i = x; a->nquotes > before && i + 1 < x + q->blen && i + 1 < s->len; i++) {
        size_t j = i + 1;
        while (j < s->len && s->text[j] == ' ') j++;
        if (s->text[i] == ':' && j < s->len && is_quote_mark_at(s->text, s->len, j))
          a->nquotes = before;
      }
    }
  }
  return PX_OK;
}

#define MAX_SPANS 64

/* The speaker of the last piece of reported speech in block b of doc d
** (reported items are [first, first + n) of a->quotes), if named. */
static bool reported_speaker_of(const px_analysis *a, size_t first, size_t n, int d, int b,
                                spk *out) {
  for (size_t i = first + n; i-- > first;) {
    const an_quote *q = &a->quotes[i];
    if (q->doc != d || q->block != b) continue;
    if (q->speaker < 0 && !q->speaker_other) return false;
    out->person = q->speaker;
    out->other = q->speaker_other;
    out->how = "paragraph before";
    return true;
  }
  return false;
}

/* Do sentences [bs, be) narrate speech: a name or "he"/"she" right
** before a speech verb ("Hartog said", "she added")? */
static bool narrates_speech(const px_analysis *a, size_t bs, size_t be) {
  for (size_t si = bs; si < be; si++) {
    const an_sent *s = &a->sents[si];
    for (size_t k = 0; k < s->nmention; k++) {
      const an_mention *m = &a->ments[s->first_mention + k];
      if (m->person < 0 || m->te >= s->ntok || an_tok_gap_punct(s, m->te - 1) != 0) continue;
      if (m->kind == MK_PRONOUN && !an_tok_is(s, m->ts, "he") && !an_tok_is(s, m->ts, "she"))
        continue;
      if (an_is_speech_verb(s, m->te)) return true;
    }
  }
  return false;
}

/* A label that names ("The Lake Transport Authority", "UNRWA"), not one
** that describes ("the company", "The agency"): a capitalised word after
** its first. */
static bool proper_label(const char *l) {
  const char *sp = strchr(l, ' ');
  if (!sp) return px_isupper((unsigned char)l[0]) && strlen(l) > 1;
  for (const char *p = sp; *p; p++)
    if (p[-1] == ' ' && px_isupper((unsigned char)*p)) return true;
  return false;
}

px_rc an_quotes_find(px_analysis *a, const px_doc *const *docs) {
  px_rc rc;
  int quotation = 0;
  /* Reported speech first: its speakers carry over to a quotation that
  ** opens the next paragraph without naming anyone. */
  size_t first_reported = a->nquotes;
  if ((rc = indirect_speech(a)) != PX_OK) return rc;
  size_t nreported = a->nquotes - first_reported;
  for (size_t d = 0; d < a->ndocs; d++) {
    const px_doc *doc = docs[d];
    /* the language's quotation-mark pairs; English keeps find_spans */
    const char *const *pairs = px_langres_words(doc->lang, PX_LR_QUOTE);
    bool open_prev = false;        /* previous paragraph ended inside a quote */
    spk prev_para = {-1, NULL, NULL}; /* last speaker in the previous paragraph */
    int prev_quotation = -1;
    spk prev_quot_who = {-1, NULL, NULL}; /* who spoke prev_quotation */
    bool prev_para_quoted = false;        /* the previous paragraph held one */
    int recent = -1, recent_block = -1; /* last named speaker and where */
    size_t bcur = a->docs[d].first_sent;
    size_t chain_start = a->nquotes;
    for (size_t b = 0; b < doc->nblocks; b++) {
      const px_block *blk = &doc->blocks[b];
      if (blk->kind == PX_BLOCK_CAPTION) continue;
      if (blk->kind == PX_BLOCK_HEADING) {
        open_prev = false;
        continue;
      }
      /* this block's sentences: contiguous, in block order */
      const an_doc *ad = &a->docs[d];
      size_t dend = ad->first_sent + ad->nsent;
      while (bcur < dend && a->sents[bcur].block < (int)b) bcur++;
      size_t bs = bcur, be = bcur;
      while (be < dend && a->sents[be].block == (int)b) be++;
      qspan sp[MAX_SPANS];
      bool run_on = false;
      if (open_prev) {
        size_t z = 0;
        while (z < blk->len && px_isspace((unsigned char)blk->text[z])) z++;
        int kind0;
        size_t ml0;
        run_on = z < blk->len && !mark_at(blk->text, blk->len, z, &kind0, &ml0) &&
                 !pair_opens_at(blk->text, blk->len, z, pairs);
      }
      size_t ns = pairs ? find_spans_pairs(blk->text, blk->len, pairs, sp, MAX_SPANS, run_on)
                        : find_spans(blk->text, blk->len, sp, MAX_SPANS, run_on);
      /* a paragraph the open quotation would swallow whole, that narrates
      ** someone speaking ("However, Hartog said there will be ..."), is
      ** not its continuation: the quotation before was left unclosed */
      if (run_on && ns > 0 && !sp[0].closed && narrates_speech(a, bs, be)) {
        run_on = false;
        ns = pairs ? find_spans_pairs(blk->text, blk->len, pairs, sp, MAX_SPANS, false)
                   : find_spans(blk->text, blk->len, sp, MAX_SPANS, false);
      }
      spk last = {-1, NULL, NULL};
      bool para_had_quote = false;
      size_t para_first = a->nquotes;
      int span_qid = -1;           /* the paragraph's previous quotation */
      spk span_who = {-1, NULL, NULL};
      size_t span_close = 0;
      for (size_t k = 0; k < ns; k++) {
        const qspan *q = &sp[k];
        bool cont = k == 0 && open_prev && q->open <= 3;
        int qid = cont ? prev_quotation : quotation++;
        if (!cont) chain_start = a->nquotes;
        size_t first_seg = a->nquotes;
        /* segments: one per sentence the span overlaps */
        for (size_t si = bs; si < be; si++) {
          const an_sent *s = &a->sents[si];
          if (s->block != (int)b) continue;
          size_t x0 = q->qs > s->off ? q->qs : s->off;
          size_t x1 = q->qe < s->off + s->len ? q->qe : s->off + s->len;
          if (x0 >= x1) continue;
          if ((rc = add_segment(a, (int)d, (int)si, (int)b, blk->text, x0, x1, qid)) != PX_OK)
            return rc;
        }
        if (a->nquotes == first_seg) continue;
        para_had_quote = true;
        /* attribution */
        bool recent_ok = recent_block >= 0 && (int)b - recent_block <= 2;
        spk who = {-1, NULL, NULL};
        bool got = false;
        int sc = sent_at(a, bs, be, (int)b, q->qe > 0 ? q->qe - 1 : 0);
        if (sc >= 0 && q->closed) {
          const an_sent *s = &a->sents[sc];
          size_t next_open = k + 1 < ns ? sp[k + 1].open : blk->len;
          size_t t0, t1;
          tok_range(s, q->close_end, next_open, &t0, &t1);
          got = lang_speaker(a, sc, t0, t1, true, &who) ||
                from_after(a, sc, t0, t1, &who, recent_ok ? recent : -1);
          /* '"So which is it?" Lynch asked': the sentence ended inside the
          ** marks, so the attribution is the next sentence's opening */
          size_t z = q->qe;
          while (z > q->qs && px_isspace((unsigned char)blk->text[z - 1])) z--;
          bool ended = z > q->qs && (blk->text[z - 1] == '.' || blk->text[z - 1] == '?' ||
                                     blk->text[z - 1] == '!');
          if (!got && ended && t0 >= s->ntok && sc + 1 < (int)be &&
              a->sents[sc + 1].block == (int)b &&
              a->sents[sc + 1].off >= q->close_end) {
            const an_sent *s2 = &a->sents[sc + 1];
            tok_range(s2, s2->off, next_open, &t0, &t1);
            got = from_after(a, sc + 1, t0, t1, &who, recent_ok ? recent : -1);
          }
        }
        bool got_after = got;
        spk fallback = {-1, NULL, NULL};
        if (!got) {
          fallback = who;
          who = (spk){-1, NULL, NULL};
        }
        int so = sent_at(a, bs, be, (int)b, q->open);
        if (!got && so >= 0) {
          const an_sent *s = &a->sents[so];
          size_t prev_close = k > 0 ? sp[k - 1].close_end : 0;
          size_t t0, t1;
          tok_range(s, prev_close, q->open, &t0, &t1);
          got = lang_speaker(a, so, t0, t1, false, &who) ||
                from_before(a, so, t0, t1, &who, recent_ok ? recent : -1);
        }
        if (!got && fallback.other) {
          who = fallback;
          got = true;
        }
        if (!got && (last.person >= 0 || last.other)) {
          who = last;
          who.how = "same paragraph";
          got = true;
        }
        /* "To which she replied," / "The minister said:" closing the
        ** paragraph before introduces this one's quotation */
        if (!got && !cont && k == 0 && q->open <= 3 && bs > a->docs[d].first_sent) {
          const an_sent *ps = &a->sents[bs - 1];
          size_t e = ps->len;
          while (e > 0 && px_isspace((unsigned char)ps->text[e - 1])) e--;
          if (e > 0 && (ps->text[e - 1] == ':' || ps->text[e - 1] == ',') && ps->ntok > 1 &&
              !has_quote_mark(ps->text, ps->len)) {
            spk intro = {-1, NULL, NULL};
            if (from_before(a, (int)(bs - 1), 0, ps->ntok, &intro, recent_ok ? recent : -1)) {
              who = intro;
              got = true;
            }
          }
        }
        if (!got && q->open <= 3 && (prev_para.person >= 0 || prev_para.other)) {
          who = prev_para;
          who.how = "paragraph before";
          got = true;
        }
        size_t from = cont ? chain_start : first_seg;
        /* Quoted words nobody is said to speak are titles, terms, scare
        ** quotes or code ("a dungeon game", "Returned normally from f."),
        ** unless they run long enough to be a quotation on their own. A
        ** speaker borrowed from the paragraph does not make a short one
        ** speech either. */
        bool borrowed = !got || (who.how && (strcmp(who.how, "same paragraph") == 0 ||
                                             strcmp(who.how, "paragraph before") == 0));
        if (!cont) {
          size_t words = 0;
          for (size_t i = first_seg; i < a->nquotes; i++)
            words += count_words(a->quotes[i].text, strlen(a->quotes[i].text));
          /* A word or two in quote marks is a quoted fragment only when a
          ** cue names its speaker and it reads as running text ("called
          ** the ruling "colossal""), not as a name or a title. */
          /* ... or as an utterance: it ends a sentence inside its marks
          ** ("Correct.", "So which is it?") or its speaker follows it
          ** ('"Yes," he responded') */
          size_t z = q->qe;
          while (z > q->qs && (px_isspace((unsigned char)blk->text[z - 1]) ||
                               blk->text[z - 1] == '\'' || blk->text[z - 1] == '"'))
            z--;
          bool utterance = z > q->qs && (blk->text[z - 1] == '.' || blk->text[z - 1] == '?' ||
                                         blk->text[z - 1] == '!' ||
                                         (got_after && blk->text[z - 1] == ','));
          bool fragment_ok = !borrowed && a->nquotes > first_seg &&
                             (utterance ||
                              !px_isupper((unsigned char)a->quotes[first_seg].text[0]));
          if ((borrowed && words < (got ? 5u : 9u)) || (words < 3 && !fragment_ok)) {
            a->nquotes = first_seg;
            continue;
          }
        }
        if (got) {
          for (size_t i = from; i < a->nquotes; i++) {
            an_quote *qq = &a->quotes[i];
            if (qq->speaker < 0 && !qq->speaker_other) {
              qq->speaker = who.person;
              qq->speaker_other = who.other;
              qq->how = who.how;
            }
          }
          last = who;
          if (who.person >= 0) {
            recent = who.person;
            recent_block = (int)b;
          }
        }
        /* One quotation, one item: "A," she said, "B." is one quotation
        ** cut by its attribution (a short gap with a speech verb, the same
        ** speaker on both sides), and a paragraph that opens with a quote
        ** and names nobody continues the previous paragraph's. */
        int join = -1;
        if (got && span_qid >= 0 && k > 0 && who.person == span_who.person &&
            (who.person >= 0 || (who.other && span_who.other &&
                                 strcmp(who.other, span_who.other) == 0))) {
          size_t gap_words = count_words(blk->text + span_close, q->open - span_close);
          bool verb = false;
          int gs = sent_at(a, bs, be, (int)b, span_close);
          if (gs >= 0) {
            size_t t0, t1;
            tok_range(&a->sents[gs], span_close, q->open, &t0, &t1);
            for (size_t t = t0; t < t1 && !verb; t++) verb = an_is_speech_verb(&a->sents[gs], t);
          }
          if (gap_words > 0 && gap_words <= 10 && verb) join = span_qid;
        }
        if (got && k == 0 && !cont && who.how && strcmp(who.how, "paragraph before") == 0 &&
            prev_quotation >= 0 && prev_para_quoted && who.person == prev_quot_who.person &&
            who.other == prev_quot_who.other)
          join = prev_quotation;
        if (join >= 0) {
          for (size_t i = first_seg; i < a->nquotes; i++) a->quotes[i].quotation = join;
          qid = join;
        }
        span_qid = qid;
        span_who = who;
        span_close = q->close_end;
        prev_quotation = qid;
        prev_quot_who = who;
      }
      /* "'A.' 'B,' he added.": earlier quotes of the paragraph take the
      ** speaker found later in it */
      if (last.person >= 0 || last.other) {
        for (size_t i = para_first; i < a->nquotes; i++) {
          an_quote *qq = &a->quotes[i];
          if (qq->speaker < 0 && !qq->speaker_other && qq->block == (int)b && qq->doc == (int)d) {
            qq->speaker = last.person;
            qq->speaker_other = last.other;
            qq->how = "same paragraph";
          }
        }
      }
      open_prev = ns > 0 && !sp[ns - 1].closed;
      prev_para_quoted = para_had_quote;
      spk rep = {-1, NULL, NULL};
      if (para_had_quote && (last.person >= 0 || last.other)) prev_para = last;
      else if (!para_had_quote && reported_speaker_of(a, first_reported, nreported, (int)d,
                                                      (int)b, &rep))
        prev_para = rep; /* "Warren said ... ." then "\"There is ...\"" */
      else if (!para_had_quote) prev_para = (spk){-1, NULL, NULL};
    }
  }
  /* "the company said", "the agency said": an organisation named by its
  ** kind stands for the organisation last quoted by name in the same
  ** document ("SeaMicro said ... the company said"), when there is one. */
  {
    static const char *const kinds[] = {
      "company", "firm", "agency", "ministry", "department", "group",
      "organization", "organisation", "report", "study", "survey", "wire",
      "network", "newspaper", "paper", "airline", "bank", "university",
      "club", "team", "party", "government", "court", "council", "authority",
      "commission", "committee", "giant", "maker", "manufacturer", "retailer",
      "carrier", "broadcaster", "publication", "site", "website", NULL};
    for (size_t i = first_reported; i < a->nquotes; i++) {
      an_quote *q = &a->quotes[i];
      const char *o = q->speaker_other;
      if (q->speaker >= 0 || !o || strncasecmp(o, "the ", 4) != 0) continue;
      const char *last = strrchr(o, ' ');
      last = last ? last + 1 : o;
      if (!an_word_in(last, strlen(last), kinds)) continue;
      const char *named = NULL;
      int best_sent = -1;
      for (size_t j = first_reported; j < a->nquotes; j++) {
        const an_quote *r = &a->quotes[j];
        const char *ro = r->speaker_other;
        if (r->doc != q->doc || r->sent >= q->sent || r->sent <= best_sent || r->speaker >= 0 ||
            !ro || !proper_label(ro))
          continue;
        named = ro;
        best_sent = r->sent;
      }
      if (named) q->speaker_other = named;
    }
  }
  /* "They said ...": the group last quoted as a plural source in the same
  ** document ("Orozco's attorneys", "Prosecutors"), when there is one */
  for (size_t i = first_reported; i < a->nquotes; i++) {
    an_quote *q = &a->quotes[i];
    if (q->speaker >= 0 || q->speaker_other || !q->how || strncmp(q->how, "they said", 9) != 0)
      continue;
    const char *group = NULL;
    int best_sent = -1;
    for (size_t j = first_reported; j < a->nquotes; j++) {
      const an_quote *r = &a->quotes[j];
      const char *ro = r->speaker_other;
      size_t rl = ro ? strlen(ro) : 0;
      if (r->doc != q->doc || r->sent >= q->sent || r->sent <= best_sent || !ro || rl < 3 ||
          ro[rl - 1] != 's' || ro[rl - 2] == 's')
        continue;
      group = ro;
      best_sent = r->sent;
    }
    if (group) q->speaker_other = group;
  }
  /* An interview piece quotes one person throughout: a quotation left
  ** without a speaker in a document where one person speaks most of the
  ** attributed quotations (two or more, and at least 60%) is theirs. */
  for (size_t d = 0; d < a->ndocs; d++) {
    int best = -1, bestn = 0, total = 0;
    for (size_t i = first_reported + nreported; i < a->nquotes; i++) {
      const an_quote *q = &a->quotes[i];
      if (q->doc != (int)d || q->speaker < 0 || !q->how) continue;
      if (strcmp(q->how, "same paragraph") == 0 || strcmp(q->how, "paragraph before") == 0)
        continue;
      total++;
      int c = 0;
      for (size_t j = first_reported + nreported; j < a->nquotes; j++)
        c += a->quotes[j].doc == (int)d && a->quotes[j].speaker == q->speaker;
      if (c > bestn) {
        bestn = c;
        best = q->speaker;
      }
    }
    int same = 0;
    for (size_t i = first_reported + nreported; i < a->nquotes; i++) {
      const an_quote *q = &a->quotes[i];
      if (q->doc != (int)d || q->speaker != best || !q->how) continue;
      if (strcmp(q->how, "same paragraph") && strcmp(q->how, "paragraph before")) same++;
    }
    if (best < 0 || same < 2 || same * 10 < total * 6) continue;
    for (size_t i = first_reported + nreported; i < a->nquotes; i++) {
      an_quote *q = &a->quotes[i];
      if (q->doc == (int)d && q->speaker < 0 && !q->speaker_other) {
        q->speaker = best;
        q->how = "the article's main speaker";
      }
    }
  }
  /* A "reported" clause that is mostly a quotation's words (the end of a
  ** quotation opened in an earlier sentence: "It can also move traffic,"
  ** Feldman said.) is that quotation, already found: drop it. */
  {
    size_t w = first_reported;
    for (size_t i = first_reported; i < first_reported + nreported; i++) {
      const an_quote *r = &a->quotes[i];
      size_t covered = 0;
      for (size_t j = first_reported + nreported; j < a->nquotes; j++) {
        const an_quote *q = &a->quotes[j];
        if (q->doc != r->doc || q->block != r->block) continue;
        size_t lo = q->boff > r->boff ? q->boff : r->boff;
        size_t hi = q->boff + q->blen < r->boff + r->blen ? q->boff + q->blen : r->boff + r->blen;
        if (hi > lo) covered += hi - lo;
      }
      if (covered * 2 > r->blen) continue;
      if (w != i) a->quotes[w] = *r;
      w++;
    }
    size_t dropped = first_reported + nreported - w;
    if (dropped) {
      memmove(a->quotes + w, a->quotes + first_reported + nreported,
              (a->nquotes - first_reported - nreported) * sizeof *a->quotes);
      a->nquotes -= dropped;
      nreported -= dropped;
    }
  }
  /* reported speech after the quotations, as before it was found first:
  ** a story lists what was quoted, then what was reported */
  if (nreported && a->nquotes > first_reported + nreported) {
    an_quote *tmp = px_arena_alloc(a->arena, nreported * sizeof *tmp);
    if (!tmp) return PX_ENOMEM;
    memcpy(tmp, a->quotes + first_reported, nreported * sizeof *tmp);
    size_t ndirect = a->nquotes - first_reported - nreported;
    memmove(a->quotes + first_reported, a->quotes + first_reported + nreported,
            ndirect * sizeof *tmp);
    memcpy(a->quotes + first_reported + ndirect, tmp, nreported * sizeof *tmp);
  }
  return group_quotes(a);
}
