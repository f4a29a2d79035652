/*
** sentence.c: the sentence splitter declared in sentence.h.
**
** It scans for terminators and decides at each one whether a sentence
** really ends, looking at the word before (abbreviation, initial, acronym,
** number) and the text after (white space, then an upper-case letter,
** digit or opening quote/bracket). Lists of abbreviations are general
** English vocabulary. No allocation: all state is offsets into the input.
*/
#include "text/sentence.h"

#include <string.h>
#include "util/str.h"

/* Words that take a period but almost never end a sentence. */
static const char *const k_abbrev[] = {
  "mr", "mrs", "ms", "dr", "prof", "gen", "sen", "rep", "gov", "lt", "col",
  "capt", "sgt", "cpl", "maj", "adm", "cmdr", "rev", "hon", "pres", "supt",
  "det", "insp", "st", "mt", "ft", "jan", "feb", "mar", "apr", "jun", "jul",
  "aug", "sep", "sept", "oct", "nov", "dec", "no", "nos", "vs", "v", "approx",
  "dept", "univ", "assn", "bros", "messrs", "gens", "reps", "sens", "jr", "sr",
  "fig", "vol", "ca", "cf", "al", "e.g", "i.e", "etc", "inc", "corp", "co", "ltd",
  NULL};

/* Words that only end a sentence when a new sentence clearly starts after
** them: company suffixes and "etc." often do end one. */
static const char *const k_soft_abbrev[] = {"etc", "inc", "corp", "co", "ltd",
                                            "jr", "sr", NULL};

/* After a dotted acronym ("U.S."), a sentence starts only with one of these. */
static const char *const k_starters[] = {
  "the", "a", "an", "he", "she", "it", "they", "we", "i", "but", "and", "in",
  "on", "at", "this", "that", "these", "those", "his", "her", "its", "their",
  "there", "however", "meanwhile", "as", "after", "before", "while", "when",
  "if", "for", "some", "many", "most", "one", "officials", "both", NULL};

static bool word_in(const char *w, size_t n, const char *const *list) {
  char low[16];
  if (n == 0 || n >= sizeof low) return false;
  for (size_t i = 0; i < n; i++) low[i] = (char)px_tolower((unsigned char)w[i]);
  low[n] = 0;
  for (size_t i = 0; list[i]; i++)
    if (strcmp(low, list[i]) == 0) return true;
  return false;
}

/* Closing quote or bracket at s[i]; returns its byte length or 0. */
static size_t closer_len(const char *s, size_t len, size_t i) {
  unsigned char c = (unsigned char)s[i];
  if (c == '"' || c == '\'' || c == ')' || c == ']') return 1;
  if (c == 0xE2 && i + 2 < len && (unsigned char)s[i + 1] == 0x80) {
    unsigned char d = (unsigned char)s[i + 2];
    if (d == 0x9D || d == 0x99 || d == 0xBA) return 3; /* ” ’ › */
  }
  if (c == 0xC2 && i + 1 < len && (unsigned char)s[i + 1] == 0xBB) return 2;
  return 0;
}

/* Opening quote or bracket at s[i]; returns its byte length or 0. */
static size_t opener_len(const char *s, size_t len, size_t i) {
  unsigned char c = (unsigned char)s[i];
  if (c == '"' || c == '\'' || c == '(' || c == '[') return 1;
  if (c == 0xE2 && i + 2 < len && (unsigned char)s[i + 1] == 0x80) {
    unsigned char d = (unsigned char)s[i + 2];
    if (d == 0x9C || d == 0x98 || d == 0xB9) return 3; /* “ ‘ ‹ */
  }
  if (c == 0xC2 && i + 1 < len && (unsigned char)s[i + 1] == 0xAB) return 2;
  return 0;
}

/* Is s[i] a white space character (ASCII or NBSP)? Returns its length. */
static size_t space_len(const char *s, size_t len, size_t i) {
  if (px_isspace((unsigned char)s[i])) return 1;
  if ((unsigned char)s[i] == 0xC2 && i + 1 < len &&
      (unsigned char)s[i + 1] == 0xA0)
    return 2;
  return 0;
}

/* Does a new sentence plausibly start at s[i]? Upper case, digit, opening
** quote/bracket, or any non-ASCII letter (we cannot tell its case cheaply,
** and most are capitalised names or quotes). */
static bool starts_sentence(const char *s, size_t len, size_t i) {
  size_t ol;
  while (i < len && (ol = opener_len(s, len, i)) > 0) i += ol;
  if (i >= len) return false;
  unsigned char c = (unsigned char)s[i];
  return px_isupper(c) || px_isdigit(c) || c >= 0xC0;
}

/* The word (letters and inner dots) that ends just before byte i. */
static void word_before(const char *s, size_t i, size_t *ws) {
  size_t b = i;
  while (b > 0 && (px_isalpha((unsigned char)s[b - 1]) || s[b - 1] == '.'))
    b--;
  *ws = b;
}

/* Decide whether the '.' at s[dot] ends a sentence given that the next
** non-space text begins at `next`. */
static bool period_ends(const char *s, size_t len, size_t dot, size_t next) {
  size_t ws;
  if (dot > 0 && px_isdigit((unsigned char)s[dot - 1]) && dot + 1 < len &&
      px_isdigit((unsigned char)s[dot + 1]))
    return false;
  word_before(s, dot, &ws);
  size_t wl = dot - ws;
  if (wl == 0) return true;
  /* Next word, for the acronym and soft-abbreviation checks. */
  size_t ne = next;
  while (ne < len && opener_len(s, len, ne) > 0) ne += opener_len(s, len, ne);
  size_t nw = ne;
  while (nw < len && px_isalpha((unsigned char)s[nw])) nw++;
  bool next_starter = word_in(s + ne, nw - ne, k_starters);
  if (memchr(s + ws, '.', wl) != NULL) {
    /* Dotted acronym such as U.S. or e.g. */
    return next_starter;
  }
  if (wl == 1 && px_isupper((unsigned char)s[ws])) return false; /* initial */
  if (word_in(s + ws, wl, k_soft_abbrev)) return next_starter;
  if (word_in(s + ws, wl, k_abbrev)) return false;
  return true;
}

bool px_sentence_next(const char *s, size_t len, size_t pos, size_t *start,
                      size_t *end) {
  size_t i = pos, sl;
  if (!s) return false;
  while (i < len && ((sl = space_len(s, len, i)) > 0)) i += sl;
  if (i >= len) return false;
  size_t st = i;
  while (i < len) {
    unsigned char c = (unsigned char)s[i];
    /* A blank line is a hard break. */
    if (c == '\n') {
      size_t j = i + 1;
      while (j < len && (s[j] == ' ' || s[j] == '\t' || s[j] == '\r')) j++;
      if (j < len && s[j] == '\n') break;
    }
    size_t tl = 0;
    bool ellipsis = false;
    if (c == '.' || c == '!' || c == '?') {
      tl = 1;
      while (i + tl < len && (s[i + tl] == '.' || s[i + tl] == '!' ||
                              s[i + tl] == '?'))
        tl++;
      ellipsis = tl >= 3 && c == '.';
    } else if (c == 0xE2 && i + 2 < len && (unsigned char)s[i + 1] == 0x80 &&
               (unsigned char)s[i + 2] == 0xA6) {
      tl = 3;
      ellipsis = true;
    }
    if (tl == 0) {
      i++;
      continue;
    }
    size_t j = i + tl, cl;
    while (j < len && (cl = closer_len(s, len, j)) > 0) j += cl;
    if (j >= len) {
      i = len;
      break;
    }
    size_t k = j;
    while (k < len && (sl = space_len(s, len, k)) > 0) k += sl;
    if (k == j || k >= len) {
      /* No space after: not a boundary (3.5, U.S., example.com). At the
      ** very end the sentence simply runs to the end. */
      if (k >= len) {
        i = j;
        break;
      }
      i += tl;
      continue;
    }
    bool ends = starts_sentence(s, len, k);
    if (ends && c == '.' && tl == 1 && !ellipsis) ends = period_ends(s, len, i, k);
    if (ends) {
      i = j;
      break;
    }
    i = j;
  }
  size_t e = i > len ? len : i;
  while (e > st && px_isspace((unsigned char)s[e - 1])) e--;
  if (e == st) {
    /* Only spaces in this chunk (cannot happen after the skip above, but
    ** guarantee progress anyway). */
    e = st + 1;
  }
  *start = st;
  *end = e;
  return true;
}

size_t px_sentence_count(const char *s, size_t len) {
  size_t pos = 0, a, b, n = 0;
  while (px_sentence_next(s, len, pos, &a, &b)) {
    n++;
    pos = b;
  }
  return n;
}
