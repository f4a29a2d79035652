/*
** stem.h: a thin wrapper over libstemmer (Snowball) for one language.
**
** English by default; other languages by ISO 639-1 code ("de", "fr") or
** Snowball name. A stemmer holds state and is not thread-safe: one per
** thread. Memory: the stemmer owns its output buffer.
*/
#ifndef PX_TEXT_STEM_H
#define PX_TEXT_STEM_H

#include <stddef.h>
#include "parallax.h"
#include "util/str.h"

typedef struct px_stemmer px_stemmer;

/* lang NULL or "" means English. PX_EINVAL for an unknown language.
** Caller frees with px_stemmer_free. */
px_rc px_stemmer_new(const char *lang, px_stemmer **out, px_err *err);
void px_stemmer_free(px_stemmer *st);

/* Stems one lower-cased UTF-8 word. The result is borrowed; valid until the
** next call on this stemmer. On failure (out of memory) returns the word
** itself. */
px_str px_stemmer_stem(px_stemmer *st, const char *w, size_t len);

#endif
