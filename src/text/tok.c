/*
** tok.c: the allocation-free word tokenizer (rules in tok.h). It decodes
** one code point at a time with a look-ahead of one character for the
** joiners, so it never reads past len and copes with invalid bytes.
** Memory: none; tokens are offsets into the caller's text.
*/
#include "text/tok.h"

#include <stdint.h>
#include <utf8proc.h>

#include "text/norm.h"
#include "util/str.h"

enum { C_OTHER, C_LETTER, C_DIGIT, C_MARK };

typedef struct cls {
  int kind;
  bool upper, lower;
} cls;

static cls classify(uint32_t cp) {
  cls c = {C_OTHER, false, false};
  if (cp < 0x80) {
    if (px_isalpha((int)cp)) {
      c.kind = C_LETTER;
      c.upper = px_isupper((int)cp);
      c.lower = !c.upper;
    } else if (px_isdigit((int)cp)) {
      c.kind = C_DIGIT;
    }
    return c;
  }
  if (cp == 0xFFFD) return c;
  switch (utf8proc_category((utf8proc_int32_t)cp)) {
  case UTF8PROC_CATEGORY_LU:
  case UTF8PROC_CATEGORY_LT:
    c.kind = C_LETTER;
    c.upper = true;
    break;
  case UTF8PROC_CATEGORY_LL:
    c.kind = C_LETTER;
    c.lower = true;
    break;
  case UTF8PROC_CATEGORY_LM:
  case UTF8PROC_CATEGORY_LO:
    c.kind = C_LETTER;
    break;
  case UTF8PROC_CATEGORY_ND:
  case UTF8PROC_CATEGORY_NL:
  case UTF8PROC_CATEGORY_NO:
    c.kind = C_DIGIT;
    break;
  case UTF8PROC_CATEGORY_MN:
  case UTF8PROC_CATEGORY_MC:
  case UTF8PROC_CATEGORY_ME:
    c.kind = C_MARK;
    break;
  default:
    break;
  }
  return c;
}

/* Decodes at pos; invalid bytes come back as U+FFFD (a separator). */
static size_t peek(const px_tok_iter *it, size_t pos, uint32_t *cp) {
  if (pos >= it->len) {
    *cp = 0;
    return 0;
  }
  unsigned char b = (unsigned char)it->s[pos];
  if (b < 0x80) {
    *cp = b;
    return 1;
  }
  return px_utf8_decode(it->s + pos, it->len - pos, cp);
}

void px_tok_init(px_tok_iter *it, const char *s, size_t len) {
  it->s = s;
  it->len = len;
  it->pos = 0;
  it->sent_start = true;
}

static bool is_word_char(int kind) {
  return kind == C_LETTER || kind == C_DIGIT || kind == C_MARK;
}

bool px_tok_next(px_tok_iter *it, px_tok *t) {
  uint32_t cp;
  size_t n;
  /* Skip separators, noting sentence ends on the way. */
  for (;;) {
    n = peek(it, it->pos, &cp);
    if (n == 0) return false;
    cls c = classify(cp);
    if (c.kind == C_LETTER || c.kind == C_DIGIT) break;
    if (cp == '.' || cp == '!' || cp == '?' || cp == '\n') it->sent_start = true;
    it->pos += n;
  }
  size_t start = it->pos;
  unsigned flags = PX_TOK_ASCII | PX_TOK_UPPER;
  bool first_letter = true, any_letter = false;
  int prev = C_OTHER;
  size_t letters_in_seg = 0;   /* letters since the last joiner */
  bool acronym = true;         /* so far only single letters joined by '.' */
  for (;;) {
    n = peek(it, it->pos, &cp);
    if (n == 0) break;
    cls c = classify(cp);
    if (is_word_char(c.kind)) {
      if (cp >= 0x80) flags &= ~(unsigned)PX_TOK_ASCII;
      if (c.kind == C_LETTER) {
        flags |= PX_TOK_ALPHA;
        any_letter = true;
        if (first_letter && c.upper) flags |= PX_TOK_CAP;
        first_letter = false;
        if (c.lower) flags &= ~(unsigned)PX_TOK_UPPER;
        letters_in_seg++;
        if (letters_in_seg > 1) acronym = false;
      } else if (c.kind == C_DIGIT) {
        flags |= PX_TOK_DIGIT;
        acronym = false;
      }
      prev = c.kind;
      it->pos += n;
      continue;
    }
    /* A possible joiner: look at the next character. */
    uint32_t f = px_norm_fold_punct(cp);
    uint32_t nx;
    size_t m = peek(it, it->pos + n, &nx);
    cls nc = m ? classify(nx) : (cls){C_OTHER, false, false};
    bool join = false;
    if (f == '\'' && prev == C_LETTER && nc.kind == C_LETTER) join = true;
    else if ((f == '.' || f == ',') && prev == C_DIGIT && nc.kind == C_DIGIT)
      join = true;
    else if ((f == '-' || f == '/') && prev == C_DIGIT && nc.kind == C_DIGIT)
      join = true;
    else if (f == '.' && prev == C_LETTER && acronym && letters_in_seg == 1) {
      /* U.S. : single letters separated by dots. Join the next letter
      ** when it is a single letter followed by '.', and keep a final dot
      ** after two or more such letters. */
      if (nc.kind == C_LETTER) {
        uint32_t nn;
        size_t m2 = peek(it, it->pos + n + m, &nn);
        if (m2 && nn == '.') join = true;
      } else if (it->pos > start + 1) {
        it->pos += n;  /* final dot of U.S. */
        break;
      }
    }
    if (!join) break;
    it->pos += n;
    letters_in_seg = 0;
    prev = C_OTHER;
  }
  if (!any_letter) flags &= ~(unsigned)PX_TOK_UPPER;
  if (it->sent_start) flags |= PX_TOK_SENT;
  it->sent_start = false;
  t->start = start;
  t->end = it->pos;
  t->flags = flags;
  return true;
}

size_t px_tok_count(const char *s, size_t len) {
  px_tok_iter it;
  px_tok t;
  size_t n = 0;
  px_tok_init(&it, s, len);
  while (px_tok_next(&it, &t)) n++;
  return n;
}
