/*
** fts_px.h: the FTS5 tokenizer "px" (text/searchtok.h inside SQLite): the
** search index's stems, folding and CJK bigrams.
**
** FTS5 hands a tokenizer one column's text at a time, with no word of the
** row's other columns; the language travels in band instead. A text that
** starts with PX_FTS_MARK and holds no second one (the index's first
** column, "lang": PX_FTS_MARK followed by the article's language tag) is
** no text: it sets the language for the columns after it in the row and
** gives no tokens. FTS5 tokenizes a row's columns in order whenever it
** indexes or unindexes it, so a row is always read in its own language.
** A query string may start with PX_FTS_MARK, tags, PX_FTS_MARK: its words
** are stemmed in those languages (default: PX_SEARCHTOK_QUERY_LANGS).
**
** Memory: each FTS5 table on each connection gets its own tokenizer
** object (and stemmers), freed by FTS5 with the table's handle.
*/
#ifndef PX_STORE_FTS_PX_H
#define PX_STORE_FTS_PX_H

#include <sqlite3.h>
#include "parallax.h"

#define PX_FTS_MARK "\x01"

/* Registers the tokenizer on a connection (px_store_open does this on
** its own; only a program opening the file with sqlite3_open needs it
** before touching search_fts). PX_EDB when FTS5 is missing. */
px_rc px_store_fts_register(sqlite3 *db, px_err *err);

#endif
