/*
** store_int.h: what the store's backends share, for src/store/ only.
**
** px_store (store.h) is a table of operations plus the state every
** backend keeps the same way (where it lives, transaction depth). A
** backend embeds struct px_store as the first member of its own struct
** and fills a px_store_ops; store.c routes every store.h call through it.
** Each backend is one file (store_sqlite.c, store_pg.c). Operations a
** backend does not have are NULL: store.c then fails with PX_EDB naming
** the backend, never calls through a NULL pointer.
*/
#ifndef PX_STORE_INT_H
#define PX_STORE_INT_H

#include "store/store.h"
#include "util/buf.h"

typedef struct px_store_ops {
  const char *name;  /* "sqlite", "postgresql": named in errors */
  void (*close)(px_store *s);
  struct sqlite3 *(*sqlite)(px_store *s);
  struct pg_conn *(*pg)(px_store *s);
  px_rc (*generation)(px_store *s, int64_t *g, px_err *err);
  px_rc (*begin)(px_store *s, px_err *err);
  px_rc (*commit)(px_store *s, px_err *err);
  void (*rollback)(px_store *s);
  px_rc (*sources_canonicalize)(px_store *s, px_err *err);
  px_rc (*source_id)(px_store *s, const char *name, int create, int64_t *id,
                     px_err *err);
  px_rc (*article_put)(px_store *s, const px_article_put *a, int64_t *id,
                       px_err *err);
  px_rc (*article_get)(px_store *s, int64_t id, px_article_row **out, px_err *err);
  px_rc (*article_doc)(px_store *s, int64_t id, px_doc **out, px_err *err);
  px_rc (*article_raw)(px_store *s, int64_t id, char **raw, size_t *len,
                       px_err *err);
  px_rc (*article_each)(px_store *s, int64_t source_id, px_article_fn fn,
                        void *ud, px_err *err);
  px_rc (*article_find_hash)(px_store *s, const char *content_hash, int64_t *id,
                             px_err *err);
  px_rc (*article_add_url)(px_store *s, int64_t id, const char *url,
                           const char *source, px_err *err);
  px_rc (*article_urls)(px_store *s, int64_t id, px_url_fn fn, void *ud,
                        px_err *err);
  px_rc (*article_delete)(px_store *s, int64_t id, px_err *err);
  px_rc (*articles_delete)(px_store *s, const int64_t *ids, size_t n,
                           size_t *deleted, px_err *err);
  px_rc (*scrub)(px_store *s, bool vacuum, px_err *err);
  px_rc (*source_delete)(px_store *s, const char *name, int64_t *count,
                         px_err *err);
  px_rc (*story_create)(px_store *s, const char *title, int64_t *id, px_err *err);
  px_rc (*story_add)(px_store *s, int64_t story_id, int64_t article_id,
                     double score, px_err *err);
  px_rc (*story_merge)(px_store *s, int64_t into, int64_t from, px_err *err);
  px_rc (*story_resolve)(px_store *s, int64_t id, int64_t *live, px_err *err);
  px_rc (*story_get)(px_store *s, int64_t id, px_story_row **out, px_err *err);
  px_rc (*story_each)(px_store *s, px_story_fn fn, void *ud, px_err *err);
  px_rc (*story_articles)(px_store *s, int64_t story_id, int64_t **ids,
                          size_t *n, px_err *err);
  px_rc (*story_related_set)(px_store *s, int64_t story_id, const int64_t *ids,
                             const double *scores, size_t n, px_err *err);
  px_rc (*story_related_get)(px_store *s, int64_t story_id, size_t max,
                             px_story_row ***rows, double **scores, size_t *n,
                             px_err *err);
  px_rc (*story_set_analysis)(px_store *s, int64_t story_id, const char *title,
                              const char *topic, const char *json, px_err *err);
  px_rc (*story_analysis)(px_store *s, int64_t story_id, char **json, px_err *err);
  px_rc (*story_stale)(px_store *s, int64_t **ids, size_t *n, px_err *err);
  px_rc (*story_prune)(px_store *s, px_err *err);
  px_rc (*copies_set)(px_store *s, int64_t article_id, const char *json,
                      px_err *err);
  px_rc (*copies_get)(px_store *s, int64_t article_id, char **json, px_err *err);
  px_rc (*setting_get)(px_store *s, const char *key, char **value, px_err *err);
  px_rc (*setting_set)(px_store *s, const char *key, const char *value,
                       px_err *err);
  px_rc (*takedown_match)(px_store *s, const char *url_hash, const char *name_key,
                          const char *host_key, int *found, px_err *err);
} px_store_ops;

struct px_store {
  const px_store_ops *ops;
  char *path;     /* as opened: a file, or a postgresql:// URL */
  int depth;      /* transaction nesting */
  int failed;     /* a nested rollback happened: the outer commit must fail */
};

/* The backends' openers. path is as given to px_store_open. */
px_rc px_store_sqlite_open(const char *path, px_store **out, px_err *err);
px_rc px_store_pg_open(const char *url, px_store **out, px_err *err);

/* Shared by the backends: a doc's blocks ([{kind,text}]) and authors as
** JSON text (NULL when out of memory; caller frees with free()), and the
** doc rebuilt from its stored columns: url, canonical_url, title,
** subtitle, source name, authors JSON, wire, dateline, published, updated,
** lang, image, section, is_republished ("0"/"1" or NULL), blocks JSON.
** Caller frees *out with px_doc_free. */
char *px_store_blocks_json(const px_doc *d);
char *px_store_authors_json(const px_doc *d);
px_rc px_store_doc_build(const char *const col[15], int64_t id, px_doc **out,
                         px_err *err);

/* What px_store_article_put stores, worked out the same way on every
** backend: URLs in their one normal form (ingest/url.h), the clean body
** (blocks but captions, blank-line separated) and its hash unless given,
** blocks and authors as JSON, and the outlet to file under (the put's,
** the page's, its domain's in data/outlets.tsv, else the hint; NULL or ""
** when none). Reset with px_store_put_prep_reset, also after a failure. */
typedef struct px_put_prep {
  px_buf url, canon, body;
  const char *nurl, *ncanon;  /* NULL when the doc has none */
  const char *hash;           /* content hash */
  char body_hash[33];
  char *bj, *aj;
  const char *source;
} px_put_prep;
px_rc px_store_put_prep(const px_article_put *a, px_put_prep *p, px_err *err);
void px_store_put_prep_reset(px_put_prep *p);

#endif
