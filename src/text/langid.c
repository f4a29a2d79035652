/*
** langid.c: language identification (see langid.h).
** Three steps, cheapest first: count each script's letters and name the
** language of a non-Latin script outright; look for letters that only
** non-modelled Latin-script languages use; otherwise sum the n-gram
** weights of each modelled language and take the best when it leads the
** runner-up clearly. Memory: none; everything is on the stack.
*/
#include "text/langid.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <utf8proc.h>

#include "text/norm.h"
#include "util/str.h"

#include "text/langid_model.inc"

/* Fewer letters than this give no answer: a headline fragment or a
** byline says too little, and a wrong tag is worse than none. */
#define MIN_LETTERS 12
/* The winner must lead by e^2 in likelihood (weights are in 1/16 nats). */
#define MIN_MARGIN (2 * 16)

enum { S_LATIN, S_KANA, S_HAN, S_HANGUL, S_CYRL, S_GREEK, S_ARAB, S_HEBR,
       S_THAI, S_DEVA, S_OTHER, S_COUNT };

static int script_of(uint32_t cp) {
  if (cp < 0x250 || (cp >= 0x1E00 && cp < 0x1F00)) return S_LATIN;
  if (cp >= 0x3040 && cp < 0x3100) return S_KANA;
  if ((cp >= 0x4E00 && cp < 0xA000) || (cp >= 0x3400 && cp < 0x4DC0)) return S_HAN;
  if ((cp >= 0xAC00 && cp < 0xD7B0) || (cp >= 0x1100 && cp < 0x1200)) return S_HANGUL;
  if (cp >= 0x400 && cp < 0x530) return S_CYRL;
  if (cp >= 0x370 && cp < 0x400) return S_GREEK;
  if (cp >= 0x600 && cp < 0x700) return S_ARAB;
  if (cp >= 0x590 && cp < 0x600) return S_HEBR;
  if (cp >= 0xE00 && cp < 0xE80) return S_THAI;
  if (cp >= 0x900 && cp < 0x980) return S_DEVA;
  return S_OTHER;
}

static bool is_letter(uint32_t cp) {
  utf8proc_category_t c = utf8proc_category((utf8proc_int32_t)cp);
  return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO;
}

/* Latin letters that none of the modelled languages writes, each telling
** one language apart (ó, ö, ü and the like are shared, so not here). */
static const struct { uint32_t cp; const char *tag; } marks[] = {
  {0x142, "pl"}, {0x105, "pl"}, {0x119, "pl"}, {0x17C, "pl"}, {0x15B, "pl"},
  {0x17A, "pl"}, {0x144, "pl"},
  {0x159, "cs"}, {0x11B, "cs"}, {0x16F, "cs"},
  {0x151, "hu"}, {0x171, "hu"},
  {0x131, "tr"}, {0x11F, "tr"}, {0x15F, "tr"},
  {0x219, "ro"}, {0x21B, "ro"}, {0x103, "ro"},
};
#define NMARKS (sizeof marks / sizeof marks[0])

typedef struct {
  uint32_t score[PX_LANGID_NLANG];
  uint32_t g[3];   /* the last code points (0: none), g[2] newest */
  size_t ngrams;
} scorer;

static uint32_t fnv_cp(uint32_t h, uint32_t cp) {
  char b[4];
  size_t n = px_utf8_encode(cp, b);
  for (size_t i = 0; i < n; i++) h = (h ^ (uint8_t)b[i]) * 16777619u;
  return h;
}

static void add_gram(scorer *sc, const uint32_t *cps, size_t n) {
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < n; i++) h = fnv_cp(h, cps[i]);
  size_t lo = 0, hi = PX_LANGID_NFEAT;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (px_langid_feats[mid].key < h) lo = mid + 1;
    else hi = mid;
  }
  sc->ngrams++;
  if (lo == PX_LANGID_NFEAT || px_langid_feats[lo].key != h) return;
  for (size_t l = 0; l < PX_LANGID_NLANG; l++)
    sc->score[l] += px_langid_feats[lo].w[l];
}

/* Feeds one symbol (a lower-case letter, or ' ' for a word boundary) and
** scores the 1-, 2- and 3-grams ending at it, as the trainer counts them
** over " word ". */
static void push(scorer *sc, uint32_t cp) {
  if (cp == ' ' && sc->g[2] == ' ') return;
  sc->g[0] = sc->g[1];
  sc->g[1] = sc->g[2];
  sc->g[2] = cp;
  if (cp != ' ') add_gram(sc, sc->g + 2, 1);
  if (sc->g[1]) add_gram(sc, sc->g + 1, 2);
  if (sc->g[0] && sc->g[1] != ' ') add_gram(sc, sc->g, 3);
}

static const char *by_script(const size_t *n, size_t letters, size_t ukr,
                             size_t fa) {
  int best = S_LATIN;
  for (int s = 0; s < S_COUNT; s++)
    if (s != S_OTHER && n[s] > n[best]) best = s;
  /* Japanese mixes kanji with kana; a few kana in Chinese are quotes. */
  if ((best == S_HAN || best == S_KANA) && n[S_KANA] * 10 >= n[S_HAN] + n[S_KANA])
    return "ja";
  if (best == S_LATIN || n[best] * 2 < letters) return NULL;
  switch (best) {
  case S_HAN: return "zh";
  case S_HANGUL: return "ko";
  case S_CYRL: return ukr ? "uk" : "ru";
  case S_GREEK: return "el";
  case S_ARAB: return fa ? "fa" : "ar";
  case S_HEBR: return "he";
  case S_THAI: return "th";
  case S_DEVA: return "hi";
  default: return NULL;
  }
}

const char *px_langid_detect(const char *s, size_t len) {
  if (!s) return NULL;
  if (len > PX_LANGID_SCAN) len = PX_LANGID_SCAN;
  size_t nscript[S_COUNT] = {0}, letters = 0, ukr = 0, fa = 0;
  size_t nmark[NMARKS] = {0};
  scorer sc;
  memset(&sc, 0, sizeof sc);
  sc.g[2] = ' ';
  for (size_t i = 0; i < len;) {
    uint32_t cp;
    i += px_utf8_decode(s + i, len - i, &cp);
    if (!is_letter(cp)) {
      push(&sc, ' ');
      continue;
    }
    int sp = script_of(cp);
    nscript[sp]++;
    letters++;
    uint32_t lc = px_norm_lower(cp);
    if (lc == 0x456 || lc == 0x457 || lc == 0x454 || lc == 0x491) ukr++;
    if (cp == 0x67E || cp == 0x686 || cp == 0x698 || cp == 0x6AF || cp == 0x6CC) fa++;
    if (sp != S_LATIN) {
      push(&sc, ' ');
      continue;
    }
    for (size_t m = 0; m < NMARKS; m++)
      if (marks[m].cp == lc) nmark[m]++;
    push(&sc, lc);
  }
  push(&sc, ' ');
  if (letters < MIN_LETTERS && nscript[S_HAN] + nscript[S_KANA] + nscript[S_HANGUL] < 4)
    return NULL;
  const char *t = by_script(nscript, letters, ukr, fa);
  if (t || nscript[S_LATIN] * 2 < letters) return t;

  /* Three marks of one language, one per 200 Latin letters at least. */
  for (size_t m = 0; m < NMARKS; m++) {
    size_t k = 0;
    for (size_t j = 0; j < NMARKS; j++)
      if (strcmp(marks[j].tag, marks[m].tag) == 0) k += nmark[j];
    if (k >= 3 && k * 200 >= nscript[S_LATIN]) return marks[m].tag;
  }

  size_t best = 0, second = 1;
  if (sc.score[1] > sc.score[0]) best = 1, second = 0;
  for (size_t l = 2; l < PX_LANGID_NLANG; l++) {
    if (sc.score[l] > sc.score[best]) second = best, best = l;
    else if (sc.score[l] > sc.score[second]) second = l;
  }
  if (sc.score[best] - sc.score[second] < MIN_MARGIN) return NULL;
  return px_langid_tags[best];
}

size_t px_langid_model_langs(const char *const **tags) {
  if (tags) *tags = px_langid_tags;
  return PX_LANGID_NLANG;
}
