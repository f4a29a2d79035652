/*
** diff.h: a word-level comparison of two passages for the story page, so
** a reader sees what an outlet changed when it reused another's text:
** the origin's side marks removed words with <del>, the copy's side marks
** added words with <ins>, and words both share are plain.
**
** Words are runs of letters, digits and UTF-8 multi-byte characters; each
** other character is its own token, so "relations," differs from
** "relations" only in the comma. Whitespace is not compared (any run of it
** prints as one space). Not a general diff: one longest common
** subsequence over the tokens, with a cap on the work (beyond it the
** differing middle is marked as a whole, still correct, just coarser).
** Memory: appends to caller-owned px_bufs; scratch is freed before return.
*/
#ifndef PX_SERVE_DIFF_H
#define PX_SERVE_DIFF_H

#include <stddef.h>
#include "parallax.h"
#include "util/buf.h"

/* Most tokens compared per side; longer passages are cut (with an
** ellipsis) before comparing. */
#define PX_DIFF_MAX_TOKENS 1500

/* Appends the escaped origin text a to left (removed words in <del>) and
** the escaped copy text b to right (added words in <ins>). Returns PX_OK,
** PX_ENOMEM or PX_ETOOBIG (a buffer's cap); on failure the buffers may
** hold a partial rendering. err may be NULL. */
px_rc px_diff_words_html(px_buf *left, px_buf *right,
                         const char *a, size_t alen,
                         const char *b, size_t blen, px_err *err);

#endif
