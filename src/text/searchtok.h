/*
** searchtok.h: the words the search index keeps for a text, and the ones a
** query looks for (the FTS5 tokenizer "px" in store/fts_px.c wraps this).
**
** Every word gives one position and, at that position:
**  - its folded form: case-folded, compatibility forms (ligatures, full
**    width) read as their letters, accents dropped, and the letters in
**    data/search_fold.tsv written plainly ("präsident" -> "prasident");
**  - its spelled-out form when that differs ("praesident");
**  - its Snowball stem(s) in the text's language(s), folded the same way
**    ("soldaten" -> "soldat"), unless the word holds a digit.
** Both sides are tokenized alike, so a query word matches a text word
** when any form of one is a form of the other: "talk" finds "talks",
** "Praesident" finds "Präsident", "Soldat" finds "Soldaten".
**
** Chinese and Japanese (runs of Han, Hiragana and Katakana) have no
** spaces: a text gives one position per character, holding the character
** and the bigram it starts; a query gives each character but the last its
** bigram and the last one alone, in order (a phrase), so any word of one
** character or more is found and a snippet marks all of it.
**
** Languages are ISO 639-1 tags (anything after '-' or '_' is ignored);
** several may be given as "de,en". Not thread-safe: one px_searchtok per
** thread (SQLite gives each connection its own). Memory: the tokenizer
** owns its stemmers and scratch buffers; emitted tokens are borrowed for
** the length of the callback.
*/
#ifndef PX_TEXT_SEARCHTOK_H
#define PX_TEXT_SEARCHTOK_H

#include <stddef.h>
#include "parallax.h"

typedef struct px_searchtok px_searchtok;

/* What the tokens are for. */
enum {
  PX_STOK_DOC = 0,     /* text to index: forms, stems, CJK unigrams+bigrams */
  PX_STOK_QUERY = 1,   /* query text: forms, stems, CJK bigrams (a phrase) */
  PX_STOK_PREFIX = 2,  /* with QUERY: a prefix (word*): forms only */
  PX_STOK_AUX = 4      /* positions only (snippets): first form only */
};

/* Receives one token: its bytes (tok, len; not NUL-terminated), whether
** it shares the previous token's position (colocated), and the byte range
** [start, end) of the text it came from. A non-zero return stops
** tokenizing and is returned by px_searchtok_run. */
typedef int (*px_searchtok_emit)(void *ctx, int colocated, const char *tok,
                                 size_t len, size_t start, size_t end);

/* Caller frees with px_searchtok_free. NULL when out of memory. */
px_searchtok *px_searchtok_new(void);
void px_searchtok_free(px_searchtok *t);

/* The languages stemmed when none is given for a query (so a query word
** too short to tell its language still finds inflected forms): a
** comma-separated list of tags. */
#define PX_SEARCHTOK_QUERY_LANGS "en,de,fr,es,it,pt,nl"

/* Tokenizes text (any bytes; invalid UTF-8 is a separator) for `what`
** (PX_STOK_*), stemming in langs: a tag or comma-separated tags; NULL or
** "" means, for a text, the language px_langid_detect finds in it (English
** when it cannot tell) and, for a query, PX_SEARCHTOK_QUERY_LANGS. A tag
** Snowball has no stemmer for (ja, zh, ...) gives no stems. Returns 0, the
** callback's non-zero value, or -1 when out of memory. */
int px_searchtok_run(px_searchtok *t, const char *text, size_t len,
                     const char *langs, int what, px_searchtok_emit emit,
                     void *ctx);

#endif
