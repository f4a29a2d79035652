/*
** err.h: recording errors into a caller-owned px_err (see parallax.h).
** The first error wins: later calls leave an already-set record alone and
** just return their code, so the most specific reason reaches the user.
*/
#ifndef PX_UTIL_ERR_H
#define PX_UTIL_ERR_H

#include "parallax.h"

/* Records rc and a printf-style message in e (which may be NULL) unless e
** already holds an error. Returns rc so callers can `return px_err_set(...)`. */
px_rc px_err_set(px_err *e, px_rc rc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void px_err_clear(px_err *e);
/* Prefixes an existing message with context ("file.txt: "), keeping rc. */
void px_err_prefix(px_err *e, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Defensive checks in the style of SQLite's ALWAYS/NEVER: a condition the
** code believes always (never) holds, but still guards against. */
#define PX_ALWAYS(x) (__builtin_expect(!!(x), 1))
#define PX_NEVER(x) (__builtin_expect(!!(x), 0))

#endif
