/*
** norm.h: text normalisation for matching: Unicode NFC, case folding, and
** folding of typographic punctuation to ASCII (curly quotes to ' and ",
** en/em dashes and minus signs to -, ellipsis to ..., odd spaces to ' ').
**
** Used wherever two texts must compare equal although outlets typed them
** differently (shingles, TF-IDF terms, quote matching). Not for display.
** Input is (pointer, length) and may hold invalid UTF-8, which becomes
** U+FFFD. Memory: output is appended to a caller-owned px_buf.
*/
#ifndef PX_TEXT_NORM_H
#define PX_TEXT_NORM_H

#include <stddef.h>
#include <stdint.h>
#include "parallax.h"
#include "util/buf.h"

/* Folds one code point's typographic punctuation to its ASCII equivalent
** (returns cp unchanged otherwise). Unicode spaces become ' '. */
uint32_t px_norm_fold_punct(uint32_t cp);

/* Lower-cases one code point (simple case mapping, no allocation). */
uint32_t px_norm_lower(uint32_t cp);

/* Appends the NFC, case-folded, punctuation-folded form of s to out.
** Returns PX_ENOMEM / PX_ETOOBIG on buffer failure. */
px_rc px_norm_text(const char *s, size_t len, px_buf *out, px_err *err);

/* Appends the punctuation-folded, lower-cased form of one word (no NFC,
** no allocation besides out): the fast path used per token. Apostrophes
** and dots inside the word are dropped so "U.S." and "US", "Xi's" and
** "Xis" do not differ by punctuation alone. */
px_rc px_norm_word(const char *s, size_t len, px_buf *out);

#endif
