/*
** search.h: full-text search over stored articles (SQLite FTS5, BM25).
**
** The index is one FTS5 table (search_fts) in the store's own SQLite file,
** keyed by article id; it holds only the searchable text (title, subtitle,
** body, outlet). Everything that can change after indexing (story
** membership, dates, language) is joined from the store's tables at query
** time, so moving an article between stories never needs a reindex.
**
** User queries are never handed to FTS5 as they are: px_search_translate
** turns the small user syntax below into an FTS5 expression in which every
** word is a quoted string, so no input can cause an FTS5 syntax error.
**
**   blinken beijing        both words (AND is implied)
**   "strategic ambiguity"  a phrase
**   taiwan OR xi           either
**   xi -reuters, xi NOT reuters   exclude
**   beij*                  prefix
**   AND is accepted and ignored; parentheses are treated as spaces.
**
** Words match across inflection, accents and transliteration (issue 17):
** the index keeps each word's folded form, spelled-out form and stem in
** the article's language (text/searchtok.h), and a query word is
** tokenized the same way in the query's language: the lang filter's, or
** the one px_langid_detect reads in the query, or when the query is too
** short to tell, the stems of every language in PX_SEARCHTOK_QUERY_LANGS.
** So "talk" finds "talks", "Soldat" "Soldaten", "Praesident" "Präsident"
** and "pekin" "Pékin"; a prefix (word*) is matched on the folded forms
** only. Chinese and Japanese are indexed as character bigrams, so any
** word of theirs is found.
**
** Memory: results are owned by px_search_result (free with
** px_search_result_free); nothing points into the store or the query.
*/
#ifndef PX_SEARCH_H
#define PX_SEARCH_H

#include <stddef.h>
#include <stdint.h>
#include "parallax.h"
#include "store/store.h"
#include "util/buf.h"

/* Highlight markers around matched words in snippets. Renderers escape
** the snippet first and then replace these (they cannot come from HTML
** escaping). Stray copies in hostile text only produce a stray <mark>. */
#define PX_SEARCH_MARK_OPEN "\x02"
#define PX_SEARCH_MARK_CLOSE "\x03"

/* Longest user query accepted (bytes). */
#define PX_SEARCH_MAX_QUERY 1024

/* Creates the index and the triggers that keep it in step with the
** articles table (insert, update, delete, cascades), and indexes what is
** already stored the first time. Idempotent and cheap afterwards: call it
** once after px_store_open in any command that adds or reads articles;
** after that no caller needs to index anything by hand. */
px_rc px_search_init(px_store *st, px_err *err);

/* (Re)indexes one stored article from the store's articles table (title,
** subtitle, clean body, outlet), replacing any older entry for the id.
** Only needed to repair an index (the triggers do it normally).
** PX_ENOTFOUND when no such article. Runs inside the caller's
** transaction if one is open. */
px_rc px_search_index_article(px_store *st, int64_t article_id, px_err *err);
/* Removes an article from the index (no error when it was not there). */
px_rc px_search_remove(px_store *st, int64_t article_id, px_err *err);
/* Rebuilds the whole index from the articles table; *count (may be NULL)
** receives the number indexed. */
px_rc px_search_reindex(px_store *st, size_t *count, px_err *err);

/* Translates a user query into an FTS5 expression in out (appended).
** PX_EEMPTY when nothing searchable is left (e.g. only punctuation or only
** excluded words), PX_EUTF8 for invalid UTF-8, PX_ETOOBIG past
** PX_SEARCH_MAX_QUERY; err says why in words a user understands. */
px_rc px_search_translate(const char *q, size_t len, px_buf *out, px_err *err);
/* The same, with every word to be stemmed in langs (tags such as "de" or
** "en,de"; NULL: the tokenizer's default list). PX_EINVAL when langs holds
** anything but letters, ',' and '-'. */
px_rc px_search_translate_lang(const char *q, size_t len, const char *langs,
                               px_buf *out, px_err *err);

typedef struct px_search_query {
  const char *q;        /* user query (see above); not NUL-terminated */
  size_t qlen;
  const char *source;   /* outlet name (case-insensitive) or NULL */
  const char *lang;     /* language prefix ("en" matches "en-GB") or NULL;
                           also the language the query is stemmed in */
  int64_t from_utc;     /* published at or after; 0: open */
  int64_t to_utc;       /* published at or before; 0: open */
  int64_t story_id;     /* only this story; 0: any */
  size_t offset;        /* groups (stories) to skip */
  size_t limit;         /* groups per page; 0 means 20; capped at 100 */
} px_search_query;

typedef struct px_search_hit {
  int64_t article_id;
  int64_t story_id;     /* 0 when in no story */
  double score;         /* BM25 as SQLite reports it: lower is better */
  char *title, *source, *url, *published, *lang;
  char *snippet;        /* text with PX_SEARCH_MARK_* around matches */
} px_search_hit;

/* Hits of one story (or one article in no story), best group first. */
typedef struct px_search_group {
  int64_t story_id;     /* 0: a lone article */
  char *story_title;    /* NULL for a lone article */
  size_t first, count;  /* the group's hits: hits[first .. first+count) */
} px_search_group;

typedef struct px_search_result {
  px_search_hit *hits;
  size_t nhits;
  px_search_group *groups;   /* this page's groups */
  size_t ngroups;
  size_t total_groups;       /* groups matching in all (for pagination) */
  size_t total_hits;         /* articles matching in all (capped) */
  char *fts;                 /* the FTS5 expression that ran */
} px_search_result;

/* Runs a query. Errors in the user's query come back as PX_EEMPTY /
** PX_EINVAL / PX_EUTF8 / PX_ETOOBIG with a readable message; store
** failures as PX_EDB. Caller frees *out with px_search_result_free. */
px_rc px_search_run(px_store *st, const px_search_query *q,
                    px_search_result **out, px_err *err);
void px_search_result_free(px_search_result *r);

/* Most hits a query looks at before grouping (bounds work per request). */
#define PX_SEARCH_MAX_HITS 2000

#endif
