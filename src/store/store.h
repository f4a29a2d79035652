/*
** store.h: the one interface every stage uses to persist and read
** Parallax's data: sources (outlets), articles (raw input kept verbatim,
** clean text as blocks, metadata, content hashes), stories and their
** members, copy relations (passages), and per-story analysis.
**
** The embedded default is SQLite (store_sqlite.c); px_store_open picks
** the backend from the location: a postgresql:// URL opens PostgreSQL
** (store_pg.c, libpq), anything else is a SQLite file. Callers see one
** interface (store.c routes it, store_int.h); what a backend does not do
** yet fails with PX_EDB naming the backend. Writes happen inside
** px_store_begin/commit; a crash mid-batch leaves the last committed state.
** Strings returned in rows are owned by the row and freed with it.
*/
#ifndef PX_STORE_H
#define PX_STORE_H

#include <stdbool.h>
#include <stdint.h>
#include "parallax.h"
#include "extract/doc.h"
#include "util/buf.h"

typedef struct px_store px_store;

/* Opens (creating and migrating as needed) the store at path: a SQLite
** file, or a database named by a postgresql:// (postgres://) URL in
** libpq's form. Caller frees with px_store_close. */
px_rc px_store_open(const char *path, px_store **out, px_err *err);
/* True when where names a PostgreSQL database rather than a file. */
bool px_store_is_url(const char *where);
/* The backend's name: "sqlite" or "postgresql". */
const char *px_store_backend(const px_store *s);
/* For modules a backend does not serve yet: sets and returns PX_EDB,
** "<what> is not supported on the <backend> backend yet". */
px_rc px_store_unsupported(px_store *s, const char *what, px_err *err);
void px_store_close(px_store *s);
/* The schema version this build writes, and the one found on disk. */
int px_store_schema_version(px_store *s);

/* Transactions nest: only the outermost begin/commit reach the database;
** a rollback at any depth rolls the whole transaction back. */
px_rc px_store_begin(px_store *s, px_err *err);
px_rc px_store_commit(px_store *s, px_err *err);
void px_store_rollback(px_store *s);

/* For SQLite-specific modules (the FTS5 search index): the raw handle.
** Borrowed; valid until px_store_close. NULL on another backend. */
struct sqlite3 *px_store_sqlite(px_store *s);
/* The same for PostgreSQL modules (search_pg.c): the libpq connection,
** NULL on another backend. Borrowed; valid until px_store_close. */
struct pg_conn *px_store_pg(px_store *s);
/* The store's generation (schema 4): a random token replaced by every
** committed or pending change to articles, story membership or settings,
** by anyone. Equal tokens mean the same state (but for a 2^-64 chance). */
px_rc px_store_generation(px_store *s, int64_t *g, px_err *err);
/* Where the store lives (its file or URL), as opened. */
const char *px_store_path(const px_store *s);
/* Merges sources the outlet directory knows under another name into the
** directory's name (extract/outlets.h). */
px_rc px_store_sources_canonicalize(px_store *s, px_err *err);

/* ---- sources ----------------------------------------------------------- */
px_rc px_store_source_id(px_store *s, const char *name, int create,
                         int64_t *id, px_err *err);

/* ---- articles ---------------------------------------------------------- */
typedef struct px_article_row {
  int64_t id;
  int64_t source_id;
  char *source;        /* outlet name; "" when unknown */
  char *url;           /* where it came from (path or URL) */
  char *canonical_url;
  char *title, *subtitle, *authors_json, *wire, *dateline;
  char *published;     /* ISO 8601 as extracted, or NULL */
  int64_t published_utc; /* seconds, 0 when unknown */
  char *feed_meta;     /* JSON object from the feed entry (schema 8), or NULL */
  char *lang, *section, *added_at;
  int is_republished;
  int64_t story_id;    /* 0 when in no story */
  int64_t body_len;    /* bytes of clean text */
  char *content_hash;
} px_article_row;

void px_article_row_free(px_article_row *r);

/* The instant a report was published, for ordering (seconds, 0 unknown):
** a time that states no zone is read in the zone of the city the report
** was filed from, when known (analyze/zone.h), else as UTC. */
int64_t px_store_published_utc(const px_doc *d);

typedef struct px_article_put {
  const px_doc *doc;         /* the extracted article */
  const char *source;        /* outlet name to file it under (may be NULL) */
  const void *raw;           /* the input exactly as read */
  size_t raw_len;
  const char *raw_type;      /* "text/plain", "text/html", ... */
  const char *content_hash;  /* of the normalised text; NULL: hash of body */
  /* The outlet to file it under when neither source, the page itself nor
  ** its domain (data/outlets.tsv) names one: a feed's title, which for an
  ** aggregator's feed is not the outlet of the pages it links. */
  const char *source_hint;
  const char *feed_meta;     /* JSON object kept as given (schema 8), or NULL */
} px_article_put;

/* Stores an article. When the same raw bytes are already stored it does
** nothing and reports PX_EEXISTS with *id set to the stored article; when
** the same url is stored with other bytes, that article is updated in
** place (same id). */
px_rc px_store_article_put(px_store *s, const px_article_put *a, int64_t *id,
                           px_err *err);
px_rc px_store_article_get(px_store *s, int64_t id, px_article_row **out,
                           px_err *err);
/* Rebuilds the extracted px_doc. Caller frees with px_doc_free. */
px_rc px_store_article_doc(px_store *s, int64_t id, px_doc **out, px_err *err);
/* The raw input. Caller frees *raw with free(). */
px_rc px_store_article_raw(px_store *s, int64_t id, char **raw, size_t *len,
                           px_err *err);
/* Calls fn for each article in id order (source_id 0: all). fn returns
** nonzero to stop. Rows are freed after fn returns. */
typedef int (*px_article_fn)(const px_article_row *r, void *ud);
px_rc px_store_article_each(px_store *s, int64_t source_id, px_article_fn fn,
                            void *ud, px_err *err);
px_rc px_store_article_find_hash(px_store *s, const char *content_hash,
                                 int64_t *id, px_err *err);
/* Records another URL (and outlet) the same text was seen under. */
px_rc px_store_article_add_url(px_store *s, int64_t id, const char *url,
                               const char *source, px_err *err);
/* Calls fn with every URL an article's text was seen under (its own first). */
typedef int (*px_url_fn)(const char *url, const char *source, void *ud);
px_rc px_store_article_urls(px_store *s, int64_t id, px_url_fn fn, void *ud,
                            px_err *err);
/* Deletes an article and everything derived from it (story membership,
** passages, analysis of its story is marked stale). Outside a
** transaction it also empties the WAL (px_store_scrub), so no copy of the
** text is left in any file when it returns. On PostgreSQL the deleted
** rows stay in the server's files until VACUUM reuses their space
** (px_store_scrub with vacuum runs VACUUM FULL). */
px_rc px_store_article_delete(px_store *s, int64_t id, px_err *err);
/* Deletes the articles ids[0..n) as px_store_article_delete does, in one
** transaction, ids that are gone already skipped; *deleted (may be NULL)
** receives how many were. Does not scrub: call px_store_scrub after. */
px_rc px_store_articles_delete(px_store *s, const int64_t *ids, size_t n,
                               size_t *deleted, px_err *err);
/* Leaves nothing of deleted rows in the store's files: with vacuum, the
** file is rewritten from its live rows first (slow: the whole store);
** then the WAL is checkpointed and truncated, waiting for readers up to
** the busy timeout. PX_EDB when a reader kept the WAL (the deletion
** itself stands). Not inside a transaction. */
px_rc px_store_scrub(px_store *s, bool vacuum, px_err *err);
/* Deletes a source and all its articles; *count receives how many. Empties
** the WAL as px_store_article_delete does. */
px_rc px_store_source_delete(px_store *s, const char *name, int64_t *count,
                             px_err *err);

/* ---- stories ----------------------------------------------------------- */
typedef struct px_story_row {
  int64_t id;
  char *title;
  char *topic;
  int64_t narticles, nsources;
  char *first_published, *last_published;  /* the first and last report's
                                  own text, chosen by instant (schema 9) */
  int64_t first_utc, last_utc;  /* their instants; 0 when unknown */
  char *updated_at;
} px_story_row;
void px_story_row_free(px_story_row *r);

px_rc px_store_story_create(px_store *s, const char *title, int64_t *id,
                            px_err *err);
/* Sets (or moves) an article's story. */
px_rc px_store_story_add(px_store *s, int64_t story_id, int64_t article_id,
                         double score, px_err *err);
/* Moves every article of `from` into `into` and deletes `from`. */
px_rc px_store_story_merge(px_store *s, int64_t into, int64_t from,
                           px_err *err);
/* The story an old story id lives on in: id itself while it exists, else
** the story its articles were merged into (following later merges).
** PX_ENOTFOUND when it never existed or its articles are gone. */
px_rc px_store_story_resolve(px_store *s, int64_t id, int64_t *live, px_err *err);
px_rc px_store_story_get(px_store *s, int64_t id, px_story_row **out,
                         px_err *err);
typedef int (*px_story_fn)(const px_story_row *r, void *ud);
/* The order stories are listed in (front page, `parallax stories`): the
** store's px_rank SQL function (coverage halved per day of age against the
** newest report), the newest first among equals; `s` is the stories table. */
#define PX_STORY_ORDER_SQL                                                     \
  " ORDER BY px_rank(s.n_outlets, s.n_articles, s.last_utc,"                  \
  " (SELECT max(last_utc) FROM stories)) DESC, s.last_utc DESC, s.id DESC"
/* Every story, in PX_STORY_ORDER_SQL order. */
px_rc px_store_story_each(px_store *s, px_story_fn fn, void *ud, px_err *err);
/* Article ids of a story, oldest publish time first (unknown last). Caller
** frees *ids with free(). */
px_rc px_store_story_articles(px_store *s, int64_t story_id, int64_t **ids,
                              size_t *n, px_err *err);
/* Related stories (schema 6). _set replaces the story's own list (and
** records each pair the other way too); _get lists both directions, most
** similar first, at most max, with each story's figures. Free the rows
** with px_story_row_free; scores go to scores[i] when given. */
#define PX_STORY_RELATED_MAX 5   /* related stories kept and shown per story */
px_rc px_store_story_related_set(px_store *s, int64_t story_id, const int64_t *ids,
                                 const double *scores, size_t n, px_err *err);
px_rc px_store_story_related_get(px_store *s, int64_t story_id, size_t max,
                                 px_story_row ***rows, double **scores, size_t *n,
                                 px_err *err);
/* Analysis results (JSON text) cached per story; NULL when stale. */
px_rc px_store_story_set_analysis(px_store *s, int64_t story_id,
                                  const char *title, const char *topic,
                                  const char *json, px_err *err);
px_rc px_store_story_analysis(px_store *s, int64_t story_id, char **json,
                              px_err *err);
/* Stories whose analysis is stale (NULL). Caller frees *ids with free(). */
px_rc px_store_story_stale(px_store *s, int64_t **ids, size_t *n, px_err *err);
/* Removes stories left with no articles. */
px_rc px_store_story_prune(px_store *s, px_err *err);

/* ---- copies ------------------------------------------------------------ */
/* Copy relations for an article as JSON text (array), stored by the dedup
** step; NULL when none. */
px_rc px_store_copies_set(px_store *s, int64_t article_id, const char *json,
                          px_err *err);
px_rc px_store_copies_get(px_store *s, int64_t article_id, char **json,
                          px_err *err);

/* ---- settings and takedown keys --------------------------------------- */
/* One row of the settings table (schema 3): *value NULL when unset;
** caller frees it with free(). _set with value NULL deletes the row.
** Callers go through store/settings.h, which checks keys and values. */
px_rc px_store_setting_get(px_store *s, const char *key, char **value, px_err *err);
px_rc px_store_setting_set(px_store *s, const char *key, const char *value,
                           px_err *err);
/* Whether takedown_keys (schema 7) holds the URL key hash, the outlet
** name key, or the host or a parent domain of it; NULL keys match
** nothing. Callers go through store/takedown.h. */
px_rc px_store_takedown_match(px_store *s, const char *url_hash, const char *name_key,
                              const char *host_key, int *found, px_err *err);

#endif
