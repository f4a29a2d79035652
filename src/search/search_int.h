/*
** search_int.h: what search.c and search_pg.c share, for src/search/ only:
** the user's query parsed into terms (the syntax in search.h), which each
** backend turns into its own query language, and PostgreSQL's entry
** points, which search.c calls for a store on that backend.
*/
#ifndef PX_SEARCH_INT_H
#define PX_SEARCH_INT_H

#include <stdbool.h>
#include "search/search.h"

typedef struct px_search_term {
  const char *p;    /* the word or phrase, in the query's bytes */
  size_t len;
  bool prefix, neg, or_before;
} px_search_term;

#define PX_SEARCH_MAX_TERMS 64

/* Parses and checks a user query (lengths, UTF-8, prefix bounds, at least
** one positive term) into terms[0..*nterms), which point into q. Errors
** as px_search_translate's. */
px_rc px_search_terms(const char *q, size_t len, px_search_term *terms, size_t *nterms,
                      px_err *err);

/* The PostgreSQL side (search_pg.c): same contracts as search.h's. */
px_rc px_search_pg_init(px_store *st, px_err *err);
px_rc px_search_pg_reindex(px_store *st, size_t *count, px_err *err);
px_rc px_search_pg_index_article(px_store *st, int64_t article_id, px_err *err);
px_rc px_search_pg_remove(px_store *st, int64_t article_id, px_err *err);
px_rc px_search_pg_run(px_store *st, const px_search_query *q, px_search_result **out,
                       px_err *err);

#endif
