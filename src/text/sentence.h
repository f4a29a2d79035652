/*
** sentence.h: splitting UTF-8 text into sentences, by byte offsets.
**
** Rule-based for English news: a sentence ends at '.', '!', '?' or an
** ellipsis, plus any closing quotes or brackets after it, when white space
** and a plausible sentence start follow. Abbreviations and titles (Mr.,
** Dr., Gen., Jan., No.), initials (J. Smith), dotted acronyms (U.S.
** officials) and decimals (3.5) do not end a sentence. A blank line always
** does. The splitter allocates nothing; it walks (pointer, length) input
** that need not be NUL-terminated and may hold invalid UTF-8.
*/
#ifndef PX_TEXT_SENTENCE_H
#define PX_TEXT_SENTENCE_H

#include <stdbool.h>
#include <stddef.h>

/* Finds the next sentence at or after byte pos of s. On success returns
** true and writes its span [*start, *end) (leading and trailing white
** space excluded); returns false when only white space remains. Iterate
** with pos = *end:
**   size_t pos = 0, a, b;
**   while (px_sentence_next(s, len, pos, &a, &b)) { use(s + a, b - a); pos = b; }
*/
bool px_sentence_next(const char *s, size_t len, size_t pos, size_t *start,
                      size_t *end);

/* Counts the sentences of s (convenience for tests and statistics). */
size_t px_sentence_count(const char *s, size_t len);

#endif
