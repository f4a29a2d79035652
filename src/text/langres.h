/*
** langres.h: per-language words for bylines, agency credits, quotation
** marks and speech verbs, from data/lang.tsv (compiled at build time by
** tools/gen_lang.py; see that file's header for what each kind means).
** Languages: de, fr, es, it, pt, nl. English words stay with the code
** that uses them. Memory: everything returned is static and read-only.
*/
#ifndef PX_TEXT_LANGRES_H
#define PX_TEXT_LANGRES_H

#include <stddef.h>

typedef enum {
  PX_LR_BY = 0,     /* byline openers: "von", "par" */
  PX_LR_AND,        /* joining names: "und", "et" */
  PX_LR_SPEECH,     /* speech verbs: "sagte", "déclaré" */
  PX_LR_ACCORDING,  /* "selon", "según": the source follows */
  PX_LR_QUOTE,      /* quotation-mark pairs: open, close, open, close... */
  PX_LR_STOP,       /* function words, never part of a name: "die", "le" */
  PX_LR_NKINDS
} px_langres_kind;

typedef struct px_langres_alias {
  const char *name;  /* as credited: "Deutsche Presse-Agentur" */
  const char *canon; /* "dpa" */
} px_langres_alias;

/* The NULL-terminated word list of kind k for lang (a tag such as "de",
** "de-AT" or "fr_FR"; case-insensitive), or NULL when lang is NULL or has
** no list in data/lang.tsv. */
const char *const *px_langres_words(const char *lang, px_langres_kind k);

/* Every language's byline openers (PX_LR_BY) or name joiners (PX_LR_AND)
** in one NULL-terminated list; NULL for other kinds. */
const char *const *px_langres_all(px_langres_kind k);

/* The agencies, longest name first, ended by {NULL, NULL}. */
const px_langres_alias *px_langres_agencies(void);

#endif
