/*
** stem.c: libstemmer wrapper (see stem.h). libstemmer accepts both
** Snowball names and ISO codes for the languages it ships, so the code is
** passed through; only the empty default is mapped to English.
** Memory: the px_stemmer owns the sb_stemmer, freed by px_stemmer_free.
*/
#include "text/stem.h"

#include <libstemmer.h>
#include <stdlib.h>

#include "util/err.h"

struct px_stemmer {
  struct sb_stemmer *sb;
};

px_rc px_stemmer_new(const char *lang, px_stemmer **out, px_err *err) {
  if (!lang || !*lang) lang = "english";
  px_stemmer *st = calloc(1, sizeof *st);
  if (!st) return px_err_set(err, PX_ENOMEM, "stemmer: out of memory");
  st->sb = sb_stemmer_new(lang, "UTF_8");
  if (!st->sb) {
    free(st);
    return px_err_set(err, PX_EINVAL, "stemmer: no stemmer for language '%s'",
                      lang);
  }
  *out = st;
  return PX_OK;
}

void px_stemmer_free(px_stemmer *st) {
  if (!st) return;
  sb_stemmer_delete(st->sb);
  free(st);
}

px_str px_stemmer_stem(px_stemmer *st, const char *w, size_t len) {
  if (len > 1u << 20) return px_str_make(w, len);
  const sb_symbol *r = sb_stemmer_stem(st->sb, (const sb_symbol *)w, (int)len);
  if (!r) return px_str_make(w, len);
  return px_str_make((const char *)r, (size_t)sb_stemmer_length(st->sb));
}
