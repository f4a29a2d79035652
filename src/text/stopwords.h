/*
** stopwords.h: the English stop-word list (function words that carry no
** topic), for TF-IDF and entity heuristics. Words are compared lower-case
** and without apostrophes ("dont", as px_norm_word writes them).
*/
#ifndef PX_TEXT_STOPWORDS_H
#define PX_TEXT_STOPWORDS_H

#include <stdbool.h>
#include <stddef.h>

/* True when the lower-cased word w is an English stop word. */
bool px_stopword_is(const char *w, size_t len);
/* Number of words in the list (for tests). */
size_t px_stopword_count(void);

#endif
