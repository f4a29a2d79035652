/*
** langid.h: language identification of article text: a character n-gram
** naive Bayes model over en, de, fr, es, it, pt and nl (tables trained
** offline by tools/train_langid.py into langid_model.inc), script rules
** for text that is not in Latin letters (ja, zh, ko, ru, uk, el, ar, fa,
** he, th, hi), and letters no modelled language uses for pl, cs, hu, tr
** and ro.
**
** Not a general-purpose identifier: a Latin-script language outside the
** model is labelled with its nearest modelled one. Memory: no allocation;
** the returned tags are static strings.
*/
#ifndef PX_TEXT_LANGID_H
#define PX_TEXT_LANGID_H

#include <stddef.h>

/* Reads up to the first PX_LANGID_SCAN bytes of s (any UTF-8; invalid
** bytes are skipped) and returns a two-letter ISO 639-1 tag, or NULL when
** the text is too short or too evenly split to tell. */
#define PX_LANGID_SCAN 8192
const char *px_langid_detect(const char *s, size_t len);

/* The tags the n-gram model can return, in table order (for tests). */
size_t px_langid_model_langs(const char *const **tags);

#endif
