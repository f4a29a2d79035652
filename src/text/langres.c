/*
** langres.c: lookups into the per-language tables generated from
** data/lang.tsv (see langres.h). No allocation, no state.
*/
#include "text/langres.h"

#include <strings.h>

typedef struct lr_lang {
  const char *lang;
  const char *const *w[PX_LR_NKINDS];
} lr_lang;

#include "langres.inc"

const char *const *px_langres_words(const char *lang, px_langres_kind k) {
  if (!lang || k >= PX_LR_NKINDS) return NULL;
  /* "de", "de-AT", "fr_FR": the two letters before any region */
  if (!lang[0] || !lang[1] || (lang[2] && lang[2] != '-' && lang[2] != '_')) return NULL;
  for (const lr_lang *l = lr_langs; l->lang; l++)
    if (strncasecmp(l->lang, lang, 2) == 0) return l->w[k];
  return NULL;
}

const char *const *px_langres_all(px_langres_kind k) {
  if (k == PX_LR_BY) return lr_by_all;
  if (k == PX_LR_AND) return lr_and_all;
  return NULL;
}

const px_langres_alias *px_langres_agencies(void) { return lr_agencies; }
