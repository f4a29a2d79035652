/*
** app.h: what the serve module's files share: the per-request context,
** the store pool and the handlers the router calls. Internal to
** src/serve/.
**
** Memory: each request has an arena (ctx->arena) for everything it
** allocates while parsing and rendering; the response body is a px_buf
** handed to the server. Rows from the store are freed by the handler that
** fetched them.
*/
#ifndef PX_SERVE_APP_H
#define PX_SERVE_APP_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "serve/serve.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/err.h"

typedef struct px_kv {
  const char *key, *val;   /* decoded, NUL-terminated, in the arena */
} px_kv;

#define PX_MAX_SEGS 8
#define PX_MAX_PARAMS 32

typedef struct px_ctx {
  px_app *app;
  const px_http_req *req;
  px_http_resp *resp;
  px_arena *arena;
  px_store *st;
  const char *seg[PX_MAX_SEGS];   /* decoded path segments */
  size_t nseg;
  px_kv params[PX_MAX_PARAMS];
  size_t nparams;
  bool head;                      /* HEAD: GET without a body */
} px_ctx;

/* Rendered analysis sections of recent stories: parsing a story's
** analysis JSON (often hundreds of KB) is nearly all of a story page's
** cost. Keyed by a hash of the analysis text and the outlet labels, so a
** changed analysis (new article, takedown) never hits a stale entry. */
#define PX_FRAG_SLOTS 64
typedef struct px_frag {
  int64_t story;
  uint64_t key;
  char *html;
  size_t len;
  uint64_t used;
} px_frag;

struct px_app {
  px_serve_opts o;
  char *db_path, *base_url;
  pthread_mutex_t lock;           /* guards the pool */
  px_store **pool;
  size_t npool, cappool;
  pthread_mutex_t write_lock;     /* one writer at a time; guards pipe */
  px_store *pipe_st;              /* the ingest pipeline's own connection */
  struct px_pipeline *pipe;       /* built on the first add, kept: it
                                     rebuilds itself when others write */
  pthread_mutex_t frag_lock;      /* guards frags */
  px_frag frags[PX_FRAG_SLOTS];
  uint64_t tick;
};

/* A copy of the cached fragment (caller frees) or NULL. */
char *px_frag_get(px_app *a, int64_t story, uint64_t key, size_t *len);
void px_frag_put(px_app *a, int64_t story, uint64_t key, const char *html,
                 size_t len);

/* Splits a raw target into decoded segments and query parameters.
** PX_EINVAL (with a reason) for bad escapes, NUL bytes, invalid UTF-8,
** too many segments or parameters. Used by the router and the fuzzer. */
px_rc px_target_parse(const char *target, size_t len, px_arena *a,
                      px_ctx *ctx, px_err *err);
const char *px_param(const px_ctx *c, const char *key);
/* A positive decimal id, else 0. */
int64_t px_parse_id(const char *s);
/* offset/limit from the query (limit default 20, at most 100). */
void px_page_params(const px_ctx *c, size_t *offset, size_t *limit);

/* Stories ranked like px_store_story_each, one page of them (lists.c);
** *total (may be NULL) receives how many stories there are. */
px_rc px_story_list(px_store *st, size_t offset, size_t limit, px_story_fn fn,
                    void *ud, size_t *total, px_err *err);

/* Store pool (one connection per concurrent request). */
px_store *px_app_store_get(px_app *a, px_err *err);
void px_app_store_put(px_app *a, px_store *st);

/* Responses. */
void px_resp_html_error(px_ctx *c, int status, const char *msg);
void px_resp_json_error(px_ctx *c, int status, const char *msg);
/* "404 Not Found: msg" as text/plain (the Atom feeds' errors). */
void px_resp_text_error(px_ctx *c, int status, const char *msg);
int px_status_for(px_rc rc);

/* Pages (pages.c). */
void px_page_front(px_ctx *c);
void px_page_story(px_ctx *c, int64_t id);
void px_page_article(px_ctx *c, int64_t id);
void px_page_search(px_ctx *c);
void px_page_outlet(px_ctx *c, const char *name);

/* JSON API (api.c). */
void px_api_stories(px_ctx *c);
void px_api_story(px_ctx *c, int64_t id);
void px_api_article(px_ctx *c, int64_t id);
void px_api_search(px_ctx *c);
void px_api_outlet(px_ctx *c, const char *name);
void px_api_add(px_ctx *c);
void px_api_delete_article(px_ctx *c, int64_t id);
void px_api_takedown(px_ctx *c);
void px_api_alerts(px_ctx *c);
void px_api_alert_add(px_ctx *c);
void px_api_alert_delete(px_ctx *c, int64_t id);

/* Atom feeds (atom.c). */
void px_feed_front(px_ctx *c);
void px_feed_story(px_ctx *c, int64_t id);
void px_feed_search(px_ctx *c);

/* Search parameters from the query string (q, source, lang, from, to,
** story, offset/page, limit) into q; PX_EINVAL with a reason. */
struct px_search_query;
px_rc px_search_params(const px_ctx *c, struct px_search_query *q,
                       px_err *err);

#endif
