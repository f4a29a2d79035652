/*
** tok.h: a word tokenizer over UTF-8 text that reports byte offsets and
** allocates nothing.
**
** A word is a run of letters, digits and combining marks (any script).
** Inside a word these join: an apostrophe between letters (don't, Xi's,
** with ’ too), '.' or ',' between digits (3.5, 1,000), '-' or '/' between
** digits (7-1/2, 24/7), and dots of a dotted acronym (U.S., U.K. keep
** their final dot). Hyphens between letters split (US-China is two
** words), so compounds match their parts. Everything else separates.
** Invalid UTF-8 bytes separate words.
*/
#ifndef PX_TEXT_TOK_H
#define PX_TEXT_TOK_H

#include <stdbool.h>
#include <stddef.h>

enum {
  PX_TOK_ALPHA = 1,   /* holds at least one letter */
  PX_TOK_DIGIT = 2,   /* holds at least one digit */
  PX_TOK_CAP = 4,     /* first letter is upper case (or title case) */
  PX_TOK_UPPER = 8,   /* every letter is upper case */
  PX_TOK_ASCII = 16,  /* pure ASCII */
  PX_TOK_SENT = 32,   /* first word after a sentence end or text start */
};

typedef struct px_tok {
  size_t start, end;  /* byte span [start, end) in the text */
  unsigned flags;     /* PX_TOK_* */
} px_tok;

typedef struct px_tok_iter {
  const char *s;
  size_t len, pos;
  bool sent_start;    /* next word opens a sentence */
} px_tok_iter;

/* Starts iterating s (not NUL-terminated; borrowed for the iteration):
**   px_tok_iter it; px_tok t;
**   px_tok_init(&it, s, len);
**   while (px_tok_next(&it, &t)) use(s + t.start, t.end - t.start);
*/
void px_tok_init(px_tok_iter *it, const char *s, size_t len);
bool px_tok_next(px_tok_iter *it, px_tok *t);

/* Number of words in s. */
size_t px_tok_count(const char *s, size_t len);

#endif
